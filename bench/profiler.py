"""Profils pour l'issue 6 : où passe le temps d'une leçon, d'un widget ?

Usage :
    python bench/profiler.py lecon notebooks/05_kpi.ipynb
    python bench/profiler.py widget simulateur_bad_buzz [--changements 60]

Écrit le profil complet (arbre pyinstrument, texte) dans bench/resultats/ (ignoré par git) et
affiche un résumé. Appelé aussi par ``python bench/mesurer.py --profiler`` pour la leçon et le
widget les plus lents de la mesure ; ce script n'importe pas ``mesurer.py`` (ce que les deux
partagent est dans ``commun.py``).

- Leçon : exécutée dans un noyau neuf (nbclient, comme les tests), avec une cellule ajoutée en
  tête qui démarre pyinstrument et une en fin qui l'arrête ; le résumé donne aussi la durée de
  chaque cellule (horodatage nbclient) et la part du démarrage du noyau.
- Widget : construit dans ce processus, puis ``changements`` changements de contrôles (un à la
  fois, à tour de rôle, comme dans mesurer.py) sous pyinstrument, et sous cProfile pour la
  ventilation calcul / dessin / rendu PNG.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import pstats
import subprocess
import sys
import time
from pathlib import Path

from commun import constructeurs_widgets, durees_cellules, fr, plan_de_changements

RACINE = Path(__file__).resolve().parents[1]
DOSSIER = RACINE / "bench" / "resultats"


# Compteurs des causes classiques de lenteur (issue 6) : lectures de CSV répétées, figures
# recréées au lieu d'être mises à jour. Le même code sert dans le noyau (leçon) et ici (widget).
CODE_COMPTEURS = """
import collections as _collections_bench, functools as _functools_bench
import pandas as _pd_bench
from matplotlib.figure import Figure as _Figure_bench
_compteurs_bench = _collections_bench.Counter()
def _compter_bench(nom, fonction):
    @_functools_bench.wraps(fonction)
    def enveloppe(*a, **k):
        _compteurs_bench[nom] += 1
        return fonction(*a, **k)
    return enveloppe
_pd_bench.read_csv = _compter_bench("lectures de CSV (pandas.read_csv)", _pd_bench.read_csv)
_Figure_bench.__init__ = _compter_bench("figures matplotlib créées", _Figure_bench.__init__)
_Figure_bench.savefig = _compter_bench("rendus d'image (savefig)", _Figure_bench.savefig)
"""


def _lignes_compteurs(compteurs) -> list[str]:
    if not compteurs:
        return ["Compteurs : aucune lecture de CSV, aucune figure créée, aucun rendu."]
    return ["Compteurs : " + " ; ".join(f"{nom} : {n}" for nom, n in sorted(compteurs.items())) + "."]


def profiler_notebook(chemin: Path, dossier: Path = DOSSIER) -> tuple[Path, list[str]]:
    import nbformat
    from nbclient import NotebookClient

    dossier.mkdir(parents=True, exist_ok=True)
    sortie = dossier / f"profil_lecon_{chemin.stem}.txt"
    nb = nbformat.read(chemin, as_version=4)
    n_origine = len(nb.cells)
    compteurs_fichier = dossier / f"compteurs_lecon_{chemin.stem}.json"
    debut_code = (CODE_COMPTEURS + "\n"
                  "from pyinstrument import Profiler as _Profiler_bench\n"
                  "_profil_bench = _Profiler_bench(interval=0.001, async_mode='disabled')\n"
                  "_profil_bench.start()")
    fin_code = ("_profil_bench.stop()\n"
                f"open({str(sortie)!r}, 'w', encoding='utf-8').write("
                "_profil_bench.output_text(unicode=True, color=False, show_all=False))\n"
                f"import json as _json_bench; open({str(compteurs_fichier)!r}, 'w').write("
                "_json_bench.dumps(dict(_compteurs_bench)))")
    nb.cells.insert(0, nbformat.v4.new_code_cell(debut_code))
    nb.cells.append(nbformat.v4.new_code_cell(fin_code))
    client = NotebookClient(nb, timeout=900, kernel_name="python3", allow_errors=True,
                            resources={"metadata": {"path": str(chemin.parent)}})
    t = time.perf_counter()
    client.execute(stderr=subprocess.DEVNULL)
    total = time.perf_counter() - t
    cellules = [(d, i - 1, texte) for d, i, texte in durees_cellules(nb) if 1 <= i <= n_origine]
    somme = sum(d for d, _, _ in cellules)
    resume = [f"Exécution profilée : {fr(total)} s en tout, dont {fr(somme)} s dans les "
              f"{n_origine} cellules (le reste : démarrage et arrêt du noyau, messages).", "",
              "| cellule | durée | première ligne |", "|---|---|---|"]
    for d, i, texte in cellules[:8]:
        resume.append(f"| {i} | {fr(d)} s | `{texte.replace('|', '¦')}` |")
    if compteurs_fichier.exists():
        resume += ["", *_lignes_compteurs(json.loads(compteurs_fichier.read_text()))]
    if sortie.exists():
        resume += ["", "Les 25 premières lignes de l'arbre pyinstrument :", "", "```",
                   *sortie.read_text(encoding="utf-8").splitlines()[:25], "```"]
    return sortie, resume


def _ventilation(profil: cProfile.Profile, total_s: float) -> list[str]:
    """Temps cumulé des étapes d'une mise à jour (cProfile)."""
    stats = pstats.Stats(profil)
    etapes = {
        "calcul (fonctions pures)": ("calculer", "entonnoir", "roi_influence"),
        "dessin (artistes mis à jour)": ("dessiner",),
        "texte des chiffres": ("afficher", "_html_lignes"),
        "rendu PNG (savefig)": ("savefig",),
        "  dont tracé Agg (draw)": ("draw",),
        "  dont compression PNG": ("write_png",),
    }
    cumul = {}
    for (fichier, _ligne, fonction), (_cc, _nc, _tt, ct, _appelants) in stats.stats.items():
        for etape, noms in etapes.items():
            if fonction in noms:
                if etape == "  dont tracé Agg (draw)" and "backend_agg" not in fichier:
                    continue
                hors_simulateurs = Path(fichier).parent.name != "widgets"  # relation_client/widgets/
                if etape.startswith("calcul") and hors_simulateurs and fonction == "calculer":
                    continue
                cumul[etape] = max(cumul.get(etape, 0.0), ct)
    lignes = ["| étape | temps cumulé | part |", "|---|---|---|"]
    for etape in etapes:
        if etape in cumul:
            lignes.append(f"| {etape} | {fr(cumul[etape], 3)} s | {fr(100 * cumul[etape] / total_s, 0)} % |")
    return lignes


