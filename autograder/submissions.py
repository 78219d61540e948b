"""Find every student's submission of an assignment in ``course/submitted/``, and account for every file.

The expected layout is ``submitted/<student>/<id>/<notebook>.ipynb``.  Known
mistakes are recognised: some are graded with a flag that says what was
found (a folder or notebook name in another case, a renamed or copied
notebook, the notebook straight in ``submitted/<student>/``, the swapped
``submitted/<id>/<student>/``); the others are reported by name with the
reason and what to do (a nested folder, an archive, a wrong extension).  A
symbolic link, a hard link to a file outside the submission or a special
file is refused: the submission gets the status "refused".

    found, problems = scan(course, "01-python-basics", ["01-python-basics.ipynb"], known_ids)
    found["ada"].notebooks, found["ada"].flags, found["ada"].refused
"""

import dataclasses
import os
import pathlib
import re
import stat

ARCHIVES = (".zip", ".tar", ".tar.gz", ".tgz", ".7z", ".rar", ".gz")
COPY_SUFFIX = re.compile(r"^(?P<stem>.+?)(?:-Copy\d*| \(\d+\)| copy|_copy\d*)$", re.IGNORECASE)


@dataclasses.dataclass
class Found:
    """One student's submission: {expected notebook name: path}, flags to record, or why it is refused."""

    student: str
    folder: pathlib.Path | None = None
    notebooks: dict = dataclasses.field(default_factory=dict)
    flags: list = dataclasses.field(default_factory=list)
    refused: str = ""


def _relative(course, path):
    try:
        return pathlib.Path(path).relative_to(course.root).as_posix()
    except ValueError:
        return str(path)


def refusal(course, folder):
    """Why the submission folder `folder` cannot be graded (a link or special file), or ""."""
    entries = [folder] + sorted(folder.rglob("*")) if folder.is_dir() and not folder.is_symlink() else [folder]
    inodes = {}
    for entry in entries:
        try:
            info = entry.lstat()
        except OSError:
            continue
        if stat.S_ISREG(info.st_mode):
            inodes.setdefault((info.st_dev, info.st_ino), []).append(entry)
    for entry in entries:
        try:
            info = entry.lstat()
        except OSError as error:
            return f"{_relative(course, entry)} cannot be read ({error.strerror})"
        name = _relative(course, entry)
        if stat.S_ISLNK(info.st_mode):
            return f"{name} is a symbolic link (to {os.readlink(entry)}): submit the file itself"
        if not (stat.S_ISREG(info.st_mode) or stat.S_ISDIR(info.st_mode)):
            return f"{name} is not a regular file (a device, pipe or socket)"
        if stat.S_ISREG(info.st_mode) and info.st_nlink > len(inodes[(info.st_dev, info.st_ino)]):
            return f"{name} is a hard link to a file outside the submission: submit a copy"
    return ""


def _stem(name):
    return name[:-len(".ipynb")] if name.lower().endswith(".ipynb") else name


def _match_notebooks(course, folder, names, found, problems, student):
    """Fill `found.notebooks` from the files of `folder`; report what is left over."""
    files = {p.name: p for p in sorted(folder.iterdir())} if folder.is_dir() else {}
    used = set()
    for name in names:
        if name in files and files[name].is_file():
            found.notebooks[name] = files[name]
            used.add(name)
    for name in names:
        if name in found.notebooks:
            continue
        lower = {n.lower(): n for n in files if n not in used}
        candidate = lower.get(name.lower())
        why = "in another case"
        if candidate is None:
            copies = [n for n in files if n not in used and n.lower().endswith(".ipynb")
                      and COPY_SUFFIX.match(_stem(n)) and COPY_SUFFIX.match(_stem(n))["stem"].lower() ==
                      _stem(name).lower()]
            candidate, why = (copies[0], "a renamed copy") if copies else (None, "")
        if candidate is None and len(names) == 1:
            others = [n for n in files if n not in used and n.lower().endswith(".ipynb") and files[n].is_file()]
            if len(others) == 1:
                candidate, why = others[0], "under another name"
        if candidate is not None and files[candidate].is_file():
            found.notebooks[name] = files[candidate]
            used.add(candidate)
            found.flags.append(f"graded {_relative(course, files[candidate])} as {name} ({why})")
    for entry_name, entry in files.items():
        if entry_name in used:
            continue
        reason = _leftover_reason(entry, names, found)
        if reason:
            problems.append((student, _relative(course, entry), reason))


