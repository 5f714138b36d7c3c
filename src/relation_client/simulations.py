"""Modèles des simulateurs du cours : purs, documentés, reproductibles.

Chaque fonction décrit un mécanisme simple, écrit une fois ici et repris par les
widgets des leçons. Les formules qui existent déjà ailleurs (taux, coût par lead,
coût d'acquisition, retour sur investissement, valeur à vie) sont **importées** de
:mod:`relation_client.indicateurs` et :mod:`relation_client.valeur`, jamais recopiées.

Ce sont des modèles d'enseignement : chacun énonce ses hypothèses, pour que l'élève
puisse les discuter (« dans quelles conditions ce chiffre est-il vrai ? »). Ils ne
prétendent pas prévoir l'avenir d'une entreprise réelle.

Conventions : taux en fractions (0.25 pour 25 %), montants en euros, effectifs de
personnes arrondis à l'unité la plus proche quand le modèle le précise ; tout tirage
aléatoire passe par ``numpy.random.default_rng(graine)`` (même graine, même résultat).
Les arguments sont des nombres uniques (pas de listes) : un appel = un scénario.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from .indicateurs import (
    cout_acquisition_client,
    cout_par_lead,
    cout_par_visite,
    retour_sur_investissement,
    taux_conversion,
)
from .controles import (
    exiger_au_plus,
    exiger_compte,
    exiger_entier,
    exiger_positif,
    exiger_positif_ou_nul,
    exiger_taux,
)
from .valeur import valeur_vie_simple

__all__ = [
    "TWEETS_HM_2018",
    "entonnoir",
    "pression_email",
    "diffusion_bad_buzz",
    "effet_bloqueurs",
    "programme_points",
    "repartition_budget",
    "courbe_repartition_budget",
    "meilleure_repartition",
    "roi_influence",
]

#: Nombre de tweets suscités par le bad buzz de H&M en janvier 2018 (photo d'un enfant
#: portant un sweat « Coolest Monkey in the Jungle »), d'après le manuel de Terminale STMG
#: du cours (source 001, partie C) ; ligne ``hm_bad_buzz_tweets`` de ``chiffres_cles.csv``.
TWEETS_HM_2018 = 2_300_000


# --------------------------------------------------------------------------- aides

def _scalaire(nom, valeur):
    """Refuse une liste ou une série : un simulateur calcule un seul scénario à la fois."""
    if isinstance(valeur, (list, tuple, np.ndarray, pd.Series, pd.DataFrame)) and np.ndim(valeur) > 0:
        raise TypeError(f"{nom} doit être un seul nombre, or il a reçu plusieurs valeurs : "
                        "un simulateur calcule un scénario à la fois (faites une boucle pour en comparer plusieurs).")
    return valeur


def _nombre(nom, valeur, verif):
    return verif(nom, _scalaire(nom, valeur))


def _arrondi(x) -> float:
    """Arrondi à l'unité la plus proche (0,5 → 1), pour des effectifs de personnes."""
    return float(math.floor(x + 0.5))


# --------------------------------------------------------------------------- entonnoir

