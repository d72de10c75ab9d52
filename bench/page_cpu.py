"""E. Server CPU per page run (issue 10 §1), measured on a real server as a browser drives it.

One server (`python -m dashboard.serve`, as `make run` starts it) and one websocket client speaking Streamlit's
protocol (bench.loadgen.Session). For every page:
- warm: the same link run again and again in one session (what a hall opening one QR link costs after the
  first visitor): the server process's CPU time (user + system, every thread: script thread, event loop,
  websocket compression) between the first and last of N runs, divided by N;
- new filters: every run with another filter set from the snapshot's vocabulary, so panels miss their caches
  (what the load generator's visitors cost);
- what one warm run sends: ForwardMsgs and their bytes (before the websocket's own compression).
The floor row is a one-line Streamlit page (st.write) on a second server: the cost of Streamlit itself.

`python -m bench --only cpu`; figures, not assertions. The machine's other work inflates CPU time only a little
(it is the process's own time, not wall time), but a busy machine adds cache misses: the load average is printed.
"""
from __future__ import annotations

import asyncio
import os
import random
import tempfile
import time
from pathlib import Path

from . import loadgen
from .report import Budget, error_text, heading, p50, say, table

ROOT = Path(__file__).resolve().parent.parent
FLOOR_APP = "import streamlit as st\n\nst.write('ok')\n"
TARGET_MS = 30.0


def _cpu_s(pid: int) -> float:
    import psutil

    t = psutil.Process(pid).cpu_times()
    return t.user + t.system


async def _measure(url: str, pid: int, page: str, queries: list[str], warmup: int, user_agent: str = "") -> dict:
    """CPU ms per run over `queries` (one run each, after `warmup` runs of the first), messages and bytes."""
    from bench.loadgen import Session

    session = Session(url, page_timeout=120, user_agent=user_agent)
    await session.open(page, queries[0])
    try:
        for _ in range(warmup):
            await session.run_page(page, queries[0])
        await asyncio.sleep(0.3)  # let the server finish what the last run queued (compression, cleanup)
        cpu0, wall0 = _cpu_s(pid), time.perf_counter()
        msgs0, bytes0 = session.received_messages, session.received_bytes
        exceptions = 0
        for q in queries:
            exceptions += await session.run_page(page, q)
        await asyncio.sleep(0.3)
        n = len(queries)
        return {"cpu_ms": (_cpu_s(pid) - cpu0 - 0.0) * 1000 / n,
                "wall_ms": (time.perf_counter() - wall0 - 0.3) * 1000 / n,
                "msgs": (session.received_messages - msgs0) / n,
                "kb": (session.received_bytes - bytes0) / n / 1024,
                "exceptions": exceptions}
    finally:
        await session.close()


def _idle_cpu_ms(pid: int, seconds: float = 0.6) -> float:
    """The server's CPU while nobody asks for anything (its event loop, health timers): subtracted per run."""
    cpu0 = _cpu_s(pid)
    time.sleep(seconds)
    return (_cpu_s(pid) - cpu0) * 1000 / seconds


def _default_slides() -> int:
    """How many slides the default deck has (0 when it cannot be read: the bench then measures /present only)."""
    try:
        from dashboard import decks

        return len(decks.load_deck(decks.DEFAULT).slides)  # checked against the latest snapshot's vocabulary
    except Exception:
        return 0


