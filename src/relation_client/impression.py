"""Version imprimable du cours : ``relation-client pdf --sortie pdf`` (ou ``make pdf``).

Écrit dans le dossier de sortie, pour le jour où la salle informatique ne fonctionne pas :

- ``lecons/`` : les leçons (``notebooks/0*.ipynb``), parcours essentiel ; les cellules marquées
  ``approfondissement`` (« Pour aller plus loin ») sont ajoutées avec ``--approfondissement``.
  Les sorties enregistrées (tableaux, figures) sont gardées ; le code est montré sobrement, ou
  masqué avec ``--sans-code`` ; chaque simulateur est figé dans son dernier état enregistré ;
- ``syntheses/`` : les fiches de synthèse des élèves (``docs/eleves/syntheses/*.md``) ;
- ``fiches_enseignant/`` : les fiches de l'enseignant (``docs/enseignant/fiches/*.md``) ;
- ``exercices/`` : une **version papier** de chaque exercice (``exercises/*.ipynb``) : énoncés,
  tableaux de données, figures et valeurs préparées par les cellules de calcul, des cadres de
  réponse, et aucun code. Les valeurs viennent de l'exécution du notebook d'**exercice** (jamais
  du corrigé) dans un dossier temporaire : aucune réponse ne peut y apparaître.

Chaque document est une page HTML (``lang="fr"``, espaces insécables de la typographie française,
tableaux et figures jamais coupés) imprimée en PDF A4 par le Chromium de Debian (``/usr/bin/chromium``)
piloté par Playwright, avec un pied de page « page X / Y ». Ni LaTeX ni réseau.

Sécurité : rien n'est écrit hors du dossier de sortie ; un dossier non vide qui n'a pas été créé
par cet outil n'est jamais modifié, sauf avec ``--ecraser`` (et même alors rien n'y est supprimé).
"""

from __future__ import annotations

import ast
import asyncio
import html
import json
import re
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from relation_client.corriges import question
from relation_client.dossier_sortie import preparer_sortie, racine_cours
from relation_client.formatage import apercu, insecables, nombre
from relation_client.site import figer_widgets, titre_de_secours

__all__ = ["Document", "ErreurImpression", "typographier", "markdown_html", "document_lecon",
           "document_fiche", "document_exercice", "executer_exercice", "valeurs_preparees",
           "imprimer", "construire_pdf", "compter_pages", "ajouter_arguments", "executer"]

MARQUE = ".relation-client-pdf.json"
MIME_VALEURS = "application/vnd.relation-client.valeurs+json"
MIME_VUE = "application/vnd.jupyter.widget-view+json"
TAG_APPROFONDISSEMENT = "approfondissement"
CHROMIUM = Path("/usr/bin/chromium")
DRAPEAUX_CHROMIUM = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
DOSSIER_LECONS = "lecons"
DOSSIER_EXERCICES = "exercices"
DOSSIER_SYNTHESES = "syntheses"
DOSSIER_FICHES = "fiches_enseignant"
NOTE_SIMULATEUR_PAPIER = ("Simulateur interactif : il ne fonctionne que sur ordinateur. Sur papier, "
                          "faites le calcul à la main avec les réglages donnés dans la question.")
NOTE_SIMULATEUR_LECON = ("Simulateur interactif : ouvrez le notebook dans JupyterLab (make cours) "
                         "pour l'utiliser.")
NOTE_DEPENDANTE = ("Sur ordinateur, cette cellule réutilise vos réponses précédentes : son résultat "
                   "n'est pas imprimé.")


class ErreurImpression(Exception):
    """Impression impossible : le message (en français) dit pourquoi et quoi faire."""


@dataclass
class Document:
    """Une page HTML prête à imprimer et le PDF qu'elle donnera (chemin relatif à la sortie)."""

    titre: str
    html: str
    cible: str
    genre: str  # "lecon", "exercice", "synthese" ou "fiche"
    source: Path | None = None
    remarques: list[str] = field(default_factory=list)


# --------------------------------------------------------------------------- typographie

_BALISE = re.compile(r"(<!--.*?-->|<[^>]*>)", re.S)
_SANS_TYPO = ("pre", "code", "script", "style", "textarea", "kbd", "samp")


def typographier(page: str) -> str:
    """Espaces insécables françaises (avant « : ; ! ? % € » », après « « ») dans le texte d'une page
    HTML, jamais dans les balises, le code (``pre``, ``code``), les scripts ni les styles."""

    morceaux = _BALISE.split(page)
    dedans = 0
    for i, morceau in enumerate(morceaux):
        if i % 2 == 1:
            m = re.match(r"<(/?)([a-zA-Z0-9]+)", morceau)
            if m and m.group(2).lower() in _SANS_TYPO and not morceau.endswith("/>"):
                dedans = max(0, dedans + (-1 if m.group(1) else 1))
            continue
        if not dedans and morceau.strip():
            morceaux[i] = insecables(morceau)
    return "".join(morceaux)


# --------------------------------------------------------------------------- markdown

_MARKDOWN = None


def markdown_html(texte: str) -> str:
    """Markdown (celui des notebooks et des fiches : tableaux, listes, HTML brut) → HTML."""
    global _MARKDOWN
    if _MARKDOWN is None:
        import mistune

        _MARKDOWN = mistune.create_markdown(escape=False, plugins=["table", "strikethrough", "url"])
    return _MARKDOWN(texte)


