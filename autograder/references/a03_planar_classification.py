"""Reference for assignment 3, planar data classification with one hidden layer.

The maths comes from `helpers` (`linear_activation_forward`, `linear_backward`,
`compute_cost`, `update_parameters`, `ShallowNetwork`); this module arranges it
the way the assignment's functions return it: `forward_propagation` returns the
lectures' cache dictionary, `backward_propagation` the four gradients, and
`predict` takes ``(parameters, X)``.

The initialization is specified exactly in the notebook, so that every later
result can be checked number by number: ``rng = np.random.default_rng(2)``, then
``W1 = rng.standard_normal((n_h, n_x)) * 0.01``, then W2 the same way, b zeros.
That is `helpers.initialize_parameters(n_x, n_h, n_y, seed=2)`.
"""

ASSIGNMENT = "03-planar-classification"

import numpy as np

from helpers.activations import tanh_backward as _tanh_backward
from helpers.cost import compute_cost as _compute_cost
from helpers.datasets import load_planar_dataset as _load_planar_dataset
from helpers.gradient_check import numerical_gradient as _numerical_gradient
from helpers.initialization import initialize_parameters as _initialize_parameters
from helpers.models import ShallowNetwork as _ShallowNetwork
from helpers.models import predict as _predict
from helpers.optimization import update_parameters as _update_parameters
from helpers.propagation import linear_activation_forward as _linear_activation_forward
from helpers.propagation import linear_backward as _linear_backward

from ..judge import compare, say, scale_hints, weight_draw_hints

N_H = 4
SEED = 2
SCALE = 0.01
PARAMETER_NAMES = ("W1", "b1", "W2", "b2")


def layer_sizes(X, Y):
    """(n_x, n_h, n_y): the input size, 4 hidden units, the output size."""
    return X.shape[0], N_H, Y.shape[0]


def initialize_parameters(n_x, n_h, n_y):
    """W1 (n_h, n_x), b1 (n_h, 1), W2 (n_y, n_h), b2 (n_y, 1): N(0, 1) * 0.01 from seed 2, zeros."""
    return _initialize_parameters(n_x, n_h, n_y, method="random", scale=SCALE, seed=SEED)


def forward_propagation(X, parameters):
    """A2 = sigmoid(W2 tanh(W1 X + b1) + b2) and the cache {"Z1", "A1", "Z2", "A2"}."""
    A1, (_, Z1) = _linear_activation_forward(X, parameters["W1"], parameters["b1"], "tanh")
    A2, (_, Z2) = _linear_activation_forward(A1, parameters["W2"], parameters["b2"], "sigmoid")
    return A2, {"Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}


def compute_cost(A2, Y):
    """The mean cross-entropy, a float."""
    return _compute_cost(A2, Y)


def backward_propagation(parameters, cache, X, Y):
    """dW1, db1, dW2, db2 of the mean cross-entropy (dZ2 = A2 - Y, tanh hidden layer)."""
    A1, A2 = cache["A1"], cache["A2"]
    dA1, dW2, db2 = _linear_backward(A2 - Y, (A1, parameters["W2"], parameters["b2"]))
    dZ1 = _tanh_backward(dA1, cache["Z1"])  # dA1 * (1 - A1**2)
    _, dW1, db1 = _linear_backward(dZ1, (X, parameters["W1"], parameters["b1"]))
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}


def update_parameters(parameters, grads, learning_rate=1.2):
    """theta - learning_rate * dtheta for W1, b1, W2, b2."""
    return _update_parameters(parameters, grads, learning_rate)


def nn_model(X, Y, n_h, num_iterations=10000, print_cost=False):
    """The trained parameters after `num_iterations` steps of gradient descent (learning rate 1.2)."""
    net = _ShallowNetwork(n_h=n_h, hidden_activation="tanh", learning_rate=1.2,
                          num_iterations=num_iterations, init="random", scale=SCALE, seed=SEED)
    return net.train(X, Y).parameters


