"""Graphiques : style commun, nombres à la française sur les axes, figures sans pyplot."""

import re

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


# --------------------------------------------------------------------------- étiquettes sans chevauchement

def _rectangles(fig, axe):
    """Rectangles (centre, demi-largeur, demi-hauteur, angle) des étiquettes de graduation visibles."""
    moteur = fig.canvas.get_renderer()
    rectangles = []
    for texte in axe.get_ticklabels():
        if not texte.get_visible() or not texte.get_text().strip():
            continue
        boite = texte.get_window_extent(moteur)
        if not fig.bbox.overlaps(boite):
            continue
        largeur, hauteur, _ = moteur.get_text_width_height_descent(
            texte.get_text(), texte.get_fontproperties(), ismath=False)
        angle = np.deg2rad(texte.get_rotation())
        rectangles.append((texte.get_text(), np.array([boite.x0 + boite.width / 2, boite.y0 + boite.height / 2]),
                           largeur / 2, hauteur / 2, angle))
    return rectangles


def chevauchements(fig) -> list:
    """Paires d'étiquettes de graduation d'un même axe qui se chevauchent, après dessin.

    Les étiquettes d'un axe ont toutes la même rotation : on compare leurs rectangles dans le
    repère tourné (boîtes englobantes non tournées, centrées sur celles que dessine matplotlib).
    """
    fig.canvas.draw()
    paires = []
    for ax in fig.axes:
        for axe in (ax.xaxis, ax.yaxis):
            rectangles = _rectangles(fig, axe)
            for i, (t1, c1, l1, h1, a1) in enumerate(rectangles):
                for t2, c2, l2, h2, _ in rectangles[i + 1:]:
                    du, dv = c2 - c1
                    u = du * np.cos(a1) + dv * np.sin(a1)
                    v = -du * np.sin(a1) + dv * np.cos(a1)
                    if abs(u) < l1 + l2 - 0.5 and abs(v) < h1 + h2 - 0.5:
                        paires.append((ax.get_title(), t1, t2))
    return paires


def _mensuelle(n, debut="2023-01-01"):
    return pd.Series(np.linspace(10, 50, n), index=pd.date_range(debut, periods=n, freq="MS"))


def test_detecteur_de_chevauchement():
    """Le détecteur voit bien des étiquettes qui se chevauchent (dates ISO serrées, l'ancien défaut)."""
    fig, ax = g.nouvelle_figure(4, 3)
    ax.plot(range(36), range(36))
    ax.set_xticks(range(36), [f"2023-{k:02d}" for k in range(36)])
    assert chevauchements(fig)


@pytest.mark.parametrize("index", [
    pd.date_range("2023-01-01", periods=36, freq="MS"),  # leçon 05 : un total par mois (dates)
    pd.period_range("2023-01", periods=36, freq="M"),
    pd.date_range("2023-01-01", periods=12, freq="MS"),
    pd.date_range("2021-01-01", periods=120, freq="MS"),
    pd.date_range("2023-01-01", periods=400, freq="D"),
    pd.date_range("2023-03-01", periods=20, freq="D"),
    pd.Index([f"2023-{m:02d}" for m in range(1, 13)]),
])
def test_courbes_temporelles_mois_francais_sans_chevauchement(index):
    serie = pd.Series(np.linspace(1000, 5000, len(index)), index=index)
    for largeur in (6.4, 4.0):
        fig = g.evolution_figure(serie, titre="Visites par mois", axe_y="Visites (nombre)")
        fig.set_size_inches(largeur, 3.6)
        assert chevauchements(fig) == []
        etiquettes = [t.get_text() for t in fig.axes[0].get_xticklabels() if t.get_text()]
        assert len(etiquettes) >= 2
        assert not any(re.fullmatch(r"\d{4}-\d{2}.*", e) for e in etiquettes), etiquettes  # pas de format ISO
        assert all(any(m in e for m in g.MOIS_FR) for e in etiquettes), etiquettes


def test_courbes_de_longueurs_differentes():
    """Plusieurs réseaux sociaux ouverts à des dates différentes (leçon 05) : mois en français."""
    fig = g.evolution_figure({"Instagram": _mensuelle(36), "TikTok": _mensuelle(14, "2024-11-01")},
                             titre="Abonnés", axe_y="Abonnés (comptes)", marqueurs=False)
    assert chevauchements(fig) == []
    assert [t.get_text() for t in fig.axes[0].get_xticklabels() if t.get_text()][0] == "janv. 2023"


def test_nom_mois():
    assert g.nom_mois(pd.Period("2024-09", freq="M")) == "sept. 2024"
    assert g.nom_mois(pd.Timestamp("2023-02-15")) == "févr. 2023"
    assert len(g.MOIS_FR) == 12 and g.MOIS_FR[7] == "août"


