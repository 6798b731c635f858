# Talenta: two commands on a fresh machine. `make run` sets everything up and starts the
# assistant; `make test` does the same set-up and runs the whole suite.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | md5sum | cut -c1-12)

.PHONY: run setup test check bench install clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@echo "Memasang dependensi ke $(VENV) (torch CPU 2.13.0) …"
	$(BIN)/pip install -q --upgrade pip setuptools wheel
	$(BIN)/pip install -q -e '.[dev]'
	@rm -f $(VENV)/.installed-*
	@touch $(STAMP)

install: $(STAMP)

setup: $(STAMP)
	$(BIN)/talenta db upgrade
	$(BIN)/talenta setup

run: $(STAMP)
	$(BIN)/talenta db upgrade
	$(BIN)/talenta run

test: setup
	$(BIN)/python -m pytest -q

check: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy bot retrieval knowledge db
	$(BIN)/mypy --strict bot/router bot/chat bot/ports
	$(BIN)/mypy --strict retrieval/index retrieval/people

bench: setup
	$(BIN)/python -m bench

clean:
	rm -rf var .pytest_cache .mypy_cache .ruff_cache
