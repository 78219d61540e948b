"""Every file in ``submitted/`` is accounted for (`autograder/submissions.py`, `autograder/roster.py`):
layout mistakes graded with a flag or reported by name, links and special files refused, a roster
deciding who is expected."""

import os
import shutil

import pytest
from nbgrader.api import Gradebook, MissingEntry

from grading_fixtures import fixture as fx
from instructor_course import FAST, export_rows, make_released, run, submit

A = fx.ASSIGNMENT
NB = fx.NOTEBOOK
STUDENTS = ["ok", "swapped", "nofolder", "case", "casenb", "copy", "nested", "zipped", "txt", "linked",
            "hardlinked", "fifo", "ghost"]


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    base = tmp_path_factory.mktemp("layouts")
    course = make_released(base)
    solved = fx.submission()
    submit(course, "ok", solved)
    fx.write(solved, course / "submitted" / A / "swapped" / NB)
    fx.write(solved, course / "submitted" / "nofolder" / NB)
    fx.write(solved, course / "submitted" / "case" / "99-Fixture" / NB)
    fx.write(solved, course / "submitted" / "casenb" / A / "Fixture.ipynb")
    fx.write(solved, course / "submitted" / "copy" / A / "fixture-Copy1.ipynb")
    fx.write(solved, course / "submitted" / "nested" / A / A / NB)
    (course / "submitted" / "zipped" / A).mkdir(parents=True)
    (course / "submitted" / "zipped" / A / "fixture.zip").write_bytes(b"PK\x03\x04 not really")
    fx.write(solved, course / "submitted" / "txt" / A / "fixture.ipynb.txt")
    source = course / "source" / A / NB
    (course / "submitted" / "linked" / A).mkdir(parents=True)
    os.symlink(source, course / "submitted" / "linked" / A / NB)
    (course / "submitted" / "hardlinked" / A).mkdir(parents=True)
    os.link(source, course / "submitted" / "hardlinked" / A / NB)
    submit(course, "fifo", solved)
    os.mkfifo(course / "submitted" / "fifo" / A / "pipe")
    submit(course, "outsider", solved)
    (course / "students.csv").write_text("id,name,email,section\n" + "".join(
        f"{s},Student {s.title()},{s}@example.org,{'A' if i % 2 else 'B'}\n" for i, s in enumerate(STUDENTS)))
    status = run(course, "autograde", A, *FAST)
    return course, status


@pytest.fixture(scope="module")
def rows(graded):
    return export_rows(graded[0])


def test_the_run_exits_3_when_some_students_have_no_grade(graded):
    _, status = graded
    assert status == 3  # graded, but some students have no grade


@pytest.mark.parametrize("student, flag", [
    ("swapped", "instead of submitted/<student>/<id>/"), ("nofolder", "no 99-fixture/ folder"),
    ("case", "named in another case"), ("casenb", "in another case"), ("copy", "a renamed copy"),
])
def test_known_layout_mistakes_are_graded_with_a_flag(rows, student, flag):
    row = rows[student]
    assert (row["status"], float(row["score"])) == ("graded", fx.MAX_SCORE), row
    assert flag in row["flags"]


@pytest.mark.parametrize("student, reason", [
    ("nested", "a nested folder holds the notebook"), ("zipped", "an archive"),
    ("txt", "a notebook with a wrong extension"),
])
def test_other_mistakes_are_reported_by_name_with_the_reason(rows, student, reason):
    row = rows[student]
    assert row["status"] == "missing" and reason in row["flags"] and f"submitted/{student}/" in row["flags"]


@pytest.mark.parametrize("student, why", [
    ("linked", "is a symbolic link"), ("hardlinked", "hard link to a file outside"),
    ("fifo", "not a regular file"),
])
def test_links_and_special_files_are_refused(rows, student, why):
    row = rows[student]
    assert (row["status"], float(row["score"])) == ("refused", 0) and why in row["flags"] + row["status"]


def test_refusal_reason_is_in_the_record(graded):
    from autograder import gradebook
    from autograder.course import Course

    record = gradebook.load_result(Course(graded[0]), "linked", A)
    assert "symbolic link" in record["notebooks"][NB]["detail"]


def test_the_roster_decides_who_is_expected(graded, rows):
    course, _ = graded
    assert set(rows) == set(STUDENTS)  # the outsider is not in the export
    assert rows["ghost"]["status"] == "missing"
    assert rows["ok"]["name"] == "Student Ok" and rows["ok"]["email"] == "ok@example.org"
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as book:
        with pytest.raises(MissingEntry):
            book.find_student("outsider")  # reported, not silently added
        assert book.find_student("ok").email == "ok@example.org"
    assert not (course / "autograded" / "outsider").exists()


def test_outsiders_and_problems_are_printed(tmp_path, graded, capsys):
    course = tmp_path / "again"
    shutil.copytree(graded[0], course, symlinks=True, ignore=shutil.ignore_patterns("pipe"))
    assert run(course, "autograde", A, "--resume", *FAST) == 3
    err = capsys.readouterr().err
    assert "not on the roster" in err and "outsider" in err
    assert "submitted/zipped/99-fixture/fixture.zip: an archive" in err
