"""`course-autograder validate ID`: is an assignment ready to release?

`validate(folder, assignment)` returns a list of problems, each one line that
names the cell and the fix (empty: ready).  It checks, in order:

1. a reference module declares the assignment (`autograder.contract`);
2. every test cell parses as a docstring and check calls; every ``check("f", ...)``
   has a reference function ``f``, every ``check.gradients("f", ...)`` a ``NUMERIC["f"]``,
   every ``case("f", ...)`` a ``case_f``, every solution cell a grade id;
3. every forbidden helper named in ``FORBIDDEN_HELPERS`` exists in `helpers`; ``TEST_NAMES``
   names only test cells, and, when the assignment has a Chinese edition, every one of them;
4. the source notebook, graded like a submission (in the sandbox), scores full marks;
5. every declared ``MISTAKES`` entry, planted in the source, scores less and its hint appears
   (the hint is a key of `autograder.messages`, looked for in the notebook's language, so the
   zh edition validates like the English one).

The release itself (no solution line, no hidden test) is checked by
`autograder.course.Course.release`, which `release` and `validate` both run.
"""

import ast
import pathlib
import tempfile

import nbformat

from . import contract, engine, messages, notebook, testcells


def _helpers_names():
    import importlib
    import pkgutil

    import helpers

    names = set(dir(helpers))
    for info in pkgutil.iter_modules(helpers.__path__):
        try:
            names |= set(dir(importlib.import_module(f"helpers.{info.name}")))
        except Exception:
            continue
    return names


def _case_calls(node):
    """Names of the ``case("name", ...)`` calls inside a check call's arguments."""
    names = []
    for sub in ast.walk(node):
        if isinstance(sub, ast.Call) and isinstance(sub.func, ast.Name) and sub.func.id == "case" \
                and sub.args and isinstance(sub.args[0], ast.Constant):
            names.append(sub.args[0].value)
    return names


def notebooks_of(folder):
    return sorted(pathlib.Path(folder).glob("*.ipynb"))


def static_problems(folder, assignment, reference):
    """Problems found by reading the notebook(s) and the reference, without running anything."""
    problems = []
    where = pathlib.Path(reference.module.__file__).name
    for path in notebooks_of(folder):
        nb = notebook.read_notebook(path)
        for cell in nb.cells:
            meta = notebook.nbgrader_meta(cell)
            if meta.get("solution") and not meta.get("grade_id"):
                problems.append(f"{path.name}: a solution cell has no grade id: give it one in its nbgrader metadata")
            if not notebook.is_test(cell):
                continue
            label = f"{path.name} cell {meta.get('grade_id')}"
            try:
                _, calls = testcells.parse_test_cell(cell.source)
            except testcells.MalformedTest as error:
                problems.append(f"{label}: {error}: a test cell holds a docstring and check calls only")
                continue
            for call in calls:
                first = call.node.args[0] if call.node.args else None
                if not (isinstance(first, ast.Constant) and isinstance(first.value, str)):
                    problems.append(f"{label} line {call.line}: the first argument of check must be a "
                                    "function or variable name in quotes")
                    continue
                name = first.value
                if call.kind == "value" and not reference.has_function(name):
                    problems.append(f"{label} line {call.line}: check({name!r}) has no reference function: "
                                    f"define `{name}` in {where}, or correct the name in the test cell")
                if call.kind == "gradients" and name not in reference.numeric:
                    problems.append(f"{label} line {call.line}: check.gradients({name!r}) has no "
                                    f"NUMERIC[{name!r}] in {where}: add it, or correct the name")
                for case in _case_calls(call.node):
                    if not reference.has_case(case):
                        problems.append(f"{label} line {call.line}: case({case!r}) has no `case_{case}` in "
                                        f"{where}: define it, or correct the name in the test cell")
    problems += name_problems(folder, assignment, reference)
    names = _helpers_names()
    for function, forbidden in reference.forbidden.items():
        for name in forbidden:
            if name not in names:
                problems.append(f"{where}: FORBIDDEN_HELPERS[{function!r}] names {name!r}, which is not in "
                                "helpers: correct the name (a misspelt name forbids nothing)")
    for mistake in reference.mistakes:
        if not isinstance(mistake, contract.Mistake):
            problems.append(f"{where}: MISTAKES holds {type(mistake).__name__}, not contract.Mistake")
        elif mistake.hint not in messages.MESSAGES:
            problems.append(f"{where}: the Mistake of cell {mistake.cell!r} names the hint {mistake.hint!r}, which "
                            "is not a key of autograder/messages.py: name the key of the sentence it must produce")
    return problems


