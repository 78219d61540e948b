"""`course-autograder`: the instructor's commands (over nbgrader's Python API and our engine).

    course-autograder init [--course DIR] [--db URL]
    course-autograder release ID|--all [--assignments DIR]
    course-autograder autograde ID [--workers N | --scheduler tcp://HOST:PORT] [--resume] [--db URL]
    course-autograder feedback ID
    course-autograder export ID

`autograde` exits with 0 only when every submission got a grade (graded or tampered).
"""

import argparse
import collections
import os
import pathlib
import sys
import time

from . import course as course_module
from . import engine, feedback, gradebook, pool, sandbox

DEFAULT_COURSE = "course"


def _assignments_dir(value):
    if value:
        return pathlib.Path(value)
    here = pathlib.Path.cwd() / "assignments"
    return here if here.is_dir() else course_module.PACKAGE_ROOT / "assignments"


def _add_references(paths):
    """Extra folders where `checks.load_reference` looks for reference modules (AUTOGRADER_REFERENCES)."""
    import autograder.references

    for path in filter(None, (paths or "").split(os.pathsep)):
        path = str(pathlib.Path(path).resolve())
        if path not in autograder.references.__path__:
            autograder.references.__path__.append(path)


def cmd_init(args, course):
    path = course.init()
    print(f"course directory {course.root} (configuration: {path}, gradebook: {course.db_url})")
    return 0


def cmd_release(args, course):
    source_root = _assignments_dir(args.assignments)
    if args.all:
        ids = sorted(p.name for p in source_root.iterdir() if p.is_dir() and list(p.glob("*.ipynb")))
    elif args.assignment:
        ids = [args.assignment]
    else:
        print("release: name an assignment or use --all", file=sys.stderr)
        return 2
    status = 0
    for assignment in ids:
        try:
            released = course.release(assignment, source_root)
        except course_module.ReleaseLeak as leak:
            print(f"RELEASE FAILED, SOLUTIONS OR HIDDEN TESTS LEAKED: {leak}", file=sys.stderr)
            status = 1
            continue
        except (FileNotFoundError, RuntimeError) as error:
            print(f"release of {assignment} failed: {error}", file=sys.stderr)
            status = 1
            continue
        print(f"released {assignment}: " + ", ".join(str(p.relative_to(course.root)) for p in released))
    return status


def _limits(args):
    sandbox_mode = {"auto": None, "require": True, "off": False}[args.sandbox]
    return engine.Limits(cell_timeout=args.cell_timeout, call_timeout=args.cell_timeout,
                         notebook_timeout=args.notebook_timeout, memory_mb=args.memory_mb,
                         sandbox=sandbox_mode)


def _warn_unsandboxed():
    bar = "!" * 78
    print(f"{bar}\nWARNING: bubblewrap (bwrap) is not available: student code runs UNSANDBOXED, with your\n"
          f"user's rights, network and files. The grades are flagged \"unsandboxed\" in the export.\n{bar}",
          file=sys.stderr)


def cmd_autograde(args, course):
    assignment = args.assignment
    if not course.notebooks(assignment):
        print(f"no source notebooks in {course.source(assignment)}: release {assignment} first", file=sys.stderr)
        return 2
    limits = _limits(args)
    if limits.sandbox is not False and not args.scheduler and sandbox.bwrap_path() is None:
        if limits.sandbox:
            print("bubblewrap (bwrap) is required (--sandbox require) but does not work here", file=sys.stderr)
            return 2
        _warn_unsandboxed()
    from nbgrader.api import MissingEntry

    try:
        writer = gradebook.Writer(course, assignment)
    except MissingEntry:
        print(f"{assignment} is not in the gradebook {course.db_url}: release it first", file=sys.stderr)
        return 2
    started = time.monotonic()
    graders = pool.graders_for(course, assignment, limits)
    names = list(graders)
    submitted = {p.parent.name: p for p in sorted(course.submitted().glob(f"*/{assignment}")) if p.is_dir()}
    students = sorted(set(submitted) | set(writer.students()))
    counts, skipped, jobs, pending = collections.Counter(), 0, [], {}
    with writer:
        for student in students:
            folder = submitted.get(student)
            paths = {name: (folder / name if folder is not None else None) for name in names}
            if args.resume:
                record = gradebook.load_result(course, student, assignment)
                checksums = {name: engine.file_checksum(p) if p is not None else "" for name, p in paths.items()}
                if gradebook.is_graded(record) and record.get("checksums") == checksums:
                    counts[record["status"]] += 1
                    skipped += 1
                    continue
            if folder is None:
                results = {name: graders[name].grade(None) for name in names}
                _record(writer, student, assignment, results, counts)
                continue
            pending[student] = {}
            jobs += [(student, name, path) for name, path in paths.items()]
        if args.scheduler:  # the sandboxes run on the Dask workers; this process stays the single writer
            from . import distributed

            results = distributed.grade_all_dask(graders, jobs, args.scheduler)
        else:
            results = pool.grade_all(graders, jobs, args.workers)
        for student, name, result in results:
            pending[student][name] = result
            if len(pending[student]) == len(names):
                _record(writer, student, assignment, pending.pop(student), counts)
        warnings = writer.warnings
    for name in graders:
        graders[name].close()
    path, _ = gradebook.export(course, assignment, students)
    for warning in sorted(set(warnings)):
        print(f"warning: {warning}", file=sys.stderr)
    total = sum(counts.values())
    elapsed = time.monotonic() - started
    summary = ", ".join(f"{counts[s]} {s}" for s in engine.STATUSES if counts[s])
    resumed = f" ({skipped} unchanged, kept)" if skipped else ""
    print(f"{assignment}: {total} submissions{resumed}: {summary or 'none'}; {elapsed:.1f} s; export {path}")
    return 0 if all(s in engine.GRADED for s in counts.elements()) else 1


