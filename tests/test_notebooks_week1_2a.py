"""Lecture notebooks 1.2-1.4 and 2.1-2.4: their worked numbers, and their sliders."""

import math

import numpy as np
import pytest

from nbtools import run_notebook

NB_1_2 = "week1/01-02-what-is-a-neural-network.ipynb"
NB_1_3 = "week1/01-03-supervised-learning.ipynb"
NB_1_4 = "week1/01-04-why-deep-learning-is-taking-off.ipynb"
NB_2_1 = "week2/02-01-binary-classification.ipynb"
NB_2_2 = "week2/02-02-logistic-regression.ipynb"
NB_2_3 = "week2/02-03-logistic-regression-cost.ipynb"
NB_2_4 = "week2/02-04-gradient-descent.ipynb"


def slider_code(moves, artist_data):
    """Code run after a notebook: move each slider in `moves` and record what changed.

    `artist_data` is an expression giving the drawn data as an array, evaluated
    before and after each move.  Each move stores ``calls_<k>``, ``changed_<k>``
    and ``status_<k>`` for the tests.
    """
    lines = ["import numpy as _np", f"def _drawn(): return _np.array({artist_data}, dtype=float).ravel()"]
    for k, (name, value) in enumerate(moves):
        lines += [
            "_calls, _before = live.calls, _drawn()",
            f"live.controls[{name!r}].value = {value!r}",
            "live.wait()",
            "_after = _drawn()",
            f"calls_{k} = live.calls - _calls",
            f"changed_{k} = bool(_before.shape != _after.shape or not _np.allclose(_before, _after, equal_nan=True))",
            f"status_{k} = live.last_status",
            f"value_{k} = float(live.controls[{name!r}].value)",
        ]
    return "\n".join(lines)


def assert_sliders_retrain(nb, moves):
    for k, (name, value) in enumerate(moves):
        assert nb[f"calls_{k}"] == 1, f"moving {name!r} should rerun update once, ran {nb[f'calls_{k}']} times"
        assert nb[f"changed_{k}"], f"moving {name!r} to {value} did not change the figure"
        assert nb[f"value_{k}"] == pytest.approx(value, rel=0.05)
        assert nb[f"status_{k}"], f"moving {name!r} left no status line"


# 1.2 What is a neural network

def test_1_2_relu_neuron_recovers_the_housing_line():
    nb = run_notebook(NB_1_2)
    # the data were made with price = ReLU(1.2 (size - 0.6)) + noise
    assert nb["w_neuron"] == pytest.approx(1.2, abs=0.1)
    assert nb["kink_size"] == pytest.approx(0.6, abs=0.1)
    assert nb["kink_size"] == pytest.approx(-nb["b_neuron"] / nb["w_neuron"])
    # a 2000 sq ft house is on the straight part: w * 2 + b; a 300 sq ft shed is on the flat part
    assert nb["price_2000_sqft"] == pytest.approx(nb["w_neuron"] * 2.0 + nb["b_neuron"])
    assert nb["price_tiny_house"] == 0.0


def test_1_2_stacked_network_counts_and_fit():
    nb = run_notebook(NB_1_2)
    assert nb["layer_dims"] == [4, 3, 1]
    # 4*3 weights + 3 biases + 3*1 weights + 1 bias
    assert nb["n_params_dense"] == 19
    # 5 hand-drawn wires + 3 biases + 3 output weights + 1 bias
    assert nb["n_params_hand"] == 12
    # four inputs and a hidden layer beat one neuron on size, which beats predicting the mean
    assert nb["final_cost_network"] < nb["final_cost_size_only"] < nb["cost_of_predicting_mean"]
    # the noise has sd 0.1, so the best possible squared-error cost is near 0.1**2 / 2 = 0.005
    assert nb["final_cost_network"] < 0.02


def test_1_2_sliders_retrain_the_network():
    moves = [("learning_rate", 0.003), ("scale", 0.5)]
    nb = run_notebook(NB_1_2, after=slider_code(moves, "cost_line.get_ydata()"))
    assert_sliders_retrain(nb, moves)


# 1.3 Supervised learning

def test_1_3_applications_table():
    nb = run_notebook(NB_1_3)
    assert nb["n_applications"] == 6
    assert nb["application_names"] == nb.localized(["real estate", "online advertising", "photo tagging",
                                                    "speech recognition", "machine translation",
                                                    "autonomous driving"])
    assert nb["network_kinds"] == nb.localized(["convolutional NN", "custom / hybrid", "recurrent NN",
                                                "standard NN"])
    # header, separator and one line per application
    assert len(nb["table_markdown"].splitlines()) == 2 + 6


