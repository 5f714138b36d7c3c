"""Regroupements des exercices 01 et 02 : sélection d'une année, totaux, clients, fidélité.

Chaque fonction : le bon résultat sur un petit tableau fait à la main, le même résultat que le
calcul pandas sur les vrais jeux de données, le tableau reçu jamais modifié, des erreurs en français.
"""

from __future__ import annotations

import pandas as pd
import pytest

from relation_client.donnees import charger
from relation_client.regroupements import (
    bilan_programme_fidelite,
    nombre_clients,
    premieres_commandes,
    selection_periode,
    total,
)


@pytest.fixture
def trafic():
    return pd.DataFrame({
        "date": pd.to_datetime(["2024-12-31", "2025-01-01", "2025-12-31", "2026-01-01"]),
        "source": ["e-mail", "direct", "e-mail", "direct"],
        "visites": [10, 20, 30, 40],
        "depense": [1.5, 2.25, 3.0, 4.0],
    })


@pytest.fixture
def achats():
    return pd.DataFrame({
        "client_id": ["C1", "C1", "C2", "C3", "C3", "C3"],
        "date_achat": pd.to_datetime(["2024-05-01", "2025-02-01", "2025-03-01", "2025-04-01",
                                      "2025-05-01", "2025-06-01"]),
        "montant_ttc": [10.0, 20.0, 5.0, 40.0, 1.0, 2.0],
        "rang_commande": [1, 2, 1, 1, 2, 3],
    })


@pytest.fixture
def clients():
    return pd.DataFrame({"client_id": ["C1", "C2", "C3", "C4"],
                         "membre_programme": [True, False, False, True]})


# --- selection_periode ------------------------------------------------------------------------

def test_selection_periode_annee_garde_l_annee_civile(trafic):
    copie = trafic.copy()
    lignes = selection_periode(trafic, 2025)
    assert lignes["visites"].tolist() == [20, 30]
    assert list(lignes.columns) == list(trafic.columns)
    pd.testing.assert_frame_equal(trafic, copie)


def test_selection_periode_annee_prend_date_achat_puis_une_colonne_choisie(achats):
    assert selection_periode(achats, 2024)["client_id"].tolist() == ["C1"]
    avec_inscription = achats.rename(columns={"date_achat": "date_inscription"})
    assert len(selection_periode(avec_inscription, 2025, colonne_date="date_inscription")) == 5


def test_selection_periode_annee_vraies_donnees():
    trafic = charger("trafic_web")
    attendu = trafic[trafic["date"].dt.year == 2025]
    pd.testing.assert_frame_equal(selection_periode(trafic, 2025), attendu)


@pytest.mark.parametrize("annee, exception, morceau", [
    ("vingt", ValueError, "une année"),
    (2025.5, TypeError, "nombre entier"),
    (True, TypeError, "nombre entier"),
    (1990, ValueError, "années présentes : 2024, 2025, 2026"),
])
def test_selection_periode_annee_refus(trafic, annee, exception, morceau):
    with pytest.raises(exception, match=morceau):
        selection_periode(trafic, annee)


def test_selection_periode_annee_sans_colonne_de_dates():
    with pytest.raises(ValueError, match="aucune colonne de dates"):
        selection_periode(pd.DataFrame({"x": [1]}), 2025)
    with pytest.raises(TypeError, match="ne contient pas des dates"):
        selection_periode(pd.DataFrame({"date": ["2025-01-01"]}), 2025)
    with pytest.raises(TypeError, match="tableau de données"):
        selection_periode([1, 2], 2025)


# --- total -----------------------------------------------------------------------

def test_total_sans_condition(trafic):
    assert total(trafic, "visites") == 100
    assert isinstance(total(trafic, "visites"), int)
    assert total(trafic, "depense") == pytest.approx(10.75)


def test_total_sans_condition_vraies_donnees():
    trafic_2025 = selection_periode(charger("trafic_web"), 2025)
    assert total(trafic_2025, "depense") == pytest.approx(trafic_2025["depense"].sum(), abs=0.005)
    assert total(trafic_2025, "nouveaux_clients") == trafic_2025["nouveaux_clients"].sum()


@pytest.mark.parametrize("colonne, exception, morceau", [
    ("source", TypeError, "ne contient pas des nombres"),
    ("inconnue", ValueError, "inconnue"),
    (3, TypeError, "entre guillemets"),
])
def test_total_sans_condition_refus(trafic, colonne, exception, morceau):
    with pytest.raises(exception, match=morceau):
        total(trafic, colonne)


