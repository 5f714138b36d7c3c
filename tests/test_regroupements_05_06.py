"""Tests des regroupements préparés pour les exercices 05 (KPI) et 06 (étude de cas).

Chaque fonction est comparée à un calcul pandas écrit ici autrement (petits tableaux construits
à la main, puis les jeux de données du cours), et ses erreurs sont en français.
"""

from __future__ import annotations

import pandas as pd
import pytest

from relation_client.donnees import charger
from relation_client.regroupements import (
    mesures_par_canal,
    nombre_clients,
    nombre_clients_revenus,
    nombre_clients_segment,
    selection_periode,
    totaux_par_reseau,
    totaux_trafic,
)


@pytest.fixture
def trafic():
    return pd.DataFrame({
        "date": pd.to_datetime(["2025-03-31", "2025-04-01", "2025-04-15", "2025-06-30", "2025-07-01"]),
        "source": ["display", "display", "e-mail", "display", "display"],
        "visites": [1, 10, 100, 1000, 10000],
        "commandes": [0, 1, 2, 3, 4],
        "depense": [0.5, 1.25, 0.0, 2.0, 8.0],
    })


@pytest.fixture
def achats():
    return pd.DataFrame({
        "client_id": ["C1", "C2", "C1", "C3", "C2", "C4"],
        "date_achat": pd.to_datetime(["2024-01-05", "2024-03-01", "2024-06-01", "2024-12-31",
                                      "2025-01-01", "2025-05-05"]),
        "montant_ttc": [10.0, 20.0, 30.0, 40.0, 50.0, 60.0],
        "marge": [4.0, 8.0, 12.0, 16.0, 20.0, 24.0],
    })


# --- selection_periode -------------------------------------------------------------------

def test_selection_periode_mois_compris(trafic):
    avant = trafic.copy()
    garde = selection_periode(trafic, "2025-04", "2025-06")
    assert garde["visites"].tolist() == [10, 100, 1000]
    assert selection_periode(trafic, "2025-04")["visites"].tolist() == [10, 100]
    assert len(selection_periode(trafic, "2025")) == 5
    assert len(selection_periode(trafic, 2025)) == 5
    pd.testing.assert_frame_equal(trafic, avant)


def test_selection_periode_date_achat(achats):
    assert selection_periode(achats, "2025")["client_id"].tolist() == ["C2", "C4"]


@pytest.mark.parametrize("debut, fin, morceau", [
    ("avril", None, "2025-04"),
    ("2025-13", None, "2025-04"),
    (2025.5, None, "entre guillemets"),
    ("2025-06", "2025-04", "avant le début"),
])
def test_selection_periode_refuse(trafic, debut, fin, morceau):
    with pytest.raises((ValueError, TypeError), match=morceau):
        selection_periode(trafic, debut, fin)


def test_selection_periode_sans_dates():
    with pytest.raises(TypeError, match="dates"):
        selection_periode(pd.DataFrame({"date": ["2025-01-01"]}), "2025")
    with pytest.raises(TypeError, match="tableau"):
        selection_periode([1, 2], "2025")


# --- totaux_trafic -----------------------------------------------------------------------

def test_totaux_trafic(trafic):
    t = totaux_trafic(trafic, "2025-04", "2025-06", source="display")
    assert t.to_dict() == {"visites": 1010, "commandes": 4, "depense": 3.25}
    assert t.visites == 1010  # lisible avec un point : totaux.visites
    tout = totaux_trafic(trafic)
    assert tout["visites"] == trafic["visites"].sum()
    assert totaux_trafic(trafic, "2025-04", "2025-06")["visites"] == 1110


def test_totaux_trafic_refuse(trafic):
    with pytest.raises(ValueError, match="Sources possibles : display, e-mail"):
        totaux_trafic(trafic, source="Display")
    with pytest.raises(ValueError, match="aucune ligne"):
        totaux_trafic(trafic, "2024")
    with pytest.raises(ValueError, match="sans debut"):
        totaux_trafic(trafic, fin="2025-04")


# --- totaux_par_reseau -------------------------------------------------------------------

def test_totaux_par_reseau():
    reseaux = pd.DataFrame({
        "date": pd.to_datetime(["2024-12-31", "2025-01-05", "2025-02-01", "2025-02-03"]),
        "plateforme": ["X", "TikTok", "TikTok", "X"], "abonnes": [7, 50, 60, 10],
        "portee": [9, 100, 200, 20], "impressions": [9, 150, 260, 30],
        "likes": [1, 5, 6, 1], "commentaires": [0, 1, 0, 0], "partages": [0, 0, 1, 0], "clics": [0, 2, 3, 1]})
    t = totaux_par_reseau(reseaux, "2025")
    assert t.loc["TikTok"].to_dict() == {"publications": 2, "interactions": 18, "portee": 300,
                                         "impressions": 410, "abonnes": 110}
    assert t.loc["X", "interactions"] == 2
    assert totaux_par_reseau(reseaux).loc["X", "publications"] == 2
    with pytest.raises(ValueError, match="colonne"):
        totaux_par_reseau(reseaux.drop(columns="clics"))


