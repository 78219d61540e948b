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

The child never sees the grader's references or the test cells; whatever it
replies is only the student's answer, which the grader compares itself.
When the child ends (or on ``{"cmd": "finish"}``), the zygote kills every
other process of the sandbox (``kill(-1)`` in its pid namespace), reaps them,
wipes the scratch directories and reports the child's exit status.
"""

import builtins
import contextlib
import ctypes
import json
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


class Child:
    """Serves one submission on `chan`."""

    def __init__(self, chan, config, shell):
        self.chan, self.config, self.shell = chan, config, shell
        self.capture = Capture(int(config.get("output_chars", 20000)))
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

    def reply(self, meta, value=None, with_value=False):
        with pristine_builtins():
            self._reply(meta, value, with_value)

    def _reply(self, meta, value, with_value):
        meta["output"] = self.capture.take()
        if not with_value:
            transport.send_meta(self.chan, meta)
            return
        try:
            transport.send_value(self.chan, meta, value, int(self.config.get("max_reply_bytes", 64 << 20)))
        except transport.TooLarge as error:
            transport.send_meta(self.chan, {"ok": False, "error": "too_large", "evalue": str(error),
                                            "output": meta["output"]})
        except BaseException as error:
            ename, evalue = _describe(error)
            transport.send_meta(self.chan, {"ok": False, "error": "unsendable", "ename": ename,
                                            "evalue": evalue, "output": meta["output"]})

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
                command = meta.get("cmd")
                sys.stdout = sys.stderr = self.capture
                if command == "cell":
                    ename, evalue = self.run_cell(meta["source"])
                    if os.getpid() != pid:
                        os._exit(0)  # a process the student forked must not answer for the worker
                    self.reply({"ok": ename is None, "ename": ename, "evalue": evalue})
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
                                                    "evalue": evalue, "output": ""})
                except BaseException:
                    return


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
    os.makedirs(config["home"], exist_ok=True)
    _copy_inbox(config.get("inbox"), config["home"])
    os.chdir(config["home"])
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.dup2(devnull, 2)
    os.close(devnull)
    Child(chan, config, shell).serve()


def _wipe(directory):
    if not directory or not os.path.isdir(directory):
        return
    for entry in os.listdir(directory):
        path = os.path.join(directory, entry)
        try:
            if os.path.isdir(path) and not os.path.islink(path):
                shutil.rmtree(path, ignore_errors=True)
            else:
                os.unlink(path)
        except OSError:
            pass


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


def _status_text(status):
    if os.WIFSIGNALED(status):
        return {"signal": os.WTERMSIG(status)}
    return {"exit": os.WEXITSTATUS(status)}


def zygote_main(config):
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
            done, raw = os.waitpid(pid, os.WNOHANG)
            if done:
                status, event = _status_text(raw), "exited"
            elif sandboxed and max_processes and _count_processes() > max_processes + 2:
                event = "processes"
            if event is not None:
                _kill_all(sandboxed, pid)
                transport.send_meta(ctrl, {"event": event, "status": status})
        _kill_all(sandboxed, pid)
        for directory in child_config.get("wipe", []):
            _wipe(directory)
        transport.send_meta(ctrl, {"event": "ended", "status": status})

if __name__ == "__main__":
    zygote_main(json.loads(sys.argv[1]))
