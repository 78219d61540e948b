"""Forward and backward propagation, one block at a time, with caches.

Layout of the lectures: ``A_prev`` is (n[l-1], m) with one example per column,
``W`` is (n[l], n[l-1]) and ``b`` is (n[l], 1).  Each forward step returns a
cache; its backward step, right below it, takes that cache back.
"""

import functools

import numpy as np

from ._checks import check_2d, check_shape
from .activations import DERIVATIVES_FROM_OUTPUT, get_activation, sigmoid
from .cost import compute_cost


def linear_forward(A_prev, W, b):
    """Z = W A_prev + b.

    Parameters
    ----------
    A_prev : ndarray of shape (n_prev, m)
    W : ndarray of shape (n, n_prev)
    b : ndarray of shape (n, 1), broadcast across the m columns

    Returns
    -------
    Z : ndarray of shape (n, m)
    cache : tuple ``(A_prev, W, b)`` for `linear_backward`
    """
    check_2d("W", W)
    check_shape("A_prev", A_prev, (W.shape[1], None))
    check_shape("b", b, (W.shape[0], 1))
    Z = W @ A_prev
    Z += b
    return Z, (A_prev, W, b)


def linear_backward(dZ, cache, need_dA_prev=True):
    """Gradients of the linear step, averaged over the m examples.

    dW = dZ A_prev^T / m,  db = sum over examples of dZ / m,  dA_prev = W^T dZ.

    Parameters
    ----------
    dZ : ndarray of shape (n, m)
    cache : tuple ``(A_prev, W, b)`` from `linear_forward`
    need_dA_prev : bool
        False skips W^T dZ (the first layer's dA_prev = dX is never used).

    Returns
    -------
    dA_prev : ndarray of shape (n_prev, m), or None
    dW : ndarray of shape (n, n_prev)
    db : ndarray of shape (n, 1)
    """
    A_prev, W, b = cache
    check_shape("dZ", dZ, (W.shape[0], A_prev.shape[1]))
    m = A_prev.shape[1]
    # divide the small results by m, not dZ (which has one column per example)
    dW = (dZ @ A_prev.T) / m
    db = dZ.sum(axis=1, keepdims=True) / m
    dA_prev = W.T @ dZ if need_dA_prev else None
    return dA_prev, dW, db


def linear_activation_forward(A_prev, W, b, activation):
    """A = g(W A_prev + b) for the activation named `activation`.

    Returns
    -------
    A : ndarray of shape (n, m)
    cache : tuple ``(linear_cache, Z)``
    """
    forward, _ = get_activation(activation)
    Z, linear_cache = linear_forward(A_prev, W, b)
    return forward(Z), (linear_cache, Z)


def linear_activation_backward(dA, cache, activation, need_dA_prev=True):
    """dZ = dA * g'(Z), then the linear step's gradients.

    Returns
    -------
    dA_prev, dW, db : as in `linear_backward`
    """
    _, backward = get_activation(activation)
    linear_cache, Z = cache
    return linear_backward(backward(dA, Z), linear_cache, need_dA_prev)


@functools.lru_cache(maxsize=None)
def _keys(L):
    """(("W1", "b1"), ..., ("WL", "bL")): built once per depth, not once per iteration."""
    return tuple((f"W{l}", f"b{l}") for l in range(1, L + 1))


@functools.lru_cache(maxsize=None)
def _grad_keys(L):
    """{l: ("dA{l}", "dW{l}", "db{l}")} for l = 1..L."""
    return {l: (f"dA{l}", f"dW{l}", f"db{l}") for l in range(1, L + 1)}


def _number_of_layers(parameters):
    L = len(parameters) // 2
    for l, (W, b) in enumerate(_keys(L), start=1):
        if W not in parameters or b not in parameters:
            raise KeyError(
                f"parameters should hold W1, b1, ..., W{L}, b{L}; "
                f"missing {W if W not in parameters else b} (keys found: {sorted(parameters)})"
            )
    return L


