"""La version papier d'un exercice (``exercises/*.ipynb``) : énoncés sans les consignes du clavier,
tableaux et figures, encadrés « Valeurs préparées » (tirés de :mod:`.execution`), cadres de réponse
dimensionnés selon la question, et aucun code. Un corrigé est refusé : aucune réponse ne peut y
apparaître."""

from __future__ import annotations

import html
import re
from pathlib import Path

from relation_client.corriges import question
from relation_client.impression.cellules import (MIME_VALEURS, TAG_APPROFONDISSEMENT, coupures_entetes_texte,
                                                 metadonnees_exercice, rendu_sorties)
from relation_client.impression.execution import dependances_reponses, executer_exercice
from relation_client.impression.page import Document, ErreurImpression, page_html
from relation_client.impression.typographie import markdown_html, niveau_titre, premier_titre
from relation_client.site import titre_de_secours

DOSSIER_EXERCICES = "exercices"
NOTE_DEPENDANTE = ("Sur ordinateur, cette cellule réutilise vos réponses précédentes : son résultat "
                   "n'est pas imprimé.")


def _zones_exercice(nb, approfondissement: bool) -> list[bool]:
    """Pour chaque cellule : True si elle fait partie de la version papier."""
    gardees = []
    dans_facultatif = False
    for cellule in nb.cells:
        info = metadonnees_exercice(cellule)
        if cellule.cell_type == "markdown" and not info:
            titre = niveau_titre(cellule.source)
            if titre and titre[0] <= 2:
                dans_facultatif = bool(re.search(r"pour aller plus loin", titre[1], re.I))
        tags = cellule.get("metadata", {}).get("tags", []) or []
        facultative = (dans_facultatif or TAG_APPROFONDISSEMENT in tags
                       or info.get("parcours") == "approfondissement")
        gardees.append(approfondissement or not facultative)
    return gardees


def _rendu_valeurs(donnees: dict) -> str:
    """Encadré « Valeurs préparées » : nombres et textes en liste, séries et petits tableaux en tables."""
    simples, blocs = [], []
    series: dict[tuple, list] = {}  # séries de même index : une seule table, une colonne par série
    for v in donnees.get("valeurs", []):
        if v["genre"] == "serie":
            series.setdefault((v.get("index") or "", tuple(a for a, _ in v["lignes"])), []).append(v)
    for (index, cles), groupe in series.items():
        tete = "".join(f"<th>{coupures_entetes_texte(v['nom'])}</th>" for v in groupe)
        lignes = "".join("<tr><td>" + html.escape(cle) + "</td>"
                         + "".join(f"<td>{html.escape(v['lignes'][i][1])}</td>" for v in groupe) + "</tr>"
                         for i, cle in enumerate(cles))
        blocs.append(f"<table><thead><tr><th>{html.escape(index)}</th>{tete}</tr></thead>"
                     f"<tbody>{lignes}</tbody></table>")
    for v in donnees.get("valeurs", []):
        nom = html.escape(v["nom"])
        if v["genre"] in ("nombre", "texte"):
            simples.append(f"<dt>{nom}</dt><dd>{html.escape(v['texte'])}</dd>")
        elif v["genre"] == "tableau":
            tete = "".join(f"<th>{html.escape(c)}</th>" for c in v["colonnes"])
            lignes = "".join("<tr><th>" + html.escape(etiquette) + "</th>"
                             + "".join(f"<td>{html.escape(case)}</td>" for case in ligne) + "</tr>"
                             for etiquette, ligne in zip(v["index"], v["lignes"]))
            blocs.append(f"<p><code>{nom}</code></p><table><thead><tr><th></th>{tete}</tr></thead>"
                         f"<tbody>{lignes}</tbody></table>")
    if not simples and not blocs:
        return ""
    liste = f"<dl>{''.join(simples)}</dl>" if simples else ""
    return (f"<div class='rc-valeurs'><p class='rc-titre-valeurs'>Valeurs préparées</p>{liste}"
            f"{''.join(blocs)}</div>")


def _nettoyer_enonce(texte: str) -> str:
    """Retire de l'énoncé ce qui ne parle qu'au clavier : ``reponse = X`` → ``X``."""
    texte = re.sub(r"`\s*reponse\s*=\s*([^`]+?)\s*`", r"`\1`", texte)
    texte = re.sub(r"(?i)(notez|écrivez|mettez|indiquez)( le chiffre lu)? dans `reponse`",
                   lambda m: f"{m.group(1)}{m.group(2) or ''} dans le cadre de réponse", texte)
    texte = re.sub(r"`reponse`", "le cadre de réponse", texte)
    texte = re.sub(r"\s*;?\s*en Python,\s*`[^`]*`", "", texte)  # « …clients ; en Python, `f(x)`. »
    texte = re.sub(r"(?<=[.!?*])\s*[^.!?]*s'écrivent sans espace[^.!?]*[.!?]", "", texte)
    return texte


