"""The Chinese edition: catalogues complete and current, a reproducible build, figures with every glyph,
the glossary and the notes map, and the message catalogue in both languages."""

import json
import logging
import re
import subprocess
import sys
import warnings

import nbformat
import pytest

from nbtools import ROOT

sys.path.insert(0, str(ROOT))

from i18n import build, po  # noqa: E402

SOURCES = build.sources()
IDS = [str(p.relative_to(ROOT)) for p in SOURCES]
TRANSLATED = [p for p in SOURCES if build.catalogue_path(p).exists()]
FAKE = ROOT / "notebooks" / "week9" / "09-01-fake.ipynb"  # never read: the tests pass nb and catalogue


def _notebook(*cells):
    nb = nbformat.v4.new_notebook()
    for i, (kind, source) in enumerate(cells):
        cell = nbformat.v4.new_markdown_cell(source) if kind == "markdown" else nbformat.v4.new_code_cell(source)
        cell.id = f"c{i}"
        nb.cells.append(cell)
    return nb


# -- the catalogue format --------------------------------------------------------------------------------

def test_po_round_trip_keeps_every_character():
    entries = [po.Entry("a1", 'line "one"\n\tback\\slash\n', "第一行\n第二行", comment="markdown"),
               po.Entry("b2", "x = 1", "x = 1  # 一", fuzzy=True, previous="x = 0\ny", comment="code"),
               po.Entry("c3", "single", "")]
    text = po.dumps(entries)
    assert po.loads(text) == entries
    assert po.dumps(po.loads(text)) == text


def test_po_error_names_file_and_line():
    with pytest.raises(po.POError, match=r"x.po:2"):
        po.loads('msgid ""\nmsgstr oops\n', name="x.po")


# -- missing, stale, fuzzy, obsolete, code that changed --------------------------------------------------------

def test_problems_name_each_missing_stale_and_wrong_cell():
    nb = _notebook(("markdown", "# 1.1 Title\nsummary"), ("markdown", "Old text, now changed"),
                   ("code", "x = 1\nprint('value', x)"), ("code", "y = 2  # the answer"),
                   ("code", "z = 3"), ("markdown", "fuzzy one"))
    catalogue = {
        "c1": po.Entry("c1", "Old text", "旧的文字"),
        "c2": po.Entry("c2", nb.cells[2].source, "x = 2\nprint('值', x)"),       # changes the code
        "c3": po.Entry("c3", nb.cells[3].source, "y = 2  # 答案"),                 # fine
        "c5": po.Entry("c5", "fuzzy one", "模糊", fuzzy=True),
        "gone": po.Entry("gone", "a cell that was deleted", "删掉的单元格"),
    }
    found = {(cid, kind) for cid, kind, _ in build.problems(FAKE, nb, catalogue)}
    # c4 has no string or comment: nothing to translate
    assert found == {("c0", "missing"), ("c1", "stale"), ("c2", "code"), ("c5", "fuzzy"), ("gone", "obsolete")}
    messages = [m for _, _, m in build.problems(FAKE, nb, catalogue)]
    assert any("notebooks/week9/09-01-fake.ipynb cell c1 (markdown, #1)" in m and "English changed" in m
               for m in messages)


def test_nbgrader_markers_must_stay_english():
    english = "def f(x):\n    ### BEGIN SOLUTION\n    return x\n    ### END SOLUTION"
    assert build.same_code(english, english.replace("def f(x):", "def f(x):  # 一个函数"))
    assert not build.same_code(english, english.replace("BEGIN SOLUTION", "开始 答案"))
    assert not build.same_code("print(1)", "print(2)")
    assert build.same_code('print(f"cost {c:.3f} after {i}")', 'print(f"第 {i} 次迭代后代价为 {c:.3f}")')


def test_sync_carries_translated_strings_over_a_code_change():
    old_en = 'plt.title("cost")  # draw\nplt.plot(x, y)'
    old_zh = 'plt.title("代价")  # 画图\nplt.plot(x, y)'
    source, complete = build.transplant(old_en, old_zh, old_en.replace("plt.plot(x, y)", "plt.plot(x, 2 * y)"))
    assert complete and source == 'plt.title("代价")  # 画图\nplt.plot(x, 2 * y)'
    source, complete = build.transplant(old_en, old_zh, old_en + '\nplt.xlabel("iteration")')
    assert not complete and '"代价"' in source and '"iteration"' in source


