"""The grader's reading of test cells and of the student's code, with `ast`, never by running them.

A test cell of the source notebook is a docstring and calls (see
`autograder.checks`); `parse_test_cell` turns it into `CheckCall`s whose
arguments the grader evaluates in its own namespace (``np``, ``rng``,
``case``).  `forbidden_uses` finds, in the student's cells, the course
`helpers` a graded function must not call.
"""

import ast
import dataclasses

import numpy as np

from . import astlock
from . import checks
from .sandbox import _python_only


class MalformedTest(Exception):
    """A test cell holds something other than a docstring and check calls."""


@dataclasses.dataclass
class CheckCall:
    kind: str        # "value", "gradients" or "variable"
    node: ast.Call   # the call, its function replaced later
    line: int


def _call_kind(node):
    func = node.func
    if isinstance(func, ast.Name) and func.id == "check":
        return "value"
    if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and func.value.id == "check" \
            and func.attr in ("gradients", "variable"):
        return func.attr if func.attr == "variable" else "gradients"
    return None


def parse_test_cell(source):
    """``(description, [CheckCall])`` of a source test cell; raise `MalformedTest` otherwise."""
    try:
        tree = astlock.parse(source)
    except SyntaxError as error:
        raise MalformedTest(f"the test cell does not parse: {error}") from None
    description, calls = "", []
    for i, statement in enumerate(tree.body):
        if i == 0 and isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Constant) \
                and isinstance(statement.value.value, str):
            description = statement.value.value.strip().splitlines()[0] if statement.value.value.strip() else ""
            continue
        if not (isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Call)):
            raise MalformedTest(f"line {statement.lineno} of the test cell is not a check call")
        kind = _call_kind(statement.value)
        if kind is None:
            raise MalformedTest(f"line {statement.lineno} calls something other than check")
        calls.append(CheckCall(kind, statement.value, statement.lineno))
    return description, calls


def _collect(*args, **kwargs):
    return args, kwargs


def evaluate_arguments(call, reference):
    """``(args, kwargs)`` of a check call, evaluated in the grader's namespace.

    `reference` is the assignment's `contract.Reference`: ``case(...)`` builds its cases.
    """
    node = ast.Call(func=ast.Name("__collect__", ast.Load()), args=call.node.args,
                    keywords=call.node.keywords)
    expression = ast.fix_missing_locations(ast.Expression(node))
    ast.copy_location(node, call.node)
    namespace = {"np": np, "rng": checks.rng, "case": reference.case, "__collect__": _collect,
                 "__builtins__": {"range": range, "len": len, "list": list, "tuple": tuple,
                                  "dict": dict, "float": float, "int": int, "abs": abs,
                                  "min": min, "max": max, "sum": sum, "True": True, "False": False,
                                  "None": None, "zip": zip}}
    return eval(compile(expression, "<test cell>", "eval"), namespace)


# -- helpers the student must not call ------------------------------------------------------------

def _top_level_bindings(tree, aliases, modules):
    """Update `aliases` (name -> helpers function name) and `modules` (names bound to helpers modules)."""
    for node in tree.body:
        if isinstance(node, ast.ImportFrom) and node.level == 0 and (node.module or "").split(".")[0] == "helpers":
            for alias in node.names:
                bound = alias.asname or alias.name
                if alias.name == "*":
                    aliases["*"] = "*"
                    continue
                aliases[bound] = alias.name
                modules.discard(bound)
                if node.module == "helpers":
                    modules.add(bound)  # `from helpers import activations` binds a module... or a function
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == "helpers":
                    bound = alias.asname or alias.name.split(".")[0]
                    modules.add(bound)
                    aliases.pop(bound, None)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            aliases.pop(node.name, None)
            modules.discard(node.name)
        elif isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                for name in ast.walk(target):
                    if isinstance(name, ast.Name):
                        aliases.pop(name.id, None)
                        modules.discard(name.id)


def _attribute_chain(node):
    names = []
    while isinstance(node, ast.Attribute):
        names.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        names.append(node.id)
        return names[::-1]
    return None


def forbidden_uses(student_sources, name, forbidden):
    """The `forbidden` helpers that the student's function `name` uses, by reading their cells.

    A use is a name imported from ``helpers`` (under any alias, at the top of any
    cell or inside the function) whose original name is forbidden, or an
    attribute ``<helpers module>.<forbidden>`` (``helpers.sigmoid``,
    ``h.activations.sigmoid``), inside the last definition of `name`.
    """
    forbidden = set(forbidden or ())
    if not forbidden:
        return []
    # what each global name is bound to once every cell has run (the function reads globals then)
    aliases, modules, function = {}, set(), None
    for source in student_sources:
        try:
            tree = astlock.parse(_python_only(source))
        except SyntaxError:
            continue
        _top_level_bindings(tree, aliases, modules)
        for node in tree.body:
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name == name:
                function = node
    if function is None:
        return []
    imports = [n for n in ast.walk(function) if isinstance(n, (ast.Import, ast.ImportFrom))]
    _top_level_bindings(ast.Module(body=imports, type_ignores=[]), aliases, modules)
    found = set()
    for node in ast.walk(function):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load) and aliases.get(node.id) in forbidden:
            found.add(aliases[node.id])
        elif isinstance(node, ast.Attribute) and node.attr in forbidden:
            chain = _attribute_chain(node)
            if chain and (chain[0] in modules or chain[0] == "helpers"):
                found.add(node.attr)
        elif isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "helpers":
            found.update(a.name for a in node.names if a.name in forbidden)
    if "*" in aliases:
        found.update(n.id for n in ast.walk(function) if isinstance(n, ast.Name) and n.id in forbidden
                     and n.id not in _defined_names(student_sources))
    return sorted(found)


def _defined_names(sources):
    names = set()
    for source in sources:
        try:
            tree = astlock.parse(_python_only(source))
        except SyntaxError:
            continue
        for node in tree.body:
            if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
                names.add(node.name)
    return names
