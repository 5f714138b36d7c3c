"""Architecture de relation_client : le graphe des imports internes, lu dans le code (AST).

Le graphe compte les imports en tête de module, ceux écrits dans les fonctions et les
``importlib.import_module("relation_client.…")`` (ou ``__import__``) dont le nom est écrit dans le
code. Les tests échouent sur un cycle, sur l'import d'un nom privé (``_nom``) d'un autre module et
sur un import que la carte de docs/developpeurs.md (tableau « module | travail | peut importer »)
ne permet pas.

Afficher le graphe, depuis la racine du dépôt (bibliothèque standard seulement) :

    python3 -c "import sys; sys.path[:0] = ['tests']; import test_architecture as a; a.afficher()"
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path

RACINE = Path(__file__).resolve().parents[1]
DOSSIER_PAQUET = RACINE / "src" / "relation_client"
CARTE = RACINE / "docs" / "developpeurs.md"
IMPORTEURS = {"import_module", "__import__"}


@dataclass(frozen=True)
class Lien:
    """Un import de ``cible`` par ``source`` (noms complets), à la ligne ``ligne`` du fichier."""

    source: str
    cible: str
    ligne: int
    differe: bool = False  # dans une fonction, ou par importlib
    prive: str | None = None  # ce qui est pris de privé : « donnees._cat », « correction._noyau »


def court(module: str) -> str:
    """``relation_client.correction.statuts`` → ``correction.statuts`` (le paquet racine garde son nom)."""
    return module.partition(".")[2] or module


def dans(module: str, paquet: str) -> bool:
    """Vrai si ``module`` est ``paquet`` ou l'un de ses sous-modules."""
    return module == paquet or module.startswith(paquet + ".")


def est_prive(nom: str) -> bool:
    return nom.startswith("_") and not (nom.startswith("__") and nom.endswith("__"))


def lister_modules(dossier: Path = DOSSIER_PAQUET) -> dict[str, Path]:
    """Modules importables du paquet : nom complet → fichier. Un dossier sans ``__init__.py``
    (``jeux_de_donnees/`` et son script) n'est pas un sous-paquet."""
    modules = {}
    for fichier in sorted(dossier.rglob("*.py")):
        parties = fichier.relative_to(dossier.parent).with_suffix("").parts
        dossiers = [dossier.parent.joinpath(*parties[:n]) for n in range(1, len(parties))]
        if not all((d / "__init__.py").exists() for d in dossiers):
            continue
        if parties[-1] == "__init__":
            parties = parties[:-1]
        modules[".".join(parties)] = fichier
    return modules


