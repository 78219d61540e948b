"""Reference for assignment 1, Python basics with numpy.

Each function returns what the student's function of the same name should
return; `COMPARATORS` add hints for the usual slips (a row-wise operation done
column-wise, a missing ``keepdims=True``, a mean where a sum is asked for).
"""

ASSIGNMENT = "01-python-basics"

import numpy as np

from helpers.activations import sigmoid as _sigmoid
from helpers.activations import sigmoid_derivative as _sigmoid_derivative

from ..contract import Mistake
from ..judge import compare, current_arguments, say


def sigmoid(x):
    """sigma(x) = 1 / (1 + e^(-x)), elementwise; a number for a number."""
    s = _sigmoid(x)
    return float(s) if np.ndim(x) == 0 else s


def sigmoid_derivative(x):
    """sigma'(x) = s (1 - s) with s = sigma(x)."""
    ds = _sigmoid_derivative(x)
    return float(ds) if np.ndim(x) == 0 else ds


def image2vector(image):
    """An (h, w, c) array unrolled into a column of shape (h * w * c, 1), one channel after the other.

    Lecture 2.1's order: all of channel 0 (red) row by row, then channel 1, ...
    """
    return np.transpose(np.asarray(image), (2, 0, 1)).reshape(-1, 1)


def _compare_image2vector(actual, expected):
    problems = compare(actual, expected, say("output_of", name="image2vector"))
    args, _ = current_arguments()
    if problems and args and np.shape(actual) == np.shape(expected) \
            and np.allclose(np.asarray(actual, dtype=float), np.asarray(args[0]).reshape(-1, 1)):
        problems.append(say("hint_channels_interleaved"))
    return problems


def normalize_rows(x):
    """Each row of x divided by its L2 norm."""
    return x / np.linalg.norm(x, axis=1, keepdims=True)


def softmax(x):
    """Row-wise softmax of an (m, n) matrix.

    Subtracting each row's maximum first changes nothing mathematically
    (e^(x - c) / sum e^(x - c) = e^x / sum e^x) but keeps np.exp from overflowing.
    """
    x_exp = np.exp(x - np.max(x, axis=1, keepdims=True))
    return x_exp / np.sum(x_exp, axis=1, keepdims=True)


def L1(yhat, y):
    """L1 loss, the sum of |y - yhat| (a sum, not a mean)."""
    return float(np.sum(np.abs(y - yhat)))


def L2(yhat, y):
    """L2 loss, the sum of (y - yhat)^2 (a sum of squares, no square root)."""
    return float(np.sum((y - yhat) ** 2))


def _rows_hint(actual, expected, what, norm):
    """Problems for a row-wise result: the plain comparison plus what the rows tell."""
    problems = compare(actual, expected, say("output_of", name=what))
    if not problems:
        return []
    actual = np.asarray(actual, dtype=float)
    if actual.shape != expected.shape or actual.ndim != 2:
        return problems
    rows, columns = norm(actual, 1), norm(actual, 0)
    if np.allclose(columns, 1) and not np.allclose(rows, 1):
        problems.append(say("hint_columns_not_rows"))
    elif not np.allclose(rows, 1):
        problems.append(say("hint_rows_norm" if what == "normalize_rows" else "hint_rows_sum"))
    return problems


def _compare_normalize_rows(actual, expected):
    return _rows_hint(actual, expected, "normalize_rows",
                      lambda a, axis: np.linalg.norm(a, axis=axis))


def _compare_softmax(actual, expected):
    return _rows_hint(actual, expected, "softmax", lambda a, axis: np.sum(a, axis=axis))


def _loss_comparator(name, formula):
    def comparator(actual, expected):
        problems = compare(actual, expected, say("output_of", name=name))
        if problems and np.ndim(actual) == 0 and np.ndim(expected) == 0 and expected:
            ratio = float(actual) / float(expected)
            if name == "L2" and np.isclose(float(actual) ** 2, expected):
                problems.append(say("hint_square_root"))
            elif 0 < ratio < 1 and np.isclose(1 / ratio, round(1 / ratio)):
                problems.append(say("hint_mean_not_sum", factor=round(1 / ratio), formula=formula))
        elif problems and np.ndim(actual) > 0:
            problems.append(say("hint_loss_is_a_number"))
        return problems
    return comparator


COMPARATORS = {
    "image2vector": _compare_image2vector,
    "normalize_rows": _compare_normalize_rows,
    "softmax": _compare_softmax,
    "L1": _loss_comparator("L1", "sum(|y - yhat|)"),
    "L2": _loss_comparator("L2", "sum((y - yhat)^2)"),
}

FORBIDDEN_HELPERS = {
    "sigmoid": ["sigmoid"],
    "sigmoid_derivative": ["sigmoid", "sigmoid_derivative", "sigmoid_backward"],
    "image2vector": ["flatten_images"],
}


def case_image2vector(seed, height=3, width=3, channels=2):
    """One random image of shape (height, width, channels)."""
    return (np.random.default_rng(seed).random((height, width, channels)),)


def case_L1(seed, m=5):
    """Predictions in (0, 1) and labels 0 / 1 of shape (m,)."""
    r = np.random.default_rng(seed)
    return r.random(m), r.integers(0, 2, m).astype(float)


case_L2 = case_L1


MISTAKES = [  # planted by `course-autograder validate`: each must cost points and give its hint (a message key)
    Mistake("image2vector", "def image2vector(image):\n    return image.reshape(-1, 1)\n",
            "hint_channels_interleaved"),
    Mistake("normalize_rows", "def normalize_rows(x):\n    return x / np.linalg.norm(x, axis=1)\n",
            "hint_rows_norm"),
]

# the tests' names on a Chinese feedback page (in English a test is named by its cell's docstring)
TEST_NAMES = {"zh": {
    "sigmoid_values": "sigmoid 在一个小向量和一个数上的结果正确",
    "sigmoid_hidden_shapes": "sigmoid 在矩阵和负数上的结果正确",
    "sigmoid_derivative_values": "sigmoid_derivative 在一个小向量上的结果正确",
    "sigmoid_derivative_hidden_shapes": "sigmoid_derivative 在矩阵和一个数上的结果正确",
    "image2vector_values": "image2vector 把一张 3 x 3 的 RGB 图片展开成一个列向量",
    "image2vector_hidden_shapes": "image2vector 在其他尺寸和通道数下也正确",
    "normalize_rows_values": "normalize_rows 在两个小矩阵上的结果正确",
    "normalize_rows_hidden_shapes": "normalize_rows 在其他形状下也正确",
    "softmax_values": "softmax 在一个 2 x 5 矩阵上的结果正确",
    "softmax_hidden_shapes": "softmax 在方阵、单行和随机分数上也正确",
    "L1_values": "L1 在五个预测值上的结果正确",
    "L1_hidden_random": "L1 在其他长度的随机预测值上的结果正确",
    "L2_values": "L2 在五个预测值上的结果正确",
    "L2_hidden_random": "L2 在其他长度的随机预测值上的结果正确",
}}
