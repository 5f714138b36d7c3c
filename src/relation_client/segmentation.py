"""Segmenter une base de clients : loi des 20/80, scores RFM, cohortes.

Fonctions vectorisées (pandas) : un million de transactions se traitent en
environ une seconde. Une transaction est une ligne (une commande) avec au moins
l'identifiant du client, la date d'achat et le montant.
"""

from __future__ import annotations

import datetime as _dt

import numpy as np
import pandas as pd

from .controles import (
    decrire,
    en_sortie,
    exiger_colonnes,
    exiger_positif_ou_nul,
    exiger_taux,
)
from .indicateurs import taux_attrition, taux_retention

__all__ = [
    "acheteurs_par_annee",
    "retention_annuelle",
    "part_pareto",
    "courbe_pareto",
    "scores_rfm",
    "resume_segments",
    "cohortes_retention",
    "SEGMENTS",
    "GRILLE_SEGMENTS",
]


# --------------------------------------------------------------------------- Pareto

def _montants_tries(montants):
    """Montants par client, vérifiés, triés du plus grand au plus petit ; et leur total."""
    if isinstance(montants, pd.DataFrame):
        raise TypeError("montants a reçu un tableau (DataFrame) ; donnez une colonne avec un "
                        "montant par client, par exemple achats.groupby('client_id')['montant_ttc'].sum().")
    if np.ndim(montants) == 0 and not isinstance(montants, (pd.Series, np.ndarray, list, tuple)):
        raise TypeError(f"montants a reçu {decrire(montants)}, or il faut un montant par client "
                        "(une liste, un tableau ou une série).")
    valeurs = exiger_positif_ou_nul("montants", montants)
    brut = np.asarray(valeurs, dtype="float64")
    if brut.ndim != 1:
        raise ValueError("montants doit être une seule colonne (un montant par client), "
                         f"or il a la forme {brut.shape}.")
    # Tri décroissant stable : les ex aequo ne changent pas les parts cumulées.
    tries = -np.sort(-brut, kind="stable")
    cumul = np.cumsum(tries)
    total = cumul[-1]
    if not np.isfinite(total):
        raise ValueError("montants sont trop grands : leur somme n'est pas finie. "
                         "Exprimez-les dans une unité plus grande (milliers d'euros).")
    if total == 0:
        raise ValueError("montants sont tous nuls : impossible de calculer une part du chiffre "
                         "d'affaires quand le total vaut 0.")
    return cumul, total


def courbe_pareto(montants):
    """Courbe de concentration (courbe de Lorenz inversée) du chiffre d'affaires.

    Les clients sont classés du plus gros au plus petit montant ; pour les k premiers,
    ``part_clients`` = k / n et ``part_ca`` = (somme de leurs montants) / total. La
    courbe part de (0, 0), finit en (1, 1) et reste au-dessus de la diagonale. C'est
    la figure qui illustre la « loi des 20/80 » de Pareto (source 003 : 20 % des
    clients feraient 80 % du chiffre d'affaires).

    ``montants`` : un montant (≥ 0) par client, en liste, tableau NumPy ou ``Series``.
    Renvoie un ``DataFrame`` de n + 1 lignes, colonnes ``part_clients`` et ``part_ca``.

    >>> courbe_pareto([10, 50, 40])["part_ca"].tolist()
    [0.0, 0.5, 0.9, 1.0]
    """
    cumul, total = _montants_tries(montants)
    n = cumul.size
    return pd.DataFrame({
        "part_clients": np.arange(n + 1) / n,
        "part_ca": np.concatenate([[0.0], cumul / total]),
    })


