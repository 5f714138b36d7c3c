"""Retours pour débutants : les erreurs de frappe expliquées en français, d'abord.

Une petite extension IPython, chargée automatiquement par
``from relation_client.verification import verifier`` dans un noyau Jupyter (ou à la main :
``%load_ext relation_client.saisie``). Elle fait deux choses :

1. Quand une cellule s'arrête sur une ``SyntaxError`` ou une ``NameError``, elle affiche
   **d'abord** une explication française tirée du texte tapé (``reponse = 85 %`` → « Le signe %
   ne s'écrit pas : écrivez 0.85 (ou 85 / 100) »), puis une seule ligne « Détails techniques : … »
   à la place du long message Python. Les autres erreurs s'affichent normalement.
2. Elle tient un journal des exécutions (texte de la cellule, identifiant, succès, questions
   vérifiées) : ``verifier`` s'en sert pour ne jamais noter une réponse périmée (cellule de réponse
   en erreur, ou jamais exécutée).

Toute la logique est faite de fonctions pures (texte de la cellule + exception → message),
testables sans noyau : :func:`expliquer_syntaxe`, :func:`expliquer_nom`, :func:`expliquer_erreur`,
:func:`message_perime`. Ce module n'importe ni pandas ni IPython au chargement.
"""

from __future__ import annotations

import difflib
import html
import json
import os
import re
import sys
import unicodedata
from dataclasses import dataclass, field

from relation_client.nombres import lire_nombre

__all__ = [
    "Cellule",
    "Execution",
    "expliquer_syntaxe",
    "expliquer_nom",
    "expliquer_erreur",
    "ligne_technique",
    "message_perime",
    "assigne",
    "variante_de_reponse",
    "chercher_definition",
    "lire_cellules",
    "boite_html",
    "boite_texte",
    "afficher_boite",
    "ipython_courant",
    "charger_si_noyau",
    "etat_avant_verification",
    "load_ipython_extension",
    "unload_ipython_extension",
]

NOM_REPONSE = "reponse"
TITRE_ERREUR = "Cette cellule n'a pas pu s'exécuter"
_ESPACES_INSECABLES = "\u00a0\u202f\u2007"


# ---------------------------------------------------------------------------------------------
# Petits outils de texte
# ---------------------------------------------------------------------------------------------

def _sans_accents(texte: str) -> str:
    t = unicodedata.normalize("NFKD", str(texte))
    return "".join(c for c in t if not unicodedata.combining(c))


def _sans_textes(ligne: str) -> str:
    """La ligne sans ce qui est entre guillemets ni commentaire (pour y chercher %, espaces…)."""
    ligne = re.sub(r"(\"[^\"]*\"|'[^']*')", '""', ligne)
    return ligne.split("#", 1)[0]


def _citation(ligne: str, maximum: int = 80) -> str:
    ligne = ligne.strip()
    return ligne if len(ligne) <= maximum else ligne[: maximum - 1] + "…"


def _ligne(source: str, numero: int | None) -> str:
    lignes = source.splitlines()
    if numero is not None and 1 <= numero <= len(lignes):
        return lignes[numero - 1]
    return ""


# ---------------------------------------------------------------------------------------------
# Erreurs de syntaxe : ce que l'élève a tapé → l'explication
# ---------------------------------------------------------------------------------------------

_GUILLEMETS_TYPOGRAPHIQUES = "«»“”„‘’‚‹›"
# caractère → (nom avec son article, accord au féminin ?)
_OUVRANTS = {"(": ("Une parenthèse", True), "[": ("Un crochet", False), "{": ("Une accolade", True)}
_FERMANTS = {")": ("Une parenthèse", True), "]": ("Un crochet", False), "}": ("Une accolade", True)}
_CARACTERES = {
    "€": "Le signe € ne s'écrit pas : écrivez seulement le nombre (1500 et non 1500 €).",
    "×": "Le signe × ne s'écrit pas : pour multiplier, écrivez une étoile * (3 * 4).",
    "÷": "Le signe ÷ ne s'écrit pas : pour diviser, écrivez une barre oblique / (60 / 2400).",
    "−": "Ce signe moins « − » vient d'un traitement de texte : tapez le tiret du clavier « - ».",
    "–": "Ce tiret « – » vient d'un traitement de texte : pour soustraire, tapez le tiret du clavier « - ».",
    "²": "Le signe ² ne s'écrit pas : pour une puissance, écrivez deux étoiles (x ** 2).",
    "³": "Le signe ³ ne s'écrit pas : pour une puissance, écrivez deux étoiles (x ** 3).",
}

