"""`autograder/checks.py`: the comparison and the feedback a student reads."""

import numpy as np
import pytest

from autograder import checks


def test_compare_accepts_any_numerically_equal_answer():
    assert checks.compare(3, 3.0) == []
    assert checks.compare(np.array([[2.0]]), 2.0) == []
    assert checks.compare([1, 2], [1.0, 2.0 + 1e-9]) == []
    assert checks.compare({"a": np.zeros((2, 1)), "extra": 1}, {"a": np.zeros((2, 1))}) == []


def test_compare_names_shapes_keys_and_the_largest_difference():
    [message] = checks.compare(np.ones(3), np.ones((3, 1)), "db")
    assert "db has shape (3,), but should have shape (3, 1)" in message and "keepdims=True" in message
    [message] = checks.compare(np.ones((2, 3)), np.ones((3, 2)), "W")
    assert "transposed" in message
    assert checks.compare({"W1": 0}, {"W1": 0, "b1": 0}, "parameters") == ["parameters has no key 'b1'"]
    [message] = checks.compare(np.array([1.0, 2.5]), np.array([1.0, 2.0]), "A")
    assert "largest absolute difference is 0.5 at index [1] (yours 2.5, expected 2)" in message


def test_scale_hints_recognise_m_a_double_division_and_the_sign():
    expected = np.array([[0.5, -1.0]])
    assert "exactly 4 times too large: divide by m = 4" in checks.scale_hints("dW", 4 * expected, expected)[0]
    assert "exactly 4 times too small" in checks.scale_hints("dW", expected / 4, expected)[0]
    assert checks.scale_hints("dW", -expected, expected) == ["dW has the wrong sign"]
    assert checks.scale_hints("dW", expected + 1, expected) == []


@pytest.mark.parametrize("code, hint", [
    ("np.ones((3, 2)) + np.ones(3)", "keepdims=True"),
    ("np.ones((3, 2)) @ np.ones((3, 2))", "order of the factors"),
    ("undefined_name + 1", "check its spelling"),
])
def test_errors_raised_inside_a_function_get_a_hint(code, hint):
    with pytest.raises(Exception) as raised:
        eval(code, {"np": np})
    ename = type(raised.value).__name__
    message = checks.describe_error("f", ename, raised.value)
    assert message.startswith(f"`f` raised {ename}") and hint in message


def test_other_errors_are_reported_as_they_are():
    assert checks.describe_error("f", "ZeroDivisionError", "division by zero") == "`f` raised ZeroDivisionError: division by zero"
