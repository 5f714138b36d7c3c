"""`make bench` : mesurer ce que ressentent élèves et enseignants, face au plancher et aux pairs.

Usage :
    python bench/mesurer.py                      # tout (sauf `make test`), 3 répétitions
    python bench/mesurer.py --rapide             # une seule répétition (≈ 2 fois plus court)
    python bench/mesurer.py --seulement widgets,segmentation
    python bench/mesurer.py --seulement 05_kpi,simulateur_budget
    python bench/mesurer.py --avec-make-test     # ajoute `make test` depuis un clone propre (long)
    python bench/mesurer.py --profiler           # ajoute les profils (leçon et widget les plus lents)

Chaque ligne du tableau donne la médiane de plusieurs exécutions, la référence (plancher ou pair)
mesurée PENDANT LA MÊME EXÉCUTION, le rapport des deux, la cible (issue 6) et si elle est atteinte.
Le tableau est affiché et écrit dans bench/resultats.md (ignoré par git) avec la machine, les
versions et la date. Voir bench/README.md pour lire chaque ligne.

Bibliothèque standard + dépendances du projet seulement (pyinstrument, des extras de test, pour
--profiler).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import io
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from commun import constructeurs_widgets, durees_cellules, fr, plan_de_changements

RACINE = Path(__file__).resolve().parents[1]
BENCH = RACINE / "bench"
RESULTATS = BENCH / "resultats.md"
DOSSIER_PROFILS = BENCH / "resultats"  # ignoré par git (motif « resultats/ »)

GROUPES = ("lecons", "corriges", "cours", "widgets", "segmentation", "cdnow", "correction", "make-test")

# Le plancher d'une leçon : un notebook qui n'importe que pandas, matplotlib et ipywidgets.
SOURCE_PLANCHER = "import pandas as pd\nimport matplotlib.pyplot as plt\nimport ipywidgets as widgets"

# Cibles de l'issue 6.
CIBLE_LECON = 2.0            # une leçon < 2 × le plancher d'import
CIBLE_COURS = 1.5            # tout le cours < 1,5 × la somme des planchers
CIBLE_WIDGET_MEDIANE = 100.0  # ms
CIBLE_WIDGET_P95 = 150.0      # ms
CIBLE_WIDGET_RAPPORT = 1.5    # × le rendu PNG seul de la même figure
CIBLE_SEGMENTATION_S = 1.0    # s
CIBLE_SEGMENTATION_RAPPORT = 3.0  # × un seul groupby().agg()
CIBLE_CORRECTION = 1.7        # au moins 1,7 × plus rapide qu'une copie après l'autre

OUI, NON = "✅", "❌"


# --------------------------------------------------------------------------- petits outils

def secondes(x: float) -> str:
    return f"{fr(x, 2)} s"


def ms(x: float) -> str:
    return f"{fr(x, 1)} ms" if x >= 1 else f"{fr(x, 3)} ms"


def rapport(x: float) -> str:
    return f"{fr(x, 2)}×"


def mediane(valeurs) -> float:
    return float(statistics.median(valeurs))


def p95(valeurs) -> float:
    v = sorted(valeurs)
    if len(v) == 1:
        return float(v[0])
    k = 0.95 * (len(v) - 1)  # même interpolation que numpy.percentile (linéaire)
    bas = int(k)
    haut = min(bas + 1, len(v) - 1)
    return float(v[bas] + (v[haut] - v[bas]) * (k - bas))


def dire(*morceaux) -> None:
    """Progression sur la sortie d'erreur (la sortie standard ne porte que le tableau)."""
    print(*morceaux, file=sys.stderr, flush=True)


def charge_moyenne() -> str:
    try:
        a, b, c = os.getloadavg()
        return f"{fr(a, 2)} / {fr(b, 2)} / {fr(c, 2)}"
    except OSError:
        return "inconnue"


@dataclass
class Ligne:
    groupe: str
    quoi: str
    resultat: str = "—"
    reference: str = "—"
    rapport: str = "—"
    cibles: list[tuple[str, bool | None]] = field(default_factory=list)
    remarque: str = ""

    @property
    def atteinte(self) -> str:
        etats = [ok for _, ok in self.cibles if ok is not None]
        if not etats:
            return "—"
        return OUI if all(etats) else NON

    @property
    def cible(self) -> str:
        if not self.cibles:
            return "—"
        return " · ".join(f"{texte} {'' if ok is None else (OUI if ok else NON)}".strip()
                          for texte, ok in self.cibles)


@dataclass
class Options:
    repetitions: int
    seulement: list[str] | None
    avec_make_test: bool
    profiler: bool
    changements: int
    repetitions_correction: int = 1

    def veut(self, groupe: str, nom: str | None = None) -> bool:
        """Le groupe (ou la ligne ``nom`` de ce groupe) est-il demandé par --seulement ?"""
        if not self.seulement:
            return groupe != "make-test" or self.avec_make_test
        for jeton in self.seulement:
            if jeton == groupe:
                return True
            if nom is not None and jeton not in GROUPES and jeton in nom:
                return True
        return False

    def concerne(self, groupe: str) -> bool:
        """Faut-il lancer la mesure de ce groupe ? (elle filtre ensuite ses lignes avec ``veut``)."""
        if not self.seulement:
            return True  # la ligne `make test` s'affiche toujours (« non mesuré » sans l'option)
        if groupe == "make-test":
            return "make-test" in self.seulement
        groupes = ("lecons", "corriges", "cours") if groupe == "notebooks" else (groupe,)
        return any(j in groupes or j not in GROUPES for j in self.seulement)


# --------------------------------------------------------------------------- notebooks