def test_synced_entries_mark_changed_markdown_fuzzy_with_the_old_english():
    nb = _notebook(("markdown", "New English"), ("code", 'print("hi")'))
    catalogue = {"c0": po.Entry("c0", "Old English", "旧译文")}
    entries = {e.context: e for e in build.synced_entries(FAKE, nb, catalogue)}
    assert entries["c0"].fuzzy and entries["c0"].previous == "Old English" and entries["c0"].msgstr == "旧译文"
    assert entries["c1"].fuzzy and entries["c1"].msgstr == 'print("hi")'  # new code starts as English


def test_work_file_round_trip(tmp_path):
    source = TRANSLATED[0] if TRANSLATED else pytest.skip("no catalogue yet")
    text = build.work_file(source)
    import yaml

    data = yaml.safe_load(text)
    catalogue = build.read_catalogue(source)
    for cid, value in data.items():
        if cid != "notebook" and catalogue[cid].msgstr.strip():
            assert value == catalogue[cid].msgstr


# -- every English notebook translated, and current ------------------------------------------------------

@pytest.mark.parametrize("source", SOURCES, ids=IDS)
def test_every_cell_translated_and_current(source):
    found = build.problems(source)
    assert not found, f"{len(found)} cell(s) to translate or revise:\n" + "\n".join(m for _, _, m in found)


# -- the build -------------------------------------------------------------------------------------------

def test_build_is_reproducible_and_committed(tmp_path):
    if not TRANSLATED:
        pytest.skip("no catalogue yet")
    first, second = tmp_path / "a", tmp_path / "b"
    build.build(TRANSLATED, out=first)
    build.build(TRANSLATED, out=second)
    stale = []
    for source in TRANSLATED:
        rel = source.relative_to(ROOT)
        a, b = (first / rel).read_bytes(), (second / rel).read_bytes()
        assert a == b, f"two builds of {rel} differ"
        committed = build.edition_path(source)
        if not committed.exists() or committed.read_bytes() != a:
            stale.append(str(committed.relative_to(ROOT)))
        rc = committed.parent / "matplotlibrc"
        if not rc.exists() or rc.read_text() != (first / rel).parent.joinpath("matplotlibrc").read_text():
            stale.append(str(rc.relative_to(ROOT)))
    index = ROOT / build.LANGUAGE / "notebooks" / "README.md"
    if not index.exists() or index.read_text(encoding="utf-8") != build.index_text():
        stale.append(str(index.relative_to(ROOT)))
    assert not stale, f"run `python i18n/build.py build`: out of date: {sorted(set(stale))}"


@pytest.mark.parametrize("source", TRANSLATED, ids=[str(p.relative_to(ROOT)) for p in TRANSLATED])
def test_built_notebook_is_clean_and_marked_chinese(source):
    path = build.edition_path(source)
    if not path.exists():
        pytest.fail(f"{path.relative_to(ROOT)} is not built: run `python i18n/build.py build`")
    nb = json.loads(path.read_text(encoding="utf-8"))
    english = json.loads(source.read_text(encoding="utf-8"))
    assert nb["metadata"]["course"]["language"] == "zh"
    assert [c.get("id") for c in nb["cells"]] == [c.get("id") for c in english["cells"]]
    dirty = [c["id"] for c in nb["cells"] if c["cell_type"] == "code" and (c.get("outputs") or c.get("execution_count"))]
    assert not dirty, f"{path.name}: cells {dirty} have outputs"
    if "notebooks" in source.relative_to(ROOT).parts[:1]:
        lines = [l.strip() for l in "".join(nb["cells"][0]["source"]).splitlines() if l.strip()]
        numbered = source.name != "playground.ipynb"  # the playground is not a lecture: no topic number
        assert lines[0].startswith("# ") and (not numbered or lines[0][2].isdigit() or lines[0][2:4] == "C."), lines[0]
        assert build.has_cjk(lines[0]) and len(lines) > 1 and build.has_cjk(lines[1]), \
            f"{path.name}: the first cell should be a Chinese numbered title and a one-line summary"


# -- figures draw every character -----------------------------------------------------------------------

