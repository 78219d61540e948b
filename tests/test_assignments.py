"""Every assignment, discovered in `assignments/`: one parametrized module for all of them.

For each assignment (a folder of `assignments/` holding a notebook, and the reference module
that declares its id):
- the source notebook is committed without outputs, its test cells obey the test-cell
  language, its nbgrader metadata is complete, it runs top to bottom with every check passing;
- nbgrader's student version holds no solution line and no hidden test, its test cells fail
  with "not implemented yet" and show the message without a traceback, and its hidden-test
  cells print nothing;
- `validate` finds it ready: every check has a reference, the source graded in the sandbox
  scores full marks, every declared mistake scores less with its hint;
- the planted mistakes of `tests/assignment_variants` (where an assignment has them) behave as
  documented.
Then the assignment-specific feedback tests, `validate`'s catches, and the student kit.
"""

import ast
import contextlib
import importlib
import io
import linecache
import os
import pathlib
import re
import shutil
import subprocess
import sys
import textwrap
import time

import nbformat
import numpy as np
import pytest
from nbclient import NotebookClient

from autograder import contract, validate
from autograder.checks import Check, rng
from nbtools import ROOT

ASSIGNMENTS = {p.parent.name: p.name for p in sorted((ROOT / "assignments").glob("*/*.ipynb"))}
IDS = list(ASSIGNMENTS)
# generous: the notebooks take 3-20 s on an idle machine, ten times that on a shared, busy one
MAX_SECONDS = 240
CHECK_LINE = re.compile(r"^\w+: (passed|gradients agree with central differences)$", re.M)
DSL_NAMES = {"np", "rng", "case"}
# one BLAS thread per kernel: on a shared 2-core machine OpenBLAS threads thrash
KERNEL_ENV = {**os.environ, "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MPLBACKEND": "Agg"}


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


def execute(nb, path, allow_errors=False, env=None):
    client = NotebookClient(nb, timeout=300, kernel_name="python3", allow_errors=allow_errors,
                            resources={"metadata": {"path": str(path.parent)}})
    start = time.perf_counter()
    client.execute(env=env or KERNEL_ENV)
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
    config = Config()
    config.CourseDirectory.root = str(course)
    config.Exchange.root = str(course / "exchange")
    api = NbGraderAPI(config=config)
    paths = {}

    def get(assignment):
        if assignment not in paths:
            shutil.copytree(source_path(assignment).parent, course / "source" / assignment)
            result = api.generate_assignment(assignment)
            assert result["success"], result.get("error") or result.get("log")
            paths[assignment] = course / "release" / assignment / ASSIGNMENTS[assignment]
        return paths[assignment]
    return get


# -- the source notebooks ------------------------------------------------------------------------

def test_assignments_are_discovered_with_their_references():
    assert len(IDS) >= 6 and "06-leaky-relu" in IDS
    assert set(IDS) <= set(contract.known()), "an assignment has no reference module"


@pytest.mark.parametrize("assignment", IDS)
def test_source_is_committed_without_outputs(assignment):
    dirty = [grade_id(c) or i for i, c in enumerate(read(assignment).cells)
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
                        and isinstance(body[0].value.value, str) and "\n" not in body[0].value.value.strip()):
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
                if isinstance(sub, ast.Starred) and not (
                        isinstance(sub.value, ast.Call) and isinstance(sub.value.func, ast.Name)
                        and sub.value.func.id == "case"):
                    problems.append(f"line {node.lineno}: only *case(...) may be unpacked")
    return problems


@pytest.mark.parametrize("assignment", IDS)
def test_test_cells_obey_the_test_cell_language(assignment):
    cells = [c for c in read(assignment).cells if is_test(c)]
    assert cells, "no test cells"
    for cell in cells:
        assert not dsl_problems(cell.source), (grade_id(cell), dsl_problems(cell.source))


