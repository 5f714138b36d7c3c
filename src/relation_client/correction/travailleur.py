"""Le processus de correction : exécute des copies instrumentées, chacune dans un noyau Jupyter neuf.

Lancé par l'ordonnanceur (:mod:`.ordonnancement`) sous la forme
``python -P -m relation_client.correction.travailleur FD RACINE MEMOIRE DELAI_CELLULE`` ; il lit les
travaux (JSON, un par ligne) sur son entrée standard et écrit ses évènements (JSON, un par ligne) sur
le descripteur ``FD``. Chaque copie tourne dans un noyau neuf (nbclient), dans un dossier de travail
temporaire, avec un délai par cellule et la limite de mémoire du processus, héritée par le noyau.
Ce module n'est importé par aucun autre : seul le processus de correction le charge.
"""

from __future__ import annotations

import json
import logging
import os
import signal
import sys
from pathlib import Path

from relation_client.correction.capture import TYPE_MIME

NOM_NOYAU = "relation-client-correction"
MARQUE_DELAI = "DelaiCelluleDepasse"


def preparer_processus(racine: Path, memoire_octets: int | None) -> dict:
    """Réglages du processus de correction, hérités par chaque noyau qu'il démarre."""
    if memoire_octets:
        try:
            import resource  # absent sous Windows
            resource.setrlimit(resource.RLIMIT_AS, (memoire_octets, memoire_octets))
            resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
        except (ImportError, ValueError, OSError):
            pass
    racine = racine / f"processus-{os.getpid()}"
    noyaux = racine / "jupyter" / "kernels" / NOM_NOYAU
    noyaux.mkdir(parents=True, exist_ok=True)
    (noyaux / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}",
                 "--HistoryManager.enabled=False", "--InteractiveShell.colors=nocolor"],
        "display_name": "Correction (relation-client)", "language": "python"}), encoding="utf-8")
    os.environ["JUPYTER_PATH"] = os.pathsep.join(
        [str(racine / "jupyter")] + [p for p in os.environ.get("JUPYTER_PATH", "").split(os.pathsep) if p])
    runtime = racine / "runtime"
    runtime.mkdir(exist_ok=True)
    os.environ["JUPYTER_RUNTIME_DIR"] = str(runtime)
    environnement = dict(os.environ)
    environnement.update({"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
                          "MPLBACKEND": "Agg", "PYDEVD_DISABLE_FILE_VALIDATION": "1", "PYTHONWARNINGS": "ignore"})
    return environnement


