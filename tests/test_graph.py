"""Tests for helpers/graph.py: scalar reverse-mode differentiation and its drawing."""

import math

import matplotlib.pyplot as plt
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers.activations import sigmoid
from helpers.graph import Value, draw_graph, graph_layout, node_text, topological_order

EPSILON = 1e-6
inputs = st.floats(min_value=-2.0, max_value=2.0, allow_nan=False)


def numeric_grad(build, xs, i, epsilon=EPSILON):
    """Central difference of ``build(values).data`` with respect to input `i`."""
    plus = [Value(x + (epsilon if k == i else 0.0)) for k, x in enumerate(xs)]
    minus = [Value(x - (epsilon if k == i else 0.0)) for k, x in enumerate(xs)]
    return (build(plus).data - build(minus).data) / (2 * epsilon)


def assert_grads_match(build, xs, rtol=1e-5, atol=1e-6):
    """Backward's gradient of every input against central differences."""
    values = [Value(x, label=f"x{k}") for k, x in enumerate(xs)]
    out = build(values)
    out.backward()
    for k, value in enumerate(values):
        expected = numeric_grad(build, xs, k)
        assert value.grad == pytest.approx(expected, rel=rtol, abs=atol), (
            f"d out / d x{k} at x = {xs}: backward gave {value.grad!r}, "
            f"central difference gives {expected!r}")


def test_lecture_example_J_equals_3_a_plus_bc():
    # u = b c = 6, v = a + u = 11, J = 3 v = 33; dJ/dv = 3, dJ/da = 3, dJ/du = 3,
    # dJ/db = dJ/du * c = 3 * 2 = 6, dJ/dc = dJ/du * b = 3 * 3 = 9
    a, b, c = Value(5.0, label="a"), Value(3.0, label="b"), Value(2.0, label="c")
    u = b * c
    v = a + u
    J = 3 * v
    assert (u.data, v.data, J.data) == (6.0, 11.0, 33.0)
    J.backward()
    assert J.grad == 1.0
    assert (v.grad, a.grad, u.grad, b.grad, c.grad) == (3.0, 3.0, 3.0, 6.0, 9.0)


def test_forward_values_of_every_operation():
    a, b = Value(1.5), Value(-0.5)
    assert (a + b).data == 1.0
    assert (a - b).data == 2.0
    assert (a * b).data == -0.75
    assert (a / b).data == -3.0
    assert (a ** 2).data == 2.25
    assert (-a).data == -1.5
    assert (2 + a).data == 3.5 and (2 - a).data == 0.5
    assert (2 * a).data == 3.0 and (3 / a).data == 2.0
    assert a.relu().data == 1.5 and b.relu().data == 0.0
    assert a.tanh().data == pytest.approx(math.tanh(1.5))
    assert a.sigmoid().data == pytest.approx(1 / (1 + math.exp(-1.5)))
    assert a.log().data == pytest.approx(math.log(1.5))
    assert b.exp().data == pytest.approx(math.exp(-0.5))


def test_sigmoid_does_not_overflow():
    assert Value(1000.0).sigmoid().data == 1.0
    assert Value(-1000.0).sigmoid().data == float(sigmoid(-1000.0)) == 0.0


UNARY = {
    "neg": lambda x: -x,
    "pow3": lambda x: x ** 3,
    "tanh": lambda x: x.tanh(),
    "sigmoid": lambda x: x.sigmoid(),
    "exp": lambda x: x.exp(),
    "log": lambda x: (x * x + 0.5).log(),
    "sqrt": lambda x: (x * x + 1) ** 0.5,
    "rsub": lambda x: 1 - x,
    "radd": lambda x: 1 + x,
    "rmul": lambda x: 2 * x,
    "rdiv": lambda x: 1 / (x * x + 1),
}

BINARY = {
    "add": lambda x, y: x + y,
    "sub": lambda x, y: x - y,
    "mul": lambda x, y: x * y,
    "div": lambda x, y: x / (y * y + 1),
}


@pytest.mark.parametrize("name", UNARY)
@given(x=inputs)
def test_unary_gradients_match_central_differences(name, x):
    assert_grads_match(lambda v: UNARY[name](v[0]), [x])


@pytest.mark.parametrize("name", BINARY)
@given(x=inputs, y=inputs)
def test_binary_gradients_match_central_differences(name, x, y):
    assert_grads_match(lambda v: BINARY[name](v[0], v[1]), [x, y])


@given(x=st.floats(min_value=0.01, max_value=3.0))
def test_relu_gradient_is_one_on_the_right_and_zero_on_the_left(x):
    right, left = Value(x), Value(-x)
    right.relu().backward()
    left.relu().backward()
    assert (right.grad, left.grad) == (1.0, 0.0)


