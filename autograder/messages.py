"""Every sentence a student reads from the checks and the grader, in English and Chinese.

The catalogue is one dict: a key per sentence, a template per language, filled
with `str.format` fields::

    MESSAGES["not_implemented"] == {"en": "`{name}` is not implemented yet",
                                   "zh": "`{name}` 还没有实现"}
    text("not_implemented", "zh", name="sigmoid")

Rules for a new sentence: add its key here (never write a student-facing
sentence elsewhere), with both "en" and "zh" and the same fields in each, the
Chinese in the vocabulary of the course notes (向量化, 广播, 转置, 反向传播,
梯度下降 ...); `tests/test_i18n.py` fails on a key without both.  At run time a
language missing for a key falls back to English, so grading never breaks on
it; `missing("zh")` lists such keys.

Code that says something to a student calls `text` (or `autograder.judge`'s
`say`, which uses the language of the answer being judged); a reference
module's hints are keys here too, and a declared `Mistake` names the key of the
hint it must produce, so `validate` finds it in either language (`matches`).

The language of a notebook is its metadata field ``metadata.course.language``
("en" or "zh", default "en"): see `notebook_language`.  Inside a kernel, where
the notebook's metadata is not visible, the student's `check` asks
`helpers.fonts.language()`: the environment variable ``COURSE_LANGUAGE``, else
the marker line of the ``matplotlibrc`` in the notebook's folder (every folder
of the zh edition has one), else English.  See `kernel_language`.
"""

