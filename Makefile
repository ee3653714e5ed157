# Two commands on a fresh machine: `make demo` and `make test` (see README.md).
SHELL := /bin/bash
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

# Debian packages the tests and the PDF need: headless Chromium, fonts named by the PDF CSS,
# pdftoppm/pdftotext, Pango for WeasyPrint, and a PostgreSQL server for the PostgreSQL half.
APT_PACKAGES := chromium fonts-dejavu-core fonts-liberation2 poppler-utils libpango-1.0-0 libpangoft2-1.0-0 libcairo2 \
	postgresql

.PHONY: demo test test-pg venv system-deps bench lint golden clean

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test,postgres]'
	touch $(STAMP)

venv: $(STAMP)

system-deps:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing system packages:$$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing >/dev/null; \
	fi

demo: $(STAMP) system-deps
	$(BIN)/presskit demo

# The PostgreSQL half runs when PRESSKIT_TEST_PG_URL names a server; otherwise it is skipped, and said so.
test: $(STAMP) system-deps lint
	@$(BIN)/python -m pytest; rc=$$?; \
	if [ -z "$$PRESSKIT_TEST_PG_URL" ]; then echo "make test: the PostgreSQL half was SKIPPED (no PRESSKIT_TEST_PG_URL);\
	 run it with 'make test-pg' (a throwaway local server) or PRESSKIT_TEST_PG_URL=postgresql+psycopg://USER:PASSWORD@HOST:PORT/DB make test"; fi; \
	exit $$rc

# The whole suite on SQLite and on a throwaway PostgreSQL server (installed from Debian's packages if missing).
test-pg: $(STAMP) system-deps
	.ci/with-postgres $(MAKE) --no-print-directory test

lint: $(STAMP)
	$(BIN)/ruff check presskit tests benchmarks

golden: $(STAMP) system-deps
	PRESSKIT_REGEN_GOLDEN=1 $(BIN)/python -m pytest tests -k golden -q

bench: $(STAMP) system-deps
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf $(VENV) out .pytest_cache test-artifacts
