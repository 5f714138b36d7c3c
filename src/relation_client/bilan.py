"""Bilan de la classe après une correction : ``resultats/bilan.html``.

``relation-client corriger`` écrit, à côté de ``notes.csv``, une page HTML autonome (une seule
page, styles et figures SVG intégrés, aucune ressource extérieure : elle s'ouvre hors ligne, en
pièce jointe d'un courriel ou sur une clé USB) :

- la répartition des notes (ramenées sur 20) et les chiffres clés de la classe ;
- le taux de réussite de chaque question notée automatiquement ;
- pour chaque question, les erreurs les plus fréquentes : l'erreur fréquente déclarée dans la clé
  de correction que chaque mauvaise réponse a rencontrée (le même indice que l'élève a vu) ;
- les copies qui n'ont pas pu être entièrement corrigées, avec la raison.

Les chiffres sont ceux de ``notes.csv`` (même source : les copies notées par le correcteur) ;
``tests/test_bilan.py`` le vérifie. Les copies illisibles (fichier vide, JSON abîmé, autre
exercice) ne comptent pas dans les moyennes ni les taux de réussite : elles sont listées à part.
"""

from __future__ import annotations

import datetime as _dt
import html
import statistics
from dataclasses import dataclass, field
from pathlib import Path

from relation_client.statuts_correction import ACCES_CORRIGE, INVALIDE, MAUVAIS_EXERCICE, OK

__all__ = ["Bilan", "calculer_bilan", "html_bilan", "ecrire_bilan", "chemin_bilan", "NON_CORRIGEES",
           "CLASSES_NOTES"]

#: Statuts de copie qui ne sont pas corrigées du tout (aucune cellule exécutée).
NON_CORRIGEES = (INVALIDE, MAUVAIS_EXERCICE)
#: Classes de la répartition des notes, sur 20 : [0 ; 2[, [2 ; 4[, …, [18 ; 20].
CLASSES_NOTES = tuple((b, b + 2) for b in range(0, 20, 2))

_CATEGORIES = {  # statut d'une question → catégorie du tableau de réussite
    "juste": "juste",
    "faux": "faux",
    "invalide": "inattendue",
    "a_completer": "vide",
    "erreur": "non_evaluee",
    "non_atteinte": "non_evaluee",
    "inconnue": "non_evaluee",
    "indisponible": "non_evaluee",
    "acces_corrige": "acces",
}
_LIBELLE_INATTENDUE = "Réponse d'un genre inattendu (texte au lieu d'un nombre, liste, valeur manquante…)"
_LIBELLE_AUTRE = "Autre valeur fausse"


# ---------------------------------------------------------------------------------------------
# Les chiffres
# ---------------------------------------------------------------------------------------------

@dataclass
class LigneQuestion:
    id: str
    titre: str
    parcours: str
    points: float
    comptes: dict = field(default_factory=dict)   # catégorie → nombre de copies
    erreurs: list = field(default_factory=list)   # [(libellé, nombre, déclarée ?)] par fréquence

    @property
    def copies(self) -> int:
        return sum(self.comptes.values())

    @property
    def reussite(self) -> float | None:
        return self.comptes.get("juste", 0) / self.copies if self.copies else None


@dataclass
class Bilan:
    exercice: str
    titre: str
    copies: int                       # copies rendues (lignes de notes.csv)
    corrigees: int                    # copies exécutées et notées
    sur: float                        # barème de la note (colonne « sur »)
    notes: list                       # totaux des copies corrigées (colonne « total »)
    repartition: list                 # effectif de chaque classe de CLASSES_NOTES
    questions: list                   # LigneQuestion des questions notées automatiquement
    manuelles: list                   # [(question, titre, réponses rédigées à corriger)]
    a_regarder: list                  # [(élève, statut, remarque)] des copies pas entièrement corrigées
    date: str = ""

    @property
    def moyenne(self) -> float | None:
        return statistics.fmean(self.notes) if self.notes else None

    @property
    def mediane(self) -> float | None:
        return statistics.median(self.notes) if self.notes else None


