"""Génération des jeux de données du cours (marque fictive « Verveine & Co »).

Verveine & Co est une boutique en ligne française de cosmétiques naturels, inventée pour le
cours. Tout est tiré d'un seul générateur ``numpy.random.default_rng(GRAINE)`` : relancer la
génération reproduit les fichiers CSV à l'octet près (mêmes versions de NumPy et pandas).

Le modèle, en bref (détails dans ``datasets/README.md``) :

- chaque mois, de nouveaux clients arrivent par un canal d'acquisition (tendance croissante,
  pic de fin d'année) ; les clients « influence » arrivent dans la foulée des campagnes
  d'influence ;
- après son premier achat, un client sur deux environ ne revient jamais ; les autres restent
  actifs une durée exponentielle (abandon à taux constant) pendant laquelle ils achètent au
  hasard (processus de Poisson) à leur propre rythme, tiré d'une loi gamma : c'est le modèle
  Pareto/NBD (Schmittlein, Morrison et Colombo, 1987) avec une part de clients « d'un seul
  achat », proche du BG/NBD de Fader, Hardie et Lee (2005) ; les membres du programme de
  fidélité reviennent plus souvent et restent plus longtemps ;
- le panier suit une loi log-normale autour d'un panier moyen propre au client ; la marge
  (hors taxes) en est une part propre au client (taux de marque de 52 % en moyenne) ; les
  colonnes hors taxes (``taux_tva``, ``montant_ht``, ``cout_achat_ht``) en sont déduites sans
  tirage, après coup, si bien qu'elles ne changent aucune autre valeur ;
- le trafic web, les dépenses marketing, les campagnes e-mail et d'influence sont déduits
  des achats et des clients, pour que les totaux concordent d'un fichier à l'autre.

La répartition « 20 % des clients font 80 % du chiffre d'affaires » n'est écrite nulle part :
elle résulte de ces comportements.

``chiffres_cles.csv`` n'est pas simulé : c'est le relevé, écrit à la main dans ``datasets/``,
des chiffres cités par les sources du cours ; :func:`generer` le contrôle sans le réécrire.
Les colonnes et les catégories de chaque jeu sont dans :mod:`relation_client.schemas`.

En ligne de commande : ``python -m relation_client.generation generer [--dossier DOSSIER]
[--graine GRAINE]`` (ou ``relation-client donnees``, ``make donnees``).
"""

from __future__ import annotations

import argparse
import csv
import os
import shutil
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

from relation_client import copie_donnees
from relation_client.arguments import AnalyseurFrancais, traduire_aide
from relation_client.schemas import (CANAUX_ACQUISITION, CATEGORIES_INFLUENCE, PLATEFORMES_INFLUENCE,
                                     REGIONS, SCHEMAS, SOURCES_TRAFIC, TRANCHES_AGE, TYPES_PUBLICATION,
                                     lire_selon_schema)

__all__ = ["GRAINE", "DEBUT", "FIN", "CANAUX_ACQUISITION", "SOURCES_TRAFIC", "FICHIER_CHIFFRES_CLES",
           "TAUX_TVA", "construire", "ecrire_csv", "controler_chiffres_cles", "generer",
           "ajouter_arguments", "executer", "main"]

GRAINE = 20260101
DEBUT = pd.Timestamp("2023-01-01")
FIN = pd.Timestamp("2025-12-31")
NB_JOURS = (FIN - DEBUT).days + 1

# Les libellés des catégories (canaux, régions, plateformes…) sont dans relation_client.schemas.
# Part des nouveaux clients de chaque canal (hors influence, pilotée par les campagnes).
PARTS_ACQUISITION = {"recherche payante": 0.25, "display": 0.09, "réseaux sociaux": 0.13,
                     "e-mail": 0.07, "référents": 0.08, "recherche naturelle": 0.21,
                     "direct": 0.10}
# Source de la visite qui mène à un réachat (un client déjà acquis revient surtout seul).
SOURCES_REACHAT = {"direct": 0.34, "e-mail": 0.22, "recherche naturelle": 0.17,
                   "recherche payante": 0.12, "réseaux sociaux": 0.08, "référents": 0.04,
                   "display": 0.03}
# Taux de conversion visite → commande par source, et coût par visite des sources payantes.
TAUX_CONVERSION = {"recherche payante": 0.022, "display": 0.008, "réseaux sociaux": 0.010,
                   "influence": 0.015, "e-mail": 0.035, "référents": 0.020,
                   "recherche naturelle": 0.018, "direct": 0.040}
COUT_PAR_VISITE = {"recherche payante": 0.45, "display": 0.50, "réseaux sociaux": 0.12}
COMMISSION_REFERENTS = 0.08  # affiliation et parrainage : 8 % du chiffre d'affaires apporté

