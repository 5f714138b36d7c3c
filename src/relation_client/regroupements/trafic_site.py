"""Regroupements du trafic du site : totaux, entonnoir, coût d'acquisition par canal."""

from __future__ import annotations

import pandas as pd

from ..controles import exiger_colonnes
from ..indicateurs import cout_acquisition_client
from .selection import selection_periode, totaux_par
from .clients_et_achats import nombre_clients_deuxieme_achat


_COLONNES_TRAFIC = ["visites", "visiteurs_uniques", "leads", "commandes", "nouveaux_clients",
                    "chiffre_affaires", "depense"]


def totaux_trafic(trafic, debut=None, fin=None, source=None):
    """Totaux du site sur une période, pour une source de trafic ou pour toutes.

    Additionne les colonnes ``visites``, ``visiteurs_uniques``, ``leads``, ``commandes``,
    ``nouveaux_clients``, ``chiffre_affaires`` et ``depense`` du tableau ``trafic_web`` (celles
    qui existent), du mois ``debut`` au mois ``fin`` compris (``"2025"`` ou ``"2025-04"``, voir
    :func:`selection_periode` ; sans ``debut``, toutes les dates). ``source`` : ``None``
    (toutes les sources) ou le nom d'une source (``"display"``). Renvoie une ligne de totaux :
    ``totaux.visites``, ``totaux.depense``… Les taux se calculent ensuite sur ces totaux.

    >>> trafic = pd.DataFrame({"date": pd.to_datetime(["2025-04-01", "2025-04-01", "2025-05-01"]),
    ...                        "source": ["display", "e-mail", "display"],
    ...                        "visites": [100, 50, 300], "commandes": [2, 1, 9]})
    >>> totaux_trafic(trafic, "2025-04", "2025-06", source="display").to_dict()
    {'visites': 400, 'commandes': 11}
    """
    exiger_colonnes("trafic", trafic, ["source"])
    colonnes = [c for c in _COLONNES_TRAFIC if c in trafic.columns]
    if not colonnes:
        raise ValueError("trafic n'a aucune des colonnes du fichier trafic_web (visites, commandes, "
                         "depense…) : chargez-le avec charger(\"trafic_web\").")
    lignes = trafic if debut is None else selection_periode(trafic, debut, fin)
    if debut is None and fin is not None:
        raise ValueError("fin est donné sans debut : indiquez aussi le début de la période.")
    if source is not None:
        sources = [str(s) for s in pd.unique(trafic["source"].astype(str))]
        if source not in sources:
            raise ValueError(f"source vaut {source!r}, or ce n'est pas une source du tableau. "
                             f"Sources possibles : {', '.join(sources)}.")
        lignes = lignes[lignes["source"].astype(str) == source]
    if len(lignes) == 0:
        raise ValueError("aucune ligne du tableau ne tombe dans cette période : vérifiez debut et fin.")
    # Les comptages restent des entiers (visites 4938, pas 4938.0), les montants au centime.
    totaux = {c: (int(lignes[c].sum()) if pd.api.types.is_integer_dtype(lignes[c])
                  else round(float(lignes[c].sum()), 2)) for c in colonnes}
    nom = "source " + source if source is not None else "toutes sources"
    return pd.Series(totaux, dtype=object, name=nom)


def entonnoir_clients(trafic, achats):
    """Entonnoir de vente compté en **personnes** : contacts qualifiés, premier achat, deuxième achat.

    - « Contacts qualifiés (leads) » : les personnes qui ont laissé leurs coordonnées (colonne
      ``leads`` de ``trafic_web``, additionnée) ;
    - « Premier achat » : les nouveaux clients (colonne ``nouveaux_clients``) ;
    - « Deuxième achat » : les clients revenus au moins une fois (:func:`nombre_clients_deuxieme_achat`).

    Les visites n'y figurent pas : une même personne visite souvent le site plusieurs fois, et
    mélanger visites et personnes fausserait les taux de passage.

    >>> trafic = pd.DataFrame({"leads": [40, 60], "nouveaux_clients": [5, 5]})
    >>> achats = pd.DataFrame({"client_id": ["A", "A", "B", "C", "C"]})
    >>> entonnoir_clients(trafic, achats).tolist()
    [100, 10, 2]
    """
    trafic = exiger_colonnes("trafic", trafic, ["leads", "nouveaux_clients"])
    etapes = {
        "Contacts qualifiés (leads)": int(trafic["leads"].sum()),
        "Premier achat": int(trafic["nouveaux_clients"].sum()),
        "Deuxième achat": nombre_clients_deuxieme_achat(achats),
    }
    return pd.Series(etapes, name="personnes")


def cac_par_canal(trafic):
    """Dépense, nouveaux clients et coût d'acquisition client (CAC) de chaque canal (colonne
    ``source`` de ``trafic_web``), du canal le plus cher au moins cher.

    Colonnes : ``depense``, ``nouveaux_clients``, ``cac`` (via
    :func:`relation_client.indicateurs.cout_acquisition_client`) ; index nommé « Canal ».

    >>> trafic = pd.DataFrame({"source": ["display", "e-mail", "display"],
    ...                        "depense": [300.0, 40.0, 100.0], "nouveaux_clients": [2, 4, 2]})
    >>> cac_par_canal(trafic)["cac"].tolist()
    [100.0, 10.0]
    """
    trafic = exiger_colonnes("trafic", trafic, ["source", "depense", "nouveaux_clients"])
    table = trafic.groupby("source", observed=True)[["depense", "nouveaux_clients"]].sum()
    table["cac"] = cout_acquisition_client(table["depense"], table["nouveaux_clients"])
    table = table.sort_values("cac", ascending=False, kind="stable")
    table.index = pd.Index(table.index.astype(str), name="Canal")
    return table


def sources_payantes(trafic):
    """Les sources de trafic qui ont coûté quelque chose (dépense totale supérieure à 0 €).

    Le ratio CLV ÷ CAC n'a de sens que pour elles : une source gratuite a un CAC nul.

    >>> trafic = pd.DataFrame({"source": ["direct", "display", "display"], "depense": [0.0, 50.0, 20.0]})
    >>> sources_payantes(trafic)
    ['display']
    """
    depenses = totaux_par(trafic, "source")
    if "depense" not in depenses.columns:
        raise ValueError("trafic n'a pas de colonne depense (nombres) : impossible de repérer "
                         "les sources payantes.")
    return [str(s) for s in depenses.index[depenses["depense"] > 0]]
