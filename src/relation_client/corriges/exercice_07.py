"""Clé de correction de l'exercice 07 — Prédire la valeur d'un client (BG/NBD et Gamma-Gamma, CDNOW).

Notebook : ``solutions/07_predire_la_valeur.ipynb`` (corrigé) → ``exercises/07_predire_la_valeur.ipynb``.
Les valeurs attendues sont recalculées à partir du jeu de données CDNOW (``charger("cdnow")``)
et des fonctions de :mod:`relation_client.prediction` ; aucune n'est écrite ici.

Deux parcours : 7.1 à 7.8 forment le parcours essentiel (calculs sur les paramètres du modèle
préparés par le notebook, appel d'une fonction du cours, lecture du simulateur ``simulateur_client``,
choix, décision rédigée) ; 7.9 est la question pandas facultative (« Pour aller plus loin »).
"""

from __future__ import annotations

import functools

from relation_client.cles import (
    Question,
    erreur_choix,
    erreur_complement,
    erreur_inverse,
    erreur_pourcentage,
    erreur_valeur,
)
from relation_client.donnees import charger
from relation_client.prediction import (
    achats_attendus,
    ajuster_bgnbd,
    ajuster_gamma_gamma,
    probabilite_vivant,
    resume_par_client,
    valeur_client,
)
from relation_client.segmentation import part_pareto

TITRE = "Prédire la valeur d'un client : le modèle BG/NBD sur les clients de CDNOW"

FIN_CALIBRATION = "1997-09-30"
FIN_TEST = "1998-06-30"
SEMAINES_TEST = 39
CLIENT = 145
# Réglages du simulateur donnés par l'énoncé de la question 7.4.
SIMULATEUR = {"frequence": 2, "recence": 10, "anciennete": 39}
RECENCE_DEPART = 30  # réglage de départ du curseur (simulateur_client)
SEUIL_BONS, SEUIL_PARTIS, SEUIL_PRESENTS = 3, 0.3, 0.7
OPTIONS_RECONQUETE = ["A", "B", "C", "D"]

FACULTATIF = "approfondissement"


# --- calculs partagés (mis en cache) ----------------------------------------------------

@functools.cache
def _resume():
    return resume_par_client(charger("cdnow"), FIN_CALIBRATION, FIN_TEST)


@functools.cache
def _modele():
    return ajuster_bgnbd(_resume())


@functools.cache
def _montants():
    return ajuster_gamma_gamma(_resume())


def _client(semaines=SEMAINES_TEST, frequence=None):
    ligne = _resume().loc[CLIENT]
    x = ligne["frequence"] if frequence is None else frequence
    return _modele().achats_attendus(semaines, x, ligne["recence"], ligne["anciennete"])


def _vivant_client():
    ligne = _resume().loc[CLIENT]
    return _modele().probabilite_vivant(ligne["frequence"], ligne["recence"], ligne["anciennete"])


def _simulateur(**autres):
    return _modele().probabilite_vivant(**dict(SIMULATEUR, **autres))


@functools.cache
def _valeur_future():
    return valeur_client(_modele(), _montants(), _resume(), semaines=52, taux_actualisation=0.10)


def _reels():
    return float(_resume()["achats_test"].sum())


@functools.cache
def _predits():
    return float(achats_attendus(_modele(), _resume(), SEMAINES_TEST).sum())


def _bons(seuil=SEUIL_BONS, strict=False):
    resume = _resume()
    vivant = probabilite_vivant(_modele(), resume)
    garde = resume["frequence"] > seuil if strict else resume["frequence"] >= seuil
    return vivant[garde]


def _bons_partis(**options):
    return float((_bons(**options) < SEUIL_PARTIS).sum())


# --- les questions -------------------------------------------------------------------------