def test_figure_strings_have_glyphs():
    """Every Chinese string of the zh code cells is in the font, and renders without a missing glyph."""
    from fontTools.ttLib import TTFont

    from helpers import fonts

    strings = build.figure_strings()
    cmap = TTFont(fonts.FONT, lazy=True).getBestCmap()
    missing = sorted({ch for s in strings for ch in s if ch.isprintable() and not ch.isspace() and ord(ch) not in cmap})
    assert not missing, (f"characters not in {fonts.FONT.name}: {''.join(missing)} (use commoner words, or "
                         "rebuild it: python i18n/build.py font --source NotoSansCJKsc-Regular.otf)")

    import matplotlib
    import matplotlib.pyplot as plt

    fonts.register()
    records = []
    handler = logging.Handler()
    handler.emit = records.append
    logging.getLogger("matplotlib").addHandler(handler)
    try:
        with matplotlib.rc_context(fonts.RC), warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            fig, ax = plt.subplots()
            samples = strings + ["代价函数 $J(w, b)$ 与学习率 $\\alpha$", "迭代次数（iteration）"]
            for i, text in enumerate(samples):
                ax.text(0, i, text.replace("$", "") if text.count("$") % 2 else text)
            ax.set_title("梯度下降")
            fig.canvas.draw()
            plt.close(fig)
    finally:
        logging.getLogger("matplotlib").removeHandler(handler)
    problems = [str(w.message) for w in caught] + [r.getMessage() for r in records if r.levelno >= logging.WARNING]
    assert not [p for p in problems if "glyph" in p.lower() or "findfont" in p], problems[:3]


def test_every_zh_folder_has_the_font_settings():
    from helpers.fonts import matplotlibrc_text

    folders = {p.parent for p in (ROOT / build.LANGUAGE).rglob("*.ipynb")}
    for folder in folders:
        assert (folder / "matplotlibrc").read_text() == matplotlibrc_text(), folder


def test_english_figures_keep_their_font():
    """Registering the CJK font adds a family; the English edition's default stays DejaVu Sans."""
    import matplotlib
    from matplotlib import font_manager

    from helpers import fonts

    fonts.register()
    assert font_manager.findfont(font_manager.FontProperties(family=matplotlib.rcParams["font.family"])) \
        .endswith("DejaVuSans.ttf")
    assert font_manager.findfont(font_manager.FontProperties(family=fonts.FAMILY)) == str(fonts.FONT)


# -- glossary, notes map --------------------------------------------------------------------------------

def _table(path):
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("|") and not set(line) <= set("|-: "):
            rows.append([cell.strip() for cell in line.strip("|").split("|")])
    return rows[0], rows[1:]


COURSE_ORDER = build.course_order()
_prose = build.prose


CORE_TERMS = ["代价函数", "损失函数", "反向传播", "前向传播", "广播", "超参数", "激活函数", "梯度下降", "向量化",
              "计算图", "逻辑回归", "二分类", "学习率", "隐藏层", "随机初始化", "导数", "神经网络", "监督学习",
              "交叉熵", "sigmoid", "修正线性单元", "双曲正切函数", "链式法则", "梯度检验", "准确率"]


def test_glossary_is_complete():
    path = ROOT / build.LANGUAGE / "glossary.md"
    header, rows = _table(path)
    assert header[:4] == ["中文", "English", "符号", "首次出现"], header
    chinese = [r[0] for r in rows]
    missing = [t for t in CORE_TERMS if not any(t in c for c in chinese)]
    assert not missing, f"the glossary lacks {missing}"
    assert len(chinese) == len(set(chinese)), "a term is listed twice"
    for row in rows:
        assert len(row) >= 4 and row[0] and row[1], row
        link = row[3].split("](", 1)[1].rstrip(")") if "](" in row[3] else None
        assert link, f"{row[0]}: the notebook of first appearance should be a link"
        # the link goes to the zh edition (zh/notebooks/...); the English notebook must exist and use the term
        english = ROOT / (path.parent / link).resolve().relative_to(ROOT / build.LANGUAGE)
        assert english.exists(), f"{row[0]}: {link} is not a notebook of the course"
        term = re.compile(r"(?<![a-z])" + re.escape(row[1].lower()))
        assert term.search(_prose(english)), f"{row[0]}: {english.name} never says {row[1]!r}"
        earlier = [p.name for p in COURSE_ORDER[:COURSE_ORDER.index(english)] if term.search(_prose(p))]
        assert not earlier, (f"{row[0]}: {row[1]!r} appears before {english.name}, first in {earlier[0]} "
                             "(run `python i18n/build.py glossary`)")


