"""Tests de la vérification immédiate (relation_client.verification).

Deux parties : la mécanique, sur un exercice factice « 99 » (toutes les formes de
réponses, y compris hostiles), puis chaque question des exercices enregistrés
(la solution passe, chaque erreur déclarée reçoit son indice, rien ne lève).
"""

from __future__ import annotations

import math
import re
import types

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from relation_client import corriges as registre
from relation_client import verification as v
from relation_client.nombres import lire_nombre
from relation_client.verification import Erreur, Question, empreinte, evaluer, proche, verifier

# ---------------------------------------------------------------------------
# Un exercice factice
# ---------------------------------------------------------------------------

INDICE_DENOMINATEUR = "Regardez le dénominateur : e-mails délivrés, pas envoyés."


def _questions_factices():
    return [
        Question("99.1", points=2, attendu=lambda: 0.25, unite="taux",
                 explication="Le taux vaut conversions / visites.",
                 erreurs=[Erreur(lambda r, a: proche(r, 0.2), INDICE_DENOMINATEUR,
                                 exemple=lambda a: 0.2)]),
        Question("99.2", points=1, genre="serie",
                 attendu=lambda: pd.Series({"e-mail": 10.0, "display": 40.0, "direct": 0.0},
                                           name="cac").rename_axis("source"),
                 explication="CAC par canal."),
        Question("99.3", points=1, genre="tableau",
                 attendu=lambda: pd.DataFrame({"visites": [100, 200], "taux": [0.1, 0.05]},
                                              index=pd.Index(["a", "b"], name="source")),
                 explication="Un tableau par source."),
        Question("99.4", points=1, genre="choix", choix=["A", "B", "C"],
                 empreinte=empreinte("99.4", "B"), explication="B est le bon choix.",
                 erreurs=[Erreur(lambda r, a: r == "c", "C oublie la marge.", exemple=lambda a: "C")]),
        Question("99.5", points=3, genre="texte_libre", explication="Réponse rédigée."),
        Question("99.6", points=1, empreinte=empreinte("99.6", 12.35, 2), decimales=2,
                 explication="Arrondi au centime."),
        Question("99.7", points=1, genre="tableau",
                 attendu=lambda: pd.DataFrame({"segment": ["Champions", "Perdus", "Fidèles"],
                                               "clients": [10, 30, 20]}),
                 explication="Un tableau sans index parlant."),
        Question("99.8", points=1, attendu=lambda: 150.0, unite="€",
                 explication="Marge espérée actualisée."),
        Question("99.9", points=1, attendu=lambda: 1 / 0, explication="Jamais calculable."),
    ]


@pytest.fixture
def factice(monkeypatch):
    factices = types.SimpleNamespace(QUESTIONS=_questions_factices(), TITRE="Exercice factice")
    vrai_module = registre._module
    vrais = registre.exercices_disponibles()
    monkeypatch.setattr(registre, "exercices_disponibles", lambda: sorted(vrais + ["99"]))
    monkeypatch.setattr(registre, "_module", lambda n: factices if n == "99" else vrai_module(n))
    return factices


# ---------------------------------------------------------------------------
# Nombres
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("reponse", [0.25, 0.2501, np.float64(0.25), np.array(0.25), [0.25],
                                     pd.Series([0.25]), 1 / 4])
def test_nombre_juste(factice, reponse):
    r = evaluer("99.1", reponse)
    assert r.statut == "juste", r.message
    assert r.points == r.points_max == 2
    assert "conversions / visites" in r.message


def test_placeholder_a_completer(factice):
    for ident in ("99.1", "99.2", "99.3", "99.4", "99.5", "99.6"):
        r = evaluer(ident, ...)
        assert r.statut == "a_completer"
        assert r.message.startswith("À compléter")
        assert r.points == 0


