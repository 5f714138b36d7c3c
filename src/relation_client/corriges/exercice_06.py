"""Clé de correction de l'exercice 06 — Étude de cas : le plan de relation client de Verveine & Co.

Notebook : ``solutions/06_etude_de_cas.ipynb`` (corrigé) → ``exercises/06_etude_de_cas.ipynb``.
Les valeurs attendues sont recalculées à partir des jeux de données du cours (marque
fictive Verveine & Co, ``datasets/``) et des fonctions du paquet ; aucune n'est écrite ici.

Deux parcours : 6.1 à 6.11 forment le parcours essentiel (calculs sur des valeurs que le
notebook prépare avec les fonctions de ``regroupements``, lectures du simulateur de budget,
choix, questions rédigées) ; 6.12 à 6.14 sont les questions pandas facultatives
(« Pour aller plus loin »).
"""

from __future__ import annotations

import functools

from relation_client.cles import (
    Question,
    erreur_choix,
    erreur_complement,
    erreur_facteur,
    erreur_inverse,
    erreur_pourcentage,
    erreur_valeur,
)
from relation_client.donnees import DATE_REFERENCE, charger
from relation_client.indicateurs import cout_acquisition_client, taux_attrition
from relation_client.regroupements import (
    chiffre_affaires_par_client,
    mesures_par_canal,
    nombre_clients,
    nombre_clients_revenus,
    nombre_clients_segment,
    totaux_trafic,
)
from relation_client.segmentation import part_pareto, scores_rfm
from relation_client.simulations import meilleure_repartition, repartition_budget
from relation_client.valeur import ratio_clv_cac, valeur_vie_retention

TITRE = "Étude de cas : le plan de relation client de Verveine & Co"

ACTUALISATION = 0.10
OPTIONS_RETENTION = ["A", "B", "C", "D"]

# Réglages du modèle de budget donnés par l'énoncé (chiffres de 2025 arrondis, comme dans la leçon 06).
REGLAGES = {"budget": 220_000, "cout_acquisition_client": 110, "taux_retention_base": 0.46,
            "marge_annuelle": 145, "clients_actuels": 3_100, "efficacite_fidelisation": 0.05}
EFFICACITE_WIDGET = 0.02

FACULTATIF = "approfondissement"


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


# 6.1 — Pareto sur 2025

def _pareto_2025():
    return part_pareto(chiffre_affaires_par_client(_achats_annee(2025)), 0.2)


# 6.2 et 6.12 — segments RFM

@functools.cache
def _rfm():
    return scores_rfm(_achats(), DATE_REFERENCE)


def _segment(nom):
    return nombre_clients_segment(_rfm(), nom)


def _part_a_risque():
    return _segment("À risque") / nombre_clients(_achats())


def _segments(comptes):
    """Effectifs de chaque segment (index en texte, dans l'ordre des segments du cours)."""
    comptes = comptes.astype("float64")
    comptes.index = comptes.index.astype(str)
    return comptes.rename("clients").rename_axis("segment")


def _effectifs_segments():
    return _segments(_rfm()["segment"].value_counts())


# 6.3 — attrition 2024 → 2025

def _clients_annee(annee):
    return nombre_clients(_achats(), annee)


def _revenus(annee):
    return nombre_clients_revenus(_achats(), annee)


def _attrition(annee=2024):
    return taux_attrition(_clients_annee(annee) - _revenus(annee), _clients_annee(annee))


# 6.4 à 6.6 — le display : CAC, CLV, rapport CLV / CAC

@functools.cache
def _display():
    return totaux_trafic(charger("trafic_web"), source="display")


def _cac_display(denominateur="nouveaux_clients"):
    d = _display()
    return cout_acquisition_client(d.depense, d[denominateur])


@functools.cache
def _mesures():
    return mesures_par_canal(_clients(), _achats())


def _m(canal="display", colonne="marge_premiere_annee"):
    return float(_mesures().loc[canal, colonne])


def _r(canal="display"):
    return float(_mesures().loc[canal, "retention"])


def _clv(marge, retention, actualisation=ACTUALISATION):
    """CLV d'un nouveau client : marge de la 1re année + valeur des années suivantes."""
    return marge + valeur_vie_retention(marge, retention, actualisation)


def _clv_display():
    return _clv(_m(), _r())


