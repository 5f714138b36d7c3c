"""Graphiques du cours : un seul style, lisible par tous, nombres à la française.

Toutes les fonctions construisent une ``matplotlib.figure.Figure`` avec l'API objet
(canevas Agg), sans passer par l'état global de ``pyplot`` : deux figures ne se
mélangent jamais, et un widget peut garder *sa* figure et la mettre à jour.

Style
-----
- Couleurs : la palette d'Okabe et Ito (2008, « Color Universal Design »), distinguable
  par les personnes daltoniennes ; les cartes de chaleur utilisent ``cividis``
  (Nuñez, Anderton et Renslow, 2018), conçue pour la même raison.
- Axes : nombres à la française (``1 234``, ``12 %``, ``1 500 €``, ``2,3 M``), grâce à
  :class:`FormatFrancais`, qui s'appuie sur :mod:`relation_client.formatage`.
- Chaque graphique a un titre en français et des axes nommés avec leur unité.

Dans un notebook, une cellule qui se termine par une figure l'affiche : le module
déclare à IPython comment transformer une ``Figure`` en image PNG (voir
:func:`activer_affichage_notebook`).

Accessibilité : chaque figure a une **alternative textuelle en français** (:func:`decrire`),
écrite à partir des mêmes données que le dessin : titre, nature du graphique, axes, valeurs
clés ou tendance. Elle sert de texte ``alt`` de l'image dans JupyterLab, Voilà et le site
statique, et de sortie texte (``text/plain``) de la cellule.

>>> fig, ax = nouvelle_figure()
>>> habiller(ax, "Ventes par mois", "Mois", "Ventes (€)", format_y="euros")
>>> en_png(fig)[:8] == b"\\x89PNG\\r\\n\\x1a\\n"
True
"""

from __future__ import annotations

import base64
import html
import io
import re
from collections.abc import Mapping

import numpy as np
import pandas as pd
from matplotlib import dates as mdates
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.ticker import Formatter, Locator, NullLocator

from .formatage import ESPACE_UNITE, euros, nombre, pourcentage
from .controles import exiger_colonnes, exiger_nombre, exiger_positif, exiger_taux

__all__ = [
    "PALETTE",
    "BLEU",
    "ORANGE",
    "VERT",
    "VERMILLON",
    "BLEU_CIEL",
    "POURPRE",
    "JAUNE",
    "NOIR",
    "GRIS",
    "CARTE_COULEURS",
    "FormatFrancais",
    "MOIS_FR",
    "nom_mois",
    "GraduationsMois",
    "FormatDates",
    "graduer_dates",
    "en_dates",
    "nouvelle_figure",
    "styliser",
    "habiller",
    "formater_axe",
    "en_png",
    "decrire",
    "attacher_description",
    "FigureDecrite",
    "activer_affichage_notebook",
    "barres_groupees_figure",
    "courbe_pareto_figure",
    "entonnoir_figure",
    "cohortes_figure",
    "evolution_figure",
    "barres_figure",
    "texte_valeur",
    "tracer_entonnoir",
    "maj_entonnoir",
]

# Palette d'Okabe et Ito, dans l'ordre où le cours l'utilise.
BLEU = "#0072B2"
ORANGE = "#E69F00"
VERT = "#009E73"
VERMILLON = "#D55E00"
BLEU_CIEL = "#56B4E9"
POURPRE = "#CC79A7"
JAUNE = "#F0E442"
NOIR = "#000000"
GRIS = "#8C8C8C"
PALETTE = (BLEU, ORANGE, VERT, VERMILLON, BLEU_CIEL, POURPRE, JAUNE, NOIR)
CARTE_COULEURS = "cividis"

# Tailles par défaut (pouces) et résolution : un graphique de widget fait ≈ 600 × 320 pixels.
LARGEUR = 6.4
HAUTEUR = 3.6
RESOLUTION = 96

_FORMATS = ("nombre", "euros", "pourcentage")


