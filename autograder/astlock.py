"""`ast.parse` for a grader that parses in several threads at once.

CPython 3.11 keeps the depth counter of its AST conversion in state that all threads share, so
two threads building AST objects at the same moment (the pool's graders, or a run that a Ctrl-C
left behind) can fail with ``SystemError: AST constructor recursion depth mismatch``.

Our own parses go through `parse`, which holds one lock.  So do the ones other code makes in the
grader's threads without saying so: numpy reads every ``.npy`` header of a student's reply with
``ast.literal_eval``, and Python 3.11's traceback formatting parses source lines to place its
``^^^`` markers.  `install` (run when `autograder` is imported) therefore points ``ast.parse``,
which both of those call, at `parse`, in the grader's process only: the sandbox and the student
kit have packages of their own.
"""

import ast
import threading

_LOCK = threading.RLock()
_ORIGINAL_PARSE = ast.parse


def parse(source, *args, **kwargs):
    """`ast.parse`, one thread at a time."""
    with _LOCK:
        return _ORIGINAL_PARSE(source, *args, **kwargs)


def install():
    """Make every ``ast.parse`` of this process (``ast.literal_eval`` included) take the lock."""
    ast.parse = parse
