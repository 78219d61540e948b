"""The checks that assignment test cells call, and the comparison behind them.

A test cell is a docstring and a few calls, nothing else::

    \"\"\"sigmoid is right on a small vector\"\"\"
    check("sigmoid", np.array([-1.0, 0.0, 2.0]))
    ### BEGIN HIDDEN TESTS
    check("sigmoid", rng(11).standard_normal((3, 4)) * 5)
    ### END HIDDEN TESTS

Every argument is self-contained (literals, ``np``, ``rng(seed)``, ``case(...)``):
it never names a notebook variable, so a grader can evaluate the same call in
its own process.  `check` calls the student's function of that name on copies
of the arguments, calls the assignment's reference (`autograder.references`)
on other copies, and compares the two with `compare`: tolerance-based, no type
traps, and a message that says what to fix.
"""

import ast
import copy
import importlib
import inspect
import numbers
import textwrap

import numpy as np

RTOL, ATOL = 1e-5, 1e-7
MISSING = object()


def rng(seed):
    """A seeded numpy Generator: the test cells' only source of random inputs."""
    return np.random.default_rng(seed)


def _fmt_shape(shape):
    return str(tuple(shape))


def _is_number(x):
    return isinstance(x, numbers.Number) and not isinstance(x, bool) or (
        isinstance(x, np.ndarray) and x.size == 1 and x.dtype.kind in "biuf")


def _shape_hints(actual_shape, expected_shape):
    hints = []
    if len(actual_shape) == len(expected_shape) == 2 and actual_shape == expected_shape[::-1]:
        hints.append("it looks transposed: check the order of a matrix product, or a missing `.T`")
    if len(expected_shape) == 2 and len(actual_shape) == 1 and actual_shape[0] in expected_shape:
        hints.append("it is a rank-1 array: did you forget `keepdims=True` in a sum, "
                     "or a `.reshape(-1, 1)`?")
    if len(expected_shape) == 2 and expected_shape[1] == 1 and len(actual_shape) == 2 \
            and actual_shape[0] == expected_shape[0] and actual_shape[1] > 1:
        hints.append("it still has one column per example: did you forget to sum over the "
                     "examples (axis=1) and divide by m?")
    if len(actual_shape) == 0 and len(expected_shape) > 0:
        hints.append("you returned a single number where an array is expected: "
                     "did you sum over everything (no `axis=`)?")
    return hints


ERROR_HINTS = [
    # (error name, a piece of numpy's message, what to check)
    ("ValueError", "could not be broadcast together",
     "two arrays of shapes that do not fit met inside your function: check `keepdims=True` in sums "
     "over an axis, and that column vectors have shape (n, 1), not (n,)"),
    ("ValueError", "matmul: Input operand",
     "a matrix product got shapes that do not line up: check the order of the factors (W @ A, not "
     "A @ W) and where a `.T` is needed"),
    ("ValueError", "not aligned",
     "a matrix product got shapes that do not line up: check the order of the factors (W @ A, not "
     "A @ W) and where a `.T` is needed"),
    ("NameError", "",
     "your function uses a name that is not defined: check its spelling, or run the cell that defines it"),
]


def error_hint(ename, evalue):
    """What to check when a student's function raised `ename` with message `evalue` ("" if nothing to add)."""
    for name, piece, hint in ERROR_HINTS:
        if ename == name and piece in str(evalue):
            return hint
    return ""


def describe_error(function, ename, evalue):
    """The feedback line for a student's `function` that raised: the error, then a hint if one fits."""
    hint = error_hint(ename, evalue)
    return f"`{function}` raised {ename}: {evalue}" + (f"; {hint}" if hint else "")


def _constant_ratio(actual, expected):
    """actual / expected when that is one number for every entry, else None."""
    try:
        a = np.asarray(actual, dtype=float)
        e = np.asarray(expected, dtype=float)
    except (TypeError, ValueError):
        return None
    if a.shape != e.shape or a.size == 0 or np.any(np.abs(e) < 1e-12):
        return None
    r = a.ravel() / e.ravel()
    return float(r[0]) if np.allclose(r, r[0], rtol=1e-6) else None


def scale_hints(name, actual, expected):
    """Hints for a value that is the expected one times a constant.

    A whole factor is usually m (a sum where the lectures take a mean), its
    inverse a division by m done twice, and -1 a sign flipped somewhere.
    """
    r = _constant_ratio(actual, expected)
    if r is None:
        return []
    if r > 1.5 and np.isclose(r, round(r), rtol=1e-6):
        return [f"{name} is exactly {round(r)} times too large: divide by m = {round(r)} "
                "(the lectures average over the examples)"]
    if 0 < r < 0.75 and np.isclose(1 / r, round(1 / r), rtol=1e-6):
        return [f"{name} is exactly {round(1 / r)} times too small: divide by m only once"]
    if np.isclose(r, -1):
        return [f"{name} has the wrong sign"]
    return []


