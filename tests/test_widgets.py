"""Widgets : on règle chaque contrôle en Python et on lit les chiffres affichés.

Les chiffres attendus sont recalculés avec les fonctions pures et écrits avec
``formatage`` (jamais tapés en dur). On vérifie aussi que l'image est un PNG, que la
même figure est réutilisée (aucun artiste ajouté) et qu'un réglage impossible affiche
un refus en français au lieu de lever une exception.
"""

import html
import re

import numpy as np
import pandas as pd
import pytest

from relation_client import widgets as W
from relation_client.formatage import ESPACE_UNITE as U
from relation_client.formatage import euros, nombre, pourcentage
from relation_client.graphiques import MOIS_FR
from relation_client.indicateurs import (
    cout_acquisition_client,
    cout_par_lead,
    taux_attrition,
    taux_clics,
    taux_conversion,
    taux_desabonnement,
    taux_engagement,
    taux_ouverture,
    variation_profit_retention,
)
from relation_client.simulations import (
    TWEETS_HM_2018,
    courbe_repartition_budget,
    diffusion_bad_buzz,
    entonnoir,
    pression_email,
    repartition_budget,
    roi_influence,
)
from relation_client.valeur import multiple_marge, valeur_vie_retention, valeur_vie_simple

PNG = b"\x89PNG\r\n\x1a\n"


def texte(w) -> str:
    """Le résultat tel qu'un élève le lit (balises retirées, entités décodées)."""
    return html.unescape(re.sub(r"<[^>]+>", "", w.resultat.value))


def ligne(libelle, valeur) -> str:
    return f"{libelle}{U}: {valeur}"


def signe(fraction, decimales=1):
    t = pourcentage(fraction, decimales)
    return t if fraction <= 0 else "+" + t


def nb_artistes(fig):
    return sum(len(ax.get_children()) for ax in fig.axes)


def verifier_affichage(w, attendus):
    lu = texte(w)
    assert w.message.value == "", w.message.value
    for attendu in attendus:
        assert attendu in lu, f"{attendu!r} absent de {lu!r}"


def parcourir(w, nouvelles_valeurs, attendu):
    """Change chaque contrôle tour à tour ; vérifie chiffres, PNG et figure réutilisée."""
    assert set(nouvelles_valeurs) == set(w.controles), "chaque contrôle doit être testé"
    verifier_affichage(w, attendu(w.valeurs()))
    figure, artistes = w.figure, nb_artistes(w.figure)
    for nom, valeur in nouvelles_valeurs.items():
        image_avant = bytes(w.image.value)
        w.controles[nom].value = valeur
        assert w.controles[nom].value == valeur
        verifier_affichage(w, attendu(w.valeurs()))
        assert bytes(w.image.value).startswith(PNG)
        assert bytes(w.image.value) != image_avant, f"le graphique n'a pas changé après {nom}"
        assert w.figure is figure and nb_artistes(w.figure) == artistes


def verifier_refus(w, reglages):
    resultat, image = w.resultat.value, bytes(w.image.value)
    for nom, valeur in reglages.items():
        w.controles[nom].value = valeur
    assert "Réglage impossible" in w.message.value
    assert w.resultat.value == resultat and bytes(w.image.value) == image


# --------------------------------------------------------------------------- leçon 00

def test_premier_curseur():
    w = W.premier_curseur()

    def attendu(v):
        return [ligne("Achats par an", nombre(v["achats_par_an"])),
                ligne("Marge rapportée par ce client en un an",
                      euros(valeur_vie_simple(30.0, v["achats_par_an"], 0.4, 1)))]

    parcourir(w, {"achats_par_an": 10}, attendu)
    assert ligne("Marge rapportée par ce client en un an", f"120,00{U}€") in texte(w)


# --------------------------------------------------------------------------- leçon 01

