"""Reference for assignment 4, building a deep neural network step by step.

The maths comes from `helpers` (`initialize_parameters(_deep)`, `linear_forward`,
`linear_activation_forward`, `L_model_forward`, `compute_cost`, `linear_backward`,
`linear_activation_backward`, `update_parameters`); this module returns what the
lectures' versions return.  The one difference is `L_model_backward`: the
lectures start from dAL = -(Y / AL - (1 - Y) / (1 - AL)) and keep every
``dA{l-1}`` including ``dA0``, while `helpers.L_model_backward` uses dZL = AL - Y
and skips dA0, so the reference composes it from `linear_activation_backward`.

Initializations are specified exactly in the notebook (so that results can be
checked number by number): one generator ``np.random.default_rng(seed)`` per
call, the weights drawn in layer order as ``standard_normal((n[l], n[l-1])) * 0.01``,
biases zero; seed 1 for `initialize_parameters`, 3 for `initialize_parameters_deep`.

Backward functions are also checked against central differences (`NUMERIC`) of a
cost whose derivative with respect to the output is the given ``dZ`` or ``dA``
divided by m: the lectures' dZ and dA are m times the derivative of the mean cost.
"""

ASSIGNMENT = "04-deep-network-step-by-step"

import numpy as np

from helpers.cost import compute_cost as _compute_cost
from helpers.gradient_check import numerical_gradient as _numerical_gradient
from helpers.initialization import initialize_parameters as _initialize_parameters
from helpers.initialization import initialize_parameters_deep as _initialize_parameters_deep
from helpers.optimization import update_parameters as _update_parameters
from helpers.propagation import L_model_forward as _L_model_forward
from helpers.propagation import linear_activation_backward as _linear_activation_backward
from helpers.propagation import linear_activation_forward as _linear_activation_forward
from helpers.propagation import linear_backward as _linear_backward
from helpers.propagation import linear_forward as _linear_forward

from ..contract import Mistake
from ..judge import compare, say, scale_hints, weight_draw_hints

SCALE = 0.01
SEED_SHALLOW = 1
SEED_DEEP = 3
EPSILON = 1e-6


def initialize_parameters(n_x, n_h, n_y):
    """W1 (n_h, n_x), b1 (n_h, 1), W2 (n_y, n_h), b2 (n_y, 1): N(0, 1) * 0.01 from seed 1, zeros."""
    return _initialize_parameters(n_x, n_h, n_y, method="random", scale=SCALE, seed=SEED_SHALLOW)


def initialize_parameters_deep(layer_dims):
    """W{l} (n[l], n[l-1]) N(0, 1) * 0.01 from seed 3 in layer order, b{l} (n[l], 1) zeros."""
    return _initialize_parameters_deep(layer_dims, method="random", scale=SCALE, seed=SEED_DEEP)


def linear_forward(A, W, b):
    """Z = W A + b and the cache (A, W, b)."""
    return _linear_forward(A, W, b)


def linear_activation_forward(A_prev, W, b, activation):
    """A = g(W A_prev + b) and the cache ((A_prev, W, b), Z), g "sigmoid" or "relu"."""
    return _linear_activation_forward(A_prev, W, b, activation)


def L_model_forward(X, parameters):
    """AL after (L - 1) LINEAR -> RELU layers and LINEAR -> SIGMOID, and the L caches."""
    return _L_model_forward(X, parameters, hidden_activation="relu", output_activation="sigmoid")


def compute_cost(AL, Y):
    """The mean cross-entropy, a float."""
    return _compute_cost(AL, Y)


def linear_backward(dZ, cache):
    """(dA_prev, dW, db) = (W^T dZ, dZ A_prev^T / m, sum of dZ over the examples / m)."""
    return _linear_backward(dZ, cache)


def linear_activation_backward(dA, cache, activation):
    """dZ = dA * g'(Z), then `linear_backward`: (dA_prev, dW, db)."""
    return _linear_activation_backward(dA, cache, activation)


