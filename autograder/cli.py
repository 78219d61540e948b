"""`course-autograder`: the instructor's commands (over nbgrader's Python API and our engine).

    course-autograder init [--course DIR] [--db URL]
    course-autograder validate ID|--all [--assignments DIR] [--lang en|zh|both]
    course-autograder release ID|--all [--assignments DIR] [--keep-source | --force-source] [--lang en|zh|both]
    course-autograder autograde ID [--student S ...] [--workers N | --scheduler tcp://HOST:PORT] [--resume]
    course-autograder feedback ID
    course-autograder export ID|--all [--format csv|canvas|moodle]
    course-autograder report ID

Every failure ends with one line on stderr that names the problem and the fix.
Exit status: 0 done (for `autograde`: every expected student has a grade);
3 `autograde` finished but some students are missing or could not be graded
(their status says why); 2 the command failed (nothing was changed, or what
was graded before the failure is recorded); 130 interrupted by Ctrl-C.
"""

import argparse
import os
import pathlib
import sys

from . import course as course_module
from . import engine, feedback, gradebook, sandbox
from . import kit as kit_module
from . import validate as validate_module
from . import run as run_module
from .course import CourseError

DEFAULT_COURSE = "course"


def _assignments_dir(value):
    if value:
        return pathlib.Path(value)
    here = pathlib.Path.cwd() / "assignments"
    return here if here.is_dir() else course_module.shipped_assignments()


def _add_references(paths):
    """Extra folders where `contract.load` looks for reference modules (AUTOGRADER_REFERENCES)."""
    import autograder.references

    for path in filter(None, (paths or "").split(os.pathsep)):
        path = str(pathlib.Path(path).resolve())
        if path not in autograder.references.__path__:
            autograder.references.__path__.append(path)


def released(course):
    """The ids of the assignments released in `course` (a folder of notebooks in ``source/``)."""
    root = course.root / "source"
    return sorted(p.name for p in root.iterdir() if p.is_dir() and any(p.glob("*.ipynb"))) if root.is_dir() else []


def known_assignment(course, assignment):
    """`assignment` if it was released in `course`, else a `CourseError` listing the released ones."""
    course.check()
    if assignment not in released(course):
        raise run_module.suggest(assignment, released(course), "assignment")
    return assignment


def cmd_init(args, course):
    path = course.init()
    print(f"course directory {course.root} (configuration: {path.name}, "
          f"gradebook: {course_module.hide_password(course.db_url)})")
    return 0


def _available(source_root):
    """The assignment ids under `source_root`: the folders that hold a notebook."""
    if not source_root.is_dir():
        return []
    return sorted(p.name for p in source_root.iterdir() if p.is_dir() and any(p.glob("*.ipynb")))


def cmd_release(args, course):
    language = (args.lang or "en").strip().lower()
    if language not in course_module.EDITIONS:
        raise CourseError(f"unknown language {args.lang!r}: use --lang en (English), zh (Chinese) or both")
    course.check()
    source_root = _assignments_dir(args.assignments)
    available = _available(source_root)
    if args.all:
        ids = available
    elif args.assignment:
        if args.assignment not in available and not (args.keep_source and args.assignment in released(course)):
            raise run_module.suggest(args.assignment, available, f"assignment (in {source_root})")
        ids = [args.assignment]
    else:
        raise CourseError("release: name an assignment or use --all")
    prefer = "source" if args.keep_source else "assignments" if args.force_source else None
    status = 0
    for assignment in ids:
        # --keep-source releases the course's edited copy: that is the one to validate
        origin = course.source(assignment) if prefer == "source" and course.source(assignment).is_dir() \
            else course_module.edition_dir(source_root, "zh" if language == "zh" else "en") / assignment
        folders = [origin]
        if language == "both":  # the Chinese edition is validated too: its hints are matched in Chinese
            folders.append(course_module.edition_dir(source_root, "zh") / assignment)
        problems = []
        for folder in folders:
            if folder.is_dir():
                problems += validate_module.validate_cached(folder, assignment, course.root / ".validated")
        if problems:
            print(f"release of {assignment} refused: `validate {assignment}` found {len(problems)} problem(s):",
                  file=sys.stderr)
            for problem in problems:
                print(f"  {problem}", file=sys.stderr)
            status = 2
            continue
        try:
            paths = course.release(assignment, source_root, prefer, language)
        except course_module.ReleaseLeak as leak:
            print(f"RELEASE FAILED, SOLUTIONS OR HIDDEN TESTS LEAKED: {leak}", file=sys.stderr)
            status = 2
            continue
        except course_module.SourceEdited as edited:
            print(f"release of {assignment} refused: {edited}", file=sys.stderr)
            status = 2
            continue
        except (FileNotFoundError, RuntimeError) as error:
            print(f"release of {assignment} failed: {error}", file=sys.stderr)
            status = 2
            continue
        print(f"released {assignment}: " + ", ".join(str(p.relative_to(course.root)) for p in paths))
        try:
            kit = kit_module.build(course, [assignment])
        except kit_module.KitLeak as leak:
            print(f"student kit of {assignment} refused: {leak}", file=sys.stderr)
            status = 2
            continue
        print(f"student kit: {kit} (give students this folder, or an image built from it)")
    return status


