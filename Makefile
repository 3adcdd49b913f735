# Two commands do all the set-up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
CHROMIUM := /usr/lib/chromium/chromium

.PHONY: install install-test build run serve test test-fast browser bench bench-large loadtest clean

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	touch $@

install-test: $(VENV)/.installed-test

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

build: install
	$(BIN)/overhoop build

run: build
	$(BIN)/overhoop serve --host $(HOST) --port $(PORT)

serve: install
	$(BIN)/overhoop serve --host $(HOST) --port $(PORT)

# Debian's Chromium for the browser tests; installed once, as root (as on CI).
browser:
	@test -x $(CHROMIUM) || { \
	  echo "Chromium voor de browsertests installeren (Debian-pakket chromium)..."; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

test: install-test browser
	$(BIN)/python -m pytest -q tests --doctest-modules graph api viz

test-fast: install-test
	$(BIN)/python -m pytest -q -m "not browser and not slow"

bench: install-test
	$(BIN)/python -m bench.run

bench-large: install-test
	$(BIN)/python -m bench.run --large

loadtest: install-test
	$(BIN)/python -m bench.loadtest --clients 50 --seconds 60

clean:
	rm -rf var .pytest_cache
