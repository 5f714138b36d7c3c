"""Distribuer, ramasser et rendre les copies d'une classe sur un serveur partagé (JupyterHub).

Trois sous-commandes de ``relation-client`` (guide : ``deploiement/README.md``) :

- ``distribuer MODELE DOSSIER`` : copie les notebooks du dossier modèle (``exercises/``) dans le
  dossier d'un élève. Un fichier déjà présent n'est **jamais** remplacé : l'élève garde son travail,
  seuls les nouveaux exercices arrivent. La configuration JupyterHub l'appelle à chaque connexion,
  sous le compte de l'élève.
- ``ramasser --exercice NN`` : copie le notebook de l'exercice NN (``NN_*.ipynb`` ou, pour une
  étude de cas, ``cas_NN_*.ipynb``) de chaque élève dans un dossier
  de copies (``<élève>.ipynb``), prêt pour ``relation-client corriger``. Les fichiers des élèves ne
  sont que lus.
- ``rendre --exercice NN RETOURS`` : dépose le retour de chaque élève (``retours/<élève>.md`` écrit par
  ``relation-client corriger``) dans son dossier personnel, sous ``retours/NN_retour.md`` ; un
  retour déjà présent n'est jamais remplacé (le suivant s'appelle ``NN_retour-2.md``) et rien d'autre
  n'est touché.

Lancées par l'administrateur (``sudo``), ``ramasser`` et ``rendre`` lisent et écrivent *sous le compte
de chaque élève* (processus fils qui abandonne les droits d'administrateur) : un lien symbolique
posé par un élève ne peut pas faire lire ou écrire ailleurs que chez lui, et les retours déposés
appartiennent à l'élève.
"""

from __future__ import annotations

import argparse
import grp
import os
import pwd
import re
import stat
import sys
from dataclasses import dataclass
from pathlib import Path

__all__ = ["distribuer", "ramasser", "rendre", "eleves_du_groupe", "ErreurRamassage",
           "ajouter_arguments", "executer"]

SOUS_DOSSIER_EXERCICES = "exercises"
SOUS_DOSSIER_RETOURS = "retours"
TAILLE_MAX_OCTETS = 20 * 2**20      # une copie de plus de 20 Mo n'est pas ramassée
_IGNORES = {".ipynb_checkpoints", "__pycache__"}
_MOTIF_ELEVE = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.@-]*$")
# Création d'un fichier neuf : échoue s'il existe déjà, même sous forme de lien (rien n'est remplacé).
_CREATION_EXCLUSIVE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)


class ErreurRamassage(Exception):
    """L'opération ne peut pas avoir lieu (dossier absent, exercice mal écrit, groupe inconnu…)."""


@dataclass
class Resultat:
    """Ce qui est arrivé pour un élève (ou un fichier) : affiché et renvoyé aux tests."""

    eleve: str
    statut: str          # « copié », « conservé », « ramassé », « déjà ramassé », « rendu », « absent », « erreur »
    chemin: str = ""
    detail: str = ""


# ---------------------------------------------------------------------------------------------
# Distribuer (copie des exercices, jamais d'écrasement)
# ---------------------------------------------------------------------------------------------

def distribuer(modele, destination) -> list[Resultat]:
    """Copie l'arborescence ``modele`` dans ``destination`` sans jamais remplacer un fichier existant.

    Les fichiers et dossiers cachés, ``.ipynb_checkpoints`` et ``__pycache__`` sont ignorés ; les
    liens symboliques du modèle aussi. Les droits des fichiers créés suivent le masque (``umask``)
    du processus : la configuration JupyterHub utilise 077 (personne d'autre que l'élève).
    """
    modele, destination = Path(modele), Path(destination)
    if not modele.is_dir():
        raise ErreurRamassage(f"le dossier modèle « {modele} » n'existe pas (ou n'est pas lisible)")
    resultats = []
    destination.mkdir(parents=True, exist_ok=True)
    for dossier, sous_dossiers, fichiers in os.walk(modele):
        sous_dossiers[:] = sorted(d for d in sous_dossiers if not d.startswith(".") and d not in _IGNORES
                                  and not os.path.islink(os.path.join(dossier, d)))
        relatif = Path(dossier).relative_to(modele)
        cible_dossier = destination / relatif
        if relatif != Path("."):
            try:
                cible_dossier.mkdir()
            except FileExistsError:
                if not cible_dossier.is_dir():
                    resultats.append(Resultat("", "conservé", str(cible_dossier),
                                              "un fichier porte déjà ce nom : dossier non créé"))
                    sous_dossiers[:] = []
                    continue
        for nom in sorted(fichiers):
            source = Path(dossier) / nom
            if nom.startswith(".") or source.is_symlink() or not source.is_file():
                continue
            cible = cible_dossier / nom
            try:
                # O_EXCL : si le fichier existe (même sous forme de lien), on n'y touche pas.
                fd = os.open(cible, _CREATION_EXCLUSIVE, 0o666)
            except FileExistsError:
                resultats.append(Resultat("", "conservé", str(cible)))
                continue
            with os.fdopen(fd, "wb") as sortie, open(source, "rb") as entree:
                while bloc := entree.read(1 << 20):
                    sortie.write(bloc)
            resultats.append(Resultat("", "copié", str(cible)))
    return resultats


