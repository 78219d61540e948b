"""Replacement solution cells for assignment 5, for end-to-end grading tests.

`WRONG_ONE_FUNCTION`: `two_layer_model` uses a sigmoid in the hidden layer
instead of ReLU, so both of its test cells fail; `L_layer_model` does not call it.
`VISIBLE_ONLY`: `L_layer_model` also records the cost of the last iteration
(the condition the lectures use for printing). With 201 iterations, as in the
visible test, the last iteration is 200 and nothing extra is recorded; the
hidden tests run 250 and 150 iterations and get one cost too many.
"""

WRONG_ONE_FUNCTION = {
    "function": "two_layer_model",
    "cell": "two_layer_model",
    "source": '''def two_layer_model(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000, print_cost=False):
    """Two-layer network (wrong: sigmoid in the hidden layer)."""
    n_x, n_h, n_y = layers_dims
    parameters = initialize_parameters(n_x, n_h, n_y, method="he", seed=1)
    costs = []
    for i in range(num_iterations):
        A1, cache1 = linear_activation_forward(X, parameters["W1"], parameters["b1"], "sigmoid")
        A2, cache2 = linear_activation_forward(A1, parameters["W2"], parameters["b2"], "sigmoid")
        cost = compute_cost(A2, Y)
        dA2 = -(np.divide(Y, A2) - np.divide(1 - Y, 1 - A2))
        dA1, dW2, db2 = linear_activation_backward(dA2, cache2, "sigmoid")
        dA0, dW1, db1 = linear_activation_backward(dA1, cache1, "sigmoid")
        grads = {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}
        parameters = update_parameters(parameters, grads, learning_rate)
        if i % 100 == 0:
            costs.append(cost)
    return parameters, costs
''',
}

VISIBLE_ONLY = {
    "function": "L_layer_model",
    "cell": "L_layer_model",
    "source": '''def L_layer_model(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000, print_cost=False):
    """L-layer network (wrong: also records the cost of the last iteration)."""
    parameters = initialize_parameters_deep(layers_dims, method="he", seed=1)
    costs = []
    for i in range(num_iterations):
        AL, caches = L_model_forward(X, parameters)
        cost = compute_cost(AL, Y)
        grads = L_model_backward(AL, Y, caches)
        parameters = update_parameters(parameters, grads, learning_rate)
        if i % 100 == 0 or i == num_iterations - 1:
            costs.append(cost)
    return parameters, costs
''',
}
