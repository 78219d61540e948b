"""The class report (`autograder/report.py`), the LMS exports and late policy (`autograder/gradebook.py`,
`autograder/policy.py`), regrading one student, and what formgrader sees in the gradebook."""

import csv
import datetime
import io
import os

import pytest
from nbgrader.api import Gradebook

from autograder import report as report_module
from autograder.course import Course
from grading_fixtures import fixture as fx
from instructor_course import FAST, export_rows, make_released, run, submit

A = fx.ASSIGNMENT
WRONG = {"double": "def double(x):\n    return 3 * x"}


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    course = make_released(tmp_path_factory.mktemp("report"))
    submit(course, "ann", fx.submission())
    submit(course, "bob", fx.submission(WRONG))
    submit(course, "cyd", fx.submission(WRONG))
    (course / "submitted" / "cyd" / A / "timestamp.txt").write_text("2026-10-03 12:00:00.000000 UTC")
    on_time = datetime.datetime(2026, 9, 30, tzinfo=datetime.timezone.utc).timestamp()
    for student in ("ann", "bob"):  # no timestamp.txt: the notebook's modification time counts
        os.utime(course / "submitted" / student / A / fx.NOTEBOOK, (on_time, on_time))
    (course / "students.csv").write_text("id,name,email,section\nann,Ann Lee,ann@example.org,A\n"
                                         "bob,Bob Ray,bob@example.org,B\ncyd,Cyd Ho,cyd@example.org,A\n"
                                         "dee,Dee Oz,dee@example.org,B\n")
    (course / "autograder.toml").write_text(f'[assignments."{A}"]\ndue = 2026-10-01T23:59:00Z\n'
                                            "late_penalty_per_day = 0.25\n")
    assert run(course, "autograde", A, *FAST) == 3  # dee did not submit
    return course


def test_the_report_has_histogram_pass_rates_hints_statuses_and_times(course):
    assert run(course, "report", A) == 0
    page = (course / "reports" / f"{A}.html").read_text()
    assert page.count("data:image/png;base64,") == 3  # scores, pass rates, grading times
    numbers = report_module.summarise(report_module.collect(Course(course), A))
    assert numbers["statuses"] == {"graded": 3, "missing": 1}
    assert sorted(numbers["scores"]) == [5, 5, 8]
    assert numbers["pass_rate"]["double_values"] == pytest.approx(1 / 3)
    assert numbers["pass_rate"]["sigmoid_values"] == 1
    top = numbers["hints"][0]
    assert top[0] in ("double_values", "double_hidden") and top[2] == 2 and top[3] == pytest.approx(2 / 3)
    assert "67 % (2)" in page and "Grading times" in page and "missing" in page


def test_the_csv_has_roster_columns_and_the_late_penalty(course):
    rows = export_rows(course)
    assert rows["ann"]["name"] == "Ann Lee" and rows["bob"]["section"] == "B"
    cyd = rows["cyd"]  # two days late (a started day counts), 25 % of 8 points per day
    assert cyd["submitted"].startswith("2026-10-03T12:00") and cyd["late_days"] == "2"
    assert float(cyd["late_penalty"]) == 4 and float(cyd["final_score"]) == 1
    assert rows["dee"]["status"] == "missing"


def test_canvas_and_moodle_imports(course):
    assert run(course, "export", A, "--format", "canvas") == 0
    lines = list(csv.reader(io.StringIO((course / "exports" / f"{A}-canvas.csv").read_text())))
    assert lines[0] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", A]
    assert lines[1][0] == "Points Possible" and lines[1][5] == "8"
    assert ["Bob Ray", "", "bob", "bob@example.org", "B", "5"] in lines
    assert run(course, "export", A, "--format", "moodle") == 0
    lines = list(csv.reader(io.StringIO((course / "exports" / f"{A}-moodle.csv").read_text())))
    assert lines[0] == ["ID number", "Email address", "Full name", A]
    assert ["cyd", "cyd@example.org", "Cyd Ho", "1"] in lines


def test_an_all_assignments_export(course):
    assert run(course, "export", "--all") == 0
    lines = list(csv.reader(io.StringIO((course / "exports" / "all.csv").read_text())))
    assert lines[0] == ["student", "name", "email", "section", A, "total"]
    assert ["ann", "Ann Lee", "ann@example.org", "A", "8", "8"] in lines


def test_formgrader_sees_auto_grades_timestamps_and_notebooks(course):
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as book:
        submission = book.find_submission(A, "cyd")
        assert submission.timestamp == datetime.datetime(2026, 10, 3, 12, 0)
        assert not submission.needs_manual_grade
        assert all(not g.needs_manual_grade for nb in submission.notebooks for g in nb.grades)
        assert book.find_submission(A, "ann").timestamp is not None
    assert (course / "autograded" / "ann" / A / fx.NOTEBOOK).exists()


def test_one_student_is_regraded_alone(course, capsys):
    submit(course, "bob", fx.submission())  # bob fixed his notebook
    capsys.readouterr()
    assert run(course, "autograde", A, "--student", "bob", *FAST) == 0
    out = capsys.readouterr().out
    assert "  bob: graded 8/8" in out and "ann" not in out.replace("export", "")
    assert float(export_rows(course)["bob"]["score"]) == 8 and float(export_rows(course)["ann"]["score"]) == 8
    assert run(course, "autograde", A, "--student", "bobb", *FAST) == 2
    assert "did you mean 'bob'" in capsys.readouterr().err
