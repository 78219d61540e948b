"""The instructor's nbgrader course directory: create it, release assignments, check the release.

Layout (nbgrader's): ``source/<id>/`` (copied from the repository's
``assignments/<id>/``), ``release/<id>/`` (the student versions),
``submitted/<student>/<id>/``, ``autograded/``, ``feedback/``, ``exports/``,
``gradebook.db`` and ``nbgrader_config.py``.
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
CONFIG_NAME = "nbgrader_config.py"

CONFIG_TEMPLATE = '''"""nbgrader configuration of this course (written by `course-autograder init`)."""

c = get_config()  # noqa: F821

c.CourseDirectory.root = {root!r}
c.CourseDirectory.db_url = {db_url!r}
# a server gradebook (PostgreSQL) enforces that the course exists: it needs a course id
c.CourseDirectory.course_id = {course_id!r}
# the student version of a solution region
c.ClearSolutions.code_stub = {{"python": "# YOUR CODE HERE\\nraise NotImplementedError()"}}
c.ClearSolutions.enforce_metadata = True
# plain `nbgrader autograde` (not used by course-autograder, which has its own engine):
# deleted test cells come back, and a cell may run at most this long
c.OverwriteCells.add_missing_cells = True
c.Execute.timeout = 60
'''


class ReleaseLeak(Exception):
    """A solution or hidden-test line reached a released notebook."""


class Course:
    """An nbgrader course directory.

    Parameters
    ----------
    root : Path, the course directory
    db_url : str or None, the gradebook's database URL (default: SQLite ``gradebook.db`` in `root`)
    """

    def __init__(self, root, db_url=None):
        self.root = pathlib.Path(root).resolve()
        self.config_path = self.root / CONFIG_NAME
        self.db_url = database_url(db_url or self._configured_db_url() or f"sqlite:///{self.root / 'gradebook.db'}")

    def _configured_db_url(self):
        if not self.config_path.exists():
            return None
        config = self.nbgrader_config(load_only=True)
        value = config.CourseDirectory.get("db_url") if "CourseDirectory" in config else None
        return value or None

    # paths
    def source(self, assignment):
        return self.root / "source" / assignment

    def release_dir(self, assignment):
        return self.root / "release" / assignment

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
        """Create the directories and ``nbgrader_config.py`` (kept if it exists)."""
        for sub in ("source", "release", "submitted", "autograded", "feedback", "exports"):
            (self.root / sub).mkdir(parents=True, exist_ok=True)
        if not self.config_path.exists():
            self.config_path.write_text(CONFIG_TEMPLATE.format(root=str(self.root), db_url=self.db_url,
                                                               course_id=self.default_course_id()))
        return self.config_path

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

        return Gradebook(self.db_url, self.nbgrader_config().CourseDirectory.get("course_id", ""))

    # release
    def release(self, assignment, assignments_dir):
        """Copy `assignments_dir/<assignment>` to ``source/``, generate the student version, check it.

        Raises `ReleaseLeak` (and removes the release) if a solution or hidden-test line got through.
        """
        self.init()
        origin = pathlib.Path(assignments_dir) / assignment
        if not origin.is_dir():
            raise FileNotFoundError(f"no assignment folder {origin}")
        if self.source(assignment).exists():
            shutil.rmtree(self.source(assignment))
        shutil.copytree(origin, self.source(assignment),
                        ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))
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
        return sorted(self.release_dir(assignment).rglob("*.ipynb"))

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
                            leaks.append(f"{source_path.name} cell {number}: {stripped}")
        return leaks


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


def ensure_bin_on_path():
    """nbgrader runs `alembic`: the environment's bin/ must be on PATH."""
    bin_dir = os.path.dirname(sys.executable)
    if bin_dir not in os.environ.get("PATH", "").split(os.pathsep):
        os.environ["PATH"] = bin_dir + os.pathsep + os.environ.get("PATH", "")
