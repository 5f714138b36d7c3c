"""Détection des accès au corrigé dans le code d'une copie (``relation_client.acces_corrige``).

Cas positifs (toutes les façons de lire la clé) et faux positifs (une variable nommée
``question``, un commentaire, un texte entre guillemets), puis le choix des questions qui
perdent leurs points, et l'API montrée aux élèves (plus de valeurs attendues).
"""

from __future__ import annotations

import pytest

from relation_client import acces_corrige, verification
from relation_client.acces_corrige import analyser_cellules, detecter

POSITIFS = {
    "question_valeur_attendue": ('reponse = question("2.3").valeur_attendue()', "appel", ["2.3"]),
    "attendu_appele": ('reponse = question("2.3").attendu()', "appel", ["2.3"]),
    "interne": ('from relation_client import verification as v\nreponse = v._question("2.3")._valeur_attendue()',
                "appel", ["2.3"]),
    "questions_exercice": ('cle = {q.id: q for q in questions("02")}', "appel", ["02"]),
    "questions_entier": ("toutes = questions(2)", "appel", ["02"]),
    "question_flottant": ("q = question(2.3)", "appel", ["2.3"]),
    "attribut_seul": ('f = question("2.3").valeur_attendue\nreponse = f()', "appel", ["2.3"]),
    "getattr": ('reponse = getattr(q, "valeur_attendue")()', "appel", []),
    "import": ("import relation_client.corriges", "import", []),
    "import_sous_module": ("import relation_client.corriges.exercice_02 as cle", "import", []),
    "from_import": ("from relation_client.corriges import question", "import", []),
    "from_import_module": ("from relation_client.corriges.exercice_02 import QUESTIONS", "import", []),
    "from_paquet": ("from relation_client import corriges as registre", "import", []),
    "from_verification": ("from relation_client.verification import question as q", "import", []),
    "importlib": ('import importlib\ncle = importlib.import_module("relation_client.corriges.exercice_02")',
                  "import", []),
    "dunder_import": ('cle = __import__("relation_client.corriges", fromlist=["question"])', "import", []),
    "dunder_import_fromlist": ('cle = __import__("relation_client", fromlist=["corriges"])', "import", []),
    "sys_modules": ('import sys\ncle = sys.modules["relation_client.corriges.exercice_02"]', "import", []),
    "attribut_paquet": ("import relation_client\ncle = relation_client.corriges", "import", []),
    "fichier_open": ('texte = open("/srv/venv/lib/relation_client/corriges/exercice_02.py").read()',
                     "fichier", []),
    "fichier_path": ('from pathlib import Path\nimport relation_client\n'
                     'texte = (Path(relation_client.__file__).parent / "corriges" / "exercice_02.py").read_text()',
                     "fichier", []),
    "fichier_glob": ('import glob\nfichiers = glob.glob("**/exercice_*.py", recursive=True)', "fichier", []),
    "dictionnaire_du_module": ('from relation_client import verification\n'
                               'q = verification.__dict__["_question"]("2.3")', "appel", []),
    "exec": ('exec("reponse = question(\'2.3\').attendu()")', "appel", ["2.3"]),
    "magie_ipython": ('%matplotlib inline\nreponse = question("2.3").valeur_attendue()', "appel", ["2.3"]),
}


@pytest.mark.parametrize("source, genre, visees", POSITIFS.values(), ids=POSITIFS.keys())
def test_acces_detecte(source, genre, visees):
    acces = detecter(source)
    assert acces, source
    assert genre in {a.genre for a in acces}
    assert sorted({v for a in acces for v in a.visees}) == sorted(visees)
    for a in acces:  # la ligne citée est bien dans la cellule
        assert a.code and a.code in source


FAUX_POSITIFS = {
    "variable_question": 'question = "Quel canal attire le plus de clients ?"\nreponse = "Le parrainage"',
    "reponse_texte": 'reponse = "J\'ai lu question(\\"2.3\\").valeur_attendue() dans le cours, sans l\'utiliser"',
    "commentaire": '# question("2.3").valeur_attendue() : interdit\nreponse = 60 / 2400',
    "chaine_chemin": 'note = "corriges/exercice_02.py"\nreponse = 0.025',
    "print_chemin": 'print("La clé est dans corriges/exercice_02.py")\nreponse = 0.025',
    "docstring": ('def taux(a, b):\n    """Comme question(\'2.3\').valeur_attendue()."""\n    return a / b\n'
                  "reponse = taux(60, 2400)"),
    "colonne_attendu": 'reponse = achats["montant_attendu"].sum()',
    "mot_questions": 'print("Il reste " + str(3) + " questions")\nreponse = 3',
    "verifier": 'from relation_client.verification import verifier\nverifier("2.3", reponse)',
    "import_verification": "from relation_client import verification\nverification.verifier('2.3', 1)",
    "import_etoile": "from relation_client.verification import *\nverifier('2.3', reponse)",
    "syntaxe": 'reponse = (1 +',
    "vide": "",
}


