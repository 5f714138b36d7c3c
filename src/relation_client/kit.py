"""Lire le kit de l'enseignant : fiches de leçon, fiches de synthèse des élèves, références.

Le kit est fait de fichiers Markdown rangés dans le dépôt :

- ``docs/enseignant/fiches/NN_nom.md`` : une fiche par leçon (``NN_nom`` est le nom du notebook
  ``notebooks/NN_nom.ipynb``), plus la fiche de l'étude de cas (``08_…``, corrigé
  ``solutions/cas_08_….ipynb``) ;
- ``docs/eleves/syntheses/NN_nom.md`` : la fiche de synthèse (une page imprimée) de chaque leçon.

Ce module les liste, extrait les leçons, exercices et questions qu'un texte cite, et génère le
tableau d'exercice d'une fiche à partir de la clé de correction (``relation_client.corriges``).
Le tableau généré est encadré de deux commentaires HTML, invisibles à l'impression :
``<!-- tableau-exercice NN : début -->`` et ``<!-- tableau-exercice NN : fin -->``. Seule sa
colonne « difficulté attendue » est écrite à la main ; :func:`mettre_a_jour_tableau` régénère le
reste en la conservant.

Aucune fonction n'écrit ailleurs que dans le fichier qu'on lui désigne ; aucune n'écrase un texte
écrit à la main hors du bloc généré.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from relation_client.corriges import exercices_disponibles, numero_exercice, questions
from relation_client.exercices import points_texte, structure, totaux_parcours

__all__ = [
    "DOSSIER_FICHES",
    "DOSSIER_SYNTHESES",
    "SECTIONS_FICHE",
    "SECTIONS_SYNTHESE",
    "MOTS_MAX_SYNTHESE",
    "DIFFICULTE_A_REDIGER",
    "References",
    "racine_depot",
    "lecons",
    "corriges",
    "lister_fiches",
    "lister_syntheses",
    "numero_document",
    "references",
    "references_manquantes",
    "questions_du_corrige",
    "tableau_exercice",
    "bloc_tableau",
    "extraire_bloc_tableau",
    "difficultes_fiche",
    "mettre_a_jour_tableau",
    "sections",
    "sections_manquantes",
    "nombre_mots",
    "chiffres_de_la_lecon",
    "chiffres_cites",
    "liens_introuvables",
]

DOSSIER_FICHES = Path("docs") / "enseignant" / "fiches"
DOSSIER_SYNTHESES = Path("docs") / "eleves" / "syntheses"

#: Les sections (titres de niveau 2) que toute fiche de l'enseignant contient, dans cet ordre.
SECTIONS_FICHE = (
    "Objectifs, prérequis et durée",
    "Notions clés et vocabulaire",
    "Chiffres des sources discutés",
    "Idées fausses fréquentes et simulateur",
    "Trois questions pour la classe",
    "Exercice",
)

#: Les sections de toute fiche de synthèse des élèves, dans cet ordre.
SECTIONS_SYNTHESE = ("Définitions", "Formules et exemple", "Les trois choses à retenir")

#: Longueur maximale d'une fiche de synthèse (une page imprimée), en mots.
MOTS_MAX_SYNTHESE = 350

#: Ce que :func:`tableau_exercice` écrit pour une question dont la difficulté n'est pas encore rédigée.
DIFFICULTE_A_REDIGER = "à rédiger"

_MOTIF_NOM = re.compile(r"^(?:cas_)?(\d{2})_[a-z0-9_]+\.(?:md|ipynb)$")
_MOTIF_ID = r"\d{1,2}\.\d{1,2}"
# « question 2.3 », « questions 2.3, 2.4 et 2.5 », « questions 2.3 à 2.5 »
_MOTIF_QUESTIONS = re.compile(
    rf"\b[Qq]uestions?\s+({_MOTIF_ID}(?:\s*(?:,|et|à|ou|-|–)\s*{_MOTIF_ID})*)")
# première colonne d'une ligne de tableau : « | 2.3 | … »
_MOTIF_LIGNE_TABLEAU = re.compile(rf"^\|\s*({_MOTIF_ID})\s*\|", re.MULTILINE)
# « leçon 2 », « leçons 1 et 2 », « Leçon 02 »
_MOTIF_LECONS = re.compile(r"\b[Ll]eçons?\s+(\d{1,2}(?:\s*(?:,|et|à|ou|-|–)\s*\d{1,2})*)\b")
# « exercice 2 », « Exercice 02 », « exercices 1 et 2 »
_MOTIF_EXERCICES = re.compile(r"\b[Ee]xercices?\s+(\d{1,2}(?:\s*(?:,|et|à|ou|-|–)\s*\d{1,2})*)\b")
# un chemin de notebook du cours : notebooks/02_fideliser.ipynb, exercises/cas_08_….ipynb…
_MOTIF_FICHIER = re.compile(r"\b((?:notebooks|solutions|exercises)/(?:cas_)?\d{2}_[A-Za-z0-9_]+\.ipynb)")


@dataclass
class References:
    """Ce qu'un texte du kit cite : numéros de leçons et d'exercices (« 02 »), identifiants de
    questions (« 2.3 ») et chemins de notebooks (« notebooks/02_fideliser.ipynb »)."""

    lecons: set[str] = field(default_factory=set)
    exercices: set[str] = field(default_factory=set)
    questions: set[str] = field(default_factory=set)
    fichiers: set[str] = field(default_factory=set)


# ---------------------------------------------------------------------------
# Où sont les choses
# ---------------------------------------------------------------------------

def racine_depot(racine=None) -> Path:
    """Le dossier racine du cours (celui qui contient ``notebooks/`` et ``docs/``).

    Sans argument : la racine du dépôt où le paquet est installé en mode éditable.

    >>> (racine_depot() / "notebooks").is_dir()
    True
    """
    if racine is not None:
        return Path(racine)
    return Path(__file__).resolve().parents[2]


def lecons(racine=None) -> dict[str, str]:
    """Les leçons du cours : numéro → nom du notebook sans extension.

    >>> lecons()["02"]
    '02_fideliser'
    """
    dossier = racine_depot(racine) / "notebooks"
    return {p.stem[:2]: p.stem for p in sorted(dossier.glob("[0-9][0-9]_*.ipynb"))}


def corriges(racine=None) -> dict[str, Path]:
    """Les corrigés d'exercices : numéro → chemin (``solutions/NN_nom.ipynb`` ou ``cas_NN_…``).

    >>> corriges()["01"].name
    '01_conquerir.ipynb'
    """
    dossier = racine_depot(racine) / "solutions"
    resultat = {}
    for p in sorted(dossier.glob("*.ipynb")):
        m = _MOTIF_NOM.match(p.name)
        if m:
            resultat[m.group(1)] = p
    return resultat


def lister_fiches(racine=None) -> list[Path]:
    """Les fiches de l'enseignant (``docs/enseignant/fiches/NN_nom.md``), dans l'ordre des numéros.

    >>> [p.name for p in lister_fiches()][:2]
    ['00_prise_en_main.md', '01_conquerir.md']
    """
    dossier = racine_depot(racine) / DOSSIER_FICHES
    return sorted(p for p in dossier.glob("*.md") if _MOTIF_NOM.match(p.name))


def lister_syntheses(racine=None) -> list[Path]:
    """Les fiches de synthèse des élèves (``docs/eleves/syntheses/NN_nom.md``), dans l'ordre.

    >>> lister_syntheses()[0].name
    '00_prise_en_main.md'
    """
    dossier = racine_depot(racine) / DOSSIER_SYNTHESES
    return sorted(p for p in dossier.glob("*.md") if _MOTIF_NOM.match(p.name))


def numero_document(chemin) -> str:
    """Le numéro (deux chiffres) d'une fiche, d'une synthèse ou d'un notebook, tiré de son nom.

    >>> numero_document("docs/enseignant/fiches/02_fideliser.md")
    '02'
    >>> numero_document("solutions/cas_08_maison_lumen.ipynb")
    '08'
    """
    nom = Path(chemin).name
    m = _MOTIF_NOM.match(nom)
    if not m:
        raise ValueError(f"Nom de fichier {nom!r} inattendu : le kit attend « NN_nom.md » "
                         "(par exemple « 02_fideliser.md »).")
    return m.group(1)


# ---------------------------------------------------------------------------
# Références citées dans un texte
# ---------------------------------------------------------------------------

def _developper(liste: str, motif_element: str) -> list[str]:
    """« 2.3, 2.4 et 2.6 » → ['2.3', '2.4', '2.6'] ; « 2.3 à 2.5 » → ['2.3', '2.4', '2.5']."""
    elements = re.findall(motif_element, liste)
    separateurs = re.split(motif_element, liste)[1:-1]
    resultat = list(elements)
    for gauche, sep, droite in zip(elements, separateurs, elements[1:]):
        if sep.strip() in ("à", "-", "–"):
            if "." in gauche and "." in droite:
                (eg, ng), (ed, nd) = gauche.split("."), droite.split(".")
                if eg == ed:
                    resultat += [f"{eg}.{k}" for k in range(int(ng) + 1, int(nd))]
            elif "." not in gauche and "." not in droite:
                resultat += [str(k) for k in range(int(gauche) + 1, int(droite))]
    return resultat


def _sans_code(texte: str) -> str:
    """Le texte sans ses blocs de code (``` … ```), où « 0.25 » n'est pas une question."""
    return re.sub(r"```.*?```", "", texte, flags=re.DOTALL)


