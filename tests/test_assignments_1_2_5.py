"""Assignments 1, 2 and 5: source notebooks, released versions, feedback and test-cell DSL.

- every source notebook runs top to bottom, every check prints its "passed" line,
  nothing reaches stderr;
- the student version that nbgrader's generate_assignment makes holds no line of
  a solution region or of a hidden-test block, and its test cells fail with
  "not implemented yet";
- realistic mistakes get feedback that names the problem, and calling the
  course's helpers instead of writing the function is refused;
- every test cell is a docstring and check calls on self-contained arguments;
- the variants in `tests/assignment_variants/` fail where they say they fail.
"""

import ast
import copy
import functools
import importlib
import os
import pathlib
import shutil
import time

import nbformat
import numpy as np
import pytest
from nbclient import NotebookClient

from autograder.checks import Checker, rng

ROOT = pathlib.Path(__file__).resolve().parent.parent
ASSIGNMENTS = {
    "01-python-basics": "python-basics.ipynb",
    "02-logistic-regression": "logistic-regression.ipynb",
    "05-deep-network-application": "deep-network-application.ipynb",
}
GRADED = {
    "01-python-basics": ["sigmoid", "sigmoid_derivative", "image2vector", "normalize_rows",
                         "softmax", "L1", "L2"],
    "02-logistic-regression": ["sigmoid", "initialize_with_zeros", "propagate", "optimize",
                               "predict", "model"],
    "05-deep-network-application": ["two_layer_model", "L_layer_model"],
}
# generous: the notebooks take 3-6 s on an idle machine, several times that on a busy one
SECONDS_LIMIT = 120
# one BLAS thread per kernel: on a shared 2-core machine OpenBLAS threads thrash (10x slower)
KERNEL_ENV = {**os.environ, "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1",
              "MPLBACKEND": "Agg"}
IDS = list(ASSIGNMENTS)


def source_path(assignment):
    return ROOT / "assignments" / assignment / ASSIGNMENTS[assignment]


def nbgrader_meta(cell):
    return cell.metadata.get("nbgrader", {})


def graded_cells(nb):
    return [c for c in nb.cells if c.cell_type == "code" and nbgrader_meta(c).get("grade")]


def solution_cells(nb):
    return [c for c in nb.cells if c.cell_type == "code" and nbgrader_meta(c).get("solution")]


def region_lines(source, begin, end):
    """The non-blank lines strictly between `begin` and `end` markers, stripped."""
    lines, inside = [], False
    for line in source.splitlines():
        stripped = line.strip()
        if stripped == begin:
            inside = True
        elif stripped == end:
            inside = False
        elif inside and stripped:
            lines.append(stripped)
    return lines


def execute(nb, path, allow_errors):
    client = NotebookClient(nb, timeout=300, kernel_name="python3", allow_errors=allow_errors,
                            resources={"metadata": {"path": str(path.parent)}})
    start = time.perf_counter()
    client.execute(env=KERNEL_ENV)
    return time.perf_counter() - start


def cell_text(cell, kind="stream"):
    parts = []
    for out in cell.get("outputs", []):
        if kind == "stream" and out.get("output_type") == "stream" and out.get("name") == "stdout":
            parts.append(out.get("text", ""))
        if kind == "stderr" and out.get("output_type") == "stream" and out.get("name") == "stderr":
            parts.append(out.get("text", ""))
        if kind == "error" and out.get("output_type") == "error":
            parts.append(f"{out.get('ename')}: {out.get('evalue')}")
    return "".join(parts)


@functools.lru_cache(maxsize=None)
def executed_source(assignment):
    path = source_path(assignment)
    nb = nbformat.read(path, as_version=4)
    seconds = execute(nb, path, allow_errors=False)
    return nb, seconds


