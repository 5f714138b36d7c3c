"""Jeux de données du cours (schéma, cohérence entre fichiers, chiffres clés) et lire_csv."""

import hashlib
import shutil
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from relation_client import donnees
from relation_client.donnees import charger, chiffre_cle, chiffres_cles, lire_csv

CORPUS = Path(__file__).resolve().parent / "donnees"
SOURCES_COURS = {"000_ab2f0d2c27041189.txt", "001_dcd7b90095d3b7bc.txt",
                 "002_108331105028a8ad.txt", "003_7bad6dace1b3cae9.txt",
                 "004_03369d8e601682ae.txt"}


@pytest.fixture(scope="module")
def jeux():
    return {nom: charger(nom) for nom in donnees.JEUX}


# ------------------------------------------------------------------ schéma et types
@pytest.mark.parametrize("nom", donnees.JEUX)
def test_schema_et_types(nom, jeux):
    tableau = jeux[nom]
    schema = donnees.SCHEMAS[nom]
    assert list(tableau.columns) == list(schema)
    assert len(tableau) > 0
    for col, genre in schema.items():
        dtype = tableau[col].dtype
        if isinstance(genre, pd.CategoricalDtype):
            assert isinstance(dtype, pd.CategoricalDtype)
            assert list(dtype.categories) == list(genre.categories)
        else:
            attendu = {"texte": "str", "date": "datetime64[ns]", "entier": "int64",
                       "réel": "float64", "booléen": "bool"}[genre]
            assert str(dtype) == attendu, (col, dtype)
        assert not tableau[col].isna().any(), col


def test_charger_accepte_le_suffixe_csv():
    pd.testing.assert_frame_equal(charger("clients.csv"), charger("clients"))


def test_charger_renvoie_une_copie():
    a = charger("achats")
    a.loc[0, "montant_ttc"] = -1.0
    a["nouvelle"] = 1
    b = charger("achats")
    assert b.loc[0, "montant_ttc"] > 0
    assert "nouvelle" not in b.columns


def test_nom_inconnu_suggere_le_plus_proche():
    with pytest.raises(ValueError, match="« achat » n'existe pas.*Vouliez-vous dire « achats ».*trafic_web"):
        charger("achat")
    with pytest.raises(TypeError, match="nom doit être"):
        charger(3)


def test_dossier_par_variable_d_environnement_et_schema_verifie(tmp_path, monkeypatch):
    for nom in ("clients", "chiffres_cles"):
        shutil.copy(donnees.dossier_donnees() / f"{nom}.csv", tmp_path)
    texte = (tmp_path / "clients.csv").read_text(encoding="utf-8")
    (tmp_path / "clients.csv").write_text(texte.replace("region", "département"), encoding="utf-8")
    monkeypatch.setenv("RELATION_CLIENT_DONNEES", str(tmp_path))
    assert donnees.dossier_donnees() == tmp_path.resolve()
    with pytest.raises(ValueError, match=r"« clients\.csv ».*manquante\(s\) : region.*inattendue\(s\) : département"):
        charger("clients")
    with pytest.raises(FileNotFoundError, match=r"« achats\.csv » est introuvable.*RELATION_CLIENT_DONNEES"):
        charger("achats")
    assert len(charger("chiffres_cles")) > 0


def test_categorie_inconnue_refusee(tmp_path, monkeypatch):
    texte = (donnees.dossier_donnees() / "achats.csv").read_text(encoding="utf-8")
    (tmp_path / "achats.csv").write_text(texte.replace(",marketplace,", ",boutique,", 1),
                                         encoding="utf-8")
    monkeypatch.setenv("RELATION_CLIENT_DONNEES", str(tmp_path))
    with pytest.raises(ValueError, match="achats.csv.*colonne canal.*« boutique »"):
        charger("achats")


def test_date_reference():
    assert donnees.DATE_REFERENCE == pd.Timestamp("2026-01-01")


