"""Génération des jeux de données du cours (marque fictive « Verveine & Co »).

Verveine & Co est une boutique en ligne française de cosmétiques naturels, inventée pour le
cours. Tout est tiré d'un seul générateur ``numpy.random.default_rng(GRAINE)`` : relancer la
génération reproduit les fichiers CSV à l'octet près (mêmes versions de NumPy et pandas).

Le modèle, en bref (détails dans ``datasets/README.md``) :

- chaque mois, de nouveaux clients arrivent par un canal d'acquisition (tendance croissante,
  pic de fin d'année) ; les clients « influence » arrivent dans la foulée des campagnes
  d'influence ;
- après son premier achat, un client sur deux environ ne revient jamais ; les autres restent
  actifs une durée exponentielle (abandon à taux constant) pendant laquelle ils achètent au
  hasard (processus de Poisson) à leur propre rythme, tiré d'une loi gamma : c'est le modèle
  Pareto/NBD (Schmittlein, Morrison et Colombo, 1987) avec une part de clients « d'un seul
  achat », proche du BG/NBD de Fader, Hardie et Lee (2005) ; les membres du programme de
  fidélité reviennent plus souvent et restent plus longtemps ;
- le panier suit une loi log-normale autour d'un panier moyen propre au client ; la marge
  (hors taxes) en est une part propre au client (taux de marque de 52 % en moyenne) ; les
  colonnes hors taxes (``taux_tva``, ``montant_ht``, ``cout_achat_ht``) en sont déduites sans
  tirage, après coup, si bien qu'elles ne changent aucune autre valeur ;
- le trafic web, les dépenses marketing, les campagnes e-mail et d'influence sont déduits
  des achats et des clients, pour que les totaux concordent d'un fichier à l'autre.

La répartition « 20 % des clients font 80 % du chiffre d'affaires » n'est écrite nulle part :
elle résulte de ces comportements.
"""

from __future__ import annotations

import csv
import time
from pathlib import Path

import numpy as np
import pandas as pd

__all__ = ["GRAINE", "DEBUT", "FIN", "CANAUX_ACQUISITION", "SOURCES_TRAFIC", "CHIFFRES_CLES",
           "TAUX_TVA", "construire", "generer"]

GRAINE = 20260101
DEBUT = pd.Timestamp("2023-01-01")
FIN = pd.Timestamp("2025-12-31")
NB_JOURS = (FIN - DEBUT).days + 1

# Canaux d'acquisition = sources de trafic (mêmes libellés : la correspondance est l'identité).
CANAUX_ACQUISITION = ["recherche payante", "display", "réseaux sociaux", "influence",
                      "e-mail", "référents", "recherche naturelle", "direct"]
SOURCES_TRAFIC = list(CANAUX_ACQUISITION)
# Part des nouveaux clients de chaque canal (hors influence, pilotée par les campagnes).
PARTS_ACQUISITION = {"recherche payante": 0.25, "display": 0.09, "réseaux sociaux": 0.13,
                     "e-mail": 0.07, "référents": 0.08, "recherche naturelle": 0.21,
                     "direct": 0.10}
# Source de la visite qui mène à un réachat (un client déjà acquis revient surtout seul).
SOURCES_REACHAT = {"direct": 0.34, "e-mail": 0.22, "recherche naturelle": 0.17,
                   "recherche payante": 0.12, "réseaux sociaux": 0.08, "référents": 0.04,
                   "display": 0.03}
# Taux de conversion visite → commande par source, et coût par visite des sources payantes.
TAUX_CONVERSION = {"recherche payante": 0.022, "display": 0.008, "réseaux sociaux": 0.010,
                   "influence": 0.015, "e-mail": 0.035, "référents": 0.020,
                   "recherche naturelle": 0.018, "direct": 0.040}
COUT_PAR_VISITE = {"recherche payante": 0.45, "display": 0.50, "réseaux sociaux": 0.12}
COMMISSION_REFERENTS = 0.08  # affiliation et parrainage : 8 % du chiffre d'affaires apporté

REGIONS = {"Île-de-France": 0.185, "Auvergne-Rhône-Alpes": 0.125, "Nouvelle-Aquitaine": 0.09,
           "Occitanie": 0.09, "Hauts-de-France": 0.09, "Grand Est": 0.08,
           "Provence-Alpes-Côte d'Azur": 0.075, "Pays de la Loire": 0.058, "Bretagne": 0.05,
           "Normandie": 0.048, "Bourgogne-Franche-Comté": 0.042, "Centre-Val de Loire": 0.039,
           "Corse": 0.005, "Outre-mer": 0.023}
TRANCHES_AGE = {"18-24": 0.17, "25-34": 0.29, "35-44": 0.24, "45-54": 0.16, "55-64": 0.09,
                "65+": 0.05}
CANAUX_VENTE = ["site", "application", "marketplace"]
PLATEFORMES = ["Instagram", "Facebook", "TikTok", "LinkedIn", "X"]
TYPES_PUBLICATION = ["photo", "vidéo", "carrousel", "texte"]
TYPES_CAMPAGNE = ["newsletter", "promotion", "relance panier", "bienvenue", "réactivation"]
CATEGORIES_INFLUENCE = ["micro", "macro", "célébrité"]
PLATEFORMES_INFLUENCE = ["Instagram", "TikTok", "YouTube"]



# --------------------------------------------------------------------------- chiffres clés
# Relevé des chiffres cités dans les sources du cours (../shared/sources/ dans le projet) :
# reformulés, jamais recopiés. Une ligne par chiffre ; une fourchette donne deux lignes.
COLONNES_CHIFFRES = ["identifiant", "valeur", "unite", "affirmation", "source", "fichier_source",
                     "lecon", "remarque"]
_S000 = ("Luke Brynley-Jones (Our Social Times), « Capitaliser sur la relation client », billet "
         "invité sur le blog de l'agence We Are Social, 2012")
_S000_ADOBE = "Rapport Adobe cité par " + _S000
_S000_GENESYS = "Tom Eggemeier (Genesys), conférence G-Force 2012, cité par " + _S000
_S001 = ("Manuel de Terminale STMG, chapitre « Comment enrichir la relation client grâce au "
         "numérique ? » (éditeur et année non indiqués)")
