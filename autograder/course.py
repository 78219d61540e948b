"""The instructor's nbgrader course directory: create it, release assignments, check the release.

Layout (nbgrader's): ``source/<id>/`` (copied from the repository's
``assignments/<id>/``), ``release/<id>/`` (the student versions),
``submitted/<student>/<id>/``, ``autograded/``, ``feedback/``, ``exports/``,
``gradebook.db`` and ``nbgrader_config.py``.

Editions (``release --lang``).  An assignment has an English edition
(``assignments/<id>/``) and a Chinese one built from it (``zh/assignments/<id>/``,
same notebook names, same graded cells).  One assignment id, one gradebook:

- ``en`` (default): ``source/<id>`` and ``release/<id>`` are English;
- ``zh``: ``source/<id>`` and ``release/<id>`` are the Chinese edition (what
  nbgrader's exchange ships);
- ``both``: the English edition as for ``en``, and the Chinese one beside it in
  ``zh/source/<id>`` and ``zh/release/<id>`` (the student kit's ``zh/assignments/<id>``).

A student hands in either edition under the same assignment id and notebook
name (``submitted/<student>/<id>/<name>.ipynb``); it is graded against
``source/<id>`` (the graded cells of the two editions are the same, which
`release` checks), its grade lands in the same gradebook, and its feedback
speaks its own language (``metadata.course.language``).
"""

import contextlib
import io
import logging
import os
import pathlib
import shutil
import sys

from . import notebook

PACKAGE_ROOT = pathlib.Path(__file__).resolve().parent.parent
EDITIONS = ("en", "zh", "both")
# the course's own assignments: a checkout's assignments/, or the copy a wheel carries (setup.py)
SHIPPED_ASSIGNMENTS = (PACKAGE_ROOT / "assignments", pathlib.Path(__file__).resolve().parent / "assignments")
CONFIG_NAME = "nbgrader_config.py"
ROSTER_NAME = "students.csv"
SETTINGS_NAME = "autograder.toml"

CONFIG_TEMPLATE = '''"""nbgrader configuration of this course (written by `course-autograder init`).

Every path is relative to this file's folder, so a copied or moved course
grades into its own gradebook.  A database password never goes here: put it
in ~/.pgpass or the PGPASSWORD environment variable.
"""

import os

c = get_config()  # noqa: F821

c.CourseDirectory.root = os.path.dirname(os.path.abspath(__file__))
c.CourseDirectory.db_url = {db_line}
# a server gradebook (PostgreSQL) enforces that the course exists: it needs a course id
c.CourseDirectory.course_id = {course_id!r}
# the student version of a solution region
c.ClearSolutions.code_stub = {{"python": "# YOUR CODE HERE\\nraise NotImplementedError()"}}
c.ClearSolutions.enforce_metadata = True
# formgrader's "autograde" button would run student code unsandboxed: course-autograder grades instead
c.Autograde.sanitize_preprocessors = ["autograder.formgrader.RefuseAutograde"]
c.OverwriteCells.add_missing_cells = True
c.Execute.timeout = 60
'''
DEFAULT_DB_LINE = '"sqlite:///" + os.path.join(c.CourseDirectory.root, "gradebook.db")'


class ReleaseLeak(Exception):
    """A solution or hidden-test line reached a released notebook."""


class CourseError(Exception):
    """A problem the instructor must fix; its text is one line naming the problem and the fix."""


def edition_dir(assignments_dir, language):
    """Where the `language` edition of the assignments in `assignments_dir` lives.

    English: `assignments_dir` itself; Chinese: ``<its parent>/zh/<its name>`` (the repository's
    ``zh/assignments``, written by ``i18n/build.py build``).
    """
    assignments_dir = pathlib.Path(assignments_dir)
    if language == "en":
        return assignments_dir
    return assignments_dir.parent / language / assignments_dir.name


def graded_cells(nb):
    """``[(grade id, cell type, nbgrader metadata, source of a test cell)]``: what grading reads of a notebook."""
    found = []
    for cell in nb.cells:
        meta = notebook.nbgrader_meta(cell)
        if meta.get("grade_id"):
            found.append((meta["grade_id"], cell.cell_type, meta, cell.source if notebook.is_test(cell) else None))
    return found


