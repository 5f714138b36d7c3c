"""Le kit de l'enseignant : fiches de leçon (docs/enseignant/fiches/) et fiches de synthèse des
élèves (docs/eleves/syntheses/), lus avec relation_client.kit.

Ce que l'on vérifie :
- une fiche de l'enseignant et une synthèse par leçon, au nom du notebook ; une fiche par corrigé ;
- chaque question d'un corrigé (solutions/) apparaît dans la fiche de même numéro ;
- le tableau d'exercice de chaque fiche est exactement celui que génère la clé de correction
  (seule la colonne « difficulté attendue » est rédigée, et elle l'est pour chaque question) ;
- chaque leçon, exercice, question ou notebook nommé dans docs/enseignant/ et docs/eleves/ existe ;
- les fiches ont leurs sections ; les chiffres des sources montrés par une leçon sont dans sa fiche,
  et tout identifiant de chiffre cité existe dans datasets/chiffres_cles.csv ;
- une synthèse tient en une page (MOTS_MAX_SYNTHESE mots) et ses exemples chiffrés sont ceux que
  calculent les fonctions du cours.
Les dernières classes vérifient que ces contrôles savent échouer.
"""

from __future__ import annotations

import doctest
import re
import shutil

import pytest

from relation_client import formatage, indicateurs, kit, valeur
from relation_client.donnees import charger

RACINE = kit.racine_depot()
FICHES = kit.lister_fiches()
SYNTHESES = kit.lister_syntheses()
LECONS = kit.lecons()
CORRIGES = kit.corriges()
DOCS_KIT = sorted([*(RACINE / "docs" / "enseignant").rglob("*.md"), *(RACINE / "docs" / "eleves").rglob("*.md")])


def _fiche(numero):
    trouvees = [p for p in FICHES if kit.numero_document(p) == numero]
    assert trouvees, f"pas de fiche {kit.DOSSIER_FICHES}/{numero}_*.md"
    assert len(trouvees) == 1, f"plusieurs fiches numérotées {numero} : {[p.name for p in trouvees]}"
    return trouvees[0]


def _ids(fichiers):
    return [p.name for p in fichiers]


def _normaliser(texte: str) -> str:
    """Espaces insécables → espaces ; signe moins typographique → tiret."""
    return texte.replace("\u202f", " ").replace("\u00a0", " ").replace("\u2212", "-")


# ---------------------------------------------------------------------------
# Le module kit lui-même
# ---------------------------------------------------------------------------

