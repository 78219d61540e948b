"""Benchmark of every control of every lecture notebook: time from a value change to the redrawn figure.

Each notebook that builds a `LivePlot` or a `TrainingPlayer` runs in a kernel started the way
`make lab` starts them (the environment of the Makefile's `ONE_THREAD`), top to bottom; then a
driver cell moves every control of every explorer through its range (both ends, two points
between, a second visit of the starting value; every option of a dropdown) and records, kernel
side, the seconds from the value change to the first frame of the new figure, and to the end
of the run.  The budget is 150 ms median and 500 ms worst per control.

Usage: python bench/bench_sliders.py [--quick] [--json FILE] [notebook ...]
"""

import argparse
import json
import os
import pathlib
import platform
import statistics
import sys
import time

import nbformat
from nbclient import NotebookClient

ROOT = pathlib.Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
ONE_THREAD = {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}  # as `make lab`
MEDIAN_BUDGET, WORST_BUDGET = 0.150, 0.500
MARK = "__BENCH_SLIDERS__"

DRIVER = """
def __bench(quick):
    import json, time
    import numpy as np
    from helpers.widgets import LivePlot, TrainingPlayer
    import ipywidgets as widgets

    def positions(control):
        if isinstance(control, widgets.Dropdown):
            return [v for _, v in control.options] if control.options and isinstance(control.options[0], tuple) \\
                else list(control.options)
        if isinstance(control, widgets.Text):
            return ["3, 4, 1", "2, 8, 8, 8, 1", control.value]
        if isinstance(control, widgets.FloatLogSlider):
            lo, hi = control.min, control.max
            exps = [hi, lo, lo + (hi - lo) / 4, lo + 3 * (hi - lo) / 4]
            return [control.base ** e for e in (exps[:2] if quick else exps)] + [control.value]
        lo, hi = control.min, control.max
        points = [hi, lo, lo + (hi - lo) / 4, lo + 3 * (hi - lo) / 4]
        if isinstance(control, widgets.IntSlider):
            points = [int(round(p)) for p in points]
        return (points[:2] if quick else points) + [control.value]

    results = []
    explorers = [(name, obj) for name, obj in globals().items()
                 if isinstance(obj, (LivePlot, TrainingPlayer)) and not name.startswith("_")]
    for name, explorer in explorers:
        explorer.wait()
        for control_name, control in explorer.controls.items():
            start_value = control.value
            for value in positions(control):
                if value == control.value:
                    continue  # no change, nothing to redraw
                before = len(explorer.latencies)
                t0 = time.perf_counter()
                control.value = value
                deadline = t0 + 120
                while len(explorer.latencies) == before and time.perf_counter() < deadline:
                    thread = explorer._runner._thread
                    if thread is not None and not thread.is_alive():
                        break
                    time.sleep(0.002)
                if isinstance(explorer, TrainingPlayer):
                    explorer.pause()
                explorer.wait(300)
                total = time.perf_counter() - t0
                got = len(explorer.latencies) > before
                latency = explorer.latencies[-1] if got else None
                cpu = explorer.cpu_latencies[-1] if got else None
                results.append({"explorer": name, "control": control_name, "value": repr(value),
                                "first_frame": latency, "cpu": cpu, "total": total,
                                "error": None if explorer.error is None else str(explorer.error)})
            control.value = start_value
            if isinstance(explorer, TrainingPlayer):
                explorer.pause()
            explorer.wait(300)
    print("MARK" + json.dumps(results))

__bench(QUICK)
"""


def explorer_notebooks():
    found = []
    for path in sorted(NOTEBOOKS.rglob("*.ipynb")):
        if ".ipynb_checkpoints" in path.parts:
            continue
        text = path.read_text()
        if "LivePlot(" in text or "TrainingPlayer(" in text or "network_player(" in text:
            found.append(path)
    return found


def bench_notebook(path, quick):
    os.environ.update(ONE_THREAD)  # the kernel inherits it, as from `make lab`
    nb = nbformat.read(path, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell(DRIVER.replace("MARK", MARK).replace("QUICK", str(quick))))
    client = NotebookClient(nb, timeout=1200, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}})
    client.execute()
    text = "".join(o.get("text", "") for o in nb.cells[-1].outputs if o.get("output_type") == "stream")
    return json.loads(text.split(MARK, 1)[1])


def summarize(path, rows):
    by_control = {}
    for row in rows:
        by_control.setdefault((row["explorer"], row["control"]), []).append(row)
    lines = []
    for (explorer, control), moves in by_control.items():
        frames = [m["first_frame"] for m in moves if m["first_frame"] is not None]
        errors = [m["error"] for m in moves if m["error"]]
        if not frames:
            lines.append((path, explorer, control, None, None, None, len(moves), errors, None, None))
            continue
        median, worst = statistics.median(frames), max(frames)
        cpus = [m["cpu"] for m in moves if m["cpu"] is not None]
        finish = statistics.median(m["total"] for m in moves)
        lines.append((path, explorer, control, median, worst, finish, len(moves), errors,
                      statistics.median(cpus), max(cpus)))
    return lines


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="only the two ends of each range")
    parser.add_argument("--json", help="also write every measurement to this file")
    parser.add_argument("notebooks", nargs="*", help="paths (default: every notebook with an explorer)")
    args = parser.parse_args(argv)
    paths = [pathlib.Path(p).resolve() for p in args.notebooks] or explorer_notebooks()
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"# {platform.machine()}, {os.cpu_count()} cores, load average {load:.1f} at the start; "
          f"budget: first frame {MEDIAN_BUDGET * 1000:.0f} ms median, {WORST_BUDGET * 1000:.0f} ms worst")
    print("| notebook | explorer.control | moves | median ms | worst ms | median/budget "
          "| CPU median ms | CPU worst ms | to the end, median ms | meets (wall) | meets (CPU) |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    everything, failures = [], 0
    for path in paths:
        rows = bench_notebook(path, args.quick)
        everything += [{"notebook": str(path.relative_to(NOTEBOOKS)), **row} for row in rows]
        for _, explorer, control, median, worst, finish, moves, errors, cpu, cpu_worst in summarize(path, rows):
            name = path.relative_to(NOTEBOOKS).as_posix()
            if median is None:
                failures += 1
                print(f"| {name} | {explorer}.{control} | {moves} | - | - | - | - | - | - | no frame {errors[:1]} | |")
                continue
            ok = median <= MEDIAN_BUDGET and worst <= WORST_BUDGET and not errors
            cpu_ok = cpu <= MEDIAN_BUDGET and cpu_worst <= WORST_BUDGET and not errors
            failures += not ok
            print(f"| {name} | {explorer}.{control} | {moves} | {median * 1000:.0f} | {worst * 1000:.0f} | "
                  f"{median / MEDIAN_BUDGET:.2f} | {cpu * 1000:.0f} | {cpu_worst * 1000:.0f} | {finish * 1000:.0f} | "
                  f"{'yes' if ok else 'NO'}{' ' + errors[0] if errors else ''} | {'yes' if cpu_ok else 'NO'} |",
                  flush=True)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"# load average {load:.1f} at the end; controls over budget (wall clock): {failures}")
    if args.json:
        pathlib.Path(args.json).write_text(json.dumps(everything, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
