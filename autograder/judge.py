"""The comparison of a student's value with the expected one, and the hints that say what to fix.

`compare` is tolerance-based and has no type traps (a Python int is as good as a
float, a 1-element array as good as a number); it returns a list of problems
(empty: equal), each a sentence from `autograder.messages`.  `judge` runs a
reference's comparator (or `compare`) on one answer.  The same code serves the
grader (`autograder.engine`) and the student's `check` (`autograder.checks`,
also in the student kit, where it compares with values computed at release).

While `judge` runs, `current_arguments()` gives the arguments of the call being
judged (comparators use them, e.g. to tell a wrong-sign update from the inputs)
and `current_language()` the language of the messages.
"""

import contextlib
import contextvars
import numbers
import re

import numpy as np

from .messages import text

RTOL, ATOL = 1e-5, 1e-7
LIST_SHOWN = 3  # a long list's differences: the first few, then a count

_ARGUMENTS = contextvars.ContextVar("arguments", default=((), {}))
_LANGUAGE = contextvars.ContextVar("language", default="en")


def current_arguments():
    """``(args, kwargs)`` of the call being judged (empty outside `judge`)."""
    return _ARGUMENTS.get()


def current_language():
    return _LANGUAGE.get()


@contextlib.contextmanager
def context(args=(), kwargs=None, language="en"):
    """Judge within this call's arguments and language."""
    a = _ARGUMENTS.set((tuple(args), dict(kwargs or {})))
    b = _LANGUAGE.set(language)
    try:
        yield
    finally:
        _ARGUMENTS.reset(a)
        _LANGUAGE.reset(b)


def say(message_key, **fields):
    """The catalogue's sentence `message_key` (`autograder.messages`) in the language of the answer being
    judged: what a reference's comparator calls for every hint it adds."""
    return text(message_key, _LANGUAGE.get(), **fields)


_t = say


def _example_counts():
    """The column counts of the 2-D arrays among the judged call's arguments: the candidates for m."""
    counts, stack = set(), list(current_arguments()[0]) + list(current_arguments()[1].values())
    while stack:
        value = stack.pop()
        if isinstance(value, np.ndarray) and value.ndim == 2:
            counts.add(int(value.shape[1]))
        elif isinstance(value, (tuple, list)):
            stack.extend(value)
        elif isinstance(value, dict):
            stack.extend(value.values())
    return counts


def _fmt_shape(shape):
    return str(tuple(shape))


def _is_number(x):
    return isinstance(x, numbers.Number) and not isinstance(x, bool) or (
        isinstance(x, np.ndarray) and x.size == 1 and x.dtype.kind in "biuf")


def shape_hints(actual_shape, expected_shape):
    """Hints for an array of `actual_shape` where `expected_shape` is expected."""
    hints = []
    if len(actual_shape) == len(expected_shape) == 2 and actual_shape == expected_shape[::-1]:
        hints.append(_t("hint_transposed"))
    if len(expected_shape) == 2 and len(actual_shape) == 1 and actual_shape[0] in expected_shape:
        row = expected_shape[0] == 1 and expected_shape[1] == actual_shape[0] and expected_shape[1] != 1
        hints.append(_t("hint_rank1_row" if row else "hint_rank1_column"))
    if len(expected_shape) == 2 and expected_shape[1] == 1 and len(actual_shape) == 2 \
            and actual_shape[0] == expected_shape[0] and actual_shape[1] > 1:
        n = expected_shape[0]
        if actual_shape == (n, n) and n > 1 and n not in _example_counts():
            hints.append(_t("hint_outer_product"))
        else:
            hints.append(_t("hint_not_summed"))
    if len(actual_shape) == 0 and len(expected_shape) > 0:
        hints.append(_t("hint_scalar_for_array"))
    return hints


ERROR_HINTS = [
    # (error name, a pattern in its message, the message key of what to check)
    ("ValueError", "could not be broadcast together", "error_broadcast"),
    ("ValueError", "matmul: Input operand", "error_matmul"),
    ("ValueError", "not aligned", "error_matmul"),
    ("NameError", "", "error_name"),
    ("TypeError", "arrays can be converted to Python scalars", "error_math_exp"),
    ("TypeError", "must be real number, not", "error_math_exp"),
    ("KeyError", r"^'?[Wb]\d+'?$", "error_layer_count"),
]


def error_hint(ename, evalue):
    """What to check when a student's function raised `ename` with message `evalue` ("" if nothing to add)."""
    for name, pattern, key in ERROR_HINTS:
        if ename == name and re.search(pattern, str(evalue)):
            return _t(key, key=str(evalue))
    return ""


def describe_error(function, ename, evalue):
    """The feedback line for a student's `function` that raised: the error, then a hint if one fits."""
    hint = error_hint(ename, evalue)
    return _t("raised", name=function, ename=ename, evalue=evalue) + (f"; {hint}" if hint else "")


