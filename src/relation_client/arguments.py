"""Analyseur d'arguments de la ligne de commande, en français.

``argparse`` affiche ses aides et ses erreurs en anglais (« usage: », « the following
arguments are required »). :class:`AnalyseurFrancais` traduit les messages d'erreur les plus
courants et :func:`traduire_aide` les titres de l'aide d'un analyseur ou d'une sous-commande.
La commande ``relation-client`` (:mod:`relation_client.cli`) et les modules lancés par
``python -m relation_client.…`` s'en servent.

>>> analyseur = AnalyseurFrancais(prog="exemple")
>>> traduire_aide(analyseur)
>>> print(analyseur.format_help().splitlines()[0])
utilisation : exemple [-h]
"""

from __future__ import annotations

import argparse
import re
import sys

__all__ = ["FormateurFrancais", "AnalyseurFrancais", "traduire_aide"]


class FormateurFrancais(argparse.HelpFormatter):
    """Affiche « utilisation : » au lieu de « usage: »."""

    def add_usage(self, usage, actions, groups, prefix=None):
        if prefix is None:
            prefix = "utilisation : "
        return super().add_usage(usage, actions, groups, prefix)


class AnalyseurFrancais(argparse.ArgumentParser):
    """argparse en français pour les messages les plus courants."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("formatter_class", FormateurFrancais)
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


def traduire_aide(parser: argparse.ArgumentParser) -> None:
    """Titres de l'aide en français (« arguments », « options ») et aide de ``-h`` traduite."""
    parser._positionals.title = "arguments"
    parser._optionals.title = "options"
    for action in parser._actions:
        if isinstance(action, argparse._HelpAction):
            action.help = "affiche cette aide et quitte"
