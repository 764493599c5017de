# The two commands of the README's quick start: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1:8000
MACHINA_PO := plugins/forum/machina_apps/forum/locale/uk/LC_MESSAGES/django.po

.PHONY: demo test install messages lint

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: requirements.txt | $(BIN)/activate
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

install: $(VENV)/.installed
	scripts/system-packages.sh
	$(BIN)/python manage.py compilemessages --ignore=.venv --ignore=var -v 0

## Install everything, seed the demo city and serve it at http://$(HOST)
# The workers run beside the web server and stop with it: one for billing
# imports, one for the rest (e-mail, index refreshes, Wagtail's own jobs,
# among them the few hundred the seed leaves). None reloads itself: a
# reloading parent kills its child outright when stopped, and the child's
# hold on the embedded database would never be released. With REDIS_URL set
# the work waits in Redis, for RQ's workers instead.
demo: install
	$(BIN)/python manage.py migrate --no-input -v 0
	$(BIN)/python manage.py seed_demo
	export PORTAL_BASE_URL="$${PORTAL_BASE_URL:-http://$(HOST)}"; \
	if [ -n "$$REDIS_URL" ]; then \
		$(BIN)/python manage.py rqworker imports & imports=$$!; \
		$(BIN)/python manage.py rqworker default --with-scheduler & jobs=$$!; \
	else \
		$(BIN)/python manage.py db_worker --backend imports --queue-name imports --no-reload & imports=$$!; \
		$(BIN)/python manage.py db_worker --no-reload & jobs=$$!; \
	fi; \
	trap 'kill $$imports $$jobs 2>/dev/null' EXIT INT TERM; \
	$(BIN)/python manage.py runserver --noreload $(HOST)

## Install everything and run the whole test suite
test: $(VENV)/.installed
	scripts/system-packages.sh --with-browser
	$(BIN)/python manage.py compilemessages --ignore=.venv --ignore=var -v 0
	$(BIN)/pytest --long

## Refresh the translation catalogs from the code and templates
messages: $(VENV)/.installed
	$(BIN)/python manage.py makemessages -l uk --no-location -v 0 \
		--ignore=.venv --ignore=var --ignore=plugins --ignore=tests --ignore=media --ignore=static_collected
	cd plugins/billing && ../../$(BIN)/python ../../manage.py makemessages -l uk --no-location -v 0
	cd plugins/payments && ../../$(BIN)/python ../../manage.py makemessages -l uk --no-location -v 0
	cd plugins/subsidies && ../../$(BIN)/python ../../manage.py makemessages -l uk --no-location -v 0
	cd plugins/notifications && ../../$(BIN)/python ../../manage.py makemessages -l uk --no-location -v 0
	cd plugins/messaging && ../../$(BIN)/python ../../manage.py makemessages -l uk --no-location -v 0
	cd plugins/forum && ../../$(BIN)/python ../../manage.py makemessages -l uk --no-location -v 0
# The forum engine ships no Ukrainian catalog: ours follows its English msgids.
	msgmerge --quiet --no-fuzzy-matching --no-location --backup=none -U $(MACHINA_PO) \
		$(VENV)/lib/python3.11/site-packages/machina/locale/en/LC_MESSAGES/django.po \
		&& msgattrib --no-obsolete --no-location -o $(MACHINA_PO) $(MACHINA_PO)

## Static checks CI runs beside the tests
lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python manage.py check
	$(BIN)/python manage.py makemigrations --check --dry-run
	scripts/system-packages.sh
	$(MAKE) messages
	@git diff --quiet -I '^"POT-Creation-Date' -- '*.po' \
		|| { git diff -I '^"POT-Creation-Date' -- '*.po'; \
		     echo "Translation catalogs are out of date: run 'make messages' and translate."; exit 1; }
