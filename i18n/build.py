"""Build the Chinese (zh-CN) edition of the notebooks from the English ones and their catalogues.

The English notebooks are the source.  Each has a catalogue
``i18n/zh/<its path>.po``: one entry per cell that needs translating, with the
cell id as ``msgctxt``, the English cell as ``msgid`` and the Chinese cell as
``msgstr``.  Because the English text itself is the key, an English cell that
changed after it was translated no longer matches: it is *stale*, by
construction (and the old English text stays in ``#| msgid`` for a diff).

    python i18n/build.py check    # every missing, stale or unreviewed cell, by notebook and cell id; exit 1 if any
    python i18n/build.py sync     # add new cells to the catalogues, mark changed ones (run it after English edits)
    python i18n/build.py build    # write zh/notebooks/... and zh/assignments/... from the two
    python i18n/build.py get NOTEBOOK [--todo] > work.yaml   # a plain YAML file of its cells to translate
    python i18n/build.py put work.yaml                       # store the translations back in the catalogue
    python i18n/build.py glossary # recompute where each term of zh/glossary.md first appears
    python i18n/build.py font --source NotoSansCJKsc-Regular.otf   # rebuild the figure font subset

Code cells: a Chinese code cell may differ from the English one only in its
string literals and comments (`code_skeleton` compares the two with those
blanked).  ``sync`` carries a code cell's translated strings over to its new
English version by itself when the English change touched no string or comment.
"""

import argparse
import ast
import io
import json
import pathlib
import re
import sys
import tokenize

if __package__ in (None, ""):
    sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent))

from i18n import po  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parent.parent
LANGUAGE = "zh"
CATALOGUES = ROOT / "i18n" / LANGUAGE
EDITION = ROOT / LANGUAGE            # zh/notebooks/..., zh/assignments/...
SOURCE_DIRS = ("notebooks", "assignments")
FONT = ROOT / "helpers" / "data" / "NotoSansCJKsc-course-subset.otf"

_LETTER = re.compile(r"[A-Za-z]")


class BuildError(Exception):
    """A problem the user must fix (one line, names the file and the fix)."""


# -- which files and cells ---------------------------------------------------------------------------

def sources():
    """Every English notebook that has (or should have) a translation, in path order."""
    found = []
    for folder in SOURCE_DIRS:
        found += [p for p in (ROOT / folder).rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts]
    return sorted(found)


def catalogue_path(source):
    return CATALOGUES / source.relative_to(ROOT).with_suffix(".po")


def edition_path(source):
    """Where the built translation of the English notebook `source` lives."""
    return EDITION / source.relative_to(ROOT)


def _units(source):
    """The source split into ("code" | "string" | "comment", text) pieces that join back to it."""
    lines = source.splitlines(keepends=True)
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line))

    def offset(position):
        row, col = position
        return starts[row - 1] + col if row - 1 < len(lines) else len(source)

    units, cursor, depth, fstring_start = [], 0, 0, None
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(source).readline))
    except (tokenize.TokenError, SyntaxError, IndentationError):
        return [("code", source)]
    for tok in tokens:
        kind = tokenize.tok_name.get(tok.type, "")
        if kind == "FSTRING_START":
            if depth == 0:
                fstring_start = offset(tok.start)
            depth += 1
            continue
        if kind == "FSTRING_END":
            depth -= 1
            if depth == 0:
                begin, end = fstring_start, offset(tok.end)
                units += [("code", source[cursor:begin]), ("string", source[begin:end])]
                cursor = end
            continue
        if depth or kind not in ("STRING", "COMMENT"):
            continue
        begin, end = offset(tok.start), offset(tok.end)
        units += [("code", source[cursor:begin]), ("string" if kind == "STRING" else "comment", source[begin:end])]
        cursor = end
    units.append(("code", source[cursor:]))
    return [u for u in units if u[1]]