_S002 = ("« Rentabiliser sa relation client », blog de formation au marketing digital "
         "La Manufacture (auteur et année non indiqués)")
_S003 = ("Laurent Boby (Cegos), « 3 paradoxes d'une relation client intéressée et intéressante », "
         "Le Mag Cegos (année non indiquée)")
_S004 = ("Article français sur la fidélisation et la fidélité (auteur et année non indiqués), "
         "qui dit ne pas citer ses sources")
_S004_CHALLENGES = "Magazine Challenges, cité par " + _S004
_F000, _F001, _F002, _F003, _F004 = ("000_ab2f0d2c27041189.txt", "001_dcd7b90095d3b7bc.txt",
                                     "002_108331105028a8ad.txt", "003_7bad6dace1b3cae9.txt",
                                     "004_03369d8e601682ae.txt")
_SANS_SOURCE = "Chiffre donné sans source, sans date ni secteur : à prendre comme un ordre de grandeur."
CHIFFRES_CLES = [
    # --- 001 : manuel de Terminale STMG
    ("cout_nouveau_client_x5", 5, "fois",
     "Conquérir un client coûterait cinq fois plus que conserver un client déjà acquis et le garder "
     "satisfait.",
     _S001, _F001, "01_conquerir",
     "Sans source ni définition du coût comparé ; d'autres sources du cours avancent 7 ou 25 fois."),
    ("clients_perdus_par_an", 10, "%",
     "En moyenne, une entreprise verrait partir un client sur dix chaque année.",
     _S001, _F001, "02_fideliser",
     "Moyenne tous secteurs confondus, sans source : l'attrition d'un site de e-commerce est "
     "souvent bien plus forte que celle d'une banque ou d'un opérateur."),
    ("hausse_fidelite", 5, "%",
     "Hypothèse de départ : la fidélité des clients progresse de 5 %.",
     _S001, _F001, "02_fideliser",
     "On ne sait pas s'il s'agit de 5 points de rétention (de 80 % à 85 %) ou d'une hausse "
     "relative de 5 % : le résultat change beaucoup."),
    ("hausse_fidelite_profit_min", 25, "%",
     "Avec 5 % de fidélité en plus, les profits augmenteraient d'au moins 25 % (bas de la fourchette).",
     _S001, _F001, "02_fideliser",
     "Fourchette très large, selon les secteurs et les entreprises, sans source ni méthode de calcul."),
    ("hausse_fidelite_profit_max", 85, "%",
     "Avec 5 % de fidélité en plus, les profits pourraient augmenter jusqu'à 85 % (haut de la fourchette).",
     _S001, _F001, "02_fideliser",
     "Le haut de la fourchette suppose une rétention déjà très élevée et des marges qui croissent "
     "avec l'ancienneté ; une autre source du cours s'arrête à 55 %."),
    ("danone_magazines_par_an", 3, "magazines par an",
     "Danone fidélise les foyers inscrits avec trois magazines par an, plus un guide une fois l'an.",
     _S001, _F001, "02_fideliser",
     "Exemple d'outil classique de fidélisation ; aucune mesure de son effet n'est donnée."),
    ("webedia_vues_youtube_2019", 103_000_000_000, "vues",
     "Selon Webedia, les vidéos d'influenceurs francophones auraient totalisé environ 103 milliards "
     "de vues sur YouTube en 2019.",
     "Étude Webedia citée par " + _S001, _F001, "03_outils_numeriques",
     "Des vues ne sont ni des personnes distinctes ni des ventes ; l'étude elle-même n'est pas fournie."),
    ("birchbox_abonnes_instagram", 382_000, "abonnés",
     "Birchbox et la blogueuse Emily Schuman ont présenté leur partenariat à leurs quelque "
     "382 000 abonnés Instagram.",
     _S001, _F001, "03_outils_numeriques",
     "Des abonnés ne sont pas une portée : seule une partie voit chaque publication."),
    ("birchbox_images", 5, "images",
     "Le partenariat Birchbox a reposé sur 5 images publiées.",
     _S001, _F001, "03_outils_numeriques", "Coût de la campagne inconnu : impossible de calculer son ROI."),
    ("birchbox_likes", 18_000, "likes",
     "La campagne Birchbox aurait récolté 18 000 likes en quelques jours.",
     _S001, _F001, "03_outils_numeriques",
     "Un like mesure l'engagement, pas l'achat."),
    ("birchbox_clients_supplementaires", 1_000_000, "clients",
     "Birchbox aurait gagné plus d'un million de clients supplémentaires en quelques jours.",
     _S001, _F001, "03_outils_numeriques",
     "Invraisemblable face à 382 000 abonnés et 18 000 likes : sans doute une confusion (vues, "
     "visiteurs ?) ; un bon exemple de chiffre à vérifier."),
    ("ribena_leviers", 3, "leviers",
     "Ribena a activé trois leviers : une personnalité de la télévision, un collectif d'influenceuses "
     "Instagram et des micro-influenceurs.",
     _S001, _F001, "03_outils_numeriques", "Effets mêlés : on ne peut pas attribuer le résultat à un levier."),
    ("ribena_micro_influenceurs", 30, "micro-influenceurs",
     "Ribena a recruté 30 micro-influenceurs sur Instagram pour sa campagne du café à coloriages.",
     _S001, _F001, "03_outils_numeriques", "Coût de la campagne non communiqué."),
    ("ribena_contenus", 120, "contenus",
     "La campagne Ribena a produit 120 contenus.",
     _S001, _F001, "03_outils_numeriques", "Un volume de contenus n'est pas un résultat commercial."),
    ("ribena_visiteurs_uniques", 66_000, "visiteurs uniques",
     "La campagne Ribena a amené 66 000 visiteurs uniques sur le site de la marque.",
     _S001, _F001, "03_outils_numeriques",
     "Période de mesure et part des visiteurs qui seraient venus de toute façon inconnues."),
    ("ribena_image_marque", 10, "%",
     "L'image de marque de Ribena aurait progressé de 10 % après la campagne.",
     _S001, _F001, "03_outils_numeriques",
     "Indicateur d'image non défini (enquête ? échelle ?) : 10 % de quoi ?"),
    ("ribena_light_ventes", 6, "%",
     "Les ventes de Ribena Light auraient augmenté de 6 %.",
     _S001, _F001, "03_outils_numeriques",
     "Hausse sur quelle période et par rapport à quoi ? Sans groupe témoin, l'effet propre de la "
     "campagne reste inconnu."),
    ("hm_bad_buzz_tweets", 2_300_000, "tweets",
     "En 2018, la photo d'un enfant portant un sweat au slogan jugé raciste a déclenché environ "
     "2,3 millions de tweets contre H&M.",
     _S001, _F001, "04_rejet",
     "Un nombre de tweets mesure le bruit, pas la perte de clients ou de chiffre d'affaires."),
    # --- 000 : billet We Are Social (chiffres Adobe et Genesys)
    ("adobe_budget_search_display", 78, "%",
     "Près de quatre cinquièmes (78 %) des dépenses marketing des marchands en ligne iraient aux "
     "annonces sur les moteurs de recherche et aux bannières (display).",
     _S000_ADOBE, _F000, "06_etude_de_cas",
     "Chiffre de 2012 ; le rapport Adobe n'est pas fourni et le périmètre du budget n'est pas précisé."),
    ("adobe_ca_clients_existants", 41, "%",
     "Environ 41 % du chiffre d'affaires des sites marchands viendrait de clients déjà acquis.",
     _S000_ADOBE, _F000, "02_fideliser",
     "Dépend de l'ancienneté du site et de la définition d'un client « existant »."),
    ("adobe_visiteurs_clients_existants", 8, "%",
     "Ces clients déjà acquis ne représenteraient que 8 % des visiteurs des sites.",
     _S000_ADOBE, _F000, "02_fideliser",
     "Visiteurs et clients ne se comptent pas de la même façon (cookies, appareils multiples)."),
    ("adobe_nouveaux_clients_europe", 7, "nouveaux clients",
     "En Europe, il faudrait 7 clients nouveaux (un seul achat) pour rapporter autant qu'un client "
     "qui revient acheter.",
     _S000_ADOBE, _F000, "01_conquerir",
     "Les « nouveaux clients » sont ici des acheteurs d'un seul achat : la comparaison est faite "
     "pour être frappante."),
    ("adobe_nouveaux_clients_usa", 5, "nouveaux clients",
     "Aux États-Unis, il en faudrait 5 pour égaler un client existant.",
     _S000_ADOBE, _F000, "01_conquerir", "Même définition restrictive du nouveau client qu'en Europe."),
    ("adobe_retour_1pct_ca", 10, "%",
     "Chaque point de pourcentage d'acheteurs qui reviennent sur le site augmenterait le chiffre "
     "d'affaires d'environ 10 %.",
     _S000_ADOBE, _F000, "02_fideliser",
     "Estimation moyenne ; rien ne dit que l'effet reste le même pour plusieurs points de plus."),
    ("retour_10pct_ca_double", 2, "fois",
     "L'auteur en déduit que faire revenir 10 % de clients de plus doublerait le chiffre d'affaires.",
     _S000, _F000, "06_etude_de_cas",
     "Extrapolation linéaire (10 × 10 %) d'une estimation moyenne : à tester par simulation."),
    ("genesys_budget_clients_existants", 2, "%",
     "À peine 2 % environ des dépenses marketing serviraient à entretenir le lien avec les clients "
     "déjà acquis.",
     _S000_GENESYS, _F000, "06_etude_de_cas",
     "Ventilation mondiale présentée lors d'une conférence d'un éditeur de logiciels de centre de "
     "contacts, qui a intérêt à ce constat."),
    ("mauvais_service_depart", 86, "%",
     "86 % des consommateurs auraient déjà cessé toute relation avec une entreprise après un mauvais "
     "service client.",
     _S000, _F000, "04_rejet",
     "Avoir quitté une entreprise une fois dans sa vie n'est pas une probabilité de départ."),
    # --- 002 : blog La Manufacture
    ("cout_nouveau_client_x25", 25, "fois",
     "Garder un client coûterait vingt-cinq fois moins que d'en conquérir un nouveau.",
     _S002, _F002, "01_conquerir",
     "Sans source ; écart énorme avec les 5 ou 7 fois d'autres sources : les coûts comparés ne "
     "sont sans doute pas les mêmes."),
    ("client_satisfait_parle_min", 1, "personnes",
     "Un client satisfait parlerait de sa satisfaction à une personne au moins…",
     _S002, _F002, "02_fideliser", _SANS_SOURCE),
    ("client_satisfait_parle_max", 2, "personnes",
     "… et à deux personnes au plus.",
     _S002, _F002, "02_fideliser", _SANS_SOURCE),
    ("google_part_moteurs_recherche", 80, "%",
     "Google détiendrait plus de 80 % du marché des moteurs de recherche.",
     _S002, _F002, "02_fideliser",
     "Part de marché variable selon le pays, l'appareil et l'année ; cité comme exemple de "
     "domination par la satisfaction."),
    ("acheteurs_satisfaits_reviennent", 80, "%",
     "80 % des acheteurs satisfaits reviendraient passer une nouvelle commande.",
     _S002, _F002, "02_fideliser",
     "Sans source ; et donc un acheteur satisfait sur cinq ne revient pas : satisfaction n'est pas "
     "fidélité."),
    # --- 003 : Cegos, trois paradoxes
    ("pareto_part_clients", 20, "%",
     "Une minorité de 20 % des clients ferait l'essentiel du chiffre d'affaires…",
     _S003, _F003, "02_fideliser",
     "Loi empirique (Pareto) : la part réelle varie d'une entreprise à l'autre, à mesurer sur ses "
     "propres données."),
    ("pareto_part_ca", 80, "%",
     "… à savoir 80 % du chiffre d'affaires.",
     _S003, _F003, "02_fideliser", "Ordre de grandeur ; la part réelle peut être 60 % ou 90 %."),
    ("clients_peu_rentables", 90, "%",
     "90 % des clients rapporteraient peu, rien, voire feraient perdre de l'argent.",
     _S003, _F003, "02_fideliser",
     "Ne découle pas du 20/80 (qui laisserait 80 % de clients, pas 90 %) ; dépend des coûts "
     "imputés à chaque client."),
    # --- 004 : fidélisation et fidélité
    ("temps_perdu_services_clients", 28, "heures par an",
     "Les Français passeraient 28 heures par an à essayer de joindre des services clients.",
     _S004_CHALLENGES, _F004, "04_rejet",
     "L'article reconnaît lui-même que le chiffre est difficile à vérifier."),
    ("temps_perdu_journees", 4, "journées de travail",
     "Ces 28 heures représenteraient près de 4 journées de travail.",
     _S004_CHALLENGES, _F004, "04_rejet", "28 heures / 7 heures par jour = 4 journées."),
    ("temps_perdu_pib", 1.8, "%",
     "Ce temps perdu équivaudrait à 1,8 % du PIB.",
     _S004_CHALLENGES, _F004, "04_rejet",
     "Méthode de conversion en PIB inconnue ; à prendre avec beaucoup de prudence."),
    ("hausse_retention", 5, "%",
     "Hypothèse de départ : le taux de rétention des meilleurs clients progresse de 5 %.",
     _S004, _F004, "02_fideliser",
     "Ne concerne que les meilleurs clients, contrairement au manuel qui parle de tous les clients."),
    ("hausse_retention_profit_min", 25, "%",
     "5 % de rétention en plus sur les meilleurs clients augmenterait les bénéfices d'au moins 25 %.",
     _S004, _F004, "02_fideliser", _SANS_SOURCE),
    ("hausse_retention_profit_max", 55, "%",
     "… et jusqu'à 55 % (ventes croisées, montée en gamme).",
     _S004, _F004, "02_fideliser",
     "Haut de fourchette différent du manuel (85 %) : les deux sources ne s'accordent pas."),
    ("cout_nouveau_client_x7", 7, "fois",
     "Recruter un client coûterait le plus souvent 7 fois plus que de vendre de nouveau à un client "
     "déjà convaincu.",
     _S004, _F004, "01_conquerir", _SANS_SOURCE),
    ("depart_manque_communication", 68, "%",
     "68 % des clients partiraient non à cause d'un problème, mais faute de communication.",
     _S004, _F004, "04_rejet", _SANS_SOURCE),
    ("mecontents_silencieux", 98, "%",
     "98 % des clients mécontents ne se plaindraient jamais : ils partent sans rien dire.",
     _S004, _F004, "04_rejet",
     "Invérifiable par construction (on ne compte pas les plaintes jamais faites) ; sans source."),
    ("experiences_negatives_service", 75, "%",
     "75 % des mauvaises expériences ne viendraient pas du produit mais du service qui l'entoure.",
     _S004, _F004, "04_rejet", _SANS_SOURCE),
]


