"""Affichage des nombres à la française : ``1 234,50 €``, ``12,5 %``.

Le séparateur des milliers est une espace fine insécable (U+202F), l'espace avant
``€`` et ``%`` une espace insécable (U+00A0), comme le recommande l'Imprimerie nationale.
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal

ESPACE_MILLIERS = "\u202f"
ESPACE_UNITE = "\u00a0"

__all__ = ["nombre", "euros", "pourcentage", "ESPACE_MILLIERS", "ESPACE_UNITE"]


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
