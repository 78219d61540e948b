"""Issue 9: no way out to the host, nothing shared between students, nothing of the grader inside.

Each class of attack gets the status and score it must get.  The fixture
assignment is worth 8 points (`double` 3, `column_stats` 2, `sigmoid` 2,
`m_train` 1); an extra cell placed after ``column_stats_hidden`` runs after
the first 5 points were earned.
"""

import ctypes
import json
import os
import pathlib
import socket
import stat
import tempfile

import pytest

from autograder import sandbox
from autograder.sandbox import Limits, Runtime, Slot
from grading_fixtures import fixture as fx

pytestmark = pytest.mark.skipif(sandbox.bwrap_path() is None, reason="bubblewrap does not work here")

FULL = fx.MAX_SCORE


@pytest.fixture(scope="module")
def grading(tmp_path_factory):
    grading = fx.Grading(tmp_path_factory.mktemp("hardening"))
    yield grading
    grading.close()


@pytest.fixture(scope="module")
def slot():
    runtime = Runtime()
    slot = Slot(runtime, Limits(memory_mb=300, max_processes=32, scratch_mb=32, max_reply_mb=4))
    yield slot
    slot.close()
    runtime.close()


def run(slot, *cells, variable="result"):
    """Run cells in a fresh submission; return the value of `variable` afterwards."""
    session = slot.begin()
    try:
        for cell in cells:
            meta, _ = session.request({"cmd": "cell", "source": cell}, timeout=20)
            assert meta["ok"], meta
        meta, value = session.request({"cmd": "variable", "name": variable}, timeout=20)
        assert meta["ok"], meta
        return value
    finally:
        session.close()


ATTEMPT = """def attempt(action):
    try:
        action()
        return "done"
    except BaseException as error:
        return type(error).__name__
"""


# -- 1. no privileges --------------------------------------------------------------------------

def test_the_student_has_no_capability_no_new_privileges_and_a_seccomp_filter(slot):
    status = run(slot, "result = dict(l.split(':\\t') for l in open('/proc/self/status').read().splitlines() "
                       "if ':\\t' in l)")
    assert status["Uid"].split()[:2] == ["1000", "1000"]
    for field in ("CapInh", "CapPrm", "CapEff", "CapBnd", "CapAmb"):
        assert int(status[field], 16) == 0, field
    assert status["NoNewPrivs"] == "1"
    assert status["Seccomp"] == "2"  # filter mode


@pytest.mark.skipif(os.geteuid() != 0, reason="the privilege drop happens when the grader runs as root")
def test_a_grader_running_as_root_runs_the_sandbox_as_nobody_on_the_host(slot):
    session = slot.begin()
    try:
        session.request({"cmd": "cell", "source": "import subprocess\n"
                                                   "p = subprocess.Popen(['sleep', '321.75'])"}, timeout=20)
        uids = []
        for entry in os.listdir("/proc"):
            try:
                if entry.isdigit() and b"321.75" in pathlib.Path(f"/proc/{entry}/cmdline").read_bytes():
                    status = pathlib.Path(f"/proc/{entry}/status").read_text()
                    uids.append(next(l for l in status.splitlines() if l.startswith("Uid:")).split()[1:])
            except OSError:
                pass
    finally:
        session.close()
    nobody = str(sandbox.unprivileged_account()[0])
    assert uids and all(u == [nobody] * 4 for u in uids), uids


def test_host_kernel_settings_and_devices_cannot_be_changed(slot):
    before = pathlib.Path("/proc/sys/kernel/core_pattern").read_text()
    null_times = os.stat("/dev/null").st_mtime_ns
    result = run(slot, ATTEMPT, """import os
result = [attempt(lambda: open('/proc/sys/kernel/core_pattern', 'w').write('|/bin/evil')),
          attempt(lambda: os.utime('/dev/null')),
          attempt(lambda: os.utime('/dev/null', (0, 0))),
          attempt(lambda: open('/dev/sda', 'rb')),
          attempt(lambda: os.mknod('/tmp/null', 0o20666, os.makedev(1, 3)))]""")
    assert all(outcome in ("PermissionError", "OSError", "FileNotFoundError") for outcome in result), result
    assert pathlib.Path("/proc/sys/kernel/core_pattern").read_text() == before
    assert os.stat("/dev/null").st_mtime_ns == null_times


def test_the_root_and_system_directories_are_read_only(slot):
    result = run(slot, ATTEMPT, """result = [attempt(lambda: open(p, 'w').write('x'))
          for p in ('/x', '/etc/x', '/opt/x', '/dev/x', '/opt/grader/x', '/usr/x', '/inbox/x')]""")
    assert result == ["OSError"] * 7, result