def entonnoir(visites, taux_lead, taux_premier_achat, taux_second_achat, depense):
    """Entonnoir de conquête : visites → leads → premier achat → second achat.

    Modèle (manuel STMG, source 001 ; entonnoir de vente, source 002) : chaque étape
    retient une part de la précédente.

    - leads = visites × taux_lead (contacts obtenus : inscription, formulaire…) ;
    - premiers_achats = leads × taux_premier_achat (clients gagnés) ;
    - clients_fideles = premiers_achats × taux_second_achat (clients revenus une 2e fois) ;

    chaque effectif est arrondi à la personne près. La dépense est celle de la
    campagne qui a amené les visites ; on en déduit le coût par lead
    (:func:`~relation_client.indicateurs.cout_par_lead`) et le coût d'acquisition
    client (:func:`~relation_client.indicateurs.cout_acquisition_client`), et la
    conversion globale visites → clients (:func:`~relation_client.indicateurs.taux_conversion`).

    Renvoie un dictionnaire : ``visites``, ``leads``, ``premiers_achats``,
    ``clients_fideles``, ``taux_lead``, ``taux_premier_achat``, ``taux_second_achat``
    (les taux de passage de chaque étape), ``conversion_globale``, ``depense``,
    ``cout_par_lead``, ``cout_acquisition_client``.

    Lève une ``ValueError`` en français s'il n'y a aucun lead ou aucun client (un coût
    par lead ou par client n'a alors pas de sens).

    >>> r = entonnoir(10_000, 0.05, 0.2, 0.3, 5_000)
    >>> r["leads"], r["premiers_achats"], r["clients_fideles"], r["cout_acquisition_client"]
    (500.0, 100.0, 30.0, 50.0)
    """
    visites = _nombre("visites", visites, exiger_compte)
    taux_lead = _nombre("taux_lead", taux_lead, exiger_taux)
    taux_premier_achat = _nombre("taux_premier_achat", taux_premier_achat, exiger_taux)
    taux_second_achat = _nombre("taux_second_achat", taux_second_achat, exiger_taux)
    depense = _nombre("depense", depense, exiger_positif_ou_nul)
    leads = _arrondi(visites * taux_lead)
    premiers = _arrondi(leads * taux_premier_achat)
    fideles = _arrondi(premiers * taux_second_achat)
    return {
        "visites": visites,
        "leads": leads,
        "premiers_achats": premiers,
        "clients_fideles": fideles,
        "taux_lead": taux_lead,
        "taux_premier_achat": taux_premier_achat,
        "taux_second_achat": taux_second_achat,
        "conversion_globale": taux_conversion(premiers, visites),
        "depense": depense,
        "cout_par_lead": cout_par_lead(depense, leads),
        "cout_acquisition_client": cout_acquisition_client(depense, premiers),
    }


# --------------------------------------------------------------------------- e-mails

def pression_email(taille_base, envois_par_mois, taux_ouverture, taux_clics,
                   taux_desabonnement_base, sensibilite_pression, mois=12):
    """Pression marketing par e-mail : plus d'envois, plus de désabonnements.

    Hypothèses (modèle d'enseignement, à discuter) :

    - la base est fermée : ``taille_base`` abonnés au départ, aucune nouvelle inscription ;
    - chaque mois, ``envois_par_mois`` e-mails partent, chacun à tous les abonnés restants ;
    - la **pression** vaut p = 1 + sensibilite_pression × (envois_par_mois − 1) : elle vaut 1
      pour un e-mail par mois et augmente avec chaque e-mail supplémentaire ;
    - la probabilité de se désabonner à chaque e-mail reçu est
      u = taux_desabonnement_base × p (plafonnée à 1) : trop d'e-mails agacent, comme le
      décrit le manuel STMG (source 001, partie C : rejet de l'intrusion) ;
    - la lassitude fait baisser l'attention : taux d'ouverture et de clics par e-mail
      valent taux_ouverture / p et taux_clics / p ;
    - les nombres sont des **espérances** (moyennes, non arrondies) : pas de hasard.

    Avec ``sensibilite_pression = 0``, envoyer plus ne coûte rien ; plus elle est
    grande, plus chaque e-mail supplémentaire fait fuir. Les taux de départ sont ceux
    d'un e-mail isolé (taux d'ouverture et de clics rapportés aux e-mails délivrés,
    comme dans :mod:`relation_client.indicateurs`).

    Renvoie un ``DataFrame`` d'une ligne par mois : ``mois``, ``abonnes_debut``,
    ``envois``, ``ouvertures``, ``clics``, ``desabonnements``, ``abonnes_fin``, et les
    taux effectifs par e-mail ``taux_ouverture_email``, ``taux_clics_email``,
    ``taux_desabonnement_email``. Conservation : abonnes_fin = abonnes_debut − desabonnements,
    et l'abonnes_debut d'un mois est l'abonnes_fin du précédent.

    >>> t = pression_email(10_000, 1, 0.25, 0.03, 0.002, 0.3, mois=2)
    >>> t["desabonnements"].round(2).tolist()
    [20.0, 19.96]
    """
    taille_base = _nombre("taille_base", taille_base, exiger_compte)
    envois_par_mois = _nombre("envois_par_mois", envois_par_mois, exiger_entier)
    taux_ouverture = _nombre("taux_ouverture", taux_ouverture, exiger_taux)
    taux_clics = _nombre("taux_clics", taux_clics, exiger_taux)
    exiger_au_plus("taux_clics", taux_clics, "taux_ouverture", taux_ouverture)
    base = _nombre("taux_desabonnement_base", taux_desabonnement_base, exiger_taux)
    sensibilite = _nombre("sensibilite_pression", sensibilite_pression, exiger_positif_ou_nul)
    mois = _nombre("mois", mois, lambda n, v: exiger_entier(n, v, minimum=1))
    if envois_par_mois > 100:
        raise ValueError(f"envois_par_mois vaut {int(envois_par_mois)}, or le modèle s'arrête à 100 "
                         "e-mails par mois (plus de trois par jour).")
    if mois > 240:
        raise ValueError(f"mois vaut {int(mois)}, or la simulation est limitée à 240 mois (20 ans).")
    n = int(envois_par_mois)
    pression = 1.0 + sensibilite * max(n - 1, 0)
    u = min(1.0, base * pression)
    o = taux_ouverture / pression
    c = taux_clics / pression
    lignes = []
    abonnes = taille_base
    for m in range(1, int(mois) + 1):
        debut = abonnes
        envois = ouvertures = clics = 0.0
        for _ in range(n):
            envois += abonnes
            ouvertures += abonnes * o
            clics += abonnes * c
            abonnes *= 1 - u  # jamais négatif, même si u = 1
        desabonnements = debut - abonnes
        lignes.append((m, debut, envois, ouvertures, clics, desabonnements, abonnes))
    tableau = pd.DataFrame(lignes, columns=["mois", "abonnes_debut", "envois", "ouvertures", "clics",
                                            "desabonnements", "abonnes_fin"])
    tableau["taux_ouverture_email"] = o
    tableau["taux_clics_email"] = c
    tableau["taux_desabonnement_email"] = u
    return tableau


