"""B. The dashboard pages: AppTest script runs, navigation and filter clicks in headless Chromium, server RSS."""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from .report import Budget, error_text, fmt_ms, fmt_ratio, heading, p50, p95, progress, say, table

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "app.py"
CHROMIUM = "/usr/bin/chromium"
# Outside hosts are refused by Chromium's own resolver (no DNS query leaves, no connection is tried), so the
# benchmark neither depends on nor waits for the internet. Blocking them with Playwright's context.route instead
# turned Chromium's HTTP cache off: every load fetched and compiled the whole frontend again, which no official's
# browser does. check_local_only() verifies the rule at the start of a run.
LOCAL_ONLY_ARG = "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", LOCAL_ONLY_ARG]
VIEWPORT = {"width": 1366, "height": 768}
QUIET_MS = 100
FLOOR_APP = 'import streamlit as st\nst.write("ok")\n'
TARGET_RATIO = 1.3
TARGET_RSS_MB = 250
def discover_pages() -> list[tuple[str, str]]:
    """(address, script) of every page, from the one page registry the app builds its navigation from."""
    from dashboard.page_registry import PAGES, address

    return [(address(p), p.file) for p in PAGES]


# --- (1) AppTest ------------------------------------------------------------------------------------

def _quiet_streamlit_logs() -> None:
    """AppTest runs outside a server, so Streamlit warns 'missing ScriptRunContext' on every run: silence it."""
    import logging

    for name in list(logging.root.manager.loggerDict):
        if name.startswith("streamlit"):
            logging.getLogger(name).setLevel(logging.ERROR)


def apptest_samples(script: Path, page: str | None, *, warmup: int, n: int, budget_s: float) -> tuple[list[float], list[str]]:
    from streamlit.testing.v1 import AppTest

    _quiet_streamlit_logs()

    at = AppTest.from_file(str(script), default_timeout=60)  # absolute path (a relative one is resolved from bench/)
    at.run()
    if page:
        at.switch_page(page)
    for _ in range(warmup):
        at.run()
    samples: list[float] = []
    started = time.perf_counter()
    while len(samples) < n:
        t0 = time.perf_counter()
        at.run()
        samples.append((time.perf_counter() - t0) * 1000)
        if len(samples) >= (3 if samples[0] > 1000 else 5) and time.perf_counter() - started > budget_s:
            break
    problems = [f"exception: {' '.join(str(e.value).split())[:120]}" for e in at.exception]
    return samples, problems


def run_apptest(pages: list[tuple[str, str]], floor_script: Path, quick: bool) -> None:
    say()
    say("B1. Server script run, warm: AppTest.from_file('app.py').switch_page(...).run() — includes AppTest's own")
    say("    overhead (script thread, message queue, element tree); the floor row is the one-line app in AppTest.")
    n, warmup = (3, 1) if quick else (15, 2)
    rows, notes = [], []
    for url, script in [("floor (st.write)", None)] + pages:
        try:
            target = floor_script if script is None else APP
            samples, problems = apptest_samples(target, script, warmup=warmup, n=n, budget_s=3.0)
            rows.append([url, script or floor_script.name, fmt_ms(p50(samples)), fmt_ms(p95(samples)), str(len(samples)),
                         "; ".join(problems) or "—"])
        except Exception as e:
            rows.append([url, script or "", "", "", "", error_text(e)])
    say(table(["page", "file", "p50 ms", "p95 ms", "n", "problems"], rows,
              right=[False, False, True, True, True, False]))
    for note in notes:
        say(f"  {note}")


# --- servers and memory -------------------------------------------------------------------------------

def _port_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        try:
            s.bind(("127.0.0.1", port))
            return True
        except OSError:
            return False


_ports_given: set[int] = set()


