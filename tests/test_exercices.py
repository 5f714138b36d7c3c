"""Tests du générateur d'exercices et des corrigés (solutions/ → exercises/).

- le générateur, sur un petit corrigé construit ici (placeholder, tests cachés, Markdown,
  métadonnées, déterminisme, corrigés mal formés refusés) ;
- les vrais corrigés : format valide, points = barème de la clé, chaque réponse du
  corrigé (obtenue en exécutant son code) est jugée juste ;
- exercises/ est à jour, ne contient ni solution, ni sortie, ni valeur attendue ;
- le générateur n'écrit jamais dans solutions/ ; la commande en ligne.
"""

from __future__ import annotations

import contextlib
import copy
import hashlib
import io
import json
import re
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from relation_client import cli, exercices
from relation_client import corriges as registre
from relation_client.formatage import nombre
from relation_client.verification import TEXTE_A_COMPLETER, evaluer

RACINE = Path(__file__).resolve().parents[1]
SOLUTIONS = RACINE / "solutions"
EXERCICES = RACINE / "exercises"
# Exercices NN_nom.ipynb, puis études de cas cas_NN_nom.ipynb (même format, même clé exercice_NN.py).
CORRIGES = sorted(SOLUTIONS.glob("[0-9][0-9]_*.ipynb")) + sorted(SOLUTIONS.glob("cas_[0-9][0-9]_*.ipynb"))


def _numero(chemin) -> str:
    """« 02 » pour 02_fideliser.ipynb, « 08 » pour cas_08_cycles_lumen.ipynb."""
    return re.match(r"(?:cas_)?(\d{2})_", chemin.name).group(1)


# ---------------------------------------------------------------------------
# Un petit corrigé construit ici
# ---------------------------------------------------------------------------

def _meta(ident, role, points=None):
    meta = {"relation_client": {"question": ident, "role": role}}
    if role == "reponse":
        meta["nbgrader"] = {"grade_id": f"q{ident.replace('.', '_')}", "solution": True, "grade": False,
                            "locked": False, "schema_version": 3}
    elif role == "verification":
        meta["nbgrader"] = {"grade_id": f"q{ident.replace('.', '_')}_verification", "solution": False, "grade": True,
                            "locked": True, "points": points, "schema_version": 3}
    elif role == "reponse_texte":
        meta["nbgrader"] = {"grade_id": f"q{ident.replace('.', '_')}", "solution": True, "grade": True,
                            "locked": False, "points": points, "schema_version": 3}
    return meta


def _corrige():
    nb = new_notebook()
    nb.metadata = {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
                   "language_info": {"name": "python", "version": "3.12.1"},
                   "widgets": {"application/vnd.jupyter.widget-state+json": {"state": {}}}}
    nb.cells = [
        new_markdown_cell("# Titre\n\nObjectifs."),
        new_code_cell("from relation_client.verification import verifier", execution_count=1),
        new_markdown_cell("### Question 9.1 (2 points)\n\nCalculez.", metadata=_meta("9.1", "enonce")),
        new_code_cell("donnees = [1, 2, 3]\n### BEGIN SOLUTION\ntotal = sum(donnees)\nreponse = total / 6\n"
                      "### END SOLUTION\nprint('fin')", metadata=_meta("9.1", "reponse"), execution_count=2,
                      outputs=[nbformat.v4.new_output("stream", text="fin\n")]),
        new_code_cell('verifier("9.1", reponse)\n### BEGIN HIDDEN TESTS\nfrom relation_client.verification '
                      'import exiger_juste\nexiger_juste("9.1", reponse)\n### END HIDDEN TESTS',
                      metadata=_meta("9.1", "verification", 2), execution_count=3),
        new_markdown_cell("### Question 9.2 (1 point)\n\nJustifiez.", metadata=_meta("9.2", "enonce")),
        new_markdown_cell("Réponse modèle : le canal e-mail.", metadata=_meta("9.2", "reponse_texte", 1)),
        new_code_cell("for i in range(2):\n    ### BEGIN SOLUTION\n    x = i\n    ### END SOLUTION\n    pass",
                      metadata=_meta("9.3", "reponse")),
        new_markdown_cell("### Question 9.3 (1 point)\n\nBoucle.", metadata=_meta("9.3", "enonce")),
        new_code_cell('verifier("9.3", reponse)', metadata=_meta("9.3", "verification", 1)),
    ]
    for k, cellule in enumerate(nb.cells):
        cellule["id"] = f"cellule-{k}"
        cellule.metadata["scrolled"] = True
    return nb


