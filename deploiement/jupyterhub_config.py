# Configuration JupyterHub pour une classe — cours « Relation client par les données ».
#
# Lancement (en administrateur, sur le serveur) :
#     jupyterhub -f deploiement/jupyterhub_config.py
# Guide complet, installation et réglages : deploiement/README.md.
#
# Principe :
# - un compte système par élève (groupe « eleves ») et par enseignant (groupe « enseignants ») ;
#   chaque serveur Jupyter tourne sous le compte de son utilisateur (LocalProcessSpawner) : les
#   droits Unix séparent réellement les élèves ;
# - à chaque connexion, avant le démarrage du serveur, les exercices du cours sont copiés dans
#   ~/exercises/ (commande « relation-client distribuer », lancée sous le compte de l'utilisateur) :
#   seuls les fichiers absents sont copiés, le travail déjà fait n'est jamais remplacé ;
# - les enseignants reçoivent aussi ~/solutions/ ; le dossier modèle des corrigés n'est lisible que
#   par le groupe « enseignants » et chaque dossier personnel est en mode 700 ;
# - tous les réglages se font par variables d'environnement RC_HUB_* (valeurs par défaut ci-dessous),
#   sans modifier ce fichier.

import asyncio
import grp
import os
import pwd
import stat
from pathlib import Path

c = get_config()  # noqa: F821 — fourni par JupyterHub

ICI = Path(__file__).resolve().parent


def _reglage(nom, defaut):
    return os.environ.get(f"RC_HUB_{nom}", defaut)


# --- Réglages -------------------------------------------------------------------------------
COURS = Path(_reglage("COURS", "/srv/relation-client"))        # modèles : exercises/ et solutions/
EXERCICES = Path(_reglage("EXERCICES", str(COURS / "exercises")))
SOLUTIONS = Path(_reglage("SOLUTIONS", str(COURS / "solutions")))
ENVIRONNEMENT = Path(_reglage("ENVIRONNEMENT", "/opt/relation-client"))  # Python des élèves (venv)
PYTHON_ELEVES = ENVIRONNEMENT / "bin" / "python"
GROUPE_ELEVES = _reglage("GROUPE_ELEVES", "eleves")
GROUPE_ENSEIGNANTS = _reglage("GROUPE_ENSEIGNANTS", "enseignants")
ETAT = Path(_reglage("ETAT", "/srv/jupyterhub"))                # base de données, secret des cookies
ADRESSE = _reglage("ADRESSE", "http://127.0.0.1:8000")          # adresse publique (derrière HTTPS)
PORT_HUB = int(_reglage("PORT_HUB", "8081"))
PORT_API_PROXY = int(_reglage("PORT_API_PROXY", "8001"))
PROXY = _reglage("PROXY", str(ICI / "node_modules" / ".bin" / "configurable-http-proxy"))
AUTHENTIFICATEUR = _reglage("AUTHENTIFICATEUR", "pam")          # « pam » (comptes système) ou « test »
DELAI_COPIE = 120                                               # secondes pour copier les exercices


def membres(groupe):
    """Comptes du groupe système (membres déclarés + comptes dont c'est le groupe principal)."""
    try:
        entree = grp.getgrnam(groupe)
    except KeyError:
        return set()
    noms = set(entree.gr_mem)
    noms.update(p.pw_name for p in pwd.getpwall() if p.pw_gid == entree.gr_gid)
    return noms


# --- Hub, proxy, état ------------------------------------------------------------------------
ETAT.mkdir(parents=True, exist_ok=True, mode=0o700)
c.JupyterHub.bind_url = ADRESSE
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = PORT_HUB
c.JupyterHub.db_url = f"sqlite:///{ETAT / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(ETAT / "jupyterhub_cookie_secret")
c.JupyterHub.pid_file = str(ETAT / "jupyterhub.pid")
c.ConfigurableHTTPProxy.command = [PROXY]
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{PORT_API_PROXY}"
c.ConfigurableHTTPProxy.pid_file = str(ETAT / "jupyterhub-proxy.pid")
c.JupyterHub.cleanup_servers = True       # arrêter le hub arrête les serveurs des élèves
c.JupyterHub.shutdown_on_logout = False   # se déconnecter ne perd pas un calcul en cours
c.JupyterHub.template_paths = [str(ICI / "gabarits")]   # page de connexion en français

