"""The demos in a real browser: Chromium driven by Playwright, as a lecturer would use them.

`make demo` serves the playground with Voila and `make lab` serves JupyterLab; the tests open a
page, wait for the kernel, move a slider with the keyboard, press play and pause, and check
what a person sees: the figure's pixels change, the iteration counter advances and then stops,
and no error is shown.  The browser-side latency (key release to the changed figure decoded
and painted) is measured in the page and written to `tests/.browser_latencies.json`.

Debian's `chromium` is used (`make test` installs it when it can); without it, or without the
`playwright` package, the tests skip and say why.  On failure a screenshot is kept in the
test's temporary directory.
"""

import contextlib
import json
import os
import pathlib
import shutil
import socket
import statistics
import subprocess
import time
import urllib.request

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
LATENCIES = ROOT / "tests" / ".browser_latencies.json"
# key release to changed pixels: the target, 500 ms median (measured idle: about 0.06 s for
# the playground under Voila, 0.04 s for 3.9's player in JupyterLab); BROWSER_BUDGET=1.5 gives a
# heavily loaded machine slack
BUDGET = float(os.environ.get("BROWSER_BUDGET", "0.5"))
STARTUP = 180_000  # ms: servers, kernels and first executions are slow on a busy machine
TOKEN = "course-browser-test"

if not os.path.exists(CHROMIUM):
    pytest.skip("Chromium is not installed (`apt-get install chromium`, or `make test` as root)",
                allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="the `playwright` package is not installed")

