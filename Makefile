# The README's two commands: `make run` and `make test`. Both set up what they need first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run serve test test-quick reset bench

# `run` listens on this machine only unless PORTAL_ADDRESS says otherwise: the demo password is public.
run: $(VENV)/.app-installed
	PORTAL_MODE=$${PORTAL_MODE:-demo} $(BIN)/python -m portal db prepare
	# The email worker beside the app (it says so and exits when PORTAL_SMTP_URL is unset), stopped with it.
	PORTAL_MODE=$${PORTAL_MODE:-demo} $(BIN)/python -m portal outbox run & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT; \
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
