"""Correction automatique d'une classe : ``relation-client corriger``.

Chaque copie (un notebook ``.ipynb`` par élève) est exécutée dans un noyau neuf, sur une copie
temporaire, dans un processus de correction que l'on peut arrêter à tout moment : une boucle
infinie, un ``os._exit``, un noyau qui meurt ou une allocation démesurée n'arrêtent que cette copie.

Principe (détails dans ``docs/correction.md``) :

1. Lecture de la copie dans le processus principal : empreinte SHA-256 du fichier (avant et après,
   la copie rendue n'est jamais modifiée), JSON valide ?, bon exercice ? (identifiants des
   questions lus dans les métadonnées ``relation_client`` ou dans les appels ``verifier("2.3", …)``).
2. Instrumentation d'une copie en mémoire : chaque cellule de vérification de l'élève est remplacée
   par une cellule de *capture*, et une capture est ajoutée après chaque cellule de réponse. Une
   capture sérialise en JSON la valeur de ``reponse`` (nombres, textes, listes, dictionnaires,
   Series, DataFrame…, et sinon sa représentation texte marquée comme telle) et la publie comme
   sortie du noyau. Ce que la copie affichait (« Juste » ou « Pas encore ») ne compte pas.
3. Exécution dans un processus de correction (un par cœur) : noyau Jupyter neuf (nbclient), dossier
   de travail temporaire, délai par cellule, limite de mémoire héritée par le noyau.
4. Notation dans le processus principal, avec la clé de correction du paquet
   (``relation_client.verification.evaluer``) appliquée aux valeurs reçues : jamais avec ce que le
   notebook a affiché, et sans jamais désérialiser un objet Python de l'élève (pas de pickle).
5. Écriture de ``notes.csv``, d'un retour par élève (``retours/<élève>.md``) et du bilan de la classe
   (``bilan.html``, voir :mod:`relation_client.bilan`).

Avant toute exécution, le code de la copie est analysé (:mod:`relation_client.acces_corrige`) :
une copie qui lit la clé de correction reçoit 0 aux questions concernées et le statut
« à vérifier : accès au corrigé », la cellule en cause étant citée dans son retour.
"""

from __future__ import annotations

import argparse
import csv
import datetime as _dt
import hashlib
import json
import math
import os
import re
import shutil
import signal
import sys
import tempfile
import time
import unicodedata
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["corriger_dossier", "lire_copie", "instrumenter", "ajouter_arguments", "executer",
           "STATUTS", "ObjetNonTransmis"]

# Statuts d'une copie (colonne « statut » de notes.csv).
OK = "ok"
PARTIEL = "partiel"
DELAI = "délai dépassé"
NOYAU_ARRETE = "noyau arrêté"
INVALIDE = "notebook invalide"
MAUVAIS_EXERCICE = "mauvais exercice"
ACCES_CORRIGE = "à vérifier : accès au corrigé"  # la copie lit la clé (relation_client.acces_corrige)
STATUTS = (OK, PARTIEL, DELAI, NOYAU_ARRETE, INVALIDE, MAUVAIS_EXERCICE, ACCES_CORRIGE)

# Parcours (métadonnées « parcours » des questions) et choix de la note (option --parcours).
ESSENTIEL = "essentiel"
APPROFONDISSEMENT = "approfondissement"
TOUS = "tous"
CHOIX_PARCOURS = (ESSENTIEL, TOUS)

# Libellés des statuts de question (retours et remarques).
LIBELLES_QUESTION = {
    "juste": "Juste",
    "faux": "Pas encore (faux)",
    "a_completer": "à compléter",
    "invalide": "Pas encore (réponse d'un genre inattendu)",
    "inconnue": "question inconnue",
    "manuel": "à corriger par l'enseignant",
    "erreur": "Erreur à l'exécution",
    "indisponible": "Correction indisponible (panne côté enseignant)",
    "non_atteinte": "non atteinte",
    "acces_corrige": "À vérifier : accès au corrigé (0 point)",
}

TYPE_MIME = "application/vnd.relation-client.capture+json"
TEXTE_ORIGINE_REPONSE = "*Écrivez votre réponse ici.*"
MEMOIRE_DEFAUT_GO = 3.0
_LIMITE_ELEMENTS = 300_000  # au-delà, une réponse est transmise comme texte (trop volumineuse)
_MOTIF_VERIFIER = re.compile(
    r"""^(?P<indent>[ \t]*)verifier\(\s*(?P<q>['"])(?P<id>\d+\.\d+)(?P=q)\s*,.*\)\s*(?:#.*)?$""")
_MOTIF_ID_VERIFIER = re.compile(r"""verifier\(\s*['"](\d+\.\d+)['"]""")
_MOTIF_COMMENTAIRE = re.compile(r"^\s*#\s*Question\s+(\d+\.\d+)\b", re.IGNORECASE)


# ---------------------------------------------------------------------------------------------
# Capture de la réponse (code exécuté DANS le noyau de l'élève)
# ---------------------------------------------------------------------------------------------

def _encoder(valeur, profondeur=0, budget=None):
    """Traduit une valeur Python en structure JSON marquée par son type (jamais de pickle)."""
    import numbers

    if budget is None:
        budget = [_LIMITE_ELEMENTS]
    budget[0] -= 1
    if budget[0] < 0 or profondeur > 30:
        return {"t": "repr", "classe": type(valeur).__name__,
                "v": "(réponse trop volumineuse ou trop imbriquée pour être transmise)"}
    pd = sys.modules.get("pandas")
    np = sys.modules.get("numpy")
    if valeur is None:
        return {"t": "none"}
    if valeur is Ellipsis:
        return {"t": "ellipsis"}
    if isinstance(valeur, bool) or (np is not None and isinstance(valeur, np.bool_)):
        return {"t": "bool", "v": bool(valeur)}
    if isinstance(valeur, numbers.Integral):
        return {"t": "int", "v": str(int(valeur))}
    if isinstance(valeur, numbers.Real):
        return {"t": "float", "v": repr(float(valeur))}
    if isinstance(valeur, str):
        return {"t": "str", "v": valeur}
    if pd is not None:
        if isinstance(valeur, pd.DataFrame):
            budget[0] -= valeur.size
            if budget[0] < 0:
                return _encoder(object(), profondeur, budget)
            return {"t": "df",
                    "colonnes": [_encoder(c, profondeur + 1, budget) for c in valeur.columns],
                    "index": [_encoder(i, profondeur + 1, budget) for i in valeur.index],
                    "nom_index": _encoder(valeur.index.name, profondeur + 1, budget),
                    "type_index": str(valeur.index.dtype), "types": [str(d) for d in valeur.dtypes],
                    "lignes": [[_encoder(x, profondeur + 1, budget) for x in ligne]
                               for ligne in valeur.itertuples(index=False, name=None)]}
        if isinstance(valeur, pd.Series):
            budget[0] -= valeur.size
            if budget[0] < 0:
                return _encoder(object(), profondeur, budget)
            return {"t": "serie", "nom": _encoder(valeur.name, profondeur + 1, budget),
                    "index": [_encoder(i, profondeur + 1, budget) for i in valeur.index],
                    "nom_index": _encoder(valeur.index.name, profondeur + 1, budget),
                    "type_index": str(valeur.index.dtype), "type": str(valeur.dtype),
                    "valeurs": [_encoder(x, profondeur + 1, budget) for x in valeur.tolist()]}
        if isinstance(valeur, pd.Index):
            return {"t": "list", "v": [_encoder(x, profondeur + 1, budget) for x in valeur.tolist()]}
        if valeur is pd.NaT:
            return {"t": "nat"}
        if valeur is pd.NA:
            return {"t": "na"}
        if isinstance(valeur, pd.Timestamp):
            return {"t": "date", "v": valeur.isoformat()}
    if np is not None:
        if isinstance(valeur, np.ndarray):
            budget[0] -= valeur.size
            if budget[0] < 0:
                return _encoder(object(), profondeur, budget)
            return {"t": "ndarray", "type": str(valeur.dtype),
                    "v": _encoder(valeur.tolist(), profondeur + 1, budget)}
        if isinstance(valeur, np.generic):
            return _encoder(valeur.item(), profondeur + 1, budget)
    if isinstance(valeur, (_dt.datetime, _dt.date)):
        return {"t": "date", "v": valeur.isoformat()}
    if isinstance(valeur, (list, tuple, set, frozenset)):
        genre = {list: "list", tuple: "tuple"}.get(type(valeur), "set")
        elements = list(valeur)
        budget[0] -= len(elements)
        if budget[0] < 0:
            return _encoder(object(), profondeur, budget)
        return {"t": genre, "v": [_encoder(x, profondeur + 1, budget) for x in elements]}
    if isinstance(valeur, dict):
        return {"t": "dict", "v": [[_encoder(k, profondeur + 1, budget), _encoder(v, profondeur + 1, budget)]
                                   for k, v in list(valeur.items())]}
    try:
        texte = repr(valeur)
    except BaseException:  # noqa: BLE001 — un __repr__ d'élève peut tout faire
        texte = "(représentation impossible)"
    return {"t": "repr", "classe": type(valeur).__name__, "v": texte[:2000]}


