"""Where grades go: nbgrader's gradebook (per grade cell), a result file per submission, a CSV export.

One `Writer` (in the process that runs `autograde`) records each submission
as soon as it is graded: first the gradebook (committed), then
``autograded/<student>/<id>/autograder.json`` (status, flags, every test's
points and message, the notebooks' checksums), written atomically.  The JSON
file is the marker `--resume` trusts: a submission whose file exists with the
same checksums, and whose grades the gradebook still holds, is not graded again.
The export (CSV for a spreadsheet, Canvas's or Moodle's grade import) is
written through a temporary file and a rename: a failed write leaves the
previous export as it was.
"""

import csv
import datetime
import io
import json
import pathlib
import warnings

from . import roster as roster_module
from .course import CourseError, atomic_write
from .engine import GRADED, NotebookResult

RESULT_FILE = "autograder.json"
# the status of an assignment with several notebooks: the first of these that any notebook has
PRIORITY = ("crashed", "out_of_memory", "timed_out", "refused", "invalid_notebook", "missing", "tampered",
            "graded")
FORMATS = ("csv", "canvas", "moodle")


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
    atomic_write(path, text)


class Writer:
    """The single writer of grades for one assignment (use as a context manager)."""

    def __init__(self, course, assignment):
        self.course, self.assignment = course, assignment
        from nbgrader.api import MissingEntry

        self.gradebook = course.gradebook()
        try:
            self.gradebook.find_assignment(assignment)
        except MissingEntry:
            self.gradebook.close()
            raise CourseError(f"{assignment} is not in the gradebook (a new or recreated gradebook?): run "
                              f"`course-autograder release {assignment}` first") from None
        self.warnings = []

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def close(self):
        self.gradebook.close()

    def students(self):
        return sorted(s.id for s in self.gradebook.students)

    def add_students(self, roster):
        """Names and e-mails of the roster's students, for formgrader (only those given)."""
        for student, info in roster.items():
            first, last = roster_module.split_name(info.get("name", ""))
            fields = {k: v for k, v in (("first_name", first), ("last_name", last),
                                        ("email", info.get("email", ""))) if v}
            self.gradebook.update_or_create_student(student, **fields)

    def holds(self, record):
        """True when the gradebook has this record's submission and every test's points."""
        from nbgrader.api import MissingEntry

        if record.get("status") == "missing":
            return True
        try:
            self.gradebook.find_submission(self.assignment, record["student"])
            for name, data in record["notebooks"].items():
                stem = pathlib.Path(name).stem
                for test in data["tests"]:
                    grade = self.gradebook.find_grade(test["grade_id"], stem, self.assignment, record["student"])
                    if grade.auto_score is None or abs(grade.auto_score - test["points"]) > 1e-9:
                        return False
        except MissingEntry:
            return False
        return True

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
                submission = gradebook.find_submission(self.assignment, student)
            except MissingEntry:
                submission = gradebook.add_submission(self.assignment, student)
            if record.get("timestamp"):
                submission.timestamp = datetime.datetime.fromisoformat(record["timestamp"]).replace(tzinfo=None)
            for name, data in record["notebooks"].items():
                stem = pathlib.Path(name).stem
                for test in data["tests"]:
                    try:
                        grade = gradebook.find_grade(test["grade_id"], stem, self.assignment, student)
                    except MissingEntry:
                        self.warnings.append(f"{stem}/{test['grade_id']} is not in the gradebook: release again")
                        continue
                    grade.auto_score = test["points"]
                    grade.needs_manual_grade = False  # formgrader: graded; hand-graded cells keep theirs
            gradebook.db.commit()


def rows(course, assignment, students=None):
    """The export's rows (dicts) and test columns for `assignment`, from the recorded results.

    With a roster, exactly its students (those without a record: status "not_graded"); without
    one, `students` and everyone with a record.  Due dates and late penalties of the course's
    ``autograder.toml`` are applied (`policy`).
    """
    from . import policy

    root = course.root / "autograded"
    found = sorted(p.parent.parent.name for p in root.glob(f"*/{assignment}/{RESULT_FILE}"))
    roster = roster_module.load(course)
    students = list(roster) if roster is not None else sorted(set(students or ()) | set(found))
    rule = policy.for_assignment(course, assignment)
    table, columns = [], []
    book = None
    for student in students:
        info = (roster or {}).get(student, {})
        record = load_result(course, student, assignment)
        if record is None:
            if roster is None:
                continue
            record = {"status": "not_graded", "score": 0, "max_score": "", "flags": [], "notebooks": {}}
        if record.get("manual"):  # cells graded by hand in formgrader: counted once every one has its grade
            book = book or course.gradebook()
            record = _with_hand_grades(record, book, assignment, student)
        tests = {}
        many = len(record["notebooks"]) > 1
        for name, data in record["notebooks"].items():
            for test in data["tests"]:
                column = f"{pathlib.Path(name).stem}:{test['grade_id']}" if many else test["grade_id"]
                tests[column] = test["points"]
                if column not in columns:
                    columns.append(column)
        row = {"student": student, "name": info.get("name", ""), "email": info.get("email", ""),
               "section": info.get("section", ""), "status": record["status"], "score": record["score"],
               "max_score": record["max_score"], "flags": " | ".join(record["flags"]), **tests}
        row.update(rule.apply(record.get("timestamp"), record["score"], record["max_score"]))
        table.append(row)
    if book is not None:
        book.close()
    return table, columns