# --------------------------------------------------------------------------- bad buzz

def diffusion_bad_buzz(messages_initiaux, taux_partage, audience_moyenne, jours,
                       jour_reponse=None, efficacite_reponse=0.7, graine=2018,
                       population=20_000_000, lassitude=0.15):
    """Propagation d'un message négatif sur un réseau social (bouche-à-oreille négatif).

    Modèle de contagion (de type SIR, simplifié, tiré au hasard avec une graine) :

    - ``population`` internautes peuvent parler de l'affaire ; chacun publie au plus une
      fois (ensuite il passe à autre chose) ;
    - le jour 0, ``messages_initiaux`` messages sont publiés ;
    - chaque message du jour t − 1 est vu, le jour t, par ``audience_moyenne`` internautes
      pris au hasard ; un internaute qui n'a pas encore publié en voit au moins un avec la
      probabilité 1 − exp(−audience_moyenne × messages de la veille / population) ;
    - s'il en voit un, il publie à son tour avec la probabilité ``taux_partage``, qui
      s'émousse chaque jour (``lassitude`` : × (1 − lassitude) par jour écoulé) ;
    - à partir de ``jour_reponse`` (si la marque répond : excuses, retrait du produit…),
      l'envie de partager est multipliée par (1 − ``efficacite_reponse``) ;
    - le nombre de nouveaux messages du jour suit une loi binomiale (hasard reproductible :
      ``numpy.random.default_rng(graine)``).

    Au début, un message en engendre en moyenne R = taux_partage × audience_moyenne le
    lendemain (« nombre de reproduction ») : au-dessus de 1 l'affaire enfle, en dessous
    elle s'éteint. Ordre de grandeur réel à comparer : le bad buzz de H&M en 2018 a
    suscité 2,3 millions de tweets (:data:`TWEETS_HM_2018`, source 001).

    Renvoie un ``DataFrame`` d'une ligne par jour (0 à ``jours``) : ``jour``,
    ``nouveaux_messages``, ``cumul_messages``, ``taux_partage_effectif``,
    ``nombre_reproduction`` (R du jour, compte tenu de la lassitude, de la réponse et des
    internautes qui ont déjà publié).

    >>> t = diffusion_bad_buzz(100, 0.01, 300, jours=10, graine=1)
    >>> int(t["nouveaux_messages"].iloc[0]), bool(t["cumul_messages"].is_monotonic_increasing)
    (100, True)
    """
    messages_initiaux = _nombre("messages_initiaux", messages_initiaux, exiger_compte)
    taux_partage = _nombre("taux_partage", taux_partage, exiger_taux)
    audience = _nombre("audience_moyenne", audience_moyenne, exiger_positif_ou_nul)
    jours = _nombre("jours", jours, lambda n, v: exiger_entier(n, v, minimum=1))
    efficacite = _nombre("efficacite_reponse", efficacite_reponse, exiger_taux)
    population = _nombre("population", population, exiger_positif)
    population = exiger_compte("population", population)
    lassitude = _nombre("lassitude", lassitude, exiger_taux)
    graine = _nombre("graine", graine, exiger_entier)
    if jours > 365:
        raise ValueError(f"jours vaut {int(jours)}, or la simulation est limitée à 365 jours.")
    exiger_au_plus("messages_initiaux", messages_initiaux, "population", population)
    if jour_reponse is not None:
        jour_reponse = _nombre("jour_reponse", jour_reponse, lambda n, v: exiger_entier(n, v, minimum=1))
    rng = np.random.default_rng(int(graine))
    restants = int(population - messages_initiaux)
    veille = int(messages_initiaux)
    lignes = [(0, veille, veille, taux_partage,
               taux_partage * audience * restants / population)]
    cumul = veille
    for t in range(1, int(jours) + 1):
        taux = taux_partage * (1 - lassitude) ** (t - 1)
        if jour_reponse is not None and t >= jour_reponse:
            taux *= 1 - efficacite
        exposition = -math.expm1(-audience * veille / population)
        nouveaux = int(rng.binomial(restants, min(1.0, taux * exposition))) if restants > 0 else 0
        restants -= nouveaux
        cumul += nouveaux
        veille = nouveaux
        lignes.append((t, nouveaux, cumul, taux, taux * audience * restants / population))
    return pd.DataFrame(lignes, columns=["jour", "nouveaux_messages", "cumul_messages",
                                         "taux_partage_effectif", "nombre_reproduction"])


