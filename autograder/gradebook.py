"""Where grades go: nbgrader's gradebook (per grade cell), a result file per submission, a CSV export.

One `Writer` (in the process that runs `autograde`) records each submission
as soon as it is graded: first the gradebook (committed), then
``autograded/<student>/<id>/autograder.json`` (status, flags, every test's
points and message, the notebooks' checksums), written atomically.  The JSON
file is the marker `--resume` trusts: a submission whose file exists with the
same checksums is not graded again.
"""

import csv
import json
import os
import pathlib
import tempfile
import warnings

from .engine import GRADED, NotebookResult

RESULT_FILE = "autograder.json"
# the status of an assignment with several notebooks: the first of these that any notebook has
PRIORITY = ("crashed", "out_of_memory", "timed_out", "invalid_notebook", "missing", "tampered", "graded")


def combine(student, assignment, results, checksums=None):
    """The record of one student's assignment from its notebooks' `NotebookResult`s ({name: result})."""
    statuses = {r.status for r in results.values()}
    status = next((s for s in PRIORITY if s in statuses), "graded")
    flags = []
    for name, result in results.items():
        prefix = f"{name}: " if len(results) > 1 else ""
        flags += [prefix + f for f in result.flags]
    return {"student": student, "assignment": assignment, "status": status,
            "score": round(sum(r.score for r in results.values()), 6),
            "max_score": round(sum(r.max_score for r in results.values()), 6),
            "flags": flags, "checksums": checksums or {n: r.checksum for n, r in results.items()},
            "notebooks": {n: r.to_dict() for n, r in results.items()}}


def result_path(course, student, assignment):
    return course.autograded(student, assignment) / RESULT_FILE


def load_result(course, student, assignment):
    """The recorded result of a submission, or None."""
    try:
        return json.loads(result_path(course, student, assignment).read_text())
    except (OSError, ValueError):
        return None


def notebook_results(record):
    return {name: NotebookResult.from_dict(data) for name, data in record["notebooks"].items()}


def _write_atomically(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    with os.fdopen(handle, "w") as out:
        out.write(text)
    os.replace(temporary, path)


class Writer:
    """The single writer of grades for one assignment (use as a context manager)."""

    def __init__(self, course, assignment):
        self.course, self.assignment = course, assignment
        self.gradebook = course.gradebook()
        self.gradebook.find_assignment(assignment)  # raises MissingEntry if it was never released
        self.warnings = []

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def close(self):
        self.gradebook.close()

    def students(self):
        return sorted(s.id for s in self.gradebook.students)

    def record(self, record):
        """Store one submission's record (see `combine`) in the gradebook, then on disk."""
        gradebook, student = self.gradebook, record["student"]
        gradebook.update_or_create_student(student)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # nbgrader's add_submission trips SQLAlchemy's autoflush warnings
            self._grades(record, student)
        _write_atomically(result_path(self.course, student, self.assignment),
                          json.dumps(record, indent=1, sort_keys=True))

    def _grades(self, record, student):
        from nbgrader.api import MissingEntry

        gradebook = self.gradebook
        if record["status"] != "missing":
            try:
                gradebook.find_submission(self.assignment, student)
            except MissingEntry:
                gradebook.add_submission(self.assignment, student)
            for name, data in record["notebooks"].items():
                stem = pathlib.Path(name).stem
                for test in data["tests"]:
                    try:
                        grade = gradebook.find_grade(test["grade_id"], stem, self.assignment, student)
                    except MissingEntry:
                        self.warnings.append(f"{stem}/{test['grade_id']} is not in the gradebook: release again")
                        continue
                    grade.auto_score = test["points"]
            gradebook.db.commit()


def export(course, assignment, students=None):
    """Write ``exports/<assignment>.csv`` from the recorded results; return its path and rows."""
    root = course.root / "autograded"
    found = sorted(p.parent.parent.name for p in root.glob(f"*/{assignment}/{RESULT_FILE}"))
    students = sorted(set(students or ()) | set(found))
    rows, columns = [], []
    for student in students:
        record = load_result(course, student, assignment)
        if record is None:
            continue
        tests = {}
        many = len(record["notebooks"]) > 1
        for name, data in record["notebooks"].items():
            for test in data["tests"]:
                column = f"{pathlib.Path(name).stem}:{test['grade_id']}" if many else test["grade_id"]
                tests[column] = test["points"]
                if column not in columns:
                    columns.append(column)
        rows.append({"student": student, "status": record["status"], "score": record["score"],
                     "max_score": record["max_score"], "flags": " | ".join(record["flags"]), **tests})
    path = course.export_csv(assignment)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", newline="") as out:
        writer = csv.DictWriter(out, ["student", "status", "score", "max_score", "flags", *columns])
        writer.writeheader()
        for row in rows:
            writer.writerow({k: _number(v) for k, v in row.items()})
    return path, rows


def _number(value):
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def is_graded(record):
    return record is not None and record.get("status") in GRADED
