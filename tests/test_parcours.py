"""Deux parcours dans chaque notebook d'exercices : essentiel (sans programmation) et facultatif.

La règle vaut pour toute question ajoutée plus tard : une question du parcours essentiel se répond
par une expression ou un appel de fonction du cours sur des valeurs déjà nommées (au plus deux
lignes, sans méthode pandas, ``lambda``, crochets ni boucle), par une valeur lue sur un simulateur
ou par un choix. Les questions pandas vont dans « Pour aller plus loin », à la fin du notebook.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from relation_client import exercices
from relation_client.corriges import questions

RACINE = Path(__file__).resolve().parents[1]
CORRIGES = sorted((RACINE / "solutions").glob("[0-9][0-9]_*.ipynb")) + \
    sorted((RACINE / "solutions").glob("cas_[0-9][0-9]_*.ipynb"))  # études de cas
MINIMUM_ESSENTIELLES = 6


def _lire(chemin: Path) -> dict:
    return json.loads(chemin.read_text(encoding="utf-8"))


def _numero(chemin: Path) -> str:
    """« 02 » pour 02_fideliser.ipynb, « 08 » pour cas_08_cycles_lumen.ipynb."""
    return chemin.name.removeprefix("cas_")[:2]


@pytest.fixture(params=CORRIGES, ids=lambda p: p.stem)
def corrige(request):
    return request.param


# --- la règle elle-même -------------------------------------------------------

@pytest.mark.parametrize("code", [
    "reponse = depenses_2025 / nouveaux_clients_2025",
    "reponse = taux_conversion(60, 2_400)",
    'reponse = "direct"  # lu sur le graphique',
    "# Chiffre lu sur le simulateur\nreponse = 1_250",
    "nouveaux = 1_500 - 300\nreponse = cout_acquisition_client(180_000, nouveaux)",
    'reponse = "for " ',  # un mot interdit dans une chaîne ne compte pas
])
def test_regle_accepte_une_reponse_de_debutant(code):
    assert exercices.problemes_reponse_essentielle(code) == []


@pytest.mark.parametrize("code, motif", [
    ('reponse = achats.groupby("client_id")["montant_ttc"].sum()', "groupby"),
    ('reponse = trafic["depense"].sum() / trafic["nouveaux_clients"].sum()', "crochets"),
    ("reponse = table.loc[0]", ".loc["),
    ("reponse = table.apply(lambda x: x)", "lambda"),
    ("total = 0\nfor x in valeurs:\n    total += x\nreponse = total", "lignes"),
    ("reponse = t.sort_values('a')", "sort_values"),
    ("", "vide"),
])
def test_regle_refuse_une_reponse_de_programmeur(code, motif):
    problemes = exercices.problemes_reponse_essentielle(code)
    assert any(motif in p for p in problemes), problemes


# --- les vrais corrigés -------------------------------------------------------

def test_chaque_question_a_un_parcours_conforme_a_la_cle(corrige):
    nb = _lire(corrige)
    parcours = exercices.parcours_questions(nb)
    cle = {q.id: q.parcours for q in questions(_numero(corrige))}
    assert set(parcours) == set(cle)
    for ident, valeur in parcours.items():
        assert valeur in exercices.PARCOURS_QUESTION, (
            f"question {ident} : métadonnée relation_client.parcours = {valeur!r} sur ses cellules")
        assert valeur == cle[ident], f"question {ident} : {valeur} dans le notebook, {cle[ident]} dans la clé"


def test_au_moins_six_questions_essentielles_auto_corrigees(corrige):
    essentielles = [q for q in questions(_numero(corrige))
                    if q.parcours == "essentiel" and q.genre != "texte_libre"]
    assert len(essentielles) >= MINIMUM_ESSENTIELLES, [q.id for q in essentielles]


def test_les_decisions_redigees_restent_dans_le_parcours_essentiel(corrige):
    redigees = [q for q in questions(_numero(corrige)) if q.genre == "texte_libre"]
    assert any(q.parcours == "essentiel" for q in redigees)


def test_reponses_modeles_du_parcours_essentiel_sans_programmation(corrige):
    nb = _lire(corrige)
    for q in questions(_numero(corrige)):
        if q.parcours != "essentiel" or q.genre == "texte_libre":
            continue
        code = exercices.reponse_modele(nb, q.id)
        assert code is not None, f"question {q.id} : pas de réponse modèle"
        assert exercices.problemes_reponse_essentielle(code) == [], (q.id, code)


def test_pour_aller_plus_loin_a_la_fin_et_annonce(corrige):
    nb = _lire(corrige)
    ordre = [q["question"] for q in exercices.structure(nb)]
    parcours = exercices.parcours_questions(nb)
    facultatives = [i for i, ident in enumerate(ordre) if parcours[ident] == "approfondissement"]
    if not facultatives:
        return
    assert all(parcours[ident] == "approfondissement" for ident in ordre[facultatives[0]:]), \
        "les questions facultatives viennent après toutes les questions du parcours essentiel"
    premiere = exercices.structure(nb)[facultatives[0]]["enonce"]
    titres = [exercices.source_cellule(c) for c in nb["cells"][:premiere]
              if c["cell_type"] == "markdown"]
    assert any("Pour aller plus loin" in t and "facultati" in t.lower() for t in titres), \
        "une section « Pour aller plus loin » (facultative) annonce les questions optionnelles"


def test_exercices_generes_gardent_le_parcours(corrige):
    exercice = _lire(RACINE / "exercises" / corrige.name)
    assert exercices.parcours_questions(exercice) == exercices.parcours_questions(_lire(corrige))


def test_guide_enseignant_a_jour_avec_la_cle(corrige):
    guide = (RACINE / "docs" / "guide_enseignant.md").read_text(encoding="utf-8")
    tableau = exercices.tableau_guide(_numero(corrige))
    assert tableau in guide, (
        f"docs/guide_enseignant.md : le tableau de l'exercice {_numero(corrige)} n'est pas à jour ; "
        f"recopiez relation_client.exercices.tableau_guide('{_numero(corrige)}')")
