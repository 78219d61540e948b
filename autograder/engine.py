"""The trusted grading engine: the student's code runs in a sandbox, the tests run here.

`grade_submission` validates the submitted notebook, lines it up with the
source (`autograder.notebook`: tamper repair, points from the source), runs
the student's code cells in order in a sandboxed worker (`autograder.sandbox`)
and, at each test cell's position, grades the SOURCE test cell itself: it
evaluates the check calls' arguments in this process, asks the worker to call
the student's function on them, receives the outputs as data only
(`autograder.transport`) and compares them with the reference module
(`autograder.checks`).  Nothing the student's code does to numpy, builtins,
IPython or the checks module in its process can change a comparison.

    result = grade_submission(source_nb, submitted_nb, "01-python-basics", Limits())
    result.status, result.score, result.max_score, result.flags, result.tests
"""

import copy
import dataclasses
import functools
import hashlib
import pathlib
import threading
import time

from . import checks, notebook, testcells, transport
from .sandbox import Runtime, SandboxLimits, Slot, WorkerDied

STATUSES = ("graded", "tampered", "timed_out", "out_of_memory", "crashed", "missing", "invalid_notebook")
GRADED = ("graded", "tampered")
DIED_STATUS = {"timeout": "timed_out", "memory": "out_of_memory", "processes": "crashed",
               "crashed": "crashed", "output": "crashed"}


@dataclasses.dataclass
class Limits:
    """Limits for one submission (seconds, megabytes); `sandbox` None means "bwrap where it works"."""

    cell_timeout: float = 60.0
    call_timeout: float = 60.0
    notebook_timeout: float = 600.0
    memory_mb: int = 1024
    max_processes: int = 64
    scratch_mb: int = 256
    max_reply_mb: int = 64
    output_chars: int = 20000
    sandbox: bool | None = None

    def sandbox_limits(self):
        # by name, so the two dataclasses may order their fields as they like
        return SandboxLimits(**{f.name: getattr(self, f.name) for f in dataclasses.fields(SandboxLimits)})


@dataclasses.dataclass
class TestResult:
    grade_id: str
    points: float
    max_points: float
    passed: bool
    message: str
    description: str = ""


@dataclasses.dataclass
class NotebookResult:
    status: str
    flags: list
    tests: list
    score: float
    max_score: float
    seconds: float
    detail: str = ""
    checksum: str = ""

    @property
    def graded(self):
        return self.status in GRADED

    def to_dict(self):
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, data):
        data = dict(data)
        data["tests"] = [TestResult(**t) for t in data.get("tests", [])]
        return cls(**data)


def file_checksum(path):
    """sha256 of a file's bytes ("" when there is no file)."""
    try:
        return hashlib.sha256(pathlib.Path(path).read_bytes()).hexdigest()
    except (OSError, TypeError):
        return ""


class _Expected:
    """One check call, prepared once per assignment: arguments (as data) and the reference's answer."""

    def __init__(self, kind, name, args, kwargs, expected, rtol, atol):
        self.kind, self.name, self.expected, self.rtol, self.atol = kind, name, expected, rtol, atol
        self.wire = None if kind == "variable" else transport.encode((tuple(args), kwargs))


