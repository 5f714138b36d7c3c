"""La version HTML statique se lit hors ligne dans Chromium (aucun accès réseau autorisé)."""

from __future__ import annotations

import pytest

from aides_navigateur import RACINE_DEPOT, capture
from relation_client import site


@pytest.fixture(scope="module")
def site_construit(tmp_path_factory):
    if not any((RACINE_DEPOT / "notebooks").glob("*.ipynb")):
        pytest.fail("aucune leçon dans notebooks/")
    sortie = tmp_path_factory.mktemp("site") / "site"
    site.construire_site(sortie, RACINE_DEPOT)
    return sortie


def test_site_hors_ligne(page, site_construit):
    # Hors ligne : toute demande vers Internet (MathJax sur un CDN…) échoue.
    page.route("http://**", lambda route: route.abort())
    page.route("https://**", lambda route: route.abort())
    page.goto((site_construit / "index.html").as_uri())
    assert page.locator("h1").first.inner_text() == "Relation client par les données"
    liens = page.locator("table a")
    assert liens.count() >= 3
    capture(page, "site_accueil")

    page.locator("table a", has_text="Fidéliser").first.click()
    page.wait_for_url("**/02_fideliser.html")
    page.locator(".jp-RenderedHTMLCommon h1").first.wait_for(state="visible")
    note = page.locator(".rc-widget .rc-note").first
    note.scroll_into_view_if_needed()
    assert "ouvrez le notebook dans JupyterLab" in note.inner_text()
    # Le dernier état du simulateur est visible : ses chiffres et sa figure (image intégrée).
    figee = page.locator(".rc-widget").first
    assert "Valeur client" in figee.inner_text()
    largeur = figee.locator("img").first.evaluate("img => img.naturalWidth")
    assert largeur > 100, "la figure du simulateur n'est pas affichée"
    page.locator(".rc-nav a", has_text="Sommaire").first.click()
    page.wait_for_url("**/index.html")
