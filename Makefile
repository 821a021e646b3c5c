# Scrutiny: the two commands are `make run` and `make test`.
SHELL := /bin/bash
# Python 3.12 or later where the machine has one (gunicorn workers on 3.11 have crashed under
# load: docs/operations.md), else the machine's python3. PYTHON=... on the command line wins.
# The suite is checked on 3.12, so it comes first.
NEWER_PYTHONS := python3.12 $(wildcard $(HOME)/.pyenv/versions/3.12*/bin/python3) \
	python3.13 $(wildcard $(HOME)/.pyenv/versions/3.13*/bin/python3)
PYTHON ?= $(firstword $(foreach p,$(NEWER_PYTHONS),$(shell $(p) -c 'import sys; assert sys.version_info >= (3, 12)' >/dev/null 2>&1 && echo $(p))) python3)
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app wsgi
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD := 1

.PHONY: run test lint format assets install system-packages migrate demo clean bench bench-postgres screenshots

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(BIN)/activate
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

install: $(VENV)/.installed

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

static/.built: node_modules/.installed assets/scss/application.scss $(wildcard assets/images/* assets/js/*)
	mkdir -p static
	npx --no-install sass --no-source-map --style=compressed --quiet --load-path=node_modules assets/scss/application.scss static/application.css
	cp node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js static/
	cp assets/images/* assets/js/* static/
	touch $@

assets: static/.built

# Debian packages: Chromium for the browser tests, Pango for WeasyPrint's PDF packs, ab
# (apache2-utils) for the benchmark and its tiny run in the suite.
system-packages:
	@command -v chromium >/dev/null && command -v ab >/dev/null && \
	  ldconfig -p | grep -q libpangoft2-1.0 || \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	   chromium libpango-1.0-0 libpangoft2-1.0-0 fonts-liberation apache2-utils >/dev/null)

migrate: install
	$(FLASK) db upgrade

demo: migrate
	$(FLASK) demo load

run: install assets system-packages demo
	@$(FLASK) demo logins
	$(FLASK) serve --host 127.0.0.1 --port 5000

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# County scale under gunicorn beside two floors (docs/performance.md); not part of `make test`.
bench: install system-packages
	$(BIN)/python scripts/bench.py $(BENCH_ARGS)

# The same on a throw-away PostgreSQL (scripts/with-postgres.sh), built afresh each run.
bench-postgres: install system-packages
	bash scripts/with-postgres.sh $(BIN)/python scripts/bench.py $(BENCH_ARGS)

# The README's screenshots (docs/images/) from a fresh demo in Debian's Chromium; SHOTS_ARGS
# passes options, e.g. SHOTS_ARGS="--as-of 2026-12-02 --out /tmp/shots".
screenshots: install assets system-packages
	$(BIN)/python scripts/screenshots.py $(SHOTS_ARGS)

test: install assets system-packages lint
	$(BIN)/pytest -n auto --dist loadfile

clean:
	rm -rf $(VENV) node_modules static
