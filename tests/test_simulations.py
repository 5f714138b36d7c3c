"""Modèles des simulateurs : cas calculés à la main, invariants, reproductibilité, erreurs."""

import math

import numpy as np
import pandas as pd
import pytest

from relation_client import indicateurs, valeur
from relation_client.simulations import (
    TWEETS_HM_2018,
    courbe_repartition_budget,
    diffusion_bad_buzz,
    effet_bloqueurs,
    entonnoir,
    meilleure_repartition,
    pression_email,
    programme_points,
    repartition_budget,
    roi_influence,
)

BUDGET = dict(budget=200_000, cout_acquisition_client=100, taux_retention_base=0.6, marge_annuelle=60,
              clients_actuels=10_000, efficacite_fidelisation=0.05)


# --------------------------------------------------------------------------- entonnoir

def test_entonnoir_cas_a_la_main():
    r = entonnoir(10_000, 0.05, 0.2, 0.3, 5_000)
    assert (r["leads"], r["premiers_achats"], r["clients_fideles"]) == (500, 100, 30)
    assert r["cout_par_lead"] == pytest.approx(10.0)
    assert r["cout_acquisition_client"] == pytest.approx(50.0)
    assert r["conversion_globale"] == pytest.approx(0.01)


def test_entonnoir_arrondit_les_personnes():
    r = entonnoir(1_000, 0.037, 0.5, 0.5, 100)
    assert r["leads"] == 37 and r["premiers_achats"] == 19 and r["clients_fideles"] == 10


def test_entonnoir_monotone_en_visites():
    precedents = None
    for visites in range(10_000, 60_000, 10_000):
        r = entonnoir(visites, 0.05, 0.2, 0.3, 5_000)
        assert r["leads"] >= r["premiers_achats"] >= r["clients_fideles"]
        if precedents:
            assert r["premiers_achats"] >= precedents["premiers_achats"]
            assert r["cout_acquisition_client"] <= precedents["cout_acquisition_client"]
        precedents = r


def test_entonnoir_sans_lead_refuse_en_francais():
    with pytest.raises(ValueError, match="leads vaut 0"):
        entonnoir(100, 0.001, 0.2, 0.3, 1_000)


@pytest.mark.parametrize("arguments, motif", [
    ((10_000, 5, 0.2, 0.3, 100), "Pour 5 %, écrivez 0.05"),
    ((-1, 0.05, 0.2, 0.3, 100), "négatif"),
    (("10000", 0.05, 0.2, 0.3, 100), "sans guillemets"),
    (([1, 2], 0.05, 0.2, 0.3, 100), "un seul nombre"),
])
def test_entonnoir_mauvaises_entrees(arguments, motif):
    with pytest.raises((ValueError, TypeError), match=motif):
        entonnoir(*arguments)


# --------------------------------------------------------------------------- pression e-mail

def test_pression_un_envoi_cas_a_la_main():
    t = pression_email(10_000, 1, 0.25, 0.03, 0.002, 0.3, mois=2)
    assert t["desabonnements"].tolist() == pytest.approx([20.0, 19.96])
    assert t["ouvertures"].iloc[0] == pytest.approx(2_500)
    assert t["clics"].iloc[0] == pytest.approx(300)
    assert t["taux_desabonnement_email"].iloc[0] == pytest.approx(0.002)


def test_pression_formule_de_la_pression():
    t = pression_email(10_000, 4, 0.25, 0.03, 0.002, 0.3, mois=1)
    pression = 1 + 0.3 * 3
    assert t["taux_desabonnement_email"].iloc[0] == pytest.approx(0.002 * pression)
    assert t["taux_ouverture_email"].iloc[0] == pytest.approx(0.25 / pression)
    u = 0.002 * pression
    assert t["desabonnements"].iloc[0] == pytest.approx(10_000 * (1 - (1 - u) ** 4))


def test_pression_conservation_des_abonnes():
    t = pression_email(25_000, 6, 0.3, 0.04, 0.003, 0.5, mois=24)
    assert np.allclose(t["abonnes_fin"], t["abonnes_debut"] - t["desabonnements"])
    assert np.allclose(t["abonnes_debut"].iloc[1:].to_numpy(), t["abonnes_fin"].iloc[:-1].to_numpy())
    assert t["abonnes_fin"].iloc[-1] == pytest.approx(25_000 - t["desabonnements"].sum())
    assert (t["clics"] <= t["ouvertures"]).all() and (t["ouvertures"] <= t["envois"]).all()


def test_pression_plus_d_envois_plus_de_departs():
    pertes = [pression_email(10_000, n, 0.25, 0.03, 0.002, 0.3)["desabonnements"].sum() for n in range(1, 20)]
    assert all(b > a for a, b in zip(pertes, pertes[1:]))


