"""Gradient checking: compare backpropagation with central differences.

The central difference (J(theta + eps) - J(theta - eps)) / (2 eps) has an
error of order eps^2, against eps for the one-sided difference.
"""

import numpy as np


class GradientCheckError(AssertionError):
    """A backward pass disagrees with central differences."""


def relative_error(a, b):
    """||a - b|| / (||a|| + ||b||), 0 when both are 0."""
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    denominator = np.linalg.norm(a) + np.linalg.norm(b)
    return 0.0 if denominator == 0 else float(np.linalg.norm(a - b) / denominator)


def numerical_gradient(f, x, epsilon=1e-7):
    """Central-difference gradient of the scalar function ``f()`` with respect to array `x`.

    `x` is nudged in place, one entry at a time, and restored.

    Parameters
    ----------
    f : callable
        Takes no argument and returns a float that depends on `x`.
    x : ndarray of float, any shape
    epsilon : float

    Returns
    -------
    ndarray of the shape of `x`
    """
    grad = np.zeros_like(x, dtype=float)
    for index in np.ndindex(x.shape):
        old = x[index]
        x[index] = old + epsilon
        plus = f()
        x[index] = old - epsilon
        minus = f()
        x[index] = old
        grad[index] = (plus - minus) / (2 * epsilon)
    return grad


def gradient_check(cost_function, parameters, grads, epsilon=1e-7, tolerance=1e-6):
    """Check every ``grads["d" + name]`` against central differences of the cost.

    Parameters
    ----------
    cost_function : callable
        ``cost_function(parameters) -> float``.
    parameters : dict of ndarray
        Nudged in place during the check, and restored.
    grads : dict
        Must hold ``"d" + name`` for every parameter.
    epsilon : float
    tolerance : float
        Largest relative error accepted over all parameters together.

    Returns
    -------
    float
        The relative error over all parameters together.

    Raises
    ------
    GradientCheckError
        Naming the parameter and index where the two disagree most, with both values.
    """
    analytic, numeric, names = [], [], []
    for name, value in parameters.items():
        if "d" + name not in grads:
            raise KeyError(f"grads has no 'd{name}' (keys found: {sorted(grads)})")
        value = np.asarray(value, dtype=float)
        parameters[name] = value  # a float array to nudge, even where b was a Python float
        numeric_grad = numerical_gradient(lambda: cost_function(parameters), value, epsilon)
        analytic_grad = np.broadcast_to(np.asarray(grads["d" + name], dtype=float), value.shape)
        analytic.append(analytic_grad.ravel())
        numeric.append(numeric_grad.ravel())
        names += [(name, index) for index in np.ndindex(value.shape)]
    analytic, numeric = np.concatenate(analytic), np.concatenate(numeric)
    error = relative_error(analytic, numeric)
    if error > tolerance:
        worst = int(np.argmax(np.abs(analytic - numeric)))
        name, index = names[worst]
        raise GradientCheckError(
            f"gradient check failed (relative error {error:.3e} > {tolerance:.0e}): "
            f"d{name}{list(index)} is {analytic[worst]:.6g} by backpropagation "
            f"but {numeric[worst]:.6g} by central difference"
        )
    return error
