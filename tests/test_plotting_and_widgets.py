import matplotlib.pyplot as plt
import numpy as np
import pytest

from helpers import ShallowNetwork
from helpers.datasets import load_dataset, load_planar_dataset
from helpers.plotting import plot_costs, plot_decision_boundary, show_images
from helpers.widgets import LivePlot, Progress, log_slider


def test_decision_boundary_shades_both_classes():
    X, Y = load_planar_dataset()
    ax = plot_decision_boundary(lambda G: (G[0] > 0).astype(float), X, Y)
    assert len(ax.collections) >= 2  # the filled contours and the scatter
    plt.close("all")


def test_decision_boundary_rejects_non_planar_input():
    with pytest.raises(ValueError, match=r"X should have shape \(2, m\).*\(3, 5\)"):
        plot_decision_boundary(lambda G: G[0], np.ones((3, 5)), np.ones((1, 5)))


def test_cost_curve_line_holds_the_costs():
    line = plot_costs([3.0, 2.0, 1.5], every=100)
    np.testing.assert_array_equal(line.get_xdata(), [0, 100, 200])
    plt.close("all")


def test_image_grid_marks_wrong_predictions():
    images, labels, _, _, classes = load_dataset("fashion")
    fig = show_images(images[:4], labels[0, :4], classes, predictions=1 - labels[0, :4])
    titles = [ax.title for ax in fig.axes if ax.get_title()]
    assert len(titles) == 4 and all(t.get_color() == "crimson" for t in titles)
    assert "pred:" in titles[0].get_text()
    plt.close("all")


def test_live_plot_retrains_when_the_slider_moves():
    X, Y = load_planar_dataset()
    fig, ax = plt.subplots()
    accuracies = []

    def update(learning_rate):
        model = ShallowNetwork(learning_rate=learning_rate, num_iterations=300).train(X, Y)
        plot_decision_boundary(model.predict, X, Y, ax=ax)
        accuracies.append(model.accuracy(X, Y))
        return f"accuracy {accuracies[-1]:.2f}"

    live = LivePlot(fig, update, learning_rate=log_slider("learning rate", 1.2, -3, 1))
    assert live.calls == 1 and live.controls["learning_rate"].continuous_update is False
    live.controls["learning_rate"].value = 0.001
    assert live.wait()  # changes retrain in the background
    assert live.calls == 2 and live.last_status.startswith("accuracy")
    assert accuracies[0] != accuracies[1]


def test_progress_bar_follows_the_callback():
    bar = Progress(300)
    bar(200, 0.5, {})
    assert bar.bar.value == 200 and "0.5000" in bar.label.value


def test_decision_map_updates_its_image_in_place():
    from helpers.plotting import DecisionMap

    X, Y = load_planar_dataset()
    fig, ax = plt.subplots()
    shading = DecisionMap(ax, X, Y, resolution=30)
    image = shading.image
    values = shading.update(lambda G: (G[0] > 0).astype(float).reshape(1, -1))
    assert list(ax.images) == [image] and values.shape == (30, 30)
    np.testing.assert_array_equal(np.asarray(image.get_array()), values)
    assert values[:, 0].max() == 0.0 and values[:, -1].min() == 1.0  # left half 0, right half 1
    plt.close(fig)


def test_cost_curve_limits_move_in_steps_and_can_only_grow_while_training():
    from helpers.plotting import CostCurve

    fig, ax = plt.subplots()
    curve = CostCurve(ax, max_iterations=1000)
    curve.update([0.69, 0.6, 0.5])
    assert ax.get_xlim() == (0, 1000) and ax.get_ylim() == (0, 1)  # 0.69 * 1.05 rounds up to 1
    curve.update([30.0, 12.0])
    assert ax.get_ylim() == (0, 50)
    curve.update([0.69], shrink=False)  # the first frame of the next run keeps the axes
    assert ax.get_ylim() == (0, 50)
    curve.update([0.69, 0.5])
    assert ax.get_ylim() == (0, 1)
    plt.close(fig)
