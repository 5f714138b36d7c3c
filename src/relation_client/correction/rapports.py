"""Les résultats d'une correction : le tableau des notes, ``notes.csv`` et un retour Markdown par élève.

Rien n'est jamais écrasé sans le demander : :func:`chemins_sortie` choisit des noms datés quand des
résultats sont déjà là. Le bilan HTML de la classe est écrit par :mod:`relation_client.bilan`.

>>> nombre_csv(12.5), nombre_csv(3.0), nombre_csv(None)
('12,5', '3', '')
"""

from __future__ import annotations

import csv
import datetime
import math
from pathlib import Path

from relation_client.correction.copies import cle_tri_eleve
from relation_client.correction.notation import APPROFONDISSEMENT, ESSENTIEL, TOUS, CopieNotee, genre_question
from relation_client.statuts_correction import LIBELLES_QUESTION

__all__ = ["COLONNES_PARCOURS", "nombre_csv", "tableau_notes", "en_tetes", "chemins_sortie", "ecrire_notes",
           "retour_markdown"]

COLONNES_PARCOURS = ("essentiel", "sur_essentiel", "approfondissement", "sur_approfondissement")


def nombre_csv(nombre) -> str:
    """Un nombre de points tel qu'on l'écrit dans ``notes.csv`` et les retours (virgule décimale)."""
    if nombre is None or (isinstance(nombre, float) and math.isnan(nombre)):
        return ""
    nombre = round(float(nombre), 2)
    if nombre == int(nombre):
        return str(int(nombre))
    return f"{nombre:g}".replace(".", ",")


def tableau_notes(copies_notees: list[CopieNotee], questions):
    """Le tableau des notes (DataFrame, une ligne par élève, dans l'ordre alphabétique)."""
    import pandas as pd  # coût d'import : ce paquet est aussi chargé dans les noyaux des élèves

    lignes = []
    for copie in sorted(copies_notees, key=lambda copie: cle_tri_eleve(copie.eleve)):
        ligne = {"eleve": copie.eleve}
        for note in copie.notes:
            ligne[note.question] = note.points if note.points is not None else float("nan")
        ligne.update(_colonnes_parcours(copie))
        ligne.update({"total": copie.total, "sur": copie.sur, "statut": copie.statut, "remarque": copie.remarque})
        lignes.append(ligne)
    return pd.DataFrame(lignes, columns=en_tetes(questions))


def _colonnes_parcours(copie: CopieNotee) -> dict:
    essentiel, sur_essentiel = copie.points_parcours(ESSENTIEL)
    approfondi, sur_approfondi = copie.points_parcours(APPROFONDISSEMENT)
    return dict(zip(COLONNES_PARCOURS, (essentiel, sur_essentiel, approfondi, sur_approfondi)))


def en_tetes(questions) -> list[str]:
    """Les colonnes de ``notes.csv`` et du tableau des notes."""
    return (["eleve"] + [question.id for question in questions] + list(COLONNES_PARCOURS)
            + ["total", "sur", "statut", "remarque"])


def chemins_sortie(sortie: Path, ecraser: bool) -> tuple[Path, Path]:
    """(``notes.csv``, dossier des retours) : datés si des résultats sont déjà là, sauf ``ecraser``."""
    notes, retours = sortie / "notes.csv", sortie / "retours"
    if ecraser or not (notes.exists() or retours.exists()):
        return notes, retours
    horodatage = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    for rang in range(1, 1000):
        suffixe = horodatage if rang == 1 else f"{horodatage}-{rang}"
        notes, retours = sortie / f"notes-{suffixe}.csv", sortie / f"retours-{suffixe}"
        if not notes.exists() and not retours.exists():
            return notes, retours
    raise FileExistsError(f"impossible de trouver un nom libre dans {sortie}")


def ecrire_notes(chemin: Path, copies_notees, questions) -> None:
    """Écrit ``notes.csv`` : point-virgule, virgule décimale, UTF-8 avec BOM (Excel le lit tel quel)."""
    manuelles = {question.id for question in questions if genre_question(question) == "texte_libre"}
    with open(chemin, "w", encoding="utf-8-sig", newline="") as fichier:
        ecrivain = csv.writer(fichier, delimiter=";", lineterminator="\r\n")
        ecrivain.writerow(en_tetes(questions))
        for copie in sorted(copies_notees, key=lambda copie: cle_tri_eleve(copie.eleve)):
            points = {note.question: note.points for note in copie.notes}
            ecrivain.writerow([copie.eleve]
                              + [nombre_csv(points.get(question.id)) if question.id not in manuelles else ""
                                 for question in questions]
                              + [nombre_csv(valeur) for valeur in _colonnes_parcours(copie).values()]
                              + [nombre_csv(copie.total), nombre_csv(copie.sur), copie.statut, copie.remarque])


