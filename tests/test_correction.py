"""Tests du correcteur de copies (``relation-client corriger``).

Les tests rapides portent sur la lecture des copies, l'instrumentation, la sérialisation des
réponses, la ligne de commande et l'écriture des résultats (sans noyau). Les tests ``lent``
corrigent une classe fabriquée à partir du vrai notebook d'exercice (``exercises/``) et de son
corrigé (``solutions/``) : copie complète, partielle, erreurs fréquentes, copie vierge, triche,
et chaque cas hostile (fichier vide, JSON abîmé, boucle infinie, ``os._exit``, ``sys.exit``,
effacement de fichiers, allocation démesurée, notebook d'un autre exercice, fuite du corrigé).
"""

from __future__ import annotations

import copy
import csv
import hashlib
import json
import math
import re
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from relation_client import cli, correction
from relation_client.correction import capture, decodage, ordonnancement, rapports
from relation_client.correction.copies import cle_tri_eleve
from relation_client.correction import (ACCES_CORRIGE, DELAI, INVALIDE, MAUVAIS_EXERCICE, NOYAU_ARRETE, OK,
                                        PARTIEL, ObjetNonTransmis, corriger_dossier, instrumenter, lire_copie)

RACINE = Path(__file__).resolve().parents[1]


# ---------------------------------------------------------------------------------------------
# Petits notebooks fabriqués
# ---------------------------------------------------------------------------------------------

def _code(source, question=None, role=None):
    metadata = {"relation_client": {"question": question, "role": role}} if question else {}
    return {"cell_type": "code", "execution_count": None, "metadata": metadata, "outputs": [],
            "source": source}


def _markdown(source, question=None, role=None):
    metadata = {"relation_client": {"question": question, "role": role}} if question else {}
    return {"cell_type": "markdown", "metadata": metadata, "source": source}


def _notebook(cellules):
    return {"cells": cellules, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}


def _ecrire(chemin: Path, contenu) -> Path:
    chemin.parent.mkdir(parents=True, exist_ok=True)
    texte = contenu if isinstance(contenu, str) else json.dumps(contenu, ensure_ascii=False, indent=1)
    chemin.write_text(texte, encoding="utf-8")
    return chemin


def _empreintes(dossier: Path) -> dict:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(dossier.iterdir())}


# ---------------------------------------------------------------------------------------------
# Sérialisation des réponses (noyau → correcteur) : JSON seulement, aller-retour fidèle
# ---------------------------------------------------------------------------------------------

def _aller_retour(valeur):
    return decodage.decoder(json.loads(json.dumps(capture.encoder(valeur))))


@pytest.mark.parametrize("valeur", [0.25, 3, -7, 10**30, True, False, "0,25", "é€ 😀", None, [1, 2.5, "a"],
                                    (1, "b"), {"a": 1, 2: [3]}, {1, 2}])
def test_aller_retour_valeurs_simples(valeur):
    resultat = _aller_retour(valeur)
    assert resultat == valeur and type(resultat) is type(valeur)


def test_aller_retour_valeurs_speciales():
    assert _aller_retour(...) is Ellipsis
    assert math.isnan(_aller_retour(float("nan")))
    assert _aller_retour(float("-inf")) == float("-inf")
    assert _aller_retour(np.float64(0.1)) == 0.1 and type(_aller_retour(np.float64(0.1))) is float
    assert _aller_retour(np.int64(4)) == 4
    assert _aller_retour(np.bool_(True)) is True
    assert _aller_retour(pd.Timestamp("2025-03-01")) == pd.Timestamp("2025-03-01")
    tableau = _aller_retour(np.array([[1.5, 2.0], [3.0, 4.0]]))
    assert isinstance(tableau, np.ndarray) and tableau.dtype == np.float64 and tableau.shape == (2, 2)


def test_aller_retour_series_et_dataframes():
    serie = pd.Series([0.1, 0.2], index=pd.Index(["e-mail", "display"], name="canal"), name="taux")
    resultat = _aller_retour(serie)
    pd.testing.assert_series_equal(resultat, serie, check_index_type=False)
    df = pd.DataFrame({"client_id": [1, 2], "montant": [10.5, 20.0], "segment": ["A", "B"]},
                      index=pd.Index([10, 11], name="ligne"))
    resultat = _aller_retour(df)
    assert list(resultat.columns) == ["client_id", "montant", "segment"]
    assert resultat["client_id"].dtype == np.int64 and resultat["montant"].dtype == np.float64
    assert resultat.index.name == "ligne" and list(resultat.index) == [10, 11]
    assert resultat["segment"].tolist() == ["A", "B"]