def free_port() -> int:
    """A free port: from MIRAI_BENCH_PORTS ('8680-8699') when set (machines shared by several people each keep to a
    range of their own), else any the system gives."""
    spec = os.environ.get("MIRAI_BENCH_PORTS", "").strip()
    if spec:
        low, _, high = spec.partition("-")
        for port in range(int(low), int(high or low) + 1):
            if port not in _ports_given and _port_free(port):
                _ports_given.add(port)
                return port
        raise RuntimeError(f"no free port in MIRAI_BENCH_PORTS={spec}")
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """A Streamlit server for <script> on a free port in `cwd`; stopped by its pid only.

    The dashboard is started as `make run` starts it (python -m dashboard.serve); the floor page through the same
    server wrapper (python -m bench.floor_serve, see FLOOR_SERVER), so both send the frontend the same way."""

    def __init__(self, script: str, cwd: Path, log: Path, as_app: bool = False):
        self.port = free_port()
        self.url = f"http://localhost:{self.port}"
        env = {k: v for k, v in os.environ.items() if k != "MIRAI_SNAPSHOT_DIR"}  # the real snapshot
        env["STREAMLIT_BROWSER_GATHER_USAGE_STATS"] = "false"
        self._log = open(log, "wb")
        self.log = log
        env["PYTHONPATH"] = os.pathsep.join([str(ROOT)] + [x for x in [env.get("PYTHONPATH")] if x])  # bench, dashboard
        # as_app: a floor of part F (bench/floors.py) served as the dashboard is.
        launcher = (["-m", "dashboard.serve"] if script == "app.py"
                    else ["-m", "bench.floor_serve", *(["--as-app"] if as_app else []), script])
        self.proc = subprocess.Popen(
            [sys.executable, *launcher, "--server.port", str(self.port),
             "--server.headless", "true", "--server.address", "localhost", "--server.fileWatcherType", "none"],
            cwd=cwd, env=env, stdout=self._log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)

    def wait_ready(self, timeout_s: float = 60) -> float:
        t0 = time.monotonic()
        while time.monotonic() - t0 < timeout_s:
            if self.proc.poll() is not None:
                raise RuntimeError(f"streamlit exited with {self.proc.returncode}: {self.tail()}")
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as r:
                    if r.read().strip() == b"ok":
                        return time.monotonic() - t0
            except OSError:
                pass
            time.sleep(0.1)
        raise RuntimeError(f"streamlit did not answer /_stcore/health within {timeout_s:.0f} s: {self.tail()}")

    def tail(self, chars: int = 400) -> str:
        try:
            return " ".join(self.log.read_text(encoding="utf-8", errors="replace")[-chars:].split())
        except OSError:
            return "(no log)"

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)
        self._log.close()


class RssSampler(threading.Thread):
    """Peak resident set size of a process and its children, sampled every 50 ms."""

    def __init__(self, pid: int):
        super().__init__(daemon=True)
        import psutil

        self._psutil = psutil
        self._proc = psutil.Process(pid)
        self._halt = threading.Event()
        self.peak = 0
        self.samples = 0
        self.marks: dict[str, int] = {}

    def current(self) -> int:
        total = 0
        try:
            procs = [self._proc] + self._proc.children(recursive=True)
        except self._psutil.Error:
            return 0
        for p in procs:
            try:
                total += p.memory_info().rss
            except self._psutil.Error:
                pass
        return total

    def run(self) -> None:
        while not self._halt.is_set():
            value = self.current()
            self.peak = max(self.peak, value)
            self.samples += 1
            self._halt.wait(0.05)

    def mark(self, name: str) -> None:
        self.marks[name] = self.current()

    def stop(self) -> None:
        self._halt.set()
        self.join(timeout=2)


# --- the browser ------------------------------------------------------------------------------------

# Installed before any page script: the time of the last DOM change and of the last pointer/key press.
OBSERVER_JS = r"""
(() => {
  window.__benchLastMutation = 0;
  window.__benchLastInput = null;
  const watch = () => new MutationObserver(() => { window.__benchLastMutation = performance.now(); })
      .observe(document, {subtree: true, childList: true, attributes: true, characterData: true});
  watch();
  const input = () => { window.__benchLastInput = performance.now(); };
  document.addEventListener('pointerdown', input, true);
  document.addEventListener('keydown', input, true);
})();
"""

