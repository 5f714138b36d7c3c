"""Exécution d'un exercice pour sa version papier : une copie du notebook d'**exercice** (jamais du
corrigé) tourne dans un dossier temporaire ; après chaque cellule de calcul préparatoire, une sonde
(:func:`valeurs_preparees`, exécutée dans le noyau) publie en JSON les valeurs qu'elle a préparées.
Les cellules qui dépendent d'une réponse de l'élève ne sont pas sondées (:func:`dependances_reponses`).
"""

from __future__ import annotations

import ast
import tempfile

from relation_client.formatage import apercu, nombre
from relation_client.impression.cellules import MIME_VALEURS, metadonnees_exercice


def noms_affectes(source: str) -> list[str]:
    """Noms affectés au premier niveau d'une cellule (``a = …``, ``a, b = …``, ``a += …``)."""
    try:
        arbre = ast.parse(source)
    except SyntaxError:
        return []
    noms: list[str] = []

    def cibles(noeud):
        if isinstance(noeud, ast.Name):
            yield noeud.id
        elif isinstance(noeud, (ast.Tuple, ast.List)):
            for element in noeud.elts:
                yield from cibles(element)

    for instruction in arbre.body:
        if isinstance(instruction, ast.Assign):
            for cible in instruction.targets:
                noms.extend(cibles(cible))
        elif isinstance(instruction, (ast.AnnAssign, ast.AugAssign)):
            noms.extend(cibles(instruction.target))
    return list(dict.fromkeys(n for n in noms if not n.startswith("_")))


def _noms_lus(source: str) -> set[str]:
    try:
        arbre = ast.parse(source)
    except SyntaxError:
        return set()
    return {n.id for n in ast.walk(arbre) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}


def _noms_affiches(source: str) -> set[str]:
    """Noms lus par la dernière expression d'une cellule (celle que Jupyter affiche) : déjà à
    l'écran, inutile de les répéter dans « Valeurs préparées »."""
    try:
        arbre = ast.parse(source)
    except SyntaxError:
        return set()
    if not arbre.body or not isinstance(arbre.body[-1], ast.Expr):
        return set()
    return {n.id for n in ast.walk(arbre.body[-1]) if isinstance(n, ast.Name)}


def _termine_par_expression(source: str) -> bool:
    try:
        arbre = ast.parse(source)
    except SyntaxError:
        return False
    return bool(arbre.body) and isinstance(arbre.body[-1], ast.Expr)


def _source_sans_magies(source: str) -> str:
    return "\n".join("" if ligne.lstrip().startswith(("%", "!")) else ligne for ligne in source.splitlines())


def _decimales(valeur: float) -> int:
    """Décimales utiles pour écrire ``valeur`` (au plus 4 sous 1, 2 au-delà)."""
    taille = abs(valeur)
    if taille == 0 or float(valeur).is_integer():
        return 0
    limite = 4 if taille < 1 else 2
    for decimales in range(limite + 1):
        if abs(round(valeur, decimales) - valeur) < 1e-9 * max(1.0, taille):
            return decimales
    return limite


def _texte_valeur(valeur) -> str:
    if isinstance(valeur, bool):
        return "oui" if valeur else "non"
    return nombre(valeur, 0 if isinstance(valeur, int) else _decimales(float(valeur)))