# Part des clients de chaque région et de chaque tranche d'âge (ordre de schemas.REGIONS et
# schemas.TRANCHES_AGE).
PARTS_REGIONS = dict(zip(REGIONS, [0.185, 0.125, 0.09, 0.09, 0.09, 0.08, 0.075, 0.058, 0.05,
                                   0.048, 0.042, 0.039, 0.005, 0.023], strict=True))
PARTS_TRANCHES_AGE = dict(zip(TRANCHES_AGE, [0.17, 0.29, 0.24, 0.16, 0.09, 0.05], strict=True))

#: Relevé des chiffres cités par les sources du cours : écrit à la main (jamais généré),
#: seule source de ces chiffres ; la génération le contrôle sans le réécrire.
FICHIER_CHIFFRES_CLES = "chiffres_cles.csv"


def _saisonnalite(mois: np.ndarray) -> np.ndarray:
    """Coefficient saisonnier des ventes de cosmétiques (fêtes, soldes d'été creux)."""
    coef = np.array([0.92, 0.88, 0.95, 0.97, 1.02, 0.98, 0.86, 0.82, 0.97, 1.03, 1.32, 1.45])
    return coef[mois - 1]


def _repartir_centimes(total_centimes: int, n: int) -> np.ndarray:
    """Répartit un total en centimes entre n clients (écart d'un centime au plus)."""
    base, reste = divmod(int(total_centimes), n)
    parts = np.full(n, base, dtype=np.int64)
    parts[:reste] += 1
    return parts


# --------------------------------------------------------------------------- influence
def _campagnes_influence(rng):
    noms = ["Lila Moreau", "Inès Garnier", "Camille Roux", "Jade Lefèvre", "Manon Petit",
            "Chloé Bernard", "Léa Fontaine", "Sarah Benali", "Emma Girard", "Zoé Mercier",
            "Anaïs Chevalier", "Louise Perrin", "Nina Robin", "Clara Gauthier", "Yasmine Haddad",
            "Margaux Blanc", "Julie Lambert", "Océane Faure", "Alice Renard", "Hugo Marchand",
            "Lucas Dupuis", "Maëlle Caron", "Rose Vidal", "Élise Morel", "Salomé Brun",
            "Agathe Colin", "Lina Bouvier", "Romane Picard", "Théo Arnaud", "Sofia Lemoine",
            "Victoire Aubert", "Mila Fabre"]
    n = 32
    jours = np.sort(rng.choice(np.arange(20, NB_JOURS - 45), size=n, replace=False))
    categories = rng.choice(CATEGORIES_INFLUENCE, size=n, p=[0.70, 0.26, 0.04])
    lignes = []
    for k in range(n):
        cat = categories[k]
        plateforme = rng.choice(PLATEFORMES_INFLUENCE, p=[0.55, 0.3, 0.15])
        if cat == "micro":
            abonnes = int(rng.integers(8_000, 95_000))
            cout = float(np.round(rng.uniform(200, 900), -1))
            engagement = rng.uniform(0.035, 0.08)
        elif cat == "macro":
            abonnes = int(rng.integers(120_000, 900_000))
            cout = float(np.round(rng.uniform(1_500, 4_500), -2))
            engagement = rng.uniform(0.015, 0.04)
        else:
            abonnes = int(rng.integers(1_500_000, 6_000_000))
            cout = float(np.round(rng.uniform(9_000, 16_000), -3))
            engagement = rng.uniform(0.006, 0.018)
        contenus = int(rng.integers(1, 7))
        portee = int(abonnes * rng.uniform(0.12, 0.35) * np.sqrt(contenus))
        interactions = int(rng.binomial(portee, engagement))
        # nouveaux clients attendus : rendement décroissant avec la taille de l'audience
        attendus = 1.1 * (portee / 1_000) ** 0.55
        nouveaux = max(1, int(rng.poisson(attendus)))
        lignes.append({"campagne_id": f"I{k + 1:03d}", "jour": int(jours[k]),
                       "influenceur": f"{noms[k]}", "plateforme": plateforme,
                       "categorie": cat, "abonnes": abonnes, "cout": cout,
                       "contenus": contenus, "portee": portee, "interactions": interactions,
                       "nouveaux": nouveaux})
    return pd.DataFrame(lignes)


