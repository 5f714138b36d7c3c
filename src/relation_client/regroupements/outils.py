"""Contrôles communs aux regroupements : années, colonnes de dates, périodes, sommes par client."""

from __future__ import annotations

import unicodedata

import numpy as np
import pandas as pd

from ..controles import decrire, exiger_colonnes, exiger_nombre


def exiger_annee(nom, annee):
    """Une année écrite comme un nombre entier (2025), jamais comme un texte ni un booléen."""
    if isinstance(annee, (bool, np.bool_)) or not isinstance(annee, (int, np.integer)):
        if isinstance(annee, str) and annee.strip().isdigit():
            raise TypeError(f"{nom} a reçu le texte {annee!r} : une année s'écrit comme un nombre "
                            f"entier, sans guillemets, par exemple {annee.strip()}.")
        raise TypeError(f"{nom} vaut {decrire(annee)}, or une année est attendue, écrite comme un "
                        "nombre entier, sans guillemets (par exemple 2025).")
    return int(annee)


def exiger_dates(nom, tableau, colonne):
    """Vérifie que ``colonne`` de ``tableau`` contient des dates."""
    exiger_colonnes(nom, tableau, [colonne])
    if not pd.api.types.is_datetime64_any_dtype(tableau[colonne]):
        raise TypeError(f"la colonne {colonne} de {nom} ne contient pas des dates : chargez le "
                        f"tableau avec charger(…) ou convertissez la colonne (pd.to_datetime).")
    return tableau[colonne]


COLONNES_DATES = ("date", "date_achat", "date_envoi", "date_inscription")


def colonne_dates(tableau, colonne_date):
    """Nom de la colonne de dates à lire : ``colonne_date`` si on la donne, sinon la première
    des colonnes habituelles du cours (``date``, ``date_achat``, ``date_envoi``,
    ``date_inscription``) que le tableau possède."""
    if colonne_date is not None:
        return colonne_date
    for nom in COLONNES_DATES:
        if nom in tableau.columns:
            return nom
    raise ValueError(f"le tableau n'a aucune colonne de dates ({', '.join(COLONNES_DATES)}) : "
                     "indiquez la colonne des dates, par exemple colonne_date=\"date_inscription\".")


def bornes_mois(nom, valeur):
    """« 2025 » ou « 2025-04 » → (premier mois, dernier mois) de la période, en ``pd.Period``."""
    if isinstance(valeur, (int, np.integer)) and not isinstance(valeur, bool):
        valeur = str(int(valeur))
    if not isinstance(valeur, str):
        raise TypeError(f"{nom} vaut {decrire(valeur)}, or une année (2025, un nombre entier) ou "
                        "un mois (\"2025-04\", entre guillemets) est attendu.")
    texte = valeur.strip()
    try:
        if len(texte) == 4 and texte.isdigit():
            return pd.Period(f"{texte}-01", "M"), pd.Period(f"{texte}-12", "M")
        if len(texte) == 7 and texte[4] == "-":
            mois = pd.Period(texte, "M")
            return mois, mois
    except (ValueError, TypeError):
        pass
    raise ValueError(f"{nom} vaut {valeur!r}, or une année (\"2025\") ou un mois (\"2025-04\" "
                     "pour avril 2025) est attendu.")


def libelle_normalise(texte) -> str:
    """Libellé sans accents ni majuscules, pour repérer une faute de frappe (« reseaux sociaux »)."""
    decompose = unicodedata.normalize("NFKD", str(texte))
    return "".join(lettre for lettre in decompose if not unicodedata.combining(lettre)).lower().strip()


def clients_annee(achats, annee):
    """Ensemble des clients qui ont commandé pendant l'année ``annee`` (erreur si aucun)."""
    exiger_colonnes("achats", achats, ["client_id", "date_achat"])
    annee = exiger_annee("annee", annee)
    annees = exiger_dates("achats", achats, "date_achat").dt.year
    if not (annees == annee).any():
        raise ValueError(f"achats ne contient aucune commande de {annee} ; années présentes : "
                         f"{', '.join(str(a) for a in sorted(annees.unique()))}.")
    return set(achats.loc[annees == annee, "client_id"])


def somme_par_client(achats, colonne, nom_resultat):
    """Somme de ``colonne`` par client (index ``client_id``), arrondie au centime."""
    exiger_colonnes("achats", achats, ["client_id", colonne])
    valeurs = exiger_nombre(f"la colonne {colonne}", achats[colonne])
    somme = valeurs.groupby(achats["client_id"], sort=True).sum().round(2)
    somme.index.name = "client_id"
    return somme.rename(nom_resultat)
