"""Vérification immédiate des réponses dans les notebooks d'exercices.

Dans un exercice, l'élève écrit sa réponse dans la variable ``reponse`` puis exécute
la cellule ``verifier("2.3", reponse)``, qui affiche une boîte colorée (HTML, avec un repli
texte) dont le mot suffit à comprendre le verdict, sans couleur ni police emoji :

- « Juste » et une courte explication quand la réponse est juste ;
- « Pas encore » et un indice ciblé (ce qu'il faut regarder, jamais la réponse) ;
- « À compléter » tant que la réponse est encore le ``...`` d'origine ;
- « Non vérifié » quand ``reponse`` est périmée : la cellule de réponse juste au-dessus s'est
  arrêtée sur une erreur ou n'a pas été exécutée (voir :mod:`relation_client.saisie`, chargé
  automatiquement dans un noyau IPython par l'import de ce module).

Les messages parlent à un débutant : tableau, colonne, ligne, valeur, jamais de mot Python.

``evaluer`` fait le même travail sans rien afficher et renvoie un :class:`Resultat`
(c'est lui qu'utilise le correcteur de copies). Ni l'un ni l'autre ne lève jamais
d'exception, quoi que l'élève passe : ``None``, un texte, une liste, NaN, un tableau
avec d'autres colonnes, un objet qui lève à la comparaison…

Les clés de correction (les listes de :class:`Question`) sont dans
``relation_client.corriges.exercice_NN`` (côté enseignant), écrites avec les types de
:mod:`relation_client.cles` (``Question``, ``Erreur``, ``erreur_*``…), que ce module réexporte.

Ce module n'expose aux élèves aucune valeur attendue : ce qu'il faut au retour immédiat reste
interne et non documenté (préfixe ``_`` : ``_question``, ``Question._valeur_attendue``), et le
correcteur met à 0 une copie qui lit le corrigé (voir :mod:`relation_client.acces_corrige`).
"""

from __future__ import annotations

import decimal
import fractions
import math
import numbers
import os
import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from relation_client import corriges as registre
from relation_client import cles, saisie
from relation_client.cles import (
    GENRES,
    INDICE_POURCENTAGE,
    PARCOURS,
    Erreur,
    Question,
    empreinte,
    erreur_choix,
    erreur_complement,
    erreur_facteur,
    erreur_inverse,
    erreur_pourcentage,
    erreur_valeur,
    normaliser_texte,
    proche,
)
from relation_client.controles import decrire, refus_texte
from relation_client.format_exercices import TEXTE_A_COMPLETER

# Les types des clés (module cles) restent importables d'ici, comme avant la séparation.
__all__ = ["Resultat", "evaluer", "verifier", "exiger_juste", "exercices_disponibles", "STATUTS",
           "TEXTE_A_COMPLETER", *cles.__all__]

#: ``non_verifie`` n'est produit que par ``verifier`` dans un noyau (réponse périmée), jamais par
#: ``evaluer``.
STATUTS = ("juste", "faux", "a_completer", "invalide", "inconnue", "manuel", "non_verifie", "indisponible")

_MESSAGE_A_COMPLETER = ("À compléter : remplacez les trois points (...) par votre réponse, "
                        "puis exécutez à nouveau la cellule de réponse et celle-ci.")


# ---------------------------------------------------------------------------
# Le résultat d'une évaluation
# ---------------------------------------------------------------------------

@dataclass
class Resultat:
    """Résultat de la vérification d'une réponse (``question`` est l'identifiant)."""

    question: str
    statut: str
    points: float
    points_max: float
    message: str

    @property
    def juste(self) -> bool:
        return self.statut == "juste"

    def titre(self) -> str:
        """Le mot du verdict : « Juste », « Pas encore », « À compléter »…"""
        return _TITRES.get(self.statut, "Pas encore")

    def _corps(self) -> str:
        """Le message sans le mot du verdict (qu'il soit déjà écrit dans le message ou non)."""
        titre = self.titre()
        message = str(self.message).strip()
        if message.startswith(titre + " :"):
            message = message[len(titre) + 2:].strip()
        return _minuscule_initiale(message)

    def texte(self) -> str:
        """Le texte simple du verdict (sans emoji) : « Juste : … », « Pas encore : … »."""
        corps = self._corps()
        if self.statut == "juste" and not corps:
            corps = "bravo !"
        return f"{self.titre()} : {corps}" if corps else self.titre()

    def html(self) -> str:
        """La boîte colorée que ``verifier`` affiche dans un notebook (voir :func:`saisie.boite_html`)."""
        corps = self._corps()
        if self.statut == "juste" and not corps:
            corps = "bravo !"
        return saisie.boite_html(_GENRES_BOITE.get(self.statut, "faux"), self.titre(), corps)

    def _repr_mimebundle_(self, include=None, exclude=None):
        return {"text/plain": self.texte(), "text/html": self.html()}


