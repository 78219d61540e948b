"""Notes on a submission (flags and details) on a zh feedback page: the record keeps the grader's
English for the instructor, the student's page shows each note in the student's language."""

import copy

import pytest

from autograder import engine, feedback, messages, notebook
from grading_fixtures import fixture as fx


def _tampered_plan():
    """The plan of a submission that edited one test cell, deleted another and names an unknown kernel."""
    source = fx.source_notebook()
    submitted = copy.deepcopy(fx.submission())
    tests = [c for c in submitted.cells if notebook.is_test(c)]
    tests[0].source += "\nprint('edited')"
    submitted.cells.remove(tests[1])
    submitted.metadata["kernelspec"] = {"name": "julia-1.9", "display_name": "Julia"}
    return notebook.make_plan(source, submitted), [notebook.nbgrader_meta(c)["grade_id"] for c in tests[:2]]


def test_every_note_the_grader_writes_is_read_back_and_said_in_chinese():
    plan, (edited, deleted) = _tampered_plan()
    assert plan.tampered and len(plan.flags) == 3, plan.flags
    said = [messages.translate_note(flag, "zh") for flag in plan.flags]
    assert f"单元格被改动：测试单元格 {edited} 被修改了（已恢复）" in said
    assert f"单元格被改动：测试单元格 {deleted} 被删除了（已恢复）" in said
    assert "未知的内核 'julia-1.9'：已用 python3 评分" in said
    assert [messages.translate_note(flag, "en") for flag in plan.flags] == plan.flags


@pytest.mark.parametrize("detail, chinese", [
    ("the notebook took longer than 600 s", "整个笔记本运行超过了 600 秒"),
    ("cell `sigmoid` ran longer than 60 s of CPU time", "单元格 `sigmoid` 占用的 CPU 时间超过了 60 秒"),
    ("cell `sigmoid` ran out of memory", "单元格 `sigmoid` 内存不足"),
])
def test_a_stopped_notebooks_detail_is_said_in_chinese(detail, chinese):
    result = engine.NotebookResult("timed_out", [], [], 0.0, 10.0, 1.0, detail=detail, language="zh")
    page = feedback.render("li", fx.ASSIGNMENT, fx.NOTEBOOK, result)
    assert chinese in page and detail not in page


def test_the_zh_page_shows_flags_in_chinese_and_the_english_page_as_recorded():
    plan, (edited, _) = _tampered_plan()
    result = engine.NotebookResult("tampered", plan.flags, [], 0.0, 10.0, 1.0, language="zh")
    page = feedback.render("li", fx.ASSIGNMENT, fx.NOTEBOOK, result)
    assert f"测试单元格 {edited} 被修改了（已恢复）" in page and "was edited" not in page
    english = feedback.render("li", fx.ASSIGNMENT, fx.NOTEBOOK, engine.NotebookResult(
        "tampered", plan.flags, [], 0.0, 10.0, 1.0, language="en"))
    assert f"test cell {edited} was edited (restored)" in english


def test_a_note_no_template_knows_is_shown_as_it_is():
    assert messages.translate_note("graded Notebook.ipynb as fixture.ipynb (renamed)", "zh") == \
        "graded Notebook.ipynb as fixture.ipynb (renamed)"
