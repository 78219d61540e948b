"""The `check` that assignment test cells call: the student's side of the tests.

A notebook's setup cell imports it, without naming the assignment::

    from autograder.checks import case, check, rng

A test cell is a docstring and a few calls, nothing else::

    \"\"\"sigmoid is right on a small vector\"\"\"
    check("sigmoid", np.array([-1.0, 0.0, 2.0]))
    ### BEGIN HIDDEN TESTS
    check("sigmoid", rng(2024).standard_normal((2, 5)))
    ### END HIDDEN TESTS

Every argument is self-contained (literals, ``np``, ``rng(seed)``, ``case(...)``):
it never names a notebook variable, so the grader can evaluate the same call in
its own process (`autograder.engine` grades the source test cells itself; it
never runs this module's `check`).

`check` calls the student's function of that name (found in the caller's
globals) on copies of the arguments and compares its output with the expected
one (`autograder.judge`).  Where the expected value comes from depends on where
the notebook runs:

- in the instructor's repository, from the assignment's reference module
  (`autograder.contract`), so hidden tests run too;
- in the student kit (`autograder.kit`), from ``autograder/expected/<id>.pickle``,
  the values of the VISIBLE tests computed at release time, judged with the
  assignment's comparators from ``autograder/hints/<id>.py`` (cut out of the
  reference without its solutions): the kit holds no reference and no hidden test.

The assignment is the notebook's folder name (``AUTOGRADER_ASSIGNMENT`` overrides
it).  The language of the messages is the kernel's, `helpers.fonts.language()`
(`messages.kernel_language`): Chinese in a folder of the zh edition (its
``matplotlibrc`` says so), or wherever ``COURSE_LANGUAGE=zh`` is set; English
otherwise.  A failed check raises `CheckFailed`, which Jupyter shows as its
message alone, without a traceback through this module.
"""

import ast
import copy
import inspect
import os
import pathlib
import pickle
import sys
import textwrap

import numpy as np

from . import messages
from .judge import ATOL, RTOL, compare, describe_error, error_hint, scale_hints, weight_draw_hints  # noqa: F401

EXPECTED_DIR = pathlib.Path(__file__).resolve().parent / "expected"
MISSING = object()


def rng(seed):
    """A seeded numpy Generator: the test cells' only source of random inputs."""
    return np.random.default_rng(seed)


class CheckFailed(AssertionError):
    """A failed check; Jupyter shows its message without a traceback.

    The message comes in lines of at most `WIDTH` characters, so that `nbgrader validate`
    (which indents and cuts every line near 90) shows all of it.
    """

    WIDTH = 76  # nbgrader validate indents by 4 and cuts lines longer than 90 - 4 - 3

    def _render_traceback_(self):
        return textwrap.wrap(f"{type(self).__name__}: {self}", self.WIDTH, break_long_words=False,
                             break_on_hyphens=False) or [type(self).__name__]


def helpers_calls(function, forbidden):
    """Names of `forbidden` helpers functions that `function` uses (directly, by any alias).

    Looks at the global names the function's code reads (and those of functions
    nested in it) and at what they are bound to, and at the function's source.
    """
    if not forbidden:
        return []
    found = set()
    codes = [function.__code__]
    while codes:
        code = codes.pop()
        codes += [c for c in code.co_consts if inspect.iscode(c)]
        for name in code.co_names:
            obj = function.__globals__.get(name)
            module = getattr(obj, "__module__", None) or ""
            if module.split(".")[0] == "helpers" and getattr(obj, "__name__", "") in forbidden:
                found.add(obj.__name__)
            if inspect.ismodule(obj) and obj.__name__.split(".")[0] == "helpers":
                found.update(n for n in code.co_names if n in forbidden)
    try:
        tree = ast.parse(textwrap.dedent(inspect.getsource(function)))
    except (OSError, TypeError, SyntaxError):
        tree = None
    if tree is not None:
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "helpers":
                found.update(a.name for a in node.names if a.name in forbidden or a.name == "*")
    return sorted(found)