class AssignmentGrader:
    """Grades submissions of one assignment; the reference's answers are computed once and reused.

    Parameters
    ----------
    source_nb : Path, the instructor's notebook (solutions and hidden tests)
    assignment : str, the assignment id (its reference is `checks.load_reference(assignment)`)
    limits : Limits
    """

    def __init__(self, source_nb, assignment, limits=None):
        self.source_path = pathlib.Path(source_nb)
        self.assignment = assignment
        self.limits = limits or Limits()
        self.source = notebook.read_notebook(self.source_path)
        self.reference = checks.load_reference(assignment)
        self.judge = checks.Checker.__new__(checks.Checker)
        self.judge.reference = self.reference
        self.forbidden = getattr(self.reference, "FORBIDDEN_HELPERS", {})
        self.descriptions = {}
        self.max_points = {}
        for cell in self.source.cells:
            if notebook.is_test(cell):
                meta = notebook.nbgrader_meta(cell)
                self.max_points[meta["grade_id"]] = float(meta.get("points") or 0)
        self._prepared = {}
        self._lock = threading.Lock()
        setup = [c.source for c in self.source.cells if c.cell_type == "code"
                 and not notebook.nbgrader_meta(c).get("solution") and not notebook.is_test(c)]
        forbidden = set().union(*self.forbidden.values()) if self.forbidden else set()
        self.runtime = Runtime(setup, forbidden=forbidden)
        self._slot = None

    # the tests, prepared once
    def _prepare(self, test):
        with self._lock:
            if test.grade_id in self._prepared:
                return self._prepared[test.grade_id]
        description, prepared, error = "", [], None
        try:
            description, calls = testcells.parse_test_cell(test.source)
            for call in calls:
                args, kwargs = testcells.evaluate_arguments(call, self.reference)
                prepared.append(self._expected(call.kind, args, kwargs))
        except Exception as failure:  # an instructor's bug: the test is failed for everyone, loudly
            error = f"the grader could not prepare this test ({type(failure).__name__}: {failure})"
        entry = (description, prepared, error)
        with self._lock:
            self._prepared[test.grade_id] = entry
        return entry

    def _expected(self, kind, args, kwargs):
        name, args = args[0], list(args[1:])
        rtol = kwargs.pop("rtol", checks.RTOL if kind != "gradients" else 1e-4)
        atol = kwargs.pop("atol", checks.ATOL)
        if kind == "variable":
            return _Expected(kind, name, [], {}, args[0], rtol, atol)
        if kind == "gradients":
            expected = self.reference.NUMERIC[name](*copy.deepcopy(args), **copy.deepcopy(kwargs))
        else:
            expected = getattr(self.reference, name)(*copy.deepcopy(args), **copy.deepcopy(kwargs))
        return _Expected(kind, name, args, kwargs, expected, rtol, atol)

    # one submission
    def grade(self, submitted_nb, slot=None):
        """Grade one submission (a path, or None when there is none); return a `NotebookResult`."""
        started = time.monotonic()
        path = pathlib.Path(submitted_nb) if submitted_nb is not None else None
        checksum = file_checksum(path) if path is not None else ""
        if path is None or not path.exists():
            return self._zero("missing", "no submitted notebook", started, checksum)
        try:
            submitted = notebook.read_notebook(path)
        except notebook.InvalidNotebook as error:
            return self._zero("invalid_notebook", str(error), started, checksum)
        plan = notebook.make_plan(self.source, submitted)
        own_slot = slot is None
        if own_slot:
            slot = Slot(self.runtime, self.limits.sandbox_limits(), self.limits.sandbox)
        try:
            result = self._run(plan, slot, path, started)
        finally:
            if own_slot:
                slot.close()
        result.checksum = checksum
        return result

    def _zero(self, status, detail, started, checksum=""):
        tests = []
        for grade_id, max_points in self.max_points.items():
            tests.append(TestResult(grade_id, 0.0, max_points, False, f"not graded: {detail}"))
        return NotebookResult(status, [], tests, 0.0, sum(self.max_points.values()),
                              round(time.monotonic() - started, 3), detail, checksum)

    def _run(self, plan, slot, path, started):
        limits = self.limits
        deadline = started + limits.notebook_timeout
        files = [p for p in path.parent.iterdir() if p.is_file()] if path.parent.is_dir() else [path]
        session = slot.begin(files)
        flags = list(plan.flags)
        if not slot.sandboxed:
            flags.append("unsandboxed")
        student_sources = [source for _, source in plan.student_sources]
        results, notes = [], []
        cell_errors = {}  # label -> "IndentationError: ...", to explain a function that is not defined

        def budget(limit):
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise WorkerDied("timeout", f"the notebook took longer than {limits.notebook_timeout:g} s")
            return min(limit, remaining), limit >= remaining

        died = died_status = None

        def zero(test, why):
            return TestResult(test.grade_id, 0.0, test.points, False, f"not graded: {why}",
                              self._prepare(test)[0])

        try:
            for step in plan.steps:
                if died is not None:
                    if step[0] == "test":
                        results.append(zero(step[1], died))
                    continue
                try:
                    if step[0] == "run":
                        self._run_cell(step[1], step[2], session, budget, notes, cell_errors)
                    else:
                        results.append(self._grade_test(step[1], session, student_sources, budget, cell_errors))
                except WorkerDied as error:
                    died_status = DIED_STATUS[error.kind]
                    died = f"{error.detail} ({died_status.replace('_', ' ')})"
                    if step[0] == "test":
                        results.append(zero(step[1], died))
        finally:
            session.close()
        status = "tampered" if plan.tampered else "graded"
        if died is not None:
            status = died_status
            notes.insert(0, died)
        # tests the submission's plan has twice or never are scored from the source's list
        by_id = {}
        for result in results:
            by_id.setdefault(result.grade_id, result)
        tests = [by_id.get(g) or TestResult(g, 0.0, p, False, "not graded") for g, p in self.max_points.items()]
        score = round(sum(t.points for t in tests), 6)
        return NotebookResult(status, flags, tests, score, sum(self.max_points.values()),
                              round(time.monotonic() - started, 3), "; ".join(notes)[:4000])

    def _run_cell(self, source, label, session, budget, notes, cell_errors):
        limits = self.limits
        timeout, is_notebook_limit = budget(limits.cell_timeout)
        try:
            meta, _ = session.request({"cmd": "cell", "source": source}, timeout=timeout)
        except WorkerDied as error:
            if error.kind == "timeout":
                error.detail = (f"the notebook took longer than {limits.notebook_timeout:g} s"
                                if is_notebook_limit else
                                f"cell {label} ran longer than {limits.cell_timeout:g} s")
            raise
        if not meta.get("ok"):
            notes.append(f"cell {label} raised {meta.get('ename')}: {meta.get('evalue')}")
            cell_errors[label] = f"{meta.get('ename')}: {meta.get('evalue')}"
            if meta.get("ename") == "MemoryError":
                raise WorkerDied("memory", f"cell {label} ran out of memory")

    def _grade_test(self, test, session, student_sources, budget, cell_errors=None):
        description, prepared, error = self._prepare(test)
        if error:
            return TestResult(test.grade_id, 0.0, test.points, False, error, description)
        if not prepared:
            return TestResult(test.grade_id, test.points, test.points, True, "passed", description)
        for call in prepared:
            problem = self._check(call, session, student_sources, budget, cell_errors or {})
            if problem:
                return TestResult(test.grade_id, 0.0, test.points, False, problem, description)
        return TestResult(test.grade_id, test.points, test.points, True, "passed", description)

    def _check(self, call, session, student_sources, budget, cell_errors=None):
        """The problem with one check call (a message), or None when it passes."""
        name = call.name
        if call.kind == "variable":
            timeout, _ = budget(self.limits.call_timeout)
            meta, actual = session.request({"cmd": "variable", "name": name}, timeout=timeout)
            if not meta.get("ok"):
                return _worker_problem(name, meta, variable=True)
            problems = checks.compare(actual, call.expected, f"`{name}`", call.rtol, call.atol)
            return "; ".join(problems) if problems else None
        used = testcells.forbidden_uses(student_sources, name, self.forbidden.get(name))
        if used:
            return (f"`{name}` calls the course's helpers ({', '.join(used)}) instead of computing the "
                    "result itself; this exercise asks you to write it with numpy")
        timeout, is_notebook_limit = budget(self.limits.call_timeout)
        header, payload = call.wire
        try:
            meta, actual = session.request({"cmd": "call", "name": name}, encoded=(header, payload),
                                           timeout=timeout)
        except WorkerDied as error:
            if error.kind == "timeout":
                error.detail = (f"the notebook took longer than {self.limits.notebook_timeout:g} s"
                                if is_notebook_limit else
                                f"`{name}` ran longer than {self.limits.call_timeout:g} s")
            raise
        if not meta.get("ok"):
            if meta.get("error") == "memory":
                raise WorkerDied("memory", f"`{name}` ran out of memory")
            return _worker_problem(name, meta, cell_error=(cell_errors or {}).get(name))
        try:
            self.judge._judge(name, actual, call.expected, call.rtol, call.atol)
        except AssertionError as failure:
            return str(failure)
        except Exception as failure:  # a comparator that chokes on a strange answer
            return f"{name}: the output could not be compared ({type(failure).__name__}: {failure})"
        return None

    # a slot that `grade` reuses when called without one
    def close(self):
        self.runtime.close()