@pytest.mark.parametrize("source", FAUX_POSITIFS.values(), ids=FAUX_POSITIFS.keys())
def test_pas_de_faux_positif(source):
    assert detecter(source) == []


def test_cellules_des_exercices_distribues_ne_declenchent_rien():
    import json
    from pathlib import Path

    from relation_client.exercices import source_cellule

    racine = Path(__file__).resolve().parents[1]
    for chemin in sorted((racine / "exercises").glob("*.ipynb")) + sorted((racine / "solutions").glob("*.ipynb")):
        nb = json.loads(chemin.read_text(encoding="utf-8"))
        for cellule in nb["cells"]:
            if cellule["cell_type"] == "code":
                assert detecter(source_cellule(cellule)) == [], (chemin.name, source_cellule(cellule)[:80])


# ---------------------------------------------------------------------------------------------
# Questions qui perdent leurs points
# ---------------------------------------------------------------------------------------------

IDS = ["2.1", "2.2", "2.3", "2.4"]


def test_acces_dans_la_cellule_de_reponse():
    analyse = analyser_cellules([("2.1", "reponse = 0.5"),
                                 ("2.2", 'reponse = question("2.2").valeur_attendue()'),
                                 ("2.3", "reponse = 3")], IDS)
    assert set(analyse.questions) == {"2.2"}
    assert [rang for rang, *_ in analyse.cellules] == [1]


def test_acces_qui_designe_une_autre_question():
    analyse = analyser_cellules([(None, 'print(question("2.4").valeur_attendue())'),
                                 ("2.4", "reponse = 12.5")], IDS)
    assert set(analyse.questions) == {"2.4"}


def test_reponse_qui_depend_d_une_cellule_fautive():
    analyse = analyser_cellules([(None, "import relation_client.corriges.exercice_02 as cle\n"
                                        "valeurs = {q.id: q.attendu() for q in cle.QUESTIONS}"),
                                 ("2.1", "reponse = 0.5"),
                                 (None, 'intermediaire = valeurs["2.3"] * 1'),
                                 ("2.3", "reponse = intermediaire"),
                                 ("2.4", 'reponse = valeurs["2.4"]')], IDS)
    assert set(analyse.questions) == {"2.3", "2.4"}
    assert "valeur tirée du corrigé" in analyse.questions["2.3"][0]


def test_acces_sans_cible_ni_dependance_tout_est_a_verifier():
    analyse = analyser_cellules([(None, "import relation_client.corriges"),
                                 ("2.1", "reponse = 0.5")], IDS)
    assert set(analyse.questions) == set(IDS)


def test_copie_honnete():
    analyse = analyser_cellules([(None, "x = 1"), ("2.1", "reponse = x / 2")], IDS)
    assert not analyse.trouve and analyse.questions == {}


# ---------------------------------------------------------------------------------------------
# L'API montrée aux élèves n'expose plus les valeurs attendues
# ---------------------------------------------------------------------------------------------

def test_api_eleve_sans_valeur_attendue():
    assert "question" not in verification.__all__ and "questions" not in verification.__all__
    assert not hasattr(verification.Question, "valeur_attendue")
    q = verification._question("1.1")
    assert not hasattr(q, "valeur_attendue")
    assert verification.evaluer("1.1", q._valeur_attendue()).statut == "juste"  # l'interne marche
    for nom in verification.__all__:
        assert "attendu" not in nom.lower()


def test_statut_du_correcteur():
    from relation_client import correction

    assert acces_corrige.STATUT == correction.ACCES_CORRIGE == "à vérifier : accès au corrigé"
    assert correction.ACCES_CORRIGE in correction.STATUTS


def test_une_reponse_reecrite_ne_propage_rien():
    # La cellule fautive écrit « reponse » ; la suivante la réécrit avant de la lire : ni elle, ni
    # celle d'après (qui lit la valeur réécrite) ne dépendent du corrigé.
    analyse = analyser_cellules([("2.1", 'reponse = question("2.1").valeur_attendue()'),
                                 ("2.2", "reponse = 3\nreponse.real"),
                                 ("2.3", "reponse = reponse * 2")], IDS)
    assert set(analyse.questions) == {"2.1"}


def test_une_cellule_que_le_parseur_ne_peut_pas_lire_n_efface_pas_la_fuite():
    """Une expression démesurée (MemoryError ou RecursionError au parseur) entre la lecture du corrigé
    et la réponse ne doit pas faire oublier que la valeur vient du corrigé."""
    demesuree = "x = " + "-" * 200_000 + "1"
    analyse = analyser_cellules([(None, 'cle = question("2.1").valeur_attendue()'),
                                 (None, demesuree),
                                 ("2.1", "reponse = cle")], IDS)
    assert "2.1" in analyse.questions