def _sur_20(total: float, sur: float) -> float:
    return 20.0 * total / sur if sur else 0.0


def classe_de_note(note_sur_20: float) -> int:
    """Rang de la classe de ``CLASSES_NOTES`` d'une note sur 20 (20 tombe dans la dernière)."""
    rang = int(max(0.0, min(note_sur_20, 20.0)) // 2)
    return min(rang, len(CLASSES_NOTES) - 1)


def _erreurs_declarees(question) -> set:
    return {str(e.indice).strip() for e in getattr(question, "erreurs", []) or []}


def calculer_bilan(copies_notees, questions, exercice: str, titre: str = "") -> Bilan:
    """Les chiffres du bilan, à partir des copies notées par le correcteur."""
    corrigees = [c for c in copies_notees if c.statut not in NON_CORRIGEES]
    sur = max((float(c.sur) for c in copies_notees), default=0.0)
    notes = [round(float(c.total), 2) for c in corrigees]
    repartition = [0] * len(CLASSES_NOTES)
    for c in corrigees:
        repartition[classe_de_note(_sur_20(c.total, c.sur))] += 1
    lignes, manuelles = [], []
    for q in questions:
        if str(getattr(q, "genre", "nombre")) == "texte_libre":
            redigees = sum(1 for c in corrigees for n in c.notes if n.question == q.id and n.statut == "manuel")
            manuelles.append((q.id, getattr(q, "titre", ""), redigees))
            continue
        ligne = LigneQuestion(q.id, getattr(q, "titre", "") or "", getattr(q, "parcours", "essentiel"),
                              float(q.points), {k: 0 for k in dict.fromkeys(_CATEGORIES.values())})
        declarees = _erreurs_declarees(q)
        erreurs: dict = {}
        for c in corrigees:
            for n in c.notes:
                if n.question != q.id:
                    continue
                categorie = _CATEGORIES.get(n.statut, "non_evaluee")
                ligne.comptes[categorie] += 1
                if categorie == "faux":
                    message = str(n.message).strip()
                    cle = (message, True) if message in declarees else (_LIBELLE_AUTRE, False)
                    erreurs[cle] = erreurs.get(cle, 0) + 1
                elif categorie == "inattendue":
                    cle = (_LIBELLE_INATTENDUE, False)
                    erreurs[cle] = erreurs.get(cle, 0) + 1
        ligne.erreurs = sorted(((libelle, nombre, declaree) for (libelle, declaree), nombre in erreurs.items()),
                               key=lambda e: (-e[1], not e[2], e[0]))
        lignes.append(ligne)
    a_regarder = [(c.eleve, c.statut, c.remarque) for c in copies_notees if c.statut != OK]
    return Bilan(exercice, titre, len(copies_notees), len(corrigees), sur, notes, repartition, lignes,
                 manuelles, a_regarder, _dt.datetime.now().strftime("%d/%m/%Y à %H:%M"))


# ---------------------------------------------------------------------------------------------
# La page
# ---------------------------------------------------------------------------------------------

def nombre_fr(x, decimales: int = 1) -> str:
    """``12.5`` → ``"12,5"`` ; ``12.0`` → ``"12"`` ; ``None`` → ``"—"``."""
    if x is None:
        return "—"
    x = round(float(x), decimales)
    texte = f"{x:.{decimales}f}".rstrip("0").rstrip(".") if decimales else f"{x:.0f}"
    return texte.replace(".", ",").replace("-", "−")


def pourcent_fr(x) -> str:
    return "—" if x is None else f"{nombre_fr(100 * x, 0)}\u00a0%"


_e = html.escape

_CSS = """
:root { --texte: #1b1b1b; --doux: #4a4a4a; --fond: #ffffff; --carte: #f3f5f8; --trait: #c9ced6;
  --bleu: #1f5fa8; --rouge: #a8201a; --vert: #1e6b34; --orange: #8a4b00; }
* { box-sizing: border-box; }
html { font-size: 17px; }
body { margin: 0; background: var(--fond); color: var(--texte); line-height: 1.5;
  font-family: "Segoe UI", "Helvetica Neue", Arial, "Liberation Sans", sans-serif; }
main { max-width: 1100px; margin: 0 auto; padding: 1.5rem 1.5rem 3rem; }
h1 { font-size: 1.8rem; margin: 0 0 .3rem; line-height: 1.25; }
h2 { font-size: 1.35rem; margin: 2.2rem 0 .8rem; padding-bottom: .3rem; border-bottom: 2px solid var(--trait); }
h3 { font-size: 1.05rem; margin: 1.4rem 0 .4rem; }
p.sous-titre, .note-bas { color: var(--doux); margin: 0; }
.cartes { display: grid; grid-template-columns: repeat(auto-fit, minmax(170px, 1fr)); gap: .8rem;
  margin: 1.2rem 0 0; padding: 0; }
.carte { background: var(--carte); border: 1px solid var(--trait); border-radius: 8px; padding: .7rem .9rem; margin: 0; }
.carte dt { color: var(--doux); font-size: .9rem; }
.carte dd { margin: .15rem 0 0; font-size: 1.5rem; font-weight: 700; }
.carte dd small { font-size: .9rem; font-weight: 400; color: var(--doux); }
.carte dd small.ligne { display: block; margin-top: .1rem; }
.defile { overflow-x: auto; margin: .6rem 0; }
.defile > table { margin: 0; }
td.intitule { min-width: 11rem; }
th.nombre { white-space: normal; min-width: 4.5rem; }
figure { margin: .5rem 0 0; }
figure svg { display: block; width: 100%; height: auto; max-width: 1000px; }
figcaption { color: var(--doux); font-size: .92rem; margin-top: .3rem; }
table { border-collapse: collapse; width: 100%; margin: .6rem 0; font-size: .95rem; }
th, td { border: 1px solid var(--trait); padding: .35rem .55rem; text-align: left; vertical-align: top; }
th { background: var(--carte); }
td.nombre, th.nombre { text-align: right; font-variant-numeric: tabular-nums; }
td.nombre { white-space: nowrap; }
tr.faible td.taux { color: var(--rouge); font-weight: 700; }
details { margin: .4rem 0 0; }
summary { cursor: pointer; color: var(--bleu); }
ol.erreurs { margin: .2rem 0 .6rem; padding-left: 1.4rem; }
ol.erreurs li { margin: .25rem 0; }
.compte { font-weight: 700; white-space: nowrap; }
.etiquette { display: inline-block; font-size: .8rem; border: 1px solid currentColor; border-radius: 4px;
  padding: 0 .3rem; color: var(--vert); white-space: nowrap; }
.statut { font-weight: 700; }
.statut-acces { color: var(--rouge); }
.rien { color: var(--vert); font-weight: 600; }
code { font-family: "DejaVu Sans Mono", Consolas, monospace; font-size: .9em; }
@media print { html { font-size: 12pt; } main { max-width: none; padding: 0; } details { display: block; }
  h2 { break-after: avoid; } .carte, figure, tr { break-inside: avoid; } }
"""


def _svg_repartition(b: Bilan) -> str:
    largeur, hauteur = 960, 330
    gauche, bas, haut, droite = 56, 56, 24, 16
    zone_l, zone_h = largeur - gauche - droite, hauteur - haut - bas
    maximum = max(b.repartition + [1])
    pas_axe = 1 if maximum <= 10 else (2 if maximum <= 20 else 5)
    sommet = ((maximum + pas_axe - 1) // pas_axe) * pas_axe
    n = len(CLASSES_NOTES)
    colonne = zone_l / n
    parties = [f'<svg viewBox="0 0 {largeur} {hauteur}" role="img" aria-labelledby="titre-repartition" '
               'xmlns="http://www.w3.org/2000/svg" font-family="Segoe UI, Helvetica Neue, Arial, sans-serif">',
               f'<title id="titre-repartition">Répartition des notes sur 20 : '
               + _e(", ".join(f"{nombre_fr(a, 0)} à {nombre_fr(z, 0)} : {k} copie{'s' if k > 1 else ''}"
                              for (a, z), k in zip(CLASSES_NOTES, b.repartition))) + "</title>"]
    for graduation in range(0, sommet + 1, pas_axe):
        y = haut + zone_h - zone_h * graduation / sommet
        parties.append(f'<line x1="{gauche}" y1="{y:.1f}" x2="{largeur - droite}" y2="{y:.1f}" '
                       f'stroke="#d5d9df" stroke-width="1"/>')
        parties.append(f'<text x="{gauche - 8}" y="{y + 5:.1f}" text-anchor="end" font-size="17" '
                       f'fill="#4a4a4a">{graduation}</text>')
    for i, ((a, z), effectif) in enumerate(zip(CLASSES_NOTES, b.repartition)):
        x = gauche + i * colonne + 4
        h = zone_h * effectif / sommet
        y = haut + zone_h - h
        if effectif:
            parties.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{colonne - 8:.1f}" height="{h:.1f}" '
                           f'fill="#1f5fa8" rx="2"/>')
            parties.append(f'<text x="{x + (colonne - 8) / 2:.1f}" y="{y - 6:.1f}" text-anchor="middle" '
                           f'font-size="17" font-weight="700" fill="#1b1b1b">{effectif}</text>')
        parties.append(f'<text x="{x + (colonne - 8) / 2:.1f}" y="{haut + zone_h + 22}" text-anchor="middle" '
                       f'font-size="17" fill="#1b1b1b">{a}–{z}</text>')
    parties.append(f'<line x1="{gauche}" y1="{haut + zone_h}" x2="{largeur - droite}" y2="{haut + zone_h}" '
                   'stroke="#1b1b1b" stroke-width="1.5"/>')
    parties.append(f'<text x="{gauche + zone_l / 2:.1f}" y="{hauteur - 8}" text-anchor="middle" font-size="17" '
                   'fill="#4a4a4a">Note sur 20</text>')
    parties.append(f'<text transform="translate(16 {haut + zone_h / 2:.1f}) rotate(-90)" text-anchor="middle" '
                   'font-size="17" fill="#4a4a4a">Copies</text>')
    parties.append("</svg>")
    return "".join(parties)


def _svg_reussite(b: Bilan) -> str:
    lignes = b.questions
    hauteur_ligne, haut = 34, 10
    largeur, gauche, droite = 960, 70, 90
    hauteur = haut + hauteur_ligne * max(len(lignes), 1) + 34
    zone_l = largeur - gauche - droite
    parties = [f'<svg viewBox="0 0 {largeur} {hauteur}" role="img" aria-labelledby="titre-reussite" '
               'xmlns="http://www.w3.org/2000/svg" font-family="Segoe UI, Helvetica Neue, Arial, sans-serif">',
               '<title id="titre-reussite">Taux de réussite par question : '
               + _e(", ".join(f"{q.id} : {pourcent_fr(q.reussite)}" for q in lignes)) + "</title>"]
    bas_zone = haut + hauteur_ligne * max(len(lignes), 1)
    for pourcent in (0, 25, 50, 75, 100):
        x = gauche + zone_l * pourcent / 100
        parties.append(f'<line x1="{x:.1f}" y1="{haut}" x2="{x:.1f}" y2="{bas_zone}" stroke="#d5d9df" '
                       f'stroke-width="1"{" stroke-dasharray=&quot;4 3&quot;" if pourcent == 50 else ""}/>'
                       .replace("&quot;", '"'))
        parties.append(f'<text x="{x:.1f}" y="{bas_zone + 22}" text-anchor="middle" font-size="16" '
                       f'fill="#4a4a4a">{pourcent}\u00a0%</text>')
    for i, q in enumerate(lignes):
        y = haut + i * hauteur_ligne
        taux = q.reussite or 0.0
        couleur = "#a8201a" if q.reussite is not None and taux < 0.5 else "#1f5fa8"
        parties.append(f'<text x="{gauche - 10}" y="{y + 22}" text-anchor="end" font-size="17" '
                       f'font-weight="600" fill="#1b1b1b">{_e(q.id)}</text>')
        if taux > 0:
            parties.append(f'<rect x="{gauche}" y="{y + 6}" width="{zone_l * taux:.1f}" height="{hauteur_ligne - 12}" '
                           f'fill="{couleur}" rx="2"/>')
        parties.append(f'<text x="{gauche + zone_l * taux + 8:.1f}" y="{y + 22}" font-size="17" '
                       f'fill="#1b1b1b">{pourcent_fr(q.reussite)}</text>')
    parties.append("</svg>")
    return "".join(parties)


_EN_TETES_QUESTIONS = (("juste", "Justes"), ("faux", "Fausses"), ("inattendue", "Genre inattendu"),
                       ("vide", "Non répondu"), ("non_evaluee", "Non évaluée"), ("acces", "Accès au corrigé"))


def _tableau_questions(b: Bilan) -> str:
    entetes = "".join(f'<th scope="col" class="nombre">{_e(t)}</th>' for _, t in _EN_TETES_QUESTIONS)
    lignes = []
    for q in b.questions:
        faible = q.reussite is not None and q.reussite < 0.5
        cellules = "".join(f'<td class="nombre">{q.comptes.get(k, 0)}</td>' for k, _ in _EN_TETES_QUESTIONS)
        parcours = "essentiel" if q.parcours == "essentiel" else "pour aller plus loin"
        classe = ' class="faible"' if faible else ""
        lignes.append(
            f'<tr{classe} data-question="{_e(q.id)}" '
            f'data-justes="{q.comptes.get("juste", 0)}" data-copies="{q.copies}">'
            f'<th scope="row">{_e(q.id)}</th><td class="intitule">{_e(q.titre)}<br><small>{parcours} · '
            f'{nombre_fr(q.points, 2)} pt{"s" if q.points > 1 else ""}</small></td>'
            f'<td class="nombre taux">{pourcent_fr(q.reussite)}{"<br>à retravailler" if faible else ""}</td>'
            f'{cellules}</tr>')
    return ('<div class="defile" role="region" tabindex="0" aria-label="Tableau de réussite par question">'
            '<table id="tableau-questions"><caption class="sr">Réussite par question</caption><thead><tr>'
            '<th scope="col">Question</th><th scope="col">Intitulé</th><th scope="col" class="nombre">Réussite</th>'
            + entetes + '</tr></thead><tbody>' + "".join(lignes)
            + "</tbody></table></div>")


def _section_erreurs(b: Bilan) -> str:
    blocs = []
    for q in b.questions:
        if not q.erreurs:
            continue
        mauvaises = sum(n for _, n, _ in q.erreurs)
        items = []
        for libelle, nombre, declaree in q.erreurs[:4]:
            marque = ' <span class="etiquette">erreur fréquente prévue</span>' if declaree else ""
            items.append(f'<li data-nombre="{nombre}"><span class="compte">{nombre} copie{"s" if nombre > 1 else ""}'
                         f"</span>{marque} : {_e(libelle)}</li>")
        reste = len(q.erreurs) - 4
        if reste > 0:
            items.append(f"<li>… et {reste} autre{'s' if reste > 1 else ''} erreur{'s' if reste > 1 else ''}</li>")
        blocs.append(f'<section class="erreurs-question" data-question="{_e(q.id)}"><h3>Question {_e(q.id)}'
                     f'{" — " + _e(q.titre) if q.titre else ""}</h3><p class="note-bas">{mauvaises} mauvaise'
                     f'{"s" if mauvaises > 1 else ""} réponse{"s" if mauvaises > 1 else ""} sur {q.copies} '
                     f'copie{"s" if q.copies > 1 else ""} :</p><ol class="erreurs">{"".join(items)}</ol></section>')
    if not blocs:
        return '<p class="rien">Aucune mauvaise réponse : rien à signaler.</p>'
    return ("<p>Pour chaque question, les mauvaises réponses regroupées selon l'indice que l'élève a reçu. "
            "« Erreur fréquente prévue » : l'erreur déclarée dans la clé de correction (le même indice "
            "que l'élève a lu en vérifiant sa réponse).</p>" + "".join(blocs))


def _section_a_regarder(b: Bilan) -> str:
    if not b.a_regarder:
        return '<p class="rien">Toutes les copies ont été entièrement corrigées.</p>'
    lignes = []
    for eleve, statut, remarque in b.a_regarder:
        classe = " statut-acces" if statut == ACCES_CORRIGE else ""
        lignes.append(f'<tr data-eleve="{_e(eleve)}" data-statut="{_e(statut)}"><th scope="row">{_e(eleve)}</th>'
                      f'<td class="statut{classe}">{_e(statut)}</td><td>{_e(remarque) or "—"}</td></tr>')
    return ("<p>Ces copies n'ont pas pu être entièrement corrigées, ou demandent votre avis : leur retour "
            "(<code>retours/&lt;élève&gt;.md</code>) donne le détail question par question.</p>"
            '<div class="defile" role="region" tabindex="0" aria-label="Copies à regarder">'
            '<table id="tableau-copies"><thead><tr><th scope="col">Élève</th><th scope="col">Statut</th>'
            '<th scope="col">Raison</th></tr></thead><tbody>' + "".join(lignes) + "</tbody></table></div>")


def _attribut(x) -> str:
    return "" if x is None else f"{x:.4f}"


def html_bilan(b: Bilan, fichier_notes: str = "notes.csv") -> str:
    """La page HTML complète (autonome) du bilan."""
    titre = f"Bilan de la classe — exercice {b.exercice}" + (f" : {b.titre}" if b.titre else "")
    sur = nombre_fr(b.sur, 2)
    moyenne_20 = None if b.moyenne is None or not b.sur else _sur_20(b.moyenne, b.sur)
    cartes = [
        ("copies", "Copies rendues", f"{b.copies}", ""),
        ("corrigees", "Copies corrigées", f"{b.corrigees}",
         f" <small>({b.copies - b.corrigees} illisible{'s' if b.copies - b.corrigees > 1 else ''})</small>"
         if b.copies - b.corrigees else ""),
        ("moyenne", "Moyenne", nombre_fr(b.moyenne), f" <small>/ {sur}</small><small class=\"ligne\">soit "
                                                    f"{nombre_fr(moyenne_20)} / 20</small>"
         if b.moyenne is not None else ""),
        ("mediane", "Médiane", nombre_fr(b.mediane), f" <small>/ {sur}</small>" if b.mediane is not None else ""),
        ("etendue", "Plus basse – plus haute",
         f"{nombre_fr(min(b.notes))} – {nombre_fr(max(b.notes))}" if b.notes else "—",
         f" <small>/ {sur}</small>" if b.notes else ""),
    ]
    synthese = "".join(f'<div class="carte" data-chiffre="{cle}"><dt>{_e(libelle)}</dt><dd>'
                       f'<span class="valeur">{valeur}</span>{complement}</dd></div>'
                       for cle, libelle, valeur, complement in cartes)
    repartition = "".join(f'<tr data-classe="{a}-{z}" data-effectif="{k}"><th scope="row">'
                          f'{"de " + str(a) + " à " + str(z) + (" (inclus)" if z == 20 else " (exclu)")}</th>'
                          f'<td class="nombre">{k}</td></tr>'
                          for (a, z), k in zip(CLASSES_NOTES, b.repartition))
    manuelles = ""
    if b.manuelles:
        items = "".join(f"<li>Question {_e(qid)}{' — ' + _e(t) if t else ''} : {n} réponse{'s' if n > 1 else ''} "
                        f"rédigée{'s' if n > 1 else ''} à lire</li>" for qid, t, n in b.manuelles)
        manuelles = ("<h3>Questions rédigées (corrigées par vous)</h3><p>Elles ne comptent pas dans les chiffres "
                     f"ci-dessus : les réponses sont recopiées dans les retours.</p><ul>{items}</ul>")
    return f"""<!DOCTYPE html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{_e(titre)}</title>
<style>{_CSS}
.sr {{ position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }}
</style>
</head>
<body>
<main>
<header>
<h1>{_e(titre)}</h1>
<p class="sous-titre">Correction automatique du {_e(b.date)} · notes détaillées : <code>{_e(fichier_notes)}</code> ·
retours aux élèves : <code>retours/</code></p>
</header>
<section aria-labelledby="h-synthese">
<h2 id="h-synthese">La classe en bref</h2>
<dl class="cartes" id="synthese" data-copies="{b.copies}" data-corrigees="{b.corrigees}" data-sur="{b.sur:g}"
 data-moyenne="{_attribut(b.moyenne)}" data-mediane="{_attribut(b.mediane)}">
{synthese}
</dl>
<p class="note-bas" style="margin-top:.6rem">Moyenne, médiane et répartition portent sur les copies corrigées
(note « total » de <code>{_e(fichier_notes)}</code>, sur {sur} points) ; les copies illisibles sont listées plus bas.</p>
</section>
<section aria-labelledby="h-repartition">
<h2 id="h-repartition">Répartition des notes</h2>
<figure>{_svg_repartition(b)}
<figcaption>Nombre de copies par tranche de 2 points, notes ramenées sur 20.</figcaption></figure>
<details><summary>Voir les effectifs en tableau</summary>
<table id="tableau-repartition"><thead><tr><th scope="col">Note sur 20</th><th scope="col" class="nombre">Copies</th>
</tr></thead><tbody>{repartition}</tbody></table></details>
</section>
<section aria-labelledby="h-reussite">
<h2 id="h-reussite">Réussite par question</h2>
<figure>{_svg_reussite(b)}
<figcaption>Part des copies corrigées qui ont tous les points à la question ; en rouge (et « à retravailler » dans le
tableau) : moins de la moitié de la classe.</figcaption></figure>
{_tableau_questions(b)}
{manuelles}
</section>
<section aria-labelledby="h-erreurs">
<h2 id="h-erreurs">Erreurs les plus fréquentes</h2>
{_section_erreurs(b)}
</section>
<section aria-labelledby="h-copies">
<h2 id="h-copies">Copies à regarder</h2>
{_section_a_regarder(b)}
</section>
</main>
</body>
</html>
"""


def chemin_bilan(chemin_notes: Path, ecraser: bool = False) -> Path:
    """``notes.csv`` → ``bilan.html`` ; ``notes-20261202-1830.csv`` → ``bilan-20261202-1830.html``.

    Un bilan déjà présent n'est jamais remplacé sans ``ecraser`` : le nouveau prend un suffixe.
    """
    chemin_notes = Path(chemin_notes)
    base = "bilan" + chemin_notes.stem[len("notes"):] if chemin_notes.stem.startswith("notes") else "bilan"
    chemin = chemin_notes.with_name(base + ".html")
    n = 2
    while chemin.exists() and not ecraser:
        chemin = chemin_notes.with_name(f"{base}-{n}.html")
        n += 1
    return chemin


def ecrire_bilan(chemin_notes, copies_notees, questions, exercice: str, ecraser: bool = False) -> Path:
    """Écrit le bilan HTML à côté de ``chemin_notes`` et renvoie son chemin."""
    chemin_notes = Path(chemin_notes)
    try:
        from relation_client import corriges as registre
        titre = registre.titre(exercice)
    except Exception:  # noqa: BLE001 - un exercice de test sans titre
        titre = ""
    bilan = calculer_bilan(copies_notees, questions, exercice, titre)
    chemin = chemin_bilan(chemin_notes, ecraser)
    chemin.write_text(html_bilan(bilan, chemin_notes.name), encoding="utf-8")
    return chemin
