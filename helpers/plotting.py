"""Figures the course draws again and again: decision boundaries, cost curves, image grids.

Each function draws on the axes it is given (or on new ones) and returns them,
so that a live figure can be redrawn in place.
"""

import numpy as np

from .fonts import language
from .ui_text import figure_font, text

RED_BLUE = "RdBu"


def _label_cost_axes(ax):
    """"iteration" and "cost J" in the notebook's language (`helpers.ui_text`)."""
    edition = language()
    font = figure_font(edition)
    ax.set_xlabel(text("iteration_axis", edition), **font)
    ax.set_ylabel(text("cost_axis", edition), **font)


def _axes(ax, figsize=(5, 4)):
    if ax is None:
        import matplotlib.pyplot as plt

        _, ax = plt.subplots(figsize=figsize)
    return ax


def plot_decision_boundary(predict, X, Y, ax=None, resolution=200, margin=1.0, title=None):
    """Shade the plane by the label `predict` gives, and scatter the examples on top.

    Parameters
    ----------
    predict : callable
        ``predict(X_grid) -> labels``, X_grid of shape (2, k), labels of shape (1, k) or (k,).
    X : ndarray of shape (2, m)
    Y : ndarray of shape (1, m)
    ax : matplotlib Axes, optional; cleared first
    resolution : int, grid points per axis

    Returns
    -------
    ax
    """
    X = np.asarray(X)
    if X.ndim != 2 or X.shape[0] != 2:
        raise ValueError(f"X should have shape (2, m) to draw a decision boundary, but has shape {X.shape}")
    ax = _axes(ax)
    ax.clear()
    x_min, x_max = X[0].min() - margin, X[0].max() + margin
    y_min, y_max = X[1].min() - margin, X[1].max() + margin
    xx, yy = np.meshgrid(np.linspace(x_min, x_max, resolution), np.linspace(y_min, y_max, resolution))
    labels = np.asarray(predict(np.vstack([xx.ravel(), yy.ravel()]))).reshape(xx.shape)
    ax.contourf(xx, yy, labels, levels=[-0.5, 0.5, 1.5], cmap=RED_BLUE, alpha=0.35)
    ax.scatter(X[0], X[1], c=np.ravel(Y), cmap=RED_BLUE, s=14, edgecolors="k", linewidths=0.3)
    ax.set_xlim(x_min, x_max)
    ax.set_ylim(y_min, y_max)
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    if title:
        ax.set_title(title)
    return ax


def plot_costs(costs, ax=None, label=None, every=1, log=False):
    """Cost J against the iteration number.

    Parameters
    ----------
    costs : sequence of float, one per iteration (or one per `every` iterations)
    every : int, the number of iterations between two recorded costs

    Returns
    -------
    line : the matplotlib Line2D, whose data a live plot can replace
    """
    ax = _axes(ax)
    (line,) = ax.plot(np.arange(len(costs)) * every, costs, label=label)
    _label_cost_axes(ax)
    if log:
        ax.set_yscale("log")
    if label:
        ax.legend()
    return line


def show_images(images, labels=None, classes=None, predictions=None, ncols=8, size=1.3):
    """A grid of images with their labels (and predictions, marked when wrong).

    Parameters
    ----------
    images : ndarray of shape (k, height, width[, channels])
    labels : array_like of k labels 0 or 1, optional
    classes : sequence of 2 names (str or bytes), optional
    predictions : array_like of k labels, optional

    Returns
    -------
    fig : matplotlib Figure
    """
    import matplotlib.pyplot as plt

    images = np.asarray(images)
    k = len(images)
    if k == 0:
        raise ValueError("show_images needs at least one image")
    nrows = int(np.ceil(k / ncols))
    ncols = min(ncols, k)
    fig, axes = plt.subplots(nrows, ncols, figsize=(size * ncols, size * nrows * 1.15), squeeze=False)
    names = [c.decode() if isinstance(c, bytes) else str(c) for c in classes] if classes is not None else None
    labels = None if labels is None else np.ravel(labels).astype(int)
    predictions = None if predictions is None else np.ravel(predictions).astype(int)
    edition = language()
    font = figure_font(edition)
    for i, ax in enumerate(axes.flat):
        ax.axis("off")
        if i >= k:
            continue
        ax.imshow(images[i], cmap="gray" if images[i].ndim == 2 else None)
        title, color = "", "black"
        if labels is not None:
            title = names[labels[i]] if names else f"y = {labels[i]}"
        if predictions is not None:
            guess = names[predictions[i]] if names else str(predictions[i])
            title += "\n" + text("prediction", edition, guess=guess)
            if labels is not None and predictions[i] != labels[i]:
                color = "crimson"
        ax.set_title(title, fontsize=8, color=color, **font)
    fig.tight_layout()
    return fig


