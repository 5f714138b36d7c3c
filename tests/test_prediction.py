"""relation_client.prediction : BG/NBD et Gamma-Gamma validés contre les résultats publiés.

Références : Fader, Hardie et Lee (2005), « "Counting Your Customers" the Easy Way »,
Marketing Science 24(2) (BG/NBD : r = 0,243, α = 4,414, a = 0,793, b = 2,426) ; Fader et
Hardie (2013), « The Gamma-Gamma Model of Monetary Value » (p = 6,25, q = 3,74, γ = 15,44),
sur l'échantillon CDNOW de 2 357 clients, 39 semaines de calibration (1997-01-01 → 1997-09-30).
"""

import doctest
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from relation_client import prediction
from relation_client.donnees import charger
from relation_client.prediction import (ModeleBGNBD, ModeleGammaGamma, achats_attendus, ajuster_bgnbd,
                                        ajuster_gamma_gamma, courbe_achats_cumules, probabilite_vivant,
                                        resume_par_client, simulateur_client, valeur_client,
                                        valeur_moyenne_attendue)

RACINE = Path(__file__).resolve().parents[1]
FIN_CALIBRATION = "1997-09-30"  # 39 semaines après le 1er janvier 1997
FIN_TEST = "1998-06-30"  # 39 semaines de test


@pytest.fixture(scope="module")
def transactions():
    return charger("cdnow")


@pytest.fixture(scope="module")
def resume(transactions):
    return resume_par_client(transactions, FIN_CALIBRATION, FIN_TEST)


@pytest.fixture(scope="module")
def publie():
    """Résumé publié par les auteurs (ID, x, t_x, T, zbar), arrondi au centième."""
    return pd.read_csv(RACINE / "datasets" / "cdnow" / "cdnow_customers_summary_with_transactions.csv",
                       index_col="ID")


@pytest.fixture(scope="module")
def modele(resume):
    return ajuster_bgnbd(resume)


@pytest.fixture(scope="module")
def modele_montants(resume):
    return ajuster_gamma_gamma(resume)


def test_doctests():
    assert doctest.testmod(prediction, optionflags=doctest.NORMALIZE_WHITESPACE).failed == 0


# --------------------------------------------------------------------------- données
def test_charger_cdnow_typé(transactions):
    assert list(transactions.columns) == ["client_id", "date_achat", "nombre_cd", "montant"]
    assert [str(t) for t in transactions.dtypes] == ["int64", "datetime64[ns]", "int64", "float64"]
    assert len(transactions) == 6919
    assert transactions["client_id"].nunique() == 2357
    assert transactions["date_achat"].min() == pd.Timestamp("1997-01-01")
    assert transactions["date_achat"].max() == pd.Timestamp("1998-06-30")
    assert (transactions["montant"] >= 0).all() and (transactions["nombre_cd"] >= 1).all()


def test_charger_cdnow_renvoie_une_copie():
    a = charger("cdnow")
    a.loc[0, "montant"] = -1.0
    assert charger("cdnow").loc[0, "montant"] >= 0


def test_nom_proche_propose_cdnow():
    with pytest.raises(ValueError, match="cdnow"):
        charger("cdnwo")


def test_pas_besoin_du_paquet_lifetimes():
    source = (RACINE / "src" / "relation_client" / "prediction.py").read_text(encoding="utf-8")
    assert "import lifetimes" not in source and "from lifetimes" not in source


# --------------------------------------------------------------------------- résumé par client
def test_resume_identique_au_resume_publie(resume, publie):
    assert list(resume.index) == list(publie.index)
    assert (resume["frequence"].to_numpy() == publie["x"].to_numpy()).all()
    np.testing.assert_array_equal(resume["recence"].round(2).to_numpy(), publie["t_x"].to_numpy())
    np.testing.assert_array_equal(resume["anciennete"].round(2).to_numpy(), publie["T"].to_numpy())
    # montants publiés arrondis au centième (arrondi « au plus proche », 22,345 → 22,35)
    ecart = np.abs(resume["valeur_moyenne"].to_numpy() - publie["zbar"].to_numpy())
    assert ecart.max() <= 0.005 + 1e-9


def test_resume_periode_test(resume):
    assert (resume["duree_test"] == 39).all()
    assert resume["achats_test"].dtype == "int64"
    assert resume["achats_test"].sum() == 1882  # jours d'achat entre le 1/10/1997 et le 30/6/1998


