"""Run a notebook headless and read back its variables, for tests.

`run_notebook(path)` executes every cell with nbclient (as a student would, top
to bottom), then runs `after` (extra code, e.g. moving a slider) in the same
kernel, and finally collects the notebook's global variables that are plain
data (numbers, strings, small arrays, lists/dicts of those) as `values`.
Results are cached per (path, after), so several tests share one execution.
"""

import json
import pathlib
import time

import nbformat
from nbclient import NotebookClient

ROOT = pathlib.Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
TIMINGS = ROOT / "tests" / ".notebook_timings.json"

_MARK = "__NBTOOLS_VALUES__"
_COLLECT = f"""
def __nbtools_collect():
    import json, numbers
    import numpy as np

    def convert(v, depth=0):
        if depth > 4:
            raise TypeError
        if v is None:
            return None
        if isinstance(v, (bool, np.bool_)):
            return bool(v)
        if isinstance(v, numbers.Integral):
            return int(v)
        if isinstance(v, numbers.Real):
            return float(v)
        if isinstance(v, str):
            return v
        if isinstance(v, np.ndarray):
            if v.size > 20000 or v.dtype.kind not in "biuf":
                raise TypeError
            return {{"__ndarray__": v.tolist(), "shape": list(v.shape)}}
        if isinstance(v, (list, tuple)):
            return [convert(x, depth + 1) for x in v]
        if isinstance(v, dict):
            return {{str(k): convert(x, depth + 1) for k, x in v.items()}}
        raise TypeError

    out = {{}}
    for name, value in list(globals().items()):
        if name.startswith("_"):
            continue
        try:
            out[name] = convert(value)
        except Exception:
            pass
    print("{_MARK}" + json.dumps(out, allow_nan=True))

__nbtools_collect()
"""


class Executed:
    """An executed notebook: `values` (variables by name), `seconds`, `nb` (with outputs)."""

    def __init__(self, nb, values, seconds, path=None):
        self.nb, self.values, self.seconds, self.path = nb, values, seconds, path

    def localized(self, value):
        """`value` (a string, or lists/tuples/dicts of them) as this notebook's edition writes it.

        For the English edition `value` itself; for a translation, each English string the
        notebook's code translates is replaced by its translation (from i18n/<lang>/...po), so
        one assertion on a label or a dict key serves both editions.
        """
        if self.path is None or ROOT / "notebooks" in self.path.parents:
            return value
        import sys

        if str(ROOT) not in sys.path:
            sys.path.insert(0, str(ROOT))
        from i18n.build import string_map

        edition = self.path.relative_to(ROOT).parts[0]
        mapping = string_map(ROOT / self.path.relative_to(ROOT / edition))

        def convert(v):
            if isinstance(v, str):
                return mapping.get(v, v)
            if isinstance(v, (list, tuple)):
                return type(v)(convert(x) for x in v)
            if isinstance(v, dict):
                return {convert(k): convert(x) for k, x in v.items()}
            return v

        return convert(value)

    def slowest_cells(self, k=3):
        """[(seconds, cell index, first line)] of the `k` slowest code cells (nbclient's timing metadata)."""
        from datetime import datetime

        timed = []
        for index, cell in enumerate(self.nb.cells):
            execution = cell.get("metadata", {}).get("execution", {})
            start, end = execution.get("iopub.execute_input"), execution.get("shell.execute_reply")
            if start and end:
                seconds = (datetime.fromisoformat(end.rstrip("Z")) - datetime.fromisoformat(start.rstrip("Z"))).total_seconds()
                timed.append((round(seconds, 2), index, cell.source.split("\n", 1)[0][:60]))
        return sorted(timed, reverse=True)[:k]

    def __getitem__(self, name):
        try:
            return self.values[name]
        except KeyError:
            raise KeyError(f"the notebook defines no plain-data variable {name!r}") from None

    def array(self, name):
        """A variable that was an ndarray, as an ndarray again."""
        import numpy as np

        v = self[name]
        return np.array(v["__ndarray__"]).reshape(v["shape"])

    def outputs_text(self):
        """All text output of all cells, joined (for checking printed messages)."""
        parts = []
        for cell in self.nb.cells:
            for out in cell.get("outputs", []):
                if out.get("output_type") == "stream":
                    parts.append(out.get("text", ""))
                elif "data" in out and "text/plain" in out["data"]:
                    parts.append(out["data"]["text/plain"])
        return "\n".join(parts)

    def cell_source(self, cell_id):
        """The source of the cell with id `cell_id` (markdown or code)."""
        for cell in self.nb.cells:
            if cell.get("id") == cell_id:
                return cell.source
        raise KeyError(f"the notebook has no cell with id {cell_id!r}")

    def answer(self, cell_id):
        """The text of the collapsed ``<details>`` answer block in the cell `cell_id`."""
        source = self.cell_source(cell_id)
        start, end = source.find("<details>"), source.find("</details>")
        if start < 0 or end < start:
            raise AssertionError(f"cell {cell_id!r} has no <details> answer block")
        return source[start:end]

    def images(self):
        """How many PNG images the notebook displayed."""
        return sum("image/png" in out.get("data", {}) for c in self.nb.cells for out in c.get("outputs", []))