def _ratio_display(clv=None, cac=None):
    return ratio_clv_cac(_clv_display() if clv is None else clv, _cac_display() if cac is None else cac)


# 6.13 et 6.14 — par canal (pour aller plus loin)

def _cac():
    return _clients().groupby("canal_acquisition", observed=True)["cout_acquisition"].mean().rename("cac")


@functools.cache
def _trafic_par_source():
    return charger("trafic_web").groupby("source", observed=True)[
        ["depense", "leads", "commandes", "nouveaux_clients"]].sum()


def _payants():
    cac = _cac()
    return cac[cac > 0].index


def _ratio(clv_fn=None):
    m = _mesures().loc[_payants()]
    clv = _clv(m["marge_premiere_annee"], m["retention"]) if clv_fn is None else clv_fn(m)
    return ratio_clv_cac(clv, _cac()[_payants()]).rename("ratio")


# 6.7 à 6.9 — le budget (mêmes fonctions que le simulateur)

def _profit(part, **autres):
    return repartition_budget(part_fidelisation=part, **dict(REGLAGES, **autres)).attrs["profit_total"]


def _profit_non_actualise(part):
    return float(repartition_budget(part_fidelisation=part, **REGLAGES)["profit"].sum())


def _meilleure_part(efficacite=EFFICACITE_WIDGET):
    return meilleure_repartition(**dict(REGLAGES, efficacite_fidelisation=efficacite))["part_fidelisation"]


# --- les questions -------------------------------------------------------------------------

