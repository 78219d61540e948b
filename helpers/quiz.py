"""A self-check quiz: multiple-choice questions answered with widgets, checked at once.

`Quiz` shows each `Question` as its prompt, a set of radio buttons and a feedback
line.  Picking an option checks it immediately: the feedback says whether it is
right and explains the right answer either way, and the score line under the
quiz counts the correct answers.  Prompts, options and explanations may use
``$...$`` for maths (rendered by MathJax) and backticks for code.

    quiz = Quiz([
        Question("What is the shape of $W^{[1]}$ for 3 inputs and 4 hidden units?",
                 ["(3, 4)", "(4, 3)", "(4, 1)"], "(4, 3)",
                 "One row per unit of layer 1, one column per input."),
    ])
    quiz          # shows it in a notebook

Tests drive it like a student: ``quiz.questions[0].choice.value = "(4, 3)"``,
then read ``quiz.questions[0].is_correct``, ``.feedback.value`` and ``quiz.score``.

The quiz's own words (feedback, numbering, score) follow the notebook's edition
(`helpers.fonts.language`, read when the question is built; texts in `helpers.ui_text`).
"""

import html
import re

import ipywidgets as widgets

from .fonts import language
from .ui_text import text

_CODE = re.compile(r"`([^`]+)`")


def _to_html(text):
    """Escape `text` for HTML, keep ``$...$`` maths and turn `backticks` into <code>."""
    return _CODE.sub(r"<code>\1</code>", html.escape(str(text), quote=False))


class Question:
    """One multiple-choice question.

    Parameters
    ----------
    prompt : str
        The question (``$...$`` maths and `backticks` allowed).
    options : list of str
        At least two distinct answers to choose from, shown in this order.
    answer : str
        The right option; it must be one of `options`.
    explanation : str
        Why the right answer is right, shown after any choice.
    """

    def __init__(self, prompt, options, answer, explanation):
        options = [str(option) for option in options]
        if len(options) < 2:
            raise ValueError(f"a question needs at least two options, got {options!r}")
        if len(set(options)) != len(options):
            raise ValueError(f"the options of {prompt!r} repeat themselves: {options!r}")
        if str(answer) not in options:
            raise ValueError(f"the answer {answer!r} is not one of the options {options!r}; "
                             "give the right option's text exactly")
        self.prompt, self.options, self.answer, self.explanation = prompt, options, str(answer), explanation
        self.language = language()
        self.choice = widgets.RadioButtons(options=options, value=None, layout=widgets.Layout(width="auto"))
        self.feedback = widgets.HTMLMath(value="")
        self.choice.observe(self._check, names="value")
        self.widget = widgets.VBox([widgets.HTMLMath(value=f"<b>{_to_html(prompt)}</b>"), self.choice, self.feedback],
                                   layout=widgets.Layout(margin="0 0 12px 0"))

    @property
    def answered(self):
        return self.choice.value is not None

    @property
    def is_correct(self):
        return self.choice.value == self.answer

    def _check(self, change=None):
        if not self.answered:
            self.feedback.value = ""
        elif self.is_correct:
            self.feedback.value = (f"<span style='color:#1a7f37'><b>{text('right', self.language)}</b></span> "
                                   f"{_to_html(self.explanation)}")
        else:
            self.feedback.value = (f"<span style='color:#b3261e'><b>{text('wrong', self.language)}</b></span> "
                                   + text("the_answer", self.language, answer=_to_html(self.answer),
                                          explanation=_to_html(self.explanation)))


class Quiz:
    """A list of `Question`s with a running score.

    Parameters
    ----------
    questions : list of Question, or of dicts with the keys of `Question`
    title : str, shown above the questions (default: "Self-check", in the notebook's language)
    """

    def __init__(self, questions, title=None):
        self.questions = [q if isinstance(q, Question) else Question(**q) for q in questions]
        if not self.questions:
            raise ValueError("a quiz needs at least one question")
        self.language = language()
        self.title = title = title or text("quiz_title", self.language)
        self.score_line = widgets.HTML()
        for question in self.questions:
            question.choice.observe(self._update_score, names="value")
        self._update_score()
        numbered = [widgets.VBox([widgets.HTML(text("question_number", self.language, k=k, n=len(self.questions))),
                                  q.widget])
                    for k, q in enumerate(self.questions, start=1)]
        self.widget = widgets.VBox([widgets.HTML(f"<h3>{html.escape(title)}</h3>"), *numbered, self.score_line])

    @property
    def score(self):
        """How many questions are answered correctly."""
        return sum(q.is_correct for q in self.questions)

    @property
    def answered(self):
        return sum(q.answered for q in self.questions)

    def _update_score(self, change=None):
        self.score_line.value = text("score", self.language, score=self.score, n=len(self.questions),
                                     answered=self.answered)

    def reset(self):
        """Clear every choice (and with it the feedback and the score)."""
        for question in self.questions:
            question.choice.value = None

    def static_html(self):
        """The quiz as plain HTML (questions, options, answers folded away), for exported notebooks."""
        items = []
        for q in self.questions:
            options = "".join(f"<li>{_to_html(option)}</li>" for option in q.options)
            items.append(f"<li><b>{_to_html(q.prompt)}</b><ul>{options}</ul><details><summary>"
                         f"{text('show_answer', self.language)}</summary><b>{_to_html(q.answer)}</b>: "
                         f"{_to_html(q.explanation)}</details></li>")
        return f"<h3>{html.escape(self.title)}</h3><ol>{''.join(items)}</ol>"

    def _repr_mimebundle_(self, **kwargs):
        # the widget, and a still copy that exports (nbconvert's HTML) show without a kernel
        data = self.widget._repr_mimebundle_(**kwargs)
        data["text/html"] = self.static_html()
        return data