_MILLIERS = re.compile(r"(?<![\w.])-?\d{1,3}(?:[ " + _ESPACES_INSECABLES + r"]\d{3})+(?:[.,]\d+)?(?![\w])")
_POURCENT = re.compile(r"(-?\d[\d " + _ESPACES_INSECABLES + r"]*(?:[.,]\d+)?)\s*%")
_VIRGULE_ZERO = re.compile(r"(?<![\w.])(-?\d+),(0\d*)(?![\w.])")


def _indice_pourcentage(ligne: str) -> str:
    trouve = None
    for m in _POURCENT.finditer(_sans_textes(ligne)):
        trouve = m
    lecture = lire_nombre(trouve.group(1) + "%") if trouve else None
    if lecture is None or lecture.ecriture is None:
        return ("Le signe % ne s'écrit pas : un pourcentage s'écrit comme une fraction "
                "(12 % s'écrit 0.12, ou 12 / 100).")
    return f"Le signe % ne s'écrit pas : écrivez {lecture.ecriture_python} (ou {lecture.ecriture} / 100)."


def _indice_milliers(nombre_tape: str) -> str:
    nombre = lire_nombre(nombre_tape).ecriture or nombre_tape
    texte = f"Un nombre s'écrit sans espace entre les milliers : écrivez {nombre} (et non {nombre_tape.strip()})"
    if "," in nombre_tape:
        texte += ", avec un point pour les décimales"
    return texte + "."


def _ouvrant_non_ferme(source: str) -> str | None:
    """Le premier « ( », « [ » ou « { » resté ouvert dans la cellule (textes et commentaires ignorés)."""
    pile = []
    for ligne in (source or "").splitlines():
        for c in _sans_textes(ligne):
            if c in "([{":
                pile.append(c)
            elif c in ")]}" and pile:
                pile.pop()
    return pile[0] if pile else None


def _guillemet_non_ferme(source: str) -> bool:
    """Vrai si une ligne garde un guillemet seul une fois les textes complets retirés."""
    for ligne in (source or "").splitlines():
        code = re.sub(r"(\"[^\"]*\"|'[^']*')", "", ligne).split("#", 1)[0]
        if '"' in code or "'" in code:
            return True
    return False


def _indice_guillemets() -> str:
    return ("Utilisez les guillemets droits \" (touche 3 du clavier), pas « » ni “ ” : "
            "par exemple reponse = \"B\".")


