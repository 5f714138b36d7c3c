"""Description française des figures (accessibilité) et leur affichage dans un notebook.

Chaque figure a une **alternative textuelle en français** (:func:`decrire`), écrite à partir des
mêmes données que le dessin : titre, nature du graphique, axes, valeurs clés ou tendance. Elle
sert de texte ``alt`` de l'image dans JupyterLab, Voilà et le site statique, et de sortie texte
(``text/plain``) de la cellule. Une fonction qui trace une figure peut y attacher une description
plus parlante (:func:`attacher_description`).

Dans un notebook, une cellule qui se termine par une figure l'affiche : le module déclare à
IPython comment transformer une ``Figure`` en image PNG décrite (:func:`activer_affichage_notebook`,
appelée à l'import).
"""

from __future__ import annotations

import base64
import html
import re

import numpy as np
from matplotlib import dates as mdates
from matplotlib.figure import Figure

from ..formatage import nombre
from .style import MOIS_FR, FormatDates, FormatFrancais, debut_de_mois, en_png, texte_valeur

_ATTRIBUT_DESCRIPTION = "description_francaise"
_MAX_VALEURS = 8  # au-delà, on résume (début, fin, extrêmes) au lieu de tout énumérer


def _espaces(texte) -> str:
    """Espaces ordinaires regroupées ; les espaces insécables (« 12 % », « 1 234 ») sont gardées."""
    return re.sub(r"[ \t\r\n]+", " ", str(texte)).strip()


def attacher_description(fig, texte: str):
    """Attache à ``fig`` sa description française (alternative textuelle) ; renvoie ``fig``."""
    texte = _espaces(texte)
    if not texte:
        raise ValueError("la description d'une figure ne peut pas être vide.")
    setattr(fig, _ATTRIBUT_DESCRIPTION, texte)
    return fig


def decrire(fig) -> str:
    """Description française de la figure, pour qui ne la voit pas (texte ``alt``).

    Celle attachée par la fonction qui a tracé la figure (:func:`attacher_description`) si
    elle existe, sinon une description lue dans la figure elle-même : titre, axes, valeurs de
    chaque courbe ou barre (avec leurs extrêmes et leur tendance). Une figure mise à jour sur
    place (simulateurs) est donc décrite telle qu'elle est dessinée à cet instant.

    >>> from relation_client.graphiques import habiller, nouvelle_figure
    >>> fig, ax = nouvelle_figure()
    >>> _ = ax.bar(["Visites", "Achats"], [1000, 50])
    >>> habiller(ax, "Du trafic aux ventes", "", "Personnes (nombre)", format_y="nombre")
    >>> decrire(fig).replace("\u202f", " ")
    'Du trafic aux ventes : diagramme en barres de « Personnes (nombre) ». Visites : 1 000 ; Achats : 50.'
    """
    if not isinstance(fig, Figure):
        raise TypeError(f"fig doit être une figure matplotlib (Figure), or il a reçu {type(fig).__name__}.")
    attachee = getattr(fig, _ATTRIBUT_DESCRIPTION, None)
    if attachee:
        return attachee
    parties = [_decrire_axes(ax) for ax in fig.axes if ax.get_label() != "<colorbar>"]
    parties = [partie for partie in parties if partie]
    texte = " ".join(parties) if parties else "Figure sans titre ni données."
    if fig.get_suptitle():
        texte = f"{fig.get_suptitle()}. {texte}"
    return texte


def _genre_axe(axe) -> str | None:
    formateur = axe.get_major_formatter()
    return formateur.genre if isinstance(formateur, FormatFrancais) else None


def _texte_x(ax, x, categories: dict) -> str:
    """L'abscisse ``x`` écrite comme sur l'axe : catégorie, mois, ou nombre au format de l'axe."""
    for position, etiquette in categories.items():
        if abs(position - x) < 1e-6:
            return etiquette
    formateur = ax.xaxis.get_major_formatter()
    if isinstance(formateur, FormatDates):
        date = mdates.num2date(x)
        return f"{date.day} {MOIS_FR[date.month - 1]} {date.year}" if not debut_de_mois(x) else \
            f"{MOIS_FR[date.month - 1]} {date.year}"
    genre = _genre_axe(ax.xaxis)
    if genre is None and float(x).is_integer():
        return nombre(x, 0)
    return texte_valeur(x, genre or "nombre", None if genre else x)


def _categories(ax, axe_nom: str) -> dict:
    """Positions → étiquettes des graduations d'un axe à catégories (barres)."""
    axe = ax.xaxis if axe_nom == "x" else ax.yaxis
    etiquettes = {}
    for position, texte in zip(axe.get_majorticklocs(), axe.get_majorticklabels()):
        if texte.get_text():
            etiquettes[float(position)] = texte.get_text()
    if isinstance(axe.get_major_formatter(), (FormatFrancais, FormatDates)):
        return {}  # graduations numériques, pas des catégories
    return etiquettes


