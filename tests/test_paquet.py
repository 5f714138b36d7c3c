"""Le cours s'installe comme un vrai paquet : données et clés de correction voyagent dans la roue.

- Tests rapides : la copie des jeux de données livrée dans le paquet
  (``src/relation_client/jeux_de_donnees/``) est identique, octet par octet et fichier par fichier,
  à ``datasets/`` ; ``dossier_donnees()`` la trouve par ``importlib.resources`` ; les motifs
  ``package-data`` de ``pyproject.toml`` la couvrent entièrement.
- Test ``lent`` : ``pip wheel . --no-deps`` (dans un dossier temporaire), venv neuf hors du dépôt,
  installation de la roue (dépendances prises au registre ou au cache de pip), puis, depuis un
  autre dossier : une leçon exécutée et une classe de trois copies corrigée par
  ``relation-client corriger``, avec les notes attendues.
"""

from __future__ import annotations

import csv
import filecmp
import fnmatch
import json
import os
import shutil
import subprocess
import sys
import time
import tomllib
from importlib import resources
from pathlib import Path

import pytest

from aides_copies import classe_de_trois
from relation_client import copie_donnees, donnees

RACINE = Path(__file__).resolve().parents[1]
COMMANDE = "python -m relation_client.copie_donnees"


# ---------------------------------------------------------------------------------------------
# La copie livrée dans le paquet
# ---------------------------------------------------------------------------------------------

def test_copie_du_paquet_identique_a_datasets():
    source, copie = RACINE / "datasets", RACINE / "src" / "relation_client" / copie_donnees.NOM_COPIE
    assert copie_donnees.dossier_depot() == source
    assert copie_donnees.dossier_copie() == copie
    problemes = copie_donnees.differences(source, copie)
    assert not problemes, ("la copie des données du paquet diffère de datasets/ ; lancez « "
                           + COMMANDE + " » :\n- " + "\n- ".join(problemes))
    fichiers = copie_donnees.fichiers(source)
    assert fichiers == copie_donnees.fichiers(copie)
    for jeu in donnees.JEUX:
        assert f"{jeu}.csv" in fichiers
    assert "README.md" in fichiers and "cdnow/CDNOW_sample.txt" in fichiers
    assert all(filecmp.cmp(source / f, copie / f, shallow=False) for f in fichiers)


def test_dossier_donnees_lu_par_importlib_resources(monkeypatch):
    monkeypatch.delenv("RELATION_CLIENT_DONNEES", raising=False)
    attendu = Path(str(resources.files("relation_client") / copie_donnees.NOM_COPIE))
    assert donnees.dossier_donnees() == attendu
    assert all((attendu / f"{jeu}.csv").is_file() for jeu in donnees.JEUX)
    monkeypatch.setenv("RELATION_CLIENT_DONNEES", str(RACINE / "datasets"))
    assert donnees.dossier_donnees() == (RACINE / "datasets").resolve()


def test_copier_rend_la_copie_identique_sans_toucher_la_source(tmp_path):
    source, copie = tmp_path / "datasets", tmp_path / "paquet" / "jeux"
    (source / "sous").mkdir(parents=True)
    (source / "a.csv").write_bytes(b"x;y\r\n1;2\r\n")
    (source / "sous" / "b.txt").write_bytes("é\n".encode("utf-8"))
    (source / ".gitattributes").write_text("*.csv -text\n")
    (copie / "vieux").mkdir(parents=True)
    (copie / "a.csv").write_bytes(b"x;y\n1;3\n")
    (copie / "vieux" / "perime.csv").write_bytes(b"z")
    avant = {p: p.read_bytes() for p in source.rglob("*") if p.is_file()}
    assert copie_donnees.differences(source, copie) == [
        ".gitattributes : absent de la copie", "sous/b.txt : absent de la copie",
        "vieux/perime.csv : en trop dans la copie (absent de datasets/)", "a.csv : contenu différent"]
    changes = copie_donnees.copier(source, copie)
    assert sorted(changes) == [".gitattributes", "a.csv", "sous/b.txt", "vieux/perime.csv"]
    assert copie_donnees.differences(source, copie) == []
    assert not (copie / "vieux").exists()
    assert (copie / "a.csv").read_bytes() == b"x;y\r\n1;2\r\n"
    assert {p: p.read_bytes() for p in source.rglob("*") if p.is_file()} == avant
    assert copie_donnees.copier(source, copie) == []  # déjà à jour : rien n'est réécrit
    with pytest.raises(ValueError, match="même dossier"):
        copie_donnees.copier(source, source)


