"""Charger les jeux de données du cours et lire ses propres fichiers CSV.

- ``charger(nom)`` : un jeu de données du cours (marque fictive Verveine & Co), typé et vérifié.
- ``chiffre_cle(identifiant)`` et ``chiffres_cles(lecon=None)`` : les chiffres cités par les
  sources du cours, avec leur source et une remarque critique.
- ``lire_csv(chemin, ...)`` : lit un fichier CSV de l'utilisateur, y compris un export Excel
  français (séparateur « ; », virgule décimale, UTF-8 avec BOM ou Windows-1252, dates
  jj/mm/aaaa) ; si le fichier est mal formé, l'erreur dit quel fichier, quelle ligne, quelle
  colonne et ce qui était attendu. Le fichier n'est jamais modifié (il est lu en octets).
- ``python -m relation_client.donnees generer [--dossier DOSSIER]`` : régénère les CSV.

Les CSV du cours sont lus dans la copie livrée dans le paquet (``relation_client/jeux_de_donnees/``,
identique à ``datasets/`` du dépôt : ``python -m relation_client.copie_donnees``), ou dans le
dossier indiqué par la variable d'environnement ``RELATION_CLIENT_DONNEES``.
"""

from __future__ import annotations

import argparse
import csv
import difflib
import functools
import io
import os
import re
import sys
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

from relation_client import generation
from relation_client.formatage import Paragraphes

__all__ = ["DATE_REFERENCE", "JEUX", "JEUX_REELS", "LECONS", "SCHEMAS", "dossier_donnees", "charger",
           "chiffre_cle", "chiffres_cles", "montrer_chiffres", "lire_csv", "main", "ajouter_arguments", "executer"]

#: Date à laquelle on se place pour les analyses (récence, clients perdus…) : le lendemain
#: de la fin de la période couverte par les données (2023-01-01 → 2025-12-31).
DATE_REFERENCE = pd.Timestamp("2026-01-01")

LECONS = ["01_conquerir", "02_fideliser", "03_outils_numeriques", "04_rejet", "05_kpi",
          "06_etude_de_cas", "07_predire_la_valeur"]

_TEXTE, _DATE, _ENTIER, _REEL, _BOOL = "texte", "date", "entier", "réel", "booléen"


def _cat(categories, ordonnee=False):
    return pd.CategoricalDtype(list(categories), ordered=ordonnee)


#: Schéma de chaque jeu : colonne → type attendu (texte, date, entier, réel, booléen ou
#: catégories documentées dans datasets/README.md).
SCHEMAS = {
    "clients": {
        "client_id": _TEXTE, "date_inscription": _DATE,
        "canal_acquisition": _cat(generation.CANAUX_ACQUISITION), "cout_acquisition": _REEL,
        "region": _cat(generation.REGIONS), "age_tranche": _cat(generation.TRANCHES_AGE, True),
        "membre_programme": _BOOL},
    "achats": {
        "commande_id": _TEXTE, "client_id": _TEXTE, "date_achat": _DATE, "montant_ttc": _REEL,
        "taux_tva": _REEL, "montant_ht": _REEL, "cout_achat_ht": _REEL,
        "marge": _REEL, "canal": _cat(generation.CANAUX_VENTE),
        "source_trafic": _cat(generation.SOURCES_TRAFIC), "rang_commande": _ENTIER},
    "campagnes_email": {
        "campagne_id": _TEXTE, "date_envoi": _DATE, "objet": _TEXTE,
        "type_campagne": _cat(generation.TYPES_CAMPAGNE), "envoyes": _ENTIER,
        "delivres": _ENTIER, "rebonds": _ENTIER, "ouvertures": _ENTIER, "clics": _ENTIER,
        "desabonnements": _ENTIER, "conversions": _ENTIER, "chiffre_affaires": _REEL,
        "cout": _REEL},
    "reseaux_sociaux": {
        "publication_id": _TEXTE, "date": _DATE, "plateforme": _cat(generation.PLATEFORMES),
        "type_publication": _cat(generation.TYPES_PUBLICATION), "abonnes": _ENTIER,
        "portee": _ENTIER, "impressions": _ENTIER, "likes": _ENTIER, "commentaires": _ENTIER,
        "partages": _ENTIER, "clics": _ENTIER},
    "trafic_web": {
        "date": _DATE, "source": _cat(generation.SOURCES_TRAFIC), "visites": _ENTIER,
        "visiteurs_uniques": _ENTIER, "leads": _ENTIER, "commandes": _ENTIER,
        "nouveaux_clients": _ENTIER, "chiffre_affaires": _REEL, "depense": _REEL},
    "campagnes_influence": {
        "campagne_id": _TEXTE, "date_debut": _DATE, "influenceur": _TEXTE,
        "plateforme": _cat(generation.PLATEFORMES_INFLUENCE),
        "categorie": _cat(generation.CATEGORIES_INFLUENCE, True), "abonnes": _ENTIER,
        "cout": _REEL, "contenus": _ENTIER, "portee": _ENTIER, "interactions": _ENTIER,
        "visites": _ENTIER, "ventes": _ENTIER, "chiffre_affaires": _REEL, "marge": _REEL},
    "chiffres_cles": {
        "identifiant": _TEXTE, "valeur": _REEL, "unite": _TEXTE, "affirmation": _TEXTE,
        "source": _TEXTE, "fichier_source": _TEXTE, "lecon": _cat(LECONS), "remarque": _TEXTE},
}
JEUX = list(SCHEMAS)