# ---------------------------------------------------------------------------------------------
# Lire et écrire sous le compte de l'élève
# ---------------------------------------------------------------------------------------------

def _proprietaire(dossier: Path) -> tuple[int, int]:
    info = os.lstat(dossier)
    if stat.S_ISLNK(info.st_mode) or not stat.S_ISDIR(info.st_mode):
        raise ErreurRamassage(f"« {dossier} » n'est pas un dossier")
    return info.st_uid, info.st_gid


def _en_tant_que(uid: int, gid: int, fonction, *args) -> bytes:
    """Exécute ``fonction(*args) -> bytes`` sous le compte ``uid`` (processus fils si nécessaire).

    Sans droits d'administrateur, ou si le compte est déjà le bon, la fonction est appelée
    directement. Les erreurs du fils reviennent comme ``ErreurRamassage`` avec leur message.
    """
    if os.geteuid() != 0 or uid == os.geteuid():
        return fonction(*args)
    lecture, ecriture = os.pipe()
    pid = os.fork()
    if pid == 0:  # fils : abandon définitif des droits, puis travail
        code = 0
        try:
            os.close(lecture)
            os.setgroups([])
            os.setgid(gid)
            os.setuid(uid)
            os.umask(0o077)
            try:
                donnees = b"\x00" + fonction(*args)
            except Exception as erreur:  # noqa: BLE001 — message renvoyé au parent
                donnees = b"\x01" + str(erreur).encode("utf-8", "replace")
            vue = memoryview(donnees)
            while vue:
                vue = vue[os.write(ecriture, vue):]
        except BaseException:  # noqa: BLE001
            code = 1
        finally:
            os._exit(code)
    os.close(ecriture)
    morceaux = []
    with os.fdopen(lecture, "rb") as flux:
        while bloc := flux.read(1 << 20):
            morceaux.append(bloc)
    _, statut = os.waitpid(pid, 0)
    donnees = b"".join(morceaux)
    if not donnees or os.waitstatus_to_exitcode(statut) != 0:
        raise ErreurRamassage("le processus de lecture/écriture sous le compte de l'élève a échoué")
    if donnees[:1] == b"\x01":
        raise ErreurRamassage(donnees[1:].decode("utf-8", "replace"))
    return donnees[1:]


