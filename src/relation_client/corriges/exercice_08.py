"""Clé de correction de l'étude de cas 08 — Cycles Lumen : fidéliser après la vente grâce au numérique.

Notebook : ``solutions/cas_08_cycles_lumen.ipynb`` (corrigé) → ``exercises/cas_08_cycles_lumen.ipynb``.
Sujet construit comme une épreuve de management de Terminale STMG : une page de contexte, cinq
annexes, une question de gestion et quatre parties notées (20 points, durée conseillée 2 heures).

Les valeurs attendues sont recalculées à partir des données simulées du cas
(``datasets/cas_08_cycles_lumen/``, :mod:`relation_client.generation_cas`) et des chiffres de la
note interne (:data:`relation_client.generation_cas.NOTE_INTERNE`), ou remplacées par une empreinte
(question à choix) ; aucune n'est écrite ici.

Toutes les questions sont du parcours essentiel (pas de partie « Pour aller plus loin ») : les
calculs portent sur des valeurs préparées et nommées dans le notebook ; 8.3, 8.7, 8.10 et 8.12
sont rédigées et corrigées par l'enseignant avec la grille critériée du corrigé.
"""

from __future__ import annotations

import functools

from relation_client.cles import (
    Question,
    erreur_choix,
    erreur_complement,
    erreur_inverse,
    erreur_pourcentage,
    erreur_valeur,
)
from relation_client.generation_cas import CAMPAGNE_ETUDIEE, NOTE_INTERNE, charger_cas
from relation_client.indicateurs import (
    retour_sur_investissement,
    taux_attrition,
    taux_clics,
    taux_engagement,
    taux_engagement_abonnes,
    taux_ouverture,
    taux_retention,
)

TITRE = "Étude de cas : Cycles Lumen, fidéliser après la vente grâce au numérique"

#: Durée conseillée de l'épreuve, en minutes.
DUREE_MINUTES = 120

#: Les parties notées : (titre, questions).
PARTIES = [
    ("Diagnostic de la relation client après la vente", ["8.1", "8.2", "8.3"]),
    ("L'e-réputation de Cycles Lumen", ["8.4", "8.5", "8.6", "8.7"]),
    ("La campagne e-mail « Révision d'automne »", ["8.8", "8.9", "8.10"]),
    ("Réponse à la question de gestion", ["8.11", "8.12"]),
]

OPTIONS_REJET = ["A", "B", "C", "D"]

MOIS_AVANT, MOIS_APRES = 8, 10  # août et octobre 2025


# --- calculs partagés (mis en cache) ----------------------------------------------------

@functools.cache
def _clients():
    return charger_cas("clients")


def _nombre_clients(masque=None):
    c = _clients()
    return int(len(c) if masque is None else masque(c).sum())


def _actifs():
    return _nombre_clients(lambda c: c["actif_2025"])


def _satisfaits():
    return _nombre_clients(lambda c: c["note_satisfaction"] >= 4)


def _satisfaits_actifs():
    return _nombre_clients(lambda c: (c["note_satisfaction"] >= 4) & c["actif_2025"])


# 8.1 — attrition 2025

def _attrition():
    return taux_attrition(_nombre_clients() - _actifs(), _nombre_clients())


# 8.2 — retour des clients satisfaits

def _retour_satisfaits():
    return taux_retention(_satisfaits_actifs(), _satisfaits())


# 8.4 et 8.5 — réseaux sociaux

@functools.cache
def _reseaux():
    return charger_cas("reseaux_sociaux")


def _instagram(colonne):
    r = _reseaux()
    return float(r.loc[r["plateforme"] == "Instagram", colonne].sum())


def _engagement_instagram():
    return taux_engagement(_instagram("interactions"), _instagram("portee"))


def _negatifs(mois):
    r = _reseaux()
    return float(r.loc[r["mois"].dt.month == mois, "mentions_negatives"].sum())


def _evolution_negatifs():
    return (_negatifs(MOIS_APRES) - _negatifs(MOIS_AVANT)) / _negatifs(MOIS_AVANT)


# 8.8 et 8.9 — la campagne « Révision d'automne »

@functools.cache
def _campagne():
    e = charger_cas("campagnes_email")
    ligne = e[e["campagne_id"] == CAMPAGNE_ETUDIEE]
    return {col: float(ligne[col].iloc[0]) for col in ["envoyes", "delivres", "ouvertures", "clics",
                                                        "chiffre_affaires", "marge", "cout"]}


def _c(colonne):
    return _campagne()[colonne]


def _ouverture():
    return taux_ouverture(_c("ouvertures"), _c("delivres"))


def _roi():
    return retour_sur_investissement(_c("marge"), _c("cout"))


# 8.11 — seuil de rentabilité de l'application

