"""Valeur d'un client dans le temps (« customer lifetime value », CLV).

Toutes les fonctions sont pures : elles reçoivent des nombres (scalaires, listes,
tableaux NumPy ou ``pandas.Series``) et renvoient le même genre d'objet (``float``
pour des scalaires, ``Series`` pour des ``Series``). Les taux sont des fractions
(90 % s'écrit 0.9).

Convention de calendrier (valeur fondée sur la rétention)
----------------------------------------------------------
Le client est acquis à la date 0. La marge d'une période est encaissée **à la fin**
de cette période, et seulement si le client est encore là : pour toucher la marge de
l'année t, il doit avoir été retenu t fois (probabilité r**t). La première marge arrive
donc en t = 1 et vaut, actualisée, m × r / (1 + i). C'est la convention de Gupta et
Lehmann (2003, 2005), qui donne le « multiple de marge » r / (1 + i − r) :

    CLV = Σ_{t=1}^{∞} m × r^t / (1 + i)^t = m × r / (1 + i − r).

Variante (non implémentée ici, pour ne garder qu'une convention) : si la première
marge est encaissée dès l'acquisition (t = 0, sans condition de rétention), on ajoute
m à la valeur précédente : Σ_{t=0}^{∞} m r^t/(1+i)^t = m × (1 + i) / (1 + i − r).
Certains manuels (Kotler et Keller, *Marketing Management*) présentent cette variante ;
l'écart entre les deux est exactement une année de marge.

Sources : Gupta S. et Lehmann D. R., « Customers as Assets », *Journal of Interactive
Marketing*, 17(1), 2003 ; Gupta S. et Lehmann D. R., *Managing Customers as
Investments*, Wharton School Publishing, 2005 ; Berger P. D. et Nasr N. I.,
« Customer Lifetime Value: Marketing Models and Applications », *Journal of
Interactive Marketing*, 12(1), 1998 ; Kotler P. et Keller K. L., *Marketing
Management*. Le manuel de Terminale STMG du cours (source 001) définit la valeur à vie
comme la somme des profits qu'un client apporte pendant toute sa relation avec
l'entreprise.
"""

from __future__ import annotations


import numpy as np
import pandas as pd

from .controles import (
    exiger_compatibles,
    exiger_non_nul,
    sans_alerte_numpy,
    en_sortie,
    exiger_entier,
    exiger_nombre,
    exiger_positif_ou_nul,
    exiger_retention_actualisation,
    exiger_taux,
    exiger_compte,
)

__all__ = [
    "valeur_vie_simple",
    "multiple_marge",
    "valeur_vie_retention",
    "valeur_cumulee_par_annee",
    "valeur_nette",
    "ratio_clv_cac",
    "capital_client",
]

#: Horizon maximal accepté par :func:`valeur_cumulee_par_annee` (une ligne par année).
HORIZON_MAXIMAL = 1000


# --------------------------------------------------------------------------- aides privées



def _forme(x):
    """Forme d'un argument déjà validé (``()`` pour un scalaire)."""
    return np.shape(x)




def _exiger_scalaire(nom, valeur):
    if np.ndim(valeur) > 0:
        raise TypeError(f"{nom} doit être un seul nombre, or il a reçu plusieurs valeurs "
                        f"({np.size(valeur)}) : cette fonction trace une seule courbe.")
    return valeur


def _puissance_somme(r, i, horizon):
    """Σ_{t=1}^{T} q^t avec q = r / (1 + i), sous forme fermée.

    Écrite avec ``log1p``/``expm1`` pour rester précise quand q est très proche de 1
    (elle vaut exactement T quand q = 1, c'est-à-dire r = 1 et i = 0)."""
    r = np.asarray(r, dtype="float64")
    i = np.asarray(i, dtype="float64")
    horizon = np.asarray(horizon, dtype="float64")
    with np.errstate(divide="ignore", invalid="ignore", over="ignore", under="ignore"):
        log_q = np.log(r) - np.log1p(i)
        q = r / (1 + i)
        somme = q * np.expm1(horizon * log_q) / np.expm1(log_q)
    return np.where(log_q == 0, horizon, np.where(r == 0, 0.0, somme))