def needs_translation(cell):
    """Markdown with any text; code with a string literal or comment that holds a letter."""
    text = cell.source if isinstance(cell.source, str) else "".join(cell.source)
    if cell.cell_type == "markdown":
        return bool(text.strip())
    if cell.cell_type == "code":
        return any(kind != "code" and _LETTER.search(piece) for kind, piece in _units(text))
    return False


_MARKERS = re.compile(r"#+\s*(BEGIN|END) (SOLUTION|HIDDEN TESTS)\b.*")


def markers(source):
    """The nbgrader marker comments of a cell, in order (they must not be translated)."""
    return [m.group(0).strip() for m in _MARKERS.finditer(source)]


def same_code(english, translated):
    """True when `translated` differs from `english` only in string literals and comments, and keeps
    every nbgrader marker."""
    return code_skeleton(translated) == code_skeleton(english) and markers(translated) == markers(english)


def code_skeleton(source):
    """The code's syntax tree with every string constant blanked (f-strings keep their fields).

    Comments are not in the tree. Two cells with equal skeletons compute the same thing; they may
    say it in different languages.  A cell that is not Python (e.g. a %magic) gives its text with
    strings and comments cut out.
    """
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return "\x00".join(text for kind, text in _units(source) if kind == "code")

    class Blank(ast.NodeTransformer):
        def visit_Constant(self, node):
            return ast.Constant(value="") if isinstance(node.value, str) else node

        def visit_JoinedStr(self, node):
            fields = [self.visit(v) for v in node.values if isinstance(v, ast.FormattedValue)]
            # a translation may reorder the fields of a sentence
            return ast.JoinedStr(values=sorted(fields, key=ast.dump))

    return ast.dump(Blank().visit(tree), annotate_fields=False)


# -- reading the catalogues and the English notebooks -----------------------------------------------------

def read_notebook(path):
    import nbformat

    return nbformat.read(path, as_version=4)


def read_catalogue(source):
    path = catalogue_path(source)
    if not path.exists():
        return None
    try:
        entries = po.loads(path.read_text(encoding="utf-8"), name=str(path.relative_to(ROOT)))
    except po.POError as error:
        raise BuildError(f"{error}; fix the catalogue (it must be valid PO)") from None
    return {e.context: e for e in entries}


def problems(source, nb=None, catalogue=None):
    """[(cell id or "-", kind, message)] for one English notebook: what keeps its translation from being done."""
    nb = nb or read_notebook(source)
    catalogue = read_catalogue(source) if catalogue is None else catalogue
    rel = source.relative_to(ROOT)
    if catalogue is None:
        return [("-", "missing", f"{rel}: no catalogue {catalogue_path(source).relative_to(ROOT)} "
                                 "(run `python i18n/build.py sync` to create it)")]
    found, ids = [], set()
    for number, cell in enumerate(nb.cells):
        cid = cell.get("id")
        if not cid:
            found.append(("-", "no-id", f"{rel}: cell {number} has no id (save it with nbformat >= 4.5)"))
            continue
        ids.add(cid)
        if not needs_translation(cell):
            continue
        entry, where = catalogue.get(cid), f"{rel} cell {cid} ({cell.cell_type}, #{number})"
        if entry is None or not entry.msgstr.strip():
            found.append((cid, "missing", f"{where}: not translated"))
        elif entry.msgid != cell.source:
            found.append((cid, "stale", f"{where}: the English changed after it was translated "
                                        "(run sync, then revise the entry marked fuzzy)"))
        elif entry.fuzzy:
            found.append((cid, "fuzzy", f"{where}: marked fuzzy, needs a look (remove the flag when done)"))
        elif cell.cell_type == "code" and not same_code(cell.source, entry.msgstr):
            found.append((cid, "code", f"{where}: the Chinese code differs from the English beyond its strings "
                                       "and comments (or changes an nbgrader marker)"))
    for cid in sorted(set(catalogue) - ids):
        found.append((cid, "obsolete", f"{rel}: the catalogue has cell {cid}, which the notebook no longer has "
                                       "(sync removes it)"))
    return found


