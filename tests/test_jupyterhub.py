"""Un vrai JupyterHub pour une classe, sur 127.0.0.1 : deploiement/jupyterhub_config.py mis à l'épreuve.

Le test (administrateur nécessaire) crée trois élèves et un enseignant comme comptes système
(``useradd``, noms préfixés au hasard, tous supprimés à la fin avec ``userdel -r`` même en cas
d'échec), démarre JupyterHub avec la configuration du dépôt (proxy configurable-http-proxy installé
par ``npm ci --prefix deploiement``, authentificateur de test à mot de passe commun,
LocalProcessSpawner), puis, en HTTP :

- chaque élève se connecte et reçoit sa copie des exercices ; l'enseignant reçoit aussi les corrigés ;
- un travail modifié survit à une deuxième connexion (rien n'est écrasé ; un nouvel exercice arrive) ;
- un élève ne peut lire ni les corrigés ni le dossier d'un autre (erreur d'accès), ni ouvrir le
  serveur d'un autre ;
- un notebook d'exercice est exécuté par élève via l'API du serveur Jupyter (sessions + websocket
  du noyau) ; la mémoire du noyau (RSS) est mesurée ;
- ``relation-client ramasser`` / ``corriger`` / ``rendre`` sur les trois copies.

Environnement des élèves : le Python du dépôt (.venv) vit souvent dans un dossier illisible par les
autres comptes (/root/.pyenv…). Le test crée un petit environnement lisible par tous (même version de
Python, dossier temporaire) qui réutilise les paquets de .venv ; en production, l'installation
recommandée est décrite dans deploiement/README.md (/opt/relation-client).

Mesures (durée, mémoire) : tests/artefacts/jupyterhub_mesures.json.
"""

from __future__ import annotations

import grp
import hashlib
import json
import os
import pwd
import secrets
import shutil
import signal
import socket
import stat
import subprocess
import sys
import sysconfig
import tempfile
import time
import uuid
from pathlib import Path

import pytest

RACINE = Path(__file__).resolve().parents[1]
DEPLOIEMENT = RACINE / "deploiement"
PROXY = DEPLOIEMENT / "node_modules" / ".bin" / "configurable-http-proxy"
ARTEFACTS = RACINE / "tests" / "artefacts"
MOT_DE_PASSE = "classe-" + secrets.token_hex(8)
EXERCICE = "01"          # notebook exécuté par chaque élève et ramassé

pytestmark = [
    pytest.mark.lent,
    pytest.mark.skipif(sys.platform != "linux" or os.geteuid() != 0,
                       reason="le test JupyterHub crée des comptes système (useradd) : il faut être "
                              "administrateur (root) sous Linux"),
]


# ---------------------------------------------------------------------------------------------
# Outils
# ---------------------------------------------------------------------------------------------

def _lancer(*commande, **options):
    return subprocess.run(list(commande), check=True, capture_output=True, text=True, **options)


def _port_libre() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _traversable_par_tous(chemin: Path) -> bool:
    """Chaque dossier du chemin est traversable (o+x) et la cible lisible par un autre compte."""
    chemin = Path(chemin).resolve()
    for parent in reversed(chemin.parents):
        if not os.stat(parent).st_mode & stat.S_IXOTH:
            return False
    mode = os.stat(chemin).st_mode
    attendu = stat.S_IROTH | (stat.S_IXOTH if stat.S_ISDIR(mode) else 0)
    return mode & attendu == attendu


def _python_de_base() -> Path:
    """Un interpréteur de même version que .venv, utilisable par les comptes des élèves."""
    version = f"{sys.version_info.major}.{sys.version_info.minor}"
    candidats = [Path(getattr(sys, "_base_executable", sys.executable)),
                 Path(f"/usr/bin/python{version}"), Path(f"/usr/local/bin/python{version}")]
    for candidat in candidats:
        if candidat.exists() and _traversable_par_tous(candidat):
            sortie = subprocess.run([str(candidat), "-c", "import sys, venv; print('%d.%d' % sys.version_info[:2])"],
                                    capture_output=True, text=True)
            if sortie.returncode == 0 and sortie.stdout.strip() == version:
                return candidat
    pytest.fail(f"aucun Python {version} lisible par les comptes des élèves (essayés : "
                f"{', '.join(map(str, candidats))}) : installez python{version} (paquet système) ou "
                "suivez l'installation de deploiement/README.md")