def test_generer_exercice():
    corrige = _corrige()
    avant = copy.deepcopy(corrige)
    exo = exercices.generer_exercice(corrige)
    assert corrige == avant, "le corrigé ne doit pas être modifié"
    sources = [c.source for c in exo.cells]
    assert sources[3] == "donnees = [1, 2, 3]\nreponse = ...  # à vous de jouer\nprint('fin')"
    assert sources[4] == 'verifier("9.1", reponse)'
    assert sources[6] == TEXTE_A_COMPLETER
    assert sources[7] == "for i in range(2):\n    reponse = ...  # à vous de jouer\n    pass"
    assert sources[0] == corrige.cells[0].source
    for cellule in exo.cells:
        assert "scrolled" not in cellule.metadata
        if cellule.cell_type == "code":
            assert cellule.outputs == [] and cellule.execution_count is None
    assert exo.cells[4].metadata["editable"] is False and exo.cells[2].metadata["deletable"] is False
    assert exo.cells[3].metadata["nbgrader"]["grade_id"] == "q9_1"
    assert "editable" not in exo.cells[3].metadata
    assert exo.metadata == {"kernelspec": corrige.metadata["kernelspec"], "language_info": {"name": "python"}}
    assert [c["id"] for c in exo.cells] == [c["id"] for c in corrige.cells]
    nbformat.validate(exo)
    texte = exercices.texte_notebook(exo)
    assert texte == exercices.texte_notebook(exercices.generer_exercice(_corrige()))
    assert "SOLUTION" not in texte and "HIDDEN" not in texte and "sum(donnees)" not in texte


def test_structure():
    s = exercices.structure(_corrige())
    assert s[0] == {"question": "9.1", "enonce": 2, "reponse": 3, "verification": 4, "role_reponse": "reponse"}
    assert s[1] == {"question": "9.2", "enonce": 5, "reponse": 6, "verification": None,
                    "role_reponse": "reponse_texte"}
    abime = _corrige()
    abime.cells[2].metadata["relation_client"] = "n'importe quoi"
    abime.cells[3].metadata["relation_client"] = {"question": 3, "role": "reponse"}
    assert exercices.structure(abime)[0]["question"] == "9.1"
    assert exercices.structure(abime)[0]["enonce"] is None


@pytest.mark.parametrize("casse, morceau", [
    (lambda nb: nb.cells[3].__setitem__("source", "### BEGIN SOLUTION\nreponse = 1"), "jamais fermée"),
    (lambda nb: nb.cells[3].__setitem__("source", "reponse = 1\n### END SOLUTION"), "sans"),
    (lambda nb: nb.cells[3].__setitem__("source", "reponse = 1"), "pas de région"),
    (lambda nb: nb.cells[4].__setitem__("source", 'verifier("9.2", reponse)'), 'verifier("9.1", reponse)'),
    (lambda nb: nb.cells[1].__setitem__("source", "### BEGIN SOLUTION\nx = 1\n### END SOLUTION"),
     "rôle « reponse »"),
    (lambda nb: nb.cells[2].__setitem__("source", "Question sans titre"), "### Question 9.1"),
    (lambda nb: nb.cells[3].metadata["nbgrader"].__setitem__("grade_id", "autre"), "grade_id"),
    (lambda nb: nb.cells[4].metadata["nbgrader"].pop("points"), "points"),
    (lambda nb: nb.cells[6].metadata["nbgrader"].__setitem__("grade_id", "q9_1"), "plusieurs cellules"),
    (lambda nb: nb.cells[4].metadata["nbgrader"].__setitem__("grade_id", "q9.1_verification"), "invalide"),
    (lambda nb: nb.cells.pop(4), "pas de cellule de vérification"),
    (lambda nb: nb.cells.insert(4, copy.deepcopy(nb.cells[3])), "déjà une cellule"),
    (lambda nb: nb.cells[5].__setitem__("cell_type", "code"), "type markdown"),
])
def test_corrige_mal_forme_refuse(casse, morceau):
    nb = _corrige()
    casse(nb)
    problemes = exercices.valider_corrige(nb)
    assert any(morceau in p for p in problemes), problemes
    with pytest.raises(ValueError, match="format des exercices"):
        exercices.generer_exercice(nb)