def _sans_entete_yaml(texte: str) -> str:
    if texte.startswith("---\n"):
        fin = texte.find("\n---", 4)
        if fin > 0:
            return texte[fin + 4:].lstrip("\n")
    return texte


def _premier_titre(texte: str, repli: str) -> str:
    for ligne in texte.splitlines():
        m = re.match(r"^\s{0,3}#{1,6}\s+(.+?)\s*#*\s*$", ligne)
        if m:
            brut = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", m.group(1))
            return " ".join(re.sub(r"[*_`]+", "", brut).split())
    return repli


def _niveau_titre(texte: str) -> tuple[int, str] | None:
    """(niveau, texte) du premier titre Markdown d'une cellule, None si elle n'en commence pas par un."""
    m = re.match(r"^\s{0,3}(#{1,6})\s+(.+?)\s*#*\s*$", texte.lstrip("\n").split("\n", 1)[0])
    return (len(m.group(1)), m.group(2)) if m else None


# --------------------------------------------------------------------------- page et style

STYLE = """
@page { size: A4; margin: 15mm 16mm 17mm 16mm; }
html { font-size: 10.5pt; }
body { font-family: "DejaVu Sans", "Liberation Sans", sans-serif; color: #1d1d1f; line-height: 1.45;
  margin: 0; font-variant-ligatures: no-common-ligatures; -webkit-print-color-adjust: exact; print-color-adjust: exact; hyphens: manual; }
h1 { font-size: 1.7rem; margin: 0 0 .4rem 0; color: #0b3d66; }
h2 { font-size: 1.3rem; margin: 1.2rem 0 .4rem 0; color: #0b3d66; border-bottom: 1px solid #c8d3e0; }
h3 { font-size: 1.1rem; margin: 1rem 0 .3rem 0; }
h4, h5, h6 { font-size: 1rem; margin: .8rem 0 .3rem 0; }
h1, h2, h3, h4, h5, h6 { break-after: avoid; page-break-after: avoid; }
p, li { orphans: 3; widows: 3; }
a { color: inherit; text-decoration: none; }
table { border-collapse: collapse; margin: .5rem 0; font-size: .9rem; max-width: 100%; }
th, td { border: 1px solid #b9c3cf; padding: .15rem .45rem; text-align: left; vertical-align: top; }
.rc-valeurs td + td { text-align: right; }
thead th { background: #eef2f7; }
td { font-variant-numeric: tabular-nums; }
table, figure, img, svg, pre, blockquote, .rc-cadre, .rc-valeurs, .rc-sortie, .rc-note-papier,
.rc-widget, .rc-identite { break-inside: avoid; page-break-inside: avoid; }
img { max-width: 100%; max-height: 120mm; height: auto; }
pre, code, kbd { font-family: "DejaVu Sans Mono", "Liberation Mono", monospace; font-size: .85em; }
pre { white-space: pre-wrap; overflow-wrap: anywhere; margin: .3rem 0; }
blockquote { margin: .5rem 0; padding: .2rem .8rem; border-left: 3px solid #9aaabb; color: #333; }
.rc-entete { font-size: .85rem; color: #555; margin-bottom: .6rem; border-bottom: 1px solid #ccc;
  padding-bottom: .3rem; }
.rc-code { color: #555; background: #f6f7f9; border-left: 3px solid #c9d1da; padding: .25rem .5rem;
  font-size: .75rem; }
.rc-sortie { margin: .3rem 0 .6rem 0; }
.rc-flux { white-space: pre-wrap; font-family: "DejaVu Sans", sans-serif; margin: .3rem 0; }
.rc-sortie .dataframe { font-size: .85rem; }
.rc-widget { border: 1px dashed #0b61a4; border-radius: 4px; padding: .4rem .7rem; margin: .4rem 0; }
.rc-note { margin: 0 0 .4rem 0; font-style: italic; color: #0b4f85; }
.rc-etat { margin: .2rem 0; font-size: .9em; color: #555; }
.rc-ligne { display: flex; flex-wrap: wrap; gap: .8rem; align-items: flex-start; }
.rc-colonne { display: flex; flex-direction: column; gap: .2rem; }
.rc-controle .rc-description:after { content: " :"; }
.rc-bouton { display: inline-block; border: 1px solid #aaa; border-radius: 3px; padding: 0 .5rem; color: #666; }
.rc-image { max-width: 100%; }
.rc-approfondi-titre { color: #4b2f80; }
.rc-identite { display: flex; gap: 1.5rem; border: 1px solid #888; padding: .5rem .7rem; margin: .6rem 0 1rem 0; }
.rc-identite span { flex: 1; }
.rc-consigne { background: #f3f6fb; border-left: 4px solid #0b61a4; padding: .4rem .8rem; margin: .6rem 0; }
.rc-valeurs { border: 1px solid #9fb3c8; background: #f7f9fc; padding: .3rem .7rem; margin: .4rem 0 .7rem 0; }
.rc-valeurs .rc-titre-valeurs { font-weight: bold; font-size: .9rem; color: #0b3d66; margin: 0 0 .2rem 0; }
.rc-valeurs table { margin: .2rem 0 .4rem 0; }
.rc-valeurs dl { margin: 0; display: grid; grid-template-columns: max-content auto; column-gap: .8rem; }
.rc-valeurs dt { font-family: "DejaVu Sans Mono", monospace; font-size: .85rem; }
.rc-valeurs dd { margin: 0; font-variant-numeric: tabular-nums; }
.rc-note-papier { border: 1px dashed #777; padding: .3rem .7rem; font-style: italic; color: #444; margin: .4rem 0; }
.rc-question { margin-top: .6rem; break-inside: avoid; page-break-inside: avoid; }
.rc-cadre { border: 1.5px solid #333; border-radius: 3px; padding: .3rem .6rem; margin: .3rem 0 .9rem 0; }
.rc-cadre .rc-cadre-titre { font-size: .85rem; font-weight: bold; margin: 0 0 .2rem 0; }
.rc-cadre .rc-ligne-ecriture { height: 7.5mm; border-bottom: 1px solid #b8b8b8; }
.rc-cadre .rc-resultat { margin: .5rem 0 .1rem 0; }
.rc-pointilles { display: inline-block; min-width: 45mm; border-bottom: 1px dotted #333; }
"""


