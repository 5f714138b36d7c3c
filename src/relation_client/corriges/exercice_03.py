"""Clé de correction de l'exercice 03 — Les outils numériques de la relation client.

Notebook : ``solutions/03_outils_numeriques.ipynb`` (corrigé) → ``exercises/03_outils_numeriques.ipynb``.
Les valeurs attendues sont recalculées à partir des jeux de données du cours (marque
fictive Verveine & Co, ``datasets/``), des chiffres des sources (``chiffres_cles.csv``) et
des fonctions du paquet ; aucune n'est écrite ici. Les calculs sur les jeux de données sont
refaits ici avec pandas, indépendamment des regroupements que le notebook appelle
(``relation_client.regroupements``) : la clé contrôle aussi ces fonctions.

Deux parcours : les questions 3.1 à 3.9 forment le parcours essentiel (sans programmation :
une opération ou une fonction du cours sur des valeurs déjà préparées, un chiffre lu sur le
calculateur, un choix, deux réponses rédigées) ; 3.10 à 3.12, « Pour aller plus loin », se
font avec pandas (facultatif : BTS, IUT, école de commerce).
"""

from __future__ import annotations

import functools

import pandas as pd

from relation_client.cles import (
    Erreur,
    Question,
    erreur_facteur,
    erreur_inverse,
    erreur_valeur,
    normaliser_texte,
)
from relation_client.donnees import charger, chiffre_cle
from relation_client.indicateurs import (
    cout_par_lead,
    cout_par_visite,
    retour_sur_investissement,
    taux_conversion,
    taux_engagement,
    taux_engagement_abonnes,
)
from relation_client.simulations import roi_influence

TITRE = "Les outils numériques de la relation client"

ANNEE = 2025
INTERACTIONS = ["likes", "commentaires", "partages", "clics"]
TYPES_PUBLICATION = ["photo", "vidéo", "carrousel", "texte"]
SOURCE_QUESTION = "réseaux sociaux"   # question 3.4
CATEGORIE_QUESTION = "micro"          # questions 3.5 et 3.6

# Publication de la boulangerie (question 3.1) : abonnés, portée, likes, commentaires, partages, clics.
BOULANGERIE = dict(abonnes=4_200, portee=2_800, likes=150, commentaires=12, partages=8, clics=20)

# Réglages du calculateur d'influence (question 3.7) et réglages de départ du widget. Le taux de
# marque est la marge rapportée au prix de vente HT (le panier moyen est donc hors taxes).
REGLAGES_MICRO = dict(cout=1_000, portee=60_000, taux_engagement=0.06, taux_visite=0.25,
                      taux_conversion=0.04, panier_moyen=45, taux_marque=0.5)
REGLAGES_DEPART = dict(cout=5_000, portee=382_000, taux_engagement=0.047, taux_visite=0.2,
                       taux_conversion=0.03, panier_moyen=40, taux_marque=0.5)


# --- calculs partagés (mis en cache) ----------------------------------------------------

def _interactions_boulangerie():
    return sum(BOULANGERIE[c] for c in INTERACTIONS)


def _ribena(identifiant):
    return chiffre_cle(identifiant)["valeur"]


@functools.cache
def _reseaux():
    reseaux = charger("reseaux_sociaux")
    reseaux["interactions"] = reseaux[INTERACTIONS].sum(axis=1)
    return reseaux


@functools.cache
def _par_plateforme():
    colonnes = ["interactions", "likes", "portee", "abonnes"]
    return _reseaux().groupby("plateforme", observed=True)[colonnes].sum()


def _engagement_par_plateforme():
    g = _par_plateforme()
    return taux_engagement(g["interactions"], g["portee"]).rename("taux_engagement")


def _engagement_par_type():
    g = _reseaux().groupby("type_publication", observed=True)[["interactions", "portee"]].sum()
    return taux_engagement(g["interactions"], g["portee"])


@functools.cache
def _trafic():
    return charger("trafic_web")


def _part_visites(trafic, colonne="visites"):
    v = trafic.groupby("source", observed=True)[colonne].sum()
    return (v / v.sum()).rename("part_visites")


