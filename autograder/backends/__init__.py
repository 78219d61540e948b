"""Where the sandboxes run: every backend grades a list of jobs and yields the results to one writer.

    for key, notebook_name, result in local.grade_all(graders, jobs, workers=2): ...
    for key, notebook_name, result in dask.grade_all_dask(graders, jobs, "tcp://host:8786"): ...

`graders` is ``{notebook_name: AssignmentGrader}`` (`graders_for`), a job is
``(key, notebook_name, path or None)``, and a result is a `NotebookResult`.
A backend never loses a job: a failure comes back as a "crashed" result.

- `local`: N threads on this machine, each with its own sandbox slot.
- `dask`: the slots live on the workers of a Dask cluster; this process stays
  the only one that writes grades.
"""

from ..engine import AssignmentGrader


def graders_for(course, assignment, limits):
    """{notebook_name: AssignmentGrader} for the source notebooks of `assignment`."""
    return {name: AssignmentGrader(course.source(assignment) / name, assignment, limits)
            for name in course.notebooks(assignment)}
