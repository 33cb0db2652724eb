# Two commands do all setup on a fresh machine:
#   make run    install, build the index from corpus/ if needed, serve on http://127.0.0.1:5000
#   make test   install (with test tools and a headless browser) and run the tests
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin

.PHONY: run test check lint typecheck install install-test install-bench browser browser-deps clean

run: install
	$(BIN)/thainews serve --host 127.0.0.1 --port 5000

# lint and types first: a red line there fails the run before the long tests
test: install-test browser browser-deps lint typecheck
	$(BIN)/python -m pytest -n 2 -q

# The fast loop while changing code (under a minute): lint, types, and the
# tests that need neither ../shared nor a browser nor a long run. `make test`
# runs everything.
check: install-test lint typecheck
	$(BIN)/python -m pytest -n 2 -q -m "not corpus and not browser and not slow and not cluster"

# ruff's rules and mypy's settings are in pyproject.toml (with the reasons)
lint: install-test
	$(BIN)/ruff check .

typecheck: install-test
	$(BIN)/mypy

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test
install-bench: $(VENV)/.installed-bench

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	touch $@

# with the cluster extra (Ray), so the tests of a build on a Ray cluster run in CI too
$(VENV)/.installed-test: $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[test,cluster]'
	touch $@

# bench/bench.py's compiled peer (tantivy)
$(VENV)/.installed-bench: $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[bench]'
	touch $@

browser:
	./scripts/ensure-chromium

# axe-core for the accessibility checks in tests/browser (pinned by package-lock.json)
browser-deps:
	@if command -v npm >/dev/null 2>&1; then npm ci --prefix tests/browser --no-audit --no-fund --loglevel=error; \
	else echo "npm not found: the axe-core accessibility tests will be skipped (they fail when CI=true)" >&2; fi

clean:
	rm -rf $(VENV) test-artifacts