def test_simulateur_entonnoir():
    w = W.simulateur_entonnoir()

    def attendu(v):
        r = entonnoir(**v)
        return [ligne("Contacts qualifiés (leads)", nombre(r["leads"])),
                ligne("Clients gagnés (premier achat)", nombre(r["premiers_achats"])),
                ligne("Clients fidèles (second achat)", nombre(r["clients_fideles"])),
                ligne("Conversion visites → clients", pourcentage(r["conversion_globale"], 2)),
                ligne("Coût par contact qualifié (CPL)", euros(r["cout_par_lead"])),
                ligne("Coût d'acquisition client (CAC)", euros(r["cout_acquisition_client"]))]

    parcourir(w, {"visites": 20_000, "taux_lead": 0.03, "taux_premier_achat": 0.25,
                  "taux_second_achat": 0.4, "depense": 8_000.0}, attendu)
    verifier_refus(w, {"visites": 0})
    assert "visites vaut 0" in w.message.value
    w.controles["visites"].value = 10_000
    assert w.message.value == ""
    verifier_refus(w, {"taux_lead": 0.0})
    assert "leads vaut 0" in w.message.value


# --------------------------------------------------------------------------- leçon 02

def test_simulateur_valeur_client():
    w = W.simulateur_valeur_client()

    def attendu(v):
        m = valeur_vie_simple(v["panier_moyen"], v["achats_par_an"], v["taux_marque"], 1)
        r, i, h = v["taux_retention"], v["taux_actualisation"], v["horizon"]
        return [ligne("Marge annuelle d'un client", euros(m)),
                ligne(f"Valeur client sur {h} ans" if h > 1 else "Valeur client sur 1 an",
                      euros(valeur_vie_retention(m, r, i, h))),
                ligne("Valeur client sur un horizon infini", euros(valeur_vie_retention(m, r, i))),
                ligne("Multiple de marge", nombre(multiple_marge(r, i), 2))]

    parcourir(w, {"panier_moyen": 80.0, "achats_par_an": 6, "taux_marque": 0.35, "taux_retention": 0.85,
                  "taux_actualisation": 0.08, "horizon": 1}, attendu)
    w.controles["horizon"].value = 20
    verifier_affichage(w, attendu(w.valeurs()))
    w.controles["taux_actualisation"].value = 0.0
    verifier_refus(w, {"taux_retention": 1.0})
    assert "1 + taux_actualisation" in w.message.value


def test_valeur_client_exemple_du_cours():
    """Marge de 100 € (panier 100, 1 achat, marge 100 %), r = 90 %, i = 10 % : multiple 4,5."""
    w = W.simulateur_valeur_client(panier_moyen=100.0, achats_par_an=1, taux_marque=1.0, taux_retention=0.9,
                                   taux_actualisation=0.1, horizon=3)
    assert ligne("Valeur client sur un horizon infini", euros(450)) in texte(w)
    assert ligne("Multiple de marge", "4,50") in texte(w)


def test_simulateur_retention_profit():
    w = W.simulateur_retention_profit()

    def attendu(v):
        h = None if v["horizon"] == 0 else v["horizon"]
        variation = variation_profit_retention(v["taux_retention"], v["hausse"], v["taux_actualisation"], h)
        return [ligne("Rétention", f"{pourcentage(v['taux_retention'])} → "
                                   f"{pourcentage(v['taux_retention'] + v['hausse'])}"),
                ligne("Hausse du profit (valeur de la base de clients)", signe(variation))]

    parcourir(w, {"taux_retention": 0.9, "hausse": 0.06, "taux_actualisation": 0.05, "horizon": 10}, attendu)
    verifier_refus(w, {"taux_retention": 0.99})
    assert "dépasser 1" in w.message.value


def test_retention_profit_verdicts():
    """+5 points à 80 % / 10 % : +27,5 %, dans la fourchette ; à 50 % : en dessous."""
    w = W.simulateur_retention_profit(taux_retention=0.8, hausse=0.05, taux_actualisation=0.1)
    assert ligne("Hausse du profit (valeur de la base de clients)", f"+27,5{U}%") in texte(w)
    assert ligne("Fourchette du manuel (+25 % à +85 %)", "dedans ✔") in texte(w)
    w.controles["taux_retention"].value = 0.5
    assert ligne("Fourchette du manuel (+25 % à +85 %)", "en dessous") in texte(w)
    w.controles["taux_retention"].value = 0.93
    w.controles["taux_actualisation"].value = 0.0
    assert ligne("Fourchette de la source 004 (+25 % à +55 %)", "au-dessus") in texte(w)