def references(texte: str) -> References:
    """Les leçons, exercices, questions et notebooks que cite un texte Markdown du kit.

    Sont reconnus : « leçon 2 », « leçons 1 et 2 » ; « exercice 02 » ; « question 2.3 »,
    « questions 2.3 à 2.5 », et la première colonne d'un tableau (« | 2.3 | … ») ; les chemins
    ``notebooks/…``, ``solutions/…`` et ``exercises/…``. Les blocs de code sont ignorés.

    >>> r = references("Voir la leçon 2, les questions 2.3 à 2.5 et notebooks/02_fideliser.ipynb.")
    >>> sorted(r.lecons), sorted(r.questions), sorted(r.fichiers)
    (['02'], ['2.3', '2.4', '2.5'], ['notebooks/02_fideliser.ipynb'])
    """
    texte = _sans_code(texte)
    refs = References()
    for m in _MOTIF_QUESTIONS.finditer(texte):
        refs.questions.update(_developper(m.group(1), _MOTIF_ID))
    refs.questions.update(_MOTIF_LIGNE_TABLEAU.findall(texte))
    for m in _MOTIF_LECONS.finditer(texte):
        refs.lecons.update(n.zfill(2) for n in _developper(m.group(1), r"\d{1,2}"))
    for m in _MOTIF_EXERCICES.finditer(texte):
        refs.exercices.update(n.zfill(2) for n in _developper(m.group(1), r"\d{1,2}"))
    refs.fichiers.update(_MOTIF_FICHIER.findall(texte))
    return refs


