"""Indicateurs clés de performance (KPI) de la relation client.

Taux (fractions entre 0 et 1), coûts (en euros), taux de marge et taux de marque,
taux de réachat, retour sur investissement, attrition et rétention, durée de vie
moyenne, et l'effet d'une hausse de la rétention sur la valeur d'une base de clients.
Les définitions suivent le manuel de Terminale STMG du cours (source 001, partie D
« mesure d'efficacité »), les définitions usuelles du calcul commercial enseignées en
sciences de gestion (taux de marge sur le coût d'achat HT, taux de marque sur le prix de
vente HT) et l'usage des routeurs d'e-mailing et des plateformes sociales.

Chaque fonction accepte des scalaires, des listes, des tableaux NumPy ou des
``pandas.Series`` (un calcul par ligne) et renvoie le même genre d'objet.
"""

from __future__ import annotations

import numpy as np

from .valeur import valeur_vie_retention
from .controles import (
    en_sortie,
    exiger_au_plus,
    exiger_compatibles,
    exiger_compte,
    exiger_nombre,
    exiger_non_nul,
    exiger_positif,
    exiger_positif_ou_nul,
    exiger_taux,
    sans_alerte_numpy,
)

__all__ = [
    "taux_conversion",
    "taux_ouverture",
    "taux_clics",
    "taux_clics_ouverture",
    "taux_desabonnement",
    "taux_rebond",
    "taux_engagement",
    "taux_engagement_abonnes",
    "cout_par_lead",
    "cout_par_visite",
    "cout_acquisition_client",
    "cout_fidelisation_client",
    "taux_marge",
    "taux_marque",
    "taux_reachat",
    "retour_sur_investissement",
    "taux_attrition",
    "taux_retention",
    "duree_vie_moyenne",
    "variation_profit_retention",
]


def _taux(nom_num, numerateur, nom_den, denominateur, explication, plafond=True):
    """numérateur / dénominateur, comptes vérifiés, dénominateur non nul."""
    numerateur = exiger_compte(nom_num, numerateur)
    denominateur = exiger_compte(nom_den, denominateur)
    exiger_compatibles(**{nom_num: numerateur, nom_den: denominateur})
    exiger_non_nul(nom_den, denominateur, explication)
    if plafond:
        exiger_au_plus(nom_num, numerateur, nom_den, denominateur)
    return en_sortie(numerateur / denominateur, f"taux ({nom_num} / {nom_den})")


def _cout_unitaire(depense, nom_den, denominateur, explication):
    depense = exiger_positif_ou_nul("depense", depense)
    denominateur = exiger_compte(nom_den, denominateur)
    exiger_compatibles(depense=depense, **{nom_den: denominateur})
    exiger_non_nul(nom_den, denominateur, explication)
    return en_sortie(depense / denominateur, f"coût par {nom_den}")


@sans_alerte_numpy
def taux_conversion(conversions, visites):
    """Part des visites qui aboutissent à une conversion (achat, inscription…).

    taux de conversion = conversions / visites (manuel STMG, source 001 : nombre de
    conversions réalisées sur le site divisé par le nombre de visites). Le dénominateur
    compte des visites, pas des personnes : la part des clients qui reviennent acheter
    est un autre indicateur, le taux de réachat (:func:`taux_reachat`).

    >>> taux_conversion(30, 1500)
    0.02
    """
    return _taux("conversions", conversions, "visites", visites,
                 "impossible de calculer un taux de conversion sans aucune visite")


@sans_alerte_numpy
def taux_reachat(clients_revenus, clients):
    """Taux de réachat : part des clients qui refont au moins un achat.

    taux de réachat = clients qui ont acheté de nouveau / clients considérés (par exemple,
    parmi les clients dont c'était le premier achat en 2024, ceux qui ont racheté ensuite).
    Il compte des **personnes**, pas des visites : ce n'est pas un taux de conversion
    (:func:`taux_conversion` = conversions / visites). C'est un indicateur de fidélité ; la source 002
    avance que quatre acheteurs satisfaits sur cinq reviennent (chiffre à interroger).

    >>> taux_reachat(120, 400)
    0.3
    """
    return _taux("clients_revenus", clients_revenus, "clients", clients,
                 "impossible de calculer un taux de réachat sans aucun client")


