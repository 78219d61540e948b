"""The Chinese edition, graded in Chinese: `release --lang`, `validate` of the zh edition, the grader's
messages and feedback page in the submission's language, and the student's `check` in a zh folder.

One course releases assignment 2 with ``--lang both``; a Chinese and an English student hand in the
same planted mistake (the cost summed over the examples, not divided by m: a declared `Mistake`).
Both are graded against the one source into the one gradebook; each feedback page speaks its
student's language, down to the names of the tests.
"""

import html
import os
import subprocess
import sys

import nbformat
import numpy as np
import pytest

from autograder import contract, feedback, gradebook, messages, notebook, testcells
from autograder.course import Course
from autograder.checks import Check, CheckFailed
from autograder import engine
from instructor_course import FAST, export_rows, run
from nbtools import ROOT

A2, A6 = "02-logistic-regression", "06-leaky-relu"
ENGLISH, CHINESE = ROOT / "assignments", ROOT / "zh" / "assignments"


def has_cjk(text):
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def solved(released, source, replace):
    """The released notebook with the source's solutions, except the cells in `replace`."""
    nb = nbformat.read(released, as_version=4)
    solutions = {notebook.nbgrader_meta(c).get("grade_id"): c.source
                 for c in nbformat.read(source, as_version=4).cells if notebook.nbgrader_meta(c).get("solution")}
    solutions.update(replace)
    for cell in nb.cells:
        gid = notebook.nbgrader_meta(cell).get("grade_id")
        if gid in solutions and notebook.nbgrader_meta(cell).get("solution"):
            cell.source = solutions[gid]
    return nb


def mistake(assignment, key):
    [found] = [m for m in contract.load(assignment).mistakes if m.hint == key]
    return found


@pytest.fixture(scope="module")
def both(tmp_path_factory):
    """A course with assignment 2 released in both editions; a zh and an en student graded, feedback written."""
    course = tmp_path_factory.mktemp("zh-course") / "course"
    assert run(course, "init") == 0
    assert run(course, "release", A2, "--lang", "both", "--assignments", str(ENGLISH)) == 0
    planted = mistake(A2, "hint_times_m")  # the cost summed over the examples, not divided by m
    name = "logistic-regression.ipynb"
    for student, release, source in (("li", course / "zh" / "release" / A2, CHINESE / A2),
                                      ("ada", course / "release" / A2, ENGLISH / A2)):
        nb = solved(release / name, source / name, {planted.cell: planted.source})
        path = course / "submitted" / student / A2 / name
        path.parent.mkdir(parents=True)
        nbformat.write(nb, path)
    assert run(course, "autograde", A2, *FAST) == 0
    assert run(course, "feedback", A2) == 0
    return course


def test_both_editions_are_released_under_one_assignment_id(both):
    name = "logistic-regression.ipynb"
    english = nbformat.read(both / "release" / A2 / name, as_version=4)
    chinese = nbformat.read(both / "zh" / "release" / A2 / name, as_version=4)
    assert messages.notebook_language(english) == "en" and messages.notebook_language(chinese) == "zh"
    assert "course-language: zh" in (both / "zh" / "release" / A2 / "matplotlibrc").read_text()
    released = (both / "zh" / "release" / A2 / name).read_text()
    assert "BEGIN SOLUTION" not in released and "BEGIN HIDDEN TESTS" not in released
    # the kit: both editions, one set of expected values, the hints without the reference
    kit = both / "kit"
    assert (kit / "assignments" / A2 / name).exists() and (kit / "zh" / "assignments" / A2 / name).exists()
    assert (kit / "autograder" / "hints" / f"{A2}.py").exists()
    assert not list(kit.rglob("a0*.py")) and not (both / "source" / A2 / "matplotlibrc").exists()


