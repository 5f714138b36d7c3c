"""Tests de relation_client.valeur : exemples chiffrés des sources, propriétés, erreurs."""

import doctest
import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from relation_client import valeur
from relation_client.valeur import (
    capital_client,
    multiple_marge,
    ratio_clv_cac,
    valeur_cumulee_par_annee,
    valeur_nette,
    valeur_vie_retention,
    valeur_vie_simple,
)

REGLAGES = settings(max_examples=60, deadline=None)

montants = st.floats(0, 1e6, allow_nan=False)
taux = st.floats(0, 1, allow_nan=False)
horizons = st.integers(1, 200)

# Valeurs refusées pour tout argument numérique, et le mot attendu dans le message.
MAUVAISES = [-1, -0.5, float("nan"), float("inf"), -float("inf"), "12,5", "abc", None, True,
             [], pd.Series([], dtype="float64"), pd.Series([1.0, float("nan")])]


def test_doctests():
    resultat = doctest.testmod(valeur)
    assert resultat.failed == 0 and resultat.attempted > 5


# --------------------------------------------------------------------------- exemples

@pytest.mark.parametrize("r, i, attendu", [
    # Gupta et Lehmann, « Customers as Assets » (2003), tableau des multiples de marge.
    (0.9, 0.10, 4.5),
    (0.8, 0.12, 2.5),
    (0.6, 0.16, 1.0714),
    (0.8, 0.10, 2.6667),
    (0.7, 0.10, 1.75),
    (0.6, 0.10, 1.2),
    (0.9, 0.16, 3.4615),
])
def test_multiple_marge_tableau_gupta_lehmann(r, i, attendu):
    assert multiple_marge(r, i) == pytest.approx(attendu, abs=1e-4)


def test_multiple_marge_arrondi_107():
    assert round(multiple_marge(0.6, 0.16), 2) == 1.07


def test_valeur_vie_simple_exemple():
    # Panier de 60 €, 4 achats par an, 30 % de marge, 5 ans : 60 × 4 × 0,3 × 5 = 360 €.
    assert valeur_vie_simple(60, 4, 0.3, 5) == pytest.approx(360)
    assert isinstance(valeur_vie_simple(60, 4, 0.3, 5), float)


def test_valeur_vie_retention_infinie_est_marge_fois_multiple():
    # Marge annuelle 100 €, r = 0,9, i = 10 % : 100 × 4,5 = 450 € (Gupta et Lehmann).
    assert valeur_vie_retention(100, 0.9, 0.10) == pytest.approx(450)


def test_valeur_vie_retention_finie_somme_a_la_main():
    # Convention : marge en fin d'année, client retenu t fois : Σ 100 × 0,9^t / 1,1^t.
    attendu = sum(100 * 0.9 ** t / 1.1 ** t for t in range(1, 4))
    assert valeur_vie_retention(100, 0.9, 0.10, horizon=3) == pytest.approx(attendu)
    assert valeur_vie_retention(100, 0.9, 0.10, horizon=1) == pytest.approx(100 * 0.9 / 1.1)


def test_variante_premiere_marge_a_t0_vaut_m_de_plus():
    # m (1 + i) / (1 + i − r) = m + m r / (1 + i − r) : la variante documentée.
    m, r, i = 100, 0.8, 0.12
    assert m * (1 + i) / (1 + i - r) == pytest.approx(m + valeur_vie_retention(m, r, i))


@pytest.mark.parametrize("r, i", [(0.9, 0.10), (0.6, 0.16), (0.99, 0.0), (0.5, 0.5), (0.0, 0.1)])
def test_somme_finie_converge_vers_formule_infinie(r, i):
    infinie = valeur_vie_retention(100, r, i)
    ecarts = [abs(valeur_vie_retention(100, r, i, horizon=t) - infinie) for t in (1, 10, 100, 5000)]
    assert ecarts == sorted(ecarts, reverse=True)
    assert valeur_vie_retention(100, r, i, horizon=5000) == pytest.approx(infinie, rel=1e-9)


