# Everything a fresh machine needs, in two commands: `make demo` and `make test`.
VENV ?= .venv
BIN = $(VENV)/bin
PYTHON ?= python3

$(BIN)/.installed: pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet --constraint constraints.txt --editable '.[test]'
	touch $@

.PHONY: install demo serve chromium pango lint test pytest bench
install: $(BIN)/.installed pango

demo: install  ## install, load the demo content and serve it on http://127.0.0.1:8000
	$(BIN)/convene demo $(ADDR)

chromium:  ## Debian's chromium for the browser tests
	@test -x /usr/bin/chromium || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }

pango:  ## Debian's Pango and a font, which WeasyPrint draws PDFs with
	@ldconfig -p | grep -q 'libpango-1.0.so' && ldconfig -p | grep -q 'libpangoft2-1.0.so' || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core; }

# djhtml indents the .html templates only: in the plain-text emails (.txt) every space is text.
lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy convene testsupport
	$(BIN)/deptry .
	$(BIN)/lint-imports --no-logo
	$(BIN)/djhtml --check convene

pytest: install
	$(BIN)/pytest -q $(PYTEST_ARGS)

test: install chromium lint pytest  ## install everything and run the whole suite

bench: install
	$(BIN)/pip install --quiet --constraint constraints.txt --editable '.[test,bench]'
	$(BIN)/python benchmarks/opinion_quality.py
	$(BIN)/python benchmarks/opinion_speed.py
