"""The playground: set-ups from query strings, training on helpers' maths, what the figure shows."""

import time

import numpy as np
import pytest

from helpers import playground
from helpers.playground import DEFAULTS, Network, Playground, PlaygroundFigure, load_data, parse_query, to_query


def network(query, steps=0):
    net = Network(parse_query(query)[0])
    net.step(steps)
    return net


def test_an_empty_query_gives_the_defaults():
    assert parse_query("") == (DEFAULTS, [])


def test_query_round_trip_keeps_every_setting():
    query = ("data=circles&noise=0.35&test=0.2&m=300&layers=8-2-3&activation=leaky_relu&lr=0.05"
             "&init=random&scale=0.01&seed=7&speed=20")
    config, problems = parse_query(query)
    assert problems == []
    assert config == {"data": "circles", "noise": 0.35, "test": 0.2, "m": 300, "layers": (8, 2, 3),
                      "activation": "leaky_relu", "lr": 0.05, "init": "random", "scale": 0.01, "seed": 7,
                      "speed": 20}
    assert parse_query(to_query(config))[0] == config
    # only what differs from the defaults is written; no hidden layers is "0"
    assert to_query(dict(DEFAULTS, layers=())) == "layers=0"
    assert to_query(DEFAULTS) == ""


def test_a_data_set_brings_its_own_noise_unless_given():
    assert parse_query("data=blobs")[0]["noise"] == 1.0
    assert parse_query("data=blobs&noise=0.3")[0]["noise"] == 0.3
    assert to_query(parse_query("data=blobs")[0]) == "data=blobs"


@pytest.mark.parametrize("query, fragment", [
    ("data=spiral", "data='spiral' ignored: should be one of flower, moons"),
    ("layers=9", "up to 4 layer sizes of 1 to 8"),
    ("layers=1-1-1-1-1", "up to 4 layer sizes"),
    ("lr=abc", "lr='abc' ignored"),
    ("lr=100", "should be between 0.001 and 10.0"),
    ("colour=red", "unknown setting 'colour'"),
])
def test_a_bad_setting_is_reported_and_skipped(query, fragment):
    config, problems = parse_query(query + "&activation=relu")
    assert len(problems) == 1 and fragment in problems[0], problems
    assert config["activation"] == "relu"  # the good settings still apply
    assert {k: v for k, v in config.items() if k != "activation"} == \
        {k: v for k, v in DEFAULTS.items() if k != "activation"}


@pytest.mark.parametrize("query, fragment", [
    ("lr=abc", "lr='abc' 已忽略：不是数字"),
    ("layers=x", "应为最多 4 个隐藏层的单元数"),
    ("colour=red", "未知的设置 'colour'"),
])
def test_a_bad_setting_is_reported_in_the_kernels_language(query, fragment, monkeypatch):
    monkeypatch.setenv("COURSE_LANGUAGE", "zh")
    config, problems = parse_query(query)
    assert len(problems) == 1 and fragment in problems[0], problems
    assert config == DEFAULTS


def test_data_split_and_standardized():
    X_train, Y_train, X_test, Y_test = load_data(parse_query("data=moons&m=200&test=0.3")[0])
    assert X_train.shape == (2, 140) and Y_train.shape == (1, 140)
    assert X_test.shape == (2, 60) and Y_test.shape == (1, 60)
    np.testing.assert_allclose(X_train.mean(axis=1), 0, atol=1e-12)
    np.testing.assert_allclose(X_train.std(axis=1), 1, atol=1e-6)
    assert not X_train.flags.writeable  # cached and shared: read-only
    assert load_data(parse_query("test=0")[0])[2].shape == (2, 0)


@pytest.mark.parametrize("name", list(playground.DATA_SETS))
def test_every_data_set_loads_with_both_labels(name):
    X_train, Y_train, X_test, Y_test = load_data(parse_query(f"data={name}&noise=0.5")[0])
    assert set(np.unique(Y_train)) == {0.0, 1.0} and set(np.unique(Y_test)) == {0.0, 1.0}


