"""Regroupements des publications sur les réseaux sociaux : interactions, totaux, abonnés."""

from __future__ import annotations

import pandas as pd

from ..controles import exiger_colonnes
from .outils import exiger_dates
from .selection import selection_periode, totaux_par


_INTERACTIONS = ["likes", "commentaires", "partages", "clics"]


def interactions_par(reseaux, colonne):
    """Totaux des publications, une ligne par valeur de ``colonne``, avec leurs interactions.

    interactions = j'aime (*likes*) + commentaires + partages + clics (les quatre réactions
    comptées par le manuel de Terminale STMG, source 001). Le résultat garde les totaux de
    :func:`totaux_par` (portée, impressions, abonnés…) et ajoute la colonne ``interactions`` :
    on calcule ensuite ``taux_engagement(interactions, portee)`` sur ces totaux.

    >>> reseaux = pd.DataFrame({"plateforme": ["X", "X", "TikTok"], "likes": [5, 3, 40],
    ...     "commentaires": [1, 0, 5], "partages": [0, 1, 3], "clics": [2, 0, 2],
    ...     "portee": [100, 80, 1000]})
    >>> interactions_par(reseaux, "plateforme")["interactions"].to_dict()
    {'TikTok': 50, 'X': 12}
    """
    exiger_colonnes("reseaux", reseaux, _INTERACTIONS)
    totaux = totaux_par(reseaux, colonne)
    totaux["interactions"] = totaux[_INTERACTIONS].sum(axis=1)
    return totaux


def totaux_par_reseau(reseaux, debut=None, fin=None):
    """Totaux des publications de chaque réseau social, avec leurs interactions.

    Une ligne par réseau (index ``plateforme``) : ``publications`` (nombre), ``interactions``
    (likes + commentaires + partages + clics), ``portee`` (comptes différents qui ont vu les
    publications, au sens des plateformes), ``impressions`` (affichages) et ``abonnes``
    (somme, publication par publication, des abonnés du compte). Période facultative, comme
    dans :func:`selection_periode`.

    >>> reseaux = pd.DataFrame({"date": pd.to_datetime(["2025-01-05", "2025-02-01", "2025-02-03"]),
    ...                         "plateforme": ["TikTok", "TikTok", "X"], "abonnes": [50, 60, 10],
    ...                         "portee": [100, 200, 20], "impressions": [150, 260, 30],
    ...                         "likes": [5, 6, 1], "commentaires": [1, 0, 0], "partages": [0, 1, 0],
    ...                         "clics": [2, 3, 1]})
    >>> totaux_par_reseau(reseaux, "2025").loc["TikTok"].to_dict()
    {'publications': 2, 'interactions': 18, 'portee': 300, 'impressions': 410, 'abonnes': 110}
    """
    interactions = ["likes", "commentaires", "partages", "clics"]
    exiger_colonnes("reseaux", reseaux, ["plateforme", "abonnes", "portee", "impressions", *interactions])
    lignes = reseaux if debut is None else selection_periode(reseaux, debut, fin)
    if len(lignes) == 0:
        raise ValueError("aucune publication ne tombe dans cette période : vérifiez debut et fin.")
    table = lignes.assign(publications=1, interactions=lignes[interactions].sum(axis=1))
    colonnes = ["publications", "interactions", "portee", "impressions", "abonnes"]
    return table.groupby("plateforme", observed=True, sort=True)[colonnes].sum()


def abonnes_fin_annee(reseaux):
    """Nombre d'abonnés de chaque réseau social au dernier relevé de chaque année.

    Une ligne par année, une colonne par plateforme ; une case vide signifie que le compte
    n'existait pas encore cette année-là. Le nombre d'abonnés est un stock : on lit sa
    valeur à une date, on ne l'additionne pas.

    >>> reseaux = pd.DataFrame({"date": pd.to_datetime(["2024-03-01", "2024-11-01", "2025-06-01"]),
    ...                         "plateforme": ["X", "X", "X"], "abonnes": [100, 120, 150]})
    >>> abonnes_fin_annee(reseaux)["X"].to_dict()
    {2024: 120, 2025: 150}
    """
    exiger_colonnes("reseaux", reseaux, ["plateforme", "abonnes"])
    dates = exiger_dates("reseaux", reseaux, "date")
    triees = reseaux.assign(annee=dates.dt.year).sort_values("date", kind="stable")
    derniers = triees.groupby(["annee", "plateforme"], observed=True)["abonnes"].last()
    table = derniers.unstack("plateforme")
    table.index.name, table.columns.name = "annee", "plateforme"
    return table