_TITRES = {
    "juste": "Juste",
    "faux": "Pas encore",
    "invalide": "Pas encore",
    "a_completer": "À compléter",
    "manuel": "Réponse enregistrée",
    "inconnue": "Question inconnue",
    "non_verifie": "Non vérifié",
    "indisponible": "Correction indisponible",
}
_GENRES_BOITE = {"juste": "juste", "faux": "faux", "invalide": "faux", "a_completer": "a_completer",
                 "manuel": "info", "inconnue": "erreur", "non_verifie": "erreur",
                 "indisponible": "erreur"}


# Premiers mots qu'on peut écrire en minuscule après « Juste : » ou « Pas encore : » ; un autre mot
# (un nom propre : « Marc », « Verveine », « Pareto ») garde sa majuscule.
_MOTS_COURANTS = frozenset("""
vous votre vos le la les l un une des du de d ce cet cette ces c il elle ils elles on dans en pour
si quand attention est sont oui non presque bravo exact exactement bien bonne bon très tout toute
tous toutes chaque ici sur avec sans au aux à a deux trois seul seule seuls pas plus moins ne n
qu que quel quelle quels quelles mais car donc ou et comme cela ça puis leur leurs son sa ses mon
ma mes notre nos y lorsque parce entre selon même autre autres aucun aucune certains certaines
""".split())


def _minuscule_initiale(texte: str) -> str:
    """« Vous avez… » → « vous avez… » après « Pas encore : » ; « CAC » et « Marc » ne changent pas.

    Seuls les mots courants (articles, pronoms…) et les impératifs en « -ez » (« Regardez »)
    passent en minuscule : un nom propre garde sa majuscule.
    """
    if len(texte) > 1 and texte[0].isupper() and texte[1].islower():
        premier = re.match(r"[^\W\d_]+", texte)
        mot = premier.group(0).lower() if premier else ""
        if mot in _MOTS_COURANTS or (len(mot) > 3 and mot.endswith("ez")):
            return texte[0].lower() + texte[1:]
    return texte


# ---------------------------------------------------------------------------
# Le registre des questions
# ---------------------------------------------------------------------------

def _questions(exercice) -> list[Question]:
    """Les questions d'un exercice (``"02"``, ``"2"`` ou ``2``) ; interne (côté enseignant :
    ``relation_client.corriges.questions``)."""
    return registre.questions(exercice)


def _question(identifiant: str) -> Question:
    """Une question par son identifiant (``"2.3"``) ; ``KeyError`` en français si inconnue (interne)."""
    return registre.question(identifiant)


def __getattr__(nom: str):
    # Compatibilité (code d'enseignant ou de développeur écrit avant que ces fonctions ne deviennent
    # internes) : non documenté ; le registre public est ``relation_client.corriges``. Une copie
    # d'élève qui s'en sert est repérée par le correcteur (relation_client.acces_corrige).
    if nom in ("question", "questions"):
        return globals()["_" + nom]
    raise AttributeError(f"module {__name__!r} has no attribute {nom!r}")


def exercices_disponibles() -> list[str]:
    """Numéros des exercices qui ont une clé de correction (``["01", "02", …]``)."""
    return registre.exercices_disponibles()


# ---------------------------------------------------------------------------
# Évaluer une réponse
# ---------------------------------------------------------------------------

class _Refus(Exception):
    """Réponse du mauvais type : le message explique quoi écrire."""


def _identifiant(question_id) -> str:
    if isinstance(question_id, float):
        question_id = repr(question_id)
    texte = str(question_id).strip()
    if texte[:1] in "qQ":
        texte = texte[1:]
    return texte


def _question_inconnue(ident: str) -> Resultat:
    try:
        disponibles = registre.exercices_disponibles()
    except Exception:
        disponibles = []
    prefixe = ident.split(".")[0] if "." in ident else ""
    numero = prefixe.zfill(2) if prefixe.isdigit() else None
    if numero in disponibles:
        ids = [q.id for q in registre.questions(numero)]
        message = (f"la question « {ident} » n'existe pas. Questions de l'exercice {numero} : "
                   f"{', '.join(ids)}. Vérifiez le numéro de question écrit dans verifier(…).")
    else:
        liste = ", ".join(disponibles) if disponibles else "aucun"
        message = (f"la question « {ident} » n'existe pas (un identifiant s'écrit comme « 2.3 »). "
                   f"Exercices disponibles : {liste}.")
    return Resultat(ident, "inconnue", 0.0, 0.0, "Question inconnue : " + message)


