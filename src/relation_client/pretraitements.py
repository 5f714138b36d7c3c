"""Préprocesseurs nbconvert du cours : fabriquer un exercice à partir de son corrigé, et réécrire
les liens des leçons pour le site statique (:class:`ReecrireLiens`).

Chaque étape est un petit ``nbconvert.preprocessors.Preprocessor``, comme dans nbgrader
(``ClearSolutions``, ``ClearHiddenTests``, ``LockCells``) ; :func:`chaine_exercice` les enchaîne
dans l'ordre et :func:`appliquer` les applique à un notebook. Le format des régions et des rôles
est décrit dans ``docs/format_exercices.md`` (voir :mod:`relation_client.format_exercices`).

>>> from nbformat.v4 import new_code_cell, new_notebook
>>> def corrige():
...     return new_notebook(cells=[new_code_cell(
...         "x = 1\\n### BEGIN SOLUTION\\nreponse = x\\n### END SOLUTION\\n", execution_count=4)])
>>> exercice = appliquer(corrige(), chaine_exercice())
>>> print(exercice.cells[0].source)
x = 1
reponse = ...  # à vous de jouer
>>> exercice.cells[0].execution_count is None
True
>>> autre = appliquer(corrige(), chaine_exercice(code_a_completer="reponse = None"))
>>> autre.cells[0].source.splitlines()[-1]
'reponse = None'
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from nbconvert.preprocessors import ClearOutputPreprocessor, Preprocessor
from traitlets import Callable, List, Unicode

from relation_client.format_exercices import (
    DEBUT_SOLUTION,
    DEBUT_TESTS,
    FIN_SOLUTION,
    FIN_TESTS,
    PLACEHOLDER,
    TEXTE_A_COMPLETER,
    question_et_role,
    source_cellule,
)

__all__ = ["retirer_regions", "NettoyerCellules", "NettoyerMetadonnees", "EffacerSolutions",
           "EffacerTestsCaches", "VerrouillerCellules", "chaine_exercice", "appliquer",
           "reecrire_liens_markdown", "ReecrireLiens"]

#: Noyau déclaré dans l'exercice quand le corrigé n'en déclare pas.
NOYAU_PAR_DEFAUT = {"display_name": "Python 3", "language": "python", "name": "python3"}


def retirer_regions(source: str, debut: str, fin: str, remplacement: str | None = None) -> str:
    """Le code sans ses régions ``debut`` … ``fin`` (marques comprises), ni lignes vides finales.

    Avec ``remplacement``, chaque région devient cette ligne, à l'indentation de sa marque de début.

    >>> retirer_regions("for i in x:\\n    ### BEGIN SOLUTION\\n    y = i\\n    ### END SOLUTION\\n\\n",
    ...                 DEBUT_SOLUTION, FIN_SOLUTION, "pass")
    'for i in x:\\n    pass'
    """
    sortie, dans_region = [], False
    for ligne in source.splitlines():
        marque = ligne.strip()
        if marque == debut:
            if remplacement is not None:
                indentation = ligne[: len(ligne) - len(ligne.lstrip())]
                sortie.append(indentation + remplacement)
            dans_region = True
        elif marque == fin:
            dans_region = False
        elif not dans_region:
            sortie.append(ligne)
    while sortie and not sortie[-1].strip():
        sortie.pop()
    return "\n".join(sortie)


class NettoyerCellules(Preprocessor):
    """Ne garde de chaque cellule que les champs du format : type, identifiant, métadonnées, source
    (en texte), sorties et compteur pour le code, pièces jointes (non vides) pour le Markdown."""

    def preprocess_cell(self, cell, resources, index):
        propre = {"cell_type": cell["cell_type"], "metadata": cell.get("metadata", {})}
        if "id" in cell:
            propre["id"] = cell["id"]
        if cell["cell_type"] == "code":
            propre["execution_count"] = cell.get("execution_count")
            propre["outputs"] = cell.get("outputs", [])
        elif cell["cell_type"] == "markdown" and cell.get("attachments"):
            propre["attachments"] = cell["attachments"]
        propre["source"] = source_cellule(cell)
        cell.clear()
        cell.update(propre)
        return cell, resources


class NettoyerMetadonnees(Preprocessor):
    """Ne garde des métadonnées des cellules que ``metadonnees_gardees`` ; celles du notebook se
    réduisent au noyau et au langage (ni état des widgets, ni version de Python)."""

    metadonnees_gardees = List(Unicode(), default_value=["relation_client", "nbgrader", "tags"],
                               help="clés gardées dans les métadonnées de chaque cellule").tag(config=True)

    def preprocess(self, nb, resources):
        noyau = nb.get("metadata", {}).get("kernelspec") or dict(NOYAU_PAR_DEFAUT)
        nb["metadata"] = {"kernelspec": noyau, "language_info": {"name": "python"}}
        return super().preprocess(nb, resources)

    def preprocess_cell(self, cell, resources, index):
        cell["metadata"] = {cle: valeur for cle, valeur in cell.get("metadata", {}).items()
                            if cle in self.metadonnees_gardees}
        return cell, resources


class EffacerSolutions(Preprocessor):
    """Remplace chaque région de solution d'une cellule de code par ``code_a_completer`` (le
    ``code_stub`` de nbgrader) et chaque réponse rédigée par ``texte_a_completer``."""

    code_a_completer = Unicode(PLACEHOLDER, help="ligne qui remplace une région de solution").tag(config=True)
    texte_a_completer = Unicode(TEXTE_A_COMPLETER,
                                help="texte d'une cellule Markdown de réponse rédigée").tag(config=True)

    def preprocess_cell(self, cell, resources, index):
        if cell["cell_type"] == "code":
            cell["source"] = retirer_regions(source_cellule(cell), DEBUT_SOLUTION, FIN_SOLUTION,
                                             self.code_a_completer)
        elif question_et_role(cell)[1] == "reponse_texte":
            cell["source"] = self.texte_a_completer
        return cell, resources


class EffacerTestsCaches(Preprocessor):
    """Retire des cellules de code les régions de tests cachés (marques comprises)."""

    def preprocess_cell(self, cell, resources, index):
        if cell["cell_type"] == "code":
            cell["source"] = retirer_regions(source_cellule(cell), DEBUT_TESTS, FIN_TESTS)
        return cell, resources


class VerrouillerCellules(Preprocessor):
    """Rend non modifiables et non supprimables les cellules des ``roles_verrouilles``."""

    roles_verrouilles = List(Unicode(), default_value=["enonce", "verification"],
                             help="rôles des cellules verrouillées").tag(config=True)

    def preprocess_cell(self, cell, resources, index):
        if question_et_role(cell)[1] in self.roles_verrouilles:
            cell["metadata"]["deletable"] = False
            cell["metadata"]["editable"] = False
        return cell, resources


def chaine_exercice(**reglages) -> list[Preprocessor]:
    """Les préprocesseurs qui font un exercice d'un corrigé, dans l'ordre.

    ``reglages`` (``code_a_completer``, ``texte_a_completer``) vont à :class:`EffacerSolutions`.
    """
    return [NettoyerCellules(), NettoyerMetadonnees(), ClearOutputPreprocessor(),
            EffacerSolutions(**reglages), EffacerTestsCaches(), VerrouillerCellules()]


def appliquer(nb, preprocesseurs, ressources: dict | None = None):
    """Applique les ``preprocesseurs`` l'un après l'autre à ``nb`` (modifié sur place) ; le renvoie."""
    ressources = {} if ressources is None else ressources
    for preprocesseur in preprocesseurs:
        nb, ressources = preprocesseur.preprocess(nb, ressources)
    return nb


# ---------------------------------------------------------------------------
# Site statique : les liens des cellules Markdown
# ---------------------------------------------------------------------------

# Code (bloc délimité ou `span`) : ses crochets et parenthèses ne sont pas des liens.
_MOTIF_CODE = re.compile(r"(?ms)^[ \t]*(`{3,}|~{3,}).*?^[ \t]*\1[ \t]*$|(`+).+?\2")
# [texte](cible "titre") ou ![alt](cible) ; cible éventuellement entre < >.
_MOTIF_LIEN = re.compile(r"(?P<image>!?)\[(?P<texte>(?:[^\[\]\\]|\\.|\[[^\[\]]*\])*)\]"
                         r"\((?P<avant>\s*)(?P<cible><[^<>\n]*>|[^\s()<>]*(?:\([^\s()]*\)[^\s()<>]*)*)"
                         r"(?P<apres>(?:\s+(?:\"[^\"]*\"|'[^']*'|\([^()]*\)))?\s*)\)")
# Lien ou image écrit en HTML dans le Markdown.
_MOTIF_ATTRIBUT = re.compile(r"(?P<debut><(?P<balise>a|img|source)\b[^>]*?\s(?:href|src)=)\"(?P<cible>[^\"]*)\"",
                             re.I)


def reecrire_liens_markdown(texte: str, nouvelle_cible) -> str:
    """Le texte Markdown dont chaque cible de lien ou d'image (syntaxe Markdown ou HTML, hors code)
    est remplacée par ``nouvelle_cible(cible, image)`` ; quand elle renvoie ``None`` (lien mort),
    le lien devient son seul texte (marqué ``rc-lien-retire``) et l'image perd sa source.

    >>> morts = {"secret.ipynb"}
    >>> def cible(lien, image):
    ...     return None if lien in morts else lien.replace(".ipynb", ".html")
    >>> reecrire_liens_markdown("Voir [la leçon](01_a.ipynb#fin), pas [ceci](secret.ipynb) ni `[x](y.ipynb)`.", cible)
    "Voir [la leçon](01_a.html#fin), pas <span class='rc-lien-retire'>ceci</span> ni `[x](y.ipynb)`."
    >>> reecrire_liens_markdown('Voir <a href="secret.ipynb">ceci</a>.', cible)
    'Voir <a data-rc-lien-retire="">ceci</a>.'
    """
    def lien_markdown(trouve):
        brute = trouve.group("cible")
        cible = html.unescape(brute[1:-1] if brute.startswith("<") else brute)
        nouvelle = nouvelle_cible(cible, bool(trouve.group("image")))
        if nouvelle is None:
            if trouve.group("image"):
                return f"![{trouve.group('texte')}]()"
            return f"<span class='rc-lien-retire'>{trouve.group('texte')}</span>"
        if nouvelle == cible:
            return trouve.group(0)
        nouvelle = f"<{nouvelle}>" if brute.startswith("<") or re.search(r"[\s()]", nouvelle) else nouvelle
        return (f"{trouve.group('image')}[{trouve.group('texte')}]({trouve.group('avant')}{nouvelle}"
                f"{trouve.group('apres')})")

    def lien_html(trouve):
        nouvelle = nouvelle_cible(html.unescape(trouve.group("cible")), trouve.group("balise").lower() != "a")
        if nouvelle is None:  # lien mort : la balise perd sa cible (un <a> sans href n'est plus un lien)
            return re.sub(r"(?i)(href|src)=$", "data-rc-lien-retire=", trouve.group("debut")) + '""'
        return f'{trouve.group("debut")}"{html.escape(nouvelle, quote=True)}"'

    def hors_code(morceau: str) -> str:
        return _MOTIF_ATTRIBUT.sub(lien_html, _MOTIF_LIEN.sub(lien_markdown, morceau))

    morceaux, curseur = [], 0
    for code in _MOTIF_CODE.finditer(texte):
        morceaux += [hors_code(texte[curseur:code.start()]), code.group(0)]
        curseur = code.end()
    morceaux.append(hors_code(texte[curseur:]))
    return "".join(morceaux)


class ReecrireLiens(Preprocessor):
    """Réécrit les liens des cellules Markdown par ``resoudre(cible, dossier, image)`` (voir
    :func:`reecrire_liens_markdown`) ; ``dossier`` est celui du notebook
    (``resources["metadata"]["path"]``), d'où partent les liens relatifs."""

    resoudre = Callable(allow_none=True, default_value=None,
                        help="(cible, dossier, image) → nouvelle cible, ou None pour un lien mort")

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type == "markdown" and self.resoudre is not None:
            dossier = Path(resources.get("metadata", {}).get("path") or ".")
            cell.source = reecrire_liens_markdown(
                cell.source, lambda cible, image: self.resoudre(cible, dossier, image))
        return cell, resources