def _environnement_eleves(dossier: Path) -> Path:
    """Environnement Python des serveurs des élèves, lisible par tous.

    Si les paquets de .venv (et le code du dépôt) sont lisibles par les autres comptes : petit venv
    « pont » qui les réutilise (rapide). Sinon (dépôt cloné dans /root…), ou si
    RC_TEST_HUB_INSTALLATION=complete : installation recommandée de deploiement/README.md, un venv
    neuf où pip installe le dépôt depuis les registres (plus long).
    """
    import relation_client

    python = str(_python_de_base())
    paquets = Path(sysconfig.get_paths()["purelib"])
    code = Path(relation_client.__file__).resolve().parent
    complete = os.environ.get("RC_TEST_HUB_INSTALLATION") == "complete" or \
        not (_traversable_par_tous(paquets) and _traversable_par_tous(code))
    if complete:
        _lancer(python, "-m", "venv", str(dossier))
        _lancer(str(dossier / "bin" / "python"), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                str(RACINE), "jupyterhub>=5.3", timeout=1800)
        _lancer(str(dossier / "bin" / "python"), "-m", "relation_client.installation")  # JupyterLab en français
        return dossier
    _lancer(python, "-m", "venv", "--without-pip", str(dossier))
    site = Path(subprocess.check_output([str(dossier / "bin" / "python"), "-c",
                                         "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                                        text=True).strip())
    (site / "relation_client_pont.pth").write_text(f"import site; site.addsitedir({str(paquets)!r})\n")
    # Extensions du serveur (JupyterLab…), noyau et réglages (JupyterLab en français) : ceux de .venv.
    for partie in ("etc/jupyter", "share/jupyter"):
        (dossier / partie).parent.mkdir(parents=True, exist_ok=True)
        (dossier / partie).symlink_to(Path(sys.prefix) / partie)
    return dossier


def _copier_arbre(source: Path, cible: Path, mode_dossier: int, mode_fichier: int, gid: int = 0) -> None:
    shutil.copytree(source, cible, ignore=shutil.ignore_patterns(".*", "__pycache__"))
    for chemin in [cible, *cible.rglob("*")]:
        os.chown(chemin, 0, gid)
        os.chmod(chemin, mode_dossier if chemin.is_dir() else mode_fichier)


def _empreinte(chemin: Path) -> str:
    return hashlib.sha256(Path(chemin).read_bytes()).hexdigest()


def _decoder(brut) -> dict:
    """Message du websocket d'un noyau : texte JSON, ou trame binaire (message + tampons binaires)."""
    if isinstance(brut, str):
        return json.loads(brut)
    nombre = int.from_bytes(brut[:4], "big")
    positions = [int.from_bytes(brut[4 * (i + 1):4 * (i + 2)], "big") for i in range(nombre)] + [len(brut)]
    return json.loads(brut[positions[0]:positions[1]])


def _empreintes(dossier: Path) -> dict:
    return {p.name: _empreinte(p) for p in dossier.iterdir() if p.is_file()}


class Hub:
    """Le hub démarré, ses comptes et quelques requêtes HTTP."""

    def __init__(self, base: Path, prefixe: str):
        self.base = base
        self.prefixe = prefixe
        self.eleves = [f"{prefixe}_eleve{i}" for i in (1, 2, 3)]
        self.enseignant = f"{prefixe}_prof"
        self.groupe_eleves = f"{prefixe}_eleves"
        self.groupe_enseignants = f"{prefixe}_profs"
        self.cours = base / "cours"
        self.port = _port_libre()
        self.url = f"http://127.0.0.1:{self.port}"
        self.processus = None
        self.jetons = {}
        self.sessions = {}
        self.mesures = {"noyaux": {}}

    def personnel(self, nom: str) -> Path:
        return Path(pwd.getpwnam(nom).pw_dir)

    # --- HTTP ---
    def connecter(self, nom: str):
        """Connexion par le formulaire du hub, démarrage du serveur, ouverture de JupyterLab."""
        import requests

        session = requests.Session()
        reponse = session.get(f"{self.url}/hub/login", timeout=30)
        assert reponse.status_code == 200, reponse.text[:500]
        assert "Se connecter" in reponse.text          # page de connexion en français (deploiement/gabarits)
        xsrf = session.cookies.get("_xsrf", path="/hub/")
        reponse = session.post(f"{self.url}/hub/login", timeout=120, allow_redirects=False,
                               data={"username": nom, "password": MOT_DE_PASSE, "_xsrf": xsrf})
        assert reponse.status_code == 302, f"connexion refusée pour {nom} : {reponse.status_code}"
        # Jeton d'API de l'utilisateur (créé avec sa session) pour l'API REST du serveur Jupyter.
        session.get(f"{self.url}/hub/home", timeout=30)
        xsrf = session.cookies.get("_xsrf", path="/hub/")
        reponse = session.post(f"{self.url}/hub/api/users/{nom}/tokens", timeout=30,
                               headers={"X-XSRFToken": xsrf, "Referer": f"{self.url}/hub/"},
                               json={"note": "test_jupyterhub", "expires_in": 3600})
        assert reponse.status_code in (200, 201), reponse.text[:500]
        self.jetons[nom] = reponse.json()["token"]
        # Démarrage du serveur par la page du hub (comme un clic sur « Start My Server »).
        session.get(f"{self.url}/hub/spawn/{nom}", timeout=120)
        self.attendre_serveur(nom)
        reponse = session.get(f"{self.url}/user/{nom}/lab", timeout=60)
        assert reponse.status_code == 200 and f"/user/{nom}/lab" in reponse.url, (reponse.status_code, reponse.url)
        self.sessions[nom] = session
        return session

    def api_hub(self, methode: str, chemin: str, nom: str, **options):
        import requests

        return requests.request(methode, f"{self.url}/hub/api{chemin}", timeout=60,
                                headers={"Authorization": f"token {self.jetons[nom]}"}, **options)

    def api(self, methode: str, nom: str, chemin: str, proprietaire: str | None = None, **options):
        """API REST du serveur Jupyter de ``proprietaire`` (par défaut : le sien), avec le jeton de ``nom``."""
        import requests

        return requests.request(methode, f"{self.url}/user/{proprietaire or nom}/api{chemin}", timeout=120,
                                headers={"Authorization": f"token {self.jetons[nom]}"},
                                allow_redirects=False, **options)

    def attendre_serveur(self, nom: str, delai: float = 150) -> None:
        fin = time.monotonic() + delai
        while time.monotonic() < fin:
            etat = self.api_hub("GET", f"/users/{nom}", nom).json()
            serveur = etat.get("servers", {}).get("")
            if serveur and serveur.get("ready"):
                return
            if not serveur and not etat.get("pending"):
                raise AssertionError(f"le serveur de {nom} n'a pas démarré ; journal : {self.journal()[-3000:]}")
            time.sleep(0.5)
        raise AssertionError(f"le serveur de {nom} n'est pas prêt après {delai} s ; journal : {self.journal()[-3000:]}")

    def arreter_serveur(self, nom: str) -> None:
        reponse = self.api_hub("DELETE", f"/users/{nom}/server", nom)
        assert reponse.status_code in (202, 204), reponse.text
        fin = time.monotonic() + 60
        while time.monotonic() < fin:
            if not self.api_hub("GET", f"/users/{nom}", nom).json().get("servers"):
                return
            time.sleep(0.5)
        raise AssertionError(f"le serveur de {nom} ne s'arrête pas")

    def journal(self) -> str:
        chemin = self.base / "jupyterhub.log"
        return chemin.read_text(errors="replace") if chemin.exists() else ""

    # --- noyau ---
    def executer(self, nom: str, notebook: str, cellules: list[str]) -> list[dict]:
        """Exécute des cellules dans un noyau du serveur de l'élève (API sessions + websocket)."""
        import websocket

        session = self.api("POST", nom, "/sessions",
                           json={"path": notebook, "type": "notebook", "name": Path(notebook).name,
                                 "kernel": {"name": "python3"}})
        assert session.status_code == 201, session.text
        noyau = session.json()["kernel"]["id"]
        ws = websocket.create_connection(
            f"ws://127.0.0.1:{self.port}/user/{nom}/api/kernels/{noyau}/channels?session_id={uuid.uuid4().hex}",
            header=[f"Authorization: token {self.jetons[nom]}"], timeout=180)
        resultats = []
        try:
            for code in cellules:
                resultats.append(self._executer_cellule(ws, code, nom))
            resultats.append({"noyau": noyau, "session": session.json()["id"]})
        finally:
            ws.close()
        return resultats

    @staticmethod
    def _executer_cellule(ws, code: str, nom: str) -> dict:
        msg_id = uuid.uuid4().hex
        ws.send(json.dumps({
            "header": {"msg_id": msg_id, "username": nom, "session": uuid.uuid4().hex,
                       "msg_type": "execute_request", "version": "5.3", "date": ""},
            "parent_header": {}, "metadata": {}, "channel": "shell", "buffers": [],
            "content": {"code": code, "silent": False, "store_history": True, "user_expressions": {},
                        "allow_stdin": False, "stop_on_error": True}}))
        sortie = {"texte": "", "erreur": None, "reponse": None}
        inactif = False
        while sortie["reponse"] is None or not inactif:
            message = _decoder(ws.recv())
            if message.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            genre, contenu = message["msg_type"], message["content"]
            if genre == "stream":
                sortie["texte"] += contenu["text"]
            elif genre in ("execute_result", "display_data"):
                sortie["texte"] += contenu.get("data", {}).get("text/plain", "")
            elif genre == "error":
                sortie["erreur"] = f"{contenu['ename']}: {contenu['evalue']}"
            elif genre == "status" and contenu["execution_state"] == "idle":
                inactif = True
            elif genre == "execute_reply":
                sortie["reponse"] = contenu["status"]
        return sortie

    def rss_noyau(self, nom: str, noyau: str) -> dict:
        import psutil

        uid = pwd.getpwnam(nom).pw_uid
        for p in psutil.process_iter(["uids", "cmdline"]):
            if p.info["uids"] and p.info["uids"].real == uid and \
                    any(noyau in morceau for morceau in (p.info["cmdline"] or [])):
                statut = Path(f"/proc/{p.pid}/status").read_text()
                crete = next(int(l.split()[1]) for l in statut.splitlines() if l.startswith("VmHWM:"))
                return {"pid": p.pid, "rss_mio": round(p.memory_info().rss / 2**20, 1),
                        "crete_mio": round(crete / 1024, 1)}
        raise AssertionError(f"noyau {noyau} de {nom} introuvable")

    def rss_serveur(self, nom: str) -> dict:
        import psutil

        uid = pwd.getpwnam(nom).pw_uid
        for p in psutil.process_iter(["uids", "cmdline"]):
            if p.info["uids"] and p.info["uids"].real == uid and "jupyterhub.singleuser" in (p.info["cmdline"] or []):
                return {"pid": p.pid, "rss_mio": round(p.memory_info().rss / 2**20, 1)}
        raise AssertionError(f"serveur de {nom} introuvable")

    def rss_hub_et_proxy(self) -> dict:
        import psutil

        hub = psutil.Process(self.processus.pid)
        proxy = psutil.Process(int((self.base / "etat" / "jupyterhub-proxy.pid").read_text().strip()))
        return {"hub_rss_mio": round(hub.memory_info().rss / 2**20, 1),
                "proxy_rss_mio": round(proxy.memory_info().rss / 2**20, 1)}


def _demarrer(hub: Hub) -> None:
    base = hub.base
    env_eleves = _environnement_eleves(base / "env")
    # Modèles du cours : exercices lisibles par tous, corrigés réservés au groupe des enseignants.
    hub.cours.mkdir(mode=0o755)
    _copier_arbre(RACINE / "exercises", hub.cours / "exercises", 0o755, 0o644)
    gid_profs = grp.getgrnam(hub.groupe_enseignants).gr_gid
    _copier_arbre(RACINE / "solutions", hub.cours / "solutions", 0o750, 0o640, gid_profs)
    etat = base / "etat"
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LANG": "C.UTF-8",
        "RC_HUB_COURS": str(hub.cours), "RC_HUB_ENVIRONNEMENT": str(env_eleves),
        "RC_HUB_GROUPE_ELEVES": hub.groupe_eleves, "RC_HUB_GROUPE_ENSEIGNANTS": hub.groupe_enseignants,
        "RC_HUB_ETAT": str(etat), "RC_HUB_ADRESSE": hub.url,
        "RC_HUB_PORT_HUB": str(_port_libre()), "RC_HUB_PORT_API_PROXY": str(_port_libre()),
        "RC_HUB_PROXY": str(PROXY), "RC_HUB_AUTHENTIFICATEUR": "test", "RC_HUB_MOT_DE_PASSE": MOT_DE_PASSE,
    }
    journal = open(base / "jupyterhub.log", "wb")
    hub.processus = subprocess.Popen(
        [sys.executable, "-m", "jupyterhub", "-f", str(DEPLOIEMENT / "jupyterhub_config.py")],
        cwd=base, env=env, stdout=journal, stderr=subprocess.STDOUT, start_new_session=True)
    journal.close()
    import requests

    fin = time.monotonic() + 90
    while time.monotonic() < fin:
        if hub.processus.poll() is not None:
            raise AssertionError(f"JupyterHub s'est arrêté au démarrage :\n{hub.journal()[-4000:]}")
        try:
            if requests.get(f"{hub.url}/hub/api", timeout=5).status_code == 200:
                return
        except requests.ConnectionError:
            pass
        time.sleep(0.5)
    raise AssertionError(f"JupyterHub ne répond pas après 90 s :\n{hub.journal()[-4000:]}")


def _arreter(hub: Hub) -> None:
    """Arrête le hub (qui arrête proxy et serveurs), puis tout processus restant des comptes de test."""
    if hub.processus is not None and hub.processus.poll() is None:
        os.killpg(hub.processus.pid, signal.SIGTERM)
        try:
            hub.processus.wait(60)
        except subprocess.TimeoutExpired:
            os.killpg(hub.processus.pid, signal.SIGKILL)
            hub.processus.wait(10)
    try:
        import psutil
    except ImportError:  # pragma: no cover
        return
    uids = set()
    for nom in [*hub.eleves, hub.enseignant]:
        try:
            uids.add(pwd.getpwnam(nom).pw_uid)
        except KeyError:
            pass
    restants = [p for p in psutil.process_iter(["uids"]) if p.info["uids"] and p.info["uids"].real in uids]
    for p in restants:
        try:
            p.kill()
        except psutil.NoSuchProcess:
            pass
    psutil.wait_procs(restants, timeout=10)
    # Proxy laissé par un hub tué brutalement : son identifiant est dans le dossier d'état.
    pid_proxy = hub.base / "etat" / "jupyterhub-proxy.pid"
    if pid_proxy.exists():
        try:
            pid = int(pid_proxy.read_text().strip())
            if PROXY.name in " ".join(psutil.Process(pid).cmdline()):
                psutil.Process(pid).kill()
        except (ValueError, psutil.NoSuchProcess):
            pass


COMMENTAIRE = "compte de test relation-client"


def _nettoyer_restes() -> None:
    """Comptes laissés par un test interrompu brutalement (dossier temporaire disparu) : supprimés."""
    for compte in pwd.getpwall():
        if compte.pw_gecos == COMMENTAIRE and not Path(compte.pw_dir).exists():
            subprocess.run(["userdel", compte.pw_name], capture_output=True)
            prefixe = compte.pw_name.split("_")[0]
            for groupe in (f"{prefixe}_eleves", f"{prefixe}_profs"):
                subprocess.run(["groupdel", groupe], capture_output=True)


@pytest.fixture(scope="module")
def hub():
    if shutil.which("useradd") is None or shutil.which("userdel") is None:
        pytest.skip("useradd/userdel absents : impossible de créer les comptes des élèves")
    pytest.importorskip("websocket")
    try:
        import jupyterhub  # noqa: F401
    except ImportError:
        pytest.fail("jupyterhub n'est pas installé : pip install -e '.[test]' (voir deploiement/README.md)")
    if not PROXY.exists():
        pytest.fail(f"configurable-http-proxy absent ({PROXY}) : lancez « npm ci --prefix deploiement »")
    _nettoyer_restes()

    def _interrompre(signum, frame):  # SIGTERM (délai de la CI…) : nettoyer quand même
        raise KeyboardInterrupt(f"signal {signum}")

    ancien_gestionnaire = signal.signal(signal.SIGTERM, _interrompre)
    debut = time.monotonic()
    temporaire = tempfile.gettempdir() if _traversable_par_tous(Path(tempfile.gettempdir())) else "/tmp"
    base = Path(tempfile.mkdtemp(prefix="rc-hub-", dir=temporaire))
    os.chmod(base, 0o755)
    hub_ = Hub(base, "rc" + secrets.token_hex(3))
    crees_groupes, crees_comptes = [], []
    try:
        for groupe in (hub_.groupe_eleves, hub_.groupe_enseignants):
            _lancer("groupadd", groupe)
            crees_groupes.append(groupe)
        (base / "home").mkdir(mode=0o755)
        for nom in [*hub_.eleves, hub_.enseignant]:
            groupe = hub_.groupe_enseignants if nom == hub_.enseignant else hub_.groupe_eleves
            _lancer("useradd", "--create-home", "--base-dir", str(base / "home"), "--shell", "/bin/bash",
                    "--groups", groupe, "--comment", COMMENTAIRE, nom)
            crees_comptes.append(nom)
        _demarrer(hub_)
        hub_.mesures["demarrage_s"] = round(time.monotonic() - debut, 1)
        yield hub_
    finally:
        try:
            _arreter(hub_)
        finally:
            for nom in crees_comptes:
                subprocess.run(["userdel", "--remove", nom], capture_output=True)
            for groupe in crees_groupes:
                subprocess.run(["groupdel", groupe], capture_output=True)
            hub_.mesures["duree_totale_s"] = round(time.monotonic() - debut, 1)
            ARTEFACTS.mkdir(parents=True, exist_ok=True)
            (ARTEFACTS / "jupyterhub_mesures.json").write_text(
                json.dumps(hub_.mesures, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
            shutil.rmtree(base, ignore_errors=True)
            signal.signal(signal.SIGTERM, ancien_gestionnaire)
    for nom in crees_comptes:
        with pytest.raises(KeyError):
            pwd.getpwnam(nom)


# ---------------------------------------------------------------------------------------------
# Les tests (dans l'ordre : ils partagent le même hub)
# ---------------------------------------------------------------------------------------------

def _noms(hub: Hub, nom: str, dossier: str) -> set:
    reponse = hub.api("GET", nom, f"/contents/{dossier}")
    assert reponse.status_code == 200, (nom, dossier, reponse.status_code, reponse.text[:300])
    return {e["name"] for e in reponse.json()["content"]}


def test_chaque_utilisateur_recoit_sa_copie(hub):
    attendus = {p.name for p in (hub.cours / "exercises").glob("*.ipynb")}
    corriges = {p.name for p in (hub.cours / "solutions").glob("*.ipynb")}
    for nom in [*hub.eleves, hub.enseignant]:
        debut = time.monotonic()
        hub.connecter(nom)
        hub.mesures.setdefault("connexion_s", {})[nom] = round(time.monotonic() - debut, 1)
        assert attendus <= _noms(hub, nom, "exercises"), nom
        personnel = hub.personnel(nom)
        assert stat.S_IMODE(os.stat(personnel).st_mode) == 0o700
        for fichier in (personnel / "exercises").iterdir():
            info = os.stat(fichier)
            assert info.st_uid == pwd.getpwnam(nom).pw_uid, fichier
            assert not info.st_mode & 0o077, f"{fichier} lisible par d'autres"
            assert _empreinte(fichier) == _empreinte(hub.cours / "exercises" / fichier.name)
        if nom == hub.enseignant:
            assert corriges <= _noms(hub, nom, "solutions")
        else:
            assert not (personnel / "solutions").exists()
    hub.mesures.update(hub.rss_hub_et_proxy())
    # JupyterLab de l'élève en français (réglages de l'environnement, relation-client configurer).
    import requests

    eleve = hub.eleves[0]
    reglages = requests.get(f"{hub.url}/user/{eleve}/lab/api/settings/@jupyterlab/translation-extension:plugin",
                            headers={"Authorization": f"token {hub.jetons[eleve]}"}, timeout=60)
    assert reglages.status_code == 200, reglages.status_code
    reglages = reglages.json()   # overrides.json remplace la valeur par défaut du schéma
    assert reglages["settings"].get("locale", reglages["schema"]["properties"]["locale"]["default"]) == "fr_FR"


def test_deuxieme_connexion_garde_le_travail(hub):
    eleve = hub.eleves[0]
    chemin = f"exercises/{next(p.name for p in sorted((hub.cours / 'exercises').glob(EXERCICE + '_*.ipynb')))}"
    modele = hub.api("GET", eleve, f"/contents/{chemin}").json()["content"]
    modele["cells"].append({"cell_type": "markdown", "metadata": {}, "source": "Mon travail à moi."})
    reponse = hub.api("PUT", eleve, f"/contents/{chemin}",
                      json={"type": "notebook", "format": "json", "content": modele})
    assert reponse.status_code == 200, reponse.text[:300]
    # Un exercice publié entre-temps dans le modèle doit arriver, sans rien écraser d'autre.
    nouveau = hub.cours / "exercises" / "99_nouveau.ipynb"
    shutil.copy(hub.cours / "exercises" / Path(chemin).name, nouveau)
    os.chmod(nouveau, 0o644)
    hub.arreter_serveur(eleve)
    hub.connecter(eleve)
    relu = hub.api("GET", eleve, f"/contents/{chemin}").json()["content"]
    assert relu["cells"][-1]["source"] == "Mon travail à moi."
    assert "99_nouveau.ipynb" in _noms(hub, eleve, "exercises")
    # Ne pas perturber les autres tests : l'exercice ajouté disparaît du modèle et de chez l'élève.
    nouveau.unlink()
    assert hub.api("DELETE", eleve, "/contents/exercises/99_nouveau.ipynb").status_code == 204


def test_un_eleve_ne_lit_ni_les_corriges_ni_les_autres(hub):
    eleve, autre = hub.eleves[0], hub.eleves[1]
    # Par le hub : le serveur d'un autre est refusé.
    reponse = hub.api("GET", eleve, "/contents/exercises", proprietaire=autre)
    assert reponse.status_code in (403, 404) or \
        (reponse.status_code == 302 and "/hub/" in reponse.headers.get("Location", "")), reponse.status_code
    assert reponse.status_code != 200
    # Depuis le noyau de l'élève : le système refuse l'accès (comptes Unix séparés).
    cibles = {
        "corrigés du modèle": hub.cours / "solutions",
        "corrigés de l'enseignant": hub.personnel(hub.enseignant) / "solutions",
        "dossier d'un autre élève": hub.personnel(autre) / "exercises",
    }
    code = ("import os, json\nresultats = {}\n"
            f"for nom, chemin in {json.dumps({k: str(v) for k, v in cibles.items()}, ensure_ascii=False)}.items():\n"
            "    try:\n"
            "        contenu = os.listdir(chemin)\n"
            "        resultats[nom] = 'lu : ' + ', '.join(contenu[:3])\n"
            "    except PermissionError as e:\n"
            "        resultats[nom] = 'PermissionError'\n"
            f"try:\n    open({str(hub.personnel(autre) / 'exercises' / 'x')!r}, 'w')\n"
            "    resultats['écriture chez un autre'] = 'écrit'\n"
            "except PermissionError:\n    resultats['écriture chez un autre'] = 'PermissionError'\n"
            "print(json.dumps(resultats, ensure_ascii=False))")
    sortie = hub.executer(eleve, "exercises/essai.ipynb", [code])[0]
    assert sortie["erreur"] is None, sortie
    resultats = json.loads(sortie["texte"])
    assert resultats == {nom: "PermissionError" for nom in [*cibles, "écriture chez un autre"]}, resultats
    # L'enseignant, lui, lit ses corrigés.
    assert _noms(hub, hub.enseignant, "solutions")


def test_chaque_eleve_execute_un_exercice(hub):
    nom_fichier = next(p.name for p in sorted((hub.cours / "exercises").glob(EXERCICE + "_*.ipynb")))
    for eleve in hub.eleves:
        contenu = hub.api("GET", eleve, f"/contents/exercises/{nom_fichier}").json()["content"]
        cellules = ["".join(c["source"]) if isinstance(c["source"], list) else c["source"]
                    for c in contenu["cells"] if c["cell_type"] == "code"]
        debut = time.monotonic()
        sorties = hub.executer(eleve, f"exercises/{nom_fichier}", cellules)
        duree = time.monotonic() - debut
        infos = sorties.pop()
        erreurs = [(i, s["erreur"]) for i, s in enumerate(sorties) if s["erreur"]]
        assert not erreurs, erreurs
        assert all(s["reponse"] == "ok" for s in sorties)
        assert "relation_client" in "".join(cellules)
        memoire = hub.rss_noyau(eleve, infos["noyau"])
        hub.mesures["noyaux"][eleve] = {"notebook": nom_fichier, "cellules": len(cellules),
                                        "duree_s": round(duree, 1), **memoire}
        hub.mesures.setdefault("serveurs_jupyter", {})[eleve] = hub.rss_serveur(eleve)
        assert hub.api("DELETE", eleve, f"/sessions/{infos['session']}").status_code == 204


def test_ramasser_corriger_rendre(hub, tmp_path, capsys):
    from relation_client import cli
    from relation_client.correction import corriger_dossier
    from relation_client.ramassage import ramasser, rendre

    copies = hub.personnel(hub.enseignant) / f"copies_{EXERCICE}"
    avant = {e: _empreintes(hub.personnel(e) / "exercises") for e in hub.eleves}
    # La commande documentée (deploiement/README.md), élèves pris dans leur groupe système.
    code = cli.main(["ramasser", "--exercice", EXERCICE, "--vers", str(copies), "--groupe", hub.groupe_eleves,
                     "--proprietaire", hub.enseignant])
    assert code == 0 and "3 copie(s) ramassée(s) sur 3 élève(s)" in capsys.readouterr().out
    prof = pwd.getpwnam(hub.enseignant)
    for eleve in hub.eleves:
        copie = copies / f"{eleve}.ipynb"
        original = next((hub.personnel(eleve) / "exercises").glob(EXERCICE + "_*.ipynb"))
        assert _empreinte(copie) == _empreinte(original)
        assert os.stat(copie).st_uid == prof.pw_uid
    assert os.stat(copies).st_uid == prof.pw_uid and stat.S_IMODE(os.stat(copies).st_mode) == 0o700
    # Un second ramassage ne remplace rien.
    assert {r.statut for r in ramasser(EXERCICE, hub.eleves, copies)} == {"déjà ramassé"}

    sortie = tmp_path / "resultats"
    tableau = corriger_dossier(copies, EXERCICE, sortie, processus=2, progression=False)
    assert sorted(tableau["eleve"] if "eleve" in tableau else tableau.index) == sorted(hub.eleves)
    retours = Path(tableau.attrs["retours"])
    assert cli.main(["rendre", str(retours), "--exercice", EXERCICE, "--groupe", hub.groupe_eleves]) == 0
    assert "3 retour(s) rendu(s)" in capsys.readouterr().out
    resultats = rendre(EXERCICE, retours, hub.eleves)   # une seconde fois : ne remplace pas le premier
    assert [r.statut for r in resultats] == ["rendu"] * 3, resultats
    for eleve in hub.eleves:
        compte = pwd.getpwnam(eleve)
        dossier = hub.personnel(eleve) / "retours"
        assert sorted(p.name for p in dossier.iterdir()) == [f"{EXERCICE}_retour-2.md", f"{EXERCICE}_retour.md"]
        for fichier in dossier.iterdir():
            info = os.stat(fichier)
            assert (info.st_uid, stat.S_IMODE(info.st_mode)) == (compte.pw_uid, 0o600)
            assert fichier.read_bytes() == (retours / f"{eleve}.md").read_bytes()
        assert _empreintes(hub.personnel(eleve) / "exercises") == avant[eleve]
        # L'élève lit son retour par le hub.
        reponse = hub.api("GET", eleve, f"/contents/retours/{EXERCICE}_retour.md")
        assert reponse.status_code == 200 and "Retour de correction" in reponse.json()["content"]