@functools.lru_cache(maxsize=None)
def released(assignment, tmp_root):
    """nbgrader's student version of `assignment`, made in a fresh course directory."""
    from nbgrader.apps import NbGraderAPI
    from traitlets.config import Config

    root = pathlib.Path(tmp_root) / assignment
    shutil.copytree(source_path(assignment).parent, root / "source" / assignment)
    config = Config()
    config.CourseDirectory.root = str(root)
    result = NbGraderAPI(config=config).generate_assignment(assignment)
    assert result["success"], result.get("error") or result.get("log")
    path = root / "release" / assignment / ASSIGNMENTS[assignment]
    return path, nbformat.read(path, as_version=4)


@pytest.fixture(scope="module")
def release_root(tmp_path_factory):
    return str(tmp_path_factory.mktemp("course"))


# -- the test-cell DSL ---------------------------------------------------------

ALLOWED_NAMES = {"np", "rng", "case"}
ALLOWED_NODES = (ast.Constant, ast.Call, ast.Attribute, ast.Name, ast.Load, ast.UnaryOp,
                 ast.USub, ast.UAdd, ast.BinOp, ast.Add, ast.Sub, ast.Mult, ast.Div, ast.Pow,
                 ast.Tuple, ast.List, ast.Starred, ast.keyword)


def dsl_problems(source):
    """What in a test cell's source breaks the DSL (empty: it obeys it)."""
    tree = ast.parse(source)
    body = tree.body
    if not body or not (isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant)
                        and isinstance(body[0].value.value, str)):
        return ["the cell does not start with a docstring"]
    problems = []
    if "\n" in body[0].value.value.strip():
        problems.append("the docstring is not one line")
    for statement in body[1:]:
        call = statement.value if isinstance(statement, ast.Expr) else None
        if not isinstance(call, ast.Call):
            problems.append(f"line {statement.lineno} is not a call")
            continue
        func = call.func
        if not (isinstance(func, ast.Name) and func.id == "check" or isinstance(func, ast.Attribute)
                and isinstance(func.value, ast.Name) and func.value.id == "check"
                and func.attr in ("gradients", "variable")):
            problems.append(f"line {statement.lineno} calls {ast.unparse(func)}, not check")
            continue
        if not (call.args and isinstance(call.args[0], ast.Constant) and isinstance(call.args[0].value, str)):
            problems.append(f"line {statement.lineno}: the first argument is not a function name")
        for argument in call.args[1:] + [k.value for k in call.keywords]:
            for node in ast.walk(argument):
                if not isinstance(node, ALLOWED_NODES):
                    problems.append(f"line {statement.lineno}: {type(node).__name__} is not allowed")
                elif isinstance(node, ast.Name) and node.id not in ALLOWED_NAMES:
                    problems.append(f"line {statement.lineno}: names the variable {node.id!r}")
                elif isinstance(node, ast.Starred) and not (
                        isinstance(node.value, ast.Call) and isinstance(node.value.func, ast.Name)
                        and node.value.func.id == "case"):
                    problems.append(f"line {statement.lineno}: only *case(...) may be unpacked")
    return problems


def check_calls(nb):
    return sum(len(ast.parse(c.source).body) - 1 for c in graded_cells(nb))


@pytest.mark.parametrize("assignment", IDS)
def test_test_cells_obey_the_dsl(assignment):
    nb = nbformat.read(source_path(assignment), as_version=4)
    cells = graded_cells(nb)
    assert cells, "no test cells"
    for cell in cells:
        problems = dsl_problems(cell.source)
        assert not problems, f"{nbgrader_meta(cell)['grade_id']}: {problems}"


def test_dsl_checker_rejects_notebook_variables():
    assert dsl_problems('"""doc"""\ncheck("f", X)')
    assert dsl_problems('"""doc"""\nx = 1')
    assert dsl_problems('"""doc"""\ncheck("f", *args)')
    assert not dsl_problems('"""doc"""\ncheck("f", *case("f", 1), n=-2, a=np.ones((2, 1)) * 3)')


