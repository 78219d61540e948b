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
