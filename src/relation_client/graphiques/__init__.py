"""Graphiques du cours : un seul style, lisible par tous, nombres à la française.

Toutes les fonctions construisent une ``matplotlib.figure.Figure`` avec l'API objet
(canevas Agg), sans passer par l'état global de ``pyplot`` : deux figures ne se
mélangent jamais, et un widget peut garder *sa* figure et la mettre à jour.

Le paquet a trois modules, un par travail ; leurs noms publics s'importent d'ici
(``from relation_client.graphiques import barres_figure``) :

- :mod:`~relation_client.graphiques.style` : palette d'Okabe et Ito, formats français des
  axes (``1 234``, ``12 %``, ``1 500 €``, ``2,3 M``), axes de dates en mois français,
  :func:`nouvelle_figure`, :func:`habiller`, :func:`en_png` ;
- :mod:`~relation_client.graphiques.description` : l'alternative textuelle en français de
  chaque figure (:func:`decrire`), et l'affichage d'une figure décrite dans un notebook
  (:func:`activer_affichage_notebook`, appelée à l'import) ;
- :mod:`~relation_client.graphiques.figures` : les figures des leçons (``*_figure``).

>>> fig, ax = nouvelle_figure()
>>> habiller(ax, "Ventes par mois", "Mois", "Ventes (€)", format_y="euros")
>>> en_png(fig)[:8] == b"\\x89PNG\\r\\n\\x1a\\n"
True
"""

from .description import (FigureDecrite, activer_affichage_notebook, attacher_description, decrire,
                          paquet_affichage)
from .figures import (barres_figure, barres_groupees_figure, cohortes_figure, courbe_pareto_figure,
                      entonnoir_figure, evolution_figure, maj_entonnoir, tracer_entonnoir)
from .style import (BLEU, BLEU_CIEL, CARTE_COULEURS, GRIS, HAUTEUR, JAUNE, LARGEUR, MOIS_FR, NOIR, ORANGE,
                    PALETTE, POURPRE, RESOLUTION, VERMILLON, VERT, FormatDates, FormatFrancais,
                    GraduationsMois, en_dates, en_png, formater_axe, graduer_dates, habiller, nom_mois,
                    nouvelle_figure, styliser, texte_valeur)

__all__ = [
    "PALETTE",
    "BLEU",
    "ORANGE",
    "VERT",
    "VERMILLON",
    "BLEU_CIEL",
    "POURPRE",
    "JAUNE",
    "NOIR",
    "GRIS",
    "CARTE_COULEURS",
    "FormatFrancais",
    "MOIS_FR",
    "nom_mois",
    "GraduationsMois",
    "FormatDates",
    "graduer_dates",
    "en_dates",
    "nouvelle_figure",
    "styliser",
    "habiller",
    "formater_axe",
    "en_png",
    "decrire",
    "attacher_description",
    "FigureDecrite",
    "activer_affichage_notebook",
    "paquet_affichage",
    "barres_groupees_figure",
    "courbe_pareto_figure",
    "entonnoir_figure",
    "cohortes_figure",
    "evolution_figure",
    "barres_figure",
    "texte_valeur",
    "tracer_entonnoir",
    "maj_entonnoir",
]
