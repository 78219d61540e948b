"""bench/bench_sliders.py drives every control of a notebook and reports each one's latency."""

import json
import pathlib
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent


def test_bench_moves_every_control_and_reports_it(tmp_path):
    notebook = ROOT / "notebooks" / "week2" / "02-17-jupyter-tour.ipynb"
    out = subprocess.run([sys.executable, str(ROOT / "bench" / "bench_sliders.py"), "--quick",
                          "--json", str(tmp_path / "moves.json"), str(notebook)],
                         capture_output=True, text=True, timeout=600, cwd=ROOT)
    assert out.returncode == 0, out.stderr[-2000:]
    rows = [line for line in out.stdout.splitlines() if line.startswith("| week2/02-17")]
    assert [row.split("|")[2].strip() for row in rows] == ["live.w", "live.b"]
    moves = json.loads((tmp_path / "moves.json").read_text())
    # both ends of each slider, then back to the start; each got a frame, measured in seconds
    assert len(moves) == 6 and all(m["first_frame"] is not None and 0 < m["first_frame"] < 60 for m in moves)
    assert all(m["error"] is None and 0 < m["cpu"] <= m["total"] + 1 for m in moves)
