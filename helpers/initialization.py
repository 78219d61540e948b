"""Parameter initialization: zeros, small random values, Xavier/Glorot and He.

Every random initializer takes ``seed``: an int, a numpy `Generator` or None,
so that a run can be repeated exactly.  A legacy ``np.random.RandomState(s)``
draws the original course's way, ``np.random.seed(s)`` then ``np.random.randn``
layer by layer: with method="random" (scale 0.01) it gives the original
two-layer and step-by-step weights, with method="xavier" (``randn / sqrt(n[l-1])``)
the original application's, so the original course's figures follow on its data.
"""

import numpy as np

from ._checks import as_rng, lookup


def initialize_with_zeros(dim):
    """Logistic regression's parameters: w of zeros and b = 0.

    Zeros are fine here: with a single unit there is no symmetry to break.

    Parameters
    ----------
    dim : int
        n_x, the number of input features.

    Returns
    -------
    w : ndarray of shape (dim, 1)
    b : float
    """
    if int(dim) != dim or dim < 1:
        raise ValueError(f"dim should be a positive whole number, but is {dim!r}")
    return np.zeros((int(dim), 1)), 0.0


def _zeros(n, n_prev, scale, rng):
    return np.zeros((n, n_prev))


def _normal(rng, shape):
    # a RandomState draws with its legacy randn, the stream of np.random.seed(s); np.random.randn
    if isinstance(rng, np.random.RandomState):
        return rng.randn(*shape)
    return rng.standard_normal(shape)


def _random(n, n_prev, scale, rng):
    # the lectures' np.random.randn(n, n_prev) * 0.01, with 0.01 as a parameter
    return _normal(rng, (n, n_prev)) * scale


def _xavier(n, n_prev, scale, rng):
    # Glorot: Var(W) = 1 / n_prev keeps the variance of z near that of a (tanh, sigmoid)
    if isinstance(rng, np.random.RandomState):  # the original course's exact expression
        return rng.randn(n, n_prev) / np.sqrt(n_prev)
    return rng.standard_normal((n, n_prev)) * np.sqrt(1.0 / n_prev)


def _he(n, n_prev, scale, rng):
    # He: Var(W) = 2 / n_prev, because ReLU zeroes half of its inputs
    return _normal(rng, (n, n_prev)) * np.sqrt(2.0 / n_prev)


INITIALIZERS = {"zeros": _zeros, "random": _random, "xavier": _xavier, "he": _he}


def initialize_parameters_deep(layer_dims, method="random", scale=0.01, seed=None):
    """Parameters of an L-layer network.

    Parameters
    ----------
    layer_dims : sequence of int
        ``[n_x, n[1], ..., n[L]]``.
    method : {"random", "zeros", "xavier", "he"}
        "random" draws N(0, 1) times `scale`; "xavier" and "he" ignore `scale`.
    scale : float
        Multiplier of the "random" method (the lectures use 0.01).
    seed : int, numpy.random.Generator, numpy.random.RandomState or None
        A RandomState draws the original course's legacy way (see the module docstring).

    Returns
    -------
    parameters : dict
        ``W{l}`` of shape (n[l], n[l-1]) and ``b{l}`` of shape (n[l], 1) of zeros, l = 1..L.
    """
    layer_dims = list(layer_dims)
    if len(layer_dims) < 2:
        raise ValueError(
            f"layer_dims needs the input size and at least one layer, got {layer_dims!r}"
        )
    for n in layer_dims:
        if int(n) != n or n < 1:
            raise ValueError(f"every entry of layer_dims should be a positive whole number, got {layer_dims!r}")
    init = lookup(INITIALIZERS, method, "initialization method")
    rng = seed if isinstance(seed, np.random.RandomState) else as_rng(seed)
    parameters = {}
    for l in range(1, len(layer_dims)):
        n, n_prev = int(layer_dims[l]), int(layer_dims[l - 1])
        parameters[f"W{l}"] = init(n, n_prev, scale, rng)
        parameters[f"b{l}"] = np.zeros((n, 1))
    return parameters


def initialize_parameters(n_x, n_h, n_y, method="random", scale=0.01, seed=None):
    """Parameters of a network with one hidden layer: W1 (n_h, n_x), b1 (n_h, 1), W2 (n_y, n_h), b2 (n_y, 1).

    See `initialize_parameters_deep` for `method`, `scale` and `seed`.
    """
    return initialize_parameters_deep([n_x, n_h, n_y], method=method, scale=scale, seed=seed)
