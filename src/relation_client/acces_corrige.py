"""Détection des accès au corrigé dans une copie d'élève (lecture du code source, jamais de sa sortie).

Une copie qui lit la clé de correction au lieu de calculer sa réponse ne doit rien gagner :
``reponse = question("2.3").valeur_attendue()`` donnerait sinon tous les points. Le correcteur
(:mod:`relation_client.correction`) analyse donc le code de chaque cellule (arbre syntaxique
Python, module :mod:`ast`) avant toute exécution, et signale :

- les appels à l'API de la clé : ``question(…)``, ``questions(…)`` (ou leurs variantes internes
  ``_question(…)``, ``_questions(…)``), ``.valeur_attendue()``, ``._valeur_attendue()``,
  ``.attendu()`` ;
- les imports de ``relation_client.corriges`` sous toutes leurs formes (``import``,
  ``from … import``, ``importlib.import_module("…")``, ``__import__("…")`` avec une chaîne
  littérale) et de ``question`` / ``questions`` depuis ``relation_client.verification`` ;
- la lecture des fichiers de la clé : un chemin littéral contenant ``corriges/exercice_`` ou un
  nom ``exercice_NN.py``, passé à une fonction (``open``, ``Path``…) ou assemblé avec ``/``.

Ni une variable nommée ``question``, ni un commentaire, ni un texte entre guillemets (une réponse
rédigée qui cite ces mots) ne déclenchent la détection : seul le code exécutable compte.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field

__all__ = ["Acces", "detecter", "questions_visees", "analyser_cellules", "AnalyseCopie", "STATUT"]

#: Statut d'une copie (et d'une question) dont le code lit le corrigé.
STATUT = "à vérifier : accès au corrigé"

MODULE_CLE = "relation_client.corriges"
NOM_CLE = MODULE_CLE.rsplit(".", 1)[1]
MODULE_VERIFICATION = "relation_client.verification"
_FONCTIONS_CLE = frozenset({"question", "questions", "_question", "_questions"})
_ATTRIBUTS_CLE = frozenset({"valeur_attendue", "_valeur_attendue"})  # tout accès, appelé ou non
_ATTRIBUTS_APPELES = frozenset({"attendu"})                          # seulement appelé : q.attendu()
_IMPORTEURS = frozenset({"import_module", "__import__", "find_spec", "reload"})
_CHEMIN_CLE = re.compile(r"corriges[/\\]+exercice_|exercice_(\d+|[*?\[])[^/\\]*\.py")
_DOSSIER_CLE = re.compile(r"^[/\\]?corriges[/\\]?$")  # Path(…) / "corriges"
_ID_QUESTION = re.compile(r"^\s*[qQ]?(\d+\.\d+)\s*$")
_NUMERO_EXERCICE = re.compile(r"^\s*(?:exercice_)?(\d{1,2})\s*$")


@dataclass
class Acces:
    """Un accès au corrigé trouvé dans le code : ligne (1 = première ligne de la cellule), genre
    (``appel``, ``import`` ou ``fichier``), le code de la ligne, et les questions visées quand
    elles se lisent dans le code (``question("2.3")`` → ``["2.3"]``, ``questions("02")`` → ``["02"]``)."""

    ligne: int
    genre: str
    code: str
    visees: list = field(default_factory=list)

    def description(self) -> str:
        quoi = {"appel": "appel à la clé de correction", "import": "import de la clé de correction",
                "fichier": "lecture d'un fichier de la clé de correction"}.get(self.genre, self.genre)
        return f"ligne {self.ligne} : {quoi} (« {self.code} »)"


# ---------------------------------------------------------------------------------------------
# Lecture du code (avec les commandes magiques d'IPython)
# ---------------------------------------------------------------------------------------------

def _arbre(source: str) -> ast.AST | None:
    """L'arbre syntaxique de la cellule ; ``None`` si elle ne se lit pas (elle ne s'exécuterait pas)."""
    # Toute erreur, pas seulement SyntaxError : une expression démesurée fait lever MemoryError ou
    # RecursionError au parseur, et une cellule illisible ne doit pas effacer ce qu'on sait déjà.
    try:
        return ast.parse(source)
    except Exception:  # noqa: BLE001
        pass
    try:  # « %matplotlib inline », « !pip … », « x? » : traduits comme le ferait IPython
        from IPython.core.inputtransformer2 import TransformerManager
        return ast.parse(TransformerManager().transform_cell(source))
    except Exception:  # noqa: BLE001
        pass
    lignes = ["" if ligne.lstrip().startswith(("%", "!")) else ligne for ligne in source.split("\n")]
    try:
        return ast.parse("\n".join(lignes))
    except Exception:  # noqa: BLE001
        return None


def _nom_pointe(noeud) -> str | None:
    """``a.b.c`` → ``"a.b.c"`` (noms et attributs seulement)."""
    parties = []
    while isinstance(noeud, ast.Attribute):
        parties.append(noeud.attr)
        noeud = noeud.value
    if isinstance(noeud, ast.Name):
        parties.append(noeud.id)
        return ".".join(reversed(parties))
    return None


def _texte(noeud) -> str | None:
    if isinstance(noeud, ast.Constant) and isinstance(noeud.value, str):
        return noeud.value
    return None


def _textes_dans(noeud) -> list[str]:
    """Les chaînes littérales d'une expression (y compris les morceaux d'une f-chaîne)."""
    return [n.value for n in ast.walk(noeud) if isinstance(n, ast.Constant) and isinstance(n.value, str)]


def _est_module_cle(nom: str | None) -> bool:
    return bool(nom) and (nom == MODULE_CLE or nom.startswith(MODULE_CLE + "."))


def _visees(appel: ast.Call) -> list[str]:
    """Questions ou exercices nommés par les arguments littéraux d'un appel ``question("2.3")``."""
    visees = []
    for arg in list(appel.args[:1]) + [k.value for k in appel.keywords]:
        valeur = arg.value if isinstance(arg, ast.Constant) else None
        if isinstance(valeur, (int, float)) and not isinstance(valeur, bool):
            valeur = repr(valeur)
        if isinstance(valeur, str):
            if m := _ID_QUESTION.match(valeur):
                visees.append(m.group(1))
            elif m := _NUMERO_EXERCICE.match(valeur):
                visees.append(m.group(1).zfill(2))
    return visees


