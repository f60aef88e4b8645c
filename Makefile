# `make site` builds the bundled archive; `make serve` serves it and rebuilds on every
# save; `make test` runs the whole suite.
# Both create .venv on first use and reinstall when pyproject.toml changes.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin

.PHONY: site test lint serve bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@ $(VENV)/.installed

site: $(VENV)/.installed
	$(BIN)/newsarchive build --site .
	@echo "Open $(CURDIR)/output/index.html"

serve: $(VENV)/.installed
	$(BIN)/newsarchive serve --site .

test: $(VENV)/.installed-test
	$(BIN)/ruff check generator tests
	$(BIN)/python -m pytest

clean:
	rm -rf output .newsarchive