def _constant_ratio(actual, expected):
    """actual / expected when that is one number for every entry, else None."""
    try:
        a = np.asarray(actual, dtype=float)
        e = np.asarray(expected, dtype=float)
    except (TypeError, ValueError):
        return None
    if a.shape != e.shape or a.size == 0 or np.any(np.abs(e) < 1e-12):
        return None
    r = a.ravel() / e.ravel()
    return float(r[0]) if np.allclose(r, r[0], rtol=1e-6) else None


def scale_hints(name, actual, expected):
    """Hints for a value that is the expected one times a constant.

    A whole factor is named as m only when it is the number of examples of the
    test being judged (a sum where the lectures take a mean); its inverse is a
    division done twice, and -1 a sign flipped somewhere.
    """
    r = _constant_ratio(actual, expected)
    if r is None:
        return []
    counts = _example_counts()
    if r > 1.5 and np.isclose(r, round(r), rtol=1e-6):
        factor = round(r)
        return [_t("hint_times_m" if factor in counts else "hint_times", name=name, factor=factor)]
    if 0 < r < 0.75 and np.isclose(1 / r, round(1 / r), rtol=1e-6):
        factor = round(1 / r)
        return [_t("hint_divided_twice" if factor in counts else "hint_divided", name=name, factor=factor)]
    if np.isclose(r, -1):
        return [_t("hint_sign", name=name)]
    return []


def update_sign_hints(actual, expected):
    """A hint when `actual` is the parameters moved up the gradient instead of down.

    The judged call's first argument is the parameters p; the expected update is
    p - lr * dp, so a flipped sign gives p + lr * dp = 2 p - expected, whatever lr is.
    """
    args = current_arguments()[0]
    if not args or not all(isinstance(x, dict) for x in (args[0], actual, expected)):
        return []
    before, moved = args[0], False
    for key in expected:
        if key not in before or key not in actual:
            continue
        try:
            a, e, p = (np.asarray(x[key], dtype=float) for x in (actual, expected, before))
        except (TypeError, ValueError):
            return []
        if a.shape != e.shape or e.shape != p.shape or not np.allclose(a + e, 2 * p):
            return []
        moved = moved or not np.allclose(e, p)
    return [_t("hint_update_sign")] if moved else []


def weight_draw_hints(actual, expected, recipe, scale=0.01):
    """Hints for randomly initialized weights that differ from the reference's draw.

    For each ``W...`` of the right shape: all zeros (symmetry is never broken), the
    wrong scale, or the right scale but other numbers, which means another seed or
    order of draws; `recipe` is the assignment's sentence saying how to draw them
    (already in the answer's language, from `say`).
    """
    problems = []
    if not isinstance(actual, dict):
        return problems
    for key in expected:
        W = actual.get(key)
        if not key.startswith("W") or not isinstance(W, np.ndarray) or W.shape != expected[key].shape:
            continue
        if np.allclose(W, 0):
            problems.append(_t("weights_all_zeros", key=key))
        elif np.std(W) > 10 * scale:
            problems.append(_t("weights_wrong_scale", key=key, std=float(np.std(W)), scale=scale))
        elif not np.allclose(W, expected[key]):
            problems.append(_t("weights_other_numbers", key=key, recipe=recipe))
            break  # the recipe once is enough
    return problems


def _whole_numbers_hint(name, actual_array, expected):
    """`//` leaves whole numbers where the expected value has fractions."""
    try:
        whole = np.all(actual_array == np.round(actual_array))
    except TypeError:
        return []
    if whole and not np.all(np.asarray(expected) == np.round(expected)):
        return [_t("hint_integer_division", name=name)]
    return []


def _sequence_problems(actual, expected, name, rtol, atol):
    if len(actual) != len(expected):
        differences = []
        for i, (a, e) in enumerate(zip(actual, expected)):
            if compare(a, e, "", rtol, atol):
                differences.append(i)
        if len(expected) > LIST_SHOWN and all(_is_number(e) for e in expected):
            shown = ", ".join(_t("item_expected", index=i, actual=_short(actual[i]), expected=_short(expected[i]))
                              for i in differences[:LIST_SHOWN]) or "-"
            return [_t("wrong_length_summary", name=name, expected=len(expected), actual=len(actual),
                       first=shown)]
        return [_t("wrong_length", name=name, expected=len(expected), actual=len(actual))]
    per_item = [(i, compare(a, e, f"{name}[{i}]", rtol, atol)) for i, (a, e) in enumerate(zip(actual, expected))]
    failing = [(i, p) for i, p in per_item if p]
    if len(failing) > LIST_SHOWN:
        first = "; ".join(p[0] for _, p in failing[:LIST_SHOWN])
        return [_t("items_differ", name=name, count=len(failing), total=len(expected), first=first)]
    return [problem for _, problems in failing for problem in problems]


