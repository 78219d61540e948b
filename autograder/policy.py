"""Due dates and late penalties, per assignment, from the course's ``autograder.toml``.

    [assignments."02-logistic-regression"]
    due = 2026-10-12T23:59:00+02:00   # a TOML date-time (or the same as a string)
    late_penalty_per_day = 0.1        # a fraction of the maximum score per started day late
    late_days_max = 5                 # later than this many days: final score 0

The export applies them: ``submitted``, ``late_days``, ``late_penalty`` and
``final_score`` (never below 0).  Without a due date, ``final_score`` is the score.
Timestamps without a time zone are read as UTC.
"""

import dataclasses
import datetime
import math
import tomllib

from .course import SETTINGS_NAME, CourseError


@dataclasses.dataclass
class Rule:
    due: datetime.datetime | None = None
    per_day: float = 0.0
    max_days: float | None = None

    def apply(self, timestamp, score, max_score):
        """The export's late columns for a submission made at `timestamp` (ISO text or None)."""
        out = {"submitted": timestamp or "", "late_days": 0, "late_penalty": 0, "final_score": score}
        if self.due is None or not timestamp or max_score in ("", None):
            return out
        when = _aware(datetime.datetime.fromisoformat(timestamp))
        late = (when - self.due).total_seconds() / 86400
        if late <= 0:
            return out
        days = math.ceil(late)
        if self.max_days is not None and days > self.max_days:
            penalty = score
        else:
            penalty = min(score, round(self.per_day * days * float(max_score), 6))
        out.update(late_days=days, late_penalty=penalty, final_score=round(score - penalty, 6))
        return out


def _aware(moment):
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=datetime.timezone.utc)


def settings(course):
    path = course.root / SETTINGS_NAME
    if not path.exists():
        return {}
    try:
        return tomllib.loads(path.read_text())
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise CourseError(f"cannot read {path}: {error}") from None


def for_assignment(course, assignment):
    """The `Rule` of `assignment` (no due date when the course's settings name none)."""
    entry = settings(course).get("assignments", {}).get(assignment, {})
    due = entry.get("due")
    try:
        if isinstance(due, str):
            due = datetime.datetime.fromisoformat(due)
        if isinstance(due, datetime.date) and not isinstance(due, datetime.datetime):
            due = datetime.datetime.combine(due, datetime.time(23, 59, 59))
        return Rule(_aware(due) if due else None, float(entry.get("late_penalty_per_day", 0)),
                    entry.get("late_days_max"))
    except (TypeError, ValueError) as error:
        raise CourseError(f"{course.root / SETTINGS_NAME}: assignment {assignment}: {error}") from None
