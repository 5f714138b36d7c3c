"""La commande ``relation-client pdf`` : :func:`construire_pdf` choisit les documents (leçons,
fiches, exercices), prépare le dossier de sortie, les imprime et y laisse sa marque ;
:func:`ajouter_arguments` et :func:`executer` en font une sous-commande."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from relation_client.dossier_sortie import preparer_sortie, racine_cours
from relation_client.impression.fiches import document_fiche
from relation_client.impression.lecons import document_lecon
from relation_client.impression.page import ErreurImpression
from relation_client.impression.papier import document_exercice
from relation_client.impression.pdf import imprimer

MARQUE = ".relation-client-pdf.json"


def _preparer_sortie(sortie: Path, racine: Path, ecraser: bool) -> None:
    preparer_sortie(sortie, racine, ecraser, marque=MARQUE, commande="pdf", erreur=ErreurImpression,
                    suffixe=".pdf")


def _selection(chemins: list[Path], seulement: list[str] | None) -> list[Path]:
    if not seulement:
        return chemins
    return [chemin for chemin in chemins
            if any(chemin.stem == prefixe or chemin.stem.startswith(prefixe) for prefixe in seulement)]


def construire_pdf(sortie, racine=None, *, approfondissement: bool = False, code: bool = True,
                   genres=("lecon", "synthese", "fiche", "exercice"), seulement: list[str] | None = None,
                   ecraser: bool = False, bavard: bool = False) -> list[tuple[Path, int]]:
    """Construit la version imprimable du cours dans ``sortie`` ; renvoie ``[(pdf, pages), …]``.

    ``genres`` : les familles de documents à imprimer ; ``seulement`` : préfixes de noms de fichiers
    (``["01", "cas_08"]``) pour n'imprimer qu'une partie.
    """
    racine = racine_cours(racine)
    sortie = Path(sortie)
    inconnus = set(genres) - {"lecon", "synthese", "fiche", "exercice"}
    if inconnus:
        raise ErreurImpression(f"genre(s) de document inconnu(s) : {', '.join(sorted(inconnus))} "
                               "(choix possibles : lecon, synthese, fiche, exercice).")
    lecons = _selection(sorted((racine / "notebooks").glob("0*.ipynb")), seulement) if "lecon" in genres else []
    syntheses = (_selection(sorted((racine / "docs" / "eleves" / "syntheses").glob("*.md")), seulement)
                 if "synthese" in genres else [])
    fiches = (_selection(sorted((racine / "docs" / "enseignant" / "fiches").glob("*.md")), seulement)
              if "fiche" in genres else [])
    exercices = _selection(sorted((racine / "exercises").glob("*.ipynb")), seulement) if "exercice" in genres else []
    syntheses = [chemin for chemin in syntheses if chemin.name.lower() != "readme.md"]
    fiches = [chemin for chemin in fiches if chemin.name.lower() != "readme.md"]
    if not (lecons or syntheses or fiches or exercices):
        raise ErreurImpression(f"Rien à imprimer dans {racine} : lancez la commande depuis la racine du "
                               "cours ou indiquez --cours.")
    _preparer_sortie(sortie, racine, ecraser)

    documents = []
    for chemin in lecons:
        documents.append(document_lecon(chemin, approfondissement=approfondissement, code=code))
    for chemin in syntheses:
        documents.append(document_fiche(chemin, "synthese"))
    for chemin in fiches:
        documents.append(document_fiche(chemin, "fiche"))
    for chemin in exercices:
        debut = time.perf_counter()
        documents.append(document_exercice(chemin, approfondissement=approfondissement))
        if bavard:
            print(f"  exercice {chemin.name} exécuté en {time.perf_counter() - debut:.0f} s")
    resultats = imprimer(documents, sortie, bavard=bavard)
    relatifs = [p.relative_to(sortie).as_posix() for p, _ in resultats]
    (sortie / MARQUE).write_text(json.dumps(
        {"outil": "relation-client pdf", "fichiers": sorted(relatifs),
         "pages": {r: n for r, (_, n) in sorted(zip(relatifs, resultats))},
         "remarques": {d.cible: d.remarques for d in documents if d.remarques}},
        ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return resultats


def ajouter_arguments(parser) -> None:
    parser.add_argument("--sortie", default="pdf", help="dossier où écrire les PDF (par défaut : pdf)")
    parser.add_argument("--cours", default=None,
                        help="dossier du cours, qui contient notebooks/ (par défaut : le dossier courant)")
    parser.add_argument("--approfondissement", action="store_true",
                        help="inclure les parties « Pour aller plus loin » (leçons et exercices)")
    parser.add_argument("--sans-code", dest="code", action="store_false",
                        help="masquer le code des leçons (il n'apparaît jamais dans les exercices)")
    parser.add_argument("--seulement", nargs="+", metavar="PREFIXE", default=None,
                        help="n'imprimer que les fichiers dont le nom commence ainsi (ex. : 01 cas_08)")
    parser.add_argument("--sans-exercices", action="store_true",
                        help="ne pas imprimer les exercices (leur exécution est l'étape la plus longue)")
    parser.add_argument("--ecraser", action="store_true",
                        help="écrire même dans un dossier non vide qui n'a pas été créé par cet outil")


def executer(args) -> int:
    genres = ("lecon", "synthese", "fiche") if args.sans_exercices else ("lecon", "synthese", "fiche", "exercice")
    try:
        resultats = construire_pdf(args.sortie, args.cours, approfondissement=args.approfondissement,
                                   code=args.code, genres=genres, seulement=args.seulement,
                                   ecraser=args.ecraser, bavard=True)
    except ErreurImpression as erreur:
        print(f"PDF non construits : {erreur}", file=sys.stderr)
        return 1
    total = sum(p for _, p in resultats)
    print(f"{len(resultats)} PDF écrits dans {args.sortie}/ ({total} pages au total).")
    return 0
