# Two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
export FLASK_APP := wsgi
# `make run` and its steps are the development configuration (debug, local secrets in
# instance/). Without HOUSING_ENV the app is production and refuses to start without secrets.
export HOUSING_ENV ?= development

.PHONY: run test test-fast install db demo translations lint format clean browser-deps messages screenshots

$(BIN)/activate: setup.cfg pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test,dev]'
	touch $(BIN)/activate

install: $(BIN)/activate translations

translations: $(BIN)/activate
	$(BIN)/pybabel compile --use-fuzzy -d housing/translations -f

db: install
	$(BIN)/flask db upgrade

demo: db
	$(BIN)/flask housing seed-demo

run: demo
	@echo "Serving the $(HOUSING_ENV) configuration at http://127.0.0.1:5000 (debug on, demo accounts; never for production)"
	$(BIN)/flask run --host 127.0.0.1 --port 5000

test: install browser-deps
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# The edit-test loop: everything but the tests marked slow (5,000-unit import, full demo seed).
test-fast: install browser-deps
	$(BIN)/python -m pytest -m "not slow" $(PYTEST_ARGS)

# Debian's chromium and CJK fonts: installed when missing, or one line saying what to install.
browser-deps:
	@bash tests/browser/ensure-chromium.sh

# The screenshot tour: every main page of every role, zh and en, 1280 and 390 px, in screenshots/.
screenshots: install browser-deps
	$(BIN)/python bench/screenshots.py --out screenshots

lint: $(BIN)/activate
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(BIN)/activate
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Translations: extract strings, update both catalogues (then edit the .po files).
messages: $(BIN)/activate
	$(BIN)/pybabel extract -F babel.cfg -k _l -o housing/translations/messages.pot .
	$(BIN)/pybabel update -i housing/translations/messages.pot -d housing/translations --no-fuzzy-matching

clean:
	rm -rf $(VENV) *.egg-info .pytest_cache .ruff_cache
