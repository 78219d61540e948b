"""`autograder/judge.py` and `autograder/checks.py`: the comparison, the hints, and the student's check."""

import math

import numpy as np
import pytest

from autograder import checks, judge, messages
from autograder.judge import context


def test_compare_accepts_any_numerically_equal_answer():
    assert judge.compare(3, 3.0) == []
    assert judge.compare(np.array([[2.0]]), 2.0) == []
    assert judge.compare([1, 2], [1.0, 2.0 + 1e-9]) == []
    assert judge.compare({"a": np.zeros((2, 1)), "extra": 1}, {"a": np.zeros((2, 1))}) == []


def test_compare_names_shapes_keys_and_the_largest_difference():
    [message] = judge.compare(np.ones(3), np.ones((3, 1)), "db")
    assert "db has shape (3,), but should have shape (3, 1)" in message and "keepdims=True" in message
    [message] = judge.compare(np.ones((2, 3)), np.ones((3, 2)), "W")
    assert "transposed" in message
    assert judge.compare({"W1": 0}, {"W1": 0, "b1": 0}, "parameters") == ["parameters has no key 'b1'"]
    [message] = judge.compare(np.array([1.0, 2.5]), np.array([1.0, 2.0]), "A")
    assert "largest absolute difference is 0.5 at index [1] (yours 2.5, expected 2)" in message


def test_a_rank_1_result_where_a_row_is_expected_is_told_reshape_1_minus_1():
    [message] = judge.compare(np.ones(3), np.ones((1, 3)), "Y_prediction")
    assert "`.reshape(1, -1)`" in message and "reshape(-1, 1)" not in message


def test_scale_hints_name_m_only_when_the_factor_is_the_tests_m():
    expected = np.array([[0.5, -1.0]])
    X = np.ones((2, 3))  # m = 3 in this test
    with context((X, np.ones((1, 3)))):
        assert "4 times too large: look for a stray factor 4" in judge.scale_hints("dW", 4 * expected, expected)[0]
        [twice] = judge.scale_hints("dw", 2 * expected, expected)
        assert "divide by m" not in twice and "m = 2" not in twice
        [m] = judge.scale_hints("dW", 3 * expected, expected)
        assert "exactly 3 times too large, and 3 is the number of examples m in this test: divide by m" in m
        assert "exactly 3 times too small: divide by m only once" in judge.scale_hints("dW", expected / 3, expected)[0]
    assert judge.scale_hints("dW", -expected, expected) == ["dW has the wrong sign"]
    assert judge.scale_hints("dW", expected + 1, expected) == []


def test_an_outer_product_from_a_transposed_gradient_is_not_called_a_missing_sum():
    with context((np.ones((2, 1)), 0.0, np.ones((2, 3)), np.ones((1, 3)))):  # m = 3, n = 2
        [message] = judge.compare(np.ones((2, 2)), np.ones((2, 1)), "w")
    assert "transposed" in message and "sum over the examples" not in message
    with context((np.ones((2, 5)),)):  # an (n, m) result where (n, 1) is expected: a missing sum
        [message] = judge.compare(np.ones((2, 5)), np.ones((2, 1)), "db")
    assert "sum over the examples" in message


def test_integer_division_is_named():
    [message] = judge.compare(np.array([[1.0, 0.0]]), np.array([[0.6, 0.8]]), "x")
    assert "`//` is integer division" in message


def test_math_exp_on_an_array_is_named():
    with pytest.raises(TypeError) as raised:
        math.exp(np.ones(3))
    message = judge.describe_error("sigmoid", "TypeError", raised.value)
    assert "use `np.exp`" in message


def test_len_parameters_as_the_number_of_layers_is_explained():
    message = judge.describe_error("L_model_forward", "KeyError", KeyError("W3"))
    assert "'W3'" in message and "the number of layers L is len(parameters) // 2" in message


def test_a_wrong_sign_in_the_update_is_named():
    parameters = {"W1": np.ones((2, 2)), "b1": np.zeros((2, 1))}
    grads = {"dW1": np.full((2, 2), 0.5), "db1": np.ones((2, 1))}
    up = {k: parameters[k] + 0.1 * grads["d" + k] for k in parameters}
    down = {k: parameters[k] - 0.1 * grads["d" + k] for k in parameters}
    with context((parameters, grads, 0.1)):
        problems = judge.judge("update_parameters", up, down)
        assert any("gradient descent subtracts" in p for p in problems)
        assert not any("subtracts" in p for p in judge.judge("update_parameters", {**down, "W1": up["W1"] * 3}, down))


