"""Vérifications partagées des arguments, avec des messages d'erreur en français.

Chaque fonction ``exiger_*`` reçoit le nom de l'argument (tel que l'élève l'a écrit
dans l'appel) et sa valeur. Elle renvoie la valeur convertie en nombre(s) à virgule
flottante ou lève ``TypeError``/``ValueError`` avec un message qui nomme l'argument,
la valeur reçue et la façon de corriger.

Scalaires, listes, tableaux NumPy et ``pandas.Series`` sont acceptés :

- un scalaire est renvoyé en ``float`` ;
- une liste ou un tableau NumPy est renvoyé en ``numpy.ndarray`` de flottants ;
- une ``Series`` est renvoyée en ``Series`` de flottants (index conservé).
"""

from __future__ import annotations

import functools
import math
import numbers

import numpy as np
import pandas as pd

from .nombres import lire_nombre

__all__ = [
    "exiger_nombre",
    "exiger_positif",
    "exiger_positif_ou_nul",
    "exiger_taux",
    "exiger_compte",
    "exiger_entier",
    "exiger_au_plus",
    "exiger_retention_actualisation",
    "exiger_colonnes",
    "exiger_fini",
    "en_sortie",
    "exiger_compatibles",
    "exiger_non_nul",
    "sans_alerte_numpy",
    "decrire",
    "refus_texte",
]


def decrire(valeur, sans_jargon: bool = False) -> str:
    """Décrit brièvement une valeur reçue, pour un message d'erreur ; ne lève jamais.

    Par défaut, pour un argument de fonction (qui écrit l'appel lit « None », « NaN », « série ») ;
    ``sans_jargon=True`` pour le retour d'un exercice à un débutant : aucun mot Python.

    >>> decrire(None), decrire(None, sans_jargon=True)
    ('vide (None)', 'vide')
    >>> decrire([1, 2]), decrire([1, 2], sans_jargon=True)
    ('[1, 2]', 'une liste de 2 valeur(s)')
    """
    try:
        if valeur is None:
            return "vide" if sans_jargon else "vide (None)"
        if isinstance(valeur, str):
            court = valeur if len(valeur) <= 40 else valeur[:37] + "…"
            return f"le texte {court!r}"
        if isinstance(valeur, pd.Series):
            return f"une {'colonne' if sans_jargon else 'série'} de {len(valeur)} valeur(s)"
        if isinstance(valeur, np.ndarray):
            return f"{'une liste' if sans_jargon else 'un tableau'} de {valeur.size} valeur(s)"
        if isinstance(valeur, float) and math.isnan(valeur):
            return "une valeur manquante" if sans_jargon else "NaN (valeur manquante)"
        if not sans_jargon:
            return repr(valeur)
        if isinstance(valeur, (bool, np.bool_)):
            return f"la valeur {'Vrai' if valeur else 'Faux'} ({valeur})"
        if isinstance(valeur, (numbers.Real, np.number)):
            return f"le nombre {valeur}"
        if isinstance(valeur, pd.DataFrame):
            return f"un tableau de {len(valeur)} ligne(s) et {len(valeur.columns)} colonne(s)"
        if isinstance(valeur, (list, tuple)):
            return f"une liste de {len(valeur)} valeur(s)"
        if isinstance(valeur, dict):
            return f"une liste de {len(valeur)} valeur(s) avec leurs étiquettes"
    except Exception:  # une valeur hostile (repr ou len qui lèvent) ne doit rien casser
        pass
    return "une valeur d'un genre inattendu"