class _Lecteur(ast.NodeVisitor):
    """Relève les imports internes d'un fichier, en notant ceux qui sont dans une fonction."""

    def __init__(self, source: str, fichier: Path, modules: dict[str, Path]):
        self.source, self.modules = source, modules
        self.paquet_courant = source if fichier.name == "__init__.py" else source.rpartition(".")[0]
        self.racine = next(iter(sorted(modules, key=len)))
        self.liens: list[Lien] = []
        self.alias: dict[str, str] = {}  # nom local → module interne qu'il désigne
        self.profondeur_fonction = 0
        self.import_calcule = False  # importlib appelé sur un nom non écrit : voir chaines_modules
        self.chaines_modules: list[tuple[str, ast.Constant]] = []

    # --- résolution des noms ---------------------------------------------------------------
    def module_existant(self, nom: str) -> str | None:
        """Le plus long préfixe de ``nom`` qui est un module du paquet."""
        while nom and nom not in self.modules:
            nom = nom.rpartition(".")[0]
        return nom or None

    def absolu(self, nom: str | None, niveau: int) -> str:
        if not niveau:
            return nom or ""
        base = self.paquet_courant.split(".")
        base = base[:len(base) - (niveau - 1)]
        return ".".join(base + ([nom] if nom else []))

    def ajouter(self, cible: str | None, noeud: ast.AST, differe=False, nom_prive=None):
        """Note l'import de ``cible`` (et du nom ``nom_prive`` qu'on y prend, s'il y en a un)."""
        if cible is None or cible == self.source:
            return
        prive = f"{court(cible)}.{nom_prive}" if nom_prive else self.module_prive_hors_paquet(cible)
        if cible == self.racine and not prive:
            return  # le paquet racine ne contient que __version__
        self.liens.append(Lien(self.source, cible, noeud.lineno,
                               differe or self.profondeur_fonction > 0, prive))

    def module_prive_hors_paquet(self, module: str) -> str | None:
        """Un module privé (``paquet._interne``) ne s'importe que depuis l'intérieur de son paquet."""
        parties = module.split(".")
        for n in range(1, len(parties)):
            if est_prive(parties[n]) and not dans(self.source, ".".join(parties[:n])):
                return court(".".join(parties[:n + 1]))
        return None

    # --- fonctions : les imports qu'elles contiennent sont différés -------------------------
    def visit_FunctionDef(self, noeud):
        self.profondeur_fonction += 1
        self.generic_visit(noeud)
        self.profondeur_fonction -= 1

    visit_AsyncFunctionDef = visit_FunctionDef
    visit_Lambda = visit_FunctionDef

    # --- import a.b.c [as d] --------------------------------------------------------------
    def visit_Import(self, noeud: ast.Import):
        for alias in noeud.names:
            cible = self.module_existant(alias.name)
            self.ajouter(cible, noeud)
            if cible:
                if alias.asname:
                    self.alias[alias.asname] = cible
                else:
                    premier = alias.name.split(".")[0]
                    self.alias.setdefault(premier, premier)

    # --- from a.b import c, _d --------------------------------------------------------------
    def visit_ImportFrom(self, noeud: ast.ImportFrom):
        depuis = self.absolu(noeud.module, noeud.level)
        origine = self.module_existant(depuis)
        if origine is None:
            return
        for alias in noeud.names:
            sous_module = f"{depuis}.{alias.name}"
            if sous_module in self.modules:
                self.ajouter(sous_module, noeud)
                self.alias[alias.asname or alias.name] = sous_module
            elif alias.name != "*":
                self.ajouter(origine, noeud, nom_prive=alias.name if est_prive(alias.name) else None)
            else:
                self.ajouter(origine, noeud)

    # --- module._nom : un nom privé lu à travers un module importé -------------------------
    def visit_Attribute(self, noeud: ast.Attribute):
        chaine = []
        courant = noeud
        while isinstance(courant, ast.Attribute):
            chaine.append(courant.attr)
            courant = courant.value
        if isinstance(courant, ast.Name) and courant.id in self.alias:
            chaine.reverse()
            nom = self.alias[courant.id]
            for partie in chaine:
                if f"{nom}.{partie}" in self.modules:
                    nom = f"{nom}.{partie}"
                    continue
                if est_prive(partie) and nom in self.modules and nom != self.source:
                    self.ajouter(nom, noeud, nom_prive=partie)
                break
            # on ne redescend pas dans la chaîne : elle est entièrement lue ici
            for enfant in ast.iter_child_nodes(courant):
                self.visit(enfant)
            return
        self.generic_visit(noeud)

    # --- importlib.import_module("relation_client.x"), __import__("…") ---------------------
    def visit_Call(self, noeud: ast.Call):
        fonction = noeud.func
        nom = fonction.attr if isinstance(fonction, ast.Attribute) else getattr(fonction, "id", None)
        if nom in IMPORTEURS and noeud.args:
            self.lire_import_dynamique(noeud)
        self.generic_visit(noeud)

    def lire_import_dynamique(self, noeud: ast.Call):
        argument = noeud.args[0]
        if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
            texte = argument.value
            if texte.startswith("."):
                paquet = noeud.args[1] if len(noeud.args) > 1 else next(
                    (mot.value for mot in noeud.keywords if mot.arg == "package"), None)
                if not (isinstance(paquet, ast.Constant) and isinstance(paquet.value, str)):
                    return
                niveau = len(texte) - len(texte.lstrip("."))
                base = paquet.value.split(".")
                texte = ".".join(base[:len(base) - (niveau - 1)] + [texte.lstrip(".")]).rstrip(".")
            self.ajouter(self.module_existant(texte), noeud, differe=True)
        elif isinstance(argument, ast.JoinedStr):
            # f"{__name__}.exercice_{numero}" : tous les modules qui commencent par le préfixe écrit
            prefixe = ""
            for morceau in argument.values:
                if isinstance(morceau, ast.Constant):
                    prefixe += str(morceau.value)
                elif isinstance(morceau.value, ast.Name) and morceau.value.id == "__name__":
                    prefixe += self.source
                else:
                    break
            if prefixe.startswith(self.racine):
                for module in self.modules:
                    if module.startswith(prefixe):
                        self.ajouter(module, noeud, differe=True)
        else:
            self.import_calcule = True

    def visit_Constant(self, noeud: ast.Constant):
        if isinstance(noeud.value, str) and noeud.value in self.modules:
            self.chaines_modules.append((noeud.value, noeud))


