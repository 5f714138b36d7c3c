"""Regroupements des leçons 00 à 02 (relation_client.regroupements)."""

import doctest

import pandas as pd
import pytest

from relation_client import indicateurs, regroupements, segmentation
from relation_client.donnees import charger
from relation_client.regroupements import (
    bilan_retention,
    budget_et_chiffre_affaires,
    cac_par_canal,
    clients_gardes,
    commandes_moyennes_par_client,
    cout_acquisition_moyen,
    depense_fidelisation,
    entonnoir_clients,
    marge_annuelle_moyenne,
    marge_moyenne_premier_achat,
    nombre_clients_deuxieme_achat,
    panier_moyen_ht,
)

NOMS = ["cout_acquisition_moyen", "marge_moyenne_premier_achat", "nombre_clients_deuxieme_achat",
        "entonnoir_clients", "cac_par_canal", "depense_fidelisation", "clients_gardes",
        "budget_et_chiffre_affaires", "bilan_retention", "panier_moyen_ht",
        "commandes_moyennes_par_client", "marge_annuelle_moyenne"]


@pytest.fixture(scope="module")
def donnees():
    return {nom: charger(nom) for nom in ("clients", "achats", "trafic_web", "campagnes_email")}


@pytest.mark.parametrize("nom", NOMS)
def test_exportee_et_doctest(nom):
    assert nom in regroupements.__all__
    fonction = getattr(regroupements, nom)
    assert fonction.__doc__ and ">>>" in fonction.__doc__
    finder = doctest.DocTestFinder()
    runner = doctest.DocTestRunner()
    for test in finder.find(fonction, nom, globs=vars(regroupements).copy()):
        runner.run(test)
    assert runner.failures == 0 and runner.tries > 0


def test_petit_exemple_complet():
    achats = pd.DataFrame({
        "client_id": ["A", "A", "B", "C", "C", "C"],
        "date_achat": pd.to_datetime(["2024-01-01", "2025-02-01", "2024-03-01", "2024-05-01",
                                      "2024-06-01", "2025-07-01"]),
        "rang_commande": [1, 2, 1, 1, 2, 3],
        "montant_ht": [10.0, 20.0, 30.0, 40.0, 50.0, 60.0],
        "marge": [4.0, 8.0, 12.0, 16.0, 20.0, 24.0],
    })
    copie = achats.copy()
    assert nombre_clients_deuxieme_achat(achats) == 2
    assert marge_moyenne_premier_achat(achats) == pytest.approx((4 + 12 + 16) / 3)
    assert panier_moyen_ht(achats) == pytest.approx(35.0)
    assert commandes_moyennes_par_client(achats) == pytest.approx(2.0)
    assert marge_annuelle_moyenne(achats) == pytest.approx(84 / 3)
    bilan = bilan_retention(achats, 2024)
    assert (bilan["clients"], bilan["conserves"], bilan["perdus"]) == (3, 2, 1)
    assert bilan["taux_retention"] == pytest.approx(2 / 3)
    assert clients_gardes(achats) == 2
    pd.testing.assert_frame_equal(achats, copie)  # le tableau reçu n'est pas modifié


def test_entonnoir_compte_des_personnes_sur_les_donnees_du_cours(donnees):
    trafic, achats = donnees["trafic_web"], donnees["achats"]
    etapes = entonnoir_clients(trafic, achats)
    assert list(etapes.index) == ["Contacts qualifiés (leads)", "Premier achat", "Deuxième achat"]
    assert etapes.iloc[0] == trafic["leads"].sum()
    assert etapes.iloc[1] == trafic["nouveaux_clients"].sum()
    # Deuxième achat = clients qui ont une commande de rang 2 : deux définitions qui concordent.
    assert etapes.iloc[2] == achats.loc[achats["rang_commande"] == 2, "client_id"].nunique()
    assert etapes.is_monotonic_decreasing