# --------------------------------------------------------------------------- clients
def _clients(rng, influence):
    jours_mois = pd.date_range(DEBUT, FIN, freq="MS")
    lignes_canal, lignes_jour = [], []
    for m, debut_mois in enumerate(jours_mois):
        fin_mois = debut_mois + pd.offsets.MonthEnd(0)
        j0, j1 = (debut_mois - DEBUT).days, (fin_mois - DEBUT).days
        attendu = (103 + 1.9 * m) * _saisonnalite(np.array([debut_mois.month]))[0]
        for canal, part in PARTS_ACQUISITION.items():
            # au moins un nouveau client par canal et par mois : chaque mois de dépense a
            # des clients à qui l'imputer (le CAC calculé des deux façons concorde).
            n = max(1, int(rng.poisson(attendu * part)))
            lignes_canal += [canal] * n
            lignes_jour.append(rng.integers(j0, j1 + 1, size=n))
    for _, camp in influence.iterrows():
        # le premier client arrive le jour de la campagne, les autres dans les semaines qui suivent
        delais = np.concatenate([[0], np.floor(rng.exponential(7.0, size=camp.nouveaux - 1))])
        jours = np.minimum(camp.jour + delais.astype(int), NB_JOURS - 1)
        lignes_canal += ["influence"] * len(jours)
        lignes_jour.append(jours)
    jours = np.concatenate(lignes_jour)
    canaux = np.array(lignes_canal, dtype=object)
    ordre = np.lexsort((rng.random(len(jours)), jours))
    jours, canaux = jours[ordre], canaux[ordre]
    n = len(jours)
    clients = pd.DataFrame({
        "client_id": [f"C{i + 1:05d}" for i in range(n)],
        "jour": jours,
        "canal_acquisition": canaux,
        "region": rng.choice(list(PARTS_REGIONS), size=n,
                             p=np.array(list(PARTS_REGIONS.values())) / sum(PARTS_REGIONS.values())),
        "age_tranche": rng.choice(list(PARTS_TRANCHES_AGE), size=n,
                                  p=np.array(list(PARTS_TRANCHES_AGE.values()))),
    })
    # adhésion au programme : plus fréquente par les canaux « relationnels »
    p_membre = np.where(np.isin(canaux, ["e-mail", "référents", "direct"]), 0.42, 0.28)
    clients["membre_programme"] = rng.random(n) < p_membre
    return clients


# --------------------------------------------------------------------------- achats
def _achats(rng, clients):
    n = len(clients)
    membre = clients["membre_programme"].to_numpy()
    # 1) après le premier achat, une partie des clients ne revient jamais (client « d'essai ») ;
    #    les membres du programme de fidélité sont moins souvent dans ce cas.
    essai_seul = rng.random(n) < np.where(membre, 0.30, 0.52)
    # 2) les autres restent actifs une durée exponentielle (abandon à taux constant) ...
    duree_vie = rng.exponential(np.where(membre, 3.2, 2.0), size=n) * 365.25
    # 3) ... pendant laquelle ils achètent au hasard à leur propre rythme (loi gamma entre
    #    clients, processus de Poisson pour un client donné) : commandes par an.
    #    Plafond à 40 commandes par an (moins d'une par semaine).
    rythme = np.minimum(rng.gamma(shape=0.9, scale=23.0, size=n) * np.where(membre, 1.2, 1.0), 40.0)
    panier_client = rng.lognormal(np.log(34.0), 0.30, size=n)
    taux_marque_client = np.clip(rng.normal(0.52, 0.05, size=n), 0.35, 0.68)
    app = np.where(membre, 0.38, 0.18)
    canal_sources = list(SOURCES_REACHAT)
    p_sources = np.array(list(SOURCES_REACHAT.values()))
    p_sources = p_sources / p_sources.sum()

    jours_inscription = clients["jour"].to_numpy()
    delai = np.where(rng.random(n) < 0.7, 0, rng.geometric(0.35, size=n))
    premier = np.minimum(jours_inscription + delai, NB_JOURS - 1).astype(float)
    fenetre = np.where(essai_seul, 0.0, np.clip(np.minimum(duree_vie, NB_JOURS - premier - 1), 0, None))
    nb_reachats = rng.poisson(rythme * fenetre / 365.25)
    ids = [np.arange(n), np.repeat(np.arange(n), nb_reachats)]
    jours = [premier, np.repeat(premier, nb_reachats) +
             rng.uniform(0, 1, size=nb_reachats.sum()) * np.repeat(fenetre, nb_reachats)]
    idx = np.concatenate(ids)
    jour = np.floor(np.concatenate(jours)).astype(np.int64)
    ordre = np.lexsort((jour, idx))
    idx, jour = idx[ordre], jour[ordre]
    debut_client = np.searchsorted(idx, np.arange(n))
    rang = np.arange(len(idx)) - debut_client[idx] + 1
    m = len(idx)
    montant = rng.lognormal(np.log(panier_client[idx]) - 0.45 ** 2 / 2, 0.45, size=m)
    montant = np.round(np.clip(montant, 6.9, None), 2)
    taux = np.clip(taux_marque_client[idx] + rng.normal(0, 0.04, size=m), 0.2, 0.75)
    marge = np.round(montant / 1.2 * taux, 2)  # taux de marque : marge ÷ montant hors taxes (TVA 20 %)
    u = rng.random(m)
    canal = np.where(u < app[idx], "application",
                     np.where(u < app[idx] + 0.13, "marketplace", "site"))
    source = np.where(rang == 1, clients["canal_acquisition"].to_numpy()[idx],
                      rng.choice(canal_sources, size=m, p=p_sources))
    achats = pd.DataFrame({"client": idx, "jour": jour, "rang_commande": rang,
                           "montant_ttc": montant, "marge": marge, "canal": canal,
                           "source_trafic": source})
    achats = achats.sort_values(["jour", "client", "rang_commande"], kind="stable",
                                ignore_index=True)
    achats.insert(0, "commande_id", [f"A{k + 1:06d}" for k in range(m)])
    return achats