def evaluer(question_id, reponse) -> Resultat:
    """Évalue ``reponse`` pour la question ``question_id`` ; ne lève jamais d'exception."""
    try:
        ident = _identifiant(question_id)
    except BaseException as exc:  # noqa: BLE001 - un identifiant hostile ne doit rien casser
        if isinstance(exc, KeyboardInterrupt):
            raise
        ident = "?"
    try:
        q = _question(ident)
    except KeyboardInterrupt:
        raise
    except BaseException:  # noqa: BLE001
        try:
            return _question_inconnue(ident)
        except Exception:
            return Resultat(ident, "inconnue", 0.0, 0.0, f"Question inconnue : « {ident} ».")
    try:
        return _evaluer(q, reponse)
    except KeyboardInterrupt:
        raise
    except _Refus as refus:
        return Resultat(q.id, "invalide", 0.0, float(q.points), str(refus))
    except BaseException as exc:  # noqa: BLE001 - même SystemExit levé par un objet hostile
        return Resultat(q.id, "invalide", 0.0, float(q.points),
                        f"votre réponse ({decrire(reponse, sans_jargon=True)}) ne peut pas être vérifiée. "
                        "Écrivez dans "
                        f"reponse une valeur simple : {_forme_attendue(q)}.")


def verifier(question_id, reponse) -> None:
    """Affiche le verdict pour ``reponse`` (« Juste », « Pas encore », « À compléter »…) ; ne lève jamais,
    sauf sous nbgrader (``autograde``, ``validate``) où une réponse qui n'est pas juste lève
    ``AssertionError`` : la cellule de vérification vaut alors 0 point.

    Dans un noyau IPython, le verdict est une boîte HTML (avec son repli texte) ; ailleurs, une
    ligne de texte. Dans un noyau, une réponse périmée n'est jamais notée : si la cellule de
    réponse juste au-dessus s'est arrêtée sur une erreur ou n'a pas été exécutée, ``verifier``
    le dit (« Non vérifié ») sans rien évaluer (voir :func:`relation_client.saisie.message_perime`).
    """
    resultat = None
    try:
        q = _question(_identifiant(question_id))  # question inconnue : evaluer le dira
        perime = saisie.etat_avant_verification(q.id)
        if perime:
            resultat = Resultat(q.id, "non_verifie", 0.0, float(q.points), perime)
    except KeyboardInterrupt:
        raise
    except BaseException:  # noqa: BLE001 - le journal ne doit jamais empêcher de vérifier
        resultat = None
    if resultat is None:
        resultat = evaluer(question_id, reponse)
    _afficher(resultat)
    if resultat.statut != "juste" and _sous_nbgrader():
        # Seule exception à « ne lève jamais » : sous nbgrader (autograde, validate), la cellule de
        # vérification échoue, donc vaut 0 point. Pas de tests cachés (ils faisaient changer la
        # somme de contrôle de chaque cellule de vérification : avertissement sur chaque copie).
        raise AssertionError(f"Question {resultat.question} : {resultat.texte()}")


def _sous_nbgrader() -> bool:
    """Vrai quand nbgrader exécute le notebook (``nbgrader autograde`` ou ``validate``)."""
    return os.environ.get("NBGRADER_EXECUTION") in ("autograde", "validate")


def _afficher(resultat: Resultat) -> None:
    try:
        if saisie.ipython_courant() is not None:
            from IPython.display import display  # IPython n'est importé que dans un noyau
            display({"text/plain": resultat.texte(), "text/html": resultat.html()}, raw=True)
            return
    except Exception:
        pass
    try:
        print(resultat.texte())
    except Exception:  # un flux de sortie défaillant ne doit pas faire échouer la cellule
        pass


def exiger_juste(question_id, reponse) -> None:
    """Lève ``AssertionError`` si la réponse n'est pas juste (tests cachés nbgrader)."""
    resultat = evaluer(question_id, reponse)
    if resultat.statut != "juste":
        raise AssertionError(f"Question {resultat.question} : {resultat.texte()}")


def _forme_attendue(q: Question) -> str:
    return {
        "nombre": "un nombre",
        "serie": "une valeur par étiquette (une colonne de valeurs avec leurs étiquettes)",
        "tableau": "un tableau",
        "choix": "un texte court entre guillemets" + (f" ({', '.join(q.choix)})" if q.choix else ""),
        "texte_libre": "un texte",
    }[q.genre]