def test_a_zh_submission_gets_chinese_hints_and_page_and_the_same_grade(both):
    record = {s: gradebook.load_result(Course(both), s, A2) for s in ("li", "ada")}
    results = {s: gradebook.notebook_results(r)["logistic-regression.ipynb"] for s, r in record.items()}
    assert results["li"].language == "zh" and results["ada"].language == "en"
    assert results["li"].score == results["ada"].score < results["li"].max_score
    rows = export_rows(both, A2)  # one gradebook, one assignment: both students in the same export
    assert set(rows) >= {"li", "ada"}
    page = {s: html.unescape((both / "feedback" / s / A2 / "logistic-regression.html").read_text())
            for s in ("li", "ada")}
    assert 'lang="zh-CN"' in page["li"] and 'lang="en"' in page["ada"]
    for key in ("page_student", "page_score", "page_test", "page_result", "page_failed"):
        assert messages.text(key, "zh") in page["li"], key
        assert messages.text(key, "en") in page["ada"], key
    # the declared mistake's hint, each in its language; the Chinese page has no English hint
    assert messages.matches("hint_times_m", page["li"], "zh"), page["li"][-1500:]
    assert messages.matches("hint_times_m", page["ada"], "en")
    assert not messages.matches("hint_times_m", page["li"], "en")
    assert not has_cjk(page["ada"])


def test_each_page_names_the_tests_in_its_students_language(both):
    """The zh page names every test by the reference's `TEST_NAMES["zh"]`, the English page by its docstring."""
    source = notebook.read_notebook(ENGLISH / A2 / "logistic-regression.ipynb")
    docstrings = {notebook.nbgrader_meta(c)["grade_id"]: testcells.parse_test_cell(c.source)[0]
                  for c in source.cells if notebook.is_test(c)}
    chinese = contract.load(A2).test_names["zh"]
    assert len(docstrings) == 13 and set(chinese) == set(docstrings)
    page = {s: html.unescape((both / "feedback" / s / A2 / "logistic-regression.html").read_text())
            for s in ("li", "ada")}
    for grade_id, docstring in docstrings.items():
        assert f"<td>{chinese[grade_id]}<br><small>{grade_id}</small></td>" in page["li"], grade_id
        assert f"<td>{docstring}<br><small>{grade_id}</small></td>" in page["ada"], grade_id
        assert docstring not in page["li"] and chinese[grade_id] not in page["ada"]
    assert "propagate 在其他特征数和样本数下也正确" in page["li"]
    assert "propagate works for other numbers of features and examples" in page["ada"]
    # the record keeps what the page shows
    record = gradebook.notebook_results(gradebook.load_result(Course(both), "li", A2))["logistic-regression.ipynb"]
    assert {t.grade_id: t.description for t in record.tests} == chinese


def test_a_test_without_a_chinese_name_keeps_its_docstring():
    reference = contract.load(A6)
    chinese = "leaky_relu 在一个小向量上的结果正确"
    assert reference.test_name("leaky_relu_values", "zh", "docstring") == chinese
    assert reference.test_name("leaky_relu_values", "en", "docstring") == "docstring"
    assert reference.test_name("not_a_test", "zh", "docstring") == "docstring"


def test_the_feedback_page_says_a_status_in_chinese():
    result = engine.NotebookResult("timed_out", [], [engine.TestResult("t1", 0.0, 2.0, False, "x", "sigmoid")], 0.0, 2.0, 1.0,
                            "the notebook took longer than 60 s", "", "zh")
    page = feedback.render("li", A6, "leaky-relu.ipynb", result)
    assert messages.text("status_timed_out", "zh") in page and "timed out" not in page
    assert messages.text("page_failed", "zh") in page
    english = feedback.render("li", A6, "leaky-relu.ipynb", engine.NotebookResult(**{**result.to_dict(), "language": "en",
                                                                              "tests": result.tests}))
    assert messages.text("status_timed_out", "en") in english and not has_cjk(english)


def test_release_zh_releases_the_chinese_edition_and_refuses_an_unknown_language(tmp_path, capsys):
    course = tmp_path / "course"
    assert run(course, "init") == 0
    capsys.readouterr()
    assert run(course, "release", A6, "--lang", "fr", "--assignments", str(ENGLISH)) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "unknown language 'fr'" in err and "--lang en" in err
    assert not (course / "release" / A6).exists()
    assert run(course, "release", A6, "--lang", "zh", "--assignments", str(ENGLISH)) == 0
    released = course / "release" / A6 / "leaky-relu.ipynb"
    assert messages.notebook_language(nbformat.read(released, as_version=4)) == "zh"
    assert "course-language: zh" in (course / "release" / A6 / "matplotlibrc").read_text()
    kit = course / "kit" / "assignments" / A6
    assert (kit / "matplotlibrc").exists() and not (course / "kit" / "zh").exists()
    # switching the course's source to the other edition is said, not done silently
    capsys.readouterr()
    assert run(course, "release", A6, "--assignments", str(ENGLISH)) == 2
    err = capsys.readouterr().err
    assert "holds the zh edition, not the en one" in err and "--force-source" in err


