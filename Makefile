# Two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
export FLASK_APP := wsgi

.PHONY: run test install db demo translations lint format clean browser-deps

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
	$(BIN)/flask run --host 127.0.0.1 --port 5000

test: install
	$(BIN)/python -m pytest $(PYTEST_ARGS)

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
