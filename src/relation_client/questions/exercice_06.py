"""Clé de correction de l'exercice 06 — Étude de cas : le plan de relation client de Verveine & Co.

Notebook : ``solutions/06_etude_de_cas.ipynb`` (corrigé) → ``exercises/06_etude_de_cas.ipynb``.
Les valeurs attendues sont recalculées à partir des jeux de données du cours (marque
fictive Verveine & Co, ``datasets/``) et des fonctions du paquet ; aucune n'est écrite ici.
"""

from __future__ import annotations

import functools

import pandas as pd

from relation_client.donnees import DATE_REFERENCE, charger
from relation_client.indicateurs import cout_acquisition_client, taux_attrition, taux_retention
from relation_client.segmentation import part_pareto, scores_rfm
from relation_client.simulations import meilleure_repartition, repartition_budget
from relation_client.valeur import ratio_clv_cac, valeur_vie_retention
from relation_client.verification import (
    Question,
    erreur_complement,
    erreur_facteur,
    erreur_inverse,
    erreur_valeur,
)

TITRE = "Étude de cas : le plan de relation client de Verveine & Co"

ACTUALISATION = 0.10
SEGMENTS = ["Champions", "À risque"]

# Réglages du modèle de budget donnés par l'énoncé (chiffres de 2025 arrondis, comme dans la leçon 06).
REGLAGES = {"budget": 220_000, "cout_acquisition_client": 110, "taux_retention_base": 0.46,
            "marge_annuelle": 145, "clients_actuels": 3_100, "efficacite_fidelisation": 0.05}
EFFICACITE_WIDGET = 0.02


# --- calculs partagés (mis en cache) ----------------------------------------------------

@functools.cache
def _achats():
    return charger("achats")


@functools.cache
def _clients():
    return charger("clients")


def _achats_annee(annee):
    a = _achats()
    return a[a["date_achat"].dt.year == annee]


@functools.cache
def _acheteurs(annee):
    return frozenset(_achats_annee(annee)["client_id"])


# 6.1 — Pareto sur 2025

def _pareto_2025():
    return part_pareto(_achats_annee(2025).groupby("client_id")["montant_ttc"].sum(), 0.2)


# 6.2 — segments RFM

@functools.cache
def _rfm():
    return scores_rfm(_achats(), DATE_REFERENCE)


def _segments(comptes):
    return comptes.reindex(SEGMENTS).astype("float64")


def _champions_a_risque():
    return _segments(_rfm()["segment"].value_counts())


# 6.3 — attrition 2024 → 2025

def _attrition(annee=2024):
    debut = _acheteurs(annee)
    return taux_attrition(len(debut - _acheteurs(annee + 1)), len(debut))


def _attrition_commandes():
    a = _achats_annee(2024)
    return (~a["client_id"].isin(_acheteurs(2025))).mean()


# 6.4 — CAC par canal

def _cac():
    return _clients().groupby("canal_acquisition", observed=True)["cout_acquisition"].mean().rename("cac")


@functools.cache
def _trafic_par_source():
    return charger("trafic_web").groupby("source", observed=True)[
        ["depense", "leads", "commandes", "nouveaux_clients"]].sum()


# 6.5 et 6.6 — les mesures par canal (cellule fournie dans le notebook) et la CLV

@functools.cache
def _mesures():
    clients = _clients()
    arrives = clients[clients["date_inscription"].dt.year < 2025]
    detail = _achats().merge(arrives[["client_id", "date_inscription"]], on="client_id")
    detail = detail[detail["date_achat"] < detail["date_inscription"] + pd.DateOffset(years=1)]
    premiere_annee = detail.groupby("client_id")[["montant_ttc", "marge"]].sum().reindex(
        arrives["client_id"], fill_value=0)
    canal = arrives.set_index("client_id")["canal_acquisition"]
    par_canal = premiere_annee.groupby(canal, observed=True).mean()
    actifs_2024 = clients[clients["client_id"].isin(list(_acheteurs(2024)))]
    gardes = actifs_2024["client_id"].isin(list(_acheteurs(2025)))
    comptes = gardes.groupby(actifs_2024["canal_acquisition"], observed=True).agg(["sum", "size"])
    return pd.DataFrame({"ca_premiere_annee": par_canal["montant_ttc"],
                         "marge_premiere_annee": par_canal["marge"],
                         "retention": taux_retention(comptes["sum"], comptes["size"])})


