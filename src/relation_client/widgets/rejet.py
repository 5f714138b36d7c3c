"""Leçon 04 (rejet) : la pression des e-mails sur les abonnés, et la propagation d'un bad buzz.

Le quiz de cette leçon (les formes de rejet) est dans :mod:`relation_client.widgets.quiz`.
"""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np
from matplotlib.ticker import LogLocator, MaxNLocator, NullLocator

from .. import graphiques
from ..controles import exiger_nombre
from ..formatage import nombre, pourcentage
from ..indicateurs import taux_attrition
from ..simulations import TWEETS_HM_2018, diffusion_bad_buzz, pression_email
from .base import STYLE_CONTROLE, Simulateur, curseur_entier, curseur_reel, curseur_taux, marges_figure


def simulateur_pression_email(taille_base=10_000, envois_par_mois=4, taux_ouverture=0.25, taux_clics=0.03,
                              taux_desabonnement_base=0.002, sensibilite_pression=0.3,
                              mois=12) -> Simulateur:
    """Leçon 04 : trop d'e-mails font fuir (:func:`~relation_client.simulations.pression_email`).

    Contrôles : ``envois_par_mois``, ``taux_ouverture``, ``taux_clics``,
    ``taux_desabonnement_base``, ``sensibilite_pression``, ``taille_base``. Résultat (sur
    ``mois`` mois) : « E-mails délivrés sur 12 mois », « Ouvertures », « Clics »,
    « Désabonnements », « Abonnés restants au bout de 12 mois », « Part de la base perdue »,
    « Taux d'ouverture par e-mail », « Taux de clics par e-mail », « Taux de désabonnement par
    e-mail ». Refus : taux de clics supérieur au taux d'ouverture.
    """
    controles = {
        "envois_par_mois": curseur_entier("envois_par_mois", "E-mails envoyés par mois (nombre)",
                                          envois_par_mois, 1, 30),
        "taux_ouverture": curseur_taux("taux_ouverture", "Taux d'ouverture à 1 e-mail par mois (%)",
                                       taux_ouverture, 0.8),
        "taux_clics": curseur_taux("taux_clics", "Taux de clics à 1 e-mail par mois (%)", taux_clics,
                                   0.3, 0.001, 1),
        "taux_desabonnement_base": curseur_taux("taux_desabonnement_base",
                                                "Désabonnements par e-mail, à 1 e-mail par mois (%)",
                                                taux_desabonnement_base, 0.02, 0.0005, 2),
        "sensibilite_pression": curseur_reel("sensibilite_pression", "Sensibilité à la pression (0 = aucune)",
                                             sensibilite_pression, 0, 2, 0.05, ".2f"),
        "taille_base": curseur_entier("taille_base", "Abonnés au départ (nombre)", taille_base,
                                      1_000, 200_000, 1_000),
    }
    mois = int(exiger_nombre("mois", mois))
    if not 1 <= mois <= 60:
        raise ValueError(f"mois vaut {mois}, or le simulateur montre de 1 à 60 mois.")
    numeros_mois = np.arange(1, mois + 1)
    fig, (ax1, ax2) = graphiques.nouvelle_figure(7.6, 3.2, colonnes=2,
                                                 marges=marges_figure(left=0.1, wspace=0.38, bottom=0.17))
    (abonnes,) = ax1.plot(numeros_mois, np.zeros(mois), color=graphiques.BLEU, linewidth=2.2, marker="o",
                          markersize=3)
    graphiques.habiller(ax1, "Abonnés en fin de mois", "Mois", "Abonnés (nombre)", None, "nombre")
    barres_ouvertures = ax2.bar(numeros_mois, np.zeros(mois), color=graphiques.BLEU_CIEL, label="Ouvertures")
    barres_clics = ax2.bar(numeros_mois, np.zeros(mois), color=graphiques.VERT, width=0.5, label="Clics")
    graphiques.habiller(ax2, "Ouvertures et clics par mois", "Mois", "E-mails (nombre)", None, "nombre")
    ax2.legend(loc="upper right", fontsize=7, frameon=True, ncols=2)
    for ax in (ax1, ax2):
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_xlim(0.4, mois + 0.6)

    def calculer(**reglages):
        table = pression_email(mois=mois, **reglages)
        delivres = round(float(table["envois"].sum()))
        return {"table": table, "taille_base": reglages["taille_base"], "delivres": delivres,
                "ouvertures": round(float(table["ouvertures"].sum())),
                "clics": round(float(table["clics"].sum())),
                "desabonnements": round(float(table["desabonnements"].sum()))}

    def afficher(etat):
        table = etat["table"]
        duree = f"{mois} mois"
        perdue = taux_attrition(etat["desabonnements"], etat["taille_base"])
        return [(f"E-mails délivrés sur {duree}", nombre(etat["delivres"])),
                ("Ouvertures", nombre(etat["ouvertures"])),
                ("Clics", nombre(etat["clics"])),
                ("Désabonnements", nombre(etat["desabonnements"])),
                (f"Abonnés restants au bout de {duree}", nombre(table["abonnes_fin"].iloc[-1])),
                ("Part de la base perdue", pourcentage(perdue)),
                ("Taux d'ouverture par e-mail", pourcentage(table["taux_ouverture_email"].iloc[0])),
                ("Taux de clics par e-mail", pourcentage(table["taux_clics_email"].iloc[0], 2)),
                ("Taux de désabonnement par e-mail", pourcentage(table["taux_desabonnement_email"].iloc[0], 2))]

    def dessiner(etat):
        table = etat["table"]
        abonnes.set_ydata(table["abonnes_fin"].to_numpy())
        ax1.set_ylim(0, etat["taille_base"] * 1.05)
        ouvertures = table["ouvertures"].to_numpy()
        for barre, clics in zip(barres_clics, table["clics"].to_numpy()):
            barre.set_height(clics)
        for barre, ouvertures_du_mois in zip(barres_ouvertures, ouvertures):
            barre.set_height(ouvertures_du_mois)
        ax2.set_ylim(0, max(float(ouvertures.max()), 1.0) * 1.3)

    return Simulateur("Pression e-mail : envoyer plus, est-ce gagner plus ?", controles, calculer, afficher,
                      fig, dessiner)