# --------------------------------------------------------------------------- bloqueurs

def effet_bloqueurs(impressions_prevues, taux_bloqueurs, cpm):
    """Effet des bloqueurs de publicité (ad-blockers) sur un éditeur et un annonceur.

    Hypothèses : une part ``taux_bloqueurs`` des affichages prévus n'a pas lieu (les
    internautes équipés d'un bloqueur ne voient pas la publicité), et l'éditeur est payé
    au CPM (coût pour mille impressions affichées, en euros). Le manuel STMG (source 001,
    partie C) présente les bloqueurs comme une réponse des internautes à une publicité
    jugée intrusive, et une menace pour les revenus des éditeurs.

    - impressions_perdues = impressions_prevues × taux_bloqueurs (arrondi à l'unité) ;
    - revenu = impressions / 1000 × cpm (prévu, perdu, réel) ;
    - pour l'annonceur, la même part de son audience ne voit jamais son message.

    >>> r = effet_bloqueurs(2_000_000, 0.25, 3.0)
    >>> r["impressions_perdues"], r["revenu_perdu"], r["revenu_reel"]
    (500000.0, 1500.0, 4500.0)
    """
    impressions = _nombre("impressions_prevues", impressions_prevues, exiger_compte)
    taux = _nombre("taux_bloqueurs", taux_bloqueurs, exiger_taux)
    cpm = _nombre("cpm", cpm, exiger_positif_ou_nul)
    perdues = _arrondi(impressions * taux)
    affichees = impressions - perdues
    return {
        "impressions_prevues": impressions,
        "impressions_affichees": affichees,
        "impressions_perdues": perdues,
        "part_audience_perdue": taux,
        "revenu_prevu": impressions / 1000 * cpm,
        "revenu_perdu": perdues / 1000 * cpm,
        "revenu_reel": affichees / 1000 * cpm,
    }


# --------------------------------------------------------------------------- programme de points

