"""Tests de relation_client.segmentation : Pareto, RFM, cohortes (exemples calculés à la main)."""

import doctest

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from relation_client import segmentation
from relation_client.donnees import charger
from relation_client.segmentation import (
    GRILLE_SEGMENTS,
    SEGMENTS,
    acheteurs_par_annee,
    cohortes_retention,
    courbe_pareto,
    part_pareto,
    resume_segments,
    retention_annuelle,
    scores_rfm,
)

REGLAGES = settings(max_examples=50, deadline=None)


def test_doctests():
    resultat = doctest.testmod(segmentation)
    assert resultat.failed == 0 and resultat.attempted >= 8


# --------------------------------------------------------------------------- Pareto

def test_part_pareto_exemple_a_la_main():
    # Total 200 € ; le meilleur client (20 % de 5) fait 100 € → 50 % ; les 2 meilleurs 150 € → 75 %.
    montants = [10, 100, 30, 10, 50]
    assert part_pareto(montants, 0.2) == pytest.approx(0.5)
    assert part_pareto(montants, 0.4) == pytest.approx(0.75)
    # 30 % de 5 clients = 1,5 client : interpolation entre 0,5 et 0,75.
    assert part_pareto(montants, 0.3) == pytest.approx(0.625)
    assert part_pareto(montants, 1.0) == pytest.approx(1.0)
    assert part_pareto(montants, 0.0) == pytest.approx(0.0)


def test_part_pareto_vingt_quatre_vingts():
    # 2 clients sur 10 font 80 % du chiffre d'affaires : la « loi des 20/80 » (source 003).
    montants = [400, 400] + [25] * 8
    assert part_pareto(montants) == pytest.approx(0.8)


def test_part_pareto_egalite_parfaite_et_plusieurs_parts():
    assert part_pareto([5, 5, 5, 5], 0.5) == pytest.approx(0.5)
    parts = pd.Series([0.2, 0.5], index=["vingt", "cinquante"])
    resultat = part_pareto([10, 100, 30, 10, 50], parts)
    assert isinstance(resultat, pd.Series) and resultat.index.equals(parts.index)
    assert resultat.tolist() == pytest.approx([0.5, 0.825])  # 2,5 clients : 0,75 + 0,5 × 30/200


def test_courbe_pareto():
    courbe = courbe_pareto(pd.Series([10.0, 50.0, 40.0], index=list("abc")))
    assert list(courbe.columns) == ["part_clients", "part_ca"]
    assert courbe["part_clients"].tolist() == pytest.approx([0, 1 / 3, 2 / 3, 1])
    assert courbe["part_ca"].tolist() == pytest.approx([0, 0.5, 0.9, 1])


@pytest.mark.parametrize("mauvais", [[-1, 2], [1, float("nan")], [1, float("inf")], ["12,5", 3],
                                     pd.Series([], dtype="float64"), [], None, 12.5, "abc",
                                     [0, 0, 0], pd.DataFrame({"a": [1.0]})])
@pytest.mark.parametrize("fonction", [part_pareto, courbe_pareto])
def test_pareto_montants_invalides(fonction, mauvais):
    with pytest.raises((ValueError, TypeError), match="montants"):
        fonction(mauvais)


@pytest.mark.parametrize("mauvaise", [25, -0.1, float("nan"), "20 %", None])
def test_part_clients_invalide(mauvaise):
    with pytest.raises((ValueError, TypeError), match="part_clients"):
        part_pareto([1, 2, 3], mauvaise)
    if mauvaise == 25:
        with pytest.raises(ValueError, match=r"0\.25"):
            part_pareto([1, 2, 3], mauvaise)


@REGLAGES
@given(st.lists(st.floats(0, 1e9), min_size=1, max_size=200).filter(lambda l: sum(l) > 0),
       st.floats(0, 1))
