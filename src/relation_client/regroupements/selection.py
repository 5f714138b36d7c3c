"""Sélectionner et additionner, pour tous les tableaux : une période, un total, des totaux par catégorie."""

from __future__ import annotations

import pandas as pd

from ..controles import decrire, exiger_colonnes, exiger_nombre
from .outils import bornes_mois, colonne_dates, exiger_dates, libelle_normalise


def selection_periode(tableau, debut, fin=None, colonne_date=None):
    """Les lignes d'un tableau datées de ``debut`` à ``fin`` (mois compris).

    ``debut`` et ``fin`` s'écrivent ``2025`` ou ``"2025"`` (toute l'année civile, du 1er janvier
    au 31 décembre) ou ``"2025-04"`` (un mois) ; sans ``fin``, la période est ``debut`` seul.
    La date lue est celle de la colonne ``date`` (``trafic_web``, ``reseaux_sociaux``) ou, à
    défaut, ``date_achat`` (``achats``), ``date_envoi`` (``campagnes_email``) ou
    ``date_inscription`` (``clients``) ; ``colonne_date`` permet d'en choisir une autre. Le
    tableau reçu n'est pas modifié : on obtient un nouveau tableau, avec les mêmes colonnes.
    Une période sans aucune ligne est refusée.

    >>> trafic = pd.DataFrame({"date": pd.to_datetime(["2024-12-31", "2025-04-02", "2025-07-01"]),
    ...                        "visites": [10, 20, 40]})
    >>> selection_periode(trafic, 2025)["visites"].tolist()
    [20, 40]
    >>> selection_periode(trafic, "2025-04", "2025-06")["visites"].tolist()
    [20]
    """
    if not isinstance(tableau, pd.DataFrame):
        raise TypeError(f"tableau doit être un tableau de données (par exemple charger(\"achats\")), "
                        f"or il a reçu {decrire(tableau)}.")
    colonne_date = colonne_dates(tableau, colonne_date)
    dates = exiger_dates("tableau", tableau, colonne_date)
    premier, _ = bornes_mois("debut", debut)
    _, dernier = bornes_mois("fin", debut if fin is None else fin)
    if dernier < premier:
        raise ValueError(f"la période va de {debut} à {fin} : la fin est avant le début. "
                         "Échangez les deux dates.")
    mois = dates.dt.to_period("M")
    lignes = tableau[(mois >= premier) & (mois <= dernier)].copy()
    if lignes.empty:
        presentes = sorted(int(a) for a in dates.dt.year.dropna().unique())
        periode = str(debut) if fin is None else f"{debut} à {fin}"
        raise ValueError(f"le tableau n'a aucune ligne pour la période {periode} ; années présentes : "
                         f"{', '.join(map(str, presentes)) or 'aucune'}.")
    return lignes


def total(tableau, colonne, **conditions):
    """Somme d'une colonne, éventuellement sur les seules lignes qui remplissent des conditions.

    ``total(trafic, "visites")`` additionne toutes les visites ;
    ``total(trafic, "visites", source="e-mail")`` seulement celles de la source e-mail ;
    plusieurs conditions se cumulent (``categorie="micro", plateforme="TikTok"``). Une valeur
    absente de la colonne (faute de frappe, accent oublié) est refusée avec la liste des
    valeurs possibles. Le résultat est un nombre : entier si la colonne est entière (visites,
    ventes), sinon arrondi au centime (montants). Le tableau reçu n'est pas modifié.

    >>> influence = pd.DataFrame({"categorie": ["micro", "macro", "micro"],
    ...                           "cout": [800.0, 3000.0, 500.0]})
    >>> total(influence, "cout")
    4300.0
    >>> total(influence, "cout", categorie="micro")
    1300.0
    """
    if not isinstance(colonne, str):
        raise TypeError(f"colonne vaut {decrire(colonne)}, or le nom d'une colonne est attendu, entre "
                        "guillemets (par exemple \"visites\").")
    exiger_colonnes("tableau", tableau, [colonne, *conditions])
    valeurs = tableau[colonne]
    if not pd.api.types.is_numeric_dtype(valeurs) or pd.api.types.is_bool_dtype(valeurs):
        raise TypeError(f"la colonne {colonne} ne contient pas des nombres : on ne peut pas en faire "
                        "le total.")
    garder = pd.Series(True, index=tableau.index)
    for nom, voulu in conditions.items():
        colonne_condition = tableau[nom]
        egaux = colonne_condition == voulu
        if not egaux.any():
            possibles = [str(v) for v in pd.unique(colonne_condition.dropna())]
            proches = [p for p in possibles if libelle_normalise(p) == libelle_normalise(voulu)]
            conseil = (f" Vouliez-vous écrire {nom}=\"{proches[0]}\" (accents, majuscules) ?" if proches
                       else "")
            raise ValueError(f"aucune ligne où {nom} vaut {decrire(voulu)} ; valeurs possibles : "
                             f"{', '.join(possibles)}.{conseil}")
        garder &= egaux
    if valeurs[garder].isna().any():
        raise ValueError(f"la colonne {colonne} a des cases vides : complétez-les ou retirez ces "
                         "lignes avant de faire le total.")
    somme = exiger_nombre(f"la colonne {colonne}", valeurs[garder]).sum()
    if pd.api.types.is_integer_dtype(valeurs):
        return int(somme)
    return round(float(somme), 2)