SYSCALLS = {"ptrace": 101, "mount": 165, "keyctl": 250, "add_key": 248, "request_key": 249,
            "perf_event_open": 298, "bpf": 321, "unshare": 272, "setns": 308, "shmget": 29,
            "process_vm_readv": 310, "init_module": 175, "userfaultfd": 323}


@pytest.mark.skipif(os.uname().machine != "x86_64", reason="the system call numbers below are x86_64's")
def test_the_seccomp_filter_refuses_what_a_notebook_never_needs(slot):
    code = f"""import ctypes, os
libc = ctypes.CDLL(None, use_errno=True)
result = {{}}
for name, number in {SYSCALLS!r}.items():
    ctypes.set_errno(0)
    value = libc.syscall(number, 0, 0, 0, 0, 0, 0)
    result[name] = (value, ctypes.get_errno())
# clone with a namespace flag (CLONE_NEWUSER), but a plain fork still works
ctypes.set_errno(0)
result['clone_newuser'] = (libc.syscall(56, 0x10000000 | 17, 0, 0, 0, 0), ctypes.get_errno())
pid = os.fork()
if pid == 0:
    os._exit(7)
result['fork'] = os.WEXITSTATUS(os.waitpid(pid, 0)[1])"""
    result = run(slot, code)
    eperm = 1
    for name in [*SYSCALLS, "clone_newuser"]:
        assert result[name] == (-1, eperm), (name, result[name])
    assert result["fork"] == 7


def test_seccomp_program_is_well_formed():
    program = sandbox.seccomp_program("x86_64")
    assert len(program) % 8 == 0 and len(program) // 8 < 4096
    assert sandbox.seccomp_program("aarch64") is not None
    assert sandbox.seccomp_program("sparc") is None


# -- 2. nothing of the grader inside -------------------------------------------------------------

def test_no_inherited_descriptor_but_the_channel(slot):
    targets = run(slot, """import os
fds = os.listdir('/proc/self/fd')
result = sorted(os.readlink(f'/proc/self/fd/{fd}') for fd in fds if os.path.exists(f'/proc/self/fd/{fd}'))""")
    sockets = [t for t in targets if t.startswith("socket:")]
    others = [t for t in targets if not t.startswith("socket:") and t != "/dev/null" and not t.startswith("/proc/")]
    assert len(sockets) == 1 and others == [], targets


def test_the_grader_is_invisible_and_pid_1_is_out_of_reach(slot):
    result = run(slot, ATTEMPT, """import os, signal
pids = sorted(int(p) for p in os.listdir('/proc') if p.isdigit())
result = {'pids': len(pids), 'mine': os.getpid() in pids, 'ppid': os.getppid(),
          'environ': attempt(lambda: open('/proc/1/environ', 'rb').read()),
          'fd': attempt(lambda: os.listdir('/proc/1/fd')),
          'mem': attempt(lambda: open('/proc/1/mem', 'rb').read(1)),
          'kill': attempt(lambda: os.kill(1, signal.SIGKILL))}""")
    # the sandbox's pid 1 (the zygote) and this process: nothing of the grader's pid namespace
    assert result["pids"] == 2 and result["mine"] and result["ppid"] == 1
    assert result["environ"] == result["fd"] == result["mem"] == "PermissionError"
    assert result["kill"] == "done"  # accepted, and ignored: pid 1 has no handler for it
    assert run(slot, "result = 6 * 7") == 42  # the zygote is still there


def test_the_environment_is_built_from_nothing(monkeypatch):
    monkeypatch.setenv("AUTOGRADER_TEST_SECRET", "hunter2-s3cret")
    runtime = Runtime()
    slot = Slot(runtime, Limits(memory_mb=300, scratch_mb=16))
    try:
        found = run(slot, """import os
found = [k for k, v in os.environ.items() if 'hunter2' in v or k == 'AUTOGRADER_TEST_SECRET']
for pid in [p for p in os.listdir('/proc') if p.isdigit()]:
    try:
        if b'hunter2' in open(f'/proc/{pid}/environ', 'rb').read():
            found.append(pid)
    except OSError:
        pass
result = found""")
    finally:
        slot.close()
        runtime.close()
    assert found == []


