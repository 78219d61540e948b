"""The grader's own bounds (issue 9, item 5), grades independent of load and of trailing cells
(issue 12, item 5), every `helpers` module in the sandbox (issue 11, item 3).

The fixture assignment is worth 8 points (`double` 3, `column_stats` 2,
`sigmoid` 2, `m_train` 1).
"""

import json
import os
import subprocess
import sys
import textwrap
import time

import nbformat
import pytest

from autograder import sandbox
from grading_fixtures import fixture as fx

pytestmark = pytest.mark.skipif(sandbox.bwrap_path() is None, reason="bubblewrap does not work here")

FULL = fx.MAX_SCORE
TESTS = os.path.dirname(os.path.abspath(__file__))

# Student code that writes a raw frame on its channel, as a hostile worker would.
RAW = fx.FIND_CHANNEL + '''import time, io, zipfile
def _frame(header, payload=b'', json_len=None, npz_len=None):
    chan = _channel()
    chan.sendall(struct.pack('!II', len(header) if json_len is None else json_len,
                             len(payload) if npz_len is None else npz_len) + header + payload)
    return chan
'''

ATTACKS = {
    # an npz whose one array expands from about 0.5 MB to 512 MB
    "compressed bomb": RAW + '''
def sigmoid(z):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, 'w', zipfile.ZIP_DEFLATED) as archive:
        with archive.open('arr_0.npy', 'w', force_zip64=True) as member:
            header = "{'descr': '<f8', 'fortran_order': False, 'shape': (67108864,), }"
            header = header + ' ' * (117 - len(header)) + '\\n'
            member.write(b'\\x93NUMPY\\x01\\x00' + struct.pack('<H', len(header)) + header.encode())
            block = bytes(1 << 20)
            for _ in range(512):
                member.write(block)
    body = json.dumps({'meta': {'ok': True, 'id': 0, 'output': ''}, 'value': {'t': 'nd', 'i': 0}}).encode()
    _frame(body, buffer.getvalue())
    time.sleep(60)
''',
    # a stored array whose header claims 80 GB
    "lying array header": RAW + '''
def sigmoid(z):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, 'w', zipfile.ZIP_STORED) as archive:
        header = "{'descr': '<f8', 'fortran_order': False, 'shape': (10000000000,), }"
        header = header + ' ' * (117 - len(header)) + '\\n'
        archive.writestr('arr_0.npy', b'\\x93NUMPY\\x01\\x00' + struct.pack('<H', len(header)) + header.encode())
    body = json.dumps({'meta': {'ok': True, 'id': 0, 'output': ''}, 'value': {'t': 'nd', 'i': 0}}).encode()
    _frame(body, buffer.getvalue())
    time.sleep(60)
''',
    # a frame that says it carries 3 GB of JSON
    "enormous JSON reply": RAW + '''
def sigmoid(z):
    chan = _frame(b'[', json_len=3 << 30, npz_len=0)
    block = b'[' * (1 << 20)
    for _ in range(64):
        chan.sendall(block)
    time.sleep(60)
''',
    # JSON nested a million deep, within the size limit
    "deeply nested JSON reply": RAW + '''
def sigmoid(z):
    _frame(b'[' * 1000000 + b']' * 1000000)
    time.sleep(60)
''',
    # a flood of messages that answer no request
    "message flood": RAW + '''
def sigmoid(z):
    body = json.dumps({'meta': {'ok': True, 'id': -1, 'output': 'x' * 1000}}).encode()
    chan = _channel()
    for _ in range(100000):
        chan.sendall(struct.pack('!II', len(body), 0) + body)
    time.sleep(60)
''',
}

MEMORY_SCRIPT = '''
import json, resource, sys, tempfile
sys.path.insert(0, {tests!r})
from grading_fixtures import fixture as fx
attacks = json.loads(sys.argv[1])
grading = fx.Grading(tempfile.mkdtemp(), max_reply_mb=64, call_timeout=20.0)
try:
    for _ in range(2):
        assert grading.grade(fx.submission()).score == fx.MAX_SCORE  # warm: every import done
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    results = {{}}
    for name, code in attacks.items():
        result = grading.grade(fx.submission({{"sigmoid": code}}))
        results[name] = [result.status, result.score, result.detail]
    huge = grading.directory / "huge" / fx.NOTEBOOK
    huge.parent.mkdir()
    with open(huge, "w") as out:  # a 200 MB cell
        out.write('{{"cells": [{{"cell_type": "code", "source": "')
        for _ in range(200):
            out.write("x" * (1 << 20))
        out.write('", "metadata": {{}}, "outputs": [], "execution_count": null}}], "metadata": {{}}, '
                  '"nbformat": 4, "nbformat_minor": 5}}')
    result = grading.grade(huge)
    results["huge cell"] = [result.status, result.score, result.detail]
    after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
finally:
    grading.close()
print(json.dumps({{"results": results, "grown_kb": after - before}}))
'''

# the grader's growth while grading every attack above, on top of grading ordinary submissions
MEMORY_BOUND_MB = 100


