"""Régénère les CSV de ce dossier : python datasets/generer.py [--dossier DOSSIER]."""
import sys
from relation_client.generation import main
sys.exit(main(["generer", *sys.argv[1:]]))
