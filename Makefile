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
	@# Java runs the Nu Html Checker; npm installs it and axe-core (package-lock.json).
	@for tool in java:default-jre-headless npm:npm; do \
		if ! command -v $${tool%%:*} >/dev/null 2>&1; then \
			if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $${tool#*:} >/dev/null; \
			else sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $${tool#*:} >/dev/null; fi; \
		fi; \
	done
	touch $(SYSTEM_STAMP)

# axe-core and vnu-jar, pinned by package-lock.json; no install scripts run.
NODE_STAMP := node_modules/.package-lock.json
$(NODE_STAMP): package-lock.json $(SYSTEM_STAMP)
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error

site: $(STAMP)
	$(BIN)/guardians build .

check: $(STAMP)
	$(BIN)/guardians check .

serve: $(STAMP)
	$(BIN)/guardians serve .

test: $(STAMP) $(SYSTEM_STAMP) $(NODE_STAMP)
	$(BIN)/python -m pytest -q

clean:
	rm -rf site .guardians
