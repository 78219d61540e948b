"""Replacement solution cells for assignment 1, for end-to-end grading tests.

`WRONG_ONE_FUNCTION`: `L1` forgets the absolute value, so every L1 test fails and
nothing else does (no other graded function calls `L1`).
`VISIBLE_ONLY`: `image2vector` assumes three colour channels; the visible test
uses an RGB image and passes, the hidden tests (1 and 4 channels) fail.
"""

WRONG_ONE_FUNCTION = {
    "function": "L1",
    "cell": "L1",
    "source": '''def L1(yhat, y):
    """The L1 loss (wrong: the absolute value is missing)."""
    loss = np.sum(y - yhat)
    return loss
''',
}

VISIBLE_ONLY = {
    "function": "image2vector",
    "cell": "image2vector",
    "source": '''def image2vector(image):
    """Unroll an image into a column (wrong for anything but 3 channels)."""
    v = np.transpose(image, (2, 0, 1)).reshape(image.shape[0] * image.shape[1] * 3, 1)
    return v
''',
}