def test_propriete_part_pareto(montants, p):
    part = part_pareto(montants, p)
    assert isinstance(part, float) and p - 1e-12 <= part <= 1
    assert part == part_pareto(pd.Series(montants), p) == part_pareto(np.array(montants), p)
    # L'ordre des clients ne change rien.
    assert part == pytest.approx(part_pareto(list(reversed(montants)), p))
    courbe = courbe_pareto(montants)
    assert courbe.iloc[0].tolist() == [0.0, 0.0] and courbe.iloc[-1].tolist() == pytest.approx([1, 1])
    assert courbe["part_ca"].is_monotonic_increasing
    assert (courbe["part_ca"] >= courbe["part_clients"] - 1e-12).all()
    assert part == pytest.approx(np.interp(p, courbe["part_clients"], courbe["part_ca"]))


@REGLAGES
@given(st.one_of(st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=4), st.none(),
                 st.lists(st.one_of(st.floats(allow_nan=True), st.text(max_size=3), st.none()),
                          max_size=5)))
def test_propriete_pareto_entree_quelconque(x):
    for appel in (lambda: part_pareto(x), lambda: courbe_pareto(x), lambda: part_pareto([1, 2], x)):
        try:
            resultat = appel()
        except (ValueError, TypeError) as erreur:
            assert "montants" in str(erreur) or "part_clients" in str(erreur)
        else:
            assert np.isfinite(np.asarray(resultat, dtype="float64")).all()


# --------------------------------------------------------------------------- RFM

def _achats_exemple():
    lignes = [
        ("A", "2024-06-30", 100.0), ("A", "2024-06-01", 50.0), ("A", "2024-05-01", 50.0),
        ("B", "2024-06-20", 30.0),
        ("C", "2024-01-01", 500.0), ("C", "2024-02-01", 500.0), ("C", "2024-03-01", 500.0),
        ("C", "2024-03-15", 500.0),
        ("D", "2023-07-01", 20.0),
        ("E", "2024-04-01", 40.0), ("E", "2024-05-15", 60.0),
    ]
    return pd.DataFrame(lignes, columns=["client_id", "date_achat", "montant_ttc"])


def test_scores_rfm_exemple_a_la_main():
    # Référence 2024-07-01. Récences : A 1 j, B 11 j, E 47 j, C 108 j, D 366 j (2024 est bissextile).
    # Fréquences : C 4, A 3, E 2, B 1, D 1 : B et D sont ex aequo, ils ont la place 1 et F = 1.
    # Montants : C 2000, A 200, E 100, B 30, D 20. Cinq clients → un client par quintile.
    rfm = scores_rfm(_achats_exemple(), "2024-07-01")
    assert rfm.index.name == "client_id" and rfm.index.tolist() == list("ABCDE")
    assert list(rfm.columns) == ["recence_jours", "frequence", "montant", "R", "F", "M", "score", "segment"]
    assert rfm["recence_jours"].tolist() == [1, 11, 108, 366, 47]
    assert rfm["frequence"].tolist() == [3, 1, 4, 1, 2]
    assert rfm["montant"].tolist() == [200, 30, 2000, 20, 100]
    assert rfm["score"].tolist() == ["544", "412", "255", "111", "333"]
    assert rfm["segment"].tolist() == ["Champions", "Prometteurs", "À ne pas perdre", "Perdus", "Fidèles"]
    assert list(rfm["segment"].cat.categories) == list(SEGMENTS)


def test_scores_rfm_dates_francaises_et_datetime_identiques():
    achats = _achats_exemple()
    francais = achats.assign(date_achat=pd.to_datetime(achats["date_achat"]).dt.strftime("%d/%m/%Y"))
    dates = achats.assign(date_achat=pd.to_datetime(achats["date_achat"]))
    attendu = scores_rfm(achats, "2024-07-01")
    pd.testing.assert_frame_equal(scores_rfm(francais, "01/07/2024"), attendu)
    pd.testing.assert_frame_equal(scores_rfm(dates, pd.Timestamp("2024-07-01")), attendu)
    fuseau = dates.assign(date_achat=dates["date_achat"].dt.tz_localize("Europe/Paris"))
    pd.testing.assert_frame_equal(scores_rfm(fuseau, "2024-07-01"), attendu)


