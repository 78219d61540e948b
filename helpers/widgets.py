"""Live figures: sliders that redraw at once, and a training player.

One mechanism serves every notebook.  A figure is created once by the
notebook; `LivePlot` and `TrainingPlayer` change its artists and show it as a
PNG in an `Image` widget (small JPEG frames, quick to encode).  Work triggered by a control runs
in a background thread, so the kernel keeps answering the browser while it
trains; a newer value cancels the run in flight instead of queueing behind it
(each run carries a generation number and stops at its next frame once a newer
one exists).  Long trainings show frames as they go: pass `live_callback(draw)`
as a training `callback`, or use `TrainingPlayer` (play, pause, step, reset,
new seed, speed).

Each explorer also carries an ordinary ``image/png`` copy of its first drawing
in its display data, so exported notebooks (nbconvert, HTML) show the figure.
"""

import base64
import html
import io
import math
import threading
import time

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np
import PIL.Image
from matplotlib.backends.backend_agg import FigureCanvasAgg
from IPython.display import display

from .fonts import language, register as _register_font
from .optimization import StopTraining
from .ui_text import figure_font, text

_register_font()  # pyplot is loaded now: the Chinese edition's figures need the course's CJK font

LIVE_DPI = 72      # frames while a control moves or a player plays
EXPORT_DPI = 100   # the first drawing, kept as an ordinary image output
MAX_FPS = 20       # frames per second, at most

_CONTROL_LAYOUT = dict(flex="1 1 300px", min_width="260px", max_width="460px")
_local = threading.local()


def _style_control(control):
    """Let a control share a wrapping row: it grows to fill, never below 260 px."""
    for key, value in _CONTROL_LAYOUT.items():
        setattr(control.layout, key, value)
    return control


def log_slider(description, value, min_exp=-4, max_exp=1, step=0.1):
    """A slider over 10**min_exp .. 10**max_exp (learning rates, initialization scales)."""
    return widgets.FloatLogSlider(
        value=value, base=10, min=min_exp, max=max_exp, step=step, description=description,
        continuous_update=False, readout_format=".3g", style={"description_width": "initial"})


def int_slider(description, value, min, max, step=1):
    """An integer slider that fires on release."""
    return widgets.IntSlider(value=value, min=min, max=max, step=step, description=description,
                             continuous_update=False, style={"description_width": "initial"})


def float_slider(description, value, min, max, step=0.01):
    """A float slider that fires on release."""
    return widgets.FloatSlider(value=value, min=min, max=max, step=step, description=description,
                               continuous_update=False, style={"description_width": "initial"})


def controls_box(controls):
    """Controls in rows that wrap, so each keeps a usable width in a narrow window."""
    return widgets.Box([_style_control(c) for c in controls],
                       layout=widgets.Layout(display="flex", flex_flow="row wrap", width="100%"))


def _agg_canvas(fig, dpi):
    if fig.dpi != dpi:
        fig.set_dpi(dpi)
    canvas = fig.canvas
    if not isinstance(canvas, FigureCanvasAgg):  # pyplot's `close` leaves a canvas that cannot draw
        canvas = FigureCanvasAgg(fig)
    return canvas


def _encode(canvas, format):
    width, height = canvas.get_width_height(physical=True)
    image = PIL.Image.frombuffer("RGBA", (width, height), canvas.buffer_rgba(), "raw", "RGBA", 0, 1)
    buffer = io.BytesIO()
    if format == "jpeg":  # live frames: about ten times quicker to encode than PNG, and smaller
        image.convert("RGB").save(buffer, format="jpeg", quality=90)
    else:
        image.save(buffer, format="png")
    return buffer.getvalue()


def _render(fig, dpi, format="jpeg"):
    """The figure as image bytes at `dpi`: one Agg draw and an encoding."""
    canvas = _agg_canvas(fig, dpi)
    canvas.draw()
    return _encode(canvas, format)


def _layout_signature(fig):
    """What a cached background depends on: axes limits and scales, titles, labels and texts."""
    signature = [tuple(fig.get_size_inches())]
    texts = list(fig.texts)
    for ax in fig.axes:
        signature += [ax.get_xlim(), ax.get_ylim(), ax.get_xscale(), ax.get_yscale(), ax.get_visible()]
        texts += [ax.title, ax._left_title, ax._right_title, ax.xaxis.label, ax.yaxis.label, *ax.texts]
    if fig._suptitle is not None:
        texts.append(fig._suptitle)
    signature += [(t.get_text(), t.get_visible()) for t in texts if not t.get_animated()]
    return tuple(signature)