@pytest.mark.parametrize("reponse, morceau", [
    (25, "100 fois trop grande"),
    (0.0025, "100 fois trop petite"),
    (4, "inversé le rapport"),
    (-0.25, "signe"),
    (0.2, INDICE_DENOMINATEUR),
    (0.245, "proche"),
    (3.0, "entre 0 et 1"),
])
def test_nombre_indices(factice, reponse, morceau):
    r = evaluer("99.1", reponse)
    assert r.statut == "faux"
    assert morceau in r.message
    assert r.points == 0


# Un nombre écrit dans un message : « 0.25 », « 0,25 », « .25 », « 1 234,5 », suivi ou non de « % »,
# « pour cent », « sur 100 » ; ou un rapport « 1/4 », « 25 sur 100 ».
_NOMBRE = r"(?:\d{1,3}(?:[ \u00a0\u202f]\d{3})+|\d+)?(?:[.,]\d+)?"
_RAPPORT = re.compile(rf"(?<![\w.,])({_NOMBRE})\s*(?:/|sur)\s*({_NOMBRE})(?![\w])")
_NOMBRE_ET_UNITE = re.compile(rf"(?<![\w.,])({_NOMBRE})(\s*(?:%|pour\s*cent\b))?")


def _valeurs_ecrites(message: str) -> list[float]:
    """Les valeurs que le message écrit, sous toutes les formes : 0.25, 0,25, .25, 25 %, 25 sur 100, 1/4."""
    valeurs = []
    for rapport in _RAPPORT.finditer(message):
        haut, bas = (lire_nombre(rapport.group(i)).valeur for i in (1, 2))
        if haut is not None and bas:
            valeurs.append(haut / bas)
    for trouve in _NOMBRE_ET_UNITE.finditer(message):
        valeur = lire_nombre(trouve.group(1)).valeur if trouve.group(1) else None
        if valeur is not None:
            valeurs.append(valeur / 100 if trouve.group(2) else valeur)
    return valeurs


def _donne_la_reponse(message: str, attendu: float, q: Question) -> bool:
    """Vrai si le message écrit une valeur que la vérification accepterait comme juste."""
    return any(math.isclose(x, attendu, rel_tol=q.tolerance_rel, abs_tol=max(q.tolerance_abs, 1e-12))
               for x in _valeurs_ecrites(message))


def test_le_detecteur_voit_la_reponse_sous_toutes_ses_formes():
    q = Question("1.1", points=1, attendu=lambda: 0.25)
    for message in ("la réponse est 0.25", "écrivez 0,25.", "soit .25 :", "c'est 25 %", "c'est 25%.",
                    "25 pour cent", "25 sur 100", "(25/100)", "un sur quatre : 1/4", "0,250 !"):
        assert _donne_la_reponse(message, 0.25, q), message
    for message in ("écrivez 0.12 pour 12 %", "100 fois trop grande", "1.5 et non 1,5", "2 valeurs",
                    "vous avez écrit 0,2", "25 clients"):
        assert not _donne_la_reponse(message, 0.25, q), message
    assert _donne_la_reponse("un total de 1\u202f234,5 €", 1234.5, q)


MAUVAISES_99_1 = (25, 4, 0.7, -0.25, 0.2, 0.245, 0.0025, 3.0, 0.5, 0, [0.2], pd.Series([25.0]), (0, 2),
                  "0,2", "20 %", "4", "vingt-cinq", "", None, float("nan"), True)


@pytest.mark.parametrize("mauvaise", MAUVAISES_99_1, ids=repr)
def test_indice_ne_donne_pas_la_reponse(factice, mauvaise):
    q = factice.QUESTIONS[0]
    r = evaluer("99.1", mauvaise)
    assert r.statut != "juste"
    assert not _donne_la_reponse(r.message, 0.25, q), r.message


@pytest.mark.parametrize("texte", ["0,25", "0.25", "25 %", " 0,25 ", "25%"])
def test_texte_numerique_refuse(factice, texte):
    r = evaluer("99.1", texte)
    assert r.statut == "invalide"
    assert "écrivez un nombre, pas du texte" in r.message
    if "%" in texte:
        assert "fraction" in r.message
    if "," in texte:
        assert "point décimal" in r.message