def _trafic_annee():
    t = _trafic()
    return t[t["date"].dt.year == ANNEE]


def _somme_source(trafic, colonne="visites", source=SOURCE_QUESTION):
    return trafic.loc[trafic["source"] == source, colonne].sum()


@functools.cache
def _influence():
    return charger("campagnes_influence")


@functools.cache
def _par_categorie():
    colonnes = ["cout", "visites", "ventes", "marge", "chiffre_affaires", "interactions"]
    return _influence().groupby("categorie", observed=True)[colonnes].sum()


def _micro(colonne):
    return float(_par_categorie().loc[CATEGORIE_QUESTION, colonne])


def _tableau_influence():
    g = _par_categorie()
    return pd.DataFrame({
        "cout_par_visiteur": cout_par_lead(g["cout"], g["visites"]),
        "taux_conversion": taux_conversion(g["ventes"], g["visites"]),
        "roi": retour_sur_investissement(g["marge"], g["cout"]),
    })


@functools.cache
def _par_campagne():
    i = _influence()
    return pd.DataFrame({"categorie": i["categorie"], "roi": (i["marge"] - i["cout"]) / i["cout"],
                         "cout_par_visiteur": i["cout"] / i["visites"]})


def _moyenne_par_categorie(colonne):
    c = _par_campagne()
    return c[colonne].groupby(c["categorie"], observed=True).mean()


def _calculateur(reglages=None):
    return roi_influence(**(reglages or REGLAGES_MICRO))


# --- les questions -------------------------------------------------------------------------

_PAS_EN_POURCENTAGE = "Votre réponse est en pourcentage : écrivez une fraction entre 0 et 1."

