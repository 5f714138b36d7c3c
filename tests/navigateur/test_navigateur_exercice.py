"""Un exercice dans JupyterLab : l'élève écrit sa réponse, exécute la vérification, voit « Juste »."""

from __future__ import annotations

import re

import nbformat
import pytest

from aides_navigateur import ATTENTE_MS, RACINE_DEPOT, executer_tout, ouvrir_dans_lab, verifier_sans_erreur

EXERCICE = "01_conquerir.ipynb"


def _source(cellule) -> str:
    return "".join(cellule.source) if isinstance(cellule.source, list) else cellule.source


def premiere_question_calculee(nom: str):
    """(indice de la cellule de réponse, indice de la vérification, texte complet de la réponse juste)."""
    from relation_client.exercices import PLACEHOLDER, structure

    exercice = nbformat.read(RACINE_DEPOT / "exercises" / nom, as_version=4)
    corrige = nbformat.read(RACINE_DEPOT / "solutions" / nom, as_version=4)
    questions_corrige = {q["question"]: q for q in structure(corrige)}
    for q in structure(exercice):
        if q["role_reponse"] != "reponse" or q["verification"] is None:
            continue
        solution = _source(corrige.cells[questions_corrige[q["question"]]["reponse"]])
        region = re.search(r"^([ \t]*)### BEGIN SOLUTION[^\n]*\n(.*?)^[ \t]*### END SOLUTION", solution,
                           re.S | re.M)
        source_exercice = _source(exercice.cells[q["reponse"]])
        ligne = next(l for l in source_exercice.splitlines() if l.strip() == PLACEHOLDER)
        if region is None or ligne != PLACEHOLDER:  # on ne retient qu'une réponse non indentée
            continue
        reponse = source_exercice.replace(PLACEHOLDER, region.group(2).rstrip("\n"), 1)
        return q["question"], q["reponse"], q["verification"], reponse
    pytest.fail(f"aucune question calculée dans exercises/{nom}")


def sortie_cellule(page, indice: int):
    return page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook .jp-Cell").nth(indice) \
        .locator(".jp-OutputArea-output")


def test_exercice_reponse_juste(page, serveur_lab, noyaux_arretes):
    if not (RACINE_DEPOT / "exercises" / EXERCICE).is_file():
        pytest.fail(f"exercises/{EXERCICE} est absent (make exercices)")
    question, i_reponse, i_verif, reponse = premiere_question_calculee(EXERCICE)
    ouvrir_dans_lab(page, serveur_lab, f"exercises/{EXERCICE}")
    executer_tout(page)
    verifier_sans_erreur(page)
    verification = sortie_cellule(page, i_verif)
    verification.filter(has_text="À compléter").first.wait_for(timeout=ATTENTE_MS)

    # L'élève clique dans la cellule de réponse, remplace son contenu par sa réponse et l'exécute,
    # puis exécute la cellule de vérification (Maj + Entrée deux fois).
    cellules = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook .jp-Cell")
    editeur = cellules.nth(i_reponse).locator(".cm-content")
    editeur.scroll_into_view_if_needed()
    editeur.click()
    page.keyboard.press("ControlOrMeta+a")
    page.keyboard.insert_text(reponse)  # comme un collage : pas d'indentation automatique
    page.keyboard.press("Shift+Enter")
    page.keyboard.press("Shift+Enter")

    verification.filter(has_text="Juste").first.wait_for(timeout=ATTENTE_MS)
    texte = verification.first.inner_text()
    assert "Pas encore" not in texte and "À compléter" not in texte, texte
    verifier_sans_erreur(page)
    # Question vérifiée : c'est bien celle de la cellule (pas une autre sortie « Juste » déjà présente).
    assert question in _source(nbformat.read(RACINE_DEPOT / "exercises" / EXERCICE, as_version=4)
                               .cells[i_verif])
