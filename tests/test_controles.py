"""Tests des vérifications partagées (controles.py) et de l'affichage à la française (formatage.py)."""

import math
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from relation_client.formatage import ESPACE_MILLIERS, ESPACE_UNITE, euros, nombre, pourcentage
from relation_client.controles import (
    decrire,
    en_sortie,
    exiger_au_plus,
    exiger_colonnes,
    exiger_compte,
    exiger_entier,
    exiger_fini,
    exiger_nombre,
    exiger_positif,
    exiger_positif_ou_nul,
    exiger_retention_actualisation,
    exiger_taux,
)

REGLAGES = settings(max_examples=80, deadline=None)


# --------------------------------------------------------------------------- exiger_nombre

def test_nombre_conversions_et_genres():
    assert exiger_nombre("x", 3) == 3.0 and isinstance(exiger_nombre("x", 3), float)
    assert isinstance(exiger_nombre("x", np.int64(3)), float)
    tableau = exiger_nombre("x", [1, 2.5])
    assert isinstance(tableau, np.ndarray) and tableau.dtype == "float64"
    serie = exiger_nombre("x", pd.Series([1, 2], index=["a", "b"]))
    assert isinstance(serie, pd.Series) and serie.dtype == "float64" and serie.index.tolist() == ["a", "b"]


@pytest.mark.parametrize("valeur, exception, morceau", [
    (None, TypeError, "x est vide"),
    ("12,5", TypeError, "point décimal, par exemple 12.5"),
    ("12.5", TypeError, "sans guillemets, par exemple 12.5"),
    ("1 234,5 €", TypeError, "1234.5"),
    ("abc", TypeError, "le texte 'abc'"),
    ("", TypeError, "x est vide"),
    (True, TypeError, "Vrai/Faux"),
    (float("nan"), ValueError, "NaN"),
    (float("inf"), ValueError, "infini"),
    ({"a": 1}, TypeError, "dict"),
    (1 + 2j, TypeError, "x a reçu"),
    ([], ValueError, "vide"),
    (pd.Series([], dtype="float64"), ValueError, "série vide"),
    (pd.Series([1.0, None]), ValueError, "1 valeur(s) manquante"),
    (pd.Series(["12,5", "3"]), TypeError, "pd.to_numeric"),
    ([1, "a"], TypeError, "le texte 'a'"),
    ([1, float("inf")], ValueError, "infinie"),
    (pd.DataFrame({"a": [1]}), TypeError, "choisissez une colonne"),
])
def test_nombre_refus(valeur, exception, morceau):
    with pytest.raises(exception) as erreur:
        exiger_nombre("x", valeur)
    assert morceau in str(erreur.value) and "x" in str(erreur.value)


@REGLAGES
@given(st.one_of(st.floats(allow_nan=True, allow_infinity=True), st.integers(-10**15, 10**15),
                 st.text(max_size=6), st.none(), st.booleans(),
                 st.lists(st.one_of(st.floats(allow_nan=True), st.integers(-1000, 1000), st.text(max_size=2)),
                          max_size=5)))
def test_propriete_nombre_jamais_autre_exception(x):
    try:
        resultat = exiger_nombre("argument", x)
    except (ValueError, TypeError) as erreur:
        assert "argument" in str(erreur)
    else:
        assert np.isfinite(np.asarray(resultat, dtype="float64")).all()


@pytest.mark.parametrize("valeur", [10**400, [10**400]], ids=["entier", "liste"])
def test_nombre_entier_gigantesque(valeur):
    with pytest.raises(ValueError, match="x"):
        exiger_nombre("x", valeur)


# --------------------------------------------------------------------------- seuils

def test_positif_et_positif_ou_nul():
    assert exiger_positif("d", 2) == 2.0
    assert exiger_positif_ou_nul("d", 0) == 0.0
    with pytest.raises(ValueError, match=r"d vaut 0, or il doit être strictement positif"):
        exiger_positif("d", 0)
    with pytest.raises(ValueError, match=r"d vaut -3, or il ne peut pas être négatif"):
        exiger_positif_ou_nul("d", -3)
    with pytest.raises(ValueError, match=r"d vaut -1.*\(2 valeur\(s\) concernée\(s\)\.\)"):
        exiger_positif_ou_nul("d", pd.Series([1, -1, -2]))


def test_taux():
    assert exiger_taux("t", 0.25) == 0.25
    assert exiger_taux("t", 0) == 0 and exiger_taux("t", 1) == 1
    with pytest.raises(ValueError, match=r"t vaut 25, or un taux s'écrit entre 0 et 1\. Pour 25 %, écrivez 0\.25\."):
        exiger_taux("t", 25)
    with pytest.raises(ValueError, match=r"Pour 90 %, écrivez 0\.9"):
        exiger_taux("taux_retention", pd.Series([0.5, 90]))
    with pytest.raises(ValueError, match=r"t vaut 250.*25 % s'écrit 0\.25"):
        exiger_taux("t", 250)
    with pytest.raises(ValueError, match="négatif"):
        exiger_taux("t", -0.1)


def test_taux_conseil_sans_artefact_d_arrondi():
    with pytest.raises(ValueError, match=r"écrivez 0\.333\."):
        exiger_taux("t", 33.3)


def test_entier_et_compte():
    assert exiger_entier("h", 3, minimum=1) == 3.0
    with pytest.raises(ValueError, match="h vaut 2.5, or un nombre entier est attendu"):
        exiger_entier("h", 2.5)
    with pytest.raises(ValueError, match="supérieur ou égal à 1"):
        exiger_entier("h", 0, minimum=1)
    assert exiger_compte("n", [0, 5]).tolist() == [0.0, 5.0]
    with pytest.raises(ValueError, match="ne peut pas être négatif"):
        exiger_compte("n", -1)
    with pytest.raises(ValueError, match="c'est un comptage"):
        exiger_compte("n", 1.5)


