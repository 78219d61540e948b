"""The process that runs a student's cells: a zygote that forks one child per submission.

This file runs inside the sandbox (`autograder.sandbox`), copied there as
``_ag_worker.py`` next to ``_ag_transport.py``; it imports only the standard
library, numpy, matplotlib and IPython, never the grader.

The zygote imports numpy, matplotlib (Agg) and IPython once, then waits on its
control socket (fd 0) for ``{"cmd": "start"}`` messages, each carrying a fresh
socket (SCM_RIGHTS) for one submission.  It forks a child that serves that
submission on the fresh socket:

- ``{"cmd": "cell", "source": ...}``: run a cell (IPython syntax, magics work);
  reply ``ok``, the exception's name and text, and the first bytes of output.
- ``{"cmd": "call", "name": ...}`` + the arguments as data: call the student's
  function; reply its output as data (see `_ag_transport`), or the exception.
- ``{"cmd": "variable", "name": ...}``: reply a notebook variable as data.
- ``{"cmd": "quit"}``.

Each request carries an ``id`` that the reply repeats, and may carry
``cpu``: the CPU seconds the request may use (RLIMIT_CPU's soft limit; the
hard limit is the whole notebook's).

The child never sees the grader's references or the test cells; whatever it
replies is only the student's answer, which the grader compares itself.  It
keeps no file descriptor but its channel (and /dev/null as stdout and stderr).
In the sandbox the zygote is pid 1 and not dumpable: the student's code can
neither signal it nor read its memory or descriptors.  When the child ends (or
on ``{"cmd": "finish"}``), the zygote kills every other process of the
sandbox (``kill(-1)`` in its pid namespace), reaps them, empties the scratch
directories and reports the child's exit status and CPU time, and whether
anything was left that it could not remove.
"""

import builtins
import contextlib
import ctypes
import json
import math
import os
import resource
import select
import shutil
import signal
import socket
import sys
import time

import _ag_transport as transport

# our own copies of the builtins: a student who replaces `builtins.max` does not break this module
globals().update({_name: getattr(builtins, _name) for _name in dir(builtins) if not _name.startswith("_")})

_PRISTINE = dict(vars(builtins))  # before any student code ran


@contextlib.contextmanager
def pristine_builtins():
    """The original builtins while the worker decodes and encodes data (numpy's npz code uses them)."""
    table = vars(builtins)
    theirs = dict(table)
    table.clear()
    table.update(_PRISTINE)
    try:
        yield
    finally:
        table.clear()
        table.update(theirs)


PR_SET_PDEATHSIG, PR_SET_DUMPABLE, PR_SET_CHILD_SUBREAPER = 1, 4, 36
# the worker's own references: a student who replaces `resource.setrlimit` does not change ours
_setrlimit, _getrlimit, _getrusage = resource.setrlimit, resource.getrlimit, resource.getrusage


def _prctl(option, value):
    try:
        ctypes.CDLL(None, use_errno=True).prctl(option, value, 0, 0, 0)
    except (OSError, AttributeError):
        pass


class Capture:
    """A text stream that keeps the first `limit` characters written to it and drops the rest."""

    def __init__(self, limit):
        self.limit, self.parts, self.size, self.dropped = limit, [], 0, 0

    def write(self, text):
        text = str(text)
        room = self.limit - self.size
        if room > 0:
            self.parts.append(text[:room])
            self.size += min(room, len(text))
        self.dropped += max(0, len(text) - max(room, 0))
        return len(text)

    def flush(self):
        pass

    def isatty(self):
        return False

    def writable(self):
        return True

    @property
    def encoding(self):
        return "utf-8"

    def take(self):
        text = "".join(self.parts)
        if self.dropped:
            text += f"\n[... {self.dropped} more characters of output dropped]"
        self.parts, self.size, self.dropped = [], 0, 0
        return text


