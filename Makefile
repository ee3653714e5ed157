# Two commands on a fresh machine: `make demo` and `make test` (see README.md).
SHELL := /bin/bash
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEMO_STAMP := $(VENV)/.installed-demo
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

# Debian packages the demo needs: Pango for WeasyPrint (the PDF) and the fonts the PDF's CSS names.
DEMO_APT_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 fonts-liberation2 fonts-dejavu-core
# ...and what the tests need on top: headless Chromium, pdftoppm/pdftotext, a PostgreSQL server, SpamAssassin
# (its local rules score the demo newsletter), LibreOffice Calc without its GUI (soffice --headless opens the
# CSV and .xlsx files), and Node.js for the programs from npm that read presskit's output (ical.js, axe-core).
# npm comes with Debian's `npm` package or inside a Node.js built elsewhere (NodeSource), so it is installed only
# when the command is missing. Cairo: `presskit site` draws the laurel PNGs with CairoSVG (the demo makes no
# site).
TEST_APT_PACKAGES := $(DEMO_APT_PACKAGES) libcairo2 chromium poppler-utils postgresql spamassassin nodejs \
	libreoffice-calc-nogui
# The npm packages the tests run, pinned in package-lock.json.
JS := tests/js
JS_STAMP := $(JS)/node_modules/.package-lock.json
# Without apt-get (macOS), the one line `make demo` prints instead.
NO_APT_HINT := no apt-get on this machine: install Pango and the PDF's fonts yourself, on macOS with Homebrew:\
 brew install pango && brew install --cask font-liberation font-dejavu

.PHONY: demo test test-pg venv system-deps demo-deps js bench lint golden clean

# The tests' environment: presskit with the test extras (a superset of what the demo installs).
$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test,postgres]'
	touch $(STAMP)

# The demo's environment: presskit alone (the tests' environment serves too).
$(DEMO_STAMP): pyproject.toml
	@if [ ! -f $(STAMP) ] || [ pyproject.toml -nt $(STAMP) ]; then \
	  $(PY) -m venv $(VENV) && $(BIN)/pip install -q --upgrade pip && $(BIN)/pip install -q -e .; fi
	touch $(DEMO_STAMP)

venv: $(STAMP)

# The shell that installs the missing ones among the Debian packages $(1).
apt_install = missing=""; for p in $(1); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then echo "Installing system packages:$$missing"; $(SUDO) apt-get update -qq \
	&& DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing >/dev/null; fi

system-deps:
	@$(call apt_install,$(TEST_APT_PACKAGES))
	@command -v npm >/dev/null 2>&1 || { $(call apt_install,npm); }

# npm ci installs exactly what the lock file says.
$(JS_STAMP): $(JS)/package.json $(JS)/package-lock.json
	cd $(JS) && npm ci --no-audit --no-fund --loglevel=error
	touch $(JS_STAMP)

js: system-deps $(JS_STAMP)

demo-deps:
	@if command -v apt-get >/dev/null 2>&1 && command -v dpkg >/dev/null 2>&1; then \
	  $(call apt_install,$(DEMO_APT_PACKAGES)); else echo "make demo: $(NO_APT_HINT)"; fi

demo: $(DEMO_STAMP) demo-deps
	$(BIN)/presskit demo

# The PostgreSQL half runs when PRESSKIT_TEST_PG_URL names a server; otherwise it is skipped, and said so.
test: $(STAMP) system-deps js lint
	@$(BIN)/python -m pytest; rc=$$?; \
	if [ -z "$$PRESSKIT_TEST_PG_URL" ]; then echo "make test: the PostgreSQL half was SKIPPED (no PRESSKIT_TEST_PG_URL);\
	 run it with 'make test-pg' (a throwaway local server) or PRESSKIT_TEST_PG_URL=postgresql+psycopg://USER:PASSWORD@HOST:PORT/DB make test"; fi; \
	exit $$rc

# The whole suite on SQLite and on a throwaway PostgreSQL server (installed from Debian's packages if missing).
test-pg: $(STAMP) system-deps
	.ci/with-postgres $(MAKE) --no-print-directory test

lint: $(STAMP)
	$(BIN)/ruff check presskit tests benchmarks
	$(BIN)/mypy

golden: $(STAMP) system-deps
	PRESSKIT_REGEN_GOLDEN=1 $(BIN)/python -m pytest tests -k golden -q

# The newsletter, the kit and the import are measured on PostgreSQL too: on PRESSKIT_BENCH_PG_URL when it is set,
# else on a throwaway server (.ci/with-postgres) when PostgreSQL's initdb is installed (system-deps installs it);
# without either, the PostgreSQL rows read "skipped (no server)". BENCH_ARGS: e.g. BENCH_ARGS='--quick'.
BENCH_ARGS ?=
bench: $(STAMP) system-deps
	@if [ -z "$$PRESSKIT_BENCH_PG_URL" ] && { ls /usr/lib/postgresql/*/bin/initdb || command -v initdb; } \
	  >/dev/null 2>&1; then \
	  .ci/with-postgres $(BIN)/python benchmarks/run.py $(BENCH_ARGS); \
	else \
	  $(BIN)/python benchmarks/run.py $(BENCH_ARGS); \
	fi

clean:
	rm -rf $(VENV) out .pytest_cache test-artifacts $(JS)/node_modules