def expliquer_syntaxe(source: str, erreur: SyntaxError) -> str:
    """Explication française d'une erreur de syntaxe, d'après le texte tapé.

    >>> expliquer_syntaxe("reponse = 85 %", SyntaxError("invalid syntax", ("c", 1, 15, "reponse = 85 %")))
    "Le signe % ne s'écrit pas : écrivez 0.85 (ou 85 / 100). Ligne 1 : « reponse = 85 % »."
    """
    message = str(getattr(erreur, "msg", "") or "")
    numero = getattr(erreur, "lineno", None)
    ligne = _ligne(source, numero) or (getattr(erreur, "text", None) or "").rstrip("\n")
    code = _sans_textes(ligne)
    indice = None

    if isinstance(erreur, IndentationError):
        if "unexpected indent" in message:
            indice = ("Cette ligne commence par des espaces en trop : retirez-les (une ligne de calcul "
                      "commence tout à gauche).")
        elif "expected an indented block" in message:
            indice = ("Après une ligne qui se termine par « : », la ligne suivante doit être décalée "
                      "de quatre espaces.")
        else:
            indice = ("Les décalages en début de ligne ne sont pas cohérents : alignez cette ligne "
                      "sur celle du dessus.")
    elif "invalid character" in message or "invalid non-printable character" in message:
        caractere = re.search(r"U\+([0-9A-Fa-f]{4,6})", message)
        c = chr(int(caractere.group(1), 16)) if caractere else ""
        if c in _ESPACES_INSECABLES:
            milliers = _MILLIERS.search(ligne)
            if milliers:
                indice = _indice_milliers(milliers.group(0))
            else:
                indice = ("Cette ligne contient une espace insécable (souvent copiée d'un traitement de "
                          "texte) : effacez les espaces et retapez-les au clavier.")
        elif c in _GUILLEMETS_TYPOGRAPHIQUES:
            indice = _indice_guillemets()
        elif c in _CARACTERES:
            indice = _CARACTERES[c]
        elif c:
            indice = (f"Le caractère « {c} » n'est pas compris par Python : effacez-le. Pour calculer, "
                      "utilisez + - * / et des parenthèses.")
    elif "leading zeros" in message and _VIRGULE_ZERO.search(code):
        m = _VIRGULE_ZERO.search(code)
        indice = ("En Python, la virgule des décimales s'écrit avec un point : "
                  f"écrivez {m.group(1)}.{m.group(2)} (et non {m.group(1)},{m.group(2)}).")
    elif "%" in code:
        indice = _indice_pourcentage(ligne)
    elif "unterminated" in message and "string" in message:
        indice = ("Un guillemet est ouvert mais jamais fermé : un texte s'écrit entre deux guillemets "
                  "droits, par exemple reponse = \"B\".")
    elif "was never closed" in message or "unexpected EOF" in message or "incomplete input" in message:
        ouvrant = re.search(r"'(.)' was never closed", message)
        c = ouvrant.group(1) if ouvrant else _ouvrant_non_ferme(source)
        if _guillemet_non_ferme(source):
            indice = ("Un guillemet est ouvert mais jamais fermé : un texte s'écrit entre deux guillemets "
                      "droits, par exemple reponse = \"B\".")
        elif c in _OUVRANTS:
            nom, feminin = _OUVRANTS[c]
            e = "e" if feminin else ""
            fermant = {"(": ")", "[": "]", "{": "}"}[c]
            indice = (f"{nom} « {c} » est ouvert{e} mais jamais fermé{e} : ajoutez « {fermant} » au bon "
                      f"endroit (il faut autant de « {fermant} » que de « {c} »).")
        else:
            indice = ("Une parenthèse ou un guillemet est ouvert mais jamais fermé : comptez-les, il en "
                      "faut autant qui ouvrent que qui ferment.")
    elif message.startswith("unmatched"):
        fermant = re.search(r"unmatched '(.)'", message)
        c = fermant.group(1) if fermant else ")"
        nom, feminin = _FERMANTS.get(c, _FERMANTS[")"])
        indice = (f"{nom} fermant{'e' if feminin else ''} « {c} » n'a pas d'ouvrant{'e' if feminin else ''} : "
                  f"retirez-l{'a' if feminin else 'e'}, ou ajoutez l'ouvrant{'e' if feminin else ''} au bon "
                  "endroit.")
    elif "does not match opening parenthesis" in message:
        indice = ("Les parenthèses ne se correspondent pas : une « ( » se ferme par « ) », un « [ » par "
                  "« ] ». Vérifiez chaque paire.")
    elif _MILLIERS.search(code):
        indice = _indice_milliers(_MILLIERS.search(code).group(0))
    elif "cannot assign to" in message or "cannot assign" in message:
        indice = (f"À gauche du signe =, on écrit seulement le nom qui reçoit le résultat : "
                  f"{NOM_REPONSE} = 60 / 2400 (et non 60 / 2400 = {NOM_REPONSE}).")
    elif re.match(rf"\s*{NOM_REPONSE}\s+[^=\s]", code) and "=" not in code:
        indice = f"Il manque le signe = : écrivez {NOM_REPONSE} = suivi de votre calcul."
    elif re.search(r"\d\s+\d", code):
        indice = ("Deux nombres se suivent sans rien entre eux : il manque un signe de calcul "
                  "(+ - * /), ou un nombre contient une espace en trop.")

    if indice is None:
        indice = ("Python n'a pas compris cette ligne. Vérifiez les parenthèses et les guillemets, et "
                  "écrivez les nombres avec un point décimal, sans espace ni % (0.85 et non 85 %).")
    if ligne.strip():
        indice += f" Ligne {numero} : « {_citation(ligne)} »." if numero else f" Ligne : « {_citation(ligne)} »."
    return indice