def has_chinese_edition(folder):
    """Whether the assignment in `folder` has a Chinese edition: it is one, or ``zh/assignments/<id>`` exists."""
    from .course import edition_dir

    folder = pathlib.Path(folder)
    paths = notebooks_of(folder)
    if paths and messages.notebook_language(notebook.read_notebook(paths[0])) == "zh":
        return True
    return (edition_dir(folder.parent, "zh") / folder.name).is_dir()


def name_problems(folder, assignment, reference):
    """Problems with the reference's ``TEST_NAMES``: a name for a grade id that is not a test cell (always),
    a test cell without a Chinese name (when the assignment has a Chinese edition, whose feedback page shows it)."""
    where = pathlib.Path(reference.module.__file__).name
    declared = getattr(reference.module, "TEST_NAMES", {})
    if not isinstance(declared, dict) or not all(
            isinstance(table, dict) and all(isinstance(v, str) and v.strip() for v in table.values())
            for table in declared.values()):
        return [f"{where}: TEST_NAMES must be {{language: {{grade id: name}}}} with non-empty names: correct it"]
    others = ", ".join(other for other in messages.LANGUAGES if other != messages.DEFAULT)
    problems = [f"{where}: TEST_NAMES has the language {language!r}: use one of {others} (English names are "
                "the test cells' docstrings)" for language in declared
                if language not in messages.LANGUAGES or language == messages.DEFAULT]
    tests = {}  # grade id -> notebook file name
    for path in notebooks_of(folder):
        for cell in notebook.read_notebook(path).cells:
            if notebook.is_test(cell):
                tests.setdefault(notebook.nbgrader_meta(cell).get("grade_id"), path.name)
    for language, table in declared.items():
        for grade_id in table:
            if grade_id not in tests:
                problems.append(f"{where}: TEST_NAMES[{language!r}] names {grade_id!r}, which is not a test cell "
                                f"of {assignment}: correct the grade id, or remove the entry")
    if has_chinese_edition(folder):
        zh = declared.get("zh", {})
        for grade_id, file in tests.items():
            if grade_id not in zh:
                problems.append(f"{file} cell {grade_id}: no Chinese name for this test: add "
                                f"TEST_NAMES['zh'][{grade_id!r}] to {where} (the zh feedback page shows it)")
    return problems


def _grade(source_path, submitted_path, assignment, limits):
    grader = engine.AssignmentGrader(source_path, assignment, limits)
    try:
        return grader.grade(submitted_path)
    finally:
        grader.close()


def _failures(result):
    return [f"{t.grade_id}: {t.message}" for t in result.tests if not t.passed]


