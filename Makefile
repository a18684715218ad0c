# Two commands do all the set-up on a fresh machine:
#   make run    the site on http://127.0.0.1:5000 (SQLite in instance/, the demo content,
#               a local mail catcher and a mail worker)
#   make test   the whole suite (lint, format, tests on SQLite and, with TEST_DATABASE_URL, PostgreSQL)
VENV ?= .venv
PYTHON ?= python3
HOST ?= 127.0.0.1
PORT ?= 5000
MAIL_PORT ?= 1025
# Processes the suite runs in (pytest-xdist): one per core by default; 0 runs it in this one.
TEST_WORKERS ?= auto
export FLASK_APP := faq_site

BIN := $(VENV)/bin

.PHONY: install run test lint format messages clean bench

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $@

install: $(BIN)/.installed

# The site and, beside it, a mail catcher and a mail worker: no page sends email, the worker
# does, and every email is printed here and saved in instance/mail/. Ctrl-C stops all three.
run: install
	FLASK_DEBUG=1 $(BIN)/flask db upgrade
	FLASK_DEBUG=1 $(BIN)/flask content sync
	FLASK_DEBUG=1 $(BIN)/flask mail catcher --port $(MAIL_PORT) & catcher=$$!; \
	FLASK_DEBUG=1 FLASK_MAIL_PORT=$(MAIL_PORT) FLASK_SITE_URL=http://$(HOST):$(PORT) \
	$(BIN)/flask mail send --loop & worker=$$!; \
	trap 'kill $$catcher $$worker 2>/dev/null' EXIT INT TERM; \
	FLASK_DEBUG=1 FLASK_MAIL_PORT=$(MAIL_PORT) FLASK_SITE_URL=http://$(HOST):$(PORT) \
	$(BIN)/flask run --host $(HOST) --port $(PORT)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/bandit -q -c pyproject.toml -r faq_site

# Each test file runs whole in one worker (--dist loadscope), so module-scoped fixtures (a live
# site, a browser, the seeded abuse-suite site) are made once, as without workers.
test: lint
	$(BIN)/pytest -n $(TEST_WORKERS) --dist loadscope

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Every string a user reads, for translators: a new language is a .po file made from this.
messages: install
	mkdir -p faq_site/translations
	$(BIN)/pybabel extract -F babel.cfg -k _ -k gettext -k ngettext:1,2 -o faq_site/translations/messages.pot .

# The benchmark: seeds 10,000 FAQ entries into instance/bench/, serves them with gunicorn and
# granian in turn and measures each with wrk (installed from Debian's packages when missing);
# writes bench/RESULTS.md; then the anonymiser's cost per question and memory, in bench/ANONYMISER.md;
# then a sync announcing a change to 10,000 subscribers and its telling, in bench/NOTICES.md.
# Settings (BENCH_ENTRIES, BENCH_SECONDS, ...) are listed in bench/run.py.
bench: install
	command -v wrk >/dev/null 2>&1 || { apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[dev,bench]'
	$(BIN)/python -m bench.run
	$(BIN)/python -m bench.anonymiser
	$(BIN)/python -m bench.notices

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache tests/.artifacts *.egg-info
