"""Clé de correction de l'exercice 05 — Mesurer l'efficacité : les indicateurs clés (KPI).

Notebook : ``solutions/05_kpi.ipynb`` (corrigé) → ``exercises/05_kpi.ipynb``.
Les valeurs attendues sont recalculées à partir des jeux de données du cours (marque
fictive Verveine & Co, ``datasets/``) et des fonctions du paquet, ou remplacées par une
empreinte (question à choix) ; aucune n'est écrite ici.

Deux parcours : 5.1 à 5.10 forment le parcours essentiel (calculs sur des valeurs que le
notebook prépare avec ``totaux_trafic`` et ``totaux_par_reseau``, lecture du tableau de bord,
choix, questions rédigées) ; 5.11 à 5.13 sont les questions pandas facultatives
(« Pour aller plus loin »).
"""

from __future__ import annotations

import functools

import pandas as pd

from relation_client.cles import (
    Question,
    erreur_choix,
    erreur_inverse,
    erreur_pourcentage,
    erreur_valeur,
)
from relation_client.donnees import charger
from relation_client.indicateurs import (
    cout_acquisition_client,
    cout_par_lead,
    cout_par_visite,
    taux_clics,
    taux_clics_ouverture,
    taux_conversion,
    taux_engagement,
    taux_engagement_abonnes,
    taux_ouverture,
)
from relation_client.regroupements import totaux_par_reseau, totaux_trafic

TITRE = "Mesurer l'efficacité : les indicateurs clés (KPI)"

ANNEE = 2025

# Campagne de la cave Dumas (questions 5.1 à 5.3) : l'énoncé donne ces comptes.
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


# 5.4, 5.5 et 5.7 — les totaux que le notebook prépare (mêmes fonctions que le notebook)

@functools.cache
def _influence_t2():
    return totaux_trafic(_trafic(), "2025-04", "2025-06", source="influence")


@functools.cache
def _tiktok():
    return totaux_par_reseau(charger("reseaux_sociaux"), str(ANNEE)).loc["TikTok"]


@functools.cache
def _display_annee():
    return totaux_trafic(_trafic(), str(ANNEE), source="display")


def _conversion_influence_t2():
    t = _influence_t2()
    return taux_conversion(t.commandes, t.visites)


def _engagement_tiktok():
    t = _tiktok()
    return taux_engagement(t["interactions"], t["portee"])


def _cpl_display():
    d = _display_annee()
    return cout_par_lead(d.depense, d.leads)


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


# 5.11 — engagement par réseau social (pour aller plus loin)

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


# 5.12 — coût par lead des sources payantes (pour aller plus loin)

def _payantes(g):
    return g[g["depense"] > 0]


def _cpl():
    g = _payantes(_sommes(_trafic_annee()))
    return cout_par_lead(g["depense"], g["leads"])


def _cpl_moyenne_journaliere():
    t = _trafic_annee()
    t = t[(t["depense"] > 0) & (t["leads"] > 0)]
    return (t["depense"] / t["leads"]).groupby(t["source"], observed=True).mean()


# 5.13 — tableau de bord de décembre (pour aller plus loin)

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


# --- les questions -------------------------------------------------------------------------

FACULTATIF = "approfondissement"

