"""Retours pour débutants (relation_client.saisie) : la logique pure, sans noyau.

Chaque erreur de frappe réelle (celle que Python lève vraiment, obtenue avec ``compile``) doit
recevoir son explication française ; une réponse périmée ne doit jamais être notée.
"""

from __future__ import annotations

import json
import re

import pytest

from relation_client import saisie
from relation_client.saisie import (
    Execution,
    assigne,
    boite_html,
    boite_texte,
    chercher_definition,
    expliquer_erreur,
    expliquer_nom,
    expliquer_syntaxe,
    ligne_technique,
    lire_cellules,
    message_perime,
    variante_de_reponse,
)


def _erreur_de(source: str) -> SyntaxError:
    """La vraie erreur que Python lève pour ce texte."""
    try:
        compile(source, "<cellule>", "exec")
    except SyntaxError as erreur:
        return erreur
    pytest.fail(f"{source!r} devrait être une erreur de syntaxe")


def _explication(source: str) -> str:
    return expliquer_syntaxe(source, _erreur_de(source))


# ---------------------------------------------------------------------------------------------
# Erreurs de syntaxe
# ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("source, attendu", [
    ("reponse = 85 %", "Le signe % ne s'écrit pas : écrivez 0.85 (ou 85 / 100)."),
    ("reponse = 85%", "Le signe % ne s'écrit pas : écrivez 0.85 (ou 85 / 100)."),
    ("reponse = 12,5 %", "Le signe % ne s'écrit pas : écrivez 0.125 (ou 12.5 / 100)."),
    ("reponse = 3 %  # taux", "Le signe % ne s'écrit pas : écrivez 0.03 (ou 3 / 100)."),
    ("reponse = 100 %", "Le signe % ne s'écrit pas : écrivez 1 (ou 100 / 100)."),
    ("reponse = 1 234", "écrivez 1234 (et non 1 234)"),
    ("reponse = 1 234 567", "écrivez 1234567 (et non 1 234 567)"),
    ("reponse = 1 234,50", "écrivez 1234.50 (et non 1 234,50), avec un point pour les décimales"),
    ("reponse = 180000 / 1 200", "écrivez 1200 (et non 1 200)"),
    ("reponse = 1\u00a0234", "écrivez 1234"),
    ("reponse = 0,05", "la virgule des décimales s'écrit avec un point : écrivez 0.05"),
    ("reponse = (60 / 2400", "Une parenthèse « ( » est ouverte mais jamais fermée : ajoutez « ) »"),
    ("reponse = taux_conversion(60, 2400", "Une parenthèse « ( » est ouverte"),
    ("reponse = [1, 2", "Un crochet « [ » est ouvert mais jamais fermé : ajoutez « ] »"),
    ("reponse = 60 / 2400]", "Un crochet fermant « ] » n'a pas d'ouvrant : retirez-le"),
    ("reponse = 60 / 2400)", "Une parenthèse fermante « ) » n'a pas d'ouvrante : retirez-la"),
    ("reponse = [1, 2)", "Les parenthèses ne se correspondent pas"),
    ('reponse = "direct', "Un guillemet est ouvert mais jamais fermé"),
    ("reponse = 'direct", "Un guillemet est ouvert mais jamais fermé"),
    ("reponse = « direct »", "Utilisez les guillemets droits"),
    ("reponse = “direct”", "Utilisez les guillemets droits"),
    ("reponse = 1500 €", "Le signe € ne s'écrit pas"),
    ("reponse = 3 × 4", "pour multiplier, écrivez une étoile *"),
    ("reponse = 60 ÷ 2400", "pour diviser, écrivez une barre oblique /"),
    ("60 / 2400 = reponse", "À gauche du signe =, on écrit seulement le nom"),
    ("reponse 0.025", "Il manque le signe ="),
    ("reponse = 60 2400", "il manque un signe de calcul"),
    ("x = 1\n    y = 2", "espaces en trop"),
    ("if x:\ny = 2", "décalée de quatre espaces"),
])
def test_indices_de_syntaxe(source, attendu):
    message = _explication(source)
    assert attendu in message, message
    numero = _erreur_de(source).lineno
    assert f"Ligne {numero} : «" in message  # la ligne en cause est citée


