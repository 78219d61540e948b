"""Grading on a real local Dask cluster (`autograder/backends/dask.py`, ``autograde --scheduler``).

A scheduler and two worker processes on 127.0.0.1 grade the fixture class;
the grades must be those of ``--workers 1``, broken submissions keep their
status, and a task that fails on a worker comes back as "crashed".
"""

import csv
import logging
import os
import pathlib
import shutil

import pytest

dask_distributed = pytest.importorskip("dask.distributed", reason="dask.distributed is not installed")

from autograder import backends, cli  # noqa: E402
from autograder.backends import dask as dask_backend  # noqa: E402
from autograder.engine import Limits  # noqa: E402
from grading_fixtures import fixture as fx  # noqa: E402

FAST = ["--cell-timeout", "10", "--notebook-timeout", "60"]
EXPECTED = {  # student: (status, score)
    "bob": ("graded", 8), "carol": ("graded", 5), "dave": ("tampered", 8),
    "erin": ("invalid_notebook", 0), "frank": ("missing", 0), "hank": ("crashed", 3),
}


def run(course, *args):
    return cli.main(["--course", str(course), *args])


def read_csv(course):
    with open(course / "exports" / f"{fx.ASSIGNMENT}.csv") as handle:
        return {row["student"]: row for row in csv.DictReader(handle)}


@pytest.fixture(scope="module")
def scheduler():
    """The address of a local scheduler with 2 single-threaded worker processes."""
    fx.register_reference()
    old = os.environ.get("AUTOGRADER_REFERENCES")
    # the workers are new processes: they find the fixture's reference module through the environment
    os.environ["AUTOGRADER_REFERENCES"] = str(fx.FIXTURES)
    try:
        with dask_distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                           scheduler_port=0, dashboard_address=None, memory_limit=0,
                                           silence_logs=logging.ERROR) as cluster:
            yield cluster.scheduler_address
    finally:
        if old is None:
            os.environ.pop("AUTOGRADER_REFERENCES", None)
        else:
            os.environ["AUTOGRADER_REFERENCES"] = old


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    """The fixture released to six students: right, wrong, tampered, invalid JSON, never submitted, os._exit."""
    fx.register_reference()
    base = tmp_path_factory.mktemp("dask")
    assignments, course = base / "assignments", base / "course"
    fx.write_source(assignments)
    assert run(course, "init") == 0
    assert run(course, "release", fx.ASSIGNMENT, "--assignments", str(assignments)) == 0
    folder = course / "submitted"
    fx.write(fx.submission(), folder / "bob" / fx.ASSIGNMENT / fx.NOTEBOOK)
    fx.write(fx.submission({"double": "def double(x):\n    return 3 * x"}), folder / "carol" / fx.ASSIGNMENT / fx.NOTEBOOK)
    deleted = fx.submission()
    deleted.cells = [c for c in deleted.cells if c.metadata.get("nbgrader", {}).get("grade_id") != "sigmoid_hidden"]
    fx.write(deleted, folder / "dave" / fx.ASSIGNMENT / fx.NOTEBOOK)
    (folder / "erin" / fx.ASSIGNMENT).mkdir(parents=True)
    (folder / "erin" / fx.ASSIGNMENT / fx.NOTEBOOK).write_text("{not json")
    # the sandboxed child dies after double's tests (3 points): only hank's grading is cut short
    fx.write(fx.submission(extra=[("double_hidden", "import os\nos._exit(0)")]), folder / "hank" / fx.ASSIGNMENT / fx.NOTEBOOK)
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
        gradebook.update_or_create_student("frank")  # enrolled, never submitted
    return course