def page_html(titre: str, corps: str, *, base: Path | None = None, entete: str = "") -> str:
    """Page HTML complète (français, style d'impression), typographie française appliquée."""
    balise_base = f'<base href="{html.escape(base.resolve().as_uri() + "/", quote=True)}">' if base else ""
    bandeau = f"<div class='rc-entete'>{html.escape(entete)}</div>" if entete else ""
    return typographier(f"""<!DOCTYPE html>
<html lang="fr">
<head>
<meta charset="utf-8">
{balise_base}
<title>{html.escape(titre)}</title>
<style>{STYLE}</style>
</head>
<body>
{bandeau}
{corps}
</body>
</html>
""")


# --------------------------------------------------------------------------- sorties de cellules


def _texte(valeur) -> str:
    return "".join(valeur) if isinstance(valeur, list) else str(valeur)


def _rendu_sorties(sorties, *, widget_papier: bool = False) -> str:
    """HTML des sorties enregistrées d'une cellule : figures, tableaux, textes (pas les erreurs)."""
    morceaux = []
    for sortie in sorties or []:
        genre = sortie.get("output_type")
        if genre == "stream":
            if sortie.get("name") == "stderr":
                continue
            texte = _texte(sortie.get("text", ""))
            if texte.strip():
                morceaux.append(f"<div class='rc-flux'>{html.escape(texte.rstrip())}</div>")
            continue
        if genre not in ("display_data", "execute_result"):
            continue
        donnees = sortie.get("data", {})
        if MIME_VALEURS in donnees:
            continue  # rendu à part (voir _rendu_valeurs)
        if MIME_VUE in donnees:  # simulateur non figé : une note à sa place
            note = NOTE_SIMULATEUR_PAPIER if widget_papier else NOTE_SIMULATEUR_LECON
            morceaux.append(f"<div class='rc-note-papier'>{note}</div>")
            continue
        if "image/png" in donnees:
            texte_alt = html.escape(_texte(donnees.get("text/plain", "figure")), quote=True)
            morceaux.append(f"<figure><img alt=\"{texte_alt}\" "
                            f"src=\"data:image/png;base64,{_texte(donnees['image/png']).strip()}\"></figure>")
        elif "image/svg+xml" in donnees:
            morceaux.append(f"<figure>{_texte(donnees['image/svg+xml'])}</figure>")
        elif "text/html" in donnees:
            morceaux.append(f"<div class='rc-html'>{_coupures_entetes(_texte(donnees['text/html']))}</div>")
        elif "text/markdown" in donnees:
            morceaux.append(markdown_html(_texte(donnees["text/markdown"])))
        elif "text/plain" in donnees:
            texte = _texte(donnees["text/plain"])
            if re.fullmatch(r"<[^>]*>", texte.strip()) or texte.strip() in ("None", "Ellipsis"):
                continue  # « <Figure size …> », objets sans texte utile
            morceaux.append(f"<pre>{html.escape(texte)}</pre>")
    return f"<div class='rc-sortie'>{''.join(morceaux)}</div>" if morceaux else ""


def _coupures_entetes(page: str) -> str:
    """Dans les en-têtes de tableau, « nouveaux_clients » peut passer à la ligne après « _ »
    (un tableau large ne déborde plus de la page, et aucun nombre ni date n'est coupé)."""
    return re.sub(r"(<th\b[^>]*>)([^<]*)(</th>)",
                  lambda m: m.group(1) + m.group(2).replace("_", "_<wbr>") + m.group(3), page)


def _coupures_entetes_texte(texte: str) -> str:
    return html.escape(texte).replace("_", "_<wbr>")


def _code_visible(source: str) -> str:
    """Code d'une cellule sans les consignes pour nbval."""
    return re.sub(r"(?m)^[ \t]*#[ \t]*NBVAL_[A-Z_]+[ \t]*\n?", "", source).strip("\n")


# --------------------------------------------------------------------------- leçons