class FormatFrancais(Formatter):
    """Graduations d'axe à la française.

    ``genre`` vaut ``"nombre"`` (``1 234``), ``"euros"`` (``1 234 €``) ou
    ``"pourcentage"`` (la donnée est une fraction : 0,125 s'affiche ``12,5 %``).
    Le nombre de décimales est choisi une fois pour toutes les graduations de l'axe
    (toutes ``10 %``, ``12,5 %``… ont le même), et les grands nombres sont abrégés
    (``2,3 M``, ``1,5 M€``) pour que les étiquettes restent courtes.
    """

    def __init__(self, genre: str = "nombre", abreger: bool = True):
        if genre not in _FORMATS:
            raise ValueError(f"genre vaut {genre!r}, or il doit être l'un de : {', '.join(_FORMATS)}.")
        self.genre = genre
        self.abreger = abreger
        self._decimales = 0
        self._echelle = 1.0
        self._suffixe = ""
        self._log = False

    def set_locs(self, locs):
        axe = getattr(self, "axis", None)
        self._log = axe is not None and axe.get_scale() == "log"
        valeurs = np.asarray([v for v in locs if np.isfinite(v)], dtype="float64")
        facteur = 100.0 if self.genre == "pourcentage" else 1.0
        valeurs = valeurs * facteur
        self._echelle, self._suffixe = 1.0, ""
        grand = float(np.max(np.abs(valeurs))) if valeurs.size else 0.0
        if self.abreger and self.genre != "pourcentage" and grand >= 1e6:
            self._echelle, self._suffixe = 1e6, f"{ESPACE_UNITE}M"
            valeurs = valeurs / 1e6
        self._decimales = _decimales_utiles(valeurs)

    def __call__(self, x, pos=None):
        if not np.isfinite(x):
            return ""
        facteur = 100.0 if self.genre == "pourcentage" else 1.0
        if getattr(self, "_log", False):
            # Échelle logarithmique : chaque graduation est écrite pour elle-même.
            v = x * facteur
            if self.abreger and self.genre != "pourcentage" and abs(v) >= 1e6:
                self._echelle, self._suffixe = 1e6, f"{ESPACE_UNITE}M"
            else:
                self._echelle, self._suffixe = 1.0, ""
            self._decimales = _decimales_utiles(np.asarray([v / self._echelle]), 2)
        texte = nombre(x * facteur / self._echelle, self._decimales)
        if self.genre == "pourcentage":
            return f"{texte}{ESPACE_UNITE}%"
        if self.genre == "euros":
            if self._suffixe:
                return f"{texte}{self._suffixe}€"
            return f"{texte}{ESPACE_UNITE}€"
        return texte + self._suffixe

    def format_data_short(self, value):
        """Texte affiché au survol (backends interactifs)."""
        return self(value)


# --------------------------------------------------------------------------------------
# Axes de dates : mois en français, étiquettes espacées pour ne jamais se chevaucher
# --------------------------------------------------------------------------------------

#: Abréviations des mois (usage de l'Imprimerie nationale, comme les dates courtes de Jupyter en français).
MOIS_FR = ("janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc.")

_MOTIF_DATE = re.compile(r"\d{4}-\d{2}(-\d{2})?")
_PAS_MOIS = (1, 2, 3, 6, 12, 24, 60, 120)
_CARACTERES_ETIQUETTE = 10  # « sept. 2024 », la plus longue étiquette de mois
_LARGEUR_CARACTERE = 0.62  # largeur moyenne d'un caractère, en fraction de la taille de police
_ECART = 1.5  # une étiquette et demie par graduation : il reste un blanc entre deux étiquettes


def nom_mois(date) -> str:
    """Le mois d'une date écrit à la française : ``janv. 2023``.

    >>> nom_mois("2023-09-15")
    'sept. 2023'
    """
    mois = pd.Period(date, freq="M")
    return f"{MOIS_FR[mois.month - 1]} {mois.year}"


def _taille_etiquettes(axe) -> float:
    """Taille (points) des étiquettes de graduation d'un axe."""
    taille = getattr(axe, "_major_tick_kw", {}).get("labelsize")
    if taille is None:
        import matplotlib as mpl
        taille = mpl.rcParams[f"{axe.axis_name}tick.labelsize"]
    return FontProperties(size=taille).get_size_in_points()