# ------------------------------------------------------------------ cohérence interne
def test_clients_et_achats_coherents(jeux):
    clients, achats = jeux["clients"], jeux["achats"]
    assert clients["client_id"].is_unique and achats["commande_id"].is_unique
    assert set(achats["client_id"]) == set(clients["client_id"])  # chaque client a acheté
    premier = achats.groupby("client_id")["date_achat"].min()
    inscription = clients.set_index("client_id")["date_inscription"]
    assert (premier >= inscription.loc[premier.index]).all()
    debut, fin = pd.Timestamp("2023-01-01"), pd.Timestamp("2025-12-31")
    assert achats["date_achat"].between(debut, fin).all()
    assert clients["date_inscription"].between(debut, fin).all()
    # rang_commande : 1, 2, 3… dans l'ordre des dates pour chaque client
    tri = achats.sort_values(["client_id", "date_achat", "rang_commande"])
    assert (tri.groupby("client_id").cumcount() + 1).eq(tri["rang_commande"]).all()
    assert (achats["montant_ttc"] > 0).all()
    assert ((achats["marge"] > 0) & (achats["marge"] < achats["montant_ttc"])).all()
    # montants hors taxes : TVA à 20 %, HT arrondi au centime, marge = HT − coût d'achat HT
    assert (achats["taux_tva"] == 0.20).all()
    ecart_tva = (achats["montant_ht"] * (1 + achats["taux_tva"]) - achats["montant_ttc"]).abs()
    assert ecart_tva.max() <= 0.006 + 1e-9  # 1,2 × un demi-centime d'arrondi
    centimes = (achats[["montant_ht", "cout_achat_ht", "marge"]] * 100).round().astype("int64")
    assert (centimes["montant_ht"] - centimes["cout_achat_ht"]).eq(centimes["marge"]).all()
    assert ((achats["cout_achat_ht"] > 0) & (achats["marge"] < achats["montant_ht"])).all()
    # taux de marque global plausible pour une marque de cosmétiques vendant en ligne
    taux_marque = achats["marge"].sum() / achats["montant_ht"].sum()
    assert 0.35 < taux_marque < 0.65
    # le premier achat vient du canal d'acquisition du client
    premiers = achats[achats["rang_commande"] == 1].merge(clients, on="client_id")
    assert (premiers["source_trafic"].astype(str) == premiers["canal_acquisition"].astype(str)).all()


def test_trafic_agrege_exactement_achats_et_clients(jeux):
    trafic, achats, clients = jeux["trafic_web"], jeux["achats"], jeux["clients"]
    assert len(trafic) == 1096 * len(donnees.SCHEMAS["trafic_web"]["source"].categories)
    assert trafic["commandes"].sum() == len(achats)
    assert trafic["nouveaux_clients"].sum() == len(clients)
    assert trafic["chiffre_affaires"].sum() == pytest.approx(achats["montant_ttc"].sum(), abs=0.05)
    par_source = trafic.groupby("source", observed=True)["commandes"].sum()
    attendu = achats.groupby("source_trafic", observed=True).size()
    assert par_source.to_dict() == attendu.to_dict()
    par_jour = trafic.groupby("date")["nouveaux_clients"].sum()
    attendu = clients.groupby("date_inscription").size()
    assert par_jour[attendu.index].to_dict() == attendu.to_dict()
    assert (trafic["visiteurs_uniques"] <= trafic["visites"]).all()
    assert (trafic["commandes"] <= trafic["visiteurs_uniques"]).all()
    assert (trafic["nouveaux_clients"] <= trafic["leads"]).all()
    assert (trafic["depense"] >= 0).all()


def test_cac_par_canal_identique_dans_clients_et_trafic(jeux):
    trafic, clients = jeux["trafic_web"], jeux["clients"]
    g = trafic.groupby("source", observed=True)[["depense", "nouveaux_clients"]].sum()
    cac_trafic = g["depense"] / g["nouveaux_clients"]
    cac_clients = clients.groupby("canal_acquisition", observed=True)["cout_acquisition"].mean()
    pd.testing.assert_series_equal(cac_trafic.sort_index(), cac_clients.sort_index(),
                                   check_names=False, atol=0.01, check_index_type=False)
    assert (cac_clients[["recherche naturelle", "direct"]] == 0).all()
    assert (cac_clients[["recherche payante", "display", "réseaux sociaux"]] > 0).all()