# --------------------------------------------------------------------------- e-mail
_OBJETS = {
    "newsletter": ["Les rituels de saison de Verveine & Co", "Nos conseils pour une peau apaisée",
                   "Dans les coulisses de notre atelier", "Trois gestes pour des cheveux doux",
                   "Les nouveautés du mois"],
    "promotion": ["-20 % sur les soins visage ce week-end", "Livraison offerte jusqu'à dimanche",
                  "Ventes privées : jusqu'à -30 %", "Un coffret offert dès 45 € d'achat",
                  "Black Friday : nos meilleures offres"],
    "relance panier": ["Votre panier vous attend", "Vous avez oublié quelque chose ?"],
    "bienvenue": ["Bienvenue chez Verveine & Co", "Votre code de bienvenue"],
    "réactivation": ["Vous nous manquez", "Un cadeau pour votre retour"],
}


def _campagnes_email(rng, achats):
    # calendrier : une newsletter tous les 14 jours, une promotion par mois (deux en
    # novembre-décembre), des envois automatiques regroupés par mois (relance, bienvenue,
    # réactivation) ; quelques mois de forte pression pour voir l'effet sur les désabonnements.
    envois = []
    for j in range(3, NB_JOURS, 14):
        envois.append((j, "newsletter"))
    for debut_mois in pd.date_range(DEBUT, FIN, freq="MS"):
        j = (debut_mois - DEBUT).days
        envois.append((j + int(rng.integers(8, 20)), "promotion"))
        if debut_mois.month in (11, 12):
            envois.append((j + int(rng.integers(20, 27)), "promotion"))
        if debut_mois.month % 3 == 0:
            envois.append((j + int(rng.integers(1, 27)), "relance panier"))
        if debut_mois.month in (1, 5, 9):
            envois.append((j + int(rng.integers(1, 27)), "bienvenue"))
        if debut_mois.month in (2, 6, 10):
            envois.append((j + int(rng.integers(1, 27)), "réactivation"))
    envois = sorted(set(envois))
    jours = np.array([e[0] for e in envois])
    types = [e[1] for e in envois]
    n = len(envois)
    # attribution : une commande venue de l'e-mail est rattachée à la dernière campagne
    # envoyée dans les 7 jours qui précèdent (fenêtre d'attribution du routeur).
    email = achats[achats["source_trafic"] == "e-mail"]
    pos = np.searchsorted(jours, email["jour"].to_numpy(), side="right") - 1
    valide = (pos >= 0) & (email["jour"].to_numpy() - jours[np.maximum(pos, 0)] < 7)
    conversions = np.bincount(pos[valide], minlength=n)
    ca = np.bincount(pos[valide], weights=email["montant_ttc"].to_numpy()[valide], minlength=n)

    lignes = []
    for k in range(n):
        j, typ = jours[k], types[k]
        base_k = 4_000 + 9_000 * j / NB_JOURS  # la base d'abonnés grandit
        if typ in ("newsletter", "promotion"):
            envoyes = int(base_k * rng.uniform(0.97, 1.0))
        elif typ == "réactivation":
            envoyes = int(base_k * rng.uniform(0.25, 0.35))
        else:
            envoyes = int(rng.integers(600, 1_800))
        envoyes = max(envoyes, conversions[k] * 20)
        rebonds = int(rng.binomial(envoyes, rng.uniform(0.008, 0.03)))
        delivres = envoyes - rebonds
        t_ouv = {"newsletter": 0.24, "promotion": 0.27, "relance panier": 0.40,
                 "bienvenue": 0.48, "réactivation": 0.16}[typ] * rng.uniform(0.85, 1.15)
        ouvertures = int(rng.binomial(delivres, t_ouv))
        ctor = rng.uniform(0.09, 0.16)
        clics = conversions[k] + int(rng.binomial(max(ouvertures - conversions[k], 0), ctor))
        pression = int(np.sum((jours > j - 30) & (jours <= j)))  # envois des 30 derniers jours
        t_des = (0.0008 + 0.0007 * max(pression - 2, 0)
                 + (0.001 if typ in ("promotion", "réactivation") else 0.0)) * rng.uniform(0.8, 1.2)
        desabonnements = int(rng.binomial(delivres, t_des))
        cout = round(envoyes * 0.0025 + {"newsletter": 180, "promotion": 220,
                                         "relance panier": 60, "bienvenue": 60,
                                         "réactivation": 120}[typ], 2)
        objets = _OBJETS[typ]
        lignes.append({"campagne_id": f"E{k + 1:03d}", "jour": j,
                       "objet": objets[int(rng.integers(len(objets)))], "type_campagne": typ,
                       "envoyes": envoyes, "delivres": delivres, "rebonds": rebonds,
                       "ouvertures": ouvertures, "clics": clics, "desabonnements": desabonnements,
                       "conversions": int(conversions[k]), "chiffre_affaires": round(ca[k], 2),
                       "cout": cout})
    return pd.DataFrame(lignes)