@sans_alerte_numpy
def taux_ouverture(ouvertures, emails_delivres):
    """Part des e-mails délivrés qui ont été ouverts.

    taux d'ouverture = ouvertures / e-mails délivrés (et non envoyés : les rebonds ne
    sont jamais arrivés). Définition usuelle des routeurs d'e-mailing ; le manuel
    STMG (source 001) parle de la proportion d'e-mails ouverts après l'envoi.

    >>> taux_ouverture(250, 1000)
    0.25
    """
    return _taux("ouvertures", ouvertures, "emails_delivres", emails_delivres,
                 "impossible de calculer un taux sans e-mail délivré")


@sans_alerte_numpy
def taux_clics(clics, emails_delivres):
    """Part des e-mails délivrés dont un lien a été cliqué (clics uniques).

    taux de clics = clics / e-mails délivrés (source 001 : part des destinataires qui
    se rendent sur le site depuis l'e-mail). À ne pas confondre avec
    :func:`taux_clics_ouverture`.

    >>> taux_clics(40, 1000)
    0.04
    """
    return _taux("clics", clics, "emails_delivres", emails_delivres,
                 "impossible de calculer un taux sans e-mail délivré")


@sans_alerte_numpy
def taux_clics_ouverture(clics, ouvertures):
    """Part des e-mails ouverts dont un lien a été cliqué (« click-to-open rate »).

    taux de clics sur ouvertures = clics / ouvertures : mesure l'intérêt du contenu
    pour ceux qui ont ouvert, indépendamment de l'objet du message.

    >>> taux_clics_ouverture(40, 250)
    0.16
    """
    return _taux("clics", clics, "ouvertures", ouvertures,
                 "impossible de calculer un taux de clics sur ouvertures sans aucune ouverture")


@sans_alerte_numpy
def taux_desabonnement(desabonnements, emails_delivres):
    """Part des destinataires qui se désabonnent après un envoi.

    taux de désabonnement = désabonnements / e-mails délivrés (source 001 : proportion
    de destinataires qui cliquent sur le lien de désinscription).

    >>> taux_desabonnement(5, 1000)
    0.005
    """
    return _taux("desabonnements", desabonnements, "emails_delivres", emails_delivres,
                 "impossible de calculer un taux sans e-mail délivré")


@sans_alerte_numpy
def taux_rebond(rebonds, emails_envoyes):
    """Part des e-mails envoyés qui n'ont pas pu être délivrés (« bounces »).

    taux de rebond (e-mailing) = rebonds / e-mails envoyés ; e-mails délivrés =
    envoyés − rebonds. (Sur un site web, le « taux de rebond » désigne autre chose :
    la part des visites d'une seule page.)

    >>> taux_rebond(20, 1000)
    0.02
    """
    return _taux("rebonds", rebonds, "emails_envoyes", emails_envoyes,
                 "impossible de calculer un taux sans e-mail envoyé")


@sans_alerte_numpy
def taux_engagement(interactions, portee):
    """Taux d'engagement d'une publication, rapporté à sa portée.

    taux d'engagement = interactions (j'aime, commentaires, partages, clics) / portée.
    Source 001 : l'engagement mesure la disposition des internautes à interagir avec la
    marque. La **portée** a deux sens : pour le manuel (source 001), c'est la taille du
    public potentiel d'un message (tous ceux qui pourraient le voir) ; pour les plateformes
    sociales, c'est le nombre de comptes distincts qui ont effectivement vu le contenu
    (sans compter deux fois une même personne, à la différence des impressions). Ici, la
    portée est celle des plateformes, la seule qu'on mesure après coup. Une même personne peut
    interagir plusieurs fois : le taux peut donc, rarement, dépasser 1. Variante
    rapportée aux abonnés : :func:`taux_engagement_abonnes`.

    >>> taux_engagement(150, 5000)
    0.03
    """
    return _taux("interactions", interactions, "portee", portee,
                 "impossible de calculer un taux d'engagement pour une publication vue par personne",
                 plafond=False)


@sans_alerte_numpy
def taux_engagement_abonnes(interactions, abonnes):
    """Variante du taux d'engagement, rapportée au nombre d'abonnés du compte.

    taux d'engagement (abonnés) = interactions / abonnés. Plus facile à obtenir (le
    nombre d'abonnés est public) et utile pour comparer des comptes, mais une
    publication qui circule au-delà des abonnés peut dépasser 100 %.

    >>> taux_engagement_abonnes(150, 10000)
    0.015
    """
    return _taux("interactions", interactions, "abonnes", abonnes,
                 "impossible de rapporter l'engagement à un compte sans abonné",
                 plafond=False)