def test_hostile_replies_get_a_status_and_the_graders_memory_stays_flat():
    script = MEMORY_SCRIPT.format(tests=TESTS)
    done = subprocess.run([sys.executable, "-c", script, json.dumps(ATTACKS)], capture_output=True, text=True,
                          timeout=900, cwd=TESTS)
    assert done.returncode == 0, done.stderr[-3000:]
    report = json.loads(done.stdout.strip().splitlines()[-1])
    results = report["results"]
    # each attack is in `sigmoid`, after `double` and `column_stats` earned their 5 points
    for name in ATTACKS:
        status, score, detail = results[name]
        assert (status, score) == ("crashed", 5), (name, detail)
    assert "compressed arrays are not accepted" in results["compressed bomb"][2]
    assert "larger than the bytes sent" in results["lying array header"][2]
    assert "bytes of JSON" in results["enormous JSON reply"][2] or "the limit is" in results["enormous JSON reply"][2]
    assert "nested too deeply" in results["deeply nested JSON reply"][2]
    assert "answer no request" in results["message flood"][2]
    assert results["huge cell"][:2] == ["invalid_notebook", 0]
    assert report["grown_kb"] < MEMORY_BOUND_MB * 1024, report["grown_kb"]


# -- CPU time, not wall time ---------------------------------------------------------------------

WORK = "total = 0\nfor i in range(12_000_000):\n    total += i"  # about 1 s of CPU time here

CLASS = {
    "correct": fx.submission(),
    "slow cell": fx.submission(None, [("column_stats_hidden", WORK)]),
    "slow function": fx.submission({"sigmoid": "def sigmoid(z):\n" + textwrap.indent(WORK, "    ")
                                    + "\n    return 1 / (1 + np.exp(-z))"}),
    "wrong": fx.submission({"double": "def double(x):\n    return 3 * x"}),
    "endless": fx.submission(None, [("column_stats_hidden", "while True:\n    pass")]),
}


def _grade_class(grading):
    return {name: (r.status, r.score) for name, r in ((n, grading.grade(nb)) for n, nb in CLASS.items())}


def test_grades_are_the_same_on_an_idle_and_a_loaded_machine(tmp_path):
    grading = fx.Grading(tmp_path, cell_timeout=3.0, call_timeout=3.0)
    burners = []
    try:
        idle = _grade_class(grading)
        burners = [subprocess.Popen([sys.executable, "-c", "while True:\n    pass"]) for _ in range(6)]
        time.sleep(0.5)
        loaded = _grade_class(grading)
    finally:
        for burner in burners:
            burner.kill()
            burner.wait()
        grading.close()
    assert idle == loaded
    assert idle == {"correct": ("graded", FULL), "slow cell": ("graded", FULL), "slow function": ("graded", FULL),
                    "wrong": ("graded", FULL - 3), "endless": ("timed_out", 5)}


def test_cells_after_the_last_test_are_not_run(tmp_path):
    grading = fx.Grading(tmp_path)
    try:
        nb = fx.submission()
        nb.cells.append(nbformat.v4.new_code_cell("while True:\n    pass  # a long experiment at the end"))
        result = grading.grade(nb)
    finally:
        grading.close()
    # had the endless cell run, it would have hit the 4 s CPU limit: "timed_out"
    assert (result.status, result.score) == ("graded", FULL), result.detail


# -- every helpers module ------------------------------------------------------------------------

def test_every_helpers_module_can_be_imported_whatever_the_setup_imports(tmp_path):
    grading = fx.Grading(tmp_path)
    try:
        answer = ("from helpers.cost import EPSILON\nfrom helpers.activations import relu\n"
                  "from helpers import initialization, propagation, gradient_check\n"
                  "def sigmoid(z):\n    return 1 / (1 + np.exp(-z)) + 0 * EPSILON")
        result = grading.grade(fx.submission({"sigmoid": answer}))
    finally:
        grading.close()
    assert (result.status, result.score) == ("graded", FULL), result.detail
    assert set(grading.grader.runtime.helpers_modules) >= {"activations", "cost", "datasets", "models",
                                                            "propagation", "initialization"}


# -- the kernel's OOM killer in the slot's memory cgroup -------------------------------------------

def _memory_cgroup_usable():
    probe = sandbox.Cgroup(f"autograder-probe-{os.getpid()}")
    try:
        return probe.usable
    finally:
        probe.remove()


@pytest.mark.skipif(not _memory_cgroup_usable(), reason="no memory and pids cgroup can be created here")
def test_processes_that_each_stay_under_rlimit_as_are_stopped_by_the_memory_cgroup(tmp_path):
    # RLIMIT_AS is per process: eight children of 60 MB each pass it, the slot's cgroup (about
    # 200 MB + 3 x 16 MB of scratch + 64 MB above the zygote) does not: the kernel kills one
    spread = """import os, time
children = []
for i in range(8):
    pid = os.fork()
    if pid == 0:
        block = b'x' * (60 << 20)
        time.sleep(30)
        os._exit(0)
    children.append(pid)
for pid in children:
    os.waitpid(pid, 0)"""
    grading = fx.Grading(tmp_path, memory_mb=200, scratch_mb=16, cell_timeout=20.0)
    try:
        result = grading.grade(fx.submission(None, [("column_stats_hidden", spread)]))
        after = grading.grade(fx.submission())
    finally:
        grading.close()
    assert (result.status, result.score) == ("out_of_memory", 5), result.detail
    assert (after.status, after.score) == ("graded", FULL)