@pytest.mark.parametrize("assignment", IDS)
def test_every_test_cell_has_a_chinese_name(assignment):
    """`TEST_NAMES["zh"]` names exactly the test cells, in Chinese, each starting with what its docstring tests."""
    names = contract.load(assignment).test_names["zh"]
    tests = {grade_id(c): c.source for c in read(assignment).cells if is_test(c)}
    assert set(names) == set(tests)
    for gid, source in tests.items():
        tested = ast.get_docstring(ast.parse(source)).split()[0].rstrip(",")  # the function, as code
        assert re.match(re.escape(tested) + r"\b", names[gid]), (gid, names[gid])
        assert any("\u4e00" <= ch <= "\u9fff" for ch in names[gid]), (gid, names[gid])


def test_dsl_checker_catches_notebook_variables():
    assert dsl_problems('"""fine"""\ncheck("f", np.zeros((2, 3)), *case("f", 1), rng(2).random(3))') == []
    assert dsl_problems('"""uses X"""\ncheck("f", X)')
    assert dsl_problems('"""assigns"""\nx = 1')
    assert dsl_problems('"""unpacks"""\ncheck("f", *args)')
    assert dsl_problems('check("f", 1)')


@pytest.mark.parametrize("assignment", IDS)
def test_nbgrader_metadata(assignment):
    nb = read(assignment)
    setup = nb.cells[1]
    assert setup.metadata["nbgrader"] == {"grade": False, "solution": False, "locked": True,
                                          "grade_id": "setup", "schema_version": 3}
    # the setup cell names no assignment: the folder does
    assert "from autograder.checks import case, check, rng" in setup.source
    assert assignment not in setup.source and "Checker" not in setup.source
    assert nb.cells[0].source.startswith("# Assignment ")
    ids = [grade_id(c) for c in nb.cells if grade_id(c)]
    assert len(ids) == len(set(ids)), "grade_ids must be unique"
    reference = contract.load(assignment)
    functions = {}
    for cell in nb.cells:
        if is_solution(cell):
            assert "### BEGIN SOLUTION" in cell.source and "### END SOLUTION" in cell.source
            match = re.match(r"def (\w+)\(", cell.source)
            if match is None:  # a variable set by a solution region (e.g. m_train)
                continue
            name = match.group(1)
            assert grade_id(cell) == name
            assert reference.has_function(name), f"the reference has no {name}"
            functions[name] = {"visible": 0, "hidden": 0}
    for cell in nb.cells:
        if is_test(cell):
            meta = cell.metadata["nbgrader"]
            assert meta["locked"] and not meta["solution"] and meta["points"] > 0
            visible_lines = {call.lineno for call in check_calls(without_hidden(cell.source))}
            for call in check_calls(cell.source):
                name = call.args[0].value
                if isinstance(call.func, ast.Attribute) and call.func.attr == "variable":
                    continue
                assert name in functions, f"{grade_id(cell)} checks {name}, which has no solution cell"
                functions[name]["visible" if call.lineno in visible_lines else "hidden"] += 1
    for name, counts in functions.items():
        assert counts["visible"] and counts["hidden"], f"{name} needs visible and hidden tests: {counts}"


# -- the student versions -------------------------------------------------------------------------

@pytest.mark.parametrize("assignment", IDS)
def test_student_version_holds_no_solution_and_no_hidden_test(assignment, released):
    path = released(assignment)
    student = nbformat.read(path, as_version=4)
    student_lines = {line.strip() for c in student.cells for line in c.source.splitlines()}
    secret = set()
    for cell in read(assignment).cells:
        secret.update(region(cell.source, "### BEGIN SOLUTION", "### END SOLUTION"))
        secret.update(region(cell.source, "### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS"))
    public = {line.strip() for c in read(assignment).cells for line in without_hidden(c.source).splitlines()
              if "### BEGIN SOLUTION" not in c.source}
    secret = {line.strip() for line in secret if line.strip()} - public
    assert secret, "no solution region found"
    leaked = sorted(secret & student_lines)
    assert not leaked, f"the student version shows: {leaked}"
    raw = path.read_text()
    assert "BEGIN HIDDEN TESTS" not in raw and "BEGIN SOLUTION" not in raw
    stubs = sum(c.source.count("raise NotImplementedError()") for c in student.cells if c.cell_type == "code")
    assert stubs == sum(1 for c in read(assignment).cells if is_solution(c) and c.cell_type == "code")


