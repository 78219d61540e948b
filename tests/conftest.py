import os

# One BLAS thread for the tests and the kernels they start (they inherit the environment): the
# course's matrices are small, and two BLAS threads spin-wait on each other when the machine is
# busy, which made notebook timings swing from 0.1 s to 8 s under load.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import pathlib
import sys

import matplotlib

matplotlib.use("Agg")

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
# nbgrader runs `alembic`, and kernels start from the environment's bin/
os.environ["PATH"] = str(pathlib.Path(sys.executable).parent) + os.pathsep + os.environ.get("PATH", "")


# -- both editions: every test in tests/test_notebooks_*.py that executes a notebook runs once per
# edition (English, and the Chinese one built by i18n/build.py); `nbtools.run_notebook` maps the
# English path to the edition's twin.  Other test modules see only the English edition.
import inspect

import pytest


def pytest_generate_tests(metafunc):
    module = metafunc.module.__name__.rpartition(".")[2]
    if (module.startswith("test_notebooks_") and "notebook_edition" in metafunc.fixturenames
            and "run_notebook" in inspect.getsource(metafunc.function)):
        import nbtools

        # a test that reads English sentences the notebook prints or writes runs on the English
        # edition only (`@pytest.mark.english_text`); its numbers are asserted there
        editions = ("en",) if metafunc.definition.get_closest_marker("english_text") else nbtools.EDITIONS
        metafunc.parametrize("notebook_edition", editions, indirect=True)


def pytest_configure(config):
    config.addinivalue_line("markers", "english_text: the test compares English sentences; English edition only")


@pytest.fixture(autouse=True)
def notebook_edition(request):
    import nbtools

    nbtools.EDITION = getattr(request, "param", "en")
    yield nbtools.EDITION
    nbtools.EDITION = "en"
