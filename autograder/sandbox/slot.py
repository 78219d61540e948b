"""A slot: one sandbox with its zygote (`Slot`), and the grader's side of one submission (`Session`)."""

import atexit
import io
import json
import os
import pathlib
import select
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

from .. import transport
from .cgroups import Cgroup
from .files import copy_bounded, open_regular, safe_name
from .limits import Limits, WorkerDied
from .privileges import (SANDBOX_UID, bwrap_path, drop_privileges, reachable_by_others, scratch_base,
                         seccomp_program)

HOME, TMP, SHM, RUNTIME, INBOX = "/home/student", "/tmp", "/dev/shm", "/opt/grader", "/inbox"
SYSTEM_PATHS = ("/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32",
                "/etc/ld.so.cache", "/etc/ld.so.conf", "/etc/ld.so.conf.d", "/etc/alternatives",
                "/etc/fonts", "/etc/localtime", "/etc/mime.types")
MAX_EVENT_BYTES = 1 << 16   # a message of the zygote
MAX_STRAY_REPLIES = 64      # replies to no request (a student's thread writing to the channel) before giving up


class Slot:
    """One sandboxed zygote; `begin` a `Session` per submission, one at a time.

    Parameters
    ----------
    runtime : Runtime
    limits : Limits
    sandbox : bool or None, None uses bwrap where it works
    name : str, used for the cgroup's name
    """

    counter = 0

    def __init__(self, runtime, limits=None, sandbox=None, name=None):
        self.runtime = runtime
        self.limits = limits or Limits()
        self.bwrap = bwrap_path() if sandbox in (None, True) else None
        if sandbox is True and self.bwrap is None:
            raise RuntimeError("bubblewrap (bwrap) is not available")
        self.sandboxed = self.bwrap is not None
        Slot.counter += 1
        self.name = name or f"autograder-{os.getpid()}-{Slot.counter}"
        self.dir = pathlib.Path(tempfile.mkdtemp(prefix="autograder-slot-",
                                                 dir=scratch_base() if self.sandboxed else None))
        self.dir.chmod(0o755)  # the unprivileged sandbox reads its inbox from here
        self.inbox = self.dir / "inbox"
        self.process = self.ctrl = None
        self.cgroup = None
        self.starts = 0
        atexit.register(self.close)

    # the zygote's life
    def _config(self):
        limits = self.limits
        if self.sandboxed:
            home, scratch = HOME, [HOME, TMP, SHM]
        else:
            home, scratch = str(self.dir / "home"), [str(self.dir / "home"), str(self.dir / "tmp")]
        return {"sandboxed": self.sandboxed, "home": home, "inbox": INBOX if self.sandboxed else str(self.inbox),
                "wipe": scratch, "mplconfig": f"{RUNTIME if self.sandboxed else self.runtime.path}/mplconfig",
                "memory_bytes": limits.memory_mb << 20,
                "file_bytes": limits.scratch_mb << 20,
                "cpu_seconds": int(limits.notebook_timeout) + 1,
                "max_processes": 0 if (self.cgroup and self.cgroup.usable) else limits.max_processes,
                "max_reply_bytes": limits.max_reply_mb << 20, "output_chars": limits.output_chars,
                "preload": list(getattr(self.runtime, "preload", []))}

    def _environment(self, tmp):
        """The sandbox's whole environment: built from nothing, nothing of the grader's."""
        import helpers.datasets

        return {"PATH": "/usr/local/bin:/usr/bin:/bin", "LANG": "C.UTF-8", "PYTHONHASHSEED": "0",
                "PYTHONDONTWRITEBYTECODE": "1", "MPLBACKEND": "Agg", "MPLCONFIGDIR": f"{tmp}/mpl",
                "IPYTHONDIR": f"{tmp}/ipython", "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1",
                "MKL_NUM_THREADS": "1", "COURSE_DATASETS": str(helpers.datasets.DATA_DIR)}

    def _python(self):
        python = str(pathlib.Path(sys.prefix) / "bin" / "python")
        return python if pathlib.Path(python).exists() else sys.executable

    def _command(self, seccomp_fd=None):
        """The command that starts the zygote.

        A bind source the unprivileged account cannot reach (a Python installed
        under ``/root``, say) is first bind-mounted, by the grader and in a
        mount namespace of the sandbox's own, at a reachable place in the
        slot's directory (``stage/N``), and bound from there.
        """
        python = self._python()
        config = json.dumps(self._config())
        if not self.sandboxed:
            return [python, "-s", "-E", str(self.runtime.path / "_ag_worker.py"), config]
        import helpers.datasets

        staged = []

        def ro_bind(source, target):
            source = str(source)
            if os.geteuid() == 0 and not reachable_by_others(source):
                stage = self.dir / "stage" / str(len(staged))
                stage.mkdir(parents=True, exist_ok=True)
                for path in (stage.parent, stage):
                    path.chmod(0o755)
                staged.append((source, str(stage)))
                source = str(stage)
            return ["--ro-bind", source, target]

        scratch = str(self.limits.scratch_mb << 20)
        cmd = [*drop_privileges(), self.bwrap,
               "--unshare-user", "--uid", str(SANDBOX_UID), "--gid", str(SANDBOX_UID),
               "--unshare-pid", "--unshare-net", "--unshare-ipc", "--unshare-uts", "--unshare-cgroup-try",
               "--disable-userns", "--cap-drop", "ALL", "--as-pid-1",
               "--die-with-parent", "--new-session", "--clearenv",
               "--proc", "/proc", "--dev", "/dev",
               "--perms", "1777", "--size", scratch, "--tmpfs", SHM,
               "--perms", "1777", "--size", scratch, "--tmpfs", TMP,
               "--perms", "1777", "--size", scratch, "--tmpfs", HOME]
        for path in SYSTEM_PATHS:
            if os.path.islink(path):
                cmd += ["--symlink", os.readlink(path), path]
            elif os.path.exists(path):
                cmd += ro_bind(path, path)
        bound = []
        for path in (sys.base_prefix, sys.prefix, os.path.dirname(os.path.realpath(python))):
            real = os.path.realpath(path)
            if not any(real == b or real.startswith(b + os.sep) for b in bound) and not real.startswith("/usr"):
                bound.append(real)
                cmd += ro_bind(real, real)
                if path != real:
                    cmd += ["--symlink", real, path]
        data = os.path.realpath(helpers.datasets.DATA_DIR)
        if os.path.isdir(data):
            cmd += ro_bind(data, data)
        cmd += [*ro_bind(self.runtime.path, RUNTIME), *ro_bind(self.inbox, INBOX),
                "--remount-ro", "/dev", "--remount-ro", "/"]
        if seccomp_fd is not None:
            cmd += ["--seccomp", str(seccomp_fd)]
        for key, value in self._environment(TMP).items():
            cmd += ["--setenv", key, value]
        cmd += ["--chdir", HOME, python, "-s", "-E", f"{RUNTIME}/_ag_worker.py", config]
        if staged:
            unshare, mount = shutil.which("unshare"), shutil.which("mount")
            if unshare is None or mount is None:
                raise RuntimeError(f"{staged[0][0]} is not readable by an unprivileged user, and `unshare` "
                                   "and `mount` (util-linux) are needed to show it to the sandbox")
            script = ('while [ "$1" != -- ]; do "$0" --bind "$1" "$2" && "$0" -o remount,bind,ro "$2" '
                      '|| exit 96; shift 2; done; shift; exec "$@"')
            cmd = [unshare, "--mount", "--propagation", "private", "--", "/bin/sh", "-c", script, mount,
                   *[part for pair in staged for part in pair], "--", *cmd]
        return cmd

    def start(self):
        """Start (or restart) the zygote; return the seconds it took."""
        started = time.perf_counter()
        self.stop()
        self.inbox.mkdir(parents=True, exist_ok=True)
        self.inbox.chmod(0o755)
        if not self.sandboxed:
            for sub in ("home", "tmp"):
                (self.dir / sub).mkdir(exist_ok=True)
        if self.sandboxed and self.cgroup is None:
            self.cgroup = Cgroup(self.name)
        ours, theirs = socket.socketpair()
        pass_fds, seccomp_fd = (), None
        program = seccomp_program() if self.sandboxed else None
        if program is not None:
            seccomp_fd, write_end = os.pipe()
            os.write(write_end, program)  # a few hundred bytes: fits in the pipe's buffer
            os.close(write_end)
            pass_fds = (seccomp_fd,)
        cmd = self._command(seccomp_fd)
        if self.cgroup is not None and self.cgroup.usable:
            # join the cgroups (as the grader, before dropping privileges) before bwrap forks anything
            cmd = ["/bin/sh", "-c", 'while [ "$1" != -- ]; do echo $$ > "$1" || exit 97; shift; done; '
                   'shift; exec "$@"', "sh", *self.cgroup.procs_files(), "--", *cmd]
        if self.sandboxed:
            env = {}  # bwrap needs nothing; the sandbox's environment is set with --setenv
        else:
            env = dict(self._environment(str(self.dir / "tmp")), HOME=str(self.dir / "home"))
            env["PATH"] = os.environ.get("PATH", env["PATH"])
            (self.dir / "tmp" / "mpl").mkdir(parents=True, exist_ok=True)
            for font_list in (self.runtime.path / "mplconfig").glob("*.json"):
                shutil.copy(font_list, self.dir / "tmp" / "mpl")
        log = open(self.dir / "zygote.log", "ab")
        try:
            self.process = subprocess.Popen(cmd, stdin=theirs.fileno(), stdout=log, stderr=log, env=env,
                                            cwd=str(self.dir), start_new_session=True, pass_fds=pass_fds)
        finally:
            log.close()
            theirs.close()
            for fd in pass_fds:
                os.close(fd)
        self.ctrl = ours
        self.ctrl.settimeout(60)
        try:
            meta, _ = transport.split_value(*transport.recv_frame(self.ctrl, MAX_EVENT_BYTES))
        except (EOFError, OSError, ValueError) as error:
            self.stop()
            raise RuntimeError(f"the grading worker did not start: {error}; see "
                               f"{self.dir / 'zygote.log'}") from None
        self.ctrl.settimeout(None)
        self.zygote_pid = meta.get("pid")
        if self.cgroup is not None and self.cgroup.usable:
            baseline = self.cgroup.memory_usage()
            self.cgroup.set_limits(self.limits.max_processes,
                                   baseline + (self.limits.memory_mb << 20) + (self.limits.scratch_mb << 21)
                                   + (self.limits.scratch_mb << 20) + (64 << 20))
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
    def _fill_inbox(self, files):
        """Copy `files` into the inbox by content, at most `scratch_mb` in all; `Refused` otherwise."""
        for entry in self.inbox.iterdir():
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry)
            else:
                entry.unlink()
        room = self.limits.scratch_mb << 20
        for item in files:
            name = os.path.basename(item[0] if isinstance(item, tuple) else os.fspath(item))
            if name in ("", ".", ".."):
                continue
            target = self.inbox / name
            with open(target, "xb") as out:
                if isinstance(item, tuple):
                    source = io.BytesIO(item[1])
                else:
                    source = open_regular(item, room)
                with source:
                    room -= copy_bounded(source, out, room, f"{safe_name(name)} (with the files before it)")
            target.chmod(0o644)

    def begin(self, files=()):
        """A `Session` for one submission.

        `files` are paths of regular files (see `submission_files`) or
        ``(name, bytes)`` pairs; they are copied by content into the
        submission's home directory.  Raises `Refused` for a file that is not
        a regular file with one link, or when they exceed `scratch_mb`.
        """
        if not self.alive:
            self.start()
        self._fill_inbox(files)
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
    """The grader's side of one submission's child process.

    Every request carries a number the child's reply must repeat: a reply to
    no request (a thread of the student's left writing to the channel) is
    dropped, and too many of them end the submission.
    """

    def __init__(self, slot, chan, counters):
        self.slot, self.chan, self.counters = slot, chan, counters
        self.dead = None  # the WorkerDied that ended it, if any
        self.ended = False
        self.number = 0
        self.cpu = None  # the CPU limit of the request in flight

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
        status = status or {}
        signal_number = status.get("signal")
        if signal_number == signal.SIGXCPU:
            return "timeout"
        if signal_number == signal.SIGKILL and self.cpu is not None \
                and float(status.get("cpu") or 0) >= self.cpu - 0.5:
            return "timeout"  # RLIMIT_CPU's hard limit (the student ignored SIGXCPU)
        return "crashed"

    def _exited(self, event):
        status = event.get("status")
        status = status if isinstance(status, dict) else {}
        how = (f"killed by signal {status['signal']}" if "signal" in status
               else f"exit status {status.get('exit')}")
        kind = self._exit_kind(status)
        if kind == "timeout":
            self._died(kind, f"more than {self.cpu:g} s of CPU time" if self.cpu else "out of time")
        self._died(kind, f"the student's process ended ({how})")

    def request(self, meta, value=None, timeout=30.0, with_value=False, encoded=None, cpu=None):
        """Send a request to the child and wait for its reply: ``(meta, value)``.

        `cpu` limits the CPU time the child may use for it (seconds, None: no
        limit but the notebook's), `timeout` the wall-clock time.  Raises
        `WorkerDied` when the child dies, hits a limit or does not answer in time.
        """
        if self.dead is not None:
            raise self.dead
        self.number += 1
        meta = dict(meta, id=self.number)
        if cpu is not None:
            meta["cpu"] = cpu
        self.cpu = cpu
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
        strays = 0
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                self._died("timeout", f"no answer within {timeout:g} s")
            ready, _, _ = select.select([self.chan, self.slot.ctrl], [], [], min(remaining, 0.05))
            if self.chan in ready:
                reply, problem = self._receive(max(remaining, 0.5), max_bytes, timeout)
                if problem is not None and problem[0] == "ended":
                    self._child_gone()
                if problem is not None:
                    self._died(*problem)
                if reply[0].get("id") != self.number:
                    strays += 1
                    if strays > MAX_STRAY_REPLIES:
                        self._died("output", f"more than {MAX_STRAY_REPLIES} messages that answer no request")
                    continue
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
                    self._exited(event)
            else:
                kind = self._limit_hit()
                if kind:
                    self._died(kind, "too many processes" if kind == "processes" else "out of memory")

    def _receive(self, wait, max_bytes, timeout):
        """``(reply, None)`` or ``(None, (kind, detail))``."""
        self.chan.settimeout(wait)
        try:
            header, payload = transport.recv_frame(self.chan, max_bytes)
            return transport.split_value(header, payload, max_bytes), None
        except transport.TooLarge as error:
            return None, ("output", str(error))
        except (socket.timeout, TimeoutError):
            return None, ("timeout", f"no complete answer within {timeout:g} s")
        except (EOFError, OSError):
            return None, ("ended", "the student's process ended")
        except (ValueError, KeyError, TypeError, IndexError, RecursionError, MemoryError) as error:
            return None, ("crashed", f"the student's process sent malformed data: {str(error)[:200]}")
        finally:
            try:
                self.chan.settimeout(None)
            except OSError:
                pass

    def _child_gone(self):
        """The channel closed: wait (briefly) for the zygote's word on how the child ended."""
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            ready, _, _ = select.select([self.slot.ctrl], [], [], deadline - time.monotonic())
            if not ready:
                break
            event = self._read_event()
            if event is None:
                self._died(self._limit_hit() or "crashed", "the student's code killed the grading worker")
            if event.get("event") == "processes":
                self._died("processes", "too many processes")
            if event.get("event") == "exited":
                self._exited(event)
        self._died(self._exit_kind(None), "the student's process ended")

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
                self._exited(event)

    def _read_event(self):
        try:
            self.slot.ctrl.settimeout(5)
            header, _ = transport.recv_frame(self.slot.ctrl, MAX_EVENT_BYTES, MAX_EVENT_BYTES)
            event = transport.loads(header)["meta"]
            return event if isinstance(event, dict) else None
        except (EOFError, OSError, ValueError, KeyError, TypeError, AttributeError):
            return None
        finally:
            if self.slot.ctrl is not None:
                self.slot.ctrl.settimeout(None)

    def _finish(self):
        """Tell the zygote to end this submission; restart the zygote if it does not answer, or if
        anything of this submission is left in the sandbox."""
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
                    if event.get("left"):
                        break  # something survived the cleaning: the next submission gets a new sandbox
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
