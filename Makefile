# Two-command setup: `make demo` and `make test` build .venv on first use and reuse it after.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
NODE_STAMP := node_modules/.installed

.PHONY: demo test test-bolt clean lint-cypher browser

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

test: $(STAMP) $(NODE_STAMP) browser
	$(BIN)/python -m pytest

# The live tests (marked `neo4j`) on a real Bolt server: ArcadeDB from the pinned arcadedb-jvm wheel, installed
# into .tools/arcadedb and run on 127.0.0.1 by .ci/bolt-server, which always stops it afterwards. A skipped live
# test fails here (NARRATIVE_REQUIRE_LIVE). Against your own throwaway Neo4j instead:
#   NEO4J_URI=bolt://localhost:7687 NEO4J_PASSWORD=... $(BIN)/python -m pytest -m neo4j
test-bolt: $(STAMP)
	NARRATIVE_REQUIRE_LIVE=1 .ci/bolt-server run -- $(BIN)/python -m pytest -m neo4j -p no:cacheprovider

# Headless Chromium for the network-page tests (marked `browser`; they skip with a reason when it is absent).
# Best effort: Debian's package, only when missing and apt-get is usable as root.
browser:
	@test -x /usr/bin/chromium || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null && \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) || \
	  echo "note: /usr/bin/chromium missing and not installable here: the browser tests will be skipped"; }

clean:
	-$(BIN)/narrative db stop 2>/dev/null
	rm -rf $(VENV) node_modules .narrative demo-*.html .pytest_cache
