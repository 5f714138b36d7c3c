"""Retours pour débutants dans un vrai noyau (nbclient) : ce que voit l'élève dans Jupyter.

Un petit notebook est construit ici, comme un exercice : la première cellule importe
``verifier`` (ce qui charge l'extension ``relation_client.saisie``), puis viennent les fautes de
frappe réelles des élèves. On vérifie le message français de chaque cellule, l'ordre des sorties
(l'explication d'abord, une seule ligne technique ensuite) et qu'aucune réponse périmée n'est notée.
"""

from __future__ import annotations

import sys

import nbformat
import pytest
from nbclient import NotebookClient

pytestmark = pytest.mark.lent

IMPORT = "from relation_client.verification import verifier"

# (identifiant, texte de la cellule) ; les identifiants servent à retrouver les sorties.
SCENARIO = [
    ("import", IMPORT),
    # 1.1 : taux de conversion = 60 / 2400 ; d'abord la virgule française
    ("virgule", "reponse = 0,85"),
    ("virgule_verif", 'verifier("1.1", reponse)'),
    # le signe % : erreur de syntaxe, puis la vérification ne note pas l'ancienne valeur (0,85)
    ("pourcent", "reponse = 85 %"),
    ("pourcent_verif", 'verifier("1.1", reponse)'),
    ("pourcent_verif_bis", 'verifier("1.1", reponse)'),  # relancée : toujours rien de noté
    ("milliers", "reponse = 1 234"),
    ("milliers_verif", 'verifier("1.1", reponse)'),
    ("parenthese", "reponse = (60 / 2400"),
    ("guillemet", 'reponse = "direct'),
    ("juste", "reponse = 60 / 2400"),
    ("juste_verif", 'verifier("1.1", reponse)'),
    # la cellule de réponse de 1.2 n'a pas été exécutée : reponse vient encore de 1.1
    ("oubli_verif", 'verifier("1.2", reponse)'),
    # question à choix (1.6) : un nom mal écrit, puis un choix sans guillemets
    ("choix_vide", "reponse = ..."),
    ("choix_vide_verif", 'verifier("1.6", reponse)'),
    ("accent", 'Réponse = "direct"'),
    ("accent_verif", 'verifier("1.6", reponse)'),
    ("sans_guillemets", "reponse = direct"),
    # un nom inconnu proche d'un nom existant
    ("definition", "depenses_2025 = 1200"),
    ("faute_de_nom", "reponse = Depenses_2025 / 2"),
    # reponse n'existe pas du tout
    ("efface", "del reponse"),
    ("indefini_verif", 'verifier("1.3", reponse)'),
    # evaluer (le correcteur) ne change pas de comportement après une cellule en erreur
    ("evaluer_avant", "reponse = 60 / 2400"),
    ("erreur", "reponse = 60 / 0"),
    ("evaluer", 'from relation_client.verification import evaluer\nprint(evaluer("1.1", reponse).statut)'),
    # les autres erreurs gardent leur affichage habituel
    ("autre_erreur", "1 / 0"),
    ("nom_hors_cellule", 'exec("nom_inconnu_ailleurs")'),  # née hors du texte de la cellule
    # l'extension se charge une seule fois, même si l'import est refait
    ("reimport", IMPORT + "\nimport relation_client.saisie as s\nprint(s._ETAT is not None)"),
]


@pytest.fixture(scope="module")
def sorties():
    from relation_client.corriges import question
    from relation_client.verification import evaluer
    # Le scénario suppose la clé actuelle : 1.1 = 60 / 2400 (taux de conversion), 1.6 = un choix.
    assert evaluer("1.1", 60 / 2400).statut == "juste", "la question 1.1 a changé : adapter ce scénario"
    assert question("1.6").genre == "choix", "la question 1.6 n'est plus un choix : adapter ce scénario"
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(source) for _, source in SCENARIO]
    NotebookClient(nb, timeout=120, allow_errors=True, kernel_name="python3",
                   resources={"metadata": {"path": "."}}).execute()
    return {nom: cellule.outputs for (nom, _), cellule in zip(SCENARIO, nb.cells)}


