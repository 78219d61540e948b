"""Build a static HTML copy of the executed course: `make html`, or

    python demo/build_html.py [--output build/html] [--edition en|zh|both] [NOTEBOOK ...]

Each notebook (default: every lecture notebook and the playground of the edition) is executed top
to bottom in its own folder, then exported to HTML with its outputs; every interactive figure also
carries an ordinary image of its first drawing, so the copy shows it without a kernel.  Links
between notebooks point to their HTML pages, and ``index.html`` is `notebooks/README.md` rendered.
The Chinese edition (zh/notebooks/) goes to ``zh/`` under the output, with its start page, the
glossary and the notes map; its kernels run in the zh folders, so figures and widgets speak Chinese.
A notebook that fails is reported on one line and left out; the exit status is then 1.
"""

import argparse
import pathlib
import posixpath
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
# edition -> (its notebooks, where its pages go under the output, the start page's title)
EDITIONS = {"en": (NOTEBOOKS, "", "The lecture notebooks"),
            "zh": (ROOT / "zh" / "notebooks", "zh", "课程笔记本")}
# the start pages and the zh reference pages, as repository files -> their page under the output
PAGES = {NOTEBOOKS / "README.md": "index.html", ROOT / "zh" / "notebooks" / "README.md": "zh/index.html",
         ROOT / "zh" / "glossary.md": "zh/glossary.html", ROOT / "zh" / "notes-map.md": "zh/notes-map.html"}
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
MARKDOWN_LINK = re.compile(r"\]\((?![a-z]+:)([^)#?]+)([#?][^)]*)?\)")
# a relative link to a notebook, in HTML (href="...ipynb") or in markdown ((...ipynb))
NOTEBOOK_LINK = re.compile(r'(href="(?![a-z]+:)[^"]*?|\]\((?![a-z]+:)[^)]*?)\.ipynb([#?][^")]*)?(["\)])')


def html_links(text):
    """Point relative links to notebooks at their HTML pages."""
    return NOTEBOOK_LINK.sub(lambda m: f"{m.group(1)}.html{m.group(2) or ''}{m.group(3)}", text)


def page_links(text, source, page):
    """Point the relative markdown links of `source` (a repository file shown as `page`, relative to
    the output) at the pages they become: other start and reference pages, notebooks' HTML pages."""
    def target(match):
        linked = (source.parent / match.group(1)).resolve()
        built = PAGES.get(linked)
        if built is None and linked.suffix == ".ipynb":
            built = next((f"{prefix}/{linked.relative_to(folder).with_suffix('.html')}".lstrip("/")
                          for folder, prefix, _ in EDITIONS.values() if folder in linked.parents), None)
        if built is None:
            return match.group(0)
        relative = posixpath.relpath(built, posixpath.dirname(page) or ".")
        return f"]({relative}{match.group(2) or ''})"
    return MARKDOWN_LINK.sub(target, text)


def edition_of(notebook):
    """The edition whose folder holds `notebook`, or None."""
    return next((name for name, (folder, _, _) in EDITIONS.items() if folder in notebook.parents), None)


def write(path, text):
    """Write `text` to `path` whole or not at all (a temporary file, then a rename)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    partial.write_text(text, encoding="utf-8")
    partial.replace(path)


def export(notebook, output, timeout):
    """Execute `notebook` in its folder and write its HTML page under `output`; returns the page's path."""
    import nbformat
    from nbclient import NotebookClient
    from nbconvert import HTMLExporter
    from traitlets.config import Config

    nb = nbformat.read(notebook, as_version=4)
    # encrypted kernel channels (CurveZMQ, when the kernel supports it): also keeps each kernel from
    # warning on stderr that it runs over TCP without encryption
    secure = Config({"KernelManager": {"transport_encryption": "auto"}})
    NotebookClient(nb, timeout=timeout, kernel_name="python3", config=secure,
                   resources={"metadata": {"path": str(notebook.parent)}}).execute()
    for cell in nb.cells:
        for shown in cell.get("outputs", []):
            data = shown.get("data", {})
            if WIDGET_VIEW in data and ("image/png" in data or "text/html" in data):
                # an explorer or a quiz: the page shows its still copy (the image of its first drawing,
                # the questions with their answers folded away), which needs neither a kernel nor the
                # widget scripts from the web
                del data[WIDGET_VIEW]
    body, _ = HTMLExporter(template_name="lab").from_notebook_node(nb)
    folder, prefix, _ = EDITIONS[edition_of(notebook)]
    page = output / prefix / notebook.relative_to(folder).with_suffix(".html")
    write(page, html_links(body))
    return page


def index(output, edition):
    """The edition's start page (its notebooks/README.md) as index.html, linking the HTML pages;
    for zh also the glossary and the notes map."""
    from nbconvert.filters import markdown2html

    folder, prefix, title = EDITIONS[edition]
    sources = [folder / "README.md"] + ([ROOT / "zh" / "glossary.md", ROOT / "zh" / "notes-map.md"]
                                        if edition == "zh" else [])
    for source in sources:
        body = markdown2html(html_links(page_links(source.read_text(encoding="utf-8"), source, PAGES[source])))
        write(output / PAGES[source], f"<!DOCTYPE html>\n<html lang='{edition}'><head><meta charset='utf-8'>"
              f"<title>{title}</title><style>body{{font-family:sans-serif;max-width:52em;margin:2em auto;"
              f"line-height:1.5}} table{{border-collapse:collapse}} td,th{{border:1px solid #ccc;padding:2px 6px}}"
              f"</style></head><body>\n{body}\n</body></html>\n")


def main(argv=None):
    parser = argparse.ArgumentParser(description="Build a static HTML copy of the executed course.")
    parser.add_argument("notebooks", nargs="*", type=pathlib.Path, help="notebooks to build (default: all)")
    parser.add_argument("--output", type=pathlib.Path, default=ROOT / "build" / "html")
    parser.add_argument("--edition", choices=("en", "zh", "both"), default="en",
                        help="which edition to build when no notebook is named (default: en)")
    parser.add_argument("--timeout", type=int, default=600, help="seconds a cell may run")
    args = parser.parse_args(argv)
    editions = ("en", "zh") if args.edition == "both" else (args.edition,)
    notebooks = [p.resolve() for p in args.notebooks] or sorted(
        p for edition in editions for p in EDITIONS[edition][0].rglob("*.ipynb")
        if ".ipynb_checkpoints" not in p.parts)
    for notebook in notebooks:
        if not notebook.is_file() or notebook.suffix != ".ipynb" or edition_of(notebook) is None:
            print(f"error: {notebook} is not a notebook under {NOTEBOOKS} or {EDITIONS['zh'][0]}; "
                  "name .ipynb files there", file=sys.stderr)
            return 2
    if args.output.exists() and not args.output.is_dir():
        print(f"error: --output {args.output} is a file; give a directory", file=sys.stderr)
        return 2
    failed = 0
    for notebook in notebooks:
        name = notebook.relative_to(ROOT)
        try:
            export(notebook, args.output, args.timeout)
            print(f"built {name}")
        except Exception as error:  # one line per failed notebook, then go on with the others
            failed += 1
            reason = str(error).strip().splitlines()[-1] if str(error).strip() else type(error).__name__
            print(f"failed {name}: {reason}", file=sys.stderr)
    built = sorted({edition_of(notebook) for notebook in notebooks})
    for edition in built:
        index(args.output, edition)
    pages = " and ".join(str(args.output / EDITIONS[edition][1] / "index.html") for edition in built)
    print(f"{len(notebooks) - failed} of {len(notebooks)} notebooks in {pages}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