def test_1_3_structured_and_unstructured():
    nb = run_notebook(NB_1_3)
    assert nb["n_structured_features"] == 2
    assert nb["image_shape"] == [28, 28]
    assert nb["n_pixels"] == 28 * 28 == 784
    patch = nb.array("patch")
    assert patch.shape == (6, 6)
    assert patch.min() >= 0 and patch.max() <= 255


# 1.4 Why is deep learning taking off

def test_1_4_parameter_counts():
    nb = run_notebook(NB_1_4)
    # 14 x 14 = 196 inputs; large: 196*16 + 16 + 16*8 + 8 + 8*1 + 1
    assert nb["n_x_small"] == 196
    assert nb["n_parameters"] == nb.localized({"logistic regression": 197, "small network": 397,
                                               "medium network": 1585, "large network": 3297})


def test_1_4_learning_curve_favours_the_large_network_at_large_m():
    nb = run_notebook(NB_1_4)
    acc = nb["test_accuracy"]
    assert nb["train_sizes"] == [100, 300, 1000, 2000]
    assert all(len(v) == 4 and all(0 <= a <= 1 for a in v) for v in acc.values())
    large, lr = nb.localized("large network"), nb.localized("logistic regression")
    assert nb["best_at_largest_m"] == large
    assert acc[large][-1] > acc[lr][-1]
    # logistic regression levels off; the large network keeps gaining from more data
    gain_lr = acc[lr][-1] - acc[lr][0]
    gain_large = acc[large][-1] - acc[large][0]
    assert gain_large > gain_lr + 0.02
    # with little data the largest network is not the winner (as measured)
    assert nb["best_at_smallest_m"] != large


def test_1_4_sigmoid_and_relu_gradients():
    nb = run_notebook(NB_1_4)
    # sigma'(0) = 0.5 * (1 - 0.5) = 0.25, the maximum
    assert nb["max_sigmoid_derivative"] == 0.25
    assert nb["z_at_max"] == 0.0
    assert nb["sigmoid_derivative_at_10"] == pytest.approx(math.exp(-10) / (1 + math.exp(-10)) ** 2)
    assert nb["sigmoid_derivative_at_10"] < 1e-4
    assert nb["relu_derivative_for_positive_z"] == [1.0]
    assert nb["best_case_10_layers"] == pytest.approx(0.25 ** 10)
    # sigma'(z) = 0.01 where sigma(z) (1 - sigma(z)) = 0.01, i.e. |z| = ln((1 + sqrt(0.96)) / (1 - sqrt(0.96)))
    z_cut = math.log((1 + math.sqrt(0.96)) / (1 - math.sqrt(0.96)))
    assert nb["z_vanishing"] == pytest.approx(z_cut, abs=0.02)
    # ReLU hidden units train faster than sigmoid ones from the same start
    assert nb["final_cost_relu"] < nb["final_cost_sigmoid"]


def test_1_4_sigmoid_gap_is_the_quarter_ceiling_not_saturation():
    nb = run_notebook(NB_1_4)
    # the text: no sigmoid unit is saturated (slope < 0.01), the mean sigmoid slope is about 0.2,
    # the mean ReLU slope (share of active units) about 0.5
    assert nb["sigmoid_saturated_fraction"] == 0.0
    assert nb["mean_sigmoid_slope"] == pytest.approx(0.2, abs=0.03)
    assert nb["mean_sigmoid_slope"] <= 0.25
    assert nb["mean_relu_slope"] == pytest.approx(0.5, abs=0.1)
    assert nb["mean_relu_slope"] > 2 * nb["mean_sigmoid_slope"]


def test_1_4_experiment_fits_its_time_budget():
    import os

    if os.getloadavg()[0] > (os.cpu_count() or 1):
        pytest.skip(f"the machine is loaded (load average {os.getloadavg()[0]:.1f}): wall-clock budgets mean nothing now")
    nb = run_notebook(NB_1_4)
    # the budget is 3 s for the whole notebook on an idle machine; the sixteen trainings are the bulk of it
    assert nb["experiment_seconds"] < 2.0


def test_1_4_sliders_retrain_both_networks():
    moves = [("learning_rate", 0.02), ("scale", 0.01)]
    nb = run_notebook(NB_1_4, after=slider_code(
        moves, "[cost_lines['relu'].get_ydata(), cost_lines['sigmoid'].get_ydata()]"))
    assert_sliders_retrain(nb, moves)


# 2.1 Binary classification

def test_2_1_feature_counts():
    nb = run_notebook(NB_2_1)
    assert nb["n_x_colour"] == 64 * 64 * 3 == 12288
    assert nb["n_x_counted"] == nb["n_x"] == 28 * 28 * 1 == 784


def test_2_1_shapes_of_X_and_Y():
    nb = run_notebook(NB_2_1)
    assert nb["X_shape"] == [784, 2000]
    assert nb["Y_shape"] == [1, 2000]
    assert nb["m_train"] == 2000
    assert nb["m_test"] == 500
    assert nb["first_column_matches"] is True


