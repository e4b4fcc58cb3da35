# Two commands matter: `make run` and `make test`. Both install what they need first.
SHELL := /bin/bash
PYTHON ?= python3
PORT ?= 5000
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app portal

# Debian packages: fonts and PDF libraries the portal uses; a browser, PDF tools,
# a database server, Java, Redis and nginx that the tests use.
RUN_PACKAGES := fonts-noto-core libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core
TEST_PACKAGES := chromium poppler-utils postgresql default-jre-headless redis-server nginx-light

.DEFAULT_GOAL := help
.PHONY: help setup setup-test system system-test run test test-fast lint format assets translations db bench clean

help: ## List the commands
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F ':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

setup: system $(VENV)/.installed node_modules/.installed assets translations ## Install everything the portal needs

setup-test: setup system-test ## Install everything the tests need too

system: ## Install the Debian packages the portal needs (skips those already there)
	@$(call apt_install,$(RUN_PACKAGES))

system-test:
	@$(call apt_install,$(TEST_PACKAGES))

define apt_install
missing=""; for p in $(1); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
if [ -n "$$missing" ]; then \
  echo "Installing Debian packages:$$missing"; \
  [ "$$(id -u)" = 0 ] && SUDO="" || SUDO="sudo"; \
  $$SUDO apt-get update -q && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -q --no-install-recommends $$missing; \
else echo "Debian packages already installed: $(1)"; fi
endef

$(VENV)/.installed: pyproject.toml
	@echo "Installing Python packages into $(VENV)"
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(BIN)/pip install -q --upgrade pip
	@$(BIN)/pip install -q -e '.[test]'
	@touch $@

node_modules/.installed: package.json package-lock.json
	@echo "Installing front-end packages with npm"
	@npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	@touch $@

assets: portal/static/portal.css ## Build the stylesheet and copy the NHS.UK assets

portal/static/portal.css: node_modules/.installed $(VENV)/.installed $(wildcard portal/frontend/*)
	@echo "Building front-end assets"
	@$(BIN)/python -m portal.frontend.build

translations: $(VENV)/.installed ## Compile the translation catalogues
	@$(FLASK) translate compile >/dev/null

db: setup ## Bring the database up to date
	@echo "Bringing the database up to date"
	@$(FLASK) db upgrade

run: db ## Install, update the database, add demo data once, and serve on http://127.0.0.1:$(PORT)
	@$(FLASK) seed-demo
	@echo "Serving the portal on http://127.0.0.1:$(PORT) (staff area: http://127.0.0.1:$(PORT)/staff/)"
	@# gunicorn.conf.py: the web server and, beside it, the worker that sends email.
	@PORT=$(PORT) $(BIN)/gunicorn --config gunicorn.conf.py

lint: $(VENV)/.installed ## Check the code with ruff
	@$(BIN)/ruff check .
	@$(BIN)/ruff format --check .

format: $(VENV)/.installed ## Format the code with ruff
	@$(BIN)/ruff check --fix .
	@$(BIN)/ruff format .

test: setup-test lint ## Install everything, then run the whole test suite
	@$(BIN)/pytest -n 2 --dist loadgroup

test-fast: setup-test ## Run the request and unit tests only, without the browser tests
	@$(BIN)/pytest -n 2 --dist loadgroup -m "not browser"

bench: setup ## Measure form pages against a bare Flask app (installs wrk), the register and reports at size
	@$(call apt_install,wrk)
	@$(BIN)/python benchmarks/form_page.py
	@$(BIN)/python benchmarks/register.py
	@$(BIN)/python benchmarks/reports.py
	@$(BIN)/python benchmarks/documents.py

clean: ## Remove what setup built (not the database)
	rm -rf $(VENV) node_modules portal/static