def _saisonnalite(mois: np.ndarray) -> np.ndarray:
    """Coefficient saisonnier des ventes de cosmétiques (fêtes, soldes d'été creux)."""
    coef = np.array([0.92, 0.88, 0.95, 0.97, 1.02, 0.98, 0.86, 0.82, 0.97, 1.03, 1.32, 1.45])
    return coef[mois - 1]


def _repartir_centimes(total_centimes: int, n: int) -> np.ndarray:
    """Répartit un total en centimes entre n clients (écart d'un centime au plus)."""
    base, reste = divmod(int(total_centimes), n)
    parts = np.full(n, base, dtype=np.int64)
    parts[:reste] += 1
    return parts


# --------------------------------------------------------------------------- influence
def _campagnes_influence(rng):
    noms = ["Lila Moreau", "Inès Garnier", "Camille Roux", "Jade Lefèvre", "Manon Petit",
            "Chloé Bernard", "Léa Fontaine", "Sarah Benali", "Emma Girard", "Zoé Mercier",
            "Anaïs Chevalier", "Louise Perrin", "Nina Robin", "Clara Gauthier", "Yasmine Haddad",
            "Margaux Blanc", "Julie Lambert", "Océane Faure", "Alice Renard", "Hugo Marchand",
            "Lucas Dupuis", "Maëlle Caron", "Rose Vidal", "Élise Morel", "Salomé Brun",
            "Agathe Colin", "Lina Bouvier", "Romane Picard", "Théo Arnaud", "Sofia Lemoine",
            "Victoire Aubert", "Mila Fabre"]
    n = 32
    jours = np.sort(rng.choice(np.arange(20, NB_JOURS - 45), size=n, replace=False))
    categories = rng.choice(CATEGORIES_INFLUENCE, size=n, p=[0.70, 0.26, 0.04])
    lignes = []
    for k in range(n):
        cat = categories[k]
        plateforme = rng.choice(PLATEFORMES_INFLUENCE, p=[0.55, 0.3, 0.15])
        if cat == "micro":
            abonnes = int(rng.integers(8_000, 95_000))
            cout = float(np.round(rng.uniform(200, 900), -1))
            engagement = rng.uniform(0.035, 0.08)
        elif cat == "macro":
            abonnes = int(rng.integers(120_000, 900_000))
            cout = float(np.round(rng.uniform(1_500, 4_500), -2))
            engagement = rng.uniform(0.015, 0.04)
        else:
            abonnes = int(rng.integers(1_500_000, 6_000_000))
            cout = float(np.round(rng.uniform(9_000, 16_000), -3))
            engagement = rng.uniform(0.006, 0.018)
        contenus = int(rng.integers(1, 7))
        portee = int(abonnes * rng.uniform(0.12, 0.35) * np.sqrt(contenus))
        interactions = int(rng.binomial(portee, engagement))
        # nouveaux clients attendus : rendement décroissant avec la taille de l'audience
        attendus = 1.1 * (portee / 1_000) ** 0.55
        nouveaux = max(1, int(rng.poisson(attendus)))
        lignes.append({"campagne_id": f"I{k + 1:03d}", "jour": int(jours[k]),
                       "influenceur": f"{noms[k]}", "plateforme": plateforme,
                       "categorie": cat, "abonnes": abonnes, "cout": cout,
                       "contenus": contenus, "portee": portee, "interactions": interactions,
                       "nouveaux": nouveaux})
    return pd.DataFrame(lignes)


