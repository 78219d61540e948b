"""Scalar computation graphs: reverse-mode differentiation and a drawing.

A `Value` is one number that remembers the values it was computed from, the
operation that made it and a name.  ``J.backward()`` walks the graph from right
to left (outputs to inputs) and leaves dJ/dvar in ``var.grad`` for every value
``var`` that ``J`` depends on.  Each operation below defines its forward value
and, right under it, how to pass a gradient back to its inputs (the chain rule:
the input's gradient grows by the output's gradient times the local derivative).
`draw_graph` draws the graph left to right with matplotlib, as in the lectures.

Example
-------
>>> a, b, c = Value(5.0, label="a"), Value(3.0, label="b"), Value(2.0, label="c")
>>> J = 3 * (a + b * c)
>>> J.backward()
>>> J.data, a.grad, b.grad, c.grad
(33.0, 3.0, 6.0, 9.0)
"""

import math
import numbers

from .activations import sigmoid as _sigmoid

# how an operation is written inside its circle
OP_SYMBOLS = {"sigmoid": "σ", "neg": "−", "-": "−", "*": "×", "/": "÷"}


class Value:
    """A scalar node of a computation graph.

    Parameters
    ----------
    data : float
        The forward value.
    label : str
        A name shown in drawings (``"a"``, ``"dz"`` ...).

    Attributes
    ----------
    data : float
    grad : float
        dJ/d(this value) after ``J.backward()``; 0 before.
    label : str
    op : str
        The operation that made this value (``"+"``, ``"*"``, ``"**2"``,
        ``"relu"`` ...), or ``""`` for an input.
    inputs : tuple of Value
        The values this one was computed from, in order.
    """

    def __init__(self, data, label="", _inputs=(), _op=""):
        self.data = float(data)
        self.grad = 0.0
        self.label = label
        self.op = _op
        self.inputs = tuple(_inputs)
        self.constant = False  # a plain number that took part in an operation
        # `_backward` adds this node's contribution to its inputs' gradients
        self._backward = lambda: None

    def __repr__(self):
        name = f"{self.label}=" if self.label else ""
        return f"Value({name}{self.data:.6g}, grad={self.grad:.6g})"

    @staticmethod
    def _wrap(other):
        if isinstance(other, Value):
            return other
        if isinstance(other, numbers.Real):
            constant = Value(other, label=f"{float(other):g}")
            constant.constant = True
            return constant
        return NotImplemented

    def _result(self, data, inputs, op):
        return Value(data, _inputs=inputs, _op=op)

    # binary operations: d(out)/d(input) times out.grad flows into each input

    def __add__(self, other):
        other = self._wrap(other)
        if other is NotImplemented:
            return other
        out = self._result(self.data + other.data, (self, other), "+")

        def _backward():
            self.grad += out.grad          # d(s + o)/ds = 1
            other.grad += out.grad         # d(s + o)/do = 1
        out._backward = _backward
        return out

    def __sub__(self, other):
        other = self._wrap(other)
        if other is NotImplemented:
            return other
        out = self._result(self.data - other.data, (self, other), "-")

        def _backward():
            self.grad += out.grad          # d(s - o)/ds = 1
            other.grad -= out.grad         # d(s - o)/do = -1
        out._backward = _backward
        return out

    def __mul__(self, other):
        other = self._wrap(other)
        if other is NotImplemented:
            return other
        out = self._result(self.data * other.data, (self, other), "*")

        def _backward():
            self.grad += other.data * out.grad   # d(s o)/ds = o
            other.grad += self.data * out.grad   # d(s o)/do = s
        out._backward = _backward
        return out

    def __truediv__(self, other):
        other = self._wrap(other)
        if other is NotImplemented:
            return other
        out = self._result(self.data / other.data, (self, other), "/")

        def _backward():
            self.grad += out.grad / other.data                      # d(s/o)/ds = 1/o
            other.grad -= self.data / other.data ** 2 * out.grad    # d(s/o)/do = -s/o^2
        out._backward = _backward
        return out

    def __pow__(self, exponent):
        if not isinstance(exponent, numbers.Real):
            return NotImplemented
        out = self._result(self.data ** exponent, (self,), f"**{exponent:g}")

        def _backward():
            # d(s^n)/ds = n s^(n-1)
            self.grad += exponent * self.data ** (exponent - 1) * out.grad
        out._backward = _backward
        return out

    def __neg__(self):
        out = self._result(-self.data, (self,), "neg")

        def _backward():
            self.grad -= out.grad          # d(-s)/ds = -1
        out._backward = _backward
        return out

    # a number on the left: `3 * v`, `1 - a`, `1 / w` (the number comes first in the graph)

    def __radd__(self, other):
        other = self._wrap(other)
        return other if other is NotImplemented else other + self

    def __rsub__(self, other):
        other = self._wrap(other)
        return other if other is NotImplemented else other - self

    def __rmul__(self, other):
        other = self._wrap(other)
        return other if other is NotImplemented else other * self

    def __rtruediv__(self, other):
        other = self._wrap(other)
        return other if other is NotImplemented else other / self

    # functions of one value

    def relu(self):
        """max(0, x); its derivative is taken as 0 at x = 0."""
        out = self._result(max(self.data, 0.0), (self,), "relu")

        def _backward():
            self.grad += (self.data > 0) * out.grad
        out._backward = _backward
        return out

    def tanh(self):
        """tanh(x); derivative 1 - tanh(x)^2."""
        out = self._result(math.tanh(self.data), (self,), "tanh")

        def _backward():
            self.grad += (1.0 - out.data ** 2) * out.grad
        out._backward = _backward
        return out

    def sigmoid(self):
        """sigma(x) = 1 / (1 + e^-x), computed without overflow; derivative a (1 - a)."""
        out = self._result(float(_sigmoid(self.data)), (self,), "sigmoid")

        def _backward():
            self.grad += out.data * (1.0 - out.data) * out.grad
        out._backward = _backward
        return out

    def log(self):
        """Natural logarithm (x must be positive); derivative 1/x."""
        out = self._result(math.log(self.data), (self,), "log")

        def _backward():
            self.grad += out.grad / self.data
        out._backward = _backward
        return out

    def cross_entropy(self, y):
        """The logistic loss of a prediction a = self for the label y (0 or 1), as one step.

        L = -(y log a + (1 - y) log(1 - a)), with derivative dL/da = -y/a + (1 - y)/(1 - a).
        One node instead of the eight of its formula, for drawings of logistic regression.
        """
        if y not in (0, 1) or not 0.0 < self.data < 1.0:
            raise ValueError(f"cross_entropy needs a label 0 or 1 and a prediction strictly between 0 and 1, "
                             f"got y = {y!r} and a = {self.data!r}")
        a, y = self.data, float(y)
        out = self._result(-(y * math.log(a) + (1.0 - y) * math.log(1.0 - a)), (self,), f"L(·, {y:g})")

        def _backward():
            self.grad += (-y / a + (1.0 - y) / (1.0 - a)) * out.grad
        out._backward = _backward
        return out

    def exp(self):
        """e^x; it is its own derivative."""
        out = self._result(math.exp(self.data), (self,), "exp")

        def _backward():
            self.grad += out.data * out.grad
        out._backward = _backward
        return out

    # the backward pass

    def backward(self):
        """Fill ``.grad`` of every value this one depends on with d(self)/d(value).

        Gradients are reset to 0 first, then this value's is set to 1 and each
        node, taken from right to left in topological order, passes its gradient
        to its inputs.  A value used in several places receives the sum over
        all paths (the multivariable chain rule).
        """
        order = topological_order(self)
        for node in order:
            node.grad = 0.0
        self.grad = 1.0
        for node in reversed(order):
            node._backward()


