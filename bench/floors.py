"""F. What the stack itself costs: issue 10's two missed aims measured against floors of this stack.

Why: §2 asks every page to settle within 1.3× a one-line Streamlit page, and §5 asks for ≤ 250 MB of server RSS with
20 sessions. Part B measures the pages against the one-line page only. Here the same measurements are made, in the
same run, on floors that each add one thing the dashboard cannot do without (bench/floor_apps), served exactly as
the dashboard is (`python -m bench.floor_serve --as-app`):
  - shell: the dashboard's navigation (every page of page_registry) and the sidebar every page draws, one line each;
  - one plotly chart: one line and a chart of three bars, no navigation or sidebar;
  - stack (memory): the real snapshot loaded as the dashboard loads it, one question, one table and one chart.
A floor above an aim says that no page with that part can meet the aim on this stack, whatever the page does."""
from __future__ import annotations

import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .pages import (CHROMIUM, CHROMIUM_ARGS, FLOOR_APP, ROOT, TARGET_RATIO, TARGET_RSS_MB, NavResult, Server, navigate,
                    open_tab)
from .report import Budget, error_text, fmt_ms, fmt_ratio, heading, p50, say, table

APPS = ROOT / "bench" / "floor_apps"
# (row, server, address): the server names a key of the servers started in run_settle.
SETTLE_ROWS = (
    ("floor: one line (st.write, part B's floor)", "bare", "/"),
    ("floor: shell (navigation + sidebar, one line)", "shell", "/municipality"),
    ("floor: one plotly chart (three bars)", "chart", "/"),
    ("dashboard /municipality (no chart)", "app", "/municipality"),
    ("dashboard / (overview)", "app", "/"),
)
RSS_LINE = re.compile(r"server RSS: before ([\d,]+) MB, peak ([\d,]+) MB, [\d.]+ s after ([\d,]+) MB")


def _server(kind: str, logs: Path, tmp: Path | None = None) -> Server:
    """The dashboard, part B's one-line floor (its script in `tmp`) or a floor app of bench/floor_apps."""
    if kind == "app":
        return Server("app.py", ROOT, logs / "app.log")
    if kind == "bare":  # part B's floor exactly: its one-line script and the plain wrapper
        return Server("floor_app.py", tmp, logs / "bare.log")
    return Server(str(APPS / f"{kind}_app.py"), ROOT, logs / f"{kind}.log", as_app=True)


def run_settle(tmp: Path, logs: Path, rounds: int) -> None:
    from playwright.sync_api import sync_playwright

    say()
    say("F1. Settled page (part B's measure: warm cache, one tab, each a page load), the floors and two dashboard pages")
    say(f"    in turn, {rounds} rounds after one warm-up round; page/floor = p50 over the one-line floor's p50.")
    servers: dict[str, Server] = {}
    results = {row: NavResult() for row, _, _ in SETTLE_ROWS}
    try:
        for kind in dict.fromkeys(kind for _, kind, _ in SETTLE_ROWS):
            servers[kind] = _server(kind, logs, tmp)
        for server in servers.values():
            server.wait_ready()
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
            try:
                _, page = open_tab(browser)
                for r in range(rounds + 1):
                    order = SETTLE_ROWS if r % 2 else tuple(reversed(SETTLE_ROWS))  # neither end always first
                    for row, kind, address in order:
                        try:
                            ms, wall, _ = navigate(page, servers[kind].url + address)
                        except Exception as e:
                            results[row].errors.append(error_text(e))
                            continue
                        if r:
                            results[row].samples.append(ms)
                            results[row].wall.append(wall)
            finally:
                browser.close()
    finally:
        for server in servers.values():
            server.stop()
    floor = p50(results[SETTLE_ROWS[0][0]].samples)
    rows = []
    for row, _, _ in SETTLE_ROWS:
        r = results[row]
        ratio = p50(r.samples) / floor if r.samples and floor == floor and floor > 0 else float("nan")
        verdict = "" if ratio != ratio or row == SETTLE_ROWS[0][0] else ("ok" if ratio <= TARGET_RATIO else "above")
        rows.append([row, fmt_ms(p50(r.samples)), str(len(r.samples)), fmt_ratio(ratio),
                     f"{verdict} {TARGET_RATIO}×" if verdict else "", "; ".join(r.errors[:2]) or "—"])
    say(table(["page", "p50 ms", "n", "page/floor", "§2 aim", "notes"], rows,
              right=[False, True, True, True, False, False]))
    say("    A floor above the aim: every dashboard page with that part is above it too, whatever else it does.")