# --------------------------------------------------------------------------- leçon 03

def test_calculateur_influence():
    w = W.calculateur_influence()

    def attendu(v):
        r = roi_influence(**v)
        return [ligne("Interactions", nombre(r["interactions"])),
                ligne("Visiteurs sur le site", nombre(r["visites"])),
                ligne("Ventes", nombre(r["ventes"])),
                ligne("Chiffre d'affaires HT", euros(r["chiffre_affaires"])),
                ligne("Marge dégagée", euros(r["marge"])),
                ligne("Coût par visiteur", euros(r["cout_par_visiteur"])),
                ligne("Retour sur investissement (ROI)", signe(r["retour_sur_investissement"]))]

    parcourir(w, {"cout": 3_000.0, "portee": 600_000, "taux_engagement": 0.06, "taux_visite": 0.3,
                  "taux_conversion": 0.05, "panier_moyen": 55.0, "taux_marque": 0.45}, attendu)
    verifier_refus(w, {"taux_engagement": 0.0})
    assert "aucun visiteur" in w.message.value
    w.controles["taux_engagement"].value = 0.05
    verifier_refus(w, {"cout": 0.0})


# --------------------------------------------------------------------------- leçon 04

def test_simulateur_pression_email():
    w = W.simulateur_pression_email()

    def attendu(v):
        t = pression_email(**v)
        desab = round(float(t["desabonnements"].sum()))
        return [ligne("E-mails délivrés sur 12 mois", nombre(round(float(t["envois"].sum())))),
                ligne("Ouvertures", nombre(round(float(t["ouvertures"].sum())))),
                ligne("Clics", nombre(round(float(t["clics"].sum())))),
                ligne("Désabonnements", nombre(desab)),
                ligne("Abonnés restants au bout de 12 mois", nombre(t["abonnes_fin"].iloc[-1])),
                ligne("Part de la base perdue", pourcentage(taux_attrition(desab, v["taille_base"]))),
                ligne("Taux d'ouverture par e-mail", pourcentage(t["taux_ouverture_email"].iloc[0])),
                ligne("Taux de désabonnement par e-mail",
                      pourcentage(t["taux_desabonnement_email"].iloc[0], 2))]

    parcourir(w, {"envois_par_mois": 8, "taux_ouverture": 0.3, "taux_clics": 0.05,
                  "taux_desabonnement_base": 0.004, "sensibilite_pression": 0.5, "taille_base": 20_000},
              attendu)
    verifier_refus(w, {"taux_ouverture": 0.01})
    assert "taux_clics" in w.message.value


def test_simulateur_bad_buzz():
    w = W.simulateur_bad_buzz()

    def attendu(v):
        t = diffusion_bad_buzz(v["messages_initiaux"], v["taux_partage"], v["audience_moyenne"], v["jours"],
                               jour_reponse=v["jour_reponse"] if v["reponse_marque"] else None,
                               efficacite_reponse=v["efficacite_reponse"], graine=v["graine"])
        total = int(t["cumul_messages"].iloc[-1])
        pic = int(t["nouveaux_messages"].idxmax())
        return [ligne(f"Messages publiés en {v['jours']} jours", nombre(total)),
                ligne("Pic", f"{nombre(t['nouveaux_messages'].iloc[pic])} messages le jour {pic}"),
                ligne("Nombre de reproduction au départ (R)", nombre(t["nombre_reproduction"].iloc[0], 2)),
                ligne("Comparaison avec H&M (2018)",
                      f"{pourcentage(total / TWEETS_HM_2018)} des 2,3 millions de tweets")]

    parcourir(w, {"messages_initiaux": 500, "taux_partage": 0.03, "audience_moyenne": 400, "jours": 21,
                  "reponse_marque": True, "jour_reponse": 4, "efficacite_reponse": 0.9, "graine": 7}, attendu)