def test_a_list_is_not_an_array():
    [message] = judge.compare([[0.0], [0.0]], np.zeros((2, 1)), "w")
    assert "is a Python list: return a numpy array" in message


def test_long_lists_are_summarised():
    [message] = judge.compare(list(np.arange(20.0)), list(np.arange(20.0) + 1), "costs")
    assert "20 of 20 items differ" in message and message.count("should be") == judge.LIST_SHOWN
    [message] = judge.compare([1.0, 2.0, 3.0, 9.0, 9.0], [1.0, 2.0, 4.0, 5.0], "costs")
    assert "should have 4 items, but has 5" in message and "[2] 3 (expected 4)" in message


@pytest.mark.parametrize("code, hint", [
    ("np.ones((3, 2)) + np.ones(3)", "keepdims=True"),
    ("np.ones((3, 2)) @ np.ones((3, 2))", "order of the factors"),
    ("undefined_name + 1", "check its spelling"),
])
def test_errors_raised_inside_a_function_get_a_hint(code, hint):
    with pytest.raises(Exception) as raised:
        eval(code, {"np": np})
    ename = type(raised.value).__name__
    message = judge.describe_error("f", ename, raised.value)
    assert message.startswith(f"`f` raised {ename}") and hint in message


def test_other_errors_are_reported_as_they_are():
    assert judge.describe_error("f", "ZeroDivisionError", "division by zero") == "`f` raised ZeroDivisionError: division by zero"


# -- the message catalogue ------------------------------------------------------------------------

def test_every_message_has_english_and_fills_in():
    for key, entry in messages.MESSAGES.items():
        assert entry.get("en"), key
        assert set(entry) <= set(messages.LANGUAGES), key


def test_chinese_messages_and_the_fallback():
    assert messages.text("not_implemented", "zh", name="sigmoid") == "`sigmoid` 还没有实现"
    assert messages.text("not_implemented", "fr", name="f") == "`f` is not implemented yet"
    with context(language="zh"):
        [message] = judge.compare(np.ones(3), np.ones((3, 1)), "db")
    assert "db 的形状是 (3,)" in message and "keepdims=True" in message
    assert messages.notebook_language({"metadata": {"course": {"language": "zh"}}}) == "zh"
    assert messages.notebook_language({"metadata": {}}) == "en"


# -- the student's check --------------------------------------------------------------------------

def test_check_reads_the_callers_globals_and_raises_a_message_without_traceback():
    check = checks.Check("06-leaky-relu")
    namespace = {"check": check, "np": np}
    exec("def leaky_relu(Z, slope=0.01):\n    return np.maximum(0, Z)\n", namespace)
    with pytest.raises(checks.CheckFailed) as failed:
        exec('check("leaky_relu", np.array([[-2.0, 1.0]]))', namespace)
    assert "plain ReLU" in str(failed.value)
    lines = failed.value._render_traceback_()  # what Jupyter and `nbgrader validate` show: the whole message
    assert " ".join(lines) == f"CheckFailed: {failed.value}" and max(map(len, lines)) <= 90 and len(lines) > 1


def test_check_finds_the_assignment_from_the_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(checks.CheckFailed) as failed:
        checks.Check().case("leaky_relu_backward", 1)
    assert "cannot tell which assignment" in str(failed.value) and repr(tmp_path.name) in str(failed.value)
    (tmp_path / "06-leaky-relu").mkdir()
    monkeypatch.chdir(tmp_path / "06-leaky-relu")
    dA, Z = checks.Check().case("leaky_relu_backward", 1)
    assert dA.shape == Z.shape == (3, 4)


def test_a_bare_docstring_cell_echoes_nothing():
    import ast

    tree = checks._DropDocstring().visit(ast.parse('"""only hidden tests"""\n'))
    assert isinstance(tree.body[0], ast.Pass)
    tree = checks._DropDocstring().visit(ast.parse('x = 1\n"""kept"""\n'))
    assert isinstance(tree.body[1], ast.Expr)