def test_resume_achats_le_meme_jour_comptent_pour_un():
    achats = pd.DataFrame({"client_id": ["A", "A", "A", "B"],
                           "date_achat": pd.to_datetime(["2024-01-01", "2024-01-08", "2024-01-08",
                                                         "2024-01-02"]),
                           "montant": [10.0, 5.0, 7.0, 3.0]})
    avant = achats.copy()
    r = resume_par_client(achats, "2024-01-15")
    pd.testing.assert_frame_equal(achats, avant)  # les transactions reçues ne sont pas modifiées
    assert r.loc["A", "frequence"] == 1 and r.loc["A", "valeur_moyenne"] == 12.0
    assert r.loc["A", "recence"] == 1.0 and r.loc["A", "anciennete"] == 2.0
    assert r.loc["B", "frequence"] == 0 and r.loc["B", "valeur_moyenne"] == 0.0


def test_resume_ignore_les_clients_arrives_apres_la_calibration():
    achats = pd.DataFrame({"client_id": [1, 2], "montant": [1.0, 1.0],
                           "date_achat": pd.to_datetime(["2024-01-01", "2024-03-01"])})
    assert list(resume_par_client(achats, "2024-02-01").index) == [1]


@pytest.mark.parametrize("modifier, motif", [
    (lambda t: t.drop(columns="date_achat"), "date_achat"),
    (lambda t: t.assign(date_achat=t["date_achat"].dt.strftime("%d/%m/%Y")), "dates"),
    (lambda t: t.assign(montant=-t["montant"]), "négatif"),
    (lambda t: t.assign(montant=np.nan), "manquante"),
    (lambda t: t.iloc[:0], "vide"),
])
def test_resume_entrees_invalides(transactions, modifier, motif):
    with pytest.raises((ValueError, TypeError), match=motif):
        resume_par_client(modifier(transactions.copy()), FIN_CALIBRATION)


def test_resume_dates_invalides(transactions):
    with pytest.raises(ValueError, match="date lisible"):
        resume_par_client(transactions, "30/13/1997")
    with pytest.raises(ValueError, match="Aucun achat"):
        resume_par_client(transactions, "1990-01-01")
    with pytest.raises(ValueError, match="après fin_calibration"):
        resume_par_client(transactions, FIN_CALIBRATION, "1997-01-01")
    with pytest.raises(TypeError, match="date"):
        resume_par_client(transactions, 1997)
    with pytest.raises(TypeError, match="tableau"):
        resume_par_client([1, 2], FIN_CALIBRATION)


def test_resume_et_ajustement_sur_dix_fois_plus_de_transactions(transactions):
    # ≈ 69 000 transactions, comme le fichier complet CDNOW (23 570 clients) ; la durée est mesurée
    # par `make bench` (groupe cdnow), pas ici.
    grand = pd.concat([transactions.assign(client_id=transactions["client_id"] + k * 10_000)
                       for k in range(10)], ignore_index=True)
    r = resume_par_client(grand, FIN_CALIBRATION)
    m = ajuster_bgnbd(r)
    assert len(r) == 23_570
    assert m.r == pytest.approx(0.243, abs=5e-4)


# --------------------------------------------------------------------------- BG/NBD
def test_bgnbd_parametres_publies(modele):
    assert modele.r == pytest.approx(0.243, abs=5e-4)
    assert modele.alpha == pytest.approx(4.414, abs=5e-4)
    assert modele.a == pytest.approx(0.793, abs=5e-4)
    assert modele.b == pytest.approx(2.426, abs=5e-4)
    assert modele.clients == 2357
    assert modele.log_vraisemblance == pytest.approx(-9582.4, abs=0.1)  # valeur publiée (2005)


def test_bgnbd_sur_le_resume_publie(publie):
    m = ajuster_bgnbd(publie.rename(columns={"x": "frequence", "t_x": "recence", "T": "anciennete"}))
    assert (m.r, m.alpha, m.a, m.b) == pytest.approx((0.243, 4.414, 0.793, 2.426), abs=5e-4)


def test_bgnbd_est_un_maximum(modele, resume):
    x, t_x, T = (resume[c].to_numpy(dtype="float64") for c in ("frequence", "recence", "anciennete"))
    meilleur = modele.log_vraisemblance_clients(x, t_x, T).sum()
    for nom in ("r", "alpha", "a", "b"):
        for facteur in (0.99, 1.01):
            voisin = ModeleBGNBD(**{**modele.parametres(), nom: getattr(modele, nom) * facteur})
            assert voisin.log_vraisemblance_clients(x, t_x, T).sum() < meilleur