def _same(a, b):
    """Whether two test arguments are the same value (arrays by content)."""
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        return isinstance(a, np.ndarray) and isinstance(b, np.ndarray) and a.shape == b.shape \
            and a.dtype.kind == b.dtype.kind and np.array_equal(a, b, equal_nan=a.dtype.kind == "f")
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, (tuple, list)) and isinstance(b, (tuple, list)):
        return type(a) is type(b) and len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    try:
        return type(a) is type(b) and bool(a == b)
    except Exception:
        return False


class LiveExpectations:
    """Expected values from the reference module (the instructor's repository)."""

    def __init__(self, reference):
        self.reference = reference
        self.language = messages.kernel_language()
        self.forbidden = reference.forbidden

    def expected(self, kind, name, args, kwargs):
        if kind == "gradients":
            return self.reference.gradients(name, copy.deepcopy(args), copy.deepcopy(kwargs))
        return self.reference.expected(name, copy.deepcopy(args), copy.deepcopy(kwargs))

    def case(self, name, seed, **kwargs):
        return self.reference.case(name, seed, **kwargs)

    def judge(self, name, actual, expected, rtol, atol):
        return self.reference.judge(name, actual, expected, rtol, atol)


class StoredExpectations:
    """Expected values computed at release time for the visible tests (the student kit)."""

    def __init__(self, data, comparators=None):
        self.data = data
        self.language = messages.kernel_language()
        self.forbidden = data.get("forbidden", {})
        self.comparators = comparators or {}  # the assignment's hints, shipped without the reference

    def expected(self, kind, name, args, kwargs):
        for entry in self.data["checks"]:
            if entry["kind"] == kind and entry["name"] == name and _same(entry["args"], tuple(args)) \
                    and _same(entry["kwargs"], dict(kwargs)):
                return entry["expected"]
        raise CheckFailed(messages.text("unknown_check", self.language, name=name))

    def case(self, name, seed, **kwargs):
        for entry in self.data["cases"]:
            if entry["name"] == name and entry["seed"] == seed and _same(entry["kwargs"], kwargs):
                return copy.deepcopy(entry["value"])
        raise CheckFailed(messages.text("unknown_check", self.language, name=name))

    def judge(self, name, actual, expected, rtol, atol):
        from .judge import judge

        return judge(name, actual, expected, self.comparators.get(name), rtol, atol)


def expectations_for(assignment):
    """The source of expected values of `assignment`: the kit's stored file, else its reference."""
    stored = EXPECTED_DIR / f"{assignment}.pickle"
    if stored.exists():
        with open(stored, "rb") as file:
            return StoredExpectations(pickle.load(file), _kit_comparators(assignment))
    from . import contract

    return LiveExpectations(contract.load(assignment))


