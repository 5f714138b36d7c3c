"""Clé de correction de l'exercice 02 — Fidéliser ses clients.

Notebook : ``solutions/02_fideliser.ipynb`` (corrigé) → ``exercises/02_fideliser.ipynb``.
Les valeurs attendues sont recalculées à partir des jeux de données du cours (marque
fictive Verveine & Co, ``datasets/``) et des fonctions du paquet ; aucune n'est écrite ici.

Deux parcours : les questions 2.1 à 2.10 forment le parcours essentiel (sans programmation) ;
2.11 et 2.12 sont « Pour aller plus loin » (pandas, facultatif).

Définitions (programme de gestion) : la marge se calcule sur les montants hors taxes ;
taux de marque = marge / prix de vente HT (c'est lui qu'on multiplie par un chiffre
d'affaires HT) ; taux de marge = marge / coût d'achat HT.
"""

from __future__ import annotations

import functools

from relation_client.cles import (
    Question,
    erreur_complement,
    erreur_facteur,
    erreur_pourcentage,
    erreur_valeur,
)
from relation_client.donnees import DATE_REFERENCE, charger
from relation_client.indicateurs import duree_vie_moyenne, taux_attrition, taux_reachat, taux_retention
from relation_client.regroupements import bilan_programme_fidelite, chiffre_affaires_par_client
from relation_client.segmentation import part_pareto, scores_rfm
from relation_client.valeur import valeur_vie_retention, valeur_vie_simple

TITRE = "Fidéliser ses clients"

APPROFONDISSEMENT = "approfondissement"

# La cliente type de Thé des Cimes (questions 2.3 à 2.5).
PANIER_TTC = 54
TVA = 0.20
COMMANDES_PAR_AN = 5
TAUX_MARQUE = 0.30
DUREE = 3


# --- calculs partagés (mis en cache) ----------------------------------------------------

@functools.cache
def _achats():
    return charger("achats")


@functools.cache
def _ca_par_client():
    return chiffre_affaires_par_client(_achats())


@functools.cache
def _bilan():
    return bilan_programme_fidelite(_achats(), charger("clients"))


@functools.cache
def _rfm():
    return scores_rfm(_achats(), DATE_REFERENCE)


def _panier_ht():
    return PANIER_TTC / (1 + TVA)


def _marge_annuelle():
    return valeur_vie_simple(_panier_ht(), COMMANDES_PAR_AN, TAUX_MARQUE, 1)


def _valeur_simulateur(retention):
    return valeur_vie_retention(_marge_annuelle(), retention, 0.10, horizon=10)


def _segments(membres):
    """Clients de chaque segment RFM parmi les membres (True), les autres (False) ou tous (None)."""
    rfm = _rfm()
    if membres is not None:
        clients = charger("clients")
        ids = clients.loc[clients["membre_programme"] == membres, "client_id"]
        rfm = rfm[rfm.index.isin(ids)]
    return rfm["segment"].value_counts().rename("clients")


@functools.cache
def _par_client_programme():
    clients = charger("clients")[["client_id", "membre_programme"]]
    par_client = (_achats().groupby("client_id")
                  .agg(ca=("montant_ttc", "sum"), commandes=("commande_id", "size")))
    return clients.merge(par_client, left_on="client_id", right_index=True, how="left").fillna(
        {"ca": 0.0, "commandes": 0})


def _tableau_programme():
    d = _par_client_programme()
    return d.groupby("membre_programme").agg(
        clients=("client_id", "size"),
        ca_par_client=("ca", "mean"),
        part_reachat=("commandes", lambda n: (n >= 2).mean()),
    )


# --- les questions -------------------------------------------------------------------------