def weight_draw_hints(actual, expected, recipe, scale=0.01):
    """Hints for randomly initialized weights that differ from the reference's draw.

    For each ``W...`` of the right shape: all zeros (symmetry is never broken), the
    wrong scale, or the right scale but other numbers, which means another seed or
    order of draws; `recipe` is the assignment's sentence saying how to draw them.
    """
    problems = []
    if not isinstance(actual, dict):
        return problems
    for key in expected:
        W = actual.get(key)
        if not key.startswith("W") or not isinstance(W, np.ndarray) or W.shape != expected[key].shape:
            continue
        if np.allclose(W, 0):
            problems.append(f"{key} is all zeros: draw it at random, or the units of a layer stay "
                            "identical to each other (symmetry is never broken)")
        elif np.std(W) > 10 * scale:
            problems.append(f"{key} has values of about {np.std(W):.2g}: multiply the draw by {scale:g}")
        elif not np.allclose(W, expected[key]):
            problems.append(f"{key} has the right shape and scale but not the expected numbers: {recipe}")
            break  # the recipe once is enough
    return problems


def compare(actual, expected, name="output", rtol=RTOL, atol=ATOL):
    """Compare a student's value with the reference; return a list of problems (empty: equal).

    Arrays and numbers are compared with a tolerance (|a - e| <= atol + rtol |e|);
    a Python int is as good as a float, a 1-element array as good as a number.
    Dicts are compared key by key, tuples and lists item by item.

    Parameters
    ----------
    actual, expected : any
    name : str, how the value is named in the messages (e.g. "parameters['W1']")
    """
    if isinstance(expected, dict):
        if not isinstance(actual, dict):
            return [f"{name} should be a dict with keys {sorted(expected)}, but is a {type(actual).__name__}"]
        problems = [f"{name} has no key {key!r}" for key in expected if key not in actual]
        for key in expected:
            if key in actual:
                problems += compare(actual[key], expected[key], f"{name}[{key!r}]", rtol, atol)
        return problems
    if isinstance(expected, (tuple, list)):
        if not isinstance(actual, (tuple, list)):
            return [f"{name} should be a {type(expected).__name__} of {len(expected)} items, "
                    f"but is a {type(actual).__name__}"]
        if len(actual) != len(expected):
            return [f"{name} should have {len(expected)} items, but has {len(actual)}"]
        problems = []
        for i, (a, e) in enumerate(zip(actual, expected)):
            problems += compare(a, e, f"{name}[{i}]", rtol, atol)
        return problems
    if isinstance(expected, (bool, np.bool_, str, bytes)) or expected is None:
        if actual == expected and type(actual) is not np.ndarray:
            return []
        return [f"{name} should be {expected!r}, but is {actual!r}"]
    if _is_number(expected) and not isinstance(expected, np.ndarray):
        if not _is_number(actual):
            shape = getattr(actual, "shape", None)
            extra = f" of shape {_fmt_shape(shape)}" if shape is not None else ""
            return [f"{name} should be a single number, but is a {type(actual).__name__}{extra}"]
        value = float(np.asarray(actual).ravel()[0])
        if np.isnan(value):
            return [f"{name} is NaN (expected {float(expected):.6g})"]
        if abs(value - float(expected)) <= atol + rtol * abs(float(expected)):
            return []
        return [f"{name} is {value:.6g}, but should be {float(expected):.6g}"]
    if isinstance(expected, np.ndarray):
        try:
            actual_array = np.asarray(actual, dtype=float)
        except (TypeError, ValueError):
            return [f"{name} should be an array of shape {_fmt_shape(expected.shape)}, "
                    f"but is a {type(actual).__name__}"]
        if actual_array.shape != expected.shape:
            message = (f"{name} has shape {_fmt_shape(actual_array.shape)}, "
                       f"but should have shape {_fmt_shape(expected.shape)}")
            hints = _shape_hints(actual_array.shape, expected.shape)
            return [message + ("; " + "; ".join(hints) if hints else "")]
        if np.isnan(actual_array).any() and not np.isnan(expected).any():
            index = tuple(int(i) for i in np.argwhere(np.isnan(actual_array))[0])
            return [f"{name} contains NaN, first at index {list(index)}"]
        difference = np.abs(actual_array - expected)
        bad = difference > atol + rtol * np.abs(expected)
        if not bad.any():
            return []
        index = np.unravel_index(int(np.argmax(np.where(bad, difference, -1))), expected.shape)
        where = [int(i) for i in index]
        return [f"{name} differs in {int(bad.sum())} of {expected.size} entries; the largest "
                f"absolute difference is {difference[index]:.3g} at index {where} "
                f"(yours {actual_array[index]:.6g}, expected {expected[index]:.6g})"]
    if actual == expected:
        return []
    return [f"{name} should be {expected!r}, but is {actual!r}"]


