"""Version imprimable du cours : ``relation-client pdf --sortie pdf`` (ou ``make pdf``).

Écrit dans le dossier de sortie, pour le jour où la salle informatique ne fonctionne pas :

- ``lecons/`` : les leçons (``notebooks/0*.ipynb``), parcours essentiel ; les cellules marquées
  ``approfondissement`` (« Pour aller plus loin ») sont ajoutées avec ``--approfondissement``.
  Les sorties enregistrées (tableaux, figures) sont gardées ; le code est montré sobrement, ou
  masqué avec ``--sans-code`` ; chaque simulateur est figé dans son dernier état enregistré ;
- ``syntheses/`` : les fiches de synthèse des élèves (``docs/eleves/syntheses/*.md``) ;
- ``fiches_enseignant/`` : les fiches de l'enseignant (``docs/enseignant/fiches/*.md``) ;
- ``exercices/`` : une **version papier** de chaque exercice (``exercises/*.ipynb``) : énoncés,
  tableaux de données, figures et valeurs préparées par les cellules de calcul, des cadres de
  réponse, et aucun code. Les valeurs viennent de l'exécution du notebook d'**exercice** (jamais
  du corrigé) dans un dossier temporaire : aucune réponse ne peut y apparaître.

Chaque document est une page HTML (``lang="fr"``, espaces insécables de la typographie française,
tableaux et figures jamais coupés) imprimée en PDF A4 par le Chromium de Debian (``/usr/bin/chromium``)
piloté par Playwright, avec un pied de page « page X / Y ». Ni LaTeX ni réseau.

Sécurité : rien n'est écrit hors du dossier de sortie ; un dossier non vide qui n'a pas été créé
par cet outil n'est jamais modifié, sauf avec ``--ecraser`` (et même alors rien n'y est supprimé).

Un module par travail :

- :mod:`.typographie` : espaces insécables de la typographie française, Markdown en HTML, titres ;
- :mod:`.page` : :class:`Document`, le style d'impression et :func:`page_html` ;
- :mod:`.cellules` : les sorties enregistrées des cellules en HTML, les marques des cellules ;
- :mod:`.lecons` et :mod:`.fiches` : une leçon, une fiche Markdown en page imprimable ;
- :mod:`.execution` : l'exécution d'un exercice et les sondes des valeurs préparées ;
- :mod:`.papier` : la version papier d'un exercice ;
- :mod:`.pdf` : l'impression par Chromium ;
- :mod:`.commande` : :func:`construire_pdf` et la sous-commande ``relation-client pdf``.
"""

from relation_client.impression.cellules import (
    MIME_VALEURS,
    MIME_VUE,
    NOTE_SIMULATEUR_LECON,
    NOTE_SIMULATEUR_PAPIER,
    TAG_APPROFONDISSEMENT,
)
from relation_client.impression.commande import MARQUE, ajouter_arguments, construire_pdf, executer
from relation_client.impression.execution import executer_exercice, valeurs_preparees
from relation_client.impression.fiches import DOSSIER_FICHES, DOSSIER_SYNTHESES, document_fiche
from relation_client.impression.lecons import DOSSIER_LECONS, document_lecon
from relation_client.impression.page import STYLE, Document, ErreurImpression, page_html
from relation_client.impression.papier import (
    CONSIGNE_PAPIER,
    DOSSIER_EXERCICES,
    NOTE_DEPENDANTE,
    document_exercice,
)
from relation_client.impression.pdf import (
    AJUSTER_TABLEAUX,
    CHROMIUM,
    DRAPEAUX_CHROMIUM,
    LARGEUR_UTILE_PX,
    compter_pages,
    imprimer,
)
from relation_client.impression.typographie import markdown_html, typographier

__all__ = ["Document", "ErreurImpression", "typographier", "markdown_html", "document_lecon",
           "document_fiche", "document_exercice", "executer_exercice", "valeurs_preparees",
           "imprimer", "construire_pdf", "compter_pages", "ajouter_arguments", "executer"]