def _executer_notebook(nb, dossier: Path, delai: int = 900):
    """Exécute ``nb`` (nbformat) dans un noyau neuf, comme les tests ; renvoie (durée s, erreurs)."""
    from nbclient import NotebookClient

    client = NotebookClient(nb, timeout=delai, kernel_name="python3", allow_errors=True,
                            resources={"metadata": {"path": str(dossier)}})
    debut = time.perf_counter()
    # stderr du noyau (avertissements « Kernel is running over TCP… ») : jeté.
    client.execute(stderr=subprocess.DEVNULL)
    duree = time.perf_counter() - debut
    erreurs = [f"cellule {i} : {s.get('ename')}" for i, c in enumerate(nb.cells)
               for s in c.get("outputs", []) if s.get("output_type") == "error"]
    return duree, erreurs


def mesurer_notebooks(opts: Options, lignes: list[Ligne], details: dict) -> None:
    import nbformat

    lecons = sorted((RACINE / "notebooks").glob("*.ipynb"))
    corriges = sorted((RACINE / "solutions").glob("*.ipynb"))
    a_mesurer = []
    tout_le_cours = opts.veut("cours")
    for groupe, chemins in (("lecons", lecons), ("corriges", corriges)):
        for chemin in chemins:
            nom = f"{chemin.parent.name}/{chemin.name}"
            if tout_le_cours or opts.veut(groupe, nom):
                a_mesurer.append((groupe, nom, chemin))
    if not a_mesurer:
        return
    plancher_nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(SOURCE_PLANCHER)])
    # Une exécution à blanc : caches disque (.pyc, polices matplotlib) chauds pour tous.
    dire("notebooks : exécution à blanc du plancher…")
    _executer_notebook(nbformat.from_dict(json.loads(json.dumps(plancher_nb))), RACINE / "notebooks")
    planchers: list[float] = []
    durees: dict[str, list[float]] = {nom: [] for _, nom, _ in a_mesurer}
    erreurs: dict[str, list[str]] = {}
    def un_plancher(etiquette):
        d, _ = _executer_notebook(nbformat.from_dict(json.loads(json.dumps(plancher_nb))), RACINE / "notebooks")
        planchers.append(d)
        dire(f"  [{etiquette}] plancher : {d:.2f} s")

    for r in range(opts.repetitions):
        # Plancher et notebooks entrelacés : une variation de charge de la machine touche les deux.
        un_plancher(f"{r + 1}/{opts.repetitions}")
        for groupe, nom, chemin in a_mesurer:
            nb = nbformat.read(chemin, as_version=4)
            d, err = _executer_notebook(nb, chemin.parent)
            durees[nom].append(d)
            if err:
                erreurs[nom] = err
            details.setdefault("cellules", {})[nom] = durees_cellules(nb)
            dire(f"  [{r + 1}/{opts.repetitions}] {nom} : {d:.2f} s" + (f" ({len(err)} erreur(s))" if err else ""))
    un_plancher("fin")
    plancher = mediane(planchers)
    details["plancher_notebook"] = plancher
    details["durees_notebooks"] = {nom: mediane(v) for nom, v in durees.items()}
    ref = f"plancher {secondes(plancher)} (médiane de {len(planchers)})"
    for groupe, nom, _ in a_mesurer:
        m = mediane(durees[nom])
        q = m / plancher
        remarque = (f"{len(durees[nom])} exécution(s), de {fr(min(durees[nom]))} à {fr(max(durees[nom]))} s ; "
                    f"rapport des minimums {rapport(min(durees[nom]) / min(planchers))}")
        if nom in erreurs:
            remarque += f" ; ERREURS : {', '.join(erreurs[nom][:3])}"
        lignes.append(Ligne(groupe, nom, secondes(m), ref, rapport(q),
                            [(f"< {fr(CIBLE_LECON, 0)}× plancher", q < CIBLE_LECON)], remarque))
    if tout_le_cours:
        total = sum(mediane(v) for v in durees.values())
        n = len(durees)
        q = total / (n * plancher)
        lignes.append(Ligne("cours", f"tout le cours ({len(lecons)} leçons + {len(corriges)} corrigés)",
                            secondes(total), f"{n} × plancher = {secondes(n * plancher)}", rapport(q),
                            [(f"< {fr(CIBLE_COURS, 1)}× somme des planchers", q < CIBLE_COURS)],
                            "somme des médianes"))


# --------------------------------------------------------------------------- widgets

def _rendu_png(fig) -> bytes:
    tampon = io.BytesIO()
    fig.savefig(tampon, format="png", dpi=fig.dpi, facecolor="white")
    return tampon.getvalue()


def mesurer_un_widget(nom: str, fabrique, changements: int) -> dict:
    """Change ``changements`` fois un contrôle (``.value = …``) ; renvoie les durées (ms) et le plancher."""
    import gc

    debut = time.perf_counter()
    sim = fabrique()
    construction = (time.perf_counter() - debut) * 1000
    if nom == "quiz" or not hasattr(sim, "controles"):
        # Le quiz n'a pas de figure : un « changement » est un clic sur une réponse.
        questions = sim.questions
        durees = []
        for k in range(changements + 2):
            q = questions[k % len(questions)]
            t = time.perf_counter()
            q.boutons[k % len(q.boutons)].click()
            durees.append((time.perf_counter() - t) * 1000)
        return {"durees": durees[2:], "plancher": None, "construction": construction, "refus": 0,
                "controles": ["boutons"], "images_differentes": None}
    plan = plan_de_changements(sim, changements + 2)
    durees, rendus, refus, images = [], [], 0, set()
    figure = getattr(sim, "figure", None)
    gc.collect()
    for nom_controle, valeur in plan:
        controle = sim.controles[nom_controle]
        t = time.perf_counter()
        controle.value = valeur
        durees.append((time.perf_counter() - t) * 1000)
        if sim.message.value:
            refus += 1
        if getattr(sim, "image", None) is not None:
            images.add(hash(bytes(sim.image.value)))
        if figure is not None:
            # Le plancher, entrelacé avec les changements (même charge de la machine) : la même
            # figure, dans le même état, rendue une fois en PNG.
            t = time.perf_counter()
            _rendu_png(figure)
            rendus.append((time.perf_counter() - t) * 1000)
    durees, rendus = durees[2:], rendus[2:]  # les deux premiers changements chauffent les caches
    plancher = mediane(rendus) if rendus else None
    return {"durees": durees, "plancher": plancher, "construction": construction, "refus": refus,
            "controles": sorted({n for n, _ in plan}), "images_differentes": len(images)}


