# The README's two commands: `make run` and `make test`. Both set up what they need first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run serve test test-quick reset bench messages compile-messages

# `run` listens on this machine only unless PORTAL_ADDRESS says otherwise: the demo password is public.
run: $(VENV)/.app-installed
	PORTAL_MODE=$${PORTAL_MODE:-demo} $(BIN)/python -m portal db prepare
	# The email and Open311 workers beside the app (each says so and exits when PORTAL_SMTP_URL or
	# PORTAL_OPEN311_ROUTES is unset), stopped with it.
	PORTAL_MODE=$${PORTAL_MODE:-demo} $(BIN)/python -m portal outbox run & worker=$$!; \
	$(BIN)/python -m portal open311-sync & sync=$$!; \
	trap 'kill $$worker $$sync 2>/dev/null' EXIT; \
	PORTAL_MODE=$${PORTAL_MODE:-demo} $(BIN)/streamlit run streamlit_app.py --server.address $${PORTAL_ADDRESS:-127.0.0.1}

# The production recipe on one machine (deploy/README.md): PostgreSQL, replicas, workers, nginx.
serve: $(VENV)/.app-installed
	./deploy/serve.sh

test: $(VENV)/.dev-installed
	./scripts/install-system-packages.sh
	PORTAL_STRICT_SERVICES=1 $(BIN)/python -m pytest

# Unit and AppTest tests on SQLite only: no PostgreSQL, no browser, a few minutes.
test-quick: $(VENV)/.dev-installed
	$(BIN)/python -m pytest tests/unit tests/app -k "not postgresql"

# Back to a fresh demo: the SQLite database, photos and cookie key all live in var/.
reset:
	rm -rf var

# Translations (README "Adding a language"): the template from the code, then every catalog brought up to it.
# A translator fills the new empty msgstr entries of their .po; the app compiles a changed .po itself.
messages: $(VENV)/.app-installed
	$(BIN)/python scripts/data_strings.py
	$(BIN)/pybabel -q extract -F babel.cfg -k N_ -k pgettext:1c,2 -k NP_:1c,2 --add-comments TRANSLATORS: \
		--no-location --sort-output --project "Civic Portal" -o portal/locale/messages.pot .
	$(BIN)/python scripts/new_catalogs.py
	$(BIN)/pybabel -q update -i portal/locale/messages.pot -d portal/locale --no-fuzzy-matching \
		--ignore-obsolete --ignore-pot-creation-date

compile-messages: $(VENV)/.app-installed
	$(BIN)/pybabel -q compile -d portal/locale

bench: $(VENV)/.dev-installed
	$(BIN)/python bench/map_bench.py

$(VENV)/.app-installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.dev-installed: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@ $(VENV)/.app-installed
