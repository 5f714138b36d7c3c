"""Version HTML statique du cours (relation_client.site)."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from urllib.parse import unquote

import nbformat
import pytest

from relation_client import site
from relation_client.cli import main

RACINE_DEPOT = Path(__file__).resolve().parents[1]


def liens_relatifs(page: Path) -> list[str]:
    texte = page.read_text(encoding="utf-8")
    liens = re.findall(r"""(?:href|src)\s*=\s*["']([^"']*)["']""", texte)
    return [html.unescape(l) for l in liens
            if l and not l.startswith(("#", "data:", "mailto:", "javascript:"))
            and not re.match(r"^[a-z][a-z0-9+.-]*:", l, re.I)]


def verifier_liens(sortie: Path) -> int:
    """Chaque lien relatif de chaque page HTML pointe vers un fichier du site ; renvoie leur nombre."""
    morts, total = [], 0
    for page in sortie.rglob("*.html"):
        for lien in liens_relatifs(page):
            total += 1
            chemin = unquote(lien.split("#", 1)[0].split("?", 1)[0])
            if not chemin:
                continue
            cible = (page.parent / chemin).resolve()
            if not cible.is_file() or not cible.is_relative_to(sortie.resolve()):
                morts.append(f"{page.relative_to(sortie)} → {lien}")
    assert not morts, "Liens cassés :\n" + "\n".join(morts)
    return total


# --------------------------------------------------------------------------- un petit cours factice


def _widget_enregistre():
    """Sortie d'un widget (VBox : curseur, HTML, image) et l'état que nbclient aurait enregistré."""
    png = ("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==")
    etats = {
        "a" * 32: {"model_name": "VBoxModel", "model_module": "@jupyter-widgets/controls",
                   "model_module_version": "2.0.0",
                   "state": {"children": ["IPY_MODEL_" + "b" * 32, "IPY_MODEL_" + "c" * 32,
                                          "IPY_MODEL_" + "d" * 32]}},
        "b" * 32: {"model_name": "FloatSliderModel", "model_module": "@jupyter-widgets/controls",
                   "model_module_version": "2.0.0",
                   "state": {"description": "Rétention", "value": 0.8, "readout_format": ".1%"}},
        "c" * 32: {"model_name": "HTMLModel", "model_module": "@jupyter-widgets/controls",
                   "model_module_version": "2.0.0",
                   "state": {"description": "", "value": "<b>Valeur client : 1\u202f234,00\u00a0€</b>"}},
        "d" * 32: {"model_name": "ImageModel", "model_module": "@jupyter-widgets/controls",
                   "model_module_version": "2.0.0", "state": {"format": "png"},
                   "buffers": [{"path": ["value"], "encoding": "base64", "data": png}]},
    }
    sortie = nbformat.v4.new_output("execute_result", data={
        "text/plain": "VBox(...)",
        "application/vnd.jupyter.widget-view+json": {"version_major": 2, "version_minor": 0,
                                                     "model_id": "a" * 32}}, execution_count=2)
    return sortie, {"application/vnd.jupyter.widget-state+json": {
        "state": etats, "version_major": 2, "version_minor": 0}}


@pytest.fixture
def cours_factice(tmp_path) -> Path:
    racine = tmp_path / "cours"
    for dossier in ("notebooks", "exercises", "solutions", "datasets", "notebooks/images"):
        (racine / dossier).mkdir(parents=True)
    (racine / "datasets" / "clients.csv").write_text("client_id,montant_ttc\n1,10\n", encoding="utf-8")
    (racine / "notebooks" / "images" / "schema.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"></svg>', encoding="utf-8")

    sortie_widget, etat = _widget_enregistre()
    lecon0 = nbformat.v4.new_notebook()
    lecon0.cells = [
        nbformat.v4.new_markdown_cell("# Prise en *main* du cours\n\nLisez [la leçon suivante](01_conquerir.ipynb#objectifs), "
                                      "les [données](../datasets/clients.csv), le [corrigé](../solutions/01_conquerir.ipynb) "
                                      "et ![un schéma](images/schema.svg)."),
        nbformat.v4.new_code_cell("1 + 1", outputs=[nbformat.v4.new_output(
            "execute_result", data={"text/plain": "2"}, execution_count=1)], execution_count=1),
        nbformat.v4.new_code_cell("# NBVAL_IGNORE_OUTPUT\nsimulateur()", outputs=[sortie_widget],
                                  execution_count=2),
    ]
    lecon0.metadata["widgets"] = etat
    nbformat.write(lecon0, racine / "notebooks" / "00_prise_en_main.ipynb")

    lecon1 = nbformat.v4.new_notebook()
    lecon1.cells = [nbformat.v4.new_markdown_cell("Introduction\n\n## Conquérir de nouveaux clients\n\n"
                                                  "[Exercice](../exercises/01_conquerir.ipynb)")]
    nbformat.write(lecon1, racine / "notebooks" / "01_conquerir.ipynb")

    exercice = nbformat.v4.new_notebook()
    exercice.cells = [nbformat.v4.new_markdown_cell("# Exercice 1 — Conquérir")]
    nbformat.write(exercice, racine / "exercises" / "01_conquerir.ipynb")
    nbformat.write(exercice, racine / "solutions" / "01_conquerir.ipynb")
    return racine


def test_site_factice_complet(cours_factice, tmp_path):
    sortie = tmp_path / "site"
    fichiers = site.construire_site(sortie, cours_factice)
    assert (sortie / "index.html").is_file()
    for nom in ("00_prise_en_main.html", "01_conquerir.html"):
        assert (sortie / nom).is_file()
    assert (sortie / "exercices" / "01_conquerir.ipynb").is_file()
    assert not any("solutions" in str(p) or "corrig" in p.name for p in sortie.rglob("*"))
    assert all(p.resolve().is_relative_to(sortie.resolve()) for p in fichiers)

    accueil = (sortie / "index.html").read_text(encoding="utf-8")
    assert '<html lang="fr">' in accueil
    assert "Prise en main du cours" in accueil  # titre = premier titre, sans Markdown
    assert "Conquérir de nouveaux clients" in accueil
    assert "exercices/01_conquerir.ipynb" in accueil

    page = (sortie / "00_prise_en_main.html").read_text(encoding="utf-8")
    assert site.NOTE_WIDGET in page
    assert "Valeur client : 1\u202f234,00\u00a0€" in page  # dernier état du widget, figé
    assert "Rétention" in page and "80,0\u00a0%" in page
    assert "data:image/png;base64,iVBOR" in page
    assert "application/vnd.jupyter.widget-view+json" not in page
    assert "NBVAL" not in page
    assert 'href="01_conquerir.html#objectifs"' in page
    assert 'href="donnees/clients.csv"' in page
    assert "data:image/svg+xml;base64," in page  # image du Markdown intégrée à la page
    assert "corrigé" in page and "solutions/" not in page  # lien vers le corrigé retiré, texte gardé
    assert verifier_liens(sortie) >= 4


def test_site_refuse_un_dossier_etranger(cours_factice, tmp_path):
    sortie = tmp_path / "mes_documents"
    sortie.mkdir()
    precieux = sortie / "rapport.txt"
    precieux.write_text("à garder", encoding="utf-8")
    with pytest.raises(site.ErreurSite, match="n'est pas vide"):
        site.construire_site(sortie, cours_factice)
    assert [p.name for p in sortie.iterdir()] == ["rapport.txt"]

    assert main(["site", "--sortie", str(sortie), "--cours", str(cours_factice)]) == 1

    site.construire_site(sortie, cours_factice, ecraser=True)
    assert precieux.read_text(encoding="utf-8") == "à garder"
    assert (sortie / "index.html").is_file()


def test_site_reconstruit_son_propre_dossier(cours_factice, tmp_path):
    sortie = tmp_path / "site"
    site.construire_site(sortie, cours_factice)
    (cours_factice / "notebooks" / "01_conquerir.ipynb").unlink()
    site.construire_site(sortie, cours_factice)
    assert not (sortie / "01_conquerir.html").exists()  # page périmée retirée
    marque = json.loads((sortie / site.MARQUE).read_text(encoding="utf-8"))
    assert "index.html" in marque["fichiers"]
    verifier_liens(sortie)


def test_site_refuse_d_ecrire_dans_le_cours(cours_factice, tmp_path):
    with pytest.raises(site.ErreurSite, match="contient le cours"):
        site.construire_site(cours_factice, cours_factice, ecraser=True)
    with pytest.raises(site.ErreurSite, match="notebooks/"):
        site.construire_site(cours_factice / "notebooks" / "site", cours_factice, ecraser=True)
    assert not (cours_factice / "notebooks" / "site").exists()


def test_commande_site(cours_factice, tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(cours_factice)  # chemins relatifs, comme `make site`
    assert main(["site", "--sortie", "../site", "--cours", "."]) == 0
    assert "Site construit : 2 leçon(s) et 1 exercice(s)" in capsys.readouterr().out
    assert 'href="exercices/01_conquerir.ipynb"' in (tmp_path / "site" / "01_conquerir.html").read_text(
        encoding="utf-8")
    verifier_liens(tmp_path / "site")


# --------------------------------------------------------------------------- le vrai cours


@pytest.mark.lent
def test_site_du_cours(tmp_path):
    lecons = sorted((RACINE_DEPOT / "notebooks").glob("*.ipynb"))
    if not lecons:
        pytest.fail("aucune leçon dans notebooks/")
    sortie = tmp_path / "site"
    site.construire_site(sortie, RACINE_DEPOT)
    accueil = (sortie / "index.html").read_text(encoding="utf-8")
    for lecon in lecons:
        page = sortie / f"{lecon.stem}.html"
        assert page.is_file(), f"page absente pour {lecon.name}"
        assert f'href="{lecon.stem}.html"' in accueil or f"href='{lecon.stem}.html'" in accueil
        texte = page.read_text(encoding="utf-8")
        assert "Traceback" not in texte, f"{page.name} montre une erreur"
        if '"application/vnd.jupyter.widget-view+json"' in lecon.read_text(encoding="utf-8"):
            assert site.NOTE_WIDGET in texte
        # Pas de libellé vide (« : » tout seul) pour les curseurs dont le libellé est un widget voisin.
        assert "<span class='rc-description'></span>" not in texte, f"{page.name} : libellé vide"
    for exercice in (RACINE_DEPOT / "exercises").glob("*.ipynb"):
        assert (sortie / "exercices" / exercice.name).is_file()
    verifier_liens(sortie)


def test_pour_aller_plus_loin_replie_sur_le_site():
    import nbformat
    from nbconvert import HTMLExporter

    nb = nbformat.v4.new_notebook()
    tag = {"tags": ["approfondissement"]}
    nb.cells = [nbformat.v4.new_markdown_cell("# Leçon"), nbformat.v4.new_markdown_cell("À retenir"),
                nbformat.v4.new_markdown_cell("## Pour aller plus loin", metadata=tag),
                nbformat.v4.new_code_cell("1 + 1", metadata=tag),
                nbformat.v4.new_markdown_cell("Fin essentielle"),
                nbformat.v4.new_markdown_cell("## Pour aller plus loin, encore", metadata=tag)]
    for rang, cellule in enumerate(nb.cells):
        cellule["id"] = f"c{rang}"
    page, _ = HTMLExporter(template_name="lab").from_notebook_node(nb)
    repliee = site.replier_approfondissements(page, {"c2", "c3", "c5"})
    assert repliee.count("<details class='rc-approfondi'>") == 2 and repliee.count("</details>") == 2
    premier = repliee.split("<details class='rc-approfondi'>")[1].split("</details>")[0]
    assert "id=\"cell-id=c2\"" in premier and "id=\"cell-id=c3\"" in premier and "Fin essentielle" not in premier
    assert "À retenir" not in premier
    assert repliee.index("</details>", repliee.rindex("<details")) < repliee.index("</main>")
    assert site.replier_approfondissements(page, set()) == page


# --------------------------------------------------------------------------- accessibilité


PNG_MINUSCULE = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="


def test_site_accessible_sans_anglais(cours_factice, tmp_path):
    """Figures décrites en français, sans invites « In [1]: », page en français, liens soulignés."""
    from relation_client import graphiques as g

    fig = g.barres_figure({"Mail": 0.25, "SMS": 0.4}, titre="Taux d'ouverture par canal",
                          axe_y="Taux (%)", format_y="pourcentage")
    chemin = cours_factice / "notebooks" / "00_prise_en_main.ipynb"
    nb = nbformat.read(chemin, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell("figure_decrite()", execution_count=3, outputs=[
        nbformat.v4.new_output("display_data", data=g.paquet_affichage(fig))]))
    nb.cells.append(nbformat.v4.new_code_cell("ancienne_figure()", execution_count=4, outputs=[
        nbformat.v4.new_output("display_data", data={"image/png": PNG_MINUSCULE,
                                                     "text/plain": "<Figure size 640x480 with 1 Axes>"})]))
    nbformat.write(nb, chemin)
    sortie = tmp_path / "site"
    site.construire_site(sortie, cours_factice)
    page = (sortie / "00_prise_en_main.html").read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and '<html lang="fr"' in page[:400]
    assert "No description has been provided" not in page
    assert not re.search(r">\s*(In&nbsp;|Out)\[\d*\]:", page) and 'class="jp-InputPrompt' not in page
    alternatives = [html.unescape(a) for a in re.findall(r'<img[^>]*\salt="([^"]*)"', page)]
    assert g.decrire(fig) in alternatives
    assert site.ALT_SANS_DESCRIPTION in alternatives  # ancienne sortie : alt français, pas anglais
    assert all(a and a != "figure" for a in alternatives), alternatives
    assert "text-decoration: underline" in page


def test_alt_du_graphique_d_un_simulateur_fige():
    """Le graphique figé d'un simulateur garde sa description (texte caché rc-alt) en alt."""
    etats = {
        "a": {"model_name": "VBoxModel", "state": {"children": ["IPY_MODEL_b", "IPY_MODEL_c"]}},
        "b": {"model_name": "ImageModel", "state": {"format": "png"},
              "buffers": [{"path": ["value"], "encoding": "base64", "data": PNG_MINUSCULE}]},
        "c": {"model_name": "HTMLModel",
              "state": {"value": "<div class='rc-alt' hidden>Courbe « profit » &amp; 12\u00a0%</div>"}},
    }
    rendu = site._rendu_widget("a", etats)
    assert 'alt="Courbe « profit » &amp; 12\u00a0%"' in rendu
    assert "rc-alt" not in rendu  # le texte caché n'est pas répété dans la page