def test_campagnes_email_coherentes(jeux):
    e = jeux["campagnes_email"]
    assert 120 <= len(e) <= 200 and e["campagne_id"].is_unique
    assert (e["rebonds"] == e["envoyes"] - e["delivres"]).all()
    assert ((e["conversions"] <= e["clics"]) & (e["clics"] <= e["ouvertures"]) &
            (e["ouvertures"] <= e["delivres"]) & (e["delivres"] <= e["envoyes"])).all()
    ouverture = e["ouvertures"].sum() / e["delivres"].sum()
    clics = e["clics"].sum() / e["delivres"].sum()
    desabonnement = e["desabonnements"].sum() / e["delivres"].sum()
    assert 0.20 <= ouverture <= 0.35 and 0.02 <= clics <= 0.05 and 0.001 <= desabonnement <= 0.005
    # conversions attribuées : chaque vente comptée vient bien de l'e-mail dans achats
    achats = jeux["achats"]
    assert e["conversions"].sum() <= (achats["source_trafic"] == "e-mail").sum()
    assert (e["chiffre_affaires"] >= 0).all() and (e["cout"] > 0).all()


def test_depense_e_mail_et_influence_egale_au_cout_des_campagnes(jeux):
    trafic = jeux["trafic_web"]
    dep = trafic.groupby("source", observed=True)["depense"].sum()
    assert dep["e-mail"] == pytest.approx(jeux["campagnes_email"]["cout"].sum(), abs=0.01)
    assert dep["influence"] == pytest.approx(jeux["campagnes_influence"]["cout"].sum(), abs=0.01)


def test_reseaux_sociaux_coherents(jeux):
    r = jeux["reseaux_sociaux"]
    assert r["publication_id"].is_unique
    assert (r["impressions"] >= r["portee"]).all()
    for col in ("likes", "commentaires", "partages", "clics"):
        assert (r[col] <= r["portee"]).all()
    assert set(r["plateforme"].astype(str)) == set(donnees.SCHEMAS["reseaux_sociaux"]["plateforme"].categories)
    for _, groupe in r.groupby("plateforme", observed=True):  # les abonnés progressent
        debut, fin = groupe["abonnes"].iloc[:10].mean(), groupe["abonnes"].iloc[-10:].mean()
        assert fin > debut


def test_campagnes_influence_coherentes(jeux):
    c, achats = jeux["campagnes_influence"], jeux["achats"]
    assert 20 <= len(c) <= 40
    assert (c["interactions"] <= c["portee"]).all() and (c["ventes"] <= c["visites"]).all()
    assert (c["marge"] <= c["chiffre_affaires"]).all()
    ordre = ["micro", "macro", "célébrité"]
    mediane = c.groupby("categorie", observed=True)["abonnes"].median()
    assert list(mediane.sort_values().index.astype(str)) == ordre
    influence = achats[achats["source_trafic"] == "influence"]
    assert c["ventes"].sum() <= len(influence)
    assert c["chiffre_affaires"].sum() <= influence["montant_ttc"].sum() + 0.01