def test_objet_inconnu_transmis_par_son_texte_seulement():
    class Etrange:
        def __repr__(self):
            return "<étrange>"

    resultat = _aller_retour(Etrange())
    assert isinstance(resultat, ObjetNonTransmis) and repr(resultat) == "<étrange>"
    # Un __repr__ qui lève ne casse rien.
    class Hostile:
        def __repr__(self):
            raise SystemExit(1)

    assert isinstance(_aller_retour(Hostile()), ObjetNonTransmis)


def test_reponse_trop_volumineuse_transmise_comme_texte():
    resultat = _aller_retour(list(range(capture.LIMITE_ELEMENTS + 10)))
    assert isinstance(resultat, ObjetNonTransmis)


def test_liste_recursive_ne_boucle_pas():
    liste = [1]
    liste.append(liste)
    resultat = _aller_retour(liste)
    assert resultat[0] == 1


# ---------------------------------------------------------------------------------------------
# Instrumentation : les vérifications de l'élève sont remplacées par des captures
# ---------------------------------------------------------------------------------------------

def _sources(nb):
    return [c["source"] for c in nb["cells"]]


def test_instrumenter_remplace_les_verifications_et_ajoute_des_captures():
    nb = _notebook([
        _code("from relation_client.verification import verifier"),
        _markdown("### Question 9.1", "9.1", "enonce"),
        _code("reponse = 0.25", "9.1", "reponse"),
        _code('print("✅ Bravo !")  # cellule de vérification modifiée', "9.1", "verification"),
        _code('x = 1\nif x:\n    reponse = x\n    verifier("9.2", reponse)  # dans une autre cellule'),
        _code("# Question 9.3\nreponse = 3"),
    ])
    sortie = instrumenter(nb)
    sources = _sources(sortie)
    assert all("print(" not in s for s in sources), "la cellule de vérification de l'élève doit disparaître"
    assert sum('_capturer("9.1"' in s for s in sources) == 2  # après la réponse + à la place de la vérification
    assert '    __import__("relation_client.correction"' in sources[4] and '_capturer("9.2"' in sources[4]
    assert "verifier(" not in sources[4]
    compile(sources[4], "cellule", "exec")  # l'indentation est conservée
    assert '_capturer("9.3"' in sources[-1]
    assert all(c["outputs"] == [] and c["execution_count"] is None for c in sortie["cells"])
    assert sortie["cells"][1]["metadata"]["correction"] == {"type": "reponse", "question": "9.1"}


def test_lire_copie_statuts_sans_execution(tmp_path):
    ids = ["9.1", "9.2"]
    assert lire_copie(_ecrire(tmp_path / "vide.ipynb", ""), ids).statut == INVALIDE
    assert lire_copie(_ecrire(tmp_path / "blancs.ipynb", "  \n"), ids).statut == INVALIDE
    abime = lire_copie(_ecrire(tmp_path / "abime.ipynb", '{"cells": [{"cell_type": '), ids)
    assert abime.statut == INVALIDE and "JSON invalide" in abime.remarque
    assert lire_copie(_ecrire(tmp_path / "liste.ipynb", "[1, 2]"), ids).statut == INVALIDE
    binaire = tmp_path / "binaire.ipynb"
    binaire.write_bytes(b"\xff\xfe\x00\x81")
    assert lire_copie(binaire, ids).statut == INVALIDE
    autre = lire_copie(_ecrire(tmp_path / "autre.ipynb", _notebook([_code('verifier("8.1", reponse)')])), ids)
    assert autre.statut == MAUVAIS_EXERCICE and "8.1" in autre.remarque and "08" in autre.remarque
    rien = lire_copie(_ecrire(tmp_path / "rien.ipynb", _notebook([_code("print(1)")])), ids)
    assert rien.statut == MAUVAIS_EXERCICE and "aucune question" in rien.remarque
    bonne = lire_copie(_ecrire(tmp_path / "dupont_élodie.ipynb", _notebook(
        [_code("reponse = 1", "9.1", "reponse"), _markdown("Mon avis.", "9.2", "reponse_texte")])), ids)
    assert bonne.statut is None and bonne.eleve == "dupont_élodie" and bonne.textes == {"9.2": "Mon avis."}


