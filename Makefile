# Community Guardians — two commands do all set-up on a fresh machine:
#   make site   creates .venv, installs, builds the bundled sample site into site/
#   make test   creates .venv if needed, installs the browser, runs every test
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SYSTEM_STAMP := $(VENV)/.system-packages

.PHONY: site test serve check clean bench

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

# Debian packages the tests need: Chromium for the browser tests (Playwright
# drives it through executable_path; it never downloads a browser of its own).
$(SYSTEM_STAMP): $(STAMP)
	@if ! command -v chromium >/dev/null 2>&1; then \
		if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
		else sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; fi; \
	fi
	touch $(SYSTEM_STAMP)

site: $(STAMP)
	$(BIN)/guardians build .

check: $(STAMP)
	$(BIN)/guardians check .

serve: $(STAMP)
	$(BIN)/guardians serve .

test: $(STAMP) $(SYSTEM_STAMP)
	$(BIN)/python -m pytest -q

clean:
	rm -rf site .guardians
