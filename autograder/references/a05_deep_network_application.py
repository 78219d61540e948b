"""Reference for assignment 5, deep neural network application.

Both models are `helpers.DeepNetwork` trained by gradient descent: ReLU hidden
layers, a sigmoid output, He initialization with seed 1 (exactly what the
assignment's text asks the student to call), the cost of iterations
0, 100, 200, ... kept as in the lectures.
"""

ASSIGNMENT = "05-deep-network-application"

import numpy as np

from helpers.models import DeepNetwork

from ..judge import compare, say

COST_EVERY = 100
INIT = {"init": "he", "seed": 1}


def _train(X, Y, layers_dims, learning_rate, num_iterations, print_cost):
    net = DeepNetwork(list(layers_dims), hidden_activation="relu", learning_rate=learning_rate,
                      num_iterations=num_iterations, **INIT)
    net.train(X, Y)
    costs = net.costs[::COST_EVERY]
    if print_cost:
        for i, cost in zip(range(0, num_iterations, COST_EVERY), costs):
            print(f"Cost after iteration {i}: {cost:f}")
    return net.parameters, costs


def two_layer_model(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000,
                    print_cost=False):
    """LINEAR -> RELU -> LINEAR -> SIGMOID; returns (parameters W1, b1, W2, b2, costs)."""
    if len(layers_dims) != 3:
        raise ValueError(f"layers_dims should be (n_x, n_h, n_y), got {layers_dims!r}")
    return _train(X, Y, layers_dims, learning_rate, num_iterations, print_cost)


def L_layer_model(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000,
                  print_cost=False):
    """[LINEAR -> RELU] x (L - 1) -> LINEAR -> SIGMOID; returns (parameters, costs)."""
    return _train(X, Y, layers_dims, learning_rate, num_iterations, print_cost)


def _training_hints(actual, expected, init_call):
    """What the list of costs tells about the mistake (the first cost depends only on the
    initialization and the forward pass; later ones on the backward pass and the update)."""
    costs, expected_costs = actual[1], expected[1]
    if not isinstance(costs, (list, tuple, np.ndarray)) or len(costs) == 0:
        return [say("hint_costs_not_a_list")]
    if len(costs) != len(expected_costs):
        key = "hint_costs_too_many" if len(costs) > len(expected_costs) else "hint_costs_too_few"
        return [say(key, actual=len(costs), expected=len(expected_costs))]
    if compare(costs[0], expected_costs[0]):
        return [say("hint_first_cost", init_call=init_call)]
    if len(costs) > 1 and np.allclose(np.asarray(costs, dtype=float), float(costs[0])):
        return [say("hint_cost_never_changes")]
    if len(costs) > 1:
        return [say("hint_later_costs")]
    return []


def _compare_training(name, init_call, shown=3):
    def comparator(actual, expected):
        problems = compare(actual, expected, say("output_of", name=name))
        if not problems:
            return []
        hints = []
        if isinstance(actual, (tuple, list)) and len(actual) == 2:
            hints = _training_hints(actual, expected, init_call)
        # the hint first; then a few of the differences, not one per parameter
        if len(problems) > shown:
            problems = problems[:shown] + [say("and_more_differences", count=len(problems) - shown)]
        return hints + problems
    return comparator


COMPARATORS = {
    "two_layer_model": _compare_training(
        "two_layer_model", 'initialize_parameters(n_x, n_h, n_y, method="he", seed=1)'),
    "L_layer_model": _compare_training(
        "L_layer_model", 'initialize_parameters_deep(layers_dims, method="he", seed=1)'),
}

_MODELS = ["DeepNetwork", "ShallowNetwork", "LogisticRegression", "gradient_descent"]
FORBIDDEN_HELPERS = {"two_layer_model": _MODELS, "L_layer_model": _MODELS}


def case_two_layer_model(seed, n_x=6, n_h=4, m=20):
    """A small task where a hidden layer helps: X (n_x, m), Y (1, m), layers_dims (n_x, n_h, 1)."""
    r = np.random.default_rng(seed)
    X = r.standard_normal((n_x, m))
    Y = ((X[0] * X[1] + 0.5 * X[-1]) > 0).astype(float).reshape(1, m)
    return X, Y, (n_x, n_h, 1)


def case_L_layer_model(seed, layers_dims=(6, 5, 3, 1), m=20):
    """X (n_x, m), Y (1, m) and layers_dims (a list, as the lectures pass it)."""
    X, Y, _ = case_two_layer_model(seed, layers_dims[0], 2, m)
    return X, Y, list(layers_dims)

# the tests' names on a Chinese feedback page (in English a test is named by its cell's docstring)
TEST_NAMES = {"zh": {
    "two_layer_model_values": "two_layer_model 在 201 次迭代内学会一个小任务",
    "two_layer_model_hidden_shapes": "two_layer_model 在其他大小、学习率和迭代次数下也正确",
    "L_layer_model_values": "L_layer_model 用三层网络在 201 次迭代内学会一个小任务",
    "L_layer_model_hidden_shapes": "L_layer_model 在其他层数、学习率和迭代次数下也正确",
}}
