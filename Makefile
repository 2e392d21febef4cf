# Everyday commands. Recipes stay short; the logic lives in scripts/.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.requirements-installed
# Options of `manage.py bench`, e.g. make bench BENCH_ARGS="--scale 0.01 --section reminders".
BENCH_ARGS ?=

.PHONY: run test bench lint check-cases venv

run: $(STAMP) | var
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	$(PY) manage.py runserver 127.0.0.1:8000

test: $(STAMP)
	scripts/install_browser.sh
	scripts/run_tests.sh

bench: $(STAMP) | var
	$(PY) manage.py migrate --noinput
	$(PY) manage.py bench $(BENCH_ARGS)

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run

check-cases: $(STAMP)
	@if [ -d ../shared/cases ]; then $(PY) ../shared/tools/check_cases.py ../shared/cases \
		$(wildcard ../shared/cases/incidents ../shared/cases/penalties); \
	else echo "../shared/cases not found: nothing to check"; fi

venv: $(STAMP)

# The embedded SQLite database and private uploads live here.
var:
	mkdir -p var

# Reinstall only when requirements.txt changes.
$(STAMP): requirements.txt
	scripts/bootstrap_venv.sh $(PYTHON) $(VENV)
	touch $@