@pytest.mark.parametrize("reponse, morceau", [
    (None, "votre réponse est vide"),
    (float("nan"), "valeur manquante"),
    (float("inf"), "infinie"),
    (True, "la valeur Vrai"),
    ("bonjour", "un nombre est attendu"),
    ("", "texte vide"),
    ([0.1, 0.2], "2 valeurs"),
    (pd.Series([1.0, 2.0, 3.0]), "3 valeurs"),
    ([], "vide"),
    ({"a": 1, "b": 2}, "2 valeurs"),
    (1 + 2j, "complexe"),
    (pd.NA, "manquante"),
    (object(), "un nombre est attendu"),
])
def test_nombre_reponses_invalides(factice, reponse, morceau):
    r = evaluer("99.1", reponse)
    assert r.statut == "invalide"
    assert morceau in r.message
    assert r.points == 0
    _sans_mots_python(r.message)


# Mots Python qu'un élève débutant ne doit jamais lire dans un retour.
MOTS_PYTHON = re.compile(r"\.sum\(|\.mean\(|\.loc|\.iloc|groupby|Series|DataFrame|\bindex\b|\btuple\b|"
                         r"pd\.|rename|reset_index|to_frame|\bNone\b|\bNaN\b|\bNA\b|dictionnaire|NumPy|"
                         r"\bsérie\b|\bobjet\b")


def _sans_mots_python(message: str) -> None:
    trouve = MOTS_PYTHON.search(message)
    assert trouve is None, f"mot Python « {trouve.group(0)} » dans : {message}"


@pytest.mark.parametrize("reponse, tape, ecrire", [
    ((0, 85), "0,85", "écrivez 0.85."),
    ((12, 5), "12,5", "écrivez 12.5."),
    ((2, 75), "2,75", "écrivez 2.75."),
    ((-1, 5), "-1,5", "écrivez -1.5."),
])
def test_virgule_decimale(factice, reponse, tape, ecrire):
    """``reponse = 0,85`` donne deux nombres en Python : l'élève voulait 0.85."""
    for question in ("99.1", "99.2", "99.3"):  # nombre, série, tableau
        r = evaluer(question, reponse)
        assert r.statut == "invalide", (question, r.message)
        assert r.message == (f"vous avez écrit {tape}. En Python, la virgule des décimales s'écrit avec "
                             f"un point : {ecrire}")
        assert r.texte().startswith("Pas encore : vous avez écrit")


def test_virgule_decimale_ou_milliers(factice):
    r = evaluer("99.1", (1, 234))
    assert "écrivez 1.234." in r.message and "écrivez 1234, sans espace ni virgule" in r.message
    r = evaluer("99.1", (1, 234, 567))
    assert "écrivez 1234567" in r.message
    r = evaluer("99.1", (0.5, 3))
    assert "2 nombres séparés par des virgules" in r.message and "point (0.85)" in r.message
    # deux valeurs qui ne sont pas des nombres : pas de conseil sur la virgule
    assert "virgule" not in evaluer("99.1", ("a", "b")).message


@pytest.mark.parametrize("question, reponse", [
    ("99.1", None), ("99.1", [0.1, 0.2]), ("99.1", {"a": 1}), ("99.1", pd.NA), ("99.1", object()),
    ("99.1", np.array([1.0, 2.0])), ("99.2", "texte"), ("99.2", [1.0, 2.0, 3.0]), ("99.2", 12.0),
    ("99.2", pd.DataFrame({"a": [1], "b": [2], "c": [3]})), ("99.2", pd.Series([1.0, 1.0], index=["x", "x"])),
    ("99.2", pd.Series({"e-mail": "dix", "display": "x", "direct": "y"})), ("99.3", pd.Series([1.0])),
    ("99.3", None), ("99.3", 3), ("99.3", pd.DataFrame({"visites": [1]})), ("99.4", None), ("99.4", 2.5),
])
def test_messages_sans_mots_python(factice, question, reponse):
    r = evaluer(question, reponse)
    assert r.statut in ("invalide", "faux"), r
    _sans_mots_python(r.message)