def test_stray_messages_on_the_channel_are_ignored_and_a_flood_ends_the_submission(grading):
    forge = fx.FIND_CHANNEL + """def _send(meta):
    body = json.dumps({'meta': meta}).encode()
    _channel().sendall(struct.pack('!II', len(body), 0) + body)
"""
    # one forged "everything passed" reply for a request long answered: dropped, the grade is the code's
    one = forge + "_send({'ok': True, 'id': 1, 'output': ''})"
    result = grading.grade(fx.submission({"double": "def double(x):\n    return 3 * x"}, [(None, one)]))
    assert (result.status, result.score) == ("graded", FULL - 3)
    flood = forge + "for i in range(500):\n    _send({'ok': True, 'id': -1, 'output': ''})"
    result = grading.grade(fx.submission(None, [("column_stats_hidden", flood)]))
    assert (result.status, result.score) == ("crashed", 5)
    assert "answer no request" in result.detail
    assert grading.grade(fx.submission()).score == FULL


# -- 3. links and special files in the submission ---------------------------------------------------

def _folder(tmp_path, name="sub"):
    folder = tmp_path / "submitted" / name / fx.ASSIGNMENT
    folder.mkdir(parents=True)
    fx.write(fx.submission(), folder / fx.NOTEBOOK)
    return folder


def _refused(grading, path, fragment):
    result = grading.grade(path)
    assert (result.status, result.score) == ("refused", 0), (result.status, result.detail)
    assert fragment in result.detail, result.detail
    return result


def test_a_symlink_next_to_the_notebook_is_refused(grading, tmp_path):
    secret = tmp_path / "gradebook.db"
    secret.write_text("every grade")
    folder = _folder(tmp_path)
    (folder / "data.csv").symlink_to(secret)
    _refused(grading, folder / fx.NOTEBOOK, "data.csv is a symbolic link")


def test_a_hard_link_to_an_outside_file_is_refused(grading, tmp_path):
    secret = tmp_path / "gradebook.db"
    secret.write_text("every grade")
    folder = _folder(tmp_path)
    os.link(secret, folder / "copy.db")
    _refused(grading, folder / fx.NOTEBOOK, "copy.db is a hard link")


def test_a_notebook_that_is_a_symlink_is_refused(grading, tmp_path):
    source = fx.write(fx.source_notebook(), tmp_path / "instructor" / fx.NOTEBOOK)
    folder = tmp_path / "submitted" / "eve" / fx.ASSIGNMENT
    folder.mkdir(parents=True)
    (folder / fx.NOTEBOOK).symlink_to(source)
    _refused(grading, folder / fx.NOTEBOOK, "is a symbolic link")


def test_an_assignment_folder_that_is_a_symlink_is_refused(grading, tmp_path):
    other = _folder(tmp_path, "bob")
    (tmp_path / "submitted" / "eve").mkdir()
    (tmp_path / "submitted" / "eve" / fx.ASSIGNMENT).symlink_to(other, target_is_directory=True)
    _refused(grading, tmp_path / "submitted" / "eve" / fx.ASSIGNMENT / fx.NOTEBOOK, "is a symbolic link")


def test_a_fifo_notebook_is_refused_without_blocking(grading, tmp_path):
    folder = tmp_path / "submitted" / "eve" / fx.ASSIGNMENT
    folder.mkdir(parents=True)
    os.mkfifo(folder / fx.NOTEBOOK)
    result = _refused(grading, folder / fx.NOTEBOOK, "is a FIFO")
    assert result.seconds < 5


def test_fifos_sockets_and_devices_next_to_the_notebook_are_refused(grading, tmp_path):
    folder = _folder(tmp_path, "a")
    os.mkfifo(folder / "pipe")
    _refused(grading, folder / fx.NOTEBOOK, "pipe is a FIFO")
    folder = _folder(tmp_path, "b")
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(folder / "sock"))
    try:
        _refused(grading, folder / fx.NOTEBOOK, "sock is a socket")
    finally:
        server.close()
    if os.geteuid() == 0:
        folder = _folder(tmp_path, "c")
        os.mknod(folder / "null", stat.S_IFCHR | 0o600, os.makedev(1, 3))
        _refused(grading, folder / fx.NOTEBOOK, "null is a device")


def test_regular_extra_files_are_copied_by_content(grading, tmp_path):
    folder = _folder(tmp_path)
    (folder / "notes.txt").write_text("mine")
    nb = fx.submission(extra=[("m_train", "m_train = 3 if open('notes.txt').read() == 'mine' else 0")])
    fx.write(nb, folder / fx.NOTEBOOK)
    result = grading.grade(folder / fx.NOTEBOOK)
    assert (result.status, result.score) == ("graded", FULL)


