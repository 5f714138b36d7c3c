"""La base des simulateurs : la classe :class:`Simulateur`, les fabriques de curseurs et
le script d'accessibilité (ipywidgets).

Un :class:`Simulateur` est un ``ipywidgets.VBox`` qui expose :

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

Les simulateurs de chaque leçon (modules voisins) ne font que choisir leurs contrôles, leur
figure et les lignes du résultat ; aucune formule ici.

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

from .. import graphiques
from ..controles import exiger_nombre, exiger_taux
from ..formatage import ESPACE_UNITE, nombre, pourcentage


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

#: Style et largeur des contrôles : le libellé garde sa largeur naturelle.
STYLE_CONTROLE = {"description_width": "initial"}
LARGEUR_CONTROLE = widgets.Layout(width="96%", max_width="560px")


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
        enfants_gauche = [_disposer(controle) for controle in self.controles.values()]
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
            self.image.value = graphiques.en_png(self.figure)
            # Alternative textuelle de l'image : texte caché, recopié en alt par le script.
            # (image.tooltip ferait planter la vue Image d'ipywidgets 8.1, sans description.)
            self.description_image.value = (f"<div class='rc-alt' hidden>"
                                            f"{html.escape(graphiques.decrire(self.figure), quote=False)}</div>")
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
CURSEURS = (widgets.FloatSlider, widgets.IntSlider, widgets.SelectionSlider, widgets.SelectionRangeSlider)

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
    if not isinstance(controle, CURSEURS):
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


def curseur_taux(nom, description, valeur, maximum=1.0, pas=0.01, decimales=0, minimum=0.0):
    """Curseur de taux : valeur en fraction (0 à 1), affichée en pourcentage."""
    valeur = _verifier_bornes(nom, exiger_taux(nom, valeur), minimum, maximum)
    return widgets.FloatSlider(value=valeur, min=minimum, max=maximum, step=pas,
                               readout_format=f".{decimales}%", description=description,
                               continuous_update=False, style=STYLE_CONTROLE, layout=LARGEUR_CONTROLE)


def curseur_reel(nom, description, valeur, minimum, maximum, pas, format_lecture=".0f"):
    """Curseur de nombre réel (montant, durée…) ; ``format_lecture`` règle les décimales affichées."""
    valeur = _verifier_bornes(nom, exiger_nombre(nom, valeur), minimum, maximum)
    return widgets.FloatSlider(value=valeur, min=minimum, max=maximum, step=pas,
                               readout_format=format_lecture, description=description,
                               continuous_update=False, style=STYLE_CONTROLE, layout=LARGEUR_CONTROLE)


def curseur_entier(nom, description, valeur, minimum, maximum, pas=1):
    """Curseur de nombre entier (clients, jours…) ; refuse une valeur de départ non entière."""
    valeur = exiger_nombre(nom, valeur)
    if not float(valeur).is_integer():
        raise ValueError(f"{nom} vaut {valeur:g}, or un nombre entier est attendu.")
    valeur = int(_verifier_bornes(nom, valeur, minimum, maximum))
    return widgets.IntSlider(value=valeur, min=minimum, max=maximum, step=pas, description=description,
                             continuous_update=False, style=STYLE_CONTROLE, layout=LARGEUR_CONTROLE)


def duree_en_annees(annees) -> str:
    """Une durée en années, au singulier ou au pluriel.

    >>> duree_en_annees(1), duree_en_annees(3)
    ('1 an', '3 ans')
    """
    annees = int(annees)
    return f"{annees} an" if annees == 1 else f"{annees} ans"


def marges_figure(**changees):
    """Marges d'une figure de simulateur (``nouvelle_figure(marges=…)``), avec les changements donnés.

    >>> marges_figure(left=0.2)
    {'left': 0.2, 'right': 0.97, 'bottom': 0.18, 'top': 0.88}
    """
    return {"left": 0.14, "right": 0.97, "bottom": 0.18, "top": 0.88, **changees}
