"""The playground: a small network on a planar data set, with every part of it drawn.

A set-up (`DEFAULTS`) names the data set, its noise and test share, the hidden
layers, their activation, the learning rate, the initialization and a seed; it
travels in a URL's query string (`parse_query`, `to_query`) so that a lecturer
can prepare links.  `Network` trains with the course's own forward and backward
steps (`helpers.propagation`), and `PlaygroundFigure` draws one matplotlib figure,
created once and updated in place: the network with a small heatmap per unit and
its weights as lines (width and colour show the value), the decision boundary
with the training and test points, and the training and test cost curves.
"""

import functools
import html
import math
import urllib.parse

import numpy as np

from ._checks import lookup
from .cost import compute_cost_from_logits
from .datasets import DATASETS, train_test_split
from . import fonts
from .initialization import initialize_parameters_deep
from .propagation import L_model_backward, L_model_forward
from .optimization import update_parameters
from .ui_text import figure_font, text

# short name in the URL -> key of `helpers.datasets.DATASETS`, with the noise it starts with
DATA_SETS = {
    "flower": ("flower", 0.2),
    "moons": ("noisy_moons", 0.2),
    "circles": ("noisy_circles", 0.1),
    "blobs": ("blobs", 1.0),
    "xor": ("xor", 0.1),
    "quantiles": ("gaussian_quantiles", 0.0),
}
ACTIVATION_NAMES = ("tanh", "relu", "sigmoid", "leaky_relu")
INIT_NAMES = ("zeros", "random", "xavier", "he")
MAX_LAYERS, MAX_UNITS = 4, 8
LEARNING_RATES = (1e-3, 10.0)  # the learning-rate slider's range (log scale)

DEFAULTS = {
    "data": "flower", "noise": 0.2, "test": 0.5, "m": 400, "layers": (4,),
    "activation": "tanh", "lr": 0.3, "init": "xavier", "scale": 1.0, "seed": 1, "speed": 5,
}


def _number(low, high, kind=float):
    def parse(value_text):
        try:
            value = kind(value_text)
        except ValueError:
            raise ValueError(text("query_not_number")) from None
        if not (low <= value <= high) or (kind is float and not math.isfinite(value)):
            raise ValueError(text("query_between", low=low, high=high))
        return value
    return parse


def _choice(names):
    def parse(value_text):
        if value_text not in names:
            raise ValueError(text("query_one_of", names=", ".join(names)))
        return value_text
    return parse


def _layers(value_text):
    if value_text in ("", "0", "none"):
        return ()
    try:
        units = tuple(int(u) for u in value_text.replace(",", "-").split("-"))
    except ValueError:
        raise ValueError(text("query_layers", layers=MAX_LAYERS, units=MAX_UNITS)) from None
    if len(units) > MAX_LAYERS or not all(1 <= u <= MAX_UNITS for u in units):
        raise ValueError(text("query_layers", layers=MAX_LAYERS, units=MAX_UNITS))
    return units


PARSERS = {
    "data": _choice(tuple(DATA_SETS)), "noise": _number(0.0, 1.0), "test": _number(0.0, 0.9),
    "m": _number(20, 2000, int), "layers": _layers, "activation": _choice(ACTIVATION_NAMES),
    "lr": _number(*LEARNING_RATES), "init": _choice(INIT_NAMES), "scale": _number(1e-3, 100.0),
    "seed": _number(0, 2**31 - 1, int), "speed": _number(1, 200, int),
}


def parse_query(query):
    """A set-up from a URL query string, e.g. ``"data=xor&layers=4-2&activation=relu"``.

    Keys left out keep `DEFAULTS` (a data set's noise defaults to that set's own).
    A bad key or value is skipped and reported, never raised: a typo in a link
    should still open the playground.

    Returns
    -------
    config : dict with the keys of `DEFAULTS`
    problems : list of str, one line per skipped key
    """
    config, problems = dict(DEFAULTS), []
    pairs = urllib.parse.parse_qsl(query.lstrip("?"), keep_blank_values=True)
    given = dict(pairs)
    if "data" in given and "noise" not in given and given["data"] in DATA_SETS:
        config["noise"] = DATA_SETS[given["data"]][1]
    for key, value_text in pairs:
        if key not in PARSERS:
            problems.append(text("query_unknown", key=key, known=", ".join(PARSERS)))
            continue
        try:
            config[key] = PARSERS[key](value_text)
        except ValueError as error:
            problems.append(text("query_ignored", key=key, value=value_text, error=error))
    return config, problems