#: Jeux de données réels (pas Verveine & Co), rangés dans un sous-dossier de ``datasets/`` :
#: ``cdnow`` = achats des 2 357 clients de l'échantillon CDNOW (leçon 07, datasets/README.md).
JEUX_REELS = ["cdnow"]


# =========================================================================== jeux du cours
def dossier_donnees() -> Path:
    """Dossier des CSV du cours : ``$RELATION_CLIENT_DONNEES``, sinon la copie livrée dans le paquet.

    La copie (``relation_client/jeux_de_donnees/``, identique à ``datasets/`` du dépôt, voir
    :mod:`relation_client.copie_donnees`) est trouvée par ``importlib.resources`` : elle est là
    après ``pip install`` d'une roue comme dans le dépôt.
    """
    variable = os.environ.get("RELATION_CLIENT_DONNEES")
    if variable:
        return Path(variable).expanduser().resolve()
    from relation_client.copie_donnees import dossier_copie

    return dossier_copie()


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


def _convertir_colonne(serie: pd.Series, genre, fichier: str) -> pd.Series:
    colonne = serie.name

    def erreur(attendu):
        fautives = serie[serie.isna()] if attendu == "une valeur" else None
        ligne = int(fautives.index[0]) + 2 if fautives is not None and len(fautives) else None
        ou = f" (ligne {ligne})" if ligne else ""
        return ValueError(f"Le fichier {fichier} ne respecte pas son schéma : la colonne "
                          f"{colonne}{ou} doit contenir {attendu}. Régénérez les données avec "
                          "« python -m relation_client.donnees generer ».")

    if serie.isna().any():
        raise erreur("une valeur")
    if isinstance(genre, pd.CategoricalDtype):
        inconnues = sorted(set(serie) - set(genre.categories))
        if inconnues:
            raise erreur(f"une des catégories {', '.join(map(str, genre.categories))} "
                         f"(valeur inconnue : « {inconnues[0]} »)")
        return serie.astype(genre)
    if genre == _TEXTE:
        return serie.astype("str")
    if genre == _DATE:
        dates = pd.to_datetime(serie, format="%Y-%m-%d", errors="coerce")
        if dates.isna().any():
            raise erreur("des dates au format aaaa-mm-jj")
        return dates.astype("datetime64[ns]")
    if genre == _BOOL:
        if not set(serie).issubset({"True", "False"}):
            raise erreur("True ou False")
        return serie == "True"
    nombres = pd.to_numeric(serie, errors="coerce")
    if nombres.isna().any():
        raise erreur("des nombres")
    if genre == _ENTIER:
        if not (nombres == np.round(nombres)).all():
            raise erreur("des nombres entiers")
        return nombres.astype("int64")
    return nombres.astype("float64")


