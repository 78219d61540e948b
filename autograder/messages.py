"""Every sentence a student reads from the checks and the grader, in English and Chinese.

The catalogue is one dict: a key per sentence, a template per language, filled
with `str.format` fields::

    MESSAGES["not_implemented"] == {"en": "`{name}` is not implemented yet",
                                   "zh": "`{name}` 还没有实现"}
    text("not_implemented", "zh", name="sigmoid")

Rules for a new sentence: add its key here (never write a student-facing
sentence elsewhere), fill "en" always and "zh" when you can, in the vocabulary
of the course notes (向量化, 广播, 反向传播, 梯度下降 ...).  A language missing for
a key falls back to English, so a partial translation never breaks grading;
`missing("zh")` lists what is left to translate.

The language of a notebook is its metadata field ``metadata.course.language``
("en" or "zh", default "en"): see `notebook_language`.  Inside a kernel, where
the notebook's metadata is not visible, the student's `check` takes it from the
environment variable ``AUTOGRADER_LANGUAGE`` or from what the release recorded.
"""

import os

LANGUAGES = ("en", "zh")
DEFAULT = "en"

MESSAGES = {
    # -- a student's function could not be checked -------------------------------------------
    "undefined_function": {
        "en": "`{name}` is not defined: run the cell where you write it first",
        "zh": "`{name}` 还没有定义：请先运行编写它的那个单元格",
    },
    "undefined_after_error": {
        "en": "`{name}` is not defined because the cell where you write it raised {error}; "
              "fix that error and run the cell again",
        "zh": "`{name}` 没有定义，因为编写它的单元格出错了（{error}）；请改正这个错误后重新运行该单元格",
    },
    "undefined_variable": {
        "en": "the variable `{name}` is not defined: run the cell that sets it",
        "zh": "变量 `{name}` 还没有定义：请运行给它赋值的单元格",
    },
    "not_callable": {
        "en": "`{name}` should be a function, but is a {type}",
        "zh": "`{name}` 应该是一个函数，但它是 {type}",
    },
    "not_implemented": {
        "en": "`{name}` is not implemented yet",
        "zh": "`{name}` 还没有实现",
    },
    "raised": {
        "en": "`{name}` raised {ename}: {evalue}",
        "zh": "`{name}` 抛出了 {ename}：{evalue}",
    },
    "forbidden_helpers": {
        "en": "`{name}` calls the course's helpers ({used}) instead of computing the result itself; "
              "this exercise asks you to write it with numpy",
        "zh": "`{name}` 调用了课程的 helpers（{used}），而不是自己计算结果；本练习要求你用 numpy 亲自实现",
    },
    "too_large": {
        "en": "the output of `{name}` is too large to grade ({detail})",
        "zh": "`{name}` 的输出太大，无法评分（{detail}）",
    },
    "unsendable": {
        "en": "the output of `{name}` could not be read ({ename}: {evalue})",
        "zh": "无法读取 `{name}` 的输出（{ename}：{evalue}）",
    },
    "worker_broken": {
        "en": "`{name}` could not be run: your notebook broke something the grader's worker needs "
              "({ename}: {evalue})",
        "zh": "无法运行 `{name}`：你的笔记本破坏了评分程序需要的环境（{ename}：{evalue}）",
    },
    "not_comparable": {
        "en": "{name}: the output could not be compared ({ename}: {evalue})",
        "zh": "{name}：无法比较这个输出（{ename}：{evalue}）",
    },
    "unknown_check": {
        "en": "there is no test of `{name}` with these arguments in this assignment: run the test "
              "cells as released (their expected values were computed when the assignment was released)",
        "zh": "本作业中没有用这些参数测试 `{name}` 的测试：请运行发布时的测试单元格（它们的期望值在发布作业时就已算好）",
    },
    "unknown_assignment": {
        "en": "cannot tell which assignment this notebook belongs to (folder {folder!r}): keep the "
              "notebook in the folder named after its assignment, e.g. 01-python-basics",
        "zh": "无法判断这个笔记本属于哪个作业（文件夹 {folder!r}）：请把笔记本放在以作业命名的文件夹中，例如 01-python-basics",
    },
    "case_outside_tests": {
        "en": "`case` only works in the test cells, which the grader runs itself",
        "zh": "`case` 只能在测试单元格中使用，评分程序会自己运行这些单元格",
    },
    # -- passed ---------------------------------------------------------------------------------
    "passed": {"en": "{name}: passed", "zh": "{name}：通过"},
    "gradients_agree": {
        "en": "{name}: gradients agree with central differences",
        "zh": "{name}：梯度与中心差分的数值结果一致",
    },
    # -- comparison ------------------------------------------------------------------------------
    "output_of": {"en": "the output of {name}", "zh": "{name} 的输出"},
    "should_be_dict": {
        "en": "{name} should be a dict with keys {keys}, but is a {type}",
        "zh": "{name} 应该是键为 {keys} 的字典，但它是 {type}",
    },
    "missing_key": {"en": "{name} has no key {key!r}", "zh": "{name} 缺少键 {key!r}"},
    "should_be_sequence": {
        "en": "{name} should be a {kind} of {count} items, but is a {type}",
        "zh": "{name} 应该是包含 {count} 项的 {kind}，但它是 {type}",
    },
    "wrong_length": {
        "en": "{name} should have {expected} items, but has {actual}",
        "zh": "{name} 应该有 {expected} 项，但它有 {actual} 项",
    },
    "wrong_length_summary": {
        "en": "{name} should have {expected} items, but has {actual}; the first differences: {first}",
        "zh": "{name} 应该有 {expected} 项，但它有 {actual} 项；最先的几处不同：{first}",
    },
    "items_differ": {
        "en": "{name}: {count} of {total} items differ; the first: {first}",
        "zh": "{name}：{total} 项中有 {count} 项不同；最先的几项：{first}",
    },
    "should_equal": {"en": "{name} should be {expected!r}, but is {actual!r}",
                     "zh": "{name} 应该是 {expected!r}，但它是 {actual!r}"},
    "should_be_number": {
        "en": "{name} should be a single number, but is a {type}{extra}",
        "zh": "{name} 应该是一个数，但它是 {type}{extra}",
    },
    "of_shape": {"en": " of shape {shape}", "zh": "（形状 {shape}）"},
    "is_nan": {"en": "{name} is NaN (expected {expected:.6g})", "zh": "{name} 是 NaN（期望 {expected:.6g}）"},
    "number_differs": {"en": "{name} is {actual:.6g}, but should be {expected:.6g}",
                       "zh": "{name} 是 {actual:.6g}，但应该是 {expected:.6g}"},
    "should_be_array": {
        "en": "{name} should be an array of shape {shape}, but is a {type}",
        "zh": "{name} 应该是形状为 {shape} 的数组，但它是 {type}",
    },
    "wrong_shape": {
        "en": "{name} has shape {actual}, but should have shape {expected}",
        "zh": "{name} 的形状是 {actual}，但应该是 {expected}",
    },
    "contains_nan": {"en": "{name} contains NaN, first at index {index}",
                     "zh": "{name} 含有 NaN，第一个在索引 {index}"},
    "entries_differ": {
        "en": "{name} differs in {count} of {total} entries; the largest absolute difference is "
              "{difference:.3g} at index {index} (yours {actual:.6g}, expected {expected:.6g})",
        "zh": "{name} 的 {total} 个元素中有 {count} 个不同；最大的绝对误差是 {difference:.3g}，"
              "在索引 {index}（你的值 {actual:.6g}，期望值 {expected:.6g}）",
    },
    # -- hints: shapes ---------------------------------------------------------------------------
    "hint_transposed": {
        "en": "it looks transposed: check the order of a matrix product, or a missing `.T`",
        "zh": "它看起来被转置了：检查矩阵乘法中因子的顺序，或者是否少了 `.T`",
    },
    "hint_rank1_column": {
        "en": "it is a rank-1 array: did you forget `keepdims=True` in a sum, or a `.reshape(-1, 1)`?",
        "zh": "它是秩为 1 的数组：是不是在求和时忘了 `keepdims=True`，或者忘了 `.reshape(-1, 1)`？",
    },
    "hint_rank1_row": {
        "en": "it is a rank-1 array: make it a row vector with `.reshape(1, -1)`",
        "zh": "它是秩为 1 的数组：用 `.reshape(1, -1)` 把它变成行向量",
    },
    "hint_not_summed": {
        "en": "it still has one column per example: did you forget to sum over the examples "
              "(axis=1) and divide by m?",
        "zh": "它仍然是每个样本一列：是不是忘了对样本求和（axis=1）再除以 m？",
    },
    "hint_outer_product": {
        "en": "an (n, 1) column met a (1, n) row and broadcast into an (n, n) matrix: one of the "
              "two is transposed (for example dw = X (A - Y)^T / m, not (A - Y) X^T / m)",
        "zh": "一个 (n, 1) 的列向量和一个 (1, n) 的行向量相遇，广播成了 (n, n) 的矩阵：其中一个被转置了"
              "（例如 dw = X (A - Y)^T / m，而不是 (A - Y) X^T / m）",
    },
    "hint_scalar_for_array": {
        "en": "you returned a single number where an array is expected: did you sum over "
              "everything (no `axis=`)?",
        "zh": "这里应该返回数组，你却返回了一个数：是不是对所有元素求和了（没有写 `axis=`）？",
    },
    # -- hints: values ---------------------------------------------------------------------------
    "hint_times_m": {
        "en": "{name} is exactly {factor} times too large, and {factor} is the number of examples m "
              "in this test: divide by m (the lectures average over the examples)",
        "zh": "{name} 恰好大了 {factor} 倍，而 {factor} 正是本测试的样本数 m：请除以 m（课程中对样本取平均）",
    },
    "hint_times": {
        "en": "{name} is exactly {factor} times too large: look for a stray factor {factor}",
        "zh": "{name} 恰好大了 {factor} 倍：检查是否多乘了一个 {factor}",
    },
    "hint_divided_twice": {
        "en": "{name} is exactly {factor} times too small: divide by m only once",
        "zh": "{name} 恰好小了 {factor} 倍：只需要除以 m 一次",
    },
    "hint_divided": {
        "en": "{name} is exactly {factor} times too small: look for an extra division",
        "zh": "{name} 恰好小了 {factor} 倍：检查是否多除了一次",
    },
    "hint_sign": {"en": "{name} has the wrong sign", "zh": "{name} 的符号反了"},
    "hint_update_sign": {
        "en": "the parameters moved the wrong way: gradient descent subtracts, "
              "W = W - learning_rate * dW",
        "zh": "参数朝错误的方向更新了：梯度下降是减去梯度，W = W - learning_rate * dW",
    },
    "hint_integer_division": {
        "en": "{name} holds whole numbers where fractions are expected: `//` is integer division, "
              "use `/`",
        "zh": "{name} 中应有小数的地方都成了整数：`//` 是整数除法，请用 `/`",
    },
    "hint_list_not_array": {
        "en": "{name} is a Python list: return a numpy array (e.g. `np.zeros((dim, 1))`)",
        "zh": "{name} 是 Python 列表：请返回 numpy 数组（例如 `np.zeros((dim, 1))`）",
    },
    # -- hints: errors ---------------------------------------------------------------------------
    "error_broadcast": {
        "en": "two arrays of shapes that do not fit met inside your function: check `keepdims=True` "
              "in sums over an axis, and that column vectors have shape (n, 1), not (n,)",
        "zh": "函数中两个形状不匹配的数组相遇了：检查按轴求和时的 `keepdims=True`，以及列向量的形状是 (n, 1) 而不是 (n,)",
    },
    "error_matmul": {
        "en": "a matrix product got shapes that do not line up: check the order of the factors "
              "(W @ A, not A @ W) and where a `.T` is needed",
        "zh": "矩阵乘法的两个因子形状对不上：检查因子的顺序（W @ A，而不是 A @ W）以及哪里需要 `.T`",
    },
    "error_name": {
        "en": "your function uses a name that is not defined: check its spelling, or run the cell "
              "that defines it",
        "zh": "你的函数用到了一个未定义的名字：检查拼写，或运行定义它的单元格",
    },
    "error_math_exp": {
        "en": "`math.exp` (and the other `math` functions) take a single number: use `np.exp`, "
              "which works on a whole array at once",
        "zh": "`math.exp`（以及 `math` 的其他函数）只接受一个数：请用 `np.exp`，它可以一次作用于整个数组",
    },
    "error_layer_count": {
        "en": "the key {key} does not exist: `parameters` holds two entries per layer (W and b), "
              "so the number of layers L is len(parameters) // 2",
        "zh": "键 {key} 不存在：`parameters` 每层有两项（W 和 b），所以层数 L 是 len(parameters) // 2",
    },
    # -- statuses (feedback pages) ---------------------------------------------------------------
    "status_graded": {"en": "graded", "zh": "已评分"},
    "status_tampered": {"en": "graded after restoring cells that had been changed or deleted",
                        "zh": "已恢复被修改或删除的单元格后评分"},
    "status_timed_out": {"en": "stopped: your notebook ran out of time (tests after that point were not run)",
                         "zh": "已停止：你的笔记本运行超时（之后的测试没有运行）"},
    "status_out_of_memory": {"en": "stopped: your notebook ran out of memory (tests after that point were not run)",
                             "zh": "已停止：你的笔记本内存不足（之后的测试没有运行）"},
    "status_crashed": {"en": "stopped: your notebook's process ended (tests after that point were not run)",
                       "zh": "已停止：你的笔记本进程意外结束（之后的测试没有运行）"},
    "status_missing": {"en": "no submission", "zh": "没有提交"},
    "status_invalid_notebook": {"en": "the submitted file is not a readable notebook",
                                "zh": "提交的文件不是可读取的笔记本"},
    "status_refused": {"en": "not graded: the submission holds a link or a special file instead of your own files",
                       "zh": "未评分：提交的内容中有链接或特殊文件，而不是你自己的文件"},
}


def text(message_key, language=DEFAULT, /, **fields):
    """The sentence `message_key` in `language` (English when that translation is missing), filled in."""
    entry = MESSAGES[message_key]
    template = entry.get(language) or entry[DEFAULT]
    return template.format(**fields)


def missing(language):
    """Keys that have no sentence in `language` yet (what a translator still has to write)."""
    return sorted(key for key, entry in MESSAGES.items() if not entry.get(language))


def notebook_language(nb):
    """The language of a notebook (a dict or nbformat node): ``metadata.course.language``, else "en"."""
    metadata = (nb.get("metadata") if hasattr(nb, "get") else None) or {}
    language = (metadata.get("course") or {}).get("language", DEFAULT)
    return language if language in LANGUAGES else DEFAULT


def kernel_language(default=DEFAULT):
    """The language inside a kernel: ``AUTOGRADER_LANGUAGE`` if set, else `default`."""
    language = os.environ.get("AUTOGRADER_LANGUAGE", default)
    return language if language in LANGUAGES else DEFAULT
