"""Tests de relation_client.indicateurs : exemples de manuel, propriétés, erreurs."""

import doctest

import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from relation_client import indicateurs
from relation_client.indicateurs import (
    cout_acquisition_client,
    cout_fidelisation_client,
    cout_par_lead,
    cout_par_visite,
    duree_vie_moyenne,
    retour_sur_investissement,
    taux_attrition,
    taux_clics,
    taux_clics_ouverture,
    taux_conversion,
    taux_desabonnement,
    taux_engagement,
    taux_engagement_abonnes,
    taux_marge,
    taux_marque,
    taux_ouverture,
    taux_reachat,
    taux_rebond,
    taux_retention,
    variation_profit_retention,
)
from relation_client.valeur import multiple_marge

REGLAGES = settings(max_examples=60, deadline=None)

MAUVAISES = [-1, float("nan"), float("inf"), "12,5", "abc", None, False, 2.5,
             pd.Series([], dtype="float64"), pd.Series([1.0, float("nan")])]

# (fonction, numérateur, dénominateur, plafonné à 1)
TAUX = [
    (taux_conversion, "conversions", "visites", True),
    (taux_ouverture, "ouvertures", "emails_delivres", True),
    (taux_clics, "clics", "emails_delivres", True),
    (taux_clics_ouverture, "clics", "ouvertures", True),
    (taux_desabonnement, "desabonnements", "emails_delivres", True),
    (taux_rebond, "rebonds", "emails_envoyes", True),
    (taux_attrition, "clients_perdus", "clients_debut", True),
    (taux_retention, "clients_conserves", "clients_debut", True),
    (taux_reachat, "clients_revenus", "clients", True),
    (taux_engagement, "interactions", "portee", False),
    (taux_engagement_abonnes, "interactions", "abonnes", False),
]
COUTS = [
    (cout_par_lead, "depense", "leads"),
    (cout_acquisition_client, "depense", "nouveaux_clients"),
]
IDS_TAUX = [f.__name__ for f, *_ in TAUX]


def test_doctests():
    resultat = doctest.testmod(indicateurs)
    assert resultat.failed == 0 and resultat.attempted >= 15


# --------------------------------------------------------------------------- exemples

def test_exemples_emailing():
    # Campagne : 10 000 envoyés, 200 rebonds, 9 800 délivrés, 2 450 ouvertures, 392 clics,
    # 49 désabonnements (exemple construit pour des divisions exactes).
    assert taux_rebond(200, 10_000) == pytest.approx(0.02)
    assert taux_ouverture(2450, 9800) == pytest.approx(0.25)
    assert taux_clics(392, 9800) == pytest.approx(0.04)
    assert taux_clics_ouverture(392, 2450) == pytest.approx(0.16)
    assert taux_desabonnement(49, 9800) == pytest.approx(0.005)
    # taux de clics = taux d'ouverture × taux de clics sur ouvertures
    assert taux_clics(392, 9800) == pytest.approx(taux_ouverture(2450, 9800) * taux_clics_ouverture(392, 2450))


def test_exemple_conversion_cac_manuel():
    # Exemple de manuel : 1 500 visites, 30 ventes → 2 % ; 10 000 € pour 200 nouveaux clients → 50 €.
    assert taux_conversion(30, 1500) == pytest.approx(0.02)
    assert cout_acquisition_client(10_000, 200) == pytest.approx(50)
    assert cout_par_lead(2000, 80) == pytest.approx(25)


def test_roi():
    assert retour_sur_investissement(15_000, 10_000) == pytest.approx(0.5)
    assert retour_sur_investissement(0, 10_000) == pytest.approx(-1)
    with pytest.raises(ValueError, match="cout vaut 0"):
        retour_sur_investissement(100, 0)


def test_attrition_retention_duree_de_vie():
    # Source 001 : 10 % de clients perdus par an → durée de vie moyenne de 10 ans.
    assert taux_attrition(100, 1000) == pytest.approx(0.1)
    assert taux_retention(900, 1000) == pytest.approx(1 - taux_attrition(100, 1000))
    assert duree_vie_moyenne(0.1) == pytest.approx(10)
    assert duree_vie_moyenne(1.0) == pytest.approx(1)
    with pytest.raises(ValueError, match="taux_attrition vaut 0"):
        duree_vie_moyenne(0)
    with pytest.raises(ValueError, match=r"taux_attrition vaut 10.*0\.1"):
        duree_vie_moyenne(10)


