"""Les cellules enregistrées d'un notebook sur papier : leurs sorties (figures, tableaux, textes ; une
note à la place d'un simulateur non figé) en HTML, et les marques que portent les cellules (étiquette
``approfondissement``, métadonnées ``relation_client`` des exercices, type MIME des valeurs préparées).
"""

from __future__ import annotations

import html
import re

from relation_client.impression.typographie import markdown_html

MIME_VALEURS = "application/vnd.relation-client.valeurs+json"
MIME_VUE = "application/vnd.jupyter.widget-view+json"
TAG_APPROFONDISSEMENT = "approfondissement"
NOTE_SIMULATEUR_PAPIER = ("Simulateur interactif : il ne fonctionne que sur ordinateur. Sur papier, "
                          "faites le calcul à la main avec les réglages donnés dans la question.")
NOTE_SIMULATEUR_LECON = ("Simulateur interactif : ouvrez le notebook dans JupyterLab (make cours) "
                         "pour l'utiliser.")


def metadonnees_exercice(cellule) -> dict:
    """Métadonnées ``relation_client`` d'une cellule d'exercice (question, rôle, parcours) ; ``{}`` sinon."""
    return cellule.get("metadata", {}).get("relation_client", {}) or {}


def _texte(valeur) -> str:
    return "".join(valeur) if isinstance(valeur, list) else str(valeur)


def rendu_sorties(sorties, *, widget_papier: bool = False) -> str:
    """HTML des sorties enregistrées d'une cellule : figures, tableaux, textes (pas les erreurs)."""
    morceaux = []
    for sortie in sorties or []:
        genre = sortie.get("output_type")
        if genre == "stream":
            if sortie.get("name") == "stderr":
                continue
            texte = _texte(sortie.get("text", ""))
            if texte.strip():
                morceaux.append(f"<div class='rc-flux'>{html.escape(texte.rstrip())}</div>")
            continue
        if genre not in ("display_data", "execute_result"):
            continue
        donnees = sortie.get("data", {})
        if MIME_VALEURS in donnees:
            continue  # rendu à part (voir la version papier des exercices)
        if MIME_VUE in donnees:  # simulateur non figé : une note à sa place
            note = NOTE_SIMULATEUR_PAPIER if widget_papier else NOTE_SIMULATEUR_LECON
            morceaux.append(f"<div class='rc-note-papier'>{note}</div>")
            continue
        if "image/png" in donnees:
            texte_alt = html.escape(_texte(donnees.get("text/plain", "figure")), quote=True)
            morceaux.append(f"<figure><img alt=\"{texte_alt}\" "
                            f"src=\"data:image/png;base64,{_texte(donnees['image/png']).strip()}\"></figure>")
        elif "image/svg+xml" in donnees:
            morceaux.append(f"<figure>{_texte(donnees['image/svg+xml'])}</figure>")
        elif "text/html" in donnees:
            morceaux.append(f"<div class='rc-html'>{_coupures_entetes(_texte(donnees['text/html']))}</div>")
        elif "text/markdown" in donnees:
            morceaux.append(markdown_html(_texte(donnees["text/markdown"])))
        elif "text/plain" in donnees:
            texte = _texte(donnees["text/plain"])
            if re.fullmatch(r"<[^>]*>", texte.strip()) or texte.strip() in ("None", "Ellipsis"):
                continue  # « <Figure size …> », objets sans texte utile
            morceaux.append(f"<pre>{html.escape(texte)}</pre>")
    return f"<div class='rc-sortie'>{''.join(morceaux)}</div>" if morceaux else ""


def _coupures_entetes(page: str) -> str:
    """Dans les en-têtes de tableau, « nouveaux_clients » peut passer à la ligne après « _ »
    (un tableau large ne déborde plus de la page, et aucun nombre ni date n'est coupé)."""
    return re.sub(r"(<th\b[^>]*>)([^<]*)(</th>)",
                  lambda entete: entete.group(1) + entete.group(2).replace("_", "_<wbr>") + entete.group(3), page)


def coupures_entetes_texte(texte: str) -> str:
    """Texte d'un en-tête de tableau, échappé, qui peut passer à la ligne après « _ »."""
    return html.escape(texte).replace("_", "_<wbr>")

