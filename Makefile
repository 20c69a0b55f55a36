# Two entry points do all set-up: `make demo` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test system-deps benchmarks clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]'
	touch $(STAMP)

# Debian packages the diagram, RDF and browser tests use (needs root; skipped when present).
system-deps:
	@command -v dot >/dev/null && command -v rapper >/dev/null && command -v chromium >/dev/null \
	  || (apt-get update -qq && apt-get install -y -qq graphviz raptor2-utils chromium chromium-driver)

demo: $(STAMP)
	@bash scripts/demo

test: $(STAMP) system-deps
	$(BIN)/python -m pytest -q -p no:cacheprovider

benchmarks: $(STAMP)
	$(BIN)/python benchmarks/build.py

clean:
	rm -rf $(VENV) build *.egg-info
