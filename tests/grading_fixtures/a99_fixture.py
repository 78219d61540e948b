"""Reference of the fixture assignment "99-fixture" (tests only): three small functions."""

ASSIGNMENT = "99-fixture"

import numpy as np

from autograder.checks import compare


def double(x):
    return 2 * np.asarray(x, dtype=float)


def column_stats(X):
    return {"mean": X.mean(axis=1, keepdims=True), "std": X.std(axis=1, keepdims=True)}


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def case_column_stats(seed, n=3, m=5):
    """A random X of shape (n, m)."""
    return (np.random.default_rng(seed).standard_normal((n, m)),)


def _compare_column_stats(actual, expected):
    problems = compare(actual, expected, "the output of column_stats")
    if problems and isinstance(actual, dict) and np.ndim(actual.get("mean")) == 1:
        problems.append("did you forget `keepdims=True`?")
    return problems


COMPARATORS = {"column_stats": _compare_column_stats}
FORBIDDEN_HELPERS = {"sigmoid": ["sigmoid", "sigmoid_backward"]}
