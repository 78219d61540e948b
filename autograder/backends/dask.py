"""Grade a class on a Dask cluster: the same contract as `local.grade_all`, the sandboxes on other machines.

    for key, name, result in grade_all_dask(graders, jobs, "tcp://scheduler:8786"):
        ...  # the single writer, in this process

Each Dask worker needs this repository installed (the engine, the reference
modules, `helpers`) and, for the sandbox, bubblewrap; it never needs the
course directory.  What travels to it is plain data: the assignment's spec
(its id, the source notebook's bytes and checksum, the limits), sent once
per worker, and per job the submission folder's files as bytes.  What comes
back is a `NotebookResult` as a dict.

On the worker, `grade_remote` keeps one `AssignmentGrader` per (assignment,
source checksum, limits) and a few idle `sandbox.Slot`s for it (one per
thread that grades at once), created on first use and reused, so a worker
pays the sandbox's start-up once per assignment, not once per submission.

A job whose task fails (the worker process died three times, the worker
could not import the reference, ...) comes back as a "crashed" result for
that notebook: no job is ever lost.
"""

import atexit
import dataclasses
import hashlib
import os
import pathlib
import shutil
import tempfile
import threading
import uuid

from ..engine import AssignmentGrader, Limits, NotebookResult, TestResult

CONNECT_TIMEOUT = "60s"


# -- the client's side: runs in the process that writes the gradebook ------------------------------

def assignment_spec(grader):
    """What a worker needs to grade one notebook of an assignment, as plain data (from an `AssignmentGrader`)."""
    source = grader.source_path.read_bytes()
    return {"assignment": grader.assignment, "notebook": grader.source_path.name, "source": source,
            "checksum": hashlib.sha256(source).hexdigest(), "limits": dataclasses.asdict(grader.limits),
            "max_points": dict(grader.max_points)}


def submission_files(path, max_bytes=256 << 20):
    """``{file name: bytes}``: the notebook `path` and the other files of its folder below `max_bytes`
    (what the local engine copies into the sandbox); None when the notebook does not exist."""
    if path is None or not pathlib.Path(path).is_file():
        return None
    path = pathlib.Path(path)
    files = {path.name: path.read_bytes()}
    for other in sorted(path.parent.iterdir()):
        try:
            if other != path and other.is_file() and other.stat().st_size < max_bytes:
                files[other.name] = other.read_bytes()
        except OSError:  # an unreadable extra file is left out
            continue
    return files


def grade_all_dask(graders_or_spec, jobs, scheduler_address):
    """Grade `jobs` on the Dask cluster at `scheduler_address`; yield ``(key, notebook_name, NotebookResult)``.

    Parameters
    ----------
    graders_or_spec : dict {notebook_name: AssignmentGrader or `assignment_spec` dict}
    jobs : list of (key, notebook_name, path or None)
    scheduler_address : str ("tcp://host:8786") or a `distributed.Client`

    A job whose task fails on the cluster is yielded as a "crashed" result.
    """
    from dask.distributed import Client, as_completed

    specs = {name: g if isinstance(g, dict) else assignment_spec(g) for name, g in graders_or_spec.items()}
    jobs = list(jobs)
    if not jobs:
        return
    own_client = not isinstance(scheduler_address, Client)
    if own_client:
        try:
            client = Client(scheduler_address, timeout=CONNECT_TIMEOUT, set_as_default=False)
        except (OSError, TimeoutError) as error:
            raise SystemExit(f"autograde: cannot reach the Dask scheduler at {scheduler_address}: {error}")
    else:
        client = scheduler_address
    futures, unreadable = {}, []
    try:
        # each spec (the source notebook's bytes) travels once per worker, not once per job
        shipped = {name: client.scatter([spec], broadcast=True, hash=False)[0] for name, spec in specs.items()}
        run = uuid.uuid4().hex[:8]
        for number, (key, name, path) in enumerate(jobs):
            try:
                files = submission_files(path, specs[name]["limits"]["scratch_mb"] << 20)
            except OSError as error:
                # as the local engine says of a notebook it cannot read
                unreadable.append((key, name, crashed(specs[name], f"cannot read the file: {error}",
                                                      "invalid_notebook")))
                continue
            future = client.submit(grade_remote, shipped[name], files, path and pathlib.Path(path).name,
                                   key=f"autograde-{specs[name]['assignment']}-{run}-{number}", pure=False)
            futures[future] = (key, name)
        yield from unreadable
        for future in as_completed(list(futures), loop=client.loop):
            key, name = futures.pop(future)
            try:
                result = NotebookResult.from_dict(future.result())
            except Exception as error:  # never lose a job: the writer gets a status for it
                result = crashed(specs[name], f"the grading worker failed: {type(error).__name__}: {error}")
            future.release()
            yield key, name, result
    finally:
        for future in futures:
            future.cancel()
        if own_client:
            client.close()


