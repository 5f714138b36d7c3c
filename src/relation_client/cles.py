"""Les clés de correction : les types qu'on écrit dans ``relation_client.corriges.exercice_NN``.

Une clé est une liste de :class:`Question` (identifiant, barème, valeur attendue recalculée,
explication) avec leurs :class:`Erreur` fréquentes, écrites avec les outils ``erreur_*``
(``erreur_pourcentage``, ``erreur_inverse``…). Aucune valeur attendue n'y est écrite en clair :
elle est recalculée à partir des jeux de données (``attendu=lambda: …``, mise en cache) ou
remplacée par une :func:`empreinte` SHA-256 de la valeur arrondie (voir ``docs/format_exercices.md``).

L'évaluation d'une réponse et le retour à l'élève sont dans :mod:`relation_client.verification`,
qui réexporte ces noms.

>>> q = Question("2.3", points=2, attendu=lambda: 0.25, erreurs=[erreur_pourcentage()])
>>> q.exercice, proche(0.2501, 0.25)
('02', True)
"""

from __future__ import annotations

import hashlib
import math
import numbers
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any, Callable

import numpy as np
import pandas as pd

__all__ = [
    "Erreur",
    "Question",
    "empreinte",
    "normaliser_texte",
    "proche",
    "erreur_valeur",
    "erreur_facteur",
    "erreur_pourcentage",
    "INDICE_POURCENTAGE",
    "erreur_inverse",
    "erreur_complement",
    "erreur_choix",
    "GENRES",
    "PARCOURS",
]

GENRES = ("nombre", "serie", "tableau", "choix", "texte_libre")
PARCOURS = ("essentiel", "approfondissement")

_SANS_VALEUR = object()


# ---------------------------------------------------------------------------
# Une question et ses erreurs fréquentes
# ---------------------------------------------------------------------------

@dataclass
class Erreur:
    """Une erreur fréquente et son indice.

    ``test(reponse, attendu)`` renvoie vrai quand la réponse de l'élève correspond à
    cette erreur (``attendu`` vaut ``None`` pour une question à empreinte). L'indice dit
    quoi regarder, sans donner la réponse. Un test qui lève une exception est ignoré.

    ``exemple(attendu)`` (facultatif) fabrique une réponse qui commet cette erreur : les
    tests s'en servent pour vérifier que chaque erreur déclarée reçoit bien son indice.
    """

    test: Callable[[Any, Any], bool]
    indice: str
    exemple: Callable[[Any], Any] | None = None


