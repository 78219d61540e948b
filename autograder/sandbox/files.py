"""A submission's files: regular files only, read by content, bounded; names shown safely."""

import io
import os
import pathlib
import stat


class Refused(Exception):
    """A submission file the grader does not copy (a link, a FIFO, a device, too large...)."""


def open_regular(path, max_bytes):
    """An open binary file for `path` if it is a regular file with one link and at most `max_bytes`;
    else `Refused` naming the problem.

    The file is checked with ``lstat`` before it is opened (opening a FIFO
    would block), opened without following links and without blocking, and
    checked again on the open descriptor, so a file swapped in between is
    caught.  The caller still reads at most `max_bytes` (see `read_regular`).
    """
    shown = safe_name(os.path.basename(os.fsencode(path)))
    try:
        info = os.lstat(path)
    except OSError as error:
        raise Refused(f"cannot read {shown}: {error.strerror}") from None
    what = describe_mode(info.st_mode)
    if what != "regular file":
        raise Refused(f"{shown} is a {what}: only regular files are accepted")
    if info.st_nlink > 1:
        raise Refused(f"{shown} is a hard link to another file: only regular files are accepted")
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as error:
        raise Refused(f"cannot read {shown}: {error.strerror}") from None
    info = os.fstat(fd)
    problem = ""
    if not stat.S_ISREG(info.st_mode) or info.st_nlink > 1:
        problem = f"{shown} changed while it was read: only regular files are accepted"
    elif info.st_size > max_bytes:
        problem = f"{shown} is {info.st_size} bytes, more than the limit of {max_bytes}"
    if problem:
        os.close(fd)
        raise Refused(problem)
    return os.fdopen(fd, "rb")


def copy_bounded(source, target, max_bytes, shown="the file"):
    """Copy the open binary file `source` to the stream `target`, at most `max_bytes` (else `Refused`)."""
    size = 0
    while True:
        chunk = source.read(min(1 << 20, max_bytes + 1 - size))
        if not chunk:
            return size
        size += len(chunk)
        if size > max_bytes:
            raise Refused(f"{shown} is more than the limit of {max_bytes} bytes")
        target.write(chunk)


def read_regular(path, max_bytes):
    """The bytes of `path`, a regular file with one link, at most `max_bytes` (see `open_regular`)."""
    buffer = io.BytesIO()
    with open_regular(path, max_bytes) as source:
        copy_bounded(source, buffer, max_bytes, safe_name(os.path.basename(os.fsencode(path))))
    return buffer.getvalue()


def describe_mode(mode):
    """ "regular file", "symbolic link", "directory", "FIFO", "device", "socket" or "special file"."""
    for test, text in ((stat.S_ISREG, "regular file"), (stat.S_ISLNK, "symbolic link"),
                       (stat.S_ISDIR, "directory"), (stat.S_ISFIFO, "FIFO"), (stat.S_ISCHR, "device"),
                       (stat.S_ISBLK, "device"), (stat.S_ISSOCK, "socket")):
        if test(mode):
            return text
    return "special file"


def safe_name(name):
    """A file or student name (str or bytes, maybe not UTF-8) as printable text: ``b'\\xff'`` -> ``\\xff``."""
    if isinstance(name, str):
        name = os.fsencode(name)
    text = name.decode("utf-8", "backslashreplace")
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def submission_files(notebook):
    """The paths of a submission: the notebook first, then the other files of its folder.

    The folder, its parent (the student's folder) and the notebook must not be
    links; every other entry of the folder must be a regular file with one
    link (sub-folders are skipped: only the folder's own files are copied).
    Anything else raises `Refused` naming the entry.  The files are checked
    again when `Slot.begin` copies them (`open_regular`).
    """
    notebook = pathlib.Path(notebook)
    folder = notebook.parent
    for directory in (folder, folder.parent):
        try:
            info = os.lstat(directory)
        except OSError as error:
            raise Refused(f"cannot read the folder {safe_name(directory.name)}: {error.strerror}") from None
        if not stat.S_ISDIR(info.st_mode):
            raise Refused(f"the folder {safe_name(directory.name)} is a {describe_mode(info.st_mode)}: "
                          "submit a folder of regular files")
    paths = [notebook]
    with os.scandir(folder) as entries:
        names = sorted(entry.name for entry in entries)
    for name in names:
        path = folder / name
        try:
            info = os.lstat(path)
        except OSError as error:
            raise Refused(f"cannot read {safe_name(name)}: {error.strerror}") from None
        what = describe_mode(info.st_mode)
        if what == "directory" or name == notebook.name and what == "regular file":
            continue
        if what != "regular file":
            raise Refused(f"{safe_name(name)} is a {what}: only regular files are accepted")
        if info.st_nlink > 1:
            raise Refused(f"{safe_name(name)} is a hard link to another file: only regular files are accepted")
        paths.append(path)
    return paths