def L_model_backward(AL, Y, caches):
    """The lectures' grads: dA{l-1}, dW{l}, db{l} for l = 1..L (dA0 included)."""
    L = len(caches)
    grads = {}
    dA = -(np.divide(Y, AL) - np.divide(1 - Y, 1 - AL))
    for l in range(L, 0, -1):
        activation = "sigmoid" if l == L else "relu"
        dA, grads[f"dW{l}"], grads[f"db{l}"] = _linear_activation_backward(dA, caches[l - 1], activation)
        grads[f"dA{l - 1}"] = dA
    return grads


def update_parameters(parameters, grads, learning_rate):
    """W{l} - learning_rate * dW{l} and b{l} - learning_rate * db{l} for every layer."""
    return _update_parameters(parameters, grads, learning_rate)


# Central differences, for `check.gradients`

def _numeric_linear_backward(dZ, cache, epsilon=EPSILON):
    """(dA_prev, dW, db) by central differences of J = sum(dZ * (W A_prev + b)) / m."""
    A_prev, W, b = (np.array(x, dtype=float) for x in cache)
    m = A_prev.shape[1]

    def cost():
        return float(np.sum(dZ * (W @ A_prev + b)) / m)

    return (m * _numerical_gradient(cost, A_prev, epsilon), _numerical_gradient(cost, W, epsilon),
            _numerical_gradient(cost, b, epsilon))


def _numeric_linear_activation_backward(dA, cache, activation, epsilon=EPSILON):
    """(dA_prev, dW, db) by central differences of J = sum(dA * g(W A_prev + b)) / m."""
    (A_prev, W, b), _ = cache
    A_prev, W, b = (np.array(x, dtype=float) for x in (A_prev, W, b))
    m = A_prev.shape[1]

    def cost():
        return float(np.sum(dA * _linear_activation_forward(A_prev, W, b, activation)[0]) / m)

    return (m * _numerical_gradient(cost, A_prev, epsilon), _numerical_gradient(cost, W, epsilon),
            _numerical_gradient(cost, b, epsilon))


def _numeric_L_model_backward(AL, Y, caches, epsilon=EPSILON):
    """dA{l-1}, dW{l}, db{l} by central differences of the cost of the forward pass in `caches`.

    dA{l} is m times the derivative of the mean cost with respect to A{l}, as in the lectures.
    """
    L = len(caches)
    m = Y.shape[1]
    W = {l: np.array(caches[l - 1][0][1], dtype=float) for l in range(1, L + 1)}
    b = {l: np.array(caches[l - 1][0][2], dtype=float) for l in range(1, L + 1)}
    A = {l - 1: np.array(caches[l - 1][0][0], dtype=float) for l in range(1, L + 1)}

    def cost_from(l_start):
        def cost():
            out = A[l_start]
            for l in range(l_start + 1, L + 1):
                out = _linear_activation_forward(out, W[l], b[l], "sigmoid" if l == L else "relu")[0]
            return _compute_cost(out, Y)
        return cost

    grads = {}
    for l in range(1, L + 1):
        grads[f"dW{l}"] = _numerical_gradient(cost_from(0), W[l], epsilon)
        grads[f"db{l}"] = _numerical_gradient(cost_from(0), b[l], epsilon)
        grads[f"dA{l - 1}"] = m * _numerical_gradient(cost_from(l - 1), A[l - 1], epsilon)
    return grads


NUMERIC = {
    "linear_backward": _numeric_linear_backward,
    "linear_activation_backward": _numeric_linear_activation_backward,
    "L_model_backward": _numeric_L_model_backward,
}


# Comparisons with named parts and hints

def _parts(function, names, output):
    """The output's items by name, e.g. {"Z": ..., "cache": ...}; a clear error if the form is wrong."""
    if not isinstance(output, (tuple, list)) or len(output) != len(names):
        raise ValueError(say("wrong_parts", function=function, count=len(names), names=", ".join(names),
                             what=_describe(output)))
    return dict(zip(names, output))


def _describe(value):
    if isinstance(value, (tuple, list)):
        return say("describe_sequence", type=type(value).__name__, count=len(value))
    shape = getattr(value, "shape", None)
    if shape is not None:
        return say("describe_array", type=type(value).__name__, shape=tuple(shape))
    return say("describe_value", type=type(value).__name__)