@dataclass
class Question:
    """Une question d'exercice et sa clé de correction.

    - ``id`` : ``"2.3"`` (exercice 02, question 3) ;
    - ``points`` : barème ;
    - ``attendu`` : fonction sans argument qui recalcule la valeur attendue à partir des
      jeux de données et des fonctions du paquet (résultat mis en cache) ;
    - ``explication`` : affichée quand la réponse est juste ;
    - ``erreurs`` : erreurs fréquentes, essayées dans l'ordre ;
    - ``genre`` : ``nombre``, ``serie``, ``tableau``, ``choix`` ou ``texte_libre`` ;
    - ``tolerance_rel`` / ``tolerance_abs`` : tolérance des comparaisons numériques ;
    - ``empreinte`` : SHA-256 de la réponse normalisée (voir :func:`empreinte`), pour
      les questions dont la réponse ne se recalcule pas (un choix) ;
    - ``decimales`` : arrondi utilisé pour l'empreinte d'un nombre ;
    - ``choix`` : options autorisées pour une question à choix (``["A", "B", "C"]``) ;
    - ``unite`` : ``"taux"`` (fraction entre 0 et 1), ``"€"``, ``"clients"``… (pour les indices) ;
    - ``titre`` : intitulé court, repris dans les retours du correcteur ;
    - ``indices_generiques`` : essayer aussi les indices communs (pourcentage au lieu
      d'une fraction, rapport inversé, signe) ;
    - ``parcours`` : ``"essentiel"`` (parcours de tous les élèves, sans programmation) ou
      ``"approfondissement"`` (« Pour aller plus loin », facultatif).
    """

    id: str
    points: float
    attendu: Callable[[], Any] | None = None
    explication: str = ""
    erreurs: list[Erreur] = field(default_factory=list)
    genre: str = "nombre"
    tolerance_rel: float = 1e-2
    tolerance_abs: float = 0.0
    empreinte: str | None = None
    decimales: int | None = None
    choix: list[str] | None = None
    unite: str = ""
    titre: str = ""
    indices_generiques: bool = True
    parcours: str = "essentiel"
    _cache: Any = field(default=_SANS_VALEUR, init=False, repr=False, compare=False)

    def __post_init__(self):
        if not re.fullmatch(r"\d+\.\d+", str(self.id)):
            raise ValueError(f"Identifiant de question {self.id!r} invalide : il s'écrit « N.k », "
                             "par exemple « 2.3 ».")
        if self.genre not in GENRES:
            raise ValueError(f"Question {self.id} : genre {self.genre!r} inconnu ; genres possibles : "
                             f"{', '.join(GENRES)}.")
        if not (isinstance(self.points, numbers.Real) and self.points > 0):
            raise ValueError(f"Question {self.id} : points vaut {self.points!r}, or il faut un nombre > 0.")
        if self.genre != "texte_libre" and self.attendu is None and self.empreinte is None:
            raise ValueError(f"Question {self.id} : il faut une fonction « attendu » ou une « empreinte ».")
        if self.empreinte is not None and self.genre == "nombre" and self.decimales is None:
            raise ValueError(f"Question {self.id} : une empreinte de nombre demande « decimales ».")
        if self.parcours not in PARCOURS:
            raise ValueError(f"Question {self.id} : parcours {self.parcours!r} inconnu ; parcours possibles : "
                             f"{', '.join(PARCOURS)}.")
        if self.genre == "choix" and self.choix is not None:
            self.choix = [str(c) for c in self.choix]

    @property
    def exercice(self) -> str:
        """Numéro de l'exercice sur deux chiffres (``"02"`` pour ``"2.3"``)."""
        return self.id.split(".")[0].zfill(2)

    def _valeur_attendue(self):
        """Valeur attendue (recalculée une fois, puis gardée en cache ; copie pour pandas).

        Interne (correcteur, tests) : l'API montrée aux élèves n'expose pas les valeurs attendues,
        et le correcteur met à 0 toute copie qui l'appelle (voir :mod:`relation_client.acces_corrige`).
        """
        if self.attendu is None:
            return None
        if self._cache is _SANS_VALEUR:
            self._cache = self.attendu()
        valeur = self._cache
        if isinstance(valeur, (pd.Series, pd.DataFrame)):
            return valeur.copy()
        return valeur


# ---------------------------------------------------------------------------
# Outils pour écrire les clés
# ---------------------------------------------------------------------------

def normaliser_texte(texte) -> str:
    """Minuscules, sans accents, espaces réduites, ponctuation de bord retirée."""
    t = unicodedata.normalize("NFKD", str(texte))
    t = "".join(c for c in t if not unicodedata.combining(c))
    t = t.replace("\u00a0", " ").replace("\u202f", " ").lower()
    t = re.sub(r"\s+", " ", t).strip()
    return t.strip(" .!?;:,()[]\"'«»").strip()


def _texte_empreinte(valeur, decimales: int | None) -> str:
    if decimales is not None:
        x = round(float(valeur), decimales) + 0.0  # + 0.0 : pas de « -0.00 »
        return f"{x:.{decimales}f}"
    return normaliser_texte(valeur)


def empreinte(question_id: str, valeur, decimales: int | None = None) -> str:
    """SHA-256 (hexadécimal) de ``"{question_id}|{valeur normalisée}"``.

    Un nombre est arrondi à ``decimales`` décimales (``f"{x:.2f}"``), un texte est
    normalisé par :func:`normaliser_texte`.
    """
    texte = f"{question_id}|{_texte_empreinte(valeur, decimales)}"
    return hashlib.sha256(texte.encode("utf-8")).hexdigest()