def mesurer_widgets(opts: Options, lignes: list[Ligne], details: dict) -> None:
    try:
        fabriques = constructeurs_widgets()
    except Exception as erreur:  # noqa: BLE001 - le module peut être en chantier
        lignes.append(Ligne("widgets", "relation_client.widgets", remarque=f"non mesuré : import impossible "
                                                                             f"({type(erreur).__name__}: {erreur})"))
        return
    details["widgets"] = {}
    for nom, fabrique in fabriques:
        if not opts.veut("widgets", nom):
            continue
        dire(f"widget {nom}…")
        try:
            resultats = [mesurer_un_widget(nom, fabrique, opts.changements) for _ in range(1)]
        except Exception as erreur:  # noqa: BLE001
            lignes.append(Ligne("widgets", nom, remarque=f"non mesuré : {type(erreur).__name__}: {erreur}"))
            continue
        r = resultats[0]
        details["widgets"][nom] = r
        m, q95 = mediane(r["durees"]), p95(r["durees"])
        cibles = [(f"médiane < {fr(CIBLE_WIDGET_MEDIANE, 0)} ms", m < CIBLE_WIDGET_MEDIANE),
                  (f"p95 < {fr(CIBLE_WIDGET_P95, 0)} ms", q95 < CIBLE_WIDGET_P95)]
        remarque = (f"{len(r['durees'])} changements, contrôles à tour de rôle : {', '.join(r['controles'])} ; "
                    f"construction {ms(r['construction'])}")
        if r["refus"]:
            remarque += f" ; {r['refus']} réglage(s) refusé(s)"
        if r["plancher"] is not None:
            q = m / r["plancher"]
            cibles.append((f"< {fr(CIBLE_WIDGET_RAPPORT, 1)}× plancher", q < CIBLE_WIDGET_RAPPORT))
            lignes.append(Ligne("widgets", nom, f"{ms(m)} (p95 {ms(q95)})",
                                f"PNG seul de la même figure {ms(r['plancher'])}", rapport(q), cibles, remarque))
        else:
            lignes.append(Ligne("widgets", nom, f"{ms(m)} (p95 {ms(q95)})", "— (pas de figure)", "—",
                                cibles, remarque.replace("contrôles à tour de rôle : boutons",
                                                         "clics sur les boutons de réponse")))


# --------------------------------------------------------------------------- segmentation

def transactions_synthetiques(n: int = 1_000_000, clients: int = 100_000, graine: int = 2026):
    """``n`` transactions seedées : identifiants texte (comme les CSV du cours), dates sur 3 ans,
    montants log-normaux, fréquence d'achat très inégale entre clients (comme dans la réalité)."""
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(graine)
    poids = rng.pareto(1.5, clients) + 1.0
    poids /= poids.sum()
    idx = rng.choice(clients, size=n, p=poids)
    ids = np.char.add("C", np.char.zfill(idx.astype(str), 6))
    debut = np.datetime64("2022-01-01")
    jours = rng.integers(0, 3 * 365, n)
    return pd.DataFrame({
        "client_id": pd.array(ids, dtype="str"),
        "date_achat": (debut + jours.astype("timedelta64[D]")).astype("datetime64[ns]"),
        "montant_ttc": np.round(rng.lognormal(3.6, 0.7, n), 2),
    })


def mesurer_segmentation(opts: Options, lignes: list[Ligne], details: dict) -> None:
    import gc

    if not opts.veut("segmentation", "scores_rfm part_pareto cohortes_retention"):
        return
    from relation_client.segmentation import cohortes_retention, part_pareto, scores_rfm

    dire("segmentation : 1 000 000 transactions synthétiques…")
    tx = transactions_synthetiques()
    reference = "2025-01-01"

    def plancher():
        return tx.groupby("client_id").agg(derniere=("date_achat", "max"), frequence=("date_achat", "size"),
                                           montant=("montant_ttc", "sum"))

    def chaine():
        t0 = time.perf_counter()
        rfm = scores_rfm(tx, reference)
        t1 = time.perf_counter()
        # Pareto sur le montant par client que la RFM vient de calculer (pas de second groupby).
        part = part_pareto(rfm["montant"], 0.2)
        t2 = time.perf_counter()
        cohortes = cohortes_retention(tx)
        t3 = time.perf_counter()
        return (t1 - t0, t2 - t1, t3 - t2), (len(rfm), part, cohortes.shape)

    planchers, totaux, parties = [], [], []
    chaine()  # à blanc (imports paresseux, caches)
    plancher()
    for _ in range(max(3, opts.repetitions)):
        gc.collect()
        t = time.perf_counter()
        plancher()
        planchers.append(time.perf_counter() - t)
        gc.collect()
        (a, b, c), controle = chaine()
        totaux.append(a + b + c)
        parties.append((a, b, c))
    t = time.perf_counter()
    part_pareto(tx.groupby("client_id")["montant_ttc"].sum(), 0.2)
    pareto_groupby = time.perf_counter() - t
    m, f = mediane(totaux), mediane(planchers)
    q = m / f
    rfm_s, pareto_s, coh_s = (mediane([p[i] for p in parties]) for i in range(3))
    n_clients, part, forme = controle
    details["segmentation"] = {"total": m, "plancher": f, "parties": (rfm_s, pareto_s, coh_s)}
    lignes.append(Ligne(
        "segmentation", "scores_rfm + part_pareto + cohortes_retention (1 000 000 transactions)",
        secondes(m), f"un seul groupby().agg() {secondes(f)}", rapport(q),
        [(f"< {fr(CIBLE_SEGMENTATION_S, 0)} s", m < CIBLE_SEGMENTATION_S),
         (f"< {fr(CIBLE_SEGMENTATION_RAPPORT, 0)}× plancher", q < CIBLE_SEGMENTATION_RAPPORT)],
        f"RFM {secondes(rfm_s)} · Pareto {secondes(pareto_s)} · cohortes {secondes(coh_s)} ; "
        f"{fr(n_clients, 0)} clients, part des 20 % = {fr(100 * part, 1)} %, cohortes {forme[0]}×{forme[1]} ; "
        f"médiane de {len(totaux)} ; Pareto depuis un groupby().sum() à part : {secondes(pareto_groupby)}"))