def document_lecon(chemin, *, approfondissement: bool = False, code: bool = True) -> Document:
    """Une leçon (notebook enregistré exécuté) en page imprimable.

    Parcours essentiel seul par défaut : les cellules marquées ``approfondissement`` sont omises,
    sauf avec ``approfondissement=True``. ``code=False`` masque le code des cellules.
    """
    import nbformat

    chemin = Path(chemin)
    nb = nbformat.read(chemin, as_version=4)
    figer_widgets(nb)  # chaque simulateur devient son dernier état enregistré, comme sur le site
    titre = repli = titre_de_secours(chemin)
    morceaux = []
    omises = 0
    for cellule in nb.cells:
        tags = cellule.get("metadata", {}).get("tags", []) or []
        approfondie = TAG_APPROFONDISSEMENT in tags
        if approfondie and not approfondissement:
            omises += 1
            continue
        classe = " class='rc-approfondi'" if approfondie else ""
        if cellule.cell_type == "markdown":
            if titre == repli:
                titre = _premier_titre(cellule.source, titre)
            morceaux.append(f"<section{classe}>{markdown_html(cellule.source)}</section>")
        elif cellule.cell_type == "code":
            bloc = []
            source = _code_visible(cellule.source)
            if code and source:
                bloc.append(f"<pre class='rc-code'>{html.escape(source)}</pre>")
            bloc.append(_rendu_sorties(cellule.get("outputs", [])))
            morceaux.append(f"<section{classe}>{''.join(bloc)}</section>")
    parcours = ("parcours essentiel et « Pour aller plus loin »" if approfondissement
                else "parcours essentiel")
    entete = f"Relation client par les données — {titre} — {parcours}"
    doc = Document(titre, page_html(titre, "\n".join(morceaux), base=chemin.parent, entete=entete),
                   f"{DOSSIER_LECONS}/{chemin.stem}.pdf", "lecon", chemin)
    if omises:
        doc.remarques.append(f"{omises} cellule(s) « Pour aller plus loin » omise(s)")
    return doc


# --------------------------------------------------------------------------- fiches (Markdown)


def document_fiche(chemin, genre: str = "synthese") -> Document:
    """Une fiche Markdown (synthèse élève ou fiche enseignant) en page imprimable."""
    chemin = Path(chemin)
    texte = _sans_entete_yaml(chemin.read_text(encoding="utf-8"))
    titre = _premier_titre(texte, titre_de_secours(chemin))
    dossier = DOSSIER_SYNTHESES if genre == "synthese" else DOSSIER_FICHES
    quoi = "Fiche de synthèse" if genre == "synthese" else "Fiche enseignant"
    entete = f"Relation client par les données — {quoi}"
    return Document(titre, page_html(titre, markdown_html(texte), base=chemin.parent, entete=entete),
                    f"{dossier}/{chemin.stem}.pdf", genre, chemin)


# --------------------------------------------------------------------------- exercices : exécution


def _noms_affectes(source: str) -> list[str]:
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
            for e in noeud.elts:
                yield from cibles(e)

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


def _info(cellule) -> dict:
    return cellule.get("metadata", {}).get("relation_client", {}) or {}


def _decimales(x: float) -> int:
    ax = abs(x)
    if ax == 0 or float(x).is_integer():
        return 0
    limite = 4 if ax < 1 else 2
    for d in range(limite + 1):
        if abs(round(x, d) - x) < 1e-9 * max(1.0, ax):
            return d
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


def _zones_exercice(nb, approfondissement: bool) -> list[bool]:
    """Pour chaque cellule : True si elle fait partie de la version papier."""
    gardees = []
    dans_facultatif = False
    for cellule in nb.cells:
        info = _info(cellule)
        if cellule.cell_type == "markdown" and not info:
            titre = _niveau_titre(cellule.source)
            if titre and titre[0] <= 2:
                dans_facultatif = bool(re.search(r"pour aller plus loin", titre[1], re.I))
        tags = cellule.get("metadata", {}).get("tags", []) or []
        facultative = (dans_facultatif or TAG_APPROFONDISSEMENT in tags
                       or info.get("parcours") == "approfondissement")
        gardees.append(approfondissement or not facultative)
    return gardees


def _dependances_reponses(nb) -> set[int]:
    """Indices des cellules de calcul qui utilisent (directement ou non) une valeur issue d'une réponse."""
    derives: set[str] = {"reponse"}
    dependantes = set()
    for i, cellule in enumerate(nb.cells):
        if cellule.cell_type != "code":
            continue
        source = _source_sans_magies(cellule.source)
        if _info(cellule).get("role") == "reponse":
            derives.update(_noms_affectes(source))
            continue
        if _info(cellule):
            continue
        if _noms_lus(source) & derives:
            dependantes.add(i)
            derives.update(_noms_affectes(source))
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
    dependantes = _dependances_reponses(nb)
    cellules = []
    for rang, cellule in enumerate(travail.cells):
        cellule.setdefault("metadata", {})["relation_client_impression"] = {"rang": rang}
        cellules.append(cellule)
        if cellule.cell_type != "code" or _info(cellule) or rang in dependantes:
            continue
        source = _source_sans_magies(cellule.source)
        noms = [n for n in _noms_affectes(source) if n not in _noms_affiches(source)]
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


# --------------------------------------------------------------------------- exercices : page


