"""One `autograde` run of an assignment, from finding the submissions to the export; returns a `Report`.

    report = autograde(course, "01-python-basics", Limits(), workers=2, on_line=print)
    report.counts, report.problems, report.exit_status

The command line (`autograder.cli`) only parses arguments and prints.  Who is
graded: the roster's students (``course/students.csv``) when there is one,
else the gradebook's students and everyone who submitted; a submission from
a student outside the roster is reported, not graded.  Every submission's
record goes to the gradebook and ``autograded/<student>/<id>/`` as soon as it
is graded, so an interrupted run loses nothing already recorded and
``--resume`` continues it.
"""

import collections
import dataclasses
import datetime
import difflib
import shutil
import time

from . import engine, formgrader, gradebook, submissions
from .backends import graders_for, local
from . import roster as roster_module
from .course import CourseError

EXIT_OK, EXIT_FAILED, EXIT_INCOMPLETE, EXIT_INTERRUPTED = 0, 2, 3, 130


class Interrupted(Exception):
    """Ctrl-C during grading: `recorded` submissions were recorded before it."""

    def __init__(self, recorded):
        super().__init__(recorded)
        self.recorded = recorded


@dataclasses.dataclass
class Report:
    assignment: str
    counts: collections.Counter = dataclasses.field(default_factory=collections.Counter)
    kept: int = 0
    problems: list = dataclasses.field(default_factory=list)  # (student or None, path, reason)
    outsiders: list = dataclasses.field(default_factory=list)  # submitted, not on the roster
    warnings: list = dataclasses.field(default_factory=list)
    seconds: float = 0.0
    export: object = None

    @property
    def exit_status(self):
        """0: every expected student has a grade; 3: graded, but some are missing or ungradable."""
        return EXIT_OK if all(s in engine.GRADED for s in self.counts.elements()) else EXIT_INCOMPLETE

    def summary(self):
        parts = ", ".join(f"{self.counts[s]} {s.replace('_', ' ')}" for s in engine.STATUSES if self.counts[s])
        kept = f" ({self.kept} unchanged, kept)" if self.kept else ""
        return (f"{self.assignment}: {sum(self.counts.values())} students{kept}: {parts or 'none'}; "
                f"{self.seconds:.1f} s; export {self.export}")


def suggest(name, known, what):
    """A `CourseError` for an unknown `name`: the known ones and the closest ("did you mean")."""
    known = sorted(known)
    close = difflib.get_close_matches(name, known, n=1, cutoff=0.5)
    hint = f"did you mean {close[0]!r}? " if close else ""
    listed = ", ".join(known[:20]) + (" ..." if len(known) > 20 else "") if known else "none yet"
    return CourseError(f"unknown {what} {name!r}: {hint}known: {listed}")


def timestamp(found):
    """When `found` was submitted (ISO, UTC): nbgrader's ``timestamp.txt``, else the notebooks' time."""
    if found.folder is not None and (found.folder / "timestamp.txt").is_file():
        from nbgrader.utils import parse_utc

        try:
            moment = parse_utc((found.folder / "timestamp.txt").read_text().strip())
            return moment.replace(tzinfo=datetime.timezone.utc).isoformat()
        except (ValueError, OverflowError, OSError):
            pass
    times = [p.stat().st_mtime for p in found.notebooks.values() if p.exists()]
    if not times:
        return None
    return datetime.datetime.fromtimestamp(max(times), datetime.timezone.utc).isoformat()