# --------------------------------------------------------------------------- CDNOW (leçon 07)

def mesurer_cdnow(opts: Options, lignes: list[Ligne], details: dict) -> None:
    """Résumé par client et ajustement BG/NBD (leçon 07) sur un volume de la taille de CDNOW master.

    Le dépôt garde l'échantillon publié (2 357 clients) : recopié dix fois avec d'autres identifiants,
    il donne ≈ 69 000 transactions de 23 570 clients, le volume du fichier complet. Plancher : un seul
    groupby().agg() qui calcule les mêmes quantités brutes (premier et dernier achat, nombre, somme).
    """
    quoi = "prediction.resume_par_client + ajuster_bgnbd (≈ 69 000 transactions, 23 570 clients)"
    if not opts.veut("cdnow", quoi):
        return
    import gc

    import pandas as pd

    from relation_client.donnees import charger
    from relation_client.prediction import ajuster_bgnbd, resume_par_client

    echantillon = charger("cdnow")
    tx = pd.concat([echantillon.assign(client_id=echantillon["client_id"] + k * 10_000) for k in range(10)],
                   ignore_index=True)
    fin = "1997-09-30"

    def plancher():
        return tx.groupby("client_id").agg(premier=("date_achat", "min"), dernier=("date_achat", "max"),
                                           n=("date_achat", "size"), somme=("montant", "sum"))

    resumes, ajustements, planchers = [], [], []
    resume = resume_par_client(tx, fin)  # à blanc
    ajuster_bgnbd(resume)
    for _ in range(max(3, opts.repetitions)):
        gc.collect()
        t = time.perf_counter()
        plancher()
        planchers.append(time.perf_counter() - t)
        t = time.perf_counter()
        resume = resume_par_client(tx, fin)
        resumes.append(time.perf_counter() - t)
        t = time.perf_counter()
        modele = ajuster_bgnbd(resume)
        ajustements.append(time.perf_counter() - t)
    r, a, f = mediane(resumes), mediane(ajustements), mediane(planchers)
    details["cdnow"] = {"resume": r, "ajustement": a, "plancher": f}
    lignes.append(Ligne(
        "cdnow", quoi, secondes(r + a), f"un seul groupby().agg() {secondes(f)}", rapport((r + a) / f),
        [("résumé < 1 s", r < 1.0), ("ajustement < 1 s", a < 1.0)],
        f"résumé {secondes(r)} · ajustement {secondes(a)} ; r = {fr(modele.r, 3)}, "
        f"α = {fr(modele.alpha, 3)}, a = {fr(modele.a, 3)}, b = {fr(modele.b, 3)} ({len(tx)} transactions)"))
    lignes.append(_comparer_lifetimes(tx, fin, r + a, opts))


def _comparer_lifetimes(tx, fin, notre_duree: float, opts: Options) -> Ligne:
    """Même résumé + même ajustement avec lifetimes 0.11.3 (non maintenu), quand il est installé."""
    quoi = "lifetimes : summary_data_from_transaction_data + BetaGeoFitter (mêmes données)"
    try:
        from lifetimes import BetaGeoFitter
        from lifetimes.utils import summary_data_from_transaction_data
    except Exception as erreur:  # noqa: BLE001 - paquet absent ou cassé par une dépendance
        return Ligne("cdnow", quoi, remarque=f"non comparé : lifetimes indisponible ({type(erreur).__name__}) ; "
                                             "`make bench` l'installe avec l'option bench du paquet")
    durees = []
    for _ in range(max(3, opts.repetitions)):
        t = time.perf_counter()
        resume = summary_data_from_transaction_data(tx, "client_id", "date_achat", observation_period_end=fin,
                                                    freq="D")
        resume = resume.assign(recency=resume["recency"] / 7, T=resume["T"] / 7)
        modele = BetaGeoFitter().fit(resume["frequency"], resume["recency"], resume["T"])
        durees.append(time.perf_counter() - t)
    leur = mediane(durees)
    p = modele.params_
    return Ligne("cdnow", quoi, secondes(leur), f"relation_client.prediction {secondes(notre_duree)}",
                 rapport(leur / notre_duree), [],
                 f"rapport = lifetimes ÷ relation_client ; r = {fr(p['r'], 3)}, α = {fr(p['alpha'], 3)}, "
                 f"a = {fr(p['a'], 3)}, b = {fr(p['b'], 3)}")


