"""helpers.widgets: the training player, background updates that cancel, fast frames and exports."""

import base64
import io
import time

import matplotlib.pyplot as plt
import numpy as np
import PIL.Image
import pytest

from helpers import ShallowNetwork
from helpers.datasets import load_planar_dataset
from helpers.plotting import CostCurve, DecisionMap
from helpers.widgets import (LivePlot, TrainingPlayer, controls_box, float_slider, live_callback, log_slider,
                             network_player)


@pytest.fixture(scope="module")
def flower():
    return load_planar_dataset()


def wait_for(condition, timeout=30.0):
    deadline = time.perf_counter() + timeout
    while not condition():
        if time.perf_counter() > deadline:
            return False
        time.sleep(0.01)
    return True


def test_play_advances_the_counter_and_pause_stops_it(flower):
    X, Y = flower
    player = network_player(X, Y, speed=5, max_iterations=5000)
    first_frame, frames_before = player.image.value, player.frames
    assert player.iteration == 0 and "iteration 0" in player.counter.value
    player.play()
    assert player.playing and player.play_button.description == "pause"
    assert wait_for(lambda: player.iteration >= 20)
    player.pause()
    assert player.wait(30)
    stopped_at = player.iteration
    time.sleep(0.3)
    assert player.iteration == stopped_at and not player.playing
    assert player.frames > frames_before and player.image.value != first_frame
    assert f"iteration {stopped_at}" in player.counter.value
    assert len(player.costs) == stopped_at and player.costs[-1] < player.costs[0]


def test_step_runs_one_frame_of_iterations(flower):
    X, Y = flower
    player = network_player(X, Y, speed=20)
    player.step()
    assert player.wait(30)
    assert player.iteration == 20
    player.speed_control.value = 5
    player.step()
    player.wait(30)
    assert player.iteration == 25 and not player.playing


def test_reset_keeps_the_seed_and_new_seed_changes_it(flower):
    X, Y = flower
    player = network_player(X, Y, speed=10)
    start = {k: v.copy() for k, v in player.state.items()}
    player.step()
    player.wait(30)
    costs = list(player.costs)
    player.reset()
    player.wait(30)
    assert player.iteration == 0 and player.costs == []
    np.testing.assert_array_equal(player.state["W1"], start["W1"])
    player.step()
    player.wait(30)
    assert player.costs == costs  # the same seed trains the same way
    player.new_seed()
    player.wait(30)
    assert player.seed == 2 and not np.array_equal(player.state["W1"], start["W1"])


def test_divergence_stops_the_run_and_says_so_on_the_figure(flower):
    X, Y = flower
    # ReLU units and a huge learning rate: the cost explodes within a few iterations
    player = network_player(X, Y, hidden_activation="relu", learning_rate=500.0, init="he", scale=1.0,
                            speed=5, max_iterations=2000)
    player.play()
    assert player.wait(30)
    assert player.diverged.startswith("diverged at iteration")
    assert player.banner.get_visible() and "diverged" in player.banner.get_text()
    assert not player.playing and player.error is None
    assert "diverged" in player.last_status and player.iteration < 2000


def test_a_control_change_restarts_training_and_cancels_the_run_in_flight(flower):
    X, Y = flower
    rate = log_slider("learning rate", 1.2, -3, 3)
    player = network_player(X, Y, controls={"learning_rate": rate}, speed=5, max_iterations=100000)
    player.play()
    assert wait_for(lambda: player.iteration >= 30)
    rate.value = 0.5  # a new value: back to iteration 0 with the same seed, then plays (autoplay)
    assert wait_for(lambda: player.latencies)
    player.pause()
    player.wait(30)
    assert player.values_now["learning_rate"] == pytest.approx(0.5)
    assert len(player.costs) == player.iteration
    assert player.costs[0] == pytest.approx(np.log(2), abs=1e-3)  # restarted from the small initialization
    rate.value = 1000.0  # the top of a wide range must diverge
    player.wait(30)
    assert player.diverged


