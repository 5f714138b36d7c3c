"""Compatibilité nbgrader, testée plutôt qu'affirmée (issue 11, partie 4).

Un cours nbgrader est monté à partir d'un corrigé (``solutions/01_*.ipynb``) : ``generate_assignment``
(la version élève est identique à ``exercises/``), ``autograde`` de trois copies (complète, à moitié
faite, vide), ``export`` des notes ; les notes sont celles de ``relation-client corriger`` sur les
mêmes copies, question par question, et ``autograde`` ne signale aucune somme de contrôle changée
(« Attribute 'checksum' for cell … has changed ») sur ces copies intactes.

Pourquoi plus aucun avertissement : nbgrader enregistre la somme de contrôle de la cellule de
vérification du corrigé ; si cette cellule avait des tests cachés, la copie (qui ne les a plus) en
avait une autre, sur chaque copie (jupyter/nbgrader#1961). Les corrigés n'ont donc plus de tests
cachés : sous nbgrader, ``verifier`` lui-même échoue quand la réponse n'est pas juste.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from aides_copies import classe_de_trois
from relation_client import exercices, verification

RACINE = Path(__file__).resolve().parents[1]
DEVOIR = "ex01"
CONFIG = """c = get_config()
c.CourseDirectory.root = {racine!r}
c.CourseDirectory.course_id = "relation_client"
# La version élève de nbgrader est alors identique à exercises/ (relation-client exercices).
c.ClearSolutions.code_stub = {{"python": {code!r}}}
c.ClearSolutions.text_stub = {texte!r}
"""


def _source(cellule) -> str:
    source = cellule.get("source", "")
    return source if isinstance(source, str) else "".join(source)


# ---------------------------------------------------------------------------------------------
# Rapides : la disposition qui évite l'avertissement
# ---------------------------------------------------------------------------------------------

def test_aucun_corrige_n_a_de_tests_caches():
    corriges = sorted((RACINE / "solutions").glob("*.ipynb"))
    assert corriges
    fautifs = [f"{p.name}, cellule {i + 1}"
               for p in corriges for i, c in enumerate(json.loads(p.read_text(encoding="utf-8"))["cells"])
               if "HIDDEN TESTS" in _source(c)]
    assert not fautifs, ("tests cachés dans un corrigé : nbgrader signalerait « checksum … has changed » "
                         "sur chaque copie ; verifier(…) suffit (il échoue sous nbgrader) : " + ", ".join(fautifs))


def test_cellule_de_verification_identique_dans_le_corrige_et_l_exercice():
    for corrige in sorted((RACINE / "solutions").glob("*.ipynb")):
        exercice = RACINE / "exercises" / corrige.name
        if not exercice.exists():
            continue
        sol = {c.get("metadata", {}).get("nbgrader", {}).get("grade_id"): _source(c)
               for c in json.loads(corrige.read_text(encoding="utf-8"))["cells"]}
        exo = {c.get("metadata", {}).get("nbgrader", {}).get("grade_id"): _source(c)
               for c in json.loads(exercice.read_text(encoding="utf-8"))["cells"]}
        verifications = [g for g in sol if g and g.endswith("_verification")]
        assert verifications, corrige.name
        for g in verifications:
            assert exo[g] == sol[g], (corrige.name, g)


@pytest.mark.parametrize("mode", [None, "", "autograde", "validate", "autre"])
def test_verifier_n_echoue_que_sous_nbgrader(monkeypatch, capsys, mode):
    if mode is None:
        monkeypatch.delenv("NBGRADER_EXECUTION", raising=False)
    else:
        monkeypatch.setenv("NBGRADER_EXECUTION", mode)
    verification.verifier("1.1", 60 / 2400)  # juste : ne lève jamais
    assert "Juste" in capsys.readouterr().out
    sous_nbgrader = mode in ("autograde", "validate")
    for reponse in (2.5, ..., "n'importe quoi"):
        if sous_nbgrader:
            with pytest.raises(AssertionError, match=r"Question 1\.1 : "):
                verification.verifier("1.1", reponse)
        else:
            verification.verifier("1.1", reponse)
        assert capsys.readouterr().out  # le verdict est affiché dans les deux cas


# ---------------------------------------------------------------------------------------------
# Lent : un vrai cours nbgrader
# ---------------------------------------------------------------------------------------------

def _nbgrader(args, cours: Path) -> str:
    env = dict(os.environ)
    # nbgrader lance « alembic » (migration de sa base) : il doit être dans le PATH.
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    env.pop("NBGRADER_EXECUTION", None)
    resultat = subprocess.run([sys.executable, "-m", "nbgrader", *args], cwd=cours, env=env,
                              capture_output=True, text=True, timeout=900)
    journal = resultat.stdout + resultat.stderr
    assert resultat.returncode == 0, f"nbgrader {' '.join(args)} a échoué :\n{journal[-4000:]}"
    return journal


@pytest.fixture(scope="module")
def cours_nbgrader(tmp_path_factory):
    pytest.importorskip("nbgrader", reason="nbgrader est dans les outils de test (pip install -e '.[test]')")
    racine = tmp_path_factory.mktemp("nbgrader")
    cours = racine / "cours"
    corrige = next(iter(sorted((RACINE / "solutions").glob("01_*.ipynb"))))
    (cours / "source" / DEVOIR).mkdir(parents=True)
    shutil.copy2(corrige, cours / "source" / DEVOIR / corrige.name)
    (cours / "nbgrader_config.py").write_text(
        CONFIG.format(racine=str(cours), code=exercices.PLACEHOLDER, texte=verification.TEXTE_A_COMPLETER),
        encoding="utf-8")
    durees = {}
    t = time.monotonic()
    journal_creation = _nbgrader(["generate_assignment", DEVOIR, "--create", "--force"], cours)
    durees["generate_assignment"] = time.monotonic() - t

    classe = classe_de_trois(cours / "submitted", "01", lambda eleve: f"{eleve}/{DEVOIR}/{corrige.name}")
    t = time.monotonic()
    journal = _nbgrader(["autograde", DEVOIR, "--create", "--force"], cours)
    durees["autograde"] = time.monotonic() - t
    _nbgrader(["export", "--to", str(racine / "notes_nbgrader.csv")], cours)

    # Les mêmes copies, corrigées par relation-client (les deux parcours, comme nbgrader).
    from relation_client.correction import corriger_dossier

    copies = racine / "copies"
    copies.mkdir()
    for eleve in classe["notes"]:
        shutil.copy2(cours / "submitted" / eleve / DEVOIR / corrige.name, copies / f"{eleve}.ipynb")
    t = time.monotonic()
    corriger_dossier(copies, "01", racine / "resultats", processus=2, progression=False, parcours="tous")
    durees["corriger"] = time.monotonic() - t
    print("durées (s) : " + ", ".join(f"{k} {v:.1f}" for k, v in durees.items()))

    from nbgrader.api import Gradebook

    notes_cellules = {}
    with Gradebook(f"sqlite:///{cours / 'gradebook.db'}") as carnet:
        for eleve in classe["notes"]:
            cahier = carnet.find_submission_notebook(corrige.stem, DEVOIR, eleve)
            notes_cellules[eleve] = {g.name: g.score for g in cahier.grades}
    return {"cours": cours, "corrige": corrige, "classe": classe, "journal": journal,
            "journal_creation": journal_creation, "notes_cellules": notes_cellules,
            "export": list(csv.DictReader((racine / "notes_nbgrader.csv").read_text(encoding="utf-8").splitlines())),
            "notes": list(csv.DictReader((racine / "resultats" / "notes.csv").read_text(encoding="utf-8-sig")
                                         .splitlines(), delimiter=";"))}


@pytest.mark.lent
def test_version_eleve_de_nbgrader_identique_a_exercises(cours_nbgrader):
    nom = cours_nbgrader["corrige"].name
    diffusee = json.loads((cours_nbgrader["cours"] / "release" / DEVOIR / nom).read_text(encoding="utf-8"))
    exercice = json.loads((RACINE / "exercises" / nom).read_text(encoding="utf-8"))
    assert [_source(c) for c in diffusee["cells"]] == [_source(c) for c in exercice["cells"]]
    assert [c["cell_type"] for c in diffusee["cells"]] == [c["cell_type"] for c in exercice["cells"]]


@pytest.mark.lent
def test_autograde_sans_avertissement_de_somme_de_controle(cours_nbgrader):
    journal = cours_nbgrader["journal"]
    assert "checksum" not in journal.lower() and "has changed" not in journal, journal[-4000:]
    assert "Attribute" not in journal
    for eleve in cours_nbgrader["classe"]["notes"]:
        assert f"{eleve}" in journal  # chaque copie a bien été corrigée


@pytest.mark.lent
def test_notes_nbgrader_egales_a_celles_de_corriger(cours_nbgrader):
    classe = cours_nbgrader["classe"]
    exportees = {ligne["student_id"]: ligne for ligne in cours_nbgrader["export"]}
    nos_notes = {ligne["eleve"]: ligne for ligne in cours_nbgrader["notes"]}
    assert set(exportees) == set(nos_notes) == set(classe["notes"])
    for eleve in classe["notes"]:
        notre = nos_notes[eleve]
        # Total : nbgrader compte toutes les questions notées automatiquement (les réponses rédigées
        # attendent l'enseignant : 0 ici comme là) ; corriger --parcours tous aussi.
        assert float(exportees[eleve]["score"]) == pytest.approx(float(notre["total"].replace(",", "."))), eleve
        # Question par question : cellule « qN_k_verification » de nbgrader = colonne « N.k » de notes.csv.
        cellules = cours_nbgrader["notes_cellules"][eleve]
        for question, points in classe["questions"][eleve].items():
            nbgrader = cellules[exercices.identifiant_nbgrader(question) + "_verification"]
            assert nbgrader == pytest.approx(points), (eleve, question, nbgrader, points)
            assert float(notre[question].replace(",", ".")) == pytest.approx(points), (eleve, question)
    scores = {e: float(exportees[e]["score"]) for e in classe["notes"]}
    assert scores["complete"] > scores["moitie"] > scores["vide"] == 0
