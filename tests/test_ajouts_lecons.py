"""Fonctions ajoutées à la demande des leçons : taux de marge, coût de fidélisation, affichage
des chiffres clés, libellés des graphiques."""

import pandas as pd
import pytest

from relation_client.donnees import chiffre_cle, montrer_chiffres
from relation_client.graphiques import cohortes_figure, evolution_figure
from relation_client.indicateurs import cout_acquisition_client, cout_fidelisation_client, taux_marge


def test_taux_marge_exemple_et_series():
    # 45 € de marge sur 120 € de ventes : 37,5 % (exemple de cours de gestion).
    assert taux_marge(45, 120) == pytest.approx(0.375)
    serie = taux_marge(pd.Series([10.0, -5.0]), pd.Series([40.0, 50.0]))
    assert list(serie) == pytest.approx([0.25, -0.1])


@pytest.mark.parametrize("marge, ca, message", [
    (10, 0, "chiffre_affaires vaut 0"),
    (130, 120, "marge .* dépasse chiffre_affaires"),
    ("12,5", 100, "point décimal"),
])
def test_taux_marge_refuse_en_francais(marge, ca, message):
    with pytest.raises((ValueError, TypeError), match=message):
        taux_marge(marge, ca)


def test_cout_fidelisation_pendant_du_cac():
    assert cout_fidelisation_client(12_000, 1_500) == 8.0
    # Le « multiple » des sources : CAC / coût de fidélisation.
    assert cout_acquisition_client(10_000, 200) / cout_fidelisation_client(12_000, 1_500) == 6.25
    with pytest.raises(ValueError, match="clients_conserves vaut 0"):
        cout_fidelisation_client(1000, 0)


def test_montrer_chiffres_affiche_source_et_remarque(capsys):
    montrer_chiffres("cout_nouveau_client_x5")
    sortie = capsys.readouterr().out
    chiffre = chiffre_cle("cout_nouveau_client_x5")
    assert f"« {chiffre['affirmation']} »" in sortie
    assert f"Source : {chiffre['source']}" in sortie and "Remarque :" in sortie
    with pytest.raises(ValueError, match="aucun chiffre clé"):
        montrer_chiffres("cout_nouveau_client_x500")


def test_cohortes_figure_libelles_selon_la_periode():
    table = pd.DataFrame([[1.0, 0.5], [1.0, None]], index=["2024Q1", "2024Q2"],
                         columns=pd.Index([0, 1], name="trimestres_ecoules"))
    ax = cohortes_figure(table).axes[0]
    assert ax.get_xlabel() == "Trimestres écoulés depuis le premier achat"
    assert ax.get_ylabel() == "Cohorte (trimestre du premier achat)"


def test_evolution_figure_depuis_zero():
    serie = pd.Series([100.0, 120.0, 130.0], index=[1, 2, 3], name="cumul")
    assert evolution_figure(serie, depuis_zero=True).axes[0].get_ylim()[0] == 0
    assert evolution_figure(serie).axes[0].get_ylim()[0] > 0