def test_unite_rappelee(factice):
    assert "Unité attendue : €" in evaluer("99.8", 17.0).message


def test_empreinte_numerique(factice):
    assert evaluer("99.6", 12.35).statut == "juste"
    assert evaluer("99.6", 12.349).statut == "juste"
    assert evaluer("99.6", 12.3512).statut == "juste"
    assert evaluer("99.6", 12.5).statut == "faux"
    assert evaluer("99.6", "12,35").statut == "invalide"


def test_attendu_incalculable(factice):
    # Une clé qui ne peut pas se calculer est une panne côté enseignant, pas une réponse invalide.
    r = evaluer("99.9", 1.0)
    assert r.statut == "indisponible"
    assert "la correction de cette question est indisponible : prévenez votre enseignant" in r.message
    assert r.texte().startswith("Correction indisponible : ")
    assert 'data-verdict="erreur"' in r.html()


# ---------------------------------------------------------------------------
# Séries et tableaux
# ---------------------------------------------------------------------------

def _cac(**changements):
    s = {"e-mail": 10.0, "display": 40.0, "direct": 0.0}
    s.update(changements)
    return pd.Series(s)


def test_serie_juste_ordre_indifferent(factice):
    assert evaluer("99.2", _cac()).statut == "juste"
    assert evaluer("99.2", _cac().sort_values()).statut == "juste"
    assert evaluer("99.2", _cac().astype("int64")).statut == "juste"
    assert evaluer("99.2", {"display": 40, "direct": 0, "e-mail": 10}).statut == "juste"
    tableau = _cac().rename("cac").rename_axis("source").reset_index()
    assert evaluer("99.2", tableau).statut == "juste"


def test_serie_etiquettes(factice):
    r = evaluer("99.2", pd.Series({"e-mail": 10.0, "display": 40.0, "SEO": 0.0}))
    assert r.statut == "invalide"
    assert "Attendues : e-mail, display, direct" in r.message
    assert "Il manque : direct" in r.message and "En trop : SEO" in r.message
    assert "(source)" in r.message


def test_serie_valeur_fausse(factice):
    r = evaluer("99.2", _cac(display=41.5))
    assert r.statut == "faux"
    assert "1 valeur(s) sur 3" in r.message and "display" in r.message
    assert "40" not in r.message


def test_serie_pourcentage(factice):
    assert "100 fois trop grandes" in evaluer("99.2", _cac() * 100).message


@pytest.mark.parametrize("reponse, morceau", [
    ([10.0, 40.0, 0.0], "sans étiquettes"),
    (12.0, "votre réponse est un seul nombre, or une valeur par source est attendue"),
    ("10, 40, 0", "texte"),
    (None, "vide"),
    (pd.DataFrame({"a": [1], "b": [2], "c": [3]}), "3 colonnes"),
    (pd.Series([1.0, 2.0], index=["e-mail", "e-mail"]), "plusieurs lignes pour la même étiquette"),
])
def test_serie_invalide(factice, reponse, morceau):
    r = evaluer("99.2", reponse)
    assert r.statut == "invalide"
    assert morceau in r.message


def _tableau():
    return pd.DataFrame({"visites": [100, 200], "taux": [0.1, 0.05]},
                        index=pd.Index(["a", "b"], name="source"))


def test_tableau_juste(factice):
    assert evaluer("99.3", _tableau()).statut == "juste"
    assert evaluer("99.3", _tableau().iloc[::-1]).statut == "juste"
    assert evaluer("99.3", _tableau()[["taux", "visites"]]).statut == "juste"
    assert evaluer("99.3", _tableau().reset_index()).statut == "juste"
    avec_plus = _tableau().assign(autre=1)
    assert evaluer("99.3", avec_plus).statut == "juste"


def test_tableau_colonnes_expliquees(factice):
    r = evaluer("99.3", _tableau().rename(columns={"taux": "taux_conversion"}))
    assert r.statut == "invalide"
    assert "Colonnes attendues : visites, taux" in r.message
    assert "Il manque : taux" in r.message
    assert "taux_conversion" in r.message