def _loadgen(url: str, port: int, seconds: int, after: int) -> tuple[str, str, str] | str:
    """(before, peak, after) RSS in MB of `python -m bench.loadgen --sessions 20` against `url`, or what went wrong."""
    command = [sys.executable, "-m", "bench.loadgen", "--sessions", "20", "--seconds", str(seconds),
               "--after", str(after), "--url", url, "--seed", "1", "--rss-ports", str(port)]
    try:
        done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=seconds + after + 120)
    except subprocess.TimeoutExpired:
        return "the load generator did not finish"
    found = RSS_LINE.search(done.stdout)
    if found is None:
        return "no RSS line: " + " ".join((done.stdout + done.stderr)[-300:].split())
    return found.group(1), found.group(2), found.group(3)


def run_memory(logs: Path, seconds: int, after: int) -> None:
    from playwright.sync_api import sync_playwright

    from .pages import discover_pages

    say()
    say("F2. Server RSS (MB) with 20 sessions: each server warmed by a browser (every page once), then `python -m")
    say(f"    bench.loadgen --sessions 20 --seconds {seconds} --after {after} --seed 1` (random links; the floor runs its")
    say(f"    one script for any of them). §5 aim: ≤ {TARGET_RSS_MB} MB with 20 sessions.")
    rows = []
    for name, kind, addresses in (("floor: stack (snapshot, one question, table, chart)", "stack", ["/"]),
                                  ("dashboard (app.py)", "app", [url for url, _ in discover_pages()])):
        server = None
        try:
            server = _server(kind, logs)
            server.wait_ready()
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
                try:
                    _, page = open_tab(browser)
                    for address in addresses:
                        navigate(page, server.url + address)
                finally:
                    browser.close()
            time.sleep(2)  # the closed tab's last messages
            figures = _loadgen(server.url, server.port, seconds, after)
        except Exception as e:
            figures = error_text(e)
        finally:
            if server is not None:
                server.stop()
        if isinstance(figures, str):
            rows.append([name, "—", "—", "—", "", figures])
            continue
        before, peak, end = figures
        verdict = "ok" if int(peak.replace(",", "")) <= TARGET_RSS_MB else "above"
        rows.append([name, before, peak, end, f"{verdict} {TARGET_RSS_MB}", "—"])
    say(table(["server", "before", "peak", f"{after} s after", "§5 aim", "notes"], rows,
              right=[False, True, True, True, False, False]))


def run(budget: Budget, *, quick: bool = False) -> None:
    heading("F. What the stack itself costs (issue 10 §2 and §5 against floors of this stack)")
    say(__doc__.split("\n\n", 1)[1].strip())
    with tempfile.TemporaryDirectory(prefix="mirai-bench-floors-") as tmp_name:
        tmp = Path(tmp_name)
        logs = tmp / "logs"
        logs.mkdir()
        (tmp / "floor_app.py").write_text(FLOOR_APP, encoding="utf-8")
        config = ROOT / ".streamlit" / "config.toml"
        if config.exists():  # part B's floor has the app's settings too
            (tmp / ".streamlit").mkdir()
            (tmp / ".streamlit" / "config.toml").write_bytes(config.read_bytes())
        for part, step in (("F1", lambda: run_settle(tmp, logs, 2 if quick else 7)),
                           ("F2", lambda: run_memory(logs, 8 if quick else 30, 5 if quick else 30))):
            t0 = time.monotonic()
            try:
                step()
            except Exception as e:
                say(f"{part}: {error_text(e)}")
            say(f"    ({part} took {time.monotonic() - t0:.0f} s)")