# random smooth expressions in three inputs, as nested tuples
SMOOTH_UNARY = ["neg", "tanh", "sigmoid", "square", "softlog", "exptanh"]
SMOOTH_BINARY = ["+", "-", "*", "/"]
expressions = st.recursive(
    st.one_of(st.tuples(st.just("x"), st.integers(0, 2)),
              st.tuples(st.just("const"), st.floats(-2, 2, allow_nan=False))),
    lambda inner: st.one_of(
        st.tuples(st.sampled_from(SMOOTH_UNARY), inner),
        st.tuples(st.sampled_from(SMOOTH_BINARY), inner, inner)),
    max_leaves=8)


def evaluate(tree, xs):
    kind = tree[0]
    if kind == "x":
        return xs[tree[1]]
    if kind == "const":
        return tree[1]
    args = [evaluate(t, xs) for t in tree[1:]]
    if not any(isinstance(a, Value) for a in args):
        args[0] = Value(args[0])
    if kind in SMOOTH_BINARY:
        left, right = args
        return {"+": lambda: left + right, "-": lambda: left - right, "*": lambda: left * right,
                "/": lambda: left / (right * right + 1)}[kind]()
    (x,) = args
    return {"neg": lambda: -x, "tanh": x.tanh, "sigmoid": x.sigmoid, "square": lambda: x ** 2,
            "softlog": lambda: (x * x + 1).log(), "exptanh": lambda: x.tanh().exp()}[kind]()


@settings(max_examples=150, deadline=None)
@given(tree=expressions, xs=st.lists(inputs, min_size=3, max_size=3))
def test_random_expressions_match_central_differences(tree, xs):
    def build(values):
        out = evaluate(tree, values)
        return out if isinstance(out, Value) else Value(out)

    assert_grads_match(build, xs, rtol=1e-4, atol=1e-5)


def test_a_value_used_twice_gets_the_sum_of_its_paths():
    a, b = Value(3.0, label="a"), Value(-2.0, label="b")
    (a * a).backward()
    assert a.grad == 6.0                     # d(a^2)/da = 2a
    (a + a).backward()
    assert a.grad == 2.0
    # f = a b + a: one path through the product (b) and one straight (1)
    f = a * b + a
    f.backward()
    assert (a.grad, b.grad) == (-2.0 + 1.0, 3.0)
    # a diamond: u = 2a and w = a^2 both feed f = u w, f = 2 a^3, df/da = 6 a^2 = 54
    u, w = 2 * a, a ** 2
    f = u * w
    f.backward()
    assert a.grad == pytest.approx(54.0)


def test_backward_twice_gives_the_same_gradients():
    a = Value(2.0)
    f = a * a * a
    f.backward()
    f.backward()
    assert a.grad == 12.0


def test_topological_order_puts_inputs_first_and_handles_long_chains():
    x = Value(0.5, label="x")
    y = x
    for _ in range(3000):  # deeper than Python's recursion limit
        y = y * 1.0
    order = topological_order(y)
    assert order[0] is x and order[-1] is y
    seen = set()
    for node in order:
        assert all(id(child) in seen for child in node.inputs)
        seen.add(id(node))
    y.backward()
    assert x.grad == 1.0


def test_operations_on_other_types_raise_type_error():
    with pytest.raises(TypeError):
        Value(1.0) + "a"
    with pytest.raises(TypeError):
        Value(1.0) ** Value(2.0)


def test_node_text():
    a = Value(5.0, label="a")
    a.grad = 3.0
    assert node_text(a) == "a | data 5 | grad 3"
    assert node_text(a, show_grad=False) == "a | data 5"
    assert node_text(Value(-0.0)) == "data 0 | grad 0"
    three = (3 * a).inputs[0]
    assert three.constant and node_text(three) == "3"


def lecture_graph():
    a, b, c = Value(5.0, label="a"), Value(3.0, label="b"), Value(2.0, label="c")
    u = b * c
    u.label = "u"
    v = a + u
    v.label = "v"
    J = 3 * v
    J.label = "J"
    return J, (a, b, c, u, v)


def test_layout_puts_inputs_left_and_the_output_right():
    J, (a, b, c, u, v) = lecture_graph()
    positions, bends = graph_layout(J)
    column = {name: positions[id(node)][0] for name, node in zip("abcuvJ", (a, b, c, u, v, J))}
    assert column == {"a": 0, "b": 0, "c": 0, "u": 1, "v": 2, "J": 3}
    # a -> v skips column 1, so its arrow bends once there
    assert len(bends[(id(a), id(v))]) == 1 and bends[(id(b), id(u))] == []
    rows = [positions[id(n)][1] for n in (a, b, c)]
    assert len(set(rows)) == 3  # inputs of one column do not overlap
    positions, _ = graph_layout(J, inputs_left=False)
    assert positions[id(a)][0] == 1


