"""The course directory (`autograder/course.py`, `autograder/cli.py`): relocatable, its own gradebook,
instructor edits kept, clear failures, safe defaults.  Each test is a scenario of issue 12."""

import errno
import os
import pathlib
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import time

import nbformat
import pytest
from nbgrader.api import Gradebook, MissingEntry

from autograder import course as course_module, gradebook
from grading_fixtures import fixture as fx
from instructor_course import (FAST, MANUAL_ID, MANUAL_POINTS, copy_course, export_rows, make_released,
                               make_released_with_manual, manual_submission, run, submit)


@pytest.fixture(scope="module")
def released(tmp_path_factory):
    return make_released(tmp_path_factory.mktemp("released"))


@pytest.fixture
def course(released, tmp_path):
    shutil.copytree(released.parent / "assignments", tmp_path / "assignments")
    return copy_course(released, tmp_path / "semY")


def scores(course, student="bob"):
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as book:
        try:
            return book.find_submission(fx.ASSIGNMENT, student).score
        except MissingEntry:
            return None


# -- 1: a copied or moved course grades into its own gradebook ------------------------------------

def test_the_configuration_has_no_absolute_path(course):
    text = (course / "nbgrader_config.py").read_text()
    assert str(course.parent) not in text and "__file__" in text


def test_a_copied_course_grades_into_its_own_gradebook(released, course):
    submit(course, "bob")
    assert run(course, "autograde", fx.ASSIGNMENT, *FAST) == 0
    assert scores(course) == fx.MAX_SCORE
    assert scores(released) is None  # the course it was copied from is untouched


def test_a_moved_course_still_grades(course, tmp_path):
    moved = tmp_path / "moved"
    shutil.move(course, moved)
    submit(moved, "bob")
    assert run(moved, "autograde", fx.ASSIGNMENT, *FAST) == 0
    assert scores(moved) == fx.MAX_SCORE


def test_an_old_absolute_configuration_is_refused_then_fixed_by_init(course, released, capsys):
    # what `init` used to write: the absolute paths of the course it was made in
    (course / "nbgrader_config.py").write_text(
        f"c = get_config()\nc.CourseDirectory.root = {str(released)!r}\n"
        f"c.CourseDirectory.db_url = 'sqlite:///{released}/gradebook.db'\n")
    submit(course, "bob")
    assert run(course, "autograde", fx.ASSIGNMENT, *FAST) == 2
    err = capsys.readouterr().err
    assert "names another course directory" in err and "init" in err and "Traceback" not in err
    assert run(course, "init") == 0
    assert (course / "nbgrader_config.py.bak").exists()
    assert run(course, "autograde", fx.ASSIGNMENT, *FAST) == 0
    assert scores(course) == fx.MAX_SCORE and scores(released) is None


def test_a_sqlite_gradebook_outside_the_course_needs_db_on_purpose(course, tmp_path, capsys):
    elsewhere = tmp_path / "elsewhere.db"
    shutil.copy(course / "gradebook.db", elsewhere)
    config = course / "nbgrader_config.py"
    config.write_text(config.read_text().replace(
        course_module.DEFAULT_DB_LINE, repr(f"sqlite:///{elsewhere}")))
    submit(course, "bob")
    assert run(course, "autograde", fx.ASSIGNMENT, *FAST) == 2
    assert "outside the course" in capsys.readouterr().err
    assert run(course, "--db", f"sqlite:///{elsewhere}", "autograde", fx.ASSIGNMENT, *FAST) == 0
    with Gradebook(f"sqlite:///{elsewhere}") as book:
        assert book.find_submission(fx.ASSIGNMENT, "bob").score == fx.MAX_SCORE


# -- 2: resume is checked against the gradebook ---------------------------------------------------

def test_resume_after_a_lost_gradebook_grades_again(course, capsys):
    submit(course, "bob")
    submit(course, "carol", fx.submission({"double": "def double(x):\n    return 3 * x"}))
    assert run(course, "autograde", fx.ASSIGNMENT, *FAST) == 0
    (course / "gradebook.db").unlink()  # recreated: the assignment must be released again
    assert run(course, "autograde", fx.ASSIGNMENT, "--resume", *FAST) == 2
    assert "release" in capsys.readouterr().err
    assert run(course, "release", fx.ASSIGNMENT, "--assignments", str(_assignments(course))) == 0
    capsys.readouterr()
    assert run(course, "autograde", fx.ASSIGNMENT, "--resume", *FAST) == 0
    out = capsys.readouterr().out
    assert "unchanged, kept" not in out and "  bob: graded 8/8" in out
    assert scores(course, "bob") == 8 and scores(course, "carol") == 5