def _enumerer(paires: list[tuple[str, str]]) -> str:
    return " ; ".join(f"{etiquette} : {valeur}" for etiquette, valeur in paires)


def _resumer_serie(nom: str, xs: list[str], ys, genre: str | None) -> str:
    ys = np.asarray(ys, dtype="float64")
    reference = float(np.nanmax(np.abs(ys))) if ys.size else None
    ecrire = lambda v: texte_valeur(v, genre or "nombre", reference)  # noqa: E731
    prefixe = f"{nom} : " if nom else ""
    if len(ys) <= _MAX_VALEURS:
        return prefixe + _enumerer([(x, ecrire(y)) for x, y in zip(xs, ys)]) + "."
    i_min, i_max = int(np.nanargmin(ys)), int(np.nanargmax(ys))
    return (f"{prefixe}{len(ys)} valeurs, de {ecrire(ys[0])} ({xs[0]}) à {ecrire(ys[-1])} ({xs[-1]}) ; "
            f"minimum {ecrire(ys[i_min])} ({xs[i_min]}), maximum {ecrire(ys[i_max])} ({xs[i_max]}).")


def _tendance(ys) -> str:
    debut, fin = float(ys[0]), float(ys[-1])
    ecart = max(abs(debut), abs(fin), 1e-12)
    if abs(fin - debut) <= 0.02 * ecart:
        return "stable"
    return "en hausse" if fin > debut else "en baisse"


def _decrire_courbe(ax, ligne, genre_y: str | None, categories: dict) -> str | None:
    x = np.asarray(ligne.get_xdata(), dtype="float64")
    y = np.asarray(ligne.get_ydata(), dtype="float64")
    finis = np.isfinite(x) & np.isfinite(y)
    x, y = x[finis], y[finis]
    if not y.size:
        return None
    etiquette = ligne.get_label()
    nom = "" if etiquette.startswith("_") else etiquette
    transformation = ligne.get_transform()
    reference = float(np.max(np.abs(y)))
    if transformation == ax.get_yaxis_transform():  # droite horizontale (repère)
        return f"{nom or 'Repère horizontal'} : {texte_valeur(y[0], genre_y or 'nombre', reference)}."
    if transformation == ax.get_xaxis_transform():  # droite verticale (repère)
        return f"{nom or 'Repère vertical'} : {_texte_x(ax, x[0], categories)}."
    if y.size == 1:
        return (f"{nom or 'Point'} : {texte_valeur(y[0], genre_y or 'nombre', reference)} "
                f"({_texte_x(ax, x[0], categories)}).")
    xs = [_texte_x(ax, v, categories) for v in x]
    ecrire = lambda v: texte_valeur(v, genre_y or "nombre", reference)  # noqa: E731
    i_min, i_max = int(np.argmin(y)), int(np.argmax(y))
    texte = (f"{nom + ' : ' if nom else ''}courbe {_tendance(y)}, de {ecrire(y[0])} ({xs[0]}) "
             f"à {ecrire(y[-1])} ({xs[-1]})")
    extremes = []
    if i_max not in (0, len(y) - 1):
        extremes.append(f"maximum {ecrire(y[i_max])} ({xs[i_max]})")
    if i_min not in (0, len(y) - 1):
        extremes.append(f"minimum {ecrire(y[i_min])} ({xs[i_min]})")
    return texte + (" ; " + ", ".join(extremes) if extremes else "") + "."


def _decrire_barres(ax, conteneur, genre_y: str | None, genre_x: str | None) -> str | None:
    barres = [barre for barre in conteneur.patches if barre.get_visible()]
    horizontal = getattr(conteneur, "orientation", None) == "horizontal"
    while barres and (barres[-1].get_width() if horizontal else barres[-1].get_height()) == 0:
        barres.pop()  # barres vides en fin d'axe (horizon plus court que l'axe) : rien à dire
    if not barres:
        return None
    if horizontal:
        categories = _categories(ax, "y")
        positions = [barre.get_y() + barre.get_height() / 2 for barre in barres]
        valeurs = [barre.get_width() for barre in barres]
        genre = genre_x
    else:
        categories = _categories(ax, "x")
        positions = [barre.get_x() + barre.get_width() / 2 for barre in barres]
        valeurs = [barre.get_height() for barre in barres]
        genre = genre_y
    noms = []
    for position in positions:
        proche = [etiquette for centre, etiquette in categories.items() if abs(centre - position) < 0.45]
        noms.append(proche[0] if proche else (_texte_x(ax, position, {}) if not horizontal else nombre(position)))
    paires = list(zip(noms, valeurs))
    if horizontal:  # dans l'ordre de lecture, de haut en bas
        ordre = sorted(range(len(paires)), key=lambda i: positions[i], reverse=not ax.yaxis_inverted())
        paires = [paires[i] for i in ordre]
    etiquette = conteneur.get_label() or ""
    nom = "" if etiquette.startswith("_") else etiquette
    return _resumer_serie(nom, [n for n, _ in paires], [v for _, v in paires], genre)


