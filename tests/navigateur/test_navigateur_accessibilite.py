"""Accessibilité de ce que le cours produit, mesurée par axe-core (WCAG 2 A/AA) dans Chromium.

- site statique (``make site``) : l'index et chaque leçon ;
- chaque tableau de bord Voilà (``make tableaux``), une fois ses widgets affichés, et la page
  d'accueil française des simulateurs ;
- une leçon dans JupyterLab : seulement les sorties du notebook (l'interface de JupyterLab n'est
  pas la nôtre) ;
- au clavier seul : Tab jusqu'à un curseur de chaque tableau de bord, → cinq fois, la valeur
  affichée change.

Tout échec signale une violation grave ou critique (``serious``/``critical``) ; le message liste
les règles et les éléments en faute.
"""

from __future__ import annotations

import re

import pytest

from aides_navigateur import (ATTENTE_MS, RACINE_DEPOT, SIMULATEURS, capture, compte_axe, executer_tout,
                              ouvrir_dans_lab, ouvrir_vitrine, tabuler_jusqua, verifier_accessible,
                              verifier_sans_erreur)
from relation_client import site

LECONS = sorted(p.stem for p in (RACINE_DEPOT / "notebooks").glob("*.ipynb"))
TABLEAUX = sorted(p.name for p in (RACINE_DEPOT / "notebooks" / "tableaux").glob("*.ipynb"))
ANGLAIS = ("No description has been provided", "Select items to open", "In [", "In\u00a0[", "Out[",
           "Executing", "Running ")
LECON_LAB = "02_fideliser.ipynb"  # figures décrites + simulateurs


def verifier_francais(page):
    assert page.evaluate("document.documentElement.lang") == "fr", "la page n'est pas déclarée en français"
    texte = page.locator("body").inner_text()
    for chaine in ANGLAIS:
        assert chaine not in texte, f"chaîne anglaise affichée : « {chaine} »"


def alternatives_des_images(page, selecteur="img") -> list[str]:
    return page.evaluate(f"""() => [...document.querySelectorAll({selecteur!r})]
        .filter((i) => i.offsetWidth > 0).map((i) => i.getAttribute('alt'))""")


# --------------------------------------------------------------------------- site statique


@pytest.fixture(scope="module")
def site_construit(tmp_path_factory):
    if not LECONS:
        pytest.fail("aucune leçon dans notebooks/")
    sortie = tmp_path_factory.mktemp("site_accessible") / "site"
    site.construire_site(sortie, RACINE_DEPOT)
    return sortie


@pytest.mark.parametrize("nom", ["index", *LECONS])
def test_site_accessible(page, site_construit, nom):
    page.route("http://**", lambda route: route.abort())
    page.route("https://**", lambda route: route.abort())
    page.goto((site_construit / f"{nom}.html").as_uri())
    page.wait_for_load_state("load")
    verifier_francais(page)
    source = (site_construit / f"{nom}.html").read_text(encoding="utf-8")
    assert "No description has been provided" not in source
    assert 'class="jp-InputPrompt' not in source and 'class="jp-OutputPrompt' not in source
    for alt in alternatives_des_images(page):
        assert alt and alt.strip() and alt != "figure", f"image sans alternative textuelle française : {alt!r}"
    violations = verifier_accessible(page, nom=f"site/{nom}.html")
    print(f"axe-core site/{nom}.html : {compte_axe(violations)}")


def test_documents_du_site_accessibles(page, site_construit):
    """Les documents liés depuis les leçons (glossaire…) devenus pages HTML : mêmes exigences."""
    documents = sorted((site_construit / site.DOSSIER_RESSOURCES).glob("*.html"))
    for document in documents:
        page.goto(document.as_uri())
        page.wait_for_load_state("load")
        verifier_francais(page)
        violations = verifier_accessible(page, nom=f"site/{document.relative_to(site_construit)}")
        print(f"axe-core site/{document.relative_to(site_construit)} : {compte_axe(violations)}")


# --------------------------------------------------------------------------- Voilà


def ouvrir_tableau_rendu(page, serveur, nom):
    page.goto(serveur.adresse(f"voila/render/{nom}"), timeout=ATTENTE_MS)
    page.locator(".rc-simulateur .widget-slider, .rc-simulateur .widget-dropdown").first.wait_for(
        state="visible", timeout=ATTENTE_MS)
    # Le script d'accessibilité a nommé les curseurs et décrit l'image.
    page.wait_for_function("""() => {
        const poignees = [...document.querySelectorAll('.rc-simulateur .noUi-handle')];
        const images = [...document.querySelectorAll('.rc-simulateur img')];
        return poignees.every((p) => p.getAttribute('aria-label'))
            && images.length > 0 && images.every((i) => i.getAttribute('alt'));
    }""", timeout=ATTENTE_MS, polling=200)