def _leftover_reason(entry, names, found):
    lower = entry.name.lower()
    stems = {_stem(n).lower() for n in names}
    if entry.is_dir():
        inside = [p.name for p in entry.rglob("*.ipynb")]
        if any(n in names or n.lower() in {m.lower() for m in names} for n in inside):
            return "a nested folder holds the notebook: move its files up one level"
        return ""
    if lower.endswith(ARCHIVES):
        return "an archive: unpack it into the assignment folder"
    if any(lower.startswith(s + ".") for s in stems) and not lower.endswith(".ipynb"):
        return "a notebook with a wrong extension: rename it to end in .ipynb"
    if lower.endswith(".ipynb") and found.notebooks:
        return "an extra notebook, not graded (a copy?)"
    return ""


def scan(course, assignment, names, known_ids=()):
    """Find the submissions of `assignment` (its notebooks `names`); return ``(found, problems)``.

    found : {student: Found} for every student who left something for this assignment
    problems : [(student or None, path relative to the course, reason)] files not graded
    """
    root = course.submitted()
    found, problems = {}, []
    if not root.is_dir():
        return found, problems
    lower_ids = {i.lower() for i in known_ids} | {assignment.lower()}
    for top in sorted(root.iterdir()):
        if top.is_symlink():
            found.setdefault(top.name, Found(top.name)).refused = refusal(course, top)
            continue
        if not top.is_dir():
            if top.name.lower().startswith(assignment.lower()) or top.name in names:
                problems.append((None, _relative(course, top), "a file straight in submitted/: it belongs in "
                                 f"submitted/<student>/{assignment}/"))
            continue
        if top.name.lower() in lower_ids:  # the swapped layout submitted/<id>/<student>/
            if top.name.lower() != assignment.lower():
                continue
            for folder in sorted(top.iterdir()):
                if folder.is_dir() or folder.is_symlink():
                    entry = found.setdefault(folder.name, Found(folder.name, folder))
                    entry.flags.append(f"found in {_relative(course, folder)} (submitted/<id>/<student>/ "
                                       "instead of submitted/<student>/<id>/)")
                    _fill(course, entry, folder, names, problems)
            continue
        student = top.name
        folder = top / assignment
        flag = ""
        if not folder.exists() and not folder.is_symlink():
            other = [p for p in top.iterdir() if p.name.lower() == assignment.lower()]
            if other:
                folder, flag = other[0], f"folder {_relative(course, other[0])} named in another case"
        if folder.exists() or folder.is_symlink():
            entry = found.setdefault(student, Found(student, folder))
            entry.folder = folder
            if flag:
                entry.flags.append(flag)
            _fill(course, entry, folder, names, problems)
            continue
        loose = [p for p in top.iterdir() if p.is_file() or p.is_symlink()]
        notebook_names = {n.lower() for n in names}
        if any(p.name.lower() in notebook_names for p in loose):
            entry = found.setdefault(student, Found(student, top))
            entry.flags.append(f"notebook straight in {_relative(course, top)}/ (no {assignment}/ folder)")
            refused = next((refusal(course, p) for p in loose if p.name.lower() in notebook_names
                            and refusal(course, p)), "")
            if refused:
                entry.refused = refused
                continue
            for name in names:
                match = next((p for p in loose if p.name.lower() == name.lower()), None)
                if match is not None:
                    entry.notebooks[name] = match
            continue
        for entry in loose:
            if entry.name.lower().startswith(assignment.lower()) and entry.name.lower().endswith(ARCHIVES):
                problems.append((student, _relative(course, entry), "an archive: unpack it into "
                                 f"submitted/{student}/{assignment}/"))
    return found, problems


def _fill(course, entry, folder, names, problems):
    entry.refused = refusal(course, folder)
    if not entry.refused:
        _match_notebooks(course, folder, names, entry, problems, entry.student)
