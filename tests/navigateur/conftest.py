"""Fixtures des tests de bout en bout dans Chromium (JupyterLab et Voilà).

- ``copie_cours`` : copie temporaire du cours (notebooks/, exercises/, solutions/, datasets/) ;
- ``serveur_lab`` : ``jupyter lab`` sur 127.0.0.1, port libre, jeton, en français, arrêté à la fin
  par son propre PID (groupe de processus) ;
- ``serveur_voila`` : Voilà autonome qui sert ``notebooks/tableaux/`` de la copie, lancé comme
  ``make tableaux`` (``python -m relation_client.tableaux`` : gabarit et accueil du cours) ;
- ``navigateur`` : le Chromium de Debian piloté par Playwright (jamais ``playwright install``) ;
- ``page`` : un nouvel onglet par test ; une capture d'écran est enregistrée dans
  ``tests/artefacts/`` à la fin de chaque test, réussi ou non.

Tous les tests de ce dossier portent la marque ``navigateur``. Sans ``/usr/bin/chromium`` ils sont
ignorés avec une raison claire, sauf en intégration continue (``CI=true``) où c'est un échec.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

from aides_navigateur import ARTEFACTS, ATTENTE_MS, RACINE_DEPOT, nom_fichier

CHROMIUM = Path("/usr/bin/chromium")
DRAPEAUX_CHROMIUM = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
DOSSIERS_COURS = ("notebooks", "exercises", "solutions", "datasets")
ICI = Path(__file__).resolve().parent

DEMARRAGE_SERVEUR_S = 180  # délai généreux : on attend une condition, on ne mesure pas


# --------------------------------------------------------------------------- marques et absence


def pytest_collection_modifyitems(config, items):
    for item in items:
        if ICI in Path(item.path).resolve().parents:
            item.add_marker(pytest.mark.navigateur)
            item.add_marker(pytest.mark.lent)


def _en_integration_continue() -> bool:
    return os.environ.get("CI", "").strip().lower() == "true"


def _verifier_outils() -> None:
    """Ignore (ou fait échouer en CI) les tests si Chromium ou Playwright manquent."""
    manque = None
    if not CHROMIUM.exists():
        manque = (f"Chromium est absent ({CHROMIUM}) : installez le paquet Debian « chromium » "
                  "(make navigateur) pour lancer les tests dans le navigateur")
    else:
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError:
            manque = ("le paquet Python « playwright » est absent : "
                      "pip install -e '.[test]' pour lancer les tests dans le navigateur")
    if manque is None:
        return
    if _en_integration_continue():
        pytest.fail(f"En intégration continue, les tests dans le navigateur sont obligatoires : {manque}.",
                    pytrace=False)
    pytest.skip(manque)


# --------------------------------------------------------------------------- copie du cours


@pytest.fixture(scope="session")
def copie_cours(tmp_path_factory) -> Path:
    """Copie temporaire du cours : les tests peuvent exécuter et enregistrer sans rien toucher."""
    racine = tmp_path_factory.mktemp("cours")
    for nom in DOSSIERS_COURS:
        source = RACINE_DEPOT / nom
        if source.is_dir():
            shutil.copytree(source, racine / nom,
                            ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))
        else:
            (racine / nom).mkdir()
    return racine


# --------------------------------------------------------------------------- serveurs


def port_libre() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Serveur:
    """Un serveur lancé pour les tests : son adresse, son jeton, son processus."""

    nom: str
    url: str  # sans barre oblique finale
    jeton: str
    processus: subprocess.Popen
    journal: Path

    def adresse(self, chemin: str) -> str:
        """URL complète vers ``chemin`` avec le jeton."""
        separateur = "&" if "?" in chemin else "?"
        return f"{self.url}/{chemin.lstrip('/')}{separateur}token={self.jeton}"

    def api(self, chemin: str, methode: str = "GET", donnees=None):
        requete = urllib.request.Request(
            f"{self.url}/{chemin.lstrip('/')}", method=methode,
            data=None if donnees is None else json.dumps(donnees).encode(),
            headers={"Authorization": f"token {self.jeton}", "Content-Type": "application/json"})
        with urllib.request.urlopen(requete, timeout=30) as reponse:
            contenu = reponse.read()
        return json.loads(contenu) if contenu else None


def _environnement(base: Path) -> dict:
    """Environnement isolé : réglages, espaces de travail et fichiers d'exécution temporaires."""
    env = dict(os.environ)
    for variable, sous_dossier in (("JUPYTERLAB_SETTINGS_DIR", "reglages-utilisateur"),
                                   ("JUPYTERLAB_WORKSPACES_DIR", "espaces-de-travail"),
                                   ("JUPYTER_RUNTIME_DIR", "execution"),
                                   ("JUPYTER_CONFIG_DIR", "config")):
        dossier = base / sous_dossier
        dossier.mkdir(parents=True, exist_ok=True)
        env[variable] = str(dossier)
    env["PYTHONUNBUFFERED"] = "1"
    env.pop("JUPYTER_TOKEN", None)
    return env