class DecisionMap:
    """A decision boundary drawn once as an image, then updated in place (for live figures).

    The plane is shaded by y-hat = P(y = 1 | x) on a coarse grid with `imshow`;
    `update` only replaces the image's data, which redraws far faster than a
    new `contourf`.  The examples are scattered on top once.

    Parameters
    ----------
    ax : matplotlib Axes
    X : ndarray of shape (2, m)
    Y : ndarray of shape (1, m)
    resolution : int, grid points per axis
    X_test, Y_test : optional second set, drawn as hollow-edged triangles

    Attributes
    ----------
    grid : ndarray of shape (2, resolution**2), the points `predict_proba` is asked about
    image : the AxesImage whose data `update` replaces
    """

    def __init__(self, ax, X, Y, resolution=60, margin=1.0, X_test=None, Y_test=None):
        X = np.asarray(X)
        if X.ndim != 2 or X.shape[0] != 2:
            raise ValueError(f"X should have shape (2, m) to draw a decision map, but has shape {X.shape}")
        both = X if X_test is None else np.hstack([X, np.asarray(X_test)])
        x_min, x_max = both[0].min() - margin, both[0].max() + margin
        y_min, y_max = both[1].min() - margin, both[1].max() + margin
        xx, yy = np.meshgrid(np.linspace(x_min, x_max, resolution), np.linspace(y_min, y_max, resolution))
        self.ax, self.shape = ax, xx.shape
        self.grid = np.vstack([xx.ravel(), yy.ravel()])
        self.image = ax.imshow(np.full(xx.shape, 0.5), extent=(x_min, x_max, y_min, y_max), origin="lower",
                               cmap=RED_BLUE, vmin=0, vmax=1, alpha=0.55, aspect="auto", interpolation="bilinear")
        self.artists = [self.image]  # what changes, and what lies on top of it (for blitting)
        self.artists.append(ax.scatter(X[0], X[1], c=np.ravel(Y), cmap=RED_BLUE, vmin=0, vmax=1, s=12,
                                       edgecolors="k", linewidths=0.3))
        if X_test is not None:
            self.artists.append(ax.scatter(X_test[0], X_test[1], c=np.ravel(Y_test), cmap=RED_BLUE, vmin=0, vmax=1, s=16,
                       marker="^", edgecolors="0.2", linewidths=0.6))
        ax.set_xlim(x_min, x_max)
        ax.set_ylim(y_min, y_max)
        ax.set_xlabel("$x_1$")
        ax.set_ylabel("$x_2$")

    def update(self, predict_proba):
        """Shade by ``predict_proba(grid)`` (shape (1, k) or (k,), values in [0, 1]); returns the grid values."""
        values = np.asarray(predict_proba(self.grid), dtype=float).reshape(self.shape)
        self.image.set_data(values)
        return values


class CostCurve:
    """A cost curve whose line is replaced in place; the axes follow the data.

    Parameters
    ----------
    ax : matplotlib Axes
    label, color : passed to the line
    log : bool, log-scale y axis
    max_iterations : int, optional; fixes the x axis at [0, max_iterations], so that a growing
        curve keeps the same axes (frames then redraw only the line)
    """

    def __init__(self, ax, label=None, color=None, log=False, max_iterations=None):
        (self.line,) = ax.plot([], [], label=label, color=color)
        self.ax, self.log, self.max_iterations = ax, log, max_iterations
        _label_cost_axes(ax)
        if log:
            ax.set_yscale("log")
            ax.set_ylim(1e-3, 1)
        else:  # a cost is never negative: before the first point, show [0, 1], not matplotlib's [-0.05, 0.05]
            ax.set_ylim(0, 1)

    def update(self, costs, every=1, shrink=True):
        """Show `costs` (one per `every` iterations); non-finite values are left out of the limits.

        The limits move in steps of 1, 2, 5 x 10**k, so that most frames keep the
        same axes and only the line is redrawn.  ``shrink=False`` (frames while a
        run is in progress) only lets the y axis grow, so the first frames of a new
        run keep the axes of the last one.
        """
        costs = np.asarray(costs, dtype=float)
        self.line.set_data(np.arange(len(costs)) * every, costs)
        finite = costs[np.isfinite(costs)]
        self.ax.set_xlim(0, self.max_iterations or _nice_ceiling(max(len(costs) * every, 10)))
        if finite.size:
            low, high = float(finite.min()), float(finite.max())
            if self.log:
                bottom = 10 ** np.floor(np.log10(max(low, 1e-6)))
                top = 10 ** np.ceil(np.log10(max(high, 1e-6)) + 1e-9)
            else:
                bottom, top = min(0.0, -_nice_ceiling(-low)) if low < 0 else 0.0, _nice_ceiling(high * 1.05)
            if not shrink:
                old_bottom, old_top = self.ax.get_ylim()
                bottom, top = min(bottom, old_bottom), max(top, old_top)
            self.ax.set_ylim(bottom, top)
        return self.line


def _nice_ceiling(x):
    """The smallest of 1, 2, 5, 10, 20, 50, ... that is >= x (x > 0)."""
    if not np.isfinite(x) or x <= 0:
        return 1.0
    power = 10.0 ** np.floor(np.log10(x))
    for step in (1, 2, 5, 10):
        if step * power >= x * (1 - 1e-12):
            return step * power
    return 10 * power