def programme_points(clients, panier_moyen, achats_par_an, taux_marque, taux_remise_points,
                     cout_gestion_par_client, hausse_frequence, hausse_retention=0.0,
                     taux_utilisation_points=1.0):
    """Coûts et bénéfices d'un programme de fidélité à points, sur une année.

    Hypothèses (à discuter avec le manuel STMG, source 001 : clubs et points ; et la
    critique d'un « cumul des points lent » qui fait rejeter ces programmes) :

    - tous les ``clients`` adhèrent ; le programme fait acheter plus souvent
      (``achats_par_an`` × (1 + ``hausse_frequence``)) et retient des clients qui
      seraient partis : clients × ``hausse_retention`` clients de plus achètent cette année ;
    - les points valent une remise de ``taux_remise_points`` sur le chiffre d'affaires
      réalisé avec le programme, dont seule une part ``taux_utilisation_points`` est
      réellement utilisée (des points expirent) ;
    - gérer le programme (carte, application, envois) coûte ``cout_gestion_par_client``
      euros par adhérent et par an.

    La marge supplémentaire est celle du chiffre d'affaires en plus
    (:func:`~relation_client.valeur.valeur_vie_simple` sur un an, appliquée à chaque
    client avec et sans programme) : ``taux_marque`` est la marge ÷ prix de vente HT
    (:func:`~relation_client.indicateurs.taux_marque`), et ``panier_moyen`` un panier hors
    taxes (un panier TTC à 20 % de TVA se divise par 1,2). Les chiffres d'affaires renvoyés
    sont donc hors taxes ; une remise en pourcentage pèse la même part du HT et du TTC. Le ROI est
    :func:`~relation_client.indicateurs.retour_sur_investissement` (marge en plus, coût).

    Renvoie un dictionnaire : ``chiffre_affaires_sans``, ``chiffre_affaires_avec``,
    ``marge_supplementaire``, ``cout_points``, ``cout_gestion``, ``cout_total``,
    ``benefice_net``, ``retour_sur_investissement`` (``None`` si le programme ne coûte
    rien), ``hausse_frequence_equilibre`` (hausse de fréquence qui rendrait le bénéfice
    nul, ``hausse_retention`` restant fixée ; 0 si le programme est rentable sans achat en
    plus ; ``None`` si aucune hausse n'y suffit, quand la remise utilisée atteint la marge).

    >>> r = programme_points(1000, 50, 4, 0.4, 0.05, 2, 0.10)
    >>> round(r["marge_supplementaire"], 2), round(r["cout_points"], 2), round(r["benefice_net"], 2)
    (8000.0, 11000.0, -5000.0)
    """
    clients = _nombre("clients", clients, exiger_compte)
    panier = _nombre("panier_moyen", panier_moyen, exiger_positif_ou_nul)
    achats = _nombre("achats_par_an", achats_par_an, exiger_positif_ou_nul)
    marge = _nombre("taux_marque", taux_marque, exiger_taux)
    remise = _nombre("taux_remise_points", taux_remise_points, exiger_taux)
    gestion = _nombre("cout_gestion_par_client", cout_gestion_par_client, exiger_positif_ou_nul)
    hausse_f = _nombre("hausse_frequence", hausse_frequence, exiger_positif_ou_nul)
    hausse_r = _nombre("hausse_retention", hausse_retention, exiger_taux)
    utilisation = _nombre("taux_utilisation_points", taux_utilisation_points, exiger_taux)
    if hausse_f > 10:
        raise ValueError(f"hausse_frequence vaut {hausse_f:g}, or c'est une fraction : +10 % "
                         "d'achats s'écrit 0.1 (une hausse de plus de 1 000 % n'est pas réaliste).")
    clients_avec = clients * (1 + hausse_r)
    achats_avec = achats * (1 + hausse_f)
    ca_sans = clients * valeur_vie_simple(panier, achats, 1.0, 1)
    ca_avec = clients_avec * valeur_vie_simple(panier, achats_avec, 1.0, 1)
    marge_sup = (clients_avec * valeur_vie_simple(panier, achats_avec, marge, 1)
                 - clients * valeur_vie_simple(panier, achats, marge, 1))
    cout_points = ca_avec * remise * utilisation
    cout_gestion = clients_avec * gestion
    cout_total = cout_points + cout_gestion
    # Équilibre : C'·p·a·(1+h)·(m − d·u) − C·p·a·m − C'·g = 0, résolu en h.
    net_par_euro = marge - remise * utilisation
    base = clients_avec * panier * achats
    if net_par_euro > 0 and base > 0:
        equilibre = max(0.0, (clients * panier * achats * marge + cout_gestion) / (base * net_par_euro) - 1)
    else:
        equilibre = None
    return {
        "chiffre_affaires_sans": ca_sans,
        "chiffre_affaires_avec": ca_avec,
        "marge_supplementaire": marge_sup,
        "cout_points": cout_points,
        "cout_gestion": cout_gestion,
        "cout_total": cout_total,
        "benefice_net": marge_sup - cout_total,
        "retour_sur_investissement": (retour_sur_investissement(marge_sup, cout_total)
                                      if cout_total > 0 else None),
        "hausse_frequence_equilibre": equilibre,
    }