def test_the_reset_button_restores_every_control(flower):
    X, Y = flower
    rate, scale = log_slider("learning rate", 1.2, -3, 1), log_slider("init scale", 0.01, -3, 1)
    player = network_player(X, Y, controls={"learning_rate": rate, "scale": scale}, autoplay=False)
    rate.value, scale.value = 0.1, 1.0
    player.reset_button.click()
    player.wait(30)
    assert rate.value == pytest.approx(1.2) and scale.value == pytest.approx(0.01)
    assert player.values_now == pytest.approx({"learning_rate": 1.2, "scale": 0.01})


def test_an_error_in_draw_becomes_the_status_line_not_a_traceback():
    fig, ax = plt.subplots()

    def draw(state, iteration, costs):
        if iteration:
            raise ValueError("no good")

    player = TrainingPlayer(fig, lambda seed: 0.0, lambda s: (s + 1, 1.0 / (s + 1)), draw)
    player.step()
    player.wait(30)
    assert isinstance(player.error, ValueError) and "no good" in player.status.value


def test_frames_are_fast_enough_to_watch(flower):
    """At least 10 frames a second of kernel-side work on the flower data (CPU time, as the machine may be busy)."""
    X, Y = flower
    player = network_player(X, Y, speed=10, max_iterations=300)
    for _ in range(3):  # warm up: the first frames draw the full background
        player._advance(player._runner.generation, 10)
        player._show_frame()
    start = time.thread_time()
    for _ in range(10):
        player._advance(player._runner.generation, 10)
        player._show_frame()
    seconds_per_frame = (time.thread_time() - start) / 10
    assert seconds_per_frame < 0.1, f"a frame took {seconds_per_frame:.3f} s of CPU"


def test_blitted_frames_match_a_full_redraw(flower):
    X, Y = flower
    player = network_player(X, Y, speed=50)
    player.step()
    player.wait(30)
    blitted = np.asarray(PIL.Image.open(io.BytesIO(player.image.value)).convert("RGB"), dtype=float)
    player.fig.canvas.draw()
    full = np.asarray(player.fig.canvas.buffer_rgba())[..., :3].astype(float)
    assert blitted.shape == full.shape
    assert np.abs(blitted - full).mean() < 3.0  # equal up to JPEG's loss


def make_live(X, Y, runs, num_iterations=3000):
    fig, (ax_map, ax_cost) = plt.subplots(1, 2, figsize=(8, 3.5))
    boundary, curve = DecisionMap(ax_map, X, Y, resolution=40), CostCurve(ax_cost)

    def update(learning_rate):
        net = ShallowNetwork(learning_rate=learning_rate, num_iterations=num_iterations)

        def draw(iteration, costs, parameters):
            net.parameters = parameters
            boundary.update(net.predict_proba)
            return f"iteration {iteration}"

        net.train(X, Y, callback=live_callback(draw), callback_every=10, on_divergence="stop")
        runs.append(len(net.costs))
        curve.update(net.costs)
        return f"final cost {net.costs[-1]:.3f}"

    return LivePlot(fig, update, learning_rate=log_slider("learning rate", 1.2, -3, 1))


def test_live_plot_shows_frames_before_training_ends_and_cancels_on_a_new_value(flower):
    X, Y = flower
    runs = []
    live = make_live(X, Y, runs)
    assert runs == [3000] and live.calls == 1
    live.controls["learning_rate"].value = 0.5
    assert wait_for(lambda: live.latencies)  # a first frame while the run goes on
    live.controls["learning_rate"].value = 0.1
    assert live.wait(60)
    assert runs[1] < 3000 and runs[-1] == 3000  # the superseded run stopped early, the last one finished
    assert live.calls == 2 and live.last_status.startswith("final cost") and live.error is None
    assert live.latencies[0] < live.seconds


def test_live_plot_carries_a_png_of_its_first_drawing_for_exports(flower):
    X, Y = flower
    live = make_live(X, Y, [], num_iterations=50)
    bundle = live._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    image = PIL.Image.open(io.BytesIO(base64.b64decode(bundle["image/png"])))
    assert image.format == "PNG" and image.size[0] >= 600