def predict(parameters, X):
    """Labels 1.0 where A2 > 0.5, else 0.0, of shape (1, m)."""
    return _predict(X, parameters, hidden_activation="tanh")


def _cost_of(parameters, X, Y):
    return _compute_cost(forward_propagation(X, parameters)[0], Y)


def numeric_backward_propagation(parameters, cache, X, Y, epsilon=1e-6):
    """dW1, db1, dW2, db2 by central differences of the cost (the cache is not used)."""
    parameters = {k: np.array(parameters[k], dtype=float) for k in PARAMETER_NAMES}
    return {"d" + k: _numerical_gradient(lambda: _cost_of(parameters, X, Y), parameters[k], epsilon)
            for k in PARAMETER_NAMES}


NUMERIC = {"backward_propagation": numeric_backward_propagation}


def _compare_initialize_parameters(actual, expected):
    problems = compare(actual, expected, say("output_of", name="initialize_parameters"))
    if not problems:
        return problems
    return problems + weight_draw_hints(actual, expected, say("recipe_seed_then_W1_W2", seed=SEED))


def _compare_backward_propagation(actual, expected):
    problems = compare(actual, expected, say("output_of", name="backward_propagation"))
    if not problems or not isinstance(actual, dict):
        return problems
    for key in expected:
        if key in actual:
            problems += scale_hints(f"grads[{key!r}]", actual[key], expected[key])
    if "dW2" in actual and "dW1" in actual and not compare(actual["dW2"], expected["dW2"]) \
            and compare(actual["dW1"], expected["dW1"]):
        problems.append(say("hint_dW1_tanh"))
    return problems


def _compare_predict(actual, expected):
    problems = compare(actual, expected, say("output_of", name="predict"))
    try:
        values = np.asarray(actual, dtype=float)
    except (TypeError, ValueError):
        return problems
    if problems and not np.isin(values, (0.0, 1.0)).all():
        problems.append(say("hint_labels_not_probabilities", A="A2"))
    return problems


def _compare_compute_cost(actual, expected):
    problems = compare(actual, expected, say("output_of", name="compute_cost"))
    if problems:
        problems += scale_hints(say("the_cost"), actual, expected)
    return problems


def _compare_nn_model(actual, expected):
    problems = compare(actual, expected, say("output_of", name="nn_model"))
    W1 = actual.get("W1") if isinstance(actual, dict) else None
    n_h = expected["W1"].shape[0]
    if problems and isinstance(W1, np.ndarray) and W1.ndim == 2 and W1.shape[0] != n_h:
        problems.append(say("hint_n_h_argument", n_h=n_h))
    return problems


COMPARATORS = {
    "initialize_parameters": _compare_initialize_parameters,
    "nn_model": _compare_nn_model,
    "backward_propagation": _compare_backward_propagation,
    "compute_cost": _compare_compute_cost,
    "predict": _compare_predict,
}

_FORWARD = ["L_model_forward", "linear_activation_forward", "linear_forward", "predict_proba"]
_BACKWARD = ["L_model_backward", "linear_activation_backward", "linear_backward",
             "tanh_backward", "tanh_derivative"]
_MODELS = ["ShallowNetwork", "DeepNetwork", "LogisticRegression"]

FORBIDDEN_HELPERS = {
    "initialize_parameters": ["initialize_parameters", "initialize_parameters_deep"],
    "forward_propagation": _FORWARD,
    "compute_cost": ["compute_cost", "cross_entropy_loss"],
    "backward_propagation": _BACKWARD,
    "update_parameters": ["update_parameters", "gradient_descent"],
    "nn_model": ["gradient_descent", "update_parameters", "compute_cost", "initialize_parameters",
                 "initialize_parameters_deep", *_FORWARD, *_BACKWARD, *_MODELS],
    "predict": ["predict", *_FORWARD, *_MODELS],
}