def to_query(config):
    """The URL query string of a set-up: only the keys that differ from `DEFAULTS`."""
    parts = {}
    for key, default in DEFAULTS.items():
        value = config.get(key, default)
        if value == default and key != "noise":
            continue
        if key == "noise" and value == DATA_SETS[config.get("data", DEFAULTS["data"])][1]:
            continue
        if key == "layers":
            value = "-".join(str(u) for u in value) or "0"
        elif isinstance(value, float):
            value = f"{value:.4g}"
        parts[key] = value
    return urllib.parse.urlencode(parts)


DATA_SEED = 1  # the points stay put when "new seed" draws another initialization


def data_key(config):
    """What the data depend on: the set, its noise, its size and the test share."""
    return (config["data"], float(config["noise"]), int(config["m"]), float(config["test"]))


@functools.lru_cache(maxsize=16)
def _load_data(key):
    name, noise, m, test = key
    dataset, _ = lookup(DATA_SETS, name, "playground data set")
    X, Y = DATASETS[dataset](m=m + m % 2, seed=DATA_SEED, noise=noise)
    X_train, Y_train, X_test, Y_test = train_test_split(X, Y, test, seed=DATA_SEED)
    mu = X_train.mean(axis=1, keepdims=True)
    sigma = X_train.std(axis=1, keepdims=True) + 1e-8
    data = ((X_train - mu) / sigma, Y_train, (X_test - mu) / sigma, Y_test)
    for array in data:
        array.flags.writeable = False  # shared between networks: nobody may change them
    return data


def load_data(config):
    """The set-up's data, split, then standardized with the training set's mean and spread.

    Returns
    -------
    X_train : ndarray of shape (2, m_train)
    Y_train : ndarray of shape (1, m_train)
    X_test, Y_test : the held-out examples, same layout (read-only arrays, cached)
    """
    return _load_data(data_key(config))


class Network:
    """A network of the set-up, trained by batch gradient descent one step at a time.

    Parameters
    ----------
    config : dict, a set-up (see `DEFAULTS`); ``seed`` seeds the initialization
    language : "en" or "zh", the words of `diverged` (default: the kernel's, `helpers.fonts.language`)

    Attributes
    ----------
    parameters : dict ``W1, b1, ..., WL, bL``
    layer_dims : list of int, ``[2, *layers, 1]``
    iteration : int, steps taken since `reset`
    train_costs, test_costs : list of float, the costs before each step
    diverged : str, empty while training is sound, else why it stopped
    """

    def __init__(self, config, language=None):
        self.config, self.language = dict(config), language or fonts.language()
        self.data_key = data_key(self.config)
        self.X_train, self.Y_train, self.X_test, self.Y_test = load_data(self.config)
        self.layer_dims = [2, *self.config["layers"], 1]
        self.reset()

    def reset(self, seed=None):
        """Start again from a fresh initialization (the same one unless `seed` changes)."""
        if seed is not None:
            self.config["seed"] = seed
        c = self.config
        self.parameters = initialize_parameters_deep(self.layer_dims, c["init"], c["scale"], c["seed"])
        self.iteration, self.train_costs, self.test_costs, self.diverged = 0, [], [], ""

    @property
    def activation(self):
        return self.config["activation"]

    def _forward(self, X, Y):
        AL, caches = L_model_forward(X, self.parameters, self.activation)
        return compute_cost_from_logits(caches[-1][1], Y), AL, caches

    def step_once(self):
        """One step of gradient descent; returns the training cost before it (NaN or huge: diverging)."""
        with np.errstate(all="ignore"):
            cost, AL, caches = self._forward(self.X_train, self.Y_train)
            test_cost = self._forward(self.X_test, self.Y_test)[0] if self.X_test.shape[1] else math.nan
            if not math.isfinite(cost) or cost > 1e3:
                self.diverged = text("diverged", self.language, iteration=self.iteration, cost=cost)
                return cost
            grads = L_model_backward(AL, self.Y_train, caches, self.activation)
            self.parameters = update_parameters(self.parameters, grads, self.config["lr"])
        self.train_costs.append(cost)
        self.test_costs.append(test_cost)
        self.iteration += 1
        return cost

    def step(self, n=1):
        """Take `n` steps; stop early (and say why in `diverged`) if the cost diverges."""
        for _ in range(n):
            if self.diverged:
                return
            self.step_once()

    def accuracy(self, X, Y):
        """Fraction of the examples of X classified right (NaN for no examples)."""
        if X.shape[1] == 0:
            return math.nan
        with np.errstate(all="ignore"):
            AL, _ = L_model_forward(X, self.parameters, self.activation)
        return float(np.mean((AL > 0.5) == Y))

    def unit_outputs(self, grid):
        """What every unit computes over the points of `grid` (2, k).

        Returns
        -------
        list of ndarray
            One per layer, l = 1..L: a[l] of shape (n[l], k); the last is y-hat.
        """
        AL, caches = L_model_forward(grid, self.parameters, self.activation)
        # the input of layer l + 1, cached by its forward step, is a[l]
        return [cache[0][0] for cache in caches[1:]] + [AL]