def _demarrer(nom: str, commande: list[str], cwd: Path, env: dict, url: str, jeton: str,
              sonde: str) -> Serveur:
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    journal = ARTEFACTS / f"{nom}.log"
    with open(journal, "wb") as sortie:
        processus = subprocess.Popen(commande, cwd=cwd, env=env, stdout=sortie,
                                     stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                     start_new_session=True)
    serveur = Serveur(nom, url, jeton, processus, journal)
    limite = time.monotonic() + DEMARRAGE_SERVEUR_S
    while True:
        if processus.poll() is not None:
            raise RuntimeError(f"{nom} s'est arrêté au démarrage (code {processus.returncode}) ; "
                               f"journal : {journal}\n{journal.read_text(errors='replace')[-3000:]}")
        try:
            with urllib.request.urlopen(serveur.adresse(sonde), timeout=10) as reponse:
                if reponse.status == 200:
                    return serveur
        except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
            pass
        if time.monotonic() > limite:
            _arreter(serveur)
            raise RuntimeError(f"{nom} ne répond pas sur {url} ; journal : {journal}")
        time.sleep(0.3)


def _arreter(serveur: Serveur, arret_propre: str | None = None) -> None:
    """Arrête le serveur par son propre PID (et son groupe de processus), jamais par son nom."""
    processus = serveur.processus
    if processus.poll() is None and arret_propre:
        try:  # le serveur arrête lui-même ses noyaux
            serveur.api(arret_propre, methode="POST")
            processus.wait(timeout=30)
        except Exception:
            pass
    for sig, delai in ((signal.SIGTERM, 30), (signal.SIGKILL, 10)):
        if processus.poll() is not None:
            break
        try:
            os.killpg(processus.pid, sig)
        except ProcessLookupError:
            break
        try:
            processus.wait(timeout=delai)
        except subprocess.TimeoutExpired:
            continue


