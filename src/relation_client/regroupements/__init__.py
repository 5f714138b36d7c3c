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

import pandas as pd  # noqa: F401 (pour les exemples des docstrings)

from .selection import (  # noqa: F401
    selection_periode, total, totaux_par, part_du_total,
)
from .clients_et_achats import (  # noqa: F401
    GROUPES_PROGRAMME, chiffre_affaires_par_client, marge_par_client, commandes_par_client,
    panier_moyen_par_client, resume_par_client, nombre_clients, premieres_commandes,
    nombre_clients_deuxieme_achat, nombre_clients_revenus, nombre_clients_segment, panier_moyen_ht,
    commandes_moyennes_par_client, marge_annuelle_moyenne, marge_moyenne_premier_achat,
    cout_acquisition_moyen, bilan_programme_fidelite, panier_moyen_adherents, clients_gardes,
    bilan_retention, meilleurs_clients_conserves, marge_par_canal_acquisition,
    marge_premiere_annee_par_canal, retention_par_canal, mesures_par_canal,
)
from .trafic_site import (  # noqa: F401
    totaux_trafic, entonnoir_clients, cac_par_canal, sources_payantes,
)
from .campagnes_emails import (  # noqa: F401
    desabonnements_mois_charges, desabonnements_par_pression, depense_fidelisation,
    budget_fidelisation_par_annee,
)
from .reseaux_sociaux import (  # noqa: F401
    interactions_par, totaux_par_reseau, abonnes_fin_annee,
)
from .budget import (  # noqa: F401
    budget_et_chiffre_affaires, reglages_budget, scenarios_budget,
)

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