def _worker_problem(name, meta, variable=False, cell_error=None):
    error = meta.get("error")
    if variable and error == "undefined":
        return f"the variable `{name}` is not defined: run the cell that sets it"
    if error == "undefined" and cell_error:
        return (f"`{name}` is not defined because the cell where you write it raised {cell_error}; "
                "fix that error and run the cell again")
    if error == "undefined":
        return f"`{name}` is not defined: run the cell where you write it first"
    if error == "not_callable":
        return f"`{name}` should be a function, but is a {meta.get('type')}"
    if error == "not_implemented":
        return f"`{name}` is not implemented yet"
    if error == "raised":
        return checks.describe_error(name, meta.get("ename"), meta.get("evalue"))
    if error == "too_large":
        return f"the output of `{name}` is too large to grade ({meta.get('evalue')})"
    if error == "unsendable":
        return f"the output of `{name}` could not be read ({meta.get('ename')}: {meta.get('evalue')})"
    if error == "worker":
        return (f"`{name}` could not be run: your notebook broke something the grader's worker needs "
                f"({meta.get('ename')}: {meta.get('evalue')})")
    return f"`{name}`: {error}"


@functools.lru_cache(maxsize=8)
def _grader(source_nb, mtime, assignment, limits_key):
    return AssignmentGrader(source_nb, assignment, Limits(**dict(limits_key)))


def grade_submission(source_nb, submitted_nb, assignment, limits=None, slot=None):
    """Grade one submitted notebook against the source notebook; return a `NotebookResult`.

    Parameters
    ----------
    source_nb : Path, the instructor's notebook
    submitted_nb : Path or None, the student's notebook (None or a missing file: "missing")
    assignment : str, the assignment id
    limits : Limits
    slot : sandbox.Slot, a running worker to reuse (else one is started and stopped)
    """
    limits = limits or Limits()
    source_nb = pathlib.Path(source_nb).resolve()
    grader = _grader(source_nb, source_nb.stat().st_mtime, assignment,
                     tuple(sorted(dataclasses.asdict(limits).items())))
    return grader.grade(submitted_nb, slot)
