"""Générer les notebooks d'exercices (``exercises/``) à partir des corrigés (``solutions/``).

Le corrigé est la seule source (format décrit dans ``docs/format_exercices.md``) :

- chaque région ``### BEGIN SOLUTION`` … ``### END SOLUTION`` devient
  ``reponse = ...  # à vous de jouer`` ;
- chaque région ``### BEGIN HIDDEN TESTS`` … ``### END HIDDEN TESTS`` disparaît ;
- chaque cellule Markdown de réponse devient « *Écrivez votre réponse ici.* » ;
- sorties, compteurs d'exécution, état des widgets et métadonnées superflues sont retirés.

Chaque étape est un préprocesseur nbconvert de :mod:`relation_client.pretraitements` ; ce module-ci
lit et contrôle le format, enchaîne les étapes et écrit les fichiers.

La sortie est déterministe : régénérer donne les mêmes octets. Le générateur n'écrit que
dans le dossier des exercices et ne modifie jamais les corrigés.

En ligne de commande : ``relation-client exercices [--solutions DOSSIER]
[--exercices DOSSIER] [--verifier]``.
"""

from __future__ import annotations

import copy
import json
import re
import sys
from pathlib import Path

from relation_client.format_exercices import (
    DEBUT_SOLUTION,
    DEBUT_TESTS,
    FIN_SOLUTION,
    FIN_TESTS,
    PLACEHOLDER,
    ROLES,
    question_et_role,
    regions_marquees,
    source_cellule,
)

__all__ = [
    "PLACEHOLDER",
    "ROLES",
    "source_cellule",
    "structure",
    "identifiant_nbgrader",
    "valider_corrige",
    "generer_exercice",
    "texte_notebook",
    "generer_tout",
    "ajouter_arguments",
    "executer",
]

_MOTIF_FICHIER = re.compile(r"^(?:cas_)?\d{2}_.+\.ipynb$")  # NN_nom ou cas_NN_nom (étude de cas)
_MOTIF_TITRE = re.compile(r"^###\s+Question\s+(\d+\.\d+)\s+\((\d+(?:[.,]\d+)?)\s+points?\)")
_MOTIF_VERIFIER = re.compile(r"""^verifier\(\s*["'](\d+\.\d+)["']\s*,\s*reponse\s*\)\s*$""")


# ---------------------------------------------------------------------------
# Lire la structure d'un notebook
# ---------------------------------------------------------------------------

def structure(nb) -> list[dict]:
    """Les questions d'un notebook, dans l'ordre : indices de leurs cellules.

    Chaque élément : ``{"question": "2.3", "enonce": i, "reponse": j, "verification": k,
    "role_reponse": "reponse" | "reponse_texte" | None}`` (``None`` quand la cellule manque).
    Fonctionne sur un corrigé, un exercice ou une copie d'élève (ne lève pas sur des
    métadonnées inattendues ; la première cellule d'un rôle donné l'emporte).
    """
    questions: dict[str, dict] = {}
    for i, cellule in enumerate(nb.get("cells", [])):
        ident, role = question_et_role(cellule)
        if ident is None:
            continue
        entree = questions.setdefault(ident, {"question": ident, "enonce": None, "reponse": None,
                                              "verification": None, "role_reponse": None})
        cle = "reponse" if role == "reponse_texte" else role
        if entree[cle] is None:
            entree[cle] = i
            if cle == "reponse":
                entree["role_reponse"] = role
    return list(questions.values())


def identifiant_nbgrader(ident: str) -> str:
    """``"2.3"`` → ``"q2_3"`` : nbgrader n'accepte que lettres, chiffres, « _ » et « - »."""
    return "q" + str(ident).replace(".", "_")