# ------------------------------------------------------------------ chiffres clés
CHIFFRES_ATTENDUS = {
    "cout_nouveau_client_x5": (5, "001"), "cout_nouveau_client_x7": (7, "004"),
    "cout_nouveau_client_x25": (25, "002"), "adobe_nouveaux_clients_europe": (7, "000"),
    "adobe_nouveaux_clients_usa": (5, "000"), "clients_perdus_par_an": (10, "001"),
    "hausse_fidelite_profit_min": (25, "001"), "hausse_fidelite_profit_max": (85, "001"),
    "hausse_retention_profit_min": (25, "004"), "hausse_retention_profit_max": (55, "004"),
    "pareto_part_clients": (20, "003"), "pareto_part_ca": (80, "003"),
    "clients_peu_rentables": (90, "003"), "adobe_budget_search_display": (78, "000"),
    "adobe_ca_clients_existants": (41, "000"), "adobe_visiteurs_clients_existants": (8, "000"),
    "adobe_retour_1pct_ca": (10, "000"), "genesys_budget_clients_existants": (2, "000"),
    "mauvais_service_depart": (86, "000"), "acheteurs_satisfaits_reviennent": (80, "002"),
    "client_satisfait_parle_min": (1, "002"), "client_satisfait_parle_max": (2, "002"),
    "temps_perdu_services_clients": (28, "004"), "temps_perdu_pib": (1.8, "004"),
    "depart_manque_communication": (68, "004"), "mecontents_silencieux": (98, "004"),
    "experiences_negatives_service": (75, "004"), "birchbox_abonnes_instagram": (382_000, "001"),
    "birchbox_images": (5, "001"), "birchbox_likes": (18_000, "001"),
    "birchbox_clients_supplementaires": (1_000_000, "001"), "ribena_micro_influenceurs": (30, "001"),
    "ribena_contenus": (120, "001"), "ribena_visiteurs_uniques": (66_000, "001"),
    "ribena_image_marque": (10, "001"), "ribena_light_ventes": (6, "001"),
    "webedia_vues_youtube_2019": (103e9, "001"), "hm_bad_buzz_tweets": (2_300_000, "001"),
}


@pytest.mark.parametrize("identifiant", sorted(CHIFFRES_ATTENDUS))
def test_chiffres_demandes_presents_avec_leur_source(identifiant):
    valeur, fichier = CHIFFRES_ATTENDUS[identifiant]
    ligne = chiffre_cle(identifiant)
    assert ligne["valeur"] == valeur
    assert ligne["fichier_source"].startswith(fichier)


def test_chaque_chiffre_cle_est_complet_et_lisible(jeux):
    tableau = jeux["chiffres_cles"]
    assert tableau["identifiant"].is_unique
    assert tableau["identifiant"].str.fullmatch(r"[a-z0-9_]+").all()
    assert set(tableau["fichier_source"]) == SOURCES_COURS  # toutes les sources sont relevées
    for identifiant in tableau["identifiant"]:
        ligne = chiffre_cle(identifiant)
        assert set(ligne) == set(donnees.SCHEMAS["chiffres_cles"])
        assert isinstance(ligne["valeur"], float) and np.isfinite(ligne["valeur"])
        for champ in ("unite", "affirmation", "source", "remarque"):
            assert ligne[champ].strip(), (identifiant, champ)
        assert ligne["lecon"] in donnees.LECONS


def test_chiffres_cles_par_lecon():
    tous = chiffres_cles()
    total = 0
    for lecon in donnees.LECONS:
        partie = chiffres_cles(lecon)
        assert (partie["lecon"] == lecon).all()
        total += len(partie)
    assert total == len(tous)
    assert len(chiffres_cles("04_rejet")) >= 5
    with pytest.raises(ValueError, match="Vouliez-vous dire « 02_fideliser »"):
        chiffres_cles("02_fidelisation")


def test_chiffre_cle_inconnu_propose_des_identifiants_proches():
    with pytest.raises(ValueError, match="cout_nouveau_client_x5"):
        chiffre_cle("cout_nouveau_client_5")
    with pytest.raises(TypeError, match="identifiant doit être un texte"):
        chiffre_cle(5)


# ------------------------------------------------------------------ lire_csv
def _empreinte(chemin: Path) -> str:
    return hashlib.sha256(chemin.read_bytes()).hexdigest()


@pytest.fixture(autouse=False)
def intact():
    """Vérifie qu'aucun fichier du corpus n'est modifié par le test."""
    avant = {p.name: (_empreinte(p), p.stat().st_mtime_ns) for p in CORPUS.iterdir()}
    yield
    apres = {p.name: (_empreinte(p), p.stat().st_mtime_ns) for p in CORPUS.iterdir()}
    assert apres == avant


