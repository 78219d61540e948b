"""Build a static HTML copy of the executed course: `make html`, or

    python demo/build_html.py [--output build/html] [NOTEBOOK ...]

Each notebook (default: every lecture notebook and the playground) is executed top to bottom in
its own folder, then exported to HTML with its outputs; every interactive figure also carries an
ordinary image of its first drawing, so the copy shows it without a kernel.  Links between
notebooks point to their HTML pages, and ``index.html`` is `notebooks/README.md` rendered.
A notebook that fails is reported on one line and left out; the exit status is then 1.
"""

import argparse
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
# a relative link to a notebook, in HTML (href="...ipynb") or in markdown ((...ipynb))
NOTEBOOK_LINK = re.compile(r'(href="(?![a-z]+:)[^"]*?|\]\((?![a-z]+:)[^)]*?)\.ipynb([#?][^")]*)?(["\)])')


def html_links(text):
    """Point relative links to notebooks at their HTML pages."""
    return NOTEBOOK_LINK.sub(lambda m: f"{m.group(1)}.html{m.group(2) or ''}{m.group(3)}", text)


def write(path, text):
    """Write `text` to `path` whole or not at all (a temporary file, then a rename)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    partial.write_text(text, encoding="utf-8")
    partial.replace(path)


def export(notebook, output, timeout):
    """Execute `notebook` and write its HTML page under `output`; returns the page's path."""
    import nbformat
    from nbclient import NotebookClient
    from nbconvert import HTMLExporter

    nb = nbformat.read(notebook, as_version=4)
    NotebookClient(nb, timeout=timeout, kernel_name="python3",
                   resources={"metadata": {"path": str(notebook.parent)}}).execute()
    body, _ = HTMLExporter(template_name="lab").from_notebook_node(nb)
    page = output / notebook.relative_to(NOTEBOOKS).with_suffix(".html")
    write(page, html_links(body))
    return page


def index(output):
    """index.html: the course's contents (notebooks/README.md), linking the HTML pages."""
    from nbconvert.filters import markdown2html

    body = markdown2html(html_links((NOTEBOOKS / "README.md").read_text(encoding="utf-8")))
    write(output / "index.html", "<!DOCTYPE html>\n<html><head><meta charset='utf-8'><title>The lecture notebooks"
          "</title><style>body{font-family:sans-serif;max-width:52em;margin:2em auto;line-height:1.5}</style>"
          f"</head><body>\n{body}\n</body></html>\n")


def main(argv=None):
    parser = argparse.ArgumentParser(description="Build a static HTML copy of the executed course.")
    parser.add_argument("notebooks", nargs="*", type=pathlib.Path, help="notebooks to build (default: all)")
    parser.add_argument("--output", type=pathlib.Path, default=ROOT / "build" / "html")
    parser.add_argument("--timeout", type=int, default=600, help="seconds a cell may run")
    args = parser.parse_args(argv)
    notebooks = [p.resolve() for p in args.notebooks] or sorted(
        p for p in NOTEBOOKS.rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)
    for notebook in notebooks:
        if not notebook.is_file() or notebook.suffix != ".ipynb" or NOTEBOOKS not in notebook.parents:
            print(f"error: {notebook} is not a notebook under {NOTEBOOKS}; name .ipynb files there",
                  file=sys.stderr)
            return 2
    if args.output.exists() and not args.output.is_dir():
        print(f"error: --output {args.output} is a file; give a directory", file=sys.stderr)
        return 2
    failed = 0
    for notebook in notebooks:
        name = notebook.relative_to(NOTEBOOKS)
        try:
            export(notebook, args.output, args.timeout)
            print(f"built {name}")
        except Exception as error:  # one line per failed notebook, then go on with the others
            failed += 1
            reason = str(error).strip().splitlines()[-1] if str(error).strip() else type(error).__name__
            print(f"failed {name}: {reason}", file=sys.stderr)
    index(args.output)
    print(f"{len(notebooks) - failed} of {len(notebooks)} notebooks in {args.output / 'index.html'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
