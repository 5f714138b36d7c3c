"""Les fautes de frappe d'un élève dans JupyterLab : l'explication française est visible, d'abord.

L'élève ouvre l'exercice 01, tape ``reponse = 0,85`` dans la cellule de réponse de la question 1.1
puis exécute la réponse et la vérification : la boîte « Pas encore » lui dit d'écrire 0.85. Il tape
ensuite ``reponse = 85 %`` : l'explication « Le signe % ne s'écrit pas » s'affiche sous sa cellule
(avant une seule ligne « Détails techniques »), et la vérification refuse de noter l'ancienne valeur.
Enfin, une vérification lancée sans sa cellule de réponse est refusée (« Non vérifié »), grâce
aux identifiants de cellules que JupyterLab transmet au noyau.

Captures : ``tests/artefacts/saisie-virgule.png``, ``saisie-pourcent.png``, ``saisie-juste.png``.
"""

from __future__ import annotations

import json
import re

import pytest

from aides_navigateur import ATTENTE_MS, RACINE_DEPOT, attendre_texte, capture, executer_tout, ouvrir_dans_lab

EXERCICE = "01_conquerir.ipynb"
QUESTION = "1.1"
SUIVANTE = "1.2"


def _indices(question: str) -> tuple[int, int]:
    """(cellule de réponse, cellule de vérification) d'une question, d'après les métadonnées."""
    nb = json.loads((RACINE_DEPOT / "exercises" / EXERCICE).read_text(encoding="utf-8"))
    roles = {}
    for i, cellule in enumerate(nb["cells"]):
        meta = cellule.get("metadata", {}).get("relation_client", {})
        if meta.get("question") == question and meta.get("role") in ("reponse", "verification"):
            roles[meta["role"]] = i
    if set(roles) != {"reponse", "verification"}:
        pytest.fail(f"exercises/{EXERCICE} : cellules de la question {question} introuvables")
    return roles["reponse"], roles["verification"]


def _solution(question: str) -> str:
    """La réponse modèle du corrigé (entre les marqueurs), pour finir sur « Juste »."""
    nb = json.loads((RACINE_DEPOT / "solutions" / EXERCICE).read_text(encoding="utf-8"))
    for cellule in nb["cells"]:
        meta = cellule.get("metadata", {}).get("relation_client", {})
        if meta.get("question") == question and meta.get("role") == "reponse":
            source = "".join(cellule["source"])
            region = re.search(r"### BEGIN SOLUTION[^\n]*\n(.*?)^[ \t]*### END SOLUTION", source, re.S | re.M)
            if region:
                return region.group(1).strip()
    pytest.fail(f"solutions/{EXERCICE} : réponse modèle de la question {question} introuvable")


def _cellules(page):
    return page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook .jp-Cell")


def _sorties(page, indice: int):
    return _cellules(page).nth(indice).locator(".jp-OutputArea-output")


def _ecrire_et_executer(page, indice: int, texte: str) -> None:
    """Clique dans la cellule, remplace son texte et l'exécute (Maj + Entrée)."""
    editeur = _cellules(page).nth(indice).locator(".cm-content")
    editeur.scroll_into_view_if_needed()
    editeur.click()
    page.keyboard.press("ControlOrMeta+a")
    page.keyboard.insert_text(texte)  # comme un collage : pas d'indentation automatique
    page.keyboard.press("Shift+Enter")


def _executer(page, indice: int) -> None:
    """Clique dans la cellule (sans rien changer) et l'exécute (Maj + Entrée)."""
    editeur = _cellules(page).nth(indice).locator(".cm-content")
    editeur.scroll_into_view_if_needed()
    editeur.click()
    page.keyboard.press("Shift+Enter")


def _boite(page, indice: int):
    return _sorties(page, indice).locator(".relation-client-retour").first


def test_virgule_puis_pourcentage(page, serveur_lab, noyaux_arretes):
    if not (RACINE_DEPOT / "exercises" / EXERCICE).is_file():
        pytest.fail(f"exercises/{EXERCICE} est absent (make exercices)")
    i_reponse, i_verif = _indices(QUESTION)
    _, i_verif_suivante = _indices(SUIVANTE)
    ouvrir_dans_lab(page, serveur_lab, f"exercises/{EXERCICE}")
    executer_tout(page)
    _sorties(page, i_verif).filter(has_text="À compléter").first.wait_for(timeout=ATTENTE_MS)

    # 1. La virgule française : Python lit deux nombres ; la vérification explique le point décimal.
    _ecrire_et_executer(page, i_reponse, "reponse = 0,85")
    _executer(page, i_verif)
    boite = _boite(page, i_verif)
    attendre_texte(page, boite, "la virgule des décimales s'écrit avec un point : écrivez 0.85")
    assert boite.is_visible()
    assert boite.get_attribute("role") == "status"
    assert boite.locator("strong").inner_text() == "Pas encore"
    assert boite.evaluate("e => getComputedStyle(e).borderLeftStyle") == "solid"  # visible sans couleur
    boite.scroll_into_view_if_needed()
    capture(page, "saisie-virgule")

    # 2. Le signe % : l'explication française s'affiche sous la cellule de réponse, d'abord.
    _ecrire_et_executer(page, i_reponse, "reponse = 85 %")
    explication = _boite(page, i_reponse)
    attendre_texte(page, explication, "Le signe % ne s'écrit pas : écrivez 0.85 (ou 85 / 100).")
    assert explication.is_visible()
    textes = _sorties(page, i_reponse).all_inner_texts()
    assert len(textes) == 2, textes
    assert textes[0].lstrip("\u26a0 ").startswith("Cette cellule n'a pas pu s'exécuter"), textes  # ⚠ décoratif
    assert textes[1].strip().startswith("Détails techniques : SyntaxError"), textes
    assert "Traceback" not in "".join(textes) and "invalid syntax" not in textes[0]
    # La vérification ne note pas l'ancienne valeur (0,85) : elle renvoie à la cellule en erreur.
    _executer(page, i_verif)
    attendre_texte(page, _boite(page, i_verif),
                   "la cellule de réponse de la question 1.1 s'est arrêtée sur une erreur")
    assert _boite(page, i_verif).locator("strong").inner_text() == "Non vérifié"
    _cellules(page).nth(i_reponse).scroll_into_view_if_needed()
    capture(page, "saisie-pourcent")

    # 3. La bonne réponse, puis la vérification de la question suivante sans sa cellule de réponse.
    _ecrire_et_executer(page, i_reponse, _solution(QUESTION))
    page.wait_for_function(
        """(i) => {
            const c = document.querySelectorAll('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook .jp-Cell')[i];
            return c && c.querySelectorAll('.jp-OutputArea-output').length === 0
                   && /\\[\\d+\\]/.test(c.querySelector('.jp-InputArea-prompt').textContent);
        }""", arg=i_reponse, timeout=ATTENTE_MS)
    _executer(page, i_verif_suivante)
    attendre_texte(page, _boite(page, i_verif_suivante),
                   "la cellule de réponse de la question 1.2 n'a pas encore été exécutée")
    _executer(page, i_verif)
    attendre_texte(page, _boite(page, i_verif), "Juste")
    assert _boite(page, i_verif).locator("strong").inner_text() == "Juste"
    _boite(page, i_verif).scroll_into_view_if_needed()
    capture(page, "saisie-juste")
