"""Graphiques : style commun, nombres à la française sur les axes, figures sans pyplot."""

import numpy as np
import pandas as pd
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from relation_client import graphiques as g
from relation_client.formatage import ESPACE_MILLIERS as M
from relation_client.formatage import ESPACE_UNITE as U

PNG = b"\x89PNG\r\n\x1a\n"


def _etiquettes(axe, valeurs):
    formateur = axe.get_major_formatter()
    return formateur.format_ticks(valeurs)


def test_palette_okabe_ito():
    assert g.PALETTE[:4] == ("#0072B2", "#E69F00", "#009E73", "#D55E00")
    assert len(set(g.PALETTE)) == 8


@pytest.mark.parametrize("genre, valeurs, attendu", [
    ("nombre", [0, 1000, 2000], ["0", f"1{M}000", f"2{M}000"]),
    ("euros", [0, 500, 1500], [f"0{U}€", f"500{U}€", f"1{M}500{U}€"]),
    ("pourcentage", [0, 0.1, 0.125], [f"0,0{U}%", f"10,0{U}%", f"12,5{U}%"]),
    ("pourcentage", [0, 0.2, 0.4], [f"0{U}%", f"20{U}%", f"40{U}%"]),
    ("nombre", [0, 1_500_000, 3_000_000], [f"0,0{U}M", f"1,5{U}M", f"3,0{U}M"]),
    ("euros", [0, 2_000_000], [f"0{U}M€", f"2{U}M€"]),
])
def test_format_francais(genre, valeurs, attendu):
    formateur = g.FormatFrancais(genre)
    assert formateur.format_ticks(valeurs) == attendu


def test_format_francais_genre_inconnu():
    with pytest.raises(ValueError, match="genre"):
        g.FormatFrancais("dollars")


def test_nouvelle_figure_sans_pyplot():
    fig, ax = g.nouvelle_figure()
    assert isinstance(fig, Figure) and isinstance(fig.canvas, FigureCanvasAgg)
    assert not ax.spines["top"].get_visible()
    fig2, axes = g.nouvelle_figure(colonnes=2, marges={"left": 0.1})
    assert len(axes) == 2 and fig2.get_layout_engine() is None
    with pytest.raises(ValueError, match="largeur"):
        g.nouvelle_figure(largeur=0)


def test_en_png():
    fig, ax = g.nouvelle_figure()
    ax.plot([1, 2], [3, 4])
    assert g.en_png(fig).startswith(PNG)
    assert g.en_png(fig, serre=True).startswith(PNG)
    with pytest.raises(TypeError, match="Figure"):
        g.en_png("pas une figure")


def test_habiller_met_les_formats():
    fig, ax = g.nouvelle_figure()
    g.habiller(ax, "Titre", "Mois", "Ventes (€)", format_y="euros")
    assert ax.get_title() == "Titre" and ax.get_ylabel() == "Ventes (€)"
    assert isinstance(ax.yaxis.get_major_formatter(), g.FormatFrancais)


def test_courbe_pareto_figure():
    courbe = pd.DataFrame({"part_clients": [0, 0.2, 0.5, 1.0], "part_ca": [0, 0.6, 0.9, 1.0]})
    fig = g.courbe_pareto_figure(courbe)
    ax = fig.axes[0]
    assert "Pareto" in ax.get_title()
    assert any(f"60{U}% du CA" in t.get_text() for t in ax.texts)
    assert g.en_png(fig).startswith(PNG)
    with pytest.raises(ValueError, match="part_ca"):
        g.courbe_pareto_figure(pd.DataFrame({"part_clients": [0, 1]}))


def test_entonnoir_figure():
    fig = g.entonnoir_figure({"Visites": 10_000, "Leads": 500, "Clients": 100})
    ax = fig.axes[0]
    textes = [t.get_text() for t in ax.texts]
    assert textes[0] == f"10{M}000"
    assert f"5,0{U}%" in textes[1] and f"20,0{U}%" in textes[2]
    with pytest.raises(ValueError, match="négatif"):
        g.entonnoir_figure({"Visites": -1})
    with pytest.raises(TypeError, match="dictionnaire"):
        g.entonnoir_figure([1, 2])


def test_cohortes_figure():
    table = pd.DataFrame([[1.0, 0.5, 0.25], [1.0, 0.4, np.nan]],
                         index=pd.PeriodIndex(["2024-01", "2024-02"], freq="M"))
    fig = g.cohortes_figure(table)
    textes = [t.get_text() for t in fig.axes[0].texts]
    assert "50\u00a0%" in textes and "25\u00a0%" in textes and len(textes) == 5
    assert [t.get_text() for t in fig.axes[0].get_yticklabels()] == ["2024-01", "2024-02"]
    with pytest.raises(ValueError, match="fractions"):
        g.cohortes_figure(table * 100)


def test_evolution_et_barres():
    serie = pd.Series([1_000, 2_000, 1_500], index=["2024-01", "2024-02", "2024-03"], name="Visites")
    fig = g.evolution_figure({"Visites": serie, "Leads": serie / 10}, titre="Visites par mois",
                             axe_y="Visites (nombre)")
    assert len(fig.axes[0].lines) == 2 and fig.axes[0].get_legend() is not None
    fig = g.barres_figure({"e-mail": 123.5, "SEA": 45.2}, titre="CAC", axe_y="CAC (€)", format_y="euros")
    etiquettes = [t.get_text() for t in fig.axes[0].texts]
    assert etiquettes == [f"124{U}€", f"45{U}€"]  # même précision pour toutes les barres
    fig = g.barres_figure({"a": 0.123, "b": 0.05}, format_y="pourcentage", horizontal=True)
    assert f"12,3{U}%" in [t.get_text() for t in fig.axes[0].texts]
    with pytest.raises(ValueError, match="vide"):
        g.barres_figure({})


def test_texte_valeur():
    assert g.texte_valeur(1234.4, "euros") == f"1{M}234{U}€"
    assert g.texte_valeur(12.5, "euros") == f"12,50{U}€"
    assert g.texte_valeur(0.125, "pourcentage") == f"12,5{U}%"
    assert g.texte_valeur(3, "nombre") == "3"


def test_affichage_notebook_enregistre_un_formateur():
    """Dans IPython, une Figure renvoyée par une cellule s'affiche en PNG."""
    from IPython.core.interactiveshell import InteractiveShell

    shell = InteractiveShell.instance()
    try:
        assert g.activer_affichage_notebook() is True
        fig, ax = g.nouvelle_figure()
        ax.plot([0, 1], [0, 1])
        donnees, _ = shell.display_formatter.format(fig)
        assert "image/png" in donnees
    finally:
        InteractiveShell.clear_instance()