def test_description_figure():
    assert site.description_figure({"text/plain": "<Figure size 1x1 with 1 Axes>"}) == site.ALT_SANS_DESCRIPTION
    assert site.description_figure({"text/plain": ["Ventes : ", "courbe en hausse."]}) == \
        "Ventes : courbe en hausse."


def test_document_markdown_lie_devient_une_page(cours_factice, tmp_path):
    """Un lien vers un document .md du cours (glossaire) mène à une page HTML, ancre comprise."""
    docs = cours_factice / "docs" / "enseignant"
    docs.mkdir(parents=True)
    (docs / "glossaire.md").write_text(
        "# Glossaire\n\n### Marge <a id=\"marge\"></a>\n\nVoir la [leçon 0](../../notebooks/00_prise_en_main.ipynb).\n",
        encoding="utf-8")
    chemin = cours_factice / "notebooks" / "01_conquerir.ipynb"
    nb = nbformat.read(chemin, as_version=4)
    nb.cells.append(nbformat.v4.new_markdown_cell("La [marge](../docs/enseignant/glossaire.md#marge)."))
    nbformat.write(nb, chemin)
    sortie = tmp_path / "site"
    site.construire_site(sortie, cours_factice)
    page = (sortie / "01_conquerir.html").read_text(encoding="utf-8")
    assert 'href="ressources/docs_enseignant_glossaire.html#marge"' in page
    glossaire = (sortie / "ressources" / "docs_enseignant_glossaire.html").read_text(encoding="utf-8")
    assert '<html lang="fr">' in glossaire and 'id="marge"></a>' in glossaire
    assert 'href="../00_prise_en_main.html"' in glossaire and 'href="../index.html"' in glossaire
    assert verifier_liens(sortie) >= 4