def valider_corrige(nb) -> list[str]:
    """Liste (en français) des problèmes de format d'un corrigé ; vide si tout va bien."""
    problemes = []
    vus: dict[tuple[str, str], int] = {}
    derniere_reponse: str | None = None
    for i, cellule in enumerate(nb.get("cells", [])):
        ident, role = question_et_role(cellule)
        source = source_cellule(cellule)
        lignes = source.splitlines()
        ou = f"cellule {i + 1}" + (f" (question {ident}, {role})" if ident else "")
        sol = regions_marquees(lignes, DEBUT_SOLUTION, FIN_SOLUTION)
        tests = regions_marquees(lignes, DEBUT_TESTS, FIN_TESTS)
        for regions in (sol, tests):
            if isinstance(regions, str):
                problemes.append(f"{ou} : {regions}.")
        if sol and role != "reponse":
            problemes.append(f"{ou} : une région de solution n'est permise que dans une cellule de "
                             "rôle « reponse ».")
        if tests and role != "verification":
            problemes.append(f"{ou} : une région de tests cachés n'est permise que dans une cellule de "
                             "rôle « verification ».")
        if ident is None:
            continue
        if not re.fullmatch(r"\d+\.\d+", ident):
            problemes.append(f"{ou} : identifiant {ident!r} invalide (il s'écrit comme « 2.3 »).")
        if (ident, role) in vus:
            problemes.append(f"{ou} : la question {ident} a déjà une cellule « {role} » "
                             f"(cellule {vus[ident, role] + 1}).")
        vus[ident, role] = i
        nbgrader = cellule.get("metadata", {}).get("nbgrader", {})
        type_attendu = {"enonce": "markdown", "reponse": "code", "verification": "code",
                        "reponse_texte": "markdown"}[role]
        if cellule.get("cell_type") != type_attendu:
            problemes.append(f"{ou} : une cellule « {role} » doit être de type {type_attendu}.")
        if role == "enonce":
            m = _MOTIF_TITRE.match(source.lstrip())
            if not m or m.group(1) != ident:
                problemes.append(f"{ou} : l'énoncé doit commencer par « ### Question {ident} (N points) ».")
        elif role == "reponse":
            if isinstance(sol, list) and not sol:
                problemes.append(f"{ou} : la cellule de réponse n'a pas de région "
                                 f"« {DEBUT_SOLUTION} » / « {FIN_SOLUTION} ».")
            if nbgrader.get("grade_id") != identifiant_nbgrader(ident):
                problemes.append(f"{ou} : nbgrader.grade_id doit valoir « {identifiant_nbgrader(ident)} ».")
            derniere_reponse = ident
        elif role == "verification":
            premiere = next((ligne for ligne in lignes if ligne.strip()), "")
            m = _MOTIF_VERIFIER.match(premiere.strip())
            if not m or m.group(1) != ident:
                problemes.append(f"{ou} : la cellule de vérification doit commencer par "
                                 f"« verifier(\"{ident}\", reponse) ».")
            if derniere_reponse != ident:
                problemes.append(f"{ou} : la vérification de la question {ident} ne suit pas la cellule "
                                 "de réponse de cette question.")
            if not isinstance(nbgrader.get("points"), (int, float)):
                problemes.append(f"{ou} : nbgrader.points manque dans la cellule de vérification.")
            if nbgrader.get("grade_id") != identifiant_nbgrader(ident) + "_verification":
                problemes.append(f"{ou} : nbgrader.grade_id doit valoir "
                                 f"« {identifiant_nbgrader(ident)}_verification ».")
            derniere_reponse = None
        elif role == "reponse_texte":
            if nbgrader.get("grade_id") != identifiant_nbgrader(ident):
                problemes.append(f"{ou} : nbgrader.grade_id doit valoir « {identifiant_nbgrader(ident)} ».")
            if not isinstance(nbgrader.get("points"), (int, float)):
                problemes.append(f"{ou} : nbgrader.points manque dans la cellule de réponse rédigée.")
    grade_ids = [c.get("metadata", {}).get("nbgrader", {}).get("grade_id") for c in nb.get("cells", [])]
    grade_ids = [grade_id for grade_id in grade_ids if grade_id is not None]
    for grade_id in sorted({grade_id for grade_id in grade_ids if grade_ids.count(grade_id) > 1}, key=str):
        problemes.append(f"nbgrader.grade_id « {grade_id} » est utilisé par plusieurs cellules.")
    for grade_id in grade_ids:
        if not (isinstance(grade_id, str) and re.fullmatch(r"[A-Za-z0-9_\-]+", grade_id)):
            problemes.append(f"nbgrader.grade_id {grade_id!r} invalide : lettres, chiffres, « _ » et « - » seulement.")
    for q in structure(nb):
        if q["enonce"] is None:
            problemes.append(f"question {q['question']} : pas de cellule d'énoncé.")
        if q["reponse"] is None:
            problemes.append(f"question {q['question']} : pas de cellule de réponse.")
        if q["role_reponse"] == "reponse" and q["verification"] is None:
            problemes.append(f"question {q['question']} : pas de cellule de vérification.")
    return problemes


# ---------------------------------------------------------------------------
# Générer un exercice
# ---------------------------------------------------------------------------

def generer_exercice(notebook_solution):
    """Renvoie le notebook d'exercice (``NotebookNode``) tiré d'un corrigé, sans modifier celui-ci.

    Lève ``ValueError`` (message en français) si le corrigé ne respecte pas le format.
    """
    from nbformat import from_dict

    from relation_client.pretraitements import appliquer, chaine_exercice  # coût d'import : nbconvert

    problemes = valider_corrige(notebook_solution)
    if problemes:
        raise ValueError("Le corrigé ne respecte pas le format des exercices "
                         "(docs/format_exercices.md) :\n- " + "\n- ".join(problemes))
    copie = copy.deepcopy(dict(notebook_solution))
    nb = from_dict({"cells": copie.get("cells", []), "metadata": copie.get("metadata", {}),
                    "nbformat": copie.get("nbformat", 4), "nbformat_minor": copie.get("nbformat_minor", 5)})
    return appliquer(nb, chaine_exercice())