def test_scores_rfm_autres_noms_de_colonnes_et_peu_de_clients():
    achats = pd.DataFrame({"id": [7], "jour": ["2024-01-01"], "ttc": [10.0]})
    rfm = scores_rfm(achats, "2024-01-01", client="id", date="jour", montant="ttc")
    assert rfm.loc[7, "score"] == "555" and rfm.loc[7, "recence_jours"] == 0
    deux = scores_rfm(_achats_exemple().query("client_id in ['A', 'D']"), "2024-07-01")
    assert deux["R"].tolist() == [5, 3]


def test_grille_documentee():
    assert len(GRILLE_SEGMENTS) == 5 and all(len(ligne) == 5 for ligne in GRILLE_SEGMENTS)
    assert {s for ligne in GRILLE_SEGMENTS for s in ligne} == set(SEGMENTS)
    assert GRILLE_SEGMENTS[4][4] == "Champions" and GRILLE_SEGMENTS[0][0] == "Perdus"
    assert GRILLE_SEGMENTS[4][0] == "Nouveaux"


@pytest.mark.parametrize("modifier, mot", [
    (lambda a: a.drop(columns="montant_ttc"), "montant_ttc"),
    (lambda a: a.iloc[0:0], "vide"),
    (lambda a: a.assign(montant_ttc=-a["montant_ttc"]), "négatif"),
    (lambda a: a.assign(montant_ttc=a["montant_ttc"].where(a.index != 2)), "NaN"),
    (lambda a: a.assign(montant_ttc=["12,5"] * len(a)), "12,5"),
    (lambda a: a.assign(date_achat=["31/02/2024"] + a["date_achat"].tolist()[1:]), "date illisible"),
    (lambda a: a.assign(date_achat=range(len(a))), "dates sont attendues"),
    (lambda a: a.assign(date_achat=a["date_achat"].where(a.index != 0)), "manquante"),
    (lambda a: a.assign(client_id=a["client_id"].where(a.index != 0)), "identifiant"),
])
def test_scores_rfm_transactions_invalides(modifier, mot):
    with pytest.raises((ValueError, TypeError), match=mot) as erreur:
        scores_rfm(modifier(_achats_exemple()), "2024-07-01")
    assert "transactions" in str(erreur.value)


@pytest.mark.parametrize("reference, mot", [
    ("2024-06-01", "précède le dernier achat"),
    ("pas une date", "illisible"),
    (None, "date_reference"),
    (20240701, "date_reference"),
])
def test_scores_rfm_date_reference_invalide(reference, mot):
    with pytest.raises((ValueError, TypeError), match=mot):
        scores_rfm(_achats_exemple(), reference)


def test_scores_rfm_pas_un_dataframe():
    with pytest.raises(TypeError, match="transactions"):
        scores_rfm([1, 2, 3], "2024-07-01")


def test_resume_segments():
    rfm = scores_rfm(_achats_exemple(), "2024-07-01")
    resume = resume_segments(rfm)
    assert list(resume.columns) == ["clients", "part_clients", "chiffre_affaires", "part_ca", "panier_client"]
    assert resume.loc["À ne pas perdre", "chiffre_affaires"] == pytest.approx(2000)
    assert resume.loc["À ne pas perdre", "part_ca"] == pytest.approx(2000 / 2350)
    assert resume["part_clients"].sum() == pytest.approx(1)
    assert resume.index.tolist() == [s for s in SEGMENTS if s in set(rfm["segment"])]
    with pytest.raises(ValueError, match="segment"):
        resume_segments(rfm.drop(columns="segment"))


