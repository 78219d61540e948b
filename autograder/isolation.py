"""Each function graded on its own: which lower-level graded functions a higher-level one calls.

When the test of `model` runs, the student's `model` should be judged on its
own code, not on a mistake in `propagate` that `propagate`'s own tests have
already charged.  `plan` reads the instructor's source notebook: the graded
functions are those the test cells check, and a solution cell's function
that names another graded function depends on it, and on everything that one depends on.  For such a test the
grader sends the instructor's definitions of the lower-level functions with
the call; the worker runs the call in a forked child with those definitions
in place (`autograder/worker.py`, `Child.isolated_call`), so nothing the
call does, and no reference code, outlives it.

    plan(source_nb) -> {"model": [("initialize_with_zeros", "def ..."), ("optimize", ...), ...], ...}
"""

import ast

from . import astlock
from . import notebook, testcells


def graded_functions(source_nb):
    """Names of the functions the test cells check (not variables)."""
    names = set()
    for cell in source_nb.cells:
        if not notebook.is_test(cell):
            continue
        try:
            _, calls = testcells.parse_test_cell(cell.source)
        except testcells.MalformedTest:
            continue
        for call in calls:
            first = call.node.args[0] if call.node.args else None
            if call.kind != "variable" and isinstance(first, ast.Constant) and isinstance(first.value, str):
                names.add(first.value)
    return names


def _definitions(source_nb):
    """{function name: (its source, names it uses)} from the solution cells."""
    found = {}
    for cell in source_nb.cells:
        if cell.cell_type != "code" or not notebook.nbgrader_meta(cell).get("solution"):
            continue
        try:
            tree = astlock.parse(cell.source)
        except SyntaxError:
            continue
        for node in tree.body:
            if isinstance(node, ast.FunctionDef):
                used = {n.id for n in ast.walk(node) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}
                found[node.name] = (ast.get_source_segment(cell.source, node), used)
    return found


def plan(source_nb):
    """{graded function: [(lower-level graded function it calls, its source definition)]}."""
    graded = graded_functions(source_nb)
    definitions = _definitions(source_nb)
    out = {}
    known = graded & set(definitions)
    for name in sorted(known):
        # every graded function below `name`, directly or through another: the reference `optimize`
        # calls `propagate` by name, which must then be the reference's too
        callees, todo = set(), [name]
        while todo:
            for callee in (definitions[todo.pop()][1] & known) - callees - {name}:
                callees.add(callee)
                todo.append(callee)
        if callees:
            out[name] = [(callee, definitions[callee][0]) for callee in sorted(callees)]
    return out
