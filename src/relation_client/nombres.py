"""Le lecteur de nombres tapés à la main, à la française ou à l'anglaise (un seul pour tout le paquet).

:func:`lire_nombre` lit « 1 234,56 », « 1.234,56 », « 1,234.56 », « 12,50 € », « 85 % » ou
« 1,5E+03 » et dit ce qu'il a vu (virgule décimale, séparateur de milliers, symbole % ou €) :
les messages s'en servent pour expliquer comment écrire le nombre en Python. Il sert aux cellules
des fichiers CSV des élèves, aux réponses d'exercice écrites entre guillemets, aux arguments
écrits en texte et aux erreurs de frappe expliquées par :mod:`relation_client.saisie`.

Règles : les espaces (y compris insécables et fines) séparent les milliers ; un seul séparateur
« , » ou « . » est la virgule décimale ; quand les deux sont présents, le dernier est la virgule
décimale et l'autre sépare les milliers ; un séparateur répété sépare les milliers. Les groupes
de milliers ont trois chiffres (« 1 2 3 » n'est pas un nombre). « inf », « nan » et un nombre trop
grand ne sont pas des nombres. Bibliothèque standard seulement.

>>> lire_nombre("1 234,56 €").valeur
1234.56
>>> lire_nombre("1,234.56").separateur_milliers
','
>>> lire_nombre("25 %").ecriture_python
'0.25'
>>> lire_nombre("douze").valeur is None
True
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from decimal import Decimal

__all__ = ["Lecture", "lire_nombre", "texte_decimal"]

_EXPOSANT = re.compile(r"[eE][+-]?\d+$")
_CORPS = re.compile(r"[\d.,\s]*\d[\d.,\s]*")
_PREMIER_GROUPE = re.compile(r"\d{1,3}")
_GROUPE = re.compile(r"\d{3}")


@dataclass(frozen=True)
class Lecture:
    """Ce que :func:`lire_nombre` a lu dans un texte.

    - ``texte`` : le texte reçu ;
    - ``valeur`` : le nombre tel qu'il est écrit (« 25 % » → ``25.0``), ``None`` si le texte est
      vide ou n'est pas un nombre ;
    - ``ecriture`` : le même nombre écrit comme Python l'attend, chiffres gardés tels quels
      (« 1 234,50 € » → ``"1234.50"``), ``None`` si ce n'est pas un nombre ;
    - ``virgule_decimale`` : vrai si la virgule « , » sépare les décimales ;
    - ``separateur_milliers`` : ``" "`` (une espace, insécable ou fine comprise), ``"."``, ``","``
      ou ``""`` (aucun) ;
    - ``pourcentage`` / ``euro`` : vrai si le texte porte le symbole % / €.
    """

    texte: str
    valeur: float | None = None
    ecriture: str | None = None
    virgule_decimale: bool = False
    separateur_milliers: str = ""
    pourcentage: bool = False
    euro: bool = False

    @property
    def vide(self) -> bool:
        """Vrai si le texte ne contient rien (ou seulement des espaces)."""
        return not self.texte.strip()

    @property
    def ecriture_python(self) -> str | None:
        """Ce qu'il faut taper en Python : « 25 % » → ``"0.25"`` (un pourcentage devient une
        fraction), « 1 234,50 € » → ``"1234.50"``."""
        if self.ecriture is None or not self.pourcentage:
            return self.ecriture
        return texte_decimal(Decimal(self.ecriture).scaleb(-2))


def texte_decimal(valeur: Decimal) -> str:
    """Un décimal écrit sans exposant ni zéro inutile.

    >>> texte_decimal(Decimal("0.850")), texte_decimal(Decimal("1E+1"))
    ('0.85', '10')
    """
    texte = format(valeur.normalize(), "f")
    if "." in texte:
        texte = texte.rstrip("0").rstrip(".")
    return texte or "0"


def _groupes_valides(groupes: list[str]) -> bool:
    """« 1 », « 234 », « 567 » : un premier groupe de 1 à 3 chiffres, puis des groupes de 3."""
    return (bool(_PREMIER_GROUPE.fullmatch(groupes[0]))
            and all(_GROUPE.fullmatch(groupe) for groupe in groupes[1:]))


def _decouper(corps: str) -> tuple[str, str, str] | None:
    """Sépare la partie entière (sans séparateur), la partie décimale et le séparateur de milliers."""
    espaces = bool(re.search(r"\s", corps))
    points, virgules = corps.count("."), corps.count(",")
    decimale = milliers = ""
    if points and virgules:
        if espaces:
            return None
        decimale = "," if corps.rfind(",") > corps.rfind(".") else "."
        milliers = "." if decimale == "," else ","
    elif points or virgules:
        separateur = "," if virgules else "."
        if corps.count(separateur) == 1:
            decimale = separateur
        elif espaces:
            return None
        else:
            milliers = separateur
    if espaces:
        milliers = " "
    if decimale:
        if corps.count(decimale) != 1:
            return None
        entiere, decimales = corps.split(decimale)
        if not re.fullmatch(r"\d*", decimales):
            return None
    else:
        entiere, decimales = corps, ""
    if milliers:
        groupes = entiere.split() if milliers == " " else entiere.split(milliers)
        if milliers == " " and entiere != entiere.strip():
            return None
        if not _groupes_valides(groupes):
            return None
        entiere = "".join(groupes)
    elif not re.fullmatch(r"\d*", entiere):
        return None
    if not entiere and not decimales:
        return None
    return entiere, decimales, milliers


def lire_nombre(texte) -> Lecture:
    """Lit un nombre tapé à la main ; ne lève jamais (``valeur`` vaut ``None`` si ce n'en est pas un).

    >>> lire_nombre("1.234,56").valeur, lire_nombre("12,50 €").ecriture
    (1234.56, '12.50')
    >>> lecture = lire_nombre("0,85")
    >>> lecture.virgule_decimale, lecture.ecriture
    (True, '0.85')
    >>> lire_nombre("1 2 3").valeur is None, lire_nombre("").vide
    (True, True)
    """
    texte = str(texte)
    reste = texte.strip()
    pourcentage = reste.endswith("%")
    if pourcentage:
        reste = reste[:-1].rstrip()
    euro = reste.endswith("€") or reste.startswith("€")
    if euro:
        reste = reste.strip("€").strip()
    signe = ""
    if reste[:1] in ("+", "-"):
        signe, reste = reste[0].replace("+", ""), reste[1:].lstrip()
    exposant = _EXPOSANT.search(reste)
    if exposant:
        reste = reste[:exposant.start()]
    vu = {"texte": texte, "pourcentage": pourcentage, "euro": euro}
    if not _CORPS.fullmatch(reste):
        return Lecture(**vu)
    decoupe = _decouper(reste)
    if decoupe is None:
        return Lecture(**vu)
    entiere, decimales, milliers = decoupe
    ecriture = signe + (entiere or "0") + ("." + decimales if decimales else "")
    ecriture += exposant.group(0) if exposant else ""
    try:
        valeur = float(ecriture)
    except (ValueError, OverflowError):  # pragma: no cover - écriture validée ci-dessus
        return Lecture(**vu)
    if not math.isfinite(valeur):
        return Lecture(**vu)
    virgule = "," in reste and milliers != ","
    return Lecture(valeur=valeur, ecriture=ecriture, virgule_decimale=virgule,
                   separateur_milliers=milliers, **vu)