def profiler_widget(nom: str, dossier: Path = DOSSIER, changements: int = 60) -> tuple[Path, list[str]]:
    from pyinstrument import Profiler

    dossier.mkdir(parents=True, exist_ok=True)
    fabriques = dict(constructeurs_widgets())
    if nom not in fabriques:
        raise SystemExit(f"widget inconnu : {nom} (connus : {', '.join(fabriques)})")
    sim = fabriques[nom]()
    plan = plan_de_changements(sim, changements)
    for nom_controle, valeur in plan[:2]:  # chauffe
        sim.controles[nom_controle].value = valeur
    espace: dict = {}
    exec(CODE_COMPTEURS, espace)
    try:
        profil = Profiler(interval=0.0005, async_mode="disabled")
        profil.start()
        for nom_controle, valeur in plan:
            sim.controles[nom_controle].value = valeur
        profil.stop()
    finally:  # on rend à pandas et matplotlib leurs fonctions d'origine
        import matplotlib.figure
        import pandas
        pandas.read_csv = pandas.read_csv.__wrapped__
        matplotlib.figure.Figure.__init__ = matplotlib.figure.Figure.__init__.__wrapped__
        matplotlib.figure.Figure.savefig = matplotlib.figure.Figure.savefig.__wrapped__
    compteurs = dict(espace["_compteurs_bench"])
    sortie = dossier / f"profil_widget_{nom}.txt"
    sortie.write_text(profil.output_text(unicode=True, color=False, show_all=False), encoding="utf-8")
    cp = cProfile.Profile()
    t = time.perf_counter()
    cp.enable()
    for nom_controle, valeur in plan:
        sim.controles[nom_controle].value = valeur
    cp.disable()
    total = time.perf_counter() - t
    tampon = io.StringIO()
    pstats.Stats(cp, stream=tampon).sort_stats("tottime").print_stats(12)
    (dossier / f"cprofile_widget_{nom}.txt").write_text(tampon.getvalue(), encoding="utf-8")
    resume = [f"{len(plan)} changements profilés (cProfile : {fr(total)} s, soit "
              f"{fr(1000 * total / len(plan), 1)} ms par changement, surcoût du profileur compris).", "",
              *_ventilation(cp, total), "",
              *_lignes_compteurs(compteurs) + [f"(pour {len(plan)} changements)"], "",
              "Les 30 premières lignes de l'arbre pyinstrument :", "", "```",
              *sortie.read_text(encoding="utf-8").splitlines()[:30], "```"]
    return sortie, resume


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description="Profil d'une leçon ou d'un widget (pyinstrument).")
    p.add_argument("genre", choices=["lecon", "widget"])
    p.add_argument("cible", help="chemin du notebook, ou nom du constructeur de widget")
    p.add_argument("--changements", type=int, default=60)
    a = p.parse_args(argv)
    if a.genre == "lecon":
        chemin = Path(a.cible)
        chemin = chemin if chemin.is_absolute() else (Path.cwd() / chemin)
        fichier, resume = profiler_notebook(chemin.resolve())
    else:
        fichier, resume = profiler_widget(a.cible, changements=a.changements)
    print("\n".join(resume))
    print(f"\nProfil complet : {fichier}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
