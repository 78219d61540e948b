"""Read a submitted notebook and line it up with the source: what to run, what to grade, what was tampered with.

Cells are matched by their nbgrader ``grade_id``.  The source notebook is the
authority: test cells and locked cells always take the source's text, cell
type and metadata (a deleted one is put back where it was), the points are the
source's, and a cell the student marked as graded that the source does not
know is run as an ordinary cell.  Every difference found is a flag
("tampered: ...").
"""

import dataclasses
import json

import nbformat

HIDDEN_BEGIN, HIDDEN_END = "### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS"
SOLUTION_BEGIN, SOLUTION_END = "### BEGIN SOLUTION", "### END SOLUTION"
KNOWN_KERNELS = {"python3", "python"}
TRACKED_KEYS = ("grade", "solution", "locked", "points")


class InvalidNotebook(Exception):
    """The file is not a notebook we can read."""


@dataclasses.dataclass
class TestCell:
    grade_id: str
    source: str          # the source notebook's text (hidden tests included)
    points: float
    index: int           # position among the source's test cells


@dataclasses.dataclass
class Plan:
    """What to do, in order: ("run", cell_source, label) and ("test", TestCell) steps."""

    steps: list
    tests: list
    flags: list
    tampered: bool
    student_sources: list  # code of every cell that runs in the student's process


def nbgrader_meta(cell):
    return cell.get("metadata", {}).get("nbgrader", {}) or {}


def is_test(cell):
    meta = nbgrader_meta(cell)
    return bool(meta.get("grade")) and not meta.get("solution") and cell.get("cell_type") == "code"


def remove_hidden_tests(source):
    """The source with the hidden-test regions removed, as nbgrader does on release."""
    lines, keep, inside = source.split("\n"), [], False
    for line in lines:
        if HIDDEN_BEGIN in line:
            inside = True
        elif HIDDEN_END in line:
            inside = False
        elif not inside:
            keep.append(line)
    return "\n".join(keep)


def _normal(source):
    lines = [line.rstrip() for line in source.replace("\r\n", "\n").split("\n")]
    return "\n".join(lines).strip()


def same_text(submitted, source):
    """Whether a submitted locked/test cell is the source's (as released, or with hidden tests)."""
    text = _normal(submitted)
    return text in (_normal(source), _normal(remove_hidden_tests(source)))