# --- Qui peut se connecter ---------------------------------------------------------------------
if AUTHENTIFICATEUR == "test":
    # Pour les essais seulement (tests/test_jupyterhub.py) : un mot de passe commun.
    c.JupyterHub.authenticator_class = "shared-password"
    c.SharedPasswordAuthenticator.user_password = os.environ["RC_HUB_MOT_DE_PASSE"]
    c.Authenticator.allowed_users = membres(GROUPE_ELEVES) | membres(GROUPE_ENSEIGNANTS)
else:
    # Comptes système du serveur, mot de passe Unix.
    c.JupyterHub.authenticator_class = "pam"
    c.PAMAuthenticator.allowed_groups = {GROUPE_ELEVES, GROUPE_ENSEIGNANTS}
    c.PAMAuthenticator.open_sessions = False

# --- Serveur de chaque utilisateur ---------------------------------------------------------------
c.JupyterHub.spawner_class = "localprocess"
c.Spawner.cmd = [str(PYTHON_ELEVES), "-m", "jupyterhub.singleuser"]
c.Spawner.notebook_dir = "~"
c.Spawner.default_url = "/lab/tree/exercises"
c.Spawner.environment = {"LANG": "C.UTF-8", "PATH": f"{ENVIRONNEMENT / 'bin'}:/usr/local/bin:/usr/bin:/bin"}
c.Spawner.env_keep = []                   # rien de l'environnement de l'administrateur
c.Spawner.start_timeout = 120
c.Spawner.http_timeout = 120
# Un noyau inactif depuis 1 h est arrêté (sa mémoire est rendue ; l'élève relance ses cellules).
c.Spawner.args = ["--MappingKernelManager.cull_idle_timeout=3600", "--MappingKernelManager.cull_interval=300"]
# Arrêter un serveur inactif depuis 1 h : voir deploiement/README.md (jupyterhub-idle-culler).


async def _copier_sous_le_compte(compte, groupes, modele, destination):
    """Lance « relation-client distribuer » sous le compte de l'utilisateur (jamais en administrateur)."""
    processus = await asyncio.create_subprocess_exec(
        str(PYTHON_ELEVES), "-m", "relation_client.cli", "distribuer", str(modele), str(destination),
        user=compte.pw_uid, group=compte.pw_gid, extra_groups=groupes, umask=0o077,
        cwd=compte.pw_dir, env={"HOME": compte.pw_dir, "LANG": "C.UTF-8", "PATH": "/usr/bin:/bin"},
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT)
    try:
        sortie, _ = await asyncio.wait_for(processus.communicate(), DELAI_COPIE)
    except asyncio.TimeoutError:
        processus.kill()
        raise RuntimeError(f"copie de {modele} pour {compte.pw_name} : délai dépassé") from None
    if processus.returncode != 0:
        raise RuntimeError(f"copie de {modele} pour {compte.pw_name} impossible : "
                           f"{sortie.decode('utf-8', 'replace').strip()}")


async def preparer_dossier(spawner):
    """Avant chaque démarrage : dossier personnel fermé (700), exercices (et corrigés) copiés."""
    nom = spawner.user.name
    try:
        compte = pwd.getpwnam(nom)
    except KeyError:
        raise RuntimeError(f"« {nom} » n'a pas de compte système sur ce serveur (voir deploiement/README.md)")
    groupes = os.getgrouplist(nom, compte.pw_gid)
    enseignant = nom in membres(GROUPE_ENSEIGNANTS)
    if not enseignant and nom not in membres(GROUPE_ELEVES):
        raise RuntimeError(f"« {nom} » n'est ni dans le groupe {GROUPE_ELEVES} ni dans {GROUPE_ENSEIGNANTS}")
    personnel = Path(compte.pw_dir)
    info = os.lstat(personnel)
    if stat.S_ISLNK(info.st_mode) or not stat.S_ISDIR(info.st_mode) or info.st_uid != compte.pw_uid:
        raise RuntimeError(f"le dossier personnel {personnel} de {nom} est absent ou ne lui appartient pas")
    os.chmod(personnel, 0o700)  # personne d'autre ne lit le travail de l'élève
    await _copier_sous_le_compte(compte, groupes, EXERCICES, personnel / "exercises")
    if enseignant:
        await _copier_sous_le_compte(compte, groupes, SOLUTIONS, personnel / "solutions")


c.Spawner.pre_spawn_hook = preparer_dossier

# Réglages propres à un établissement (HTTPS, nom de domaine…) : fichier facultatif à côté.
_LOCAL = ICI / "jupyterhub_config_local.py"
if _LOCAL.exists():
    exec(compile(_LOCAL.read_text(encoding="utf-8"), str(_LOCAL), "exec"))