def grading_problems(folder, assignment, reference, limits=None):
    """Problems found by grading the source notebook and every declared mistake."""
    limits = limits or engine.Limits()
    problems = []
    paths = notebooks_of(folder)
    for path in paths:
        result = _grade(path, path, assignment, limits)
        if result.score < result.max_score or not result.graded:
            shown = "; ".join(_failures(result)[:5]) or result.detail
            problems.append(f"{path.name}: the source notebook scores {result.score:g}/{result.max_score:g} "
                            f"({result.status}) when graded: {shown}; fix the solution or the test cell")
        else:
            # a cell that cannot even run in the sandbox (a forbidden helper raising there is by design)
            broken = [note for note in result.detail.split("; ") if any(
                error in note for error in ("ImportError", "ModuleNotFoundError", "SyntaxError", "NameError"))]
            if broken:
                problems.append(f"{path.name}: graded like a submission, the source notebook says: "
                                f"{'; '.join(broken)[:400]}; fix that cell (the sandbox offers numpy, helpers "
                                "and `from autograder.checks import case, check, rng`)")
    for number, mistake in enumerate(reference.mistakes, 1):
        if not isinstance(mistake, contract.Mistake):
            continue
        target = [p for p in paths if any(notebook.nbgrader_meta(c).get("grade_id") == mistake.cell
                                          for c in notebook.read_notebook(p).cells)]
        if not target:
            problems.append(f"MISTAKES[{number - 1}]: no cell {mistake.cell!r} in the notebook: correct the cell id")
            continue
        nb = nbformat.read(target[0], as_version=4)
        for cell in nb.cells:
            if notebook.nbgrader_meta(cell).get("grade_id") == mistake.cell:
                cell.source = mistake.source
        with tempfile.TemporaryDirectory(prefix="validate-") as tmp:
            planted = pathlib.Path(tmp) / target[0].name
            nbformat.write(nb, planted)
            result = _grade(target[0], planted, assignment, limits)
        said = " ".join(t.message for t in result.tests if not t.passed)
        language = messages.notebook_language(nb)
        if result.score >= result.max_score:
            problems.append(f"MISTAKES[{number - 1}] (cell {mistake.cell}): the planted mistake still scores "
                            "full marks: add a test that catches it, or remove the mistake")
        elif mistake.hint not in messages.MESSAGES or not messages.matches(mistake.hint, said, language):
            problems.append(f"MISTAKES[{number - 1}] (cell {mistake.cell}): the feedback does not contain the "
                            f"hint {mistake.hint!r} in {language} (it says: {said[:300]}): correct the hint's "
                            "key or the comparator")
    return problems


def validate(folder, assignment, limits=None, grade=True):
    """Every problem with assignment `assignment` whose source notebooks are in `folder` (empty: ready)."""
    folder = pathlib.Path(folder)
    if not notebooks_of(folder):
        return [f"no notebook in {folder}: put the source notebook there"]
    try:
        reference = contract.load(assignment)
    except contract.MissingReference as error:
        return [str(error)]
    problems = static_problems(folder, assignment, reference)
    if grade and not problems:
        problems += grading_problems(folder, assignment, reference, limits)
    return problems


def _fingerprint(folder, assignment):
    import hashlib

    digest = hashlib.sha256(assignment.encode())
    for path in notebooks_of(folder):
        digest.update(path.read_bytes())
    try:
        digest.update(pathlib.Path(contract.load(assignment).module.__file__).read_bytes())
    except contract.MissingReference:
        return None
    digest.update(pathlib.Path(messages.__file__).read_bytes())  # the hints a mistake must produce
    digest.update(b"zh edition" if has_chinese_edition(folder) else b"")  # it requires Chinese test names
    return digest.hexdigest()


def validate_cached(folder, assignment, cache_dir, limits=None):
    """`validate`, skipped when the notebook(s) and the reference are byte for byte those last found ready.

    The record is ``<cache_dir>/<assignment>`` (``<assignment>.zh`` for the Chinese edition) holding
    the fingerprint of the last clean run.
    """
    paths = notebooks_of(folder)
    language = messages.notebook_language(notebook.read_notebook(paths[0])) if paths else messages.DEFAULT
    cache = pathlib.Path(cache_dir) / (assignment if language == messages.DEFAULT else f"{assignment}.{language}")
    fingerprint = _fingerprint(folder, assignment)
    if fingerprint and cache.exists() and cache.read_text().strip() == fingerprint:
        return []
    problems = validate(folder, assignment, limits)
    if not problems and fingerprint:
        cache.parent.mkdir(parents=True, exist_ok=True)
        cache.write_text(fingerprint + "\n")
    return problems


def release_problems(assignments_dir, assignment, language="en"):
    """Release `assignment` (edition `language`) into a throw-away course; the leaks its release check
    finds, as problems."""
    from . import course as course_module

    with tempfile.TemporaryDirectory(prefix="validate-release-") as tmp:
        course = course_module.Course(pathlib.Path(tmp) / "course")
        try:
            course.init()
            course.release(assignment, assignments_dir, language=language)
        except course_module.ReleaseLeak as leak:
            return [f"the student version would hold solution or hidden-test lines: {leak}; keep every "
                    "secret line between ### BEGIN SOLUTION / ### END SOLUTION or the HIDDEN TESTS markers"]
        except course_module.CourseError as error:
            return [str(error)]
        except Exception as error:
            return [f"nbgrader could not generate the student version: {type(error).__name__}: "
                    f"{str(error).splitlines()[0] if str(error) else ''}"]
    return []
