# Two commands matter: `make run` and `make test`. Everything else is a step they use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000

.PHONY: run test lint format install migrate seed serve bench clean

# Reinstall only when the dependency list changes.
$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

install: $(BIN)/.installed

# The links the API writes (Link, feeds' self) name the port it is served on, unless told otherwise.
run: install
	$(BIN)/newsdesk migrate
	$(BIN)/newsdesk seed-demo --if-empty
	NEWSDESK_API_BASE_URL=$${NEWSDESK_API_BASE_URL:-http://127.0.0.1:$(PORT)} \
		$(BIN)/newsdesk serve --host 127.0.0.1 --port $(PORT)

test: install lint
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
