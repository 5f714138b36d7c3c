"""Clé de correction de l'exercice 04 — Quand la relation client est rejetée.

Notebook : ``solutions/04_rejet.ipynb`` (corrigé) → ``exercises/04_rejet.ipynb``.
Les valeurs attendues sont recalculées à partir des jeux de données du cours (marque
fictive Verveine & Co, ``datasets/``) et des modèles de ``relation_client.simulations``
(ceux qu'utilisent les simulateurs) ; la réponse de la question à choix est une empreinte.
Les calculs sur les jeux de données sont refaits ici avec pandas, indépendamment des
regroupements que le notebook appelle (``relation_client.regroupements``).

Deux parcours : les questions 4.1 à 4.11 forment le parcours essentiel (sans programmation :
une opération ou une fonction du cours sur des valeurs déjà préparées, un chiffre lu sur un
simulateur, un choix, deux réponses rédigées) ; 4.12 et 4.13, « Pour aller plus loin », se font
avec pandas (facultatif : BTS, IUT, école de commerce).
"""

from __future__ import annotations

import functools

import numpy as np

from relation_client.cles import (
    Question,
    erreur_choix,
    erreur_facteur,
    erreur_inverse,
    erreur_pourcentage,
    erreur_valeur,
)
from relation_client.donnees import charger
from relation_client.indicateurs import (
    taux_clics,
    taux_clics_ouverture,
    taux_desabonnement,
    taux_ouverture,
)
from relation_client.simulations import diffusion_bad_buzz, effet_bloqueurs, pression_email

TITRE = "Quand la relation client est rejetée"

# Site d'information de la question 4.2 : affichages prévus par mois, part d'internautes équipés
# d'un bloqueur, CPM (euros pour mille affichages).
SITE = dict(impressions_prevues=3_500_000, taux_bloqueurs=0.28, cpm=2.40)

# Lettre d'information de la fromagerie (questions 4.3 à 4.5).
LETTRE = dict(envoyes=12_000, rebonds=600, ouvertures=2_793, clics=319, desabonnements=47)

TYPE_QUESTION = "promotion"  # question 4.6

# Simulateur de pression e-mail (question 4.8) : réglages de départ du widget, puis ceux de l'énoncé.
PRESSION_DEPART = dict(taille_base=10_000, envois_par_mois=4, taux_ouverture=0.25, taux_clics=0.03,
                       taux_desabonnement_base=0.002, sensibilite_pression=0.3)
PRESSION = dict(PRESSION_DEPART, taille_base=20_000, envois_par_mois=8)

# Simulateur de bad buzz (question 4.9) : réglages de l'énoncé et réglages de départ du widget.
BUZZ = dict(messages_initiaux=100, taux_partage=0.015, audience_moyenne=400, jours=21,
            efficacite_reponse=0.7, graine=2018)
BUZZ_DEPART = dict(messages_initiaux=200, taux_partage=0.02, audience_moyenne=300, jours=14,
                   efficacite_reponse=0.7, graine=2018)

SEUIL_PRESSION = 5  # campagnes dans le mois à partir desquelles le mois est « chargé »
MOIS_CALMES = "4 campagnes ou moins"
MOIS_CHARGES = "5 campagnes ou plus"


# --- calculs partagés (mis en cache) ----------------------------------------------------

def _delivres():
    return LETTRE["envoyes"] - LETTRE["rebonds"]


def _perte_annuelle(**modifs):
    return 12 * effet_bloqueurs(**dict(SITE, **modifs))["revenu_perdu"]


@functools.cache
def _emails():
    return charger("campagnes_email")


@functools.cache
def _par_type():
    return _emails().groupby("type_campagne", observed=True)[
        ["envoyes", "delivres", "ouvertures", "desabonnements"]].sum()


def _type(colonne):
    return float(_par_type().loc[TYPE_QUESTION, colonne])


def _desabonnement_par_type():
    g = _par_type()
    return taux_desabonnement(g["desabonnements"], g["delivres"]).rename("taux_desabonnement")


def _moyenne_des_taux_par_type():
    e = _emails()
    return (e["desabonnements"] / e["delivres"]).groupby(e["type_campagne"], observed=True).mean()


