"""What the student can import: the read-only runtime directory the sandbox sees at ``/opt/grader``."""

import ast
import atexit
import pathlib
import shutil
import tempfile

from .. import astlock

HERE = pathlib.Path(__file__).resolve().parent
PACKAGE = HERE.parent           # autograder/
ROOT = PACKAGE.parent           # the repository (helpers/ is here)


def _python_only(source):
    """Cell source with IPython magics and shell escapes blanked out, for `ast`."""
    return "\n".join("" if line.lstrip().startswith(("%", "!")) else line
                     for line in source.splitlines())


def without_definitions(source, names):
    """`source` with every top-level function or class in `names` replaced by a stub that raises.

    The sandbox's copy of a helpers module is made this way, so a forbidden
    function (the course's own version of a graded one) is not there to be
    reached, whether by an import, `sys.modules` or `importlib`.
    """
    tree = astlock.parse(source)
    hit = False
    for i, node in enumerate(tree.body):
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)) and node.name in names:
            stub = astlock.parse(
                f"def {node.name}(*args, **kwargs):\n"
                f"    raise RuntimeError('{node.name} is not available while your work is graded: "
                f"this assignment asks you to write it yourself')\n").body[0]
            tree.body[i] = ast.copy_location(stub, node)
            hit = True
    return ast.unparse(ast.fix_missing_locations(tree)) + "\n" if hit else source


class Runtime:
    """A read-only directory the sandbox sees at ``/opt/grader``.

    It holds the worker, the transport, a stub ``autograder.checks`` (test cells
    never run in the sandbox, so no reference module is there) and every
    module of ``helpers``, whatever the assignment's cells import, in which the
    `forbidden` functions and classes (the course's own versions of the graded
    functions) are stubs that raise.  `setup_sources` (the assignment's own
    cells) does not narrow the copy; the modules they name are `preload`ed by
    the zygote, once for every submission.
    """

    def __init__(self, setup_sources=(), directory=None, forbidden=()):
        self.owned = directory is None
        setup_sources = [str(text) for text in setup_sources]
        self.path = pathlib.Path(directory or tempfile.mkdtemp(prefix="autograder-runtime-"))
        if self.owned:
            atexit.register(shutil.rmtree, self.path, True)
        helpers = self.path / "helpers"
        helpers.mkdir(parents=True, exist_ok=True)
        sources = sorted((ROOT / "helpers").glob("*.py"))
        self.helpers_modules = sorted(path.stem for path in sources if path.stem != "__init__")
        # what the zygote imports once for every child: the helpers modules the setup cells name
        self.preload = sorted({f"helpers.{m}" for m in self.helpers_modules
                               if any(f"helpers.{m}" in text or f"helpers import {m}" in text
                                      for text in setup_sources)}
                              | ({"helpers"} if any("helpers" in text for text in setup_sources) else set()))
        for path in sources:
            (helpers / path.name).write_text(without_definitions(path.read_text(), set(forbidden)))
        stub = self.path / "autograder"
        stub.mkdir(exist_ok=True)
        (stub / "__init__.py").write_text('"""The grader is not here."""\n')
        shutil.copy(HERE / "stub_checks.py", stub / "checks.py")
        shutil.copy(PACKAGE / "worker.py", self.path / "_ag_worker.py")
        shutil.copy(PACKAGE / "transport.py", self.path / "_ag_transport.py")
        mpl = self.path / "mplconfig"
        mpl.mkdir(exist_ok=True)
        try:
            import matplotlib

            for font_list in pathlib.Path(matplotlib.get_cachedir()).glob("fontlist-*.json"):
                shutil.copy(font_list, mpl / font_list.name)
        except Exception:
            pass
        # readable by the unprivileged account the sandbox runs as, writable by nobody
        for path in [self.path, *self.path.rglob("*")]:
            path.chmod(0o755 if path.is_dir() else 0o644)

    def close(self):
        if self.owned:
            shutil.rmtree(self.path, ignore_errors=True)