# Transactions aléatoires : jusqu'à 30 clients, dates sur deux ans, montants ≥ 0.
transactions_aleatoires = st.lists(
    st.tuples(st.integers(0, 30), st.integers(0, 730), st.floats(0, 1e5)),
    min_size=1, max_size=120,
).map(lambda lignes: pd.DataFrame({
    "client_id": [f"c{c}" for c, _, _ in lignes],
    "date_achat": pd.Timestamp("2023-01-01") + pd.to_timedelta([j for _, j, _ in lignes], unit="D"),
    "montant_ttc": [m for _, _, m in lignes],
}))


@REGLAGES
@given(transactions_aleatoires, st.integers(0, 100))
def test_propriete_scores_rfm(achats, jours_apres):
    reference = achats["date_achat"].max() + pd.Timedelta(days=jours_apres)
    rfm = scores_rfm(achats, reference)
    n = achats["client_id"].nunique()
    assert len(rfm) == n and rfm.index.is_unique
    assert (rfm["recence_jours"] >= jours_apres).all()
    assert rfm["frequence"].sum() == len(achats)
    assert rfm["montant"].sum() == pytest.approx(achats["montant_ttc"].sum())
    criteres = {"R": -rfm["recence_jours"], "F": rfm["frequence"], "M": rfm["montant"].round(6)}
    for colonne, valeurs in criteres.items():
        assert rfm[colonne].between(1, 5).all()
        # Règle documentée : place = 1 + clients strictement moins bons ; score = ⌈5 × place / n⌉.
        places = np.array([1 + (valeurs < v).sum() for v in valeurs])
        assert rfm[colonne].tolist() == np.ceil(5 * places / n).astype(int).tolist()
        # Ex aequo ⇒ même score ; strictement meilleur ⇒ score au moins aussi bon.
        assert (rfm.groupby(valeurs.to_numpy())[colonne].nunique() == 1).all()
        ordre = rfm.assign(v=valeurs.to_numpy()).sort_values("v")
        assert ordre[colonne].is_monotonic_increasing
        # Sans ex aequo : quintiles de tailles égales à un client près, et le meilleur a 5.
        if valeurs.is_unique:
            assert (rfm[colonne] == 5).any()
            tailles = rfm[colonne].value_counts().reindex(range(1, 6), fill_value=0)
            if n >= 5:
                assert tailles.max() - tailles.min() <= 1
    assert (rfm["score"] == rfm["R"].astype(str) + rfm["F"].astype(str) + rfm["M"].astype(str)).all()
    attendu = [GRILLE_SEGMENTS[r - 1][f - 1] for r, f in zip(rfm["R"], rfm["F"])]
    assert rfm["segment"].astype(str).tolist() == attendu
    # Plus récent ⇒ score R au moins aussi bon.
    ordre = rfm.sort_values(["recence_jours", "R"], ascending=[True, False])
    assert ordre["R"].is_monotonic_decreasing
    resume = resume_segments(rfm)
    assert resume["clients"].sum() == n
    assert resume["part_clients"].sum() == pytest.approx(1)
    assert resume["part_ca"].between(0, 1).all()


@REGLAGES
@given(transactions_aleatoires)
def test_propriete_rfm_invariant_par_ordre_des_lignes(achats):
    reference = achats["date_achat"].max()
    melange = achats.sample(frac=1, random_state=0).reset_index(drop=True)
    pd.testing.assert_frame_equal(scores_rfm(achats, reference), scores_rfm(melange, reference))


