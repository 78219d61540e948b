"""Benchmark of the helpers core: ratios from one run, on this machine.

1. One-hidden-layer training on the flower data (4 tanh units, 10,000 iterations, m = 400):
   helpers against a naive per-example Python loop, the same maths written directly in
   PyTorch tensors on the CPU, and PyTorch autograd with `torch.nn` (torch rows only when
   torch is installed).
2. L-layer forward + backward at m = 50,000, layers [784, 128, 64, 1]: helpers against the
   time of the matrix products it performs, alone.

Usage: python bench/bench_helpers.py [--quick]
"""

import argparse
import math
import os
import platform
import time

import numpy as np

from helpers import L_model_backward, L_model_forward, ShallowNetwork, initialize_parameters_deep
from helpers.datasets import load_planar_dataset

try:
    import torch
except (ImportError, OSError):  # the torch rows are optional
    torch = None


def race(contenders, rounds):
    """The best time of each contender, in seconds, over `rounds` interleaved rounds.

    Each round times every contender once, in turn, so a slow spell of this shared
    machine hits all of them alike; the best of the rounds is the least disturbed run.
    """
    best = {name: math.inf for name in contenders}
    for _ in range(rounds):
        for name, function in contenders.items():
            start = time.perf_counter()
            function()
            best[name] = min(best[name], time.perf_counter() - start)
    return best


def helpers_shallow(X, Y, iterations):
    model = ShallowNetwork(n_h=4, hidden_activation="tanh", learning_rate=1.2, num_iterations=iterations, seed=2)
    return model.train(X, Y).parameters


def initial_weights(n_x, n_h):
    """The draws ShallowNetwork(seed=2) makes: W1 then W2 from default_rng(2), times 0.01."""
    rng = np.random.default_rng(2)
    return rng.standard_normal((n_h, n_x)) * 0.01, rng.standard_normal((1, n_h)) * 0.01


def naive_shallow(X, Y, iterations, n_h=4, learning_rate=1.2):
    """The same network with a Python loop over the examples (numpy only inside one example)."""
    n_x, m = X.shape
    W1, W2 = initial_weights(n_x, n_h)
    W2, b1, b2 = W2[0], np.zeros(n_h), 0.0
    for _ in range(iterations):
        dW1, db1, dW2, db2 = np.zeros_like(W1), np.zeros(n_h), np.zeros(n_h), 0.0
        for i in range(m):
            x, y = X[:, i], Y[0, i]
            a1 = np.tanh(W1 @ x + b1)
            a2 = 1 / (1 + math.exp(-(W2 @ a1 + b2)))
            dz2 = a2 - y
            dW2 += dz2 * a1
            db2 += dz2
            dz1 = W2 * dz2 * (1 - a1 ** 2)
            dW1 += np.outer(dz1, x)
            db1 += dz1
        W1 -= learning_rate * dW1 / m
        b1 -= learning_rate * db1 / m
        W2 -= learning_rate * dW2 / m
        b2 -= learning_rate * db2 / m
    return {"W1": W1, "b1": b1[:, None], "W2": W2[None, :], "b2": np.array([[b2]])}


def torch_same_maths(X, Y, iterations, n_h=4, learning_rate=1.2):
    """The helpers' equations written directly with torch tensors, no autograd."""
    X, Y = torch.from_numpy(X), torch.from_numpy(Y)
    m = X.shape[1]
    W1, W2 = (torch.from_numpy(W) for W in initial_weights(X.shape[0], n_h))
    b1 = torch.zeros(n_h, 1, dtype=torch.float64)
    b2 = torch.zeros(1, 1, dtype=torch.float64)
    zero = torch.zeros(1, dtype=torch.float64)
    with torch.no_grad():
        for _ in range(iterations):
            A1 = torch.tanh(W1 @ X + b1)
            Z2 = W2 @ A1 + b2
            A2 = torch.sigmoid(Z2)
            # the cost from the logits, as helpers computes it: mean of log(1 + e^z) - y z
            cost = (torch.logaddexp(zero, Z2).sum() - torch.dot(Y[0], Z2[0])) / m
            dZ2 = A2 - Y
            dW2, db2 = dZ2 @ A1.T / m, dZ2.sum(1, keepdim=True) / m
            dZ1 = (W2.T @ dZ2) * (1 - A1 ** 2)
            dW1, db1 = dZ1 @ X.T / m, dZ1.sum(1, keepdim=True) / m
            W1 -= learning_rate * dW1
            b1 -= learning_rate * db1
            W2 -= learning_rate * dW2
            b2 -= learning_rate * db2
            float(cost)  # helpers reads the cost every iteration too
    return {"W1": W1.numpy(), "b1": b1.numpy(), "W2": W2.numpy(), "b2": b2.numpy()}