def test_validate_checks_the_chinese_edition(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert run(tmp_path / "course", "validate", A6, "--lang", "zh", "--assignments", str(ENGLISH)) == 0
    assert "ready to release" in capsys.readouterr().out


def test_a_mistake_is_matched_by_its_key_in_the_notebooks_language():
    said = messages.text("hint_plain_relu", "zh")
    assert messages.matches("hint_plain_relu", f"leaky_relu: ...; {said}", "zh")
    assert not messages.matches("hint_plain_relu", f"leaky_relu: ...; {said}", "en")
    filled = messages.text("hint_times_m", "zh", name="dw", factor=7)
    assert messages.matches("hint_times_m", filled, "zh")


@pytest.mark.parametrize("folder, language", [(CHINESE / A6, "zh"), (ENGLISH / A6, "en")])
def test_the_students_check_speaks_the_language_of_its_folder(folder, language, monkeypatch):
    monkeypatch.delenv("COURSE_LANGUAGE", raising=False)
    monkeypatch.delenv("AUTOGRADER_LANGUAGE", raising=False)
    monkeypatch.chdir(folder)
    namespace = {"np": np}
    exec("def leaky_relu(Z, slope=0.01):\n    return np.maximum(0, Z)\n", namespace)
    check = Check(A6, namespace)
    with pytest.raises(CheckFailed) as failed:
        check("leaky_relu", np.array([[-1.0, 2.0], [0.5, -3.0]]))
    assert messages.text("hint_plain_relu", language) in str(failed.value)
    assert has_cjk(str(failed.value)) == (language == "zh")


def test_course_language_chooses_by_hand(monkeypatch):
    monkeypatch.chdir(ENGLISH / A6)
    monkeypatch.setenv("COURSE_LANGUAGE", "zh")
    assert messages.kernel_language() == "zh"
    monkeypatch.delenv("COURSE_LANGUAGE")
    monkeypatch.setenv("AUTOGRADER_LANGUAGE", "zh")  # the older variable still works
    assert messages.kernel_language() == "zh"


def test_the_kit_checks_in_chinese_in_its_zh_folder_with_the_assignments_hints(both, tmp_path):
    """No reference in the kit, yet a visible test's failure carries the assignment's own hint, in Chinese."""
    planted = mistake(A2, "hint_times_m")
    released = nbformat.read(both / "kit" / "zh" / "assignments" / A2 / "logistic-regression.ipynb", as_version=4)
    [visible] = [c.source for c in released.cells if notebook.is_test(c) and 'check("propagate"' in c.source]
    script = ("import numpy as np\nfrom autograder.checks import check\n"
              "def sigmoid(z):\n    return 1 / (1 + np.exp(-z))\n" + planted.source +
              f"try:\n    exec({visible!r})\nexcept AssertionError as error:\n    print('FAILED', error)\n")
    (tmp_path / "student.py").write_text(script)
    env = {k: v for k, v in os.environ.items() if k not in ("COURSE_LANGUAGE", "AUTOGRADER_LANGUAGE",
                                                            "AUTOGRADER_ASSIGNMENT")}
    env["PYTHONPATH"] = str(both / "kit")  # the kit's `autograder`, not this repository's
    out = {}
    for language, folder in (("zh", both / "kit" / "zh" / "assignments" / A2),
                             ("en", both / "kit" / "assignments" / A2)):
        result = subprocess.run([sys.executable, str(tmp_path / "student.py")], capture_output=True, text=True,
                                cwd=folder, env=env, timeout=120)
        assert result.returncode == 0 and not result.stderr, result.stderr[-1500:]
        out[language] = result.stdout
    assert "FAILED" in out["zh"] and messages.matches("hint_times_m", out["zh"], "zh"), out["zh"]
    assert messages.matches("hint_times_m", out["en"], "en") and not has_cjk(out["en"]), out["en"]
    assert str(ROOT / "autograder") not in out["zh"]