def _string_constants(source):
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return None
    joined = {id(v) for n in ast.walk(tree) if isinstance(n, ast.JoinedStr) for v in n.values}
    return [n.value for n in ast.walk(tree)
            if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in joined]


def string_map(source):
    """{English string constant: its Chinese version} over the translated code cells of `source`.

    Tests that compare a string a notebook computes use it (``nbtools.Executed.localized``), so
    one assertion serves both editions.  f-string pieces are left out.
    """
    mapping = {}
    for entry in (read_catalogue(source) or {}).values():
        if entry.comment.strip() != "code" or entry.fuzzy or not entry.msgstr.strip():
            continue
        en, zh = _string_constants(entry.msgid), _string_constants(entry.msgstr)
        if en is None or zh is None or len(en) != len(zh):
            continue
        mapping.update((a, b) for a, b in zip(en, zh) if a != b)
    return mapping


# -- sync: bring a catalogue up to date with its notebook ---------------------------------------------------

def transplant(old_english, old_translated, new_english):
    """`new_english` with the strings and comments translated as `old_translated` translated them.

    Returns (source, complete): complete is False when some string or comment of the new English
    cell (one with letters) has no translation yet; it is left in English.
    """
    old_en, old_zh = _units(old_english), _units(old_translated)
    mapping = {}
    if [u for u in old_en if u[0] == "code"] == [u for u in old_zh if u[0] == "code"] and len(old_en) == len(old_zh):
        mapping = {en[1]: zh[1] for en, zh in zip(old_en, old_zh) if en[0] != "code"}
    out, complete = [], True
    for kind, text in _units(new_english):
        if kind == "code":
            out.append(text)
        elif text in mapping:
            out.append(mapping[text])
        else:
            out.append(text)
            complete = complete and not _LETTER.search(text)
    return "".join(out), complete


def synced_entries(source, nb=None, catalogue=None):
    """The catalogue entries `source` should have now, keeping every translation that still applies."""
    nb = nb or read_notebook(source)
    catalogue = read_catalogue(source) if catalogue is None else catalogue
    catalogue = catalogue or {}
    entries = []
    for cell in nb.cells:
        if not cell.get("id") or not needs_translation(cell):
            continue
        old = catalogue.get(cell.id)
        entry = po.Entry(context=cell.id, msgid=cell.source, comment=cell.cell_type)
        if old is None or not old.msgstr.strip():
            if cell.cell_type == "code":
                # start from the English code: the translator changes only its strings and comments
                entry.msgstr, entry.fuzzy = cell.source, True
        elif old.msgid == cell.source:
            entry.msgstr, entry.fuzzy, entry.previous = old.msgstr, old.fuzzy, old.previous if old.fuzzy else None
        elif cell.cell_type == "code":
            entry.msgstr, complete = transplant(old.msgid, old.msgstr, cell.source)
            entry.fuzzy = not complete
            entry.previous = old.msgid if not complete else None
        else:
            entry.msgstr, entry.fuzzy, entry.previous = old.msgstr, True, old.msgid
        entries.append(entry)
    return entries


def sync(paths=None):
    changed = []
    for source in paths or sources():
        entries = synced_entries(source)
        path = catalogue_path(source)
        text = po.dumps(entries)
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            changed.append(path)
    return changed


# -- get / put: a plain work file for translators -----------------------------------------------------------

def _block(key, text):
    chomp = "-" if not text.endswith("\n") else ("" if not text.endswith("\n\n") else "+")
    body = text[:-1] if text.endswith("\n") and chomp == "" else text
    lines = body.split("\n") if chomp != "+" else text[:-1].split("\n")
    return [f'"{key}": |2{chomp}'] + [("  " + line) if line else "" for line in lines]


