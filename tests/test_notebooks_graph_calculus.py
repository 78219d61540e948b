"""The derivatives, computation-graph and backpropagation-calculus notebooks: worked numbers."""

import pytest

from nbtools import run_notebook

DERIVATIVES = "week2/02-05-derivatives.ipynb"
GRAPH = "week2/02-07-computation-graph.ipynb"
BACKPROP = "calculus/01-backpropagation-calculus.ipynb"
TINY = "calculus/02-computation-graph-tiny-network.ipynb"


# 2.5-2.6 derivatives

def test_straight_line_has_slope_3_everywhere():
    nb = run_notebook(DERIVATIVES)
    assert nb["line_at_2"] == 6 and nb["line_nudged_at_2"] == pytest.approx(6.003)
    assert nb["line_slope_at_2"] == pytest.approx(3.0)
    assert nb["line_slope_at_5"] == pytest.approx(3.0)
    assert nb["line_nudged_at_5"] == pytest.approx(15.003)


def test_square_cube_and_log_nudges():
    nb = run_notebook(DERIVATIVES)
    # 2.001^2 = 4.004001: slope 4.001 against the true 4
    assert nb["square_nudged"] == pytest.approx(4.004001, abs=1e-12)
    assert nb["square_nudge_slope"] == pytest.approx(4.001)
    assert nb["square_slope"] == 4
    # 2.001^3 = 8.012006001: slope 12.006 against 12
    assert nb["cube_nudged"] == pytest.approx(8.012006001, abs=1e-12)
    assert nb["cube_nudge_slope"] == pytest.approx(12.006001)
    assert nb["cube_slope"] == 12
    # log(2.001) - log(2) ~ 0.0005, slope 1/2
    assert nb["log_change"] == pytest.approx(0.0005, abs=1e-6)
    assert nb["log_slope"] == 0.5
    assert nb["log_nudge_slope"] == pytest.approx(0.5, abs=1e-3)
    assert nb["exact_slopes"] == {"3a": 3.0, "a^2": 4.0, "a^3": 12.0, "log a": 0.5}


def test_sympy_derivatives_at_2():
    nb = run_notebook(DERIVATIVES)
    assert nb["sympy_at_2"] == {"w**2": 4.0, "w**3": 12.0, "w": 1.0, "1/w": -0.25}
    assert nb["derivative_formulas"] == {"w**2": "2*w", "w**3": "3*w**2", "w": "1", "1/w": "-1/w**2"}
    # the nudge is off by about epsilon, not more
    assert 0 < nb["sympy_vs_nudge_gap"] < 0.01


# 2.7-2.8 computation graph

def test_forward_pass_of_J_equals_3_a_plus_bc():
    nb = run_notebook(GRAPH)
    # u = 3 * 2 = 6, v = 5 + 6 = 11, J = 3 * 11 = 33
    assert (nb["u_value"], nb["v_value"], nb["J_value"]) == (6.0, 11.0, 33.0)


def test_backward_pass_dvar_values():
    nb = run_notebook(GRAPH)
    assert nb["dJ"] == 1.0
    grads = {name: nb[name] for name in ("dv", "da", "du", "db", "dc")}
    assert grads == {"dv": 3.0, "da": 3.0, "du": 3.0, "db": 6.0, "dc": 9.0}
    assert nb["by_hand"] == grads
    assert nb["nudge_slopes"] == pytest.approx(grads, abs=1e-9)
    assert nb["max_nudge_gap"] < 1e-9
    assert nb["J_a_nudged"] == pytest.approx(33.003)


def test_logistic_regression_on_the_graph():
    nb = run_notebook(GRAPH)
    graph, formula, propagate = nb["lr_graph"], nb["lr_formula"], nb["lr_propagate"]
    assert graph == pytest.approx(formula, abs=1e-12)
    assert {k: graph[k] for k in propagate} == pytest.approx(propagate, abs=1e-12)
    assert nb["lr_loss_graph"] == pytest.approx(nb["lr_cost_propagate"], abs=1e-12)
    # z = 0.5 * 1 - 0.3 * 2 + 0.2 = 0.1, a = sigmoid(0.1), dz = a - 1
    a = 1 / (1 + 2.718281828459045 ** -0.1)
    assert graph["dz"] == pytest.approx(a - 1)
    assert graph["dw2"] == pytest.approx(2 * (a - 1))
    assert nb["lr_max_gap_formula"] < 1e-12 and nb["lr_max_gap_propagate"] < 1e-12


