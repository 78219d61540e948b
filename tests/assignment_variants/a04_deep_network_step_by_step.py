"""Planted mistakes for assignment 4 (deep network step by step).

`WRONG_ONE_FUNCTION`: `update_parameters` adds the gradient instead of subtracting it; no other
graded function calls `update_parameters`, so only its own test cells fail.
`VISIBLE_ONLY`: `L_model_forward` is written out for exactly two layers (no loop); the visible test
uses a two-layer network, so it passes, while the hidden tests (three and more layers) fail.
"""

WRONG_ONE_FUNCTION = {
    "function": "update_parameters",
    "cell": "update_parameters",
    "source": '''def update_parameters(parameters, grads, learning_rate):
    """One step of gradient descent (but uphill: the sign is wrong)."""
    parameters = dict(parameters)
    L = len(parameters) // 2
    for l in range(1, L + 1):
        parameters[f"W{l}"] = parameters[f"W{l}"] + learning_rate * grads[f"dW{l}"]
        parameters[f"b{l}"] = parameters[f"b{l}"] + learning_rate * grads[f"db{l}"]
    return parameters
''',
}

VISIBLE_ONLY = {
    "function": "L_model_forward",
    "cell": "L_model_forward",
    "source": '''def L_model_forward(X, parameters):
    """Forward propagation (but only ever through two layers)."""
    A1, cache1 = linear_activation_forward(X, parameters["W1"], parameters["b1"], "relu")
    AL, cache2 = linear_activation_forward(A1, parameters["W2"], parameters["b2"], "sigmoid")
    return AL, [cache1, cache2]
''',
}