# Settled: connected, script not running, no running indicator / stale element / skeleton / spinner, every
# Plotly chart drawn, main content present, (if asked) the match-count metric differs from `prev`, and no DOM
# change for `quiet` ms. Returns the time of the last DOM change (ms since navigation start, performance.now()).
# The checks every "settled" test starts with (pages, slides): connected, script not running, no running
# indicator / stale element / skeleton / spinner, every Plotly chart drawn. A JS function body fragment.
IDLE_JS = r"""
  const app = document.querySelector('[data-testid="stApp"]');
  if (!app) return false;
  if (app.getAttribute('data-test-connection-state') !== 'CONNECTED') return false;
  if (app.getAttribute('data-test-script-state') !== 'notRunning') return false;
  const busy = '[data-testid="stStatusWidget"], [data-stale="true"], [data-testid="stSkeleton"], '
             + '[data-testid="stAppSkeleton"], [data-testid="stSpinner"]';
  if (document.querySelector(busy)) return false;
  for (const chart of document.querySelectorAll('[data-testid="stPlotlyChart"]')) {
    if (!chart.querySelector('svg.main-svg')) return false;
  }
"""

SETTLED_JS = r"""
({prev, quiet}) => {
""" + IDLE_JS + r"""  const main = document.querySelector('[data-testid="stMainBlockContainer"]');
  if (!main || !main.innerText.trim()) return false;
  let metric = null;
  for (const m of document.querySelectorAll('[data-testid="stMetric"]')) {
    if (m.innerText.includes('条件に合う事業')) {
      const v = m.querySelector('[data-testid="stMetricValue"]');
      metric = v ? v.innerText.trim() : null;
      break;
    }
  }
  if (prev !== null && (metric === null || metric === prev)) return false;
  if (performance.now() - window.__benchLastMutation < quiet) return false;
  return {settled: window.__benchLastMutation, input: window.__benchLastInput, metric: metric,
          errors: document.querySelectorAll('[data-testid="stException"], [data-testid="stAlertContentError"]').length};
}
"""


def settle(page, *, prev: str | None = None, timeout_ms: float = 30000) -> dict:
    handle = page.wait_for_function(SETTLED_JS, arg={"prev": prev, "quiet": QUIET_MS}, polling=20, timeout=timeout_ms)
    return handle.json_value()


class Probe:
    """CDP on one tab: per page load, how many requests went to the server and how many the HTTP cache answered,
    the bytes received, and where the renderer's main thread spent its time (Performance.getMetrics, whose
    durations start again at every new document)."""

    METRICS = ("TaskDuration", "ScriptDuration", "LayoutDuration", "RecalcStyleDuration")

    def __init__(self, context, page):
        self.cdp = context.new_cdp_session(page)
        self.cdp.send("Network.enable")
        self.cdp.send("Performance.enable")
        self.requests: set[str] = set()
        self.cached: set[str] = set()
        self.bytes = 0
        self.cdp.on("Network.requestWillBeSent", lambda e: self.requests.add(e["requestId"]))
        self.cdp.on("Network.requestServedFromCache", lambda e: self.cached.add(e["requestId"]))
        self.cdp.on("Network.responseReceived", self._response)
        self.cdp.on("Network.loadingFinished", self._finished)

    def _response(self, e) -> None:
        if e["response"].get("fromDiskCache") or e["response"].get("fromPrefetchCache"):
            self.cached.add(e["requestId"])

    def _finished(self, e) -> None:
        self.bytes += int(e.get("encodedDataLength") or 0)

    def reset(self) -> None:
        self.requests.clear()
        self.cached.clear()
        self.bytes = 0

    def sample(self, page) -> dict:
        metrics = {m["name"]: m["value"] for m in self.cdp.send("Performance.getMetrics")["metrics"]}
        out = {name: metrics.get(name, float("nan")) * 1000 for name in self.METRICS}
        out.update(requests=len(self.requests), cached=len(self.cached & self.requests), kb=self.bytes / 1024,
                   elements=page.evaluate("document.getElementsByTagName('*').length"))
        return out


