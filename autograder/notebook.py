"""Read a submitted notebook and line it up with the source: what to run, what to grade, what was tampered with.

Cells are matched by their nbgrader ``grade_id``.  The source notebook is the
authority: test cells and locked cells always take the source's text, cell
type and metadata (a deleted one is put back where it was), the points are the
source's, and a cell the student marked as graded that the source does not
know is run as an ordinary cell.  Every difference found is a flag
("tampered: ...").

Nothing in a submitted file makes the grader raise: a file that is too large,
not a regular file, nested too deeply or not a notebook is an
`InvalidNotebook` with the reason; nbgrader metadata of the wrong type (a
string instead of a dict, a list as ``grade_id``) is a "tampered" flag and
the cell is run as an ordinary cell.
"""

import dataclasses
import json
import os
import stat

import nbformat

from . import messages

HIDDEN_BEGIN, HIDDEN_END = "### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS"
SOLUTION_BEGIN, SOLUTION_END = "### BEGIN SOLUTION", "### END SOLUTION"
KNOWN_KERNELS = {"python3", "python"}
TRACKED_KEYS = ("grade", "solution", "locked", "points")
MAX_NOTEBOOK_BYTES = 32 << 20


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
    """The cell's nbgrader metadata; {} when it is missing or not a dict (see `metadata_problem`)."""
    metadata = cell.get("metadata", {})
    meta = metadata.get("nbgrader", {}) if isinstance(metadata, dict) else {}
    return meta if isinstance(meta, dict) else {}


def metadata_problem(cell):
    """What is wrong with the types of a cell's nbgrader metadata ("" when nothing is)."""
    metadata = cell.get("metadata", {})
    if not isinstance(metadata, dict):
        return "its metadata is not a dict"
    meta = metadata.get("nbgrader")
    if meta is None:
        return ""
    if not isinstance(meta, dict):
        return f"its nbgrader metadata is a {type(meta).__name__}, not a dict"
    grade_id = meta.get("grade_id")
    if grade_id is not None and not isinstance(grade_id, str):
        return f"its grade_id is a {type(grade_id).__name__}, not a string"
    for key in ("grade", "solution", "locked"):
        if key in meta and not isinstance(meta[key], (bool, type(None))):
            return f"its {key} flag is a {type(meta[key]).__name__}, not true or false"
    return ""


def hidden_lines(source):
    """The line numbers (from 1) inside the hidden-test regions of a test cell's source."""
    lines, inside = set(), False
    for number, line in enumerate(source.split("\n"), 1):
        if HIDDEN_BEGIN in line:
            inside = True
        elif HIDDEN_END in line:
            inside = False
        elif inside:
            lines.add(number)
    return lines


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


