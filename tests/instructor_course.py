"""Shared set-up of the instructor tests: a released fixture course, copied per test."""

import csv
import pathlib
import shutil

import nbformat

from autograder import cli
from grading_fixtures import fixture as fx

FAST = ["--cell-timeout", "10", "--notebook-timeout", "60", "--workers", "1"]


def run(course, *args):
    return cli.main(["--course", str(course), *args])


def read_csv(path):
    with open(path, newline="") as handle:
        return {row["student"]: row for row in csv.DictReader(handle)}


def export_rows(course, assignment=fx.ASSIGNMENT):
    return read_csv(pathlib.Path(course) / "exports" / f"{assignment}.csv")


def make_released(base):
    """`base`/course: initialised, the fixture released; `base`/assignments holds its source."""
    fx.register_reference()
    assignments, course = base / "assignments", base / "course"
    fx.write_source(assignments)
    assert run(course, "init") == 0
    assert run(course, "release", fx.ASSIGNMENT, "--assignments", str(assignments)) == 0
    return course


MANUAL_ID, MANUAL_POINTS = "explain_sigmoid", 2


def manual_source_notebook():
    """The fixture with a free-text answer graded by hand (nbgrader: a markdown cell, grade and solution)."""
    nb = fx.source_notebook()
    after = next(i for i, c in enumerate(nb.cells) if c.metadata.get("nbgrader", {}).get("grade_id") == "sigmoid_hidden")
    question = nbformat.v4.new_markdown_cell("In one sentence: why does the sigmoid's output lie between 0 and 1?")
    answer = nbformat.v4.new_markdown_cell(
        "Because exp(-z) > 0 for every z, so 1 + exp(-z) > 1.",
        metadata={"nbgrader": {"grade": True, "solution": True, "locked": False, "grade_id": MANUAL_ID,
                               "points": MANUAL_POINTS, "schema_version": 3}})
    nb.cells[after + 1:after + 1] = [question, answer]
    return nb


def make_released_with_manual(base):
    """`make_released`, with the fixture's source holding the hand-graded cell `MANUAL_ID`."""
    fx.register_reference()
    assignments, course = base / "assignments", base / "course"
    path = assignments / fx.ASSIGNMENT / fx.NOTEBOOK
    path.parent.mkdir(parents=True)
    nbformat.write(manual_source_notebook(), path)
    assert run(course, "init") == 0
    assert run(course, "release", fx.ASSIGNMENT, "--assignments", str(assignments)) == 0
    return course


def manual_submission(course, answer):
    """The released notebook of `make_released_with_manual`, completed, with `answer` as the free text."""
    nb = nbformat.read(pathlib.Path(course) / "release" / fx.ASSIGNMENT / fx.NOTEBOOK, as_version=4)
    for cell in nb.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id in fx.SOLUTIONS:
            cell.source = fx.SOLUTIONS[grade_id]
        elif grade_id == MANUAL_ID:
            cell.source = answer
    return nb


def copy_course(course, target):
    shutil.copytree(course, target, symlinks=True)
    return target


def submit(course, student, nb=None, name=fx.NOTEBOOK, folder=None):
    path = pathlib.Path(course) / "submitted" / student / (folder or fx.ASSIGNMENT) / name
    fx.write(nb if nb is not None else fx.submission(), path)
    return path

ROOT_ASSIGNMENTS = pathlib.Path(__file__).resolve().parent.parent / "assignments"