def test_engagement_peut_depasser_un():
    assert taux_engagement(150, 5000) == pytest.approx(0.03)
    assert taux_engagement_abonnes(150, 10_000) == pytest.approx(0.015)
    assert taux_engagement_abonnes(300, 100) == pytest.approx(3)  # publication virale


def test_denominateur_nul_message_exact():
    with pytest.raises(ValueError, match="emails_delivres vaut 0 : impossible de calculer un taux "
                                         "sans e-mail délivré"):
        taux_ouverture(0, 0)


@pytest.mark.parametrize("fonction, num, den, plafond", [t for t in TAUX if t[3]], ids=[
    f.__name__ for f, *_, p in TAUX if p])
def test_numerateur_superieur_au_denominateur(fonction, num, den, plafond):
    with pytest.raises(ValueError, match=f"{num} \\(120\\) dépasse {den} \\(100\\)"):
        fonction(120, 100)


# --------------------------------------------------------------------------- Reichheld et Sasser

def test_variation_profit_exemples_documentes():
    # Chiffres de la docstring (« +5 % de rétention → +25 % à +85 % de profit »,
    # Reichheld et Sasser, HBR 1990) dans le modèle à marge constante, +5 points.
    assert variation_profit_retention(0.80, 0.05, 0.10) == pytest.approx(0.275)
    assert variation_profit_retention(0.75, 0.05, 0.10) == pytest.approx(0.2444, abs=1e-4)
    assert variation_profit_retention(0.90, 0.05, 0.10) == pytest.approx(0.4074, abs=1e-4)
    assert variation_profit_retention(0.90, 0.05, 0.05) == pytest.approx(0.5833, abs=1e-4)
    assert variation_profit_retention(0.90, 0.05, 0.02) == pytest.approx(0.8095, abs=1e-4)
    assert variation_profit_retention(0.93, 0.05, 0.05) == pytest.approx(0.806, abs=1e-3)


def test_variation_profit_formule_et_modes():
    r, i = 0.8, 0.12
    attendu = multiple_marge(r + 0.05, i) / multiple_marge(r, i) - 1
    assert variation_profit_retention(r, 0.05, i) == pytest.approx(attendu)
    relatif = multiple_marge(r * 1.05, i) / multiple_marge(r, i) - 1
    assert variation_profit_retention(r, 0.05, i, mode="relatif") == pytest.approx(relatif)
    assert variation_profit_retention(r, 0.05, i, mode="relatif") < variation_profit_retention(r, 0.05, i)
    with pytest.raises(ValueError, match="mode"):
        variation_profit_retention(r, 0.05, i, mode="pourcent")


def test_variation_profit_horizon_fini_plus_faible():
    infinie = variation_profit_retention(0.9, 0.05, 0.1)
    finie = variation_profit_retention(0.9, 0.05, 0.1, horizon=5)
    assert 0 < finie < infinie
    assert variation_profit_retention(0.9, 0.05, 0.1, horizon=3000) == pytest.approx(infinie)


def test_variation_profit_erreurs():
    with pytest.raises(ValueError, match="dépasser 1"):
        variation_profit_retention(0.98, 0.05, 0.1)
    with pytest.raises(ValueError, match="horizon fini"):
        variation_profit_retention(0.95, 0.05, 0.0)
    assert variation_profit_retention(0.95, 0.05, 0.0, horizon=10) > 0
    with pytest.raises(ValueError, match="taux_retention vaut 0"):
        variation_profit_retention(0, 0.05, 0.1)
    with pytest.raises(ValueError, match=r"hausse vaut 5.*0\.05"):
        variation_profit_retention(0.8, 5, 0.1)


# --------------------------------------------------------------------------- erreurs

APPELS = {f.__name__: (f, {num: 10, den: 100}) for f, num, den, _ in TAUX}
APPELS.update({f.__name__: (f, {dep: 1000.0, den: 10}) for f, dep, den in COUTS})
APPELS["retour_sur_investissement"] = (retour_sur_investissement, {"gain": 150.0, "cout": 100.0})
APPELS["duree_vie_moyenne"] = (duree_vie_moyenne, {"taux_attrition": 0.1})
APPELS["variation_profit_retention"] = (variation_profit_retention,
                                        {"taux_retention": 0.8, "hausse": 0.05, "taux_actualisation": 0.1})
APPELS["variation_profit_retention_fini"] = (variation_profit_retention,
                                             {"taux_retention": 0.8, "hausse": 0.05,
                                              "taux_actualisation": 0.1, "horizon": 10})

APPELS["taux_marge"] = (taux_marge, {"marge": 40.0, "cout_achat_ht": 80.0})
APPELS["taux_marque"] = (taux_marque, {"marge": 40.0, "prix_vente_ht": 120.0})