# --- clients -----------------------------------------------------------------------------

def test_nombre_clients(achats):
    assert nombre_clients(achats, 2024) == 3
    assert nombre_clients(achats, 2025) == 2
    assert nombre_clients(achats) == 4
    assert nombre_clients_revenus(achats, 2024) == 1  # seul C2 revient en 2025
    assert nombre_clients_revenus(achats, 2024, 2025) == 1


def test_nombre_clients_refuse(achats):
    with pytest.raises(ValueError, match="aucune commande de 2023"):
        nombre_clients(achats, 2023)
    with pytest.raises(TypeError, match="sans guillemets"):
        nombre_clients(achats, "2024")
    with pytest.raises(ValueError, match="après"):
        nombre_clients_revenus(achats, 2025, 2024)


def test_nombre_clients_segment():
    rfm = pd.DataFrame({"segment": pd.Categorical(["Champions", "À risque", "Champions"])})
    assert nombre_clients_segment(rfm, "Champions") == 2
    assert nombre_clients_segment(rfm, "À risque") == 1
    with pytest.raises(ValueError, match="Segments présents : Champions, À risque|Segments présents"):
        nombre_clients_segment(rfm, "champions")


# --- mesures_par_canal -------------------------------------------------------------------

def test_mesures_par_canal(achats):
    clients = pd.DataFrame({
        "client_id": ["C1", "C2", "C3", "C4"],
        "canal_acquisition": ["e-mail", "e-mail", "display", "display"],
        "date_inscription": pd.to_datetime(["2024-01-01", "2024-02-15", "2024-12-01", "2025-05-01"]),
    })
    m = mesures_par_canal(clients, achats, 2025)
    # C1 : 10 + 30 la 1re année ; C2 : 20 (l'achat du 01/01/2025 tombe aussi dans ses 12 mois) + 50
    assert m.loc["e-mail", "ca_premiere_annee"] == pytest.approx((40 + 70) / 2)
    assert m.loc["e-mail", "marge_premiere_annee"] == pytest.approx((16 + 28) / 2)
    # C3 (display) : 40 ; C4 est arrivé en 2025, il n'est pas compté
    assert m.loc["display", "ca_premiere_annee"] == pytest.approx(40)
    # actifs 2024 : C1, C2 (e-mail), C3 (display) ; revenus en 2025 : C2
    assert m.loc["e-mail", "retention"] == pytest.approx(0.5)
    assert m.loc["display", "retention"] == pytest.approx(0.0)
    with pytest.raises(ValueError, match="avant 2024"):
        mesures_par_canal(clients, achats, 2024)


# --- sur les jeux de données du cours ----------------------------------------------------

def test_sur_les_donnees_du_cours():
    trafic = charger("trafic_web")
    t = totaux_trafic(trafic, "2025-04", "2025-06", "influence")
    d = trafic[(trafic["date"] >= "2025-04-01") & (trafic["date"] < "2025-07-01")
               & (trafic["source"] == "influence")]
    assert t.commandes == d["commandes"].sum() and t.visites == d["visites"].sum()
    assert t.depense == pytest.approx(d["depense"].sum(), abs=0.01)

    reseaux = charger("reseaux_sociaux")
    r = totaux_par_reseau(reseaux, "2025")
    d = reseaux[reseaux["date"].dt.year == 2025]
    tiktok = d[d["plateforme"] == "TikTok"]
    assert r.loc["TikTok", "interactions"] == tiktok[["likes", "commentaires", "partages", "clics"]].to_numpy().sum()
    assert r["publications"].sum() == len(d)

    achats = charger("achats")
    ids = {a: set(achats.loc[achats["date_achat"].dt.year == a, "client_id"]) for a in (2024, 2025)}
    assert nombre_clients(achats, 2024) == len(ids[2024])
    assert nombre_clients_revenus(achats, 2024) == len(ids[2024] & ids[2025])
    assert nombre_clients(achats) == achats["client_id"].nunique()

    m = mesures_par_canal(charger("clients"), achats)
    assert list(m.columns) == ["ca_premiere_annee", "marge_premiere_annee", "retention"]
    assert len(m) == 8 and m["retention"].between(0, 1).all()
    assert (m["marge_premiere_annee"] < m["ca_premiere_annee"]).all()