def test_valider_corrige_ok():
    assert exercices.valider_corrige(_corrige()) == []


def test_generer_tout_et_commande(tmp_path, capsys):
    sol, exo = tmp_path / "sol", tmp_path / "exo"
    sol.mkdir()
    nbformat.write(_corrige(), sol / "09_essai.ipynb")
    (sol / "brouillon.ipynb").write_text("pas un notebook")  # ignoré : pas de préfixe NN_
    empreinte = hashlib.sha256((sol / "09_essai.ipynb").read_bytes()).hexdigest()
    args = ["exercices", "--solutions", str(sol), "--exercices", str(exo)]
    assert cli.main(args + ["--verifier"]) == 1
    assert not exo.exists()
    assert "09_essai.ipynb" in capsys.readouterr().out
    assert cli.main(args) == 0
    premier = (exo / "09_essai.ipynb").read_bytes()
    assert cli.main(args) == 0
    assert "déjà à jour" in capsys.readouterr().out
    assert (exo / "09_essai.ipynb").read_bytes() == premier
    assert cli.main(args + ["--verifier"]) == 0
    assert hashlib.sha256((sol / "09_essai.ipynb").read_bytes()).hexdigest() == empreinte
    assert sorted(p.name for p in sol.iterdir()) == ["09_essai.ipynb", "brouillon.ipynb"]
    # un exercice modifié à la main ou orphelin est signalé, puis réécrit ou supprimé
    (exo / "09_essai.ipynb").write_bytes(premier.replace(b"Calculez", b"Calculez vite"))
    (exo / "08_orphelin.ipynb").write_bytes(premier)
    assert cli.main(args + ["--verifier"]) == 1
    sortie = capsys.readouterr().out
    assert "09_essai.ipynb" in sortie and "08_orphelin.ipynb" in sortie
    assert cli.main(args) == 0
    assert (exo / "09_essai.ipynb").read_bytes() == premier
    assert not (exo / "08_orphelin.ipynb").exists()
    # erreurs : dossier absent, corrigé mal formé
    assert cli.main(["exercices", "--solutions", str(tmp_path / "absent"), "--exercices", str(exo)]) == 2
    assert "n'existe pas" in capsys.readouterr().err
    casse = _corrige()
    casse.cells[4].source = 'verifier("9.7", reponse)'
    nbformat.write(casse, sol / "09_essai.ipynb")
    assert cli.main(args) == 2
    assert "09_essai.ipynb" in capsys.readouterr().err


def test_aide_en_francais(capsys):
    with pytest.raises(SystemExit):
        cli.main(["exercices", "--help"])
    aide = capsys.readouterr().out
    assert "dossier des corrigés" in aide and "n'écrit rien" in aide


# ---------------------------------------------------------------------------
# Les vrais corrigés
# ---------------------------------------------------------------------------

def test_corriges_presents():
    assert [_numero(p) for p in CORRIGES][:2] == ["01", "02"]
    for corrige in CORRIGES:
        assert _numero(corrige) in registre.exercices_disponibles()


def _lire(chemin):
    return nbformat.read(chemin, as_version=4)


