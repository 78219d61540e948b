"""Hostile and broken submissions (issue 6, item 6): each gets an exact status and score.

Every submission here starts from the fixture assignment's reference solution
(8 points: `double` 3, `column_stats` 2, `sigmoid` 2, `m_train` 1) and adds
or changes a few cells.  `WRONG` makes `double` wrong (worth 3 points), so a
trick that turned failing tests into passing ones would show as 8 instead of 5.
"""

import pytest

from grading_fixtures import fixture as fx

WRONG = {"double": "def double(x):\n    return 3 * x"}
FULL, WRONG_SCORE = fx.MAX_SCORE, fx.MAX_SCORE - 3


@pytest.fixture(scope="module")
def grading(tmp_path_factory):
    grading = fx.Grading(tmp_path_factory.mktemp("adversarial"))
    yield grading
    grading.close()


def grade(grading, answers=None, extra=()):
    return grading.grade(fx.submission(answers, extra))


CHEATS = {
    "monkeypatch numpy": """import numpy, numpy.testing
numpy.allclose = lambda *a, **k: True
numpy.array_equal = lambda *a, **k: True
numpy.testing.assert_allclose = lambda *a, **k: None
numpy.testing.assert_array_almost_equal = lambda *a, **k: None
numpy.abs = lambda x: 0 * x""",
    "monkeypatch builtins": """import builtins
builtins.AssertionError = type("Nothing", (Exception,), {})
builtins.abs = lambda x: 0
builtins.max = lambda *a, **k: 0""",
    "monkeypatch the checks": """import autograder.checks as c
c.compare = lambda *a, **k: []
c.Checker.__call__ = lambda *a, **k: None
check = lambda *a, **k: None""",
    "input transformer swallowing errors": """ip = get_ipython()
def wrap(lines):
    return ["try:\\n"] + ["    " + l for l in lines] + ["\\nexcept BaseException:\\n    pass\\n"]
ip.input_transformers_post.append(wrap)""",
    "showtraceback and custom exception handler": """ip = get_ipython()
ip.showtraceback = lambda *a, **k: None
ip.set_custom_exc((BaseException,), lambda *a, **k: None)""",
    "sys.modules swap": """import sys, types
fake = types.ModuleType("numpy")
fake.allclose = lambda *a, **k: True
sys.modules["numpy.testing"] = fake""",
}


@pytest.mark.parametrize("cheat", sorted(CHEATS))
def test_cheats_cannot_turn_a_failing_test_into_a_passing_one(grading, cheat):
    result = grade(grading, WRONG, [(None, CHEATS[cheat])])
    assert (result.status, result.score) == ("graded", WRONG_SCORE), result.detail
    assert fx.scores(result)["double_values"] == 0


@pytest.mark.parametrize("cheat", sorted(CHEATS))
def test_cheats_do_not_cost_a_correct_submission_points(grading, cheat):
    result = grade(grading, None, [(None, CHEATS[cheat])])
    assert (result.status, result.score) == ("graded", FULL), result.detail


def test_the_grading_worker_cannot_be_killed(grading):
    # the parent is the sandbox's pid 1 (the zygote): a signal from inside its namespace does not reach it
    result = grade(grading, None, [("column_stats_hidden", "import os, signal\nos.kill(os.getppid(), signal.SIGKILL)")])
    assert (result.status, result.score) == ("graded", FULL)
    assert grade(grading).score == FULL  # the next submission is graded normally


def test_killing_every_process_it_can_see(grading):
    # kill(-1) reaches neither pid 1 nor the caller: nothing of the grader dies
    result = grade(grading, None, [("double_hidden", "import os, signal\nos.kill(-1, signal.SIGKILL)")])
    assert (result.status, result.score) == ("graded", FULL)
    assert grade(grading).score == FULL


def test_killing_itself_crashes_this_submission_only(grading):
    # after the tests of double and column_stats (5 points), before sigmoid's
    result = grade(grading, None, [("column_stats_hidden", "import os, signal\nos.kill(os.getpid(), signal.SIGKILL)")])
    assert (result.status, result.score) == ("crashed", 5)
    assert all(t.message.startswith("not graded") for t in result.tests if t.grade_id.startswith(("sigmoid", "m_train")))
    assert grade(grading).score == FULL


def test_sys_exit_is_a_cell_error_not_a_crash(grading):
    result = grade(grading, None, [(None, "import sys\nsys.exit(0)"), ("double", "raise SystemExit(3)"),
                                   ("sigmoid", "exit()")])
    assert (result.status, result.score) == ("graded", FULL)
    assert "SystemExit" in result.detail