# ---------------------------------------------------------------------------------------------
# Détection dans une cellule
# ---------------------------------------------------------------------------------------------

class _Detecteur(ast.NodeVisitor):
    def __init__(self, lignes: list[str]):
        self.lignes = lignes
        self.acces: list[Acces] = []
        self.alias_cle: set[str] = set()         # noms liés au module de la clé
        self.alias_fonctions: set[str] = set()   # noms liés à question / questions
        self.alias_racine: set[str] = {"relation_client"}
        self.alias_verification: set[str] = set()

    def _ajouter(self, noeud, genre, visees=()):
        numero = getattr(noeud, "lineno", 1)
        code = self.lignes[numero - 1].strip() if 0 < numero <= len(self.lignes) else ""
        if len(code) > 120:
            code = code[:117] + "…"
        for a in self.acces:
            if a.ligne == numero and a.genre == genre:
                a.visees.extend(v for v in visees if v not in a.visees)
                return
        self.acces.append(Acces(numero, genre, code, list(visees)))

    # --- imports ---------------------------------------------------------------------------
    def visit_Import(self, noeud: ast.Import):
        for alias in noeud.names:
            if _est_module_cle(alias.name):
                self._ajouter(noeud, "import")
                if alias.asname:
                    self.alias_cle.add(alias.asname)
            elif alias.name == MODULE_VERIFICATION and alias.asname:
                self.alias_verification.add(alias.asname)
            elif alias.name == "relation_client" and alias.asname:
                self.alias_racine.add(alias.asname)
        self.generic_visit(noeud)

    def visit_ImportFrom(self, noeud: ast.ImportFrom):
        module = noeud.module or ""
        noms = [(a.name, a.asname or a.name) for a in noeud.names]
        if _est_module_cle(module):
            self._ajouter(noeud, "import")
            self.alias_fonctions.update(local for nom, local in noms if nom in _FONCTIONS_CLE)
        elif module == "relation_client":
            for nom, local in noms:
                if nom == NOM_CLE:
                    self._ajouter(noeud, "import")
                    self.alias_cle.add(local)
                elif nom == "verification":
                    self.alias_verification.add(local)
        elif module == MODULE_VERIFICATION:
            for nom, local in noms:  # « import * » n'apporte plus question / questions (hors __all__)
                if nom in _FONCTIONS_CLE:
                    self._ajouter(noeud, "import")
                    self.alias_fonctions.add(local)
        self.generic_visit(noeud)

    # --- attributs -------------------------------------------------------------------------
    def visit_Attribute(self, noeud: ast.Attribute):
        if noeud.attr in _ATTRIBUTS_CLE:
            self._ajouter(noeud, "appel")
        elif noeud.attr == NOM_CLE:
            base = _nom_pointe(noeud.value)
            if base in self.alias_racine:
                self._ajouter(noeud, "import")  # relation_client.corriges.…
        self.generic_visit(noeud)

    # --- appels ----------------------------------------------------------------------------
    def visit_Call(self, noeud: ast.Call):
        fonction = noeud.func
        nom = _nom_pointe(fonction)
        dernier = nom.rsplit(".", 1)[-1] if nom else (fonction.attr if isinstance(fonction, ast.Attribute)
                                                     else None)
        if isinstance(fonction, ast.Name) and (fonction.id in _FONCTIONS_CLE or fonction.id in self.alias_fonctions):
            self._ajouter(noeud, "appel", _visees(noeud))
        elif isinstance(fonction, ast.Attribute) and fonction.attr in _FONCTIONS_CLE:
            self._ajouter(noeud, "appel", _visees(noeud))
        elif isinstance(fonction, ast.Attribute) and fonction.attr in _ATTRIBUTS_APPELES:
            self._ajouter(noeud, "appel")
        elif isinstance(fonction, ast.Name) and fonction.id in self.alias_cle:
            self._ajouter(noeud, "appel")
        if dernier in _IMPORTEURS:
            premier = _texte(noeud.args[0]) if noeud.args else None
            fromlist = []
            for k in noeud.keywords:
                if k.arg == "fromlist":
                    fromlist = _textes_dans(k.value)
            if len(noeud.args) >= 4:
                fromlist += _textes_dans(noeud.args[3])
            if _est_module_cle(premier) or (premier == "relation_client" and NOM_CLE in fromlist) \
                    or (premier == MODULE_VERIFICATION and set(fromlist) & _FONCTIONS_CLE):
                self._ajouter(noeud, "import")
        if dernier in ("exec", "eval", "compile") and noeud.args and _texte(noeud.args[0]):
            for interieur in detecter(_texte(noeud.args[0])):  # exec("reponse = question('2.3')…")
                self._ajouter(noeud, interieur.genre, interieur.visees)
        if dernier == "getattr" and len(noeud.args) >= 2:
            attribut = _texte(noeud.args[1])
            if attribut in _ATTRIBUTS_CLE or attribut in _FONCTIONS_CLE or attribut in _ATTRIBUTS_APPELES:
                self._ajouter(noeud, "appel")
        # Chemins des fichiers de la clé passés à une fonction (open, Path, read_text, glob…).
        for arg in [] if nom == "print" else list(noeud.args) + [k.value for k in noeud.keywords]:
            textes = _textes_dans(arg)
            if any(_est_module_cle(t) for t in textes):
                self._ajouter(noeud, "import")
                break
            if any(_CHEMIN_CLE.search(t) for t in textes):
                self._ajouter(noeud, "fichier")
                break
        self.generic_visit(noeud)

    def visit_BinOp(self, noeud: ast.BinOp):
        # Path(relation_client.__file__).parent / "corriges" / "exercice_02.py"
        if isinstance(noeud.op, (ast.Div, ast.Add)):
            textes = _textes_dans(noeud)
            if any(_CHEMIN_CLE.search(t) for t in textes) or (
                    isinstance(noeud.op, ast.Div) and any(_DOSSIER_CLE.match(t) for t in textes)):
                self._ajouter(noeud, "fichier")
        self.generic_visit(noeud)

    def visit_Subscript(self, noeud: ast.Subscript):
        # sys.modules["relation_client.corriges.exercice_02"], verification.__dict__["_question"]
        textes = _textes_dans(noeud.slice)
        if any(_est_module_cle(t) for t in textes):
            self._ajouter(noeud, "import")
        elif any(t in _FONCTIONS_CLE or t in _ATTRIBUTS_CLE for t in textes):
            self._ajouter(noeud, "appel")
        self.generic_visit(noeud)