def refus_texte(texte: str, sujet: str, reecrire_le_nombre: bool = True) -> str:
    """Le message qui refuse un nombre écrit en texte (« 12,5 », « 25 % ») et dit comment l'écrire.

    ``sujet`` est le nom de l'argument (« taux ») ou « votre réponse ». Le texte est lu par
    :func:`relation_client.nombres.lire_nombre`, qui dit ce qu'il faut retirer (guillemets, symbole
    % ou €, séparateur de milliers) et s'il faut un point décimal. ``reecrire_le_nombre=False``
    (réponse d'exercice) : seulement des exemples génériques, jamais le nombre de l'élève réécrit.

    >>> print(refus_texte("12,5", "prix"))  # doctest: +NORMALIZE_WHITESPACE
    prix est le texte '12,5' : écrivez un nombre, pas du texte, sans guillemets et avec un point décimal,
    par exemple 12.5.
    >>> message = refus_texte("25 %", "votre réponse", reecrire_le_nombre=False)
    >>> print(message)  # doctest: +NORMALIZE_WHITESPACE
    votre réponse est le texte '25 %' : écrivez un nombre, pas du texte, sans guillemets et sans le
    symbole %. Un taux s'écrit comme une fraction : 12 % s'écrit 0.12.
    """
    lecture = lire_nombre(texte)
    if lecture.vide:
        return (f"{sujet} est vide (un texte vide) : écrivez un nombre"
                + (", par exemple 0.25 ou 120." if reecrire_le_nombre else "."))
    if lecture.valeur is None:
        return (f"{sujet} est {decrire(texte)}, or un nombre est attendu. Écrivez un nombre (ou un calcul) "
                "sans guillemets" + (", par exemple 0.25 ou 120." if reecrire_le_nombre else "."))
    consignes = ["sans guillemets"]
    if lecture.pourcentage:
        consignes.append("sans le symbole %")
    if lecture.euro:
        consignes.append("sans le symbole €")
    if lecture.separateur_milliers == " ":
        consignes.append("sans espace entre les milliers")
    elif lecture.separateur_milliers:
        consignes.append("sans séparateur de milliers")
    if lecture.virgule_decimale:
        consignes.append("avec un point décimal" + ("" if reecrire_le_nombre else " (1.5 et non 1,5)"))
    enumeration = ", ".join(consignes[:-1]) + " et " + consignes[-1] if len(consignes) > 1 else consignes[0]
    message = f"{sujet} est {decrire(texte)} : écrivez un nombre, pas du texte, {enumeration}"
    message += f", par exemple {lecture.ecriture_python}." if reecrire_le_nombre else "."
    if lecture.pourcentage:
        tape, fraction = (lecture.ecriture, lecture.ecriture_python) if reecrire_le_nombre else ("12", "0.12")
        message += f" Un taux s'écrit comme une fraction : {tape} % s'écrit {fraction}."
    return message


def _en_tableau(nom: str, valeur):
    """Convertit en tableau de flottants ; garde l'information de type d'origine."""
    if isinstance(valeur, pd.DataFrame):
        raise TypeError(f"{nom} a reçu un tableau (DataFrame) ; choisissez une colonne, "
                        f"par exemple tableau['montant_ttc'].")
    if isinstance(valeur, pd.Series):
        if len(valeur) == 0:
            raise ValueError(f"{nom} est une série vide : il faut au moins une valeur.")
        if valeur.dtype.kind == "b":
            raise TypeError(f"{nom} contient des valeurs Vrai/Faux, or des nombres sont attendus.")
        if valeur.dtype.kind not in "iuf":
            fautive = next((v for v in valeur if not _est_nombre(v)), None)
            if fautive is not None:
                raise TypeError(f"{nom} contient {decrire(fautive)}, qui n'est pas un nombre ; "
                                "convertissez la colonne en nombres (pd.to_numeric).")
        try:
            return valeur.astype("float64"), "serie"
        except (TypeError, ValueError, OverflowError):
            exemple = next((v for v in valeur if not _est_nombre(v)), valeur.iloc[0])
            raise TypeError(f"{nom} contient une valeur qui n'est pas un nombre ({decrire(exemple)}) ; "
                            "convertissez la colonne en nombres (pd.to_numeric).") from None
    if isinstance(valeur, (list, tuple, np.ndarray)):
        tableau = np.asarray(valeur, dtype=object).ravel() if not isinstance(valeur, np.ndarray) else valeur
        if tableau.size == 0:
            raise ValueError(f"{nom} est vide : il faut au moins une valeur.")
        if tableau.dtype.kind in "biuf":
            return tableau.astype("float64"), "tableau"
        for v in np.asarray(tableau, dtype=object).ravel():
            if v is None:
                raise TypeError(f"{nom} contient une case vide (None) : complétez-la ou retirez-la.")
            if not _est_nombre(v):
                raise TypeError(f"{nom} contient {decrire(v)}, or seuls des nombres sont acceptés.")
        try:
            return np.asarray(tableau, dtype="float64"), "tableau"
        except OverflowError:
            raise ValueError(f"{nom} contient un nombre trop grand pour être calculé.") from None
    return None, "scalaire"


