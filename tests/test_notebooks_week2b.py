"""Week 2, topics 2.9-2.18: worked numbers and sliders of the vectorization notebooks."""

import math

import numpy as np
import pytest

from nbtools import run_notebook

GRADIENTS = "week2/02-09-logistic-regression-gradient-descent.ipynb"
VECTORIZATION = "week2/02-11-vectorization.ipynb"
VECTORIZED_LR = "week2/02-13-vectorizing-logistic-regression.ipynb"
BROADCASTING = "week2/02-15-broadcasting.ipynb"
NUMPY_VECTORS = "week2/02-16-numpy-vectors.ipynb"
JUPYTER = "week2/02-17-jupyter-tour.ipynb"
COST = "week2/02-18-logistic-cost-explained.ipynb"


# 2.9-2.10 logistic regression gradient descent

def test_one_example_gradients_follow_the_formulas():
    nb = run_notebook(GRADIENTS)
    x1, x2, y, w1, w2, b = (nb[k] for k in ("x1", "x2", "y", "w1", "w2", "b"))
    # z = 0.5 * 1 + (-0.2) * 2 + 0.1 = 0.2, a = sigmoid(0.2) = 0.549834, dz = a - 1 = -0.450166
    a = 1 / (1 + math.exp(-(w1 * x1 + w2 * x2 + b)))
    assert nb["z"] == pytest.approx(0.2)
    assert nb["a"] == pytest.approx(a)
    assert nb["da"] == pytest.approx(-y / a + (1 - y) / (1 - a))
    assert nb["dz"] == pytest.approx(a - y)
    assert nb["dz_chain_rule"] == pytest.approx(nb["dz"])
    assert nb["dw1"] == pytest.approx(x1 * (a - y))
    assert nb["dw2"] == pytest.approx(x2 * (a - y))
    assert nb["db"] == pytest.approx(a - y)
    assert nb["dw1"] == pytest.approx(-0.450166, abs=1e-6)


def test_one_example_gradients_equal_numerical_slopes():
    nb = run_notebook(GRADIENTS)
    for name in ("da", "dw1", "dw2", "db"):
        assert nb["numerical"][name] == pytest.approx(nb[name], abs=1e-7), name
    assert nb["max_slope_gap"] < 1e-7


def test_loop_and_vectorized_gradients_agree_on_m_examples():
    nb = run_notebook(GRADIENTS)
    assert nb["m"] >= 2000
    assert nb["max_gradient_diff"] < 1e-10
    assert nb["cost_diff"] < 1e-10
    dw_loop = np.array(nb["grads_loop"]["dw"]["__ndarray__"])
    dw_vec = np.array(nb["grads_vec"]["dw"]["__ndarray__"])
    assert dw_loop.shape == (nb["n_x"], 1)
    np.testing.assert_allclose(dw_loop, dw_vec, atol=1e-10)
    # one gradient descent step goes downhill
    assert nb["cost_after_step"] < nb["cost_vec"]


def test_loops_are_measured_slower():
    nb = run_notebook(GRADIENTS)
    assert nb["loop_seconds"] > nb["vectorized_seconds"] > 0
    assert nb["loop_slowdown"] == pytest.approx(nb["loop_seconds"] / nb["vectorized_seconds"])
    assert nb["loop_slowdown"] > 1


# 2.11-2.12 vectorization

def test_dot_product_speedup_is_measured_and_results_agree():
    nb = run_notebook(VECTORIZATION)
    assert nb["n"] == 1_000_000
    assert nb["speedup"] > 1
    assert nb["speedup"] == pytest.approx(nb["loop_seconds"] / nb["vectorized_seconds"])
    assert nb["c_loop"] == pytest.approx(nb["c_vectorized"], rel=1e-10)
    # the mean of the product of two U(0, 1) numbers is 1/4
    assert nb["c_vectorized"] == pytest.approx(nb["n"] / 4, rel=0.01)
    assert nb["relative_difference"] < 1e-10