def test_a_student_id_that_is_not_utf8_is_graded_and_shown_safely(grading, tmp_path):
    name = os.fsdecode(b"st\xffudent\x1b[31m")
    folder = tmp_path / "submitted" / name / fx.ASSIGNMENT
    folder.mkdir(parents=True)
    fx.write(fx.submission(), folder / fx.NOTEBOOK)
    (folder / os.fsdecode(b"d\xfeta.txt")).write_text("x")
    result = grading.grade(folder / fx.NOTEBOOK)
    assert (result.status, result.score) == ("graded", FULL)
    shown = sandbox.safe_name(name)
    assert shown == "st\\xffudent\\x1b[31m" and shown.encode("ascii")


# -- 4. nothing shared between two students ------------------------------------------------------

POLLUTE = """import os, subprocess, time
for place in ('/dev/shm', '/tmp', os.path.expanduser('~')):
    with open(os.path.join(place, 'left-behind'), 'w') as f:
        f.write('secret of the first student')
    os.makedirs(os.path.join(place, 'locked', 'inner'), exist_ok=True)
    open(os.path.join(place, 'locked', 'inner', 'f'), 'w').close()
    os.chmod(os.path.join(place, 'locked', 'inner'), 0)
    os.chmod(os.path.join(place, 'locked'), 0)
for place in ('/', '/etc', '/opt', '/dev'):
    try:
        open(os.path.join(place, 'left-behind'), 'w').close()
    except OSError:
        pass
try:  # fill /dev/shm for the next student
    with open('/dev/shm/filler', 'wb') as f:
        while True:
            f.write(b'x' * (1 << 20))
except OSError:
    pass
# a process left behind, in its own session, holding the channel: it tries to answer later requests
if os.fork() == 0:
    os.setsid()
    if os.fork() == 0:
        time.sleep(2)
        os._exit(0)
    os._exit(0)
subprocess.Popen(['sleep', '600'], start_new_session=True)
"""

CHECK_CLEAN = """import os
found = []
for place in ('/dev/shm', '/tmp', os.path.expanduser('~'), '/', '/etc', '/opt', '/dev'):
    found += [os.path.join(place, n) for n in os.listdir(place) if n in ('left-behind', 'locked', 'filler')]
others = [p for p in os.listdir('/proc') if p.isdigit() and int(p) not in (1, os.getpid())]
with open('/dev/shm/room', 'wb') as f:
    f.write(b'x' * (8 << 20))  # the first student's filler is gone: there is room again
os.remove('/dev/shm/room')
m_train = 3 if not found and not others else 0
"""


def test_the_second_student_sees_nothing_of_the_first(grading):
    first = grading.grade(fx.submission(None, [("column_stats_hidden", POLLUTE)]))
    assert (first.status, first.score) == ("graded", FULL), first.detail
    second = grading.grade(fx.submission(None, [("m_train", CHECK_CLEAN)]))
    assert (second.status, second.score) == ("graded", FULL), second.detail


def test_a_process_left_behind_cannot_answer_for_the_next_student(grading):
    # it would answer every call with the right shape but wrong values; it must be dead by then
    squatter = """import os, socket, struct, json, time
if os.fork() == 0:
    os.setsid()
    time.sleep(1.5)
    for fd in os.listdir('/proc/self/fd'):
        try:
            if os.readlink(f'/proc/self/fd/{fd}').startswith('socket:'):
                chan = socket.socket(fileno=int(fd))
                for i in range(2, 40):
                    body = json.dumps({'meta': {'ok': True, 'id': i, 'output': ''}}).encode()
                    chan.sendall(struct.pack('!II', len(body), 0) + body)
        except OSError:
            pass
    os._exit(0)
"""
    grading.grade(fx.submission(None, [(None, squatter)]))
    for _ in range(2):
        result = grading.grade(fx.submission())
        assert (result.status, result.score) == ("graded", FULL), result.detail


# -- 5. what the grader reads is bounded ---------------------------------------------------------

def test_malformed_notebooks_get_a_status_not_an_exception(grading, tmp_path):
    cases = {}
    nested = tmp_path / "nested" / fx.NOTEBOOK
    nested.parent.mkdir()
    nested.write_text('{"cells": [], "metadata": ' + "[" * 100000 + "]" * 100000 + "}")
    cases["nested"] = nested
    for key, value in (("grade_id_list", ["double"]), ("nbgrader_string", "grade me")):
        nb = json.loads(fx.write(fx.submission(), tmp_path / "x.ipynb").read_text())
        for cell in nb["cells"]:
            meta = cell["metadata"].get("nbgrader", {})
            if meta.get("grade_id") == "column_stats_small":
                if key == "grade_id_list":
                    meta["grade_id"] = value
                else:
                    cell["metadata"]["nbgrader"] = value
        path = tmp_path / key / fx.NOTEBOOK
        path.parent.mkdir()
        path.write_text(json.dumps(nb))
        cases[key] = path
    results = {key: grading.grade(path) for key, path in cases.items()}
    assert (results["nested"].status, results["nested"].score) == ("invalid_notebook", 0)
    assert "nested too deeply" in results["nested"].detail
    # the test cell's metadata was damaged: it is restored from the source and graded, and flagged
    for key in ("grade_id_list", "nbgrader_string"):
        assert (results[key].status, results[key].score) == ("tampered", FULL), (key, results[key].detail)
    assert any("grade_id is a list" in f for f in results["grade_id_list"].flags)
    assert any("nbgrader metadata is a str" in f for f in results["nbgrader_string"].flags)


