"""The class roster, ``course/students.csv``: who is expected to submit.

    id,name,email,section
    s001,Ada Lovelace,ada@example.org,A

Only `id` is required; `name`, `email` and `section` go to the gradebook
(formgrader shows them) and to the exports.  Without a roster, the expected
students are those in the gradebook and those who submitted.
"""

import csv

from .course import ROSTER_NAME, CourseError

COLUMNS = ("id", "name", "email", "section")


def path(course):
    return course.root / ROSTER_NAME


def load(course):
    """{student id: {"name", "email", "section"}} in the roster's order, or None without a roster."""
    file = path(course)
    if not file.exists():
        return None
    try:
        with open(file, newline="", encoding="utf-8-sig") as handle:
            reader = csv.DictReader(handle)
            header = [h.strip().lower() for h in (reader.fieldnames or [])]
            if "id" not in header:
                raise CourseError(f"{file} has no `id` column: its first line should be `id,name,email,section`")
            students = {}
            for number, row in enumerate(reader, 2):
                row = {(k or "").strip().lower(): (v or "").strip() for k, v in row.items()}
                student = row.get("id", "")
                if not student:
                    continue
                if student in students:
                    raise CourseError(f"{file} line {number}: the id {student!r} appears twice; keep one line")
                students[student] = {c: row.get(c, "") for c in COLUMNS[1:]}
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        raise CourseError(f"cannot read the roster {file}: {error}") from None
    return students


def split_name(name):
    """(first, last) for nbgrader's gradebook: the last word is the last name."""
    parts = name.split()
    if len(parts) < 2:
        return name, ""
    return " ".join(parts[:-1]), parts[-1]