def test_training_lowers_both_costs_on_xor():
    net = network("data=xor&layers=4&lr=1", steps=300)
    assert net.iteration == 300 and not net.diverged
    assert net.train_costs[-1] < 0.5 * net.train_costs[0]
    assert net.test_costs[-1] < 0.7 * net.test_costs[0]
    assert net.accuracy(net.X_test, net.Y_test) > 0.85


def test_no_hidden_layer_is_logistic_regression():
    net = network("data=circles&layers=0&lr=1", steps=500)
    assert net.layer_dims == [2, 1] and set(net.parameters) == {"W1", "b1"}
    # a straight line cannot separate the rings
    assert net.accuracy(net.X_train, net.Y_train) < 0.65


def test_reset_repeats_the_same_start_and_a_new_seed_changes_it():
    net = network("layers=3&init=he")
    first = net.parameters["W1"].copy()
    net.step(10)
    net.reset()
    np.testing.assert_array_equal(net.parameters["W1"], first)
    assert net.iteration == 0 and net.train_costs == []
    net.reset(seed=2)
    assert not np.array_equal(net.parameters["W1"], first)


def test_a_diverging_run_stops_and_says_why():
    net = network("layers=4-4&activation=leaky_relu&init=he&lr=10", steps=2000)
    assert net.diverged.startswith("diverged at iteration")
    assert "smaller learning rate" in net.diverged
    assert net.iteration < 2000


def test_unit_outputs_are_the_forward_pass_of_each_layer():
    net = network("data=moons&layers=3-2&activation=relu&init=he", steps=5)
    grid = np.array([[0.5, -1.0], [2.0, 0.3]])
    a1, a2, y_hat = net.unit_outputs(grid)
    p = net.parameters
    np.testing.assert_allclose(a1, np.maximum(0, p["W1"] @ grid + p["b1"]))
    np.testing.assert_allclose(a2, np.maximum(0, p["W2"] @ a1 + p["b2"]))
    np.testing.assert_allclose(y_hat, 1 / (1 + np.exp(-(p["W3"] @ a2 + p["b3"]))))


def _layer_images_identical(figure, layer):
    images = figure.unit_images()[layer]
    # equal up to rounding: the same colour on screen
    return all(np.allclose(images[0], image, atol=1e-6) for image in images[1:])


def test_zero_initialization_keeps_every_unit_of_a_layer_identical():
    # the training labels are not exactly balanced, so the weights do move, but in lockstep
    net = network("data=moons&layers=3-3&init=zeros&activation=sigmoid&lr=1&test=0.3", steps=100)
    assert np.abs(net.parameters["W2"]).max() > 0
    for l in (1, 2):
        W = net.parameters[f"W{l}"]
        np.testing.assert_allclose(W, np.broadcast_to(W[0], W.shape), rtol=1e-9, err_msg=f"the rows of W{l} differ")
    figure = PlaygroundFigure()
    figure.show(net)
    assert _layer_images_identical(figure, 1) and _layer_images_identical(figure, 2)
    # the drawn tiles on the canvas are the same pixels too
    (r0, c0), (r1, c1) = figure.positions[1][:2]
    tile = figure.TILE
    np.testing.assert_allclose(figure.canvas[r0:r0 + tile, c0:c0 + tile], figure.canvas[r1:r1 + tile, c1:c1 + tile],
                               atol=1e-6)
    # a random start breaks the symmetry from the first frame
    figure.show(network("data=moons&layers=3-3&init=xavier&activation=sigmoid"))
    assert not _layer_images_identical(figure, 1)


