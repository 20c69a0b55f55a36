# Two entry points do all set-up: `make demo` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test system-deps demo-deps demo-check benchmarks benchmark-neo4j clean

# pip's own output goes to a log, shown only when the install fails: setuptools prints an
# informational note on every editable install that a newcomer need not read.
$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	@$(BIN)/pip install -q --upgrade pip > $(VENV)/pip.log 2>&1 || (cat $(VENV)/pip.log; exit 1)
	@$(BIN)/pip install -q -e '.[test]' >> $(VENV)/pip.log 2>&1 || (cat $(VENV)/pip.log; exit 1)
	@touch $(STAMP)

# Debian packages the diagram, RDF, browser, PDF and Neo4j tests use (needs root; skipped when
# all are present). The Neo4j test server itself comes from Maven on the first test run.
system-deps:
	@command -v dot >/dev/null && command -v rapper >/dev/null && command -v chromium >/dev/null \
	  && command -v chromedriver >/dev/null && command -v java >/dev/null && command -v mvn >/dev/null \
	  && command -v soffice >/dev/null && command -v pdftoppm >/dev/null \
	  || (apt-get update -qq && apt-get install -y -qq graphviz raptor2-utils chromium \
	      chromium-driver openjdk-17-jdk-headless maven libreoffice-writer poppler-utils)

# The demo needs only Graphviz, for its diagram; without it the diagram is a web page.
demo-deps:
	@bash scripts/demo-deps

demo: $(STAMP) demo-deps
	@bash scripts/demo

# A fresh clone, no Graphviz on PATH: `make demo` must exit 0 in under 150 lines.
demo-check:
	@bash scripts/demo-check

test: $(STAMP) system-deps
	$(BIN)/python -m pytest -q -p no:cacheprovider

benchmarks: $(STAMP)
	$(BIN)/python benchmarks/build.py
	$(BIN)/python benchmarks/queries.py
	$(BIN)/python benchmarks/duplicates.py
	$(BIN)/python benchmarks/cli_startup.py

benchmark-neo4j: $(STAMP)
	$(BIN)/python benchmarks/neo4j_push.py

clean:
	rm -rf $(VENV) build *.egg-info