def detecter(source: str) -> list[Acces]:
    """Les accès au corrigé dans le code d'une cellule (liste vide : aucun). Ne lève jamais."""
    try:
        source = str(source)
        arbre = _arbre(source)
        if arbre is None:
            return []
        detecteur = _Detecteur(source.split("\n"))
        # Deux passages : un alias défini plus bas dans la cellule (rare) est aussi reconnu.
        detecteur.visit(arbre)
        alias = (set(detecteur.alias_cle), set(detecteur.alias_fonctions))
        if any(alias):
            detecteur.acces = []
            detecteur.visit(arbre)
        return sorted(detecteur.acces, key=lambda a: (a.ligne, a.genre))
    except Exception:  # noqa: BLE001 - une cellule étrange ne doit jamais casser la correction
        return []


# ---------------------------------------------------------------------------------------------
# Analyse d'une copie : quelles questions perdent leurs points
# ---------------------------------------------------------------------------------------------

class _Noms(ast.NodeVisitor):
    """Noms lus avant d'être écrits dans la cellule (``lus``) et noms écrits (``ecrits``), dans
    l'ordre d'évaluation : ``x = f(x)`` lit ``x`` avant de l'écrire, ``reponse = 1`` puis
    ``print(reponse)`` ne lit pas de ``reponse`` venu d'une autre cellule."""

    def __init__(self):
        self.lus: set[str] = set()
        self.ecrits: set[str] = set()

    def _ecrire(self, nom: str):
        self.ecrits.add(nom)

    def visit_Name(self, noeud: ast.Name):
        if isinstance(noeud.ctx, ast.Load):
            if noeud.id not in self.ecrits:
                self.lus.add(noeud.id)
        else:
            self._ecrire(noeud.id)

    def visit_Assign(self, noeud: ast.Assign):
        self.visit(noeud.value)
        for cible in noeud.targets:
            self.visit(cible)

    def visit_AnnAssign(self, noeud: ast.AnnAssign):
        if noeud.value is not None:
            self.visit(noeud.value)
        self.visit(noeud.target)

    def visit_AugAssign(self, noeud: ast.AugAssign):
        self.visit(noeud.value)
        if isinstance(noeud.target, ast.Name):
            if noeud.target.id not in self.ecrits:
                self.lus.add(noeud.target.id)
            self._ecrire(noeud.target.id)
        else:
            self.visit(noeud.target)

    def visit_NamedExpr(self, noeud: ast.NamedExpr):
        self.visit(noeud.value)
        self.visit(noeud.target)

    def visit_For(self, noeud):
        self.visit(noeud.iter)
        self.visit(noeud.target)
        for n in noeud.body + noeud.orelse:
            self.visit(n)

    visit_AsyncFor = visit_For

    def _definition(self, noeud):
        for d in getattr(noeud, "decorator_list", []):
            self.visit(d)
        self._ecrire(noeud.name)
        # Le corps d'une fonction lit les noms du notebook quand elle est appelée : compté comme lu.
        interieur = _Noms()
        for n in noeud.body:
            interieur.visit(n)
        self.lus |= {nom for nom in interieur.lus if nom not in self.ecrits}

    visit_FunctionDef = visit_AsyncFunctionDef = visit_ClassDef = _definition

    def visit_Import(self, noeud):
        for a in noeud.names:
            self._ecrire((a.asname or a.name).split(".")[0])

    def visit_ImportFrom(self, noeud):
        for a in noeud.names:
            if a.name != "*":
                self._ecrire(a.asname or a.name)


