"""Données de l'étude de cas 08 : Cycles Lumen, vélociste lyonnais (entreprise fictive).

Cycles Lumen est **inventée pour l'étude de cas** (toute ressemblance avec une entreprise réelle
serait fortuite) : deux magasins (Lyon Confluence, Villeurbanne) et un site internet qui vendent
des vélos à assistance électrique, puis leur entretien (révisions) et des accessoires.

Tout est tiré d'un seul générateur ``numpy.random.default_rng(GRAINE)`` : relancer la génération
reproduit les fichiers à l'octet près (mêmes versions de NumPy et pandas). Les fichiers vont dans
``datasets/cas_08_cycles_lumen/`` avec leur dictionnaire des données (``README.md``, écrit lui aussi
par :func:`generer`), puis dans la copie livrée dans le paquet (:mod:`relation_client.copie_donnees`).

- ``clients.csv`` : les clients qui ont acheté un vélo de 2022 à 2024 ; leur activité en 2025
  (révision ou accessoire acheté) dépend de leur satisfaction et de leurs révisions passées ;
- ``reseaux_sociaux.csv`` : le tableau de bord mensuel de 2025 des trois réseaux de la marque,
  avec une vague de messages négatifs en septembre et octobre (retards de livraison) ;
- ``campagnes_email.csv`` : les campagnes d'e-mailing de 2025, dont la campagne « Révision
  d'automne » du compte rendu (annexe 4).

``charger_cas(nom)`` lit un de ces fichiers (typé, schéma vérifié) dans le dossier des données
du cours (:func:`relation_client.copie_donnees.dossier_donnees`). En ligne de commande :
``python -m relation_client.generation_cas [--dossier DOSSIER]``.
"""

from __future__ import annotations

import argparse
import functools
import sys
from pathlib import Path

import numpy as np
import pandas as pd

from relation_client import copie_donnees
from relation_client.generation import ecrire_csv
from relation_client.schemas import BOOLEEN, DATE, ENTIER, REEL, TEXTE, categorie, convertir_colonne

__all__ = ["NOM_CAS", "GRAINE", "ANNEE", "MAGASINS", "PLATEFORMES", "TYPES_CAMPAGNE",
           "CAMPAGNE_ETUDIEE", "NOTE_INTERNE", "SCHEMAS_CAS", "JEUX_CAS", "construire",
           "generer", "dossier_cas", "charger_cas", "main"]

NOM_CAS = "cas_08_cycles_lumen"
GRAINE = 20250808
ANNEE = 2025
MAGASINS = ["Lyon Confluence", "Villeurbanne", "site internet"]
PLATEFORMES = ["Instagram", "Facebook", "TikTok"]
TYPES_CAMPAGNE = ["newsletter", "promotion", "relance révision"]
NB_CLIENTS = 1_480
PRIX_REVISION = 89.0
TAUX_MARGE_APRES_VENTE = 0.45
#: Campagne présentée dans le compte rendu de l'annexe 4.
CAMPAGNE_ETUDIEE = "E2514"

#: Chiffres de la note interne (annexe 5) : l'énoncé les donne, la clé les reprend.
NOTE_INTERNE = {
    "cout_application": 18_000,       # coût annuel de l'application « Lumen+ » (€)
    "marge_client_fidele": 60,        # marge annuelle d'après-vente d'un client qui revient (€)
    "clients_gagnes_espere": 250,     # clients de plus qui reviendraient chaque année, selon la note
    "envois_actuels": 2,              # e-mails par mois aujourd'hui
    "envois_proposes": 8,             # e-mails par mois proposés par la directrice
}

