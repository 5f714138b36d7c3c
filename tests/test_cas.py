"""L'étude de cas 08 (Cycles Lumen), construite comme une épreuve de management de Terminale STMG.

- le sujet : contexte, 4 à 6 annexes, question de gestion, 4 ou 5 parties notées qui mêlent calculs et
  réponses rédigées, durée conseillée, critères d'évaluation sous chaque question rédigée ;
- le corrigé : réponse modèle et grille critériée (ce qui rapporte chaque point) pour chaque question
  rédigée, absentes de l'exercice ;
- les chiffres de la note interne et des sources ;
- les données : générées avec une graine fixe, identiques à celles du dépôt, dictionnaire à jour ;
- la correction : ``relation-client corriger`` donne la note maximale au corrigé complet, 0 à la copie vide.

Le format commun (fuites, exécution, parcours) est vérifié par ``test_exercices.py`` et ``test_parcours.py``,
qui parcourent aussi ``solutions/cas_NN_*.ipynb``.
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pandas as pd
import pytest

from relation_client import cli, generation_cas
from relation_client.donnees import chiffre_cle
from relation_client.exercices import source_cellule, structure
from relation_client.corriges import exercice_08 as cle
from relation_client.verification import TEXTE_A_COMPLETER, questions
from aides_copies import copie as copie_remplie
from aides_copies import reponses_du_corrige

RACINE = Path(__file__).resolve().parents[1]
NOM = "cas_08_cycles_lumen"
CORRIGE = RACINE / "solutions" / f"{NOM}.ipynb"
EXERCICE = RACINE / "exercises" / f"{NOM}.ipynb"
DONNEES = RACINE / "datasets" / generation_cas.NOM_CAS
MOTIF_PARTIE = re.compile(r"^## Partie (\d+) — (.+) \((\d+) points\)", re.M)
MOTIF_ANNEXE = re.compile(r"^### Annexe (\d+) — (.+)$", re.M)
MOTIF_POINTS_CRITERE = re.compile(r"^- .+ \((\d+(?:,\d+)?) pts?\)$", re.M)


def _lire(chemin: Path) -> dict:
    return json.loads(chemin.read_text(encoding="utf-8"))


def _markdown(nb) -> list[str]:
    return [source_cellule(c) for c in nb["cells"] if c["cell_type"] == "markdown"]


def _nombre(texte: str) -> float:
    return float(texte.replace(",", "."))


@pytest.fixture(scope="module")
def corrige():
    return _lire(CORRIGE)


@pytest.fixture(scope="module")
def exercice():
    return _lire(EXERCICE)


@pytest.fixture(scope="module")
def cles():
    return {q.id: q for q in questions("08")}


# --- le sujet ---------------------------------------------------------------------------

def test_nom_de_fichier_reconnu_par_le_generateur():
    from relation_client.exercices import _MOTIF_FICHIER

    assert _MOTIF_FICHIER.match(CORRIGE.name) and _MOTIF_FICHIER.match("02_fideliser.ipynb")
    assert not _MOTIF_FICHIER.match("brouillon.ipynb") and not _MOTIF_FICHIER.match("cas_brouillon.ipynb")


def test_fichiers_presents():
    assert CORRIGE.is_file() and EXERCICE.is_file()
    assert {p.name for p in DONNEES.iterdir()} >= {"README.md", "clients.csv", "reseaux_sociaux.csv",
                                                   "campagnes_email.csv"}


def test_contexte_entreprise_fictive_et_question_de_gestion(corrige):
    textes = _markdown(corrige)
    contexte = [t for t in textes if t.startswith("## Contexte")]
    assert len(contexte) == 1, "une seule page de contexte"
    contexte = contexte[0]
    assert "Cycles Lumen" in contexte and "Verveine" not in contexte
    assert 250 <= len(contexte.split()) <= 700, "le contexte tient sur une page"
    question = re.search(r"Question de gestion : « (.+?) »", contexte.replace("\n> ", " "))
    assert question and question.group(1).endswith("?"), "la question de gestion est énoncée"
    # la dernière question rédigée reprend la question de gestion, mot pour mot
    derniere = next(t for t in textes if t.startswith("### Question 8.12"))
    assert question.group(1) in derniere.replace("\n", " ")
    assert "inventé" in textes[0], "le sujet dit que l'entreprise et les données sont inventées"


def test_annexes_numerotees_et_annoncees(corrige):
    annexes = [m for t in _markdown(corrige) for m in MOTIF_ANNEXE.finditer(t)]
    assert 4 <= len(annexes) <= 6
    assert [int(m.group(1)) for m in annexes] == list(range(1, len(annexes) + 1))
    contexte = next(t for t in _markdown(corrige) if t.startswith("## Contexte"))
    for m in annexes:
        assert f"Annexe {m.group(1)} — {m.group(2)}" in contexte, m.group(0)
    genres = " ".join(m.group(2).lower() for m in annexes)
    for mot in ("fichier clients", "réseaux sociaux", "presse", "e-mail", "note interne"):
        assert mot in genres, mot


def test_parties_notees_melangent_calculs_et_redaction(corrige, cles):
    parties = [m for t in _markdown(corrige) for m in MOTIF_PARTIE.finditer(t)]
    assert 4 <= len(parties) <= 5
    assert [int(m.group(1)) for m in parties] == list(range(1, len(parties) + 1))
    assert [m.group(2) for m in parties] == [titre for titre, _ in cle.PARTIES]
    # chaque question est dans sa partie, dans l'ordre du notebook
    ordre = [q["question"] for q in structure(corrige)]
    assert ordre == [q for _, ids in cle.PARTIES for q in ids] == list(cles)
    cellules_parties = [i for i, c in enumerate(corrige["cells"])
                        if c["cell_type"] == "markdown" and MOTIF_PARTIE.match(source_cellule(c))]
    bornes = cellules_parties + [len(corrige["cells"])]
    for k, (m, (_titre, ids)) in enumerate(zip(parties, cle.PARTIES)):
        for q in structure(corrige):
            if q["question"] in ids:
                assert bornes[k] < q["enonce"] < bornes[k + 1], (q["question"], m.group(0))
        assert sum(cles[i].points for i in ids) == int(m.group(3)), m.group(0)
        genres = {cles[i].genre == "texte_libre" for i in ids}
        assert genres == {True, False}, f"la partie {m.group(1)} mêle calculs et réponse rédigée"
    assert sum(q.points for q in cles.values()) == 20


def test_duree_conseillee_et_bareme_annonces(corrige):
    titre = _markdown(corrige)[0]
    heures = cle.DUREE_MINUTES // 60
    assert f"Durée conseillée : {heures} heures" in titre
    assert "20 points" in titre
    tableau = re.findall(r"^\| (\d) \| (.+?) \| .+? \| (\d+) \| (\d+) min \|$", titre, re.M)
    assert [(int(n), t, int(p)) for n, t, p, _ in tableau] == [
        (k, titre_partie, sum(q.points for q in questions("08") if q.id in ids))
        for k, (titre_partie, ids) in enumerate(cle.PARTIES, start=1)]
    assert sum(int(m) for *_, m in tableau) + 20 == cle.DUREE_MINUTES, "temps des parties + 20 min de lecture"


def _cellule(nb, ident, role):
    for c in nb["cells"]:
        meta = c.get("metadata", {}).get("relation_client", {})
        if meta.get("question") == ident and meta.get("role") == role:
            return source_cellule(c)
    raise AssertionError(f"pas de cellule {role} pour {ident}")


def _grille(texte: str) -> list[tuple[str, float, str]]:
    partie = texte.split("**Grille de correction", 1)[1]
    lignes = re.findall(r"^\| (.+?) \| (\d+(?:,\d+)?) \| (.+) \|$", partie, re.M)
    return [(c, _nombre(p), t) for c, p, t in lignes if c != "critère"]


def test_questions_redigees_criteres_grille_et_reponse_modele(corrige, exercice, cles):
    redigees = [q for q in cles.values() if q.genre == "texte_libre"]
    assert len(redigees) >= 3
    for q in redigees:
        enonce = _cellule(corrige, q.id, "enonce")
        assert "**Critères d'évaluation.**" in enonce, q.id
        criteres = [_nombre(p) for p in MOTIF_POINTS_CRITERE.findall(enonce)]
        assert criteres and sum(criteres) == q.points, (q.id, criteres)
        reponse = _cellule(corrige, q.id, "reponse_texte")
        assert reponse.startswith("**Réponse modèle.**"), q.id
        grille = _grille(reponse)
        assert len(grille) == len(criteres), (q.id, "un critère de la grille par critère annoncé")
        assert sum(p for _, p, _ in grille) == q.points, (q.id, grille)
        assert all(len(t) >= 40 for _, _, t in grille), (q.id, "chaque critère dit ce qui rapporte les points")
        # ni réponse modèle ni grille dans l'exercice
        assert _cellule(exercice, q.id, "reponse_texte") == TEXTE_A_COMPLETER
    texte_exercice = EXERCICE.read_text(encoding="utf-8")
    assert "Réponse modèle" not in texte_exercice and "Grille de correction" not in texte_exercice


def test_corrige_complet_vaut_la_note_maximale_par_la_grille(corrige, cles):
    """Toutes les lignes de toutes les grilles + toutes les questions calculées = 20 points."""
    redige = sum(sum(p for _, p, _ in _grille(_cellule(corrige, q.id, "reponse_texte")))
                 for q in cles.values() if q.genre == "texte_libre")
    calcule = sum(q.points for q in cles.values() if q.genre != "texte_libre")
    assert redige + calcule == 20


# --- chiffres de la note interne et des sources ---------------------------------------------

def test_chiffres_de_la_note_interne(corrige):
    note = next(t for t in _markdown(corrige) if t.startswith("### Annexe 5"))
    ni = generation_cas.NOTE_INTERNE
    for cle_ni in ("cout_application", "marge_client_fidele"):
        assert f"{ni[cle_ni]:,}".replace(",", "\u202f") + "\u00a0€" in note, cle_ni
    assert f"{ni['clients_gagnes_espere']} clients" in note
    assert f"{ni['envois_actuels']}\n   e-mails par mois" in note or f"{ni['envois_actuels']} e-mails" in note
    valeurs = next(c for c in corrige["cells"] if c.get("id") == "cas8-partie-4-valeurs")
    for cle_ni in ("cout_application", "marge_client_fidele", "clients_gagnes_espere"):
        m = re.search(rf"^{cle_ni} = ([\d_]+)", source_cellule(valeurs), re.M)
        assert m and int(m.group(1)) == ni[cle_ni], cle_ni


def test_chiffres_attribues_aux_sources_existent(corrige):
    """La note interne cite le manuel STMG : ses chiffres sont ceux du relevé des sources."""
    note = next(t for t in _markdown(corrige) if t.startswith("### Annexe 5")).replace("\n", " ")
    assert chiffre_cle("cout_nouveau_client_x5")["valeur"] == 5 and "cinq fois plus cher" in note
    mini, maxi = (chiffre_cle(f"hausse_fidelite_profit_{b}")["valeur"] for b in ("min", "max"))
    assert f"{chiffre_cle('hausse_fidelite')['valeur']:g} % de fidélité" in note
    assert f"de {mini:g} % à {maxi:g} %" in note
    for c in corrige["cells"]:
        for ident in re.findall(r'montrer_chiffres\(([^)]*)\)', source_cellule(c)):
            for nom in re.findall(r'"(\w+)"', ident):
                assert chiffre_cle(nom)["fichier_source"].endswith(".txt")


# --- les données ----------------------------------------------------------------------------

def test_donnees_regenerees_a_l_identique(tmp_path):
    generation_cas.generer(tmp_path)
    for fichier in ("README.md", "clients.csv", "reseaux_sociaux.csv", "campagnes_email.csv"):
        assert (tmp_path / fichier).read_bytes() == (DONNEES / fichier).read_bytes(), (
            f"datasets/{generation_cas.NOM_CAS}/{fichier} n'est pas à jour : "
            "python -m relation_client.generation_cas")


def test_charger_cas_types_et_dictionnaire():
    readme = (DONNEES / "README.md").read_text(encoding="utf-8")
    for nom in generation_cas.JEUX_CAS:
        tableau = generation_cas.charger_cas(nom)
        assert list(tableau.columns) == list(generation_cas.SCHEMAS_CAS[nom])
        assert f"| `{nom}.csv` | {len(tableau)} |" in readme
        for colonne in tableau.columns:
            assert f"| `{colonne}` |" in readme, colonne
    clients = generation_cas.charger_cas("clients.csv")
    assert clients["actif_2025"].dtype == bool and pd.api.types.is_datetime64_any_dtype(clients["date_achat_velo"])
    assert (clients.loc[~clients["actif_2025"], "ca_apres_vente_2025"] == 0).all()
    assert (clients.loc[clients["actif_2025"], "ca_apres_vente_2025"] > 0).all()
    campagnes = generation_cas.charger_cas("campagnes_email")
    assert generation_cas.CAMPAGNE_ETUDIEE in set(campagnes["campagne_id"])
    assert ((campagnes["delivres"] <= campagnes["envoyes"]) & (campagnes["ouvertures"] <= campagnes["delivres"])
            & (campagnes["clics"] <= campagnes["ouvertures"])).all()


def test_charger_cas_erreurs_en_francais():
    with pytest.raises(ValueError, match="Fichiers disponibles : clients"):
        generation_cas.charger_cas("achats")
    with pytest.raises(TypeError, match="charger_cas"):
        generation_cas.charger_cas(3)


# --- la correction --------------------------------------------------------------------------

def test_corriger_complet_note_maximale_vide_zero(tmp_path, corrige, exercice, cles):
    copies, sortie = tmp_path / "copies", tmp_path / "resultats"
    copies.mkdir()
    reponses = reponses_du_corrige(corrige)
    (copies / "complete.ipynb").write_text(json.dumps(copie_remplie(exercice, reponses, set(reponses))),
                                           encoding="utf-8")
    (copies / "vide.ipynb").write_text(json.dumps(exercice), encoding="utf-8")
    code = cli.main(["corriger", str(copies), "--exercice", "08", "--sortie", str(sortie),
                     "--processus", "1", "--silencieux"])
    assert code == 0
    texte = (sortie / "notes.csv").read_text(encoding="utf-8-sig")
    notes = {ligne["eleve"]: ligne for ligne in csv.DictReader(texte.splitlines(), delimiter=";")}
    calculees = [q for q in cles.values() if q.genre != "texte_libre"]
    maximum = sum(q.points for q in calculees)
    assert _nombre(notes["complete"]["total"]) == _nombre(notes["complete"]["sur"]) == maximum
    for q in calculees:
        assert _nombre(notes["complete"][q.id]) == q.points, q.id
        assert _nombre(notes["vide"][q.id]) == 0, q.id
    assert _nombre(notes["vide"]["total"]) == 0
    retour = (sortie / "retours" / "complete.md").read_text(encoding="utf-8")
    retour_vide = (sortie / "retours" / "vide.md").read_text(encoding="utf-8")
    for q in cles.values():
        if q.genre == "texte_libre":
            assert q.id in retour and "à corriger par l'enseignant" in retour
    assert "à corriger par l'enseignant" not in retour_vide
