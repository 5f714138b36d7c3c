"""Leçon 02 (fidéliser) : la valeur d'un client (CLV), et l'effet d'une hausse de rétention sur le profit."""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np
from matplotlib.ticker import MaxNLocator

from .. import graphiques
from ..formatage import euros, nombre, pourcentage, variation
from ..indicateurs import variation_profit_retention
from ..valeur import multiple_marge, valeur_cumulee_par_annee, valeur_vie_retention, valeur_vie_simple
from .base import (
    ERREURS_DE_REGLAGE,
    STYLE_CONTROLE,
    Simulateur,
    curseur_entier,
    curseur_reel,
    curseur_taux,
    duree_en_annees,
    marges_figure,
)


HORIZON_MAX = 30


def simulateur_valeur_client(panier_moyen=50.0, achats_par_an=4, taux_marque=0.3, taux_retention=0.8,
                             taux_actualisation=0.10, horizon=10) -> Simulateur:
    """Leçon 02 : la valeur d'un client (CLV) selon sa rétention et l'actualisation.

    Contrôles : ``panier_moyen``, ``achats_par_an``, ``taux_marque``, ``taux_retention``,
    ``taux_actualisation``, ``horizon``. Résultat : « Marge annuelle d'un client »,
    « Valeur client sur N ans », « Valeur client sur un horizon infini », « Multiple de
    marge », « Calcul simple sur N ans (sans départ ni actualisation) ». Graphique : valeur
    cumulée année par année et son plafond (horizon infini). Refus : rétention ≥ 1 +
    actualisation (valeur infinie).
    """
    controles = {
        "panier_moyen": curseur_reel("panier_moyen", "Panier moyen HT (€)", panier_moyen, 5, 300, 5),
        "achats_par_an": curseur_entier("achats_par_an", "Achats par an (nombre)", achats_par_an, 1, 52),
        "taux_marque": curseur_taux("taux_marque", "Taux de marque (%)", taux_marque),
        "taux_retention": curseur_taux("taux_retention", "Taux de rétention annuel (%)", taux_retention),
        "taux_actualisation": curseur_taux("taux_actualisation", "Taux d'actualisation (%)", taux_actualisation,
                                           0.3, 0.005, 1),
        "horizon": curseur_entier("horizon", "Horizon (années)", horizon, 1, HORIZON_MAX),
    }
    fig, ax = graphiques.nouvelle_figure(6.4, 3.4, marges=marges_figure())
    annees = np.arange(1, HORIZON_MAX + 1)
    barres = ax.bar(annees, np.zeros(HORIZON_MAX), color=graphiques.BLEU, label="Valeur cumulée")
    plafond = ax.axhline(0, color=graphiques.VERMILLON, linestyle="--", linewidth=1.5,
                         label="Plafond : valeur sur un horizon infini")
    graphiques.habiller(ax, "Valeur cumulée d'un client, année après année", "Années de relation",
                        "Valeur cumulée actualisée (€)", None, "euros")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.legend(loc="upper left", fontsize=8, frameon=True, ncols=2)

    def calculer(panier_moyen, achats_par_an, taux_marque, taux_retention, taux_actualisation, horizon):
        marge = valeur_vie_simple(panier_moyen, achats_par_an, taux_marque, 1)
        return {
            "horizon": horizon,
            "marge_annuelle": marge,
            "valeur_horizon": valeur_vie_retention(marge, taux_retention, taux_actualisation, horizon),
            "valeur_infinie": valeur_vie_retention(marge, taux_retention, taux_actualisation),
            "multiple": multiple_marge(taux_retention, taux_actualisation),
            "valeur_simple": valeur_vie_simple(panier_moyen, achats_par_an, taux_marque, horizon),
            "courbe": valeur_cumulee_par_annee(marge, taux_retention, taux_actualisation, horizon),
        }

    def afficher(etat):
        duree = duree_en_annees(etat["horizon"])
        return [("Marge annuelle d'un client", euros(etat["marge_annuelle"])),
                (f"Valeur client sur {duree}", euros(etat["valeur_horizon"])),
                ("Valeur client sur un horizon infini", euros(etat["valeur_infinie"])),
                ("Multiple de marge", nombre(etat["multiple"], 2)),
                (f"Calcul simple sur {duree} (sans départ ni actualisation)", euros(etat["valeur_simple"]))]

    def dessiner(etat):
        courbe = etat["courbe"].to_numpy()
        for rang, barre in enumerate(barres):
            barre.set_height(courbe[rang] if rang < len(courbe) else 0.0)
        plafond.set_ydata([etat["valeur_infinie"], etat["valeur_infinie"]])
        ax.set_xlim(0.4, etat["horizon"] + 0.6)
        ax.set_ylim(0, max(etat["valeur_infinie"], float(courbe.max()), 1.0) * 1.3)

    return Simulateur("Simulateur de valeur client (CLV)", controles, calculer, afficher, fig, dessiner)


FOURCHETTE_PROFIT = (0.25, 0.85)  # source 001 : +5 % de fidélité → +25 % à +85 % de profit
FOURCHETTE_PROFIT_004 = (0.25, 0.55)  # source 004 : +25 % à +55 %
_OPTIONS_HORIZON = [("Infini", 0), ("5 ans", 5), ("10 ans", 10), ("20 ans", 20), ("30 ans", 30)]