def test_rfm_ex_aequo_meme_score_quel_que_soit_l_ordre():
    # Six clients à une commande le même jour pour le même montant, plus quatre autres :
    # avant, F valait 1, 2 ou 3 selon l'ordre des lignes.
    lignes = [(f"u{k}", "2024-06-01", 30.0) for k in range(6)]
    lignes += [("v1", "2024-06-01", 30.0), ("v1", "2024-06-10", 10.0),
               ("v2", "2024-05-01", 30.0), ("v2", "2024-05-02", 30.0), ("v2", "2024-05-03", 5.0),
               ("v3", "2024-01-01", 80.0), ("v3", "2024-02-01", 80.0),
               ("v4", "2024-06-20", 200.0)]
    achats = pd.DataFrame(lignes, columns=["client_id", "date_achat", "montant_ttc"])
    for graine in range(5):
        melange = achats.sample(frac=1, random_state=graine)
        rfm = scores_rfm(melange, "2024-07-01")
        uniques = rfm.loc[[f"u{k}" for k in range(6)]]
        assert uniques[["R", "F", "M"]].nunique().tolist() == [1, 1, 1]
        # Sept clients sur dix n'ont qu'une commande : tous ont la place 1, donc F = 1.
        assert set(rfm.loc[rfm["frequence"] == 1, "F"]) == {1}
        # Deux commandes : 7 clients strictement derrière, place 8, F = ⌈5 × 8 / 10⌉ = 4.
        assert set(rfm.loc[rfm["frequence"] == 2, "F"]) == {4}
        pd.testing.assert_frame_equal(rfm, scores_rfm(achats, "2024-07-01"))


def test_rfm_montants_egaux_au_centime_sont_ex_aequo():
    # 0,1 + 0,2 et 0,3 ne sont pas égaux en virgule flottante, mais ce sont les mêmes euros.
    achats = pd.DataFrame({"client_id": ["a", "a", "b", "c"],
                           "date_achat": ["2024-01-01"] * 4, "montant_ttc": [0.1, 0.2, 0.3, 1.0]})
    rfm = scores_rfm(achats, "2024-01-02")
    assert rfm.loc["a", "M"] == rfm.loc["b", "M"]


def test_rfm_donnees_du_cours_clients_a_une_commande():
    from relation_client.donnees import DATE_REFERENCE, charger

    rfm = scores_rfm(charger("achats"), DATE_REFERENCE)
    assert set(rfm.loc[rfm["frequence"] == 1, "F"]) == {1}
    assert (rfm.groupby("frequence")["F"].nunique() == 1).all()
    assert (rfm.groupby("recence_jours")["R"].nunique() == 1).all()


# --------------------------------------------------------------------------- cohortes

def _achats_cohortes():
    lignes = [("a", "2024-01-05"), ("a", "2024-02-10"), ("a", "2024-04-01"),
              ("b", "2024-01-20"),
              ("c", "2024-02-03"), ("c", "2024-02-25"), ("c", "2024-03-10"),
              ("d", "2024-02-14"), ("d", "2024-04-30")]
    return pd.DataFrame(lignes, columns=["client_id", "date_achat"])


def test_cohortes_exemple_a_la_main():
    # Cohorte de janvier : a, b. Février : a revient (1/2) ; mars : personne ; avril : a (1/2).
    # Cohorte de février : c, d. Mars : c (1/2) ; avril : d (1/2) ; mai : pas encore observable.
    table = cohortes_retention(_achats_cohortes())
    assert table.index.name == "cohorte" and table.columns.name == "mois_ecoules"
    assert [str(p) for p in table.index] == ["2024-01", "2024-02"]
    assert table.columns.tolist() == [0, 1, 2, 3]
    np.testing.assert_allclose(table.to_numpy(), [[1, 0.5, 0, 0.5], [1, 0.5, 0.5, np.nan]])


def test_cohortes_trimestres():
    table = cohortes_retention(_achats_cohortes(), periode="Q")
    assert table.columns.name == "trimestres_ecoules"
    # Tous acquis au 1er trimestre 2024 ; au 2e trimestre, a et d reviennent : 2/4.
    np.testing.assert_allclose(table.to_numpy(), [[1, 0.5]])