# calculus: backpropagation

def test_last_layer_terms_match_nudges():
    nb = run_notebook(BACKPROP)
    analytic, numeric = nb["analytic_last"], nb["numeric_last"]
    assert set(analytic) == {"dz/dw", "dz/db", "dz/da_prev", "da/dz", "dloss/da",
                             "dloss/dw", "dloss/db", "dloss/da_prev"}
    assert analytic["dz/db"] == 1.0
    assert analytic["dz/da_prev"] == 2.0  # w(L)
    # dloss/dw = a(L-1) sigma'(z) 2(a - y), the product of the three factors
    assert analytic["dloss/dw"] == pytest.approx(
        analytic["dz/dw"] * analytic["da/dz"] * analytic["dloss/da"])
    assert analytic["dloss/da_prev"] == pytest.approx(
        analytic["dz/da_prev"] * analytic["da/dz"] * analytic["dloss/da"])
    assert numeric == pytest.approx(analytic, rel=1e-6)
    assert nb["max_rel_error_last"] < 1e-7
    assert nb["graph_last"] == pytest.approx({k: analytic[k] for k in nb["graph_last"]}, rel=1e-12)


def test_whole_chain_matches_nudges_and_graph():
    nb = run_notebook(BACKPROP)
    analytic = nb["analytic_chain"]
    assert set(analytic) == {"dw1", "dw2", "dw3", "db1", "db2", "db3", "da0", "da1", "da2", "da3"}
    assert nb["numeric_chain"] == pytest.approx(analytic, rel=1e-5)
    assert nb["graph_chain"] == pytest.approx(analytic, rel=1e-12)
    assert nb["max_rel_error_chain"] < 1e-6 and nb["max_rel_error_graph"] < 1e-12
    assert analytic["dw3"] == pytest.approx(nb["analytic_last"]["dloss/dw"])


def test_gradient_over_examples_is_the_mean():
    nb = run_notebook(BACKPROP)
    per_example = nb.array("dw_L_per_example")
    assert per_example.shape == (4,)
    assert nb["dw_L_mean"] == pytest.approx(per_example.mean())
    assert nb["dw_L_numeric_mean"] == pytest.approx(nb["dw_L_mean"], rel=1e-6)
    # the first example is the one-example chain above
    assert per_example[0] == pytest.approx(nb["analytic_last"]["dloss/dw"])


def test_several_neurons_sum_over_paths():
    nb = run_notebook(BACKPROP)
    assert nb.array("dW_analytic").shape == (2, 3)
    assert nb.array("da_prev_analytic").shape == (3, 1)
    assert nb.array("dW_numeric") == pytest.approx(nb.array("dW_analytic"), rel=1e-6)
    assert nb.array("db_numeric") == pytest.approx(nb.array("db_analytic"), rel=1e-6)
    assert nb.array("da_prev_numeric") == pytest.approx(nb.array("da_prev_analytic"), rel=1e-5)
    assert nb.array("da_prev_loop") == pytest.approx(nb.array("da_prev_analytic"), rel=1e-12)
    assert max(nb["errors_many"].values()) < 1e-7
    assert nb["max_rel_error_many"] < 1e-6
    # a single path (j = 0 only) is clearly wrong: the paths must be summed
    assert nb["one_path_error"] > 0.05


# calculus: the tiny network

def test_nudging_w_squared():
    nb = run_notebook(TINY)
    assert nb["J_at_3"] == 9
    assert nb["J_nudged"] == pytest.approx(9.006001, abs=1e-12)
    assert nb["ratio"] == pytest.approx(6.001)
    assert nb["J_nudged_2eps"] == pytest.approx(9.012004, abs=1e-12)
    assert nb["ratio_2eps"] == pytest.approx(6.002)
    assert nb["dJ_dw_at_3"] == 6
    assert nb["sympy_at_3"] == pytest.approx({"w**3": 27.0, "1/w": -1 / 9, "1/w**2": -2 / 27})
    assert nb["nudge_at_3"] == pytest.approx(nb["sympy_at_3"], rel=1e-3)