QUESTIONS = [
    # --- parcours essentiel ---------------------------------------------------------------
    Question(
        "6.1", points=1, unite="taux", titre="Concentration du chiffre d'affaires de 2025",
        attendu=_pareto_2025,
        explication=("Sur une seule année, la concentration est un peu moins forte que sur trois ans, "
                     "mais une minorité de clients fait toujours l'essentiel des ventes : c'est elle "
                     "qu'il faut garder en priorité."),
        erreurs=[
            erreur_valeur(lambda: part_pareto(_achats_annee(2025)["montant_ttc"], 0.2),
                          "Vous avez classé des commandes, pas des clients : utilisez le tableau préparé "
                          "au-dessus, qui donne un montant par client (ca_par_client_2025)."),
            erreur_valeur(lambda: part_pareto(chiffre_affaires_par_client(_achats()), 0.2),
                          "Vous avez pris les trois années : gardez seulement les achats de 2025."),
            erreur_complement("Vous avez calculé la part des 80 % de clients restants : la question porte "
                              "sur les 20 % qui ont le plus dépensé."),
            erreur_pourcentage(),
        ]),
    Question(
        "6.2", points=1, unite="taux", titre="Part des clients « À risque »",
        attendu=_part_a_risque,
        explication=("Les clients « À risque » sont d'anciens bons clients qui ne viennent plus : ce sont "
                     "eux qu'il faut relancer vite, avant qu'ils ne soient perdus."),
        erreurs=[
            erreur_valeur(lambda: _segment("Champions") / nombre_clients(_achats()),
                          "Vous avez pris les Champions : la question porte sur les clients « À risque »."),
            erreur_valeur(lambda: _segment("À risque") / _segment("Champions"),
                          "Vous avez divisé par le nombre de Champions : divisez par l'ensemble des clients."),
            erreur_inverse("Vous avez divisé l'ensemble des clients par les clients « À risque » : c'est "
                           "l'inverse (la partie, sur le tout)."),
            erreur_pourcentage(),
        ]),
    Question(
        "6.3", points=2, unite="taux", titre="Attrition des clients de 2024",
        attendu=_attrition,
        explication=("L'attrition se compte en clients distincts. Comparez-la aux « 10 % de clients perdus "
                     "chaque année » du manuel : ici, on compte tous les clients, y compris ceux qui n'ont "
                     "acheté qu'une fois, ce qui la rend bien plus forte."),
        erreurs=[
            erreur_complement("Vous avez calculé la part des clients de 2024 qui ont racheté en 2025 (la "
                              "rétention). L'attrition compte ceux qui sont partis."),
            erreur_valeur(lambda: _clients_annee(2024) - _revenus(2024),
                          "Vous avez trouvé le nombre de clients perdus : c'est un nombre de clients. Le "
                          "taux d'attrition est une part : divisez-le par les clients de 2024."),
            erreur_valeur(lambda: (_clients_annee(2024) - _revenus(2024)) / nombre_clients(_achats()),
                          "Votre dénominateur est l'ensemble des clients du fichier : divisez par les clients "
                          "qui ont acheté en 2024, ceux que l'on pouvait perdre."),
            erreur_valeur(lambda: (_clients_annee(2024) - _revenus(2024)) / _revenus(2024),
                          "Vous avez divisé par les clients revenus en 2025 : divisez par tous les clients "
                          "de 2024, ceux que l'on pouvait perdre."),
            erreur_pourcentage(),
        ]),
    Question(
        "6.4", points=1, unite="€", titre="Coût d'acquisition d'un client venu par le display",
        attendu=_cac_display,
        explication=("Le CAC rapporte la dépense aux seuls nouveaux clients : un client fidèle qui repasse "
                     "commande ne coûte pas une nouvelle conquête."),
        erreurs=[
            erreur_valeur(lambda: _cac_display("commandes"),
                          "Vous avez divisé la dépense par les commandes : un client fidèle en passe "
                          "plusieurs. Le CAC se rapporte aux nouveaux clients."),
            erreur_valeur(lambda: _cac_display("leads"),
                          "Vous avez calculé un coût par lead (contact obtenu), pas un coût par client gagné."),
            erreur_inverse("Vous avez calculé des clients par euro : le CAC est une dépense par client "
                           "(les euros au numérateur)."),
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
                          "euro aujourd'hui. Utilisez le taux de 10 % (0.10) dans valeur_vie_retention."),
            erreur_valeur(lambda: valeur_vie_retention(_m(), _r(), ACTUALISATION),
                          "Vous avez oublié la marge de la première année : la formule de l'énoncé l'ajoute "
                          "à la valeur des années suivantes."),
            erreur_valeur(lambda: _clv(_m(colonne="ca_premiere_annee"), _r()),
                          "Vous avez pris le chiffre d'affaires : la valeur d'un client se compte en marge "
                          "(marge_display)."),
            erreur_valeur(lambda: _clv(_m(), 1 - _r()),
                          "Vous avez utilisé le taux d'attrition à la place du taux de rétention."),
        ]),
    Question(
        "6.6", points=1, titre="Rapport CLV / CAC du display",
        attendu=_ratio_display,
        explication=("Au-dessus de 1, un client rapporte plus qu'il n'a coûté à conquérir ; au-dessous, le "
                     "canal, tel qu'il est acheté aujourd'hui, détruit de la valeur : c'est un canal à "
                     "réduire ou à tester."),
        erreurs=[
            erreur_inverse("Vous avez calculé CAC / CLV : le rapport se lit « euros de valeur pour un euro "
                           "de conquête », la CLV va au numérateur."),
            erreur_valeur(lambda: _ratio_display(cac=_cac_display("commandes")),
                          "Votre CAC (question 6.4) n'est pas juste : corrigez-le, exécutez de nouveau sa "
                          "cellule de réponse, puis celle-ci."),
            erreur_valeur(lambda: _ratio_display(cac=_cac_display("leads")),
                          "Votre CAC (question 6.4) n'est pas juste : corrigez-le, exécutez de nouveau sa "
                          "cellule de réponse, puis celle-ci."),
            erreur_valeur(lambda: _ratio_display(clv=valeur_vie_retention(_m(), _r(), ACTUALISATION)),
                          "Votre CLV (question 6.5) oublie la marge de la première année : corrigez-la, "
                          "exécutez de nouveau sa cellule de réponse, puis celle-ci."),
            erreur_valeur(lambda: _ratio_display(clv=_m() + _m() * _r() / (1 - _r())),
                          "Votre CLV (question 6.5) n'est pas actualisée : corrigez-la, exécutez de nouveau "
                          "sa cellule de réponse, puis celle-ci."),
            erreur_valeur(lambda: _clv_display() - _cac_display(),
                          "Vous avez fait une soustraction (CLV − CAC) : c'est la valeur nette. Le rapport "
                          "est une division."),
        ]),
    Question(
        "6.7", points=1, unite="€", titre="Simulateur : le profit d'un budget partagé à parts égales",
        attendu=lambda: _profit(0.5),
        explication=("Le profit actualisé additionne les profits des trois années, chacun ramené à sa valeur "
                     "d'aujourd'hui. Comparez-le à la ligne « Meilleure répartition » : « autant pour garder "
                     "que pour conquérir » n'est pas l'optimum du modèle."),
        erreurs=[
            erreur_valeur(lambda: _profit_non_actualise(0.5),
                          "Vous avez additionné les profits sans les actualiser : relevez la ligne « Profit "
                          "actualisé sur 3 ans »."),
            erreur_valeur(lambda: meilleure_repartition(**REGLAGES)["profit_total"],
                          "C'est le profit de la meilleure répartition : la question demande celui du "
                          "partage à parts égales (curseur sur 50 %)."),
            erreur_valeur(lambda: _profit(0.02),
                          "C'est le profit de la répartition de Genesys (2 % pour fidéliser) : la question "
                          "demande celui du partage à parts égales (curseur sur 50 %)."),
            erreur_valeur(lambda: _profit(0.2),
                          "Vous avez relevé le profit avec 20 % pour fidéliser : remettez le curseur « Part "
                          "du budget pour fidéliser » sur 50 %."),
        ]),
    Question(
        "6.8", points=1, genre="choix", choix=OPTIONS_RETENTION,
        titre="Une rétention de neuf clients sur dix est-elle plausible ?",
        empreinte="f07eb47c776a59a02bee4b17032f35e203a3bd0a904eac11698b88a73b8409fa",
        explication=("Un modèle n'est pas la réalité : avec une efficacité de la fidélisation que personne "
                     "n'a mesurée, il promet une rétention qu'aucune boutique en ligne comparable n'atteint. "
                     "Son chiffre sert à comparer des scénarios, pas à prévoir ; on le vérifie par un test "
                     "avant d'y croire."),
        erreurs=[
            erreur_choix("A", "Dépenser plus ne suffit pas à garder les clients : comparez ce chiffre à la "
                              "rétention sans action du modèle et à celle que vous avez mesurée (question "
                              "6.3), puis demandez-vous d'où il vient dans le modèle."),
            erreur_choix("C", "L'actualisation change la valeur du profit, pas le nombre de clients gardés. "
                              "Cherchez l'hypothèse du modèle qui fait monter la rétention."),
            erreur_choix("D", "La fidélisation peut bien faire monter la rétention au-dessus de 46 % : c'est "
                              "son but. La question est de savoir si elle peut la faire monter autant."),
        ]),
    Question(
        "6.9", points=2, unite="taux", tolerance_abs=0.01,
        titre="Simulateur de budget : la meilleure répartition",
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
        "6.10", points=3, genre="texte_libre", titre="Interroger les chiffres : +1 % de fidèles, +10 % de CA ?",
        explication="Corrigée par l'enseignant."),
    Question(
        "6.11", points=4, genre="texte_libre", titre="Recommandation à la direction",
        explication="Corrigée par l'enseignant."),
    # --- pour aller plus loin (facultatif) ------------------------------------------------
    Question(
        "6.12", points=2, genre="serie", unite="clients", titre="Effectifs des segments RFM",
        parcours=FACULTATIF,
        attendu=_effectifs_segments,
        explication=("Les segments n'ont pas le même poids : les Champions sont à choyer, les clients "
                     "« À risque » à relancer vite, et un gros segment de clients perdus rappelle que "
                     "beaucoup de clients n'achètent qu'une fois."),
        erreurs=[
            erreur_valeur(lambda: _segments(_rfm()["segment"].value_counts(normalize=True)),
                          "Vous avez donné des parts. La question demande des nombres de clients."),
            erreur_valeur(lambda: _segments(_rfm()[["segment"]].merge(
                _achats(), left_index=True, right_on="client_id")["segment"].value_counts()),
                "Vous avez compté des commandes par segment. Comptez des clients : le tableau des "
                "scores RFM a une ligne par client."),
            erreur_valeur(lambda: _segments(scores_rfm(_achats_annee(2025), DATE_REFERENCE)["segment"]
                                            .value_counts()),
                          "Vous avez calculé les scores sur les achats de 2025 seulement : la segmentation "
                          "porte sur tout l'historique des achats."),
        ]),
    Question(
        "6.13", points=2, genre="serie", unite="€", titre="Coût d'acquisition client par canal",
        parcours=FACULTATIF,
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
        "6.14", points=2, genre="serie", titre="Rapport CLV / CAC des canaux payants",
        parcours=FACULTATIF,
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
]