def test_bad_buzz_la_reponse_de_la_marque_reduit_le_total():
    w = W.simulateur_bad_buzz()
    sans = w.etat["table"]["cumul_messages"].iloc[-1]
    w.controles["reponse_marque"].value = True
    avec = w.etat["table"]["cumul_messages"].iloc[-1]
    assert avec < sans


# --------------------------------------------------------------------------- quiz

def test_quiz_bonne_et_mauvaise_reponse():
    q = W.quiz()
    premiere = q.questions[0]
    premiere.boutons[1].click()
    assert 'data-verdict="faux"' in q.retours[0].value and "Pas tout à fait" in q.retours[0].value
    assert "manque d&#x27;équité" in q.retours[0].value or "manque d'équité" in q.retours[0].value
    assert premiere.boutons[1].button_style == "danger"
    premiere.boutons[0].click()
    assert 'data-verdict="juste"' in q.retours[0].value and "Bonne réponse" in q.retours[0].value
    assert "iniquité" in q.retours[0].value
    assert premiere.boutons[0].button_style == "success"
    q.questions[1].boutons[1].click()
    assert "data-verdict=\"juste\"" in q.retours[1].value
    assert f"1 bonne(s) réponse(s) du premier coup sur {len(W.QUESTIONS_REJET)}" in q.score.value


def test_quiz_personnalise():
    q = W.quiz([{"question": "2 + 2 ?", "choix": ["3", "4"], "bonne_reponse": "4", "explication": "Deux paires."}],
               titre="Calcul")
    q.questions[0].boutons[1].click()
    assert "data-verdict=\"juste\"" in q.retours[0].value and "Deux paires." in q.retours[0].value


@pytest.mark.parametrize("questions, motif", [
    ([], "liste non vide"),
    ([{"question": "?", "choix": ["a", "b"]}], "bonne_reponse"),
    ([{"question": "?", "choix": ["a"], "bonne_reponse": 0, "explication": ""}], "au moins deux"),
    ([{"question": "?", "choix": ["a", "b"], "bonne_reponse": 2, "explication": ""}], "entre 0 et 1"),
    ([{"question": "?", "choix": ["a", "b"], "bonne_reponse": "c", "explication": ""}], "ne figure pas"),
])
def test_quiz_mauvaises_questions(questions, motif):
    with pytest.raises(ValueError, match=motif):
        W.quiz(questions)


# --------------------------------------------------------------------------- leçon 05

@pytest.fixture(scope="module")
def donnees():
    from relation_client.donnees import charger
    return charger("trafic_web"), charger("campagnes_email"), charger("reseaux_sociaux")


def test_tableau_de_bord_kpi(donnees):
    trafic, emails, reseaux = donnees
    w = W.tableau_de_bord_kpi(trafic, emails, reseaux)

    def attendu(v):
        debut, fin = (pd.Period(p, freq="M") for p in v["periode"])

        def filtre(df, date, cle, valeur):
            mois = df[date].dt.to_period("M")
            masque = (mois >= debut) & (mois <= fin)
            if valeur != "Toutes":
                masque &= df[cle].astype(str) == valeur
            return df[masque]

        t = filtre(trafic, "date", "source", v["source"])
        e = filtre(emails, "date_envoi", "type_campagne", v["type_campagne"])
        r = filtre(reseaux, "date", "plateforme", v["plateforme"])
        interactions = (r["likes"] + r["commentaires"] + r["partages"] + r["clics"]).sum()
        return [ligne("Visites", nombre(t["visites"].sum())),
                ligne("Taux de conversion", pourcentage(taux_conversion(t["commandes"].sum(), t["visites"].sum()), 2)),
                ligne("Contacts qualifiés (leads)", nombre(t["leads"].sum())),
                ligne("Coût par contact qualifié (CPL)", euros(cout_par_lead(round(t["depense"].sum(), 2), t["leads"].sum()))),
                ligne("Nouveaux clients", nombre(t["nouveaux_clients"].sum())),
                ligne("Coût d'acquisition client (CAC)",
                      euros(cout_acquisition_client(round(t["depense"].sum(), 2), t["nouveaux_clients"].sum()))),
                ligne("Taux d'ouverture", pourcentage(taux_ouverture(e["ouvertures"].sum(), e["delivres"].sum()))),
                ligne("Taux de clics", pourcentage(taux_clics(e["clics"].sum(), e["delivres"].sum()))),
                ligne("Taux de désabonnement",
                      pourcentage(taux_desabonnement(e["desabonnements"].sum(), e["delivres"].sum()), 2)),
                ligne("Portée des publications", nombre(r["portee"].sum())),
                ligne("Impressions", nombre(r["impressions"].sum())),
                ligne("Taux d'engagement", pourcentage(taux_engagement(interactions, r["portee"].sum()), 2))]

    parcourir(w, {"periode": ("2024-01", "2024-06"), "source": "e-mail", "type_campagne": "promotion",
                  "plateforme": "Instagram"}, attendu)
    assert "de janv. 2024 à juin 2024" in texte(w)