def _decrire_valeur(nom: str, valeur, tableau_affiche: bool):
    """Description JSON d'une valeur préparée (nombre, texte, petite série ou petit tableau), None sinon."""
    import numbers

    try:
        import numpy as np
        import pandas as pd
    except ImportError:  # pragma: no cover
        np = pd = None
    if isinstance(valeur, (bool, numbers.Number)) or (np is not None and isinstance(valeur, np.generic)
                                                      and np.ndim(valeur) == 0):
        try:
            return {"nom": nom, "genre": "nombre", "texte": _texte_valeur(valeur.item() if hasattr(valeur, "item") else valeur)}
        except (TypeError, ValueError):
            return None
    if isinstance(valeur, str):
        return {"nom": nom, "genre": "texte", "texte": f"« {valeur} »"} if len(valeur) <= 120 else None
    if pd is not None and isinstance(valeur, pd.Series) and 0 < len(valeur) <= 25:
        numerique = pd.api.types.is_numeric_dtype(valeur.dtype) and not pd.api.types.is_bool_dtype(valeur.dtype)
        decimales = (max((_decimales(float(v)) for v in valeur if pd.notna(v)), default=0)
                     if numerique else 0)
        lignes = []
        for cle, v in valeur.items():
            if numerique:
                texte = "—" if pd.isna(v) else nombre(float(v), decimales)
            elif isinstance(v, (bool, numbers.Number, np.generic)) and np.ndim(v) == 0:
                texte = _texte_valeur(v.item() if hasattr(v, "item") else v)
            else:
                texte = str(v)
            lignes.append([str(cle), texte])
        return {"nom": nom, "genre": "serie", "index": str(valeur.index.name or ""), "lignes": lignes}
    if (pd is not None and isinstance(valeur, pd.DataFrame) and not tableau_affiche
            and 0 < len(valeur) <= 15 and len(valeur.columns) <= 8):
        vue = pd.DataFrame(apercu(valeur, n=15))
        return {"nom": nom, "genre": "tableau", "colonnes": [str(c) for c in vue.columns],
                "index": [str(i) for i in vue.index], "lignes": [[str(x) for x in ligne] for ligne in vue.to_numpy()]}
    return None


def valeurs_preparees(espace: dict, noms: list[str], tableau_affiche: bool = False) -> None:
    """Dans le noyau : affiche (en JSON, pour l'impression) les valeurs que vient de préparer une cellule."""
    from IPython.display import display

    valeurs = []
    for nom in noms:
        if nom in espace:
            try:
                decrite = _decrire_valeur(nom, espace[nom], tableau_affiche)
            except Exception:  # une valeur exotique ne doit jamais faire échouer l'impression
                decrite = None
            if decrite is not None:
                valeurs.append(decrite)
    if valeurs:
        display({MIME_VALEURS: {"valeurs": valeurs}}, raw=True)


def dependances_reponses(nb) -> set[int]:
    """Indices des cellules de calcul qui utilisent (directement ou non) une valeur issue d'une réponse."""
    derives: set[str] = {"reponse"}
    dependantes = set()
    for rang, cellule in enumerate(nb.cells):
        if cellule.cell_type != "code":
            continue
        source = _source_sans_magies(cellule.source)
        if metadonnees_exercice(cellule).get("role") == "reponse":
            derives.update(noms_affectes(source))
            continue
        if metadonnees_exercice(cellule):
            continue
        if _noms_lus(source) & derives:
            dependantes.add(rang)
            derives.update(noms_affectes(source))
    return dependantes


def executer_exercice(nb, delai: int = 180):
    """Exécute une copie du notebook d'**exercice** dans un dossier temporaire, avec, après chaque
    cellule de calcul préparatoire, une sonde qui affiche les valeurs qu'elle a préparées.

    Renvoie le notebook exécuté ; chaque cellule d'origine y garde son rang
    (``metadata.relation_client_impression.rang``), les sondes sont marquées ``sonde``.
    """
    import copy

    import nbformat
    from nbclient import NotebookClient

    travail = copy.deepcopy(nb)
    dependantes = dependances_reponses(nb)
    cellules = []
    for rang, cellule in enumerate(travail.cells):
        cellule.setdefault("metadata", {})["relation_client_impression"] = {"rang": rang}
        cellules.append(cellule)
        if cellule.cell_type != "code" or metadonnees_exercice(cellule) or rang in dependantes:
            continue
        source = _source_sans_magies(cellule.source)
        noms = [n for n in noms_affectes(source) if n not in _noms_affiches(source)]
        if not noms:
            continue
        affiche = bool(cellule.get("outputs")) or _termine_par_expression(source)
        sonde = nbformat.v4.new_code_cell(
            "from relation_client.impression import valeurs_preparees as _rc_valeurs\n"
            f"_rc_valeurs(globals(), {noms!r}, tableau_affiche={affiche!r})")
        sonde.metadata["relation_client_impression"] = {"sonde": rang}
        cellules.append(sonde)
    travail.cells = cellules
    with tempfile.TemporaryDirectory(prefix="rc-impression-") as dossier:
        client = NotebookClient(travail, timeout=delai, kernel_name="python3", allow_errors=True,
                                resources={"metadata": {"path": dossier}})
        client.execute()
    return travail
