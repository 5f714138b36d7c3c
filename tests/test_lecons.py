"""Structure des leçons : plan du cours, rythme, liens vers les exercices, chiffres des sources."""

import csv
import re
from pathlib import Path

import nbformat
import pytest

RACINE = Path(__file__).resolve().parents[1]
LECONS = ["00_prise_en_main", "01_conquerir", "02_fideliser", "03_outils_numeriques",
          "04_rejet", "05_kpi", "06_etude_de_cas", "07_predire_la_valeur"]
AVEC_EXERCICE = LECONS[1:]
CONSTRUCTEURS = re.compile(r"\b(simulateur_\w+|calculateur_\w+|tableau_de_bord_kpi|quiz|premier_curseur)\(")


def _lire(nom):
    return nbformat.read(RACINE / "notebooks" / f"{nom}.ipynb", as_version=4)


def _texte(nb, genre=None):
    return "\n".join(c.source for c in nb.cells if genre is None or c.cell_type == genre)


@pytest.mark.parametrize("nom", LECONS)
def test_la_lecon_existe_et_suit_le_rythme(nom):
    nb = _lire(nom)
    markdown = _texte(nb, "markdown")
    assert nb.cells[0].cell_type == "markdown" and nb.cells[0].source.startswith("# ")
    for section in ["Objectifs", "Manipuler", "À retenir"]:
        assert re.search(rf"^#+ .*{section}", markdown, re.M), f"{nom} : section « {section} » absente"
    if nom != "00_prise_en_main":
        assert re.search(r"^#+ .*Interroger les chiffres", markdown, re.M), \
            f"{nom} : section « Interroger les chiffres » absente"


@pytest.mark.parametrize("nom", AVEC_EXERCICE)
def test_la_lecon_renvoie_a_son_exercice(nom):
    markdown = _texte(_lire(nom), "markdown")
    lien = f"../exercises/{nom}.ipynb"
    assert f"]({lien})" in markdown, f"{nom} doit contenir un lien Markdown vers {lien}"
    assert (RACINE / "exercises" / f"{nom}.ipynb").exists(), f"exercises/{nom}.ipynb n'existe pas"


@pytest.mark.parametrize("nom", LECONS)
def test_la_lecon_est_enregistree_executee_sans_erreur(nom):
    for i, cellule in enumerate(_lire(nom).cells):
        if cellule.cell_type != "code" or not cellule.source.strip():
            continue
        assert cellule.execution_count is not None, f"{nom} cellule {i} jamais exécutée"
        erreurs = [s for s in cellule.outputs if s.output_type == "error"]
        assert not erreurs, f"{nom} cellule {i} : {erreurs[0].ename}"


@pytest.mark.parametrize("nom", LECONS)
def test_cellules_courtes_et_widgets_ignores_par_nbval(nom):
    for i, cellule in enumerate(_lire(nom).cells):
        if cellule.cell_type != "code":
            continue
        lignes = cellule.source.strip().splitlines()
        assert len(lignes) <= 20, f"{nom} cellule {i} : {len(lignes)} lignes (une idée par cellule)"
        dernier_appel = lignes[-1] if lignes else ""
        if CONSTRUCTEURS.search(dernier_appel) and "=" not in dernier_appel.split("(")[0]:
            assert lignes[0].startswith("# NBVAL_IGNORE_OUTPUT"), \
                f"{nom} cellule {i} affiche un widget : première ligne « # NBVAL_IGNORE_OUTPUT »"


@pytest.mark.parametrize("nom", LECONS)
def test_chaque_lecon_montre_au_moins_un_widget(nom):
    assert CONSTRUCTEURS.search(_texte(_lire(nom), "code")), f"{nom} ne montre aucun simulateur"


def test_chaque_chiffre_des_sources_est_discute_dans_sa_lecon():
    with open(RACINE / "datasets" / "chiffres_cles.csv", encoding="utf-8") as f:
        lignes = list(csv.DictReader(f))
    assert len(lignes) >= 25
    # Dans le parcours essentiel : tous les élèves interrogent les chiffres de leur leçon.
    textes = {nom: "\n".join(c.source for c in _lire(nom).cells
                             if "approfondissement" not in c.get("metadata", {}).get("tags", []))
              for nom in LECONS}
    oublies = [(l["identifiant"], l["lecon"]) for l in lignes
               if l["lecon"] not in textes or l["identifiant"] not in textes[l["lecon"]]]
    assert not oublies, f"chiffres non discutés dans leur leçon : {oublies}"


# --- Parcours essentiel et « Pour aller plus loin » ------------------------------

TAG_APPROFONDISSEMENT = "approfondissement"
CELLULES_MAX_ESSENTIEL = 40
LIGNES_MAX_CODE_ESSENTIEL = 6
INTERDITS_LECON = ("lambda", ".groupby(", ".merge(", ".agg(", ".apply(", ".assign(", ".pivot")


def _approfondie(cellule):
    return TAG_APPROFONDISSEMENT in cellule.get("metadata", {}).get("tags", [])


@pytest.mark.parametrize("nom", LECONS)
def test_parcours_essentiel_tient_en_une_seance(nom):
    essentielles = [c for c in _lire(nom).cells if not _approfondie(c)]
    assert len(essentielles) <= CELLULES_MAX_ESSENTIEL, \
        f"{nom} : {len(essentielles)} cellules dans le parcours essentiel (au plus {CELLULES_MAX_ESSENTIEL})"


@pytest.mark.parametrize("nom", LECONS)
def test_sections_pour_aller_plus_loin_entierement_marquees(nom):
    nb = _lire(nom)
    dans_section = False
    niveau_section = None
    for i, cellule in enumerate(nb.cells):
        if cellule.cell_type == "markdown":
            titre = re.match(r"^(#+)\s+(.*)", cellule.source.lstrip())
            if titre:
                niveau = len(titre.group(1))
                if "Pour aller plus loin" in titre.group(2):
                    dans_section, niveau_section = True, niveau
                elif dans_section and niveau <= niveau_section:
                    dans_section = False
        if dans_section:
            assert _approfondie(cellule), f"{nom} cellule {i} : dans « Pour aller plus loin » sans le tag"
        elif _approfondie(cellule):
            pytest.fail(f"{nom} cellule {i} : tag {TAG_APPROFONDISSEMENT} hors d'une section « Pour aller plus loin »")


@pytest.mark.parametrize("nom", LECONS)
def test_code_du_parcours_essentiel_se_lit_comme_une_formule(nom):
    for i, cellule in enumerate(_lire(nom).cells):
        if cellule.cell_type != "code" or _approfondie(cellule):
            continue
        # Les lignes d'import (cellule de préparation) et les marques nbval ne comptent pas.
        lignes = [ligne for ligne in cellule.source.splitlines()
                  if ligne.strip() and not ligne.strip().startswith(("# NBVAL", "import ", "from "))]
        assert len(lignes) <= LIGNES_MAX_CODE_ESSENTIEL, f"{nom} cellule {i} : {len(lignes)} lignes"
        for interdit in INTERDITS_LECON:
            assert interdit not in cellule.source, f"{nom} cellule {i} : « {interdit} » dans le parcours essentiel"
        assert ".head(" not in cellule.source, f"{nom} cellule {i} : afficher un tableau brut avec apercu(…)"


@pytest.mark.parametrize("nom", LECONS)
def test_francais_sans_ecriture_inclusive(nom):
    texte = _texte(_lire(nom))
    assert not re.search(r"\w·\w", texte), f"{nom} : écriture inclusive (circulaire de 2021)"
