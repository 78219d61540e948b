import numpy as np
import pytest

from helpers import GradientCheckError, gradient_check
from helpers.gradient_check import numerical_gradient, relative_error


def test_numerical_gradient_of_a_quadratic():
    # f(x) = sum(x^2) has gradient 2x; central differences are exact for a quadratic
    x = np.array([[1.0, -2.0], [0.5, 3.0]])
    np.testing.assert_allclose(numerical_gradient(lambda: float(np.sum(x ** 2)), x), 2 * x, atol=1e-6)
    np.testing.assert_array_equal(x, [[1.0, -2.0], [0.5, 3.0]])  # restored


def test_relative_error():
    assert relative_error([0.0], [0.0]) == 0.0
    assert relative_error([1.0, 0.0], [1.0, 0.0]) == 0.0
    assert relative_error([1.0], [3.0]) == pytest.approx(0.5)


def test_a_right_gradient_passes():
    params = {"W": np.array([[1.0, 2.0]]), "b": np.array([[0.5]])}
    cost = lambda p: float(np.sum(p["W"] ** 2) + 3 * p["b"][0, 0])
    assert gradient_check(cost, params, {"dW": 2 * params["W"], "db": np.array([[3.0]])}) < 1e-7


def test_a_wrong_gradient_names_parameter_index_and_both_values():
    params = {"W": np.array([[1.0, 2.0]]), "b": np.array([[0.5]])}
    cost = lambda p: float(np.sum(p["W"] ** 2) + 3 * p["b"][0, 0])
    wrong = {"dW": np.array([[2.0, 0.0]]), "db": np.array([[3.0]])}  # dW[0, 1] should be 4
    with pytest.raises(GradientCheckError, match=r"dW\[0, 1\] is 0 by backpropagation but 4 by central difference"):
        gradient_check(cost, params, wrong)


def test_missing_gradient_is_named():
    with pytest.raises(KeyError, match="grads has no 'db'"):
        gradient_check(lambda p: 0.0, {"W": np.ones((1, 1)), "b": np.ones((1, 1))}, {"dW": np.ones((1, 1))})