# --------------------------------------------------------------------------- correction

def _exercice_disponible() -> tuple[str, Path, Path] | None:
    for exo in sorted((RACINE / "exercises").glob("[0-9][0-9]_*.ipynb")):
        sol = RACINE / "solutions" / exo.name
        if sol.exists():
            return exo.name[:2], exo, sol
    return None


def _meta_rc(cellule) -> dict:
    return (cellule.get("metadata") or {}).get("relation_client") or {}


def _source(cellule) -> str:
    s = cellule.get("source", "")
    return s if isinstance(s, str) else "".join(s)


def fabriquer_copies(dossier: Path, exercice: Path, corrige: Path, n: int = 30) -> dict:
    """``n`` copies : un tiers complètes (réponses du corrigé), un tiers à moitié faites, un tiers vierges."""
    exo = json.loads(exercice.read_text(encoding="utf-8"))
    sol = json.loads(corrige.read_text(encoding="utf-8"))
    reponses = {}
    for c in sol["cells"]:
        m = _meta_rc(c)
        if m.get("role") in ("reponse", "reponse_texte"):
            lignes = [l for l in _source(c).split("\n")
                      if l.strip() not in ("### BEGIN SOLUTION", "### END SOLUTION")]
            reponses[m["question"]] = "\n".join(lignes)
    ids = list(reponses)
    genres = {}
    dossier.mkdir(parents=True, exist_ok=True)
    for k in range(n):
        genre = ("complete", "partielle", "vierge")[k % 3]
        remplies = set(ids) if genre == "complete" else set(ids[::2]) if genre == "partielle" else set()
        nb = json.loads(json.dumps(exo))
        for c in nb["cells"]:
            m = _meta_rc(c)
            if m.get("role") in ("reponse", "reponse_texte") and m.get("question") in remplies:
                c["source"] = reponses[m["question"]]
        nom = f"eleve_{k + 1:02d}"
        (dossier / f"{nom}.ipynb").write_text(json.dumps(nb, ensure_ascii=False, indent=1), encoding="utf-8")
        genres[nom] = genre
    return genres


def mesurer_correction(opts: Options, lignes: list[Ligne], details: dict) -> None:
    quoi = "corriger 30 copies en parallèle"
    if not opts.veut("correction", quoi):
        return
    trouve = _exercice_disponible()
    if trouve is None:
        lignes.append(Ligne("correction", quoi, remarque="non mesuré : aucun exercice avec son corrigé"))
        return
    try:
        from relation_client.correction import corriger_dossier
    except Exception as erreur:  # noqa: BLE001
        lignes.append(Ligne("correction", quoi, remarque=f"non mesuré : {type(erreur).__name__}: {erreur}"))
        return
    numero, exercice, corrige = trouve
    coeurs = os.cpu_count() or 1
    with tempfile.TemporaryDirectory(prefix="bench-correction-") as tmp:
        copies = Path(tmp) / "copies"
        genres = fabriquer_copies(copies, exercice, corrige)
        durees = {1: [], None: []}
        tableaux = {}
        repetitions = opts.repetitions_correction
        for r in range(repetitions):
            # Ordre alterné : parallèle puis séquentiel, puis l'inverse.
            for processus in ((None, 1) if r % 2 == 0 else (1, None)):
                libelle = "l'une après l'autre" if processus == 1 else f"en parallèle ({coeurs} processus)"
                dire(f"correction de 30 copies ({exercice.name}) {libelle}…")
                sortie = Path(tmp) / f"sortie_{r}_{processus}"
                t = time.perf_counter()
                tableau = corriger_dossier(copies, numero, sortie, processus=processus, progression=False)
                durees[processus].append(time.perf_counter() - t)
                tableaux[processus] = tableau
                dire(f"  {durees[processus][-1]:.1f} s")
    par, seq = mediane(durees[None]), mediane(durees[1])
    acceleration = seq / par
    details["correction"] = {"parallele": par, "sequentiel": seq}
    remarque = (f"exercice {exercice.name}, 10 complètes / 10 partielles / 10 vierges ; {coeurs} cœur(s) ; "
                f"charge moyenne pendant la mesure {charge_moyenne()}")
    try:
        tab = tableaux[None]
        colonne = next(c for c in tab.columns if str(c).lower().startswith("total"))
        index = tab["eleve"] if "eleve" in tab.columns else tab.index
        totaux = dict(zip(map(str, index), tab[colonne]))
        complets = {totaux.get(n) for n, g in genres.items() if g == "complete"}
        vierges = {totaux.get(n) for n, g in genres.items() if g == "vierge"}
        remarque += f" ; totaux : complètes {sorted(complets)}, vierges {sorted(vierges)}"
        autre = tableaux[1]
        differentes = [c for c in tab.columns if c != "remarque" and not tab[c].equals(autre[c])]
        if differentes:
            remarque += (" ; ATTENTION : parallèle et séquentiel diffèrent (colonnes "
                         + ", ".join(map(str, differentes)) + ")")
    except (StopIteration, KeyError, TypeError):
        pass
    lignes.append(Ligne("correction", quoi, secondes(par), f"l'une après l'autre {secondes(seq)}",
                        f"{fr(acceleration, 2)}× plus rapide",
                        [(f"≥ {fr(CIBLE_CORRECTION, 1)}× plus rapide", acceleration >= CIBLE_CORRECTION)],
                        remarque + f" ; médiane de {len(durees[None])}"))


# --------------------------------------------------------------------------- nbgrader contre corriger

