# Two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 5000

.PHONY: run test lint setup check-system db clean translations

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Reinstall when the project definition or the pinned versions change.
$(VENV)/.installed: pyproject.toml constraints.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[postgres,redis,server,test,dev]'
	touch $@

setup: $(VENV)/.installed check-system

check-system: $(VENV)/.installed
	@$(BIN)/python -m assessment.system_check

db: setup
	$(BIN)/sovereign-ai db upgrade

# The web app and the report worker together; Ctrl-C stops both (a background job ignores
# SIGINT, so the worker is sent SIGTERM).
run: db
	@$(BIN)/sovereign-ai worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker' EXIT INT TERM; \
	$(BIN)/sovereign-ai serve --host $(HOST) --port $(PORT)

# The whole suite on SQLite, then every test that touches the database again on PostgreSQL
# when TEST_DATABASE_URL is set (CI sets it, and fails without it), with the report queue on
# Redis when TEST_PG_TASK_QUEUE_URL is set (CI sets it too).
# The slowest tests are listed at the end of each pass, to see where the suite's time goes.
PYTEST_ARGS ?= --durations=25
test: setup
	TEST_DATABASE_URL= $(BIN)/python -m pytest $(PYTEST_ARGS)
	@if [ -n "$(TEST_DATABASE_URL)" ]; then \
	  echo "== again on PostgreSQL: tests marked db =="; \
	  TEST_TASK_QUEUE_URL=$(TEST_PG_TASK_QUEUE_URL) $(BIN)/python -m pytest -m db $(PYTEST_ARGS); \
	elif [ "$(CI)" = "true" ]; then \
	  echo "CI must run the suite on PostgreSQL too: set TEST_DATABASE_URL"; exit 1; \
	fi

# Style and bug patterns (ruff), types (mypy), and the layers' import contracts (import-linter);
# all three are configured in pyproject.toml.
lint: $(VENV)/.installed
	$(BIN)/ruff check assessment tests benchmarks gunicorn.conf.py
	$(BIN)/mypy
	$(BIN)/lint-imports

# Interface text: extract every message from the code and templates (babel.cfg), merge the new ones
# into each language's catalogue (assessment/translations/<lang>/LC_MESSAGES/messages.po), then compile
# the .mo files the app and the wheel use (they are committed; tests/core/test_translations.py checks
# they match the .po). A new language: pybabel init -i build/messages.pot -d assessment/translations -l de
TRANSLATIONS := assessment/translations
translations: $(VENV)/.installed
	@mkdir -p build
	$(BIN)/pybabel extract -F babel.cfg -k N_ --no-location --sort-output -w 100 --project sovereign-ai-readiness \
	  --copyright-holder "sovereign-ai-readiness contributors" -o build/messages.pot .
	$(BIN)/pybabel update -i build/messages.pot -d $(TRANSLATIONS) -w 100 --ignore-obsolete
	$(BIN)/pybabel compile -d $(TRANSLATIONS) --statistics

clean:
	rm -rf $(VENV) build dist .pytest_cache .hypothesis .mypy_cache .ruff_cache .import_linter_cache
