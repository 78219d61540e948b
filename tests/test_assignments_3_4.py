"""Assignments 3 (planar classification) and 4 (deep network step by step).

- the source notebooks run top to bottom, every check passes, fast and silent on stderr;
- their test cells obey the test-cell language (a docstring and check calls on self-contained
  arguments) and their nbgrader metadata is complete;
- the student versions made by nbgrader hold no solution line and no hidden test, and their test
  cells fail with "not implemented yet";
- the feedback names realistic mistakes, accepts equivalent answers, and refuses the course's
  helpers in place of the student's own code;
- the planted mistakes of `tests/assignment_variants` behave as documented.
"""

import ast
import contextlib
import importlib
import io
import linecache
import re
import shutil
import time

import nbformat
import pytest
from nbclient import NotebookClient

from autograder.checks import Checker
from nbtools import ROOT

ASSIGNMENTS = {
    "03-planar-classification": "planar-classification.ipynb",
    "04-deep-network-step-by-step": "deep-network-step-by-step.ipynb",
}
IDS = list(ASSIGNMENTS)
MAX_SECONDS = 20
CHECK_LINE = re.compile(r"^\w+: (passed|gradients agree with central differences)$", re.M)
DSL_NAMES = {"np", "rng", "case"}


def source_path(assignment):
    return ROOT / "assignments" / assignment / ASSIGNMENTS[assignment]


def read(assignment):
    return nbformat.read(source_path(assignment), as_version=4)


def grade_id(cell):
    return cell.metadata.get("nbgrader", {}).get("grade_id")


def is_test(cell):
    return cell.metadata.get("nbgrader", {}).get("grade", False)


def is_solution(cell):
    return cell.metadata.get("nbgrader", {}).get("solution", False)


def region(source, begin, end):
    """The lines strictly between the `begin` and `end` marker lines."""
    lines, inside = [], False
    for line in source.splitlines():
        if line.strip() == begin:
            inside = True
        elif line.strip() == end:
            inside = False
        elif inside:
            lines.append(line)
    return lines


def without_hidden(source):
    """A test cell's source as the student sees it."""
    lines, inside = [], False
    for line in source.splitlines():
        if line.strip() == "### BEGIN HIDDEN TESTS":
            inside = True
        elif line.strip() == "### END HIDDEN TESTS":
            inside = False
        elif not inside:
            lines.append(line)
    return "\n".join(lines)


def check_calls(source):
    """The `check(...)`, `check.gradients(...)`, `check.variable(...)` calls of a test cell."""
    return [node.value for node in ast.parse(source).body[1:]
            if isinstance(node, ast.Expr) and isinstance(node.value, ast.Call)]


def execute(nb, path, allow_errors=False):
    client = NotebookClient(nb, timeout=120, kernel_name="python3", allow_errors=allow_errors,
                            resources={"metadata": {"path": str(path.parent)}})
    start = time.perf_counter()
    client.execute()
    return nb, time.perf_counter() - start


@pytest.fixture(scope="module")
def executed_sources():
    """Each source notebook, executed once: (notebook with outputs, seconds)."""
    cache = {}

    def get(assignment):
        if assignment not in cache:
            cache[assignment] = execute(read(assignment), source_path(assignment))
        return cache[assignment]
    return get


@pytest.fixture(scope="module")
def released(tmp_path_factory):
    """The student versions, made by nbgrader's generate_assignment in a temporary course."""
    from nbgrader.apps import NbGraderAPI
    from traitlets.config import Config

    course = tmp_path_factory.mktemp("course")
    for assignment in ASSIGNMENTS:
        shutil.copytree(source_path(assignment).parent, course / "source" / assignment)
    config = Config()
    config.CourseDirectory.root = str(course)
    config.Exchange.root = str(course / "exchange")
    api = NbGraderAPI(config=config)
    paths = {}
    for assignment, notebook in ASSIGNMENTS.items():
        result = api.generate_assignment(assignment)
        assert result["success"], result.get("error") or result.get("log")
        paths[assignment] = course / "release" / assignment / notebook
    return paths


# The source notebooks

@pytest.mark.parametrize("assignment", IDS)
def test_source_is_committed_without_outputs(assignment):
    dirty = [i for i, c in enumerate(read(assignment).cells)
             if c.cell_type == "code" and (c.outputs or c.execution_count)]
    assert not dirty, f"cells {dirty} have outputs; clear them before committing"


