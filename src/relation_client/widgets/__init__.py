"""Les simulateurs interactifs des leçons (ipywidgets), un module par travail.

- :mod:`~relation_client.widgets.base` : la classe :class:`Simulateur` (contrôles, chiffres,
  graphique, refus), les fabriques de curseurs, la lecture française des valeurs et le script
  d'accessibilité ;
- un module par leçon pour ses simulateurs : :mod:`~relation_client.widgets.prise_en_main` (00),
  :mod:`~relation_client.widgets.conquerir` (01), :mod:`~relation_client.widgets.fideliser` (02),
  :mod:`~relation_client.widgets.outils_numeriques` (03), :mod:`~relation_client.widgets.rejet` (04),
  :mod:`~relation_client.widgets.etude_de_cas` (06) ;
- :mod:`~relation_client.widgets.quiz` : le quiz à boutons (et celui de la leçon 04) ;
- :mod:`~relation_client.widgets.tableau_de_bord` : le tableau de bord des KPI (leçon 05) ;
- :mod:`~relation_client.widgets.projecteur` : le style « vidéoprojecteur » du mode classe (Voilà).

Les notebooks importent d'ici : ``from relation_client.widgets import simulateur_entonnoir``.
Aucune formule dans ce paquet : les calculs viennent de :mod:`relation_client.valeur`,
:mod:`relation_client.indicateurs` et :mod:`relation_client.simulations` (voir
``docs/developpeurs.md``).
"""

from .base import (
    CURSEURS,
    ERREURS_DE_REGLAGE,
    LARGEUR_MIN_CURSEUR,
    SCRIPT_ACCESSIBILITE,
    Simulateur,
    lecture_francaise,
)
from .conquerir import simulateur_entonnoir
from .etude_de_cas import GENESYS_PART_CLIENTS_EXISTANTS, simulateur_budget
from .fideliser import (
    FOURCHETTE_PROFIT,
    FOURCHETTE_PROFIT_004,
    HORIZON_MAX,
    simulateur_retention_profit,
    simulateur_valeur_client,
)
from .outils_numeriques import calculateur_influence
from .prise_en_main import premier_curseur
from .projecteur import STYLE_PROJECTEUR, style_projecteur
from .quiz import QUESTIONS_REJET, QuestionQuiz, Quiz, quiz
from .rejet import JOURS_MAX, simulateur_bad_buzz, simulateur_pression_email
from .tableau_de_bord import TOUTES, tableau_de_bord_kpi

__all__ = [
    "Simulateur",
    "Quiz",
    "QUESTIONS_REJET",
    "premier_curseur",
    "simulateur_entonnoir",
    "simulateur_valeur_client",
    "simulateur_retention_profit",
    "calculateur_influence",
    "simulateur_pression_email",
    "simulateur_bad_buzz",
    "quiz",
    "style_projecteur",
    "tableau_de_bord_kpi",
    "simulateur_budget",
]
