"""The trusted engine (`autograder/engine.py`): statuses, tamper repair, points from the source, data-only transport."""

import io
import json

import nbformat
import numpy as np
import pytest

from autograder import notebook, testcells, transport
from autograder.engine import STATUSES
from grading_fixtures import fixture as fx


@pytest.fixture(scope="module")
def grading(tmp_path_factory):
    grading = fx.Grading(tmp_path_factory.mktemp("engine"))
    yield grading
    grading.close()


def test_reference_solution_scores_full_marks(grading):
    result = grading.grade(fx.submission())
    assert (result.status, result.score, result.max_score) == ("graded", fx.MAX_SCORE, fx.MAX_SCORE)
    assert all(t.passed and t.message == "passed" for t in result.tests)
    assert [t.grade_id for t in result.tests] == list(fx.POINTS)
    assert result.tests[0].description == "double is right on a small vector"


def test_untouched_release_scores_zero_and_says_not_implemented(grading):
    result = grading.grade(fx.student_notebook())
    assert (result.status, result.score) == ("graded", 0)
    messages = {t.grade_id: t.message for t in result.tests}
    assert messages["double_values"] == "`double` is not implemented yet"
    assert "not defined" in messages["m_train_value"]


def test_one_wrong_function_loses_exactly_its_points(grading):
    result = grading.grade(fx.submission({"column_stats": "def column_stats(X):\n"
                                          "    return {'mean': X.mean(axis=1), 'std': X.std(axis=1)}"}))
    assert result.score == fx.MAX_SCORE - 2
    lost = {g for g, p in fx.scores(result).items() if p == 0}
    assert lost == set(fx.FUNCTION_TESTS["column_stats"])
    message = next(t.message for t in result.tests if t.grade_id == "column_stats_small")
    # the reference's comparator and checks.compare say what to fix
    assert "shape (3,)" in message and "keepdims=True" in message


def test_a_cell_that_does_not_run_is_named_in_the_feedback(grading):
    # an indentation slip: the function is never defined, and the message says why
    result = grading.grade(fx.submission({"double": "def double(x):\n    y = 2 * x\n        return y"}))
    message = next(t.message for t in result.tests if t.grade_id == "double_values")
    assert message.startswith("`double` is not defined because the cell where you write it raised IndentationError")
    assert "fix that error" in message
    assert result.score == fx.MAX_SCORE - sum(fx.POINTS[g] for g in fx.FUNCTION_TESTS["double"])


def test_visible_only_solution_loses_the_hidden_points(grading):
    result = grading.grade(fx.submission({"double": "def double(x):\n    return np.array([2 * x[0], 2 * x[1]])"}))
    assert fx.scores(result)["double_values"] == 1
    assert fx.scores(result)["double_hidden"] == 0
    assert result.score == fx.MAX_SCORE - 2


def test_python_int_where_float_expected_passes(grading):
    # double(4) must be 8.0; a Python int 8 is as good
    result = grading.grade(fx.submission({"double": "def double(x):\n    return x + x if isinstance(x, int) else 2.0 * x"}))
    assert result.score == fx.MAX_SCORE


def test_calling_the_course_helpers_earns_nothing(grading):
    # helpers.activations is not importable in the sandbox, and the grader reads the source too
    answer = "import helpers.activations as act\ndef sigmoid(z):\n    return act.sigmoid(z)"
    result = grading.grade(fx.submission({"sigmoid": answer}))
    assert fx.scores(result)["sigmoid_values"] == 0
    assert "calls the course's helpers (sigmoid)" in next(t.message for t in result.tests if t.grade_id == "sigmoid_values")
    assert result.score == fx.MAX_SCORE - 2


def test_missing_empty_corrupt_and_non_notebook_files(grading, tmp_path):
    missing = grading.grade(tmp_path / "nothing.ipynb")
    assert (missing.status, missing.score, missing.max_score) == ("missing", 0, fx.MAX_SCORE)
    assert grading.grade(None).status == "missing"
    for name, content in [("empty", b""), ("corrupt", b'{"cells": [ oops'), ("list", b"[1, 2]"),
                          ("binary", bytes(range(256))), ("badformat", json.dumps({"cells": [{"x": 1}]}).encode())]:
        path = tmp_path / f"{name}.ipynb"
        path.write_bytes(content)
        result = grading.grade(path)
        assert (result.status, result.score) == ("invalid_notebook", 0), name
        assert len(result.tests) == len(fx.POINTS) and not any(t.passed for t in result.tests)


