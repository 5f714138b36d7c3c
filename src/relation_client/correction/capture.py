"""Capture de la réponse : le code exécuté DANS le noyau de l'élève.

Le correcteur insère après chaque cellule de réponse une cellule de capture (:func:`ligne_capture`) ;
elle traduit la valeur de ``reponse`` en JSON marqué par son type (:func:`encoder`, jamais de pickle)
et la publie comme sortie du noyau, sous le type MIME :data:`TYPE_MIME`. Ce module tourne chez
l'élève : il reste petit et n'importe que la bibliothèque standard (pandas et NumPy ne sont lus que
s'ils sont déjà chargés). Le décodage, côté correcteur, est dans :mod:`.decodage`.

>>> encoder(3)
{'t': 'int', 'v': '3'}
>>> encoder([1.5, "a"])
{'t': 'list', 'v': [{'t': 'float', 'v': '1.5'}, {'t': 'str', 'v': 'a'}]}
"""

from __future__ import annotations

import datetime
import json
import numbers
import sys

__all__ = ["TYPE_MIME", "LIMITE_ELEMENTS", "encoder", "capturer", "ligne_capture"]

TYPE_MIME = "application/vnd.relation-client.capture+json"
LIMITE_ELEMENTS = 300_000  # au-delà, une réponse est transmise comme texte (trop volumineuse)


def encoder(valeur, profondeur=0, budget=None):
    """Traduit une valeur Python en structure JSON marquée par son type (jamais de pickle)."""
    if budget is None:
        budget = [LIMITE_ELEMENTS]
    budget[0] -= 1
    if budget[0] < 0 or profondeur > 30:
        return {"t": "repr", "classe": type(valeur).__name__,
                "v": "(réponse trop volumineuse ou trop imbriquée pour être transmise)"}
    pd = sys.modules.get("pandas")
    np = sys.modules.get("numpy")
    if valeur is None:
        return {"t": "none"}
    if valeur is Ellipsis:
        return {"t": "ellipsis"}
    if isinstance(valeur, bool) or (np is not None and isinstance(valeur, np.bool_)):
        return {"t": "bool", "v": bool(valeur)}
    if isinstance(valeur, numbers.Integral):
        return {"t": "int", "v": str(int(valeur))}
    if isinstance(valeur, numbers.Real):
        return {"t": "float", "v": repr(float(valeur))}
    if isinstance(valeur, str):
        return {"t": "str", "v": valeur}
    if pd is not None:
        if isinstance(valeur, pd.DataFrame):
            budget[0] -= valeur.size
            if budget[0] < 0:
                return encoder(object(), profondeur, budget)
            return {"t": "df",
                    "colonnes": [encoder(colonne, profondeur + 1, budget) for colonne in valeur.columns],
                    "index": [encoder(etiquette, profondeur + 1, budget) for etiquette in valeur.index],
                    "nom_index": encoder(valeur.index.name, profondeur + 1, budget),
                    "type_index": str(valeur.index.dtype), "types": [str(d) for d in valeur.dtypes],
                    "lignes": [[encoder(x, profondeur + 1, budget) for x in ligne]
                               for ligne in valeur.itertuples(index=False, name=None)]}
        if isinstance(valeur, pd.Series):
            budget[0] -= valeur.size
            if budget[0] < 0:
                return encoder(object(), profondeur, budget)
            return {"t": "serie", "nom": encoder(valeur.name, profondeur + 1, budget),
                    "index": [encoder(etiquette, profondeur + 1, budget) for etiquette in valeur.index],
                    "nom_index": encoder(valeur.index.name, profondeur + 1, budget),
                    "type_index": str(valeur.index.dtype), "type": str(valeur.dtype),
                    "valeurs": [encoder(x, profondeur + 1, budget) for x in valeur.tolist()]}
        if isinstance(valeur, pd.Index):
            return {"t": "list", "v": [encoder(x, profondeur + 1, budget) for x in valeur.tolist()]}
        if valeur is pd.NaT:
            return {"t": "nat"}
        if valeur is pd.NA:
            return {"t": "na"}
        if isinstance(valeur, pd.Timestamp):
            return {"t": "date", "v": valeur.isoformat()}
    if np is not None:
        if isinstance(valeur, np.ndarray):
            budget[0] -= valeur.size
            if budget[0] < 0:
                return encoder(object(), profondeur, budget)
            return {"t": "ndarray", "type": str(valeur.dtype),
                    "v": encoder(valeur.tolist(), profondeur + 1, budget)}
        if isinstance(valeur, np.generic):
            return encoder(valeur.item(), profondeur + 1, budget)
    if isinstance(valeur, (datetime.datetime, datetime.date)):
        return {"t": "date", "v": valeur.isoformat()}
    if isinstance(valeur, (list, tuple, set, frozenset)):
        genre = {list: "list", tuple: "tuple"}.get(type(valeur), "set")
        elements = list(valeur)
        budget[0] -= len(elements)
        if budget[0] < 0:
            return encoder(object(), profondeur, budget)
        return {"t": genre, "v": [encoder(x, profondeur + 1, budget) for x in elements]}
    if isinstance(valeur, dict):
        return {"t": "dict", "v": [[encoder(cle, profondeur + 1, budget), encoder(x, profondeur + 1, budget)]
                                   for cle, x in list(valeur.items())]}
    try:
        texte = repr(valeur)
    except BaseException:  # noqa: BLE001 — un __repr__ d'élève peut tout faire
        texte = "(représentation impossible)"
    return {"t": "repr", "classe": type(valeur).__name__, "v": texte[:2000]}


def capturer(question, espace):
    """Publie la valeur de ``reponse`` (espace de noms de l'élève) comme sortie du noyau.

    Appelée par les cellules de capture insérées par le correcteur ; ne lève jamais.
    """
    try:
        if "reponse" not in espace:
            code = {"t": "absente"}
        else:
            try:
                code = encoder(espace["reponse"])
                json.dumps(code)
            except BaseException as erreur:  # noqa: BLE001
                code = {"t": "repr", "classe": type(espace["reponse"]).__name__,
                        "v": f"(réponse illisible : {type(erreur).__name__})"}
        from IPython.display import publish_display_data  # présent dans tout noyau, absent du correcteur
        publish_display_data({TYPE_MIME: {"question": question, "valeur": code}})
    except BaseException:  # noqa: BLE001
        pass


def ligne_capture(question: str, indentation: str = "") -> str:
    """La ligne d'une cellule de capture. Elle appelle ``relation_client.correction._capturer`` (le nom
    que portent les copies instrumentées depuis la première version du correcteur).

    >>> ligne_capture("2.3")
    '__import__("relation_client.correction", fromlist=["_capturer"])._capturer("2.3", globals())'
    """
    return (f'{indentation}__import__("relation_client.correction", fromlist=["_capturer"])'
            f'._capturer("{question}", globals())')