_cache = {}


def run_notebook(path, after="", timeout=120):
    """Execute the notebook at `path` (relative to notebooks/ or absolute); see the module doc."""
    path = edition_path(path)
    key = (str(path), after)
    if key in _cache:
        return _cache[key]
    nb = nbformat.read(path, as_version=4)
    n_cells = len(nb.cells)
    if after:
        nb.cells.append(nbformat.v4.new_code_cell(after))
    nb.cells.append(nbformat.v4.new_code_cell(_COLLECT))
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}})
    start = time.perf_counter()
    client.execute()
    seconds = time.perf_counter() - start
    text = "".join(o.get("text", "") for o in nb.cells[-1].outputs if o.get("output_type") == "stream")
    values = json.loads(text.split(_MARK, 1)[1])
    nb.cells = nb.cells[:n_cells]
    if not after:
        _record_time(path, seconds)
    result = _cache[key] = Executed(nb, values, seconds, path)
    if EDITION != "en":
        _assert_no_missing_glyphs(result, path)
    return result


# -- editions: the same tests run the translated notebooks (zh/notebooks/..., built by i18n/build.py) --
EDITIONS = ("en", "zh")
EDITION = "en"  # set per test by the `notebook_edition` fixture in conftest.py


def edition_path(path, edition=None):
    """The notebook `path` (relative to notebooks/ or absolute) in `edition` (default: the current one).

    A zh test of a notebook that has no zh edition yet is skipped; `tests/test_i18n.py` fails for it.
    """
    edition = edition or EDITION
    path = pathlib.Path(path)
    if not path.is_absolute():
        path = NOTEBOOKS / path
    if edition == "en" or edition in path.relative_to(ROOT).parts[:1]:
        return path
    twin = ROOT / edition / path.relative_to(ROOT)
    if not twin.exists():
        import pytest

        pytest.skip(f"no {edition} edition of {path.relative_to(ROOT)} yet (python i18n/build.py build)")
    return twin


def _assert_no_missing_glyphs(result, path):
    """A translated notebook's figures must draw every character (no empty boxes)."""
    missing = [line for line in result.outputs_text().splitlines() + _stderr_lines(result.nb)
               if "missing from font" in line or "does not have a glyph" in line or "findfont:" in line]
    assert not missing, f"{path.relative_to(ROOT)}: figures miss glyphs: {missing[:3]}"


def _stderr_lines(nb):
    return [line for cell in nb.cells for out in cell.get("outputs", [])
            if out.get("output_type") == "stream" and out.get("name") == "stderr"
            for line in out.get("text", "").splitlines()]


def _record_time(path, seconds):
    try:
        timings = json.loads(TIMINGS.read_text())
    except (OSError, ValueError):
        timings = {}
    timings[str(path.relative_to(ROOT))] = round(seconds, 2)
    TIMINGS.write_text(json.dumps(dict(sorted(timings.items())), indent=1) + "\n")


def all_notebooks():
    """Every lecture notebook, in course order."""
    return sorted(p for p in NOTEBOOKS.rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)


def assert_states(text, *numbers):
    """Each of `numbers` (already formatted as the text writes it) appears in `text`."""
    missing = [n for n in numbers if n not in text]
    assert not missing, f"the answer text does not state {missing}; it says: {text[:300]}..."
