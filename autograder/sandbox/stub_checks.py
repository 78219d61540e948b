"""Inside the grading sandbox test cells never run: `check` does nothing here.

The grader runs the test cells itself, outside this process.
"""

import numpy as np


def rng(seed):
    """A seeded numpy Generator (the same as in the course's `autograder.checks`)."""
    return np.random.default_rng(seed)


class Checker:
    def __init__(self, assignment=None, namespace=None):
        self.assignment = assignment

    def __call__(self, *args, **kwargs):
        pass

    def gradients(self, *args, **kwargs):
        pass

    def variable(self, *args, **kwargs):
        pass

    def case(self, name, seed, **kwargs):
        raise RuntimeError("`case` only works in the test cells, which the grader runs itself")


Check = Checker
check = Checker()  # the setup cell: from autograder.checks import case, check, rng
case = check.case
