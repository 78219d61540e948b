"""The contract between an assignment's notebook and its reference module.

An assignment is two files: the source notebook ``assignments/<id>/<name>.ipynb``
and a reference module ``autograder/references/<anything>.py`` that declares
which assignment it serves.  A reference module may define:

``ASSIGNMENT = "<id>"``  (required)
    The exact assignment id (the notebook's folder name).  References are found
    by this value, never by their file name.
``def <name>(...)``  one per graded function (required for every ``check("<name>", ...)``)
    Returns what the student's function of that name should return.
``COMPARATORS = {"<name>": comparator}``
    ``comparator(actual, expected) -> [problem, ...]`` (empty: it passes), to add
    the assignment's hints to `autograder.judge.compare`.  Without one, `compare`.
``FORBIDDEN_HELPERS = {"<name>": ["helpers function", ...]}``
    The `helpers` functions the student's ``<name>`` must not call (each must exist in `helpers`).
``def case_<name>(seed, **kwargs) -> tuple``
    Arguments built for ``check("<name>", *case("<name>", seed))``.
``NUMERIC = {"<name>": function}``
    For ``check.gradients("<name>", ...)``: the gradients by central differences.
``TEST_NAMES = {"zh": {"<grade id>": "中文名称", ...}}``
    The name of each test cell on a feedback page in that language (the English name is the
    test cell's docstring, which both editions share).  `autograder.validate` requires one for
    every test cell when the assignment has a Chinese edition, and none for another grade id.
``MISTAKES = [Mistake(...), ...]``
    Typical mistakes with the hint each must produce (a key of `autograder.messages`);
    `autograder.validate` plants each in the source notebook, grades it, and requires a
    lower score and that hint, in the notebook's language.

Nothing else is read.  `load(id)` returns a `Reference`, the one object the
grader, the student's check and `validate` use.
"""

import dataclasses
import importlib
import pathlib
import pkgutil
import types

from . import judge as judging


@dataclasses.dataclass(frozen=True)
class Mistake:
    """A typical mistake: the solution cell `cell` replaced by `source` must score less and say `hint`.

    cell : str, the grade id of the solution cell to replace
    source : str, the cell's new source (the mistaken solution)
    hint : str, the key in `autograder.messages` of the sentence the feedback of some failed test
        must contain (matched in the notebook's language, whatever its fields hold)
    """

    cell: str
    source: str
    hint: str


class MissingReference(LookupError):
    """No reference module declares this assignment id."""


class Reference:
    """One assignment's reference module, read through the contract (see the module docstring)."""

    def __init__(self, module):
        self.module = module
        self.assignment = getattr(module, "ASSIGNMENT", None)
        self.comparators = dict(getattr(module, "COMPARATORS", {}))
        self.forbidden = {k: list(v) for k, v in getattr(module, "FORBIDDEN_HELPERS", {}).items()}
        self.numeric = dict(getattr(module, "NUMERIC", {}))
        self.mistakes = list(getattr(module, "MISTAKES", []))
        names = getattr(module, "TEST_NAMES", {})
        self.test_names = {language: dict(table) for language, table in names.items()} \
            if isinstance(names, dict) and all(isinstance(t, dict) for t in names.values()) else {}

    def test_name(self, grade_id, language, default=""):
        """The name of test cell `grade_id` in `language` (``TEST_NAMES``), else `default` (its docstring)."""
        return self.test_names.get(language, {}).get(grade_id) or default

    def has_function(self, name):
        return callable(getattr(self.module, name, None)) and not name.startswith("_")

    def has_case(self, name):
        return callable(getattr(self.module, f"case_{name}", None))

    def expected(self, name, args, kwargs):
        """What the student's `name` should return on these arguments."""
        return getattr(self.module, name)(*args, **kwargs)

    def gradients(self, name, args, kwargs):
        """The gradients of `name` on these arguments, by central differences."""
        return self.numeric[name](*args, **kwargs)

    def case(self, name, seed, **kwargs):
        """The arguments ``case_<name>(seed, **kwargs)`` builds."""
        function = getattr(self.module, f"case_{name}", None)
        if function is None:
            raise LookupError(f"the reference of {self.assignment} has no case_{name}")
        return function(seed, **kwargs)

    def judge(self, name, actual, expected, rtol=judging.RTOL, atol=judging.ATOL):
        """The problems with `actual` as the output of `name` (empty: it passes)."""
        return judging.judge(name, actual, expected, self.comparators.get(name), rtol, atol)


def _reference_modules():
    """Every module in the `autograder.references` package (and the folders added to its path)."""
    import autograder.references as package

    for info in pkgutil.iter_modules(package.__path__):
        if not info.ispkg:
            yield f"{package.__name__}.{info.name}"


def known():
    """``{assignment id: module name}`` of every reference module."""
    found = {}
    for name in _reference_modules():
        try:
            module = importlib.import_module(name)
        except Exception:  # a broken reference must not hide the others; `load` names it
            continue
        assignment = getattr(module, "ASSIGNMENT", None)
        if isinstance(assignment, str):
            found.setdefault(assignment, name)
    return found


def load(assignment):
    """The `Reference` of `assignment` (exact id); raise `MissingReference` naming the fix."""
    if isinstance(assignment, types.ModuleType):
        return Reference(assignment)
    found = known()
    if assignment not in found:
        broken = []
        for name in _reference_modules():
            try:
                importlib.import_module(name)
            except Exception as error:
                broken.append(f"{name} ({type(error).__name__}: {error})")
        known_ids = ", ".join(sorted(found)) or "none"
        extra = f"; these reference modules do not import: {'; '.join(broken)}" if broken else ""
        raise MissingReference(
            f"no reference module declares ASSIGNMENT = {assignment!r}: add one to "
            f"{pathlib.Path(__file__).parent / 'references'} (known assignments: {known_ids}){extra}")
    return Reference(importlib.import_module(found[assignment]))