def read_notebook(path):
    """Read and validate a notebook file; raise `InvalidNotebook` with the reason."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise InvalidNotebook(f"cannot read the file: {error}") from None
    if not raw.strip():
        raise InvalidNotebook("the file is empty")
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as error:
        raise InvalidNotebook(f"not valid JSON: {error}") from None
    if not isinstance(data, dict) or "cells" not in data or not isinstance(data.get("cells"), list):
        raise InvalidNotebook("not a notebook: no list of cells")
    try:
        nb = nbformat.reads(json.dumps(data), as_version=4)
        nbformat.validate(nb)
    except Exception as error:  # nbformat raises several kinds
        raise InvalidNotebook(f"not a valid notebook: {str(error).splitlines()[0][:300]}") from None
    return nb


def _source(cell):
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else str(source)


def make_plan(source_nb, submitted_nb):
    """Line the submission up with the source; return a `Plan`."""
    flags = []
    tampered = False

    def flag(text, tamper=True):
        nonlocal tampered
        flags.append(("tampered: " if tamper else "") + text)
        tampered = tampered or tamper

    source_cells = source_nb.cells
    tracked = {}
    for cell in source_cells:
        grade_id = nbgrader_meta(cell).get("grade_id")
        if grade_id:
            tracked[grade_id] = cell
    kernel = (submitted_nb.get("metadata", {}).get("kernelspec") or {}).get("name")
    source_kernel = (source_nb.get("metadata", {}).get("kernelspec") or {}).get("name")
    if kernel not in KNOWN_KERNELS | {source_kernel}:
        flags.append(f"unknown kernel {kernel!r}: graded with python3")

    # 1. the submission's cells, repaired
    cells, seen = [], set()
    for cell in submitted_nb.cells:
        meta = nbgrader_meta(cell)
        grade_id = meta.get("grade_id")
        if grade_id in tracked and grade_id not in seen:
            seen.add(grade_id)
            cells.append(_repair(cell, tracked[grade_id], flag))
            continue
        if grade_id in seen:
            flag(f"cell {grade_id} appears twice")
        elif meta.get("grade") and grade_id:
            flag(f"graded cell {grade_id} is not in the assignment")
        elif meta.get("grade") or meta.get("locked"):
            flag("a graded or locked cell without a known grade_id")
        cells.append({"cell_type": cell.get("cell_type"), "source": _source(cell), "grade_id": None,
                      "test": False})

    # 2. put deleted tracked cells back after the tracked cell that precedes them in the source
    order = [nbgrader_meta(c).get("grade_id") for c in source_cells if nbgrader_meta(c).get("grade_id")]
    for position, grade_id in enumerate(order):
        if grade_id in seen:
            continue
        original = tracked[grade_id]
        meta = nbgrader_meta(original)
        if meta.get("solution") and not meta.get("grade"):
            flag(f"solution cell {grade_id} was deleted", tamper=False)
            continue
        kind = "test cell" if is_test(original) else "locked cell" if meta.get("locked") else "cell"
        flag(f"{kind} {grade_id} was deleted (restored)")
        insert_at = 0
        for previous in reversed(order[:position]):
            indices = [i for i, c in enumerate(cells) if c["grade_id"] == previous]
            if indices:
                insert_at = indices[0] + 1
                break
        cells.insert(insert_at, _from_source(original))
        seen.add(grade_id)

    # 3. steps
    steps, tests, student_sources = [], [], []
    for number, cell in enumerate(cells, 1):
        if cell["cell_type"] != "code":
            continue
        if cell["test"]:
            original = tracked[cell["grade_id"]]
            test = TestCell(cell["grade_id"], _source(original), float(nbgrader_meta(original).get("points") or 0),
                            len(tests))
            tests.append(test)
            steps.append(("test", test))
        else:
            steps.append(("run", cell["source"], cell["grade_id"] or f"[{number}]"))
            student_sources.append((cell["grade_id"], cell["source"]))
    return Plan(steps, tests, flags, tampered, student_sources)


def _from_source(original):
    meta = nbgrader_meta(original)
    source = _source(original)
    if meta.get("solution"):
        source = ""  # never the instructor's solution
    return {"cell_type": original.get("cell_type"), "source": source,
            "grade_id": meta.get("grade_id"), "test": is_test(original)}


def _repair(cell, original, flag):
    """The submitted `cell` matched to the source's `original` by grade_id, repaired."""
    meta, source_meta = nbgrader_meta(cell), nbgrader_meta(original)
    grade_id = source_meta["grade_id"]
    if cell.get("cell_type") != original.get("cell_type"):
        flag(f"cell {grade_id} changed from {original.get('cell_type')} to {cell.get('cell_type')}")
    changed = [key for key in TRACKED_KEYS
               if _norm_meta(key, meta.get(key)) != _norm_meta(key, source_meta.get(key))]
    if changed:
        flag(f"metadata of cell {grade_id} changed ({', '.join(changed)})")
    repaired = _from_source(original)
    if source_meta.get("solution"):
        repaired["source"] = _source(cell)  # the student's answer, in the source's cell type
    elif not same_text(_source(cell), _source(original)):
        kind = "test cell" if is_test(original) else "locked cell"
        flag(f"{kind} {grade_id} was edited (restored)")
    return repaired


def _norm_meta(key, value):
    if key == "points":
        try:
            return float(value or 0)
        except (TypeError, ValueError):
            return value
    return bool(value)