class _Blitter:
    """Frames that redraw only the `artists` that move, over a cached background.

    The background (axes, ticks, titles, every other artist) is drawn again only
    when its signature changes: an axis limit or any text.  Artists outside
    `artists` that change without changing a limit or a text would be missed, so
    list every artist the updates touch.
    """

    def __init__(self, fig, artists):
        self.fig, self.artists = fig, list(artists)
        self.background, self.signature = None, None

    def render(self, dpi):
        canvas = _agg_canvas(self.fig, dpi)
        for artist in self.artists:
            artist.set_animated(True)
        try:
            signature = _layout_signature(self.fig) + (dpi,)  # animated texts left out
            if self.background is None or signature != self.signature:
                canvas.draw()
                self.background, self.signature = canvas.copy_from_bbox(self.fig.bbox), signature
            else:
                canvas.restore_region(self.background)
            renderer = canvas.get_renderer()
            for artist in sorted(self.artists, key=lambda a: a.get_zorder()):
                if artist.get_visible():
                    artist.draw(renderer)
        finally:
            for artist in self.artists:
                artist.set_animated(False)
        return _encode(canvas, "jpeg")


class _Runner:
    """Runs one job at a time in a background thread; a newer job supersedes the older.

    Each job gets a generation number; `current(generation)` turns False as soon
    as a newer job is started, and the job is expected to stop at its next frame.
    A new thread first waits for the previous one, so the figure is only ever
    touched by one thread, and jobs that are already stale never start.
    """

    def __init__(self):
        self.generation = 0
        self._thread = None
        self._lock = threading.Lock()

    def start(self, job):
        with self._lock:
            self.generation += 1
            thread = threading.Thread(target=self._run, args=(job, self.generation, self._thread), daemon=True)
            self._thread = thread
        thread.start()

    def _run(self, job, generation, previous):
        if previous is not None:
            previous.join()
        if self.current(generation):
            job(generation)

    def current(self, generation):
        return generation == self.generation

    def cancel(self):
        with self._lock:
            self.generation += 1

    def wait(self, timeout=60.0):
        """Block until no job runs (tests and benchmarks call it); False on timeout."""
        deadline = time.perf_counter() + timeout
        while True:
            thread = self._thread
            if thread is None:
                return True
            thread.join(max(deadline - time.perf_counter(), 0))
            if thread.is_alive():
                return False
            if thread is self._thread:
                return True


