"""Every lecture notebook: committed clean, runs top to bottom headless in under 10 s."""

import json

import pytest

from nbtools import ROOT, all_notebooks, run_notebook

NOTEBOOKS = all_notebooks()
IDS = [str(p.relative_to(ROOT / "notebooks")) for p in NOTEBOOKS]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_committed_without_outputs(path):
    nb = json.loads(path.read_text())
    dirty = [i for i, c in enumerate(nb["cells"])
             if c["cell_type"] == "code" and (c.get("outputs") or c.get("execution_count"))]
    assert not dirty, f"{path.name}: cells {dirty} have outputs; clear them before committing"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_runs_headless_under_10_seconds(path):
    result = run_notebook(path)
    assert result.images() >= 1, f"{path.name} draws no figure"
    assert result.seconds < 10, f"{path.name} took {result.seconds:.1f} s to run (limit 10 s)"