def _compare_parts(function, names, actual, expected, hints=None):
    try:
        actual_parts = _parts(function, names, actual)
    except ValueError as error:
        return [str(error)]
    expected_parts = _parts(function, names, expected)
    problems = []
    for name in names:
        problems += compare(actual_parts[name], expected_parts[name], name)
    if problems and hints is not None:
        problems += hints(actual_parts, expected_parts)
    return problems


def _initialization_hints(actual, expected, seed):
    return weight_draw_hints(actual, expected, say("recipe_seed_then_layers", seed=seed))


def _compare_initialize_parameters(actual, expected):
    problems = compare(actual, expected, "parameters")
    return problems + _initialization_hints(actual, expected, SEED_SHALLOW) if problems else []


def _compare_initialize_parameters_deep(actual, expected):
    problems = compare(actual, expected, "parameters")
    if problems and isinstance(actual, dict) and len(actual) < len(expected):
        problems.append(say("hint_parameters_per_layer", actual=len(actual), expected=len(expected)))
    return problems + _initialization_hints(actual, expected, SEED_DEEP) if problems else []


def _linear_forward_hints(actual, expected):
    A, W, b = expected["cache"]
    Z = np.asarray(actual["Z"], dtype=float) if isinstance(actual["Z"], np.ndarray) else None
    if Z is not None and Z.shape == expected["Z"].shape and W.shape[0] == W.shape[1] \
            and np.allclose(Z, W.T @ A + b):
        return [say("hint_W_transposed")]
    return []


def _compare_linear_forward(actual, expected):
    return _compare_parts("linear_forward", ("Z", "cache"), actual, expected, _linear_forward_hints)


def _compare_linear_activation_forward(actual, expected):
    problems = _compare_parts("linear_activation_forward", ("A", "cache"), actual, expected)
    if problems and isinstance(actual, (tuple, list)) and len(actual) == 2:
        cache = actual[1]
        if not (isinstance(cache, (tuple, list)) and len(cache) == 2):
            problems.append(say("hint_cache_pair"))
    return problems


def _compare_L_model_forward(actual, expected):
    problems = _compare_parts("L_model_forward", ("AL", "caches"), actual, expected)
    if problems and isinstance(actual, (tuple, list)) and len(actual) == 2 \
            and isinstance(actual[1], (tuple, list)) and len(actual[1]) != len(expected[1]):
        problems.append(say("hint_one_cache_per_layer", L=len(expected[1])))
    return problems


def _compare_compute_cost(actual, expected):
    problems = compare(actual, expected, say("the_cost"))
    return problems + scale_hints(say("the_cost"), actual, expected) if problems else []


def _backward_hints(actual, expected):
    problems = []
    for name in ("dW", "db"):
        problems += scale_hints(name, actual[name], expected[name])
    return problems


def _compare_linear_backward(actual, expected):
    return _compare_parts("linear_backward", ("dA_prev", "dW", "db"), actual, expected,
                          _backward_hints)


def _compare_linear_activation_backward(actual, expected):
    return _compare_parts("linear_activation_backward", ("dA_prev", "dW", "db"), actual, expected,
                          _backward_hints)


def _compare_L_model_backward(actual, expected):
    problems = compare(actual, expected, "grads")
    if not problems or not isinstance(actual, dict):
        return problems
    L = sum(key.startswith("dW") for key in expected)
    if "dA0" not in actual:
        problems.append(say("hint_dA0_missing"))
    if f"dA{L}" in actual:
        problems.append(say("hint_dAL_extra", L=L, previous="{l-1}"))
    for key in expected:
        if key in actual and key[:2] in ("dW", "db"):
            problems += scale_hints(f"grads[{key!r}]", actual[key], expected[key])
    return problems


def _compare_update_parameters(actual, expected):
    problems = compare(actual, expected, "parameters")
    if problems and isinstance(actual, dict) and len(actual) == len(expected):
        unchanged = [k for k in expected if k in actual and not compare(actual[k], expected[k])]
        if unchanged and len(unchanged) < len(expected):
            problems.append(say("hint_update_every_layer", names=", ".join(unchanged)))
    return problems