def _est_nombre(v) -> bool:
    return isinstance(v, numbers.Real) and not isinstance(v, bool)


def _premiere_fautive(tableau, masque):
    valeurs = np.asarray(tableau, dtype="float64")[np.asarray(masque)]
    return valeurs.flat[0] if valeurs.size else None


def exiger_nombre(nom: str, valeur):
    """Renvoie ``valeur`` en flottant(s) fini(s), sinon lève une erreur en français."""
    tableau, genre = _en_tableau(nom, valeur)
    if genre == "scalaire":
        if valeur is None or valeur is Ellipsis:
            raise TypeError(f"{nom} est vide : remplacez-le par un nombre.")
        if isinstance(valeur, str):
            raise TypeError(refus_texte(valeur, nom))
        if isinstance(valeur, bool) or isinstance(valeur, np.bool_):
            raise TypeError(f"{nom} a reçu {valeur}, or un nombre est attendu (pas Vrai/Faux).")
        if not _est_nombre(valeur):
            raise TypeError(f"{nom} a reçu {decrire(valeur)} de type {type(valeur).__name__}, "
                            "or un nombre est attendu.")
        try:
            x = float(valeur)
        except OverflowError:
            raise ValueError(f"{nom} est trop grand pour être calculé : indiquez un nombre plus petit.") from None
        if math.isnan(x):
            raise ValueError(f"{nom} vaut NaN (valeur manquante) : indiquez un nombre.")
        if math.isinf(x):
            raise ValueError(f"{nom} est infini : indiquez un nombre fini.")
        return x
    brut = np.asarray(tableau, dtype="float64")
    if np.isnan(brut).any():
        n = int(np.isnan(brut).sum())
        raise ValueError(f"{nom} contient {n} valeur(s) manquante(s) (NaN) : complétez-les "
                         "ou retirez ces lignes (dropna).")
    if np.isinf(brut).any():
        raise ValueError(f"{nom} contient une valeur infinie : vérifiez vos divisions.")
    return tableau


def exiger_fini(nom: str, resultat):
    """Vérifie qu'un résultat calculé est fini (garde-fou contre les débordements)."""
    brut = np.asarray(resultat, dtype="float64")
    if not np.isfinite(brut).all():
        raise ValueError(f"Le calcul de {nom} donne un résultat non fini : "
                         "les valeurs fournies sont trop grandes ou incohérentes.")
    return resultat


def _seuil(nom, x, masque, message):
    if isinstance(x, float):
        if masque:
            raise ValueError(message.format(nom=nom, valeur=_nombre_en_texte(x)))
        return x
    masque = np.asarray(masque)
    if masque.any():
        fautive = _premiere_fautive(x, masque)
        raise ValueError(message.format(nom=nom, valeur=_nombre_en_texte(fautive)) +
                         f" ({int(masque.sum())} valeur(s) concernée(s).)")
    return x


def _nombre_en_texte(x) -> str:
    """``3.0`` → ``"3"``, ``2.5`` → ``"2.5"`` : un nombre tel qu'on l'écrirait dans l'appel."""
    x = float(x)
    return str(int(x)) if x.is_integer() and abs(x) < 1e15 else repr(x)


