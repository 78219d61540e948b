"""Hypothesis strategies shared by the tests."""

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

finite = st.floats(min_value=-1e3, max_value=1e3, allow_nan=False, allow_infinity=False)
small_dims = st.integers(min_value=1, max_value=6)


@st.composite
def matrices(draw, elements=finite, rows=small_dims, cols=small_dims):
    """A 2-D float array of small random shape."""
    return draw(arrays(np.float64, (draw(rows), draw(cols)), elements=elements))


@st.composite
def layer_dims(draw, max_layers=4):
    """[n_x, n[1], ..., 1]: a small network with one output unit."""
    hidden = draw(st.lists(small_dims, min_size=0, max_size=max_layers - 1))
    return [draw(small_dims)] + hidden + [1]