def test_pourcentage_calcule_a_partir_du_texte_tape():
    for tape, fraction in (("37", "0.37"), ("4,5", "0.045"), ("250", "2.5"), ("0,5", "0.005")):
        message = _explication(f"reponse = {tape} %")
        assert f"écrivez {fraction} (ou {tape.replace(',', '.')} / 100)" in message, message


def test_syntaxe_generique_en_francais():
    message = _explication("reponse = 60 / / * 2400")
    assert message.startswith("Python n'a pas compris cette ligne.")
    assert "invalid" not in message and "syntax" not in message


def test_caractere_inconnu():
    message = _explication("reponse = 60 ¤ 2400")
    assert "Le caractère « ¤ » n'est pas compris" in message


def test_ligne_technique():
    assert ligne_technique(_erreur_de("reponse = 85 %")) == \
        "Détails techniques : SyntaxError (ligne 1) : invalid syntax"
    assert ligne_technique(NameError("name 'x' is not defined")) == \
        "Détails techniques : NameError : name 'x' is not defined"


# ---------------------------------------------------------------------------------------------
# Noms inconnus
# ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("nom", ["Reponse", "réponse", "REPONSE", "Réponse", "response"])
def test_variantes_de_reponse(nom):
    assert variante_de_reponse(nom)
    message = expliquer_nom(nom)
    assert message == f"Le nom s'écrit reponse, sans accent ni majuscule (vous avez écrit « {nom} »)."


def test_reponse_pas_encore_definie_nomme_la_question():
    message = expliquer_nom("reponse", 'verifier("2.3", reponse)')
    assert "exécutez d'abord la cellule de réponse de la question 2.3" in message
    assert "la cellule de réponse juste au-dessus" in expliquer_nom("reponse", "print(reponse)")
    assert not variante_de_reponse("reponse") and not variante_de_reponse("reponses_2025")


def test_nom_proche_propose():
    message = expliquer_nom("Depenses_2025", "reponse = Depenses_2025 / 2",
                            ["depenses_2025", "nouveaux_clients_2025", "_cache"])
    assert "vouliez-vous écrire « depenses_2025 »" in message
    message = expliquer_nom("nouveau_clients_2025", "", ["depenses_2025", "nouveaux_clients_2025"])
    assert "« nouveaux_clients_2025 »" in message


def test_nom_inconnu_generique_et_choix():
    message = expliquer_nom("B", "reponse = B", ["depenses"])
    assert "Le nom « B » n'existe pas encore" in message
    assert "exécutez d'abord les cellules au-dessus (menu Exécution)" in message
    assert 'reponse = "B"' in message
    assert 'reponse = "' not in expliquer_nom("depenses_totales_annee", "", [])


CELLULES = [
    saisie.Cellule("markdown", "# Exercices 01"),
    saisie.Cellule("code", "import pandas as pd\nfrom relation_client.indicateurs import taux_conversion"),
    saisie.Cellule("markdown", "## Les données de Verveine & Co\n\nTexte."),
    saisie.Cellule("code", 'trafic = charger("trafic_web")\ndepenses_2025, clients_2025 = 10, 2\n'),
    saisie.Cellule("markdown", "### Question 1.1 (1 point) — Taux"),
    saisie.Cellule("code", "reponse = ...  # à vous de jouer"),
]


def test_chercher_definition():
    assert chercher_definition("trafic", CELLULES) == (
        "la cellule qui commence par « trafic = charger(\"trafic_web\") », dans la partie "
        "« Les données de Verveine & Co »")
    assert "Les données" in chercher_definition("clients_2025", CELLULES)
    assert "import pandas as pd" in chercher_definition("taux_conversion", CELLULES)
    assert "import pandas as pd" in chercher_definition("pd", CELLULES)
    assert chercher_definition("trafic_2025", CELLULES) is None
    assert chercher_definition("inconnu", CELLULES) is None


def test_nom_defini_dans_une_cellule_non_executee():
    message = expliquer_nom("depenses_2025", "reponse = depenses_2025 / 2", [], CELLULES)
    assert message.startswith("Le nom « depenses_2025 » est défini dans une cellule qui n'a pas encore été "
                              "exécutée : la cellule qui commence par « trafic = charger(")
    assert "Exécutez d'abord cette cellule" in message


