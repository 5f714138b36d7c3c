"""La version imprimable du cours (``relation-client pdf``, ``make pdf``).

Un seul rendu complet (une seule instance de Chromium) sert à tous les tests qui lisent des PDF :
leçons, fiches de synthèse, fiches enseignant et version papier de chaque exercice. Les autres tests
portent sur les pages HTML (rapides, sans navigateur).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import unicodedata
from pathlib import Path

import nbformat
import pytest

from relation_client import impression
from relation_client.impression import (ErreurImpression, construire_pdf, document_exercice,
                                        document_fiche, document_lecon, typographier)
from relation_client.impression.execution import dependances_reponses, noms_affectes

pytestmark = pytest.mark.lent

RACINE = Path(__file__).resolve().parents[1]
ARTEFACTS = RACINE / "tests" / "artefacts"
NBSP = "\u00a0"
LECONS = sorted((RACINE / "notebooks").glob("0*.ipynb"))
EXERCICES = sorted((RACINE / "exercises").glob("*.ipynb"))
SYNTHESES = sorted((RACINE / "docs" / "eleves" / "syntheses").glob("*.md"))
FICHES = sorted((RACINE / "docs" / "enseignant" / "fiches").glob("*.md"))

# Bornes des nombres de pages (A4), par famille de documents.
BORNES = {"lecons": (3, 22), "exercices": (2, 20), "syntheses": (1, 2), "fiches_enseignant": (1, 8)}

# Du code, ou des traces du fonctionnement du notebook, qui ne doivent jamais être imprimés sur
# la version papier d'un exercice.
MOTIFS_CODE = [r"reponse\s*=", r"\bimport\b", r"verifier\s*\(", r"BEGIN SOLUTION", r"HIDDEN TESTS",
               r"charger\s*\(", r"à vous de jouer", r"\bJuste\b", r"À compléter"]


def _chromium_present() -> bool:
    if not impression.CHROMIUM.exists():
        return False
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return False
    return True


def _exiger_chromium():
    if _chromium_present():
        return
    raison = "Chromium (/usr/bin/chromium) ou le paquet playwright est absent : impression impossible"
    if os.environ.get("CI", "").strip().lower() == "true":
        pytest.fail(f"En intégration continue, l'impression est obligatoire : {raison}.", pytrace=False)
    pytest.skip(raison)


def _texte_pdf(chemin: Path) -> list[str]:
    pypdf = pytest.importorskip("pypdf")
    return [(page.extract_text() or "") for page in pypdf.PdfReader(str(chemin)).pages]


def _normal(texte: str) -> str:
    """Espaces insécables et fines ramenées à l'espace ordinaire, blancs multiples réduits."""
    texte = unicodedata.normalize("NFKC", texte)  # ligatures éventuelles (« ﬀ ») → lettres
    return re.sub(r"\s+", " ", texte.replace(NBSP, " ").replace("\u202f", " "))


# --------------------------------------------------------------------------- rendu complet


@pytest.fixture(scope="module")
def rendu(tmp_path_factory):
    """Tout le cours imprimé une fois : {chemin relatif: (chemin, pages)}."""
    _exiger_chromium()
    sortie = tmp_path_factory.mktemp("pdf") / "pdf"
    resultats = construire_pdf(sortie, RACINE)
    return sortie, {p.relative_to(sortie).as_posix(): (p, n) for p, n in resultats}


def test_un_pdf_par_document(rendu):
    sortie, pdfs = rendu
    attendus = ({f"lecons/{c.stem}.pdf" for c in LECONS} | {f"exercices/{c.stem}.pdf" for c in EXERCICES}
                | {f"syntheses/{c.stem}.pdf" for c in SYNTHESES if c.name.lower() != "readme.md"}
                | {f"fiches_enseignant/{c.stem}.pdf" for c in FICHES if c.name.lower() != "readme.md"})
    assert set(pdfs) == attendus
    assert LECONS and EXERCICES
    marque = json.loads((sortie / impression.MARQUE).read_text(encoding="utf-8"))
    assert sorted(marque["fichiers"]) == sorted(pdfs)


def test_nombres_de_pages_dans_les_bornes(rendu):
    _, pdfs = rendu
    hors_bornes = []
    for relatif, (_, pages) in sorted(pdfs.items()):
        bas, haut = BORNES[relatif.split("/")[0]]
        if not bas <= pages <= haut:
            hors_bornes.append(f"{relatif} : {pages} pages (attendu entre {bas} et {haut})")
    assert not hors_bornes, "\n".join(hors_bornes)


