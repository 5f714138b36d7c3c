#!/usr/bin/env bash
# Installe Chromium (paquet Debian) pour les tests dans le navigateur, s'il manque.
# Jamais `playwright install` : aucun téléchargement de navigateur n'est possible ici.
set -u
if [ -x /usr/bin/chromium ]; then
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "Chromium absent et apt-get indisponible : les tests dans le navigateur seront ignorés." >&2
  exit 0
fi
SUDO=""
if [ "$(id -u)" != 0 ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then SUDO="sudo -n"; else
    echo "Chromium absent et pas de droits administrateur : installez le paquet « chromium »." >&2
    exit 0
  fi
fi
echo "Installation de Chromium (apt-get)…"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q >/dev/null && $SUDO apt-get install -y -q chromium >/dev/null \
  || echo "L'installation de Chromium a échoué : les tests dans le navigateur seront ignorés." >&2
exit 0
