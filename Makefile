# The two commands of the README: `make run` and `make test`. Everything else is what they need.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
PO := locale/cy/LC_MESSAGES/django.po
MO := locale/cy/LC_MESSAGES/django.mo

.PHONY: run test test-forms-explore e2e lint audit format setup messages makemessages assets bench bench-import bench-send rehearse clean

## run: set up, migrate, load the demo, start the web server, a Celery worker and beat; stop all if one stops
run: export DEBUG ?= 1
run: export SITE_URL ?= http://$(HOST):$(PORT)
# bash for `wait -n`: the recipe ends, and stops the other two, as soon as any of the three stops.
run: SHELL := /bin/bash
run: setup
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo
	@echo ""
	@echo "  The service is at http://$(HOST):$(PORT)/  (sign in with a demo address above)"
	@echo "  Emails it sends are written to var/sent-emails/ as .eml files."
	@echo "  Press Ctrl+C to stop the web server, the worker and beat."
	@echo ""
	@trap 'trap - INT TERM EXIT; kill 0' INT TERM EXIT; \
	{ $(VENV)/bin/celery -A steering worker --loglevel=INFO --concurrency=1 --without-mingle --without-gossip; \
		echo "make run: the Celery worker stopped (exit status $$?)."; } & \
	{ $(VENV)/bin/celery -A steering beat --loglevel=INFO; \
		echo "make run: Celery beat stopped (exit status $$?)."; } & \
	{ $(PY) manage.py runserver $(HOST):$(PORT); \
		echo "make run: the web server stopped (exit status $$?)."; } & \
	wait -n; echo "make run: stopping the others."; exit 1

## test: set up and run every test
test: setup
	$(PY) -m pytest

## test-forms-explore: the forms' property tests with fresh random inputs, many more of them
test-forms-explore: setup
	HYPOTHESIS_RANDOM=1 HYPOTHESIS_EXAMPLES=$${HYPOTHESIS_EXAMPLES:-100} $(PY) -m pytest steering/tests/test_form_properties.py

## e2e: the main journeys in Debian's Chromium, with axe-core on every page (needs chromium)
e2e: setup
	@command -v chromium >/dev/null || { echo "Chromium is needed: apt-get install chromium"; exit 1; }
	$(PY) -m pytest -c e2e/pytest.ini --rootdir . e2e

## lint: ruff's checks and formatting
lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

## audit: bandit over the code (no medium or high finding) and pip-audit over the pinned packages
audit: $(VENV)/.installed
	$(VENV)/bin/bandit --quiet --recursive steering workstreams meetings actions \
		--exclude '*/tests/*,*/migrations/*' --severity-level medium
	$(PY) .ci/audit.py

format: $(VENV)/.installed
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

setup: $(VENV)/.installed assets messages

$(VENV)/.installed: requirements.txt requirements-dev.txt
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 or newer is needed ($(PYTHON) not found)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	@command -v npm >/dev/null || { echo "Node.js 20 and npm are needed to build the GOV.UK Frontend assets"; exit 1; }
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

assets: static/build/app.css

static/build/app.css: node_modules/.installed static/src/app.scss static/src/build.mjs
	npm run --silent build

## messages: compile the Welsh catalogue
messages: $(MO)

$(MO): $(PO)
	@command -v msgfmt >/dev/null || { echo "GNU gettext (msgfmt) is needed to compile the Welsh messages"; exit 1; }
	msgfmt --check -o $@ $<

## makemessages: gather new interface strings into the Welsh catalogue, to translate
makemessages: $(VENV)/.installed
	DEBUG=1 $(PY) manage.py makemessages -l cy --no-obsolete --add-location file \
		--ignore '.venv/*' --ignore 'node_modules/*' --ignore 'var/*'

## bench: seed the large dataset (once) and time the reminder sweep and the action log
bench: setup
	$(PY) benchmarks/reminders_and_action_log.py
	$(PY) benchmarks/minutes_pdf.py

## bench-import: score the minutes importer against the corpus of real minutes and their truth
bench-import: setup
	$(PY) benchmarks/import_minutes.py

## bench-load: four heavy pages beside the bare base template, under locust, on gunicorn and PostgreSQL
bench-load: setup $(VENV)/.bench-installed
	@pg_isready -q -h 127.0.0.1 -p 5432 || pg_ctlcluster --skip-systemctl-redirect "$$(ls /etc/postgresql)" main start
	@for _ in $$(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
	$(PY) benchmarks/load.py

## bench-send: minutes to 1,000 members by 1 worker, then by 4, on PostgreSQL and Redis: the ratio of the times
bench-send: setup
	@pg_isready -q -h 127.0.0.1 -p 5432 || pg_ctlcluster --skip-systemctl-redirect "$$(ls /etc/postgresql)" main start
	@redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 || redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no
	$(PY) benchmarks/send_parallel.py

## rehearse: two web processes, two workers and beat on PostgreSQL, Redis and S3; workers killed, PostgreSQL restarted
rehearse: setup
	@pg_isready -q -h 127.0.0.1 -p 5432 || pg_ctlcluster --skip-systemctl-redirect "$$(ls /etc/postgresql)" main start
	@for _ in $$(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
	@redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 || redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no
	$(PY) benchmarks/rehearse.py

$(VENV)/.bench-installed: requirements-bench.txt $(VENV)/.installed
	$(VENV)/bin/pip install --quiet --disable-pip-version-check -r requirements-bench.txt
	touch $@

clean:
	rm -rf $(VENV) node_modules static/build var/static $(MO)
