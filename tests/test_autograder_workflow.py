"""The instructor's workflow (`autograder/cli.py`): release -> submit -> autograde -> feedback -> export.

First on the fixture assignment, in detail; then on every real assignment in
``assignments/`` whose reference module exists: the reference solution scores
full marks, the untouched release scores 0 without crashing, the planted
mistakes of ``tests/assignment_variants/`` lose exactly their function's
points (or, for VISIBLE_ONLY, some points).
"""

import csv
import importlib
import pathlib
import re
import shutil
import subprocess
import sys

import nbformat
import pytest
from nbgrader.api import Gradebook

from autograder import cli, course as course_module, notebook, sandbox, testcells
from grading_fixtures import fixture as fx

ROOT = pathlib.Path(__file__).resolve().parent.parent
FAST = ["--cell-timeout", "5", "--notebook-timeout", "60"]


def run(course, *args):
    return cli.main(["--course", str(course), *args])


def read_csv(course, assignment):
    with open(course / "exports" / f"{assignment}.csv") as handle:
        return {row["student"]: row for row in csv.DictReader(handle)}


def submit(course, student, assignment, nb, name):
    fx.write(nb, course / "submitted" / student / assignment / name)


@pytest.fixture(scope="module")
def fixture_course(tmp_path_factory):
    """A course with the fixture released and six students' submissions, autograded once."""
    fx.register_reference()
    base = tmp_path_factory.mktemp("workflow")
    assignments, course = base / "assignments", base / "course"
    fx.write_source(assignments)
    assert run(course, "init") == 0
    assert run(course, "release", fx.ASSIGNMENT, "--assignments", str(assignments)) == 0
    released = nbformat.read(course / "release" / fx.ASSIGNMENT / fx.NOTEBOOK, as_version=4)
    submit(course, "alice", fx.ASSIGNMENT, released, fx.NOTEBOOK)
    solved = fx.submission()
    submit(course, "bob", fx.ASSIGNMENT, solved, fx.NOTEBOOK)
    submit(course, "carol", fx.ASSIGNMENT, fx.submission({"double": "def double(x):\n    return 3 * x"}), fx.NOTEBOOK)
    deleted = fx.submission()
    deleted.cells = [c for c in deleted.cells if c.metadata.get("nbgrader", {}).get("grade_id") != "sigmoid_hidden"]
    submit(course, "dave", fx.ASSIGNMENT, deleted, fx.NOTEBOOK)
    (course / "submitted" / "erin" / fx.ASSIGNMENT).mkdir(parents=True)
    (course / "submitted" / "erin" / fx.ASSIGNMENT / fx.NOTEBOOK).write_text("{not json")
    submit(course, "gina", fx.ASSIGNMENT, fx.submission(extra=[("sigmoid_hidden", "while True:\n    pass")]), fx.NOTEBOOK)
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
        gradebook.update_or_create_student("frank")  # enrolled, never submitted
    return course


@pytest.fixture(scope="module")
def graded(fixture_course):
    status = run(fixture_course, "autograde", fx.ASSIGNMENT, "--workers", "2", *FAST)
    return status, read_csv(fixture_course, fx.ASSIGNMENT)


EXPECTED = {  # student: (status, score)
    "alice": ("graded", 0), "bob": ("graded", 8), "carol": ("graded", 5), "dave": ("tampered", 8),
    "erin": ("invalid_notebook", 0), "frank": ("missing", 0), "gina": ("timed_out", 7),
}


def test_release_has_no_solution_and_no_hidden_test(fixture_course):
    released = (fixture_course / "release" / fx.ASSIGNMENT / fx.NOTEBOOK).read_text()
    secret, public = course_module.secret_lines(fx.source_notebook())
    assert secret - public  # there is something to hide
    text = {line.strip() for cell in nbformat.reads(released, as_version=4).cells for line in cell.source.splitlines()}
    assert not (secret - public) & text
    for marker in ("BEGIN SOLUTION", "END SOLUTION", "HIDDEN TESTS"):
        assert marker not in released
    assert "raise NotImplementedError()" in released


def test_a_leaked_line_is_caught(fixture_course, tmp_path):
    course = course_module.Course(fixture_course)
    path = course.release_dir(fx.ASSIGNMENT) / fx.NOTEBOOK
    original = path.read_text()
    try:
        nb = nbformat.reads(original, as_version=4)
        nb.cells.append(nbformat.v4.new_code_cell('check("double", rng(3).standard_normal((2, 3)))'))
        nbformat.write(nb, path)
        leaks = course.check_release(fx.ASSIGNMENT)
        assert len(leaks) == 1 and "rng(3).standard_normal((2, 3))" in leaks[0]
    finally:
        path.write_text(original)