@pytest.mark.parametrize("assignment", IDS)
def test_student_version_says_not_implemented_without_traceback(assignment, released):
    path = released(assignment)
    nb, _ = execute(nbformat.read(path, as_version=4), path, allow_errors=True)
    failing = 0
    for cell in nb.cells:
        if not is_test(cell):
            continue
        errors = [o for o in cell.outputs if o.output_type == "error"]
        calls = check_calls(cell.source)
        if not calls:  # only hidden tests: nothing runs, nothing is printed (not even the docstring)
            assert not cell.outputs, (grade_id(cell), cell.outputs)
            continue
        assert errors, f"{grade_id(cell)} passes without an implementation"
        name = calls[0].args[0].value
        if isinstance(calls[0].func, ast.Attribute) and calls[0].func.attr == "variable":
            assert "is not defined" in errors[0].evalue, (grade_id(cell), errors[0].evalue)
        else:
            assert f"`{name}` is not implemented yet" in errors[0].evalue, (grade_id(cell), errors[0].evalue)
        # the message, not a traceback through the grader's internals
        traceback = "\n".join(errors[0].traceback)
        assert "autograder" not in traceback and "reference" not in traceback, traceback[:500]
        failing += 1
    assert failing >= 1


# -- validate -----------------------------------------------------------------------------------

@pytest.mark.parametrize("assignment", IDS)
def test_validate_finds_every_assignment_ready(assignment):
    """Every check has a reference, the source scores full marks, every declared mistake is caught."""
    assert validate.validate(ROOT / "assignments" / assignment, assignment) == []


def _copy_assignment(tmp_path, assignment, name=None, edit=None):
    """A copy of `assignment`'s folder under `tmp_path/<name>`, its cells changed by `edit(grade_id, source)`."""
    folder = tmp_path / (name or assignment)
    shutil.copytree(source_path(assignment).parent, folder)
    path = folder / ASSIGNMENTS[assignment]
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if edit is not None:
            cell.source = edit(grade_id(cell), cell.source)
    nbformat.write(nb, path)
    return folder


A6 = "06-leaky-relu"


def test_validate_names_a_missing_reference(tmp_path):
    folder = _copy_assignment(tmp_path, A6, "07-no-reference")
    [problem] = validate.validate(folder, "07-no-reference")
    assert "no reference module declares ASSIGNMENT = '07-no-reference'" in problem
    assert "06-leaky-relu" in problem and "Traceback" not in problem


def test_validate_names_a_misnamed_check_and_case(tmp_path):
    def edit(gid, source):
        if gid == "leaky_relu_values":
            return source.replace('check("leaky_relu"', 'check("leaky_relu2"')
        if gid == "leaky_relu_backward_values":
            return source.replace('case("leaky_relu_backward", 1)', 'case("leaky_relu_bwd", 1)')
        return source
    problems = validate.validate(_copy_assignment(tmp_path, A6, edit=edit), A6, grade=False)
    assert any("cell leaky_relu_values" in p and "check('leaky_relu2') has no reference function" in p
               for p in problems), problems
    assert any("cell leaky_relu_backward_values" in p and "case('leaky_relu_bwd') has no `case_leaky_relu_bwd`"
               in p for p in problems), problems


def test_validate_names_a_forbidden_helper_that_does_not_exist():
    reference = contract.load(A6)
    reference.forbidden = {"leaky_relu": ["leaky_relu", "leaky_rleu"]}
    problems = validate.static_problems(ROOT / "assignments" / A6, A6, reference)
    assert problems == [f"{pathlib.Path(reference.module.__file__).name}: FORBIDDEN_HELPERS['leaky_relu'] "
                        "names 'leaky_rleu', which is not in helpers: correct the name (a misspelt name "
                        "forbids nothing)"]


