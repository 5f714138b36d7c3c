"""Gestes communs des tests dans le navigateur : ouvrir un notebook, tout exécuter, bouger un curseur.

Les sélecteurs viennent de mesures sur JupyterLab 4.6 / ipywidgets 8.1 (voir DESIGN.md, section 8).
Aucune assertion chronométrée : on attend des conditions, avec des délais généreux.
"""

from __future__ import annotations

import itertools
import re
import time
from pathlib import Path

import nbformat

RACINE_DEPOT = Path(__file__).resolve().parents[2]
ARTEFACTS = RACINE_DEPOT / "tests" / "artefacts"
ATTENTE_MS = 120_000  # délais généreux : on attend des conditions, on ne mesure jamais de durée

SELECTEUR_CURSEUR = ".widget-slider .noUi-handle"
_compteur = itertools.count(1)

# Un petit notebook : un curseur, un montant en euros (prouve la tuyauterie noyau ↔ navigateur).
CELLULE_CURSEUR = """import ipywidgets as widgets
from relation_client.formatage import euros

curseur = widgets.IntSlider(value=10, min=0, max=100, description="Quantité")
resultat = widgets.HTML()

def mettre_a_jour(change=None):
    resultat.value = f"<b>Total : {euros(curseur.value * 1234.5)}</b>"

curseur.observe(mettre_a_jour, "value")
mettre_a_jour()
widgets.VBox([curseur, resultat])"""


def nom_fichier(texte: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", texte).strip("_")[:120]


def capture(page, nom: str) -> Path:
    """Enregistre une capture d'écran de la page dans tests/artefacts/."""
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    chemin = ARTEFACTS / f"{nom_fichier(nom)}.png"
    page.screenshot(path=str(chemin))
    return chemin


def ecrire_notebook(chemin: Path, cellules: list[tuple[str, str]]) -> Path:
    """Écrit un petit notebook : ``cellules`` = liste de (``"code"`` | ``"markdown"``, source)."""
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3 (ipykernel)",
                                 "language": "python"}
    fabriques = {"code": nbformat.v4.new_code_cell, "markdown": nbformat.v4.new_markdown_cell}
    nb.cells = [fabriques[genre](source) for genre, source in cellules]
    chemin.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, str(chemin))
    return chemin


# --------------------------------------------------------------------------- JupyterLab


def ouvrir_dans_lab(page, serveur, chemin: str):
    """Ouvre ``chemin`` (relatif à la copie du cours) dans un espace de travail neuf, noyau prêt."""
    espace = f"essai{next(_compteur)}"
    page.goto(serveur.adresse(f"lab/workspaces/{espace}/tree/{chemin}"), timeout=ATTENTE_MS)
    page.locator(".jp-Notebook").first.wait_for(state="visible", timeout=ATTENTE_MS)
    attendre_noyau_pret(page, serveur)
    return page


_NOYAU_PRET = """(nom) => {
  const panneau = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)');
  if (!panneau) return false;
  const indicateur = panneau.querySelector('.jp-Notebook-ExecutionIndicator');
  const noyau = panneau.querySelector('.jp-Toolbar-kernelName');
  return indicateur !== null && noyau !== null && noyau.textContent.trim() === nom
         && indicateur.getAttribute('data-status') === 'idle';
}"""


# Les simulateurs de relation_client.widgets qu'une leçon affiche (vitrine des tests de mise en
# page et d'accessibilité).
SIMULATEURS = ("premier_curseur", "simulateur_entonnoir", "simulateur_valeur_client",
               "simulateur_retention_profit", "calculateur_influence", "simulateur_pression_email",
               "simulateur_bad_buzz", "tableau_de_bord_kpi", "simulateur_budget")


def ouvrir_vitrine(page, serveur, copie_cours: Path, noms, fichier: str) -> None:
    """Écrit ``notebooks/<fichier>`` (une cellule par widget de ``noms``), l'ouvre dans JupyterLab,
    l'exécute en entier et vérifie qu'aucune cellule n'a échoué."""
    cellules = [("markdown", "# Tous les simulateurs")]
    cellules += [("code", f"from relation_client.widgets import {nom}\n{nom}()") for nom in noms]
    ecrire_notebook(copie_cours / "notebooks" / fichier, cellules)
    ouvrir_dans_lab(page, serveur, f"notebooks/{fichier}")
    executer_tout(page)
    verifier_sans_erreur(page)


def attendre_noyau_pret(page, serveur, noyau: str = "python3") -> None:
    """Attend que le notebook soit relié à son noyau et que celui-ci soit inactif.

    L'indicateur d'exécution vaut déjà « idle » avant que le noyau existe (barre d'outils :
    « No Kernel ») : lancer « Tout exécuter » à ce moment ouvre la fenêtre « Sélectionnez le
    noyau ». On attend donc aussi que la barre d'outils affiche le nom du noyau.
    """
    nom = serveur.api("api/kernelspecs")["kernelspecs"][noyau]["spec"]["display_name"]
    page.wait_for_function(_NOYAU_PRET, arg=nom, timeout=ATTENTE_MS, polling=100)


