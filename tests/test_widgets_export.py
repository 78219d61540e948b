"""Every interactive figure of the lecture notebooks leaves an ordinary image of its first drawing.

Exports (nbconvert's HTML, a repository's preview) cannot run widgets; the explorers' display
data carries a PNG next to the widget view, and nbconvert falls back to it when the notebook has
no saved widget state.
"""

import copy
import re

import pytest
from nbconvert import HTMLExporter

from nbtools import NOTEBOOKS, run_notebook

EXPLORER = re.compile(r"\b(LivePlot|TrainingPlayer|network_player)\(")
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def explorer_notebooks():
    return sorted(p.relative_to(NOTEBOOKS).as_posix() for p in NOTEBOOKS.rglob("*.ipynb")
                  if ".ipynb_checkpoints" not in p.parts and EXPLORER.search(p.read_text()))


@pytest.mark.parametrize("path", explorer_notebooks())
def test_every_explorer_cell_shows_a_png_in_exports(path):
    nb = run_notebook(path).nb
    cells = [c for c in nb.cells if c.cell_type == "code" and EXPLORER.search(c.source)
             and c.source.rstrip().split("\n")[-1].strip().isidentifier()]  # the cells that display one
    assert cells, f"{path}: no cell displays an explorer"
    for cell in cells:
        bundles = [o["data"] for o in cell.outputs if "data" in o and WIDGET_VIEW in o["data"]]
        assert bundles and all("image/png" in b for b in bundles), f"{path} cell {cell.id}: no image/png"
        assert not [o for o in cell.outputs if o.get("output_type") in ("error", "stream")], cell.id
    exported = copy.deepcopy(nb)
    exported.metadata.pop("widgets", None)  # as a notebook saved without widget state
    html, _ = HTMLExporter().from_notebook_node(exported)
    assert html.count("data:image/png;base64") >= len(cells)
