"""Figures des leçons : Pareto, entonnoir, cohortes, évolutions, barres.

Chaque fonction ``*_figure`` prend les tableaux que renvoient les modules de calcul
(``segmentation``, ``indicateurs``…) et rend une figure au style du cours
(:mod:`relation_client.graphiques.style`) ; quand la lecture des seules valeurs dessinées ne
suffit pas, elle attache à la figure sa description française
(:func:`relation_client.graphiques.description.attacher_description`).
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd
from matplotlib import dates as mdates

from ..controles import exiger_colonnes, exiger_nombre, exiger_taux
from ..formatage import ESPACE_UNITE, nombre, pourcentage
from .description import attacher_description
from .style import (BLEU, CARTE_COULEURS, GRIS, PALETTE, VERMILLON, FormatFrancais, en_dates, graduer_dates,
                    habiller, nouvelle_figure, texte_valeur)


def courbe_pareto_figure(courbe, part_clients: float = 0.2, titre: str | None = None):
    """Courbe de concentration (Pareto) : part cumulée du CA selon la part des clients.

    ``courbe`` est le tableau de ``segmentation.courbe_pareto`` (colonnes ``part_clients`` et
    ``part_ca``, fractions cumulées, clients triés du plus gros au plus petit). Le point
    ``part_clients`` (20 % par défaut) est repéré, avec la part du CA lue sur la courbe.
    """
    exiger_colonnes("courbe", courbe, ["part_clients", "part_ca"])
    part_clients = exiger_taux("part_clients", part_clients)
    x = np.concatenate([[0.0], exiger_nombre("courbe['part_clients']", courbe["part_clients"]).to_numpy()])
    y = np.concatenate([[0.0], exiger_nombre("courbe['part_ca']", courbe["part_ca"]).to_numpy()])
    lue = float(np.interp(part_clients, x, y))
    fig, ax = nouvelle_figure()
    ax.plot(x, y, color=BLEU, linewidth=2.2, label="Clients réels")
    ax.plot([0, 1], [0, 1], color=GRIS, linestyle="--", linewidth=1.2,
            label="Si tous les clients achetaient autant")
    ax.plot([part_clients, part_clients, 0], [0, lue, lue], color=VERMILLON, linestyle=":", linewidth=1.5)
    ax.scatter([part_clients], [lue], color=VERMILLON, zorder=3)
    ax.annotate(f"{nombre(100 * part_clients)}{ESPACE_UNITE}% des clients → "
                f"{nombre(100 * lue)}{ESPACE_UNITE}% du CA",
                xy=(part_clients, lue), xytext=(part_clients + 0.08, max(lue - 0.18, 0.05)),
                fontsize=9, color=VERMILLON, arrowprops={"arrowstyle": "->", "color": VERMILLON})
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1.02)
    habiller(ax, titre or "Concentration du chiffre d'affaires (courbe de Pareto)",
             "Part des clients, des plus gros aux plus petits (%)",
             "Part cumulée du chiffre d'affaires (%)", "pourcentage", "pourcentage")
    ax.legend(loc="lower right", fontsize=9, frameon=False)
    moitie = float(np.interp(0.5, y, x)) if y[-1] >= 0.5 else None
    attacher_description(fig, (
        f"{ax.get_title()} : courbe de la part cumulée du chiffre d'affaires (axe vertical) selon la "
        f"part des clients, classés des plus gros aux plus petits (axe horizontal). "
        f"{pourcentage(part_clients, 0)} des clients font {pourcentage(lue, 1)} du chiffre d'affaires"
        + (f" ; la moitié du chiffre d'affaires vient de {pourcentage(moitie, 1)} des clients" if moitie else "")
        + ". La diagonale en pointillés montre ce que serait une répartition égale."))
    return fig


def _en_serie(nom: str, valeurs) -> pd.Series:
    if isinstance(valeurs, pd.Series):
        serie = valeurs
    elif isinstance(valeurs, Mapping):
        serie = pd.Series(dict(valeurs))
    elif isinstance(valeurs, pd.DataFrame) and valeurs.shape[1] == 1:
        serie = valeurs.iloc[:, 0]
    else:
        raise TypeError(f"{nom} doit être un dictionnaire {{étiquette: valeur}} ou une série pandas, "
                        f"or il a reçu {type(valeurs).__name__}.")
    if len(serie) == 0:
        raise ValueError(f"{nom} est vide : il faut au moins une valeur.")
    return pd.Series(exiger_nombre(nom, serie.astype("float64")).to_numpy(), index=[str(i) for i in serie.index])


def entonnoir_figure(etapes, titre: str | None = None, unite: str = "personnes"):
    """Entonnoir de conversion : une barre par étape, centrée, avec l'effectif et le passage.

    ``etapes`` : dictionnaire ordonné ``{"Visites": 10000, "Leads": 500, ...}`` ou série.
    Sous chaque étape, la part de l'étape précédente qui la franchit (taux de passage).
    """
    serie = _en_serie("etapes", etapes)
    if (serie < 0).any():
        raise ValueError("etapes contient un effectif négatif : un entonnoir compte des personnes (≥ 0).")
    fig, ax = nouvelle_figure(hauteur=max(2.6, 0.7 * len(serie) + 1.0))
    tracer_entonnoir(ax, serie, unite)
    ax.set_title(titre or "Entonnoir de conversion", fontsize=11, fontweight="bold", y=1.0)
    return fig


def tracer_entonnoir(ax, serie: pd.Series, unite: str):
    """Dessine l'entonnoir dans ``ax`` ; renvoie (barres, textes) pour les mises à jour."""
    n = len(serie)
    maximum = float(serie.max()) or 1.0
    positions = np.arange(n)[::-1]
    couleurs = [PALETTE[i % len(PALETTE)] for i in range(n)]
    barres = ax.barh(positions, serie.to_numpy(), left=-serie.to_numpy() / 2, color=couleurs, height=0.7)
    textes = []
    for i, (etiquette, valeur) in enumerate(serie.items()):
        textes.append(ax.text(0, positions[i], "", ha="center", va="center", fontsize=9,
                              color="black", fontweight="bold",
                              bbox={"boxstyle": "round,pad=0.2", "facecolor": "white", "alpha": 0.8,
                                    "edgecolor": "none"}))
    ax.set_yticks(positions, list(serie.index))
    ax.set_xlim(-maximum / 2 * 1.05, maximum / 2 * 1.05)
    ax.set_xticks([])
    ax.spines["bottom"].set_visible(False)
    ax.spines["left"].set_visible(False)
    ax.grid(False)
    ax.set_xlabel(f"Effectif à chaque étape ({unite})")
    maj_entonnoir(ax, barres, textes, serie.to_numpy())
    return barres, textes


