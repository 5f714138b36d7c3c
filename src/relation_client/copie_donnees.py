"""La copie des jeux de données livrée dans le paquet (``relation_client/jeux_de_donnees/``).

Les jeux de données du cours existent en deux exemplaires identiques, octet par octet :

- ``datasets/`` à la racine du dépôt : l'exemplaire que l'on lit et que l'on modifie (CSV,
  dictionnaire des données ``README.md``, données réelles ``cdnow/``, étude de cas…) ;
- ``src/relation_client/jeux_de_donnees/`` : la copie qui voyage dans la roue (``pip install .``,
  serveur partagé, JupyterHub) et que lit :func:`relation_client.donnees.charger`
  (par ``importlib.resources``), y compris dans le dépôt.

:func:`dossier_donnees` dit quel dossier on lit : la copie, sauf si la variable
d'environnement ``RELATION_CLIENT_DONNEES`` en indique un autre.

La copie est **générée** depuis ``datasets/`` et ne s'édite jamais à la main :

    python -m relation_client.copie_donnees            # met la copie à jour
    python -m relation_client.copie_donnees --verifier # dit ce qui diffère, sans rien écrire

``python -m relation_client.generation generer`` (``make donnees``) met aussi la copie à jour après avoir
régénéré ``datasets/``. Un test (``tests/test_paquet.py``) échoue si les deux exemplaires
diffèrent.
"""

from __future__ import annotations

import argparse
import filecmp
import os
import shutil
import sys
from importlib import resources
from pathlib import Path

from relation_client.arguments import AnalyseurFrancais, traduire_aide

__all__ = ["NOM_COPIE", "VARIABLE_DOSSIER", "dossier_depot", "dossier_copie", "dossier_donnees",
           "fichiers", "differences", "copier", "ajouter_arguments", "executer", "main"]

#: Nom du dossier de la copie, dans le paquet ``relation_client``.
NOM_COPIE = "jeux_de_donnees"
#: Variable d'environnement qui indique un autre dossier de données que la copie du paquet.
VARIABLE_DOSSIER = "RELATION_CLIENT_DONNEES"
_IGNORES = {"__pycache__", ".ipynb_checkpoints"}


def dossier_depot() -> Path | None:
    """``datasets/`` du dépôt, ou ``None`` si le paquet est installé hors d'un dépôt."""
    dossier = Path(__file__).resolve().parents[2] / "datasets"
    return dossier if (dossier / "README.md").is_file() else None


def dossier_copie() -> Path:
    """Dossier de la copie dans le paquet (là où ``importlib.resources`` trouve le paquet)."""
    return Path(str(resources.files("relation_client") / NOM_COPIE))


def dossier_donnees() -> Path:
    """Dossier des CSV du cours : ``$RELATION_CLIENT_DONNEES``, sinon la copie livrée dans le paquet.

    La copie (``relation_client/jeux_de_donnees/``, identique à ``datasets/`` du dépôt) est
    trouvée par ``importlib.resources`` : elle est là après ``pip install`` d'une roue comme
    dans le dépôt.
    """
    variable = os.environ.get(VARIABLE_DOSSIER)
    if variable:
        return Path(variable).expanduser().resolve()
    return dossier_copie()


def fichiers(dossier) -> list[str]:
    """Chemins relatifs (séparateur « / ») de tous les fichiers du dossier, triés."""
    dossier = Path(dossier)
    if not dossier.is_dir():
        return []
    return sorted(p.relative_to(dossier).as_posix() for p in dossier.rglob("*")
                  if p.is_file() and not _IGNORES.intersection(p.relative_to(dossier).parts)
                  and p.suffix != ".pyc")


def differences(source=None, copie=None) -> list[str]:
    """Ce qui distingue la copie de ``datasets/`` (phrases en français) ; vide si identiques."""
    source = Path(source) if source is not None else _depot_obligatoire()
    copie = Path(copie) if copie is not None else dossier_copie()
    dans_source, dans_copie = set(fichiers(source)), set(fichiers(copie))
    problemes = [f"{nom} : absent de la copie" for nom in sorted(dans_source - dans_copie)]
    problemes += [f"{nom} : en trop dans la copie (absent de {source.name}/)"
                  for nom in sorted(dans_copie - dans_source)]
    problemes += [f"{nom} : contenu différent" for nom in sorted(dans_source & dans_copie)
                  if not filecmp.cmp(source / nom, copie / nom, shallow=False)]
    return problemes


def copier(source=None, copie=None) -> list[str]:
    """Rend la copie identique à ``datasets/`` ; renvoie les fichiers écrits ou supprimés.

    Seuls les fichiers qui diffèrent sont réécrits (copie à l'octet près) ; un fichier de la
    copie absent de ``datasets/`` est supprimé. Rien n'est jamais écrit dans ``datasets/``.
    """
    source = Path(source) if source is not None else _depot_obligatoire()
    copie = Path(copie) if copie is not None else dossier_copie()
    if source.resolve() == copie.resolve():
        raise ValueError(f"La source et la copie sont le même dossier : {source}.")
    dans_source = fichiers(source)
    if not dans_source:
        raise FileNotFoundError(f"Le dossier des jeux de données {source} est vide ou introuvable.")
    changes = []
    for nom in dans_source:
        cible = copie / nom
        if cible.is_file() and filecmp.cmp(source / nom, cible, shallow=False):
            continue
        cible.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source / nom, cible)
        changes.append(nom)
    for nom in sorted(set(fichiers(copie)) - set(dans_source)):
        (copie / nom).unlink()
        changes.append(nom)
    for dossier in sorted((p for p in copie.rglob("*") if p.is_dir()), key=lambda p: -len(p.parts)):
        if not any(dossier.iterdir()):
            dossier.rmdir()
    return changes


def _depot_obligatoire() -> Path:
    dossier = dossier_depot()
    if dossier is None:
        raise FileNotFoundError("Le dossier datasets/ du dépôt est introuvable : la copie des jeux de "
                                "données ne se régénère que dans le dépôt du cours.")
    return dossier


# =========================================================================== ligne de commande
def ajouter_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--verifier", action="store_true",
                        help="n'écrit rien : dit si la copie diffère de datasets/ (code de sortie 1)")


def executer(args) -> int:
    if args.verifier:
        problemes = differences()
        if problemes:
            print(f"La copie des jeux de données ({dossier_copie()}) diffère de datasets/ :\n- "
                  + "\n- ".join(problemes)
                  + "\nPour la mettre à jour : python -m relation_client.copie_donnees", file=sys.stderr)
            return 1
        print("La copie des jeux de données est identique à datasets/.")
        return 0
    changes = copier()
    print(f"Copie des jeux de données ({dossier_copie()}) : "
          + (f"{len(changes)} fichier(s) mis à jour." if changes else "déjà à jour."))
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = AnalyseurFrancais(prog="python -m relation_client.copie_donnees",
                               description="Met à jour la copie des jeux de données livrée dans le paquet "
                                           "(relation_client/jeux_de_donnees/) à partir de datasets/.")
    traduire_aide(parser)
    ajouter_arguments(parser)
    return executer(parser.parse_args(sys.argv[1:] if argv is None else argv))


if __name__ == "__main__":
    sys.exit(main())