def test_bgnbd_deterministe(resume, modele):
    assert ajuster_bgnbd(resume) == modele


def test_probabilite_vivant_proprietes(modele):
    assert modele.probabilite_vivant(0, 0, 39) == 1.0  # sans achat répété : vivant pour le modèle
    # à fréquence égale, un client dont le dernier achat est ancien a moins de chances d'être là
    assert modele.probabilite_vivant(5, 10, 39) < modele.probabilite_vivant(5, 35, 39)
    # à récence « ancienne » égale, beaucoup d'achats rendent le silence plus inquiétant
    assert modele.probabilite_vivant(10, 10, 39) < modele.probabilite_vivant(1, 10, 39)
    p = modele.probabilite_vivant([1, 2, 3], [5, 10, 20], [39, 39, 39])
    assert isinstance(p, np.ndarray) and ((p > 0) & (p <= 1)).all()


def test_probabilite_vivant_formule(modele):
    r, alpha, a, b = modele.r, modele.alpha, modele.a, modele.b
    x, t_x, T = 3, 20.0, 39.0
    attendu = 1 / (1 + a / (b + x - 1) * ((alpha + T) / (alpha + t_x)) ** (r + x))
    assert modele.probabilite_vivant(x, t_x, T) == pytest.approx(attendu, rel=1e-12)


def test_achats_attendus_nouveau_client_par_simulation(modele):
    """L'équation 9 contre une simulation du processus (graine fixe)."""
    generateur = np.random.default_rng(12)
    n, t = 200_000, 39.0
    lam = generateur.gamma(modele.r, 1 / modele.alpha, n)
    p = generateur.beta(modele.a, modele.b, n)
    achats = np.zeros(n)
    temps = np.zeros(n)
    vivants = np.ones(n, dtype=bool)
    for _ in range(200):
        temps = temps + generateur.exponential(1 / np.maximum(lam, 1e-12))
        achete = vivants & (temps <= t)
        achats += achete
        vivants = achete & (generateur.random(n) >= p)
        if not vivants.any():
            break
    assert achats.mean() == pytest.approx(modele.achats_attendus_nouveau_client(t), rel=0.02)


def test_achats_attendus_cohorte_et_periode_test(modele, resume):
    predits = achats_attendus(modele, resume, 39)
    assert predits.index.equals(resume.index) and (predits >= 0).all()
    # prévision de la période de test : du même ordre que la réalité (1 882 achats)
    assert 0.8 < predits.sum() / resume["achats_test"].sum() < 1.0
    # par nombre d'achats répétés, les moyennes prédites suivent les moyennes observées
    groupes = pd.DataFrame({"x": resume["frequence"].clip(upper=7), "reel": resume["achats_test"],
                            "predit": predits}).groupby("x").mean()
    assert np.corrcoef(groupes["reel"], groupes["predit"])[0, 1] > 0.95


def test_achats_attendus_croissent_avec_la_duree(modele):
    valeurs = [modele.achats_attendus(t, 2, 30.0, 39.0) for t in (0, 10, 39, 78)]
    assert valeurs[0] == 0 and all(a < b for a, b in zip(valeurs, valeurs[1:]))


def test_courbe_cumulee(modele, transactions):
    courbe = courbe_achats_cumules(transactions, modele, FIN_TEST)
    assert list(courbe.columns) == ["reels", "predits"] and len(courbe) == 78
    assert courbe["reels"].iloc[38] == 2457  # achats répétés des 39 semaines de calibration
    assert courbe["reels"].iloc[-1] == 2457 + 1882
    assert courbe["predits"].is_monotonic_increasing and courbe["reels"].is_monotonic_increasing
    assert abs(courbe["predits"].iloc[38] / courbe["reels"].iloc[38] - 1) < 0.03
    assert abs(courbe["predits"].iloc[-1] / courbe["reels"].iloc[-1] - 1) < 0.06


# --------------------------------------------------------------------------- Gamma-Gamma et CLV
def test_gamma_gamma_parametres_publies(modele_montants):
    assert modele_montants.p == pytest.approx(6.25, abs=5e-3)
    assert modele_montants.q == pytest.approx(3.74, abs=5e-3)
    assert modele_montants.gamma == pytest.approx(15.44, abs=5e-3)
    assert modele_montants.clients == 946


