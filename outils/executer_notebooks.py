"""Exécute des notebooks en place (noyau neuf, dossier du notebook) et signale les erreurs.

Usage : python outils/executer_notebooks.py notebooks/02_fideliser.ipynb [...]

Les notebooks du cours sont enregistrés exécutés pour que nbval compare leurs sorties.
On exécute avec allow_errors=True (sinon nbval ne compare pas les cellules jamais exécutées),
puis on échoue si une cellule a produit une erreur. L'état des widgets est enregistré pour
que la version HTML statique montre leur dernier état.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient


def executer(chemin: Path, delai: int = 600) -> list[str]:
    nb = nbformat.read(chemin, as_version=4)
    os.environ.setdefault("PYTHONHASHSEED", "0")
    client = NotebookClient(nb, timeout=delai, kernel_name="python3", allow_errors=True,
                            store_widget_state=True,
                            resources={"metadata": {"path": str(chemin.parent)}})
    client.execute()
    erreurs = []
    for i, cellule in enumerate(nb.cells):
        for sortie in cellule.get("outputs", []):
            if sortie.get("output_type") == "error":
                erreurs.append(f"{chemin} cellule {i} : {sortie.get('ename')}: {sortie.get('evalue')}")
    nb.metadata.pop("papermill", None)
    nb.metadata["kernelspec"] = {"display_name": "Python 3", "language": "python", "name": "python3"}
    nb.metadata["language_info"] = {"name": "python"}
    nbformat.write(nb, chemin)
    return erreurs


def main(fichiers: list[str]) -> int:
    toutes = []
    for nom in fichiers:
        debut = time.perf_counter()
        erreurs = executer(Path(nom))
        print(f"{nom} : {time.perf_counter() - debut:.1f} s, {len(erreurs)} erreur(s)")
        toutes += erreurs
    for e in toutes:
        print("ERREUR", e, file=sys.stderr)
    return 1 if toutes else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
