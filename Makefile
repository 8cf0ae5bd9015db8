# The single entry point: `make run` and `make test` need only python3 and make.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/pip install --quiet --disable-pip-version-check -c constraints.txt
PYTEST_ARGS ?= -n auto
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install install-test js migrate collectstatic lint format lock serve worker clean bench

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: $(BIN)/python pyproject.toml constraints.txt
	$(PIP) -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(PIP) -e ".[test]"
	touch $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

migrate: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py loadregimens

# Web Push in development: a key pair made once for this checkout, kept beside the virtualenv
# (production sets its own in the environment: README, Reminders).
DEV_VAPID := $(VENV)/vapid.env
$(DEV_VAPID): | $(VENV)/.installed
	$(BIN)/python manage.py vapidkeys > $@

# Links in reminders (and other absolute URLs) lead to this server, whatever its port.
run: export SITE_URL ?= http://$(HOST):$(PORT)
run: migrate $(DEV_VAPID)
	$(BIN)/python manage.py demo
	@echo ""
	@echo "  Imiquimod Planner is starting: open http://$(HOST):$(PORT)/"
	@echo "  Make an admin user (another terminal): $(BIN)/python manage.py createsuperuser"
	@echo "  Reminders: a worker runs beside the server; their email is printed here."
	@echo "  Educational aid, not medical advice."
	@echo ""
	@# The reminder worker (Huey on an SQLite file: no other server) lives as long as runserver.
	[ -n "$$VAPID_PUBLIC_KEY" ] || { set -a; . $(DEV_VAPID); set +a; }; \
	$(BIN)/python manage.py reminders --workers 1 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

# Production: run `make migrate` and `make collectstatic` as separate steps first.
collectstatic: install
	$(BIN)/python manage.py collectstatic --noinput

serve: install
	$(BIN)/gunicorn --config planner/gunicorn_conf.py planner.wsgi

# Production's reminder worker: Huey on Redis when REDIS_URL is set. Run one per machine or
# more; each finds what is due every minute (safe in parallel) and sends its share. Its
# PostgreSQL commits do not wait for the disk (ASYNC_COMMIT: see planner/settings.py).
worker: install
	ASYNC_COMMIT=1 $(BIN)/python manage.py reminders

# ical.js (Mozilla's calendar parser) for the calendar tests; skipped without npm.
js:
	@if command -v npm >/dev/null 2>&1; then \
		npm ci --prefix tests/js --silent --no-audit --no-fund; \
	else echo "npm not found: the ical.js checks will be skipped (CI=true fails them)."; fi

test: install-test js
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# The benchmarks of bench/README.md on SQLite; BENCH_ARGS="--db postgres" for PostgreSQL.
bench: install
	$(BIN)/python bench/inprocess.py $(BENCH_ARGS)
	$(BIN)/python bench/load.py $(BENCH_ARGS)

lint: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install-test
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Re-pin every transitive dependency after changing pyproject.toml.
lock:
	rm -rf .lockvenv && $(PYTHON) -m venv .lockvenv
	.lockvenv/bin/pip install --quiet -e ".[test]"
	.lockvenv/bin/pip freeze --exclude-editable > constraints.txt
	rm -rf .lockvenv

clean:
	rm -rf $(VENV) staticfiles tests/js/node_modules
