"""Tableaux de bord pour la classe (notebooks/tableaux/) servis par Voilà autonome.

Chaque tableau de bord s'ouvre sans aucune ligne de code visible, en grands caractères ; on
déplace un réglage (clavier ou liste) et on attend le chiffre calculé avec les fonctions pures.
"""

from __future__ import annotations

import pytest

from aides_navigateur import (CELLULE_CURSEUR, RACINE_DEPOT, SELECTEUR_CURSEUR, ATTENTE_MS, appuyer,
                              attendre_texte, ecrire_notebook, filtrer_source_kpi, ligne, poignee,
                              simulateur)
from relation_client.formatage import euros, nombre, pourcentage, variation
from relation_client.indicateurs import variation_profit_retention
from relation_client.simulations import entonnoir, repartition_budget
from relation_client.valeur import valeur_vie_retention, valeur_vie_simple

TABLEAUX = ("valeur_client.ipynb", "retention_profit.ipynb", "entonnoir.ipynb", "tableau_de_bord_kpi.ipynb",
            "budget.ipynb")
TAILLE_MINIMALE_PX = 24  # chiffres lisibles au fond de la classe


def ouvrir_dans_voila(page, serveur, nom):
    page.goto(serveur.adresse(f"voila/render/{nom}"), timeout=ATTENTE_MS)
    page.locator(".jupyter-widgets").first.wait_for(state="visible", timeout=ATTENTE_MS)


def verifier_sans_code(page):
    code = page.locator(".jp-CodeCell .jp-InputArea, .jp-CodeMirrorEditor, .cm-editor, pre.highlight")
    visibles = [e for e in code.all() if e.is_visible()]
    assert not visibles, f"du code est affiché : {[e.inner_text()[:200] for e in visibles]}"
    texte = page.locator("body").inner_text()
    for indice in ("import ", "Traceback", "Error", "NBVAL"):
        assert indice not in texte, f"« {indice} » est affiché dans le tableau de bord"


def verifier_grands_caracteres(page, resultat):
    taille = resultat.first.evaluate("el => parseFloat(getComputedStyle(el).fontSize)")
    assert taille >= TAILLE_MINIMALE_PX, f"résultat écrit en {taille} px, trop petit pour un vidéoprojecteur"


def ouvrir_tableau(page, serveur, nom, titre):
    if not (RACINE_DEPOT / "notebooks" / "tableaux" / nom).is_file():
        pytest.fail(f"le tableau de bord notebooks/tableaux/{nom} est absent")
    ouvrir_dans_voila(page, serveur, nom)
    bloc = simulateur(page, titre)
    resultat = bloc.locator(".rc-resultat")
    resultat.first.wait_for(state="visible", timeout=ATTENTE_MS)
    verifier_sans_code(page)
    verifier_grands_caracteres(page, resultat)
    titre_page = page.locator("h1").first.inner_text()
    assert titre_page.strip(), "le tableau de bord n'a pas de titre"
    return bloc, resultat


def test_voila_essai_curseur(page, serveur_voila, copie_cours):
    """La tuyauterie Voilà seule : un curseur, un montant."""
    ecrire_notebook(copie_cours / "notebooks" / "tableaux" / "essai_voila.ipynb",
                    [("markdown", "# Essai"), ("code", CELLULE_CURSEUR)])
    ouvrir_dans_voila(page, serveur_voila, "essai_voila.ipynb")
    resultat = page.locator(".widget-html-content", has_text="Total")
    attendre_texte(page, resultat, f"Total : {euros(10 * 1234.5)}")
    appuyer(page, page.locator(SELECTEUR_CURSEUR).first, "ArrowRight")
    attendre_texte(page, resultat, f"Total : {euros(11 * 1234.5)}")
    verifier_sans_code(page)
    (copie_cours / "notebooks" / "tableaux" / "essai_voila.ipynb").unlink()