def _record(writer, student, assignment, results, counts):
    record = gradebook.combine(student, assignment, results)
    writer.record(record)
    counts[record["status"]] += 1
    seconds = sum(r.seconds for r in results.values())
    flags = f" [{'; '.join(record['flags'])}]" if record["flags"] else ""
    print(f"  {student}: {record['status']} {record['score']:g}/{record['max_score']:g} ({seconds:.2f} s){flags}",
          flush=True)


def cmd_feedback(args, course):
    written = feedback.write_feedback(course, args.assignment)
    if not written:
        print(f"no graded submissions of {args.assignment}: run autograde first", file=sys.stderr)
        return 1
    print(f"{len(written)} feedback files under {course.root / 'feedback'}")
    return 0


def cmd_export(args, course):
    path, rows = gradebook.export(course, args.assignment)
    print(f"{len(rows)} rows written to {path}")
    return 0


def parser():
    main = argparse.ArgumentParser(prog="course-autograder", description=__doc__.split("\n")[0])
    main.add_argument("--course", default=DEFAULT_COURSE, help="the course directory (default ./course)")
    main.add_argument("--db", default=None, help="gradebook database URL (default: sqlite gradebook.db in the course)")
    commands = main.add_subparsers(dest="command", required=True)
    commands.add_parser("init", help="create the course directory and nbgrader_config.py")
    release = commands.add_parser("release", help="generate the student version of assignments")
    release.add_argument("assignment", nargs="?")
    release.add_argument("--all", action="store_true")
    release.add_argument("--assignments", help="folder of the source assignments (default ./assignments)")
    grade = commands.add_parser("autograde", help="grade every submission of an assignment")
    grade.add_argument("assignment")
    grade.add_argument("--workers", type=int, default=max(1, os.cpu_count() or 1))
    grade.add_argument("--scheduler", metavar="tcp://HOST:PORT",
                       help="grade on the Dask cluster of this scheduler instead of --workers local slots")
    grade.add_argument("--resume", action="store_true", help="keep results of unchanged, graded submissions")
    grade.add_argument("--cell-timeout", type=float, default=60.0, help="seconds per cell and per test call")
    grade.add_argument("--notebook-timeout", type=float, default=600.0, help="seconds per notebook")
    grade.add_argument("--memory-mb", type=int, default=1024)
    grade.add_argument("--sandbox", choices=("auto", "require", "off"), default="auto")
    for name, text in (("feedback", "write an HTML feedback page per student"),
                       ("export", "write exports/<assignment>.csv")):
        commands.add_parser(name, help=text).add_argument("assignment")
    for sub in commands.choices.values():  # the global options work after the command too
        sub.add_argument("--course", default=argparse.SUPPRESS)
        sub.add_argument("--db", default=argparse.SUPPRESS)
    return main


COMMANDS = {"init": cmd_init, "release": cmd_release, "autograde": cmd_autograde,
            "feedback": cmd_feedback, "export": cmd_export}


def main(argv=None):
    args = parser().parse_args(argv)
    course_module.ensure_bin_on_path()
    _add_references(os.environ.get("AUTOGRADER_REFERENCES"))
    course = course_module.Course(args.course, args.db)
    return COMMANDS[args.command](args, course)