QUESTIONS = [
    # --- parcours essentiel ---------------------------------------------------------------
    Question(
        "5.1", points=1, unite="taux", titre="Taux d'ouverture d'une lettre d'information",
        attendu=lambda: taux_ouverture(OUVERTURES, DELIVRES),
        explication=("Le taux d'ouverture se calcule sur les e-mails délivrés : un e-mail qui a rebondi "
                     "n'est jamais arrivé, il ne pouvait pas être ouvert."),
        erreurs=[
            erreur_valeur(lambda: OUVERTURES / ENVOYES,
                          "Vous avez divisé par les e-mails envoyés. Certains n'ont jamais été reçus (les "
                          "rebonds) : le taux d'ouverture se calcule sur les e-mails délivrés."),
            erreur_pourcentage(),
            erreur_inverse("Vous avez divisé les e-mails délivrés par les ouvertures : c'est l'inverse "
                           "(ce qui a été ouvert, sur ce qui pouvait l'être)."),
            erreur_valeur(lambda: CLICS / DELIVRES,
                          "Vous avez compté les clics. La question porte sur les ouvertures."),
        ]),
    Question(
        "5.2", points=1, unite="taux", titre="Taux de clics de la lettre d'information",
        attendu=lambda: taux_clics(CLICS, DELIVRES),
        explication=("Le taux de clics rapporte les clics à tous les e-mails délivrés : il mesure ce que "
                     "la campagne a obtenu de l'ensemble des destinataires qui pouvaient la lire."),
        erreurs=[
            erreur_valeur(lambda: CLICS / OUVERTURES,
                          "Vous avez divisé par les ouvertures : c'est le taux de clics sur ouvertures "
                          "(question suivante). Le taux de clics se rapporte aux e-mails délivrés."),
            erreur_valeur(lambda: CLICS / ENVOYES,
                          "Vous avez divisé par les e-mails envoyés. Les rebonds ne sont jamais arrivés : "
                          "prenez les e-mails délivrés."),
            erreur_pourcentage(),
            erreur_inverse("Vous avez divisé les e-mails délivrés par les clics : mettez au numérateur ce "
                           "qui a été fait (les clics), au dénominateur ce qui pouvait l'être."),
        ]),
    Question(
        "5.3", points=1, unite="taux", titre="Taux de clics sur ouvertures",
        attendu=lambda: taux_clics_ouverture(CLICS, OUVERTURES),
        explication=("Même numérateur que le taux de clics, autre dénominateur : le taux de clics sur "
                     "ouvertures ne regarde que les e-mails ouverts. Il mesure l'intérêt du contenu pour "
                     "ceux qui l'ont lu ; le taux de clics, l'effet de toute la campagne."),
        erreurs=[
            erreur_valeur(lambda: CLICS / DELIVRES,
                          "Vous avez divisé par les e-mails délivrés : c'est le taux de clics de la question "
                          "précédente. Ce taux-ci ne regarde que les e-mails ouverts : quel est donc son "
                          "dénominateur ?"),
            erreur_valeur(lambda: OUVERTURES / DELIVRES,
                          "Vous avez recalculé le taux d'ouverture : la question porte sur les clics."),
            erreur_pourcentage(),
            erreur_inverse("Vous avez divisé les ouvertures par les clics : c'est l'inverse (les clics, "
                           "sur les e-mails ouverts)."),
        ]),
    Question(
        "5.4", points=2, unite="taux", titre="Conversion des visites venues de l'influence (2e trimestre)",
        attendu=_conversion_influence_t2,
        explication=("Les visites venues de l'influence arrivent par vagues, au lancement de chaque "
                     "campagne : leur taux de conversion varie beaucoup d'un trimestre à l'autre. Un KPI "
                     "se donne toujours avec sa période."),
        erreurs=[
            erreur_valeur(lambda: _influence_t2().commandes / _influence_t2().visiteurs_uniques,
                          "Vous avez divisé par les visiteurs uniques. Le taux de conversion du cours se "
                          "calcule sur les visites (une personne qui vient trois fois fait trois visites)."),
            erreur_valeur(lambda: _influence_t2().leads / _influence_t2().visites,
                          "Vous avez compté les leads (inscriptions). Ici, une conversion est une commande."),
            erreur_valeur(lambda: _influence_t2().nouveaux_clients / _influence_t2().visites,
                          "Vous avez compté les nouveaux clients. Ici, une conversion est une commande, "
                          "qu'elle vienne d'un nouveau client ou d'un client fidèle."),
            erreur_pourcentage(),
            erreur_inverse("Vous avez divisé les visites par les commandes : c'est l'inverse (les "
                           "commandes, sur les visites)."),
        ]),
    Question(
        "5.5", points=1, unite="taux", titre="Taux d'engagement des publications TikTok",
        attendu=_engagement_tiktok,
        explication=("Rapportées à la portée, les interactions mesurent l'intérêt de ceux qui ont vu les "
                     "publications. Rapportées aux abonnés, elles favoriseraient les réseaux qui montrent "
                     "les publications bien au-delà des abonnés, comme TikTok."),
        erreurs=[
            erreur_valeur(lambda: taux_engagement_abonnes(_tiktok()["interactions"], _tiktok()["abonnes"]),
                          "Vous avez divisé par les abonnés. La question demande l'engagement rapporté à "
                          "la portée (les comptes qui ont vu les publications)."),
            erreur_valeur(lambda: _tiktok()["interactions"] / _tiktok()["impressions"],
                          "Vous avez divisé par les impressions (les affichages). Un même compte peut voir "
                          "plusieurs fois une publication : divisez par la portée."),
            erreur_pourcentage(),
            erreur_inverse("Vous avez divisé la portée par les interactions : c'est l'inverse (les "
                           "interactions, sur la portée)."),
        ]),
    Question(
        "5.6", points=1, genre="choix", choix=OPTIONS_IMPRESSIONS,
        titre="Lire un graphique : pourquoi plus d'impressions que de portée ?",
        empreinte="f44c48cd8df43737c5bb3367c06e95a739d0958a2aa20e6605d126d91ba86f42",
        explication=("Une impression est un affichage ; la portée des plateformes compte des comptes "
                     "différents. Un compte qui voit trois fois la même publication fait trois impressions "
                     "mais ne compte qu'une fois dans la portée : les impressions sont donc toujours au "
                     "moins égales à la portée."),
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
        "5.7", points=2, unite="€", titre="Coût par lead du display en 2025",
        attendu=_cpl_display,
        explication=("Le coût par lead est le prix d'un contact obtenu (une inscription). Un lead bon "
                     "marché n'est pas forcément un bon lead : comparez-le au coût d'un client réellement "
                     "gagné (CAC)."),
        erreurs=[
            erreur_valeur(lambda: cout_acquisition_client(_display_annee().depense,
                                                          _display_annee().nouveaux_clients),
                          "Vous avez divisé par les nouveaux clients : c'est le coût d'acquisition client "
                          "(CAC). Le coût par lead se rapporte aux leads, les contacts obtenus."),
            erreur_valeur(lambda: cout_par_visite(_display_annee().depense, _display_annee().visites),
                          "Vous avez divisé par les visites : c'est un coût par visite. Divisez par les leads."),
            erreur_inverse("Vous avez calculé des leads par euro : le coût par lead est une dépense par "
                           "lead (les euros au numérateur)."),
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
    # --- pour aller plus loin (facultatif) ------------------------------------------------
    Question(
        "5.11", points=2, genre="serie", titre="Taux d'engagement de chaque réseau social",
        parcours=FACULTATIF,
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
                          "totaux de chaque réseau, puis divisez."),
        ]),
    Question(
        "5.12", points=2, genre="serie", unite="€", titre="Coût par lead des sources payantes",
        parcours=FACULTATIF,
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
                          "totaux de chaque source, puis divisez."),
        ]),
    Question(
        "5.13", points=3, genre="tableau", titre="Tableau de bord du site en décembre 2025",
        parcours=FACULTATIF,
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
]