def _rendu_valeurs(donnees: dict) -> str:
    simples, blocs = [], []
    series: dict[tuple, list] = {}  # séries de même index : une seule table, une colonne par série
    for v in donnees.get("valeurs", []):
        if v["genre"] == "serie":
            series.setdefault((v.get("index") or "", tuple(a for a, _ in v["lignes"])), []).append(v)
    for (index, cles), groupe in series.items():
        tete = "".join(f"<th>{_coupures_entetes_texte(v['nom'])}</th>" for v in groupe)
        lignes = "".join("<tr><td>" + html.escape(cle) + "</td>"
                         + "".join(f"<td>{html.escape(v['lignes'][i][1])}</td>" for v in groupe) + "</tr>"
                         for i, cle in enumerate(cles))
        blocs.append(f"<table><thead><tr><th>{html.escape(index)}</th>{tete}</tr></thead>"
                     f"<tbody>{lignes}</tbody></table>")
    for v in donnees.get("valeurs", []):
        nom = html.escape(v["nom"])
        if v["genre"] in ("nombre", "texte"):
            simples.append(f"<dt>{nom}</dt><dd>{html.escape(v['texte'])}</dd>")
        elif v["genre"] == "tableau":
            tete = "".join(f"<th>{html.escape(c)}</th>" for c in v["colonnes"])
            lignes = "".join("<tr><th>" + html.escape(i) + "</th>" + "".join(f"<td>{html.escape(x)}</td>" for x in l)
                             + "</tr>" for i, l in zip(v["index"], v["lignes"]))
            blocs.append(f"<p><code>{nom}</code></p><table><thead><tr><th></th>{tete}</tr></thead>"
                         f"<tbody>{lignes}</tbody></table>")
    if not simples and not blocs:
        return ""
    liste = f"<dl>{''.join(simples)}</dl>" if simples else ""
    return (f"<div class='rc-valeurs'><p class='rc-titre-valeurs'>Valeurs préparées</p>{liste}"
            f"{''.join(blocs)}</div>")


def _nettoyer_enonce(texte: str) -> str:
    """Retire de l'énoncé ce qui ne parle qu'au clavier : ``reponse = X`` → ``X``."""
    texte = re.sub(r"`\s*reponse\s*=\s*([^`]+?)\s*`", r"`\1`", texte)
    texte = re.sub(r"(?i)(notez|écrivez|mettez|indiquez)( le chiffre lu)? dans `reponse`",
                   lambda m: f"{m.group(1)}{m.group(2) or ''} dans le cadre de réponse", texte)
    texte = re.sub(r"`reponse`", "le cadre de réponse", texte)
    texte = re.sub(r"\s*;?\s*en Python,\s*`[^`]*`", "", texte)  # « …clients ; en Python, `f(x)`. »
    texte = re.sub(r"(?<=[.!?*])\s*[^.!?]*s'écrivent sans espace[^.!?]*[.!?]", "", texte)
    return texte


_SECTIONS_CLAVIER = ("comment ça marche", "comment répondre", "conventions", "deux parcours")
_MOTS_CLAVIER = re.compile(r"cellule|exécut|reponse|verifier|maj\s*\+|notebook|`", re.I)


_CONSIGNE_CLAVIER = re.compile(r"cellules? de (vérification|réponse)|« À compléter »|Maj\s*\+\s*Entrée|"
                               r"exécutez[- ](la|les|toutes)|enregistrez le notebook|\bexécutée?s?\b", re.I)


def _sans_consignes_clavier(texte: str) -> str:
    """Retire d'un texte (hors énoncé) les phrases qui ne parlent que du notebook
    (« Exécutez-la en premier. », « vérifiez que chaque cellule de réponse a été exécutée… »)."""
    gardes = []
    for bloc in re.split(r"\n\s*\n", texte):
        if _niveau_titre(bloc) or bloc.lstrip().startswith("|") or not _CONSIGNE_CLAVIER.search(bloc):
            gardes.append(bloc)
            continue
        phrases = re.split(r"(?<=[.!?])\s+(?=[A-ZÀ-ÝÉ«*])", bloc.strip())
        reste = " ".join(p for p in phrases if not _CONSIGNE_CLAVIER.search(p))
        if reste.strip():
            gardes.append(reste)
    return "\n\n".join(gardes)


def _nettoyer_introduction(texte: str) -> str:
    """Garde le titre, les objectifs et le contexte de la première cellule, sans le mode d'emploi
    du notebook (sections « Comment ça marche », « Conventions »… et leurs listes)."""
    gardes, garder = [], True
    for bloc in re.split(r"\n\s*\n", texte):
        net = bloc.strip()
        m = re.match(r"^\*\*([^*]+?)\.?\*\*", net)
        if m:
            garder = m.group(1).strip().lower().rstrip(" .:") not in _SECTIONS_CLAVIER
        elif not garder and not re.match(r"^([-*+]|\d+[.)])\s", net) and not bloc.startswith((" ", "\t")):
            # Un paragraphe ordinaire après le mode d'emploi : gardé s'il ne parle pas du clavier.
            garder = not _MOTS_CLAVIER.search(net)
        if garder:
            gardes.append(bloc)
    return "\n\n".join(gardes)


def _cadre_reponse(ident: str, role: str, points: str) -> str:
    """Cadre à remplir à la main, dimensionné selon le genre de la question."""
    genre, unite, options = ("texte_libre" if role == "reponse_texte" else "nombre"), "", None
    try:

        q = question(ident)
        genre, unite, options = q.genre, q.unite or "", q.choix
    except Exception:  # question inconnue de la clé : cadre générique
        pass
    titre = f"<p class='rc-cadre-titre'>Réponse à la question {html.escape(ident)}</p>"
    if genre == "texte_libre":
        try:
            hauteur = max(8, min(16, int(float(points.replace(",", ".")) * 3 + 2)))
        except ValueError:
            hauteur = 10
        return f"<div class='rc-cadre'>{titre}{_lignes(hauteur)}</div>"
    if genre == "choix":
        liste = " / ".join(html.escape(str(o)) for o in options) if options else ""
        propositions = f" (entourez : {liste})" if liste else ""
        return (f"<div class='rc-cadre'>{titre}<p class='rc-resultat'>Votre choix{propositions} : "
                f"<span class='rc-pointilles'></span></p></div>")
    hauteur = 2 if genre == "nombre" else 5
    suffixe = {"taux": " %", "€": " €"}.get(unite, f" {unite}" if unite and unite != "taux" else "")
    resultat = ("Résultat (une valeur par ligne) :" if genre in ("serie", "tableau")
                else f"Résultat : <span class='rc-pointilles'></span>{html.escape(suffixe)}")
    return (f"<div class='rc-cadre'>{titre}<p>Calcul :</p>{_lignes(hauteur)}"
            f"<p class='rc-resultat'>{resultat}</p></div>")