def test_rien_ne_deborde_de_la_page(rendu):
    """Aucun tableau plus large que la page (Chromium réduirait sinon toute la page)."""
    sortie, pdfs = rendu
    marque = json.loads((sortie / impression.MARQUE).read_text(encoding="utf-8"))
    assert marque["pages"] == {r: n for r, (_, n) in pdfs.items()}
    debordements = {cible: r for cible, remarques in marque["remarques"].items() for r in remarques
                    if "plus large" in r}
    assert not debordements


def test_pied_de_page_numerote(rendu):
    _, pdfs = rendu
    chemin, pages = pdfs["lecons/02_fideliser.pdf"]
    textes = [_normal(t) for t in _texte_pdf(chemin)]
    assert f"page 1 / {pages}" in textes[0]
    assert f"page {pages} / {pages}" in textes[-1]


def test_lecon_titre_et_chiffres_francais(rendu):
    _, pdfs = rendu
    chemin, _ = pdfs["lecons/02_fideliser.pdf"]
    brut = " ".join(_texte_pdf(chemin))
    texte = _normal(brut)
    assert "Leçon 2 — Fidéliser ses clients" in texte
    assert "78,4 % du chiffre d'affaires" in texte
    assert f"78,4{NBSP}%" in brut and f"20{NBSP}% meilleurs" in brut  # espaces insécables dans le PDF
    chemin, _ = pdfs["lecons/00_prise_en_main.pdf"]
    assert "Leçon 0" in _normal(" ".join(_texte_pdf(chemin)))


def test_exercice_papier_valeurs_preparees_sans_reponse(rendu):
    """Les valeurs préparées par les cellules de calcul sont imprimées ; les réponses jamais."""
    from relation_client.donnees import charger
    from relation_client.formatage import nombre
    from relation_client.regroupements import selection_periode, total

    _, pdfs = rendu
    chemin, _ = pdfs["exercices/01_conquerir.pdf"]
    texte = _normal(" ".join(_texte_pdf(chemin)))
    assert "Exercices 01 — Conquérir de nouveaux clients" in texte
    for ident in ("1.1", "1.3", "1.5", "1.9", "1.10"):
        assert f"Réponse à la question {ident}" in texte
    assert "1.11" not in texte  # « Pour aller plus loin » : pas dans le parcours essentiel
    trafic_2025 = selection_periode(charger("trafic_web"), 2025)
    depenses = total(trafic_2025, "depense")
    assert _normal(nombre(depenses, 2)) in texte  # depenses_2025, préparée sans être affichée
    assert _normal(nombre(total(trafic_2025, "visites"))) in texte
    assert not _reponses_imprimees("01", texte)


def _reponses_imprimees(numero: str, texte: str) -> list[str]:
    """Réponses numériques attendues (arrondies à 1 ou 2 décimales) retrouvées dans le texte."""
    from relation_client.formatage import nombre
    from relation_client.corriges import questions

    trouvees = []
    for q in questions(numero):
        if q.genre != "nombre" or q.attendu is None:
            continue
        valeur = float(q.attendu())
        if abs(valeur) < 10:  # trop peu de chiffres : une coïncidence serait possible
            continue
        for decimales in (1, 2):
            ecrit = re.escape(_normal(nombre(valeur, decimales)))
            if re.search(rf"(?<![\d,]){ecrit}(?![\d])", texte):
                trouvees.append(f"{q.id} : {_normal(nombre(valeur, decimales))}")
    return trouvees


@pytest.mark.parametrize("exercice", [c.stem for c in EXERCICES])
def test_aucun_code_dans_les_exercices_papier(rendu, exercice):
    _, pdfs = rendu
    chemin, _ = pdfs[f"exercices/{exercice}.pdf"]
    texte = " ".join(_texte_pdf(chemin))
    for motif in MOTIFS_CODE:
        trouve = re.search(motif, texte)
        assert trouve is None, f"{exercice} : « {trouve.group(0)} » imprimé ({motif})"
    assert "Réponse à la question" in texte
    assert not _reponses_imprimees(re.search(r"\d\d", exercice).group(0), _normal(texte))


