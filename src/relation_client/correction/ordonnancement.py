"""L'ordonnanceur (processus principal) : N processus de correction, un délai par copie, la progression.

:func:`executer_copies` confie les copies, une à la fois, à des processus de correction
(:class:`ProcessusCorrection`, qui lancent :mod:`.travailleur`), lit leurs évènements, arrête net une
copie qui dépasse son délai et remplace un processus qui disparaît : une copie hostile n'arrête que
elle-même. La progression s'affiche sur la sortie d'erreur (:class:`Progression`, avec tqdm).
"""

from __future__ import annotations

import json
import os
import select
import signal
import subprocess
import sys
import time
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path

from tqdm import tqdm

from relation_client.correction.copies import Copie
from relation_client.statuts_correction import DELAI, NOYAU_ARRETE, OK, PARTIEL

__all__ = ["Progression", "Execution", "ProcessusCorrection", "executer_copies", "statut_execution",
           "MODULE_TRAVAILLEUR"]

MODULE_TRAVAILLEUR = "relation_client.correction.travailleur"  # lancé par python -m, jamais importé ici
DEMARRAGE_MAX = 120  # secondes accordées au démarrage d'un processus, en plus du délai de la copie


class Progression:
    """Progression de la correction, sur la sortie d'erreur.

    Dans un terminal, une barre tqdm (copies faites / total, copies en cours) ; partout (terminal,
    fichier, tube), une ligne par copie terminée avec son statut. ``actif=False`` : rien du tout.
    """

    def __init__(self, total: int, actif: bool = True, flux=None):
        self.total = total
        self.faites = 0
        self.actif = actif
        self.flux = flux or sys.stderr
        # disable=None : tqdm ne dessine pas de barre hors terminal (journal, tube, capture des tests).
        self.barre = tqdm(total=total, desc="Correction", file=self.flux, disable=None if actif else True,
                          bar_format="{desc} |{bar:24}| {n_fmt}/{total_fmt} [{elapsed}]{postfix}",
                          dynamic_ncols=True, leave=False)
        self.texte_en_cours = ""

    def en_cours(self, fichiers: list[str]) -> None:
        texte = "en cours : " + ", ".join(fichiers) if fichiers else ""
        if texte != self.texte_en_cours:
            self.texte_en_cours = texte
            self.barre.set_postfix_str(texte)

    def termine(self, fichier: str, statut: str, duree: float) -> None:
        self.faites += 1
        self.barre.update(1)
        if self.actif:
            self.barre.write(f"Correction {self.faites}/{self.total} — {fichier} : {statut} ({duree:.1f} s)",
                             file=self.flux)

    def fermer(self) -> None:
        self.barre.close()


@dataclass
class Execution:
    """Ce que l'exécution d'une copie a produit (évènements reçus du processus de correction)."""

    evenements: list = field(default_factory=list)
    duree: float = 0.0
    delai_copie_depasse: bool = False
    processus_perdu: bool = False


def statut_execution(execution: Execution) -> str:
    """Statut de la copie d'après son exécution (délai, noyau arrêté, partiel ou ok)."""
    genres = [evenement.get("type") for evenement in execution.evenements]
    if execution.delai_copie_depasse or "delai_cellule" in genres:
        return DELAI
    if execution.processus_perdu or "noyau_arrete" in genres or "echec" in genres:
        return NOYAU_ARRETE
    if "erreur_cellule" in genres or "termine" not in genres:
        return PARTIEL
    return OK


def _tuer_groupe(pid: int | None) -> None:
    try:
        pid = int(pid or 0)
    except (TypeError, ValueError):
        return
    if pid <= 1:
        return
    try:  # le noyau est chef de son groupe de processus : on arrête aussi ce qu'il a lancé
        os.killpg(pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError, OSError, AttributeError):
        pass


