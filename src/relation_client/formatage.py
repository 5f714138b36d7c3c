"""Affichage des nombres à la française : ``1 234,50 €``, ``12,5 %``.

Le séparateur des milliers est une espace fine insécable (U+202F), l'espace avant
``€`` et ``%`` une espace insécable (U+00A0), comme le recommande l'Imprimerie nationale.
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal

ESPACE_MILLIERS = "\u202f"
ESPACE_UNITE = "\u00a0"

__all__ = ["nombre", "euros", "pourcentage", "variation", "tableau", "ESPACE_MILLIERS", "ESPACE_UNITE"]


def nombre(valeur, decimales: int = 0) -> str:
    """``1234.5`` → ``'1 234,5'`` (avec ``decimales=1``)."""
    try:
        x = float(valeur)
    except (TypeError, ValueError):
        raise TypeError(f"Impossible d'afficher {valeur!r} : un nombre est attendu.") from None
    if math.isnan(x):
        return "—"
    if math.isinf(x):
        return "∞" if x > 0 else "-∞"
    # Arrondi commercial (2,5 → 3), et non « au pair » comme format().
    arrondi = Decimal(repr(x)).quantize(Decimal(1).scaleb(-decimales), rounding=ROUND_HALF_UP)
    texte = f"{arrondi:,.{decimales}f}"
    if texte.startswith("-") and float(texte.replace(",", "")) == 0:
        texte = texte[1:]
    return texte.replace(",", ESPACE_MILLIERS).replace(".", ",")


def euros(valeur, decimales: int = 2) -> str:
    """``1234.5`` → ``'1 234,50 €'``."""
    return f"{nombre(valeur, decimales)}{ESPACE_UNITE}€"


def pourcentage(fraction, decimales: int = 1) -> str:
    """``0.125`` → ``'12,5 %'`` (la valeur reçue est une fraction)."""
    return f"{nombre(100 * float(fraction), decimales)}{ESPACE_UNITE}%"


def variation(fraction, decimales: int = 1) -> str:
    """Variation signée : ``0.275`` → ``'+27,5 %'``, ``-0.1`` → ``'-10,0 %'``."""
    texte = pourcentage(fraction, decimales)
    return texte if texte.startswith("-") or float(fraction) <= 0 else "+" + texte


_FORMATS = {"nombre": nombre, "euros": euros, "pourcentage": pourcentage}


def tableau(donnees, formats: dict, noms: dict | None = None):
    """Copie d'un DataFrame prête à lire : colonnes formatées à la française et renommées.

    ``formats`` associe une colonne à ``"nombre"``, ``"euros"`` ou ``"pourcentage"``, ou à un
    couple ``(genre, decimales)`` : ``{"part_ca": "pourcentage", "chiffre_affaires": ("euros", 0)}``.
    ``noms`` renomme les colonnes pour l'affichage. Le tableau reçu n'est pas modifié.
    """
    resultat = donnees.copy()
    for colonne, genre in formats.items():
        if colonne not in resultat.columns:
            raise ValueError(f"formats cite la colonne {colonne!r}, absente du tableau "
                             f"(colonnes : {', '.join(map(str, resultat.columns))}).")
        genre, *decimales = genre if isinstance(genre, tuple) else (genre,)
        if genre not in _FORMATS:
            raise ValueError(f"format {genre!r} inconnu pour {colonne!r} : choisissez parmi "
                             f"{', '.join(_FORMATS)}.")
        resultat[colonne] = resultat[colonne].map(lambda v, f=_FORMATS[genre]: f(v, *decimales))
    return resultat.rename(columns=noms or {})