# --------------------------------------------------------------------------- clients
def _clients(rng, influence):
    jours_mois = pd.date_range(DEBUT, FIN, freq="MS")
    lignes_canal, lignes_jour = [], []
    for m, debut_mois in enumerate(jours_mois):
        fin_mois = debut_mois + pd.offsets.MonthEnd(0)
        j0, j1 = (debut_mois - DEBUT).days, (fin_mois - DEBUT).days
        attendu = (103 + 1.9 * m) * _saisonnalite(np.array([debut_mois.month]))[0]
        for canal, part in PARTS_ACQUISITION.items():
            # au moins un nouveau client par canal et par mois : chaque mois de dépense a
            # des clients à qui l'imputer (le CAC calculé des deux façons concorde).
            n = max(1, int(rng.poisson(attendu * part)))
            lignes_canal += [canal] * n
            lignes_jour.append(rng.integers(j0, j1 + 1, size=n))
    for _, camp in influence.iterrows():
        # le premier client arrive le jour de la campagne, les autres dans les semaines qui suivent
        delais = np.concatenate([[0], np.floor(rng.exponential(7.0, size=camp.nouveaux - 1))])
        jours = np.minimum(camp.jour + delais.astype(int), NB_JOURS - 1)
        lignes_canal += ["influence"] * len(jours)
        lignes_jour.append(jours)
    jours = np.concatenate(lignes_jour)
    canaux = np.array(lignes_canal, dtype=object)
    ordre = np.lexsort((rng.random(len(jours)), jours))
    jours, canaux = jours[ordre], canaux[ordre]
    n = len(jours)
    clients = pd.DataFrame({
        "client_id": [f"C{i + 1:05d}" for i in range(n)],
        "jour": jours,
        "canal_acquisition": canaux,
        "region": rng.choice(list(REGIONS), size=n, p=np.array(list(REGIONS.values())) /
                             sum(REGIONS.values())),
        "age_tranche": rng.choice(list(TRANCHES_AGE), size=n,
                                  p=np.array(list(TRANCHES_AGE.values()))),
    })
    # adhésion au programme : plus fréquente par les canaux « relationnels »
    p_membre = np.where(np.isin(canaux, ["e-mail", "référents", "direct"]), 0.42, 0.28)
    clients["membre_programme"] = rng.random(n) < p_membre
    return clients