def references_manquantes(texte: str, racine=None) -> list[str]:
    """Les références d'un texte qui ne renvoient à rien (liste vide : tout existe).

    Une leçon existe si ``notebooks/NN_*.ipynb`` existe ; un exercice si son corrigé et sa clé de
    correction existent ; une question si la clé de son exercice la déclare ; un chemin de
    notebook s'il existe.

    >>> references_manquantes("La leçon 2 et la question 2.3.")
    []
    >>> references_manquantes("La question 2.99.")
    ['question 2.99 : absente de la clé de correction (src/relation_client/corriges/exercice_02.py)']
    """

    racine = racine_depot(racine)
    refs = references(texte)
    problemes = []
    connues = lecons(racine)
    for n in sorted(refs.lecons):
        if n not in connues:
            problemes.append(f"leçon {int(n)} : pas de notebooks/{n}_*.ipynb")
    avec_cle = set(exercices_disponibles())
    avec_corrige = set(corriges(racine))
    for n in sorted(refs.exercices):
        if n not in avec_cle or n not in avec_corrige:
            problemes.append(f"exercice {int(n)} : pas de corrigé dans solutions/ ou pas de clé de correction")
    ids_par_exercice: dict[str, set[str]] = {}
    for ident in sorted(refs.questions, key=lambda i: tuple(int(x) for x in i.split("."))):
        numero = ident.split(".")[0].zfill(2)
        if numero not in avec_cle:
            problemes.append(f"question {ident} : l'exercice {numero} n'a pas de clé de correction")
            continue
        if numero not in ids_par_exercice:
            ids_par_exercice[numero] = {q.id for q in questions(numero)}
        if ident not in ids_par_exercice[numero]:
            problemes.append(f"question {ident} : absente de la clé de correction "
                             f"(src/relation_client/corriges/exercice_{numero}.py)")
    for chemin in sorted(refs.fichiers):
        if not (racine / chemin).is_file():
            problemes.append(f"{chemin} : fichier introuvable")
    return problemes


def questions_du_corrige(chemin) -> list[str]:
    """Les identifiants des questions d'un corrigé (``solutions/NN_nom.ipynb``), dans l'ordre.

    >>> questions_du_corrige(corriges()["01"])[:3]
    ['1.1', '1.2', '1.3']
    """
    import json


    with open(chemin, encoding="utf-8") as f:
        nb = json.load(f)
    return [q["question"] for q in structure(nb)]


# ---------------------------------------------------------------------------
# Le tableau d'exercice d'une fiche
# ---------------------------------------------------------------------------

def _cellule(texte: str) -> str:
    """Un texte sûr dans une cellule de tableau Markdown (sans « | » ni retour à la ligne)."""
    return " ".join(str(texte).replace("|", "/").split())