def navigate(page, url: str, probe: Probe | None = None) -> tuple[float, float, dict]:
    """(ms from the start of the navigation to the last DOM change of the settled page,
        ms of wall time until the benchmark saw it settled (includes the quiet window and polling), state).
    With a probe, state["probe"] holds its sample of this load."""
    if probe is not None:
        probe.reset()
    t0 = time.perf_counter()
    page.goto(url, wait_until="commit", timeout=30000)
    state = settle(page)
    wall = 1000 * (time.perf_counter() - t0)
    if probe is not None:
        state["probe"] = probe.sample(page)
    progress(f"{url}: settled at {state['settled']:.0f} ms (wall {wall:.0f} ms)")
    return state["settled"], wall, state


@dataclass
class NavResult:
    samples: list[float] = field(default_factory=list)
    wall: list[float] = field(default_factory=list)
    first: float = float("nan")  # the warm-up load: first session after the server started
    errors: list[str] = field(default_factory=list)
    shown_errors: int = 0
    probes: list[dict] = field(default_factory=list)

    def add(self, ms: float, wall: float, state: dict) -> None:
        self.samples.append(ms)
        self.wall.append(wall)
        self.shown_errors = max(self.shown_errors, state.get("errors") or 0)
        if "probe" in state:
            self.probes.append(state["probe"])

    def probe_p50(self, key: str) -> float:
        return p50([x[key] for x in self.probes])


def check_local_only(browser) -> str:
    """'' when an outside host is refused by the browser, else what happened (a run that could reach outside)."""
    context = browser.new_context()
    try:
        page = context.new_page()
        try:
            page.goto("http://example.com/", timeout=10000)
            return "an outside host (example.com) was reached: LOCAL_ONLY_ARG did not take effect"
        except Exception as e:
            text = str(e)
            return "" if "ERR_NAME_NOT_RESOLVED" in text else f"outside host check: {error_text(e)}"
    finally:
        context.close()


CLICKS = ("活用技術 multiselect (pick / remove 自動運転)", "支援状況 radio (すべて / 支援中)")


def _filter_clicks(page, app_url: str, n: int, deadline: float, results: dict[str, list[float]],
                   errors: list[str]) -> None:
    """On '/', alternately pick/remove 自動運転 in the 活用技術 multiselect, and switch 支援状況 between
    すべて and 支援中; each time: ms from the pointer press to the settled page with a changed match count.
    Fills `results` (keys CLICKS) and `errors` as it goes, so a failure keeps what was measured."""
    navigate(page, app_url + "/")
    sidebar = page.locator('[data-testid="stSidebar"]')
    multiselect = sidebar.locator('[data-testid="stMultiSelect"]').filter(has_text="活用技術").first
    radio = sidebar.locator('[data-testid="stRadio"]').filter(has_text="支援状況").first
    tech = "自動運転"

    def metric_now() -> str:
        return settle(page)["metric"]

    def timed(action, key: str) -> None:
        before = metric_now()
        action()
        state = settle(page, prev=before)
        if state["input"] is None:
            raise RuntimeError("no pointer press recorded")
        results[key].append(state["settled"] - state["input"])
        progress(f"{key}: {before} -> {state['metric']} in {results[key][-1]:.0f} ms")

    def pick():
        multiselect.click()
        page.get_by_role("option", name=tech, exact=True).click()

    def close_dropdown():
        page.keyboard.press("Escape")
        page.wait_for_timeout(150)
        settle(page)

    def remove():
        multiselect.get_by_role("button", name=f"Remove {tech}").click()

    def reset() -> None:
        try:
            navigate(page, app_url + "/")
        except Exception as e:
            errors.append(f"reload of '/': {error_text(e)}")

    keys = list(CLICKS)
    failures = {k: 0 for k in keys}  # an interaction that fails twice in a row is given up
    for i in range(n):
        if time.monotonic() > deadline:
            errors.append(f"stopped after {i} of {n} rounds (time budget)")
            break
        if failures[keys[0]] < 2:
            try:
                if i % 2 == 0:
                    timed(pick, keys[0])
                    close_dropdown()
                else:
                    timed(remove, keys[0])
                failures[keys[0]] = 0
            except Exception as e:
                failures[keys[0]] += 1
                errors.append(f"multiselect round {i + 1}: {error_text(e)}")
                reset()
        if failures[keys[1]] < 2:
            try:
                label = "すべて" if i % 2 == 0 else "支援中"
                timed(lambda: radio.locator("label").filter(has_text=label).first.click(), keys[1])
                failures[keys[1]] = 0
            except Exception as e:
                failures[keys[1]] += 1
                errors.append(f"radio round {i + 1}: {error_text(e)}")
                reset()