# --------------------------------------------------------------------------- achats
def _achats(rng, clients):
    n = len(clients)
    membre = clients["membre_programme"].to_numpy()
    # 1) après le premier achat, une partie des clients ne revient jamais (client « d'essai ») ;
    #    les membres du programme de fidélité sont moins souvent dans ce cas.
    essai_seul = rng.random(n) < np.where(membre, 0.30, 0.52)
    # 2) les autres restent actifs une durée exponentielle (abandon à taux constant) ...
    duree_vie = rng.exponential(np.where(membre, 3.2, 2.0), size=n) * 365.25
    # 3) ... pendant laquelle ils achètent au hasard à leur propre rythme (loi gamma entre
    #    clients, processus de Poisson pour un client donné) : commandes par an.
    #    Plafond à 40 commandes par an (moins d'une par semaine).
    rythme = np.minimum(rng.gamma(shape=0.9, scale=23.0, size=n) * np.where(membre, 1.2, 1.0), 40.0)
    panier_client = rng.lognormal(np.log(34.0), 0.30, size=n)
    taux_marque_client = np.clip(rng.normal(0.52, 0.05, size=n), 0.35, 0.68)
    app = np.where(membre, 0.38, 0.18)
    canal_sources = list(SOURCES_REACHAT)
    p_sources = np.array(list(SOURCES_REACHAT.values()))
    p_sources = p_sources / p_sources.sum()

    jours_inscription = clients["jour"].to_numpy()
    delai = np.where(rng.random(n) < 0.7, 0, rng.geometric(0.35, size=n))
    premier = np.minimum(jours_inscription + delai, NB_JOURS - 1).astype(float)
    fenetre = np.where(essai_seul, 0.0, np.clip(np.minimum(duree_vie, NB_JOURS - premier - 1), 0, None))
    nb_reachats = rng.poisson(rythme * fenetre / 365.25)
    ids = [np.arange(n), np.repeat(np.arange(n), nb_reachats)]
    jours = [premier, np.repeat(premier, nb_reachats) +
             rng.uniform(0, 1, size=nb_reachats.sum()) * np.repeat(fenetre, nb_reachats)]
    idx = np.concatenate(ids)
    jour = np.floor(np.concatenate(jours)).astype(np.int64)
    ordre = np.lexsort((jour, idx))
    idx, jour = idx[ordre], jour[ordre]
    debut_client = np.searchsorted(idx, np.arange(n))
    rang = np.arange(len(idx)) - debut_client[idx] + 1
    m = len(idx)
    montant = rng.lognormal(np.log(panier_client[idx]) - 0.45 ** 2 / 2, 0.45, size=m)
    montant = np.round(np.clip(montant, 6.9, None), 2)
    taux = np.clip(taux_marque_client[idx] + rng.normal(0, 0.04, size=m), 0.2, 0.75)
    marge = np.round(montant / 1.2 * taux, 2)  # taux de marque : marge ÷ montant hors taxes (TVA 20 %)
    u = rng.random(m)
    canal = np.where(u < app[idx], "application",
                     np.where(u < app[idx] + 0.13, "marketplace", "site"))
    source = np.where(rang == 1, clients["canal_acquisition"].to_numpy()[idx],
                      rng.choice(canal_sources, size=m, p=p_sources))
    achats = pd.DataFrame({"client": idx, "jour": jour, "rang_commande": rang,
                           "montant_ttc": montant, "marge": marge, "canal": canal,
                           "source_trafic": source})
    achats = achats.sort_values(["jour", "client", "rang_commande"], kind="stable",
                                ignore_index=True)
    achats.insert(0, "commande_id", [f"A{k + 1:06d}" for k in range(m)])
    return achats


