"""The instructor's autograder: release, autograde and feedback over nbgrader's Python API."""