def lire_imports(modules: dict[str, Path] | None = None) -> list[Lien]:
    """Tous les imports internes du paquet, un :class:`Lien` par import (et par nom privé)."""
    modules = lister_modules() if modules is None else modules
    liens = []
    for source, fichier in modules.items():
        lecteur = _Lecteur(source, fichier, modules)
        lecteur.visit(ast.parse(fichier.read_text(encoding="utf-8"), filename=str(fichier)))
        if lecteur.import_calcule:
            # importlib sur un nom calculé (cli : SOUS_COMMANDES[commande][0]) : chaque chaîne du
            # fichier qui nomme exactement un module est un import différé possible.
            for cible, noeud in lecteur.chaines_modules:
                lecteur.ajouter(cible, noeud, differe=True)
        liens.extend(lecteur.liens)
    return liens


def graphe(liens: list[Lien], modules: dict[str, Path] | None = None) -> dict[str, set[str]]:
    """Module → modules qu'il importe (y compris dans les fonctions)."""
    modules = lister_modules() if modules is None else modules
    arcs: dict[str, set[str]] = {module: set() for module in modules}
    for lien in liens:
        if lien.cible != lien.source:
            arcs[lien.source].add(lien.cible)
    return arcs


def graphe_execution(arcs: dict[str, set[str]]) -> dict[str, set[str]]:
    """Le graphe, plus ce que Python fait sans qu'on l'écrive : importer ``paquet.module``
    exécute d'abord ``paquet/__init__.py`` (sauf depuis l'intérieur du paquet, déjà en cours)."""
    complet = {source: set(cibles) for source, cibles in arcs.items()}
    for source, cibles in arcs.items():
        for cible in cibles:
            parties = cible.split(".")
            for n in range(2, len(parties)):
                paquet = ".".join(parties[:n])
                if not dans(source, paquet):
                    complet[source].add(paquet)
    return complet


def cycles(arcs: dict[str, set[str]]) -> list[list[str]]:
    """Composantes fortement connexes de plus d'un module (algorithme de Tarjan)."""
    index, bas, pile, sur_pile, trouves = {}, {}, [], set(), []
    compteur = 0

    def visiter(module):
        nonlocal compteur
        index[module] = bas[module] = compteur
        compteur += 1
        pile.append(module)
        sur_pile.add(module)
        for cible in sorted(arcs.get(module, ())):
            if cible not in index:
                visiter(cible)
                bas[module] = min(bas[module], bas[cible])
            elif cible in sur_pile:
                bas[module] = min(bas[module], index[cible])
        if bas[module] == index[module]:
            composante = []
            while True:
                sommet = pile.pop()
                sur_pile.discard(sommet)
                composante.append(sommet)
                if sommet == module:
                    break
            if len(composante) > 1:
                trouves.append(sorted(composante))

    for module in sorted(arcs):
        if module not in index:
            visiter(module)
    return trouves


