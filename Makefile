# Two commands matter: `make run` and `make test`. Everything else is a step they use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000

.PHONY: run test lint format install clients migrate seed serve bench clean desk-messages desk-screenshots desk-assets

# Reinstall only when the dependency list changes.
$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

install: $(BIN)/.installed

# The generated-client check (tests/test_generated_clients.py, clients/README.md): the client
# generators, pinned in clients/, each reinstalled when its pins change. The Python generator
# gets a venv of its own, since it pins httpx and typer below the app's versions.
CLIENTS_VENV := var/clients/venv
NODE_MODULES := clients/typescript/node_modules

$(CLIENTS_VENV)/.installed: clients/python/requirements.txt
	$(PYTHON) -m venv $(CLIENTS_VENV)
	$(CLIENTS_VENV)/bin/pip install --quiet --upgrade pip
	$(CLIENTS_VENV)/bin/pip install --quiet -r clients/python/requirements.txt
	touch $@

# Without npm the TypeScript check is skipped locally; in CI (CI set) it is an error.
$(NODE_MODULES)/.installed: clients/typescript/package-lock.json
	@if command -v npm >/dev/null; then \
		cd clients/typescript && npm ci --no-audit --no-fund --loglevel=error && touch node_modules/.installed; \
	elif [ -n "$$CI" ]; then \
		echo "npm is needed for the TypeScript client check (clients/README.md)" >&2; exit 1; \
	else \
		echo "npm not found: the TypeScript client check will be skipped"; \
	fi

clients: $(CLIENTS_VENV)/.installed $(NODE_MODULES)/.installed

# The links the API writes (Link, feeds' self) name the port it is served on, unless told otherwise.
run: install
	$(BIN)/newsdesk migrate
	$(BIN)/newsdesk seed-demo --if-empty
	NEWSDESK_API_BASE_URL=$${NEWSDESK_API_BASE_URL:-http://127.0.0.1:$(PORT)} \
		$(BIN)/newsdesk serve --host 127.0.0.1 --port $(PORT)

test: install clients lint
	$(BIN)/pytest

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

migrate: install
	$(BIN)/newsdesk migrate

# Load benchmark of the public read API (bench/README.md); BENCH_* variables pass through.
bench: install
	bash bench/run.sh

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache

# The desk's message catalogs (docs/desk.md): new msgids from the code and templates go into
# every app/desk/locale/*/LC_MESSAGES/messages.po; translate them there (tests check vi).
desk-messages: install
	mkdir -p var
	$(BIN)/pybabel extract -F app/desk/locale/babel.cfg -o var/desk-messages.pot --no-location --sort-output --project=newsdesk-desk .
	$(BIN)/pybabel update -i var/desk-messages.pot -d app/desk/locale --no-fuzzy-matching --ignore-obsolete --width=100

# The screenshots in docs/desk.md, taken by the desk's browser tests.
desk-screenshots: install
	NEWSDESK_DESK_SCREENSHOTS=docs/desk $(BIN)/pytest tests/desk/test_browser.py tests/desk/test_browser_article.py

# The desk's rich-text editor bundle (Tiptap), vendored in app/desk/static/vendor/ so that
# running the desk needs no npm; rebuild it after changing app/desk/editor/ (needs npm).
desk-assets:
	cd app/desk/editor && npm ci --no-audit --no-fund --loglevel=error && npm run build
