# Relation client par les données — deux commandes suffisent :
#   make cours   installe tout (.venv) et ouvre le cours dans JupyterLab, en français
#   make test    installe tout (avec les outils de test) et lance tous les tests
# Autres cibles : exercices, donnees, tableaux, site, pdf, bench, nettoyer.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
PIP    := $(PY) -m pip --disable-pip-version-check
RACINE := $(VENV)/bin/jupyter
COURS_STAMP := $(VENV)/.installe-cours
TEST_STAMP  := $(VENV)/.installe-test
ROOT_FLAG := $(shell [ "$$(id -u)" = 0 ] && echo --allow-root)
PREMIERE_LECON := $(firstword $(wildcard notebooks/00_prise_en_main.ipynb) notebooks)

.PHONY: cours test tests-unitaires tests-notebooks navigateur exercices donnees tableaux site pdf bench nettoyer aide

aide:
	@echo "make cours      installe le cours et l'ouvre dans JupyterLab (en français)"
	@echo "make test       installe les outils de test et lance tous les tests"
	@echo "make exercices  régénère exercises/ à partir de solutions/"
	@echo "make donnees    régénère les jeux de données de datasets/"
	@echo "make tableaux   ouvre l'accueil des simulateurs (tableaux de bord Voilà, mode classe)"
	@echo "make site       construit la version HTML statique du cours dans site/"
	@echo "make pdf        imprime le cours en PDF dans pdf/ (leçons, fiches, exercices sur papier)"
	@echo "make bench      mesure les performances (bench/resultats.md)"

$(VENV)/bin/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 ou plus récent est nécessaire (trouvé : " + sys.version.split()[0] + ").")'
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

$(COURS_STAMP): pyproject.toml | $(VENV)/bin/python
	$(PIP) install --quiet -e .
	$(PY) -m relation_client.installation
	@touch $@

$(TEST_STAMP): pyproject.toml $(COURS_STAMP)
	$(PIP) install --quiet -e '.[test]'
	@# nbgrader ne sert qu'aux tests : ses menus et panneaux (en anglais) restent hors du JupyterLab des élèves.
	@$(VENV)/bin/jupyter labextension disable @jupyter/nbgrader >/dev/null 2>&1
	@for e in formgrader validate_assignment assignment_list course_list; do \
	  $(VENV)/bin/jupyter server extension disable nbgrader.server_extensions.$$e --sys-prefix >/dev/null 2>&1; done
	@touch $@

# JupyterLab s'ouvre directement sur la leçon 00 (et non sur le Lanceur) : c'est aussi l'adresse
# qu'il affiche (« http://localhost:8888/lab/tree/notebooks/00_prise_en_main.ipynb?token=… »).
cours: $(COURS_STAMP)
	@echo "Le cours s'ouvre sur la première leçon : $(PREMIERE_LECON) (Ctrl+C deux fois pour arrêter)."
	$(VENV)/bin/jupyter lab $(ROOT_FLAG) --ServerApp.root_dir=. --LabApp.default_url=/lab/tree/$(PREMIERE_LECON)

navigateur:
	@bash outils/installer_chromium.sh

# Le proxy du test JupyterHub vient du registre npm, par les fichiers du dépôt (package-lock.json).
HUB_PROXY := deploiement/node_modules/.bin/configurable-http-proxy

$(HUB_PROXY): deploiement/package.json deploiement/package-lock.json
	@command -v npm >/dev/null || { echo "npm (Node.js) est nécessaire pour le test JupyterHub : apt install nodejs npm"; exit 1; }
	npm ci --prefix deploiement --no-audit --no-fund
	@touch $@

test: $(TEST_STAMP) navigateur $(HUB_PROXY)
	$(PY) -m pytest tests src
	@$(MAKE) --no-print-directory tests-notebooks

# nbval : leçons et corrigés comparés aux sorties enregistrées ; exercices exécutés sans erreur.
tests-notebooks: $(TEST_STAMP)
	@set -e; \
	LECONS="$$(ls notebooks/*.ipynb solutions/*.ipynb 2>/dev/null || true)"; \
	if [ -n "$$LECONS" ]; then \
	  $(PY) -m pytest -p no:cacheprovider --nbval --nbval-sanitize-with tests/nbval_sanitize.cfg $$LECONS; \
	fi; \
	EXOS="$$(ls exercises/*.ipynb 2>/dev/null || true)"; \
	if [ -n "$$EXOS" ]; then \
	  $(PY) -m pytest -p no:cacheprovider --nbval-lax $$EXOS; \
	fi

exercices: $(COURS_STAMP)
	$(PY) -m relation_client.cli exercices

donnees: $(COURS_STAMP)
	$(PY) -m relation_client.generation generer
	$(PY) -m relation_client.generation_cas

tableaux: $(COURS_STAMP)
	$(PY) -m relation_client.tableaux notebooks/tableaux/

site: $(COURS_STAMP)
	$(PY) -m relation_client.cli site --sortie site

PDF_STAMP := $(VENV)/.installe-pdf

$(PDF_STAMP): pyproject.toml $(COURS_STAMP)
	$(PIP) install --quiet -e '.[pdf]'
	@touch $@

# Imprime avec le Chromium Debian ; ne supprime que ses propres PDF (listés dans pdf/.relation-client-pdf.json).
pdf: $(PDF_STAMP) navigateur
	$(PY) -m relation_client.cli pdf --sortie pdf

BENCH_STAMP := $(VENV)/.installe-bench

$(BENCH_STAMP): pyproject.toml $(TEST_STAMP)
	$(PIP) install --quiet -e '.[test,bench]'
	@touch $@

bench: $(BENCH_STAMP)
	$(PY) bench/mesurer.py

nettoyer:
	rm -rf $(VENV) site pdf deploiement/node_modules bench/resultats.md tests/artefacts .pytest_cache .hypothesis