@pytest.mark.parametrize("assignment", IDS)
def test_source_runs_with_every_check_passing(assignment, executed_sources):
    nb, seconds = executed_sources(assignment)
    expected = sum(len(check_calls(c.source)) for c in nb.cells if is_test(c))
    printed = 0
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            assert out.output_type != "error", f"{grade_id(cell)}: {out.get('evalue')}"
            assert not (out.output_type == "stream" and out.name == "stderr"), \
                f"cell {grade_id(cell) or cell.source[:40]!r} wrote to stderr: {out.text[:300]}"
            if is_test(cell) and out.output_type == "stream":
                printed += len(CHECK_LINE.findall(out.text))
    assert printed == expected, f"{printed} checks printed a success, but there are {expected}"
    assert seconds < MAX_SECONDS, f"the notebook took {seconds:.1f} s (limit {MAX_SECONDS} s)"


def dsl_problems(source):
    """Why a test cell's source is not in the test-cell language (empty list: it is)."""
    body = ast.parse(source).body
    if not body or not (isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant)
                        and isinstance(body[0].value.value, str) and "\n" not in body[0].value.value):
        return ["the cell does not start with a one-line docstring"]
    problems = []
    for node in body[1:]:
        call = node.value if isinstance(node, ast.Expr) else None
        if not isinstance(call, ast.Call):
            problems.append(f"line {node.lineno}: not a call")
            continue
        func = call.func
        if not (isinstance(func, ast.Name) and func.id == "check"
                or isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name)
                and func.value.id == "check" and func.attr in ("gradients", "variable")):
            problems.append(f"line {node.lineno}: calls {ast.unparse(func)}, not check")
            continue
        if not (call.args and isinstance(call.args[0], ast.Constant) and isinstance(call.args[0].value, str)):
            problems.append(f"line {node.lineno}: the first argument is not a name in quotes")
        for argument in call.args + [k.value for k in call.keywords]:
            for sub in ast.walk(argument):
                if isinstance(sub, ast.Name) and sub.id not in DSL_NAMES:
                    problems.append(f"line {node.lineno}: uses the variable {sub.id}")
                if isinstance(sub, (ast.Lambda, ast.NamedExpr, ast.ListComp, ast.DictComp,
                                    ast.SetComp, ast.GeneratorExp)):
                    problems.append(f"line {node.lineno}: uses {type(sub).__name__}")
    return problems


@pytest.mark.parametrize("assignment", IDS)
def test_test_cells_obey_the_test_cell_language(assignment):
    for cell in read(assignment).cells:
        if is_test(cell):
            assert not dsl_problems(cell.source), (grade_id(cell), dsl_problems(cell.source))


def test_dsl_checker_catches_notebook_variables():
    assert dsl_problems('"""fine"""\ncheck("f", np.zeros((2, 3)), *case("f", 1), rng(2).random(3))') == []
    assert dsl_problems('"""uses X"""\ncheck("f", X)')
    assert dsl_problems('"""assigns"""\nx = 1')
    assert dsl_problems('check("f", 1)')


@pytest.mark.parametrize("assignment", IDS)
def test_nbgrader_metadata(assignment):
    nb = read(assignment)
    setup = nb.cells[1]
    assert setup.metadata["nbgrader"] == {"grade": False, "solution": False, "locked": True,
                                          "grade_id": "setup", "schema_version": 3}
    assert f'Checker("{assignment}", globals())' in setup.source
    assert nb.cells[0].source.startswith("# Assignment ")
    ids = [grade_id(c) for c in nb.cells if grade_id(c)]
    assert len(ids) == len(set(ids)), "grade_ids must be unique"
    reference = importlib.import_module("autograder.references.a" + assignment.replace("-", "_"))
    functions = {}
    for cell in nb.cells:
        if is_solution(cell):
            assert "### BEGIN SOLUTION" in cell.source and "### END SOLUTION" in cell.source
            name = re.match(r"def (\w+)\(", cell.source).group(1)
            assert grade_id(cell) == name
            assert callable(getattr(reference, name)), f"the reference has no {name}"
            functions[name] = {"visible": 0, "hidden": 0}
    for cell in nb.cells:
        if is_test(cell):
            meta = cell.metadata["nbgrader"]
            assert meta["locked"] and not meta["solution"] and meta["points"] > 0
            visible_lines = {call.lineno for call in check_calls(without_hidden(cell.source))}
            for call in check_calls(cell.source):
                name = call.args[0].value
                assert name in functions, f"{grade_id(cell)} checks {name}, which has no solution cell"
                functions[name]["visible" if call.lineno in visible_lines else "hidden"] += 1
    for name, counts in functions.items():
        assert counts["visible"] and counts["hidden"], f"{name} needs visible and hidden tests: {counts}"