# 2.5 est valide pour une dépense, un gain, un coût ou un taux (hausse 2.5 → refusé car > 1).
_DECIMAL_VALIDE = {"depense", "gain", "cout", "marge", "cout_achat_ht", "prix_vente_ht"}
CAS = [(nom, arg, m) for nom, (f, args) in APPELS.items() for arg in args for m in MAUVAISES
       if not (isinstance(m, float) and m == 2.5 and arg in _DECIMAL_VALIDE)
       and not (arg == "marge" and isinstance(m, int) and not isinstance(m, bool) and m == -1)  # une petite perte (vente à perte) est acceptée
       and not (arg == "horizon" and m is None)]


@pytest.mark.parametrize("nom, argument, mauvaise", CAS, ids=[f"{n}-{a}-{m!r}"[:60] for n, a, m in CAS])
def test_entrees_invalides_erreur_en_francais(nom, argument, mauvaise):
    fonction, arguments = APPELS[nom]
    with pytest.raises((ValueError, TypeError)) as erreur:
        fonction(**{**arguments, argument: mauvaise})
    assert argument in str(erreur.value)


@pytest.mark.parametrize("fonction, num, den, plafond", TAUX, ids=IDS_TAUX)
def test_denominateur_nul(fonction, num, den, plafond):
    with pytest.raises(ValueError, match=f"{den} vaut 0 : impossible"):
        fonction(0, 0)
    with pytest.raises(ValueError, match=f"{den} vaut 0 : impossible"):
        fonction(pd.Series([1, 0]), pd.Series([10, 0]))


def test_longueurs_differentes():
    with pytest.raises(ValueError, match="même nombre de valeurs"):
        taux_ouverture([1, 2, 3], [10, 20])


# --------------------------------------------------------------------------- propriétés

@REGLAGES
@given(st.integers(0, 10**9), st.integers(1, 10**9), st.sampled_from(TAUX))
def test_propriete_taux_dans_zero_un(a, b, cas):
    fonction, _, _, plafond = cas
    if plafond:
        a, b = min(a, b), max(a, b)
        t = fonction(a, b)
        assert isinstance(t, float) and 0 <= t <= 1
    else:
        t = fonction(a, b)
        assert isinstance(t, float) and np.isfinite(t) and t >= 0


@REGLAGES
@given(st.floats(0, 1e9), st.integers(1, 10**7), st.sampled_from(COUTS))
def test_propriete_couts(depense, n, cas):
    c = cas[0](depense, n)
    assert isinstance(c, float) and np.isfinite(c) and c >= 0
    assert c == pytest.approx(depense / n)


@REGLAGES
@given(st.floats(0, 1e9), st.floats(0.01, 1e9))
def test_propriete_roi(gain, cout):
    roi = retour_sur_investissement(gain, cout)
    assert np.isfinite(roi) and roi >= -1


@REGLAGES
@given(st.floats(1e-6, 1))
def test_propriete_duree_vie(a):
    d = duree_vie_moyenne(a)
    assert np.isfinite(d) and d >= 1 and d * a == pytest.approx(1)


@REGLAGES
@given(st.floats(0.01, 1), st.floats(0, 0.2), st.floats(0, 0.5), st.one_of(st.none(), st.integers(1, 100)),
       st.sampled_from(["points", "relatif"]))
def test_propriete_variation_profit(r, hausse, i, horizon, mode):
    r_apres = r + hausse if mode == "points" else r * (1 + hausse)
    assume(r_apres <= 1)
    if horizon is None:
        assume(r_apres < 1 + i - 1e-9)
    v = variation_profit_retention(r, hausse, i, horizon, mode=mode)
    assert isinstance(v, float) and np.isfinite(v) and v >= -1e-12


@REGLAGES
@given(st.lists(st.tuples(st.integers(0, 10**6), st.integers(1, 10**6)), min_size=1, max_size=10),
       st.sampled_from(TAUX))
def test_propriete_scalaires_et_series_meme_resultat(lignes, cas):
    fonction = cas[0]
    lignes = [(min(a, b), max(a, b)) for a, b in lignes]
    num, den = (pd.Series(c, index=[f"l{k}" for k in range(len(lignes))]) for c in zip(*lignes))
    serie = fonction(num, den)
    assert isinstance(serie, pd.Series) and serie.index.equals(num.index)
    assert serie.tolist() == pytest.approx([fonction(a, b) for a, b in lignes])
    assert fonction(num.to_numpy(), list(den)).tolist() == pytest.approx(serie.tolist())