def test_draw_graph_draws_one_text_per_node():
    J, nodes = lecture_graph()
    J.backward()
    ax = draw_graph(J)
    order = topological_order(J)
    n_ops = sum(1 for node in order if node.inputs)
    # 6 values + the constant 3, and 3 operations (*, +, *)
    assert (len(order), n_ops) == (7, 3)
    assert len(ax.texts) == len(order) + n_ops
    texts = [t.get_text() for t in ax.texts]
    # each box stacks its label, data and grad on three lines
    assert "a\ndata 5\ngrad 3" in texts and "J\ndata 33\ngrad 1" in texts
    assert "c\ndata 2\ngrad 9" in texts
    assert texts.count("×") == 2 and texts.count("+") == 1
    # inputs to the left of the output
    x = {t.get_text().split("\n")[0]: t.get_position()[0] for t in ax.texts}
    assert x["a"] < x["u"] < x["v"] < x["J"]
    ax.figure.canvas.draw()  # the arrows clip against the boxes without error
    plt.close(ax.figure)


def test_draw_graph_on_given_axes_redraws_in_place():
    J, _ = lecture_graph()
    fig, ax = plt.subplots(figsize=(3, 2))
    out = draw_graph(J, ax=ax, show_grad=False)
    assert out is ax
    first = len(ax.texts)
    draw_graph(J, ax=ax)
    assert len(ax.texts) == first == 10
    assert "a\ndata 5\ngrad 0" in [t.get_text() for t in ax.texts]
    fig.canvas.draw()
    plt.close(fig)


@given(st.floats(min_value=-3.0, max_value=3.0), st.sampled_from([0, 1]))
@settings(max_examples=30, deadline=None)
def test_cross_entropy_step_matches_central_differences_and_its_formula(z, y):
    assert_grads_match(lambda v: v[0].sigmoid().cross_entropy(y), [z])
    a = Value(z).sigmoid()
    spelled_out = -(y * a.log() + (1 - y) * (1 - a).log())
    assert a.cross_entropy(y).data == pytest.approx(spelled_out.data)


def test_cross_entropy_refuses_bad_labels_and_predictions():
    with pytest.raises(ValueError, match="label 0 or 1"):
        Value(0.5).cross_entropy(2)
    with pytest.raises(ValueError, match="strictly between 0 and 1"):
        Value(1.0).cross_entropy(1)


def test_node_text_can_stack_its_parts():
    a = Value(5.0, label="a")
    a.grad = 3.0
    assert node_text(a, sep="\n") == "a\ndata 5\ngrad 3"


def _text_pixels_when_fitted(ax, width_px=900):
    """Height in pixels of the graph's node text once a notebook scales the PNG to `width_px`.

    The inline backend renders at 100 dpi with a tight bounding box; JupyterLab shrinks a wider image to
    the output area, about 900 px in a 1280 px window with the file browser open.
    """
    import io

    from PIL import Image

    fig = ax.figure
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=100, bbox_inches="tight")
    width = Image.open(io.BytesIO(buffer.getvalue())).size[0]
    size_pt = min(t.get_fontsize() for t in ax.texts)
    plt.close(fig)
    return size_pt * 100 / 72 * min(1.0, width_px / width)


def _two_layer_relu():
    x, y = Value(1.0, label="x"), Value(5.0, label="y")
    w1, b1, w2, b2 = Value(2.0, label="w1"), Value(0.0, label="b1"), Value(3.0, label="w2"), Value(1.0, label="b2")
    a1 = (w1 * x + b1).relu()
    a2 = (w2 * a1 + b2).relu()
    J = (a2 - y) ** 2 / 2
    J.backward()
    return J


def _logistic_regression_one_example():
    w1, x1, w2, x2, b = (Value(v, label=n) for v, n in ((0.5, "w1"), (1.0, "x1"), (-0.3, "w2"), (2.0, "x2"), (0.2, "b")))
    z = w1 * x1 + w2 * x2 + b
    L = z.sigmoid().cross_entropy(1)
    L.backward()
    return L


def _last_layer():
    a_prev, w, b = Value(0.6, label="a[L-1]"), Value(2.0, label="w[L]"), Value(-0.3, label="b[L]")
    C = ((w * a_prev + b).sigmoid() - 1.0) ** 2
    C.backward()
    return C


@pytest.mark.parametrize("build, inputs_left", [(_two_layer_relu, False), (_logistic_regression_one_example, True),
                                                (_last_layer, True)])
def test_graphs_of_the_notebooks_are_readable_at_100_percent(build, inputs_left):
    # the issue: C.2's two-layer ReLU graph and C.1's last layer drew their node text at 5-6 px
    assert _text_pixels_when_fitted(draw_graph(build(), inputs_left=inputs_left, title="t")) >= 10
