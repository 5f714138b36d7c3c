"""Le bilan de la classe (``resultats/bilan.html``) s'ouvre hors ligne dans Chromium, lisible et sans
débordement, en grand écran comme sur un écran étroit.

La classe est fabriquée sans noyau (copies notées directement, graine fixe) à partir de la vraie
clé de correction de l'exercice 01 : mêmes questions, mêmes erreurs fréquentes déclarées.
"""

from __future__ import annotations

import random

import pytest

from aides_navigateur import ARTEFACTS, capture, compte_axe, resume_axe, verifier_accessible
from relation_client import bilan, correction
from relation_client.correction import rapports
from relation_client.correction import CopieNotee, NoteQuestion

PRENOMS = ["adam", "alice", "amine", "anna", "bastien", "chloé", "clément", "emma", "enzo", "hugo", "inès",
           "jade", "jules", "léa", "lina", "louis", "manon", "mathis", "nina", "noah", "rose", "sacha",
           "théo", "zoé"]


def _classe(questions):
    """24 copies plausibles : la plupart justes, des erreurs fréquentes déclarées, quelques incidents."""
    hasard = random.Random(20261202)
    copies = []
    for rang, eleve in enumerate(PRENOMS):
        niveau = hasard.random()
        notes = []
        for q in questions:
            if q.genre == "texte_libre":
                notes.append(NoteQuestion(q.id, "manuel", None, float(q.points), "", parcours=q.parcours))
                continue
            tirage = hasard.random()
            seuil = (0.35 + 0.6 * niveau) * (0.45 if q.id == questions[4].id else 1.0)  # une question difficile
            if tirage < seuil:
                statut, message = "juste", q.explication
            elif tirage < 0.85 and q.erreurs:
                statut, message = "faux", hasard.choice(q.erreurs[:3]).indice
            elif tirage < 0.92:
                statut, message = "invalide", "votre réponse est du texte."
            else:
                statut, message = "a_completer", "À compléter"
            notes.append(NoteQuestion(q.id, statut, float(q.points) if statut == "juste" else 0.0,
                                      float(q.points), message, parcours=q.parcours))
        statut, remarque = correction.OK, ""
        if rang == 3:
            notes[1].statut, notes[1].points = "acces_corrige", 0.0
            statut, remarque = correction.ACCES_CORRIGE, f"accès au corrigé ({notes[1].question} : 0 point)"
        elif rang == 7:
            for n in notes[3:]:
                if n.points is not None:
                    n.statut, n.points = "non_atteinte", 0.0
            statut = correction.NOYAU_ARRETE
            remarque = (f"le noyau s'est arrêté pendant l'exécution (question {notes[3].question}) : "
                        "os._exit, plantage ou mémoire épuisée ?")
        elif rang == 11:
            for n in notes:
                n.statut, n.points = "non_atteinte", (None if n.points is None else 0.0)
            statut = correction.INVALIDE
            remarque = ("JSON invalide (ligne 212, colonne 5) : le fichier a sans doute été abîmé ou édité "
                        "hors de Jupyter")
        copies.append(CopieNotee(eleve, f"{eleve}.ipynb", statut, remarque, notes))
    return copies


@pytest.fixture(scope="module")
def page_bilan(tmp_path_factory):
    from relation_client.corriges import questions

    qs = questions("01")
    dossier = tmp_path_factory.mktemp("resultats")
    copies = _classe(qs)
    rapports.ecrire_notes(dossier / "notes.csv", copies, qs)
    return bilan.ecrire_bilan(dossier / "notes.csv", copies, qs, "01"), qs


def _sans_debordement(page) -> None:
    largeurs = page.evaluate("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert largeurs[0] <= largeurs[1], f"la page déborde horizontalement : {largeurs}"
    coupes = page.evaluate("""() => [...document.querySelectorAll('main *')]
        .filter(e => !e.closest('.sr') && e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX === 'hidden')
        .map(e => e.tagName)""")
    assert not coupes, f"éléments coupés : {coupes}"


def test_bilan_hors_ligne(page, page_bilan):
    chemin, qs = page_bilan
    demandes = []
    page.on("request", lambda r: demandes.append(r.url) if not r.url.startswith("file:") else None)
    page.route("http://**", lambda route: route.abort())
    page.route("https://**", lambda route: route.abort())
    page.goto(chemin.as_uri())
    assert page.locator("h1").inner_text().startswith("Bilan de la classe — exercice 01")
    assert page.evaluate("document.documentElement.lang") == "fr"
    assert demandes == [], f"le bilan demande des ressources extérieures : {demandes}"
    for figure in page.locator("figure svg").all():
        boite = figure.bounding_box()
        assert boite and boite["width"] > 500 and boite["height"] > 150
    auto = [q for q in qs if q.genre != "texte_libre"]
    assert page.locator("#tableau-questions tbody tr").count() == len(auto)
    assert page.locator("#tableau-copies tbody tr").count() == 3
    assert page.locator("#tableau-questions tr.faible").count() >= 1  # la question difficile est signalée
    assert "à retravailler" in page.locator("#tableau-questions tr.faible td.taux").first.inner_text()
    _sans_debordement(page)
    # WCAG 2 A/AA (axe-core) : aucune violation, pas même mineure (contrastes, tableaux, langue…).
    page.locator("details").first.evaluate("d => d.open = true")  # le tableau replié est audité aussi
    violations = verifier_accessible(page, nom="bilan.html")
    assert compte_axe(violations) == {}, resume_axe(violations)
    page.locator("details").first.evaluate("d => d.open = false")
    capture(page, "bilan_haut")
    page.screenshot(path=str(ARTEFACTS / "bilan_page_entiere.png"), full_page=True)
    page.locator("#h-erreurs").scroll_into_view_if_needed()
    capture(page, "bilan_erreurs")


def test_bilan_ecran_etroit(page, page_bilan):
    chemin, _ = page_bilan
    page.set_viewport_size({"width": 760, "height": 1000})
    page.goto(chemin.as_uri())
    _sans_debordement_tolere = page.evaluate(
        "() => document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    capture(page, "bilan_etroit")
    assert _sans_debordement_tolere, "la page déborde sur un écran étroit"
    # Sur un écran étroit, le tableau des questions défile dans son cadre : la réussite reste visible.
    page.locator("#tableau-questions").scroll_into_view_if_needed()
    taux = page.locator("#tableau-questions td.taux").first.bounding_box()
    assert taux["x"] + taux["width"] <= 760, "la colonne Réussite sort de l'écran"
    capture(page, "bilan_etroit_tableau")
    page.locator("#h-copies").scroll_into_view_if_needed()
    capture(page, "bilan_etroit_copies")