def test_lire_cellules(tmp_path):
    chemin = tmp_path / "essai.ipynb"
    chemin.write_text(json.dumps({"cells": [
        {"cell_type": "code", "id": "a", "source": ["x = 1\n", "y = 2"], "metadata": {}},
        {"cell_type": "code", "id": "b", "source": "reponse = ...",
         "metadata": {"relation_client": {"role": "reponse", "question": "1.1"}}},
    ]}), encoding="utf-8")
    cellules = lire_cellules(chemin)
    assert [c.source for c in cellules] == ["x = 1\ny = 2", "reponse = ..."]
    assert cellules[1].metadonnees["relation_client"]["question"] == "1.1"
    assert lire_cellules(tmp_path / "absent.ipynb") is None
    (tmp_path / "abime.ipynb").write_text("{pas du json", encoding="utf-8")
    assert lire_cellules(tmp_path / "abime.ipynb") is None


def test_expliquer_erreur_aiguillage():
    assert "Le signe %" in expliquer_erreur("reponse = 85 %", _erreur_de("reponse = 85 %"))
    erreur = None
    try:
        exec("Reponse + 1", {})
    except NameError as e:
        erreur = e
    assert "sans accent ni majuscule" in expliquer_erreur("Reponse + 1", erreur)
    assert "Un nom utilisé" in expliquer_erreur("", NameError("quelque chose"))
    assert expliquer_erreur("1/0", ZeroDivisionError("division by zero")) is None


# ---------------------------------------------------------------------------------------------
# Réponses périmées
# ---------------------------------------------------------------------------------------------

def _ex(source, succes=True, verifications=(), id=None):
    return Execution(source, id=id, succes=succes, verifications=list(verifications))


IMPORT = _ex("from relation_client.verification import verifier")
VERIF = 'verifier("{}", reponse)'


def test_assigne():
    assert assigne("reponse = 0.85") and assigne("x = 1\nreponse += 2") and assigne("  reponse=3")
    assert not assigne("reponse == 3") and not assigne("reponses = 3") and not assigne("verifier('1.1', reponse)")


def test_reponse_fraiche():
    courante = _ex(VERIF.format("1.1"), None)
    assert message_perime("1.1", courante, [IMPORT, _ex("reponse = 60 / 2400")]) is None
    # vérification relancée deux fois de suite
    assert message_perime("1.1", courante, [IMPORT, _ex("reponse = 0.025"),
                                            _ex(VERIF.format("1.1"), verifications=["1.1"])]) is None
    # réponse et vérification dans la même cellule
    assert message_perime("1.2", _ex("reponse = 3\n" + VERIF.format("1.2"), None),
                          [_ex("reponse = 1"), _ex(VERIF.format("1.1"), verifications=["1.1"])]) is None
    # rien dans le journal : on ne juge pas
    assert message_perime("1.1", courante, []) is None


@pytest.mark.parametrize("source", ["reponse = 85 %", "reponse = depenses / clients", "Réponse = (1"])
def test_cellule_de_reponse_en_erreur(source):
    message = message_perime("2.3", _ex(VERIF.format("2.3"), None),
                             [IMPORT, _ex("reponse = 0.5"), _ex(VERIF.format("2.2"), verifications=["2.2"]),
                              _ex(source, succes=False)])
    assert message.startswith("la cellule de réponse de la question 2.3 s'est arrêtée sur une erreur")
    assert "rien n'est vérifié" in message


def test_erreur_persiste_tant_que_la_reponse_n_est_pas_corrigee():
    """Relancer la vérification ne fait pas noter l'ancienne valeur (la précédente est refusée)."""
    precedentes = [IMPORT, _ex("reponse = 0,85"), _ex("reponse = 85 %", succes=False),
                   _ex(VERIF.format("1.1"))]  # vérification refusée : rien de noté
    assert "s'est arrêtée sur une erreur" in message_perime("1.1", _ex(VERIF.format("1.1"), None), precedentes)
    corrigee = precedentes + [_ex("reponse = 0.025")]
    assert message_perime("1.1", _ex(VERIF.format("1.1"), None), corrigee) is None