def _lignes(nombre_lignes: int) -> str:
    """Lignes d'écriture d'un cadre de réponse (une par 7,5 mm)."""
    return "<div class='rc-lignes'>" + "<div class='rc-ligne-ecriture'></div>" * nombre_lignes + "</div>"


CONSIGNE_PAPIER = ("Version papier. Les calculs préparés sur ordinateur sont imprimés dans les encadrés "
                   "« Valeurs préparées » ; les tableaux et graphiques sont ceux du notebook. Répondez "
                   "dans les cadres : écrivez le calcul puis le résultat, un taux en pourcentage "
                   "(12,5 %), un montant en euros.")


def document_exercice(chemin, *, approfondissement: bool = False, nb_execute=None,
                      delai: int = 180) -> Document:
    """Version papier d'un exercice : énoncés, données, figures, cadres de réponse ; aucun code.

    ``chemin`` : un notebook d'exercice (``exercises/NN_nom.ipynb``), jamais un corrigé.
    ``nb_execute`` : le résultat de :func:`executer_exercice` s'il est déjà calculé.
    """
    import nbformat

    chemin = Path(chemin)
    nb = nbformat.read(chemin, as_version=4)
    for cellule in nb.cells:
        if cellule.cell_type == "code" and "### BEGIN SOLUTION" in cellule.source:
            raise ErreurImpression(f"{chemin} contient une région de solution : la version papier se "
                                   "construit à partir d'un notebook d'exercice (exercises/), jamais "
                                   "d'un corrigé.")
    execute = nb_execute if nb_execute is not None else executer_exercice(nb, delai)
    sorties: dict[int, list] = {}
    sondes: dict[int, dict] = {}
    for cellule in execute.cells:
        marque = cellule.get("metadata", {}).get("relation_client_impression", {})
        if "sonde" in marque:
            for sortie in cellule.get("outputs", []):
                if MIME_VALEURS in sortie.get("data", {}):
                    sondes[marque["sonde"]] = sortie["data"][MIME_VALEURS]
        elif "rang" in marque:
            sorties[marque["rang"]] = cellule.get("outputs", [])

    gardees = _zones_exercice(nb, approfondissement)
    dependantes = _dependances_reponses(nb)
    titre = titre_de_secours(chemin)
    morceaux = []
    erreurs = 0
    premiere = True
    points: dict[str, str] = {}
    groupe_ouvert = [False]

    def fermer() -> str:
        if groupe_ouvert[0]:
            groupe_ouvert[0] = False
            return "</section>"
        return ""

    for rang, cellule in enumerate(nb.cells):
        if not gardees[rang]:
            continue
        info = _info(cellule)
        role = info.get("role")
        if cellule.cell_type == "markdown":
            if role == "reponse_texte":
                morceaux.append(_cadre_reponse(info.get("question", "?"), role, points.get(info.get("question"), "2")))
                morceaux.append(fermer())
                continue
            morceaux.append(fermer())
            texte = _nettoyer_enonce(cellule.source)
            if premiere:
                titre = _premier_titre(texte, titre)
                texte = _nettoyer_introduction(texte)
            if not role and not premiere:
                texte = _sans_consignes_clavier(texte)
            if role == "enonce":
                m = re.search(r"\((\d+(?:[.,]\d+)?)\s+points?\)", cellule.source)
                points[info.get("question")] = m.group(1) if m else "2"
                # L'énoncé et son cadre de réponse restent sur la même page (section insécable).
                morceaux.append(f"<section class='rc-question'>{markdown_html(texte)}")
                groupe_ouvert[0] = True
            else:
                morceaux.append(markdown_html(texte))
            if premiere:
                morceaux.append("<div class='rc-identite'><span>Nom :</span><span>Prénom :</span>"
                                "<span>Classe :</span><span>Date :</span></div>"
                                f"<p class='rc-consigne'>{html.escape(CONSIGNE_PAPIER)}</p>")
                premiere = False
            continue
        if cellule.cell_type != "code":
            continue
        if role == "reponse":
            ident = info.get("question", "?")
            morceaux.append(_cadre_reponse(ident, role, points.get(ident, "1")))
            morceaux.append(fermer())
            continue
        if role:  # vérification : rien sur papier
            continue
        if rang in dependantes:
            morceaux.append(f"<div class='rc-note-papier'>{NOTE_DEPENDANTE}</div>")
            continue
        cellule_sorties = sorties.get(rang, [])
        erreurs += sum(1 for s in cellule_sorties if s.get("output_type") == "error")
        morceaux.append(_rendu_sorties(cellule_sorties, widget_papier=True))
        if rang in sondes:
            morceaux.append(_rendu_valeurs(sondes[rang]))
    morceaux.append(fermer())
    if premiere:
        morceaux.insert(0, f"<h1>{html.escape(titre)}</h1>")
    parcours = "parcours essentiel et « Pour aller plus loin »" if approfondissement else "parcours essentiel"
    entete = f"Relation client par les données — version papier de l'exercice — {parcours}"
    doc = Document(titre, page_html(titre, "\n".join(m for m in morceaux if m), base=chemin.parent,
                                    entete=entete),
                   f"{DOSSIER_EXERCICES}/{chemin.stem}.pdf", "exercice", chemin)
    if erreurs:
        doc.remarques.append(f"{erreurs} cellule(s) en erreur à l'exécution (sorties omises)")
    return doc



