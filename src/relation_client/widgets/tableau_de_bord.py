"""Leçon 05 (KPI) : le tableau de bord des indicateurs, filtré par période, source de trafic,
campagne e-mail et réseau social."""

from __future__ import annotations

import html

import ipywidgets as widgets
import numpy as np
import pandas as pd
from matplotlib import dates as mdates

from .. import graphiques
from ..controles import exiger_colonnes
from ..donnees import charger
from ..formatage import euros, nombre, pourcentage
from ..indicateurs import (
    cout_acquisition_client,
    cout_par_lead,
    taux_clics,
    taux_conversion,
    taux_desabonnement,
    taux_engagement,
    taux_ouverture,
)
from .base import LARGEUR_CONTROLE, STYLE_CONTROLE, Simulateur, marges_figure

#: Choix « tous » des listes de filtres (source, campagne, réseau).
TOUTES = "Toutes"
AUCUNE_DONNEE = "— (aucune donnée)"


def _mensuel(tableau, colonne_date, cles, sommes):
    mois = pd.to_datetime(tableau[colonne_date]).dt.to_period("M")
    return tableau.assign(mois=mois).groupby(["mois", *cles], observed=True)[sommes].sum()


def _taux_par_mois(fonction, numerateur, denominateur):
    """Taux mois par mois (NaN, pour le graphique seulement, les mois sans dénominateur)."""
    masque = denominateur > 0
    resultat = pd.Series(np.nan, index=denominateur.index)
    if masque.any():
        resultat[masque] = fonction(numerateur[masque].round(), denominateur[masque].round())
    return resultat


def _indicateur_ou_rien(fonction, numerateur, denominateur):
    """Indicateur, ou ``None`` si le dénominateur est nul (« aucune donnée » dans la période)."""
    if float(denominateur) == 0:
        return None
    return fonction(float(numerateur), float(denominateur))


