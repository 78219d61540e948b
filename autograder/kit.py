"""The student kit: what a student needs to work on the released notebooks, and no solution.

`build(course, assignments)` writes ``<course>/kit/``::

    kit/
      README.md               what to do with it
      pyproject.toml          `pip install ./kit` installs helpers and the student's check
      helpers/                the course's maths package (readable by design)
      autograder/             the student's side only: checks.py, judge.py, messages.py,
                              expected/<id>.pickle (visible tests' expected values),
                              hints/<id>.py (the reference's comparators, without its solutions)
      helpers/data/           the data the notebooks load, the zh figures' font
      assignments/<id>/       the released notebooks (the edition `release --lang` chose)
      zh/assignments/<id>/    with ``--lang both``: the Chinese edition as well

The expected values are computed here, at release time, from the reference
module, for the VISIBLE check calls of each test cell (hidden tests are cut
before anything is evaluated).  The hints are the reference's ``COMPARATORS``
and what they use, cut out of the module (`hint_module`): a comparator that
needs one of the reference's graded functions, cases or numeric gradients is
left out, so the kit's `check` says less there rather than ship a solution.
Both editions share one ``expected/<id>.pickle`` (their test cells are the
same); `check` speaks the language of the notebook's folder.  The kit holds no reference module, no source
notebook and no hidden test; `leaks` searches a built kit for any of their
lines and `build` refuses (removes the kit) if it finds one.
"""

import ast
import pathlib
import pickle
import shutil

from . import astlock
from . import contract, messages, notebook, testcells
from .judge import ATOL, RTOL

STUDENT_MODULES = ("checks.py", "judge.py", "messages.py")
PACKAGE = pathlib.Path(__file__).resolve().parent

INIT = '"""The student\'s side of the course autograder: `autograder.checks` (no references, no grader)."""\n'

PYPROJECT = """[build-system]
requires = ["setuptools>=61"]
build-backend = "setuptools.build_meta"

[project]
name = "nndl-course-student-kit"
version = "0.1.0"
description = "helpers and the student's check for the released assignments"
requires-python = ">=3.10"
dependencies = ["numpy", "matplotlib", "h5py", "ipywidgets"]

[tool.setuptools]
packages = ["helpers", "autograder"]

[tool.setuptools.package-data]
autograder = ["expected/*.pickle", "hints/*.py"]
helpers = ["data/*"]
"""

README = """# Student kit

This folder is everything you need to work on the course's assignments:

- `assignments/<id>/`: the notebooks to complete;
- `helpers/`: the course's numpy functions, which the lectures use. Its source is
  readable on purpose; some exercises ask you to write a function yourself and
  refuse the `helpers` version in its place;
- `autograder/`: the `check` that the test cells call. It compares your functions
  with the expected values of the visible tests, computed when the assignment was
  released. Hidden tests run only when your submission is graded;
- `helpers/data/`: the data the notebooks load (and the font of the Chinese figures).

Install once, then open the notebooks:

    python -m pip install ./kit        # or: pip install -e ./kit
    cd kit/assignments && jupyter lab

Keep each notebook in its folder: the folder name tells `check` which assignment it is.
Set `COURSE_DATASETS` to another folder to read the data from there.

中文版：`zh/assignments/<id>/` 中的笔记本（如果有）是同一份作业的中文版，`check` 的提示也是中文。
提交时文件名不变，和英文版一样评分。（`COURSE_LANGUAGE=zh` 可以让任何文件夹中的 `check` 说中文。）
"""


class KitLeak(Exception):
    """A line of a solution, a hidden test or a reference reached the kit."""


def _visible_calls(source):
    """The check calls of a test cell's visible part (hidden tests cut first)."""
    _, calls = testcells.parse_test_cell(notebook.remove_hidden_tests(source))
    return calls


def expected_values(source_paths, reference):
    """``{"checks": [...], "cases": [...], "forbidden": {...}, "language": ...}`` for the visible tests."""
    checks, cases = [], []

    def recording_case(name, seed, **kwargs):
        value = reference.case(name, seed, **kwargs)
        cases.append({"name": name, "seed": seed, "kwargs": kwargs, "value": value})
        return value

    language = messages.DEFAULT
    for path in source_paths:
        nb = notebook.read_notebook(path)
        language = messages.notebook_language(nb)
        for cell in nb.cells:
            if not notebook.is_test(cell):
                continue
            for call in _visible_calls(cell.source):
                args, kwargs = _evaluate(call, reference, recording_case)
                name, args = args[0], tuple(args[1:])
                if call.kind == "variable":  # a value written in the cell needs nothing stored
                    if not args:
                        checks.append({"kind": "variable", "name": name, "args": (), "kwargs": {},
                                       "expected": reference.expected(name, (), {})})
                    continue
                kwargs = {k: v for k, v in kwargs.items() if k not in ("rtol", "atol")}
                if call.kind == "gradients":
                    expected = reference.gradients(name, pickle.loads(pickle.dumps(args)), dict(kwargs))
                else:
                    expected = reference.expected(name, pickle.loads(pickle.dumps(args)), dict(kwargs))
                checks.append({"kind": call.kind, "name": name, "args": args, "kwargs": kwargs,
                               "expected": expected})
    return {"checks": checks, "cases": cases, "forbidden": reference.forbidden, "language": language,
            "rtol": RTOL, "atol": ATOL}