def _figures_du_cours():
    from relation_client import widgets as W

    cohortes = pd.DataFrame(np.tril(np.full((24, 24), 0.5))[:, ::-1],
                            index=pd.period_range("2023-01", periods=24, freq="M"), columns=range(24))
    cohortes = cohortes.where(cohortes > 0)
    cohortes.columns.name = "mois_ecoules"
    figures = {
        "pareto": g.courbe_pareto_figure(pd.DataFrame({"part_clients": np.linspace(0.01, 1, 100),
                                                       "part_ca": np.sqrt(np.linspace(0.01, 1, 100))})),
        "entonnoir": g.entonnoir_figure({"Visites": 10_000, "Leads": 500, "Premier achat": 100, "Second": 30}),
        "cohortes": g.cohortes_figure(cohortes),
        "barres": g.barres_figure({f"Catégorie numéro {k}": 10 * k + 1 for k in range(8)}, axe_y="Ventes (€)",
                                  format_y="euros"),
        "barres couchées": g.barres_figure({f"Type {k}": 0.1 * k for k in range(6)}, horizontal=True,
                                           format_y="pourcentage"),
        "barres groupées": g.barres_groupees_figure(
            pd.DataFrame({"visites": [0.4, 0.3, 0.3], "commandes": [0.2, 0.5, 0.3]},
                         index=["SEO", "e-mail", "réseaux sociaux"]), "Sources", "Part (%)", "Source",
            format_x="pourcentage"),
        "évolution": g.evolution_figure(_mensuelle(36)),
    }
    for constructeur in (W.premier_curseur, W.simulateur_entonnoir, W.simulateur_valeur_client,
                         W.simulateur_retention_profit, W.calculateur_influence, W.simulateur_pression_email,
                         W.simulateur_bad_buzz, W.simulateur_budget):
        figures[constructeur.__name__] = constructeur().figure
    kpi = W.tableau_de_bord_kpi()
    n = len(kpi.controles["periode"].options)
    for periode in ((0, n - 1), (0, 11), (3, 8), (5, 5), (n - 7, n - 1)):
        kpi.controles["periode"].index = periode
        figures[f"tableau de bord KPI {periode}"] = kpi.figure
        yield from figures.items()
        figures = {}
    yield from figures.items()


def test_aucune_etiquette_de_graduation_ne_se_chevauche():
    """Toutes les figures du cours (leçons et simulateurs, dont les courbes par mois)."""
    problemes = {nom: paires for nom, fig in _figures_du_cours() if (paires := chevauchements(fig))}
    assert problemes == {}


def test_tableau_de_bord_kpi_mois_francais():
    from relation_client import widgets as W

    kpi = W.tableau_de_bord_kpi()
    kpi.figure.canvas.draw()
    for ax in kpi.figure.axes:
        etiquettes = [t.get_text() for t in ax.get_xticklabels() if t.get_text()]
        assert len(etiquettes) >= 2 and all(any(m in e for m in g.MOIS_FR) for e in etiquettes), etiquettes


def test_doctests():
    import doctest

    assert doctest.testmod(g).failed == 0


# --------------------------------------------------------------------------- alternative textuelle


def _figures_du_module():
    """Une figure de chaque fonction ``*_figure`` du module, avec des données d'exemple."""
    mois = pd.Series([120.0, 150.0, 90.0, 200.0], index=["2024-01", "2024-02", "2024-03", "2024-04"])
    cohortes = pd.DataFrame([[1.0, 0.5, 0.3], [1.0, 0.4, np.nan]],
                            index=pd.period_range("2024-01", periods=2, freq="M"),
                            columns=pd.Index([0, 1, 2], name="mois_ecoules"))
    return {
        "courbe_pareto_figure": g.courbe_pareto_figure(
            pd.DataFrame({"part_clients": [0.2, 0.5, 1.0], "part_ca": [0.6, 0.9, 1.0]}),
            titre="Concentration des ventes"),
        "entonnoir_figure": g.entonnoir_figure({"Visites": 10_000, "Leads": 500, "Clients": 50},
                                               titre="Entonnoir du site"),
        "cohortes_figure": g.cohortes_figure(cohortes, titre="Rétention des cohortes"),
        "evolution_figure": g.evolution_figure(mois, titre="Visites mensuelles", axe_y="Visites (nombre)"),
        "barres_figure": g.barres_figure({"Mail": 0.25, "SMS": 0.4}, titre="Taux d'ouverture par canal",
                                         axe_y="Taux (%)", format_y="pourcentage"),
        "barres_groupees_figure": g.barres_groupees_figure(
            pd.DataFrame({"Visites": [0.5, 0.3], "Commandes": [0.4, 0.6]}, index=["Web", "Magasin"]),
            "Part des visites et des commandes", "Part (%)", "Canal", format_x="pourcentage"),
    }


def test_chaque_fonction_de_figure_est_testee():
    fonctions = {nom for nom in g.__all__ if nom.endswith("_figure") and nom != "nouvelle_figure"}
    assert fonctions == set(_figures_du_module())


