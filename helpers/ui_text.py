"""The words the widgets and figures of `helpers` show, in English and Chinese.

The notebooks' own words (slider names, titles, prompts) are translated with
the notebooks (``i18n/``); these are the ones `helpers` writes itself: the
player's buttons and counter, the reset buttons, the quiz's feedback, the
playground's controls and the labels of the course's standard figures.

One dict: a key per text, a template per language, filled with `str.format`
fields (the same fields in both)::

    TEXTS["counter"] == {"en": "<b>iteration {iteration}</b>", "zh": "<b>第 {iteration} 次迭代</b>"}
    text("counter", "zh", iteration=3)

A widget asks `helpers.fonts.language()` once, when it is built, and keeps the
answer: a zh notebook's folder has the marker in its ``matplotlibrc`` (or set
``COURSE_LANGUAGE``).  Chinese words use the vocabulary of the Chinese course
notes (学习率, 迭代, 代价函数, 隐藏层, 训练集 ...), as ``zh/glossary.md`` lists it.
"""

from . import fonts

TEXTS = {
    # -- helpers.widgets: reset, the training player, the progress bar ---------------------------
    "reset": {"en": "reset", "zh": "重置"},
    "reset_tip": {"en": "back to the starting values", "zh": "恢复初始值"},
    "defaults": {"en": "defaults", "zh": "恢复默认"},
    "play": {"en": "play", "zh": "播放"},
    "pause": {"en": "pause", "zh": "暂停"},
    "play_tip": {"en": "play / pause", "zh": "播放 / 暂停"},
    "step": {"en": "step", "zh": "单步"},
    "step_tip": {"en": "one frame of iterations", "zh": "运行一帧的迭代"},
    "restart_tip": {"en": "start again, same seed", "zh": "重新开始，随机种子不变"},
    "new_seed": {"en": "new seed", "zh": "换随机种子"},
    "new_seed_tip": {"en": "start again, another seed", "zh": "重新开始，换一个随机种子"},
    "speed": {"en": "iterations/frame", "zh": "每帧迭代次数"},
    "counter": {"en": "<b>iteration {iteration}</b>", "zh": "<b>第 {iteration} 次迭代</b>"},
    "counter_cost": {"en": "<b>iteration {iteration}</b>, cost {cost:.4f}",
                     "zh": "<b>第 {iteration} 次迭代</b>，代价 {cost:.4f}"},
    "diverged_error": {"en": "diverged at iteration {iteration}: {error}",
                       "zh": "第 {iteration} 次迭代时发散：{error}"},
    "diverged": {"en": "diverged at iteration {iteration}: the cost became {cost:.3g}; try a smaller learning rate",
                 "zh": "第 {iteration} 次迭代时发散：代价变成了 {cost:.3g}；请试试更小的学习率"},
    "player_status": {"en": "iteration {iteration}: training accuracy {accuracy:.1%}",
                      "zh": "第 {iteration} 次迭代：训练集准确率 {accuracy:.1%}"},
    "progress": {"en": "training", "zh": "训练中"},
    "progress_label": {"en": "iteration {iteration}, cost {cost:.4f}", "zh": "第 {iteration} 次迭代，代价 {cost:.4f}"},
    # -- helpers.plotting: axis labels of the standard figures ----------------------------------
    "iteration_axis": {"en": "iteration", "zh": "迭代次数"},
    "cost_axis": {"en": "cost $J$", "zh": "代价 $J$"},
    "prediction": {"en": "pred: {guess}", "zh": "预测：{guess}"},
    # -- helpers.quiz -------------------------------------------------------------------------
    "quiz_title": {"en": "Self-check", "zh": "自测"},
    "question_number": {"en": "Question {k} of {n}", "zh": "第 {k} 题（共 {n} 题）"},
    "right": {"en": "Right.", "zh": "正确。"},
    "wrong": {"en": "Not quite.", "zh": "不对。"},
    "the_answer": {"en": "The answer is <b>{answer}</b>: {explanation}",
                   "zh": "正确答案是 <b>{answer}</b>：{explanation}"},
    "show_answer": {"en": "answer", "zh": "答案"},
    "score": {"en": "<b>{score} of {n} right</b> ({answered} answered)",
              "zh": "<b>答对 {score} 题，共 {n} 题</b>（已答 {answered} 题）"},
    # -- helpers.playground: the figure ----------------------------------------------------------
    "training_cost": {"en": "training cost", "zh": "训练集代价"},
    "test_cost": {"en": "test cost", "zh": "测试集代价"},
    "points_legend": {"en": "training points: black edge; test points: white edge",
                      "zh": "训练集的点：黑边；测试集的点：白边"},
    "input_layer": {"en": "input", "zh": "输入层"},
    "output_layer": {"en": "output", "zh": "输出层"},
    "hidden_layer": {"en": "layer {l}", "zh": "第 {l} 层"},
    "playground_status": {"en": "iteration {iteration}: training accuracy {train:.0%}, test accuracy {test:.0%}",
                          "zh": "第 {iteration} 次迭代：训练集准确率 {train:.0%}，测试集准确率 {test:.0%}"},
    "link": {"en": "link to this set-up", "zh": "本设置的链接"},
    # -- helpers.playground: the controls and their options ---------------------------------------
    "data": {"en": "data", "zh": "数据集"},
    "noise": {"en": "noise", "zh": "噪声"},
    "test_share": {"en": "test share", "zh": "测试集比例"},
    "hidden_layers": {"en": "hidden layers", "zh": "隐藏层数"},
    "units": {"en": "units in layer {k}", "zh": "第 {k} 层单元数"},
    "activation": {"en": "activation", "zh": "激活函数"},
    "learning_rate": {"en": "learning rate", "zh": "学习率"},
    "initialization": {"en": "initialization", "zh": "初始化"},
    "random_scale": {"en": "random scale", "zh": "随机初始化的尺度"},
    "data_flower": {"en": "flower", "zh": "花朵"},
    "data_moons": {"en": "moons", "zh": "双月"},
    "data_circles": {"en": "circles", "zh": "同心圆"},
    "data_blobs": {"en": "blobs", "zh": "团簇"},
    "data_xor": {"en": "XOR", "zh": "异或 (XOR)"},
    "data_quantiles": {"en": "gaussian quantiles", "zh": "高斯分位数"},
    "activation_tanh": {"en": "tanh", "zh": "tanh"},
    "activation_relu": {"en": "relu", "zh": "ReLU"},
    "activation_sigmoid": {"en": "sigmoid", "zh": "sigmoid"},
    "activation_leaky_relu": {"en": "leaky_relu", "zh": "带泄漏的 ReLU"},
    "init_zeros": {"en": "zeros", "zh": "全零"},
    "init_random": {"en": "random (scale below)", "zh": "随机（尺度见下）"},
    "init_xavier": {"en": "Xavier", "zh": "Xavier"},
    "init_he": {"en": "He", "zh": "He"},
    # the playground's notes on a link's query string (a bad setting is skipped, never raised)
    "query_unknown": {"en": "unknown setting {key!r} (known: {known})", "zh": "未知的设置 {key!r}（可用的设置：{known}）"},
    "query_ignored": {"en": "{key}={value!r} ignored: {error}", "zh": "{key}={value!r} 已忽略：{error}"},
    "query_between": {"en": "should be between {low} and {high}", "zh": "应在 {low} 和 {high} 之间"},
    "query_one_of": {"en": "should be one of {names}", "zh": "应为以下之一：{names}"},
    "query_layers": {"en": "should be up to {layers} layer sizes of 1 to {units}, e.g. 4-4",
                     "zh": "应为最多 {layers} 个隐藏层的单元数，每个在 1 到 {units} 之间，例如 4-4"},
    "query_not_number": {"en": "not a number", "zh": "不是数字"},
}


def text(key, language=None, /, **fields):
    """The text `key` in `language` (default: the kernel's, `helpers.fonts.language()`), fields filled in."""
    if key not in TEXTS:
        raise ValueError(f"no text {key!r}; known: {', '.join(TEXTS)}")
    return TEXTS[key][language or fonts.language()].format(**fields)


def figure_font(language=None):
    """Keyword arguments that give a matplotlib text the CJK font in Chinese (nothing in English).

    A zh folder's ``matplotlibrc`` already puts that font first; this also covers a kernel told
    ``COURSE_LANGUAGE=zh`` elsewhere, so Chinese labels never lack glyphs.
    """
    if (language or fonts.language()) != "zh" or fonts.register() is None:
        return {}
    return {"fontfamily": fonts.RC["font.family"]}