def topological_order(root):
    """Every value `root` depends on (itself included), each after all of its inputs.

    Parameters
    ----------
    root : Value

    Returns
    -------
    list of Value, inputs first and `root` last
    """
    order, seen = [], set()
    # iterative depth-first search, so long chains do not hit the recursion limit
    stack = [(root, False)]
    while stack:
        node, expanded = stack.pop()
        if expanded:
            order.append(node)
            continue
        if id(node) in seen:
            continue
        seen.add(id(node))
        stack.append((node, True))
        for child in reversed(node.inputs):
            if id(child) not in seen:
                stack.append((child, False))
    return order


def _fmt(x):
    return f"{x + 0.0:.4g}"  # + 0.0 turns -0.0 into 0.0


def node_text(value, show_grad=True, sep=" | "):
    """The text of a value's box: ``"a | data 5 | grad 3"`` (a constant shows only its number).

    `sep` joins the parts; `draw_graph` uses a line break, which makes the boxes
    three lines high and far narrower, so a long graph still fits a page.
    """
    if value.constant:
        return _fmt(value.data)
    parts = [value.label] if value.label else []
    parts.append(f"data {_fmt(value.data)}")
    if show_grad:
        parts.append(f"grad {_fmt(value.grad)}")
    return sep.join(parts)


