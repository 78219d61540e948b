"""Where a student's code runs: a bubblewrap sandbox around a long-lived worker (a "zygote").

One `Slot` is one sandbox: ``bwrap`` with no network, its own pid, IPC, UTS
and user namespaces, a read-only root holding only the system directories
and the Python installation, a read-only `Runtime` at ``/opt/grader`` (the
worker, a stub ``autograder.checks`` and the course's ``helpers`` with the
graded functions stubbed out), the current submission at ``/inbox``
(read-only) and three size-limited tmpfs scratch places: ``/home/student``,
``/tmp`` and ``/dev/shm``.  The course directory, the gradebook, the
references and other students' folders are not in it.

Privileges: when the grader runs as root it drops to an unprivileged account
("nobody") before starting ``bwrap``, so the sandbox's uid 1000 is nobody on
the host, never root.  Inside, every capability is dropped, ``no_new_privs``
is set, further user namespaces are disabled, ``/proc/sys`` is read-only
and ``/dev`` holds only the harmless character devices (null, zero, random,
...).  A seccomp filter (`seccomp_program`) refuses what a notebook never
needs: ptrace and reading other processes' memory, mount and namespaces, the
kernel keyrings, ``perf_event_open``, ``bpf``, module loading, System V IPC
and message queues, ``io_uring`` and changing a file's time stamps.

Nothing of the grader is inside: ``bwrap`` starts with an empty environment
and only the control socket; the zygote is the sandbox's pid 1 (a process
the student's code can neither signal nor trace: it is not dumpable) and
each submission's child gets its own socket and closes every other file
descriptor; the grader's processes are in another pid namespace.

Inside, the zygote (`autograder.worker`) has imported numpy, matplotlib and
IPython once; `Slot.begin` copies the submission's files (by content, regular
files only: `read_regular`) into the inbox and makes the zygote fork a child
for it, returning a `Session` that talks to that child.  When the session
ends the zygote kills and reaps every other process of the sandbox, empties
the scratch places and checks they are empty; if anything is left the whole
sandbox is restarted, so each submission starts from the same clean state.

The modules: `limits` (`Limits`, `WorkerDied`), `files` (what is copied in
and how), `privileges` (the unprivileged account and the seccomp filter),
`runtime` (``/opt/grader``; `stub_checks` is its ``autograder.checks``),
`cgroups`, `slot` (`Slot` and `Session`).  The code that runs inside is
`autograder.worker` and `autograder.transport`.

Limits (one `Limits` for the engine and the sandbox): CPU time per cell and
per call (RLIMIT_CPU in the child, so a loaded machine does not change a
grade) with a generous wall-clock backstop, memory (RLIMIT_AS, and a memory
cgroup where one can be created), processes (a pids cgroup, else the zygote
counts them), scratch space, reply size.  Where ``bwrap`` is missing the same
worker runs unsandboxed (`sandboxed` False): the caller warns and flags the
grades.
"""

from .cgroups import Cgroup
from .files import Refused, copy_bounded, describe_mode, open_regular, read_regular, safe_name, submission_files
from .limits import Limits, SandboxLimits, WorkerDied
from .privileges import (
    REFUSED_SYSCALLS, SANDBOX_UID, bwrap_path, drop_privileges, reachable_by_others, seccomp_program,
    unprivileged_account,
)
from .runtime import Runtime, _python_only, without_definitions
from .slot import HOME, INBOX, RUNTIME, SHM, TMP, Session, Slot

__all__ = [
    "Cgroup", "Limits", "Refused", "Runtime", "SandboxLimits", "Session", "Slot", "WorkerDied",
    "bwrap_path", "copy_bounded", "describe_mode", "drop_privileges", "open_regular", "read_regular",
    "reachable_by_others", "safe_name", "seccomp_program", "submission_files", "unprivileged_account",
    "without_definitions", "REFUSED_SYSCALLS", "SANDBOX_UID", "HOME", "INBOX", "RUNTIME", "SHM", "TMP",
]