def open_tab(browser, viewport: dict = VIEWPORT):
    """(context, page): a new context at `viewport` in Japanese, with the DOM observer installed."""
    context = browser.new_context(viewport=viewport, locale="ja-JP")
    context.add_init_script(OBSERVER_JS)
    return context, context.new_page()


def _new_tab(browser):
    context, page = open_tab(browser)
    page.set_default_timeout(30000)
    return context, page, Probe(context, page)


def _measure(nav: NavResult, tab, url: str) -> None:
    _, page, probe = tab
    try:
        nav.add(*navigate(page, url, probe))
    except Exception as e:
        nav.errors.append(error_text(e))


def _cold(browser, nav: NavResult, url: str) -> None:
    """A first visit: a new browser context (empty HTTP cache, nothing compiled), one load, closed."""
    tab = _new_tab(browser)
    try:
        _measure(nav, tab, url)
    finally:
        tab[0].close()


def _nav_table(pages: list[tuple[str, str]], nav: dict[str, NavResult], floor_nav: NavResult, *,
               first: bool) -> str:
    f50 = p50(floor_nav.samples)
    rows = []
    for url, _ in pages + [("floor", "")]:
        r = floor_nav if url == "floor" else nav[url]
        ratio = p50(r.samples) / f50 if r.samples and f50 == f50 and f50 > 0 else float("nan")
        verdict = "" if ratio != ratio or url == "floor" else ("ok" if ratio <= TARGET_RATIO else "MISS")
        note = "; ".join(r.errors[:2]) + (f" (+{len(r.errors) - 2} more)" if len(r.errors) > 2 else "")
        if r.shown_errors:
            note = (note + "; " if note else "") + f"{r.shown_errors} error box(es) on the page"
        cached = (f"{r.probe_p50('cached'):.0f}/{r.probe_p50('requests'):.0f}" if r.probes else "")
        row = [url if url != "floor" else "floor (st.write)", fmt_ms(p50(r.samples)), fmt_ms(p95(r.samples)),
               str(len(r.samples)), fmt_ratio(ratio), f"{verdict} ≤{TARGET_RATIO}×" if verdict else "",
               fmt_ms(p50(r.wall)), cached, f"{r.probe_p50('kb'):.0f}" if r.probes else "",
               fmt_ms(r.probe_p50("ScriptDuration")) if r.probes else "",
               fmt_ms(r.probe_p50("LayoutDuration") + r.probe_p50("RecalcStyleDuration")) if r.probes else "",
               fmt_ms(r.probe_p50("TaskDuration")) if r.probes else "",
               f"{r.probe_p50('elements'):.0f}" if r.probes else ""]
        if first:
            row.append(fmt_ms(r.first))
        rows.append(row + [note or "—"])
    head = ["page", "p50 ms", "p95 ms", "n", "page/floor", "target", "seen p50", "cached/req", "KB in", "script ms",
            "layout+style ms", "main thread ms", "elements"] + (["first load"] if first else []) + ["notes"]
    return table(head, rows, right=[False] + [True] * 4 + [False] + [True] * (8 if first else 7) + [False])