def test_retention_totale_sans_actualisation_horizon_fini():
    # r = 1 et i = 0 : le client reste et rien n'est actualisé, T années × m.
    assert valeur_vie_retention(100, 1.0, 0.0, horizon=7) == pytest.approx(700)
    with pytest.raises(ValueError, match="taux_retention"):
        valeur_vie_retention(100, 1.0, 0.0)


def test_valeur_cumulee_par_annee():
    serie = valeur_cumulee_par_annee(100, 0.9, 0.10, 20)
    assert isinstance(serie, pd.Series)
    assert serie.name == "valeur_cumulee"
    assert serie.index.tolist() == list(range(1, 21))
    assert serie.is_monotonic_increasing
    for t in (1, 5, 20):
        assert serie[t] == pytest.approx(valeur_vie_retention(100, 0.9, 0.10, horizon=t))
    assert serie.iloc[-1] < valeur_vie_retention(100, 0.9, 0.10)


def test_valeur_cumulee_refuse_plusieurs_valeurs_et_horizon_enorme():
    with pytest.raises(TypeError, match="marge_annuelle"):
        valeur_cumulee_par_annee([100, 200], 0.9, 0.1, 5)
    with pytest.raises(ValueError, match="horizon"):
        valeur_cumulee_par_annee(100, 0.9, 0.1, 10**6)
    with pytest.raises(ValueError, match="horizon"):
        valeur_cumulee_par_annee(100, 0.9, 0.1, 0)


def test_valeur_nette_et_ratio():
    # CLV 450 €, CAC 150 € : valeur nette 300 €, ratio 3 (la règle empirique « 3 pour 1 »).
    assert valeur_nette(450, 150) == pytest.approx(300)
    assert valeur_nette(100, 150) == pytest.approx(-50)
    assert ratio_clv_cac(450, 150) == pytest.approx(3)


def test_ratio_cac_nul():
    with pytest.raises(ValueError, match="cout_acquisition vaut 0"):
        ratio_clv_cac(450, 0)


def test_capital_client_trois_usages():
    assert capital_client(1000, 450) == pytest.approx(450_000)
    clv = pd.Series([100.0, 250.0, 50.0], index=["a", "b", "c"])
    assert capital_client(len(clv), clv) == pytest.approx(400)
    # Segments : 200 clients à 900 €, 800 clients à 100 €.
    assert capital_client([200, 800], [900, 100]) == pytest.approx(260_000)
    assert isinstance(capital_client(pd.Series([1, 2]), pd.Series([3.0, 4.0])), float)


def test_capital_client_mauvais_nombre_de_valeurs():
    with pytest.raises(ValueError, match="nombre_clients"):
        capital_client(1000, [100, 200])
    with pytest.raises(ValueError, match="nombre_clients"):
        capital_client([1, 2, 3], [100, 200])


def test_longueurs_differentes_message_francais():
    with pytest.raises(ValueError, match="même nombre de valeurs"):
        valeur_vie_simple([1, 2, 3], [1, 2], 0.3, 1)
    with pytest.raises(ValueError, match="index"):
        valeur_nette(pd.Series([1.0, 2.0], index=[0, 1]), pd.Series([1.0, 2.0], index=[5, 6]))


# --------------------------------------------------------------------------- erreurs

def test_taux_en_pourcentage_message():
    with pytest.raises(ValueError, match=r"taux_retention vaut 90.*écrivez 0\.9"):
        multiple_marge(90, 0.1)
    with pytest.raises(ValueError, match=r"taux_marque vaut 25.*0\.25"):
        valeur_vie_simple(60, 4, 25, 5)


def test_retention_superieure_a_un_plus_i():
    with pytest.raises(ValueError, match="1 \\+ taux_actualisation"):
        multiple_marge(1.0, 0.0)


