import numpy as np
import pytest

from helpers import StopTraining, TrainingDiverged, gradient_descent, update_parameters


def test_update_rule_fixed_example():
    # W := W - alpha dW = [1, 2] - 0.1 [10, -10] = [0, 3]
    params = {"W1": np.array([[1.0, 2.0]]), "b1": np.array([[0.5]])}
    grads = {"dW1": np.array([[10.0, -10.0]]), "db1": np.array([[5.0]])}
    new = update_parameters(params, grads, 0.1)
    np.testing.assert_allclose(new["W1"], [[0.0, 3.0]])
    np.testing.assert_allclose(new["b1"], [[0.0]])
    np.testing.assert_allclose(params["W1"], [[1.0, 2.0]])  # the input is untouched


def test_update_errors_name_the_key_and_shapes():
    params = {"W1": np.ones((2, 2))}
    with pytest.raises(KeyError, match="grads has no 'dW1'"):
        update_parameters(params, {"dW2": np.ones((2, 2))}, 0.1)
    with pytest.raises(ValueError, match=r"dW1 should have shape \(2, 2\), but has shape \(2,\)"):
        update_parameters(params, {"dW1": np.ones(2)}, 0.1)


def quadratic(p):
    # J(w) = (w - 3)^2, dJ/dw = 2 (w - 3)
    return float((p["w"] - 3.0) ** 2), {"dw": 2 * (p["w"] - 3.0)}


def test_converges_on_a_quadratic_and_reports_progress():
    seen = []
    params, costs = gradient_descent({"w": 0.0}, quadratic, 0.1, 100,
                                     callback=lambda i, c, p: seen.append(i), callback_every=25)
    assert params["w"] == pytest.approx(3.0, abs=1e-6)
    assert len(costs) == 100 and costs[0] == 9.0 and costs[-1] < 1e-9
    assert seen == [25, 50, 75, 100]


def test_divergence_raises_a_clear_message():
    def exploding(p):
        return float(np.exp(p["w"])), {"dw": -1e300}
    with pytest.raises(TrainingDiverged, match="became inf at iteration 1.*smaller learning rate"):
        with np.errstate(over="ignore"):
            gradient_descent({"w": 0.0}, exploding, 10.0, 5)


def test_divergence_can_stop_instead():
    def nan_after_two(p):
        return (np.nan if p["n"] >= 2 else 1.0), {"dn": -1.0}
    params, costs = gradient_descent({"n": 0.0}, nan_after_two, 1.0, 10, on_divergence="stop")
    assert costs == [1.0, 1.0] and params["n"] == 2.0


def test_callback_can_stop_training():
    def stop_at_3(i, cost, p):
        if i == 3:
            raise StopTraining
    _, costs = gradient_descent({"w": 0.0}, quadratic, 0.1, 100, callback=stop_at_3, callback_every=1)
    assert len(costs) == 3


def test_bad_arguments():
    with pytest.raises(ValueError, match="num_iterations"):
        gradient_descent({"w": 0.0}, quadratic, 0.1, 2.5)
    with pytest.raises(ValueError, match="on_divergence"):
        gradient_descent({"w": 0.0}, quadratic, 0.1, 2, on_divergence="ignore")
