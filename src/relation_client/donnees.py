"""Charger les jeux de données du cours (et, réexporté, lire ses propres fichiers CSV).

- ``charger(nom)`` : un jeu de données du cours (marque fictive Verveine & Co), typé et vérifié
  selon son schéma (:mod:`relation_client.schemas`).
- ``chiffre_cle(identifiant)`` et ``chiffres_cles(lecon=None)`` : les chiffres cités par les
  sources du cours, avec leur source et une remarque critique.
- ``lire_csv(chemin, ...)`` : lit un fichier CSV de l'utilisateur, y compris un export Excel
  français (réexporté de :mod:`relation_client.lecture_csv`).

Les CSV du cours sont lus dans la copie livrée dans le paquet (``relation_client/jeux_de_donnees/``,
identique à ``datasets/`` du dépôt : ``python -m relation_client.copie_donnees``), ou dans le
dossier indiqué par la variable d'environnement ``RELATION_CLIENT_DONNEES``. Ils sont produits par
:mod:`relation_client.generation` (``python -m relation_client.generation generer``), dont ce
module ne dépend pas.
"""

from __future__ import annotations

import difflib
import functools
from pathlib import Path

import numpy as np
import pandas as pd

from relation_client.copie_donnees import dossier_donnees
from relation_client.formatage import Paragraphes
from relation_client.lecture_csv import lire_csv
from relation_client.schemas import DATE_REFERENCE, JEUX, LECONS, SCHEMAS, lire_selon_schema

__all__ = ["DATE_REFERENCE", "JEUX", "JEUX_REELS", "LECONS", "SCHEMAS", "dossier_donnees", "charger",
           "chiffre_cle", "chiffres_cles", "montrer_chiffres", "lire_csv"]

#: Jeux de données réels (pas Verveine & Co), rangés dans un sous-dossier de ``datasets/`` :
#: ``cdnow`` = achats des 2 357 clients de l'échantillon CDNOW (leçon 07, datasets/README.md).
JEUX_REELS = ["cdnow"]


# =========================================================================== jeux du cours
def _nom_jeu(nom) -> str:
    if not isinstance(nom, str):
        raise TypeError(f"nom doit être le nom d'un jeu de données (texte), par exemple "
                        f"charger(\"achats\") ; reçu {nom!r}.")
    propre = nom.strip()
    if propre.lower().endswith(".csv"):
        propre = propre[:-4]
    if propre not in SCHEMAS:
        proches = difflib.get_close_matches(propre, JEUX + JEUX_REELS, n=1, cutoff=0.5)
        conseil = f" Vouliez-vous dire « {proches[0]} » ?" if proches else ""
        raise ValueError(f"Le jeu de données « {nom} » n'existe pas.{conseil} "
                         f"Jeux disponibles : {', '.join(JEUX + JEUX_REELS)}.")
    return propre


@functools.lru_cache(maxsize=16)
def _charger_en_cache(nom: str, dossier: str) -> pd.DataFrame:
    chemin = Path(dossier) / f"{nom}.csv"
    fichier = f"« {chemin.name} »"
    if not chemin.is_file():
        raise FileNotFoundError(
            f"Le fichier {fichier} est introuvable (chemin absolu essayé : {chemin}). "
            "Régénérez les données (« python -m relation_client.generation generer ») ou indiquez "
            "leur dossier dans la variable d'environnement RELATION_CLIENT_DONNEES.")
    return lire_selon_schema(chemin, SCHEMAS[nom], fichier)


def charger(nom: str) -> pd.DataFrame:
    """Renvoie un jeu de données du cours sous forme de tableau typé.

    ``nom`` parmi ``clients``, ``achats``, ``campagnes_email``, ``reseaux_sociaux``,
    ``trafic_web``, ``campagnes_influence``, ``chiffres_cles`` (avec ou sans ``.csv``),
    ou ``cdnow`` (données réelles, voir :func:`_charger_cdnow`). Les dates sont des
    ``datetime64``, les catégories des ``Categorical`` (catégories documentées dans
    ``datasets/README.md``), les comptages des ``int64``. Le schéma est vérifié. Chaque
    appel renvoie une copie : la modifier ne change pas l'appel suivant.

    >>> charger("clients").shape[1]
    7
    """
    if isinstance(nom, str) and nom.strip().lower() == "cdnow":
        return _charger_cdnow(str(dossier_donnees())).copy(deep=True)
    propre = _nom_jeu(nom)
    return _charger_en_cache(propre, str(dossier_donnees())).copy(deep=True)


#: Fichier des achats de l'échantillon CDNOW (copie à l'identique de celui des auteurs).
FICHIER_CDNOW = Path("cdnow") / "CDNOW_sample.txt"