def work_file(source, todo=False):
    """The YAML work file of `source`: each cell id with its current Chinese text (English if none)."""
    nb = read_notebook(source)
    catalogue = read_catalogue(source) or {}
    wrong = {cid: kind for cid, kind, _ in problems(source, nb, catalogue) if cid != "-"}
    rel = source.relative_to(ROOT).as_posix()
    out = [f"# {rel}: write the Chinese text of each cell, then run", f"#   python i18n/build.py put <this file>",
           f"notebook: {rel}"]
    for cell in nb.cells:
        if not cell.get("id") or not needs_translation(cell) or (todo and cell.id not in wrong):
            continue
        entry = catalogue.get(cell.id)
        state = wrong.get(cell.id, "done")
        out += ["", f"# {cell.cell_type} cell {cell.id}: {state}"]
        if entry is not None and entry.msgstr.strip() and entry.fuzzy and entry.previous is not None:
            import difflib

            diff = difflib.unified_diff(entry.previous.split("\n"), cell.source.split("\n"), "old English",
                                        "new English", lineterm="", n=1)
            out += ["# the English changed since it was translated:"] + [f"#   {line}" for line in diff]
        elif entry is not None and entry.msgstr.strip() and entry.msgid != cell.source:
            out += ["# the English now reads:"] + [f"#   {line}" for line in cell.source.split("\n")]
        text = entry.msgstr if entry is not None and entry.msgstr.strip() else cell.source
        out += _block(cell.id, text)
    return "\n".join(out) + "\n"


