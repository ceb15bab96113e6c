# Everything a fresh machine needs, in two commands: `make demo` and `make test`.
VENV ?= .venv
BIN = $(VENV)/bin
PYTHON ?= python3

$(BIN)/.installed: pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet --constraint constraints.txt --editable '.[test]'
	touch $@

.PHONY: install demo serve chromium nginx axe pango lint test pytest bench
install: $(BIN)/.installed pango

demo: install  ## install, load the demo content and serve it on http://127.0.0.1:8000
	$(BIN)/convene demo $(ADDR)

chromium:  ## Debian's chromium for the browser tests
	@test -x /usr/bin/chromium || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }

# The proxy tests run the site behind a real nginx (its own, on a free port, with a throwaway
# certificate from openssl); installing the package may also start a system nginx on port 80.
nginx:  ## Debian's nginx and openssl for the tests behind a reverse proxy
	@{ command -v nginx || test -x /usr/sbin/nginx; } >/dev/null && command -v openssl >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx openssl; }

# axe-core (pinned in testsupport/axe/package-lock.json), which the accessibility sweep injects
# into pages; npm ci installs exactly the locked version.
AXE = testsupport/axe/node_modules/axe-core/axe.min.js
$(AXE): testsupport/axe/package.json testsupport/axe/package-lock.json
	@command -v npm >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm; }
	npm ci --prefix testsupport/axe --no-audit --no-fund --silent
	touch $@

axe: $(AXE)  ## axe-core for the accessibility sweep

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

pytest: install axe
	$(BIN)/pytest -q $(PYTEST_ARGS)

test: install chromium nginx axe lint pytest  ## install everything and run the whole suite

bench: install
	$(BIN)/pip install --quiet --constraint constraints.txt --editable '.[test,bench]'
	$(BIN)/python benchmarks/opinion_quality.py
	$(BIN)/python benchmarks/opinion_speed.py