def test_2_1_unrolls_red_then_green_then_blue():
    nb = run_notebook(NB_2_1)
    # tiny[i, j, c] = 20 * (6 i + 3 j + c): red 0, 60, 120, 180, then green, then blue
    assert nb["x_tiny_list"] == [0, 60, 120, 180, 20, 80, 140, 200, 40, 100, 160, 220]


# 2.2 Logistic regression

def test_2_2_sigmoid_values():
    nb = run_notebook(NB_2_2)
    assert nb["sigmoid_at_0"] == 0.5
    assert math.isfinite(nb["sigmoid_at_1000"]) and math.isfinite(nb["sigmoid_at_minus_1000"])
    assert nb["sigmoid_at_1000"] == 1.0
    assert nb["sigmoid_at_minus_1000"] == 0.0
    assert nb["sigmoid_all_finite"] is True
    assert nb["sigmoid_symmetry_error"] < 1e-12
    values = nb.array("sigmoid_values")
    assert values[2] == pytest.approx(1 / (1 + math.e))  # z = -1
    assert np.all(np.diff(values) > 0)  # increasing in z


def test_2_2_linear_output_leaves_unit_interval():
    nb = run_notebook(NB_2_2)
    assert nb["linear_min"] < 0
    assert nb["linear_max"] > 1
    assert nb["linear_outside"] > 0


def test_2_2_untrained_model_says_one_half():
    nb = run_notebook(NB_2_2)
    assert nb["w_shape"] == [784, 1]
    assert nb["untrained_unique"] == [0.5]


def test_2_2_sliders_redraw_the_sigmoid():
    moves = [("w", -2.0), ("b", 4.0)]
    nb = run_notebook(NB_2_2, after=slider_code(moves, "sigmoid_line.get_ydata()"))
    assert_sliders_retrain(nb, moves)


# 2.3 Logistic regression cost function

def test_2_3_loss_and_cost():
    nb = run_notebook(NB_2_3)
    assert nb["loss_y1_at_09"] == pytest.approx(-math.log(0.9))
    assert nb["loss_y0_at_02"] == pytest.approx(-math.log(0.8))
    # mean of -log 0.9, -log 0.8, -log 0.4, -log 0.01
    expected = -(math.log(0.9) + math.log(0.8) + math.log(0.4) + math.log(0.01)) / 4
    assert nb["cost"] == pytest.approx(expected)
    assert nb["cost_is_mean"] is True


def test_2_3_squared_error_is_not_convex_cross_entropy_is():
    nb = run_notebook(NB_2_3)
    assert nb["min_second_diff_squared"] < -0.01
    assert nb["min_second_diff_cross"] >= -1e-6
    assert nb["squared_is_convex_on_line"] is False
    assert nb["cross_is_convex_on_line"] is True
    J_cross, J_squared = nb.array("J_cross"), nb.array("J_squared")
    assert J_cross.shape == J_squared.shape == (61, 61)
    # the squared error of a probability is at most 1/2; cross-entropy is positive
    assert J_squared.max() <= 0.5 and J_cross.min() > 0


# 2.4 Gradient descent

def test_2_4_three_learning_rate_regimes():
    nb = run_notebook(NB_2_4)
    assert nb["rates"] == {"small": 0.03, "good": 1.0, "large": 30.0}
    assert nb["final_cost_good"] < nb["final_cost_small"]
    assert nb["increases_good"] == 0
    # the large rate overshoots: the cost goes up on some steps and ends above the good run's
    assert nb["increases_large"] > 0
    assert nb["final_cost_large"] > nb["final_cost_good"]
    costs_large = nb["costs_large"]
    assert len(costs_large) == nb["num_iterations"]
    assert any(b > a for a, b in zip(costs_large, costs_large[1:]))


def test_2_4_descent_reaches_the_bottom_of_the_bowl():
    nb = run_notebook(NB_2_4)
    J_grid = nb.array("J_grid")
    # 30 steps with alpha = 1 get within 0.001 of the lowest cost on the grid (or below it)
    assert nb["costs_2d"][-1] < J_grid.min() + 1e-3
    assert all(b <= a + 1e-12 for a, b in zip(nb["costs_2d"], nb["costs_2d"][1:]))
    # the 1-D walk goes downhill every step
    J_path = nb.array("J_on_path_1d")
    assert np.all(np.diff(J_path) <= 1e-12)


def test_2_4_sliders_rerun_gradient_descent():
    moves = [("learning_rate", 30.0), ("start_w", 5.0)]
    nb = run_notebook(NB_2_4, after=slider_code(moves, "path_line.get_xydata()"))
    assert_sliders_retrain(nb, moves)
    assert "went up on 0 " not in nb["status_0"]  # alpha = 30 overshoots
