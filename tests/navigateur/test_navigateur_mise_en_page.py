"""Mise en page des simulateurs vue dans Chromium, à 1 400 px de large (JupyterLab et Voilà).

Pour chaque leçon (``notebooks/0*.ipynb``, après « Exécuter tout ») et chaque tableau de bord
(``notebooks/tableaux/*.ipynb``, servi par Voilà), on mesure **tous** les curseurs affichés
(``.widget-slider``) ; on ne dépend pas du contenu des leçons, seulement de la présence d'au
moins un simulateur :

- la piste de chaque curseur fait au moins 150 px de large ;
- la valeur affichée (étiquette française ``.rc-lecture``, ou l'affichage natif du curseur) et
  le libellé ne sont pas coupés : ``scrollWidth <= clientWidth`` ;
- dans un même simulateur, toutes les pistes commencent au même x.

Une capture de chaque simulateur est enregistrée dans ``tests/artefacts/`` (``mise_en_page-…``).
"""

from __future__ import annotations

import pytest

from aides_navigateur import (ARTEFACTS, ATTENTE_MS, RACINE_DEPOT, SIMULATEURS, executer_tout,
                              nom_fichier, ouvrir_dans_lab, ouvrir_vitrine)

LARGEUR_PISTE_MIN_PX = 150
TOLERANCE_X_PX = 1.5

LECONS = sorted(p.name for p in (RACINE_DEPOT / "notebooks").glob("0*.ipynb"))
# Tous les simulateurs de la bibliothèque, chacun dans sa cellule (indépendant du texte des leçons).
TABLEAUX = sorted(p.name for p in (RACINE_DEPOT / "notebooks" / "tableaux").glob("*.ipynb"))

# Mesure des curseurs présents dans la page : piste, valeur affichée, libellé, simulateur (titre h3).
_MESURER = """() => {
  const coupe = (el) => el !== null && el.scrollWidth > el.clientWidth + 1;
  const visible = (el) => el !== null && el.getClientRects().length > 0
                          && getComputedStyle(el).display !== 'none';
  const titreDe = (el) => {  // le simulateur : l'ancêtre le plus proche qui porte un titre h3
    let n = el.parentElement;
    while (n && !n.querySelector('h3')) n = n.parentElement;
    return n ? n.querySelector('h3').textContent.trim() : '';
  };
  const mesures = [];
  for (const curseur of document.querySelectorAll('.widget-slider')) {
    if (!visible(curseur)) continue;
    const piste = curseur.querySelector('.noUi-target') || curseur.querySelector('.slider-container');
    const rang = curseur.parentElement;
    const lectures = [];
    const lecture = rang ? rang.querySelector(':scope > .rc-lecture') : null;
    if (lecture) lectures.push(lecture, lecture.querySelector('.widget-html-content'));
    const natif = curseur.querySelector('.widget-readout');
    if (visible(natif)) lectures.push(natif);
    const libelles = [];
    const etiquette = curseur.querySelector('.widget-label');
    if (visible(etiquette) && etiquette.textContent.trim()) libelles.push(etiquette);
    const groupe = curseur.closest('.rc-controle');
    const dessus = groupe ? groupe.querySelector('.rc-libelle') : null;
    if (dessus) libelles.push(dessus, dessus.querySelector('.widget-html-content'));
    const r = piste.getBoundingClientRect();
    const presentes = lectures.filter((e) => e);
    mesures.push({
      libelle: libelles.length ? libelles[0].textContent.trim() : '',
      titre: titreDe(curseur),
      piste_x: r.left, piste_largeur: r.width,
      lecture: presentes.map((e) => e.textContent.trim()).join(' | '),
      lecture_trouvee: presentes.length > 0,
      lecture_coupee: presentes.some(coupe),
      libelle_coupe: libelles.some(coupe),
    });
  }
  return mesures;
}"""

# JupyterLab ne garde dans la page que les cellules proches de l'écran : on fait défiler le notebook.
_DEFILER = """(etape) => {
  const panneau = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)');
  const zone = panneau.querySelector('.jp-WindowedPanel-outer') || panneau.querySelector('.jp-Notebook');
  if (etape === 0) { zone.scrollTop = 0; return true; }
  const avant = zone.scrollTop;
  zone.scrollTop = avant + zone.clientHeight * 0.7;
  return zone.scrollTop > avant;
}"""


def _capturer_visibles(page, prefixe: str, deja: set) -> None:
    """Capture chaque simulateur (bloc à titre h3 qui contient des curseurs) pas encore capturé."""
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    blocs = page.locator(".widget-vbox").filter(has=page.locator("h3")).filter(
        has=page.locator(".widget-slider"))
    for k in range(blocs.count()):
        bloc = blocs.nth(k)
        try:
            titre = bloc.locator("h3").first.inner_text(timeout=5_000).strip()
        except Exception:
            continue
        if not titre or titre in deja:  # boîtes imbriquées : même titre, on garde la plus externe
            continue
        deja.add(titre)
        chemin = ARTEFACTS / f"mise_en_page-{nom_fichier(prefixe)}-{nom_fichier(titre)[:40]}.png"
        bloc.scroll_into_view_if_needed()
        page.wait_for_timeout(300)
        bloc.screenshot(path=str(chemin))