def _textes(sorties_cellule) -> list[str]:
    """Le texte de chaque sortie, dans l'ordre : repli text/plain, flux, ou « ERREUR nom »."""
    textes = []
    for sortie in sorties_cellule:
        if sortie.output_type in ("display_data", "execute_result"):
            textes.append(sortie.data.get("text/plain", ""))
        elif sortie.output_type == "stream":
            textes.append(sortie.text)
        elif sortie.output_type == "error":
            textes.append(f"ERREUR {sortie.ename} " + "\n".join(sortie.traceback))
    return textes


def _html(sorties_cellule) -> str:
    return "".join(s.data.get("text/html", "") for s in sorties_cellule
                   if s.output_type == "display_data")


def _erreur_expliquee(sorties_cellule, nom_erreur: str) -> str:
    """Vérifie l'ordre : la boîte française d'abord, puis une seule ligne technique. Renvoie l'explication."""
    textes = _textes(sorties_cellule)
    assert len(textes) == 2, textes
    explication, technique = textes
    assert explication.startswith("Cette cellule n'a pas pu s'exécuter.\n"), textes
    assert technique.startswith(f"ERREUR {nom_erreur} Détails techniques : {nom_erreur}"), textes
    assert "\n" not in technique and "Traceback" not in technique, technique
    html = _html(sorties_cellule)
    assert 'role="status"' in html and "Cette cellule n&#x27;a pas pu s&#x27;exécuter" in html
    # l'erreur reste une erreur pour Jupyter et le correcteur (nom et message d'origine)
    erreur = [s for s in sorties_cellule if s.output_type == "error"][0]
    assert erreur.ename == nom_erreur and erreur.evalue
    return explication


def test_virgule_decimale(sorties):
    assert _textes(sorties["virgule"]) == []  # 0,85 est accepté par Python (deux nombres)
    assert _textes(sorties["virgule_verif"]) == [
        "Pas encore : vous avez écrit 0,85. En Python, la virgule des décimales s'écrit avec un point : "
        "écrivez 0.85."]
    html = _html(sorties["virgule_verif"])
    assert ">Pas encore</strong>" in html and 'role="status"' in html


def test_pourcentage(sorties):
    explication = _erreur_expliquee(sorties["pourcent"], "SyntaxError")
    assert "Le signe % ne s'écrit pas : écrivez 0.85 (ou 85 / 100)." in explication
    # la vérification ne note pas l'ancienne valeur de reponse (0,85) : elle dit pourquoi
    (verdict,) = _textes(sorties["pourcent_verif"])
    assert verdict.startswith("Non vérifié : la cellule de réponse de la question 1.1 s'est arrêtée sur "
                              "une erreur"), verdict
    assert "virgule" not in verdict and "Pas encore" not in verdict
    assert _textes(sorties["pourcent_verif_bis"]) == [verdict]


def test_milliers(sorties):
    explication = _erreur_expliquee(sorties["milliers"], "SyntaxError")
    assert "Un nombre s'écrit sans espace entre les milliers : écrivez 1234 (et non 1 234)." in explication
    assert _textes(sorties["milliers_verif"])[0].startswith("Non vérifié : ")


def test_parenthese_et_guillemet(sorties):
    assert "Une parenthèse « ( » est ouverte mais jamais fermée" in \
        _erreur_expliquee(sorties["parenthese"], "SyntaxError")
    assert "Un guillemet est ouvert mais jamais fermé" in _erreur_expliquee(sorties["guillemet"], "SyntaxError")


def test_reponse_juste_puis_question_suivante_sans_sa_reponse(sorties):
    (verdict,) = _textes(sorties["juste_verif"])
    assert verdict.startswith("Juste : ")
    assert ">Juste</strong>" in _html(sorties["juste_verif"])
    (oubli,) = _textes(sorties["oubli_verif"])
    assert oubli.startswith("Non vérifié : la cellule de réponse de la question 1.2 n'a pas encore été "
                            "exécutée"), oubli
    assert "Exécutez d'abord la cellule de réponse juste au-dessus" in oubli