def texte_notebook(nb) -> str:
    """JSON déterministe d'un notebook (clés triées, indentation 1, UTF-8, fin de ligne)."""
    import nbformat

    texte = nbformat.writes(nb, version=4)
    return texte if texte.endswith("\n") else texte + "\n"


def _lire(chemin: Path):
    import nbformat

    with open(chemin, encoding="utf-8") as f:
        return nbformat.read(f, as_version=4)


def generer_tout(solutions_dir, exercises_dir, verifier: bool = False) -> list[Path]:
    """Écrit ``exercises_dir/NN_nom.ipynb`` pour chaque ``solutions_dir/NN_nom.ipynb``.

    Renvoie la liste des fichiers d'exercices écrits (ou, avec ``verifier=True``, des
    fichiers périmés, sans rien écrire). Un exercice dont le corrigé n'existe plus est
    supprimé (ou signalé). N'écrit jamais dans ``solutions_dir``.
    """
    solutions_dir, exercises_dir = Path(solutions_dir), Path(exercises_dir)
    if not solutions_dir.is_dir():
        raise FileNotFoundError(f"Le dossier des corrigés {solutions_dir} n'existe pas.")
    if solutions_dir.resolve() == exercises_dir.resolve():
        raise ValueError("Le dossier des exercices doit être différent de celui des corrigés.")
    corriges = sorted(p for p in solutions_dir.glob("*.ipynb") if _MOTIF_FICHIER.match(p.name))
    concernes = []
    for corrige in corriges:
        try:
            texte = texte_notebook(generer_exercice(_lire(corrige)))
        except ValueError as erreur:
            raise ValueError(f"{corrige} : {erreur}") from None
        cible = exercises_dir / corrige.name
        actuel = cible.read_bytes() if cible.exists() else None
        if actuel != texte.encode("utf-8"):
            concernes.append(cible)
            if not verifier:
                exercises_dir.mkdir(parents=True, exist_ok=True)
                cible.write_bytes(texte.encode("utf-8"))
    noms = {p.name for p in corriges}
    if exercises_dir.is_dir():
        for orphelin in sorted(exercises_dir.glob("*.ipynb")):
            if _MOTIF_FICHIER.match(orphelin.name) and orphelin.name not in noms:
                concernes.append(orphelin)
                if not verifier:
                    orphelin.unlink()
    return concernes


# ---------------------------------------------------------------------------
# Ligne de commande : relation-client exercices
# ---------------------------------------------------------------------------

def ajouter_arguments(parser) -> None:
    parser.add_argument("--solutions", default="solutions", metavar="DOSSIER",
                        help="dossier des corrigés (par défaut : solutions)")
    parser.add_argument("--exercices", default="exercises", metavar="DOSSIER",
                        help="dossier où écrire les exercices (par défaut : exercises)")
    parser.add_argument("--verifier", action="store_true",
                        help="n'écrit rien ; sort avec le code 1 si des exercices ne sont pas à jour")


def executer(args) -> int:
    try:
        concernes = generer_tout(args.solutions, args.exercices, verifier=args.verifier)
    except (FileNotFoundError, ValueError) as erreur:
        print(f"Erreur : {erreur}", file=sys.stderr)
        return 2
    except json.JSONDecodeError as erreur:
        print(f"Erreur : un corrigé n'est pas un notebook valide ({erreur}).", file=sys.stderr)
        return 2
    if args.verifier:
        if concernes:
            print("Exercices à régénérer (lancez « make exercices ») :")
            for chemin in concernes:
                print(f"  {chemin}")
            return 1
        print("Les exercices sont à jour.")
        return 0
    if concernes:
        for chemin in concernes:
            etat = "supprimé" if not chemin.exists() else "écrit"
            print(f"{etat} : {chemin}")
    else:
        print("Les exercices étaient déjà à jour.")
    return 0


# ---------------------------------------------------------------------------
# Deux parcours : essentiel (sans programmation) et « Pour aller plus loin »
# ---------------------------------------------------------------------------

PARCOURS_QUESTION = ("essentiel", "approfondissement")

#: Ce qu'une réponse modèle du parcours essentiel ne contient jamais (voir DESIGN.md, §5).
INTERDITS_ESSENTIEL = (".groupby(", ".merge(", ".agg(", ".apply(", ".loc[", ".iloc[", ".query(",
                       ".pivot", ".value_counts(", ".sort_values(", "lambda", "for ")
LIGNES_MAX_ESSENTIEL = 2


