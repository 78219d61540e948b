"""Reference for assignment 6, the leaky ReLU, its derivative, and a gradient check.

The worked example of "Writing an assignment" (docs/writing-an-assignment.md):
three functions, a comparator that uses the test's input to name a mistake,
forbidden helpers, a case, a numeric gradient and declared mistakes.
"""

import numpy as np

from helpers.activations import leaky_relu as _leaky_relu
from helpers.activations import leaky_relu_backward as _leaky_relu_backward
from helpers.activations import leaky_relu_derivative as _leaky_relu_derivative
from helpers.gradient_check import numerical_gradient as _numerical_gradient

from ..contract import Mistake
from ..judge import compare, current_arguments, say

ASSIGNMENT = "06-leaky-relu"
SLOPE = 0.01


def leaky_relu(Z, slope=SLOPE):
    """g(z) = z for z > 0, slope * z otherwise, elementwise."""
    return _leaky_relu(np.asarray(Z, dtype=float), slope)


def leaky_relu_derivative(Z, slope=SLOPE):
    """g'(z) = 1 for z > 0, slope otherwise."""
    return _leaky_relu_derivative(np.asarray(Z, dtype=float), slope)


def leaky_relu_backward(dA, Z, slope=SLOPE):
    """dZ = dA * g'(Z) (the chain rule, elementwise)."""
    return _leaky_relu_backward(dA, np.asarray(Z, dtype=float), slope)


def numeric_leaky_relu_backward(dA, Z, slope=SLOPE, epsilon=1e-6):
    """dZ by central differences of sum(dA * g(Z)), whose gradient with respect to Z is dA * g'(Z)."""
    Z = np.array(Z, dtype=float)
    return _numerical_gradient(lambda: float(np.sum(dA * _leaky_relu(Z, slope))), Z, epsilon)


NUMERIC = {"leaky_relu_backward": numeric_leaky_relu_backward}


def _compare_leaky_relu(actual, expected):
    problems = compare(actual, expected, say("output_of", name="leaky_relu"))
    args, _ = current_arguments()
    if problems and args and np.shape(actual) == np.shape(expected):
        Z = np.asarray(args[0], dtype=float)
        if np.allclose(np.asarray(actual, dtype=float), np.maximum(Z, 0)):
            problems.append(say("hint_plain_relu"))
    return problems


def _compare_leaky_relu_backward(actual, expected):
    problems = compare(actual, expected, say("output_of", name="leaky_relu_backward"))
    args, kwargs = current_arguments()
    if problems and len(args) >= 2 and np.shape(actual) == np.shape(expected):
        slope = kwargs.get("slope", args[2] if len(args) > 2 else SLOPE)
        if np.allclose(np.asarray(actual, dtype=float), _leaky_relu_derivative(np.asarray(args[1], float), slope)):
            problems.append(say("hint_chain_rule"))
    return problems


COMPARATORS = {"leaky_relu": _compare_leaky_relu, "leaky_relu_backward": _compare_leaky_relu_backward}

FORBIDDEN_HELPERS = {
    "leaky_relu": ["leaky_relu", "relu"],
    "leaky_relu_derivative": ["leaky_relu_derivative", "relu_derivative"],
    "leaky_relu_backward": ["leaky_relu_backward", "leaky_relu_derivative", "relu_backward"],
}


def case_leaky_relu_backward(seed, n=3, m=4):
    """dA (n, m) and Z (n, m), no entry of Z closer than 0.1 to the kink at 0."""
    r = np.random.default_rng(seed)
    Z = r.standard_normal((n, m))
    Z = np.where(np.abs(Z) < 0.1, 0.5, Z)
    return r.standard_normal((n, m)), Z


MISTAKES = [  # each names the message key of the hint it must produce (`autograder.messages`)
    Mistake("leaky_relu", "def leaky_relu(Z, slope=0.01):\n    return np.maximum(0, Z)\n",
            "hint_plain_relu"),
    Mistake("leaky_relu_backward",
            "def leaky_relu_backward(dA, Z, slope=0.01):\n    return leaky_relu_derivative(Z, slope)\n",
            "hint_chain_rule"),
]

# the tests' names on a Chinese feedback page (in English a test is named by its cell's docstring)
TEST_NAMES = {"zh": {
    "leaky_relu_values": "leaky_relu 在一个小向量上的结果正确",
    "leaky_relu_hidden": "leaky_relu 在矩阵上和另一个斜率下的结果正确",
    "leaky_relu_derivative_values": "leaky_relu_derivative 在一个小向量上的结果正确",
    "leaky_relu_derivative_hidden": "leaky_relu_derivative 在矩阵上和另一个斜率下的结果正确",
    "leaky_relu_backward_values": "leaky_relu_backward 在一个小例子上的结果正确",
    "leaky_relu_backward_hidden": "leaky_relu_backward 在其他形状下与双边差分一致",
}}