def test_rasteriser_des_pages(rendu):
    """Une page de leçon et une page d'exercice en PNG dans tests/artefacts/ (à regarder)."""
    _, pdfs = rendu
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    lecon, _ = pdfs["lecons/02_fideliser.pdf"]
    page_chiffre = next(i for i, t in enumerate(_texte_pdf(lecon)) if "78,4" in t)
    cibles = [(lecon, page_chiffre, ARTEFACTS / f"impression-lecon02-page{page_chiffre + 1}.png"),
              (pdfs["exercices/01_conquerir.pdf"][0], 0, ARTEFACTS / "impression-exercice01-page1.png"),
              (pdfs["exercices/01_conquerir.pdf"][0], 1, ARTEFACTS / "impression-exercice01-page2.png")]
    cas = sorted(r for r in pdfs if r.startswith("exercices/cas_"))
    if cas:
        cibles.append((pdfs[cas[0]][0], 0, ARTEFACTS / f"impression-{Path(cas[0]).stem}-page1.png"))
    syntheses = sorted(r for r in pdfs if r.startswith("syntheses/"))
    if syntheses:
        cibles.append((pdfs[syntheses[0]][0], 0, ARTEFACTS / f"impression-synthese-{Path(syntheses[0]).stem}.png"))
    for pdf, page, png in cibles:
        _rasteriser(pdf, page, png)
        assert png.stat().st_size > 20_000
        _verifier_non_vide(png)


def _rasteriser(pdf: Path, page: int, png: Path) -> None:
    try:
        import pypdfium2
    except ImportError:
        pypdfium2 = None
    if pypdfium2 is not None:
        document = pypdfium2.PdfDocument(str(pdf))
        document[page].render(scale=1.5).to_pil().save(png)
        return
    if shutil.which("pdftoppm") is None:
        pytest.skip("ni pypdfium2 ni pdftoppm : rasterisation impossible")
    import subprocess

    subprocess.run(["pdftoppm", "-png", "-r", "110", "-f", str(page + 1), "-l", str(page + 1),
                    "-singlefile", str(pdf), str(png.with_suffix(""))], check=True)


def _verifier_non_vide(png: Path) -> None:
    from PIL import Image, ImageStat

    image = Image.open(png).convert("L")
    assert image.width < image.height  # A4 portrait
    assert ImageStat.Stat(image).stddev[0] > 10, f"{png.name} est presque uniforme (page blanche ?)"


# --------------------------------------------------------------------------- pages HTML (rapides)


def test_typographie_francaise():
    page = typographier("<p>Les 20 % meilleurs : vrai ? « Oui » ! 12 €</p><pre>a = 1 ; b : 2</pre>"
                        "<style>p { color : red; }</style>")
    assert f"20{NBSP}% meilleurs{NBSP}: vrai{NBSP}? «{NBSP}Oui{NBSP}»{NBSP}! 12{NBSP}€" in page
    assert "<pre>a = 1 ; b : 2</pre>" in page  # le code n'est jamais touché
    assert "color : red" in page


def test_lecon_html_parcours_et_approfondissement():
    chemin = RACINE / "notebooks" / "02_fideliser.ipynb"
    nb = nbformat.read(chemin, as_version=4)
    approfondies = [c for c in nb.cells if "approfondissement" in c.metadata.get("tags", [])
                    and c.cell_type == "markdown"]
    assert approfondies
    temoin = _normal(next(l for l in approfondies[0].source.splitlines() if l.strip()).lstrip("# ").strip()[:30])
    essentiel = document_lecon(chemin)
    complet = document_lecon(chemin, approfondissement=True)
    sans_code = document_lecon(chemin, code=False)
    assert '<html lang="fr">' in essentiel.html
    assert temoin not in _normal(essentiel.html) and temoin in _normal(complet.html)
    assert len(complet.html) > len(essentiel.html)
    assert "rc-code" in essentiel.html and "<pre class='rc-code'>" not in sans_code.html
    assert f"78,4{NBSP}%" in essentiel.html  # sortie enregistrée gardée, espace insécable
    assert f"20{NBSP}% meilleurs" in essentiel.html  # typographie appliquée aux sorties
    assert "application/vnd.jupyter.widget-view+json" not in essentiel.html
    for regle in ("break-inside: avoid", "@page", "size: A4"):
        assert regle in essentiel.html


def test_fiche_markdown(tmp_path):
    """Une fiche écrite en Markdown (ici temporaire) : titre, tableau, typographie."""
    fiche = tmp_path / "02_fideliser.md"
    fiche.write_text("---\nlecon: 02\n---\n# Fiche de synthèse — Fidéliser\n\n"
                     "Taux de marge = marge ÷ coût d'achat HT : exemple, 25 %.\n\n"
                     "| notion | formule |\n|---|---|\n| attrition | 1 − rétention |\n", encoding="utf-8")
    doc = document_fiche(fiche, "synthese")
    assert doc.titre == "Fiche de synthèse — Fidéliser"
    assert doc.cible == "syntheses/02_fideliser.pdf"
    assert "<table>" in doc.html and "lecon: 02" not in doc.html
    assert f"HT{NBSP}: exemple, 25{NBSP}%" in doc.html
    assert document_fiche(fiche, "fiche").cible == "fiches_enseignant/02_fideliser.pdf"