def test_resume_regrades_a_student_whose_grades_left_the_gradebook(course, capsys):
    submit(course, "bob")
    submit(course, "carol")
    assert run(course, "autograde", fx.ASSIGNMENT, *FAST) == 0
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as book:
        book.remove_submission(fx.ASSIGNMENT, "carol")
    capsys.readouterr()
    assert run(course, "autograde", fx.ASSIGNMENT, "--resume", *FAST) == 0
    out = capsys.readouterr().out
    assert "(1 unchanged, kept)" in out and "  carol: graded" in out and "  bob:" not in out
    assert scores(course, "carol") == 8


def _assignments(course):
    return course.parent / "assignments"  # the `course` fixture's copy of the released source


# -- 3: release never discards the instructor's edits ---------------------------------------------

def _edit_points(course, grade_id, points):
    path = course / "source" / fx.ASSIGNMENT / fx.NOTEBOOK
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.metadata.get("nbgrader", {}).get("grade_id") == grade_id:
            cell.metadata["nbgrader"]["points"] = points
    nbformat.write(nb, path)
    return path


def test_release_of_an_unchanged_source_needs_no_choice(course):
    assert run(course, "release", fx.ASSIGNMENT, "--assignments", str(_assignments(course))) == 0


def test_release_refuses_to_overwrite_an_edited_source_and_names_the_cell(course, capsys):
    path = _edit_points(course, "double_values", 5)
    edited = path.read_text()
    assert run(course, "release", fx.ASSIGNMENT, "--assignments", str(_assignments(course))) == 2
    err = capsys.readouterr().err
    assert "cell double_values changed" in err and "--keep-source" in err and "--force-source" in err
    assert path.read_text() == edited


def test_keep_source_releases_the_edit_and_force_source_discards_it(course):
    path = _edit_points(course, "double_values", 5)
    assert run(course, "release", fx.ASSIGNMENT, "--assignments", str(_assignments(course)), "--keep-source") == 0
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as book:
        assert book.find_assignment(fx.ASSIGNMENT).max_score == fx.MAX_SCORE + 4
    assert run(course, "release", fx.ASSIGNMENT, "--assignments", str(_assignments(course)), "--force-source") == 0
    assert '"points": 5' not in path.read_text()


# -- 9: clear commands --------------------------------------------------------------------------------

def test_a_misspelled_assignment_says_did_you_mean(course, capsys):
    for command in ("autograde", "export", "feedback", "report"):
        assert run(course, command, "99-fixtur") == 2
        err = capsys.readouterr().err.strip()
        assert "did you mean '99-fixture'" in err and len(err.splitlines()) == 1, err
    assert not (course / "exports" / "99-fixtur.csv").exists()


def test_release_of_a_misspelled_id_creates_nothing(course, capsys):
    assert run(course, "release", "99-fixtur", "--assignments", str(_assignments(course))) == 2
    assert "did you mean '99-fixture'" in capsys.readouterr().err
    assert not (course / "source" / "99-fixtur").exists()


def test_commands_outside_a_course_say_so_and_create_nothing(tmp_path, capsys):
    nowhere = tmp_path / "nothing"
    for args in (["release", "--all"], ["autograde", "x"], ["export", "x"], ["feedback", "x"], ["report", "x"]):
        assert run(nowhere, *args) == 2
        err = capsys.readouterr().err.strip()
        assert "no course at" in err and "init" in err and len(err.splitlines()) == 1
    assert not nowhere.exists()


def test_a_corrupt_gradebook_is_one_line_and_exit_2(course, capsys):
    (course / "gradebook.db").write_bytes(b"this is not a database" * 100)
    submit(course, "bob")
    assert run(course, "autograde", fx.ASSIGNMENT, *FAST) == 2
    err = capsys.readouterr().err.strip()
    assert "cannot open the gradebook" in err and "Traceback" not in err and len(err.splitlines()) == 1


def test_a_full_disk_leaves_the_previous_export_intact(course, monkeypatch, capsys):
    submit(course, "bob")
    assert run(course, "autograde", fx.ASSIGNMENT, *FAST) == 0
    path = course / "exports" / f"{fx.ASSIGNMENT}.csv"
    before = path.read_bytes()
    real_fsync = os.fsync

    def full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(course_module.os, "fsync", full)
    assert run(course, "export", fx.ASSIGNMENT) == 2
    monkeypatch.setattr(course_module.os, "fsync", real_fsync)
    err = capsys.readouterr().err
    assert "No space left on device" in err and "previous file is unchanged" in err
    assert path.read_bytes() == before
    assert [p.name for p in path.parent.iterdir()] == [path.name]  # no temporary file left


