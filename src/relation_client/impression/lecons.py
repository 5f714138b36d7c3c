"""Une leçon (``notebooks/0*.ipynb``, enregistrée exécutée) en page imprimable : parcours essentiel,
cellules « Pour aller plus loin » avec ``approfondissement=True``, code montré sobrement ou masqué,
chaque simulateur figé dans son dernier état enregistré."""

from __future__ import annotations

import html
import re
from pathlib import Path

from relation_client.impression.cellules import TAG_APPROFONDISSEMENT, rendu_sorties
from relation_client.impression.page import Document, page_html
from relation_client.impression.typographie import markdown_html, premier_titre
from relation_client.site import figer_widgets, titre_de_secours

DOSSIER_LECONS = "lecons"


def _code_visible(source: str) -> str:
    """Code d'une cellule sans les consignes pour nbval."""
    return re.sub(r"(?m)^[ \t]*#[ \t]*NBVAL_[A-Z_]+[ \t]*\n?", "", source).strip("\n")


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
                titre = premier_titre(cellule.source, titre)
            morceaux.append(f"<section{classe}>{markdown_html(cellule.source)}</section>")
        elif cellule.cell_type == "code":
            bloc = []
            source = _code_visible(cellule.source)
            if code and source:
                bloc.append(f"<pre class='rc-code'>{html.escape(source)}</pre>")
            bloc.append(rendu_sorties(cellule.get("outputs", [])))
            morceaux.append(f"<section{classe}>{''.join(bloc)}</section>")
    parcours = ("parcours essentiel et « Pour aller plus loin »" if approfondissement
                else "parcours essentiel")
    entete = f"Relation client par les données — {titre} — {parcours}"
    doc = Document(titre, page_html(titre, "\n".join(morceaux), base=chemin.parent, entete=entete),
                   f"{DOSSIER_LECONS}/{chemin.stem}.pdf", "lecon", chemin)
    if omises:
        doc.remarques.append(f"{omises} cellule(s) « Pour aller plus loin » omise(s)")
    return doc
