"""Cells are named by their grade id or the heading above them, never by a position (issue 12, item 6)."""

import nbformat

from autograder import notebook
from grading_fixtures import fixture as fx


def _labels(nb):
    plan = notebook.make_plan(fx.source_notebook(), nb)
    return [step[2] for step in plan.steps if step[0] == "run"]


def test_a_cell_after_a_graded_cell_is_named_by_its_grade_id():
    nb = fx.submission(extra=[("double_values", "x = 1"), ("double_values", "y = 2")])
    labels = _labels(nb)
    assert "after `double_values`" in labels and "2nd after `double_values`" in labels
    assert not any(label.startswith("[") for label in labels)


def test_a_cell_under_a_heading_is_named_by_the_heading():
    nb = fx.submission()
    nb.cells.insert(0, nbformat.v4.new_markdown_cell("## My own experiment\n\ntext"))
    nb.cells.insert(1, nbformat.v4.new_code_cell("z = 3"))
    labels = _labels(nb)
    assert labels[0] == "under the heading “My own experiment”"


def test_a_cell_with_broken_metadata_is_named_by_grade_id_or_by_what_precedes_it():
    nb = fx.submission(extra=[("double_values", "x = 1")])
    added = next(i for i, c in enumerate(nb.cells) if c.source == "x = 1")
    nb.cells[added].metadata["nbgrader"] = ["not", "a", "dict"]
    nb.cells.insert(added + 1, nbformat.v4.new_code_cell("y = 2", metadata={
        "nbgrader": {"grade_id": "my_cell", "grade": "yes"}}))
    flags = notebook.make_plan(fx.source_notebook(), nb).flags
    assert "tampered: cell after `double_values`: its nbgrader metadata is a list, not a dict " \
           "(run as an ordinary cell)" in flags
    assert any(f.startswith("tampered: cell my_cell: its grade flag is a str") for f in flags)
    assert not any("[" in f.split(":")[1] for f in flags)