def _m(canal="display", colonne="marge_premiere_annee"):
    return float(_mesures().loc[canal, colonne])


def _r(canal="display"):
    return float(_mesures().loc[canal, "retention"])


def _clv(marge, retention, actualisation=ACTUALISATION):
    """CLV d'un nouveau client : marge de la 1re année + valeur des années suivantes."""
    return marge + valeur_vie_retention(marge, retention, actualisation)


def _clv_display():
    return _clv(_m(), _r())


def _payants():
    cac = _cac()
    return cac[cac > 0].index


def _ratio(clv_fn=None):
    m = _mesures().loc[_payants()]
    clv = _clv(m["marge_premiere_annee"], m["retention"]) if clv_fn is None else clv_fn(m)
    return ratio_clv_cac(clv, _cac()[_payants()]).rename("ratio")


# 6.7 et 6.8 — le budget

def _profit(part, **autres):
    return repartition_budget(part_fidelisation=part, **dict(REGLAGES, **autres)).attrs["profit_total"]


def _profit_non_actualise(part):
    return float(repartition_budget(part_fidelisation=part, **REGLAGES)["profit"].sum())


def _meilleure_part(efficacite=EFFICACITE_WIDGET):
    return meilleure_repartition(**dict(REGLAGES, efficacite_fidelisation=efficacite))["part_fidelisation"]


# --- les questions -------------------------------------------------------------------------