@functools.lru_cache(maxsize=2)
def _charger_cdnow(dossier: str) -> pd.DataFrame:
    """Achats réels de l'échantillon CDNOW (2 357 clients, janvier 1997 à juin 1998).

    Colonnes : ``client_id`` (1 à 2 357, numéro du client dans l'échantillon, celui des
    résumés publiés), ``date_achat``, ``nombre_cd`` et ``montant`` (en dollars américains).
    Le fichier d'origine (colonnes séparées par des espaces, sans en-tête) est lu tel quel.
    """
    chemin = Path(dossier) / FICHIER_CDNOW
    if not chemin.is_file():
        raise FileNotFoundError(f"Le fichier « {chemin.name} » est introuvable (chemin absolu essayé : "
                                f"{chemin}). Il fait partie du dépôt (datasets/cdnow/) ; voir "
                                "datasets/README.md.")
    brut = pd.read_csv(chemin, sep=r"\s+", header=None, dtype="str",
                       names=["id_cdnow", "client_id", "date_achat", "nombre_cd", "montant"])
    if brut.isna().any().any():
        ligne = int(np.flatnonzero(brut.isna().any(axis=1).to_numpy())[0]) + 1
        raise ValueError(f"Le fichier « {chemin.name} », ligne {ligne} : il manque une valeur "
                         "(5 colonnes attendues).")
    tableau = pd.DataFrame({
        "client_id": pd.to_numeric(brut["client_id"], errors="coerce"),
        "date_achat": pd.to_datetime(brut["date_achat"], format="%Y%m%d", errors="coerce"),
        "nombre_cd": pd.to_numeric(brut["nombre_cd"], errors="coerce"),
        "montant": pd.to_numeric(brut["montant"], errors="coerce"),
    })
    if tableau.isna().any().any():
        colonne = tableau.columns[tableau.isna().any()][0]
        ligne = int(np.flatnonzero(tableau[colonne].isna().to_numpy())[0]) + 1
        raise ValueError(f"Le fichier « {chemin.name} », ligne {ligne}, colonne {colonne} : valeur "
                         "illisible.")
    return tableau.astype({"client_id": "int64", "date_achat": "datetime64[ns]", "nombre_cd": "int64",
                           "montant": "float64"})


def chiffres_cles(lecon: str | None = None) -> pd.DataFrame:
    """Les chiffres cités par les sources du cours, éventuellement ceux d'une seule leçon.

    ``lecon`` : ``None`` (tous) ou un nom de leçon, par exemple ``"02_fideliser"``.
    Une valeur en « % » est écrite comme dans la source (78 pour 78 %) : divisez-la par 100
    pour l'utiliser comme taux.
    """
    tableau = charger("chiffres_cles")
    if lecon is None:
        return tableau
    if not isinstance(lecon, str) or lecon not in LECONS:
        proches = difflib.get_close_matches(str(lecon), LECONS, n=1, cutoff=0.4)
        conseil = f" Vouliez-vous dire « {proches[0]} » ?" if proches else ""
        raise ValueError(f"lecon vaut {lecon!r}, or ce n'est pas une leçon du cours.{conseil} "
                         f"Leçons possibles : {', '.join(LECONS)}.")
    return tableau[tableau["lecon"] == lecon].reset_index(drop=True)


def chiffre_cle(identifiant: str) -> dict:
    """Un chiffre cité par les sources, sous forme de dictionnaire.

    >>> chiffre_cle("cout_nouveau_client_x5")["valeur"]
    5.0
    """
    tableau = charger("chiffres_cles")
    if not isinstance(identifiant, str):
        raise TypeError(f"identifiant doit être un texte, par exemple \"cout_nouveau_client_x5\" ; "
                        f"reçu {identifiant!r}.")
    lignes = tableau[tableau["identifiant"] == identifiant]
    if lignes.empty:
        ids = tableau["identifiant"].tolist()
        proches = difflib.get_close_matches(identifiant, ids, n=3, cutoff=0.5)
        conseil = (f" Identifiants proches : {', '.join(proches)}." if proches else
                   " La liste complète est donnée par chiffres_cles()['identifiant'].")
        raise ValueError(f"identifiant vaut {identifiant!r}, or aucun chiffre clé ne porte ce "
                         f"nom.{conseil}")
    ligne = lignes.iloc[0]
    return {col: (float(v) if col == "valeur" else str(v)) for col, v in ligne.items()}


def montrer_chiffres(*identifiants: str) -> None:
    """Affiche des chiffres clés des sources : l'affirmation, sa source et une remarque critique.

    Utilisé dans les sections « Interroger les chiffres » des leçons. Dans JupyterLab, le texte
    passe à la ligne entre les mots (HTML) ; ailleurs, il est coupé à 80 caractères.
    """
    lignes = []
    for identifiant in identifiants:
        chiffre = chiffre_cle(identifiant)
        lignes += [f"« {chiffre['affirmation']} »", f"   Source : {chiffre['source']}",
                   f"   Remarque : {chiffre['remarque']}"]
    texte = Paragraphes(*lignes, largeur=80)
    try:
        from IPython import get_ipython
        from IPython.display import display
    except ImportError:  # pragma: no cover - IPython vient avec JupyterLab
        get_ipython = None
    if get_ipython is not None and get_ipython() is not None:
        display(texte)
    else:
        print(texte)