@pytest.mark.parametrize("chemin", CORRIGES, ids=lambda p: p.name)
def test_format_et_bareme(chemin):
    nb = _lire(chemin)
    assert exercices.valider_corrige(nb) == []
    cle = {q.id: q for q in registre.questions(_numero(chemin))}
    structure = exercices.structure(nb)
    assert [s["question"] for s in structure] == list(cle), "questions du notebook ≠ clé de correction"
    for s in structure:
        q = cle[s["question"]]
        enonce = nb.cells[s["enonce"]].source
        points = float(re.match(r"### Question [\d.]+ \(([\d,]+) points?\)", enonce).group(1).replace(",", "."))
        assert points == q.points, q.id
        if q.genre == "texte_libre":
            assert s["role_reponse"] == "reponse_texte"
            cellule = nb.cells[s["reponse"]]
            assert len(cellule.source) > 200, f"{q.id} : la réponse modèle est trop courte"
        else:
            assert s["role_reponse"] == "reponse"
            cellule = nb.cells[s["verification"]]
        assert cellule.metadata["nbgrader"]["points"] == q.points
    # au moins une question rédigée et au moins un widget par notebook
    assert any(q.genre == "texte_libre" for q in cle.values())
    widgets_du_cours = re.compile(r"\b(simulateur_\w+|calculateur_\w+|tableau_de_bord_kpi|quiz)\(")
    assert any(widgets_du_cours.search(c.source) for c in nb.cells if c.cell_type == "code")


def _executer_en_memoire(chemin) -> tuple[dict, dict]:
    """Exécute le code d'un notebook dans ce processus (sans noyau).

    Renvoie ``reponse`` relevé après chaque cellule de réponse, et ce qu'affiche chaque
    cellule de vérification (par identifiant de question).
    """
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from IPython.display import display

    nb = _lire(chemin)
    espace = {"display": display, "__name__": "__main__"}
    valeurs, affichages = {}, {}
    for cellule in nb.cells:
        if cellule.cell_type != "code":
            continue
        tampon = io.StringIO()
        with contextlib.redirect_stdout(tampon):
            exec(compile(cellule.source, f"{chemin.name}", "exec"), espace)  # noqa: S102
        info = cellule.metadata.get("relation_client", {})
        if info.get("role") == "reponse":
            valeurs[info["question"]] = espace["reponse"]
        elif info.get("role") == "verification":
            affichages[info["question"]] = tampon.getvalue()
    plt.close("all")
    return valeurs, affichages


@pytest.fixture(scope="module")
def reponses_des_corriges():
    return {chemin.name: _executer_en_memoire(chemin)[0] for chemin in CORRIGES}


@pytest.mark.parametrize("chemin", CORRIGES, ids=lambda p: p.name)
def test_reponses_du_corrige_justes(chemin, reponses_des_corriges):
    valeurs = reponses_des_corriges[chemin.name]
    calculees = [q for q in registre.questions(_numero(chemin)) if q.genre != "texte_libre"]
    assert sorted(valeurs) == sorted(q.id for q in calculees)
    for q in calculees:
        r = evaluer(q.id, valeurs[q.id])
        assert r.statut == "juste", (q.id, r.message)


@pytest.mark.parametrize("chemin", CORRIGES, ids=lambda p: p.name)
def test_sorties_enregistrees_du_corrige(chemin):
    """Le corrigé est enregistré exécuté et chaque vérification y affiche « Juste »."""
    nb = _lire(chemin)
    for s in exercices.structure(nb):
        if s["verification"] is None:
            continue
        cellule = nb.cells[s["verification"]]
        texte = "".join(o.get("text", "") + o.get("data", {}).get("text/plain", "") for o in cellule.outputs)
        assert texte.startswith("Juste : "), (s["question"], texte)
        html = "".join(o.get("data", {}).get("text/html", "") for o in cellule.outputs)
        assert "Juste" in html, (s["question"], "la boîte de résultat HTML manque")
    assert all(c.execution_count for c in nb.cells if c.cell_type == "code")


# ---------------------------------------------------------------------------
# Les exercices générés
# ---------------------------------------------------------------------------

