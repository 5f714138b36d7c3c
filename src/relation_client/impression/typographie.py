"""Typographie française et Markdown des pages imprimées.

- :func:`typographier` : espaces insécables de la typographie française dans le texte d'une page HTML
  (jamais dans les balises ni le code) ;
- :func:`markdown_html` : le Markdown des notebooks et des fiches en HTML ;
- :func:`sans_entete_yaml`, :func:`premier_titre`, :func:`niveau_titre` : lire l'en-tête et les
  titres d'un texte Markdown.
"""

from __future__ import annotations

import re

from relation_client.formatage import insecables

_BALISE = re.compile(r"(<!--.*?-->|<[^>]*>)", re.S)
_SANS_TYPO = ("pre", "code", "script", "style", "textarea", "kbd", "samp")
_TITRE_MARKDOWN = r"^\s{0,3}(#{1,6})\s+(.+?)\s*#*\s*$"


def typographier(page: str) -> str:
    """Espaces insécables françaises (avant « : ; ! ? % € » », après « « ») dans le texte d'une page
    HTML, jamais dans les balises, le code (``pre``, ``code``), les scripts ni les styles."""

    morceaux = _BALISE.split(page)
    dedans = 0
    for rang, morceau in enumerate(morceaux):
        if rang % 2 == 1:
            balise = re.match(r"<(/?)([a-zA-Z0-9]+)", morceau)
            if balise and balise.group(2).lower() in _SANS_TYPO and not morceau.endswith("/>"):
                dedans = max(0, dedans + (-1 if balise.group(1) else 1))
            continue
        if not dedans and morceau.strip():
            morceaux[rang] = insecables(morceau)
    return "".join(morceaux)


_MARKDOWN = None


def markdown_html(texte: str) -> str:
    """Markdown (celui des notebooks et des fiches : tableaux, listes, HTML brut) → HTML."""
    global _MARKDOWN
    if _MARKDOWN is None:
        import mistune

        _MARKDOWN = mistune.create_markdown(escape=False, plugins=["table", "strikethrough", "url"])
    return _MARKDOWN(texte)


def sans_entete_yaml(texte: str) -> str:
    """Le texte sans son en-tête YAML (``---`` … ``---``) s'il en a un."""
    if texte.startswith("---\n"):
        fin = texte.find("\n---", 4)
        if fin > 0:
            return texte[fin + 4:].lstrip("\n")
    return texte


def premier_titre(texte: str, repli: str) -> str:
    """Le premier titre Markdown du texte, sans liens ni mise en forme ; ``repli`` s'il n'y en a pas."""
    for ligne in texte.splitlines():
        titre = re.match(_TITRE_MARKDOWN, ligne)
        if titre:
            brut = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", titre.group(2))
            return " ".join(re.sub(r"[*_`]+", "", brut).split())
    return repli


def niveau_titre(texte: str) -> tuple[int, str] | None:
    """(niveau, texte) du premier titre Markdown d'une cellule, None si elle n'en commence pas par un."""
    titre = re.match(_TITRE_MARKDOWN, texte.lstrip("\n").split("\n", 1)[0])
    return (len(titre.group(1)), titre.group(2)) if titre else None
