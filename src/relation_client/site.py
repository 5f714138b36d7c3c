"""Version HTML statique du cours : ``relation-client site --sortie site`` (ou ``make site``).

Exporte les leçons (``notebooks/*.ipynb``, enregistrées exécutées) en pages HTML avec nbconvert,
écrit une page d'accueil ``index.html`` qui les liste, et met à disposition les notebooks
d'exercices (``exercises/*.ipynb``) et les jeux de données à télécharger. Un élève sans Python
peut ainsi lire le cours dans son navigateur, même hors ligne (images intégrées aux pages).

Les simulateurs (widgets) ne fonctionnent pas sans noyau Python : chaque widget est remplacé par
une image figée de son dernier état enregistré (textes, valeurs des réglages, figure) et une note
qui renvoie vers JupyterLab.

Accessibilité (WCAG 2.1 AA, vérifiée par axe-core dans ``tests/navigateur/test_accessibilite_*``) :
pages déclarées en français (``lang="fr"``), sans invites « In [17]: » / « Out[3]: », couleurs du
code et des liens assez contrastées, liens soulignés ; chaque figure garde son texte ``alt``
français (description écrite par :func:`relation_client.graphiques.decrire`), jamais le
« No description has been provided for this image » de nbconvert.

Sécurité : rien n'est écrit hors du dossier de sortie. Un dossier non vide qui n'a pas été créé par
cet outil n'est jamais modifié, sauf avec ``--ecraser`` (et même alors rien n'y est supprimé).
"""

from __future__ import annotations

import base64
import html
import json
import os
import re
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from relation_client.dossier_sortie import preparer_sortie, racine_cours
from relation_client.formatage import nombre, pourcentage

__all__ = ["construire_site", "ErreurSite", "titre_notebook", "titre_de_secours", "texte_brut",
           "figer_widgets", "ajouter_arguments", "executer"]

MARQUE = ".relation-client-site.json"
NOTE_WIDGET = ("Ce simulateur est interactif : ouvrez le notebook dans JupyterLab (make cours) "
               "pour l'utiliser.")
MIME_VUE = "application/vnd.jupyter.widget-view+json"
MIME_ETAT = "application/vnd.jupyter.widget-state+json"
DOSSIER_EXERCICES = "exercices"
DOSSIER_DONNEES = "donnees"
DOSSIER_RESSOURCES = "ressources"
GABARITS_NBCONVERT = Path(__file__).resolve().parent / "gabarits" / "nbconvert"


class ErreurSite(Exception):
    """Construction impossible : le message (en français) dit pourquoi et quoi faire."""


@dataclass
class Lecon:
    source: Path
    titre: str
    page: str  # nom du fichier HTML, relatif à la sortie


# --------------------------------------------------------------------------- titres


def texte_brut(markdown: str) -> str:
    """Texte lisible d'un morceau de Markdown : sans images, liens (leur texte reste), balises
    HTML ni marques d'emphase, espaces regroupées."""
    texte = re.sub(r"!\[[^\]]*\]\([^)]*\)", "", markdown)
    texte = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", texte)
    texte = re.sub(r"<[^>]+>", "", texte)
    texte = re.sub(r"[*_`]+", "", texte)
    return " ".join(texte.split())


def titre_notebook(nb, repli: str = "") -> str:
    """Premier titre Markdown (``# …``) du notebook, en texte brut ; ``repli`` s'il n'y en a pas."""
    for cellule in nb.cells:
        if cellule.cell_type != "markdown":
            continue
        for ligne in cellule.source.splitlines():
            m = re.match(r"^\s{0,3}#{1,6}\s+(.+?)\s*#*\s*$", ligne)
            if m:
                return texte_brut(m.group(1))
    return repli


def titre_de_secours(chemin: Path) -> str:
    """Titre tiré du nom de fichier (« 02_fideliser.ipynb » → « Fideliser »), faute de titre Markdown."""
    return re.sub(r"^\d+[_-]*", "", chemin.stem).replace("_", " ").strip().capitalize() or chemin.stem


# --------------------------------------------------------------------------- widgets figés


