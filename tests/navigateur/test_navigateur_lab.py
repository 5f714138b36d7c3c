"""JupyterLab dans Chromium : interface en français et tuyauterie des widgets (noyau ↔ navigateur)."""

from __future__ import annotations

import pytest

from aides_navigateur import (CELLULE_CURSEUR, SELECTEUR_CURSEUR, appuyer, attendre_texte,
                              ecrire_notebook, erreurs_affichees, executer_tout, ouvrir_dans_lab,
                              verifier_sans_erreur)
from relation_client.formatage import euros


def test_interface_en_francais(page, serveur_lab, copie_cours, noyaux_arretes):
    ecrire_notebook(copie_cours / "essai_interface.ipynb", [("code", "1 + 1")])
    ouvrir_dans_lab(page, serveur_lab, "essai_interface.ipynb")
    menus = page.locator(".lm-MenuBar-itemLabel").all_inner_texts()
    for attendu in ("Fichier", "Édition", "Affichage", "Exécution", "Noyau"):
        assert attendu in menus, f"menu « {attendu} » absent de la barre de menus : {menus}"
    assert "Run" not in menus and "File" not in menus
    # Pas de fenêtre « Jupyter news » qui masquerait le cours.
    assert page.locator(".jp-Notification-Toast", has_text="news").count() == 0


def test_curseur_change_la_valeur_affichee(page, serveur_lab, copie_cours, noyaux_arretes):
    ecrire_notebook(copie_cours / "essai_curseur.ipynb",
                    [("markdown", "# Essai du curseur"), ("code", CELLULE_CURSEUR)])
    ouvrir_dans_lab(page, serveur_lab, "essai_curseur.ipynb")
    executer_tout(page)
    verifier_sans_erreur(page)
    resultat = page.locator(".widget-html-content", has_text="Total").first
    attendre_texte(page, resultat, f"Total : {euros(10 * 1234.5)}")  # 12 345,00 €
    appuyer(page, page.locator(SELECTEUR_CURSEUR).first, "ArrowRight", fois=2)
    attendre_texte(page, resultat, f"Total : {euros(12 * 1234.5)}")  # 14 814,00 €
    verifier_sans_erreur(page)


def test_une_erreur_est_detectee(page, serveur_lab, copie_cours, noyaux_arretes):
    """Le détecteur d'erreurs des autres tests voit bien une cellule en erreur, sans attendre la fin du délai."""
    ecrire_notebook(copie_cours / "essai_erreur.ipynb",
                    [("code", "x = 1"), ("code", "1 / 0"), ("code", "y = 2")])
    ouvrir_dans_lab(page, serveur_lab, "essai_erreur.ipynb")
    executer_tout(page)
    assert any("ZeroDivisionError" in e for e in erreurs_affichees(page))
    with pytest.raises(AssertionError, match="ZeroDivisionError"):
        verifier_sans_erreur(page)
