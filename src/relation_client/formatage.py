"""Affichage des nombres à la française : ``1 234,50 €``, ``12,5 %``.

Le séparateur des milliers est une espace fine insécable (U+202F), l'espace avant
``€`` et ``%`` une espace insécable (U+00A0), comme le recommande l'Imprimerie nationale.
"""

from __future__ import annotations

import html
import math
import re
import textwrap
from decimal import ROUND_HALF_UP, Decimal

ESPACE_MILLIERS = "\u202f"
ESPACE_UNITE = "\u00a0"

__all__ = ["nombre", "euros", "pourcentage", "variation", "tableau", "apercu", "ESPACE_MILLIERS",
           "ESPACE_UNITE"]


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


#: Texte affiché à la place d'une valeur manquante dans :func:`apercu`.
VIDE = "—"
#: Colonnes d'entiers affichées sans séparateur des milliers (une année s'écrit 2025, pas 2 025).
_SANS_MILLIERS = ("annee", "année", "an", "mois", "jour", "semaine", "trimestre")
_DECIMALES_MAX = 4


def _decimales_utiles(valeurs) -> int:
    """Plus petit nombre de décimales (au plus 4) qui écrit exactement toutes les valeurs.

    Une colonne de montants au centime s'affiche avec 2 décimales partout (17,20 et non 17,2) ;
    une colonne de réels entiers (5.0) sans décimale.
    """
    import numpy as np

    finies = np.asarray(valeurs, dtype="float64")
    finies = finies[np.isfinite(finies)]
    for d in range(_DECIMALES_MAX + 1):
        if np.allclose(finies, np.round(finies, d), rtol=0, atol=1e-9):
            return d
    return _DECIMALES_MAX


def _date_fr(valeur) -> str:
    import pandas as pd

    if pd.isna(valeur):
        return VIDE
    if isinstance(valeur, pd.Period):
        return valeur.strftime("%m/%Y") if valeur.freqstr.startswith("M") else str(valeur)
    horodatage = pd.Timestamp(valeur)
    if horodatage.hour or horodatage.minute or horodatage.second:
        return horodatage.strftime("%d/%m/%Y %H:%M")
    return horodatage.strftime("%d/%m/%Y")


def _textes(serie, nom, decimales=None) -> list[str]:
    """Les valeurs d'une colonne écrites à la française, une chaîne par ligne.

    ``decimales`` : décimales des réels, si elles ont été choisies sur la colonne entière.
    """
    import pandas as pd
    from pandas.api import types

    if isinstance(serie.dtype, pd.CategoricalDtype):
        serie = serie.astype(object)
    if types.is_bool_dtype(serie.dtype):
        return [VIDE if pd.isna(v) else ("oui" if v else "non") for v in serie]
    if types.is_datetime64_any_dtype(serie.dtype) or isinstance(serie.dtype, pd.PeriodDtype):
        return [_date_fr(v) for v in serie]
    if types.is_timedelta64_dtype(serie.dtype):
        return [VIDE if pd.isna(v) else f"{nombre(v.days)} jour{'s' if abs(v.days) > 1 else ''}"
                for v in serie]
    if types.is_numeric_dtype(serie.dtype):
        if types.is_integer_dtype(serie.dtype) and str(nom).lower() in _SANS_MILLIERS:
            return [VIDE if pd.isna(v) else str(int(v)) for v in serie]
        if types.is_integer_dtype(serie.dtype):
            decimales = 0
        elif decimales is None:
            decimales = _decimales_utiles(serie)
        return [VIDE if pd.isna(v) else nombre(v, decimales) for v in serie]
    textes = []
    for v in serie:
        if v is None or (isinstance(v, float) and math.isnan(v)) or v is pd.NaT:
            textes.append(VIDE)
        elif isinstance(v, bool):
            textes.append("oui" if v else "non")
        elif isinstance(v, (int, float)):
            textes.append(nombre(v, 0 if float(v).is_integer() else _decimales_utiles([v])))
        elif isinstance(v, pd.Timestamp):
            textes.append(_date_fr(v))
        else:
            textes.append(str(v))
    return textes