@pytest.mark.parametrize("nom", sorted(_figures_du_module()))
def test_chaque_figure_a_une_description_francaise(nom):
    fig = _figures_du_module()[nom]
    description = g.decrire(fig)
    titre = fig.axes[0].get_title()
    assert titre and titre in description, description
    assert len(description) > len(titre) + 20
    assert not re.search(r"\b(the|and|of|with|Figure size)\b", description), description
    assert "." not in re.sub(r"[^\d.]", "", re.sub(r"\.\s|\.$", "", description)), \
        f"nombre écrit à l'anglaise : {description}"


def test_description_donne_les_valeurs_cles():
    figures = _figures_du_module()
    assert f"60,0{U}%" in g.decrire(figures["courbe_pareto_figure"])  # 20 % des clients → 60 % du CA
    entonnoir = g.decrire(figures["entonnoir_figure"])
    assert f"Visites : 10{M}000" in entonnoir and "Clients : 50" in entonnoir
    evolution = g.decrire(figures["evolution_figure"])
    assert "en hausse" in evolution and "janv. 2024" in evolution and "avr. 2024" in evolution
    assert "maximum 200" in evolution or "minimum 90" in evolution
    assert f"SMS : 40,0{U}%" in g.decrire(figures["barres_figure"])
    cohortes = g.decrire(figures["cohortes_figure"])
    assert "carte de chaleur" in cohortes and f"45,0{U}%" in cohortes  # moyenne du mois 1


def test_description_generique_d_une_figure_quelconque():
    fig, ax = g.nouvelle_figure()
    ax.plot([1, 2, 3], [10, 30, 20], label="Ventes")
    ax.axhline(15, label="Objectif")
    g.habiller(ax, "Ventes du trimestre", "Mois", "Ventes (€)", format_y="euros")
    texte = g.decrire(fig)
    assert texte.startswith("Ventes du trimestre : courbe de « Ventes (€) » selon « Mois »")
    assert "maximum 30" in texte and "Objectif : 15" in texte
    vide, _ = g.nouvelle_figure()
    assert g.decrire(vide)
    with pytest.raises(TypeError, match="Figure"):
        g.decrire("pas une figure")


def test_description_attachee_et_figure_decrite():
    fig, ax = g.nouvelle_figure()
    g.attacher_description(fig, "  Une   description  choisie ")
    assert g.decrire(fig) == "Une description choisie"
    with pytest.raises(ValueError, match="vide"):
        g.attacher_description(fig, " ")
    decrite = g.FigureDecrite(fig, texte="Autre texte")
    assert repr(decrite) == "Autre texte"
    paquet, meta = decrite._repr_mimebundle_()
    assert paquet["text/plain"] == "Autre texte" and meta == {}


def test_affichage_notebook_image_avec_alt():
    """Dans IPython : image PNG, la même image avec son alt (HTML), et la description en texte."""
    from IPython.core.interactiveshell import InteractiveShell

    fig = _figures_du_module()["barres_figure"]
    paquet = g.paquet_affichage(fig)
    assert set(paquet) == {"image/png", "text/html", "text/plain"}
    assert paquet["text/plain"] == g.decrire(fig)
    alt = re.search(r'alt="([^"]*)"', paquet["text/html"]).group(1)
    import html
    assert html.unescape(alt) == g.decrire(fig)
    assert paquet["image/png"] in paquet["text/html"]
    assert g.paquet_affichage(fig) == paquet, "sorties non déterministes (nbval les compare)"
    shell = InteractiveShell.instance()
    try:
        assert g.activer_affichage_notebook()
        donnees, _ = shell.display_formatter.format(fig)
        assert donnees["text/plain"] == g.decrire(fig) and "<img" in donnees["text/html"]
    finally:
        InteractiveShell.clear_instance()


def test_cohortes_figure_libelles_selon_la_periode():
    table = pd.DataFrame([[1.0, 0.5], [1.0, None]], index=["2024Q1", "2024Q2"],
                         columns=pd.Index([0, 1], name="trimestres_ecoules"))
    ax = g.cohortes_figure(table).axes[0]
    assert ax.get_xlabel() == "Trimestres écoulés depuis le premier achat"
    assert ax.get_ylabel() == "Cohorte (trimestre du premier achat)"


def test_evolution_figure_depuis_zero():
    serie = pd.Series([100.0, 120.0, 130.0], index=[1, 2, 3], name="cumul")
    assert g.evolution_figure(serie, depuis_zero=True).axes[0].get_ylim()[0] == 0
    assert g.evolution_figure(serie).axes[0].get_ylim()[0] > 0


def test_barres_groupees():
    donnees = pd.DataFrame({"part_visites": [0.5, 0.3], "part_commandes": [0.4, 0.45]},
                           index=["direct", "e-mail"])
    ax = g.barres_groupees_figure(donnees, "Visites et commandes", "Part (%)", "Source",
                                  format_x="pourcentage").axes[0]
    assert len(ax.patches) == 4 and ax.get_xlabel() == "Part (%)"
