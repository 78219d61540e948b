"""helpers/quiz.py: questions are checked the moment an option is picked, and the score follows."""

import pytest

from helpers.quiz import Question, Quiz
from helpers.widgets import Quiz as QuizFromWidgets


def shapes_question():
    return Question("Shape of $W^{[1]}$ for 3 inputs and 4 hidden units?", ["(3, 4)", "(4, 3)", "(4, 1)"], "(4, 3)",
                    "One row per unit of layer 1, one column per input: `(n[1], n[0])`.")


def test_widgets_module_re_exports_the_quiz():
    assert QuizFromWidgets is Quiz


def test_right_choice_says_right_and_explains():
    q = shapes_question()
    assert q.feedback.value == "" and not q.answered
    q.choice.value = "(4, 3)"
    assert q.is_correct
    assert "Right." in q.feedback.value
    assert "One row per unit" in q.feedback.value and "<code>(n[1], n[0])</code>" in q.feedback.value


def test_wrong_choice_names_the_answer_and_explains():
    q = shapes_question()
    q.choice.value = "(3, 4)"
    assert not q.is_correct
    assert "Not quite." in q.feedback.value and "<b>(4, 3)</b>" in q.feedback.value
    assert "One row per unit" in q.feedback.value
    q.choice.value = None
    assert q.feedback.value == ""


def test_score_counts_right_answers_as_they_are_given():
    quiz = Quiz([shapes_question(),
                 {"prompt": "d/dw of w^2 at w = -3?", "options": ["6", "-6", "9"], "answer": "-6",
                  "explanation": "2w = -6."}], title="Week 0")
    assert (quiz.score, quiz.answered) == (0, 0)
    assert "0 of 2 right" in quiz.score_line.value
    quiz.questions[0].choice.value = "(4, 3)"
    quiz.questions[1].choice.value = "6"
    assert (quiz.score, quiz.answered) == (1, 2)
    assert "1 of 2 right" in quiz.score_line.value and "2 answered" in quiz.score_line.value
    quiz.questions[1].choice.value = "-6"
    assert quiz.score == 2
    quiz.reset()
    assert (quiz.score, quiz.answered) == (0, 0)


def test_text_is_escaped_but_maths_is_kept():
    q = Question("Is $z < 0$ for <b>this</b>?", ["yes", "no"], "no", "a < b")
    prompt_html = q.widget.children[0].value
    assert "$z &lt; 0$" in prompt_html and "&lt;b&gt;this&lt;/b&gt;" in prompt_html


@pytest.mark.parametrize("kwargs, message", [
    (dict(options=["only"], answer="only"), "at least two options"),
    (dict(options=["a", "a"], answer="a"), "repeat"),
    (dict(options=["a", "b"], answer="c"), "is not one of the options"),
])
def test_bad_questions_are_refused_with_a_clear_message(kwargs, message):
    with pytest.raises(ValueError, match=message):
        Question("?", explanation="", **kwargs)


def test_an_empty_quiz_is_refused():
    with pytest.raises(ValueError, match="at least one question"):
        Quiz([])


def test_a_zh_kernel_gets_chinese_feedback_numbering_and_score(monkeypatch):
    monkeypatch.setenv("COURSE_LANGUAGE", "zh")
    quiz = Quiz([Question("$W^{[1]}$ 的形状？", ["(3, 4)", "(4, 3)"], "(4, 3)", "每行对应第 1 层的一个单元。"),
                 Question("2 + 2？", ["4", "5"], "4", "`2 + 2` 等于 4。")])
    monkeypatch.setenv("COURSE_LANGUAGE", "en")  # fixed when the quiz was built
    assert quiz.title == "自测" and "<h3>自测</h3>" in quiz.widget.children[0].value
    assert quiz.widget.children[1].children[0].value == "第 1 题（共 2 题）"
    assert quiz.score_line.value == "<b>答对 0 题，共 2 题</b>（已答 0 题）"
    first, second = quiz.questions
    first.choice.value = "(3, 4)"
    assert "不对。" in first.feedback.value and "正确答案是 <b>(4, 3)</b>：每行对应" in first.feedback.value
    second.choice.value = "4"
    assert "正确。" in second.feedback.value and "<code>2 + 2</code>" in second.feedback.value
    assert quiz.score_line.value == "<b>答对 1 题，共 2 题</b>（已答 2 题）"
    assert "Right" not in second.feedback.value + first.feedback.value + quiz.score_line.value


def test_an_english_kernel_keeps_the_english_quiz(monkeypatch):
    monkeypatch.setenv("COURSE_LANGUAGE", "en")
    quiz = Quiz([shapes_question()])
    assert quiz.title == "Self-check" and quiz.widget.children[1].children[0].value == "Question 1 of 1"
    assert quiz.score_line.value == "<b>0 of 1 right</b> (0 answered)"


def test_exports_get_a_still_copy_with_the_answers_folded_away(monkeypatch):
    monkeypatch.setenv("COURSE_LANGUAGE", "zh")
    quiz = Quiz([shapes_question()], title="第一周测验")
    bundle = quiz._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle  # JupyterLab shows the widget
    still = bundle["text/html"]
    assert still.startswith("<h3>第一周测验</h3><ol><li><b>Shape of $W^{[1]}$")
    assert "<li>(3, 4)</li><li>(4, 3)</li>" in still
    assert "<details><summary>答案</summary><b>(4, 3)</b>: One row per unit" in still
