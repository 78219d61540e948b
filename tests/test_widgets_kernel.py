"""helpers.widgets in a real kernel: slider messages from the front end are handled while a model trains."""

import os
import queue
import time

import pytest
from jupyter_client.manager import start_new_kernel

SETUP = """
import matplotlib.pyplot as plt
from helpers import ShallowNetwork
from helpers.datasets import load_planar_dataset
from helpers.plotting import DecisionMap
from helpers.widgets import LivePlot, live_callback, log_slider

X, Y = load_planar_dataset()
fig, ax = plt.subplots()
boundary = DecisionMap(ax, X, Y, resolution=30)
runs = []

def update(learning_rate):
    net = ShallowNetwork(learning_rate=learning_rate, num_iterations=NUM)
    def draw(iteration, cost, parameters):
        net.parameters = parameters
        boundary.update(net.predict_proba)
    net.train(X, Y, callback=live_callback(draw), callback_every=10, on_divergence="stop")
    runs.append((learning_rate, len(net.costs)))

NUM = 10
live = LivePlot(fig, update, learning_rate=log_slider("learning rate", 1.2, -3, 1))
NUM = 200000  # from now on a run would take minutes unless cancelled
print(live.controls["learning_rate"].model_id)
"""


def execute(kc, code, timeout=120):
    """Run `code`; return (its stdout, seconds until the reply)."""
    start = time.perf_counter()
    msg_id = kc.execute(code)
    reply = kc.get_shell_msg(timeout=timeout)
    while reply["parent_header"].get("msg_id") != msg_id:
        reply = kc.get_shell_msg(timeout=timeout)
    seconds = time.perf_counter() - start
    assert reply["content"]["status"] == "ok", reply["content"]
    out = []
    while True:
        try:
            msg = kc.get_iopub_msg(timeout=5)
        except queue.Empty:
            break
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        if msg["msg_type"] == "stream":
            out.append(msg["content"]["text"])
        if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
            break
    return "".join(out), seconds


def send_value(kc, comm_id, value):
    """What the browser sends when a slider is released."""
    msg = kc.session.msg("comm_msg", {"comm_id": comm_id,
                                      "data": {"method": "update", "state": {"value": value}, "buffer_paths": []}})
    kc.shell_channel.send(msg)


@pytest.fixture(scope="module")
def kernel():
    env = {**os.environ, "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
    km, kc = start_new_kernel(kernel_name="python3", env=env)
    yield kc
    kc.stop_channels()
    km.shutdown_kernel(now=True)


def test_slider_messages_are_handled_while_training_and_cancel_the_run(kernel):
    out, _ = execute(kernel, SETUP)
    comm_id = out.strip().splitlines()[-1]
    send_value(kernel, comm_id, 0.5)     # starts a run of 200000 iterations in the background
    time.sleep(1.0)
    _, seconds = execute(kernel, "busy = live._runner._thread.is_alive()")
    assert seconds < 5, f"the kernel took {seconds:.1f} s to answer while training"
    send_value(kernel, comm_id, 0.01)    # handled at once: the first run stops
    time.sleep(1.0)
    out, _ = execute(kernel, "live._runner.cancel(); live.wait(60); print(busy, runs[1:], live.controls['learning_rate'].value)")
    busy, rest = out.split(" ", 1)
    assert busy == "True"
    runs = eval(rest.rsplit(" ", 1)[0])
    assert runs[0][0] == pytest.approx(0.5) and runs[0][1] < 200000  # cancelled by the second value
    assert float(rest.rsplit(" ", 1)[1]) == pytest.approx(0.01)