def exiger_positif(nom: str, valeur):
    """Nombre strictement positif (un dénominateur, une durée…)."""
    x = exiger_nombre(nom, valeur)
    return _seuil(nom, x, x <= 0,
                  "{nom} vaut {valeur}, or il doit être strictement positif (> 0).")


def exiger_positif_ou_nul(nom: str, valeur):
    """Nombre positif ou nul (un montant, un coût…)."""
    x = exiger_nombre(nom, valeur)
    return _seuil(nom, x, x < 0,
                  "{nom} vaut {valeur}, or il ne peut pas être négatif.")


def exiger_taux(nom: str, valeur):
    """Taux exprimé comme une fraction entre 0 et 1 (25 % s'écrit 0.25)."""
    x = exiger_nombre(nom, valeur)
    brut = np.asarray(x, dtype="float64")
    if (brut < 0).any():
        fautive = brut[brut < 0].flat[0]
        raise ValueError(f"{nom} vaut {_nombre_en_texte(fautive)}, or un taux ne peut pas être négatif : "
                         "il s'écrit entre 0 et 1.")
    if (brut > 1).any():
        fautive = float(brut[brut > 1].flat[0])
        if fautive <= 100:
            exemple = _nombre_en_texte(round(fautive / 100, 10))
            raise ValueError(f"{nom} vaut {_nombre_en_texte(fautive)}, or un taux s'écrit entre 0 et 1. "
                             f"Pour {_nombre_en_texte(fautive)} %, écrivez {exemple}.")
        raise ValueError(f"{nom} vaut {_nombre_en_texte(fautive)}, or un taux s'écrit entre 0 et 1 "
                         "(25 % s'écrit 0.25).")
    return x


def exiger_entier(nom: str, valeur, minimum: int = 0):
    """Nombre entier supérieur ou égal à ``minimum`` (une durée en années, un horizon…)."""
    x = exiger_nombre(nom, valeur)
    x = _seuil(nom, x, x != np.round(x), "{nom} vaut {valeur}, or un nombre entier est attendu.")
    return _seuil(nom, x, x < minimum,
                  "{nom} vaut {valeur}, or il doit être un entier supérieur ou égal à " f"{minimum}.")


def exiger_compte(nom: str, valeur):
    """Comptage : entier positif ou nul (visites, ouvertures, clients…)."""
    x = exiger_nombre(nom, valeur)
    x = _seuil(nom, x, x < 0, "{nom} vaut {valeur}, or un nombre (de visites, de clients…) "
                              "ne peut pas être négatif.")
    return _seuil(nom, x, x != np.round(x), "{nom} vaut {valeur}, or c'est un comptage : "
                                            "un nombre entier est attendu.")


def exiger_au_plus(nom_a: str, a, nom_b: str, b):
    """Vérifie que ``a <= b`` (par exemple des ouvertures au plus égales aux e-mails délivrés)."""
    masque = np.asarray(a, dtype="float64") > np.asarray(b, dtype="float64")
    if masque.any():
        va = _premiere_fautive(np.broadcast_to(np.asarray(a, dtype="float64"), masque.shape), masque)
        vb = _premiere_fautive(np.broadcast_to(np.asarray(b, dtype="float64"), masque.shape), masque)
        raise ValueError(f"{nom_a} ({_nombre_en_texte(va)}) dépasse {nom_b} ({_nombre_en_texte(vb)}) : "
                         "c'est impossible, "
                         f"{nom_a} ne peut pas être plus grand que {nom_b}. "
                         "Avez-vous inversé les deux valeurs ?")
    return a


