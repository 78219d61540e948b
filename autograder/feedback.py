"""Feedback for students: one HTML page per student and notebook, from the recorded results.

It shows the score of every test (its one-line description and points) and,
for a failed test, the message that says what to fix.  It never shows the
source of a test cell, so hidden tests stay hidden.
"""

import html

from . import gradebook, messages
from .sandbox import safe_name  # a folder name that is not UTF-8 is shown escaped
from .course import atomic_write

# the sentences live in `autograder.messages` (English and Chinese); this is the English view
STATUS_TEXT = {key[len("status_"):]: entry["en"] for key, entry in messages.MESSAGES.items()
               if key.startswith("status_")}

PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<style>
body {{ font-family: sans-serif; max-width: 56em; margin: 2em auto; line-height: 1.4; }}
table {{ border-collapse: collapse; width: 100%; }}
td, th {{ border-bottom: 1px solid #ddd; padding: 0.4em; text-align: left; vertical-align: top; }}
.passed {{ color: #1a7f37; }} .failed {{ color: #b42318; }}
pre {{ white-space: pre-wrap; margin: 0; font-size: 0.9em; }}
</style></head>
<body>
<h1>{title}</h1>
<p>Student: <b>{student}</b> &middot; Score: <b>{score:g} / {max_score:g}</b> &middot; Status: {status}</p>
{notes}
<table>
<tr><th>Test</th><th>Points</th><th>Result</th></tr>
{rows}
</table>
</body></html>
"""


def render(student, assignment, notebook_name, result):
    """The HTML page of one notebook's `NotebookResult`."""
    rows = []
    for test in result.tests:
        label = html.escape(test.description or test.grade_id)
        if test.passed:
            outcome = '<span class="passed">passed</span>'
            if test.message.startswith("passed ("):  # e.g. graded on its own, with the reference callees
                outcome += f"<br><small>{html.escape(test.message[len('passed '):])}</small>"
        else:
            outcome = f'<span class="failed">failed</span><pre>{html.escape(test.message)}</pre>'
        rows.append(f"<tr><td>{label}<br><small>{html.escape(test.grade_id)}</small></td>"
                    f"<td>{test.points:g} / {test.max_points:g}</td><td>{outcome}</td></tr>")
    notes = ""
    if result.status not in ("graded",):
        notes += f"<p>{html.escape(STATUS_TEXT.get(result.status, result.status))}</p>"
        if result.status not in ("tampered",) and result.detail:
            notes += f"<p><small>{html.escape(result.detail.split('; ')[0])}</small></p>"
    if result.flags:
        notes += "<ul>" + "".join(f"<li>{html.escape(f)}</li>" for f in result.flags) + "</ul>"
    return PAGE.format(title=html.escape(f"{assignment} / {notebook_name}"),
                       student=html.escape(safe_name(student)), score=result.score, max_score=result.max_score,
                       status=html.escape(result.status.replace("_", " ")), notes=notes, rows="\n".join(rows))


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