def load_reference(assignment):
    """The reference module of `assignment`: `autograder/references/a<id with _ for ->.py`."""
    return importlib.import_module("autograder.references.a" + assignment.replace("-", "_"))


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


class Checker:
    """The `check` of one assignment's notebook.

    Parameters
    ----------
    assignment : str, the assignment id (e.g. "01-python-basics")
    namespace : dict, the notebook's globals, where the student's functions live
    """

    def __init__(self, assignment, namespace):
        self.assignment = assignment
        self.namespace = namespace
        self.reference = load_reference(assignment)

    def _student_function(self, name):
        function = self.namespace.get(name)
        if function is None:
            raise AssertionError(f"`{name}` is not defined: run the cell where you write it first")
        if not callable(function):
            raise AssertionError(f"`{name}` should be a function, but is a {type(function).__name__}")
        forbidden = getattr(self.reference, "FORBIDDEN_HELPERS", {}).get(name, ())
        used = helpers_calls(function, set(forbidden))
        if used:
            raise AssertionError(
                f"`{name}` calls the course's helpers ({', '.join(used)}) instead of computing the "
                "result itself; this exercise asks you to write it with numpy")
        return function

    def _call_student(self, name, args, kwargs):
        function = self._student_function(name)
        try:
            return function(*copy.deepcopy(args), **copy.deepcopy(kwargs))
        except NotImplementedError:
            raise AssertionError(f"`{name}` is not implemented yet") from None
        except Exception as error:
            raise AssertionError(describe_error(name, type(error).__name__, error)) from error

    def _judge(self, name, actual, expected, rtol, atol):
        project = getattr(self.reference, "PROJECT", {}).get(name)
        comparator = getattr(self.reference, "COMPARATORS", {}).get(name)
        label = f"the output of {name}"
        if comparator is not None:
            problems = comparator(actual, expected)
        else:
            if project is not None:
                try:
                    actual = project(actual)
                except Exception as error:
                    raise AssertionError(
                        f"{label} does not have the expected form: {type(error).__name__}: {error}") from None
                expected = project(expected)
                label = name
            problems = compare(actual, expected, label, rtol, atol)
        if problems:
            raise AssertionError(f"{name}: " + "; ".join(problems))

    def __call__(self, name, *args, rtol=RTOL, atol=ATOL, **kwargs):
        """Check the student's `name` against the reference on these arguments."""
        reference = getattr(self.reference, name)
        expected = reference(*copy.deepcopy(args), **copy.deepcopy(kwargs))
        actual = self._call_student(name, args, kwargs)
        self._judge(name, actual, expected, rtol, atol)
        print(f"{name}: passed")

    def gradients(self, name, *args, rtol=1e-4, atol=1e-7, **kwargs):
        """Check a backward function against central differences of the reference forward pass.

        The reference module's ``NUMERIC[name](*args, **kwargs)`` computes the gradients
        by central differences; the student's output is compared with them.
        """
        expected = self.reference.NUMERIC[name](*copy.deepcopy(args), **copy.deepcopy(kwargs))
        actual = self._call_student(name, args, kwargs)
        self._judge(name, actual, expected, rtol, atol)
        print(f"{name}: gradients agree with central differences")

    def variable(self, name, expected, rtol=RTOL, atol=ATOL):
        """Check a notebook variable (e.g. ``m_train``) against a value the grader can compute."""
        if name not in self.namespace:
            raise AssertionError(f"the variable `{name}` is not defined: run the cell that sets it")
        problems = compare(self.namespace[name], expected, f"`{name}`", rtol, atol)
        if problems:
            raise AssertionError("; ".join(problems))
        print(f"{name}: passed")

    def case(self, name, seed, **kwargs):
        """Arguments for `name` built by the reference module's ``case_<name>(seed, **kwargs)``."""
        return getattr(self.reference, f"case_{name}")(seed, **kwargs)