# --- la carte de docs/developpeurs.md ---------------------------------------------------------
_ENTETE_CARTE = re.compile(r"^\|\s*module\s*\|\s*travail\s*\|\s*peut importer\s*\|",
                           re.IGNORECASE | re.MULTILINE)


def lire_carte(texte: str, racine: str = "relation_client") -> dict[str, set[str]]:
    """Tableau « module | travail | peut importer » → {module ou paquet : modules qu'il peut importer}.

    Une ligne peut nommer plusieurs modules ; un nom couvre le module et ses sous-modules (le « / »
    final d'un paquet est décoratif). Seuls les noms entre accents graves comptent : « — » ou un
    commentaire (« bibliothèque standard seulement ») ne permettent rien.
    """
    debut = _ENTETE_CARTE.search(texte)
    if debut is None:
        raise ValueError("docs/developpeurs.md n'a pas de tableau « module | travail | peut importer ».")
    carte: dict[str, set[str]] = {}
    for ligne in texte[debut.end():].splitlines()[2:]:
        if not ligne.startswith("|"):
            break
        cellules = [cellule.strip() for cellule in ligne.strip().strip("|").split("|")]
        if len(cellules) < 3:
            continue

        def noms(cellule):
            return {f"{racine}.{nom.strip().strip('/').replace('/', '.')}"
                    for nom in re.findall(r"`([^`]+)`", cellule)}

        permis = noms(cellules[2])
        for module in noms(cellules[0]):
            carte[module] = permis
    return carte


def ligne_de_carte(module: str, carte: dict[str, set[str]]) -> str | None:
    """La ligne la plus précise de la carte qui couvre ``module``."""
    couvrantes = [nom for nom in carte if dans(module, nom)]
    return max(couvrantes, key=len) if couvrantes else None


def imports_hors_carte(liens: list[Lien], carte: dict[str, set[str]]) -> list[str]:
    """Les imports que la carte ne permet pas (un paquet s'importe lui-même librement)."""
    refus = []
    for lien in liens:
        ligne = ligne_de_carte(lien.source, carte)
        if ligne is None or dans(lien.cible, ligne):
            continue
        if not any(dans(lien.cible, permis) for permis in carte[ligne]):
            refus.append(f"{court(lien.source)} → {court(lien.cible)} (ligne {lien.ligne})")
    return sorted(set(refus))


def permissions_inutiles(liens: list[Lien], carte: dict[str, set[str]]) -> list[str]:
    """Les imports que la carte permet mais que personne ne fait : une carte trop large ne dit plus
    rien au lecteur, elle doit suivre le code. Une ligne qui nomme plusieurs modules partage ses
    permissions (:func:`lire_carte` leur donne le même ensemble) : une permission y sert si l'un d'eux
    s'en sert."""
    lignes: dict[int, list[str]] = {}
    for module, permis in carte.items():
        lignes.setdefault(id(permis), []).append(module)
    faits: dict[int, set[str]] = {cle: set() for cle in lignes}
    for lien in liens:
        ligne = ligne_de_carte(lien.source, carte)
        if ligne is not None:
            faits[id(carte[ligne])].update(p for p in carte[ligne] if dans(lien.cible, p))
    return sorted(f"{', '.join(court(m) for m in sorted(modules))} → {court(permis)}"
                  for cle, modules in lignes.items()
                  for permis in carte[modules[0]] - faits[cle])


def ecarts_carte(modules: dict[str, Path], carte: dict[str, set[str]]) -> list[str]:
    """Modules absents de la carte, et noms de la carte qui ne sont pas des modules."""
    ecarts = [f"{court(module)} : absent de la carte" for module in modules
              if module.count(".") and ligne_de_carte(module, carte) is None]
    cites = set(carte) | set().union(*carte.values()) if carte else set()
    ecarts += [f"{court(nom)} : dans la carte, mais pas un module" for nom in sorted(cites)
               if nom not in modules]
    return ecarts


def noms_prives(liens: list[Lien]) -> list[str]:
    """Les noms privés qu'un module prend à un autre, un par ligne de code."""
    return sorted({f"{court(lien.source)} prend {lien.prive} (ligne {lien.ligne})"
                   for lien in liens if lien.prive})