@functools.cache
def _par_mois():
    e = _emails()
    return e.groupby(e["date_envoi"].dt.to_period("M")).agg(
        campagnes=("campagne_id", "size"), desabonnements=("desabonnements", "sum"),
        delivres=("delivres", "sum"), envoyes=("envoyes", "sum"))


def _niveaux(seuil=SEUIL_PRESSION):
    return np.where(_par_mois()["campagnes"] >= seuil, MOIS_CHARGES, MOIS_CALMES)


@functools.cache
def _par_pression(seuil=SEUIL_PRESSION, denominateur="delivres"):
    g = _par_mois().groupby(_niveaux(seuil))[["desabonnements", denominateur]].sum()
    return taux_desabonnement(g["desabonnements"], g[denominateur])


def _moyenne_des_taux_mensuels():
    m = _par_mois()
    return (m["desabonnements"] / m["delivres"]).groupby(_niveaux()).mean()


def _hausse_pression():
    t = _par_pression()
    return float(t[MOIS_CHARGES] / t[MOIS_CALMES] - 1)


def _abonnes_restants(reglages):
    return float(pression_email(**reglages)["abonnes_fin"].iloc[-1])


def _messages(jour_reponse, reglages=None):
    table = diffusion_bad_buzz(**(reglages or BUZZ), jour_reponse=jour_reponse)
    return float(table["cumul_messages"].iloc[-1])


# --- les questions -------------------------------------------------------------------------