class _LiveFigure:
    """What `LivePlot` and `TrainingPlayer` share: the figure as an Image widget, a status line, a reset."""

    def __init__(self, fig, controls):
        self.fig, self.controls = fig, dict(controls)
        self.language = language()  # the widget's own words: the notebook's edition, fixed when built
        self.initial_values = self.values()
        self.image = widgets.Image(format="jpeg", layout=widgets.Layout(max_width="100%", height="auto"))
        self.status = widgets.HTML()
        self.reset_button = widgets.Button(description=self.text("reset"), icon="undo",
                                           tooltip=self.text("reset_tip"), layout=widgets.Layout(width="auto"))
        self.reset_button.on_click(lambda _: self.reset_controls())
        self.frames, self.latencies, self.last_status, self.error = 0, [], "", None
        self.cpu_latencies = []  # the worker thread's CPU seconds up to each first frame (load-independent)
        self._job_cpu = 0.0
        self._runner = _Runner()
        self._holding = False
        self._changed_at = None
        self._first_png = b""
        self._blitter = None
        for control in self.controls.values():
            control.observe(self._on_change, names="value")
        plt.close(fig)  # keep the inline backend from drawing it a second time

    def text(self, key, **fields):
        """One of `helpers.ui_text`'s texts in the widget's language."""
        return text(key, self.language, **fields)

    def values(self):
        """The controls' current values, by name."""
        return {name: control.value for name, control in self.controls.items()}

    def reset_controls(self):
        """Put every control back to its starting value (one redraw, not one per control)."""
        self._holding = True
        try:
            for name, control in self.controls.items():
                control.value = self.initial_values[name]
        finally:
            self._holding = False
        self._on_change(None)

    def wait(self, timeout=60.0):
        """Block until the run in flight has finished; returns False on timeout."""
        return self._runner.wait(timeout)

    def animate(self, *artists):
        """Name the artists that updates change; frames then redraw only them over a cached background.

        Optional, and much faster for large figures.  Every artist an update
        changes must be listed (axis limits and texts are checked automatically).
        """
        self._blitter = _Blitter(self.fig, artists)
        if self._first_png:  # drawn already: cache the background now rather than at the first change
            self.image.value = self._blitter.render(LIVE_DPI)
        return self

    def _on_change(self, change):
        if self._holding:
            return
        self._changed_at = time.perf_counter()
        self._runner.start(self._job)

    def _job(self, generation):
        raise NotImplementedError

    def _first_drawing(self):
        """Render the figure as drawn by the constructor (the export copy and the first frame)."""
        self._first_png = _render(self.fig, EXPORT_DPI, "png")
        self.image.value = self._blitter.render(LIVE_DPI) if self._blitter else _render(self.fig, LIVE_DPI)
        # keep the axes where the layout engine put them: later frames skip the layout pass
        if self.fig.get_layout_engine() is not None:
            self.fig.set_layout_engine("none")

    def _show(self, status=None, started=None):
        """Encode the figure into the Image widget now; record the latency of the first frame of a run."""
        self.image.value = self._blitter.render(LIVE_DPI) if self._blitter else _render(self.fig, LIVE_DPI)
        self.frames += 1
        if started is not None:
            self.latencies.append(time.perf_counter() - started)
            self.cpu_latencies.append(time.thread_time() - self._job_cpu)
        if status is not None:
            self.last_status = status
            self.status.value = status

    def _fail(self, error):
        self.error = error
        message = f"{type(error).__name__}: {error}"
        self.last_status = message
        self.status.value = f"<span style='color:crimson'>{html.escape(message)}</span>"

    def _repr_mimebundle_(self, **kwargs):
        data = self.widget._repr_mimebundle_(**kwargs)
        data["image/png"] = base64.b64encode(self._first_png).decode("ascii")
        return data


class _Run:
    """The run a `live_callback` reports to: its owner, generation and frame clock."""

    def __init__(self, owner, generation, started):
        self.owner, self.generation, self.started = owner, generation, started
        self.last_frame = None

    def current(self):
        return self.owner._runner.current(self.generation)

    def frame_due(self):
        return self.last_frame is None or time.perf_counter() - self.last_frame >= 1.0 / MAX_FPS

    def show(self, status=None):
        first = self.last_frame is None
        self.owner._show(status, self.started if first else None)
        self.last_frame = time.perf_counter()


def live_callback(draw):
    """A training `callback` that shows frames while a `LivePlot` update trains.

    ``draw(iteration, costs, parameters) -> status or None`` updates the figure's
    artists; `costs` holds the cost at every call so far (one per `callback_every`
    iterations).  Under a `LivePlot` run, `draw` is called when a frame is due
    (at the first call, then at most `MAX_FPS` times a second) and the figure is
    shown; when a newer control value has superseded the run the callback raises
    `StopTraining`, which ends `gradient_descent` early.  Elsewhere (the
    constructor's first drawing, plain scripts) it only records the costs.
    """
    costs = []

    def callback(iteration, cost, parameters):
        costs.append(cost)
        run = getattr(_local, "run", None)
        if run is None:
            return
        if not run.current():
            raise StopTraining
        if run.frame_due():
            run.show(draw(iteration, costs, parameters))

    return callback


