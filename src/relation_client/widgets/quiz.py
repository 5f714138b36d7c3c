"""Le quiz à boutons (une question, des choix, un retour en français, un score), et celui de la
leçon 04 sur les formes de rejet (:data:`QUESTIONS_REJET`)."""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping

import ipywidgets as widgets
import numpy as np

from ..formatage import ESPACE_UNITE
from ..saisie import boite_html


QUESTIONS_REJET = [
    {"question": "Un client abandonne la carte de fidélité d'une enseigne : il lui faut deux ans "
                 "d'achats pour obtenir un bon de 5 €. De quel rejet s'agit-il ?",
     "choix": ["Un manque d'équité dans la relation", "Un rejet psychologique",
               "La crainte d'une organisation trop intrusive"],
     "bonne_reponse": 0,
     "explication": "Le gain paraît trop faible au regard des achats consentis : c'est le sentiment "
                    "d'iniquité (cumul des points trop lent) que décrit le manuel STMG."},
    {"question": "Une cliente reçoit sans cesse des relances « Dernière chance ! » et se sent poussée "
                 "à acheter, moins libre de choisir. De quel rejet s'agit-il ?",
     "choix": ["La crainte d'une organisation trop intrusive", "Un rejet psychologique",
               "Un manque d'équité dans la relation"],
     "bonne_reponse": 1,
     "explication": "Une incitation à consommer trop marquée limite la liberté de choix : c'est un "
                    "rejet psychologique."},
    {"question": "Un internaute installe un bloqueur de publicité après avoir vu des annonces le suivre "
                 "de site en site. Qu'exprime-t-il ?",
     "choix": ["Un manque d'équité dans la relation", "Un rejet psychologique",
               "La crainte d'une organisation trop intrusive"],
     "bonne_reponse": 2,
     "explication": "Il se protège d'une publicité jugée intrusive (et de l'usage de ses données) : "
                    "le bloqueur limite cette intrusion."},
    {"question": "Qui perd directement de l'argent quand les internautes bloquent les publicités ?",
     "choix": ["L'éditeur du site, payé à l'affichage", "L'internaute", "Le fabricant du navigateur"],
     "bonne_reponse": 0,
     "explication": "L'éditeur est payé au nombre d'affichages (au CPM) : chaque publicité bloquée est "
                    "un revenu perdu ; l'annonceur, lui, perd une partie de son audience."},
    {"question": "Quelle réponse une marque peut-elle opposer aux bloqueurs de publicité, selon le manuel ?",
     "choix": ["Multiplier les bannières", "Raconter une histoire (storytelling)", "Envoyer plus d'e-mails"],
     "bonne_reponse": 1,
     "explication": "Le storytelling (la saga Oasis, par exemple) attire l'attention sans s'imposer : "
                    "le public choisit de regarder."},
    {"question": "Une photo maladroite publiée par une marque déclenche des milliers de messages "
                 "indignés en quelques heures. Quel rejet l'organisation redoute-t-elle ici ?",
     "choix": ["Un bad buzz : elle perd le contrôle de sa communication",
               "Un manque d'équité dans la relation", "Un bloqueur de publicité"],
     "bonne_reponse": 0,
     "explication": "C'est le rejet vu du côté de l'organisation : un bouche-à-oreille négatif qui part "
                    "des réseaux sociaux (H&M en 2018, 2,3 millions de tweets selon le manuel STMG)."},
]


class QuestionQuiz(widgets.VBox):
    """Une question du quiz : ``boutons`` (un par choix) et ``retour`` (HTML du verdict)."""

    def __init__(self, numero: int, question: str, choix: list[str], bonne_reponse: int, explication: str,
                 au_clic: Callable[["QuestionQuiz", bool], None]):
        self.choix = list(choix)
        self.bonne_reponse = bonne_reponse
        self.explication = explication
        self.premier_essai: bool | None = None
        self._au_clic = au_clic
        self.enonce = widgets.HTML(f"<p style='font-size:1.05em;margin:0.6em 0 0.3em 0'><b>{numero}.</b> "
                                   f"{html.escape(question, quote=False)}</p>")
        self.boutons = [widgets.Button(description=texte, tooltip=texte,
                                       layout=widgets.Layout(width="auto", margin="0 0.5em 0.3em 0"))
                        for texte in self.choix]
        for indice, bouton in enumerate(self.boutons):
            bouton.on_click(lambda _b, i=indice: self.repondre(i))
        self.retour = widgets.HTML()
        super().__init__([self.enonce, widgets.HBox(self.boutons, layout=widgets.Layout(flex_flow="row wrap")),
                          self.retour])

    def repondre(self, indice: int) -> bool:
        """Enregistre la réponse ``indice`` (comme un clic) ; renvoie ``True`` si elle est juste."""
        juste = indice == self.bonne_reponse
        for i, bouton in enumerate(self.boutons):
            bouton.button_style = ("success" if juste else "danger") if i == indice else ""
        # Boîte lisible sans police emoji ni couleur (le mot est écrit), comme celle de verifier.
        if juste:
            self.retour.value = boite_html("juste", "Bonne réponse", self.explication)
        else:
            choisi, bonne = self.choix[indice], self.choix[self.bonne_reponse]
            self.retour.value = boite_html(
                "faux", "Pas tout à fait",
                f"« {choisi} » n'est pas la bonne réponse. La bonne réponse était « {bonne} ». "
                f"{self.explication}")
        if self.premier_essai is None:
            self.premier_essai = juste
        self._au_clic(self, juste)
        return juste