def test_erreur_d_une_autre_question_d_apres_le_notebook():
    roles = {"r11": ("reponse", "1.1"), "r12": ("reponse", "1.2")}
    precedentes = [IMPORT, _ex("reponse = 0.025", id="r11"), _ex("reponse = 85 %", succes=False, id="r12")]
    courante = _ex(VERIF.format("1.1"), None)
    assert message_perime("1.1", courante, precedentes, roles) is None  # reponse vient bien de 1.1
    assert "question 1.2 s'est arrêtée" in message_perime("1.2", courante, precedentes, roles)


def test_erreur_sans_rapport_ignoree():
    message = message_perime("1.1", _ex(VERIF.format("1.1"), None),
                             [IMPORT, _ex("reponse = 0.025"), _ex("1 / 0", succes=False)])
    assert message is None


def test_cellule_de_reponse_pas_executee():
    precedentes = [IMPORT, _ex("reponse = 0.025"), _ex(VERIF.format("1.1"), verifications=["1.1"])]
    message = message_perime("1.2", _ex(VERIF.format("1.2"), None), precedentes)
    assert message.startswith("la cellule de réponse de la question 1.2 n'a pas encore été exécutée")
    assert "Exécutez d'abord la cellule de réponse juste au-dessus" in message


def test_roles_du_notebook():
    """Avec les identifiants de cellules du notebook, la question de la réponse est connue."""
    roles = {"q1-1-reponse": ("reponse", "1.1"), "q1-2-reponse": ("reponse", "1.2")}
    precedentes = [IMPORT, _ex("reponse = 0.025", id="q1-1-reponse")]
    courante = _ex(VERIF.format("1.2"), None)
    # sans vérification intermédiaire, seul le notebook permet de voir que la réponse est celle de 1.1
    assert message_perime("1.2", courante, precedentes) is None
    assert "question 1.2 n'a pas encore été exécutée" in message_perime("1.2", courante, precedentes, roles)
    assert message_perime("1.1", courante, precedentes, roles) is None
    # une réponse de 1.2 vérifiée par erreur avec 1.1 avant : le notebook l'emporte
    precedentes = [IMPORT, _ex("reponse = 4", id="q1-2-reponse"), _ex(VERIF.format("1.1"), verifications=["1.1"])]
    assert message_perime("1.2", courante, precedentes, roles) is None
    # cellule de réponse en erreur reconnue par son identifiant, même sans le mot reponse
    precedentes = [IMPORT, _ex("85 %", succes=False, id="q1-2-reponse")]
    assert "s'est arrêtée sur une erreur" in message_perime("1.2", courante, precedentes, roles)


def test_nom_mal_ecrit_dans_la_cellule_de_reponse():
    message = message_perime("1.6", _ex(VERIF.format("1.6"), None),
                             [IMPORT, _ex("reponse = ..."), _ex('Réponse = "direct"')])
    assert message.startswith("dans la cellule de réponse de la question 1.6, le nom s'écrit reponse, sans "
                              "accent ni majuscule (vous avez écrit « Réponse »)")


def test_etat_avant_verification_hors_noyau():
    assert saisie.etat_avant_verification("1.1") is None
    assert saisie.charger_si_noyau() in (False, True)


# ---------------------------------------------------------------------------------------------
# La boîte
# ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("genre, titre", [("juste", "Juste"), ("faux", "Pas encore"),
                                          ("a_completer", "À compléter"), ("erreur", "Non vérifié")])
def test_boite_lisible_sans_couleur_ni_emoji(genre, titre):
    contenu = boite_html(genre, titre, "votre <réponse> & le reste")
    assert 'role="status"' in contenu
    assert f"<strong" in contenu and f">{titre}</strong>" in contenu  # le mot est écrit
    assert "&lt;réponse&gt; &amp; le reste" in contenu  # texte échappé
    assert not re.search("[\U0001F300-\U0001FAFF\u2705\u274C]", contenu)  # aucun emoji
    assert contenu == boite_html(genre, titre, "votre <réponse> & le reste")  # déterministe
    assert boite_texte(titre, "message") == f"{titre} : message"


def test_boite_en_bloc():
    assert boite_texte("Cette cellule n'a pas pu s'exécuter", "Le signe…", bloc=True) == \
        "Cette cellule n'a pas pu s'exécuter.\nLe signe…"
    assert "<br>Le signe" in boite_html("erreur", "Titre", "Le signe", bloc=True)