def _with_hand_grades(record, book, assignment, student):
    """`record` with the hand grades of its manual cells added to its score and maximum, when all are in."""
    from . import formgrader

    manual = record["manual"]
    scores = formgrader.hand_grades(book, assignment, student, manual)
    if scores is None:
        return record  # still pending: the record's flag says so, the score leaves them out
    pending = formgrader.pending_flag(manual)
    return dict(record, score=round(record["score"] + sum(scores.values()), 6),
                max_score=round(record["max_score"] + sum(manual.values()), 6),
                flags=[f for f in record["flags"] if f != pending] + [formgrader.graded_by_hand_flag(manual, scores)])


def export(course, assignment, students=None, fmt="csv"):
    """Write the export of `assignment` (``exports/<assignment>.csv``, ``-canvas.csv``, ``-moodle.csv``).

    Returns its path and rows; the file is replaced atomically (a full disk leaves the old one).
    """
    if fmt not in FORMATS:
        raise CourseError(f"unknown export format {fmt!r}: use one of {', '.join(FORMATS)}")
    table, columns = rows(course, assignment, students)
    path = course.export_csv(assignment) if fmt == "csv" else course.root / "exports" / f"{assignment}-{fmt}.csv"
    atomic_write(path, render(table, columns, fmt, {assignment: table}))
    return path, table


def export_all(course, assignments, fmt="csv"):
    """One file with a row per student and a final score column per assignment (``exports/all[-fmt].csv``)."""
    tables = {a: rows(course, a)[0] for a in assignments}
    path = course.root / "exports" / ("all.csv" if fmt == "csv" else f"all-{fmt}.csv")
    atomic_write(path, render(None, None, fmt, tables))
    return path, tables


def _people(tables):
    people = {}
    for table in tables.values():
        for row in table:
            people.setdefault(row["student"], row)
    return people


def render(table, columns, fmt, tables):
    """The CSV text of one assignment's `table` (fmt "csv") or of `tables` {assignment: rows}."""
    out = io.StringIO()
    if fmt == "csv" and table is not None:
        base = ["student", "name", "email", "section", "status", "score", "max_score", "submitted",
                "late_days", "late_penalty", "final_score", "flags"]
        writer = csv.DictWriter(out, base + columns, extrasaction="ignore")
        writer.writeheader()
        for row in table:
            writer.writerow({k: _number(v) for k, v in row.items()})
        return out.getvalue()
    scores = {a: {r["student"]: r["final_score"] for r in t} for a, t in tables.items()}
    maxima = {a: next((r["max_score"] for r in t if r["max_score"] != ""), "") for a, t in tables.items()}
    people = _people(tables)
    writer = csv.writer(out)
    if fmt == "canvas":  # Canvas "Import" of the gradebook: students matched on SIS User ID
        writer.writerow(["Student", "ID", "SIS User ID", "SIS Login ID", "Section", *tables])
        writer.writerow(["Points Possible", "", "", "", "", *(_number(maxima[a]) for a in tables)])
        for student, row in people.items():
            writer.writerow([row["name"] or student, "", student, row["email"], row["section"],
                             *(_number(scores[a].get(student, "")) for a in tables)])
    elif fmt == "moodle":  # Moodle "Import grades, CSV file": map ID number (or e-mail) to the user
        writer.writerow(["ID number", "Email address", "Full name", *tables])
        for student, row in people.items():
            writer.writerow([student, row["email"], row["name"],
                             *(_number(scores[a].get(student, "")) for a in tables)])
    else:  # every assignment, plain
        writer.writerow(["student", "name", "email", "section", *tables, "total"])
        for student, row in people.items():
            values = [scores[a].get(student, "") for a in tables]
            total = sum(v for v in values if isinstance(v, (int, float)))
            writer.writerow([student, row["name"], row["email"], row["section"],
                             *(_number(v) for v in values), _number(round(total, 6))])
    return out.getvalue()


def _number(value):
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def is_graded(record):
    return record is not None and record.get("status") in GRADED
