"""The course installed from a wheel, used away from the repository (issue 11, item 7).

A wheel is built the way `python -m build` builds it (an sdist of a copy of
the repository's files, then a wheel from the unpacked sdist, so MANIFEST.in
and setup.py are both exercised), installed with ``--no-deps`` into a fresh
virtual environment, and used from a folder outside the repository: the
editable install of this checkout cannot help.

The fresh environment gets its dependencies as hard links to this
environment's site-packages: the base Python has none (so
``--system-site-packages`` would bring nothing), and a ``.pth`` pointing here
would not reach the sandbox, which mounts only the environment's own prefix.
"""

import json
import os
import pathlib
import shutil
import subprocess
import sys
import sysconfig
import tarfile

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
# what the sdist is made from (the rest of the repository is not part of the package)
PROJECT_FILES = ["pyproject.toml", "setup.py", "MANIFEST.in", "README.md", "LICENSE",
                 "helpers", "autograder", "datasets", "assignments", "zh/assignments"]
OWN = ("helpers", "autograder", "nndl_course", "__editable__")  # this checkout's install, not a dependency
ASSIGNMENT, NOTEBOOK = "06-leaky-relu", "leaky-relu.ipynb"


def _run(args, **kwargs):
    done = subprocess.run(args, capture_output=True, text=True, **kwargs)
    assert done.returncode == 0, f"{args} failed:\n{done.stdout}\n{done.stderr}"
    return done


@pytest.fixture(scope="session")
def wheel(tmp_path_factory):
    """A wheel of the course, built from an sdist of the project's files."""
    base = tmp_path_factory.mktemp("wheel")
    source = base / "source"
    source.mkdir()
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", ".ipynb_checkpoints", "*.egg-info")
    for name in PROJECT_FILES:
        path = ROOT / name
        if path.is_dir():
            shutil.copytree(path, source / name, ignore=ignore)  # makes zh/ for zh/assignments
        else:
            shutil.copy2(path, source / name)
    sdist = _run([sys.executable, "-c", "from setuptools import build_meta; print(build_meta.build_sdist('dist'))"],
                 cwd=source).stdout.split()[-1]
    with tarfile.open(source / "dist" / sdist) as archive:
        archive.extractall(base / "unpacked", filter="data")
    [unpacked] = (base / "unpacked").iterdir()
    _run([sys.executable, "-m", "pip", "wheel", str(unpacked), "--no-deps", "--no-build-isolation", "--no-index",
          "-q", "-w", str(base / "dist")])
    [built] = (base / "dist").glob("*.whl")
    return built


@pytest.fixture(scope="session")
def venv(wheel, tmp_path_factory):
    """A fresh virtual environment with the wheel installed (``--no-deps``): its folder."""
    env = tmp_path_factory.mktemp("venv") / "env"
    _run([getattr(sys, "_base_executable", sys.executable), "-m", "venv", "--without-pip", str(env)])
    target = pathlib.Path(_run([str(env / "bin" / "python"), "-c",
                                "import sysconfig; print(sysconfig.get_paths()['purelib'])"]).stdout.strip())
    here = pathlib.Path(sysconfig.get_paths()["purelib"])
    dependencies = [str(p) for p in sorted(here.iterdir()) if not p.name.startswith(OWN)]
    linked = subprocess.run(["cp", "-al", *dependencies, str(target)], capture_output=True, text=True)
    if linked.returncode != 0:
        pytest.skip(f"cannot hard-link this environment's packages into a temporary folder: {linked.stderr[:200]}")
    # nbgrader runs the `alembic` command: the console script pip writes when it installs alembic
    alembic = env / "bin" / "alembic"
    alembic.write_text(f"#!{env / 'bin' / 'python'}\nimport sys\nfrom alembic.config import main\nsys.exit(main())\n")
    alembic.chmod(0o755)
    _run([sys.executable, "-m", "pip", "--python", str(env / "bin" / "python"), "install", "--no-deps",
          "--no-index", "-q", str(wheel)])
    return env