def _format_valeur(valeur, etat: dict) -> str:
    """Valeur d'un contrôle écrite à la française, selon son format d'affichage (``.1%``, ``.2f``…)."""

    if isinstance(valeur, bool):
        return "oui" if valeur else "non"
    if isinstance(valeur, (int, float)):
        fmt = str(etat.get("readout_format") or ("d" if isinstance(valeur, int) else ".2f"))
        precision = re.search(r"\.(\d+)", fmt)
        decimales = int(precision.group(1)) if precision else 0
        if fmt.endswith("%"):
            return pourcentage(valeur, decimales)
        return nombre(valeur, decimales)
    if isinstance(valeur, (list, tuple)):
        return " – ".join(_format_valeur(v, etat) for v in valeur)
    return str(valeur)


def _buffer(entree: dict, cle: str) -> str | None:
    for tampon in entree.get("buffers", []) or []:
        if tampon.get("path") == [cle] and tampon.get("encoding", "base64") == "base64":
            return tampon.get("data")
    valeur = entree.get("state", {}).get(cle)
    if isinstance(valeur, str) and valeur:
        return valeur
    if isinstance(valeur, (bytes, bytearray)):
        return base64.b64encode(valeur).decode()
    return None


#: Texte alt d'une figure enregistrée sans description (leçon exécutée avant que les figures
#: n'en aient une) : en français, et il dit quoi faire.
ALT_SANS_DESCRIPTION = "Figure (description non enregistrée : réexécutez la leçon pour l'obtenir)"


def _texte(contenu) -> str:
    return "".join(contenu) if isinstance(contenu, list) else str(contenu or "")


def description_figure(donnees: dict) -> str:
    """Texte alt d'une sortie image : sa description (``text/plain``) si c'en est une."""
    texte = " ".join(_texte(donnees.get("text/plain", "")).split())
    if not texte or texte.startswith("<") or texte.startswith("Figure(") or texte.startswith("<Figure"):
        return ALT_SANS_DESCRIPTION
    return texte


def _rendu_sorties(sorties: list) -> str:
    morceaux = []
    for sortie in sorties or []:
        donnees = sortie.get("data", {}) if sortie.get("output_type") != "stream" else {
            "text/plain": sortie.get("text", "")}
        if "text/html" in donnees and "image/png" in donnees:  # figure décrite : <img alt=…>
            morceaux.append(_texte(donnees["text/html"]))
        elif "image/png" in donnees:
            alt = html.escape(description_figure(donnees), quote=True)
            morceaux.append(f'<img alt="{alt}" src="data:image/png;base64,{_texte(donnees["image/png"])}">')
        elif "text/html" in donnees:
            morceaux.append(_texte(donnees["text/html"]))
        elif "text/plain" in donnees:
            morceaux.append(f"<pre>{html.escape(_texte(donnees['text/plain']))}</pre>")
    return "".join(morceaux)


_ALT_SIMULATEUR = re.compile(r"<div class='rc-alt' hidden>(.*?)</div>", re.S)


def _alt_des_enfants(enfants: list, etats: dict) -> str | None:
    """Description de la figure d'un simulateur (HTML caché ``rc-alt`` voisin de l'image)."""
    for enfant in enfants:
        valeur = etats.get(str(enfant).removeprefix("IPY_MODEL_"), {}).get("state", {}).get("value")
        if isinstance(valeur, str):
            trouve = _ALT_SIMULATEUR.search(valeur)
            if trouve:
                return html.unescape(trouve.group(1)).strip()
    return None


