"""Build the fixture assignment "99-fixture" and submissions to it, for the autograder's tests.

Three graded functions (`double`, `column_stats`, `sigmoid`) and one graded
variable (`m_train`), 8 points in 7 test cells.  Its reference module is
``a99_fixture.py`` next to this file; `register_reference` makes
`autograder.checks.load_reference` find it.
"""

import pathlib

import nbformat

import autograder.references

FIXTURES = pathlib.Path(__file__).resolve().parent
ASSIGNMENT = "99-fixture"
NOTEBOOK = "fixture.ipynb"

SETUP = """import numpy as np
from autograder.checks import Checker, rng
from helpers.datasets import load_planar_dataset

check = Checker("99-fixture", globals())
case = check.case"""

SOLUTIONS = {
    "double": '''def double(x):
    """Twice `x` (a number or an array)."""
    ### BEGIN SOLUTION
    return 2 * x
    ### END SOLUTION''',
    "column_stats": '''def column_stats(X):
    """Mean and standard deviation of each row of X (n, m): a dict of two (n, 1) arrays."""
    ### BEGIN SOLUTION
    return {"mean": X.mean(axis=1, keepdims=True), "std": X.std(axis=1, keepdims=True)}
    ### END SOLUTION''',
    "sigmoid": '''def sigmoid(z):
    """The logistic function, elementwise."""
    ### BEGIN SOLUTION
    return 1 / (1 + np.exp(-z))
    ### END SOLUTION''',
    "m_train": '''### BEGIN SOLUTION
m_train = 3
### END SOLUTION''',
}

TESTS = [  # (grade_id, points, after which solution, source)
    ("double_values", 1, "double", '"""double is right on a small vector"""\ncheck("double", np.array([1.0, -2.0]))'),
    ("double_hidden", 2, "double", '"""double works on other inputs (hidden tests)"""\n### BEGIN HIDDEN TESTS\n'
     'check("double", rng(3).standard_normal((2, 3)))\ncheck("double", 4)\n### END HIDDEN TESTS'),
    ("column_stats_small", 1, "column_stats", '"""column_stats on a 3 x 5 matrix"""\n'
     'check("column_stats", *case("column_stats", 1))'),
    ("column_stats_hidden", 1, "column_stats", '"""column_stats on other shapes (hidden tests)"""\n'
     '### BEGIN HIDDEN TESTS\ncheck("column_stats", *case("column_stats", 2, n=4, m=7))\n### END HIDDEN TESTS'),
    ("sigmoid_values", 1, "sigmoid", '"""sigmoid is right on a small vector"""\n'
     'check("sigmoid", np.array([-1.0, 0.0, 2.0]))'),
    ("sigmoid_hidden", 1, "sigmoid", '"""sigmoid on a random matrix (hidden tests)"""\n### BEGIN HIDDEN TESTS\n'
     'check("sigmoid", rng(5).standard_normal((3, 4)) * 5)\n### END HIDDEN TESTS'),
    ("m_train_value", 1, "m_train", '"""m_train is the number of training examples"""\ncheck.variable("m_train", 3)'),
]
MAX_SCORE = sum(points for _, points, _, _ in TESTS)
POINTS = {grade_id: points for grade_id, points, _, _ in TESTS}
FUNCTION_TESTS = {name: [g for g, _, after, _ in TESTS if after == name] for name in SOLUTIONS}


def register_reference():
    """Let `checks.load_reference("99-fixture")` import ``a99_fixture`` from this folder."""
    if str(FIXTURES) not in autograder.references.__path__:
        autograder.references.__path__.append(str(FIXTURES))


def _meta(grade_id, grade=False, solution=False, locked=False, points=None):
    meta = {"grade": grade, "grade_id": grade_id, "locked": locked, "schema_version": 3, "solution": solution}
    if points is not None:
        meta["points"] = points
    return {"nbgrader": meta}


