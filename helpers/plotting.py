"""Figures the course draws again and again: decision boundaries, cost curves, image grids.

Each function draws on the axes it is given (or on new ones) and returns them,
so that a live figure can be redrawn in place.
"""

import numpy as np

RED_BLUE = "RdBu"


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
    ax.set_xlabel("iteration")
    ax.set_ylabel("cost $J$")
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
            title += f"\npred: {guess}"
            if labels is not None and predictions[i] != labels[i]:
                color = "crimson"
        ax.set_title(title, fontsize=8, color=color)
    fig.tight_layout()
    return fig