def _rendu_widget(model_id: str, etats: dict, profondeur: int = 0, alt: str | None = None) -> str:
    """HTML statique du dernier état d'un widget (et de ses enfants)."""
    entree = etats.get(model_id)
    if entree is None or profondeur > 30:
        return ""
    etat = entree.get("state", {})
    modele = entree.get("model_name") or etat.get("_model_name", "")
    description = html.escape(str(etat.get("description", "") or ""))
    # Libellé d'un contrôle ; rien quand le libellé est un widget voisin (curseurs des simulateurs).
    libelle = f"<span class='rc-description'>{description}</span> " if description else ""
    if etat.get("layout") and isinstance(etat.get("layout"), str):
        disposition = etats.get(etat["layout"].removeprefix("IPY_MODEL_"), {}).get("state", {})
        if disposition.get("display") == "none" or disposition.get("visibility") == "hidden":
            return ""
    if "children" in etat and isinstance(etat["children"], list):
        alt_enfants = _alt_des_enfants(etat["children"], etats) or alt
        enfants = "".join(_rendu_widget(str(c).removeprefix("IPY_MODEL_"), etats, profondeur + 1, alt_enfants)
                          for c in etat["children"])
        classe = "rc-ligne" if modele.startswith(("HBox", "GridBox")) else "rc-colonne"
        titres = etat.get("titles") or etat.get("_titles")
        if modele.startswith(("Tab", "Accordion", "Stack")) and titres:
            enfants = "".join(
                f"<div class='rc-onglet'><strong>{html.escape(str(t))}</strong>"
                f"{_rendu_widget(str(c).removeprefix('IPY_MODEL_'), etats, profondeur + 1)}</div>"
                for t, c in zip(titres, etat["children"]))
        return f"<div class='{classe}'>{enfants}</div>"
    if modele in ("HTMLModel", "HTMLMathModel"):
        if _ALT_SIMULATEUR.fullmatch(str(etat.get("value", "")).strip()):
            return ""  # description de la figure : déjà dans son alt
        prefixe = f"<span class='rc-description'>{description}</span> " if description else ""
        return f"<div class='rc-html'>{prefixe}{etat.get('value', '')}</div>"
    if modele == "LabelModel":
        return f"<div class='rc-html'>{html.escape(str(etat.get('value', '')))}</div>"
    if modele == "ImageModel":
        donnees = _buffer(entree, "value")
        if not donnees:
            return ""
        fmt = etat.get("format", "png")
        texte_alt = html.escape(alt or description or ALT_SANS_DESCRIPTION, quote=True)
        return f"<img class='rc-image' alt=\"{texte_alt}\" src='data:image/{fmt};base64,{donnees}'>"
    if modele == "OutputModel":
        return f"<div class='rc-html'>{_rendu_sorties(etat.get('outputs', []))}</div>"
    if modele in ("ButtonModel", "ToggleButtonModel"):
        return f"<span class='rc-bouton'>{description}</span>"
    if "_options_labels" in etat:
        etiquettes = etat.get("_options_labels") or []
        index = etat.get("index")
        indices = index if isinstance(index, (list, tuple)) else [index]
        choisies = [str(etiquettes[i]) for i in indices if isinstance(i, int) and 0 <= i < len(etiquettes)]
        valeur = ", ".join(choisies) if choisies else "—"
        return f"<div class='rc-controle'>{libelle}<strong>{html.escape(valeur)}</strong></div>"
    if "value" in etat and etat.get("readout") is False:
        # Valeur affichée à côté par une étiquette (HTML) : on ne la répète pas.
        return f"<div class='rc-controle'>{libelle.strip()}</div>" if description else ""
    if "value" in etat:
        valeur = html.escape(_format_valeur(etat["value"], etat))
        return f"<div class='rc-controle'>{libelle}<strong>{valeur}</strong></div>"
    return ""


def figer_widgets(nb) -> int:
    """Remplace chaque sortie widget par son dernier état figé + la note ; renvoie leur nombre."""
    etats = nb.metadata.get("widgets", {}).get(MIME_ETAT, {}).get("state", {})
    nombre = 0
    for cellule in nb.cells:
        for sortie in cellule.get("outputs", []):
            donnees = sortie.get("data", {})
            if MIME_VUE not in donnees:
                continue
            nombre += 1
            rendu = _rendu_widget(str(donnees[MIME_VUE].get("model_id", "")), etats)
            fige = (f"<div class='rc-fige'><p class='rc-etat'>Dernier état enregistré :</p>{rendu}</div>"
                    if rendu else "")
            sortie["data"] = {"text/html": f"<div class='rc-widget'><p class='rc-note'>{NOTE_WIDGET}</p>"
                                           f"{fige}</div>"}
    nb.metadata.pop("widgets", None)
    return nombre


# --------------------------------------------------------------------------- liens