def make_shell():
    """An IPython shell (no history, no prompts), or None when IPython is not installed."""
    try:
        from IPython.core.interactiveshell import InteractiveShell
        from traitlets.config import Config
    except ImportError:
        return None
    config = Config()
    config.HistoryManager.enabled = False
    config.InteractiveShell.colors = "NoColor"
    config.InteractiveShell.xmode = "Plain"
    shell = InteractiveShell.instance(config=config)
    # figures stay on the Agg backend whatever the notebook asks: `%matplotlib` does nothing here
    shell.enable_gui = lambda gui=None: None
    shell.register_magic_function(lambda line="": None, "line", "matplotlib")
    if hasattr(shell, "_tee"):
        # IPython keeps a copy of every output for its history: slow, and unbounded
        shell._tee = lambda channel: contextlib.nullcontext()
    return shell


def _describe(error):
    try:
        text = str(error)
    except BaseException:
        text = "<unprintable>"
    return type(error).__name__, text[:1000]


def _paths(folders):
    """Every path under `folders` (for the isolated call's clean-up)."""
    found = set()
    for folder in folders:
        for root, dirs, files in os.walk(folder):
            found.update(os.path.join(root, name) for name in dirs + files)
    return found


class Child:
    """Serves one submission on `chan`."""

    def __init__(self, chan, config, shell):
        self.chan, self.config, self.shell = chan, config, shell
        self.capture = Capture(int(config.get("output_chars", 20000)))
        self.request_id = None
        if shell is not None:
            self.namespace = shell.user_ns
        else:
            self.namespace = {"__name__": "__main__", "__builtins__": __builtins__}

    def run_cell(self, source):
        if self.shell is not None:
            result = self.shell.run_cell(source, store_history=False, silent=False)
            error = result.error_before_exec or result.error_in_exec
            if error is None and not result.success:
                return "Error", "the cell failed"
            return (None, None) if error is None else _describe(error)
        try:
            exec(compile(source, "<cell>", "exec"), self.namespace)
        except BaseException as error:  # SystemExit too: a cell error, not the end
            return _describe(error)
        return None, None

    def call(self, name, args, kwargs):
        function = self.namespace.get(name)
        if function is None:
            return {"ok": False, "error": "undefined"}, None
        if not callable(function):
            return {"ok": False, "error": "not_callable", "type": type(function).__name__}, None
        try:
            return {"ok": True}, function(*args, **kwargs)
        except NotImplementedError:
            return {"ok": False, "error": "not_implemented"}, None
        except MemoryError:
            return {"ok": False, "error": "memory"}, None
        except BaseException as error:
            ename, evalue = _describe(error)
            return {"ok": False, "error": "raised", "ename": ename, "evalue": evalue}, None

    # -- per-function isolation (issue 12; `autograder/isolation.py`) ------------------------------
    def isolated_call(self, meta, args, kwargs):
        """Call the student's function with the instructor's versions of the functions it uses.

        It runs in a forked child that cannot write files (RLIMIT_FSIZE 0) and replies itself;
        when it ends, the reference definitions, and anything the call changed, are gone.
        """
        before = _paths(self.config.get("wipe", []))
        read_end, write_end = os.pipe()
        child = os.fork()
        if child == 0:
            mine = os.getpid()
            try:
                os.close(read_end)
                signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
                resource.setrlimit(resource.RLIMIT_FSIZE, (0, 0))
                for source in meta["isolate"]:
                    exec(compile(source, "<reference>", "exec"), self.namespace)
                out_meta, result = self.call(meta["name"], args, kwargs)
                if os.getpid() == mine:  # not a process the student forked
                    self.reply(out_meta, result, with_value=out_meta["ok"])
                    os.write(write_end, b"1")
            finally:
                os._exit(0)
        os.close(write_end)
        while True:
            try:
                os.waitpid(child, 0)
                break
            except ChildProcessError:
                break
            except InterruptedError:
                continue
        answered = os.read(read_end, 1)
        os.close(read_end)
        for path in sorted(_paths(self.config.get("wipe", [])) - before, reverse=True):
            try:  # whatever the call created (empty files, folders, names) goes too
                if os.path.isdir(path) and not os.path.islink(path):
                    shutil.rmtree(path, ignore_errors=True)
                else:
                    os.unlink(path)
            except OSError:
                pass
        if not answered:
            self.reply({"ok": False, "error": "raised", "ename": "SystemExit",
                        "evalue": "the function ended the process that ran it"})
    # -- end of per-function isolation -----------------------------------------------------------

    def _reply(self, meta, value, with_value):
        meta["output"] = self.capture.take()
        if not with_value:
            transport.send_meta(self.chan, meta)
            return
        try:
            transport.send_value(self.chan, meta, value, int(self.config.get("max_reply_bytes", 64 << 20)))
        except transport.TooLarge as error:
            transport.send_meta(self.chan, {"ok": False, "error": "too_large", "evalue": str(error),
                                            "output": meta["output"], "id": meta.get("id")})
        except BaseException as error:
            ename, evalue = _describe(error)
            transport.send_meta(self.chan, {"ok": False, "error": "unsendable", "ename": ename,
                                            "evalue": evalue, "output": meta["output"], "id": meta.get("id")})

    def reply(self, meta, value=None, with_value=False):
        meta["id"] = self.request_id
        with pristine_builtins():
            self._reply(meta, value, with_value)

    def serve(self):
        pid = os.getpid()
        while True:
            try:
                header, payload = transport.recv_frame(self.chan)
            except (EOFError, OSError):
                return
            try:
                with pristine_builtins():
                    meta, value = transport.split_value(header, payload)
                self.request_id = meta.get("id")
                limit_cpu(meta.get("cpu"))
                command = meta.get("cmd")
                sys.stdout = sys.stderr = self.capture
                if command == "cell":
                    ename, evalue = self.run_cell(meta["source"])
                    if os.getpid() != pid:
                        os._exit(0)  # a process the student forked must not answer for the worker
                    self.reply({"ok": ename is None, "ename": ename, "evalue": evalue})
                elif command == "call" and meta.get("isolate"):  # per-function isolation (issue 12)
                    args, kwargs = value
                    self.isolated_call(meta, list(args), dict(kwargs))
                elif command == "call":
                    args, kwargs = value
                    out_meta, result = self.call(meta["name"], list(args), dict(kwargs))
                    if os.getpid() != pid:
                        os._exit(0)
                    self.reply(out_meta, result, with_value=out_meta["ok"])
                elif command == "variable":
                    name = meta["name"]
                    if name in self.namespace:
                        self.reply({"ok": True}, self.namespace[name], with_value=True)
                    else:
                        self.reply({"ok": False, "error": "undefined"})
                elif command == "quit":
                    return
                else:
                    self.reply({"ok": False, "error": f"unknown command {command!r}"})
            except BaseException as error:  # the student broke something we use: say so, go on
                ename, evalue = _describe(error)
                try:
                    transport.send_meta(self.chan, {"ok": False, "error": "worker", "ename": ename,
                                                    "evalue": evalue, "output": "", "id": self.request_id})
                except BaseException:
                    return