def _libelle_note(copie: CopieNotee) -> str:
    if copie.parcours_compte == TOUS:
        return "parcours essentiel et « Pour aller plus loin »"
    return "parcours essentiel"


def _lignes_parcours(copie: CopieNotee) -> list[str]:
    """Détail par parcours quand la copie a des questions « Pour aller plus loin »."""
    approfondi, sur_approfondi = copie.points_parcours(APPROFONDISSEMENT)
    if not sur_approfondi:
        return []
    essentiel, sur_essentiel = copie.points_parcours(ESSENTIEL)
    compte = ("comptées dans la note" if copie.parcours_compte == TOUS
              else "facultatives, non comptées dans la note")
    return [f"Parcours essentiel : {nombre_csv(essentiel)} / {nombre_csv(sur_essentiel)} · "
            f"Pour aller plus loin ({compte}) : {nombre_csv(approfondi)} / {nombre_csv(sur_approfondi)}", ""]


def _citation(texte: str) -> str:
    return "\n".join("> " + ligne if ligne.strip() else ">" for ligne in texte.splitlines()) or ">"


def retour_markdown(copie: CopieNotee, exercice: str) -> str:
    """Le retour d'un élève (``retours/<élève>.md``) : note, statut, détail et message par question."""
    date = datetime.datetime.now().strftime("%d/%m/%Y à %H:%M")
    lignes = [f"# Retour de correction — {copie.eleve}", "",
              f"Exercice {exercice} · fichier `{copie.fichier}` · corrigé le {date}", "",
              f"**Note automatique : {nombre_csv(copie.total)} / {nombre_csv(copie.sur)}**"
              f" ({_libelle_note(copie)})", "",
              *_lignes_parcours(copie),
              f"Statut de la copie : **{copie.statut}**"]
    if copie.remarque:
        lignes += ["", f"Remarque : {copie.remarque}"]
    manuelles = [note for note in copie.notes if note.statut == "manuel"]
    if manuelles:
        reste = sum(note.points_max for note in manuelles)
        lignes += ["", f"Questions rédigées à corriger par l'enseignant : "
                       f"{', '.join(note.question for note in manuelles)} (sur {nombre_csv(reste)} points)."]
    if copie.cellules_acces:
        lignes += ["", "## À vérifier : accès au corrigé", "",
                   "Le code de cette copie lit la clé de correction (valeurs attendues) au lieu de calculer "
                   "la réponse. Les questions concernées sont notées 0 ; à l'enseignant de vérifier la copie.",
                   "", "Cellule(s) en cause :"]
        for rang, question, source, acces in copie.cellules_acces:
            ou = f"cellule de réponse de la question {question}" if question else "cellule hors des réponses"
            lignes += ["", f"- {ou} (cellule n° {rang} du notebook) : "
                           + " ; ".join(un_acces.description() for un_acces in acces),
                       "", "```python", source.rstrip(), "```"]
    lignes += ["", "| Question | Parcours | Points | Résultat |", "|---|---|---|---|"]
    for note in copie.notes:
        points = "—" if note.points is None else nombre_csv(note.points)
        parcours = "essentiel" if note.parcours == ESSENTIEL else "pour aller plus loin"
        lignes.append(f"| {note.question} | {parcours} | {points} / {nombre_csv(note.points_max)} | "
                      f"{LIBELLES_QUESTION.get(note.statut, note.statut)} |")
    for note in copie.notes:
        lignes += ["", f"## Question {note.question}", ""]
        libelle = LIBELLES_QUESTION.get(note.statut, note.statut)
        if note.points is None:
            lignes.append(f"**{libelle}** (sur {nombre_csv(note.points_max)} points)")
        else:
            lignes.append(f"**{nombre_csv(note.points)} / {nombre_csv(note.points_max)}** — {libelle}")
        if note.message:
            lignes += ["", note.message]
        if note.texte is not None:
            lignes += ["", "Réponse de l'élève :", "", _citation(note.texte)]
    lignes += ["", f"**Total automatique : {nombre_csv(copie.total)} / {nombre_csv(copie.sur)}**", ""]
    return "\n".join(lignes)