def apercu(tableau, n: int = 5):
    """Les ``n`` premières lignes d'un tableau, écrites à la française (à la place de ``.head()``).

    Renvoie un nouveau tableau de textes, prêt à être affiché :

    - nombres à virgule décimale et espace fine entre les milliers (``3,13`` ; ``12 064``) ;
      dans une colonne de réels, toutes les valeurs ont le même nombre de décimales, le plus
      petit qui les écrit exactement (au plus 4) : des montants au centime gardent leurs deux
      décimales (``17,20``) ;
    - dates au format jour/mois/année (``01/01/2023``) ;
    - Vrai/Faux écrits ``oui``/``non``, valeurs manquantes écrites ``—`` ;
    - années (colonne ``annee``) sans espace : ``2025``.

    Les noms de colonnes ne changent pas (c'est eux qu'on écrit dans le code). Le tableau
    d'origine n'est pas modifié ; l'aperçu sert à lire, pas à calculer (ses cases sont des
    textes). Les décimales d'une colonne sont choisies d'après la colonne entière, pas
    seulement les lignes montrées.

    >>> import pandas as pd
    >>> clients = pd.DataFrame({"client_id": ["C00001", "C00002"],
    ...                         "date_inscription": pd.to_datetime(["2023-01-01", "2023-01-15"]),
    ...                         "cout_acquisition": [3.13, 1250.5], "membre_programme": [True, False]})
    >>> a = apercu(clients)
    >>> a["date_inscription"].tolist(), a["membre_programme"].tolist()
    (['01/01/2023', '15/01/2023'], ['oui', 'non'])
    >>> [texte.replace(ESPACE_MILLIERS, " ") for texte in a["cout_acquisition"]]
    ['3,13', '1 250,50']
    """
    import pandas as pd

    if isinstance(tableau, pd.Series):
        tableau = tableau.to_frame()
    if not isinstance(tableau, pd.DataFrame):
        raise TypeError(f"apercu attend un tableau (par exemple clients ou achats), or il a reçu "
                        f"{type(tableau).__name__}.")
    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        raise ValueError(f"n vaut {n!r}, or c'est le nombre de lignes à montrer : un nombre "
                         "entier au moins égal à 1 (par exemple 5).")
    if len(tableau) == 0 or len(tableau.columns) == 0:
        raise ValueError("le tableau est vide (aucune ligne ou aucune colonne) : il n'y a rien à "
                         "montrer. Vérifiez la sélection qui l'a produit.")
    if tableau.columns.duplicated().any():
        doublons = sorted({str(c) for c in tableau.columns[tableau.columns.duplicated()]})
        raise ValueError(f"le tableau a plusieurs colonnes nommées {', '.join(doublons)} : "
                         "renommez-les avant d'en afficher un aperçu.")
    debut = tableau.head(n)
    colonnes = {}
    for position, nom in enumerate(tableau.columns):
        complete = tableau.iloc[:, position]
        decimales = _decimales_utiles(complete) if _besoin_colonne_entiere(complete) else None
        colonnes[nom] = _textes(debut.iloc[:, position], nom, decimales)
    resultat = Apercu(colonnes, index=_index_fr(debut.index), columns=tableau.columns, dtype=object)
    resultat.attrs["lignes_total"] = len(tableau)
    return resultat


def _classe_apercu():
    import pandas as pd

    class Apercu(pd.DataFrame):
        """Tableau de textes renvoyé par :func:`apercu` : il s'affiche en entier, sans coupure.

        L'affichage texte (``text/plain``, celui que compare nbval) ne dépend ni de la largeur du
        terminal ni des options d'affichage de pandas, et n'ajoute aucune mention en anglais ;
        une ligne dit combien de lignes le tableau complet en compte. Toute opération sur un
        aperçu renvoie un tableau pandas ordinaire.
        """

        def _mention(self) -> str:
            total = self.attrs.get("lignes_total", len(self))
            if total > len(self):
                premieres = "première ligne" if len(self) == 1 else f"{nombre(len(self))} premières lignes"
                return f"Aperçu : {premieres} sur {nombre(total)}."
            return f"Tableau complet : {nombre(total)} ligne{'s' if total > 1 else ''}."

        def __repr__(self) -> str:
            return f"{pd.DataFrame(self).to_string()}\n{self._mention()}"

        def _repr_html_(self) -> str:
            html = pd.DataFrame(self).to_html(notebook=True, max_rows=None, max_cols=None,
                                              show_dimensions=False)
            return f"{html}\n<p>{self._mention()}</p>"

    Apercu.__module__ = __name__
    Apercu.__qualname__ = "Apercu"
    return Apercu