def limit_cpu(seconds):
    """Let this process use `seconds` more CPU time (RLIMIT_CPU's soft limit, below the hard one)."""
    if seconds is None:
        return
    _, hard = _getrlimit(resource.RLIMIT_CPU)
    usage = _getrusage(resource.RUSAGE_SELF)
    soft = math.ceil(usage.ru_utime + usage.ru_stime + float(seconds))
    if hard != resource.RLIM_INFINITY:
        soft = min(soft, hard)
    _setrlimit(resource.RLIMIT_CPU, (soft, hard))


def close_other_descriptors(keep):
    """Close every file descriptor of this process but `keep` (and 0-2, which are /dev/null by now)."""
    try:
        open_fds = [int(name) for name in os.listdir("/proc/self/fd")]
    except OSError:
        open_fds = range(3, 1024)
    for fd in open_fds:
        if fd > 2 and fd not in keep:
            try:
                os.close(fd)
            except OSError:
                pass


def _copy_inbox(inbox, home):
    if not inbox or not os.path.isdir(inbox):
        return
    for entry in os.listdir(inbox):
        source, target = os.path.join(inbox, entry), os.path.join(home, entry)
        try:
            if os.path.isdir(source):
                shutil.copytree(source, target, dirs_exist_ok=True)
            else:
                shutil.copy(source, target)
        except OSError:
            pass


