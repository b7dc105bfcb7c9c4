# Two commands for a newcomer: `make demo` and `make test` (see README.md).
# Everything lands in this checkout: .venv/, node_modules/, ui-tests/node_modules/.

SHELL := /bin/bash
VENV := .venv
export PATH := $(CURDIR)/$(VENV)/bin:$(PATH)
export YARN_ENABLE_IMMUTABLE_INSTALLS := 0
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD := 1
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: demo test setup chromium build lint jest pytest conformance package ui-tests clean hub-tests bench bench-share bench-catalogue bench-badges bench-companion rtc-tests notebook7-tests

## Run JupyterLab with the extension against the local Zenodo stand-in.
## Installs only what the demo needs; the tests install the rest (setup).
demo: build
	bash dev/demo.sh

## Install what is missing and run every test: lint, jest, the build and
## package checks, Galata ui-tests.
test: setup chromium
	jlpm lint:check
	jlpm test
	$(MAKE) pytest
	$(MAKE) conformance
	$(MAKE) package
	$(MAKE) ui-tests
	$(MAKE) rtc-tests
	$(MAKE) notebook7-tests
	$(MAKE) hub-tests

setup: $(VENV)/.installed $(VENV)/.dev-installed node_modules/.installed ui-tests/node_modules/.installed

$(VENV)/.installed: requirements.txt
	python3 -m venv $(VENV)
	$(VENV)/bin/python -m pip install --quiet --upgrade pip
	$(VENV)/bin/python -m pip install --quiet -r requirements.txt
	touch $@

# JupyterHub, pytest, the conformance clients: tests only.
$(VENV)/.dev-installed: requirements-dev.txt $(VENV)/.installed
	$(VENV)/bin/python -m pip install --quiet -r requirements-dev.txt
	touch $@

node_modules/.installed: package.json $(VENV)/.installed
	jlpm install
	touch $@

ui-tests/node_modules/.installed: ui-tests/package.json $(VENV)/.installed
	cd ui-tests && jlpm install
	touch $@

chromium:
	@command -v chromium >/dev/null || { $(SUDO) apt-get update && $(SUDO) apt-get install -y chromium; }

build: $(VENV)/.installed node_modules/.installed
	jlpm build

lint: setup
	jlpm lint:check

jest: setup
	jlpm test

## The server companion (jupyterlab_artifacts/*.py): ruff, then pytest against the
## Zenodo stand-in over HTTP (it starts its own stand-in and Jupyter servers on free ports).
pytest: setup
	ruff check jupyterlab_artifacts tests bench
	ruff format --check jupyterlab_artifacts tests bench
	python -m pytest jupyterlab_artifacts/tests -q

## Other people's Zenodo clients (zenodo-client, zenodo-get) against the stand-in.
conformance: setup
	python -m pytest tests/conformance -q

## `pip install .` from scratch builds the extension; it must then be listed enabled and OK;
## `npm pack` must produce a publishable package.
package: setup
	rm -rf jupyterlab_artifacts/labextension
	python -m pip install --quiet .
	@jupyter labextension list > .labextensions.txt 2>&1; cat .labextensions.txt; \
	  grep -qE "jupyterlab-artifacts v[0-9.]+ .*enabled.*OK" .labextensions.txt || { echo "jupyterlab-artifacts is not enabled and OK"; exit 1; }
	rm -rf dist && mkdir -p dist && npm pack --pack-destination dist >/dev/null && tar -tzf dist/jupyterlab-artifacts-*.tgz | grep -q package/lib/index.js

## Galata: every spec with the server companion from this checkout, then the share
## and catalogue specs again on a server without it (the browser path as such servers see it).
ui-tests: setup chromium
	@[ -f jupyterlab_artifacts/labextension/package.json ] || jlpm build
	cd ui-tests && CI=1 jlpm playwright test
	# Again without the companion, the tests whose bytes take another path
	# (imports, publishes, downloads); the others do not depend on it.
	cd ui-tests && CI=1 ARTIFACTS_NO_COMPANION=1 jlpm playwright test tests/share.spec.ts tests/catalogue.spec.ts \
	  -g 'import|hostile and unusual|publish a folder from the Share menu|new version|cancel mid|failure mid-upload|Download folder as zip|flagged as secrets|never followed out'

## The Galata suite again on a server with real-time collaboration
## (jupyter-collaboration), plus two-user specs (ui-tests/rtc/). The server
## runs from .venv-rtc so the project's .venv keeps a plain JupyterLab.
rtc-tests: setup chromium .venv-rtc/.installed
	@[ -f jupyterlab_artifacts/labextension/package.json ] || jlpm build
	cd ui-tests/rtc && CI=1 ../node_modules/.bin/playwright test -c playwright.config.js

