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

.PHONY: lab test bench data clean sysdeps

# Debian packages the tests use: bubblewrap (the grading sandbox), the Fashion-MNIST files (the
# data rebuild test) and PostgreSQL (the gradebook-on-a-server test). Installed when we are root
# with apt-get; elsewhere those tests skip and this says so.
SYSDEPS := bubblewrap dataset-fashion-mnist postgresql

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e .
	touch $(STAMP)

lab: $(STAMP)
	$(BIN)/jupyter lab --ServerApp.root_dir=$(CURDIR) --port=$(PORT) $(ROOT_FLAG) $(LAB_ARGS) notebooks/README.md

test: $(STAMP) sysdeps
	$(BIN)/python -m pytest $(PYTEST_ARGS)

sysdeps:
	@missing=""; for p in $(SYSDEPS); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  echo "installing$$missing"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing) >/dev/null; \
	else echo "note: without$$missing some tests skip (install them with your package manager)"; fi

bench: $(STAMP) sysdeps
	$(BIN)/python bench/bench_helpers.py
	$(BIN)/python bench/bench_grading.py

data: $(STAMP)
	$(BIN)/python datasets/build_fashion_subset.py

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