QUESTIONS = [
    # ----------------------------------------------------------------- parcours essentiel
    Question(
        "2.1", points=1, unite="taux", titre="Taux de rétention d'une librairie",
        attendu=lambda: taux_retention(680, 800),
        explication=("La rétention est la part des clients du début d'année encore clients à la fin ; "
                     "son complément (les clients perdus) est le taux d'attrition."),
        erreurs=[
            erreur_complement("Vous avez calculé la part des clients perdus (le taux d'attrition). "
                              "La rétention compte ceux qui restent."),
            erreur_pourcentage(),
        ]),
    Question(
        "2.2", points=1, unite="années", titre="Durée de vie moyenne d'un client",
        attendu=lambda: duree_vie_moyenne(taux_attrition(800 - 680, 800)),
        explication=("Si l'on perd chaque année la même part des clients, un client reste en moyenne "
                     "1 / attrition années : plus l'attrition est faible, plus la relation dure."),
        erreurs=[
            erreur_valeur(lambda: 1 / taux_retention(680, 800),
                          "Vous avez divisé 1 par le taux de rétention. La durée de vie moyenne se calcule "
                          "avec le taux d'attrition (la part des clients perdus chaque année)."),
            erreur_valeur(lambda: 1 / (100 * taux_attrition(120, 800)),
                          "Vous avez divisé 1 par un pourcentage : utilisez le taux d'attrition écrit "
                          "comme une fraction."),
        ]),
    Question(
        "2.3", points=2, unite="€", titre="Valeur à vie simple d'une cliente",
        attendu=lambda: valeur_vie_simple(_panier_ht(), COMMANDES_PAR_AN, TAUX_MARQUE, DUREE),
        explication=("Valeur à vie simple = panier moyen HT × achats par an × taux de marque × durée. "
                     "Elle se compte en marge, car c'est la marge qui rémunère l'effort de conquête ; "
                     "et la marge se calcule hors taxes, car la TVA est reversée à l'État."),
        erreurs=[
            erreur_valeur(lambda: valeur_vie_simple(PANIER_TTC, COMMANDES_PAR_AN, TAUX_MARQUE, DUREE),
                          "Vous avez appliqué le taux de marque au panier TTC. La TVA n'est pas une marge : "
                          "passez d'abord au prix hors taxes (prix TTC divisé par 1,2)."),
            erreur_valeur(lambda: valeur_vie_simple(PANIER_TTC * (1 - TVA), COMMANDES_PAR_AN, TAUX_MARQUE,
                                                    DUREE),
                          "Vous avez retiré 20 % du prix TTC. La TVA se calcule sur le prix hors taxes : "
                          "prix HT = prix TTC / 1,2 (et non prix TTC × 0,8)."),
            erreur_valeur(lambda: _panier_ht() * COMMANDES_PAR_AN * DUREE,
                          "Vous avez calculé un chiffre d'affaires. La valeur d'un client se compte en "
                          "marge : appliquez le taux de marque."),
            erreur_valeur(lambda: PANIER_TTC * COMMANDES_PAR_AN * DUREE,
                          "Vous avez calculé un chiffre d'affaires TTC. La valeur d'un client se compte en "
                          "marge, sur le prix hors taxes : appliquez le taux de marque au panier HT."),
            erreur_valeur(lambda: valeur_vie_simple(_panier_ht(), COMMANDES_PAR_AN, TAUX_MARQUE, 1),
                          "C'est la valeur d'une seule année : multipliez par la durée de la relation."),
            erreur_facteur(100, "Le taux de marque s'écrit comme une fraction (30 % s'écrit 0.30)."),
        ]),
    Question(
        "2.4", points=2, unite="€", titre="Valeur à vie avec rétention et actualisation",
        attendu=lambda: valeur_vie_retention(_marge_annuelle(), 0.80, 0.10),
        explication=("Chaque marge future est pondérée par la probabilité que la cliente soit encore là "
                     "(r puissance t) et actualisée : le multiple de marge r / (1 + i − r) résume "
                     "cette somme infinie."),
        erreurs=[
            erreur_valeur(lambda: _marge_annuelle() * 0.80 / (1 - 0.80),
                          "Vous avez oublié l'actualisation : un euro dans trois ans vaut moins qu'un euro "
                          "aujourd'hui. Le dénominateur du multiple de marge contient le taux d'actualisation."),
            erreur_valeur(lambda: _marge_annuelle() * 1.10 / (1 + 0.10 - 0.80),
                          "Vous avez compté une marge dès l'acquisition. Dans ce cours, la première marge "
                          "arrive en fin de première année, si la cliente est restée (multiple r / (1 + i − r))."),
            erreur_valeur(lambda: valeur_vie_retention(_marge_annuelle(), 0.20, 0.10),
                          "Vous avez utilisé le taux d'attrition à la place du taux de rétention."),
            erreur_valeur(lambda: valeur_vie_retention(_panier_ht() * COMMANDES_PAR_AN, 0.80, 0.10),
                          "Vous avez pris le chiffre d'affaires annuel : la valeur d'un client se calcule "
                          "sur sa marge annuelle (chiffre d'affaires HT × taux de marque)."),
            erreur_valeur(lambda: valeur_vie_retention(PANIER_TTC * COMMANDES_PAR_AN * TAUX_MARQUE, 0.80, 0.10),
                          "Votre marge annuelle est calculée sur le panier TTC : comme à la question 2.3, "
                          "partez du panier hors taxes."),
        ]),
    Question(
        "2.5", points=2, unite="taux", titre="Simulateur de valeur client : effet de 5 points de rétention",
        attendu=lambda: _valeur_simulateur(0.85) / _valeur_simulateur(0.80) - 1,
        explication=("Cinq points de rétention en plus augmentent la valeur de la cliente bien plus que "
                     "de 5 % : chaque année gagnée s'ajoute à toutes les suivantes."),
        erreurs=[
            erreur_valeur(lambda: _valeur_simulateur(0.85) - _valeur_simulateur(0.80),
                          "Vous avez donné l'écart en euros. La question demande une hausse relative : "
                          "divisez l'écart par la valeur de départ."),
            erreur_valeur(lambda: _valeur_simulateur(0.85) / _valeur_simulateur(0.80),
                          "Vous avez donné le rapport des deux valeurs : retranchez 1 pour obtenir la hausse."),
            erreur_valeur(lambda: (valeur_vie_retention(_marge_annuelle(), 0.85, 0.10)
                                   / valeur_vie_retention(_marge_annuelle(), 0.80, 0.10) - 1),
                          "Vous avez relevé la valeur sur un horizon infini : la question demande la valeur "
                          "sur 10 ans (ligne « Valeur client sur 10 ans »)."),
            erreur_facteur(100, "Votre réponse est en pourcentage : écrivez une fraction (0.1 pour 10 %)."),
        ]),
    Question(
        "2.6", points=2, unite="taux", titre="La règle des 20/80 chez Verveine & Co",
        attendu=lambda: part_pareto(_ca_par_client(), 0.2),
        explication=("Les 20 % de clients qui dépensent le plus font une part du chiffre d'affaires "
                     "bien supérieure à 20 %. Comparez-la aux 80 % de la « règle des 20/80 » : c'est un "
                     "ordre de grandeur souvent observé, pas une loi."),
        erreurs=[
            erreur_valeur(lambda: part_pareto(_ca_par_client(), 0.8),
                          "Vous avez pris 80 % des clients. La question porte sur les 20 % de clients qui "
                          "ont le plus dépensé : écrivez 0.2 comme part des clients."),
            erreur_valeur(lambda: part_pareto(_achats()["montant_ttc"], 0.2),
                          "Vous avez classé des commandes, pas des clients : partez du chiffre d'affaires "
                          "de chaque client (ca_par_client)."),
            erreur_pourcentage(),
        ]),
    Question(
        "2.7", points=2, genre="serie", unite="taux",
        titre="Taux de réachat des membres du programme et des autres clients",
        attendu=lambda: taux_reachat(_bilan()["clients_revenus"], _bilan()["clients"]),
        explication=("Le taux de réachat compte des personnes : parmi les clients de chaque groupe, la "
                     "part de ceux qui sont revenus acheter au moins une deuxième fois."),
        erreurs=[
            erreur_complement("Vous avez calculé la part des clients qui ne sont pas revenus : le taux de "
                              "réachat compte ceux qui ont refait un achat."),
            erreur_valeur(lambda: _bilan()["clients_revenus"] / _bilan()["commandes"],
                          "Vous avez divisé par les commandes. Le taux de réachat compte des clients : "
                          "divisez par le nombre de clients de chaque groupe (clients_par_groupe)."),
            erreur_facteur(100, "Vos valeurs sont en pourcentage : écrivez des fractions entre 0 et 1."),
        ]),
    Question(
        "2.8", points=2, genre="serie", unite="€",
        titre="Chiffre d'affaires par client : membres du programme ou non",
        attendu=lambda: _bilan()["chiffre_affaires"] / _bilan()["clients"],
        explication=("Le chiffre d'affaires par client additionne tout ce qu'un client a acheté en trois "
                     "ans. Les membres du programme dépensent plus ; cela ne prouve pas encore que le "
                     "programme en soit la cause."),
        erreurs=[
            erreur_valeur(lambda: _bilan()["chiffre_affaires"] / _bilan()["commandes"],
                          "Vous avez divisé par les commandes : c'est le panier moyen (par commande). La "
                          "question demande le chiffre d'affaires par client (clients_par_groupe)."),
            erreur_valeur(lambda: _bilan()["chiffre_affaires"] / _bilan()["clients_revenus"],
                          "Vous avez divisé par les seuls clients revenus : divisez par tous les clients "
                          "du groupe (clients_par_groupe)."),
            erreur_valeur(lambda: _bilan()["clients"] / _bilan()["chiffre_affaires"],
                          "Vous avez divisé les clients par le chiffre d'affaires : un chiffre d'affaires "
                          "par client met les euros au numérateur."),
        ]),
    Question(
        "2.9", points=3, genre="texte_libre", titre="Décision : étendre le programme de fidélité ?",
        explication="Corrigée par l'enseignant."),
    Question(
        "2.10", points=3, genre="texte_libre", titre="Interroger les chiffres : +25 à 85 % ou +25 à 55 % ?",
        explication="Corrigée par l'enseignant."),
    # ----------------------------------------------------------------- pour aller plus loin
    Question(
        "2.11", points=2, genre="serie", parcours=APPROFONDISSEMENT,
        titre="Les segments RFM des clients qui ne sont pas membres",
        attendu=lambda: _segments(False),
        explication=("Parmi les clients qui ne sont pas membres, certains segments (« À ne pas perdre », "
                     "« À risque », « Prometteurs ») sont de bons candidats pour une invitation au "
                     "programme ; d'autres (« Champions ») achètent déjà beaucoup sans lui."),
        erreurs=[
            erreur_valeur(lambda: _segments(None),
                          "Vous avez compté tous les clients, membres compris : gardez seulement les "
                          "clients qui ne sont pas membres du programme."),
            erreur_valeur(lambda: _segments(True),
                          "Vous avez compté les membres du programme. La question porte sur les clients "
                          "qui ne sont pas membres."),
            erreur_valeur(lambda: _segments(False) / _segments(False).sum(),
                          "Vous avez donné des parts. La question demande des nombres de clients."),
        ]),
    Question(
        "2.12", points=2, genre="tableau", parcours=APPROFONDISSEMENT,
        titre="Tableau d'indicateurs : membres du programme ou non",
        attendu=_tableau_programme,
        explication=("Les membres du programme dépensent plus et reviennent plus souvent. Attention : "
                     "cela ne prouve pas que le programme en soit la cause."),
        erreurs=[
            erreur_valeur(lambda: _tableau_programme().assign(
                ca_par_client=_achats().merge(charger("clients")[["client_id", "membre_programme"]],
                                              on="client_id").groupby("membre_programme")["montant_ttc"].mean()),
                "La colonne ca_par_client contient le panier moyen (par commande). Il faut le chiffre "
                "d'affaires total de chaque client, puis la moyenne par groupe."),
            erreur_valeur(lambda: _tableau_programme().assign(
                part_reachat=_achats().merge(charger("clients")[["client_id", "membre_programme"]],
                                             on="client_id").assign(r=lambda d: d["rang_commande"] >= 2)
                .groupby("membre_programme")["r"].mean()),
                "La colonne part_reachat a été calculée sur les commandes. Comptez des clients : la part "
                "des clients qui ont passé au moins deux commandes."),
        ]),
]
