"""The gradebook on a real PostgreSQL server: release -> autograde -> export with ``--db postgresql://...``.

The server is a throwaway one (`pg_server.postgres_server`); the test skips
only when PostgreSQL is not installed.
"""

import csv

import nbformat
import pytest
from nbgrader.api import Gradebook

from autograder import cli, course as course_module
from grading_fixtures import fixture as fx
from pg_server import postgres_server  # noqa: F401  (a pytest fixture)

FAST = ["--cell-timeout", "10", "--notebook-timeout", "60"]
EXPECTED = {"bob": ("graded", 8), "carol": ("graded", 5), "erin": ("invalid_notebook", 0), "frank": ("missing", 0)}


def run(course, *args):
    return cli.main(["--course", str(course), *args])


def test_a_bare_postgresql_url_names_the_installed_driver():
    url = course_module.database_url("postgresql://grader@db.example:5432/course")
    assert url.endswith("://grader@db.example:5432/course") and url.startswith("postgresql")
    assert course_module.database_url("sqlite:////tmp/gradebook.db") == "sqlite:////tmp/gradebook.db"
    assert course_module.database_url("postgresql+psycopg2://a@b/c") == "postgresql+psycopg2://a@b/c"


@pytest.fixture(scope="module")
def pg_course(postgres_server, tmp_path_factory):  # noqa: F811
    """A course whose gradebook is a PostgreSQL database: released, submitted, autograded, exported."""
    fx.register_reference()
    url = postgres_server.url("course_gradebook")
    base = tmp_path_factory.mktemp("pg")
    assignments, course = base / "assignments", base / "course"
    fx.write_source(assignments)
    assert run(course, "--db", url, "init") == 0
    # every later command finds the database through nbgrader_config.py, without --db
    assert run(course, "release", fx.ASSIGNMENT, "--assignments", str(assignments)) == 0
    fx.write(fx.submission(), course / "submitted" / "bob" / fx.ASSIGNMENT / fx.NOTEBOOK)
    fx.write(fx.submission({"double": "def double(x):\n    return 3 * x"}),
             course / "submitted" / "carol" / fx.ASSIGNMENT / fx.NOTEBOOK)
    (course / "submitted" / "erin" / fx.ASSIGNMENT).mkdir(parents=True)
    (course / "submitted" / "erin" / fx.ASSIGNMENT / fx.NOTEBOOK).write_text("{not json")
    with Gradebook(course_module.database_url(url)) as gradebook:
        gradebook.update_or_create_student("frank")  # enrolled, never submitted
    status = run(course, "autograde", fx.ASSIGNMENT, "--workers", "2", "--db", url, *FAST)
    assert status == 3  # graded, but erin and frank have no grade
    (course / "exports" / f"{fx.ASSIGNMENT}.csv").unlink()
    assert run(course, "--db", url, "export", fx.ASSIGNMENT) == 0
    return course, course_module.database_url(url)


def test_the_course_configuration_names_the_server(pg_course):
    course, url = pg_course
    assert course_module.Course(course).db_url == url
    assert "postgresql" in (course / "nbgrader_config.py").read_text()
    assert not (course / "gradebook.db").exists()  # nothing went to a SQLite file by mistake


def test_grades_are_in_the_postgresql_gradebook(pg_course):
    course, url = pg_course
    with Gradebook(url) as gradebook:
        assert {s.id for s in gradebook.students} == set(EXPECTED)
        assignment = gradebook.find_assignment(fx.ASSIGNMENT)
        assert assignment.max_score == fx.MAX_SCORE
        assert gradebook.find_submission(fx.ASSIGNMENT, "bob").score == 8
        assert gradebook.find_submission(fx.ASSIGNMENT, "carol").score == 5
        assert gradebook.find_grade("double_hidden", "fixture", fx.ASSIGNMENT, "carol").score == 0
        assert gradebook.find_grade("sigmoid_hidden", "fixture", fx.ASSIGNMENT, "carol").score == 1
        assert gradebook.find_submission(fx.ASSIGNMENT, "erin").score == 0


def test_the_export_has_every_status(pg_course):
    course, _ = pg_course
    with open(course / "exports" / f"{fx.ASSIGNMENT}.csv") as handle:
        rows = {row["student"]: row for row in csv.DictReader(handle)}
    assert {s: (r["status"], float(r["score"])) for s, r in rows.items()} == EXPECTED
    assert rows["carol"]["double_values"] == "0" and rows["carol"]["column_stats_small"] == "1"
    assert all(r["max_score"] == str(fx.MAX_SCORE) for r in rows.values())


def test_the_released_notebook_came_through_nbgrader_with_the_server(pg_course):
    course, _ = pg_course
    released = nbformat.read(course / "release" / fx.ASSIGNMENT / fx.NOTEBOOK, as_version=4)
    assert any("raise NotImplementedError()" in cell.source for cell in released.cells)


def test_a_wrong_database_login_is_one_line_without_the_password(pg_course, postgres_server, capsys):  # noqa: F811
    course, url = pg_course
    wrong = f"postgresql://no_such_user:pa55word-x@{url.split('@', 1)[1]}"
    assert run(course, "--db", wrong, "autograde", fx.ASSIGNMENT, *FAST) == 2
    err = capsys.readouterr().err.strip()
    assert "cannot open the gradebook" in err and "pa55word-x" not in err
    assert len(err.splitlines()) == 1 and "Traceback" not in err
