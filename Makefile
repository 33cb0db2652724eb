# Two commands do all setup on a fresh machine:
#   make run    install, build the index from corpus/ if needed, serve on http://127.0.0.1:5000
#   make test   install (with test tools and a headless browser) and run the tests
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin

.PHONY: run test install install-test browser bench eval clean

run: install
	$(BIN)/thainews serve --host 127.0.0.1 --port 5000

test: install-test browser
	$(BIN)/python -m pytest -n 2 -q

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

browser:
	./scripts/ensure-chromium

clean:
	rm -rf $(VENV) test-artifacts
