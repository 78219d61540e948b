"""Deliberately slow, explicit for-loop versions: teaching baselines, not the core.

The lectures first write logistic regression's gradient with a loop over the m
examples and another over the n_x features, then show that numpy does the same
work many times faster.  These functions are those loops, written plainly so a
notebook can time them against the vectorized `helpers.propagate` and `np.dot`.
Never use them for training.
"""

import math

import numpy as np

from ._checks import check_2d, check_shape
from .activations import sigmoid
from .cost import EPSILON


def dot_loop(a, b):
    """The dot product sum_i a_i b_i, one Python multiplication and addition at a time.

    Parameters
    ----------
    a : array_like of shape (n,)
    b : array_like of shape (n,)

    Returns
    -------
    float
        The same number as ``np.dot(a, b)``, up to rounding.
    """
    if len(a) != len(b):
        raise ValueError(f"a and b should have the same length, but have {len(a)} and {len(b)}")
    total = 0.0
    for i in range(len(a)):
        total += a[i] * b[i]
    return float(total)


def logistic_gradients_loop(w, b, X, Y):
    """Logistic regression's cost and gradients with explicit loops (the lecture's algorithm).

    J = 0, dw = 0, db = 0; then for each example i:
    z = sum_j w_j x_j + b, a = sigmoid(z), J += L(a, y), dz = a - y,
    dw_j += x_j dz for each feature j, db += dz; finally divide J, dw and db by m.

    Parameters
    ----------
    w : ndarray of shape (n_x, 1)
    b : float
    X : ndarray of shape (n_x, m), one example per column
    Y : ndarray of shape (1, m), labels 0 or 1

    Returns
    -------
    grads : dict with ``dw`` (ndarray of shape (n_x, 1)) and ``db`` (float)
    cost : float, the mean cross-entropy, as `helpers.propagate` returns
    """
    check_2d("X", X)
    n_x, m = X.shape
    check_shape("w", w, (n_x, 1))
    check_shape("Y", Y, (1, m))
    J = 0.0
    dw = [0.0] * n_x  # dw1, dw2, ..., one accumulator per feature
    db = 0.0
    for i in range(m):
        z = float(b)
        for j in range(n_x):
            z += w[j, 0] * X[j, i]
        a = float(sigmoid(z))
        y = Y[0, i]
        # clip as `helpers.cost.cross_entropy_loss` does, so log(0) never happens
        a_clipped = min(max(a, EPSILON), 1.0 - EPSILON)
        J += -(y * math.log(a_clipped) + (1 - y) * math.log(1 - a_clipped))
        dz = a - y
        for j in range(n_x):
            dw[j] += X[j, i] * dz
        db += dz
    J /= m
    dw = np.array(dw, dtype=float).reshape(n_x, 1) / m
    db /= m
    return {"dw": dw, "db": float(db)}, float(J)
