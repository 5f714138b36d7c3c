"""Les simulateurs en classe : ``python -m relation_client.tableaux [dossier] [options de Voilà]``.

C'est ce que lance ``make tableaux`` : Voilà sert les tableaux de bord de ``notebooks/tableaux/``
avec le gabarit du cours (``gabarits/voila/templates/cours/``) :

- une **page d'accueil en français** (au lieu de la liste de fichiers anglaise de Voilà) : une
  carte par simulateur, avec son titre, la leçon où il apparaît, une description d'une ligne et
  une vignette ; un clic ouvre le tableau de bord dans le même onglet ;
- dans chaque tableau de bord, un lien « ← Tous les simulateurs » qui ramène à l'accueil, la
  page déclarée en français (``lang="fr"``), sans invites « In [ ] », avec des contrastes
  suffisants (WCAG 2.1 AA).

Rien n'est écrit à la main pour chaque carte : tout est lu dans les notebooks.

- titre : le premier titre Markdown du tableau de bord ;
- description : la première phrase de son premier paragraphe ;
- leçon : la leçon (``notebooks/*.ipynb``, dossier parent) qui appelle le même simulateur ;
- vignette : le graphique du simulateur construit avec ses réglages par défaut.
"""

from __future__ import annotations

import base64
import os
import re
import sys
from functools import lru_cache
from pathlib import Path

__all__ = ["GABARITS", "GABARIT", "cartes", "arguments_voila", "main"]

#: Dossier à ajouter à JUPYTER_PATH pour que Voilà trouve le gabarit du cours.
GABARITS = Path(__file__).resolve().parent / "gabarits"
GABARIT = "cours"

_IMPORT_SIMULATEUR = re.compile(r"from\s+relation_client\.widgets\s+import\s+([A-Za-z_][A-Za-z0-9_]*)")


def _premiere_phrase(markdown: str) -> str:
    from .site import texte_brut

    for bloc in re.split(r"\n\s*\n", markdown):
        bloc = bloc.strip()
        if not bloc or bloc.startswith("#"):
            continue
        texte = texte_brut(bloc)
        phrase = re.match(r"(.+?[.!?…])(\s|$)", texte)
        return phrase.group(1) if phrase else texte
    return ""


def _simulateur(nb) -> str | None:
    """Nom du constructeur de ``relation_client.widgets`` qu'appelle le notebook (le dernier importé)."""
    noms = []
    for cellule in nb.cells:
        if cellule.cell_type == "code":
            noms += [n for n in _IMPORT_SIMULATEUR.findall(cellule.source) if n != "style_projecteur"]
    return noms[-1] if noms else None


def _lecon(dossier: Path, simulateur: str | None) -> str:
    """Titre de la leçon (dossier parent des tableaux) qui appelle le même simulateur."""
    import nbformat
    from .site import titre_notebook

    if not simulateur:
        return ""
    for chemin in sorted(dossier.parent.glob("*.ipynb")):
        nb = nbformat.read(chemin, as_version=4)
        if any(c.cell_type == "code" and re.search(rf"\b{re.escape(simulateur)}\s*\(", c.source)
               for c in nb.cells):
            return titre_notebook(nb, chemin.stem)
    return ""


@lru_cache(maxsize=32)
def _vignette(simulateur: str | None) -> str:
    """Le graphique du simulateur (réglages par défaut), en image PNG intégrée (``data:``)."""
    if not simulateur:
        return ""
    # matplotlib et ipywidgets (coûteux à importer) : seulement pour dessiner une vignette.
    from . import graphiques, widgets

    try:
        fabrique = getattr(widgets, simulateur)
        figure = fabrique().figure
    except Exception:  # une vignette manquante ne doit pas empêcher d'ouvrir l'accueil
        return ""
    if figure is None:
        return ""
    return "data:image/png;base64," + base64.b64encode(graphiques.en_png(figure)).decode("ascii")


def cartes(dossier) -> list[dict]:
    """Les cartes de la page d'accueil : une par tableau de bord (``*.ipynb``) de ``dossier``."""
    import nbformat
    from .site import titre_de_secours, titre_notebook

    dossier = Path(dossier)
    resultat = []
    for chemin in sorted(dossier.glob("*.ipynb")):
        nb = nbformat.read(chemin, as_version=4)
        premier_markdown = next((c.source for c in nb.cells if c.cell_type == "markdown"), "")
        simulateur = _simulateur(nb)
        resultat.append({
            "chemin": chemin.name,
            "titre": titre_notebook(nb, titre_de_secours(chemin)),
            "description": _premiere_phrase(premier_markdown),
            "lecon": _lecon(dossier, simulateur),
            "vignette": _vignette(simulateur),
        })
    return resultat


def _crochet_page(dossier: Path):
    """``VoilaConfiguration.page_config_hook`` : ajoute les cartes à la configuration de la page."""
    def crochet(page_config, **kwargs):
        chemin = kwargs.get("notebook_path") or ""
        if not str(chemin).endswith(".ipynb"):  # page d'accueil (arbre) seulement
            page_config["cartes_tableaux"] = cartes(dossier / str(chemin))
        return page_config
    return crochet


def arguments_voila(dossier, options=()) -> list[str]:
    """Arguments de Voilà : gabarit du cours, accueil « classique » (le nôtre), thème clair, français."""
    return [f"--template={GABARIT}", "--VoilaConfiguration.classic_tree=True", "--theme=light",
            "--HTMLExporter.language_code=fr", *options, str(dossier)]


def main(argv=None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    positionnels = [a for a in argv if not a.startswith("-")]
    options = [a for a in argv if a.startswith("-")]
    dossier = Path(positionnels[0] if positionnels else "notebooks/tableaux")
    if not dossier.is_dir():
        print(f"Dossier des tableaux de bord introuvable : {dossier}. Lancez la commande depuis la racine "
              "du cours (make tableaux) ou indiquez le dossier.", file=sys.stderr)
        return 1
    chemins = [str(GABARITS), *filter(None, os.environ.get("JUPYTER_PATH", "").split(os.pathsep))]
    os.environ["JUPYTER_PATH"] = os.pathsep.join(chemins)
    from voila.app import Voila

    app = Voila()
    app.initialize(arguments_voila(dossier, options))
    app.voila_configuration.page_config_hook = _crochet_page(dossier.resolve())
    app.start()
    return 0


if __name__ == "__main__":
    sys.exit(main())
