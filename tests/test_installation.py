"""Installation : réglages français de JupyterLab, environnement conda, commande relation-client."""

import json
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml

from relation_client import cli
from relation_client.installation import REGLAGES, chemin_overrides, configurer_jupyterlab

RACINE = Path(__file__).resolve().parents[1]


def test_configurer_cree_les_reglages_francais(tmp_path):
    chemin = configurer_jupyterlab(tmp_path)
    assert chemin == chemin_overrides(tmp_path)
    reglages = json.loads(chemin.read_text(encoding="utf-8"))
    assert reglages["@jupyterlab/translation-extension:plugin"]["locale"] == "fr_FR"
    assert reglages["@jupyterlab/apputils-extension:notification"]["checkForUpdates"] is False


def test_configurer_conserve_les_reglages_existants(tmp_path):
    chemin = chemin_overrides(tmp_path)
    chemin.parent.mkdir(parents=True)
    chemin.write_text(json.dumps({"@jupyterlab/apputils-extension:themes": {"theme": "JupyterLab Dark"},
                                  "@jupyterlab/translation-extension:plugin": {"autre": 1}}))
    configurer_jupyterlab(tmp_path)
    reglages = json.loads(chemin.read_text(encoding="utf-8"))
    assert reglages["@jupyterlab/apputils-extension:themes"] == {"theme": "JupyterLab Dark"}
    assert reglages["@jupyterlab/translation-extension:plugin"] == {"autre": 1, "locale": "fr_FR"}
    # Relancer ne change rien (idempotent).
    avant = chemin.read_bytes()
    configurer_jupyterlab(tmp_path)
    assert chemin.read_bytes() == avant


def test_configurer_ne_touche_pas_un_fichier_invalide(tmp_path):
    chemin = chemin_overrides(tmp_path)
    chemin.parent.mkdir(parents=True)
    chemin.write_text("{ pas du json")
    with pytest.raises(SystemExit, match="n'est pas un JSON valide"):
        configurer_jupyterlab(tmp_path)
    assert chemin.read_text() == "{ pas du json"


def test_venv_du_projet_est_configure_en_francais():
    """`make` a configuré le JupyterLab de l'environnement où tournent les tests."""
    chemin = chemin_overrides()
    assert chemin.exists(), "make cours/test doit écrire overrides.json dans l'environnement"
    reglages = json.loads(chemin.read_text(encoding="utf-8"))
    for plugin, valeurs in REGLAGES.items():
        for cle, valeur in valeurs.items():
            assert reglages[plugin][cle] == valeur


def _nom(exigence: str) -> str:
    return re.split(r"[<>=!~ \[]", exigence, maxsplit=1)[0].lower()


def test_environment_yml_a_les_memes_dependances_que_pyproject():
    projet = tomllib.loads((RACINE / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    attendues = {_nom(d) for d in projet["dependencies"] + projet["optional-dependencies"]["test"]}
    env = yaml.safe_load((RACINE / "environment.yml").read_text(encoding="utf-8"))
    assert env["name"] == "relation-client"
    assert env["channels"] == ["conda-forge"]
    presentes = set()
    for dep in env["dependencies"]:
        if isinstance(dep, dict):
            presentes |= {_nom(p) for p in dep["pip"]}
            assert "-e ." in dep["pip"], "le paquet du cours doit être installé par pip -e ."
        else:
            presentes.add(_nom(dep))
    assert attendues <= presentes, f"manquent dans environment.yml : {sorted(attendues - presentes)}"
    assert all(re.search(r">=", d) for d in projet["dependencies"]), "chaque dépendance a une borne basse"


def test_aide_de_la_commande_en_francais(capsys):
    with pytest.raises(SystemExit) as sortie:
        cli.main(["--help"])
    assert sortie.value.code == 0
    aide = capsys.readouterr().out
    assert "affiche cette aide et quitte" in aide
    assert "corrige un dossier de copies" in aide


def test_commande_inconnue_message_francais():
    resultat = subprocess.run([sys.executable, "-m", "relation_client.cli", "danser"],
                              capture_output=True, text=True)
    assert resultat.returncode == 2
    assert "choix invalide" in resultat.stderr


def test_sous_commande_configurer(tmp_path, capsys):
    assert cli.main(["configurer", "--prefixe", str(tmp_path)]) == 0
    assert "en français" in capsys.readouterr().out
    assert chemin_overrides(tmp_path).exists()


def test_nbgrader_des_tests_absent_du_jupyterlab_des_eleves():
    """nbgrader (extras de test) ne doit ajouter ni menu ni panneau anglais au JupyterLab du cours."""
    import json
    import sys
    from importlib.util import find_spec
    from pathlib import Path

    if find_spec("nbgrader") is None:
        pytest.skip("nbgrader n'est pas installé dans cet environnement")
    config = Path(sys.prefix) / "etc" / "jupyter" / "labconfig" / "page_config.json"
    assert config.is_file(), "make test doit désactiver l'extension JupyterLab de nbgrader"
    desactivees = json.loads(config.read_text(encoding="utf-8")).get("disabledExtensions", {})
    assert desactivees.get("@jupyter/nbgrader") is True
