"""Configure JupyterLab pour qu'il s'ouvre en français, sans clic.

Écrit (ou complète) ``<sys.prefix>/share/jupyter/lab/settings/overrides.json`` :
langue ``fr_FR`` et pas de fenêtre « Jupyter news ». Les réglages déjà présents
dans ce fichier sont conservés.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

REGLAGES = {
    "@jupyterlab/translation-extension:plugin": {"locale": "fr_FR"},
    "@jupyterlab/apputils-extension:notification": {"fetchNews": "false", "checkForUpdates": False},
}


def chemin_overrides(prefixe: str | Path | None = None) -> Path:
    base = Path(prefixe if prefixe is not None else sys.prefix)
    return base / "share" / "jupyter" / "lab" / "settings" / "overrides.json"


def configurer_jupyterlab(prefixe: str | Path | None = None) -> Path:
    """Fusionne les réglages du cours dans overrides.json et renvoie son chemin."""
    chemin = chemin_overrides(prefixe)
    chemin.parent.mkdir(parents=True, exist_ok=True)
    actuels = {}
    if chemin.exists():
        try:
            actuels = json.loads(chemin.read_text(encoding="utf-8") or "{}")
        except json.JSONDecodeError as erreur:
            raise SystemExit(f"{chemin} n'est pas un JSON valide ({erreur}) : corrigez-le ou "
                             "renommez-le, il n'a pas été modifié.") from None
    for plugin, valeurs in REGLAGES.items():
        actuels.setdefault(plugin, {}).update(valeurs)
    chemin.write_text(json.dumps(actuels, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return chemin


def ajouter_arguments(parser) -> None:
    parser.add_argument("--prefixe", default=None,
                        help="environnement Python à configurer (par défaut : celui en cours)")


def executer(args) -> int:
    chemin = configurer_jupyterlab(args.prefixe)
    print(f"JupyterLab s'ouvrira en français (réglages dans {chemin}).")
    return 0


def main() -> int:
    chemin = configurer_jupyterlab()
    print(f"JupyterLab s'ouvrira en français (réglages dans {chemin}).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