def test_pression_sans_sensibilite_les_taux_ne_bougent_pas():
    t = pression_email(10_000, 10, 0.25, 0.03, 0.002, 0.0, mois=1)
    assert t["taux_ouverture_email"].iloc[0] == pytest.approx(0.25)
    assert t["taux_desabonnement_email"].iloc[0] == pytest.approx(0.002)


def test_pression_clics_optimum_interieur():
    clics = [pression_email(10_000, n, 0.25, 0.03, 0.002, 0.3)["clics"].sum() for n in range(1, 31)]
    meilleur = int(np.argmax(clics)) + 1
    assert 1 < meilleur < 30


def test_pression_mauvaises_entrees():
    with pytest.raises(ValueError, match="taux_clics"):
        pression_email(10_000, 4, 0.02, 0.03, 0.002, 0.3)
    with pytest.raises(ValueError, match="entier"):
        pression_email(10_000, 2.5, 0.25, 0.03, 0.002, 0.3)
    with pytest.raises(ValueError, match="écrivez 0.25"):
        pression_email(10_000, 2, 25, 0.03, 0.002, 0.3)


# --------------------------------------------------------------------------- bad buzz

def test_bad_buzz_reproductible_et_coherent():
    a = diffusion_bad_buzz(200, 0.02, 300, 14, graine=7)
    b = diffusion_bad_buzz(200, 0.02, 300, 14, graine=7)
    c = diffusion_bad_buzz(200, 0.02, 300, 14, graine=8)
    pd.testing.assert_frame_equal(a, b)
    assert not a["nouveaux_messages"].equals(c["nouveaux_messages"])
    assert len(a) == 15 and a["nouveaux_messages"].iloc[0] == 200
    assert (a["cumul_messages"] == a["nouveaux_messages"].cumsum()).all()
    assert a["cumul_messages"].iloc[-1] <= 20_000_000
    assert a["nombre_reproduction"].iloc[0] == pytest.approx(0.02 * 300 * (20_000_000 - 200) / 20_000_000)


def test_bad_buzz_une_reponse_rapide_limite_les_degats():
    for graine in range(5):
        sans = diffusion_bad_buzz(200, 0.02, 300, 14, graine=graine)["cumul_messages"].iloc[-1]
        tot = diffusion_bad_buzz(200, 0.02, 300, 14, jour_reponse=2, graine=graine)["cumul_messages"].iloc[-1]
        tard = diffusion_bad_buzz(200, 0.02, 300, 14, jour_reponse=6, graine=graine)["cumul_messages"].iloc[-1]
        assert tot < tard < sans


def test_bad_buzz_sous_le_seuil_s_eteint():
    t = diffusion_bad_buzz(200, 0.002, 200, 30, graine=1)  # R = 0,4
    assert t["nouveaux_messages"].iloc[-1] == 0
    assert t["cumul_messages"].iloc[-1] < 1_000


def test_bad_buzz_peut_atteindre_l_ordre_de_grandeur_h_et_m():
    t = diffusion_bad_buzz(200, 0.03, 1_000, 14, graine=2018)
    assert t["cumul_messages"].iloc[-1] > TWEETS_HM_2018 / 2


def test_bad_buzz_mauvaises_entrees():
    with pytest.raises(ValueError, match="messages_initiaux"):
        diffusion_bad_buzz(50, 0.02, 300, 14, population=10)
    with pytest.raises(ValueError, match="jour_reponse"):
        diffusion_bad_buzz(50, 0.02, 300, 14, jour_reponse=0)
    with pytest.raises(ValueError, match="Pour 2 %"):
        diffusion_bad_buzz(50, 2, 300, 14)


# --------------------------------------------------------------------------- bloqueurs, points

def test_effet_bloqueurs_cas_a_la_main():
    r = effet_bloqueurs(2_000_000, 0.25, 3.0)
    assert r["impressions_perdues"] == 500_000 and r["impressions_affichees"] == 1_500_000
    assert r["revenu_prevu"] == pytest.approx(6_000)
    assert r["revenu_perdu"] == pytest.approx(1_500)
    assert r["revenu_reel"] + r["revenu_perdu"] == pytest.approx(r["revenu_prevu"])
    with pytest.raises(ValueError, match="écrivez 0.25"):
        effet_bloqueurs(1_000, 25, 3.0)


def test_programme_points_cas_a_la_main():
    r = programme_points(1_000, 50, 4, 0.4, 0.05, 2, 0.10)
    assert r["chiffre_affaires_sans"] == pytest.approx(200_000)
    assert r["chiffre_affaires_avec"] == pytest.approx(220_000)
    assert r["marge_supplementaire"] == pytest.approx(8_000)
    assert r["cout_points"] == pytest.approx(11_000)
    assert r["cout_gestion"] == pytest.approx(2_000)
    assert r["benefice_net"] == pytest.approx(-5_000)
    assert r["retour_sur_investissement"] == pytest.approx(indicateurs.retour_sur_investissement(8_000, 13_000))