@sans_alerte_numpy
def cout_par_lead(depense, leads):
    """Coût par lead (CPL) : dépense d'une campagne / nombre de contacts obtenus.

    Source 001 : coût d'acquisition d'un client potentiel (lead), base de
    facturation de nombreuses campagnes en ligne.

    >>> cout_par_lead(2000, 80)
    25.0
    """
    return _cout_unitaire(depense, "leads", leads,
                          "impossible de calculer un coût par lead sans aucun lead")


@sans_alerte_numpy
def cout_par_visite(depense, visites):
    """Coût par visite : dépense d'une campagne / visites qu'elle a amenées sur le site.

    Indicateur usuel des campagnes d'influence ou de publicité payée au clic : il dit
    combien coûte chaque visiteur attiré, avant toute vente.

    >>> cout_par_visite(500, 1000)
    0.5
    """
    return _cout_unitaire(depense, "visites", visites,
                          "impossible de calculer un coût par visite sans aucune visite")


@sans_alerte_numpy
def cout_acquisition_client(depense, nouveaux_clients):
    """Coût d'acquisition client (CAC) : dépenses de conquête / nouveaux clients.

    CAC = dépenses marketing et commerciales de conquête de la période / nombre de
    nouveaux clients de la période (Kotler et Keller, *Marketing Management*). Exemple
    de manuel : 10 000 € de campagne pour 200 nouveaux clients, soit 50 € par client.

    >>> cout_acquisition_client(10000, 200)
    50.0
    """
    return _cout_unitaire(depense, "nouveaux_clients", nouveaux_clients,
                          "impossible de calculer un coût d'acquisition sans nouveau client")


@sans_alerte_numpy
def cout_fidelisation_client(depense, clients_conserves):
    """Coût de fidélisation par client conservé : dépenses de fidélisation / clients conservés.

    C'est le pendant du CAC pour les clients existants : ce que coûte, sur la période, le
    maintien d'un client (programme de fidélité, e-mails, service client…). Le rapport
    CAC / coût de fidélisation est le « multiple » que citent les sources (5×, 7×, 25× :
    manuel STMG 001, article 004, article 002) ; il dépend entièrement de ce que l'on met
    dans chaque dépense.

    >>> cout_fidelisation_client(12000, 1500)
    8.0
    """
    return _cout_unitaire(depense, "clients_conserves", clients_conserves,
                          "impossible de calculer un coût de fidélisation sans client conservé")


@sans_alerte_numpy
def taux_marge(marge, cout_achat_ht):
    """Taux de marge : marge commerciale / coût d'achat hors taxes.

    taux de marge = marge / coût d'achat HT, où marge = prix de vente HT − coût d'achat HT.
    C'est la définition enseignée en gestion (programme de sciences de gestion de STMG,
    BTS NDRC et MCO : définitions usuelles du calcul commercial). Il dit de combien le
    commerçant augmente son coût d'achat pour fixer son prix : un produit acheté 80 € HT
    et vendu 120 € HT dégage 40 € de marge, soit un taux de marge de 50 %.

    Ne pas confondre avec le taux de marque (:func:`taux_marque`), qui rapporte la même
    marge au prix de vente HT (ici 40 / 120 ≈ 33 %) : le taux de marge est toujours le plus
    grand des deux, et il peut dépasser 100 %. Les montants sont hors taxes (la TVA n'est
    pas une marge : elle est reversée à l'État). Une marge négative (vente à perte) est
    acceptée, mais pas au point de rendre le prix de vente négatif.

    >>> taux_marge(40, 80)
    0.5
    >>> taux_marge(30, 20)
    1.5
    """
    marge = exiger_nombre("marge", marge)
    cout_achat_ht = exiger_positif("cout_achat_ht", cout_achat_ht)
    exiger_compatibles(marge=marge, cout_achat_ht=cout_achat_ht)
    _exiger_prix_positif(marge, cout_achat_ht)
    return en_sortie(marge / cout_achat_ht, "taux de marge")


def _exiger_prix_positif(marge, cout_achat_ht):
    """prix de vente HT = coût d'achat HT + marge ne peut pas être négatif."""
    masque = np.asarray(marge, dtype="float64") + np.asarray(cout_achat_ht, dtype="float64") < 0
    if masque.any():
        m = np.broadcast_to(np.asarray(marge, dtype="float64"), masque.shape)[masque].flat[0]
        c = np.broadcast_to(np.asarray(cout_achat_ht, dtype="float64"), masque.shape)[masque].flat[0]
        raise ValueError(f"marge ({m:g}) est une perte plus grande que cout_achat_ht ({c:g}) : "
                         "le prix de vente (coût d'achat + marge) serait négatif. "
                         "Avez-vous inversé les deux valeurs ?")