.venv-rtc/.installed: ui-tests/rtc/requirements.txt
	python3 -m venv .venv-rtc
	.venv-rtc/bin/python -m pip install --quiet --upgrade pip
	.venv-rtc/bin/python -m pip install --quiet -r ui-tests/rtc/requirements.txt
	touch $@

## Publish, import, badges and the countdown in Jupyter Notebook 7
## (ui-tests/notebook7/), its server from .venv-nb7.
notebook7-tests: setup chromium .venv-nb7/.installed
	@[ -f jupyterlab_artifacts/labextension/package.json ] || jlpm build
	cd ui-tests/notebook7 && CI=1 ../node_modules/.bin/playwright test -c playwright.config.js

.venv-nb7/.installed: ui-tests/notebook7/requirements.txt
	python3 -m venv .venv-nb7
	.venv-nb7/bin/python -m pip install --quiet --upgrade pip
	.venv-nb7/bin/python -m pip install --quiet -r ui-tests/notebook7/requirements.txt
	touch $@

clean:
	jlpm clean:all || true
	rm -rf dist ui-tests/test-results ui-tests/playwright-report ui-tests/rtc/test-results ui-tests/notebook7/test-results

## Share benchmark: publish a ~200 MB folder from headless Chromium to the
## stand-in vs `zip -r -6` + `curl -T` (figures in docs/share.md): the browser path with and
## without jupyter-archive, then the server companion.
.PHONY: bench-share
bench-share: setup build
	ARTIFACTS_NO_COMPANION=1 node --experimental-websocket bench/share.bench.js --mb $${BENCH_MB:-200} \
		--out bench/results/share.json
	ARTIFACTS_NO_COMPANION=1 ARTIFACTS_NO_JUPYTER_ARCHIVE=1 node --experimental-websocket bench/share.bench.js \
		--mb $${BENCH_MB:-200} --out bench/results/share-no-jupyter-archive.json
	node --experimental-websocket bench/share.bench.js --mb $${BENCH_MB:-200} --out bench/results/share-companion.json

## Catalogue benchmarks: a 170 MB import vs curl+unzip and the Contents API floor,
## with and without jupyter-archive; 10,000-record first page and search latency.
bench-catalogue: setup chromium build
	UI_TEST_PORT=$${UI_TEST_PORT:-8891} STANDIN_PORT=$${STANDIN_PORT:-9891} node bench/catalogue.bench.js --json bench/results/catalogue.json

## The extension under a real JupyterHub on loopback (ports 8100-8110): a
## dummy authenticator, local-process spawner, hub groups and
## jupyterhub-idle-culler with short timeouts (ui-tests/hub/). About 5 minutes.
hub-tests: setup chromium ui-tests/hub/node_modules/.installed
	@[ -f jupyterlab_artifacts/labextension/package.json ] || jlpm build
	cd ui-tests/hub && CI=1 ../node_modules/.bin/playwright test -c playwright.config.js

# configurable-http-proxy in a prefix of its own, not the project's node_modules.
ui-tests/hub/node_modules/.installed: ui-tests/hub/package.json ui-tests/hub/package-lock.json
	cd ui-tests/hub && npm ci --no-audit --no-fund
	touch $@

## File-browser listing of 5,000 entries with and without the badges.
bench-badges: setup chromium
	@[ -f jupyterlab_artifacts/labextension/package.json ] || jlpm build
	bash bench/badges.bench.sh

## The server companion: import a ~110 MB zip and tar.gz and publish a 160 MB folder
## through it vs curl + unzip / tar -xzf and zip -r -6 + curl -T, server RSS sampled.
bench-companion: setup chromium
	UI_TEST_PORT=$${UI_TEST_PORT:-8892} STANDIN_PORT=$${STANDIN_PORT:-9892} python bench/companion.bench.py --mb $${BENCH_MB:-170} --runs $${BENCH_RUNS:-3} --json bench/results/companion.json
	@[ -f jupyterlab_artifacts/labextension/package.json ] || jlpm build
	UI_TEST_PORT=$${UI_TEST_PORT:-8892} STANDIN_PORT=$${STANDIN_PORT:-9892} node bench/companion-link.bench.js --mb $${BENCH_LINK_MB:-50} --runs $${BENCH_RUNS:-2} --json bench/results/companion-link.json

## Every benchmark; figures go into README.md and docs/.
bench: bench-companion bench-share bench-catalogue bench-badges
