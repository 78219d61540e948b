import numpy as np
import pytest

from helpers import initialize_parameters, initialize_parameters_deep, initialize_with_zeros


def test_zeros_for_logistic_regression():
    w, b = initialize_with_zeros(3)
    assert w.shape == (3, 1) and not w.any() and b == 0.0


def test_shapes_of_every_method():
    for method in ["zeros", "random", "xavier", "he"]:
        p = initialize_parameters_deep([5, 4, 3, 1], method=method, seed=0)
        assert [p[f"W{l}"].shape for l in (1, 2, 3)] == [(4, 5), (3, 4), (1, 3)]
        assert [p[f"b{l}"].shape for l in (1, 2, 3)] == [(4, 1), (3, 1), (1, 1)]
        assert all(not p[f"b{l}"].any() for l in (1, 2, 3))


def test_two_layer_shapes_follow_the_lectures_example():
    p = initialize_parameters(3, 4, 1, seed=0)
    assert p["W1"].shape == (4, 3) and p["b1"].shape == (4, 1)
    assert p["W2"].shape == (1, 4) and p["b2"].shape == (1, 1)


def test_scale_is_a_parameter_and_defaults_to_the_lectures_0_01():
    big = initialize_parameters_deep([400, 300, 1], seed=1, scale=1.0)["W1"]
    small = initialize_parameters_deep([400, 300, 1], seed=1)["W1"]
    np.testing.assert_allclose(small, big * 0.01)
    assert big.std() == pytest.approx(1.0, rel=0.02)


@pytest.mark.parametrize("method, variance", [("xavier", lambda n: 1 / n), ("he", lambda n: 2 / n)])
def test_variance_of_xavier_and_he(method, variance):
    W = initialize_parameters_deep([500, 400, 1], method=method, seed=3)["W1"]
    assert W.var() == pytest.approx(variance(500), rel=0.03)


def test_seed_and_generator_make_runs_reproducible():
    a = initialize_parameters_deep([3, 2, 1], seed=7)
    b = initialize_parameters_deep([3, 2, 1], seed=np.random.default_rng(7))
    for key in a:
        np.testing.assert_array_equal(a[key], b[key])
    c = initialize_parameters_deep([3, 2, 1], seed=8)
    assert not np.array_equal(a["W1"], c["W1"])


def test_bad_input():
    with pytest.raises(ValueError, match="unknown initialization method 'glorot'.*'xavier'"):
        initialize_parameters_deep([2, 1], method="glorot")
    with pytest.raises(ValueError, match="needs the input size and at least one layer"):
        initialize_parameters_deep([2])
    with pytest.raises(ValueError, match="positive whole number"):
        initialize_parameters_deep([2, 0, 1])
    with pytest.raises(ValueError, match="positive whole number"):
        initialize_with_zeros(2.5)


def test_a_random_state_draws_the_original_course_way():
    """np.random.seed(s) then np.random.randn, layer by layer, with the original scales."""
    parameters = initialize_parameters(2, 4, 1, seed=np.random.RandomState(1))
    np.random.seed(1)
    W1 = np.random.randn(4, 2) * 0.01
    W2 = np.random.randn(1, 4) * 0.01
    assert np.array_equal(parameters["W1"], W1) and np.array_equal(parameters["W2"], W2)
    deep = initialize_parameters_deep([5, 4, 1], method="xavier", seed=np.random.RandomState(1))
    np.random.seed(1)
    assert np.array_equal(deep["W1"], np.random.randn(4, 5) / np.sqrt(5))
    assert np.array_equal(deep["W2"], np.random.randn(1, 4) / np.sqrt(4))
    # not silently replaced by a Generator seeded from it (which draws other numbers)
    assert not np.allclose(deep["W1"], initialize_parameters_deep([5, 4, 1], method="xavier", seed=1)["W1"])