APPELS = {
    "valeur_vie_simple": (valeur_vie_simple, dict(panier_moyen=60, achats_par_an=4, taux_marque=0.3,
                                                  duree_annees=5)),
    "multiple_marge": (multiple_marge, dict(taux_retention=0.9, taux_actualisation=0.1)),
    "valeur_vie_retention": (valeur_vie_retention, dict(marge_annuelle=100, taux_retention=0.9,
                                                        taux_actualisation=0.1)),
    "valeur_vie_retention_fini": (valeur_vie_retention, dict(marge_annuelle=100, taux_retention=0.9,
                                                             taux_actualisation=0.1, horizon=10)),
    "valeur_cumulee_par_annee": (valeur_cumulee_par_annee, dict(marge_annuelle=100, taux_retention=0.9,
                                                                taux_actualisation=0.1, horizon=10)),
    "valeur_nette": (valeur_nette, dict(clv=450, cout_acquisition=150)),
    "ratio_clv_cac": (ratio_clv_cac, dict(clv=450, cout_acquisition=150)),
    "capital_client": (capital_client, dict(nombre_clients=1000, valeur_par_client=450)),
}

CAS_INVALIDES = [
    (nom, argument, mauvaise)
    for nom, (fonction, arguments) in APPELS.items()
    for argument in arguments
    for mauvaise in MAUVAISES
    # une valeur par client peut être négative (valeurs nettes) :
    if not (nom == "capital_client" and argument == "valeur_par_client"
            and isinstance(mauvaise, (int, float)) and not isinstance(mauvaise, bool)
            and math.isfinite(mauvaise))
    and not (argument == "horizon" and nom == "valeur_vie_retention_fini" and mauvaise is None)
]


@pytest.mark.parametrize("nom, argument, mauvaise", CAS_INVALIDES,
                         ids=[f"{n}-{a}-{m!r}"[:60] for n, a, m in CAS_INVALIDES])
def test_entrees_invalides_erreur_en_francais(nom, argument, mauvaise):
    fonction, arguments = APPELS[nom]
    with pytest.raises((ValueError, TypeError)) as erreur:
        fonction(**{**arguments, argument: mauvaise})
    assert argument in str(erreur.value)


@pytest.mark.parametrize("nom", ["multiple_marge", "valeur_vie_retention", "valeur_vie_retention_fini",
                                 "valeur_cumulee_par_annee"])
@pytest.mark.parametrize("argument", ["taux_retention", "taux_actualisation"])
def test_taux_superieur_a_un(nom, argument):
    fonction, arguments = APPELS[nom]
    with pytest.raises(ValueError, match=rf"{argument} vaut 25.*0\.25"):
        fonction(**{**arguments, argument: 25})


# --------------------------------------------------------------------------- propriétés

def _fini(x):
    return np.isfinite(np.asarray(x, dtype="float64")).all()


@REGLAGES
@given(montants, st.floats(0, 1000, allow_nan=False), taux, st.floats(0, 100, allow_nan=False))
def test_propriete_valeur_vie_simple(panier, achats, marge, duree):
    v = valeur_vie_simple(panier, achats, marge, duree)
    assert isinstance(v, float) and _fini(v) and v >= 0


@REGLAGES
@given(taux, taux)
def test_propriete_multiple_marge(r, i):
    if r >= 1 + i:
        with pytest.raises(ValueError, match="taux_retention"):
            multiple_marge(r, i)
    else:
        m = multiple_marge(r, i)
        assert _fini(m) and m >= 0


@REGLAGES
@given(montants, taux, taux, st.one_of(st.none(), horizons))
def test_propriete_valeur_vie_retention(m, r, i, horizon):
    if horizon is None and r >= 1 + i:
        with pytest.raises(ValueError):
            valeur_vie_retention(m, r, i, horizon)
        return
    v = valeur_vie_retention(m, r, i, horizon)
    assert isinstance(v, float) and _fini(v) and v >= 0
    if horizon is not None:
        assert v <= m * horizon * (1 + 1e-9)
        if r < 1 + i:
            assert v <= valeur_vie_retention(m, r, i) * (1 + 1e-9) + 1e-9


