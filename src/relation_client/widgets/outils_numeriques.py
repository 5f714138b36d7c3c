"""Leçon 03 (outils numériques) : le retour sur investissement d'une campagne d'influence."""

from __future__ import annotations

from .. import graphiques
from ..formatage import euros, nombre, variation
from ..simulations import roi_influence
from .base import Simulateur, curseur_entier, curseur_reel, curseur_taux, marges_figure


def calculateur_influence(cout=5_000.0, portee=382_000, taux_engagement=0.047, taux_visite=0.2,
                          taux_conversion=0.03, panier_moyen=40.0, taux_marque=0.5) -> Simulateur:
    """Leçon 03 : le ROI d'une campagne d'influence (:func:`~relation_client.simulations.roi_influence`).

    Valeurs de départ inspirées du cas Birchbox (source 001 : 382 000 abonnés, 18 000
    j'aime, soit ≈ 4,7 % d'engagement). Contrôles : ``cout``, ``portee``,
    ``taux_engagement``, ``taux_visite``, ``taux_conversion``, ``panier_moyen``,
    ``taux_marque``. Résultat : « Interactions », « Visiteurs sur le site », « Ventes »,
    « Chiffre d'affaires HT », « Marge dégagée », « Coût par visiteur », « Retour sur
    investissement (ROI) ». Refus : aucun visiteur, ou campagne gratuite (ROI sans objet).
    """
    controles = {
        "cout": curseur_reel("cout", "Coût de la campagne (€)", cout, 0, 100_000, 500),
        "portee": curseur_entier("portee", "Portée (personnes touchées)", portee, 0, 2_000_000, 2_000),
        "taux_engagement": curseur_taux("taux_engagement", "Engagement (% de la portée)", taux_engagement, 0.2,
                                        0.001, 1),
        "taux_visite": curseur_taux("taux_visite", "Engagés qui visitent le site (%)", taux_visite),
        "taux_conversion": curseur_taux("taux_conversion", "Visiteurs qui achètent (%)", taux_conversion, 0.2,
                                        0.001, 1),
        "panier_moyen": curseur_reel("panier_moyen", "Panier moyen HT (€)", panier_moyen, 1, 300, 1),
        "taux_marque": curseur_taux("taux_marque", "Taux de marque (%)", taux_marque),
    }
    fig, ax = graphiques.nouvelle_figure(5.6, 3.2, marges=marges_figure(left=0.17))
    barres = ax.bar(["Coût de la campagne", "Marge des ventes"], [0, 0],
                    color=[graphiques.VERMILLON, graphiques.VERT], width=0.55)
    textes = [ax.text(position, 0, "", ha="center", va="bottom", fontsize=9, fontweight="bold")
              for position in range(2)]
    graphiques.habiller(ax, "Ce que la campagne coûte et ce qu'elle rapporte", "", "Montant (€)", None,
                        "euros")

    def afficher(etat):
        roi = etat["retour_sur_investissement"]
        return [("Interactions", nombre(etat["interactions"])),
                ("Visiteurs sur le site", nombre(etat["visites"])),
                ("Ventes", nombre(etat["ventes"])),
                ("Chiffre d'affaires HT", euros(etat["chiffre_affaires"])),
                ("Marge dégagée", euros(etat["marge"])),
                ("Coût par visiteur", euros(etat["cout_par_visiteur"])),
                ("Retour sur investissement (ROI)", variation(roi)),
                "<span>" + ("La marge des ventes directes couvre le coût de la campagne."
                            if roi >= 0 else
                            "La marge des ventes directes ne couvre pas le coût de la campagne "
                            "(l'image de marque n'est pas comptée).") + "</span>"]

    def dessiner(etat):
        valeurs = [etat["cout"], etat["marge"]]
        for barre, texte, montant, position in zip(barres, textes, valeurs, range(2)):
            barre.set_height(montant)
            texte.set_position((position, montant))
            texte.set_text(euros(montant, 0))
        ax.set_ylim(0, max(max(valeurs), 1.0) * 1.18)

    return Simulateur("Calculateur de ROI d'une campagne d'influence", controles, roi_influence, afficher,
                      fig, dessiner)
