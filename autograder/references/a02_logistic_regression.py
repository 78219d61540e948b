"""Reference for assignment 2, logistic regression with a neural-network mindset.

The maths comes from `helpers` (`propagate`, `gradient_descent`, `predict`);
this module only arranges it the way the assignment's functions return it:
`optimize` keeps the cost of every 100th iteration and the last gradients,
`model` returns the lectures' dictionary.
"""

ASSIGNMENT = "02-logistic-regression"

import numpy as np

from helpers.activations import sigmoid as _sigmoid
from helpers.initialization import initialize_with_zeros as _initialize_with_zeros
from helpers.models import accuracy as _accuracy
from helpers.models import predict as _predict
from helpers.optimization import gradient_descent as _gradient_descent
from helpers.propagation import propagate as _propagate

from ..contract import Mistake
from ..judge import compare, say, scale_hints

COST_EVERY = 100


def sigmoid(z):
    """sigma(z) = 1 / (1 + e^(-z)), elementwise; a number for a number."""
    s = _sigmoid(z)
    return float(s) if np.ndim(z) == 0 else s


def initialize_with_zeros(dim):
    """w of zeros of shape (dim, 1) and b = 0.0."""
    return _initialize_with_zeros(dim)


def propagate(w, b, X, Y):
    """(grads {"dw": (n_x, 1), "db": float}, cost: the mean cross-entropy)."""
    return _propagate(w, b, X, Y)


def optimize(w, b, X, Y, num_iterations=100, learning_rate=0.009, print_cost=False):
    """Gradient descent from (w, b).

    Returns
    -------
    params : dict with "w" and "b" after `num_iterations` updates
    grads : dict with "dw" and "db" of the last iteration (before its update)
    costs : list of the costs of iterations 0, 100, 200, ...
    """
    last = {}

    def cost_and_grads(params):
        grads, cost = _propagate(params["w"], params["b"], X, Y)
        last["grads"] = grads
        return cost, grads

    params, costs = _gradient_descent({"w": np.array(w, dtype=float), "b": b}, cost_and_grads,
                                      learning_rate, num_iterations)
    costs = costs[::COST_EVERY]
    if print_cost:
        for i, cost in zip(range(0, num_iterations, COST_EVERY), costs):
            print(f"Cost after iteration {i}: {cost:f}")
    return params, last.get("grads", {}), costs


def predict(w, b, X):
    """Labels 1.0 where sigma(w^T x + b) > 0.5, else 0.0, of shape (1, m)."""
    return _predict(X, {"w": w, "b": b})


def model(X_train, Y_train, X_test, Y_test, num_iterations=2000, learning_rate=0.5,
          print_cost=False):
    """Logistic regression trained from zeros; the lectures' dictionary of results."""
    w, b = _initialize_with_zeros(X_train.shape[0])
    params, _, costs = optimize(w, b, X_train, Y_train, num_iterations, learning_rate, print_cost)
    w, b = params["w"], params["b"]
    Y_prediction_test = predict(w, b, X_test)
    Y_prediction_train = predict(w, b, X_train)
    if print_cost:
        print(f"train accuracy: {100 * _accuracy(Y_prediction_train, Y_train):.1f} %")
        print(f"test accuracy: {100 * _accuracy(Y_prediction_test, Y_test):.1f} %")
    return {"costs": costs, "Y_prediction_test": Y_prediction_test,
            "Y_prediction_train": Y_prediction_train, "w": w, "b": b,
            "learning_rate": learning_rate, "num_iterations": num_iterations}


def _compare_costs(costs, expected_costs, num_iterations=None):
    """Hints when the list of costs has the wrong length."""
    if not isinstance(costs, (list, tuple, np.ndarray)) or len(costs) == len(expected_costs):
        return []
    key = "hint_costs_too_many" if len(costs) > len(expected_costs) else "hint_costs_too_few"
    return [say(key, actual=len(costs), expected=len(expected_costs))]


def _compare_optimize(actual, expected):
    problems = compare(actual, expected, say("output_of", name="optimize"))
    if problems and isinstance(actual, (tuple, list)) and len(actual) == 3:
        problems += _compare_costs(actual[2], expected[2])
        params = actual[0]
        if isinstance(params, dict) and "w" in params and np.allclose(
                np.asarray(params["w"], dtype=float), 0) and not np.allclose(expected[0]["w"], 0):
            problems.append(say("hint_w_still_zero"))
    return problems


def _compare_predict(actual, expected):
    problems = compare(actual, expected, say("output_of", name="predict"))
    values = np.asarray(actual, dtype=float) if not isinstance(actual, dict) else None
    if problems and values is not None and not np.isin(values, (0.0, 1.0)).all():
        problems.append(say("hint_labels_not_probabilities", A="A"))
    return problems


def _compare_model(actual, expected):
    problems = compare(actual, expected, say("output_of", name="model"))
    if problems and isinstance(actual, dict) and "costs" in actual:
        problems += _compare_costs(actual["costs"], expected["costs"])
    return problems


