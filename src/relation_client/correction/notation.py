"""La notation (processus principal) : les évènements d'exécution d'une copie → une copie notée.

Chaque question est notée avec la clé de correction du paquet (la fonction ``evaluer`` reçue,
``relation_client.verification.evaluer`` en pratique) appliquée aux valeurs capturées et décodées
(:mod:`.decodage`) : jamais avec ce que le notebook a affiché. Une copie qui lit le corrigé reçoit 0
aux questions concernées et le statut « à vérifier : accès au corrigé ».
"""

from __future__ import annotations

from dataclasses import dataclass, field

from relation_client.correction.copies import Copie
from relation_client.correction.decodage import ABSENTE, ObjetNonTransmis, decoder
from relation_client.correction.ordonnancement import Execution, statut_execution
from relation_client.format_exercices import TEXTE_A_COMPLETER
from relation_client.statuts_correction import ACCES_CORRIGE, OK

__all__ = ["ESSENTIEL", "APPROFONDISSEMENT", "TOUS", "CHOIX_PARCOURS", "TEXTE_ORIGINE_REPONSE",
           "NoteQuestion", "CopieNotee", "noter", "genre_question"]

# Parcours (métadonnées « parcours » des questions) et choix de la note (option --parcours).
ESSENTIEL = "essentiel"
APPROFONDISSEMENT = "approfondissement"
TOUS = "tous"
CHOIX_PARCOURS = (ESSENTIEL, TOUS)

TEXTE_ORIGINE_REPONSE = TEXTE_A_COMPLETER


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
        notes = [note for note in self.notes if note.points is not None and note.parcours == parcours]
        return sum(note.points for note in notes), sum(note.points_max for note in notes)

    def _comptees(self):
        return [note for note in self.notes if note.points is not None
                and (self.parcours_compte == TOUS or note.parcours == ESSENTIEL)]

    @property
    def total(self) -> float:
        return sum(note.points for note in self._comptees())

    @property
    def sur(self) -> float:
        return sum(note.points_max for note in self._comptees())


def genre_question(question) -> str:
    """Genre de réponse attendu par une question de la clé (``nombre`` par défaut, ``texte_libre``…)."""
    return str(getattr(question, "genre", "nombre"))


def _parcours(question) -> str:
    parcours = getattr(question, "parcours", ESSENTIEL)
    return parcours if parcours in (ESSENTIEL, APPROFONDISSEMENT) else ESSENTIEL


def noter(copie: Copie, execution: Execution | None, questions, evaluer,
          parcours_compte: str = ESSENTIEL) -> CopieNotee:
    """Note une copie d'après son exécution (``None`` : copie non exécutée) et la clé ``questions``."""
    notee = _noter_questions(copie, execution, questions, evaluer)
    parcours = {question.id: _parcours(question) for question in questions}
    for note in notee.notes:
        note.parcours = parcours.get(note.question, ESSENTIEL)
    notee.parcours_compte = parcours_compte
    if copie.statut is None and copie.acces is not None:
        _appliquer_acces(notee, copie.acces)
    return notee


def _appliquer_acces(notee: CopieNotee, analyse) -> None:
    """Une copie qui lit le corrigé : 0 aux questions concernées, statut « à vérifier »."""
    concernees = []
    for note in notee.notes:
        raisons = analyse.questions.get(note.question)
        if not raisons or note.points is None:  # question rédigée : déjà corrigée par l'enseignant
            continue
        concernees.append(note.question)
        note.statut, note.points = "acces_corrige", 0.0
        raison = " ; ".join(dict.fromkeys(raisons))
        note.message = ("À vérifier : accès au corrigé. " + raison[:1].upper() + raison[1:]
                        + ". Réponse notée 0 : l'enseignant vérifie la copie.")
    notee.cellules_acces = list(analyse.cellules)
    execution = "" if notee.statut == OK else f" ; exécution : {notee.statut}"
    remarque = (f"accès au corrigé ({', '.join(concernees) or 'aucune question notée'} : 0 point){execution}")
    notee.remarque = remarque + (" ; " + notee.remarque if notee.remarque else "")
    notee.statut = ACCES_CORRIGE


