"""Replacement solution cells for assignment 2, for end-to-end grading tests.

`WRONG_ONE_FUNCTION`: `model` does not pass the learning rate on to `optimize`
(which then uses its own default), so both model test cells fail; no other graded
function calls `model`.
`VISIBLE_ONLY`: `model` calls `optimize` with the default settings written out
(2000 iterations, learning rate 0.5) instead of its arguments: the visible test
uses exactly those defaults and passes, the hidden tests use other settings.
"""

WRONG_ONE_FUNCTION = {
    "function": "model",
    "cell": "model",
    "source": '''def model(X_train, Y_train, X_test, Y_test, num_iterations=2000, learning_rate=0.5, print_cost=False):
    """Logistic regression (wrong: learning_rate is not passed to optimize)."""
    w, b = initialize_with_zeros(X_train.shape[0])
    params, grads, costs = optimize(w, b, X_train, Y_train, num_iterations)
    w, b = params["w"], params["b"]
    d = {"costs": costs, "Y_prediction_test": predict(w, b, X_test),
         "Y_prediction_train": predict(w, b, X_train), "w": w, "b": b,
         "learning_rate": learning_rate, "num_iterations": num_iterations}
    return d
''',
}

VISIBLE_ONLY = {
    "function": "model",
    "cell": "model",
    "source": '''def model(X_train, Y_train, X_test, Y_test, num_iterations=2000, learning_rate=0.5, print_cost=False):
    """Logistic regression (wrong: the settings are written out instead of passed on)."""
    w, b = initialize_with_zeros(X_train.shape[0])
    params, grads, costs = optimize(w, b, X_train, Y_train, num_iterations=2000, learning_rate=0.5)
    w, b = params["w"], params["b"]
    d = {"costs": costs, "Y_prediction_test": predict(w, b, X_test),
         "Y_prediction_train": predict(w, b, X_train), "w": w, "b": b,
         "learning_rate": learning_rate, "num_iterations": num_iterations}
    return d
''',
}
