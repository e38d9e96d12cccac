# cmcc — two commands do all set-up: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
DEVSTAMP := $(VENV)/.installed-dev
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint check install dev serve bench bench-quick messages openapi clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(DEVSTAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $@ $(STAMP)

install: $(STAMP)
dev: $(DEVSTAMP)

## make run: create .venv, install, migrate, load the demo if the database is empty, serve.
run: $(STAMP)
	$(BIN)/cmcc migrate --no-input
	$(BIN)/cmcc demo --if-empty
	$(BIN)/cmcc serve --host $(HOST) --port $(PORT)

## make test: dev dependencies, lint, migration check, the whole suite.
test: $(DEVSTAMP) lint
	$(BIN)/cmcc makemigrations --check --dry-run
	$(BIN)/python -m pytest -n 2 $(PYTEST_ARGS)

lint: $(DEVSTAMP)
	$(BIN)/ruff check src bench
	$(BIN)/ruff format --check src bench
	$(BIN)/mypy src/cmcc

## make openapi: rewrite the committed openapi.json after an intended API change.
openapi: $(STAMP)
	$(BIN)/cmcc openapi --output openapi.json

## make messages: extract and compile translations (needs GNU gettext). The kernel's catalogue is
## src/cmcc/locale; each feature app with its own locale/ directory keeps its own catalogue.
FEATURE_APPS := logistics movements compliance
messages: $(STAMP)
	cd src/cmcc && CMCC_DATA_DIR=$(CURDIR)/var ../../$(BIN)/cmcc makemessages -l ar --ignore "*/tests/*" \
		$(foreach app,$(FEATURE_APPS),--ignore "$(app)/*")
	for app in $(FEATURE_APPS); do \
		(cd src/cmcc/$$app && CMCC_DATA_DIR=$(CURDIR)/var ../../../$(BIN)/cmcc makemessages -l ar --ignore "tests/*") || exit 1; \
	done
	cd src/cmcc && CMCC_DATA_DIR=$(CURDIR)/var ../../$(BIN)/cmcc compilemessages

bench: $(DEVSTAMP)
	$(BIN)/python -m bench

bench-quick: $(DEVSTAMP)
	$(BIN)/python -m bench --quick

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