# --------------------------------------------------------------------------- e-mail
_OBJETS = {
    "newsletter": ["Les rituels de saison de Verveine & Co", "Nos conseils pour une peau apaisée",
                   "Dans les coulisses de notre atelier", "Trois gestes pour des cheveux doux",
                   "Les nouveautés du mois"],
    "promotion": ["-20 % sur les soins visage ce week-end", "Livraison offerte jusqu'à dimanche",
                  "Ventes privées : jusqu'à -30 %", "Un coffret offert dès 45 € d'achat",
                  "Black Friday : nos meilleures offres"],
    "relance panier": ["Votre panier vous attend", "Vous avez oublié quelque chose ?"],
    "bienvenue": ["Bienvenue chez Verveine & Co", "Votre code de bienvenue"],
    "réactivation": ["Vous nous manquez", "Un cadeau pour votre retour"],
}


def _campagnes_email(rng, achats):
    # calendrier : une newsletter tous les 14 jours, une promotion par mois (deux en
    # novembre-décembre), des envois automatiques regroupés par mois (relance, bienvenue,
    # réactivation) ; quelques mois de forte pression pour voir l'effet sur les désabonnements.
    envois = []
    for j in range(3, NB_JOURS, 14):
        envois.append((j, "newsletter"))
    for debut_mois in pd.date_range(DEBUT, FIN, freq="MS"):
        j = (debut_mois - DEBUT).days
        envois.append((j + int(rng.integers(8, 20)), "promotion"))
        if debut_mois.month in (11, 12):
            envois.append((j + int(rng.integers(20, 27)), "promotion"))
        if debut_mois.month % 3 == 0:
            envois.append((j + int(rng.integers(1, 27)), "relance panier"))
        if debut_mois.month in (1, 5, 9):
            envois.append((j + int(rng.integers(1, 27)), "bienvenue"))
        if debut_mois.month in (2, 6, 10):
            envois.append((j + int(rng.integers(1, 27)), "réactivation"))
    envois = sorted(set(envois))
    jours = np.array([e[0] for e in envois])
    types = [e[1] for e in envois]
    n = len(envois)
    # attribution : une commande venue de l'e-mail est rattachée à la dernière campagne
    # envoyée dans les 7 jours qui précèdent (fenêtre d'attribution du routeur).
    email = achats[achats["source_trafic"] == "e-mail"]
    pos = np.searchsorted(jours, email["jour"].to_numpy(), side="right") - 1
    valide = (pos >= 0) & (email["jour"].to_numpy() - jours[np.maximum(pos, 0)] < 7)
    conversions = np.bincount(pos[valide], minlength=n)
    ca = np.bincount(pos[valide], weights=email["montant_ttc"].to_numpy()[valide], minlength=n)

    lignes = []
    for k in range(n):
        j, typ = jours[k], types[k]
        base_k = 4_000 + 9_000 * j / NB_JOURS  # la base d'abonnés grandit
        if typ in ("newsletter", "promotion"):
            envoyes = int(base_k * rng.uniform(0.97, 1.0))
        elif typ == "réactivation":
            envoyes = int(base_k * rng.uniform(0.25, 0.35))
        else:
            envoyes = int(rng.integers(600, 1_800))
        envoyes = max(envoyes, conversions[k] * 20)
        rebonds = int(rng.binomial(envoyes, rng.uniform(0.008, 0.03)))
        delivres = envoyes - rebonds
        t_ouv = {"newsletter": 0.24, "promotion": 0.27, "relance panier": 0.40,
                 "bienvenue": 0.48, "réactivation": 0.16}[typ] * rng.uniform(0.85, 1.15)
        ouvertures = int(rng.binomial(delivres, t_ouv))
        ctor = rng.uniform(0.09, 0.16)
        clics = conversions[k] + int(rng.binomial(max(ouvertures - conversions[k], 0), ctor))
        pression = int(np.sum((jours > j - 30) & (jours <= j)))  # envois des 30 derniers jours
        t_des = (0.0008 + 0.0007 * max(pression - 2, 0)
                 + (0.001 if typ in ("promotion", "réactivation") else 0.0)) * rng.uniform(0.8, 1.2)
        desabonnements = int(rng.binomial(delivres, t_des))
        cout = round(envoyes * 0.0025 + {"newsletter": 180, "promotion": 220,
                                         "relance panier": 60, "bienvenue": 60,
                                         "réactivation": 120}[typ], 2)
        objets = _OBJETS[typ]
        lignes.append({"campagne_id": f"E{k + 1:03d}", "jour": j,
                       "objet": objets[int(rng.integers(len(objets)))], "type_campagne": typ,
                       "envoyes": envoyes, "delivres": delivres, "rebonds": rebonds,
                       "ouvertures": ouvertures, "clics": clics, "desabonnements": desabonnements,
                       "conversions": int(conversions[k]), "chiffre_affaires": round(ca[k], 2),
                       "cout": cout})
    return pd.DataFrame(lignes)


# --------------------------------------------------------------------------- trafic
def _trafic(rng, achats, clients, email, influence):
    index = pd.MultiIndex.from_product([np.arange(NB_JOURS), SOURCES_TRAFIC],
                                       names=["jour", "source"])
    cmd = achats.groupby(["jour", "source_trafic"]).agg(
        commandes=("commande_id", "size"), chiffre_affaires=("montant_ttc", "sum"))
    cmd.index.names = ["jour", "source"]
    nouveaux = clients.groupby(["jour", "canal_acquisition"]).size().rename("nouveaux_clients")
    nouveaux.index.names = ["jour", "source"]
    t = pd.DataFrame(index=index).join(cmd).join(nouveaux).fillna(0).reset_index()
    t["commandes"] = t["commandes"].astype(np.int64)
    t["nouveaux_clients"] = t["nouveaux_clients"].astype(np.int64)
    t = t.sort_values(["source", "jour"], kind="stable", ignore_index=True)
    lisse = (t.groupby("source")["commandes"]
             .transform(lambda s: s.rolling(28, min_periods=1, center=True).mean()))
    taux = t["source"].map(TAUX_CONVERSION).to_numpy()
    sans_achat = lisse.to_numpy() * (1 / taux - 1) + np.where(t["source"] == "influence", 2, 15)
    t["visites"] = t["commandes"] + rng.poisson(sans_achat)
    uniques = rng.binomial(t["visites"].to_numpy(), rng.uniform(0.78, 0.9, size=len(t)))
    t["visiteurs_uniques"] = np.maximum(uniques, t["commandes"])
    t["leads"] = t["nouveaux_clients"] + rng.binomial(t["visites"] - t["commandes"], 0.012)
    # dépenses (en centimes pour des totaux exacts)
    depense = np.zeros(len(t), dtype=np.int64)
    for source, cpv in COUT_PAR_VISITE.items():
        masque = (t["source"] == source).to_numpy()
        depense[masque] = np.round(t.loc[masque, "visites"].to_numpy() * cpv * 100)
    masque = (t["source"] == "référents").to_numpy()
    depense[masque] = np.round(t.loc[masque, "chiffre_affaires"].to_numpy() * COMMISSION_REFERENTS * 100)
    for jour, cout in email.groupby("jour")["cout"].sum().items():
        depense[((t["source"] == "e-mail") & (t["jour"] == jour)).to_numpy()] += round(cout * 100)
    for _, camp in influence.iterrows():
        depense[((t["source"] == "influence") & (t["jour"] == camp.jour)).to_numpy()] += round(camp.cout * 100)
    t["depense_centimes"] = depense
    return t.sort_values(["jour", "source"], kind="stable", ignore_index=True)