QUESTIONS = [
    Question(
        "6.1", points=1, unite="taux", titre="Concentration du chiffre d'affaires de 2025",
        attendu=_pareto_2025,
        explication=("Sur une seule année, la concentration est un peu moins forte que sur trois ans, "
                     "mais une minorité de clients fait toujours l'essentiel des ventes : c'est elle "
                     "qu'il faut garder en priorité."),
        erreurs=[
            erreur_valeur(lambda: part_pareto(_achats_annee(2025)["montant_ttc"], 0.2),
                          "Vous avez classé des commandes, pas des clients : additionnez d'abord les achats "
                          "de chaque client (groupby(\"client_id\"))."),
            erreur_valeur(lambda: part_pareto(_achats().groupby("client_id")["montant_ttc"].sum(), 0.2),
                          "Vous avez pris les trois années : gardez seulement les achats de 2025."),
            erreur_complement("Vous avez calculé la part des 80 % de clients restants : la question porte "
                              "sur les 20 % qui ont le plus dépensé."),
            erreur_facteur(100, "Votre réponse est en pourcentage : écrivez une fraction entre 0 et 1."),
        ]),
    Question(
        "6.2", points=2, genre="serie", unite="clients", titre="Champions et clients à risque",
        attendu=_champions_a_risque,
        explication=("Les Champions sont à choyer, les clients « À risque » à relancer vite : ce sont "
                     "d'anciens bons clients qui ne viennent plus."),
        erreurs=[
            erreur_valeur(lambda: _segments(_rfm()["segment"].value_counts(normalize=True)),
                          "Vous avez donné des parts. La question demande des nombres de clients "
                          "(sans normalize=True)."),
            erreur_valeur(lambda: _segments(_rfm()[["segment"]].merge(
                _achats(), left_index=True, right_on="client_id")["segment"].value_counts()),
                "Vous avez compté des commandes par segment. Comptez des clients : scores_rfm donne "
                "une ligne par client."),
            erreur_valeur(lambda: _segments(scores_rfm(_achats_annee(2025), DATE_REFERENCE)["segment"]
                                            .value_counts()),
                          "Vous avez calculé les scores sur les achats de 2025 seulement : la segmentation "
                          "porte sur tout l'historique des achats."),
        ]),
    Question(
        "6.3", points=2, unite="taux", titre="Attrition des clients de 2024",
        attendu=_attrition,
        explication=("L'attrition se compte en clients distincts. Comparez-la aux « 10 % de clients perdus "
                     "chaque année » du manuel : ici, on compte tous les clients, y compris ceux qui n'ont "
                     "acheté qu'une fois, ce qui la rend bien plus forte."),
        erreurs=[
            erreur_valeur(_attrition_commandes,
                          "Vous avez compté des commandes, pas des clients : un client fidèle apparaît "
                          "plusieurs fois dans le fichier. Comptez les clients distincts de 2024 (unique, "
                          "nunique ou set)."),
            erreur_complement("Vous avez calculé la part des clients de 2024 qui ont racheté en 2025 (la "
                              "rétention). L'attrition compte ceux qui sont partis."),
            erreur_valeur(lambda: _attrition(2023),
                          "Vous avez pris les clients de 2023 et leurs achats de 2024 : la question porte sur "
                          "les clients de 2024 et l'année 2025."),
            erreur_valeur(lambda: len(_acheteurs(2024) - _acheteurs(2025)) / len(_clients()),
                          "Votre dénominateur est l'ensemble des clients du fichier : divisez par les clients "
                          "qui ont acheté en 2024, ceux que l'on pouvait perdre."),
            erreur_facteur(100, "Votre réponse est en pourcentage : écrivez une fraction entre 0 et 1."),
        ]),
    Question(
        "6.4", points=2, genre="serie", unite="€", titre="Coût d'acquisition client par canal",
        attendu=_cac,
        explication=("Le coût d'acquisition de chaque client est la dépense de son canal le mois de son "
                     "arrivée, partagée entre les nouveaux clients du mois : sa moyenne par canal est le CAC, "
                     "le même que dépense ÷ nouveaux clients dans trafic_web."),
        erreurs=[
            erreur_valeur(lambda: _clients().groupby("canal_acquisition", observed=True)["cout_acquisition"].sum(),
                          "Vous avez additionné les coûts : c'est la dépense totale de chaque canal. Le CAC "
                          "est un coût par client (une moyenne)."),
            erreur_valeur(lambda: _trafic_par_source()["depense"] / _trafic_par_source()["commandes"],
                          "Vous avez divisé la dépense par les commandes : un client fidèle en passe "
                          "plusieurs. Le CAC se rapporte aux nouveaux clients."),
            erreur_valeur(lambda: _trafic_par_source()["depense"] / _trafic_par_source()["leads"],
                          "Vous avez calculé un coût par lead (contact obtenu), pas un coût par client gagné."),
            erreur_valeur(lambda: _clients().groupby("canal_acquisition", observed=True)["cout_acquisition"]
                          .median(),
                          "Vous avez pris la médiane : le CAC est une moyenne (dépense totale ÷ nouveaux "
                          "clients)."),
        ]),
    Question(
        "6.5", points=2, unite="€", titre="Valeur à vie d'un client venu par le display",
        attendu=_clv_display,
        explication=("La valeur d'un nouveau client est sa marge de première année, plus ses marges "
                     "futures pondérées par la rétention et actualisées. On la compare ensuite à ce qu'il "
                     "a coûté à conquérir."),
        erreurs=[
            erreur_valeur(lambda: _m() + _m() * _r() / (1 - _r()),
                          "Vous avez oublié l'actualisation : un euro gagné dans trois ans vaut moins qu'un "
                          "euro aujourd'hui. Utilisez le taux de 10 % dans valeur_vie_retention."),
            erreur_valeur(lambda: valeur_vie_retention(_m(), _r(), ACTUALISATION),
                          "Vous avez oublié la marge de la première année : la formule de l'énoncé l'ajoute "
                          "à la valeur des années suivantes."),
            erreur_valeur(lambda: _clv(_m(colonne="ca_premiere_annee"), _r()),
                          "Vous avez pris le chiffre d'affaires : la valeur d'un client se compte en marge "
                          "(colonne marge_premiere_annee)."),
            erreur_valeur(lambda: _clv(_m(), 1 - _r()),
                          "Vous avez utilisé le taux d'attrition à la place du taux de rétention."),
        ]),
    Question(
        "6.6", points=2, genre="serie", titre="Rapport CLV / CAC des canaux payants",
        attendu=_ratio,
        explication=("Au-dessus de 1, un client rapporte plus qu'il n'a coûté ; au-dessous, le canal "
                     "détruit de la valeur. La valeur varie peu d'un canal à l'autre : c'est surtout le "
                     "coût qui fait la différence."),
        erreurs=[
            erreur_inverse("Vous avez calculé CAC / CLV : le rapport se lit « euros de valeur pour un euro "
                           "de conquête », la CLV va au numérateur."),
            erreur_valeur(lambda: _ratio(lambda m: valeur_vie_retention(m["marge_premiere_annee"],
                                                                        m["retention"], ACTUALISATION)),
                          "Votre CLV oublie la marge de la première année (voir la question 6.5)."),
            erreur_valeur(lambda: _ratio(lambda m: m["ca_premiere_annee"]
                                         + valeur_vie_retention(m["ca_premiere_annee"], m["retention"],
                                                                ACTUALISATION)),
                          "Votre CLV est calculée sur le chiffre d'affaires : prenez la marge."),
        ]),
    Question(
        "6.7", points=2, unite="€", titre="Profit d'un budget partagé à parts égales",
        attendu=lambda: _profit(0.5),
        explication=("Le profit actualisé additionne les profits des trois années, chacun divisé par "
                     "(1 + i) puissance le rang de l'année. Comparez-le à la meilleure répartition : "
                     "« autant pour garder que pour conquérir » n'est pas forcément l'optimum."),
        erreurs=[
            erreur_valeur(lambda: _profit_non_actualise(0.5),
                          "Vous avez additionné les profits sans les actualiser : prenez la colonne "
                          "profit_actualise (ou attrs[\"profit_total\"])."),
            erreur_valeur(lambda: float(repartition_budget(part_fidelisation=0.5, **REGLAGES)
                                        ["profit_actualise"].iloc[-1]),
                          "Vous avez pris la dernière année seulement : additionnez les trois années."),
            erreur_valeur(lambda: _profit(0.2),
                          "Vous avez gardé une part de 20 % pour fidéliser : réglez part_fidelisation à 0.5."),
            erreur_valeur(lambda: meilleure_repartition(**REGLAGES)["profit_total"],
                          "C'est le profit de la meilleure répartition : la question demande celui du "
                          "partage à parts égales."),
        ]),
    Question(
        "6.8", points=2, unite="taux", tolerance_abs=0.01, titre="Simulateur de budget : la meilleure répartition",
        attendu=_meilleure_part,
        explication=("La meilleure part dépend surtout de l'efficacité de la fidélisation, une hypothèse que "
                     "personne ne connaît chez Verveine & Co : avant d'investir, il faut la mesurer (test sur "
                     "une partie des clients tirée au hasard)."),
        erreurs=[
            erreur_valeur(lambda: _meilleure_part(REGLAGES["efficacite_fidelisation"]),
                          "C'est la meilleure part avec l'efficacité de départ (5 %) : baissez l'efficacité "
                          "de la fidélisation à 2 % et relisez la ligne « Meilleure répartition »."),
            erreur_facteur(100, "Votre réponse est en pourcentage : écrivez une fraction entre 0 et 1 "
                                "(0.3 pour 30 %)."),
            erreur_valeur(lambda: meilleure_repartition(**dict(REGLAGES, efficacite_fidelisation=EFFICACITE_WIDGET))
                          ["profit_total"],
                          "Vous avez relevé le profit de la meilleure répartition : la question demande la "
                          "part du budget consacrée à fidéliser."),
        ]),
    Question(
        "6.9", points=3, genre="texte_libre", titre="Interroger les chiffres : +1 % de fidèles, +10 % de CA ?",
        explication="Corrigée par l'enseignant."),
    Question(
        "6.10", points=4, genre="texte_libre", titre="Recommandation à la direction",
        explication="Corrigée par l'enseignant."),
]