def test_question_a_choix(sorties):
    assert _textes(sorties["choix_vide_verif"])[0].startswith("À compléter : ")
    (accent,) = _textes(sorties["accent_verif"])
    assert "le nom s'écrit reponse, sans accent ni majuscule (vous avez écrit « Réponse »)" in accent
    explication = _erreur_expliquee(sorties["sans_guillemets"], "NameError")
    assert "Le nom « direct » n'existe pas encore" in explication


def test_nom_proche(sorties):
    explication = _erreur_expliquee(sorties["faute_de_nom"], "NameError")
    assert "vouliez-vous écrire « depenses_2025 »" in explication


def test_reponse_indefinie(sorties):
    explication = _erreur_expliquee(sorties["indefini_verif"], "NameError")
    assert ("reponse n'existe pas encore : exécutez d'abord la cellule de réponse de la question 1.3"
            in explication)


def test_evaluer_inchange(sorties):
    assert _textes(sorties["evaluer"]) == ["juste\n"]  # evaluer ne regarde pas le journal


def test_autres_erreurs_inchangees(sorties):
    (texte,) = _textes(sorties["autre_erreur"])
    assert texte.startswith("ERREUR ZeroDivisionError") and "Traceback" in texte
    assert "Cette cellule" not in texte and "Détails techniques" not in texte
    (texte,) = _textes(sorties["nom_hors_cellule"])
    assert texte.startswith("ERREUR NameError") and "Traceback" in texte and "Cette cellule" not in texte


def test_chargee_une_seule_fois(sorties):
    assert _textes(sorties["reimport"]) == ["True\n"]


def test_sorties_deterministes(sorties):
    """Deux exécutions donnent les mêmes sorties (les corrigés sont comparés par nbval)."""
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(IMPORT), nbformat.v4.new_code_cell("reponse = 0,85"),
                nbformat.v4.new_code_cell('verifier("1.1", reponse)')]
    NotebookClient(nb, timeout=120, allow_errors=True, kernel_name="python3").execute()
    assert nb.cells[2].outputs == sorties["virgule_verif"]


def test_hors_noyau_rien_n_est_charge():
    import subprocess
    code = ("import sys\nfrom relation_client.verification import verifier\n"
            "import relation_client.saisie as s\nprint(s._ETAT is None, 'IPython' in sys.modules)")
    sortie = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert sortie.stdout.strip() == "True False"


def test_nom_defini_dans_une_cellule_du_notebook_pas_encore_executee(tmp_path):
    """Le noyau lit le notebook ouvert (``__session__``, posé par Jupyter) pour nommer la cellule à
    exécuter d'abord ; ici le chemin est posé à la main, et la cellule de données n'est pas exécutée."""
    chemin = tmp_path / "exercice.ipynb"
    sur_disque = nbformat.v4.new_notebook()
    sur_disque.cells = [nbformat.v4.new_code_cell(IMPORT),
                        nbformat.v4.new_markdown_cell("## Les données de Verveine & Co"),
                        nbformat.v4.new_code_cell("clients_2025 = 1500\ndepenses_2025 = 180_000"),
                        nbformat.v4.new_code_cell("reponse = depenses_2025 / clients_2025")]
    nbformat.write(sur_disque, str(chemin))
    execute = nbformat.v4.new_notebook()
    execute.cells = [nbformat.v4.new_code_cell(f"{IMPORT}\n__session__ = {str(chemin)!r}"),
                     nbformat.v4.new_code_cell("reponse = depenses_2025 / clients_2025")]
    NotebookClient(execute, timeout=120, allow_errors=True, kernel_name="python3").execute()
    explication = _erreur_expliquee(execute.cells[1].outputs, "NameError")
    assert ("Le nom « depenses_2025 » est défini dans une cellule qui n'a pas encore été exécutée : la "
            "cellule qui commence par « clients_2025 = 1500 », dans la partie « Les données de Verveine & Co »"
            in explication), explication
    assert "Exécutez d'abord cette cellule" in explication
