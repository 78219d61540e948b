import numpy as np
import pytest
from hypothesis import given, settings

from helpers import (
    L_model_backward, L_model_forward, ShapeError, compute_cost, gradient_check,
    initialize_parameters_deep, linear_activation_backward, linear_activation_forward,
    linear_backward, linear_forward, propagate,
)
from helpers.gradient_check import numerical_gradient, relative_error
from strategies import layer_dims


def test_linear_forward_fixed_example():
    # Z = W A + b: [1 2] [3, 4]^T + 0.5 = 3 + 8 + 0.5 = 11.5 and [1 2] [1, 0]^T + 0.5 = 1.5
    W = np.array([[1.0, 2.0]])
    A_prev = np.array([[3.0, 1.0], [4.0, 0.0]])
    Z, cache = linear_forward(A_prev, W, np.array([[0.5]]))
    np.testing.assert_allclose(Z, [[11.5, 1.5]])
    assert cache[0] is A_prev and cache[1] is W


def test_linear_backward_fixed_example():
    # m = 2: dW = dZ A^T / 2 = ([1, 3] [[3, 4], [1, 0]]) / 2 = [3 + 3, 4 + 0] / 2 = [3, 2]
    # db = (1 + 3) / 2 = 2; dA_prev = W^T dZ = [[1], [2]] [1, 3] = [[1, 3], [2, 6]]
    W = np.array([[1.0, 2.0]])
    A_prev = np.array([[3.0, 1.0], [4.0, 0.0]])
    _, cache = linear_forward(A_prev, W, np.zeros((1, 1)))
    dA_prev, dW, db = linear_backward(np.array([[1.0, 3.0]]), cache)
    np.testing.assert_allclose(dW, [[3.0, 2.0]])
    np.testing.assert_allclose(db, [[2.0]])
    np.testing.assert_allclose(dA_prev, [[1.0, 3.0], [2.0, 6.0]])


@pytest.mark.parametrize("activation", ["sigmoid", "tanh", "relu", "leaky_relu", "identity"])
def test_linear_activation_backward_matches_central_differences(activation):
    rng = np.random.default_rng(3)
    for n, n_prev, m in [(1, 1, 1), (3, 4, 5), (2, 6, 3)]:
        A_prev = rng.standard_normal((n_prev, m))
        W = rng.standard_normal((n, n_prev))
        b = rng.standard_normal((n, 1))
        dA = rng.standard_normal((n, m))
        A, cache = linear_activation_forward(A_prev, W, b, activation)
        dA_prev, dW, db = linear_activation_backward(dA, cache, activation)
        # linear_backward averages over m, so the matching scalar is sum(dA * A) / m for W and b
        # and sum(dA * A) for A_prev (whose gradient is per example).
        def f():
            return float(np.sum(dA * linear_activation_forward(A_prev, W, b, activation)[0]))
        for name, analytic, x, factor in [("dW", dW, W, m), ("db", db, b, m), ("dA_prev", dA_prev, A_prev, 1)]:
            numeric = numerical_gradient(f, x, epsilon=1e-6) / factor
            assert relative_error(analytic, numeric) < 1e-6, f"{activation} {name} shape {(n, n_prev, m)}"


@settings(max_examples=25, deadline=None)
@given(layer_dims())
def test_L_model_backward_passes_gradient_check(dims):
    rng = np.random.default_rng(len(dims))
    m = 4
    X = rng.standard_normal((dims[0], m))
    Y = (rng.random((1, m)) > 0.5).astype(float)
    for hidden in ["tanh", "sigmoid"]:
        parameters = initialize_parameters_deep(dims, method="xavier", seed=rng)
        AL, caches = L_model_forward(X, parameters, hidden)
        grads = L_model_backward(AL, Y, caches, hidden)
        cost = lambda p: compute_cost(L_model_forward(X, p, hidden)[0], Y)
        assert gradient_check(cost, parameters, grads, epsilon=1e-6, tolerance=1e-6) < 1e-6


