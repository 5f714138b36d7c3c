"""Tableaux préparés pour le parcours essentiel : les regroupements ont un nom français.

Un élève de Terminale STMG ne sait pas écrire ``achats.groupby("client_id")["montant_ttc"].sum()`` ;
il sait lire ``chiffre_affaires_par_client(achats)``. Chaque fonction de ce module fait un seul
regroupement des jeux de données du cours (une ligne par client, par source, par mois…), renvoie
un objet pandas ordinaire et ne modifie jamais le tableau reçu. Les formules restent dans
``indicateurs``, ``valeur`` et ``segmentation`` ; ici, on ne fait que regrouper et sommer.

Les leçons et les exercices les appellent sur les tableaux déjà chargés (``charger("achats")``).
Un seul nom par idée : ``selection_periode`` garde une année ou quelques mois, ``total`` additionne
une colonne, ``totaux_par`` fait des totaux par catégorie, par année ou par mois,
``nombre_clients`` compte des clients différents. Le module est rangé par thème : sélectionner et
additionner, achats et clients, trafic du site, e-mails, réseaux sociaux, budget.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .controles import decrire, exiger_colonnes, exiger_entier, exiger_nombre, exiger_taux

__all__ = [
    "GROUPES_PROGRAMME", "selection_periode", "total", "totaux_par", "part_du_total",
    "chiffre_affaires_par_client", "marge_par_client", "commandes_par_client",
    "panier_moyen_par_client", "resume_par_client", "nombre_clients", "premieres_commandes",
    "nombre_clients_deuxieme_achat", "nombre_clients_revenus", "nombre_clients_segment",
    "panier_moyen_ht", "commandes_moyennes_par_client", "marge_annuelle_moyenne",
    "marge_moyenne_premier_achat", "cout_acquisition_moyen", "bilan_programme_fidelite",
    "panier_moyen_adherents", "clients_gardes", "bilan_retention",
    "meilleurs_clients_conserves", "marge_par_canal_acquisition",
    "marge_premiere_annee_par_canal", "retention_par_canal", "mesures_par_canal",
    "totaux_trafic", "entonnoir_clients", "cac_par_canal", "sources_payantes",
    "desabonnements_mois_charges", "desabonnements_par_pression", "depense_fidelisation",
    "budget_fidelisation_par_annee", "interactions_par", "totaux_par_reseau",
    "abonnes_fin_annee", "budget_et_chiffre_affaires", "reglages_budget", "scenarios_budget",
]


# -------------------------------------------------------------------------------------------
# Aides privées : contrôles communs
# -------------------------------------------------------------------------------------------

def _exiger_annee(nom, annee):
    """Une année écrite comme un nombre entier (2025), jamais comme un texte ni un booléen."""
    if isinstance(annee, (bool, np.bool_)) or not isinstance(annee, (int, np.integer)):
        if isinstance(annee, str) and annee.strip().isdigit():
            raise TypeError(f"{nom} a reçu le texte {annee!r} : une année s'écrit comme un nombre "
                            f"entier, sans guillemets, par exemple {annee.strip()}.")
        raise TypeError(f"{nom} vaut {decrire(annee)}, or une année est attendue, écrite comme un "
                        "nombre entier, sans guillemets (par exemple 2025).")
    return int(annee)


def _exiger_dates(nom, tableau, colonne):
    """Vérifie que ``colonne`` de ``tableau`` contient des dates."""
    exiger_colonnes(nom, tableau, [colonne])
    if not pd.api.types.is_datetime64_any_dtype(tableau[colonne]):
        raise TypeError(f"la colonne {colonne} de {nom} ne contient pas des dates : chargez le "
                        f"tableau avec charger(…) ou convertissez la colonne (pd.to_datetime).")
    return tableau[colonne]


_COLONNES_DATES = ("date", "date_achat", "date_envoi", "date_inscription")


def _colonne_dates(tableau, colonne_date):
    """Nom de la colonne de dates à lire : ``colonne_date`` si on la donne, sinon la première
    des colonnes habituelles du cours (``date``, ``date_achat``, ``date_envoi``,
    ``date_inscription``) que le tableau possède."""
    if colonne_date is not None:
        return colonne_date
    for nom in _COLONNES_DATES:
        if nom in tableau.columns:
            return nom
    raise ValueError(f"le tableau n'a aucune colonne de dates ({', '.join(_COLONNES_DATES)}) : "
                     "indiquez la colonne des dates, par exemple colonne_date=\"date_inscription\".")


def _bornes_mois(nom, valeur):
    """« 2025 » ou « 2025-04 » → (premier mois, dernier mois) de la période, en ``pd.Period``."""
    if isinstance(valeur, (int, np.integer)) and not isinstance(valeur, bool):
        valeur = str(int(valeur))
    if not isinstance(valeur, str):
        raise TypeError(f"{nom} vaut {decrire(valeur)}, or une année (2025, un nombre entier) ou "
                        "un mois (\"2025-04\", entre guillemets) est attendu.")
    texte = valeur.strip()
    try:
        if len(texte) == 4 and texte.isdigit():
            return pd.Period(f"{texte}-01", "M"), pd.Period(f"{texte}-12", "M")
        if len(texte) == 7 and texte[4] == "-":
            mois = pd.Period(texte, "M")
            return mois, mois
    except (ValueError, TypeError):
        pass
    raise ValueError(f"{nom} vaut {valeur!r}, or une année (\"2025\") ou un mois (\"2025-04\" "
                     "pour avril 2025) est attendu.")


def _normalise_libelle(texte) -> str:
    """Libellé sans accents ni majuscules, pour repérer une faute de frappe (« reseaux sociaux »)."""
    import unicodedata

    t = unicodedata.normalize("NFKD", str(texte))
    return "".join(c for c in t if not unicodedata.combining(c)).lower().strip()


def _clients_annee(achats, annee):
    """Ensemble des clients qui ont commandé pendant l'année ``annee`` (erreur si aucun)."""
    exiger_colonnes("achats", achats, ["client_id", "date_achat"])
    annee = _exiger_annee("annee", annee)
    annees = _exiger_dates("achats", achats, "date_achat").dt.year
    if not (annees == annee).any():
        raise ValueError(f"achats ne contient aucune commande de {annee} ; années présentes : "
                         f"{', '.join(str(a) for a in sorted(annees.unique()))}.")
    return set(achats.loc[annees == annee, "client_id"])