def _seuil_application():
    return NOTE_INTERNE["cout_application"] / NOTE_INTERNE["marge_client_fidele"]


# --- les questions -------------------------------------------------------------------------

QUESTIONS = [
    # --- Partie 1 : diagnostic -------------------------------------------------------------
    Question(
        "8.1", points=1, unite="taux", titre="Taux d'attrition des clients en 2025",
        attendu=_attrition,
        explication=("Plus de la moitié des acheteurs de vélo n'ont rien racheté en 2025 : chez un "
                     "vélociste, la relation s'arrête souvent au passage en caisse. C'est bien plus que "
                     "le « client sur dix perdu chaque année » du manuel, mais on n'achète pas un vélo "
                     "tous les ans : l'attrition se lit ici sur l'après-vente."),
        erreurs=[
            erreur_complement("Vous avez calculé la part des clients revenus en 2025 (la rétention). "
                              "L'attrition compte ceux qui ne sont pas revenus."),
            erreur_valeur(lambda: _nombre_clients() - _actifs(),
                          "Vous avez trouvé le nombre de clients perdus : le taux d'attrition est une part, "
                          "divisez-le par l'ensemble des clients."),
            erreur_valeur(lambda: (_nombre_clients() - _actifs()) / _actifs(),
                          "Vous avez divisé par les clients actifs : divisez par l'ensemble des clients, "
                          "ceux que l'on pouvait perdre."),
            erreur_pourcentage(),
        ]),
    Question(
        "8.2", points=1, unite="taux", titre="Taux de retour des clients satisfaits",
        attendu=_retour_satisfaits,
        explication=("Les clients satisfaits reviennent bien plus que les autres, mais nettement moins "
                     "que les « 80 % des acheteurs satisfaits » d'un blog de formation (source 002) : la "
                     "satisfaction ne suffit pas, encore faut-il une raison de revenir (révision, "
                     "rappel, service)."),
        erreurs=[
            erreur_valeur(lambda: _satisfaits_actifs() / _nombre_clients(),
                          "Vous avez divisé par l'ensemble des clients : la question porte sur les seuls "
                          "clients satisfaits (note 4 ou 5)."),
            erreur_valeur(lambda: _satisfaits_actifs() / _actifs(),
                          "Vous avez calculé la part des satisfaits parmi les clients actifs : c'est "
                          "l'inverse, la part des satisfaits qui sont revenus."),
            erreur_complement("Vous avez calculé la part des clients satisfaits qui ne sont pas revenus."),
            erreur_pourcentage(),
        ]),
    Question(
        "8.3", points=3, genre="texte_libre", titre="Analyser la relation client après la vente",
        explication="Corrigée par l'enseignant avec la grille critériée."),
    # --- Partie 2 : e-réputation ------------------------------------------------------------
    Question(
        "8.4", points=1, unite="taux", titre="Taux d'engagement sur Instagram en 2025",
        attendu=_engagement_instagram,
        explication=("Le taux d'engagement rapporte les interactions aux personnes touchées : il mesure "
                     "l'intérêt que suscitent les publications, pas seulement leur audience."),
        erreurs=[
            erreur_valeur(lambda: taux_engagement_abonnes(_instagram("interactions"), _instagram("abonnes")),
                          "Vous avez divisé par les abonnés : le taux d'engagement demandé rapporte les "
                          "interactions à la portée (les personnes réellement touchées)."),
            erreur_inverse("Vous avez divisé la portée par les interactions : c'est l'inverse (les "
                           "interactions, sur la portée)."),
            erreur_pourcentage(),
        ]),
    Question(
        "8.5", points=1, unite="taux", titre="Évolution des messages négatifs d'août à octobre",
        attendu=_evolution_negatifs,
        explication=("Les messages négatifs ont été multipliés en deux mois : c'est le signal d'alerte "
                     "d'une crise d'e-réputation, à suivre chaque semaine dans le tableau de bord."),
        erreurs=[
            erreur_valeur(lambda: _negatifs(MOIS_APRES) / _negatifs(MOIS_AVANT),
                          "Vous avez calculé le coefficient multiplicateur (octobre ÷ août) : le taux "
                          "d'évolution vaut ce coefficient moins 1."),
            erreur_valeur(lambda: (_negatifs(MOIS_APRES) - _negatifs(MOIS_AVANT)) / _negatifs(MOIS_APRES),
                          "Vous avez divisé par la valeur d'octobre : un taux d'évolution se calcule par "
                          "rapport à la valeur de départ (août)."),
            erreur_valeur(lambda: _negatifs(MOIS_APRES) - _negatifs(MOIS_AVANT),
                          "Vous avez trouvé l'écart en nombre de messages : divisez-le par la valeur "
                          "d'août pour obtenir un taux."),
            erreur_pourcentage(),
        ]),
    Question(
        "8.6", points=1, genre="choix", choix=OPTIONS_REJET,
        titre="Quelle forme de rejet l'article de presse décrit-il ?",
        empreinte="2630d3b540606b76a890b40d1782e96d52c61bbd3e2b85adc21766986c04193a",
        explication=("Un bad buzz : des clients mécontents s'expriment publiquement, leurs messages "
                     "sont repris et amplifiés, et l'entreprise perd le contrôle de ce qui se dit d'elle."),
        erreurs=[
            erreur_choix("A", "La saturation vient de sollicitations trop nombreuses de l'entreprise. "
                              "Ici, ce sont des clients qui parlent de la marque : relisez le titre de "
                              "l'article."),
            erreur_choix("C", "Un boycott est un appel organisé à ne plus acheter. L'article décrit des "
                              "plaintes qui se propagent, pas un mot d'ordre."),
            erreur_choix("D", "Les bloqueurs de publicité visent les annonces en ligne ; l'article parle de "
                              "messages de clients sur les réseaux sociaux."),
        ]),
    Question(
        "8.7", points=2, genre="texte_libre", titre="Répondre à la crise d'e-réputation",
        explication="Corrigée par l'enseignant avec la grille critériée."),
    # --- Partie 3 : campagne e-mail ---------------------------------------------------------
    Question(
        "8.8", points=1, unite="taux", titre="Taux d'ouverture de la campagne « Révision d'automne »",
        attendu=_ouverture,
        explication=("Le taux d'ouverture se rapporte aux e-mails délivrés : un e-mail qui n'est jamais "
                     "arrivé ne pouvait pas être ouvert."),
        erreurs=[
            erreur_valeur(lambda: _c("ouvertures") / _c("envoyes"),
                          "Vous avez divisé par les e-mails envoyés : le taux d'ouverture se rapporte aux "
                          "e-mails délivrés."),
            erreur_valeur(lambda: taux_clics(_c("clics"), _c("delivres")),
                          "Vous avez calculé le taux de clics : la question demande le taux d'ouverture."),
            erreur_inverse("Vous avez divisé les e-mails délivrés par les ouvertures : c'est l'inverse."),
            erreur_pourcentage(),
        ]),
    Question(
        "8.9", points=1, unite="taux", titre="Retour sur investissement de la campagne",
        attendu=_roi,
        explication=("Le ROI se calcule sur la marge, pas sur le chiffre d'affaires : la campagne "
                     "rapporte plus qu'elle ne coûte, mais bien moins que son chiffre d'affaires ne le "
                     "laisse croire."),
        erreurs=[
            erreur_valeur(lambda: retour_sur_investissement(_c("chiffre_affaires"), _c("cout")),
                          "Vous avez pris le chiffre d'affaires : le gain d'une campagne se mesure par la "
                          "marge qu'elle rapporte (le chiffre d'affaires comprend le coût des pièces et "
                          "du travail)."),
            erreur_valeur(lambda: _c("marge") / _c("cout"),
                          "Vous avez divisé la marge par le coût : le ROI retire d'abord le coût du gain, "
                          "(marge − coût) ÷ coût."),
            erreur_valeur(lambda: _c("marge") - _c("cout"),
                          "Vous avez calculé le bénéfice en euros : le ROI le rapporte au coût de la "
                          "campagne."),
            erreur_pourcentage(),
        ]),
    Question(
        "8.10", points=2, genre="texte_libre", titre="Faut-il envoyer plus d'e-mails ?",
        explication="Corrigée par l'enseignant avec la grille critériée."),
    # --- Partie 4 : question de gestion -----------------------------------------------------
    Question(
        "8.11", points=1, unite="clients", titre="Seuil de rentabilité de l'application Lumen+",
        attendu=_seuil_application,
        explication=("Il faut que l'application fasse revenir au moins ce nombre de clients de plus chaque "
                     "année pour que la marge d'après-vente couvre son coût : c'est l'objectif à comparer "
                     "à la prévision de la note interne."),
        erreurs=[
            erreur_inverse("Vous avez divisé la marge par le coût : divisez le coût de l'application par "
                           "la marge que rapporte un client qui revient."),
            erreur_valeur(lambda: NOTE_INTERNE["cout_application"] / NOTE_INTERNE["clients_gagnes_espere"],
                          "Vous avez divisé par les clients espérés : la question demande combien de clients "
                          "il faut faire revenir, c'est-à-dire le coût divisé par la marge d'un client."),
        ]),
    Question(
        "8.12", points=5, genre="texte_libre", titre="Réponse argumentée à la question de gestion",
        explication="Corrigée par l'enseignant avec la grille critériée."),
]