def _short(value):
    try:
        return f"{float(np.asarray(value).ravel()[0]):.6g}"
    except (TypeError, ValueError, IndexError):
        return repr(value)[:40]


def compare(actual, expected, name="output", rtol=RTOL, atol=ATOL):
    """Compare a student's value with the expected one; return a list of problems (empty: equal).

    Arrays and numbers are compared with a tolerance (|a - e| <= atol + rtol |e|);
    a Python int is as good as a float, a 1-element array as good as a number,
    but a list is not an array.  Dicts are compared key by key (extra keys are
    allowed), tuples and lists item by item, a long list's differences summarised.
    """
    if isinstance(expected, dict):
        if not isinstance(actual, dict):
            return [_t("should_be_dict", name=name, keys=sorted(expected), type=type(actual).__name__)]
        problems = [_t("missing_key", name=name, key=key) for key in expected if key not in actual]
        for key in expected:
            if key in actual:
                problems += compare(actual[key], expected[key], f"{name}[{key!r}]", rtol, atol)
        return problems
    if isinstance(expected, (tuple, list)):
        if not isinstance(actual, (tuple, list)):
            return [_t("should_be_sequence", name=name, kind=type(expected).__name__, count=len(expected),
                       type=type(actual).__name__)]
        return _sequence_problems(actual, expected, name, rtol, atol)
    if isinstance(expected, (bool, np.bool_, str, bytes)) or expected is None:
        if actual == expected and type(actual) is not np.ndarray:
            return []
        return [_t("should_equal", name=name, expected=expected, actual=actual)]
    if _is_number(expected) and not isinstance(expected, np.ndarray):
        if not _is_number(actual):
            shape = getattr(actual, "shape", None)
            extra = _t("of_shape", shape=_fmt_shape(shape)) if shape is not None else ""
            return [_t("should_be_number", name=name, type=type(actual).__name__, extra=extra)]
        value = float(np.asarray(actual).ravel()[0])
        if np.isnan(value):
            return [_t("is_nan", name=name, expected=float(expected))]
        if abs(value - float(expected)) <= atol + rtol * abs(float(expected)):
            return []
        return [_t("number_differs", name=name, actual=value, expected=float(expected))
                + "".join("; " + h for h in _whole_numbers_hint(name, np.asarray(value), expected))]
    if isinstance(expected, np.ndarray):
        if isinstance(actual, (list, tuple)) and expected.ndim > 0:
            return [_t("should_be_array", name=name, shape=_fmt_shape(expected.shape),
                       type=type(actual).__name__) + "; " + _t("hint_list_not_array", name=name)]
        try:
            actual_array = np.asarray(actual, dtype=float)
        except (TypeError, ValueError):
            return [_t("should_be_array", name=name, shape=_fmt_shape(expected.shape), type=type(actual).__name__)]
        if actual_array.shape != expected.shape:
            message = _t("wrong_shape", name=name, actual=_fmt_shape(actual_array.shape),
                         expected=_fmt_shape(expected.shape))
            hints = shape_hints(actual_array.shape, expected.shape)
            return [message + ("; " + "; ".join(hints) if hints else "")]
        if np.isnan(actual_array).any() and not np.isnan(expected).any():
            index = [int(i) for i in np.argwhere(np.isnan(actual_array))[0]]
            return [_t("contains_nan", name=name, index=index)]
        difference = np.abs(actual_array - expected)
        bad = difference > atol + rtol * np.abs(expected)
        if not bad.any():
            return []
        index = np.unravel_index(int(np.argmax(np.where(bad, difference, -1))), expected.shape)
        message = _t("entries_differ", name=name, count=int(bad.sum()), total=expected.size,
                     difference=float(difference[index]), index=[int(i) for i in index],
                     actual=float(actual_array[index]), expected=float(expected[index]))
        hints = _whole_numbers_hint(name, actual_array, expected)
        return [message + ("; " + "; ".join(hints) if hints else "")]
    if actual == expected:
        return []
    return [_t("should_equal", name=name, expected=expected, actual=actual)]


def judge(name, actual, expected, comparator=None, rtol=RTOL, atol=ATOL):
    """The problems with `actual` as the output of `name` (empty: it passes).

    `comparator(actual, expected)` is the reference's own (it adds the
    assignment's hints); without one, `compare` with the given tolerances.
    """
    if comparator is not None:
        problems = comparator(actual, expected)
    else:
        problems = compare(actual, expected, _t("output_of", name=name), rtol, atol)
    if problems:
        problems = list(problems) + update_sign_hints(actual, expected)
    return problems


def failure_message(name, problems):
    """The one message of a failed check."""
    return f"{name}: " + "; ".join(problems)