def test_verifier_en_ligne_de_commande(tmp_path, capsys, monkeypatch):
    assert copie_donnees.main(["--verifier"]) == 0
    assert "identique" in capsys.readouterr().out
    source, copie = tmp_path / "s", tmp_path / "c"
    source.mkdir()
    (source / "a.csv").write_text("1")
    monkeypatch.setattr(copie_donnees, "dossier_depot", lambda: source)
    monkeypatch.setattr(copie_donnees, "dossier_copie", lambda: copie)
    assert copie_donnees.main(["--verifier"]) == 1
    assert "a.csv : absent de la copie" in capsys.readouterr().err and not copie.exists()
    assert copie_donnees.main([]) == 0 and (copie / "a.csv").read_text() == "1"


def test_motifs_package_data_couvrent_la_copie():
    config = tomllib.loads((RACINE / "pyproject.toml").read_text(encoding="utf-8"))
    motifs = config["tool"]["setuptools"]["package-data"]["relation_client"]
    paquet = RACINE / "src" / "relation_client"
    livres = {p.relative_to(paquet).as_posix() for motif in motifs for p in paquet.glob(motif) if p.is_file()}
    attendus = {f"{copie_donnees.NOM_COPIE}/{f}" for f in copie_donnees.fichiers(paquet / copie_donnees.NOM_COPIE)
                if not any(partie.startswith(".") for partie in f.split("/"))}
    assert attendus <= livres, f"fichiers de données hors des motifs package-data : {sorted(attendus - livres)}"
    # Tout fichier non Python du paquet (gabarits Voilà, CSS d'impression…) voyage aussi dans la roue.
    autres = {f for f in copie_donnees.fichiers(paquet)
              if not f.endswith(".py") and not any(partie.startswith(".") for partie in f.split("/"))}
    assert autres <= livres, ("fichiers du paquet qu'aucun motif [tool.setuptools.package-data] de "
                              f"pyproject.toml n'emporte dans la roue : {sorted(autres - livres)}")
    # Les clés de correction sont un sous-paquet (trouvé par packages.find), pas des données.
    assert (paquet / "corriges" / "__init__.py").is_file()


# ---------------------------------------------------------------------------------------------
# La roue, installée dans un venv neuf hors du dépôt
# ---------------------------------------------------------------------------------------------

_SCRIPT_VERIFICATION = """
import json, sys
from pathlib import Path
import relation_client
from relation_client import donnees, copie_donnees
from relation_client.corriges import exercices_disponibles, questions
dossier = donnees.dossier_donnees()
print(json.dumps({
    "paquet": relation_client.__file__,
    "donnees": str(dossier),
    "fichiers": copie_donnees.fichiers(dossier),
    "depot": str(copie_donnees.dossier_depot()),
    "exercices": exercices_disponibles(),
    "lignes_achats": len(donnees.charger("achats")),
    "questions": sum(len(questions(n)) for n in exercices_disponibles()),
}))
"""


def _lancer(commande, **kwargs):
    resultat = subprocess.run([str(c) for c in commande], capture_output=True, text=True, **kwargs)
    assert resultat.returncode == 0, (f"échec de {' '.join(map(str, commande))} :\n"
                                      f"{resultat.stdout[-3000:]}\n{resultat.stderr[-3000:]}")
    return resultat.stdout


