"""Tests de relation_client.formatage : aperçu d'un tableau brut, paragraphes, tableau formaté, variation signée."""

import doctest
import html
import re

import numpy as np
import pandas as pd
import pytest

from relation_client import formatage
from relation_client.donnees import charger
from relation_client.formatage import ESPACE_MILLIERS as M
from relation_client.formatage import apercu

BRUT = pd.DataFrame({
    "client_id": ["C1", "C2", "C3"],
    "date_achat": pd.to_datetime(["2023-01-01", "2024-12-31", "2025-07-14"]),
    "montant_ttc": [17.2, 1250.5, 3.13],
    "abonnes": [12064, 5, 1_250_000],
    "membre": [True, False, True],
    "annee": [2023, 2024, 2025],
    "canal": pd.Categorical(["site", "application", "site"]),
    "note": [1.5, np.nan, 2.0],
})


def test_doctest():
    resultat = doctest.testmod(formatage)
    assert resultat.attempted > 0 and resultat.failed == 0


def test_valeurs_a_la_francaise():
    a = apercu(BRUT)
    assert a["montant_ttc"].tolist() == ["17,20", f"1{M}250,50", "3,13"]
    assert a["date_achat"].tolist() == ["01/01/2023", "31/12/2024", "14/07/2025"]
    assert a["abonnes"].tolist() == [f"12{M}064", "5", f"1{M}250{M}000"]
    assert a["membre"].tolist() == ["oui", "non", "oui"]
    assert a["annee"].tolist() == ["2023", "2024", "2025"]
    assert a["canal"].tolist() == ["site", "application", "site"]
    assert a["note"].tolist() == ["1,5", "—", "2,0"]
    assert list(a.columns) == list(BRUT.columns)  # les noms à écrire dans le code ne changent pas


def test_le_tableau_d_origine_n_est_pas_modifie():
    copie = BRUT.copy()
    apercu(BRUT, 2)
    pd.testing.assert_frame_equal(BRUT, copie)


def test_nombre_de_lignes_et_decimales_de_toute_la_colonne():
    a = apercu(BRUT, 1)
    assert len(a) == 1
    # 17,2 s'écrit 17,20, car la colonne contient 3,13 plus bas.
    assert a["montant_ttc"].tolist() == ["17,20"]
    assert len(apercu(BRUT, 50)) == len(BRUT)


def test_texte_stable_francais_et_independant_des_options_pandas():
    achats = charger("achats")
    texte = repr(apercu(achats))
    with pd.option_context("display.width", 40, "display.max_columns", 3):
        assert repr(apercu(achats)) == texte
    assert "..." not in texte and "rows" not in texte and "columns" not in texte
    premiere = achats.iloc[0]
    assert premiere["date_achat"].strftime("%d/%m/%Y") in texte
    assert f"{premiere['montant_ttc']:.2f}".replace(".", ",") in texte
    assert texte.splitlines()[-1] == f"Aperçu : 5 premières lignes sur {len(achats):,}.".replace(",", M)
    assert "<table" in apercu(achats)._repr_html_()


def test_serie_et_index_non_numerique():
    serie = pd.Series([609.59, 4498.45], index=pd.Index(["C00001", "C00003"], name="client_id"),
                      name="chiffre_affaires")
    a = apercu(serie)
    assert a.index.tolist() == ["C00001", "C00003"] and a.index.name == "client_id"
    assert a["chiffre_affaires"].tolist() == ["609,59", f"4{M}498,45"]
    par_date = pd.Series([1, 2], index=pd.to_datetime(["2023-01-01", "2023-02-01"]), name="n")
    assert apercu(par_date).index.tolist() == ["01/01/2023", "01/02/2023"]


def test_tableau_complet_annonce():
    assert repr(apercu(BRUT)).splitlines()[-1] == "Tableau complet : 3 lignes."


@pytest.mark.parametrize("tableau, n, message", [
    (BRUT, 0, "n vaut 0"),
    (BRUT, "5", "n vaut '5'"),
    (BRUT, 2.5, "n vaut 2.5"),
    ([1, 2, 3], 5, "apercu attend un tableau"),
    (BRUT.iloc[0:0], 5, "le tableau est vide"),
    (pd.DataFrame([[1, 2]], columns=["a", "a"]), 5, "plusieurs colonnes nommées a"),
])
def test_erreurs_en_francais(tableau, n, message):
    with pytest.raises((TypeError, ValueError), match=message):
        apercu(tableau, n)


def test_paragraphes_html_passe_a_la_ligne_aux_espaces():
    longue = ("Selon la source, 68 % des clients partent parce qu'ils se sentent ignorés, "
              "chiffre publié en 2019 par un cabinet de conseil et repris depuis.")
    p = formatage.Paragraphes(longue, "   Source : manuel STMG", largeur=40)
    code = p._repr_html_()
    assert "word-break:normal" in code and "white-space:normal" in code
    assert code.count("<p ") == 2 and "margin:0 0 0.25em 1.5em" in code  # retrait de 3 espaces
    texte = str(p).replace("\u00a0", " ")  # espaces insécables de la typographie française
    assert all(len(l) <= 40 for l in texte.splitlines())
    assert "2019" in texte and " 201\n" not in texte  # jamais un nombre coupé
    assert texte.splitlines()[-1] == "   Source : manuel STMG"
    assert repr(p) == str(p) == str(formatage.Paragraphes(longue, "   Source : manuel STMG", largeur=40))
    assert "68\u00a0%" in str(p) and "Source\u00a0:" in str(p)  # jamais coupé entre 68 et %
    a_plat = html.unescape(re.sub(r"<[^>]+>", " ", code)).replace("\u00a0", " ")
    assert a_plat.split() == (longue + " Source : manuel STMG").split()


def test_paragraphes_refuse_une_largeur_trop_petite():
    with pytest.raises(ValueError, match="largeur"):
        formatage.Paragraphes("abc", largeur=5)


def test_tableau_formate():
    donnees = pd.DataFrame({"part_visites": [0.5, 0.3], "part_commandes": [0.4, 0.45]},
                           index=["direct", "e-mail"])
    affiche = formatage.tableau(donnees, {"part_visites": "pourcentage", "part_commandes": ("pourcentage", 0)},
                      {"part_visites": "Part des visites"})
    assert affiche.loc["direct", "Part des visites"] == "50,0\u00a0%"
    assert affiche.loc["e-mail", "part_commandes"] == "45\u00a0%"
    assert donnees.loc["direct", "part_visites"] == 0.5  # l'original n'est pas modifié
    with pytest.raises(ValueError, match="absente du tableau"):
        formatage.tableau(donnees, {"inconnue": "euros"})


def test_variation_signee():
    assert formatage.variation(0.275) == "+27,5\u00a0%"
    assert formatage.variation(-0.1) == "-10,0\u00a0%"
    assert formatage.variation(0) == "0,0\u00a0%"