def test_gamma_gamma_moyenne_ponderee(modele_montants):
    m = modele_montants
    population = m.valeur_moyenne_population()
    assert m.valeur_moyenne_attendue(0, 0) == pytest.approx(population)
    # entre la moyenne de la population et celle du client, plus près du client s'il a beaucoup acheté
    peu, beaucoup = m.valeur_moyenne_attendue(1, 100.0), m.valeur_moyenne_attendue(20, 100.0)
    assert population < peu < beaucoup < 100


def test_valeur_client(modele, modele_montants, resume):
    clv = valeur_client(modele, modele_montants, resume, semaines=52, taux_actualisation=0.10)
    assert clv.index.equals(resume.index) and (clv >= 0).all()
    sans_actualisation = valeur_client(modele, modele_montants, resume, 52, 0.0)
    attendus = achats_attendus(modele, resume, 52) * valeur_moyenne_attendue(modele_montants, resume)
    np.testing.assert_allclose(sans_actualisation, attendus, rtol=1e-9)
    assert (clv <= sans_actualisation + 1e-12).all()
    marge = valeur_client(modele, modele_montants, resume, 52, 0.10, taux_marque=0.3)
    np.testing.assert_allclose(marge, 0.3 * clv)


# --------------------------------------------------------------------------- erreurs en français
def test_erreurs_modeles():
    with pytest.raises(ValueError, match="r vaut -1"):
        ModeleBGNBD(-1, 1, 1, 1)
    m = ModeleBGNBD(0.243, 4.414, 0.793, 2.426)
    with pytest.raises(ValueError, match="recence .* dépasse anciennete"):
        m.probabilite_vivant(2, 40, 39)
    with pytest.raises(ValueError, match="comptage"):
        m.probabilite_vivant(1.5, 10, 39)
    with pytest.raises(ValueError, match="recence vaut 0"):
        m.achats_attendus(10, 3, 0, 39)
    with pytest.raises(TypeError, match="nombre"):
        m.achats_attendus("dix", 1, 5, 39)
    with pytest.raises(ValueError, match="négatif"):
        m.achats_attendus(-1, 1, 5, 39)
    with pytest.raises(ValueError, match="a vaut 1"):
        ModeleBGNBD(0.2, 4, 1.0, 2).achats_attendus(10, 1, 5, 39)
    with pytest.raises(ValueError, match="q vaut 0.5"):
        ModeleGammaGamma(6, 0.5, 15).valeur_moyenne_attendue(0, 0)


def test_erreurs_ajustement(resume, modele):
    with pytest.raises(ValueError, match="frequence"):
        ajuster_bgnbd(resume.drop(columns="frequence"))
    with pytest.raises(ValueError, match="Aucun client"):
        ajuster_bgnbd(resume.assign(frequence=0, recence=0.0))
    with pytest.raises(ValueError, match="manquante"):
        ajuster_bgnbd(resume.assign(recence=np.nan))
    with pytest.raises(ValueError, match="4 valeurs"):
        ajuster_bgnbd(resume, depart=(1, 1))
    with pytest.raises(ValueError, match="au moins deux clients"):
        ajuster_gamma_gamma(resume.assign(frequence=0))
    with pytest.raises(TypeError, match="ajuster_bgnbd"):
        probabilite_vivant("modèle", resume)
    with pytest.raises(TypeError, match="ajuster_gamma_gamma"):
        valeur_client(modele, modele, resume)


def test_erreurs_valeur_client(modele, modele_montants, resume):
    with pytest.raises(ValueError, match="Pour 10 %, écrivez 0.1"):
        valeur_client(modele, modele_montants, resume, 52, taux_actualisation=10)
    with pytest.raises(ValueError, match="entier"):
        valeur_client(modele, modele_montants, resume, semaines=2.5)


# --------------------------------------------------------------------------- widget
def test_simulateur_client(modele):
    sim = simulateur_client(modele, frequence=2, recence=30.43, anciennete=38.86, semaines=39)
    assert "73\xa0%" in sim.resultat.value and "1,23" in sim.resultat.value
    sim.controles["recence"].value = 5.0
    assert sim.etat["vivant"] == pytest.approx(modele.probabilite_vivant(2, 5.0, 38.86))
    assert sim.image.value[:4] == b"\x89PNG"
    sim.controles["recence"].value = 60.0  # après l'ancienneté : refusé, chiffres inchangés
    assert "Réglage impossible" in sim.message.value and "dépasse" in sim.message.value
    assert sim.etat["recence"] == 5.0
    with pytest.raises(TypeError, match="ajuster_bgnbd"):
        simulateur_client(None)
