# Satu ASN — every entry point. Each target installs what it needs and skips what is there.
#   make run    build everything, load the demo data into SQLite, serve, print URL and accounts
#   make test   every test: unit, API on SQLite and PostgreSQL, e2e in Chromium
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

WASM_BINDGEN_VERSION := 0.2.130
WASM_SPLIT_VERSION   := 0.2.3
LEPTOSFMT_VERSION    := 0.1.33
APT_PACKAGES         := libpq-dev chromium curl brotli
PG_HOST              ?= 127.0.0.1
PG_PORT              ?= 5432
SATU_TEST_PG_URL     ?= postgres://postgres@$(PG_HOST):$(PG_PORT)/postgres?sslmode=disable
SATU_BIND            ?= 127.0.0.1:8080
SUDO                 := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
CARGO_BIN            := $(HOME)/.cargo/bin
export PATH          := $(CARGO_BIN):$(PATH)

.PHONY: help setup setup-system setup-rust setup-web setup-e2e setup-python setup-lint web api build run test test-rust e2e contract bench openapi fmt lint clean

help:
	@echo "make run    build, load demo data (SQLite), serve at http://$(SATU_BIND)"
	@echo "make build  the release server (target/release/satu-api) and the web app (web/dist)"
	@echo "make test   fmt + clippy, unit and API tests (SQLite and PostgreSQL), e2e in Chromium"
	@echo "make e2e    browser tests only      make openapi  rewrite openapi/openapi.json"
	@echo "make contract  schemathesis over every operation of openapi/openapi.json"
	@echo "make lint   fmt check + clippy      make setup    install the tools (idempotent)"
	@echo "make bench  login vs raw argon2id, /healthz under load; card render vs bare resvg,"
	@echo "            cached re-download; card verification vs plain JSON under wrk;"
	@echo "            a deadline burst of proposals vs a store-only upload; inboxes over 100k"

## ---- setup (idempotent) -------------------------------------------------------------------
setup: setup-system setup-rust setup-web setup-e2e setup-python setup-lint

setup-system:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "==> installing Debian packages:$$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing >/dev/null; \
	fi

# The SPA needs the wasm target, wasm-bindgen-cli at the version of the lockfile's wasm-bindgen
# (a few minutes to compile, once), and wasm-split-cli at the version that matches the lockfile's
# wasm_split_helpers (it moves lazily loaded pages into modules of their own; about a minute, once).
setup-rust:
	@rustup target list --installed | grep -qx wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown
	@if [ "$$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $(WASM_BINDGEN_VERSION)" ]; then \
	  echo "==> installing wasm-bindgen-cli $(WASM_BINDGEN_VERSION) (a few minutes, once)"; \
	  cargo install wasm-bindgen-cli --version $(WASM_BINDGEN_VERSION) --force; fi
	@if ! { command -v wasm-split-cli >/dev/null && cargo install --list | grep -qx "wasm_split_cli_support v$(WASM_SPLIT_VERSION):"; }; then \
	  echo "==> installing wasm-split-cli $(WASM_SPLIT_VERSION) (about a minute, once)"; \
	  cargo install wasm_split_cli_support --version $(WASM_SPLIT_VERSION) --features build-binary --locked --force; fi

# wasm-opt from npm's binaryen: Debian's binaryen is older than what current Rust emits; pdf.js
# (npm's pdfjs-dist, without the canvas package it wants only under Node) is copied into web/dist.
setup-web:
	@if [ ! -x web/tools/node_modules/.bin/wasm-opt ] || [ ! -f web/tools/node_modules/pdfjs-dist/build/pdf.min.mjs ] \
	    || [ web/tools/package-lock.json -nt web/tools/node_modules/.package-lock.json ]; then \
	  echo "==> installing wasm-opt (npm binaryen) and pdf.js (npm pdfjs-dist)"; \
	  cd web/tools && npm ci --omit=optional --no-audit --no-fund --loglevel=error; fi