def test_autograde_gives_every_submission_a_status(graded):
    status, rows = graded
    assert status == 3  # graded, but erin, frank and gina have no grade
    assert {s: (r["status"], float(r["score"])) for s, r in rows.items()} == EXPECTED
    assert rows["dave"]["flags"] == "tampered: test cell sigmoid_hidden was deleted (restored)"
    assert rows["carol"]["double_values"] == "0" and rows["carol"]["double_hidden"] == "0"
    assert all(r["max_score"] == "8" for r in rows.values())


def test_grades_are_in_the_nbgrader_gradebook(fixture_course, graded):
    with Gradebook(f"sqlite:///{fixture_course / 'gradebook.db'}") as gradebook:
        assert gradebook.find_submission(fx.ASSIGNMENT, "bob").score == 8
        assert gradebook.find_submission(fx.ASSIGNMENT, "carol").score == 5
        assert gradebook.find_grade("double_hidden", "fixture", fx.ASSIGNMENT, "carol").score == 0
        assert gradebook.find_submission(fx.ASSIGNMENT, "dave").max_score == 8


def test_rerun_gives_identical_grades_and_resume_keeps_them(fixture_course, graded, capsys):
    _, first = graded
    assert run(fixture_course, "autograde", fx.ASSIGNMENT, "--workers", "1", *FAST) == 3
    assert read_csv(fixture_course, fx.ASSIGNMENT) == first
    capsys.readouterr()
    assert run(fixture_course, "autograde", fx.ASSIGNMENT, "--resume", *FAST) == 3
    out = capsys.readouterr().out
    assert "(4 unchanged, kept)" in out  # alice, bob, carol, dave; the others are graded again
    assert "  bob:" not in out and "  erin:" in out
    assert read_csv(fixture_course, fx.ASSIGNMENT) == first


def test_feedback_shows_scores_and_messages_but_no_hidden_tests(fixture_course, graded):
    assert run(fixture_course, "feedback", fx.ASSIGNMENT) == 0
    page = (fixture_course / "feedback" / "carol" / fx.ASSIGNMENT / "fixture.html").read_text()
    assert "5 / 8" in page and "double works on other inputs (hidden tests)" in page
    assert "the largest absolute difference" in page
    for secret in ("standard_normal((2, 3))", "check(", "HIDDEN TESTS", "return 2 * x"):
        assert secret not in page
    assert (fixture_course / "feedback" / "frank" / fx.ASSIGNMENT / "fixture.html").exists()


def test_export_writes_the_csv(fixture_course, graded):
    (fixture_course / "exports" / f"{fx.ASSIGNMENT}.csv").unlink()
    assert run(fixture_course, "export", fx.ASSIGNMENT) == 0
    assert read_csv(fixture_course, fx.ASSIGNMENT) == graded[1]


def test_without_bubblewrap_it_grades_warns_and_flags_and_db_url_elsewhere(fixture_course, graded, monkeypatch, capsys,
                                                                          tmp_path):
    course = tmp_path / "course"
    shutil.copytree(fixture_course, course)
    for student in list((course / "submitted").iterdir()):
        if student.name != "bob":
            shutil.rmtree(student)
    # and a gradebook elsewhere, named on purpose by its URL
    elsewhere = tmp_path / "elsewhere.db"
    shutil.move(course / "gradebook.db", elsewhere)
    with Gradebook(f"sqlite:///{elsewhere}") as gradebook:
        gradebook.remove_submission(fx.ASSIGNMENT, "bob")
    monkeypatch.setattr(sandbox, "bwrap_path", lambda: None)
    import importlib

    for module in ("autograder.sandbox.slot",):  # where the sandbox package looks it up
        try:
            monkeypatch.setattr(importlib.import_module(module), "bwrap_path", lambda: None)
        except (ImportError, AttributeError):
            pass
    status = run(course, "--db", f"sqlite:///{elsewhere}", "autograde", fx.ASSIGNMENT, "--workers", "1", *FAST)
    assert status == 3  # frank and the others are missing
    assert "WARNING: bubblewrap (bwrap) is not available" in capsys.readouterr().err
    bob = read_csv(course, fx.ASSIGNMENT)["bob"]
    assert (bob["status"], bob["score"], bob["flags"]) == ("graded", "8", "unsandboxed")
    assert not (course / "gradebook.db").exists()
    with Gradebook(f"sqlite:///{elsewhere}") as gradebook:
        assert gradebook.find_submission(fx.ASSIGNMENT, "bob").score == 8