def run(budget: Budget, *, quick: bool = False) -> None:
    from bench.loadgen import load_vocab, page_names, random_query
    from bench.pages import Server

    heading("E. Server CPU per page run — one server, one websocket client (issue 10 §1)")
    say("    warm = the same link N times in one session; new filters = another filter set each run (panel caches miss).")
    say("    CPU = the server process's user+system time over the runs / N (every thread). msgs/KB: what one warm run")
    say(f"    sends (protobuf bytes before websocket compression). phone = warm, with a phone's user agent (\"Mobi\").")
    say(f"    Target: warm ≤ {TARGET_MS:.0f} ms on every page.")
    say(f"    load average at start: {' / '.join(f'{v:.1f}' for v in os.getloadavg())}")
    n_warm, n_new = (4, 4) if quick else (20, 12)
    vocab, note = load_vocab()
    if note:
        say(f"    note: {note}")
    rng = random.Random(10)
    logs = Path(tempfile.mkdtemp(prefix="mirai-bench-cpu-"))
    rows: list[list[str]] = []
    with tempfile.TemporaryDirectory(prefix="mirai-bench-cpu-floor-") as tmp:
        floor_dir = Path(tmp)
        (floor_dir / "floor_app.py").write_text(FLOOR_APP, encoding="utf-8")
        config = ROOT / ".streamlit" / "config.toml"
        if config.exists():
            (floor_dir / ".streamlit").mkdir()
            (floor_dir / ".streamlit" / "config.toml").write_bytes(config.read_bytes())
        app = floor = None
        visit_rows: list[list[str]] = []
        try:
            app = Server("app.py", ROOT, logs / "app.log")
            floor = Server("floor_app.py", floor_dir, logs / "floor.log")
            app.wait_ready(), floor.wait_ready()
            targets = [("floor (st.write)", floor, "", "")] + [("/" + p, app, p, "") for p in page_names()]
            # Every other slide of the default deck: a slide is its own panel (the map slide cost 275 ms a warm
            # run before slides were kept), and /present alone measures only the first.
            targets += [(f"/present?slide={n}", app, "present", f"slide={n}") for n in range(2, _default_slides() + 1)]
            for label, server, page, query in targets:
                if budget.left_s < 20:
                    rows.append([label, "", "", "", "", "", "", "time budget"])
                    continue
                try:
                    idle = _idle_cpu_ms(server.proc.pid)
                    warm = asyncio.run(_measure(server.url, server.proc.pid, page, [query] * n_warm, warmup=3))
                    new = phone = None
                    if server is not floor:
                        phone = asyncio.run(_measure(server.url, server.proc.pid, page, [query] * n_warm, warmup=3,
                                                     user_agent=loadgen.PHONE_UA))
                        if not query:  # a slide carries its own filters: no "new filters" run
                            queries = [random_query(vocab, rng) for _ in range(n_new)]
                            new = asyncio.run(_measure(server.url, server.proc.pid, page, queries, warmup=0))
                    # The idle load (event loop timers) runs during the page runs too: take it out per run.
                    warm_cpu = max(0.0, warm["cpu_ms"] - idle * warm["wall_ms"] / 1000)
                    new_cpu = max(0.0, new["cpu_ms"] - idle * new["wall_ms"] / 1000) if new else None
                    phone_cpu = max(0.0, phone["cpu_ms"] - idle * phone["wall_ms"] / 1000) if phone else None
                    rows.append([label, f"{warm_cpu:.0f}", f"{warm['wall_ms']:.0f}",
                                 "" if new_cpu is None else f"{new_cpu:.0f}",
                                 "" if phone_cpu is None else f"{phone_cpu:.0f}",
                                 f"{warm['msgs']:.0f}", f"{warm['kb']:.1f}",
                                 "; ".join(x for x in (
                                     f"{warm['exceptions']} exception elements" if warm["exceptions"] else "",
                                     "warm above target" if server is app and warm_cpu > TARGET_MS else "") if x)
                                 or "—"])
                except Exception as e:
                    rows.append([label, "", "", "", "", "", "", error_text(e)])
            visit_rows = _first_visits(app, floor, n=2 if quick else 5, budget=budget)
        finally:
            for s in (app, floor):
                if s is not None:
                    s.stop()
    say(table(["page", "warm CPU ms/run", "warm wall ms", "new filters CPU ms/run", "phone warm CPU ms/run",
               "msgs/run", "KB/run", "notes"], rows, right=[False, True, True, True, True, True, True, False]))
    warm_values = [float(r[1]) for r in rows[1:] if r[1] and "?" not in r[0]]
    slide_values = [float(r[1]) for r in rows[1:] if r[1] and "?" in r[0]]
    if warm_values:
        over = sum(v > TARGET_MS for v in warm_values)
        say(f"    warm CPU per page run: p50 {p50(warm_values):.0f} ms, max {max(warm_values):.0f} ms; "
            f"{over} of {len(warm_values)} pages above {TARGET_MS:.0f} ms")
    if slide_values:
        say(f"    slides 2-{len(slide_values) + 1} of the default deck on /present: max {max(slide_values):.0f} ms; "
            f"{sum(v > TARGET_MS for v in slide_values)} above {TARGET_MS:.0f} ms")
    say("    A new visitor's first page in Chromium (phone, empty cache, / until its first chart; floor: its text):")
    say("    server CPU over the visit less its idle rate; requests and MB as the browser received them.")
    say(table(["first visit", "server CPU ms", "requests", "MB received", "s to first chart"], visit_rows,
              right=[False, True, True, True, True]))
    say(f"    load average at end: {' / '.join(f'{v:.1f}' for v in os.getloadavg())}")


def _first_visits(app, floor, *, n: int, budget: Budget) -> list[list[str]]:
    from .first_visit import visits

    rows = []
    for label, server, ready in (("floor (st.write; streamlit run)", floor, "[data-testid='stMarkdown']"),
                                 ("/ (overview)", app, ".js-plotly-plot .main-svg")):
        if budget.left_s < 40:
            rows.append([label, "time budget", "", "", ""])
            continue
        try:
            v = visits(server.url + "/", server.proc.pid, n, ready)
            rows.append([label, f"{v['cpu_ms']:.0f}", f"{v['requests']:.0f}", f"{v['mb']:.2f}", f"{v['ready_s']:.1f}"])
        except Exception as e:
            rows.append([label, error_text(e), "", "", ""])
    return rows