def _evaluate(call, reference, case):
    class Recording:
        def __init__(self, inner):
            self.inner = inner

        def __getattr__(self, name):
            return getattr(self.inner, name)

        def case(self, name, seed, **kwargs):
            return case(name, seed, **kwargs)

    return testcells.evaluate_arguments(call, Recording(reference))


def _names_in(node):
    return {n.id for n in ast.walk(node) if isinstance(n, ast.Name)}


def _bound(node):
    """The names a module-level statement binds."""
    if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
        return {node.name}
    if isinstance(node, (ast.Assign, ast.AnnAssign)):
        targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        return {n.id for t in targets for n in ast.walk(t) if isinstance(n, ast.Name)}
    if isinstance(node, (ast.Import, ast.ImportFrom)):
        return {(a.asname or a.name).split(".")[0] for a in node.names}
    return set()


def _is_solution(name, reference_names):
    """A reference name a kit must not hold: a graded function, a case, a numeric gradient, the mistakes."""
    return name in reference_names or name.startswith(("case_", "numeric_", "_numeric")) \
        or name in ("NUMERIC", "MISTAKES", "Mistake")


def hint_module(reference_path):
    """``(source, shipped)``: the kit's ``hints/<id>.py`` cut from a reference module, and the names it holds.

    It holds ``COMPARATORS`` (only the comparators whose code needs no graded function, case or numeric
    gradient of the reference), what they use (module constants, private helpers, imports of numpy,
    `helpers` and `autograder.judge`), nothing else.  ``(None, set())`` when no comparator can go.
    """
    text = pathlib.Path(reference_path).read_text()
    tree = astlock.parse(text)
    body = tree.body
    public = {n.name for n in body if isinstance(n, ast.FunctionDef) and not n.name.startswith("_")}
    definitions = {}
    for node in body:
        for name in _bound(node):
            definitions.setdefault(name, []).append(node)
    table = next((n for n in body if isinstance(n, ast.Assign) and "COMPARATORS" in _bound(n)
                  and isinstance(n.value, ast.Dict)), None)
    if table is None:
        return None, set()

    def closure(node):
        needed, todo = set(), list(_names_in(node))
        while todo:
            name = todo.pop()
            if name in needed or name not in definitions:
                continue
            needed.add(name)
            for definition in definitions[name]:
                if not isinstance(definition, (ast.Import, ast.ImportFrom)):
                    todo += list(_names_in(definition))
        return needed

    kept, needed = [], set()
    for key, value in zip(table.value.keys, table.value.values):
        uses = closure(value)
        if isinstance(key, ast.Constant) and not any(_is_solution(n, public) for n in uses):
            kept.append((key.value, ast.get_source_segment(text, value)))
            needed |= uses
    if not kept:
        return None, set()
    lines = ['"""The hints of one assignment for the student kit: its reference\'s comparators, no solution',
             '(cut out by `autograder.kit.hint_module`)."""', ""]
    for node in body:
        names = _bound(node) & needed
        if not names:
            continue
        if isinstance(node, ast.ImportFrom) and node.level:  # `from ..judge import ...` in the reference
            if node.module != "judge":
                continue
            used = [a for a in node.names if (a.asname or a.name) in needed]
            lines.append("from autograder.judge import " + ", ".join(
                a.name + (f" as {a.asname}" if a.asname else "") for a in used))
            continue
        if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] not in ("numpy", "helpers"):
            continue
        lines.append(ast.get_source_segment(text, node))
        if isinstance(node, ast.FunctionDef):
            lines.append("")
    lines.append("")
    lines.append("COMPARATORS = {" + ", ".join(f"{name!r}: {code}" for name, code in kept) + "}")
    shipped = {n for n in needed if any(isinstance(d, ast.FunctionDef) for d in definitions[n])}
    return "\n".join(lines) + "\n", shipped


def secret_texts(source_paths, reference_paths=(), shipped=()):
    """Lines that must never be in a kit: solution and hidden-test lines, reference code lines.

    `shipped` names the reference functions the kit holds on purpose (its hints): their lines are not
    secret, unless another function has the same line.
    """
    from .course import secret_lines

    secret = set()
    for path in source_paths:
        hidden, public = secret_lines(notebook.read_notebook(path))
        # a line the instructor also shows outside the solution (e.g. quoted in a hint) is public
        shown = "\n".join(public)
        secret |= {line for line in hidden if line not in shown and len(line) > 12}
    for path in reference_paths:
        text = pathlib.Path(path).read_text()
        tree = astlock.parse(text)
        for function in [n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name not in shipped]:
            for node in ast.walk(function):
                if isinstance(node, (ast.FunctionDef, ast.Return)):
                    line = ast.get_source_segment(text, node)
                    first = (line or "").splitlines()[0].strip() if line else ""
                    if len(first) > 20 and first.startswith("return "):
                        secret.add(first)
    return secret