def test_corpus_d_au_moins_dix_fichiers():
    assert len([p for p in CORPUS.iterdir() if p.suffix in (".csv", ".tsv", ".txt")]) >= 10


@pytest.mark.usefixtures("intact")
@pytest.mark.parametrize("fichier", ["export_excel_fr.csv", "export_windows1252.csv"])
def test_export_excel_francais(fichier):
    t = lire_csv(CORPUS / fichier, colonnes_attendues=["client_id", "montant_ttc"],
                 colonnes_dates=["date_achat"], colonnes_numeriques=["montant_ttc"],
                 colonne_identifiant="client_id", date_limite="2026-01-01")
    assert list(t.columns) == ["client_id", "date_achat", "montant_ttc", "région", "quantité"]
    assert len(t) == 15
    assert t["montant_ttc"].dtype == "float64" and t["quantité"].dtype == "int64"
    assert t.loc[0, "montant_ttc"] == pytest.approx(17.35)
    assert t.loc[2, "montant_ttc"] == pytest.approx(1234.50)  # « 1 234,50 »
    assert t.loc[0, "date_achat"] == pd.Timestamp("2024-02-02")
    assert t.loc[1, "date_achat"] == pd.Timestamp("2024-03-03")
    assert t.loc[0, "région"] == "Provence-Alpes-Côte d'Azur"
    assert "Île-de-France" in set(t["région"])
    assert t["client_id"].dtype == "str"


@pytest.mark.usefixtures("intact")
def test_jour_avant_mois_pour_les_dates_francaises():
    t = lire_csv(CORPUS / "export_excel_fr.csv", colonnes_dates="date_achat",
                 date_limite="2026-01-01")
    # « 13/01/2024 » (ligne 13) est le 13 janvier (lu mois d'abord, ce serait une erreur)
    assert t.loc[11, "date_achat"] == pd.Timestamp("2024-01-13")
    assert t.loc[1, "date_achat"] == pd.Timestamp("2024-03-03")
    assert t.loc[0, "date_achat"] == pd.Timestamp("2024-02-02")


@pytest.mark.usefixtures("intact")
def test_tabulations_et_dates_iso():
    t = lire_csv(CORPUS / "tabulations.tsv", colonnes_dates=["date_achat"], date_limite="2026-01-01")
    assert t.shape == (10, 4)
    assert t.loc[0, "date_achat"] == pd.Timestamp("2025-02-11")
    assert t["montant_ttc"].sum() == pytest.approx(10 * 19.9 + 55)


@pytest.mark.usefixtures("intact")
def test_virgules_avec_guillemets():
    t = lire_csv(CORPUS / "virgules_iso.csv")
    assert t["commentaire"].tolist() == ["très bien, merci", "rien", "avis « mitigé »"]
    assert t["montant_ttc"].tolist() == [12.5, 8.9, 40.0]
    assert str(t["date_achat"].dtype) == "datetime64[ns]"


@pytest.mark.usefixtures("intact")
def test_export_texte_unicode_utf16():
    t = lire_csv(CORPUS / "export_unicode_utf16.txt")
    assert t["région"].tolist() == ["Île-de-France", "Corse"]
    assert t["montant_ttc"].tolist() == [12.5, 7.9]