# --------------------------------------------------------------------------- trafic
def _trafic(rng, achats, clients, email, influence):
    index = pd.MultiIndex.from_product([np.arange(NB_JOURS), SOURCES_TRAFIC],
                                       names=["jour", "source"])
    cmd = achats.groupby(["jour", "source_trafic"]).agg(
        commandes=("commande_id", "size"), chiffre_affaires=("montant_ttc", "sum"))
    cmd.index.names = ["jour", "source"]
    nouveaux = clients.groupby(["jour", "canal_acquisition"]).size().rename("nouveaux_clients")
    nouveaux.index.names = ["jour", "source"]
    t = pd.DataFrame(index=index).join(cmd).join(nouveaux).fillna(0).reset_index()
    t["commandes"] = t["commandes"].astype(np.int64)
    t["nouveaux_clients"] = t["nouveaux_clients"].astype(np.int64)
    t = t.sort_values(["source", "jour"], kind="stable", ignore_index=True)
    lisse = (t.groupby("source")["commandes"]
             .transform(lambda s: s.rolling(28, min_periods=1, center=True).mean()))
    taux = t["source"].map(TAUX_CONVERSION).to_numpy()
    sans_achat = lisse.to_numpy() * (1 / taux - 1) + np.where(t["source"] == "influence", 2, 15)
    t["visites"] = t["commandes"] + rng.poisson(sans_achat)
    uniques = rng.binomial(t["visites"].to_numpy(), rng.uniform(0.78, 0.9, size=len(t)))
    t["visiteurs_uniques"] = np.maximum(uniques, t["commandes"])
    t["leads"] = t["nouveaux_clients"] + rng.binomial(t["visites"] - t["commandes"], 0.012)
    # dépenses (en centimes pour des totaux exacts)
    depense = np.zeros(len(t), dtype=np.int64)
    for source, cpv in COUT_PAR_VISITE.items():
        masque = (t["source"] == source).to_numpy()
        depense[masque] = np.round(t.loc[masque, "visites"].to_numpy() * cpv * 100)
    masque = (t["source"] == "référents").to_numpy()
    depense[masque] = np.round(t.loc[masque, "chiffre_affaires"].to_numpy() * COMMISSION_REFERENTS * 100)
    for jour, cout in email.groupby("jour")["cout"].sum().items():
        depense[((t["source"] == "e-mail") & (t["jour"] == jour)).to_numpy()] += round(cout * 100)
    for _, camp in influence.iterrows():
        depense[((t["source"] == "influence") & (t["jour"] == camp.jour)).to_numpy()] += round(camp.cout * 100)
    t["depense_centimes"] = depense
    return t.sort_values(["jour", "source"], kind="stable", ignore_index=True)


def _couts_acquisition(clients, trafic):
    """Coût d'acquisition de chaque client = dépense du canal ce mois / nouveaux clients du mois."""
    mois_trafic = (DEBUT + pd.to_timedelta(trafic["jour"], unit="D")).dt.to_period("M")
    depense = trafic.groupby([mois_trafic, trafic["source"]])["depense_centimes"].sum()
    mois_clients = (DEBUT + pd.to_timedelta(clients["jour"], unit="D")).dt.to_period("M")
    couts = np.zeros(len(clients), dtype=np.int64)
    for (mois, canal), positions in clients.groupby([mois_clients, clients["canal_acquisition"]]).indices.items():
        total = int(depense.get((mois, canal), 0))
        couts[positions] = _repartir_centimes(total, len(positions))
    manquants = set(depense[depense > 0].index) - set(
        clients.groupby([mois_clients, clients["canal_acquisition"]]).indices)
    if manquants:  # garde-fou : une dépense sans client à qui l'imputer
        raise RuntimeError(f"dépense sans nouveau client : {sorted(manquants)[:3]}")
    return couts / 100