@pytest.mark.parametrize("assignment", IDS)
def test_metadata_and_points(assignment):
    nb = nbformat.read(source_path(assignment), as_version=4)
    ids = [nbgrader_meta(c)["grade_id"] for c in nb.cells if nbgrader_meta(c)]
    assert len(ids) == len(set(ids)), "grade_ids repeat"
    assert nb.cells[0].source.startswith("# Assignment ")
    setup = nb.cells[1]
    assert nbgrader_meta(setup) == {"grade": False, "solution": False, "locked": True,
                                    "grade_id": "setup", "schema_version": 3}
    assert f'Checker("{assignment}", globals())' in setup.source
    solutions = {nbgrader_meta(c)["grade_id"] for c in solution_cells(nb)}
    assert set(GRADED[assignment]) <= solutions
    for cell in solution_cells(nb):
        assert "### BEGIN SOLUTION" in cell.source and "### END SOLUTION" in cell.source
    for cell in graded_cells(nb):
        meta = nbgrader_meta(cell)
        assert meta["locked"] and not meta["solution"] and meta["points"] >= 1
    # every graded function has a visible and a hidden-only test cell
    for name in GRADED[assignment]:
        tests = [c.source for c in graded_cells(nb) if f'check("{name}"' in c.source]
        assert any("### BEGIN HIDDEN TESTS" not in s for s in tests), f"{name}: no visible test"
        assert any("### BEGIN HIDDEN TESTS" in s for s in tests), f"{name}: no hidden test"
    # no outputs committed
    assert not any(c.get("outputs") for c in nb.cells if c.cell_type == "code")


# -- the source notebooks run -------------------------------------------------------

@pytest.mark.parametrize("assignment", IDS)
def test_source_notebook_runs_and_every_check_passes(assignment):
    nb, seconds = executed_source(assignment)
    passed = 0
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        assert not cell_text(cell, "stderr"), f"stderr output: {cell_text(cell, 'stderr')[:300]}"
        if nbgrader_meta(cell).get("grade"):
            text = cell_text(cell)
            passed += sum(line.endswith(": passed") or "gradients agree" in line
                          for line in text.splitlines())
    assert passed == check_calls(nb)
    assert seconds < SECONDS_LIMIT, f"{assignment} took {seconds:.1f} s"


# -- the student version ---------------------------------------------------------------

@pytest.mark.parametrize("assignment", IDS)
def test_release_holds_no_solution_and_no_hidden_test(assignment, release_root):
    source = nbformat.read(source_path(assignment), as_version=4)
    path, student = released(assignment, release_root)
    released_text = "\n".join(c.source for c in student.cells)
    raw = path.read_text()
    secret = []
    for cell in source.cells:
        secret += region_lines(cell.source, "### BEGIN SOLUTION", "### END SOLUTION")
        secret += region_lines(cell.source, "### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS")
    assert secret
    leaked = [line for line in secret if line in released_text or line in raw]
    assert not leaked, f"released {path.name} contains: {leaked}"
    assert "BEGIN HIDDEN TESTS" not in raw and "BEGIN SOLUTION" not in raw
    stubs = sum(c.source.count("raise NotImplementedError()") for c in student.cells
                if c.cell_type == "code")
    assert stubs == len(solution_cells(source))


@pytest.mark.parametrize("assignment", IDS)
def test_released_test_cells_fail_with_not_implemented(assignment, release_root):
    path, student = released(assignment, release_root)
    nb = copy.deepcopy(student)
    execute(nb, path, allow_errors=True)
    for cell in graded_cells(nb):
        error = cell_text(cell, "error")
        grade_id = nbgrader_meta(cell)["grade_id"]
        if "check.variable" in cell.source:
            assert "is not defined" in error, f"{grade_id}: {error or 'no error'}"
        elif 'check("' in cell.source:
            assert "not implemented yet" in error, f"{grade_id}: {error or 'no error'}"
        else:  # only hidden tests: nothing runs in the student's copy
            assert not error, f"{grade_id}: {error}"