def test_tableau_valeurs(factice):
    faux = _tableau().assign(taux=[10.0, 5.0])
    r = evaluer("99.3", faux)
    assert r.statut == "faux" and "« taux »" in r.message and "100 fois" in r.message
    r = evaluer("99.3", _tableau().assign(visites=[100, 230]))
    assert r.statut == "faux" and "visites" in r.message
    r = evaluer("99.3", _tableau().iloc[:1])
    assert r.statut == "invalide" and "1 ligne(s)" in r.message
    r = evaluer("99.3", _tableau().assign(taux=["0.1", "x"]))
    assert r.statut == "invalide" and "texte" in r.message


def test_tableau_sans_index(factice):
    bon = pd.DataFrame({"clients": [20, 10, 30], "segment": ["Fidèles", "Champions", "Perdus"]})
    assert evaluer("99.7", bon).statut == "juste"
    assert evaluer("99.7", bon.set_index("segment")).statut == "juste"
    r = evaluer("99.7", bon.assign(segment=["Fidèles", "Champions", "Nouveaux"]))
    assert r.statut == "faux" and "segment" in r.message
    r = evaluer("99.7", bon["clients"])
    assert r.statut == "invalide" and "n'a qu'une colonne" in r.message and "segment, clients" in r.message


# ---------------------------------------------------------------------------
# Choix et texte libre
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("reponse", ["B", "b", " b. ", "B)", "« B »"])
def test_choix_juste(factice, reponse):
    assert evaluer("99.4", reponse).statut == "juste"


def test_choix_faux_et_invalide(factice):
    assert evaluer("99.4", "A").statut == "faux"
    r = evaluer("99.4", "C")
    assert r.statut == "faux" and r.message == "C oublie la marge."
    r = evaluer("99.4", "D")
    assert r.statut == "invalide" and "A, B, C" in r.message
    assert evaluer("99.4", 2.5).statut == "invalide"
    assert evaluer("99.4", None).statut == "invalide"


def test_empreinte_ne_contient_pas_la_reponse():
    h = empreinte("1.8", "Display")
    assert len(h) == 64 and "display" not in h
    assert h == empreinte("1.8", " DISPLAY ") == empreinte("1.8", "display.")
    assert h != empreinte("1.9", "display")
    assert empreinte("2.1", 0.1234, 2) == empreinte("2.1", 0.12, 2)
    assert empreinte("2.1", -0.001, 2) == empreinte("2.1", 0.0, 2)


def test_texte_libre(factice):
    r = evaluer("99.5", "Je choisirais l'e-mail car son CAC est le plus bas.")
    assert r.statut == "manuel" and "enseignant" in r.message and r.points_max == 3
    assert evaluer("99.5", v.TEXTE_A_COMPLETER).statut == "a_completer"
    assert evaluer("99.5", "  ").statut == "a_completer"


# ---------------------------------------------------------------------------
# Identifiants, affichage, nbgrader
# ---------------------------------------------------------------------------

def test_question_inconnue(factice):
    r = evaluer("99.42", 1)
    assert r.statut == "inconnue"
    assert "99.1, 99.2" in r.message and "Questions de l'exercice 99" in r.message
    r = evaluer("77.1", 1)
    assert r.statut == "inconnue" and "Exercices disponibles" in r.message and "99" in r.message
    assert evaluer("n'importe quoi", 1).statut == "inconnue"
    assert evaluer(None, 1).statut == "inconnue"


def test_identifiants_tolerants(factice):
    assert evaluer(" 99.1 ", 0.25).statut == "juste"
    assert evaluer("q99.1", 0.25).statut == "juste"
    assert evaluer(99.1, 0.25).statut == "juste"