def _juste(q: Question, complement: str = "") -> Resultat:
    message = (q.explication + (" " + complement if complement else "")).strip()
    return Resultat(q.id, "juste", float(q.points), float(q.points), message)


def _faux(q: Question, message: str) -> Resultat:
    return Resultat(q.id, "faux", 0.0, float(q.points), message)


def _evaluer(q: Question, reponse) -> Resultat:
    if reponse is Ellipsis:
        return Resultat(q.id, "a_completer", 0.0, float(q.points), _MESSAGE_A_COMPLETER)
    if q.genre == "texte_libre":
        return _evaluer_texte_libre(q, reponse)
    if q.genre == "choix":
        return _evaluer_choix(q, reponse)
    try:
        attendu = q._valeur_attendue()
    except Exception as exc:  # jeu de données absent, bibliothèque manquante…
        # Panne côté enseignant (données absentes, clé cassée) : jamais confondue avec une erreur
        # de l'élève, jamais un « invalide » silencieux.
        return Resultat(q.id, "indisponible", 0.0, float(q.points),
                        "la correction de cette question est indisponible : prévenez votre enseignant "
                        f"(détails techniques : {type(exc).__name__} : {exc}).")
    if q.genre == "nombre":
        return _evaluer_nombre(q, reponse, attendu)
    if q.genre == "serie":
        return _evaluer_serie(q, reponse, attendu)
    return _evaluer_tableau(q, reponse, attendu)


def _essayer_erreurs(q: Question, r, a) -> str | None:
    for erreur in q.erreurs:
        try:
            if bool(erreur.test(r, a)):
                return erreur.indice
        except Exception:
            continue
    return None


# --- textes -----------------------------------------------------------------

def _evaluer_texte_libre(q: Question, reponse) -> Resultat:
    if reponse is None or (isinstance(reponse, str) and
                           (not reponse.strip() or reponse.strip() == TEXTE_A_COMPLETER)):
        return Resultat(q.id, "a_completer", 0.0, float(q.points),
                        "À compléter : rédigez votre réponse dans la cellule prévue.")
    return Resultat(q.id, "manuel", 0.0, float(q.points),
                    "Réponse enregistrée : cette question est corrigée par l'enseignant.")


def _evaluer_choix(q: Question, reponse) -> Resultat:
    if reponse is None:
        raise _Refus("votre réponse est vide : écrivez votre choix entre guillemets, "
                     "par exemple reponse = \"A\".")
    if isinstance(reponse, bool) or not isinstance(reponse, (str, numbers.Integral)):
        raise _Refus(f"votre réponse est {decrire(reponse, sans_jargon=True)} : écrivez votre choix "
                     "entre guillemets"
                     + (f" (l'une des options : {', '.join(q.choix)})." if q.choix else "."))
    r = normaliser_texte(reponse)
    if not r:
        raise _Refus("votre réponse est vide : écrivez votre choix entre guillemets.")
    if q.choix:
        options = {normaliser_texte(c): c for c in q.choix}
        if r not in options:
            raise _Refus(f"« {reponse} » n'est pas l'une des options proposées : "
                         f"{', '.join(q.choix)}.")
    if q.empreinte is not None:
        bon = empreinte(q.id, r) == q.empreinte
    else:
        bon = r == normaliser_texte(q._valeur_attendue())
    if bon:
        return _juste(q)
    indice = _essayer_erreurs(q, r, None)
    return _faux(q, indice or "ce n'est pas le meilleur choix. Relisez l'énoncé et comparez les "
                               "options une à une avec les chiffres.")


# --- nombres ----------------------------------------------------------------

def _plusieurs_valeurs(n: int) -> _Refus:
    return _Refus(f"votre réponse contient {n} valeurs, or un seul nombre est attendu. "
                  "Faut-il les additionner, en faire la moyenne, ou n'en garder qu'une ?")