def source_notebook():
    """The instructor's notebook (solutions and hidden tests)."""
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"display_name": "Python 3", "language": "python", "name": "python3"}
    cells = [nbformat.v4.new_markdown_cell("# Assignment 99: A fixture\n\nThree small functions."),
             nbformat.v4.new_code_cell(SETUP, metadata=_meta("setup", locked=True))]
    for name, code in SOLUTIONS.items():
        cells.append(nbformat.v4.new_markdown_cell(f"## `{name}`\n\nWrite it."))
        cells.append(nbformat.v4.new_code_cell(code, metadata=_meta(name, solution=True)))
        for grade_id, points, after, source in TESTS:
            if after == name:
                cells.append(nbformat.v4.new_code_cell(
                    source, metadata=_meta(grade_id, grade=True, locked=True, points=points)))
    cells.append(nbformat.v4.new_code_cell("print('the end')"))
    nb.cells = cells
    return nb


def write_source(directory):
    """Write `source_notebook` to ``directory/99-fixture/fixture.ipynb``; return its path."""
    path = pathlib.Path(directory) / ASSIGNMENT / NOTEBOOK
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(source_notebook(), path)
    return path


def _strip(source, begin, end, replacement=None):
    out, inside = [], False
    for line in source.split("\n"):
        if begin in line:
            inside = True
            if replacement is not None:
                indent = line[: len(line) - len(line.lstrip())]
                out += [indent + r for r in replacement]
        elif end in line:
            inside = False
        elif not inside:
            out.append(line)
    return "\n".join(out)


def student_notebook():
    """The released version, as nbgrader makes it: no solution, no hidden test."""
    nb = source_notebook()
    for cell in nb.cells:
        cell.source = _strip(cell.source, "### BEGIN SOLUTION", "### END SOLUTION",
                             ["# YOUR CODE HERE", "raise NotImplementedError()"])
        cell.source = _strip(cell.source, "### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS")
    return nb


def submission(answers=None, extra=(), start_from="student"):
    """A student's notebook: the release with `answers` ({grade_id: code}) in the solution cells.

    Solution cells not in `answers` get the reference solution; `extra` is a list of (after_grade_id, code) cells the
    student added (after_grade_id None: at the top, after the setup cell).
    """
    nb = student_notebook() if start_from == "student" else source_notebook()
    answers = dict(SOLUTIONS, **(answers or {}))
    for cell in nb.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id in answers:
            cell.source = answers[grade_id]
    for after, code in extra:
        after = after or "setup"
        index = next(i for i, c in enumerate(nb.cells) if c.metadata.get("nbgrader", {}).get("grade_id") == after)
        nb.cells.insert(index + 1, nbformat.v4.new_code_cell(code))
    return nb


def write(nb, path):
    path = pathlib.Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, path)
    return path


# Student code that finds its end of the grader's channel (the one socket among its open files),
# as a hostile submission would; the tests then write forged or oversized frames on it.
FIND_CHANNEL = """import os, socket, struct, json
def _channel():
    for fd in os.listdir('/proc/self/fd'):
        try:
            if os.readlink(f'/proc/self/fd/{fd}').startswith('socket:'):
                return socket.socket(fileno=os.dup(int(fd)))
        except OSError:
            pass
"""


TEST_LIMITS = dict(cell_timeout=4.0, call_timeout=4.0, notebook_timeout=40.0, memory_mb=400,
                   max_processes=32, scratch_mb=64, max_reply_mb=8)


class Grading:
    """A fixture grader with one running slot: ``grading.grade(nb)`` -> NotebookResult."""

    def __init__(self, directory, **limits):
        from autograder.engine import AssignmentGrader, Limits
        from autograder.sandbox import Slot

        register_reference()
        self.directory = pathlib.Path(directory)
        self.source = write_source(self.directory / "source")
        self.grader = AssignmentGrader(self.source, ASSIGNMENT, Limits(**dict(TEST_LIMITS, **limits)))
        self.slot = Slot(self.grader.runtime, self.grader.limits.sandbox_limits(), self.grader.limits.sandbox)
        self.count = 0

    def grade(self, nb_or_path):
        """Grade a notebook object (written to a fresh folder) or a path."""
        if isinstance(nb_or_path, (str, pathlib.Path)) or nb_or_path is None:
            path = nb_or_path
        else:
            self.count += 1
            path = write(nb_or_path, self.directory / f"submission{self.count}" / NOTEBOOK)
        return self.grader.grade(path, self.slot)

    def close(self):
        self.slot.close()
        self.grader.close()


def scores(result):
    """{grade_id: points} of a NotebookResult."""
    return {t.grade_id: t.points for t in result.tests}
