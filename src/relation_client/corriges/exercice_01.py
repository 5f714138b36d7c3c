"""Clé de correction de l'exercice 01 — Conquérir de nouveaux clients.

Notebook : ``solutions/01_conquerir.ipynb`` (corrigé) → ``exercises/01_conquerir.ipynb``.
Les valeurs attendues sont recalculées à partir des jeux de données du cours (marque
fictive Verveine & Co, ``datasets/``) et des fonctions du paquet ; aucune n'est écrite ici.

Deux parcours : les questions 1.1 à 1.10 forment le parcours essentiel (sans programmation :
une expression ou un appel de fonction du cours sur des valeurs préparées, un chiffre lu sur
le simulateur, un choix, deux questions rédigées) ; 1.11 et 1.12 sont « Pour aller plus loin »
(pandas, facultatif).
"""

from __future__ import annotations

import functools

from relation_client.cles import (
    Erreur,
    Question,
    erreur_complement,
    erreur_facteur,
    erreur_inverse,
    erreur_pourcentage,
    erreur_valeur,
    normaliser_texte,
)
from relation_client.donnees import charger
from relation_client.indicateurs import cout_acquisition_client, taux_conversion
from relation_client.regroupements import (
    nombre_clients,
    premieres_commandes,
    selection_periode,
    total,
    totaux_par,
)
from relation_client.simulations import entonnoir

TITRE = "Conquérir de nouveaux clients"

ANNEE = 2025
SOURCES = ["recherche payante", "display", "réseaux sociaux", "influence", "e-mail", "référents",
           "recherche naturelle", "direct"]
APPROFONDISSEMENT = "approfondissement"


# --- calculs partagés (mis en cache : un notebook reste rapide) ---------------------------

@functools.cache
def _trafic_annee():
    return selection_periode(charger("trafic_web"), ANNEE)


def _total(colonne):
    return total(_trafic_annee(), colonne)


@functools.cache
def _par_source():
    return totaux_par(_trafic_annee(), "source")


@functools.cache
def _achats_annee():
    return selection_periode(charger("achats"), ANNEE)


def _cac_global():
    return cout_acquisition_client(_total("depense"), _total("nouveaux_clients"))


def _cac_par_source():
    g = _par_source()
    return cout_acquisition_client(g["depense"], g["nouveaux_clients"])


def _conversion_par_source():
    g = _par_source()
    return taux_conversion(g["commandes"], g["visites"])


def _acheteurs():
    return nombre_clients(_achats_annee())


def _nouveaux_acheteurs():
    return nombre_clients(premieres_commandes(_achats_annee()))


def _simulateur(taux_premier_achat):
    return entonnoir(20_000, 0.04, taux_premier_achat, 0.30, 6_000)


# --- « Pour aller plus loin » : calculs pandas ---------------------------------------------

@functools.cache
def _par_source_annee():
    trafic = charger("trafic_web")
    trafic = trafic.assign(annee=trafic["date"].dt.year)
    return trafic.groupby(["source", "annee"], observed=True)[["depense", "nouveaux_clients",
                                                                "commandes"]].sum()


def _cac_source_annee():
    g = _par_source_annee()
    return (g["depense"] / g["nouveaux_clients"]).unstack("annee")


def _cac_source_annee_moyenne_journaliere():
    trafic = charger("trafic_web")
    trafic = trafic[trafic["nouveaux_clients"] > 0]
    cac_jour = trafic["depense"] / trafic["nouveaux_clients"]
    return cac_jour.groupby([trafic["source"], trafic["date"].dt.year.rename("annee")],
                            observed=True).mean().unstack("annee")


def _entonnoir_par_source():
    g = _par_source()
    return (g.assign(taux_lead=g["leads"] / g["visites"],
                     taux_transformation=g["nouveaux_clients"] / g["leads"])
            [["taux_lead", "taux_transformation"]])


# --- les questions -------------------------------------------------------------------------

