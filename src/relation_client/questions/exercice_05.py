"""Clé de correction de l'exercice 05 — Mesurer l'efficacité : les indicateurs clés (KPI).

Notebook : ``solutions/05_kpi.ipynb`` (corrigé) → ``exercises/05_kpi.ipynb``.
Les valeurs attendues sont recalculées à partir des jeux de données du cours (marque
fictive Verveine & Co, ``datasets/``) et des fonctions du paquet, ou remplacées par une
empreinte (question à choix) ; aucune n'est écrite ici.
"""

from __future__ import annotations

import functools

import pandas as pd

from relation_client.donnees import charger
from relation_client.indicateurs import (
    cout_acquisition_client,
    cout_par_lead,
    taux_clics,
    taux_clics_ouverture,
    taux_conversion,
    taux_desabonnement,
    taux_engagement,
    taux_engagement_abonnes,
    taux_ouverture,
)
from relation_client.verification import (
    Erreur,
    Question,
    erreur_choix,
    erreur_facteur,
    erreur_inverse,
    erreur_valeur,
    proche,
)

TITRE = "Mesurer l'efficacité : les indicateurs clés (KPI)"

ANNEE = 2025

# Campagne de la cave Dumas (questions 5.1 et 5.2) : l'énoncé donne ces comptes.
ENVOYES, DELIVRES, OUVERTURES, CLICS, DESABONNEMENTS = 8_000, 7_760, 2_134, 291, 31

OPTIONS_IMPRESSIONS = ["A", "B", "C", "D"]


# --- calculs partagés (mis en cache) ----------------------------------------------------

@functools.cache
def _trafic():
    return charger("trafic_web")


@functools.cache
def _trafic_annee():
    t = _trafic()
    return t[t["date"].dt.year == ANNEE]


def _sommes(table, colonnes=("visites", "visiteurs_uniques", "leads", "commandes", "nouveaux_clients",
                             "depense")):
    return table.groupby("source", observed=True)[list(colonnes)].sum()


# 5.1 et 5.2 — la campagne de la cave Dumas

def _kpi_campagne(delivres_clics=DELIVRES, ouvertures_clics=OUVERTURES, delivres_desabo=DELIVRES):
    return pd.Series({
        "taux_clics": CLICS / delivres_clics,
        "taux_clics_ouverture": CLICS / ouvertures_clics,
        "taux_desabonnement": DESABONNEMENTS / delivres_desabo,
    })


def _kpi_campagne_juste():
    return pd.Series({
        "taux_clics": taux_clics(CLICS, DELIVRES),
        "taux_clics_ouverture": taux_clics_ouverture(CLICS, OUVERTURES),
        "taux_desabonnement": taux_desabonnement(DESABONNEMENTS, DELIVRES),
    })


def _remplacer(serie, cle, valeur):
    serie = serie.copy()
    serie[cle] = valeur
    return serie


def _erreur_element(cle, valeur_fautive, indice):
    """Erreur sur un seul élément de la série (les autres peuvent être justes ou non)."""
    return Erreur(lambda r, a: proche(r[cle], valeur_fautive, rel=1e-2), indice,
                  exemple=lambda a: _remplacer(a, cle, valeur_fautive))


# 5.3 — conversion des visites venues de l'influence au 2e trimestre

@functools.cache
def _trimestre():
    t = _trafic_annee()
    return t[t["date"].dt.quarter == 2]


def _conversion(table, numerateur="commandes", denominateur="visites"):
    return table[numerateur].sum() / table[denominateur].sum()


def _influence(table):
    return table[table["source"] == "influence"]


def _conversion_influence_t2():
    t = _influence(_trimestre())
    return taux_conversion(t["commandes"].sum(), t["visites"].sum())


# 5.4 — engagement par réseau social

@functools.cache
def _reseaux_annee():
    r = charger("reseaux_sociaux")
    r = r[r["date"].dt.year == ANNEE]
    return r.assign(interactions=r["likes"] + r["commentaires"] + r["partages"] + r["clics"])