def edition_differences(english_folder, other_folder):
    """How the graded cells of two editions of an assignment differ (empty: one can be graded as the other)."""
    english_folder, other_folder = pathlib.Path(english_folder), pathlib.Path(other_folder)
    names = sorted(p.name for p in english_folder.glob("*.ipynb"))
    others = sorted(p.name for p in other_folder.glob("*.ipynb"))
    if names != others:
        return [f"the notebooks are {', '.join(others) or 'none'} instead of {', '.join(names)}"]
    differences = []
    for name in names:
        a = graded_cells(notebook.read_notebook(english_folder / name))
        b = graded_cells(notebook.read_notebook(other_folder / name))
        if [x[0] for x in a] != [x[0] for x in b]:
            differences.append(f"{name}: the graded cells are not the same ones, in the same order")
            continue
        differences += [f"{name}: cell {x[0]} differs" for x, y in zip(a, b) if x != y]
    return differences


class SourceEdited(CourseError):
    """``course/source/<id>`` was edited since the last release: `changes` names what differs."""

    def __init__(self, assignment, changes, language=None, current=None):
        self.assignment, self.changes = assignment, changes
        if language and current and language != current:
            super().__init__(f"course/source/{assignment} holds the {current} edition, not the {language} one: "
                             f"use --force-source to replace it with the {language} edition (the same "
                             "assignment: grades already recorded stay), or --keep-source to keep it")
            return
        shown = "; ".join(changes[:8]) + (f"; and {len(changes) - 8} more" if len(changes) > 8 else "")
        super().__init__(f"course/source/{assignment} differs from the assignments folder ({shown}): "
                         "use --keep-source to release the course's version, or --force-source to "
                         "overwrite it with the assignments folder's")


def hide_password(url):
    """`url` with its password replaced by ***."""
    try:
        from sqlalchemy.engine import make_url

        return make_url(url).render_as_string(hide_password=True)
    except Exception:
        return url.split("@")[-1] if "@" in url else url


def without_password(url):
    """(`url` without a password, the password or None)."""
    try:
        from sqlalchemy.engine import make_url

        parsed = make_url(url)
    except Exception:
        return url, None
    if parsed.password is None:
        return url, None
    from sqlalchemy.engine import URL

    bare = URL.create(parsed.drivername, parsed.username, None, parsed.host, parsed.port, parsed.database,
                      parsed.query)
    return bare.render_as_string(hide_password=False), parsed.password


def sqlite_path(url):
    """The file of a SQLite URL (resolved), or None for any other database."""
    if not url.startswith("sqlite:///"):
        return None
    return pathlib.Path(url[len("sqlite:///"):]).resolve()


