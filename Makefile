# Everyday commands. `make serve` and `make test` each do the whole set-up
# on a fresh machine (virtual environment, pinned Python packages, npm
# packages from the lockfile), so the README needs no other step.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 8000

# Stamp files: re-install only when the pins change.
PY_STAMP  := $(VENV)/.installed
NPM_STAMP := node_modules/.installed

.DEFAULT_GOAL := help
.PHONY: help setup serve build test test-fast bench notebooks chromium java libreoffice lock clean stdlib-list

help: ## List the commands
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(PY_STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[dev]"
	touch $@

$(NPM_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

setup: $(PY_STAMP) $(NPM_STAMP) ## Install everything the site and tests need (done by serve/test too)

serve: setup ## Serve the site with live reload at http://127.0.0.1:8000
	$(BIN)/mkdocs serve --dev-addr $(HOST):$(PORT)

build: setup ## Build the static site into site/ (copy it to any web server)
	$(BIN)/mkdocs build --strict

chromium: ## Install Debian's Chromium for the browser tests if it is missing
	@if [ -x /usr/bin/chromium ]; then \
	  true; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  echo "Installing Chromium for the browser tests (apt-get install chromium)"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	else \
	  echo "The browser tests need Chromium at /usr/bin/chromium." >&2; \
	  echo "Install it with:  sudo apt-get install -y chromium   (Debian/Ubuntu)" >&2; \
	  echo "or run the other tests only:  $(BIN)/python -m pytest -m 'not browser'" >&2; \
	  exit 1; \
	fi

java: ## Install a Java runtime for the HTML checker (vnu-jar) if it is missing
	@if command -v java >/dev/null; then \
	  true; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  echo "Installing Java for the HTML checker (apt-get install default-jre-headless)"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless >/dev/null; \
	else \
	  echo "The HTML validity test needs Java (the Nu HTML Checker is a .jar)." >&2; \
	  echo "Install it with:  sudo apt-get install -y default-jre-headless   (Debian/Ubuntu)" >&2; \
	  exit 1; \
	fi

libreoffice: ## Install LibreOffice (no GUI) and poppler-utils for the business case document's PDF test if missing
	@if command -v soffice >/dev/null && command -v pdftotext >/dev/null; then \
	  true; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  echo "Installing LibreOffice and poppler-utils for the Word document test (apt-get install libreoffice-writer-nogui poppler-utils)"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends libreoffice-writer-nogui poppler-utils >/dev/null; \
	else \
	  echo "The business case document test needs LibreOffice (soffice) and pdftotext." >&2; \
	  echo "Install them with:  sudo apt-get install -y libreoffice-writer-nogui poppler-utils   (Debian/Ubuntu)" >&2; \
	  exit 1; \
	fi

# When make read this file, before set-up: the whole suite's record (tests/suite_record.py) counts set-up too.
SUITE_STARTED := $(shell date +%s)

test: setup chromium java libreoffice ## Run the whole test suite (unit, data, site build, browser)
	SUITE_STARTED=$(SUITE_STARTED) $(BIN)/python -m pytest

test-fast: setup ## Run the tests that need no browser
	$(BIN)/python -m pytest -m "not browser"

# The DfE's council-level file of children looked after, starting and ceasing (explore-education-statistics
# open data) for the care forecast's backtest; never committed. Another copy: make bench DFE_CLA=path/to/file.csv
DFE_CLA ?= ../shared/reference/dfe/cla_number_and_rate_per_10k_children.csv

bench: setup chromium ## Print the performance benchmarks and the care forecast's backtest (and write bench/results.json)
	BENCH_DFE_CLA="$(DFE_CLA)" $(BIN)/python -m bench

notebooks: setup ## Re-run the worked examples and save their outputs (after a change to data/ or calculators/)
	$(BIN)/jupyter nbconvert --to notebook --execute --inplace \
	  --ExecutePreprocessor.kernel_name=python3 --ExecutePreprocessor.record_timing=False \
	  docs/notebooks/*.ipynb

lock: ## Re-pin constraints.txt from a clean resolve of pyproject.toml
	rm -rf /tmp/csc-lock && $(PYTHON) -m venv /tmp/csc-lock
	/tmp/csc-lock/bin/pip install --quiet --upgrade pip
	/tmp/csc-lock/bin/pip install --quiet -e ".[dev]"
	( echo "# Exact versions installed by the Makefile. Regenerate with 'make lock'."; \
	  /tmp/csc-lock/bin/pip freeze --exclude-editable ) > constraints.txt
	rm -rf /tmp/csc-lock

clean: ## Remove the built site and caches (keeps .venv and node_modules)
	rm -rf site build dist .pytest_cache .hypothesis

stdlib-list: setup ## Re-list the standard-library files the calculators use (hooks/pyodide_stdlib/files.txt)
	$(BIN)/python hooks/pyodide_stdlib/probe.py --write