class _Liens:
    """Résout les liens du cours : leçon → page HTML, exercice/données → copie téléchargeable,
    document Markdown → page HTML ; les liens morts (corrigés, fichiers absents) sont retirés.
    Le préprocesseur :class:`relation_client.pretraitements.ReecrireLiens` l'applique aux cellules
    Markdown avant le rendu."""

    def __init__(self, racine: Path, sortie: Path, lecons: dict[Path, str], ecrits: list[Path]):
        self.racine = racine
        self.sortie = sortie
        self.lecons = lecons
        self.ecrits = ecrits
        self.retires: list[str] = []

    def _copier(self, source: Path, relatif: str) -> str:
        cible = self.sortie / relatif
        if not cible.exists():
            cible.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, cible)
            self.ecrits.append(cible)
        return relatif

    def cible(self, lien: str, dossier: Path) -> str | None:
        """Nouvelle cible relative à la sortie, le lien inchangé s'il est externe, None s'il est mort."""
        if not lien or lien.startswith(("#", "data:", "mailto:", "javascript:")) or re.match(r"^[a-z][a-z0-9+.-]*://", lien, re.I):
            return lien
        chemin, sep, ancre = lien.partition("#")
        chemin = chemin.split("?", 1)[0]
        if not chemin:
            return lien
        source = (dossier / unquote(chemin)).resolve()
        suffixe = f"#{ancre}" if sep else ""
        if source in self.lecons:
            return self.lecons[source] + suffixe
        try:
            relatif = source.relative_to(self.racine)
        except ValueError:
            return None
        if not source.is_file() or relatif.parts[0] in ("solutions", ".git", ".venv"):
            return None
        if relatif.parts[0] == "exercises":
            return self._copier(source, f"{DOSSIER_EXERCICES}/{source.name}") + suffixe
        if relatif.parts[0] == "datasets":
            return self._copier(source, f"{DOSSIER_DONNEES}/{source.name}") + suffixe
        if source.suffix.lower() == ".md":  # document du cours (glossaire…) : page HTML, ancres comprises
            return self._page_markdown(source, f"{DOSSIER_RESSOURCES}/{'_'.join(relatif.with_suffix('.html').parts)}") + suffixe
        return self._copier(source, f"{DOSSIER_RESSOURCES}/{'_'.join(relatif.parts)}") + suffixe

    def _page_markdown(self, source: Path, relatif: str) -> str:
        """Écrit (une fois) la page HTML d'un document Markdown du cours ; renvoie son chemin relatif."""
        cible = self.sortie / relatif
        if cible.exists():
            return relatif
        cible.parent.mkdir(parents=True, exist_ok=True)
        cible.write_text("", encoding="utf-8")  # réservé : un lien circulaire ne boucle pas
        self.ecrits.append(cible)
        from nbconvert.filters.markdown_mistune import markdown2html_mistune

        from relation_client.pretraitements import reecrire_liens_markdown  # coût d'import : nbconvert

        texte = source.read_text(encoding="utf-8")
        profondeur = "../" * (len(Path(relatif).parts) - 1)
        relie = reecrire_liens_markdown(texte, lambda lien, image: self.resoudre(
            lien, source.parent, image, prefixe=profondeur, images_integrees=False))
        corps = markdown2html_mistune(relie)
        corps = re.sub(r"<a (id=\"[^\"]*\")\s*/>", r"<a \1></a>", corps)  # ancre vide bien fermée
        titre = next((texte_brut(m.group(1)) for m in re.finditer(r"(?m)^#\s+(.+)$", texte)),
                     titre_de_secours(source))
        page = (f"<!DOCTYPE html>\n<html lang=\"fr\">\n<head>\n<meta charset=\"utf-8\">\n"
                f"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                f"<title>{html.escape(titre)}</title>\n<style>{STYLE_SITE}</style>\n</head>\n"
                f"<body class=\"rc-accueil\">\n<nav aria-label=\"Navigation du cours\">"
                f"<a href=\"{profondeur}index.html\">↑ Sommaire du cours</a></nav>\n<main>\n{corps}\n</main>\n"
                f"</body>\n</html>\n")
        cible.write_text(page, encoding="utf-8")
        return relatif

    def resoudre(self, lien: str, dossier: Path, image: bool = False, prefixe: str = "",
                 images_integrees: bool = True) -> str | None:
        """Nouvelle cible d'un lien écrit dans un document de ``dossier`` ; None s'il est mort (noté
        dans ``retires``). Une image que nbconvert intègre à la page (pièce jointe, fichier sous
        ``dossier``) reste telle quelle si ``images_integrees`` ; ``prefixe`` (``"../"``) pour une
        page écrite dans un sous-dossier de la sortie."""
        if image and images_integrees and (lien.startswith("attachment:") or _integree_par_nbconvert(lien, dossier)):
            return lien
        nouveau = self.cible(lien, dossier)
        if nouveau is None:
            self.retires.append(lien)
            return None
        if not prefixe or nouveau.startswith(("#", "data:", "mailto:", "javascript:", "/")) \
                or re.match(r"^[a-z][a-z0-9+.-]*:", nouveau, re.I):
            return nouveau
        return prefixe + nouveau