def part_pareto(montants, part_clients=0.2):
    """Part du chiffre d'affaires réalisée par les meilleurs clients.

    part = (somme des montants des ``part_clients`` × n plus gros clients) / total.
    Quand ``part_clients`` × n n'est pas entier, on interpole linéairement entre deux
    clients (le 20 %-ième client de 12 clients est « 2,4 clients » : on prend les 2
    premiers plus 0,4 fois le troisième) : c'est la lecture de :func:`courbe_pareto`
    à l'abscisse ``part_clients``. Les ex aequo n'ont pas d'effet (leurs montants sont
    égaux). Le résultat est compris entre ``part_clients`` (tous les clients pèsent
    pareil) et 1. La « loi des 20/80 » (source 003) affirme qu'il vaut environ 0.8
    pour ``part_clients=0.2`` : c'est une observation fréquente, pas une loi.

    ``part_clients`` peut être un nombre (renvoie un ``float``) ou plusieurs (renvoie
    le même genre d'objet).

    >>> part_pareto([100, 50, 30, 10, 10], 0.2)
    0.5
    >>> part_pareto([100, 50, 30, 10, 10], 0.4)
    0.75
    """
    cumul, total = _montants_tries(montants)
    p = exiger_taux("part_clients", part_clients)
    n = cumul.size
    abscisses = np.arange(n + 1) / n
    ordonnees = np.concatenate([[0.0], cumul / total])
    resultat = np.interp(np.asarray(p, dtype="float64"), abscisses, ordonnees)
    # Garde-fou contre les arrondis : la part ne descend jamais sous part_clients.
    resultat = np.clip(np.maximum(resultat, np.asarray(p, dtype="float64")), 0.0, 1.0)
    if isinstance(p, pd.Series):
        resultat = pd.Series(resultat, index=p.index, name="part_ca")
    return en_sortie(resultat, "part_pareto")


# --------------------------------------------------------------------------- dates

def _en_dates(transactions, colonne, nom="transactions"):
    """Colonne de dates convertie en ``datetime64`` ; le texte ISO ou jj/mm/aaaa est lu."""
    serie = transactions[colonne]
    if not pd.api.types.is_datetime64_any_dtype(serie.dtype):
        if pd.api.types.is_numeric_dtype(serie.dtype) or pd.api.types.is_bool_dtype(serie.dtype):
            raise TypeError(f"{nom}[{colonne!r}] contient des nombres, or des dates sont attendues "
                            "(par exemple '2024-03-15' ou '15/03/2024').")
        if serie.dtype == object:
            genre = pd.api.types.infer_dtype(serie, skipna=True)
            if genre not in ("string", "datetime", "datetime64", "date", "empty"):
                exemple = next((v for v in serie if not (isinstance(v, (str, _dt.date)) or v is None
                                                     or (isinstance(v, float) and v != v))),
                               serie.iloc[0])
                raise TypeError(f"{nom}[{colonne!r}] contient {decrire(exemple)}, or des dates sont "
                                "attendues (par exemple '2024-03-15' ou '15/03/2024').")
        lue = None
        for format_ in ("ISO8601", "%d/%m/%Y", "%d/%m/%Y %H:%M", "%d/%m/%Y %H:%M:%S"):
            try:
                lue = pd.to_datetime(serie, format=format_)
                break
            except (ValueError, TypeError, OverflowError):
                continue
        if lue is None:
            exemple = next((v for v in serie if isinstance(v, str) and _date_illisible(v)), None)
            if exemple is None:
                raise ValueError(f"{nom}[{colonne!r}] mélange plusieurs formats de date (par exemple "
                                 "2024-03-15 et 15/03/2024) : utilisez un seul format pour toute la colonne.")
            raise ValueError(f"{nom}[{colonne!r}] contient une date illisible ({decrire(exemple)}) : "
                             "écrivez les dates sous la forme 2024-03-15 ou 15/03/2024.")
        serie = lue
    manquantes = int(serie.isna().sum())
    if manquantes:
        raise ValueError(f"{nom}[{colonne!r}] contient {manquantes} date(s) manquante(s) : "
                         "complétez-les ou retirez ces lignes (dropna).")
    return serie


def _date_illisible(texte):
    try:
        pd.to_datetime(texte, format="ISO8601")
        return False
    except (ValueError, TypeError, OverflowError):
        try:
            pd.to_datetime(texte, format="%d/%m/%Y")
            return False
        except (ValueError, TypeError, OverflowError):
            return True


