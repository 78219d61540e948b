"""helpers/ui_text.py: the widgets' and figures' own words, in both languages, drawable in Chinese."""

import logging
import string
import warnings

import matplotlib.pyplot as plt
import numpy as np
import pytest

from helpers import fonts
from helpers.plotting import CostCurve, plot_costs, show_images
from helpers.ui_text import TEXTS, figure_font, text

# names the Chinese edition writes in Latin letters too, as the Chinese course notes do
LATIN_IN_BOTH = {"activation_tanh", "activation_relu", "activation_sigmoid", "init_xavier", "init_he"}


def _fields(template):
    return sorted({name for _, name, _, _ in string.Formatter().parse(template) if name})


def _has_cjk(s):
    return any("\u4e00" <= ch <= "\u9fff" for ch in s)


def test_every_text_has_english_and_chinese_with_the_same_fields():
    wrong = []
    for key, texts in TEXTS.items():
        if set(texts) != set(fonts.LANGUAGES) or not all(texts.values()):
            wrong.append(f"{key}: has {sorted(k for k, v in texts.items() if v)}, needs {list(fonts.LANGUAGES)}")
        elif _fields(texts["en"]) != _fields(texts["zh"]):
            wrong.append(f"{key}: fields {_fields(texts['en'])} in English, {_fields(texts['zh'])} in Chinese")
        elif key not in LATIN_IN_BOTH and not _has_cjk(texts["zh"]):
            wrong.append(f"{key}: the zh text {texts['zh']!r} has no Chinese")
    assert not wrong, "\n".join(wrong)


def test_every_chinese_character_is_in_the_course_font():
    from fontTools.ttLib import TTFont

    cmap = TTFont(fonts.FONT, lazy=True).getBestCmap()
    missing = sorted({ch for texts in TEXTS.values() for ch in texts["zh"]
                      if ch.isprintable() and not ch.isspace() and ord(ch) not in cmap})
    assert not missing, f"not in {fonts.FONT.name}: {''.join(missing)} (use commoner words)"


def test_the_language_follows_the_environment_and_the_folder(monkeypatch, tmp_path):
    monkeypatch.delenv("COURSE_LANGUAGE", raising=False)
    monkeypatch.chdir(tmp_path)
    assert text("play") == "play" and figure_font() == {}
    (tmp_path / "matplotlibrc").write_text(fonts.matplotlibrc_text())
    assert text("play") == "播放" and figure_font()["fontfamily"][0] == fonts.FAMILY
    monkeypatch.setenv("COURSE_LANGUAGE", "en")
    assert text("counter", iteration=3) == "<b>iteration 3</b>"
    assert text("counter", "zh", iteration=3) == "<b>第 3 次迭代</b>"


def test_an_unknown_key_names_the_known_ones():
    with pytest.raises(ValueError, match="no text 'nope'; known: reset, "):
        text("nope", "en")


def _drawn_without_missing_glyphs(fig):
    """Draw `fig`; the glyph warnings matplotlib gave (warnings and log records)."""
    records = []
    handler = logging.Handler()
    handler.emit = records.append
    logging.getLogger("matplotlib").addHandler(handler)
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            fig.canvas.draw()
    finally:
        logging.getLogger("matplotlib").removeHandler(handler)
        plt.close(fig)
    problems = [str(w.message) for w in caught] + [r.getMessage() for r in records]
    return [p for p in problems if "glyph" in p.lower() or "findfont" in p]


def test_standard_figures_label_in_the_kernels_language(monkeypatch):
    monkeypatch.setenv("COURSE_LANGUAGE", "zh")
    fig, (a, b, c) = plt.subplots(1, 3)
    plot_costs([0.7, 0.5], ax=a)
    CostCurve(b)
    assert (a.get_xlabel(), a.get_ylabel()) == ("迭代次数", "代价 $J$") == (b.get_xlabel(), b.get_ylabel())
    assert not _drawn_without_missing_glyphs(fig)  # the CJK font, even without a zh matplotlibrc
    grid = show_images(np.zeros((2, 4, 4)), labels=[0, 1], predictions=[1, 1])
    assert grid.axes[0].get_title() == "y = 0\n预测：1"
    assert not _drawn_without_missing_glyphs(grid)
    monkeypatch.setenv("COURSE_LANGUAGE", "en")
    fig, ax = plt.subplots()
    plot_costs([0.7, 0.5], ax=ax)
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("iteration", "cost $J$")
    plt.close(fig)