def _mesurer_en_defilant(page, prefixe: str) -> list:
    """Fait défiler le notebook de haut en bas ; mesure et capture les simulateurs rencontrés."""
    mesures: dict = {}
    captures: set = set()
    etape = 0
    while True:
        a_bouge = page.evaluate(_DEFILER, etape)
        page.wait_for_timeout(400)
        position = page.evaluate("""() => { const p = document.querySelector(
            '.jp-NotebookPanel:not(.lm-mod-hidden)'); const z = p.querySelector('.jp-WindowedPanel-outer')
            || p.querySelector('.jp-Notebook'); return z.scrollTop; }""")
        for m in page.evaluate(_MESURER):
            mesures.setdefault((m["titre"], m["libelle"]), m)
        _capturer_visibles(page, prefixe, captures)
        page.evaluate("""(y) => { const p = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)');
            const z = p.querySelector('.jp-WindowedPanel-outer') || p.querySelector('.jp-Notebook');
            z.scrollTop = y; }""", position)
        if etape > 0 and not a_bouge:
            break
        etape += 1
        assert etape < 400, "le notebook ne finit pas de défiler"
    return list(mesures.values())


def _verifier(mesures, ou: str) -> None:
    assert mesures, f"{ou} : aucun curseur affiché (le simulateur manque-t-il ?)"
    problemes = []
    for m in mesures:
        nom = f"« {m['libelle'] or '?'} » ({m['titre']})"
        if m["piste_largeur"] < LARGEUR_PISTE_MIN_PX:
            problemes.append(f"{nom} : piste de {m['piste_largeur']:.0f} px (< {LARGEUR_PISTE_MIN_PX} px)")
        if not m["lecture_trouvee"]:
            problemes.append(f"{nom} : aucune valeur affichée à côté du curseur")
        if m["lecture_coupee"]:
            problemes.append(f"{nom} : valeur affichée coupée ({m['lecture']!r})")
        if not m["libelle"]:
            problemes.append(f"{nom} : curseur sans libellé visible")
        if m["libelle_coupe"]:
            problemes.append(f"{nom} : libellé coupé")
    par_simulateur: dict = {}
    for m in mesures:
        par_simulateur.setdefault(m["titre"], []).append(m)
    for titre, groupe in par_simulateur.items():
        xs = [m["piste_x"] for m in groupe]
        if max(xs) - min(xs) > TOLERANCE_X_PX:
            detail = ", ".join(f"{m['libelle']} : {m['piste_x']:.0f}" for m in groupe)
            problemes.append(f"« {titre} » : les pistes ne commencent pas au même x ({detail})")
    assert not problemes, f"{ou} :\n" + "\n".join(problemes)


def test_mise_en_page_tous_les_simulateurs(page, serveur_lab, copie_cours, noyaux_arretes):
    """Chaque simulateur de ``relation_client.widgets``, tel qu'une leçon l'affiche dans JupyterLab."""
    ouvrir_vitrine(page, serveur_lab, copie_cours, SIMULATEURS, "vitrine_simulateurs.ipynb")
    mesures = _mesurer_en_defilant(page, "simulateurs")
    titres = {m["titre"] for m in mesures}
    assert len(titres) == len(SIMULATEURS), f"simulateurs mesurés : {sorted(titres)}"
    _verifier(mesures, "simulateurs de relation_client.widgets")


@pytest.mark.parametrize("lecon", LECONS)
def test_mise_en_page_lecon(page, serveur_lab, noyaux_arretes, lecon):
    ouvrir_dans_lab(page, serveur_lab, f"notebooks/{lecon}")
    executer_tout(page)
    mesures = _mesurer_en_defilant(page, lecon.removesuffix(".ipynb"))
    _verifier(mesures, f"notebooks/{lecon}")


@pytest.mark.parametrize("tableau", TABLEAUX)
def test_mise_en_page_tableau(page, serveur_voila, tableau):
    page.goto(serveur_voila.adresse(f"voila/render/{tableau}"), timeout=ATTENTE_MS)
    page.locator(".widget-slider").first.wait_for(state="visible", timeout=ATTENTE_MS)
    page.locator(".rc-resultat").first.wait_for(state="visible", timeout=ATTENTE_MS)
    page.wait_for_timeout(500)
    mesures = page.evaluate(_MESURER)
    _capturer_visibles(page, "tableau-" + tableau.removesuffix(".ipynb"), set())
    _verifier(mesures, f"notebooks/tableaux/{tableau} (Voilà)")
