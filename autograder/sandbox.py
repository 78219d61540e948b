"""Where a student's code runs: a bubblewrap sandbox around a long-lived worker (a "zygote").

One `Slot` is one sandbox: ``bwrap`` with no network, its own pid, IPC and
user namespaces (no capabilities, uid 1000), a read-only view of the system
directories and the Python installation only, a read-only `Runtime` at
``/opt/grader`` (the worker, a stub ``autograder.checks`` and the parts of
``helpers`` the assignment's setup imports), the slot's inbox (the current
submission, read-only) at ``/inbox`` and size-limited tmpfs scratch
directories ``/home/student`` and ``/tmp``.  The course directory, the
gradebook, the references and other students' folders are not in it.

Inside, the zygote (`autograder.worker`) has imported numpy, matplotlib and
IPython once; `Slot.begin` makes it fork a child for one submission and
returns a `Session` that talks to that child over a private socket.  When the
session ends the zygote kills every process left in the sandbox's pid
namespace and wipes the scratch directories.

Limits: memory (RLIMIT_AS in the child, and a memory cgroup where one can be
created), processes (a pids cgroup, else the zygote counts them), wall time
(each request has a deadline; past it the child is killed), reply size.
Where ``bwrap`` is missing the same worker runs unsandboxed (`sandboxed`
False): the caller warns and flags the grades.
"""

import ast
import atexit
import dataclasses
import functools
import json
import os
import pathlib
import select
import shutil
import socket
import subprocess
import sys
import tempfile
import time

from . import transport

PACKAGE = pathlib.Path(__file__).resolve().parent
ROOT = PACKAGE.parent
SANDBOX_UID = 1000
HOME, TMP, RUNTIME, INBOX = "/home/student", "/tmp", "/opt/grader", "/inbox"
ALWAYS_HELPERS = ("_checks", "datasets", "plotting")
SYSTEM_PATHS = ("/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32",
                "/etc/ld.so.cache", "/etc/ld.so.conf", "/etc/ld.so.conf.d", "/etc/alternatives",
                "/etc/fonts", "/etc/localtime", "/etc/mime.types")

STUB_CHECKS = '''"""Inside the grading sandbox test cells never run: `check` does nothing here.

The grader runs the test cells itself, outside this process.
"""

import numpy as np


def rng(seed):
    """A seeded numpy Generator (the same as in the course's `autograder.checks`)."""
    return np.random.default_rng(seed)


class Checker:
    def __init__(self, assignment, namespace):
        self.assignment = assignment

    def __call__(self, *args, **kwargs):
        pass

    def gradients(self, *args, **kwargs):
        pass

    def variable(self, *args, **kwargs):
        pass

    def case(self, name, seed, **kwargs):
        raise RuntimeError("`case` only works in the test cells, which the grader runs itself")
'''


class WorkerDied(Exception):
    """The student's process ended (or was ended) before it answered.

    kind: "timeout", "memory", "processes", "crashed", "output".
    """

    def __init__(self, kind, detail):
        super().__init__(detail)
        self.kind, self.detail = kind, detail


@dataclasses.dataclass
class SandboxLimits:
    memory_mb: int = 1024
    max_processes: int = 64
    scratch_mb: int = 256
    max_reply_mb: int = 64
    output_chars: int = 20000


@functools.lru_cache(maxsize=None)
def bwrap_path():
    """The ``bwrap`` program if it exists and can create the namespaces we need, else None."""
    path = shutil.which("bwrap")
    if path is None:
        return None
    probe = [path, "--unshare-user", "--uid", str(SANDBOX_UID), "--unshare-pid", "--unshare-net",
             "--die-with-parent", "--ro-bind", "/", "/", "--proc", "/proc", "--dev", "/dev", "true"]
    try:
        ok = subprocess.run(probe, capture_output=True, timeout=20).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        ok = False
    return path if ok else None


# -- what the student can import: the runtime directory -------------------------------------------

def _helpers_module_of(name):
    """The `helpers` submodule (e.g. "activations") that defines `name`, or None."""
    for path in sorted((ROOT / "helpers").glob("*.py")):
        try:
            tree = ast.parse(path.read_text())
        except SyntaxError:
            continue
        for node in tree.body:
            if isinstance(node, (ast.FunctionDef, ast.ClassDef)) and node.name == name:
                return path.stem
            if isinstance(node, ast.Assign) and any(
                    isinstance(t, ast.Name) and t.id == name for t in node.targets):
                return path.stem
    return None