JOURS_MAX = 60


def simulateur_bad_buzz(messages_initiaux=200, taux_partage=0.02, audience_moyenne=300, jours=14,
                        reponse_marque=False, jour_reponse=3, efficacite_reponse=0.7,
                        graine=2018) -> Simulateur:
    """Leçon 04 : la propagation d'un bad buzz (:func:`~relation_client.simulations.diffusion_bad_buzz`).

    Contrôles : ``messages_initiaux``, ``taux_partage``, ``audience_moyenne``, ``jours``,
    ``reponse_marque`` (case à cocher), ``jour_reponse``, ``efficacite_reponse``, ``graine``.
    Résultat : « Messages publiés en N jours », « Pic », « Nombre de reproduction au départ
    (R) », « Comparaison avec H&M (2018) ». Graphique : nouveaux messages par jour ; cumul
    (échelle logarithmique) comparé aux 2,3 millions de tweets de H&M.
    """
    controles = {
        "messages_initiaux": curseur_entier("messages_initiaux", "Messages négatifs le premier jour (nombre)",
                                            messages_initiaux, 10, 5_000, 10),
        "taux_partage": curseur_taux("taux_partage", "Part de ceux qui voient un message et le relaient (%)",
                                     taux_partage, 0.1, 0.001, 1),
        "audience_moyenne": curseur_entier("audience_moyenne", "Audience d'un message (personnes)",
                                           audience_moyenne, 10, 2_000, 10),
        "jours": curseur_entier("jours", "Durée observée (jours)", jours, 7, JOURS_MAX),
        "reponse_marque": widgets.Checkbox(value=bool(reponse_marque), description="La marque répond",
                                           style=STYLE_CONTROLE, indent=False),
        "jour_reponse": curseur_entier("jour_reponse", "Jour de la réponse", jour_reponse, 1, 30),
        "efficacite_reponse": curseur_taux("efficacite_reponse", "Efficacité de la réponse (%)",
                                           efficacite_reponse),
        "graine": widgets.BoundedIntText(value=int(exiger_nombre("graine", graine)), min=0, max=1_000_000,
                                         description="Tirage au hasard (graine)", style=STYLE_CONTROLE,
                                         layout=widgets.Layout(width="18em")),
    }
    fig, (ax1, ax2) = graphiques.nouvelle_figure(7.6, 3.2, colonnes=2,
                                                 marges=marges_figure(left=0.13, wspace=0.42, bottom=0.17))
    numeros_jours = np.arange(0, JOURS_MAX + 1)
    barres = ax1.bar(numeros_jours, np.zeros_like(numeros_jours, dtype=float), color=graphiques.VERMILLON)
    ligne_reponse = ax1.axvline(3, color=graphiques.VERT, linestyle="--", linewidth=1.5,
                                label="Réponse de la marque")
    graphiques.habiller(ax1, "Nouveaux messages par jour", "Jour", "Messages (nombre)", None, "nombre")
    (cumul,) = ax2.plot(numeros_jours, np.ones_like(numeros_jours, dtype=float), color=graphiques.VERMILLON,
                        linewidth=2.2, label="Cumul simulé")
    ax2.axhline(TWEETS_HM_2018, color=graphiques.NOIR, linestyle=":", linewidth=1.3,
                label="H&M 2018 : 2,3 millions")
    ax2.set_yscale("log")
    graphiques.habiller(ax2, "Messages cumulés (échelle log)", "Jour", "Messages (nombre)", None, "nombre")
    ax2.yaxis.set_major_locator(LogLocator(base=10, numticks=8))
    ax2.yaxis.set_minor_locator(NullLocator())  # sans graduations secondaires : rendu deux fois plus rapide
    ax2.legend(loc="lower right", fontsize=7, frameon=True)
    for ax in (ax1, ax2):
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))

    def calculer(messages_initiaux, taux_partage, audience_moyenne, jours, reponse_marque, jour_reponse,
                 efficacite_reponse, graine):
        table = diffusion_bad_buzz(messages_initiaux, taux_partage, audience_moyenne, jours,
                                   jour_reponse=jour_reponse if reponse_marque else None,
                                   efficacite_reponse=efficacite_reponse, graine=graine)
        return {"table": table, "jours": jours, "reponse": reponse_marque, "jour_reponse": jour_reponse}

    def afficher(etat):
        table = etat["table"]
        total = int(table["cumul_messages"].iloc[-1])
        pic = int(table["nouveaux_messages"].idxmax())
        return [(f"Messages publiés en {etat['jours']} jours", nombre(total)),
                ("Pic", f"{nombre(table['nouveaux_messages'].iloc[pic])} messages le jour "
                        f"{int(table['jour'].iloc[pic])}"),
                ("Nombre de reproduction au départ (R)", nombre(table["nombre_reproduction"].iloc[0], 2)),
                ("Comparaison avec H&M (2018)",
                 f"{pourcentage(total / TWEETS_HM_2018)} des 2,3 millions de tweets")]

    def dessiner(etat):
        table = etat["table"]
        nouveaux = table["nouveaux_messages"].to_numpy()
        for jour, barre in enumerate(barres):
            barre.set_height(nouveaux[jour] if jour < len(table) else 0.0)
        ax1.set_xlim(-0.6, etat["jours"] + 0.6)
        ax1.set_ylim(0, max(float(nouveaux.max()), 1.0) * 1.12)
        ligne_reponse.set_xdata([etat["jour_reponse"], etat["jour_reponse"]])
        ligne_reponse.set_visible(bool(etat["reponse"]) and etat["jour_reponse"] <= etat["jours"])
        cumul.set_data(table["jour"].to_numpy(), table["cumul_messages"].to_numpy())
        ax2.set_xlim(-0.3, etat["jours"] + 0.3)
        ax2.set_ylim(5, max(float(table["cumul_messages"].iloc[-1]), TWEETS_HM_2018) * 3)

    return Simulateur("Bad buzz : comment un message négatif se propage", controles, calculer, afficher,
                      fig, dessiner)
