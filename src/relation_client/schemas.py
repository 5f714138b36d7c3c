"""Schémas des jeux de données du cours : colonnes, types, catégories, et leur lecture.

Ce module est la référence commune du chargeur (:mod:`relation_client.donnees`) et du
générateur (:mod:`relation_client.generation`) : aucun des deux n'importe l'autre.

- les listes de catégories (canaux, régions, plateformes…), dans l'ordre documenté dans
  ``datasets/README.md`` ;
- ``SCHEMAS`` : pour chaque jeu, colonne → type attendu (``TEXTE``, ``DATE``, ``ENTIER``,
  ``REEL``, ``BOOLEEN`` ou catégories, voir :func:`categorie`) ;
- ``LECONS`` (les leçons du cours) et ``DATE_REFERENCE`` (la date où l'on se place pour les
  analyses) ;
- :func:`lire_selon_schema` et :func:`convertir_colonne` : lire un CSV du cours et vérifier
  qu'il respecte son schéma.

>>> SCHEMAS["clients"]["region"].categories[0]
'Île-de-France'
>>> str(DATE_REFERENCE.date())
'2026-01-01'
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

__all__ = ["DATE_REFERENCE", "LECONS", "TEXTE", "DATE", "ENTIER", "REEL", "BOOLEEN", "categorie",
           "CANAUX_ACQUISITION", "SOURCES_TRAFIC", "REGIONS", "TRANCHES_AGE", "CANAUX_VENTE",
           "PLATEFORMES", "TYPES_PUBLICATION", "TYPES_CAMPAGNE", "CATEGORIES_INFLUENCE",
           "PLATEFORMES_INFLUENCE", "SCHEMAS", "JEUX", "CONSEIL_REGENERER", "type_attendu",
           "convertir_colonne", "lire_selon_schema"]

#: Date à laquelle on se place pour les analyses (récence, clients perdus…) : le lendemain
#: de la fin de la période couverte par les données (2023-01-01 → 2025-12-31).
DATE_REFERENCE = pd.Timestamp("2026-01-01")

LECONS = ["01_conquerir", "02_fideliser", "03_outils_numeriques", "04_rejet", "05_kpi",
          "06_etude_de_cas", "07_predire_la_valeur"]

# Types de colonnes (les catégories sont des pd.CategoricalDtype, voir categorie()).
TEXTE, DATE, ENTIER, REEL, BOOLEEN = "texte", "date", "entier", "réel", "booléen"


def categorie(categories, ordonnee: bool = False) -> pd.CategoricalDtype:
    """Type « catégorie » d'une colonne : ses valeurs possibles, dans cet ordre.

    >>> type_colonne = categorie(["micro", "macro"], ordonnee=True)
    >>> list(type_colonne.categories), type_colonne.ordered
    (['micro', 'macro'], True)
    """
    return pd.CategoricalDtype(list(categories), ordered=ordonnee)


# --------------------------------------------------------------------------- catégories
# Canaux d'acquisition = sources de trafic (mêmes libellés : la correspondance est l'identité).
CANAUX_ACQUISITION = ["recherche payante", "display", "réseaux sociaux", "influence",
                      "e-mail", "référents", "recherche naturelle", "direct"]
SOURCES_TRAFIC = list(CANAUX_ACQUISITION)
REGIONS = ["Île-de-France", "Auvergne-Rhône-Alpes", "Nouvelle-Aquitaine", "Occitanie",
           "Hauts-de-France", "Grand Est", "Provence-Alpes-Côte d'Azur", "Pays de la Loire",
           "Bretagne", "Normandie", "Bourgogne-Franche-Comté", "Centre-Val de Loire", "Corse",
           "Outre-mer"]
TRANCHES_AGE = ["18-24", "25-34", "35-44", "45-54", "55-64", "65+"]
CANAUX_VENTE = ["site", "application", "marketplace"]
PLATEFORMES = ["Instagram", "Facebook", "TikTok", "LinkedIn", "X"]
TYPES_PUBLICATION = ["photo", "vidéo", "carrousel", "texte"]
TYPES_CAMPAGNE = ["newsletter", "promotion", "relance panier", "bienvenue", "réactivation"]
CATEGORIES_INFLUENCE = ["micro", "macro", "célébrité"]
PLATEFORMES_INFLUENCE = ["Instagram", "TikTok", "YouTube"]

# --------------------------------------------------------------------------- schémas
#: Schéma de chaque jeu : colonne → type attendu (texte, date, entier, réel, booléen ou
#: catégories documentées dans datasets/README.md).
SCHEMAS = {
    "clients": {
        "client_id": TEXTE, "date_inscription": DATE,
        "canal_acquisition": categorie(CANAUX_ACQUISITION), "cout_acquisition": REEL,
        "region": categorie(REGIONS), "age_tranche": categorie(TRANCHES_AGE, True),
        "membre_programme": BOOLEEN},
    "achats": {
        "commande_id": TEXTE, "client_id": TEXTE, "date_achat": DATE, "montant_ttc": REEL,
        "taux_tva": REEL, "montant_ht": REEL, "cout_achat_ht": REEL,
        "marge": REEL, "canal": categorie(CANAUX_VENTE),
        "source_trafic": categorie(SOURCES_TRAFIC), "rang_commande": ENTIER},
    "campagnes_email": {
        "campagne_id": TEXTE, "date_envoi": DATE, "objet": TEXTE,
        "type_campagne": categorie(TYPES_CAMPAGNE), "envoyes": ENTIER,
        "delivres": ENTIER, "rebonds": ENTIER, "ouvertures": ENTIER, "clics": ENTIER,
        "desabonnements": ENTIER, "conversions": ENTIER, "chiffre_affaires": REEL,
        "cout": REEL},
    "reseaux_sociaux": {
        "publication_id": TEXTE, "date": DATE, "plateforme": categorie(PLATEFORMES),
        "type_publication": categorie(TYPES_PUBLICATION), "abonnes": ENTIER,
        "portee": ENTIER, "impressions": ENTIER, "likes": ENTIER, "commentaires": ENTIER,
        "partages": ENTIER, "clics": ENTIER},
    "trafic_web": {
        "date": DATE, "source": categorie(SOURCES_TRAFIC), "visites": ENTIER,
        "visiteurs_uniques": ENTIER, "leads": ENTIER, "commandes": ENTIER,
        "nouveaux_clients": ENTIER, "chiffre_affaires": REEL, "depense": REEL},
    "campagnes_influence": {
        "campagne_id": TEXTE, "date_debut": DATE, "influenceur": TEXTE,
        "plateforme": categorie(PLATEFORMES_INFLUENCE),
        "categorie": categorie(CATEGORIES_INFLUENCE, True), "abonnes": ENTIER,
        "cout": REEL, "contenus": ENTIER, "portee": ENTIER, "interactions": ENTIER,
        "visites": ENTIER, "ventes": ENTIER, "chiffre_affaires": REEL, "marge": REEL},
    "chiffres_cles": {
        "identifiant": TEXTE, "valeur": REEL, "unite": TEXTE, "affirmation": TEXTE,
        "source": TEXTE, "fichier_source": TEXTE, "lecon": categorie(LECONS), "remarque": TEXTE},
}
JEUX = list(SCHEMAS)


# --------------------------------------------------------------------------- lecture
#: Ce que disent les erreurs de schéma d'un CSV généré : comment le réparer.
CONSEIL_REGENERER = "Régénérez les données avec « python -m relation_client.generation generer »."

def type_attendu(genre):
    """Type pandas (``dtype``) d'une colonne de ce genre après lecture.

    >>> type_attendu(ENTIER)
    'int64'
    """
    return {TEXTE: "str", DATE: "datetime64[ns]", ENTIER: "int64", REEL: "float64",
            BOOLEEN: "bool"}.get(genre, genre)


def convertir_colonne(serie: pd.Series, genre, fichier: str, conseil: str = CONSEIL_REGENERER) -> pd.Series:
    """Convertit une colonne lue en texte vers son type ; ``ValueError`` si une valeur ne convient pas.

    ``fichier`` est le nom du fichier tel qu'on l'écrit dans les messages (« clients.csv ») ;
    ``conseil`` termine le message d'erreur (comment réparer le fichier).

    >>> convertir_colonne(pd.Series(["3", "12"], name="visites"), ENTIER, "« trafic_web.csv »").tolist()
    [3, 12]
    """
    colonne = serie.name

    def erreur(attendu):
        fautives = serie[serie.isna()] if attendu == "une valeur" else None
        ligne = int(fautives.index[0]) + 2 if fautives is not None and len(fautives) else None
        ou = f" (ligne {ligne})" if ligne else ""
        return ValueError(f"Le fichier {fichier} ne respecte pas son schéma : la colonne "
                          f"{colonne}{ou} doit contenir {attendu}." + (f" {conseil}" if conseil else ""))

    if serie.isna().any():
        raise erreur("une valeur")
    if isinstance(genre, pd.CategoricalDtype):
        inconnues = sorted(set(serie) - set(genre.categories))
        if inconnues:
            raise erreur(f"une des catégories {', '.join(map(str, genre.categories))} "
                         f"(valeur inconnue : « {inconnues[0]} »)")
        return serie.astype(genre)
    if genre == TEXTE:
        return serie.astype("str")
    if genre == DATE:
        dates = pd.to_datetime(serie, format="%Y-%m-%d", errors="coerce")
        if dates.isna().any():
            raise erreur("des dates au format aaaa-mm-jj")
        return dates.astype("datetime64[ns]")
    if genre == BOOLEEN:
        if not set(serie).issubset({"True", "False"}):
            raise erreur("True ou False")
        return serie == "True"
    nombres = pd.to_numeric(serie, errors="coerce")
    if nombres.isna().any():
        raise erreur("des nombres")
    if genre == ENTIER:
        if not (nombres == np.round(nombres)).all():
            raise erreur("des nombres entiers")
        return nombres.astype("int64")
    return nombres.astype("float64")


def lire_selon_schema(chemin, schema: dict, fichier: str, conseil: str = CONSEIL_REGENERER) -> pd.DataFrame:
    """Lit un CSV du cours (UTF-8, virgule) et le type selon ``schema`` ; ``ValueError`` s'il s'en écarte.

    Les colonnes doivent être celles du schéma, dans son ordre ; chaque valeur doit convenir
    au type de sa colonne (voir :func:`convertir_colonne`, qui reçoit ``conseil``).
    """
    brut = pd.read_csv(Path(chemin), dtype="str", keep_default_na=False, na_values=[""],
                       encoding="utf-8")
    if list(brut.columns) != list(schema):
        manquantes = [colonne for colonne in schema if colonne not in brut.columns]
        en_trop = [colonne for colonne in brut.columns if colonne not in schema]
        details = []
        if manquantes:
            details.append(f"colonne(s) manquante(s) : {', '.join(manquantes)}")
        if en_trop:
            details.append(f"colonne(s) inattendue(s) : {', '.join(map(str, en_trop))}")
        if not details:
            details.append("colonnes dans le désordre")
        raise ValueError(f"Le fichier {fichier} ne respecte pas son schéma ({' ; '.join(details)}). "
                         f"Colonnes attendues : {', '.join(schema)}.")
    tableau = pd.DataFrame({colonne: convertir_colonne(brut[colonne], genre, fichier, conseil)
                            for colonne, genre in schema.items()})
    for colonne, genre in schema.items():  # garde-fou : les types obtenus sont ceux annoncés
        if tableau[colonne].dtype != type_attendu(genre):
            raise ValueError(f"Le fichier {fichier} : la colonne {colonne} a le type "
                             f"{tableau[colonne].dtype} au lieu de {type_attendu(genre)}.")
    return tableau
