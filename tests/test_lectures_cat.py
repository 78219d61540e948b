"""The lecture notebooks on the original course's image files (issue 11, item 8).

The image task is one setting (`helpers.datasets.image_dataset`): with ``train_catvnoncat.h5`` and
``test_catvnoncat.h5`` in the data folder every lecture that uses it must run on 209 / 50 colour
64 x 64 pictures, reading its sizes from the data. The files are generated here in the original
layout (`test_datasets.write_original_cat_files`) in a temporary folder named by $COURSE_DATASETS.
"""

import os
import pathlib

import nbformat
import numpy as np
import pytest
from nbclient import NotebookClient

from helpers import datasets
from test_datasets import write_original_cat_files

ROOT = pathlib.Path(__file__).resolve().parent.parent

# every lecture notebook that loads the image task
LECTURES = [
    "week1/01-03-supervised-learning.ipynb",
    "week1/01-04-why-deep-learning-is-taking-off.ipynb",
    "week2/02-01-binary-classification.ipynb",
    "week2/02-02-logistic-regression.ipynb",
    "week2/02-13-vectorizing-logistic-regression.ipynb",
    "week4/04-04-why-deep-representations.ipynb",
    "week4/04-06-parameters-vs-hyperparameters.ipynb",
]

# run last in the kernel: proves the notebook saw the cat files, not the default data
_WHICH_DATA = "import helpers.datasets as _d\nprint('image task:', _d.image_dataset(), _d.image_shape())"


@pytest.fixture(scope="module")
def cat_folder(tmp_path_factory):
    return write_original_cat_files(tmp_path_factory.mktemp("original") / "datasets")


def test_the_list_names_every_lecture_that_loads_the_image_task():
    loading = sorted(str(p.relative_to(ROOT / "notebooks")) for p in (ROOT / "notebooks").glob("week*/*.ipynb")
                     if any(name in p.read_text(encoding="utf-8")
                            for name in ("load_image_data", "load_dataset", "image_dataset")))
    assert loading == sorted(LECTURES)


@pytest.mark.parametrize("lecture", LECTURES, ids=lambda p: p.split("/")[1][:5])
def test_the_lecture_runs_on_the_original_cat_files(lecture, cat_folder):
    path = ROOT / "notebooks" / lecture
    nb = nbformat.read(path, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell(_WHICH_DATA))
    env = {**os.environ, "COURSE_DATASETS": str(cat_folder), "OPENBLAS_NUM_THREADS": "1"}
    env.pop("COURSE_IMAGE_DATASET", None)
    client = NotebookClient(nb, timeout=120, kernel_name="python3", allow_errors=True,
                            resources={"metadata": {"path": str(path.parent)}})
    client.execute(env=env)
    problems = []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            if out.output_type == "error":
                problems.append(f"cell {cell.get('id')}: {out.ename}: {out.evalue}")
            elif out.output_type == "stream" and out.name == "stderr":
                problems.append(f"cell {cell.get('id')} wrote to stderr: {out.text[:300]}")
    assert not problems, "\n".join(problems)
    last = "".join(out.get("text", "") for out in nb.cells[-1].outputs)
    assert "image task: catvnoncat (64, 64, 3)" in last, last


def test_picture_shapes_and_weight_maps_come_from_the_data(cat_folder):
    assert datasets.image_shape("catvnoncat", cat_folder) == (64, 64, 3)
    assert datasets.image_shape("fashion") == (28, 28)
    X = datasets.load_image_data("catvnoncat", cat_folder)[0]
    train_x = datasets.load_dataset("catvnoncat", cat_folder)[0]
    # column 7 of X is picture 7, unrolled and divided by 255
    np.testing.assert_array_equal(datasets.as_image(X[:, 7], (64, 64, 3)) * 255, train_x[7])
    # a colour weight map is the mean of each pixel's three weights: pixel (0, 1) holds w[3], w[4], w[5]
    w = np.arange(2 * 2 * 3, dtype=float)
    assert datasets.weight_image(w, (2, 2, 3))[0, 1] == (3 + 4 + 5) / 3
    # grey weights are only reshaped, so the default data's figures keep their numbers
    np.testing.assert_array_equal(datasets.weight_image(w, (3, 4)), w.reshape(3, 4))
    with pytest.raises(ValueError, match=r"x has 784 entries but a picture of shape \(64, 64, 3\) has 12288"):
        datasets.as_image(np.zeros(784), (64, 64, 3))
