"""Costs: the mean of a per-example loss over the m examples."""

import numpy as np

from ._checks import check_shape

EPSILON = 1e-15


def cross_entropy_loss(A, Y, eps=EPSILON):
    """Per-example loss L(a, y) = -(y log a + (1 - y) log(1 - a)).

    `A` is clipped to [eps, 1 - eps] first, so the loss never takes log(0):
    a prediction of exactly 0 or 1 that is wrong costs about 34.5, not infinity.

    Parameters
    ----------
    A : ndarray of shape (1, m), predicted probabilities
    Y : ndarray of shape (1, m), labels 0 or 1

    Returns
    -------
    ndarray of shape (1, m)
    """
    A = np.asarray(A, dtype=float)
    check_shape("Y", Y, A.shape)
    A = np.clip(A, eps, 1.0 - eps)
    return -(Y * np.log(A) + (1 - Y) * np.log(1 - A))


def compute_cost(AL, Y, eps=EPSILON):
    """Cross-entropy cost J = (1/m) sum of the per-example losses: a mean, not a sum.

    `AL` is clipped to [eps, 1 - eps] first (see `cross_entropy_loss`).

    Parameters
    ----------
    AL : ndarray of shape (1, m)
    Y : ndarray of shape (1, m)

    Returns
    -------
    float
        NaN if `AL` holds NaN (a diverged forward pass), so that the training
        loop can stop and say so.
    """
    AL = np.asarray(AL, dtype=float)
    if AL.ndim != 2:
        raise ValueError(f"AL should have shape (1, m), but has shape {AL.shape}")
    check_shape("Y", Y, AL.shape)
    Y = np.asarray(Y, dtype=float)
    A = AL.clip(eps, 1.0 - eps)
    # log1p(-A) is log(1 - A) without the rounding of 1 - A
    if A.shape[0] == 1:
        # (1, m) @ (m, 1): the product and the sum over the examples in one call
        total = (np.log(A) @ Y.T + np.log1p(-A) @ (1.0 - Y).T)[0, 0]
    else:
        total = np.sum(np.log(A) * Y + np.log1p(-A) * (1.0 - Y))
    return -float(total) / A.size


def compute_cost_from_logits(ZL, Y):
    """The same cross-entropy cost, from the output layer's z instead of a = sigmoid(z).

    With a = sigma(z): -log a = log(1 + e^(-z)) and -log(1 - a) = log(1 + e^z), so
    the loss is log(1 + e^z) - y z.  `np.logaddexp(0, z)` computes log(1 + e^z)
    without overflow, so no clipping is needed and a confident wrong prediction
    costs what it really costs (z = -1000 with y = 1 costs 1000, not 34.5).

    Parameters
    ----------
    ZL : ndarray of shape (1, m), the output layer's pre-activation
    Y : ndarray of shape (1, m)

    Returns
    -------
    float, the mean over the m examples
    """
    ZL = np.asarray(ZL, dtype=float)
    if ZL.ndim != 2:
        raise ValueError(f"ZL should have shape (1, m), but has shape {ZL.shape}")
    check_shape("Y", Y, ZL.shape)
    Y = np.asarray(Y, dtype=float)
    return (float(np.logaddexp(0.0, ZL).sum()) - float(np.vdot(Y, ZL))) / ZL.size


def squared_error_cost(AL, Y):
    """J = (1/m) sum of (1/2)(a - y)^2: the cost logistic regression does not use (it is not convex in w)."""
    AL = np.asarray(AL, dtype=float)
    check_shape("Y", Y, AL.shape)
    return float(np.mean(0.5 * (AL - Y) ** 2))