def _decrire_axes(ax) -> str:
    titre = ax.get_title().strip()
    axe_x, axe_y = ax.get_xlabel().strip(), ax.get_ylabel().strip()
    genre_x, genre_y = _genre_axe(ax.xaxis), _genre_axe(ax.yaxis)
    lignes = [ligne for ligne in ax.get_lines() if ligne.get_visible() and len(ligne.get_xdata())]
    conteneurs = [conteneur for conteneur in ax.containers if hasattr(conteneur, "patches")]
    images = ax.get_images()
    if images:
        nature = "carte de chaleur"
    elif conteneurs:
        horizontal = getattr(conteneurs[0], "orientation", None) == "horizontal"
        nature = "diagramme en barres horizontales" if horizontal else "diagramme en barres"
    elif lignes:
        nature = "courbes" if len([ligne for ligne in lignes if len(ligne.get_xdata()) > 2]) > 1 else "courbe"
    else:
        nature = "graphique"
    if conteneurs and getattr(conteneurs[0], "orientation", None) == "horizontal":
        valeurs, selon = axe_x, axe_y
    else:
        valeurs, selon = axe_y, axe_x
    phrase = f"{titre} : {nature}" if titre else nature.capitalize()
    if valeurs:
        phrase += f" de « {valeurs} »"
    if selon:
        phrase += f" selon « {selon} »"
    details = []
    for conteneur in conteneurs:
        detail = _decrire_barres(ax, conteneur, genre_y, genre_x)
        if detail:
            details.append(detail)
    categories = _categories(ax, "x")
    for ligne in lignes:
        detail = _decrire_courbe(ax, ligne, genre_y, categories)
        if detail:
            details.append(detail)
    return " ".join([phrase + "."] + details)


class FigureDecrite:
    """Une figure prête à afficher avec son alternative textuelle (``alt``).

    ``FigureDecrite(fig)`` s'affiche dans un notebook comme la figure, avec la description
    française de :func:`decrire` en texte ``alt`` de l'image (JupyterLab, Voilà, site
    statique) et en sortie texte. ``texte`` impose une autre description.
    """

    def __init__(self, fig, texte: str | None = None):
        if not isinstance(fig, Figure):
            raise TypeError(f"fig doit être une figure matplotlib (Figure), or il a reçu {type(fig).__name__}.")
        self.figure = fig
        self.description = _espaces(texte) if texte else decrire(fig)

    def __repr__(self) -> str:
        return self.description

    def _repr_mimebundle_(self, include=None, exclude=None):
        return paquet_affichage(self.figure, self.description), {}


def paquet_affichage(fig, description: str | None = None) -> dict:
    """Les sorties d'une figure : image PNG, la même image avec son ``alt`` (HTML), la description."""
    description = description or decrire(fig)
    png = base64.b64encode(en_png(fig, serre=fig.get_layout_engine() is None)).decode("ascii")
    alt = html.escape(description, quote=True)
    return {
        "text/plain": description,
        "image/png": png,
        "text/html": f'<img class="rc-figure" alt="{alt}" src="data:image/png;base64,{png}">',
    }


def activer_affichage_notebook() -> bool:
    """Dans IPython/Jupyter, affiche toute ``Figure`` renvoyée par une cellule, avec sa description.

    Sans ``pyplot``, IPython ne saurait pas dessiner une figure créée par l'API objet :
    cette fonction lui en donne le moyen. Sorties produites : ``image/png``, ``text/html``
    (la même image dans une balise ``<img>`` dont le texte ``alt`` est la description
    française : JupyterLab, Voilà et nbconvert préfèrent cette forme) et ``text/plain`` (la
    description, au lieu de ``<Figure size …>``). Appelée à l'import du module ; renvoie
    ``True`` si un interpréteur IPython était actif.
    """
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython est une dépendance de Jupyter
        return False
    shell = get_ipython()
    if shell is None:
        return False
    formateurs = shell.display_formatter
    formateurs.formatters["image/png"].pop(Figure, None)  # ancienne déclaration (PNG seul)
    formateurs.mimebundle_formatter.for_type(Figure, lambda fig, include=None, exclude=None:
                                             (paquet_affichage(fig), {}))
    return True


activer_affichage_notebook()