import functools
import os
import re
import string

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
    "hint_update_every_layer": {
        "en": "only {names} are right: update every layer, l = 1, ..., L with L = len(parameters) // 2",
        "zh": "只有 {names} 是对的：要更新每一层，l = 1, ..., L，其中 L = len(parameters) // 2",
    },
    # -- hints: random initialization --------------------------------------------------------------
    "weights_all_zeros": {
        "en": "{key} is all zeros: draw it at random, or the units of a layer stay identical to each "
              "other (symmetry is never broken)",
        "zh": "{key} 全是 0：请随机初始化，否则同一层的各个单元始终一模一样（对称性永远不会被打破）",
    },
    "weights_wrong_scale": {
        "en": "{key} has values of about {std:.2g}: multiply the draw by {scale:g}",
        "zh": "{key} 的数值大约是 {std:.2g}：请把随机数乘以 {scale:g}",
    },
    "weights_other_numbers": {
        "en": "{key} has the right shape and scale but not the expected numbers: {recipe}",
        "zh": "{key} 的形状和量级都对，但数值不是期望的那些：{recipe}",
    },
    "recipe_seed_then_W1_W2": {
        "en": "create `rng = np.random.default_rng({seed})` once, then draw W1 with "
              "`rng.standard_normal((n_h, n_x)) * 0.01` before W2",
        "zh": "先创建一次 `rng = np.random.default_rng({seed})`，然后用 "
              "`rng.standard_normal((n_h, n_x)) * 0.01` 先生成 W1，再生成 W2",
    },
    "recipe_seed_then_layers": {
        "en": "create `rng = np.random.default_rng({seed})` once at the start, then draw the weights "
              "layer by layer, W1 first, with `rng.standard_normal((n[l], n[l-1])) * 0.01`",
        "zh": "在开头创建一次 `rng = np.random.default_rng({seed})`，然后从 W1 开始逐层用 "
              "`rng.standard_normal((n[l], n[l-1])) * 0.01` 生成权重",
    },
    # -- hints: assignment 1, Python basics with numpy ---------------------------------------------
    "hint_channels_interleaved": {
        "en": "the channels are interleaved (red, green, blue of one pixel, then the next): move the "
              "channel axis first, `np.transpose(image, (2, 0, 1))`, then reshape",
        "zh": "各个通道交错在一起了（一个像素的红、绿、蓝，接着是下一个像素）：先用 "
              "`np.transpose(image, (2, 0, 1))` 把通道轴移到最前面，再 reshape",
    },
    "hint_columns_not_rows": {
        "en": "your columns are normalized instead of your rows: work along axis=1",
        "zh": "你归一化的是列而不是行：请沿 axis=1 计算",
    },
    "hint_rows_norm": {
        "en": "every row of the result should come out with norm 1, but yours do not: divide each row "
              "by its own norm, `np.linalg.norm(x, axis=1, keepdims=True)`, a column of shape (m, 1) "
              "that broadcasts along the row (without `keepdims=True` the (m,) array lines up with "
              "the columns instead)",
        "zh": "结果的每一行的范数都应该是 1，但你的不是：每一行要除以它自己的范数 "
              "`np.linalg.norm(x, axis=1, keepdims=True)`，这是一个形状为 (m, 1) 的列向量，会沿着行广播"
              "（没有 `keepdims=True` 时，形状为 (m,) 的数组会和列对齐）",
    },
    "hint_rows_sum": {
        "en": "every row of the result should come out with sum 1, but yours do not: divide each row "
              "by its own sum, `np.sum(x_exp, axis=1, keepdims=True)`, a column of shape (m, 1) that "
              "broadcasts along the row (without `keepdims=True` the (m,) array lines up with the "
              "columns instead)",
        "zh": "结果的每一行加起来都应该是 1，但你的不是：每一行要除以它自己的和 "
              "`np.sum(x_exp, axis=1, keepdims=True)`，这是一个形状为 (m, 1) 的列向量，会沿着行广播"
              "（没有 `keepdims=True` 时，形状为 (m,) 的数组会和列对齐）",
    },
    "hint_square_root": {
        "en": "that is the square root of the expected value: the L2 loss is the sum of the squares, "
              "without `np.sqrt`",
        "zh": "这是期望值的平方根：L2 损失是平方和，不要再开方（去掉 `np.sqrt`）",
    },
    "hint_mean_not_sum": {
        "en": "that is the expected value divided by {factor}: the loss is a sum, {formula}, not a mean",
        "zh": "这是期望值除以 {factor}：损失是求和 {formula}，而不是平均值",
    },
    "hint_loss_is_a_number": {
        "en": "the loss is a single number: sum over all the entries",
        "zh": "损失是一个数：请对所有元素求和",
    },
    # -- hints: training loops (assignments 2, 5) --------------------------------------------------
    "hint_costs_too_many": {
        "en": "costs has {actual} entries, but should have {expected}: record the cost only every 100 "
              "iterations (when i % 100 == 0), starting with iteration 0",
        "zh": "costs 有 {actual} 项，但应该有 {expected} 项：只在每 100 次迭代时记录一次代价"
              "（i % 100 == 0 时），从第 0 次迭代开始",
    },
    "hint_costs_too_few": {
        "en": "costs has {actual} entries, but should have {expected}: record the cost of iterations "
              "0, 100, 200, ... (when i % 100 == 0)",
        "zh": "costs 有 {actual} 项，但应该有 {expected} 项：记录第 0、100、200……次迭代的代价"
              "（i % 100 == 0 时）",
    },
    "hint_costs_not_a_list": {
        "en": "costs should be a list of numbers (the costs of iterations 0, 100, 200, ...)",
        "zh": "costs 应该是一个数的列表（第 0、100、200……次迭代的代价）",
    },
    "hint_w_still_zero": {
        "en": "w is still zero: update the parameters in the loop, w = w - learning_rate * dw",
        "zh": "w 仍然是 0：请在循环中更新参数，w = w - learning_rate * dw",
    },
    "hint_first_cost": {
        "en": "already the first cost (iteration 0, before any update) differs: initialize exactly "
              "with `{init_call}` and run the forward pass (ReLU hidden layers, sigmoid output) and "
              "`compute_cost`",
        "zh": "第一个代价（第 0 次迭代，还没有任何更新）就不对：请严格用 `{init_call}` 初始化，"
              "再做前向传播（隐藏层用 ReLU，输出层用 sigmoid）并调用 `compute_cost`",
    },
    "hint_cost_never_changes": {
        "en": "the cost never changes: keep what `update_parameters` returns, "
              "`parameters = update_parameters(...)`, in every iteration",
        "zh": "代价一直不变：每次迭代都要保留 `update_parameters` 的返回值，`parameters = update_parameters(...)`",
    },
    "hint_later_costs": {
        "en": "the first cost is right but later ones differ: check the backward pass (the order of "
              "the caches, 'relu' for the hidden layers and 'sigmoid' for the output) and the "
              "learning rate of the update",
        "zh": "第一个代价是对的，后面的不对：检查反向传播（caches 的顺序，隐藏层用 'relu'、输出层用 "
              "'sigmoid'）以及更新时的学习率",
    },
    "and_more_differences": {"en": "and {count} more differences", "zh": "另外还有 {count} 处不同"},
    # -- hints: logistic regression and shallow networks (assignments 2, 3) ------------------------
    "the_cost": {"en": "the cost", "zh": "代价"},
    "hint_labels_not_probabilities": {
        "en": "predictions should be labels 0 or 1, not the probabilities {A}: compare {A} with 0.5",
        "zh": "预测值应该是标签 0 或 1，而不是概率 {A}：请把 {A} 和 0.5 比较",
    },
    "hint_logistic_formulas": {
        "en": "dZ = A - Y, and the cost is -(1/m) sum(Y log A + (1 - Y) log(1 - A))",
        "zh": "dZ = A - Y，代价函数是 -(1/m) sum(Y log A + (1 - Y) log(1 - A))（注意前面的负号）",
    },
    "hint_dW1_tanh": {
        "en": "dW2 is right but dW1 is not: dZ1 = W2^T dZ2 * (1 - A1**2), the derivative of tanh "
              "being 1 - tanh(z)^2",
        "zh": "dW2 对了，dW1 不对：dZ1 = W2^T dZ2 * (1 - A1**2)，因为 tanh 的导数是 1 - tanh(z)^2"
              "（别忘了 W2 的转置）",
    },
    "hint_n_h_argument": {
        "en": "W1 should have n_h = {n_h} rows: the hidden size is the argument `n_h` of nn_model, "
              "not the 4 that `layer_sizes` returns",
        "zh": "W1 应该有 n_h = {n_h} 行：隐藏层的大小是 nn_model 的参数 `n_h`，而不是 `layer_sizes` 返回的 4",
    },
    # -- hints: a deep network step by step (assignment 4) -----------------------------------------
    "wrong_parts": {
        "en": "{function} should return the {count} values ({names}), but returned {what}",
        "zh": "{function} 应该返回 {count} 个值（{names}），但它返回的是{what}",
    },
    "describe_sequence": {"en": "a {type} of {count} items", "zh": "包含 {count} 项的 {type}"},
    "describe_array": {"en": "a {type} of shape {shape}", "zh": "形状为 {shape} 的 {type}"},
    "describe_value": {"en": "a {type}", "zh": "一个 {type}"},
    "hint_W_transposed": {
        "en": "Z equals W.T A + b: use W itself, Z = W A + b (W has shape (n[l], n[l-1]))",
        "zh": "Z 等于 W.T A + b：不要转置，直接用 W，Z = W A + b（W 的形状是 (n[l], n[l-1])）",
    },
    "hint_cache_pair": {
        "en": "the cache should be the pair (linear_cache, activation_cache): the cache of "
              "linear_forward and Z",
        "zh": "cache 应该是一对 (linear_cache, activation_cache)：linear_forward 的 cache 和 Z",
    },
    "hint_one_cache_per_layer": {
        "en": "there should be one cache per layer, L = {L} (L = len(parameters) // 2): (L - 1) RELU "
              "layers, then one SIGMOID layer",
        "zh": "每一层应该有一个 cache，共 L = {L} 个（L = len(parameters) // 2）：先是 (L - 1) 个 RELU 层，"
              "再是一个 SIGMOID 层",
    },
    "hint_parameters_per_layer": {
        "en": "parameters has {actual} entries but should have {expected}: one W and one b for every "
              "layer l = 1, ..., L (layer_dims holds L + 1 sizes: the input's, then one per layer)",
        "zh": "parameters 有 {actual} 项，但应该有 {expected} 项：每一层 l = 1, ..., L 各有一个 W 和一个 b"
              "（layer_dims 中有 L + 1 个大小：先是输入层的，然后每层一个）",
    },
    "hint_dA0_missing": {
        "en": "grads should hold dA0 too: store the dA_prev that layer l returns as "
              "grads['dA' + str(l - 1)], for l = L down to 1",
        "zh": "grads 里也应该有 dA0：把第 l 层返回的 dA_prev 存为 grads['dA' + str(l - 1)]，l 从 L 递减到 1",
    },
    "hint_dAL_extra": {
        "en": "grads should not hold dA{L}: the dA_prev of layer l is dA{previous}",
        "zh": "grads 里不应该有 dA{L}：第 l 层的 dA_prev 是 dA{previous}",
    },
    # -- hints: the leaky ReLU (assignment 6) ------------------------------------------------------
    "hint_plain_relu": {
        "en": "negative entries came out as 0, which is the plain ReLU: the leaky ReLU multiplies "
              "them by the slope",
        "zh": "负的元素变成了 0，这是普通的 ReLU：Leaky ReLU 是把它们乘以斜率 slope",
    },
    "hint_chain_rule": {
        "en": "that is g'(Z) alone: multiply it by dA (the chain rule, dZ = dA * g'(Z))",
        "zh": "这只是 g'(Z)：还要乘以 dA（链式法则，dZ = dA * g'(Z)）",
    },
    # -- the grader's words on a test ------------------------------------------------------------
    "hidden_failure": {
        "en": "`{name}` fails a hidden test (its inputs are not shown): try your function on inputs of "
              "other shapes and values than the visible tests use",
        "zh": "`{name}` 没有通过一个隐藏测试（不显示它的输入）：请用与可见测试不同形状、不同数值的输入试试你的函数",
    },
    "isolated": {
        "en": "graded with the reference {names} in place of yours, so a mistake there is charged only "
              "to its own tests",
        "zh": "评分时用参考实现的 {names} 代替了你的版本，所以那里的错误只在它自己的测试中扣分",
    },
    "item_expected": {"en": "[{index}] {actual} (expected {expected})", "zh": "[{index}] {actual}（期望 {expected}）"},
    # -- the feedback page -------------------------------------------------------------------------
    "page_student": {"en": "Student", "zh": "学生"},
    "page_score": {"en": "Score", "zh": "得分"},
    "page_status": {"en": "Status", "zh": "状态"},
    "page_test": {"en": "Test", "zh": "测试"},
    "page_points": {"en": "Points", "zh": "分数"},
    "page_result": {"en": "Result", "zh": "结果"},
    "page_passed": {"en": "passed", "zh": "通过"},
    "page_failed": {"en": "failed", "zh": "未通过"},
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
    # -- notes on a submission (records keep them in English, for the instructor; a zh feedback page
    #    shows them through `translate_note`, which reads the fields back out of the English) ---------
    "note_tampered": {"en": "tampered: {note}", "zh": "单元格被改动：{note}"},
    "note_unknown_kernel": {"en": "unknown kernel {kernel}: graded with python3",
                            "zh": "未知的内核 {kernel}：已用 python3 评分"},
    "note_broken_cell": {"en": "{cell}: {problem} (run as an ordinary cell)",
                         "zh": "{cell}：{problem}（按普通单元格运行）"},
    "note_twice": {"en": "cell {grade_id} appears twice", "zh": "单元格 {grade_id} 出现了两次"},
    "note_not_in_assignment": {"en": "graded cell {grade_id} is not in the assignment",
                               "zh": "评分单元格 {grade_id} 不属于这份作业"},
    "note_unknown_grade_id": {"en": "a graded or locked cell without a known grade_id",
                              "zh": "有一个评分或锁定的单元格没有已知的 grade_id"},
    "note_solution_deleted": {"en": "solution cell {grade_id} was deleted", "zh": "答案单元格 {grade_id} 被删除了"},
    "note_test_deleted": {"en": "test cell {grade_id} was deleted (restored)",
                          "zh": "测试单元格 {grade_id} 被删除了（已恢复）"},
    "note_locked_deleted": {"en": "locked cell {grade_id} was deleted (restored)",
                            "zh": "锁定的单元格 {grade_id} 被删除了（已恢复）"},
    "note_cell_deleted": {"en": "cell {grade_id} was deleted (restored)", "zh": "单元格 {grade_id} 被删除了（已恢复）"},
    "note_type_changed": {"en": "cell {grade_id} changed from {old} to {new}",
                          "zh": "单元格 {grade_id} 的类型从 {old} 改成了 {new}"},
    "note_metadata_changed": {"en": "metadata of cell {grade_id} changed ({keys})",
                              "zh": "单元格 {grade_id} 的元数据被改动了（{keys}）"},
    "note_test_edited": {"en": "test cell {grade_id} was edited (restored)",
                         "zh": "测试单元格 {grade_id} 被修改了（已恢复）"},
    "note_locked_edited": {"en": "locked cell {grade_id} was edited (restored)",
                           "zh": "锁定的单元格 {grade_id} 被修改了（已恢复）"},
    "note_notebook_time": {"en": "the notebook took longer than {seconds} s",
                           "zh": "整个笔记本运行超过了 {seconds} 秒"},
    "note_cell_time": {"en": "cell {cell} ran longer than {seconds} s of CPU time",
                       "zh": "单元格 {cell} 占用的 CPU 时间超过了 {seconds} 秒"},
    "note_cell_memory": {"en": "cell {cell} ran out of memory", "zh": "单元格 {cell} 内存不足"},
    "note_call_memory": {"en": "{name} ran out of memory", "zh": "{name} 内存不足"},
}

