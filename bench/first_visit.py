"""A new visitor's first page in Chromium (part of E, issue 10): what the server spends and sends before it is drawn.

A hall that scans the presenter's QR code is hundreds of browsers opening the dashboard for the first time: each
fetches Streamlit's frontend (about 130 files) before its first page run, which the load generator (websocket
protocol only) does not do. Each visit here is a new browser context (an empty cache) with a phone's user agent
opening /, until its first chart is drawn; the server's CPU over the visit, less its idle rate over the same time,
is the visit's cost. The floor is the same visit to a one-line Streamlit page on its own server."""
from __future__ import annotations

import time

from .loadgen import PHONE_UA
from .pages import CHROMIUM
from .report import p50

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True,
         "user_agent": PHONE_UA}  # the load generator's phone
SETTLE_S = 1.0  # after the first chart (or the floor's text): the page's last messages


def _cpu_s(pid: int) -> float:
    import psutil

    t = psutil.Process(pid).cpu_times()
    return t.user + t.system


def visits(url: str, pid: int, n: int, ready_selector: str) -> dict:
    """p50 over n new visitors of: server CPU ms (net of idle), requests, MB received, seconds to ready."""
    from playwright.sync_api import sync_playwright

    cpu, requests, mb, seconds = [], [], [], []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        try:
            for i in range(n + 1):  # the first visit warms the server's caches (its frontend files, panels)
                idle0 = _cpu_s(pid)
                time.sleep(2)
                idle_rate = (_cpu_s(pid) - idle0) / 2
                context = browser.new_context(**PHONE)
                page = context.new_page()
                finished: list = []
                page.on("requestfinished", lambda request: finished.append(request))
                cpu0, t0 = _cpu_s(pid), time.perf_counter()
                page.goto(url)
                page.wait_for_selector(ready_selector, timeout=120_000)
                ready = time.perf_counter() - t0
                page.wait_for_timeout(SETTLE_S * 1000)
                spent = _cpu_s(pid) - cpu0 - idle_rate * (time.perf_counter() - t0)
                if i:
                    cpu.append(max(0.0, spent) * 1000)
                    requests.append(len(finished))
                    mb.append(sum(r.sizes()["responseBodySize"] for r in finished) / 1e6)
                    seconds.append(ready)
                context.close()
        finally:
            browser.close()
    return {"cpu_ms": p50(cpu), "requests": p50(requests), "mb": p50(mb), "ready_s": p50(seconds)}