@sans_alerte_numpy
def taux_marque(marge, prix_vente_ht):
    """Taux de marque : marge commerciale / prix de vente hors taxes.

    taux de marque = marge / prix de vente HT, où marge = prix de vente HT − coût d'achat HT.
    Définition enseignée en gestion (programme de sciences de gestion de STMG, BTS NDRC et
    MCO : définitions usuelles du calcul commercial). Il dit quelle part de chaque euro de
    vente HT reste au commerçant une fois la marchandise payée : 40 € de marge sur un
    produit vendu 120 € HT, c'est un taux de marque d'environ 33 %.

    Ne pas confondre avec le taux de marge (:func:`taux_marge`), qui rapporte la même marge
    au coût d'achat HT (40 / 80 = 50 %). Le taux de marque reste inférieur à 100 % (la marge
    ne peut pas dépasser le prix de vente). Une marge négative (vente à perte) est acceptée.
    C'est ce taux qu'on multiplie par un chiffre d'affaires HT pour en obtenir la marge.

    >>> round(taux_marque(40, 120), 4)
    0.3333
    >>> taux_marque(45, 150)
    0.3
    """
    marge = exiger_nombre("marge", marge)
    prix_vente_ht = exiger_positif("prix_vente_ht", prix_vente_ht)
    exiger_compatibles(marge=marge, prix_vente_ht=prix_vente_ht)
    exiger_au_plus("marge", marge, "prix_vente_ht", prix_vente_ht)
    return en_sortie(marge / prix_vente_ht, "taux de marque")


@sans_alerte_numpy
def retour_sur_investissement(gain, cout):
    """Retour sur investissement (ROI) d'une action : (gain − coût) / coût.

    ``gain`` est ce que l'action a rapporté (marge ou chiffre d'affaires attribué,
    à préciser), ``cout`` ce qu'elle a coûté. 0.5 signifie que chaque euro investi est
    revenu avec 50 centimes de plus ; un ROI négatif (au minimum −1) signale une perte.

    >>> retour_sur_investissement(15000, 10000)
    0.5
    """
    gain = exiger_positif_ou_nul("gain", gain)
    cout = exiger_positif_ou_nul("cout", cout)
    exiger_compatibles(gain=gain, cout=cout)
    exiger_non_nul("cout", cout, "impossible de calculer un retour sur un investissement nul")
    return en_sortie((gain - cout) / cout, "retour_sur_investissement")


@sans_alerte_numpy
def taux_attrition(clients_perdus, clients_debut):
    """Taux d'attrition (« churn ») : part des clients du début de période perdus pendant la période.

    attrition = clients perdus / clients en début de période. Le manuel STMG (source
    001) avance qu'une entreprise perd en moyenne 10 % de ses clients par an.

    >>> taux_attrition(100, 1000)
    0.1
    """
    return _taux("clients_perdus", clients_perdus, "clients_debut", clients_debut,
                 "impossible de calculer un taux sans client en début de période")


@sans_alerte_numpy
def taux_retention(clients_conserves, clients_debut):
    """Taux de rétention : part des clients du début de période encore clients à la fin.

    rétention = clients conservés / clients en début de période = 1 − attrition (les
    nouveaux clients de la période ne comptent pas).

    >>> taux_retention(900, 1000)
    0.9
    """
    return _taux("clients_conserves", clients_conserves, "clients_debut", clients_debut,
                 "impossible de calculer un taux sans client en début de période")


@sans_alerte_numpy
def duree_vie_moyenne(taux_attrition):
    """Durée de vie moyenne d'un client (en périodes) : 1 / taux d'attrition.

    Si chaque année une part constante a des clients s'en va, la durée de la relation
    suit une loi géométrique, de moyenne 1 / a (Berger et Nasr, 1998 ; Gupta et
    Lehmann, 2005). Avec 10 % de clients perdus par an (source 001), un client reste
    en moyenne 10 ans. Exige une attrition strictement positive.

    >>> duree_vie_moyenne(0.1)
    10.0
    """
    attrition = exiger_taux("taux_attrition", taux_attrition)
    exiger_non_nul("taux_attrition", attrition,
                    "sans aucun départ, la durée de vie serait infinie ; indiquez une attrition "
                    "strictement positive (par exemple 0.1 pour 10 % de clients perdus par an)")
    return en_sortie(1 / attrition, "duree_vie_moyenne")