def _par_client(achats, colonne, nom_resultat):
    """Somme de ``colonne`` par client (index ``client_id``), arrondie au centime."""
    exiger_colonnes("achats", achats, ["client_id", colonne])
    valeurs = exiger_nombre(f"la colonne {colonne}", achats[colonne])
    somme = valeurs.groupby(achats["client_id"], sort=True).sum().round(2)
    somme.index.name = "client_id"
    return somme.rename(nom_resultat)


# -------------------------------------------------------------------------------------------
# Sélectionner et additionner (tous les tableaux)
# -------------------------------------------------------------------------------------------

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
    colonne_date = _colonne_dates(tableau, colonne_date)
    dates = _exiger_dates("tableau", tableau, colonne_date)
    premier, _ = _bornes_mois("debut", debut)
    _, dernier = _bornes_mois("fin", debut if fin is None else fin)
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
            proches = [p for p in possibles if _normalise_libelle(p) == _normalise_libelle(voulu)]
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
        nom_dates = _colonne_dates(tableau, colonne_date)
        dates = _exiger_dates("tableau", tableau, nom_dates)
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


# -------------------------------------------------------------------------------------------
# Achats et clients
# -------------------------------------------------------------------------------------------

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
        return _par_client(achats, "montant_ht", "chiffre_affaires_ht")
    return _par_client(achats, "montant_ttc", "chiffre_affaires_ttc")