def _type_attendu(genre):
    return {_TEXTE: "str", _DATE: "datetime64[ns]", _ENTIER: "int64", _REEL: "float64",
            _BOOL: "bool"}.get(genre, genre)


@functools.lru_cache(maxsize=16)
def _charger_en_cache(nom: str, dossier: str) -> pd.DataFrame:
    chemin = Path(dossier) / f"{nom}.csv"
    fichier = f"« {chemin.name} »"
    if not chemin.is_file():
        raise FileNotFoundError(
            f"Le fichier {fichier} est introuvable (chemin absolu essayé : {chemin}). "
            "Régénérez les données (« python -m relation_client.donnees generer ») ou indiquez "
            "leur dossier dans la variable d'environnement RELATION_CLIENT_DONNEES.")
    brut = pd.read_csv(chemin, dtype="str", keep_default_na=False, na_values=[""],
                       encoding="utf-8")
    schema = SCHEMAS[nom]
    if list(brut.columns) != list(schema):
        manquantes = [c for c in schema if c not in brut.columns]
        en_trop = [c for c in brut.columns if c not in schema]
        details = []
        if manquantes:
            details.append(f"colonne(s) manquante(s) : {', '.join(manquantes)}")
        if en_trop:
            details.append(f"colonne(s) inattendue(s) : {', '.join(map(str, en_trop))}")
        if not details:
            details.append("colonnes dans le désordre")
        raise ValueError(f"Le fichier {fichier} ne respecte pas son schéma ({' ; '.join(details)}). "
                         f"Colonnes attendues : {', '.join(schema)}.")
    tableau = pd.DataFrame({col: _convertir_colonne(brut[col], genre, fichier)
                            for col, genre in schema.items()})
    for col, genre in schema.items():  # garde-fou : les types obtenus sont ceux annoncés
        if tableau[col].dtype != _type_attendu(genre):
            raise ValueError(f"Le fichier {fichier} : la colonne {col} a le type "
                             f"{tableau[col].dtype} au lieu de {_type_attendu(genre)}.")
    return tableau


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


# =========================================================================== fichiers des élèves
_FORMATS_DATES = ["%Y-%m-%d", "%d/%m/%Y", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S",
                  "%d/%m/%Y %H:%M", "%d/%m/%Y %H:%M:%S", "%d-%m-%Y", "%d.%m.%Y", "%Y/%m/%d"]
_NOMS_SEPARATEURS = {";": "« ; » (point-virgule)", ",": "« , » (virgule)",
                     "\t": "la tabulation"}
_ESPACES = re.compile(r"[\s\u00a0\u202f]")


def _decoder(octets: bytes, fichier: str) -> tuple[str, str]:
    """Décode les octets : UTF-8 (avec ou sans BOM), UTF-16 avec BOM, sinon Windows-1252."""
    if octets.startswith(b"PK\x03\x04"):
        raise ValueError(f"Le fichier {fichier} est un classeur Excel (.xlsx) et non un fichier "
                         "CSV : dans Excel, faites « Enregistrer sous » → « CSV (séparateur : "
                         "point-virgule) », puis relisez le fichier .csv obtenu.")
    if octets.startswith(b"\xef\xbb\xbf"):
        try:
            return octets[3:].decode("utf-8"), "utf-8 avec BOM"
        except UnicodeDecodeError as e:
            raise _erreur_encodage(fichier, octets, e.start + 3) from None
    if octets.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return octets.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as e:
            raise _erreur_encodage(fichier, octets, e.start) from None
    if b"\x00" in octets:
        raise ValueError(f"Le fichier {fichier} contient des octets nuls : ce n'est pas un "
                         "fichier texte CSV (fichier binaire ou encodage UTF-16 sans BOM). "
                         "Réenregistrez-le en « CSV UTF-8 ».")
    try:
        return octets.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return octets.decode("cp1252"), "windows-1252"
    except UnicodeDecodeError as e:
        raise _erreur_encodage(fichier, octets, e.start) from None