def test_total_sans_condition_cases_vides():
    with pytest.raises(ValueError, match="cases vides"):
        total(pd.DataFrame({"depense": [1.0, None]}), "depense")


# --- nombre_clients, premieres_commandes -----------------------------------------

def test_nombre_clients_compte_les_clients_pas_les_lignes(achats):
    assert nombre_clients(achats) == 3
    assert len(achats) == 6
    assert nombre_clients(achats[["client_id"]]) == 3   # sans année, la colonne client_id suffit


def test_premieres_commandes(achats):
    copie = achats.copy()
    premieres = premieres_commandes(achats)
    assert premieres["client_id"].tolist() == ["C1", "C2", "C3"]
    pd.testing.assert_frame_equal(achats, copie)


def test_nouveaux_clients_vraies_donnees():
    achats_2025 = selection_periode(charger("achats"), 2025)
    attendu = achats_2025.loc[achats_2025["rang_commande"] == 1, "client_id"].nunique()
    assert nombre_clients(premieres_commandes(achats_2025)) == attendu
    assert nombre_clients(achats_2025) == achats_2025["client_id"].nunique()
    assert attendu < nombre_clients(achats_2025)


def test_colonnes_manquantes():
    with pytest.raises(ValueError, match="client_id"):
        nombre_clients(pd.DataFrame({"x": [1]}))
    with pytest.raises(ValueError, match="rang_commande"):
        premieres_commandes(pd.DataFrame({"client_id": ["C1"]}))


# --- bilan_programme_fidelite ----------------------------------------------------------------

def test_bilan_programme_fidelite(achats, clients):
    copies = achats.copy(), clients.copy()
    bilan = bilan_programme_fidelite(achats, clients)
    assert list(bilan.index) == ["membres", "autres clients"]
    assert bilan.index.name == "groupe"
    assert bilan.to_dict("index") == {
        "membres": {"clients": 2, "clients_revenus": 1, "commandes": 2, "chiffre_affaires": 30.0},
        "autres clients": {"clients": 2, "clients_revenus": 1, "commandes": 4, "chiffre_affaires": 48.0},
    }
    pd.testing.assert_frame_equal(achats, copies[0])
    pd.testing.assert_frame_equal(clients, copies[1])


def test_bilan_programme_fidelite_vraies_donnees():
    achats, clients = charger("achats"), charger("clients")
    bilan = bilan_programme_fidelite(achats, clients)
    par_client = achats.groupby("client_id").agg(ca=("montant_ttc", "sum"), commandes=("commande_id", "size"))
    fiches = clients.merge(par_client, left_on="client_id", right_index=True, how="left").fillna(
        {"ca": 0.0, "commandes": 0})
    for groupe, membre in [("membres", True), ("autres clients", False)]:
        d = fiches[fiches["membre_programme"] == membre]
        assert bilan.loc[groupe, "clients"] == len(d)
        assert bilan.loc[groupe, "clients_revenus"] == (d["commandes"] >= 2).sum()
        assert bilan.loc[groupe, "commandes"] == d["commandes"].sum()
        assert bilan.loc[groupe, "chiffre_affaires"] == pytest.approx(d["ca"].sum(), abs=0.01)
    assert bilan["clients"].sum() == len(clients)


def test_bilan_programme_fidelite_refus(achats, clients):
    with pytest.raises(ValueError, match="n'existent pas dans clients"):
        bilan_programme_fidelite(achats, clients.iloc[:2])
    with pytest.raises(TypeError, match="Vrai/Faux"):
        bilan_programme_fidelite(achats, clients.assign(membre_programme=["oui", "non", "non", "oui"]))
    with pytest.raises(ValueError, match="plusieurs lignes"):
        bilan_programme_fidelite(achats, pd.concat([clients, clients.iloc[:1]]))
    with pytest.raises(ValueError, match="montant_ttc"):
        bilan_programme_fidelite(achats.drop(columns="montant_ttc"), clients)


# --- les exemples des docstrings -----------------------------------------------------------

@pytest.mark.parametrize("fonction", [selection_periode, total, nombre_clients,
                                      premieres_commandes, bilan_programme_fidelite],
                         ids=lambda f: f.__name__)
def test_exemples_des_docstrings(fonction):
    import doctest

    tests = doctest.DocTestFinder().find(fonction, globs={"pd": pd, fonction.__name__: fonction})
    assert tests and tests[0].examples, f"{fonction.__name__} n'a pas d'exemple dans sa docstring"
    coureur = doctest.DocTestRunner()
    for test in tests:
        coureur.run(test)
    assert coureur.failures == 0
