"""Planted mistakes for assignment 3 (planar classification).

`WRONG_ONE_FUNCTION`: `predict` returns the probabilities A2 instead of labels; no other graded
function calls `predict`, so only its own test cells fail.
`VISIBLE_ONLY`: `nn_model` takes the hidden size from `layer_sizes` (always 4) instead of its
argument `n_h`; the visible test trains 4 hidden units, so it passes, while the hidden tests
(3 and 6 hidden units) fail.
"""

WRONG_ONE_FUNCTION = {
    "function": "predict",
    "cell": "predict",
    "source": '''def predict(parameters, X):
    """Labels 0 or 1 for the m examples (but this one forgets to threshold)."""
    A2, cache = forward_propagation(X, parameters)
    return A2
''',
}

VISIBLE_ONLY = {
    "function": "nn_model",
    "cell": "nn_model",
    "source": '''def nn_model(X, Y, n_h, num_iterations=10000, print_cost=False):
    """Train the network (but with the hidden size of layer_sizes, not n_h)."""
    n_x, n_h, n_y = layer_sizes(X, Y)
    parameters = initialize_parameters(n_x, n_h, n_y)
    for i in range(num_iterations):
        A2, cache = forward_propagation(X, parameters)
        cost = compute_cost(A2, Y)
        grads = backward_propagation(parameters, cache, X, Y)
        parameters = update_parameters(parameters, grads, learning_rate=1.2)
        if print_cost and i % 1000 == 0:
            print(f"Cost after iteration {i}: {cost:.6f}")
    return parameters
''',
}