def autograde(course, assignment, limits, workers=1, scheduler=None, resume=False, only=None,
              known_ids=(), on_line=lambda line: None):
    """Grade `assignment` (every expected student, or the students `only`); return a `Report`.

    Raises `CourseError` (nothing graded) or `Interrupted` (what was graded is recorded).
    """
    started = time.monotonic()
    report = Report(assignment)
    names = course.notebooks(assignment)
    roster = roster_module.load(course)
    found, problems = submissions.scan(course, assignment, names, known_ids)
    with gradebook.Writer(course, assignment) as writer:
        if roster is not None:
            expected = list(roster)
            report.outsiders = sorted(s for s in found if s not in roster)
        else:
            expected = sorted(set(found) | set(writer.students()))
        if only:
            unknown = [s for s in only if s not in expected]
            if unknown:
                raise suggest(unknown[0], expected, "student")
            expected = [s for s in expected if s in only]
        report.problems = [p for p in problems if p[0] is None or p[0] in expected] if not only else \
            [p for p in problems if p[0] in expected]
        if roster is not None:
            writer.add_students({s: roster[s] for s in expected})
        graders = graders_for(course, assignment, limits)
        try:
            _grade(course, assignment, expected, found, problems, graders, writer, report, resume, workers,
                   scheduler, on_line)
        except KeyboardInterrupt:
            raise Interrupted(sum(report.counts.values()) - report.kept) from None
        finally:
            for grader in graders.values():
                grader.close()
        report.warnings = sorted(set(writer.warnings))
    report.export, _ = gradebook.export(course, assignment, expected)
    report.seconds = time.monotonic() - started
    return report


def _grade(course, assignment, expected, found, problems, graders, writer, report, resume, workers,
           scheduler, on_line):
    names = list(graders)
    jobs, pending, extra = [], {}, {}
    for student in expected:
        entry = found.get(student) or submissions.Found(student)
        notes = [f"not graded: {path}: {reason}" for who, path, reason in problems if who == student]
        extra[student] = (entry.flags + notes, entry)
        if entry.refused:
            extra[student] = (extra[student][0] + [f"refused: {entry.refused}"], entry)
            results = {n: graders[n]._zero("refused", entry.refused, time.monotonic()) for n in names}
            _record(course, writer, student, assignment, results, extra[student], report, on_line)
            continue
        paths = {n: entry.notebooks.get(n) for n in names}
        if resume:
            record = gradebook.load_result(course, student, assignment)
            checksums = {n: engine.file_checksum(p) if p is not None else "" for n, p in paths.items()}
            if (gradebook.is_graded(record) and record.get("checksums") == checksums
                    and writer.holds(record)):
                report.counts[record["status"]] += 1
                report.kept += 1
                continue
        if not any(paths.values()):
            results = {n: graders[n].grade(None) for n in names}
            _record(course, writer, student, assignment, results, extra[student], report, on_line)
            continue
        pending[student] = {}
        jobs += [(student, n, p) for n, p in paths.items()]
    if scheduler:  # the sandboxes run on the Dask workers; this process stays the single writer
        from .backends import dask

        results = dask.grade_all_dask(graders, jobs, scheduler)
    else:
        results = local.grade_all(graders, jobs, workers)
    try:
        for student, name, result in results:
            pending[student][name] = result
            if len(pending[student]) == len(names):
                _record(course, writer, student, assignment, pending.pop(student), extra[student], report,
                        on_line)
    finally:
        results.close()  # on Ctrl-C: no more results are taken; the sandboxes stop when this process ends


def _record(course, writer, student, assignment, results, extra, report, on_line):
    flags, entry = extra
    record = gradebook.combine(student, assignment, results)
    record["flags"] = flags + record["flags"]
    # cells graded by hand stay pending for formgrader: said, never counted as 0 or as full marks
    record["manual"] = formgrader.manual_cells(course.source(assignment) / n for n in results) \
        if entry.notebooks else {}
    if record["manual"]:
        record["flags"].append(formgrader.pending_flag(record["manual"]))
    record["timestamp"] = timestamp(entry) if entry.notebooks else None
    writer.record(record)
    for name, path in entry.notebooks.items():  # where formgrader looks for the autograded notebook
        if record["status"] in engine.GRADED:
            try:
                shutil.copyfile(path, course.autograded(student, assignment) / name)
            except OSError:
                pass
    report.counts[record["status"]] += 1
    seconds = sum(r.seconds for r in results.values())
    shown = f" [{'; '.join(record['flags'])}]" if record["flags"] else ""
    on_line(f"  {student}: {record['status']} {record['score']:g}/{record['max_score']:g} "
            f"({seconds:.2f} s){shown}")
