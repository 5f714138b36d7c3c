"""Décodage des réponses capturées, côté correcteur : l'inverse de :func:`.capture.encoder`.

Ne construit que des types sûrs (nombres, textes, listes, dictionnaires, Series, DataFrame, tableaux
NumPy, dates) ; tout autre objet de l'élève reste du texte (:class:`ObjetNonTransmis`). Aucun objet
de l'élève n'est jamais désérialisé (pas de pickle).

>>> decoder({"t": "tuple", "v": [{"t": "int", "v": "3"}, {"t": "str", "v": "a"}]})
(3, 'a')
>>> decoder({"t": "repr", "classe": "Etrange", "v": "<étrange>"})
<étrange>
"""

from __future__ import annotations

__all__ = ["decoder", "ObjetNonTransmis", "ABSENTE"]

ABSENTE = object()  # la variable ``reponse`` n'existait pas


class ObjetNonTransmis:
    """Une réponse que le correcteur n'a reçue que sous forme de texte (type non pris en charge)."""

    def __init__(self, classe: str, texte: str):
        self.classe = classe
        self.texte = texte

    def __repr__(self) -> str:
        return self.texte

    __str__ = __repr__


def decoder(code):
    """Valeur Python d'une réponse encodée par :func:`.capture.encoder`."""
    import numpy as np  # coût d'import : seul le processus principal décode
    import pandas as pd

    genre = code.get("t")
    valeur = code.get("v")
    if genre == "none":
        return None
    if genre == "ellipsis":
        return Ellipsis
    if genre == "bool":
        return bool(valeur)
    if genre == "int":
        return int(valeur)
    if genre == "float":
        return float(valeur)
    if genre == "str":
        return str(valeur)
    if genre == "list":
        return [decoder(x) for x in valeur]
    if genre == "tuple":
        return tuple(decoder(x) for x in valeur)
    if genre == "set":
        elements = [decoder(x) for x in valeur]
        try:
            return set(elements)
        except TypeError:
            return elements
    if genre == "dict":
        resultat = {}
        for code_cle, code_valeur in valeur:
            cle = decoder(code_cle)
            try:
                resultat[cle] = decoder(code_valeur)
            except TypeError:
                resultat[repr(cle)] = decoder(code_valeur)
        return resultat
    if genre == "nat":
        return pd.NaT
    if genre == "na":
        return pd.NA
    if genre == "date":
        return pd.Timestamp(valeur)
    if genre == "ndarray":
        contenu = decoder(valeur)
        try:
            return np.array(contenu, dtype=code.get("type"))
        except (TypeError, ValueError):
            return np.array(contenu, dtype=object)
    if genre == "serie":
        serie = pd.Series([decoder(x) for x in code["valeurs"]], index=_index(code), name=decoder(code["nom"]))
        return _retyper(serie, code.get("type"))
    if genre == "df":
        colonnes = [decoder(colonne) for colonne in code["colonnes"]]
        index = _index(code)
        lignes = [[decoder(x) for x in ligne] for ligne in code["lignes"]]
        if lignes:
            tableau = pd.DataFrame(lignes, index=index, columns=pd.Index(colonnes))
        else:
            tableau = pd.DataFrame(index=index, columns=pd.Index(colonnes))
        for position, type_colonne in enumerate(code.get("types", [])):
            if position < tableau.shape[1]:
                tableau.isetitem(position, _retyper(tableau.iloc[:, position], type_colonne))
        return tableau
    if genre == "absente":
        return ABSENTE
    return ObjetNonTransmis(str(code.get("classe", "?")), str(valeur))


def _index(code):
    import pandas as pd

    index = pd.Index([decoder(etiquette) for etiquette in code["index"]], name=decoder(code["nom_index"]))
    type_index = code.get("type_index")
    if type_index and type_index != "object" and str(index.dtype) != type_index:
        try:
            index = index.astype(type_index)
        except (TypeError, ValueError):
            pass
    return index


def _retyper(serie, type_texte):
    if not type_texte or type_texte == "object":
        return serie
    try:
        return serie.astype(type_texte)
    except (TypeError, ValueError):
        return serie