def _virgule_decimale(reponse) -> _Refus | None:
    """``reponse = 0,85`` donne en Python deux nombres (0 et 85) : l'élève voulait 0.85."""
    try:
        if not (isinstance(reponse, tuple) and len(reponse) >= 2):
            return None
        entiers = all(isinstance(x, numbers.Integral) and not isinstance(x, (bool, np.bool_))
                      for x in reponse)
        if not entiers:
            if all(isinstance(x, numbers.Real) and not isinstance(x, (bool, np.bool_)) for x in reponse):
                return _Refus(f"votre réponse contient {len(reponse)} nombres séparés par des virgules. "
                              "En Python, la virgule des décimales s'écrit avec un point (0.85), et la "
                              "virgule sépare des valeurs : écrivez un seul nombre.")
            return None
        nombres = [int(x) for x in reponse]
        tape = ",".join(str(x) for x in nombres)
        regle = "En Python, la virgule des décimales s'écrit avec un point"
        if len(nombres) == 2 and nombres[1] >= 0:
            message = f"vous avez écrit {tape}. {regle} : écrivez {nombres[0]}.{nombres[1]}."
            if len(str(nombres[1])) == 3 and nombres[0] != 0:
                message += (f" Et si c'est un nombre en milliers ({nombres[0]} {nombres[1]}), écrivez "
                            f"{nombres[0]}{nombres[1]}, sans espace ni virgule.")
            return _Refus(message)
        if all(len(str(x)) == 3 and x >= 0 for x in nombres[1:]):
            return _Refus(f"vous avez écrit {tape}. Un nombre s'écrit sans séparateur de milliers : "
                          f"écrivez {''.join(str(x) for x in nombres)}. {regle} (0.85).")
        return _Refus(f"votre réponse contient {len(nombres)} nombres séparés par des virgules. {regle} "
                      "(0.85), et la virgule sépare des valeurs : écrivez un seul nombre.")
    except Exception:
        return None


def _reponse_en_nombre(reponse) -> float:
    """Convertit la réponse en un flottant fini, sinon lève :class:`_Refus`."""
    if reponse is None:
        raise _Refus("votre réponse est vide. Avez-vous bien écrit « reponse = » suivi de votre "
                     "calcul ? Attention : afficher un résultat ne le range pas dans reponse.")
    if reponse is pd.NA or reponse is pd.NaT:
        raise _Refus("votre réponse est une valeur manquante (case vide) : une colonne vide ou un "
                     "filtre qui ne garde aucune ligne ?")
    if isinstance(reponse, (bool, np.bool_)):
        raise _Refus(f"votre réponse est {decrire(reponse, sans_jargon=True)}, or un nombre est attendu.")
    virgule = _virgule_decimale(reponse)
    if virgule is not None:
        raise virgule
    if isinstance(reponse, str):
        raise _Refus(refus_texte(reponse, "votre réponse", reecrire_le_nombre=False))
    if isinstance(reponse, (pd.Series, pd.DataFrame, np.ndarray, list, tuple)):
        taille = reponse.size if isinstance(reponse, (pd.Series, pd.DataFrame, np.ndarray)) else len(reponse)
        if taille == 0:
            raise _Refus("votre réponse est vide (aucune valeur) : vérifiez votre filtre.")
        if taille > 1:
            raise _plusieurs_valeurs(taille)
        if isinstance(reponse, (list, tuple)):
            return _reponse_en_nombre(reponse[0])
        return _reponse_en_nombre(np.asarray(reponse).ravel()[0])
    if isinstance(reponse, dict):
        raise _plusieurs_valeurs(len(reponse)) if len(reponse) != 1 else \
            _Refus("votre réponse est une valeur avec son étiquette : un seul nombre est attendu.")
    if isinstance(reponse, complex) or isinstance(reponse, np.complexfloating):
        raise _Refus("votre réponse est un nombre complexe : un nombre réel est attendu.")
    if isinstance(reponse, (numbers.Real, decimal.Decimal, fractions.Fraction, np.number)):
        x = float(reponse)
    else:
        raise _Refus(f"votre réponse est {decrire(reponse, sans_jargon=True)}, or un nombre est attendu.")
    if math.isnan(x):
        raise _Refus("votre réponse est une valeur manquante (case vide) : une colonne vide, un filtre "
                     "qui ne garde aucune ligne ou une division 0/0 ?")
    if math.isinf(x):
        raise _Refus("votre réponse est infinie : avez-vous divisé par zéro ?")
    return x


def _indices_generiques(q: Question, r: float, a: float) -> str | None:
    tol = max(q.tolerance_rel, 1e-3)
    if a != 0 and proche(r, 100 * a, rel=tol):
        return ("votre réponse est 100 fois trop grande. Un taux s'écrit comme une fraction entre "
                "0 et 1 (12 % s'écrit 0.12) : avez-vous multiplié par 100 ?")
    if a != 0 and proche(r, a / 100, rel=tol):
        return ("votre réponse est 100 fois trop petite : avez-vous divisé par 100 une valeur "
                "qui était déjà une fraction (ou des euros) ?")
    if a != 0 and r != 0 and proche(r, 1 / a, rel=tol) and not proche(a, 1 / a, rel=tol):
        return ("vous avez sans doute inversé le rapport : vérifiez ce qui va au numérateur "
                "et ce qui va au dénominateur.")
    if a != 0 and proche(r, -a, rel=tol):
        return "le signe est inversé : vérifiez le sens de la soustraction (gain − coût)."
    if q.unite == "taux" and not 0 <= r <= 1 and 0 <= a <= 1:
        return "un taux s'écrit comme une fraction entre 0 et 1 : vérifiez votre calcul."
    if a != 0 and proche(r, a, rel=0.05):
        return ("vous êtes proche, mais pas assez précis : n'arrondissez pas en cours de calcul "
                "et vérifiez que vous avez pris toutes les lignes utiles.")
    return None