def _couts_acquisition(clients, trafic):
    """Coût d'acquisition de chaque client = dépense du canal ce mois / nouveaux clients du mois."""
    mois_trafic = (DEBUT + pd.to_timedelta(trafic["jour"], unit="D")).dt.to_period("M")
    depense = trafic.groupby([mois_trafic, trafic["source"]])["depense_centimes"].sum()
    mois_clients = (DEBUT + pd.to_timedelta(clients["jour"], unit="D")).dt.to_period("M")
    couts = np.zeros(len(clients), dtype=np.int64)
    for (mois, canal), positions in clients.groupby([mois_clients, clients["canal_acquisition"]]).indices.items():
        total = int(depense.get((mois, canal), 0))
        couts[positions] = _repartir_centimes(total, len(positions))
    manquants = set(depense[depense > 0].index) - set(
        clients.groupby([mois_clients, clients["canal_acquisition"]]).indices)
    if manquants:  # garde-fou : une dépense sans client à qui l'imputer
        raise RuntimeError(f"dépense sans nouveau client : {sorted(manquants)[:3]}")
    return couts / 100


# --------------------------------------------------------------------------- réseaux sociaux
def _reseaux_sociaux(rng):
    # (abonnés au début, à la fin, jour d'ouverture du compte, publications par semaine,
    #  taux de portée, coefficient d'engagement)
    params = {"Instagram": (9_000, 62_000, 0, 3.0, 0.14, 1.0),
              "Facebook": (12_000, 16_500, 0, 2.0, 0.06, 0.6),
              "TikTok": (0, 41_000, 430, 2.5, 0.45, 1.3),
              "LinkedIn": (900, 4_200, 0, 1.0, 0.10, 0.5),
              "X": (3_100, 3_400, 0, 1.0, 0.05, 0.4)}
    lignes = []
    for plateforme, (a0, a1, ouverture, par_semaine, portee_t, eng) in params.items():
        n = int(par_semaine * (NB_JOURS - ouverture) / 7)
        jours = np.sort(rng.integers(ouverture, NB_JOURS, size=n))
        x = (jours - ouverture) / (NB_JOURS - ouverture)
        croissance = (np.exp(2.2 * x) - 1) / (np.exp(2.2) - 1)
        abonnes = np.round(a0 + (a1 - a0) * croissance + rng.normal(0, 40, size=n)).astype(np.int64)
        abonnes = np.maximum(abonnes, 150)
        types = rng.choice(TYPES_PUBLICATION, size=n,
                           p=[0.05, 0.85, 0.05, 0.05] if plateforme == "TikTok" else
                           [0.35, 0.2, 0.3, 0.15] if plateforme != "LinkedIn" else
                           [0.3, 0.1, 0.2, 0.4])
        bonus = np.where(types == "vidéo", 1.5, np.where(types == "carrousel", 1.2, 1.0))
        portee = np.round(abonnes * portee_t * bonus * rng.lognormal(0, 0.45, size=n)).astype(np.int64)
        impressions = np.round(portee * rng.uniform(1.1, 1.7, size=n)).astype(np.int64)
        likes = rng.binomial(portee, np.clip(0.035 * eng * rng.lognormal(0, 0.3, size=n), 0, 0.5))
        commentaires = rng.binomial(portee, 0.0025 * eng)
        partages = rng.binomial(portee, 0.0018 * eng * bonus)
        clics = rng.binomial(portee, 0.006 * (1.5 if plateforme == "LinkedIn" else 1.0))
        for k in range(n):
            lignes.append((int(jours[k]), plateforme, types[k], int(abonnes[k]), int(portee[k]),
                           int(impressions[k]), int(likes[k]), int(commentaires[k]),
                           int(partages[k]), int(clics[k])))
    df = pd.DataFrame(lignes, columns=["jour", "plateforme", "type_publication", "abonnes",
                                       "portee", "impressions", "likes", "commentaires",
                                       "partages", "clics"])
    df = df.sort_values(["jour", "plateforme"], kind="stable", ignore_index=True)
    df.insert(0, "publication_id", [f"P{k + 1:05d}" for k in range(len(df))])
    return df


# --------------------------------------------------------------------------- assemblage
def _date(jours) -> pd.Series:
    return (DEBUT + pd.to_timedelta(pd.Series(jours), unit="D")).dt.strftime("%Y-%m-%d")


#: Taux normal de TVA en France (article 278 du Code général des impôts), celui des cosmétiques.
TAUX_TVA = 0.20