# --------------------------------------------------------------------------- budget

def _budget_verifie(budget, part_fidelisation, cout_acquisition_client, taux_retention_base,
                    marge_annuelle, clients_actuels, efficacite_fidelisation, annees,
                    taux_actualisation):
    budget = _nombre("budget", budget, exiger_positif_ou_nul)
    part = _nombre("part_fidelisation", part_fidelisation, exiger_taux)
    cac = _nombre("cout_acquisition_client", cout_acquisition_client, exiger_positif)
    r0 = _nombre("taux_retention_base", taux_retention_base, exiger_taux)
    marge = _nombre("marge_annuelle", marge_annuelle, exiger_positif_ou_nul)
    clients = _nombre("clients_actuels", clients_actuels, exiger_compte)
    efficacite = _nombre("efficacite_fidelisation", efficacite_fidelisation, exiger_taux)
    annees = _nombre("annees", annees, lambda n, v: exiger_entier(n, v, minimum=1))
    i = _nombre("taux_actualisation", taux_actualisation, exiger_taux)
    if efficacite >= 1:
        raise ValueError("efficacite_fidelisation vaut 1, or c'est la part des départs évitée par "
                         "chaque euro : elle doit rester inférieure à 1 (par exemple 0.02).")
    if annees > 50:
        raise ValueError(f"annees vaut {int(annees)}, or la simulation est limitée à 50 ans.")
    return budget, part, cac, r0, marge, clients, efficacite, int(annees), i


def _simuler_budget(parts, budget, cac, r0, marge, clients, efficacite, annees, i):
    """Cœur vectorisé (un scénario par part) ; renvoie un dict de tableaux (années × parts)."""
    parts = np.atleast_1d(np.asarray(parts, dtype="float64"))
    depense_fid = budget * parts
    depense_acq = budget * (1 - parts)
    nouveaux = depense_acq / cac
    c = np.full(parts.shape, clients, dtype="float64")
    colonnes = {k: [] for k in ("clients_debut", "depense_par_client", "taux_retention",
                                "clients_conserves", "nouveaux_clients", "clients_fin",
                                "marge", "profit", "profit_actualise")}
    for t in range(1, annees + 1):
        with np.errstate(divide="ignore", invalid="ignore"):
            par_client = np.where(c > 0, depense_fid / np.where(c > 0, c, 1.0), 0.0)
        retention = 1 - (1 - r0) * (1 - efficacite) ** par_client
        conserves = c * retention
        fin = conserves + nouveaux
        marge_t = marge * fin
        profit = marge_t - budget
        for cle, valeur in (("clients_debut", c), ("depense_par_client", par_client),
                            ("taux_retention", retention), ("clients_conserves", conserves),
                            ("nouveaux_clients", nouveaux), ("clients_fin", fin),
                            ("marge", marge_t), ("profit", profit),
                            ("profit_actualise", profit / (1 + i) ** t)):
            colonnes[cle].append(np.broadcast_to(valeur, parts.shape).copy())
        c = fin
    return {cle: np.vstack(v) for cle, v in colonnes.items()}, depense_acq, depense_fid