def put(work_path):
    """Store the translations of a work file in its catalogue; return (catalogue path, cells stored)."""
    import yaml

    try:
        data = yaml.safe_load(pathlib.Path(work_path).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise BuildError(f"cannot read the work file {work_path}: {str(error).splitlines()[0]}") from None
    if not isinstance(data, dict) or "notebook" not in data:
        raise BuildError(f"{work_path} has no `notebook:` line naming the English notebook")
    source = ROOT / str(data.pop("notebook"))
    if source not in sources():
        raise BuildError(f"{work_path}: {source.relative_to(ROOT)} is not an English notebook of the course")
    nb = read_notebook(source)
    cells = {cell.get("id"): cell for cell in nb.cells}
    entries = {e.context: e for e in synced_entries(source, nb)}
    for cid, text in data.items():
        cid = str(cid)
        if cid not in entries:
            raise BuildError(f"{work_path}: {source.name} has no cell {cid} that needs translating")
        if not isinstance(text, str) or not text.strip():
            raise BuildError(f"{work_path}: cell {cid} has no text")
        if cells[cid].cell_type == "code" and not same_code(cells[cid].source, text):
            raise BuildError(f"{work_path}: cell {cid} changes the code itself (or an nbgrader marker); "
                             "translate only its strings and comments")
        entry = entries[cid]
        entry.msgstr, entry.fuzzy, entry.previous = text, False, None
    path = catalogue_path(source)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(po.dumps(list(entries.values())), encoding="utf-8")
    return path, len(data)


# -- build ----------------------------------------------------------------------------------------------

def built_text(source):
    """The text of the zh edition of `source` (None when it has no catalogue yet).

    Markdown cells translated and current take their Chinese text, others keep their English text
    (and `check` reports them).  Code cells always run the current English code, with the strings
    and comments translated as far as the catalogue knows them (see `transplant`).  Outputs and
    execution counts are cleared.
    """
    import nbformat

    catalogue = read_catalogue(source)
    if catalogue is None:
        return None
    nb = read_notebook(source)
    for cell in nb.cells:
        entry = catalogue.get(cell.get("id"))
        if entry is None or not entry.msgstr.strip():
            pass
        elif cell.cell_type == "code":
            # a code cell always runs the current English code; its strings are translated as far as
            # known, even when the entry awaits review, so that names shared with other cells
            # (dict keys, labels) stay consistent across the notebook
            if same_code(cell.source, entry.msgstr) and entry.msgid == cell.source:
                cell.source = entry.msgstr
            else:
                carried, _ = transplant(entry.msgid, entry.msgstr, cell.source)
                if same_code(cell.source, carried):
                    cell.source = carried
        elif entry.msgid == cell.source and not entry.fuzzy:
            cell.source = entry.msgstr
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    course = dict(nb.metadata.get("course", {}))
    course.update({"language": LANGUAGE, "translated_from": source.relative_to(ROOT).as_posix()})
    nb.metadata["course"] = course
    return nbformat.writes(nb) + "\n"


WEEKS = {"week1": "第一周：深度学习引言", "week2": "第二周：神经网络基础（把逻辑回归看作神经网络）",
         "week3": "第三周：浅层神经网络", "week4": "第四周：深层神经网络", "calculus": "补充：反向传播的微积分"}


def index_text(root=None):
    """The zh start page ``zh/notebooks/README.md``: every built zh lecture notebook, by week."""
    root = pathlib.Path(root) if root else EDITION
    lines = ["# 课程笔记本（中文版）", "",
             "每个笔记本对应一讲，按课程顺序排列：先说明本节内容，再讲解概念、用 `helpers` 计算、画图，"
             "最后是“动手试试”练习和小结。请从上到下运行（*Run > Run All Cells*）。",
             "", "另见：[中英术语表](../glossary.md)、[中文笔记章节对照表](../notes-map.md)；"
             "English edition: [../../notebooks/README.md](../../notebooks/README.md)。"]
    playground = root / "notebooks" / "playground.ipynb"
    if playground.exists():
        title, summary = first_lines(playground)
        lines += ["", "## 练习场", "", f"- [{title}](playground.ipynb)：{summary}", "",
                  "讲课时可以用 `make demo` 把练习场和带滑块的笔记本作为应用打开（代码隐藏）。"]
    for folder, heading in WEEKS.items():
        found = sorted((root / "notebooks" / folder).glob("*.ipynb"))
        if not found:
            continue
        lines += ["", f"## {heading}", ""]
        for path in found:
            title, summary = first_lines(path)
            lines.append(f"- [{title}]({folder}/{path.name})：{summary}")
    return "\n".join(lines) + "\n"


def first_lines(path):
    """A notebook's title (its first line, without the #) and one-line summary (its second line)."""
    first = json.loads(path.read_text(encoding="utf-8"))["cells"][0]["source"]
    text = [l.strip() for l in "".join(first).splitlines() if l.strip()]
    return text[0].lstrip("# ").strip(), (text[1] if len(text) > 1 else "")


def build(paths=None, out=None):
    """Write every zh notebook; return the paths written (those whose text changed)."""
    from helpers.fonts import matplotlibrc_text

    written = []
    for source in paths or sources():
        text = built_text(source)
        if text is None:
            continue
        target = edition_path(source) if out is None else pathlib.Path(out) / source.relative_to(ROOT)
        # the zh figures' font settings, read by matplotlib from the notebook's folder
        for path, content in ((target, text), (target.parent / "matplotlibrc", matplotlibrc_text())):
            if not path.exists() or path.read_text(encoding="utf-8") != content:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(content, encoding="utf-8")
                written.append(path)
    root = EDITION if out is None else pathlib.Path(out)
    index = root / "notebooks" / "README.md"
    if (root / "notebooks").is_dir() and (not index.exists() or index.read_text(encoding="utf-8") != index_text(root)):
        index.write_text(index_text(root), encoding="utf-8")
        written.append(index)
    return written


# -- the glossary: where each term first appears ------------------------------------------------------------

GLOSSARY = EDITION / "glossary.md"


def course_order():
    """The English lecture notebooks in course order (weeks 1 to 4, then the calculus appendix)."""
    notebooks = ROOT / "notebooks"
    return sorted(notebooks.glob("week*/*.ipynb")) + sorted(notebooks.glob("calculus/*.ipynb"))


def prose(path):
    """The markdown of a notebook, lower case: where a term is introduced."""
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown").lower()


def first_appearance(term, order=None):
    """The first notebook (in course order) whose text uses the English `term`, or None."""
    pattern = re.compile(r"(?<![a-z])" + re.escape(term.lower()))
    return next((p for p in order or course_order() if pattern.search(prose(p))), None)


def glossary_text(text):
    """The glossary page with its "first appearance" column recomputed and its rows in that order."""
    order = course_order()
    texts = {p: prose(p) for p in order}
    lines, rows, out = text.split("\n"), [], []
    table = [i for i, line in enumerate(lines) if line.startswith("|")]
    header, body = table[:2], table[2:]
    for i in body:
        cells = [c.strip() for c in lines[i].strip().strip("|").split("|")]
        pattern = re.compile(r"(?<![a-z])" + re.escape(cells[1].lower()))
        hit = next((p for p in order if pattern.search(texts[p])), None)
        if hit is None:
            raise BuildError(f"glossary: no notebook says {cells[1]!r}; fix or remove the row of {cells[0]}")
        first_cell = json.loads(hit.read_text(encoding="utf-8"))["cells"][0]["source"]
        number = "".join(first_cell).splitlines()[0].lstrip("# ").split()[0]
        cells[3] = f"[{number}]({hit.relative_to(ROOT).as_posix()})"
        rows.append((order.index(hit), len(rows), "| " + " | ".join(cells) + " |"))
    rows.sort()
    out = lines[:body[0]] + [r[2] for r in rows] + lines[body[-1] + 1:]
    return "\n".join(out)


# -- the figure font ------------------------------------------------------------------------------------

def figure_strings():
    """Every string literal with a CJK character in the built zh code cells and the zh messages."""
    found = set()
    for source in sources():
        catalogue = read_catalogue(source) or {}
        for entry in catalogue.values():
            if entry.comment.strip() != "code":
                continue
            try:
                tree = ast.parse(entry.msgstr)
            except SyntaxError:
                continue
            found.update(n.value for n in ast.walk(tree)
                         if isinstance(n, ast.Constant) and isinstance(n.value, str) and has_cjk(n.value))
    return sorted(found)


def has_cjk(text):
    return any(_is_cjk(ch) for ch in text)


def _is_cjk(ch):
    code = ord(ch)
    return (0x3000 <= code <= 0x303F or 0x3400 <= code <= 0x4DBF or 0x4E00 <= code <= 0x9FFF
            or 0xFF00 <= code <= 0xFFEF or 0x2000 <= code <= 0x206F and code in (0x2014, 0x2018, 0x2019,
                                                                                 0x201C, 0x201D, 0x2026))


def font_characters():
    """The characters the subset keeps: the 3755 commonest hanzi (GB 2312 level 1), Latin, Greek,
    punctuation, maths signs, full-width forms, and every CJK character of the references,
    catalogues, zh pages and messages."""
    chars = set()
    for hi in range(0xB0, 0xD8):
        for lo in range(0xA1, 0xFF):
            try:
                chars.add(bytes([hi, lo]).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    # the zh figures draw all their text with this font (see helpers/fonts.py), so Latin,
    # Greek, punctuation and the common maths signs are kept as well
    for first, last in ((0x20, 0x7E), (0xA0, 0x17F), (0x370, 0x3FF), (0x2000, 0x206F), (0x2070, 0x209F),
                        (0x2190, 0x21FF), (0x2200, 0x22FF), (0x3000, 0x303F), (0xFF01, 0xFF5E)):
        chars.update(chr(c) for c in range(first, last + 1))
    texts = [p.read_text(encoding="utf-8") for p in CATALOGUES.rglob("*.po")]
    texts += [p.read_text(encoding="utf-8") for p in (ROOT / "zh").rglob("*.md")]
    messages = ROOT / "autograder" / "messages.py"
    if messages.exists():
        texts.append(messages.read_text(encoding="utf-8"))
    reference = pathlib.Path("/work/shared/reference")
    if reference.is_dir():
        texts += [p.read_text(encoding="utf-8") for p in sorted(reference.glob("*.txt"))]
    for text in texts:
        chars.update(ch for ch in text if _is_cjk(ch))
    return "".join(sorted(chars))


def make_font(source_font, number=0, out=FONT):
    """Subset `source_font` (Noto Sans CJK SC, OFL 1.1) to `font_characters()`; reproducible bytes."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    options = subset.Options()
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.font_number = number
    font = TTFont(source_font, fontNumber=number, recalcTimestamp=False, lazy=False)
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=font_characters())
    subsetter.subset(font)
    out.parent.mkdir(parents=True, exist_ok=True)
    font.save(str(out), reorderTables=True)
    return out


# -- command line ---------------------------------------------------------------------------------------

def _select(names):
    if not names:
        return None
    picked = []
    for name in names:
        path = (ROOT / name).resolve() if not pathlib.Path(name).is_absolute() else pathlib.Path(name)
        if path.suffix == ".po":
            path = ROOT / path.relative_to(CATALOGUES).with_suffix(".ipynb")
        if path.is_dir():
            picked += [s for s in sources() if path in s.parents]
        elif path in sources():
            picked.append(path)
        else:
            raise BuildError(f"{name} is not an English notebook under notebooks/ or assignments/ "
                             "(name one, a folder of them, or its catalogue)")
    return picked


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python i18n/build.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("command", choices=["check", "sync", "build", "get", "put", "glossary", "font"])
    parser.add_argument("paths", nargs="*", help="English notebooks or folders (default: all)")
    parser.add_argument("--source", help="font: the full Noto Sans CJK SC .otf/.ttc to subset")
    parser.add_argument("--todo", action="store_true", help="get: only the cells still to translate or revise")
    parser.add_argument("--number", type=int, default=0, help="font: the SC face's index in a .ttc")
    args = parser.parse_intermixed_args(argv)
    try:
        paths = _select(args.paths) if args.command != "put" else None
        if args.command == "sync":
            for path in sync(paths):
                print(f"updated {path.relative_to(ROOT)}")
        elif args.command == "build":
            for path in build(paths):
                print(f"wrote {path.relative_to(ROOT)}")
        elif args.command == "get":
            for source in paths or []:
                print(work_file(source, todo=args.todo), end="")
            if not paths:
                raise BuildError("get needs one English notebook, e.g. notebooks/week1/01-03-supervised-learning.ipynb")
        elif args.command == "put":
            if not args.paths:
                raise BuildError("put needs the work file(s) written by `get`")
            for work in args.paths:
                path, count = put(work)
                print(f"stored {count} cell(s) in {path.relative_to(ROOT)}")
        elif args.command == "glossary":
            text = GLOSSARY.read_text(encoding="utf-8")
            new = glossary_text(text)
            if new != text:
                GLOSSARY.write_text(new, encoding="utf-8")
                print(f"updated {GLOSSARY.relative_to(ROOT)}")
        elif args.command == "font":
            if not args.source or not pathlib.Path(args.source).exists():
                raise BuildError("font needs --source PATH, the full NotoSansCJKsc-Regular.otf "
                                 "(or Debian's NotoSansCJK-Regular.ttc with --number for the SC face)")
            print(f"wrote {make_font(args.source, args.number).relative_to(ROOT)}")
        else:
            total = 0
            for source in paths or sources():
                found = problems(source)
                total += len(found)
                for _, _, message in found:
                    print(message)
            print(f"{total} problem(s)" if total else "every translation is present and current")
            return 1 if total else 0
    except BuildError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