# -- feedback on realistic mistakes --------------------------------------------------

SETUP = "import numpy as np\nimport helpers\n"


def namespace_with(assignment, replacement=""):
    """The source notebook's graded functions, then `replacement` (a cell's source) on top."""
    nb = nbformat.read(source_path(assignment), as_version=4)
    namespace = {}
    exec(compile(SETUP, "<setup>", "exec"), namespace)
    exec(compile(nb.cells[1].source, "<setup-cell>", "exec"), namespace)
    for cell in solution_cells(nb):
        if cell.source.lstrip().startswith("def "):
            exec(compile(cell.source, f"<{nbgrader_meta(cell)['grade_id']}>", "exec"), namespace)
    if replacement:
        exec(compile(replacement, "<replacement>", "exec"), namespace)
    return namespace


def feedback(assignment, replacement, name, *args, **kwargs):
    """The message the checker gives for `replacement`'s `name` on these arguments."""
    check = Checker(assignment, namespace_with(assignment, replacement))
    with pytest.raises(AssertionError) as error:
        check(name, *args, **kwargs)
    return str(error.value)


def case(assignment, name, seed, **kwargs):
    return Checker(assignment, {}).case(name, seed, **kwargs)


A1 = "01-python-basics"
A2 = "02-logistic-regression"
A5 = "05-deep-network-application"


@pytest.mark.parametrize("assignment", IDS)
def test_the_solutions_pass_the_checker(assignment):
    check = Checker(assignment, namespace_with(assignment))
    assert check.reference is importlib.import_module(
        "autograder.references.a" + assignment.replace("-", "_"))


def test_a1_normalize_rows_without_keepdims():
    message = feedback(A1, "def normalize_rows(x):\n    return x / np.linalg.norm(x, axis=1)\n",
                       "normalize_rows", np.array([[3.0, 4.0], [1.0, 0.0]]))
    assert "keepdims=True" in message and "largest absolute difference" in message


def test_a1_image2vector_rank_1():
    message = feedback(A1, "def image2vector(image):\n    return image.reshape(-1)\n",
                       "image2vector", np.arange(27.0).reshape(3, 3, 3))
    assert "has shape (27,), but should have shape (27, 1)" in message and "rank-1" in message


def test_a1_softmax_over_columns():
    message = feedback(A1, "def softmax(x):\n    e = np.exp(x)\n    return e / e.sum(axis=0, keepdims=True)\n",
                       "softmax", np.array([[9.0, 2.0, 5.0, 0.0, 0.0], [7.0, 5.0, 0.0, 0.0, 0.0]]))
    assert "columns are normalized instead of your rows" in message


def test_a1_losses_sqrt_and_mean():
    yhat, y = np.array([0.9, 0.2, 0.1, 0.4, 0.9]), np.array([1, 0, 0, 1, 1])
    message = feedback(A1, "def L2(yhat, y):\n    return np.sqrt(np.sum((y - yhat) ** 2))\n", "L2", yhat, y)
    assert "square root" in message
    message = feedback(A1, "def L1(yhat, y):\n    return np.mean(np.abs(y - yhat))\n", "L1", yhat, y)
    assert "divided by 5" in message and "not a mean" in message


W, B = np.array([[1.0], [2.0]]), 2.0
X = np.array([[1.0, 2.0, -1.0], [3.0, 4.0, -3.2]])
Y = np.array([[1.0, 0.0, 1.0]])
PROPAGATE = """def propagate(w, b, X, Y):
    m = X.shape[1]
    A = sigmoid(w.T @ X + b)
    cost = {cost}
    dw = {dw}
    db = np.sum(A - Y) / m
    return {{"dw": dw, "db": db}}, cost
"""
MEAN_COST = "-np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A)) / m"


