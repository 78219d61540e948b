"""The class report of one assignment: ``reports/<id>.html``, one self-contained page.

From the recorded results (``autograded/<student>/<id>/autograder.json``):
how many students have each status, the score histogram, the pass rate of
every test, the most frequent hints (a failed test's message, its numbers
masked, counted over the graded students: "37 % ... normalize_rows ...
keepdims"), and the grading times.  The figures are PNGs embedded in the page.
"""

import base64
import collections
import html
import io
import re

from . import gradebook
from .course import atomic_write
from .engine import GRADED, STATUSES

NUMBER = re.compile(r"-?\d+(?:\.\d+)?(?:e[-+]?\d+)?")

PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<style>
body {{ font-family: sans-serif; max-width: 60em; margin: 2em auto; line-height: 1.4; }}
table {{ border-collapse: collapse; }} td, th {{ border-bottom: 1px solid #ddd; padding: 0.3em 0.6em;
text-align: left; vertical-align: top; }} img {{ max-width: 100%; }}
</style></head>
<body>
<h1>{title}</h1>
{body}
</body></html>
"""


def collect(course, assignment):
    """The records of `assignment` ({student: record})."""
    root = course.root / "autograded"
    students = sorted(p.parent.parent.name for p in root.glob(f"*/{assignment}/{gradebook.RESULT_FILE}"))
    records = {s: gradebook.load_result(course, s, assignment) for s in students}
    return {s: r for s, r in records.items() if r is not None}


def summarise(records):
    """The report's numbers: statuses, scores, pass rates, hints, seconds (plain data, for tests too)."""
    graded = {s: r for s, r in records.items() if r["status"] in GRADED}
    statuses = collections.Counter(r["status"] for r in records.values())
    tests, hints = {}, collections.Counter()
    examples = {}
    for record in graded.values():
        for name, data in record["notebooks"].items():
            for test in data["tests"]:
                passed, total = tests.get(test["grade_id"], (0, 0))
                tests[test["grade_id"]] = (passed + bool(test["passed"]), total + 1)
                if not test["passed"] and test["message"]:
                    key = (test["grade_id"], NUMBER.sub("#", test["message"].split("\n")[0])[:300])
                    hints[key] += 1
                    examples.setdefault(key, test["message"].split("\n")[0][:300])
    return {
        "students": len(records), "graded": len(graded), "statuses": statuses,
        "scores": [r["score"] for r in graded.values()],
        "max_score": max((r["max_score"] for r in records.values()), default=0),
        "pass_rate": {g: p / t for g, (p, t) in tests.items()},
        "hints": [(g, examples[(g, k)], n, n / max(1, len(graded))) for (g, k), n in hints.most_common(15)],
        "seconds": [sum(nb.get("seconds", 0) for nb in r["notebooks"].values()) for r in records.values()],
    }


def _figure(draw, height=3.2):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure, axes = plt.subplots(figsize=(7, height))
    draw(axes)
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=90)
    plt.close(figure)
    return f'<img alt="figure" src="data:image/png;base64,{base64.b64encode(buffer.getvalue()).decode()}">'


def render(assignment, numbers):
    """The report's HTML."""
    parts = [f"<p>{numbers['students']} students, {numbers['graded']} graded.</p>", "<h2>Statuses</h2><table>"]
    parts += [f"<tr><td>{s.replace('_', ' ')}</td><td>{numbers['statuses'][s]}</td></tr>"
              for s in STATUSES if numbers["statuses"][s]]
    parts.append("</table>")
    scores = numbers["scores"]
    if scores:
        mean = sum(scores) / len(scores)
        parts.append(f"<h2>Scores</h2><p>mean {mean:.1f} / {numbers['max_score']:g}, "
                     f"lowest {min(scores):g}, highest {max(scores):g}</p>")
        parts.append(_figure(lambda ax: (ax.hist(scores, bins=min(20, max(5, int(numbers["max_score"]) + 1)),
                                                 range=(0, numbers["max_score"] or 1), color="#4c72b0"),
                                         ax.set_xlabel("score"), ax.set_ylabel("students"))))
    rates = numbers["pass_rate"]
    if rates:
        parts.append("<h2>Pass rate per test</h2>")
        parts.append(_figure(lambda ax: (ax.barh(list(rates)[::-1], [100 * v for v in rates.values()][::-1],
                                                 color="#55a868"),
                                         ax.set_xlim(0, 100), ax.set_xlabel("% of graded students passing")),
                             height=max(3.2, 0.25 * len(rates) + 1)))
        parts.append("<table><tr><th>test</th><th>passed</th></tr>" + "".join(
            f"<tr><td>{html.escape(g)}</td><td>{100 * v:.0f} %</td></tr>" for g, v in rates.items()) + "</table>")
    if numbers["hints"]:
        parts.append("<h2>Most frequent hints</h2><table><tr><th>students</th><th>test</th><th>hint</th></tr>")
        parts += [f"<tr><td>{100 * share:.0f} % ({count})</td><td>{html.escape(g)}</td>"
                  f"<td>{html.escape(text)}</td></tr>" for g, text, count, share in numbers["hints"]]
        parts.append("</table>")
    seconds = numbers["seconds"]
    if seconds:
        parts.append(f"<h2>Grading times</h2><p>total {sum(seconds):.1f} s, longest {max(seconds):.1f} s</p>")
        parts.append(_figure(lambda ax: (ax.hist(seconds, bins=15, color="#8172b2"),
                                         ax.set_xlabel("seconds per student"), ax.set_ylabel("students"))))
    return PAGE.format(title=html.escape(f"{assignment}: class report"), body="\n".join(parts))


def write_report(course, assignment):
    """Write ``reports/<assignment>.html``; return its path."""
    path = course.root / "reports" / f"{assignment}.html"
    atomic_write(path, render(assignment, summarise(collect(course, assignment))))
    return path