def _kit_comparators(assignment):
    """``COMPARATORS`` of the kit's ``hints/<id>.py`` (the reference's hints without its solutions), or {}."""
    path = EXPECTED_DIR.parent / "hints" / f"{assignment}.py"
    if not path.exists():
        return {}
    import importlib.util

    spec = importlib.util.spec_from_file_location(f"{__package__}.hints._{assignment.replace('-', '_')}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return dict(getattr(module, "COMPARATORS", {}))


def _assignment_here():
    name = os.environ.get("AUTOGRADER_ASSIGNMENT") or pathlib.Path.cwd().name
    return name


class Check:
    """The `check` of a notebook's test cells (see the module docstring).

    Parameters
    ----------
    assignment : str or None, the assignment id (None: the notebook's folder name)
    namespace : dict or None, where the student's functions live (None: the caller's globals)
    """

    def __init__(self, assignment=None, namespace=None):
        self._assignment = assignment
        self.namespace = namespace
        self._source = None

    # where things come from
    @property
    def assignment(self):
        return self._assignment or _assignment_here()

    @property
    def source(self):
        if self._source is None:
            assignment = self.assignment
            try:
                self._source = expectations_for(assignment)
            except LookupError:
                raise CheckFailed(messages.text("unknown_assignment", messages.kernel_language(),
                                                folder=assignment)) from None
        return self._source

    @property
    def reference(self):
        """The reference module behind the checks (instructor's repository only)."""
        return self.source.reference.module

    def _text(self, key, **fields):
        return messages.text(key, self.source.language, **fields)

    def _namespace(self, depth=2):
        if self.namespace is not None:
            return self.namespace
        return sys._getframe(depth).f_globals

    # the student's function
    def _student_function(self, name, namespace):
        function = namespace.get(name)
        if function is None:
            raise CheckFailed(self._text("undefined_function", name=name))
        if not callable(function):
            raise CheckFailed(self._text("not_callable", name=name, type=type(function).__name__))
        used = helpers_calls(function, set(self.source.forbidden.get(name, ())))
        if used:
            raise CheckFailed(self._text("forbidden_helpers", name=name, used=", ".join(used)))
        return function

    def _call_student(self, name, args, kwargs, namespace):
        function = self._student_function(name, namespace)
        try:
            return function(*copy.deepcopy(args), **copy.deepcopy(kwargs))
        except NotImplementedError:
            raise CheckFailed(self._text("not_implemented", name=name)) from None
        except Exception as error:
            from .judge import context

            with context(args, kwargs, self.source.language):
                message = describe_error(name, type(error).__name__, error)
            raise CheckFailed(message) from None

    def _run(self, kind, name, args, kwargs, rtol, atol, namespace):
        from .judge import context, failure_message

        expected = self.source.expected(kind, name, args, kwargs)
        actual = self._call_student(name, args, kwargs, namespace)
        with context(args, kwargs, self.source.language):
            problems = self.source.judge(name, actual, expected, rtol, atol)
        if problems:
            raise CheckFailed(failure_message(name, problems))

    # what test cells call
    def __call__(self, name, *args, rtol=RTOL, atol=ATOL, **kwargs):
        """Check the student's `name` on these arguments against the expected output."""
        self._run("value", name, args, kwargs, rtol, atol, self._namespace())
        print(self._text("passed", name=name))

    def gradients(self, name, *args, rtol=1e-4, atol=ATOL, **kwargs):
        """Check a backward function against central differences of the reference forward pass."""
        self._run("gradients", name, args, kwargs, rtol, atol, self._namespace())
        print(self._text("gradients_agree", name=name))

    def variable(self, name, expected=MISSING, rtol=RTOL, atol=ATOL):
        """Check a notebook variable (e.g. ``m_train``) against the value the test cell gives.

        Without a value, the reference's function `name()` computes it (from the data,
        for example); in the student kit, the value it had at release time.
        """
        namespace = self._namespace()
        if name not in namespace:
            raise CheckFailed(self._text("undefined_variable", name=name))
        if expected is MISSING:
            expected = self.source.expected("variable", name, (), {})
        from .judge import context

        with context(language=self.source.language):
            problems = compare(namespace[name], expected, f"`{name}`", rtol, atol)
        if problems:
            raise CheckFailed("; ".join(problems))
        print(self._text("passed", name=name))

    def case(self, name, seed, **kwargs):
        """Arguments for `name` built by the reference's ``case_<name>(seed, **kwargs)``."""
        return self.source.case(name, seed, **kwargs)


def Checker(assignment, namespace):
    """A `Check` of `assignment` reading the student's functions from `namespace` (older setup cells)."""
    return Check(assignment, namespace)


def _quiet_docstring_cells():
    """In IPython, a cell that starts with a bare string does not echo it (hidden-test cells of a release)."""
    try:
        shell = get_ipython()  # noqa: F821 (defined in IPython kernels)
    except NameError:
        return
    if any(isinstance(t, _DropDocstring) for t in shell.ast_transformers):
        return
    shell.ast_transformers.append(_DropDocstring())


class _DropDocstring(ast.NodeTransformer):
    def visit_Module(self, node):
        first = node.body[0] if node.body else None
        if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) \
                and isinstance(first.value.value, str):
            node.body[0] = ast.copy_location(ast.Pass(), first)
        return node


def case(name, seed, **kwargs):
    """Arguments for `name` built by the reference's ``case_<name>(seed, **kwargs)``."""
    return check.case(name, seed, **kwargs)


check = Check()
_quiet_docstring_cells()