def test_ctrl_c_stops_cleanly_and_says_how_to_resume(course, monkeypatch, capsys):
    for student in ("ann", "bob", "cyd"):
        submit(course, student)
    real = gradebook.Writer.record
    calls = []

    def interrupted(self, record):
        calls.append(record["student"])
        if len(calls) >= 2:  # Ctrl-C arrives while the second grade is written, and stays pressed
            raise KeyboardInterrupt
        return real(self, record)

    monkeypatch.setattr(gradebook.Writer, "record", interrupted)
    assert run(course, "autograde", fx.ASSIGNMENT, *FAST) == 130
    err = capsys.readouterr().err
    assert "--resume" in err and "Traceback" not in err
    monkeypatch.setattr(gradebook.Writer, "record", real)
    assert run(course, "autograde", fx.ASSIGNMENT, "--resume", *FAST) == 0
    assert "(1 unchanged, kept)" in capsys.readouterr().out
    leftovers = [p for p in course.rglob(".*.tmp")]
    assert not leftovers


@pytest.fixture
def scratch():
    """An empty TMPDIR for the grader (slots, runtime), on a path the sandbox's account can reach."""
    folder = pathlib.Path(tempfile.mkdtemp(prefix="autograder-test-tmp-"))
    folder.chmod(0o755)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def test_a_real_ctrl_c_leaves_no_temporary_file_and_resume_completes(course, scratch):
    """SIGINT to the command's process group, as a terminal sends it, while a submission is graded."""
    for student in ("ann", "cyd"):
        submit(course, student)
    # bob's notebook sleeps (wall time, no CPU): the interrupt lands while it is graded
    submit(course, "bob", fx.submission(extra=[("double_values", "import time\ntime.sleep(4)")]))
    env = {**os.environ, "TMPDIR": str(scratch), "AUTOGRADER_REFERENCES": str(fx.FIXTURES),
           "OPENBLAS_NUM_THREADS": "1"}
    command = [sys.executable, "-m", "autograder", "--course", str(course), "autograde", fx.ASSIGNMENT, *FAST]
    grading = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               start_new_session=True)
    try:
        lines = []
        for line in grading.stdout:  # wait until ann's grade is recorded: bob is being graded
            lines.append(line)
            if line.startswith("  ann:"):
                break
        assert lines and lines[-1].startswith("  ann: graded 8/8"), lines
        os.killpg(grading.pid, signal.SIGINT)
        out, err = grading.communicate(timeout=60)
    finally:
        if grading.poll() is None:
            os.killpg(grading.pid, signal.SIGKILL)
            grading.wait()
    assert grading.returncode == 130, err
    assert "bob:" not in out and "Traceback" not in err
    assert f"course-autograder autograde {fx.ASSIGNMENT} --resume" in err and "1 students' grades" in err
    time.sleep(0.5)  # the sandbox's processes end with their parent
    assert sorted(p.name for p in scratch.iterdir()) == []
    leftovers = [p for p in course.rglob("*") if p.name.endswith((".tmp", ".partial", ".staging"))]
    assert not leftovers
    assert not (course / "autograded" / "bob").exists() or not any((course / "autograded" / "bob").rglob("*.json"))

    resumed = subprocess.run([*command, "--resume"], env=env, capture_output=True, text=True, timeout=120)
    assert resumed.returncode == 0, resumed.stderr
    assert "(1 unchanged, kept)" in resumed.stdout and "  bob: graded 8/8" in resumed.stdout
    assert "  cyd: graded 8/8" in resumed.stdout
    assert sorted(p.name for p in scratch.iterdir()) == []


def test_exit_status_tells_missing_students_from_failure(course, capsys):
    submit(course, "bob")
    assert run(course, "autograde", fx.ASSIGNMENT, *FAST) == 0
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as book:
        book.update_or_create_student("frank")  # enrolled, never submitted
    assert run(course, "autograde", fx.ASSIGNMENT, *FAST) == 3
    (course / "gradebook.db").write_bytes(b"garbage" * 200)
    assert run(course, "autograde", fx.ASSIGNMENT, *FAST) == 2


# -- 7: formgrader grades the free-text answers ----------------------------------------------------