@pytest.fixture
def outside(tmp_path, venv):
    """(folder outside the repository, environment of a user of the installed course)."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONPATH", "VIRTUAL_ENV", "COURSE_DATASETS", "COURSE_IMAGE_DATASET",
                        "AUTOGRADER_REFERENCES", "PYTHONSTARTUP")}
    system_path = [p for p in env.get("PATH", "").split(os.pathsep) if not p.startswith(str(ROOT))]
    env.update(PATH=os.pathsep.join([str(venv / "bin"), *system_path]), OPENBLAS_NUM_THREADS="1")
    return tmp_path, env


def _python(venv, code, cwd, env):
    return _run([str(venv / "bin" / "python"), "-c", code], cwd=cwd, env=env)


def _cli(venv, cwd, env, *args):
    return subprocess.run([str(venv / "bin" / "course-autograder"), *args], cwd=cwd, env=env,
                          capture_output=True, text=True)


def test_the_wheel_carries_the_data_and_the_assignments(wheel):
    import zipfile

    names = set(zipfile.ZipFile(wheel).namelist())
    assert "helpers/data/fashion_coat_vs_shirt.h5" in names
    shipped = sorted(p.relative_to(ROOT / "assignments").as_posix() for p in ROOT.glob("assignments/*/*.ipynb"))
    assert shipped and {f"autograder/assignments/{p}" for p in shipped} <= names
    # the Chinese edition sits beside it as in the repository (`course.edition_dir`), with its language marker
    zh = sorted(p.relative_to(ROOT / "zh" / "assignments").as_posix() for p in ROOT.glob("zh/assignments/*/*")
                if p.is_file())
    assert zh and {f"autograder/zh/assignments/{p}" for p in zh} <= names
    assert any(p.endswith("/matplotlibrc") for p in zh)
    assert "autograder/backends/local.py" in names and "autograder/references/a06_leaky_relu.py" in names


def test_helpers_loads_the_course_data_from_the_installed_package(venv, outside):
    cwd, env = outside
    code = """import json, helpers
from helpers import datasets
train_x, train_y, test_x, test_y, classes = datasets.load_dataset()
X, Y = datasets.load_planar_dataset()
print(json.dumps({"helpers": helpers.__file__, "data": str(datasets.DATA_DIR), "image": datasets.image_dataset(),
                  "train": train_x.shape, "labels": train_y.shape, "classes": [c.decode() for c in classes],
                  "flower": [X.shape, Y.shape]}))"""
    found = json.loads(_python(venv, code, cwd, env).stdout)
    assert found["helpers"].startswith(str(venv)), found["helpers"]
    assert found["data"].startswith(str(venv)) and found["image"] == "fashion"
    assert found["train"][0] == found["labels"][1] > 0 and found["classes"] == ["coat", "shirt"]
    assert found["flower"] == [[2, 400], [1, 400]]


def test_a_data_folder_without_the_files_is_named_with_the_fix(venv, outside):
    cwd, env = outside
    (cwd / "empty").mkdir()
    code = """from helpers import datasets
try:
    datasets.load_dataset("fashion")
except FileNotFoundError as error:
    print(error)"""
    said = _python(venv, code, cwd, {**env, "COURSE_DATASETS": str(cwd / "empty")}).stdout
    assert f"needs fashion_coat_vs_shirt.h5 in {cwd / 'empty'}" in said and "COURSE_DATASETS" in said


def test_the_instructor_commands_work_from_the_installed_package(venv, outside):
    cwd, env = outside
    for command in (["export", ASSIGNMENT], ["release", ASSIGNMENT]):  # no course here yet
        done = _cli(venv, cwd, env, *command)
        assert done.returncode == 2 and done.stdout == ""
        assert done.stderr.count("\n") == 1 and f"no course at {cwd / 'course'}" in done.stderr, done.stderr
        assert "course-autograder init" in done.stderr and "Traceback" not in done.stderr
    assert not (cwd / "course").exists()

    assert _cli(venv, cwd, env, "init").returncode == 0
    done = _cli(venv, cwd, env, "release", "06-leaky-reluu")
    assert done.returncode == 2 and ASSIGNMENT in done.stderr and "Traceback" not in done.stderr
    done = _cli(venv, cwd, env, "release", ASSIGNMENT)
    assert done.returncode == 0, done.stderr
    course = cwd / "course"
    assert (course / "release" / ASSIGNMENT / NOTEBOOK).exists()
    assert (course / "kit" / "helpers" / "data" / "fashion_coat_vs_shirt.h5").exists()

    # the instructor's own solution, graded in the installed package's sandbox, gets full marks
    submitted = course / "submitted" / "ann" / ASSIGNMENT
    submitted.mkdir(parents=True)
    shutil.copy(course / "source" / ASSIGNMENT / NOTEBOOK, submitted / NOTEBOOK)
    done = _cli(venv, cwd, env, "autograde", ASSIGNMENT, "--workers", "1")
    assert done.returncode == 0, done.stderr
    [line] = [line for line in done.stdout.splitlines() if line.startswith("  ann:")]
    score, total = line.split()[2].split("/")
    assert line.split()[1] == "graded" and score == total and float(total) > 0, line