@pytest.mark.lent
def test_roue_installee_dans_un_venv_neuf_hors_du_depot(tmp_path):
    durees = {}
    debut = time.monotonic()
    # 1. Les sources (ce qu'un clone contient) copiées hors du dépôt, puis la roue.
    sources = tmp_path / "sources"
    for nom in ("pyproject.toml", "README.md"):
        (sources / nom).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(RACINE / nom, sources / nom)
    shutil.copytree(RACINE / "src", sources / "src",
                    ignore=shutil.ignore_patterns("__pycache__", "*.egg-info", "*.pyc"))
    roues = tmp_path / "roues"
    _lancer([sys.executable, "-m", "pip", "wheel", ".", "--no-deps", "--quiet", "-w", roues], cwd=sources)
    (roue,) = roues.glob("relation_client-*.whl")
    durees["roue"] = time.monotonic() - debut

    # 2. Un venv neuf (hors du dépôt), la roue et ses dépendances.
    t = time.monotonic()
    venv = tmp_path / "venv"
    _lancer([sys.executable, "-m", "venv", venv])
    python = venv / "bin" / "python"
    _lancer([python, "-m", "pip", "install", "--quiet", roue])
    durees["installation"] = time.monotonic() - t

    # 3. Depuis un autre dossier, sans rien du dépôt dans l'environnement.
    ailleurs = tmp_path / "ailleurs"
    ailleurs.mkdir()
    env = {k: v for k, v in os.environ.items()
           if k not in ("RELATION_CLIENT_DONNEES", "PYTHONPATH", "VIRTUAL_ENV", "JUPYTER_PATH")}
    env.update(PATH=f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}", MPLBACKEND="Agg",
               JUPYTER_DATA_DIR=str(tmp_path / "jupyter_data"), JUPYTER_CONFIG_DIR=str(tmp_path / "jupyter_config"),
               IPYTHONDIR=str(tmp_path / "ipython"))
    infos = json.loads(_lancer([python, "-c", _SCRIPT_VERIFICATION], cwd=ailleurs, env=env))
    site = venv.resolve()
    assert Path(infos["paquet"]).resolve().is_relative_to(site), infos["paquet"]
    assert Path(infos["donnees"]).resolve().is_relative_to(site), infos["donnees"]
    assert infos["depot"] == "None"  # installé : pas de datasets/ à côté du paquet
    attendus = [f for f in copie_donnees.fichiers(RACINE / "datasets")
                if not any(partie.startswith(".") for partie in f.split("/"))]
    assert infos["fichiers"] == attendus
    for nom in attendus:  # octet par octet
        assert filecmp.cmp(RACINE / "datasets" / nom, Path(infos["donnees"]) / nom, shallow=False), nom
    assert infos["exercices"] == sorted(p.stem.removeprefix("exercice_")
                                        for p in (RACINE / "src/relation_client/corriges").glob("exercice_*.py"))
    assert infos["lignes_achats"] > 0 and infos["questions"] > 0

    # 4. Une leçon, copiée hors du dépôt, exécutée de bout en bout dans le noyau du venv.
    t = time.monotonic()
    lecon = ailleurs / "01_conquerir.ipynb"
    shutil.copy2(RACINE / "notebooks" / "01_conquerir.ipynb", lecon)
    _lancer([venv / "bin" / "jupyter", "nbconvert", "--to", "notebook", "--execute",
             "--ExecutePreprocessor.timeout=600", "--output", "executee.ipynb", lecon.name], cwd=ailleurs, env=env)
    executee = json.loads((ailleurs / "executee.ipynb").read_text(encoding="utf-8"))
    erreurs = [s for c in executee["cells"] for s in c.get("outputs", []) if s.get("output_type") == "error"]
    assert not erreurs
    assert sum(1 for c in executee["cells"] if c.get("outputs")) > 5
    durees["lecon"] = time.monotonic() - t

    # 5. Une classe de trois copies corrigée par la commande installée.
    t = time.monotonic()
    classe = classe_de_trois(ailleurs / "copies", "01")
    _lancer([venv / "bin" / "relation-client", "corriger", "copies", "--exercice", "01", "--sortie", "resultats",
             "--processus", "2", "--silencieux"], cwd=ailleurs, env=env)
    lignes = {ligne["eleve"]: ligne for ligne in csv.DictReader(
        (ailleurs / "resultats" / "notes.csv").read_text(encoding="utf-8-sig").splitlines(), delimiter=";")}
    assert set(lignes) == set(classe["notes"])
    for eleve, note in classe["notes"].items():
        ligne = lignes[eleve]
        assert float(ligne["total"].replace(",", ".")) == pytest.approx(note), (eleve, ligne)
        assert float(ligne["sur"].replace(",", ".")) == pytest.approx(classe["sur"])
        for question, points in classe["questions"][eleve].items():
            assert float(ligne[question].replace(",", ".")) == pytest.approx(points), (eleve, question, ligne)
    assert lignes["complete"]["statut"] == "ok", lignes["complete"]
    assert classe["notes"]["complete"] == classe["sur"] > classe["notes"]["moitie"] > classe["notes"]["vide"] == 0
    durees["correction"] = time.monotonic() - t
    durees["total"] = time.monotonic() - debut
    print("durées (s) : " + ", ".join(f"{k} {v:.1f}" for k, v in durees.items()))