QUESTIONS = [
    # ----------------------------------------------------------------- parcours essentiel
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
            erreur_valeur(lambda: _total("depense") / _total("commandes"),
                          "Vous avez divisé par les commandes. Un client fidèle passe plusieurs commandes : "
                          "le CAC se rapporte aux nouveaux clients (nouveaux_clients_2025)."),
            erreur_valeur(lambda: _total("depense") / _total("leads"),
                          "Vous avez calculé un coût par lead (contact obtenu), pas un coût par client "
                          "gagné : divisez par nouveaux_clients_2025."),
            erreur_valeur(lambda: _total("depense") / _total("visites"),
                          "Vous avez calculé un coût par visite. Le CAC est une dépense par nouveau "
                          "client : divisez par nouveaux_clients_2025."),
            erreur_inverse("Vous avez divisé les nouveaux clients par la dépense : le CAC est une "
                           "dépense (en euros) par client, la dépense va au numérateur."),
        ]),
    Question(
        "1.4", points=1, unite="taux", titre="Taux de transformation des leads en clients (2025)",
        attendu=lambda: _total("nouveaux_clients") / _total("leads"),
        explication=("Chaque étape de l'entonnoir se rapporte à l'étape précédente : ici, les nouveaux "
                     "clients se rapportent aux leads, pas aux visites."),
        erreurs=[
            erreur_valeur(lambda: _total("nouveaux_clients") / _total("visites"),
                          "Vous avez rapporté les nouveaux clients aux visites : vous avez sauté une étape. "
                          "Le taux de transformation se rapporte à l'étape précédente, les leads."),
            erreur_valeur(lambda: _total("commandes") / _total("leads"),
                          "Vous avez pris les commandes. Un client fidèle commande plusieurs fois : "
                          "comptez les nouveaux clients (nouveaux_clients_2025)."),
            erreur_valeur(lambda: _total("leads") / _total("visites"),
                          "C'est l'étape d'avant (des visites aux leads). La question porte sur l'étape "
                          "suivante : des leads aux nouveaux clients."),
            erreur_inverse("Vous avez divisé les leads par les nouveaux clients : mettez au numérateur "
                           "ce qui est obtenu (les nouveaux clients)."),
        ]),
    Question(
        "1.5", points=2, genre="serie", titre="Coût d'acquisition de chaque source",
        attendu=_cac_par_source,
        explication=("Chaque canal a son propre coût d'acquisition, et les écarts sont grands. La "
                     "recherche naturelle et l'accès direct ne coûtent rien en achat d'espace (mais du "
                     "travail : contenus, notoriété de la marque)."),
        erreurs=[
            erreur_valeur(lambda: _par_source()["depense"] / _par_source()["commandes"],
                          "Vous avez divisé par les commandes de chaque source : le CAC se rapporte aux "
                          "nouveaux clients (nouveaux_clients_par_source)."),
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
        attendu=lambda: _nouveaux_acheteurs() / _acheteurs(),
        explication=("On compte des clients différents, pas des lignes : un client fidèle apparaît "
                     "plusieurs fois dans le fichier des achats."),
        erreurs=[
            erreur_valeur(lambda: _nouveaux_acheteurs() / len(_achats_annee()),
                          "Vous avez divisé par les commandes, pas par les clients : un client fidèle passe "
                          "plusieurs commandes. Divisez par le nombre d'acheteurs (acheteurs_2025)."),
            erreur_complement("Vous avez calculé la part des clients déjà acquis avant 2025 : c'est le "
                              "complément de ce qui est demandé."),
            erreur_pourcentage(),
            erreur_inverse("Vous avez divisé les acheteurs par les nouveaux clients : la part se calcule "
                           "avec la partie (les nouveaux) au numérateur et le tout (les acheteurs) en bas."),
        ]),
    Question(
        "1.9", points=3, genre="texte_libre", titre="Décision : couper le canal le plus cher ?",
        explication="Corrigée par l'enseignant."),
    Question(
        "1.10", points=3, genre="texte_libre", titre="Interroger les chiffres : 5, 7 ou 25 fois plus cher ?",
        explication="Corrigée par l'enseignant."),
    # ----------------------------------------------------------------- pour aller plus loin
    Question(
        "1.11", points=2, genre="tableau", parcours=APPROFONDISSEMENT,
        titre="Le CAC de chaque source, année par année",
        attendu=_cac_source_annee,
        explication=("Pour chaque source et chaque année, on additionne d'abord les dépenses et les "
                     "nouveaux clients, puis on divise. Comparez les années : le CAC d'un canal n'est "
                     "pas fixé une fois pour toutes, et un canal qui coûte plus cher chaque année "
                     "mérite d'être surveillé avant de décider de son budget."),
        erreurs=[
            erreur_valeur(_cac_source_annee_moyenne_journaliere,
                          "Vous avez fait la moyenne des CAC de chaque jour : un jour à un seul client pèse "
                          "autant qu'un jour à vingt clients. Additionnez d'abord dépenses et nouveaux "
                          "clients par source et par année, puis divisez."),
            erreur_valeur(lambda: (_par_source_annee()["depense"]
                                   / _par_source_annee()["commandes"]).unstack("annee"),
                          "Vous avez divisé par les commandes : le CAC se rapporte aux nouveaux clients."),
        ]),
    Question(
        "1.12", points=2, genre="tableau", parcours=APPROFONDISSEMENT,
        titre="L'entonnoir de conquête par source",
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
]
