"""La page HTML imprimable : le :class:`Document` (page et PDF qu'elle donnera), le style
d'impression (A4, tableaux et figures jamais coupés, cadres de réponse) et :func:`page_html`, qui
habille un corps HTML en page française complète ; :class:`ErreurImpression`, l'erreur de tout
le paquet."""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from pathlib import Path

from relation_client.impression.typographie import typographier


class ErreurImpression(Exception):
    """Impression impossible : le message (en français) dit pourquoi et quoi faire."""


@dataclass
class Document:
    """Une page HTML prête à imprimer et le PDF qu'elle donnera (chemin relatif à la sortie)."""

    titre: str
    html: str
    cible: str
    genre: str  # "lecon", "exercice", "synthese" ou "fiche"
    source: Path | None = None
    remarques: list[str] = field(default_factory=list)


STYLE = """
@page { size: A4; margin: 15mm 16mm 17mm 16mm; }
html { font-size: 10.5pt; }
body { font-family: "DejaVu Sans", "Liberation Sans", sans-serif; color: #1d1d1f; line-height: 1.45;
  margin: 0; font-variant-ligatures: no-common-ligatures; -webkit-print-color-adjust: exact; print-color-adjust: exact; hyphens: manual; }
h1 { font-size: 1.7rem; margin: 0 0 .4rem 0; color: #0b3d66; }
h2 { font-size: 1.3rem; margin: 1.2rem 0 .4rem 0; color: #0b3d66; border-bottom: 1px solid #c8d3e0; }
h3 { font-size: 1.1rem; margin: 1rem 0 .3rem 0; }
h4, h5, h6 { font-size: 1rem; margin: .8rem 0 .3rem 0; }
h1, h2, h3, h4, h5, h6 { break-after: avoid; page-break-after: avoid; }
p, li { orphans: 3; widows: 3; }
a { color: inherit; text-decoration: none; }
table { border-collapse: collapse; margin: .5rem 0; font-size: .9rem; max-width: 100%; }
th, td { border: 1px solid #b9c3cf; padding: .15rem .45rem; text-align: left; vertical-align: top; }
.rc-valeurs td + td { text-align: right; }
thead th { background: #eef2f7; }
td { font-variant-numeric: tabular-nums; }
table, figure, img, svg, pre, blockquote, .rc-cadre, .rc-valeurs, .rc-sortie, .rc-note-papier,
.rc-widget, .rc-identite { break-inside: avoid; page-break-inside: avoid; }
img { max-width: 100%; max-height: 120mm; height: auto; }
pre, code, kbd { font-family: "DejaVu Sans Mono", "Liberation Mono", monospace; font-size: .85em; }
pre { white-space: pre-wrap; overflow-wrap: anywhere; margin: .3rem 0; }
blockquote { margin: .5rem 0; padding: .2rem .8rem; border-left: 3px solid #9aaabb; color: #333; }
.rc-entete { font-size: .85rem; color: #555; margin-bottom: .6rem; border-bottom: 1px solid #ccc;
  padding-bottom: .3rem; }
.rc-code { color: #555; background: #f6f7f9; border-left: 3px solid #c9d1da; padding: .25rem .5rem;
  font-size: .75rem; }
.rc-sortie { margin: .3rem 0 .6rem 0; }
.rc-flux { white-space: pre-wrap; font-family: "DejaVu Sans", sans-serif; margin: .3rem 0; }
.rc-sortie .dataframe { font-size: .85rem; }
.rc-widget { border: 1px dashed #0b61a4; border-radius: 4px; padding: .4rem .7rem; margin: .4rem 0; }
.rc-note { margin: 0 0 .4rem 0; font-style: italic; color: #0b4f85; }
.rc-etat { margin: .2rem 0; font-size: .9em; color: #555; }
.rc-ligne { display: flex; flex-wrap: wrap; gap: .8rem; align-items: flex-start; }
.rc-colonne { display: flex; flex-direction: column; gap: .2rem; }
.rc-controle .rc-description:after { content: " :"; }
.rc-bouton { display: inline-block; border: 1px solid #aaa; border-radius: 3px; padding: 0 .5rem; color: #666; }
.rc-image { max-width: 100%; }
.rc-approfondi-titre { color: #4b2f80; }
.rc-identite { display: flex; gap: 1.5rem; border: 1px solid #888; padding: .5rem .7rem; margin: .6rem 0 1rem 0; }
.rc-identite span { flex: 1; }
.rc-consigne { background: #f3f6fb; border-left: 4px solid #0b61a4; padding: .4rem .8rem; margin: .6rem 0; }
.rc-valeurs { border: 1px solid #9fb3c8; background: #f7f9fc; padding: .3rem .7rem; margin: .4rem 0 .7rem 0; }
.rc-valeurs .rc-titre-valeurs { font-weight: bold; font-size: .9rem; color: #0b3d66; margin: 0 0 .2rem 0; }
.rc-valeurs table { margin: .2rem 0 .4rem 0; }
.rc-valeurs dl { margin: 0; display: grid; grid-template-columns: max-content auto; column-gap: .8rem; }
.rc-valeurs dt { font-family: "DejaVu Sans Mono", monospace; font-size: .85rem; }
.rc-valeurs dd { margin: 0; font-variant-numeric: tabular-nums; }
.rc-note-papier { border: 1px dashed #777; padding: .3rem .7rem; font-style: italic; color: #444; margin: .4rem 0; }
.rc-question { margin-top: .6rem; break-inside: avoid; page-break-inside: avoid; }
.rc-cadre { border: 1.5px solid #333; border-radius: 3px; padding: .3rem .6rem; margin: .3rem 0 .9rem 0; }
.rc-cadre .rc-cadre-titre { font-size: .85rem; font-weight: bold; margin: 0 0 .2rem 0; }
.rc-cadre .rc-ligne-ecriture { height: 7.5mm; border-bottom: 1px solid #b8b8b8; }
.rc-cadre .rc-resultat { margin: .5rem 0 .1rem 0; }
.rc-pointilles { display: inline-block; min-width: 45mm; border-bottom: 1px dotted #333; }
"""


def page_html(titre: str, corps: str, *, base: Path | None = None, entete: str = "") -> str:
    """Page HTML complète (français, style d'impression), typographie française appliquée."""
    balise_base = f'<base href="{html.escape(base.resolve().as_uri() + "/", quote=True)}">' if base else ""
    bandeau = f"<div class='rc-entete'>{html.escape(entete)}</div>" if entete else ""
    return typographier(f"""<!DOCTYPE html>
<html lang="fr">
<head>
<meta charset="utf-8">
{balise_base}
<title>{html.escape(titre)}</title>
<style>{STYLE}</style>
</head>
<body>
{bandeau}
{corps}
</body>
</html>
""")