def _montants_hors_taxes(montant_ttc: pd.Series, marge: pd.Series) -> dict[str, pd.Series]:
    """Colonnes ``taux_tva``, ``montant_ht`` et ``cout_achat_ht`` d'une commande.

    Calculées sans tirage aléatoire, à partir des colonnes déjà tirées, pour que les autres
    colonnes restent identiques. En centimes entiers : montant HT = TTC ÷ 1,2 arrondi au
    centime le plus proche (demi-centime vers le haut) ; coût d'achat HT = montant HT − marge,
    si bien que montant_ht − cout_achat_ht redonne exactement la marge.
    """
    ttc = np.rint(montant_ttc.to_numpy() * 100).astype(np.int64)
    marge_c = np.rint(marge.to_numpy() * 100).astype(np.int64)
    # TTC ÷ (1 + 0,20) = TTC × 10 / 12 ; + 6 / 12 pour arrondir au plus proche.
    ht = (ttc * 10 + 6) // 12
    cout = ht - marge_c
    if (cout <= 0).any():
        raise AssertionError("une commande a une marge supérieure à son montant hors taxes")
    index = montant_ttc.index
    return {"taux_tva": pd.Series(TAUX_TVA, index=index),
            "montant_ht": pd.Series(ht / 100, index=index),
            "cout_achat_ht": pd.Series(cout / 100, index=index)}


def construire(graine: int = GRAINE) -> dict[str, pd.DataFrame]:
    """Construit les six jeux de données simulés (sans les écrire)."""
    rng = np.random.default_rng(graine)
    influence = _campagnes_influence(rng)
    clients = _clients(rng, influence)
    achats = _achats(rng, clients)
    email = _campagnes_email(rng, achats)
    trafic = _trafic(rng, achats, clients, email, influence)
    clients["cout_acquisition"] = _couts_acquisition(clients, trafic)
    reseaux = _reseaux_sociaux(rng)

    # campagnes d'influence : résultats mesurés sur 30 jours (ou jusqu'à la campagne suivante)
    infl_trafic = trafic[trafic["source"] == "influence"]
    infl_achats = achats[achats["source_trafic"] == "influence"]
    jours_camp = influence["jour"].to_numpy()
    fins = np.minimum(jours_camp + 30, np.append(jours_camp[1:], NB_JOURS))
    for col in ("visites", "ventes", "chiffre_affaires", "marge"):
        influence[col] = 0.0
    for k in range(len(influence)):
        dans = lambda j: (j >= jours_camp[k]) & (j < fins[k])  # noqa: E731
        influence.loc[k, "visites"] = infl_trafic.loc[dans(infl_trafic["jour"]), "visites"].sum()
        sel = infl_achats[dans(infl_achats["jour"])]
        influence.loc[k, "ventes"] = len(sel)
        influence.loc[k, "chiffre_affaires"] = round(sel["montant_ttc"].sum(), 2)
        influence.loc[k, "marge"] = round(sel["marge"].sum(), 2)

    ids = clients["client_id"].to_numpy()
    sorties = {
        "clients": pd.DataFrame({
            "client_id": clients["client_id"], "date_inscription": _date(clients["jour"]),
            "canal_acquisition": clients["canal_acquisition"],
            "cout_acquisition": clients["cout_acquisition"], "region": clients["region"],
            "age_tranche": clients["age_tranche"],
            "membre_programme": clients["membre_programme"]}),
        "achats": pd.DataFrame({
            "commande_id": achats["commande_id"], "client_id": ids[achats["client"]],
            "date_achat": _date(achats["jour"]), "montant_ttc": achats["montant_ttc"],
            **_montants_hors_taxes(achats["montant_ttc"], achats["marge"]),
            "marge": achats["marge"], "canal": achats["canal"],
            "source_trafic": achats["source_trafic"], "rang_commande": achats["rang_commande"]}),
        "campagnes_email": email.assign(date_envoi=_date(email["jour"]))[
            ["campagne_id", "date_envoi", "objet", "type_campagne", "envoyes", "delivres",
             "rebonds", "ouvertures", "clics", "desabonnements", "conversions",
             "chiffre_affaires", "cout"]],
        "reseaux_sociaux": reseaux.assign(date=_date(reseaux["jour"]))[
            ["publication_id", "date", "plateforme", "type_publication", "abonnes", "portee",
             "impressions", "likes", "commentaires", "partages", "clics"]],
        "trafic_web": trafic.assign(date=_date(trafic["jour"]),
                                    chiffre_affaires=trafic["chiffre_affaires"].round(2),
                                    depense=trafic["depense_centimes"] / 100)[
            ["date", "source", "visites", "visiteurs_uniques", "leads", "commandes",
             "nouveaux_clients", "chiffre_affaires", "depense"]],
        "campagnes_influence": influence.assign(
            date_debut=_date(influence["jour"]),
            visites=influence["visites"].astype(np.int64),
            ventes=influence["ventes"].astype(np.int64))[
            ["campagne_id", "date_debut", "influenceur", "plateforme", "categorie", "abonnes",
             "cout", "contenus", "portee", "interactions", "visites", "ventes",
             "chiffre_affaires", "marge"]],
    }
    return sorties


def ecrire_csv(tableau: pd.DataFrame, chemin: Path) -> None:
    """Écrit un CSV de façon reproductible (UTF-8, virgule, point décimal, fins de ligne \\n)."""
    tableau.to_csv(chemin, index=False, encoding="utf-8", lineterminator="\n",
                   float_format="%.2f", quoting=csv.QUOTE_MINIMAL)


def generer(dossier, graine: int = GRAINE, bavard: bool = False) -> dict[str, Path]:
    """Génère les jeux de données simulés dans ``dossier`` et renvoie les chemins écrits.

    ``chiffres_cles.csv`` n'est pas simulé : c'est le relevé des chiffres cités dans les
    sources du cours (``CHIFFRES_CLES`` ci-dessus), écrit tel quel.
    """
    dossier = Path(dossier)
    dossier.mkdir(parents=True, exist_ok=True)
    debut = time.perf_counter()
    tableaux = construire(graine)
    chiffres = pd.DataFrame(CHIFFRES_CLES, columns=COLONNES_CHIFFRES)
    # valeurs écrites telles quelles (5, 1.8, 103000000000), sans décimales inutiles
    chiffres["valeur"] = [str(int(v)) if float(v).is_integer() else repr(float(v))
                          for v in chiffres["valeur"]]
    tableaux["chiffres_cles"] = chiffres
    chemins = {}
    for nom, tableau in tableaux.items():
        chemin = dossier / f"{nom}.csv"
        ecrire_csv(tableau, chemin)
        chemins[nom] = chemin
        if bavard:
            print(f"{chemin} : {len(tableau)} lignes")
    if bavard:
        print(f"Génération terminée en {time.perf_counter() - debut:.1f} s.")
    return chemins
