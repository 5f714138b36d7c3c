"""Leçon 01 (conquérir) : l'entonnoir de conquête, des visites aux clients fidèles."""

from __future__ import annotations

import pandas as pd

from .. import graphiques
from ..formatage import ESPACE_UNITE, euros, nombre, pourcentage
from ..simulations import entonnoir
from .base import Simulateur, curseur_entier, curseur_reel, curseur_taux, marges_figure


def simulateur_entonnoir(visites=10_000, taux_lead=0.05, taux_premier_achat=0.2,
                         taux_second_achat=0.3, depense=5_000.0) -> Simulateur:
    """Leçon 01 : l'entonnoir de conquête (:func:`~relation_client.simulations.entonnoir`).

    Contrôles : ``visites``, ``taux_lead``, ``taux_premier_achat``, ``taux_second_achat``,
    ``depense``. Résultat : « Contacts qualifiés (leads) », « Clients gagnés (premier achat) », « Clients fidèles
    (second achat) », « Conversion visites → clients », « Coût par contact qualifié (CPL) », « Coût
    d'acquisition client (CAC) ». Refus : aucun lead ou aucun client gagné.
    """
    controles = {
        "visites": curseur_entier("visites", "Visites sur le site (nombre)", visites, 0, 200_000, 500),
        "taux_lead": curseur_taux("taux_lead", "Visites → contacts qualifiés (%)", taux_lead, 0.3, 0.001, 1),
        "taux_premier_achat": curseur_taux("taux_premier_achat", "Contacts qualifiés → premier achat (%)",
                                           taux_premier_achat),
        "taux_second_achat": curseur_taux("taux_second_achat", "Premier achat → second achat (%)",
                                          taux_second_achat),
        "depense": curseur_reel("depense", "Dépense de la campagne (€)", depense, 0, 100_000, 500),
    }
    etapes = ["Visites", "Contacts qualifiés", "Premier achat", "Second achat"]
    fig, ax = graphiques.nouvelle_figure(6.4, 3.2, marges=marges_figure(left=0.2, bottom=0.12, right=0.98))
    barres, textes = graphiques.tracer_entonnoir(ax, pd.Series([1.0, 0.5, 0.2, 0.1], index=etapes),
                                                 "personnes")
    ax.set_title("Entonnoir de conquête", fontsize=11, fontweight="bold", y=1.0)

    def afficher(etat):
        return [("Contacts qualifiés (leads)", nombre(etat["leads"])),
                ("Clients gagnés (premier achat)", nombre(etat["premiers_achats"])),
                ("Clients fidèles (second achat)", nombre(etat["clients_fideles"])),
                ("Conversion visites → clients", pourcentage(etat["conversion_globale"], 2)),
                ("Coût par contact qualifié (CPL)", euros(etat["cout_par_lead"])),
                ("Coût d'acquisition client (CAC)", euros(etat["cout_acquisition_client"]))]

    def dessiner(etat):
        graphiques.maj_entonnoir(ax, barres, textes, [etat["visites"], etat["leads"], etat["premiers_achats"],
                                                      etat["clients_fideles"]])
        ax.set_title(f"Entonnoir de conquête (CAC{ESPACE_UNITE}: {euros(etat['cout_acquisition_client'])})",
                     fontsize=11, fontweight="bold", y=1.0)

    return Simulateur("Simulateur d'entonnoir : des visites aux clients fidèles", controles, entonnoir,
                      afficher, fig, dessiner)
