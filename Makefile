# One entry point for people and CI. `make help` lists the targets.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
NODE_STAMP := node_modules/.installed
ARCHIVE ?= $(abspath $(firstword $(wildcard ../shared/seeds)))
ARCHIVE_FLAG := $(if $(ARCHIVE),--archive $(ARCHIVE),)
SITE ?= site
export NO_MKDOCS_2_WARNING := 1
export FACTSHEET_ARCHIVE := $(ARCHIVE)
# The search index's binary: Pagefind 1.6 from npm (package.json), which bundles the index's
# fragments; PyPI's wheel stops at 1.5.2. Where the file is absent (no npm ci yet, another
# platform), the build uses the wheel's binary instead (generator/publish/searchindex.py).
NODE_PLATFORM := $(shell node -p "process.platform + '-' + process.arch" 2>/dev/null)
export PAGEFIND_BINARY_PATH ?= $(CURDIR)/node_modules/@pagefind/$(NODE_PLATFORM)/bin/pagefind_extended
# npm's tools before a build where npm is there; without npm the build goes on with the wheel's binary
BUILD_NODE := $(if $(shell command -v npm 2>/dev/null),$(NODE_STAMP),)

.PHONY: help setup site properdocs serve check lint fmt typecheck test test-fast browser-test coverage bench schema clean chromium

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/' | expand -t 16

# The locked dependencies (setuptools among them), then the project itself, editable: the
# `factsheet` command and the MkDocs plugin, whose code is generator/ as it stands.
$(STAMP): requirements.lock requirements-dev.lock pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes \
		-r requirements.lock -r requirements-dev.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $(STAMP)

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $(NODE_STAMP)

setup: $(STAMP) ## create .venv, install the locked dependencies and the project (editable)

chromium: ## find Debian's chromium and poppler-utils for the browser and print tests (installs them when run as root)
	sh tests/tools/ensure-chromium.sh
	sh tests/tools/ensure-poppler.sh

site: $(STAMP) $(BUILD_NODE) ## build the site into site/ (atomically: the old site stays if the build fails)
	$(BIN)/python -m generator site --out $(SITE)

properdocs: $(STAMP) site ## build with ProperDocs too and compare it with site/ page by page
	rm -rf build/site-properdocs
	$(BIN)/python -m properdocs build --strict -q -f mkdocs.yml -d build/site-properdocs
	$(BIN)/python tests/tools/samesite.py $(SITE) build/site-properdocs

serve: $(STAMP) $(BUILD_NODE) ## live preview at http://127.0.0.1:8000 (reloads when facts/ changes)
	$(BIN)/python -m mkdocs serve --livereload --dirty

check: $(STAMP) ## validate facts/ (quotes against $(ARCHIVE) when present)
	$(BIN)/python -m generator check $(ARCHIVE_FLAG)

coverage: $(STAMP) ## list uncited sentences per source
	$(BIN)/python -m generator coverage $(ARCHIVE_FLAG)

lint: $(STAMP) ## ruff lint and format check, mypy --strict, yamllint
	$(BIN)/ruff check generator tests bench
	$(BIN)/ruff format --check generator tests bench
	$(BIN)/mypy --strict generator
	$(BIN)/yamllint -s facts mkdocs.yml .github

fmt: $(STAMP) ## format the code
	$(BIN)/ruff format generator tests bench
	$(BIN)/ruff check --fix generator tests bench

schema: $(STAMP) ## regenerate schema/facts.schema.json
	$(BIN)/python -m generator schema --out schema/facts.schema.json

test-fast: $(STAMP) ## unit and golden tests: no browser, no slow builds of the real site, no Node tools (runs without npm ci)
	$(BIN)/python -m pytest -q -m "not browser and not slow and not node"

browser-test: $(STAMP) $(NODE_STAMP) chromium ## headless Chromium, axe-core, Nu HTML Checker, link check
	$(BIN)/python -m pytest -q -m browser

test: lint check $(STAMP) $(NODE_STAMP) chromium ## every check: lint, types, data, all tests including the browser
	$(BIN)/python -m pytest -q

bench: $(STAMP) $(NODE_STAMP) site ## benchmark against plain MkDocs (writes bench/README.md), then Lighthouse on the real site
	$(BIN)/python bench/run.py --write
	$(BIN)/python bench/lighthouse.py

clean: ## remove build outputs
	rm -rf site build .site-* bench/out *.egg-info