# The student versions

@pytest.mark.parametrize("assignment", IDS)
def test_student_version_holds_no_solution_and_no_hidden_test(assignment, released):
    student = nbformat.read(released[assignment], as_version=4)
    student_lines = {line.strip() for c in student.cells for line in c.source.splitlines()}
    secret = set()
    for cell in read(assignment).cells:
        secret.update(region(cell.source, "### BEGIN SOLUTION", "### END SOLUTION"))
        secret.update(region(cell.source, "### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS"))
    secret = {line.strip() for line in secret if line.strip()}
    assert secret, "no solution region found"
    leaked = sorted(secret & student_lines)
    assert not leaked, f"the student version shows: {leaked}"
    assert "### BEGIN" not in "\n".join(c.source for c in student.cells)


@pytest.mark.parametrize("assignment", IDS)
def test_student_version_says_not_implemented(assignment, released):
    path = released[assignment]
    nb, _ = execute(nbformat.read(path, as_version=4), path, allow_errors=True)
    failing = 0
    for cell in nb.cells:
        if not is_test(cell) or not check_calls(cell.source):
            continue
        errors = [o for o in cell.outputs if o.output_type == "error"]
        assert errors, f"{grade_id(cell)} passes without an implementation"
        name = check_calls(cell.source)[0].args[0].value
        assert f"`{name}` is not implemented yet" in errors[0].evalue, (grade_id(cell), errors[0].evalue)
        failing += 1
    assert failing >= 8


# Feedback, through the Checker, in this process

def cells_by_id(assignment):
    return {grade_id(c): c for c in read(assignment).cells if grade_id(c)}


def define(namespace, source, name):
    """Run a cell's source in `namespace`, with its source findable by `inspect` as in IPython."""
    filename = f"<cell {name} {abs(hash(source))}>"
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    exec(compile(source, filename, "exec"), namespace)


def namespace_for(assignment, replace=None, extra=""):
    """The notebook's globals after its setup and solution cells, with some cells replaced.

    `replace` maps a solution cell's grade_id to a new source, or to a pair (old, new) of
    strings to substitute in it (the old string must be there).
    """
    replace = replace or {}
    namespace = {"__name__": "__main__"}
    for cell in read(assignment).cells:
        if grade_id(cell) == "setup" or is_solution(cell):
            source = cell.source
            change = replace.get(grade_id(cell))
            if isinstance(change, tuple):
                assert change[0] in source, f"{change[0]!r} is not in {grade_id(cell)}"
                source = source.replace(change[0], change[1])
            elif change is not None:
                source = change
            define(namespace, source, grade_id(cell))
    if extra:
        define(namespace, extra, "extra")
    return namespace


def run_test_cells(assignment, namespace, visible_only=False, only=None):
    """{grade_id: None if the test cell passes, else the failure message}."""
    results = {}
    for gid, cell in cells_by_id(assignment).items():
        if not is_test(cell) or (only and not gid.startswith(only)):
            continue
        source = without_hidden(cell.source) if visible_only else cell.source
        try:
            with contextlib.redirect_stdout(io.StringIO()):
                exec(source, namespace)
            results[gid] = None
        except AssertionError as error:
            results[gid] = str(error)
    return results


def cells_checking(assignment, name):
    """The grade_ids of the test cells that check the function `name`."""
    return {gid for gid, cell in cells_by_id(assignment).items() if is_test(cell)
            and any(call.args[0].value == name for call in check_calls(cell.source))}


def is_hidden_only(cell):
    return not check_calls(without_hidden(cell.source))