# ---------------------------------------------------------------------------------------------
# Noms inconnus
# ---------------------------------------------------------------------------------------------

def variante_de_reponse(nom: str) -> bool:
    """Vrai pour « Reponse », « réponse », « REPONSE », « response »… (mais pas « reponse »)."""
    normal = _sans_accents(nom).lower()
    return nom != NOM_REPONSE and normal in (NOM_REPONSE, "response", "reponce", "repons")


_MOTIF_ID = re.compile(r"verifier\(\s*[\"']?q?(\d+\.\d+)")


def _question_de(source: str) -> str | None:
    m = _MOTIF_ID.search(source or "")
    return m.group(1) if m else None


def _cellule_de_reponse(question: str | None) -> str:
    if question:
        return f"la cellule de réponse de la question {question}"
    return "la cellule de réponse juste au-dessus"


def expliquer_nom(nom: str, source: str = "", noms_definis=(), cellules=None) -> str:
    """Explication française d'un nom inconnu (``NameError``).

    ``noms_definis`` : les noms qui existent déjà (pour proposer le plus proche) ;
    ``cellules`` : les cellules du notebook (voir :func:`lire_cellules`), pour nommer celle qui
    définit ce nom et qu'il faut exécuter d'abord.

    >>> expliquer_nom("Reponse")
    "Le nom s'écrit reponse, sans accent ni majuscule (vous avez écrit « Reponse »)."
    """
    if variante_de_reponse(nom):
        return f"Le nom s'écrit {NOM_REPONSE}, sans accent ni majuscule (vous avez écrit « {nom} »)."
    if nom == NOM_REPONSE:
        cible = _cellule_de_reponse(_question_de(source))
        return (f"{NOM_REPONSE} n'existe pas encore : exécutez d'abord {cible} (juste au-dessus, "
                "Maj + Entrée), puis celle-ci.")
    definis = [n for n in noms_definis if isinstance(n, str) and not n.startswith("_")]
    if cellules:
        definition = chercher_definition(nom, cellules)
        if definition is not None:
            return (f"Le nom « {nom} » est défini dans une cellule qui n'a pas encore été exécutée : "
                    f"{definition}. Exécutez d'abord cette cellule (ou toutes les cellules au-dessus, "
                    "menu Exécution), puis celle-ci.")
    proche = _nom_proche(nom, definis)
    if proche is not None:
        return (f"Le nom « {nom} » n'existe pas : vouliez-vous écrire « {proche} » ? Attention aux "
                "majuscules, aux accents et aux tirets bas (_).")
    message = (f"Le nom « {nom} » n'existe pas encore : vérifiez son orthographe (majuscules, accents), "
               "ou exécutez d'abord les cellules au-dessus (menu Exécution).")
    if re.fullmatch(r"[A-Za-zÀ-ÿ][\wÀ-ÿ-]*", nom) and (len(nom) <= 3 or nom.isupper()):
        message += f" Si c'est un choix, écrivez-le entre guillemets : {NOM_REPONSE} = \"{nom}\"."
    return message


def _nom_proche(nom: str, candidats) -> str | None:
    if not candidats:
        return None
    normal = _sans_accents(nom).lower()
    for c in candidats:  # même nom aux majuscules et accents près
        if _sans_accents(c).lower() == normal:
            return c
    proches = difflib.get_close_matches(nom, list(candidats), n=1, cutoff=0.8)
    return proches[0] if proches else None


# ---------------------------------------------------------------------------------------------
# Le notebook : quelle cellule définit ce nom ?
# ---------------------------------------------------------------------------------------------

@dataclass
class Cellule:
    """Une cellule du notebook lu sur le disque."""

    type: str
    source: str
    id: str | None = None
    metadonnees: dict = field(default_factory=dict)


def lire_cellules(chemin) -> list[Cellule] | None:
    """Cellules d'un notebook (JSON lu directement, sans nbformat) ; ``None`` si illisible."""
    try:
        with open(chemin, encoding="utf-8") as f:
            nb = json.load(f)
        cellules = []
        for c in nb.get("cells", []):
            source = c.get("source", "")
            if isinstance(source, list):
                source = "".join(source)
            meta = c.get("metadata", {})
            cellules.append(Cellule(str(c.get("cell_type", "")), str(source), c.get("id"),
                                    meta if isinstance(meta, dict) else {}))
        return cellules
    except Exception:
        return None