# the frames of a figure: an <img> whose src changes; a frame counts once it is decoded and painted
WATCH = """(img) => {
  window.__frames = [];
  if (!window.__keyHooked) {
    window.__keyHooked = true;
    document.addEventListener('keyup', () => { window.__keyup = performance.now(); }, true);
  }
  new MutationObserver(() => {
    img.decode().catch(() => null).then(() => requestAnimationFrame(() => window.__frames.push(performance.now())));
  }).observe(img, {attributes: true, attributeFilter: ['src']});
}"""


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def make_server(target, port, tmp_path, url, **variables):
    """Run `make <target> PORT=port` in its own process group until the block ends; wait for `url`."""
    env = dict(os.environ, JUPYTER_CONFIG_DIR=str(tmp_path / "config"), JUPYTER_RUNTIME_DIR=str(tmp_path / "runtime"),
               **variables)
    log = open(tmp_path / f"{target}.log", "wb")
    server = subprocess.Popen(["make", "-s", target, f"PORT={port}"], cwd=ROOT, env=env, stdout=log,
                              stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.monotonic() + STARTUP / 1000
        while True:
            assert server.poll() is None, (tmp_path / f"{target}.log").read_text()[-2000:]
            try:
                with urllib.request.urlopen(url, timeout=5):
                    break
            except OSError:
                assert time.monotonic() < deadline, f"`make {target}` did not serve {url} in time"
                time.sleep(0.5)
        yield server
    finally:
        os.killpg(server.pid, 15)
        server.wait(timeout=30)
        log.close()


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    yield page
    context.close()


@contextlib.contextmanager
def screenshot_on_failure(page, tmp_path):
    """Keep what the browser showed as failure.png in the test's tmp_path if the block fails."""
    try:
        yield
    except BaseException:
        page.screenshot(path=str(tmp_path / "failure.png"), full_page=True)
        raise


class Figure:
    """The image of a live figure in `page`, watched for new frames."""

    def __init__(self, page, image):
        self.page, self.image = page, image
        image.wait_for(state="visible", timeout=STARTUP)
        image.evaluate(WATCH)

    def frames(self):
        return self.page.evaluate("window.__frames.length")

    def pixels(self):
        return self.image.screenshot()

    def settle(self, quiet=0.6, timeout=20.0):
        """Wait until no new frame has arrived for `quiet` seconds."""
        deadline = time.monotonic() + timeout
        count, since = self.frames(), time.monotonic()
        while time.monotonic() < deadline:
            time.sleep(0.1)
            now = self.frames()
            if now != count:
                count, since = now, time.monotonic()
            elif time.monotonic() - since >= quiet:
                return
        raise AssertionError("the figure never stopped changing")

    def latency_of_key(self, handle, key):
        """Press `key` on a slider's handle; seconds from its release to the first new frame painted."""
        self.page.evaluate("window.__frames = []; window.__keyup = null")
        handle.focus()
        handle.press(key)
        self.page.wait_for_function("window.__frames.length > 0 && window.__keyup !== null", timeout=30_000)
        return self.page.evaluate("(window.__frames[0] - window.__keyup) / 1000")


def counter(page, scope):
    text = scope.locator("text=/iteration \\d+/").first.inner_text()
    return int(text.split("iteration")[1].split()[0].strip(",:"))


def assert_no_errors(page, scope):
    assert not page.errors, f"the page raised: {page.errors}"
    assert scope.locator("[data-mime-type='application/vnd.jupyter.stderr']").count() == 0, \
        scope.locator("[data-mime-type='application/vnd.jupyter.stderr']").first.inner_text()
    text = scope.inner_text()
    for marker in ("Traceback", "Error displaying widget", "Error:"):
        assert marker not in text, f"{marker!r} on the page: ...{text[text.index(marker) - 200:][:400]}"


def play_and_pause(page, scope, figure):
    """Press play: frames arrive and the counter advances; press pause: both stop."""
    start = counter(page, scope)
    before = figure.pixels()
    scope.get_by_role("button", name="play").first.click()
    page.wait_for_function(f"window.__frames.length >= 3", timeout=30_000)
    page.wait_for_timeout(500)
    moving = counter(page, scope)
    assert moving > start, f"the counter stayed at {start} while playing"
    assert figure.pixels() != before, "the figure did not change while playing"
    scope.get_by_role("button", name="pause").first.click()
    figure.settle()
    stopped = counter(page, scope)
    page.wait_for_timeout(1500)
    assert counter(page, scope) == stopped, "the counter kept advancing after pause"
    return moving


def measure_slider(page, figure, handle, presses=5):
    """Latencies of `presses` key presses on a slider (right, left, ...), each from a quiet figure."""
    latencies = []
    for i in range(presses):
        figure.settle()
        before = figure.pixels()
        latencies.append(figure.latency_of_key(handle, "ArrowRight" if i % 2 == 0 else "ArrowLeft"))
        page.wait_for_timeout(200)
        assert figure.pixels() != before, "the figure's pixels did not change after the slider moved"
        pause = page.get_by_role("button", name="pause")
        if pause.count():
            pause.first.click()  # a changed control restarts and plays; measure each press from rest
    return latencies


def record(name, latencies):
    try:
        table = json.loads(LATENCIES.read_text())
    except (OSError, ValueError):
        table = {}
    table[name] = {"median_s": round(statistics.median(latencies), 3), "worst_s": round(max(latencies), 3),
                   "samples": [round(x, 3) for x in latencies]}
    LATENCIES.write_text(json.dumps(table, indent=1, sort_keys=True) + "\n")


def slider_handle(scope, label):
    return scope.locator(".widget-slider").filter(has_text=label).first.locator(".noUi-handle").first


def test_playground_under_voila(page, tmp_path):
    port = free_port()
    with make_server("demo", port, tmp_path, f"http://127.0.0.1:{port}/"), screenshot_on_failure(page, tmp_path):
        start = f"http://127.0.0.1:{port}/voila/render/demo/index.ipynb"
        page.goto(start, timeout=STARTUP)
        # the start page lists the demos; its prepared link opens the playground with that set-up
        page.get_by_role("link", name="XOR with two hidden units").click()
        page.wait_for_url("**/notebooks/playground.ipynb?*", timeout=STARTUP)
        figure = Figure(page, page.locator("img.widget-image").first)
        body = page.locator("body")
        # the set-up came from the query string
        assert page.locator("select").first.input_value() == "XOR"  # the label of "xor"
        assert "layers=2" in page.url
        play_and_pause(page, body, figure)
        latencies = measure_slider(page, figure, slider_handle(page, "learning rate"))
        record("playground (Voila)", latencies)
        # the address bar follows the controls: an odd number of presses moved the learning rate
        page.wait_for_function("!['1', null].includes(new URLSearchParams(window.location.search).get('lr'))",
                               timeout=30_000)
        assert "data=xor" in page.url
        assert_no_errors(page, body)
        assert statistics.median(latencies) <= BUDGET, f"key release to changed pixels: {latencies} s"


def test_notebook_in_jupyterlab(page, tmp_path):
    port = free_port()
    args = (f"--no-browser --ServerApp.ip=127.0.0.1 --IdentityProvider.token={TOKEN} "
            "--LabApp.expose_app_in_browser=True")
    with (make_server("lab", port, tmp_path, f"http://127.0.0.1:{port}/lab?token={TOKEN}", LAB_ARGS=args),
          screenshot_on_failure(page, tmp_path)):
        # the start page opens rendered, and its links open the notebooks
        page.goto(f"http://127.0.0.1:{port}/lab/tree/notebooks/README.md?token={TOKEN}", timeout=STARTUP)
        link = page.locator(".jp-RenderedMarkdown a", has_text="3.9 Gradient descent for a neural network")
        link.wait_for(timeout=STARTUP)
        link.click()
        notebook = page.locator(".jp-NotebookPanel:visible").first
        notebook.wait_for(timeout=STARTUP)
        page.wait_for_function("window.jupyterapp.shell.currentWidget?.context?.path?.endsWith("
                               "'03-09-gradient-descent-one-hidden-layer.ipynb')", timeout=STARTUP)
        page.wait_for_function("window.jupyterapp.shell.currentWidget.sessionContext.session?.kernel?.status"
                               " === 'idle'", timeout=STARTUP)
        page.evaluate("window.jupyterapp.commands.execute('notebook:run-all-cells')")
        page.wait_for_function(
            "(() => { const w = window.jupyterapp.shell.currentWidget;"
            " const prompts = [...w.node.querySelectorAll('.jp-InputPrompt')].map(p => p.textContent);"
            " return w.sessionContext.session.kernel.status === 'idle' && prompts.length > 0"
            " && prompts.every(p => !p.includes('*')) && prompts.some(p => /\\d/.test(p)); })()",
            timeout=STARTUP)
        # the player: the output holding its buttons
        # (found by its "new seed" button: "play" turns into "pause" while it plays)
        output = notebook.locator(".jp-OutputArea-output").filter(has=page.get_by_role("button", name="new seed")).first
        output.scroll_into_view_if_needed()
        figure = Figure(page, output.locator("img.widget-image").first)
        play_and_pause(page, output, figure)
        latencies = measure_slider(page, figure, slider_handle(output, "learning rate"))
        record("3.9 player (JupyterLab)", latencies)
        assert_no_errors(page, notebook)
        assert statistics.median(latencies) <= BUDGET, f"key release to changed pixels: {latencies} s"