def _option_root() -> list[str]:
    return ["--allow-root"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []


@pytest.fixture(scope="session")
def serveur_lab(copie_cours, tmp_path_factory):
    """JupyterLab sur la copie du cours, en français (réglages du cours dans un dossier temporaire)."""
    _verifier_outils()
    from relation_client.installation import configurer_jupyterlab

    base = tmp_path_factory.mktemp("jupyterlab")
    # Même fonction que `make cours`, mais écrite dans un préfixe temporaire : le .venv n'est pas touché.
    reglages = configurer_jupyterlab(base / "prefixe").parent
    port, jeton = port_libre(), secrets.token_hex(24)
    commande = [sys.executable, "-m", "jupyter", "lab", "--no-browser", *_option_root(),
                "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}", "--ServerApp.port_retries=0",
                f"--IdentityProvider.token={jeton}", f"--ServerApp.root_dir={copie_cours}",
                f"--LabApp.app_settings_dir={reglages}",
                "--LabApp.news_url=", "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"]
    env = _environnement(base)
    env["RELATION_CLIENT_DONNEES"] = str(copie_cours / "datasets")
    serveur = _demarrer("jupyterlab", commande, copie_cours, env, f"http://127.0.0.1:{port}", jeton,
                        "api/status")
    yield serveur
    _arreter(serveur, arret_propre="api/shutdown")


@pytest.fixture(scope="session")
def serveur_voila(copie_cours, tmp_path_factory):
    """Voilà autonome servant les tableaux de bord (notebooks/tableaux/) de la copie du cours."""
    _verifier_outils()
    tableaux = copie_cours / "notebooks" / "tableaux"
    if not any(tableaux.glob("*.ipynb")):
        pytest.fail(f"Aucun tableau de bord dans {tableaux}.", pytrace=False)
    base = tmp_path_factory.mktemp("voila")
    port, jeton = port_libre(), secrets.token_hex(24)
    # Même lanceur que `make tableaux` : gabarit du cours, page d'accueil française.
    commande = [sys.executable, "-m", "relation_client.tableaux", "--no-browser",
                "--Voila.ip=127.0.0.1", f"--Voila.port={port}", "--Voila.port_retries=0",
                f"--Voila.token={jeton}", str(tableaux)]
    env = _environnement(base)
    env["RELATION_CLIENT_DONNEES"] = str(copie_cours / "datasets")
    serveur = _demarrer("voila", commande, copie_cours, env, f"http://127.0.0.1:{port}", jeton, "")
    yield serveur
    _arreter(serveur)


# --------------------------------------------------------------------------- navigateur


@pytest.fixture(scope="session")
def navigateur(tmp_path_factory):
    """Le Chromium de Debian, sans fenêtre, avec un profil neuf (temporaire)."""
    _verifier_outils()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        navigateur = p.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                       args=DRAPEAUX_CHROMIUM, timeout=ATTENTE_MS)
        yield navigateur
        navigateur.close()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    rapport = yield
    setattr(item, f"rapport_{rapport.when}", rapport)
    return rapport


@pytest.fixture
def page(navigateur, request):
    """Un onglet neuf (contexte isolé) ; capture d'écran à la fin du test, même en cas d'échec."""
    from playwright.sync_api import expect

    expect.set_options(timeout=ATTENTE_MS)
    base = ARTEFACTS / nom_fichier(request.node.name)
    for ancien in (base.with_name(base.name + ".png"), base.with_name(base.name + "-echec.png")):
        ancien.unlink(missing_ok=True)  # pas de capture périmée d'une exécution précédente
    contexte = navigateur.new_context(viewport={"width": 1400, "height": 1000}, locale="fr-FR",
                                      timezone_id="Europe/Paris")
    contexte.set_default_timeout(ATTENTE_MS)
    onglet = contexte.new_page()
    messages = []  # erreurs JavaScript et messages d'erreur de la console, gardés en cas d'échec
    onglet.on("pageerror", lambda erreur: messages.append(f"erreur de page : {erreur}"))
    onglet.on("console", lambda m: messages.append(f"console : {m.text}") if m.type == "error" else None)
    yield onglet
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    rapport = getattr(request.node, "rapport_call", None)
    suffixe = "" if rapport is None or rapport.passed else "-echec"
    try:
        onglet.screenshot(path=str(base.with_name(base.name + suffixe + ".png")), full_page=False)
    except Exception as erreur:  # une capture manquée ne doit pas masquer le vrai résultat
        print(f"Capture d'écran impossible : {erreur}")
    journal = base.with_name(base.name + "-console.txt")
    journal.unlink(missing_ok=True)
    if suffixe and messages:
        journal.write_text("\n".join(messages) + "\n", encoding="utf-8")
    contexte.close()


@pytest.fixture
def noyaux_arretes(serveur_lab):
    """Arrête, après le test, les sessions (et noyaux) ouvertes pendant le test."""
    avant = {s["id"] for s in serveur_lab.api("api/sessions")}
    yield
    for session in serveur_lab.api("api/sessions"):
        if session["id"] not in avant:
            try:
                serveur_lab.api(f"api/sessions/{session['id']}", methode="DELETE")
            except Exception:
                pass