# --------------------------------------------------------------------------- impression PDF


def _pied_de_page(titre: str) -> str:
    return ("<div style=\"font-family:'DejaVu Sans',sans-serif;font-size:8px;color:#555;width:100%;"
            "margin:0 16mm;display:flex;justify-content:space-between\">"
            f"<span>{html.escape(titre)}</span>"
            "<span>page <span class=\"pageNumber\"></span> / <span class=\"totalPages\"></span></span></div>")


LARGEUR_UTILE_PX = round((210 - 2 * 16) / 25.4 * 96)

# Un tableau trop large pour la page est écrit plus petit (jusqu'à 55 % de la taille normale) :
# sinon Chromium réduirait toute la page pour le faire tenir. Renvoie ce qui déborde encore.
AJUSTER_TABLEAUX = """() => {
  const largeur = document.documentElement.clientWidth;
  for (const t of document.querySelectorAll('table')) {
    let taille = 100;
    const trop = () => t.getBoundingClientRect().right > largeur + 1;
    const reduire = (plancher) => {
      while (trop() && taille > plancher) { taille -= 5; t.style.fontSize = taille + '%'; }
    };
    reduire(55);
    if (trop()) {  // en dernier recours : en-têtes, puis cellules, coupés n'importe où
      for (const c of t.querySelectorAll('th')) c.style.overflowWrap = 'anywhere';
    }
    if (trop()) {
      for (const c of t.querySelectorAll('td')) c.style.overflowWrap = 'anywhere';
    }
  }
  const trop = [];
  for (const e of document.body.querySelectorAll('*')) {
    if (e.getBoundingClientRect().right > largeur + 1) trop.push(e.tagName.toLowerCase());
  }
  return [...new Set(trop)].slice(0, 5).join(', ');
}"""


def compter_pages(chemin) -> int:
    """Nombre de pages d'un PDF (pypdf s'il est installé, sinon lecture des objets /Page)."""
    try:
        from pypdf import PdfReader
    except ImportError:
        return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", Path(chemin).read_bytes()))
    return len(PdfReader(str(chemin)).pages)