class Course:
    """An nbgrader course directory.

    Parameters
    ----------
    root : Path, the course directory
    db_url : str or None, the gradebook's database URL given on purpose (default: the one in
        ``nbgrader_config.py``, else SQLite ``gradebook.db`` in `root`)
    """

    def __init__(self, root, db_url=None):
        self.root = pathlib.Path(root).resolve()
        self.config_path = self.root / CONFIG_NAME
        self.db_given = db_url is not None
        self.notes = []  # warnings for the instructor (the CLI prints them)
        self.db_url = database_url(db_url or self._configured_db_url() or self.default_db_url())

    def default_db_url(self):
        return f"sqlite:///{self.root / 'gradebook.db'}"

    def exists(self):
        return self.config_path.exists()

    def _configured_db_url(self):
        if not self.config_path.exists():
            return None
        self._protect_config()
        config = self.nbgrader_config(load_only=True)
        value = config.CourseDirectory.get("db_url") if "CourseDirectory" in config else None
        return value or None

    def _protect_config(self):
        """A configuration that holds a database password is readable by its owner only."""
        try:
            text = self.config_path.read_text()
            mode = self.config_path.stat().st_mode
        except OSError:
            return
        if mode & 0o077 and any(without_password(u)[1] for u in _urls_in(text)):
            self.config_path.chmod(0o600)
            self.notes.append(f"{self.config_path} holds a database password: made it readable by you only "
                              "(better: move the password to ~/.pgpass or PGPASSWORD)")

    def check(self):
        """Raise `CourseError` unless this is a course whose gradebook is its own (or one given on purpose)."""
        if not self.exists():
            raise CourseError(f"no course at {self.root} (no {CONFIG_NAME}): run `course-autograder init` "
                              "there first, or name the course with --course DIR")
        config = self.nbgrader_config(load_only=True)
        configured = config.CourseDirectory.get("root") if "CourseDirectory" in config else None
        if configured and pathlib.Path(configured).resolve() != self.root:
            raise CourseError(f"{self.config_path} names another course directory, {configured} (was this "
                              f"course copied or moved?): run `course-autograder --course {self.root} init` "
                              "to make it use its own folder and gradebook")
        path = sqlite_path(self.db_url)
        if path is not None and not self.db_given and not _inside(path, self.root):
            raise CourseError(f"the gradebook {path} is outside the course {self.root} (a copy of another "
                              "course?): run `course-autograder init` here to use this course's own, or pass "
                              "--db URL to use that one on purpose")
        return self

    # paths
    def source(self, assignment):
        return self.root / "source" / assignment

    def release_dir(self, assignment):
        return self.root / "release" / assignment

    def edition_source(self, assignment, language):
        """``zh/source/<id>``: a second edition released with ``--lang both`` (never graded from)."""
        return self.root / language / "source" / assignment

    def edition_release(self, assignment, language):
        """``zh/release/<id>``: the student version of a second edition (``--lang both``)."""
        return self.root / language / "release" / assignment

    def submitted(self):
        return self.root / "submitted"

    def autograded(self, student, assignment):
        return self.root / "autograded" / student / assignment

    def feedback(self, student, assignment):
        return self.root / "feedback" / student / assignment

    def export_csv(self, assignment):
        return self.root / "exports" / f"{assignment}.csv"

    def notebooks(self, assignment):
        """Names (file names) of the source notebooks of `assignment`."""
        return sorted(p.name for p in self.source(assignment).glob("*.ipynb"))

    # setup
    def init(self):
        """Create the directories and ``nbgrader_config.py``; return the configuration's path.

        An existing configuration is kept, unless it names another course folder (a course
        copied or moved before configurations were relative): then it is rewritten (the old one
        kept as ``nbgrader_config.py.bak``) so the course uses its own folder and gradebook.
        """
        for sub in ("source", "release", "submitted", "autograded", "feedback", "exports"):
            (self.root / sub).mkdir(parents=True, exist_ok=True)
        if self.config_path.exists():
            config = self.nbgrader_config(load_only=True)
            configured = config.CourseDirectory.get("root") if "CourseDirectory" in config else None
            if not configured or pathlib.Path(configured).resolve() == self.root:
                return self.config_path
            shutil.copy2(self.config_path, self.config_path.with_name(CONFIG_NAME + ".bak"))
            kept = self.db_url if (self.db_given or sqlite_path(self.db_url) is None) else None
            self.notes.append(f"{self.config_path} named the course folder {configured}: rewritten for "
                              f"{self.root} (the old one is {CONFIG_NAME}.bak)")
            self.db_url = database_url(kept or self.default_db_url())
        self._write_config()
        return self.config_path

    def _write_config(self):
        url, password = without_password(self.db_url)
        if password is not None:
            self.notes.append("the database password was not written to the configuration: put it in "
                              "~/.pgpass (or the PGPASSWORD environment variable) for later commands")
        default = sqlite_path(url) == (self.root / "gradebook.db").resolve()
        db_line = DEFAULT_DB_LINE if default else repr(url)
        text = CONFIG_TEMPLATE.format(db_line=db_line, course_id=self.default_course_id())
        private = sqlite_path(url) is None
        atomic_write(self.config_path, text, mode=0o600 if private else 0o644)

    def nbgrader_config(self, load_only=False):
        from traitlets.config import Config
        from traitlets.config.loader import PyFileConfigLoader

        config = Config()
        if self.config_path.exists():
            config.merge(PyFileConfigLoader(CONFIG_NAME, str(self.root)).load_config())
        if not load_only:
            config.CourseDirectory.root = str(self.root)
            config.CourseDirectory.db_url = self.db_url
            if not config.CourseDirectory.get("course_id"):
                config.CourseDirectory.course_id = self.default_course_id()
        return config

    def default_course_id(self):
        """The course id: "" (nbgrader's default) on SQLite, "default_course" on a database server.

        nbgrader makes no `course` row for "": SQLite ignores the foreign key, PostgreSQL does not.
        """
        return "" if self.db_url.startswith("sqlite") else "default_course"

    def api(self):
        from nbgrader.apps import NbGraderAPI
        from nbgrader.coursedir import CourseDirectory

        config = self.nbgrader_config()
        return NbGraderAPI(coursedir=CourseDirectory(config=config), config=config)

    def gradebook(self):
        from nbgrader.api import Gradebook

        course_id = self.nbgrader_config().CourseDirectory.get("course_id", "")
        try:
            gradebook = Gradebook(self.db_url, course_id)
            gradebook.db.execute(_select_one())
        except Exception as error:
            raise CourseError(f"cannot open the gradebook {hide_password(self.db_url)}: {_first_line(error)} "
                              "(check the file or the server, its user and password in ~/.pgpass)") from None
        return gradebook

    # release
    def release(self, assignment, assignments_dir, prefer=None, language="en"):
        """Copy an edition of `assignments_dir/<assignment>` to ``source/``, generate the student version, check it.

        `language` is the edition (see the module docstring): "en", "zh" or "both".
        When ``source/<assignment>`` already differs from the assignments folder (an instructor
        edited points or text there), `prefer` says which wins: "source" keeps the course's
        version, "assignments" overwrites it; None raises `SourceEdited` naming the changes.
        Raises `ReleaseLeak` (and removes the release) if a solution or hidden-test line got through.
        """
        if language not in EDITIONS:
            raise CourseError(f"unknown language {language!r}: use --lang en, zh or both")
        self.check()
        primary = "zh" if language == "zh" else "en"
        origin = edition_dir(assignments_dir, primary) / assignment
        source = self.source(assignment)
        if language != "en":
            english = edition_dir(assignments_dir, "en") / assignment
            chinese = edition_dir(assignments_dir, "zh") / assignment
            if not chinese.is_dir():
                raise CourseError(f"no Chinese edition {chinese}: build it with `python i18n/build.py build`")
            differences = edition_differences(english, chinese) if english.is_dir() else []
            if differences:
                raise CourseError(f"the Chinese edition {chinese} is not the same assignment as {english} "
                                  f"({'; '.join(differences[:5])}): rebuild it with `python i18n/build.py build`")
        if prefer != "source" or not source.is_dir():
            if not origin.is_dir():
                raise FileNotFoundError(f"no assignment folder {origin}")
            changes = source_changes(origin, source) if source.exists() else []
            if changes and prefer is None:
                raise SourceEdited(assignment, changes, primary, self._source_language(assignment))
            if changes or not source.exists():
                staging = source.with_name(f".{assignment}.staging")
                shutil.rmtree(staging, ignore_errors=True)
                shutil.copytree(origin, staging, ignore=IGNORED)
                if source.exists():
                    shutil.rmtree(source)
                os.replace(staging, source)
        api = self.api()
        with _quiet():
            result = api.generate_assignment(assignment, force=True, create=True)
        if not result.get("success"):
            raise RuntimeError(f"nbgrader could not generate {assignment}:\n{result.get('error') or result.get('log')}")
        leaks = self.check_release(assignment)
        if leaks:
            shutil.rmtree(self.release_dir(assignment), ignore_errors=True)
            raise ReleaseLeak(f"{assignment}: {len(leaks)} secret line(s) reached the release "
                              f"(removed):\n" + "\n".join(leaks[:20]))
        released = sorted(self.release_dir(assignment).rglob("*.ipynb"))
        for other in ("zh",):  # a second edition lives beside the first only with --lang both
            shutil.rmtree(self.edition_source(assignment, other), ignore_errors=True)
            shutil.rmtree(self.edition_release(assignment, other), ignore_errors=True)
        if language == "both":
            released += self._release_edition(assignment, assignments_dir, "zh")
        return released

    def _source_language(self, assignment):
        paths = sorted(self.source(assignment).glob("*.ipynb"))
        return notebook_language_of(paths[0]) if paths else None

    def _release_edition(self, assignment, assignments_dir, language):
        """Generate the student version of the `language` edition in a throw-away course (its own gradebook,
        so the real one keeps the primary edition's cells) and keep it in ``<language>/source|release/<id>``."""
        import tempfile

        with tempfile.TemporaryDirectory(prefix="edition-") as tmp:
            scratch = Course(pathlib.Path(tmp) / "course")
            scratch.init()
            shutil.copytree(edition_dir(assignments_dir, language) / assignment, scratch.source(assignment),
                            ignore=IGNORED)
            api = scratch.api()
            with _quiet():
                result = api.generate_assignment(assignment, force=True, create=True)
            if not result.get("success"):
                raise RuntimeError(f"nbgrader could not generate the {language} edition of {assignment}:\n"
                                   f"{result.get('error') or result.get('log')}")
            leaks = scratch.check_release(assignment)
            if leaks:
                raise ReleaseLeak(f"{assignment} ({language}): {len(leaks)} secret line(s) reached the release "
                                  f"(not kept):\n" + "\n".join(leaks[:20]))
            for made, kept in ((scratch.source(assignment), self.edition_source(assignment, language)),
                               (scratch.release_dir(assignment), self.edition_release(assignment, language))):
                staging = kept.with_name(f".{assignment}.staging")
                shutil.rmtree(staging, ignore_errors=True)
                shutil.copytree(made, staging, ignore=IGNORED)
                shutil.rmtree(kept, ignore_errors=True)
                os.replace(staging, kept)
        return sorted(self.edition_release(assignment, language).rglob("*.ipynb"))

    def check_release(self, assignment):
        """Every solution and hidden-test line of the source that appears in a released notebook."""
        leaks = []
        for source_path in self.source(assignment).glob("*.ipynb"):
            secret, public = secret_lines(notebook.read_notebook(source_path))
            secret = {line for line in secret if line not in public}
            released = self.release_dir(assignment) / source_path.name
            if not released.exists():
                leaks.append(f"{source_path.name}: no released notebook")
                continue
            for number, cell in enumerate(notebook.read_notebook(released).cells, 1):
                texts = [cell.source] + [_output_text(o) for o in cell.get("outputs", [])]
                for text in texts:
                    for line in text.splitlines():
                        stripped = line.strip()
                        if stripped in secret or any(m in line for m in MARKERS):
                            leaks.append(f"{source_path.name} cell {_cell_key(cell, number)}: {stripped}")
        return leaks