def test_tableau_de_bord_sans_donnees_dans_la_periode(donnees):
    trafic, emails, reseaux = donnees
    w = W.tableau_de_bord_kpi(trafic, emails, reseaux)
    w.controles["plateforme"].value = "TikTok"
    w.controles["periode"].value = ("2023-01", "2023-02")  # compte TikTok pas encore ouvert
    assert ligne("Taux d'engagement", "— (aucune donnée)") in texte(w)
    assert w.message.value == ""
    assert bytes(w.image.value).startswith(PNG)


def test_tableau_de_bord_colonnes_manquantes(donnees):
    trafic, emails, reseaux = donnees
    with pytest.raises(ValueError, match="visites"):
        W.tableau_de_bord_kpi(trafic.drop(columns="visites"), emails, reseaux)


def test_tableau_de_bord_par_defaut_charge_les_donnees_du_cours():
    w = W.tableau_de_bord_kpi()
    assert w.controles["periode"].value[0] <= w.controles["periode"].value[1]
    assert "Visites" in texte(w)


# --------------------------------------------------------------------------- leçon 06

def test_simulateur_budget():
    w = W.simulateur_budget()

    def attendu(v):
        autres = {k: x for k, x in v.items() if k != "part_fidelisation"}
        t = repartition_budget(part_fidelisation=v["part_fidelisation"], annees=3, **autres)
        c = courbe_repartition_budget(annees=3, parts=101, **autres)
        k = int(np.argmax(c["profit_total"].to_numpy()))
        return [ligne("Dépense de conquête par an", euros(t["depense_acquisition"].iloc[0], 0)),
                ligne("Dépense de fidélisation par an", euros(t["depense_fidelisation"].iloc[0], 0)),
                ligne("Rétention obtenue la 1re année", pourcentage(t["taux_retention"].iloc[0])),
                ligne("Nouveaux clients sur 3 ans", nombre(t["nouveaux_clients"].sum())),
                ligne("Clients au bout de 3 ans", nombre(t["clients_fin"].iloc[-1])),
                ligne("Profit actualisé sur 3 ans", euros(t["profit_actualise"].sum(), 0)),
                ligne("Meilleure répartition", f"{pourcentage(c['part_fidelisation'].iloc[k], 0)} pour fidéliser → "
                                               f"{euros(c['profit_total'].iloc[k], 0)}"),
                ligne("À parts égales (50 % / 50 %)", euros(c["profit_total"].iloc[50], 0))]

    parcourir(w, {"budget": 300_000.0, "part_fidelisation": 0.5, "cout_acquisition_client": 150.0,
                  "taux_retention_base": 0.7, "marge_annuelle": 80.0, "clients_actuels": 20_000,
                  "efficacite_fidelisation": 0.03, "taux_actualisation": 0.05}, attendu)


def test_budget_optimum_interieur_affiche():
    w = W.simulateur_budget()
    part = w.etat["part_optimale"]
    assert 0 < part < 1
    w.controles["part_fidelisation"].value = round(part, 2)
    assert w.etat["profit"] == pytest.approx(w.etat["profit_optimal"])