def _compare_propagate(actual, expected):
    problems = compare(actual, expected, say("output_of", name="propagate"))
    if not problems or not isinstance(actual, (tuple, list)) or len(actual) != 2:
        return problems
    (grads, cost), (egrads, ecost) = actual, expected
    pairs = [(say("the_cost"), cost, ecost)]
    if isinstance(grads, dict):
        pairs += [(f"grads[{k!r}]", grads[k], egrads[k]) for k in ("dw", "db") if k in grads]
    for name, a, e in pairs:
        hints = scale_hints(name, a, e)
        problems += hints
        if say("hint_sign", name=name) in hints:
            problems.append(say("hint_logistic_formulas"))
    return problems


COMPARATORS = {
    "propagate": _compare_propagate,
    "optimize": _compare_optimize,
    "predict": _compare_predict,
    "model": _compare_model,
}

FORBIDDEN_HELPERS = {
    "sigmoid": ["sigmoid"],
    "initialize_with_zeros": ["initialize_with_zeros", "initialize_parameters",
                              "initialize_parameters_deep"],
    "propagate": ["propagate", "compute_cost", "cross_entropy_loss", "sigmoid"],
    "optimize": ["gradient_descent", "update_parameters", "propagate", "LogisticRegression"],
    "predict": ["predict", "predict_proba", "sigmoid", "LogisticRegression"],
    "model": ["LogisticRegression", "gradient_descent"],
}


def case_propagate(seed, n_x=3, m=4):
    """w (n_x, 1), a float b, X (n_x, m) and labels Y (1, m)."""
    r = np.random.default_rng(seed)
    return (r.standard_normal((n_x, 1)) * 0.5, float(r.standard_normal()),
            r.standard_normal((n_x, m)), r.integers(0, 2, (1, m)).astype(float))


case_optimize = case_propagate


def case_predict(seed, n_x=3, m=5):
    """w (n_x, 1), a float b and X (n_x, m)."""
    return case_propagate(seed, n_x, m)[:3]


def case_model(seed, n_x=4, m_train=12, m_test=6):
    """A tiny linearly separable-ish task: X_train, Y_train, X_test, Y_test."""
    r = np.random.default_rng(seed)
    w_true = r.standard_normal((n_x, 1))
    X = r.standard_normal((n_x, m_train + m_test))
    Y = (w_true.T @ X + 0.3 * r.standard_normal((1, m_train + m_test)) > 0).astype(float)
    return X[:, :m_train], Y[:, :m_train], X[:, m_train:], Y[:, m_train:]


MISTAKES = [  # planted by `course-autograder validate`: each must cost points and give its hint (a message key)
    Mistake("propagate", "def propagate(w, b, X, Y):\n    m = X.shape[1]\n    A = sigmoid(w.T @ X + b)\n"
            "    cost = -np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A))\n"
            "    return {'dw': X @ (A - Y).T / m, 'db': float(np.sum(A - Y)) / m}, float(cost)\n",
            "hint_times_m"),
    Mistake("initialize_with_zeros", "def initialize_with_zeros(dim):\n    return [[0.0]] * dim, 0.0\n",
            "hint_list_not_array"),
]


# the sizes of the course's image task (`helpers.datasets.image_dataset()`), read from the data
def _image_data():
    from helpers.datasets import load_dataset

    return load_dataset()


def m_train():
    """The number of training images."""
    return _image_data()[0].shape[0]


def m_test():
    """The number of test images."""
    return _image_data()[2].shape[0]


def num_px():
    """The height (= width) of an image."""
    return _image_data()[0].shape[1]

# the tests' names on a Chinese feedback page (in English a test is named by its cell's docstring)
TEST_NAMES = {"zh": {
    "data_sizes": "m_train、m_test 和 num_px 是从数据中读出的",
    "sigmoid_values": "sigmoid 在一个小向量上的结果正确",
    "sigmoid_hidden_shapes": "sigmoid 在一个矩阵上的结果正确",
    "initialize_with_zeros_values": "initialize_with_zeros 返回形状为 (2, 1) 的全零列向量和 0",
    "initialize_with_zeros_hidden_sizes": "initialize_with_zeros 在其他维度下也正确",
    "propagate_values": "propagate 在 2 个特征、3 个样本上的结果正确",
    "propagate_hidden_shapes": "propagate 在其他特征数和样本数下也正确",
    "optimize_values": "optimize 在 2 个特征、3 个样本上迭代 100 次后的结果正确",
    "optimize_hidden_longer": "optimize 在更多迭代次数和其他形状下记录的代价正确",
    "predict_values": "predict 为三个样本给出正确的标签",
    "predict_hidden_shapes": "predict 在其他形状下也正确",
    "model_values": "model 用默认设置训练一个小任务并给出正确的预测",
    "model_hidden_settings": "model 使用给定的迭代次数和学习率",
}}
