"""JupyterLab starts the way `make lab` starts it, and serves /lab."""

import os
import pathlib
import socket
import subprocess
import sys
import time
import urllib.request

ROOT = pathlib.Path(__file__).resolve().parent.parent


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_make_lab_serves_jupyterlab(tmp_path):
    port = free_port()
    # the same recipe as `make lab`, with a free port, no browser and a known token
    command = ["make", "-s", "lab", f"PORT={port}"]
    env = dict(os.environ, JUPYTER_CONFIG_DIR=str(tmp_path / "config"), JUPYTER_RUNTIME_DIR=str(tmp_path / "runtime"),
               LAB_ARGS="--no-browser --ServerApp.ip=127.0.0.1 --IdentityProvider.token=course-test")
    server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                              start_new_session=True)
    try:
        deadline = time.monotonic() + 90
        status = None
        while time.monotonic() < deadline:
            assert server.poll() is None, server.stderr.read().decode()[-2000:]
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/lab?token=course-test", timeout=5) as r:
                    status = r.status
                    page = r.read().decode()
                break
            except OSError:
                time.sleep(0.5)
        assert status == 200
        assert "JupyterLab" in page
    finally:
        os.killpg(server.pid, 15)
        server.wait(timeout=30)