def _steps():
    """10, 20, 50, 100, 200, 500, ..."""
    scale = 10
    while True:
        yield from (scale, 2 * scale, 5 * scale)
        scale *= 10


def _grid(resolution, extent):
    x0, x1, y0, y1 = extent
    xx, yy = np.meshgrid(np.linspace(x0, x1, resolution), np.linspace(y1, y0, resolution))
    return np.vstack([xx.ravel(), yy.ravel()])


# the range each activation's output is drawn over; None: symmetric about 0 (white), scaled to the layer's largest value
VALUE_RANGES = {"tanh": (-1.0, 1.0), "sigmoid": (0.0, 1.0), "relu": (None, None), "leaky_relu": (None, None)}
WEIGHT_RANGE = 2.0  # weights of +-2 and beyond get the strongest colour and the widest line


class PlaygroundFigure:
    """One figure for the playground, created once; `show(network)` updates its artists in place.

    Left: the network, a column per layer, each unit a small heatmap of what it
    computes over the plane, and each weight a line whose width grows with |w| and
    whose colour is blue for positive and red for negative weights.  Right, top:
    the decision boundary (y-hat over the plane) with training points (black edge)
    and test points (white edge).  Right, bottom: training and test cost.  A new
    architecture or data set rebuilds only the artists that depend on it.
    """

    TILE, GAP = 18, 10  # pixels of a unit's heatmap and of the space around it
    RESOLUTION = 60     # grid points per axis of the decision boundary

    def __init__(self, figsize=(11, 4.6), dpi=72, language=None):
        import matplotlib.pyplot as plt

        self.language = language or fonts.language()  # the figure's words (`helpers.ui_text`)
        self.font = figure_font(self.language)
        self.fig = plt.figure(figsize=figsize, dpi=dpi)
        self.cmap = plt.get_cmap("RdBu")
        grid_spec = self.fig.add_gridspec(2, 2, width_ratios=(1.35, 1), height_ratios=(2.2, 1), left=0.01,
                                          right=0.98, top=0.93, bottom=0.1, wspace=0.15, hspace=0.35)
        self.ax_net = self.fig.add_subplot(grid_spec[:, 0])
        self.ax_boundary = self.fig.add_subplot(grid_spec[0, 1])
        self.ax_cost = self.fig.add_subplot(grid_spec[1, 1])
        (self.train_line,) = self.ax_cost.plot([], [], label=self.text("training_cost"))
        (self.test_line,) = self.ax_cost.plot([], [], label=self.text("test_cost"), linestyle="--")
        self.ax_cost.set_xlabel(self.text("iteration_axis"), fontsize=8, **self.font)
        self.ax_cost.tick_params(labelsize=7)
        self.ax_cost.legend(prop={"size": 7, "family": self.font.get("fontfamily")}, loc="upper right")
        self.network = self._dims = self._data = None
        self.rebuilt = False  # True after a `show` that rebuilt artists (a player must learn the new ones)

    def text(self, key, **fields):
        return text(key, self.language, **fields)

    # --- built when the data set or the architecture changes ----------------------------------------
    def _build_data(self, net):
        ax = self.ax_boundary
        ax.clear()
        X = np.hstack([net.X_train, net.X_test])
        pad = 0.4
        self.extent = (X[0].min() - pad, X[0].max() + pad, X[1].min() - pad, X[1].max() + pad)
        self.tile_grid = _grid(self.TILE, self.extent)
        self.boundary_grid = _grid(self.RESOLUTION, self.extent)
        self.boundary = ax.imshow(np.full((self.RESOLUTION,) * 2, 0.5), extent=self.extent, cmap=self.cmap,
                                  vmin=0, vmax=1, alpha=0.6, interpolation="bilinear", aspect="auto")
        # the points, on top of the boundary (also when frames redraw only the changing artists)
        self.points = [ax.scatter(X_[0], X_[1], c=Y_.ravel(), cmap=self.cmap, vmin=0, vmax=1, s=12,
                                  edgecolors=edge, linewidths=0.6, zorder=2)
                       for X_, Y_, edge in ((net.X_train, net.Y_train, "k"), (net.X_test, net.Y_test, "w"))]
        ax.set_xlim(*self.extent[:2])
        ax.set_ylim(*self.extent[2:])
        ax.set_xticks([])
        ax.set_yticks([])
        # a fixed title: text is slow to draw, and the accuracy is in the status line under the figure
        self.title = ax.set_title(self.text("points_legend"), fontsize=8, **self.font)
        self._dims = None  # the unit tiles depend on the plane's extent

    def _build_network(self, net):
        from matplotlib.collections import LineCollection

        ax = self.ax_net
        ax.clear()
        dims = net.layer_dims
        self.columns = len(dims)
        height = max(dims) * (self.TILE + self.GAP) + self.GAP
        width = self.columns * (self.TILE + 3 * self.GAP) + self.GAP
        self.canvas = np.zeros((height, width, 4))
        self.positions = []  # positions[l][j]: the top-left pixel (row, column) of unit j of layer l
        for l, n in enumerate(dims):
            column = self.GAP + l * (self.TILE + 3 * self.GAP)
            top = (height - n * (self.TILE + self.GAP) + self.GAP) // 2
            self.positions.append([(top + j * (self.TILE + self.GAP), column) for j in range(n)])
        self.net_image = ax.imshow(self.canvas, interpolation="nearest", zorder=2, extent=(0, width, height, 0))
        # one line per weight W[l][j, k], in the order of `W.ravel()`: from unit k of layer l-1 to unit j of layer l
        segments = [[(c0 + self.TILE, r0 + self.TILE / 2), (c, r + self.TILE / 2)]
                    for l in range(1, self.columns)
                    for (r, c) in self.positions[l] for (r0, c0) in self.positions[l - 1]]
        self.lines = LineCollection(segments, zorder=1, capstyle="butt")
        ax.add_collection(self.lines)
        ax.set_xlim(0, width)
        ax.set_ylim(height + 2 * self.GAP, -self.GAP)
        ax.set_aspect("equal")
        ax.axis("off")
        for l in range(self.columns):
            label = (self.text("input_layer") if l == 0 else
                     self.text("output_layer") if l == self.columns - 1 else self.text("hidden_layer", l=l))
            ax.text(self.positions[l][0][1] + self.TILE / 2, -2, label, ha="center", va="bottom", fontsize=8,
                    **self.font)
        self.message = ax.text(0.5, 0.0, "", transform=ax.transAxes, ha="center", va="bottom", fontsize=10,
                               color="crimson", zorder=3, **self.font)
        self._dims = list(dims)

    # --- every frame ----------------------------------------------------------------------------------
    def unit_images(self):
        """What each unit computes over the plane, scaled to [0, 1] for the colour map.

        Returns
        -------
        list of list of ndarray of shape (TILE, TILE)
            By layer: the two input features, every hidden unit, the output y-hat.
        """
        net = self.network
        with np.errstate(all="ignore"):
            outputs = [self.tile_grid] + net.unit_outputs(self.tile_grid)
        images = []
        for l, A in enumerate(outputs):
            A = np.nan_to_num(A)
            if l == 0:  # x1 and x2 themselves, centred
                low, high = -1.0, 1.0
                A = (A - A.mean(axis=1, keepdims=True)) / (np.abs(A).max(axis=1, keepdims=True) + 1e-12)
            elif l == len(outputs) - 1:
                low, high = 0.0, 1.0
            else:
                low, high = VALUE_RANGES[net.activation]
                spread = float(np.abs(A).max()) or 1.0
                low, high = (-spread if low is None else low), (spread if high is None else high)
            images.append([np.clip((a - low) / (high - low), 0, 1).reshape(self.TILE, self.TILE) for a in A])
        return images

    def artists(self):
        """The artists `show` changes on every frame, and the points drawn over the boundary."""
        return [self.net_image, self.lines, self.message, self.boundary, *self.points, self.train_line,
                self.test_line]

    def show(self, net):
        """Draw `net` (a `Network`): rebuild what its data or architecture changed, then update."""
        self.network, self.rebuilt = net, False
        if self._data != net.data_key:
            self._build_data(net)
            self._data, self.rebuilt = net.data_key, True
        if self._dims != net.layer_dims:
            self._build_network(net)
            self.rebuilt = True
        for l, layer in enumerate(self.unit_images()):
            for (r, c), image in zip(self.positions[l], layer):
                self.canvas[r:r + self.TILE, c:c + self.TILE] = self.cmap(image)
        self.net_image.set_data(self.canvas)
        weights = np.concatenate([net.parameters[f"W{l}"].ravel() for l in range(1, self.columns)])
        weights = np.nan_to_num(weights, nan=0.0, posinf=WEIGHT_RANGE, neginf=-WEIGHT_RANGE)
        self.lines.set_linewidths(0.3 + 3.0 * np.minimum(np.abs(weights), WEIGHT_RANGE) / WEIGHT_RANGE)
        self.lines.set_color(self.cmap(np.clip(0.5 + weights / (2 * WEIGHT_RANGE), 0, 1)))
        with np.errstate(all="ignore"):
            y_hat = net.unit_outputs(self.boundary_grid)[-1]
        self.boundary.set_data(np.nan_to_num(y_hat, nan=0.5).reshape(self.RESOLUTION, self.RESOLUTION))
        x = np.arange(len(net.train_costs))
        self.train_line.set_data(x, net.train_costs)
        self.test_line.set_data(x, net.test_costs)
        # the x axis grows in steps (10, 20, 50, 100, ...), so that most frames keep the same axes
        self.ax_cost.set_xlim(0, next(v for v in _steps() if v >= len(x)))
        finite = [c for c in net.train_costs[:50] + net.test_costs[:50] if math.isfinite(c)]
        self.ax_cost.set_ylim(0, min(max(finite, default=1.0), 5.0) * 1.05)
        train = net.accuracy(net.X_train, net.Y_train)
        test = net.accuracy(net.X_test, net.Y_test)
        status = self.text("playground_status", iteration=net.iteration, train=train, test=test)
        self.message.set_text(net.diverged)
        return net.diverged or status