def test_validate_names_a_missing_and_a_stray_chinese_test_name(tmp_path, monkeypatch):
    reference = contract.load(A6)
    names = dict(reference.module.TEST_NAMES["zh"])
    del names["leaky_relu_hidden"]
    names["leaky_relu_hiden"] = "leaky_relu 在矩阵上的结果正确"
    monkeypatch.setattr(reference.module, "TEST_NAMES", {"zh": names})
    where = pathlib.Path(reference.module.__file__).name
    stray = (f"{where}: TEST_NAMES['zh'] names 'leaky_relu_hiden', which is not a test cell of {A6}: "
             "correct the grade id, or remove the entry")
    missing = (f"leaky-relu.ipynb cell leaky_relu_hidden: no Chinese name for this test: add "
               f"TEST_NAMES['zh']['leaky_relu_hidden'] to {where} (the zh feedback page shows it)")
    for folder in (ROOT / "assignments" / A6, ROOT / "zh" / "assignments" / A6):
        assert validate.static_problems(folder, A6, reference) == [stray, missing]
    # an assignment without a Chinese edition needs no Chinese names, but a stray one is still named
    assert validate.static_problems(_copy_assignment(tmp_path, A6), A6, reference) == [stray]


def test_validate_names_a_source_below_full_marks_and_an_uncaught_mistake(tmp_path):
    def edit(gid, source):
        if gid == "leaky_relu_derivative":
            return source.replace("dg = np.where(Z > 0, 1.0, slope)", "dg = np.where(Z > 0, 1.0, 0.0)")
        return source
    reference = contract.load(A6)
    reference.mistakes = []
    [problem] = validate.grading_problems(_copy_assignment(tmp_path, A6, edit=edit), A6, reference)
    assert "leaky-relu.ipynb: the source notebook scores" in problem and "/7 (graded)" in problem
    assert "leaky_relu_derivative_values" in problem and problem.endswith("fix the solution or the test cell")
    reference.mistakes = [contract.Mistake("leaky_relu", "def leaky_relu(Z, slope=0.01):\n"
                                           "    return np.where(Z > 0, Z, slope * Z) + 0.0\n", "anything")]
    [problem] = validate.grading_problems(ROOT / "assignments" / A6, A6, reference)
    assert problem.startswith("MISTAKES[0] (cell leaky_relu): the planted mistake still scores full marks")


def test_validate_command_exits_non_zero_with_one_line_per_problem(tmp_path):
    folder = _copy_assignment(tmp_path, A6, "08-unknown")
    result = subprocess.run([sys.executable, "-m", "autograder", "validate", "08-unknown",
                             "--assignments", str(folder.parent)], capture_output=True, text=True, cwd=tmp_path)
    assert result.returncode == 2
    assert "08-unknown: 1 problem(s)" in result.stderr and "Traceback" not in result.stderr


# -- feedback, through the student's check, in this process -----------------------------------------

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
            elif is_solution(cell) and not source.lstrip().startswith("def "):
                continue  # a variable computed from the notebook's data (checked by check.variable)
            define(namespace, source, grade_id(cell))
            if grade_id(cell) == "setup":  # the notebook's folder names the assignment; here we do
                namespace["check"] = Check(assignment, namespace)
                namespace["case"] = namespace["check"].case
    if extra:
        define(namespace, extra, "extra")
    return namespace


def run_test_cells(assignment, namespace, visible_only=False, only=None):
    """{grade_id: None if the test cell passes, else the failure message}."""
    results = {}
    for gid, cell in cells_by_id(assignment).items():
        if not is_test(cell) or (only and not gid.startswith(only)) or "check.variable(" in cell.source:
            continue  # variables come from the notebook's data, which these namespaces do not load
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


def feedback(assignment, replacement, name, *args, **kwargs):
    """The message the student's check gives for `replacement`'s `name` on these arguments."""
    namespace = namespace_for(assignment, extra="import helpers\n" + replacement)
    with pytest.raises(AssertionError) as error:
        namespace["check"](name, *args, **kwargs)
    return str(error.value)


def case(assignment, name, seed, **kwargs):
    return Check(assignment, {}).case(name, seed, **kwargs)


@pytest.mark.parametrize("assignment", IDS)
def test_the_solutions_pass_every_test_cell(assignment):
    results = run_test_cells(assignment, namespace_for(assignment))
    results = {gid: r for gid, r in results.items() if "check.variable(" not in cells_by_id(assignment)[gid].source}
    assert results and not any(results.values()), results


