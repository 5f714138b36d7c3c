"""Relation client par les données : la bibliothèque du cours.

Les fonctions de calcul (valeur client, indicateurs, segmentation) sont pures et
documentées ; les notebooks du cours les importent au lieu de retaper les formules.
"""

__version__ = "0.1.0"
