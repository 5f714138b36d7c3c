"""Registre des clés de correction : un module ``exercice_NN`` par notebook d'exercices.

Chaque module ``exercice_NN.py`` expose ``QUESTIONS`` (liste de
:class:`relation_client.cles.Question`, identifiants ``"N.1"``, ``"N.2"``…) et
``TITRE``. Les modules ne sont importés qu'à la première demande.
"""

from __future__ import annotations

import importlib
import pkgutil
import re

__all__ = ["exercices_disponibles", "numero_exercice", "questions", "question"]

_MOTIF = re.compile(r"exercice_(\d{2})$")


def exercices_disponibles() -> list[str]:
    """Numéros (``"01"``, ``"02"``…) des exercices qui ont une clé de correction."""
    return sorted(m.group(1) for info in pkgutil.iter_modules(__path__)
                  if (m := _MOTIF.match(info.name)))


def numero_exercice(exercice) -> str:
    """Normalise un numéro d'exercice : ``2``, ``"2"``, ``"02"``, ``"02_fideliser"`` → ``"02"``."""
    texte = str(exercice).strip()
    m = re.match(r"(?:exercice_)?(\d{1,2})(?:\D.*)?$", texte)
    if not m:
        raise KeyError(f"Numéro d'exercice {exercice!r} incompréhensible : écrivez par exemple « 02 ».")
    return m.group(1).zfill(2)


def _module(numero: str):
    if numero not in exercices_disponibles():
        raise KeyError(f"L'exercice {numero} n'a pas de clé de correction. Exercices disponibles : "
                       f"{', '.join(exercices_disponibles())}.")
    module = importlib.import_module(f"{__name__}.exercice_{numero}")
    attendu = str(int(numero))
    for q in module.QUESTIONS:
        if q.id.split(".")[0] != attendu:
            raise ValueError(f"La question {q.id} est déclarée dans exercice_{numero}.py : "
                             f"ses identifiants doivent commencer par « {attendu}. ».")
    ids = [q.id for q in module.QUESTIONS]
    if len(set(ids)) != len(ids):
        raise ValueError(f"exercice_{numero}.py déclare deux fois le même identifiant de question.")
    return module


def questions(exercice) -> list:
    """La liste des questions d'un exercice, dans l'ordre du notebook."""
    return list(_module(numero_exercice(exercice)).QUESTIONS)


def titre(exercice) -> str:
    """Le titre d'un exercice (« Conquérir de nouveaux clients »…)."""
    return getattr(_module(numero_exercice(exercice)), "TITRE", "")


def question(identifiant):
    """La question d'identifiant ``"N.k"`` ; ``KeyError`` (message en français) si elle n'existe pas."""
    texte = str(identifiant).strip()
    if not re.fullmatch(r"\d+\.\d+", texte):
        raise KeyError(f"Identifiant de question {identifiant!r} invalide : il s'écrit comme « 2.3 ».")
    for q in questions(texte.split(".")[0]):
        if q.id == texte:
            return q
    raise KeyError(f"La question {texte} n'existe pas.")