setup-e2e:
	@if [ ! -x e2e/node_modules/.bin/playwright ] || [ e2e/package-lock.json -nt e2e/node_modules/.package-lock.json ]; then \
	  echo "==> installing Playwright (the test runner only; the browser is Debian's Chromium)"; \
	  cd e2e && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund; fi

# leptosfmt formats the view! macros of the web app (rustfmt leaves macros alone); `make lint` only.
setup-lint:
	@if [ "$$(leptosfmt --version 2>/dev/null)" != "leptosfmt $(LEPTOSFMT_VERSION)" ]; then \
	  echo "==> installing leptosfmt $(LEPTOSFMT_VERSION) (a few minutes, once)"; \
	  cargo install leptosfmt --version $(LEPTOSFMT_VERSION) --locked --force; fi

# schemathesis (the contract test) in a virtual environment of its own, at the pinned version, on
# the newest Python 3.13+ there is (pyenv's included): under CPython 3.11 hypothesis now and then
# crashes describing a lambda ("AST constructor recursion depth mismatch"), which fails the run
# without any finding. Falls back to python3.
VENV_PYTHON := $(firstword $(foreach p,python3.14 python3.13 $(wildcard $(HOME)/.pyenv/versions/3.14*/bin/python3) $(wildcard $(HOME)/.pyenv/versions/3.13*/bin/python3),$(shell $(p) -c 'print("$(p)")' 2>/dev/null)) python3)
setup-python:
	@if [ ! -x .venv/bin/schemathesis ] || [ openapi/requirements.txt -nt .venv/.installed ] \
	    || [ "$$(cat .venv/.installed 2>/dev/null)" != "$(VENV_PYTHON)" ]; then \
	  echo "==> installing schemathesis (Python venv in .venv, $$($(VENV_PYTHON) --version))"; \
	  rm -rf .venv && $(VENV_PYTHON) -m venv .venv \
	  && .venv/bin/pip install -q --disable-pip-version-check -r openapi/requirements.txt \
	  && echo "$(VENV_PYTHON)" > .venv/.installed; fi

## ---- build ------------------------------------------------------------------------------
# The SPA into web/dist (hashed file names, gzip and brotli copies); satu-api serves it.
web: setup-system setup-rust setup-web
	web/build.sh

api: setup-system
	cargo build --release -p satu-api

# The web app first: the release server carries web/dist as it is when it is compiled.
build: web
	$(MAKE) --no-print-directory api

run: build
	@mkdir -p data
	@./target/release/satu-api demo 2>data/demo.log || { cat data/demo.log; exit 1; }
	@./target/release/satu-api demo --accounts-table 2>>data/demo.log
	@echo
	@echo "Satu ASN: http://$(SATU_BIND)/   API docs: http://$(SATU_BIND)/docs/   (Ctrl+C stops)"
	@echo "All demo accounts as JSON: ./target/release/satu-api demo --print-accounts"
	@echo
	SATU_BIND=$(SATU_BIND) ./target/release/satu-api serve

## ---- tests ------------------------------------------------------------------------------
# The web app first: the API tests and the e2e run then share one build of the server.
test: setup lint web test-rust e2e contract

# The API tests run on SQLite always, and on PostgreSQL when it answers (started if it is stopped).
test-rust: setup-system
	@if ! (exec 3<>/dev/tcp/$(PG_HOST)/$(PG_PORT)) 2>/dev/null && command -v pg_ctlcluster >/dev/null; then \
	  echo "==> starting PostgreSQL"; pg_ctlcluster --skip-systemctl-redirect $$(ls /etc/postgresql) main start || true; sleep 2; fi
	@if (exec 3<>/dev/tcp/$(PG_HOST)/$(PG_PORT)) 2>/dev/null; then \
	  echo "==> API tests on SQLite and PostgreSQL ($(PG_HOST):$(PG_PORT))"; \
	  SATU_TEST_PG_URL=$(SATU_TEST_PG_URL) cargo nextest run --no-fail-fast; \
	else \
	  echo "################################################################################"; \
	  echo "## PostgreSQL does not answer on $(PG_HOST):$(PG_PORT): the PostgreSQL runs are SKIPPED ##"; \
	  echo "################################################################################"; \
	  cargo nextest run --no-fail-fast; \
	fi

