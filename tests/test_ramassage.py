"""Distribuer / ramasser / rendre (relation_client.ramassage) sur des dossiers temporaires.

Le parcours complet sur un vrai JupyterHub (comptes système, trois élèves) est dans
tests/test_jupyterhub.py ; ici, les règles : jamais d'écrasement, liens symboliques refusés, droits
des fichiers déposés, ligne de commande.
"""

from __future__ import annotations

import hashlib
import json
import os
import pwd
import shutil
import stat
import tempfile
from pathlib import Path

import pytest

from relation_client import cli
from relation_client.ramassage import ErreurRamassage, distribuer, ramasser, rendre

ELEVES = ["alice", "bruno", "chloe"]


def _notebook(texte: str) -> str:
    return json.dumps({"cells": [{"cell_type": "markdown", "metadata": {}, "source": texte}],
                       "metadata": {}, "nbformat": 4, "nbformat_minor": 5}, ensure_ascii=False)


def _empreintes(dossier: Path) -> dict:
    return {str(p.relative_to(dossier)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(dossier.rglob("*")) if p.is_file()}


@pytest.fixture
def modele(tmp_path):
    dossier = tmp_path / "modele"
    dossier.mkdir()
    (dossier / "01_conquerir.ipynb").write_text(_notebook("exercice 1"), encoding="utf-8")
    (dossier / "02_fideliser.ipynb").write_text(_notebook("exercice 2"), encoding="utf-8")
    (dossier / ".cache").write_text("caché")
    (dossier / ".ipynb_checkpoints").mkdir()
    (dossier / ".ipynb_checkpoints" / "01_conquerir-checkpoint.ipynb").write_text("x")
    (dossier / "donnees").mkdir()
    (dossier / "donnees" / "notes.txt").write_text("sous-dossier")
    return dossier


@pytest.fixture
def classe(tmp_path, modele):
    """Un dossier par élève, chacun avec sa copie des exercices (et son travail)."""
    racine = tmp_path / "home"
    for eleve in ELEVES:
        distribuer(modele, racine / eleve / "exercises")
        (racine / eleve / "exercises" / "01_conquerir.ipynb").write_text(_notebook(f"travail de {eleve}"),
                                                                         encoding="utf-8")
    return racine


# --- distribuer --------------------------------------------------------------------------------

def test_distribuer_copie_tout_sauf_les_fichiers_caches(modele, tmp_path):
    cible = tmp_path / "eleve" / "exercises"
    resultats = distribuer(modele, cible)
    assert sorted(p.name for p in cible.iterdir()) == ["01_conquerir.ipynb", "02_fideliser.ipynb", "donnees"]
    assert (cible / "donnees" / "notes.txt").read_text() == "sous-dossier"
    assert {r.statut for r in resultats} == {"copié"} and len(resultats) == 3
    assert _empreintes(cible) == {k: v for k, v in _empreintes(modele).items() if not k.startswith(".")}


def test_distribuer_ne_remplace_jamais_le_travail_et_ajoute_les_nouveaux(modele, tmp_path):
    cible = tmp_path / "eleve" / "exercises"
    distribuer(modele, cible)
    (cible / "01_conquerir.ipynb").write_text("mon travail", encoding="utf-8")
    (cible / "02_fideliser.ipynb").unlink()                        # supprimé par l'élève : revient
    (modele / "03_outils.ipynb").write_text(_notebook("nouvel exercice"), encoding="utf-8")
    resultats = distribuer(modele, cible)
    assert (cible / "01_conquerir.ipynb").read_text(encoding="utf-8") == "mon travail"
    assert (cible / "02_fideliser.ipynb").exists() and (cible / "03_outils.ipynb").exists()
    statuts = {Path(r.chemin).name: r.statut for r in resultats}
    assert statuts["01_conquerir.ipynb"] == "conservé" and statuts["03_outils.ipynb"] == "copié"


def test_distribuer_ne_suit_pas_un_lien_pose_par_l_eleve(modele, tmp_path):
    cible = tmp_path / "eleve" / "exercises"
    cible.mkdir(parents=True)
    victime = tmp_path / "ailleurs.txt"
    victime.write_text("ne pas toucher")
    (cible / "01_conquerir.ipynb").symlink_to(victime)
    distribuer(modele, cible)
    assert victime.read_text() == "ne pas toucher"
    assert (cible / "01_conquerir.ipynb").is_symlink()


def test_distribuer_modele_absent(tmp_path):
    with pytest.raises(ErreurRamassage, match="n'existe pas"):
        distribuer(tmp_path / "absent", tmp_path / "cible")


# --- ramasser ----------------------------------------------------------------------------------

def test_ramasser_une_copie_par_eleve_sans_toucher_a_leur_travail(classe, tmp_path):
    avant = _empreintes(classe)
    copies = tmp_path / "copies"
    resultats = ramasser("1", ELEVES, copies, racine=classe)
    assert [(r.eleve, r.statut) for r in resultats] == [(e, "ramassé") for e in ELEVES]
    assert sorted(p.name for p in copies.iterdir()) == [f"{e}.ipynb" for e in ELEVES]
    for eleve in ELEVES:
        assert (copies / f"{eleve}.ipynb").read_bytes() == \
            (classe / eleve / "exercises" / "01_conquerir.ipynb").read_bytes()
    assert stat.S_IMODE(os.stat(copies).st_mode) == 0o700
    assert _empreintes(classe) == avant


def test_ramasser_ne_remplace_pas_une_copie_deja_ramassee(classe, tmp_path):
    copies = tmp_path / "copies"
    ramasser("01", ELEVES, copies, racine=classe)
    (classe / "alice" / "exercises" / "01_conquerir.ipynb").write_text(_notebook("modifié après"), encoding="utf-8")
    resultats = {r.eleve: r for r in ramasser("01", ELEVES, copies, racine=classe)}
    assert {r.statut for r in resultats.values()} == {"déjà ramassé"}
    assert resultats["bruno"].detail == "identique"
    assert "non remplacée" in resultats["alice"].detail
    assert "travail de alice" in (copies / "alice.ipynb").read_text(encoding="utf-8")


def test_ramasser_signale_absents_et_doublons(classe, tmp_path):
    (classe / "bruno" / "exercises" / "01_conquerir.ipynb").unlink()
    (classe / "chloe" / "exercises" / "01_conquerir-Copy1.ipynb").write_text("copie de travail")  # ignorée
    (classe / "dylan").mkdir()
    resultats = {r.eleve: r for r in ramasser("01", [*ELEVES, "dylan"], tmp_path / "copies", racine=classe)}
    assert resultats["alice"].statut == "ramassé" and resultats["chloe"].statut == "ramassé"
    assert resultats["bruno"].statut == "absent" and resultats["dylan"].statut == "absent"
    (classe / "alice" / "exercises" / "01_autre_nom.ipynb").write_text("deux notebooks")
    doublon = ramasser("01", ["alice"], tmp_path / "copies2", racine=classe)[0]
    assert doublon.statut == "erreur" and "plusieurs notebooks" in doublon.detail


def test_ramasser_une_etude_de_cas(classe, tmp_path):
    for eleve in ELEVES:
        (classe / eleve / "exercises" / "cas_08_cycles_lumen.ipynb").write_text(_notebook(f"cas {eleve}"))
    resultats = ramasser("08", ELEVES, tmp_path / "copies", racine=classe)
    assert [r.statut for r in resultats] == ["ramassé"] * 3
    assert resultats[0].detail == "cas_08_cycles_lumen.ipynb"
    assert "cas alice" in (tmp_path / "copies" / "alice.ipynb").read_text()


@pytest.mark.parametrize("mauvais", ["1a", "", "123", "../01"])
def test_numero_d_exercice_invalide(classe, tmp_path, mauvais):
    with pytest.raises(ErreurRamassage, match="numéro d'exercice invalide"):
        ramasser(mauvais, ELEVES, tmp_path / "copies", racine=classe)


def test_nom_d_eleve_invalide(classe, tmp_path):
    resultat = ramasser("01", ["../alice"], tmp_path / "copies", racine=classe)[0]
    assert resultat.statut == "erreur" and "nom d'élève invalide" in resultat.detail


# --- rendre ------------------------------------------------------------------------------------

def _retours(tmp_path, eleves=ELEVES) -> Path:
    dossier = tmp_path / "resultats" / "retours"
    dossier.mkdir(parents=True)
    for eleve in eleves:
        (dossier / f"{eleve}.md").write_text(f"# Retour de correction — {eleve}\n", encoding="utf-8")
    return dossier


def test_rendre_depose_chaque_retour_sans_rien_remplacer(classe, tmp_path):
    retours = _retours(tmp_path)
    exercices_avant = {e: _empreintes(classe / e / "exercises") for e in ELEVES}
    premier = rendre("01", retours, racine=classe)
    second = rendre("01", retours, racine=classe)
    assert [r.statut for r in premier + second] == ["rendu"] * 6
    for eleve in ELEVES:
        dossier = classe / eleve / "retours"
        assert sorted(p.name for p in dossier.iterdir()) == ["01_retour-2.md", "01_retour.md"]
        assert (dossier / "01_retour.md").read_text(encoding="utf-8") == f"# Retour de correction — {eleve}\n"
        assert stat.S_IMODE(os.stat(dossier / "01_retour.md").st_mode) == 0o600
        assert _empreintes(classe / eleve / "exercises") == exercices_avant[eleve]


def test_rendre_liste_d_eleves_et_retour_manquant(classe, tmp_path):
    retours = _retours(tmp_path, ["alice"])
    resultats = {r.eleve: r.statut for r in rendre("01", retours, ["alice", "bruno"], racine=classe)}
    assert resultats == {"alice": "rendu", "bruno": "absent"}
    assert not (classe / "bruno" / "retours").exists()


def test_rendre_refuse_un_dossier_retours_qui_n_en_est_pas_un(classe, tmp_path):
    (classe / "alice" / "retours").write_text("un fichier de l'élève")
    resultat = rendre("01", _retours(tmp_path, ["alice"]), racine=classe)[0]
    assert resultat.statut == "erreur"
    assert (classe / "alice" / "retours").read_text() == "un fichier de l'élève"


def test_rendre_dossier_des_retours_absent(tmp_path):
    with pytest.raises(ErreurRamassage, match="n'existe pas"):
        rendre("01", tmp_path / "rien", racine=tmp_path)


# --- sous le compte de l'élève (administrateur) ----------------------------------------------------

@pytest.fixture
def classe_nobody(modele):
    """Dossiers d'élèves appartenant au compte « nobody », dans un dossier traversable par lui."""
    if os.geteuid() != 0:
        pytest.skip("changer de propriétaire demande les droits d'administrateur")
    try:
        compte = pwd.getpwnam("nobody")
    except KeyError:
        pytest.skip("pas de compte « nobody »")
    base = Path(tempfile.mkdtemp(prefix="rc-ramassage-"))
    os.chmod(base, 0o755)
    racine = base / "home"
    for eleve in ("alice", "bruno"):
        distribuer(modele, racine / eleve / "exercises")
    for chemin in [*racine.rglob("*")]:
        os.chown(chemin, compte.pw_uid, compte.pw_gid, follow_symlinks=False)
    os.chmod(racine, 0o755)
    for eleve in ("alice", "bruno"):
        os.chmod(racine / eleve, 0o700)
    yield racine, compte
    shutil.rmtree(base, ignore_errors=True)


def test_administrateur_lit_et_ecrit_sous_le_compte_de_l_eleve(classe_nobody, tmp_path):
    racine, compte = classe_nobody
    secret = tmp_path / "secret.ipynb"         # fichier de l'administrateur, illisible par « nobody »
    secret.write_text("secret")
    os.chmod(secret, 0o600)
    exercices = racine / "bruno" / "exercises"
    (exercices / "01_conquerir.ipynb").unlink()
    (exercices / "01_conquerir.ipynb").symlink_to(secret)
    resultats = {r.eleve: r for r in ramasser("01", ["alice", "bruno"], tmp_path / "copies", racine=racine)}
    assert resultats["alice"].statut == "ramassé"
    assert resultats["bruno"].statut == "erreur"          # lien symbolique refusé
    assert not (tmp_path / "copies" / "bruno.ipynb").exists()

    resultats = rendre("01", _retours(tmp_path, ["alice"]), racine=racine)
    assert [r.statut for r in resultats] == ["rendu"]
    depose = racine / "alice" / "retours" / "01_retour.md"
    info = os.stat(depose)
    assert (info.st_uid, stat.S_IMODE(info.st_mode)) == (compte.pw_uid, 0o600)
    assert os.stat(depose.parent).st_uid == compte.pw_uid

    # Un dossier « retours » remplacé par un lien vers un dossier de l'administrateur : refusé.
    (racine / "bruno" / "retours").symlink_to(tmp_path)
    resultat = rendre("01", _retours(tmp_path / "b", ["bruno"]), racine=racine)[0]
    assert resultat.statut == "erreur"
    assert not (tmp_path / "01_retour.md").exists()


# --- ligne de commande -------------------------------------------------------------------------

def test_ligne_de_commande(classe, modele, tmp_path, capsys):
    assert cli.main(["distribuer", str(modele), str(tmp_path / "nouvel_eleve")]) == 0
    assert "3 fichier(s) copié(s)" in capsys.readouterr().out
    copies = tmp_path / "copies"
    assert cli.main(["ramasser", "--exercice", "01", "--vers", str(copies), "--racine", str(classe)]) == 0
    sortie = capsys.readouterr().out
    assert "3 copie(s) ramassée(s) sur 3 élève(s)" in sortie
    retours = _retours(tmp_path)
    assert cli.main(["rendre", str(retours), "--exercice", "01", "--racine", str(classe),
                     "--eleves", "alice", "chloe"]) == 0
    assert "2 retour(s) rendu(s)" in capsys.readouterr().out
    assert cli.main(["rendre", str(tmp_path / "absent"), "--exercice", "01", "--racine", str(classe)]) == 2
    assert "Erreur : le dossier des retours" in capsys.readouterr().err


def test_ramasser_groupe_inconnu(tmp_path, capsys):
    code = cli.main(["ramasser", "--exercice", "01", "--vers", str(tmp_path / "c"),
                     "--groupe", "groupe_qui_n_existe_pas_rc"])
    assert code == 2 and "groupe système « groupe_qui_n_existe_pas_rc » n'existe pas" in capsys.readouterr().err
