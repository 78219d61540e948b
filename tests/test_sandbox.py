"""The sandbox (`autograder/sandbox.py`): no network, no view of the course, scratch-only writes, no leftovers."""

import os
import pathlib
import socket
import time

import pytest

from autograder import sandbox
from autograder.sandbox import Runtime, SandboxLimits, Slot, WorkerDied
from grading_fixtures import fixture as fx

pytestmark = pytest.mark.skipif(sandbox.bwrap_path() is None, reason="bubblewrap does not work here")


@pytest.fixture(scope="module")
def slot():
    runtime = Runtime(["from helpers.datasets import load_planar_dataset"])
    slot = Slot(runtime, SandboxLimits(memory_mb=300, max_processes=32, scratch_mb=32, max_reply_mb=4))
    slot.start()
    yield slot
    slot.close()
    runtime.close()


def run(slot, *cells, files=(), variable="result"):
    """Run cells in a fresh submission; return the value of `variable` afterwards."""
    session = slot.begin(files)
    try:
        for cell in cells:
            session.request({"cmd": "cell", "source": cell}, timeout=10)
        meta, value = session.request({"cmd": "variable", "name": variable}, timeout=10)
        return value if meta.get("ok") else meta
    finally:
        session.close()


ATTEMPT = """def attempt(action):
    try:
        return repr(action())
    except BaseException as error:
        return type(error).__name__
"""


def test_no_network_even_to_the_loopback(slot):
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    port = server.getsockname()[1]
    try:
        result = run(slot, ATTEMPT, f"import socket\nresult = attempt(lambda: socket.create_connection(('127.0.0.1', {port}), timeout=2))")
        assert result in ("ConnectionRefusedError", "OSError")
        server.settimeout(0.2)
        with pytest.raises(socket.timeout):
            server.accept()
        assert run(slot, ATTEMPT, "import socket\nresult = attempt(lambda: socket.getaddrinfo('example.com', 80))") == "gaierror"
    finally:
        server.close()


def test_course_directory_and_instructor_files_are_invisible(slot, tmp_path):
    course = tmp_path / "course"
    (course / "source" / "a1").mkdir(parents=True)
    (course / "source" / "a1" / "a1.ipynb").write_text("{}")
    (course / "gradebook.db").write_text("grades")
    (course / "submitted" / "bob" / "a1").mkdir(parents=True)
    (course / "submitted" / "bob" / "a1" / "a1.ipynb").write_text("{}")
    references = pathlib.Path(fx.__file__).resolve().parents[2] / "autograder" / "references"
    for path in [course / "gradebook.db", course / "source" / "a1" / "a1.ipynb",
                 course / "submitted" / "bob" / "a1" / "a1.ipynb", references / "__init__.py",
                 pathlib.Path("/root/.bash_history"), pathlib.Path("/etc/shadow")]:
        result = run(slot, ATTEMPT, f"result = attempt(lambda: open({str(path)!r}).read())")
        assert result in ("FileNotFoundError", "PermissionError"), (path, result)
    assert run(slot, ATTEMPT, "result = attempt(lambda: __import__('autograder.references'))") == "ModuleNotFoundError"
    assert run(slot, ATTEMPT, "import autograder.checks\nresult = attempt(lambda: autograder.checks.load_reference)") \
        == "AttributeError"


def test_writes_land_only_in_scratch(slot, tmp_path):
    target = tmp_path / "outside.txt"
    submitted = tmp_path / "mine.ipynb"
    submitted.write_text("{}")
    result = run(slot, ATTEMPT, f"""results = []
for path in [{str(target)!r}, '/usr/evil', '/opt/grader/helpers/x.py', '/inbox/mine.ipynb', 'here.txt', '/tmp/t.txt']:
    results.append(attempt(lambda: open(path, 'w').write('x')))
import os
result = (results, sorted(os.listdir('.')))""", files=[submitted])
    outcomes, listing = result
    # outside the sandbox's scratch: not there at all, or a read-only file system
    assert outcomes == ["FileNotFoundError", "OSError", "OSError", "OSError", "1", "1"]
    assert listing == ["here.txt", "mine.ipynb"]
    assert not target.exists()
    # the next submission starts with empty scratch directories: nothing the last one wrote is left;
    # in /tmp there can only be the mount points of the read-only binds (the venv and the data
    # set folder) when the course itself lives under /tmp
    cwd, tmp = run(slot, "import os\nresult = (sorted(os.listdir('.')), sorted(os.listdir('/tmp')))")
    assert cwd == [] and "t.txt" not in tmp
    import sys

    bound = [pathlib.Path(sys.prefix).resolve(), pathlib.Path(__file__).resolve().parent.parent / "datasets"]
    mount_points = {p.relative_to("/tmp").parts[0] for p in bound if p.is_relative_to("/tmp")}
    assert set(tmp) <= mount_points