class LivePlot(_LiveFigure):
    """A figure that `update` redraws whenever one of `controls` changes.

    Parameters
    ----------
    fig : matplotlib Figure, created once by the caller
    update : callable
        ``update(**values) -> str or None``, where ``values`` maps each control's
        name to its value; it changes the figure's artists and may return a
        status line shown under the figure.  A long update passes
        `live_callback(draw)` to its training to show frames as it goes.
    **controls : ipywidgets value widgets, by name

    The constructor draws once, synchronously; a change runs `update` in a
    background thread (call `wait()` before reading its results from code).

    Attributes
    ----------
    calls : int, completed updates (a superseded run does not count)
    last_status : str
    seconds : float, how long the last completed update took, from the change to its final frame
    latencies : list of float, seconds from each change to its first frame
    error : the exception of the last failed update, or None
    """

    def __init__(self, fig, update, **controls):
        super().__init__(fig, controls)
        self.update = update
        self.calls, self.seconds = 0, 0.0
        start = time.perf_counter()
        with np.errstate(all="ignore"):  # as in the background runs: overflow is shown, not printed
            status = self.update(**self.values())
        self.calls = 1
        self.seconds = time.perf_counter() - start
        self.last_status = status or ""
        self.status.value = self.last_status
        self._first_drawing()
        self.widget = widgets.VBox([controls_box([*self.controls.values(), self.reset_button]),
                                    self.image, self.status])

    def refresh(self):
        """Run `update` again with the current values (in the background)."""
        self._on_change(None)

    def _job(self, generation):
        self._job_cpu = time.thread_time()
        started = self._changed_at or time.perf_counter()
        run = _Run(self, generation, started)
        _local.run = run
        try:
            with np.errstate(all="ignore"):
                status = self.update(**self.values())
        except StopTraining:
            return
        except Exception as error:  # shown under the figure: the kernel must not print tracebacks
            self._fail(error)
            return
        finally:
            _local.run = None
        if not run.current():
            return
        self.error = None
        self._show(status or "", started if run.last_frame is None else None)
        self.calls += 1
        self.seconds = time.perf_counter() - started


def _is_diverging(cost, first_cost, factor):
    return not math.isfinite(cost) or cost > 1e6 or (first_cost is not None and cost > factor * max(first_cost, 1e-3))