#: Colonnes de chaque fichier : (type, description) — le dictionnaire des données en dérive.
DICTIONNAIRE = {
    "clients": {
        "client_id": (TEXTE, "identifiant du client (CL0001…)"),
        "date_achat_velo": (DATE, "date d'achat du vélo (2022 à 2024)"),
        "magasin": (MAGASINS, "lieu d'achat du vélo"),
        "prix_velo": (REEL, "prix du vélo payé, en euros TTC"),
        "note_satisfaction": (ENTIER, "note donnée à la dernière enquête de satisfaction, de 1 "
                                      "(très mécontent) à 5 (très satisfait)"),
        "revisions_avant_2025": (ENTIER, "nombre de révisions payantes faites avant 2025"),
        "abonne_newsletter": (BOOLEEN, "True si le client reçoit les e-mails de la marque"),
        "actif_2025": (BOOLEEN, "True si le client a acheté une révision ou un accessoire en 2025"),
        "ca_apres_vente_2025": (REEL, "chiffre d'affaires TTC d'après-vente (révisions et accessoires) "
                                      "réalisé avec le client en 2025, en euros (0 s'il n'est pas revenu)"),
    },
    "reseaux_sociaux": {
        "mois": (DATE, "premier jour du mois (janvier à décembre 2025)"),
        "plateforme": (PLATEFORMES, "réseau social"),
        "abonnes": (ENTIER, "abonnés du compte de la marque à la fin du mois"),
        "publications": (ENTIER, "publications de la marque dans le mois"),
        "portee": (ENTIER, "personnes différentes qui ont vu au moins une publication (somme des portées "
                           "des publications)"),
        "interactions": (ENTIER, "mentions « j'aime », commentaires et partages des publications"),
        "mentions_positives": (ENTIER, "messages d'internautes qui citent la marque en bien"),
        "mentions_negatives": (ENTIER, "messages d'internautes qui citent la marque en mal (plaintes, "
                                       "avis négatifs)"),
    },
    "campagnes_email": {
        "campagne_id": (TEXTE, "identifiant de la campagne (E2501…)"),
        "date_envoi": (DATE, "date d'envoi (2025)"),
        "objet": (TEXTE, "objet de l'e-mail"),
        "type_campagne": (TYPES_CAMPAGNE, "newsletter (conseils, nouveautés), promotion ou relance "
                                          "pour la révision annuelle"),
        "envoyes": (ENTIER, "e-mails envoyés"),
        "delivres": (ENTIER, "e-mails délivrés (arrivés dans une boîte de réception)"),
        "ouvertures": (ENTIER, "e-mails ouverts (ouvreurs uniques)"),
        "clics": (ENTIER, "destinataires qui ont cliqué sur au moins un lien"),
        "desabonnements": (ENTIER, "destinataires qui se sont désabonnés"),
        "reservations": (ENTIER, "révisions réservées ou commandes passées après un clic"),
        "chiffre_affaires": (REEL, "chiffre d'affaires TTC attribué à la campagne, en euros"),
        "marge": (REEL, "marge attribuée à la campagne, en euros"),
        "cout": (REEL, "coût de la campagne (conception, envoi ; pour une promotion, la remise accordée), en euros"),
    },
}

_LIGNES = {"clients": "un client par ligne (acheteur d'un vélo de 2022 à 2024)",
           "reseaux_sociaux": "un mois × un réseau social par ligne (12 mois × 3 réseaux)",
           "campagnes_email": "une campagne d'e-mailing de 2025 par ligne"}


def _genre(type_colonne):
    """Type d'une colonne du schéma : une liste de valeurs possibles devient une catégorie."""
    if isinstance(type_colonne, list):
        return categorie(type_colonne)
    return type_colonne


SCHEMAS_CAS = {jeu: {colonne: _genre(type_colonne)
                     for colonne, (type_colonne, _description) in colonnes.items()}
               for jeu, colonnes in DICTIONNAIRE.items()}
JEUX_CAS = list(SCHEMAS_CAS)


# =========================================================================== génération
def _clients(rng: np.random.Generator) -> pd.DataFrame:
    n = NB_CLIENTS
    debut, fin = pd.Timestamp("2022-03-01"), pd.Timestamp("2024-12-20")
    jours = np.sort(rng.integers(0, (fin - debut).days + 1, n))
    dates = debut + pd.to_timedelta(jours, unit="D")
    magasin = rng.choice(len(MAGASINS), n, p=[0.44, 0.31, 0.25])
    prix = np.clip(rng.lognormal(np.log(2_500), 0.28, n), 1_290, 5_490)
    prix = np.round(prix / 100) * 100 - 10
    # Les clients du site internet et ceux livrés fin 2024 (retards) sont un peu moins satisfaits.
    anciennete = (pd.Timestamp("2025-01-01") - dates).days.to_numpy() / 365.25
    base = 3.7 - 0.45 * (magasin == 2) - 0.25 * (dates >= pd.Timestamp("2024-07-01"))
    note = np.clip(np.round(rng.normal(base, 1.0)), 1, 5).astype(np.int64)
    revisions = rng.poisson(0.55 * anciennete * (0.6 + 0.2 * (note - 1)))
    revisions = np.minimum(revisions, 4).astype(np.int64)
    newsletter = rng.random(n) < 0.68
    logit = -1.15 + 0.55 * (note - 3) + 0.45 * np.minimum(revisions, 3) + 0.25 * newsletter
    actif = rng.random(n) < 1 / (1 + np.exp(-logit))
    nb_revisions_2025 = 1 + (rng.random(n) < 0.12)
    accessoires = rng.gamma(1.3, 70, n) * (rng.random(n) < 0.55)
    ca = np.where(actif, PRIX_REVISION * nb_revisions_2025 * (rng.random(n) < 0.85) + accessoires, 0.0)
    ca = np.where(actif & (ca < 20), PRIX_REVISION, ca)
    return pd.DataFrame({
        "client_id": [f"CL{i:04d}" for i in range(1, n + 1)],
        "date_achat_velo": dates.strftime("%Y-%m-%d"),
        "magasin": np.array(MAGASINS)[magasin],
        "prix_velo": prix,
        "note_satisfaction": note,
        "revisions_avant_2025": revisions,
        "abonne_newsletter": newsletter,
        "actif_2025": actif,
        "ca_apres_vente_2025": np.round(ca, 2),
    })


