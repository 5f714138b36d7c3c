"""Impression en PDF A4 par le Chromium de Debian (``/usr/bin/chromium``) piloté par Playwright :
une seule instance pour tous les documents, jamais de réseau, pied de page « page X / Y », tableaux
trop larges écrits plus petits. Ni LaTeX ni réseau."""

from __future__ import annotations

import asyncio
import html
import re
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from relation_client.impression.page import Document, ErreurImpression

CHROMIUM = Path("/usr/bin/chromium")
DRAPEAUX_CHROMIUM = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def _pied_de_page(titre: str) -> str:
    """Pied de page de Chromium : le titre du document et « page X / Y »."""
    return ("<div style=\"font-family:'DejaVu Sans',sans-serif;font-size:8px;color:#555;width:100%;"
            "margin:0 16mm;display:flex;justify-content:space-between\">"
            f"<span>{html.escape(titre)}</span>"
            "<span>page <span class=\"pageNumber\"></span> / <span class=\"totalPages\"></span></span></div>")


LARGEUR_UTILE_PX = round((210 - 2 * 16) / 25.4 * 96)

# Un tableau trop large pour la page est écrit plus petit (jusqu'à 55 % de la taille normale) :
# sinon Chromium réduirait toute la page pour le faire tenir. Renvoie ce qui déborde encore.
AJUSTER_TABLEAUX = """() => {
  const largeur = document.documentElement.clientWidth;
  for (const t of document.querySelectorAll('table')) {
    let taille = 100;
    const trop = () => t.getBoundingClientRect().right > largeur + 1;
    const reduire = (plancher) => {
      while (trop() && taille > plancher) { taille -= 5; t.style.fontSize = taille + '%'; }
    };
    reduire(55);
    if (trop()) {  // en dernier recours : en-têtes, puis cellules, coupés n'importe où
      for (const c of t.querySelectorAll('th')) c.style.overflowWrap = 'anywhere';
    }
    if (trop()) {
      for (const c of t.querySelectorAll('td')) c.style.overflowWrap = 'anywhere';
    }
  }
  const trop = [];
  for (const e of document.body.querySelectorAll('*')) {
    if (e.getBoundingClientRect().right > largeur + 1) trop.push(e.tagName.toLowerCase());
  }
  return [...new Set(trop)].slice(0, 5).join(', ');
}"""


def compter_pages(chemin) -> int:
    """Nombre de pages d'un PDF (pypdf s'il est installé, sinon lecture des objets /Page)."""
    try:
        from pypdf import PdfReader
    except ImportError:
        return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", Path(chemin).read_bytes()))
    return len(PdfReader(str(chemin)).pages)


def imprimer(documents: list[Document], sortie, *, bavard: bool = False) -> list[tuple[Path, int]]:
    """Imprime chaque document en PDF dans ``sortie`` (une seule instance de Chromium pour tous)."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        raise ErreurImpression("Le paquet Python « playwright » est absent : installez-le "
                               "(pip install playwright ; jamais « playwright install ») pour imprimer "
                               "avec le Chromium de Debian.") from None
    if not CHROMIUM.exists():
        raise ErreurImpression(f"Chromium est absent ({CHROMIUM}) : installez le paquet Debian "
                               "« chromium » (make navigateur).")
    sortie = Path(sortie)
    if _boucle_asyncio_active():
        # Dans un notebook (ou sous un autre outil asyncio), l'API synchrone de Playwright refuse de
        # tourner dans ce fil : on imprime dans un fil à part, qui n'a pas de boucle.
        with ThreadPoolExecutor(max_workers=1) as fil:
            return fil.submit(_imprimer, sync_playwright, documents, sortie, bavard).result()
    return _imprimer(sync_playwright, documents, sortie, bavard)


def _boucle_asyncio_active() -> bool:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True


def _imprimer(sync_playwright, documents: list[Document], sortie: Path, bavard: bool) -> list[tuple[Path, int]]:
    resultats = []
    with tempfile.TemporaryDirectory(prefix="rc-pdf-") as tmp, sync_playwright() as playwright:
        navigateur = playwright.chromium.launch(executable_path=str(CHROMIUM), args=DRAPEAUX_CHROMIUM)
        try:
            # Fenêtre de la largeur imprimable d'une page A4 (210 mm − 2 × 16 mm de marges) :
            # la mise en page à l'écran est celle du papier.
            page = navigateur.new_page(viewport={"width": LARGEUR_UTILE_PX, "height": 1000})
            page.route(re.compile(r"^https?://"), lambda route: route.abort())  # jamais de réseau
            for rang, doc in enumerate(documents):
                fichier_html = Path(tmp) / f"document_{rang}.html"
                fichier_html.write_text(doc.html, encoding="utf-8")
                page.goto(fichier_html.as_uri(), wait_until="load")
                page.emulate_media(media="print")
                deborde = page.evaluate(AJUSTER_TABLEAUX)
                if deborde:
                    doc.remarques.append(f"contenu plus large que la page : {deborde}")
                cible = sortie / doc.cible
                cible.parent.mkdir(parents=True, exist_ok=True)
                page.pdf(path=str(cible), format="A4", print_background=True,
                         display_header_footer=True, header_template="<span></span>",
                         footer_template=_pied_de_page(doc.titre),
                         margin={"top": "15mm", "bottom": "17mm", "left": "16mm", "right": "16mm"})
                pages = compter_pages(cible)
                resultats.append((cible, pages))
                if bavard:
                    print(f"  {doc.cible} : {pages} page(s)" + (f" ({' ; '.join(doc.remarques)})" if doc.remarques else ""))
        finally:
            navigateur.close()
    return resultats