@pytest.mark.parametrize("nom", TABLEAUX)
def test_tableau_voila_accessible(page, serveur_voila, nom):
    ouvrir_tableau_rendu(page, serveur_voila, nom)
    verifier_francais(page)
    titre = page.locator(".rc-simulateur h3").first.inner_text().strip()
    # Nom accessible = libellé affiché ; valeur annoncée = lecture française affichée (« 85 % », pas 0.85).
    curseurs = page.evaluate("""() => [...document.querySelectorAll('.rc-simulateur .rc-controle')]
        .filter((g) => g.querySelector('.noUi-handle')).map((g) => {
            const p = g.querySelector('.noUi-handle');
            return [p.getAttribute('aria-label'), g.querySelector('.rc-libelle').textContent.trim(),
                    p.getAttribute('aria-valuetext'), g.querySelector('.rc-lecture').textContent.trim()];
        })""")
    assert curseurs, "aucun curseur dans le tableau de bord"
    for nom_accessible, libelle, valeur, lecture in curseurs:
        assert nom_accessible and nom_accessible.startswith(libelle), (nom_accessible, libelle)
        assert valeur and lecture.startswith(valeur), f"valeur annoncée {valeur!r}, affichée {lecture!r}"
    alternatives = alternatives_des_images(page, ".rc-simulateur img")
    assert alternatives and all(len(a) > 40 for a in alternatives), alternatives
    assert page.locator("a", has_text="Tous les simulateurs").count() == 1, "pas de lien de retour"
    violations = verifier_accessible(page, nom=f"Voilà {nom}")
    print(f"axe-core voila/{nom} ({titre}) : {compte_axe(violations)}")


@pytest.mark.parametrize("nom", TABLEAUX)
def test_tableau_au_clavier(page, serveur_voila, nom):
    """Tab jusqu'au premier curseur, → cinq fois : la valeur affichée et sa lecture changent."""
    ouvrir_tableau_rendu(page, serveur_voila, nom)
    page.locator("body").click(position={"x": 1, "y": 1})  # point de départ : le haut de la page
    appuis = tabuler_jusqua(page, ".rc-simulateur .noUi-handle")
    lire = """() => {
        const p = document.activeElement;
        const groupe = p.closest('.rc-controle');
        return [groupe.querySelector('.rc-lecture').textContent.trim(), p.getAttribute('aria-valuetext')];
    }"""
    avant, valeur_avant = page.evaluate(lire)
    nom_curseur = page.evaluate("document.activeElement.getAttribute('aria-label')")
    for _ in range(5):
        page.keyboard.press("ArrowRight")
    page.wait_for_function(f"""() => {{
        const p = document.activeElement;
        const groupe = p && p.closest('.rc-controle');
        const texte = groupe ? groupe.querySelector('.rc-lecture').textContent.trim() : '';
        return texte !== {avant!r} && texte.includes(p.getAttribute('aria-valuetext'));
    }}""", timeout=ATTENTE_MS, polling=200)
    apres, valeur_apres = page.evaluate(lire)
    print(f"{nom} : {appuis} Tab, « {nom_curseur} » {avant} → {apres}")
    assert apres != avant and valeur_apres in apres  # intervalle : « début – fin »


