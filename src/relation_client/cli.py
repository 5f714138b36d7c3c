"""La commande ``relation-client`` : un point d'entrée, une sous-commande par outil.

Chaque sous-commande vit dans son module, qui expose ``ajouter_arguments(parser)``
et ``executer(args) -> int`` ; le module n'est importé que si la sous-commande est
demandée (démarrage rapide).
"""

from __future__ import annotations

import argparse
import importlib
import sys

from relation_client.arguments import AnalyseurFrancais, traduire_aide

SOUS_COMMANDES = {
    "configurer": ("relation_client.installation",
                   "configure JupyterLab pour qu'il s'ouvre en français"),
    "exercices": ("relation_client.exercices",
                  "régénère les notebooks d'exercices (exercises/) à partir des corrigés (solutions/)"),
    "corriger": ("relation_client.correction",
                 "corrige un dossier de copies (notebooks d'élèves) et écrit les notes"),
    "donnees": ("relation_client.generation",
                "régénère les jeux de données du cours (datasets/) à partir du générateur à graine fixe"),
    "site": ("relation_client.site",
             "construit la version HTML statique du cours"),
    "pdf": ("relation_client.impression",
            "imprime le cours en PDF (leçons, fiches, version papier des exercices) dans pdf/"),
    "distribuer": ("relation_client.ramassage",
                   "copie les exercices dans le dossier d'un élève sans jamais remplacer son travail"),
    "ramasser": ("relation_client.ramassage",
                 "ramasse les copies d'un exercice dans les dossiers des élèves (serveur JupyterHub)"),
    "rendre": ("relation_client.ramassage",
               "dépose les retours de correction dans le dossier de chaque élève, sans rien remplacer"),
}


def construire_analyseur(modules_charges: dict | None = None) -> argparse.ArgumentParser:
    parser = AnalyseurFrancais(prog="relation-client",
                               description="Outils du cours « Relation client par les données ».",
                               add_help=True)
    traduire_aide(parser)
    sous = parser.add_subparsers(dest="commande", title="commandes", metavar="COMMANDE",
                                 parser_class=AnalyseurFrancais)
    for nom, (module, aide) in SOUS_COMMANDES.items():
        analyseur_commande = sous.add_parser(nom, help=aide, description=aide)
        traduire_aide(analyseur_commande)
        if modules_charges is not None and nom in modules_charges:
            modules_charges[nom].ajouter_arguments(analyseur_commande)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    commande = next((a for a in argv if not a.startswith("-")), None)
    charges = {}
    if commande in SOUS_COMMANDES:
        try:
            charges[commande] = importlib.import_module(SOUS_COMMANDES[commande][0])
        except ModuleNotFoundError as erreur:
            print(f"La commande « {commande} » n'est pas encore disponible ({erreur}).", file=sys.stderr)
            return 2
    parser = construire_analyseur(charges)
    args = parser.parse_args(argv)
    if args.commande is None:
        parser.print_help()
        return 0
    return int(charges[args.commande].executer(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
