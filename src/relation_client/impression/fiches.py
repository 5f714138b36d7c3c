"""Une fiche Markdown en page imprimable : fiche de synthèse des élèves (``docs/eleves/syntheses/``)
ou fiche de l'enseignant (``docs/enseignant/fiches/``)."""

from __future__ import annotations

from pathlib import Path

from relation_client.impression.page import Document, page_html
from relation_client.impression.typographie import markdown_html, premier_titre, sans_entete_yaml
from relation_client.site import titre_de_secours

DOSSIER_SYNTHESES = "syntheses"
DOSSIER_FICHES = "fiches_enseignant"


def document_fiche(chemin, genre: str = "synthese") -> Document:
    """Une fiche Markdown (synthèse élève ou fiche enseignant) en page imprimable."""
    chemin = Path(chemin)
    texte = sans_entete_yaml(chemin.read_text(encoding="utf-8"))
    titre = premier_titre(texte, titre_de_secours(chemin))
    dossier = DOSSIER_SYNTHESES if genre == "synthese" else DOSSIER_FICHES
    quoi = "Fiche de synthèse" if genre == "synthese" else "Fiche enseignant"
    entete = f"Relation client par les données — {quoi}"
    return Document(titre, page_html(titre, markdown_html(texte), base=chemin.parent, entete=entete),
                    f"{dossier}/{chemin.stem}.pdf", genre, chemin)