def test_programme_points_equilibre():
    r = programme_points(1_000, 50, 4, 0.4, 0.05, 2, 0.10)
    h = r["hausse_frequence_equilibre"]
    assert programme_points(1_000, 50, 4, 0.4, 0.05, 2, h)["benefice_net"] == pytest.approx(0, abs=1e-6)
    assert programme_points(1_000, 50, 4, 0.3, 0.4, 2, 0.1)["hausse_frequence_equilibre"] is None


def test_programme_points_retention_aide():
    sans = programme_points(1_000, 50, 4, 0.4, 0.02, 2, 0.05)["benefice_net"]
    avec = programme_points(1_000, 50, 4, 0.4, 0.02, 2, 0.05, hausse_retention=0.05)["benefice_net"]
    assert avec > sans


# --------------------------------------------------------------------------- budget

def test_repartition_budget_cas_a_la_main():
    t = repartition_budget(100_000, 0.0, 100, 0.6, 50, 1_000, 0.02, annees=1, taux_actualisation=0)
    ligne = t.iloc[0]
    assert ligne["nouveaux_clients"] == pytest.approx(1_000)
    assert ligne["clients_conserves"] == pytest.approx(600)
    assert ligne["profit"] == pytest.approx(50 * 1_600 - 100_000)


def test_repartition_budget_retention_a_rendement_decroissant():
    t = repartition_budget(100_000, 0.5, 100, 0.6, 50, 1_000, 0.02, annees=1, taux_actualisation=0)
    # 50 € par client : les départs passent de 40 % à 40 % × 0,98^50.
    assert t["taux_retention"].iloc[0] == pytest.approx(1 - 0.4 * 0.98 ** 50)
    gains = [repartition_budget(100_000, p, 100, 0.6, 50, 1_000, 0.02, annees=1)["taux_retention"].iloc[0]
             for p in (0.0, 0.25, 0.5, 0.75, 1.0)]
    ecarts = np.diff(gains)
    assert (ecarts > 0).all() and (np.diff(ecarts) < 0).all()
    assert max(gains) < 1


def test_repartition_budget_actualisation_et_total():
    t = repartition_budget(part_fidelisation=0.3, annees=3, taux_actualisation=0.1, **BUDGET)
    assert list(t.index) == [1, 2, 3]
    assert np.allclose(t["profit_actualise"], t["profit"] / 1.1 ** np.arange(1, 4))
    assert t.attrs["profit_total"] == pytest.approx(t["profit_actualise"].sum())
    assert np.allclose(t["clients_debut"].iloc[1:].to_numpy(), t["clients_fin"].iloc[:-1].to_numpy())


def test_repartition_budget_optimum_interieur():
    m = meilleure_repartition(**BUDGET)
    assert 0.05 < m["part_fidelisation"] < 0.95
    courbe = courbe_repartition_budget(**BUDGET)
    assert m["profit_total"] == pytest.approx(courbe["profit_total"].max())
    assert m["profit_total"] > courbe["profit_total"].iloc[0]
    assert m["profit_total"] > courbe["profit_total"].iloc[-1]
    un = repartition_budget(part_fidelisation=m["part_fidelisation"], **BUDGET)
    assert un.attrs["profit_total"] == pytest.approx(m["profit_total"])


def test_repartition_budget_mauvaises_entrees():
    with pytest.raises(ValueError, match="cout_acquisition_client"):
        repartition_budget(100_000, 0.2, 0, 0.6, 50, 1_000, 0.02)
    with pytest.raises(ValueError, match="part_fidelisation"):
        repartition_budget(100_000, 20, 100, 0.6, 50, 1_000, 0.02)
    with pytest.raises(ValueError, match="efficacite_fidelisation"):
        repartition_budget(100_000, 0.2, 100, 0.6, 50, 1_000, 1.0)


# --------------------------------------------------------------------------- influence

def test_roi_influence_cas_a_la_main():
    r = roi_influence(5_000, 400_000, 0.05, 0.25, 0.04, 40, 0.5)
    assert (r["interactions"], r["visites"], r["ventes"]) == (20_000, 5_000, 200)
    assert r["chiffre_affaires"] == pytest.approx(8_000)
    assert r["marge"] == pytest.approx(4_000)
    assert r["cout_par_visiteur"] == pytest.approx(1.0)
    assert r["retour_sur_investissement"] == pytest.approx(-0.2)


def test_roi_influence_monotone_en_portee():
    rois = [roi_influence(5_000, p, 0.05, 0.25, 0.04, 40, 0.5)["retour_sur_investissement"]
            for p in (100_000, 400_000, 1_000_000)]
    assert rois == sorted(rois)