class TrainingPlayer(_LiveFigure):
    """Watch a model train: play, pause, step, reset (same seed), new seed, speed.

    Parameters
    ----------
    fig : matplotlib Figure, created once by the caller
    init : callable
        ``init(seed, **values) -> state``: a fresh model (e.g. its parameters dict).
    step : callable
        ``step(state, **values) -> (state, cost)``: one iteration of gradient
        descent; `cost` is the cost before the update.
    draw : callable
        ``draw(state, iteration, costs, **values) -> str or None``: update the
        figure's artists (decision boundary, cost curve); the string is the status line.
    seed : int, the first seed; "new seed" adds one
    speed : int, iterations per frame (the speed control's starting value)
    max_iterations : int or None, where playing stops
    divergence_factor : float
        The run stops as diverged when the cost is NaN or infinite, above 1e6, or
        above this multiple of the first cost.
    animated : sequence of artists, optional
        The artists `draw` changes, to redraw only them (see `animate`).
    controls : dict of ipywidgets value widgets, optional
        Hyperparameters passed to `init`, `step` and `draw` as ``**values``; a change
        restarts training from the same seed and plays it (``autoplay``).
    autoplay : bool, play after a control changes (True) or only reset (False)

    Attributes
    ----------
    iteration : int, iterations run since the last reset
    costs : list of float, one per iteration
    state : what `init` and `step` return
    playing : bool
    diverged : str, the divergence message, or "" while training is sound
    frames : int, frames shown
    latencies : list of float, seconds from a control change to its first frame
    """

    SPEEDS = (1, 2, 5, 10, 20, 50, 100, 200)

    def __init__(self, fig, init, step, draw, seed=1, speed=10, max_iterations=None,
                 divergence_factor=100.0, controls=None, autoplay=True, animated=()):
        super().__init__(fig, controls or {})
        if animated:
            self.animate(*animated)
        self.init, self.step_function, self.draw = init, step, draw
        self.seed, self.first_seed = seed, seed
        self.max_iterations, self.divergence_factor, self.autoplay = max_iterations, divergence_factor, autoplay
        self.playing, self.diverged = False, ""
        self.frame_seconds = []
        self.banner = fig.text(0.5, 0.5, "", ha="center", va="center", fontsize=13, color="crimson",
                               bbox=dict(facecolor="white", edgecolor="crimson", alpha=0.9), visible=False, zorder=10,
                               **figure_font(self.language))
        speeds = sorted(set(self.SPEEDS) | {int(speed)})
        self.speed_control = widgets.SelectionSlider(options=speeds, value=int(speed), description=self.text("speed"),
                                                     continuous_update=False, style={"description_width": "initial"})
        self.play_button = widgets.Button(description=self.text("play"), icon="play", tooltip=self.text("play_tip"))
        self.step_button = widgets.Button(description=self.text("step"), icon="step-forward",
                                          tooltip=self.text("step_tip"))
        self.restart_button = widgets.Button(description=self.text("reset"), icon="undo",
                                             tooltip=self.text("restart_tip"))
        self.seed_button = widgets.Button(description=self.text("new_seed"), icon="random",
                                          tooltip=self.text("new_seed_tip"))
        for button, action in ((self.play_button, self.toggle), (self.step_button, self.step),
                               (self.restart_button, self.reset), (self.seed_button, self.new_seed)):
            button.layout.width = "auto"
            button.on_click(lambda _, action=action: action())
        self.counter = widgets.HTML()
        self._restart(self.seed)
        self._first_drawing()
        buttons = widgets.HBox([self.play_button, self.step_button, self.restart_button, self.seed_button,
                                self.counter], layout=widgets.Layout(flex_flow="row wrap", align_items="center"))
        rows = [buttons, controls_box([self.speed_control])]
        if self.controls:
            self.reset_button.description = self.text("defaults")  # "reset" restarts training; this resets the controls
            rows.append(controls_box([*self.controls.values(), self.reset_button]))
        self.widget = widgets.VBox([*rows, self.image, self.status])

    @property
    def speed(self):
        return int(self.speed_control.value)

    # --- the buttons -----------------------------------------------------------------------------
    def play(self):
        """Train in the background, showing a frame every `speed` iterations, until paused or stopped."""
        if self.playing:
            return
        self._set_playing(True)
        self._runner.start(self._play_job)

    def pause(self):
        """Stop after the frame in progress."""
        self._set_playing(False)
        self._runner.cancel()

    def toggle(self):
        self.pause() if self.playing else self.play()

    def step(self):
        """Run one frame (`speed` iterations) and show it."""
        self.pause()
        self._runner.start(lambda generation: self._advance_and_show(generation))

    def reset(self, seed=None):
        """Start again from `init(seed)` (the same seed unless given) and show the first frame."""
        self.pause()
        seed = self.seed if seed is None else seed
        self._runner.start(lambda generation: self._reset_job(generation, seed))

    def new_seed(self):
        """Start again with the next seed: another random initialization."""
        self.reset(self.seed + 1)

    # --- work done in the runner's thread --------------------------------------------------------
    def _job(self, generation):  # a control changed
        self._job_cpu = time.thread_time()
        self._reset_job(generation, self.seed)
        if self.autoplay and self._runner.current(generation) and not self.diverged:
            self._set_playing(True)
            self._play_job(generation)

    def _reset_job(self, generation, seed):
        started = self._changed_at
        self._changed_at = None
        if self._guarded(lambda: self._restart(seed)):
            self._show_frame(started)

    def _restart(self, seed):
        self.seed = seed
        self.values_now = self.values()
        with np.errstate(all="ignore"):
            self.state = self.init(seed, **self.values_now)
        self.iteration, self.costs, self.diverged = 0, [], ""
        self.banner.set_visible(False)
        self._draw()

    def _draw(self):
        with np.errstate(all="ignore"):
            status = self.draw(self.state, self.iteration, self.costs, **self.values_now)
        self.counter.value = (self.text("counter_cost", iteration=self.iteration, cost=self.costs[-1]) if self.costs
                              else self.text("counter", iteration=self.iteration))
        self.last_status = self.diverged or status or ""
        self.status.value = self.last_status

    def _advance(self, generation, n):
        """Run up to `n` iterations; stop early at divergence, the last iteration or a newer run."""
        with np.errstate(all="ignore"):
            for _ in range(n):
                if self.max_iterations is not None and self.iteration >= self.max_iterations:
                    return False
                try:
                    state, cost = self.step_function(self.state, **self.values_now)
                    cost = float(cost)
                except (FloatingPointError, OverflowError) as error:
                    state, cost = self.state, float("nan")
                    self.diverged = self.text("diverged_error", iteration=self.iteration, error=error)
                first = self.costs[0] if self.costs else None
                if self.diverged or _is_diverging(cost, first, self.divergence_factor):
                    self.diverged = self.diverged or self.text("diverged", iteration=self.iteration, cost=cost)
                    self.banner.set_text(self.diverged.replace("; ", "\n").replace("；", "\n"))
                    self.banner.set_visible(True)
                    return False
                self.state = state
                self.costs.append(cost)
                self.iteration += 1
        return self._runner.current(generation)

    def _advance_and_show(self, generation):
        if self._guarded(lambda: self._advance(generation, self.speed)):
            self._show_frame()

    def _play_job(self, generation):
        next_frame = time.perf_counter()
        while self.playing and self._runner.current(generation):
            started = time.perf_counter()
            going = [False]
            if not self._guarded(lambda: going.__setitem__(0, self._advance(generation, self.speed))):
                break
            if not self._runner.current(generation):
                break
            self._show_frame()
            self.frame_seconds.append(time.perf_counter() - started)
            if not going[0]:
                break
            next_frame += 1.0 / MAX_FPS
            delay = next_frame - time.perf_counter()
            if delay > 0:
                time.sleep(delay)
            else:
                next_frame = time.perf_counter()
        if self._runner.current(generation):
            self._set_playing(False)

    def _guarded(self, work):
        """Run `work`; an exception becomes the status line (never a traceback). True if it succeeded."""
        try:
            work()
            return True
        except Exception as error:
            self._set_playing(False)
            self._fail(error)
            return False

    def _show_frame(self, started=None):
        self._guarded(self._draw)
        self._show(None, started)

    def _set_playing(self, playing):
        self.playing = playing
        self.play_button.description = self.text("pause" if playing else "play")
        self.play_button.icon = "pause" if playing else "play"