def test_elementwise_functions_match_loops():
    nb = run_notebook(VECTORIZATION)
    assert set(nb["elementwise_max_diff"]) == {"exp", "log", "abs", "maximum"}
    for name, gap in nb["elementwise_max_diff"].items():
        assert gap < 1e-12, name


def test_matrix_vector_product():
    nb = run_notebook(VECTORIZATION)
    # u = A v with v = (1, 2, 3): (1+4+0, 0+2-3, 3+0+3, 2+4+6)
    np.testing.assert_allclose(nb.array("u_loop"), [5.0, -1.0, 6.0, 12.0])
    np.testing.assert_allclose(nb.array("u_vectorized"), nb.array("A") @ nb.array("v3"))
    np.testing.assert_allclose(nb.array("u_loop"), nb.array("u_vectorized"))


# 2.13-2.14 vectorizing logistic regression

def test_vectorized_gradient_matches_loop_version():
    nb = run_notebook(VECTORIZED_LR)
    assert nb["n_x"] == 784
    assert nb["max_abs_diff"] < 1e-10


def test_vectorized_lr_trains_on_the_images():
    nb = run_notebook(VECTORIZED_LR)
    assert nb["first_cost"] == pytest.approx(math.log(2))  # w = 0: every y-hat is 0.5
    assert len(nb["costs"]) == nb["num_iterations"]
    assert nb["final_cost"] < 0.45
    assert all(later <= earlier + 1e-12 for earlier, later in zip(nb["costs"], nb["costs"][1:]))
    assert nb["test_accuracy"] > 0.75


def test_vectorized_lr_sliders_retrain_and_redraw():
    nb = run_notebook(VECTORIZED_LR, after="""
calls_before = live.calls
costs_before = np.asarray(live_line.get_ydata(), dtype=float).copy()
live.controls["learning_rate"].value = 1.0
live.wait()
calls_after_rate = live.calls
costs_after_rate = np.asarray(live_line.get_ydata(), dtype=float).copy()
status_after_rate = live.last_status
live.controls["init_scale"].value = 3.0
live.wait()
calls_after_scale = live.calls
costs_after_scale = np.asarray(live_line.get_ydata(), dtype=float).copy()
rate_changed = not np.array_equal(costs_before, costs_after_rate)
scale_changed = not np.array_equal(costs_after_rate, costs_after_scale)
""")
    assert nb["calls_after_rate"] == nb["calls_before"] + 1
    assert nb["calls_after_scale"] == nb["calls_before"] + 2
    assert nb["rate_changed"] and nb["scale_changed"]
    # a large starting w makes the first cost far larger than log 2
    assert nb.array("costs_after_scale")[0] > 2 * math.log(2)
    assert nb["live_results"]["first_cost"] == pytest.approx(nb.array("costs_after_scale")[0])
    assert "test accuracy" in nb["status_after_rate"]


# 2.15 broadcasting

def test_calories_column_sums_and_percentages():
    nb = run_notebook(BROADCASTING)
    A = nb.array("A")
    assert A.shape == (3, 4)
    np.testing.assert_allclose(nb.array("cal"), [59.0, 239.0, 155.4, 76.9])
    percentage = nb.array("percentage")
    np.testing.assert_allclose(percentage, 100 * A / A.sum(axis=0))
    # apples: 56 / 59 = 94.9 % carbs; beef: 135 / 239 = 56.5 % fat
    assert nb["apples_carbs_percent"] == pytest.approx(94.915, abs=1e-3)
    assert percentage[2, 1] == pytest.approx(56.485, abs=1e-3)
    np.testing.assert_allclose(nb.array("column_sums"), [100.0] * 4)


def test_broadcasting_rules_examples():
    nb = run_notebook(BROADCASTING)
    np.testing.assert_array_equal(nb.array("row_example"), [[101, 202, 303], [104, 205, 306]])
    np.testing.assert_array_equal(nb.array("column_example"), [[101, 102, 103], [204, 205, 206]])
    np.testing.assert_array_equal(nb.array("scalar_example"), [[101, 102, 103], [104, 105, 106]])
    assert nb["same_as_copies"] is True
    assert "could not be broadcast" in nb["broadcast_error"]