def test_a2_propagate_sum_instead_of_mean():
    source = PROPAGATE.format(cost="-np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A))",
                              dw="X @ (A - Y).T / m")
    message = feedback(A2, source, "propagate", W, B, X, Y)
    assert "the cost is exactly 3 times too large: divide by m" in message


def test_a2_propagate_transposed_dw():
    message = feedback(A2, PROPAGATE.format(cost=MEAN_COST, dw="(A - Y) @ X.T / m"),
                       "propagate", W, B, X, Y)
    assert "['dw'] has shape (1, 2), but should have shape (2, 1)" in message
    assert "transposed" in message


def test_a2_propagate_forgets_to_divide_dw_by_m():
    message = feedback(A2, PROPAGATE.format(cost=MEAN_COST, dw="X @ (A - Y).T"),
                       "propagate", W, B, X, Y)
    assert "grads['dw'] is exactly 3 times too large" in message


def test_a2_initialize_with_zeros_rank_1():
    message = feedback(A2, "def initialize_with_zeros(dim):\n    return np.zeros(dim), 0.0\n",
                       "initialize_with_zeros", 2)
    assert "has shape (2,), but should have shape (2, 1)" in message and "rank-1" in message


def test_a2_optimize_records_every_cost():
    source = """def optimize(w, b, X, Y, num_iterations=100, learning_rate=0.009, print_cost=False):
    costs = []
    for i in range(num_iterations):
        grads, cost = propagate(w, b, X, Y)
        w = w - learning_rate * grads["dw"]
        b = b - learning_rate * grads["db"]
        costs.append(cost)
    return {"w": w, "b": b}, grads, costs
"""
    message = feedback(A2, source, "optimize", W, B, X, Y, num_iterations=100, learning_rate=0.009)
    assert "costs has 100 entries, but should have 1" in message and "i % 100 == 0" in message


def test_a2_predict_returns_probabilities():
    message = feedback(A2, "def predict(w, b, X):\n    return sigmoid(w.T @ X + b)\n", "predict",
                       np.array([[0.1124579], [0.23106775]]), -0.3,
                       np.array([[1.0, -1.1, -3.2], [1.2, 2.0, 0.1]]))
    assert "not the probabilities" in message


LOOP = """def L_layer_model(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000, print_cost=False):
    parameters = initialize_parameters_deep(layers_dims, method={method!r}, seed=1)
    costs = []
    for i in range(num_iterations):
        AL, caches = L_model_forward(X, parameters)
        cost = compute_cost(AL, Y)
        grads = L_model_backward(AL, Y, caches)
        {update}
        if {record}:
            costs.append(cost)
    return parameters, costs
"""
UPDATE = "parameters = update_parameters(parameters, grads, learning_rate)"


def a5_feedback(method="he", update=UPDATE, record="i % 100 == 0"):
    source = LOOP.format(method=method, update=update, record=record)
    return feedback(A5, source, "L_layer_model", *case(A5, "L_layer_model", 1),
                    learning_rate=0.1, num_iterations=201)


def test_a5_cost_recorded_every_iteration():
    message = a5_feedback(record="True")
    assert "costs has 201 entries, but should have 3" in message and "i % 100 == 0" in message


def test_a5_update_not_kept():
    message = a5_feedback(update="update_parameters(parameters, grads, learning_rate)")
    assert "the cost never changes" in message and "parameters = update_parameters" in message


def test_a5_wrong_initialization():
    message = a5_feedback(method="random")
    assert "first cost" in message and 'method="he", seed=1' in message


def test_a5_backward_with_the_wrong_activation():
    source = """def two_layer_model(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000, print_cost=False):
    n_x, n_h, n_y = layers_dims
    parameters = initialize_parameters(n_x, n_h, n_y, method="he", seed=1)
    costs = []
    for i in range(num_iterations):
        A1, cache1 = linear_activation_forward(X, parameters["W1"], parameters["b1"], "relu")
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
"""
    message = feedback(A5, source, "two_layer_model", *case(A5, "two_layer_model", 1),
                       learning_rate=0.1, num_iterations=201)
    assert "the first cost is right but later ones differ: check the backward pass" in message


