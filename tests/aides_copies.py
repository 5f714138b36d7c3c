"""Copies d'élèves fabriquées à partir d'un exercice (``exercises/``) et de son corrigé (``solutions/``).

Partagé par ``test_paquet.py`` (roue installée) et ``test_nbgrader.py`` (nbgrader) : une copie
« complète » (toutes les réponses du corrigé), une « moitié » (une question sur deux), une « vide »
(l'exercice tel quel). Les notes attendues viennent de la clé de correction, pas d'une exécution.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path

RACINE = Path(__file__).resolve().parents[1]
MARQUES_SOLUTION = ("### BEGIN SOLUTION", "### END SOLUTION")


def _meta(cellule) -> dict:
    return (cellule.get("metadata") or {}).get("relation_client") or {}


def _source(cellule) -> str:
    source = cellule.get("source", "")
    return source if isinstance(source, str) else "".join(source)


def chemins(numero: str) -> tuple[Path, Path]:
    """(exercice, corrigé) du numéro donné, dans le dépôt."""
    exercice = next(iter(sorted((RACINE / "exercises").glob(f"{numero}_*.ipynb"))))
    return exercice, RACINE / "solutions" / exercice.name


def reponses_du_corrige(corrige: dict) -> dict[str, str]:
    """Question → code (ou texte) de la réponse du corrigé, marqueurs de solution retirés."""
    reponses = {}
    for cellule in corrige["cells"]:
        meta = _meta(cellule)
        if meta.get("role") in ("reponse", "reponse_texte"):
            lignes = [ligne for ligne in _source(cellule).split("\n") if ligne.strip() not in MARQUES_SOLUTION]
            reponses[meta["question"]] = "\n".join(lignes)
    return reponses


def copie(exercice: dict, reponses: dict[str, str], remplies) -> dict:
    """L'exercice dont les cellules de réponse des questions ``remplies`` portent la réponse du corrigé."""
    nb = copy.deepcopy(exercice)
    for cellule in nb["cells"]:
        meta = _meta(cellule)
        if meta.get("role") in ("reponse", "reponse_texte") and meta.get("question") in remplies:
            cellule["source"] = reponses[meta["question"]]
    return nb


def classe_de_trois(dossier: Path, numero: str = "01", nom_fichier=lambda eleve: f"{eleve}.ipynb") -> dict:
    """Écrit les copies « complete », « moitie » et « vide » ; renvoie leurs notes attendues.

    Note attendue = points des questions notées automatiquement (hors réponses rédigées) du
    parcours essentiel, juste si la réponse du corrigé est là, 0 sinon. Renvoie
    ``{"sur": …, "notes": {eleve: total}, "questions": {eleve: {question: points}}}``.
    """
    from relation_client.corriges import questions

    chemin_exercice, chemin_corrige = chemins(numero)
    exercice = json.loads(chemin_exercice.read_text(encoding="utf-8"))
    reponses = reponses_du_corrige(json.loads(chemin_corrige.read_text(encoding="utf-8")))
    ids = list(reponses)
    remplies = {"complete": set(ids), "moitie": set(ids[::2]), "vide": set()}
    auto = [q for q in questions(numero) if q.genre != "texte_libre"]
    resultat = {"sur": sum(float(q.points) for q in auto if q.parcours == "essentiel"),
                "notes": {}, "questions": {}, "exercice": chemin_exercice, "corrige": chemin_corrige}
    for eleve, ids_remplis in remplies.items():
        chemin = Path(dossier) / nom_fichier(eleve)
        chemin.parent.mkdir(parents=True, exist_ok=True)
        chemin.write_text(json.dumps(copie(exercice, reponses, ids_remplis), ensure_ascii=False, indent=1),
                          encoding="utf-8")
        par_question = {q.id: (float(q.points) if q.id in ids_remplis else 0.0) for q in auto}
        resultat["questions"][eleve] = par_question
        resultat["notes"][eleve] = sum(p for q, p in par_question.items()
                                       if next(x for x in auto if x.id == q).parcours == "essentiel")
    return resultat