QUESTIONS = [
    # ---------------------------------------------------------------- parcours essentiel
    Question(
        "3.1", points=1, unite="taux", titre="Taux d'engagement d'une publication de boulangerie",
        attendu=lambda: taux_engagement(_interactions_boulangerie(), BOULANGERIE["portee"]),
        explication=("Le taux d'engagement rapporte toutes les interactions (j'aime, commentaires, "
                     "partages, clics) aux personnes qui ont vu la publication : sa portée. Rapporté aux "
                     "abonnés, il mesure autre chose, car tous les abonnés ne voient pas chaque "
                     "publication."),
        erreurs=[
            erreur_valeur(lambda: taux_engagement_abonnes(_interactions_boulangerie(),
                                                          BOULANGERIE["abonnes"]),
                          "Vous avez divisé par le nombre d'abonnés. Le taux d'engagement du cours se "
                          "rapporte à la portée : les personnes qui ont réellement vu la publication."),
            erreur_valeur(lambda: BOULANGERIE["likes"] / BOULANGERIE["portee"],
                          "Vous n'avez compté que les j'aime. L'engagement additionne toutes les "
                          "interactions : j'aime, commentaires, partages et clics."),
            erreur_facteur(100, _PAS_EN_POURCENTAGE),
            erreur_inverse("Vous avez divisé la portée par les interactions : c'est l'inverse "
                           "(les interactions sur les personnes qui ont vu la publication)."),
        ]),
    Question(
        "3.2", points=1, unite="visiteurs", titre="Ribena : visiteurs par contenu",
        attendu=lambda: _ribena("ribena_visiteurs_uniques") / _ribena("ribena_contenus"),
        explication=("Ramener un résultat à l'effort (ici, par contenu publié) permet de comparer des "
                     "campagnes de tailles différentes. Mais des visiteurs ne sont pas des ventes, et le "
                     "coût de la campagne n'est pas connu."),
        erreurs=[
            erreur_inverse("Vous avez divisé les contenus par les visiteurs : la question demande des "
                           "visiteurs par contenu."),
            erreur_valeur(lambda: (_ribena("ribena_visiteurs_uniques")
                                   / (2 + _ribena("ribena_micro_influenceurs"))),
                          "Vous avez calculé des visiteurs par influenceur. La question porte sur les "
                          "contenus créés."),
            erreur_valeur(lambda: _ribena("ribena_visiteurs_uniques") / _ribena("ribena_micro_influenceurs"),
                          "Vous avez divisé par le nombre de micro-influenceurs. La question porte sur "
                          "les contenus créés."),
        ]),
    Question(
        "3.3", points=1, genre="choix", choix=TYPES_PUBLICATION,
        titre="Lire un graphique : l'engagement par type de publication",
        attendu=lambda: str(_engagement_par_type().idxmax()),
        explication=("C'est la barre la plus longue. Ce taux se rapporte à la portée : il compare ce que "
                     "chaque format fait réagir chez ceux qui le voient, quel que soit le nombre de "
                     "publications de chaque type."),
        erreurs=[
            Erreur(lambda r, a: r == normaliser_texte(_engagement_par_type().idxmin()),
                   "Vous avez choisi le type qui fait le moins réagir : cherchez la barre la plus longue, "
                   "pas la plus courte.",
                   exemple=lambda a: str(_engagement_par_type().idxmin())),
        ]),
    Question(
        "3.4", points=1, unite="taux", titre="Part des visites de 2025 venues des réseaux sociaux",
        attendu=lambda: float(_somme_source(_trafic_annee()) / _trafic_annee()["visites"].sum()),
        explication=("Une part se calcule en divisant la partie (les visites venues des réseaux sociaux) "
                     "par le tout (toutes les visites de l'année). Les réseaux sociaux amènent une part "
                     "importante de l'audience du site : c'est le rôle du community management."),
        erreurs=[
            erreur_valeur(lambda: (_somme_source(_trafic_annee(), "commandes")
                                   / _trafic_annee()["commandes"].sum()),
                          "Vous avez calculé la part des commandes. La question porte sur les visites."),
            erreur_valeur(lambda: (_somme_source(_trafic_annee())
                                   / (_trafic_annee()["visites"].sum() - _somme_source(_trafic_annee()))),
                          "Vous avez divisé par les visites des autres sources. Une part se rapporte au "
                          "total : toutes les visites de 2025, réseaux sociaux compris."),
            erreur_facteur(100, "Votre réponse est en pourcentage : écrivez une fraction entre 0 et 1 "
                                "(0.25 pour 25 %)."),
            erreur_inverse("Vous avez divisé toutes les visites par celles des réseaux sociaux : c'est "
                           "l'inverse (la partie sur le tout)."),
        ]),
    Question(
        "3.5", points=1, unite="€", titre="Coût par visiteur des campagnes de micro-influenceurs",
        attendu=lambda: cout_par_visite(_micro("cout"), _micro("visites")),
        explication=("Le coût par visiteur rapporte ce que les campagnes ont coûté aux visites qu'elles "
                     "ont amenées sur le site. Comparez-le à celui des macro-influenceurs et des "
                     "célébrités dans le tableau : une grande audience ne garantit pas des visiteurs "
                     "bon marché."),
        erreurs=[
            erreur_inverse("Vous avez divisé les visites par le coût : vous obtenez des visiteurs par "
                           "euro. La question demande une dépense par visiteur (coût ÷ visites), en euros."),
            erreur_valeur(lambda: _micro("cout") / _micro("ventes"),
                          "Vous avez divisé le coût par les ventes : c'est un coût par commande. La "
                          "question demande un coût par visiteur du site."),
            erreur_valeur(lambda: _micro("cout") / _micro("interactions"),
                          "Vous avez divisé le coût par les interactions sur le réseau social. La question "
                          "demande un coût par visiteur du site."),
            erreur_valeur(lambda: _moyenne_par_categorie("cout_par_visiteur")[CATEGORIE_QUESTION],
                          "Vous avez fait la moyenne des coûts par visiteur de chaque campagne : une petite "
                          "campagne y pèse autant qu'une grosse. Divisez le coût total par le total des "
                          "visites."),
        ]),
    Question(
        "3.6", points=2, unite="taux", titre="ROI des campagnes de micro-influenceurs, calculé sur la marge",
        attendu=lambda: retour_sur_investissement(_micro("marge"), _micro("cout")),
        explication=("ROI = (marge − coût) / coût. Calculé sur la marge des ventes des 30 jours, il est "
                     "négatif : ces ventes immédiates ne remboursent pas les campagnes. Il ne compte ni "
                     "l'image de marque, ni les achats ultérieurs des clients gagnés."),
        erreurs=[
            erreur_valeur(lambda: retour_sur_investissement(_micro("chiffre_affaires"), _micro("cout")),
                          "Vous avez calculé le ROI sur le chiffre d'affaires. Le ROI se calcule sur la "
                          "marge : c'est elle qui rembourse la campagne."),
            erreur_valeur(lambda: _micro("marge") / _micro("cout"),
                          "Vous avez divisé la marge par le coût : retranchez d'abord le coût, "
                          "ROI = (marge − coût) / coût, ou utilisez retour_sur_investissement(marge, cout)."),
            erreur_valeur(lambda: retour_sur_investissement(_micro("cout"), _micro("marge")),
                          "Vous avez inversé la marge et le coût : le gain (la marge) vient en premier, "
                          "retour_sur_investissement(marge, cout)."),
            erreur_valeur(lambda: retour_sur_investissement(_influence()["marge"].sum(),
                                                            _influence()["cout"].sum()),
                          "Vous avez pris toutes les campagnes. La question porte sur les "
                          "micro-influenceurs seulement."),
            erreur_facteur(100, "Votre réponse est en pourcentage : écrivez une fraction (−0.5 pour −50 %)."),
        ]),
    Question(
        "3.7", points=2, unite="taux", titre="Calculateur d'influence : le ROI d'une micro-influenceuse",
        attendu=lambda: _calculateur()["retour_sur_investissement"],
        explication=("La campagne amène des visiteurs à un peu plus d'un euro pièce, mais la marge des "
                     "ventes immédiates ne couvre pas son coût. Calculé sur le chiffre d'affaires, le ROI "
                     "paraîtrait positif : c'est pourquoi on le calcule sur la marge."),
        tolerance_abs=0.002,
        erreurs=[
            erreur_valeur(lambda: retour_sur_investissement(_calculateur()["chiffre_affaires"],
                                                            _calculateur()["cout"]),
                          "Vous avez calculé le ROI sur le chiffre d'affaires. Le calculateur (et le cours) "
                          "le calcule sur la marge dégagée par les ventes."),
            erreur_valeur(lambda: _calculateur()["marge"] / _calculateur()["cout"],
                          "Vous avez divisé la marge par le coût : retranchez d'abord le coût, "
                          "ROI = (marge − coût) / coût."),
            erreur_valeur(lambda: _calculateur(REGLAGES_DEPART)["retour_sur_investissement"],
                          "C'est le ROI des réglages de départ (cas Birchbox) : modifiez tous les curseurs "
                          "comme l'indique l'énoncé, puis relisez le résultat."),
            erreur_valeur(lambda: _calculateur()["cout_par_visiteur"],
                          "Vous avez relevé le coût par visiteur. La question demande le retour sur "
                          "investissement (ROI)."),
            erreur_facteur(100, "Votre réponse est en pourcentage : écrivez une fraction (−0.5 pour −50 %)."),
        ]),
    Question(
        "3.8", points=3, genre="texte_libre",
        titre="Interroger les chiffres : un million de clients pour Birchbox ?",
        explication="Corrigée par l'enseignant."),
    Question(
        "3.9", points=3, genre="texte_libre", titre="Décision : quels influenceurs financer l'an prochain ?",
        explication="Corrigée par l'enseignant."),
    # ---------------------------------------------------------------- pour aller plus loin
    Question(
        "3.10", points=2, genre="serie", titre="Taux d'engagement par plateforme",
        parcours="approfondissement",
        attendu=_engagement_par_plateforme,
        explication=("Rapporté à la portée, l'engagement varie modérément d'une plateforme à l'autre : "
                     "il dit si les publications plaisent à ceux qui les voient. C'est le bon "
                     "dénominateur pour comparer des publications ou des plateformes."),
        erreurs=[
            erreur_valeur(lambda: taux_engagement_abonnes(_par_plateforme()["interactions"],
                                                          _par_plateforme()["abonnes"]),
                          "Vous avez rapporté les interactions aux abonnés. Le taux demandé se rapporte à "
                          "la portée (colonne portee) : sur certaines plateformes, une publication n'est "
                          "montrée qu'à une petite partie des abonnés."),
            erreur_valeur(lambda: _par_plateforme()["likes"] / _par_plateforme()["portee"],
                          "Vous n'avez compté que les j'aime. Les interactions sont la somme des colonnes "
                          "likes, commentaires, partages et clics."),
            erreur_facteur(100, "Vos taux sont en pourcentage : écrivez des fractions entre 0 et 1."),
        ]),
    Question(
        "3.11", points=2, genre="serie", titre="Part des visites de 2025 par source de trafic",
        parcours="approfondissement",
        attendu=lambda: _part_visites(_trafic_annee()),
        explication=("La part de chaque source dans les visites montre d'où vient l'audience du site. "
                     "À comparer avec la part des commandes : certaines sources amènent beaucoup de "
                     "curieux, d'autres des visiteurs décidés."),
        erreurs=[
            erreur_valeur(lambda: _part_visites(_trafic()),
                          "Vous avez pris les trois années. Gardez seulement les lignes dont la date est "
                          "en 2025."),
            erreur_valeur(lambda: _part_visites(_trafic_annee(), "commandes"),
                          "Vous avez calculé la part des commandes. La question porte sur les visites "
                          "(colonne visites)."),
            Erreur(lambda r, a: len(r) == len(a) and bool(((r - 1 / len(a)).abs() < 1e-9).all()),
                   "Vous avez compté des lignes : chaque source a une ligne par jour, d'où des parts "
                   "toutes égales. Additionnez la colonne visites de chaque source.",
                   exemple=lambda a: pd.Series(1 / len(a), index=a.index)),
            erreur_facteur(100, "Vos parts sont en pourcentage : écrivez des fractions entre 0 et 1 "
                                "(leur somme vaut 1)."),
        ]),
    Question(
        "3.12", points=3, genre="tableau",
        titre="Campagnes d'influence : coût, conversion et ROI par catégorie",
        parcours="approfondissement",
        attendu=_tableau_influence,
        explication=("Chaque indicateur se calcule sur les totaux de la catégorie (sommes, puis "
                     "division). Comparez les coûts par visiteur : une grande audience ne garantit pas "
                     "des visiteurs bon marché. Calculé sur la marge des ventes des 30 jours, le ROI ne "
                     "compte ni l'image de marque ni les achats ultérieurs des clients gagnés."),
        erreurs=[
            erreur_valeur(lambda: _tableau_influence().assign(roi=retour_sur_investissement(
                _par_categorie()["chiffre_affaires"], _par_categorie()["cout"])),
                "La colonne roi a été calculée sur le chiffre d'affaires. Le ROI se calcule sur la "
                "marge (colonne marge) : c'est elle qui rembourse la campagne."),
            erreur_valeur(lambda: _tableau_influence().assign(
                roi=_par_categorie()["marge"] / _par_categorie()["cout"]),
                          "La colonne roi est le rapport marge / coût : retranchez le coût du gain avant "
                          "de diviser, ROI = (marge − coût) / coût."),
            erreur_valeur(lambda: _tableau_influence().assign(roi=_moyenne_par_categorie("roi")),
                          "La colonne roi est la moyenne des ROI de chaque campagne : une petite campagne "
                          "y pèse autant qu'une grosse. Additionnez d'abord marges et coûts par catégorie, "
                          "puis calculez le ROI."),
            erreur_valeur(lambda: _tableau_influence().assign(
                taux_conversion=_par_categorie()["ventes"] / _par_categorie()["interactions"]),
                "La colonne taux_conversion se rapporte aux visites du site (colonne visites), pas aux "
                "interactions sur le réseau social."),
            erreur_valeur(lambda: _tableau_influence().assign(
                cout_par_visiteur=_par_categorie()["visites"] / _par_categorie()["cout"]),
                "La colonne cout_par_visiteur est inversée : c'est une dépense par visiteur "
                "(coût / visites), en euros."),
        ]),
]
