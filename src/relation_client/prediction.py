"""Prédire la valeur future d'un client : modèles BG/NBD et Gamma-Gamma (leçon 07).

Un client d'une boutique ne prévient pas quand il s'en va : on voit seulement qu'il n'achète
plus. Les modèles « acheter jusqu'à mourir » (*buy till you die*) tirent de l'historique de
chaque client (combien d'achats, quand le dernier) la probabilité qu'il soit encore client et
le nombre d'achats qu'il fera, puis sa valeur future.

- :func:`resume_par_client` : pour chaque client, sur une période d'observation (la
  « calibration ») : ``frequence`` (achats **répétés**, c'est-à-dire après le premier ; des achats
  le même jour comptent pour un seul), ``recence`` (semaines entre le premier et le dernier
  achat), ``anciennete`` (semaines entre le premier achat et la fin de la période, le « T » des
  articles) et ``valeur_moyenne`` (montant moyen des achats répétés, 0 sans achat répété) ;
  avec ``fin_test``, le nombre d'achats de la période de test qui suit (``achats_test``).
- :func:`ajuster_bgnbd` : le modèle BG/NBD (Fader, Hardie et Lee, 2005, « "Counting Your
  Customers" the Easy Way: An Alternative to the Pareto/NBD Model », *Marketing Science*
  24(2), p. 275-284) ajusté par maximum de vraisemblance. Tant qu'il est « vivant », un client
  achète au hasard à son propre rythme λ (processus de Poisson ; les λ des clients suivent
  une loi gamma de paramètres r et α) ; après chaque achat, il peut « mourir » (partir pour
  de bon) avec sa propre probabilité p (loi bêta de paramètres a et b).
- :meth:`ModeleBGNBD.achats_attendus` (espérance conditionnelle, équation 10 de l'article),
  :meth:`ModeleBGNBD.probabilite_vivant` et :meth:`ModeleBGNBD.achats_attendus_nouveau_client`
  (équation 9) ; :func:`achats_attendus` et :func:`probabilite_vivant` les appliquent à un
  résumé par client.
- :func:`ajuster_gamma_gamma` : le modèle Gamma-Gamma du montant des achats (Fader, Hardie
  et Lee, 2005, « RFM and CLV: Using Iso-Value Curves for Customer Base Analysis », *Journal
  of Marketing Research* 42(4), p. 415-430 ; Fader et Hardie, 2013, « The Gamma-Gamma Model
  of Monetary Value », note en ligne), ajusté sur les clients qui ont au moins un achat répété.
- :func:`valeur_client` : valeur future attendue (CLV) sur un horizon, actualisée.
- :func:`courbe_achats_cumules` : achats répétés cumulés, réels et prédits, semaine après
  semaine (la figure 3 de l'article de 2005) ; :func:`simulateur_client` : le widget de la leçon.

Unité de temps : **la semaine** (jours ÷ 7), comme dans les articles.

Choix d'implémentation
----------------------
Les vraisemblances du BG/NBD et du Gamma-Gamma ont une forme fermée : quelques lignes de
NumPy et SciPy (``gammaln``, ``betaln``, ``hyp2f1``, ``minimize``) suffisent. Nous les
écrivons ici plutôt que de dépendre :

- de ``lifetimes`` (0.11.3) : il n'est plus maintenu depuis 2020 ; avec pandas 3, ses
  ajusteurs fonctionnent encore mais ``calibration_and_holdout_data`` et plusieurs graphiques
  échouent, et ``lifetimes.datasets`` exige setuptools < 82 (``pkg_resources``) ; il tire en
  plus ``autograd`` et ``dill`` ;
- de PyMC-Marketing (module CLV) : maintenu, mais il installe PyMC, PyTensor et ArviZ
  (plusieurs centaines de Mo, compilation au premier usage) pour un cours dont la seule
  dépendance scientifique ajoutée est SciPy.

Les résultats sont vérifiés contre ceux publiés (``tests/test_prediction.py``) : sur
l'échantillon CDNOW de 2 357 clients et 39 semaines de calibration, r ≈ 0,243, α ≈ 4,414,
a ≈ 0,793, b ≈ 2,426 (Fader, Hardie et Lee, 2005) et p ≈ 6,25, q ≈ 3,74, γ ≈ 15,44 (Fader
et Hardie, 2013) ; le résumé par client est celui des fichiers des auteurs. Les calculs sont
déterministes (point de départ fixe, pas de tirage au hasard).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import optimize, special

from .controles import (decrire, exiger_au_plus, exiger_colonnes, exiger_compte, exiger_entier,
                         exiger_nombre, exiger_positif, exiger_positif_ou_nul, exiger_taux)

__all__ = [
    "JOURS_PAR_SEMAINE",
    "COLONNES_RESUME",
    "NOMS_COLONNES",
    "resume_par_client",
    "ModeleBGNBD",
    "ModeleGammaGamma",
    "ajuster_bgnbd",
    "ajuster_gamma_gamma",
    "achats_attendus",
    "probabilite_vivant",
    "valeur_moyenne_attendue",
    "valeur_client",
    "courbe_achats_cumules",
    "frise_achats_figure",
    "simulateur_client",
]

JOURS_PAR_SEMAINE = 7
COLONNES_RESUME = ("frequence", "recence", "anciennete")

#: Libellés français des colonnes d'un résumé par client, pour l'affichage (``formatage.tableau``).
NOMS_COLONNES = {
    "frequence": "Achats répétés", "recence": "Récence (sem.)", "anciennete": "Ancienneté (sem.)",
    "valeur_moyenne": "Valeur moyenne ($)", "achats_test": "Achats réels (test)",
    "duree_test": "Durée du test (sem.)", "vivant": "Encore client", "attendus": "Achats prédits (test)",
    "valeur": "Valeur future sur un an ($)",
}


# =========================================================================== résumé par client
def _date(nom, valeur) -> pd.Timestamp:
    """Une date (texte aaaa-mm-jj, date pandas ou datetime), ramenée à minuit."""
    if valeur is None:
        raise TypeError(f"{nom} est vide : indiquez une date, par exemple \"1997-09-30\".")
    if isinstance(valeur, (bool, int, float, np.number)):
        raise TypeError(f"{nom} doit être une date, par exemple \"1997-09-30\" (entre guillemets) ; "
                        f"reçu {decrire(valeur)}.")
    try:
        date = pd.Timestamp(valeur)
    except (ValueError, TypeError):
        raise ValueError(f"{nom} vaut {valeur!r}, or ce n'est pas une date lisible : écrivez-la "
                         "aaaa-mm-jj, par exemple \"1997-09-30\".") from None
    if pd.isna(date):
        raise ValueError(f"{nom} est vide (date manquante) : indiquez une date, par exemple \"1997-09-30\".")
    return date.tz_localize(None).normalize() if date.tz is not None else date.normalize()


def _jours_achat(transactions, client, date, montant):
    """Un achat par client et par jour (les achats du même jour sont additionnés)."""
    exiger_colonnes("transactions", transactions, [client, date] + ([montant] if montant else []))
    dates = transactions[date]
    if not pd.api.types.is_datetime64_any_dtype(dates):
        raise TypeError(f"La colonne {date} doit contenir des dates, or elle contient du texte ou des "
                        f"nombres : lisez le fichier avec lire_csv(…, colonnes_dates=[\"{date}\"]) ou "
                        "charger(…), qui convertissent les dates.")
    if dates.isna().any():
        raise ValueError(f"La colonne {date} contient {int(dates.isna().sum())} date(s) manquante(s) : "
                         "complétez-les ou retirez ces lignes.")
    if transactions[client].isna().any():
        raise ValueError(f"La colonne {client} contient {int(transactions[client].isna().sum())} "
                         "identifiant(s) manquant(s) : chaque achat doit avoir son client.")
    donnees = {"client": transactions[client].to_numpy(),
               "jour": dates.dt.tz_localize(None).dt.normalize().to_numpy() if dates.dt.tz is not None
               else dates.dt.normalize().to_numpy()}
    if montant:
        montants = exiger_nombre(f"la colonne {montant}", transactions[montant].to_numpy(dtype="float64",
                                                                                          na_value=np.nan))
        exiger_positif_ou_nul(f"la colonne {montant}", montants)
        donnees["montant"] = montants
    else:
        donnees["montant"] = np.zeros(len(transactions))
    jours = pd.DataFrame(donnees)
    return jours.groupby(["client", "jour"], sort=True, as_index=False)["montant"].sum()


def resume_par_client(transactions, fin_calibration, fin_test=None, colonne_client="client_id",
                      colonne_date="date_achat", colonne_montant="montant") -> pd.DataFrame:
    """Résumé de l'historique de chaque client sur la période de calibration (en semaines).

    Pour chaque client dont le premier achat a lieu au plus tard le jour ``fin_calibration``
    (inclus) : ``frequence`` = nombre de jours d'achat après le premier (achats répétés) ;
    ``recence`` = semaines entre le premier et le dernier achat de la période (0 sans achat
    répété) ; ``anciennete`` = semaines entre le premier achat et ``fin_calibration`` ;
    ``valeur_moyenne`` = montant moyen des achats répétés de la période (les achats d'un même
    jour sont additionnés ; 0 sans achat répété). Avec ``fin_test`` : ``achats_test`` = nombre de
    jours d'achat après ``fin_calibration`` et jusqu'à ``fin_test`` inclus, et ``duree_test`` (en
    semaines). ``colonne_montant=None`` si les transactions n'ont pas de montant.

    Le tableau est indexé par client, dans l'ordre des identifiants ; les transactions reçues
    ne sont pas modifiées.

    >>> achats = pd.DataFrame({"client_id": [1, 1, 1, 2], "montant": [10.0, 20.0, 40.0, 5.0],
    ...     "date_achat": pd.to_datetime(["2024-01-01", "2024-01-15", "2024-01-29", "2024-01-08"])})
    >>> resume_par_client(achats, "2024-02-05")  # doctest: +NORMALIZE_WHITESPACE
               frequence  recence  anciennete  valeur_moyenne
    client_id
    1                  2      4.0         5.0            30.0
    2                  0      0.0         4.0             0.0
    """
    fin = _date("fin_calibration", fin_calibration)
    jours = _jours_achat(transactions, colonne_client, colonne_date, colonne_montant)
    calibration = jours[jours["jour"] <= fin]
    if calibration.empty:
        premier = jours["jour"].min()
        raise ValueError(f"Aucun achat n'a lieu au plus tard le {fin:%d/%m/%Y} (fin_calibration) : le "
                         f"premier achat date du {premier:%d/%m/%Y}. Choisissez une fin de calibration "
                         "plus tardive.")
    groupes = calibration.groupby("client", sort=True)
    premier = groupes["jour"].min()
    dernier = groupes["jour"].max()
    nombre = groupes["jour"].size()
    total = groupes["montant"].sum()
    montant_premier = calibration.drop_duplicates("client", keep="first").set_index("client")["montant"]
    frequence = (nombre - 1).astype("int64")
    valeur_moyenne = np.where(frequence > 0, (total - montant_premier) / frequence.clip(lower=1), 0.0)
    resume = pd.DataFrame({
        "frequence": frequence,
        "recence": (dernier - premier).dt.days / JOURS_PAR_SEMAINE,
        "anciennete": (fin - premier).dt.days / JOURS_PAR_SEMAINE,
        "valeur_moyenne": valeur_moyenne if colonne_montant else 0.0,
    })
    resume.index.name = colonne_client
    if fin_test is not None:
        fin2 = _date("fin_test", fin_test)
        if fin2 <= fin:
            raise ValueError(f"fin_test ({fin2:%d/%m/%Y}) doit être après fin_calibration "
                             f"({fin:%d/%m/%Y}) : la période de test suit la calibration.")
        test = jours[(jours["jour"] > fin) & (jours["jour"] <= fin2)]
        resume["achats_test"] = test.groupby("client")["jour"].size().reindex(resume.index, fill_value=0) \
            .astype("int64")
        resume["duree_test"] = (fin2 - fin).days / JOURS_PAR_SEMAINE
    return resume


def _colonnes_resume(resume, nom="resume"):
    exiger_colonnes(nom, resume, COLONNES_RESUME)
    x = exiger_compte(f"la colonne frequence de {nom}", resume["frequence"].to_numpy(dtype="float64"))
    t_x = exiger_positif_ou_nul(f"la colonne recence de {nom}", resume["recence"].to_numpy(dtype="float64"))
    T = exiger_positif(f"la colonne anciennete de {nom}", resume["anciennete"].to_numpy(dtype="float64"))
    exiger_au_plus("la recence", t_x, "l'ancienneté", T + 1e-9)
    if ((x > 0) & (t_x <= 0)).any():
        raise ValueError(f"{nom} : un client a des achats répétés (frequence > 0) mais une recence "
                         "nulle ; la recence est le temps entre le premier et le dernier achat.")
    return x, t_x, T


# =========================================================================== BG/NBD
def _log_vraisemblance_bgnbd(r, alpha, a, b, x, t_x, T):
    """Log-vraisemblance individuelle du BG/NBD (équation 6 de Fader, Hardie et Lee, 2005)."""
    commun = (special.gammaln(r + x) - special.gammaln(r) + r * np.log(alpha)
              + special.betaln(a, b + x) - special.betaln(a, b))
    sans_deces = -(r + x) * np.log(alpha + T)
    avec_x = x > 0
    deces = np.full_like(x, -np.inf)
    deces[avec_x] = (np.log(a) - np.log(b + x[avec_x] - 1)
                     - (r + x[avec_x]) * np.log(alpha + t_x[avec_x]))
    return commun + np.logaddexp(sans_deces, deces)


@dataclass(frozen=True)
class ModeleBGNBD:
    """Modèle BG/NBD ajusté : r, alpha (rythme d'achat), a, b (départ après un achat).

    Le rythme d'achat moyen d'un client vivant est r ÷ alpha achats par semaine ; la
    probabilité moyenne de partir après un achat est a ÷ (a + b).
    """

    r: float
    alpha: float
    a: float
    b: float
    log_vraisemblance: float = float("nan")
    clients: int = 0

    def __post_init__(self):
        for nom in ("r", "alpha", "a", "b"):
            exiger_positif(nom, getattr(self, nom))

    def parametres(self) -> dict:
        """Les quatre paramètres, par nom."""
        return {"r": self.r, "alpha": self.alpha, "a": self.a, "b": self.b}

    def log_vraisemblance_clients(self, frequence, recence, anciennete) -> np.ndarray:
        """Log-vraisemblance de l'historique de chaque client (pour vérifier un ajustement)."""
        x, t_x, T = _trois("frequence", frequence, "recence", recence, "anciennete", anciennete)
        return _log_vraisemblance_bgnbd(self.r, self.alpha, self.a, self.b, x, t_x, T)

    def probabilite_vivant(self, frequence, recence, anciennete):
        """Probabilité qu'un client soit encore « vivant » (encore client) à la fin de la période.

        P = 1 ÷ (1 + [x > 0] × a ÷ (b + x − 1) × ((alpha + T) ÷ (alpha + t_x))^(r + x)).
        Un client sans achat répété est toujours vivant pour le modèle (il ne peut partir
        qu'après un achat répété).

        >>> m = ModeleBGNBD(0.243, 4.414, 0.793, 2.426)
        >>> round(m.probabilite_vivant(2, 30.43, 38.86), 3)
        0.727
        """
        x, t_x, T = _trois("frequence", frequence, "recence", recence, "anciennete", anciennete)
        with np.errstate(over="ignore"):
            log_rapport = (np.log(self.a) - np.log(np.maximum(self.b + x - 1, 1e-300))
                           + (self.r + x) * (np.log(self.alpha + T) - np.log(self.alpha + t_x)))
        rapport = np.where(x > 0, np.exp(np.minimum(log_rapport, 700.0)), 0.0)
        return _sortie(1.0 / (1.0 + rapport), frequence)

    def achats_attendus(self, duree, frequence, recence, anciennete):
        """Nombre attendu d'achats dans les ``duree`` semaines qui suivent, sachant l'historique.

        Équation 10 de Fader, Hardie et Lee (2005) :
        E[Y(t) | x, t_x, T] = (a + b + x − 1) ÷ (a − 1)
        × [1 − ((α + T) ÷ (α + T + t))^(r + x) × ₂F₁(r + x, b + x ; a + b + x − 1 ; t ÷ (α + T + t))]
        ÷ [1 + [x > 0] × a ÷ (b + x − 1) × ((α + T) ÷ (α + t_x))^(r + x)].

        >>> m = ModeleBGNBD(0.243, 4.414, 0.793, 2.426)
        >>> round(m.achats_attendus(39, 2, 30.43, 38.86), 2)
        1.23
        """
        t = exiger_positif_ou_nul("duree", duree)
        x, t_x, T = _trois("frequence", frequence, "recence", recence, "anciennete", anciennete)
        r, alpha, a, b = self.r, self.alpha, self.a, self.b
        if abs(a - 1) < 1e-9:
            raise ValueError("Le paramètre a vaut 1 : la formule des achats attendus n'est pas définie "
                             "(division par a − 1). Réajustez le modèle.")
        z = t / (alpha + T + t)
        facteur = (1.0 - np.exp((r + x) * (np.log(alpha + T) - np.log(alpha + T + t)))
                   * special.hyp2f1(r + x, b + x, a + b + x - 1, z))
        attendus = (a + b + x - 1) / (a - 1) * facteur
        return _sortie(attendus * self.probabilite_vivant(x, t_x, T), frequence, "les achats attendus")

    def achats_attendus_nouveau_client(self, duree):
        """Nombre attendu d'achats répétés d'un client dans ses ``duree`` premières semaines.

        Équation 9 : E[X(t)] = (a + b − 1) ÷ (a − 1)
        × [1 − (α ÷ (α + t))^r × ₂F₁(r, b ; a + b − 1 ; t ÷ (α + t))].
        """
        t = exiger_positif_ou_nul("duree", duree)
        r, alpha, a, b = self.r, self.alpha, self.a, self.b
        facteur = 1.0 - (alpha / (alpha + t)) ** r * special.hyp2f1(r, b, a + b - 1, t / (alpha + t))
        return _sortie((a + b - 1) / (a - 1) * facteur, duree, "les achats attendus")


def _trois(n1, v1, n2, v2, n3, v3):
    x = exiger_compte(n1, v1)
    t_x = exiger_positif_ou_nul(n2, v2)
    T = exiger_positif(n3, v3)
    exiger_au_plus(n2, t_x, n3, T)
    x, t_x, T = (np.asarray(v, dtype="float64") for v in np.broadcast_arrays(x, t_x, T))
    if ((x > 0) & (t_x <= 0)).any():
        raise ValueError("frequence est positive mais recence vaut 0 : un client qui a racheté a une "
                         "recence (temps entre son premier et son dernier achat) strictement positive.")
    return x, t_x, T


def _sortie(valeurs, modele, nom="le résultat"):
    valeurs = np.asarray(valeurs, dtype="float64")
    if not np.isfinite(valeurs).all():
        raise ValueError(f"Le calcul de {nom} donne un résultat non fini : les valeurs fournies sont "
                         "trop grandes ou incohérentes.")
    if isinstance(modele, pd.Series):
        return pd.Series(valeurs, index=modele.index)
    if valeurs.ndim == 0:
        return float(valeurs)
    return valeurs


def _minimiser(fonction, depart, nom_modele):
    """Minimisation déterministe (paramètres en log) : BFGS ; Nelder-Mead puis BFGS s'il échoue."""
    resultat = optimize.minimize(fonction, depart, method="BFGS", options={"gtol": 1e-9})
    if not (resultat.success and np.isfinite(resultat.fun)):
        premier = optimize.minimize(fonction, depart, method="Nelder-Mead",
                                    options={"xatol": 1e-8, "fatol": 1e-12, "maxiter": 20_000,
                                             "maxfev": 40_000})
        affine = optimize.minimize(fonction, premier.x, method="BFGS", options={"gtol": 1e-9})
        resultat = affine if np.isfinite(affine.fun) and affine.fun <= premier.fun else premier
    if not np.isfinite(resultat.fun) or resultat.fun >= 1e99 or np.any(np.abs(resultat.x) > 20):
        raise ValueError(f"L'ajustement du modèle {nom_modele} n'a pas abouti : les données ne "
                         "permettent pas d'estimer ses paramètres (trop peu de clients ou d'achats "
                         "répétés ?).")
    return resultat


def _regrouper(*colonnes):
    """Lignes distinctes et leurs effectifs : la vraisemblance se calcule une fois par historique."""
    distinctes, effectifs = np.unique(np.column_stack(colonnes), axis=0, return_counts=True)
    return [distinctes[:, k] for k in range(len(colonnes))], effectifs.astype("float64")


def ajuster_bgnbd(resume, depart=(1.0, 1.0, 1.0, 1.0)) -> ModeleBGNBD:
    """Ajuste le modèle BG/NBD par maximum de vraisemblance sur un résumé par client.

    ``resume`` : tableau avec les colonnes ``frequence``, ``recence`` et ``anciennete`` (en
    semaines), par exemple celui de :func:`resume_par_client`. ``depart`` : valeurs initiales
    de (r, alpha, a, b). La recherche porte sur le logarithme des paramètres (ils restent
    positifs) ; elle est déterministe.

    >>> resume = pd.DataFrame({"frequence": [0, 1, 2, 0, 3, 0], "recence": [0, 5, 10, 0, 30, 0],
    ...                        "anciennete": [40, 38, 35, 30, 39, 20]})
    >>> modele = ajuster_bgnbd(resume)
    >>> modele.clients
    6
    """
    x, t_x, T = _colonnes_resume(resume)
    if (x > 0).sum() == 0:
        raise ValueError("Aucun client du résumé n'a d'achat répété (frequence toujours 0) : le modèle "
                         "ne peut pas estimer le rythme des achats. Allongez la période de calibration.")
    depart = exiger_positif("depart", np.asarray(depart, dtype="float64"))
    if np.size(depart) != 4:
        raise ValueError(f"depart doit contenir 4 valeurs (r, alpha, a, b) ; reçu {np.size(depart)}.")

    (ux, ut_x, uT), poids = _regrouper(x, t_x, T)

    def objectif(log_parametres):
        r, alpha, a, b = np.exp(log_parametres)
        valeur = -(poids @ _log_vraisemblance_bgnbd(r, alpha, a, b, ux, ut_x, uT)) / len(x)
        return valeur if np.isfinite(valeur) else 1e100

    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        resultat = _minimiser(objectif, np.log(depart), "BG/NBD")
    r, alpha, a, b = (float(v) for v in np.exp(resultat.x))
    return ModeleBGNBD(r, alpha, a, b, float(-resultat.fun * len(x)), int(len(x)))


def achats_attendus(modele, resume, semaines) -> pd.Series:
    """Achats attendus de chaque client du résumé dans les ``semaines`` qui suivent (BG/NBD)."""
    _exiger_modele(modele, ModeleBGNBD, "ajuster_bgnbd")
    x, t_x, T = _colonnes_resume(resume)
    return pd.Series(modele.achats_attendus(semaines, x, t_x, T), index=resume.index,
                     name="achats_attendus")


def probabilite_vivant(modele, resume) -> pd.Series:
    """Probabilité que chaque client du résumé soit encore client (BG/NBD)."""
    _exiger_modele(modele, ModeleBGNBD, "ajuster_bgnbd")
    x, t_x, T = _colonnes_resume(resume)
    return pd.Series(modele.probabilite_vivant(x, t_x, T), index=resume.index, name="probabilite_vivant")


def _exiger_modele(modele, classe, fonction):
    if not isinstance(modele, classe):
        raise TypeError(f"modele doit être un modèle ajusté par {fonction}(…), or il a reçu "
                        f"{decrire(modele)} de type {type(modele).__name__}.")


# =========================================================================== Gamma-Gamma
def _log_vraisemblance_gamma_gamma(p, q, gamma, x, m):
    """Log-vraisemblance du Gamma-Gamma pour x achats répétés de montant moyen m (Fader et Hardie, 2013)."""
    return (special.gammaln(p * x + q) - special.gammaln(p * x) - special.gammaln(q)
            + q * np.log(gamma) + (p * x - 1) * np.log(m) + p * x * np.log(x)
            - (p * x + q) * np.log(gamma + m * x))


@dataclass(frozen=True)
class ModeleGammaGamma:
    """Modèle Gamma-Gamma ajusté du montant moyen des achats : p, q, gamma.

    Le montant moyen d'un achat, pour l'ensemble des clients, vaut p × gamma ÷ (q − 1).
    """

    p: float
    q: float
    gamma: float
    log_vraisemblance: float = float("nan")
    clients: int = 0

    def __post_init__(self):
        for nom in ("p", "q", "gamma"):
            exiger_positif(nom, getattr(self, nom))

    def parametres(self) -> dict:
        return {"p": self.p, "q": self.q, "gamma": self.gamma}

    def valeur_moyenne_population(self) -> float:
        """Montant moyen attendu d'un achat d'un client pris au hasard : p × gamma ÷ (q − 1)."""
        if self.q <= 1:
            raise ValueError(f"q vaut {self.q:g} ≤ 1 : le montant moyen de la population est infini "
                             "pour ce modèle.")
        return self.p * self.gamma / (self.q - 1)

    def valeur_moyenne_attendue(self, frequence, valeur_moyenne):
        """Montant moyen attendu des prochains achats d'un client, sachant son historique.

        E[M | x, m] = p × (gamma + x × m) ÷ (p × x + q − 1) : une moyenne pondérée entre la
        moyenne de la population et la moyenne observée m, d'autant plus proche de m que le
        client a fait d'achats répétés x. Sans achat répété (x = 0), c'est la moyenne de la
        population.

        >>> round(ModeleGammaGamma(6.25, 3.74, 15.44).valeur_moyenne_attendue(2, 22.35), 2)
        24.66
        """
        x = exiger_compte("frequence", frequence)
        m = exiger_positif_ou_nul("valeur_moyenne", valeur_moyenne)
        x, m = (np.asarray(v, dtype="float64") for v in np.broadcast_arrays(x, m))
        if self.q <= 1 and (x == 0).any():
            self.valeur_moyenne_population()  # lève l'erreur : moyenne de la population infinie
        resultat = self.p * (self.gamma + x * m) / (self.p * x + self.q - 1)
        return _sortie(resultat, frequence, "la valeur moyenne attendue")


def ajuster_gamma_gamma(resume, depart=(1.0, 1.0, 1.0)) -> ModeleGammaGamma:
    """Ajuste le modèle Gamma-Gamma sur les clients qui ont au moins un achat répété.

    ``resume`` : colonnes ``frequence`` et ``valeur_moyenne`` (celui de
    :func:`resume_par_client`). Le modèle suppose que le montant des achats ne dépend pas
    de leur fréquence : vérifiez-le (corrélation faible) avant de l'utiliser.
    """
    exiger_colonnes("resume", resume, ["frequence", "valeur_moyenne"])
    x = exiger_compte("la colonne frequence de resume", resume["frequence"].to_numpy(dtype="float64"))
    m = exiger_positif_ou_nul("la colonne valeur_moyenne de resume",
                              resume["valeur_moyenne"].to_numpy(dtype="float64"))
    garde = (x > 0) & (m > 0)
    if garde.sum() < 2:
        raise ValueError("Il faut au moins deux clients avec un achat répété de montant positif pour "
                         "ajuster le modèle Gamma-Gamma.")
    x, m = x[garde], m[garde]
    depart = exiger_positif("depart", np.asarray(depart, dtype="float64"))
    if np.size(depart) != 3:
        raise ValueError(f"depart doit contenir 3 valeurs (p, q, gamma) ; reçu {np.size(depart)}.")

    (ux, um), poids = _regrouper(x, m)

    def objectif(log_parametres):
        p, q, gamma = np.exp(log_parametres)
        valeur = -(poids @ _log_vraisemblance_gamma_gamma(p, q, gamma, ux, um)) / len(x)
        return valeur if np.isfinite(valeur) else 1e100

    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        resultat = _minimiser(objectif, np.log(depart), "Gamma-Gamma")
    p, q, gamma = (float(v) for v in np.exp(resultat.x))
    return ModeleGammaGamma(p, q, gamma, float(-resultat.fun * len(x)), int(len(x)))


def valeur_moyenne_attendue(modele, resume) -> pd.Series:
    """Montant moyen attendu des prochains achats de chaque client du résumé (Gamma-Gamma)."""
    _exiger_modele(modele, ModeleGammaGamma, "ajuster_gamma_gamma")
    exiger_colonnes("resume", resume, ["frequence", "valeur_moyenne"])
    return pd.Series(modele.valeur_moyenne_attendue(resume["frequence"].to_numpy(dtype="float64"),
                                                    resume["valeur_moyenne"].to_numpy(dtype="float64")),
                     index=resume.index, name="valeur_moyenne_attendue")


# =========================================================================== valeur client
def valeur_client(modele_achats, modele_montants, resume, semaines=52, taux_actualisation=0.10,
                  taux_marque=1.0) -> pd.Series:
    """Valeur future attendue de chaque client sur ``semaines`` semaines, actualisée (CLV).

    Pour chaque semaine k de 1 à ``semaines`` : achats attendus pendant la semaine k (BG/NBD,
    différence des achats attendus cumulés) × montant moyen attendu (Gamma-Gamma) ×
    ``taux_marque`` ÷ (1 + ``taux_actualisation``)^(k ÷ 52). Le taux d'actualisation est
    **annuel** ; ``taux_marque=1`` donne un chiffre d'affaires, un taux de marque (0,3 pour
    30 %) donne une marge.
    """
    _exiger_modele(modele_achats, ModeleBGNBD, "ajuster_bgnbd")
    _exiger_modele(modele_montants, ModeleGammaGamma, "ajuster_gamma_gamma")
    semaines = int(exiger_entier("semaines", semaines, 1))
    actualisation = exiger_taux("taux_actualisation", taux_actualisation)
    marque = exiger_taux("taux_marque", taux_marque)
    x, t_x, T = _colonnes_resume(resume)
    montant = valeur_moyenne_attendue(modele_montants, resume).to_numpy()
    cumul = np.array([modele_achats.achats_attendus(k, x, t_x, T) for k in range(semaines + 1)])
    par_semaine = np.diff(cumul, axis=0)
    facteurs = (1.0 + actualisation) ** (-np.arange(1, semaines + 1) / 52.0)
    valeur = (facteurs @ par_semaine) * montant * marque
    return pd.Series(valeur, index=resume.index, name="valeur_client")


def courbe_achats_cumules(transactions, modele, fin, colonne_client="client_id",
                          colonne_date="date_achat") -> pd.DataFrame:
    """Achats répétés cumulés de toute la clientèle, réels et prédits, semaine après semaine.

    Semaine 1 = les 7 premiers jours des transactions. « réels » : nombre cumulé de jours
    d'achat répétés (après le premier achat de chaque client) à la fin de chaque semaine ;
    « prédits » : somme, sur les clients, des achats répétés attendus d'un nouveau client
    (:meth:`ModeleBGNBD.achats_attendus_nouveau_client`) depuis son premier achat. Seuls
    les clients dont le premier achat a lieu au plus tard ``fin`` sont comptés.
    """
    _exiger_modele(modele, ModeleBGNBD, "ajuster_bgnbd")
    fin = _date("fin", fin)
    jours = _jours_achat(transactions, colonne_client, colonne_date, None)
    debut = jours["jour"].min()
    if fin < debut:
        raise ValueError(f"fin ({fin:%d/%m/%Y}) est avant le premier achat ({debut:%d/%m/%Y}).")
    jours = jours[jours["jour"] <= fin]
    nombre_semaines = int((fin - debut).days // JOURS_PAR_SEMAINE + 1)
    rang = jours.groupby("client").cumcount()
    jour_numero = (jours["jour"] - debut).dt.days.to_numpy()
    semaine_achat = jour_numero // JOURS_PAR_SEMAINE + 1
    repetes = np.bincount(semaine_achat[rang.to_numpy() > 0], minlength=nombre_semaines + 1)[1:]
    premiers = jour_numero[rang.to_numpy() == 0]
    jours_premiers, effectifs = np.unique(premiers, return_counts=True)
    fins_semaines = np.arange(1, nombre_semaines + 1) * JOURS_PAR_SEMAINE  # jour qui suit la semaine
    predits = np.zeros(nombre_semaines)
    for jour, effectif in zip(jours_premiers, effectifs):
        ecoule = np.clip((fins_semaines - jour - 1) / JOURS_PAR_SEMAINE, 0, None)
        predits += effectif * modele.achats_attendus_nouveau_client(ecoule)
    courbe = pd.DataFrame({"reels": np.cumsum(repetes).astype("float64"), "predits": predits},
                          index=pd.RangeIndex(1, nombre_semaines + 1, name="semaine"))
    return courbe


def frise_achats_figure(transactions, clients, fin_calibration, fin_test=None, colonne_client="client_id",
                        colonne_date="date_achat", titre="Les achats de quelques clients, semaine après semaine"):
    """Frise des achats de quelques clients : un rang par client, un point par jour d'achat.

    Une ligne verticale marque la fin de la calibration (et celle du test si ``fin_test``
    est donné) ; l'axe horizontal compte les semaines depuis le premier achat des transactions.
    """
    from . import graphiques  # matplotlib : importé seulement pour dessiner

    fin = _date("fin_calibration", fin_calibration)
    jours = _jours_achat(transactions, colonne_client, colonne_date, None)
    debut = jours["jour"].min()
    clients = list(clients) if not isinstance(clients, (str, int, np.integer)) else [clients]
    if not clients:
        raise ValueError("clients est vide : donnez au moins un identifiant de client.")
    inconnus = [c for c in clients if c not in set(jours["client"])]
    if inconnus:
        raise ValueError(f"Le client {inconnus[0]!r} n'a aucun achat dans les transactions.")
    fig, ax = graphiques.nouvelle_figure(6.4, 0.8 + 0.45 * len(clients))
    for rang, client in enumerate(clients):
        semaines = (jours.loc[jours["client"] == client, "jour"] - debut).dt.days / JOURS_PAR_SEMAINE
        ax.plot(semaines, np.full(len(semaines), rang), "o",
                color=graphiques.PALETTE[rang % len(graphiques.PALETTE)], markersize=7)
        ax.axhline(rang, color=graphiques.GRIS, linewidth=0.6, zorder=0)
    ax.axvline((fin - debut).days / JOURS_PAR_SEMAINE, color=graphiques.NOIR, linestyle="--", linewidth=1.2)
    limite = (fin - debut).days / JOURS_PAR_SEMAINE
    if fin_test is not None:
        limite = (_date("fin_test", fin_test) - debut).days / JOURS_PAR_SEMAINE
    ax.set_xlim(-1, limite + 1)
    ax.set_yticks(range(len(clients)), [f"client {c}" for c in clients])
    ax.set_ylim(len(clients) - 0.5, -0.5)
    graphiques.habiller(ax, titre,
                        "Semaines depuis le début des données (trait pointillé : fin de la calibration)",
                        "", "nombre", None)
    return fig


# =========================================================================== widget
def simulateur_client(modele, frequence=2, recence=30.0, anciennete=39.0, semaines=39):
    """Widget : l'historique d'un client (fréquence, récence, ancienneté) → sa probabilité
    d'être encore client et ses achats attendus.

    Contrôles : ``frequence`` (achats répétés, 0 à 30), ``recence`` et ``anciennete`` (en
    semaines, 0 à 78), ``semaines`` (horizon de prévision, 1 à 104). Résultat : « Probabilité
    d'être encore client », « Achats attendus dans les N prochaines semaines ». Graphique :
    la probabilité d'être encore client selon la date du dernier achat, pour cette fréquence
    et cette ancienneté ; le point orange est le client choisi. Refus : récence supérieure à
    l'ancienneté, ou fréquence positive avec une récence nulle.
    """
    # ipywidgets et matplotlib (coûteux à importer) : seulement quand on construit le widget.
    import ipywidgets as widgets

    from . import graphiques
    from .formatage import nombre, pourcentage
    from .widgets.base import Simulateur, marges_figure

    _exiger_modele(modele, ModeleBGNBD, "ajuster_bgnbd")
    modele.probabilite_vivant(frequence, recence, anciennete)  # refuse un réglage de départ impossible
    semaines = int(exiger_entier("semaines", semaines, 1))

    def curseur(classe, valeur, minimum, maximum, pas, description, **options):
        if not minimum <= valeur <= maximum:
            raise ValueError(f"{description} vaut {valeur:g}, or le curseur va de {minimum:g} à {maximum:g}.")
        return classe(value=valeur, min=minimum, max=maximum, step=pas, description=description,
                      continuous_update=False, style={"description_width": "initial"}, **options)

    controles = {
        "frequence": curseur(widgets.IntSlider, int(frequence), 0, 30, 1, "Achats répétés (nombre)"),
        "recence": curseur(widgets.FloatSlider, float(recence), 0, 78, 0.5,
                           "Semaines entre le premier et le dernier achat", readout_format=".1f"),
        "anciennete": curseur(widgets.FloatSlider, float(anciennete), 0.5, 78, 0.5,
                              "Semaines depuis le premier achat", readout_format=".1f"),
        "semaines": curseur(widgets.IntSlider, semaines, 1, 104, 1, "Horizon de prévision (semaines)"),
    }
    fig, ax = graphiques.nouvelle_figure(6.4, 3.4, marges=marges_figure(left=0.12))
    (courbe,) = ax.plot([0, 1], [0, 0], color=graphiques.BLEU, linewidth=2)
    (point,) = ax.plot([0], [0], "o", color=graphiques.ORANGE, markersize=9)
    graphiques.habiller(ax, "Probabilité d'être encore client selon le dernier achat",
                        "Semaines entre le premier et le dernier achat", "Probabilité d'être client", None,
                        "pourcentage")
    ax.set_ylim(0, 1.05)

    def calculer(frequence, recence, anciennete, semaines):
        vivant = modele.probabilite_vivant(frequence, recence, anciennete)
        attendus = modele.achats_attendus(semaines, frequence, recence, anciennete)
        bas = 0.5 if frequence > 0 else 0.0
        recences = np.linspace(min(bas, anciennete), anciennete, 80)
        return {"frequence": frequence, "recence": recence, "anciennete": anciennete, "semaines": semaines,
                "vivant": vivant, "attendus": attendus, "recences": recences,
                "courbe": modele.probabilite_vivant(np.full(80, frequence), recences, anciennete)}

    def afficher(etat):
        return [("Probabilité d'être encore client", pourcentage(etat["vivant"], 0)),
                (f"Achats attendus dans les {etat['semaines']} prochaines semaines",
                 nombre(etat["attendus"], 2))]

    def dessiner(etat):
        courbe.set_data(etat["recences"], etat["courbe"])
        point.set_data([etat["recence"]], [etat["vivant"]])
        ax.set_xlim(0, max(etat["anciennete"], 1.0))

    titre = "Un client est-il encore là ? (modèle BG/NBD ajusté)"
    consigne = "Réglez l'historique d'un client : combien d'achats répétés, et quand le dernier."
    return Simulateur(titre, controles, calculer, afficher, fig, dessiner, consigne=consigne)