def test_weights_are_lines_whose_width_and_colour_show_their_value():
    net = network("layers=2&init=random&scale=1")
    net.parameters["W1"] = np.array([[2.5, -0.1], [0.0, -1.0]])
    net.parameters["W2"] = np.array([[1.0, -2.0]])
    figure = PlaygroundFigure()
    figure.show(net)
    widths = figure.lines.get_linewidths()
    colours = figure.lines.get_colors()
    assert len(widths) == len(colours) == 2 * 2 + 2 * 1
    # lines follow W1.ravel() then W2.ravel(): 2.5, -0.1, 0.0, -1.0, 1.0, -2.0
    assert widths[0] > widths[3] > widths[1] > widths[2]
    assert widths[0] == widths[5]  # |w| of 2 and beyond get the widest line
    assert colours[0][2] > colours[0][0]  # positive: blue
    assert colours[3][0] > colours[3][2]  # negative: red
    # a new architecture rebuilds the lines: 2*8 + 8*8 + 8*1 weights
    figure.show(network("layers=8-8"))
    assert len(figure.lines.get_segments()) == 16 + 64 + 8


def test_the_playground_reads_its_set_up_and_writes_it_back():
    pg = Playground("data=xor&layers=3-5&activation=relu&lr=1&seed=4")
    c = pg.controls
    assert (c["data"].value, c["layers"].value, c["units1"].value, c["units2"].value) == ("xor", 2, 3, 5)
    assert c["units3"].layout.display == "none" and c["units2"].layout.display == ""
    assert c["scale"].layout.display == "none"  # only random initialization uses the scale
    assert pg.player.seed == 4 and pg.network_dims() == [2, 3, 5, 1]
    assert "?data=xor&layers=3-5&activation=relu&lr=1&seed=4" in pg.link.value
    c["layers"].value = 1  # restarts in the background, then plays
    deadline = time.monotonic() + 60
    while pg.network_dims() != [2, 3, 1]:
        assert time.monotonic() < deadline, "the new architecture never arrived"
        time.sleep(0.05)
    pg.player.pause()
    assert pg.player.wait(60)
    assert "layers=3&" in pg.link.value and "history.replaceState" in pg.link.value
    assert c["units2"].layout.display == "none"


def test_the_playground_plays_and_shows_a_still_copy_for_exports():
    pg = Playground("data=moons&layers=4")
    pg.player.step()
    assert pg.player.wait(60)
    assert pg.player.iteration == pg.player.speed and not pg.player.error
    bundle = pg._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert bundle["image/png"]


def test_a_bad_link_still_opens_the_playground_and_says_what_was_ignored():
    pg = Playground("data=moons&layers=12")
    assert pg.problems == ["layers='12' ignored: should be up to 4 layer sizes of 1 to 8, e.g. 4-4"]
    assert pg.controls["data"].value == "moons" and pg.network_dims() == [2, 4, 1]
    assert "layers=&#x27;12&#x27;" in pg.widget.children[0].value or "ignored" in pg.widget.children[0].value


def test_the_notebook_reads_the_query_string_as_voila_passes_it(monkeypatch):
    from nbtools import run_notebook

    # Voila starts each page's kernel with the page's query string in $QUERY_STRING
    monkeypatch.setenv("QUERY_STRING", "data=circles&layers=2-2&init=he")
    result = run_notebook("playground.ipynb", after="dims = playground.network_dims(); data = playground.config['data']")
    assert result["dims"] == [2, 2, 2, 1] and result["data"] == "circles"
    assert result.images() >= 1


def test_the_demo_start_page_links_the_playground_and_every_interactive_notebook():
    import json
    import re

    from nbtools import NOTEBOOKS, ROOT

    page = ROOT / "demo" / "index.ipynb"
    text = "".join("".join(cell["source"]) for cell in json.loads(page.read_text())["cells"])
    targets = re.findall(r"\]\((\.\./notebooks/[^)?#]+\.ipynb)", text)
    for target in targets:
        assert (page.parent / target).resolve().is_file(), f"demo/index.ipynb links a missing {target}"
    linked = {(page.parent / t).resolve() for t in targets}
    assert NOTEBOOKS / "playground.ipynb" in linked
    interactive = [p for p in NOTEBOOKS.glob("week*/*.ipynb")
                   if re.search(r"LivePlot|TrainingPlayer|network_player", p.read_text())]
    assert interactive and not [p.name for p in interactive if p not in linked]
    # the prepared set-ups are readable links
    for query in re.findall(r"playground\.ipynb\?([^)]+)\)", text):
        assert parse_query(query)[1] == [], query