def test_accueil_des_tableaux(page, serveur_voila):
    """Page d'accueil de `make tableaux` : titre, une carte par simulateur, clic = tableau, retour."""
    page.goto(serveur_voila.adresse(""), timeout=ATTENTE_MS)
    titre = page.locator("h1").first
    titre.wait_for(state="visible", timeout=ATTENTE_MS)
    assert titre.inner_text().strip() == "Les simulateurs du cours"
    verifier_francais(page)
    cartes = page.locator(".rc-carte")
    assert cartes.count() == len(TABLEAUX)
    texte = page.locator("body").inner_text()
    assert ".ipynb" not in texte and "Name" not in texte.split()
    for i in range(cartes.count()):
        carte = cartes.nth(i)
        assert carte.locator("h2").inner_text().strip()
        assert carte.locator(".rc-lecon").inner_text().startswith("Leçon ")
        description = carte.locator(".rc-description").inner_text().strip()
        assert description and "\n" not in description
        assert carte.locator("img").evaluate("(i) => i.naturalWidth") > 100, "vignette absente"
    violations = verifier_accessible(page, nom="accueil des tableaux")
    print(f"axe-core voila/accueil : {compte_axe(violations)}")
    capture(page, "tableaux_accueil")
    # Un clic ouvre le tableau de bord dans le même onglet ; le lien de retour ramène à l'accueil.
    premiere = cartes.first
    titre_carte = premiere.locator("h2").inner_text().strip()
    premiere.locator("a").click()
    page.wait_for_url("**/voila/render/**", timeout=ATTENTE_MS)
    page.locator(".rc-simulateur").first.wait_for(state="visible", timeout=ATTENTE_MS)
    assert page.locator("h1").first.inner_text().strip() == titre_carte
    capture(page, "tableaux_accueil_ouvert")
    page.locator("a", has_text="Tous les simulateurs").click()
    page.locator(".rc-carte").first.wait_for(state="visible", timeout=ATTENTE_MS)
    assert page.locator(".rc-carte").count() == len(TABLEAUX)


# --------------------------------------------------------------------------- JupyterLab


def test_lecon_dans_jupyterlab(page, serveur_lab, copie_cours, noyaux_arretes):
    """Leçon exécutée dans JupyterLab : aucune violation grave dans les sorties du notebook."""
    ouvrir_dans_lab(page, serveur_lab, f"notebooks/{LECON_LAB}")
    executer_tout(page)
    verifier_sans_erreur(page)
    panneau = ".jp-NotebookPanel:not(.lm-mod-hidden)"
    page.wait_for_function(f"""() => {{
        const poignees = [...document.querySelectorAll('{panneau} .rc-simulateur .noUi-handle')];
        const images = [...document.querySelectorAll('{panneau} .jp-OutputArea-output img')];
        return poignees.length > 0 && poignees.every((p) => p.getAttribute('aria-label'))
            && images.length > 0 && images.every((i) => i.getAttribute('alt') && i.getAttribute('alt') !== 'Image'
                                                     && i.naturalWidth > 100);
    }}""", timeout=ATTENTE_MS, polling=250)
    alternatives = page.evaluate(f"""() => [...document.querySelectorAll('{panneau} .jp-OutputArea-output img')]
        .map((i) => i.getAttribute('alt'))""")
    assert all(len(a) > 40 for a in alternatives), alternatives
    violations = verifier_accessible(page, contexte=f"{panneau} .jp-OutputArea-output",
                                     nom=f"JupyterLab {LECON_LAB} (sorties)")
    print(f"axe-core JupyterLab {LECON_LAB} (sorties) : {compte_axe(violations)}")


def test_tous_les_simulateurs_dans_jupyterlab(page, serveur_lab, copie_cours, noyaux_arretes):
    """Chaque simulateur et le quiz, dans JupyterLab : contrôles nommés, graphiques décrits, axe-core."""
    noms = (*SIMULATEURS, "quiz")
    ouvrir_vitrine(page, serveur_lab, copie_cours, noms, "vitrine_accessible.ipynb")
    panneau = ".jp-NotebookPanel:not(.lm-mod-hidden)"
    page.wait_for_function(f"""(n) => {{
        const sims = document.querySelectorAll('{panneau} .rc-simulateur');
        const poignees = [...document.querySelectorAll('{panneau} .noUi-handle')];
        const images = [...document.querySelectorAll('{panneau} .rc-simulateur img')];
        return sims.length === n && poignees.every((p) => p.getAttribute('aria-label'))
            && images.length === n && images.every((i) => (i.getAttribute('alt') || '').length > 40);
    }}""", arg=len(SIMULATEURS), timeout=ATTENTE_MS, polling=250)
    sans_nom = page.evaluate(f"""() => [...document.querySelectorAll(
        '{panneau} .jp-OutputArea-output input, {panneau} .jp-OutputArea-output select, {panneau} .jp-OutputArea-output button')]
        .filter((c) => !(c.getAttribute('aria-label') || (c.labels && c.labels.length && c.labels[0].textContent.trim())
                         || c.textContent.trim()))
        .map((c) => c.outerHTML.slice(0, 120))""")
    assert not sans_nom, f"contrôles sans nom accessible : {sans_nom}"
    violations = verifier_accessible(page, contexte=f"{panneau} .jp-OutputArea-output",
                                     nom="JupyterLab, tous les simulateurs (sorties)")
    print(f"axe-core JupyterLab, tous les simulateurs (sorties) : {compte_axe(violations)}")
