"""Générateur des jeux de données : reproductible à l'octet près, comportements émergents."""

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from relation_client import donnees, generation

RACINE = Path(__file__).resolve().parents[1]
DATASETS = RACINE / "datasets"
FICHIERS_CSV = sorted(f"{nom}.csv" for nom in donnees.JEUX)


def _empreintes(dossier: Path) -> dict[str, str]:
    return {p.relative_to(dossier).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(dossier.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def regeneres(tmp_path_factory):
    """Les CSV régénérés par la commande publique, dans un dossier temporaire."""
    dossier = tmp_path_factory.mktemp("regeneres")
    avant = _empreintes(DATASETS)
    assert generation.main(["generer", "--dossier", str(dossier)]) == 0
    assert _empreintes(DATASETS) == avant, "la génération ne doit écrire que dans le dossier cible"
    return dossier


def test_la_generation_n_ecrit_que_les_sept_csv_dans_le_dossier_cible(regeneres):
    assert sorted(p.name for p in regeneres.iterdir()) == FICHIERS_CSV


@pytest.mark.parametrize("fichier", FICHIERS_CSV)
def test_regenerer_reproduit_les_fichiers_publies_a_l_octet_pres(regeneres, fichier):
    publie = (DATASETS / fichier).read_bytes()
    assert (regeneres / fichier).read_bytes() == publie, (
        f"{fichier} régénéré diffère du fichier publié : relancez "
        "« python -m relation_client.generation generer » et publiez le résultat.")


def test_csv_publies_utf8_fins_de_ligne_unix_et_moins_de_15_mo():
    total = 0
    for fichier in FICHIERS_CSV:
        octets = (DATASETS / fichier).read_bytes()
        total += len(octets)
        octets.decode("utf-8")
        assert b"\r" not in octets
        assert not octets.startswith(b"\xef\xbb\xbf")
    assert total < 15 * 1024 * 1024


def test_le_readme_annonce_les_bons_nombres_de_lignes():
    texte = (DATASETS / "README.md").read_text(encoding="utf-8")
    for nom in donnees.JEUX:
        n = len(donnees.charger(nom))
        ligne = next(l for l in texte.splitlines() if l.startswith(f"| `{nom}.csv` |"))
        assert ligne.split("|")[2].replace(" ", "").strip() == str(n), (nom, n)


def test_une_autre_graine_donne_d_autres_donnees_et_la_meme_graine_les_memes():
    a = generation.construire(7)["achats"]
    b = generation.construire(7)["achats"]
    c = generation.construire(8)["achats"]
    pd.testing.assert_frame_equal(a, b)
    assert len(a) != len(c) or not a["montant_ttc"].equals(c["montant_ttc"])


def test_repartition_en_centimes_exacte():
    parts = generation._repartir_centimes(1001, 3)
    assert parts.sum() == 1001 and parts.max() - parts.min() <= 1


def test_wrapper_datasets_generer_py(tmp_path):
    script = DATASETS / "generer.py"
    resultat = subprocess.run([sys.executable, str(script), "--dossier", str(tmp_path)],
                              capture_output=True, text=True, timeout=120,
                              env={**os.environ, "PYTHONHASHSEED": "0"})
    assert resultat.returncode == 0, resultat.stderr
    assert (tmp_path / "clients.csv").read_bytes() == (DATASETS / "clients.csv").read_bytes()


def test_aide_de_la_commande_en_francais(capsys):
    with pytest.raises(SystemExit) as sortie:
        generation.main(["generer", "--help"])
    assert sortie.value.code == 0
    aide = capsys.readouterr().out
    assert "dossier où écrire les CSV" in aide and "affiche cette aide" in aide


def test_commande_inconnue_refusee_en_francais(capsys):
    with pytest.raises(SystemExit):
        generation.main(["fabriquer"])
    assert "choix invalide" in capsys.readouterr().err


# ------------------------------------------------------------------ comportements émergents
@pytest.fixture(scope="module")
def achats():
    return donnees.charger("achats")


def test_loi_20_80_emerge_des_comportements(achats):
    """Part du CA des 20 % meilleurs clients : entre 60 % et 85 % (pandas seul)."""
    ca = achats.groupby("client_id")["montant_ttc"].sum().sort_values(ascending=False)
    nb_clients = len(donnees.charger("clients"))
    part = ca.iloc[: int(0.2 * nb_clients)].sum() / ca.sum()
    assert 0.60 <= part <= 0.85


def test_la_plupart_des_clients_n_achetent_qu_une_fois(achats):
    commandes = achats.groupby("client_id").size()
    une_fois = (commandes == 1).mean()
    assert 0.40 <= une_fois <= 0.65
    assert commandes.max() >= 30  # une minorité achète très souvent


def test_volume_de_commandes_dans_la_fourchette(achats):
    assert 50_000 <= len(achats) <= 100_000
    assert 4_000 <= len(donnees.charger("clients")) <= 6_000


def test_les_membres_du_programme_rachetent_plus(achats):
    clients = donnees.charger("clients").set_index("client_id")
    commandes = achats.groupby("client_id").size()
    membre = clients.loc[commandes.index, "membre_programme"]
    assert (commandes[membre] > 1).mean() > (commandes[~membre] > 1).mean() + 0.1


def test_attrition_annuelle_observee_plausible(achats):
    annee = achats["date_achat"].dt.year
    actifs_2024 = set(achats.loc[annee == 2024, "client_id"])
    actifs_2025 = set(achats.loc[annee == 2025, "client_id"])
    attrition = 1 - len(actifs_2024 & actifs_2025) / len(actifs_2024)
    assert 0.3 <= attrition <= 0.7


def test_les_depenses_sont_dominees_par_recherche_et_display():
    trafic = donnees.charger("trafic_web")
    depense = trafic.groupby("source", observed=True)["depense"].sum()
    part = depense[["recherche payante", "display"]].sum() / depense.sum()
    assert part > 0.5
    assert depense[["recherche naturelle", "direct"]].sum() == 0


def test_pression_e_mail_plus_d_envois_plus_de_desabonnements():
    email = donnees.charger("campagnes_email").sort_values("date_envoi")
    jours = email["date_envoi"].to_numpy()
    pression = np.array([((jours > j - np.timedelta64(30, "D")) & (jours <= j)).sum() for j in jours])
    taux = email["desabonnements"] / email["delivres"]
    forte = taux[pression >= 5].mean()
    faible = taux[pression <= 3].mean()
    assert forte > faible


def test_montants_hors_taxes_calcules_au_centime_sans_tirage():
    ttc = pd.Series([12.00, 17.20, 0.03, 107.11])
    marge = pd.Series([5.00, 7.82, 0.01, 48.90])
    colonnes = generation._montants_hors_taxes(ttc, marge)
    assert list(colonnes) == ["taux_tva", "montant_ht", "cout_achat_ht"]
    assert colonnes["taux_tva"].tolist() == [0.20] * 4
    # 12 / 1,2 = 10 ; 17,20 / 1,2 = 14,333… ; 0,03 / 1,2 = 0,025 (demi-centime arrondi vers le haut)
    assert colonnes["montant_ht"].tolist() == [10.00, 14.33, 0.03, 89.26]
    assert colonnes["cout_achat_ht"].tolist() == [5.00, 6.51, 0.02, 40.36]


def test_colonnes_hors_taxes_en_place_dans_achats():
    achats = generation.construire()["achats"]
    assert list(achats.columns) == ["commande_id", "client_id", "date_achat", "montant_ttc", "taux_tva",
                                    "montant_ht", "cout_achat_ht", "marge", "canal", "source_trafic",
                                    "rang_commande"]
    assert list(achats.columns) == list(donnees.SCHEMAS["achats"])


# ------------------------------------------------------------------ chiffres clés : relevé écrit à la main
def test_le_releve_publie_des_chiffres_cles_passe_le_controle():
    tableau = generation.controler_chiffres_cles(DATASETS / generation.FICHIER_CHIFFRES_CLES)
    assert list(tableau.columns) == list(donnees.SCHEMAS["chiffres_cles"])
    assert tableau["identifiant"].is_unique and len(tableau) > 0


@pytest.mark.parametrize("modifier, attendu", [
    (lambda lignes: lignes + [lignes[1]], r"ligne 47 : l'identifiant « cout_nouveau_client_x5 » est déjà utilisé"),
    (lambda lignes: [lignes[0].replace("source,", "origine,")] + lignes[1:], r"manquante\(s\) : source"),
    (lambda lignes: lignes[:1] + [lignes[1].replace("001_dcd7b90095d3b7bc.txt", "")] + lignes[2:],
     r"la colonne fichier_source \(ligne 2\) doit contenir une valeur"),
    (lambda lignes: lignes[:1] + [lignes[1].replace("01_conquerir", "01_conquete")] + lignes[2:],
     r"valeur inconnue : « 01_conquete »"),
])
def test_le_controle_des_chiffres_cles_dit_quoi_corriger(tmp_path, modifier, attendu):
    lignes = (DATASETS / generation.FICHIER_CHIFFRES_CLES).read_text(encoding="utf-8").splitlines()
    chemin = tmp_path / generation.FICHIER_CHIFFRES_CLES
    chemin.write_text("\n".join(modifier(lignes)) + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match=attendu) as erreur:
        generation.controler_chiffres_cles(chemin)
    assert "écrit à la main" in str(erreur.value) and "Régénérez" not in str(erreur.value)


def test_la_generation_ne_reecrit_pas_le_releve_des_chiffres_cles(tmp_path, monkeypatch):
    depot = tmp_path / "datasets"
    depot.mkdir()
    releve = depot / generation.FICHIER_CHIFFRES_CLES
    shutil.copyfile(DATASETS / generation.FICHIER_CHIFFRES_CLES, releve)
    os.utime(releve, ns=(1_000_000_000, 1_000_000_000))
    monkeypatch.setattr(generation.copie_donnees, "dossier_depot", lambda: depot)
    chemins = generation.generer(depot)
    assert chemins["chiffres_cles"] == releve
    assert releve.stat().st_mtime_ns == 1_000_000_000  # contrôlé, pas réécrit
    assert sorted(p.name for p in depot.iterdir()) == FICHIERS_CSV
