"""Page d'accueil de `make tableaux` (relation_client.tableaux) : cartes lues dans les notebooks."""

from __future__ import annotations

import base64
from pathlib import Path

import nbformat
import pytest

from relation_client import tableaux

RACINE_DEPOT = Path(__file__).resolve().parents[1]
DOSSIER = RACINE_DEPOT / "notebooks" / "tableaux"


def test_une_carte_par_tableau_du_cours():
    cartes = tableaux.cartes(DOSSIER)
    noms = sorted(p.name for p in DOSSIER.glob("*.ipynb"))
    assert [c["chemin"] for c in cartes] == noms
    for carte in cartes:
        nb = nbformat.read(DOSSIER / carte["chemin"], as_version=4)
        premier = next(c.source for c in nb.cells if c.cell_type == "markdown")
        assert carte["titre"] and f"# {carte['titre']}" in premier
        assert carte["description"] and carte["description"] in premier.replace("\n", " ")
        assert "\n" not in carte["description"] and carte["description"][-1] in ".!?…"
        assert carte["lecon"].startswith("Leçon "), carte
        png = base64.b64decode(carte["vignette"].removeprefix("data:image/png;base64,"))
        assert png.startswith(b"\x89PNG\r\n\x1a\n") and len(png) > 5_000


def test_carte_d_un_tableau_sans_simulateur(tmp_path):
    dossier = tmp_path / "notebooks" / "tableaux"
    dossier.mkdir(parents=True)
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# Mon tableau\n\nPremière phrase. Seconde phrase.")]
    nbformat.write(nb, dossier / "mon_tableau.ipynb")
    (carte,) = tableaux.cartes(dossier)
    assert carte == {"chemin": "mon_tableau.ipynb", "titre": "Mon tableau", "description": "Première phrase.",
                     "lecon": "", "vignette": ""}


def test_lecon_trouvee_par_le_simulateur_appele(tmp_path):
    dossier = tmp_path / "notebooks" / "tableaux"
    dossier.mkdir(parents=True)
    lecon = nbformat.v4.new_notebook()
    lecon.cells = [nbformat.v4.new_markdown_cell("# Leçon 9 — Essai"),
                   nbformat.v4.new_code_cell("from relation_client import widgets\nwidgets.simulateur_entonnoir()")]
    nbformat.write(lecon, tmp_path / "notebooks" / "09_essai.ipynb")
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# Entonnoir\n\nUne phrase."),
                nbformat.v4.new_code_cell("from relation_client.widgets import simulateur_entonnoir\n\n"
                                          "simulateur_entonnoir()")]
    nbformat.write(nb, dossier / "entonnoir.ipynb")
    (carte,) = tableaux.cartes(dossier)
    assert carte["lecon"] == "Leçon 9 — Essai" and carte["vignette"].startswith("data:image/png;base64,")


def test_arguments_voila():
    arguments = tableaux.arguments_voila("notebooks/tableaux", ["--port=9999"])
    assert f"--template={tableaux.GABARIT}" in arguments and "--VoilaConfiguration.classic_tree=True" in arguments
    assert "--HTMLExporter.language_code=fr" in arguments and arguments[-1] == "notebooks/tableaux"
    gabarit = tableaux.GABARITS / "voila" / "templates" / tableaux.GABARIT
    for fichier in ("conf.json", "index.html.j2", "tree.html"):
        assert (gabarit / fichier).is_file()
    accueil = (gabarit / "tree.html").read_text(encoding="utf-8")
    assert '<html lang="fr">' in accueil and "Select items" not in accueil


def test_dossier_absent(tmp_path, capsys):
    assert tableaux.main([str(tmp_path / "absent")]) == 1
    assert "introuvable" in capsys.readouterr().err