def _erreur_encodage(fichier: str, octets: bytes, position: int) -> ValueError:
    ligne = octets[:position].count(b"\n") + 1
    return ValueError(f"Le fichier {fichier} n'a pas pu être décodé (ligne {ligne}, octet "
                      f"0x{octets[position]:02x}) : ce n'est ni de l'UTF-8 ni du Windows-1252. "
                      "Réenregistrez-le en « CSV UTF-8 » (Excel : Enregistrer sous → CSV UTF-8).")


def _separateur(entete: str) -> str:
    """Séparateur le plus fréquent dans l'en-tête (à égalité : « ; », tabulation, « , »)."""
    comptes = {sep: entete.count(sep) for sep in (";", "\t", ",")}
    meilleur = max(comptes, key=lambda s: comptes[s])
    return meilleur if comptes[meilleur] > 0 else ","


def _en_nombre(texte: str):
    """Convertit un texte à la française ou à l'anglaise en nombre ; None si impossible."""
    s = _ESPACES.sub("", texte).replace("€", "")
    if s == "":
        return np.nan
    if "," in s and "." in s:
        if s.rfind(",") > s.rfind("."):  # 1.234,56
            s = s.replace(".", "").replace(",", ".")
        else:                            # 1,234.56
            s = s.replace(",", "")
    elif "," in s:
        s = s.replace(",", ".")
    try:
        x = float(s)
    except ValueError:
        return None
    if not np.isfinite(x):
        return None
    return x


def _en_dates(serie: pd.Series) -> pd.Series:
    """Essaie chaque format de date connu (jour d'abord) ; NaT si aucun ne convient."""
    resultat = pd.Series(pd.NaT, index=serie.index, dtype="datetime64[ns]")
    propre = serie.str.strip()
    for fmt in _FORMATS_DATES:
        manquantes = resultat.isna() & propre.ne("")
        if not manquantes.any():
            break
        essai = pd.to_datetime(propre[manquantes], format=fmt, errors="coerce")
        resultat.loc[manquantes] = essai.astype("datetime64[ns]")
    return resultat


