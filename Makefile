# Community Guardians — two commands do all set-up on a fresh machine:
#   make site   creates .venv, installs, builds the bundled sample site into site/
#   make test   creates .venv if needed, installs the browser, runs ruff, mypy and every test
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SYSTEM_STAMP := $(VENV)/.system-packages

.PHONY: site test serve check clean bench cms search-quality

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,dask]'
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
	@# Chinese fonts, so the screenshots the browser tests save show text, not boxes.
	@if ! fc-list :lang=zh 2>/dev/null | grep -q .; then \
		if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-noto-cjk >/dev/null; \
		else sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-noto-cjk >/dev/null; fi; \
	fi
	touch $(SYSTEM_STAMP)

# axe-core, vnu-jar and Lighthouse (run against Debian's chromium through CHROME_PATH), pinned by
# package-lock.json; no install scripts run, nothing else is downloaded.
NODE_STAMP := node_modules/.package-lock.json
$(NODE_STAMP): package-lock.json $(SYSTEM_STAMP)
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error

# Decap CMS for the editors' page (/admin/ of guardians serve): only the built
# package (dist/) from npm, checked against its pinned sha512; no install scripts.
DECAP := decap-cms-3.16.3
DECAP_SHA512 := hf+dPlCh7TJmWl8+6VRzHYOWhri5xgUknrZbDewaWe4s9B7xJ8PQugp2QHeSldMUKzav6+z0oIpwUYhUJDYtYw==
CMS_STAMP := .cms/decap-cms/dist/decap-cms.js
$(CMS_STAMP): $(SYSTEM_STAMP)
	rm -rf .cms && mkdir -p .cms
	cd .cms && npm pack --silent --loglevel=error $(subst decap-cms-,decap-cms@,$(DECAP)) >/dev/null
	test "$$(openssl dgst -sha512 -binary .cms/$(DECAP).tgz | base64 -w0)" = "$(DECAP_SHA512)"
	cd .cms && tar xzf $(DECAP).tgz && mv package decap-cms && rm $(DECAP).tgz

cms: $(CMS_STAMP)

site: $(STAMP)
	$(BIN)/guardians build .

check: $(STAMP)
	$(BIN)/guardians check .

serve: $(STAMP) $(CMS_STAMP)
	$(BIN)/guardians serve .

# ruff and mypy first (settings in pyproject.toml): a lint or type error fails here, before the tests run.
# Then the tests in two passes: all but those marked `alone` on two workers (pytest-xdist), then those, which
# assert times (Lighthouse's performance score, the search box's answer times), with nothing running beside them.
# The second pass runs even when the first fails; `make test` fails if either did.
test: $(STAMP) $(SYSTEM_STAMP) $(NODE_STAMP) $(CMS_STAMP)
	$(BIN)/ruff check generator tests bench
	$(BIN)/mypy
	$(BIN)/python -m pytest -q -n 2 --dist loadfile -m "not alone"; first=$$?; \
	$(BIN)/python -m pytest -q -m alone && exit $$first

# The whole search query set (tests/search/search_queries.yml) typed into the header box in Chromium, four to six
# minutes: report in test-artifacts/search-report.md. `make test` asserts the targets on a subset of it.
search-quality: $(STAMP) $(SYSTEM_STAMP)
	PYTHONPATH=$(CURDIR) $(BIN)/python tests/search/quality.py

# Province-scale benchmark (bench/run.py): Hugo from Debian for the comparison.
bench: $(STAMP)
	@if ! command -v hugo >/dev/null 2>&1; then \
		if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq hugo >/dev/null; \
		else sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq hugo >/dev/null; fi; \
	fi
	$(BIN)/python bench/run.py --scale $(or $(SCALE),1)

clean:
	rm -rf site .guardians
