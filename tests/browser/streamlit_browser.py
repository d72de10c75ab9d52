"""Helpers for the browser tests: a Streamlit server process, Debian's Chromium, and "page settled".

No fixtures here (they are in conftest.py); this module only holds plain functions and classes so
test modules can import them.

How "page settled" is decided (`wait_settled`)
----------------------------------------------
Streamlit sends a page in several steps over a websocket: the script runs (possibly twice: app.py
restarts its first run with st.rerun), elements arrive one by one, lazily loaded components
(Plotly, deck.gl, dataframes) first show a skeleton, and after the run the sidebar rewrites the
URL. No single event marks the end, so we poll the DOM until ALL of these hold:

1. `[data-testid="stApp"]` reports `data-test-connection-state="CONNECTED"` and
   `data-test-script-state="notRunning"` (Streamlit's own test attributes);
2. there is no running indicator (`stStatusWidget`), no element still marked stale from the
   previous run (`data-stale="true"`), no skeleton/spinner (`stSkeleton`, `stAppSkeleton`,
   `stSpinner`), and every Plotly chart has drawn its SVG;
3. the main block (`stMainBlockContainer`) has visible text;
4. and a signature of the page (URL + main text + sidebar text + number of elements) has stayed
   the same for a quiet period (0.5 s by default). The quiet period covers the gap between the two
   runs of the first load, the URL rewrite after a run, and charts that finish drawing.

After an interaction (a click), call `wait_settled` again; the quiet period also absorbs the few
milliseconds before the rerun starts. Tests that expect a value still assert it with Playwright's
auto-retrying `expect(...)`, so a slow machine only makes them slower, not flaky.
"""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import Browser, Page, Playwright, sync_playwright

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "artifacts"
SCREENSHOTS = ARTIFACTS / "screenshots"
LOGS = ARTIFACTS / "logs"
SNAPSHOTS_DIR = ROOT / "data" / "snapshots"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]
VIEWPORT = {"width": 1366, "height": 768}
HEALTH_TIMEOUT_S = 60
LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1", "[::1]"}
HARMLESS_SCHEMES = {"data", "blob", "about"}

ERROR_SELECTORS = {
    "exception": '[data-testid="stException"]',
    "error alert": '[data-testid="stAlertContentError"]',
    # The app opens no dialog of its own; Streamlit's modal ones ("Page not found", script errors)
    # block the whole page.
    "modal dialog": '[data-testid="stDialog"] [role="dialog"]',
}


# --- the server -------------------------------------------------------------------------------

# Ports the test servers may use, as "first-last" (e.g. 8661-8679): on a machine shared by several people each is
# given a range of ports; unset, any free port.
PORTS_ENV = "BROWSER_TEST_PORTS"


def free_port() -> int:
    span = os.environ.get(PORTS_ENV, "").strip()
    if not span:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
            s.bind(("127.0.0.1", 0))
            return s.getsockname()[1]
    first, _, last = span.partition("-")
    for port in range(int(first), int(last or first) + 1):
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free port in {PORTS_ENV}={span}")


# How the server is started: "serve" is what `make run` does (python -m dashboard.serve, which switches
# Streamlit's legacy pages/ mode off before the first session); "streamlit-run" is a plain
# `streamlit run app.py`, which app.py must still cope with.
LAUNCHERS = {
    "serve": [sys.executable, "-m", "dashboard.serve"],
    "streamlit-run": [sys.executable, "-m", "streamlit", "run", "app.py"],
}


class StreamlitServer:
    """The dashboard server on a free port, from the repo root; output goes to artifacts/logs/."""

    def __init__(self, name: str, env: dict[str, str] | None = None, launcher: str = "serve"):
        self.name = name
        self.command = LAUNCHERS[launcher]
        self.port = free_port()
        self.base_url = f"http://localhost:{self.port}"
        self.log_path = LOGS / f"streamlit-{name}.log"
        self._env = {**os.environ, **(env or {})}
        self._proc: subprocess.Popen | None = None
        self._log = None

    def start(self) -> "StreamlitServer":
        LOGS.mkdir(parents=True, exist_ok=True)
        self._log = open(self.log_path, "wb")
        self._proc = subprocess.Popen(
            [*self.command, "--server.port", str(self.port), "--server.headless", "true"],
            cwd=ROOT, env=self._env, stdout=self._log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        deadline = time.monotonic() + HEALTH_TIMEOUT_S
        while time.monotonic() < deadline:
            if self._proc.poll() is not None:
                self.stop()
                raise RuntimeError(f"streamlit exited with {self._proc.returncode}:\n{self.log_tail()}")
            try:
                with urllib.request.urlopen(f"{self.base_url}/_stcore/health", timeout=2) as r:
                    if r.status == 200 and r.read().strip() == b"ok":
                        return self
            except OSError:
                pass
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"streamlit did not answer /_stcore/health within {HEALTH_TIMEOUT_S} s:\n{self.log_tail()}")

    def stop(self) -> None:
        if self._proc is not None and self._proc.poll() is None:
            self._proc.terminate()
            try:
                self._proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._proc.kill()
                self._proc.wait(timeout=10)
        if self._log is not None:
            self._log.close()
            self._log = None

    def log_tail(self, chars: int = 3000) -> str:
        try:
            return self.log_path.read_text(encoding="utf-8", errors="replace")[-chars:]
        except OSError:
            return "(no log)"