def _meme_genre(resultat, *modeles):
    """Renvoie ``resultat`` comme une ``Series`` si l'un des modèles en est une."""
    for modele in modeles:
        if isinstance(modele, pd.Series):
            return pd.Series(np.asarray(resultat, dtype="float64"), index=modele.index)
    return resultat


# --------------------------------------------------------------------------- formules

@sans_alerte_numpy
def valeur_vie_simple(panier_moyen, achats_par_an, taux_marque, duree_annees):
    """Valeur à vie « simple » d'un client, sans actualisation ni rétention.

    valeur = panier moyen HT × achats par an × taux de marque × durée de la relation (années).

    C'est l'approximation de départ des manuels (Kotler et Keller, *Marketing
    Management* ; manuel STMG, source 001 : la somme des profits réalisés avec le
    client pendant toute sa vie de client). Elle surestime la valeur, car elle ignore
    qu'un euro futur vaut moins qu'un euro aujourd'hui et que le client peut partir :
    comparez avec :func:`valeur_vie_retention`.

    ``taux_marque`` est la part du prix de vente HT qui reste en marge (marge ÷ prix de
    vente HT, :func:`relation_client.indicateurs.taux_marque`) : c'est lui, et non le taux
    de marge (marge ÷ coût d'achat), qu'on multiplie par un chiffre d'affaires. Le panier
    moyen est donc hors taxes (un panier TTC à 20 % de TVA se divise par 1,2). C'est une
    fraction (30 % s'écrit 0.3) ; ``achats_par_an`` et ``duree_annees`` peuvent être
    décimaux (0.5 achat par an, 2.5 ans).

    >>> valeur_vie_simple(60, 4, 0.3, 5)
    360.0
    """
    panier_moyen = exiger_positif_ou_nul("panier_moyen", panier_moyen)
    achats_par_an = exiger_positif_ou_nul("achats_par_an", achats_par_an)
    taux_marque = exiger_taux("taux_marque", taux_marque)
    duree_annees = exiger_positif_ou_nul("duree_annees", duree_annees)
    exiger_compatibles(panier_moyen=panier_moyen, achats_par_an=achats_par_an,
                        taux_marque=taux_marque, duree_annees=duree_annees)
    return en_sortie(panier_moyen * achats_par_an * taux_marque * duree_annees,
                     "valeur_vie_simple")


@sans_alerte_numpy
def multiple_marge(taux_retention, taux_actualisation):
    """Multiple de marge de Gupta et Lehmann : r / (1 + i − r).

    Multiplié par la marge annuelle m, il donne la valeur à vie d'un client sur un
    horizon infini, marge encaissée en fin d'année et seulement si le client est
    resté (voir la convention en tête du module). Il faut r < 1 + i.

    Exemples du tableau de Gupta et Lehmann (« Customers as Assets », 2003 ;
    *Managing Customers as Investments*, 2005) : r = 0.9 et i = 0.10 donnent 4.5 ;
    r = 0.8 et i = 0.12 donnent 2.5 ; r = 0.6 et i = 0.16 donnent environ 1.07.
    Autrement dit, un client vaut en général entre 1 et 5 années de marge.

    >>> round(multiple_marge(0.9, 0.10), 2)
    4.5
    >>> round(multiple_marge(0.6, 0.16), 2)
    1.07
    """
    taux_retention = exiger_taux("taux_retention", taux_retention)
    taux_actualisation = exiger_taux("taux_actualisation", taux_actualisation)
    exiger_compatibles(taux_retention=taux_retention, taux_actualisation=taux_actualisation)
    exiger_retention_actualisation(taux_retention, taux_actualisation)
    return en_sortie(taux_retention / (1 + taux_actualisation - taux_retention),
                     "multiple_marge")