def simulateur_retention_profit(taux_retention=0.8, hausse=0.05, taux_actualisation=0.10,
                                horizon=0) -> Simulateur:
    """Leçon 02 : « +5 % de rétention → +25 % à +85 % de profit » : quand est-ce vrai ?

    Calcul : :func:`~relation_client.indicateurs.variation_profit_retention` (hausse en
    points : 80 % → 85 %). Contrôles : ``taux_retention``, ``hausse``, ``taux_actualisation``,
    ``horizon`` (liste : 0 = infini, 5, 10, 20, 30 ans). Résultat : « Rétention », « Hausse
    du profit (valeur de la base de clients) », « Fourchette du manuel (+25 % à +85 %) »,
    « Fourchette de la source 004 (+25 % à +55 %) ». Graphique : la hausse du profit selon la
    rétention de départ, la fourchette citée en bande. Refus : rétention après la hausse
    au-delà de 100 %, ou valeur infinie.
    """
    horizons = [annees for _, annees in _OPTIONS_HORIZON]
    if horizon is None:
        horizon = 0
    if horizon not in horizons:
        raise ValueError(f"horizon vaut {horizon!r}, or il doit être l'un de {horizons} (0 = infini).")
    controles = {
        "taux_retention": curseur_taux("taux_retention", "Rétention de départ (%)", taux_retention),
        "hausse": curseur_taux("hausse", "Hausse de la rétention (points de %)", hausse, 0.2),
        "taux_actualisation": curseur_taux("taux_actualisation", "Taux d'actualisation (%)", taux_actualisation,
                                           0.3, 0.005, 1),
        "horizon": widgets.Dropdown(options=_OPTIONS_HORIZON, value=horizon, description="Horizon",
                                    style=STYLE_CONTROLE, layout=widgets.Layout(width="16em")),
    }
    grille = np.round(np.arange(0.30, 0.9601, 0.01), 2)
    fig, ax = graphiques.nouvelle_figure(6.4, 3.4, marges=marges_figure(left=0.15))
    bande = ax.axhspan(*FOURCHETTE_PROFIT, color=graphiques.ORANGE, alpha=0.18,
                       label="Fourchette citée : +25 % à +85 %")
    (courbe,) = ax.plot(grille, np.zeros_like(grille), color=graphiques.BLEU, linewidth=2.2,
                        label="Hausse du profit (modèle)")
    (point,) = ax.plot([0.8], [0.0], "o", color=graphiques.VERMILLON, markersize=8, label="Votre réglage")
    graphiques.habiller(ax, "Effet d'une hausse de rétention sur le profit", "Rétention de départ (%)",
                        "Hausse du profit (%)", "pourcentage", "pourcentage")
    ax.set_xlim(0.28, 0.98)
    ax.legend(loc="upper left", fontsize=8, frameon=True)
    del bande

    def calculer(taux_retention, hausse, taux_actualisation, horizon):
        duree = None if horizon == 0 else horizon
        hausse_profit = variation_profit_retention(taux_retention, hausse, taux_actualisation, duree)
        hausses_profit = np.full(grille.shape, np.nan)
        possibles = grille + hausse <= 1  # au-delà, la rétention dépasserait 100 % : pas de point
        try:  # un seul appel vectorisé dans le cas courant
            hausses_profit[possibles] = variation_profit_retention(grille[possibles], hausse,
                                                                   taux_actualisation, duree)
        except ERREURS_DE_REGLAGE:  # cas limite (valeur infinie) : point par point
            for rang in np.flatnonzero(possibles):
                try:
                    hausses_profit[rang] = variation_profit_retention(float(grille[rang]), hausse,
                                                                      taux_actualisation, duree)
                except ERREURS_DE_REGLAGE:
                    pass
        return {"r": taux_retention, "hausse": hausse, "variation": hausse_profit, "courbe": hausses_profit,
                "apres": min(taux_retention + hausse, 1.0)}

    def verdict(hausse_profit, fourchette):
        bas, haut = fourchette
        if hausse_profit < bas:
            return "en dessous"
        if hausse_profit > haut:
            return "au-dessus"
        return "dedans ✔"

    def afficher(etat):
        hausse_profit = etat["variation"]
        return [("Rétention", f"{pourcentage(etat['r'])} → {pourcentage(etat['apres'])}"),
                ("Hausse du profit (valeur de la base de clients)", variation(hausse_profit)),
                ("Fourchette du manuel (+25 % à +85 %)", verdict(hausse_profit, FOURCHETTE_PROFIT)),
                ("Fourchette de la source 004 (+25 % à +55 %)", verdict(hausse_profit, FOURCHETTE_PROFIT_004))]

    def dessiner(etat):
        hausses_profit = etat["courbe"]
        courbe.set_ydata(hausses_profit)
        point.set_data([etat["r"]], [etat["variation"]])
        finies = hausses_profit[np.isfinite(hausses_profit)]
        haut = max(1.0, float(finies.max()) if finies.size else 1.0, etat["variation"])
        ax.set_ylim(min(0.0, etat["variation"]), min(haut, 3.0) * 1.08)

    return Simulateur("Rétention et profit : tester « +5 % de fidélité → +25 % à +85 % de profit »",
                      controles, calculer, afficher, fig, dessiner)