def _capturer(question, espace):
    """Publie la valeur de ``reponse`` (espace de noms de l'élève) comme sortie du noyau.

    Appelée par les cellules de capture insérées par le correcteur ; ne lève jamais.
    """
    try:
        if "reponse" not in espace:
            code = {"t": "absente"}
        else:
            try:
                code = _encoder(espace["reponse"])
                json.dumps(code)
            except BaseException as erreur:  # noqa: BLE001
                code = {"t": "repr", "classe": type(espace["reponse"]).__name__,
                        "v": f"(réponse illisible : {type(erreur).__name__})"}
        from IPython.display import publish_display_data
        publish_display_data({TYPE_MIME: {"question": question, "valeur": code}})
    except BaseException:  # noqa: BLE001
        pass


def _ligne_capture(question: str, indent: str = "") -> str:
    return (f'{indent}__import__("relation_client.correction", fromlist=["_capturer"])'
            f'._capturer("{question}", globals())')


class ObjetNonTransmis:
    """Une réponse que le correcteur n'a reçue que sous forme de texte (type non pris en charge)."""

    def __init__(self, classe: str, texte: str):
        self.classe = classe
        self.texte = texte

    def __repr__(self) -> str:
        return self.texte

    __str__ = __repr__


def _decoder(code):
    """Inverse de ``_encoder`` (côté correcteur) : ne construit que des types sûrs."""
    import numpy as np
    import pandas as pd

    t = code.get("t")
    v = code.get("v")
    if t == "none":
        return None
    if t == "ellipsis":
        return Ellipsis
    if t == "bool":
        return bool(v)
    if t == "int":
        return int(v)
    if t == "float":
        return float(v)
    if t == "str":
        return str(v)
    if t == "list":
        return [_decoder(x) for x in v]
    if t == "tuple":
        return tuple(_decoder(x) for x in v)
    if t == "set":
        elements = [_decoder(x) for x in v]
        try:
            return set(elements)
        except TypeError:
            return elements
    if t == "dict":
        resultat = {}
        for k, x in v:
            cle = _decoder(k)
            try:
                resultat[cle] = _decoder(x)
            except TypeError:
                resultat[repr(cle)] = _decoder(x)
        return resultat
    if t == "nat":
        return pd.NaT
    if t == "na":
        return pd.NA
    if t == "date":
        return pd.Timestamp(v)
    if t == "ndarray":
        contenu = _decoder(v)
        try:
            return np.array(contenu, dtype=code.get("type"))
        except (TypeError, ValueError):
            return np.array(contenu, dtype=object)
    if t == "serie":
        index = _index(code)
        serie = pd.Series([_decoder(x) for x in code["valeurs"]], index=index,
                          name=_decoder(code["nom"]))
        return _retyper(serie, code.get("type"))
    if t == "df":
        colonnes = [_decoder(c) for c in code["colonnes"]]
        index = _index(code)
        lignes = [[_decoder(x) for x in ligne] for ligne in code["lignes"]]
        if lignes:
            df = pd.DataFrame(lignes, index=index, columns=pd.Index(colonnes))
        else:
            df = pd.DataFrame(index=index, columns=pd.Index(colonnes))
        for position, type_colonne in enumerate(code.get("types", [])):
            if position < df.shape[1]:
                df.isetitem(position, _retyper(df.iloc[:, position], type_colonne))
        return df
    if t == "absente":
        return _ABSENTE
    return ObjetNonTransmis(str(code.get("classe", "?")), str(v))


def _index(code):
    import pandas as pd

    index = pd.Index([_decoder(i) for i in code["index"]], name=_decoder(code["nom_index"]))
    type_index = code.get("type_index")
    if type_index and type_index != "object" and str(index.dtype) != type_index:
        try:
            index = index.astype(type_index)
        except (TypeError, ValueError):
            pass
    return index


def _retyper(serie, type_texte):
    if not type_texte or type_texte == "object":
        return serie
    try:
        return serie.astype(type_texte)
    except (TypeError, ValueError):
        return serie


_ABSENTE = object()  # la variable ``reponse`` n'existait pas


# ---------------------------------------------------------------------------------------------
# Lecture et préparation d'une copie (processus principal)
# ---------------------------------------------------------------------------------------------

def _meta_rc(cellule) -> dict:
    metadata = cellule.get("metadata")
    if not isinstance(metadata, dict):
        return {}
    meta = metadata.get("relation_client")
    return meta if isinstance(meta, dict) else {}


def _empreinte(chemin: Path) -> str:
    return hashlib.sha256(chemin.read_bytes()).hexdigest()


def _nom_eleve(chemin: Path) -> str:
    return unicodedata.normalize("NFC", chemin.stem)


def _cle_tri(nom: str) -> tuple:
    sans_accents = "".join(c for c in unicodedata.normalize("NFD", nom) if unicodedata.category(c) != "Mn")
    return (sans_accents.casefold(), nom)


@dataclass
class Copie:
    """Une copie lue et préparée : ce qu'il faut pour l'exécuter puis la noter."""

    eleve: str
    chemin: Path
    empreinte: str
    statut: str | None = None          # déjà connu (invalide, mauvais exercice) : pas d'exécution
    remarque: str = ""
    notebook: dict | None = None       # notebook instrumenté, prêt à exécuter
    textes: dict = field(default_factory=dict)     # question → texte rédigé (Markdown)
    trouvees: set = field(default_factory=set)     # identifiants de questions vus dans la copie
    acces: object = None                           # accès au corrigé (acces_corrige.AnalyseCopie)