def test_a6_declared_mistakes_get_their_hints():
    message = failure(A6, "leaky_relu_values", {"leaky_relu": "def leaky_relu(Z, slope=0.01):\n"
                                                              "    return np.maximum(0, Z)\n"})
    assert "plain ReLU" in message and "multiplies them by the slope" in message


# -- assignments 1, 2 and 5: realistic mistakes ----------------------------------------------

A1 = "01-python-basics"
A2 = "02-logistic-regression"
A5 = "05-deep-network-application"


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
    assert "the cost is exactly 3 times too large, and 3 is the number of examples m in this test: divide by m" in message


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



# -- assignments 3 and 4: realistic mistakes ---------------------------------------------------

A3, A4 = "03-planar-classification", "04-deep-network-step-by-step"


def test_a03_db_without_keepdims_gets_a_shape_hint():
    message = failure(A3, "backward_propagation_small", {"backward_propagation": (
        "db1 = np.sum(dZ1, axis=1, keepdims=True) / m", "db1 = np.sum(dZ1, axis=1) / m")})
    assert "'db1'" in message and "keepdims=True" in message and "(4,)" in message


def test_a03_dW_not_divided_by_m_is_named():
    message = failure(A3, "backward_propagation_small", {"backward_propagation": (
        "dW2 = dZ2 @ A1.T / m", "dW2 = dZ2 @ A1.T")})
    assert "'dW2'" in message and "5 times too large, and 5 is the number of examples m" in message


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
    assert "dW is exactly 5 times too large, and 5 is the number of examples m" in message


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
    # the hint says how many layers without writing the solution's line (the student kit holds it)
    assert "no key 'W2'" in message and "layer_dims holds L + 1 sizes" in message


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
    assert Check(A4, namespace)._student_function("linear_activation_backward", namespace)
    namespace = namespace_for(A3)
    assert Check(A3, namespace)._student_function("forward_propagation", namespace)




# -- the planted mistakes of tests/assignment_variants (for the assignments that have them) ----------

VARIANTS = [a for a in IDS if (ROOT / "tests" / "assignment_variants" / f"a{a.replace('-', '_')}.py").exists()]


def test_variants_exist_for_the_first_five_assignments():
    assert len(VARIANTS) >= 5


@pytest.mark.parametrize("assignment", VARIANTS)
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
    # no other graded function calls it, so only its own tests can fail
    for other, cell in cells_by_id(assignment).items():
        if is_solution(cell) and other != wrong["cell"]:
            assert f"{wrong['function']}(" not in cell.source.split('"""', 2)[-1], f"{other} calls it"


@pytest.mark.parametrize("assignment", VARIANTS)
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


# -- the hints of issue 12, each planted in an assignment ------------------------------------------

def test_hint_a_rank_1_prediction_is_told_reshape_1_minus_1():
    message = feedback(A2, "def predict(w, b, X):\n    return (sigmoid(w.T @ X + b) > 0.5).astype(float).ravel()\n",
                       "predict", np.array([[0.1124579], [0.23106775]]), -0.3,
                       np.array([[1.0, -1.1, -3.2], [1.2, 2.0, 0.1]]))
    assert "has shape (3,), but should have shape (1, 3)" in message and "`.reshape(1, -1)`" in message
    assert "reshape(-1, 1)" not in message


def test_hint_a_factor_2_is_not_called_m_when_m_is_3():
    message = feedback(A2, PROPAGATE.format(cost=MEAN_COST, dw="2 * X @ (A - Y).T / m"), "propagate", W, B, X, Y)
    assert "grads['dw'] is exactly 2 times too large: look for a stray factor 2" in message
    assert "m = 2" not in message and "divide by m" not in message


def test_hint_a_transposed_dw_that_makes_w_square_is_called_transposed():
    message = feedback(A2, PROPAGATE.format(cost=MEAN_COST, dw="(A - Y) @ X.T / m"), "optimize",
                       W, B, X, Y, num_iterations=101, learning_rate=0.009)
    assert "['w'] has shape (2, 2), but should have shape (2, 1)" in message and "transposed" in message
    assert "sum over the examples" not in message