def test_the_cluster_grades_like_one_local_worker(course, scheduler, tmp_path, capsys):
    local, remote = tmp_path / "local", tmp_path / "remote"
    shutil.copytree(course, local)
    shutil.copytree(course, remote)
    # each copy grades into its own gradebook: the configuration's paths are relative to it
    assert run(local, "autograde", fx.ASSIGNMENT, "--workers", "1", *FAST) == 3
    capsys.readouterr()
    assert run(remote, "autograde", fx.ASSIGNMENT, "--scheduler", scheduler, *FAST) == 3  # not everyone got a grade
    out = capsys.readouterr().out
    assert "6 students" in out and "1 crashed" in out
    rows = read_csv(remote)
    assert {s: (r["status"], float(r["score"])) for s, r in rows.items()} == EXPECTED
    assert rows == read_csv(local)  # every test's points, flags included
    assert rows["dave"]["flags"] == "tampered: test cell sigmoid_hidden was deleted (restored)"
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{remote / 'gradebook.db'}") as gradebook:
        assert gradebook.find_submission(fx.ASSIGNMENT, "bob").score == 8
        assert gradebook.find_grade("double_hidden", "fixture", fx.ASSIGNMENT, "carol").score == 0
    # resume trusts the checksums the workers computed from the bytes they received
    assert run(remote, "autograde", fx.ASSIGNMENT, "--scheduler", scheduler, "--resume", *FAST) == 3
    assert "(3 unchanged, kept)" in capsys.readouterr().out  # bob, carol, dave
    assert read_csv(remote) == rows


def test_each_worker_reuses_one_sandbox(course, scheduler):
    with dask_distributed.Client(scheduler, set_as_default=False) as client:
        states = client.run(dask_backend.worker_state)
    slots = [state["idle_slots"] for worker in states.values() for state in worker]
    assert len(states) == 2 and 1 <= sum(slots) <= 2  # one per single-threaded worker, not one per submission
    assert all(starts == [1] for worker in states.values() for state in worker
               for starts in [state["zygote_starts"]] if starts)


def test_a_task_that_fails_on_a_worker_is_crashed_not_lost(course, scheduler, tmp_path):
    limits = Limits(cell_timeout=10, call_timeout=10, notebook_timeout=60)
    graders = backends.graders_for(cli.course_module.Course(course), fx.ASSIGNMENT, limits)
    try:
        good = dask_backend.assignment_spec(graders[fx.NOTEBOOK])
    finally:
        for grader in graders.values():
            grader.close()
    broken = dict(good, assignment="98-no-such-reference")  # the worker cannot import its reference
    bob = course / "submitted" / "bob" / fx.ASSIGNMENT / fx.NOTEBOOK
    specs = {"good.ipynb": good, "broken.ipynb": broken}
    jobs = [("bob", "good.ipynb", bob), ("bob", "broken.ipynb", bob), ("nobody", "good.ipynb", None)]
    results = {(key, name): result for key, name, result in dask_backend.grade_all_dask(specs, jobs, scheduler)}
    assert len(results) == 3
    assert (results["bob", "good.ipynb"].status, results["bob", "good.ipynb"].score) == ("graded", 8)
    failed = results["bob", "broken.ipynb"]
    assert (failed.status, failed.score, failed.max_score) == ("crashed", 0, 8)
    assert "98-no-such-reference" in failed.detail and all(t.points == 0 for t in failed.tests)
    assert results["nobody", "good.ipynb"].status == "missing"


def test_the_readme_one_machine_recipe_listens_on_loopback_only():
    """Every process of the README's one-machine Dask recipe binds to 127.0.0.1, dashboards included."""
    readme = (pathlib.Path(__file__).resolve().parent.parent / "README.md").read_text()
    block = readme.split("To try this on one machine", 1)[1].split("**Warning:**", 1)[0]
    commands = [line.strip() for line in block.splitlines() if "bin/dask " in line]
    scheduler = next(c for c in commands if "dask scheduler" in c)
    workers = [c for c in commands if "dask worker" in c]
    assert "--host 127.0.0.1" in scheduler and "--dashboard-address 127.0.0.1:" in scheduler
    assert workers and all("--host 127.0.0.1" in w and ("--no-dashboard" in w or "--dashboard-address 127.0.0.1"
                                                          in w) for w in workers)