QUESTIONS = [
    # ---------------------------------------------------------------- parcours essentiel
    Question(
        "4.1", points=1, genre="choix", choix=["A", "B", "C"], titre="Quelle forme de rejet ?",
        empreinte="0c507ad01278ef000c8c8d2d767352e6c3226f77ff3f016338a78b9dcc1d29a0",
        explication=("Marc ne se plaint ni de ce que le programme lui rapporte, ni de l'usage de ses "
                     "données : il se sent poussé à consommer et moins libre de choisir. C'est le rejet "
                     "psychologique décrit par le manuel STMG."),
        erreurs=[
            erreur_choix("A", "Le manque d'équité, c'est un gain jugé trop faible pour ce que l'on donne. "
                              "Marc se plaint-il de ce que le programme lui rapporte ? Relisez ce qui le "
                              "gêne vraiment."),
            erreur_choix("C", "La crainte de l'intrusion porte sur les données personnelles et le respect "
                              "de la loi. Est-il question de ses données dans la situation ? Relisez ce qui "
                              "le gêne vraiment."),
        ]),
    Question(
        "4.2", points=2, unite="€", titre="Bloqueurs de publicité : le revenu perdu par un éditeur",
        attendu=_perte_annuelle,
        explication=("Chaque affichage bloqué est un affichage non payé : la perte est proportionnelle à "
                     "la part d'internautes équipés. Le CPM est un prix pour mille affichages."),
        erreurs=[
            erreur_valeur(lambda: _perte_annuelle() / 12,
                          "C'est la perte d'un seul mois : la question porte sur une année."),
            erreur_valeur(lambda: 12 * effet_bloqueurs(**SITE)["revenu_reel"],
                          "Vous avez calculé ce que l'éditeur gagne encore (les affichages vus). La "
                          "question demande ce qu'il perd à cause des bloqueurs."),
            erreur_facteur(1_000, "Le CPM est le prix de mille affichages : divisez le nombre "
                                  "d'affichages par 1 000 avant de multiplier par le CPM."),
            erreur_facteur(100, "Votre réponse est 100 fois trop grande : 28 % s'écrit 0.28 dans un calcul."),
            erreur_valeur(lambda: 12 * effet_bloqueurs(**SITE)["impressions_perdues"],
                          "Vous avez compté des affichages perdus. La question demande un revenu, en "
                          "euros : appliquez le CPM."),
        ]),
    Question(
        "4.3", points=1, unite="taux", titre="Taux de désabonnement d'une lettre d'information",
        attendu=lambda: taux_desabonnement(LETTRE["desabonnements"], _delivres()),
        explication=("Le taux de désabonnement se rapporte aux e-mails délivrés : les rebonds ne sont "
                     "jamais arrivés, leurs destinataires ne pouvaient pas se désabonner."),
        erreurs=[
            erreur_valeur(lambda: LETTRE["desabonnements"] / LETTRE["envoyes"],
                          "Vous avez divisé par les e-mails envoyés. Retirez d'abord les rebonds : le taux "
                          "se rapporte aux e-mails délivrés."),
            erreur_valeur(lambda: LETTRE["desabonnements"] / LETTRE["ouvertures"],
                          "Vous avez divisé par les ouvertures. Le taux de désabonnement se rapporte à "
                          "tous les e-mails délivrés, ouverts ou non."),
            erreur_pourcentage(),
            erreur_inverse("Vous avez divisé les e-mails par les désabonnements : c'est l'inverse."),
        ]),
    Question(
        "4.4", points=1, unite="taux", titre="Taux d'ouverture de la lettre",
        attendu=lambda: taux_ouverture(LETTRE["ouvertures"], _delivres()),
        explication=("Le taux d'ouverture se rapporte, lui aussi, aux e-mails délivrés : un e-mail qui "
                     "n'est jamais arrivé ne pouvait pas être ouvert."),
        erreurs=[
            erreur_valeur(lambda: LETTRE["ouvertures"] / LETTRE["envoyes"],
                          "Votre taux d'ouverture est rapporté aux e-mails envoyés : retirez les rebonds, "
                          "il se calcule sur les e-mails délivrés."),
            erreur_pourcentage(),
            erreur_inverse("Vous avez divisé les e-mails délivrés par les ouvertures : c'est l'inverse."),
        ]),
    Question(
        "4.5", points=1, unite="taux", titre="Taux de clics de la lettre",
        attendu=lambda: taux_clics(LETTRE["clics"], _delivres()),
        explication=("Le taux de clics se rapporte aux e-mails délivrés. Le rapport clics ÷ ouvertures est "
                     "un autre indicateur (le taux de clics sur ouvertures), qui juge le contenu de "
                     "l'e-mail une fois ouvert."),
        erreurs=[
            erreur_valeur(lambda: taux_clics_ouverture(LETTRE["clics"], LETTRE["ouvertures"]),
                          "Votre taux de clics est rapporté aux ouvertures (c'est le taux de clics sur "
                          "ouvertures). Le taux de clics demandé se rapporte aux e-mails délivrés."),
            erreur_valeur(lambda: LETTRE["clics"] / LETTRE["envoyes"],
                          "Votre taux de clics est rapporté aux e-mails envoyés : retirez les rebonds, "
                          "il se calcule sur les e-mails délivrés."),
            erreur_pourcentage(),
            erreur_inverse("Vous avez divisé les e-mails délivrés par les clics : c'est l'inverse."),
        ]),
    Question(
        "4.6", points=1, unite="taux", titre="Taux de désabonnement des promotions de Verveine & Co",
        attendu=lambda: taux_desabonnement(_type("desabonnements"), _type("delivres")),
        explication=("On additionne les désabonnements et les e-mails délivrés de toutes les promotions, "
                     "puis on divise : une grosse campagne pèse plus qu'une petite. Comparez avec le "
                     "taux de toutes les campagnes : les promotions font-elles fuir plus d'abonnés ?"),
        erreurs=[
            erreur_valeur(lambda: _type("desabonnements") / _type("envoyes"),
                          "Vous avez divisé par les e-mails envoyés : le taux de désabonnement se rapporte "
                          "aux e-mails délivrés."),
            erreur_valeur(lambda: _type("desabonnements") / _type("ouvertures"),
                          "Vous avez divisé par les ouvertures : le taux de désabonnement se rapporte à tous "
                          "les e-mails délivrés, ouverts ou non."),
            erreur_valeur(lambda: taux_desabonnement(_emails()["desabonnements"].sum(),
                                                     _emails()["delivres"].sum()),
                          "C'est le taux de toutes les campagnes. La question porte sur les promotions "
                          "seulement."),
            erreur_pourcentage(),
            erreur_inverse("Vous avez divisé les e-mails délivrés par les désabonnements : c'est l'inverse."),
        ]),
    Question(
        "4.7", points=2, unite="taux", titre="Lire un graphique : la pression des mois chargés",
        attendu=_hausse_pression, tolerance_rel=0.03,
        explication=("Les mois où la marque envoie beaucoup de campagnes, chaque e-mail fait partir plus "
                     "d'abonnés : la pression semble avoir un coût, qui s'ajoute d'un envoi à l'autre. Ce "
                     "rapprochement ne prouve pas à lui seul la cause : d'autres différences entre ces "
                     "mois peuvent jouer."),
        erreurs=[
            erreur_valeur(lambda: 100_000 * (_par_pression()[MOIS_CHARGES] - _par_pression()[MOIS_CALMES]),
                          "Vous avez calculé un écart en désabonnements pour 100 000 e-mails. La question "
                          "demande une hausse relative : divisez l'écart par la valeur des mois calmes."),
            erreur_valeur(lambda: _par_pression()[MOIS_CHARGES] / _par_pression()[MOIS_CALMES],
                          "Vous avez donné le rapport des deux valeurs : retranchez 1 pour obtenir la "
                          "hausse."),
            erreur_valeur(lambda: _par_pression()[MOIS_CALMES] / _par_pression()[MOIS_CHARGES] - 1,
                          "Vous avez pris les mois chargés comme référence. La hausse se calcule par rapport "
                          "aux mois calmes : (chargés ÷ calmes) − 1."),
            erreur_facteur(100, "Votre réponse est en pourcentage : écrivez une fraction (0.1 pour 10 %)."),
        ]),
    Question(
        "4.8", points=2, unite="abonnés", titre="Simulateur de pression e-mail : les abonnés restants",
        attendu=lambda: _abonnes_restants(PRESSION),
        explication=("À 8 e-mails par mois, chaque envoi fait fuir plus d'abonnés qu'à 4, et il y a deux "
                     "fois plus d'envois : une large part de la base part en un an, pour un gain de clics "
                     "très faible (comparez les clics aux deux réglages)."),
        erreurs=[
            erreur_valeur(lambda: _abonnes_restants(dict(PRESSION, envois_par_mois=4)),
                          "C'est le résultat à 4 e-mails par mois (le réglage de départ) : passez le "
                          "curseur des envois à 8."),
            erreur_valeur(lambda: _abonnes_restants(dict(PRESSION, taille_base=10_000)),
                          "Vérifiez la base de départ : l'énoncé part de 20 000 abonnés."),
            erreur_valeur(lambda: PRESSION["taille_base"] - _abonnes_restants(PRESSION),
                          "Vous avez relevé les désabonnements. La question demande les abonnés qui "
                          "restent au bout de 12 mois."),
            erreur_valeur(lambda: 1 - _abonnes_restants(PRESSION) / PRESSION["taille_base"],
                          "Vous avez relevé la part de la base perdue. La question demande un nombre "
                          "d'abonnés : ceux qui restent au bout de 12 mois."),
        ]),
    Question(
        "4.9", points=2, unite="messages", titre="Simulateur de bad buzz : répondre le jour 1 ou le jour 3",
        attendu=lambda: _messages(3) - _messages(1),
        explication=("Deux jours d'attente laissent l'affaire grossir pendant sa phase la plus rapide : "
                     "dans ce modèle, chaque jour gagné dans la réponse réduit fortement le nombre final "
                     "de messages. D'où la règle : répondre vite, quitte à compléter ensuite."),
        erreurs=[
            erreur_valeur(lambda: _messages(1),
                          "C'est le total avec une réponse le jour 1. La question demande combien de "
                          "messages on évite : faites la différence entre les deux totaux."),
            erreur_valeur(lambda: _messages(3),
                          "C'est le total avec une réponse le jour 3. La question demande combien de "
                          "messages on évite : faites la différence entre les deux totaux."),
            erreur_valeur(lambda: _messages(3) / _messages(1),
                          "Vous avez donné le rapport des deux totaux. La question demande un nombre de "
                          "messages évités : faites la différence."),
            erreur_valeur(lambda: _messages(None) - _messages(1),
                          "Vous avez comparé avec l'absence de réponse. Comparez une réponse le jour 1 à "
                          "une réponse le jour 3 (case « La marque répond » cochée)."),
            erreur_valeur(lambda: _messages(3, BUZZ_DEPART) - _messages(1, BUZZ_DEPART),
                          "Ce sont les réglages de départ du simulateur : réglez les messages initiaux, "
                          "la part qui relaie, l'audience et la durée comme l'indique l'énoncé."),
        ]),
    Question(
        "4.10", points=3, genre="texte_libre",
        titre="Interroger les chiffres : 98 % de mécontents silencieux ?",
        explication="Corrigée par l'enseignant."),
    Question(
        "4.11", points=3, genre="texte_libre",
        titre="Décision : une lettre d'information qui ne fait pas fuir",
        explication="Corrigée par l'enseignant."),
    # ---------------------------------------------------------------- pour aller plus loin
    Question(
        "4.12", points=2, genre="serie", titre="Taux de désabonnement par type de campagne",
        parcours="approfondissement",
        attendu=_desabonnement_par_type,
        explication=("On additionne désabonnements et e-mails délivrés de chaque type, puis on divise : "
                     "une grosse campagne pèse plus qu'une petite. Les types de campagne ne font pas fuir "
                     "les abonnés au même rythme."),
        erreurs=[
            erreur_valeur(lambda: _par_type()["desabonnements"] / _par_type()["envoyes"],
                          "Vous avez divisé par les e-mails envoyés : le taux de désabonnement se rapporte "
                          "aux e-mails délivrés (colonne delivres)."),
            erreur_valeur(lambda: _par_type()["desabonnements"] / _par_type()["ouvertures"],
                          "Vous avez divisé par les ouvertures : le taux de désabonnement se rapporte à tous "
                          "les e-mails délivrés (colonne delivres)."),
            erreur_valeur(_moyenne_des_taux_par_type,
                          "Vous avez fait la moyenne des taux de chaque campagne : une petite campagne y "
                          "pèse autant qu'une grosse. Additionnez d'abord désabonnements et e-mails délivrés "
                          "par type, puis divisez."),
            erreur_facteur(100, "Vos taux sont en pourcentage : écrivez des fractions entre 0 et 1."),
        ]),
    Question(
        "4.13", points=3, genre="serie",
        titre="Reconstituer le graphique : les mois calmes et les mois chargés",
        parcours="approfondissement",
        attendu=lambda: _par_pression().rename("taux_desabonnement"),
        explication=("On compte d'abord les campagnes de chaque mois, on range chaque mois dans son "
                     "groupe, puis on additionne désabonnements et e-mails délivrés de chaque groupe "
                     "avant de diviser. Ce rapprochement ne prouve pas à lui seul que la pression cause "
                     "les départs : d'autres différences entre ces mois (saison, types de campagnes) "
                     "peuvent jouer ; comparez par exemple des campagnes d'un même type."),
        erreurs=[
            erreur_facteur(100_000, "Vous avez donné des désabonnements pour 100 000 e-mails (les valeurs "
                                    "du graphique). La question demande des taux : des fractions entre "
                                    "0 et 1."),
            erreur_facteur(100, "Vos taux sont en pourcentage : écrivez des fractions entre 0 et 1."),
            erreur_valeur(_moyenne_des_taux_mensuels,
                          "Vous avez fait la moyenne des taux de chaque mois : un petit mois y pèse autant "
                          "qu'un gros. Additionnez d'abord désabonnements et e-mails délivrés de chaque "
                          "groupe de mois, puis divisez."),
            erreur_valeur(lambda: _par_pression(denominateur="envoyes"),
                          "Vous avez divisé par les e-mails envoyés : le taux de désabonnement se rapporte "
                          "aux e-mails délivrés (colonne delivres)."),
            erreur_valeur(lambda: _par_pression(seuil=SEUIL_PRESSION + 1),
                          "Vérifiez la limite entre les groupes : un mois de 5 campagnes exactement est un "
                          "mois chargé (5 campagnes ou plus)."),
        ]),
]
