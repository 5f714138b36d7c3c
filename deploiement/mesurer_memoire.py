"""Mémoire d'un noyau d'élève : chaque notebook du cours exécuté dans un noyau neuf, RSS mesurée.

Usage (depuis la racine du dépôt) :
    .venv/bin/python deploiement/mesurer_memoire.py [NOTEBOOK ...] [--json mesures.json]

Sans argument : les leçons (notebooks/*.ipynb) et les corrigés (solutions/*.ipynb), comme un élève
qui exécute tout. Pour chaque notebook : mémoire résidente du noyau à la fin (RSS) et pic pendant
l'exécution (VmHWM, lu dans /proc), en Mio. Les notebooks ne sont pas modifiés (exécution en mémoire,
dans le dossier du notebook). Les résultats servent au dimensionnement de deploiement/README.md.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

RACINE = Path(__file__).resolve().parents[1]


def _memoire(pid: int) -> tuple[float, float]:
    valeurs = {}
    for ligne in Path(f"/proc/{pid}/status").read_text().splitlines():
        cle, _, reste = ligne.partition(":")
        if cle in ("VmRSS", "VmHWM"):
            valeurs[cle] = int(reste.split()[0]) / 1024
    return round(valeurs["VmRSS"], 1), round(valeurs["VmHWM"], 1)


def mesurer(chemin: Path, delai: int = 600) -> dict:
    nb = nbformat.read(chemin, as_version=4)
    client = NotebookClient(nb, timeout=delai, kernel_name="python3", allow_errors=True,
                            resources={"metadata": {"path": str(chemin.parent)}})
    debut = time.monotonic()
    with client.setup_kernel():
        pid = client.km.provisioner.process.pid
        depart = _memoire(pid)[0]
        for index, cellule in enumerate(nb.cells):
            client.execute_cell(cellule, index)
        rss, pic = _memoire(pid)
    erreurs = sum(1 for c in nb.cells for s in c.get("outputs", []) if s.get("output_type") == "error")
    return {"notebook": str(chemin.relative_to(RACINE)), "rss_depart_mio": depart, "rss_fin_mio": rss,
            "pic_mio": pic, "duree_s": round(time.monotonic() - debut, 1), "erreurs": erreurs}


def main(argv=None) -> int:
    analyseur = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    analyseur.add_argument("notebooks", nargs="*", type=Path)
    analyseur.add_argument("--json", type=Path, default=None, help="écrit aussi les mesures dans ce fichier")
    args = analyseur.parse_args(argv)
    chemins = [p.resolve() for p in args.notebooks] or \
        sorted((RACINE / "notebooks").glob("*.ipynb")) + sorted((RACINE / "solutions").glob("*.ipynb"))
    resultats = []
    print("| notebook | RSS au départ (Mio) | RSS à la fin (Mio) | pic (Mio) | durée (s) | erreurs |")
    print("|---|---|---|---|---|---|")
    for chemin in chemins:
        r = mesurer(chemin)
        resultats.append(r)
        print(f"| {r['notebook']} | {r['rss_depart_mio']} | {r['rss_fin_mio']} | {r['pic_mio']} | "
              f"{r['duree_s']} | {r['erreurs']} |", flush=True)
    pics = sorted(r["pic_mio"] for r in resultats)
    print(f"\nPic par noyau : médiane {pics[len(pics) // 2]} Mio, maximum {pics[-1]} Mio "
          f"({len(pics)} notebooks, Python {sys.version.split()[0]}).")
    if args.json:
        args.json.write_text(json.dumps(resultats, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