# --------------------------------------------------------------------------- réseaux sociaux
def _reseaux_sociaux(rng):
    # (abonnés au début, à la fin, jour d'ouverture du compte, publications par semaine,
    #  taux de portée, coefficient d'engagement)
    params = {"Instagram": (9_000, 62_000, 0, 3.0, 0.14, 1.0),
              "Facebook": (12_000, 16_500, 0, 2.0, 0.06, 0.6),
              "TikTok": (0, 41_000, 430, 2.5, 0.45, 1.3),
              "LinkedIn": (900, 4_200, 0, 1.0, 0.10, 0.5),
              "X": (3_100, 3_400, 0, 1.0, 0.05, 0.4)}
    lignes = []
    for plateforme, (a0, a1, ouverture, par_semaine, portee_t, eng) in params.items():
        n = int(par_semaine * (NB_JOURS - ouverture) / 7)
        jours = np.sort(rng.integers(ouverture, NB_JOURS, size=n))
        x = (jours - ouverture) / (NB_JOURS - ouverture)
        croissance = (np.exp(2.2 * x) - 1) / (np.exp(2.2) - 1)
        abonnes = np.round(a0 + (a1 - a0) * croissance + rng.normal(0, 40, size=n)).astype(np.int64)
        abonnes = np.maximum(abonnes, 150)
        types = rng.choice(TYPES_PUBLICATION, size=n,
                           p=[0.05, 0.85, 0.05, 0.05] if plateforme == "TikTok" else
                           [0.35, 0.2, 0.3, 0.15] if plateforme != "LinkedIn" else
                           [0.3, 0.1, 0.2, 0.4])
        bonus = np.where(types == "vidéo", 1.5, np.where(types == "carrousel", 1.2, 1.0))
        portee = np.round(abonnes * portee_t * bonus * rng.lognormal(0, 0.45, size=n)).astype(np.int64)
        impressions = np.round(portee * rng.uniform(1.1, 1.7, size=n)).astype(np.int64)
        likes = rng.binomial(portee, np.clip(0.035 * eng * rng.lognormal(0, 0.3, size=n), 0, 0.5))
        commentaires = rng.binomial(portee, 0.0025 * eng)
        partages = rng.binomial(portee, 0.0018 * eng * bonus)
        clics = rng.binomial(portee, 0.006 * (1.5 if plateforme == "LinkedIn" else 1.0))
        for k in range(n):
            lignes.append((int(jours[k]), plateforme, types[k], int(abonnes[k]), int(portee[k]),
                           int(impressions[k]), int(likes[k]), int(commentaires[k]),
                           int(partages[k]), int(clics[k])))
    df = pd.DataFrame(lignes, columns=["jour", "plateforme", "type_publication", "abonnes",
                                       "portee", "impressions", "likes", "commentaires",
                                       "partages", "clics"])
    df = df.sort_values(["jour", "plateforme"], kind="stable", ignore_index=True)
    df.insert(0, "publication_id", [f"P{k + 1:05d}" for k in range(len(df))])
    return df


# --------------------------------------------------------------------------- assemblage
def _date(jours) -> pd.Series:
    return (DEBUT + pd.to_timedelta(pd.Series(jours), unit="D")).dt.strftime("%Y-%m-%d")


#: Taux normal de TVA en France (article 278 du Code général des impôts), celui des cosmétiques.
TAUX_TVA = 0.20


def _montants_hors_taxes(montant_ttc: pd.Series, marge: pd.Series) -> dict[str, pd.Series]:
    """Colonnes ``taux_tva``, ``montant_ht`` et ``cout_achat_ht`` d'une commande.

    Calculées sans tirage aléatoire, à partir des colonnes déjà tirées, pour que les autres
    colonnes restent identiques. En centimes entiers : montant HT = TTC ÷ 1,2 arrondi au
    centime le plus proche (demi-centime vers le haut) ; coût d'achat HT = montant HT − marge,
    si bien que montant_ht − cout_achat_ht redonne exactement la marge.
    """
    ttc = np.rint(montant_ttc.to_numpy() * 100).astype(np.int64)
    marge_c = np.rint(marge.to_numpy() * 100).astype(np.int64)
    # TTC ÷ (1 + 0,20) = TTC × 10 / 12 ; + 6 / 12 pour arrondir au plus proche.
    ht = (ttc * 10 + 6) // 12
    cout = ht - marge_c
    if (cout <= 0).any():
        raise AssertionError("une commande a une marge supérieure à son montant hors taxes")
    index = montant_ttc.index
    return {"taux_tva": pd.Series(TAUX_TVA, index=index),
            "montant_ht": pd.Series(ht / 100, index=index),
            "cout_achat_ht": pd.Series(cout / 100, index=index)}


