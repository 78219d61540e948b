"""A pids and a memory cgroup for one slot (cgroup v1 or v2), where this machine lets us create them."""

import pathlib
import time


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
                    try:  # a child cgroup has only the controllers its parent hands down
                        (base / "cgroup.subtree_control").write_text("+pids +memory")
                    except OSError:
                        pass
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
