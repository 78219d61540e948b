"""helpers/naive.py: the loop versions agree with the vectorized core."""

import math

import numpy as np
import pytest

from helpers import ShapeError, propagate
from helpers.naive import dot_loop, logistic_gradients_loop


@pytest.mark.parametrize("n_x, m, seed", [(1, 1, 0), (2, 5, 1), (7, 3, 2), (20, 50, 3), (3, 200, 4)])
def test_logistic_gradients_loop_matches_propagate(n_x, m, seed):
    rng = np.random.default_rng(seed)
    w = rng.standard_normal((n_x, 1))
    b = float(rng.standard_normal())
    X = rng.standard_normal((n_x, m))
    Y = (rng.random((1, m)) > 0.5).astype(float)
    grads, cost = logistic_gradients_loop(w, b, X, Y)
    expected, expected_cost = propagate(w, b, X, Y)
    assert grads["dw"].shape == (n_x, 1)
    assert isinstance(grads["db"], float)
    for j in range(n_x):
        assert grads["dw"][j, 0] == pytest.approx(expected["dw"][j, 0], abs=1e-12), (
            f"dw[{j}]: loop gives {grads['dw'][j, 0]}, propagate gives {expected['dw'][j, 0]}")
    assert grads["db"] == pytest.approx(expected["db"], abs=1e-12)
    assert cost == pytest.approx(expected_cost, abs=1e-12)


def test_logistic_gradients_loop_hand_worked():
    # w = 0, b = 0: every z = 0 and every a = 0.5, so dz = a - y = [-0.5, 0.5]
    # dw1 = (1 * -0.5 + 2 * 0.5) / 2 = 0.25,  dw2 = (3 * -0.5 + 4 * 0.5) / 2 = 0.25
    # db = (-0.5 + 0.5) / 2 = 0,  J = mean of -log 0.5 = log 2
    w, b = np.zeros((2, 1)), 0.0
    X = np.array([[1.0, 2.0], [3.0, 4.0]])
    Y = np.array([[1.0, 0.0]])
    grads, cost = logistic_gradients_loop(w, b, X, Y)
    np.testing.assert_allclose(grads["dw"], [[0.25], [0.25]], atol=1e-15)
    assert grads["db"] == pytest.approx(0.0, abs=1e-15)
    assert cost == pytest.approx(math.log(2))


def test_logistic_gradients_loop_saturated_prediction_stays_finite():
    # z = 1000 for a label 0: the loss is clipped (about 34.5), as in helpers.compute_cost
    grads, cost = logistic_gradients_loop(np.array([[1.0]]), 0.0, np.array([[1000.0]]), np.array([[0.0]]))
    expected, expected_cost = propagate(np.array([[1.0]]), 0.0, np.array([[1000.0]]), np.array([[0.0]]))
    assert math.isfinite(cost)
    assert cost == pytest.approx(expected_cost)
    assert grads["dw"][0, 0] == pytest.approx(expected["dw"][0, 0])


def test_logistic_gradients_loop_checks_shapes():
    with pytest.raises(ShapeError):
        logistic_gradients_loop(np.zeros((3, 1)), 0.0, np.zeros((2, 4)), np.zeros((1, 4)))
    with pytest.raises(ShapeError):
        logistic_gradients_loop(np.zeros((2, 1)), 0.0, np.zeros((2, 4)), np.zeros((4,)))


def test_dot_loop_hand_worked():
    # 1 * 4 + 2 * 5 + 3 * 6 = 32
    assert dot_loop(np.array([1.0, 2.0, 3.0]), np.array([4.0, 5.0, 6.0])) == 32.0
    assert dot_loop([], []) == 0.0


@pytest.mark.parametrize("n, seed", [(1, 0), (10, 1), (1000, 2)])
def test_dot_loop_matches_np_dot(n, seed):
    rng = np.random.default_rng(seed)
    a, b = rng.standard_normal(n), rng.standard_normal(n)
    assert dot_loop(a, b) == pytest.approx(np.dot(a, b), rel=1e-12, abs=1e-12)


def test_dot_loop_rejects_different_lengths():
    with pytest.raises(ValueError, match="same length"):
        dot_loop(np.ones(3), np.ones(4))