def _message_par_defaut(q: Question) -> str:
    message = ("ce n'est pas la valeur attendue. Relisez l'énoncé : quelles données, "
               "quel numérateur, quel dénominateur ?")
    if q.unite == "taux":
        message += " La réponse est un taux, écrit comme une fraction entre 0 et 1."
    elif q.unite:
        message += f" Unité attendue : {q.unite}."
    return message


def _evaluer_nombre(q: Question, reponse, attendu) -> Resultat:
    r = _reponse_en_nombre(reponse)
    if q.empreinte is not None and attendu is None:
        pas = 0.5 * 10 ** (-q.decimales)
        if any(empreinte(q.id, x, q.decimales) == q.empreinte for x in (r, r - pas, r + pas)):
            return _juste(q)
        return _faux(q, _essayer_erreurs(q, r, None) or _message_par_defaut(q))
    a = float(attendu)
    if math.isclose(r, a, rel_tol=q.tolerance_rel, abs_tol=q.tolerance_abs):
        return _juste(q)
    indice = _essayer_erreurs(q, r, a)
    if indice is None and q.indices_generiques:
        indice = _indices_generiques(q, r, a)
    return _faux(q, indice or _message_par_defaut(q))


# --- séries et tableaux -------------------------------------------------------

def _liste_noms(noms, maximum: int = 12) -> str:
    noms = [str(n) for n in noms]
    if len(noms) > maximum:
        return ", ".join(noms[:maximum]) + f"… ({len(noms)} au total)"
    return ", ".join(noms)


def _est_numerique(serie: pd.Series) -> bool:
    return pd.api.types.is_numeric_dtype(serie) and not pd.api.types.is_bool_dtype(serie)


def _comparer_valeurs(r: pd.Series, a: pd.Series, q: Question) -> np.ndarray:
    """Masque des positions justes (séries de même longueur, déjà alignées)."""
    if _est_numerique(a):
        if not _est_numerique(r):
            converti = pd.to_numeric(r, errors="coerce")
            if converti.isna().any():
                nom = f" « {r.name} »" if r.name is not None else ""
                raise _Refus(f"la colonne{nom} contient du texte, or des nombres sont attendus : "
                             "avez-vous pris la bonne colonne ?")
            r = converti
        xr = np.asarray(r, dtype="float64")
        xa = np.asarray(a, dtype="float64")
        return np.isclose(xr, xa, rtol=q.tolerance_rel, atol=q.tolerance_abs) | (np.isnan(xr) & np.isnan(xa))
    return np.asarray([normaliser_texte(x) == normaliser_texte(y) for x, y in zip(r, a)], dtype=bool)


def _etiquettes(index: pd.Index) -> list[str]:
    return [str(x) for x in index]


def _aligner_serie(r: pd.Series, a: pd.Series, quoi: str) -> pd.Series:
    cles_a, cles_r = _etiquettes(a.index), _etiquettes(r.index)
    if len(set(cles_r)) != len(cles_r):
        raise _Refus(f"{quoi} a plusieurs lignes pour la même étiquette : il faut une seule ligne par "
                     "étiquette (faites d'abord le total ou la moyenne par étiquette).")
    if set(cles_a) != set(cles_r):
        manquantes = [c for c in cles_a if c not in set(cles_r)]
        en_trop = [c for c in cles_r if c not in set(cles_a)]
        nom = f" ({a.index.name})" if a.index.name else ""
        message = f"les étiquettes des lignes{nom} ne correspondent pas. Attendues : {_liste_noms(cles_a)}."
        if manquantes:
            message += f" Il manque : {_liste_noms(manquantes)}."
        if en_trop:
            message += f" En trop : {_liste_noms(en_trop)}."
        raise _Refus(message)
    position = {c: i for i, c in enumerate(cles_r)}
    return pd.Series(np.asarray(r.iloc[[position[c] for c in cles_a]]), index=a.index, name=r.name)