Apercu = _classe_apercu()


def _besoin_colonne_entiere(serie) -> bool:
    """Les réels ont besoin de toute la colonne pour choisir leurs décimales."""
    from pandas.api import types

    return types.is_float_dtype(serie.dtype)


def _index_fr(index):
    """L'index de l'aperçu : inchangé s'il numérote les lignes, sinon écrit à la française."""
    import pandas as pd

    if isinstance(index, pd.RangeIndex) or isinstance(index, pd.MultiIndex):
        return index
    return pd.Index(_textes(index.to_series(), index.name), name=index.name, dtype=object)


_AVANT_PONCTUATION = re.compile(r"(?<=\S) ([:;!?%€»])")
_APRES_GUILLEMET = re.compile(r"« ")


def insecables(texte: str) -> str:
    """Espaces insécables de la typographie française : avant « : ; ! ? % € » » et après « « ».

    Une ligne ne se coupe alors jamais entre « 85 » et « % », ni entre un guillemet et son mot.

    >>> insecables("« 85 % des clients » : vrai ?") == "«\u00a085\u00a0% des clients\u00a0»\u00a0: vrai\u00a0?"
    True
    """
    return _APRES_GUILLEMET.sub("«\u00a0", _AVANT_PONCTUATION.sub("\u00a0\\1", texte))


class Paragraphes:
    """Du texte à afficher dans un notebook, qui passe à la ligne entre deux mots.

    JupyterLab coupe les sorties de ``print()`` n'importe où en bout de ligne, au milieu
    d'un mot ou d'un nombre (« en 201 » / « 9 »). Un objet ``Paragraphes`` s'affiche au
    contraire en HTML : une ligne donnée = un paragraphe, qui passe à la ligne aux espaces
    (les espaces insécables des nombres français, ``1 234,50 €``, ne sont jamais coupées) ;
    les espaces en début de ligne deviennent un retrait. Sa version texte (``text/plain``,
    celle que comparent les tests de notebooks, ou ``print(p)``) est déterministe : les
    mêmes lignes, repliées à ``largeur`` caractères aux espaces.

    >>> p = Paragraphes("Un client satisfait revient plus souvent, surtout quand on lui écrit",
    ...                 "   Source - manuel STMG", largeur=40)
    >>> print(p)
    Un client satisfait revient plus
    souvent, surtout quand on lui écrit
       Source - manuel STMG
    >>> "word-break:normal" in p._repr_html_()
    True
    """

    def __init__(self, *lignes: str, largeur: int = 78):
        self.lignes = [insecables(str(ligne)) for ligne in lignes]
        if isinstance(largeur, bool) or not isinstance(largeur, int):
            raise TypeError(f"largeur vaut {largeur!r}, or il faut un nombre entier de caractères.")
        self.largeur = largeur
        if self.largeur < 20:
            raise ValueError(f"largeur vaut {self.largeur}, or il faut au moins 20 caractères par ligne.")

    def __str__(self) -> str:
        sortie = []
        for ligne in self.lignes:
            retrait = ligne[:len(ligne) - len(ligne.lstrip(" "))]
            sortie.append(textwrap.fill(ligne.strip(" "), width=self.largeur, initial_indent=retrait,
                                        subsequent_indent=retrait, break_long_words=False,
                                        break_on_hyphens=False) if ligne.strip() else "")
        return "\n".join(sortie)

    def __repr__(self) -> str:
        return str(self)

    def _repr_pretty_(self, imprimeur, cycle):
        imprimeur.text(str(self))

    def _repr_html_(self) -> str:
        morceaux = []
        for ligne in self.lignes:
            retrait = len(ligne) - len(ligne.lstrip(" "))
            marge = f"margin:0 0 0.25em {0.5 * retrait:g}em" if retrait else "margin:0 0 0.25em 0"
            morceaux.append(f"<p style='{marge}'>{html.escape(ligne.strip(' '), quote=False) or '&nbsp;'}</p>")
        return ("<div class='rc-texte' style='white-space:normal;word-break:normal;overflow-wrap:normal;"
                "line-height:1.5'>" + "".join(morceaux) + "</div>")