def failure(assignment, cell_id, replace=None, extra="", visible_only=True):
    """The message of test cell `cell_id` with a changed solution (asserting that it fails)."""
    results = run_test_cells(assignment, namespace_for(assignment, replace, extra), visible_only,
                             only=cell_id)
    assert results[cell_id], f"{cell_id} passes with the mistake"
    return results[cell_id]


A3, A4 = IDS


def test_a03_db_without_keepdims_gets_a_shape_hint():
    message = failure(A3, "backward_propagation_small", {"backward_propagation": (
        "db1 = np.sum(dZ1, axis=1, keepdims=True) / m", "db1 = np.sum(dZ1, axis=1) / m")})
    assert "'db1'" in message and "keepdims=True" in message and "(4,)" in message


def test_a03_dW_not_divided_by_m_is_named():
    message = failure(A3, "backward_propagation_small", {"backward_propagation": (
        "dW2 = dZ2 @ A1.T / m", "dW2 = dZ2 @ A1.T")})
    assert "'dW2'" in message and "5 times too large: divide by m = 5" in message


def test_a03_A1_instead_of_its_derivative_is_named():
    message = failure(A3, "backward_propagation_small", {"backward_propagation": (
        "(1 - np.power(A1, 2))", "A1")})
    assert "'dW1'" in message and "largest absolute difference" in message
    assert "1 - A1**2" in message


def test_a03_hidden_gradient_check_names_the_key():
    namespace = namespace_for(A3, {"backward_propagation": ("dZ2 = A2 - Y", "dZ2 = Y - A2")})
    message = run_test_cells(A3, namespace, only="backward_propagation_hidden")["backward_propagation_hidden"]
    assert "wrong sign" in message and "grads['dW2']" in message


def test_a03_initialization_hints():
    message = failure(A3, "initialize_parameters_small", {"initialize_parameters": (
        "W2 = rng.standard_normal((n_y, n_h)) * 0.01", "W2 = np.zeros((n_y, n_h))")})
    assert "'W2'" in message and "all zeros" in message
    message = failure(A3, "initialize_parameters_small", {"initialize_parameters": (
        "rng = np.random.default_rng(2)", "rng = np.random.default_rng(0)")})
    assert "default_rng(2)" in message
    message = failure(A3, "initialize_parameters_small", {"initialize_parameters": (
        "W1 = rng.standard_normal((n_h, n_x)) * 0.01", "W1 = rng.standard_normal((n_h, n_x))")})
    assert "multiply the draw by 0.01" in message


def test_a03_predict_without_threshold_is_named():
    message = failure(A3, "predict_small", {"predict": ("(A2 > 0.5).astype(float)", "A2")})
    assert "labels 0 or 1" in message


def test_a03_forward_cache_may_hold_more_but_not_less():
    namespace = namespace_for(A3, {"forward_propagation": (
        'cache = {"Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}',
        'cache = {"Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2, "X": X}')})
    assert not any(run_test_cells(A3, namespace, only="forward_propagation").values())
    message = failure(A3, "forward_propagation_small", {"forward_propagation": (
        '"Z2": Z2, "A2": A2}', '"A2": A2}')})
    assert "no key 'Z2'" in message


def test_a03_equivalent_answers_pass():
    tanh_variant = namespace_for(A3, {"backward_propagation": (
        "(1 - np.power(A1, 2))", "(1 - np.tanh(cache['Z1']) ** 2)")})
    squared_variant = namespace_for(A3, {"backward_propagation": (
        "(1 - np.power(A1, 2))", "(1 - A1**2)")})
    for namespace in (tanh_variant, squared_variant):
        results = run_test_cells(A3, namespace)
        assert not any(results.values()), results
    int_sizes = namespace_for(A3, {"layer_sizes": ("return n_x, n_h, n_y", "return [int(n_x), 4, int(n_y)]")})
    numpy_ints = namespace_for(A3, {"layer_sizes": ("n_x = X.shape[0]", "n_x = np.int64(X.shape[0])")})
    cost_array = namespace_for(A3, {"compute_cost": ("return float(cost)", "return np.array([[cost]])")})
    boolean_labels = namespace_for(A3, {"predict": ("(A2 > 0.5).astype(float)", "A2 > 0.5")})
    for namespace in (int_sizes, numpy_ints, cost_array, boolean_labels):
        assert not any(run_test_cells(A3, namespace).values())