IGNORED = shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__")


def notebook_language_of(path):
    """The language of the notebook at `path` ("en" when unreadable or unmarked)."""
    from .messages import notebook_language

    try:
        return notebook_language(notebook.read_notebook(path))
    except notebook.InvalidNotebook:
        return "en"


def _files(folder):
    folder = pathlib.Path(folder)
    skip = {".ipynb_checkpoints", "__pycache__"}
    return {p.relative_to(folder).as_posix(): p for p in sorted(folder.rglob("*"))
            if p.is_file() and not skip & set(p.relative_to(folder).parts)}


def _cell_key(cell, number):
    meta = notebook.nbgrader_meta(cell)
    return meta.get("grade_id") or cell.get("id") or f"#{number}"


def source_changes(origin, source):
    """What differs between the assignments folder `origin` and the course's `source` copy.

    A list of short phrases: "fixture.ipynb: cell double_values changed", "data.csv added in
    course/source", ... (empty when they are the same).  Outputs and execution counts are ignored.
    """
    theirs, ours = _files(origin), _files(source)
    changes = []
    for name in sorted(set(theirs) | set(ours)):
        if name not in ours:
            changes.append(f"{name} missing from course/source")
        elif name not in theirs:
            changes.append(f"{name} only in course/source")
        elif theirs[name].read_bytes() != ours[name].read_bytes():
            if name.endswith(".ipynb"):
                changes += [f"{name}: {c}" for c in _notebook_changes(theirs[name], ours[name])]
            else:
                changes.append(f"{name} changed")
    return changes