# 2.16 numpy vectors

def test_rank1_array_surprises():
    nb = run_notebook(NUMPY_VECTORS)
    assert nb["rank1_shape"] == [5]
    assert nb["rank1_T_shape"] == [5]
    assert nb["rank1_dot_ndim"] == 0
    assert isinstance(nb["rank1_dot"], float)
    a = nb.array("a_rank1")
    assert nb["rank1_dot"] == pytest.approx(float(np.sum(a ** 2)))
    assert nb["surprise_sum_shape"] == [5, 5]


def test_column_vectors_and_reshape():
    nb = run_notebook(NUMPY_VECTORS)
    a = nb.array("a")
    assert a.shape == (5, 1)
    assert nb["column_T_shape"] == [1, 5]
    assert nb["outer_shape"] == [5, 5] and nb["inner_shape"] == [1, 1]
    np.testing.assert_allclose(nb.array("outer"), a @ a.T)
    assert nb["reshaped_shapes"] == [[5, 1], [1, 5]]
    r = nb.array("a_rank1")
    np.testing.assert_allclose(nb.array("outer_from_rank1"), np.outer(r, r))


# 2.17 Jupyter tour

@pytest.mark.english_text
def test_kernel_state_demo():
    nb = run_notebook(JUPYTER)
    assert nb["first_message"].startswith("NameError")
    assert nb["second_message"] == "later_value is 42"
    assert nb["counter"] == 1
    assert nb["calls_after"] == nb["calls_before"] + 1
    assert nb["status_after"] == "slope at the centre: w / 4 = 0.75"


def test_sigmoid_slider_redraws():
    nb = run_notebook(JUPYTER, after="""
calls_before_move = live.calls
curve_before = np.asarray(curve.get_ydata(), dtype=float).copy()
live.controls["w"].value = 4.0
live.wait()
live.controls["b"].value = -2.0
live.wait()
calls_after_move = live.calls
curve_after = np.asarray(curve.get_ydata(), dtype=float).copy()
curve_changed = not np.array_equal(curve_before, curve_after)
continuous = [c.continuous_update for c in live.controls.values()]
""")
    assert nb["calls_after_move"] == nb["calls_before_move"] + 2
    assert nb["curve_changed"]
    z = nb.array("z")
    np.testing.assert_allclose(nb.array("curve_after"), 1 / (1 + np.exp(-(4.0 * z - 2.0))), atol=1e-12)
    assert nb["continuous"] == [False, False]


# 2.18 the logistic cost explained

def test_one_formula_gives_both_label_probabilities():
    nb = run_notebook(COST)
    assert nb["p_y1"] == pytest.approx(0.8)
    assert nb["p_y0"] == pytest.approx(0.2)


def test_log_probability_is_minus_the_loss():
    nb = run_notebook(COST)
    # y = 1: log 0.8 = -0.2231;  y = 0: log 0.2 = -1.6094
    assert nb["log_p"]["1"] == pytest.approx(math.log(0.8))
    assert nb["log_p"]["0"] == pytest.approx(math.log(0.2))
    assert nb["loss"]["1"] == pytest.approx(-math.log(0.8))
    assert nb["log_p_identity_gap"] < 1e-12


def test_cost_is_mean_negative_log_likelihood():
    nb = run_notebook(COST)
    assert nb["m"] == 50
    assert nb["mean_negative_log_likelihood"] == pytest.approx(nb["J"], rel=1e-10)
    assert math.log(nb["likelihood"]) == pytest.approx(nb["log_likelihood"], rel=1e-10)
    # the product underflows for thousands of examples; the sum of logs does not
    assert nb["product_underflows"] is True
    assert nb["likelihood_big"] == 0.0
    assert -nb["log_likelihood_big"] / nb["m_big"] == pytest.approx(nb["J_big"], rel=1e-10)