def test_linear_unit_graph():
    nb = run_notebook(TINY)
    # c = 2 * -2 = -4, a = -4 + 8 = 4, d = 4 - 2 = 2, J = 2^2 / 2 = 2
    assert (nb["c_value"], nb["a_value"], nb["d_value"], nb["J_value"]) == (-4.0, 4.0, 2.0, 2.0)
    assert (nb["dd"], nb["da"], nb["db"], nb["dc"], nb["dw"]) == (2.0, 2.0, 2.0, 2.0, -4.0)
    assert nb["linear_nudges"] == pytest.approx({"dw": -4.0, "db": 2.0}, abs=3e-3)


def test_two_layer_relu_network():
    nb = run_notebook(TINY)
    assert (nb["a1_value"], nb["a2_value"], nb["J_relu_value"]) == (2.0, 7.0, 2.0)
    assert (nb["dJ_da2"], nb["dJ_da1"], nb["dJ_dw1"]) == (2.0, 6.0, 6.0)
    # dJ/dw2 = dJ/da2 * a1 = 4, dJ/db2 = 2, dJ/db1 = dJ/da1 = 6
    assert (nb["dJ_dw2"], nb["dJ_db2"], nb["dJ_db1"]) == (4.0, 2.0, 6.0)
    assert nb["relu_nudges"] == pytest.approx(nb["relu_backprop"], abs=5e-3)


def test_backpropagation_counts():
    nb = run_notebook(TINY)
    assert nb["backprop_steps"] == 110_000
    assert nb["nudging_steps"] == 1_000_000_000
    P = nb["P_small"]
    assert P == 4 * 6 + 6 + 6 + 1
    assert nb["forward_passes_nudging"] == P + 1
    assert nb["forward_passes_backprop"] == 1
    assert nb["N_small"] > P
    assert nb["max_grad_gap"] < 1e-4


# calculus: C.1 in pictures and in one notation

def test_c1_notation_table_and_code_in_the_course_notation():
    nb = run_notebook(BACKPROP)
    table = nb.cell_source("c1-notation")
    for video, course in (("$a^{(L)}$", "$a^{[l]}$"), ("$C_0", "\\mathcal{L}"), ("$n$", "$m$"), ("$C_k$", "$x^{(i)}$")):
        assert video in table and course in table
    code = "\n".join(c.source for c in nb.nb.cells if c.cell_type == "code")
    assert "dC0" not in code and "def cost(" not in code and "C0 =" not in code
    assert '"a[L-1]"' in code and "loss_of(" in code


NUDGE_SLIDER = """
ratios_0 = dict(nudge_ratios)
dots_0 = [d.get_xdata()[0] for d in after_dots]
live_nudge.controls["dw"].value = 0.8
live_nudge.wait()
ratios_1 = dict(nudge_ratios)
dots_1 = [d.get_xdata()[0] for d in after_dots]
"""


def test_c1_nudge_picture_ratios_approach_the_chain_rule_factors():
    nb = run_notebook(BACKPROP, after=NUDGE_SLIDER)
    factors = nb["factors"]
    small, large = nb["ratios_0"], nb["ratios_1"]
    # dz/dw = a[L-1] exactly; the other two ratios are close for the small default nudge (0.1) ...
    assert small["dz/dw"] == pytest.approx(factors[0], rel=1e-9)
    assert small["da/dz"] == pytest.approx(factors[1], rel=0.02)
    assert small["dloss/da"] == pytest.approx(factors[2], rel=0.02)
    # ... and drift away for a large one, which the slider shows by moving the red dots
    assert abs(large["da/dz"] - factors[1]) > abs(small["da/dz"] - factors[1])
    assert all(a != b for a, b in zip(nb["dots_0"], nb["dots_1"]))


def test_c1_paths_into_one_activation_add_up_to_the_nudge():
    nb = run_notebook(BACKPROP)
    terms = nb["path_terms"]
    assert len(terms) == 2
    assert nb["paths_sum"] == pytest.approx(sum(terms))
    assert nb["paths_sum"] == pytest.approx(nb.array("da_prev_numeric")[0, 0], rel=1e-6)
    assert all(abs(t - nb["paths_sum"]) > 0.05 for t in terms)   # no single path is enough