def test_hint_integer_division():
    message = feedback(A1, "def normalize_rows(x):\n    return x // np.linalg.norm(x, axis=1, keepdims=True)\n",
                       "normalize_rows", np.array([[3.0, 4.0], [1.0, 0.0]]))
    assert "`//` is integer division" in message


def test_hint_math_exp_on_an_array():
    message = feedback(A1, "import math\ndef sigmoid(x):\n    return 1 / (1 + math.exp(-x))\n",
                       "sigmoid", np.array([-1.0, 0.0, 2.0]))
    assert "`sigmoid` raised TypeError" in message and "use `np.exp`" in message


def test_hint_wrong_sign_in_the_update():
    message = failure(A4, "update_parameters_small", {"update_parameters": (
        "- learning_rate * grads", "+ learning_rate * grads")})
    assert "gradient descent subtracts" in message and "W = W - learning_rate * dW" in message


def test_hint_len_parameters_as_the_number_of_layers():
    message = failure(A4, "L_model_forward_small", {"L_model_forward": (
        "L = len(parameters) // 2", "L = len(parameters)")})
    assert "KeyError" in message and "the number of layers L is len(parameters) // 2" in message


def test_hint_initialize_with_zeros_returning_a_list_fails_its_own_test():
    namespace = namespace_for(A2, {"initialize_with_zeros": "def initialize_with_zeros(dim):\n"
                                                            "    return [[0.0]] * dim, 0.0\n"})
    message = run_test_cells(A2, namespace, only="initialize_with_zeros_values")["initialize_with_zeros_values"]
    assert message and "is a Python list: return a numpy array" in message


def test_hint_long_cost_lists_are_summarised():
    message = failure(A2, "model_values", {"model": (
        "optimize(w, b, X_train, Y_train, num_iterations, learning_rate, print_cost)",
        "optimize(w, b, X_train, Y_train, num_iterations, 0.1, print_cost)")})
    assert "of 20 items differ; the first:" in message
    assert message.count("['costs'][") == 3, message


# -- the student kit --------------------------------------------------------------------------------

KIT_ASSIGNMENT = A6


@pytest.fixture(scope="module")
def kit(tmp_path_factory):
    """`release` of the sixth assignment in a fresh course: (course, kit folder)."""
    from autograder import cli

    root = tmp_path_factory.mktemp("kitcourse") / "course"
    assert cli.main(["--course", str(root), "init"]) == 0
    assert cli.main(["--course", str(root), "release", KIT_ASSIGNMENT,
                     "--assignments", str(ROOT / "assignments")]) == 0
    return root, root / "kit"


def test_a_line_one_assignment_gives_does_not_block_anothers_kit(tmp_path, capsys):
    """Assignment 3's solution has `m = X.shape[1]`, which assignment 2's release shows as given code:
    releasing 3 after 2 still writes the kit, and the kit still refuses a line that is secret everywhere."""
    from autograder import cli, kit as kit_module

    root = tmp_path / "course"
    assert cli.main(["--course", str(root), "init"]) == 0
    for assignment in (A2, A3):
        assert cli.main(["--course", str(root), "release", assignment, "--assignments", str(ROOT / "assignments")]) == 0
    assert "refused" not in capsys.readouterr().err
    assert (root / "kit" / "assignments" / A3).is_dir() and (root / "kit" / "assignments" / A2).is_dir()
    secret = kit_module.secret_texts([source_path(A3)])
    assert "m = X.shape[1]" in secret and "m = X.shape[1]" in kit_module.released_text(root / "kit", exclude=A3)
    assert "m = X.shape[1]" not in kit_module.released_text(root / "kit", exclude=A2)  # 3's own release hides it