def lire_csv(chemin, colonnes_attendues=None, colonnes_dates=None, colonnes_numeriques=None,
             colonne_identifiant=None, dates_futures: str = "erreur", date_limite=None,
             separateur: str | None = None) -> pd.DataFrame:
    """Lit un fichier CSV de l'utilisateur, y compris un export Excel français.

    Détecte le séparateur (« ; », tabulation ou « , », d'après la ligne d'en-tête),
    l'encodage (UTF-8 avec ou sans BOM, UTF-16 avec BOM, sinon Windows-1252), la virgule
    décimale (``12,50``) et les espaces des milliers (``1 234,50``). Le fichier est lu
    en octets et n'est jamais modifié.

    Paramètres
    ----------
    colonnes_attendues : colonnes qui doivent être présentes (les autres sont gardées).
    colonnes_dates : colonnes converties en dates ; formats acceptés ``jj/mm/aaaa``
        (le jour d'abord, à la française), ``aaaa-mm-jj`` (ISO), avec ou sans heure.
        Sans cette liste, une colonne dont toutes les valeurs sont des dates est convertie.
    colonnes_numeriques : colonnes converties en nombres (erreur si un texte s'y trouve).
        Sans cette liste, une colonne dont toutes les valeurs sont des nombres est convertie.
    colonne_identifiant : colonne dont chaque valeur doit être unique (``"client_id"``).
    dates_futures : que faire d'une date postérieure à ``date_limite`` (aujourd'hui par
        défaut) dans ``colonnes_dates`` : ``"erreur"`` (par défaut : une date future dans
        un historique d'achats est presque toujours une faute de frappe ou une inversion
        jour/mois), ``"avertir"`` (avertissement, lecture poursuivie) ou ``"accepter"``.
    separateur : impose le séparateur au lieu de le détecter.

    Un fichier mal formé lève ``ValueError`` avec le nom du fichier, la ligne (l'en-tête
    est la ligne 1), la colonne et ce qui était attendu ; un fichier absent lève
    ``FileNotFoundError`` avec le chemin absolu essayé.
    """
    if not isinstance(chemin, (str, os.PathLike)):
        raise TypeError(f"chemin doit être un chemin de fichier (texte), par exemple "
                        f"\"mes_ventes.csv\" ; reçu {chemin!r}.")
    chemin = Path(chemin).expanduser()
    fichier = f"« {chemin.name} »"
    if dates_futures not in ("erreur", "avertir", "accepter"):
        raise ValueError(f"dates_futures vaut {dates_futures!r}, or il doit valoir "
                         "\"erreur\", \"avertir\" ou \"accepter\".")
    listes = {}
    for nom_arg, valeur in (("colonnes_attendues", colonnes_attendues),
                            ("colonnes_dates", colonnes_dates),
                            ("colonnes_numeriques", colonnes_numeriques)):
        if valeur is None:
            listes[nom_arg] = []
        elif isinstance(valeur, str):
            listes[nom_arg] = [valeur]
        else:
            listes[nom_arg] = list(valeur)
    if separateur is not None and separateur not in _NOMS_SEPARATEURS:
        raise ValueError(f"separateur vaut {separateur!r}, or il doit valoir \";\", \",\" ou \"\\t\".")
    if not chemin.exists():
        raise FileNotFoundError(f"Le fichier {fichier} est introuvable (chemin absolu essayé : "
                                f"{chemin.resolve()}). Vérifiez le nom et le dossier "
                                f"(dossier courant : {Path.cwd()}).")
    if chemin.is_dir():
        raise ValueError(f"{chemin.resolve()} est un dossier, pas un fichier CSV.")

    octets = chemin.read_bytes()  # lecture seule : le fichier n'est jamais réécrit
    texte, _encodage = _decoder(octets, fichier)
    if texte.strip() == "":
        raise ValueError(f"Le fichier {fichier} est vide : il faut au moins une ligne d'en-tête "
                         "(les noms des colonnes) et une ligne de données.")
    lignes_texte = texte.splitlines()
    entete_brute = next(ligne for ligne in lignes_texte if ligne.strip())
    sep = separateur or _separateur(entete_brute)

    lecteur = csv.reader(io.StringIO(texte, newline=""), delimiter=sep)
    enregistrements = []
    entete = None
    try:
        for champs in lecteur:
            numero = lecteur.line_num
            if not champs or all(c.strip() == "" for c in champs):
                continue  # ligne vide ignorée
            if entete is None:
                entete, ligne_entete = [c.strip() for c in champs], numero
                continue
            if len(champs) != len(entete):
                raise ValueError(_message_nombre_champs(fichier, numero, champs, entete, sep,
                                                        lignes_texte))
            enregistrements.append((numero, champs))
    except csv.Error as erreur:
        raise ValueError(f"Le fichier {fichier}, ligne {lecteur.line_num} : structure CSV "
                         f"illisible ({erreur}). Vérifiez les guillemets de cette ligne.") from None
    if entete is None:
        raise ValueError(f"Le fichier {fichier} ne contient que des séparateurs ou des lignes "
                         "vides : il faut une ligne d'en-tête (les noms des colonnes) et des données.")

    vides = [i + 1 for i, c in enumerate(entete) if c == ""]
    if vides:
        raise ValueError(f"Le fichier {fichier}, ligne {ligne_entete} (en-tête) : la colonne "
                         f"n° {vides[0]} n'a pas de nom. Donnez un nom à chaque colonne.")
    doublons = sorted({c for c in entete if entete.count(c) > 1})
    if doublons:
        raise ValueError(f"Le fichier {fichier}, ligne {ligne_entete} (en-tête) : la colonne "
                         f"« {doublons[0]} » apparaît plusieurs fois. Chaque colonne doit avoir "
                         "un nom unique.")
    requises = list(dict.fromkeys(listes["colonnes_attendues"] + listes["colonnes_dates"] +
                                  listes["colonnes_numeriques"] +
                                  ([colonne_identifiant] if colonne_identifiant else [])))
    for col in requises:
        if col not in entete:
            proches = difflib.get_close_matches(col, entete, n=1, cutoff=0.6)
            conseil = f" Une colonne s'appelle « {proches[0]} » : faut-il la renommer ?" if proches else ""
            raise ValueError(f"Le fichier {fichier}, ligne {ligne_entete} (en-tête) : la colonne "
                             f"« {col} » est absente.{conseil} Colonnes trouvées : "
                             f"{', '.join(entete)} (séparateur détecté : "
                             f"{_NOMS_SEPARATEURS[sep]}).")
    if not enregistrements:
        raise ValueError(f"Le fichier {fichier} n'a qu'une ligne d'en-tête et aucune donnée.")

    numeros = np.array([n for n, _ in enregistrements])
    tableau = pd.DataFrame([c for _, c in enregistrements], columns=entete, dtype="str")

    # identifiants uniques
    if colonne_identifiant:
        ids = tableau[colonne_identifiant].str.strip()
        deja = ids.duplicated(keep="first")
        if deja.any():
            i = int(np.flatnonzero(deja.to_numpy())[0])
            premiere = int(np.flatnonzero((ids == ids.iloc[i]).to_numpy())[0])
            raise ValueError(f"Le fichier {fichier}, ligne {numeros[i]}, colonne "
                             f"{colonne_identifiant} : l'identifiant « {ids.iloc[i]} » apparaît "
                             f"déjà ligne {numeros[premiere]}. Chaque identifiant doit être unique "
                             f"({int(deja.sum())} doublon(s) en tout).")

    # nombres
    for col in entete:
        if col == colonne_identifiant or col in listes["colonnes_dates"]:
            continue
        impose = col in listes["colonnes_numeriques"]
        valeurs = [_en_nombre(v) for v in tableau[col]]
        fautives = [i for i, v in enumerate(valeurs) if v is None]
        if fautives:
            if impose:
                i = fautives[0]
                raise ValueError(f"Le fichier {fichier}, ligne {numeros[i]}, colonne {col} : "
                                 f"« {tableau[col].iloc[i]} » n'est pas un nombre. Attendu : un "
                                 f"nombre, par exemple 12,50 ou 12.50 ({len(fautives)} valeur(s) "
                                 "fautive(s) dans cette colonne).")
            continue
        if not impose:
            textes = tableau[col].str.strip()
            if textes.eq("").all() or textes.str.match(r"^0\d").any():
                continue  # colonne vide ou codes à zéro initial (codes postaux…) : gardée en texte
        serie = pd.Series(valeurs, index=tableau.index, dtype="float64")
        if serie.notna().all() and (serie == np.round(serie)).all() and (serie.abs() < 2**53).all():
            serie = serie.astype("int64")
        tableau[col] = serie

    # dates
    limite = pd.Timestamp.today().normalize() if date_limite is None else pd.Timestamp(date_limite)
    for col in entete:
        if col == colonne_identifiant or tableau[col].dtype != "str":
            continue
        imposee = col in listes["colonnes_dates"]
        textes = tableau[col].str.strip()
        dates = _en_dates(tableau[col])
        fautives = np.flatnonzero((dates.isna() & textes.ne("")).to_numpy())
        if imposee and len(fautives):
            i = int(fautives[0])
            raise ValueError(f"Le fichier {fichier}, ligne {numeros[i]}, colonne {col} : "
                             f"« {textes.iloc[i]} » n'est pas une date valide. Attendu : une date "
                             "jj/mm/aaaa (par exemple 31/12/2025) ou aaaa-mm-jj (2025-12-31).")
        if not imposee and (len(fautives) or textes.eq("").all()):
            continue
        if imposee and dates_futures != "accepter":
            futures = np.flatnonzero((dates > limite + pd.Timedelta(days=1) - pd.Timedelta(1)).to_numpy())
            if len(futures):
                i = int(futures[0])
                message = (f"Le fichier {fichier}, ligne {numeros[i]}, colonne {col} : la date "
                           f"« {textes.iloc[i]} » est dans le futur (après le "
                           f"{limite:%d/%m/%Y}). Vérifiez l'année, ou un jour et un mois "
                           f"inversés ({len(futures)} date(s) future(s) dans cette colonne).")
                if dates_futures == "erreur":
                    raise ValueError(message)
                warnings.warn(message, UserWarning, stacklevel=2)
        tableau[col] = dates
    return tableau


