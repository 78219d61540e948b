"""Three models with one interface: `train`, `predict`, `accuracy`.

- `LogisticRegression`: y-hat = sigmoid(w^T x + b) (week 2).
- `ShallowNetwork`: one hidden layer, tanh by default (week 3).
- `DeepNetwork`: L layers, ReLU hidden layers by default (week 4).

All take ``X`` of shape (n_x, m) and ``Y`` of shape (1, m) with labels 0 or 1.
"""

import numpy as np

from ._checks import check_2d, check_finite, check_labels, check_shape
from .activations import sigmoid
from .cost import compute_cost, compute_cost_from_logits
from .initialization import initialize_parameters_deep, initialize_with_zeros
from .optimization import gradient_descent
from .propagation import L_model_backward, L_model_forward, propagate


def _check_data(X, Y=None):
    check_2d("X", X)
    check_finite("X", X)
    if Y is not None:
        check_shape("Y", Y, (1, X.shape[1]))
        check_labels("Y", Y)


def predict(X, parameters, hidden_activation="relu", threshold=0.5):
    """Predicted labels, 1 where y-hat > `threshold`, else 0.

    Parameters
    ----------
    X : ndarray of shape (n_x, m)
    parameters : dict
        Either logistic regression's ``w`` (n_x, 1) and ``b``, or an L-layer
        network's ``W1, b1, ..., WL, bL`` (sigmoid output).
    hidden_activation : str
        The hidden layers' activation (L-layer networks only).

    Returns
    -------
    ndarray of shape (1, m) of 0.0 and 1.0
    """
    return (predict_proba(X, parameters, hidden_activation) > threshold).astype(float)


def predict_proba(X, parameters, hidden_activation="relu"):
    """y-hat, the predicted probability that y = 1, of shape (1, m)."""
    check_2d("X", X)
    if "w" in parameters:
        check_shape("w", parameters["w"], (X.shape[0], 1))
        return sigmoid(parameters["w"].T @ X + parameters["b"])
    return L_model_forward(X, parameters, hidden_activation)[0]


def accuracy(Y_pred, Y):
    """Fraction of examples whose predicted label equals the true label, in [0, 1]."""
    check_shape("Y_pred", Y_pred, np.shape(Y))
    return float(np.mean(Y_pred == Y))


class _Model:
    """Shared `predict` and `accuracy`; subclasses set ``parameters`` in `train`."""

    hidden_activation = "relu"

    def __init__(self):
        self.parameters = None
        self.costs = []

    def _trained_parameters(self):
        if self.parameters is None:
            raise RuntimeError(f"{type(self).__name__} has not been trained yet: call train(X, Y) first")
        return self.parameters

    def predict_proba(self, X):
        """y-hat of shape (1, m)."""
        return predict_proba(X, self._trained_parameters(), self.hidden_activation)

    def predict(self, X, threshold=0.5):
        """Labels 0.0 / 1.0 of shape (1, m)."""
        return predict(X, self._trained_parameters(), self.hidden_activation, threshold)

    def accuracy(self, X, Y):
        """Fraction of the m examples predicted right."""
        _check_data(X, Y)
        return accuracy(self.predict(X), Y)

    def cost(self, X, Y):
        """Mean cross-entropy on (X, Y)."""
        return compute_cost(self.predict_proba(X), Y)


class LogisticRegression(_Model):
    """Logistic regression trained by batch gradient descent from w = 0, b = 0.

    Parameters
    ----------
    learning_rate : float
    num_iterations : int
    """

    def __init__(self, learning_rate=0.005, num_iterations=2000):
        super().__init__()
        self.learning_rate = learning_rate
        self.num_iterations = num_iterations

    def train(self, X, Y, callback=None, callback_every=100, on_divergence="raise"):
        """Fit w (n_x, 1) and b; returns self. See `gradient_descent` for `callback`."""
        _check_data(X, Y)
        w, b = initialize_with_zeros(X.shape[0])

        def cost_and_grads(p):
            grads, cost = propagate(p["w"], p["b"], X, Y)
            return cost, grads

        self.parameters, self.costs = gradient_descent(
            {"w": w, "b": b}, cost_and_grads, self.learning_rate, self.num_iterations,
            callback, callback_every, on_divergence)
        return self


class DeepNetwork(_Model):
    """An L-layer network: (L - 1) hidden layers and one sigmoid output unit.

    Parameters
    ----------
    layer_dims : sequence of int
        ``[n_x, n[1], ..., n[L-1], 1]``; ``n_x`` may be None, then it is taken from X.
    hidden_activation : str
    learning_rate : float
    num_iterations : int
    init : str
        Initialization method (see `initialize_parameters_deep`); "he" suits ReLU.
    scale : float
        Multiplier for init="random".
    seed : int, Generator or None
    """

    def __init__(self, layer_dims, hidden_activation="relu", learning_rate=0.0075,
                 num_iterations=2500, init="he", scale=0.01, seed=1):
        super().__init__()
        self.layer_dims = list(layer_dims)
        self.hidden_activation = hidden_activation
        self.learning_rate = learning_rate
        self.num_iterations = num_iterations
        self.init = init
        self.scale = scale
        self.seed = seed

    def train(self, X, Y, callback=None, callback_every=100, on_divergence="raise", parameters=None):
        """Fit the weights from a fresh initialization (or from `parameters`); returns self."""
        _check_data(X, Y)
        dims = [X.shape[0] if self.layer_dims[0] is None else self.layer_dims[0]] + self.layer_dims[1:]
        if dims[0] != X.shape[0]:
            raise ValueError(f"layer_dims[0] is {dims[0]} but X has {X.shape[0]} features (rows)")
        if parameters is None:
            parameters = initialize_parameters_deep(dims, self.init, self.scale, self.seed)
        activation = self.hidden_activation

        def cost_and_grads(p):
            AL, caches = L_model_forward(X, p, activation)
            # the cost from the output layer's z: the same value, cheaper and never clipped
            ZL = caches[-1][1]
            return compute_cost_from_logits(ZL, Y), L_model_backward(AL, Y, caches, activation)

        self.parameters, self.costs = gradient_descent(
            parameters, cost_and_grads, self.learning_rate, self.num_iterations,
            callback, callback_every, on_divergence)
        return self


class ShallowNetwork(DeepNetwork):
    """One hidden layer of `n_h` units and a sigmoid output (week 3's planar classifier).

    Defaults follow the lectures: tanh hidden units, weights N(0, 1) * 0.01.
    """

    def __init__(self, n_h=4, hidden_activation="tanh", learning_rate=1.2,
                 num_iterations=10000, init="random", scale=0.01, seed=2):
        super().__init__([None, n_h, 1], hidden_activation, learning_rate,
                         num_iterations, init, scale, seed)
        self.n_h = n_h