def _processes_with(marker):
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                if marker in pathlib.Path(f"/proc/{entry}/cmdline").read_bytes():
                    found.append(int(entry))
            except OSError:
                pass
    return found


def test_every_process_is_gone_afterwards(slot):
    spawn = """import subprocess, os
subprocess.Popen(["sleep", "987.5"], start_new_session=True)
if os.fork() == 0:
    os.setsid()
    if os.fork() == 0:
        os.execvp("sleep", ["sleep", "987.5"])
    os._exit(0)
result = 1"""
    assert run(slot, spawn) == 1
    time.sleep(0.2)
    assert _processes_with(b"987.5") == []


def test_memory_limit(slot):
    session = slot.begin()
    try:
        meta, _ = session.request({"cmd": "cell", "source": "x = bytearray(600 * 1024 * 1024)"}, timeout=10)
        assert meta["ename"] == "MemoryError"
    finally:
        session.close()


def test_process_limit(slot):
    session = slot.begin()
    with pytest.raises(WorkerDied) as died:
        session.request({"cmd": "cell", "source": "import os, time\nfor i in range(100):\n    if os.fork() == 0:\n"
                                                  "        time.sleep(30)\n        os._exit(0)"}, timeout=10)
    assert died.value.kind == "processes"
    session.close()


def test_wall_time_limit_kills_and_the_slot_recovers(slot):
    session = slot.begin()
    started = time.monotonic()
    with pytest.raises(WorkerDied) as died:
        session.request({"cmd": "cell", "source": "while True:\n    pass"}, timeout=1)
    assert died.value.kind == "timeout" and time.monotonic() - started < 5
    session.close()
    assert run(slot, "result = 41 + 1") == 42


def test_unsandboxed_fallback_grades_and_flags(tmp_path):
    grading = fx.Grading(tmp_path, sandbox=False)
    try:
        result = grading.grade(fx.submission())
        assert (result.status, result.score) == ("graded", fx.MAX_SCORE)
        assert "unsandboxed" in result.flags
    finally:
        grading.close()


def test_forbidden_helpers_are_stubs_in_the_sandbox_copy():
    from autograder.sandbox import without_definitions

    source = "import numpy as np\n\n\ndef keep(x):\n    return x\n\n\ndef gradient_descent(p):\n    return p\n\n\nclass DeepNetwork:\n    pass\n"
    stripped = without_definitions(source, {"gradient_descent", "DeepNetwork"})
    namespace = {}
    exec(stripped, namespace)
    assert namespace["keep"](3) == 3
    for name in ("gradient_descent", "DeepNetwork"):
        with pytest.raises(RuntimeError, match=f"{name} is not available while your work is graded"):
            namespace[name]()
    assert without_definitions(source, {"absent"}) == source


def test_a_forbidden_helper_reached_through_importlib_earns_nothing(tmp_path):
    """The ast check cannot see `importlib.import_module(...)`; the sandbox copy has only a stub to find."""
    import json
    import shutil

    from autograder.engine import grade_submission

    source = (pathlib.Path(__file__).resolve().parent.parent / "assignments" / "05-deep-network-application"
              / "deep-network-application.ipynb")
    if not source.exists():
        pytest.skip("assignment 05 is not in this checkout")
    nb = json.loads(source.read_text())
    for cell in nb["cells"]:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if meta.get("grade_id") == "L_layer_model":
            cell["source"] = (
                "import importlib\n"
                "def L_layer_model(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000, print_cost=False):\n"
                "    models = importlib.import_module('helpers.' + 'models')\n"
                "    net = models.DeepNetwork(layers_dims, learning_rate=learning_rate, num_iterations=num_iterations,\n"
                "                             init='he', seed=1).train(X, Y)\n"
                "    return net.parameters, net.costs[::100]\n")
    submitted = tmp_path / "deep-network-application.ipynb"
    submitted.write_text(json.dumps(nb))
    result = grade_submission(source, submitted, "05-deep-network-application")
    lost = [t for t in result.tests if t.grade_id.startswith("L_layer_model") and not t.passed]
    assert lost and all(t.points == 0 for t in lost)
    assert any("not available while your work is graded" in t.message for t in lost), [t.message for t in lost]
