# make lab   create .venv if needed, install the course, start JupyterLab on it
# make test  the same environment, then the whole test suite
# make demo  the playground and the interactive notebooks as apps (Voila), for lecturers
# make html  a static HTML copy of the executed course in build/html/ (the zh edition in build/html/zh/)
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
PORT   ?= 8888
# JupyterLab refuses to run as root unless told it may
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root)
# nbgrader runs `alembic` and the kernels from the environment's bin/
export PATH := $(abspath $(BIN)):$(PATH)

.PHONY: lab lab-settings demo html test bench data clean sysdeps

# Debian packages the tests use: bubblewrap (the grading sandbox; util-linux's setpriv, unshare and
# mount let a grader running as root start it as nobody), the Fashion-MNIST files (the
# data rebuild test), PostgreSQL (the gradebook-on-a-server test) and Chromium (the browser tests). Installed when we are root
# with apt-get; elsewhere those tests skip and this says so.
SYSDEPS := bubblewrap util-linux mount dataset-fashion-mnist postgresql chromium

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e .
	touch $(STAMP)

# Kernels inherit the server's environment: one BLAS thread each. The course's matrices are
# small, and OpenBLAS threads fighting over a few cores made slider updates up to 26x slower.
ONE_THREAD := OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 MKL_NUM_THREADS=1
# JupyterLab saves widget state in the notebook, so a reopened notebook shows its explorers
# (with their last figure) instead of "Error displaying widget: model not found".
# Markdown files open rendered, so the start page notebooks/README.md shows links that open the
# notebooks; no news pop-up.
LAB_OVERRIDES := $(VENV)/share/jupyter/lab/settings/overrides.json

lab-settings: $(STAMP)
	@$(BIN)/python -c "import json, pathlib; p = pathlib.Path('$(LAB_OVERRIDES)'); \
	p.parent.mkdir(parents=True, exist_ok=True); s = json.loads(p.read_text()) if p.exists() else {}; \
	s.setdefault('@jupyter-widgets/jupyterlab-manager:plugin', {})['saveState'] = True; \
	s.setdefault('@jupyterlab/docmanager-extension:plugin', {}).setdefault('defaultViewers', {})['markdown'] = 'Markdown Preview'; \
	s.setdefault('@jupyterlab/apputils-extension:notification', {})['fetchNews'] = 'false'; \
	p.write_text(json.dumps(s, indent=2) + '\n')"

lab: $(STAMP) lab-settings
	$(ONE_THREAD) $(BIN)/jupyter lab --ServerApp.root_dir=$(CURDIR) --port=$(PORT) $(ROOT_FLAG) $(LAB_ARGS) notebooks/README.md

# Voila serves the repository: each page a visitor opens runs the notebook in a kernel of its own,
# with the code hidden (settings: demo/voila.json). Voila has no root check, so it runs as root as
# it is. DEMO_ARGS passes more options, e.g. DEMO_ARGS=--Voila.ip=0.0.0.0 to let a class connect.
demo: $(STAMP)
	@echo "start page: http://localhost:$(PORT)/voila/render/demo/index.ipynb"
	$(ONE_THREAD) $(BIN)/voila $(CURDIR) --Voila.config_file_paths=$(CURDIR)/demo --port=$(PORT) --no-browser $(DEMO_ARGS)

html: $(STAMP)
	$(ONE_THREAD) $(BIN)/python demo/build_html.py --output build/html --edition $(or $(EDITION),both)

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
	$(BIN)/python bench/bench_sliders.py
	$(BIN)/python bench/bench_course.py --jobs 2

data: $(STAMP)
	$(BIN)/python datasets/build_fashion_subset.py

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