def lire_copie(chemin, ids_attendus) -> Copie:
    """Lit une copie, reconnaît son exercice et prépare le notebook à exécuter. Ne lève jamais."""
    from relation_client.exercices import source_cellule  # import local : les travailleurs n'en ont pas besoin
    chemin = Path(chemin)
    ids_attendus = list(ids_attendus)
    copie = Copie(eleve=_nom_eleve(chemin), chemin=chemin, empreinte="")
    try:
        brut = chemin.read_bytes()
    except OSError as erreur:
        copie.statut, copie.remarque = INVALIDE, f"fichier illisible ({erreur.strerror or erreur})"
        return copie
    copie.empreinte = hashlib.sha256(brut).hexdigest()
    if not brut.strip():
        copie.statut, copie.remarque = INVALIDE, "fichier vide"
        return copie
    try:
        nb = json.loads(brut.decode("utf-8-sig"))
    except UnicodeDecodeError:
        copie.statut, copie.remarque = INVALIDE, "fichier qui n'est pas du texte UTF-8 (pas un notebook)"
        return copie
    except json.JSONDecodeError as erreur:
        copie.statut = INVALIDE
        copie.remarque = (f"JSON invalide (ligne {erreur.lineno}, colonne {erreur.colno}) : "
                          "le fichier a sans doute été abîmé ou édité hors de Jupyter")
        return copie
    if not isinstance(nb, dict) or not isinstance(nb.get("cells"), list):
        copie.statut, copie.remarque = INVALIDE, "ce fichier JSON n'est pas un notebook Jupyter (pas de liste de cellules)"
        return copie
    if nb.get("nbformat") != 4:
        copie.statut = INVALIDE
        copie.remarque = f"format de notebook {nb.get('nbformat')!r} non pris en charge (4 attendu)"
        return copie
    cellules = [c for c in nb["cells"] if isinstance(c, dict) and c.get("cell_type") in ("code", "markdown", "raw")]

    # Questions présentes dans la copie.
    for cellule in cellules:
        q = _meta_rc(cellule).get("question")
        if isinstance(q, str):
            copie.trouvees.add(q)
        if cellule["cell_type"] == "code":
            copie.trouvees.update(_MOTIF_ID_VERIFIER.findall(source_cellule(cellule)))
    attendus = set(ids_attendus)
    if not copie.trouvees & attendus:
        copie.statut = MAUVAIS_EXERCICE
        exercice = _numero_exercice_des_ids(ids_attendus)
        if copie.trouvees:
            autres = sorted({q.split(".")[0] for q in copie.trouvees})
            copie.remarque = (f"aucune question de l'exercice {exercice} ; questions trouvées : "
                              f"{', '.join(sorted(copie.trouvees, key=_cle_question)[:6])}"
                              f" (exercice {', '.join(a.zfill(2) for a in autres)} ?)")
        else:
            copie.remarque = f"aucune question de l'exercice {exercice} reconnue dans ce notebook"
        return copie

    # Réponses rédigées (Markdown) : recopiées telles quelles pour l'enseignant.
    for cellule in cellules:
        meta = _meta_rc(cellule)
        if meta.get("role") == "reponse_texte" and isinstance(meta.get("question"), str):
            copie.textes[meta["question"]] = source_cellule(cellule).strip()

    copie.acces = _analyser_acces(cellules, ids_attendus)
    copie.notebook = instrumenter(nb, cellules)
    return copie


def _analyser_acces(cellules, ids):
    """Accès au corrigé dans le code de la copie (analyse du source, avant toute exécution)."""
    from relation_client.acces_corrige import analyser_cellules
    from relation_client.exercices import source_cellule

    code, positions = [], []
    for position, cellule in enumerate(cellules, start=1):
        if cellule.get("cell_type") != "code":
            continue
        meta = _meta_rc(cellule)
        if meta.get("role") == "verification":
            continue  # remplacée par une capture : son code n'est jamais exécuté
        source = source_cellule(cellule)
        question = meta.get("question") if meta.get("role") == "reponse" else None
        if question is None and not meta:
            m = _MOTIF_COMMENTAIRE.match(source.split("\n")[0]) if source else None
            question = m.group(1) if m else None
        code.append((question if isinstance(question, str) else None, source))
        positions.append(position)
    try:
        analyse = analyser_cellules(code, ids)
    except Exception:  # noqa: BLE001 - l'analyse ne doit jamais empêcher de corriger
        return None
    if not analyse.trouve:
        return None
    # Rang dans la copie (1 = première cellule du notebook), pour que l'enseignant la retrouve.
    analyse.cellules = [(positions[rang], q, source, acces) for rang, q, source, acces in analyse.cellules]
    return analyse


def _cle_question(q: str):
    try:
        return tuple(int(x) for x in q.split("."))
    except ValueError:
        return (10**9, q)


def _numero_exercice_des_ids(ids) -> str:
    for q in ids:
        return q.split(".")[0].zfill(2)
    return "?"


def _cellule_code(source: str, correction: dict | None = None) -> dict:
    metadata = {"correction": correction} if correction else {}
    return {"cell_type": "code", "execution_count": None, "metadata": metadata,
            "outputs": [], "source": source}


def instrumenter(nb: dict, cellules: list | None = None) -> dict:
    """Notebook à exécuter : les cellules de code de l'élève, sorties effacées, plus les captures.

    - cellule de vérification (rôle ``verification``) : remplacée par une capture ;
    - toute ligne ``verifier("x.y", …)`` d'une autre cellule : remplacée par une capture ;
    - après une cellule de réponse (rôle ``reponse``, ou à défaut une cellule qui commence par
      ``# Question x.y``) : une cellule de capture ajoutée.
    """
    from relation_client.exercices import source_cellule

    if cellules is None:
        cellules = [c for c in nb.get("cells", []) if isinstance(c, dict)]
    sortie = []
    for cellule in cellules:
        if cellule.get("cell_type") != "code":
            continue
        meta = _meta_rc(cellule)
        source = source_cellule(cellule)
        role = meta.get("role")
        question = meta.get("question") if isinstance(meta.get("question"), str) else None
        if role == "verification":
            trouve = _MOTIF_ID_VERIFIER.search(source)
            q = question or (trouve.group(1) if trouve else None)
            if q:
                sortie.append(_cellule_code(_ligne_capture(q), {"type": "capture", "question": q}))
            continue
        lignes = source.split("\n")
        nouvelles = []
        for ligne in lignes:
            m = _MOTIF_VERIFIER.match(ligne)
            nouvelles.append(_ligne_capture(m.group("id"), m.group("indent")) if m else ligne)
        if role != "reponse" or question is None:
            m = _MOTIF_COMMENTAIRE.match(lignes[0]) if lignes else None
            if m and not meta and not any(_MOTIF_VERIFIER.match(x) for x in lignes):
                role, question = "reponse", m.group(1)
        if role == "reponse" and question:
            sortie.append(_cellule_code("\n".join(nouvelles), {"type": "reponse", "question": question}))
            sortie.append(_cellule_code(_ligne_capture(question), {"type": "capture", "question": question}))
        else:
            sortie.append(_cellule_code("\n".join(nouvelles)))
    return {"cells": sortie, "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3",
                                                        "language": "python"}},
            "nbformat": 4, "nbformat_minor": 5}


# ---------------------------------------------------------------------------------------------
# Processus de correction (un par cœur) : exécute les copies dans un noyau neuf
# ---------------------------------------------------------------------------------------------

NOM_NOYAU = "relation-client-correction"
MARQUE_DELAI = "DelaiCelluleDepasse"