def maj_entonnoir(ax, barres, textes, valeurs):
    """Met à jour un entonnoir existant (largeurs, textes) sans recréer d'artistes."""
    valeurs = np.asarray(valeurs, dtype="float64")
    maximum = float(valeurs.max()) if valeurs.size and valeurs.max() > 0 else 1.0
    for i, (barre, texte, v) in enumerate(zip(barres, textes, valeurs)):
        barre.set_width(v)
        barre.set_x(-v / 2)
        etiquette = nombre(v)
        if i > 0:
            precedent = valeurs[i - 1]
            if precedent > 0:
                etiquette += f"  ({nombre(100 * v / precedent, 1)}{ESPACE_UNITE}% de l'étape précédente)"
        texte.set_text(etiquette)
    ax.set_xlim(-maximum / 2 * 1.05, maximum / 2 * 1.05)


def cohortes_figure(table, titre: str | None = None, annoter: bool | None = None):
    """Carte de chaleur de la rétention par cohorte (lignes) et mois écoulés (colonnes).

    ``table`` est le tableau de ``segmentation.cohortes_retention`` (fractions ; cases vides
    = mois pas encore observés). Couleurs ``cividis`` ; valeurs écrites en % si le tableau
    est assez petit (``annoter``).
    """
    if not isinstance(table, pd.DataFrame):
        raise TypeError(f"table doit être un tableau pandas (DataFrame), or il a reçu {type(table).__name__}.")
    if table.empty:
        raise ValueError("table est vide : il faut au moins une cohorte et un mois.")
    valeurs = table.astype("float64").to_numpy()
    finies = valeurs[np.isfinite(valeurs)]
    if finies.size and ((finies < 0).any() or (finies > 1 + 1e-9).any()):
        raise ValueError("table doit contenir des fractions entre 0 et 1 (0,25 pour 25 %).")
    lignes, colonnes = valeurs.shape
    fig, ax = nouvelle_figure(largeur=max(5.0, min(11.0, 0.55 * colonnes + 2.5)),
                              hauteur=max(2.8, min(8.0, 0.32 * lignes + 1.6)))
    ax.grid(False)
    image = ax.imshow(np.ma.masked_invalid(valeurs), cmap=CARTE_COULEURS, vmin=0, vmax=1, aspect="auto")
    if annoter is None:
        annoter = lignes * colonnes <= 300
    if annoter:
        for i in range(lignes):
            for j in range(colonnes):
                v = valeurs[i, j]
                if np.isfinite(v):
                    ax.text(j, i, f"{nombre(100 * v)}\u00a0%", ha="center", va="center", fontsize=7,
                            color="white" if v < 0.55 else "black")
    ax.set_xticks(range(colonnes), [str(colonne) for colonne in table.columns], fontsize=8)
    ax.set_yticks(range(lignes), [_etiquette_cohorte(cohorte) for cohorte in table.index], fontsize=8)
    barre = fig.colorbar(image, ax=ax, shrink=0.9)
    barre.ax.yaxis.set_major_formatter(FormatFrancais("pourcentage"))
    barre.set_label("Clients encore actifs (%)")
    axe, unite = _AXES_COHORTES.get(table.columns.name, ("Mois écoulés", "mois"))
    habiller(ax, titre or "Rétention par cohorte (part des clients encore actifs)",
             f"{axe} depuis le premier achat", f"Cohorte ({unite} du premier achat)")
    attacher_description(fig, _decrire_cohortes(ax.get_title(), table, valeurs, axe.lower()))
    return fig