def repartition_budget(budget, part_fidelisation, cout_acquisition_client, taux_retention_base,
                       marge_annuelle, clients_actuels, efficacite_fidelisation, annees=3,
                       taux_actualisation=0.10):
    """Partager un budget annuel fixe entre conquête et fidélisation : profit sur quelques années.

    La question centrale du cours (leçon 06) : et si l'entreprise dépensait autant
    pour garder ses clients que pour en gagner ? Selon Genesys (source 000), les
    entreprises ne consacreraient qu'environ 2 % de leur budget aux clients existants.

    Hypothèses (modèle d'enseignement) :

    - chaque année, ``budget`` euros sont dépensés : une part ``part_fidelisation`` pour
      garder les clients, le reste pour en conquérir ;
    - **conquête à coût constant** : nouveaux clients = dépense de conquête /
      ``cout_acquisition_client`` (chaque euro rapporte autant de clients que le précédent) ;
    - **fidélisation à rendement décroissant** : avec f euros dépensés par client présent
      en début d'année, la part des clients qui partent devient
      (1 − taux_retention_base) × (1 − efficacite_fidelisation)^f. Chaque euro évite une part
      ``efficacite_fidelisation`` des départs *qui restent* : le premier euro est le plus
      utile, et la rétention n'atteint jamais 100 %. D'où un optimum intérieur ;
    - l'année t, les clients conservés et les nouveaux clients rapportent chacun
      ``marge_annuelle`` ; le profit de l'année est cette marge moins le budget ; il est
      actualisé en fin d'année, /(1 + taux_actualisation)^t (convention de
      :mod:`relation_client.valeur`) ;
    - la valeur des clients encore là après le dernier exercice n'est pas comptée
      (comparez ``clients_fin`` d'un scénario à l'autre) ;
    - ``taux_retention_base`` est la rétention **sans aucune action de fidélisation**. Une
      rétention mesurée sur des données réelles inclut déjà l'effet des actions en cours
      (e-mails, programme…) : la prendre comme base surestime un peu l'effet de la dépense
      actuelle de fidélisation.

    Renvoie un ``DataFrame`` d'une ligne par année (index ``annee``) : ``clients_debut``,
    ``depense_acquisition``, ``depense_fidelisation``, ``depense_par_client``,
    ``taux_retention``, ``clients_conserves``, ``nouveaux_clients``, ``clients_fin``,
    ``marge``, ``profit``, ``profit_actualise``. Le profit total (actualisé) est
    ``tableau["profit_actualise"].sum()``, aussi rangé dans ``tableau.attrs["profit_total"]``.
    Les effectifs sont des moyennes (non arrondies).

    >>> t = repartition_budget(100_000, 0.0, 100, 0.6, 50, 1_000, 0.02, annees=1, taux_actualisation=0)
    >>> float(t["clients_fin"].iloc[0]), float(t["profit"].iloc[0])
    (1600.0, -20000.0)
    """
    budget, part, cac, r0, marge, clients, efficacite, annees, i = _budget_verifie(
        budget, part_fidelisation, cout_acquisition_client, taux_retention_base, marge_annuelle,
        clients_actuels, efficacite_fidelisation, annees, taux_actualisation)
    colonnes, acq, fid = _simuler_budget([part], budget, cac, r0, marge, clients, efficacite, annees, i)
    tableau = pd.DataFrame({cle: v[:, 0] for cle, v in colonnes.items()},
                           index=pd.Index(range(1, annees + 1), name="annee"))
    tableau.insert(1, "depense_acquisition", float(acq[0]))
    tableau.insert(2, "depense_fidelisation", float(fid[0]))
    tableau.attrs["profit_total"] = float(tableau["profit_actualise"].sum())
    return tableau


def courbe_repartition_budget(budget, cout_acquisition_client, taux_retention_base, marge_annuelle,
                              clients_actuels, efficacite_fidelisation, annees=3,
                              taux_actualisation=0.10, parts=101):
    """Profit total actualisé de :func:`repartition_budget` pour chaque part de fidélisation.

    ``parts`` : un nombre de points régulièrement espacés entre 0 et 1 (101 : tous les 1 %)
    ou une liste de parts. Renvoie un ``DataFrame`` : ``part_fidelisation``,
    ``profit_total``, ``clients_fin``, ``taux_retention_moyen``.
    """
    budget, _, cac, r0, marge, clients, efficacite, annees, i = _budget_verifie(
        budget, 0.0, cout_acquisition_client, taux_retention_base, marge_annuelle,
        clients_actuels, efficacite_fidelisation, annees, taux_actualisation)
    if isinstance(parts, (int, np.integer)) and not isinstance(parts, bool):
        if parts < 2 or parts > 10_001:
            raise ValueError(f"parts vaut {parts}, or il faut entre 2 et 10 001 points.")
        grille = np.linspace(0.0, 1.0, int(parts))
    else:
        grille = np.asarray(exiger_taux("parts", parts), dtype="float64").ravel()
    colonnes, _, _ = _simuler_budget(grille, budget, cac, r0, marge, clients, efficacite, annees, i)
    return pd.DataFrame({
        "part_fidelisation": grille,
        "profit_total": colonnes["profit_actualise"].sum(axis=0),
        "clients_fin": colonnes["clients_fin"][-1],
        "taux_retention_moyen": colonnes["taux_retention"].mean(axis=0),
    })


