# Mentorat — the two commands of the README, and a few helpers.
#   make run   : venv, install, migrate, demo data, serve on http://127.0.0.1:8000 (embedded default,
#                debug off: the French error pages, static files by whitenoise)
#   make dev   : the same with Django's debug pages (DJANGO_DEBUG=1)
#   make test  : the whole test suite (PostgreSQL/Redis tests too when DATABASE_URL/REDIS_URL are set)

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run dev test install lint format messages bench clean

$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.lock
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	mkdir -p var
	$(BIN)/python manage.py migrate --noinput -v 0
	$(BIN)/python manage.py collectstatic --noinput -v 0
	$(BIN)/python manage.py seed_demo
	@echo ""
	@echo "  Mentorat tourne sur http://127.0.0.1:8000/ — connexion : http://127.0.0.1:8000/comptes/login/"
	@echo "  (Ctrl+C pour arrêter)"
	@echo ""
	$(BIN)/python manage.py runserver 127.0.0.1:8000

# Debug is an explicit opt-in: the variable reaches every command of run's recipe.
dev: export DJANGO_DEBUG = 1
dev: run

test: $(STAMP)
	mkdir -p var
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Extract and compile the catalogues (msgfmt from gettext is needed only here, not to run).
messages: $(STAMP)
	$(BIN)/python manage.py makemessages -l fr -l en --ignore=.venv --ignore=var --ignore=programmes --ignore=matching --ignore=followup --ignore=evaluation --ignore=rights --ignore=france --ignore=tests --ignore=bench
	for app in programmes matching followup evaluation rights; do (cd $$app && ../$(BIN)/python ../manage.py makemessages -l fr -l en); done
	$(BIN)/python manage.py compilemessages --ignore=.venv

bench: $(STAMP)
	for script in bench/*.py; do $(BIN)/python $$script; done

clean:
	rm -rf var/static var/mail