def crashed(spec, detail, status="crashed"):
    """A "crashed" (or `status`) `NotebookResult` with every test of `spec` at 0 points."""
    tests = [TestResult(grade_id, 0.0, points, False, f"not graded: {detail}")
             for grade_id, points in spec["max_points"].items()]
    return NotebookResult(status, [], tests, 0.0, sum(spec["max_points"].values()), 0.0, detail)


# -- the worker's side: runs in each Dask worker process ----------------------------------------------

class _Station:
    """One assignment notebook on this worker: its grader and the idle sandbox slots for it."""

    def __init__(self, spec):
        _add_reference_paths()
        self.folder = pathlib.Path(tempfile.mkdtemp(prefix="autograder-dask-"))
        source = self.folder / pathlib.PurePath(spec["notebook"]).name
        source.write_bytes(spec["source"])
        try:
            self.grader = AssignmentGrader(source, spec["assignment"], Limits(**spec["limits"]))
        except BaseException:  # e.g. the reference module is not installed on this worker
            shutil.rmtree(self.folder, ignore_errors=True)
            raise
        self.idle = []
        self.lock = threading.Lock()

    def take(self):
        with self.lock:
            if self.idle:
                return self.idle.pop()
        limits = self.grader.limits
        from ..sandbox import Slot

        return Slot(self.grader.runtime, limits.sandbox_limits(), limits.sandbox)

    def give(self, slot):
        with self.lock:
            self.idle.append(slot)

    def close(self):
        with self.lock:
            slots, self.idle = self.idle, []
        for slot in slots:
            slot.close()
        self.grader.close()
        shutil.rmtree(self.folder, ignore_errors=True)


_STATIONS = {}
_STATIONS_LOCK = threading.Lock()


def _station(spec):
    key = (spec["assignment"], spec["notebook"], spec["checksum"], tuple(sorted(spec["limits"].items())))
    with _STATIONS_LOCK:
        station = _STATIONS.get(key)
        if station is None:
            station = _STATIONS[key] = _Station(spec)
        return station


def _add_reference_paths():
    """Honour AUTOGRADER_REFERENCES on the worker too (extra folders of reference modules)."""
    import autograder.references

    for path in filter(None, os.environ.get("AUTOGRADER_REFERENCES", "").split(os.pathsep)):
        path = str(pathlib.Path(path).resolve())
        if path not in autograder.references.__path__:
            autograder.references.__path__.append(path)


def grade_remote(spec, files, notebook_file):
    """Grade one submission on this worker; return the `NotebookResult` as a dict.

    `files` is `submission_files` (None: no submission), `notebook_file` the notebook's name among them.
    """
    station = _station(spec)
    if files is None:
        return station.grader.grade(None).to_dict()
    with tempfile.TemporaryDirectory(prefix="autograder-submission-") as folder:
        for name, data in files.items():
            (pathlib.Path(folder) / pathlib.PurePath(name).name).write_bytes(data)
        slot = station.take()
        try:
            result = station.grader.grade(pathlib.Path(folder) / pathlib.PurePath(notebook_file).name, slot)
        except BaseException:
            slot.close()  # a slot in an unknown state is not reused
            raise
        station.give(slot)
    return result.to_dict()


@atexit.register
def close_stations():
    """Stop this worker's sandboxes and remove its temporary folders."""
    with _STATIONS_LOCK:
        stations = list(_STATIONS.values())
        _STATIONS.clear()
    for station in stations:
        try:
            station.close()
        except Exception:
            pass


def worker_state():
    """This worker's graders and sandboxes (for `client.run(worker_state)`): a list of dicts."""
    with _STATIONS_LOCK:
        stations = dict(_STATIONS)
    return [{"assignment": key[0], "notebook": key[1], "idle_slots": len(s.idle),
             "zygote_starts": [slot.starts for slot in s.idle]} for key, s in stations.items()]