def tableau_exercice(numero, difficultes: dict[str, str] | None = None) -> str:
    """Le tableau Markdown de l'exercice ``numero`` pour une fiche de l'enseignant.

    Une ligne par question, tirée de la clé de correction (identifiant, intitulé, points, parcours),
    plus la colonne « difficulté attendue » prise dans ``difficultes`` (identifiant → texte ; à défaut
    « à rédiger »), puis une ligne de totaux par parcours.

    >>> print(tableau_exercice("01", {"1.1": "facile"}).splitlines()[2])
    | 1.1 | Taux de conversion d'une boutique de vélos | 1 | essentiel | facile |
    """

    difficultes = difficultes or {}
    qs = questions(numero)
    lignes = ["| question | intitulé | points | parcours | difficulté attendue |",
              "|---|---|---|---|---|"]
    for q in qs:
        difficulte = _cellule(difficultes.get(q.id, "")) or DIFFICULTE_A_REDIGER
        lignes.append(f"| {q.id} | {_cellule(q.titre)} | {points_texte(q.points)} | {q.parcours} | "
                      f"{difficulte} |")
    lignes += ["", totaux_parcours(qs, "Approfondissement")]
    return "\n".join(lignes)


def _marques(numero: str) -> tuple[str, str]:
    return (f"<!-- tableau-exercice {numero} : début (généré par relation_client.kit, "
            "ne modifiez à la main que la colonne « difficulté attendue ») -->",
            f"<!-- tableau-exercice {numero} : fin -->")


def bloc_tableau(numero, difficultes: dict[str, str] | None = None) -> str:
    """Le tableau de :func:`tableau_exercice` entre ses deux marques (commentaires HTML).

    >>> bloc_tableau("01").splitlines()[0].startswith("<!-- tableau-exercice 01 : début")
    True
    """

    numero = numero_exercice(numero)
    debut, fin = _marques(numero)
    return f"{debut}\n\n{tableau_exercice(numero, difficultes)}\n\n{fin}"


def extraire_bloc_tableau(texte: str, numero) -> str | None:
    """Le bloc du tableau de l'exercice ``numero`` tel qu'il est écrit dans ``texte`` (marques
    comprises), ou ``None`` s'il n'y est pas.

    >>> extraire_bloc_tableau(bloc_tableau("01"), "01") == bloc_tableau("01")
    True
    """

    numero = numero_exercice(numero)
    m = re.search(rf"<!-- tableau-exercice {numero} : début.*?<!-- tableau-exercice {numero} : fin -->",
                  texte, flags=re.DOTALL)
    return m.group(0) if m else None


def difficultes_fiche(texte: str, numero) -> dict[str, str]:
    """La colonne « difficulté attendue » écrite à la main dans le tableau d'une fiche.

    >>> difficultes_fiche(bloc_tableau("01", {"1.2": "moyenne"}), "01")["1.2"]
    'moyenne'
    """
    bloc = extraire_bloc_tableau(texte, numero)
    if bloc is None:
        return {}
    resultat = {}
    for ligne in bloc.splitlines():
        cellules = [c.strip() for c in ligne.strip().strip("|").split("|")]
        if len(cellules) >= 5 and re.fullmatch(_MOTIF_ID, cellules[0]):
            if cellules[-1] and cellules[-1] != DIFFICULTE_A_REDIGER:
                resultat[cellules[0]] = cellules[-1]
    return resultat


def mettre_a_jour_tableau(chemin, numero=None) -> bool:
    """Régénère le bloc du tableau d'exercice d'une fiche en gardant ses difficultés rédigées.

    Le bloc doit déjà exister ; rien d'autre du fichier n'est touché. Pour une nouvelle fiche, il
    suffit d'écrire entre les deux marques une ligne par question avec sa seule difficulté :

        <!-- tableau-exercice 02 : début -->
        | 2.1 | | | | facile : une division |
        <!-- tableau-exercice 02 : fin -->

    puis d'appeler cette fonction, qui complète l'intitulé, les points, le parcours et les totaux.
    Renvoie ``True`` si le fichier a changé.
    """
    chemin = Path(chemin)
    numero = numero or numero_document(chemin)
    texte = chemin.read_text(encoding="utf-8")
    ancien = extraire_bloc_tableau(texte, numero)
    if ancien is None:
        raise ValueError(f"{chemin} : pas de bloc « tableau-exercice {numero} » à mettre à jour ; "
                         f"collez d'abord relation_client.kit.bloc_tableau('{numero}') dans la fiche.")
    nouveau = bloc_tableau(numero, difficultes_fiche(texte, numero))
    if nouveau == ancien:
        return False
    chemin.write_text(texte.replace(ancien, nouveau), encoding="utf-8")
    return True


