"""The lectures' results, reproduced through helpers."""

import numpy as np
import pytest

from helpers import DeepNetwork, LogisticRegression, ShallowNetwork, ShapeError, accuracy, predict
from helpers.datasets import load_image_data, load_planar_dataset


@pytest.fixture(scope="module")
def flower():
    return load_planar_dataset()


@pytest.fixture(scope="module")
def fashion():
    return load_image_data("fashion")


def test_one_hidden_layer_of_4_tanh_units_beats_logistic_regression_on_the_flower(flower):
    X, Y = flower
    logistic = LogisticRegression(learning_rate=0.1, num_iterations=2000).train(X, Y)
    network = ShallowNetwork(n_h=4, hidden_activation="tanh", num_iterations=10000).train(X, Y)
    assert logistic.accuracy(X, Y) < 0.6  # a line cannot separate the petals
    assert network.accuracy(X, Y) >= 0.9
    assert network.costs[-1] < network.costs[0]


def test_L_layer_network_beats_logistic_regression_on_the_test_set(fashion):
    X_train, Y_train, X_test, Y_test, _ = fashion
    logistic = LogisticRegression(learning_rate=0.05, num_iterations=2000).train(X_train, Y_train)
    # learning rate 0.05: at 0.2 the cost oscillates and the result depends on BLAS threading
    deep = DeepNetwork([784, 32, 8, 1], learning_rate=0.05, num_iterations=1000, seed=1).train(X_train, Y_train)
    assert deep.accuracy(X_test, Y_test) > logistic.accuracy(X_test, Y_test) + 0.02


def test_training_is_reproducible(flower):
    X, Y = flower
    a = ShallowNetwork(num_iterations=50, seed=3).train(X, Y)
    b = ShallowNetwork(num_iterations=50, seed=3).train(X, Y)
    np.testing.assert_array_equal(a.parameters["W1"], b.parameters["W1"])
    assert a.costs == b.costs


def test_callback_reports_progress(flower):
    X, Y = flower
    seen = []
    ShallowNetwork(num_iterations=300).train(X, Y, callback=lambda i, c, p: seen.append((i, c)))
    assert [i for i, _ in seen] == [100, 200, 300]


def test_predict_works_for_both_parameter_layouts():
    X = np.array([[1.0, -1.0]])
    # logistic regression: w = 2, b = 0 -> sigma(2) > 0.5, sigma(-2) < 0.5
    np.testing.assert_array_equal(predict(X, {"w": np.array([[2.0]]), "b": 0.0}), [[1.0, 0.0]])
    np.testing.assert_array_equal(predict(X, {"W1": np.array([[2.0]]), "b1": np.zeros((1, 1))}), [[1.0, 0.0]])


def test_accuracy_fixed_example():
    assert accuracy(np.array([[1, 0, 1, 1]]), np.array([[1, 1, 1, 0]])) == 0.5


def test_bad_input_is_explained(flower):
    X, Y = flower
    with pytest.raises(ShapeError, match=r"Y should have shape \(1, 400\), but has shape \(400,\)"):
        LogisticRegression().train(X, Y.ravel())
    with pytest.raises(ValueError, match=r"Y must hold labels 0 or 1, but Y\[0, 0\] is 2"):
        LogisticRegression().train(X, Y + 2)
    X_nan = X.copy()
    X_nan[1, 5] = np.nan
    with pytest.raises(ValueError, match=r"X must hold finite numbers, but X\[1, 5\] is nan"):
        ShallowNetwork().train(X_nan, Y)
    with pytest.raises(RuntimeError, match="has not been trained yet"):
        DeepNetwork([2, 1]).predict(X)
    with pytest.raises(ValueError, match="layer_dims\\[0\\] is 3 but X has 2 features"):
        DeepNetwork([3, 1]).train(X, Y)


def test_divergence_is_reported(flower):
    from helpers import TrainingDiverged

    X, Y = flower
    # far too large a step: the weights grow until they overflow and the cost is no longer finite
    with np.errstate(all="ignore"), pytest.raises(TrainingDiverged, match="became (nan|inf).*smaller learning rate"):
        DeepNetwork([2, 5, 1], "identity", learning_rate=1e3, num_iterations=500).train(X * 10, Y)