def _decrire_cohortes(titre: str, table, valeurs, axe: str) -> str:
    """Carte de chaleur des cohortes en mots : l'étendue, puis la rétention moyenne par colonne."""
    lignes, colonnes = valeurs.shape
    cohortes = [_etiquette_cohorte(cohorte) for cohorte in table.index]
    texte = (f"{titre} : carte de chaleur, une ligne par cohorte ({lignes} cohortes, de {cohortes[0]} "
             f"à {cohortes[-1]}) et une colonne par nombre de {axe} depuis le premier achat "
             f"({table.columns[0]} à {table.columns[-1]}) ; plus la case est claire, plus la part de "
             f"clients encore actifs est forte.")
    moyennes = []
    choisies = sorted({0, 1, colonnes // 2, colonnes - 1} & set(range(colonnes)))
    for j in choisies:
        colonne = valeurs[:, j]
        colonne = colonne[np.isfinite(colonne)]
        if colonne.size:
            moyennes.append(f"{table.columns[j]} : {pourcentage(float(colonne.mean()), 1)}")
    if moyennes:
        texte += f" Rétention moyenne, par nombre de {axe} : " + " ; ".join(moyennes) + "."
    return texte


#: Libellés des axes selon la période des cohortes (nom des colonnes de cohortes_retention).
_AXES_COHORTES = {"mois_ecoules": ("Mois écoulés", "mois"),
                  "trimestres_ecoules": ("Trimestres écoulés", "trimestre"),
                  "annees_ecoulees": ("Années écoulées", "année"),
                  "semaines_ecoulees": ("Semaines écoulées", "semaine"),
                  "jours_ecoules": ("Jours écoulés", "jour")}


def _etiquette_cohorte(cohorte) -> str:
    if isinstance(cohorte, pd.Period):
        if cohorte.freqstr.startswith("Q"):
            return f"{cohorte.year} T{cohorte.quarter}"
        return str(cohorte)
    if isinstance(cohorte, pd.Timestamp):
        return cohorte.strftime("%Y-%m")
    return str(cohorte)


def evolution_figure(series, titre: str = "Évolution", axe_x: str = "Mois",
                     axe_y: str = "Valeur", format_y: str | None = "nombre",
                     marqueurs: bool = True, depuis_zero: bool = False):
    """Courbes d'évolution : ``series`` est une série, un dict ``{nom: série}`` ou un DataFrame.

    ``depuis_zero=True`` fait partir l'axe vertical de 0 (utile pour un cumul, qu'un axe
    tronqué rendrait trompeur).

    Une courbe par série (couleurs de la palette), légende si plusieurs courbes. L'index
    (mois, dates, années…) donne l'axe horizontal ; précisez ``axe_x``/``axe_y`` avec
    leurs unités, par exemple ``axe_y="Visites (nombre)"``.
    """
    if isinstance(series, pd.Series):
        courbes = {series.name or axe_y: series}
    elif isinstance(series, pd.DataFrame):
        courbes = {str(colonne): series[colonne] for colonne in series.columns}
    elif isinstance(series, Mapping):
        courbes = dict(series)
    else:
        raise TypeError("series doit être une série pandas, un DataFrame ou un dictionnaire "
                        f"{{nom: série}}, or il a reçu {type(series).__name__}.")
    if not courbes:
        raise ValueError("series est vide : il faut au moins une courbe.")
    fig, ax = nouvelle_figure()
    en_temps = False
    for i, (nom, serie) in enumerate(courbes.items()):
        if not isinstance(serie, pd.Series):
            serie = pd.Series(serie)
        y = exiger_nombre(f"series[{nom!r}]", serie.astype("float64"))
        x, dates = _axe_horizontal(serie.index)
        en_temps = en_temps or dates
        ax.plot(x, y.to_numpy(), label=str(nom), color=PALETTE[i % len(PALETTE)], linewidth=2,
                marker="o" if marqueurs and len(serie) <= 40 else None, markersize=4)
    habiller(ax, titre, axe_x, axe_y, None, format_y)
    if en_temps:  # mois en français (« janv. 2023 »), assez espacés pour ne pas se chevaucher
        graduer_dates(ax.xaxis)
    if depuis_zero:
        ax.set_ylim(bottom=0)
    if len(courbes) > 1:
        ax.legend(fontsize=9, frameon=False)
    if isinstance(x, list) and x and isinstance(x[0], str) and len(x) > 6:
        ax.tick_params(axis="x", labelrotation=45)
        for texte in ax.get_xticklabels():
            texte.set_horizontalalignment("right")
    return fig


def _axe_horizontal(index):
    """Abscisses d'une courbe, et si ce sont des dates (nombres de dates matplotlib)."""
    dates = en_dates(index)
    if dates is not None:
        return mdates.date2num(dates.to_pydatetime()), True
    if pd.api.types.is_numeric_dtype(index):
        return np.asarray(index), False
    return [str(v) for v in index], False


def barres_groupees_figure(tableau, titre: str, axe_x: str, axe_y: str,
                           format_x: str | None = "nombre", couleurs=None, hauteur: float | None = None):
    """Barres horizontales groupées : une ligne du tableau par groupe, une barre par colonne.

    ``tableau`` est un DataFrame (index = étiquettes des groupes, colonnes = séries à comparer,
    leurs noms servent de légende). ``axe_x`` décrit les valeurs (avec leur unité), ``axe_y``
    les groupes. Sert à comparer deux grandeurs côte à côte (part des visites et part des
    commandes, valeur et coût d'un client…).
    """
    if not isinstance(tableau, pd.DataFrame):
        raise TypeError(f"tableau doit être un DataFrame, or il a reçu {type(tableau).__name__}.")
    if tableau.empty:
        raise ValueError("tableau est vide : il faut au moins un groupe et une colonne.")
    n_series = tableau.shape[1]
    couleurs = couleurs or [PALETTE[i % len(PALETTE)] for i in range(n_series)]
    fig, ax = nouvelle_figure(hauteur=hauteur or min(6.0, max(2.6, 0.3 * len(tableau) * n_series + 1.2)))
    epaisseur = 0.8 / n_series
    positions = np.arange(len(tableau))
    for k, colonne in enumerate(tableau.columns):
        valeurs = exiger_nombre(f"tableau[{colonne!r}]", tableau[colonne].astype("float64"))
        decalage = (k - (n_series - 1) / 2) * epaisseur
        ax.barh(positions + decalage, valeurs.to_numpy(), height=epaisseur,
                color=couleurs[k], label=str(colonne))
    ax.set_yticks(positions, [str(i) for i in tableau.index])
    ax.invert_yaxis()
    habiller(ax, titre, axe_x, axe_y, format_x=format_x)
    ax.legend(fontsize=9, frameon=False, loc="upper center", bbox_to_anchor=(0.5, -0.18),
              ncols=min(n_series, 3))
    return fig


def barres_figure(valeurs, titre: str = "Comparaison", axe_x: str = "", axe_y: str = "Valeur",
                  format_y: str | None = "nombre", horizontal: bool = False,
                  etiquettes: bool = True, couleurs=None):
    """Diagramme en barres d'une série ou d'un dict ``{étiquette: valeur}``.

    ``etiquettes=True`` écrit la valeur (au format ``format_y``) au bout de chaque barre.
    ``horizontal=True`` couche les barres (pratique pour de longues étiquettes) ; l'axe des
    valeurs reste décrit par ``axe_y``.
    """
    serie = _en_serie("valeurs", valeurs)
    n = len(serie)
    if couleurs is None:
        couleurs = [PALETTE[i % len(PALETTE)] for i in range(n)] if n <= 8 else BLEU
    if horizontal:
        fig, ax = nouvelle_figure(hauteur=max(2.6, 0.4 * n + 1.2))
        barres = ax.barh(list(serie.index)[::-1], serie.to_numpy()[::-1],
                         color=couleurs[::-1] if isinstance(couleurs, list) else couleurs)
        habiller(ax, titre, axe_y, axe_x, format_y, None)
        ax.grid(True, axis="x", color="#DDDDDD")
        ax.grid(False, axis="y")
    else:
        fig, ax = nouvelle_figure()
        barres = ax.bar(list(serie.index), serie.to_numpy(), color=couleurs)
        habiller(ax, titre, axe_x, axe_y, None, format_y)
        if n > 5 or max(len(str(i)) for i in serie.index) > 10:
            ax.tick_params(axis="x", labelrotation=30)
            for texte in ax.get_xticklabels():
                texte.set_horizontalalignment("right")
    if etiquettes:
        dans_l_ordre = serie.to_numpy()[::-1] if horizontal else serie.to_numpy()
        absolues = np.abs(dans_l_ordre)
        if format_y == "nombre" and (absolues > 0).any():
            # la plus petite valeur fixe la précision : 0,8 ne doit pas s'afficher « 1 » à côté de 18
            reference = float(np.min(absolues[absolues > 0]))
        else:
            reference = float(np.max(absolues))
        ax.bar_label(barres, labels=[texte_valeur(v, format_y, reference) for v in dans_l_ordre],
                     padding=2, fontsize=8)
        ax.margins(x=0.12) if horizontal else ax.margins(y=0.12)
    return fig