CIBLE_NBGRADER = 0.5  # relation-client corriger ≤ 0,5 × le temps de nbgrader autograde (issue 11)


class SondeMemoire:
    """Relève la mémoire résidente (RSS, /proc) des noyaux Jupyter lancés sous ce processus.

    Un fil relève toutes les ``periode`` secondes chaque descendant dont la ligne de commande
    contient « ipykernel » : pic de RSS par noyau, et pic de la somme des noyaux vivants.
    Linux seulement (sans /proc, rien n'est relevé).
    """

    def __init__(self, periode: float = 0.1):
        import threading

        self.periode = periode
        self.pics: dict[int, int] = {}  # pid du noyau → pic de RSS (octets)
        self.pic_total = 0
        self._fin = threading.Event()
        self._fil = threading.Thread(target=self._boucle, daemon=True)

    @staticmethod
    def _processus() -> dict[int, int]:
        parents = {}
        for entree in os.scandir("/proc"):
            if entree.name.isdigit():
                try:
                    with open(f"/proc/{entree.name}/stat", encoding="utf-8") as f:
                        champs = f.read().rsplit(")", 1)[1].split()
                    parents[int(entree.name)] = int(champs[1])
                except (OSError, IndexError, ValueError):
                    continue
        return parents

    def _releve(self) -> None:
        parents = self._processus()
        moi = os.getpid()
        total = 0
        for pid in parents:
            ancetre, profondeur = parents.get(pid), 0
            while ancetre not in (None, 0, 1, moi) and profondeur < 50:
                ancetre, profondeur = parents.get(ancetre), profondeur + 1
            if ancetre != moi:
                continue
            try:
                with open(f"/proc/{pid}/cmdline", "rb") as f:
                    if b"ipykernel" not in f.read():
                        continue
                with open(f"/proc/{pid}/status", encoding="utf-8") as f:
                    rss = next(int(l.split()[1]) * 1024 for l in f if l.startswith("VmRSS:"))
            except (OSError, StopIteration, ValueError):
                continue
            self.pics[pid] = max(self.pics.get(pid, 0), rss)
            total += rss
        self.pic_total = max(self.pic_total, total)

    def _boucle(self) -> None:
        while not self._fin.wait(self.periode):
            self._releve()

    def __enter__(self):
        if Path("/proc/self/stat").exists():
            self._fil.start()
        return self

    def __exit__(self, *exc):
        self._fin.set()
        if self._fil.is_alive():
            self._fil.join()

    def resume(self) -> str:
        if not self.pics:
            return "mémoire non relevée"
        pics = sorted(self.pics.values())
        mo = lambda o: fr(o / 2**20, 0) + " Mo"  # noqa: E731
        return (f"{len(pics)} noyaux, RSS par noyau médiane {mo(mediane(pics))}, max {mo(pics[-1])} ; "
                f"tous noyaux ensemble au plus {mo(self.pic_total)}")


def _cours_nbgrader(cours: Path, devoir: str, corrige: Path, copies: Path) -> None:
    """Un cours nbgrader : le corrigé en source, les copies en submitted/<élève>/<devoir>/."""
    from relation_client.exercices import PLACEHOLDER
    from relation_client.verification import TEXTE_A_COMPLETER

    (cours / "source" / devoir).mkdir(parents=True)
    shutil.copy2(corrige, cours / "source" / devoir / corrige.name)
    (cours / "nbgrader_config.py").write_text(
        "c = get_config()\n"
        f"c.CourseDirectory.root = {str(cours)!r}\n"
        f"c.ClearSolutions.code_stub = {{'python': {PLACEHOLDER!r}}}\n"
        f"c.ClearSolutions.text_stub = {TEXTE_A_COMPLETER!r}\n", encoding="utf-8")
    for copie in sorted(copies.glob("*.ipynb")):
        cible = cours / "submitted" / copie.stem / devoir / corrige.name
        cible.parent.mkdir(parents=True)
        shutil.copy2(copie, cible)


def _nbgrader(args, cours: Path) -> str:
    env = dict(os.environ, PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}")
    r = subprocess.run([sys.executable, "-m", "nbgrader", *args], cwd=cours, env=env,
                       capture_output=True, text=True, timeout=3600)
    if r.returncode != 0:
        raise RuntimeError(f"nbgrader {args[0]} : code {r.returncode} : {(r.stdout + r.stderr)[-500:]}")
    return r.stdout + r.stderr