class Quiz(widgets.VBox):
    """Un quiz à boutons : ``questions`` (liste de :class:`QuestionQuiz`), ``retours`` (leurs
    ``HTML`` de verdict, dans l'ordre) et ``score`` (HTML : réussites au premier essai)."""

    def __init__(self, questions, titre: str = "Quiz"):
        if not isinstance(questions, (list, tuple)) or not questions:
            raise ValueError("questions doit être une liste non vide de dictionnaires "
                             "{question, choix, bonne_reponse, explication}.")
        self.score = widgets.HTML()
        self.questions = [QuestionQuiz(numero, *_verifier_question(numero, question), au_clic=self._maj_score)
                          for numero, question in enumerate(questions, start=1)]
        self.retours = [question.retour for question in self.questions]
        entete = widgets.HTML(f"<h3 style='margin:0.3em 0'>{html.escape(titre)}</h3>")
        super().__init__([entete, *self.questions, self.score])
        self._maj_score()

    def _maj_score(self, *_):
        repondues = [question for question in self.questions if question.premier_essai is not None]
        justes = sum(1 for question in repondues if question.premier_essai)
        total = len(self.questions)
        self.score.value = (f"<p style='margin-top:0.8em'><b>Score</b>{ESPACE_UNITE}: {justes} bonne(s) "
                            f"réponse(s) du premier coup sur {total} question(s)"
                            f" ({len(repondues)} question(s) tentée(s)).</p>")


def _verifier_question(numero, question):
    if not isinstance(question, Mapping):
        raise TypeError(f"la question {numero} doit être un dictionnaire, or elle est de type "
                        f"{type(question).__name__}.")
    manquantes = [cle for cle in ("question", "choix", "bonne_reponse", "explication") if cle not in question]
    if manquantes:
        raise ValueError(f"la question {numero} n'a pas la (les) clé(s) {', '.join(manquantes)} ; "
                         "attendu : question, choix, bonne_reponse, explication.")
    choix = question["choix"]
    if (not isinstance(choix, (list, tuple)) or len(choix) < 2
            or not all(isinstance(texte, str) for texte in choix)):
        raise ValueError(f"la question {numero} : choix doit être une liste d'au moins deux textes.")
    bonne = question["bonne_reponse"]
    if isinstance(bonne, str):
        if bonne not in choix:
            raise ValueError(f"la question {numero} : bonne_reponse {bonne!r} ne figure pas dans choix.")
        bonne = list(choix).index(bonne)
    elif isinstance(bonne, (int, np.integer)) and not isinstance(bonne, bool):
        if not 0 <= bonne < len(choix):
            raise ValueError(f"la question {numero} : bonne_reponse vaut {bonne}, or c'est la position du bon "
                             f"choix, entre 0 et {len(choix) - 1}.")
    else:
        raise TypeError(f"la question {numero} : bonne_reponse doit être la position du bon choix (0, 1…) "
                        "ou son texte.")
    return str(question["question"]), list(choix), int(bonne), str(question["explication"])


def quiz(questions=None, titre: str = "Quiz : les formes de rejet") -> Quiz:
    """Un quiz à boutons, avec un retour en français (« Bonne réponse » / « Pas tout à fait » et l'explication).

    ``questions`` : liste de dictionnaires ``{"question", "choix", "bonne_reponse",
    "explication"}``, ``bonne_reponse`` étant la position du bon choix (0, 1…) ou son texte.
    Par défaut, le quiz de la leçon 04 sur les formes de rejet (:data:`QUESTIONS_REJET`).
    Chaque question expose ``boutons`` et ``retour`` ; ``Quiz.retours`` les regroupe.
    """
    return Quiz(QUESTIONS_REJET if questions is None else questions, titre)
