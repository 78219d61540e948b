"""Data sets of the course, all offline.

- Image tasks in the course's HDF5 layout (`load_dataset`): "fashion", the
  shipped Fashion-MNIST coat vs shirt task, and "catvnoncat", the
  original course files if an instructor places them in ``datasets/``.
- Planar 2-D sets (`load_planar_dataset`, `load_extra_datasets`): "flower" and
  noisy circles, noisy moons, blobs, gaussian quantiles; "xor" for the
  playground. Each takes ``noise``; `train_test_split` holds out a test set.

Every loader returns ``X`` with one example per column and ``Y`` of shape (1, m).
"""

import os
import pathlib

import numpy as np

from ._checks import as_rng, lookup

HERE = pathlib.Path(__file__).resolve().parent


def default_data_dir():
    """Where the data files are: one setting, ``$COURSE_DATASETS``, else where the course was installed from.

    A clone of the course (or ``pip install -e .``) reads its ``datasets/``; a
    wheel carries the shipped files in ``helpers/data/``.  The original course's
    files (or any others) go in a folder named by ``$COURSE_DATASETS``.
    """
    if os.environ.get("COURSE_DATASETS"):
        return pathlib.Path(os.environ["COURSE_DATASETS"])
    checkout = HERE.parent
    # pyproject.toml marks a checkout: site-packages/ may hold an unrelated `datasets` package
    if (checkout / "pyproject.toml").is_file() and (checkout / "datasets").is_dir():
        return checkout / "datasets"
    return HERE / "data"


DATA_DIR = default_data_dir()

H5_KEYS = ("train_set_x", "train_set_y", "test_set_x", "test_set_y", "list_classes")

IMAGE_DATASETS = {
    "fashion": ("fashion_coat_vs_shirt.h5", "fashion_coat_vs_shirt.h5"),
    "catvnoncat": ("train_catvnoncat.h5", "test_catvnoncat.h5"),
}


def image_dataset(data_dir=None):
    """The course's image task, one setting for every notebook that uses it.

    ``$COURSE_IMAGE_DATASET`` if set; else "catvnoncat" when the original course's
    ``train_catvnoncat.h5`` and ``test_catvnoncat.h5`` are in the data folder; else "fashion".
    """
    chosen = os.environ.get("COURSE_IMAGE_DATASET")
    if chosen:
        lookup(IMAGE_DATASETS, chosen, "image data set")
        return chosen
    data_dir = pathlib.Path(data_dir or DATA_DIR)
    if all((data_dir / name).exists() for name in IMAGE_DATASETS["catvnoncat"]):
        return "catvnoncat"
    return "fashion"


def save_h5(path, train_set_x, train_set_y, test_set_x, test_set_y, classes):
    """Write one image task in the course's HDF5 layout (compressed).

    Parameters
    ----------
    path : str or Path
    train_set_x, test_set_x : ndarray of shape (m, height, width[, channels])
    train_set_y, test_set_y : ndarray of shape (m,) of 0 and 1
    classes : sequence of str, the names of label 0 and label 1
    """
    import h5py

    for name, x, y in (("train", train_set_x, train_set_y), ("test", test_set_x, test_set_y)):
        if len(x) != np.size(y):
            raise ValueError(f"{name}_set_x has {len(x)} images but {name}_set_y has {np.size(y)} labels")
    with h5py.File(path, "w") as f:
        for key, value in zip(H5_KEYS[:4], (train_set_x, train_set_y, test_set_x, test_set_y)):
            f.create_dataset(key, data=value, compression="gzip", compression_opts=9, shuffle=True)
        f.create_dataset("list_classes", data=np.array([c.encode() for c in classes]))


def load_h5(path, keys=H5_KEYS):
    """Read the datasets `keys` of an HDF5 file into a dict of arrays."""
    import h5py

    path = pathlib.Path(path)
    if not path.exists():
        raise FileNotFoundError(f"no data file at {path}")
    with h5py.File(path, "r") as f:
        missing = [k for k in keys if k not in f]
        if missing:
            raise KeyError(f"{path} has no {missing} (found: {sorted(f)})")
        return {k: f[k][()] for k in keys}