def test_the_kit_holds_no_reference_no_source_and_no_hidden_test(kit):
    root, folder = kit
    files = [p.relative_to(folder) for p in folder.rglob("*") if p.is_file()]
    assert pathlib.Path("autograder/checks.py") in files and pathlib.Path("helpers/__init__.py") in files
    assert pathlib.Path(f"assignments/{KIT_ASSIGNMENT}/leaky-relu.ipynb") in files
    assert not [f for f in files if "references" in f.parts or f.name in ("contract.py", "engine.py", "validate.py")]
    text = "\n".join(p.read_bytes().decode("utf-8", "replace") for p in folder.rglob("*")
                     if p.is_file() and p.suffix in (".py", ".ipynb", ".md", ".toml", ".pickle")
                     and "helpers" not in p.relative_to(folder).parts)
    source = read(KIT_ASSIGNMENT)
    secret = set()
    for cell in source.cells:
        secret.update(line.strip() for line in region(cell.source, "### BEGIN SOLUTION", "### END SOLUTION"))
        secret.update(line.strip() for line in region(cell.source, "### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS"))
    # the reference's solutions: its graded functions, cases and numeric gradients (its comparators,
    # the hints, go to the kit on purpose: autograder/hints/<id>.py)
    reference_source = pathlib.Path(contract.load(KIT_ASSIGNMENT).module.__file__).read_text()
    for node in ast.parse(reference_source).body:
        if isinstance(node, ast.FunctionDef) and not node.name.startswith("_compare"):
            lines = ast.get_source_segment(reference_source, node).splitlines()
            secret.update(line.strip() for line in lines
                          if line.strip().startswith(("return ", "def ")) and len(line.strip()) > 15)
    assert (folder / "autograder" / "hints" / f"{KIT_ASSIGNMENT}.py").exists()
    secret.discard("")
    assert secret
    leaked = sorted(line for line in secret if line in text)
    assert not leaked, leaked
    released = "\n".join(p.read_text() for p in (folder / "assignments").rglob("*.ipynb"))
    assert "BEGIN HIDDEN TESTS" not in released and "BEGIN SOLUTION" not in released


def _student_script(kit_notebook, replace=None):
    """The released notebook's setup, (solved or given) function cells and visible test cells, as a script."""
    nb = nbformat.read(kit_notebook, as_version=4)
    solutions = {grade_id(c): c.source for c in read(KIT_ASSIGNMENT).cells if is_solution(c)}
    solutions.update(replace or {})
    solutions = {k: v for k, v in solutions.items() if v is not None}  # None: left as released
    parts = []
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        source = solutions.get(grade_id(cell), cell.source)
        if is_test(cell):
            source = f"try:\n{textwrap.indent(source, '    ')}\nexcept AssertionError as e:\n    print('FAILED', e)\n"
        parts.append(source)
    return "\n\n".join(parts)


@pytest.fixture(scope="module")
def kit_python(kit, tmp_path_factory):
    """A fresh virtual environment with the kit pip-installed (third-party packages from this one)."""
    import sysconfig

    _, folder = kit
    venv = tmp_path_factory.mktemp("kitvenv") / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    purelib = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                             capture_output=True, text=True, check=True).stdout.strip()
    # numpy, matplotlib, pip, setuptools from this environment; a plain path line runs no .pth inside it,
    # so this environment's editable install of the whole course stays invisible
    ours = sysconfig.get_paths()["purelib"]
    pathlib.Path(purelib, "course-deps.pth").write_text(ours + "\n")
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--no-deps", "--no-index",
                    "--no-build-isolation", str(folder)], check=True, cwd=venv)
    return python