def test_exemples_des_docstrings_du_kit():
    resultat = doctest.testmod(kit, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert resultat.attempted > 15
    assert resultat.failed == 0


# ---------------------------------------------------------------------------
# Une fiche et une synthèse par leçon, une fiche par corrigé
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("numero", sorted(LECONS))
def test_une_fiche_par_lecon_au_nom_du_notebook(numero):
    attendu = RACINE / kit.DOSSIER_FICHES / f"{LECONS[numero]}.md"
    assert attendu.is_file(), f"fiche manquante : {attendu.relative_to(RACINE)}"


@pytest.mark.parametrize("numero", sorted(LECONS))
def test_une_synthese_par_lecon_au_nom_du_notebook(numero):
    attendu = RACINE / kit.DOSSIER_SYNTHESES / f"{LECONS[numero]}.md"
    assert attendu.is_file(), f"synthèse manquante : {attendu.relative_to(RACINE)}"


@pytest.mark.parametrize("numero", sorted(CORRIGES))
def test_une_fiche_par_corrige(numero):
    _fiche(numero)


def test_pas_de_fiche_orpheline():
    connus = set(LECONS) | set(CORRIGES)
    orphelines = [p.name for p in [*FICHES, *SYNTHESES] if kit.numero_document(p) not in connus]
    assert not orphelines, f"fiches sans leçon ni corrigé de même numéro : {orphelines}"


# ---------------------------------------------------------------------------
# Les questions et le tableau d'exercice
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("numero", sorted(CORRIGES))
def test_chaque_question_du_corrige_est_dans_sa_fiche(numero):
    fiche = _fiche(numero)
    citees = kit.references(fiche.read_text(encoding="utf-8")).questions
    manquantes = [q for q in kit.questions_du_corrige(CORRIGES[numero]) if q not in citees]
    assert not manquantes, f"{fiche.name} : questions de {CORRIGES[numero].name} absentes : {manquantes}"


@pytest.mark.parametrize("numero", sorted(CORRIGES))
def test_tableau_d_exercice_identique_a_la_cle(numero):
    fiche = _fiche(numero)
    texte = fiche.read_text(encoding="utf-8")
    ecrit = kit.extraire_bloc_tableau(texte, numero)
    assert ecrit is not None, f"{fiche.name} : pas de bloc « tableau-exercice {numero} »"
    attendu = kit.bloc_tableau(numero, kit.difficultes_fiche(texte, numero))
    assert ecrit == attendu, (f"{fiche.name} : le tableau n'est plus celui de la clé de correction ; "
                              f"lancez relation_client.kit.mettre_a_jour_tableau('{fiche.relative_to(RACINE)}')")


@pytest.mark.parametrize("numero", sorted(CORRIGES))
def test_difficulte_redigee_pour_chaque_question(numero):
    fiche = _fiche(numero)
    difficultes = kit.difficultes_fiche(fiche.read_text(encoding="utf-8"), numero)
    manquantes = [q for q in kit.questions_du_corrige(CORRIGES[numero]) if q not in difficultes]
    assert not manquantes, f"{fiche.name} : difficulté attendue à rédiger pour {manquantes}"


# ---------------------------------------------------------------------------
# Références, sections, chiffres
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("chemin", DOCS_KIT, ids=lambda p: str(p.relative_to(RACINE)))
def test_references_du_kit_existent(chemin):
    problemes = kit.references_manquantes(chemin.read_text(encoding="utf-8"), RACINE)
    assert not problemes, f"{chemin.relative_to(RACINE)} :\n- " + "\n- ".join(problemes)


@pytest.mark.parametrize("chemin", [*FICHES, *SYNTHESES], ids=lambda p: str(p.relative_to(RACINE)))
def test_liens_des_fiches(chemin):
    assert not kit.liens_introuvables(chemin)


@pytest.mark.parametrize("fiche", FICHES, ids=_ids(FICHES))
def test_fiche_a_ses_sections(fiche):
    texte = fiche.read_text(encoding="utf-8")
    assert not kit.sections_manquantes(texte, kit.SECTIONS_FICHE)
    assert texte.startswith(f"# Fiche {kit.numero_document(fiche)} — ")


@pytest.mark.parametrize("fiche", FICHES, ids=_ids(FICHES))
def test_trois_questions_pour_la_classe(fiche):
    texte = fiche.read_text(encoding="utf-8")
    section = texte.split("## Trois questions pour la classe", 1)[1].split("\n## ", 1)[0]
    numerotees = [ligne for ligne in section.splitlines() if ligne[:3] in ("1. ", "2. ", "3. ", "4. ")]
    assert len(numerotees) == 3, f"{fiche.name} : il faut exactement trois questions numérotées"


@pytest.mark.parametrize("numero", sorted(LECONS))
def test_chiffres_de_la_lecon_dans_sa_fiche(numero):
    identifiants = set(charger("chiffres_cles")["identifiant"])
    montres = kit.chiffres_de_la_lecon(RACINE / "notebooks" / f"{LECONS[numero]}.ipynb")
    assert set(montres) <= identifiants, "la leçon montre un chiffre absent de chiffres_cles.csv"
    fiche = _fiche(numero)
    cites = kit.chiffres_cites(fiche.read_text(encoding="utf-8"), identifiants)
    oublies = [c for c in montres if c not in cites]
    assert not oublies, f"{fiche.name} : chiffres montrés par la leçon mais absents de la fiche : {oublies}"


@pytest.mark.parametrize("numero", sorted(CORRIGES))
def test_chiffres_du_corrige_dans_sa_fiche(numero):
    identifiants = set(charger("chiffres_cles")["identifiant"])
    fiche = _fiche(numero)
    cites = kit.chiffres_cites(fiche.read_text(encoding="utf-8"), identifiants)
    oublies = [c for c in kit.chiffres_de_la_lecon(CORRIGES[numero]) if c not in cites]
    assert not oublies, f"{fiche.name} : chiffres montrés par {CORRIGES[numero].name} absents de la fiche : {oublies}"


@pytest.mark.parametrize("fiche", FICHES, ids=_ids(FICHES))
def test_identifiants_de_chiffres_cites_existent(fiche):
    identifiants = set(charger("chiffres_cles")["identifiant"])
    texte = fiche.read_text(encoding="utf-8")
    section = texte.split("## Chiffres des sources discutés", 1)[1].split("\n## ", 1)[0]
    premieres = [ligne.split("|")[1] for ligne in section.splitlines() if ligne.startswith("| `")]
    inconnus = [ident for cellule in premieres for ident in re.findall(r"`([^`]+)`", cellule)
                if ident not in identifiants]
    assert not inconnus, f"{fiche.name} : identifiants absents de datasets/chiffres_cles.csv : {inconnus}"


# Résultats de l'étude de cas écrits dans sa fiche : identifiant → (format, décimales).
RESULTATS_CAS = {"8.1": ("pourcentage", 0), "8.2": ("pourcentage", 0), "8.4": ("pourcentage", 1),
                 "8.8": ("pourcentage", 0), "8.9": ("pourcentage", 0), "8.11": ("nombre", 0)}


@pytest.mark.skipif("08" not in CORRIGES, reason="pas encore d'étude de cas 08")
def test_resultats_de_l_etude_de_cas_dans_sa_fiche():
    from relation_client.corriges import question

    texte = _normaliser(_fiche("08").read_text(encoding="utf-8"))
    texte = texte.split("Résultats attendus", 1)[1].split("\n\n", 1)[0]
    for ident, (genre, decimales) in RESULTATS_CAS.items():
        attendu = getattr(formatage, genre)(question(ident)._valeur_attendue(), decimales)
        assert _normaliser(attendu) in texte, f"fiche 08 : résultat de la question {ident} ({attendu}) à mettre à jour"


# ---------------------------------------------------------------------------
# Fiches de synthèse des élèves
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("synthese", SYNTHESES, ids=_ids(SYNTHESES))
def test_synthese_tient_sur_une_page(synthese):
    texte = synthese.read_text(encoding="utf-8")
    mots = kit.nombre_mots(texte)
    assert mots <= kit.MOTS_MAX_SYNTHESE, f"{synthese.name} : {mots} mots (au plus {kit.MOTS_MAX_SYNTHESE})"
    assert not kit.sections_manquantes(texte, kit.SECTIONS_SYNTHESE)
    retenir = texte.split("## Les trois choses à retenir", 1)[1]
    assert [ligne[:2] for ligne in retenir.splitlines() if ligne[:2] in ("1.", "2.", "3.", "4.")] == \
        ["1.", "2.", "3."]


# Pour chaque synthèse : (valeur calculée par les fonctions du cours, texte attendu en gras).
EXEMPLES = {
    "00": [formatage.euros(valeur.valeur_vie_simple(38, 4, 0.5, 3), 0)],
    "01": [formatage.pourcentage(indicateurs.taux_conversion(60, 2400)),
           formatage.euros(indicateurs.cout_acquisition_client(4500, 60), 0),
           formatage.pourcentage(indicateurs.taux_reachat(30, 60), 0)],
    "02": [formatage.pourcentage(indicateurs.taux_retention(400, 500), 0),
           formatage.pourcentage(indicateurs.taux_attrition(100, 500), 0),
           formatage.nombre(indicateurs.duree_vie_moyenne(indicateurs.taux_attrition(100, 500))),
           formatage.pourcentage(indicateurs.taux_marge(40, 80), 0),
           formatage.pourcentage(indicateurs.taux_marque(40, 120)),
           formatage.euros(valeur.valeur_vie_simple(40, 6, 0.25, 4), 0)],
    "03": [formatage.pourcentage(indicateurs.taux_engagement(150, 5000), 0),
           formatage.euros(indicateurs.cout_par_visite(1000, 400)),
           formatage.pourcentage(indicateurs.retour_sur_investissement(800, 1000), 0)],
    "04": [formatage.pourcentage(indicateurs.taux_desabonnement(30, 12000), 2),
           formatage.euros(2_000_000 * 0.25 / 1000 * 3, 0)],
    "05": [formatage.pourcentage(indicateurs.taux_ouverture(2400, 10000), 0),
           formatage.pourcentage(indicateurs.taux_clics(300, 10000), 0),
           formatage.pourcentage(indicateurs.taux_clics_ouverture(300, 2400)),
           formatage.euros(indicateurs.cout_par_lead(3000, 150), 0),
           formatage.euros(indicateurs.cout_acquisition_client(3000, 30), 0)],
    "06": [formatage.pourcentage(indicateurs.taux_attrition(1200, 2000), 0),
           formatage.euros(130 + valeur.valeur_vie_retention(130, 0.5, 0.10)),
           formatage.nombre(valeur.ratio_clv_cac(130 + valeur.valeur_vie_retention(130, 0.5, 0.10), 120), 1)],
    "07": [formatage.nombre(0.243 / 4.414, 3),
           formatage.pourcentage(0.793 / (0.793 + 2.426))],
}


@pytest.mark.parametrize("numero", sorted(EXEMPLES))
def test_exemples_chiffres_des_syntheses(numero):
    synthese = RACINE / kit.DOSSIER_SYNTHESES / f"{LECONS[numero]}.md"
    texte = _normaliser(synthese.read_text(encoding="utf-8"))
    for attendu in EXEMPLES[numero]:
        assert f"**{_normaliser(attendu)}**" in texte, f"{synthese.name} : résultat « {attendu} » introuvable en gras"


def test_chaque_synthese_a_ses_exemples_verifies():
    assert set(EXEMPLES) == set(LECONS)


# ---------------------------------------------------------------------------
# Les contrôles savent échouer
# ---------------------------------------------------------------------------

class TestLesControlesEchouent:
    def test_reference_inexistante(self):
        problemes = kit.references_manquantes(
            "Voir la leçon 9, l'exercice 12, les questions 2.3 à 2.99 et notebooks/09_rien.ipynb.", RACINE)
        assert any(p.startswith("leçon 9") for p in problemes)
        assert any(p.startswith("exercice 12") for p in problemes)
        assert any(p.startswith("question 2.99") for p in problemes)
        assert not any(p.startswith("question 2.3 ") for p in problemes)
        assert any(p.startswith("notebooks/09_rien.ipynb") for p in problemes)

    def test_les_decimales_d_un_bloc_de_code_ne_sont_pas_des_questions(self):
        assert kit.references("```python\ntaux_marque=0.5\n```\nquestion 1.1").questions == {"1.1"}

    def test_tableau_modifie_a_la_main(self, tmp_path):
        fiche = tmp_path / "01_conquerir.md"
        fiche.write_text("# Fiche\n\n" + kit.bloc_tableau("01", {"1.1": "facile"}) + "\n", encoding="utf-8")
        texte = fiche.read_text(encoding="utf-8")
        abime = texte.replace("| 1.1 | Taux de conversion d'une boutique de vélos | 1 |",
                              "| 1.1 | Taux de conversion d'une boutique de vélos | 2 |")
        assert abime != texte
        assert kit.extraire_bloc_tableau(abime, "01") != kit.bloc_tableau("01", kit.difficultes_fiche(abime, "01"))
        fiche.write_text(abime, encoding="utf-8")
        assert kit.mettre_a_jour_tableau(fiche) is True
        repare = fiche.read_text(encoding="utf-8")
        assert repare == texte
        assert kit.difficultes_fiche(repare, "01") == {"1.1": "facile"}
        assert kit.mettre_a_jour_tableau(fiche) is False

    def test_question_retiree_d_une_fiche(self):
        texte = kit.bloc_tableau("01").replace("| 1.12 |", "| x |")
        assert "1.12" not in kit.references(texte).questions

    def test_mise_a_jour_sans_bloc(self, tmp_path):
        fiche = tmp_path / "01_conquerir.md"
        fiche.write_text("# Fiche sans tableau\n", encoding="utf-8")
        with pytest.raises(ValueError, match="tableau-exercice 01"):
            kit.mettre_a_jour_tableau(fiche)

    def test_synthese_trop_longue_et_sections(self):
        texte = "## Définitions\n" + "mot " * (kit.MOTS_MAX_SYNTHESE + 1)
        assert kit.nombre_mots(texte) > kit.MOTS_MAX_SYNTHESE
        assert kit.sections_manquantes(texte, kit.SECTIONS_SYNTHESE) == ["Formules et exemple",
                                                                         "Les trois choses à retenir"]
        desordre = "## Les trois choses à retenir\n## Définitions\n## Formules et exemple\n"
        assert kit.sections_manquantes(desordre, kit.SECTIONS_SYNTHESE)

    def test_fiche_sans_ses_chiffres(self, tmp_path):
        source = RACINE / kit.DOSSIER_FICHES / "02_fideliser.md"
        identifiants = set(charger("chiffres_cles")["identifiant"])
        texte = source.read_text(encoding="utf-8").replace("`clients_perdus_par_an`", "clients perdus")
        assert "clients_perdus_par_an" not in kit.chiffres_cites(texte, identifiants)
        assert "clients_perdus_par_an" in kit.chiffres_de_la_lecon(RACINE / "notebooks" / "02_fideliser.ipynb")

    def test_lien_casse(self, tmp_path):
        fiche = tmp_path / "01_conquerir.md"
        fiche.write_text("[ici](../rien.md) et [là](https://exemple.fr) et [haut](#titre)", encoding="utf-8")
        assert kit.liens_introuvables(fiche) == ["../rien.md"]

    def test_nom_de_fichier_inattendu(self):
        with pytest.raises(ValueError, match="NN_nom"):
            kit.numero_document("fiche-conquerir.md")

    def test_kit_dans_un_autre_dossier(self, tmp_path):
        (tmp_path / "notebooks").mkdir()
        shutil.copy(RACINE / "notebooks" / "01_conquerir.ipynb", tmp_path / "notebooks")
        assert kit.lecons(tmp_path) == {"01": "01_conquerir"}
        assert kit.lister_fiches(tmp_path) == []
        assert kit.references_manquantes("La leçon 2.", tmp_path) == ["leçon 2 : pas de notebooks/02_*.ipynb"]
