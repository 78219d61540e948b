"""The benchmark's baselines compute the same maths as helpers, and the script runs."""

import pathlib
import subprocess
import sys

import numpy as np
import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import bench_helpers as bench  # noqa: E402
from helpers.datasets import load_planar_dataset  # noqa: E402


@pytest.fixture(scope="module")
def flower():
    return load_planar_dataset()


def test_naive_loop_trains_the_same_network_as_helpers(flower):
    X, Y = flower
    expected = bench.helpers_shallow(X, Y, 5)
    got = bench.naive_shallow(X, Y, 5)
    for key in expected:
        np.testing.assert_allclose(got[key], expected[key], rtol=1e-10, atol=1e-14, err_msg=key)


def test_torch_same_maths_trains_the_same_network_as_helpers(flower):
    pytest.importorskip("torch")
    X, Y = flower
    expected = bench.helpers_shallow(X, Y, 5)
    got = bench.torch_same_maths(X, Y, 5)
    for key in expected:
        np.testing.assert_allclose(got[key], expected[key], rtol=1e-10, atol=1e-14, err_msg=key)


def test_bench_script_runs_and_prints_the_ratios():
    out = subprocess.run([sys.executable, str(ROOT / "bench" / "bench_helpers.py"), "--quick"],
                         capture_output=True, text=True, check=True, cwd=ROOT).stdout
    assert "naive per-example loop" in out and "helpers is" in out
    assert "its matrix products alone" in out and "ratio" in out
