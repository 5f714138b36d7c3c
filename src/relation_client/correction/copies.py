"""Les copies : trouver, lire et instrumenter les notebooks des élèves (processus principal).

:func:`lire_copie` calcule l'empreinte SHA-256 du fichier (la copie rendue n'est jamais modifiée),
vérifie que c'est un notebook de l'exercice (identifiants des questions lus dans les métadonnées
``relation_client`` ou dans les appels ``verifier("2.3", …)``), analyse les accès au corrigé
(:mod:`relation_client.acces_corrige`) et prépare en mémoire le notebook à exécuter
(:func:`instrumenter`) : chaque vérification de l'élève devient une capture (:mod:`.capture`).

>>> nom_eleve(Path("dupont_élodie.ipynb"))
'dupont_élodie'
>>> sorted(["Zoé", "émile", "Adam"], key=cle_tri_eleve)
['Adam', 'émile', 'Zoé']
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from relation_client.acces_corrige import analyser_cellules
from relation_client.correction.capture import ligne_capture
from relation_client.format_exercices import source_cellule
from relation_client.statuts_correction import INVALIDE, MAUVAIS_EXERCICE

__all__ = ["Copie", "lire_copie", "lister_copies", "instrumenter", "empreinte", "nom_eleve", "cle_tri_eleve",
           "cle_question"]

_MOTIF_VERIFIER = re.compile(
    r"""^(?P<indent>[ \t]*)verifier\(\s*(?P<q>['"])(?P<id>\d+\.\d+)(?P=q)\s*,.*\)\s*(?:#.*)?$""")
_MOTIF_ID_VERIFIER = re.compile(r"""verifier\(\s*['"](\d+\.\d+)['"]""")
_MOTIF_COMMENTAIRE = re.compile(r"^\s*#\s*Question\s+(\d+\.\d+)\b", re.IGNORECASE)


def _meta_relation_client(cellule) -> dict:
    metadata = cellule.get("metadata")
    if not isinstance(metadata, dict):
        return {}
    meta = metadata.get("relation_client")
    return meta if isinstance(meta, dict) else {}


def empreinte(chemin: Path) -> str:
    """Empreinte SHA-256 du fichier."""
    return hashlib.sha256(chemin.read_bytes()).hexdigest()


def nom_eleve(chemin: Path) -> str:
    """Le nom de l'élève : celui du fichier, sans ``.ipynb`` (forme NFC)."""
    return unicodedata.normalize("NFC", chemin.stem)


def cle_tri_eleve(nom: str) -> tuple:
    """Ordre alphabétique des élèves, sans tenir compte des accents ni des majuscules."""
    sans_accents = "".join(lettre for lettre in unicodedata.normalize("NFD", nom)
                           if unicodedata.category(lettre) != "Mn")
    return (sans_accents.casefold(), nom)


def cle_question(question: str):
    """Ordre naturel des identifiants de question (« 2.10 » après « 2.9 »)."""
    try:
        return tuple(int(x) for x in question.split("."))
    except ValueError:
        return (10**9, question)


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


def lister_copies(dossier) -> list[Path]:
    """Les copies d'un dossier : ses fichiers ``.ipynb`` (pas les fichiers cachés ni les sous-dossiers)."""
    dossier = Path(dossier)
    return sorted((chemin for chemin in dossier.iterdir()
                   if chemin.is_file() and chemin.suffix.lower() == ".ipynb" and not chemin.name.startswith(".")),
                  key=lambda chemin: cle_tri_eleve(nom_eleve(chemin)))


def lire_copie(chemin, ids_attendus) -> Copie:
    """Lit une copie, reconnaît son exercice et prépare le notebook à exécuter. Ne lève jamais."""
    chemin = Path(chemin)
    ids_attendus = list(ids_attendus)
    copie = Copie(eleve=nom_eleve(chemin), chemin=chemin, empreinte="")
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
        notebook = json.loads(brut.decode("utf-8-sig"))
    except UnicodeDecodeError:
        copie.statut, copie.remarque = INVALIDE, "fichier qui n'est pas du texte UTF-8 (pas un notebook)"
        return copie
    except json.JSONDecodeError as erreur:
        copie.statut = INVALIDE
        copie.remarque = (f"JSON invalide (ligne {erreur.lineno}, colonne {erreur.colno}) : "
                          "le fichier a sans doute été abîmé ou édité hors de Jupyter")
        return copie
    if not isinstance(notebook, dict) or not isinstance(notebook.get("cells"), list):
        copie.statut, copie.remarque = INVALIDE, "ce fichier JSON n'est pas un notebook Jupyter (pas de liste de cellules)"
        return copie
    if notebook.get("nbformat") != 4:
        copie.statut = INVALIDE
        copie.remarque = f"format de notebook {notebook.get('nbformat')!r} non pris en charge (4 attendu)"
        return copie
    cellules = [cellule for cellule in notebook["cells"]
                if isinstance(cellule, dict) and cellule.get("cell_type") in ("code", "markdown", "raw")]

    # Questions présentes dans la copie.
    for cellule in cellules:
        question = _meta_relation_client(cellule).get("question")
        if isinstance(question, str):
            copie.trouvees.add(question)
        if cellule["cell_type"] == "code":
            copie.trouvees.update(_MOTIF_ID_VERIFIER.findall(source_cellule(cellule)))
    if not copie.trouvees & set(ids_attendus):
        copie.statut = MAUVAIS_EXERCICE
        exercice = _numero_exercice_des_ids(ids_attendus)
        if copie.trouvees:
            autres = sorted({question.split(".")[0] for question in copie.trouvees})
            copie.remarque = (f"aucune question de l'exercice {exercice} ; questions trouvées : "
                              f"{', '.join(sorted(copie.trouvees, key=cle_question)[:6])}"
                              f" (exercice {', '.join(autre.zfill(2) for autre in autres)} ?)")
        else:
            copie.remarque = f"aucune question de l'exercice {exercice} reconnue dans ce notebook"
        return copie

    # Réponses rédigées (Markdown) : recopiées telles quelles pour l'enseignant.
    for cellule in cellules:
        meta = _meta_relation_client(cellule)
        if meta.get("role") == "reponse_texte" and isinstance(meta.get("question"), str):
            copie.textes[meta["question"]] = source_cellule(cellule).strip()

    copie.acces = _analyser_acces(cellules, ids_attendus)
    copie.notebook = instrumenter(notebook, cellules)
    return copie


def _analyser_acces(cellules, ids):
    """Accès au corrigé dans le code de la copie (analyse du source, avant toute exécution)."""
    code, positions = [], []
    for position, cellule in enumerate(cellules, start=1):
        if cellule.get("cell_type") != "code":
            continue
        meta = _meta_relation_client(cellule)
        if meta.get("role") == "verification":
            continue  # remplacée par une capture : son code n'est jamais exécuté
        source = source_cellule(cellule)
        question = meta.get("question") if meta.get("role") == "reponse" else None
        if question is None and not meta:
            commentaire = _MOTIF_COMMENTAIRE.match(source.split("\n")[0]) if source else None
            question = commentaire.group(1) if commentaire else None
        code.append((question if isinstance(question, str) else None, source))
        positions.append(position)
    try:
        analyse = analyser_cellules(code, ids)
    except Exception:  # noqa: BLE001 - l'analyse ne doit jamais empêcher de corriger
        return None
    if not analyse.trouve:
        return None
    # Rang dans la copie (1 = première cellule du notebook), pour que l'enseignant la retrouve.
    analyse.cellules = [(positions[rang], question, source, acces)
                        for rang, question, source, acces in analyse.cellules]
    return analyse


def _numero_exercice_des_ids(ids) -> str:
    for question in ids:
        return question.split(".")[0].zfill(2)
    return "?"


def _cellule_code(source: str, correction: dict | None = None) -> dict:
    metadata = {"correction": correction} if correction else {}
    return {"cell_type": "code", "execution_count": None, "metadata": metadata,
            "outputs": [], "source": source}


def instrumenter(notebook: dict, cellules: list | None = None) -> dict:
    """Notebook à exécuter : les cellules de code de l'élève, sorties effacées, plus les captures.

    - cellule de vérification (rôle ``verification``) : remplacée par une capture ;
    - toute ligne ``verifier("x.y", …)`` d'une autre cellule : remplacée par une capture ;
    - après une cellule de réponse (rôle ``reponse``, ou à défaut une cellule qui commence par
      ``# Question x.y``) : une cellule de capture ajoutée.
    """
    if cellules is None:
        cellules = [cellule for cellule in notebook.get("cells", []) if isinstance(cellule, dict)]
    sortie = []
    for cellule in cellules:
        if cellule.get("cell_type") != "code":
            continue
        meta = _meta_relation_client(cellule)
        source = source_cellule(cellule)
        role = meta.get("role")
        question = meta.get("question") if isinstance(meta.get("question"), str) else None
        if role == "verification":
            appel = _MOTIF_ID_VERIFIER.search(source)
            capturee = question or (appel.group(1) if appel else None)
            if capturee:
                sortie.append(_cellule_code(ligne_capture(capturee), {"type": "capture", "question": capturee}))
            continue
        lignes = source.split("\n")
        nouvelles = []
        for ligne in lignes:
            appel = _MOTIF_VERIFIER.match(ligne)
            nouvelles.append(ligne_capture(appel.group("id"), appel.group("indent")) if appel else ligne)
        if role != "reponse" or question is None:
            commentaire = _MOTIF_COMMENTAIRE.match(lignes[0]) if lignes else None
            if commentaire and not meta and not any(_MOTIF_VERIFIER.match(ligne) for ligne in lignes):
                role, question = "reponse", commentaire.group(1)
        if role == "reponse" and question:
            sortie.append(_cellule_code("\n".join(nouvelles), {"type": "reponse", "question": question}))
            sortie.append(_cellule_code(ligne_capture(question), {"type": "capture", "question": question}))
        else:
            sortie.append(_cellule_code("\n".join(nouvelles)))
    return {"cells": sortie, "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3",
                                                        "language": "python"}},
            "nbformat": 4, "nbformat_minor": 5}