def mesurer_nbgrader(opts: Options, lignes: list[Ligne], details: dict) -> None:
    """nbgrader autograde contre relation-client corriger : mêmes 30 copies, même exécution."""
    quoi = "relation-client corriger ÷ nbgrader autograde (30 copies)"
    if not opts.veut("correction", quoi):
        return
    trouve = _exercice_disponible()
    try:
        import nbgrader  # noqa: F401
        from relation_client.correction import corriger_dossier
    except Exception as erreur:  # noqa: BLE001
        lignes.append(Ligne("correction", quoi, remarque=f"non mesuré : {type(erreur).__name__}: {erreur} "
                                                         "(nbgrader est dans les outils de test)"))
        return
    if trouve is None:
        lignes.append(Ligne("correction", quoi, remarque="non mesuré : aucun exercice avec son corrigé"))
        return
    numero, exercice, corrige = trouve
    devoir = f"ex{numero}"
    durees = {"nbgrader": [], "corriger": []}
    sondes = {}
    with tempfile.TemporaryDirectory(prefix="bench-nbgrader-") as tmp:
        copies = Path(tmp) / "copies"
        genres = fabriquer_copies(copies, exercice, corrige)
        cours = Path(tmp) / "cours"
        _cours_nbgrader(cours, devoir, corrige, copies)
        dire("nbgrader generate_assignment…")
        _nbgrader(["generate_assignment", devoir, "--create", "--force"], cours)
        journal = ""
        for r in range(opts.repetitions_correction):
            for qui in (("nbgrader", "corriger") if r % 2 == 0 else ("corriger", "nbgrader")):
                dire(f"{'nbgrader autograde' if qui == 'nbgrader' else 'relation-client corriger'} "
                     f"de 30 copies ({exercice.name})…")
                with SondeMemoire() as sonde:
                    t = time.perf_counter()
                    if qui == "nbgrader":
                        journal = _nbgrader(["autograde", devoir, "--create", "--force"], cours)
                    else:
                        tableau = corriger_dossier(copies, numero, Path(tmp) / f"sortie_{r}", progression=False,
                                                   parcours="tous")
                    durees[qui].append(time.perf_counter() - t)
                sondes[qui] = sonde
                dire(f"  {durees[qui][-1]:.1f} s ; {sonde.resume()}")
        from nbgrader.api import Gradebook

        with Gradebook(f"sqlite:///{cours / 'gradebook.db'}") as carnet:
            scores_nbgrader = {e: carnet.find_submission(devoir, e).score for e in genres}
    nbg, nous = mediane(durees["nbgrader"]), mediane(durees["corriger"])
    rapport_temps = nous / nbg
    totaux = dict(zip(tableau["eleve"].astype(str), tableau["total"]))
    ecarts = [e for e in genres if abs(float(totaux[e]) - float(scores_nbgrader[e])) > 1e-9]
    avertissements = journal.count("has changed")
    details["nbgrader"] = {"nbgrader": nbg, "corriger": nous, "rapport": rapport_temps}
    remarque = (f"exercice {exercice.name}, 10 complètes / 10 partielles / 10 vierges ; corriger : "
                f"{os.cpu_count()} processus ; nbgrader : une copie après l'autre ; "
                f"notes identiques copie par copie : {'oui' if not ecarts else 'NON (' + ', '.join(ecarts) + ')'} ; "
                f"avertissements « checksum has changed » de nbgrader : {avertissements} ; "
                f"mémoire pendant corriger : {sondes['corriger'].resume()} ; "
                f"pendant nbgrader : {sondes['nbgrader'].resume()} ; charge moyenne {charge_moyenne()} ; "
                f"médiane de {len(durees['corriger'])}")
    lignes.append(Ligne("correction", quoi, secondes(nous), f"nbgrader autograde {secondes(nbg)}",
                        f"{fr(rapport_temps, 2)}×",
                        [(f"≤ {fr(CIBLE_NBGRADER, 1)}× le temps de nbgrader", rapport_temps <= CIBLE_NBGRADER)],
                        remarque))


# --------------------------------------------------------------------------- make test

def mesurer_make_test(opts: Options, lignes: list[Ligne], details: dict) -> None:
    quoi = "`make test` depuis un clone propre"
    if not opts.avec_make_test:
        lignes.append(Ligne("make-test", quoi, remarque="non mesuré (--avec-make-test)"))
        return
    with tempfile.TemporaryDirectory(prefix="bench-clone-") as tmp:
        clone = Path(tmp) / "clone"
        subprocess.run(["git", "clone", "--quiet", str(RACINE), str(clone)], check=True)
        dire("make test dans un clone propre (long)…")
        t = time.perf_counter()
        fin = subprocess.run(["make", "test"], cwd=clone, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                             text=True)
        duree = time.perf_counter() - t
    remarque = "dernier commit seulement (les fichiers non commités ne sont pas dans le clone)"
    if fin.returncode:
        remarque += f" ; ÉCHEC (code {fin.returncode}) : {fin.stderr.strip().splitlines()[-1:]}"
    lignes.append(Ligne("make-test", quoi, secondes(duree), "—", "—", [], remarque))


# --------------------------------------------------------------------------- profils

def profiler(opts: Options, details: dict) -> list[str]:
    """Profile la leçon la plus lente (rapport au plancher) et le widget le plus lent (médiane)."""
    sys.path.insert(0, str(BENCH))
    import profiler as P  # bench/profiler.py

    DOSSIER_PROFILS.mkdir(exist_ok=True)
    texte = []
    durees = details.get("durees_notebooks") or {}
    lecons = {n: d for n, d in durees.items() if n.startswith("notebooks/")}
    if lecons:
        nom = max(lecons, key=lecons.get)
        dire(f"profil de la leçon {nom}…")
        chemin = RACINE / nom
        fichier, resume = P.profiler_notebook(chemin, DOSSIER_PROFILS)
        texte += [f"### Leçon la plus lente : `{nom}` ({secondes(lecons[nom])})", "",
                  f"Profil complet : `{fichier.relative_to(RACINE)}`", "", *resume, ""]
    widgets_ = details.get("widgets") or {}
    candidats = {n: mediane(r["durees"]) for n, r in widgets_.items() if r.get("plancher") is not None}
    if candidats:
        nom = max(candidats, key=candidats.get)
        dire(f"profil du widget {nom}…")
        fichier, resume = P.profiler_widget(nom, DOSSIER_PROFILS, opts.changements)
        texte += [f"### Widget le plus lent : `{nom}` ({ms(candidats[nom])} de médiane)", "",
                  f"Profil complet : `{fichier.relative_to(RACINE)}`", "", *resume, ""]
    return texte


# --------------------------------------------------------------------------- tableau

