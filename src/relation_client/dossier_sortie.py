"""Préparer le dossier où une commande du cours écrit (site, PDF) sans jamais perdre un fichier.

Une commande qui construit des fichiers (``relation-client site``, ``relation-client pdf``) note ce
qu'elle a écrit dans un fichier marqueur. À la construction suivante, elle n'efface que ces
fichiers-là ; un dossier non vide qui n'a pas de marqueur est refusé, sauf avec ``--ecraser``.
"""

from __future__ import annotations

import json
from pathlib import Path

__all__ = ["preparer_sortie", "racine_cours"]

# Dossiers du cours dans lesquels on n'écrit jamais une construction.
DOSSIERS_DU_COURS = ("notebooks", "exercises", "solutions", "datasets", "src", "docs")


def racine_cours(racine=None) -> Path:
    """Dossier du cours (qui contient ``notebooks/``), en chemin absolu : ``racine`` si donné,
    sinon le dossier courant s'il contient ``notebooks/``, sinon le dépôt du paquet installé en
    mode éditable (à défaut, le dossier courant)."""
    if racine is not None:
        return Path(racine).resolve()
    ici = Path.cwd()
    if (ici / "notebooks").is_dir():
        return ici.resolve()
    depot = Path(__file__).resolve().parents[2]
    return (depot if (depot / "notebooks").is_dir() else ici).resolve()


def preparer_sortie(sortie: Path, racine: Path, ecraser: bool, *, marque: str, commande: str,
                    erreur: type[Exception], suffixe: str | None = None) -> None:
    """Vérifie qu'on peut écrire dans ``sortie`` ; efface seulement ce qu'une construction précédente y a écrit.

    ``marque`` : nom du fichier qui liste (clé ``fichiers``) ce que la commande a écrit ;
    ``commande`` : la sous-commande, nommée dans les messages (« site », « pdf ») ;
    ``erreur`` : la classe d'exception française levée en cas de refus ; ``suffixe`` : si donné,
    seuls les anciens fichiers qui ont ce suffixe sont effacés.

    >>> import tempfile
    >>> racine = Path(tempfile.mkdtemp())
    >>> preparer_sortie(racine / "site", racine, False, marque=".m.json", commande="site",
    ...                 erreur=ValueError)
    >>> (racine / "site").is_dir()
    True
    """
    sortie_r, racine_r = sortie.resolve(), racine.resolve()
    exemple = f"choisissez un dossier à part, par exemple --sortie {commande}."
    if sortie_r == racine_r or racine_r.is_relative_to(sortie_r):
        raise erreur(f"Le dossier de sortie {sortie} contient le cours lui-même : {exemple}")
    for nom in DOSSIERS_DU_COURS:
        if sortie_r.is_relative_to(racine_r / nom):
            raise erreur(f"Le dossier de sortie {sortie} est dans {nom}/ : {exemple}")
    if sortie.exists() and not sortie.is_dir():
        raise erreur(f"{sortie} existe et n'est pas un dossier : rien n'a été modifié.")
    if not sortie.exists():
        sortie.mkdir(parents=True)
        return
    fichier_marque = sortie / marque
    if fichier_marque.is_file():
        try:
            anciens = json.loads(fichier_marque.read_text(encoding="utf-8")).get("fichiers", [])
        except (json.JSONDecodeError, AttributeError):
            anciens = []
        for relatif in anciens:
            chemin = (sortie / relatif).resolve()
            if (chemin.is_relative_to(sortie_r) and chemin.is_file()
                    and (suffixe is None or chemin.suffix == suffixe)):
                chemin.unlink()
        for dossier in sorted((p for p in sortie.rglob("*") if p.is_dir()), key=lambda p: -len(p.parts)):
            if not any(dossier.iterdir()):
                dossier.rmdir()
        return
    if any(sortie.iterdir()) and not ecraser:
        raise erreur(f"Le dossier {sortie} n'est pas vide et n'a pas été créé par « relation-client "
                     f"{commande} » : rien n'a été modifié. Choisissez un autre dossier, videz-le, ou "
                     "ajoutez --ecraser pour écrire quand même (les fichiers que la commande produit "
                     "seront remplacés, les autres conservés).")
