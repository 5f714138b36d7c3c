"""Le mode classe (Voilà) : grands caractères pour le vidéoprojecteur, dans les tableaux de bord
de ``notebooks/tableaux/``."""

from __future__ import annotations

from IPython.display import HTML


#: Grands caractères pour le vidéoprojecteur, appliqués seulement dans Voilà (``body[data-voila]``) :
#: ouvert dans JupyterLab, un notebook garde l'apparence habituelle.
STYLE_PROJECTEUR = """<style>
body[data-voila] { --jp-widgets-font-size: 20px; --jp-widgets-inline-height: 40px;
                   --jp-content-font-size1: 20px; --jp-ui-font-size1: 18px; }
body[data-voila] .jp-RenderedHTMLCommon { font-size: 22px; line-height: 1.5; }
body[data-voila] .jp-RenderedHTMLCommon h1 { font-size: 2em; }
body[data-voila] .widget-slider, body[data-voila] .widget-dropdown { max-width: 100% !important; }
body[data-voila] .widget-hbox > .widget-vbox:first-child { flex: 1 1 600px !important; }
body[data-voila] .widget-hbox:has(> .rc-lecture) { width: 100% !important; max-width: 100% !important; }
body[data-voila] .widget-readout { min-width: 4.5em; width: auto !important; overflow: visible !important;
                                   white-space: nowrap; }
body[data-voila] .rc-resultat { font-size: 1.3em !important; }
body[data-voila] .widget-html-content h3 { font-size: 1.4em !important; }
</style>"""


def style_projecteur() -> HTML:
    """Le style « vidéoprojecteur » des tableaux de bord de ``notebooks/tableaux/`` (à afficher)."""
    return HTML(STYLE_PROJECTEUR)
