"""Build `fashion_coat_vs_shirt.h5`, the course's binary image task, from Fashion-MNIST.

Fashion-MNIST (Zalando Research, MIT licence) ships in Debian's package
`dataset-fashion-mnist` as gzipped IDX files.  This script picks two classes,
draws a fixed, class-balanced sample of each split with a seeded generator and
writes it in the course's HDF5 layout:

    train_set_x  uint8 (m_train, 28, 28)     train_set_y  uint8 (m_train,)
    test_set_x   uint8 (m_test, 28, 28)      test_set_y   uint8 (m_test,)
    list_classes bytes (2,)                  [b"coat", b"shirt"]

Running it twice writes the same arrays.  Usage::

    python datasets/build_fashion_subset.py [--source DIR] [--out FILE]
"""

import argparse
import gzip
import pathlib
import sys

import numpy as np

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from helpers.datasets import save_h5  # noqa: E402

SOURCE = pathlib.Path("/usr/share/datasets/fashion-mnist")
NAMES = ["t-shirt/top", "trouser", "pullover", "dress", "coat",
         "sandal", "shirt", "sneaker", "bag", "ankle boot"]
NEGATIVE, POSITIVE = 4, 6  # coat (y = 0) against shirt (y = 1): a deep network beats a linear model here
M_TRAIN, M_TEST = 2000, 500
SEED = 20261122


def read_idx(path):
    """Read a gzipped IDX file into a uint8 array (the format's header gives the shape)."""
    with gzip.open(path, "rb") as f:
        data = f.read()
    if data[:2] != b"\x00\x00" or data[2] != 0x08:
        raise ValueError(f"{path} is not an IDX file of unsigned bytes")
    ndim = data[3]
    shape = tuple(int.from_bytes(data[4 + 4 * i: 8 + 4 * i], "big") for i in range(ndim))
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * ndim).reshape(shape)


def sample(images, labels, m, rng):
    """m images, half of each class, shuffled; labels become 0 (NEGATIVE) and 1 (POSITIVE)."""
    picks = []
    for cls in (NEGATIVE, POSITIVE):
        (where,) = np.nonzero(labels == cls)
        picks.append(rng.choice(where, size=m // 2, replace=False))
    order = np.concatenate(picks)
    order = order[rng.permutation(order.size)]
    return images[order], (labels[order] == POSITIVE).astype(np.uint8)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=pathlib.Path, default=SOURCE)
    parser.add_argument("--out", type=pathlib.Path, default=HERE / "fashion_coat_vs_shirt.h5")
    args = parser.parse_args(argv)
    missing = [p for p in args.source.glob("*")] == []
    if missing:
        sys.exit(f"no Fashion-MNIST files in {args.source}: apt-get install dataset-fashion-mnist")
    rng = np.random.default_rng(SEED)
    train = sample(read_idx(args.source / "train-images-idx3-ubyte.gz"),
                   read_idx(args.source / "train-labels-idx1-ubyte.gz"), M_TRAIN, rng)
    test = sample(read_idx(args.source / "t10k-images-idx3-ubyte.gz"),
                  read_idx(args.source / "t10k-labels-idx1-ubyte.gz"), M_TEST, rng)
    classes = [NAMES[NEGATIVE], NAMES[POSITIVE]]
    save_h5(args.out, *train, *test, classes)
    print(f"wrote {args.out} ({args.out.stat().st_size / 1e6:.2f} MB): "
          f"{M_TRAIN} train, {M_TEST} test, classes {classes}")


if __name__ == "__main__":
    main()
