"""Le dossier de sortie d'une construction (site, PDF) : on n'efface que ce que la commande a écrit."""

import json

import pytest

from relation_client.dossier_sortie import preparer_sortie


class Refus(Exception):
    pass


def _preparer(sortie, racine, ecraser=False, suffixe=None):
    preparer_sortie(sortie, racine, ecraser, marque=".marque.json", commande="pdf", erreur=Refus,
                    suffixe=suffixe)


def test_cree_le_dossier_absent(tmp_path):
    _preparer(tmp_path / "pdf" / "a", tmp_path)
    assert (tmp_path / "pdf" / "a").is_dir()


@pytest.mark.parametrize("dedans", [".", "notebooks/x", "solutions", "docs/y"])
def test_refuse_le_cours_et_ses_dossiers(tmp_path, dedans):
    with pytest.raises(Refus, match="--sortie pdf"):
        _preparer(tmp_path / dedans, tmp_path)


def test_refuse_un_fichier(tmp_path):
    (tmp_path / "sortie").write_text("x")
    with pytest.raises(Refus, match="n'est pas un dossier"):
        _preparer(tmp_path / "sortie", tmp_path / "cours")


def test_dossier_etranger_non_vide_intact_sans_ecraser(tmp_path):
    sortie = tmp_path / "sortie"
    sortie.mkdir()
    (sortie / "notes.txt").write_text("mes notes")
    with pytest.raises(Refus, match="--ecraser"):
        _preparer(sortie, tmp_path / "cours")
    _preparer(sortie, tmp_path / "cours", ecraser=True)
    assert (sortie / "notes.txt").read_text() == "mes notes"


def test_efface_seulement_les_fichiers_listes_avec_le_bon_suffixe(tmp_path):
    sortie = tmp_path / "sortie"
    (sortie / "lecons").mkdir(parents=True)
    (sortie / "lecons" / "01.pdf").write_text("ancien")
    (sortie / "lecons" / "01.txt").write_text("listé mais pas un PDF")
    (sortie / "a_moi.pdf").write_text("pas listé")
    (sortie / ".marque.json").write_text(json.dumps(
        {"fichiers": ["lecons/01.pdf", "lecons/01.txt", "../hors.pdf"]}))
    (tmp_path / "hors.pdf").write_text("hors du dossier")
    _preparer(sortie, tmp_path / "cours", suffixe=".pdf")
    assert not (sortie / "lecons" / "01.pdf").exists()
    assert (sortie / "lecons" / "01.txt").exists()
    assert (sortie / "a_moi.pdf").exists()
    assert (tmp_path / "hors.pdf").exists()
