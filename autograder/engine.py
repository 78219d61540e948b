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

import contextvars
import copy
import dataclasses
import functools
import hashlib
import os
import pathlib
import stat
import threading
import time

from . import contract, isolation, judge, messages, notebook, testcells, transport
from .sandbox import Limits, Refused, Runtime, Slot, WorkerDied, submission_files

STATUSES = ("graded", "tampered", "timed_out", "out_of_memory", "crashed", "missing", "invalid_notebook",
            "refused")  # refused: a link or special file in the submission (`autograder.submissions`)
GRADED = ("graded", "tampered")
DIED_STATUS = {"timeout": "timed_out", "memory": "out_of_memory", "processes": "crashed",
               "crashed": "crashed", "output": "crashed"}


# the language of the submission being graded (its metadata.course.language; else the source's)
_LANGUAGE = contextvars.ContextVar("submission_language", default=None)


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
    language: str = "en"  # of the submission: the feedback page speaks it

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
    """sha256 of a regular file's bytes ("" when there is none: no file, a link, a FIFO...)."""
    try:
        if not stat.S_ISREG(os.lstat(path).st_mode):
            return ""  # never open a FIFO (it would block) nor follow a link
        digest = hashlib.sha256()
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
        with os.fdopen(fd, "rb") as stream:
            for chunk in iter(lambda: stream.read(1 << 20), b""):
                digest.update(chunk)
        return digest.hexdigest()
    except (OSError, TypeError, ValueError):
        return ""


class _Expected:
    """One check call, prepared once per assignment: arguments (as data) and the reference's answer."""

    def __init__(self, kind, name, args, kwargs, expected, rtol, atol):
        self.kind, self.name, self.expected, self.rtol, self.atol = kind, name, expected, rtol, atol
        self.args, self.kwargs = tuple(args), dict(kwargs)
        self.hidden = False  # from a hidden-test region: a failure must not show its inputs
        self.wire = None if kind == "variable" else transport.encode((tuple(args), kwargs))