def test_exercice_papier_option_approfondissement():
    """Questions « Pour aller plus loin » : absentes par défaut, présentes avec l'option ; jamais de code."""
    from relation_client.corriges import questions

    chemin = RACINE / "exercises" / "07_predire_la_valeur.ipynb"
    execute = impression.executer_exercice(nbformat.read(chemin, as_version=4))
    essentiel = _normal(document_exercice(chemin, nb_execute=execute).html)
    complet = _normal(document_exercice(chemin, nb_execute=execute, approfondissement=True).html)
    for q in questions("07"):
        titre = f"Question {q.id} ("
        if q.parcours == "essentiel":
            assert titre in essentiel and titre in complet
        else:
            assert titre not in essentiel and titre in complet
    for page in (essentiel, complet):
        texte = re.sub(r"<style>.*?</style>", "", page, flags=re.S)
        assert "rc-code" not in texte and not re.search(r"reponse\s*=|\bimport\b", texte)


def test_exercice_refuse_un_corrige():
    corrige = sorted((RACINE / "solutions").glob("*.ipynb"))[0]
    with pytest.raises(ErreurImpression, match="corrigé"):
        document_exercice(corrige)


def test_cellule_qui_depend_d_une_reponse_n_est_pas_imprimee():
    """Une valeur tirée d'une réponse (``cac = reponse``) n'est ni calculée ni imprimée."""
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell("prix = 12.5\nquantite = 4"),
        nbformat.v4.new_code_cell("reponse = ...  # à vous de jouer\ncac = reponse",
                                  metadata={"relation_client": {"question": "9.1", "role": "reponse"}}),
        nbformat.v4.new_code_cell("double = cac * 2\nprint(double)"),
        nbformat.v4.new_code_cell("triple = double * 3"),
        nbformat.v4.new_code_cell("chiffre = prix * quantite"),
    ]
    assert dependances_reponses(nb) == {2, 3}
    assert noms_affectes("a, b = 1, 2\nc += 1\n_x = 3\nimport os") == ["a", "b", "c"]


def test_sortie_etrangere_jamais_modifiee(tmp_path):
    sortie = tmp_path / "mes_documents"
    sortie.mkdir()
    (sortie / "perso.txt").write_text("à garder", encoding="utf-8")
    with pytest.raises(ErreurImpression, match="n'est pas vide"):
        construire_pdf(sortie, RACINE, genres=("lecon",), seulement=["00"])
    assert [p.name for p in sortie.iterdir()] == ["perso.txt"]
    with pytest.raises(ErreurImpression, match="contient le cours"):
        construire_pdf(RACINE, RACINE, genres=("lecon",))


def test_commande_pdf(tmp_path, capsys):
    """``relation-client pdf`` de bout en bout, sur une seule leçon (rapide)."""
    _exiger_chromium()
    from relation_client.cli import main

    sortie = tmp_path / "pdf"
    assert main(["pdf", "--sortie", str(sortie), "--cours", str(RACINE), "--seulement", "00",
                 "--sans-exercices", "--sans-code"]) == 0
    assert (sortie / "lecons" / "00_prise_en_main.pdf").is_file()
    assert "PDF écrits" in capsys.readouterr().out
    # Deuxième passage dans le même dossier : il a été créé par l'outil, il est remplacé sans erreur.
    assert main(["pdf", "--sortie", str(sortie), "--cours", str(RACINE), "--seulement", "00",
                 "--sans-exercices"]) == 0


@pytest.mark.lent
def test_imprime_aussi_sous_une_boucle_asyncio(tmp_path):
    """Dans un notebook, une boucle asyncio tourne : l'impression passe alors par un fil à part."""
    import asyncio

    from relation_client import impression

    if not impression.CHROMIUM.exists():
        pytest.skip("Chromium absent")
    document = impression.Document(titre="Essai", html="<html lang='fr'><body><h1>Essai</h1></body></html>",
                                   cible="essai.pdf", genre="fiche")

    async def dans_la_boucle():
        return impression.imprimer([document], tmp_path)

    # asyncio.run dans un fil neuf : le fil principal a peut-être déjà la boucle des tests navigateur.
    from concurrent.futures import ThreadPoolExecutor
    with ThreadPoolExecutor(max_workers=1) as fil:
        [(chemin, pages)] = fil.submit(asyncio.run, dans_la_boucle()).result()
    assert chemin.exists() and pages == 1