def _isotonic(targets, gaps):
    """Rows closest (least squares) to `targets` that keep their order with ``row[i+1] - row[i] >= gaps[i]``."""
    offsets = [0.0]
    for gap in gaps:
        offsets.append(offsets[-1] + gap)
    # with z = row - offset the constraint is "z never decreases": pool adjacent violators
    blocks = []  # [mean, count]
    for target, offset in zip(targets, offsets):
        blocks.append([target - offset, 1])
        while len(blocks) > 1 and blocks[-2][0] > blocks[-1][0]:
            mean, count = blocks.pop()
            blocks[-1] = [(blocks[-1][0] * blocks[-1][1] + mean * count) / (blocks[-1][1] + count),
                          blocks[-1][1] + count]
    z = [mean for mean, count in blocks for _ in range(count)]
    return [zi + offset for zi, offset in zip(z, offsets)]


def graph_layout(root, inputs_left=True):
    """Columns and rows of every value of the graph, for drawing left to right.

    A value's column is its longest-path depth from the inputs (inputs in
    column 0, `root` in the last).  A constant, and with ``inputs_left=False``
    any input, sits just left of the first value that uses it instead.  An
    arrow that spans several columns bends through one point per column
    between, so that it can go around the boxes there.  Rows follow the usual
    layered recipe: order each column by the mean position of its neighbours
    (keeping the order with the fewest crossings), then pull every box towards
    its neighbours' mean row while keeping boxes one row apart.

    Parameters
    ----------
    root : Value
    inputs_left : bool

    Returns
    -------
    positions : dict mapping ``id(value)`` to ``(column, row)``; row 0 is the top
    bends : dict mapping ``(id(input), id(value))`` to the list of ``(column, row)``
        its arrow passes through (empty for neighbouring columns)
    """
    order = topological_order(root)
    index = {id(node): i for i, node in enumerate(order)}
    column = []
    for node in order:
        column.append(1 + max((column[index[id(c)]] for c in node.inputs), default=-1))
    users = [[] for _ in order]
    for node in order:
        for child in node.inputs:
            users[index[id(child)]].append(index[id(node)])
    for i, node in enumerate(order):
        if not node.inputs and users[i] and (node.constant or not inputs_left):
            column[i] = min(column[u] for u in users[i]) - 1

    # first guess: leaves numbered as a depth-first walk from the root meets them
    guess = {}

    def place(node):
        i = index[id(node)]
        if i not in guess:
            if node.inputs:
                guess[i] = sum(place(c) for c in node.inputs) / len(node.inputs)
            else:
                guess[i] = float(len([g for g in guess if not order[g].inputs]))
        return guess[i]

    place(root)

    # every arrow as a chain of keys, one per column: nodes are 0..N-1, bend points N, N+1, ...
    layer, size, chains = list(column), [1.0] * len(order), {}
    for node in order:
        i = index[id(node)]
        for child in node.inputs:
            j = index[id(child)]
            chain = [j]
            for c in range(column[j] + 1, column[i]):
                fraction = (c - column[j]) / (column[i] - column[j])
                guess[len(layer)] = guess[j] + fraction * (guess[i] - guess[j])
                chain.append(len(layer))
                layer.append(c)
                size.append(0.4)
            chain.append(i)
            chains[(id(child), id(node))] = chain
    links = {(a, b) for chain in chains.values() for a, b in zip(chain, chain[1:])}
    before = {k: [a for a, b in links if b == k] for k in range(len(layer))}
    after = {k: [b for a, b in links if a == k] for k in range(len(layer))}
    n_columns = max(layer) + 1
    columns = [sorted((k for k in range(len(layer)) if layer[k] == c), key=lambda k: guess[k])
               for c in range(n_columns)]

    def crossings(columns):
        position = {k: p for col in columns for p, k in enumerate(col)}
        pairs = [(position[a], position[b], layer[a]) for a, b in links]
        return sum((p[0] - q[0]) * (p[1] - q[1]) < 0
                   for n, p in enumerate(pairs) for q in pairs[n + 1:] if p[2] == q[2])

    best, fewest = [list(col) for col in columns], crossings(columns)
    for sweep in range(4):
        left_to_right = sweep % 2 == 0
        neighbours = before if left_to_right else after
        for c in (range(1, n_columns) if left_to_right else range(n_columns - 2, -1, -1)):
            position = {k: p for col in columns for p, k in enumerate(col)}
            columns[c].sort(key=lambda k: (sum(position[n] for n in neighbours[k]) / len(neighbours[k])
                                           if neighbours[k] else position[k]))
        count = crossings(columns)
        if count < fewest:
            best, fewest = [list(col) for col in columns], count

    # rows: start stacked, then pull towards the neighbours a few times
    row = {}
    for col in best:
        y = 0.0
        for n, k in enumerate(col):
            y += 0 if n == 0 else (size[col[n - 1]] + size[k]) / 2
            row[k] = y
    for sweep in range(12):
        for col in (best if sweep % 2 == 0 else best[::-1]):
            targets = [sum(row[n] for n in before[k] + after[k]) / len(before[k] + after[k])
                       if before[k] + after[k] else row[k] for k in col]
            gaps = [(size[a] + size[b]) / 2 for a, b in zip(col, col[1:])]
            for k, y in zip(col, _isotonic(targets, gaps)):
                row[k] = y
    top = min(row.values())
    positions = {id(node): (column[i], row[i] - top) for i, node in enumerate(order)}
    bends = {edge: [(layer[k], row[k] - top) for k in chain[1:-1]] for edge, chain in chains.items()}
    return positions, bends