def _lire_fichier(chemin: str, taille_max: int) -> bytes:
    fd = os.open(chemin, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    with os.fdopen(fd, "rb") as flux:
        info = os.fstat(flux.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise ErreurRamassage(f"« {chemin} » n'est pas un fichier ordinaire")
        if info.st_size > taille_max:
            raise ErreurRamassage(f"« {chemin} » est trop volumineux ({info.st_size / 2**20:.1f} Mo)")
        return flux.read(taille_max + 1)


def _chercher_copie(dossier: str, numero: str) -> str:
    """Nom du notebook ``NN_*.ipynb`` (ou ``cas_NN_*.ipynb``) du dossier, sans suivre de lien."""
    try:
        info = os.lstat(dossier)
    except FileNotFoundError:
        info = None
    if info is None or stat.S_ISLNK(info.st_mode) or not stat.S_ISDIR(info.st_mode):
        raise FileNotFoundError(f"pas de dossier « {dossier} »")
    motif = re.compile(rf"^(cas_)?{re.escape(numero)}_[^/]+\.ipynb$")   # 02_fideliser, cas_08_…
    candidats = sorted(n for n in os.listdir(dossier) if motif.match(n))
    originaux = [n for n in candidats if "-checkpoint" not in n and not re.search(r"-Copy\d*\.ipynb$", n)]
    if not originaux:
        raise FileNotFoundError(f"aucun notebook {numero}_….ipynb ni cas_{numero}_….ipynb dans « {dossier} »")
    if len(originaux) > 1:
        raise ErreurRamassage(f"plusieurs notebooks de l'exercice {numero} dans « {dossier} » : "
                              f"{', '.join(originaux)} ; gardez-en un seul")
    return originaux[0]


def _lire_copie(dossier: str, numero: str, taille_max: int) -> bytes:
    nom = _chercher_copie(dossier, numero)
    contenu = _lire_fichier(os.path.join(dossier, nom), taille_max)
    return nom.encode("utf-8") + b"\x00" + contenu


def _deposer(dossier_personnel: str, sous_dossier: str, nom_base: str, contenu: bytes) -> bytes:
    """Écrit ``contenu`` dans ``dossier_personnel/sous_dossier/`` sous un nom libre ; renvoie le chemin."""
    info = os.lstat(dossier_personnel)
    if stat.S_ISLNK(info.st_mode) or not stat.S_ISDIR(info.st_mode):
        raise ErreurRamassage(f"« {dossier_personnel} » n'est pas un dossier")
    cible = os.path.join(dossier_personnel, sous_dossier)
    try:
        os.mkdir(cible, 0o700)
    except FileExistsError:
        pass
    info = os.lstat(cible)
    if stat.S_ISLNK(info.st_mode) or not stat.S_ISDIR(info.st_mode):
        raise ErreurRamassage(f"« {cible} » existe mais n'est pas un dossier : retour non déposé")
    racine, extension = os.path.splitext(nom_base)
    for rang in range(1, 1000):
        nom = nom_base if rang == 1 else f"{racine}-{rang}{extension}"
        chemin = os.path.join(cible, nom)
        try:
            fd = os.open(chemin, _CREATION_EXCLUSIVE, 0o600)
        except FileExistsError:
            continue
        with os.fdopen(fd, "wb") as flux:
            flux.write(contenu)
        return chemin.encode("utf-8")
    raise ErreurRamassage(f"trop de retours déjà présents dans « {cible} »")


# ---------------------------------------------------------------------------------------------
# Élèves : groupe système, liste de noms, dossiers personnels
# ---------------------------------------------------------------------------------------------

def eleves_du_groupe(groupe: str) -> list[str]:
    """Les comptes système membres du groupe (membres déclarés et comptes dont c'est le groupe principal)."""
    try:
        entree = grp.getgrnam(groupe)
    except KeyError:
        raise ErreurRamassage(f"le groupe système « {groupe} » n'existe pas") from None
    noms = set(entree.gr_mem)
    noms.update(p.pw_name for p in pwd.getpwall() if p.pw_gid == entree.gr_gid)
    return sorted(noms)


def _dossier_personnel(eleve: str, racine) -> Path:
    if not _MOTIF_ELEVE.match(eleve):
        raise ErreurRamassage(f"nom d'élève invalide : « {eleve} »")
    if racine is not None:
        return Path(racine) / eleve
    try:
        return Path(pwd.getpwnam(eleve).pw_dir)
    except KeyError:
        raise ErreurRamassage(f"le compte « {eleve} » n'existe pas sur ce serveur") from None


def _numero(exercice) -> str:
    texte = str(exercice).strip()
    if not re.fullmatch(r"\d{1,2}", texte):
        raise ErreurRamassage(f"numéro d'exercice invalide : « {exercice} » (exemple : 02)")
    return texte.zfill(2)


def _donner(chemin: Path, proprietaire) -> None:
    if proprietaire is None or os.geteuid() != 0:
        return
    try:
        compte = pwd.getpwnam(proprietaire)
    except KeyError:
        raise ErreurRamassage(f"le compte « {proprietaire} » n'existe pas") from None
    os.chown(chemin, compte.pw_uid, compte.pw_gid, follow_symlinks=False)


# ---------------------------------------------------------------------------------------------
# Ramasser
# ---------------------------------------------------------------------------------------------

def ramasser(exercice, eleves, destination, *, racine=None, sous_dossier=SOUS_DOSSIER_EXERCICES,
             proprietaire=None, taille_max=TAILLE_MAX_OCTETS) -> list[Resultat]:
    """Copie le notebook de l'exercice de chaque élève dans ``destination/<élève>.ipynb``.

    ``racine`` : dossier qui contient un dossier par élève (sinon, le dossier personnel du compte
    système de l'élève). Une copie déjà ramassée et identique est laissée telle quelle ; différente,
    elle n'est pas remplacée (statut « déjà ramassé ») : ramassez dans un nouveau dossier.
    ``proprietaire`` : compte à qui donner le dossier et les copies (l'enseignant), si l'on est
    administrateur.
    """
    numero = _numero(exercice)
    destination = Path(destination)
    if not destination.exists():
        destination.mkdir(parents=True)
        os.chmod(destination, 0o700)          # les copies ne regardent que l'enseignant
        _donner(destination, proprietaire)
    resultats = []
    for eleve in eleves:
        try:
            personnel = _dossier_personnel(eleve, racine)
            uid, gid = _proprietaire(personnel)
            brut = _en_tant_que(uid, gid, _lire_copie, str(personnel / sous_dossier), numero, taille_max)
        except (ErreurRamassage, OSError) as erreur:
            absent = isinstance(erreur, FileNotFoundError) or "aucun notebook" in str(erreur) \
                or "pas de dossier" in str(erreur)
            resultats.append(Resultat(eleve, "absent" if absent else "erreur", "", str(erreur)))
            continue
        nom, _, contenu = brut.partition(b"\x00")
        cible = destination / f"{eleve}.ipynb"
        try:
            fd = os.open(cible, _CREATION_EXCLUSIVE, 0o600)
        except FileExistsError:
            identique = cible.is_file() and cible.read_bytes() == contenu
            resultats.append(Resultat(eleve, "déjà ramassé", str(cible),
                                      "identique" if identique else
                                      "différente de la copie actuelle : non remplacée (ramassez dans un "
                                      "nouveau dossier)"))
            continue
        with os.fdopen(fd, "wb") as flux:
            flux.write(contenu)
        _donner(cible, proprietaire)
        resultats.append(Resultat(eleve, "ramassé", str(cible), nom.decode("utf-8", "replace")))
    return resultats


# ---------------------------------------------------------------------------------------------
# Rendre
# ---------------------------------------------------------------------------------------------

def rendre(exercice, retours, eleves=None, *, racine=None, sous_dossier=SOUS_DOSSIER_RETOURS) -> list[Resultat]:
    """Dépose ``retours/<élève>.md`` dans ``<dossier de l'élève>/retours/NN_retour.md``.

    Sans liste d'élèves, tous les retours du dossier sont rendus. Rien n'est jamais remplacé : si
    ``NN_retour.md`` existe, le nouveau retour s'appelle ``NN_retour-2.md`` (puis -3…). Le fichier
    déposé appartient à l'élève et n'est lisible que par lui.
    """
    numero = _numero(exercice)
    retours = Path(retours)
    if not retours.is_dir():
        raise ErreurRamassage(f"le dossier des retours « {retours} » n'existe pas")
    disponibles = {p.stem: p for p in retours.glob("*.md") if p.is_file() and not p.is_symlink()}
    noms = sorted(disponibles) if eleves is None else list(eleves)
    resultats = []
    for eleve in noms:
        source = disponibles.get(eleve)
        if source is None:
            resultats.append(Resultat(eleve, "absent", "", f"pas de retour {eleve}.md dans « {retours} »"))
            continue
        try:
            personnel = _dossier_personnel(eleve, racine)
            uid, gid = _proprietaire(personnel)
            chemin = _en_tant_que(uid, gid, _deposer, str(personnel), sous_dossier,
                                  f"{numero}_retour.md", source.read_bytes())
        except (ErreurRamassage, OSError) as erreur:
            resultats.append(Resultat(eleve, "erreur", "", str(erreur)))
            continue
        resultats.append(Resultat(eleve, "rendu", chemin.decode("utf-8", "replace")))
    return resultats


# ---------------------------------------------------------------------------------------------
# Ligne de commande
# ---------------------------------------------------------------------------------------------

def _commande(parser: argparse.ArgumentParser) -> str:
    return parser.prog.split()[-1]


def _arguments_eleves(parser: argparse.ArgumentParser) -> None:
    choix = parser.add_mutually_exclusive_group()
    choix.add_argument("--groupe", default=None, metavar="GROUPE",
                       help="groupe système des élèves (par défaut : eleves)")
    choix.add_argument("--eleves", nargs="+", default=None, metavar="NOM",
                       help="noms des comptes des élèves (au lieu d'un groupe)")
    parser.add_argument("--racine", default=None, metavar="DOSSIER",
                        help="dossier qui contient un dossier par élève (par défaut : le dossier "
                             "personnel de chaque compte, /home/<élève>)")


def ajouter_arguments(parser: argparse.ArgumentParser) -> None:
    commande = _commande(parser)
    parser.set_defaults(_sous_commande=commande)
    if commande == "distribuer":
        parser.description = ("Copie les exercices du dossier modèle dans le dossier d'un élève, sans "
                              "jamais remplacer un fichier existant (l'élève garde son travail).")
        parser.add_argument("modele", metavar="MODELE", help="dossier des exercices à distribuer")
        parser.add_argument("destination", metavar="DOSSIER", help="dossier de l'élève (créé au besoin)")
    elif commande == "ramasser":
        parser.description = ("Ramasse le notebook d'un exercice dans le dossier de chaque élève et le copie "
                              "dans un dossier de copies (<élève>.ipynb) pour relation-client corriger. "
                              "Les fichiers des élèves ne sont que lus. À lancer avec sudo sur le serveur.")
        parser.epilog = ("Exemple : sudo relation-client ramasser --exercice 02 --vers copies_02/ ; puis "
                         "relation-client corriger copies_02/ --exercice 02 --sortie resultats_02/. "
                         "Guide : deploiement/README.md.")
        parser.add_argument("--exercice", required=True, metavar="NN", help="numéro de l'exercice (par exemple 02)")
        parser.add_argument("--vers", required=True, metavar="DOSSIER", help="dossier des copies ramassées")
        _arguments_eleves(parser)
        parser.add_argument("--sous-dossier", default=SOUS_DOSSIER_EXERCICES, metavar="NOM",
                            help="sous-dossier des exercices chez l'élève (par défaut : exercises)")
        parser.add_argument("--proprietaire", default=None, metavar="COMPTE",
                            help="compte de l'enseignant à qui donner les copies (par défaut : celui qui a "
                                 "lancé sudo)")
    else:  # rendre
        parser.description = ("Dépose le retour de correction de chaque élève (retours/<élève>.md) dans son "
                              "dossier, sous retours/NN_retour.md, sans jamais rien remplacer. "
                              "À lancer avec sudo sur le serveur.")
        parser.epilog = ("Exemple : sudo relation-client rendre resultats_02/retours --exercice 02. "
                         "Guide : deploiement/README.md.")
        parser.add_argument("retours", metavar="RETOURS", help="dossier des retours écrits par corriger")
        parser.add_argument("--exercice", required=True, metavar="NN", help="numéro de l'exercice (par exemple 02)")
        _arguments_eleves(parser)
        parser.add_argument("--sous-dossier", default=SOUS_DOSSIER_RETOURS, metavar="NOM",
                            help="sous-dossier des retours chez l'élève (par défaut : retours)")


def _afficher(resultats: list[Resultat]) -> int:
    erreurs = 0
    for r in resultats:
        qui = f"{r.eleve} : " if r.eleve else ""
        precision = f" ({r.detail})" if r.detail else ""
        print(f"  {qui}{r.statut} {r.chemin}{precision}".rstrip())
        erreurs += r.statut == "erreur"
    return erreurs


def _liste_eleves(args) -> list[str] | None:
    if args.eleves:
        return args.eleves
    if args.groupe or args.racine is None:
        return eleves_du_groupe(args.groupe or "eleves")
    return sorted(p.name for p in Path(args.racine).iterdir() if p.is_dir() and not p.name.startswith("."))


def executer(args) -> int:
    commande = getattr(args, "_sous_commande", args.commande)
    try:
        if commande == "distribuer":
            resultats = distribuer(args.modele, args.destination)
            copies = sum(r.statut == "copié" for r in resultats)
            print(f"{copies} fichier(s) copié(s), {len(resultats) - copies} déjà présent(s) et conservé(s).")
            return 0
        if commande == "ramasser":
            proprietaire = args.proprietaire or (os.environ.get("SUDO_USER") if os.geteuid() == 0 else None)
            resultats = ramasser(args.exercice, _liste_eleves(args), args.vers, racine=args.racine,
                                 sous_dossier=args.sous_dossier, proprietaire=proprietaire)
            print(f"Ramassage de l'exercice {_numero(args.exercice)} dans « {args.vers} » :")
            erreurs = _afficher(resultats)
            ramassees = sum(r.statut == "ramassé" for r in resultats)
            print(f"{ramassees} copie(s) ramassée(s) sur {len(resultats)} élève(s).")
            return 1 if erreurs else 0
        eleves = args.eleves or (eleves_du_groupe(args.groupe) if args.groupe else None)
        resultats = rendre(args.exercice, args.retours, eleves, racine=args.racine,
                           sous_dossier=args.sous_dossier)
        print(f"Retours de l'exercice {_numero(args.exercice)} :")
        erreurs = _afficher(resultats)
        print(f"{sum(r.statut == 'rendu' for r in resultats)} retour(s) rendu(s).")
        return 1 if erreurs else 0
    except ErreurRamassage as erreur:
        print(f"Erreur : {erreur}.", file=sys.stderr)
        return 2
