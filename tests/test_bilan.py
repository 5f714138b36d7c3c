"""Bilan de la classe (``resultats/bilan.html``) : ses chiffres sont ceux de ``notes.csv``.

Un test rapide avec une classe fabriquée (copies notées, sans noyau), un test ``lent`` avec une
vraie petite classe corrigée par ``relation-client corriger``.
"""

from __future__ import annotations

import csv
import html
import json
import re
import statistics
from pathlib import Path

import pytest

from relation_client import bilan, correction
from relation_client.correction import rapports
from relation_client.correction import CopieNotee, NoteQuestion
from relation_client.verification import Erreur, Question

RACINE = Path(__file__).resolve().parents[1]


# ---------------------------------------------------------------------------------------------
# Lecture de notes.csv et du bilan
# ---------------------------------------------------------------------------------------------

def _nombre(texte: str) -> float:
    return float(texte.replace(",", ".")) if texte else 0.0


def _lire_notes(chemin: Path) -> list[dict]:
    return list(csv.DictReader(chemin.read_text(encoding="utf-8-sig").splitlines(), delimiter=";"))


def _attributs(balise: str) -> dict:
    return {k: html.unescape(v) for k, v in re.findall(r'([\w-]+)="([^"]*)"', balise)}


def _lire_bilan(chemin: Path) -> dict:
    texte = chemin.read_text(encoding="utf-8")
    synthese = _attributs(re.search(r'<dl class="cartes" id="synthese"[^>]*>', texte).group(0))
    repartition = [int(_attributs(m)["data-effectif"]) for m in re.findall(r"<tr data-classe=[^>]*>", texte)]
    questions = {a["data-question"]: (int(a["data-justes"]), int(a["data-copies"]))
                 for a in map(_attributs, re.findall(r"<tr(?: class=\"faible\")? data-question=[^>]*>", texte))}
    a_regarder = {a["data-eleve"]: a["data-statut"] for a in map(_attributs, re.findall(r"<tr data-eleve=[^>]*>", texte))}
    cartes = {cle: html.unescape(valeur) for cle, valeur in
              re.findall(r'data-chiffre="(\w+)"><dt>[^<]*</dt><dd><span class="valeur">([^<]*)</span>', texte)}
    return {"texte": texte, "synthese": synthese, "repartition": repartition, "questions": questions,
            "a_regarder": a_regarder, "cartes": cartes}


def _verifier_contre_notes(chemin_bilan: Path, chemin_notes: Path, questions) -> dict:
    """Tous les chiffres du bilan, recalculés à partir de notes.csv seulement."""
    lignes = _lire_notes(chemin_notes)
    lu = _lire_bilan(chemin_bilan)
    corrigees = [ligne for ligne in lignes if ligne["statut"] not in bilan.NON_CORRIGEES]
    totaux = [_nombre(ligne["total"]) for ligne in corrigees]
    assert int(lu["synthese"]["data-copies"]) == len(lignes)
    assert int(lu["synthese"]["data-corrigees"]) == len(corrigees)
    if totaux:
        assert float(lu["synthese"]["data-moyenne"]) == pytest.approx(statistics.fmean(totaux), abs=1e-4)
        assert float(lu["synthese"]["data-mediane"]) == pytest.approx(statistics.median(totaux), abs=1e-4)
        assert lu["cartes"]["moyenne"] == bilan.nombre_fr(statistics.fmean(totaux))
        assert lu["cartes"]["mediane"] == bilan.nombre_fr(statistics.median(totaux))
        assert lu["cartes"]["etendue"] == f"{bilan.nombre_fr(min(totaux))} – {bilan.nombre_fr(max(totaux))}"
    assert lu["cartes"]["copies"] == str(len(lignes))
    assert lu["cartes"]["corrigees"] == str(len(corrigees))
    attendue = [0] * len(bilan.CLASSES_NOTES)
    for ligne in corrigees:
        sur = _nombre(ligne["sur"])
        attendue[bilan.classe_de_note(20 * _nombre(ligne["total"]) / sur if sur else 0)] += 1
    assert lu["repartition"] == attendue
    auto = [q for q in questions if q.genre != "texte_libre"]
    assert list(lu["questions"]) == [q.id for q in auto]
    for q in auto:
        justes = sum(1 for ligne in corrigees if _nombre(ligne[q.id]) == float(q.points))
        assert lu["questions"][q.id] == (justes, len(corrigees)), q.id
        taux = bilan.pourcent_fr(justes / len(corrigees)) if corrigees else "—"
        assert re.search(rf'data-question="{re.escape(q.id)}"[^\n]*?<td class="nombre taux">{re.escape(taux)}',
                         lu["texte"]), (q.id, taux)
    assert lu["a_regarder"] == {ligne["eleve"]: ligne["statut"] for ligne in lignes if ligne["statut"] != "ok"}
    return lu