QUESTIONS = [
    # --- parcours essentiel ---------------------------------------------------------------
    Question(
        "7.1", points=1, unite="achats par semaine", titre="Le rythme d'achat moyen d'un client encore là",
        attendu=lambda: _modele().r / _modele().alpha,
        explication=("En moyenne, un client encore là achète environ une fois toutes les 18 semaines "
                     "(1 ÷ ce rythme) ; mais chaque client a son propre rythme, et le modèle garde cette "
                     "diversité."),
        erreurs=[
            erreur_inverse("Vous avez divisé α par r : c'est le nombre de semaines entre deux achats. Le "
                           "rythme d'achat est r ÷ α (des achats par semaine)."),
            erreur_valeur(lambda: _modele().a / (_modele().a + _modele().b),
                          "Vous avez utilisé a et b, qui décrivent les départs : le rythme d'achat se "
                          "calcule avec r et α."),
            erreur_valeur(lambda: _modele().r * _modele().alpha,
                          "Vous avez multiplié r par α : le rythme moyen est une division, r ÷ α."),
        ]),
    Question(
        "7.2", points=1, unite="taux", titre="La probabilité de partir après un achat",
        attendu=lambda: _modele().a / (_modele().a + _modele().b),
        explication=("En moyenne, environ une chance sur quatre de partir après chaque achat : c'est pour "
                     "cela qu'un long silence, chez un client qui achetait souvent, rend son départ "
                     "probable."),
        erreurs=[
            erreur_complement("Vous avez calculé b ÷ (a + b), la probabilité de rester après un achat. La "
                              "question porte sur le départ : a au numérateur."),
            erreur_valeur(lambda: _modele().a / _modele().b,
                          "Vous avez divisé a par b : le dénominateur est la somme a + b (pensez aux "
                          "parenthèses)."),
            erreur_valeur(lambda: _modele().r / _modele().alpha,
                          "Vous avez utilisé r et α, qui décrivent le rythme des achats : les départs se "
                          "calculent avec a et b."),
            erreur_pourcentage(),
        ]),
    Question(
        "7.3", points=2, unite="achats", titre="Les achats attendus du client 145 sur 39 semaines",
        attendu=_client,
        explication=("Le modèle combine la probabilité que le client soit encore là et son rythme d'achat : "
                     "le résultat n'est pas un nombre entier, c'est une moyenne sur tous les avenirs "
                     "possibles."),
        erreurs=[
            erreur_valeur(lambda: _client(52),
                          "Vous avez pris 52 semaines : la période de test dure 39 semaines."),
            erreur_valeur(lambda: _client(78),
                          "Vous avez pris 78 semaines : la période de test dure 39 semaines."),
            erreur_valeur(_vivant_client,
                          "Vous avez calculé la probabilité d'être encore client : la question demande le "
                          "nombre d'achats attendus (achats_attendus)."),
            erreur_valeur(lambda: _client(frequence=_resume().loc[CLIENT, "frequence"] + 1),
                          "Vous avez compté le premier achat dans la fréquence : le modèle compte "
                          "seulement les achats répétés (frequence_145)."),
        ]),
    Question(
        "7.4", points=1, unite="taux", tolerance_abs=0.01,
        titre="Simulateur : un client silencieux depuis 29 semaines est-il encore là ?",
        attendu=_simulateur,
        explication=("Avec le même nombre d'achats, reculer la date du dernier achat fait chuter la "
                     "probabilité d'être encore client : un long silence est inquiétant."),
        erreurs=[
            erreur_valeur(lambda: _simulateur(recence=RECENCE_DEPART),
                          "C'est la probabilité avec le réglage de départ : déplacez le curseur « Semaines "
                          "entre le premier et le dernier achat » jusqu'à 10."),
            erreur_complement("Vous avez donné la probabilité d'être parti : relevez la ligne « Probabilité "
                              "d'être encore client »."),
            erreur_pourcentage(),
        ]),
    Question(
        "7.5", points=2, unite="taux", titre="La part de la valeur future des 10 % meilleurs clients",
        attendu=lambda: part_pareto(_valeur_future(), 0.1),
        explication=("La valeur future est très concentrée : une petite minorité de clients, qui achètent "
                     "souvent et récemment, porte plus de la moitié de ce que la clientèle rapportera."),
        erreurs=[
            erreur_valeur(lambda: part_pareto(_valeur_future(), 0.2),
                          "Vous avez pris les 20 % meilleurs clients : la question porte sur les 10 % "
                          "(0.1)."),
            erreur_valeur(lambda: part_pareto(_resume()["achats_test"], 0.1),
                          "Vous avez pris les achats de la période de test : la question porte sur la "
                          "valeur future prédite (valeur_future)."),
            erreur_complement("Vous avez calculé la part des 90 % de clients restants : la question porte "
                              "sur les 10 % les plus précieux."),
            erreur_pourcentage(),
        ]),
    Question(
        "7.6", points=1, unite="taux", titre="Prévu ou réel : le modèle sur les 39 semaines de test",
        attendu=lambda: _predits() / _reels(),
        explication=("Le modèle a prévu un peu moins d'achats qu'il n'y en a eu, mais l'ordre de grandeur "
                     "est bon, sur des semaines qu'il n'avait jamais vues : c'est ainsi qu'on juge une "
                     "prévision."),
        erreurs=[
            erreur_inverse("Vous avez divisé les achats réels par les achats prédits : c'est l'inverse "
                           "(les achats prédits, sur les achats réels)."),
            erreur_valeur(lambda: _reels() - _predits(),
                          "Vous avez fait une soustraction : c'est un écart en nombre d'achats. La question "
                          "demande une part : divisez."),
            erreur_valeur(lambda: _predits() - _reels(),
                          "Vous avez fait une soustraction : c'est un écart en nombre d'achats. La question "
                          "demande une part : divisez."),
            erreur_pourcentage(),
        ]),
    Question(
        "7.7", points=1, genre="choix", choix=OPTIONS_RECONQUETE,
        titre="Quel client viser par une campagne de reconquête ?",
        empreinte="3b2dbe14f8f3e2c5938300814142a6c73c26b364d09b650df86bbfe246da1e2f",
        explication=("Une reconquête vise un bon client probablement parti : il a beaucoup acheté, mais son "
                     "silence est anormal pour lui. Le client encore là n'a pas besoin d'être reconquis, "
                     "et un client d'un seul achat ne mérite qu'une relance peu coûteuse."),
        erreurs=[
            erreur_choix("A", "Ce client est très probablement encore là : il n'y a rien à reconquérir, il "
                              "faut le garder, sans lui offrir de réduction dont il n'a pas besoin."),
            erreur_choix("C", "Ce client n'a jamais racheté : une relance peu coûteuse (un e-mail) suffit. "
                              "Une campagne de reconquête vise un bon client qui a cessé d'acheter."),
            erreur_choix("D", "Ce client a acheté récemment : sa probabilité d'être encore client est "
                              "élevée. Cherchez celui dont le silence est anormal pour lui."),
        ]),
    Question(
        "7.8", points=3, genre="texte_libre", titre="Décision : qui reconquérir, et avec quel budget ?",
        explication="Corrigée par l'enseignant."),
    # --- pour aller plus loin (facultatif) ------------------------------------------------
    Question(
        "7.9", points=2, unite="clients", titre="Combien de bons clients probablement partis ?",
        parcours=FACULTATIF,
        attendu=_bons_partis,
        explication=("Ce petit groupe est la cible d'une campagne de reconquête : quelques dizaines de "
                     "clients, et non toute la base."),
        erreurs=[
            erreur_valeur(lambda: float((_bons() >= SEUIL_PRESENTS).sum()),
                          "Vous avez compté les bons clients probablement encore là : gardez ceux dont la "
                          "probabilité est inférieure à 0,3."),
            erreur_valeur(lambda: _bons_partis(strict=True),
                          "Vous avez gardé les clients de plus de 3 achats répétés : « 3 ou plus » inclut "
                          "ceux qui en ont exactement 3."),
            erreur_valeur(lambda: float((probabilite_vivant(_modele(), _resume()) < SEUIL_PARTIS).sum()),
                          "Vous avez compté tous les clients probablement partis : gardez seulement ceux "
                          "qui ont fait au moins 3 achats répétés."),
        ]),
]