def torch_autograd(X, Y, iterations, n_h=4, learning_rate=1.2):
    """The idiomatic PyTorch version: torch.nn layers, autograd, SGD."""
    torch.manual_seed(2)
    X, Y = torch.from_numpy(X.T.copy()), torch.from_numpy(Y.T.copy())
    model = torch.nn.Sequential(torch.nn.Linear(X.shape[1], n_h), torch.nn.Tanh(), torch.nn.Linear(n_h, 1)).double()
    loss_fn = torch.nn.BCEWithLogitsLoss()
    optimizer = torch.optim.SGD(model.parameters(), lr=learning_rate)
    for _ in range(iterations):
        optimizer.zero_grad()
        loss = loss_fn(model(X), Y)
        loss.backward()
        optimizer.step()
        float(loss.detach())


def large_forward_backward(X, Y, parameters):
    AL, caches = L_model_forward(X, parameters)
    L_model_backward(AL, Y, caches)


def large_matmuls_only(X, parameters, dZs, As):
    """The eight matrix products of one forward + backward pass, and nothing else."""
    W1, W2, W3 = parameters["W1"], parameters["W2"], parameters["W3"]
    W1 @ X, W2 @ As[1], W3 @ As[2]          # forward
    dZs[3] @ As[2].T, W3.T @ dZs[3]          # layer 3: dW3, dA2
    dZs[2] @ As[1].T, W2.T @ dZs[2]          # layer 2: dW2, dA1
    dZs[1] @ X.T                             # layer 1: dW1 (dA0 is not needed)


def main():
    parser = argparse.ArgumentParser(description="helpers benchmark")
    parser.add_argument("--quick", action="store_true", help="fewer iterations, for a smoke run")
    args = parser.parse_args()
    iterations = 1000 if args.quick else 10000
    naive_iterations = 5 if args.quick else 30
    rounds = 1 if args.quick else 7

    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
          f"numpy {np.__version__}" + (f", torch {torch.__version__}" if torch else ", torch not installed"))
    X, Y = load_planar_dataset()

    print(f"\n1. one hidden layer (4 tanh units), flower data m = 400, {iterations} iterations")
    contenders = {"helpers": lambda: helpers_shallow(X, Y, iterations)}
    if torch is not None:
        # small tensors: torch's thread pool can cost more than it gives, so torch runs with the
        # faster of 1 thread and its default, chosen on a short trial (the fair comparison)
        trial = {}
        for n in sorted({1, torch.get_num_threads()}):
            torch.set_num_threads(n)
            trial[n] = race({"t": lambda: torch_same_maths(X, Y, iterations // 10)}, 3)["t"]
        torch.set_num_threads(min(trial, key=trial.get))
        contenders["PyTorch, same maths"] = lambda: torch_same_maths(X, Y, iterations)
        contenders["PyTorch autograd + torch.nn"] = lambda: torch_autograd(X, Y, iterations)
    times = race(contenders, rounds)
    t_helpers = times["helpers"]
    print(f"   helpers                      {t_helpers:8.3f} s")
    # the naive loop is far too slow for 10,000 iterations: time a few and scale per iteration
    t_naive = race({"naive": lambda: naive_shallow(X, Y, naive_iterations)}, 1)["naive"] * iterations / naive_iterations
    print(f"   naive per-example loop       {t_naive:8.3f} s  (from {naive_iterations} iterations, scaled)"
          f"  helpers is {t_naive / t_helpers:6.1f}x faster")
    if torch is not None:
        print(f"   (torch runs with {torch.get_num_threads()} thread(s), the faster setting here)")
        t_same, t_auto = times["PyTorch, same maths"], times["PyTorch autograd + torch.nn"]
        print(f"   PyTorch, same maths          {t_same:8.3f} s  helpers is {t_same / t_helpers:6.2f}x faster (target >= 2.5)")
        print(f"   PyTorch autograd + torch.nn  {t_auto:8.3f} s  helpers is {t_auto / t_helpers:6.2f}x faster")

    m = 5000 if args.quick else 50000
    print(f"\n2. L-layer forward + backward, layers [784, 128, 64, 1], m = {m}")
    rng = np.random.default_rng(0)
    Xl = rng.random((784, m))
    Yl = (rng.random((1, m)) > 0.5).astype(float)
    parameters = initialize_parameters_deep([784, 128, 64, 1], method="he", seed=0)
    AL, caches = L_model_forward(Xl, parameters)
    As = {1: caches[1][0][0], 2: caches[2][0][0]}
    dZs = {1: rng.standard_normal((128, m)), 2: rng.standard_normal((64, m)), 3: AL - Yl}
    times = race({"pass": lambda: large_forward_backward(Xl, Yl, parameters),
                  "products": lambda: large_matmuls_only(Xl, parameters, dZs, As)}, rounds)
    t_pass, t_mm = times["pass"], times["products"]
    print(f"   helpers forward + backward   {t_pass:8.3f} s")
    print(f"   its matrix products alone    {t_mm:8.3f} s  ratio {t_pass / t_mm:5.2f} (target <= 1.25)")


if __name__ == "__main__":
    main()