def test_verifier_affiche(factice, capsys):
    """Hors noyau, ``verifier`` écrit le texte simple du verdict (sans emoji)."""
    verifier("99.1", 0.25)
    assert capsys.readouterr().out == "Juste : le taux vaut conversions / visites.\n"
    verifier("99.1", 25)
    assert capsys.readouterr().out.startswith("Pas encore : votre réponse est 100 fois")
    verifier("99.1", 0.2)
    assert capsys.readouterr().out == "Pas encore : regardez le dénominateur : e-mails délivrés, pas envoyés.\n"
    verifier("99.1", (0, 25))
    assert capsys.readouterr().out == ("Pas encore : vous avez écrit 0,25. En Python, la virgule des décimales "
                                       "s'écrit avec un point : écrivez 0.25.\n")
    verifier("99.1", ...)
    assert capsys.readouterr().out.startswith("À compléter : ")
    assert verifier("99.1", "x") is None
    verifier("99.5", "Une réponse rédigée.")
    assert "corrigée par l'enseignant" in capsys.readouterr().out
    verifier("99.77", 1)
    assert "Question inconnue" in capsys.readouterr().out


def test_resultat_texte_et_boite(factice):
    """Le texte simple (fichiers de retour) et la boîte HTML disent le même verdict, en mots."""
    cas = {"99.1": (0.25, "Juste", "juste"), "99.4": ("A", "Pas encore", "faux")}
    for question, (reponse, mot, genre) in cas.items():
        r = evaluer(question, reponse)
        assert r.texte().startswith(f"{mot} : ")
        boite = r.html()
        assert f">{mot}</strong>" in boite and 'role="status"' in boite and f'data-verdict="{genre}"' in boite
        assert r._repr_mimebundle_() == {"text/plain": r.texte(), "text/html": boite}
        assert not re.search("[\u2705\u274C\U0001F300-\U0001FAFF]", r.texte() + boite)
    r = evaluer("99.1", ...)
    assert r.texte().startswith("À compléter : remplacez") and ">À compléter</strong>" in r.html()
    assert evaluer("99.5", "Texte").texte() == ("Réponse enregistrée : cette question est corrigée par "
                                                "l'enseignant.")
    assert evaluer("99.77", 1).texte().startswith("Question inconnue : la question « 99.77 »")
    # minuscule après « : » pour un mot courant, jamais pour un nom propre ni un sigle
    assert v.Resultat("4.1", "juste", 1.0, 1.0, "Marc ne se plaint pas.").texte() == \
        "Juste : Marc ne se plaint pas."
    assert v.Resultat("4.1", "faux", 0.0, 1.0, "CAC trop élevé.").texte() == "Pas encore : CAC trop élevé."
    assert v.Resultat("4.1", "faux", 0.0, 1.0, "Regardez le total.").texte() == "Pas encore : regardez le total."
    assert v.Resultat("4.1", "faux", 0.0, 1.0, "Le total.").texte() == "Pas encore : le total."
    assert v.Resultat("4.1", "faux", 0.0, 1.0, "Vérifiez le total.").texte() == "Pas encore : vérifiez le total."
    juste_sans_explication = v.Resultat("99.1", "juste", 1.0, 1.0, "")
    assert juste_sans_explication.texte() == "Juste : bravo !"
    perime = v.Resultat("99.1", "non_verifie", 0.0, 2.0, "la cellule de réponse de la question 99.1 …")
    assert perime.texte().startswith("Non vérifié : la cellule") and "non_verifie" in v.STATUTS


def test_exiger_juste(factice):
    v.exiger_juste("99.1", 0.25)
    with pytest.raises(AssertionError, match="Pas encore"):
        v.exiger_juste("99.1", 25)
    with pytest.raises(AssertionError, match="À compléter"):
        v.exiger_juste("99.1", ...)


def test_question_mal_declaree():
    with pytest.raises(ValueError, match="genre"):
        Question("1.1", points=1, attendu=lambda: 1, genre="vrai_faux")
    with pytest.raises(ValueError, match="attendu"):
        Question("1.1", points=1)
    with pytest.raises(ValueError, match="N.k"):
        Question("1", points=1, attendu=lambda: 1)
    with pytest.raises(ValueError, match="points"):
        Question("1.1", points=0, attendu=lambda: 1)
    with pytest.raises(ValueError, match="decimales"):
        Question("1.1", points=1, empreinte="ab")