def tableau_de_bord_kpi(trafic=None, emails=None, reseaux=None) -> Simulateur:
    """Leçon 05 : tableau de bord des KPI, filtré par période, source de trafic, campagne, réseau.

    Par défaut, les jeux de données du cours (``charger("trafic_web")``,
    ``charger("campagnes_email")``, ``charger("reseaux_sociaux")``). Contrôles :
    ``periode`` (``SelectionRangeSlider`` sur les mois, valeurs ``"AAAA-MM"``), ``source``
    (« Toutes » ou une source de trafic), ``type_campagne`` (« Toutes » ou un type de
    campagne e-mail), ``plateforme`` (« Toutes » ou un réseau social). Résultat : « Visites »,
    « Taux de conversion », « Contacts qualifiés (leads) », « Coût par contact qualifié (CPL) »,
    « Nouveaux clients », « Coût d'acquisition client (CAC) », « Taux d'ouverture », « Taux de
    clics », « Taux de désabonnement », « Portée des publications », « Impressions », « Taux
    d'engagement ».
    Graphique : visites par mois et taux par mois (conversion, ouverture, engagement).
    """
    if trafic is None or emails is None or reseaux is None:
        trafic = charger("trafic_web") if trafic is None else trafic
        emails = charger("campagnes_email") if emails is None else emails
        reseaux = charger("reseaux_sociaux") if reseaux is None else reseaux
    exiger_colonnes("trafic", trafic, ["date", "source", "visites", "leads", "commandes",
                                       "nouveaux_clients", "depense"])
    exiger_colonnes("emails", emails, ["date_envoi", "type_campagne", "delivres", "ouvertures", "clics",
                                       "desabonnements"])
    exiger_colonnes("reseaux", reseaux, ["date", "plateforme", "portee", "impressions", "likes",
                                         "commentaires", "partages", "clics"])
    trafic_mensuel = _mensuel(trafic, "date", ["source"], ["visites", "leads", "commandes", "nouveaux_clients",
                                                           "depense"])
    emails_mensuels = _mensuel(emails, "date_envoi", ["type_campagne"], ["delivres", "ouvertures", "clics",
                                                                          "desabonnements"])
    publications = reseaux.assign(interactions=reseaux["likes"] + reseaux["commentaires"] + reseaux["partages"]
                                  + reseaux["clics"])
    reseaux_mensuels = _mensuel(publications, "date", ["plateforme"], ["portee", "impressions", "interactions"])
    tous_mois = sorted(set(trafic_mensuel.index.get_level_values("mois"))
                       | set(emails_mensuels.index.get_level_values("mois"))
                       | set(reseaux_mensuels.index.get_level_values("mois")))
    options = [(graphiques.nom_mois(mois), str(mois)) for mois in tous_mois]
    controles = {
        "periode": widgets.SelectionRangeSlider(options=options, index=(0, len(options) - 1),
                                                description="Période", continuous_update=False,
                                                style=STYLE_CONTROLE, layout=LARGEUR_CONTROLE),
        "source": widgets.Dropdown(options=[TOUTES, *sorted(trafic["source"].astype(str).unique())],
                                   value=TOUTES, description="Source de trafic", style=STYLE_CONTROLE),
        "type_campagne": widgets.Dropdown(options=[TOUTES, *sorted(emails["type_campagne"].astype(str).unique())],
                                          value=TOUTES, description="Campagnes e-mail", style=STYLE_CONTROLE),
        "plateforme": widgets.Dropdown(options=[TOUTES, *sorted(reseaux["plateforme"].astype(str).unique())],
                                       value=TOUTES, description="Réseau social", style=STYLE_CONTROLE),
    }
    fig, (ax1, ax2) = graphiques.nouvelle_figure(7.8, 3.3, colonnes=2,
                                                 marges=marges_figure(left=0.115, wspace=0.34, bottom=0.2,
                                                                      right=0.98))
    (ligne_visites,) = ax1.plot([], [], color=graphiques.BLEU, linewidth=2, marker="o", markersize=3)
    graphiques.habiller(ax1, "Visites par mois", "Mois", "Visites (nombre)", None, "nombre")
    (ligne_conversion,) = ax2.plot([], [], color=graphiques.BLEU, linewidth=2, marker="o", markersize=3,
                                   label="Conversion")
    (ligne_ouverture,) = ax2.plot([], [], color=graphiques.ORANGE, linewidth=2, marker="s", markersize=3,
                                  label="Ouverture")
    (ligne_engagement,) = ax2.plot([], [], color=graphiques.VERT, linewidth=2, marker="^", markersize=3,
                                   label="Engagement")
    graphiques.habiller(ax2, "Taux par mois", "Mois", "Taux (%)", None, "pourcentage")
    ax2.legend(fontsize=7, frameon=True, loc="upper left", ncols=3)
    for ax in (ax1, ax2):  # mois en français, espacés selon la période choisie : jamais de chevauchement
        ax.tick_params(axis="x", labelsize=7)
        graphiques.graduer_dates(ax.xaxis)

    def filtrer(table, cle, valeur, debut, fin):
        mois = table.index.get_level_values("mois")
        masque = (mois >= debut) & (mois <= fin)
        if valeur != TOUTES:
            masque &= table.index.get_level_values(cle).astype(str) == valeur
        par_mois = table[masque].groupby(level="mois").sum()
        return par_mois.reindex(pd.period_range(debut, fin, freq="M"), fill_value=0)

    def calculer(periode, source, type_campagne, plateforme):
        debut, fin = (pd.Period(mois, freq="M") for mois in periode)
        trafic_periode = filtrer(trafic_mensuel, "source", source, debut, fin)
        emails_periode = filtrer(emails_mensuels, "type_campagne", type_campagne, debut, fin)
        reseaux_periode = filtrer(reseaux_mensuels, "plateforme", plateforme, debut, fin)
        site, envois, publies = trafic_periode.sum(), emails_periode.sum(), reseaux_periode.sum()
        depense = round(float(site["depense"]), 2)
        return {
            "debut": debut, "fin": fin, "trafic": trafic_periode, "emails": emails_periode,
            "reseaux": reseaux_periode,
            "visites": float(site["visites"]), "leads": float(site["leads"]),
            "nouveaux_clients": float(site["nouveaux_clients"]), "depense": float(site["depense"]),
            "conversion": _indicateur_ou_rien(taux_conversion, site["commandes"], site["visites"]),
            "cpl": _indicateur_ou_rien(cout_par_lead, depense, site["leads"]),
            "cac": _indicateur_ou_rien(cout_acquisition_client, depense, site["nouveaux_clients"]),
            "ouverture": _indicateur_ou_rien(taux_ouverture, envois["ouvertures"], envois["delivres"]),
            "clics": _indicateur_ou_rien(taux_clics, envois["clics"], envois["delivres"]),
            "desabonnement": _indicateur_ou_rien(taux_desabonnement, envois["desabonnements"],
                                                 envois["delivres"]),
            "portee": float(publies["portee"]), "impressions": float(publies["impressions"]),
            "engagement": _indicateur_ou_rien(taux_engagement, publies["interactions"], publies["portee"]),
        }

    def afficher(etat):
        def taux(valeur, decimales=1):
            return pourcentage(valeur, decimales) if valeur is not None else AUCUNE_DONNEE

        def cout(valeur):
            return euros(valeur) if valeur is not None else AUCUNE_DONNEE

        periode = f"de {graphiques.nom_mois(etat['debut'])} à {graphiques.nom_mois(etat['fin'])}"
        return [f"<b>Site web</b> ({html.escape(periode)})",
                ("Visites", nombre(etat["visites"])),
                ("Taux de conversion", taux(etat["conversion"], 2)),
                ("Contacts qualifiés (leads)", nombre(etat["leads"])),
                ("Coût par contact qualifié (CPL)", cout(etat["cpl"])),
                ("Nouveaux clients", nombre(etat["nouveaux_clients"])),
                ("Coût d'acquisition client (CAC)", cout(etat["cac"])),
                "<b>E-mailing</b>",
                ("Taux d'ouverture", taux(etat["ouverture"])),
                ("Taux de clics", taux(etat["clics"])),
                ("Taux de désabonnement", taux(etat["desabonnement"], 2)),
                "<b>Réseaux sociaux</b>",
                ("Portée des publications", nombre(etat["portee"])),
                ("Impressions", nombre(etat["impressions"])),
                ("Taux d'engagement", taux(etat["engagement"], 2))]

    def dessiner(etat):
        site, envois, publies = etat["trafic"], etat["emails"], etat["reseaux"]
        positions = mdates.date2num(site.index.to_timestamp().to_pydatetime())
        ligne_visites.set_data(positions, site["visites"].to_numpy())
        ligne_conversion.set_data(positions, _taux_par_mois(taux_conversion, site["commandes"],
                                                            site["visites"]).to_numpy())
        ligne_ouverture.set_data(positions, _taux_par_mois(taux_ouverture, envois["ouvertures"],
                                                           envois["delivres"]).to_numpy())
        ligne_engagement.set_data(positions, _taux_par_mois(taux_engagement, publies["interactions"],
                                                            publies["portee"]).to_numpy())
        gauche, droite = positions[0] - 15, positions[-1] + 15  # un demi-mois de part et d'autre
        for ax in (ax1, ax2):
            ax.set_xlim(gauche, droite)
        ax1.set_ylim(0, max(float(site["visites"].max()), 1.0) * 1.1)
        taux_max = [np.nanmax(ligne.get_ydata()) for ligne in (ligne_conversion, ligne_ouverture, ligne_engagement)
                    if np.isfinite(np.asarray(ligne.get_ydata(), dtype=float)).any()]
        ax2.set_ylim(0, max(taux_max + [0.05]) * 1.35)

    return Simulateur("Tableau de bord des KPI", controles, calculer, afficher, fig, dessiner)