def test_the_console_script_and_python_m_work():
    result = subprocess.run([sys.executable, "-m", "autograder", "--help"], capture_output=True, text=True)
    assert result.returncode == 0 and "autograde" in result.stdout


# -- the real assignments ------------------------------------------------------------------------

def _real_assignments():
    found = []
    for folder in sorted((ROOT / "assignments").glob("*")):
        module = "a" + folder.name.replace("-", "_")
        notebooks = sorted(folder.glob("*.ipynb"))
        reason = None
        if not notebooks:
            reason = "no notebook yet"
        elif not (ROOT / "autograder" / "references" / f"{module}.py").exists():
            reason = f"no reference module autograder/references/{module}.py yet"
        found.append(pytest.param(folder.name, marks=pytest.mark.skip(reason=reason)) if reason else folder.name)
    return found or [pytest.param("none", marks=pytest.mark.skip(reason="no assignments yet"))]


def _tests_of(source_nb, function):
    """grade_ids (and points) of the test cells that check `function`."""
    points = {}
    for cell in source_nb.cells:
        if notebook.is_test(cell):
            _, calls = testcells.parse_test_cell(cell.source)
            names = {call.node.args[0].value for call in calls if call.node.args and hasattr(call.node.args[0], "value")}
            if function in names:
                meta = notebook.nbgrader_meta(cell)
                points[meta["grade_id"]] = float(meta.get("points") or 0)
    return points


def _replace(nb, grade_id, source):
    nb = nbformat.from_dict(nb)
    cell = next(c for c in nb.cells if notebook.nbgrader_meta(c).get("grade_id") == grade_id)
    cell.source = source
    return nb


def _variants(assignment):
    """`WRONG_ONE_FUNCTION` and `VISIBLE_ONLY` of `tests/assignment_variants/a<id>.py`; an assignment without
    that file (a new one is two files: notebook and reference) uses its first declared mistake, and no
    visible-only variant."""
    name = "assignment_variants.a" + assignment.replace("-", "_")
    if (ROOT / "tests" / (name.replace(".", "/") + ".py")).exists():
        return importlib.import_module(name).WRONG_ONE_FUNCTION, importlib.import_module(name).VISIBLE_ONLY
    from autograder import contract

    first = contract.load(assignment).mistakes[0]
    function = re.search(r"def (\w+)", first.source).group(1)
    return {"function": function, "cell": first.cell, "source": first.source}, None


@pytest.mark.parametrize("assignment", _real_assignments())
def test_real_assignment_grades(assignment, tmp_path):
    wrong, visible = _variants(assignment)
    course = tmp_path / "course"
    assert run(course, "init") == 0
    assert run(course, "release", assignment, "--assignments", str(ROOT / "assignments")) == 0
    for source_path in sorted((course / "source" / assignment).glob("*.ipynb")):
        name = source_path.name
        source_nb = nbformat.read(source_path, as_version=4)
        released = nbformat.read(course / "release" / assignment / name, as_version=4)
        submit(course, "reference", assignment, source_nb, name)
        submit(course, "untouched", assignment, released, name)
        submit(course, "wrong", assignment, _replace(source_nb, wrong["cell"], wrong["source"]), name)
        if visible:
            submit(course, "visible", assignment, _replace(source_nb, visible["cell"], visible["source"]), name)
    assert run(course, "autograde", assignment, "--workers", "2", "--cell-timeout", "60") == 0
    rows = read_csv(course, assignment)
    total = float(rows["reference"]["max_score"])
    assert total > 0
    assert (rows["reference"]["status"], float(rows["reference"]["score"])) == ("graded", total), rows["reference"]
    assert (rows["untouched"]["status"], float(rows["untouched"]["score"])) == ("graded", 0), rows["untouched"]
    lost = _tests_of(source_nb, wrong["function"])
    assert lost, f"no test checks {wrong['function']}"
    assert rows["wrong"]["status"] == "graded"
    assert {g for g in lost if float(rows["wrong"][g]) == 0} == set(lost)
    assert float(rows["wrong"]["score"]) == total - sum(lost.values())
    if visible:
        assert rows["visible"]["status"] == "graded" and float(rows["visible"]["score"]) < total