@contextmanager
def running_server(name: str, env: dict[str, str] | None = None, launcher: str = "serve"):
    server = StreamlitServer(name, env, launcher).start()
    try:
        yield server
    finally:
        server.stop()


# --- the browser ------------------------------------------------------------------------------

def launch_chromium() -> tuple[Playwright, Browser]:
    """Debian's Chromium through Playwright (never a downloaded browser). Caller stops both."""
    playwright = sync_playwright().start()
    try:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    except Exception:
        playwright.stop()
        raise
    return playwright, browser


def is_local(url: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme in HARMLESS_SCHEMES:
        return True
    return parts.scheme in ("http", "https", "ws", "wss") and (parts.hostname or "") in LOCAL_HOSTS


class BrowserRecorder:
    """Every request (and websocket) a browser context makes, and every dialog it opens.

    Requests to anything but localhost are recorded and then aborted, so the suite also behaves
    the same on a machine without internet access."""

    def __init__(self):
        self.requests: list[str] = []
        self.dialogs: list[str] = []

    def attach(self, context, page: Page) -> None:
        context.on("request", lambda request: self.requests.append(request.url))
        page.on("websocket", lambda ws: self.requests.append(ws.url))
        context.route(lambda url: not is_local(url), lambda route: route.abort())
        page.on("dialog", self._on_dialog)

    def _on_dialog(self, dialog) -> None:
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def foreign_requests(self) -> list[str]:
        return sorted({url for url in self.requests if not is_local(url)})

    def problems(self) -> list[str]:
        out = [f"request to a non-local address: {url[:200]}" for url in self.foreign_requests()]
        out += [f"a JavaScript dialog opened ({d[:200]})" for d in self.dialogs]
        return out


# --- waiting and reading ------------------------------------------------------------------------

_SIGNATURE_JS = r"""() => {
  const app = document.querySelector('[data-testid="stApp"]');
  if (!app) return null;
  if (app.getAttribute('data-test-connection-state') !== 'CONNECTED') return null;
  if (app.getAttribute('data-test-script-state') !== 'notRunning') return null;
  const busy = '[data-testid="stStatusWidget"], [data-stale="true"], [data-testid="stSkeleton"], '
             + '[data-testid="stAppSkeleton"], [data-testid="stSpinner"]';
  if (document.querySelector(busy)) return null;
  for (const chart of document.querySelectorAll('[data-testid="stPlotlyChart"]')) {
    if (!chart.querySelector('svg.main-svg')) return null;
  }
  const main = document.querySelector('[data-testid="stMainBlockContainer"]');
  if (!main || !main.innerText.trim()) return null;
  const side = document.querySelector('[data-testid="stSidebar"]');
  return [location.href, document.querySelectorAll('[data-testid]').length, main.innerText,
          side ? side.innerText : ''].join('\n');
}"""


def wait_settled(page: Page, *, timeout_s: float = 45, quiet_s: float = 0.5) -> None:
    """Wait until the Streamlit app has finished running and drawing (see the module docstring)."""
    deadline = time.monotonic() + timeout_s
    last, since = None, time.monotonic()
    while time.monotonic() < deadline:
        signature = page.evaluate(_SIGNATURE_JS)
        now = time.monotonic()
        if signature is not None and signature == last:
            if now - since >= quiet_s:
                return
        else:
            last, since = signature, now
        page.wait_for_timeout(100)
    state = page.evaluate("""() => { const a = document.querySelector('[data-testid="stApp"]');
        return a ? [a.getAttribute('data-test-connection-state'), a.getAttribute('data-test-script-state')] : null; }""")
    raise AssertionError(f"page {page.url} did not settle within {timeout_s} s (connection/script state: {state})")


def warm_up(browser: Browser, base_url: str) -> None:
    """Open "/" once in a throw-away context.

    The first script run of a server process is special (Streamlit's legacy `pages/` mode, see
    app.py), and it is tested on purpose with fresh servers in test_first_session.py. Warming the
    shared server up keeps every other test independent of which one happens to run first."""
    context = browser.new_context(viewport=VIEWPORT, locale="ja-JP")
    try:
        page = context.new_page()
        context.route(lambda url: not is_local(url), lambda route: route.abort())
        open_page(page, base_url, "/")
    finally:
        context.close()


def open_page(page: Page, base_url: str, path: str) -> None:
    page.goto(base_url + path, wait_until="domcontentloaded")
    wait_settled(page)


def page_errors(page: Page) -> list[str]:
    """Descriptions of every error shown on the page (empty when there is none)."""
    found = []
    for kind, selector in ERROR_SELECTORS.items():
        for text in page.locator(selector).all_inner_texts():
            found.append(f"{kind}: {text.strip()[:300]}")
    body = page.locator("body").inner_text()
    if "Traceback" in body:
        at = body.index("Traceback")
        found.append(f"'Traceback' in the page text: {body[at:at + 300]}")
    return found


def is_placeholder(page: Page) -> bool:
    """A page still under construction shows only a 「準備中」 title."""
    titles = page.locator('[data-testid="stMain"] h1').all_inner_texts()
    return bool(titles) and titles[0].strip().startswith("準備中")


def metric(page: Page, label_prefix: str):
    """The value locator of the st.metric whose label starts with `label_prefix`."""
    label = page.locator('[data-testid="stMetricLabel"]').filter(has_text=label_prefix)
    return page.locator('[data-testid="stMetric"]').filter(has=label).first.locator('[data-testid="stMetricValue"]')


def match_count(page: Page):
    """The '27 / 45 事業' metric every page's header shows."""
    return metric(page, "条件に合う事業")


def nav_link(page: Page, title: str):
    """The sidebar navigation link titled `title` (e.g. "技術")."""
    return page.locator('[data-testid="stSidebarNav"]').get_by_role("link", name=title, exact=True)


def multiselect(page: Page, label: str):
    return page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').filter(has_text=label).first


def selected_values(page: Page, label: str) -> list[str]:
    """The chosen values shown as tags in the sidebar multiselect labelled `label`."""
    tags = multiselect(page, label).locator('[aria-label="Selected values"] [title]')
    return [t for t in (tags.nth(i).get_attribute("title") for i in range(tags.count())) if t]


def choose(page: Page, label: str, option: str) -> None:
    """Open the sidebar multiselect `label`, pick `option` from its dropdown, close it, wait."""
    box = multiselect(page, label)
    # The sidebar is taller than a 768 px screen: a box at its lower edge is scrolled into view by the click, and
    # the menu that opens may scroll the sidebar again, which closes it. Bring the box up first; click again if
    # the menu is still closed (what a person does).
    box.evaluate("el => el.scrollIntoView({block: 'center'})")
    wanted = page.get_by_role("option", name=option, exact=True)
    for _ in range(3):
        box.click()
        try:
            wanted.wait_for(state="visible", timeout=3000)
            break
        except Exception:  # playwright's TimeoutError: the menu did not open
            page.keyboard.press("Escape")
    wanted.click()
    page.keyboard.press("Escape")
    wait_settled(page)


# --- screenshots ------------------------------------------------------------------------------

def screenshot_page(page: Page, name: str, *, max_height: int = 8000) -> list[Path]:
    """Save what a user sees, in three files under artifacts/screenshots/:

    `<name>.png` the first screen (1366x768), `<name>-lower.png` the same viewport with the main
    container scrolled to the bottom, and `<name>-full.png` the whole page (the viewport is made as
    tall as the content for the shot, then restored). Streamlit scrolls inside
    `[data-testid="stMain"]`, so Playwright's full_page option alone shows only one screen.
    """
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    main = '[data-testid="stMain"]'
    paths = [SCREENSHOTS / f"{name}.png", SCREENSHOTS / f"{name}-lower.png", SCREENSHOTS / f"{name}-full.png"]
    page.screenshot(path=paths[0])
    page.evaluate(f"""() => {{ const m = document.querySelector('{main}'); if (m) m.scrollTop = m.scrollHeight; }}""")
    page.wait_for_timeout(300)
    page.screenshot(path=paths[1])
    height = page.evaluate(f"""() => {{ const m = document.querySelector('{main}');
        const side = document.querySelector('[data-testid="stSidebarContent"]');
        if (m) m.scrollTop = 0;
        return Math.max(m ? m.scrollHeight : document.body.scrollHeight, side ? side.scrollHeight : 0); }}""")
    original = page.viewport_size or VIEWPORT
    page.set_viewport_size({"width": original["width"], "height": max(original["height"], min(int(height), max_height))})
    try:
        wait_settled(page, quiet_s=0.3)
        page.screenshot(path=paths[2])
    finally:
        page.set_viewport_size(original)
    return paths