def construire(graine: int = GRAINE) -> dict[str, pd.DataFrame]:
    """Construit les six jeux de données simulés (sans les écrire)."""
    rng = np.random.default_rng(graine)
    influence = _campagnes_influence(rng)
    clients = _clients(rng, influence)
    achats = _achats(rng, clients)
    email = _campagnes_email(rng, achats)
    trafic = _trafic(rng, achats, clients, email, influence)
    clients["cout_acquisition"] = _couts_acquisition(clients, trafic)
    reseaux = _reseaux_sociaux(rng)

    # campagnes d'influence : résultats mesurés sur 30 jours (ou jusqu'à la campagne suivante)
    infl_trafic = trafic[trafic["source"] == "influence"]
    infl_achats = achats[achats["source_trafic"] == "influence"]
    jours_camp = influence["jour"].to_numpy()
    fins = np.minimum(jours_camp + 30, np.append(jours_camp[1:], NB_JOURS))
    for col in ("visites", "ventes", "chiffre_affaires", "marge"):
        influence[col] = 0.0
    for k in range(len(influence)):
        dans = lambda j: (j >= jours_camp[k]) & (j < fins[k])  # noqa: E731
        influence.loc[k, "visites"] = infl_trafic.loc[dans(infl_trafic["jour"]), "visites"].sum()
        sel = infl_achats[dans(infl_achats["jour"])]
        influence.loc[k, "ventes"] = len(sel)
        influence.loc[k, "chiffre_affaires"] = round(sel["montant_ttc"].sum(), 2)
        influence.loc[k, "marge"] = round(sel["marge"].sum(), 2)

    ids = clients["client_id"].to_numpy()
    sorties = {
        "clients": pd.DataFrame({
            "client_id": clients["client_id"], "date_inscription": _date(clients["jour"]),
            "canal_acquisition": clients["canal_acquisition"],
            "cout_acquisition": clients["cout_acquisition"], "region": clients["region"],
            "age_tranche": clients["age_tranche"],
            "membre_programme": clients["membre_programme"]}),
        "achats": pd.DataFrame({
            "commande_id": achats["commande_id"], "client_id": ids[achats["client"]],
            "date_achat": _date(achats["jour"]), "montant_ttc": achats["montant_ttc"],
            **_montants_hors_taxes(achats["montant_ttc"], achats["marge"]),
            "marge": achats["marge"], "canal": achats["canal"],
            "source_trafic": achats["source_trafic"], "rang_commande": achats["rang_commande"]}),
        "campagnes_email": email.assign(date_envoi=_date(email["jour"]))[
            ["campagne_id", "date_envoi", "objet", "type_campagne", "envoyes", "delivres",
             "rebonds", "ouvertures", "clics", "desabonnements", "conversions",
             "chiffre_affaires", "cout"]],
        "reseaux_sociaux": reseaux.assign(date=_date(reseaux["jour"]))[
            ["publication_id", "date", "plateforme", "type_publication", "abonnes", "portee",
             "impressions", "likes", "commentaires", "partages", "clics"]],
        "trafic_web": trafic.assign(date=_date(trafic["jour"]),
                                    chiffre_affaires=trafic["chiffre_affaires"].round(2),
                                    depense=trafic["depense_centimes"] / 100)[
            ["date", "source", "visites", "visiteurs_uniques", "leads", "commandes",
             "nouveaux_clients", "chiffre_affaires", "depense"]],
        "campagnes_influence": influence.assign(
            date_debut=_date(influence["jour"]),
            visites=influence["visites"].astype(np.int64),
            ventes=influence["ventes"].astype(np.int64))[
            ["campagne_id", "date_debut", "influenceur", "plateforme", "categorie", "abonnes",
             "cout", "contenus", "portee", "interactions", "visites", "ventes",
             "chiffre_affaires", "marge"]],
    }
    return sorties


def ecrire_csv(tableau: pd.DataFrame, chemin: Path) -> None:
    """Écrit un CSV de façon reproductible (UTF-8, virgule, point décimal, fins de ligne \\n)."""
    tableau.to_csv(chemin, index=False, encoding="utf-8", lineterminator="\n",
                   float_format="%.2f", quoting=csv.QUOTE_MINIMAL)


def controler_chiffres_cles(chemin) -> pd.DataFrame:
    """Contrôle le relevé des chiffres clés (écrit à la main) et le renvoie, typé.

    Colonnes et types du schéma, aucune case vide (source et fichier source compris), leçon
    connue, identifiants uniques : sinon ``ValueError`` qui dit quoi corriger dans le fichier.
    """
    chemin = Path(chemin)
    fichier = f"« {chemin.name} »"
    conseil = f" Corrigez {chemin} : ce relevé s'écrit à la main, la génération ne le réécrit pas."
    if not chemin.is_file():
        raise FileNotFoundError(f"Le relevé des chiffres clés {fichier} est introuvable (chemin absolu "
                                f"essayé : {chemin.resolve()}).")
    try:
        tableau = lire_selon_schema(chemin, SCHEMAS["chiffres_cles"], fichier, conseil="")
    except ValueError as erreur:
        raise ValueError(f"{erreur}{conseil}") from None
    doublons = tableau["identifiant"][tableau["identifiant"].duplicated()]
    if len(doublons):
        ligne = int(doublons.index[0]) + 2  # l'en-tête est la ligne 1
        raise ValueError(f"Le fichier {fichier}, ligne {ligne} : l'identifiant « {doublons.iloc[0]} » "
                         f"est déjà utilisé ; chaque chiffre a un identifiant unique.{conseil}")
    return tableau