def _definit(source: str, nom: str) -> bool:
    n = re.escape(nom)
    motifs = [
        rf"^[ \t]*(?:[\w, \t]*,[ \t]*)?{n}[ \t]*(?:,[\w, \t]*)?(?:[+\-*/]?=)(?!=)",  # nom = …, a, nom = …
        rf"^[ \t]*(?:def|class)[ \t]+{n}\b",
        rf"^[ \t]*from[ \t]+[\w.]+[ \t]+import[ \t]+\(?[^#\n]*\b{n}\b",
        rf"^[ \t]*import[ \t]+[^#\n]*\b{n}\b",
        rf"^[ \t]*for[ \t]+[^#\n]*\b{n}\b[^#\n]*[ \t]in[ \t]",
    ]
    return any(re.search(m, source, re.M) for m in motifs)


def chercher_definition(nom: str, cellules) -> str | None:
    """Décrit la première cellule de code qui définit ``nom`` (titre de la section au-dessus et
    début de la cellule), ou ``None``."""
    titre = None
    for cellule in cellules:
        if cellule.type == "markdown":
            m = re.search(r"^#{1,6}[ \t]+(.+)$", cellule.source, re.M)
            if m:
                titre = m.group(1).strip()
            continue
        if cellule.type != "code" or not _definit(cellule.source, nom):
            continue
        premiere = next((l for l in cellule.source.splitlines() if l.strip()), "")
        texte = f"la cellule qui commence par « {_citation(premiere, 60)} »"
        if titre:
            texte += f", dans la partie « {_citation(titre, 60)} »"
        return texte
    return None


# ---------------------------------------------------------------------------------------------
# Une erreur → le message complet
# ---------------------------------------------------------------------------------------------

def expliquer_erreur(source: str, erreur: BaseException, noms_definis=(), cellules=None) -> str | None:
    """Explication française d'une ``SyntaxError`` ou ``NameError`` (``None`` pour les autres)."""
    if isinstance(erreur, SyntaxError):
        return expliquer_syntaxe(source, erreur)
    if isinstance(erreur, NameError):
        nom = getattr(erreur, "name", None)
        if not nom:
            m = re.search(r"name '([^']+)' is not defined", str(erreur))
            nom = m.group(1) if m else None
        if not nom:
            return ("Un nom utilisé dans cette cellule n'existe pas encore : vérifiez son orthographe ou "
                    "exécutez d'abord les cellules au-dessus (menu Exécution).")
        return expliquer_nom(nom, source, noms_definis, cellules)
    return None


def ligne_technique(erreur: BaseException) -> str:
    """La seule ligne de message Python gardée : « Détails techniques : SyntaxError (ligne 1) : … »."""
    nom = type(erreur).__name__
    if isinstance(erreur, SyntaxError):
        texte = str(getattr(erreur, "msg", "") or "")
        numero = getattr(erreur, "lineno", None)
        ou = f" (ligne {numero})" if numero else ""
        return f"Détails techniques : {nom}{ou} : {texte}"
    return f"Détails techniques : {nom} : {erreur}"


# ---------------------------------------------------------------------------------------------
# Réponses périmées
# ---------------------------------------------------------------------------------------------

@dataclass
class Execution:
    """Une exécution de cellule vue par l'extension."""

    source: str
    id: str | None = None
    succes: bool | None = None
    verifications: list = field(default_factory=list)


def assigne(source: str, nom: str = NOM_REPONSE) -> bool:
    """Vrai si le texte de la cellule affecte ``nom`` (``reponse = …``, ``reponse += …``)."""
    return re.search(rf"^[ \t]*{re.escape(nom)}[ \t]*(?:[+\-*/]?=)(?!=)", source or "", re.M) is not None


def _variante_affectee(source: str) -> str | None:
    for m in re.finditer(r"^[ \t]*([^\W\d][\w]*)[ \t]*=(?!=)", source or "", re.M):
        if variante_de_reponse(m.group(1)):
            return m.group(1)
    return None


def _mentionne_reponse(source: str) -> bool:
    mots = re.findall(r"[^\W\d]\w*", source or "")
    return any(m == NOM_REPONSE or variante_de_reponse(m) for m in mots)


