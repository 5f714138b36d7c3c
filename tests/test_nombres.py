"""Tests du lecteur de nombres (relation_client.nombres), sur l'union des cas des trois anciens lecteurs.

Anciens lecteurs : celui des fichiers CSV (« 1.234,56 », « 1,234.56 », « 1 234,50 » avec espaces fines
ou insécables, « 12,50 € », vide), celui des réponses d'exercice écrites en texte (« 85 % »,
« 0,85 », « 12 € ») et celui des arguments écrits en texte (« 12,5 », « 1 234,5 € »).
"""

from __future__ import annotations

import math
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from relation_client.nombres import Lecture, lire_nombre, texte_decimal

FINE, INSECABLE = "\u202f", "\u00a0"


@pytest.mark.parametrize("texte, valeur, ecriture", [
    # fichiers CSV (ancien donnees._en_nombre)
    ("1.234,56", 1234.56, "1234.56"),
    ("1,234.56", 1234.56, "1234.56"),
    ("1 234,50", 1234.5, "1234.50"),
    (f"1{FINE}234,50", 1234.5, "1234.50"),
    (f"1{INSECABLE}234,50", 1234.5, "1234.50"),
    (f"12,50{INSECABLE}€", 12.5, "12.50"),
    ("12,50 €", 12.5, "12.50"),
    ("12.50", 12.5, "12.50"),
    ("-3,5", -3.5, "-3.5"),
    ("+3", 3.0, "3"),
    ("1,5E+03", 1500.0, "1.5E+03"),
    ("1e-3", 0.001, "1e-3"),
    # réponses d'exercice (ancien verification._texte_vers_nombre)
    ("85 %", 85.0, "85"),
    ("85%", 85.0, "85"),
    ("0,85", 0.85, "0.85"),
    (" 0,25 ", 0.25, "0.25"),
    ("12 €", 12.0, "12"),
    ("€12", 12.0, "12"),
    # arguments écrits en texte (ancien controles._conseil_texte)
    ("12,5", 12.5, "12.5"),
    ("1 234,5 €", 1234.5, "1234.5"),
    ("1 234 567", 1234567.0, "1234567"),
    # un séparateur répété sépare les milliers
    ("1.234.567", 1234567.0, "1234567"),
    ("1,234,567", 1234567.0, "1234567"),
    ("1.234.567,8", 1234567.8, "1234567.8"),
    (".5", 0.5, "0.5"),
    ("5.", 5.0, "5"),
    ("007", 7.0, "007"),
])
def test_nombres_lus(texte, valeur, ecriture):
    lecture = lire_nombre(texte)
    assert lecture.valeur == pytest.approx(valeur, rel=1e-12)
    assert lecture.ecriture == ecriture
    assert not lecture.vide
    assert float(lecture.ecriture) == lecture.valeur


@pytest.mark.parametrize("texte", [
    "abc", "douze", "1 2 3", "12.34,5", "1,2,3", "1.2.3", "inf", "nan", "-inf", "1_000", "1e400",
    "10, 40, 0", "0, 5", "1,234.567,8", "12-", "--5", "e5", ".", ",", "%", "€", "1 234.567.8",
    "1 234,5,6", "0x10", "2025-01-01",
])
def test_textes_qui_ne_sont_pas_des_nombres(texte):
    lecture = lire_nombre(texte)
    assert lecture.valeur is None and lecture.ecriture is None and lecture.ecriture_python is None
    assert not lecture.vide


@pytest.mark.parametrize("texte", ["", "   ", f"{INSECABLE}", "\t\n"])
def test_vide(texte):
    lecture = lire_nombre(texte)
    assert lecture.vide and lecture.valeur is None


@pytest.mark.parametrize("texte, virgule, milliers, pourcentage, euro", [
    ("0,85", True, "", False, False),
    ("0.85", False, "", False, False),
    ("1 234,5 €", True, " ", False, True),
    (f"1{FINE}234", False, " ", False, False),
    ("1.234,56", True, ".", False, False),
    ("1,234.56", False, ",", False, False),
    ("1,234,567", False, ",", False, False),
    ("12,5 %", True, "", True, False),
    ("12 €", False, "", False, True),
    ("25%", False, "", True, False),
])
def test_ce_que_le_lecteur_a_vu(texte, virgule, milliers, pourcentage, euro):
    lecture = lire_nombre(texte)
    assert lecture.valeur is not None
    assert (lecture.virgule_decimale, lecture.separateur_milliers, lecture.pourcentage, lecture.euro) == \
        (virgule, milliers, pourcentage, euro)


@pytest.mark.parametrize("texte, python", [
    ("25 %", "0.25"), ("12,5 %", "0.125"), ("33,3%", "0.333"), ("100 %", "1"), ("0,5 %", "0.005"),
    ("1 234,50 €", "1234.50"), ("0,85", "0.85"),
])
def test_ecriture_python(texte, python):
    assert lire_nombre(texte).ecriture_python == python


def test_symboles_vus_meme_sans_nombre():
    assert lire_nombre("beaucoup %").pourcentage and lire_nombre("beaucoup %").valeur is None
    assert lire_nombre("cher €").euro


def test_ne_leve_jamais_sur_autre_chose_qu_un_texte():
    assert lire_nombre(12.5).valeur == 12.5
    assert lire_nombre(None).valeur is None
    assert isinstance(lire_nombre(object()), Lecture)


def test_texte_decimal():
    assert texte_decimal(Decimal("0.850")) == "0.85"
    assert texte_decimal(Decimal("1E+3")) == "1000"
    assert texte_decimal(Decimal("0")) == "0"


@settings(max_examples=200, deadline=None)
@given(st.decimals(min_value=-10**9, max_value=10**9, allow_nan=False, allow_infinity=False, places=2),
       st.sampled_from(["fr", "fr_fine", "en", "python"]))
def test_relit_les_nombres_formates(nombre, style):
    """Un nombre écrit à la française (espaces fines ou insécables) ou à l'anglaise est relu exactement."""
    entier, decimales = f"{abs(nombre):,.2f}".split(".")
    signe = "-" if nombre < 0 else ""
    texte = {
        "fr": signe + entier.replace(",", INSECABLE) + "," + decimales,
        "fr_fine": signe + entier.replace(",", FINE) + "," + decimales + f"{INSECABLE}€",
        "en": signe + entier + "." + decimales,
        "python": f"{nombre:.2f}",
    }[style]
    lecture = lire_nombre(texte)
    assert lecture.valeur is not None, texte
    assert math.isclose(lecture.valeur, float(nombre), rel_tol=1e-12, abs_tol=1e-12), texte


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=12))
def test_ne_leve_jamais(texte):
    lecture = lire_nombre(texte)
    assert lecture.valeur is None or math.isfinite(lecture.valeur)
    assert (lecture.valeur is None) == (lecture.ecriture is None)
