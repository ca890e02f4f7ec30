# Medvirk: two commands for a newcomer.
#   make demo   set everything up and serve the demo on http://127.0.0.1:8000
#   make test   set everything up and run the whole test suite
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
MANAGE := $(PY) manage.py
VENDOR := src/medvirk/static/vendor
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: help setup demo serve test lint typecheck imports-check migrations-check test-unit test-postgres \
        messages compilemessages sysdeps browser-deps bench-deps bench bench-smoke clean

help:
	@echo "make demo   - install everything, load demo data, serve on http://127.0.0.1:8000"
	@echo "make test   - install everything and run the whole test suite (SQLite, then PostgreSQL if it answers)"
	@echo "make messages - update the translation catalogues after changing strings"
	@echo "make bench  - national-scale data on PostgreSQL, then load-test the key pages (BENCH_SCALE=1.0)"

# --- Setup ---------------------------------------------------------------------
$(VENV)/.installed: pyproject.toml
	@[ -x $(PY) ] || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	@touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

$(VENDOR)/.copied: node_modules/.installed
	rm -rf $(VENDOR)
	mkdir -p $(VENDOR)/designsystemet $(VENDOR)/htmx $(VENDOR)/squire
	cp node_modules/@digdir/designsystemet-css/dist/src/index.css $(VENDOR)/designsystemet/designsystemet.css
	cp node_modules/@digdir/designsystemet-theme/brand/digdir.css $(VENDOR)/designsystemet/theme.css
	cp node_modules/htmx.org/dist/htmx.min.js $(VENDOR)/htmx/htmx.min.js
	cp node_modules/@digdir/designsystemet-css/LICENSE $(VENDOR)/designsystemet/LICENSE
	cp node_modules/squire-rte/dist/squire.js node_modules/squire-rte/dist/squire.js.map $(VENDOR)/squire/
	cp node_modules/squire-rte/LICENSE $(VENDOR)/squire/LICENSE
	@touch $@

# System packages: gettext (compiles translations), WeasyPrint's Pango.
sysdeps:
	@command -v msgfmt >/dev/null && command -v pdftotext >/dev/null && ldconfig -p | grep -q libpango-1.0 || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq gettext poppler-utils libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0; }

# Debian's Chromium for the browser tests (Playwright drives /usr/bin/chromium).
# wrk drives the load in `make bench`; nginx fronts two app servers in the scale-out test.
bench-deps:
	@command -v wrk >/dev/null && command -v nginx >/dev/null || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq wrk nginx-light; }

browser-deps:
	@[ -x /usr/bin/chromium ] || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq chromium fonts-dejavu-core; }

compilemessages: $(VENV)/.installed sysdeps
	cd src/medvirk && ../../$(PY) ../../manage.py compilemessages --ignore=.venv -v 0

setup: $(VENV)/.installed $(VENDOR)/.copied compilemessages

# --- Demo ------------------------------------------------------------------------
demo: setup
	MEDVIRK_DEBUG=true $(MANAGE) migrate --no-input -v 0
	MEDVIRK_DEBUG=true $(MANAGE) load_demo
	@MEDVIRK_DEBUG=true $(MANAGE) demo_info
	@$(MAKE) --no-print-directory serve

serve:
	@trap 'kill 0' EXIT INT TERM; \
	$(PY) -m aiosmtpd -n -l 127.0.0.1:1025 -c aiosmtpd.handlers.Debugging & \
	MEDVIRK_DEBUG=true $(MANAGE) db_worker --queue-name '*' --interval 1 & \
	while true; do MEDVIRK_DEBUG=true $(MANAGE) run_periodic; sleep 300; done & \
	MEDVIRK_DEBUG=true $(MANAGE) runserver 127.0.0.1:8000 --noreload

# --- Tests -----------------------------------------------------------------------
test: setup browser-deps bench-deps lint typecheck imports-check migrations-check test-unit test-postgres bench-smoke

lint:
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests

typecheck:
	$(BIN)/mypy

# The import contracts in pyproject.toml ([tool.importlinter]): app layers, template tags
# never importing views, no app reaching into another's cache module, no import loops.
imports-check:
	PYTHONPATH=src $(BIN)/lint-imports

migrations-check:
	$(MANAGE) makemigrations --check --dry-run -v 1

test-unit:
	$(BIN)/pytest -n 2 --dist loadgroup --durations=20

# The same suite against a throwaway PostgreSQL database, where one answers.
test-postgres:
	@if $(PY) scripts/pg_available.py; then \
		echo "== PostgreSQL answers on 127.0.0.1:5432: running the suite against it"; \
		MEDVIRK_DATABASE_URL=postgres://postgres@127.0.0.1:5432/medvirk_ci_$$$$ $(BIN)/pytest -n 2 --dist loadgroup --durations=20; \
	else \
		echo "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!"; \
		echo "!! SKIPPED: no PostgreSQL on 127.0.0.1:5432 - the PostgreSQL pass did NOT run !!"; \
		echo "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!"; \
	fi

# --- Translations ------------------------------------------------------------------
messages: $(VENV)/.installed sysdeps
	cd src/medvirk && ../../$(PY) ../../manage.py makemessages -l nb -l nn -l en --no-obsolete --no-location --ignore=static/vendor

clean:
	rm -rf $(VENV) node_modules $(VENDOR) var

# --- Benchmark -------------------------------------------------------------------
# National scale on PostgreSQL (see docs/benchmark.md). Takes longer than CI allows.
BENCH_SCALE ?= 1.0
# One database per scale (medvirk_bench for 1.0, medvirk_bench_0_01 for 0.01), so that the
# small run the 0.01 -> 1.0 comparison needs does not wipe the national data set.
BENCH_DB_SUFFIX = $(if $(filter 1.0 1,$(BENCH_SCALE)),,_$(subst .,_,$(BENCH_SCALE)))
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/medvirk_bench$(BENCH_DB_SUFFIX)
# At scale 1.0 the same run also serves the 0.01 data set (generated when missing) and
# measures each page against both in alternating rounds: the 1.5x comparison.
BENCH_BASE_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/medvirk_bench_0_01
bench: setup bench-deps
	$(PY) scripts/bench.py --scale $(BENCH_SCALE) --database-url $(BENCH_DATABASE_URL) \
		$(if $(BENCH_DB_SUFFIX),,--compare-with $(BENCH_BASE_DATABASE_URL))

# The same run at scale 0.01 with short load phases, as a smoke test in `make test`.
bench-smoke: setup bench-deps
	@if $(PY) scripts/pg_available.py; then \
		url=postgres://postgres@127.0.0.1:5432/medvirk_bench_smoke_$$$$; \
		$(PY) scripts/bench.py --smoke --scale 0.01 --database-url $$url --compare-with $$url \
			--drop-after; \
	else \
		echo "!! SKIPPED: no PostgreSQL on 127.0.0.1:5432 - the benchmark smoke test did NOT run !!"; \
	fi