# ---------------------------------------------------------------------------------------------
# Ligne de commande et sorties (sans noyau : copies invalides uniquement)
# ---------------------------------------------------------------------------------------------

def test_aide_en_francais(capsys):
    with pytest.raises(SystemExit) as fin:
        cli.main(["corriger", "--help"])
    assert fin.value.code == 0
    aide = capsys.readouterr().out
    for texte in ("DOSSIER_DES_COPIES", "--exercice", "--delai-cellule", "--delai-copie", "--processus",
                  "--sortie", "--ecraser", "affiche cette aide", "options", "jamais modifié"):
        assert texte in aide, texte
    assert "show this help" not in aide and "usage:" not in aide and aide.startswith("utilisation : ")


def test_erreurs_sans_rien_a_corriger(tmp_path, capsys):
    assert cli.main(["corriger", str(tmp_path / "absent"), "--exercice", "01"]) == 1
    assert "n'existe pas" in capsys.readouterr().err
    vide = tmp_path / "vide"
    vide.mkdir()
    (vide / "lisez-moi.txt").write_text("pas un notebook", encoding="utf-8")
    assert cli.main(["corriger", str(vide), "--exercice", "01", "--sortie", str(tmp_path / "r")]) == 1
    assert "aucun notebook" in capsys.readouterr().err
    _ecrire(vide / "a.ipynb", "")
    assert cli.main(["corriger", str(vide), "--exercice", "99", "--sortie", str(tmp_path / "r")]) == 1
    assert "exercice inconnu" in capsys.readouterr().err
    assert not (tmp_path / "r").exists()
    with pytest.raises(SystemExit) as fin:
        cli.main(["corriger", str(vide), "--exercice", "01", "--processus", "0"])
    assert fin.value.code == 2


def _exercice_disponible() -> str:
    from relation_client.verification import exercices_disponibles
    return exercices_disponibles()[0]


def test_rien_n_est_ecrase_sans_ecraser(tmp_path, capsys):
    exercice = _exercice_disponible()
    copies = tmp_path / "copies"
    _ecrire(copies / "vide.ipynb", "")
    _ecrire(copies / "abîmée.ipynb", "{")
    _ecrire(copies / "notes.ipynb.bak", "ignoré")
    _ecrire(copies / ".cachée.ipynb", "ignoré")
    sortie = tmp_path / "resultats"
    assert cli.main(["corriger", str(copies), "--exercice", exercice, "--sortie", str(sortie)]) == 0
    progression = capsys.readouterr().err  # une ligne par copie terminée (sortie non interactive)
    assert "2/2" in progression and "vide.ipynb : notebook invalide" in progression
    premier = (sortie / "notes.csv").read_bytes()
    assert premier.startswith("\ufeff".encode("utf-8"))  # BOM : Excel reconnaît l'UTF-8
    (sortie / "notes.csv").write_bytes(premier + "ajout de l'enseignant\r\n".encode("utf-8"))
    assert cli.main(["corriger", str(copies), "--exercice", exercice, "--sortie", str(sortie), "--silencieux"]) == 0
    sortie_texte = capsys.readouterr().out
    assert (sortie / "notes.csv").read_bytes().endswith("ajout de l'enseignant\r\n".encode("utf-8"))
    datees = sorted(sortie.glob("notes-*.csv"))
    assert len(datees) == 1 and datees[0].name in sortie_texte
    assert re.fullmatch(r"notes-\d{8}-\d{6}\.csv", datees[0].name)
    assert (sortie / datees[0].name.replace("notes", "retours").removesuffix(".csv") / "vide.md").exists()
    # --ecraser remplace volontairement.
    assert cli.main(["corriger", str(copies), "--exercice", exercice, "--sortie", str(sortie),
                     "--silencieux", "--ecraser"]) == 0
    assert (sortie / "notes.csv").read_bytes() != premier + "ajout de l'enseignant\r\n".encode("utf-8")
    lignes = list(csv.reader((sortie / "notes.csv").read_text(encoding="utf-8-sig").splitlines(), delimiter=";"))
    assert [ligne[0] for ligne in lignes] == ["eleve", "abîmée", "vide"]
    assert {ligne[-2] for ligne in lignes[1:]} == {INVALIDE}
    assert sorted(p.name for p in (sortie / "retours").iterdir()) == ["abîmée.md", "vide.md"]


# ---------------------------------------------------------------------------------------------
# La classe fabriquée à partir du vrai notebook d'exercice
# ---------------------------------------------------------------------------------------------

