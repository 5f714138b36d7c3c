"""Clé de correction de l'exercice 01 — Conquérir de nouveaux clients.

Notebook : ``solutions/01_conquerir.ipynb`` (corrigé) → ``exercises/01_conquerir.ipynb``.
Les valeurs attendues sont recalculées à partir des jeux de données du cours (marque
fictive Verveine & Co, ``datasets/``) et des fonctions du paquet ; aucune n'est écrite ici.
"""

from __future__ import annotations

import functools

from relation_client.donnees import charger
from relation_client.indicateurs import cout_acquisition_client, taux_conversion
from relation_client.simulations import entonnoir
from relation_client.verification import (
    Erreur,
    Question,
    erreur_complement,
    erreur_facteur,
    erreur_inverse,
    erreur_valeur,
    normaliser_texte,
)

TITRE = "Conquérir de nouveaux clients"

ANNEE = 2025
SOURCES = ["recherche payante", "display", "réseaux sociaux", "influence", "e-mail", "référents",
           "recherche naturelle", "direct"]


# --- calculs partagés (mis en cache : un notebook reste rapide) ---------------------------

@functools.cache
def _trafic_annee():
    trafic = charger("trafic_web")
    return trafic[trafic["date"].dt.year == ANNEE]


@functools.cache
def _par_source():
    colonnes = ["visites", "leads", "commandes", "nouveaux_clients", "depense"]
    return _trafic_annee().groupby("source", observed=True)[colonnes].sum()


@functools.cache
def _achats_annee():
    achats = charger("achats")
    return achats[achats["date_achat"].dt.year == ANNEE]


def _cac_global():
    t = _trafic_annee()
    return cout_acquisition_client(t["depense"].sum(), t["nouveaux_clients"].sum())


def _cac_par_source():
    g = _par_source()
    return cout_acquisition_client(g["depense"], g["nouveaux_clients"]).rename("cac")


def _cac_moyenne_journaliere():
    t = _trafic_annee()
    t = t[t["nouveaux_clients"] > 0]
    return (t["depense"] / t["nouveaux_clients"]).groupby(t["source"], observed=True).mean()


def _entonnoir_par_source():
    g = _par_source()
    return (g.assign(taux_lead=taux_conversion(g["leads"], g["visites"]),
                     taux_transformation=taux_conversion(g["nouveaux_clients"], g["leads"]))
            [["taux_lead", "taux_transformation"]])


def _conversion_par_source():
    g = _par_source()
    return taux_conversion(g["commandes"], g["visites"])


def _part_nouveaux_clients():
    a = _achats_annee()
    return a.loc[a["rang_commande"] == 1, "client_id"].nunique() / a["client_id"].nunique()


def _simulateur(taux_premier_achat):
    return entonnoir(20_000, 0.04, taux_premier_achat, 0.30, 6_000)


# --- les questions -------------------------------------------------------------------------