def tableau_markdown(lignes: list[Ligne]) -> str:
    entete = ["Mesure", "Résultat (médiane)", "Référence (même exécution)", "Rapport", "Cible", "Atteinte",
              "Remarque"]
    sortie = ["| " + " | ".join(entete) + " |", "|" + "|".join("---" for _ in entete) + "|"]
    for l in lignes:
        cellules = [l.quoi, l.resultat, l.reference, l.rapport, l.cible, l.atteinte, l.remarque or ""]
        sortie.append("| " + " | ".join(c.replace("|", "\\|") for c in cellules) + " |")
    return "\n".join(sortie)


def versions() -> dict:
    import importlib.metadata as md

    v = {"Python": platform.python_version()}
    for paquet in ("pandas", "numpy", "matplotlib", "ipywidgets", "nbclient", "ipykernel"):
        try:
            v[paquet] = md.version(paquet)
        except md.PackageNotFoundError:
            v[paquet] = "absent"
    return v


def ecrire_resultats(lignes, debut_horloge, duree, opts, charge_debut, profils, argv, cellules=None) -> str:
    v = versions()
    atteintes = sum(1 for l in lignes if l.atteinte == OUI)
    manquees = sum(1 for l in lignes if l.atteinte == NON)
    entete = [
        "# Mesures de performance (`make bench`)", "",
        f"- Date : {debut_horloge:%Y-%m-%d %H:%M} UTC ; durée de la mesure : {fr(duree / 60, 1)} min",
        f"- Machine : {os.cpu_count()} cœur(s) logique(s), {platform.machine()}, {platform.system()} "
        f"{platform.release()}",
        f"- Charge moyenne (1/5/15 min) au début : {charge_debut} ; à la fin : {charge_moyenne()} "
        "(d'autres programmes tournaient-ils ? une charge > nombre de cœurs fausse les mesures)",
        "- Versions : " + ", ".join(f"{k} {x}" for k, x in v.items()),
        f"- Commande : `python bench/mesurer.py {' '.join(argv)}`".rstrip() + f" ; {opts.repetitions} répétition(s) "
        f"par notebook, {opts.changements} changements par widget",
        f"- Bilan : {atteintes} cible(s) atteinte(s) {OUI}, {manquees} manquée(s) {NON}", "",
    ]
    corps = tableau_markdown(lignes)
    texte = "\n".join(entete) + "\n" + corps + "\n"
    if cellules:
        texte += ("\n## Cellules les plus lentes (dernière exécution de chaque notebook)\n\n"
                  "| notebook | cellules (indice : durée, première ligne) |\n|---|---|\n")
        for nom, liste in cellules.items():
            morceaux = [f"{i} : {fr(d)} s `{t.replace('|', '¦').replace('`', '')}`" for d, i, t in liste[:3]]
            texte += f"| {nom} | {' ; '.join(morceaux)} |\n"
    if profils:
        texte += "\n## Profils\n\n" + "\n".join(profils) + "\n"
    RESULTATS.write_text(texte, encoding="utf-8")
    return corps


def analyser_arguments(argv):
    p = argparse.ArgumentParser(description="Mesures de performance du cours (issue 6) : un tableau, "
                                            "écrit aussi dans bench/resultats.md.")
    p.add_argument("--rapide", action="store_true", help="une seule répétition par notebook (au lieu de 3)")
    p.add_argument("--repetitions", type=int, default=None, help="répétitions par notebook (défaut : 3)")
    p.add_argument("--seulement", default=None,
                   help="lignes à mesurer, séparées par des virgules : groupes (" + ", ".join(GROUPES) +
                        ") ou morceaux de nom (05_kpi, simulateur_budget…)")
    p.add_argument("--avec-make-test", action="store_true", help="mesurer aussi `make test` depuis un clone propre")
    p.add_argument("--profiler", action="store_true",
                   help="profiler la leçon et le widget les plus lents (pyinstrument), dans bench/resultats/")
    p.add_argument("--changements", type=int, default=60, help="changements par widget (au moins 50)")
    p.add_argument("--repetitions-correction", type=int, default=1,
                   help="répétitions de la correction des 30 copies (défaut : 1, car ≈ 2,5 min par répétition)")
    a = p.parse_args(argv)
    repetitions = a.repetitions or (1 if a.rapide else 3)
    seulement = [x.strip() for x in a.seulement.split(",") if x.strip()] if a.seulement else None
    if seulement and "make-test" in seulement:
        a.avec_make_test = True
    return Options(max(1, repetitions), seulement, a.avec_make_test, a.profiler, max(50, a.changements),
                   max(1, a.repetitions_correction))


def main(argv=None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    opts = analyser_arguments(argv)
    os.environ.setdefault("PYTHONHASHSEED", "0")
    os.environ.setdefault("MPLBACKEND", "agg")
    debut_horloge = dt.datetime.now(dt.timezone.utc)
    charge_debut = charge_moyenne()
    debut = time.perf_counter()
    lignes: list[Ligne] = []
    details: dict = {}
    for groupe, mesure in (("notebooks", mesurer_notebooks), ("widgets", mesurer_widgets),
                           ("segmentation", mesurer_segmentation), ("cdnow", mesurer_cdnow),
                           ("correction", mesurer_correction), ("correction", mesurer_nbgrader),
                           ("make-test", mesurer_make_test)):
        if opts.concerne(groupe):
            mesure(opts, lignes, details)
    profils = profiler(opts, details) if opts.profiler else []
    duree = time.perf_counter() - debut
    corps = ecrire_resultats(lignes, debut_horloge, duree, opts, charge_debut, profils, argv,
                             details.get("cellules"))
    print(corps)
    print(f"\n{os.cpu_count()} cœur(s) ; Python {platform.python_version()} ; durée {fr(duree / 60, 1)} min ; "
          f"écrit dans {RESULTATS.relative_to(RACINE)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