def _message_nombre_champs(fichier, numero, champs, entete, sep, lignes_texte) -> str:
    message = (f"Le fichier {fichier}, ligne {numero} : {len(champs)} champ(s) au lieu de "
               f"{len(entete)} (colonnes : {', '.join(entete)} ; séparateur {_NOMS_SEPARATEURS[sep]}).")
    ligne = lignes_texte[numero - 1] if 0 < numero <= len(lignes_texte) else ""
    autres = [s for s in _NOMS_SEPARATEURS if s != sep and ligne.count(s) == len(entete) - 1]
    if autres:
        message += (f" Cette ligne semble séparée par {_NOMS_SEPARATEURS[autres[0]]} alors que "
                    f"l'en-tête l'est par {_NOMS_SEPARATEURS[sep]} : séparateurs mélangés. "
                    "Utilisez le même séparateur partout.")
    elif len(champs) > len(entete):
        message += (" Un nombre à virgule décimale non entouré de guillemets, ou un séparateur en "
                    "trop dans un texte, peut couper une valeur en deux.")
    else:
        message += " Une valeur manque-t-elle, ou la ligne est-elle coupée ?"
    return message


# =========================================================================== ligne de commande
def ajouter_arguments(parser: argparse.ArgumentParser) -> None:
    """Arguments de la sous-commande ``generer`` (réutilisable par ``relation-client``)."""
    parser.add_argument("--dossier", default=None, metavar="DOSSIER",
                        help="dossier où écrire les CSV (par défaut : $RELATION_CLIENT_DONNEES, sinon "
                             "datasets/ du dépôt puis sa copie dans le paquet)")
    parser.add_argument("--graine", type=int, default=generation.GRAINE, metavar="GRAINE",
                        help=f"graine du générateur aléatoire (par défaut {generation.GRAINE} : "
                             "celle des fichiers publiés ; une autre graine donne d'autres données)")


