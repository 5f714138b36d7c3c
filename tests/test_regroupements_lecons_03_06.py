"""Regroupements des leçons 03 à 06 (réseaux sociaux, e-mails, budget, totaux par année et par mois)."""

import pandas as pd
import pytest

from relation_client import simulations
from relation_client.donnees import charger
from relation_client.regroupements import (
    abonnes_fin_annee, budget_fidelisation_par_annee, desabonnements_par_pression, interactions_par,
    marge_par_canal_acquisition, marge_premiere_annee_par_canal, panier_moyen_adherents,
    part_du_total, reglages_budget, retention_par_canal, scenarios_budget, sources_payantes,
    totaux_par)


@pytest.fixture(scope="module")
def donnees():
    return {nom: charger(nom) for nom in ["clients", "achats", "trafic_web", "reseaux_sociaux",
                                          "campagnes_email"]}


def test_interactions_par_additionne_les_quatre_reactions(donnees):
    reseaux = donnees["reseaux_sociaux"]
    avant = reseaux.copy()
    table = interactions_par(reseaux, "plateforme")
    attendu = reseaux[["likes", "commentaires", "partages", "clics"]].to_numpy().sum()
    assert table["interactions"].sum() == attendu
    assert table["portee"].sum() == reseaux["portee"].sum()
    pd.testing.assert_frame_equal(reseaux, avant)  # le tableau reçu n'est pas modifié
    with pytest.raises(ValueError, match="colonne"):
        interactions_par(reseaux.drop(columns=["clics"]), "plateforme")


def test_part_du_total():
    parts = part_du_total(pd.Series({"a": 1, "b": 3}))
    assert parts.to_dict() == {"a": 0.25, "b": 0.75}
    with pytest.raises(ValueError, match="que des zéros"):
        part_du_total(pd.Series({"a": 0, "b": 0}))
    with pytest.raises(ValueError, match="négatif"):
        part_du_total(pd.Series({"a": -1, "b": 3}))
    with pytest.raises(TypeError, match="colonne d'un tableau"):
        part_du_total([1, 2])


def test_marge_par_canal_acquisition_compte_tous_les_achats(donnees):
    clients, achats = donnees["clients"], donnees["achats"]
    marges = marge_par_canal_acquisition(clients, achats)
    assert marges.sum() == pytest.approx(achats["marge"].sum(), abs=0.05)
    venus = clients.loc[clients["canal_acquisition"] == "influence", "client_id"]
    assert marges["influence"] == pytest.approx(achats.loc[achats["client_id"].isin(venus), "marge"].sum(),
                                                abs=0.05)
    inconnu = pd.DataFrame({"client_id": ["ZZZ"], "marge": [1.0]})
    with pytest.raises(ValueError, match="absents du tableau clients"):
        marge_par_canal_acquisition(clients, inconnu)


def test_panier_moyen_adherents(donnees):
    clients, achats = donnees["clients"], donnees["achats"]
    panier = panier_moyen_adherents(clients, achats, 2025)
    assert 5 < panier < 500
    with pytest.raises(TypeError, match="nombre entier"):
        panier_moyen_adherents(clients, achats, "2025")
    with pytest.raises(ValueError, match="aucune commande"):
        panier_moyen_adherents(clients, achats, 2031)


def test_desabonnements_par_pression_petit_exemple():
    emails = pd.DataFrame({
        "date_envoi": pd.to_datetime(["2025-03-01", "2025-01-01", "2025-01-10", "2025-01-20"]),
        "type_campagne": ["newsletter", "newsletter", "promotion", "newsletter"],
        "delivres": [100, 100, 100, 100], "desabonnements": [1, 1, 3, 4]})
    table = desabonnements_par_pression(emails)
    # pressions : 01/01 → 1, 10/01 → 2, 20/01 → 3, 01/03 → 1
    assert table.to_dict("index") == {1: {"campagnes": 2, "delivres": 200, "desabonnements": 2},
                                      2: {"campagnes": 1, "delivres": 100, "desabonnements": 3},
                                      3: {"campagnes": 1, "delivres": 100, "desabonnements": 4}}
    newsletters = desabonnements_par_pression(emails, type_campagne="newsletter")
    assert list(newsletters.index) == [1, 3]  # la promotion compte dans la pression, pas dans le tableau
    with pytest.raises(ValueError, match="aucune campagne de type"):
        desabonnements_par_pression(emails, type_campagne="soldes")
    with pytest.raises(ValueError, match="nombre entier de jours"):
        desabonnements_par_pression(emails, jours=0)


def test_desabonnements_par_pression_sur_les_donnees(donnees):
    emails = donnees["campagnes_email"]
    table = desabonnements_par_pression(emails)
    assert table["campagnes"].sum() == len(emails)
    assert table["desabonnements"].sum() == emails["desabonnements"].sum()