def marge_par_client(achats):
    """Marge commerciale (hors taxes) réalisée avec chaque client : somme de la colonne ``marge``.

    Une ligne par client (index ``client_id``), en euros arrondis au centime. La marge d'une
    commande est son montant hors taxes moins le coût d'achat des produits vendus.

    >>> achats = pd.DataFrame({"client_id": ["C2", "C1", "C2"], "marge": [5.0, 12.5, 7.5]})
    >>> marge_par_client(achats).to_dict()
    {'C1': 12.5, 'C2': 12.5}
    """
    return _par_client(achats, "marge", "marge")


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
        dates = _exiger_dates("achats", achats, "date_achat")
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
    return len(_clients_annee(achats, annee))


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
    annee = _exiger_annee("annee", annee)
    suivante = annee + 1 if annee_suivante is None else _exiger_annee("annee_suivante", annee_suivante)
    if suivante <= annee:
        raise ValueError(f"annee_suivante vaut {suivante}, or elle doit venir après annee ({annee}).")
    return len(_clients_annee(achats, annee) & _clients_annee(achats, suivante))


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
    annee = _exiger_annee("annee", annee)
    exiger_colonnes("clients", clients, ["client_id", "membre_programme", "date_inscription"])
    exiger_colonnes("achats", achats, ["client_id", "montant_ttc"])
    inscription = _exiger_dates("clients", clients, "date_inscription")
    dates = _exiger_dates("achats", achats, "date_achat")
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
    from .segmentation import retention_annuelle

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
    from .segmentation import retention_annuelle

    annee = _exiger_annee("annee", annee)
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

    annee = _exiger_annee("annee", annee)
    part = exiger_taux("part_clients", part_clients)
    if part == 0:
        raise ValueError("part_clients vaut 0 : choisissez une part de clients supérieure à 0, "
                         "par exemple 0.2 pour les 20 % meilleurs.")
    exiger_colonnes("achats", achats, ["client_id", "montant_ttc"])
    dates = _exiger_dates("achats", achats, "date_achat")
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
    annee_limite = _exiger_annee("annee_limite", annee_limite)
    exiger_colonnes("clients", clients, ["client_id", "canal_acquisition"])
    exiger_colonnes("achats", achats, ["client_id", "marge"])
    inscription = _exiger_dates("clients", clients, "date_inscription")
    dates = _exiger_dates("achats", achats, "date_achat")
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
    annee = _exiger_annee("annee", annee)
    exiger_colonnes("clients", clients, ["client_id", "canal_acquisition"])
    exiger_colonnes("achats", achats, ["client_id"])
    dates = _exiger_dates("achats", achats, "date_achat")
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
    annee = _exiger_annee("annee", annee)
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
    actifs = clients[clients["client_id"].isin(_clients_annee(achats, annee - 1))]
    gardes = actifs["client_id"].isin(_clients_annee(achats, annee))
    comptes = gardes.groupby(actifs["canal_acquisition"], observed=True).agg(["sum", "size"])
    mesures = pd.DataFrame({"ca_premiere_annee": par_canal["montant_ttc"],
                            "marge_premiere_annee": par_canal["marge"],
                            "retention": comptes["sum"] / comptes["size"]})
    mesures.index.name = "canal_acquisition"
    return mesures


# -------------------------------------------------------------------------------------------
# Trafic du site
# -------------------------------------------------------------------------------------------

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
    from .indicateurs import cout_acquisition_client

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


# -------------------------------------------------------------------------------------------
# E-mails
# -------------------------------------------------------------------------------------------

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
    _exiger_dates("emails", emails, "date_envoi")
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
    dates = _exiger_dates("emails", emails, "date_envoi")
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
        depuis = _exiger_annee("depuis", depuis)
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
    dates = _exiger_dates("emails", emails, "date_envoi")
    garder = emails["type_campagne"] != "bienvenue"
    couts = exiger_nombre("la colonne cout", emails["cout"])
    annees = dates.dt.year
    resultat = couts[garder].groupby(annees[garder], sort=True).sum()
    resultat = resultat.reindex(sorted(annees.unique()), fill_value=0.0).round(2)
    resultat.index.name = "annee"
    return resultat.rename("budget_fidelisation")


# -------------------------------------------------------------------------------------------
# Réseaux sociaux
# -------------------------------------------------------------------------------------------

_INTERACTIONS = ["likes", "commentaires", "partages", "clics"]


def interactions_par(reseaux, colonne):
    """Totaux des publications, une ligne par valeur de ``colonne``, avec leurs interactions.

    interactions = j'aime (*likes*) + commentaires + partages + clics (les quatre réactions
    comptées par le manuel de Terminale STMG, source 001). Le résultat garde les totaux de
    :func:`totaux_par` (portée, impressions, abonnés…) et ajoute la colonne ``interactions`` :
    on calcule ensuite ``taux_engagement(interactions, portee)`` sur ces totaux.

    >>> reseaux = pd.DataFrame({"plateforme": ["X", "X", "TikTok"], "likes": [5, 3, 40],
    ...     "commentaires": [1, 0, 5], "partages": [0, 1, 3], "clics": [2, 0, 2],
    ...     "portee": [100, 80, 1000]})
    >>> interactions_par(reseaux, "plateforme")["interactions"].to_dict()
    {'TikTok': 50, 'X': 12}
    """
    exiger_colonnes("reseaux", reseaux, _INTERACTIONS)
    totaux = totaux_par(reseaux, colonne)
    totaux["interactions"] = totaux[_INTERACTIONS].sum(axis=1)
    return totaux