@sans_alerte_numpy
def valeur_vie_retention(marge_annuelle, taux_retention, taux_actualisation, horizon=None):
    """Valeur à vie d'un client : marges futures espérées et actualisées.

    - horizon infini (``horizon=None``) : CLV = m × r / (1 + i − r), le multiple de
      marge de Gupta et Lehmann (2003, 2005) ; il faut r < 1 + i ;
    - horizon fini de T années : CLV = Σ_{t=1}^{T} m × r^t / (1 + i)^t.

    Même convention dans les deux cas : la marge m d'une année est encaissée en fin
    d'année, si le client est encore là (probabilité r^t) ; la première marge arrive
    en t = 1. Quand T grandit, la somme finie tend vers la formule infinie. Pour la
    variante « première marge encaissée à l'acquisition », ajoutez m au résultat
    (m × (1 + i) / (1 + i − r) en horizon infini). Sources : Gupta et Lehmann ;
    Berger et Nasr (1998), cas d'une marge constante.

    ``marge_annuelle`` est la marge (en euros) d'une année de client, ``taux_retention``
    la probabilité qu'un client encore là reste une année de plus, ``taux_actualisation``
    le coût de l'argent (10 % s'écrit 0.10), ``horizon`` un nombre entier d'années ≥ 1.

    >>> round(valeur_vie_retention(100, 0.9, 0.10), 2)
    450.0
    >>> round(valeur_vie_retention(100, 0.9, 0.10, horizon=3), 2)
    203.53
    """
    marge_annuelle = exiger_positif_ou_nul("marge_annuelle", marge_annuelle)
    taux_retention = exiger_taux("taux_retention", taux_retention)
    taux_actualisation = exiger_taux("taux_actualisation", taux_actualisation)
    if horizon is None:
        exiger_compatibles(marge_annuelle=marge_annuelle, taux_retention=taux_retention,
                            taux_actualisation=taux_actualisation)
        exiger_retention_actualisation(taux_retention, taux_actualisation)
        resultat = marge_annuelle * taux_retention / (1 + taux_actualisation - taux_retention)
        return en_sortie(resultat, "valeur_vie_retention")
    horizon = exiger_entier("horizon", horizon, minimum=1)
    exiger_compatibles(marge_annuelle=marge_annuelle, taux_retention=taux_retention,
                        taux_actualisation=taux_actualisation, horizon=horizon)
    resultat = (np.asarray(marge_annuelle, dtype="float64")
                * _puissance_somme(taux_retention, taux_actualisation, horizon))
    resultat = _meme_genre(resultat, marge_annuelle, taux_retention, taux_actualisation, horizon)
    return en_sortie(resultat, "valeur_vie_retention")


@sans_alerte_numpy
def valeur_cumulee_par_annee(marge_annuelle, taux_retention, taux_actualisation, horizon):
    """Valeur espérée et actualisée cumulée, année par année (la courbe du simulateur).

    valeur_cumulee(T) = Σ_{t=1}^{T} m × r^t / (1 + i)^t, pour T = 1, 2, …, horizon :
    chaque point est :func:`valeur_vie_retention` sur T années (même convention,
    marge encaissée en fin d'année). La courbe monte de moins en moins vite et
    s'approche du plafond m × r / (1 + i − r) quand r < 1 + i.

    Les trois premiers arguments sont des nombres uniques ; ``horizon`` est un entier
    entre 1 et 1000. Renvoie une ``pandas.Series`` nommée ``valeur_cumulee``, indexée
    par l'année (1 à horizon).

    >>> valeur_cumulee_par_annee(100, 0.9, 0.10, 3).round(2).tolist()
    [81.82, 148.76, 203.53]
    """
    marge_annuelle = _exiger_scalaire("marge_annuelle",
                                      exiger_positif_ou_nul("marge_annuelle", marge_annuelle))
    taux_retention = _exiger_scalaire("taux_retention", exiger_taux("taux_retention", taux_retention))
    taux_actualisation = _exiger_scalaire("taux_actualisation",
                                          exiger_taux("taux_actualisation", taux_actualisation))
    horizon = _exiger_scalaire("horizon", exiger_entier("horizon", horizon, minimum=1))
    if horizon > HORIZON_MAXIMAL:
        raise ValueError(f"horizon vaut {int(horizon)}, or la courbe est limitée à "
                         f"{HORIZON_MAXIMAL} années : choisissez un horizon plus court (par exemple 20).")
    annees = np.arange(1, int(horizon) + 1)
    q = float(taux_retention) / (1 + float(taux_actualisation))
    with np.errstate(under="ignore"):
        flux = float(marge_annuelle) * q ** annees
    serie = pd.Series(np.cumsum(flux), index=pd.Index(annees, name="annee"), name="valeur_cumulee")
    return en_sortie(serie, "valeur_cumulee_par_annee")