_SECTIONS_CLAVIER = ("comment ça marche", "comment répondre", "conventions", "deux parcours")
_MOTS_CLAVIER = re.compile(r"cellule|exécut|reponse|verifier|maj\s*\+|notebook|`", re.I)


_CONSIGNE_CLAVIER = re.compile(r"cellules? de (vérification|réponse)|« À compléter »|Maj\s*\+\s*Entrée|"
                               r"exécutez[- ](la|les|toutes)|enregistrez le notebook|\bexécutée?s?\b", re.I)


def _sans_consignes_clavier(texte: str) -> str:
    """Retire d'un texte (hors énoncé) les phrases qui ne parlent que du notebook
    (« Exécutez-la en premier. », « vérifiez que chaque cellule de réponse a été exécutée… »)."""
    gardes = []
    for bloc in re.split(r"\n\s*\n", texte):
        if niveau_titre(bloc) or bloc.lstrip().startswith("|") or not _CONSIGNE_CLAVIER.search(bloc):
            gardes.append(bloc)
            continue
        phrases = re.split(r"(?<=[.!?])\s+(?=[A-ZÀ-ÝÉ«*])", bloc.strip())
        reste = " ".join(p for p in phrases if not _CONSIGNE_CLAVIER.search(p))
        if reste.strip():
            gardes.append(reste)
    return "\n\n".join(gardes)


def _nettoyer_introduction(texte: str) -> str:
    """Garde le titre, les objectifs et le contexte de la première cellule, sans le mode d'emploi
    du notebook (sections « Comment ça marche », « Conventions »… et leurs listes)."""
    gardes, garder = [], True
    for bloc in re.split(r"\n\s*\n", texte):
        net = bloc.strip()
        m = re.match(r"^\*\*([^*]+?)\.?\*\*", net)
        if m:
            garder = m.group(1).strip().lower().rstrip(" .:") not in _SECTIONS_CLAVIER
        elif not garder and not re.match(r"^([-*+]|\d+[.)])\s", net) and not bloc.startswith((" ", "\t")):
            # Un paragraphe ordinaire après le mode d'emploi : gardé s'il ne parle pas du clavier.
            garder = not _MOTS_CLAVIER.search(net)
        if garder:
            gardes.append(bloc)
    return "\n\n".join(gardes)


def _cadre_reponse(ident: str, role: str, points: str) -> str:
    """Cadre à remplir à la main, dimensionné selon le genre de la question."""
    genre, unite, options = ("texte_libre" if role == "reponse_texte" else "nombre"), "", None
    try:
        cle = question(ident)
        genre, unite, options = cle.genre, cle.unite or "", cle.choix
    except Exception:  # question inconnue de la clé : cadre générique
        pass
    titre = f"<p class='rc-cadre-titre'>Réponse à la question {html.escape(ident)}</p>"
    if genre == "texte_libre":
        try:
            hauteur = max(8, min(16, int(float(points.replace(",", ".")) * 3 + 2)))
        except ValueError:
            hauteur = 10
        return f"<div class='rc-cadre'>{titre}{_lignes(hauteur)}</div>"
    if genre == "choix":
        liste = " / ".join(html.escape(str(o)) for o in options) if options else ""
        propositions = f" (entourez : {liste})" if liste else ""
        return (f"<div class='rc-cadre'>{titre}<p class='rc-resultat'>Votre choix{propositions} : "
                f"<span class='rc-pointilles'></span></p></div>")
    hauteur = 2 if genre == "nombre" else 5
    suffixe = {"taux": " %", "€": " €"}.get(unite, f" {unite}" if unite and unite != "taux" else "")
    resultat = ("Résultat (une valeur par ligne) :" if genre in ("serie", "tableau")
                else f"Résultat : <span class='rc-pointilles'></span>{html.escape(suffixe)}")
    return (f"<div class='rc-cadre'>{titre}<p>Calcul :</p>{_lignes(hauteur)}"
            f"<p class='rc-resultat'>{resultat}</p></div>")


def _lignes(nombre_lignes: int) -> str:
    """Lignes d'écriture d'un cadre de réponse (une par 7,5 mm)."""
    return "<div class='rc-lignes'>" + "<div class='rc-ligne-ecriture'></div>" * nombre_lignes + "</div>"


CONSIGNE_PAPIER = ("Version papier. Les calculs préparés sur ordinateur sont imprimés dans les encadrés "
                   "« Valeurs préparées » ; les tableaux et graphiques sont ceux du notebook. Répondez "
                   "dans les cadres : écrivez le calcul puis le résultat, un taux en pourcentage "
                   "(12,5 %), un montant en euros.")