# -- calling the course's helpers is refused --------------------------------------------

@pytest.mark.parametrize("assignment, source, name, args", [
    (A1, "def sigmoid(x):\n    return helpers.sigmoid(x)\n", "sigmoid", (np.array([0.0, 1.0]),)),
    (A1, "from helpers.activations import sigmoid_derivative as sd\n"
         "def sigmoid_derivative(x):\n    return sd(x)\n", "sigmoid_derivative", (np.array([0.0]),)),
    (A2, "def propagate(w, b, X, Y):\n    from helpers import propagate as p\n    return p(w, b, X, Y)\n",
     "propagate", (W, B, X, Y)),
    (A2, "from helpers import LogisticRegression\n"
         "def model(X_train, Y_train, X_test, Y_test, num_iterations=2000, learning_rate=0.5, print_cost=False):\n"
         "    m = LogisticRegression(learning_rate, num_iterations).train(X_train, Y_train)\n"
         "    return m\n", "model", (X, Y, X, Y)),
    (A5, "from helpers import DeepNetwork\n"
         "def L_layer_model(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000, print_cost=False):\n"
         "    net = DeepNetwork(layers_dims, learning_rate=learning_rate, num_iterations=num_iterations).train(X, Y)\n"
         "    return net.parameters, net.costs[::100]\n",
     "L_layer_model", "case"),
], ids=["a1-sigmoid", "a1-sigmoid_derivative", "a2-propagate", "a2-model", "a5-L_layer_model"])
def test_calling_helpers_is_refused(assignment, source, name, args):
    if args == "case":
        args = case(assignment, name, 1)
    message = feedback(assignment, source, name, *args)
    assert "calls the course's helpers" in message


# -- the variants for the grading helper's end-to-end tests -----------------------------

def calls_of(nb, function, hidden):
    """The check calls on `function` in the test cells, visible or hidden ones."""
    calls = []
    for cell in graded_cells(nb):
        for line in cell.source.splitlines():
            if line.startswith(f'check("{function}"'):
                in_hidden = line in "\n".join(region_lines(
                    cell.source, "### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS"))
                if in_hidden == hidden:
                    calls.append(line)
    return calls


def run_call(check, line):
    env = {"check": check, "np": np, "rng": rng, "case": check.case}
    exec(compile(line, "<check>", "exec"), env)


@pytest.mark.parametrize("assignment", IDS)
def test_variants(assignment):
    module = importlib.import_module("assignment_variants.a" + assignment.replace("-", "_"))
    nb = nbformat.read(source_path(assignment), as_version=4)
    cells = {nbgrader_meta(c)["grade_id"]: c for c in solution_cells(nb)}
    for variant, visible_passes in ((module.WRONG_ONE_FUNCTION, False), (module.VISIBLE_ONLY, True)):
        function = variant["function"]
        assert variant["cell"] in cells
        assert f"def {function}(" in cells[variant["cell"]].source
        # no other graded function calls it, so only its own tests can fail
        for other, cell in cells.items():
            if other != variant["cell"]:
                assert f"{function}(" not in cell.source.split('"""', 2)[-1], f"{other} calls {function}"
        check = Checker(assignment, namespace_with(assignment, variant["source"]))
        visible, hidden = calls_of(nb, function, False), calls_of(nb, function, True)
        assert visible and hidden
        for line in visible:
            if visible_passes:
                run_call(check, line)
            else:
                with pytest.raises(AssertionError):
                    run_call(check, line)
        failures = 0
        for line in hidden:
            try:
                run_call(check, line)
            except AssertionError:
                failures += 1
        assert failures >= 1, f"{function}: no hidden call fails"