def _chercher(dossier: str, numero: str) -> Path | None:
    return next(iter(sorted((RACINE / dossier).glob(f"{numero}_*.ipynb"))), None)


def _exercice_de_la_classe() -> str:
    for numero in ("01", "02"):
        if _chercher("solutions", numero) and _chercher("exercises", numero):
            return numero
    pytest.fail("il faut solutions/01_*.ipynb (ou 02) et l'exercice généré dans exercises/ (make exercices)")


def _meta(cellule) -> dict:
    return (cellule.get("metadata") or {}).get("relation_client") or {}


def _sans_solution(source: str) -> str:
    lignes = [ligne for ligne in source.split("\n")
              if ligne.strip() not in ("### BEGIN SOLUTION", "### END SOLUTION")]
    return "\n".join(lignes)


class Classe:
    """Fabrique les copies d'élèves à partir de l'exercice et de son corrigé."""

    def __init__(self, numero: str):
        from relation_client.corriges import questions

        self.numero = numero
        self.exercice = json.loads(_chercher("exercises", numero).read_text(encoding="utf-8"))
        self.corrige = json.loads(_chercher("solutions", numero).read_text(encoding="utf-8"))
        self.questions = questions(numero)
        self.auto = [q for q in self.questions if q.genre != "texte_libre"]
        self.manuelles = [q for q in self.questions if q.genre == "texte_libre"]
        self.essentielles = [q for q in self.auto if q.parcours == "essentiel"]
        self.sur = sum(float(q.points) for q in self.essentielles)
        self.sur_tous = sum(float(q.points) for q in self.auto)
        self.solutions = {}
        for cellule in self.corrige["cells"]:
            meta = _meta(cellule)
            if meta.get("role") in ("reponse", "reponse_texte"):
                source = cellule["source"] if isinstance(cellule["source"], str) else "".join(cellule["source"])
                self.solutions[meta["question"]] = _sans_solution(source)

    def copie(self, remplies=None, remplacements=None, verifications=None, debut=None, sans_meta=False):
        """Une copie : ``remplies`` = questions répondues avec le corrigé (toutes par défaut),
        ``remplacements`` = {question: code de la cellule de réponse}, ``verifications`` =
        {question: code de la cellule de vérification}, ``debut`` = code ajouté en tête."""
        nb = copy.deepcopy(self.exercice)
        remplies = set(q.id for q in self.questions) if remplies is None else set(remplies)
        remplacements = remplacements or {}
        verifications = verifications or {}
        for cellule in nb["cells"]:
            meta = _meta(cellule)
            q = meta.get("question")
            if meta.get("role") in ("reponse", "reponse_texte"):
                if q in remplacements:
                    cellule["source"] = remplacements[q]
                elif q in remplies:
                    cellule["source"] = self.solutions[q]
            elif meta.get("role") == "verification" and q in verifications:
                cellule["source"] = verifications[q]
            if sans_meta:
                cellule.get("metadata", {}).pop("relation_client", None)
                cellule.get("metadata", {}).pop("nbgrader", None)
        if debut:
            position = next(i for i, c in enumerate(nb["cells"]) if c["cell_type"] == "code") + 1
            nb["cells"].insert(position, _code(debut))
        return nb


def _autre_exercice(classe: Classe) -> dict:
    for numero in ("02", "01", "03", "04", "05", "06"):
        chemin = _chercher("exercises", numero)
        if numero != classe.numero and chemin:
            return json.loads(chemin.read_text(encoding="utf-8"))
    # Un seul exercice disponible : ses identifiants renumérotés en « 9.k ».
    texte = json.dumps(classe.exercice, ensure_ascii=False)
    return json.loads(re.sub(rf'"{int(classe.numero)}\.(\d+)"', r'"9.\1"', texte))


FUITES = {}  # exercice → questions dont la copie « fuite » lit la valeur attendue

EFFACER = """import os, shutil
for _nom in os.listdir("."):
    (shutil.rmtree if os.path.isdir(_nom) else os.remove)(_nom)
assert os.listdir(".") == []"""


