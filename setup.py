"""The wheel also carries the course's data and assignments (everything else is in pyproject.toml).

They live outside the packages in the repository (``datasets/``,
``assignments/``), so `build_py` copies them into the built packages:

    datasets/*.h5         ->  helpers/data/              (`helpers.datasets.DATA_DIR` of a wheel)
    assignments/<id>/     ->  autograder/assignments/    (`autograder.course.shipped_assignments()`)
    zh/assignments/<id>/  ->  autograder/zh/assignments/ (the Chinese edition, beside it as in the repository)

An editable install (``pip install -e .``) reads them in place instead.
"""

import pathlib
import shutil

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = pathlib.Path(__file__).resolve().parent
COURSE_FILES = [  # (folder of the repository, files in it, package folder in the wheel)
    ("datasets", "*.h5", "helpers/data"),
    ("assignments", "*/*.ipynb", "autograder/assignments"),
    ("zh/assignments", "*/*", "autograder/zh/assignments"),  # notebooks and their language marker
]


class BuildWithCourseFiles(build_py):
    def run(self):
        super().run()
        if getattr(self, "editable_mode", False):
            return
        for folder, pattern, target in COURSE_FILES:
            for path in sorted((ROOT / folder).glob(pattern)):
                if ".ipynb_checkpoints" in path.parts or not path.is_file():
                    continue
                destination = pathlib.Path(self.build_lib, target, path.relative_to(ROOT / folder))
                destination.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(path, destination)


setup(cmdclass={"build_py": BuildWithCourseFiles})