def document_exercice(chemin, *, approfondissement: bool = False, nb_execute=None,
                      delai: int = 180) -> Document:
    """Version papier d'un exercice : énoncés, données, figures, cadres de réponse ; aucun code.

    ``chemin`` : un notebook d'exercice (``exercises/NN_nom.ipynb``), jamais un corrigé.
    ``nb_execute`` : le résultat de :func:`executer_exercice` s'il est déjà calculé.
    """
    import nbformat

    chemin = Path(chemin)
    nb = nbformat.read(chemin, as_version=4)
    for cellule in nb.cells:
        if cellule.cell_type == "code" and "### BEGIN SOLUTION" in cellule.source:
            raise ErreurImpression(f"{chemin} contient une région de solution : la version papier se "
                                   "construit à partir d'un notebook d'exercice (exercises/), jamais "
                                   "d'un corrigé.")
    execute = nb_execute if nb_execute is not None else executer_exercice(nb, delai)
    sorties: dict[int, list] = {}
    sondes: dict[int, dict] = {}
    for cellule in execute.cells:
        marque = cellule.get("metadata", {}).get("relation_client_impression", {})
        if "sonde" in marque:
            for sortie in cellule.get("outputs", []):
                if MIME_VALEURS in sortie.get("data", {}):
                    sondes[marque["sonde"]] = sortie["data"][MIME_VALEURS]
        elif "rang" in marque:
            sorties[marque["rang"]] = cellule.get("outputs", [])

    gardees = _zones_exercice(nb, approfondissement)
    dependantes = dependances_reponses(nb)
    titre = titre_de_secours(chemin)
    morceaux = []
    erreurs = 0
    premiere = True
    points: dict[str, str] = {}
    groupe_ouvert = [False]

    def fermer() -> str:
        if groupe_ouvert[0]:
            groupe_ouvert[0] = False
            return "</section>"
        return ""

    for rang, cellule in enumerate(nb.cells):
        if not gardees[rang]:
            continue
        info = metadonnees_exercice(cellule)
        role = info.get("role")
        if cellule.cell_type == "markdown":
            if role == "reponse_texte":
                morceaux.append(_cadre_reponse(info.get("question", "?"), role, points.get(info.get("question"), "2")))
                morceaux.append(fermer())
                continue
            morceaux.append(fermer())
            texte = _nettoyer_enonce(cellule.source)
            if premiere:
                titre = premier_titre(texte, titre)
                texte = _nettoyer_introduction(texte)
            if not role and not premiere:
                texte = _sans_consignes_clavier(texte)
            if role == "enonce":
                m = re.search(r"\((\d+(?:[.,]\d+)?)\s+points?\)", cellule.source)
                points[info.get("question")] = m.group(1) if m else "2"
                # L'énoncé et son cadre de réponse restent sur la même page (section insécable).
                morceaux.append(f"<section class='rc-question'>{markdown_html(texte)}")
                groupe_ouvert[0] = True
            else:
                morceaux.append(markdown_html(texte))
            if premiere:
                morceaux.append("<div class='rc-identite'><span>Nom :</span><span>Prénom :</span>"
                                "<span>Classe :</span><span>Date :</span></div>"
                                f"<p class='rc-consigne'>{html.escape(CONSIGNE_PAPIER)}</p>")
                premiere = False
            continue
        if cellule.cell_type != "code":
            continue
        if role == "reponse":
            ident = info.get("question", "?")
            morceaux.append(_cadre_reponse(ident, role, points.get(ident, "1")))
            morceaux.append(fermer())
            continue
        if role:  # vérification : rien sur papier
            continue
        if rang in dependantes:
            morceaux.append(f"<div class='rc-note-papier'>{NOTE_DEPENDANTE}</div>")
            continue
        cellule_sorties = sorties.get(rang, [])
        erreurs += sum(1 for s in cellule_sorties if s.get("output_type") == "error")
        morceaux.append(rendu_sorties(cellule_sorties, widget_papier=True))
        if rang in sondes:
            morceaux.append(_rendu_valeurs(sondes[rang]))
    morceaux.append(fermer())
    if premiere:
        morceaux.insert(0, f"<h1>{html.escape(titre)}</h1>")
    parcours = "parcours essentiel et « Pour aller plus loin »" if approfondissement else "parcours essentiel"
    entete = f"Relation client par les données — version papier de l'exercice — {parcours}"
    doc = Document(titre, page_html(titre, "\n".join(m for m in morceaux if m), base=chemin.parent,
                                    entete=entete),
                   f"{DOSSIER_EXERCICES}/{chemin.stem}.pdf", "exercice", chemin)
    if erreurs:
        doc.remarques.append(f"{erreurs} cellule(s) en erreur à l'exécution (sorties omises)")
    return doc

