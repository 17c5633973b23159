# Two-command setup: `make demo` and `make test` build .venv on first use and reuse it after.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
NODE_STAMP := node_modules/.installed

.PHONY: demo test clean lint-cypher

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[dev]"
	touch $(STAMP)

$(NODE_STAMP): package.json package-lock.json
	npm ci --silent --no-audit --no-fund
	touch $(NODE_STAMP)

demo: $(STAMP)
	$(BIN)/narrative demo

test: $(STAMP) $(NODE_STAMP)
	$(BIN)/python -m pytest

clean:
	-$(BIN)/narrative db stop 2>/dev/null
	rm -rf $(VENV) node_modules .narrative demo-*.html .pytest_cache
