"""Regroupements des achats et des clients : chiffre d'affaires, marge et commandes par client, rétention, canaux."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..controles import decrire, exiger_colonnes, exiger_nombre, exiger_taux
from ..segmentation import retention_annuelle
from .outils import clients_annee, exiger_annee, exiger_dates, somme_par_client


def chiffre_affaires_par_client(achats, hors_taxes=False):
    """Chiffre d'affaires de chaque client : somme de ses commandes, une ligne par client.

    Par défaut, c'est la somme de la colonne ``montant_ttc`` (ce que le client a payé, TVA
    comprise) ; avec ``hors_taxes=True``, la somme de ``montant_ht`` (ce qui reste à
    l'entreprise une fois la TVA reversée : la base pour calculer un taux de marque). Le
    résultat est indexé par ``client_id`` (clients dans l'ordre de leur identifiant), en euros
    arrondis au centime ; seuls les clients qui ont au moins une commande y figurent.

    >>> achats = pd.DataFrame({"client_id": ["C2", "C1", "C2"],
    ...                        "montant_ttc": [12.0, 30.0, 18.0], "montant_ht": [10.0, 25.0, 15.0]})
    >>> chiffre_affaires_par_client(achats).to_dict()
    {'C1': 30.0, 'C2': 30.0}
    >>> chiffre_affaires_par_client(achats, hors_taxes=True).to_dict()
    {'C1': 25.0, 'C2': 25.0}
    """
    if not isinstance(hors_taxes, (bool, np.bool_)):
        raise TypeError(f"hors_taxes vaut {hors_taxes!r}, or il doit valoir True (montants hors "
                        "taxes) ou False (montants TTC, par défaut).")
    if hors_taxes:
        return somme_par_client(achats, "montant_ht", "chiffre_affaires_ht")
    return somme_par_client(achats, "montant_ttc", "chiffre_affaires_ttc")


def marge_par_client(achats):
    """Marge commerciale (hors taxes) réalisée avec chaque client : somme de la colonne ``marge``.

    Une ligne par client (index ``client_id``), en euros arrondis au centime. La marge d'une
    commande est son montant hors taxes moins le coût d'achat des produits vendus.

    >>> achats = pd.DataFrame({"client_id": ["C2", "C1", "C2"], "marge": [5.0, 12.5, 7.5]})
    >>> marge_par_client(achats).to_dict()
    {'C1': 12.5, 'C2': 12.5}
    """
    return somme_par_client(achats, "marge", "marge")


def commandes_par_client(achats):
    """Nombre de commandes de chaque client (une ligne du tableau ``achats`` = une commande).

    Une ligne par client (index ``client_id``), des nombres entiers. Un client absent du
    tableau n'a passé aucune commande sur la période.

    >>> achats = pd.DataFrame({"client_id": ["C2", "C1", "C2"]})
    >>> commandes_par_client(achats).to_dict()
    {'C1': 1, 'C2': 2}
    """
    exiger_colonnes("achats", achats, ["client_id"])
    compte = achats.groupby("client_id", sort=True).size().astype("int64")
    compte.index.name = "client_id"
    return compte.rename("commandes")


def panier_moyen_par_client(achats, hors_taxes=False):
    """Panier moyen de chaque client : son chiffre d'affaires ÷ son nombre de commandes.

    TTC par défaut, hors taxes avec ``hors_taxes=True`` (comme
    :func:`chiffre_affaires_par_client`). Une ligne par client, en euros arrondis au centime.

    >>> achats = pd.DataFrame({"client_id": ["C2", "C1", "C2"], "montant_ttc": [12.0, 30.0, 18.0]})
    >>> panier_moyen_par_client(achats).to_dict()
    {'C1': 30.0, 'C2': 15.0}
    """
    ca = chiffre_affaires_par_client(achats, hors_taxes=hors_taxes)
    commandes = commandes_par_client(achats)
    nom = "panier_moyen_ht" if hors_taxes else "panier_moyen_ttc"
    return (ca / commandes).round(2).rename(nom)


def resume_par_client(achats):
    """Une ligne par client : commandes, chiffre d'affaires, marge, premier et dernier achat.

    Colonnes : ``commandes``, ``chiffre_affaires_ttc``, ``chiffre_affaires_ht`` (si le
    tableau a la colonne ``montant_ht``), ``marge`` (si le tableau a la colonne ``marge``),
    ``premier_achat`` et ``dernier_achat`` (si le tableau a la colonne ``date_achat``).
    Index ``client_id``. C'est la base d'une analyse RFM ou d'un calcul de valeur client.

    >>> achats = pd.DataFrame({"client_id": ["C2", "C1", "C2"],
    ...                        "date_achat": pd.to_datetime(["2024-01-05", "2024-02-01", "2024-03-10"]),
    ...                        "montant_ttc": [12.0, 30.0, 18.0], "marge": [5.0, 12.5, 7.5]})
    >>> r = resume_par_client(achats)
    >>> list(r.columns)
    ['commandes', 'chiffre_affaires_ttc', 'marge', 'premier_achat', 'dernier_achat']
    >>> r.to_dict("index")["C2"]["commandes"], r.to_dict("index")["C2"]["chiffre_affaires_ttc"]
    (2, 30.0)
    >>> r["dernier_achat"].dt.strftime("%d/%m/%Y").to_dict()
    {'C1': '01/02/2024', 'C2': '10/03/2024'}
    """
    exiger_colonnes("achats", achats, ["client_id", "montant_ttc"])
    colonnes = {"commandes": commandes_par_client(achats),
                "chiffre_affaires_ttc": chiffre_affaires_par_client(achats)}
    if "montant_ht" in achats.columns:
        colonnes["chiffre_affaires_ht"] = chiffre_affaires_par_client(achats, hors_taxes=True)
    if "marge" in achats.columns:
        colonnes["marge"] = marge_par_client(achats)
    if "date_achat" in achats.columns:
        dates = exiger_dates("achats", achats, "date_achat")
        par_client = dates.groupby(achats["client_id"], sort=True)
        colonnes["premier_achat"] = par_client.min()
        colonnes["dernier_achat"] = par_client.max()
    resume = pd.DataFrame(colonnes)
    resume.index.name = "client_id"
    return resume


def nombre_clients(achats, annee=None):
    """Nombre de clients différents d'un tableau (colonne ``client_id``), sur tout le tableau ou
    seulement parmi les commandes de l'année ``annee``.

    Un client qui a passé trois commandes occupe trois lignes du fichier des achats, mais
    il ne compte qu'une fois ici : c'est la différence entre compter des commandes (des
    lignes) et compter des clients. Avec ``annee``, le tableau doit avoir la colonne
    ``date_achat``.

    >>> achats = pd.DataFrame({"client_id": ["C1", "C2", "C1", "C3"],
    ...                        "date_achat": pd.to_datetime(["2024-01-05", "2024-03-01",
    ...                                                      "2024-06-01", "2025-02-01"])})
    >>> nombre_clients(achats), len(achats), nombre_clients(achats, 2024)
    (3, 4, 2)
    """
    exiger_colonnes("achats", achats, ["client_id"])
    if annee is None:
        return int(achats["client_id"].nunique())
    return len(clients_annee(achats, annee))


def premieres_commandes(achats):
    """Les premières commandes des clients : les lignes où ``rang_commande`` vaut 1.

    Chaque client a une seule première commande : ces lignes sont celles des clients
    conquis pendant la période du tableau (un client déjà acquis avant n'y figure pas).

    >>> achats = pd.DataFrame({"client_id": ["C1", "C2", "C1"], "rang_commande": [1, 1, 2]})
    >>> premieres_commandes(achats)["client_id"].tolist()
    ['C1', 'C2']
    """
    exiger_colonnes("achats", achats, ["client_id", "rang_commande"])
    rangs = exiger_nombre("la colonne rang_commande", achats["rang_commande"])
    return achats[np.asarray(rangs == 1)].copy()


def nombre_clients_deuxieme_achat(achats):
    """Nombre de clients qui ont passé au moins deux commandes dans ``achats`` : ceux qui sont
    revenus après leur premier achat.

    >>> nombre_clients_deuxieme_achat(pd.DataFrame({"client_id": ["A", "A", "B", "C", "C", "C"]}))
    2
    """
    achats = exiger_colonnes("achats", achats, ["client_id"])
    return int((achats["client_id"].value_counts() >= 2).sum())


def nombre_clients_revenus(achats, annee, annee_suivante=None):
    """Nombre de clients de l'année ``annee`` qui ont encore commandé l'année suivante.

    ``annee_suivante`` vaut ``annee + 1`` par défaut. Les autres clients de ``annee`` sont
    perdus : clients perdus = ``nombre_clients(achats, annee)`` − ce nombre.

    >>> achats = pd.DataFrame({"client_id": ["C1", "C2", "C1", "C3"],
    ...                        "date_achat": pd.to_datetime(["2024-01-05", "2024-03-01",
    ...                                                      "2025-06-01", "2025-02-01"])})
    >>> nombre_clients_revenus(achats, 2024)
    1
    """
    annee = exiger_annee("annee", annee)
    suivante = annee + 1 if annee_suivante is None else exiger_annee("annee_suivante", annee_suivante)
    if suivante <= annee:
        raise ValueError(f"annee_suivante vaut {suivante}, or elle doit venir après annee ({annee}).")
    return len(clients_annee(achats, annee) & clients_annee(achats, suivante))


def nombre_clients_segment(rfm, segment):
    """Nombre de clients d'un segment RFM (résultat de ``scores_rfm``).

    >>> rfm = pd.DataFrame({"segment": ["Champions", "À risque", "Champions"]})
    >>> nombre_clients_segment(rfm, "Champions")
    2
    """
    exiger_colonnes("rfm", rfm, ["segment"])
    segments = [str(s) for s in pd.unique(rfm["segment"].astype(str))]
    if not isinstance(segment, str) or segment not in segments:
        raise ValueError(f"segment vaut {decrire(segment)}, or ce n'est pas un segment du tableau. "
                         f"Segments présents : {', '.join(sorted(segments))}.")
    return int((rfm["segment"].astype(str) == segment).sum())


def panier_moyen_ht(achats):
    """Panier moyen hors taxes : moyenne de la colonne ``montant_ht`` (une commande = un panier).

    >>> panier_moyen_ht(pd.DataFrame({"montant_ht": [30.0, 50.0]}))
    40.0
    """
    achats = exiger_colonnes("achats", achats, ["montant_ht"])
    return float(achats["montant_ht"].mean())


def commandes_moyennes_par_client(achats):
    """Nombre moyen de commandes d'un client présent dans ``achats`` (sur une année : les achats
    par an d'un client actif).

    >>> commandes_moyennes_par_client(pd.DataFrame({"client_id": ["A", "A", "A", "B"]}))
    2.0
    """
    achats = exiger_colonnes("achats", achats, ["client_id"])
    return float(len(achats) / achats["client_id"].nunique())


def marge_annuelle_moyenne(achats):
    """Marge moyenne (euros HT) rapportée par un client présent dans ``achats`` : la marge totale
    divisée par le nombre de clients différents (sur une année : la marge annuelle d'un client actif).

    >>> marge_annuelle_moyenne(pd.DataFrame({"client_id": ["A", "A", "B"], "marge": [10.0, 20.0, 30.0]}))
    30.0
    """
    achats = exiger_colonnes("achats", achats, ["client_id", "marge"])
    return float(achats["marge"].sum() / achats["client_id"].nunique())


def marge_moyenne_premier_achat(achats):
    """Marge moyenne (en euros HT) d'une première commande : la moyenne de la colonne ``marge``
    sur les commandes de rang 1 (le premier achat de chaque client).

    >>> achats = pd.DataFrame({"client_id": ["A", "A", "B"], "rang_commande": [1, 2, 1],
    ...                        "marge": [10.0, 50.0, 20.0]})
    >>> marge_moyenne_premier_achat(achats)
    15.0
    """
    achats = exiger_colonnes("achats", achats, ["rang_commande", "marge"])
    premiers = achats.loc[achats["rang_commande"] == 1, "marge"]
    if premiers.empty:
        raise ValueError("achats ne contient aucune commande de rang 1 (premier achat d'un client) : "
                         "impossible de calculer la marge d'un premier achat.")
    return float(premiers.mean())


def cout_acquisition_moyen(clients):
    """Coût d'acquisition moyen d'un client, d'après la colonne ``cout_acquisition`` du fichier
    ``clients`` (ce que la conquête de chaque client a coûté, en euros).

    >>> clients = pd.DataFrame({"client_id": ["A", "B"], "cout_acquisition": [10.0, 30.0]})
    >>> cout_acquisition_moyen(clients)
    20.0
    """
    clients = exiger_colonnes("clients", clients, ["cout_acquisition"])
    return float(clients["cout_acquisition"].mean())


GROUPES_PROGRAMME = ("membres", "autres clients")


def bilan_programme_fidelite(achats, clients):
    """Membres du programme de fidélité et autres clients : effectifs, commandes, chiffre d'affaires.

    Une ligne par groupe (index ``groupe`` : « membres », puis « autres clients »), d'après la
    colonne ``membre_programme`` du fichier ``clients``. Colonnes :

    - ``clients`` : nombre de clients du groupe (tous ceux du fichier ``clients``, même
      sans commande) ;
    - ``clients_revenus`` : clients qui ont passé **au moins deux** commandes (ils sont
      revenus acheter) ;
    - ``commandes`` : nombre de commandes du groupe ;
    - ``chiffre_affaires`` : somme des montants TTC de ces commandes, arrondie au centime.

    Ce sont des totaux, pas des taux : les indicateurs (taux de réachat, chiffre d'affaires
    par client, panier moyen) se calculent ensuite sur ces colonnes.

    >>> achats = pd.DataFrame({"client_id": ["C1", "C1", "C2", "C3"],
    ...                        "montant_ttc": [10.0, 20.0, 5.0, 40.0]})
    >>> clients = pd.DataFrame({"client_id": ["C1", "C2", "C3", "C4"],
    ...                         "membre_programme": [True, False, False, True]})
    >>> bilan_programme_fidelite(achats, clients).to_dict("index")["membres"]
    {'clients': 2, 'clients_revenus': 1, 'commandes': 2, 'chiffre_affaires': 30.0}
    """
    exiger_colonnes("achats", achats, ["client_id", "montant_ttc"])
    exiger_colonnes("clients", clients, ["client_id", "membre_programme"])
    membre = clients["membre_programme"]
    if not pd.api.types.is_bool_dtype(membre):
        raise TypeError("la colonne membre_programme de clients doit contenir Vrai/Faux (True/False) : "
                        "chargez le tableau avec charger(\"clients\").")
    if clients["client_id"].duplicated().any():
        raise ValueError("le tableau clients a plusieurs lignes pour un même client_id : une ligne "
                         "par client est attendue.")
    inconnus = set(achats["client_id"]) - set(clients["client_id"])
    if inconnus:
        exemple = sorted(map(str, inconnus))[0]
        raise ValueError(f"{len(inconnus)} client(s) des achats n'existent pas dans clients (par "
                         f"exemple {exemple}) : utilisez les deux fichiers du cours.")
    montants = exiger_nombre("la colonne montant_ttc", achats["montant_ttc"])
    commandes = achats.groupby("client_id").size()
    chiffre = montants.groupby(achats["client_id"]).sum()
    fiches = pd.DataFrame({
        "groupe": np.where(membre.to_numpy(), GROUPES_PROGRAMME[0], GROUPES_PROGRAMME[1]),
        "commandes": clients["client_id"].map(commandes).fillna(0).astype("int64").to_numpy(),
        "chiffre_affaires": clients["client_id"].map(chiffre).fillna(0.0).to_numpy(),
    })
    fiches["revenu"] = fiches["commandes"] >= 2
    bilan = fiches.groupby("groupe").agg(clients=("groupe", "size"),
                                         clients_revenus=("revenu", "sum"),
                                         commandes=("commandes", "sum"),
                                         chiffre_affaires=("chiffre_affaires", "sum"))
    bilan = bilan.reindex(list(GROUPES_PROGRAMME), fill_value=0)
    bilan = bilan.astype({"clients": "int64", "clients_revenus": "int64", "commandes": "int64",
                          "chiffre_affaires": "float64"})
    bilan["chiffre_affaires"] = bilan["chiffre_affaires"].round(2)
    bilan.index.name = "groupe"
    return bilan


def panier_moyen_adherents(clients, achats, annee):
    """Panier moyen TTC des adhérents du programme de fidélité pendant une année civile.

    Adhérents : clients ``membre_programme`` inscrits avant le 1er janvier de ``annee`` ;
    panier moyen = montant TTC moyen de leurs commandes de l'année.

    >>> clients = pd.DataFrame({"client_id": ["A", "B"], "membre_programme": [True, False],
    ...     "date_inscription": pd.to_datetime(["2023-03-01", "2023-05-01"])})
    >>> achats = pd.DataFrame({"client_id": ["A", "A", "B"], "montant_ttc": [20.0, 40.0, 90.0],
    ...     "date_achat": pd.to_datetime(["2025-02-01", "2025-06-01", "2025-03-01"])})
    >>> panier_moyen_adherents(clients, achats, 2025)
    30.0
    """
    annee = exiger_annee("annee", annee)
    exiger_colonnes("clients", clients, ["client_id", "membre_programme", "date_inscription"])
    exiger_colonnes("achats", achats, ["client_id", "montant_ttc"])
    inscription = exiger_dates("clients", clients, "date_inscription")
    dates = exiger_dates("achats", achats, "date_achat")
    adherents = clients.loc[clients["membre_programme"].astype(bool)
                            & (inscription < pd.Timestamp(annee, 1, 1)), "client_id"]
    montants = achats.loc[(dates.dt.year == annee) & achats["client_id"].isin(adherents), "montant_ttc"]
    if montants.empty:
        raise ValueError(f"aucune commande d'adhérent en {annee} : impossible de calculer un "
                         "panier moyen.")
    return round(float(montants.mean()), 2)


def clients_gardes(achats):
    """Nombre de clients gardés d'une année sur l'autre, toutes les paires d'années additionnées
    (colonne ``conserves`` de :func:`relation_client.segmentation.retention_annuelle`) : un client
    qui achète en 2023, 2024 et 2025 compte deux fois, une fois par année où il a été gardé.

    >>> achats = pd.DataFrame({"client_id": ["A", "A", "A", "B"],
    ...                        "date_achat": ["2023-01-05", "2024-02-01", "2025-03-01", "2024-05-01"]})
    >>> clients_gardes(achats)
    2
    """
    exiger_colonnes("achats", achats, ["client_id", "date_achat"])
    return int(retention_annuelle(achats)["conserves"].sum())


def bilan_retention(achats, annee):
    """Rétention d'une année civile à la suivante : la ligne « annee → annee + 1 » de
    :func:`relation_client.segmentation.retention_annuelle`.

    Renvoie une ``Series`` : ``clients`` (acheteurs de l'année), ``conserves`` (encore acheteurs
    l'année suivante), ``perdus``, ``taux_retention`` et ``taux_attrition``.

    >>> achats = pd.DataFrame({"client_id": ["A", "B", "A"],
    ...                        "date_achat": ["2024-01-05", "2024-06-01", "2025-02-01"]})
    >>> bilan = bilan_retention(achats, 2024)
    >>> int(bilan["clients"]), int(bilan["conserves"]), float(bilan["taux_retention"])
    (2, 1, 0.5)
    """
    annee = exiger_annee("annee", annee)
    exiger_colonnes("achats", achats, ["client_id", "date_achat"])
    table = retention_annuelle(achats)
    cle = f"{annee} → {annee + 1}"
    if cle not in table.index:
        raise ValueError(f"achats ne permet pas de mesurer la rétention de {annee} à {annee + 1} : "
                         f"périodes disponibles : {', '.join(table.index)}.")
    return table.loc[cle].rename(cle)


def meilleurs_clients_conserves(achats, annee, part_clients=0.20):
    """Les meilleurs clients d'une année, et combien d'entre eux achètent encore l'année suivante.

    Meilleurs clients : la part ``part_clients`` des clients de ``annee`` qui y ont le plus
    dépensé (montant TTC ; à montant égal, ordre des identifiants). Renvoie deux nombres :
    ``clients`` (combien de meilleurs clients) et ``conserves`` (ceux qui achètent aussi en
    ``annee + 1``). Leur taux de rétention, ``taux_retention(conserves, clients)``, sert de
    repère : une rétention promise pour tous les clients au-dessus de celle des meilleurs
    mérite d'être interrogée.

    >>> achats = pd.DataFrame({"client_id": ["A", "B", "C", "D", "E", "A"],
    ...     "montant_ttc": [90.0, 10.0, 20.0, 30.0, 40.0, 15.0],
    ...     "date_achat": pd.to_datetime(["2024-01-05"] * 5 + ["2025-02-01"])})
    >>> meilleurs_clients_conserves(achats, 2024, 0.4).to_dict()
    {'clients': 2, 'conserves': 1}
    """

    annee = exiger_annee("annee", annee)
    part = exiger_taux("part_clients", part_clients)
    if part == 0:
        raise ValueError("part_clients vaut 0 : choisissez une part de clients supérieure à 0, "
                         "par exemple 0.2 pour les 20 % meilleurs.")
    exiger_colonnes("achats", achats, ["client_id", "montant_ttc"])
    dates = exiger_dates("achats", achats, "date_achat")
    de_l_annee = achats[dates.dt.year == annee]
    if de_l_annee.empty:
        raise ValueError(f"aucun achat en {annee} : impossible de repérer les meilleurs clients.")
    suivants = set(achats.loc[dates.dt.year == annee + 1, "client_id"])
    if not suivants:
        raise ValueError(f"aucun achat en {annee + 1} : l'année suivante n'est pas encore observée.")
    depenses = chiffre_affaires_par_client(de_l_annee)
    ordre = depenses.reset_index().sort_values(["chiffre_affaires_ttc", "client_id"],
                                               ascending=[False, True], kind="stable")
    nombre = max(1, int(np.ceil(part * len(ordre) - 1e-9)))
    meilleurs = ordre["client_id"].iloc[:nombre]
    return pd.Series({"clients": int(nombre), "conserves": int(meilleurs.isin(suivants).sum())})


def marge_par_canal_acquisition(clients, achats):
    """Marge de tous les achats des clients, selon le canal par lequel ils sont arrivés.

    Chaque achat est rattaché au canal d'acquisition du client (fichier ``clients``), même
    s'il passe ensuite par un autre chemin (e-mail, accès direct…) : c'est ce que rapporte,
    sur toute la période, la conquête faite par chaque canal. Un canal dont les clients
    n'ont rien acheté vaut 0 €.

    >>> clients = pd.DataFrame({"client_id": ["A", "B", "C"],
    ...                         "canal_acquisition": ["influence", "e-mail", "influence"]})
    >>> achats = pd.DataFrame({"client_id": ["A", "A", "C", "B"], "marge": [5.0, 7.0, 3.0, 2.0]})
    >>> marge_par_canal_acquisition(clients, achats).to_dict()
    {'e-mail': 2.0, 'influence': 15.0}
    """
    exiger_colonnes("clients", clients, ["client_id", "canal_acquisition"])
    marges = marge_par_client(achats)
    canal = clients.set_index("client_id")["canal_acquisition"]
    inconnus = marges.index.difference(canal.index)
    if len(inconnus):
        raise ValueError(f"achats cite des clients absents du tableau clients "
                         f"(par exemple {inconnus[0]}) : vérifiez les deux fichiers.")
    marge_clients = marges.reindex(canal.index, fill_value=0.0)
    resultat = marge_clients.groupby(canal, sort=True, observed=True).sum().round(2)
    return resultat.rename("marge")


def marge_premiere_annee_par_canal(clients, achats, annee_limite):
    """Marge moyenne de la première année d'un client, selon son canal d'acquisition.

    Première année : les 12 mois qui suivent la date d'inscription. Seuls les clients
    inscrits avant le 1er janvier de ``annee_limite`` sont gardés, pour que chacun ait eu
    douze mois complets ; un client sans achat dans ses 12 premiers mois compte pour 0 €.

    >>> clients = pd.DataFrame({"client_id": ["A", "B"], "canal_acquisition": ["display", "display"],
    ...     "date_inscription": pd.to_datetime(["2024-01-01", "2024-06-01"])})
    >>> achats = pd.DataFrame({"client_id": ["A", "A"], "marge": [10.0, 30.0],
    ...     "date_achat": pd.to_datetime(["2024-02-01", "2025-03-01"])})
    >>> marge_premiere_annee_par_canal(clients, achats, 2025).to_dict()
    {'display': 5.0}
    """
    annee_limite = exiger_annee("annee_limite", annee_limite)
    exiger_colonnes("clients", clients, ["client_id", "canal_acquisition"])
    exiger_colonnes("achats", achats, ["client_id", "marge"])
    inscription = exiger_dates("clients", clients, "date_inscription")
    dates = exiger_dates("achats", achats, "date_achat")
    arrives = clients[inscription < pd.Timestamp(annee_limite, 1, 1)]
    if arrives.empty:
        raise ValueError(f"aucun client inscrit avant {annee_limite} : choisissez une année plus tardive.")
    debut = achats["client_id"].map(arrives.set_index("client_id")["date_inscription"])
    dans_l_annee = debut.notna() & (dates < debut + pd.DateOffset(years=1))
    marges = achats.loc[dans_l_annee].groupby("client_id")["marge"].sum()
    marges = marges.reindex(arrives["client_id"], fill_value=0.0)
    canal = arrives.set_index("client_id")["canal_acquisition"]
    resultat = marges.groupby(canal, sort=True, observed=True).mean().round(2)
    return resultat.rename("marge_premiere_annee")


def retention_par_canal(clients, achats, annee):
    """Clients actifs une année et clients qui achètent encore l'année suivante, par canal.

    Une ligne par canal d'acquisition : ``clients`` (clients qui ont acheté pendant
    ``annee``) et ``conserves`` (ceux d'entre eux qui achètent aussi pendant ``annee + 1``).
    Le taux de rétention de chaque canal est ensuite ``taux_retention(conserves, clients)``.

    >>> clients = pd.DataFrame({"client_id": ["A", "B"], "canal_acquisition": ["e-mail", "e-mail"]})
    >>> achats = pd.DataFrame({"client_id": ["A", "B", "A"],
    ...     "date_achat": pd.to_datetime(["2024-02-01", "2024-03-01", "2025-01-10"])})
    >>> retention_par_canal(clients, achats, 2024).to_dict("index")
    {'e-mail': {'clients': 2, 'conserves': 1}}
    """
    annee = exiger_annee("annee", annee)
    exiger_colonnes("clients", clients, ["client_id", "canal_acquisition"])
    exiger_colonnes("achats", achats, ["client_id"])
    dates = exiger_dates("achats", achats, "date_achat")
    actifs = set(achats.loc[dates.dt.year == annee, "client_id"])
    suivants = set(achats.loc[dates.dt.year == annee + 1, "client_id"])
    if not actifs:
        raise ValueError(f"aucun achat en {annee} : impossible de mesurer une rétention.")
    if not suivants:
        raise ValueError(f"aucun achat en {annee + 1} : l'année suivante n'est pas encore observée.")
    de_l_annee = clients[clients["client_id"].isin(actifs)]
    table = pd.DataFrame({"clients": 1, "conserves": de_l_annee["client_id"].isin(suivants).astype("int64")})
    resultat = table.groupby(de_l_annee["canal_acquisition"], sort=True, observed=True).sum()
    resultat.index.name = "canal_acquisition"
    return resultat


def mesures_par_canal(clients, achats, annee=2025):
    """Ce que rapporte un nouveau client, canal d'acquisition par canal (pour estimer sa CLV).

    Une ligne par canal (index ``canal_acquisition``) :

    - ``ca_premiere_annee`` et ``marge_premiere_annee`` : chiffre d'affaires TTC et marge
      moyens d'un client pendant ses douze premiers mois, sur les clients inscrits avant
      ``annee`` (un client qui n'a rien acheté compte pour 0 €) ;
    - ``retention`` : part des clients qui ont commandé l'année ``annee - 1`` et encore
      l'année ``annee``.

    >>> clients = pd.DataFrame({"client_id": ["C1", "C2"], "canal_acquisition": ["e-mail", "e-mail"],
    ...                         "date_inscription": pd.to_datetime(["2024-01-01", "2024-06-01"])})
    >>> achats = pd.DataFrame({"client_id": ["C1", "C1", "C2"], "montant_ttc": [30.0, 20.0, 10.0],
    ...                        "marge": [12.0, 8.0, 4.0],
    ...                        "date_achat": pd.to_datetime(["2024-02-01", "2025-03-01", "2024-07-01"])})
    >>> mesures_par_canal(clients, achats).loc["e-mail"].to_dict()
    {'ca_premiere_annee': 20.0, 'marge_premiere_annee': 8.0, 'retention': 0.5}
    """
    annee = exiger_annee("annee", annee)
    exiger_colonnes("clients", clients, ["client_id", "canal_acquisition", "date_inscription"])
    exiger_colonnes("achats", achats, ["client_id", "date_achat", "montant_ttc", "marge"])
    arrives = clients[clients["date_inscription"].dt.year < annee]
    if len(arrives) == 0:
        raise ValueError(f"aucun client ne s'est inscrit avant {annee} : impossible de mesurer une "
                         "première année complète.")
    detail = achats.merge(arrives[["client_id", "date_inscription"]], on="client_id")
    detail = detail[detail["date_achat"] < detail["date_inscription"] + pd.DateOffset(years=1)]
    premiere_annee = detail.groupby("client_id")[["montant_ttc", "marge"]].sum().reindex(
        arrives["client_id"], fill_value=0)
    canal = arrives.set_index("client_id")["canal_acquisition"]
    par_canal = premiere_annee.groupby(canal, observed=True).mean()
    actifs = clients[clients["client_id"].isin(clients_annee(achats, annee - 1))]
    gardes = actifs["client_id"].isin(clients_annee(achats, annee))
    comptes = gardes.groupby(actifs["canal_acquisition"], observed=True).agg(["sum", "size"])
    mesures = pd.DataFrame({"ca_premiere_annee": par_canal["montant_ttc"],
                            "marge_premiere_annee": par_canal["marge"],
                            "retention": comptes["sum"] / comptes["size"]})
    mesures.index.name = "canal_acquisition"
    return mesures