def child_main(chan, config, shell):
    """The forked child: limits, a fresh scratch directory, then serve until told to quit."""
    os.environ["HOME"] = config["home"]
    if not config.get("sandboxed"):
        os.setsid()  # unsandboxed: one process group to kill at the end
    _prctl(PR_SET_DUMPABLE, 0)
    memory = config.get("memory_bytes")
    if memory:
        with open("/proc/self/statm") as statm:
            virtual = int(statm.read().split()[0]) * resource.getpagesize()
        resource.setrlimit(resource.RLIMIT_AS, (virtual + memory, virtual + memory))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    file_bytes = config.get("file_bytes")
    if file_bytes:
        resource.setrlimit(resource.RLIMIT_FSIZE, (file_bytes, file_bytes))
    cpu = config.get("cpu_seconds")
    if cpu:
        usage = resource.getrusage(resource.RUSAGE_SELF)
        hard = math.ceil(usage.ru_utime + usage.ru_stime + cpu)
        resource.setrlimit(resource.RLIMIT_CPU, (hard, hard))
    os.makedirs(config["home"], exist_ok=True)
    _copy_inbox(config.get("inbox"), config["home"])
    os.chdir(config["home"])
    devnull = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(devnull, fd)
    os.close(devnull)
    close_other_descriptors({chan.fileno()})
    Child(chan, config, shell).serve()


def _mount_points():
    points = set()
    try:
        with open("/proc/self/mountinfo") as mountinfo:
            for line in mountinfo:
                fields = line.split()
                if len(fields) > 4:
                    points.add(fields[4].encode().decode("unicode_escape"))
    except OSError:
        pass
    return points


def _make_removable(path):
    """Give the owner back write and search rights on every directory under `path` (the student's
    code may have taken them away so that the next submission would find its files)."""
    for root, dirs, _ in os.walk(path):
        for name in dirs:
            try:
                os.chmod(os.path.join(root, name), 0o700, follow_symlinks=False)
            except OSError:
                pass


def _wipe(directory, keep=()):
    """Remove everything in `directory` but the mount points in `keep` (and the directories on the
    way to them); return the paths that could not be removed."""
    if not directory or not os.path.isdir(directory):
        return []
    left = []
    try:
        os.chmod(directory, 0o1777)
    except OSError:
        pass
    for entry in os.listdir(directory):
        path = os.path.join(directory, entry)
        if path in keep:
            continue
        if any(point.startswith(path + "/") for point in keep):
            left += _wipe(path, keep)
            continue
        try:
            if os.path.isdir(path) and not os.path.islink(path):
                _make_removable(path)
                os.chmod(path, 0o700)
                shutil.rmtree(path, ignore_errors=True)
            else:
                os.unlink(path)
        except OSError:
            pass
        if os.path.lexists(path):
            left.append(path)
    return left


def _children_of(pid):
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as stat:
                    fields = stat.read().rsplit(")", 1)[1].split()
                if int(fields[1]) == pid:
                    found.append(int(entry))
            except (OSError, IndexError, ValueError):
                pass
    return found


def _count_processes():
    return sum(1 for entry in os.listdir("/proc") if entry.isdigit())