COMPARATORS = {
    "initialize_parameters": _compare_initialize_parameters,
    "initialize_parameters_deep": _compare_initialize_parameters_deep,
    "linear_forward": _compare_linear_forward,
    "linear_activation_forward": _compare_linear_activation_forward,
    "L_model_forward": _compare_L_model_forward,
    "compute_cost": _compare_compute_cost,
    "linear_backward": _compare_linear_backward,
    "linear_activation_backward": _compare_linear_activation_backward,
    "L_model_backward": _compare_L_model_backward,
    "update_parameters": _compare_update_parameters,
}

_INIT = ["initialize_parameters", "initialize_parameters_deep"]
_FORWARD = ["linear_forward", "linear_activation_forward", "L_model_forward", "predict_proba"]
_BACKWARD = ["linear_backward", "linear_activation_backward", "L_model_backward"]
_MODELS = ["DeepNetwork", "ShallowNetwork"]

FORBIDDEN_HELPERS = {
    "initialize_parameters": _INIT,
    "initialize_parameters_deep": _INIT,
    "linear_forward": ["linear_forward", "linear_activation_forward", "L_model_forward"],
    "linear_activation_forward": ["linear_forward", "linear_activation_forward", "L_model_forward"],
    "L_model_forward": _FORWARD + _MODELS,
    "compute_cost": ["compute_cost", "cross_entropy_loss"],
    "linear_backward": _BACKWARD,
    "linear_activation_backward": _BACKWARD,
    "L_model_backward": _BACKWARD + _MODELS,
    "update_parameters": ["update_parameters", "gradient_descent"],
}


# Inputs for the test cells: `case(name, seed, ...)`

def case_linear_forward(seed, n=3, n_prev=4, m=5):
    """A (n_prev, m), W (n, n_prev), b (n, 1)."""
    r = np.random.default_rng(seed)
    return r.standard_normal((n_prev, m)), r.standard_normal((n, n_prev)), r.standard_normal((n, 1))


def case_linear_activation_forward(seed, n=3, n_prev=4, m=5):
    """A_prev (n_prev, m), W (n, n_prev), b (n, 1)."""
    return case_linear_forward(seed, n, n_prev, m)


def _random_parameters(r, layer_dims):
    parameters = {}
    for l in range(1, len(layer_dims)):
        parameters[f"W{l}"] = r.standard_normal((layer_dims[l], layer_dims[l - 1])) / np.sqrt(layer_dims[l - 1])
        parameters[f"b{l}"] = r.standard_normal((layer_dims[l], 1)) * 0.3
    return parameters


def case_L_model_forward(seed, layer_dims=(5, 4, 3, 1), m=4):
    """X (n_x, m) and parameters W1, b1, ..., WL, bL of order-1 values."""
    r = np.random.default_rng(seed)
    return r.standard_normal((layer_dims[0], m)), _random_parameters(r, list(layer_dims))


def case_compute_cost(seed, m=6):
    """AL (1, m) strictly inside (0, 1) and labels Y (1, m)."""
    r = np.random.default_rng(seed)
    return r.uniform(0.05, 0.95, (1, m)), r.integers(0, 2, (1, m)).astype(float)


def case_linear_backward(seed, n=3, n_prev=4, m=5):
    """dZ (n, m) and the cache (A_prev, W, b) of `linear_forward`."""
    r = np.random.default_rng(seed)
    A_prev, W, b = case_linear_forward(seed + 1000, n, n_prev, m)
    return r.standard_normal((n, m)), (A_prev, W, b)


def case_linear_activation_backward(seed, n=3, n_prev=4, m=5):
    """dA (n, m) and the cache ((A_prev, W, b), Z) of `linear_activation_forward`."""
    dZ, (A_prev, W, b) = case_linear_backward(seed, n, n_prev, m)
    Z, linear_cache = _linear_forward(A_prev, W, b)
    return dZ, (linear_cache, Z)