def parcours_questions(nb) -> dict[str, str | None]:
    """Parcours de chaque question d'un notebook (``None`` si ses cellules ne le disent pas,
    ``"incohérent"`` si elles ne sont pas d'accord)."""
    parcours: dict[str, str | None] = {}
    for cellule in nb.get("cells", []):
        ident, _role = question_et_role(cellule)
        if ident is None:
            continue
        valeur = cellule.get("metadata", {}).get("relation_client", {}).get("parcours")
        if ident in parcours and parcours[ident] != valeur:
            parcours[ident] = "incohérent"
        else:
            parcours.setdefault(ident, valeur)
    return parcours


def reponse_modele(nb, ident: str) -> str | None:
    """Le code entre ``### BEGIN SOLUTION`` et ``### END SOLUTION`` de la question ``ident``."""
    for cellule in nb.get("cells", []):
        if question_et_role(cellule) == (ident, "reponse"):
            lignes = source_cellule(cellule).splitlines()
            regions = regions_marquees(lignes, DEBUT_SOLUTION, FIN_SOLUTION)
            if isinstance(regions, list) and regions:
                return "\n".join(l for d, f in regions for l in lignes[d + 1:f])
    return None


def _sans_commentaire(ligne: str) -> str:
    """La ligne sans son commentaire final (un « # » hors d'une chaîne)."""
    guillemet = None
    for i, c in enumerate(ligne):
        if guillemet:
            if c == guillemet:
                guillemet = None
        elif c in "\"'":
            guillemet = c
        elif c == "#":
            return ligne[:i]
    return ligne


def _sans_chaines(code: str) -> str:
    return re.sub(r"\"[^\"]*\"|'[^']*'", '""', code)


def problemes_reponse_essentielle(code: str) -> list[str]:
    """Ce qui empêche une réponse modèle d'être faisable sans programmer (liste vide : rien)."""
    lignes = [_sans_commentaire(l).rstrip() for l in code.splitlines()]
    lignes = [l for l in lignes if l.strip()]
    problemes = []
    if not lignes:
        problemes.append("réponse modèle vide")
    if len(lignes) > LIGNES_MAX_ESSENTIEL:
        problemes.append(f"{len(lignes)} lignes (au plus {LIGNES_MAX_ESSENTIEL})")
    texte = _sans_chaines("\n".join(lignes))
    for interdit in INTERDITS_ESSENTIEL:
        if interdit in texte:
            problemes.append(f"contient « {interdit.strip()} »")
    if "[" in texte:
        problemes.append("contient un accès par crochets (table[…]) : préparez la valeur dans une "
                         "variable nommée au-dessus")
    return problemes


_GENRES_GUIDE = {"nombre": "nombre", "serie": "série", "tableau": "tableau", "choix": "choix",
                 "texte_libre": "rédigée"}


def points_texte(points) -> str:
    """Des points écrits à la française, sans décimale inutile : 1.5 → « 1,5 », 2.0 → « 2 »."""
    return f"{points:g}".replace(".", ",")


def totaux_parcours(qs, nom_approfondissement: str = "Pour aller plus loin") -> str:
    """La phrase des totaux des questions ``qs`` d'un exercice (tirées de la clé), par parcours :
    « Parcours essentiel : 6 questions, 8 points. Pour aller plus loin (facultatif) : … »."""
    totaux = {}
    for q in qs:
        nombre, points = totaux.get(q.parcours, (0, 0))
        totaux[q.parcours] = (nombre + 1, points + q.points)

    def compte(n, points):
        return (f"{n} question{'s' if n > 1 else ''}, {points_texte(points)} "
                f"point{'s' if points > 1 else ''}")

    return (f"Parcours essentiel : {compte(*totaux.get('essentiel', (0, 0)))}. "
            f"{nom_approfondissement} (facultatif) : {compte(*totaux.get('approfondissement', (0, 0)))}.")


def tableau_guide(numero) -> str:
    """Le tableau Markdown des questions d'un exercice pour le guide de l'enseignant.

    Une ligne par question (identifiant, parcours, points, genre, intitulé), puis les totaux des
    deux parcours. Tiré de la clé de correction : ``tests/test_parcours.py`` vérifie que
    ``docs/guide_enseignant.md`` contient exactement ce tableau.
    """
    from relation_client.corriges import questions

    qs = questions(numero)
    lignes = ["| question | parcours | points | genre | contenu |", "|---|---|---|---|---|"]
    for q in qs:
        parcours = "essentiel" if q.parcours == "essentiel" else "pour aller plus loin"
        lignes.append(f"| {q.id} | {parcours} | {points_texte(q.points)} | "
                      f"{_GENRES_GUIDE[q.genre]} | {q.titre} |")
    lignes += ["", totaux_parcours(qs)]
    return "\n".join(lignes)