# the notes above, most specific first (`note_broken_cell` matches almost anything with a colon)
NOTE_KEYS = [key for key in MESSAGES if key.startswith("note_") and key not in ("note_broken_cell", "note_tampered")] \
    + ["note_broken_cell"]


def text(message_key, language=DEFAULT, /, **fields):
    """The sentence `message_key` in `language` (English when that translation is missing), filled in."""
    entry = MESSAGES[message_key]
    template = entry.get(language) or entry[DEFAULT]
    return template.format(**fields)


def missing(language):
    """Keys that have no sentence in `language` yet (what a translator still has to write)."""
    return sorted(key for key, entry in MESSAGES.items() if not entry.get(language))


def notebook_language(nb, default=DEFAULT):
    """The language of a notebook (a dict or nbformat node): ``metadata.course.language``, else `default`."""
    metadata = (nb.get("metadata") if hasattr(nb, "get") else None) or {}
    course = metadata.get("course") if isinstance(metadata, dict) else None
    language = course.get("language") if isinstance(course, dict) else None
    return language if language in LANGUAGES else (default if default in LANGUAGES else DEFAULT)


def matches(message_key, text_, language=DEFAULT):
    """Whether `text_` contains the sentence `message_key` in `language`, whatever its fields hold."""
    return bool(pattern(message_key, language).search(text_))


