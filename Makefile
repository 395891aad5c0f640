# govstats: the two commands the README promises, on a machine with only Python 3.11.
#   make all    set up, ingest data/raw, validate, render dashboards + ledgers (the main job; no root needed)
#   make test   set up (with test tools and Chromium) and run the test suite (Chromium may need root once)
PYTHON ?= python3.11
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cat pyproject.toml | sha256sum | cut -c1-12)

.PHONY: all setup test lint bench lab browser clean ingest validate build

all: setup
	$(BIN)/govstats build

$(BIN)/python:
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "need $(PYTHON) on PATH (or: make PYTHON=python3)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e ".[dev]"
	$(BIN)/python -m ipykernel install --sys-prefix --name govstats --display-name "govstats (Python 3.11)" >/dev/null
	rm -f $(VENV)/.installed-* && touch $@

setup: $(STAMP)

browser:
	@bash scripts/install_chromium.sh

test: setup browser
	$(BIN)/ruff check govstats tests scripts benchmarks
	$(BIN)/python -m pytest -q

lint: setup
	$(BIN)/ruff check govstats tests scripts benchmarks

ingest: setup
	$(BIN)/govstats ingest

validate: setup
	$(BIN)/govstats validate

bench: setup
	$(BIN)/python -m benchmarks.bench

lab: setup
	$(BIN)/pip install --quiet -e ".[dev,lab]"
	$(BIN)/python -m ipykernel install --sys-prefix --name govstats --display-name "govstats (Python 3.11)"
	@echo "start JupyterLab with: $(BIN)/jupyter lab"

clean:
	rm -rf $(VENV) reports gx_docs data/processed/*.parquet data/processed/*.csv data/processed/*.json data/processed/*.xlsx \
		data/processed/.gen-* data/processed/current data/processed/previous data/processed/.lock