def menu(page, titre: str, commande: str) -> None:
    """Clique ``titre`` dans la barre de menus puis l'entrée de commande ``commande``."""
    page.locator(".lm-MenuBar-item", has_text=titre).first.click()
    page.locator(f'.lm-Menu-item[data-command="{commande}"]').first.click()


_TOUTES_EXECUTEES = """() => {
  const panneau = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)');
  if (!panneau) return false;
  const cellules = [...panneau.querySelectorAll('.jp-CodeCell')];
  if (cellules.length === 0) return false;
  const invites = cellules.map((c) => {
    const source = c.querySelector('.cm-content');
    if (source && source.textContent.trim() === '') return 'vide';
    const invite = c.querySelector('.jp-InputArea-prompt');
    return invite ? invite.textContent : '';
  });
  if (invites.some((t) => t.includes('*'))) return false;  // encore en file d'attente
  const erreur = [...panneau.querySelectorAll(
    '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]')]
    .some((e) => e.textContent.includes('Traceback') || /Error/.test(e.textContent));
  // Après une erreur, JupyterLab n'exécute pas les cellules suivantes : inutile d'attendre.
  return erreur || invites.every((t) => t === 'vide' || /\\[\\d+\\]/.test(t));
}"""


def executer_tout(page) -> None:
    """Efface les sorties enregistrées, puis Exécution → Exécuter toutes les cellules, et attend la fin.

    Effacer d'abord rend l'attente sûre : chaque cellule de code doit de nouveau porter un numéro
    d'exécution, ce qui n'arrive que lorsque le noyau l'a exécutée.
    """
    menu(page, "Édition", "editmenu:clear-all")
    menu(page, "Exécution", "runmenu:run-all")
    page.wait_for_function(_TOUTES_EXECUTEES, timeout=ATTENTE_MS * 3, polling=250)
    page.locator('.jp-Notebook-ExecutionIndicator[data-status="idle"]').first.wait_for(
        state="attached", timeout=ATTENTE_MS)


def erreurs_affichees(page) -> list[str]:
    """Textes des erreurs visibles dans le notebook (traceback, erreur de rendu d'un widget)."""
    erreurs = [t for t in page.locator(
        '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]').all_inner_texts()
        if "Traceback" in t or "Error" in t]
    erreurs += page.locator('.jp-RenderedText[data-mime-type*="error"]').all_inner_texts()
    erreurs += [t for t in page.locator(".jp-OutputArea-output").all_inner_texts()
                if "Error displaying widget" in t or "Error rendering" in t]
    return erreurs


def verifier_sans_erreur(page) -> None:
    erreurs = erreurs_affichees(page)
    assert not erreurs, "Des cellules affichent une erreur :\n" + "\n---\n".join(e[:1500] for e in erreurs)


# --------------------------------------------------------------------------- widgets


def attendre_texte(page, locator, attendu: str, timeout: int = ATTENTE_MS) -> None:
    """Attend que ``locator`` contienne exactement ``attendu`` (espaces insécables comprises).

    ``expect(...).to_contain_text`` normalise les espaces ; ici on veut vérifier le format
    français exact (U+202F pour les milliers, U+00A0 avant € et %). Le localisateur est
    réévalué à chaque essai : un widget HTML remplace son contenu à chaque mise à jour.
    """
    limite = time.monotonic() + timeout / 1000
    texte = None
    while True:
        try:
            texte = locator.first.text_content(timeout=5_000)
        except Exception:  # élément pas encore là, ou remplacé pendant la lecture
            texte = None
        if texte is not None and attendu in texte:
            return
        if time.monotonic() > limite:
            raise AssertionError(f"Texte attendu {attendu!r}, affiché : {texte!r}")
        page.wait_for_timeout(200)


def appuyer(page, locator, touche: str, fois: int = 1) -> None:
    """Donne le focus à ``locator`` et appuie ``fois`` fois sur ``touche`` (ex. curseur : ArrowRight)."""
    locator.scroll_into_view_if_needed()
    locator.focus()
    for _ in range(fois):
        locator.press(touche)


def remplacer_texte(locator, valeur: str) -> None:
    """Remplace le contenu d'une zone de saisie (Text, FloatText…) et valide avec Entrée."""
    champ = locator.locator("input, textarea").first if locator.evaluate(
        "el => !['INPUT', 'TEXTAREA'].includes(el.tagName)") else locator
    champ.scroll_into_view_if_needed()
    champ.fill(valeur)
    champ.press("Enter")


def simulateur(page, titre: str):
    """Le bloc d'un simulateur de ``relation_client.widgets``, retrouvé par son titre."""
    bloc = page.locator(".widget-vbox").filter(has=page.locator("h3", has_text=titre)).last
    bloc.wait_for(state="visible", timeout=ATTENTE_MS)
    return bloc