def test_a03_nn_model_with_the_wrong_hidden_size_is_named():
    namespace = namespace_for(A3, {"nn_model": ("n_x, _, n_y = layer_sizes(X, Y)",
                                                "n_x, n_h, n_y = layer_sizes(X, Y)")})
    message = run_test_cells(A3, namespace, only="nn_model_hidden")["nn_model_hidden"]
    assert "W1 should have n_h = 3 rows" in message


def test_a04_transposed_W_is_named():
    message = failure(A4, "linear_forward_hidden", {"linear_forward": (
        "Z = np.dot(W, A) + b", "Z = np.dot(W.T, A) + b")}, visible_only=False)
    assert "W.T" in message
    message = failure(A4, "linear_forward_small", {"linear_forward": (
        "Z = np.dot(W, A) + b", "Z = np.dot(A.T, W.T) + b.T")})
    assert "'Z'" not in message and "Z has shape (5, 3)" in message and "transposed" in message


def test_a04_db_without_keepdims_and_dW_without_m():
    message = failure(A4, "linear_backward_small", {"linear_backward": (
        "db = np.sum(dZ, axis=1, keepdims=True) / m", "db = np.sum(dZ, axis=1) / m")})
    assert "db has shape (3,)" in message and "keepdims=True" in message
    message = failure(A4, "linear_backward_small", {"linear_backward": (
        "dW = np.dot(dZ, A_prev.T) / m", "dW = np.dot(dZ, A_prev.T)")})
    assert "dW is exactly 5 times too large: divide by m = 5" in message


def test_a04_missing_dA0_is_named():
    source = cells_by_id(A4)["L_model_backward"].source
    message = failure(A4, "L_model_backward_small", {"L_model_backward": (
        'grads[f"dA{l - 1}"], grads[f"dW{l}"]', 'grads[f"dA{l}"], grads[f"dW{l}"]')})
    assert 'grads[f"dA{l - 1}"], grads[f"dW{l}"]' in source
    assert "no key 'dA0'" in message and "grads['dA' + str(l - 1)]" in message


def test_a04_wrong_activation_cache_and_depth():
    message = failure(A4, "linear_activation_forward_small", {"linear_activation_forward": (
        "cache = (linear_cache, Z)", "cache = linear_cache")})
    assert "(linear_cache, activation_cache)" in message
    message = failure(A4, "L_model_forward_small", {"L_model_forward": (
        "    caches.append(cache)\n    return AL, caches", "    return AL, caches")})
    assert "caches should have 2 items, but has 1" in message and "one cache per layer" in message


def test_a04_initialization_hints():
    message = failure(A4, "initialize_parameters_deep_small", {"initialize_parameters_deep": (
        "rng = np.random.default_rng(3)", "rng = np.random.default_rng(1)")})
    assert "default_rng(3)" in message
    message = failure(A4, "initialize_parameters_deep_small", {"initialize_parameters_deep": (
        "L = len(layer_dims) - 1", "L = len(layer_dims) - 2")})
    assert "no key 'W2'" in message and "L = len(layer_dims) - 1" in message


def test_a04_hidden_gradient_check_catches_a_wrong_relu_derivative():
    namespace = namespace_for(A4, {"linear_activation_backward": (
        "dZ = relu_backward(dA, activation_cache)", "dZ = dA")})
    results = run_test_cells(A4, namespace, only="linear_activation_backward")
    assert results["linear_activation_backward_hidden"]
    assert "largest absolute difference" in results["linear_activation_backward_hidden"]


def test_a04_equivalent_answers_pass():
    shortcut = namespace_for(A4, {"L_model_backward": (
        'dA_prev, dW, db = linear_activation_backward(dAL, caches[L - 1], "sigmoid")',
        'dA_prev, dW, db = linear_backward(AL - Y, caches[L - 1][0])')})
    numpy_style = namespace_for(A4, {
        "linear_forward": ("Z = np.dot(W, A) + b", "Z = W @ A + b"),
        "compute_cost": ("return float(np.squeeze(cost))", "return np.squeeze(cost)"),
        "linear_activation_forward": ("A = relu(Z)", "A = np.maximum(0, Z)"),
        "linear_backward": ("dW = np.dot(dZ, A_prev.T) / m", "dW = 1 / m * (dZ @ A_prev.T)"),
        "L_model_forward": ("caches = []", "caches = list()"),
    })
    for namespace in (shortcut, numpy_style):
        results = run_test_cells(A4, namespace)
        assert not any(results.values()), results