class ProcessusCorrection:
    """Un processus de correction (``python -m relation_client.correction.travailleur``), vu de
    l'ordonnanceur : on lui confie une copie, on lit ses évènements, on l'arrête."""

    def __init__(self, racine: Path, memoire_octets, delai_cellule):
        lecture, ecriture = os.pipe()
        commande = [sys.executable, "-P", "-m", MODULE_TRAVAILLEUR, str(ecriture),
                    str(racine), str(memoire_octets or 0), repr(float(delai_cellule))]
        self.processus = subprocess.Popen(commande, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
                                          stderr=subprocess.DEVNULL, pass_fds=(ecriture,), cwd=str(racine))
        os.close(ecriture)
        self.fd = lecture
        self.tampon = b""
        self.copie = None
        self.debut = None
        self.lancement = None
        self.pid_noyau = None

    def confier(self, travail: dict) -> None:
        try:
            self.processus.stdin.write((json.dumps(travail, ensure_ascii=False) + "\n").encode("utf-8"))
            self.processus.stdin.flush()
        except OSError:
            pass  # processus disparu : son canal d'évènements se ferme, la copie sera marquée perdue

    def lire(self) -> list | None:
        """Évènements disponibles (``None`` : le processus a disparu)."""
        try:
            morceau = os.read(self.fd, 1 << 20)
        except OSError:
            morceau = b""
        if not morceau:
            return None
        self.tampon += morceau
        *lignes, self.tampon = self.tampon.split(b"\n")
        evenements = []
        for ligne in lignes:
            try:
                evenements.append(json.loads(ligne))
            except ValueError:
                continue
        return evenements

    def echeance(self, delai_copie: float) -> float:
        """Instant limite de la copie en cours : délai compté dès le début de l'exécution (le
        démarrage du processus n'est pas compté, mais il est borné lui aussi)."""
        if self.debut is not None:
            return self.debut + delai_copie
        return self.lancement + delai_copie + DEMARRAGE_MAX

    def arreter(self, brutal: bool = False) -> None:
        if brutal:
            _tuer_groupe(self.pid_noyau)
            self.processus.kill()
        else:
            try:
                self.processus.stdin.close()
            except OSError:
                pass
        try:
            self.processus.wait(timeout=10)
        except Exception:  # noqa: BLE001
            _tuer_groupe(self.pid_noyau)
            self.processus.kill()
            self.processus.wait(timeout=10)
        try:
            os.close(self.fd)
        except OSError:
            pass
        if self.processus.stdin and not self.processus.stdin.closed:
            try:
                self.processus.stdin.close()
            except OSError:
                pass


def executer_copies(copies: list[Copie], processus: int, delai_cellule: float, delai_copie: float,
                    memoire_octets: int | None, progression: Progression, racine: Path) -> dict:
    """Exécute les copies, ``processus`` à la fois ; renvoie {élève: Execution}."""
    resultats = {copie.eleve: Execution() for copie in copies}
    file = deque(copies)
    travailleurs: list[ProcessusCorrection] = []
    numero = 0

    def confier(travailleur: ProcessusCorrection) -> None:
        nonlocal numero
        copie = file.popleft()
        numero += 1
        dossier = racine / f"copie_{numero:04d}"
        dossier.mkdir()
        travailleur.copie, travailleur.debut, travailleur.pid_noyau = copie, None, None
        travailleur.lancement = time.monotonic()
        travailleur.confier({"notebook": copie.notebook, "dossier": str(dossier),
                             "nom_fichier": copie.chemin.name})

    def finir(travailleur: ProcessusCorrection, nettoyer: bool = False) -> None:
        execution = resultats[travailleur.copie.eleve]
        execution.duree = time.monotonic() - travailleur.lancement
        if nettoyer:
            _tuer_groupe(travailleur.pid_noyau)
        progression.termine(travailleur.copie.chemin.name, statut_execution(execution), execution.duree)
        travailleur.copie, travailleur.debut = None, None

    def abandonner(travailleur: ProcessusCorrection) -> None:
        finir(travailleur, nettoyer=True)
        travailleur.arreter(brutal=True)
        travailleurs.remove(travailleur)

    try:
        while file or any(travailleur.copie for travailleur in travailleurs):
            for travailleur in travailleurs:
                if travailleur.copie is None and file:
                    confier(travailleur)
            while file and len(travailleurs) < processus:
                travailleur = ProcessusCorrection(racine, memoire_octets, delai_cellule)
                travailleurs.append(travailleur)
                confier(travailleur)
            progression.en_cours([travailleur.copie.chemin.name for travailleur in travailleurs
                                  if travailleur.copie])
            occupes = [travailleur for travailleur in travailleurs if travailleur.copie is not None]
            maintenant = time.monotonic()
            restes = [travailleur.echeance(delai_copie) - maintenant for travailleur in occupes]
            attente = max(0.05, min(restes + [1.0]))
            prets, _, _ = select.select([travailleur.fd for travailleur in occupes], [], [], attente)
            for travailleur in occupes:
                if travailleur.fd not in prets:
                    continue
                evenements = travailleur.lire()
                if evenements is None:
                    # Le processus de correction a disparu (tué par le système, par exemple).
                    resultats[travailleur.copie.eleve].processus_perdu = True
                    abandonner(travailleur)
                    continue
                for evenement in evenements:
                    genre = evenement.get("type")
                    if genre == "pret" or travailleur.copie is None:
                        continue
                    if genre == "fin":
                        finir(travailleur)
                        continue
                    resultats[travailleur.copie.eleve].evenements.append(evenement)
                    if genre == "debut":
                        travailleur.debut = time.monotonic()
                    elif genre == "noyau":
                        travailleur.pid_noyau = evenement.get("pid")
            maintenant = time.monotonic()
            for travailleur in list(travailleurs):
                if travailleur.copie is not None and maintenant > travailleur.echeance(delai_copie):
                    resultats[travailleur.copie.eleve].delai_copie_depasse = True
                    abandonner(travailleur)
    finally:
        for travailleur in travailleurs:
            travailleur.arreter(brutal=travailleur.copie is not None)
    return resultats