def cmd_validate(args, course):
    source_root = _assignments_dir(args.assignments)
    available = _available(source_root)
    if args.all:
        ids = available
    elif args.assignment:
        if args.assignment not in available:
            raise run_module.suggest(args.assignment, available, f"assignment (in {source_root})")
        ids = [args.assignment]
    else:
        raise CourseError("validate: name an assignment or use --all")
    language = (args.lang or "en").strip().lower()
    if language not in course_module.EDITIONS:
        raise CourseError(f"unknown language {args.lang!r}: use --lang en (English), zh (Chinese) or both")
    editions = ["en", "zh"] if language == "both" else [language]
    status = 0
    for assignment in ids:
        problems = []
        for edition in editions:
            folder = course_module.edition_dir(source_root, edition) / assignment
            if edition != "en" and not folder.is_dir():
                problems.append(f"no {edition} edition {folder}: build it with `python i18n/build.py build`")
                continue
            found = validate_module.validate(folder, assignment)
            problems += [f"({edition}) {p}" for p in found] if len(editions) > 1 else found
        problems += validate_module.release_problems(source_root, assignment, language)
        if problems:
            status = 2
            print(f"{assignment}: {len(problems)} problem(s)", file=sys.stderr)
            for problem in problems:
                print(f"  {problem}", file=sys.stderr)
        else:
            print(f"{assignment}: ready to release (every check has a reference, the source scores full "
                  "marks, every declared mistake is caught, the release holds no solution)")
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
    assignment = known_assignment(course, args.assignment)
    limits = _limits(args)
    if limits.sandbox is not False and not args.scheduler and sandbox.bwrap_path() is None:
        if limits.sandbox:
            raise CourseError("bubblewrap (bwrap) is required (--sandbox require) but does not work here")
        _warn_unsandboxed()
    try:
        report = run_module.autograde(course, assignment, limits, workers=args.workers, scheduler=args.scheduler,
                                      resume=args.resume, only=args.student, known_ids=released(course),
                                      on_line=lambda line: print(line, flush=True))
    except run_module.Interrupted as stop:
        print(f"\ninterrupted: {stop.recorded} students' grades are recorded; continue with "
              f"`course-autograder autograde {assignment} --resume`", file=sys.stderr)
        return run_module.EXIT_INTERRUPTED
    for student, path, reason in report.problems:
        print(f"not graded: {path}: {reason}", file=sys.stderr)
    if report.outsiders:
        print(f"not on the roster {course.root.name}/students.csv, not graded: {', '.join(report.outsiders)} "
              "(add them to the roster to grade them)", file=sys.stderr)
    for warning in report.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    export = pathlib.Path(report.export)
    report.export = export.relative_to(course.root.parent) if export.is_relative_to(course.root.parent) else export
    print(report.summary())
    return report.exit_status


def cmd_feedback(args, course):
    assignment = known_assignment(course, args.assignment)
    written = feedback.write_feedback(course, assignment)
    if not written:
        raise CourseError(f"no graded submissions of {assignment}: run `course-autograder autograde {assignment}` first")
    print(f"{len(written)} feedback files under {course.root / 'feedback'}")
    return 0


def cmd_export(args, course):
    if args.all:
        course.check()
        path, tables = gradebook.export_all(course, released(course), args.format)
        print(f"{len(tables)} assignments written to {path}")
        return 0
    if not args.assignment:
        raise CourseError("export: name an assignment or use --all")
    assignment = known_assignment(course, args.assignment)
    path, rows = gradebook.export(course, assignment, fmt=args.format)
    print(f"{len(rows)} rows written to {path}")
    return 0


def cmd_report(args, course):
    from . import report

    assignment = known_assignment(course, args.assignment)
    path = report.write_report(course, assignment)
    print(f"class report written to {path}")
    return 0