def _integree_par_nbconvert(lien: str, dossier: Path) -> bool:
    """Vrai si nbconvert (``embed_images``) intégrera cette image à la page : un fichier existant
    sous ``dossier`` (même règle que son ``IPythonRenderer``)."""
    chemin = os.path.abspath(os.path.join(dossier, lien))
    return chemin.startswith(os.path.abspath(dossier) + os.sep) and os.path.exists(os.path.join(dossier, lien))


# --------------------------------------------------------------------------- pages


STYLE_SITE = """
body.rc-accueil { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif;
  max-width: 52rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.55; color: #1d1d1f; }
.rc-accueil h1 { font-size: 2rem; margin-bottom: .2rem; }
.rc-accueil table { border-collapse: collapse; width: 100%; margin: 1rem 0; }
.rc-accueil th, .rc-accueil td { text-align: left; padding: .45rem .6rem; border-bottom: 1px solid #ddd; }
.rc-accueil .rc-remarque { background: #f3f6fb; border-left: 4px solid #0b61a4; padding: .6rem 1rem; }
a { color: #0b61a4; text-decoration: underline; }
.anchor-link { visibility: hidden; margin-left: .3em; text-decoration: none; }
h1:hover .anchor-link, h2:hover .anchor-link, h3:hover .anchor-link, h4:hover .anchor-link,
.anchor-link:focus { visibility: visible; }
"""

STYLE_PAGE = """
<style>
/* Contrastes WCAG 2.1 AA (≥ 4,5:1 sur le fond du code #f7f7f7 et sur blanc), liens soulignés. */
:root {
  --jp-mirror-editor-keyword-color: #00662b; --jp-mirror-editor-atom-color: #1a3c9e;
  --jp-mirror-editor-number-color: #00662b; --jp-mirror-editor-def-color: #0048a0;
  --jp-mirror-editor-variable-color: #1d1d1f; --jp-mirror-editor-variable-2-color: #1a3c9e;
  --jp-mirror-editor-variable-3-color: #00662b; --jp-mirror-editor-punctuation-color: #0048a0;
  --jp-mirror-editor-property-color: #0048a0; --jp-mirror-editor-operator-color: #7a1f7a;
  --jp-mirror-editor-comment-color: #2f5f5f; --jp-mirror-editor-string-color: #a11a1a;
  --jp-mirror-editor-string-2-color: #7a1f7a; --jp-mirror-editor-meta-color: #7a1f7a;
  --jp-mirror-editor-qualifier-color: #4d4d4d; --jp-mirror-editor-builtin-color: #00662b;
  --jp-mirror-editor-bracket-color: #4d4d1a; --jp-mirror-editor-tag-color: #00662b;
  --jp-mirror-editor-attribute-color: #0048a0; --jp-mirror-editor-header-color: #0048a0;
  --jp-mirror-editor-quote-color: #00662b; --jp-mirror-editor-link-color: #0048a0;
  --jp-mirror-editor-error-color: #b00000; --jp-content-link-color: #0b5394;
}
.jp-RenderedHTMLCommon a, .jp-RenderedHTMLCommon a:link, .jp-RenderedHTMLCommon a:visited {
  color: #0b5394; text-decoration: underline; }
.rc-nav a { color: #0b5394; text-decoration: underline; }
.rc-nav { font-family: system-ui, sans-serif; display: flex; gap: 1.5rem; padding: .6rem 1rem;
  background: #f3f6fb; border-bottom: 1px solid #d0d7e2; position: sticky; top: 0; z-index: 10; }
.rc-widget { border: 1px dashed #0b61a4; border-radius: 6px; padding: .6rem .9rem; background: #fafcff; }
.rc-note { margin: 0 0 .5rem 0; font-style: italic; color: #0b4f85; }
.rc-etat { margin: .2rem 0; font-size: .9em; color: #4d4d4d; }
.rc-fige { opacity: .95; }
.rc-ligne { display: flex; flex-wrap: wrap; gap: 1rem; align-items: flex-start; }
.rc-colonne { display: flex; flex-direction: column; gap: .3rem; }
.rc-controle .rc-description { color: #444; }
.rc-controle .rc-description:after { content: " :"; }
.rc-bouton { display: inline-block; border: 1px solid #767676; border-radius: 4px; padding: .1rem .6rem; color: #4d4d4d; }
.rc-image { max-width: 100%; width: auto; height: auto; }
.rc-approfondi { border-left: 4px solid #6b4fa0; margin: 1rem 0; padding: .2rem 0 .2rem .6rem; }
.rc-approfondi > summary { cursor: pointer; font-family: system-ui, sans-serif; font-weight: 600;
  color: #4b2f80; padding: .3rem 0; }
</style>
"""