def test_attendu_calcule_une_seule_fois():
    appels = []

    def calcul():
        appels.append(1)
        return pd.Series([1.0, 2.0])

    q = Question("1.1", points=1, attendu=calcul, genre="serie")
    premiere = q._valeur_attendue()
    premiere.iloc[0] = 99  # l'appelant ne peut pas abîmer le cache
    assert q._valeur_attendue().iloc[0] == 1.0
    assert len(appels) == 1


# ---------------------------------------------------------------------------
# Réponses hostiles ou arbitraires : jamais d'exception
# ---------------------------------------------------------------------------

class _Mechant:
    def __eq__(self, autre):
        raise RuntimeError("eq")

    def __float__(self):
        raise RuntimeError("float")

    def __bool__(self):
        raise RuntimeError("bool")

    def __repr__(self):
        raise RuntimeError("repr")

    def __len__(self):
        raise RuntimeError("len")

    __hash__ = None


class _FloatMechant(float):
    def __float__(self):
        raise SystemExit("sortie")


class _SerieMechante(pd.Series):
    @property
    def index(self):
        raise RuntimeError("index")


HOSTILES = [_Mechant(), _FloatMechant(0.25), [_Mechant()], {"a": _Mechant()},
            np.array([_Mechant()], dtype=object), pd.Series([_Mechant()], dtype=object),
            pd.DataFrame({"x": [_Mechant()]}), _SerieMechante([1.0])]


@pytest.mark.parametrize("reponse", HOSTILES, ids=lambda x: type(x).__name__)
@pytest.mark.parametrize("ident", ["99.1", "99.2", "99.3", "99.4", "99.5", "99.6", "99.7"])
def test_reponses_hostiles(factice, ident, reponse, capsys):
    r = evaluer(ident, reponse)
    assert r.statut in v.STATUTS
    assert r.statut != "juste" or ident == "99.5"
    verifier(ident, reponse)
    assert capsys.readouterr().out


valeurs = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=20) | st.complex_numbers() | st.just(...) | st.binary(max_size=5),
    lambda enfants: st.lists(enfants, max_size=4) | st.dictionaries(st.text(max_size=5), enfants, max_size=3)
    | st.tuples(enfants, enfants),
    max_leaves=8)

tableaux = st.builds(
    lambda n, cols, x: pd.DataFrame({c: [x] * n for c in cols}),
    st.integers(0, 4), st.lists(st.sampled_from(["visites", "taux", "source", "segment", "clients", "x"]),
                                unique=True, max_size=4),
    st.one_of(st.floats(allow_nan=True), st.text(max_size=3), st.none(), st.integers()))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(reponse=valeurs | tableaux | tableaux.map(lambda df: df.iloc[:, 0] if df.shape[1] else df))
def test_aucune_exception(factice, reponse):
    for ident in ("99.1", "99.2", "99.3", "99.4", "99.5", "99.6", "99.7", "99.8"):
        r = evaluer(ident, reponse)
        assert r.statut in v.STATUTS
        assert isinstance(r.message, str) and r.message
        assert 0 <= r.points <= r.points_max


@settings(max_examples=60, deadline=None)
@given(reponse=valeurs | tableaux)
def test_aucune_exception_questions_reelles(reponse):
    """Aucune réponse ne fait tomber l'évaluation d'une vraie question dans son filet de sécurité.

    ``evaluer`` ne lève jamais : une exception imprévue (une clé cassée, un cas oublié dans
    l'évaluation) devient le message « ne peut pas être vérifiée », une valeur attendue
    incalculable devient « indisponible ». Ce test échoue dans ces deux cas.
    """
    for q in _toutes_les_questions():
        r = evaluer(q.id, reponse)
        assert r.statut in v.STATUTS and r.message
        assert r.statut != "indisponible", (q.id, r.message)
        assert "ne peut pas être vérifiée" not in r.message, (q.id, reponse, r.message)
        assert r.points in (0, q.points)
        _sans_mots_python(r.message)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(x=st.floats(allow_nan=False, allow_infinity=False, min_value=-1e6, max_value=1e6))