def test_the_kit_installs_into_a_fresh_environment_and_checks_visible_tests(kit, kit_python, tmp_path):
    _, folder = kit
    where = subprocess.run([str(kit_python), "-c", "import autograder, helpers, importlib.util;"
                            "print(autograder.__file__);"
                            "print(importlib.util.find_spec('autograder.references'))"],
                           capture_output=True, text=True, check=True, cwd=tmp_path).stdout.split()
    assert "site-packages" in where[0] and str(ROOT) not in where[0] and where[1] == "None"
    # installed (not editable), the kit's helpers still finds the image data and the zh figures' font
    data = subprocess.run([str(kit_python), "-c", "from helpers import datasets, fonts;"
                           "x = datasets.load_image_data()[0]; print(x.shape[1], fonts.FONT.is_file(), datasets.DATA_DIR)"],
                          capture_output=True, text=True, cwd=tmp_path,
                          env={k: v for k, v in os.environ.items() if k != "COURSE_DATASETS"})
    assert data.returncode == 0, data.stderr[-2000:]
    m, font, where_data = data.stdout.split()
    assert int(m) > 0 and font == "True" and "site-packages" in where_data and str(ROOT) not in where_data
    workdir = tmp_path / KIT_ASSIGNMENT  # the folder names the assignment
    shutil.copytree(folder / "assignments" / KIT_ASSIGNMENT, workdir)
    notebook_path = workdir / "leaky-relu.ipynb"
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "AUTOGRADER_ASSIGNMENT")}

    def run(script):
        (workdir / "student.py").write_text(script)
        result = subprocess.run([str(kit_python), "student.py"], capture_output=True, text=True,
                                cwd=workdir, env=env, timeout=300)
        assert result.returncode == 0, result.stderr[-2000:]
        return result.stdout

    right = run(_student_script(notebook_path))
    assert "FAILED" not in right, right
    assert right.count(": passed") == 3 and "gradients agree with central differences" in right
    wrong = run(_student_script(notebook_path, {"leaky_relu": "def leaky_relu(Z, slope=0.01):\n"
                                                              "    return np.maximum(0, Z)\n"}))
    assert "FAILED leaky_relu: the output of leaky_relu differs" in wrong, wrong
    assert wrong.count(": passed") == 2
    given = run(_student_script(notebook_path, {"leaky_relu_derivative": None}))
    assert "FAILED `leaky_relu_derivative` is not implemented yet" in given, given


# -- the original course's image data, by one setting ------------------------------------------------

@pytest.mark.parametrize("assignment", ["02-logistic-regression", "05-deep-network-application"])
def test_the_image_assignments_run_on_the_original_cat_files(assignment, tmp_path):
    """Sizes come from the data: generated files in the original layout (209 / 50 colour 64 x 64 images)."""
    from test_datasets import write_original_cat_files

    data = write_original_cat_files(tmp_path / "datasets")
    env = {**KERNEL_ENV, "COURSE_DATASETS": str(data)}
    env.pop("COURSE_IMAGE_DATASET", None)
    nb, _ = execute(read(assignment), source_path(assignment), env=env)
    text = ""
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            assert out.output_type != "error", f"{grade_id(cell)}: {out.get('ename')}: {out.get('evalue')}"
            if out.output_type == "stream" and out.name == "stdout":
                text += out.text
    assert "12288" in text  # n_x = 64 * 64 * 3, read from the files
    if assignment == "02-logistic-regression":
        assert "m_train = 209, m_test = 50, num_px = 64" in text and "m_train: passed" in text


def test_nbgrader_validate_shows_the_whole_hint(released, tmp_path):
    """nbgrader cuts every line of an error at 90 characters: the check's message comes in short lines."""
    folder = tmp_path / A6  # the folder names the assignment
    folder.mkdir()
    nb = nbformat.read(released(A6), as_version=4)
    for cell in nb.cells:
        if grade_id(cell) == "leaky_relu":
            cell.source = "def leaky_relu(Z, slope=0.01):\n    return np.maximum(0, Z)\n"
    nbformat.write(nb, folder / "leaky-relu.ipynb")
    result = subprocess.run([str(pathlib.Path(sys.executable).parent / "nbgrader"), "validate", "leaky-relu.ipynb"],
                            capture_output=True, text=True, cwd=folder, env=KERNEL_ENV, timeout=600)
    output = " ".join((result.stdout + result.stderr).split())
    assert "VALIDATION FAILED" in output
    assert "negative entries came out as 0, which is the plain ReLU: the leaky ReLU multiplies them by the slope" \
        in output, output[-1500:]
    assert "`leaky_relu_derivative` is not implemented yet" in output
    assert "Warning" not in output.replace("WARNING", "")


@pytest.mark.parametrize("assignment", IDS)
def test_the_kits_student_modules_hold_no_line_of_this_assignments_secrets(assignment):
    """A docstring example or a hint that copies a solution or hidden-test line would leak it into every kit."""
    from autograder import kit as kit_module

    secret = kit_module.secret_texts([source_path(assignment)], [contract.load(assignment).module.__file__])
    assert secret
    for name in kit_module.STUDENT_MODULES:
        text = (ROOT / "autograder" / name).read_text()
        assert not [line for line in secret if line in text], name