def helpers_imports(sources):
    """``(modules, package_names)`` of `helpers` that these code cells import.

    ``from helpers.activations import sigmoid`` needs the module "activations";
    ``from helpers import sigmoid`` needs the package to export "sigmoid".
    """
    modules, names = set(), set()
    for source in sources:
        try:
            tree = ast.parse(_python_only(source))
        except SyntaxError:
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                parts = node.module.split(".")
                if parts[0] != "helpers":
                    continue
                if len(parts) > 1:
                    modules.add(parts[1])
                else:
                    for alias in node.names:
                        if (ROOT / "helpers" / f"{alias.name}.py").exists():
                            modules.add(alias.name)
                        else:
                            names.add(alias.name)
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    parts = alias.name.split(".")
                    if parts[0] == "helpers" and len(parts) > 1:
                        modules.add(parts[1])
    return modules, names


def _python_only(source):
    """Cell source with IPython magics and shell escapes blanked out, for `ast`."""
    return "\n".join("" if line.lstrip().startswith(("%", "!")) else line
                     for line in source.splitlines())


def _module_dependencies(module):
    path = ROOT / "helpers" / f"{module}.py"
    deps = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.level == 1 and node.module:
            deps.add(node.module.split(".")[0])
        elif isinstance(node, ast.ImportFrom) and node.level == 1:
            deps.update(a.name for a in node.names)
    return deps


def without_definitions(source, names):
    """`source` with every top-level function or class in `names` replaced by a stub that raises.

    The sandbox's copy of a helpers module is made this way, so a forbidden
    function (the course's own version of a graded one) is not there to be
    reached, whether by an import, `sys.modules` or `importlib`.
    """
    tree = ast.parse(source)
    hit = False
    for i, node in enumerate(tree.body):
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)) and node.name in names:
            stub = ast.parse(
                f"def {node.name}(*args, **kwargs):\n"
                f"    raise RuntimeError('{node.name} is not available while your work is graded: "
                f"this assignment asks you to write it yourself')\n").body[0]
            tree.body[i] = ast.copy_location(stub, node)
            hit = True
    return ast.unparse(ast.fix_missing_locations(tree)) + "\n" if hit else source


class Runtime:
    """A read-only directory the sandbox sees at ``/opt/grader``.

    It holds the worker, the transport, a stub ``autograder.checks`` (test cells
    never run in the sandbox, so no reference module is there) and the
    ``helpers`` modules the assignment's own cells import (with their
    dependencies), plus always ``datasets``, ``plotting`` and ``_checks``.
    Every other ``helpers`` module cannot be imported, and in the copied ones
    the `forbidden` functions and classes (the course's own versions of the
    graded functions) are stubs that raise.
    """

    def __init__(self, setup_sources=(), directory=None, forbidden=()):
        self.owned = directory is None
        self.path = pathlib.Path(directory or tempfile.mkdtemp(prefix="autograder-runtime-"))
        if self.owned:
            atexit.register(shutil.rmtree, self.path, True)
        modules, names = helpers_imports(setup_sources)
        for name in names:
            module = _helpers_module_of(name)
            if module:
                modules.add(module)
        modules.update(ALWAYS_HELPERS)
        todo = list(modules)
        while todo:
            module = todo.pop()
            if not (ROOT / "helpers" / f"{module}.py").exists():
                modules.discard(module)
                continue
            for dep in _module_dependencies(module) - modules:
                modules.add(dep)
                todo.append(dep)
        self.helpers_modules = sorted(modules)
        helpers = self.path / "helpers"
        helpers.mkdir(parents=True, exist_ok=True)
        for module in self.helpers_modules:
            source = (ROOT / "helpers" / f"{module}.py").read_text()
            (helpers / f"{module}.py").write_text(without_definitions(source, set(forbidden)))
        exports = []
        for name in sorted(names):
            module = _helpers_module_of(name)
            if module in modules:
                exports.append(f"from .{module} import {name}")
        (helpers / "__init__.py").write_text(
            '"""The course\'s helpers, as far as this assignment may use them."""\n'
            + "".join(line + "\n" for line in exports))
        stub = self.path / "autograder"
        stub.mkdir(exist_ok=True)
        (stub / "__init__.py").write_text('"""The grader is not here."""\n')
        (stub / "checks.py").write_text(STUB_CHECKS)
        shutil.copy(PACKAGE / "worker.py", self.path / "_ag_worker.py")
        shutil.copy(PACKAGE / "transport.py", self.path / "_ag_transport.py")
        mpl = self.path / "mplconfig"
        mpl.mkdir(exist_ok=True)
        try:
            import matplotlib

            for font_list in pathlib.Path(matplotlib.get_cachedir()).glob("fontlist-*.json"):
                shutil.copy(font_list, mpl / font_list.name)
        except Exception:
            pass
        for path in [self.path, *self.path.rglob("*")]:
            path.chmod(0o755 if path.is_dir() else 0o644)

    def close(self):
        if self.owned:
            shutil.rmtree(self.path, ignore_errors=True)


