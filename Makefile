# make lab   create .venv if needed, install the course, start JupyterLab on it
# make test  the same environment, then the whole test suite
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
PORT   ?= 8888
# JupyterLab refuses to run as root unless told it may
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root)
# nbgrader runs `alembic` and the kernels from the environment's bin/
export PATH := $(abspath $(BIN)):$(PATH)

.PHONY: lab test bench data clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e .
	touch $(STAMP)

lab: $(STAMP)
	$(BIN)/jupyter lab --ServerApp.root_dir=$(CURDIR) --port=$(PORT) $(ROOT_FLAG) $(LAB_ARGS) notebooks/README.md

test: $(STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

bench: $(STAMP)
	$(BIN)/python bench/bench_helpers.py

data: $(STAMP)
	$(BIN)/python datasets/build_fashion_subset.py

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
