# Two commands on a fresh machine: `make demo` (the China–Russia–USA brief) and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
MIRROR ?= $(abspath ../shared/data)

.PHONY: install demo test test-fast bench eval validate fuzz faults clean

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev,spark,model]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/amity demo

test: $(STAMP)
	AMITY_MIRROR=$${AMITY_MIRROR:-$(shell [ -d $(MIRROR) ] && echo $(MIRROR))} $(BIN)/python -m pytest -q

test-fast: $(STAMP)
	$(BIN)/python -m pytest -q -m "not slow and not browser and not spark"

bench: $(STAMP)
	AMITY_MIRROR=$${AMITY_MIRROR:-$(MIRROR)} $(BIN)/python benchmarks/run.py

eval: $(STAMP)
	AMITY_MIRROR=$${AMITY_MIRROR:-$(MIRROR)} $(BIN)/python -m amity.reader.evaluate

validate: $(STAMP)
	AMITY_MIRROR=$${AMITY_MIRROR:-$(MIRROR)} $(BIN)/amity validate closeness

faults: $(STAMP)
	AMITY_MIRROR=$${AMITY_MIRROR:-$(shell [ -d $(MIRROR) ] && echo $(MIRROR))} $(BIN)/python -m amity.reliability.faults --kills 50

fuzz: $(STAMP)
	AMITY_FUZZ_EXAMPLES=10000 $(BIN)/python -m pytest -q -m fuzz

clean:
	rm -rf $(VENV) build *.egg-info src/*.egg-info .pytest_cache