def _preparer_travailleur(racine: Path, memoire_octets: int | None) -> dict:
    """Réglages du processus de correction, hérités par chaque noyau qu'il démarre."""
    if memoire_octets:
        try:
            import resource
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
    env = dict(os.environ)
    env.update({"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
                "MPLBACKEND": "Agg", "PYDEVD_DISABLE_FILE_VALIDATION": "1", "PYTHONWARNINGS": "ignore"})
    return env


def _travailleur(fd_evenements: int, racine: str, memoire_octets: int | None, delai_cellule: float) -> None:
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
    env = _preparer_travailleur(Path(racine), memoire_octets)
    import logging
    logging.getLogger("traitlets").setLevel(logging.CRITICAL)
    canal.write(json.dumps({"type": "pret"}) + "\n")
    for ligne in sys.stdin:
        if not ligne.strip():
            continue
        travail = json.loads(ligne)
        def envoyer(evenement):
            canal.write(json.dumps(evenement, ensure_ascii=False) + "\n")
            canal.flush()
        try:
            _executer_notebook(travail, env, delai_cellule, envoyer)
        except BaseException as erreur:  # noqa: BLE001 — le processus doit rester debout
            envoyer({"type": "echec", "message": f"{type(erreur).__name__} : {erreur}"})
        envoyer({"type": "fin"})


def _message_erreur(sortie) -> str:
    nom = sortie.get("ename", "Erreur")
    valeur = str(sortie.get("evalue", "")).strip()
    return f"{nom} : {valeur}" if valeur else nom


def _executer_notebook(travail: dict, env: dict, delai_cellule: float, envoyer) -> None:
    import logging

    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellTimeoutError, DeadKernelError

    dossier = Path(travail["dossier"]) / "travail"
    dossier.mkdir(parents=True, exist_ok=True)
    nb = nbformat.from_dict(travail["notebook"])
    (dossier / travail["nom_fichier"]).write_text(json.dumps(travail["notebook"], ensure_ascii=False),
                                                  encoding="utf-8")
    journal = logging.getLogger("relation_client.correction.nbclient")
    journal.setLevel(logging.CRITICAL)
    derniere_reponse = {}

    def noter_reponse(cell=None, cell_index=None, execute_reply=None, **_):
        derniere_reponse["contenu"] = (execute_reply or {}).get("content", {})

    # Délai dépassé : nbclient interrompt le noyau (comme le bouton ■ de Jupyter) et renvoie une
    # réponse d'erreur marquée, puis l'exécution continue avec la cellule suivante.
    class _Client(NotebookClient):
        """Ne garde que les sorties utiles à la notation : captures et erreurs (une copie qui
        affiche des gigaoctets ne remplit pas la mémoire du correcteur)."""

        def output(self, outs, msg, display_id, cell_index):
            genre = msg.get("msg_type")
            if genre == "error" or (genre == "display_data"
                                    and TYPE_MIME in msg.get("content", {}).get("data", {})):
                return super().output(outs, msg, display_id, cell_index)
            return None

    client = _Client(nb, timeout=delai_cellule, kernel_name=NOM_NOYAU, allow_errors=True,
                     startup_timeout=90, record_timing=False, log=journal,
                     interrupt_on_timeout=True, iopub_timeout=4, shutdown_kernel="immediate",
                     error_on_timeout={"ename": MARQUE_DELAI, "evalue": "", "traceback": []},
                     on_cell_executed=noter_reponse,
                     resources={"metadata": {"path": str(dossier)}})
    envoyer({"type": "debut"})
    erreurs_reponse = set()
    delais_consecutifs = 0
    with client.setup_kernel(env=env):
        pid = getattr(getattr(client.km, "provisioner", None), "pid", None)
        envoyer({"type": "noyau", "pid": pid})
        for indice, cellule in enumerate(nb.cells):
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


# ---------------------------------------------------------------------------------------------
# Ordonnanceur (processus principal) : N processus de correction, délai par copie
# ---------------------------------------------------------------------------------------------

class _Progression:
    """Barre de progression en texte brut sur la sortie d'erreur."""

    def __init__(self, total: int, actif: bool = True, flux=None):
        self.total = total
        self.faites = 0
        self.flux = flux or sys.stderr
        self.actif = actif
        self.interactif = actif and hasattr(self.flux, "isatty") and self.flux.isatty()
        self.debut = time.monotonic()

    def _barre(self) -> str:
        largeur = 24
        plein = int(largeur * self.faites / max(self.total, 1))
        return "[" + "#" * plein + "." * (largeur - plein) + "]"

    def en_cours(self, fichiers: list[str]) -> None:
        if not self.interactif:
            return
        courant = ", ".join(fichiers)
        ligne = f"\rCorrection {self._barre()} {self.faites}/{self.total} — en cours : {courant}"
        largeur = shutil.get_terminal_size((100, 20)).columns
        ligne = ligne[:largeur - 1]
        self.flux.write(ligne.ljust(largeur - 1))
        self.flux.flush()

    def termine(self, fichier: str, statut: str, duree: float) -> None:
        self.faites += 1
        if not self.actif:
            return
        texte = (f"Correction {self._barre()} {self.faites}/{self.total} — {fichier} : {statut} "
                 f"({duree:.1f} s)")
        if self.interactif:
            largeur = shutil.get_terminal_size((100, 20)).columns
            self.flux.write("\r" + " " * (largeur - 1) + "\r")
        self.flux.write(texte + "\n")
        self.flux.flush()


@dataclass
class _Execution:
    """Ce que l'exécution d'une copie a produit (évènements reçus du processus de correction)."""

    evenements: list = field(default_factory=list)
    duree: float = 0.0
    delai_copie_depasse: bool = False
    processus_perdu: bool = False


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