def _noter_questions(copie: Copie, execution: Execution | None, questions, evaluer) -> CopieNotee:
    if copie.statut is not None:
        notes = [NoteQuestion(question.id, "non_atteinte",
                              0.0 if genre_question(question) != "texte_libre" else None,
                              float(question.points), "Copie non corrigée : " + copie.remarque + ".")
                 for question in questions]
        return CopieNotee(copie.eleve, copie.chemin.name, copie.statut, copie.remarque, notes)

    execution = execution or Execution()
    valeurs, erreurs, remarques = {}, {}, []
    dernier_arret = question_arret = None
    for evenement in execution.evenements:
        genre = evenement.get("type")
        question = evenement.get("question")
        if genre == "capture" and isinstance(question, str):
            valeurs[question] = evenement.get("valeur")
            erreurs.pop(question, None)
        elif genre == "erreur_reponse" and isinstance(question, str):
            erreurs[question] = evenement.get("message", "erreur")
            valeurs.pop(question, None)
        elif genre == "delai_cellule":
            dernier_arret = "délai"
            remarques.append(f"une cellule a dépassé le délai ({_ou_question(question)}), elle a été interrompue")
        elif genre == "noyau_arrete":
            dernier_arret = "noyau"
            question_arret = question
            remarques.append(f"le noyau s'est arrêté pendant l'exécution ({_ou_question(question)}) : "
                             "os._exit, plantage ou mémoire épuisée ?")
        elif genre == "abandon":
            remarques.append(evenement.get("message", "exécution abandonnée"))
        elif genre == "echec":
            remarques.append("le noyau n'a pas pu être démarré ou a échoué : " + evenement.get("message", ""))
    erreurs_cellules = [evenement for evenement in execution.evenements if evenement.get("type") == "erreur_cellule"]
    if erreurs_cellules:
        premiere = erreurs_cellules[0]
        remarques.append(f"{len(erreurs_cellules)} cellule(s) en erreur, la première : {premiere['message']}"[:300])
    if execution.delai_copie_depasse:
        remarques.append("copie arrêtée : durée maximale par copie dépassée")
    if execution.processus_perdu:
        remarques.append("le processus de correction de cette copie a été interrompu par le système")
    statut = statut_execution(execution)
    remarques = list(dict.fromkeys(remarques))

    notes = []
    for question in questions:
        ident, points_max = question.id, float(question.points)
        if genre_question(question) == "texte_libre":
            texte = copie.textes.get(ident)
            if texte is None:
                notes.append(NoteQuestion(ident, "a_completer", None, points_max,
                                          "Réponse rédigée introuvable dans la copie.", None))
            elif not texte or texte in _textes_origine():
                notes.append(NoteQuestion(ident, "a_completer", None, points_max,
                                          "Réponse rédigée laissée vide.", None))
            else:
                notes.append(NoteQuestion(ident, "manuel", None, points_max,
                                          "Réponse rédigée : à corriger par l'enseignant.", texte))
            continue
        if ident in erreurs:
            notes.append(NoteQuestion(ident, "erreur", 0.0, points_max,
                                      f"Pas de réponse évaluée : {erreurs[ident]}."))
            continue
        if ident not in valeurs:
            raison = {"délai": "l'exécution a été interrompue avant (délai dépassé)",
                      "noyau": "le noyau s'est arrêté avant"}.get(dernier_arret, "cellule non exécutée ou supprimée")
            if execution.delai_copie_depasse:
                raison = "la copie a été arrêtée avant (durée maximale dépassée)"
            elif dernier_arret == "noyau" and question_arret == ident:
                raison = "le noyau s'est arrêté pendant l'exécution de la cellule de cette question"
            notes.append(NoteQuestion(ident, "non_atteinte", 0.0, points_max,
                                      f"Réponse non atteinte : {raison}."))
            continue
        try:
            valeur = decoder(valeurs[ident])
        except Exception as erreur:  # noqa: BLE001
            valeur = ObjetNonTransmis("?", f"(réponse illisible : {type(erreur).__name__})")
        if valeur is ABSENTE:
            notes.append(NoteQuestion(ident, "a_completer", 0.0, points_max,
                                      "La variable reponse n'existe pas à cet endroit."))
            continue
        try:
            resultat = evaluer(ident, valeur)
            points = float(resultat.points or 0)
            notes.append(NoteQuestion(ident, str(resultat.statut), points,
                                      float(resultat.points_max or question.points), str(resultat.message)))
        except Exception as erreur:  # noqa: BLE001 — evaluer ne doit pas lever, mais prudence
            notes.append(NoteQuestion(ident, "invalide", 0.0, points_max,
                                      f"Réponse impossible à évaluer ({type(erreur).__name__})."))
    return CopieNotee(copie.eleve, copie.chemin.name, statut, " ; ".join(remarques), notes, execution.duree)


def _textes_origine() -> set:
    return {TEXTE_ORIGINE_REPONSE}


def _ou_question(question) -> str:
    return f"question {question}" if question else "hors des questions"