def _par_plateforme():
    return _reseaux_annee().groupby("plateforme", observed=True)[
        ["interactions", "portee", "impressions", "abonnes"]].sum()


def _engagement():
    g = _par_plateforme()
    return taux_engagement(g["interactions"], g["portee"])


def _engagement_moyenne_publications():
    r = _reseaux_annee()
    return (r["interactions"] / r["portee"]).groupby(r["plateforme"], observed=True).mean()


def _engagement_sans_clics():
    r = _reseaux_annee()
    g = r.assign(sans_clics=r["likes"] + r["commentaires"] + r["partages"]).groupby(
        "plateforme", observed=True)[["sans_clics", "portee"]].sum()
    return g["sans_clics"] / g["portee"]


# 5.6 — coût par lead des sources payantes

def _payantes(g):
    return g[g["depense"] > 0]


def _cpl():
    g = _payantes(_sommes(_trafic_annee()))
    return cout_par_lead(g["depense"], g["leads"])


def _cpl_moyenne_journaliere():
    t = _trafic_annee()
    t = t[(t["depense"] > 0) & (t["leads"] > 0)]
    return (t["depense"] / t["leads"]).groupby(t["source"], observed=True).mean()


# 5.7 — tableau de bord de décembre

@functools.cache
def _decembre():
    t = _trafic_annee()
    return _sommes(t[t["date"].dt.month == 12])


def _tableau_decembre(g=None, total_visites=None, numerateur="commandes", denominateur="visites"):
    g = _decembre() if g is None else g
    total = g["visites"].sum() if total_visites is None else total_visites
    return pd.DataFrame({
        "visites": g["visites"].astype("float64"),
        "part_visites": g["visites"] / total,
        "taux_conversion": g[numerateur] / g[denominateur],
    })


def _tableau_decembre_juste():
    g = _decembre()
    return pd.DataFrame({
        "visites": g["visites"],
        "part_visites": g["visites"] / g["visites"].sum(),
        "taux_conversion": taux_conversion(g["commandes"], g["visites"]),
    })


# 5.8 — le tableau de bord interactif (mêmes fonctions que le widget)

def _cac_tableau_de_bord(debut="2025-01", fin="2025-06", source="recherche payante"):
    t = _trafic()
    mois = t["date"].dt.to_period("M")
    t = t[(mois >= pd.Period(debut, "M")) & (mois <= pd.Period(fin, "M"))]
    if source is not None:
        t = t[t["source"] == source]
    return cout_acquisition_client(round(float(t["depense"].sum()), 2), t["nouveaux_clients"].sum())


def _cpl_tableau_de_bord():
    t = _trafic()
    mois = t["date"].dt.to_period("M")
    t = t[(mois >= pd.Period("2025-01", "M")) & (mois <= pd.Period("2025-06", "M"))
          & (t["source"] == "recherche payante")]
    return cout_par_lead(round(float(t["depense"].sum()), 2), t["leads"].sum())


# --- les questions -------------------------------------------------------------------------