def test_a_hand_graded_cell_is_left_to_formgrader_and_reported_pending(tmp_path, capsys):
    course = make_released_with_manual(tmp_path)
    released = (course / "release" / fx.ASSIGNMENT / fx.NOTEBOOK).read_text()
    assert "Because exp(-z)" not in released  # the model answer is not given to students
    answer = "The denominator 1 + exp(-z) is always more than 1."
    submit(course, "ann", manual_submission(course, answer))
    capsys.readouterr()
    assert run(course, "autograde", fx.ASSIGNMENT, *FAST) == 0
    line = next(l for l in capsys.readouterr().out.splitlines() if l.startswith("  ann:"))
    pending = f"{MANUAL_POINTS} more points to grade by hand in formgrader ({MANUAL_ID}): not in this score"
    assert line.startswith(f"  ann: graded {fx.MAX_SCORE}/{fx.MAX_SCORE} ") and pending in line
    row = export_rows(course)["ann"]
    assert float(row["score"]) == fx.MAX_SCORE and pending in row["flags"] and MANUAL_ID not in row

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as book:
        submission = book.find_submission(fx.ASSIGNMENT, "ann")
        grades = {g.name: g for nb in submission.notebooks for g in nb.grades}
        assert set(grades) == set(fx.POINTS) | {MANUAL_ID}
        manual = grades.pop(MANUAL_ID)
        assert manual.needs_manual_grade and manual.auto_score is None and manual.max_score == MANUAL_POINTS
        assert all(not g.needs_manual_grade and g.auto_score == fx.POINTS[g.name] for g in grades.values())
        assert submission.needs_manual_grade  # formgrader lists ann as waiting for a person
        manual.manual_score = 1.5  # the instructor grades the answer in formgrader
        manual.needs_manual_grade = False
        book.db.commit()
    graded = course / "autograded" / "ann" / fx.ASSIGNMENT / fx.NOTEBOOK
    assert answer in graded.read_text()  # formgrader shows the student's answer

    assert run(course, "autograde", fx.ASSIGNMENT, *FAST) == 0  # a re-run keeps the hand grade
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as book:
        submission = book.find_submission(fx.ASSIGNMENT, "ann")
        manual = next(g for nb in submission.notebooks for g in nb.grades if g.name == MANUAL_ID)
        assert manual.manual_score == 1.5 and not manual.needs_manual_grade
        assert submission.score == fx.MAX_SCORE + 1.5
    # the export counts the hand grade once formgrader has it, and says so instead of "pending"
    row = export_rows(course)["ann"]
    assert float(row["score"]) == fx.MAX_SCORE + 1.5 and float(row["max_score"]) == fx.MAX_SCORE + MANUAL_POINTS
    assert pending not in row["flags"] and f"includes 1.5 of {MANUAL_POINTS} points graded by hand" in row["flags"]


# -- 10: safe defaults ---------------------------------------------------------------------------

def test_a_password_is_never_echoed_nor_written(tmp_path, capsys):
    course = tmp_path / "pg"
    url = "postgresql://grader:s3cret-pw@db.example.org:5432/nndl"
    assert run(course, "--db", url, "init") == 0
    captured = capsys.readouterr()
    assert "s3cret-pw" not in captured.out + captured.err and ".pgpass" in captured.err
    config = course / "nbgrader_config.py"
    assert "s3cret-pw" not in config.read_text() and "grader@db.example.org" in config.read_text()
    assert stat.S_IMODE(config.stat().st_mode) & 0o077 == 0


def test_a_configuration_holding_a_password_is_made_private(tmp_path, capsys):
    course = tmp_path / "pg"
    assert run(course, "init") == 0
    config = course / "nbgrader_config.py"
    config.write_text(config.read_text().replace(
        course_module.DEFAULT_DB_LINE, "'postgresql://grader:hunter2@127.0.0.1:9/none'"))
    config.chmod(0o644)
    assert run(course, "export", "x") == 2  # nothing released; the gradebook is not even opened
    err = capsys.readouterr().err
    assert "hunter2" not in err and "readable by you only" in err
    assert stat.S_IMODE(config.stat().st_mode) == 0o600


def test_formgrader_autograde_refuses_to_run_student_code(course):
    submit(course, "bob")
    api = course_module.Course(course).api()  # nbgrader's API: what formgrader's button calls
    result = api.autograde(fx.ASSIGNMENT, "bob", force=True, create=True)
    assert not result["success"]
    assert "course-autograder autograde" in (result.get("error", "") + result.get("log", ""))
    assert not (course / "autograded" / "bob" / fx.ASSIGNMENT / fx.NOTEBOOK).exists()