HELPER_CHEATS = [
    (A3, "compute_cost", "compute_cost_small",
     "import helpers\n\ndef compute_cost(A2, Y):\n    return helpers.compute_cost(A2, Y)\n"),
    (A3, "backward_propagation", "backward_propagation_small",
     "from helpers.activations import tanh_backward as tb\n\n"
     "def backward_propagation(parameters, cache, X, Y):\n"
     "    m = X.shape[1]\n    dZ2 = cache['A2'] - Y\n"
     "    dZ1 = tb(parameters['W2'].T @ dZ2, cache['Z1'])\n"
     "    return {'dW1': dZ1 @ X.T / m, 'db1': dZ1.sum(axis=1, keepdims=True) / m,\n"
     "            'dW2': dZ2 @ cache['A1'].T / m, 'db2': dZ2.sum(axis=1, keepdims=True) / m}\n"),
    (A3, "nn_model", "nn_model_small",
     "def nn_model(X, Y, n_h, num_iterations=10000, print_cost=False):\n"
     "    from helpers import ShallowNetwork\n"
     "    return ShallowNetwork(n_h, num_iterations=num_iterations).train(X, Y).parameters\n"),
    (A4, "linear_backward", "linear_backward_small",
     "from helpers.propagation import linear_backward as _lb\n\n"
     "def linear_backward(dZ, cache):\n    return _lb(dZ, cache)\n"),
    (A4, "L_model_forward", "L_model_forward_small",
     "def L_model_forward(X, parameters):\n"
     "    from helpers.propagation import L_model_forward as forward\n"
     "    return forward(X, parameters)\n"),
    (A4, "initialize_parameters_deep", "initialize_parameters_deep_small",
     "import helpers.initialization as init\n\n"
     "def initialize_parameters_deep(layer_dims):\n"
     "    return init.initialize_parameters_deep(layer_dims, seed=3)\n"),
]


@pytest.mark.parametrize("assignment, name, cell_id, source", HELPER_CHEATS,
                         ids=[f"{a[:2]}-{n}" for a, n, _, _ in HELPER_CHEATS])
def test_calling_the_helpers_is_refused(assignment, name, cell_id, source):
    message = failure(assignment, cell_id, {name: source})
    assert f"`{name}` calls the course's helpers" in message


def test_given_building_blocks_are_allowed():
    namespace = namespace_for(A4)
    assert Checker(A4, namespace)._student_function("linear_activation_backward")
    assert Checker(A3, namespace_for(A3))._student_function("forward_propagation")


# The planted mistakes of tests/assignment_variants

@pytest.mark.parametrize("assignment", IDS)
def test_wrong_one_function_fails_only_its_own_cells(assignment):
    variants = importlib.import_module("assignment_variants.a" + assignment.replace("-", "_"))
    wrong = variants.WRONG_ONE_FUNCTION
    assert is_solution(cells_by_id(assignment)[wrong["cell"]])
    results = run_test_cells(assignment, namespace_for(assignment, {wrong["cell"]: wrong["source"]}))
    failed = {gid for gid, message in results.items() if message}
    own = cells_checking(assignment, wrong["function"])
    assert failed, "the planted mistake passes every test"
    assert failed <= own, f"cells of other functions fail: {failed - own}"
    assert any(not is_hidden_only(cells_by_id(assignment)[gid]) for gid in failed), \
        "no visible test cell catches the planted mistake"


@pytest.mark.parametrize("assignment", IDS)
def test_visible_only_passes_visible_and_fails_hidden(assignment):
    variants = importlib.import_module("assignment_variants.a" + assignment.replace("-", "_"))
    cheat = variants.VISIBLE_ONLY
    assert is_solution(cells_by_id(assignment)[cheat["cell"]])
    namespace = namespace_for(assignment, {cheat["cell"]: cheat["source"]})
    visible = run_test_cells(assignment, namespace, visible_only=True)
    assert not any(visible.values()), visible
    hidden = run_test_cells(assignment, namespace)
    failed = {gid for gid, message in hidden.items() if message}
    assert failed, "the planted mistake passes the hidden tests too"
    assert failed <= cells_checking(assignment, cheat["function"]), failed