def case_L_model_backward(seed, layer_dims=(5, 4, 3, 1), m=4):
    """AL (1, m), labels Y (1, m) and the caches of `L_model_forward`."""
    X, parameters = case_L_model_forward(seed, layer_dims, m)
    AL, caches = L_model_forward(X, parameters)
    Y = np.random.default_rng(seed + 1000).integers(0, 2, (1, m)).astype(float)
    return AL, Y, caches


def case_update_parameters(seed, layer_dims=(4, 3, 1)):
    """parameters and grads (dW{l}, db{l}) of the same shapes."""
    r = np.random.default_rng(seed)
    parameters = _random_parameters(r, list(layer_dims))
    grads = {"d" + k: v * 0.1 for k, v in _random_parameters(r, list(layer_dims)).items()}
    return parameters, grads


MISTAKES = [  # planted by `course-autograder validate`: each must cost points and give its hint (a message key)
    Mistake("update_parameters",
            "def update_parameters(parameters, grads, learning_rate):\n    parameters = dict(parameters)\n"
            "    for l in range(1, len(parameters) // 2 + 1):\n"
            "        parameters[f'W{l}'] = parameters[f'W{l}'] + learning_rate * grads[f'dW{l}']\n"
            "        parameters[f'b{l}'] = parameters[f'b{l}'] + learning_rate * grads[f'db{l}']\n"
            "    return parameters\n",
            "hint_update_sign"),
    Mistake("L_model_forward",
            "def L_model_forward(X, parameters):\n    caches, A = [], X\n    L = len(parameters)\n"
            "    for l in range(1, L):\n"
            "        A, cache = linear_activation_forward(A, parameters[f'W{l}'], parameters[f'b{l}'], 'relu')\n"
            "        caches.append(cache)\n"
            "    AL, cache = linear_activation_forward(A, parameters[f'W{L}'], parameters[f'b{L}'], 'sigmoid')\n"
            "    return AL, caches + [cache]\n",
            "error_layer_count"),
]

# the tests' names on a Chinese feedback page (in English a test is named by its cell's docstring)
TEST_NAMES = {"zh": {
    "initialize_parameters_small": "initialize_parameters 按规定的做法初始化 n_x=3, n_h=2, n_y=1 的参数",
    "initialize_parameters_hidden": "initialize_parameters 在其他大小下也正确（隐藏测试）",
    "initialize_parameters_deep_small": "initialize_parameters_deep 按规定的做法初始化 [5, 4, 3] 的参数",
    "initialize_parameters_deep_hidden": "initialize_parameters_deep 在其他层数下也正确（隐藏测试）",
    "linear_forward_small": "linear_forward 正确计算 Z 和缓存",
    "linear_forward_hidden": "linear_forward 在其他形状下也正确（隐藏测试）",
    "linear_activation_forward_small": "linear_activation_forward 用 sigmoid 和用 ReLU 时结果都正确",
    "linear_activation_forward_hidden": "linear_activation_forward 在其他形状下也正确（隐藏测试）",
    "L_model_forward_small": "L_model_forward 在一个两层网络上的结果正确",
    "L_model_forward_hidden": "L_model_forward 在更深的网络上也正确（隐藏测试）",
    "compute_cost_small": "compute_cost 在三个样本上的结果正确",
    "compute_cost_hidden": "compute_cost 在其他输入上的结果正确（隐藏测试）",
    "linear_backward_small": "linear_backward 给出正确的 dA_prev、dW 和 db",
    "linear_backward_hidden": "linear_backward 与双边差分一致（隐藏测试）",
    "linear_activation_backward_small": "linear_activation_backward 用 sigmoid 和用 ReLU 时结果都正确",
    "linear_activation_backward_hidden": "linear_activation_backward 与双边差分一致（隐藏测试）",
    "L_model_backward_small": "L_model_backward 在一个两层网络上的结果正确",
    "L_model_backward_hidden": "L_model_backward 在更深的网络上与双边差分一致（隐藏测试）",
    "update_parameters_small": "update_parameters 在一个两层网络上更新一步",
    "update_parameters_hidden": "update_parameters 在更深的网络上也正确（隐藏测试）",
}}
