# qualframe developer commands. `make run` and `make test` set everything up themselves.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PG_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/postgres
RUN_DATABASE ?= sqlite:///$(CURDIR)/.venv/example.db
TUTORIAL_DATABASE ?= sqlite:///$(CURDIR)/.venv/tutorial.db
HOST ?= 127.0.0.1
PORT ?= 8000
AXE := node_modules/axe-core/axe.min.js
# Test processes (pytest-xdist): one per core by default.
TEST_WORKERS ?= auto

.PHONY: install run tutorial test test-sqlite test-postgres test-js check lint format typecheck layers bench clean

$(BIN)/qualframe: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

# axe-core for the browser accessibility tests (skipped when npm is missing).
$(AXE): package.json package-lock.json
	@if command -v npm >/dev/null; then npm ci --no-audit --no-fund --loglevel=error && touch $@; \
	else echo "npm not found: browser accessibility checks will be skipped"; fi

install: $(BIN)/qualframe $(AXE)

## run: the web application on the embedded SQLite database, with the example study
run: install
	QUALFRAME_DATABASE_URL=$(RUN_DATABASE) $(BIN)/qualframe serve --example peer-worker --host $(HOST) --port $(PORT)

## tutorial: the README's command-line tutorial, end to end
tutorial: install
	QUALFRAME_DATABASE_URL=$(TUTORIAL_DATABASE) bash scripts/tutorial.sh

## test: the whole suite on SQLite, then on PostgreSQL, then the JavaScript modules
test: test-sqlite test-postgres test-js

test-sqlite: install
	QUALFRAME_CHECK_ROUTES=1 $(BIN)/pytest -q -n $(TEST_WORKERS)

test-postgres: install
	bash scripts/ensure-postgres.sh
	QUALFRAME_CHECK_ROUTES=1 QUALFRAME_TEST_DATABASE_URL=$(PG_URL) $(BIN)/pytest -q -n $(TEST_WORKERS)

test-js:
	@if command -v node >/dev/null; then node --test tests/js/; \
	else echo "node not found: JavaScript unit tests skipped"; fi

check: lint typecheck layers

lint: install
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

format: install
	$(BIN)/ruff format src tests benchmarks
	$(BIN)/ruff check --fix src tests benchmarks

typecheck: install
	$(BIN)/mypy

## layers: the import contracts of ARCHITECTURE.md (import-linter, [tool.importlinter])
layers: install
	$(BIN)/lint-imports --no-logo --no-cache

## bench: speed against floors measured in the same run; writes docs/benchmarks.md
bench: install
	$(BIN)/python -m benchmarks

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .mypy_cache .ruff_cache .import_linter_cache node_modules test-artifacts
