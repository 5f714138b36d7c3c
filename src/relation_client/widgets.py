"""Les simulateurs interactifs des leçons (ipywidgets).

Un constructeur par simulateur ; chacun renvoie un :class:`Simulateur`, un
``ipywidgets.VBox`` qui expose :

- ``controles`` : dictionnaire nom → widget (curseurs, listes…), les noms étant ceux des
  arguments des fonctions pures qu'ils alimentent ;
- ``resultat`` : ``HTML`` des chiffres calculés, écrits à la française (``1 234,50 €``,
  ``12,5 %``), une ligne « libellé : valeur » par chiffre ;
- ``message`` : ``HTML`` vide, ou le refus en français quand un réglage est impossible
  (les chiffres et le graphique restent alors ceux du dernier réglage possible) ;
- ``image`` : ``ipywidgets.Image`` (PNG) d'**une seule** figure matplotlib, créée une fois
  et mise à jour sur place (``set_data``, ``set_height``…), puis rendue en PNG ;
- ``mettre_a_jour()`` : recalcule et réaffiche ; appelée à chaque changement de valeur
  d'un contrôle (``observe(names="value")``).

Aucune formule ici : les calculs viennent de :mod:`relation_client.valeur`,
:mod:`relation_client.indicateurs`, :mod:`relation_client.simulations` (voir
``docs/developpeurs.md``).

Convention des curseurs : un taux est un ``FloatSlider`` entre 0 et 1 (la valeur est une
fraction, comme dans le code : ``controles["taux_retention"].value = 0.85``) dont
l'affichage est en pourcentage (``readout_format=".0%"`` ou ``".1%"``). Les curseurs ne
renvoient leur valeur qu'une fois relâchés (``continuous_update=False``) : sur un
ordinateur lent ou un JupyterHub chargé, on évite ainsi une file d'attente de calculs.

Mise en page des curseurs (une seule fabrique, :func:`_disposer`) : le libellé complet est
écrit **au-dessus** de la piste (``controle.libelle`` ; ``controle.description`` est vide),
la valeur française à droite (``controle.lecture``, sur une ligne, jamais coupée : elle
passe sous la piste si la place manque). Ainsi toutes les pistes d'un simulateur commencent
au même x et gardent au moins 150 px, même avec un libellé long (vérifié dans Chromium à
1 400 px de large : ``tests/navigateur/test_navigateur_mise_en_page.py``).

Accessibilité (lecteur d'écran, clavier seul) : ipywidgets 8.1 ne donne aucun nom accessible à
la poignée d'un curseur (``role="slider"``) et aucun texte ``alt`` à une image. Chaque
simulateur porte donc un petit script (:data:`SCRIPT_ACCESSIBILITE`, dans un ``Output``
invisible) qui nomme chaque poignée d'après son libellé français (``aria-label``), lui donne
la valeur écrite à la française (``aria-valuetext``, « 85 % » et non « 0.85 ») et recopie en
``alt`` de l'image du graphique sa description française (:func:`graphiques.decrire`,
transmise dans ``description_image``, un texte caché). Tout se règle au clavier : Tab jusqu'au curseur, flèches
pour changer la valeur ; les chiffres et le graphique suivent.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping

import ipywidgets as widgets
from matplotlib import dates as mdates
import numpy as np
import pandas as pd
from matplotlib.ticker import LogLocator, MaxNLocator, NullLocator

from . import graphiques as g
from .formatage import ESPACE_UNITE, euros, nombre, pourcentage, variation
from .indicateurs import (
    cout_acquisition_client,
    cout_par_lead,
    taux_attrition,
    taux_clics,
    taux_conversion,
    taux_desabonnement,
    taux_engagement,
    taux_ouverture,
    variation_profit_retention,
)
from .saisie import boite_html
from .simulations import (
    TWEETS_HM_2018,
    courbe_repartition_budget,
    diffusion_bad_buzz,
    entonnoir,
    pression_email,
    repartition_budget,
    roi_influence,
)
from .controles import exiger_colonnes, exiger_nombre, exiger_taux
from .valeur import multiple_marge, valeur_cumulee_par_annee, valeur_vie_retention, valeur_vie_simple

__all__ = [
    "Simulateur",
    "Quiz",
    "QUESTIONS_REJET",
    "premier_curseur",
    "simulateur_entonnoir",
    "simulateur_valeur_client",
    "simulateur_retention_profit",
    "calculateur_influence",
    "simulateur_pression_email",
    "simulateur_bad_buzz",
    "quiz",
    "style_projecteur",
    "tableau_de_bord_kpi",
    "simulateur_budget",
]

#: Nomme les contrôles pour les lecteurs d'écran (voir la docstring du module). Idempotent :
#: un seul observateur par page, quel que soit le nombre de simulateurs.
SCRIPT_ACCESSIBILITE = r"""
(function () {
  if (window.rcAccessibilite) { window.rcAccessibilite(); return; }
  function texte(el) { return el ? el.textContent.replace(/[ \t\r\n]+/g, ' ').trim() : ''; }
  function poser(el, nom, valeur) { if (valeur && el.getAttribute(nom) !== valeur) { el.setAttribute(nom, valeur); } }
  function libelle(el) {
    var propre = el.querySelector(':scope > .widget-label');
    if (texte(propre)) { return texte(propre); }
    var groupe = el.closest('.rc-controle');
    return groupe ? texte(groupe.querySelector('.rc-libelle')) : '';
  }
  function nommer() {
    document.querySelectorAll('.widget-slider').forEach(function (curseur) {
      var nom = libelle(curseur);
      var groupe = curseur.closest('.rc-controle');
      var lecture = texte(groupe ? groupe.querySelector('.rc-lecture') : curseur.querySelector('.widget-readout'));
      var poignees = curseur.querySelectorAll('.noUi-handle');
      var bornes = lecture.split(' \u2013 ');
      poignees.forEach(function (poignee, i) {
        var suffixe = poignees.length > 1 ? (i === 0 ? ' (début)' : ' (fin)') : '';
        poser(poignee, 'aria-label', nom + suffixe);
        poser(poignee, 'aria-valuetext', poignees.length > 1 && bornes.length === 2 ? bornes[i] : lecture);
      });
    });
    document.querySelectorAll('.jupyter-widgets input, .jupyter-widgets select, .jupyter-widgets textarea')
      .forEach(function (champ) {
        if (champ.getAttribute('aria-label') || champ.type === 'checkbox') { return; }
        var boite = champ.closest('.widget-inline-hbox, .widget-text, .widget-dropdown');
        poser(champ, 'aria-label', boite ? libelle(boite) : '');
      });
    document.querySelectorAll('.rc-simulateur').forEach(function (simulateur) {
      var alt = texte(simulateur.querySelector('.rc-alt'));
      simulateur.querySelectorAll('img').forEach(function (image) { poser(image, 'alt', alt); });
    });
  }
  var prevu = false;
  function planifier() {
    if (prevu) { return; }
    prevu = true;
    window.requestAnimationFrame(function () { prevu = false; nommer(); });
  }
  window.rcAccessibilite = nommer;
  new MutationObserver(planifier).observe(document.body, {
    subtree: true, childList: true, characterData: true, attributes: false
  });
  nommer();
})();
"""


def _script_accessibilite() -> widgets.Output:
    """``Output`` invisible qui exécute :data:`SCRIPT_ACCESSIBILITE` (JupyterLab, Voilà)."""
    sortie = widgets.Output(layout=widgets.Layout(height="0px", margin="0", overflow="hidden"))
    sortie.outputs = ({"output_type": "display_data", "metadata": {},
                       "data": {"application/javascript": SCRIPT_ACCESSIBILITE}},)
    sortie.add_class("rc-accessibilite")
    return sortie


#: Erreurs qu'un réglage impossible peut provoquer : affichées, jamais levées.
ERREURS_DE_REGLAGE = (ValueError, TypeError, ZeroDivisionError, OverflowError)

_STYLE = {"description_width": "initial"}
_LARGEUR_CONTROLE = widgets.Layout(width="96%", max_width="560px")


# --------------------------------------------------------------------------- la classe de base

class Simulateur(widgets.VBox):
    """Un simulateur : des contrôles, des chiffres, un graphique, un message de refus.

    ``calculer(**valeurs)`` reçoit les valeurs des contrôles (par leur nom) et renvoie un
    état (un dictionnaire) ; il lève ``ValueError``/``TypeError`` pour un réglage
    impossible. ``afficher(etat)`` renvoie les lignes ``(libellé, valeur formatée)`` du
    résultat. ``dessiner(etat)`` met à jour sur place les artistes de ``figure``.
    """

    def __init__(self, titre: str, controles: Mapping[str, widgets.Widget],
                 calculer: Callable[..., dict], afficher: Callable[[dict], list],
                 figure=None, dessiner: Callable[[dict], None] | None = None,
                 consigne: str | None = None):
        self.controles = dict(controles)
        self.figure = figure
        self.etat: dict | None = None
        self._calculer = calculer
        self._afficher = afficher
        self._dessiner = dessiner
        self.titre = widgets.HTML(f"<h3 style='margin:0.3em 0 0.5em 0'>{html.escape(titre)}</h3>")
        self.resultat = widgets.HTML(layout=widgets.Layout(margin="0 0 0.5em 0"))
        self.message = widgets.HTML()
        self.image = widgets.Image(format="png", layout=widgets.Layout(width="100%", max_width="640px",
                                                                         height="auto"))
        self.description_image = widgets.HTML(layout=widgets.Layout(margin="0"))  # alt de l'image (caché)
        enfants_gauche = [_disposer(c) for c in self.controles.values()]
        if consigne:
            enfants_gauche.append(widgets.HTML(f"<p style='color:#444;font-size:0.95em'>"
                                               f"{html.escape(consigne)}</p>"))
        gauche = widgets.VBox(enfants_gauche, layout=widgets.Layout(flex="1 1 360px", min_width="320px",
                                                                     padding="0 1em 0 0"))
        droite = widgets.VBox([self.message, self.resultat]
                              + ([self.image, self.description_image] if figure is not None else []),
                              # overflow visible : pas de zone défilante inatteignable au clavier
                              layout=widgets.Layout(flex="1 1 460px", min_width="320px", overflow="visible"))
        corps = widgets.HBox([gauche, droite], layout=widgets.Layout(flex_flow="row wrap",
                                                                      align_items="flex-start",
                                                                      width="100%"))
        super().__init__([self.titre, corps, _script_accessibilite()], layout=widgets.Layout(width="100%"))
        self.add_class("rc-simulateur")
        for controle in self.controles.values():
            controle.observe(self._sur_changement, names="value")
        self.mettre_a_jour()

    def valeurs(self) -> dict:
        """Les valeurs actuelles des contrôles, par nom."""
        return {nom: controle.value for nom, controle in self.controles.items()}

    def _sur_changement(self, _changement=None):
        self.mettre_a_jour()

    def mettre_a_jour(self) -> bool:
        """Recalcule, réécrit les chiffres et redessine ; renvoie ``False`` si le réglage est refusé."""
        try:
            etat = self._calculer(**self.valeurs())
            lignes = self._afficher(etat)
        except ERREURS_DE_REGLAGE as erreur:
            self.message.value = _html_refus(erreur)
            return False
        self.etat = etat
        self.message.value = ""
        self.resultat.value = _html_lignes(lignes)
        if self.figure is not None and self._dessiner is not None:
            self._dessiner(etat)
            self.image.value = g.en_png(self.figure)
            # Alternative textuelle de l'image : texte caché, recopié en alt par le script.
            # (image.tooltip ferait planter la vue Image d'ipywidgets 8.1, sans description.)
            self.description_image.value = (f"<div class='rc-alt' hidden>"
                                            f"{html.escape(g.decrire(self.figure), quote=False)}</div>")
        return True


def _html_lignes(lignes) -> str:
    morceaux = []
    for ligne in lignes:
        if isinstance(ligne, str):
            morceaux.append(f"<div style='margin-top:0.3em'>{ligne}</div>")
            continue
        libelle, valeur = ligne
        morceaux.append(f"<div>{html.escape(libelle, quote=False)}{ESPACE_UNITE}: "
                        f"<b>{html.escape(valeur, quote=False)}</b></div>")
    return ("<div class='rc-resultat' style='font-size:1.1em;line-height:1.55'>"
            + "".join(morceaux) + "</div>")


def _html_refus(erreur) -> str:
    return ("<div class='rc-refus' style='color:#A01800;background:#FFF3EE;border-left:4px solid "
            "#D55E00;padding:0.4em 0.7em;margin-bottom:0.5em'>⚠️ <b>Réglage impossible</b>"
            f"{ESPACE_UNITE}: {html.escape(str(erreur), quote=False)}<br>"
            "<i>Les chiffres et le graphique affichés sont ceux du dernier réglage possible.</i></div>")


# --------------------------------------------------------------------------- fabriques de contrôles

#: Curseurs mis en forme par :func:`_disposer` (libellé au-dessus, valeur française à droite).
_CURSEURS = (widgets.FloatSlider, widgets.IntSlider, widgets.SelectionSlider, widgets.SelectionRangeSlider)

#: Largeur minimale d'un curseur : sa piste garde au moins 150 px (marges des poignées comprises).
LARGEUR_MIN_CURSEUR = "180px"


def lecture_francaise(controle) -> str:
    """Valeur d'un curseur écrite à la française (``12,5 %``, ``10 000``), selon son format.

    Pour un curseur de choix (``SelectionSlider``), le libellé choisi ; pour un intervalle
    (``SelectionRangeSlider``), « début – fin » (``janv. 2023 – déc. 2025``).
    """
    if isinstance(controle, widgets.SelectionRangeSlider):
        debut, fin = controle.label
        return f"{debut} – {fin}"
    if isinstance(controle, widgets.SelectionSlider):
        return str(controle.label)
    format_lecture = getattr(controle, "readout_format", "d") or "d"
    decimales = int(format_lecture[1]) if format_lecture[:1] == "." and format_lecture[1:2].isdigit() else 0
    if format_lecture.endswith("%"):
        return pourcentage(controle.value, decimales)
    if isinstance(controle, widgets.IntSlider):
        return nombre(controle.value, 0)
    return nombre(controle.value, decimales)


def _html_lecture(controle) -> str:
    # Sur une seule ligne : une valeur ne se coupe jamais (« 2,0 % », « janv. 2023 – déc. 2025 »).
    return f"<span style='white-space:nowrap'>{html.escape(lecture_francaise(controle), quote=False)}</span>"


def _disposer(controle):
    """Met un curseur en page : libellé complet au-dessus, piste, valeur française à droite.

    Avant, le libellé était à gauche de la piste : un libellé long (« Part de ceux qui
    voient un message et le relaient (%) ») réduisait la piste à un point et coupait la
    valeur. Désormais, dans un simulateur, toutes les pistes commencent au même x (le bord
    gauche de la colonne des réglages), font au moins :data:`LARGEUR_MIN_CURSEUR`, et la
    valeur passe sous la piste plutôt que d'être coupée si la place manque. Le libellé
    reste lisible en Python dans ``controle.libelle`` ; ``controle.lecture`` est l'étiquette
    de la valeur, mise à jour à chaque changement. Les autres contrôles (listes, cases)
    sont renvoyés tels quels.
    """
    if not isinstance(controle, _CURSEURS):
        return controle
    libelle = getattr(controle, "libelle", None) or controle.description
    controle.libelle = libelle
    controle.description = ""  # le libellé est affiché au-dessus, sur toute la largeur
    controle.readout = False  # remplacé par l'étiquette française ci-dessous
    controle.layout = widgets.Layout(flex="1 1 auto", width="auto", min_width=LARGEUR_MIN_CURSEUR,
                                     max_width="460px", margin="0 0 0 0.3em")
    lecture = widgets.HTML(_html_lecture(controle),
                           layout=widgets.Layout(flex="0 0 auto", width="auto", min_width="6.5em",
                                                 margin="0 0 0 0.5em"))
    lecture.add_class("rc-lecture")
    controle.observe(lambda _: setattr(lecture, "value", _html_lecture(controle)), names="value")
    controle.lecture = lecture
    etiquette = widgets.HTML(f"<div style='line-height:1.3;padding-top:0.35em'>"
                             f"{html.escape(libelle, quote=False)}</div>",
                             layout=widgets.Layout(width="100%", margin="0"))
    etiquette.add_class("rc-libelle")
    rang = widgets.HBox([controle, lecture], layout=widgets.Layout(flex_flow="row wrap", align_items="center",
                                                                   width="100%", max_width="640px"))
    groupe = widgets.VBox([etiquette, rang], layout=widgets.Layout(width="100%", margin="0 0 0.15em 0"))
    groupe.add_class("rc-controle")
    return groupe


def _verifier_bornes(nom, valeur, minimum, maximum):
    if not minimum <= valeur <= maximum:
        raise ValueError(f"{nom} vaut {valeur:g}, or le curseur va de {minimum:g} à {maximum:g} : "
                         "choisissez une valeur dans cet intervalle.")
    return valeur


def _taux(nom, description, valeur, maximum=1.0, pas=0.01, decimales=0, minimum=0.0):
    """Curseur de taux : valeur en fraction (0 à 1), affichée en pourcentage."""
    valeur = _verifier_bornes(nom, exiger_taux(nom, valeur), minimum, maximum)
    return widgets.FloatSlider(value=valeur, min=minimum, max=maximum, step=pas,
                               readout_format=f".{decimales}%", description=description,
                               continuous_update=False, style=_STYLE, layout=_LARGEUR_CONTROLE)


def _reel(nom, description, valeur, minimum, maximum, pas, format_lecture=".0f"):
    valeur = _verifier_bornes(nom, exiger_nombre(nom, valeur), minimum, maximum)
    return widgets.FloatSlider(value=valeur, min=minimum, max=maximum, step=pas,
                               readout_format=format_lecture, description=description,
                               continuous_update=False, style=_STYLE, layout=_LARGEUR_CONTROLE)


def _entier(nom, description, valeur, minimum, maximum, pas=1):
    valeur = exiger_nombre(nom, valeur)
    if not float(valeur).is_integer():
        raise ValueError(f"{nom} vaut {valeur:g}, or un nombre entier est attendu.")
    valeur = int(_verifier_bornes(nom, valeur, minimum, maximum))
    return widgets.IntSlider(value=valeur, min=minimum, max=maximum, step=pas, description=description,
                             continuous_update=False, style=_STYLE, layout=_LARGEUR_CONTROLE)


def _annees(n) -> str:
    n = int(n)
    return f"{n} an" if n == 1 else f"{n} ans"


def _marges(**kw):
    base = {"left": 0.14, "right": 0.97, "bottom": 0.18, "top": 0.88}
    base.update(kw)
    return base


# --------------------------------------------------------------------------- leçon 00

def premier_curseur(achats_par_an=4, panier_moyen=30.0, taux_marque=0.4):
    """Leçon 00 : un curseur (achats par an), un résultat (marge d'un client sur un an).

    Calcul : :func:`~relation_client.valeur.valeur_vie_simple` sur un an. Contrôle :
    ``achats_par_an`` (1 à 24). Résultat : « Achats par an », « Marge rapportée par ce
    client en un an ». Graphique : la marge pour 1 à 24 achats, la barre choisie en orange.
    """
    panier_moyen = exiger_nombre("panier_moyen", panier_moyen)
    taux_marque = exiger_taux("taux_marque", taux_marque)
    controles = {"achats_par_an": _entier("achats_par_an", "Achats par an (nombre)", achats_par_an, 1, 24)}
    possibles = np.arange(1, 25)
    marges = valeur_vie_simple(panier_moyen, possibles, taux_marque, 1)
    fig, ax = g.nouvelle_figure(6.0, 3.0, marges=_marges(bottom=0.2))
    barres = ax.bar(possibles, marges, color=g.BLEU_CIEL)
    g.habiller(ax, "Marge d'un client sur un an, selon ses achats", "Achats par an (nombre)",
               "Marge sur un an (€)", None, "euros")
    ax.set_xlim(0.3, 24.7)
    ax.set_ylim(0, max(float(np.max(marges)), 1.0) * 1.12)
    repere = ax.text(0, 0, "", ha="center", va="bottom", fontsize=9, fontweight="bold", color=g.VERMILLON)

    def calculer(achats_par_an):
        return {"achats_par_an": achats_par_an,
                "marge": valeur_vie_simple(panier_moyen, achats_par_an, taux_marque, 1)}

    def afficher(e):
        return [("Achats par an", nombre(e["achats_par_an"])),
                ("Marge rapportée par ce client en un an", euros(e["marge"]))]

    def dessiner(e):
        for k, barre in enumerate(barres, start=1):
            barre.set_color(g.VERMILLON if k == e["achats_par_an"] else g.BLEU_CIEL)
        repere.set_position((e["achats_par_an"], e["marge"]))
        repere.set_text(euros(e["marge"], 0))

    return Simulateur("Premier curseur : la marge d'un client", controles, calculer, afficher, fig, dessiner,
                      consigne=f"Panier moyen HT : {euros(panier_moyen)}, taux de marque (marge ÷ prix de vente HT) : "
                               f"{pourcentage(taux_marque, 0)}. Déplacez le curseur.")


# --------------------------------------------------------------------------- leçon 01

def simulateur_entonnoir(visites=10_000, taux_lead=0.05, taux_premier_achat=0.2,
                         taux_second_achat=0.3, depense=5_000.0):
    """Leçon 01 : l'entonnoir de conquête (:func:`~relation_client.simulations.entonnoir`).

    Contrôles : ``visites``, ``taux_lead``, ``taux_premier_achat``, ``taux_second_achat``,
    ``depense``. Résultat : « Contacts qualifiés (leads) », « Clients gagnés (premier achat) », « Clients fidèles
    (second achat) », « Conversion visites → clients », « Coût par contact qualifié (CPL) », « Coût
    d'acquisition client (CAC) ». Refus : aucun lead ou aucun client gagné.
    """
    controles = {
        "visites": _entier("visites", "Visites sur le site (nombre)", visites, 0, 200_000, 500),
        "taux_lead": _taux("taux_lead", "Visites → contacts qualifiés (%)", taux_lead, 0.3, 0.001, 1),
        "taux_premier_achat": _taux("taux_premier_achat", "Contacts qualifiés → premier achat (%)", taux_premier_achat),
        "taux_second_achat": _taux("taux_second_achat", "Premier achat → second achat (%)", taux_second_achat),
        "depense": _reel("depense", "Dépense de la campagne (€)", depense, 0, 100_000, 500),
    }
    etapes = ["Visites", "Contacts qualifiés", "Premier achat", "Second achat"]
    fig, ax = g.nouvelle_figure(6.4, 3.2, marges=_marges(left=0.2, bottom=0.12, right=0.98))
    barres, textes = g.tracer_entonnoir(ax, pd.Series([1.0, 0.5, 0.2, 0.1], index=etapes), "personnes")
    ax.set_title("Entonnoir de conquête", fontsize=11, fontweight="bold", y=1.0)

    def afficher(e):
        return [("Contacts qualifiés (leads)", nombre(e["leads"])),
                ("Clients gagnés (premier achat)", nombre(e["premiers_achats"])),
                ("Clients fidèles (second achat)", nombre(e["clients_fideles"])),
                ("Conversion visites → clients", pourcentage(e["conversion_globale"], 2)),
                ("Coût par contact qualifié (CPL)", euros(e["cout_par_lead"])),
                ("Coût d'acquisition client (CAC)", euros(e["cout_acquisition_client"]))]

    def dessiner(e):
        g.maj_entonnoir(ax, barres, textes, [e["visites"], e["leads"], e["premiers_achats"],
                                             e["clients_fideles"]])
        ax.set_title(f"Entonnoir de conquête (CAC{ESPACE_UNITE}: {euros(e['cout_acquisition_client'])})",
                     fontsize=11, fontweight="bold", y=1.0)

    return Simulateur("Simulateur d'entonnoir : des visites aux clients fidèles", controles, entonnoir,
                      afficher, fig, dessiner)


# --------------------------------------------------------------------------- leçon 02

HORIZON_MAX = 30


def simulateur_valeur_client(panier_moyen=50.0, achats_par_an=4, taux_marque=0.3, taux_retention=0.8,
                             taux_actualisation=0.10, horizon=10):
    """Leçon 02 : la valeur d'un client (CLV) selon sa rétention et l'actualisation.

    Contrôles : ``panier_moyen``, ``achats_par_an``, ``taux_marque``, ``taux_retention``,
    ``taux_actualisation``, ``horizon``. Résultat : « Marge annuelle d'un client »,
    « Valeur client sur N ans », « Valeur client sur un horizon infini », « Multiple de
    marge », « Calcul simple sur N ans (sans départ ni actualisation) ». Graphique : valeur
    cumulée année par année et son plafond (horizon infini). Refus : rétention ≥ 1 +
    actualisation (valeur infinie).
    """
    controles = {
        "panier_moyen": _reel("panier_moyen", "Panier moyen HT (€)", panier_moyen, 5, 300, 5),
        "achats_par_an": _entier("achats_par_an", "Achats par an (nombre)", achats_par_an, 1, 52),
        "taux_marque": _taux("taux_marque", "Taux de marque (%)", taux_marque),
        "taux_retention": _taux("taux_retention", "Taux de rétention annuel (%)", taux_retention),
        "taux_actualisation": _taux("taux_actualisation", "Taux d'actualisation (%)", taux_actualisation,
                                    0.3, 0.005, 1),
        "horizon": _entier("horizon", "Horizon (années)", horizon, 1, HORIZON_MAX),
    }
    fig, ax = g.nouvelle_figure(6.4, 3.4, marges=_marges())
    annees = np.arange(1, HORIZON_MAX + 1)
    barres = ax.bar(annees, np.zeros(HORIZON_MAX), color=g.BLEU, label="Valeur cumulée")
    plafond = ax.axhline(0, color=g.VERMILLON, linestyle="--", linewidth=1.5,
                         label="Plafond : valeur sur un horizon infini")
    g.habiller(ax, "Valeur cumulée d'un client, année après année", "Années de relation",
               "Valeur cumulée actualisée (€)", None, "euros")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.legend(loc="upper left", fontsize=8, frameon=True, ncols=2)

    def calculer(panier_moyen, achats_par_an, taux_marque, taux_retention, taux_actualisation, horizon):
        marge = valeur_vie_simple(panier_moyen, achats_par_an, taux_marque, 1)
        return {
            "horizon": horizon,
            "marge_annuelle": marge,
            "valeur_horizon": valeur_vie_retention(marge, taux_retention, taux_actualisation, horizon),
            "valeur_infinie": valeur_vie_retention(marge, taux_retention, taux_actualisation),
            "multiple": multiple_marge(taux_retention, taux_actualisation),
            "valeur_simple": valeur_vie_simple(panier_moyen, achats_par_an, taux_marque, horizon),
            "courbe": valeur_cumulee_par_annee(marge, taux_retention, taux_actualisation, horizon),
        }

    def afficher(e):
        h = _annees(e["horizon"])
        return [("Marge annuelle d'un client", euros(e["marge_annuelle"])),
                (f"Valeur client sur {h}", euros(e["valeur_horizon"])),
                ("Valeur client sur un horizon infini", euros(e["valeur_infinie"])),
                ("Multiple de marge", nombre(e["multiple"], 2)),
                (f"Calcul simple sur {h} (sans départ ni actualisation)", euros(e["valeur_simple"]))]

    def dessiner(e):
        courbe = e["courbe"].to_numpy()
        for k, barre in enumerate(barres):
            barre.set_height(courbe[k] if k < len(courbe) else 0.0)
        plafond.set_ydata([e["valeur_infinie"], e["valeur_infinie"]])
        ax.set_xlim(0.4, e["horizon"] + 0.6)
        ax.set_ylim(0, max(e["valeur_infinie"], float(courbe.max()), 1.0) * 1.3)

    return Simulateur("Simulateur de valeur client (CLV)", controles, calculer, afficher, fig, dessiner)


FOURCHETTE_PROFIT = (0.25, 0.85)  # source 001 : +5 % de fidélité → +25 % à +85 % de profit
FOURCHETTE_PROFIT_004 = (0.25, 0.55)  # source 004 : +25 % à +55 %
_OPTIONS_HORIZON = [("Infini", 0), ("5 ans", 5), ("10 ans", 10), ("20 ans", 20), ("30 ans", 30)]


def simulateur_retention_profit(taux_retention=0.8, hausse=0.05, taux_actualisation=0.10, horizon=0):
    """Leçon 02 : « +5 % de rétention → +25 % à +85 % de profit » : quand est-ce vrai ?

    Calcul : :func:`~relation_client.indicateurs.variation_profit_retention` (hausse en
    points : 80 % → 85 %). Contrôles : ``taux_retention``, ``hausse``, ``taux_actualisation``,
    ``horizon`` (liste : 0 = infini, 5, 10, 20, 30 ans). Résultat : « Rétention », « Hausse
    du profit (valeur de la base de clients) », « Fourchette du manuel (+25 % à +85 %) »,
    « Fourchette de la source 004 (+25 % à +55 %) ». Graphique : la hausse du profit selon la
    rétention de départ, la fourchette citée en bande. Refus : rétention après la hausse
    au-delà de 100 %, ou valeur infinie.
    """
    horizons = [v for _, v in _OPTIONS_HORIZON]
    if horizon is None:
        horizon = 0
    if horizon not in horizons:
        raise ValueError(f"horizon vaut {horizon!r}, or il doit être l'un de {horizons} (0 = infini).")
    controles = {
        "taux_retention": _taux("taux_retention", "Rétention de départ (%)", taux_retention),
        "hausse": _taux("hausse", "Hausse de la rétention (points de %)", hausse, 0.2),
        "taux_actualisation": _taux("taux_actualisation", "Taux d'actualisation (%)", taux_actualisation,
                                    0.3, 0.005, 1),
        "horizon": widgets.Dropdown(options=_OPTIONS_HORIZON, value=horizon, description="Horizon",
                                    style=_STYLE, layout=widgets.Layout(width="16em")),
    }
    grille = np.round(np.arange(0.30, 0.9601, 0.01), 2)
    fig, ax = g.nouvelle_figure(6.4, 3.4, marges=_marges(left=0.15))
    bande = ax.axhspan(*FOURCHETTE_PROFIT, color=g.ORANGE, alpha=0.18,
                       label="Fourchette citée : +25 % à +85 %")
    (courbe,) = ax.plot(grille, np.zeros_like(grille), color=g.BLEU, linewidth=2.2,
                        label="Hausse du profit (modèle)")
    (point,) = ax.plot([0.8], [0.0], "o", color=g.VERMILLON, markersize=8, label="Votre réglage")
    g.habiller(ax, "Effet d'une hausse de rétention sur le profit", "Rétention de départ (%)",
               "Hausse du profit (%)", "pourcentage", "pourcentage")
    ax.set_xlim(0.28, 0.98)
    ax.legend(loc="upper left", fontsize=8, frameon=True)
    del bande

    def calculer(taux_retention, hausse, taux_actualisation, horizon):
        h = None if horizon == 0 else horizon
        variation = variation_profit_retention(taux_retention, hausse, taux_actualisation, h)
        ys = np.full(grille.shape, np.nan)
        possibles = grille + hausse <= 1  # au-delà, la rétention dépasserait 100 % : pas de point
        try:  # un seul appel vectorisé dans le cas courant
            ys[possibles] = variation_profit_retention(grille[possibles], hausse, taux_actualisation, h)
        except ERREURS_DE_REGLAGE:  # cas limite (valeur infinie) : point par point
            for k in np.flatnonzero(possibles):
                try:
                    ys[k] = variation_profit_retention(float(grille[k]), hausse, taux_actualisation, h)
                except ERREURS_DE_REGLAGE:
                    pass
        return {"r": taux_retention, "hausse": hausse, "variation": variation, "courbe": ys,
                "apres": min(taux_retention + hausse, 1.0)}

    def verdict(v, fourchette):
        bas, haut = fourchette
        if v < bas:
            return "en dessous"
        if v > haut:
            return "au-dessus"
        return "dedans ✔"

    def afficher(e):
        v = e["variation"]
        return [("Rétention", f"{pourcentage(e['r'])} → {pourcentage(e['apres'])}"),
                ("Hausse du profit (valeur de la base de clients)", variation(v)),
                ("Fourchette du manuel (+25 % à +85 %)", verdict(v, FOURCHETTE_PROFIT)),
                ("Fourchette de la source 004 (+25 % à +55 %)", verdict(v, FOURCHETTE_PROFIT_004))]

    def dessiner(e):
        ys = e["courbe"]
        courbe.set_ydata(ys)
        point.set_data([e["r"]], [e["variation"]])
        finies = ys[np.isfinite(ys)]
        haut = max(1.0, float(finies.max()) if finies.size else 1.0, e["variation"])
        ax.set_ylim(min(0.0, e["variation"]), min(haut, 3.0) * 1.08)

    return Simulateur("Rétention et profit : tester « +5 % de fidélité → +25 % à +85 % de profit »",
                      controles, calculer, afficher, fig, dessiner)


# --------------------------------------------------------------------------- leçon 03

def calculateur_influence(cout=5_000.0, portee=382_000, taux_engagement=0.047, taux_visite=0.2,
                          taux_conversion=0.03, panier_moyen=40.0, taux_marque=0.5):
    """Leçon 03 : le ROI d'une campagne d'influence (:func:`~relation_client.simulations.roi_influence`).

    Valeurs de départ inspirées du cas Birchbox (source 001 : 382 000 abonnés, 18 000
    j'aime, soit ≈ 4,7 % d'engagement). Contrôles : ``cout``, ``portee``,
    ``taux_engagement``, ``taux_visite``, ``taux_conversion``, ``panier_moyen``,
    ``taux_marque``. Résultat : « Interactions », « Visiteurs sur le site », « Ventes »,
    « Chiffre d'affaires HT », « Marge dégagée », « Coût par visiteur », « Retour sur
    investissement (ROI) ». Refus : aucun visiteur, ou campagne gratuite (ROI sans objet).
    """
    controles = {
        "cout": _reel("cout", "Coût de la campagne (€)", cout, 0, 100_000, 500),
        "portee": _entier("portee", "Portée (personnes touchées)", portee, 0, 2_000_000, 2_000),
        "taux_engagement": _taux("taux_engagement", "Engagement (% de la portée)", taux_engagement, 0.2,
                                 0.001, 1),
        "taux_visite": _taux("taux_visite", "Engagés qui visitent le site (%)", taux_visite),
        "taux_conversion": _taux("taux_conversion", "Visiteurs qui achètent (%)", taux_conversion, 0.2,
                                 0.001, 1),
        "panier_moyen": _reel("panier_moyen", "Panier moyen HT (€)", panier_moyen, 1, 300, 1),
        "taux_marque": _taux("taux_marque", "Taux de marque (%)", taux_marque),
    }
    fig, ax = g.nouvelle_figure(5.6, 3.2, marges=_marges(left=0.17))
    barres = ax.bar(["Coût de la campagne", "Marge des ventes"], [0, 0], color=[g.VERMILLON, g.VERT],
                    width=0.55)
    textes = [ax.text(i, 0, "", ha="center", va="bottom", fontsize=9, fontweight="bold") for i in range(2)]
    g.habiller(ax, "Ce que la campagne coûte et ce qu'elle rapporte", "", "Montant (€)", None, "euros")

    def afficher(e):
        roi = e["retour_sur_investissement"]
        return [("Interactions", nombre(e["interactions"])),
                ("Visiteurs sur le site", nombre(e["visites"])),
                ("Ventes", nombre(e["ventes"])),
                ("Chiffre d'affaires HT", euros(e["chiffre_affaires"])),
                ("Marge dégagée", euros(e["marge"])),
                ("Coût par visiteur", euros(e["cout_par_visiteur"])),
                ("Retour sur investissement (ROI)", variation(roi)),
                "<span>" + ("La marge des ventes directes couvre le coût de la campagne."
                            if roi >= 0 else
                            "La marge des ventes directes ne couvre pas le coût de la campagne "
                            "(l'image de marque n'est pas comptée).") + "</span>"]

    def dessiner(e):
        valeurs = [e["cout"], e["marge"]]
        for barre, texte, v, x in zip(barres, textes, valeurs, range(2)):
            barre.set_height(v)
            texte.set_position((x, v))
            texte.set_text(euros(v, 0))
        ax.set_ylim(0, max(max(valeurs), 1.0) * 1.18)

    return Simulateur("Calculateur de ROI d'une campagne d'influence", controles, roi_influence, afficher,
                      fig, dessiner)


# --------------------------------------------------------------------------- leçon 04

def simulateur_pression_email(taille_base=10_000, envois_par_mois=4, taux_ouverture=0.25, taux_clics=0.03,
                              taux_desabonnement_base=0.002, sensibilite_pression=0.3, mois=12):
    """Leçon 04 : trop d'e-mails font fuir (:func:`~relation_client.simulations.pression_email`).

    Contrôles : ``envois_par_mois``, ``taux_ouverture``, ``taux_clics``,
    ``taux_desabonnement_base``, ``sensibilite_pression``, ``taille_base``. Résultat (sur
    ``mois`` mois) : « E-mails délivrés sur 12 mois », « Ouvertures », « Clics »,
    « Désabonnements », « Abonnés restants au bout de 12 mois », « Part de la base perdue »,
    « Taux d'ouverture par e-mail », « Taux de clics par e-mail », « Taux de désabonnement par
    e-mail ». Refus : taux de clics supérieur au taux d'ouverture.
    """
    controles = {
        "envois_par_mois": _entier("envois_par_mois", "E-mails envoyés par mois (nombre)", envois_par_mois, 1, 30),
        "taux_ouverture": _taux("taux_ouverture", "Taux d'ouverture à 1 e-mail par mois (%)", taux_ouverture, 0.8),
        "taux_clics": _taux("taux_clics", "Taux de clics à 1 e-mail par mois (%)", taux_clics, 0.3, 0.001, 1),
        "taux_desabonnement_base": _taux("taux_desabonnement_base",
                                         "Désabonnements par e-mail, à 1 e-mail par mois (%)",
                                         taux_desabonnement_base, 0.02, 0.0005, 2),
        "sensibilite_pression": _reel("sensibilite_pression", "Sensibilité à la pression (0 = aucune)",
                                      sensibilite_pression, 0, 2, 0.05, ".2f"),
        "taille_base": _entier("taille_base", "Abonnés au départ (nombre)", taille_base, 1_000, 200_000, 1_000),
    }
    mois = int(exiger_nombre("mois", mois))
    if not 1 <= mois <= 60:
        raise ValueError(f"mois vaut {mois}, or le simulateur montre de 1 à 60 mois.")
    x = np.arange(1, mois + 1)
    fig, (ax1, ax2) = g.nouvelle_figure(7.6, 3.2, colonnes=2,
                                        marges=_marges(left=0.1, wspace=0.38, bottom=0.17))
    (abonnes,) = ax1.plot(x, np.zeros(mois), color=g.BLEU, linewidth=2.2, marker="o", markersize=3)
    g.habiller(ax1, "Abonnés en fin de mois", "Mois", "Abonnés (nombre)", None, "nombre")
    barres_ouv = ax2.bar(x, np.zeros(mois), color=g.BLEU_CIEL, label="Ouvertures")
    barres = ax2.bar(x, np.zeros(mois), color=g.VERT, width=0.5, label="Clics")
    g.habiller(ax2, "Ouvertures et clics par mois", "Mois", "E-mails (nombre)", None, "nombre")
    ax2.legend(loc="upper right", fontsize=7, frameon=True, ncols=2)
    for ax in (ax1, ax2):
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_xlim(0.4, mois + 0.6)

    def calculer(**v):
        table = pression_email(mois=mois, **v)
        delivres = round(float(table["envois"].sum()))
        return {"table": table, "taille_base": v["taille_base"], "delivres": delivres,
                "ouvertures": round(float(table["ouvertures"].sum())),
                "clics": round(float(table["clics"].sum())),
                "desabonnements": round(float(table["desabonnements"].sum()))}

    def afficher(e):
        t = e["table"]
        d = f"{mois} mois"
        return [(f"E-mails délivrés sur {d}", nombre(e["delivres"])),
                ("Ouvertures", nombre(e["ouvertures"])),
                ("Clics", nombre(e["clics"])),
                ("Désabonnements", nombre(e["desabonnements"])),
                (f"Abonnés restants au bout de {d}", nombre(t["abonnes_fin"].iloc[-1])),
                ("Part de la base perdue", pourcentage(taux_attrition(e["desabonnements"], e["taille_base"]))),
                ("Taux d'ouverture par e-mail", pourcentage(t["taux_ouverture_email"].iloc[0])),
                ("Taux de clics par e-mail", pourcentage(t["taux_clics_email"].iloc[0], 2)),
                ("Taux de désabonnement par e-mail", pourcentage(t["taux_desabonnement_email"].iloc[0], 2))]

    def dessiner(e):
        t = e["table"]
        abonnes.set_ydata(t["abonnes_fin"].to_numpy())
        ax1.set_ylim(0, e["taille_base"] * 1.05)
        ouvertures = t["ouvertures"].to_numpy()
        for barre, c in zip(barres, t["clics"].to_numpy()):
            barre.set_height(c)
        for barre, o in zip(barres_ouv, ouvertures):
            barre.set_height(o)
        ax2.set_ylim(0, max(float(ouvertures.max()), 1.0) * 1.3)

    return Simulateur("Pression e-mail : envoyer plus, est-ce gagner plus ?", controles, calculer, afficher,
                      fig, dessiner)


JOURS_MAX = 60


def simulateur_bad_buzz(messages_initiaux=200, taux_partage=0.02, audience_moyenne=300, jours=14,
                        reponse_marque=False, jour_reponse=3, efficacite_reponse=0.7, graine=2018):
    """Leçon 04 : la propagation d'un bad buzz (:func:`~relation_client.simulations.diffusion_bad_buzz`).

    Contrôles : ``messages_initiaux``, ``taux_partage``, ``audience_moyenne``, ``jours``,
    ``reponse_marque`` (case à cocher), ``jour_reponse``, ``efficacite_reponse``, ``graine``.
    Résultat : « Messages publiés en N jours », « Pic », « Nombre de reproduction au départ
    (R) », « Comparaison avec H&M (2018) ». Graphique : nouveaux messages par jour ; cumul
    (échelle logarithmique) comparé aux 2,3 millions de tweets de H&M.
    """
    controles = {
        "messages_initiaux": _entier("messages_initiaux", "Messages négatifs le premier jour (nombre)",
                                     messages_initiaux, 10, 5_000, 10),
        "taux_partage": _taux("taux_partage", "Part de ceux qui voient un message et le relaient (%)",
                              taux_partage, 0.1, 0.001, 1),
        "audience_moyenne": _entier("audience_moyenne", "Audience d'un message (personnes)",
                                    audience_moyenne, 10, 2_000, 10),
        "jours": _entier("jours", "Durée observée (jours)", jours, 7, JOURS_MAX),
        "reponse_marque": widgets.Checkbox(value=bool(reponse_marque), description="La marque répond",
                                           style=_STYLE, indent=False),
        "jour_reponse": _entier("jour_reponse", "Jour de la réponse", jour_reponse, 1, 30),
        "efficacite_reponse": _taux("efficacite_reponse", "Efficacité de la réponse (%)", efficacite_reponse),
        "graine": widgets.BoundedIntText(value=int(exiger_nombre("graine", graine)), min=0, max=1_000_000,
                                         description="Tirage au hasard (graine)", style=_STYLE,
                                         layout=widgets.Layout(width="18em")),
    }
    fig, (ax1, ax2) = g.nouvelle_figure(7.6, 3.2, colonnes=2,
                                        marges=_marges(left=0.13, wspace=0.42, bottom=0.17))
    x = np.arange(0, JOURS_MAX + 1)
    barres = ax1.bar(x, np.zeros_like(x, dtype=float), color=g.VERMILLON)
    ligne_reponse = ax1.axvline(3, color=g.VERT, linestyle="--", linewidth=1.5, label="Réponse de la marque")
    g.habiller(ax1, "Nouveaux messages par jour", "Jour", "Messages (nombre)", None, "nombre")
    (cumul,) = ax2.plot(x, np.ones_like(x, dtype=float), color=g.VERMILLON, linewidth=2.2,
                        label="Cumul simulé")
    ax2.axhline(TWEETS_HM_2018, color=g.NOIR, linestyle=":", linewidth=1.3, label="H&M 2018 : 2,3 millions")
    ax2.set_yscale("log")
    g.habiller(ax2, "Messages cumulés (échelle log)", "Jour", "Messages (nombre)", None, "nombre")
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

    def afficher(e):
        t = e["table"]
        total = int(t["cumul_messages"].iloc[-1])
        pic = int(t["nouveaux_messages"].idxmax())
        return [(f"Messages publiés en {e['jours']} jours", nombre(total)),
                ("Pic", f"{nombre(t['nouveaux_messages'].iloc[pic])} messages le jour {int(t['jour'].iloc[pic])}"),
                ("Nombre de reproduction au départ (R)", nombre(t["nombre_reproduction"].iloc[0], 2)),
                ("Comparaison avec H&M (2018)",
                 f"{pourcentage(total / TWEETS_HM_2018)} des 2,3 millions de tweets")]

    def dessiner(e):
        t = e["table"]
        n = len(t)
        nouveaux = t["nouveaux_messages"].to_numpy()
        for k, barre in enumerate(barres):
            barre.set_height(nouveaux[k] if k < n else 0.0)
        ax1.set_xlim(-0.6, e["jours"] + 0.6)
        ax1.set_ylim(0, max(float(nouveaux.max()), 1.0) * 1.12)
        ligne_reponse.set_xdata([e["jour_reponse"], e["jour_reponse"]])
        ligne_reponse.set_visible(bool(e["reponse"]) and e["jour_reponse"] <= e["jours"])
        cumul.set_data(t["jour"].to_numpy(), t["cumul_messages"].to_numpy())
        ax2.set_xlim(-0.3, e["jours"] + 0.3)
        ax2.set_ylim(5, max(float(t["cumul_messages"].iloc[-1]), TWEETS_HM_2018) * 3)

    return Simulateur("Bad buzz : comment un message négatif se propage", controles, calculer, afficher,
                      fig, dessiner)


# --------------------------------------------------------------------------- quiz

QUESTIONS_REJET = [
    {"question": "Un client abandonne la carte de fidélité d'une enseigne : il lui faut deux ans "
                 "d'achats pour obtenir un bon de 5 €. De quel rejet s'agit-il ?",
     "choix": ["Un manque d'équité dans la relation", "Un rejet psychologique",
               "La crainte d'une organisation trop intrusive"],
     "bonne_reponse": 0,
     "explication": "Le gain paraît trop faible au regard des achats consentis : c'est le sentiment "
                    "d'iniquité (cumul des points trop lent) que décrit le manuel STMG."},
    {"question": "Une cliente reçoit sans cesse des relances « Dernière chance ! » et se sent poussée "
                 "à acheter, moins libre de choisir. De quel rejet s'agit-il ?",
     "choix": ["La crainte d'une organisation trop intrusive", "Un rejet psychologique",
               "Un manque d'équité dans la relation"],
     "bonne_reponse": 1,
     "explication": "Une incitation à consommer trop marquée limite la liberté de choix : c'est un "
                    "rejet psychologique."},
    {"question": "Un internaute installe un bloqueur de publicité après avoir vu des annonces le suivre "
                 "de site en site. Qu'exprime-t-il ?",
     "choix": ["Un manque d'équité dans la relation", "Un rejet psychologique",
               "La crainte d'une organisation trop intrusive"],
     "bonne_reponse": 2,
     "explication": "Il se protège d'une publicité jugée intrusive (et de l'usage de ses données) : "
                    "le bloqueur limite cette intrusion."},
    {"question": "Qui perd directement de l'argent quand les internautes bloquent les publicités ?",
     "choix": ["L'éditeur du site, payé à l'affichage", "L'internaute", "Le fabricant du navigateur"],
     "bonne_reponse": 0,
     "explication": "L'éditeur est payé au nombre d'affichages (au CPM) : chaque publicité bloquée est "
                    "un revenu perdu ; l'annonceur, lui, perd une partie de son audience."},
    {"question": "Quelle réponse une marque peut-elle opposer aux bloqueurs de publicité, selon le manuel ?",
     "choix": ["Multiplier les bannières", "Raconter une histoire (storytelling)", "Envoyer plus d'e-mails"],
     "bonne_reponse": 1,
     "explication": "Le storytelling (la saga Oasis, par exemple) attire l'attention sans s'imposer : "
                    "le public choisit de regarder."},
    {"question": "Une photo maladroite publiée par une marque déclenche des milliers de messages "
                 "indignés en quelques heures. Quel rejet l'organisation redoute-t-elle ici ?",
     "choix": ["Un bad buzz : elle perd le contrôle de sa communication",
               "Un manque d'équité dans la relation", "Un bloqueur de publicité"],
     "bonne_reponse": 0,
     "explication": "C'est le rejet vu du côté de l'organisation : un bouche-à-oreille négatif qui part "
                    "des réseaux sociaux (H&M en 2018, 2,3 millions de tweets selon le manuel STMG)."},
]


class QuestionQuiz(widgets.VBox):
    """Une question du quiz : ``boutons`` (un par choix) et ``retour`` (HTML du verdict)."""

    def __init__(self, numero: int, question: str, choix: list[str], bonne_reponse: int, explication: str,
                 au_clic: Callable[["QuestionQuiz", bool], None]):
        self.choix = list(choix)
        self.bonne_reponse = bonne_reponse
        self.explication = explication
        self.premier_essai: bool | None = None
        self._au_clic = au_clic
        self.enonce = widgets.HTML(f"<p style='font-size:1.05em;margin:0.6em 0 0.3em 0'><b>{numero}.</b> "
                                   f"{html.escape(question, quote=False)}</p>")
        self.boutons = [widgets.Button(description=texte, tooltip=texte,
                                       layout=widgets.Layout(width="auto", margin="0 0.5em 0.3em 0"))
                        for texte in self.choix]
        for indice, bouton in enumerate(self.boutons):
            bouton.on_click(lambda _b, i=indice: self.repondre(i))
        self.retour = widgets.HTML()
        super().__init__([self.enonce, widgets.HBox(self.boutons, layout=widgets.Layout(flex_flow="row wrap")),
                          self.retour])

    def repondre(self, indice: int) -> bool:
        """Enregistre la réponse ``indice`` (comme un clic) ; renvoie ``True`` si elle est juste."""
        juste = indice == self.bonne_reponse
        for i, bouton in enumerate(self.boutons):
            bouton.button_style = ("success" if juste else "danger") if i == indice else ""
        # Boîte lisible sans police emoji ni couleur (le mot est écrit), comme celle de verifier.
        if juste:
            self.retour.value = boite_html("juste", "Bonne réponse", self.explication)
        else:
            choisi, bonne = self.choix[indice], self.choix[self.bonne_reponse]
            self.retour.value = boite_html(
                "faux", "Pas tout à fait",
                f"« {choisi} » n'est pas la bonne réponse. La bonne réponse était « {bonne} ». "
                f"{self.explication}")
        if self.premier_essai is None:
            self.premier_essai = juste
        self._au_clic(self, juste)
        return juste


class Quiz(widgets.VBox):
    """Un quiz à boutons : ``questions`` (liste de :class:`QuestionQuiz`), ``retours`` (leurs
    ``HTML`` de verdict, dans l'ordre) et ``score`` (HTML : réussites au premier essai)."""

    def __init__(self, questions, titre: str = "Quiz"):
        if not isinstance(questions, (list, tuple)) or not questions:
            raise ValueError("questions doit être une liste non vide de dictionnaires "
                             "{question, choix, bonne_reponse, explication}.")
        self.score = widgets.HTML()
        self.questions = [QuestionQuiz(n, *_verifier_question(n, q), au_clic=self._maj_score)
                          for n, q in enumerate(questions, start=1)]
        self.retours = [q.retour for q in self.questions]
        entete = widgets.HTML(f"<h3 style='margin:0.3em 0'>{html.escape(titre)}</h3>")
        super().__init__([entete, *self.questions, self.score])
        self._maj_score()

    def _maj_score(self, *_):
        repondues = [q for q in self.questions if q.premier_essai is not None]
        justes = sum(1 for q in repondues if q.premier_essai)
        total = len(self.questions)
        self.score.value = (f"<p style='margin-top:0.8em'><b>Score</b>{ESPACE_UNITE}: {justes} bonne(s) "
                            f"réponse(s) du premier coup sur {total} question(s)"
                            f" ({len(repondues)} question(s) tentée(s)).</p>")


def _verifier_question(numero, q):
    if not isinstance(q, Mapping):
        raise TypeError(f"la question {numero} doit être un dictionnaire, or elle est de type {type(q).__name__}.")
    manquantes = [c for c in ("question", "choix", "bonne_reponse", "explication") if c not in q]
    if manquantes:
        raise ValueError(f"la question {numero} n'a pas la (les) clé(s) {', '.join(manquantes)} ; "
                         "attendu : question, choix, bonne_reponse, explication.")
    choix = q["choix"]
    if not isinstance(choix, (list, tuple)) or len(choix) < 2 or not all(isinstance(c, str) for c in choix):
        raise ValueError(f"la question {numero} : choix doit être une liste d'au moins deux textes.")
    bonne = q["bonne_reponse"]
    if isinstance(bonne, str):
        if bonne not in choix:
            raise ValueError(f"la question {numero} : bonne_reponse {bonne!r} ne figure pas dans choix.")
        bonne = list(choix).index(bonne)
    elif isinstance(bonne, (int, np.integer)) and not isinstance(bonne, bool):
        if not 0 <= bonne < len(choix):
            raise ValueError(f"la question {numero} : bonne_reponse vaut {bonne}, or c'est la position du bon "
                             f"choix, entre 0 et {len(choix) - 1}.")
    else:
        raise TypeError(f"la question {numero} : bonne_reponse doit être la position du bon choix (0, 1…) "
                        "ou son texte.")
    return str(q["question"]), list(choix), int(bonne), str(q["explication"])


def quiz(questions=None, titre: str = "Quiz : les formes de rejet"):
    """Un quiz à boutons, avec un retour en français (« Bonne réponse » / « Pas tout à fait » et l'explication).

    ``questions`` : liste de dictionnaires ``{"question", "choix", "bonne_reponse",
    "explication"}``, ``bonne_reponse`` étant la position du bon choix (0, 1…) ou son texte.
    Par défaut, le quiz de la leçon 04 sur les formes de rejet (:data:`QUESTIONS_REJET`).
    Chaque question expose ``boutons`` et ``retour`` ; ``Quiz.retours`` les regroupe.
    """
    return Quiz(QUESTIONS_REJET if questions is None else questions, titre)


# --------------------------------------------------------------------------- leçon 05

_MOIS_FR = list(g.MOIS_FR)
TOUTES = "Toutes"


def _nom_mois(periode: pd.Period) -> str:
    return g.nom_mois(periode)


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


def tableau_de_bord_kpi(trafic=None, emails=None, reseaux=None):
    """Leçon 05 : tableau de bord des KPI, filtré par période, source de trafic, campagne, réseau.

    Par défaut, les jeux de données du cours (``charger("trafic_web")``,
    ``charger("campagnes_email")``, ``charger("reseaux_sociaux")``). Contrôles :
    ``periode`` (``SelectionRangeSlider`` sur les mois, valeurs ``"AAAA-MM"``), ``source``
    (« Toutes » ou une source de trafic), ``type_campagne`` (« Toutes » ou un type de
    campagne e-mail), ``plateforme`` (« Toutes » ou un réseau social). Résultat : « Visites »,
    « Taux de conversion », « Contacts qualifiés (leads) », « Coût par contact qualifié (CPL) », « Nouveaux clients »,
    « Coût d'acquisition client (CAC) », « Taux d'ouverture », « Taux de clics », « Taux de
    désabonnement », « Portée des publications », « Impressions », « Taux d'engagement ».
    Graphique : visites par mois et taux par mois (conversion, ouverture, engagement).
    """
    if trafic is None or emails is None or reseaux is None:
        from .donnees import charger
        trafic = charger("trafic_web") if trafic is None else trafic
        emails = charger("campagnes_email") if emails is None else emails
        reseaux = charger("reseaux_sociaux") if reseaux is None else reseaux
    exiger_colonnes("trafic", trafic, ["date", "source", "visites", "leads", "commandes",
                                       "nouveaux_clients", "depense"])
    exiger_colonnes("emails", emails, ["date_envoi", "type_campagne", "delivres", "ouvertures", "clics",
                                       "desabonnements"])
    exiger_colonnes("reseaux", reseaux, ["date", "plateforme", "portee", "impressions", "likes",
                                         "commentaires", "partages", "clics"])
    t_mois = _mensuel(trafic, "date", ["source"], ["visites", "leads", "commandes", "nouveaux_clients",
                                                   "depense"])
    e_mois = _mensuel(emails, "date_envoi", ["type_campagne"], ["delivres", "ouvertures", "clics",
                                                                  "desabonnements"])
    r = reseaux.assign(interactions=reseaux["likes"] + reseaux["commentaires"] + reseaux["partages"]
                       + reseaux["clics"])
    r_mois = _mensuel(r, "date", ["plateforme"], ["portee", "impressions", "interactions"])
    tous_mois = sorted(set(t_mois.index.get_level_values("mois")) | set(e_mois.index.get_level_values("mois"))
                       | set(r_mois.index.get_level_values("mois")))
    options = [(_nom_mois(m), str(m)) for m in tous_mois]
    controles = {
        "periode": widgets.SelectionRangeSlider(options=options, index=(0, len(options) - 1),
                                                description="Période", continuous_update=False,
                                                style=_STYLE, layout=_LARGEUR_CONTROLE),
        "source": widgets.Dropdown(options=[TOUTES, *sorted(trafic["source"].astype(str).unique())],
                                   value=TOUTES, description="Source de trafic", style=_STYLE),
        "type_campagne": widgets.Dropdown(options=[TOUTES, *sorted(emails["type_campagne"].astype(str).unique())],
                                          value=TOUTES, description="Campagnes e-mail", style=_STYLE),
        "plateforme": widgets.Dropdown(options=[TOUTES, *sorted(reseaux["plateforme"].astype(str).unique())],
                                       value=TOUTES, description="Réseau social", style=_STYLE),
    }
    fig, (ax1, ax2) = g.nouvelle_figure(7.8, 3.3, colonnes=2,
                                        marges=_marges(left=0.115, wspace=0.34, bottom=0.2, right=0.98))
    (l_visites,) = ax1.plot([], [], color=g.BLEU, linewidth=2, marker="o", markersize=3)
    g.habiller(ax1, "Visites par mois", "Mois", "Visites (nombre)", None, "nombre")
    (l_conv,) = ax2.plot([], [], color=g.BLEU, linewidth=2, marker="o", markersize=3, label="Conversion")
    (l_ouv,) = ax2.plot([], [], color=g.ORANGE, linewidth=2, marker="s", markersize=3, label="Ouverture")
    (l_eng,) = ax2.plot([], [], color=g.VERT, linewidth=2, marker="^", markersize=3, label="Engagement")
    g.habiller(ax2, "Taux par mois", "Mois", "Taux (%)", None, "pourcentage")
    ax2.legend(fontsize=7, frameon=True, loc="upper left", ncols=3)
    for ax in (ax1, ax2):  # mois en français, espacés selon la période choisie : jamais de chevauchement
        ax.tick_params(axis="x", labelsize=7)
        g.graduer_dates(ax.xaxis)

    def filtrer(table, cle, valeur, debut, fin):
        mois = table.index.get_level_values("mois")
        masque = (mois >= debut) & (mois <= fin)
        if valeur != TOUTES:
            masque &= table.index.get_level_values(cle).astype(str) == valeur
        sel = table[masque]
        par_mois = sel.groupby(level="mois").sum()
        return par_mois.reindex(pd.period_range(debut, fin, freq="M"), fill_value=0)

    def calculer(periode, source, type_campagne, plateforme):
        debut, fin = (pd.Period(p, freq="M") for p in periode)
        tm = filtrer(t_mois, "source", source, debut, fin)
        em = filtrer(e_mois, "type_campagne", type_campagne, debut, fin)
        rm = filtrer(r_mois, "plateforme", plateforme, debut, fin)
        tot_t, tot_e, tot_r = tm.sum(), em.sum(), rm.sum()
        return {
            "debut": debut, "fin": fin, "tm": tm, "em": em, "rm": rm,
            "visites": float(tot_t["visites"]), "leads": float(tot_t["leads"]),
            "nouveaux_clients": float(tot_t["nouveaux_clients"]), "depense": float(tot_t["depense"]),
            "conversion": _ou_none(taux_conversion, tot_t["commandes"], tot_t["visites"]),
            "cpl": _ou_none(cout_par_lead, round(float(tot_t["depense"]), 2), tot_t["leads"]),
            "cac": _ou_none(cout_acquisition_client, round(float(tot_t["depense"]), 2),
                            tot_t["nouveaux_clients"]),
            "ouverture": _ou_none(taux_ouverture, tot_e["ouvertures"], tot_e["delivres"]),
            "clics": _ou_none(taux_clics, tot_e["clics"], tot_e["delivres"]),
            "desabonnement": _ou_none(taux_desabonnement, tot_e["desabonnements"], tot_e["delivres"]),
            "portee": float(tot_r["portee"]), "impressions": float(tot_r["impressions"]),
            "engagement": _ou_none(taux_engagement, tot_r["interactions"], tot_r["portee"]),
        }

    def afficher(e):
        def taux(v, d=1):
            return pourcentage(v, d) if v is not None else "— (aucune donnée)"

        def cout(v):
            return euros(v) if v is not None else "— (aucune donnée)"

        periode = f"de {_nom_mois(e['debut'])} à {_nom_mois(e['fin'])}"
        return [f"<b>Site web</b> ({html.escape(periode)})",
                ("Visites", nombre(e["visites"])),
                ("Taux de conversion", taux(e["conversion"], 2)),
                ("Contacts qualifiés (leads)", nombre(e["leads"])),
                ("Coût par contact qualifié (CPL)", cout(e["cpl"])),
                ("Nouveaux clients", nombre(e["nouveaux_clients"])),
                ("Coût d'acquisition client (CAC)", cout(e["cac"])),
                "<b>E-mailing</b>",
                ("Taux d'ouverture", taux(e["ouverture"])),
                ("Taux de clics", taux(e["clics"])),
                ("Taux de désabonnement", taux(e["desabonnement"], 2)),
                "<b>Réseaux sociaux</b>",
                ("Portée des publications", nombre(e["portee"])),
                ("Impressions", nombre(e["impressions"])),
                ("Taux d'engagement", taux(e["engagement"], 2))]

    def dessiner(e):
        positions = mdates.date2num(e["tm"].index.to_timestamp().to_pydatetime())
        l_visites.set_data(positions, e["tm"]["visites"].to_numpy())
        l_conv.set_data(positions, _taux_par_mois(taux_conversion, e["tm"]["commandes"],
                                                  e["tm"]["visites"]).to_numpy())
        l_ouv.set_data(positions, _taux_par_mois(taux_ouverture, e["em"]["ouvertures"],
                                                 e["em"]["delivres"]).to_numpy())
        l_eng.set_data(positions, _taux_par_mois(taux_engagement, e["rm"]["interactions"],
                                                 e["rm"]["portee"]).to_numpy())
        gauche, droite = positions[0] - 15, positions[-1] + 15  # un demi-mois de part et d'autre
        for ax in (ax1, ax2):
            ax.set_xlim(gauche, droite)
        ax1.set_ylim(0, max(float(e["tm"]["visites"].max()), 1.0) * 1.1)
        taux_max = [np.nanmax(l.get_ydata()) for l in (l_conv, l_ouv, l_eng)
                    if np.isfinite(np.asarray(l.get_ydata(), dtype=float)).any()]
        ax2.set_ylim(0, max(taux_max + [0.05]) * 1.35)

    return Simulateur("Tableau de bord des KPI", controles, calculer, afficher, fig, dessiner)


def _ou_none(fonction, numerateur, denominateur):
    """Indicateur, ou ``None`` si le dénominateur est nul (« aucune donnée » dans la période)."""
    if float(denominateur) == 0:
        return None
    return fonction(float(numerateur), float(denominateur))


# --------------------------------------------------------------------------- leçon 06

GENESYS_PART_CLIENTS_EXISTANTS = 0.02  # source 000 : ≈ 2 % du budget pour les clients existants


def simulateur_budget(budget=200_000.0, part_fidelisation=0.2, cout_acquisition_client=100.0,
                      taux_retention_base=0.6, marge_annuelle=60.0, clients_actuels=10_000,
                      efficacite_fidelisation=0.05, annees=3, taux_actualisation=0.10):
    """Leçon 06 : partager un budget entre conquête et fidélisation
    (:func:`~relation_client.simulations.repartition_budget`).

    Contrôles : ``budget``, ``part_fidelisation``, ``cout_acquisition_client``,
    ``taux_retention_base``, ``marge_annuelle``, ``clients_actuels``,
    ``efficacite_fidelisation``, ``taux_actualisation`` (``annees`` est fixé à la
    construction). Résultat : « Dépense de conquête par an », « Dépense de fidélisation
    par an », « Rétention obtenue la 1re année », « Nouveaux clients sur 3 ans », « Clients
    au bout de 3 ans », « Profit actualisé sur 3 ans », « Meilleure répartition »,
    « À parts égales (50 % / 50 %) », « Comme Genesys (2 % pour fidéliser) ». Graphique :
    profit selon la part de fidélisation, votre réglage et l'optimum.
    """
    annees = int(exiger_nombre("annees", annees))
    if not 1 <= annees <= 20:
        raise ValueError(f"annees vaut {annees}, or le simulateur va de 1 à 20 ans.")
    controles = {
        "budget": _reel("budget", "Budget marketing annuel (€)", budget, 0, 1_000_000, 10_000),
        "part_fidelisation": _taux("part_fidelisation", "Part du budget pour fidéliser (%)", part_fidelisation),
        "cout_acquisition_client": _reel("cout_acquisition_client", "Coût d'acquisition d'un client (CAC, €)",
                                         cout_acquisition_client, 10, 500, 5),
        "taux_retention_base": _taux("taux_retention_base", "Rétention sans action de fidélisation (%)",
                                     taux_retention_base, 0.99),
        "marge_annuelle": _reel("marge_annuelle", "Marge annuelle d'un client (€)", marge_annuelle, 5, 500, 5),
        "clients_actuels": _entier("clients_actuels", "Clients au départ (nombre)", clients_actuels, 100,
                                   100_000, 100),
        "efficacite_fidelisation": _taux("efficacite_fidelisation",
                                         "Départs évités par euro dépensé par client (%)",
                                         efficacite_fidelisation, 0.2, 0.005, 1),
        "taux_actualisation": _taux("taux_actualisation", "Taux d'actualisation (%)", taux_actualisation,
                                    0.3, 0.005, 1),
    }
    fig, ax = g.nouvelle_figure(6.4, 3.4, marges=_marges(left=0.17))
    (courbe,) = ax.plot([0, 1], [0, 0], color=g.BLEU, linewidth=2.2, label="Profit sur la période")
    (point,) = ax.plot([0.2], [0], "o", color=g.VERMILLON, markersize=9, label="Votre répartition")
    (optimum,) = ax.plot([0.5], [0], "*", color=g.VERT, markersize=14, label="Meilleure répartition")
    ax.axvline(GENESYS_PART_CLIENTS_EXISTANTS, color=g.GRIS, linestyle=":", linewidth=1.2,
               label="≈ 2 % (Genesys)")
    g.habiller(ax, f"Profit actualisé sur {_annees(annees)} selon la part pour fidéliser",
               "Part du budget consacrée à fidéliser (%)", "Profit actualisé (€)", "pourcentage", "euros")
    ax.set_xlim(-0.02, 1.02)
    ax.legend(loc="lower center", fontsize=7, frameon=True, ncols=2)
    cache: dict = {}

    def calculer(part_fidelisation, **autres):
        tableau = repartition_budget(part_fidelisation=part_fidelisation, annees=annees, **autres)
        cle = tuple(sorted(autres.items()))
        if cache.get("cle") != cle:
            cache["cle"] = cle
            cache["courbe"] = courbe_repartition_budget(annees=annees, parts=101, **autres)
        c = cache["courbe"]
        meilleur = int(np.argmax(c["profit_total"].to_numpy()))
        moitie = int(np.argmin(np.abs(c["part_fidelisation"].to_numpy() - 0.5)))
        genesys = repartition_budget(part_fidelisation=GENESYS_PART_CLIENTS_EXISTANTS, annees=annees, **autres)
        return {"tableau": tableau, "courbe": c, "part": part_fidelisation,
                "profit": tableau.attrs["profit_total"],
                "part_optimale": float(c["part_fidelisation"].iloc[meilleur]),
                "profit_optimal": float(c["profit_total"].iloc[meilleur]),
                "profit_moitie": float(c["profit_total"].iloc[moitie]),
                "profit_genesys": genesys.attrs["profit_total"]}

    def afficher(e):
        t = e["tableau"]
        duree = _annees(annees)
        return [("Dépense de conquête par an", euros(t["depense_acquisition"].iloc[0], 0)),
                ("Dépense de fidélisation par an", euros(t["depense_fidelisation"].iloc[0], 0)),
                ("Rétention obtenue la 1re année", pourcentage(t["taux_retention"].iloc[0])),
                (f"Nouveaux clients sur {duree}", nombre(t["nouveaux_clients"].sum())),
                (f"Clients au bout de {duree}", nombre(t["clients_fin"].iloc[-1])),
                (f"Profit actualisé sur {duree}", euros(e["profit"], 0)),
                ("Meilleure répartition", f"{pourcentage(e['part_optimale'], 0)} pour fidéliser → "
                                          f"{euros(e['profit_optimal'], 0)}"),
                ("À parts égales (50 % / 50 %)", euros(e["profit_moitie"], 0)),
                ("Comme Genesys (2 % pour fidéliser)", euros(e["profit_genesys"], 0))]

    def dessiner(e):
        c = e["courbe"]
        x, y = c["part_fidelisation"].to_numpy(), c["profit_total"].to_numpy()
        courbe.set_data(x, y)
        point.set_data([e["part"]], [e["profit"]])
        optimum.set_data([e["part_optimale"]], [e["profit_optimal"]])
        bas, haut = float(min(y.min(), e["profit"])), float(max(y.max(), e["profit"]))
        marge = (haut - bas) * 0.12 or abs(haut) * 0.1 or 1.0
        ax.set_ylim(bas - marge, haut + marge)

    return Simulateur("Budget : conquérir ou fidéliser ?", controles, calculer, afficher, fig, dessiner)


# --------------------------------------------------------------------------- mesure


# --------------------------------------------------------------------------- texte affiché

# --------------------------------------------------------------------------- mode classe (Voilà)

#: Grands caractères pour le vidéoprojecteur, appliqués seulement dans Voilà (``body[data-voila]``) :
#: ouvert dans JupyterLab, un notebook garde l'apparence habituelle.
STYLE_PROJECTEUR = """<style>
body[data-voila] { --jp-widgets-font-size: 20px; --jp-widgets-inline-height: 40px;
                   --jp-content-font-size1: 20px; --jp-ui-font-size1: 18px; }
body[data-voila] .jp-RenderedHTMLCommon { font-size: 22px; line-height: 1.5; }
body[data-voila] .jp-RenderedHTMLCommon h1 { font-size: 2em; }
body[data-voila] .widget-slider, body[data-voila] .widget-dropdown { max-width: 100% !important; }
body[data-voila] .widget-hbox > .widget-vbox:first-child { flex: 1 1 600px !important; }
body[data-voila] .widget-hbox:has(> .rc-lecture) { width: 100% !important; max-width: 100% !important; }
body[data-voila] .widget-readout { min-width: 4.5em; width: auto !important; overflow: visible !important;
                                   white-space: nowrap; }
body[data-voila] .rc-resultat { font-size: 1.3em !important; }
body[data-voila] .widget-html-content h3 { font-size: 1.4em !important; }
</style>"""


def style_projecteur():
    """Le style « vidéoprojecteur » des tableaux de bord de ``notebooks/tableaux/`` (à afficher)."""
    from IPython.display import HTML

    return HTML(STYLE_PROJECTEUR)
