"""Kit de l'enseignant : glossaire, liens des leçons vers le glossaire, programme et progression.

Le glossaire (``docs/enseignant/glossaire.md``) range un terme par titre de niveau 3 :

    ### <a id="attrition"></a>Attrition (*churn*)
    <!-- formes : taux d'attrition | attrition | churn -->

L'ancre explicite ``<a id="…">`` fonctionne sur GitHub (ancre personnalisée) et dans JupyterLab, qui
ne crée pour un titre qu'un identifiant sensible à la casse et aux accents (« Attrition-(churn) ») :
un lien ``glossaire.md#attrition`` ne peut donc viser que l'ancre explicite. Le commentaire
``formes`` (invisible une fois le Markdown affiché) donne les mots cherchés dans les leçons.

Règle des liens : dans chaque leçon, la première occurrence de chaque terme (hors titres, code en
ligne, liens existants, balises et citations entre guillemets) est un lien vers son ancre ; aucune
autre occurrence ne l'est. Une occurrence comprise dans la forme plus longue d'un autre terme ne
compte pas (« acquisition » dans « coût d'acquisition »).

Après avoir modifié une leçon ou le glossaire, reposer les liens : ``.venv/bin/python
tests/test_kit_glossaire.py`` (n'ajoute ou ne retire que des liens, dans les cellules Markdown).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

RACINE = Path(__file__).resolve().parents[1]
KIT = RACINE / "docs" / "enseignant"
GLOSSAIRE = KIT / "glossaire.md"
LECONS = sorted((RACINE / "notebooks").glob("0*.ipynb"))
CIBLE_LIEN = "../docs/enseignant/glossaire.md"

_TERME = re.compile(r'^### <a id="([a-z0-9-]+)"></a>(.+)$', re.M)
_FORMES = re.compile(r"^<!-- formes : (.+) -->$", re.M)
_LIEN_LECON = re.compile(r"\]\(\.\./\.\./notebooks/(\d\d_[a-z_]+)\.ipynb\)")
_LIEN_GLOSSAIRE = re.compile(r"\[([^\]]+)\]\(" + re.escape(CIBLE_LIEN) + r"#([^)\s]+)\)")
# Zones où l'on ne cherche ni ne pose de lien : titres, code en ligne, liens, balises, adresses et
# citations entre guillemets (chiffres des sources, titres d'articles).
_ZONES = re.compile(r"^#+ .*$|`[^`\n]*`|!?\[[^\]]*\]\([^)]*\)|<[^>\n]+>|https?://\S+|«[^»]*»", re.M)


# --------------------------------------------------------------------------- lecture

def lire_glossaire(texte: str | None = None) -> dict[str, dict]:
    """Les termes du glossaire : ancre → {titre, formes, lecons (noms cités), texte}."""
    texte = GLOSSAIRE.read_text(encoding="utf-8") if texte is None else texte
    termes = {}
    debuts = list(_TERME.finditer(texte))
    for rang, m in enumerate(debuts):
        fin = debuts[rang + 1].start() if rang + 1 < len(debuts) else len(texte)
        bloc = texte[m.end():fin]
        bloc = re.split(r"^## ", bloc, flags=re.M)[0]
        formes = _FORMES.search(bloc)
        assert m.group(1) not in termes, f"ancre « {m.group(1)} » en double dans le glossaire"
        termes[m.group(1)] = {
            "titre": m.group(2).strip(),
            "formes": [f.strip() for f in formes.group(1).split("|")] if formes else [],
            "lecons": _LIEN_LECON.findall(bloc),
            "texte": bloc,
        }
    return termes


def cellules_markdown(chemin: Path) -> list[str]:
    nb = json.loads(chemin.read_text(encoding="utf-8"))
    return ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown"]


def texte_cellules(chemin: Path) -> str:
    nb = json.loads(chemin.read_text(encoding="utf-8"))
    return "\n".join("".join(c["source"]) for c in nb["cells"])


# --------------------------------------------------------------------------- recherche

def motif(forme: str) -> re.Pattern:
    """Une forme du glossaire → expression régulière (sigles : casse respectée ; pluriel en s/x permis)."""
    sigle = forme.upper() == forme and any(c.isalpha() for c in forme)
    corps = r"\s+".join(re.escape(mot) for mot in forme.split())
    corps = corps.replace("'", "['’]")
    suffixe = "" if sigle else "(?:s|x)?"
    return re.compile(rf"(?<![\w-]){corps}{suffixe}(?![\w-])", 0 if sigle else re.I)


def _zones(texte: str) -> list[tuple[int, int]]:
    return [m.span() for m in _ZONES.finditer(texte)]


def _chevauche(debut, fin, zones):
    return any(debut < z_fin and z_debut < fin for z_debut, z_fin in zones)


def premieres_occurrences(cellules: list[str], termes: dict[str, dict]) -> dict[str, tuple[int, int, int]]:
    """Pour chaque terme présent : (rang de la cellule, début, fin) de sa première occurrence à lier."""
    # Toutes les occurrences, hors zones ; une occurrence comprise dans une forme plus longue d'un autre
    # terme n'en est pas une (« acquisition » dans « coût d'acquisition », « marge » dans « taux de marge »).
    toutes: list[list[tuple[int, int, str]]] = []
    for texte in cellules:
        zones = _zones(texte)
        trouvees = [(m.start(), m.end(), ancre) for ancre, terme in termes.items() for forme in terme["formes"]
                    for m in motif(forme).finditer(texte) if not _chevauche(*m.span(), zones)]
        toutes.append(trouvees)
    resultat: dict[str, tuple[int, int, int]] = {}
    prises: list[list[tuple[int, int]]] = [[] for _ in cellules]
    ordre = sorted(termes, key=lambda a: (-max((len(f) for f in termes[a]["formes"]), default=0), a))
    for ancre in ordre:
        for rang, trouvees in enumerate(toutes):
            candidats = sorted((d, -f) for d, f, a in trouvees if a == ancre and not any(
                a2 != ancre and f2 - d2 > f - d and d < f2 and d2 < f for d2, f2, a2 in trouvees)
                and not _chevauche(d, f, prises[rang]))
            if candidats:
                debut, fin = candidats[0][0], -candidats[0][1]
                resultat[ancre] = (rang, debut, fin)
                prises[rang].append((debut, fin))
                break
    return resultat


def retirer_liens(texte: str) -> tuple[str, list[tuple[int, int, str]]]:
    """Le texte sans les liens vers le glossaire, et la place (début, fin, ancre) de chacun."""
    morceaux, liens, position, ecrit = [], [], 0, 0
    for m in _LIEN_GLOSSAIRE.finditer(texte):
        morceaux.append(texte[position:m.start()])
        ecrit += m.start() - position
        liens.append((ecrit, ecrit + len(m.group(1)), m.group(2)))
        morceaux.append(m.group(1))
        ecrit += len(m.group(1))
        position = m.end()
    morceaux.append(texte[position:])
    return "".join(morceaux), liens


def poser_liens(cellules: list[str], termes: dict[str, dict]) -> list[str]:
    """Les cellules avec un lien sur la première occurrence de chaque terme (utilisé par l'outil d'édition)."""
    nues = [retirer_liens(t)[0] for t in cellules]
    par_cellule: dict[int, list[tuple[int, int, str]]] = {}
    for ancre, (rang, debut, fin) in premieres_occurrences(nues, termes).items():
        par_cellule.setdefault(rang, []).append((debut, fin, ancre))
    sorties = []
    for rang, texte in enumerate(nues):
        for debut, fin, ancre in sorted(par_cellule.get(rang, []), reverse=True):
            texte = f"{texte[:debut]}[{texte[debut:fin]}]({CIBLE_LIEN}#{ancre}){texte[fin:]}"
        sorties.append(texte)
    return sorties


# --------------------------------------------------------------------------- le glossaire

@pytest.fixture(scope="module")
def termes():
    assert GLOSSAIRE.is_file(), "docs/enseignant/glossaire.md est absent"
    return lire_glossaire()


def test_le_glossaire_couvre_les_notions_du_cours(termes):
    attendues = {"acquisition", "cout-d-acquisition", "tunnel-de-conversion", "taux-de-conversion",
                 "fidelisation", "attrition", "taux-de-retention", "valeur-vie-client",
                 "programme-de-fidelite", "loi-de-pareto", "rfm", "taux-de-marge", "taux-de-marque",
                 "influenceur", "parcours-client-digital", "social-selling", "bad-buzz",
                 "bloqueur-de-publicite", "desabonnement", "kpi", "trafic", "portee", "impressions",
                 "engagement", "taux-d-ouverture", "taux-de-clics", "taux-de-desabonnement",
                 "cout-par-contact-qualifie", "contact-qualifie", "tableau-de-bord", "bg-nbd"}
    assert not attendues - set(termes), f"notions absentes du glossaire : {sorted(attendues - set(termes))}"
    for ancre, terme in termes.items():
        assert terme["formes"], f"{ancre} : commentaire « <!-- formes : … --> » absent"
        assert len(terme["texte"].split()) >= 25, f"{ancre} : définition trop courte"


def test_les_anglicismes_ont_leur_equivalent_francais(termes):
    for ancre, equivalent in [("attrition", "attrition"), ("contact-qualifie", "contact qualifié"),
                              ("kpi", "indicateur clé de performance"),
                              ("cout-par-contact-qualifie", "coût par contact qualifié")]:
        paragraphes = [" ".join(p.split()) for p in termes[ancre]["texte"].split("\n\n") if "→" in p]
        assert any(equivalent in p.split("→", 1)[1] for p in paragraphes), f"{ancre} : « … → {equivalent} » absent"


def test_chaque_terme_est_utilise_dans_les_lecons_qu_il_cite(termes):
    noms = {lecon.stem for lecon in LECONS}
    textes = {lecon.stem: texte_cellules(lecon) for lecon in LECONS}
    for ancre, terme in termes.items():
        assert terme["lecons"], f"{ancre} : aucune leçon citée"
        for nom in terme["lecons"]:
            assert nom in noms, f"{ancre} cite la leçon {nom}, qui n'existe pas"
            assert any(motif(f).search(textes[nom]) for f in terme["formes"]), \
                f"{ancre} cite la leçon {nom}, qui n'emploie aucune de ses formes {terme['formes']}"


def test_les_premieres_occurrences_pointent_vers_une_ancre_qui_existe(termes):
    lies = set()
    for lecon in LECONS:
        cellules = cellules_markdown(lecon)
        nues, poses = [], {}
        for rang, texte in enumerate(cellules):
            nu, liens = retirer_liens(texte)
            nues.append(nu)
            for debut, fin, ancre in liens:
                assert ancre in termes, f"{lecon.name} : lien vers l'ancre « {ancre} », absente du glossaire"
                assert ancre not in poses, f"{lecon.name} : deux liens vers « {ancre} »"
                poses[ancre] = (rang, debut, fin)
        attendus = premieres_occurrences(nues, termes)
        manquants = sorted(set(attendus) - set(poses))
        assert not manquants, f"{lecon.name} : première occurrence sans lien pour {manquants}"
        for ancre, place in poses.items():
            assert attendus.get(ancre) == place, \
                f"{lecon.name} : le lien vers « {ancre} » n'est pas sur la première occurrence du terme"
            assert lecon.stem in termes[ancre]["lecons"], \
                f"{lecon.name} lie « {ancre} », mais le glossaire ne cite pas cette leçon"
        lies |= set(poses)
    assert not set(termes) - lies, f"termes jamais liés depuis les leçons : {sorted(set(termes) - lies)}"


def test_poser_liens_est_idempotent(termes):
    for lecon in LECONS:
        cellules = cellules_markdown(lecon)
        assert poser_liens(cellules, termes) == cellules, \
            f"{lecon.name} : liens du glossaire à reposer (.venv/bin/python tests/test_kit_glossaire.py)"


def test_les_ancres_sont_explicites_et_compatibles_jupyterlab(termes):
    # JupyterLab : identifiant de titre = texte du titre, espaces → « - » (casse et accents gardés).
    # Une ancre en minuscules ASCII ne peut donc venir que de la balise <a id>, que le test exige.
    texte = GLOSSAIRE.read_text(encoding="utf-8")
    for ancre in termes:
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", ancre)
        assert f'### <a id="{ancre}"></a>' in texte


def test_le_test_des_ancres_peut_echouer(termes):
    faux = dict(termes)
    faux.pop("attrition")
    cellules = ["La perte de clients, ou [attrition](../docs/enseignant/glossaire.md#attrition)."]
    nu, liens = retirer_liens(cellules[0])
    assert liens and liens[0][2] == "attrition" and "attrition" not in faux
    assert "attrition" in premieres_occurrences([nu], termes)
    assert "attrition" not in premieres_occurrences([nu], faux)


# --------------------------------------------------------------------------- programme et progression

def _references(texte: str) -> dict[str, set[str]]:
    return {
        "lecons": set(re.findall(r"notebooks/(\d\d_[a-z_]+)\.ipynb", texte)),
        "exercices": set(re.findall(r"(?:exercises|solutions)/(\d\d_[a-z_]+)\.ipynb", texte)),
        "cas": set(re.findall(r"((?:exercises|solutions)/cas_\d\d_[a-z_]+\.ipynb)", texte)),
        "numeros_lecons": {int(n) for n in re.findall(r"\b[Ll]eçons? (\d)\b", texte)},
        "questions": set(re.findall(r"\b(\d\.\d{1,2})\b", texte)),
    }


@pytest.mark.parametrize("nom", ["programme.md", "progression.md", "glossaire.md", "README.md"])
def test_les_lecons_exercices_et_questions_cites_existent(nom):
    from relation_client import corriges

    chemin = KIT / nom
    assert chemin.is_file(), f"docs/enseignant/{nom} est absent"
    texte = chemin.read_text(encoding="utf-8")
    refs = _references(texte)
    lecons = {lecon.stem for lecon in LECONS}
    assert refs["lecons"] <= lecons, f"{nom} : leçons inconnues {sorted(refs['lecons'] - lecons)}"
    for exo in refs["exercices"]:
        assert (RACINE / "exercises" / f"{exo}.ipynb").is_file(), f"{nom} : exercises/{exo}.ipynb absent"
        assert (RACINE / "solutions" / f"{exo}.ipynb").is_file(), f"{nom} : solutions/{exo}.ipynb absent"
    for cas in refs["cas"]:
        assert (RACINE / cas).is_file(), f"{nom} : l'étude de cas {cas} n'existe pas"
    assert refs["numeros_lecons"] <= set(range(len(LECONS))), f"{nom} : numéro de leçon inconnu"
    for identifiant in refs["questions"]:
        if identifiant.startswith("0"):
            continue
        corriges.question(identifiant)  # KeyError (message en français) si la question n'existe pas
    for lien in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", texte):
        if not re.match(r"[a-z]+://", lien):
            assert (chemin.parent / lien).resolve().exists(), f"{nom} : lien mort {lien}"


def test_la_progression_cite_de_vraies_questions():
    texte = (KIT / "progression.md").read_text(encoding="utf-8")
    assert len(_references(texte)["questions"]) >= 20, "la progression doit nommer les questions à faire"
    with pytest.raises(KeyError, match="n'existe pas"):
        from relation_client import corriges
        corriges.question("1.99")


# --------------------------------------------------------------------------- outil

def reposer_liens() -> int:
    """Repose les liens du glossaire dans les cellules Markdown des leçons ; renvoie le nombre de leçons réécrites.

    À lancer après avoir modifié une leçon ou le glossaire : ``.venv/bin/python tests/test_kit_glossaire.py``.
    Seules les cellules Markdown changent, et seulement par l'ajout ou le retrait de liens vers le glossaire.
    """
    termes, reecrites = lire_glossaire(), 0
    for chemin in LECONS:
        brut = chemin.read_text(encoding="utf-8")
        nb = json.loads(brut)
        markdown = [c for c in nb["cells"] if c["cell_type"] == "markdown"]
        avant = ["".join(c["source"]) for c in markdown]
        for cellule, ancien, nouveau in zip(markdown, avant, poser_liens(avant, termes)):
            if nouveau != ancien:
                cellule["source"] = nouveau.splitlines(keepends=True)
        texte = json.dumps(nb, indent=1, ensure_ascii=False) + "\n"
        if texte != brut:
            chemin.write_text(texte, encoding="utf-8")
            reecrites += 1
    return reecrites


if __name__ == "__main__":
    print(f"Liens du glossaire reposés : {reposer_liens()} leçon(s) réécrite(s).")