# -- cgroups: processes and memory -----------------------------------------------------------------

class Cgroup:
    """A pids and a memory cgroup for one slot, where this machine lets us create them (v1 or v2)."""

    def __init__(self, name):
        self.dirs = {}
        self.v2 = False
        try:
            lines = pathlib.Path("/proc/self/cgroup").read_text().splitlines()
        except OSError:
            return
        for line in lines:
            _, controllers, path = line.split(":", 2)
            for controller in ("pids", "memory"):
                if controller in controllers.split(","):
                    self._make(controller, pathlib.Path("/sys/fs/cgroup", controller) / path.lstrip("/"), name)
            if controllers == "" and not self.dirs and (pathlib.Path("/sys/fs/cgroup/cgroup.controllers")).exists():
                base = pathlib.Path("/sys/fs/cgroup") / path.lstrip("/")
                available = (base / "cgroup.controllers").read_text().split() if (base / "cgroup.controllers").exists() else []
                if "pids" in available and "memory" in available:
                    self.v2 = True
                    self._make("pids", base, name)
                    if "pids" in self.dirs:
                        self.dirs["memory"] = self.dirs["pids"]

    def _make(self, controller, base, name):
        try:
            directory = base / name
            directory.mkdir(exist_ok=True)
            (directory / "cgroup.procs").read_text()
            self.dirs[controller] = directory
        except OSError:
            pass

    @property
    def usable(self):
        return "pids" in self.dirs and "memory" in self.dirs

    def procs_files(self):
        return sorted({str(d / "cgroup.procs") for d in self.dirs.values()})

    def _write(self, controller, name, value):
        try:
            (self.dirs[controller] / name).write_text(str(value))
            return True
        except (OSError, KeyError):
            return False

    def _read(self, controller, name):
        try:
            return (self.dirs[controller] / name).read_text()
        except (OSError, KeyError):
            return ""

    def set_limits(self, max_processes, memory_bytes):
        self._write("pids", "pids.max", max_processes)
        if self.v2:
            self._write("memory", "memory.max", memory_bytes)
            self._write("memory", "memory.swap.max", 0)
        else:
            self._write("memory", "memory.limit_in_bytes", memory_bytes)
            self._write("memory", "memory.memsw.limit_in_bytes", memory_bytes)

    def memory_usage(self):
        text = self._read("memory", "memory.current" if self.v2 else "memory.usage_in_bytes")
        return int(text) if text.strip().isdigit() else 0

    def _counter(self, controller, name, key):
        for line in self._read(controller, name).splitlines():
            parts = line.split()
            if len(parts) == 2 and parts[0] == key:
                return int(parts[1])
        return 0

    def oom_kills(self):
        if self.v2:
            return self._counter("memory", "memory.events", "oom_kill")
        return self._counter("memory", "memory.oom_control", "oom_kill")

    def pids_hits(self):
        return self._counter("pids", "pids.events", "max")

    def remove(self):
        for directory in set(self.dirs.values()):
            for _ in range(50):
                try:
                    directory.rmdir()
                    break
                except FileNotFoundError:
                    break
                except OSError:
                    time.sleep(0.02)
        self.dirs = {}


# -- a slot: one sandbox with its zygote ----------------------------------------------------------