def _options(prefix, names, language):
    """A dropdown's (label, value) pairs: each name shown as `helpers.ui_text`'s ``prefix_name``."""
    return [(text(f"{prefix}_{name}", language), name) for name in names]


def query_from_environment():
    """The query string of the page that started this kernel: Voila puts it in $QUERY_STRING."""
    import os

    return os.environ.get("QUERY_STRING", "")


class Playground:
    """The playground's controls, figure and training player (`helpers.widgets.TrainingPlayer`).

    Parameters
    ----------
    query : str, a URL query string (see `parse_query`); default: the page's own
    max_iterations : int, where playing stops

    Attributes
    ----------
    config : dict, the set-up the controls show now (see `DEFAULTS`)
    problems : list of str, settings of the query string that were ignored
    player : the `TrainingPlayer`
    figure : the `PlaygroundFigure`
    controls : dict of ipywidgets by name
    link : an HTML widget with a link to the current set-up
    """

    def __init__(self, query=None, max_iterations=20000):
        import ipywidgets as widgets

        from .widgets import TrainingPlayer, float_slider, int_slider, log_slider

        config, self.problems = parse_query(query_from_environment() if query is None else query)
        self.m, self.speed = config["m"], config["speed"]
        self.language = edition = fonts.language()  # the controls' and the figure's words
        units = list(config["layers"]) + [4] * (MAX_LAYERS - len(config["layers"]))
        self.controls = {
            "data": widgets.Dropdown(options=_options("data", DATA_SETS, edition), value=config["data"],
                                     description=text("data", edition)),
            "noise": float_slider(text("noise", edition), config["noise"], 0.0, 1.0, 0.05),
            "test": float_slider(text("test_share", edition), config["test"], 0.0, 0.9, 0.05),
            "layers": int_slider(text("hidden_layers", edition), len(config["layers"]), 0, MAX_LAYERS),
            **{f"units{k + 1}": int_slider(text("units", edition, k=k + 1), units[k], 1, MAX_UNITS)
               for k in range(MAX_LAYERS)},
            "activation": widgets.Dropdown(options=_options("activation", ACTIVATION_NAMES, edition),
                                           value=config["activation"], description=text("activation", edition)),
            "lr": log_slider(text("learning_rate", edition), config["lr"], min_exp=math.log10(LEARNING_RATES[0]),
                             max_exp=math.log10(LEARNING_RATES[1])),
            "init": widgets.Dropdown(options=_options("init", INIT_NAMES, edition), value=config["init"],
                                     description=text("initialization", edition)),
            "scale": log_slider(text("random_scale", edition), config["scale"], min_exp=-3, max_exp=2),
        }
        for name in ("data", "activation", "init"):
            self.controls[name].style = {"description_width": "initial"}
        self.controls["layers"].observe(lambda _: self._show_unit_sliders(), names="value")
        self.controls["init"].observe(lambda _: self._show_unit_sliders(), names="value")
        self._show_unit_sliders()
        self.figure = PlaygroundFigure(language=edition)
        self.link = widgets.HTML()
        self.player = TrainingPlayer(self.figure.fig, self._init, self._step, self._draw, seed=config["seed"],
                                     speed=config["speed"], max_iterations=max_iterations, controls=self.controls)
        self.player.animate(*self.figure.artists())
        notes = [widgets.HTML(f"<span style='color:crimson'>{html.escape(p)}</span>") for p in self.problems]
        self.widget = widgets.VBox([*notes, self.player.widget, self.link])

    def _show_unit_sliders(self):
        layers = self.controls["layers"].value
        for k in range(MAX_LAYERS):
            self.controls[f"units{k + 1}"].layout.display = "" if k < layers else "none"
        self.controls["scale"].layout.display = "" if self.controls["init"].value == "random" else "none"

    def config_from(self, seed, values):
        """The set-up that the controls' `values` and the player's `seed` describe."""
        layers = tuple(values[f"units{k + 1}"] for k in range(values["layers"]))
        return {"data": values["data"], "noise": values["noise"], "test": values["test"], "m": self.m,
                "layers": layers, "activation": values["activation"], "lr": values["lr"],
                "init": values["init"], "scale": values["scale"], "seed": seed,
                "speed": self.player.speed if hasattr(self, "player") else self.speed}

    def network_dims(self):
        """``[2, n[1], ..., 1]`` of the network the player trains now."""
        return list(self.player.state.layer_dims)

    # the three functions the player calls
    def _init(self, seed, **values):
        return Network(self.config_from(seed, values), self.language)

    @staticmethod
    def _step(network, **values):
        return network, network.step_once()

    def _draw(self, network, iteration, costs, **values):
        self.config = network.config
        self._write_url(to_query(self.config))
        status = self.figure.show(network)
        if self.figure.rebuilt and hasattr(self, "player"):
            self.player.animate(*self.figure.artists())
        return status

    def _write_url(self, query):
        if getattr(self, "_query", None) == query:
            return
        self._query = query
        # In Voila the address bar follows the set-up too (no reload, no new history entry). An HTML
        # widget's <script> never runs, but an image that fails to load runs its `onerror`.
        follow = ("if (location.pathname.includes('/voila/')) "
                  f"history.replaceState(null, '', '?{query}')")
        self.link.value = (f"<a href='?{query}' target='_blank'>{text('link', self.language)}</a> "
                           f"<code style='font-size:80%'>?{query}</code>"
                           f"<img src='data:,' alt='' style='display:none' onerror=\"{follow}\">")

    def _repr_mimebundle_(self, **kwargs):
        # the widget, and the player's first drawing as an ordinary image for exports
        data = self.widget._repr_mimebundle_(**kwargs)
        data["image/png"] = self.player._repr_mimebundle_(**kwargs)["image/png"]
        return data