def _indice_colonne(q: Question, r: pd.Series, a: pd.Series, nom: str) -> str | None:
    if not (_est_numerique(a) and _est_numerique(r)):
        return None
    tol = max(q.tolerance_rel, 1e-3)
    xa = np.asarray(a, dtype="float64")
    xr = np.asarray(r, dtype="float64")
    non_nuls = xa != 0
    if not non_nuls.any():
        return None
    if np.allclose(xr[non_nuls], 100 * xa[non_nuls], rtol=tol):
        return (f"{nom} : les valeurs sont 100 fois trop grandes. Un taux s'écrit comme une fraction "
                "(12 % s'écrit 0.12) : avez-vous multiplié par 100 ?")
    if np.all(xr[non_nuls] != 0) and np.allclose(xr[non_nuls], 1 / xa[non_nuls], rtol=tol):
        return (f"{nom} : vous avez sans doute inversé le rapport ; vérifiez le numérateur "
                "et le dénominateur.")
    if np.allclose(xr[non_nuls], -xa[non_nuls], rtol=tol):
        return f"{nom} : le signe est inversé."
    return None


def _en_serie(reponse, attendu: pd.Series) -> pd.Series:
    index = attendu.index.name or "étiquette"
    if reponse is None:
        raise _Refus("votre réponse est vide. Avez-vous bien écrit « reponse = » suivi de votre calcul ?")
    virgule = _virgule_decimale(reponse)
    if virgule is not None:
        raise virgule
    if isinstance(reponse, str):
        raise _Refus(f"votre réponse est du texte, or une valeur par {index} est attendue (une colonne de "
                     "valeurs avec leurs étiquettes).")
    if isinstance(reponse, dict):
        return pd.Series(reponse)
    if isinstance(reponse, pd.DataFrame):
        cle = attendu.index.name
        if cle is not None and cle in reponse.columns and reponse.shape[1] > 1:
            reponse = reponse.set_index(cle)
        numeriques = [c for c in reponse.columns if _est_numerique(reponse[c])]
        if reponse.shape[1] == 1:
            return reponse.iloc[:, 0]
        if attendu.name is not None and attendu.name in reponse.columns:
            return reponse[attendu.name]
        if len(numeriques) == 1 and reponse.shape[1] == 2:
            autre = [c for c in reponse.columns if c != numeriques[0]][0]
            return reponse.set_index(autre)[numeriques[0]]
        raise _Refus(f"votre réponse est un tableau de {reponse.shape[1]} colonnes, or une seule colonne "
                     "de valeurs est attendue : gardez seulement la bonne colonne.")
    if isinstance(reponse, pd.Series):
        return reponse
    if isinstance(reponse, (numbers.Real, np.number)) and not isinstance(reponse, (bool, np.bool_)):
        raise _Refus(f"votre réponse est un seul nombre, or une valeur par {index} est attendue : "
                     f"utilisez les valeurs « par {index} » préparées au-dessus, ou la fonction du cours "
                     "indiquée dans l'énoncé.")
    if isinstance(reponse, (list, tuple, np.ndarray)):
        raise _Refus(f"votre réponse est {decrire(reponse, sans_jargon=True)} sans étiquettes, "
                     "or il faut une valeur par "
                     f"{index}, chacune avec son étiquette : utilisez la fonction du cours indiquée dans "
                     "l'énoncé.")
    raise _Refus(f"votre réponse est {decrire(reponse, sans_jargon=True)}, "
                 f"or une valeur par {index} est attendue "
                 "(une colonne de valeurs avec leurs étiquettes).")


def _evaluer_serie(q: Question, reponse, attendu) -> Resultat:
    if not isinstance(attendu, pd.Series):
        attendu = pd.Series(attendu)
    r = _aligner_serie(_en_serie(reponse, attendu), attendu, "votre réponse")
    bons = _comparer_valeurs(r, attendu, q)
    if bons.all():
        return _juste(q)
    indice = _essayer_erreurs(q, r, attendu)
    if indice is None and q.indices_generiques:
        indice = _indice_colonne(q, r, attendu, "Votre réponse")
    if indice is None:
        faux = [str(k) for k, ok in zip(attendu.index, bons) if not ok]
        indice = (f"{len(faux)} valeur(s) sur {len(bons)} ne correspondent pas (par exemple pour "
                  f"« {faux[0]} »). " + _message_par_defaut(q)[0].upper() + _message_par_defaut(q)[1:])
    return _faux(q, indice)


def _index_parlant(df: pd.DataFrame) -> bool:
    return not (isinstance(df.index, pd.RangeIndex) and df.index.name is None)