class _Travailleur:
    """Un processus de correction (``python -m relation_client.correction --travailleur``)."""

    def __init__(self, racine: Path, memoire_octets, delai_cellule):
        import subprocess

        lecture, ecriture = os.pipe()
        commande = [sys.executable, "-P", "-m", "relation_client.correction", "--travailleur", str(ecriture),
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


def _executer_copies(copies: list[Copie], processus: int, delai_cellule: float, delai_copie: float,
                     memoire_octets: int | None, progression: _Progression, racine: Path) -> dict:
    """Exécute les copies, ``processus`` à la fois ; renvoie {élève: _Execution}."""
    import select

    resultats = {c.eleve: _Execution() for c in copies}
    file = deque(copies)
    travailleurs: list[_Travailleur] = []
    numero = 0

    def confier(t: _Travailleur) -> None:
        nonlocal numero
        copie = file.popleft()
        numero += 1
        dossier = racine / f"copie_{numero:04d}"
        dossier.mkdir()
        t.copie, t.debut, t.pid_noyau, t.lancement = copie, None, None, time.monotonic()
        t.confier({"notebook": copie.notebook, "dossier": str(dossier), "nom_fichier": copie.chemin.name})

    def finir(t: _Travailleur, nettoyer: bool = False) -> None:
        execution = resultats[t.copie.eleve]
        execution.duree = time.monotonic() - t.lancement
        if nettoyer:
            _tuer_groupe(t.pid_noyau)
        progression.termine(t.copie.chemin.name, _statut_execution(execution), execution.duree)
        t.copie, t.debut = None, None

    try:
        while file or any(t.copie for t in travailleurs):
            for t in travailleurs:
                if t.copie is None and file:
                    confier(t)
            while file and len(travailleurs) < processus:
                t = _Travailleur(racine, memoire_octets, delai_cellule)
                travailleurs.append(t)
                confier(t)
            progression.en_cours([t.copie.chemin.name for t in travailleurs if t.copie])
            occupes = [t for t in travailleurs if t.copie is not None]
            maintenant = time.monotonic()
            echeances = [(t.debut + delai_copie if t.debut is not None else t.lancement + delai_copie + 120)
                         - maintenant for t in occupes]
            attente = max(0.05, min(echeances + [1.0]))
            prets, _, _ = select.select([t.fd for t in occupes], [], [], attente)
            for t in occupes:
                if t.fd not in prets:
                    continue
                evenements = t.lire()
                if evenements is None:
                    # Le processus de correction a disparu (tué par le système, par exemple).
                    resultats[t.copie.eleve].processus_perdu = True
                    finir(t, nettoyer=True)
                    t.arreter(brutal=True)
                    travailleurs.remove(t)
                    continue
                for evenement in evenements:
                    genre = evenement.get("type")
                    if genre == "pret" or t.copie is None:
                        continue
                    if genre == "fin":
                        finir(t)
                        continue
                    resultats[t.copie.eleve].evenements.append(evenement)
                    if genre == "debut":
                        t.debut = time.monotonic()
                    elif genre == "noyau":
                        t.pid_noyau = evenement.get("pid")
            maintenant = time.monotonic()
            for t in list(travailleurs):
                if t.copie is None:
                    continue
                # Délai compté dès le début de l'exécution (le démarrage du processus n'est pas compté,
                # mais il est borné lui aussi).
                limite = t.debut + delai_copie if t.debut is not None else t.lancement + delai_copie + 120
                if maintenant > limite:
                    resultats[t.copie.eleve].delai_copie_depasse = True
                    finir(t, nettoyer=True)
                    t.arreter(brutal=True)
                    travailleurs.remove(t)
    finally:
        for t in travailleurs:
            t.arreter(brutal=t.copie is not None)
    return resultats


def _statut_execution(execution: _Execution) -> str:
    types = [e.get("type") for e in execution.evenements]
    if execution.delai_copie_depasse or "delai_cellule" in types:
        return DELAI
    if execution.processus_perdu or "noyau_arrete" in types or "echec" in types:
        return NOYAU_ARRETE
    if "erreur_cellule" in types or "termine" not in types:
        return PARTIEL
    return OK


# ---------------------------------------------------------------------------------------------
# Notation (processus principal, avec la clé de correction)
# ---------------------------------------------------------------------------------------------

@dataclass
class NoteQuestion:
    question: str
    statut: str            # juste, faux, a_completer, invalide, manuel, erreur, non_atteinte…
    points: float | None   # None : à corriger par l'enseignant
    points_max: float
    message: str
    texte: str | None = None   # réponse rédigée recopiée
    parcours: str = ESSENTIEL  # « essentiel » ou « approfondissement » (Pour aller plus loin)


@dataclass
class CopieNotee:
    """Une copie notée. ``total`` / ``sur`` suivent le parcours compté (``parcours_compte``) :
    le parcours essentiel par défaut, les deux parcours avec ``--parcours tous``."""

    eleve: str
    fichier: str
    statut: str
    remarque: str
    notes: list
    duree: float = 0.0
    parcours_compte: str = ESSENTIEL
    cellules_acces: list = field(default_factory=list)  # cellules qui lisent le corrigé (citées)

    def points_parcours(self, parcours: str) -> tuple[float, float]:
        """(points obtenus, points possibles) des questions auto-corrigées d'un parcours."""
        notes = [n for n in self.notes if n.points is not None and n.parcours == parcours]
        return sum(n.points for n in notes), sum(n.points_max for n in notes)

    def _comptees(self):
        return [n for n in self.notes if n.points is not None
                and (self.parcours_compte == TOUS or n.parcours == ESSENTIEL)]

    @property
    def total(self) -> float:
        return sum(n.points for n in self._comptees())

    @property
    def sur(self) -> float:
        return sum(n.points_max for n in self._comptees())


def _parcours(question) -> str:
    parcours = getattr(question, "parcours", ESSENTIEL)
    return parcours if parcours in (ESSENTIEL, APPROFONDISSEMENT) else ESSENTIEL


def _noter(copie: Copie, execution: _Execution | None, questions, evaluer,
           parcours_compte: str = ESSENTIEL) -> CopieNotee:
    notee = _noter_questions(copie, execution, questions, evaluer)
    parcours = {q.id: _parcours(q) for q in questions}
    for n in notee.notes:
        n.parcours = parcours.get(n.question, ESSENTIEL)
    notee.parcours_compte = parcours_compte
    if copie.statut is None and copie.acces is not None:
        _appliquer_acces(notee, copie.acces)
    return notee


def _appliquer_acces(notee: CopieNotee, analyse) -> None:
    """Une copie qui lit le corrigé : 0 aux questions concernées, statut « à vérifier »."""
    concernees = []
    for n in notee.notes:
        raisons = analyse.questions.get(n.question)
        if not raisons or n.points is None:  # question rédigée : déjà corrigée par l'enseignant
            continue
        concernees.append(n.question)
        n.statut, n.points = "acces_corrige", 0.0
        raison = " ; ".join(dict.fromkeys(raisons))
        n.message = ("À vérifier : accès au corrigé. " + raison[:1].upper() + raison[1:]
                     + ". Réponse notée 0 : l'enseignant vérifie la copie.")
    notee.cellules_acces = list(analyse.cellules)
    execution = "" if notee.statut == OK else f" ; exécution : {notee.statut}"
    remarque = (f"accès au corrigé ({', '.join(concernees) or 'aucune question notée'} : 0 point){execution}")
    notee.remarque = remarque + (" ; " + notee.remarque if notee.remarque else "")
    notee.statut = ACCES_CORRIGE


def _noter_questions(copie: Copie, execution: _Execution | None, questions, evaluer) -> CopieNotee:
    if copie.statut is not None:
        notes = [NoteQuestion(q.id, "non_atteinte", 0.0 if _genre(q) != "texte_libre" else None,
                              float(q.points), "Copie non corrigée : " + copie.remarque + ".")
                 for q in questions]
        return CopieNotee(copie.eleve, copie.chemin.name, copie.statut, copie.remarque, notes)

    execution = execution or _Execution()
    valeurs, erreurs, remarques = {}, {}, []
    dernier_arret = question_arret = None
    for evenement in execution.evenements:
        genre = evenement.get("type")
        q = evenement.get("question")
        if genre == "capture" and isinstance(q, str):
            valeurs[q] = evenement.get("valeur")
            erreurs.pop(q, None)
        elif genre == "erreur_reponse" and isinstance(q, str):
            erreurs[q] = evenement.get("message", "erreur")
            valeurs.pop(q, None)
        elif genre == "delai_cellule":
            dernier_arret = "délai"
            remarques.append(f"une cellule a dépassé le délai ({_ou_question(q)}), elle a été interrompue")
        elif genre == "noyau_arrete":
            dernier_arret = "noyau"
            question_arret = q
            remarques.append(f"le noyau s'est arrêté pendant l'exécution ({_ou_question(q)}) : "
                             "os._exit, plantage ou mémoire épuisée ?")
        elif genre == "abandon":
            remarques.append(evenement.get("message", "exécution abandonnée"))
        elif genre == "echec":
            remarques.append("le noyau n'a pas pu être démarré ou a échoué : " + evenement.get("message", ""))
    erreurs_cellules = [e for e in execution.evenements if e.get("type") == "erreur_cellule"]
    if erreurs_cellules:
        premiere = erreurs_cellules[0]
        remarques.append(f"{len(erreurs_cellules)} cellule(s) en erreur, la première : {premiere['message']}"[:300])
    if execution.delai_copie_depasse:
        remarques.append("copie arrêtée : durée maximale par copie dépassée")
    if execution.processus_perdu:
        remarques.append("le processus de correction de cette copie a été interrompu par le système")
    statut = _statut_execution(execution)
    remarques = list(dict.fromkeys(remarques))

    notes = []
    for q in questions:
        genre_q = _genre(q)
        if genre_q == "texte_libre":
            texte = copie.textes.get(q.id)
            if texte is None:
                notes.append(NoteQuestion(q.id, "a_completer", None, float(q.points),
                                          "Réponse rédigée introuvable dans la copie.", None))
            elif not texte or texte in _textes_origine():
                notes.append(NoteQuestion(q.id, "a_completer", None, float(q.points),
                                          "Réponse rédigée laissée vide.", None))
            else:
                notes.append(NoteQuestion(q.id, "manuel", None, float(q.points),
                                          "Réponse rédigée : à corriger par l'enseignant.", texte))
            continue
        if q.id in erreurs:
            notes.append(NoteQuestion(q.id, "erreur", 0.0, float(q.points),
                                      f"Pas de réponse évaluée : {erreurs[q.id]}."))
            continue
        if q.id not in valeurs:
            raison = {"délai": "l'exécution a été interrompue avant (délai dépassé)",
                      "noyau": "le noyau s'est arrêté avant"}.get(dernier_arret, "cellule non exécutée ou supprimée")
            if execution.delai_copie_depasse:
                raison = "la copie a été arrêtée avant (durée maximale dépassée)"
            elif dernier_arret == "noyau" and question_arret == q.id:
                raison = "le noyau s'est arrêté pendant l'exécution de la cellule de cette question"
            notes.append(NoteQuestion(q.id, "non_atteinte", 0.0, float(q.points),
                                      f"Réponse non atteinte : {raison}."))
            continue
        try:
            valeur = _decoder(valeurs[q.id])
        except Exception as erreur:  # noqa: BLE001
            valeur = ObjetNonTransmis("?", f"(réponse illisible : {type(erreur).__name__})")
        if valeur is _ABSENTE:
            notes.append(NoteQuestion(q.id, "a_completer", 0.0, float(q.points),
                                      "La variable reponse n'existe pas à cet endroit."))
            continue
        try:
            resultat = evaluer(q.id, valeur)
            points = float(resultat.points or 0)
            notes.append(NoteQuestion(q.id, str(resultat.statut), points,
                                      float(resultat.points_max or q.points), str(resultat.message)))
        except Exception as erreur:  # noqa: BLE001 — evaluer ne doit pas lever, mais prudence
            notes.append(NoteQuestion(q.id, "invalide", 0.0, float(q.points),
                                      f"Réponse impossible à évaluer ({type(erreur).__name__})."))
    return CopieNotee(copie.eleve, copie.chemin.name, statut, " ; ".join(remarques), notes, execution.duree)


def _textes_origine() -> set:
    textes = {TEXTE_ORIGINE_REPONSE}
    try:
        from relation_client import verification
        textes.add(str(verification.TEXTE_A_COMPLETER).strip())
    except (ImportError, AttributeError):
        pass
    return textes


def _ou_question(q) -> str:
    return f"question {q}" if q else "hors des questions"


def _genre(question) -> str:
    return str(getattr(question, "genre", "nombre"))


# ---------------------------------------------------------------------------------------------
# Écriture des résultats
# ---------------------------------------------------------------------------------------------

def _nombre_csv(x) -> str:
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return ""
    x = round(float(x), 2)
    if x == int(x):
        return str(int(x))
    return f"{x:g}".replace(".", ",")


def _tableau(copies_notees: list[CopieNotee], questions):
    import pandas as pd

    lignes = []
    for c in sorted(copies_notees, key=lambda c: _cle_tri(c.eleve)):
        ligne = {"eleve": c.eleve}
        for n in c.notes:
            ligne[n.question] = n.points if n.points is not None else float("nan")
        ligne.update(_colonnes_parcours(c))
        ligne.update({"total": c.total, "sur": c.sur, "statut": c.statut, "remarque": c.remarque})
        lignes.append(ligne)
    return pd.DataFrame(lignes, columns=_en_tetes(questions))


COLONNES_PARCOURS = ("essentiel", "sur_essentiel", "approfondissement", "sur_approfondissement")


def _colonnes_parcours(c: CopieNotee) -> dict:
    essentiel, sur_essentiel = c.points_parcours(ESSENTIEL)
    approfondi, sur_approfondi = c.points_parcours(APPROFONDISSEMENT)
    return dict(zip(COLONNES_PARCOURS, (essentiel, sur_essentiel, approfondi, sur_approfondi)))


def _en_tetes(questions) -> list[str]:
    return (["eleve"] + [q.id for q in questions] + list(COLONNES_PARCOURS)
            + ["total", "sur", "statut", "remarque"])


def _chemins_sortie(sortie: Path, ecraser: bool) -> tuple[Path, Path]:
    notes, retours = sortie / "notes.csv", sortie / "retours"
    if ecraser or not (notes.exists() or retours.exists()):
        return notes, retours
    horodatage = _dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    for n in range(1, 1000):
        suffixe = horodatage if n == 1 else f"{horodatage}-{n}"
        notes, retours = sortie / f"notes-{suffixe}.csv", sortie / f"retours-{suffixe}"
        if not notes.exists() and not retours.exists():
            return notes, retours
    raise FileExistsError(f"impossible de trouver un nom libre dans {sortie}")


def _ecrire_notes(chemin: Path, copies_notees, questions) -> None:
    manuelles = {q.id for q in questions if _genre(q) == "texte_libre"}
    with open(chemin, "w", encoding="utf-8-sig", newline="") as f:
        ecrivain = csv.writer(f, delimiter=";", lineterminator="\r\n")
        ecrivain.writerow(_en_tetes(questions))
        for c in sorted(copies_notees, key=lambda c: _cle_tri(c.eleve)):
            points = {n.question: n.points for n in c.notes}
            ecrivain.writerow([c.eleve]
                              + [_nombre_csv(points.get(q.id)) if q.id not in manuelles else ""
                                 for q in questions]
                              + [_nombre_csv(v) for v in _colonnes_parcours(c).values()]
                              + [_nombre_csv(c.total), _nombre_csv(c.sur), c.statut, c.remarque])


def _libelle_note(c: CopieNotee) -> str:
    if c.parcours_compte == TOUS:
        return "parcours essentiel et « Pour aller plus loin »"
    return "parcours essentiel"


def _lignes_parcours(c: CopieNotee) -> list[str]:
    """Détail par parcours quand la copie a des questions « Pour aller plus loin »."""
    approfondi, sur_approfondi = c.points_parcours(APPROFONDISSEMENT)
    if not sur_approfondi:
        return []
    essentiel, sur_essentiel = c.points_parcours(ESSENTIEL)
    compte = ("comptées dans la note" if c.parcours_compte == TOUS
              else "facultatives, non comptées dans la note")
    return [f"Parcours essentiel : {_nombre_csv(essentiel)} / {_nombre_csv(sur_essentiel)} · "
            f"Pour aller plus loin ({compte}) : {_nombre_csv(approfondi)} / {_nombre_csv(sur_approfondi)}", ""]


def _citation(texte: str) -> str:
    return "\n".join("> " + ligne if ligne.strip() else ">" for ligne in texte.splitlines()) or ">"


def _retour_markdown(c: CopieNotee, exercice: str) -> str:
    date = _dt.datetime.now().strftime("%d/%m/%Y à %H:%M")
    lignes = [f"# Retour de correction — {c.eleve}", "",
              f"Exercice {exercice} · fichier `{c.fichier}` · corrigé le {date}", "",
              f"**Note automatique : {_nombre_csv(c.total)} / {_nombre_csv(c.sur)}**"
              f" ({_libelle_note(c)})", "",
              *_lignes_parcours(c),
              f"Statut de la copie : **{c.statut}**"]
    if c.remarque:
        lignes += ["", f"Remarque : {c.remarque}"]
    manuelles = [n for n in c.notes if n.statut == "manuel"]
    if manuelles:
        reste = sum(n.points_max for n in manuelles)
        lignes += ["", f"Questions rédigées à corriger par l'enseignant : "
                       f"{', '.join(n.question for n in manuelles)} (sur {_nombre_csv(reste)} points)."]
    if c.cellules_acces:
        lignes += ["", "## À vérifier : accès au corrigé", "",
                   "Le code de cette copie lit la clé de correction (valeurs attendues) au lieu de calculer "
                   "la réponse. Les questions concernées sont notées 0 ; à l'enseignant de vérifier la copie.",
                   "", "Cellule(s) en cause :"]
        for rang, question, source, acces in c.cellules_acces:
            ou = f"cellule de réponse de la question {question}" if question else "cellule hors des réponses"
            lignes += ["", f"- {ou} (cellule n° {rang} du notebook) : "
                           + " ; ".join(a.description() for a in acces), "", "```python", source.rstrip(), "```"]
    lignes += ["", "| Question | Parcours | Points | Résultat |", "|---|---|---|---|"]
    for n in c.notes:
        points = "—" if n.points is None else _nombre_csv(n.points)
        parcours = "essentiel" if n.parcours == ESSENTIEL else "pour aller plus loin"
        lignes.append(f"| {n.question} | {parcours} | {points} / {_nombre_csv(n.points_max)} | "
                      f"{LIBELLES_QUESTION.get(n.statut, n.statut)} |")
    for n in c.notes:
        lignes += ["", f"## Question {n.question}", ""]
        if n.points is None:
            lignes.append(f"**{LIBELLES_QUESTION.get(n.statut, n.statut)}** (sur {_nombre_csv(n.points_max)} points)")
        else:
            lignes.append(f"**{_nombre_csv(n.points)} / {_nombre_csv(n.points_max)}** — "
                          f"{LIBELLES_QUESTION.get(n.statut, n.statut)}")
        if n.message:
            lignes += ["", n.message]
        if n.texte is not None:
            lignes += ["", "Réponse de l'élève :", "", _citation(n.texte)]
    lignes += ["", f"**Total automatique : {_nombre_csv(c.total)} / {_nombre_csv(c.sur)}**", ""]
    return "\n".join(lignes)


# ---------------------------------------------------------------------------------------------
# API
# ---------------------------------------------------------------------------------------------

class ErreurCorrection(Exception):
    """La correction n'a pas pu avoir lieu du tout (dossier absent, aucune copie, exercice inconnu)."""


def _normaliser_exercice(exercice) -> str:
    texte = str(exercice).strip()
    if not texte.isdigit():
        raise ErreurCorrection(f"numéro d'exercice invalide : « {exercice} » (exemple : 02)")
    return texte.zfill(2)


def _bareme(exercice: str):
    from relation_client import verification

    try:
        from relation_client import corriges as registre
        questions = list(registre.questions(exercice))
    except Exception as erreur:  # noqa: BLE001
        questions = []
        cause = f" ({erreur})"
    else:
        cause = ""
    if not questions:
        disponibles = ""
        try:
            disponibles = ", ".join(verification.exercices_disponibles())
        except Exception:  # noqa: BLE001
            pass
        raise ErreurCorrection(f"exercice inconnu : « {exercice} »{cause}"
                               + (f" ; exercices disponibles : {disponibles}" if disponibles else ""))
    return questions, verification.evaluer


def _exiger_cle_calculable(questions) -> None:
    """Calcule chaque valeur attendue avant de corriger : une clé cassée (données absentes, version
    du paquet) arrête tout, au lieu de donner 0 en silence à toute la classe."""
    for q in questions:
        calculer = getattr(q, "_valeur_attendue", None)
        if calculer is None or getattr(q, "attendu", None) is None:
            continue
        try:
            calculer()
        except Exception as erreur:  # noqa: BLE001 - toute panne de la clé arrête la correction
            raise ErreurCorrection(
                f"la correction de la question {q.id} ne peut pas être calculée ({type(erreur).__name__} : "
                f"{erreur}) ; aucune copie n'a été corrigée. Vérifiez que le paquet du cours et ses jeux "
                "de données sont installés et à jour") from None


def lister_copies(dossier) -> list[Path]:
    """Les copies d'un dossier : ses fichiers ``.ipynb`` (pas les fichiers cachés ni les sous-dossiers)."""
    dossier = Path(dossier)
    return sorted((p for p in dossier.iterdir()
                   if p.is_file() and p.suffix.lower() == ".ipynb" and not p.name.startswith(".")),
                  key=lambda p: _cle_tri(_nom_eleve(p)))


def corriger_dossier(dossier, exercice, sortie=None, processus=None, delai_cellule=30, delai_copie=300,
                     *, memoire_go=MEMOIRE_DEFAUT_GO, ecraser=False, progression=True, parcours=ESSENTIEL,
                     _bareme_test=None):
    """Corrige toutes les copies d'un dossier et renvoie le tableau des notes (une ligne par élève).

    ``processus=1`` corrige les copies l'une après l'autre ; ``None`` : une par cœur.
    Si ``sortie`` est donné, y écrit ``notes.csv`` et ``retours/<élève>.md`` (sans jamais écraser
    des résultats existants, sauf ``ecraser=True`` : voir ``docs/correction.md``).
    ``parcours`` choisit ce que comptent les colonnes ``total`` / ``sur`` : ``"essentiel"`` (par défaut,
    les questions du parcours essentiel) ou ``"tous"`` (avec « Pour aller plus loin »). Les colonnes
    ``essentiel``, ``sur_essentiel``, ``approfondissement`` et ``sur_approfondissement`` sont toujours là.
    Lève ``ErreurCorrection`` si rien ne peut être corrigé.
    """
    if parcours not in CHOIX_PARCOURS:
        raise ErreurCorrection(f"parcours inconnu : « {parcours} » (choix possibles : "
                               f"{', '.join(CHOIX_PARCOURS)})")
    dossier = Path(dossier)
    if not dossier.is_dir():
        raise ErreurCorrection(f"le dossier des copies « {dossier} » n'existe pas")
    exercice = _normaliser_exercice(exercice)
    questions, evaluer = _bareme_test if _bareme_test is not None else _bareme(exercice)
    _exiger_cle_calculable(questions)
    chemins = lister_copies(dossier)
    if not chemins:
        raise ErreurCorrection(f"aucun notebook (.ipynb) dans « {dossier} »")
    processus = max(1, int(processus or os.cpu_count() or 1))
    processus = min(processus, len(chemins))
    memoire = int(memoire_go * 2**30) if memoire_go else None

    ids = [q.id for q in questions]
    copies = [lire_copie(c, ids) for c in chemins]
    a_executer = [c for c in copies if c.statut is None]
    suivi = _Progression(len(copies), actif=progression)
    for c in copies:
        if c.statut is not None:
            suivi.termine(c.chemin.name, c.statut, 0.0)
    with tempfile.TemporaryDirectory(prefix="relation-client-correction-") as racine:
        executions = (_executer_copies(a_executer, min(processus, len(a_executer)), delai_cellule,
                                       delai_copie, memoire, suivi, Path(racine))
                      if a_executer else {})
    copies_notees = [_noter(c, executions.get(c.eleve), questions, evaluer, parcours) for c in copies]
    for c, notee in zip(copies, copies_notees):
        if c.empreinte and c.chemin.exists() and _empreinte(c.chemin) != c.empreinte:
            notee.remarque = (notee.remarque + " ; " if notee.remarque else "") + \
                "ATTENTION : le fichier de la copie a changé pendant la correction"
    tableau = _tableau(copies_notees, questions)
    if sortie is not None:
        sortie = Path(sortie)
        sortie.mkdir(parents=True, exist_ok=True)
        chemin_notes, dossier_retours = _chemins_sortie(sortie, ecraser)
        dossier_retours.mkdir(parents=True, exist_ok=True)
        _ecrire_notes(chemin_notes, copies_notees, questions)
        for c in copies_notees:
            (dossier_retours / f"{c.eleve}.md").write_text(_retour_markdown(c, exercice), encoding="utf-8")
        tableau.attrs["notes"] = str(chemin_notes)
        tableau.attrs["retours"] = str(dossier_retours)
        try:  # le bilan de la classe (resultats/bilan.html) : une panne ne perd pas les notes
            from relation_client.bilan import ecrire_bilan
            tableau.attrs["bilan"] = str(ecrire_bilan(chemin_notes, copies_notees, questions, exercice, ecraser))
        except Exception as erreur:  # noqa: BLE001
            tableau.attrs["erreur_bilan"] = f"{type(erreur).__name__} : {erreur}"
    tableau.attrs["durees"] = {c.eleve: c.duree for c in copies_notees}
    return tableau


# ---------------------------------------------------------------------------------------------
# Ligne de commande
# ---------------------------------------------------------------------------------------------

def _entier_positif(texte: str) -> int:
    try:
        valeur = int(texte)
    except ValueError:
        raise argparse.ArgumentTypeError(f"« {texte} » n'est pas un nombre entier") from None
    if valeur < 1:
        raise argparse.ArgumentTypeError(f"{valeur} : un nombre supérieur ou égal à 1 est attendu")
    return valeur


def _reel_positif(texte: str) -> float:
    try:
        valeur = float(texte.replace(",", "."))
    except ValueError:
        raise argparse.ArgumentTypeError(f"« {texte} » n'est pas un nombre") from None
    if not valeur > 0:
        raise argparse.ArgumentTypeError(f"{texte} : un nombre strictement positif est attendu")
    return valeur


def ajouter_arguments(parser: argparse.ArgumentParser) -> None:
    parser.description = ("Corrige un dossier de copies : chaque notebook (.ipynb) est exécuté dans un "
                          "noyau neuf, sur une copie temporaire (le fichier rendu n'est jamais modifié), "
                          "puis chaque question est notée avec la clé de correction du cours. Écrit "
                          "notes.csv (une ligne par élève), un retour par élève dans retours/ et le bilan de la "
                          "classe (bilan.html, une page qui s'ouvre hors ligne). Une copie qui lit la clé de "
                          "correction reçoit 0 aux questions concernées (statut « à vérifier : accès au corrigé »).")
    parser.epilog = ("Exemple : relation-client corriger copies/ --exercice 02 --sortie resultats/ — "
                     "le nom de l'élève est le nom du fichier (dupont_marie.ipynb → dupont_marie). "
                     "Guide : docs/correction.md.")
    parser.add_argument("dossier", metavar="DOSSIER_DES_COPIES",
                        help="dossier qui contient un notebook .ipynb par élève")
    parser.add_argument("--exercice", required=True, metavar="NN",
                        help="numéro de l'exercice à corriger (par exemple 02)")
    parser.add_argument("--sortie", default="resultats", metavar="DOSSIER",
                        help="dossier des résultats (par défaut : resultats) ; des résultats déjà présents "
                             "ne sont jamais écrasés sans --ecraser : les nouveaux portent la date et l'heure")
    parser.add_argument("--processus", type=_entier_positif, default=None, metavar="N",
                        help=f"nombre de copies corrigées en même temps (par défaut : une par cœur, "
                             f"ici {os.cpu_count()}) ; 1 pour les corriger l'une après l'autre")
    parser.add_argument("--delai-cellule", type=_reel_positif, default=30, metavar="SECONDES",
                        help="durée maximale d'une cellule (par défaut : 30 s) ; au-delà elle est interrompue")
    parser.add_argument("--delai-copie", type=_reel_positif, default=300, metavar="SECONDES",
                        help="durée maximale d'une copie entière (par défaut : 300 s) ; au-delà elle est arrêtée "
                             "et notée sur ce qui a pu être évalué")
    parser.add_argument("--memoire", type=_reel_positif, default=MEMOIRE_DEFAUT_GO, metavar="GO",
                        help=f"mémoire maximale d'une copie, en Go (par défaut : {MEMOIRE_DEFAUT_GO:g})")
    parser.add_argument("--parcours", choices=CHOIX_PARCOURS, default=ESSENTIEL,
                        help="questions comptées dans la note (colonnes total et sur) : « essentiel » (par "
                             "défaut, le parcours de toute la classe) ou « tous » (avec les questions "
                             "facultatives « Pour aller plus loin ») ; les deux sous-totaux sont toujours "
                             "dans notes.csv")
    parser.add_argument("--ecraser", action="store_true",
                        help="remplace notes.csv et les retours déjà présents dans le dossier de sortie")
    parser.add_argument("--silencieux", action="store_true", help="n'affiche pas la progression")


def executer(args) -> int:
    debut = time.monotonic()
    try:
        tableau = corriger_dossier(args.dossier, args.exercice, args.sortie, processus=args.processus,
                                   delai_cellule=args.delai_cellule, delai_copie=args.delai_copie,
                                   memoire_go=args.memoire, ecraser=args.ecraser,
                                   progression=not args.silencieux, parcours=args.parcours)
    except ErreurCorrection as erreur:
        print(f"relation-client corriger : erreur : {erreur}.", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\nCorrection interrompue : aucun fichier de résultats écrit.", file=sys.stderr)
        return 130
    duree = time.monotonic() - debut
    comptes = tableau["statut"].value_counts()
    detail = ", ".join(f"{n} {s}" for s, n in comptes.items())
    print(f"{len(tableau)} copie(s) corrigée(s) en {duree:.0f} s : {detail}.")
    print(f"Notes : {tableau.attrs['notes']}")
    print(f"Retours aux élèves : {tableau.attrs['retours']}/")
    if "bilan" in tableau.attrs:
        print(f"Bilan de la classe : {tableau.attrs['bilan']}")
    elif "erreur_bilan" in tableau.attrs:
        print(f"Bilan de la classe non écrit ({tableau.attrs['erreur_bilan']}) ; les notes sont complètes.",
              file=sys.stderr)
    return 0


if __name__ == "__main__" and len(sys.argv) == 6 and sys.argv[1] == "--travailleur":
    _travailleur(int(sys.argv[2]), sys.argv[3], int(sys.argv[4]) or None, float(sys.argv[5]))