def test_os_exit_crashes(grading):
    result = grade(grading, None, [("double_hidden", "import os\nos._exit(0)")])
    assert (result.status, result.score) == ("crashed", 3)


def test_os_exit_inside_the_graded_function(grading):
    result = grade(grading, {"sigmoid": "import os\ndef sigmoid(z):\n    os._exit(1)"})
    assert (result.status, result.score) == ("crashed", 5)


def test_infinite_loop_ignoring_sigint_times_out(grading):
    loop = "import signal\nsignal.signal(signal.SIGINT, signal.SIG_IGN)\nsignal.signal(signal.SIGTERM, signal.SIG_IGN)\nwhile True:\n    pass"
    result = grade(grading, None, [("column_stats_hidden", loop)])
    assert (result.status, result.score) == ("timed_out", 5)
    assert "ran longer than 4 s of CPU time" in result.detail
    assert grade(grading).score == FULL


def test_infinite_loop_in_a_graded_function_times_out(grading):
    result = grade(grading, {"sigmoid": "def sigmoid(z):\n    while True:\n        pass"})
    assert (result.status, result.score) == ("timed_out", 5)
    assert "`sigmoid` ran longer than 4 s of CPU time" in next(t.message for t in result.tests if t.grade_id == "sigmoid_values")


def test_memory_bomb_is_out_of_memory(grading):
    bomb = "blocks = []\nwhile True:\n    blocks.append(bytearray(50 * 1024 * 1024))"
    result = grade(grading, None, [("double_hidden", bomb)])
    assert (result.status, result.score) == ("out_of_memory", 3)
    assert grade(grading).score == FULL


def test_huge_numpy_allocation_is_out_of_memory(grading):
    result = grade(grading, {"sigmoid": "import numpy as np\ndef sigmoid(z):\n    return np.ones((1 << 20, 1 << 16))"})
    assert (result.status, result.score) == ("out_of_memory", 5)


def test_fork_bomb_is_stopped(grading):
    bomb = "import os\nwhile True:\n    try:\n        os.fork()\n    except OSError:\n        pass"
    result = grade(grading, None, [("column_stats_hidden", bomb)])
    assert (result.status, result.score) == ("crashed", 5)
    assert "too many processes" in result.detail
    assert grade(grading).score == FULL


def test_a_forked_child_does_not_answer_for_the_worker(grading):
    result = grade(grading, None, [(None, "import os\nchild = os.fork()")])
    assert (result.status, result.score) == ("graded", FULL)


def test_huge_printed_output_is_truncated(grading):
    result = grade(grading, None, [(None, "for i in range(200000):\n    print('x' * 100)")])
    assert (result.status, result.score) == ("graded", FULL)


def test_huge_returned_value_fails_that_test_only(grading):
    # 16 MB of float64, over the 8 MB reply limit of the tests
    answer = "import numpy as np\ndef sigmoid(z):\n    return np.zeros((2048, 1024))"
    result = grade(grading, {"sigmoid": answer})
    assert (result.status, result.score) == ("graded", FULL - 2)
    assert "too large" in next(t.message for t in result.tests if t.grade_id == "sigmoid_values")


def test_correct_submission_writing_to_stderr_keeps_full_marks(grading):
    noisy = """import sys, warnings, logging
warnings.warn("this is only a warning")
print("some text on stderr", file=sys.stderr)
logging.getLogger().warning("a log line")
import os
os.write(2, b"raw bytes on fd 2\\n")"""
    answers = {"sigmoid": "import sys, warnings\ndef sigmoid(z):\n    warnings.warn('careful')\n"
                          "    print('computing', file=sys.stderr)\n    return 1 / (1 + np.exp(-z))"}
    result = grade(grading, answers, [(None, noisy), ("double", "import numpy as np\nnp.log(np.zeros(2))")])
    assert (result.status, result.score) == ("graded", FULL)


def test_a_graded_function_that_raises_loses_its_points_only(grading):
    result = grade(grading, {"column_stats": "def column_stats(X):\n    raise ValueError('no idea')"})
    assert (result.status, result.score) == ("graded", FULL - 2)
    assert "`column_stats` raised ValueError: no idea" in result.tests[2].message


def test_returning_objects_instead_of_data(grading):
    answers = {"double": "class Sneaky:\n    def __eq__(self, other):\n        return True\n"
                         "def double(x):\n    return Sneaky()",
               "column_stats": "class D(dict):\n    def __getitem__(self, k):\n        raise RuntimeError\n"
                               "def column_stats(X):\n    return D(mean=X.mean(axis=1, keepdims=True), std=X.std(axis=1, keepdims=True))"}
    result = grade(grading, answers)
    assert result.status == "graded"
    assert fx.scores(result)["double_values"] == 0