def test_cac_par_canal_concorde_avec_le_fichier_clients(donnees):
    table = cac_par_canal(donnees["trafic_web"])
    assert table.index.name == "Canal"
    assert table["cac"].is_monotonic_decreasing
    assert table["depense"].sum() == pytest.approx(donnees["trafic_web"]["depense"].sum())
    par_client = donnees["clients"].groupby("canal_acquisition", observed=True)["cout_acquisition"].mean()
    par_client.index = par_client.index.astype(str)
    ecart = (par_client.reindex(table.index) - table["cac"]).abs().max()
    assert ecart < 0.01
    moyen = cout_acquisition_moyen(donnees["clients"])
    cac_global = indicateurs.cout_acquisition_client(table["depense"].sum(), table["nouveaux_clients"].sum())
    assert moyen == pytest.approx(cac_global, rel=1e-3)


def test_depense_fidelisation_et_budget(donnees):
    emails, trafic, achats = donnees["campagnes_email"], donnees["trafic_web"], donnees["achats"]
    toutes = depense_fidelisation(emails)
    depuis_2024 = depense_fidelisation(emails, depuis=2024)
    bienvenue = emails.loc[emails["type_campagne"] == "bienvenue", "cout"].sum()
    assert toutes == pytest.approx(emails["cout"].sum() - bienvenue)
    assert 0 < depuis_2024 < toutes
    parts = budget_et_chiffre_affaires(trafic, emails, achats)
    assert len(parts) == 3 and ((parts > 0) & (parts < 1)).all()
    assert parts.iloc[1] == pytest.approx(toutes / trafic["depense"].sum())


def test_bilan_retention_reprend_la_retention_annuelle(donnees):
    achats = donnees["achats"]
    attendu = segmentation.retention_annuelle(achats).loc["2024 → 2025"]
    bilan = bilan_retention(achats, 2024)
    assert bilan["taux_retention"] == pytest.approx(attendu["taux_retention"])
    assert bilan["taux_attrition"] == pytest.approx(1 - bilan["taux_retention"])
    assert clients_gardes(achats) == segmentation.retention_annuelle(achats)["conserves"].sum()


@pytest.mark.parametrize("appel, erreur, message", [
    (lambda: bilan_retention(pd.DataFrame({"client_id": ["A"], "date_achat": ["2024-01-01"]}), 2024),
     ValueError, "deux années civiles consécutives"),
    (lambda: bilan_retention(pd.DataFrame({"client_id": ["A", "A"],
                                           "date_achat": ["2024-01-01", "2025-01-01"]}), 2030),
     ValueError, "rétention de 2030 à 2031"),
    (lambda: bilan_retention(pd.DataFrame({"client_id": ["A"], "date_achat": ["2024-01-01"]}), "2024"),
     TypeError, "nombre entier"),
    (lambda: depense_fidelisation(pd.DataFrame({"type_campagne": ["promotion"],
                                                "date_envoi": ["2024-01-01"], "cout": [1.0]}), 2024.5),
     TypeError, "année"),
    (lambda: marge_moyenne_premier_achat(pd.DataFrame({"rang_commande": [2], "marge": [3.0]})),
     ValueError, "aucune commande de rang 1"),
    (lambda: cout_acquisition_moyen(pd.DataFrame({"client_id": ["A"]})),
     ValueError, "cout_acquisition"),
    (lambda: panier_moyen_ht(pd.DataFrame({"montant_ht": []})), ValueError, "vide"),
    (lambda: entonnoir_clients("trafic", pd.DataFrame({"client_id": ["A"]})), TypeError, "tableau"),
    (lambda: budget_et_chiffre_affaires(
        pd.DataFrame({"source": ["direct"], "depense": [0.0]}),
        pd.DataFrame({"type_campagne": ["promotion"], "date_envoi": ["2024-01-01"], "cout": [1.0]}),
        pd.DataFrame({"rang_commande": [1], "montant_ttc": [10.0]})), ValueError, "strictement positifs"),
])
def test_erreurs_en_francais(appel, erreur, message):
    with pytest.raises(erreur, match=message):
        appel()
