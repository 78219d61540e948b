"""The whole course, headless: every lecture notebook executed top to bottom, timed.

Each notebook runs in a fresh kernel with nbclient, as `make lab`'s kernels run (one BLAS
thread), kernel start included. The playground is not a lecture and is left out.

    python bench/bench_course.py              # one notebook after another
    python bench/bench_course.py --jobs 2     # two kernels at a time (this machine has 2 cores)
    python bench/bench_course.py --edition zh # the Chinese edition

Prints one row per notebook (seconds) and the wall time of the whole run.
"""

import argparse
import os
import pathlib
import sys
import time
from concurrent.futures import ThreadPoolExecutor

ROOT = pathlib.Path(__file__).resolve().parents[1]
ONE_THREAD = {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}


def lecture_notebooks(edition):
    base = ROOT / ("notebooks" if edition == "en" else "zh/notebooks")
    return sorted(p for folder in ("week1", "week2", "week3", "week4", "calculus")
                  for p in (base / folder).glob("*.ipynb"))


def run(path):
    import nbformat
    from nbclient import NotebookClient
    from traitlets.config import Config

    nb = nbformat.read(path, as_version=4)
    # encrypted kernel channels, as demo/build_html.py: no "running over TCP without encryption" on stderr
    secure = Config({"KernelManager": {"transport_encryption": "auto"}})
    start = time.perf_counter()
    NotebookClient(nb, kernel_name="python3", timeout=300, config=secure,
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    return time.perf_counter() - start


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--jobs", type=int, default=1, help="kernels running at once (default 1)")
    parser.add_argument("--edition", choices=("en", "zh"), default="en")
    args = parser.parse_args(argv)
    if args.jobs < 1:
        parser.error("--jobs must be at least 1")
    os.environ.update(ONE_THREAD)  # the kernels inherit it, as under `make lab`
    paths = lecture_notebooks(args.edition)
    start = time.perf_counter()
    with ThreadPoolExecutor(args.jobs) as pool:
        seconds = list(pool.map(run, paths))
    wall = time.perf_counter() - start
    for path, s in zip(paths, seconds):
        print(f"| `{path.relative_to(ROOT)}` | {s:.1f} |")
    print(f"{len(paths)} notebooks, {args.jobs} at a time: sum {sum(seconds):.1f} s, wall {wall:.1f} s, "
          f"load average {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
