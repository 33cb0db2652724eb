"""Browser-test fixtures: the real app on a free port, a second static site on
another port (for the embed widget), Debian's chromium driven by Playwright,
and axe-core from npm.

Missing tools (chromium, npm/axe-core) skip the tests with the reason on a
developer's machine, and fail them when ``CI=true``.
"""

from __future__ import annotations

import fcntl
import functools
import http.server
import os
import shutil
import subprocess
import tempfile
import threading
from pathlib import Path

import pytest

from tests.conftest import ROOT, THAIGOV_SAMPLE

CHROMIUM = Path(os.environ.get("THAINEWS_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
BROWSER_DIR = Path(__file__).resolve().parent
AXE_JS = BROWSER_DIR / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in ("true", "1", "yes")


def unavailable(reason: str):
    """Skip locally; in CI a missing tool is a failure, not a silent skip."""
    if in_ci():
        pytest.fail(f"{reason} (CI=true: browser tests must run)", pytrace=False)
    pytest.skip(reason)


# ---------------------------------------------------------------- servers


class _Thread:
    """Run ``server.serve_forever`` in a daemon thread; stop it on close."""

    def __init__(self, server):
        self.server = server
        self.thread = threading.Thread(target=server.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(5)


@pytest.fixture(scope="session")
def browser_index(request) -> Path:
    """The thaigov sample + seed index, or the seed alone when ../shared is absent."""
    name = "sample_index" if THAIGOV_SAMPLE.exists() else "seed_index"
    return request.getfixturevalue(name)


def _serve_app(index: Path):
    """Yield the URL of the real app over `index`, served by werkzeug's threaded WSGI server."""
    from werkzeug.serving import make_server

    from webui import create_app

    app = create_app({"INDEX_DIR": str(index)})
    server = make_server("127.0.0.1", 0, app, threaded=True)
    url = f"http://127.0.0.1:{server.server_port}"
    app.config["BASE_URL"] = url + "/"  # THAINEWS_BASE_URL: the embed snippets' absolute address
    running = _Thread(server)
    yield url
    running.close()


def _serve_page(page: str, root: Path):
    """Yield the URL of a plain static site on another port whose index.html is `page`."""
    (root / "index.html").write_text(page, encoding="utf-8")
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    running = _Thread(server)
    yield f"http://127.0.0.1:{server.server_port}"
    running.close()


@pytest.fixture(scope="session")
def app_url(browser_index) -> str:
    """The real app on a free port."""
    yield from _serve_app(browser_index)


HOST_PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Some other site</title>
<style>
  body {{ font-family: "Times New Roman", serif; color: rgb(51, 0, 102); background: rgb(250, 245, 230);
         line-height: 1.2; letter-spacing: 2px; }}
  h2 {{ color: rgb(200, 0, 0); font-size: 30px; font-family: monospace; text-transform: uppercase; margin: 7px; }}
  a {{ color: rgb(0, 160, 0); }}
  p, li {{ color: rgb(255, 0, 255); font-size: 22px; }}
  input, button {{ border: 5px dotted rgb(255, 0, 0); background: rgb(0, 0, 0); }}
  mark {{ background: rgb(0, 255, 255); }}
  div {{ padding: 3px; }}
</style>
</head>
<body>
<h1>A host page on another origin</h1>
<h2 id="host-h2">Host heading</h2>
<p id="host-p">Host paragraph with a <mark id="host-mark">host mark</mark>.</p>
<div id="panel-box">
  <script src="{app}/embed.js" data-placeholder="ค้นหาข่าวรัฐบาล" data-size="3" async></script>
</div>
<div id="newtab-target"></div>
<script src="{app}/embed.js" data-mode="newtab" data-target="#newtab-target"
        data-placeholder="ค้นในแท็บใหม่" data-from="2562" data-to="2563" async></script>
</body>
</html>
"""


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep pytest output clean
        pass


@pytest.fixture(scope="session")
def host_url(app_url, tmp_path_factory) -> str:
    """A plain static site on ANOTHER port whose page embeds the app's widget."""
    yield from _serve_page(HOST_PAGE.format(app=app_url), tmp_path_factory.mktemp("host-site"))


@pytest.fixture(scope="session")
def newsroom_url(newsroom_index) -> str:
    """The real app over the newsroom archive."""
    yield from _serve_app(newsroom_index)


NEWSROOM_HOST_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>A newsroom's intranet</title>
<style>body {{ font-family: serif; color: rgb(80, 0, 0); letter-spacing: 1px; }} [role=option] {{ color: red; }}</style>
</head>
<body><h1>Desk tools</h1>
<div id="panel-box"><script src="{app}/embed.js" data-placeholder="ค้นหาข่าวเดลินิวส์" data-size="4" async></script></div>
</body></html>
"""


@pytest.fixture(scope="session")
def newsroom_host_url(newsroom_url, tmp_path_factory) -> str:
    """A static site on another port embedding the newsroom app's widget."""
    yield from _serve_page(NEWSROOM_HOST_PAGE.format(app=newsroom_url), tmp_path_factory.mktemp("newsroom-host"))


# ---------------------------------------------------------------- browser


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        unavailable(f"{CHROMIUM} is not installed (make test installs Debian's chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("the playwright package is not installed (pip install -e '.[test]')")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


# the laptop and phone widths the page must work at (issue 24: 1280 and 390 px)
WIDTHS = [1280, 390]


def viewport(width: int) -> dict:
    """A laptop's or a phone's screen at `width` (390 x 844: the phone of issue 24)."""
    return {"width": width, "height": 900 if width > 600 else 844}


@pytest.fixture(params=WIDTHS, ids=lambda w: f"{w}px")
def width(request):
    return request.param


@pytest.fixture
def sized(page, width):
    """The page at each of ``WIDTHS``."""
    page.set_viewport_size(viewport(width))
    return page


@pytest.fixture
def context(browser):
    ctx = browser.new_context(viewport={"width": 1280, "height": 900}, locale="th-TH")
    ctx.set_default_timeout(10_000)
    yield ctx
    ctx.close()


@pytest.fixture
def page(context):
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield page
    assert not errors, f"JavaScript errors on the page: {errors}"


@pytest.fixture(scope="session")
def screenshots() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS


# ---------------------------------------------------------------- axe-core


@pytest.fixture(scope="session")
def axe_js() -> Path:
    """axe-core's script, installed from npm (package-lock.json) if needed."""
    if AXE_JS.exists():
        return AXE_JS
    npm = shutil.which("npm")
    if npm is None:
        unavailable("npm is not installed, so axe-core (the accessibility checker) is unavailable; "
                    "install Node.js/npm and run `npm ci --prefix tests/browser`")
    lock = Path(tempfile.gettempdir()) / "thainews-axe-npm-ci.lock"
    with open(lock, "w") as fh:  # pytest-xdist workers: one installs, the others wait
        fcntl.flock(fh, fcntl.LOCK_EX)
        if not AXE_JS.exists():
            proc = subprocess.run([npm, "ci", "--prefix", str(BROWSER_DIR), "--no-audit", "--no-fund",
                                   "--loglevel=error"], capture_output=True, text=True, timeout=300)
            if proc.returncode != 0 or not AXE_JS.exists():
                unavailable(f"`npm ci --prefix tests/browser` failed: {proc.stderr.strip()[-500:]}")
    return AXE_JS


def run_axe(page, axe_path: Path) -> list[dict]:
    """axe-core's violations on the page (WCAG 2.x A/AA and best practices)."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        # evaluated through the DevTools protocol, not as an inline <script>:
        # the pages' Content-Security-Policy (script-src 'self') blocks those
        page.evaluate(axe_path.read_text(encoding="utf-8"))
    result = page.evaluate("""async () => {
        const r = await axe.run(document, {resultTypes: ['violations']});
        return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.map(n => ({target: n.target, html: n.html.slice(0, 200)}))}));
    }""")
    return result


# ---------------------------------------------------------------- hostile corpus


@pytest.fixture(scope="session")
def xss_app_url(xss_index) -> str:
    """The real app over an index whose documents carry XSS payloads."""
    yield from _serve_app(xss_index)


XSS_HOST_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Embedding site</title></head>
<body><h1>Another origin</h1>
<div id="panel-box"><script src="{app}/embed.js" data-size="10" async></script></div>
</body></html>
"""


@pytest.fixture(scope="session")
def xss_host_url(xss_app_url, tmp_path_factory) -> str:
    """A static site on another port embedding the widget of the hostile-corpus app."""
    yield from _serve_page(XSS_HOST_PAGE.format(app=xss_app_url), tmp_path_factory.mktemp("xss-host-site"))