def _date_reference(date_reference, dates):
    if date_reference is None or isinstance(date_reference, bool) or not isinstance(
            date_reference, (str, _dt.date, np.datetime64, pd.Timestamp)):
        raise TypeError(f"date_reference a reçu {decrire(date_reference)}, or une date est attendue, "
                        "par exemple '2024-12-31' ou pd.Timestamp('2024-12-31').")
    try:
        if isinstance(date_reference, str) and "/" in date_reference:
            ref = pd.to_datetime(date_reference, format="%d/%m/%Y")
        else:
            ref = pd.Timestamp(date_reference)
    except (ValueError, TypeError, OverflowError):
        raise ValueError(f"date_reference vaut {date_reference!r}, date illisible : écrivez-la "
                         "sous la forme '2024-12-31' ou '31/12/2024'.") from None
    if ref is pd.NaT or pd.isna(ref):
        raise ValueError("date_reference est vide (NaT) : indiquez une date, par exemple '2024-12-31'.")
    fuseau = getattr(dates.dt, "tz", None)
    if fuseau is not None and ref.tzinfo is not None:
        ref = ref.tz_convert(fuseau).tz_localize(None)
    elif ref.tzinfo is not None:
        ref = ref.tz_localize(None)
    derniere = _heure_locale(dates).max()
    if ref < derniere:
        raise ValueError(f"date_reference ({ref.date()}) précède le dernier achat "
                         f"({derniere.date()}) : choisissez une date postérieure ou égale à "
                         "tous les achats, par exemple le lendemain du dernier achat.")
    return ref


def _heure_locale(dates):
    """Dates avec fuseau horaire → heure locale sans fuseau (jours du calendrier local)."""
    if getattr(dates.dt, "tz", None) is not None:
        return dates.dt.tz_localize(None)
    return dates


def _exiger_clients(transactions, colonne, nom="transactions"):
    ids = transactions[colonne]
    manquants = int(ids.isna().sum())
    if manquants:
        raise ValueError(f"{nom}[{colonne!r}] contient {manquants} identifiant(s) de client "
                         "manquant(s) : complétez-les ou retirez ces lignes (dropna).")
    return ids


# --------------------------------------------------------------------------- RFM

#: Segments, du plus précieux au moins actif (ordre des catégories de la colonne ``segment``).
SEGMENTS = ("Champions", "Fidèles", "Prometteurs", "Nouveaux", "À surveiller",
            "À ne pas perdre", "À risque", "Hibernants", "Perdus")

#: Grille R × F → segment : ``GRILLE_SEGMENTS[R - 1][F - 1]``.
GRILLE_SEGMENTS = (
    # F = 1          F = 2           F = 3        F = 4        F = 5
    ("Perdus",       "Perdus",       "À risque",  "À risque",  "À ne pas perdre"),  # R = 1
    ("Hibernants",   "Hibernants",   "À risque",  "À risque",  "À ne pas perdre"),  # R = 2
    ("À surveiller", "À surveiller", "Fidèles",   "Fidèles",   "Fidèles"),          # R = 3
    ("Prometteurs",  "Prometteurs",  "Fidèles",   "Fidèles",   "Champions"),        # R = 4
    ("Nouveaux",     "Prometteurs",  "Fidèles",   "Champions", "Champions"),        # R = 5
)

_CODES_GRILLE = np.array([[SEGMENTS.index(s) for s in ligne] for ligne in GRILLE_SEGMENTS],
                         dtype="int8")