def test_only_a_new_data_set_or_architecture_rebuilds_the_figure():
    figure = PlaygroundFigure()
    figure.show(network("data=moons&layers=3&lr=1"))
    assert figure.rebuilt
    before = figure.points[0]
    # a new network with the same data and layers (another learning rate, seed or activation)
    figure.show(network("data=moons&layers=3&lr=0.1&seed=5&activation=relu"))
    assert not figure.rebuilt and figure.points[0] is before
    figure.show(network("data=moons&layers=3-2&lr=0.1"))
    assert figure.rebuilt and figure.points[0] is before  # new layers: only the network is redrawn
    figure.show(network("data=moons&noise=0.5&layers=3-2"))
    assert figure.rebuilt and figure.points[0] is not before


def test_a_zh_kernel_gets_chinese_controls_options_and_figure_words(monkeypatch):
    monkeypatch.setenv("COURSE_LANGUAGE", "zh")
    pg = Playground("data=xor&layers=2&activation=leaky_relu&init=he")
    c = pg.controls
    assert [c[k].description for k in ("data", "noise", "test", "layers", "units1", "activation", "lr", "init",
                                       "scale")] == \
        ["数据集", "噪声", "测试集比例", "隐藏层数", "第 1 层单元数", "激活函数", "学习率", "初始化", "随机初始化的尺度"]
    assert dict(c["data"].options)["异或 (XOR)"] == "xor" and c["data"].label == "异或 (XOR)"
    assert c["activation"].label == "带泄漏的 ReLU" and c["activation"].value == "leaky_relu"
    assert [label for label, _ in c["init"].options] == ["全零", "随机（尺度见下）", "Xavier", "He"]
    assert pg.player.play_button.description == "播放" and pg.player.reset_button.description == "恢复默认"
    figure = pg.figure
    assert figure.title.get_text() == "训练集的点：黑边；测试集的点：白边"
    assert [t.get_text() for t in figure.ax_net.texts if t is not figure.message] == ["输入层", "第 1 层", "输出层"]
    assert [t.get_text() for t in figure.ax_cost.get_legend().get_texts()] == ["训练集代价", "测试集代价"]
    assert figure.ax_cost.get_xlabel() == "迭代次数" and "本设置的链接" in pg.link.value
    assert pg.player.last_status.startswith("第 0 次迭代：训练集准确率")
    net = network("layers=4-4&activation=leaky_relu&init=he&lr=10", steps=2000)  # diverges, as above
    assert net.diverged.startswith("第") and "请试试更小的学习率" in net.diverged


def test_an_english_kernel_keeps_the_english_controls(monkeypatch):
    monkeypatch.setenv("COURSE_LANGUAGE", "en")
    pg = Playground("data=xor")
    c = pg.controls
    assert [c[k].description for k in ("data", "test", "units2", "lr", "init")] == \
        ["data", "test share", "units in layer 2", "learning rate", "initialization"]
    assert c["data"].label == "XOR" and [o for o, _ in c["activation"].options] == list(playground.ACTIVATION_NAMES)
    assert pg.figure.ax_cost.get_xlabel() == "iteration" and "link to this set-up" in pg.link.value


def test_the_zh_notebook_speaks_chinese_from_its_folder():
    """zh/notebooks/playground.ipynb runs in its folder: the matplotlibrc there makes it Chinese, without a
    missing glyph on stderr."""
    from nbtools import ROOT, run_notebook

    result = run_notebook(ROOT / "zh" / "notebooks" / "playground.ipynb", after=(
        "labels = [c.description for c in playground.controls.values()]\n"
        "buttons = [playground.player.play_button.description, playground.player.seed_button.description]\n"
        "status = playground.player.last_status"))
    assert result["labels"][:3] == ["数据集", "噪声", "测试集比例"] and result["buttons"] == ["播放", "换随机种子"]
    assert result["status"].startswith("第 0 次迭代")
    streams = [o for c in result.nb.cells for o in c.get("outputs", []) if o.get("output_type") in ("stream", "error")]
    assert not streams, streams
    assert result.images() >= 1
