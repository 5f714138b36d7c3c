"""Regroupements des exercices 03 et 04 : total avec conditions, mois calmes et chargés."""

from __future__ import annotations

import doctest

import pandas as pd
import pytest

from relation_client import regroupements
from relation_client.donnees import charger
from relation_client.regroupements import desabonnements_mois_charges, total

FONCTIONS = [total, desabonnements_mois_charges]


@pytest.mark.parametrize("fonction", FONCTIONS, ids=lambda f: f.__name__)
def test_doctests(fonction):
    finder = doctest.DocTestFinder()
    runner = doctest.DocTestRunner()
    tests = finder.find(fonction, fonction.__name__, globs={"pd": pd, **vars(regroupements)})
    assert tests and tests[0].examples, f"{fonction.__name__} n'a pas d'exemple"
    for test in tests:
        runner.run(test)
    assert runner.failures == 0


def test_exportees():
    for fonction in FONCTIONS:
        assert fonction.__name__ in regroupements.__all__


# --- total -------------------------------------------------------------------------------

def _trafic():
    return pd.DataFrame({"date": pd.to_datetime(["2024-12-31", "2025-01-01", "2025-06-30", "2026-01-01"]),
                         "source": ["direct", "e-mail", "direct", "e-mail"],
                         "visites": [1, 20, 300, 4_000]})


def test_total_avec_et_sans_conditions():
    trafic = _trafic()
    avant = trafic.copy()
    assert total(trafic, "visites") == 4_321
    assert total(trafic, "visites", source="direct") == 301
    assert isinstance(total(trafic, "visites"), int)
    pd.testing.assert_frame_equal(trafic, avant)
    influence = pd.DataFrame({"categorie": ["micro", "macro", "micro"], "plateforme": ["X", "X", "TikTok"],
                              "cout": [800.5, 3000.0, 500.25]})
    assert total(influence, "cout", categorie="micro") == pytest.approx(1300.75)
    assert total(influence, "cout", categorie="micro", plateforme="TikTok") == pytest.approx(500.25)
    assert isinstance(total(influence, "cout"), float)


def test_total_sur_les_donnees_du_cours():
    influence = charger("campagnes_influence")
    micro = influence[influence["categorie"] == "micro"]
    assert total(influence, "marge", categorie="micro") == pytest.approx(micro["marge"].sum(), abs=0.01)
    assert total(influence, "visites", categorie="micro") == micro["visites"].sum()
    emails = charger("campagnes_email")
    promo = emails[emails["type_campagne"] == "promotion"]
    assert total(emails, "delivres", type_campagne="promotion") == promo["delivres"].sum()


def test_total_faute_de_frappe_propose_la_bonne_valeur():
    trafic = pd.DataFrame({"source": ["réseaux sociaux", "direct"], "visites": [5, 6]})
    with pytest.raises(ValueError, match=r"valeurs possibles : réseaux sociaux, direct\. Vouliez-vous"):
        total(trafic, "visites", source="Reseaux sociaux")
    with pytest.raises(ValueError, match="valeurs possibles") as info:
        total(trafic, "visites", source="radio")
    assert "Vouliez-vous" not in str(info.value)


@pytest.mark.parametrize("appel, erreur, morceau", [
    (lambda t: total(t, "visite"), ValueError, "visite"),
    (lambda t: total(t, "source"), TypeError, "ne contient pas des nombres"),
    (lambda t: total(t, 3), TypeError, "entre guillemets"),
    (lambda t: total(t, "visites", canal="e-mail"), ValueError, "canal"),
])
def test_total_refus(appel, erreur, morceau):
    with pytest.raises(erreur, match=morceau):
        appel(_trafic())


def test_total_refuse_une_valeur_manquante():
    with pytest.raises(ValueError, match="cases vides"):
        total(pd.DataFrame({"visites": [1.0, float("nan")]}), "visites")


# --- desabonnements_mois_charges -------------------------------------------------------

def _emails():
    return pd.DataFrame({
        "date_envoi": pd.to_datetime(["2025-01-02", "2025-01-09", "2025-01-16", "2025-02-01",
                                      "2025-03-03", "2025-03-04", "2025-03-05"]),
        "delivres": [100, 200, 300, 400, 500, 600, 700],
        "desabonnements": [1, 2, 3, 4, 5, 6, 7]})


def test_desabonnements_mois_charges():
    emails = _emails()
    avant = emails.copy()
    r = desabonnements_mois_charges(emails, seuil=3)
    assert list(r.index) == ["2 campagnes ou moins", "3 campagnes ou plus"]
    assert r.to_dict("index") == {
        "2 campagnes ou moins": {"mois": 1, "campagnes": 1, "delivres": 400, "desabonnements": 4},
        "3 campagnes ou plus": {"mois": 2, "campagnes": 6, "delivres": 2_400, "desabonnements": 24}}
    pd.testing.assert_frame_equal(emails, avant)
    assert list(desabonnements_mois_charges(emails, seuil=2).index) == ["1 campagne", "2 campagnes ou plus"]
    assert list(desabonnements_mois_charges(emails, seuil=5).index) == ["4 campagnes ou moins"]


def test_desabonnements_mois_charges_sur_les_donnees_du_cours():
    emails = charger("campagnes_email")
    r = desabonnements_mois_charges(emails)
    assert r["campagnes"].sum() == len(emails)
    assert r["delivres"].sum() == emails["delivres"].sum()
    assert r["desabonnements"].sum() == emails["desabonnements"].sum()
    mois = emails["date_envoi"].dt.to_period("M")
    assert r["mois"].sum() == mois.nunique()
    charges = emails.groupby(mois)["campagne_id"].transform("size") >= 5
    assert r.loc["5 campagnes ou plus", "desabonnements"] == emails.loc[charges, "desabonnements"].sum()


@pytest.mark.parametrize("seuil, erreur, morceau", [
    ("5", TypeError, "sans guillemets"), (1, ValueError, "supérieur ou égal à 2"), (2.5, ValueError, "entier"),
])
def test_desabonnements_mois_charges_refus(seuil, erreur, morceau):
    with pytest.raises(erreur, match=morceau):
        desabonnements_mois_charges(_emails(), seuil=seuil)


def test_desabonnements_mois_charges_dates_en_texte():
    emails = _emails().assign(date_envoi=lambda t: t["date_envoi"].dt.strftime("%d/%m/%Y"))
    with pytest.raises(TypeError, match="dates"):
        desabonnements_mois_charges(emails)