def liens_introuvables(chemin) -> list[str]:
    """Les liens Markdown relatifs d'un fichier (``[texte](cible)``) dont la cible n'existe pas.

    Les adresses web (``http…``, ``mailto:``) et les ancres seules (``#…``) ne sont pas vérifiées.

    >>> liens_introuvables(lister_fiches()[1])
    []
    """
    chemin = Path(chemin)
    texte = _sans_code(chemin.read_text(encoding="utf-8"))
    manquants = []
    for cible in re.findall(r"\]\(([^)\s]+)\)", texte):
        if re.match(r"^(?:[a-z]+:|#)", cible):
            continue
        if not (chemin.parent / cible.split("#", 1)[0]).exists():
            manquants.append(cible)
    return manquants


# ---------------------------------------------------------------------------
# Forme des fiches
# ---------------------------------------------------------------------------

def sections(texte: str) -> list[str]:
    """Les titres de niveau 2 (``## …``) d'un texte Markdown, hors blocs de code.

    >>> sections("# Fiche\\n## Objectifs, prérequis et durée\\ntexte\\n## Exercice\\n")
    ['Objectifs, prérequis et durée', 'Exercice']
    """
    return [m.group(1).strip() for m in re.finditer(r"^##\s+(?!#)(.+)$", _sans_code(texte), re.MULTILINE)]


def sections_manquantes(texte: str, attendues=SECTIONS_FICHE) -> list[str]:
    """Les sections attendues absentes du texte ou mal ordonnées (liste vide : tout va bien).

    >>> sections_manquantes("## Définitions\\n## Les trois choses à retenir", SECTIONS_SYNTHESE)
    ['Formules et exemple']
    """
    presentes = sections(texte)
    manquantes = [s for s in attendues if s not in presentes]
    if not manquantes:
        ordre = [presentes.index(s) for s in attendues]
        if ordre != sorted(ordre):
            return ["ordre des sections : " + " → ".join(attendues)]
    return manquantes


def nombre_mots(texte: str) -> int:
    """Le nombre de mots d'un texte Markdown tel qu'il s'imprime (sans balises ni commentaires).

    Les signes isolés (« : », « | », « = », « × »…) ne comptent pas ; « l'attrition » compte pour un mot.

    >>> nombre_mots("## Définitions\\n- **CAC** = dépense ÷ nouveaux clients <!-- note -->")
    5
    """
    texte = re.sub(r"<!--.*?-->", " ", texte, flags=re.DOTALL)
    texte = re.sub(r"[#*_`>|]", " ", texte)
    return sum(1 for mot in texte.split() if re.search(r"\w", mot))


# ---------------------------------------------------------------------------
# Chiffres des sources (datasets/chiffres_cles.csv)
# ---------------------------------------------------------------------------

_MOTIF_APPEL_CHIFFRES = re.compile(r"(?:montrer_chiffres|chiffre_cle)\(([^)]*)\)", re.DOTALL)


def chiffres_de_la_lecon(chemin) -> list[str]:
    """Les identifiants de ``chiffres_cles.csv`` qu'un notebook montre (``montrer_chiffres(…)``,
    ``chiffre_cle(…)``), dans l'ordre de première apparition.

    >>> chiffres_de_la_lecon(racine_depot() / "notebooks" / "01_conquerir.ipynb")[:2]
    ['cout_nouveau_client_x5', 'cout_nouveau_client_x7']
    """
    import json

    with open(chemin, encoding="utf-8") as f:
        nb = json.load(f)
    vus: list[str] = []
    for cellule in nb.get("cells", []):
        if cellule.get("cell_type") != "code":
            continue
        source = cellule.get("source", "")
        source = "".join(source) if isinstance(source, list) else str(source)
        for appel in _MOTIF_APPEL_CHIFFRES.findall(source):
            for ident in re.findall(r"[\"']([a-z0-9_]+)[\"']", appel):
                if ident not in vus:
                    vus.append(ident)
    return vus


def chiffres_cites(texte: str, connus) -> set[str]:
    """Les identifiants de chiffres clés (parmi ``connus``) écrits entre accents graves dans un texte.

    >>> sorted(chiffres_cites("Voir `cout_nouveau_client_x5` et `autre_chose`.", {"cout_nouveau_client_x5"}))
    ['cout_nouveau_client_x5']
    """
    connus = set(connus)
    return {m for m in re.findall(r"`([a-z0-9_]+)`", texte) if m in connus}