def _etiquettes_possibles(axe, caracteres: int = _CARACTERES_ETIQUETTE) -> int:
    """Combien d'étiquettes de ``caracteres`` caractères tiennent côte à côte sur l'axe."""
    if axe is None or axe.axes is None:
        return 6
    ax = axe.axes
    longueur_px = ax.bbox.width if axe.axis_name == "x" else ax.bbox.height
    longueur_pt = longueur_px * 72.0 / ax.figure.dpi
    if axe.axis_name == "y":
        largeur_pt = 1.2 * _taille_etiquettes(axe)  # étiquettes empilées : une hauteur de ligne
    else:
        largeur_pt = _LARGEUR_CARACTERE * _taille_etiquettes(axe) * caracteres
    return max(1, int(longueur_pt // (largeur_pt * _ECART)))


class GraduationsMois(Locator):
    """Graduations d'un axe de dates (nombres de dates matplotlib) au début des mois.

    L'écart entre deux graduations (1, 2, 3, 6 ou 12 mois, puis plusieurs années) est le
    plus petit pour lequel les étiquettes (``janv. 2023``) tiennent sans se chevaucher,
    d'après la longueur de l'axe et la taille des caractères ; les graduations tombent sur
    des mois ronds (janvier et juillet pour un pas de 6 mois, janvier pour un an). Sur moins
    de deux mois, les graduations passent aux jours.
    """

    def __call__(self):
        vmin, vmax = self.axis.get_view_interval()
        return self.tick_values(vmin, vmax)

    def tick_values(self, vmin, vmax):
        vmin, vmax = sorted((float(vmin), float(vmax)))
        place = _etiquettes_possibles(getattr(self, "axis", None))
        debut = pd.Timestamp(mdates.num2date(vmin)).tz_localize(None)
        fin = pd.Timestamp(mdates.num2date(vmax)).tz_localize(None)
        premier = debut.to_period("M")
        if premier.to_timestamp() < debut:
            premier += 1
        dernier = fin.to_period("M")
        mois = list(pd.period_range(premier, dernier, freq="M")) if premier <= dernier else []
        if len(mois) == 1 and vmax - vmin >= 28:  # un seul mois affiché (tableau de bord filtré)
            return [float(mdates.date2num(mois[0].to_timestamp()))]
        if len(mois) < 2:
            jours = mdates.AutoDateLocator(minticks=2, maxticks=max(2, place))
            return jours.tick_values(mdates.num2date(vmin), mdates.num2date(vmax))
        choisis = mois[:1]
        for pas in _PAS_MOIS:
            if pas <= 12:
                choisis = [m for m in mois if (m.month - 1) % pas == 0]
            else:
                choisis = [m for m in mois if m.month == 1 and m.year % (pas // 12) == 0]
            if 0 < len(choisis) <= place:
                break
        if not choisis:
            choisis = mois[:1]
        return [float(mdates.date2num(m.to_timestamp())) for m in choisis]


class FormatDates(Formatter):
    """Étiquettes de dates en français : ``janv. 2023`` au début d'un mois, sinon ``15 janv.``."""

    def __init__(self):
        self._tous_en_debut_de_mois = True

    def set_locs(self, locs):
        super().set_locs(locs)
        self._tous_en_debut_de_mois = all(_debut_de_mois(v) for v in locs if np.isfinite(v))

    def __call__(self, x, pos=None):
        if not np.isfinite(x):
            return ""
        date = mdates.num2date(x)
        if self._tous_en_debut_de_mois:
            return f"{MOIS_FR[date.month - 1]} {date.year}"
        return f"{date.day} {MOIS_FR[date.month - 1]}"


def _debut_de_mois(valeur) -> bool:
    date = mdates.num2date(valeur)
    return date.day == 1 and date.hour == 0 and date.minute == 0


def graduer_dates(axe):
    """Axe de dates (``ax.xaxis``) : mois français espacés (:class:`GraduationsMois`, :class:`FormatDates`)."""
    axe.set_major_locator(GraduationsMois())
    axe.set_major_formatter(FormatDates())
    axe.set_minor_locator(NullLocator())
    return axe


def en_dates(index):
    """L'index en dates (``DatetimeIndex``) s'il représente des dates ou des mois, sinon ``None``.

    Accepte les dates, les périodes (``2023-01`` mensuel) et les textes ``AAAA-MM`` ou
    ``AAAA-MM-JJ``.
    """
    if isinstance(index, pd.PeriodIndex):
        return index.to_timestamp()
    if isinstance(index, pd.DatetimeIndex):
        return index.tz_localize(None) if index.tz is not None else index
    if len(index) and all(isinstance(v, str) for v in index):
        if all(_MOTIF_DATE.fullmatch(v) for v in index):
            return pd.DatetimeIndex(pd.to_datetime(list(index)))
    if len(index) and all(isinstance(v, pd.Period) for v in index):
        return pd.DatetimeIndex([v.to_timestamp() for v in index])
    return None


def _decimales_utiles(valeurs, maximum: int = 3) -> int:
    """Plus petit nombre de décimales qui écrit exactement toutes les graduations."""
    if valeurs.size == 0:
        return 0
    for d in range(maximum + 1):
        if np.allclose(np.round(valeurs, d), valeurs, rtol=0, atol=1e-9 * max(1.0, np.max(np.abs(valeurs)))):
            return d
    return maximum


def formater_axe(axe, genre: str | None):
    """Applique un format français (``"nombre"``, ``"euros"``, ``"pourcentage"``) à un axe.

    ``axe`` est ``ax.xaxis`` ou ``ax.yaxis`` ; ``genre=None`` ne change rien.
    """
    if genre is None:
        return axe
    axe.set_major_formatter(FormatFrancais(genre))
    return axe


def styliser(ax):
    """Applique le style du cours à des axes : palette, grille discrète, sans cadre superflu."""
    ax.set_prop_cycle(color=list(PALETTE))
    ax.set_facecolor("white")
    for cote in ("top", "right"):
        ax.spines[cote].set_visible(False)
    for cote in ("left", "bottom"):
        ax.spines[cote].set_color("#555555")
    ax.grid(True, axis="y", color="#DDDDDD", linewidth=0.8)
    ax.set_axisbelow(True)
    ax.tick_params(labelsize=9, colors="#333333")
    ax.title.set_fontsize(11)
    ax.title.set_fontweight("bold")
    ax.xaxis.label.set_fontsize(10)
    ax.yaxis.label.set_fontsize(10)
    return ax


def nouvelle_figure(largeur: float = LARGEUR, hauteur: float = HAUTEUR, colonnes: int = 1,
                    resolution: int = RESOLUTION, marges: dict | None = None):
    """Crée une figure vide au style du cours ; renvoie ``(figure, axes)``.

    ``colonnes`` > 1 renvoie une liste d'axes côte à côte. Par défaut la mise en page est
    automatique (« constrained ») ; ``marges`` (par exemple ``{"left": 0.12, "bottom": 0.2}``)
    fixe au contraire les marges une fois pour toutes, ce qui évite de recalculer la mise en
    page à chaque image d'un widget.
    """
    exiger_positif("largeur", largeur)
    exiger_positif("hauteur", hauteur)
    exiger_positif("resolution", resolution)
    colonnes = int(colonnes)
    if colonnes < 1:
        raise ValueError(f"colonnes vaut {colonnes}, or il faut au moins une colonne d'axes.")
    fig = Figure(figsize=(largeur, hauteur), dpi=resolution, facecolor="white",
                 layout=None if marges else "constrained")
    FigureCanvasAgg(fig)
    axes = fig.subplots(1, colonnes, squeeze=False)[0]
    if marges:
        fig.subplots_adjust(**marges)
    for ax in axes:
        styliser(ax)
    return fig, (axes[0] if colonnes == 1 else list(axes))


def habiller(ax, titre: str, axe_x: str, axe_y: str, format_x: str | None = None,
             format_y: str | None = None):
    """Donne à des axes leur titre et les noms des axes (avec unités), et les formats français."""
    ax.set_title(titre, fontsize=11, fontweight="bold", y=1.0)  # y fixé : pas de placement automatique (plus rapide)
    ax.set_xlabel(axe_x)
    ax.set_ylabel(axe_y)
    formater_axe(ax.xaxis, format_x)
    formater_axe(ax.yaxis, format_y)


def en_png(fig, serre: bool = False) -> bytes:
    """Rend la figure en image PNG (octets), telle que le navigateur la reçoit.

    ``serre=True`` recadre l'image au plus près (plus lent : un rendu de plus) ;
    les widgets gardent la valeur par défaut, des marges fixes suffisent.
    """
    if not isinstance(fig, Figure):
        raise TypeError(f"fig doit être une figure matplotlib (Figure), or il a reçu {type(fig).__name__}.")
    if fig.canvas is None or not isinstance(fig.canvas, FigureCanvasAgg):
        FigureCanvasAgg(fig)
    tampon = io.BytesIO()
    options = {"bbox_inches": "tight", "pad_inches": 0.08} if serre else {}
    fig.savefig(tampon, format="png", dpi=fig.dpi, facecolor="white", **options)
    return tampon.getvalue()


# --------------------------------------------------------------------------------------
# Alternative textuelle (accessibilité) : la figure décrite en français
# --------------------------------------------------------------------------------------

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
    parties = [p for p in parties if p]
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
        return f"{date.day} {MOIS_FR[date.month - 1]} {date.year}" if not _debut_de_mois(x) else \
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
    return " ; ".join(f"{a} : {b}" for a, b in paires)


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
    barres = [b for b in conteneur.patches if b.get_visible()]
    horizontal = getattr(conteneur, "orientation", None) == "horizontal"
    while barres and (barres[-1].get_width() if horizontal else barres[-1].get_height()) == 0:
        barres.pop()  # barres vides en fin d'axe (horizon plus court que l'axe) : rien à dire
    if not barres:
        return None
    if horizontal:
        categories = _categories(ax, "y")
        positions = [b.get_y() + b.get_height() / 2 for b in barres]
        valeurs = [b.get_width() for b in barres]
        genre = genre_x
    else:
        categories = _categories(ax, "x")
        positions = [b.get_x() + b.get_width() / 2 for b in barres]
        valeurs = [b.get_height() for b in barres]
        genre = genre_y
    noms = []
    for p in positions:
        proche = [e for c, e in categories.items() if abs(c - p) < 0.45]
        noms.append(proche[0] if proche else (_texte_x(ax, p, {}) if not horizontal else nombre(p)))
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
    lignes = [l for l in ax.get_lines() if l.get_visible() and len(l.get_xdata())]
    conteneurs = [c for c in ax.containers if hasattr(c, "patches")]
    images = ax.get_images()
    if images:
        nature = "carte de chaleur"
    elif conteneurs:
        horizontal = getattr(conteneurs[0], "orientation", None) == "horizontal"
        nature = "diagramme en barres horizontales" if horizontal else "diagramme en barres"
    elif lignes:
        nature = "courbes" if len([l for l in lignes if len(l.get_xdata()) > 2]) > 1 else "courbe"
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
        d = _decrire_barres(ax, conteneur, genre_y, genre_x)
        if d:
            details.append(d)
    categories = _categories(ax, "x")
    for ligne in lignes:
        d = _decrire_courbe(ax, ligne, genre_y, categories)
        if d:
            details.append(d)
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
        return _paquet_affichage(self.figure, self.description), {}


def _paquet_affichage(fig, description: str | None = None) -> dict:
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
                                             (_paquet_affichage(fig), {}))
    return True


activer_affichage_notebook()


# --------------------------------------------------------------------------------------
# Graphiques des leçons
# --------------------------------------------------------------------------------------


def courbe_pareto_figure(courbe, part_clients: float = 0.2, titre: str | None = None):
    """Courbe de concentration (Pareto) : part cumulée du CA selon la part des clients.

    ``courbe`` est le tableau de ``segmentation.courbe_pareto`` (colonnes ``part_clients`` et
    ``part_ca``, fractions cumulées, clients triés du plus gros au plus petit). Le point
    ``part_clients`` (20 % par défaut) est repéré, avec la part du CA lue sur la courbe.
    """
    exiger_colonnes("courbe", courbe, ["part_clients", "part_ca"])
    part_clients = exiger_taux("part_clients", part_clients)
    x = np.concatenate([[0.0], exiger_nombre("courbe['part_clients']", courbe["part_clients"]).to_numpy()])
    y = np.concatenate([[0.0], exiger_nombre("courbe['part_ca']", courbe["part_ca"]).to_numpy()])
    lue = float(np.interp(part_clients, x, y))
    fig, ax = nouvelle_figure()
    ax.plot(x, y, color=BLEU, linewidth=2.2, label="Clients réels")
    ax.plot([0, 1], [0, 1], color=GRIS, linestyle="--", linewidth=1.2,
            label="Si tous les clients achetaient autant")
    ax.plot([part_clients, part_clients, 0], [0, lue, lue], color=VERMILLON, linestyle=":", linewidth=1.5)
    ax.scatter([part_clients], [lue], color=VERMILLON, zorder=3)
    ax.annotate(f"{nombre(100 * part_clients)}{ESPACE_UNITE}% des clients → "
                f"{nombre(100 * lue)}{ESPACE_UNITE}% du CA",
                xy=(part_clients, lue), xytext=(part_clients + 0.08, max(lue - 0.18, 0.05)),
                fontsize=9, color=VERMILLON, arrowprops={"arrowstyle": "->", "color": VERMILLON})
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1.02)
    habiller(ax, titre or "Concentration du chiffre d'affaires (courbe de Pareto)",
             "Part des clients, des plus gros aux plus petits (%)",
             "Part cumulée du chiffre d'affaires (%)", "pourcentage", "pourcentage")
    ax.legend(loc="lower right", fontsize=9, frameon=False)
    moitie = float(np.interp(0.5, y, x)) if y[-1] >= 0.5 else None
    attacher_description(fig, (
        f"{ax.get_title()} : courbe de la part cumulée du chiffre d'affaires (axe vertical) selon la "
        f"part des clients, classés des plus gros aux plus petits (axe horizontal). "
        f"{pourcentage(part_clients, 0)} des clients font {pourcentage(lue, 1)} du chiffre d'affaires"
        + (f" ; la moitié du chiffre d'affaires vient de {pourcentage(moitie, 1)} des clients" if moitie else "")
        + ". La diagonale en pointillés montre ce que serait une répartition égale."))
    return fig


def _en_serie(nom: str, valeurs) -> pd.Series:
    if isinstance(valeurs, pd.Series):
        serie = valeurs
    elif isinstance(valeurs, Mapping):
        serie = pd.Series(dict(valeurs))
    elif isinstance(valeurs, pd.DataFrame) and valeurs.shape[1] == 1:
        serie = valeurs.iloc[:, 0]
    else:
        raise TypeError(f"{nom} doit être un dictionnaire {{étiquette: valeur}} ou une série pandas, "
                        f"or il a reçu {type(valeurs).__name__}.")
    if len(serie) == 0:
        raise ValueError(f"{nom} est vide : il faut au moins une valeur.")
    return pd.Series(exiger_nombre(nom, serie.astype("float64")).to_numpy(), index=[str(i) for i in serie.index])


def entonnoir_figure(etapes, titre: str | None = None, unite: str = "personnes"):
    """Entonnoir de conversion : une barre par étape, centrée, avec l'effectif et le passage.

    ``etapes`` : dictionnaire ordonné ``{"Visites": 10000, "Leads": 500, ...}`` ou série.
    Sous chaque étape, la part de l'étape précédente qui la franchit (taux de passage).
    """
    serie = _en_serie("etapes", etapes)
    if (serie < 0).any():
        raise ValueError("etapes contient un effectif négatif : un entonnoir compte des personnes (≥ 0).")
    fig, ax = nouvelle_figure(hauteur=max(2.6, 0.7 * len(serie) + 1.0))
    tracer_entonnoir(ax, serie, unite)
    ax.set_title(titre or "Entonnoir de conversion", fontsize=11, fontweight="bold", y=1.0)
    return fig


def tracer_entonnoir(ax, serie: pd.Series, unite: str):
    """Dessine l'entonnoir dans ``ax`` ; renvoie (barres, textes) pour les mises à jour."""
    n = len(serie)
    maximum = float(serie.max()) or 1.0
    positions = np.arange(n)[::-1]
    couleurs = [PALETTE[i % len(PALETTE)] for i in range(n)]
    barres = ax.barh(positions, serie.to_numpy(), left=-serie.to_numpy() / 2, color=couleurs, height=0.7)
    textes = []
    for i, (etiquette, valeur) in enumerate(serie.items()):
        textes.append(ax.text(0, positions[i], "", ha="center", va="center", fontsize=9,
                              color="black", fontweight="bold",
                              bbox={"boxstyle": "round,pad=0.2", "facecolor": "white", "alpha": 0.8,
                                    "edgecolor": "none"}))
    ax.set_yticks(positions, list(serie.index))
    ax.set_xlim(-maximum / 2 * 1.05, maximum / 2 * 1.05)
    ax.set_xticks([])
    ax.spines["bottom"].set_visible(False)
    ax.spines["left"].set_visible(False)
    ax.grid(False)
    ax.set_xlabel(f"Effectif à chaque étape ({unite})")
    maj_entonnoir(ax, barres, textes, serie.to_numpy())
    return barres, textes


def maj_entonnoir(ax, barres, textes, valeurs):
    """Met à jour un entonnoir existant (largeurs, textes) sans recréer d'artistes."""
    valeurs = np.asarray(valeurs, dtype="float64")
    maximum = float(valeurs.max()) if valeurs.size and valeurs.max() > 0 else 1.0
    for i, (barre, texte, v) in enumerate(zip(barres, textes, valeurs)):
        barre.set_width(v)
        barre.set_x(-v / 2)
        etiquette = nombre(v)
        if i > 0:
            precedent = valeurs[i - 1]
            if precedent > 0:
                etiquette += f"  ({nombre(100 * v / precedent, 1)}{ESPACE_UNITE}% de l'étape précédente)"
        texte.set_text(etiquette)
    ax.set_xlim(-maximum / 2 * 1.05, maximum / 2 * 1.05)


def cohortes_figure(table, titre: str | None = None, annoter: bool | None = None):
    """Carte de chaleur de la rétention par cohorte (lignes) et mois écoulés (colonnes).

    ``table`` est le tableau de ``segmentation.cohortes_retention`` (fractions ; cases vides
    = mois pas encore observés). Couleurs ``cividis`` ; valeurs écrites en % si le tableau
    est assez petit (``annoter``).
    """
    if not isinstance(table, pd.DataFrame):
        raise TypeError(f"table doit être un tableau pandas (DataFrame), or il a reçu {type(table).__name__}.")
    if table.empty:
        raise ValueError("table est vide : il faut au moins une cohorte et un mois.")
    valeurs = table.astype("float64").to_numpy()
    finies = valeurs[np.isfinite(valeurs)]
    if finies.size and ((finies < 0).any() or (finies > 1 + 1e-9).any()):
        raise ValueError("table doit contenir des fractions entre 0 et 1 (0,25 pour 25 %).")
    lignes, colonnes = valeurs.shape
    fig, ax = nouvelle_figure(largeur=max(5.0, min(11.0, 0.55 * colonnes + 2.5)),
                              hauteur=max(2.8, min(8.0, 0.32 * lignes + 1.6)))
    ax.grid(False)
    image = ax.imshow(np.ma.masked_invalid(valeurs), cmap=CARTE_COULEURS, vmin=0, vmax=1, aspect="auto")
    if annoter is None:
        annoter = lignes * colonnes <= 300
    if annoter:
        for i in range(lignes):
            for j in range(colonnes):
                v = valeurs[i, j]
                if np.isfinite(v):
                    ax.text(j, i, f"{nombre(100 * v)}\u00a0%", ha="center", va="center", fontsize=7,
                            color="white" if v < 0.55 else "black")
    ax.set_xticks(range(colonnes), [str(c) for c in table.columns], fontsize=8)
    ax.set_yticks(range(lignes), [_etiquette_cohorte(c) for c in table.index], fontsize=8)
    barre = fig.colorbar(image, ax=ax, shrink=0.9)
    barre.ax.yaxis.set_major_formatter(FormatFrancais("pourcentage"))
    barre.set_label("Clients encore actifs (%)")
    axe, unite = _AXES_COHORTES.get(table.columns.name, ("Mois écoulés", "mois"))
    habiller(ax, titre or "Rétention par cohorte (part des clients encore actifs)",
             f"{axe} depuis le premier achat", f"Cohorte ({unite} du premier achat)")
    attacher_description(fig, _decrire_cohortes(ax.get_title(), table, valeurs, axe.lower()))
    return fig


def _decrire_cohortes(titre: str, table, valeurs, axe: str) -> str:
    """Carte de chaleur des cohortes en mots : l'étendue, puis la rétention moyenne par colonne."""
    lignes, colonnes = valeurs.shape
    cohortes = [_etiquette_cohorte(c) for c in table.index]
    texte = (f"{titre} : carte de chaleur, une ligne par cohorte ({lignes} cohortes, de {cohortes[0]} "
             f"à {cohortes[-1]}) et une colonne par nombre de {axe} depuis le premier achat "
             f"({table.columns[0]} à {table.columns[-1]}) ; plus la case est claire, plus la part de "
             f"clients encore actifs est forte.")
    moyennes = []
    choisies = sorted({0, 1, colonnes // 2, colonnes - 1} & set(range(colonnes)))
    for j in choisies:
        colonne = valeurs[:, j]
        colonne = colonne[np.isfinite(colonne)]
        if colonne.size:
            moyennes.append(f"{table.columns[j]} : {pourcentage(float(colonne.mean()), 1)}")
    if moyennes:
        texte += f" Rétention moyenne, par nombre de {axe} : " + " ; ".join(moyennes) + "."
    return texte


#: Libellés des axes selon la période des cohortes (nom des colonnes de cohortes_retention).
_AXES_COHORTES = {"mois_ecoules": ("Mois écoulés", "mois"),
                  "trimestres_ecoules": ("Trimestres écoulés", "trimestre"),
                  "annees_ecoulees": ("Années écoulées", "année"),
                  "semaines_ecoulees": ("Semaines écoulées", "semaine"),
                  "jours_ecoules": ("Jours écoulés", "jour")}


def _etiquette_cohorte(c) -> str:
    if isinstance(c, pd.Period):
        if c.freqstr.startswith("Q"):
            return f"{c.year} T{c.quarter}"
        return str(c)
    if isinstance(c, pd.Timestamp):
        return c.strftime("%Y-%m")
    return str(c)


def evolution_figure(series, titre: str = "Évolution", axe_x: str = "Mois",
                     axe_y: str = "Valeur", format_y: str | None = "nombre",
                     marqueurs: bool = True, depuis_zero: bool = False):
    """Courbes d'évolution : ``series`` est une série, un dict ``{nom: série}`` ou un DataFrame.

    ``depuis_zero=True`` fait partir l'axe vertical de 0 (utile pour un cumul, qu'un axe
    tronqué rendrait trompeur).

    Une courbe par série (couleurs de la palette), légende si plusieurs courbes. L'index
    (mois, dates, années…) donne l'axe horizontal ; précisez ``axe_x``/``axe_y`` avec
    leurs unités, par exemple ``axe_y="Visites (nombre)"``.
    """
    if isinstance(series, pd.Series):
        courbes = {series.name or axe_y: series}
    elif isinstance(series, pd.DataFrame):
        courbes = {str(c): series[c] for c in series.columns}
    elif isinstance(series, Mapping):
        courbes = dict(series)
    else:
        raise TypeError("series doit être une série pandas, un DataFrame ou un dictionnaire "
                        f"{{nom: série}}, or il a reçu {type(series).__name__}.")
    if not courbes:
        raise ValueError("series est vide : il faut au moins une courbe.")
    fig, ax = nouvelle_figure()
    en_temps = False
    for i, (nom, s) in enumerate(courbes.items()):
        if not isinstance(s, pd.Series):
            s = pd.Series(s)
        y = exiger_nombre(f"series[{nom!r}]", s.astype("float64"))
        x, dates = _axe_horizontal(s.index)
        en_temps = en_temps or dates
        ax.plot(x, y.to_numpy(), label=str(nom), color=PALETTE[i % len(PALETTE)], linewidth=2,
                marker="o" if marqueurs and len(s) <= 40 else None, markersize=4)
    habiller(ax, titre, axe_x, axe_y, None, format_y)
    if en_temps:  # mois en français (« janv. 2023 »), assez espacés pour ne pas se chevaucher
        graduer_dates(ax.xaxis)
    if depuis_zero:
        ax.set_ylim(bottom=0)
    if len(courbes) > 1:
        ax.legend(fontsize=9, frameon=False)
    if isinstance(x, list) and x and isinstance(x[0], str) and len(x) > 6:
        ax.tick_params(axis="x", labelrotation=45)
        for texte in ax.get_xticklabels():
            texte.set_horizontalalignment("right")
    return fig


def _axe_horizontal(index):
    """Abscisses d'une courbe, et si ce sont des dates (nombres de dates matplotlib)."""
    dates = en_dates(index)
    if dates is not None:
        return mdates.date2num(dates.to_pydatetime()), True
    if pd.api.types.is_numeric_dtype(index):
        return np.asarray(index), False
    return [str(v) for v in index], False


def barres_groupees_figure(tableau, titre: str, axe_x: str, axe_y: str,
                           format_x: str | None = "nombre", couleurs=None, hauteur: float | None = None):
    """Barres horizontales groupées : une ligne du tableau par groupe, une barre par colonne.

    ``tableau`` est un DataFrame (index = étiquettes des groupes, colonnes = séries à comparer,
    leurs noms servent de légende). ``axe_x`` décrit les valeurs (avec leur unité), ``axe_y``
    les groupes. Sert à comparer deux grandeurs côte à côte (part des visites et part des
    commandes, valeur et coût d'un client…).
    """
    if not isinstance(tableau, pd.DataFrame):
        raise TypeError(f"tableau doit être un DataFrame, or il a reçu {type(tableau).__name__}.")
    if tableau.empty:
        raise ValueError("tableau est vide : il faut au moins un groupe et une colonne.")
    n_series = tableau.shape[1]
    couleurs = couleurs or [PALETTE[i % len(PALETTE)] for i in range(n_series)]
    fig, ax = nouvelle_figure(hauteur=hauteur or min(6.0, max(2.6, 0.3 * len(tableau) * n_series + 1.2)))
    epaisseur = 0.8 / n_series
    positions = np.arange(len(tableau))
    for k, colonne in enumerate(tableau.columns):
        valeurs = exiger_nombre(f"tableau[{colonne!r}]", tableau[colonne].astype("float64"))
        decalage = (k - (n_series - 1) / 2) * epaisseur
        ax.barh(positions + decalage, valeurs.to_numpy(), height=epaisseur,
                color=couleurs[k], label=str(colonne))
    ax.set_yticks(positions, [str(i) for i in tableau.index])
    ax.invert_yaxis()
    habiller(ax, titre, axe_x, axe_y, format_x=format_x)
    ax.legend(fontsize=9, frameon=False, loc="upper center", bbox_to_anchor=(0.5, -0.18),
              ncols=min(n_series, 3))
    return fig


def barres_figure(valeurs, titre: str = "Comparaison", axe_x: str = "", axe_y: str = "Valeur",
                  format_y: str | None = "nombre", horizontal: bool = False,
                  etiquettes: bool = True, couleurs=None):
    """Diagramme en barres d'une série ou d'un dict ``{étiquette: valeur}``.

    ``etiquettes=True`` écrit la valeur (au format ``format_y``) au bout de chaque barre.
    ``horizontal=True`` couche les barres (pratique pour de longues étiquettes) ; l'axe des
    valeurs reste décrit par ``axe_y``.
    """
    serie = _en_serie("valeurs", valeurs)
    n = len(serie)
    if couleurs is None:
        couleurs = [PALETTE[i % len(PALETTE)] for i in range(n)] if n <= 8 else BLEU
    if horizontal:
        fig, ax = nouvelle_figure(hauteur=max(2.6, 0.4 * n + 1.2))
        barres = ax.barh(list(serie.index)[::-1], serie.to_numpy()[::-1],
                         color=couleurs[::-1] if isinstance(couleurs, list) else couleurs)
        habiller(ax, titre, axe_y, axe_x, format_y, None)
        ax.grid(True, axis="x", color="#DDDDDD")
        ax.grid(False, axis="y")
    else:
        fig, ax = nouvelle_figure()
        barres = ax.bar(list(serie.index), serie.to_numpy(), color=couleurs)
        habiller(ax, titre, axe_x, axe_y, None, format_y)
        if n > 5 or max(len(str(i)) for i in serie.index) > 10:
            ax.tick_params(axis="x", labelrotation=30)
            for texte in ax.get_xticklabels():
                texte.set_horizontalalignment("right")
    if etiquettes:
        dans_l_ordre = serie.to_numpy()[::-1] if horizontal else serie.to_numpy()
        absolues = np.abs(dans_l_ordre)
        if format_y == "nombre" and (absolues > 0).any():
            # la plus petite valeur fixe la précision : 0,8 ne doit pas s'afficher « 1 » à côté de 18
            reference = float(np.min(absolues[absolues > 0]))
        else:
            reference = float(np.max(absolues))
        ax.bar_label(barres, labels=[texte_valeur(v, format_y, reference) for v in dans_l_ordre],
                     padding=2, fontsize=8)
        ax.margins(x=0.12) if horizontal else ax.margins(y=0.12)
    return fig


def texte_valeur(valeur, genre: str | None = "nombre", reference=None) -> str:
    """Une valeur écrite à la française selon son genre : ``"euros"`` (sans centimes à partir
    de 100 €), ``"pourcentage"`` (une décimale) ou ``"nombre"`` (entier, ou une décimale
    sous 10). ``reference`` (par exemple le maximum d'une série) fixe la précision pour que
    toutes les valeurs d'un même graphique aient le même nombre de décimales."""
    v = float(valeur)
    r = abs(float(reference)) if reference is not None else abs(v)
    if genre == "euros":
        return euros(v, 0 if r >= 100 else 2)
    if genre == "pourcentage":
        return pourcentage(v, 1)
    if reference is None and v.is_integer():
        return nombre(v, 0)
    return nombre(v, 0 if r >= 10 else 1)