# Browser tests against the debug binary the API tests built, serving the release SPA from
# web/dist: on SQLite, then on PostgreSQL when it answers.
e2e: setup web
	cargo build -p satu-api
	@mkdir -p e2e/artifacts
	e2e/run.sh target/debug/satu-api
	@if (exec 3<>/dev/tcp/$(PG_HOST)/$(PG_PORT)) 2>/dev/null; then \
	  SATU_E2E_PG_URL="postgres://postgres@$(PG_HOST):$(PG_PORT)/postgres" e2e/run.sh target/debug/satu-api; \
	else echo "## PostgreSQL does not answer on $(PG_HOST):$(PG_PORT): the e2e run on PostgreSQL is SKIPPED ##"; fi

# The contract: schemathesis sends valid and invalid requests to every operation of the committed
# OpenAPI document (signed in as the demo admin) and checks each answer against it; 0 failures.
contract: setup-python
	cargo build -p satu-api
	@mkdir -p e2e/artifacts
	openapi/contract.sh target/debug/satu-api

## ---- benchmarks (ratios against the limits, measured in the same run) -------------------
bench: setup-system web
	@dpkg -s wrk >/dev/null 2>&1 || { echo "==> installing wrk"; $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq wrk >/dev/null; }
	@f=$$(ls web/dist/app-*/main.wasm.gz | head -1); s=$$(stat -c %s "$$f"); \
	  echo "web app, first visit: $$f is $$((s / 1024)) KB gzip; limit 400 KB; ratio $$(awk "BEGIN { printf \"%.2f\", $$s / 409600 }") (goal <= 1.00)"; \
	  later=$$(cat $$(ls $$(dirname "$$f")/*.wasm.gz | grep -v /main.wasm.gz) | wc -c); \
	  echo "web app, pages loaded when opened: $$((later / 1024)) KB gzip in $$(ls $$(dirname "$$f")/*.wasm.gz | grep -vc /main.wasm.gz) modules"
	cargo bench -p satu-api --bench login
	cargo bench -p satu-api --bench cards
	@if (exec 3<>/dev/tcp/$(PG_HOST)/$(PG_PORT)) 2>/dev/null; then \
	  SATU_BENCH_PG_URL=$(SATU_TEST_PG_URL) cargo bench -p satu-api --bench proposals; \
	  SATU_BENCH_PG_URL=$(SATU_TEST_PG_URL) cargo bench -p satu-api --bench imports; \
	else \
	  echo "## PostgreSQL does not answer on $(PG_HOST):$(PG_PORT): its half of the proposals and imports benches is SKIPPED ##"; \
	  cargo bench -p satu-api --bench proposals; \
	  cargo bench -p satu-api --bench imports; \
	fi

## ---- housekeeping ---------------------------------------------------------------------
openapi:
	cargo run -q -p satu-api -- openapi > openapi/openapi.json
	@echo "openapi/openapi.json rewritten"

# leptosfmt first: rustfmt then settles what it leaves (both agree afterwards).
fmt: setup-lint
	leptosfmt --quiet web/src
	cargo fmt --all

lint: setup-system setup-rust setup-lint
	cargo fmt --all -- --check
	leptosfmt --check --quiet web/src
	cargo clippy --all-targets -- -D warnings
	cargo clippy -p satu-web --target wasm32-unknown-unknown -- -D warnings

clean:
	cargo clean
	rm -rf web/dist e2e/artifacts e2e/node_modules web/tools/node_modules .venv