# --------------------------------------------------------------------------- constructeurs

@pytest.mark.parametrize("constructeur, arguments, motif", [
    (W.simulateur_valeur_client, {"taux_retention": 85}, "Pour 85 %, écrivez 0.85"),
    (W.simulateur_entonnoir, {"visites": 10**9}, "le curseur va de"),
    (W.simulateur_retention_profit, {"horizon": 7}, "horizon"),
    (W.simulateur_budget, {"part_fidelisation": "20 %"}, "part_fidelisation"),
    (W.premier_curseur, {"achats_par_an": 2.5}, "entier"),
])
def test_constructeurs_refusent_les_mauvaises_valeurs_initiales(constructeur, arguments, motif):
    with pytest.raises((ValueError, TypeError), match=motif):
        constructeur(**arguments)


@pytest.mark.parametrize("constructeur", [
    W.premier_curseur, W.simulateur_entonnoir, W.simulateur_valeur_client, W.simulateur_retention_profit,
    W.calculateur_influence, W.simulateur_pression_email, W.simulateur_bad_buzz, W.simulateur_budget,
])
def test_simulateurs_structure(constructeur):
    w = constructeur()
    assert isinstance(w, W.Simulateur)
    assert bytes(w.image.value).startswith(PNG) and w.message.value == ""
    for controle in w.controles.values():
        libelle = getattr(controle, "libelle", None) or getattr(controle, "description", "")
        assert libelle, "chaque contrôle a un libellé"
        if hasattr(controle, "continuous_update") and hasattr(controle, "readout"):
            assert controle.continuous_update is False
    assert w.mettre_a_jour() is True


def _groupes(w):
    """Les groupes « libellé au-dessus, curseur et valeur dessous » d'un simulateur."""
    gauche = w.children[1].children[0]
    return [c for c in gauche.children if "rc-controle" in c._dom_classes]


@pytest.mark.parametrize("constructeur", [
    W.premier_curseur, W.simulateur_entonnoir, W.simulateur_valeur_client, W.simulateur_retention_profit,
    W.calculateur_influence, W.simulateur_pression_email, W.simulateur_bad_buzz, W.simulateur_budget,
    W.tableau_de_bord_kpi,
])
def test_curseurs_libelle_au_dessus(constructeur):
    """Chaque curseur : libellé complet au-dessus, piste d'au moins 180 px sans libellé à gauche
    (toutes les pistes commencent au même x), valeur française qui ne se coupe pas."""
    w = constructeur()
    assert "rc-simulateur" in w._dom_classes
    curseurs = [c for c in w.controles.values() if isinstance(c, W.CURSEURS)]
    groupes = _groupes(w)
    assert curseurs and len(groupes) == len(curseurs)
    for curseur, groupe in zip(curseurs, groupes):
        etiquette, rang = groupe.children
        assert "rc-libelle" in etiquette._dom_classes
        assert html.unescape(re.sub(r"<[^>]+>", "", etiquette.value)) == curseur.libelle
        assert curseur.description == "" and curseur.readout is False
        assert rang.children == (curseur, curseur.lecture)
        assert rang.layout.flex_flow == "row wrap"  # la valeur passe dessous plutôt que d'être coupée
        assert curseur.layout.min_width == W.LARGEUR_MIN_CURSEUR and int(W.LARGEUR_MIN_CURSEUR[:-2]) >= 170
        assert curseur.lecture.layout.flex == "0 0 auto"
        assert "white-space:nowrap" in curseur.lecture.value
        assert html.unescape(re.sub(r"<[^>]+>", "", curseur.lecture.value)) == W.lecture_francaise(curseur)


