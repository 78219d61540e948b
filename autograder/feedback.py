"""Feedback for students: one HTML page per student and notebook, from the recorded results.

It shows the score of every test (its one-line description and points) and,
for a failed test, the message that says what to fix.  It never shows the
source of a test cell, so hidden tests stay hidden.  The page speaks the
language of the submission (``metadata.course.language`` of the student's
notebook, recorded with its result): headings, statuses and the grader's
messages come from `autograder.messages` in that language.
"""

import html

from . import gradebook, messages
from .sandbox import safe_name  # a folder name that is not UTF-8 is shown escaped
from .course import atomic_write

# the sentences live in `autograder.messages` (English and Chinese); this is the English view
STATUS_TEXT = {key[len("status_"):]: entry["en"] for key, entry in messages.MESSAGES.items()
               if key.startswith("status_")}
HTML_LANG = {"en": "en", "zh": "zh-CN"}

PAGE = """<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="utf-8"><title>{title}</title>
<style>
body {{ font-family: sans-serif; max-width: 56em; margin: 2em auto; line-height: 1.4; }}
table {{ border-collapse: collapse; width: 100%; }}
td, th {{ border-bottom: 1px solid #ddd; padding: 0.4em; text-align: left; vertical-align: top; }}
td:nth-child(2), th:nth-child(2) {{ white-space: nowrap; }}  /* "1 / 2" and its heading on one line */
.passed {{ color: #1a7f37; }} .failed {{ color: #b42318; }}
pre {{ white-space: pre-wrap; margin: 0; font-size: 0.9em; }}
</style></head>
<body>
<h1>{title}</h1>
<p>{w_student}: <b>{student}</b> &middot; {w_score}: <b>{score:g} / {max_score:g}</b> &middot; {w_status}: {status}</p>
{notes}
<table>
<tr><th>{w_test}</th><th>{w_points}</th><th>{w_result}</th></tr>
{rows}
</table>
</body></html>
"""


def status_text(status, language="en"):
    """The student's words for a result's status (`autograder.engine.STATUSES`)."""
    key = f"status_{status}"
    return messages.text(key, language) if key in messages.MESSAGES else status.replace("_", " ")


def render(student, assignment, notebook_name, result):
    """The HTML page of one notebook's `NotebookResult`, in the language of the submission."""
    language = result.language if result.language in messages.LANGUAGES else messages.DEFAULT

    def say(key):
        return html.escape(messages.text(key, language))

    rows = []
    for test in result.tests:
        label = html.escape(test.description or test.grade_id)
        if test.passed:
            outcome = f'<span class="passed">{say("page_passed")}</span>'
            if test.message.startswith("passed ("):  # e.g. graded on its own, with the reference callees
                outcome += f"<br><small>{html.escape(test.message[len('passed '):])}</small>"
        else:
            outcome = f'<span class="failed">{say("page_failed")}</span><pre>{html.escape(test.message)}</pre>'
        rows.append(f"<tr><td>{label}<br><small>{html.escape(test.grade_id)}</small></td>"
                    f"<td>{test.points:g} / {test.max_points:g}</td><td>{outcome}</td></tr>")
    # English keeps the short status word in the header and says the sentence below; Chinese says it once
    header = status_text(result.status, language) if language != "en" or result.status == "graded" \
        else result.status.replace("_", " ")
    notes = ""
    if result.status not in ("graded",):
        if status_text(result.status, language) != header:
            notes += f"<p>{html.escape(status_text(result.status, language))}</p>"
        if result.status not in ("tampered",) and result.detail:
            detail = messages.translate_note(result.detail.split("; ")[0], language)
            notes += f"<p><small>{html.escape(detail)}</small></p>"
    if result.flags:
        flags = (messages.translate_note(flag, language) for flag in result.flags)  # kept in English in the record
        notes += "<ul>" + "".join(f"<li>{html.escape(flag)}</li>" for flag in flags) + "</ul>"
    return PAGE.format(title=html.escape(f"{assignment} / {notebook_name}"), lang=HTML_LANG[language],
                       student=html.escape(safe_name(student)), score=result.score, max_score=result.max_score,
                       status=html.escape(header),
                       notes=notes, rows="\n".join(rows), w_student=say("page_student"), w_score=say("page_score"),
                       w_status=say("page_status"), w_test=say("page_test"), w_points=say("page_points"),
                       w_result=say("page_result"))


def write_feedback(course, assignment, students=None):
    """Write ``feedback/<student>/<assignment>/<notebook>.html`` for every recorded result."""
    root = course.root / "autograded"
    found = sorted(p.parent.parent.name for p in root.glob(f"*/{assignment}/{gradebook.RESULT_FILE}"))
    written = []
    for student in students or found:
        record = gradebook.load_result(course, student, assignment)
        if record is None:
            continue
        for name, result in gradebook.notebook_results(record).items():
            path = course.feedback(student, assignment) / (name.rsplit(".", 1)[0] + ".html")
            path.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(path, render(student, assignment, name, result))
            written.append(path)
    return written
