"""Leçon 00 (prise en main) : le premier curseur, la marge d'un client sur un an."""

from __future__ import annotations

import numpy as np

from .. import graphiques
from ..controles import exiger_nombre, exiger_taux
from ..formatage import euros, nombre, pourcentage
from ..valeur import valeur_vie_simple
from .base import Simulateur, curseur_entier, marges_figure


def premier_curseur(achats_par_an=4, panier_moyen=30.0, taux_marque=0.4) -> Simulateur:
    """Leçon 00 : un curseur (achats par an), un résultat (marge d'un client sur un an).

    Calcul : :func:`~relation_client.valeur.valeur_vie_simple` sur un an. Contrôle :
    ``achats_par_an`` (1 à 24). Résultat : « Achats par an », « Marge rapportée par ce
    client en un an ». Graphique : la marge pour 1 à 24 achats, la barre choisie en orange.
    """
    panier_moyen = exiger_nombre("panier_moyen", panier_moyen)
    taux_marque = exiger_taux("taux_marque", taux_marque)
    controles = {"achats_par_an": curseur_entier("achats_par_an", "Achats par an (nombre)", achats_par_an,
                                                 1, 24)}
    possibles = np.arange(1, 25)
    marges = valeur_vie_simple(panier_moyen, possibles, taux_marque, 1)
    fig, ax = graphiques.nouvelle_figure(6.0, 3.0, marges=marges_figure(bottom=0.2))
    barres = ax.bar(possibles, marges, color=graphiques.BLEU_CIEL)
    graphiques.habiller(ax, "Marge d'un client sur un an, selon ses achats", "Achats par an (nombre)",
                        "Marge sur un an (€)", None, "euros")
    ax.set_xlim(0.3, 24.7)
    ax.set_ylim(0, max(float(np.max(marges)), 1.0) * 1.12)
    repere = ax.text(0, 0, "", ha="center", va="bottom", fontsize=9, fontweight="bold",
                     color=graphiques.VERMILLON)

    def calculer(achats_par_an):
        return {"achats_par_an": achats_par_an,
                "marge": valeur_vie_simple(panier_moyen, achats_par_an, taux_marque, 1)}

    def afficher(etat):
        return [("Achats par an", nombre(etat["achats_par_an"])),
                ("Marge rapportée par ce client en un an", euros(etat["marge"]))]

    def dessiner(etat):
        for achats, barre in enumerate(barres, start=1):
            barre.set_color(graphiques.VERMILLON if achats == etat["achats_par_an"] else graphiques.BLEU_CIEL)
        repere.set_position((etat["achats_par_an"], etat["marge"]))
        repere.set_text(euros(etat["marge"], 0))

    return Simulateur("Premier curseur : la marge d'un client", controles, calculer, afficher, fig, dessiner,
                      consigne=f"Panier moyen HT : {euros(panier_moyen)}, taux de marque (marge ÷ prix de vente HT) : "
                               f"{pourcentage(taux_marque, 0)}. Déplacez le curseur.")
