"""No privileges in the sandbox: an unprivileged account for ``bwrap``, and the seccomp filter."""

import errno
import functools
import os
import platform
import pwd
import shutil
import stat
import struct
import subprocess
import tempfile

SANDBOX_UID = 1000


def unprivileged_account():
    """``(uid, gid)`` to run ``bwrap`` as when the grader is root: nobody's, else 65534."""
    try:
        entry = pwd.getpwnam("nobody")
        return entry.pw_uid, entry.pw_gid
    except KeyError:
        return 65534, 65534


def reachable_by_others(path):
    """Whether a user who owns nothing can read `path` (every directory on the way searchable by
    "others", the path itself readable)."""
    path = os.path.realpath(path)
    try:
        info = os.stat(path)
        if not info.st_mode & stat.S_IROTH or stat.S_ISDIR(info.st_mode) and not info.st_mode & stat.S_IXOTH:
            return False
        parent = os.path.dirname(path)
        while True:
            if not os.stat(parent).st_mode & stat.S_IXOTH:
                return False
            if parent == "/":
                return True
            parent = os.path.dirname(parent)
    except OSError:
        return False


def scratch_base():
    """Where a slot keeps its inbox: the usual temp folder, unless the grader is root and the
    unprivileged sandbox account cannot reach it (a TMPDIR inside a private 0700 folder, say);
    then the first of /tmp, /var/tmp and /dev/shm that it can reach."""
    usual = tempfile.gettempdir()
    if os.geteuid() != 0 or reachable_by_others(usual):
        return usual
    for candidate in ("/tmp", "/var/tmp", "/dev/shm"):
        if os.path.isdir(candidate) and reachable_by_others(candidate):
            return candidate
    return usual


def drop_privileges():
    """The command prefix that makes ``bwrap`` run unprivileged ([] when we are not root)."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        raise RuntimeError("the grader runs as root and `setpriv` (util-linux) is missing: it is needed "
                           "to start the sandbox as an unprivileged user")
    uid, gid = unprivileged_account()
    return [setpriv, "--reuid", str(uid), "--regid", str(gid), "--clear-groups", "--inh-caps=-all",
            "--bounding-set=-all"]


# system call numbers (x86_64, aarch64) the sandbox refuses with EPERM
REFUSED_SYSCALLS = {
    "ptrace": (101, 117), "process_vm_readv": (310, 270), "process_vm_writev": (311, 271),
    "kcmp": (312, 272), "mount": (165, 40), "umount2": (166, 39), "pivot_root": (155, 41),
    "chroot": (161, 51), "unshare": (272, 97), "setns": (308, 268), "open_tree": (428, 428),
    "move_mount": (429, 429), "fsopen": (430, 430), "fsconfig": (431, 431), "fsmount": (432, 432),
    "fspick": (433, 433), "mount_setattr": (442, 442), "add_key": (248, 217), "request_key": (249, 218),
    "keyctl": (250, 219), "perf_event_open": (298, 241), "bpf": (321, 280), "init_module": (175, 105),
    "finit_module": (313, 273), "delete_module": (176, 106), "kexec_load": (246, 104),
    "kexec_file_load": (320, 294), "reboot": (169, 142), "swapon": (167, 224), "swapoff": (168, 225),
    "acct": (163, 89), "quotactl": (179, 60), "syslog": (103, 116), "userfaultfd": (323, 282),
    "open_by_handle_at": (304, 265), "name_to_handle_at": (303, 264), "fanotify_init": (300, 262),
    "io_uring_setup": (425, 425), "io_uring_enter": (426, 426), "io_uring_register": (427, 427),
    "shmget": (29, 194), "semget": (64, 190), "msgget": (68, 186), "mq_open": (240, 180),
    "sethostname": (170, 161), "setdomainname": (171, 162), "settimeofday": (164, 170),
    "clock_settime": (227, 112), "clock_adjtime": (305, 266), "adjtimex": (159, 171),
    "utimensat": (280, 88), "utimes": (235, None), "utime": (132, None), "futimesat": (261, None),
    "iopl": (172, None), "ioperm": (173, None), "uselib": (134, None), "_sysctl": (156, None),
}
CLONE = {"x86_64": 56, "aarch64": 220}
CLONE3 = 435
AUDIT_ARCH = {"x86_64": 0xC000003E, "aarch64": 0xC00000B7}
CLONE_NAMESPACES = 0x7E020000  # NEWNS | NEWCGROUP | NEWUTS | NEWIPC | NEWUSER | NEWPID | NEWNET


def seccomp_program(machine=None):
    """The classic BPF program (bytes, as ``bwrap --seccomp`` reads it) of the sandbox's filter, or None.

    Every system call in `REFUSED_SYSCALLS` fails with EPERM, ``clone`` with a
    namespace flag too, ``clone3`` with ENOSYS (so that the C library falls back
    to ``clone``, whose flags the filter can see); a call from another
    architecture (or the x32 ABI) kills the process.  None on an architecture
    without a table here.
    """
    machine = machine or platform.machine()
    if machine not in AUDIT_ARCH:
        return None
    column = 0 if machine == "x86_64" else 1
    ld_w_abs, jeq, jge, jset, ret = 0x20, 0x15, 0x35, 0x45, 0x06
    allow, kill, eperm, enosys = 0x7FFF0000, 0x80000000, 0x00050000 | errno.EPERM, 0x00050000 | errno.ENOSYS
    code = [(ld_w_abs, 0, 0, 4), (jeq, 1, 0, AUDIT_ARCH[machine]), (ret, 0, 0, kill), (ld_w_abs, 0, 0, 0)]
    if machine == "x86_64":
        code += [(jge, 0, 1, 0x40000000), (ret, 0, 0, kill)]
    numbers = sorted({row[column] for row in REFUSED_SYSCALLS.values() if row[column] is not None})
    for number in numbers:
        code += [(jeq, 0, 1, number), (ret, 0, 0, eperm)]
    if machine == "x86_64":
        code += [(jeq, 0, 1, CLONE3), (ret, 0, 0, enosys)]
    else:
        code += [(jeq, 0, 1, CLONE3), (ret, 0, 0, enosys)]
    # clone(flags, ...): the low 32 bits of the first argument (little-endian) hold the namespace flags
    code += [(jeq, 0, 4, CLONE[machine]), (ld_w_abs, 0, 0, 16), (jset, 0, 1, CLONE_NAMESPACES),
             (ret, 0, 0, eperm), (ret, 0, 0, allow), (ret, 0, 0, allow)]
    return b"".join(struct.pack("=HBBI", *instruction) for instruction in code)


@functools.lru_cache(maxsize=None)
def bwrap_path():
    """The ``bwrap`` program if it exists and can create the namespaces we need, else None."""
    path = shutil.which("bwrap")
    if path is None:
        return None
    try:
        prefix = drop_privileges()
    except RuntimeError:
        return None
    probe = [*prefix, path, "--unshare-user", "--uid", str(SANDBOX_UID), "--unshare-pid", "--unshare-net",
             "--as-pid-1", "--disable-userns", "--die-with-parent", "--ro-bind", "/", "/", "--proc", "/proc",
             "--dev", "/dev", "--remount-ro", "/", "true"]
    try:
        ok = subprocess.run(probe, capture_output=True, timeout=20, env={}, cwd="/").returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        ok = False
    return path if ok else None