def _fabriquer_classe(dossier: Path):
    """Écrit la classe dans ``dossier`` ; renvoie (classe, attendus) où attendus[élève] décrit
    le statut de la copie et le statut attendu de chaque question automatique."""
    from relation_client.verification import evaluer

    classe = Classe(_exercice_de_la_classe())
    ids = [q.id for q in classe.auto]
    assert len(ids) >= 4, "la classe de test suppose au moins 4 questions notées automatiquement"
    juste = {q: "juste" for q in ids}
    moitie = ids[: len(ids) // 2]
    q_incident = ids[2]  # la question où survient l'incident (boucle, os._exit, sys.exit)
    avant = ids[: ids.index(q_incident)]
    apres = ids[ids.index(q_incident) + 1:]
    attendus = {}

    def ecrire(eleve, contenu, statut, questions, remarque=None, messages=None):
        _ecrire(dossier / f"{eleve}.ipynb", contenu)
        attendus[eleve] = {"statut": statut, "questions": questions, "remarque": remarque,
                           "messages": messages or {}}

    ecrire("complet", classe.copie(), OK, juste)
    ecrire("partiel", classe.copie(remplies=moitie), OK,
           {q: ("juste" if q in moitie else "a_completer") for q in ids})
    ecrire("vierge", classe.copie(remplies=[]), OK, {q: "a_completer" for q in ids})
    # Erreurs fréquentes déclarées dans la clé (questions numériques avec un exemple) : la copie
    # reçoit 0 à cette question et l'indice que l'élève aurait vu avec verifier.
    fautives = [(q, next(e for e in q.erreurs if e.exemple)) for q in classe.auto
                if q.genre == "nombre" and any(e.exemple for e in q.erreurs)][:2]
    assert fautives, "la clé devrait déclarer des erreurs fréquentes avec un exemple"
    for rang, (q, erreur) in enumerate(fautives, start=1):
        faux = float(erreur.exemple(q._valeur_attendue()))
        resultat = evaluer(q.id, faux)
        assert resultat.statut == "faux"
        ecrire(f"erreur_{rang}", classe.copie(remplacements={q.id: classe.solutions[q.id] + f"\nreponse = {faux!r}"}),
               OK, {**juste, q.id: "faux"}, messages={q.id: resultat.message})
    # Triche : verifier redéfini, cellules de vérification réécrites : aucun point de plus que « partiel ».
    triche = classe.copie(remplies=moitie, debut='def verifier(*args, **kwargs):\n    print("✅ Bravo !")',
                          verifications={q: 'print("✅ Bravo ! Réponse juste.")\nreponse = "juste"' for q in ids})
    ecrire("triche", triche, OK, {q: ("juste" if q in moitie else "a_completer") for q in ids})
    # Cas hostiles.
    ecrire("vide", "", INVALIDE, {q: "non_atteinte" for q in ids}, remarque="fichier vide")
    texte_complet = json.dumps(classe.copie(), ensure_ascii=False)
    ecrire("json_abime", texte_complet[: len(texte_complet) // 2], INVALIDE, {q: "non_atteinte" for q in ids},
           remarque="JSON invalide")
    ecrire("boucle_infinie", classe.copie(remplacements={q_incident: "while True:\n    pass"}), DELAI,
           {**juste, q_incident: "erreur"}, remarque="délai")
    ecrire("os_exit", classe.copie(remplacements={q_incident: "import os\nos._exit(1)"}), NOYAU_ARRETE,
           {**{q: "juste" for q in avant}, q_incident: "non_atteinte", **{q: "non_atteinte" for q in apres}},
           remarque="noyau")
    ecrire("sys_exit", classe.copie(remplacements={q_incident: "import sys\nsys.exit()"}), PARTIEL,
           {**juste, q_incident: "erreur"}, remarque="SystemExit")
    ecrire("efface_ses_fichiers", classe.copie(debut=EFFACER), OK, juste)
    ecrire("memoire", classe.copie(debut="gros = bytearray(8 * 2**30)  # 8 Go"), PARTIEL, juste,
           remarque="MemoryError")
    ecrire("autre_exercice", _autre_exercice(classe), MAUVAIS_EXERCICE, {q: "non_atteinte" for q in ids})
    # Fuite : la réponse lue dans la clé (valeur juste à l'exécution) ne rapporte rien, la copie est
    # « à vérifier » et la cellule est citée dans le retour.
    fuite_1, fuite_2 = FUITES[classe.numero] = [q.id for q in classe.auto if q.attendu is not None][1:3]
    ecrire("fuite", classe.copie(remplacements={
        fuite_1: f'from relation_client.verification import _question\nreponse = _question("{fuite_1}")._valeur_attendue()',
        fuite_2: f'import relation_client.corriges as cle\nreponse = cle.question("{fuite_2}").attendu()'}),
        ACCES_CORRIGE, {**juste, fuite_1: "acces_corrige", fuite_2: "acces_corrige"}, remarque="accès au corrigé")
    # Métadonnées perdues (cellules recopiées) : les lignes verifier(...) suffisent ; nom accentué.
    ecrire("lefèvre_zoé", classe.copie(sans_meta=True), OK, juste)
    return classe, attendus


@pytest.fixture(scope="module")
def classe_corrigee(tmp_path_factory):
    racine = tmp_path_factory.mktemp("classe")
    copies = racine / "copies"
    copies.mkdir()
    classe, attendus = _fabriquer_classe(copies)
    avant = _empreintes(copies)
    debut = time.monotonic()
    tableau = corriger_dossier(copies, classe.numero, racine / "resultats", processus=2, delai_cellule=5,
                               delai_copie=60, progression=False)
    duree = time.monotonic() - debut
    return {"classe": classe, "attendus": attendus, "tableau": tableau, "duree": duree, "copies": copies,
            "avant": avant, "apres": _empreintes(copies), "resultats": racine / "resultats"}


def _notes_csv(resultats: Path) -> list[dict]:
    texte = (resultats / "notes.csv").read_text(encoding="utf-8-sig")
    return list(csv.DictReader(texte.splitlines(), delimiter=";"))


def _points(texte: str) -> float:
    return float(texte.replace(",", ".")) if texte else float("nan")


@pytest.mark.lent
def test_classe_au_moins_douze_copies_et_aucune_modifiee(classe_corrigee):
    assert len(classe_corrigee["attendus"]) >= 12
    assert classe_corrigee["avant"] == classe_corrigee["apres"], "une copie rendue a été modifiée"
    assert set(classe_corrigee["avant"]) == {f"{e}.ipynb" for e in classe_corrigee["attendus"]}


@pytest.mark.lent
def test_classe_dans_les_temps(classe_corrigee):
    # 14 copies, 2 processus, délai de 5 s par cellule : bien en deçà de la somme des délais par copie.
    assert classe_corrigee["duree"] < 120, f"correction trop longue : {classe_corrigee['duree']:.0f} s"


@pytest.mark.lent
def test_classe_notes_csv(classe_corrigee):
    classe, attendus = classe_corrigee["classe"], classe_corrigee["attendus"]
    lignes = _notes_csv(classe_corrigee["resultats"])
    assert list(lignes[0].keys()) == (["eleve"] + [q.id for q in classe.questions]
                                      + ["essentiel", "sur_essentiel", "approfondissement",
                                         "sur_approfondissement", "total", "sur", "statut", "remarque"])
    assert [ligne["eleve"] for ligne in lignes] == sorted(attendus, key=cle_tri_eleve)
    points_max = {q.id: float(q.points) for q in classe.auto}
    for ligne in lignes:
        eleve = ligne["eleve"]
        attendu = attendus[eleve]
        assert ligne["statut"] == attendu["statut"], (eleve, ligne["statut"], ligne["remarque"])
        total = 0.0
        essentielles = {q.id for q in classe.essentielles}
        for q, statut in attendu["questions"].items():
            points = _points(ligne[q])
            attendu_points = points_max[q] if statut == "juste" else 0.0
            assert points == attendu_points, (eleve, q, points, statut, ligne["remarque"])
            total += points if q in essentielles else 0.0
        for q in classe.manuelles:
            assert ligne[q.id] == "", "une question rédigée est laissée vide pour l'enseignant"
        assert _points(ligne["total"]) == pytest.approx(total)
        assert _points(ligne["sur"]) == pytest.approx(classe.sur)
        # Par défaut la note est celle du parcours essentiel ; le sous-total facultatif est à part.
        assert _points(ligne["essentiel"]) == pytest.approx(total)
        assert _points(ligne["sur_essentiel"]) == pytest.approx(classe.sur)
        assert _points(ligne["sur_approfondissement"]) == pytest.approx(classe.sur_tous - classe.sur)
        if attendu["remarque"]:
            assert attendu["remarque"].lower() in ligne["remarque"].lower(), (eleve, ligne["remarque"])


@pytest.mark.lent
def test_classe_tableau_renvoye(classe_corrigee):
    tableau, classe = classe_corrigee["tableau"], classe_corrigee["classe"]
    assert isinstance(tableau, pd.DataFrame) and len(tableau) == len(classe_corrigee["attendus"])
    complet = tableau.set_index("eleve").loc["complet"]
    assert complet["total"] == complet["sur"] == classe.sur and complet["statut"] == OK
    assert set(tableau["statut"]) <= set(correction.STATUTS)


@pytest.mark.lent
def test_classe_retours(classe_corrigee):
    classe, attendus = classe_corrigee["classe"], classe_corrigee["attendus"]
    retours = classe_corrigee["resultats"] / "retours"
    assert sorted(p.stem for p in retours.glob("*.md")) == sorted(attendus)
    for eleve, attendu in attendus.items():
        texte = (retours / f"{eleve}.md").read_text(encoding="utf-8")
        assert f"# Retour de correction — {eleve}" in texte
        assert f"Statut de la copie : **{attendu['statut']}**" in texte
        for q in classe.questions:
            assert f"## Question {q.id}" in texte
        for q, message in attendu["messages"].items():
            assert message in texte, (eleve, q)  # le même indice que l'élève voyait
    complet = (retours / "complet.md").read_text(encoding="utf-8")
    assert f"**Note automatique : {rapports.nombre_csv(classe.sur)} / {rapports.nombre_csv(classe.sur)}**" in complet
    for q in classe.manuelles:  # la réponse rédigée est recopiée pour l'enseignant
        premiere_ligne = next(ligne for ligne in classe.solutions[q.id].splitlines() if ligne.strip())
        assert premiere_ligne.strip() in complet
        assert "à corriger par l'enseignant" in complet
    boucle = (retours / "boucle_infinie.md").read_text(encoding="utf-8")
    assert "délai" in boucle
    fuite = (retours / "fuite.md").read_text(encoding="utf-8")
    assert "## À vérifier : accès au corrigé" in fuite
    for q in FUITES[classe.numero]:  # chaque cellule fautive est citée, et la question notée 0
        assert f'_question("{q}")._valeur_attendue()' in fuite or f'cle.question("{q}").attendu()' in fuite
        assert f"cellule de réponse de la question {q}" in fuite
        assert re.search(rf"\| {re.escape(q)} \| [^|]+ \| 0 / [^|]+ \| À vérifier : accès au corrigé", fuite)


@pytest.mark.lent
def test_delai_par_copie_arrete_la_copie_et_garde_les_reponses(tmp_path):
    classe = Classe(_exercice_de_la_classe())
    ids = [q.id for q in classe.auto]
    tetue = "import time\nwhile True:\n    try:\n        time.sleep(0.05)\n    except BaseException:\n        pass"
    _ecrire(tmp_path / "copies" / "tetue.ipynb", classe.copie(remplacements={ids[1]: tetue}))
    debut = time.monotonic()
    tableau = corriger_dossier(tmp_path / "copies", classe.numero, None, processus=1, delai_cellule=30,
                               delai_copie=12, progression=False)
    duree = time.monotonic() - debut
    ligne = tableau.iloc[0]
    assert ligne["statut"] == DELAI and "durée maximale" in ligne["remarque"]
    assert ligne[ids[0]] == float(classe.auto[0].points)  # la réponse obtenue avant compte
    assert ligne[ids[1]] == 0
    assert duree < 40


@pytest.mark.lent
def test_processus_de_correction_tue_n_arrete_pas_les_autres(tmp_path, monkeypatch):
    import os
    import signal
    import threading

    classe = Classe(_exercice_de_la_classe())
    ids = [q.id for q in classe.auto]
    marque = tmp_path / "question_2_commencee"
    _ecrire(tmp_path / "copies" / "a_lente.ipynb",
            classe.copie(remplacements={ids[1]: f"import pathlib, time\npathlib.Path({str(marque)!r}).touch()\n"
                                                "time.sleep(25)"}))
    _ecrire(tmp_path / "copies" / "b_complete.ipynb", classe.copie())
    lances = []
    origine = ordonnancement.ProcessusCorrection.__init__

    def enregistrer(self, *args, **kwargs):
        origine(self, *args, **kwargs)
        lances.append(self.processus.pid)

    monkeypatch.setattr(ordonnancement.ProcessusCorrection, "__init__", enregistrer)

    def tuer_le_premier():
        limite = time.monotonic() + 60
        while not (lances and marque.exists()) and time.monotonic() < limite:
            time.sleep(0.1)  # attendre que la copie lente dorme dans sa question 2
        time.sleep(0.5)
        os.kill(lances[0], signal.SIGKILL)

    threading.Thread(target=tuer_le_premier, daemon=True).start()
    tableau = corriger_dossier(tmp_path / "copies", classe.numero, None, processus=1, delai_cellule=30,
                               delai_copie=60, progression=False).set_index("eleve")
    assert len(lances) == 2, "un nouveau processus de correction prend le relais"
    assert tableau.loc["a_lente", "statut"] == NOYAU_ARRETE
    assert "interrompu" in tableau.loc["a_lente", "remarque"]
    assert tableau.loc["a_lente", ids[0]] == float(classe.auto[0].points)
    assert tableau.loc["b_complete", "statut"] == OK
    assert tableau.loc["b_complete", "total"] == classe.sur


# ---------------------------------------------------------------------------
# Deux parcours : note du parcours essentiel par défaut, « --parcours tous » sur demande
# ---------------------------------------------------------------------------

def _copie_deux_parcours(parcours_compte):
    from relation_client.correction import CopieNotee, NoteQuestion

    notes = [NoteQuestion("1.1", "juste", 2.0, 2.0, "", parcours="essentiel"),
             NoteQuestion("1.2", "faux", 0.0, 3.0, "", parcours="essentiel"),
             NoteQuestion("1.3", "manuel", None, 4.0, "", parcours="essentiel"),
             NoteQuestion("1.4", "juste", 5.0, 5.0, "", parcours="approfondissement")]
    return CopieNotee("dupont", "dupont.ipynb", OK, "", notes, parcours_compte=parcours_compte)


def test_note_par_defaut_parcours_essentiel():
    copie = _copie_deux_parcours("essentiel")
    assert (copie.total, copie.sur) == (2.0, 5.0)  # la question rédigée (manuelle) n'est pas comptée
    assert copie.points_parcours("approfondissement") == (5.0, 5.0)
    retour = rapports.retour_markdown(copie, "01")
    assert "**Note automatique : 2 / 5** (parcours essentiel)" in retour
    assert "Pour aller plus loin (facultatives, non comptées dans la note) : 5 / 5" in retour


def test_note_parcours_tous():
    copie = _copie_deux_parcours("tous")
    assert (copie.total, copie.sur) == (7.0, 10.0)
    assert "comptées dans la note" in rapports.retour_markdown(copie, "01")


def test_notes_csv_colonnes_des_deux_parcours(tmp_path):
    class Q:
        def __init__(self, ident, parcours, genre="nombre"):
            self.id, self.parcours, self.genre = ident, parcours, genre

    questions = [Q("1.1", "essentiel"), Q("1.2", "essentiel"), Q("1.3", "essentiel", "texte_libre"),
                 Q("1.4", "approfondissement")]
    chemin = tmp_path / "notes.csv"
    rapports.ecrire_notes(chemin, [_copie_deux_parcours("essentiel")], questions)
    (ligne,) = _notes_csv(tmp_path)
    assert ligne["essentiel"] == "2" and ligne["sur_essentiel"] == "5"
    assert ligne["approfondissement"] == "5" and ligne["sur_approfondissement"] == "5"
    assert ligne["total"] == "2" and ligne["sur"] == "5"


def test_parcours_inconnu_refuse_en_francais(tmp_path, capsys):
    (tmp_path / "a.ipynb").write_text("{}", encoding="utf-8")
    with pytest.raises(correction.ErreurCorrection, match="parcours inconnu"):
        corriger_dossier(tmp_path, "01", parcours="facultatif", progression=False)
    with pytest.raises(SystemExit):
        cli.main(["corriger", str(tmp_path), "--exercice", "01", "--parcours", "tout"])
    erreur = capsys.readouterr().err
    assert "choix invalide" in erreur and "choix possibles" in erreur
    assert "invalid choice" not in erreur and "argument" not in erreur


def test_cle_incalculable_arrete_la_correction_avant_toute_copie(tmp_path):
    from relation_client.verification import Question, evaluer

    copies = tmp_path / "copies"
    copies.mkdir()
    (copies / "dupont.ipynb").write_text("{}", encoding="utf-8")
    cassee = Question("9.2", points=2, attendu=lambda: 1 / 0)
    bonne = Question("9.1", points=1, attendu=lambda: 0.5)
    with pytest.raises(correction.ErreurCorrection, match=r"question 9\.2 ne peut pas être calculée"):
        corriger_dossier(copies, "09", tmp_path / "resultats", progression=False,
                         _bareme_test=([bonne, cassee], evaluer))
    assert not (tmp_path / "resultats").exists(), "rien n'est écrit quand la clé est cassée"
