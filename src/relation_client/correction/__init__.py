"""Correction automatique d'une classe : ``relation-client corriger``.

Chaque copie (un notebook ``.ipynb`` par élève) est exécutée dans un noyau neuf, sur une copie
temporaire, dans un processus de correction que l'on peut arrêter à tout moment : une boucle
infinie, un ``os._exit``, un noyau qui meurt ou une allocation démesurée n'arrêtent que cette copie.
Détails pour l'enseignant dans ``docs/correction.md``. Un module par étape :

- :mod:`.copies` : lecture de la copie (empreinte SHA-256 avant et après, la copie rendue n'est jamais
  modifiée ; JSON valide ? bon exercice ?), analyse des accès au corrigé
  (:mod:`relation_client.acces_corrige`), instrumentation : chaque vérification de l'élève devient une
  cellule de *capture*, et une capture suit chaque cellule de réponse ;
- :mod:`.capture` : le code exécuté dans le noyau de l'élève (petit, bibliothèque standard seulement) ;
  il publie la valeur de ``reponse`` en JSON marqué par son type. Ce que la copie affichait
  (« Juste » ou « Pas encore ») ne compte pas ;
- :mod:`.travailleur` : le processus de correction (un par cœur) : noyau Jupyter neuf (nbclient),
  dossier de travail temporaire, délai par cellule, limite de mémoire héritée par le noyau ;
- :mod:`.ordonnancement` : la boucle du processus principal (délai par copie, processus perdus,
  progression) ;
- :mod:`.decodage` et :mod:`.notation` : notation dans le processus principal, avec la clé de
  correction du paquet (``relation_client.verification.evaluer``) appliquée aux valeurs reçues, jamais
  avec ce que le notebook a affiché, et sans jamais désérialiser un objet Python de l'élève ;
- :mod:`.rapports` : ``notes.csv`` et un retour par élève (``retours/<élève>.md``) ; le bilan de la
  classe (``bilan.html``) est écrit par :mod:`relation_client.bilan` ;
- :mod:`.commande` : :func:`corriger_dossier` et la sous-commande.

Les statuts d'une copie viennent de :mod:`relation_client.statuts_correction`, que le bilan lit aussi.
"""

from relation_client.correction import capture, copies, decodage, ordonnancement, rapports
from relation_client.correction.capture import TYPE_MIME
from relation_client.correction.commande import (MEMOIRE_DEFAUT_GO, ErreurCorrection, ajouter_arguments,
                                                 corriger_dossier, executer)
from relation_client.correction.copies import Copie, instrumenter, lire_copie, lister_copies
from relation_client.correction.decodage import ObjetNonTransmis
from relation_client.correction.notation import (APPROFONDISSEMENT, CHOIX_PARCOURS, ESSENTIEL, TOUS,
                                                 CopieNotee, NoteQuestion)
from relation_client.correction.rapports import COLONNES_PARCOURS
from relation_client.statuts_correction import (ACCES_CORRIGE, DELAI, INVALIDE, LIBELLES_QUESTION,
                                                MAUVAIS_EXERCICE, NOYAU_ARRETE, OK, PARTIEL, STATUTS)

__all__ = ["corriger_dossier", "lister_copies", "lire_copie", "instrumenter", "ajouter_arguments", "executer",
           "ErreurCorrection", "STATUTS", "ObjetNonTransmis"]

# Le nom qu'appellent les cellules de capture des copies instrumentées (capture.ligne_capture).
_capturer = capture.capturer