def _navigation(lecons: list[Lecon], i: int) -> str:
    liens = ["<a href='index.html'>↑ Sommaire du cours</a>"]
    if i > 0:
        liens.append(f"<a href='{lecons[i - 1].page}'>← {html.escape(lecons[i - 1].titre)}</a>")
    if i + 1 < len(lecons):
        liens.append(f"<a href='{lecons[i + 1].page}'>{html.escape(lecons[i + 1].titre)} →</a>")
    return f"<nav class='rc-nav' aria-label='Navigation du cours'>{''.join(liens)}</nav>"


TAG_APPROFONDISSEMENT = "approfondissement"
_DEBUT_CELLULE = re.compile(r'<div class="jp-Cell [^"]*" id="cell-id=([^"]+)">')


def replier_approfondissements(page: str, approfondies: set[str]) -> str:
    """Replie chaque suite de cellules « Pour aller plus loin » (tag ``approfondissement``) dans un
    ``<details>`` : le parcours essentiel se lit d'un trait, le lecteur curieux déplie la suite."""
    debuts = [(m.start(), m.group(1)) for m in _DEBUT_CELLULE.finditer(page)]
    if not debuts or not approfondies:
        return page
    fin_cellules = page.find("</main>", debuts[-1][0])
    if fin_cellules < 0:
        return page
    morceaux, curseur, ouvert = [], 0, False
    for position, ident in debuts + [(fin_cellules, None)]:
        repliee = ident in approfondies
        if repliee != ouvert:
            morceaux.append(page[curseur:position])
            morceaux.append("<details class='rc-approfondi'><summary>Pour aller plus loin (facultatif) : "
                            "cliquez pour déplier</summary>\n" if repliee else "</details>\n")
            curseur, ouvert = position, repliee
    morceaux.append(page[curseur:])
    return "".join(morceaux)


def _decrire_images(nb) -> int:
    """Toute sortie image sans ``<img alt>`` reçoit sa description française en texte alt.

    Sans cela nbconvert écrirait « No description has been provided for this image ».
    Renvoie le nombre de sorties complétées.
    """
    nombre = 0
    for cellule in nb.cells:
        for sortie in cellule.get("outputs", []):
            donnees = sortie.get("data", {})
            if "image/png" not in donnees or "text/html" in donnees:
                continue
            alt = html.escape(description_figure(donnees), quote=True)
            donnees["text/html"] = f'<img alt="{alt}" src="data:image/png;base64,{_texte(donnees["image/png"]).strip()}">'
            nombre += 1
    return nombre