def executer(args) -> int:
    from relation_client import copie_donnees

    depot = copie_donnees.dossier_depot()
    if args.dossier:
        dossier = Path(args.dossier)
    elif os.environ.get("RELATION_CLIENT_DONNEES") or depot is None:
        dossier = dossier_donnees()
    else:  # dans le dépôt : datasets/, puis la copie livrée dans le paquet
        dossier = depot
    generation.generer(dossier, graine=args.graine, bavard=True)
    if depot is not None and Path(dossier).resolve() == depot.resolve():
        changes = copie_donnees.copier()
        print(f"Copie livrée dans le paquet ({copie_donnees.dossier_copie()}) : "
              f"{len(changes)} fichier(s) mis à jour.")
    _charger_en_cache.cache_clear()
    return 0


def main(argv: list[str] | None = None) -> int:
    """``python -m relation_client.donnees generer [--dossier DOSSIER] [--graine GRAINE]``."""
    from relation_client.cli import _Analyseur, _traduire_aide

    parser = _Analyseur(prog="python -m relation_client.donnees",
                        description="Jeux de données du cours « Relation client par les données ».")
    _traduire_aide(parser)
    sous = parser.add_subparsers(dest="commande", title="commandes", metavar="COMMANDE",
                                 parser_class=_Analyseur)
    aide = ("régénère les fichiers CSV du cours (marque fictive Verveine & Co) ; avec la graine "
            "par défaut, les fichiers obtenus sont identiques à l'octet près à ceux publiés")
    generer = sous.add_parser("generer", help=aide, description=aide)
    _traduire_aide(generer)
    ajouter_arguments(generer)
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    if args.commande is None:
        parser.print_help()
        return 0
    return executer(args)


if __name__ == "__main__":
    sys.exit(main())
