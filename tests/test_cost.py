import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from helpers import compute_cost
from helpers.cost import cross_entropy_loss, squared_error_cost


def test_fixed_example():
    # y = 1, a = 0.8: -ln 0.8 = 0.22314; y = 0, a = 0.4: -ln 0.6 = 0.51083; mean 0.36698
    cost = compute_cost(np.array([[0.8, 0.4]]), np.array([[1, 0]]))
    assert cost == pytest.approx((-np.log(0.8) - np.log(0.6)) / 2)
    assert type(cost) is float


def test_never_takes_log_of_zero():
    with np.errstate(all="raise"):
        cost = compute_cost(np.array([[0.0, 1.0]]), np.array([[1.0, 0.0]]))
    assert np.isfinite(cost) and cost > 30


@given(st.floats(min_value=0.0, max_value=1.0), st.sampled_from([0.0, 1.0]))
def test_loss_is_non_negative(a, y):
    assert cross_entropy_loss(np.array([[a]]), np.array([[y]]))[0, 0] >= 0


def test_cost_is_a_mean_not_a_sum():
    A = np.full((1, 10), 0.5)
    assert compute_cost(A, np.ones((1, 10))) == pytest.approx(np.log(2))
    assert squared_error_cost(A, np.ones((1, 10))) == pytest.approx(0.125)


def test_nan_prediction_gives_nan_cost():
    assert np.isnan(compute_cost(np.array([[np.nan, 0.5]]), np.array([[1.0, 0.0]])))


def test_shape_errors():
    with pytest.raises(ValueError, match=r"Y should have shape \(1, 3\), but has shape \(3, 1\)"):
        compute_cost(np.full((1, 3), 0.5), np.ones((3, 1)))
    with pytest.raises(ValueError, match=r"AL should have shape \(1, m\), but has shape \(3,\)"):
        compute_cost(np.full(3, 0.5), np.ones(3))


def test_cost_from_logits_equals_the_cost_of_the_sigmoid():
    from helpers import sigmoid
    from helpers.cost import compute_cost_from_logits

    rng = np.random.default_rng(4)
    Z = rng.standard_normal((1, 50)) * 5
    Y = (rng.random((1, 50)) > 0.5).astype(float)
    assert compute_cost_from_logits(Z, Y) == pytest.approx(compute_cost(sigmoid(Z), Y), rel=1e-12)


def test_cost_from_logits_is_exact_where_the_clipped_cost_saturates():
    from helpers.cost import compute_cost_from_logits

    # z = -1000 for y = 1: the loss is log(1 + e^1000) - 0 = 1000 (to double precision)
    with np.errstate(over="raise", invalid="raise", divide="raise"):  # underflow to 0 is fine
        assert compute_cost_from_logits(np.array([[-1000.0]]), np.array([[1.0]])) == pytest.approx(1000.0)
        assert compute_cost_from_logits(np.array([[1000.0]]), np.array([[1.0]])) == pytest.approx(0.0, abs=1e-300)