# --- affichage ------------------------------------------------------------------------------
def afficher(dossier: Path = DOSSIER_PAQUET, carte: Path = CARTE) -> None:
    """Imprime le graphe (« → » en tête de module, « ⇢ » dans une fonction ou par importlib),
    puis les cycles, les noms privés importés et les imports hors carte."""
    modules = lister_modules(dossier)
    liens = lire_imports(modules)
    print(f"Imports internes de relation_client ({len(modules)} modules) ; "
          "→ en tête de module, ⇢ dans une fonction ou par importlib")
    for module in modules:
        if module.count(".") == 0:
            continue
        en_tete = sorted({court(l.cible) for l in liens if l.source == module and not l.differe})
        differes = sorted({court(l.cible) for l in liens if l.source == module and l.differe}
                          - set(en_tete))
        texte = court(module)
        if en_tete:
            texte += " → " + ", ".join(en_tete)
        if differes:
            texte += (" ;" if en_tete else "") + " ⇢ " + ", ".join(differes)
        print(texte)
    arcs = graphe_execution(graphe(liens, modules))
    lus = carte.read_text(encoding="utf-8") if carte.exists() else ""
    try:
        plan = lire_carte(lus)
    except ValueError as erreur:
        plan, hors_carte = None, [str(erreur)]
    else:
        hors_carte = ecarts_carte(modules, plan) + imports_hors_carte(liens, plan)
    for titre, lignes in [("Cycles", [" ↔ ".join(map(court, c)) for c in cycles(arcs)]),
                          ("Noms privés importés", noms_prives(liens)),
                          ("Hors de la carte de docs/developpeurs.md", hors_carte)]:
        print(f"{titre} : {len(lignes) or 'aucun'}")
        for ligne in lignes:
            print(f"  {ligne}")


# --- les tests sur le paquet ------------------------------------------------------------------
def test_aucun_cycle_meme_par_un_import_dans_une_fonction():
    arcs = graphe_execution(graphe(lire_imports()))
    trouves = cycles(arcs)
    assert not trouves, "cycles d'imports : " + " ; ".join(" ↔ ".join(map(court, c)) for c in trouves)


def test_aucun_nom_prive_importe_d_un_autre_module():
    prives = noms_prives(lire_imports())
    assert not prives, "noms privés importés d'un autre module (rendez-les publics) :\n" + "\n".join(prives)


def test_la_carte_nomme_chaque_module():
    ecarts = ecarts_carte(lister_modules(), lire_carte(CARTE.read_text(encoding="utf-8")))
    assert not ecarts, "carte de docs/developpeurs.md à mettre à jour :\n" + "\n".join(ecarts)


def test_imports_permis_par_la_carte():
    refus = imports_hors_carte(lire_imports(), lire_carte(CARTE.read_text(encoding="utf-8")))
    assert not refus, "imports que la carte de docs/developpeurs.md ne permet pas :\n" + "\n".join(refus)


def test_la_carte_ne_permet_que_ce_qui_est_fait():
    inutiles = permissions_inutiles(lire_imports(), lire_carte(CARTE.read_text(encoding="utf-8")))
    assert not inutiles, ("imports permis par la carte de docs/developpeurs.md que plus aucun module ne "
                          "fait (retirez-les de la carte) :\n" + "\n".join(inutiles))


# --- les tests de l'outil, sur un petit paquet écrit pour l'occasion ---------------------------
def _paquet(dossier: Path, fichiers: dict[str, str]) -> dict[str, Path]:
    for chemin, code in {"__init__.py": "", **fichiers}.items():
        fichier = dossier / "relation_client" / chemin
        fichier.parent.mkdir(parents=True, exist_ok=True)
        fichier.write_text(code, encoding="utf-8")
    return lister_modules(dossier / "relation_client")


