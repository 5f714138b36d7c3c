"""Statuts d'une copie corrigée et de ses questions : les mots communs au correcteur et au bilan.

Module feuille (aucun import du paquet) : :mod:`relation_client.correction` écrit ces statuts dans
``notes.csv`` et les retours, :mod:`relation_client.bilan` les relit pour trier les copies.

>>> ACCES_CORRIGE in STATUTS
True
>>> LIBELLES_QUESTION["juste"]
'Juste'
"""

__all__ = ["OK", "PARTIEL", "DELAI", "NOYAU_ARRETE", "INVALIDE", "MAUVAIS_EXERCICE", "ACCES_CORRIGE",
           "STATUTS", "LIBELLES_QUESTION"]

# Statuts d'une copie (colonne « statut » de notes.csv).
OK = "ok"
PARTIEL = "partiel"
DELAI = "délai dépassé"
NOYAU_ARRETE = "noyau arrêté"
INVALIDE = "notebook invalide"
MAUVAIS_EXERCICE = "mauvais exercice"
ACCES_CORRIGE = "à vérifier : accès au corrigé"  # la copie lit la clé (relation_client.acces_corrige)
STATUTS = (OK, PARTIEL, DELAI, NOYAU_ARRETE, INVALIDE, MAUVAIS_EXERCICE, ACCES_CORRIGE)

# Libellés des statuts de question (retours et remarques).
LIBELLES_QUESTION = {
    "juste": "Juste",
    "faux": "Pas encore (faux)",
    "a_completer": "à compléter",
    "invalide": "Pas encore (réponse d'un genre inattendu)",
    "inconnue": "question inconnue",
    "manuel": "à corriger par l'enseignant",
    "erreur": "Erreur à l'exécution",
    "indisponible": "Correction indisponible (panne côté enseignant)",
    "non_atteinte": "non atteinte",
    "acces_corrige": "À vérifier : accès au corrigé (0 point)",
}