def load_dataset(name=None, data_dir=None):
    """Load an image task as in the lectures.

    Parameters
    ----------
    name : {"fashion", "catvnoncat"} or None, default `image_dataset()` (the course's setting)
    data_dir : path, default `DATA_DIR` (``$COURSE_DATASETS``, else ``datasets/`` of the course)

    Returns
    -------
    train_set_x_orig : ndarray of shape (m_train, height, width[, channels]), uint8
    train_set_y : ndarray of shape (1, m_train)
    test_set_x_orig : ndarray of shape (m_test, height, width[, channels]), uint8
    test_set_y : ndarray of shape (1, m_test)
    classes : ndarray of bytes, the names of label 0 and label 1
    """
    name = name or image_dataset(data_dir)
    train_file, test_file = lookup(IMAGE_DATASETS, name, "image data set")
    data_dir = pathlib.Path(data_dir or DATA_DIR)
    for filename in dict.fromkeys((train_file, test_file)):  # train first, each once
        if not (data_dir / filename).exists():
            raise FileNotFoundError(
                f"the {name!r} data set needs {filename} in {data_dir}; "
                + ("place the course's original files there" if name == "catvnoncat"
                   else "rebuild it with `python datasets/build_fashion_subset.py`")
                + " (or set COURSE_DATASETS to the folder that holds them)"
            )
    train = load_h5(data_dir / train_file, ("train_set_x", "train_set_y", "list_classes"))
    test = load_h5(data_dir / test_file, ("test_set_x", "test_set_y"))
    return (train["train_set_x"], train["train_set_y"].reshape(1, -1),
            test["test_set_x"], test["test_set_y"].reshape(1, -1), train["list_classes"])


def flatten_images(images):
    """Unroll m images into the columns of X and scale pixels to [0, 1].

    Parameters
    ----------
    images : ndarray of shape (m, height, width[, channels]), values 0..255

    Returns
    -------
    X : ndarray of shape (height * width * channels, m)
    """
    images = np.asarray(images)
    if images.ndim < 2:
        raise ValueError(f"images should have shape (m, height, width[, channels]), but has shape {images.shape}")
    return images.reshape(images.shape[0], -1).T / 255.0


def load_image_data(name=None, data_dir=None):
    """`load_dataset`, flattened and scaled: (X_train, Y_train, X_test, Y_test, classes)."""
    train_x, train_y, test_x, test_y, classes = load_dataset(name, data_dir)
    return flatten_images(train_x), train_y.astype(float), flatten_images(test_x), test_y.astype(float), classes


def load_planar_dataset(m=400, seed=1, noise=0.2):
    """The "flower": two classes of 2-D points on the petals of r = 4 sin(4 t), with noise.

    Parameters
    ----------
    m : int, even
    seed : int, Generator or None
    noise : float, standard deviation of the jitter of angle and radius

    Returns
    -------
    X : ndarray of shape (2, m)
    Y : ndarray of shape (1, m), labels 0 (red) and 1 (blue)
    """
    if m % 2:
        raise ValueError(f"m should be even (half the points per class), got {m}")
    rng = as_rng(seed)
    n = m // 2
    X = np.zeros((2, m))
    Y = np.zeros((1, m))
    for j in range(2):
        t = np.linspace(j * 3.12, (j + 1) * 3.12, n) + rng.standard_normal(n) * noise
        r = 4 * np.sin(4 * t) + rng.standard_normal(n) * noise
        X[:, j * n:(j + 1) * n] = np.vstack([r * np.sin(t), r * np.cos(t)])
        Y[0, j * n:(j + 1) * n] = j
    return X, Y


def _sklearn_set(maker):
    def load(m=200, seed=1, noise=None):
        # noise=None keeps each set's course default
        X, y = maker(m, seed) if noise is None else maker(m, seed, noise)
        return X.T, (y % 2).reshape(1, -1).astype(float)
    return load


def _circles(m, seed, noise=0.3):
    from sklearn.datasets import make_circles
    return make_circles(n_samples=m, factor=0.5, noise=noise, random_state=seed)


def _moons(m, seed, noise=0.2):
    from sklearn.datasets import make_moons
    return make_moons(n_samples=m, noise=noise, random_state=seed)


def _blobs(m, seed, noise=1.0):
    from sklearn.datasets import make_blobs
    # six blobs, labelled alternately 0 and 1 by `y % 2`; noise is each blob's standard deviation
    return make_blobs(n_samples=m, centers=6, n_features=2, cluster_std=noise, random_state=seed + 4)


def _quantiles(m, seed, noise=0.0):
    from sklearn.datasets import make_gaussian_quantiles
    X, y = make_gaussian_quantiles(cov=0.5, n_samples=m, n_features=2, n_classes=2, random_state=seed)
    # labels are set by the clean radius, then the points move: noise blurs the ring's edge
    return X + np.random.default_rng(seed).standard_normal(X.shape) * noise, y