def meilleure_repartition(budget, cout_acquisition_client, taux_retention_base, marge_annuelle,
                          clients_actuels, efficacite_fidelisation, annees=3,
                          taux_actualisation=0.10, pas=0.01):
    """Part de fidélisation qui maximise le profit total actualisé (recherche sur une grille).

    ``pas`` est l'écart entre deux parts essayées (0.01 : tous les 1 %). Renvoie un
    dictionnaire ``part_fidelisation``, ``profit_total``.
    """
    pas = exiger_positif("pas", _scalaire("pas", pas))
    if pas > 0.5:
        raise ValueError(f"pas vaut {pas:g}, or il doit rester inférieur à 0.5 (par exemple 0.01).")
    points = int(round(1 / pas)) + 1
    courbe = courbe_repartition_budget(budget, cout_acquisition_client, taux_retention_base,
                                       marge_annuelle, clients_actuels, efficacite_fidelisation,
                                       annees, taux_actualisation, parts=points)
    meilleur = int(np.argmax(courbe["profit_total"].to_numpy()))
    return {"part_fidelisation": float(courbe["part_fidelisation"].iloc[meilleur]),
            "profit_total": float(courbe["profit_total"].iloc[meilleur])}


# --------------------------------------------------------------------------- influence

def roi_influence(cout, portee, taux_engagement, taux_visite, taux_conversion, panier_moyen,
                  taux_marque):
    """Retour sur investissement d'une campagne d'influence.

    Chaîne de conversion (cas Birchbox et Ribena du manuel STMG, source 001) :

    - interactions = portée × taux_engagement (j'aime, commentaires, partages) ;
    - visites = interactions × taux_visite (part des internautes engagés qui vont sur le
      site de la marque) ;
    - ventes = visites × taux_conversion ;
    - chiffre d'affaires HT = ventes × panier moyen HT ; marge = chiffre d'affaires HT ×
      taux de marque (marge ÷ prix de vente HT, :func:`~relation_client.indicateurs.taux_marque`) ;

    chaque effectif est arrondi à la personne près. Le coût par visiteur vaut
    coût / visites ; le ROI est calculé sur la **marge** (et non sur le chiffre
    d'affaires) par :func:`~relation_client.indicateurs.retour_sur_investissement`.
    Hypothèse forte : seules les ventes directes et immédiates comptent (ni image de
    marque, ni achats ultérieurs : dans le cas Ribena, +10 % d'image de marque n'y figure pas).

    >>> r = roi_influence(5_000, 400_000, 0.05, 0.25, 0.04, 40, 0.5)
    >>> r["visites"], r["ventes"], r["cout_par_visiteur"], r["retour_sur_investissement"]
    (5000.0, 200.0, 1.0, -0.2)
    """
    cout = _nombre("cout", cout, exiger_positif_ou_nul)
    portee = _nombre("portee", portee, exiger_compte)
    engagement = _nombre("taux_engagement", taux_engagement, exiger_taux)
    visite = _nombre("taux_visite", taux_visite, exiger_taux)
    conversion = _nombre("taux_conversion", taux_conversion, exiger_taux)
    panier = _nombre("panier_moyen", panier_moyen, exiger_positif_ou_nul)
    marge_taux = _nombre("taux_marque", taux_marque, exiger_taux)
    interactions = _arrondi(portee * engagement)
    visites = _arrondi(interactions * visite)
    ventes = _arrondi(visites * conversion)
    if visites == 0:
        raise ValueError("la campagne n'amène aucun visiteur (portee × taux_engagement × taux_visite "
                         "arrondi à 0) : impossible de calculer un coût par visiteur. Augmentez la "
                         "portée ou les taux.")
    chiffre_affaires = ventes * panier
    marge = chiffre_affaires * marge_taux
    return {
        "cout": cout,
        "interactions": interactions,
        "visites": visites,
        "ventes": ventes,
        "chiffre_affaires": chiffre_affaires,
        "marge": marge,
        "cout_par_visiteur": cout_par_visite(cout, visites),
        "retour_sur_investissement": retour_sur_investissement(marge, cout),
    }