def test_notes_map_links_existing_notebooks():
    path = ROOT / build.LANGUAGE / "notes-map.md"
    header, rows = _table(path)
    assert len(rows) >= 30
    for row in rows:
        for link in [part.split(")")[0] for part in "|".join(row).split("](")[1:]]:
            english = ROOT / (path.parent / link).resolve().relative_to(ROOT / build.LANGUAGE)
            assert english.exists(), f"{row[0]}: {link} is not a notebook of the course"


# -- the message catalogue ------------------------------------------------------------------------------

def test_every_message_has_english_and_chinese_with_the_same_fields():
    messages = pytest.importorskip("autograder.messages")
    import string

    def fields(template):
        return sorted({name for _, name, _, _ in string.Formatter().parse(template) if name})

    wrong = []
    for key, texts in messages.MESSAGES.items():
        if not texts.get("en") or not texts.get("zh"):
            wrong.append(f"{key}: missing {'en' if not texts.get('en') else 'zh'}")
        elif fields(texts["en"]) != fields(texts["zh"]):
            wrong.append(f"{key}: fields {fields(texts['en'])} in English but {fields(texts['zh'])} in Chinese")
        elif not build.has_cjk(texts["zh"]):
            wrong.append(f"{key}: the zh text has no Chinese")
    assert not wrong, "\n".join(wrong)


def test_hints_come_from_the_catalogue():
    """No sentence for a student is written in a reference module or the judge: they call `say(key)`.

    A string of four words or more that is not Python code is a sentence; docstrings, a `Mistake`'s
    planted source, what a reference prints when asked to (``print_cost``), an error a reference
    raises on bad arguments and the patterns `ERROR_HINTS` looks for in numpy's own errors are not
    said to students; ``TEST_NAMES`` name the tests, as the test cells' docstrings do in English.
    """
    import ast

    def code(text):
        try:
            ast.parse(text, mode="eval")
            return True
        except SyntaxError:
            return False

    def quiet(tree):
        skip = set()
        for node in ast.walk(tree):
            body = getattr(node, "body", None)
            if isinstance(body, list) and body and isinstance(body[0], ast.Expr) \
                    and isinstance(body[0].value, ast.Constant):
                skip.add(id(body[0].value))
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("Mistake", "print"):
                skip |= {id(n) for n in ast.walk(node)}
            if isinstance(node, ast.Assign) and any(getattr(t, "id", "") in ("ERROR_HINTS", "TEST_NAMES")
                                                    for t in node.targets):
                skip |= {id(n) for n in ast.walk(node)}
            if isinstance(node, ast.Raise) and not any(isinstance(n, ast.Call) and getattr(n.func, "id", "") == "say"
                                                       for n in ast.walk(node)):
                skip |= {id(n) for n in ast.walk(node)}
        return skip

    files = sorted((ROOT / "autograder" / "references").glob("a*.py")) + [ROOT / "autograder" / "judge.py"]
    found = []
    for path in files:
        tree = ast.parse(path.read_text())
        skip = quiet(tree)
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip \
                    and len(re.findall(r"[A-Za-z]+", node.value)) >= 4 and " " in node.value and not code(node.value):
                found.append(f"{path.name} line {node.lineno}: {node.value[:60]!r}")
    assert not found, "sentences outside autograder/messages.py:\n" + "\n".join(found)


def test_every_declared_mistake_names_a_message():
    from autograder import contract, messages

    for assignment in contract.known():
        for mistake in contract.load(assignment).mistakes:
            assert mistake.hint in messages.MESSAGES, (assignment, mistake.cell, mistake.hint)


# -- the command line -----------------------------------------------------------------------------------

def test_cli_bad_path_is_one_line_and_exit_2():
    run = subprocess.run([sys.executable, str(ROOT / "i18n" / "build.py"), "check", "notebooks/nope.ipynb"],
                         capture_output=True, text=True, cwd=ROOT)
    assert run.returncode == 2
    assert run.stderr.count("\n") == 1 and "not an English notebook" in run.stderr and "Traceback" not in run.stderr