def _parameters(r, n_x, n_h, n_y, scale=1.0):
    return {"W1": r.standard_normal((n_h, n_x)) * scale, "b1": r.standard_normal((n_h, 1)) * scale,
            "W2": r.standard_normal((n_y, n_h)) * scale, "b2": r.standard_normal((n_y, 1)) * scale}


def case_forward_propagation(seed, n_x=2, n_h=4, m=5):
    """X (n_x, m) and parameters with values of order 1 (so that tanh is not linear)."""
    r = np.random.default_rng(seed)
    return r.standard_normal((n_x, m)), _parameters(r, n_x, n_h, 1, scale=0.8)


def case_compute_cost(seed, m=5):
    """A2 (1, m) strictly inside (0, 1) and labels Y (1, m)."""
    r = np.random.default_rng(seed)
    return r.uniform(0.05, 0.95, (1, m)), r.integers(0, 2, (1, m)).astype(float)


def case_backward_propagation(seed, n_x=2, n_h=4, m=5):
    """parameters, the cache of `forward_propagation`, X (n_x, m) and labels Y (1, m)."""
    r = np.random.default_rng(seed)
    X = r.standard_normal((n_x, m))
    parameters = _parameters(r, n_x, n_h, 1, scale=0.8)
    Y = r.integers(0, 2, (1, m)).astype(float)
    return parameters, forward_propagation(X, parameters)[1], X, Y


def case_update_parameters(seed, n_x=2, n_h=4):
    """parameters and grads of the same shapes."""
    r = np.random.default_rng(seed)
    parameters = _parameters(r, n_x, n_h, 1)
    grads = {"d" + k: v for k, v in _parameters(r, n_x, n_h, 1, scale=0.1).items()}
    return parameters, grads


def case_nn_model(seed, m=40):
    """A small flower data set: X (2, m), Y (1, m)."""
    return _load_planar_dataset(m=m, seed=seed)


def case_predict(seed, n_x=2, n_h=4, m=8):
    """parameters and X (n_x, m)."""
    X, parameters = case_forward_propagation(seed, n_x, n_h, m)
    return parameters, X

# the tests' names on a Chinese feedback page (in English a test is named by its cell's docstring)
TEST_NAMES = {"zh": {
    "layer_sizes_small": "layer_sizes 从形状中读出 n_x 和 n_y",
    "layer_sizes_hidden": "layer_sizes 在其他形状下也正确（隐藏测试）",
    "initialize_parameters_small": "initialize_parameters 按规定的做法初始化 n_x=2, n_h=4, n_y=1 的参数",
    "initialize_parameters_hidden": "initialize_parameters 在其他大小下也正确（隐藏测试）",
    "forward_propagation_small": "forward_propagation 在 5 个样本上给出正确的 A2 和缓存",
    "forward_propagation_hidden": "forward_propagation 在其他大小和输入下也正确（隐藏测试）",
    "compute_cost_small": "compute_cost 在三个样本上的结果正确",
    "compute_cost_hidden": "compute_cost 在其他输入上的结果正确（隐藏测试）",
    "backward_propagation_small": "backward_propagation 在 5 个样本上给出正确的四个梯度",
    "backward_propagation_hidden": "backward_propagation 与代价的双边差分一致（隐藏测试）",
    "update_parameters_small": "update_parameters 用默认学习率更新一步",
    "update_parameters_hidden": "update_parameters 在另一个学习率和其他大小下也正确（隐藏测试）",
    "nn_model_small": "nn_model 用 4 个隐藏单元在 40 个点上训练 20 次迭代",
    "nn_model_hidden": "nn_model 在其他隐藏层大小和数据下也正确（隐藏测试）",
    "predict_small": "predict 为 8 个样本给出正确的标签",
    "predict_hidden": "predict 在其他大小下也正确（隐藏测试）",
}}
