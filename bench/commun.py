"""Ce que partagent ``mesurer.py`` et ``profiler.py`` : l'écriture des nombres, la durée des
cellules d'un notebook exécuté, la liste des widgets à mesurer et le plan de leurs changements.

Les deux scripts importent ce module ; il n'importe ni l'un ni l'autre.
"""

from __future__ import annotations

import datetime as dt
import typing


def fr(x: float, decimales: int = 2) -> str:
    """Nombre à la française (virgule décimale, espace fine pour les milliers)."""
    return f"{x:,.{decimales}f}".replace(",", "\u202f").replace(".", ",")


def durees_cellules(nb) -> list[tuple[float, int, str]]:
    """Durée de chaque cellule (horodatage nbclient) : [(s, indice, première ligne)], décroissant."""
    durees = []
    for indice, cellule in enumerate(nb.cells):
        execution = cellule.get("metadata", {}).get("execution", {})
        debut, fin = execution.get("iopub.execute_input"), execution.get("shell.execute_reply")
        if not (debut and fin):
            continue
        duree = (dt.datetime.fromisoformat(fin.replace("Z", "+00:00"))
                 - dt.datetime.fromisoformat(debut.replace("Z", "+00:00"))).total_seconds()
        premiere = next((ligne for ligne in cellule.source.splitlines()
                         if ligne.strip() and not ligne.startswith("#")),
                        cellule.source.splitlines()[0] if cellule.source else "")
        durees.append((duree, indice, premiere[:70]))
    return sorted(durees, reverse=True)


def _renvoie_un_widget(fonction) -> bool:
    """Faux seulement si la fonction annonce autre chose qu'un widget (``style_projecteur`` : du CSS)."""
    import ipywidgets

    retour = typing.get_type_hints(fonction).get("return")
    return retour is None or (isinstance(retour, type) and issubclass(retour, ipywidgets.Widget))


def constructeurs_widgets():
    """(nom, fabrique) de chaque constructeur de widget public de relation_client.widgets."""
    from relation_client import widgets as W

    noms = ["premier_curseur", "simulateur_entonnoir", "simulateur_valeur_client",
            "simulateur_retention_profit", "calculateur_influence", "simulateur_pression_email",
            "simulateur_bad_buzz", "quiz", "tableau_de_bord_kpi", "simulateur_budget"]
    for nom in getattr(W, "__all__", []):  # un constructeur ajouté plus tard est mesuré aussi
        fonction = getattr(W, nom, None)
        if (nom not in noms and not nom[0].isupper() and callable(fonction)
                and _renvoie_un_widget(fonction)):
            noms.append(nom)
    return [(nom, getattr(W, nom)) for nom in noms if callable(getattr(W, nom, None))]


def _valeurs_alternees(controle) -> list:
    """Deux (ou plus) valeurs valides à alterner pour un contrôle, autour de sa valeur de départ."""
    import ipywidgets as widgets

    depart = controle.value
    if isinstance(controle, (widgets.IntSlider, widgets.FloatSlider, widgets.BoundedIntText,
                             widgets.BoundedFloatText)):
        pas = getattr(controle, "step", 1) or 1
        haut = depart + 3 * pas
        autre = haut if haut <= controle.max else depart - 3 * pas
        autre = max(controle.min, min(controle.max, autre))
        if isinstance(controle, (widgets.IntSlider, widgets.BoundedIntText)):
            autre = int(round(autre))
        else:
            autre = round(autre, 10)
        return [depart, autre]
    if isinstance(controle, widgets.Checkbox):
        return [depart, not depart]
    options = [option[1] if isinstance(option, tuple) else option for option in getattr(controle, "options", ())]
    if isinstance(controle, widgets.SelectionRangeSlider):
        premier, dernier = controle.index
        return [(options[premier], options[dernier]),
                (options[min(premier + 1, len(options) - 1)], options[max(dernier - 2, 0)])]
    if isinstance(controle, (widgets.Dropdown, widgets.ToggleButtons, widgets.RadioButtons, widgets.Select)):
        autres = [option for option in options if option != depart][:2]
        return [depart, *autres]
    return [depart]


def plan_de_changements(simulateur, changements: int) -> list[tuple[str, object]]:
    """Chaque changement touche UN contrôle ; les contrôles sont pris à tour de rôle."""
    valeurs = {nom: _valeurs_alternees(controle) for nom, controle in simulateur.controles.items()}
    valeurs = {nom: possibles for nom, possibles in valeurs.items() if len(possibles) >= 2}
    noms = list(valeurs)
    plan, compteurs = [], {nom: 0 for nom in noms}
    for rang in range(changements):
        nom = noms[rang % len(noms)]
        compteurs[nom] += 1
        possibles = valeurs[nom]
        plan.append((nom, possibles[compteurs[nom] % len(possibles)]))
    return plan