def totaux_par(tableau, colonne, colonne_date=None):
    """Totaux des colonnes de nombres d'un tableau, une ligne par valeur de ``colonne``.

    Par exemple ``totaux_par(trafic, "source")`` additionne visites, commandes, chiffre
    d'affaires et dépenses de chaque source de trafic ; ``totaux_par(emails,
    "type_campagne")`` fait de même par type de campagne. Avec ``"annee"`` ou ``"mois"``
    (quand le tableau n'a pas déjà une colonne de ce nom), les lignes sont regroupées par année
    civile ou par mois de la colonne de dates (``date``, ``date_achat``, ``date_envoi``… ou
    ``colonne_date``) : ``totaux_par(achats, "annee")["montant_ttc"]`` donne le chiffre
    d'affaires de chaque année ; par mois, l'index est le premier jour du mois, prêt pour une
    courbe d'évolution.

    Les colonnes de texte et de dates sont laissées de côté ; les lignes suivent l'ordre des
    catégories (ou l'ordre alphabétique, ou chronologique) ; les montants sont arrondis au
    centime. Les indicateurs (taux, coûts unitaires) se calculent ensuite sur ces totaux,
    jamais en faisant la moyenne de taux.

    >>> trafic = pd.DataFrame({"date": pd.to_datetime(["2024-05-01", "2025-01-02", "2025-01-14"]),
    ...                        "source": ["e-mail", "direct", "e-mail"],
    ...                        "visites": [100, 50, 300], "commandes": [2, 1, 9]})
    >>> totaux_par(trafic, "source").to_dict("index")
    {'direct': {'visites': 50, 'commandes': 1}, 'e-mail': {'visites': 400, 'commandes': 11}}
    >>> totaux_par(trafic, "annee")["visites"].to_dict()
    {2024: 100, 2025: 350}
    >>> totaux_par(trafic, "mois")["visites"].tolist()
    [100, 350]
    """
    if not isinstance(colonne, str):
        raise TypeError(f"colonne vaut {decrire(colonne)}, or le nom d'une colonne est attendu, "
                        "entre guillemets (par exemple \"source\").")
    if colonne in ("annee", "mois") and isinstance(tableau, pd.DataFrame) and colonne not in tableau.columns:
        nom_dates = colonne_dates(tableau, colonne_date)
        dates = exiger_dates("tableau", tableau, nom_dates)
        periodes = dates.dt.year if colonne == "annee" else dates.dt.to_period("M").dt.to_timestamp()
        tableau = tableau.assign(**{colonne: periodes}).drop(columns=[nom_dates])
    exiger_colonnes("tableau", tableau, [colonne])
    nombres = [c for c in tableau.columns if c != colonne
               and pd.api.types.is_numeric_dtype(tableau[c]) and not pd.api.types.is_bool_dtype(tableau[c])]
    if not nombres:
        raise ValueError(f"le tableau n'a aucune colonne de nombres à additionner par {colonne}.")
    if tableau[colonne].isna().any():
        raise ValueError(f"la colonne {colonne} a des cases vides : complétez-les ou retirez ces "
                         "lignes avant de faire des totaux.")
    totaux = tableau.groupby(colonne, sort=True, observed=True)[nombres].sum()
    reels = [c for c in nombres if pd.api.types.is_float_dtype(totaux[c])]
    totaux[reels] = totaux[reels].round(2)
    return totaux


def part_du_total(valeurs):
    """Part de chaque ligne dans le total de la colonne : valeur ÷ somme des valeurs.

    Les parts s'additionnent à 1 (100 %). Sert à comparer la part des visites et la part
    des commandes de chaque source de trafic.

    >>> part_du_total(pd.Series({"direct": 30, "e-mail": 10})).to_dict()
    {'direct': 0.75, 'e-mail': 0.25}
    """
    if not isinstance(valeurs, pd.Series):
        raise TypeError(f"valeurs doit être une colonne d'un tableau (par exemple "
                        f"sources[\"visites\"]), or elle a reçu {decrire(valeurs)}.")
    nombres = exiger_nombre("valeurs", valeurs)
    if (nombres < 0).any():
        raise ValueError("valeurs contient un nombre négatif : une part du total se calcule sur "
                         "des quantités positives (visites, commandes…).")
    total = nombres.sum()
    if total == 0:
        raise ValueError("valeurs ne contient que des zéros : impossible de calculer une part "
                         "d'un total nul.")
    return nombres / total