def _exporter_lecon(lecon: Lecon, exportateur, navigation: str) -> str:
    """Page HTML d'une leçon : ``exportateur`` (gabarit ``gabarits/nbconvert/lecon`` et préprocesseur
    des liens, voir :func:`construire_site`) reçoit la navigation et le style par ses ressources."""
    import nbformat

    nb = nbformat.read(lecon.source, as_version=4)
    figer_widgets(nb)
    _decrire_images(nb)
    approfondies = set()
    for rang, cellule in enumerate(nb.cells):
        if cellule.cell_type == "code":  # consignes pour nbval : sans intérêt pour le lecteur
            cellule.source = re.sub(r"(?m)^[ \t]*#[ \t]*NBVAL_[A-Z_]+[ \t]*\n?", "", cellule.source)
        cellule["id"] = f"c{rang}"  # identifiants stables : repérer les cellules dans la page
        if TAG_APPROFONDISSEMENT in cellule.get("metadata", {}).get("tags", []):
            approfondies.add(cellule["id"])
    ressources = {"metadata": {"name": lecon.titre, "path": str(lecon.source.parent)},
                  "navigation": navigation, "style_page": STYLE_PAGE}
    page, _ = exportateur.from_notebook_node(nb, resources=ressources)
    return replier_approfondissements(page, approfondies)


def _page_accueil(lecons: list[Lecon], exercices: list[tuple[str, str]], donnees: list[str]) -> str:
    lignes = []
    par_numero = {nom.split("_", 1)[0]: nom for nom, _ in exercices}
    for lecon in lecons:
        numero = lecon.source.stem.split("_", 1)[0]
        exo = par_numero.get(numero)
        cellule_exo = (f"<a href='{DOSSIER_EXERCICES}/{html.escape(exo)}' download>{html.escape(exo)}</a>"
                       if exo else "—")
        lignes.append(f"<tr><td><a href='{html.escape(lecon.page)}'>{html.escape(lecon.titre)}</a></td>"
                      f"<td>{cellule_exo}</td></tr>")
    lecons_html = "\n".join(lignes)
    exos_html = "\n".join(
        f"<li><a href='{DOSSIER_EXERCICES}/{html.escape(nom)}' download>{html.escape(nom)}</a>"
        f" — {html.escape(titre)}</li>" for nom, titre in exercices)
    donnees_html = "\n".join(
        f"<li><a href='{DOSSIER_DONNEES}/{html.escape(nom)}'>{html.escape(nom)}</a>"
        + (" — description des colonnes, provenance et licence" if nom.lower() == "readme.md" else "")
        + "</li>" for nom in donnees)
    bloc_exos = (f"<h2>Exercices à télécharger</h2>\n<p>Chaque exercice est un notebook Jupyter "
                 f"(fichier <code>.ipynb</code>) : téléchargez-le et ouvrez-le dans JupyterLab, avec le "
                 f"cours installé (<code>make cours</code>), pour obtenir une correction immédiate.</p>\n"
                 f"<ul>\n{exos_html}\n</ul>") if exercices else ""
    bloc_donnees = (f"<h2>Jeux de données</h2>\n<p>Les fichiers CSV utilisés par le cours (encodage "
                    f"UTF-8, séparateur virgule, point décimal). Dans un tableur réglé en français, "
                    f"ouvrez-les par l'import de fichier texte/CSV en précisant ces réglages.</p>\n<ul>\n{donnees_html}\n</ul>"
                    ) if donnees else ""
    return f"""<!DOCTYPE html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Relation client par les données — le cours</title>
<style>{STYLE_SITE}</style>
</head>
<body class="rc-accueil">
<h1>Relation client par les données</h1>
<p>Un cours sur la gestion de la relation client : conquérir, fidéliser, mesurer, décider avec des
chiffres.</p>
<p class="rc-remarque">Ceci est la version à lire du cours : les calculs sont déjà faits et les
simulateurs montrent leur dernier état. Pour manipuler les simulateurs et refaire les calculs,
installez le cours et ouvrez-le dans JupyterLab (<code>make cours</code>).</p>
<h2>Leçons</h2>
<table>
<thead><tr><th>Leçon</th><th>Exercice associé</th></tr></thead>
<tbody>
{lecons_html}
</tbody>
</table>
{bloc_exos}
{bloc_donnees}
</body>
</html>
"""


# --------------------------------------------------------------------------- construction


def _preparer_sortie(sortie: Path, racine: Path, ecraser: bool) -> None:
    preparer_sortie(sortie, racine, ecraser, marque=MARQUE, commande="site", erreur=ErreurSite,
                    suffixe=None)


