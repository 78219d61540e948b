"""Sliders that retrain and redraw a figure created once.

`LivePlot` ties named controls to an ``update(**values)`` function that changes
the artists of one matplotlib figure; the figure is redrawn in an `Output`
widget, so it works with the default inline backend, in JupyterLab, in Voila
and headless.  Retraining sliders only fire on release (`continuous_update=False`).
"""

import time

import ipywidgets as widgets
import matplotlib.pyplot as plt
from IPython.display import display


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


class LivePlot:
    """A figure that `update` redraws whenever one of `controls` changes.

    Parameters
    ----------
    fig : matplotlib Figure, created once by the caller
    update : callable
        ``update(**values) -> str or None``, where ``values`` maps each control's
        name to its value; it changes the figure's artists and may return a
        status line (an accuracy, a warning) shown under the figure.
    **controls : ipywidgets value widgets, by name

    Attributes
    ----------
    calls : int, how many times `update` has run (tests read it)
    last_status : str
    seconds : float, how long the last update took
    """

    def __init__(self, fig, update, **controls):
        self.fig, self.update, self.controls = fig, update, controls
        self.calls, self.last_status, self.seconds = 0, "", 0.0
        self.output = widgets.Output()
        self.status = widgets.HTML()
        for control in controls.values():
            control.observe(self._on_change, names="value")
        self.widget = widgets.VBox([widgets.HBox(list(controls.values())), self.output, self.status])
        plt.close(fig)  # keep the inline backend from drawing it a second time
        self.refresh()

    def values(self):
        """The controls' current values, by name."""
        return {name: control.value for name, control in self.controls.items()}

    def _on_change(self, change):
        self.refresh()

    def refresh(self):
        """Run `update` with the current values and redraw the figure."""
        start = time.perf_counter()
        self.status.value = "<i>working...</i>"
        status = self.update(**self.values())
        self.calls += 1
        self.seconds = time.perf_counter() - start
        self.last_status = status or ""
        self.status.value = self.last_status
        with self.output:
            self.output.clear_output(wait=True)
            display(self.fig)

    def _ipython_display_(self):
        display(self.widget)


class Progress:
    """A progress bar for `gradient_descent`'s callback: ``callback=Progress(num_iterations)``."""

    def __init__(self, total, description="training"):
        self.bar = widgets.IntProgress(value=0, min=0, max=max(int(total), 1), description=description)
        self.label = widgets.Label()
        display(widgets.HBox([self.bar, self.label]))

    def __call__(self, iteration, cost, parameters):
        self.bar.value = iteration
        self.label.value = f"iteration {iteration}, cost {cost:.4f}"
