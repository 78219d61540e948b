"""Each function graded on its own (`autograder/isolation.py`, the worker's isolated call): one mistake
is charged once, the dependent test says it was isolated, and nothing of the reference outlives the call."""

import nbformat
import pytest

from autograder import engine, isolation, notebook, transport
from autograder.sandbox import Slot
from grading_fixtures import fixture as fx
from instructor_course import ROOT_ASSIGNMENTS, export_rows, run

A2 = "02-logistic-regression"
NO_ONE_OVER_M = '''def propagate(w, b, X, Y):
    """Gradients and cost, forgetting the 1/m."""
    A = sigmoid(w.T @ X + b)
    cost = -np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A))
    dw = X @ (A - Y).T
    db = np.sum(A - Y)
    return {"dw": dw, "db": float(db)}, float(np.squeeze(cost))
'''


def test_the_plan_finds_the_lower_level_functions():
    nb = nbformat.read(ROOT_ASSIGNMENTS / A2 / "logistic-regression.ipynb", as_version=4)
    found = {name: [callee for callee, _ in callees] for name, callees in isolation.plan(nb).items()}
    assert found["optimize"] == ["propagate", "sigmoid"]
    # model names three; the reference optimize and predict call propagate and sigmoid by name
    assert found["model"] == ["initialize_with_zeros", "optimize", "predict", "propagate", "sigmoid"]
    assert "model" not in found["optimize"]
    assert all(source.startswith("def ") for _, source in isolation.plan(nb)["optimize"])


def test_one_missing_one_over_m_is_charged_once(tmp_path):
    course = tmp_path / "course"
    assert run(course, "init") == 0
    assert run(course, "release", A2, "--assignments", str(ROOT_ASSIGNMENTS)) == 0
    name = "logistic-regression.ipynb"
    source = nbformat.read(course / "source" / A2 / name, as_version=4)
    wrong = nbformat.from_dict(source)
    for cell in wrong.cells:
        if notebook.nbgrader_meta(cell).get("grade_id") == "propagate":
            cell.source = NO_ONE_OVER_M
    fx.write(source, course / "submitted" / "ref" / A2 / name)
    fx.write(wrong, course / "submitted" / "wrong" / A2 / name)
    assert run(course, "autograde", A2, "--workers", "2", "--cell-timeout", "60") == 0
    rows = export_rows(course, A2)
    total = float(rows["ref"]["max_score"])
    assert float(rows["ref"]["score"]) == total
    points = {}
    for cell in source.cells:
        if notebook.is_test(cell):
            meta = notebook.nbgrader_meta(cell)
            points[meta["grade_id"]] = float(meta.get("points") or 0)
    lost = {g for g in points if float(rows["wrong"][g]) < points[g]}
    assert lost and all(g.startswith("propagate") for g in lost), lost
    assert float(rows["wrong"]["score"]) == total - sum(points[g] for g in lost)
    from autograder import gradebook
    from autograder.course import Course

    record = gradebook.load_result(Course(course), "wrong", A2)
    messages = {t["grade_id"]: t["message"] for t in record["notebooks"][name]["tests"]}
    optimize_test = next(g for g in messages if g.startswith("optimize"))
    assert "graded with the reference `propagate`" in messages[optimize_test]


STUDENT = '''
import os
def g(x):
    return x + 1000          # the student's (wrong) lower-level function
def f(x):
    global stolen
    stolen = g               # try to keep the reference
    try:
        with open("stash.txt", "w") as out:
            out.write("reference")
    except OSError:
        pass
    return g(x) * 2
'''


@pytest.mark.parametrize("sandboxed", [None, False])
def test_an_isolated_call_uses_the_reference_and_leaves_nothing_behind(tmp_path, sandboxed):
    fx.register_reference()
    source = fx.write_source(tmp_path)
    limits = engine.Limits(sandbox=sandboxed, cell_timeout=20, call_timeout=20, notebook_timeout=60)
    grader = engine.AssignmentGrader(source, fx.ASSIGNMENT, limits)
    slot = Slot(grader.runtime, limits.sandbox_limits(), limits.sandbox)
    try:
        session = slot.begin([])
        meta, _ = session.request({"cmd": "cell", "source": STUDENT}, timeout=20)
        assert meta["ok"], meta
        wire = transport.encode(((1,), {}))
        meta, value = session.request({"cmd": "call", "name": "f", "isolate": ["def g(x):\n    return x + 1\n"]},
                                      encoded=wire, timeout=20)
        assert meta["ok"] and value == 4, (meta, value)  # (1 + 1) * 2 with the reference g
        meta, _ = session.request({"cmd": "variable", "name": "stolen"}, timeout=20)
        assert not meta["ok"] and meta["error"] == "undefined"  # the stolen reference died with the call
        meta, _ = session.request({"cmd": "cell", "source": "assert not os.path.exists('stash.txt')"}, timeout=20)
        assert meta["ok"], meta  # and it could not write a file
        meta, value = session.request({"cmd": "call", "name": "f"}, encoded=wire, timeout=20)
        assert value == 2002  # the student's own g is back
        session.close()
    finally:
        slot.close()
        grader.close()