def run_browser(pages: list[tuple[str, str]], floor_dir: Path, budget: Budget, stop_at_s: float, quick: bool) -> None:
    from playwright.sync_api import sync_playwright

    from .floor_serve import DESCRIPTION

    say()
    say("B2. Navigation → settled page in headless Chromium (Debian /usr/bin/chromium via Playwright), each a page load")
    say("    of the URL (a new Streamlit session). Settled = connected, script not running, no stStatusWidget / stale")
    say("    element / skeleton / spinner, Plotly charts drawn, main content present, and no DOM change for")
    say(f"    {QUIET_MS} ms; the time is that of the last DOM change (performance.now(), from navigation start).")
    say("    Floor = a one-line app (st.write('ok')) on a second server, loaded right after each page in the same run,")
    say(f"    in the same condition. Floor server: {DESCRIPTION};")
    say("    app server: `python -m dashboard.serve` (the same wrapper). Target: page p50 / floor p50 ≤ "
        f"{TARGET_RATIO}× in each condition.")
    say("    Outside hosts are refused by Chromium's resolver (--host-resolver-rules), which keeps its HTTP cache on.")
    say("    warm cache = loads after the first in one browser context (as an official moving between pages);")
    say("    cold = each load in a new context (empty cache: a first visit, the frontend fetched and compiled).")
    say("    Per load (CDP): cached/req = requests the HTTP cache answered / all requests; KB in = bytes received;")
    say("    script / layout+style / main thread ms = the renderer's Performance.getMetrics durations at settle.")
    logs = Path(tempfile.mkdtemp(prefix="mirai-bench-logs-"))
    app = floor = sampler = floor_sampler = None
    try:
        app = Server("app.py", ROOT, logs / "app.log")
        floor = Server("floor_app.py", floor_dir, logs / "floor.log")
        ready_app, ready_floor = app.wait_ready(), floor.wait_ready()
        sampler, floor_sampler = RssSampler(app.proc.pid), RssSampler(floor.proc.pid)
        for s in (sampler, floor_sampler):
            s.start()
            s.mark("started")
        say(f"    servers ready: app {ready_app:.1f} s, floor {ready_floor:.1f} s after launch")
        warm = {url: NavResult() for url, _ in pages}
        floor_warm = NavResult()
        cold = {url: NavResult() for url, _ in pages}
        floor_cold = NavResult()
        clicks: dict[str, list[float]] = {key: [] for key in CLICKS}
        click_errors: list[str] = []
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
            try:
                leak = check_local_only(browser)
                say("    outside hosts: " + (leak or "refused (example.com → net::ERR_NAME_NOT_RESOLVED)"))
                tab = _new_tab(browser)
                # Warm-up: the first session imports the page modules and fills st.cache_data for default filters.
                t0 = time.monotonic()
                for url, _ in pages:
                    try:
                        warm[url].first = navigate(tab[1], app.url + url)[0]
                    except Exception as e:
                        warm[url].errors.append(f"warm-up: {error_text(e)}")
                try:
                    floor_warm.first = navigate(tab[1], floor.url + "/")[0]
                except Exception as e:
                    floor_warm.errors.append(f"warm-up: {error_text(e)}")
                sampler.mark("warm")
                say(f"    warm-up (each page once): {time.monotonic() - t0:.1f} s")
                warm_rounds, cold_rounds = (2, 1) if quick else (5, 3)
                # The time left is shared: warm rounds until 60 % of it, then cold ones (they cost twice as much).
                warm_until = budget.elapsed_s + 0.5 * max(0.0, stop_at_s - 60 - budget.elapsed_s)
                for r in range(warm_rounds):
                    if r >= 2 and budget.elapsed_s > warm_until:
                        say(f"    (warm-cache rounds stopped after {r}: time budget)")
                        break
                    for url, _ in pages:
                        if len(warm[url].errors) >= 2 and not warm[url].samples:
                            continue  # a page that never settles is not retried every round
                        _measure(warm[url], tab, app.url + url)
                        _measure(floor_warm, tab, floor.url + "/")
                for r in range(cold_rounds):
                    if r >= 1 and budget.elapsed_s > stop_at_s - 60:
                        say(f"    (cold rounds stopped after {r}: time budget)")
                        break
                    for url, _ in pages:
                        if len(cold[url].errors) >= 2 and not cold[url].samples:
                            continue
                        _cold(browser, cold[url], app.url + url)
                        _cold(browser, floor_cold, floor.url + "/")
                sampler.mark("navigated")
                try:
                    deadline = time.monotonic() + max(25.0, stop_at_s - budget.elapsed_s)
                    _filter_clicks(tab[1], app.url, 4 if quick else 12, deadline, clicks, click_errors)
                except Exception as e:
                    click_errors.append(error_text(e))
                tab[0].close()
            finally:
                browser.close()
        sampler.mark("end")
    finally:  # each cleanup step on its own: one failing must not leave a server running
        for step in [s.stop for s in (sampler, floor_sampler) if s is not None] + \
                    [server.stop for server in (app, floor) if server is not None]:
            try:
                step()
            except Exception as e:
                say(f"    cleanup: {error_text(e)}")
        shutil.rmtree(logs, ignore_errors=True)

    say()
    say("    B2 warm cache (same context; after a first visit):")
    say(_nav_table(pages, warm, floor_warm, first=True))
    say()
    say("    B2 cold (a new context per load: empty cache):")
    say(_nav_table(pages, cold, floor_cold, first=False))
    say("    seen = wall time until the benchmark observed the settled state (adds the 100 ms quiet window, polling,")
    say("    and main-thread work that changes no DOM, e.g. drawing the map canvas). first load = the warm-up visit, in page")
    say("    order right after the server started (page modules imported, st.cache_data empty); not in p50/p95.")

    say()
    say("B3. Filter click → updated view on '/' (warm cache): ms from the pointer press (on the option / remove button /")
    say("    radio label) to the settled page whose '条件に合う事業' metric ('… / 45 事業') has changed.")
    crow = [[k, fmt_ms(p50(v)), fmt_ms(p95(v)), str(len(v))] for k, v in clicks.items()]
    if crow:
        say(table(["interaction", "p50 ms", "p95 ms", "n"], crow, right=[False, True, True, True]))
    for e in click_errors[:6]:
        say(f"  {e}")

    say()
    say("B4. Server memory: RSS of the server process and its children, sampled every 50 ms during the whole")
    say(f"    browser run (target: app peak ≤ {TARGET_RSS_MB} MB).")
    mb = lambda b: f"{b / 2**20:.0f}" if b else "—"  # noqa: E731
    mrows = []
    for name, s in (("app.py", sampler), ("floor (st.write)", floor_sampler)):
        if s is None:
            continue
        verdict = ("ok" if s.peak / 2**20 <= TARGET_RSS_MB else "MISS") if name == "app.py" else ""
        mrows.append([name, mb(s.marks.get("started")), mb(s.marks.get("warm")), mb(s.marks.get("end")),
                      mb(s.peak), f"{verdict} ≤{TARGET_RSS_MB}" if verdict else "", str(s.samples)])
    say(table(["server", "after start MB", "after warm-up MB", "at end MB", "peak MB", "target", "samples"], mrows,
              right=[False, True, True, True, True, False, True]))