def _page_valide(texte: str) -> None:
    assert texte.startswith("<!DOCTYPE html>") and '<html lang="fr">' in texte
    assert '<meta charset="utf-8">' in texte
    # Autonome : aucune ressource extérieure (feuille de style, script, image, police).
    assert not re.search(r'(src|href)="(https?:)?//', texte)
    assert "<script" not in texte and "<link" not in texte
    for mot in ("Répartition des notes", "Réussite par question", "Erreurs les plus fréquentes",
                "Copies à regarder"):
        assert mot in texte
    assert not re.search(r"\b(None|nan|NaN|Traceback)\b", re.sub(r"<[^>]+>", " ", texte))


# ---------------------------------------------------------------------------------------------
# Classe fabriquée (sans noyau)
# ---------------------------------------------------------------------------------------------

INDICE_POURCENT = "Un taux s'écrit comme une fraction entre 0 et 1."
INDICE_INVERSE = "Vérifiez ce qui va au numérateur."
QUESTIONS = [
    Question("9.1", points=2, attendu=lambda: 0.25, titre="Taux de conversion",
             erreurs=[Erreur(lambda r, a: False, INDICE_POURCENT), Erreur(lambda r, a: False, INDICE_INVERSE)]),
    Question("9.2", points=1, attendu=lambda: 12.0, titre="Panier moyen"),
    Question("9.3", points=3, genre="texte_libre", titre="Votre recommandation"),
    Question("9.4", points=1.5, attendu=lambda: 3.0, titre="Fréquence d'achat", parcours="approfondissement"),
]


def _copie(eleve, statuts, statut=correction.OK, remarque="", messages=None):
    notes = []
    messages = messages or {}
    for q in QUESTIONS:
        s = statuts.get(q.id, "a_completer")
        if q.genre == "texte_libre":
            notes.append(NoteQuestion(q.id, s, None, float(q.points), "", parcours=q.parcours))
            continue
        points = float(q.points) if s == "juste" else 0.0
        notes.append(NoteQuestion(q.id, s, points, float(q.points), messages.get(q.id, "message"),
                                  parcours=q.parcours))
    return CopieNotee(eleve, f"{eleve}.ipynb", statut, remarque, notes)


def _classe_fabriquee():
    return [
        _copie("ali", {"9.1": "juste", "9.2": "juste", "9.3": "manuel", "9.4": "juste"}),
        _copie("bea", {"9.1": "faux", "9.2": "juste", "9.3": "manuel"}, messages={"9.1": INDICE_POURCENT}),
        _copie("cyril", {"9.1": "faux", "9.2": "invalide"}, messages={"9.1": INDICE_POURCENT}),
        _copie("dora", {"9.1": "faux", "9.2": "faux"}, messages={"9.1": INDICE_INVERSE, "9.2": "Non."}),
        _copie("émile", {"9.1": "faux"}, messages={"9.1": "ce n'est pas la valeur attendue."}),
        _copie("fanny", {"9.1": "acces_corrige", "9.2": "juste"}, statut=correction.ACCES_CORRIGE,
               remarque="accès au corrigé (9.1 : 0 point)"),
        _copie("gaspard", {"9.1": "juste", "9.2": "erreur"}, statut=correction.PARTIEL,
               remarque="1 cellule(s) en erreur, la première : NameError : name 'x' is not defined"),
        _copie("hugo", {q.id: "non_atteinte" for q in QUESTIONS}, statut=correction.INVALIDE,
               remarque="fichier vide"),
        _copie("inès", {"9.1": "juste", "9.2": "juste"}),
    ]