@sans_alerte_numpy
def valeur_nette(clv, cout_acquisition):
    """Valeur nette d'un client : CLV − coût d'acquisition (CAC).

    Un client ne crée de la valeur que si ce qu'il rapporte dépasse ce qu'il a coûté
    à conquérir (Gupta et Lehmann, 2005 : la valeur d'un client nouvellement acquis
    est sa CLV diminuée du coût d'acquisition). Le résultat peut être négatif : le
    client a coûté plus cher qu'il ne rapportera.

    >>> valeur_nette(450, 150)
    300.0
    """
    clv = exiger_positif_ou_nul("clv", clv)
    cout_acquisition = exiger_positif_ou_nul("cout_acquisition", cout_acquisition)
    exiger_compatibles(clv=clv, cout_acquisition=cout_acquisition)
    return en_sortie(clv - cout_acquisition, "valeur_nette")


@sans_alerte_numpy
def ratio_clv_cac(clv, cout_acquisition):
    """Rapport CLV / CAC : combien d'euros de valeur pour un euro dépensé à conquérir.

    ratio = CLV / coût d'acquisition. Une règle empirique répandue dans les
    entreprises d'abonnement (SaaS) vise un ratio d'environ 3 pour 1 ; c'est une
    habitude de praticiens, pas un résultat démontré : le bon seuil dépend de la
    façon de calculer la CLV (marge ou chiffre d'affaires, actualisée ou non) et du
    secteur. Un ratio inférieur à 1 signifie que le client coûte plus qu'il ne rapporte.

    >>> ratio_clv_cac(450, 150)
    3.0
    """
    clv = exiger_positif_ou_nul("clv", clv)
    cout_acquisition = exiger_non_nul(
        "cout_acquisition", exiger_positif_ou_nul("cout_acquisition", cout_acquisition),
        "impossible de calculer un ratio CLV / CAC avec un coût d'acquisition nul")
    exiger_compatibles(clv=clv, cout_acquisition=cout_acquisition)
    return en_sortie(clv / cout_acquisition, "ratio_clv_cac")


@sans_alerte_numpy
def capital_client(nombre_clients, valeur_par_client):
    """Capital client (« customer equity ») : somme des valeurs à vie d'une base de clients.

    capital client = Σ CLV des clients (Gupta et Lehmann, 2005 : la valeur d'une
    entreprise repose sur celle de sa base de clients). Trois façons de l'appeler,
    le résultat étant toujours un seul nombre (``float``) :

    - un nombre de clients et une valeur moyenne : ``capital_client(1000, 450)`` = 450 000 ;
    - une valeur par client : ``capital_client(len(clv), clv)``, où ``clv`` contient
      exactement ``nombre_clients`` valeurs ;
    - des segments : ``nombre_clients`` et ``valeur_par_client`` de même longueur
      (effectif et valeur moyenne de chaque segment), capital = Σ effectif × valeur.

    ``valeur_par_client`` peut être négatif (valeurs nettes du coût d'acquisition).

    >>> capital_client(1000, 450)
    450000.0
    >>> capital_client(3, [100, 250, 50])
    400.0
    """
    nombre_clients = exiger_compte("nombre_clients", nombre_clients)
    valeur_par_client = exiger_nombre("valeur_par_client", valeur_par_client)
    n_dim, v_dim = np.ndim(nombre_clients), np.ndim(valeur_par_client)
    if n_dim == 0 and v_dim > 0:
        taille = int(np.size(valeur_par_client))
        if taille != nombre_clients:
            raise ValueError(f"valeur_par_client contient {taille} valeur(s), or nombre_clients "
                             f"vaut {int(nombre_clients)} : donnez une valeur par client (autant "
                             "de valeurs que de clients) ou une seule valeur moyenne.")
        total = np.sum(np.asarray(valeur_par_client, dtype="float64"))
    else:
        exiger_compatibles(nombre_clients=nombre_clients, valeur_par_client=valeur_par_client)
        total = np.sum(np.asarray(nombre_clients, dtype="float64")
                       * np.asarray(valeur_par_client, dtype="float64"))
    return en_sortie(float(total), "capital_client")


