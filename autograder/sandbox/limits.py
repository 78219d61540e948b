"""One `Limits` for the engine and the sandbox, and how a submission's process can end (`WorkerDied`)."""

import dataclasses


class WorkerDied(Exception):
    """The student's process ended (or was ended) before it answered.

    kind: "timeout", "memory", "processes", "crashed", "output".
    """

    def __init__(self, kind, detail):
        super().__init__(detail)
        self.kind, self.detail = kind, detail


@dataclasses.dataclass
class Limits:
    """Everything one submission may use; times are seconds, sizes megabytes.

    `cell_timeout`, `call_timeout` and `notebook_timeout` are CPU time, so a
    busy machine does not change a grade; a request that has not answered
    after ``wall_factor`` times its CPU limit plus 10 s of wall-clock time is
    stopped too (a cell that sleeps or waits).  `sandbox` None means "bwrap
    where it works".
    """

    cell_timeout: float = 60.0
    call_timeout: float = 60.0
    notebook_timeout: float = 600.0
    wall_factor: float = 3.0
    memory_mb: int = 1024
    max_processes: int = 64
    scratch_mb: int = 256
    max_reply_mb: int = 64
    max_notebook_mb: int = 32
    output_chars: int = 20000
    sandbox: bool | None = None

    def wall(self, cpu_seconds):
        """The wall-clock backstop for a request limited to `cpu_seconds` of CPU time."""
        return cpu_seconds * self.wall_factor + 10.0

    def sandbox_limits(self):
        """The limits for `Slot` (the same object: there is one `Limits`)."""
        return self


SandboxLimits = Limits  # the name the sandbox's limits had before they were merged with the engine's
