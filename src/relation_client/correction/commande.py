"""La sous-commande ``relation-client corriger`` et sa fonction, :func:`corriger_dossier`.

:func:`corriger_dossier` enchaîne les étapes : clé de correction de l'exercice (calculée d'abord en
entier), lecture des copies (:mod:`.copies`), exécution (:mod:`.ordonnancement`), notation
(:mod:`.notation`), puis ``notes.csv``, les retours (:mod:`.rapports`) et le bilan de la classe
(:mod:`relation_client.bilan`). :func:`ajouter_arguments` et :func:`executer` en font la sous-commande.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

from relation_client.bilan import ecrire_bilan
from relation_client.correction.copies import empreinte, lire_copie, lister_copies
from relation_client.correction.notation import CHOIX_PARCOURS, ESSENTIEL, noter
from relation_client.correction.ordonnancement import Progression, executer_copies
from relation_client.correction.rapports import chemins_sortie, ecrire_notes, retour_markdown, tableau_notes

__all__ = ["ErreurCorrection", "corriger_dossier", "ajouter_arguments", "executer", "MEMOIRE_DEFAUT_GO"]

MEMOIRE_DEFAUT_GO = 3.0


class ErreurCorrection(Exception):
    """La correction n'a pas pu avoir lieu du tout (dossier absent, aucune copie, exercice inconnu)."""


def _normaliser_exercice(exercice) -> str:
    texte = str(exercice).strip()
    if not texte.isdigit():
        raise ErreurCorrection(f"numéro d'exercice invalide : « {exercice} » (exemple : 02)")
    return texte.zfill(2)


def _bareme(exercice: str):
    # Imports locaux pour leur coût : verification et les clés chargent pandas, inutile dans les noyaux
    # et les processus de correction qui importent ce paquet.
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
    for question in questions:
        calculer = getattr(question, "_valeur_attendue", None)
        if calculer is None or getattr(question, "attendu", None) is None:
            continue
        try:
            calculer()
        except Exception as erreur:  # noqa: BLE001 - toute panne de la clé arrête la correction
            raise ErreurCorrection(
                f"la correction de la question {question.id} ne peut pas être calculée ({type(erreur).__name__} : "
                f"{erreur}) ; aucune copie n'a été corrigée. Vérifiez que le paquet du cours et ses jeux "
                "de données sont installés et à jour") from None


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

    ids = [question.id for question in questions]
    copies = [lire_copie(chemin, ids) for chemin in chemins]
    a_executer = [copie for copie in copies if copie.statut is None]
    suivi = Progression(len(copies), actif=progression)
    try:
        for copie in copies:
            if copie.statut is not None:
                suivi.termine(copie.chemin.name, copie.statut, 0.0)
        with tempfile.TemporaryDirectory(prefix="relation-client-correction-") as racine:
            executions = (executer_copies(a_executer, min(processus, len(a_executer)), delai_cellule,
                                          delai_copie, memoire, suivi, Path(racine))
                          if a_executer else {})
    finally:
        suivi.fermer()
    copies_notees = [noter(copie, executions.get(copie.eleve), questions, evaluer, parcours) for copie in copies]
    for copie, notee in zip(copies, copies_notees):
        if copie.empreinte and copie.chemin.exists() and empreinte(copie.chemin) != copie.empreinte:
            notee.remarque = (notee.remarque + " ; " if notee.remarque else "") + \
                "ATTENTION : le fichier de la copie a changé pendant la correction"
    tableau = tableau_notes(copies_notees, questions)
    if sortie is not None:
        sortie = Path(sortie)
        sortie.mkdir(parents=True, exist_ok=True)
        chemin_notes, dossier_retours = chemins_sortie(sortie, ecraser)
        dossier_retours.mkdir(parents=True, exist_ok=True)
        ecrire_notes(chemin_notes, copies_notees, questions)
        for notee in copies_notees:
            (dossier_retours / f"{notee.eleve}.md").write_text(retour_markdown(notee, exercice), encoding="utf-8")
        tableau.attrs["notes"] = str(chemin_notes)
        tableau.attrs["retours"] = str(dossier_retours)
        try:  # le bilan de la classe (resultats/bilan.html) : une panne ne perd pas les notes
            tableau.attrs["bilan"] = str(ecrire_bilan(chemin_notes, copies_notees, questions, exercice, ecraser))
        except Exception as erreur:  # noqa: BLE001
            tableau.attrs["erreur_bilan"] = f"{type(erreur).__name__} : {erreur}"
    tableau.attrs["durees"] = {notee.eleve: notee.duree for notee in copies_notees}
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
    """Les arguments de ``relation-client corriger``."""
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
    """Lance ``relation-client corriger`` (arguments lus par :func:`ajouter_arguments`) ; code de sortie."""
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
    detail = ", ".join(f"{nombre} {statut}" for statut, nombre in comptes.items())
    print(f"{len(tableau)} copie(s) corrigée(s) en {duree:.0f} s : {detail}.")
    print(f"Notes : {tableau.attrs['notes']}")
    print(f"Retours aux élèves : {tableau.attrs['retours']}/")
    if "bilan" in tableau.attrs:
        print(f"Bilan de la classe : {tableau.attrs['bilan']}")
    elif "erreur_bilan" in tableau.attrs:
        print(f"Bilan de la classe non écrit ({tableau.attrs['erreur_bilan']}) ; les notes sont complètes.",
              file=sys.stderr)
    return 0