def exiger_retention_actualisation(taux_retention, taux_actualisation):
    """Condition de convergence du multiple de marge : r < 1 + i."""
    r = np.asarray(taux_retention, dtype="float64")
    i = np.asarray(taux_actualisation, dtype="float64")
    masque = r >= 1 + i
    if masque.any():
        vr = _premiere_fautive(np.broadcast_to(r, masque.shape), masque)
        vi = _premiere_fautive(np.broadcast_to(i, masque.shape), masque)
        raise ValueError("taux_retention doit rester inférieur à 1 + taux_actualisation "
                         f"(reçu : {_nombre_en_texte(vr)} pour une limite de {_nombre_en_texte(1 + vi)}) : "
                         "avec une rétention de 100 % et sans actualisation, la valeur d'un client "
                         "sur un horizon infini serait infinie. Baissez la rétention (par exemple 0.9) "
                         "ou indiquez un horizon fini (horizon=10).")
    return taux_retention


def exiger_colonnes(nom: str, tableau, colonnes):
    """Vérifie qu'un DataFrame contient les colonnes attendues."""
    if not isinstance(tableau, pd.DataFrame):
        raise TypeError(f"{nom} doit être un tableau pandas (DataFrame), or il a reçu "
                        f"{decrire(tableau)}.")
    manquantes = [c for c in colonnes if c not in tableau.columns]
    if manquantes:
        raise ValueError(f"{nom} n'a pas la (les) colonne(s) {', '.join(manquantes)} ; "
                         f"colonnes présentes : {', '.join(map(str, tableau.columns))}.")
    if len(tableau) == 0:
        raise ValueError(f"{nom} est vide : il faut au moins une ligne.")
    return tableau


def en_sortie(resultat, nom: str = "résultat"):
    """Convertit un résultat : float pour un scalaire, sinon inchangé ; refuse NaN/inf."""
    exiger_fini(nom, resultat)
    if isinstance(resultat, (pd.Series, pd.DataFrame)):
        return resultat
    if isinstance(resultat, np.ndarray):
        return float(resultat) if resultat.ndim == 0 else resultat
    return float(resultat)


def sans_alerte_numpy(fonction):
    """Coupe les avertissements NumPy de débordement : ``en_sortie`` refuse ensuite tout
    résultat non fini avec un message en français."""
    @functools.wraps(fonction)
    def enveloppe(*args, **kwargs):
        with np.errstate(over="ignore", divide="ignore", invalid="ignore", under="ignore"):
            return fonction(*args, **kwargs)
    return enveloppe


def exiger_compatibles(**arguments):
    """Vérifie que des arguments non scalaires ont la même longueur (et le même index
    pour des ``Series``), sinon NumPy lèverait une erreur en anglais ou pandas alignerait
    les index en produisant des NaN."""
    tableaux = {nom: v for nom, v in arguments.items() if np.ndim(v) > 0}
    if len(tableaux) < 2:
        return
    noms = list(tableaux)
    ref = noms[0]
    for nom in noms[1:]:
        if np.shape(tableaux[nom]) != np.shape(tableaux[ref]):
            raise ValueError(f"{ref} contient {np.size(tableaux[ref])} valeur(s) et {nom} "
                             f"{np.size(tableaux[nom])} : donnez le même nombre de valeurs "
                             "(une par ligne) ou une seule valeur commune.")
        a, b = tableaux[ref], tableaux[nom]
        if isinstance(a, pd.Series) and isinstance(b, pd.Series) and not a.index.equals(b.index):
            raise ValueError(f"{ref} et {nom} sont deux séries dont les index diffèrent : "
                             "alignez-les (même ordre de lignes) ou passez .to_numpy().")


def exiger_non_nul(nom, valeur, explication):
    """Refuse un dénominateur nul avec un message qui dit pourquoi (``valeur`` déjà ≥ 0)."""
    brut = np.asarray(valeur, dtype="float64")
    if (brut == 0).any():
        n = int((brut == 0).sum())
        suite = f" ({n} valeur(s) nulle(s).)" if brut.ndim > 0 else ""
        raise ValueError(f"{nom} vaut 0 : {explication}.{suite}")
    return valeur