def _source_chiffres_cles() -> Path:
    """Le relevé des chiffres clés : celui de ``datasets/`` dans le dépôt, sinon celui du paquet."""
    dossier = copie_donnees.dossier_depot() or copie_donnees.dossier_copie()
    return dossier / FICHIER_CHIFFRES_CLES


def generer(dossier, graine: int = GRAINE, bavard: bool = False) -> dict[str, Path]:
    """Génère les jeux de données simulés dans ``dossier`` et renvoie les chemins écrits.

    ``chiffres_cles.csv`` n'est pas simulé : c'est le relevé des chiffres cités dans les
    sources du cours, écrit à la main dans ``datasets/``. Il est contrôlé
    (:func:`controler_chiffres_cles`), jamais réécrit ; si ``dossier`` est un autre dossier,
    il y est copié tel quel, pour que ce dossier contienne tous les jeux du cours.
    """
    dossier = Path(dossier)
    dossier.mkdir(parents=True, exist_ok=True)
    debut = time.perf_counter()
    tableaux = construire(graine)
    chemins = {}
    for nom, tableau in tableaux.items():
        chemin = dossier / f"{nom}.csv"
        ecrire_csv(tableau, chemin)
        chemins[nom] = chemin
        if bavard:
            print(f"{chemin} : {len(tableau)} lignes")
    source = _source_chiffres_cles()
    chiffres = controler_chiffres_cles(source)
    cible = dossier / FICHIER_CHIFFRES_CLES
    deja_la = cible.exists() and cible.resolve() == source.resolve()
    if not deja_la:
        shutil.copyfile(source, cible)
    chemins["chiffres_cles"] = cible
    if bavard:
        etat = "contrôlé, non réécrit" if deja_la else f"copié de {source}"
        print(f"{cible} : {len(chiffres)} lignes (relevé écrit à la main : {etat})")
        print(f"Génération terminée en {time.perf_counter() - debut:.1f} s.")
    return chemins


# =========================================================================== ligne de commande
def ajouter_arguments(parser: argparse.ArgumentParser) -> None:
    """Arguments de la génération (réutilisés par ``relation-client donnees``)."""
    parser.add_argument("--dossier", default=None, metavar="DOSSIER",
                        help="dossier où écrire les CSV (par défaut : $RELATION_CLIENT_DONNEES, sinon "
                             "datasets/ du dépôt puis sa copie dans le paquet)")
    parser.add_argument("--graine", type=int, default=GRAINE, metavar="GRAINE",
                        help=f"graine du générateur aléatoire (par défaut {GRAINE} : "
                             "celle des fichiers publiés ; une autre graine donne d'autres données)")


def executer(args) -> int:
    """Génère les CSV dans le dossier demandé ; dans ``datasets/`` du dépôt, met aussi la copie à jour."""
    depot = copie_donnees.dossier_depot()
    if args.dossier:
        dossier = Path(args.dossier)
    elif os.environ.get(copie_donnees.VARIABLE_DOSSIER) or depot is None:
        dossier = copie_donnees.dossier_donnees()
    else:  # dans le dépôt : datasets/, puis la copie livrée dans le paquet
        dossier = depot
    generer(dossier, graine=args.graine, bavard=True)
    if depot is not None and Path(dossier).resolve() == depot.resolve():
        changes = copie_donnees.copier()
        print(f"Copie livrée dans le paquet ({copie_donnees.dossier_copie()}) : "
              f"{len(changes)} fichier(s) mis à jour.")
    return 0


def main(argv: list[str] | None = None) -> int:
    """``python -m relation_client.generation generer [--dossier DOSSIER] [--graine GRAINE]``."""
    parser = AnalyseurFrancais(prog="python -m relation_client.generation",
                               description="Jeux de données du cours « Relation client par les données ».")
    traduire_aide(parser)
    sous = parser.add_subparsers(dest="commande", title="commandes", metavar="COMMANDE",
                                 parser_class=AnalyseurFrancais)
    aide = ("régénère les fichiers CSV du cours (marque fictive Verveine & Co) ; avec la graine "
            "par défaut, les fichiers obtenus sont identiques à l'octet près à ceux publiés")
    commande_generer = sous.add_parser("generer", help=aide, description=aide)
    traduire_aide(commande_generer)
    ajouter_arguments(commande_generer)
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    if args.commande is None:
        parser.print_help()
        return 0
    return executer(args)


if __name__ == "__main__":
    sys.exit(main())