def proche(a, b, rel: float = 1e-3, abs_: float = 1e-9) -> bool:
    """Vrai si ``a`` et ``b`` sont égaux à la tolérance près (nombres, Series ou DataFrame alignés)."""
    try:
        if isinstance(a, (pd.Series, pd.DataFrame)) or isinstance(b, (pd.Series, pd.DataFrame)):
            xa = np.asarray(a, dtype="float64")
            xb = np.asarray(b, dtype="float64")
            return xa.shape == xb.shape and bool(np.allclose(xa, xb, rtol=rel, atol=abs_))
        fa, fb = float(a), float(b)
        if not (math.isfinite(fa) and math.isfinite(fb)):
            return False
        return math.isclose(fa, fb, rel_tol=rel, abs_tol=abs_)
    except Exception:
        return False


def _aligne_sur(x, modele):
    """Met ``x`` (Series/DataFrame) dans l'ordre des étiquettes de ``modele``."""
    if isinstance(x, pd.Series) and isinstance(modele, pd.Series):
        position = {str(k): i for i, k in enumerate(x.index)}
        return pd.Series(np.asarray(x)[[position[str(k)] for k in modele.index]], index=modele.index)
    if isinstance(x, pd.DataFrame) and isinstance(modele, pd.DataFrame):
        x = x.rename(columns=str)
        colonnes = [str(c) for c in modele.columns]
        position = {str(k): i for i, k in enumerate(x.index)}
        valeurs = x[colonnes].to_numpy()[[position[str(k)] for k in modele.index]]
        return pd.DataFrame(valeurs, index=modele.index, columns=colonnes)
    return x


def erreur_valeur(calcul: Callable[[], Any], indice: str, rel: float = 1e-2) -> Erreur:
    """Erreur « l'élève a fait ce calcul-là » : ``calcul()`` recalcule la réponse fautive.

    Marche pour un nombre, une série ou un tableau (comparés étiquette par étiquette).
    """
    def test(r, a):
        fautive = calcul()
        return proche(_aligne_sur(r, fautive) if isinstance(r, (pd.Series, pd.DataFrame)) else r,
                      fautive, rel=rel)

    return Erreur(test, indice, exemple=lambda a: calcul())


def erreur_facteur(facteur: float, indice: str) -> Erreur:
    """Erreur « réponse = facteur × la bonne valeur » (100 pour un pourcentage…)."""
    return Erreur(lambda r, a: proche(r, facteur * a, rel=1e-2), indice, exemple=lambda a: facteur * a)


INDICE_POURCENTAGE = ("Votre réponse est en pourcentage : écrivez une fraction entre 0 et 1 "
                      "(0.12 pour 12 %).")


def erreur_pourcentage(indice: str = INDICE_POURCENTAGE) -> Erreur:
    """Erreur la plus fréquente d'un taux : la réponse est en pourcentage (× 100)."""
    return erreur_facteur(100, indice)


def erreur_inverse(indice: str) -> Erreur:
    """Erreur « rapport inversé » : réponse = 1 / la bonne valeur."""
    return Erreur(lambda r, a: proche(r, 1 / a, rel=1e-2), indice, exemple=lambda a: 1 / a)


def erreur_complement(indice: str) -> Erreur:
    """Erreur « le complément » : réponse = 1 − la bonne valeur (attrition au lieu de rétention…)."""
    return Erreur(lambda r, a: proche(r, 1 - a, rel=1e-2), indice, exemple=lambda a: 1 - a)


def erreur_choix(option: str, indice: str) -> Erreur:
    """Erreur « a choisi telle option » pour une question à choix."""
    return Erreur(lambda r, a: r == normaliser_texte(option), indice, exemple=lambda a: option)