def parser():
    main = argparse.ArgumentParser(prog="course-autograder", description=__doc__.split("\n")[0])
    main.add_argument("--course", default=DEFAULT_COURSE, help="the course directory (default ./course)")
    main.add_argument("--db", default=None, help="gradebook database URL (default: sqlite gradebook.db in the "
                      "course); put a password in ~/.pgpass or PGPASSWORD, not here")
    commands = main.add_subparsers(dest="command", required=True)
    commands.add_parser("init", help="create the course directory and nbgrader_config.py")
    check = commands.add_parser("validate", help="check that an assignment is ready to release")
    check.add_argument("assignment", nargs="?")
    check.add_argument("--all", action="store_true")
    check.add_argument("--assignments",
                       help="folder of the source assignments (default: ./assignments, else the course's own)")
    check.add_argument("--lang", default="en", metavar="en|zh|both",
                       help="the edition to validate: en (default), zh (zh/assignments/<id>) or both")
    release = commands.add_parser("release", help="validate, generate the student version and the student kit")
    release.add_argument("assignment", nargs="?")
    release.add_argument("--all", action="store_true")
    release.add_argument("--assignments",
                         help="folder of the source assignments (default: ./assignments, else the course's own)")
    which = release.add_mutually_exclusive_group()
    which.add_argument("--keep-source", action="store_true",
                       help="course/source/<id> was edited: release it as it is")
    which.add_argument("--force-source", action="store_true",
                       help="overwrite course/source/<id> with the assignments folder's version")
    release.add_argument("--lang", default="en", metavar="en|zh|both",
                         help="the edition to release: en (default), zh (the Chinese edition, zh/assignments/<id>), "
                              "or both (English in release/<id>, Chinese in zh/release/<id>; one gradebook)")
    grade = commands.add_parser("autograde", help="grade every submission of an assignment")
    grade.add_argument("assignment")
    grade.add_argument("--student", action="append", metavar="S", help="grade only this student (repeatable)")
    grade.add_argument("--workers", type=int, default=max(1, os.cpu_count() or 1))
    grade.add_argument("--scheduler", metavar="tcp://HOST:PORT",
                       help="grade on the Dask cluster of this scheduler instead of --workers local slots")
    grade.add_argument("--resume", action="store_true",
                       help="keep results of unchanged submissions whose grades the gradebook holds")
    grade.add_argument("--cell-timeout", type=float, default=60.0,
                       help="CPU seconds per cell and per test call (load-independent; a cell that waits is "
                       f"stopped after {engine.Limits.wall_factor:g} times this plus "
                       f"{engine.Limits().wall(0):g} s of wall time)")
    grade.add_argument("--notebook-timeout", type=float, default=600.0,
                       help="CPU seconds per notebook (wall-time backstop: "
                       f"{engine.Limits.wall_factor:g} times this plus {engine.Limits().wall(0):g} s)")
    grade.add_argument("--memory-mb", type=int, default=1024)
    grade.add_argument("--sandbox", choices=("auto", "require", "off"), default="auto")
    commands.add_parser("feedback", help="write an HTML feedback page per student").add_argument("assignment")
    export = commands.add_parser("export", help="write exports/<assignment>.csv (or a Canvas/Moodle import)")
    export.add_argument("assignment", nargs="?")
    export.add_argument("--all", action="store_true", help="every released assignment in one file")
    export.add_argument("--format", choices=gradebook.FORMATS, default="csv")
    commands.add_parser("report", help="write reports/<assignment>.html: the class at a glance") \
        .add_argument("assignment")
    for sub in commands.choices.values():  # the global options work after the command too
        sub.add_argument("--course", default=argparse.SUPPRESS)
        sub.add_argument("--db", default=argparse.SUPPRESS)
    return main


COMMANDS = {"init": cmd_init, "validate": cmd_validate, "release": cmd_release, "autograde": cmd_autograde,
            "feedback": cmd_feedback, "export": cmd_export, "report": cmd_report}


def main(argv=None):
    args = parser().parse_args(argv)
    course_module.ensure_bin_on_path()
    _add_references(os.environ.get("AUTOGRADER_REFERENCES"))
    course = None
    try:
        course = course_module.Course(args.course, args.db)
        return COMMANDS[args.command](args, course)
    except CourseError as error:
        print(f"course-autograder {args.command}: {error}", file=sys.stderr)
        return run_module.EXIT_FAILED
    except KeyboardInterrupt:
        print(f"\ncourse-autograder {args.command}: interrupted", file=sys.stderr)
        return run_module.EXIT_INTERRUPTED
    except Exception as error:  # no traceback for the instructor; AUTOGRADER_DEBUG=1 shows it
        if os.environ.get("AUTOGRADER_DEBUG"):
            raise
        text = str(error).strip().splitlines()
        print(f"course-autograder {args.command} failed: {type(error).__name__}: {text[0] if text else ''} "
              "(set AUTOGRADER_DEBUG=1 to see where)", file=sys.stderr)
        return run_module.EXIT_FAILED
    finally:
        for note in (course.notes if course is not None else []):
            print(f"note: {note}", file=sys.stderr)