def test_bilan_classe_fabriquee_egal_notes_csv(tmp_path):
    copies = _classe_fabriquee()
    chemin_notes = tmp_path / "notes.csv"
    rapports.ecrire_notes(chemin_notes, copies, QUESTIONS)
    chemin = bilan.ecrire_bilan(chemin_notes, copies, QUESTIONS, "09")
    assert chemin == tmp_path / "bilan.html"
    lu = _verifier_contre_notes(chemin, chemin_notes, QUESTIONS)
    texte = lu["texte"]
    _page_valide(texte)
    assert lu["questions"]["9.1"] == (3, 8)  # ali, gaspard, inès sur 8 copies corrigées (hugo : illisible)
    assert lu["a_regarder"]["fanny"] == "à vérifier : accès au corrigé"
    assert "fichier vide" in texte and "NameError" in texte
    # Les erreurs fréquentes : l'erreur déclarée la plus rencontrée d'abord, marquée comme prévue.
    bloc = re.search(r'<section class="erreurs-question" data-question="9.1">(.*?)</section>', texte).group(1)
    items = re.findall(r'<li data-nombre="(\d+)">(.*?)</li>', bloc)
    assert [int(n) for n, _ in items] == [2, 1, 1]
    assert html.escape(INDICE_POURCENT) in items[0][1] and "erreur fréquente prévue" in items[0][1]
    assert html.escape(INDICE_INVERSE) in items[1][1] and "erreur fréquente prévue" in items[1][1]
    assert "Autre valeur fausse" in items[2][1] and "prévue" not in items[2][1]
    bloc_92 = re.search(r'data-question="9.2"><h3>(.*?)</section>', texte).group(1)
    assert "genre inattendu" in bloc_92 and "Autre valeur fausse" in bloc_92
    # La question rédigée n'est pas dans les taux : elle est signalée à part.
    assert "9.3" not in lu["questions"] and "Question 9.3 — Votre recommandation : 2 réponses rédigées" in texte


def test_bilan_jamais_ecrase(tmp_path):
    copies = _classe_fabriquee()[:2]
    chemin_notes = tmp_path / "notes.csv"
    rapports.ecrire_notes(chemin_notes, copies, QUESTIONS)
    premier = bilan.ecrire_bilan(chemin_notes, copies, QUESTIONS, "09")
    second = bilan.ecrire_bilan(chemin_notes, copies, QUESTIONS, "09")
    assert (premier.name, second.name) == ("bilan.html", "bilan-2.html")
    assert bilan.ecrire_bilan(chemin_notes, copies, QUESTIONS, "09", ecraser=True) == premier
    assert bilan.chemin_bilan(tmp_path / "notes-20261202-183000.csv").name == "bilan-20261202-183000.html"


def test_bilan_sans_copie_corrigee(tmp_path):
    copies = [_copie("hugo", {q.id: "non_atteinte" for q in QUESTIONS}, statut=correction.INVALIDE,
                     remarque="JSON invalide")]
    chemin_notes = tmp_path / "notes.csv"
    rapports.ecrire_notes(chemin_notes, copies, QUESTIONS)
    chemin = bilan.ecrire_bilan(chemin_notes, copies, QUESTIONS, "09")
    lu = _verifier_contre_notes(chemin, chemin_notes, QUESTIONS)
    _page_valide(lu["texte"])
    assert lu["cartes"]["moyenne"] == "—"