def test_L_model_backward_with_non_sigmoid_output_passes_gradient_check():
    # a tanh output unit takes the general path dA[L] = -(Y / AL - (1 - Y) / (1 - AL));
    # small weights and b2 = 0.5 keep AL near tanh(0.5) = 0.46, inside (0, 1)
    rng = np.random.default_rng(0)
    X = rng.standard_normal((3, 5))
    Y = np.array([[0.0, 1.0, 1.0, 0.0, 1.0]])
    parameters = initialize_parameters_deep([3, 4, 1], method="random", scale=0.1, seed=1)
    parameters["b2"] = parameters["b2"] + 0.5

    def forward(p):
        return L_model_forward(X, p, "relu", output_activation="tanh")

    AL, caches = forward(parameters)
    assert np.all((AL > 0) & (AL < 1))
    grads = L_model_backward(AL, Y, caches, "relu", output_activation="tanh")
    assert gradient_check(lambda p: compute_cost(forward(p)[0], Y), parameters, grads, 1e-6, 1e-6) < 1e-6


def test_L_model_backward_keys_and_shapes():
    dims = [5, 4, 3, 1]
    parameters = initialize_parameters_deep(dims, seed=0)
    X = np.random.default_rng(0).standard_normal((5, 7))
    AL, caches = L_model_forward(X, parameters)
    grads = L_model_backward(AL, np.ones((1, 7)), caches)
    assert set(grads) == {"dW1", "db1", "dW2", "db2", "dW3", "db3", "dA1", "dA2"}
    for l in (1, 2, 3):
        assert grads[f"dW{l}"].shape == parameters[f"W{l}"].shape
        assert grads[f"db{l}"].shape == parameters[f"b{l}"].shape
        if l < 3:
            assert grads[f"dA{l}"].shape == (dims[l], 7)


def test_sigmoid_output_stays_finite_when_saturated():
    # AL rounds to exactly 1.0 for a wrong label; dZ = AL - Y stays finite
    parameters = {"W1": np.array([[100.0]]), "b1": np.array([[0.0]])}
    X = np.array([[10.0]])
    AL, caches = L_model_forward(X, parameters)
    assert AL[0, 0] == 1.0
    grads = L_model_backward(AL, np.array([[0.0]]), caches)
    np.testing.assert_allclose(grads["dW1"], [[10.0]])


def test_propagate_fixed_example():
    # w = 0, b = 0: a = 1/2 for every example; dZ = [0.5, -0.5]; X = [[1, 3]]
    # dw = X dZ^T / 2 = (0.5 - 1.5) / 2 = -0.5; db = 0; cost = ln 2
    grads, cost = propagate(np.zeros((1, 1)), 0.0, np.array([[1.0, 3.0]]), np.array([[0.0, 1.0]]))
    np.testing.assert_allclose(grads["dw"], [[-0.5]])
    assert grads["db"] == 0.0
    assert cost == pytest.approx(np.log(2))


def test_propagate_passes_gradient_check():
    rng = np.random.default_rng(5)
    X = rng.standard_normal((4, 6))
    Y = (rng.random((1, 6)) > 0.5).astype(float)
    params = {"w": rng.standard_normal((4, 1)), "b": 0.3}
    grads, _ = propagate(params["w"], params["b"], X, Y)
    assert gradient_check(lambda p: propagate(p["w"], p["b"], X, Y)[1], params, grads) < 1e-7


def test_shape_errors_say_expected_and_found():
    W = np.ones((3, 4))
    with pytest.raises(ShapeError, match=r"A_prev should have shape \(4, any\), but has shape \(5, 2\)"):
        linear_forward(np.ones((5, 2)), W, np.ones((3, 1)))
    with pytest.raises(ShapeError, match=r"b should have shape \(3, 1\), but has shape \(3,\).*rank-1"):
        linear_forward(np.ones((4, 2)), W, np.ones(3))
    with pytest.raises(ShapeError, match=r"w should have shape \(4, 1\), but has shape \(1, 4\)"):
        propagate(np.ones((1, 4)), 0.0, np.ones((4, 2)), np.ones((1, 2)))


def test_missing_parameter_is_named():
    with pytest.raises(KeyError, match="missing b2"):
        L_model_forward(np.ones((2, 3)), {"W1": np.ones((2, 2)), "b1": np.ones((2, 1)), "W2": np.ones((1, 2)), "c2": 0})


def test_unknown_activation_in_forward():
    with pytest.raises(ValueError, match="unknown activation 'swish'"):
        L_model_forward(np.ones((2, 3)), initialize_parameters_deep([2, 2, 1], seed=0), "swish")
