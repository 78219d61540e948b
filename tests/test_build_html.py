"""`make html`: demo/build_html.py executes notebooks and writes a static HTML copy of the course."""

import base64
import importlib.util
import re
import subprocess
import sys

from nbtools import ROOT

spec = importlib.util.spec_from_file_location("build_html", ROOT / "demo" / "build_html.py")
build_html = importlib.util.module_from_spec(spec)
spec.loader.exec_module(build_html)


def test_links_to_notebooks_point_to_their_pages():
    text = ('<a href="week2/02-04-gradient-descent.ipynb">2.4</a> <a href="https://x.org/a.ipynb">ext</a> '
            '[zeros](../notebooks/playground.ipynb?init=zeros) [x](week1/a.ipynb#top)')
    assert build_html.html_links(text) == (
        '<a href="week2/02-04-gradient-descent.html">2.4</a> <a href="https://x.org/a.ipynb">ext</a> '
        '[zeros](../notebooks/playground.html?init=zeros) [x](week1/a.html#top)')


def test_builds_an_executed_page_with_its_figure_and_an_index(tmp_path):
    notebook = ROOT / "notebooks" / "week2" / "02-15-broadcasting.ipynb"
    run = subprocess.run([sys.executable, str(ROOT / "demo" / "build_html.py"), "--output", str(tmp_path), str(notebook)],
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    page = (tmp_path / "week2" / "02-15-broadcasting.html").read_text()
    images = re.findall(r'src="data:image/png;base64,([^"]+)"', page)
    assert images and base64.b64decode(images[0]).startswith(b"\x89PNG")  # the executed figures are in the page
    assert "Traceback" not in page
    index = (tmp_path / "index.html").read_text()
    assert 'href="week2/02-15-broadcasting.html"' in index and not re.search(r'href="[^"]*\.ipynb', index)
    assert not list(tmp_path.rglob("*.partial"))


def test_start_pages_link_across_editions_and_to_the_zh_reference_pages():
    en = build_html.page_links("[zh](../zh/notebooks/README.md) [g](../zh/glossary.md) [p](playground.ipynb?a=1)",
                               ROOT / "notebooks" / "README.md", "index.html")
    assert en == "[zh](zh/index.html) [g](zh/glossary.html) [p](playground.html?a=1)"
    zh = build_html.page_links("[en](../../notebooks/README.md) [m](../notes-map.md) [x](../../LICENSE)",
                               ROOT / "zh" / "notebooks" / "README.md", "zh/index.html")
    assert zh == "[en](../index.html) [m](notes-map.html) [x](../../LICENSE)"  # what is not built stays
    glossary = build_html.page_links("[2.4](notebooks/week2/02-04-gradient-descent.ipynb#top)",
                                     ROOT / "zh" / "glossary.md", "zh/glossary.html")
    assert glossary == "[2.4](week2/02-04-gradient-descent.html#top)"


def test_the_zh_edition_builds_under_zh_with_explorer_images_and_quiz_still_copies(tmp_path):
    zh = ROOT / "zh" / "notebooks"
    run = subprocess.run([sys.executable, str(ROOT / "demo" / "build_html.py"), "--output", str(tmp_path),
                          str(zh / "week2" / "02-02-logistic-regression.ipynb"), str(zh / "week1" / "01-99-quiz.ipynb")],
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    assert "without encryption" not in run.stderr  # the kernels' channels are encrypted: no warning per notebook
    explorer = (tmp_path / "zh" / "week2" / "02-02-logistic-regression.html").read_text()
    # every explorer shows the image of its first drawing, not a widget view that needs scripts from the web
    assert explorer.count('src="data:image/png;base64,') >= 1 + explorer.count("LivePlot(")
    assert '<script type="application/vnd.jupyter.widget-view+json">' not in explorer
    quiz = (tmp_path / "zh" / "week1" / "01-99-quiz.html").read_text()
    assert quiz.count("<summary>答案</summary>") >= 6 and "第一周测验" in quiz
    index = (tmp_path / "zh" / "index.html").read_text()
    assert "<html lang='zh'>" in index and 'href="week1/01-99-quiz.html"' in index and 'href="../index.html"' in index
    assert (tmp_path / "zh" / "glossary.html").exists() and not (tmp_path / "index.html").exists()


def test_bad_input_is_one_line_and_writes_nothing(tmp_path):
    run = subprocess.run([sys.executable, str(ROOT / "demo" / "build_html.py"), "--output", str(tmp_path / "out"),
                          str(ROOT / "README.md")], capture_output=True, text=True, timeout=60)
    assert run.returncode == 2
    assert run.stderr.count("\n") == 1 and "is not a notebook under" in run.stderr and "Traceback" not in run.stderr
    assert not (tmp_path / "out").exists()
