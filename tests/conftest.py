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
