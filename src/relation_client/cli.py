"""La commande ``relation-client`` : un point d'entrée, une sous-commande par outil.

Chaque sous-commande vit dans son module, qui expose ``ajouter_arguments(parser)``
et ``executer(args) -> int`` ; le module n'est importé que si la sous-commande est
demandée (démarrage rapide).
"""

from __future__ import annotations

import argparse
import re
import importlib
import sys

SOUS_COMMANDES = {
    "configurer": ("relation_client.installation",
                   "configure JupyterLab pour qu'il s'ouvre en français"),
    "exercices": ("relation_client.exercices",
                  "régénère les notebooks d'exercices (exercises/) à partir des corrigés (solutions/)"),
    "corriger": ("relation_client.correction",
                 "corrige un dossier de copies (notebooks d'élèves) et écrit les notes"),
    "donnees": ("relation_client.donnees",
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


class _FormateurFrancais(argparse.HelpFormatter):
    """Affiche « utilisation : » au lieu de « usage: »."""

    def add_usage(self, usage, actions, groups, prefix=None):
        if prefix is None:
            prefix = "utilisation : "
        return super().add_usage(usage, actions, groups, prefix)


class _Analyseur(argparse.ArgumentParser):
    """argparse en français pour les messages les plus courants."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("formatter_class", _FormateurFrancais)
        super().__init__(*args, **kwargs)

    def error(self, message):
        message = (message.replace("the following arguments are required", "arguments obligatoires manquants")
                   .replace("unrecognized arguments", "arguments non reconnus")
                   .replace("invalid choice: ", "choix invalide : ")
                   .replace("invalid choice", "choix invalide")
                   .replace("choose from", "choix possibles :")
                   .replace("expected one argument", "une valeur est attendue"))
        message = re.sub(r"^argument (\S+): ", r"\1 : ", message)
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog} : erreur : {message}\n")


def _traduire_aide(parser: argparse.ArgumentParser) -> None:
    parser._positionals.title = "arguments"
    parser._optionals.title = "options"
    for action in parser._actions:
        if isinstance(action, argparse._HelpAction):
            action.help = "affiche cette aide et quitte"


def construire_analyseur(modules_charges: dict | None = None) -> argparse.ArgumentParser:
    parser = _Analyseur(prog="relation-client",
                        description="Outils du cours « Relation client par les données ».",
                        add_help=True)
    _traduire_aide(parser)
    sous = parser.add_subparsers(dest="commande", title="commandes", metavar="COMMANDE",
                                 parser_class=_Analyseur)
    for nom, (module, aide) in SOUS_COMMANDES.items():
        sp = sous.add_parser(nom, help=aide, description=aide)
        _traduire_aide(sp)
        if modules_charges is not None and nom in modules_charges:
            modules_charges[nom].ajouter_arguments(sp)
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
