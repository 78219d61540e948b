"""The weekly self-check quizzes: driven like a student would, every right answer is accepted,
a wrong one is corrected with the right answer, and the computed answers are the lectures' numbers."""

import pytest

from helpers.ui_text import text
from nbtools import run_notebook

QUIZZES = ["week1/01-99-quiz.ipynb", "week2/02-99-quiz.ipynb", "week3/03-99-quiz.ipynb", "week4/04-99-quiz.ipynb"]

DRIVE = """
n_questions = len(quiz.questions)
answers = [q.answer for q in quiz.questions]
for q in quiz.questions:
    q.choice.value = q.answer
score_all_right = quiz.score
feedback_all_right = [q.feedback.value for q in quiz.questions]
wrong = next(o for o in quiz.questions[0].options if o != quiz.questions[0].answer)
quiz.questions[0].choice.value = wrong
score_one_wrong = quiz.score
feedback_wrong = quiz.questions[0].feedback.value
score_line = quiz.score_line.value
explanations = [q.explanation for q in quiz.questions]
"""


@pytest.mark.parametrize("path", QUIZZES)
def test_quiz_accepts_right_answers_and_explains_wrong_ones(path, notebook_edition):
    nb = run_notebook(path, after=DRIVE)
    n = nb["n_questions"]
    assert 6 <= n <= 10
    assert nb["score_all_right"] == n
    # the quiz's own words are in the notebook's language (helpers.ui_text)
    assert all(f.startswith("<span") and text("right", notebook_edition) in f for f in nb["feedback_all_right"])
    assert nb["score_one_wrong"] == n - 1
    assert text("wrong", notebook_edition) in nb["feedback_wrong"] and nb["answers"][0] in nb["feedback_wrong"]
    assert text("score", notebook_edition, score=n - 1, n=n, answered=n) in nb["score_line"]
    assert all(len(e) > 20 for e in nb["explanations"])


def test_week_1_quiz_numbers():
    nb = run_notebook(QUIZZES[0], after=DRIVE)
    # ReLU(1.2 * 0.3 - 0.72) = ReLU(-0.36) = 0; 4*3 + 3 + 3*1 + 1 = 19; sigma'(0) = 1/4; ReLU'(3) = 1
    assert nb["answers"][:2] == ["0", "19"]
    assert nb["answers"][4:6] == ["0.25", "1"]


def test_week_2_quiz_numbers():
    nb = run_notebook(QUIZZES[1], after=DRIVE)
    # X is (784, 2000); d(w^2)/dw = 2w = -6 at -3; broadcasting gives (3, 4) twice; randn(5) is (5,);
    # -log 0.9 = 0.105; -log 0.5 = 0.693; alpha = 30 is run C, the only one whose cost goes up
    assert nb["answers"][:5] == ["(784, 2000)", "-6", "(3, 4)", "(3, 4)", "(5,)"]
    assert nb["answers"][5:] == ["0.105", "0.693", "run C"]
    assert nb["steps_up"]["A"] == nb["steps_up"]["B"] == 0 < nb["steps_up"]["C"]


def test_week_3_quiz_numbers_and_zero_initialization():
    nb = run_notebook(QUIZZES[2], after=DRIVE)
    assert nb["answers"][:5] == ["(4, 2)", "(4, 400)", "(4,)", "1", "0"]
    assert nb["zero_rows_identical"] is True
    assert nb["zero_cost"] == pytest.approx(0.6931, abs=1e-3)


def test_week_4_quiz_numbers():
    nb = run_notebook(QUIZZES[3], after=DRIVE)
    # (3*5 + 5) + (5*5 + 5) + (5*3 + 3) + (3*1 + 1) = 72; L = 3; W2 of [784, 16, 8, 1] is (8, 16); 8 bits: 7 XOR gates
    assert nb["answers"][:3] == ["72", "3", "(8, 16)"]
    assert nb["answers"][5:7] == ["run B", "7"]
    assert nb["steps_up"]["A"] == 0 < nb["steps_up"]["B"]