def run(budget: Budget, *, quick: bool = False, stop_at_s: float = 470.0) -> None:
    heading("B. Pages — real snapshot (MIRAI_SNAPSHOT_DIR unset)")
    pages = discover_pages()
    say("pages: " + ", ".join(f"{url} ({Path(s).name})" for url, s in pages))
    with tempfile.TemporaryDirectory(prefix="mirai-bench-floor-") as tmp:
        floor_dir = Path(tmp)
        (floor_dir / "floor_app.py").write_text(FLOOR_APP, encoding="utf-8")
        config = ROOT / ".streamlit" / "config.toml"
        if config.exists():  # the same server/client settings as the app
            (floor_dir / ".streamlit").mkdir()
            (floor_dir / ".streamlit" / "config.toml").write_bytes(config.read_bytes())
        t0 = time.monotonic()
        try:
            run_apptest(pages, floor_dir / "floor_app.py", quick)
        except Exception as e:
            say(f"B1. AppTest: {error_text(e)}")
        say(f"    (B1 took {time.monotonic() - t0:.0f} s)")
        t0 = time.monotonic()
        try:
            run_browser(pages, floor_dir, budget, stop_at_s, quick)
        except Exception as e:
            say(f"B2–B4. Browser: {error_text(e)}")
        say(f"    (B2–B4 took {time.monotonic() - t0:.0f} s)")
