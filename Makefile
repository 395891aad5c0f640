# govstats: the two commands the README promises, on a machine with only Python 3.11.
#   make all    set up, ingest data/raw, validate, render dashboards + ledgers (the main job; no root needed)
#   make test   set up (with the test tools: Chromium, LibreOffice, pdftoppm, CJK fonts; root once) and run the tests
PYTHON ?= python3.11
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cat pyproject.toml | sha256sum | cut -c1-12)

.PHONY: all setup test lint bench lab browser test-tools clean ingest validate build

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

# the tools tests drive for real (apt-get, idempotent); `browser` is the old name of this target
test-tools browser:
	@bash scripts/install_test_tools.sh

test: setup test-tools
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