def test_au_plus():
    assert exiger_au_plus("a", 3.0, "b", 5.0) == 3.0
    with pytest.raises(ValueError, match=r"ouvertures \(120\) dépasse emails_delivres \(100\).*inversé"):
        exiger_au_plus("ouvertures", 120.0, "emails_delivres", 100.0)
    with pytest.raises(ValueError, match=r"a \(7\) dépasse b \(6\)"):
        exiger_au_plus("a", np.array([1.0, 7.0]), "b", 6.0)


def test_retention_actualisation():
    assert exiger_retention_actualisation(0.9, 0.1) == 0.9
    assert exiger_retention_actualisation(1.0, 0.05) == 1.0
    with pytest.raises(ValueError, match="taux_retention doit rester inférieur à 1 \\+ taux_actualisation"):
        exiger_retention_actualisation(1.0, 0.0)
    with pytest.raises(ValueError, match="horizon fini"):
        exiger_retention_actualisation(np.array([0.5, 1.0]), 0.0)


def test_colonnes():
    tableau = pd.DataFrame({"client_id": [1], "montant_ttc": [2.0]})
    assert exiger_colonnes("achats", tableau, ["client_id"]) is tableau
    with pytest.raises(ValueError, match="achats n'a pas la \\(les\\) colonne\\(s\\) date_achat ; "
                                         "colonnes présentes : client_id, montant_ttc"):
        exiger_colonnes("achats", tableau, ["client_id", "date_achat"])
    with pytest.raises(ValueError, match="achats est vide"):
        exiger_colonnes("achats", tableau.iloc[0:0], ["client_id"])
    with pytest.raises(TypeError, match="DataFrame"):
        exiger_colonnes("achats", [1, 2], ["client_id"])


def test_fini_et_sortie():
    assert en_sortie(np.float64(2.5)) == 2.5 and isinstance(en_sortie(np.float64(2.5)), float)
    assert isinstance(en_sortie(np.array(2.5)), float)
    assert isinstance(en_sortie(np.array([2.5])), np.ndarray)
    serie = pd.Series([1.0])
    assert en_sortie(serie) is serie
    with pytest.raises(ValueError, match="Le calcul de taux"):
        en_sortie(np.inf, "taux")
    with pytest.raises(ValueError, match="non fini"):
        exiger_fini("x", pd.Series([1.0, np.nan]))


def test_decrire():
    assert decrire(None) == "vide (None)"
    assert decrire("a") == "le texte 'a'"
    assert decrire(pd.Series([1, 2])) == "une série de 2 valeur(s)"
    assert decrire(np.zeros(3)) == "un tableau de 3 valeur(s)"
    assert decrire(float("nan")) == "NaN (valeur manquante)"


@REGLAGES
@given(st.one_of(st.floats(allow_nan=True, allow_infinity=True), st.integers(-1000, 1000), st.text(max_size=4),
                 st.none()))
def test_propriete_taux_dans_zero_un(x):
    try:
        t = exiger_taux("taux", x)
    except (ValueError, TypeError) as erreur:
        assert "taux" in str(erreur)
    else:
        assert 0 <= t <= 1


# --------------------------------------------------------------------------- formatage

def test_euros_nombre_pourcentage():
    assert euros(1234.5) == "1\u202f234,50\u00a0€"
    assert euros(0) == "0,00\u00a0€"
    assert euros(-1234.5) == "-1\u202f234,50\u00a0€"
    assert euros(1_234_567.891, 0) == "1\u202f234\u202f568\u00a0€"
    assert nombre(1234.5, 1) == "1\u202f234,5"
    assert nombre(-0.0001, 2) == "0,00"
    assert nombre(float("nan")) == "—" and nombre(float("inf")) == "∞" and nombre(-float("inf")) == "-∞"
    assert pourcentage(0.125) == "12,5\u00a0%"
    assert pourcentage(0.25, 0) == "25\u00a0%"
    assert pourcentage(1) == "100,0\u00a0%"
    assert ESPACE_MILLIERS == "\u202f" and ESPACE_UNITE == "\u00a0"


def test_arrondi_commercial():
    assert nombre(2.5) == "3"
    assert pourcentage(0.125, 0) == "13\u00a0%"


@REGLAGES
@given(st.floats(-1e12, 1e12), st.integers(0, 4))
def test_propriete_nombre_relu(x, decimales):
    texte = nombre(x, decimales)
    assert "." not in texte and (decimales > 0) == ("," in texte)
    relu = float(texte.replace(ESPACE_MILLIERS, "").replace(",", "."))
    # arrondi commercial : au plus une unité du dernier chiffre d'écart avec round() (au pair)
    assert abs(relu - round(x, decimales)) <= 1.01 * 10 ** -decimales + 4 * math.ulp(x)
    assert euros(x, decimales).endswith("\u00a0€")


# --------------------------------------------------------------------------- cohérence scalaire / série

def test_serie_de_texte_refusee_comme_un_scalaire_texte():
    with pytest.raises(TypeError, match="s contient le texte '1'.*pd.to_numeric"):
        exiger_nombre("s", pd.Series(["1", "2"]))
    with pytest.raises(TypeError, match="Vrai/Faux"):
        exiger_nombre("b", pd.Series([True, False]))


def test_case_vide_dans_une_liste():
    with pytest.raises(TypeError, match="l contient une case vide"):
        exiger_nombre("l", [1.0, None])


def test_retention_actualisation_cite_les_valeurs():
    with pytest.raises(ValueError, match=r"reçu : 1\.2 pour une limite de 1\.1"):
        exiger_retention_actualisation(1.2, 0.1)
