"""Grade many submissions at once: N sandboxed workers, results handed to one writer.

Each of the N threads owns a `sandbox.Slot`, a long-lived sandboxed zygote
that imported numpy, matplotlib and IPython once and forks a child per
submission, so start-up costs are paid N times per run, not once per
submission.  The threads only grade; `grade_all` yields each result to the
caller (the single writer) as soon as it is ready.
"""

import queue
import threading
import time

from ..sandbox import Slot


def grade_all(graders, jobs, workers=1):
    """Grade `jobs` with `workers` slots; yield ``(key, notebook_name, NotebookResult)`` as they finish.

    Parameters
    ----------
    graders : dict {notebook_name: AssignmentGrader}
    jobs : list of (key, notebook_name, path or None)
    workers : int
    """
    jobs = list(jobs)
    todo = queue.Queue()
    for job in jobs:
        todo.put(job)
    done = queue.Queue()
    workers = max(1, min(workers, len(jobs)))

    def work():
        slots = {}
        try:
            while True:
                try:
                    key, name, path = todo.get_nowait()
                except queue.Empty:
                    return
                grader = graders[name]
                try:
                    if name not in slots and path is not None:
                        slots[name] = Slot(grader.runtime, grader.limits, grader.limits.sandbox)
                    result = grader.grade(path, slots.get(name))
                    done.put((key, name, result, None))
                except BaseException as error:  # never lose a job: report it to the writer
                    done.put((key, name, None, error))
        finally:
            for slot in slots.values():
                slot.close()

    threads = [threading.Thread(target=work, daemon=True) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for _ in jobs:
        key, name, result, error = done.get()
        if error is not None:
            result = graders[name]._zero("crashed", f"the grader failed: {type(error).__name__}: {error}",
                                         time.monotonic())
        yield key, name, result
    for thread in threads:
        thread.join()