def _score_quintile(valeurs):
    """Score 1–5 par quintile de rang, ex aequo « au plus bas » (plus grand = meilleur).

    place = 1 + nombre de clients strictement moins bons ; score = ⌈5 × place / n⌉.
    Des valeurs égales ont donc la même place, et le même score.
    """
    valeurs = np.asarray(valeurs, dtype="float64")
    n = valeurs.size
    place = np.searchsorted(np.sort(valeurs), valeurs, side="left") + 1
    return ((5 * place + n - 1) // n).astype("int64")  # ⌈5 × place / n⌉


def scores_rfm(transactions, date_reference, client="client_id", date="date_achat",
               montant="montant_ttc"):
    """Scores RFM (récence, fréquence, montant) et segment de chaque client.

    Pour chaque client : ``recence_jours`` = jours entre son dernier achat et
    ``date_reference`` ; ``frequence`` = nombre de commandes (lignes) ; ``montant`` =
    total dépensé. La récence se compte en jours du calendrier (heure locale si les dates
    ont un fuseau horaire). Chaque critère reçoit un score de 1 à 5 par quintiles de clients
    (5 = les 20 % meilleurs : achat le plus récent, le plus fréquent, le plus gros).
    Méthode RFM classique du marketing direct (Hughes A. M., *Strategic Database
    Marketing*, 1994 ; Kotler et Keller).

    Règle de calcul, critère par critère (n clients) : on range les clients du moins bon
    au meilleur ; la **place** d'un client vaut 1 + le nombre de clients qui font
    strictement moins bien que lui ; son score vaut place × 5 ÷ n, arrondi à l'entier
    supérieur (⌈5 × place / n⌉, comme ``rank(method="min")`` suivi d'un découpage en
    cinquièmes). **Deux clients à égalité ont donc toujours le même score**, quel que soit
    l'ordre des lignes : des ex aequo prennent tous la place du premier d'entre eux. Sans
    ex aequo, les cinq scores regroupent chacun 20 % des clients (à un client près) ; avec
    beaucoup d'ex aequo, certains scores restent vides. Exemple : si 52 % des clients n'ont
    passé qu'une commande, ils ont tous la place 1 et F = 1 ; les clients à deux commandes
    ont 52 % des clients derrière eux, donc F = ⌈5 × 0,52…⌉ = 3, et personne n'a F = 2.
    Les montants sont comparés au millionième d'euro près (deux totaux égaux au centime
    sont ex aequo).

    ``score`` est le texte « RFM » (par exemple ``"545"``). ``segment`` suit la grille
    R × F ci-dessous (``GRILLE_SEGMENTS``), le montant servant à classer à l'intérieur
    d'un segment :

    ========  ============  ============  =========  =========  ===============
    R \\ F     1             2             3          4          5
    ========  ============  ============  =========  =========  ===============
    5         Nouveaux      Prometteurs   Fidèles    Champions  Champions
    4         Prometteurs   Prometteurs   Fidèles    Fidèles    Champions
    3         À surveiller  À surveiller  Fidèles    Fidèles    Fidèles
    2         Hibernants    Hibernants    À risque   À risque   À ne pas perdre
    1         Perdus        Perdus        À risque   À risque   À ne pas perdre
    ========  ============  ============  =========  =========  ===============

    Soit : Champions (R = 5 et F ≥ 4, ou R = 4 et F = 5) ; Fidèles (R ≥ 3 et F ≥ 3,
    hors Champions) ; Nouveaux (R = 5, F = 1) ; Prometteurs (R ≥ 4, F ≤ 2, hors
    Nouveaux) ; À surveiller (R = 3, F ≤ 2) ; À ne pas perdre (R ≤ 2, F = 5 : de très
    bons clients qui ne viennent plus) ; À risque (R ≤ 2, F = 3 ou 4) ; Hibernants
    (R = 2, F ≤ 2) ; Perdus (R = 1, F ≤ 2).

    ``transactions`` : un ``DataFrame`` avec les colonnes ``client``, ``date`` (dates, ou
    texte « 2024-03-15 » / « 15/03/2024 ») et ``montant`` (≥ 0). ``date_reference`` :
    date d'analyse, postérieure ou égale au dernier achat. Renvoie un ``DataFrame`` indexé
    par client : recence_jours, frequence, montant, R, F, M, score, segment.

    >>> achats = pd.DataFrame({"client_id": ["a", "a", "b"],
    ...                        "date_achat": ["2024-01-10", "2024-03-01", "2024-02-01"],
    ...                        "montant_ttc": [20.0, 30.0, 100.0]})
    >>> rfm = scores_rfm(achats, "2024-03-31")
    >>> rfm["recence_jours"].tolist(), rfm["frequence"].tolist(), rfm["montant"].tolist()
    ([30, 59], [2, 1], [50.0, 100.0])
    >>> rfm["score"].tolist(), rfm["segment"].tolist()
    (['553', '335'], ['Champions', 'Fidèles'])
    """
    exiger_colonnes("transactions", transactions, [client, date, montant])
    dates = _en_dates(transactions, date)
    ids = _exiger_clients(transactions, client)
    montants = exiger_positif_ou_nul(f"transactions[{montant!r}]", transactions[montant])
    ref = _date_reference(date_reference, dates)

    table = pd.DataFrame({"client": ids.to_numpy(), "date": _heure_locale(dates).to_numpy(),
                          "montant": np.asarray(montants, dtype="float64")})
    # Ordre canonique des lignes : les sommes (et donc les scores) ne dépendent pas de l'ordre
    # dans lequel les achats ont été saisis.
    table = table.sort_values(["client", "date", "montant"], kind="mergesort", ignore_index=True)
    groupes = table.groupby("client", sort=True)
    derniere = groupes["date"].max()
    frequence = groupes.size()
    total = groupes["montant"].sum()

    # Jours du calendrier : un achat la veille au soir compte pour 1 jour.
    recence = ((ref.normalize() - derniere.dt.normalize()) // pd.Timedelta(days=1)).astype("int64").to_numpy()
    freq = frequence.to_numpy().astype("int64")
    mont = total.to_numpy()
    r = _score_quintile(-recence)
    f = _score_quintile(freq)
    m = _score_quintile(np.round(mont, 6))
    codes = _CODES_GRILLE[r - 1, f - 1]
    score = pd.Series(r.astype(str), dtype=object) + f.astype(str) + m.astype(str)

    index = pd.Index(derniere.index, name=client)
    return pd.DataFrame({
        "recence_jours": recence,
        "frequence": freq,
        "montant": mont,
        "R": r,
        "F": f,
        "M": m,
        "score": pd.array(score.to_numpy(dtype=object), dtype="str"),
        "segment": pd.Categorical.from_codes(codes, categories=list(SEGMENTS)),
    }, index=index)


def resume_segments(rfm):
    """Taille et poids de chaque segment RFM (un tableau pour la leçon).

    Pour chaque segment présent (dans l'ordre de ``SEGMENTS``) : ``clients`` (nombre),
    ``part_clients`` (fraction des clients), ``chiffre_affaires`` (somme des montants),
    ``part_ca`` (fraction du chiffre d'affaires total ; 0 si le total est nul) et
    ``panier_client`` (chiffre d'affaires moyen par client du segment).

    ``rfm`` : le résultat de :func:`scores_rfm` (colonnes ``montant`` et ``segment``).
    """
    exiger_colonnes("rfm", rfm, ["montant", "segment"])
    montants = exiger_positif_ou_nul("rfm['montant']", rfm["montant"])
    segments = rfm["segment"]
    if not isinstance(segments.dtype, pd.CategoricalDtype):
        segments = pd.Categorical(segments, categories=list(SEGMENTS))
        if pd.isna(segments).any():
            raise ValueError("rfm['segment'] contient un segment inconnu : utilisez le résultat "
                             f"de scores_rfm (segments possibles : {', '.join(SEGMENTS)}).")
    table = pd.DataFrame({"segment": segments, "montant": np.asarray(montants, dtype="float64")})
    groupes = table.groupby("segment", observed=True, sort=True)["montant"]
    resume = pd.DataFrame({"clients": groupes.size(), "chiffre_affaires": groupes.sum()})
    total_ca = resume["chiffre_affaires"].sum()
    resume["part_clients"] = resume["clients"] / resume["clients"].sum()
    resume["part_ca"] = resume["chiffre_affaires"] / total_ca if total_ca > 0 else 0.0
    resume["panier_client"] = resume["chiffre_affaires"] / resume["clients"]
    resume.index = pd.Index(resume.index.astype(str), name="segment")
    return resume[["clients", "part_clients", "chiffre_affaires", "part_ca", "panier_client"]]


# --------------------------------------------------------------------------- rétention annuelle

def acheteurs_par_annee(transactions, client="client_id", date="date_achat"):
    """Ensemble des clients qui ont acheté, pour chaque année civile.

    Renvoie une ``Series`` indexée par l'année dont chaque valeur est un ``set`` d'identifiants :
    ``acheteurs[2024] & acheteurs[2025]`` donne les clients présents les deux années,
    ``acheteurs[2024] - acheteurs[2025]`` ceux de 2024 qui n'ont plus acheté en 2025.
    """
    dates = _en_dates(transactions, date)
    ids = _exiger_clients(transactions, client)
    paires = pd.DataFrame({"annee": dates.dt.year.to_numpy(), "client": ids.to_numpy()})
    return paires.drop_duplicates().groupby("annee")["client"].agg(set).rename("acheteurs")


def retention_annuelle(transactions, client="client_id", date="date_achat"):
    """Clients gardés et perdus d'une année civile à la suivante.

    Pour chaque année A suivie d'une année A + 1 présente dans les données : ``clients``
    (acheteurs de l'année A), ``conserves`` (ceux qui achètent encore en A + 1), ``perdus``
    (ceux qui n'achètent plus), ``taux_retention`` = conservés / clients et
    ``taux_attrition`` = perdus / clients (via :mod:`relation_client.indicateurs`).
    Un client « perdu » peut revenir plus tard : c'est la définition usuelle en
    e-commerce, où aucun contrat ne dit quand un client part.

    Index : ``"2023 → 2024"``, ``"2024 → 2025"``…
    """

    par_annee = acheteurs_par_annee(transactions, client=client, date=date)
    lignes = {}
    for annee in par_annee.index:
        if annee + 1 not in par_annee.index:
            continue
        presents, suivants = par_annee[annee], par_annee[annee + 1]
        conserves = len(presents & suivants)
        lignes[f"{annee} → {annee + 1}"] = {"clients": len(presents), "conserves": conserves,
                                            "perdus": len(presents) - conserves}
    if not lignes:
        raise ValueError("transactions ne couvre pas deux années civiles consécutives : "
                         "impossible de mesurer qui est resté d'une année sur l'autre.")
    table = pd.DataFrame.from_dict(lignes, orient="index").rename_axis("periode")
    table["taux_retention"] = taux_retention(table["conserves"], table["clients"])
    table["taux_attrition"] = taux_attrition(table["perdus"], table["clients"])
    return table


# --------------------------------------------------------------------------- cohortes

_NOMS_PERIODES = {"M": "mois_ecoules", "Q": "trimestres_ecoules", "Y": "annees_ecoulees",
                  "W": "semaines_ecoulees", "D": "jours_ecoules"}


def cohortes_retention(transactions, client="client_id", date="date_achat", periode="M"):
    """Tableau de rétention par cohorte d'acquisition.

    Une cohorte = les clients dont le premier achat tombe le même mois (``periode="M"``,
    ou trimestre ``"Q"``, année ``"Y"``, semaine ``"W"``). Ligne : la cohorte
    (``pandas.Period``, affichée « 2024-01 ») ; colonne k : k périodes après le mois
    du premier achat ; valeur : part des clients de la cohorte qui ont acheté au moins
    une fois pendant cette période. La colonne 0 vaut 1 par construction.

    Les cases que les données ne permettent pas encore d'observer (une cohorte de
    mars ne peut pas avoir de recul de 10 mois si les données s'arrêtent en juin)
    valent NaN et s'affichent vides ; toutes les autres sont entre 0 et 1.

    >>> achats = pd.DataFrame({"client_id": ["a", "a", "b", "c", "c"],
    ...     "date_achat": ["2024-01-05", "2024-02-10", "2024-01-20", "2024-02-03", "2024-02-25"]})
    >>> table = cohortes_retention(achats)
    >>> table.index.astype(str).tolist(), table.columns.tolist()
    (['2024-01', '2024-02'], [0, 1])
    >>> table.to_numpy().tolist()
    [[1.0, 0.5], [1.0, nan]]
    """
    if periode not in _NOMS_PERIODES:
        raise ValueError(f"periode vaut {periode!r}, or elle doit valoir \"M\" (mois), \"Q\" "
                         "(trimestre), \"Y\" (année), \"W\" (semaine) ou \"D\" (jour).")
    exiger_colonnes("transactions", transactions, [client, date])
    dates = _en_dates(transactions, date)
    ids = _exiger_clients(transactions, client)
    dates = _heure_locale(dates)
    ordinal = dates.dt.to_period(periode).array.asi8
    codes_clients, _ = pd.factorize(ids, sort=False)
    premier = np.full(codes_clients.max() + 1, np.iinfo("int64").max, dtype="int64")
    np.minimum.at(premier, codes_clients, ordinal)
    cohorte = premier[codes_clients]
    age = ordinal - cohorte

    paires = pd.DataFrame({"client": codes_clients, "cohorte": cohorte, "age": age})
    paires = paires.drop_duplicates(["client", "age"])
    actifs = paires.groupby(["cohorte", "age"]).size().unstack("age", fill_value=0)
    taille = actifs[0]
    tableau = actifs.div(taille, axis=0).astype("float64")
    fin = int(ordinal.max())
    ages = tableau.columns.to_numpy()
    cohortes = tableau.index.to_numpy()
    observable = cohortes[:, None] + ages[None, :] <= fin
    tableau = tableau.where(observable)
    tableau.index = pd.PeriodIndex.from_ordinals(cohortes, freq=periode, name="cohorte")
    tableau.columns = pd.Index(ages.astype("int64"), name=_NOMS_PERIODES[periode])
    return tableau