def network_player(X, Y, layer_dims=(4,), hidden_activation="tanh", learning_rate=1.2, init="random",
                   scale=0.01, controls=None, figsize=(10, 4), resolution=50, title="", **options):
    """A `TrainingPlayer` for an L-layer classifier of 2-D points: decision map and cost curve.

    Parameters
    ----------
    X : ndarray of shape (2, m)
    Y : ndarray of shape (1, m)
    layer_dims : sequence of int, the hidden layers' sizes (the input and output sizes are added)
    hidden_activation, learning_rate, init, scale : the starting hyperparameters
    controls : dict of widgets, optional
        Any of ``learning_rate``, ``scale``, ``hidden_activation``, ``init`` or
        ``n_h`` (one hidden layer of that size) by name; their values override the above.
    **options : passed to `TrainingPlayer` (seed, speed, max_iterations, ...)
    """
    from .initialization import initialize_parameters_deep
    from .plotting import CostCurve, DecisionMap
    from .propagation import L_model_backward, L_model_forward
    from .cost import compute_cost_from_logits
    from .optimization import update_parameters

    fixed = dict(hidden_activation=hidden_activation, learning_rate=learning_rate, init=init, scale=scale)

    def settings(values):
        merged = {**fixed, **values}
        hidden = [values["n_h"]] if "n_h" in values else list(layer_dims)
        return merged, [X.shape[0], *hidden, 1]

    def start(seed, **values):
        merged, dims = settings(values)
        return initialize_parameters_deep(dims, merged["init"], merged["scale"], seed)

    def step(parameters, **values):
        merged, _ = settings(values)
        AL, caches = L_model_forward(X, parameters, merged["hidden_activation"])
        cost = compute_cost_from_logits(caches[-1][1], Y)
        grads = L_model_backward(AL, Y, caches, merged["hidden_activation"])
        return update_parameters(parameters, grads, merged["learning_rate"]), cost

    edition = language()
    fig, (ax_map, ax_cost) = plt.subplots(1, 2, figsize=figsize, layout="constrained")
    boundary = DecisionMap(ax_map, X, Y, resolution=resolution)
    curve = CostCurve(ax_cost, max_iterations=options.get("max_iterations"))

    def draw(parameters, iteration, costs, **values):
        merged, _ = settings(values)
        boundary.update(lambda G: L_model_forward(G, parameters, merged["hidden_activation"])[0])
        curve.update(costs)
        AL = L_model_forward(X, parameters, merged["hidden_activation"])[0]
        accuracy = float(np.mean((AL > 0.5) == Y))
        return text("player_status", edition, iteration=iteration, accuracy=accuracy)

    if title:
        ax_map.set_title(title)
    return TrainingPlayer(fig, start, step, draw, controls=controls, animated=[*boundary.artists, curve.line],
                          **options)


class Progress:
    """A progress bar for `gradient_descent`'s callback: ``callback=Progress(num_iterations)``."""

    def __init__(self, total, description=None):
        self.language = language()
        self.bar = widgets.IntProgress(value=0, min=0, max=max(int(total), 1),
                                       description=description or text("progress", self.language))
        self.label = widgets.Label()
        display(widgets.HBox([self.bar, self.label]))

    def __call__(self, iteration, cost, parameters):
        self.bar.value = iteration
        self.label.value = text("progress_label", self.language, iteration=iteration, cost=cost)


from .quiz import Question, Quiz  # noqa: E402  (the self-check quiz, re-exported here)