def test_outil_voit_le_cycle_cache_dans_une_fonction(tmp_path):
    modules = _paquet(tmp_path, {
        "a.py": "from relation_client import b\n",
        "b.py": "def f():\n    from relation_client.a import x\n",
        "c.py": "import relation_client.a as module_a\n",
    })
    liens = lire_imports(modules)
    assert Lien("relation_client.b", "relation_client.a", 2, differe=True) in liens
    assert cycles(graphe(liens, modules)) == [["relation_client.a", "relation_client.b"]]


def test_outil_voit_importlib_et_les_imports_relatifs(tmp_path):
    modules = _paquet(tmp_path, {
        "cli.py": ("import importlib\nCOMMANDES = {'x': 'relation_client.outil'}\n"
                   "def main(nom):\n    return importlib.import_module(COMMANDES[nom])\n"),
        "outil.py": "def f():\n    return __import__('relation_client.cles')\n",
        "cles.py": "",
        "corriges/__init__.py": ("import importlib\nfrom ..cles import Question\ndef charger(n):\n"
                                 "    return importlib.import_module(f'{__name__}.ex_{n}')\n"),
        "corriges/ex_01.py": "from . import outils_internes\nfrom .._prive import rien\n",
        "corriges/outils_internes.py": "",
        "_prive.py": "",
    })
    arcs = graphe(lire_imports(modules), modules)
    assert arcs["relation_client.cli"] == {"relation_client.outil"}
    assert arcs["relation_client.outil"] == {"relation_client.cles"}
    assert arcs["relation_client.corriges"] == {"relation_client.cles", "relation_client.corriges.ex_01"}
    assert arcs["relation_client.corriges.ex_01"] == {"relation_client.corriges.outils_internes",
                                                      "relation_client._prive"}
    # importer corriges.ex_01 depuis l'extérieur exécute corriges/__init__.py
    execution = graphe_execution({"relation_client.cli": {"relation_client.corriges.ex_01"}})
    assert execution["relation_client.cli"] == {"relation_client.corriges.ex_01", "relation_client.corriges"}


def test_outil_voit_les_noms_prives(tmp_path):
    modules = _paquet(tmp_path, {
        "donnees.py": "def _cat():\n    pass\n__all__ = []\n",
        "cas.py": "from relation_client.donnees import _cat, __all__\n",
        "autre.py": "from relation_client import donnees\nx = donnees._cat\ny = donnees.__name__\n",
        "soi.py": "import relation_client.soi as moi\nx = moi._interne\n",
        "p/__init__.py": "from ._noyau import f\n",
        "p/_noyau.py": "def f():\n    pass\n",
        "dehors.py": "from relation_client.p import _noyau\n",
    })
    prives = noms_prives(lire_imports(modules))
    assert prives == ["autre prend donnees._cat (ligne 2)", "cas prend donnees._cat (ligne 1)",
                      "dehors prend p._noyau (ligne 1)"]


def test_outil_lit_la_carte(tmp_path):
    modules = _paquet(tmp_path, {
        "formatage.py": "",
        "donnees.py": "from relation_client import formatage\n",
        "correction/__init__.py": "from . import statuts\nfrom relation_client import donnees\n",
        "correction/statuts.py": "",
        "bilan.py": ("from relation_client.correction.statuts import OK\n"
                     "from relation_client import donnees\n"),
    })
    carte = lire_carte("""
| module | travail | peut importer |
|---|---|---|
| `formatage` | nombres à la française | — (bibliothèque standard) |
| `donnees`, `bilan` | jeux de données ; bilan | `formatage`, `correction.statuts` |
| `correction/` | le correcteur | `donnees` |
| `disparu` | plus là | `formatage` |
""")
    assert carte["relation_client.donnees"] == {"relation_client.formatage",
                                                "relation_client.correction.statuts"}
    assert carte["relation_client.formatage"] == set()
    liens = lire_imports(modules)
    assert imports_hors_carte(liens, carte) == ["bilan → donnees (ligne 2)"]
    assert ecarts_carte(modules, carte) == ["disparu : dans la carte, mais pas un module"]
    assert permissions_inutiles(liens, carte) == ["disparu → formatage"]