def test_nombre_juste_ssi_proche(factice, x):
    r = evaluer("99.8", x)
    assert (r.statut == "juste") == math.isclose(x, 150.0, rel_tol=1e-2)


# ---------------------------------------------------------------------------
# Les exercices enregistrés
# ---------------------------------------------------------------------------

def _toutes_les_questions():
    return [q for n in registre.exercices_disponibles() for q in registre.questions(n)]


def test_registre():
    assert {"01", "02"} <= set(registre.exercices_disponibles())
    for n in registre.exercices_disponibles():
        qs = registre.questions(n)
        essentielles = [q for q in qs if q.parcours == "essentiel"]
        assert 6 <= len(essentielles) <= 12 and len(qs) <= 18
        assert [q.id for q in qs] == [f"{int(n)}.{k}" for k in range(1, len(qs) + 1)]
        assert registre.titre(n)
        assert registre.questions(int(n)) == qs
    assert registre.question("2.1").id == "2.1"
    with pytest.raises(KeyError):
        registre.question("2.99")


@pytest.mark.parametrize("q", _toutes_les_questions(), ids=lambda q: q.id)
def test_erreurs_declarees_recoivent_leur_indice(q):
    """Chaque erreur déclarée a un exemple, et cet exemple reçoit son indice (et pas ✅)."""
    if q.genre == "texte_libre":
        return
    attendu = q._valeur_attendue()
    for erreur in q.erreurs:
        assert erreur.exemple is not None, f"{q.id} : l'erreur « {erreur.indice} » n'a pas d'exemple"
        r = evaluer(q.id, erreur.exemple(attendu))
        assert r.statut == "faux", (q.id, erreur.indice, r.message)
        assert r.message == erreur.indice, (q.id, r.message)


@pytest.mark.parametrize("q", _toutes_les_questions(), ids=lambda q: q.id)
def test_questions_robustes(q):
    attendu = q._valeur_attendue()
    essais = [None, ..., "12,5", "25 %", "", float("nan"), float("inf"), [1, 2], {"a": 1},
              pd.DataFrame({"autre": [1.0]}), pd.Series([1.0, 2.0]), _Mechant(), np.array([]),
              True, -1, 0]
    for reponse in essais:
        r = evaluer(q.id, reponse)
        assert r.statut in v.STATUTS
        assert r.statut != "juste", (q.id, reponse)
    if attendu is not None and q.genre == "nombre":
        assert evaluer(q.id, float(attendu)).statut == "juste"
        assert evaluer(q.id, str(attendu)).statut == "invalide"
    if q.genre == "texte_libre":
        assert evaluer(q.id, "Ma réponse argumentée.").statut == "manuel"
    assert q.explication and q.titre


def _mauvaises_reponses(q: Question, attendu: float) -> list:
    candidates = [erreur.exemple(attendu) for erreur in q.erreurs if erreur.exemple is not None]
    candidates += [100 * attendu, attendu / 100, -attendu, 1.04 * attendu, 0.5 * attendu, attendu + 1]
    if attendu:
        candidates.append(1 / attendu)
    return candidates


@pytest.mark.parametrize("q", [q for q in _toutes_les_questions() if q.genre == "nombre"], ids=lambda q: q.id)
def test_indice_ne_donne_pas_la_reponse_questions_reelles(q):
    attendu = q._valeur_attendue()
    if attendu is None:  # question à empreinte : la réponse n'est pas connue du test
        return
    attendu = float(attendu)
    for mauvaise in _mauvaises_reponses(q, attendu):
        r = evaluer(q.id, mauvaise)
        if r.statut == "juste":
            continue
        assert not _donne_la_reponse(r.message, attendu, q), (q.id, mauvaise, r.message)