def read_bounded(path, max_bytes=MAX_NOTEBOOK_BYTES):
    """The bytes of the regular file `path`, at most `max_bytes`; `InvalidNotebook` otherwise.

    A FIFO, device or socket is refused before it is opened (opening a FIFO
    would block), and reading stops past `max_bytes` whatever the size said.
    """
    try:
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode):
            raise InvalidNotebook("not a regular file (a FIFO, device, socket or folder)")
        if info.st_size > max_bytes:
            raise InvalidNotebook(f"the file is {info.st_size} bytes, more than the limit of {max_bytes}")
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)  # a link's target is read
    except OSError as error:
        raise InvalidNotebook(f"cannot read the file: {error.strerror}") from None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise InvalidNotebook("not a regular file (a FIFO, device, socket or folder)")
        chunks, size = [], 0
        while size <= max_bytes:
            chunk = os.read(fd, min(1 << 20, max_bytes + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > max_bytes:
            raise InvalidNotebook(f"the file is more than the limit of {max_bytes} bytes")
        return b"".join(chunks)
    finally:
        os.close(fd)


def read_notebook(path, max_bytes=MAX_NOTEBOOK_BYTES):
    """Read and validate a notebook file; raise `InvalidNotebook` with the reason."""
    return parse_notebook(read_bounded(path, max_bytes))


def parse_notebook(raw):
    """Validate a notebook's bytes; raise `InvalidNotebook` with the reason."""
    if not raw.strip():
        raise InvalidNotebook("the file is empty")
    try:
        data = json.loads(raw.decode("utf-8"))
    except RecursionError:
        raise InvalidNotebook("not a notebook: its JSON is nested too deeply") from None
    except (UnicodeDecodeError, ValueError) as error:
        raise InvalidNotebook(f"not valid JSON: {str(error)[:300]}") from None
    if not isinstance(data, dict) or "cells" not in data or not isinstance(data.get("cells"), list):
        raise InvalidNotebook("not a notebook: no list of cells")
    try:
        nb = nbformat.reads(json.dumps(data), as_version=4)
        nbformat.validate(nb)
    except RecursionError:
        raise InvalidNotebook("not a notebook: its JSON is nested too deeply") from None
    except Exception as error:  # nbformat raises several kinds
        raise InvalidNotebook(f"not a valid notebook: {str(error).splitlines()[0][:300]}") from None
    return nb


def _source(cell):
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else str(source)


def make_plan(source_nb, submitted_nb):
    """Line the submission up with the source; return a `Plan` (`InvalidNotebook` if it cannot)."""
    try:
        return _make_plan(source_nb, submitted_nb)
    except InvalidNotebook:
        raise
    except (RecursionError, MemoryError):
        raise InvalidNotebook("not a notebook the grader can use: it is nested too deeply") from None
    except Exception as error:  # a shape of metadata nobody foresaw: a status, never a crash
        raise InvalidNotebook(f"not a notebook the grader can use ({type(error).__name__}: "
                              f"{str(error)[:200]})") from None


def _make_plan(source_nb, submitted_nb):
    flags = []
    tampered = False

    def flag(text, tamper=True):
        nonlocal tampered
        flags.append(messages.text("note_tampered", note=text) if tamper else text)
        tampered = tampered or tamper

    source_cells = source_nb.cells
    tracked = {}
    for cell in source_cells:
        grade_id = nbgrader_meta(cell).get("grade_id")
        if grade_id:
            tracked[grade_id] = cell
    kernelspec = submitted_nb.get("metadata", {}).get("kernelspec")
    kernel = kernelspec.get("name") if isinstance(kernelspec, dict) else None
    if not isinstance(kernel, (str, type(None))):
        kernel = repr(kernel)[:40]
    source_kernel = (source_nb.get("metadata", {}).get("kernelspec") or {}).get("name")
    if kernel not in KNOWN_KERNELS | {source_kernel}:
        flags.append(messages.text("note_unknown_kernel", kernel=repr(kernel)))

    # 1. the submission's cells, repaired
    cells, seen = [], set()
    for cell in submitted_nb.cells:
        problem = metadata_problem(cell)
        if problem:
            flag(messages.text("note_broken_cell", cell=_broken_cell_name(cell, cells), problem=problem))
            cells.append({"cell_type": cell.get("cell_type"), "source": _source(cell), "grade_id": None,
                          "test": False})
            continue
        meta = nbgrader_meta(cell)
        grade_id = meta.get("grade_id")
        if grade_id in tracked and grade_id not in seen:
            seen.add(grade_id)
            cells.append(_repair(cell, tracked[grade_id], flag))
            continue
        if grade_id in seen:
            flag(messages.text("note_twice", grade_id=grade_id))
        elif meta.get("grade") and grade_id:
            flag(messages.text("note_not_in_assignment", grade_id=grade_id))
        elif meta.get("grade") or meta.get("locked"):
            flag(messages.text("note_unknown_grade_id"))
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
            flag(messages.text("note_solution_deleted", grade_id=grade_id), tamper=False)
            continue
        kind = "note_test_deleted" if is_test(original) else "note_locked_deleted" if meta.get("locked") \
            else "note_cell_deleted"
        flag(messages.text(kind, grade_id=grade_id))
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
            steps.append(("run", cell["source"], cell["grade_id"] or _cell_name(cells, number - 1)))
            student_sources.append((cell["grade_id"], cell["source"]))
    return Plan(steps, tests, flags, tampered, student_sources)


def _cell_name(cells, index):
    """A code cell without a grade id, named by what comes before it, never by a position number.

    "after `double_values`", "2nd after `double_values`", "under the heading “Normalize rows”",
    "1st of the notebook" (issue 12: "cell [35]" counted markdown cells and read like an execution count).
    """
    count = 1
    for previous in reversed(cells[:index]):
        if previous.get("grade_id"):
            anchor = f"after `{previous['grade_id']}`"
            break
        if previous.get("cell_type") == "markdown":
            heading = next((line.lstrip("#").strip() for line in previous.get("source", "").splitlines()
                            if line.startswith("#")), "")
            if heading:
                anchor = f"under the heading “{heading[:60]}”"
                break
        elif previous.get("cell_type") == "code":
            count += 1
    else:
        anchor = "of the notebook"
        return f"{_ordinal(count)} {anchor}"
    return anchor if count == 1 else f"{_ordinal(count)} {anchor}"


def _broken_cell_name(cell, cells):
    """A cell whose nbgrader metadata is broken: by its grade id if one can be read, else by what precedes it."""
    metadata = cell.get("metadata")
    meta = metadata.get("nbgrader") if isinstance(metadata, dict) else None
    grade_id = meta.get("grade_id") if isinstance(meta, dict) else None
    if isinstance(grade_id, str) and grade_id:
        return f"cell {grade_id}"
    label = _cell_name(cells, len(cells))
    if cell.get("cell_type") == "code":
        return f"cell {label}"
    # the count of `_cell_name` is of code cells: a markdown cell is named by its anchor alone
    anchor = label.split(" ", 1)[1] if label[:1].isdigit() else label
    return f"{cell.get('cell_type', 'unknown')} cell {anchor}"


def _ordinal(n):
    return f"{n}{'th' if 10 <= n % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}"


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
        flag(messages.text("note_type_changed", grade_id=grade_id, old=original.get("cell_type"), new=cell.get("cell_type")))
    changed = [key for key in TRACKED_KEYS
               if _norm_meta(key, meta.get(key)) != _norm_meta(key, source_meta.get(key))]
    if changed:
        flag(messages.text("note_metadata_changed", grade_id=grade_id, keys=", ".join(changed)))
    repaired = _from_source(original)
    if source_meta.get("solution"):
        repaired["source"] = _source(cell)  # the student's answer, in the source's cell type
    elif not same_text(_source(cell), _source(original)):
        flag(messages.text("note_test_edited" if is_test(original) else "note_locked_edited", grade_id=grade_id))
    return repaired


def _norm_meta(key, value):
    if key == "points":
        try:
            return float(value or 0)
        except (TypeError, ValueError):
            return value
    return bool(value)
