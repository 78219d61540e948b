"""Input checks shared by the helpers: errors that say what was expected and what was found."""

import numpy as np


class ShapeError(ValueError):
    """An array does not have the shape the lectures' layout requires."""


def check_shape(name, array, expected):
    """Raise `ShapeError` unless `array.shape` matches `expected`.

    Parameters
    ----------
    name : str
        The name shown in the message, e.g. ``"W2"``.
    array : ndarray
    expected : tuple
        The expected shape; an entry of ``None`` matches any size.
    """
    # fast path first: this runs several times per training iteration
    shape = array.shape if isinstance(array, np.ndarray) else np.shape(array)
    if shape == expected:
        return
    if len(shape) == len(expected):
        for e, s in zip(expected, shape):
            if e is not None and e != s:
                break
        else:
            return
    wanted = "(" + ", ".join("any" if e is None else str(e) for e in expected) + ")"
    if len(expected) == 1:
        wanted = wanted[:-1] + ",)"
    hint = ""
    if len(shape) == 1 and len(expected) == 2:
        hint = " (a rank-1 array: reshape it to a column or a row, e.g. `a.reshape(-1, 1)`)"
    raise ShapeError(f"{name} should have shape {wanted}, but has shape {shape}{hint}")


def check_2d(name, array):
    """Raise `ShapeError` unless `array` is a 2-D array."""
    if getattr(array, "ndim", None) != 2 and np.ndim(array) != 2:
        raise ShapeError(
            f"{name} should be a 2-D array (one example per column), but has shape {np.shape(array)}"
        )


def check_finite(name, array):
    """Raise `ValueError` if `array` holds NaN or infinity, saying where the first one is."""
    array = np.asarray(array)
    finite = np.isfinite(array)
    if not finite.all():
        index = tuple(int(i) for i in np.argwhere(~finite)[0])
        raise ValueError(
            f"{name} must hold finite numbers, but {name}{list(index)} is {array[index]}"
        )


def check_labels(name, Y):
    """Raise `ValueError` unless `Y` holds only 0 and 1."""
    bad = (Y != 0) & (Y != 1)
    if bad.any():
        index = tuple(int(i) for i in np.argwhere(bad)[0])
        raise ValueError(f"{name} must hold labels 0 or 1, but {name}{list(index)} is {Y[index]}")


def lookup(table, name, kind):
    """Return ``table[name]``; an unknown name raises `ValueError` listing the known ones."""
    try:
        return table[name]
    except (KeyError, TypeError):
        known = ", ".join(repr(k) for k in table)
        raise ValueError(f"unknown {kind} {name!r}; known: {known}") from None


def as_rng(seed):
    """Turn a seed, a numpy `Generator` or None into a `Generator`."""
    if isinstance(seed, np.random.Generator):
        return seed
    return np.random.default_rng(seed)