def test_exercices_a_jour(tmp_path):
    concernes = exercices.generer_tout(SOLUTIONS, tmp_path)
    attendus = sorted(p.name for p in tmp_path.glob("*.ipynb"))
    assert attendus == sorted(p.name for p in EXERCICES.glob("*.ipynb") if exercices._MOTIF_FICHIER.match(p.name)), \
        "exercises/ n'a pas les mêmes fichiers que solutions/ : lancez « make exercices »"
    assert len(concernes) == len(CORRIGES)
    for nom in attendus:
        assert (EXERCICES / nom).read_bytes() == (tmp_path / nom).read_bytes(), \
            f"exercises/{nom} n'est pas à jour : lancez « make exercices » (ne pas l'éditer à la main)"


def test_generateur_ne_touche_pas_aux_corriges(tmp_path):
    def empreintes():
        return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in SOLUTIONS.iterdir()}

    avant = empreintes()
    exercices.generer_tout(SOLUTIONS, tmp_path / "exo")
    assert exercices.generer_tout(SOLUTIONS, tmp_path / "exo", verifier=True) == []
    assert empreintes() == avant


@pytest.mark.parametrize("chemin", CORRIGES, ids=lambda p: p.name)
def test_exercice_s_execute_et_tout_est_a_completer(chemin):
    """L'exercice s'exécute de bout en bout et chaque vérification affiche « À compléter »."""
    valeurs, affichages = _executer_en_memoire(EXERCICES / chemin.name)
    assert valeurs and all(v is Ellipsis for v in valeurs.values())
    assert set(affichages) == set(valeurs)
    for ident, texte in affichages.items():
        assert texte.startswith("À compléter"), (ident, texte)


def _formes_francaises(x: float) -> set[str]:
    formes = set()
    for d in (2, 3):
        brut = f"{round(x, d):.{d}f}"
        formes |= {brut, brut.replace(".", ","), nombre(x, d)}
    return {f for f in formes if len(f.strip("0,.-")) >= 2}


@pytest.mark.parametrize("chemin", CORRIGES, ids=lambda p: p.name)
def test_exercice_sans_solution_ni_sortie(chemin, reponses_des_corriges):
    exo_chemin = EXERCICES / chemin.name
    texte = exo_chemin.read_text(encoding="utf-8")
    nb = json.loads(texte)
    assert "BEGIN SOLUTION" not in texte and "END SOLUTION" not in texte and "HIDDEN TESTS" not in texte
    assert set(nb["metadata"]) == {"kernelspec", "language_info"}
    corrige = _lire(chemin)
    for cellule, originale in zip(nb["cells"], corrige.cells):
        if cellule["cell_type"] == "code":
            assert cellule["outputs"] == [] and cellule["execution_count"] is None
        role = cellule["metadata"].get("relation_client", {}).get("role")
        if role == "reponse":
            source = "".join(cellule["source"])
            assert exercices.PLACEHOLDER in source
            lignes_exercice = {ligne.strip() for ligne in source.splitlines()}
            lignes_solution = re.search(r"### BEGIN SOLUTION\n(.*?)### END SOLUTION", originale.source, re.S)
            for ligne in lignes_solution.group(1).splitlines():
                if ligne.strip():
                    assert ligne.strip() not in lignes_exercice, ligne
        if role == "reponse_texte":
            assert "".join(cellule["source"]) == TEXTE_A_COMPLETER
            assert originale.source.strip() and originale.source not in texte
    # aucune valeur attendue n'apparaît (ni arrondie, ni à la française)
    for q in registre.questions(_numero(chemin)):
        attendu = q._valeur_attendue() if q.genre != "texte_libre" else None
        if isinstance(attendu, (int, float)) and not isinstance(attendu, bool):
            for forme in _formes_francaises(float(attendu)):
                assert forme not in texte, (q.id, forme)
        if hasattr(attendu, "to_numpy"):
            for x in attendu.select_dtypes("number").to_numpy().ravel() if hasattr(attendu, "select_dtypes") \
                    else attendu.to_numpy():
                if abs(float(x)) >= 1e-9 and not float(x).is_integer():
                    for forme in _formes_francaises(float(x)):
                        assert forme not in texte, (q.id, forme)