DATASETS = {
    "flower": load_planar_dataset,
    "noisy_circles": _sklearn_set(_circles),
    "noisy_moons": _sklearn_set(_moons),
    "blobs": _sklearn_set(_blobs),
    "gaussian_quantiles": _sklearn_set(_quantiles),
}


EXTRA_DATASETS = ("noisy_circles", "noisy_moons", "blobs", "gaussian_quantiles")


def load_planar(name="flower", **kwargs):
    """Load a planar set by name: X of shape (2, m), Y of shape (1, m)."""
    return lookup(DATASETS, name, "planar data set")(**kwargs)


def load_extra_datasets(m=200, seed=1):
    """The four extra planar sets as a dict name -> (X (2, m), Y (1, m))."""
    return {name: DATASETS[name](m=m, seed=seed) for name in EXTRA_DATASETS}


def load_xor(m=200, seed=1, noise=0.1):
    """XOR: points in the square [-1, 1]^2, label 1 where x1 and x2 have the same sign.

    No straight line separates the classes; one hidden layer of two units can.
    The labels are set first, then every point moves by N(0, noise^2) in each
    coordinate, so noise blurs the two axes that separate the classes.

    Returns
    -------
    X : ndarray of shape (2, m)
    Y : ndarray of shape (1, m)
    """
    rng = as_rng(seed)
    X = rng.uniform(-1.0, 1.0, (2, m))
    X += np.sign(X) * 0.05  # a small gap along the axes, so that noise=0 gives clean quadrants
    Y = (X[0:1] * X[1:2] > 0).astype(float)
    return X + rng.standard_normal((2, m)) * noise, Y


DATASETS["xor"] = load_xor


def train_test_split(X, Y, test_fraction=0.5, seed=1):
    """Shuffle the m examples (columns) and hold out a test set.

    Parameters
    ----------
    X : ndarray of shape (n_x, m)
    Y : ndarray of shape (1, m)
    test_fraction : float in [0, 1)
        The share of the examples kept for testing (rounded; at least one stays for training).
    seed : int, Generator or None

    Returns
    -------
    X_train : ndarray of shape (n_x, m_train)
    Y_train : ndarray of shape (1, m_train)
    X_test : ndarray of shape (n_x, m - m_train)
    Y_test : ndarray of shape (1, m - m_train)
    """
    if not 0.0 <= test_fraction < 1.0:
        raise ValueError(f"test_fraction should be in [0, 1), got {test_fraction!r}")
    m = X.shape[1]
    if np.shape(Y) != (1, m):
        raise ValueError(f"Y should have shape (1, {m}) to match X, but has shape {np.shape(Y)}")
    order = as_rng(seed).permutation(m)
    m_test = min(int(round(test_fraction * m)), m - 1)
    test, train = order[:m_test], order[m_test:]
    return X[:, train], Y[:, train], X[:, test], Y[:, test]


# -- images back from columns, for figures: sizes come from the data, never typed in ------------------

def image_shape(name=None, data_dir=None):
    """The shape of one picture of an image task, read from its data.

    Parameters
    ----------
    name : {"fashion", "catvnoncat"} or None, default `image_dataset()` (the course's setting)
    data_dir : path, default `DATA_DIR`

    Returns
    -------
    tuple : (height, width) for grey pictures, (height, width, channels) for colour ones;
        (28, 28) for "fashion", (64, 64, 3) for "catvnoncat"
    """
    return tuple(load_dataset(name, data_dir)[0].shape[1:])


def as_image(x, shape):
    """One column of ``X`` back in image layout: the inverse of `flatten_images` for one picture.

    Parameters
    ----------
    x : ndarray of size height * width * channels, in the order `flatten_images` lists the pixels
    shape : tuple, (height, width) or (height, width, channels), e.g. from `image_shape`

    Returns
    -------
    image : ndarray of shape `shape` (a colour picture stays RGB, ready for ``imshow``)
    """
    x = np.asarray(x)
    if x.size != int(np.prod(shape)):
        raise ValueError(f"x has {x.size} entries but a picture of shape {tuple(shape)} has "
                         f"{int(np.prod(shape))}: pass the shape of the data x came from")
    return x.reshape(shape)


def weight_image(w, shape):
    """One weight per feature (``w``, or a row of ``W1``) as a 2-D map of shape (height, width).

    Grey pictures have one weight per pixel: the map is those weights. Colour pictures have three
    per pixel (red, green, blue), and a diverging colour map can show only one signed number per
    pixel, so the map is their mean: where the three agree, the pixel's brightness pushes ``z`` that
    way; a pixel whose channels pull in opposite directions comes out pale.
    """
    image = as_image(w, shape)
    return image if image.ndim == 2 else image.mean(axis=2)
