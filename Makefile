# briefbot: `make run` starts the bot, `make test` checks everything (what CI runs), `make bench` measures.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
EVALDATA ?= ../shared/evaldata

.PHONY: install test lint run bench docs clean

install: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

test: lint
	$(BIN)/pytest

run: $(STAMP)
	$(BIN)/briefbot run

bench: $(STAMP)
	$(BIN)/python -m bench.run --data $(EVALDATA)

docs: $(STAMP)
	$(BIN)/python -m bot.configdoc

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache .hypothesis