def message_perime(question: str, courante: Execution | None, precedentes, roles=None) -> str | None:
    """Message si ``reponse`` ne vient pas de la cellule de réponse de ``question``, sinon ``None``.

    - ``courante`` : la cellule qui appelle ``verifier`` ; ``precedentes`` : les exécutions
      terminées avant elle (la plus récente en dernier) ;
    - ``roles`` (facultatif) : ``{identifiant de cellule: (rôle, question)}`` lu dans le notebook.

    On remonte le journal depuis la cellule la plus récente jusqu'à la dernière affectation
    réussie de ``reponse`` :

    - une cellule en erreur qui touchait à ``reponse`` (ou la cellule de réponse de cette question,
      d'après le notebook) → « … s'est arrêtée sur une erreur : rien n'est vérifié » ;
    - ``Réponse = …`` ou ``REPONSE = …`` au lieu de ``reponse`` → l'indice sur le nom ;
    - la dernière affectation appartient à une autre question (d'après le notebook), ou une autre
      question a été vérifiée et notée depuis → « exécutez d'abord la cellule de réponse ».

    Une vérification refusée n'est pas notée dans le journal : la relancer ne fait pas noter une
    valeur périmée. Un journal vide ne permet pas de juger : ``None``.
    """
    cible = _cellule_de_reponse(question)
    if courante is not None and assigne(courante.source):
        return None  # réponse et vérification dans la même cellule
    precedentes = list(precedentes)
    if not precedentes:
        return None
    roles = roles or {}
    en_erreur = (f"{cible} s'est arrêtée sur une erreur (voir l'explication sous cette cellule) : rien "
                 "n'est vérifié. Corrigez-la, exécutez-la de nouveau, puis exécutez cette vérification.")
    a_executer = (f"{cible} n'a pas encore été exécutée : {NOM_REPONSE} contient encore une autre réponse. "
                  "Exécutez d'abord la cellule de réponse juste au-dessus (Maj + Entrée), puis cette "
                  "vérification.")
    verifiees = []  # questions vérifiées (et notées) depuis la dernière affectation de reponse
    for execution in reversed(precedentes):  # de la plus récente à la plus ancienne
        role, sa_question = roles.get(execution.id, (None, None))
        connue = role == "reponse" and sa_question is not None
        if execution.succes is False:
            if (connue and sa_question == question) or (not connue and _mentionne_reponse(execution.source)):
                return en_erreur
            verifiees.extend(execution.verifications)
            continue
        variante = _variante_affectee(execution.source)
        if variante and not assigne(execution.source) and not (connue and sa_question != question):
            return (f"dans {cible}, le nom s'écrit {NOM_REPONSE}, sans accent ni majuscule (vous avez écrit "
                    f"« {variante} »). Corrigez-le, exécutez cette cellule de nouveau, puis cette "
                    "vérification.")
        if assigne(execution.source):
            if connue:  # le notebook dit à quelle question appartient cette cellule de réponse
                return None if sa_question == question else a_executer
            break
        verifiees.extend(execution.verifications)
    return a_executer if any(q != question for q in verifiees) else None


# ---------------------------------------------------------------------------------------------
# Affichage : une boîte lisible sans couleur ni police emoji
# ---------------------------------------------------------------------------------------------

# genre → (couleur du bord et du mot, fond, symbole non emoji, style du bord)
_STYLES = {
    "juste": ("#006B4F", "#E9F5EF", "\u2714", "solid"),        # ✔
    "faux": ("#A01800", "#FDEEE9", "\u2718", "solid"),          # ✘
    "a_completer": ("#00558C", "#EAF2F8", "\u270E", "dashed"),  # ✎
    "erreur": ("#A01800", "#FDEEE9", "\u26A0", "double"),       # ⚠
    "info": ("#4A4A4A", "#F2F2F2", "\u2139", "dashed"),         # ℹ
}


def boite_texte(titre: str, message: str, bloc: bool = False) -> str:
    """Le repli texte de la boîte : « Juste : … » (ou, en bloc, le titre puis le message à la ligne)."""
    if not message:
        return titre
    return f"{titre}.\n{message}" if bloc else f"{titre} : {message}"