def leaks(kit_dir, secret):
    """``["<file>: <line>", ...]`` for every secret line found in a text file of the kit."""
    found = []
    for path in sorted(pathlib.Path(kit_dir).rglob("*")):
        if path.is_dir():
            continue
        if path.name.startswith("a0") and path.suffix == ".py" or "references" in path.parts:
            found.append(f"{path}: a reference module")
            continue
        if path.suffix not in (".py", ".ipynb", ".md", ".txt", ".toml", ".json", ".pickle") \
                or path.relative_to(kit_dir).parts[0] == "helpers":  # helpers is given, readable by design
            continue
        text = path.read_bytes().decode("utf-8", errors="replace")
        for line in secret:
            if line in text:
                found.append(f"{path.relative_to(kit_dir)}: {line[:80]}")
    return found


def released_text(kit_dir, exclude):
    """The text of every released notebook in the kit but those of assignment `exclude` (either edition)."""
    kit_dir = pathlib.Path(kit_dir)
    paths = [p for pattern in ("assignments/*/*.ipynb", "zh/assignments/*/*.ipynb") for p in kit_dir.glob(pattern)]
    return "\n".join(p.read_text(encoding="utf-8", errors="replace") for p in sorted(paths) if p.parent.name != exclude)


def _copy_package(source, target):
    shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))


def data_dir():
    from helpers import datasets

    return pathlib.Path(datasets.DATA_DIR)


def build(course, assignments, kit_dir=None):
    """Write the kit of `assignments` (released in `course`) to `kit_dir` (default ``<course>/kit``)."""
    import helpers

    kit_dir = pathlib.Path(kit_dir or course.root / "kit")
    staging = kit_dir.with_name(kit_dir.name + ".partial")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    try:
        _copy_package(pathlib.Path(helpers.__file__).parent, staging / "helpers")
        (staging / "autograder" / "expected").mkdir(parents=True)
        (staging / "autograder" / "__init__.py").write_text(INIT)
        for name in STUDENT_MODULES:
            shutil.copy2(PACKAGE / name, staging / "autograder" / name)
        # the data goes inside the kit's helpers (package data), where an installed helpers finds it
        # whether the kit is installed with `pip install ./kit` or `pip install -e ./kit`
        data = data_dir()
        if data.is_dir():
            for path in data.glob("*.h5"):
                shutil.copy2(path, staging / "helpers" / "data" / path.name)
        (staging / "README.md").write_text(README)
        (staging / "pyproject.toml").write_text(PYPROJECT)
        secrets = {}  # assignment -> the lines of it that must not be in the kit
        (staging / "autograder" / "hints").mkdir()
        for kept in ("expected", "hints"):  # what earlier releases put in the kit stays
            previous = kit_dir / "autograder" / kept
            for path in previous.glob("*.*") if previous.is_dir() else ():
                if path.suffix in (".pickle", ".py"):
                    shutil.copy2(path, staging / "autograder" / kept / path.name)
        for folder in ("assignments", "zh"):
            if (kit_dir / folder).is_dir():
                shutil.copytree(kit_dir / folder, staging / folder)
        ignore = shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__")
        for assignment in assignments:
            reference = contract.load(assignment)
            sources = sorted(course.source(assignment).glob("*.ipynb"))
            values = expected_values(sources, reference)
            with open(staging / "autograder" / "expected" / f"{assignment}.pickle", "wb") as file:
                pickle.dump(values, file)
            hints, shipped = hint_module(reference.module.__file__)
            hints_path = staging / "autograder" / "hints" / f"{assignment}.py"
            hints_path.unlink(missing_ok=True)
            if hints:
                hints_path.write_text(hints)
            target = staging / "assignments" / assignment
            shutil.rmtree(target, ignore_errors=True)
            shutil.copytree(course.release_dir(assignment), target, ignore=ignore)
            # the second edition of --lang both (same tests, so the same expected values and hints)
            second = staging / "zh" / "assignments" / assignment
            shutil.rmtree(second, ignore_errors=True)
            if course.edition_release(assignment, "zh").is_dir():
                shutil.copytree(course.edition_release(assignment, "zh"), second, ignore=ignore)
                sources += sorted(course.edition_source(assignment, "zh").glob("*.ipynb"))
            secrets[assignment] = secret_texts(sources, [reference.module.__file__], shipped)
        secret = set()
        for assignment, lines in secrets.items():
            # a line another assignment gives its students (`return parameters`, `m = X.shape[1]`) is public
            given = released_text(staging, exclude=assignment)
            secret |= {line for line in lines if line not in given}
        found = leaks(staging, secret)
        if found:
            raise KitLeak(f"{len(found)} solution, hidden-test or reference line(s) reached the kit (not "
                          "written): " + "; ".join(found[:5]))
        if kit_dir.exists():
            shutil.rmtree(kit_dir)
        staging.rename(kit_dir)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return kit_dir
