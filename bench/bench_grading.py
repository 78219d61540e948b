"""Grading throughput: `course-autograder autograde` (sandboxed, parallel) against plain `nbgrader autograde`.

Builds a throw-away course with one assignment released by nbgrader and N
copies of its reference solution submitted, then times, from one run each:

- ours: ``course-autograder autograde ID --workers W`` (bubblewrap sandbox, a
  zygote per worker, start-up included);
- nbgrader: ``nbgrader autograde ID`` (its own CLI, one kernel per notebook,
  serial), on the same submissions.

and prints seconds per submission (amortized over the whole run) and the ratio.

    python bench/bench_grading.py [--students 24] [--workers 2] [--assignment 01-python-basics]

``--engine-only`` times the grading path alone (`backends.local.grade_all` over the
assignment's source notebook, no course, release or gradebook), so that two
versions of the engine and sandbox can be compared on the same submissions.
"""

import argparse
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from autograder import cli, sandbox  # noqa: E402


def build_course(directory, assignment, students):
    course = directory / "course"
    with open(os.devnull, "w") as quiet:
        saved, sys.stdout = sys.stdout, quiet
        try:
            if "init" in cli.COMMANDS:  # newer versions want the course created first
                cli.main(["--course", str(course), "init"])
            cli.main(["--course", str(course), "init"])
            status = cli.main(["--course", str(course), "release", assignment, "--assignments",
                               str(ROOT / "assignments")])
        finally:
            sys.stdout = saved
    if status:
        raise SystemExit(f"could not release {assignment}")
    for source in (course / "source" / assignment).glob("*.ipynb"):
        for i in range(students):
            target = course / "submitted" / f"student{i:03d}" / assignment
            target.mkdir(parents=True, exist_ok=True)
            shutil.copy(source, target / source.name)
    return course


def time_ours(course, assignment, workers):
    started = time.perf_counter()
    with open(os.devnull, "w") as quiet:
        saved, sys.stdout = sys.stdout, quiet
        try:
            status = cli.main(["--course", str(course), "autograde", assignment, "--workers", str(workers)])
        finally:
            sys.stdout = saved
    return time.perf_counter() - started, status


def time_engine(directory, assignment, students, workers):
    """The grading path alone (`backends.local.grade_all` over `AssignmentGrader`s), without the course and
    gradebook around it: ``(seconds, {status: count}, median seconds of one submission)``."""
    from autograder import engine
    from autograder.backends import local

    sources = sorted((ROOT / "assignments" / assignment).glob("*.ipynb"))
    jobs = []
    for source in sources:
        for i in range(students):
            folder = directory / "engine" / f"student{i:03d}" / source.stem
            folder.mkdir(parents=True, exist_ok=True)
            shutil.copy(source, folder / source.name)
            jobs.append((i, source.name, folder / source.name))
    started = time.perf_counter()
    graders = {source.name: engine.AssignmentGrader(source, assignment, engine.Limits()) for source in sources}
    counts, seconds = {}, []
    for _, _, result in local.grade_all(graders, jobs, workers):
        counts[result.status] = counts.get(result.status, 0) + 1
        seconds.append(result.seconds)
    for grader in graders.values():
        grader.close()
    return time.perf_counter() - started, counts, sorted(seconds)[len(seconds) // 2]


def time_nbgrader(course, assignment):
    env = dict(os.environ, PATH=os.path.dirname(sys.executable) + os.pathsep + os.environ.get("PATH", ""))
    started = time.perf_counter()
    result = subprocess.run([os.path.join(os.path.dirname(sys.executable), "nbgrader"), "autograde", assignment,
                             "--force"], cwd=course, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    graded = len(list((course / "autograded").glob(f"*/{assignment}/*.ipynb")))
    return elapsed, result.returncode, graded, result.stderr[-2000:]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--students", type=int, default=24)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--assignment", default="01-python-basics")
    parser.add_argument("--skip-nbgrader", action="store_true")
    parser.add_argument("--engine-only", action="store_true",
                        help="time the grading path alone (no course, release or gradebook)")
    args = parser.parse_args(argv)
    n = args.students
    with tempfile.TemporaryDirectory(prefix="bench-grading-") as tmp:
        tmp = pathlib.Path(tmp)
        if args.engine_only:
            seconds, counts, median = time_engine(tmp, args.assignment, n, args.workers)
            mode = "sandboxed (bwrap)" if sandbox.bwrap_path() else "UNSANDBOXED"
            print(f"{n} submissions of {args.assignment}, {os.cpu_count()} cores, "
                  f"load average {os.getloadavg()[0]:.1f}")
            print(f"grading path, {args.workers} workers, {mode}: {seconds:6.1f} s total, "
                  f"{seconds / n:.3f} s per submission {counts}; median time to grade one (zygote "
                  f"start-up excluded): {median:.3f} s")
            return 0
        ours_course = build_course(tmp / "ours", args.assignment, n)
        ours, status = time_ours(ours_course, args.assignment, args.workers)
        mode = "sandboxed (bwrap)" if sandbox.bwrap_path() else "UNSANDBOXED"
        load = os.getloadavg()[0]
        print(f"{n} submissions of {args.assignment}, {os.cpu_count()} cores, load average {load:.1f}")
        print(f"course-autograder, {args.workers} workers, {mode}: {ours:6.1f} s total, "
              f"{ours / n:.3f} s per submission (exit {status})")
        if args.skip_nbgrader:
            return 0
        theirs_course = build_course(tmp / "nbgrader", args.assignment, n)
        theirs, code, graded, err = time_nbgrader(theirs_course, args.assignment)
        print(f"nbgrader autograde, serial, unsandboxed:  {theirs:6.1f} s total, "
              f"{theirs / n:.3f} s per submission ({graded}/{n} graded, exit {code})")
        if code:
            print(err, file=sys.stderr)
        print(f"ratio (nbgrader / course-autograder): {theirs / ours:.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