def boite_html(genre: str, titre: str, message: str, bloc: bool = False) -> str:
    """Une boîte colorée, lisible sans couleur (le mot est écrit) ni police emoji (symbole texte).

    Déterministe (aucun identifiant aléatoire) ; ``role="status"`` pour les lecteurs d'écran.
    """
    couleur, fond, symbole, bord = _STYLES.get(genre, _STYLES["info"])
    return (
        f'<div class="relation-client-retour relation-client-retour-{genre}" role="status" '
        f'data-verdict="{html.escape(genre)}" style="border:2px {bord} {couleur};'
        f"border-left:0.5em solid {couleur};background:{fond};color:#1A1A1A;"
        'padding:0.45em 0.8em;margin:0.25em 0;border-radius:4px;line-height:1.45;max-width:52em">'
        f'<span aria-hidden="true" style="color:{couleur};font-weight:bold;margin-right:0.35em">'
        f"{symbole}</span>"
        f'<strong style="color:{couleur}">{html.escape(titre)}{"." if bloc else ""}</strong>'
        + ((f"<br>{html.escape(message)}" if bloc else f" : {html.escape(message)}") if message else "")
        + "</div>"
    )


def afficher_boite(genre: str, titre: str, message: str, bloc: bool = False) -> bool:
    """Affiche la boîte dans le notebook (HTML + texte) ; faux hors IPython."""
    ip = ipython_courant()
    if ip is None:
        return False
    from IPython.display import display
    display({"text/html": boite_html(genre, titre, message, bloc),
             "text/plain": boite_texte(titre, message, bloc)}, raw=True)
    return True


# ---------------------------------------------------------------------------------------------
# L'extension IPython
# ---------------------------------------------------------------------------------------------

_MOTIF_FICHIER_CELLULE = re.compile(r"(<ipython-input-\d+-[0-9a-f]+>|[/\\]ipykernel_\d+[/\\][^/\\]+\.py)$")
_TAILLE_JOURNAL = 200


def ipython_courant():
    """Le shell IPython en cours, ou ``None`` hors IPython (sans jamais importer IPython)."""
    if "IPython" not in sys.modules:
        return None
    try:
        from IPython import get_ipython
        return get_ipython()
    except Exception:
        return None


class _Etat:
    """Ce que l'extension garde pour un noyau : journal des exécutions, ancien gestionnaire."""

    def __init__(self, shell):
        self.shell = shell
        self.courante: Execution | None = None
        self.executions: list[Execution] = []
        self.ancien_gestionnaire = (getattr(shell, "custom_exceptions", ()), getattr(shell, "CustomTB", None))
        self._roles_cache = (None, None, {})

    # -- événements
    def avant(self, info=None):
        source = getattr(info, "raw_cell", "") or ""
        self.courante = Execution(source=source, id=getattr(info, "cell_id", None))

    def apres(self, resultat=None):
        execution = self.courante
        info = getattr(resultat, "info", None)
        if execution is None:  # extension chargée pendant cette cellule
            execution = Execution(source=getattr(info, "raw_cell", "") or "", id=getattr(info, "cell_id", None))
        try:
            execution.succes = bool(resultat.success)
        except Exception:
            execution.succes = None
        if (execution.source or "").strip():
            self.executions.append(execution)
            del self.executions[:-_TAILLE_JOURNAL]
        self.courante = None

    # -- le notebook sur le disque
    def chemin_notebook(self):
        ns = getattr(self.shell, "user_ns", {}) or {}
        for cle in ("__session__", "__vsc_ipynb_file__"):
            chemin = ns.get(cle)
            if isinstance(chemin, str) and chemin.endswith(".ipynb") and os.path.isfile(chemin):
                return chemin
        return None

    def cellules(self):
        chemin = self.chemin_notebook()
        return lire_cellules(chemin) if chemin else None

    def roles(self) -> dict:
        chemin = self.chemin_notebook()
        if chemin is None:
            return {}
        try:
            date = os.path.getmtime(chemin)
        except OSError:
            return {}
        if self._roles_cache[:2] == (chemin, date):
            return self._roles_cache[2]
        roles = {}
        for c in lire_cellules(chemin) or []:
            meta = c.metadonnees.get("relation_client", {})
            if c.id and isinstance(meta, dict) and meta.get("role"):
                roles[c.id] = (meta.get("role"), meta.get("question"))
        self._roles_cache = (chemin, date, roles)
        return roles


