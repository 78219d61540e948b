import pathlib

import numpy as np
import pytest

from helpers import datasets


def test_flower_is_400_seeded_points_in_the_lectures_layout():
    X, Y = datasets.load_planar_dataset()
    assert X.shape == (2, 400) and Y.shape == (1, 400)
    assert set(np.unique(Y)) == {0.0, 1.0} and Y.mean() == 0.5
    X2, _ = datasets.load_planar_dataset()
    np.testing.assert_array_equal(X, X2)
    assert not np.array_equal(X, datasets.load_planar_dataset(seed=2)[0])


def test_extra_planar_sets():
    sets = datasets.load_extra_datasets()
    assert set(sets) == {"noisy_circles", "noisy_moons", "blobs", "gaussian_quantiles"}
    for name, (X, Y) in sets.items():
        assert X.shape == (2, 200) and Y.shape == (1, 200), name
        assert set(np.unique(Y)) == {0.0, 1.0}, name


def test_unknown_planar_set_lists_the_known_ones():
    with pytest.raises(ValueError, match="unknown planar data set 'spiral'.*'noisy_moons'"):
        datasets.load_planar("spiral")


def test_shipped_image_task():
    train_x, train_y, test_x, test_y, classes = datasets.load_dataset("fashion")
    assert train_x.shape == (2000, 28, 28) and train_x.dtype == np.uint8
    assert train_y.shape == (1, 2000) and test_x.shape == (500, 28, 28) and test_y.shape == (1, 500)
    assert list(classes) == [b"coat", b"shirt"]
    assert train_y.mean() == 0.5 and test_y.mean() == 0.5  # balanced
    X_train, Y_train, X_test, _, _ = datasets.load_image_data()
    assert X_train.shape == (784, 2000) and 0.0 <= X_train.min() and X_train.max() <= 1.0
    # column i of X is image i, unrolled row by row
    np.testing.assert_array_equal(X_train[:, 7], train_x[7].ravel() / 255.0)


def test_h5_round_trip_in_the_course_layout(tmp_path):
    rng = np.random.default_rng(0)
    images = rng.integers(0, 256, (6, 4, 4, 3), dtype=np.uint8)
    labels = np.array([0, 1, 1, 0, 1, 0], dtype=np.uint8)
    datasets.save_h5(tmp_path / "train_catvnoncat.h5", images, labels, images[:2], labels[:2], ["non-cat", "cat"])
    datasets.save_h5(tmp_path / "test_catvnoncat.h5", images[:2], labels[:2], images[:3], labels[:3], ["non-cat", "cat"])
    train_x, train_y, test_x, test_y, classes = datasets.load_dataset("catvnoncat", data_dir=tmp_path)
    np.testing.assert_array_equal(train_x, images)
    assert train_y.shape == (1, 6) and test_x.shape == (3, 4, 4, 3)
    assert list(classes) == [b"non-cat", b"cat"]
    assert datasets.flatten_images(train_x).shape == (48, 6)


def test_missing_original_files_say_where_to_put_them(tmp_path):
    with pytest.raises(FileNotFoundError, match=r"needs train_catvnoncat.h5 in .*place the course's original files"):
        datasets.load_dataset("catvnoncat", data_dir=tmp_path)
    with pytest.raises(ValueError, match="unknown image data set 'dogs'"):
        datasets.load_dataset("dogs")


def test_h5_with_missing_keys(tmp_path):
    import h5py

    with h5py.File(tmp_path / "bad.h5", "w") as f:
        f["train_set_x"] = np.zeros((1, 2, 2))
    with pytest.raises(KeyError, match="has no \\['train_set_y'"):
        datasets.load_h5(tmp_path / "bad.h5")


def test_build_script_is_deterministic(tmp_path):
    import pathlib
    import subprocess
    import sys

    source = pathlib.Path("/usr/share/datasets/fashion-mnist")
    if not source.exists():
        pytest.skip("Debian's dataset-fashion-mnist is not installed")
    root = pathlib.Path(__file__).resolve().parent.parent
    out = tmp_path / "again.h5"
    subprocess.run([sys.executable, str(root / "datasets" / "build_fashion_subset.py"), "--out", str(out)],
                   check=True, capture_output=True)
    rebuilt = datasets.load_h5(out)
    shipped = datasets.load_h5(root / "datasets" / "fashion_coat_vs_shirt.h5")
    for key in datasets.H5_KEYS:
        np.testing.assert_array_equal(rebuilt[key], shipped[key])
    assert (root / "datasets" / "fashion_coat_vs_shirt.h5").stat().st_size < 5e6