class AssignmentGrader:
    """Grades submissions of one assignment; the reference's answers are computed once and reused.

    Parameters
    ----------
    source_nb : Path, the instructor's notebook (solutions and hidden tests)
    assignment : str, the assignment id (its reference is `contract.load(assignment)`)
    limits : Limits
    """

    def __init__(self, source_nb, assignment, limits=None):
        self.source_path = pathlib.Path(source_nb)
        self.assignment = assignment
        self.limits = limits or Limits()
        self.source = notebook.read_notebook(self.source_path)
        self.reference = contract.load(assignment)
        self.source_language = messages.notebook_language(self.source)
        self.forbidden = self.reference.forbidden
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
        # each function graded on its own: {function: [(lower-level graded function, its definition)]}
        self.isolation = isolation.plan(self.source)

    @property
    def language(self):
        """The language of the submission being graded in this thread (else the source notebook's)."""
        return _LANGUAGE.get() or self.source_language

    # the tests, prepared once
    def _prepare(self, test):
        with self._lock:
            if test.grade_id in self._prepared:
                return self._prepared[test.grade_id]
        description, prepared, error = "", [], None
        try:
            description, calls = testcells.parse_test_cell(test.source)
            hidden = notebook.hidden_lines(test.source)
            for call in calls:
                args, kwargs = testcells.evaluate_arguments(call, self.reference)
                prepared.append(self._expected(call.kind, args, kwargs))
                prepared[-1].hidden = call.line in hidden
        except Exception as failure:  # an instructor's bug: the test is failed for everyone, loudly
            error = f"the grader could not prepare this test ({type(failure).__name__}: {failure})"
        entry = (description, prepared, error)
        with self._lock:
            self._prepared[test.grade_id] = entry
        return entry

    def _expected(self, kind, args, kwargs):
        name, args = args[0], list(args[1:])
        rtol = kwargs.pop("rtol", judge.RTOL if kind != "gradients" else 1e-4)
        atol = kwargs.pop("atol", judge.ATOL)
        if kind == "variable":  # the value in the test cell, else the reference's (read from the data)
            expected = args[0] if args else self.reference.expected(name, (), {})
            return _Expected(kind, name, [], {}, expected, rtol, atol)
        if kind == "gradients":
            expected = self.reference.gradients(name, copy.deepcopy(args), copy.deepcopy(kwargs))
        else:
            expected = self.reference.expected(name, copy.deepcopy(args), copy.deepcopy(kwargs))
        return _Expected(kind, name, args, kwargs, expected, rtol, atol)

    # one submission
    def grade(self, submitted_nb, slot=None):
        """Grade one submission (a path, or None when there is none); return a `NotebookResult`."""
        started = time.monotonic()
        path = pathlib.Path(submitted_nb) if submitted_nb is not None else None
        if path is None or not (path.exists() or path.is_symlink()):
            return self._zero("missing", "no submitted notebook", started)
        try:
            # a link, FIFO, device or socket in the folder is refused here too (never followed, never opened)
            files = submission_files(path)
        except Refused as error:
            return self._zero("refused", str(error), started)
        checksum = ""
        try:
            raw = notebook.read_bounded(path, self.limits.max_notebook_mb << 20)
            checksum = hashlib.sha256(raw).hexdigest()
            submitted = notebook.parse_notebook(raw)
            plan = notebook.make_plan(self.source, submitted)
        except notebook.InvalidNotebook as error:
            return self._zero("invalid_notebook", str(error), started, checksum)
        own_slot = slot is None
        if own_slot:
            slot = Slot(self.runtime, self.limits, self.limits.sandbox)
        token = _LANGUAGE.set(messages.notebook_language(submitted, self.source_language))
        try:
            result = self._run(plan, slot, files, started)
        except Refused as error:  # a file swapped for a link or a FIFO after it was checked
            result = self._zero("refused", str(error), started)
        finally:
            result_language = self.language
            _LANGUAGE.reset(token)
            if own_slot:
                slot.close()
        result.checksum = checksum
        result.language = result_language
        return result

    def _zero(self, status, detail, started, checksum=""):
        tests = []
        for grade_id, max_points in self.max_points.items():
            tests.append(TestResult(grade_id, 0.0, max_points, False, f"not graded: {detail}"))
        return NotebookResult(status, [], tests, 0.0, sum(self.max_points.values()),
                              round(time.monotonic() - started, 3), detail, checksum, self.language)

    def _run(self, plan, slot, files, started):
        limits = self.limits
        # the notebook's CPU time is limited in the sandbox; this is the wall-clock backstop
        deadline = started + limits.wall(limits.notebook_timeout)
        session = slot.begin(files)
        flags = list(plan.flags)
        if not slot.sandboxed:
            flags.append("unsandboxed")
        student_sources = [source for _, source in plan.student_sources]
        results, notes = [], []
        cell_errors = {}  # label -> "IndentationError: ...", to explain a function that is not defined

        def budget(limit):
            """The wall-clock time a request limited to `limit` CPU seconds may take, and whether the
            notebook's backstop is the nearer one."""
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise WorkerDied("timeout", f"the notebook took longer than {limits.notebook_timeout:g} s")
            return min(limits.wall(limit), remaining), limits.wall(limit) >= remaining

        died = died_status = None

        def zero(test, why):
            return TestResult(test.grade_id, 0.0, test.points, False, f"not graded: {why}",
                              self._description(test, self._prepare(test)[0]))

        # cells after the last test cell cannot change a grade: they are not run
        tests_at = [i for i, step in enumerate(plan.steps) if step[0] == "test"]
        steps = plan.steps[:tests_at[-1] + 1] if tests_at else []
        try:
            for step in steps:
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
                              round(time.monotonic() - started, 3), "; ".join(notes)[:4000], "", self.language)

    def _run_cell(self, source, label, session, budget, notes, cell_errors):
        limits = self.limits
        timeout, is_notebook_limit = budget(limits.cell_timeout)
        try:
            meta, _ = session.request({"cmd": "cell", "source": source}, timeout=timeout,
                                      cpu=limits.cell_timeout)
        except WorkerDied as error:
            if error.kind == "timeout":
                error.detail = (f"the notebook took longer than {limits.notebook_timeout:g} s"
                                if is_notebook_limit else
                                f"cell {label} ran longer than {limits.cell_timeout:g} s of CPU time")
            raise
        if not meta.get("ok"):
            notes.append(f"cell {label} raised {meta.get('ename')}: {meta.get('evalue')}")
            cell_errors[label] = f"{meta.get('ename')}: {meta.get('evalue')}"
            if meta.get("ename") == "MemoryError":
                raise WorkerDied("memory", f"cell {label} ran out of memory")

    def _description(self, test, docstring):
        """A test's name on the feedback page: the reference's name in the submission's language
        (``TEST_NAMES``), else the test cell's docstring."""
        return self.reference.test_name(test.grade_id, self.language, docstring)

    def _grade_test(self, test, session, student_sources, budget, cell_errors=None):
        description, prepared, error = self._prepare(test)
        description = self._description(test, description)
        if error:
            return TestResult(test.grade_id, 0.0, test.points, False, error, description)
        if not prepared:
            return TestResult(test.grade_id, test.points, test.points, True, "passed", description)
        isolated = sorted({c for call in prepared for c, _ in self.isolation.get(call.name, ())})
        said = f" ({messages.text('isolated', self.language, names=', '.join(f'`{c}`' for c in isolated))})" \
            if isolated else ""  # per-function isolation
        for call in prepared:
            problem = self._check(call, session, student_sources, budget, cell_errors or {})
            if problem and call.hidden:
                problem = messages.text("hidden_failure", self.language, name=call.name)
            if problem:
                return TestResult(test.grade_id, 0.0, test.points, False, problem + said, description)
        return TestResult(test.grade_id, test.points, test.points, True, "passed" + said, description)

    def _check(self, call, session, student_sources, budget, cell_errors=None):
        """The problem with one check call (a message), or None when it passes."""
        name = call.name
        if call.kind == "variable":
            timeout, _ = budget(self.limits.call_timeout)
            meta, actual = session.request({"cmd": "variable", "name": name}, timeout=timeout,
                                           cpu=self.limits.call_timeout)
            if not meta.get("ok"):
                return _worker_problem(name, meta, variable=True, language=self.language)
            with judge.context(language=self.language):
                problems = judge.compare(actual, call.expected, f"`{name}`", call.rtol, call.atol)
            return "; ".join(problems) if problems else None
        used = testcells.forbidden_uses(student_sources, name, self.forbidden.get(name))
        if used:
            return messages.text("forbidden_helpers", self.language, name=name, used=", ".join(used))
        timeout, is_notebook_limit = budget(self.limits.call_timeout)
        header, payload = call.wire
        try:
            request = {"cmd": "call", "name": name}
            if name in self.isolation:  # the worker runs it in a forked child with the reference callees
                request["isolate"] = [source for _, source in self.isolation[name]]
            meta, actual = session.request(request, encoded=(header, payload),
                                           timeout=timeout, cpu=self.limits.call_timeout)
        except WorkerDied as error:
            if error.kind == "timeout":
                error.detail = (f"the notebook took longer than {self.limits.notebook_timeout:g} s"
                                if is_notebook_limit else
                                f"`{name}` ran longer than {self.limits.call_timeout:g} s of CPU time")
            raise
        if not meta.get("ok"):
            if meta.get("error") == "memory":
                raise WorkerDied("memory", f"`{name}` ran out of memory")
            return _worker_problem(name, meta, cell_error=(cell_errors or {}).get(name), language=self.language,
                                   args=call.args, kwargs=call.kwargs)
        try:
            with judge.context(call.args, call.kwargs, self.language):
                problems = self.reference.judge(name, actual, call.expected, call.rtol, call.atol)
        except Exception as failure:  # a comparator that chokes on a strange answer
            return messages.text("not_comparable", self.language, name=name, ename=type(failure).__name__,
                                 evalue=failure)
        return judge.failure_message(name, problems) if problems else None

    # a slot that `grade` reuses when called without one
    def close(self):
        self.runtime.close()


def _worker_problem(name, meta, variable=False, cell_error=None, language="en", args=(), kwargs=None):
    error = meta.get("error")

    def say(key, **fields):
        return messages.text(key, language, name=name, **fields)

    if variable and error == "undefined":
        return say("undefined_variable")
    if error == "undefined" and cell_error:
        return say("undefined_after_error", error=cell_error)
    if error == "undefined":
        return say("undefined_function")
    if error == "not_callable":
        return say("not_callable", type=meta.get("type"))
    if error == "not_implemented":
        return say("not_implemented")
    if error == "raised":
        with judge.context(args, kwargs, language):
            return judge.describe_error(name, meta.get("ename"), meta.get("evalue"))
    if error == "too_large":
        return say("too_large", detail=meta.get("evalue"))
    if error == "unsendable":
        return say("unsendable", ename=meta.get("ename"), evalue=meta.get("evalue"))
    if error == "worker":
        return say("worker_broken", ename=meta.get("ename"), evalue=meta.get("evalue"))
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