def _cell(nb, grade_id):
    return next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == grade_id)


def test_deleted_test_cell_is_restored_and_graded(grading):
    nb = fx.submission()
    nb.cells = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") != "double_hidden"]
    result = grading.grade(nb)
    assert (result.status, result.score) == ("tampered", fx.MAX_SCORE)
    assert "tampered: test cell double_hidden was deleted (restored)" in result.flags


def test_deleted_test_cells_of_a_wrong_function_still_cost_its_points(grading):
    nb = fx.submission({"double": "def double(x):\n    return x"})
    nb.cells = [c for c in nb.cells if not c.metadata.get("nbgrader", {}).get("grade_id", "").startswith("double_")]
    result = grading.grade(nb)
    assert (result.status, result.score) == ("tampered", fx.MAX_SCORE - 3)


def test_edited_test_cell_is_restored(grading):
    nb = fx.submission({"double": "def double(x):\n    return x"})
    _cell(nb, "double_values").source = '"""double"""\npass'
    result = grading.grade(nb)
    assert result.status == "tampered"
    assert fx.scores(result)["double_values"] == 0  # the source's test ran, not "pass"
    assert any("double_values was edited" in f for f in result.flags)


def test_retyped_test_cell_is_restored(grading):
    nb = fx.submission({"double": "def double(x):\n    return x"})
    cell = _cell(nb, "double_values")
    nb.cells[nb.cells.index(cell)] = nbformat.v4.new_markdown_cell(cell.source, metadata=cell.metadata)
    result = grading.grade(nb)
    assert result.status == "tampered" and fx.scores(result)["double_values"] == 0
    assert any("changed from code to markdown" in f for f in result.flags)


def test_points_come_from_the_source_not_the_submission(grading):
    nb = fx.submission()
    _cell(nb, "double_values").metadata["nbgrader"]["points"] = 100
    fake = nbformat.v4.new_code_cell("pass", metadata={"nbgrader": {
        "grade": True, "solution": False, "locked": True, "grade_id": "bonus", "points": 1000, "schema_version": 3}})
    nb.cells.append(fake)
    result = grading.grade(nb)
    assert (result.status, result.score, result.max_score) == ("tampered", fx.MAX_SCORE, fx.MAX_SCORE)
    assert fx.scores(result)["double_values"] == 1
    assert "bonus" not in fx.scores(result)
    assert any("metadata of cell double_values changed (points)" in f for f in result.flags)


def test_unlocking_a_test_cell_is_flagged(grading):
    nb = fx.submission()
    _cell(nb, "sigmoid_values").metadata["nbgrader"]["locked"] = False
    result = grading.grade(nb)
    assert (result.status, result.score) == ("tampered", fx.MAX_SCORE)


def test_unknown_kernel_is_graded_with_python_and_flagged(grading):
    nb = fx.submission()
    nb.metadata["kernelspec"] = {"name": "evil-kernel", "display_name": "x", "language": "python"}
    result = grading.grade(nb)
    assert (result.status, result.score) == ("graded", fx.MAX_SCORE)
    assert result.flags == ["unknown kernel 'evil-kernel': graded with python3"]


def test_deleted_solution_cell_gets_no_instructor_code(grading):
    nb = fx.submission()
    nb.cells = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") != "sigmoid"]
    result = grading.grade(nb)
    assert result.score == fx.MAX_SCORE - 2
    assert "solution cell sigmoid was deleted" in result.flags


def test_student_cells_run_in_their_order_and_later_definitions_win(grading):
    result = grading.grade(fx.submission(extra=[("m_train", "def double(x):\n    return 0 * x")]))
    assert result.score == fx.MAX_SCORE  # the tests of double ran before the redefinition
    result = grading.grade(fx.submission(extra=[(None, "def sigmoid(z):\n    return z")]))
    assert result.score == fx.MAX_SCORE  # the solution cell comes after and redefines it