def _reseaux(rng: np.random.Generator) -> pd.DataFrame:
    lignes = []
    depart = {"Instagram": 6_200, "Facebook": 4_100, "TikTok": 900}
    croissance = {"Instagram": 0.025, "Facebook": 0.004, "TikTok": 0.09}
    publications = {"Instagram": 12, "Facebook": 8, "TikTok": 6}
    portee_par_abonne = {"Instagram": 0.45, "Facebook": 0.30, "TikTok": 2.4}
    engagement = {"Instagram": 0.052, "Facebook": 0.021, "TikTok": 0.064}
    # Vague de messages négatifs : retards de livraison du nouveau modèle (septembre, octobre).
    crise = {9: 3.2, 10: 5.5, 11: 2.0, 12: 1.3}
    part_plateforme = {"Instagram": 0.45, "Facebook": 0.40, "TikTok": 0.15}
    for m in range(1, 13):
        mois = f"{ANNEE}-{m:02d}-01"
        for plateforme in PLATEFORMES:
            abonnes = depart[plateforme] * (1 + croissance[plateforme]) ** m * rng.normal(1, 0.01)
            pubs = int(max(1, rng.poisson(publications[plateforme])))
            portee = abonnes * portee_par_abonne[plateforme] * pubs / publications[plateforme] \
                * rng.normal(1, 0.08)
            interactions = portee * engagement[plateforme] * rng.normal(1, 0.10)
            positives = rng.poisson(60 * part_plateforme[plateforme] * (1 + m / 24))
            negatives = rng.poisson(14 * part_plateforme[plateforme] * crise.get(m, 1.0))
            lignes.append((mois, plateforme, round(abonnes), pubs, round(portee), round(interactions),
                           int(positives), int(negatives)))
    return pd.DataFrame(lignes, columns=list(DICTIONNAIRE["reseaux_sociaux"]))


_CAMPAGNES = [
    ("2025-01-14", "newsletter", "Bonne année : vos sorties de l'hiver à vélo"),
    ("2025-02-11", "newsletter", "Recharger sa batterie par grand froid : nos conseils"),
    ("2025-03-06", "relance révision", "Printemps : votre vélo mérite sa révision"),
    ("2025-03-25", "promotion", "Semaine de l'antivol : -15 % sur les cadenas"),
    ("2025-04-15", "newsletter", "Trois balades au bord du Rhône"),
    ("2025-05-13", "promotion", "Fête du vélo : casques et sacoches en promotion"),
    ("2025-06-10", "newsletter", "Partir en vacances avec son vélo électrique"),
    ("2025-07-08", "promotion", "Soldes d'été sur les accessoires"),
    ("2025-08-26", "newsletter", "La rentrée à vélo : éclairage et sécurité"),
    ("2025-09-09", "newsletter", "Nouveau modèle Lumen Urban : les précommandes ouvrent"),
    ("2025-09-23", "promotion", "Black Friday avant l'heure : -10 % sur les batteries"),
    ("2025-10-07", "newsletter", "Retards de livraison : on vous explique"),
    ("2025-10-16", "promotion", "Offre spéciale pneus hiver"),
    ("2025-10-21", "relance révision", "Révision d'automne : -20 % sur l'entretien"),
    ("2025-11-18", "promotion", "Idées cadeaux pour cyclistes"),
    ("2025-12-09", "newsletter", "Merci pour cette année 2025"),
]


