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

MESSAGE = ("this course is graded in a sandbox by course-autograder: run "
           "`course-autograder autograde ASSIGNMENT --student STUDENT` instead of nbgrader's autograde")


class RefuseAutograde(Preprocessor):
    """An nbgrader autograde step that refuses to run (student code is never run unsandboxed)."""

    enabled = Bool(True)  # nbconvert skips a step that is not enabled

    def __call__(self, nb, resources):
        raise RuntimeError(MESSAGE)

    def preprocess(self, nb, resources):
        raise RuntimeError(MESSAGE)
