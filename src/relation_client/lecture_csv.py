"""Lire un fichier CSV de l'élève, y compris un export Excel français.

``lire_csv(chemin, ...)`` détecte le séparateur (« ; », tabulation ou « , »), l'encodage
(UTF-8 avec ou sans BOM, UTF-16 avec BOM, Windows-1252), la virgule décimale et les dates
jj/mm/aaaa ; si le fichier est mal formé, l'erreur dit quel fichier, quelle ligne, quelle
colonne et ce qui était attendu. Le fichier n'est jamais modifié (il est lu en octets).
Les notebooks l'importent de :mod:`relation_client.donnees`, qui le réexporte.

>>> import tempfile, pathlib
>>> chemin = pathlib.Path(tempfile.mkdtemp()) / "ventes.csv"
>>> _ = chemin.write_bytes("client;date;montant\\nA1;31/12/2025;1 234,50\\n".encode("cp1252"))
>>> tableau = lire_csv(chemin, date_limite="2026-01-01")
>>> float(tableau["montant"].iloc[0]), str(tableau["date"].iloc[0].date())
(1234.5, '2025-12-31')
"""

from __future__ import annotations

import csv
import difflib
import io
import os
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

from relation_client.nombres import lire_nombre

__all__ = ["lire_csv"]

_FORMATS_DATES = ["%Y-%m-%d", "%d/%m/%Y", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S",
                  "%d/%m/%Y %H:%M", "%d/%m/%Y %H:%M:%S", "%d-%m-%Y", "%d.%m.%Y", "%Y/%m/%d"]
_NOMS_SEPARATEURS = {";": "« ; » (point-virgule)", ",": "« , » (virgule)",
                     "\t": "la tabulation"}


def _decoder(octets: bytes, fichier: str) -> tuple[str, str]:
    """Décode les octets : UTF-8 (avec ou sans BOM), UTF-16 avec BOM, sinon Windows-1252."""
    if octets.startswith(b"PK\x03\x04"):
        raise ValueError(f"Le fichier {fichier} est un classeur Excel (.xlsx) et non un fichier "
                         "CSV : dans Excel, faites « Enregistrer sous » → « CSV (séparateur : "
                         "point-virgule) », puis relisez le fichier .csv obtenu.")
    if octets.startswith(b"\xef\xbb\xbf"):
        try:
            return octets[3:].decode("utf-8"), "utf-8 avec BOM"
        except UnicodeDecodeError as erreur:
            raise _erreur_encodage(fichier, octets, erreur.start + 3) from None
    if octets.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return octets.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as erreur:
            raise _erreur_encodage(fichier, octets, erreur.start) from None
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
    except UnicodeDecodeError as erreur:
        raise _erreur_encodage(fichier, octets, erreur.start) from None


def _erreur_encodage(fichier: str, octets: bytes, position: int) -> ValueError:
    ligne = octets[:position].count(b"\n") + 1
    return ValueError(f"Le fichier {fichier} n'a pas pu être décodé (ligne {ligne}, octet "
                      f"0x{octets[position]:02x}) : ce n'est ni de l'UTF-8 ni du Windows-1252. "
                      "Réenregistrez-le en « CSV UTF-8 » (Excel : Enregistrer sous → CSV UTF-8).")


def _separateur(entete: str) -> str:
    """Séparateur le plus fréquent dans l'en-tête (à égalité : « ; », tabulation, « , »)."""
    comptes = {candidat: entete.count(candidat) for candidat in (";", "\t", ",")}
    meilleur = max(comptes, key=lambda candidat: comptes[candidat])
    return meilleur if comptes[meilleur] > 0 else ","


def _nombre_de_cellule(texte: str):
    """Nombre d'une cellule lu par :func:`relation_client.nombres.lire_nombre`.

    ``nan`` si la cellule est vide, ``None`` si ce n'est pas un nombre ; un pourcentage
    (« 12 % ») n'est pas lu comme un nombre : la colonne reste du texte.
    """
    lecture = lire_nombre(texte)
    if lecture.vide:
        return np.nan
    if lecture.valeur is None or lecture.pourcentage:
        return None
    return lecture.valeur


def _en_dates(serie: pd.Series) -> pd.Series:
    """Essaie chaque format de date connu (jour d'abord) ; NaT si aucun ne convient."""
    resultat = pd.Series(pd.NaT, index=serie.index, dtype="datetime64[ns]")
    propre = serie.str.strip()
    for format_date in _FORMATS_DATES:
        manquantes = resultat.isna() & propre.ne("")
        if not manquantes.any():
            break
        essai = pd.to_datetime(propre[manquantes], format=format_date, errors="coerce")
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
            if not champs or all(champ.strip() == "" for champ in champs):
                continue  # ligne vide ignorée
            if entete is None:
                entete, ligne_entete = [champ.strip() for champ in champs], numero
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

    vides = [position + 1 for position, nom in enumerate(entete) if nom == ""]
    if vides:
        raise ValueError(f"Le fichier {fichier}, ligne {ligne_entete} (en-tête) : la colonne "
                         f"n° {vides[0]} n'a pas de nom. Donnez un nom à chaque colonne.")
    doublons = sorted({nom for nom in entete if entete.count(nom) > 1})
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

    numeros = np.array([numero for numero, _champs in enregistrements])
    tableau = pd.DataFrame([champs for _numero, champs in enregistrements], columns=entete, dtype="str")

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
        valeurs = [_nombre_de_cellule(texte) for texte in tableau[col]]
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
    autres = [autre for autre in _NOMS_SEPARATEURS if autre != sep and ligne.count(autre) == len(entete) - 1]
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