MAL_FORMES = [
    ("colonne_manquante.csv", {"colonnes_attendues": ["client_id", "montant_ttc"]},
     ["« colonne_manquante.csv »", "ligne 1", "« montant_ttc » est absente", "« montant »"]),
    ("texte_dans_nombre.csv", {"colonnes_numeriques": ["montant_ttc"]},
     ["« texte_dans_nombre.csv »", "ligne 14, colonne montant_ttc", "« douze » n'est pas un nombre"]),
    ("separateurs_melanges.csv", {},
     ["« separateurs_melanges.csv »", "ligne 5", "1 champ(s) au lieu de 3", "séparateurs mélangés"]),
    ("vide.csv", {}, ["« vide.csv » est vide"]),
    ("encodage_illisible.csv", {}, ["« encodage_illisible.csv »", "ligne 2", "0x81", "CSV UTF-8"]),
    ("identifiants_dupliques.csv", {"colonne_identifiant": "client_id"},
     ["« identifiants_dupliques.csv »", "ligne 9, colonne client_id", "« C00003 »", "déjà ligne 4"]),
    ("date_future.csv", {"colonnes_dates": ["date_achat"], "date_limite": "2026-01-01"},
     ["« date_future.csv »", "ligne 5, colonne date_achat", "« 12/03/2031 »", "dans le futur",
      "01/01/2026"]),
    ("date_invalide.csv", {"colonnes_dates": ["date_achat"]},
     ["« date_invalide.csv »", "ligne 3, colonne date_achat", "« 31/02/2024 »", "jj/mm/aaaa"]),
    ("classeur_renomme.csv", {}, ["« classeur_renomme.csv »", "classeur Excel"]),
    ("entete_seule.csv", {}, ["« entete_seule.csv »", "aucune donnée"]),
    ("champ_manquant.csv", {}, ["« champ_manquant.csv »", "ligne 4", "2 champ(s) au lieu de 3"]),
]


@pytest.mark.usefixtures("intact")
@pytest.mark.parametrize("fichier, options, morceaux", MAL_FORMES, ids=[m[0] for m in MAL_FORMES])
def test_fichier_mal_forme_message_precis(fichier, options, morceaux):
    with pytest.raises(ValueError) as erreur:
        lire_csv(CORPUS / fichier, **options)
    message = str(erreur.value)
    for morceau in morceaux:
        assert morceau in message, (morceau, message)


@pytest.mark.usefixtures("intact")
def test_date_future_peut_etre_signalee_sans_bloquer():
    with pytest.warns(UserWarning, match="ligne 5, colonne date_achat"):
        t = lire_csv(CORPUS / "date_future.csv", colonnes_dates=["date_achat"],
                     dates_futures="avertir", date_limite="2026-01-01")
    assert t.loc[3, "date_achat"] == pd.Timestamp("2031-03-12")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        lire_csv(CORPUS / "date_future.csv", colonnes_dates=["date_achat"], dates_futures="accepter")


@pytest.mark.usefixtures("intact")
def test_sans_colonnes_imposees_le_texte_reste_du_texte():
    t = lire_csv(CORPUS / "texte_dans_nombre.csv")
    assert t["montant_ttc"].dtype == "str" and t.loc[12, "montant_ttc"] == "douze"


def test_fichier_absent_chemin_absolu(tmp_path):
    with pytest.raises(FileNotFoundError, match=f"chemin absolu essayé : {tmp_path.resolve()}/absent.csv"):
        lire_csv(tmp_path / "absent.csv")


def test_arguments_invalides(tmp_path):
    with pytest.raises(TypeError, match="chemin doit être"):
        lire_csv(42)
    with pytest.raises(ValueError, match="dates_futures vaut 'peut-être'"):
        lire_csv(CORPUS / "export_excel_fr.csv", dates_futures="peut-être")
    with pytest.raises(ValueError, match="est un dossier"):
        lire_csv(tmp_path)


def test_relit_les_jeux_du_cours(jeux):
    clients = lire_csv(donnees.dossier_donnees() / "clients.csv", colonne_identifiant="client_id",
                       colonnes_dates=["date_inscription"], colonnes_numeriques=["cout_acquisition"])
    assert len(clients) == len(jeux["clients"])
    assert clients["cout_acquisition"].sum() == pytest.approx(jeux["clients"]["cout_acquisition"].sum())


# ------------------------------------------------------------------ propriétés (hypothesis)
from hypothesis import given, settings, strategies as st  # noqa: E402

