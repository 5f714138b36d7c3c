"""Style des graphiques du cours : palette, formats français des axes, axes de dates, figure vide.

Toutes les figures sont des ``matplotlib.figure.Figure`` construites avec l'API objet (canevas
Agg), sans l'état global de ``pyplot`` : :func:`nouvelle_figure` en crée une au style du cours,
:func:`habiller` lui donne titre, noms d'axes et formats, :func:`en_png` la rend en image.

- Couleurs : la palette d'Okabe et Ito (2008, « Color Universal Design »), distinguable
  par les personnes daltoniennes ; les cartes de chaleur utilisent ``cividis``
  (Nuñez, Anderton et Renslow, 2018), conçue pour la même raison.
- Axes : nombres à la française (``1 234``, ``12 %``, ``1 500 €``, ``2,3 M``), grâce à
  :class:`FormatFrancais`, qui s'appuie sur :mod:`relation_client.formatage` ; dates en mois
  français espacés (:func:`graduer_dates`).
- Chaque graphique a un titre en français et des axes nommés avec leur unité.
"""

from __future__ import annotations

import io
import re

import matplotlib as mpl
import numpy as np
import pandas as pd
from matplotlib import dates as mdates
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.ticker import Formatter, Locator, NullLocator

from ..controles import exiger_positif
from ..formatage import ESPACE_UNITE, euros, nombre, pourcentage

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
        self._tous_en_debut_de_mois = all(debut_de_mois(v) for v in locs if np.isfinite(v))

    def __call__(self, x, pos=None):
        if not np.isfinite(x):
            return ""
        date = mdates.num2date(x)
        if self._tous_en_debut_de_mois:
            return f"{MOIS_FR[date.month - 1]} {date.year}"
        return f"{date.day} {MOIS_FR[date.month - 1]}"


def debut_de_mois(valeur) -> bool:
    """La date ``valeur`` (nombre de dates matplotlib) est-elle le premier du mois à minuit ?"""
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
    for decimales in range(maximum + 1):
        if np.allclose(np.round(valeurs, decimales), valeurs, rtol=0, atol=1e-9 * max(1.0, np.max(np.abs(valeurs)))):
            return decimales
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