def test_a_huge_notebook_is_refused_before_it_is_read(grading, tmp_path):
    path = tmp_path / "huge" / fx.NOTEBOOK
    path.parent.mkdir()
    nb = fx.submission(None, [(None, "x = '" + "a" * (9 << 20) + "'")])
    fx.write(nb, path)
    small = fx.Grading(tmp_path / "small", max_notebook_mb=8)
    try:
        result = small.grade(path)
    finally:
        small.close()
    assert (result.status, result.score) == ("invalid_notebook", 0)
    assert "more than the limit" in result.detail


def test_hidden_test_failures_do_not_show_the_hidden_inputs(grading):
    # a wrong double on the hidden inputs rng(3).standard_normal((2, 3)) and 4
    answer = "def double(x):\n    import numpy as np\n    return 2 * x if np.ndim(x) == 1 else x"
    result = grading.grade(fx.submission({"double": answer}))
    assert (result.status, result.score) == ("graded", FULL - 2)
    hidden = next(t for t in result.tests if t.grade_id == "double_hidden")
    assert not hidden.passed and "hidden test" in hidden.message
    assert "(2, 3)" not in hidden.message and "4" not in hidden.message
    # the student's own exception cannot smuggle the inputs out either
    leak = "def double(x):\n    import numpy as np\n    if np.ndim(x) != 1:\n        raise ValueError(repr(x))\n    return 2 * x"
    result = grading.grade(fx.submission({"double": leak}))
    hidden = next(t for t in result.tests if t.grade_id == "double_hidden")
    assert not hidden.passed and "array(" not in hidden.message and "ValueError" not in hidden.message


def test_the_feedback_page_of_a_student_id_that_is_not_utf8_can_be_written(grading):
    from autograder import feedback

    result = grading.grade(fx.submission())
    page = feedback.render(os.fsdecode(b"st\xffudent"), fx.ASSIGNMENT, fx.NOTEBOOK, result)
    assert "st\\xffudent" in page
    page.encode("utf-8")  # what `write_feedback` does; a raw surrogate would raise here


@pytest.mark.skipif(os.geteuid() != 0, reason="only a grader running as root hands the sandbox to another account")
def test_a_private_temp_folder_does_not_stop_grading(tmp_path, monkeypatch):
    # a TMPDIR inside a 0700 folder (pytest's own, or a per-user /tmp) is out of the sandbox account's reach:
    # the slot keeps its inbox in a temp folder that account can reach, and grading goes on
    private = tmp_path / "private"
    private.mkdir(mode=0o700)
    private.chmod(0o700)
    monkeypatch.setattr(tempfile, "tempdir", str(private))
    grading = fx.Grading(tmp_path / "course")
    try:
        assert not str(grading.slot.dir).startswith(str(private))
        result = grading.grade(fx.submission())
        assert (result.status, result.score) == ("graded", FULL), result.detail
    finally:
        grading.close()


def test_every_ast_parse_of_the_grader_takes_the_one_lock():
    # numpy reads a reply's .npy headers with ast.literal_eval and Python 3.11's tracebacks parse source
    # lines: both call ast.parse, which importing autograder points at the locked one (a reference run
    # crashed with "AST constructor recursion depth mismatch" while another thread parsed)
    import ast

    import numpy as np

    from autograder import astlock, transport

    assert ast.parse is astlock.parse
    header, payload = transport.encode({"w": np.ones((3, 4))})
    calls = []
    original = astlock._ORIGINAL_PARSE
    try:
        astlock._ORIGINAL_PARSE = lambda *a, **k: (calls.append(astlock._LOCK._is_owned()), original(*a, **k))[1]
        assert np.array_equal(transport.decode(header, payload)["w"], np.ones((3, 4)))
        assert ast.literal_eval("(1, 2)") == (1, 2)
    finally:
        astlock._ORIGINAL_PARSE = original
    assert calls and all(calls)  # the array header was parsed, under the lock
