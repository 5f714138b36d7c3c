"""Budget : conquérir ou fidéliser, réglages et scénarios tirés des données du cours."""

from __future__ import annotations

import pandas as pd

from ..controles import decrire, exiger_colonnes, exiger_taux
from ..indicateurs import cout_acquisition_client, taux_retention
from ..simulations import repartition_budget
from .outils import exiger_annee, exiger_dates
from .clients_et_achats import marge_par_client
from .campagnes_emails import depense_fidelisation


def budget_et_chiffre_affaires(trafic, emails, achats):
    """Trois parts pour comparer où va le budget et d'où vient le chiffre d'affaires.

    - « Budget : recherche payante + display » : part de la dépense de conquête (``trafic_web``)
      partie dans la publicité sur les moteurs de recherche et les bannières ;
    - « Budget : e-mails aux clients existants » : dépense de fidélisation par e-mail
      (:func:`depense_fidelisation`) rapportée à cette même dépense de conquête ;
    - « Chiffre d'affaires : clients qui reviennent » : part du chiffre d'affaires TTC faite par
      les commandes de rang 2 et plus.

    >>> trafic = pd.DataFrame({"source": ["display", "e-mail"], "depense": [60.0, 40.0]})
    >>> emails = pd.DataFrame({"type_campagne": ["promotion"], "date_envoi": ["2024-01-01"],
    ...                        "cout": [5.0]})
    >>> achats = pd.DataFrame({"rang_commande": [1, 2, 3], "montant_ttc": [20.0, 30.0, 50.0]})
    >>> budget_et_chiffre_affaires(trafic, emails, achats).round(2).tolist()
    [0.6, 0.05, 0.8]
    """
    trafic = exiger_colonnes("trafic", trafic, ["source", "depense"])
    achats = exiger_colonnes("achats", achats, ["rang_commande", "montant_ttc"])
    depense = float(trafic["depense"].sum())
    chiffre_affaires = float(achats["montant_ttc"].sum())
    if depense <= 0 or chiffre_affaires <= 0:
        raise ValueError("trafic doit avoir une dépense totale et achats un chiffre d'affaires "
                         "strictement positifs pour calculer des parts.")
    recherche_display = trafic["source"].astype(str).isin(["recherche payante", "display"])
    return pd.Series({
        "Budget : recherche payante + display": float(trafic.loc[recherche_display, "depense"].sum()) / depense,
        "Budget : e-mails aux clients existants": depense_fidelisation(emails) / depense,
        "Chiffre d'affaires : clients qui reviennent":
            float(achats.loc[achats["rang_commande"] > 1, "montant_ttc"].sum()) / chiffre_affaires,
    }, name="part")


def reglages_budget(trafic, achats, annee, efficacite_fidelisation=0.05):
    """Réglages du modèle de budget (``simulations.repartition_budget``) mesurés sur une année.

    - ``budget`` : dépense marketing de l'année (fichier ``trafic``), arrondie à 10 000 € ;
    - ``cout_acquisition_client`` : dépense ÷ nouveaux clients de l'année, arrondi à 5 € ;
    - ``taux_retention_base`` : part des clients de l'année précédente qui achètent encore
      dans l'année, arrondie au point ;
    - ``marge_annuelle`` : marge moyenne d'un client actif de l'année, arrondie à 5 € ;
    - ``clients_actuels`` : clients actifs de l'année, arrondis à la centaine ;
    - ``efficacite_fidelisation`` : une **hypothèse** (part des départs évitée par euro et par
      client), que les données ne mesurent pas.

    >>> trafic = pd.DataFrame({"date": pd.to_datetime(["2025-03-01"]), "source": ["display"],
    ...     "depense": [24_000.0], "nouveaux_clients": [200]})
    >>> achats = pd.DataFrame({"client_id": ["A", "B", "A"], "marge": [40.0, 20.0, 60.0],
    ...     "date_achat": pd.to_datetime(["2024-05-01", "2024-06-01", "2025-02-01"])})
    >>> r = reglages_budget(trafic, achats, 2025)
    >>> r["budget"], r["cout_acquisition_client"], r["taux_retention_base"], r["marge_annuelle"]
    (20000.0, 120.0, 0.5, 60.0)
    """
    annee = exiger_annee("annee", annee)
    efficacite = exiger_taux("efficacite_fidelisation", efficacite_fidelisation)
    exiger_colonnes("trafic", trafic, ["depense", "nouveaux_clients"])
    jours = exiger_dates("trafic", trafic, "date")
    de_l_annee = trafic[jours.dt.year == annee]
    if de_l_annee.empty:
        raise ValueError(f"aucune ligne de trafic en {annee}.")
    depense = float(de_l_annee["depense"].sum())
    cac = cout_acquisition_client(depense, int(de_l_annee["nouveaux_clients"].sum()))
    dates = exiger_dates("achats", achats, "date_achat")
    avant = set(achats.loc[dates.dt.year == annee - 1, "client_id"])
    pendant = achats[dates.dt.year == annee]
    if not avant or pendant.empty:
        raise ValueError(f"il faut des achats en {annee - 1} et en {annee} pour mesurer la rétention.")
    actifs = set(pendant["client_id"])
    retention = taux_retention(len(avant & actifs), len(avant))
    marge = float(marge_par_client(pendant).mean())
    return {"budget": float(round(depense, -4)), "cout_acquisition_client": float(5 * round(cac / 5)),
            "taux_retention_base": round(retention, 2), "marge_annuelle": float(5 * round(marge / 5)),
            "clients_actuels": int(round(len(actifs), -2)), "efficacite_fidelisation": efficacite}


def scenarios_budget(scenarios, **reglages):
    """Compare plusieurs partages du budget avec ``simulations.repartition_budget``.

    ``scenarios`` associe un nom à une part du budget consacrée à la fidélisation
    (``{"Moitié-moitié": 0.5}``) ; ``reglages`` sont les autres arguments du modèle
    (voir :func:`reglages_budget`). Une ligne par scénario : ``part_fidelisation``,
    ``taux_retention`` (rétention obtenue la première année), ``clients_fin`` (clients au
    bout de la simulation) et ``profit_total`` (profit actualisé).

    >>> r = dict(budget=100_000, cout_acquisition_client=100, taux_retention_base=0.5,
    ...          marge_annuelle=60, clients_actuels=2_000, efficacite_fidelisation=0.05)
    >>> t = scenarios_budget({"Tout pour conquérir": 0.0, "Moitié-moitié": 0.5}, **r)
    >>> list(t.index), bool(t.loc["Moitié-moitié", "taux_retention"] > 0.5)
    (['Tout pour conquérir', 'Moitié-moitié'], True)
    """
    if not isinstance(scenarios, dict) or not scenarios:
        raise TypeError(f"scenarios doit associer un nom à une part du budget, entre accolades "
                        f"(par exemple {{\"Moitié-moitié\": 0.5}}), or il a reçu {decrire(scenarios)}.")
    lignes = {}
    for nom, part in scenarios.items():
        annees = repartition_budget(part_fidelisation=part, **reglages)
        lignes[nom] = {"part_fidelisation": float(part),
                       "taux_retention": float(annees["taux_retention"].iloc[0]),
                       "clients_fin": float(annees["clients_fin"].iloc[-1]),
                       "profit_total": float(annees.attrs["profit_total"])}
    resultat = pd.DataFrame(lignes).T
    resultat.index.name = "scenario"
    return resultat
