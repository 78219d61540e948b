"""Figures that can say things in Chinese: the course's CJK font for matplotlib.

The repository ships a subset of Noto Sans CJK SC (SIL Open Font License 1.1,
``helpers/data/OFL.txt``): the 3755 commonest hanzi, Latin, Greek, punctuation,
maths signs and every character the Chinese edition uses (rebuilt with
``python i18n/build.py font``).

Two pieces make a zh figure right, and neither changes the English edition:

* `register` adds the font file to matplotlib's font list.  Importing
  `helpers` does it when matplotlib is already loaded (every notebook imports
  pyplot first), and `helpers.widgets` does it too (it loads pyplot).
* each folder of the zh edition holds a ``matplotlibrc`` (written by
  ``i18n/build.py build`` from `RC`) that puts the CJK font first and DejaVu Sans
  second.  Matplotlib reads it from the kernel's working directory, which is the
  notebook's folder, so only zh notebooks draw with it.  The CJK font comes
  first, not as a fallback, because matplotlib's mathtext (any label with
  ``$...$``) draws its plain-text parts with the first font only.

The same file tells the kernel which edition it runs: its marker line
``# course-language: zh`` is what `language` reads, so the widgets' own words
(player buttons, quiz feedback) and the student-side checks speak the
notebook's language while the code cells stay identical in both editions.
"""

import dataclasses
import os
import pathlib
import sys

FONT = pathlib.Path(__file__).resolve().parent / "data" / "NotoSansCJKsc-course-subset.otf"
FAMILY = "Noto Sans CJK SC"
RC = {"font.family": [FAMILY, "DejaVu Sans"]}
LANGUAGES = ("en", "zh")
MARKER = "# course-language: "


def register():
    """Add the CJK font to matplotlib's font list (once); return its family name (None without the file)."""
    if not FONT.exists():  # e.g. the grader's sandbox copy of helpers, which draws nothing
        return None
    from matplotlib import font_manager

    manager = font_manager.fontManager
    if not any(entry.fname == str(FONT) for entry in manager.ttflist):
        manager.addfont(str(FONT))
        regular = next(entry for entry in manager.ttflist if entry.fname == str(FONT))
        # only the regular weight ships: bold text (table headers, `weight="bold"`) uses it too,
        # instead of matplotlib warning on stderr that it found no bold face
        manager.ttflist.append(dataclasses.replace(regular, weight=700))
        manager._findfont_cached.cache_clear()
    return FAMILY


def register_if_loaded():
    """`register` when matplotlib is already imported; otherwise nothing (keeps `import helpers` light)."""
    if "matplotlib" in sys.modules:
        register()


def language(folder=None):
    """The edition a kernel runs: ``"zh"`` or ``"en"``.

    The environment variable ``COURSE_LANGUAGE`` (``en`` or ``zh``) wins; otherwise the
    marker line of the ``matplotlibrc`` in `folder` (default: the working directory, which
    is the notebook's folder) decides; without either it is English.
    """
    chosen = os.environ.get("COURSE_LANGUAGE", "").strip().lower()
    if chosen in LANGUAGES:
        return chosen
    rc = pathlib.Path(folder if folder is not None else os.getcwd()) / "matplotlibrc"
    try:
        with open(rc, encoding="utf-8") as handle:
            head = handle.read(4096)
    except (OSError, UnicodeDecodeError):
        return "en"
    for line in head.splitlines():
        if line.startswith(MARKER) and line[len(MARKER):].strip() in LANGUAGES:
            return line[len(MARKER):].strip()
    return "en"


def matplotlibrc_text():
    """The ``matplotlibrc`` of a zh folder (from `RC`), with the language marker `language` reads."""
    lines = ["# The Chinese edition's figures: text drawn with the course's CJK font (helpers/fonts.py).",
             "# Written by i18n/build.py; matplotlib reads it from the notebook's folder.",
             MARKER + "zh"]
    lines += [f"{key}: {', '.join(value) if isinstance(value, list) else value}" for key, value in RC.items()]
    return "\n".join(lines) + "\n"