class Slot:
    """One sandboxed zygote; `begin` a `Session` per submission, one at a time.

    Parameters
    ----------
    runtime : Runtime
    limits : SandboxLimits
    sandbox : bool or None, None uses bwrap where it works
    name : str, used for the cgroup's name
    """

    counter = 0

    def __init__(self, runtime, limits=None, sandbox=None, name=None):
        self.runtime = runtime
        self.limits = limits or SandboxLimits()
        self.bwrap = bwrap_path() if sandbox in (None, True) else None
        if sandbox is True and self.bwrap is None:
            raise RuntimeError("bubblewrap (bwrap) is not available")
        self.sandboxed = self.bwrap is not None
        Slot.counter += 1
        self.name = name or f"autograder-{os.getpid()}-{Slot.counter}"
        self.dir = pathlib.Path(tempfile.mkdtemp(prefix="autograder-slot-"))
        self.inbox = self.dir / "inbox"
        self.process = self.ctrl = None
        self.cgroup = None
        self.starts = 0
        atexit.register(self.close)

    # the zygote's life
    def _config(self):
        home, tmp = (HOME, TMP) if self.sandboxed else (str(self.dir / "home"), str(self.dir / "tmp"))
        return {"sandboxed": self.sandboxed, "home": home, "inbox": INBOX if self.sandboxed else str(self.inbox),
                "wipe": [home, tmp], "mplconfig": f"{RUNTIME if self.sandboxed else self.runtime.path}/mplconfig",
                "memory_bytes": self.limits.memory_mb << 20,
                "file_bytes": self.limits.scratch_mb << 20,
                "max_processes": 0 if (self.cgroup and self.cgroup.usable) else self.limits.max_processes,
                "max_reply_bytes": self.limits.max_reply_mb << 20, "output_chars": self.limits.output_chars}

    def _environment(self, tmp):
        import helpers.datasets

        env = {"PATH": "/usr/local/bin:/usr/bin:/bin", "LANG": "C.UTF-8", "PYTHONHASHSEED": "0",
               "PYTHONDONTWRITEBYTECODE": "1", "MPLBACKEND": "Agg", "MPLCONFIGDIR": f"{tmp}/mpl",
               "IPYTHONDIR": f"{tmp}/ipython", "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1",
               "MKL_NUM_THREADS": "1", "COURSE_DATASETS": str(helpers.datasets.DATA_DIR)}
        return env

    def _command(self):
        python = str(pathlib.Path(sys.prefix) / "bin" / "python")
        if not pathlib.Path(python).exists():
            python = sys.executable
        config = json.dumps(self._config())
        if not self.sandboxed:
            return [python, "-s", "-E", str(self.runtime.path / "_ag_worker.py"), config]
        import helpers.datasets

        limits = self.limits
        cmd = [self.bwrap, "--unshare-user", "--uid", str(SANDBOX_UID), "--gid", str(SANDBOX_UID),
               "--unshare-pid", "--unshare-net", "--unshare-ipc", "--unshare-uts", "--unshare-cgroup-try",
               "--die-with-parent", "--new-session", "--clearenv",
               "--proc", "/proc", "--dev", "/dev",
               "--perms", "1777", "--size", str(limits.scratch_mb << 20), "--tmpfs", TMP,
               "--perms", "1777", "--size", str(limits.scratch_mb << 20), "--tmpfs", HOME]
        for path in SYSTEM_PATHS:
            if os.path.islink(path):
                cmd += ["--symlink", os.readlink(path), path]
            elif os.path.exists(path):
                cmd += ["--ro-bind", path, path]
        bound = []
        for path in (sys.base_prefix, sys.prefix, os.path.dirname(os.path.realpath(python))):
            real = os.path.realpath(path)
            if not any(real == b or real.startswith(b + os.sep) for b in bound) and not real.startswith("/usr"):
                bound.append(real)
                cmd += ["--ro-bind", real, real]
                if path != real:
                    cmd += ["--symlink", real, path]
        data = os.path.realpath(helpers.datasets.DATA_DIR)
        if os.path.isdir(data):
            cmd += ["--ro-bind", data, data]
        cmd += ["--ro-bind", str(self.runtime.path), RUNTIME, "--ro-bind", str(self.inbox), INBOX]
        for key, value in self._environment(TMP).items():
            cmd += ["--setenv", key, value]
        cmd += ["--chdir", HOME, python, "-s", "-E", f"{RUNTIME}/_ag_worker.py", config]
        return cmd

    def start(self):
        """Start (or restart) the zygote; return the seconds it took."""
        started = time.perf_counter()
        self.stop()
        self.inbox.mkdir(parents=True, exist_ok=True)
        if not self.sandboxed:
            for sub in ("home", "tmp"):
                (self.dir / sub).mkdir(exist_ok=True)
        if self.sandboxed and self.cgroup is None:
            self.cgroup = Cgroup(self.name)
        ours, theirs = socket.socketpair()
        cmd = self._command()
        if self.cgroup is not None and self.cgroup.usable:
            # join the cgroups before bwrap forks anything
            cmd = ["/bin/sh", "-c", 'while [ "$1" != -- ]; do echo $$ > "$1" || exit 97; shift; done; '
                   'shift; exec "$@"', "sh", *self.cgroup.procs_files(), "--", *cmd]
        env = None
        if not self.sandboxed:
            env = dict(self._environment(str(self.dir / "tmp")), HOME=str(self.dir / "home"))
            env["PATH"] = os.environ.get("PATH", env["PATH"])
            (self.dir / "tmp" / "mpl").mkdir(parents=True, exist_ok=True)
            for font_list in (self.runtime.path / "mplconfig").glob("*.json"):
                shutil.copy(font_list, self.dir / "tmp" / "mpl")
        log = open(self.dir / "zygote.log", "ab")
        self.process = subprocess.Popen(cmd, stdin=theirs.fileno(), stdout=log, stderr=log,
                                        env=env, cwd=str(self.dir), start_new_session=True)
        log.close()
        theirs.close()
        self.ctrl = ours
        self.ctrl.settimeout(60)
        try:
            meta, _ = transport.split_value(*transport.recv_frame(self.ctrl))
        except (EOFError, OSError) as error:
            self.stop()
            raise RuntimeError(f"the grading worker did not start: {error}; see "
                               f"{self.dir / 'zygote.log'}") from None
        self.ctrl.settimeout(None)
        self.zygote_pid = meta.get("pid")
        if self.cgroup is not None and self.cgroup.usable:
            baseline = self.cgroup.memory_usage()
            self.cgroup.set_limits(self.limits.max_processes,
                                   baseline + (self.limits.memory_mb << 20) + (self.limits.scratch_mb << 21) + (64 << 20))
        self.starts += 1
        return time.perf_counter() - started

    @property
    def alive(self):
        return self.process is not None and self.process.poll() is None

    def stop(self):
        if self.ctrl is not None:
            try:
                transport.send_meta(self.ctrl, {"cmd": "exit"})
            except OSError:
                pass
            self.ctrl.close()
            self.ctrl = None
        if self.process is not None:
            try:
                os.killpg(self.process.pid, 9)
            except (ProcessLookupError, PermissionError):
                pass
            self.process.kill()
            self.process.wait()
            self.process = None

    def close(self):
        self.stop()
        if self.cgroup is not None:
            self.cgroup.remove()
        shutil.rmtree(self.dir, ignore_errors=True)

    # one submission
    def begin(self, files=()):
        """A `Session` for one submission; `files` are copied to its scratch directory."""
        if not self.alive:
            self.start()
        for entry in self.inbox.iterdir():
            if entry.is_dir():
                shutil.rmtree(entry)
            else:
                entry.unlink()
        for path in files:
            path = pathlib.Path(path)
            if path.is_file() and path.stat().st_size < (self.limits.scratch_mb << 20):
                shutil.copy(path, self.inbox / path.name)
                (self.inbox / path.name).chmod(0o644)
        ours, theirs = socket.socketpair()
        counters = (self.cgroup.oom_kills(), self.cgroup.pids_hits()) if self.cgroup and self.cgroup.usable else None
        try:
            message = json.dumps({"meta": {"cmd": "start"}}).encode()
            socket.send_fds(self.ctrl, [transport.HEADER.pack(len(message), 0) + message], [theirs.fileno()])
        except OSError:
            theirs.close()
            ours.close()
            self.start()
            return self.begin(files)
        theirs.close()
        return Session(self, ours, counters)


