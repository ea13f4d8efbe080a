# briefbot: `make run` starts the bot, `make test` checks everything (what CI runs), `make bench` measures,
# `make gate` checks the quality figures against their floors, `make docs` rewrites the configuration docs.
# Each target installs what it needs into .venv: `make run` the runtime dependencies alone; test, bench and
# gate add their extras (pyproject.toml); `make install` sets up a developer's venv with everything.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
EVALDATA ?= ../shared/evaldata
STAMP_RUN := $(VENV)/.installed-run
STAMP_TEST := $(VENV)/.installed-test
STAMP_BENCH := $(VENV)/.installed-bench

.PHONY: install test lint run bench gate docs clean

install: $(STAMP_TEST) $(STAMP_BENCH)

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP_RUN): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e .
	touch $@

$(STAMP_TEST): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $(STAMP_RUN) $@

$(STAMP_BENCH): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[bench]'
	touch $(STAMP_RUN) $@

lint: $(STAMP_TEST)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

test: lint
	$(BIN)/pytest

run: $(STAMP_RUN)
	$(BIN)/briefbot run

bench: $(STAMP_BENCH)
	$(BIN)/python -m bench.run --data $(EVALDATA)

gate: $(STAMP_BENCH)
	$(BIN)/python -m bench.gate --data $(EVALDATA)

docs: $(STAMP_RUN)
	$(BIN)/python -m bot.configdoc

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache .hypothesis