@REGLAGES
@given(st.lists(st.tuples(st.floats(0.05, 0.9), st.floats(0, 0.05), st.floats(0, 0.3)),
                min_size=1, max_size=6))
def test_propriete_variation_profit_series(lignes):
    r, h, i = (pd.Series(c) for c in zip(*lignes))
    serie = variation_profit_retention(r, h, i)
    assert isinstance(serie, pd.Series)
    assert serie.tolist() == pytest.approx([variation_profit_retention(*l) for l in lignes])


@REGLAGES
@given(st.one_of(st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=5), st.none(),
                 st.integers(-10**6, 10**6), st.booleans()))
def test_propriete_entree_quelconque_jamais_autre_exception(x):
    for fonction, arguments in APPELS.values():
        for argument in arguments:
            try:
                resultat = fonction(**{**arguments, argument: x})
            except (ValueError, TypeError) as erreur:
                message = str(erreur)
                assert argument in message or "rétention" in message or "non fini" in message
            else:
                assert np.isfinite(np.asarray(resultat, dtype="float64")).all()


# --------------------------------------------------------------------------- marge, marque, réachat

def test_taux_marge_et_taux_marque_exemple_de_cours():
    # Achat 80 € HT, vente 120 € HT : marge 40 €. Taux de marge 50 %, taux de marque 1/3.
    cout, prix = 80.0, 120.0
    marge = prix - cout
    assert taux_marge(marge, cout) == pytest.approx(0.5)
    assert taux_marque(marge, prix) == pytest.approx(1 / 3)
    # Le taux de marge est toujours le plus grand des deux (marge positive).
    assert taux_marge(marge, cout) > taux_marque(marge, prix)


def test_taux_marge_peut_depasser_un_pas_le_taux_de_marque():
    assert taux_marge(30, 20) == pytest.approx(1.5)
    with pytest.raises(ValueError, match="marge .*dépasse prix_vente_ht"):
        taux_marque(130, 120)


def test_vente_a_perte_acceptee_mais_pas_prix_negatif():
    assert taux_marge(-10, 100) == pytest.approx(-0.1)
    assert taux_marque(-10, 90) == pytest.approx(-1 / 9)
    with pytest.raises(ValueError, match="prix de vente .*serait négatif"):
        taux_marge(-150, 100)
    with pytest.raises(ValueError, match="cout_achat_ht vaut 0"):
        taux_marge(10, 0)
    with pytest.raises(ValueError, match="prix_vente_ht vaut 0"):
        taux_marque(10, 0)
    with pytest.raises(TypeError, match="point décimal"):
        taux_marque("12,5", 100)


def test_taux_marge_series_et_ancien_sens_disparu():
    marge = pd.Series([10.0, -5.0])
    serie = taux_marge(marge, pd.Series([40.0, 50.0]))
    assert isinstance(serie, pd.Series) and list(serie) == pytest.approx([0.25, -0.1])
    with pytest.raises(TypeError):
        taux_marge(marge=45, chiffre_affaires=120)  # l'ancien paramètre n'existe plus


@REGLAGES
@given(st.floats(0.01, 1e6), st.floats(0.01, 1e6))
def test_propriete_marge_et_marque_se_deduisent(cout, marge):
    # Avec t = taux de marge et m = taux de marque : m = t / (1 + t) et t = m / (1 − m).
    prix = cout + marge
    t = taux_marge(marge, cout)
    m = taux_marque(marge, prix)
    assert m == pytest.approx(t / (1 + t), rel=1e-9)
    assert 0 <= m < 1 or m == pytest.approx(1)


def test_taux_reachat_distinct_de_la_conversion():
    assert taux_reachat(120, 400) == pytest.approx(0.3)
    with pytest.raises(ValueError, match="clients_revenus .*dépasse clients"):
        taux_reachat(500, 400)
    with pytest.raises(ValueError, match="clients vaut 0 : impossible de calculer un taux de réachat"):
        taux_reachat(0, 0)


def test_cout_fidelisation_pendant_du_cac():
    assert cout_fidelisation_client(12_000, 1_500) == 8.0
    # Le « multiple » des sources : CAC / coût de fidélisation.
    assert cout_acquisition_client(10_000, 200) / cout_fidelisation_client(12_000, 1_500) == 6.25
    with pytest.raises(ValueError, match="clients_conserves vaut 0"):
        cout_fidelisation_client(1000, 0)


def test_cout_par_visite():
    assert cout_par_visite(500, 1000) == 0.5
    with pytest.raises(ValueError, match="visites vaut 0"):
        cout_par_visite(500, 0)