def boucle_travailleur(fd_evenements: int, racine: str, memoire_octets: int | None, delai_cellule: float) -> None:
    """Boucle d'un processus de correction : lit des copies (JSON, une par ligne, sur l'entrée
    standard) et écrit ses évènements (JSON, un par ligne) sur le descripteur ``fd_evenements``.

    La sortie standard est détournée vers /dev/null : rien de ce qu'écrit un noyau ne peut se
    mêler aux évènements.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C : c'est le processus principal qui arrête
    canal = os.fdopen(fd_evenements, "w", encoding="utf-8", buffering=1)
    nul = os.open(os.devnull, os.O_WRONLY)
    os.dup2(nul, 1)
    os.dup2(nul, 2)
    environnement = preparer_processus(Path(racine), memoire_octets)
    logging.getLogger("traitlets").setLevel(logging.CRITICAL)
    canal.write(json.dumps({"type": "pret"}) + "\n")

    def envoyer(evenement):
        canal.write(json.dumps(evenement, ensure_ascii=False) + "\n")
        canal.flush()

    for ligne in sys.stdin:
        if not ligne.strip():
            continue
        travail = json.loads(ligne)
        try:
            executer_notebook(travail, environnement, delai_cellule, envoyer)
        except BaseException as erreur:  # noqa: BLE001 — le processus doit rester debout
            envoyer({"type": "echec", "message": f"{type(erreur).__name__} : {erreur}"})
        envoyer({"type": "fin"})


def _message_erreur(sortie) -> str:
    nom = sortie.get("ename", "Erreur")
    valeur = str(sortie.get("evalue", "")).strip()
    return f"{nom} : {valeur}" if valeur else nom


def executer_notebook(travail: dict, environnement: dict, delai_cellule: float, envoyer) -> None:
    """Exécute un notebook instrumenté dans un noyau neuf et envoie un évènement par fait utile à la
    notation : captures, erreurs, délais dépassés, noyau arrêté."""
    import nbformat  # coût d'import : seul ce processus exécute des notebooks
    from nbclient import NotebookClient
    from nbclient.exceptions import CellTimeoutError, DeadKernelError

    dossier = Path(travail["dossier"]) / "travail"
    dossier.mkdir(parents=True, exist_ok=True)
    notebook = nbformat.from_dict(travail["notebook"])
    (dossier / travail["nom_fichier"]).write_text(json.dumps(travail["notebook"], ensure_ascii=False),
                                                  encoding="utf-8")
    journal = logging.getLogger("relation_client.correction.nbclient")
    journal.setLevel(logging.CRITICAL)
    derniere_reponse = {}

    def noter_reponse(cell=None, cell_index=None, execute_reply=None, **_):
        derniere_reponse["contenu"] = (execute_reply or {}).get("content", {})

    # Délai dépassé : nbclient interrompt le noyau (comme le bouton ■ de Jupyter) et renvoie une
    # réponse d'erreur marquée, puis l'exécution continue avec la cellule suivante.
    class ClientSobre(NotebookClient):
        """Ne garde que les sorties utiles à la notation : captures et erreurs (une copie qui
        affiche des gigaoctets ne remplit pas la mémoire du correcteur)."""

        def output(self, outs, msg, display_id, cell_index):
            genre = msg.get("msg_type")
            if genre == "error" or (genre == "display_data"
                                    and TYPE_MIME in msg.get("content", {}).get("data", {})):
                return super().output(outs, msg, display_id, cell_index)
            return None

    client = ClientSobre(notebook, timeout=delai_cellule, kernel_name=NOM_NOYAU, allow_errors=True,
                         startup_timeout=90, record_timing=False, log=journal,
                         interrupt_on_timeout=True, iopub_timeout=4, shutdown_kernel="immediate",
                         error_on_timeout={"ename": MARQUE_DELAI, "evalue": "", "traceback": []},
                         on_cell_executed=noter_reponse,
                         resources={"metadata": {"path": str(dossier)}})
    envoyer({"type": "debut"})
    erreurs_reponse = set()
    delais_consecutifs = 0
    with client.setup_kernel(env=environnement):
        pid = getattr(getattr(client.km, "provisioner", None), "pid", None)
        envoyer({"type": "noyau", "pid": pid})
        for indice, cellule in enumerate(notebook.cells):
            if cellule.cell_type != "code":
                continue
            info = cellule.metadata.get("correction", {})
            question = info.get("question")
            if info.get("type") == "capture" and question in erreurs_reponse:
                continue
            derniere_reponse.clear()
            try:
                client.execute_cell(cellule, indice)
            except CellTimeoutError:  # délai d'attente des sorties : traité comme un délai dépassé
                derniere_reponse["contenu"] = {"ename": MARQUE_DELAI}
            except DeadKernelError:
                envoyer({"type": "noyau_arrete", "cellule": indice, "question": question})
                return
            if derniere_reponse.get("contenu", {}).get("ename") == MARQUE_DELAI:
                delais_consecutifs += 1
                envoyer({"type": "delai_cellule", "cellule": indice, "question": question})
                if info.get("type") == "reponse":
                    erreurs_reponse.add(question)
                    envoyer({"type": "erreur_reponse", "question": question,
                             "message": f"la cellule de réponse a dépassé le délai de {delai_cellule:g} s"})
                if delais_consecutifs >= 2:
                    envoyer({"type": "abandon",
                             "message": "le noyau ne répondait plus (deux délais dépassés de suite) : "
                                        "la suite de la copie n'a pas été exécutée"})
                    return
                continue
            delais_consecutifs = 0
            for sortie in cellule.get("outputs", []):
                if sortie.get("output_type") == "display_data" and TYPE_MIME in sortie.get("data", {}):
                    donnee = sortie["data"][TYPE_MIME]
                    if isinstance(donnee, str):
                        donnee = json.loads(donnee)
                    envoyer({"type": "capture", "question": donnee.get("question"),
                             "valeur": donnee.get("valeur")})
                elif sortie.get("output_type") == "error":
                    message = _message_erreur(sortie)
                    envoyer({"type": "erreur_cellule", "cellule": indice, "message": message,
                             "question": question})
                    if info.get("type") == "reponse" and question not in erreurs_reponse:
                        erreurs_reponse.add(question)
                        envoyer({"type": "erreur_reponse", "question": question,
                                 "message": f"la cellule de réponse s'est arrêtée sur une erreur ({message})"})
        envoyer({"type": "termine"})


if __name__ == "__main__" and len(sys.argv) == 5:
    boucle_travailleur(int(sys.argv[1]), sys.argv[2], int(sys.argv[3]) or None, float(sys.argv[4]))