def construire_site(sortie, racine=None, ecraser: bool = False, bavard: bool = False) -> list[Path]:
    """Construit le site statique dans ``sortie`` ; renvoie la liste des fichiers écrits.

    ``racine`` : dossier du cours (qui contient ``notebooks/``), par défaut le dossier courant
    ou le dépôt du paquet installé en mode éditable.
    """
    from nbconvert import HTMLExporter
    import nbformat

    from relation_client.pretraitements import ReecrireLiens  # coût d'import : nbconvert

    racine = racine_cours(racine)
    sortie = Path(sortie)
    sources = sorted((racine / "notebooks").glob("*.ipynb"))
    if not sources:
        raise ErreurSite(f"Aucune leçon trouvée dans {racine / 'notebooks'} : lancez la commande depuis "
                         "la racine du cours ou indiquez --cours.")
    _preparer_sortie(sortie, racine, ecraser)

    lecons = []
    for source in sources:
        nb = nbformat.read(source, as_version=4)
        lecons.append(Lecon(source, titre_notebook(nb, titre_de_secours(source)), f"{source.stem}.html"))
    ecrits: list[Path] = []
    liens = _Liens(racine, sortie, {l.source.resolve(): l.page for l in lecons}, ecrits)

    # Gabarit « lab » du cours (navigation, style, sans require.js) ; sans invites « In [17]: »
    # (anglaises, et peu contrastées), page déclarée en français ; liens réécrits avant le rendu.
    exportateur = HTMLExporter(template_name="lecon", extra_template_basedirs=[str(GABARITS_NBCONVERT)],
                               embed_images=True, exclude_input_prompt=True,
                               exclude_output_prompt=True, language_code="fr")
    exportateur.register_preprocessor(ReecrireLiens(resoudre=liens.resoudre), enabled=True)
    for i, lecon in enumerate(lecons):
        page = _exporter_lecon(lecon, exportateur, _navigation(lecons, i))
        cible = sortie / lecon.page
        cible.write_text(page, encoding="utf-8")
        ecrits.append(cible)
        if bavard:
            print(f"  {lecon.source.name} → {cible}")

    exercices = []
    for source in sorted((racine / "exercises").glob("*.ipynb")):
        liens._copier(source, f"{DOSSIER_EXERCICES}/{source.name}")
        nb = nbformat.read(source, as_version=4)
        exercices.append((source.name, titre_notebook(nb, titre_de_secours(source))))
    donnees = []
    for source in sorted((racine / "datasets").glob("*")):
        if source.is_file() and source.suffix.lower() in (".csv", ".md"):
            liens._copier(source, f"{DOSSIER_DONNEES}/{source.name}")
            donnees.append(source.name)

    accueil = sortie / "index.html"
    accueil.write_text(_page_accueil(lecons, exercices, donnees), encoding="utf-8")
    ecrits.append(accueil)

    marque = sortie / MARQUE
    relatifs = sorted({p.relative_to(sortie).as_posix() for p in ecrits})
    marque.write_text(json.dumps({"outil": "relation-client site", "fichiers": relatifs},
                                 ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    if liens.retires and bavard:
        print("Liens retirés (cible absente ou réservée à l'enseignant) : "
              + ", ".join(sorted(set(liens.retires))), file=sys.stderr)
    return ecrits + [marque]


# --------------------------------------------------------------------------- commande


def ajouter_arguments(parser) -> None:
    parser.add_argument("--sortie", default="site",
                        help="dossier où écrire le site (par défaut : site)")
    parser.add_argument("--cours", default=None,
                        help="dossier du cours, qui contient notebooks/ (par défaut : le dossier courant)")
    parser.add_argument("--ecraser", action="store_true",
                        help="écrire même dans un dossier non vide qui n'a pas été créé par cet outil")


def executer(args) -> int:
    try:
        fichiers = construire_site(args.sortie, args.cours, ecraser=args.ecraser, bavard=True)
    except ErreurSite as erreur:
        print(f"Site non construit : {erreur}", file=sys.stderr)
        return 1
    lecons = sum(1 for f in fichiers if f.suffix == ".html" and f.name != "index.html")
    exercices = sum(1 for f in fichiers if f.parent.name == DOSSIER_EXERCICES)
    print(f"Site construit : {lecons} leçon(s) et {exercices} exercice(s) dans {args.sortie}/ — "
          f"ouvrez {Path(args.sortie) / 'index.html'} dans un navigateur.")
    return 0
