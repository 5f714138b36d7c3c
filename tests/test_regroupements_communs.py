"""Tests des regroupements communs : une ligne par client, totaux par catégorie."""

import doctest

import numpy as np
import pandas as pd
import pytest

from relation_client import regroupements
from relation_client.donnees import charger
from relation_client.regroupements import (
    chiffre_affaires_par_client,
    commandes_par_client,
    marge_par_client,
    panier_moyen_par_client,
    resume_par_client,
    totaux_par,
)

PETIT = pd.DataFrame({
    "commande_id": ["A1", "A2", "A3", "A4"],
    "client_id": ["C3", "C1", "C3", "C3"],
    "date_achat": pd.to_datetime(["2024-01-05", "2024-02-01", "2024-03-10", "2024-02-20"]),
    "montant_ttc": [12.0, 30.0, 18.0, 6.0],
    "montant_ht": [10.0, 25.0, 15.0, 5.0],
    "marge": [5.0, 12.5, 7.5, 2.5],
})


@pytest.fixture(scope="module")
def achats():
    return charger("achats")


COMMUNS = [chiffre_affaires_par_client, marge_par_client, commandes_par_client,
           panier_moyen_par_client, resume_par_client, totaux_par]


@pytest.mark.parametrize("fonction", COMMUNS, ids=[f.__name__ for f in COMMUNS])
def test_doctest_et_exportee(fonction):
    assert fonction.__name__ in regroupements.__all__
    essais = doctest.DocTestFinder().find(fonction, globs=vars(regroupements).copy())
    executeur = doctest.DocTestRunner()
    for essai in essais:
        executeur.run(essai)
    resultat = executeur.summarize(verbose=False)
    assert resultat.failed == 0 and resultat.attempted >= 1


def test_petit_tableau_calcule_a_la_main():
    copie = PETIT.copy()
    assert chiffre_affaires_par_client(PETIT).to_dict() == {"C1": 30.0, "C3": 36.0}
    assert chiffre_affaires_par_client(PETIT, hors_taxes=True).to_dict() == {"C1": 25.0, "C3": 30.0}
    assert marge_par_client(PETIT).to_dict() == {"C1": 12.5, "C3": 15.0}
    assert commandes_par_client(PETIT).to_dict() == {"C1": 1, "C3": 3}
    assert panier_moyen_par_client(PETIT).to_dict() == {"C1": 30.0, "C3": 12.0}
    assert panier_moyen_par_client(PETIT, hors_taxes=True).to_dict() == {"C1": 25.0, "C3": 10.0}
    resume = resume_par_client(PETIT)
    assert list(resume.columns) == ["commandes", "chiffre_affaires_ttc", "chiffre_affaires_ht", "marge",
                                    "premier_achat", "dernier_achat"]
    assert resume.loc["C3", "premier_achat"] == pd.Timestamp("2024-01-05")
    assert resume.loc["C3", "dernier_achat"] == pd.Timestamp("2024-03-10")
    pd.testing.assert_frame_equal(PETIT, copie)  # le tableau reçu n'est jamais modifié


def test_noms_et_index():
    ca = chiffre_affaires_par_client(PETIT)
    assert ca.name == "chiffre_affaires_ttc" and ca.index.name == "client_id"
    assert chiffre_affaires_par_client(PETIT, hors_taxes=True).name == "chiffre_affaires_ht"
    assert marge_par_client(PETIT).name == "marge"
    assert commandes_par_client(PETIT).name == "commandes"
    assert commandes_par_client(PETIT).dtype == np.int64


def test_invariance_a_l_ordre_des_lignes():
    melange = PETIT.sample(frac=1, random_state=3)
    pd.testing.assert_frame_equal(resume_par_client(melange), resume_par_client(PETIT))


def test_sommes_arrondies_au_centime():
    tableau = pd.DataFrame({"client_id": ["C1"] * 3, "montant_ttc": [0.1, 0.2, 0.3]})
    assert chiffre_affaires_par_client(tableau)["C1"] == 0.6  # et non 0.6000000000000001


def test_donnees_du_cours_coherentes(achats):
    ca = chiffre_affaires_par_client(achats)
    assert ca.sum() == pytest.approx(achats["montant_ttc"].sum(), abs=0.01 * len(ca))
    assert len(ca) == achats["client_id"].nunique()
    # Le nombre de commandes d'un client est son plus grand rang de commande.
    rang_max = achats.groupby("client_id")["rang_commande"].max()
    pd.testing.assert_series_equal(commandes_par_client(achats), rang_max.rename("commandes"),
                                   check_dtype=False)
    marge = marge_par_client(achats)
    assert (marge < chiffre_affaires_par_client(achats, hors_taxes=True)).all()
    resume = resume_par_client(achats)
    assert (resume["premier_achat"] <= resume["dernier_achat"]).all()


def test_totaux_par_source(achats):
    trafic = charger("trafic_web")
    totaux = totaux_par(trafic, "source")
    assert list(totaux.index) == list(trafic["source"].cat.categories)
    assert totaux["visites"].sum() == trafic["visites"].sum()
    assert "date" not in totaux.columns
    assert totaux.loc["direct", "depense"] == 0


@pytest.mark.parametrize("appel, message", [
    (lambda: chiffre_affaires_par_client(PETIT.drop(columns="montant_ttc")), "colonne.*montant_ttc"),
    (lambda: chiffre_affaires_par_client(PETIT.drop(columns="montant_ht"), hors_taxes=True),
     "colonne.*montant_ht"),
    (lambda: chiffre_affaires_par_client(PETIT, hors_taxes="oui"), "hors_taxes vaut 'oui'"),
    (lambda: marge_par_client(PETIT["marge"]), "tableau"),
    (lambda: commandes_par_client(PETIT.iloc[0:0]), "vide"),
    (lambda: marge_par_client(PETIT.assign(marge=["1", "2", "x", "4"])), "n'est pas un nombre"),
    (lambda: marge_par_client(PETIT.assign(marge=[1.0, np.nan, 2.0, 3.0])), "manquante"),
    (lambda: totaux_par(PETIT, "canal"), "colonne.*canal"),
    (lambda: totaux_par(PETIT, ["client_id"]), "nom d'une colonne"),
    (lambda: resume_par_client(PETIT.assign(date_achat="2024-01-01")), "dates"),
])
def test_erreurs_en_francais(appel, message):
    with pytest.raises((TypeError, ValueError), match=message):
        appel()