def test_nombres_en_francais():
    assert bilan.nombre_fr(12.5) == "12,5" and bilan.nombre_fr(12.0) == "12" and bilan.nombre_fr(None) == "—"
    assert bilan.pourcent_fr(0.375) == "38\u00a0%" and bilan.classe_de_note(20) == 9 and bilan.classe_de_note(1.99) == 0


# ---------------------------------------------------------------------------------------------
# Une vraie petite classe, corrigée par relation-client corriger
# ---------------------------------------------------------------------------------------------

def _meta(cellule) -> dict:
    return (cellule.get("metadata") or {}).get("relation_client") or {}


@pytest.mark.lent
def test_bilan_apres_corriger(tmp_path, capsys):
    from relation_client import cli
    from relation_client.corriges import questions as questions_de
    from relation_client.verification import evaluer

    numero = "01"
    exercice = json.loads(next((RACINE / "exercises").glob(f"{numero}_*.ipynb")).read_text(encoding="utf-8"))
    corrige = json.loads(next((RACINE / "solutions").glob(f"{numero}_*.ipynb")).read_text(encoding="utf-8"))
    qs = questions_de(numero)
    solutions = {}
    for cellule in corrige["cells"]:
        meta = _meta(cellule)
        if meta.get("role") in ("reponse", "reponse_texte"):
            source = "".join(cellule["source"]) if isinstance(cellule["source"], list) else cellule["source"]
            solutions[meta["question"]] = "\n".join(ligne for ligne in source.split("\n")
                                                    if "### BEGIN SOLUTION" not in ligne
                                                    and "### END SOLUTION" not in ligne)
    fautive = next(q for q in qs if q.genre == "nombre" and any(e.exemple for e in q.erreurs))
    erreur = next(e for e in fautive.erreurs if e.exemple)
    faux = float(erreur.exemple(fautive._valeur_attendue()))
    assert evaluer(fautive.id, faux).message == erreur.indice

    def copie(remplacements):
        nb = json.loads(json.dumps(exercice))
        for cellule in nb["cells"]:
            meta = _meta(cellule)
            if meta.get("role") in ("reponse", "reponse_texte") and meta.get("question") in remplacements:
                cellule["source"] = remplacements[meta["question"]]
        return nb

    copies = tmp_path / "copies"
    copies.mkdir()
    for nom, contenu in {"complet": copie(solutions),
                         "erreur": copie({**solutions, fautive.id: solutions[fautive.id] + f"\nreponse = {faux!r}"}),
                         "erreur_bis": copie({**solutions, fautive.id: f"reponse = {faux!r}"}),
                         "vierge": copie({})}.items():
        (copies / f"{nom}.ipynb").write_text(json.dumps(contenu, ensure_ascii=False), encoding="utf-8")
    (copies / "vide.ipynb").write_text("", encoding="utf-8")
    sortie = tmp_path / "resultats"
    assert cli.main(["corriger", str(copies), "--exercice", numero, "--sortie", str(sortie), "--silencieux",
                     "--processus", "2"]) == 0
    assert f"Bilan de la classe : {sortie / 'bilan.html'}" in capsys.readouterr().out
    lu = _verifier_contre_notes(sortie / "bilan.html", sortie / "notes.csv", qs)
    _page_valide(lu["texte"])
    assert lu["a_regarder"] == {"vide": correction.INVALIDE}
    assert lu["questions"][fautive.id] == (1, 4)
    bloc = re.search(rf'data-question="{re.escape(fautive.id)}"><h3>(.*?)</section>', lu["texte"]).group(1)
    premier = re.search(r'<li data-nombre="(\d+)">(.*?)</li>', bloc)
    assert premier.group(1) == "2" and html.escape(erreur.indice) in premier.group(2)
    assert "erreur fréquente prévue" in premier.group(2)