def test_regrading_gives_identical_results(grading):
    nb = fx.submission({"double": "def double(x):\n    return 2 * x + 1e-3"})
    first, second = grading.grade(nb), grading.grade(nb)
    assert [(t.grade_id, t.points, t.message) for t in first.tests] == \
        [(t.grade_id, t.points, t.message) for t in second.tests]
    assert (first.status, first.score) == (second.status, second.score)


def test_statuses_are_the_documented_ones():
    assert set(STATUSES) == {"graded", "tampered", "timed_out", "out_of_memory", "crashed", "missing",
                             "invalid_notebook", "refused"}


# -- data only ----------------------------------------------------------------------------------

def test_transport_round_trip_keeps_structure():
    value = {"W1": np.arange(6.0).reshape(2, 3), "b1": np.zeros((2, 1)), 3: (1, 2.5, None, "relu", True),
             "caches": [((np.ones(2), np.int64(4)), np.float32(0.5))], "big": 2 ** 70, "nan": float("nan")}
    back = transport.decode(*transport.encode(value))
    assert set(back) == set(value)
    np.testing.assert_array_equal(back["W1"], value["W1"])
    assert back[3] == (1, 2.5, None, "relu", True)
    assert isinstance(back["caches"], list) and isinstance(back["caches"][0][0], tuple)
    assert back["caches"][0][0][1] == 4 and back["big"] == 2 ** 70 and np.isnan(back["nan"])


def test_transport_carries_no_objects():
    back = transport.decode(*transport.encode([len, object(), np.array([object()], dtype=object)]))
    assert all(isinstance(v, transport.Opaque) for v in back)
    assert type(back[0]).__name__ == "builtin_function_or_method"


def test_transport_refuses_pickles():
    buffer = io.BytesIO()
    np.savez(buffer, np.array([{"a": 1}], dtype=object), allow_pickle=True)
    with pytest.raises(ValueError):
        transport.decode(json.dumps({"t": "nd", "i": 0}).encode(), buffer.getvalue())


def test_transport_size_limit():
    with pytest.raises(transport.TooLarge):
        transport.encode(np.zeros(10_000), max_bytes=1000)


# -- reading cells with ast ---------------------------------------------------------------------

def test_test_cells_allow_only_check_calls():
    description, calls = testcells.parse_test_cell('"""d"""\ncheck("f", 1)\ncheck.gradients("g", np.ones(2))')
    assert description == "d" and [c.kind for c in calls] == ["value", "gradients"]
    for bad in ['import os', 'x = 1', 'check("f", 1)\nprint(2)']:
        with pytest.raises(testcells.MalformedTest):
            testcells.parse_test_cell(bad)


@pytest.mark.parametrize("source, found", [
    ("from helpers import sigmoid\ndef f(z):\n    return sigmoid(z)", ["sigmoid"]),
    ("from helpers.activations import sigmoid as s\ndef f(z):\n    return s(z)", ["sigmoid"]),
    ("import helpers as h\ndef f(z):\n    return h.activations.sigmoid(z)", ["sigmoid"]),
    ("def f(z):\n    from helpers import sigmoid\n    return sigmoid(z)", ["sigmoid"]),
    ("from helpers import sigmoid\ndef sigmoid(z):\n    return 1 / (1 + np.exp(-z))\ndef f(z):\n    return sigmoid(z)", []),
    ("def f(z):\n    return 1 / (1 + np.exp(-z))", []),
])
def test_forbidden_helpers_are_found_in_the_source(source, found):
    assert testcells.forbidden_uses([source], "f", ["sigmoid"]) == found


def test_hidden_tests_are_removed_like_nbgrader_does():
    source = '"""d"""\ncheck("f", 1)\n### BEGIN HIDDEN TESTS\ncheck("f", 2)\n### END HIDDEN TESTS'
    assert notebook.remove_hidden_tests(source) == '"""d"""\ncheck("f", 1)'
    assert notebook.same_text('"""d"""\ncheck("f", 1)\n', source)
    assert not notebook.same_text('"""d"""\ncheck("f", 3)', source)
