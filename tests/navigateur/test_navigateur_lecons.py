"""Les leçons dans JupyterLab : tout exécuter, manipuler un simulateur, lire le bon chiffre.

Chaque test ouvre une leçon de la copie temporaire du cours, efface les sorties enregistrées,
lance Exécution → Exécuter toutes les cellules, vérifie qu'aucune cellule n'affiche d'erreur,
puis déplace un curseur au clavier (ou choisit dans une liste) et attend le chiffre attendu,
calculé ici avec les fonctions pures du cours et écrit à la française.
"""

from __future__ import annotations

import pytest

from aides_navigateur import (RACINE_DEPOT, appuyer, attendre_texte, executer_tout, filtrer_source_kpi,
                              ligne, ouvrir_dans_lab, poignee, simulateur, verifier_sans_erreur)
from relation_client.formatage import euros, nombre, pourcentage, variation
from relation_client.indicateurs import variation_profit_retention
from relation_client.valeur import valeur_vie_retention, valeur_vie_simple


def ouvrir_lecon(page, serveur, nom):
    if not (RACINE_DEPOT / "notebooks" / nom).is_file():
        pytest.fail(f"la leçon notebooks/{nom} est absente")
    ouvrir_dans_lab(page, serveur, f"notebooks/{nom}")
    executer_tout(page)
    verifier_sans_erreur(page)


def test_lecon_00_premier_curseur(page, serveur_lab, noyaux_arretes):
    ouvrir_lecon(page, serveur_lab, "00_prise_en_main.ipynb")
    bloc = simulateur(page, "Premier curseur")
    resultat = bloc.locator(".rc-resultat")
    libelle = "Marge rapportée par ce client en un an"
    attendre_texte(page, resultat, ligne(libelle, euros(valeur_vie_simple(30.0, 4, 0.4, 1))))
    appuyer(page, poignee(bloc, "Achats par an"), "ArrowRight", fois=2)  # 4 → 6 achats par an
    attendre_texte(page, resultat, ligne("Achats par an", nombre(6)))
    attendre_texte(page, resultat, ligne(libelle, euros(valeur_vie_simple(30.0, 6, 0.4, 1))))
    verifier_sans_erreur(page)


def test_lecon_02_valeur_client_et_retention(page, serveur_lab, noyaux_arretes):
    ouvrir_lecon(page, serveur_lab, "02_fideliser.ipynb")

    clv = simulateur(page, "Simulateur de valeur client")
    resultat = clv.locator(".rc-resultat")
    marge = valeur_vie_simple(50.0, 4, 0.3, 1)
    attendre_texte(page, resultat, ligne("Valeur client sur 10 ans", euros(valeur_vie_retention(marge, 0.80, 0.10, 10))))
    appuyer(page, poignee(clv, "Taux de rétention annuel"), "ArrowRight", fois=5)  # 80 % → 85 %
    attendre_texte(page, resultat, ligne("Valeur client sur 10 ans", euros(valeur_vie_retention(marge, 0.85, 0.10, 10))))
    attendre_texte(page, resultat, ligne("Valeur client sur un horizon infini",
                                         euros(valeur_vie_retention(marge, 0.85, 0.10))))

    profit = simulateur(page, "Rétention et profit")
    resultat = profit.locator(".rc-resultat")
    libelle = "Hausse du profit (valeur de la base de clients)"
    attendre_texte(page, resultat, ligne(libelle, variation(variation_profit_retention(0.80, 0.05, 0.10))))
    appuyer(page, poignee(profit, "Rétention de départ"), "ArrowLeft", fois=10)  # 80 % → 70 %
    attendre_texte(page, resultat, ligne("Rétention", f"{pourcentage(0.70)} → {pourcentage(0.75)}"))
    attendre_texte(page, resultat, ligne(libelle, variation(variation_profit_retention(0.70, 0.05, 0.10))))
    verifier_sans_erreur(page)


def test_lecon_05_tableau_de_bord(page, serveur_lab, noyaux_arretes):
    from relation_client.donnees import charger

    trafic = charger("trafic_web")
    sources = sorted(trafic["source"].astype(str).unique())
    source = "e-mail" if "e-mail" in sources else sources[0]
    ouvrir_lecon(page, serveur_lab, "05_kpi.ipynb")
    bloc = simulateur(page, "Tableau de bord des KPI")
    resultat = bloc.locator(".rc-resultat")
    choisi = filtrer_source_kpi(page, bloc, resultat, trafic, source)

    # Début de la période avancé d'un mois au clavier : le premier mois sort du calcul.
    mois = trafic["date"].dt.to_period("M")
    appuyer(page, poignee(bloc, "Période", rang=0), "ArrowRight")
    sans_premier = choisi[mois[choisi.index] > mois.min()]
    attendre_texte(page, resultat, ligne("Visites", nombre(sans_premier["visites"].sum())))
    verifier_sans_erreur(page)