MODES_HAUSSE = ("points", "relatif")


@sans_alerte_numpy
def variation_profit_retention(taux_retention, hausse, taux_actualisation, horizon=None,
                               mode="points"):
    """Variation relative de la valeur d'une cohorte de clients quand la rétention augmente.

    variation = V(r') / V(r) − 1, où V est la valeur à vie d'un client
    (:func:`relation_client.valeur.valeur_vie_retention`, marge constante, marge
    encaissée en fin d'année ; horizon infini ou fini) et r' la rétention après la
    hausse. La marge s'annule dans le rapport : seuls r, i et l'horizon comptent.
    En horizon infini, variation = [r' / (1 + i − r')] / [r / (1 + i − r)] − 1.

    « +5 % de rétention » est ambigu :

    - ``mode="points"`` (par défaut) : r' = r + hausse ; 0.05 fait passer 80 % à 85 %
      (c'est aussi « 5 points de départs en moins », la lecture de Reichheld et Sasser) ;
    - ``mode="relatif"`` : r' = r × (1 + hausse) ; 0.05 fait passer 80 % à 84 %.

    Interroger le chiffre. Reichheld et Sasser (« Zero Defections: Quality Comes to
    Services », *Harvard Business Review*, 1990) rapportent qu'en réduisant les
    départs de 5 points, des entreprises de services ont vu leurs profits croître de
    25 % à 85 % selon le secteur ; le manuel STMG (source 001) reprend « +25 % à
    +85 % », la source 004 « +25 % à +55 % ». Avec une marge constante (ce modèle),
    et +5 points :

    - r = 0.80, i = 0.10 → +27,5 % ; r = 0.75, i = 0.10 → +24,4 % : le bas de la
      fourchette correspond à une rétention moyenne et une actualisation usuelle ;
    - r = 0.90, i = 0.10 → +40,7 % ; r = 0.90, i = 0.05 → +58,3 % ;
    - r = 0.90, i = 0.02 → +81 % ; r = 0.93, i = 0.05 → +80,6 % : le haut de la
      fourchette exige une rétention déjà très élevée et un argent presque gratuit.

    Les chiffres de Reichheld et Sasser supposent en plus que la marge d'un client
    augmente avec l'ancienneté (achats plus fréquents, coûts de service plus bas,
    recommandations, prix mieux acceptés) ; ce modèle à marge constante les sous-estime
    donc. Un horizon fini réduit aussi l'effet.

    >>> round(variation_profit_retention(0.8, 0.05, 0.10), 3)
    0.275
    """
    if mode not in MODES_HAUSSE:
        raise ValueError(f"mode vaut {mode!r}, or il doit valoir \"points\" (r + hausse) "
                         "ou \"relatif\" (r × (1 + hausse)).")
    r = exiger_taux("taux_retention", taux_retention)
    hausse = exiger_taux("hausse", hausse)
    i = exiger_taux("taux_actualisation", taux_actualisation)
    exiger_compatibles(taux_retention=r, hausse=hausse, taux_actualisation=i)
    exiger_non_nul("taux_retention", r,
                    "avec une rétention nulle, la valeur de départ est nulle et une variation "
                    "relative n'a pas de sens")
    r_apres = r + hausse if mode == "points" else r * (1 + hausse)
    brut = np.asarray(r_apres, dtype="float64")
    if (brut > 1 + 1e-12).any():
        fautive = float(brut[brut > 1 + 1e-12].flat[0])
        raise ValueError(f"taux_retention après la hausse vaudrait {fautive:.4g}, or une "
                         "rétention ne peut pas dépasser 1 (100 %) : choisissez une hausse plus "
                         "petite ou une rétention de départ plus basse.")
    r_apres = np.minimum(r_apres, 1.0) if np.ndim(r_apres) else min(float(r_apres), 1.0)
    if horizon is None and (np.asarray(r_apres) >= 1 + np.asarray(i)).any():
        raise ValueError("la rétention après la hausse atteint 1 + taux_actualisation : "
                         "sur un horizon infini la valeur d'un client serait infinie. Baissez la "
                         "hausse ou indiquez un horizon fini (horizon=10).")
    avant = valeur_vie_retention(1.0, r, i, horizon)
    apres = valeur_vie_retention(1.0, r_apres, i, horizon)
    return en_sortie(apres / avant - 1, "variation_profit_retention")