def test_tableau_valeur_client(page, serveur_voila):
    bloc, resultat = ouvrir_tableau(page, serveur_voila, "valeur_client.ipynb", "Simulateur de valeur client")
    marge = valeur_vie_simple(50.0, 4, 0.3, 1)
    libelle = "Valeur client sur 10 ans"
    attendre_texte(page, resultat, ligne(libelle, euros(valeur_vie_retention(marge, 0.80, 0.10, 10))))
    appuyer(page, poignee(bloc, "Taux de rétention annuel"), "ArrowRight", fois=5)  # 80 % → 85 %
    attendre_texte(page, resultat, ligne(libelle, euros(valeur_vie_retention(marge, 0.85, 0.10, 10))))


def test_tableau_retention_profit(page, serveur_voila):
    bloc, resultat = ouvrir_tableau(page, serveur_voila, "retention_profit.ipynb", "Rétention et profit")
    libelle = "Hausse du profit (valeur de la base de clients)"
    attendre_texte(page, resultat, ligne(libelle, variation(variation_profit_retention(0.80, 0.05, 0.10))))
    appuyer(page, poignee(bloc, "Rétention de départ"), "ArrowRight", fois=10)  # 80 % → 90 %
    attendre_texte(page, resultat, ligne("Rétention", f"{pourcentage(0.90)} → {pourcentage(0.95)}"))
    attendre_texte(page, resultat, ligne(libelle, variation(variation_profit_retention(0.90, 0.05, 0.10))))


def test_tableau_entonnoir(page, serveur_voila):
    bloc, resultat = ouvrir_tableau(page, serveur_voila, "entonnoir.ipynb", "Simulateur d'entonnoir")
    avant = entonnoir(10_000, 0.05, 0.2, 0.3, 5_000.0)
    libelle = "Coût d'acquisition client (CAC)"
    attendre_texte(page, resultat, ligne(libelle, euros(avant["cout_acquisition_client"])))
    appuyer(page, poignee(bloc, "Visites sur le site"), "ArrowRight", fois=2)  # 10 000 → 11 000
    apres = entonnoir(11_000, 0.05, 0.2, 0.3, 5_000.0)
    attendre_texte(page, resultat, ligne("Contacts qualifiés (leads)", nombre(apres["leads"])))
    attendre_texte(page, resultat, ligne(libelle, euros(apres["cout_acquisition_client"])))


def test_tableau_kpi(page, serveur_voila):
    from relation_client.donnees import charger

    trafic = charger("trafic_web")
    sources = sorted(trafic["source"].astype(str).unique())
    source = "influence" if "influence" in sources else sources[-1]
    bloc, resultat = ouvrir_tableau(page, serveur_voila, "tableau_de_bord_kpi.ipynb", "Tableau de bord des KPI")
    filtrer_source_kpi(page, bloc, resultat, trafic, source)


def test_tableau_budget(page, serveur_voila):
    bloc, resultat = ouvrir_tableau(page, serveur_voila, "budget.ipynb", "Budget : conquérir ou fidéliser")
    hypotheses = dict(budget=200_000.0, cout_acquisition_client=100.0, taux_retention_base=0.6,
                      marge_annuelle=60.0, clients_actuels=10_000, efficacite_fidelisation=0.05,
                      annees=3, taux_actualisation=0.10)
    libelle = "Profit actualisé sur 3 ans"
    profit = repartition_budget(part_fidelisation=0.20, **hypotheses).attrs["profit_total"]
    attendre_texte(page, resultat, ligne(libelle, euros(profit, 0)))
    appuyer(page, poignee(bloc, "Part du budget pour fidéliser"), "ArrowRight", fois=5)  # 20 % → 25 %
    attendre_texte(page, resultat, ligne("Dépense de fidélisation par an", euros(50_000, 0)))
    profit = repartition_budget(part_fidelisation=0.25, **hypotheses).attrs["profit_total"]
    attendre_texte(page, resultat, ligne(libelle, euros(profit, 0)))


def test_accueil_liste_les_tableaux(page, serveur_voila):
    """La page d'accueil de `make tableaux` propose les cinq tableaux de bord (une carte chacun).

    Détail de la page (titres, leçons, vignettes, retour) : test_navigateur_accessibilite.py.
    """
    page.goto(serveur_voila.adresse(""), timeout=ATTENTE_MS)
    for nom in TABLEAUX:
        page.locator(f".rc-carte a[href*='voila/render/{nom}']").first.wait_for(state="visible",
                                                                               timeout=ATTENTE_MS)
