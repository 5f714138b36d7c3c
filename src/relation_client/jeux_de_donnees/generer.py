"""Régénère les CSV de ce dossier : python datasets/generer.py [--dossier DOSSIER]."""
import sys
from relation_client.donnees import main
sys.exit(main(["generer", *sys.argv[1:]]))