def test_roi_influence_refus():
    with pytest.raises(ValueError, match="aucun visiteur"):
        roi_influence(5_000, 1_000, 0.0, 0.25, 0.04, 40, 0.5)
    with pytest.raises(ValueError, match="cout vaut 0"):
        roi_influence(0, 400_000, 0.05, 0.25, 0.04, 40, 0.5)


def test_les_modeles_reutilisent_les_formules():
    """Le CAC de l'entonnoir est celui d'indicateurs ; la valeur à vie celle de valeur."""
    r = entonnoir(12_345, 0.05, 0.2, 0.3, 7_000)
    assert r["cout_acquisition_client"] == indicateurs.cout_acquisition_client(7_000, r["premiers_achats"])
    assert math.isclose(programme_points(1, 50, 4, 0.4, 0, 0, 0)["chiffre_affaires_sans"],
                        valeur.valeur_vie_simple(50, 4, 1.0, 1))


# --------------------------------------------------------------------------- propriétés

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

taux = st.floats(0, 1, allow_nan=False)


@settings(max_examples=60, deadline=None)
@given(base=st.integers(1, 10**6), envois=st.integers(0, 40), o=taux, c=taux, u=st.floats(0, 0.2),
       s=st.floats(0, 5), mois=st.integers(1, 36))
def test_propriete_pression_email(base, envois, o, c, u, s, mois):
    if c > o:
        with pytest.raises(ValueError, match="taux_clics"):
            pression_email(base, envois, o, c, u, s, mois)
        return
    t = pression_email(base, envois, o, c, u, s, mois)
    assert np.isfinite(t.to_numpy()).all() and len(t) == mois
    assert np.allclose(t["abonnes_fin"], t["abonnes_debut"] - t["desabonnements"])
    assert (t["abonnes_fin"] >= -1e-9).all() and t["abonnes_fin"].is_monotonic_decreasing


@settings(max_examples=60, deadline=None)
@given(visites=st.integers(0, 10**7), a=taux, b=taux, c=taux, depense=st.floats(0, 1e7))
def test_propriete_entonnoir(visites, a, b, c, depense):
    try:
        r = entonnoir(visites, a, b, c, depense)
    except ValueError as erreur:
        assert "vaut 0" in str(erreur)
        return
    assert visites >= r["leads"] >= r["premiers_achats"] >= r["clients_fideles"] >= 0
    assert all(math.isfinite(v) for v in r.values())


@settings(max_examples=40, deadline=None)
@given(part=taux, r0=st.floats(0, 0.99), e=st.floats(0, 0.5), clients=st.integers(0, 10**5),
       annees=st.integers(1, 10))
def test_propriete_budget(part, r0, e, clients, annees):
    t = repartition_budget(100_000, part, 80, r0, 50, clients, e, annees=annees)
    assert np.isfinite(t.to_numpy()).all()
    assert ((t["taux_retention"] >= r0 - 1e-12) & (t["taux_retention"] < 1 + 1e-12)).all()


@settings(max_examples=40, deadline=None)
@given(valeur=st.one_of(st.text(max_size=5), st.none(), st.just(float("nan")), st.floats(-1e3, -1e-3)))
def test_propriete_erreurs_en_francais(valeur):
    with pytest.raises((ValueError, TypeError)) as info:
        effet_bloqueurs(valeur, 0.2, 3.0)
    assert "impressions_prevues" in str(info.value)


def test_taux_marque_nomme_et_ancien_nom_refuse():
    # Le taux appliqué au chiffre d'affaires est un taux de marque (marge ÷ prix de vente HT).
    r = roi_influence(cout=5_000, portee=400_000, taux_engagement=0.05, taux_visite=0.25,
                      taux_conversion=0.04, panier_moyen=40, taux_marque=0.5)
    assert r["marge"] == pytest.approx(r["chiffre_affaires"] * 0.5)
    assert indicateurs.taux_marque(r["marge"], r["chiffre_affaires"]) == pytest.approx(0.5)
    p = programme_points(clients=1_000, panier_moyen=50, achats_par_an=4, taux_marque=0.4,
                         taux_remise_points=0.05, cout_gestion_par_client=2, hausse_frequence=0.10)
    assert p["marge_supplementaire"] == pytest.approx(1_000 * 50 * 4 * 0.1 * 0.4)
    with pytest.raises(ValueError, match="taux_marque vaut 40.*0.4"):
        programme_points(1_000, 50, 4, 40, 0.05, 2, 0.10)
    with pytest.raises(ValueError, match="taux_marque vaut 50.*0.5"):
        roi_influence(5_000, 400_000, 0.05, 0.25, 0.04, 40, 50)
    with pytest.raises(TypeError):
        roi_influence(5_000, 400_000, 0.05, 0.25, 0.04, 40, taux_marge=0.5)