def draw_graph(root, ax=None, show_grad=True, fontsize=10, title=None, inputs_left=True):
    """Draw the computation graph that ends in `root`, inputs on the left.

    Each value is a box of up to three lines, its label, ``data ...`` and
    ``grad ...`` (inputs in orange, the output in bold, constants in plain
    boxes); the operation that made a value
    is a small circle just left of its box, with arrows from the operation's
    inputs.  Columns are as wide as their widest box.  Meant for graphs of a
    few dozen values (the layout is quadratic in the number of arrows).  A
    figure made here is sized so that the text keeps `fontsize` points: at the
    notebook's 100 dpi, 10 points are 14 pixels, and a graph of a dozen
    columns stays under about 12 inches, so a notebook showing it scaled to
    fit a 1280-pixel window still draws its text at 10 pixels or more.

    Parameters
    ----------
    root : Value
        The output (e.g. the cost ``J``).
    ax : matplotlib Axes, optional
        Drawn on (after clearing it; the font shrinks if the axes are too
        narrow); a new figure sized to the graph if None.
    show_grad : bool
        Show each value's ``.grad`` (call ``root.backward()`` first).
    fontsize : float
    title : str, optional
    inputs_left : bool
        Put every input in the first column (True) or just left of the
        value that first uses it (False, shorter arrows for big graphs).

    Returns
    -------
    ax : matplotlib Axes, holding one text per value and one per operation
    """
    import matplotlib.pyplot as plt
    from matplotlib.patches import FancyArrowPatch

    layout, bends = graph_layout(root, inputs_left)
    order = topological_order(root)
    n_columns = 1 + max(c for c, _ in layout.values())
    n_rows = 1 + max(r for _, r in layout.values())
    made_figure = ax is None
    scale = 1.0
    if made_figure:
        _, ax = plt.subplots(figsize=(8, 2))
    else:
        ax.clear()
    fig = ax.figure

    box = dict(boxstyle="round,pad=0.35", facecolor="#eef4fb", edgecolor="#3b6ea5")
    input_box = dict(box, facecolor="#fdf3e1", edgecolor="#b07a1e")
    constant_box = dict(boxstyle="round,pad=0.3", facecolor="white", edgecolor="#888888")
    circle = dict(boxstyle="circle,pad=0.25", facecolor="#fbe9e7", edgecolor="#c0504d")

    values, ops = {}, {}
    for node in order:
        style = constant_box if node.constant else (input_box if not node.inputs else box)
        values[id(node)] = ax.text(0, 0, node_text(node, show_grad, sep="\n"), ha="center", va="center",
                                   fontsize=fontsize, bbox=style, zorder=3,
                                   fontweight="bold" if node is root else "normal")
        if node.inputs:
            ops[id(node)] = ax.text(0, 0, OP_SYMBOLS.get(node.op, node.op), ha="center",
                                    va="center", fontsize=fontsize, bbox=circle, zorder=3)

    def widths(size):
        """Width of each column's op circles and boxes, in inches, at font `size`."""
        for text in list(values.values()) + list(ops.values()):
            text.set_fontsize(size)
        pad = 2 * 0.4 * size / 72
        op_w, box_w = [0.0] * n_columns, [0.0] * n_columns
        for node in order:
            column = layout[id(node)][0]
            box_w[column] = max(box_w[column], values[id(node)].get_window_extent().width / fig.dpi + pad)
            if node.inputs:
                extent = ops[id(node)].get_window_extent()
                op_w[column] = max(op_w[column], max(extent.width, extent.height) / fig.dpi + 1.4 * pad)
        return op_w, box_w

    lines = max(node_text(node, show_grad, sep="\n").count("\n") + 1 for node in order)
    gap, row_height = 0.15, (lines * 1.25 + 1.4) * fontsize / 72  # inches
    op_w, box_w = widths(fontsize)
    total = sum(op_w) + sum(box_w) + gap * (sum(w > 0 for w in op_w) + n_columns - 1)
    if made_figure:
        fig.set_size_inches(total + 0.3, n_rows * row_height + (0.5 if title else 0.2))
        ax.set_position([0.15 / (total + 0.3), 0, total / (total + 0.3), 1 - (0.3 if title else 0) / fig.get_figheight()])
    else:
        available = ax.get_position().width * fig.get_figwidth()
        if available < total:
            scale = available / total
            op_w, box_w = widths(fontsize * scale)
            total = sum(op_w) + sum(box_w) + gap * (sum(w > 0 for w in op_w) + n_columns - 1)

    # x (inches from the left) of each column's op circles and boxes
    op_x, box_x, cursor = [], [], 0.0
    for column in range(n_columns):
        if op_w[column] > 0:
            op_x.append(cursor + op_w[column] / 2)
            cursor += op_w[column] + gap
        else:
            op_x.append(cursor)
        box_x.append(cursor + box_w[column] / 2)
        cursor += box_w[column] + gap

    arrow = dict(mutation_scale=10 * scale, color="#555555", linewidth=scale, zorder=4)
    for node in order:
        column, row = layout[id(node)]
        values[id(node)].set_position((box_x[column], -row * row_height))
        if not node.inputs:
            continue
        op = ops[id(node)]
        op.set_position((op_x[column], -row * row_height))
        segments = [(op, values[id(node)])]
        for child in node.inputs:
            points = [values[id(child)]] + [(box_x[c], -r * row_height) for c, r in bends[(id(child), id(node))]] + [op]
            segments.extend(zip(points, points[1:]))
        for start, end in segments:
            # a box's end of a segment is clipped to the box at draw time, after the text is laid out
            ax.add_patch(FancyArrowPatch(
                start.get_position() if hasattr(start, "get_position") else start,
                end.get_position() if hasattr(end, "get_position") else end,
                patchA=start.get_bbox_patch() if hasattr(start, "get_bbox_patch") else None,
                patchB=end.get_bbox_patch() if hasattr(end, "get_bbox_patch") else None,
                arrowstyle="-|>" if hasattr(end, "get_bbox_patch") else "-",
                shrinkA=1 if hasattr(start, "get_bbox_patch") else 0,
                shrinkB=1 if hasattr(end, "get_bbox_patch") else 0, **arrow))

    ax.set_xlim(0, total)
    ax.set_ylim(-(n_rows - 0.5) * row_height, 0.5 * row_height)
    ax.set_axis_off()
    if title:
        ax.set_title(title)
    return ax