def test_totaux_par_annee_et_par_mois(donnees):
    trafic = donnees["trafic_web"]
    par_annee = totaux_par(trafic, "annee")
    assert list(par_annee.index) == [2023, 2024, 2025] and par_annee.index.name == "annee"
    assert par_annee["visites"].sum() == trafic["visites"].sum()
    attendu = trafic.groupby(trafic["date"].dt.year)["depense"].sum().round(2)
    assert par_annee["depense"].tolist() == attendu.tolist()
    par_mois = totaux_par(trafic, "mois")
    assert len(par_mois) == 36 and par_mois["commandes"].sum() == trafic["commandes"].sum()
    assert par_mois.index[0] == pd.Timestamp("2023-01-01") and par_mois.index.name == "mois"
    achats = donnees["achats"]
    par_annee_achats = totaux_par(achats, "annee")       # date_achat trouvée seule
    assert par_annee_achats["montant_ttc"].sum() == pytest.approx(achats["montant_ttc"].sum(), abs=0.05)
    inscrits = totaux_par(donnees["clients"], "annee", colonne_date="date_inscription")
    assert "cout_acquisition" in inscrits.columns
    with pytest.raises(TypeError, match="ne contient pas des dates"):
        totaux_par(trafic.assign(date=trafic["date"].astype(str)), "annee")
    with pytest.raises(ValueError, match="aucune colonne de dates"):
        totaux_par(trafic.drop(columns="date"), "mois")


def test_abonnes_fin_annee_est_un_stock(donnees):
    reseaux = donnees["reseaux_sociaux"]
    table = abonnes_fin_annee(reseaux)
    dernier = reseaux.sort_values("date")
    dernier = dernier[dernier["plateforme"] == "Instagram"].iloc[-1]
    assert table.loc[2025, "Instagram"] == dernier["abonnes"]
    assert pd.isna(table.loc[2023, "TikTok"])  # compte ouvert en 2024


def test_marge_premiere_annee_et_retention_par_canal(donnees):
    clients, achats = donnees["clients"], donnees["achats"]
    marge = marge_premiere_annee_par_canal(clients, achats, 2025)
    assert (marge > 0).all()
    retention = retention_par_canal(clients, achats, 2024)
    acheteurs_2024 = achats.loc[achats["date_achat"].dt.year == 2024, "client_id"].nunique()
    assert retention["clients"].sum() == acheteurs_2024
    assert (retention["conserves"] <= retention["clients"]).all()
    with pytest.raises(ValueError, match="pas encore observée"):
        retention_par_canal(clients, achats, 2025)


def test_sources_payantes_et_budget_fidelisation(donnees):
    payantes = sources_payantes(donnees["trafic_web"])
    assert "display" in payantes and "direct" not in payantes
    emails = donnees["campagnes_email"]
    budget = budget_fidelisation_par_annee(emails)
    attendu = emails.loc[emails["type_campagne"] != "bienvenue", "cout"].sum()
    assert budget.sum() == pytest.approx(attendu, abs=0.05)


def test_reglages_et_scenarios_budget(donnees):
    reglages = reglages_budget(donnees["trafic_web"], donnees["achats"], 2025)
    assert set(reglages) == {"budget", "cout_acquisition_client", "taux_retention_base",
                             "marge_annuelle", "clients_actuels", "efficacite_fidelisation"}
    assert 0 < reglages["taux_retention_base"] < 1
    table = scenarios_budget({"Rien": 0.0, "Moitié": 0.5}, **reglages)
    seul = simulations.repartition_budget(part_fidelisation=0.5, **reglages)
    assert table.loc["Moitié", "profit_total"] == pytest.approx(seul.attrs["profit_total"])
    assert table.loc["Moitié", "taux_retention"] > table.loc["Rien", "taux_retention"]
    with pytest.raises(ValueError, match="entre 0 et 1"):
        reglages_budget(donnees["trafic_web"], donnees["achats"], 2025, efficacite_fidelisation=5)
    with pytest.raises(TypeError, match="accolades"):
        scenarios_budget([0.5], **reglages)


def test_meilleurs_clients_conserves(donnees):
    from relation_client.regroupements import meilleurs_clients_conserves
    achats = donnees["achats"]
    meilleurs = meilleurs_clients_conserves(achats, 2024, 0.20)
    acheteurs_2024 = achats.loc[achats["date_achat"].dt.year == 2024, "client_id"].nunique()
    assert meilleurs["clients"] == -(-acheteurs_2024 * 20 // 100)
    assert 0 < meilleurs["conserves"] <= meilleurs["clients"]
    tous = meilleurs_clients_conserves(achats, 2024, 1.0)
    assert tous["clients"] == acheteurs_2024
    # Les meilleurs clients restent plus souvent que l'ensemble des clients.
    assert meilleurs["conserves"] / meilleurs["clients"] > tous["conserves"] / tous["clients"]
    with pytest.raises(ValueError, match="supérieure à 0"):
        meilleurs_clients_conserves(achats, 2024, 0)
    with pytest.raises(ValueError, match="entre 0 et 1"):
        meilleurs_clients_conserves(achats, 2024, 20)
