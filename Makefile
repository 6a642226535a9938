# qualframe developer commands. `make run` and `make test` set everything up themselves.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PG_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/postgres
RUN_DATABASE ?= sqlite:///$(CURDIR)/.venv/example.db

.PHONY: install run test test-sqlite test-postgres check lint format typecheck bench clean

$(BIN)/qualframe: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

install: $(BIN)/qualframe

## run: the example study on the embedded SQLite database (tutorial walk-through)
run: install
	QUALFRAME_DATABASE_URL=$(RUN_DATABASE) bash scripts/tutorial.sh

## test: the whole suite on SQLite, then on PostgreSQL
test: test-sqlite test-postgres

test-sqlite: install
	$(BIN)/pytest -q

test-postgres: install
	bash scripts/ensure-postgres.sh
	QUALFRAME_TEST_DATABASE_URL=$(PG_URL) $(BIN)/pytest -q

check: lint typecheck

lint: install
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

format: install
	$(BIN)/ruff format src tests benchmarks
	$(BIN)/ruff check --fix src tests benchmarks

typecheck: install
	$(BIN)/mypy

## bench: speed against floors measured in the same run; writes docs/benchmarks.md
bench: install
	$(BIN)/python -m benchmarks

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .mypy_cache .ruff_cache