def _kill_all(sandboxed, child):
    """Kill every process of the submission and reap them all."""
    for _ in range(100):
        if sandboxed:
            try:
                os.kill(-1, signal.SIGKILL)  # our pid namespace only: all but us and its init
            except ProcessLookupError:
                pass
        else:
            try:
                os.killpg(child, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
            for pid in _children_of(os.getpid()):
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
        while True:
            try:
                pid, _ = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                return
            if pid == 0:
                break
        time.sleep(0.005)


def _status_text(status, usage=None):
    cpu = {"cpu": round(usage.ru_utime + usage.ru_stime, 3)} if usage is not None else {}
    if os.WIFSIGNALED(status):
        return {"signal": os.WTERMSIG(status), **cpu}
    return {"exit": os.WEXITSTATUS(status), **cpu}


def zygote_main(config):
    _prctl(PR_SET_DUMPABLE, 0)  # before anything else: no process of the sandbox may read this one
    import numpy  # noqa: F401  (imported once, shared by every child)

    os.environ.setdefault("MPLBACKEND", "Agg")
    fonts, target = config.get("mplconfig"), os.environ.get("MPLCONFIGDIR")
    if fonts and target and os.path.isdir(fonts):
        os.makedirs(target, exist_ok=True)
        for name in os.listdir(fonts):
            shutil.copy(os.path.join(fonts, name), target)  # matplotlib's font cache, built once
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot  # noqa: F401
    except ImportError:
        pass
    shell = make_shell() if config.get("ipython", True) else None
    for module in config.get("preload", []):  # e.g. the course's helpers when the setup imports them
        try:
            __import__(module)  # imported once here; each child has its own copy
        except Exception:
            pass
    _prctl(PR_SET_CHILD_SUBREAPER, 1)
    _prctl(PR_SET_DUMPABLE, 0)
    sandboxed = bool(config.get("sandboxed"))
    max_processes = int(config.get("max_processes", 0))
    ctrl = socket.socket(fileno=0)
    zygote = os.getpid()
    transport.send_meta(ctrl, {"ready": True, "pid": os.getpid()})
    while True:
        try:
            message, fds, _, _ = socket.recv_fds(ctrl, 1 << 16, 4)
        except OSError:
            return
        if not message:
            return
        meta = json.loads(message[transport.HEADER.size:])["meta"]
        if meta.get("cmd") != "start" or not fds:
            for fd in fds:
                transport.close_quietly(fd)
            if meta.get("cmd") == "exit":
                return
            continue
        child_config = dict(config, **meta.get("config", {}))
        pid = os.fork()
        if pid == 0:
            _prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
            if os.getppid() != zygote:
                os._exit(1)
            ctrl.close()
            chan = socket.socket(fileno=fds[0])
            try:
                child_main(chan, child_config, shell)
            finally:
                os._exit(0)
        for fd in fds:
            transport.close_quietly(fd)
        status, event = None, None
        while True:
            ready, _, _ = select.select([ctrl], [], [], 0.02)
            if ready:
                try:
                    header, _ = transport.recv_frame(ctrl)
                except (EOFError, OSError):
                    _kill_all(sandboxed, pid)
                    return
                command = json.loads(header)["meta"].get("cmd")
                if command == "finish":
                    break
                if command == "ping":
                    transport.send_meta(ctrl, {"event": "pong"})
            if event is not None:
                continue
            done, raw, usage = os.wait4(pid, os.WNOHANG)
            if done:
                status, event = _status_text(raw, usage), "exited"
            elif sandboxed and max_processes and _count_processes() > max_processes + 2:
                event = "processes"
            if event is not None:
                _kill_all(sandboxed, pid)
                transport.send_meta(ctrl, {"event": event, "status": status})
        _kill_all(sandboxed, pid)
        keep = _mount_points()
        left = []
        for directory in child_config.get("wipe", []):
            left += _wipe(directory, keep)
        transport.send_meta(ctrl, {"event": "ended", "status": status, "left": left[:20]})

if __name__ == "__main__":
    zygote_main(json.loads(sys.argv[1]))