QUESTIONS = [
    Question(
        "1.1", points=1, unite="taux", titre="Taux de conversion d'une boutique de vélos",
        attendu=lambda: taux_conversion(60, 2_400),
        explication=("Le taux de conversion rapporte les commandes aux visites : une visite sur "
                     "quarante se termine par un achat. On l'écrit comme une fraction (entre 0 et 1)."),
        erreurs=[
            erreur_facteur(100, "Votre réponse est en pourcentage. Dans le cours, un taux s'écrit comme une "
                                "fraction entre 0 et 1 : ne multipliez pas par 100."),
            erreur_inverse("Vous avez divisé les visites par les commandes : le taux de conversion "
                           "se calcule dans l'autre sens (ce qui est converti, sur ce qui aurait pu l'être)."),
        ]),
    Question(
        "1.2", points=2, unite="€", titre="Coût d'acquisition d'une banque en ligne",
        attendu=lambda: cout_acquisition_client(180_000, 1_500 - 300),
        explication=("Le CAC divise la dépense de conquête par les clients réellement conquis : les "
                     "clients déjà à la banque qui ouvrent un second compte ne sont pas de nouveaux clients."),
        erreurs=[
            erreur_valeur(lambda: cout_acquisition_client(180_000, 1_500),
                          "Vous avez divisé par tous les comptes ouverts. Or certains ont été ouverts par des "
                          "personnes déjà clientes : comptez des nouveaux clients, pas des comptes."),
            erreur_valeur(lambda: cout_acquisition_client(180_000, 300),
                          "Vous avez divisé par les comptes des clients déjà présents : ce sont justement "
                          "ceux qu'il ne faut pas compter comme conquis."),
            erreur_inverse("Vous avez calculé des clients par euro : le CAC est une dépense par client."),
        ]),
    Question(
        "1.3", points=2, unite="€", titre="Coût d'acquisition de Verveine & Co en 2025",
        attendu=_cac_global,
        explication=("Dépenses de l'année divisées par les nouveaux clients de l'année : c'est ce que "
                     "coûte en moyenne un client conquis, tous canaux confondus."),
        erreurs=[
            erreur_valeur(lambda: _trafic_annee()["depense"].sum() / _trafic_annee()["commandes"].sum(),
                          "Vous avez divisé par les commandes. Un client fidèle passe plusieurs commandes : "
                          "le CAC se rapporte aux nouveaux clients (colonne nouveaux_clients)."),
            erreur_valeur(lambda: cout_acquisition_client(charger("trafic_web")["depense"].sum(),
                                                          charger("trafic_web")["nouveaux_clients"].sum()),
                          "Vous avez pris les trois années : gardez seulement les lignes de 2025 "
                          "(trafic[\"date\"].dt.year == 2025)."),
            erreur_valeur(lambda: _trafic_annee()["depense"].sum() / _trafic_annee()["leads"].sum(),
                          "Vous avez calculé un coût par lead (contact obtenu), pas un coût par client "
                          "gagné : prenez la colonne nouveaux_clients."),
        ]),
    Question(
        "1.4", points=2, genre="serie", titre="Coût d'acquisition par canal",
        attendu=_cac_par_source,
        explication=("Chaque canal a son propre coût d'acquisition, et les écarts sont grands. La "
                     "recherche naturelle et l'accès direct ne coûtent rien en achat d'espace (mais du "
                     "travail : contenus, notoriété de la marque)."),
        erreurs=[
            erreur_valeur(lambda: _par_source()["depense"] / _par_source()["commandes"],
                          "Vous avez divisé par les commandes de chaque canal : le CAC se rapporte aux "
                          "nouveaux clients (colonne nouveaux_clients)."),
            erreur_valeur(_cac_moyenne_journaliere,
                          "Vous avez fait la moyenne des CAC de chaque jour : un jour à un seul client pèse "
                          "autant qu'un jour à vingt clients. Faites d'abord les sommes par canal, puis "
                          "divisez."),
        ]),
    Question(
        "1.5", points=2, genre="tableau", titre="L'entonnoir de conquête par canal",
        attendu=_entonnoir_par_source,
        explication=("Chaque étape de l'entonnoir se rapporte à l'étape précédente : une source peut "
                     "apporter peu de leads mais des leads très décidés, et inversement. L'e-mail "
                     "s'adresse surtout à des personnes déjà clientes : il crée peu de nouveaux clients."),
        erreurs=[
            erreur_valeur(lambda: _entonnoir_par_source().assign(
                taux_transformation=_par_source()["nouveaux_clients"] / _par_source()["visites"]),
                "La colonne taux_transformation doit se rapporter aux leads (l'étape précédente), "
                "pas aux visites."),
            erreur_valeur(lambda: _entonnoir_par_source().assign(
                taux_transformation=_par_source()["commandes"] / _par_source()["leads"]),
                "La colonne taux_transformation compte les nouveaux clients, pas les commandes "
                "(un client fidèle commande plusieurs fois)."),
        ]),
    Question(
        "1.6", points=1, genre="choix", choix=SOURCES, titre="Lire un graphique : la conversion par source",
        attendu=lambda: str(_conversion_par_source().idxmax()),
        explication=("C'est la barre la plus longue. Les visiteurs qui viennent directement ou par "
                     "e-mail connaissent souvent déjà la marque : ils convertissent mieux, sans coût média."),
        erreurs=[
            Erreur(lambda r, a: r == normaliser_texte(_par_source()["visites"].idxmax()),
                   "Vous avez choisi la source qui apporte le plus de visites. La question porte sur le "
                   "taux de conversion : la barre la plus longue du graphique.",
                   exemple=lambda a: str(_par_source()["visites"].idxmax())),
            Erreur(lambda r, a: r == normaliser_texte(_conversion_par_source().idxmin()),
                   "Vous avez choisi la source qui convertit le moins bien : cherchez la barre la plus "
                   "longue, pas la plus courte.",
                   exemple=lambda a: str(_conversion_par_source().idxmin())),
        ]),
    Question(
        "1.7", points=2, unite="€", titre="Simulateur d'entonnoir : effet du taux de premier achat",
        attendu=lambda: _simulateur(0.20)["cout_acquisition_client"],
        explication=("Avec la même dépense, plus de leads qui achètent, c'est plus de clients et donc un "
                     "CAC plus bas : améliorer la fin de l'entonnoir (relance, offre de bienvenue) peut "
                     "rapporter autant qu'acheter plus de visites."),
        erreurs=[
            erreur_valeur(lambda: _simulateur(0.15)["cout_acquisition_client"],
                          "C'est le CAC avant le changement : passez le taux de premier achat à 20 % "
                          "et relisez le résultat."),
            erreur_valeur(lambda: _simulateur(0.20)["cout_par_lead"],
                          "Vous avez relevé le coût par lead. La question demande le coût d'acquisition "
                          "d'un client (CAC)."),
            erreur_valeur(lambda: _simulateur(0.20)["premiers_achats"],
                          "Vous avez relevé le nombre de clients gagnés, pas le coût par client."),
        ]),
    Question(
        "1.8", points=2, unite="taux", titre="Part de nouveaux clients parmi les acheteurs de 2025",
        attendu=_part_nouveaux_clients,
        explication=("On compte des clients distincts (nunique), pas des lignes : un client fidèle "
                     "apparaît plusieurs fois dans le fichier des achats."),
        erreurs=[
            erreur_valeur(lambda: (_achats_annee()["rang_commande"] == 1).mean(),
                          "Vous avez compté des commandes, pas des clients : un client fidèle passe "
                          "plusieurs commandes. Comptez les clients distincts (nunique)."),
            erreur_complement("Vous avez calculé la part des clients déjà acquis avant 2025 : c'est le "
                              "complément de ce qui est demandé."),
            erreur_facteur(100, "Votre réponse est en pourcentage : écrivez une fraction entre 0 et 1."),
            erreur_valeur(lambda: (_achats_annee().loc[_achats_annee()["rang_commande"] == 1, "client_id"]
                                   .nunique() / len(charger("clients"))),
                          "Votre dénominateur est l'ensemble des clients du fichier clients.csv. La question "
                          "porte sur les clients qui ont acheté en 2025 seulement."),
        ]),
    Question(
        "1.9", points=3, genre="texte_libre", titre="Décision : couper le canal le plus cher ?",
        explication="Corrigée par l'enseignant."),
    Question(
        "1.10", points=3, genre="texte_libre", titre="Interroger les chiffres : 5, 7 ou 25 fois plus cher ?",
        explication="Corrigée par l'enseignant."),
]
