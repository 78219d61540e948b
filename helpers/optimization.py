"""Gradient descent: the update rule and the training loop around it."""

import math

from ._checks import check_shape


class TrainingDiverged(FloatingPointError):
    """The cost became NaN or infinite during training."""


def update_parameters(parameters, grads, learning_rate):
    """One step of gradient descent, theta := theta - alpha * dtheta, for every parameter.

    Parameters
    ----------
    parameters : dict
        e.g. ``W1, b1, ..., WL, bL`` (or ``w, b``).
    grads : dict
        ``d`` + each parameter's name, of the same shape (``dW1``, ``db1``, ...).
    learning_rate : float
        alpha.

    Returns
    -------
    dict
        New parameters; the input dict is left unchanged.
    """
    updated = {}
    for name, value in parameters.items():
        try:
            grad = grads["d" + name]
        except KeyError:
            raise KeyError(f"grads has no 'd{name}' for parameter {name!r} (keys found: {sorted(grads)})") from None
        check_shape("d" + name, grad, getattr(value, "shape", ()))
        updated[name] = value - learning_rate * grad
    return updated


class StopTraining(Exception):
    """Raise from a callback to end training early (for example when a slider moves again)."""


def gradient_descent(parameters, cost_and_grads, learning_rate, num_iterations,
                     callback=None, callback_every=100, on_divergence="raise"):
    """Run `num_iterations` steps of batch gradient descent.

    Parameters
    ----------
    parameters : dict
    cost_and_grads : callable
        ``cost_and_grads(parameters) -> (cost, grads)``: one forward and one backward pass.
    learning_rate : float
    num_iterations : int
    callback : callable, optional
        ``callback(iteration, cost, parameters)``, called every `callback_every`
        iterations and after the last one: the hook for progress bars and live
        plots. It may raise `StopTraining` to end early.
    on_divergence : {"raise", "stop"}
        When the cost becomes NaN or infinite: raise `TrainingDiverged`, or stop
        and return what was reached so far (useful to *show* divergence).

    Returns
    -------
    parameters : dict
        The trained parameters.
    costs : list of float
        The cost before each update, one entry per iteration run.
    """
    if on_divergence not in ("raise", "stop"):
        raise ValueError(f"on_divergence should be 'raise' or 'stop', not {on_divergence!r}")
    if num_iterations < 0 or int(num_iterations) != num_iterations:
        raise ValueError(f"num_iterations should be a whole number >= 0, not {num_iterations!r}")
    costs = []
    for i in range(int(num_iterations)):
        cost, grads = cost_and_grads(parameters)
        if not math.isfinite(cost):
            if on_divergence == "stop":
                break
            raise TrainingDiverged(
                f"the cost became {cost} at iteration {i} with learning_rate={learning_rate}: "
                "gradient descent diverged; try a smaller learning rate"
            )
        costs.append(cost)
        parameters = update_parameters(parameters, grads, learning_rate)
        if callback is not None and ((i + 1) % callback_every == 0 or i + 1 == num_iterations):
            try:
                callback(i + 1, cost, parameters)
            except StopTraining:
                break
    return parameters, costs