def _notebook_changes(origin_path, source_path):
    try:
        a, b = notebook.read_notebook(origin_path), notebook.read_notebook(source_path)
    except notebook.InvalidNotebook:
        return ["changed (unreadable notebook)"]

    def cells(nb):
        return {_cell_key(c, n): (c.cell_type, c.source, notebook.nbgrader_meta(c))
                for n, c in enumerate(nb.cells, 1)}

    before, after = cells(a), cells(b)
    found = [f"cell {k} changed" for k in before if k in after and before[k] != after[k]]
    found += [f"cell {k} added" for k in after if k not in before]
    found += [f"cell {k} removed" for k in before if k not in after]
    if not found and list(before) != list(after):
        found.append("cells reordered")
    return found


MARKERS = (notebook.SOLUTION_BEGIN, notebook.SOLUTION_END, notebook.HIDDEN_BEGIN, notebook.HIDDEN_END)


def secret_lines(nb):
    """``(secret, public)``: stripped lines inside solution / hidden-test regions, and all others."""
    secret, public = set(), set()
    for cell in nb.cells:
        inside = False
        for line in cell.source.splitlines():
            stripped = line.strip()
            if any(m in line for m in (notebook.SOLUTION_BEGIN, notebook.HIDDEN_BEGIN)):
                inside = True
            elif any(m in line for m in (notebook.SOLUTION_END, notebook.HIDDEN_END)):
                inside = False
            elif stripped:
                (secret if inside else public).add(stripped)
    return secret, public