_MONTANTS = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False).map(lambda x: round(x, 2))
_TEXTES = st.text(alphabet="abcdeéèàçÎô -'", min_size=1, max_size=12).filter(lambda t: t.strip() and t.strip()[0].isalpha())


@settings(max_examples=60, deadline=None)
@given(montants=st.lists(_MONTANTS, min_size=1, max_size=20), data=st.data(),
       encodage=st.sampled_from(["utf-8-sig", "cp1252", "utf-8"]),
       sep=st.sampled_from([";", "\t"]), fin=st.sampled_from(["\r\n", "\n"]))
def test_propriete_export_francais_relu_a_l_identique(tmp_path_factory, montants, data, encodage, sep, fin):
    textes = data.draw(st.lists(_TEXTES, min_size=len(montants), max_size=len(montants)))
    jours = data.draw(st.lists(st.dates(min_value=pd.Timestamp("2000-01-01").date(),
                                        max_value=pd.Timestamp("2025-12-31").date()),
                               min_size=len(montants), max_size=len(montants)))
    lignes = [sep.join(["client_id", "date_achat", "montant_ttc", "libellé"])]
    for i, (m, t, j) in enumerate(zip(montants, textes, jours)):
        lignes.append(sep.join([f"C{i:05d}", j.strftime("%d/%m/%Y"), f"{m:.2f}".replace(".", ","), t]))
    chemin = tmp_path_factory.mktemp("prop") / "export.csv"
    chemin.write_bytes((fin.join(lignes) + fin).encode(encodage))
    avant = chemin.read_bytes()
    t = lire_csv(chemin, colonnes_attendues=["client_id"], colonnes_dates=["date_achat"],
                 colonnes_numeriques=["montant_ttc"], colonne_identifiant="client_id")
    assert chemin.read_bytes() == avant
    assert t["montant_ttc"].astype(float).tolist() == pytest.approx(montants)
    assert t["date_achat"].tolist() == [pd.Timestamp(j) for j in jours]
    assert t["libellé"].tolist() == textes


@settings(max_examples=80, deadline=None)
@given(octets=st.binary(max_size=300) | st.text(alphabet=";,\t\n\r\"ab1,2é ", max_size=120).map(str.encode))
def test_propriete_fichier_quelconque_donne_un_tableau_ou_une_erreur_en_francais(tmp_path_factory, octets):
    chemin = tmp_path_factory.mktemp("fuzz") / "quelconque.csv"
    chemin.write_bytes(octets)
    try:
        t = lire_csv(chemin, colonnes_dates=None)
    except ValueError as erreur:
        assert "« quelconque.csv »" in str(erreur)
    else:
        assert isinstance(t, pd.DataFrame) and len(t) >= 1
    assert chemin.read_bytes() == octets


def test_chaque_colonne_est_dans_le_dictionnaire_des_donnees():
    texte = (donnees.dossier_donnees() / "README.md").read_text(encoding="utf-8")
    for jeu, colonnes in donnees.SCHEMAS.items():
        section = texte.split(f"### `{jeu}.csv`", 1)[1].split("\n### ", 1)[0]
        absentes = [c for c in colonnes if f"`{c}`" not in section]
        assert not absentes, f"{jeu}.csv : colonnes absentes de datasets/README.md : {absentes}"


def test_montrer_chiffres_affiche_source_et_remarque(capsys):
    donnees.montrer_chiffres("cout_nouveau_client_x5")
    sortie = capsys.readouterr().out
    chiffre = chiffre_cle("cout_nouveau_client_x5")
    a_plat = " ".join(sortie.split())
    assert " ".join(f"« {chiffre['affirmation']} »".split()) in a_plat
    assert " ".join(f"Source : {chiffre['source']}".split()) in a_plat and "Remarque :" in a_plat
    # Lignes courtes, coupées entre les mots : aucun mot de la source n'est coupé en deux.
    assert max(len(ligne) for ligne in sortie.splitlines()) <= 80
    mots = set(a_plat.split())
    assert set(chiffre["remarque"].split()) <= mots