def L_model_forward(X, parameters, hidden_activation="relu", output_activation="sigmoid"):
    """[LINEAR -> hidden g] x (L - 1) -> LINEAR -> output g.

    Parameters
    ----------
    X : ndarray of shape (n_x, m)
    parameters : dict with ``W1, b1, ..., WL, bL``
    hidden_activation, output_activation : str
        Names from `helpers.activations.ACTIVATIONS`.

    Returns
    -------
    AL : ndarray of shape (n[L], m), the predictions y-hat
    caches : list of the L caches of `linear_activation_forward`
    """
    check_2d("X", X)
    L = _number_of_layers(parameters)
    A, caches = X, []
    for l, (W, b) in enumerate(_keys(L), start=1):
        activation = output_activation if l == L else hidden_activation
        A, cache = linear_activation_forward(A, parameters[W], parameters[b], activation)
        caches.append(cache)
    return A, caches


def L_model_backward(AL, Y, caches, hidden_activation="relu", output_activation="sigmoid"):
    """Gradients of the mean cross-entropy cost for every layer.

    With a sigmoid output the first step uses dZ[L] = AL - Y, which is what
    dA[L] = -(Y / AL - (1 - Y) / (1 - AL)) times sigma'(Z[L]) simplifies to,
    and which stays finite when AL rounds to exactly 0 or 1.

    Parameters
    ----------
    AL : ndarray of shape (1, m)
    Y : ndarray of shape (1, m)
    caches : list from `L_model_forward`

    Returns
    -------
    grads : dict
        ``dW{l}``, ``db{l}`` for l = 1..L and ``dA{l}`` for l = 1..L-1 (dA0, the
        gradient with respect to X, is not computed: nothing learns from it).
    """
    check_shape("Y", Y, np.shape(AL))
    L = len(caches)
    keys = _grad_keys(L)
    grads = {}
    if output_activation == "sigmoid":
        dA, dW, db = linear_backward(AL - Y, caches[-1][0], need_dA_prev=L > 1)
    else:
        eps = 1e-15
        A = np.clip(AL, eps, 1 - eps)
        dAL = -(Y / A - (1 - Y) / (1 - A))
        dA, dW, db = linear_activation_backward(dAL, caches[-1], output_activation, need_dA_prev=L > 1)
    grads[keys[L][1]], grads[keys[L][2]] = dW, db
    from_output = DERIVATIVES_FROM_OUTPUT.get(hidden_activation)
    for l in range(L - 1, 0, -1):
        grads[keys[l][0]] = dA
        if from_output is not None:
            # a[l] is cached as the input of layer l + 1: g'(z[l]) from it, without computing g again
            dZ = dA * from_output(caches[l][0][0])
            dA, dW, db = linear_backward(dZ, caches[l - 1][0], need_dA_prev=l > 1)
        else:
            dA, dW, db = linear_activation_backward(dA, caches[l - 1], hidden_activation, need_dA_prev=l > 1)
        grads[keys[l][1]], grads[keys[l][2]] = dW, db
    return grads


def propagate(w, b, X, Y):
    """Logistic regression's cost and gradients on m examples, vectorized.

    A = sigmoid(w^T X + b),  dZ = A - Y,  dw = X dZ^T / m,  db = sum(dZ) / m.

    Parameters
    ----------
    w : ndarray of shape (n_x, 1)
    b : float
    X : ndarray of shape (n_x, m)
    Y : ndarray of shape (1, m)

    Returns
    -------
    grads : dict with ``dw`` (n_x, 1) and ``db`` (float)
    cost : float, the mean cross-entropy
    """
    check_2d("X", X)
    check_shape("w", w, (X.shape[0], 1))
    check_shape("Y", Y, (1, X.shape[1]))
    m = X.shape[1]
    A = sigmoid(w.T @ X + b)
    dZ = A - Y
    grads = {"dw": (X @ dZ.T) / m, "db": float(dZ.sum() / m)}
    return grads, compute_cost(A, Y)