class Session:
    """The grader's side of one submission's child process."""

    def __init__(self, slot, chan, counters):
        self.slot, self.chan, self.counters = slot, chan, counters
        self.dead = None  # the WorkerDied that ended it, if any
        self.ended = False

    def _died(self, kind, detail):
        self.dead = WorkerDied(kind, detail)
        self._finish()
        raise self.dead

    def _limit_hit(self):
        cgroup = self.slot.cgroup
        if self.counters is None or cgroup is None:
            return None
        if cgroup.oom_kills() > self.counters[0]:
            return "memory"
        if cgroup.pids_hits() > self.counters[1]:
            return "processes"
        return None

    def _exit_kind(self, status):
        kind = self._limit_hit()
        if kind:
            return kind
        return "crashed"

    def request(self, meta, value=None, timeout=30.0, with_value=False, encoded=None):
        """Send a request to the child and wait for its reply: ``(meta, value)``.

        Raises `WorkerDied` when the child dies, hits a limit or does not answer in time.
        """
        if self.dead is not None:
            raise self.dead
        try:
            if encoded is not None:
                transport.send_encoded(self.chan, meta, *encoded)
            elif with_value:
                transport.send_value(self.chan, meta, value)
            else:
                transport.send_meta(self.chan, meta)
        except OSError:
            self._died("crashed", "the student's process is gone")
        deadline = time.monotonic() + timeout
        max_bytes = (self.slot.limits.max_reply_mb << 20) + (1 << 20)
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                self._died("timeout", f"no answer within {timeout:g} s")
            ready, _, _ = select.select([self.chan, self.slot.ctrl], [], [], min(remaining, 0.05))
            if self.chan in ready:
                reply, problem = self._receive(max(remaining, 0.5), max_bytes, timeout)
                if problem is not None:
                    self._died(*problem)
                self._ping()
                kind = self._limit_hit()
                if kind:
                    self._died(kind, "too many processes" if kind == "processes" else "out of memory")
                return reply
            if self.slot.ctrl in ready:
                event = self._read_event()
                if event is None:
                    self._died(self._limit_hit() or "crashed",
                               "the student's code killed the grading worker")
                if event.get("event") == "processes":
                    self._died("processes", "too many processes")
                if event.get("event") == "exited":
                    status = event.get("status") or {}
                    how = (f"killed by signal {status['signal']}" if "signal" in status
                           else f"exit status {status.get('exit')}")
                    self._died(self._exit_kind(status), f"the student's process ended ({how})")
            else:
                kind = self._limit_hit()
                if kind:
                    self._died(kind, "too many processes" if kind == "processes" else "out of memory")

    def _receive(self, wait, max_bytes, timeout):
        """``(reply, None)`` or ``(None, (kind, detail))``."""
        self.chan.settimeout(wait)
        try:
            header, payload = transport.recv_frame(self.chan, max_bytes)
            return transport.split_value(header, payload), None
        except transport.TooLarge as error:
            return None, ("output", str(error))
        except (socket.timeout, TimeoutError):
            return None, ("timeout", f"no complete answer within {timeout:g} s")
        except (EOFError, OSError):
            return None, (self._exit_kind(None), "the student's process ended")
        except (ValueError, KeyError, TypeError, IndexError) as error:
            return None, ("crashed", f"the student's process sent malformed data: {error}")
        finally:
            try:
                self.chan.settimeout(None)
            except OSError:
                pass

    def _ping(self):
        """Make sure the zygote is still there after each answer, so that a cell that killed it
        is caught right after that cell, every time (a SIGKILLed process never answers)."""
        try:
            transport.send_meta(self.slot.ctrl, {"cmd": "ping"})
        except (OSError, AttributeError):
            self._died(self._limit_hit() or "crashed", "the student's code killed the grading worker")
        while True:
            event = self._read_event()
            if event is None:
                self._died(self._limit_hit() or "crashed", "the student's code killed the grading worker")
            kind = event.get("event")
            if kind == "pong":
                return
            if kind == "processes":
                self._died("processes", "too many processes")
            if kind == "exited":
                status = event.get("status") or {}
                how = (f"killed by signal {status['signal']}" if "signal" in status
                       else f"exit status {status.get('exit')}")
                self._died(self._exit_kind(status), f"the student's process ended ({how})")

    def _read_event(self):
        try:
            self.slot.ctrl.settimeout(5)
            header, _ = transport.recv_frame(self.slot.ctrl)
            return json.loads(header)["meta"]
        except (EOFError, OSError, ValueError, KeyError):
            return None
        finally:
            if self.slot.ctrl is not None:
                self.slot.ctrl.settimeout(None)

    def _finish(self):
        """Tell the zygote to end this submission; restart the zygote if it does not answer."""
        if self.ended:
            return
        self.ended = True
        try:
            self.chan.close()
        except OSError:
            pass
        slot = self.slot
        if slot.ctrl is None or not slot.alive:
            slot.stop()
            return
        try:
            transport.send_meta(slot.ctrl, {"cmd": "finish"})
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline:
                event = self._read_event()
                if event is None:
                    break
                if event.get("event") == "ended":
                    return
            slot.stop()
        except OSError:
            slot.stop()

    def close(self):
        """End the submission normally."""
        if self.ended:
            return
        if self.dead is None:
            try:
                transport.send_meta(self.chan, {"cmd": "quit"})
            except OSError:
                pass
        self._finish()