@functools.lru_cache(maxsize=None)
def pattern(message_key, language=DEFAULT):
    """A regular expression for the sentence `message_key` in `language`: a named group per field
    (matching anything; a field the template repeats must repeat its first value)."""
    entry = MESSAGES[message_key]
    parts, seen = [], set()
    for literal, field, _, _ in string.Formatter().parse(entry.get(language) or entry[DEFAULT]):
        parts.append(re.escape(literal))
        if field is not None:
            parts.append(f"(?P={field})" if field in seen else f"(?P<{field}>.*?)")
            seen.add(field)
    return re.compile("".join(parts), re.S)


def translate_note(note, language=DEFAULT):
    """A note on a submission (a flag or a detail, written in English by the grader) in `language`.

    The fields are read back out of the English sentence; a note no template matches stays as it is.
    """
    if language == DEFAULT or language not in LANGUAGES:
        return note
    prefix = "tampered: "
    if note.startswith(prefix):
        return text("note_tampered", language, note=translate_note(note[len(prefix):], language))
    for key in NOTE_KEYS:
        found = pattern(key).fullmatch(note)
        if found:
            return text(key, language, **found.groupdict())
    return note


def kernel_language():
    """The language inside a student's kernel: `helpers.fonts.language()` ("zh" in a folder of the zh edition).

    ``COURSE_LANGUAGE`` (en or zh) chooses it by hand; the older ``AUTOGRADER_LANGUAGE`` still works
    when ``COURSE_LANGUAGE`` is not set.
    """
    older = os.environ.get("AUTOGRADER_LANGUAGE", "").strip().lower()
    if older in LANGUAGES and not os.environ.get("COURSE_LANGUAGE", "").strip():
        return older
    try:
        from helpers.fonts import language
    except ImportError:  # a kernel without the course's helpers
        return DEFAULT
    found = language()
    return found if found in LANGUAGES else DEFAULT
