"""Shared set-up of the instructor tests: a released fixture course, copied per test."""

import csv
import pathlib
import shutil

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


def copy_course(course, target):
    shutil.copytree(course, target, symlinks=True)
    return target


def submit(course, student, nb=None, name=fx.NOTEBOOK, folder=None):
    path = pathlib.Path(course) / "submitted" / student / (folder or fx.ASSIGNMENT) / name
    fx.write(nb if nb is not None else fx.submission(), path)
    return path

ROOT_ASSIGNMENTS = pathlib.Path(__file__).resolve().parent.parent / "assignments"
