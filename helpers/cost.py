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
    return float(np.mean(cross_entropy_loss(AL, Y, eps)))


def squared_error_cost(AL, Y):
    """J = (1/m) sum of (1/2)(a - y)^2: the cost logistic regression does not use (it is not convex in w)."""
    AL = np.asarray(AL, dtype=float)
    check_shape("Y", Y, AL.shape)
    return float(np.mean(0.5 * (AL - Y) ** 2))