def imprimer(documents: list[Document], sortie, *, bavard: bool = False) -> list[tuple[Path, int]]:
    """Imprime chaque document en PDF dans ``sortie`` (une seule instance de Chromium pour tous)."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        raise ErreurImpression("Le paquet Python « playwright » est absent : installez-le "
                               "(pip install playwright ; jamais « playwright install ») pour imprimer "
                               "avec le Chromium de Debian.") from None
    if not CHROMIUM.exists():
        raise ErreurImpression(f"Chromium est absent ({CHROMIUM}) : installez le paquet Debian "
                               "« chromium » (make navigateur).")
    sortie = Path(sortie)
    if _boucle_asyncio_active():
        # Dans un notebook (ou sous un autre outil asyncio), l'API synchrone de Playwright refuse de
        # tourner dans ce fil : on imprime dans un fil à part, qui n'a pas de boucle.
        with ThreadPoolExecutor(max_workers=1) as fil:
            return fil.submit(_imprimer, sync_playwright, documents, sortie, bavard).result()
    return _imprimer(sync_playwright, documents, sortie, bavard)


def _boucle_asyncio_active() -> bool:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True


def _imprimer(sync_playwright, documents: list[Document], sortie: Path, bavard: bool) -> list[tuple[Path, int]]:
    resultats = []
    with tempfile.TemporaryDirectory(prefix="rc-pdf-") as tmp, sync_playwright() as p:
        navigateur = p.chromium.launch(executable_path=str(CHROMIUM), args=DRAPEAUX_CHROMIUM)
        try:
            # Fenêtre de la largeur imprimable d'une page A4 (210 mm − 2 × 16 mm de marges) :
            # la mise en page à l'écran est celle du papier.
            page = navigateur.new_page(viewport={"width": LARGEUR_UTILE_PX, "height": 1000})
            page.route(re.compile(r"^https?://"), lambda route: route.abort())  # jamais de réseau
            for i, doc in enumerate(documents):
                fichier_html = Path(tmp) / f"document_{i}.html"
                fichier_html.write_text(doc.html, encoding="utf-8")
                page.goto(fichier_html.as_uri(), wait_until="load")
                page.emulate_media(media="print")
                deborde = page.evaluate(AJUSTER_TABLEAUX)
                if deborde:
                    doc.remarques.append(f"contenu plus large que la page : {deborde}")
                cible = sortie / doc.cible
                cible.parent.mkdir(parents=True, exist_ok=True)
                page.pdf(path=str(cible), format="A4", print_background=True,
                         display_header_footer=True, header_template="<span></span>",
                         footer_template=_pied_de_page(doc.titre),
                         margin={"top": "15mm", "bottom": "17mm", "left": "16mm", "right": "16mm"})
                pages = compter_pages(cible)
                resultats.append((cible, pages))
                if bavard:
                    print(f"  {doc.cible} : {pages} page(s)" + (f" ({' ; '.join(doc.remarques)})" if doc.remarques else ""))
        finally:
            navigateur.close()
    return resultats


# --------------------------------------------------------------------------- construction


def _preparer_sortie(sortie: Path, racine: Path, ecraser: bool) -> None:
    preparer_sortie(sortie, racine, ecraser, marque=MARQUE, commande="pdf", erreur=ErreurImpression,
                    suffixe=".pdf")


def _selection(chemins: list[Path], seulement: list[str] | None) -> list[Path]:
    if not seulement:
        return chemins
    return [c for c in chemins if any(c.stem == s or c.stem.startswith(s) for s in seulement)]


def construire_pdf(sortie, racine=None, *, approfondissement: bool = False, code: bool = True,
                   genres=("lecon", "synthese", "fiche", "exercice"), seulement: list[str] | None = None,
                   ecraser: bool = False, bavard: bool = False) -> list[tuple[Path, int]]:
    """Construit la version imprimable du cours dans ``sortie`` ; renvoie ``[(pdf, pages), …]``.

    ``genres`` : les familles de documents à imprimer ; ``seulement`` : préfixes de noms de fichiers
    (``["01", "cas_08"]``) pour n'imprimer qu'une partie.
    """
    racine = racine_cours(racine)
    sortie = Path(sortie)
    inconnus = set(genres) - {"lecon", "synthese", "fiche", "exercice"}
    if inconnus:
        raise ErreurImpression(f"genre(s) de document inconnu(s) : {', '.join(sorted(inconnus))} "
                               "(choix possibles : lecon, synthese, fiche, exercice).")
    lecons = _selection(sorted((racine / "notebooks").glob("0*.ipynb")), seulement) if "lecon" in genres else []
    syntheses = (_selection(sorted((racine / "docs" / "eleves" / "syntheses").glob("*.md")), seulement)
                 if "synthese" in genres else [])
    fiches = (_selection(sorted((racine / "docs" / "enseignant" / "fiches").glob("*.md")), seulement)
              if "fiche" in genres else [])
    exercices = _selection(sorted((racine / "exercises").glob("*.ipynb")), seulement) if "exercice" in genres else []
    syntheses = [c for c in syntheses if c.name.lower() != "readme.md"]
    fiches = [c for c in fiches if c.name.lower() != "readme.md"]
    if not (lecons or syntheses or fiches or exercices):
        raise ErreurImpression(f"Rien à imprimer dans {racine} : lancez la commande depuis la racine du "
                               "cours ou indiquez --cours.")
    _preparer_sortie(sortie, racine, ecraser)

    documents = []
    for chemin in lecons:
        documents.append(document_lecon(chemin, approfondissement=approfondissement, code=code))
    for chemin in syntheses:
        documents.append(document_fiche(chemin, "synthese"))
    for chemin in fiches:
        documents.append(document_fiche(chemin, "fiche"))
    for chemin in exercices:
        debut = time.perf_counter()
        documents.append(document_exercice(chemin, approfondissement=approfondissement))
        if bavard:
            print(f"  exercice {chemin.name} exécuté en {time.perf_counter() - debut:.0f} s")
    resultats = imprimer(documents, sortie, bavard=bavard)
    relatifs = [p.relative_to(sortie).as_posix() for p, _ in resultats]
    (sortie / MARQUE).write_text(json.dumps(
        {"outil": "relation-client pdf", "fichiers": sorted(relatifs),
         "pages": {r: n for r, (_, n) in sorted(zip(relatifs, resultats))},
         "remarques": {d.cible: d.remarques for d in documents if d.remarques}},
        ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return resultats


# --------------------------------------------------------------------------- commande


def ajouter_arguments(parser) -> None:
    parser.add_argument("--sortie", default="pdf", help="dossier où écrire les PDF (par défaut : pdf)")
    parser.add_argument("--cours", default=None,
                        help="dossier du cours, qui contient notebooks/ (par défaut : le dossier courant)")
    parser.add_argument("--approfondissement", action="store_true",
                        help="inclure les parties « Pour aller plus loin » (leçons et exercices)")
    parser.add_argument("--sans-code", dest="code", action="store_false",
                        help="masquer le code des leçons (il n'apparaît jamais dans les exercices)")
    parser.add_argument("--seulement", nargs="+", metavar="PREFIXE", default=None,
                        help="n'imprimer que les fichiers dont le nom commence ainsi (ex. : 01 cas_08)")
    parser.add_argument("--sans-exercices", action="store_true",
                        help="ne pas imprimer les exercices (leur exécution est l'étape la plus longue)")
    parser.add_argument("--ecraser", action="store_true",
                        help="écrire même dans un dossier non vide qui n'a pas été créé par cet outil")


def executer(args) -> int:
    genres = ("lecon", "synthese", "fiche") if args.sans_exercices else ("lecon", "synthese", "fiche", "exercice")
    try:
        resultats = construire_pdf(args.sortie, args.cours, approfondissement=args.approfondissement,
                                   code=args.code, genres=genres, seulement=args.seulement,
                                   ecraser=args.ecraser, bavard=True)
    except ErreurImpression as erreur:
        print(f"PDF non construits : {erreur}", file=sys.stderr)
        return 1
    total = sum(p for _, p in resultats)
    print(f"{len(resultats)} PDF écrits dans {args.sortie}/ ({total} pages au total).")
    return 0