QUESTIONS = [
    Question(
        "5.1", points=1, unite="taux", titre="Taux d'ouverture d'une lettre d'information",
        attendu=lambda: taux_ouverture(OUVERTURES, DELIVRES),
        explication=("Le taux d'ouverture se calcule sur les e-mails délivrés : un e-mail qui a rebondi "
                     "n'est jamais arrivé, il ne pouvait pas être ouvert."),
        erreurs=[
            erreur_valeur(lambda: OUVERTURES / ENVOYES,
                          "Vous avez divisé par les e-mails envoyés. Certains n'ont jamais été reçus (les "
                          "rebonds) : le taux d'ouverture se calcule sur les e-mails délivrés."),
            erreur_facteur(100, "Votre réponse est en pourcentage : écrivez une fraction entre 0 et 1."),
            erreur_inverse("Vous avez divisé les e-mails délivrés par les ouvertures : c'est l'inverse "
                           "(ce qui a été ouvert, sur ce qui pouvait l'être)."),
            erreur_valeur(lambda: CLICS / DELIVRES,
                          "Vous avez compté les clics. La question porte sur les ouvertures."),
        ]),
    Question(
        "5.2", points=2, genre="serie", titre="Clics, clics sur ouvertures et désabonnements",
        attendu=_kpi_campagne_juste,
        explication=("Même numérateur, dénominateurs différents : le taux de clics se rapporte aux e-mails "
                     "délivrés (tous les lecteurs possibles), le taux de clics sur ouvertures aux seuls "
                     "e-mails ouverts (l'intérêt du contenu pour ceux qui l'ont lu)."),
        erreurs=[
            _erreur_element("taux_clics", CLICS / OUVERTURES,
                            "taux_clics : vous avez divisé par les ouvertures. Le taux de clics se calcule "
                            "sur les e-mails délivrés ; diviser par les ouvertures, c'est l'autre indicateur."),
            _erreur_element("taux_clics_ouverture", CLICS / DELIVRES,
                            "taux_clics_ouverture : vous avez divisé par les e-mails délivrés. Ce taux ne "
                            "regarde que les personnes qui ont ouvert l'e-mail : quel est donc son "
                            "dénominateur ?"),
            Erreur(lambda r, a: any(proche(r[k], n / ENVOYES, rel=1e-2) for k, n in
                                    (("taux_clics", CLICS), ("taux_desabonnement", DESABONNEMENTS))),
                   "Un de vos taux est calculé sur les e-mails envoyés. Les rebonds ne sont jamais arrivés : "
                   "prenez les e-mails délivrés.",
                   exemple=lambda a: _remplacer(a, "taux_clics", CLICS / ENVOYES)),
            _erreur_element("taux_desabonnement", DESABONNEMENTS / OUVERTURES,
                            "taux_desabonnement : vous avez divisé par les ouvertures. Le désabonnement se "
                            "rapporte, comme le taux de clics, aux e-mails délivrés."),
            Erreur(lambda r, a: any(proche(r[k], 100 * a[k], rel=1e-2) for k in a.index),
                   "Au moins un taux est en pourcentage : écrivez chaque taux comme une fraction entre 0 et 1.",
                   exemple=lambda a: _remplacer(a, "taux_desabonnement", 100 * a["taux_desabonnement"])),
            Erreur(lambda r, a: any(proche(r[k], 1 / a[k], rel=1e-2) for k in a.index),
                   "Au moins un taux est inversé : mettez au numérateur ce qui a été fait (clics, "
                   "désabonnements), au dénominateur ce qui pouvait l'être.",
                   exemple=lambda a: _remplacer(a, "taux_clics", 1 / a["taux_clics"])),
        ]),
    Question(
        "5.3", points=1, unite="taux", titre="Conversion des visites venues de l'influence (2e trimestre)",
        attendu=_conversion_influence_t2,
        explication=("Les visites venues de l'influence arrivent par vagues, au lancement de chaque "
                     "campagne : leur taux de conversion varie beaucoup d'un trimestre à l'autre. Un KPI "
                     "se donne toujours avec sa période."),
        erreurs=[
            erreur_valeur(lambda: _conversion(_influence(_trimestre()), "commandes", "visiteurs_uniques"),
                          "Vous avez divisé par les visiteurs uniques. Le taux de conversion du cours se "
                          "calcule sur les visites."),
            erreur_valeur(lambda: _conversion(_influence(_trimestre()), "leads", "visites"),
                          "Vous avez compté les leads (inscriptions). Ici, une conversion est une commande."),
            erreur_valeur(lambda: _conversion(_influence(_trimestre()), "nouveaux_clients", "visites"),
                          "Vous avez compté les nouveaux clients. Ici, une conversion est une commande, "
                          "qu'elle vienne d'un nouveau client ou d'un client fidèle."),
            erreur_valeur(lambda: _conversion(_influence(_trafic_annee())),
                          "Vous avez pris toute l'année 2025 : gardez seulement avril, mai et juin "
                          "(le 2e trimestre)."),
            erreur_valeur(lambda: _conversion(_trimestre()),
                          "Vous avez pris toutes les sources : gardez seulement la source « influence »."),
            erreur_valeur(lambda: (_influence(_trimestre())["commandes"] / _influence(_trimestre())["visites"]).mean(),
                          "Vous avez fait la moyenne des taux de chaque jour : faites d'abord les sommes sur le "
                          "trimestre, puis divisez."),
            erreur_facteur(100, "Votre réponse est en pourcentage : écrivez une fraction entre 0 et 1."),
        ]),
    Question(
        "5.4", points=2, genre="serie", titre="Taux d'engagement par réseau social",
        attendu=_engagement,
        explication=("Rapportées à la portée, les interactions mesurent l'intérêt de ceux qui ont vu les "
                     "publications. Rapportées aux abonnés, elles favoriseraient les réseaux qui montrent "
                     "les publications bien au-delà des abonnés (TikTok)."),
        erreurs=[
            erreur_valeur(lambda: taux_engagement_abonnes(_par_plateforme()["interactions"],
                                                          _par_plateforme()["abonnes"]),
                          "Vous avez divisé par les abonnés. La question demande l'engagement rapporté "
                          "à la portée (les comptes qui ont vu les publications)."),
            erreur_valeur(lambda: _par_plateforme()["interactions"] / _par_plateforme()["impressions"],
                          "Vous avez divisé par les impressions (les affichages). Un même compte peut voir "
                          "plusieurs fois une publication : divisez par la portée."),
            erreur_valeur(_engagement_sans_clics,
                          "Il manque une sorte d'interaction : l'engagement additionne les likes, les "
                          "commentaires, les partages et les clics."),
            erreur_valeur(_engagement_moyenne_publications,
                          "Vous avez fait la moyenne des taux de chaque publication : une publication vue par "
                          "vingt comptes pèse alors autant qu'une vue par cent mille. Faites d'abord les "
                          "sommes par réseau, puis divisez."),
        ]),
    Question(
        "5.5", points=1, genre="choix", choix=OPTIONS_IMPRESSIONS,
        titre="Lire un graphique : pourquoi plus d'impressions que de portée ?",
        empreinte="bdd79cd3a77a3ac5505b709c1cb0bf8b9e73a137d39299f6d105cbdf481afd2e",
        explication=("Une impression est un affichage ; la portée compte des comptes différents. Un compte "
                     "qui voit trois fois la même publication fait trois impressions mais ne compte qu'une "
                     "fois dans la portée : les impressions sont donc toujours au moins égales à la portée."),
        erreurs=[
            erreur_choix("B", "Un abonné qui n'a pas vu la publication ne produit aucun affichage : il "
                              "n'est compté ni dans les impressions ni dans la portée. Relisez la définition "
                              "d'une impression."),
            erreur_choix("C", "La portée compte tous les comptes qui ont vu la publication, qu'ils aient "
                              "réagi ou non. Relisez ce que compte une impression."),
            erreur_choix("D", "Les interactions ne sont pas des affichages : les impressions ne les "
                              "additionnent pas. Comparez plutôt ce que compte chaque indicateur : des "
                              "comptes, ou des affichages ?"),
        ]),
    Question(
        "5.6", points=2, genre="serie", unite="€", titre="Coût par lead des sources payantes",
        attendu=_cpl,
        explication=("Le coût par lead est le prix d'un client potentiel. Un lead bon marché n'est pas "
                     "forcément un bon lead : comparez-le au coût d'un client réellement gagné (CAC)."),
        erreurs=[
            erreur_valeur(lambda: cout_acquisition_client(_payantes(_sommes(_trafic_annee()))["depense"],
                                                          _payantes(_sommes(_trafic_annee()))["nouveaux_clients"]),
                          "Vous avez divisé par les nouveaux clients : c'est le coût d'acquisition client "
                          "(CAC). Le coût par lead se rapporte aux leads, les contacts obtenus."),
            erreur_valeur(lambda: _payantes(_sommes(_trafic_annee()))["leads"]
                          / _payantes(_sommes(_trafic_annee()))["depense"],
                          "Vous avez calculé des leads par euro : le coût par lead est une dépense par lead."),
            erreur_valeur(lambda: _payantes(_sommes(_trafic_annee()))["depense"]
                          / _payantes(_sommes(_trafic_annee()))["visites"],
                          "Vous avez divisé par les visites : c'est un coût par visite. Divisez par les leads."),
            erreur_valeur(lambda: _payantes(_sommes(_trafic()))["depense"] / _payantes(_sommes(_trafic()))["leads"],
                          "Vous avez pris les trois années : gardez seulement les lignes de 2025."),
            erreur_valeur(_cpl_moyenne_journaliere,
                          "Vous avez fait la moyenne des coûts par lead de chaque jour : faites d'abord les "
                          "sommes par source, puis divisez."),
        ]),
    Question(
        "5.7", points=3, genre="tableau", titre="Tableau de bord du site en décembre 2025",
        attendu=_tableau_decembre_juste,
        explication=("Volume (visites), poids (part des visites) et qualité (conversion) : un tableau de bord "
                     "montre les trois, car une source peut apporter beaucoup de visites qui achètent peu."),
        erreurs=[
            erreur_valeur(lambda: _tableau_decembre(total_visites=_trafic_annee()["visites"].sum()),
                          "La colonne part_visites divise par les visites de toute l'année : le dénominateur "
                          "est le total des visites de décembre, toutes sources confondues."),
            erreur_valeur(lambda: _tableau_decembre(numerateur="leads"),
                          "La colonne taux_conversion compte les leads : ici, une conversion est une commande."),
            erreur_valeur(lambda: _tableau_decembre(denominateur="visiteurs_uniques"),
                          "La colonne taux_conversion divise par les visiteurs uniques : elle se calcule sur "
                          "les visites."),
            erreur_valeur(lambda: _tableau_decembre(_sommes(_trafic_annee())),
                          "Votre tableau porte sur toute l'année 2025 : gardez seulement le mois de décembre."),
            erreur_valeur(lambda: _tableau_decembre().assign(
                part_visites=lambda d: d["visites"] / _decembre()["commandes"].sum()),
                "La colonne part_visites doit diviser les visites de chaque source par le total des "
                "visites (pas des commandes)."),
        ]),
    Question(
        "5.8", points=2, unite="€", titre="Tableau de bord interactif : le CAC de la recherche payante",
        attendu=_cac_tableau_de_bord,
        explication=("Les filtres du tableau de bord recalculent chaque KPI sur la période et la source "
                     "choisies : le même indicateur peut changer beaucoup d'un semestre ou d'un canal à "
                     "l'autre."),
        erreurs=[
            erreur_valeur(_cpl_tableau_de_bord,
                          "Vous avez relevé le coût par lead (CPL). La question demande le coût "
                          "d'acquisition client (CAC), deux lignes plus bas."),
            erreur_valeur(lambda: _cac_tableau_de_bord("2025-01", "2025-12"),
                          "Vous avez pris toute l'année 2025 : réglez la période de janvier à juin 2025."),
            erreur_valeur(lambda: _cac_tableau_de_bord("2023-01", "2025-12"),
                          "Vous avez gardé la période par défaut (trois ans) : réglez-la de janvier à "
                          "juin 2025."),
            erreur_valeur(lambda: _cac_tableau_de_bord(source=None),
                          "Vous avez gardé toutes les sources : choisissez la source « recherche payante »."),
        ]),
    Question(
        "5.9", points=3, genre="texte_libre", titre="Interroger les chiffres : 8 % des visiteurs, 41 % du CA",
        explication="Corrigée par l'enseignant."),
    Question(
        "5.10", points=3, genre="texte_libre", titre="Décision : le tableau de bord de la directrice",
        explication="Corrigée par l'enseignant."),
]
