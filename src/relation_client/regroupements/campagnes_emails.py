"""Regroupements des campagnes d'e-mails : désabonnements selon la pression, dépense de fidélisation."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..controles import decrire, exiger_colonnes, exiger_entier, exiger_nombre
from .outils import exiger_annee, exiger_dates


def desabonnements_mois_charges(emails, seuil=5):
    """Désabonnements des mois calmes et des mois chargés en campagnes d'e-mailing.

    Chaque mois est rangé selon le nombre de campagnes envoyées : moins de ``seuil``
    (« 4 campagnes ou moins » pour ``seuil=5``) ou au moins ``seuil`` (« 5 campagnes ou
    plus »). Pour chaque groupe : ``mois`` (nombre de mois), ``campagnes``, ``delivres`` et
    ``desabonnements`` (totaux). Le taux de désabonnement se calcule ensuite sur ces totaux
    (:func:`~relation_client.indicateurs.taux_desabonnement`). Les mois sans aucune campagne
    n'apparaissent pas.

    >>> emails = pd.DataFrame({
    ...     "date_envoi": pd.to_datetime(["2025-01-05", "2025-01-20", "2025-02-03"]),
    ...     "delivres": [1000, 1000, 2000], "desabonnements": [3, 5, 4]})
    >>> desabonnements_mois_charges(emails, seuil=2).to_dict("index")["2 campagnes ou plus"]
    {'mois': 1, 'campagnes': 2, 'delivres': 2000, 'desabonnements': 8}
    """
    exiger_colonnes("emails", emails, ["date_envoi", "delivres", "desabonnements"])
    exiger_dates("emails", emails, "date_envoi")
    if isinstance(seuil, (str, bool)):
        raise TypeError(f"seuil vaut {decrire(seuil)}, or un nombre de campagnes est attendu, sans "
                        "guillemets (seuil=5).")
    seuil = int(exiger_entier("seuil", seuil, minimum=2))
    for colonne in ("delivres", "desabonnements"):
        exiger_nombre(f"la colonne {colonne}", emails[colonne])
    mois = emails["date_envoi"].dt.to_period("M")
    par_mois = pd.DataFrame({"campagnes": emails.groupby(mois).size(),
                             "delivres": emails["delivres"].groupby(mois).sum(),
                             "desabonnements": emails["desabonnements"].groupby(mois).sum()})
    calmes, charges = f"{seuil - 1} campagnes ou moins", f"{seuil} campagnes ou plus"
    if seuil - 1 == 1:
        calmes = "1 campagne"
    niveau = np.where(par_mois["campagnes"] >= seuil, charges, calmes)
    groupes = par_mois.groupby(niveau)
    resultat = pd.DataFrame({"mois": groupes.size(), "campagnes": groupes["campagnes"].sum(),
                             "delivres": groupes["delivres"].sum(),
                             "desabonnements": groupes["desabonnements"].sum()})
    resultat = resultat.reindex([n for n in (calmes, charges) if n in resultat.index]).astype("int64")
    resultat.index.name = "pression"
    return resultat


def desabonnements_par_pression(emails, jours=30, type_campagne=None):
    """Désabonnements selon la pression : les e-mails envoyés pendant les ``jours`` derniers jours.

    Pour chaque campagne, la pression est le nombre de campagnes envoyées pendant les
    ``jours`` jours qui la précèdent, elle comprise (toutes campagnes confondues). Une ligne
    par niveau de pression : ``campagnes``, ``delivres`` et ``desabonnements`` (totaux).
    Avec ``type_campagne`` (par exemple ``"newsletter"``), seules les campagnes de ce type
    sont gardées, mais la pression compte toujours tous les envois : on compare ainsi des
    campagnes semblables, pour écarter l'effet du type de campagne.

    >>> emails = pd.DataFrame({"date_envoi": pd.to_datetime(["2025-01-01", "2025-01-10", "2025-03-01"]),
    ...     "type_campagne": ["newsletter", "promotion", "newsletter"],
    ...     "delivres": [100, 100, 100], "desabonnements": [1, 3, 1]})
    >>> desabonnements_par_pression(emails).to_dict("index")
    {1: {'campagnes': 2, 'delivres': 200, 'desabonnements': 2}, 2: {'campagnes': 1, 'delivres': 100, 'desabonnements': 3}}
    """
    exiger_colonnes("emails", emails, ["date_envoi", "delivres", "desabonnements"])
    dates = exiger_dates("emails", emails, "date_envoi")
    if isinstance(jours, (bool, np.bool_)) or not isinstance(jours, (int, np.integer)) or jours < 1:
        raise ValueError(f"jours vaut {decrire(jours)}, or un nombre entier de jours (au moins 1) "
                         "est attendu, par exemple 30.")
    ordre = dates.sort_values(kind="stable").index
    triees = emails.loc[ordre]
    compte = pd.Series(1.0, index=pd.DatetimeIndex(triees["date_envoi"])).rolling(f"{int(jours)}D").sum()
    pression = pd.Series(compte.to_numpy().astype("int64"), index=ordre, name="envois")
    if type_campagne is not None:
        exiger_colonnes("emails", emails, ["type_campagne"])
        garder = triees["type_campagne"] == type_campagne
        if not garder.any():
            raise ValueError(f"aucune campagne de type {type_campagne!r} ; types présents : "
                             f"{', '.join(map(str, emails['type_campagne'].unique()))}.")
        triees, pression = triees[garder], pression[garder.to_numpy()]
    table = pd.DataFrame({"campagnes": 1, "delivres": triees["delivres"].to_numpy(),
                          "desabonnements": triees["desabonnements"].to_numpy()},
                         index=pression.to_numpy())
    resultat = table.groupby(level=0, sort=True).sum()
    resultat.index.name = "envois_30_jours" if jours == 30 else f"envois_{int(jours)}_jours"
    return resultat


def depense_fidelisation(emails, depuis=None):
    """Dépense de fidélisation par e-mail : coût des campagnes envoyées aux clients (toutes sauf
    les e-mails de « bienvenue », qui servent la conquête), à partir de l'année ``depuis`` si on
    la donne.

    >>> emails = pd.DataFrame({"type_campagne": ["bienvenue", "promotion", "relance"],
    ...                        "date_envoi": pd.to_datetime(["2023-03-01", "2023-05-01", "2024-02-01"]),
    ...                        "cout": [10.0, 20.0, 30.0]})
    >>> depense_fidelisation(emails), depense_fidelisation(emails, depuis=2024)
    (50.0, 30.0)
    """
    emails = exiger_colonnes("emails", emails, ["type_campagne", "date_envoi", "cout"])
    garder = emails["type_campagne"].astype(str) != "bienvenue"
    if depuis is not None:
        depuis = exiger_annee("depuis", depuis)
        garder &= pd.to_datetime(emails["date_envoi"]).dt.year >= depuis
    return float(emails.loc[garder, "cout"].sum())


def budget_fidelisation_par_annee(emails):
    """Coût des campagnes d'e-mails qui servent à garder les clients, par année.

    Toutes les campagnes sauf les e-mails de bienvenue (qui accueillent les nouveaux
    clients : ils servent la conquête). C'est une mesure minimale de la dépense de
    fidélisation : ni le service client ni le programme de fidélité n'y figurent.

    >>> emails = pd.DataFrame({"date_envoi": pd.to_datetime(["2025-01-01", "2025-02-01"]),
    ...     "type_campagne": ["bienvenue", "newsletter"], "cout": [100.0, 40.0]})
    >>> budget_fidelisation_par_annee(emails).to_dict()
    {2025: 40.0}
    """
    exiger_colonnes("emails", emails, ["type_campagne", "cout"])
    dates = exiger_dates("emails", emails, "date_envoi")
    garder = emails["type_campagne"] != "bienvenue"
    couts = exiger_nombre("la colonne cout", emails["cout"])
    annees = dates.dt.year
    resultat = couts[garder].groupby(annees[garder], sort=True).sum()
    resultat = resultat.reindex(sorted(annees.unique()), fill_value=0.0).round(2)
    resultat.index.name = "annee"
    return resultat.rename("budget_fidelisation")