@REGLAGES
@given(montants, taux, taux, st.integers(1, 60))
def test_propriete_valeur_cumulee(m, r, i, horizon):
    serie = valeur_cumulee_par_annee(m, r, i, horizon)
    assert len(serie) == horizon and _fini(serie) and (serie >= 0).all()
    assert (serie.diff().dropna() >= -1e-9).all()
    assert serie.iloc[-1] == pytest.approx(valeur_vie_retention(m, r, i, horizon), rel=1e-9, abs=1e-9)


@REGLAGES
@given(montants, st.one_of(st.just(0.0), st.floats(0.01, 1e6)))
def test_propriete_valeur_nette_et_ratio(clv, cac):
    assert valeur_nette(clv, cac) == pytest.approx(clv - cac)
    if cac == 0:
        with pytest.raises(ValueError, match="cout_acquisition"):
            ratio_clv_cac(clv, cac)
    else:
        ratio = ratio_clv_cac(clv, cac)
        assert _fini(ratio) and ratio >= 0


@REGLAGES
@given(st.lists(montants, min_size=1, max_size=50))
def test_propriete_capital_client(valeurs):
    total = capital_client(len(valeurs), pd.Series(valeurs))
    assert isinstance(total, float) and total == pytest.approx(sum(valeurs)) and total >= 0
    assert capital_client(len(valeurs), np.mean(valeurs)) == pytest.approx(total, rel=1e-9, abs=1e-6)


@REGLAGES
@given(st.lists(st.tuples(montants, taux, taux, horizons), min_size=1, max_size=8))
def test_propriete_scalaires_et_series_donnent_les_memes_nombres(lignes):
    m, r, i, t = (pd.Series(c) for c in zip(*lignes))
    serie = valeur_vie_retention(m, r, i, t)
    assert isinstance(serie, pd.Series)
    attendu = [valeur_vie_retention(*ligne) for ligne in lignes]
    assert serie.tolist() == pytest.approx(attendu)
    tableau = valeur_vie_retention(m.to_numpy(), r.tolist(), i.to_numpy(), t.to_numpy())
    assert isinstance(tableau, np.ndarray) and tableau.tolist() == pytest.approx(attendu)
    assert valeur_vie_simple(m, r, i, t).tolist() == pytest.approx(
        [valeur_vie_simple(*ligne) for ligne in lignes])
    finis = [(a, b, c) for a, b, c, _ in lignes if b < 1 + c]
    if finis:
        m2, r2, i2 = (pd.Series(c) for c in zip(*finis))
        assert multiple_marge(r2, i2).tolist() == pytest.approx([multiple_marge(b, c) for _, b, c in finis])
        assert valeur_vie_retention(m2, r2, i2).tolist() == pytest.approx(
            [valeur_vie_retention(a, b, c) for a, b, c in finis])


@REGLAGES
@given(st.one_of(st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=5), st.none(),
                 st.integers(-10**6, 10**6)))
def test_propriete_entree_quelconque_jamais_autre_exception(x):
    for fonction, arguments in APPELS.values():
        for argument in arguments:
            try:
                resultat = fonction(**{**arguments, argument: x})
            except (ValueError, TypeError) as erreur:
                assert argument in str(erreur) or "taux_retention" in str(erreur) or "non fini" in str(erreur)
            else:
                assert _fini(resultat)


def test_valeur_vie_simple_prend_un_taux_de_marque():
    from relation_client.indicateurs import taux_marque

    # Panier de 60 € HT dont 18 € de marge : taux de marque 30 %, 18 € de marge par achat.
    taux = taux_marque(18, 60)
    assert valeur_vie_simple(panier_moyen=60, achats_par_an=4, taux_marque=taux, duree_annees=5) == \
        pytest.approx(18 * 4 * 5)
    with pytest.raises(TypeError):
        valeur_vie_simple(panier_moyen=60, achats_par_an=4, taux_marge=0.3, duree_annees=5)