def _campagnes(rng: np.random.Generator, clients: pd.DataFrame) -> pd.DataFrame:
    base = int(clients["abonne_newsletter"].sum()) + 1_150  # clients abonnés + prospects inscrits
    taux = {"newsletter": (0.31, 0.030, 0.0), "promotion": (0.24, 0.034, 0.012),
            "relance révision": (0.38, 0.092, 0.085)}
    lignes = []
    for k, (date, genre, objet) in enumerate(_CAMPAGNES, start=1):
        envoyes = base + int(rng.integers(-20, 60)) + 8 * k
        if genre == "relance révision":
            envoyes = int(clients["abonne_newsletter"].sum())  # seulement les clients abonnés
        delivres = int(round(envoyes * rng.uniform(0.965, 0.985)))
        t_o, t_c, t_r = taux[genre]
        ouvertures = int(rng.binomial(delivres, t_o * rng.uniform(0.9, 1.1)))
        clics = int(rng.binomial(ouvertures, min(0.9, t_c / t_o * rng.uniform(0.85, 1.15))))
        desabonnements = int(rng.binomial(delivres, 0.003 + 0.002 * (genre == "promotion")))
        reservations = int(rng.binomial(clics, min(0.95, t_r / t_c))) if t_r else int(rng.binomial(clics, 0.05))
        panier = PRIX_REVISION * 0.8 if genre == "relance révision" else rng.uniform(45, 110)
        ca = round(reservations * panier * rng.uniform(1.05, 1.4), 2)
        # Relance : la remise de 20 % est déjà dans le prix payé (panier), et elle abaisse le taux de
        # marge (× 0,75) ; elle n'est donc pas comptée une seconde fois dans le coût.
        # Promotion : le panier est au prix normal, la remise accordée (20 % du CA) est un coût.
        marge = round(ca * TAUX_MARGE_APRES_VENTE * (0.75 if genre == "relance révision" else 1.0), 2)
        cout = round(350 + 0.02 * envoyes + (0.2 * ca if genre == "promotion" else 0), 2)
        lignes.append((f"E25{k:02d}", date, objet, genre, envoyes, delivres, ouvertures, clics,
                       desabonnements, reservations, ca, marge, cout))
    return pd.DataFrame(lignes, columns=list(DICTIONNAIRE["campagnes_email"]))


def construire(graine: int = GRAINE) -> dict[str, pd.DataFrame]:
    """Les trois tableaux du cas (colonnes brutes, prêtes à écrire en CSV)."""
    rng = np.random.default_rng(graine)
    clients = _clients(rng)
    reseaux = _reseaux(rng)
    campagnes = _campagnes(rng, clients)
    return {"clients": clients, "reseaux_sociaux": reseaux, "campagnes_email": campagnes}


def _type_lisible(type_colonne) -> str:
    if isinstance(type_colonne, list):
        return "catégorie : " + ", ".join(f"« {valeur} »" for valeur in type_colonne)
    return {TEXTE: "texte", DATE: "date (aaaa-mm-jj)", ENTIER: "entier", REEL: "réel",
            BOOLEEN: "booléen (True/False)"}[type_colonne]


def dictionnaire_markdown(tableaux: dict[str, pd.DataFrame]) -> str:
    """Le dictionnaire des données (``README.md`` du dossier du cas)."""
    lignes = [
        "# Étude de cas 08 — Cycles Lumen : dictionnaire des données",
        "",
        "Cycles Lumen est un vélociste lyonnais **inventé pour l'étude de cas** (toute ressemblance "
        "avec une entreprise réelle serait fortuite) : deux magasins (Lyon Confluence, Villeurbanne) "
        "et un site internet vendent des vélos à assistance électrique, puis leur entretien et des "
        "accessoires. Les données sont **simulées** par `relation_client.generation_cas` "
        f"(graine {GRAINE}) ; ne les modifiez pas à la main, régénérez-les :",
        "",
        "```",
        "python -m relation_client.generation_cas",
        "```",
        "",
        "Chargement dans un notebook : `from relation_client.generation_cas import charger_cas`, puis "
        "`charger_cas(\"clients\")` (tableau typé, schéma vérifié).",
        "",
        "Format : UTF-8 sans BOM, séparateur virgule, point décimal, dates ISO `aaaa-mm-jj`, montants "
        "en euros arrondis au centime.",
        "",
        "| fichier | lignes | contenu |",
        "|---|---:|---|",
    ]
    for nom, tableau in tableaux.items():
        lignes.append(f"| `{nom}.csv` | {len(tableau)} | {_LIGNES[nom]} |")
    for nom, colonnes in DICTIONNAIRE.items():
        lignes += ["", f"## `{nom}.csv`", "", "| colonne | type | description |", "|---|---|---|"]
        for col, (t, description) in colonnes.items():
            lignes.append(f"| `{col}` | {_type_lisible(t)} | {description} |")
    lignes += ["", "## Hypothèses de la simulation", "",
               "- Un client est « actif en 2025 » avec une probabilité qui croît avec sa note de "
               "satisfaction, ses révisions passées et son abonnement aux e-mails.",
               f"- Une révision coûte {PRIX_REVISION:.0f} € TTC ; les accessoires suivent une loi gamma.",
               "- Les messages négatifs sur les réseaux sociaux sont multipliés en septembre et octobre "
               "(retards de livraison du modèle Lumen Urban), puis reviennent peu à peu à la normale.",
               f"- La campagne étudiée dans l'annexe 4 est `{CAMPAGNE_ETUDIEE}` (« Révision d'automne »).",
               ""]
    return "\n".join(lignes)