_ETAT: _Etat | None = None


def _vient_de_la_cellule(erreur: BaseException, tb) -> bool:
    """Vrai si l'erreur naît dans le texte de la cellule (et non dans une bibliothèque)."""
    if isinstance(erreur, SyntaxError):
        return bool(_MOTIF_FICHIER_CELLULE.search(str(getattr(erreur, "filename", "") or "")))
    dernier = None
    while tb is not None:
        dernier = tb
        tb = tb.tb_next
    if dernier is None:
        return False
    return bool(_MOTIF_FICHIER_CELLULE.search(dernier.tb_frame.f_code.co_filename))


def _affichage_normal(shell, etype, valeur, tb):
    if issubclass(etype, SyntaxError):
        stb = shell.SyntaxTB.structured_traceback(etype, valeur, [])
    else:
        stb = shell.InteractiveTB.structured_traceback(etype, valeur, tb)
    shell._showtraceback(etype, valeur, stb)


def _gestionnaire(shell, etype, valeur, tb, tb_offset=None):
    """Gestionnaire ``set_custom_exc`` : l'explication française d'abord, puis une ligne technique."""
    try:
        if not _vient_de_la_cellule(valeur, tb):
            _affichage_normal(shell, etype, valeur, tb)
            return None
        etat = _ETAT
        source = etat.courante.source if etat is not None and etat.courante is not None else ""
        cellules = etat.cellules() if etat is not None and isinstance(valeur, NameError) else None
        noms = list(getattr(shell, "user_ns", {}) or {})
        message = expliquer_erreur(source, valeur, noms, cellules)
        if message is None:
            _affichage_normal(shell, etype, valeur, tb)
            return None
        afficher_boite("erreur", TITRE_ERREUR, message, bloc=True)
        shell._showtraceback(etype, valeur, [ligne_technique(valeur)])
    except Exception:
        try:
            _affichage_normal(shell, etype, valeur, tb)
        except Exception:
            pass
    return None


def load_ipython_extension(ip) -> None:
    """Point d'entrée de ``%load_ext relation_client.saisie`` (sans effet si déjà chargée)."""
    global _ETAT
    if _ETAT is not None and _ETAT.shell is ip:
        return
    if _ETAT is not None:
        unload_ipython_extension(_ETAT.shell)
    etat = _Etat(ip)
    ip.set_custom_exc((SyntaxError, NameError), _gestionnaire)
    ip.events.register("pre_run_cell", etat.avant)
    ip.events.register("post_run_cell", etat.apres)
    _ETAT = etat


def unload_ipython_extension(ip) -> None:
    """Rend à IPython son affichage d'erreurs d'origine."""
    global _ETAT
    etat = _ETAT
    if etat is None or etat.shell is not ip:
        return
    for nom, fonction in (("pre_run_cell", etat.avant), ("post_run_cell", etat.apres)):
        try:
            ip.events.unregister(nom, fonction)
        except ValueError:
            pass
    exceptions, gestionnaire = etat.ancien_gestionnaire
    ip.custom_exceptions = exceptions
    if gestionnaire is not None:
        ip.CustomTB = gestionnaire
    _ETAT = None


def charger_si_noyau() -> bool:
    """Charge l'extension si l'on est dans IPython (idempotent) ; ne fait rien ailleurs."""
    ip = ipython_courant()
    if ip is None:
        return False
    try:
        gestionnaire = getattr(ip, "extension_manager", None)
        if gestionnaire is not None:
            gestionnaire.load_extension(__name__)
        else:  # pragma: no cover - IPython sans gestionnaire d'extensions
            load_ipython_extension(ip)
    except Exception:
        return False
    return _ETAT is not None


def etat_avant_verification(question: str) -> str | None:
    """Appelé par ``verifier`` : note la vérification et dit si ``reponse`` est périmée."""
    etat = _ETAT
    if etat is None or ipython_courant() is not etat.shell:
        return None
    try:
        courante = etat.courante
        message = message_perime(question, courante, etat.executions, etat.roles())
        if courante is not None and message is None:  # une vérification refusée n'a rien noté
            courante.verifications.append(question)
        return message
    except Exception:
        return None