def poignee(bloc, description: str, rang: int = 0):
    """Poignée (``rang`` 0 = gauche) du curseur dont le libellé contient ``description``.

    Dans un simulateur, le libellé est au-dessus du curseur (``.rc-controle`` > ``.rc-libelle``) ;
    pour un curseur ipywidgets ordinaire, c'est son étiquette (``.widget-label``).
    """
    page = bloc.page
    groupe = bloc.locator(".rc-controle").filter(has=page.locator(".rc-libelle", has_text=description))
    ordinaire = bloc.locator(".widget-slider").filter(has=page.locator(".widget-label", has_text=description))
    return groupe.or_(ordinaire).first.locator(".noUi-handle").nth(rang)


def liste(bloc, description: str):
    """Le ``<select>`` de la liste déroulante dont l'étiquette contient ``description``."""
    return bloc.locator(".widget-dropdown").filter(
        has=bloc.page.locator(".widget-label", has_text=description)).first.locator("select")


def ligne(libelle: str, valeur: str) -> str:
    """Une ligne de résultat telle que l'affiche un Simulateur : « libellé : valeur »."""
    from relation_client.formatage import ESPACE_UNITE
    return f"{libelle}{ESPACE_UNITE}: {valeur}"


def filtrer_source_kpi(page, bloc, resultat, trafic, source: str):
    """Tableau de bord des KPI : total des visites affiché, puis filtre sur ``source``.

    Vérifie les visites et le taux de conversion de la source (calculés avec les fonctions
    pures) et renvoie les lignes de ``trafic`` de cette source.
    """
    from relation_client.formatage import nombre, pourcentage
    from relation_client.indicateurs import taux_conversion

    attendre_texte(page, resultat, ligne("Visites", nombre(trafic["visites"].sum())))
    liste(bloc, "Source de trafic").select_option(source)
    choisi = trafic[trafic["source"].astype(str) == source]
    attendre_texte(page, resultat, ligne("Visites", nombre(choisi["visites"].sum())))
    attendre_texte(page, resultat, ligne("Taux de conversion", pourcentage(
        taux_conversion(choisi["commandes"].sum(), choisi["visites"].sum()), 2)))
    return choisi


# --------------------------------------------------------------------------- accessibilité (axe-core)

#: Règles WCAG 2.0/2.1 niveaux A et AA (étiquettes d'axe-core).
ETIQUETTES_WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
IMPACTS_BLOQUANTS = ("serious", "critical")


def audit_axe(page, contexte=None) -> list[dict]:
    """Lance axe-core (paquet ``axe-playwright-python``) sur la page ; renvoie les violations WCAG 2 A/AA.

    ``contexte`` limite l'audit (sélecteur CSS, ou ``{"include": [...], "exclude": [...]}``).
    Chaque violation : ``id``, ``impact``, ``help`` et ``nodes`` (éléments en faute).
    """
    from axe_playwright_python.sync_playwright import Axe

    options = {"runOnly": {"type": "tag", "values": ETIQUETTES_WCAG}, "resultTypes": ["violations"]}
    return Axe().run(page, context=contexte, options=options).response["violations"]


def violations_bloquantes(violations: list[dict]) -> list[dict]:
    """Les violations graves ou critiques (celles qui font échouer les tests)."""
    return [v for v in violations if v.get("impact") in IMPACTS_BLOQUANTS]


def compte_axe(violations: list[dict]) -> dict[str, int]:
    """Nombre d'éléments en faute par règle : ``{"color-contrast": 17, …}``."""
    return {v["id"]: len(v["nodes"]) for v in violations}


def resume_axe(violations: list[dict], exemples: int = 3) -> str:
    """Texte lisible des violations (règle, impact, aide, premiers éléments en faute)."""
    lignes = []
    for v in violations:
        lignes.append(f"- {v['id']} ({v.get('impact')}, {len(v['nodes'])} élément(s)) : {v.get('help', '')}")
        for noeud in v["nodes"][:exemples]:
            lignes.append(f"    {noeud.get('html', '')[:200]}")
    return "\n".join(lignes)


def verifier_accessible(page, contexte=None, nom: str = "page") -> list[dict]:
    """Échoue s'il reste une violation grave ou critique ; renvoie toutes les violations."""
    violations = audit_axe(page, contexte)
    bloquantes = violations_bloquantes(violations)
    assert not bloquantes, (f"{nom} : violations WCAG 2 A/AA graves ou critiques (axe-core) :\n"
                            + resume_axe(bloquantes))
    return violations


def tabuler_jusqua(page, selecteur: str, maximum: int = 80):
    """Appuie sur Tab (clavier seul) jusqu'à ce que le focus soit sur un élément ``selecteur``.

    Renvoie le nombre d'appuis ; échoue si l'élément n'est jamais atteint.
    """
    for appuis in range(1, maximum + 1):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => !!document.activeElement && document.activeElement.matches(s)", selecteur):
            return appuis
    raise AssertionError(f"aucun élément « {selecteur} » atteint en {maximum} appuis sur Tab")