def test_controls_wrap_and_keep_a_usable_width():
    box = controls_box([float_slider(f"s{i}", 0.0, 0.0, 1.0) for i in range(6)])
    assert box.layout.flex_flow == "row wrap"
    assert all(c.layout.min_width == "260px" for c in box.children)


def test_update_errors_are_shown_not_raised():
    fig, ax = plt.subplots()
    (line,) = ax.plot([0, 1])

    def update(w):
        if w > 1:
            raise ValueError("w too large")
        line.set_ydata([0, w])
        return f"w = {w}"

    live = LivePlot(fig, update, w=float_slider("w", 0.5, 0.0, 2.0))
    live.controls["w"].value = 1.5
    live.wait()
    assert isinstance(live.error, ValueError) and "w too large" in live.status.value
    live.reset_button.click()
    live.wait()
    assert live.controls["w"].value == 0.5 and live.error is None and live.last_status == "w = 0.5"


def test_a_zh_kernel_gets_chinese_buttons_counter_and_divergence_banner(flower, monkeypatch):
    X, Y = flower
    monkeypatch.setenv("COURSE_LANGUAGE", "zh")  # as a zh notebook's folder (its matplotlibrc) says
    rate = log_slider("学习率", 500.0, -3, 3)
    player = network_player(X, Y, hidden_activation="relu", init="he", scale=1.0, speed=5, max_iterations=2000,
                            controls={"learning_rate": rate})
    monkeypatch.setenv("COURSE_LANGUAGE", "en")  # the words were fixed when the player was built
    buttons = [player.play_button, player.step_button, player.restart_button, player.seed_button, player.reset_button]
    assert [b.description for b in buttons] == ["播放", "单步", "重置", "换随机种子", "恢复默认"]
    assert player.play_button.tooltip == "播放 / 暂停" and player.speed_control.description == "每帧迭代次数"
    assert player.counter.value == "<b>第 0 次迭代</b>" and player.last_status.startswith("第 0 次迭代：训练集准确率")
    player._set_playing(True)
    assert player.play_button.description == "暂停"
    player._set_playing(False)
    player.play()
    assert player.wait(30)
    assert player.diverged.startswith("第") and "发散" in player.diverged and "学习率" in player.diverged
    assert "\n" in player.banner.get_text() and player.banner.get_visible()
    assert "代价" in player.counter.value
    # the banner is drawn with the CJK font: no missing glyph
    import warnings

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        player._show()
    assert not [w for w in caught if "glyph" in str(w.message).lower()]


def test_an_english_kernel_keeps_the_english_words(flower, monkeypatch):
    monkeypatch.delenv("COURSE_LANGUAGE", raising=False)
    X, Y = flower
    player = network_player(X, Y, controls={"learning_rate": log_slider("learning rate", 1.2, -3, 1)})
    assert [b.description for b in (player.play_button, player.step_button, player.restart_button,
                                    player.seed_button, player.reset_button)] == \
        ["play", "step", "reset", "new seed", "defaults"]
    assert player.counter.value == "<b>iteration 0</b>" and player.speed_control.description == "iterations/frame"
    fig, ax = plt.subplots()
    live = LivePlot(fig, lambda w: None, w=float_slider("w", 0.5, 0.0, 1.0))
    assert (live.reset_button.description, live.reset_button.tooltip) == ("reset", "back to the starting values")


def test_a_live_plot_in_a_zh_folder_has_a_chinese_reset(monkeypatch, tmp_path):
    from helpers.fonts import matplotlibrc_text

    monkeypatch.delenv("COURSE_LANGUAGE", raising=False)
    (tmp_path / "matplotlibrc").write_text(matplotlibrc_text())
    monkeypatch.chdir(tmp_path)  # a zh notebook's kernel runs in its folder, next to this file
    fig, ax = plt.subplots()
    live = LivePlot(fig, lambda w: None, w=float_slider("w", 0.5, 0.0, 1.0))
    assert (live.reset_button.description, live.reset_button.tooltip) == ("重置", "恢复初始值")
