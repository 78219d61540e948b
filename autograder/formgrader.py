"""Living alongside nbgrader's formgrader.

`course-autograder autograde` writes what formgrader shows (the gradebook's
auto scores with ``needs_manual_grade`` false, the submission's timestamp,
the notebook under ``autograded/<student>/<id>/``); cells an instructor grades
by hand (free-text answers) stay ``needs_manual_grade`` for formgrader.

`RefuseAutograde` is named in the course's ``nbgrader_config.py`` as
nbgrader's first autograde step, so formgrader's "autograde" button (or
``nbgrader autograde``) stops before running any student code outside the
sandbox, and says which command to use.
"""

from nbconvert.preprocessors import Preprocessor
from traitlets import Bool

from . import notebook

MESSAGE = ("this course is graded in a sandbox by course-autograder: run "
           "`course-autograder autograde ASSIGNMENT --student STUDENT` instead of nbgrader's autograde")


class RefuseAutograde(Preprocessor):
    """An nbgrader autograde step that refuses to run (student code is never run unsandboxed)."""

    enabled = Bool(True)  # nbconvert skips a step that is not enabled

    def __call__(self, nb, resources):
        raise RuntimeError(MESSAGE)

    def preprocess(self, nb, resources):
        raise RuntimeError(MESSAGE)


def manual_cells(source_paths):
    """``{grade_id: points}`` of the cells an instructor grades by hand, in the source notebooks.

    nbgrader grades by hand a cell that is both ``grade`` and ``solution`` (a
    free-text answer, or code a person reads) and a ``task`` cell.  Our grader
    runs no test for them and gives them no points: the gradebook keeps their
    ``needs_manual_grade`` true, and the score we report leaves them out, saying so.
    """
    manual = {}
    for path in source_paths:
        for cell in notebook.read_notebook(path).cells:
            meta = notebook.nbgrader_meta(cell)
            if meta.get("grade_id") and (meta.get("grade") and meta.get("solution") or meta.get("task")):
                manual[meta["grade_id"]] = float(meta.get("points") or 0)
    return manual


def pending_flag(manual):
    """The note that `manual` ({grade_id: points}) is left to formgrader, for the record and the export."""
    points = sum(manual.values())
    return (f"{points:g} more point{'s' if points != 1 else ''} to grade by hand in formgrader "
            f"({', '.join(manual)}): not in this score")


def graded_by_hand_flag(manual, scores):
    """The export's note once every cell of `manual` has its hand grade (`scores`: {grade_id: points})."""
    return (f"includes {sum(scores.values()):g} of {sum(manual.values()):g} points graded by hand in formgrader "
            f"({', '.join(manual)})")


def hand_grades(book, assignment, student, manual):
    """``{grade_id: manual_score}`` of `manual`'s cells in the gradebook, or None while any is ungraded."""
    from nbgrader.api import MissingEntry

    try:
        submission = book.find_submission(assignment, student)
    except MissingEntry:
        return None
    found = {g.name: g.manual_score for nb in submission.notebooks for g in nb.grades if g.name in manual}
    if set(found) != set(manual) or any(score is None for score in found.values()):
        return None
    return {name: float(found[name]) for name in manual}