def _noms_lus_et_ecrits(arbre: ast.AST) -> tuple[set, set]:
    noms = _Noms()
    noms.visit(arbre)
    return noms.lus, noms.ecrits


@dataclass
class AnalyseCopie:
    """Résultat de l'analyse d'une copie : les cellules fautives et les questions concernées."""

    cellules: list = field(default_factory=list)   # [(rang de la cellule, question ou None, source, [Acces])]
    questions: dict = field(default_factory=dict)  # question → liste de raisons (texte)

    @property
    def trouve(self) -> bool:
        return bool(self.cellules)


def questions_visees(visees, ids) -> set:
    """Questions de ``ids`` désignées par des identifiants (``"2.3"``) ou des exercices (``"02"``)."""
    resultat = set()
    for v in visees:
        if "." in v:
            if v in ids:
                resultat.add(v)
        else:
            resultat.update(q for q in ids if q.split(".")[0].zfill(2) == v)
    return resultat


def analyser_cellules(cellules, ids) -> AnalyseCopie:
    """Analyse les cellules de code d'une copie, dans l'ordre.

    ``cellules`` : liste de ``(question ou None, source)`` où la question est celle dont la
    cellule est la cellule de réponse ; ``ids`` : questions notées automatiquement.

    Une question perd ses points quand :

    - sa cellule de réponse contient un accès au corrigé ;
    - l'accès la désigne (``question("2.3")``, ``questions("02")`` pour tout l'exercice) ;
    - sa cellule de réponse utilise un nom défini par une cellule fautive (ou, de proche en proche,
      par une cellule qui en dépend) : ``cle = question("2.3").valeur_attendue()`` plus haut, puis
      ``reponse = cle``.

    Si un accès n'en désigne aucune (import seul, lecture d'un fichier, boucle…), toutes les
    questions notées automatiquement sont concernées : l'enseignant vérifie la copie.
    """
    ids = list(ids)
    analyse = AnalyseCopie()
    contamines: set[str] = set()
    for rang, (question, source) in enumerate(cellules):
        acces = detecter(source)
        arbre = _arbre(str(source)) if (acces or contamines) else None  # sans rien de suspect : inutile
        lus, ecrits = _noms_lus_et_ecrits(arbre) if arbre is not None else (set(), set())
        depend = bool(lus & contamines)
        if acces:
            analyse.cellules.append((rang, question, str(source), acces))
            contamines |= ecrits
            numeros = sorted({a.ligne for a in acces})
            lignes = ("ligne " if len(numeros) == 1 else "lignes ") + ", ".join(map(str, numeros))
            ou = f"la cellule de réponse de la question {question}" if question else "une cellule hors des réponses"
            if question in ids:
                analyse.questions.setdefault(question, []).append(f"la cellule de réponse lit le corrigé ({lignes})")
            visees = questions_visees([v for a in acces for v in a.visees], ids)
            for q in sorted(visees - {question}):
                analyse.questions.setdefault(q, []).append(
                    f"{ou} lit la valeur attendue de cette question ({lignes})")
            if question not in ids and not visees and not ecrits:
                for q in ids:
                    analyse.questions.setdefault(q, []).append(
                        f"{ou} lit le corrigé sans désigner de question ({lignes})")
        elif depend:
            contamines |= ecrits
            if question in ids:
                noms = ", ".join(sorted(lus & contamines))
                analyse.questions.setdefault(question, []).append(
                    f"sa réponse utilise une valeur tirée du corrigé ({noms})")
        else:
            contamines -= ecrits  # réécrits sans rien tirer du corrigé
    # Un accès hors des cellules de réponse, qui ne désigne rien et dont aucune réponse ne
    # dépend visiblement (valeurs affichées puis recopiées à la main ?) : tout est à vérifier.
    if analyse.cellules and not analyse.questions:
        for q in ids:
            analyse.questions.setdefault(q, []).append(
                "la copie lit le corrigé hors des cellules de réponse, sans qu'on sache pour quelle question")
    return analyse
