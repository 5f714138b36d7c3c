"""Leçon 06 (étude de cas) : partager un budget entre conquête et fidélisation."""

from __future__ import annotations

import numpy as np

from .. import graphiques
from ..controles import exiger_nombre
from ..formatage import euros, nombre, pourcentage
from ..simulations import courbe_repartition_budget, meilleure_repartition, repartition_budget
from .base import Simulateur, curseur_entier, curseur_reel, curseur_taux, duree_en_annees, marges_figure


GENESYS_PART_CLIENTS_EXISTANTS = 0.02  # source 000 : ≈ 2 % du budget pour les clients existants


def simulateur_budget(budget=200_000.0, part_fidelisation=0.2, cout_acquisition_client=100.0,
                      taux_retention_base=0.6, marge_annuelle=60.0, clients_actuels=10_000,
                      efficacite_fidelisation=0.05, annees=3,
                      taux_actualisation=0.10) -> Simulateur:
    """Leçon 06 : partager un budget entre conquête et fidélisation
    (:func:`~relation_client.simulations.repartition_budget`).

    Contrôles : ``budget``, ``part_fidelisation``, ``cout_acquisition_client``,
    ``taux_retention_base``, ``marge_annuelle``, ``clients_actuels``,
    ``efficacite_fidelisation``, ``taux_actualisation`` (``annees`` est fixé à la
    construction). Résultat : « Dépense de conquête par an », « Dépense de fidélisation
    par an », « Rétention obtenue la 1re année », « Nouveaux clients sur 3 ans », « Clients
    au bout de 3 ans », « Profit actualisé sur 3 ans », « Meilleure répartition »
    (:func:`~relation_client.simulations.meilleure_repartition`), « À parts égales (50 % / 50 %) »,
    « Comme Genesys (2 % pour fidéliser) ». Graphique : profit selon la part de fidélisation, votre
    réglage et l'optimum.
    """
    annees = int(exiger_nombre("annees", annees))
    if not 1 <= annees <= 20:
        raise ValueError(f"annees vaut {annees}, or le simulateur va de 1 à 20 ans.")
    controles = {
        "budget": curseur_reel("budget", "Budget marketing annuel (€)", budget, 0, 1_000_000, 10_000),
        "part_fidelisation": curseur_taux("part_fidelisation", "Part du budget pour fidéliser (%)",
                                          part_fidelisation),
        "cout_acquisition_client": curseur_reel("cout_acquisition_client",
                                                "Coût d'acquisition d'un client (CAC, €)",
                                                cout_acquisition_client, 10, 500, 5),
        "taux_retention_base": curseur_taux("taux_retention_base", "Rétention sans action de fidélisation (%)",
                                            taux_retention_base, 0.99),
        "marge_annuelle": curseur_reel("marge_annuelle", "Marge annuelle d'un client (€)", marge_annuelle,
                                       5, 500, 5),
        "clients_actuels": curseur_entier("clients_actuels", "Clients au départ (nombre)", clients_actuels, 100,
                                          100_000, 100),
        "efficacite_fidelisation": curseur_taux("efficacite_fidelisation",
                                                "Départs évités par euro dépensé par client (%)",
                                                efficacite_fidelisation, 0.2, 0.005, 1),
        "taux_actualisation": curseur_taux("taux_actualisation", "Taux d'actualisation (%)", taux_actualisation,
                                           0.3, 0.005, 1),
    }
    fig, ax = graphiques.nouvelle_figure(6.4, 3.4, marges=marges_figure(left=0.17))
    (ligne_profit,) = ax.plot([0, 1], [0, 0], color=graphiques.BLEU, linewidth=2.2, label="Profit sur la période")
    (point,) = ax.plot([0.2], [0], "o", color=graphiques.VERMILLON, markersize=9, label="Votre répartition")
    (optimum,) = ax.plot([0.5], [0], "*", color=graphiques.VERT, markersize=14, label="Meilleure répartition")
    ax.axvline(GENESYS_PART_CLIENTS_EXISTANTS, color=graphiques.GRIS, linestyle=":", linewidth=1.2,
               label="≈ 2 % (Genesys)")
    graphiques.habiller(ax, f"Profit actualisé sur {duree_en_annees(annees)} selon la part pour fidéliser",
                        "Part du budget consacrée à fidéliser (%)", "Profit actualisé (€)", "pourcentage",
                        "euros")
    ax.set_xlim(-0.02, 1.02)
    ax.legend(loc="lower center", fontsize=7, frameon=True, ncols=2)
    # La courbe (tous les 1 %) et la meilleure part ne changent qu'avec les autres réglages.
    cache: dict = {}

    def calculer(part_fidelisation, **autres):
        tableau = repartition_budget(part_fidelisation=part_fidelisation, annees=annees, **autres)
        cle = tuple(sorted(autres.items()))
        if cache.get("cle") != cle:
            cache["cle"] = cle
            cache["courbe"] = courbe_repartition_budget(annees=annees, parts=101, **autres)
            cache["meilleure"] = meilleure_repartition(annees=annees, pas=0.01, **autres)
        courbe, meilleure = cache["courbe"], cache["meilleure"]
        moitie = int(np.argmin(np.abs(courbe["part_fidelisation"].to_numpy() - 0.5)))
        genesys = repartition_budget(part_fidelisation=GENESYS_PART_CLIENTS_EXISTANTS, annees=annees, **autres)
        return {"tableau": tableau, "courbe": courbe, "part": part_fidelisation,
                "profit": tableau.attrs["profit_total"],
                "part_optimale": meilleure["part_fidelisation"],
                "profit_optimal": meilleure["profit_total"],
                "profit_moitie": float(courbe["profit_total"].iloc[moitie]),
                "profit_genesys": genesys.attrs["profit_total"]}

    def afficher(etat):
        tableau = etat["tableau"]
        duree = duree_en_annees(annees)
        return [("Dépense de conquête par an", euros(tableau["depense_acquisition"].iloc[0], 0)),
                ("Dépense de fidélisation par an", euros(tableau["depense_fidelisation"].iloc[0], 0)),
                ("Rétention obtenue la 1re année", pourcentage(tableau["taux_retention"].iloc[0])),
                (f"Nouveaux clients sur {duree}", nombre(tableau["nouveaux_clients"].sum())),
                (f"Clients au bout de {duree}", nombre(tableau["clients_fin"].iloc[-1])),
                (f"Profit actualisé sur {duree}", euros(etat["profit"], 0)),
                ("Meilleure répartition", f"{pourcentage(etat['part_optimale'], 0)} pour fidéliser → "
                                          f"{euros(etat['profit_optimal'], 0)}"),
                ("À parts égales (50 % / 50 %)", euros(etat["profit_moitie"], 0)),
                ("Comme Genesys (2 % pour fidéliser)", euros(etat["profit_genesys"], 0))]

    def dessiner(etat):
        parts, profits = etat["courbe"]["part_fidelisation"].to_numpy(), etat["courbe"]["profit_total"].to_numpy()
        ligne_profit.set_data(parts, profits)
        point.set_data([etat["part"]], [etat["profit"]])
        optimum.set_data([etat["part_optimale"]], [etat["profit_optimal"]])
        bas, haut = float(min(profits.min(), etat["profit"])), float(max(profits.max(), etat["profit"]))
        marge = (haut - bas) * 0.12 or abs(haut) * 0.1 or 1.0
        ax.set_ylim(bas - marge, haut + marge)

    return Simulateur("Budget : conquérir ou fidéliser ?", controles, calculer, afficher, fig, dessiner)