def _output_text(output):
    parts = [output.get("text", "")]
    for value in (output.get("data") or {}).values():
        if isinstance(value, str):
            parts.append(value)
    return "\n".join(p if isinstance(p, str) else "".join(p) for p in parts)


@contextlib.contextmanager
def _quiet():
    """nbgrader logs to stderr; keep the command's own output readable."""
    logger = logging.getLogger("traitlets")
    level = logger.level
    logger.setLevel(logging.ERROR)
    old_stderr = sys.stderr
    sys.stderr = io.StringIO()
    try:
        yield
    finally:
        sys.stderr = old_stderr
        logger.setLevel(level)


def database_url(url):
    """`url` with an installed PostgreSQL driver named.

    SQLAlchemy 2.1 reads a bare ``postgresql://`` as psycopg 3; where only
    psycopg2 is installed (our dependency), name it: ``postgresql+psycopg2://``.
    """
    import importlib.util

    if url.startswith("postgresql://") and importlib.util.find_spec("psycopg") is None:
        return "postgresql+psycopg2://" + url[len("postgresql://"):]
    return url


def shipped_assignments():
    """The folder of the course's own assignments (`SHIPPED_ASSIGNMENTS`), or a `CourseError` naming the fix."""
    checkout, packaged = SHIPPED_ASSIGNMENTS
    if (PACKAGE_ROOT / "pyproject.toml").is_file() and checkout.is_dir():
        return checkout
    if packaged.is_dir():
        return packaged
    raise CourseError(f"no assignments folder here ({pathlib.Path.cwd() / 'assignments'}) nor in the installed "
                      "package: run from the folder that holds assignments/, or give --assignments DIR")


def ensure_bin_on_path():
    """nbgrader runs `alembic`: the environment's bin/ must be on PATH."""
    bin_dir = os.path.dirname(sys.executable)
    if bin_dir not in os.environ.get("PATH", "").split(os.pathsep):
        os.environ["PATH"] = bin_dir + os.pathsep + os.environ.get("PATH", "")


def _inside(path, root):
    try:
        pathlib.Path(path).resolve().relative_to(pathlib.Path(root).resolve())
        return True
    except ValueError:
        return False


def _urls_in(text):
    import re

    return re.findall(r"[a-z][a-z0-9+]*://[^\s'\"]+", text)


def _select_one():
    from sqlalchemy import text

    return text("select 1")


def _first_line(error):
    """The first line of an error's text, without SQLAlchemy's background link."""
    text = str(getattr(error, "orig", None) or error).strip().splitlines()
    return (text[0] if text else type(error).__name__).strip()


def atomic_write(path, data, mode=0o644):
    """Write `data` (str or bytes) to `path` through a temporary file and a rename.

    On any failure (a full disk) the temporary file is removed and the previous `path` is
    left as it was; the error is raised as `CourseError`, one line.
    """
    import tempfile

    path = pathlib.Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb" if isinstance(data, bytes) else "w") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except OSError as error:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        reason = error.strerror or str(error)
        raise CourseError(f"could not write {path}: {reason}; the previous file is unchanged") from None