def write_original_cat_files(folder, m_train=209, m_test=50, num_px=64, seed=0):
    """Files in the original course's layout: train_catvnoncat.h5 and test_catvnoncat.h5.

    Random pixels (uint8, (m, num_px, num_px, 3)), labels (m,) of 0 / 1 and list_classes
    [b"non-cat", b"cat"] in each file, as the original course ships them.
    """
    import h5py

    r = np.random.default_rng(seed)
    folder = pathlib.Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    for split, m in (("train", m_train), ("test", m_test)):
        with h5py.File(folder / f"{split}_catvnoncat.h5", "w") as f:
            f.create_dataset(f"{split}_set_x", data=r.integers(0, 256, (m, num_px, num_px, 3), dtype=np.uint8))
            f.create_dataset(f"{split}_set_y", data=(r.random(m) < 0.35).astype(np.int64))
            f.create_dataset("list_classes", data=np.array([b"non-cat", b"cat"]))
    return folder


def test_the_image_task_is_one_setting_and_its_sizes_come_from_the_files(tmp_path, monkeypatch):
    monkeypatch.delenv("COURSE_IMAGE_DATASET", raising=False)
    assert datasets.image_dataset(tmp_path) == "fashion"
    write_original_cat_files(tmp_path)
    assert datasets.image_dataset(tmp_path) == "catvnoncat"
    train_x, train_y, test_x, test_y, classes = datasets.load_dataset(data_dir=tmp_path)
    assert train_x.shape == (209, 64, 64, 3) and train_x.dtype == np.uint8 and train_y.shape == (1, 209)
    assert test_x.shape == (50, 64, 64, 3) and test_y.shape == (1, 50)
    assert [c.decode() for c in classes] == ["non-cat", "cat"]
    assert datasets.flatten_images(train_x).shape == (64 * 64 * 3, 209)
    monkeypatch.setenv("COURSE_IMAGE_DATASET", "fashion")
    assert datasets.image_dataset(tmp_path) == "fashion"


def test_xor_labels_by_the_signs_of_the_two_features():
    X, Y = datasets.load_planar("xor", m=300, noise=0.0)
    assert X.shape == (2, 300) and Y.shape == (1, 300)
    np.testing.assert_array_equal(Y, (X[0:1] * X[1:2] > 0).astype(float))
    # noise moves the points after labelling: some cross an axis
    X_noisy, Y_noisy = datasets.load_planar("xor", m=300, noise=0.3)
    assert (Y_noisy != (X_noisy[0:1] * X_noisy[1:2] > 0)).any()


@pytest.mark.parametrize("name", ["flower", "noisy_moons", "noisy_circles", "blobs", "gaussian_quantiles", "xor"])
def test_noise_is_a_setting_and_zero_noise_is_cleaner(name):
    clean, _ = datasets.load_planar(name, noise=0.0)
    noisy, _ = datasets.load_planar(name, noise=0.5)
    assert clean.shape == noisy.shape and not np.allclose(clean, noisy)


def test_default_noise_keeps_the_course_data_unchanged():
    np.testing.assert_array_equal(datasets.load_planar_dataset()[0], datasets.load_planar_dataset(noise=0.2)[0])
    np.testing.assert_array_equal(datasets.load_planar("noisy_moons")[0], datasets.load_planar("noisy_moons", noise=0.2)[0])


def test_train_test_split_holds_out_a_share_of_the_columns():
    X, Y = datasets.load_planar_dataset(m=100)
    X_train, Y_train, X_test, Y_test = datasets.train_test_split(X, Y, test_fraction=0.3, seed=0)
    assert X_train.shape == (2, 70) and Y_train.shape == (1, 70) and X_test.shape == (2, 30) and Y_test.shape == (1, 30)
    # every example lands in exactly one part, with its label
    both = np.hstack([X_train, X_test])
    assert sorted(map(tuple, both.T)) == sorted(map(tuple, X.T))
    column = np.where((X.T == X_test[:, 0]).all(axis=1))[0][0]
    assert Y[0, column] == Y_test[0, 0]
    with pytest.raises(ValueError, match="test_fraction should be in"):
        datasets.train_test_split(X, Y, test_fraction=1.0)