def _normaliser_tableau(r: pd.DataFrame, a: pd.DataFrame) -> pd.DataFrame:
    """Met la clé de la réponse au même endroit que celle de la solution (index ou colonne)."""
    noms_index_a = [n for n in a.index.names if n is not None]
    if _index_parlant(a) and noms_index_a and all(n in r.columns for n in noms_index_a):
        r = r.set_index(noms_index_a)
    elif not _index_parlant(a):
        noms_index_r = [n for n in r.index.names if n is not None]
        if noms_index_r and all(n in a.columns for n in noms_index_r):
            r = r.reset_index()
    return r


def _evaluer_tableau(q: Question, reponse, attendu) -> Resultat:
    if not isinstance(attendu, pd.DataFrame):
        attendu = pd.DataFrame(attendu)
    colonnes_a = [str(c) for c in attendu.columns]
    if isinstance(reponse, pd.Series):
        raise _Refus("votre réponse n'a qu'une colonne de valeurs, or un tableau avec les colonnes "
                     f"{_liste_noms(colonnes_a)} est attendu.")
    if not isinstance(reponse, pd.DataFrame):
        if reponse is None:
            raise _Refus("votre réponse est vide. Avez-vous bien écrit « reponse = » suivi de votre calcul ?")
        virgule = _virgule_decimale(reponse)
        if virgule is not None:
            raise virgule
        raise _Refus(f"votre réponse est {decrire(reponse, sans_jargon=True)}, "
                     "or un tableau avec les colonnes "
                     f"{_liste_noms(colonnes_a)} est attendu.")
    if reponse.columns.duplicated().any():
        raise _Refus("votre tableau a plusieurs colonnes de même nom : renommez-les.")
    r = _normaliser_tableau(reponse, attendu)
    r = r.rename(columns=str)
    a = attendu.rename(columns=str)
    manquantes = [c for c in colonnes_a if c not in r.columns]
    if manquantes:
        recues = _liste_noms(r.columns) or "aucune"
        cle = ""
        if _index_parlant(attendu) and attendu.index.name:
            cle = f", avec une ligne par {attendu.index.name}"
        raise _Refus(f"les colonnes ne correspondent pas. Colonnes attendues : {_liste_noms(colonnes_a)}"
                     f"{cle} ; colonnes reçues : {recues}. Il manque : {_liste_noms(manquantes)}. "
                     "Renommez vos colonnes ou ajoutez celles qui manquent.")
    r = r[colonnes_a]
    if len(r) != len(a):
        raise _Refus(f"votre tableau a {len(r)} ligne(s), or {len(a)} sont attendues.")
    if _index_parlant(a):
        position = _aligner_serie(pd.Series(range(len(r)), index=r.index),
                                  pd.Series(range(len(a)), index=a.index), "votre tableau")
        r = r.iloc[np.asarray(position)].set_axis(a.index, axis=0)
    else:
        a = _trier(a)
        r = _trier(r)
    fautives = []
    for c in colonnes_a:
        bons = _comparer_valeurs(r[c].reset_index(drop=True), a[c].reset_index(drop=True), q)
        if not bons.all():
            fautives.append((c, int((~bons).sum())))
    if not fautives:
        return _juste(q)
    indice = _essayer_erreurs(q, r, a)
    if indice is None and q.indices_generiques:
        for c, _ in fautives:
            indice = _indice_colonne(q, r[c], a[c], f"Colonne « {c} »")
            if indice:
                break
    if indice is None:
        detail = "; ".join(f"« {c} » ({n} valeur(s) sur {len(a)})" for c, n in fautives)
        indice = f"les colonnes suivantes ne correspondent pas : {detail}. Vérifiez leur calcul."
    return _faux(q, indice)


def _trier(df: pd.DataFrame) -> pd.DataFrame:
    df = df.reset_index(drop=True)
    cles = pd.DataFrame({c: (df[c].astype("float64") if _est_numerique(df[c]) else df[c].astype(str))
                         for c in df.columns})
    ordre = cles.sort_values(list(cles.columns), kind="mergesort").index
    return df.iloc[np.asarray(ordre)].reset_index(drop=True)


# ---------------------------------------------------------------------------
# Dans un noyau IPython : les erreurs de frappe expliquées en français (relation_client.saisie)
# ---------------------------------------------------------------------------

def _charger_saisie() -> None:
    try:
        saisie.charger_si_noyau()
    except Exception:  # hors IPython, ou IPython trop ancien : la vérification marche sans
        pass


_charger_saisie()