def test_libelles_longs_en_entier():
    """Les libellés longs (leçons 04 et 06) sont écrits en entier, au-dessus de la piste."""
    libelles = {c.libelle for c in W.simulateur_bad_buzz().controles.values() if hasattr(c, "libelle")}
    libelles |= {c.libelle for c in W.simulateur_pression_email().controles.values()}
    libelles |= {c.libelle for c in W.simulateur_budget().controles.values()}
    for attendu in ("Part de ceux qui voient un message et le relaient (%)",
                    "Désabonnements par e-mail, à 1 e-mail par mois (%)",
                    "Départs évités par euro dépensé par client (%)"):
        assert attendu in libelles


def test_periode_kpi_lue_en_entier():
    """La période du tableau de bord s'écrit « janv. 2023 – déc. 2025 », jamais coupée."""
    w = W.tableau_de_bord_kpi()
    periode = w.controles["periode"]
    debut, fin = periode.label
    assert periode.readout is False
    assert W.lecture_francaise(periode) == f"{debut} – {fin}"
    assert debut.startswith("janv. ") and fin[:4] in {m[:4] for m in MOIS_FR}
    periode.index = (1, 3)
    assert re.sub(r"<[^>]+>", "", periode.lecture.value) == f"{periode.label[0]} – {periode.label[1]}"


def test_curseurs_affiches_a_la_francaise():
    """Les curseurs n'affichent pas « 10.0% » ni « 200000 » mais « 10,0 % » et « 200 000 »."""
    def lu(curseur):
        return html.unescape(re.sub(r"<[^>]+>", "", curseur.lecture.value))

    w = W.simulateur_budget()
    budget, actualisation = w.controles["budget"], w.controles["taux_actualisation"]
    assert budget.readout is False and actualisation.readout is False
    assert lu(budget) == nombre(budget.value)
    decimales = int(actualisation.readout_format[1])
    assert lu(actualisation) == pourcentage(actualisation.value, decimales)
    actualisation.value = 0.12
    assert lu(actualisation) == pourcentage(0.12, decimales)
    budget.value = budget.max
    assert lu(budget) == nombre(budget.max)
    assert "\u202f" in lu(budget)  # séparateur des milliers français


def test_style_projecteur_limite_a_voila():
    html = W.style_projecteur()._repr_html_()
    assert html.startswith("<style>") and "body[data-voila]" in html
    # chaque règle ne vise que Voilà : JupyterLab garde son apparence
    regles = [l for l in html.splitlines() if "{" in l]
    assert regles and all(l.lstrip().startswith("body[data-voila]") for l in regles)


# --------------------------------------------------------------------------- accessibilité


def _scripts(simulateur):
    return [enfant for enfant in simulateur.children if "rc-accessibilite" in getattr(enfant, "_dom_classes", ())]


@pytest.mark.parametrize("fabrique", [W.simulateur_valeur_client, W.simulateur_entonnoir,
                                      W.simulateur_retention_profit, W.simulateur_budget,
                                      W.calculateur_influence, W.simulateur_pression_email,
                                      W.simulateur_bad_buzz, W.premier_curseur])
def test_image_du_simulateur_a_sa_description(fabrique):
    """Le graphique a son alternative française (texte caché recopié en alt par le script)."""
    from relation_client import graphiques as g

    sim = fabrique()
    trouve = re.fullmatch(r"<div class='rc-alt' hidden>(.*)</div>", sim.description_image.value, re.S)
    assert trouve, sim.description_image.value
    texte = html.unescape(trouve.group(1))
    assert texte == g.decrire(sim.figure)
    assert sim.figure.axes[0].get_title() in texte
    (script,) = _scripts(sim)
    assert script.outputs[0]["data"]["application/javascript"] == W.SCRIPT_ACCESSIBILITE


def test_description_suit_les_reglages():
    sim = W.simulateur_valeur_client()
    avant = sim.description_image.value
    sim.controles["taux_retention"].value = 0.95
    assert sim.description_image.value != avant


def test_script_accessibilite_nomme_curseurs_et_images():
    script = W.SCRIPT_ACCESSIBILITE
    for attendu in ("aria-label", "aria-valuetext", ".rc-libelle", ".rc-lecture", ".rc-alt", "'alt'",
                    "MutationObserver", "(début)", "(fin)"):
        assert attendu in script, attendu