def totaux_par_reseau(reseaux, debut=None, fin=None):
    """Totaux des publications de chaque réseau social, avec leurs interactions.

    Une ligne par réseau (index ``plateforme``) : ``publications`` (nombre), ``interactions``
    (likes + commentaires + partages + clics), ``portee`` (comptes différents qui ont vu les
    publications, au sens des plateformes), ``impressions`` (affichages) et ``abonnes``
    (somme, publication par publication, des abonnés du compte). Période facultative, comme
    dans :func:`selection_periode`.

    >>> reseaux = pd.DataFrame({"date": pd.to_datetime(["2025-01-05", "2025-02-01", "2025-02-03"]),
    ...                         "plateforme": ["TikTok", "TikTok", "X"], "abonnes": [50, 60, 10],
    ...                         "portee": [100, 200, 20], "impressions": [150, 260, 30],
    ...                         "likes": [5, 6, 1], "commentaires": [1, 0, 0], "partages": [0, 1, 0],
    ...                         "clics": [2, 3, 1]})
    >>> totaux_par_reseau(reseaux, "2025").loc["TikTok"].to_dict()
    {'publications': 2, 'interactions': 18, 'portee': 300, 'impressions': 410, 'abonnes': 110}
    """
    interactions = ["likes", "commentaires", "partages", "clics"]
    exiger_colonnes("reseaux", reseaux, ["plateforme", "abonnes", "portee", "impressions", *interactions])
    lignes = reseaux if debut is None else selection_periode(reseaux, debut, fin)
    if len(lignes) == 0:
        raise ValueError("aucune publication ne tombe dans cette période : vérifiez debut et fin.")
    table = lignes.assign(publications=1, interactions=lignes[interactions].sum(axis=1))
    colonnes = ["publications", "interactions", "portee", "impressions", "abonnes"]
    return table.groupby("plateforme", observed=True, sort=True)[colonnes].sum()


def abonnes_fin_annee(reseaux):
    """Nombre d'abonnés de chaque réseau social au dernier relevé de chaque année.

    Une ligne par année, une colonne par plateforme ; une case vide signifie que le compte
    n'existait pas encore cette année-là. Le nombre d'abonnés est un stock : on lit sa
    valeur à une date, on ne l'additionne pas.

    >>> reseaux = pd.DataFrame({"date": pd.to_datetime(["2024-03-01", "2024-11-01", "2025-06-01"]),
    ...                         "plateforme": ["X", "X", "X"], "abonnes": [100, 120, 150]})
    >>> abonnes_fin_annee(reseaux)["X"].to_dict()
    {2024: 120, 2025: 150}
    """
    exiger_colonnes("reseaux", reseaux, ["plateforme", "abonnes"])
    dates = _exiger_dates("reseaux", reseaux, "date")
    triees = reseaux.assign(annee=dates.dt.year).sort_values("date", kind="stable")
    derniers = triees.groupby(["annee", "plateforme"], observed=True)["abonnes"].last()
    table = derniers.unstack("plateforme")
    table.index.name, table.columns.name = "annee", "plateforme"
    return table


# -------------------------------------------------------------------------------------------
# Budget : conquérir ou fidéliser
# -------------------------------------------------------------------------------------------

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
    from .indicateurs import cout_acquisition_client, taux_retention

    annee = _exiger_annee("annee", annee)
    efficacite = exiger_taux("efficacite_fidelisation", efficacite_fidelisation)
    exiger_colonnes("trafic", trafic, ["depense", "nouveaux_clients"])
    jours = _exiger_dates("trafic", trafic, "date")
    de_l_annee = trafic[jours.dt.year == annee]
    if de_l_annee.empty:
        raise ValueError(f"aucune ligne de trafic en {annee}.")
    depense = float(de_l_annee["depense"].sum())
    cac = cout_acquisition_client(depense, int(de_l_annee["nouveaux_clients"].sum()))
    dates = _exiger_dates("achats", achats, "date_achat")
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
    from .simulations import repartition_budget

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