def generer(dossier=None, graine: int = GRAINE, bavard: bool = False) -> dict[str, Path]:
    """Écrit les CSV du cas et leur dictionnaire (``README.md``) dans ``dossier``.

    Par défaut : ``datasets/cas_08_cycles_lumen/`` du dépôt, puis la copie livrée dans le paquet
    est mise à jour (:mod:`relation_client.copie_donnees`). Renvoie les chemins écrits (clé
    ``"README"`` pour le dictionnaire).
    """
    par_defaut = dossier is None
    if par_defaut:
        depot = copie_donnees.dossier_depot()
        if depot is None:
            raise FileNotFoundError("Pas de dossier datasets/ : la génération se lance depuis le dépôt "
                                    "(ou indiquez --dossier).")
        dossier = depot / NOM_CAS
    dossier = Path(dossier)
    dossier.mkdir(parents=True, exist_ok=True)
    tableaux = construire(graine)
    chemins = {}
    for nom, tableau in tableaux.items():
        chemin = dossier / f"{nom}.csv"
        ecrire_csv(tableau, chemin)
        chemins[nom] = chemin
        if bavard:
            print(f"écrit : {chemin} ({len(tableau)} lignes)")
    readme = dossier / "README.md"
    readme.write_text(dictionnaire_markdown(tableaux), encoding="utf-8", newline="\n")
    chemins["README"] = readme
    if par_defaut:
        for nom in copie_donnees.copier():
            if bavard:
                print(f"copie du paquet mise à jour : {nom}")
    _charger.cache_clear()
    return chemins


# =========================================================================== chargement
def dossier_cas() -> Path:
    """Dossier des fichiers du cas : ``<dossier des données du cours>/cas_08_cycles_lumen``."""
    return Path(copie_donnees.dossier_donnees()) / NOM_CAS


@functools.lru_cache(maxsize=8)
def _charger(nom: str, dossier: str) -> pd.DataFrame:
    chemin = Path(dossier) / f"{nom}.csv"
    fichier = f"« {NOM_CAS}/{chemin.name} »"
    if not chemin.is_file():
        raise FileNotFoundError(f"Le fichier {fichier} est introuvable (chemin absolu essayé : {chemin}). "
                                "Régénérez les données du cas : « python -m relation_client.generation_cas ».")
    brut = pd.read_csv(chemin, dtype="str", keep_default_na=False, na_values=[""], encoding="utf-8")
    schema = SCHEMAS_CAS[nom]
    if list(brut.columns) != list(schema):
        raise ValueError(f"Le fichier {fichier} ne respecte pas son schéma. Colonnes attendues : "
                         f"{', '.join(schema)} ; colonnes lues : {', '.join(map(str, brut.columns))}.")
    return pd.DataFrame({col: convertir_colonne(brut[col], genre, fichier)
                         for col, genre in schema.items()})


def charger_cas(nom: str) -> pd.DataFrame:
    """Un fichier de l'étude de cas Cycles Lumen : ``clients``, ``reseaux_sociaux`` ou
    ``campagnes_email`` (avec ou sans ``.csv``). Chaque appel renvoie une copie."""
    if not isinstance(nom, str):
        raise TypeError(f"nom doit être le nom d'un fichier du cas (texte), par exemple "
                        f"charger_cas(\"clients\") ; reçu {nom!r}.")
    propre = nom.strip().removesuffix(".csv")
    if propre not in SCHEMAS_CAS:
        raise ValueError(f"Le cas Cycles Lumen n'a pas de fichier « {nom} ». Fichiers disponibles : "
                         f"{', '.join(JEUX_CAS)}.")
    return _charger(propre, str(dossier_cas())).copy(deep=True)


# =========================================================================== ligne de commande
def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m relation_client.generation_cas",
                                     description="Régénère les données de l'étude de cas Cycles Lumen.")
    parser.add_argument("--dossier", default=None, metavar="DOSSIER",
                        help=f"dossier où écrire (par défaut : datasets/{NOM_CAS})")
    args = parser.parse_args(argv)
    generer(args.dossier, bavard=True)
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
