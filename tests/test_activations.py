import zlib

import numpy as np
import pytest
from hypothesis import given

from helpers import activations as act
from helpers.gradient_check import numerical_gradient, relative_error
from strategies import finite, matrices

NAMES = list(act.ACTIVATIONS)


def test_sigmoid_fixed_values():
    # sigma(0) = 1/2; sigma(ln 3) = 1 / (1 + 1/3) = 3/4; sigma(-ln 3) = 1/4
    z = np.array([[0.0, np.log(3), -np.log(3)]])
    np.testing.assert_allclose(act.sigmoid(z), [[0.5, 0.75, 0.25]], rtol=1e-12)


def test_sigmoid_does_not_overflow():
    with np.errstate(over="raise", invalid="raise", divide="raise"):  # underflow to 0 is fine
        values = act.sigmoid(np.array([-1000.0, 1000.0]))
    assert values[0] == 0.0 and values[1] == 1.0


@given(matrices())
def test_sigmoid_in_unit_interval_and_symmetric(Z):
    A = act.sigmoid(Z)
    assert A.shape == Z.shape
    assert np.all((A >= 0) & (A <= 1))
    # sigma(-z) = 1 - sigma(z)
    np.testing.assert_allclose(act.sigmoid(-Z), 1 - A, atol=1e-12)


@given(matrices())
def test_relu_derivative_is_zero_or_one(Z):
    d = act.relu_derivative(Z)
    assert set(np.unique(d)) <= {0.0, 1.0}
    assert act.relu(Z).shape == Z.shape


@given(matrices())
def test_leaky_relu_derivative_is_slope_or_one(Z):
    assert set(np.unique(act.leaky_relu_derivative(Z))) <= {act.LEAKY_SLOPE, 1.0}


def test_fixed_backward_values():
    # tanh'(0) = 1, sigma'(0) = 1/4, relu'(2) = 1, relu'(-2) = 0, leaky'(z <= 0) = 0.01
    Z = np.array([[0.0, 2.0, -2.0]])
    dA = np.array([[2.0, 3.0, 5.0]])
    np.testing.assert_allclose(act.tanh_backward(dA, Z)[0, 0], 2.0)
    np.testing.assert_allclose(act.sigmoid_backward(dA, Z)[0, 0], 0.5)
    np.testing.assert_allclose(act.relu_backward(dA, Z), [[0.0, 3.0, 0.0]])
    np.testing.assert_allclose(act.leaky_relu_backward(dA, Z), [[0.02, 3.0, 0.05]])


@pytest.mark.parametrize("name", NAMES)
def test_backward_matches_central_differences(name):
    forward, backward = act.ACTIVATIONS[name]
    rng = np.random.default_rng(zlib.crc32(name.encode()))  # the same inputs in every run
    for shape in [(1, 1), (3, 5), (4, 2)]:
        Z = rng.standard_normal(shape) * 3
        Z[np.abs(Z) < 1e-3] = 0.5  # keep away from the kinks of relu and leaky relu
        dA = rng.standard_normal(shape)
        # d/dZ of sum(dA * g(Z)) is dA * g'(Z)
        numeric = numerical_gradient(lambda: float(np.sum(dA * forward(Z))), Z, epsilon=1e-6)
        analytic = backward(dA, Z)
        # where g is flat (tanh at |z| = 5 has slope 2e-4), the difference quotient's rounding
        # error, about 1e-16 / epsilon, is a few 1e-7 of the slope: 1e-6 leaves room for that
        assert relative_error(analytic, numeric) < 1e-6, f"{name} backward, shape {shape}"


@pytest.mark.parametrize("name", NAMES)
def test_derivative_table_agrees_with_backward(name):
    Z = np.linspace(-3, 3, 13).reshape(1, -1) + 0.01
    np.testing.assert_allclose(act.DERIVATIVES[name](Z), act.ACTIVATIONS[name][1](np.ones_like(Z), Z))


@given(finite)
def test_scalars_work(z):
    assert 0.0 <= float(act.sigmoid(z)) <= 1.0


def test_unknown_activation_lists_known_names():
    with pytest.raises(ValueError, match=r"unknown activation 'softplus'.*'relu'"):
        act.get_activation("softplus")


def test_backward_shape_mismatch_names_both_shapes():
    with pytest.raises(ValueError, match=r"dA should have shape \(2, 3\), but has shape \(3, 2\)"):
        act.relu_backward(np.ones((3, 2)), np.ones((2, 3)))
