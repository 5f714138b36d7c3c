"""Le format des corrigés et des exercices (``docs/format_exercices.md``) : ses marques et sa lecture.

Module léger (bibliothèque standard seulement), partagé par la lecture des notebooks
(:mod:`relation_client.exercices`, le correcteur, le kit) et par les préprocesseurs nbconvert
qui fabriquent les exercices (:mod:`relation_client.pretraitements`).

>>> cellule = {"cell_type": "code", "source": ["x = 1\\n", "y = 2"],
...            "metadata": {"relation_client": {"question": "2.3", "role": "reponse"}}}
>>> source_cellule(cellule)
'x = 1\\ny = 2'
>>> question_et_role(cellule)
('2.3', 'reponse')
>>> regions_marquees(["a", "### BEGIN SOLUTION", "b", "### END SOLUTION"], DEBUT_SOLUTION, FIN_SOLUTION)
[(1, 3)]
"""

from __future__ import annotations

__all__ = ["PLACEHOLDER", "DEBUT_SOLUTION", "FIN_SOLUTION", "DEBUT_TESTS", "FIN_TESTS", "ROLES",
           "TEXTE_A_COMPLETER", "source_cellule", "question_et_role", "regions_marquees"]

#: Ce qui remplace, dans l'exercice, chaque région de solution du corrigé.
PLACEHOLDER = "reponse = ...  # à vous de jouer"
DEBUT_SOLUTION = "### BEGIN SOLUTION"
FIN_SOLUTION = "### END SOLUTION"
DEBUT_TESTS = "### BEGIN HIDDEN TESTS"
FIN_TESTS = "### END HIDDEN TESTS"
ROLES = ("enonce", "reponse", "verification", "reponse_texte")
#: Texte d'une cellule Markdown de réponse écrite, tant que l'élève ne l'a pas remplacé.
TEXTE_A_COMPLETER = "*Écrivez votre réponse ici.*"


def source_cellule(cellule) -> str:
    """Texte d'une cellule, que sa source soit une chaîne ou une liste de lignes (même abîmée)."""
    source = cellule.get("source", "")
    if isinstance(source, list):
        source = "".join(str(s) for s in source)
    return str(source)


def question_et_role(cellule) -> tuple[str | None, str | None]:
    """(identifiant, rôle) d'une cellule, ou (None, None) ; tolérant aux métadonnées abîmées."""
    try:
        meta = cellule.get("metadata", {}).get("relation_client")
        if not isinstance(meta, dict):
            return None, None
        ident, role = meta.get("question"), meta.get("role")
        if not isinstance(ident, str) or role not in ROLES:
            return None, None
        return ident, role
    except AttributeError:
        return None, None


def regions_marquees(lignes: list[str], debut: str, fin: str) -> list[tuple[int, int]] | str:
    """Paires (ligne de début, ligne de fin) des régions, ou un message d'erreur."""
    regions, ouverte = [], None
    for numero, ligne in enumerate(lignes):
        marque = ligne.strip()
        if marque == debut:
            if ouverte is not None:
                return f"« {debut} » ligne {numero + 1} alors que la région précédente n'est pas fermée"
            ouverte = numero
        elif marque == fin:
            if ouverte is None:
                return f"« {fin} » ligne {numero + 1} sans « {debut} » avant"
            regions.append((ouverte, numero))
            ouverte = None
    if ouverte is not None:
        return f"région « {debut} » ligne {ouverte + 1} jamais fermée par « {fin} »"
    return regions