def test_cohortes_erreurs():
    with pytest.raises(ValueError, match="periode"):
        cohortes_retention(_achats_cohortes(), periode="mois")
    with pytest.raises(ValueError, match="date_achat"):
        cohortes_retention(_achats_cohortes().drop(columns="date_achat"))
    with pytest.raises(ValueError, match="illisible"):
        cohortes_retention(_achats_cohortes().assign(date_achat="hier"))
    with pytest.raises(TypeError, match="transactions"):
        cohortes_retention(None)


@REGLAGES
@given(transactions_aleatoires)
def test_propriete_cohortes(achats):
    table = cohortes_retention(achats)
    assert (table[0] == 1.0).all()
    valeurs = table.to_numpy()
    observees = ~np.isnan(valeurs)
    assert ((valeurs[observees] >= 0) & (valeurs[observees] <= 1)).all()
    # Les NaN sont exactement les cases au-delà de la fin des données.
    fin = achats["date_achat"].max().to_period("M")
    for k, cohorte in enumerate(table.index):
        for j, age in enumerate(table.columns):
            assert observees[k, j] == ((cohorte + int(age)) <= fin)
    premiers = achats.groupby("client_id")["date_achat"].min().dt.to_period("M")
    assert sorted(table.index) == sorted(premiers.unique())


@REGLAGES
@given(st.one_of(st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=4), st.none(),
                 st.integers(-10, 10)),
       st.one_of(st.text(max_size=10), st.none(), st.integers(), st.floats(allow_nan=True)),
       st.sampled_from(["montant_ttc", "date_achat", "client_id", "date_reference"]))
def test_propriete_rfm_et_cohortes_entree_abimee(valeur, date_texte, colonne):
    """Une valeur abîmée dans une colonne : résultat valide ou erreur française, jamais autre chose."""
    achats = _achats_exemple().astype({"montant_ttc": object, "date_achat": object, "client_id": object})
    reference = "2024-07-01"
    if colonne == "date_reference":
        reference = date_texte
    else:
        achats.loc[2, colonne] = date_texte if colonne == "date_achat" else valeur
    for appel in (lambda: scores_rfm(achats, reference), lambda: cohortes_retention(achats)):
        try:
            resultat = appel()
        except (ValueError, TypeError) as erreur:
            assert "transactions" in str(erreur) or "date_reference" in str(erreur)
        else:
            numeriques = resultat.select_dtypes("number").to_numpy(dtype="float64")
            assert not np.isinf(numeriques).any()


def test_retention_annuelle_petit_exemple():
    achats = pd.DataFrame({
        "client_id": ["A", "B", "C", "A", "C", "C", "D"],
        "date_achat": pd.to_datetime(["2023-02-01", "2023-05-01", "2023-07-01", "2024-01-10",
                                      "2024-03-01", "2024-09-01", "2024-10-01"]),
    })
    table = retention_annuelle(achats)
    ligne = table.loc["2023 → 2024"]
    assert (ligne["clients"], ligne["conserves"], ligne["perdus"]) == (3, 2, 1)
    assert ligne["taux_retention"] == pytest.approx(2 / 3)
    assert ligne["taux_attrition"] == pytest.approx(1 / 3)
    with pytest.raises(ValueError, match="deux années civiles consécutives"):
        retention_annuelle(achats[achats["date_achat"].dt.year == 2023])


def test_retention_annuelle_sur_les_donnees_du_cours():
    table = retention_annuelle(charger("achats"))
    assert list(table.index) == ["2023 → 2024", "2024 → 2025"]
    assert ((table["conserves"] + table["perdus"]) == table["clients"]).all()


def test_acheteurs_par_annee():
    achats = pd.DataFrame({"client_id": ["A", "B", "A", "C", "A"],
                           "date_achat": ["2023-01-05", "2023-06-01", "2024-02-01", "2024-03-01",
                                          "2024-12-31"]})
    acheteurs = acheteurs_par_annee(achats)
    assert acheteurs[2023] == {"A", "B"} and acheteurs[2024] == {"A", "C"}
    assert acheteurs[2023] - acheteurs[2024] == {"B"}
