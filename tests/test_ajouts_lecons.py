"""Fonctions ajoutées à la demande des leçons : coût de fidélisation, affichage
des chiffres clés, libellés des graphiques."""

import pandas as pd
import pytest

from relation_client.donnees import chiffre_cle, montrer_chiffres
from relation_client.graphiques import cohortes_figure, evolution_figure
from relation_client.indicateurs import cout_acquisition_client, cout_fidelisation_client


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
    a_plat = " ".join(sortie.split())
    assert " ".join(f"« {chiffre['affirmation']} »".split()) in a_plat
    assert " ".join(f"Source : {chiffre['source']}".split()) in a_plat and "Remarque :" in a_plat
    # Lignes courtes, coupées entre les mots : aucun mot de la source n'est coupé en deux.
    assert max(len(ligne) for ligne in sortie.splitlines()) <= 80
    mots = set(a_plat.split())
    assert set(chiffre["remarque"].split()) <= mots


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


def test_retention_annuelle_petit_exemple():
    from relation_client.segmentation import retention_annuelle
    achats = pd.DataFrame({
        "client_id": ["A", "B", "C", "A", "C", "C", "D"],
        "date_achat": pd.to_datetime(["2023-02-01", "2023-05-01", "2023-07-01", "2024-01-10",
                                      "2024-03-01", "2024-09-01", "2024-10-01"]),
    })
    table = retention_annuelle(achats)
    ligne = table.loc["2023 → 2024"]
    assert (ligne["clients"], ligne["conserves"], ligne["perdus"]) == (3, 2, 1)
    assert ligne["taux_retention"] == pytest.approx(2 / 3)
    assert ligne["taux_attrition"] == pytest.approx(1 / 3)
    with pytest.raises(ValueError, match="deux années civiles consécutives"):
        retention_annuelle(achats[achats["date_achat"].dt.year == 2023])


def test_retention_annuelle_sur_les_donnees_du_cours():
    from relation_client.donnees import charger
    from relation_client.segmentation import retention_annuelle
    table = retention_annuelle(charger("achats"))
    assert list(table.index) == ["2023 → 2024", "2024 → 2025"]
    assert ((table["conserves"] + table["perdus"]) == table["clients"]).all()


def test_barres_groupees_et_tableau_formate():
    from relation_client.formatage import tableau
    from relation_client.graphiques import barres_groupees_figure
    donnees = pd.DataFrame({"part_visites": [0.5, 0.3], "part_commandes": [0.4, 0.45]},
                           index=["direct", "e-mail"])
    ax = barres_groupees_figure(donnees, "Visites et commandes", "Part (%)", "Source",
                                format_x="pourcentage").axes[0]
    assert len(ax.patches) == 4 and ax.get_xlabel() == "Part (%)"
    affiche = tableau(donnees, {"part_visites": "pourcentage", "part_commandes": ("pourcentage", 0)},
                      {"part_visites": "Part des visites"})
    assert affiche.loc["direct", "Part des visites"] == "50,0\u00a0%"
    assert affiche.loc["e-mail", "part_commandes"] == "45\u00a0%"
    assert donnees.loc["direct", "part_visites"] == 0.5  # l'original n'est pas modifié
    with pytest.raises(ValueError, match="absente du tableau"):
        tableau(donnees, {"inconnue": "euros"})


def test_acheteurs_par_annee():
    from relation_client.segmentation import acheteurs_par_annee
    achats = pd.DataFrame({"client_id": ["A", "B", "A", "C", "A"],
                           "date_achat": ["2023-01-05", "2023-06-01", "2024-02-01", "2024-03-01",
                                          "2024-12-31"]})
    acheteurs = acheteurs_par_annee(achats)
    assert acheteurs[2023] == {"A", "B"} and acheteurs[2024] == {"A", "C"}
    assert acheteurs[2023] - acheteurs[2024] == {"B"}


def test_cout_par_visite():
    from relation_client.indicateurs import cout_par_visite
    assert cout_par_visite(500, 1000) == 0.5
    with pytest.raises(ValueError, match="visites vaut 0"):
        cout_par_visite(500, 0)


def test_variation_signee():
    from relation_client.formatage import variation
    assert variation(0.275) == "+27,5\u00a0%"
    assert variation(-0.1) == "-10,0\u00a0%"
    assert variation(0) == "0,0\u00a0%"
