"""The page (Streamlit's index.html) starts loading the chart code at once, not after the first chart arrives.

Why: Streamlit loads its Plotly component (one 4.7 MB JavaScript module, 1.4 MB gzipped) only when the first chart
element reaches the browser, that is after the websocket is open and the server has run the page script. Only then is
the module fetched (a first visit), compiled and evaluated, and only then is the first chart drawn. Measured in
headless Chromium against `python -m dashboard.serve` (bench/pages.py's settle time, same run, A/B tabs): starting
the import when the page loads, while the browser otherwise waits for the server, settled / 1,648 → 1,216 ms,
/technologies 2,773 → 2,302, /program 2,153 → 1,918 with a warm cache; / 6,777 → 5,284 ms for a first visit.

How: an ASGI wrapper (installed by dashboard/serve.py) adds to every HTML page Streamlit answers with status 200 a
`<link rel="modulepreload">` for the module (fetched and compiled beside the app's own code) and an inline module
script that imports it (module scripts run in document order, so after Streamlit's own entry module). The import
resolves to the same module instance Streamlit's lazy import gets later. The page's ETag gets a suffix (the body
differs from the file's), and a revalidation with that ETag is passed to Streamlit with its own, so a reload still
gets 304. A page whose first view draws no chart (page_registry: charts=False) gets only a prefetch of the module.
Nothing changes when the module is not found (another Streamlit version names it differently), or with
MIRAI_CHART_PRELOAD=0 in the environment. The same wrapper gives each page's HTML the server's address first
(dashboard/connect_base.py), so that the frontend connects without a detour.
"""
from __future__ import annotations

import gzip
import html
import os
import re
import time
from pathlib import Path

from dashboard.static_assets import accepts_gzip

ETAG_SUFFIX = b"-charts"
CONDITIONAL = {b"if-none-match", b"if-modified-since", b"range", b"if-range"}  # answered by Streamlit itself
MODULE_GLOB = "PlotlyChart.*.js"


def find_module() -> str | None:
    """The Plotly component's file name in the installed Streamlit's frontend, or None."""
    try:
        import streamlit

        js = Path(streamlit.__file__).parent / "static" / "static" / "js"
        found = sorted(p.name for p in js.glob(MODULE_GLOB))
    except (ImportError, OSError):
        return None
    return found[0] if len(found) == 1 else None  # none or ambiguous: leave the page alone


def snippet(module: str, charts: bool = True) -> bytes:
    """What goes before </head>: the same relative URL and crossorigin mode as Streamlit's own module scripts. A
    page whose first view draws no chart (page_registry: charts=False) only prefetches the module, when the browser
    is idle: loaded and compiled at once, it delayed their first view in a new browser (bench --only pages, cold:
    /present 1,450 -> 2,053 ms, /municipality 1,332 -> 1,962), and the next page with a chart finds it cached."""
    src = html.escape(f"./static/js/{module}", quote=True)
    if not charts:
        return f'<link rel="prefetch" crossorigin href="{src}">'.encode()
    return (f'<link rel="modulepreload" crossorigin href="{src}">'
            f'<script type="module">import("{src}").catch(() => {{}})</script>').encode()


def page_snippets(module: str | None, connect: bool = True) -> dict[str, bytes]:
    """Each page's address -> what its HTML gets (page_registry): where the server is (dashboard/connect_base.py,
    when `connect`), then the chart code's preload (when there is a `module`). Other paths get snippet(module)."""
    from dashboard import connect_base
    from dashboard.page_registry import OVERVIEW, OVERVIEW_ALIAS, PAGES, address

    def both(at: str, charts: bool) -> bytes:
        return (connect_base.snippet(at) if connect else b"") + (snippet(module, charts) if module else b"")

    snippets = {address(p): both(address(p), p.charts) for p in PAGES}
    snippets["/" + OVERVIEW_ALIAS] = both("/" + OVERVIEW_ALIAS, OVERVIEW.charts)
    return {at: added for at, added in snippets.items() if added}


def tagged(etag: bytes) -> bytes:
    """b'"abc"' → b'"abc-charts"' (a weak W/ prefix kept); b'' stays b''."""
    return etag[:-1] + ETAG_SUFFIX + b'"' if etag.endswith(b'"') else etag


def untagged(value: bytes) -> bytes:
    """An If-None-Match value with our suffix taken off each tag, as Streamlit knows them. Our tags lose a weak W/
    prefix too: it is ours (a compressed copy, _send_page), and Streamlit compares only its strong tags."""
    return re.sub(rb'(?:W/)?"([^"]*)' + re.escape(ETAG_SUFFIX) + rb'"', rb'"\1"', value)


def _is_page(scope) -> bool:
    path = scope.get("path", "")
    last = path.rsplit("/", 1)[-1]
    return (scope["type"] == "http" and scope.get("method") in ("GET", "HEAD") and "." not in last
            and not path.startswith(("/_stcore/", "/static/", "/media/", "/component/", "/app/")))


KEEP_S = 60.0  # a page answer is kept this long (Streamlit's index.html does not change while it runs)


class ChartPreload:
    """ASGI wrapper around Streamlit's app: HTML pages get `snippet` before </head>.

    Streamlit compresses its page itself for a browser (every browser sends Accept-Encoding: gzip), and a compressed
    page cannot be changed: browsers got the page without the snippet (only clients without gzip, such as the tests'
    http.client, got it). So Streamlit is asked for the page uncompressed, and the page with the snippet is compressed
    here. The answer is kept per page (its address) for KEEP_S: every visitor's first request is this page, and asking Streamlit
    (its file read in worker threads) and compressing it cost about 1.4 ms of server CPU a visitor."""

    def __init__(self, app, module: str | None = None, clock=time.monotonic):
        from dashboard import connect_base

        self.app = app
        module = module if module is not None else find_module()
        # MIRAI_CHART_PRELOAD=0 leaves the chart code out (to measure the difference), MIRAI_CONNECT_BASE=0 the
        # server's address; with both, Streamlit's page is served as it is.
        module = module if module and os.environ.get("MIRAI_CHART_PRELOAD") != "0" else None
        self.snippet = snippet(module) if module else b""
        self.snippets = page_snippets(module, connect_base.enabled())
        self.clock = clock
        self.kept: dict[str, tuple[float, list, bytes, bytes]] = {}  # page address -> (when, headers, page, compressed)

    async def __call__(self, scope, receive, send):
        page = (scope["path"].rstrip("/") or "/") if _is_page(scope) else None
        added = self.snippets.get(page, self.snippet) if page is not None else b""
        if not added:
            await self.app(scope, receive, send)
            return
        named = {k.lower(): v for k, v in scope.get("headers") or ()}
        gzip_ok = accepts_gzip(named.get(b"accept-encoding", b""))
        # Kept only for the pages' own addresses: a link may name any path, of any length.
        keep = scope["method"] == "GET" and not named.keys() & CONDITIONAL and page in self.snippets
        if keep:
            kept = self.kept.get(page)
            if kept is not None and self.clock() - kept[0] < KEEP_S:
                await _send_page(send, kept[1], kept[3] if gzip_ok else kept[2], gzip_ok)
                return
        # A revalidation of our page asks Streamlit with its own ETag; one of a page without the snippet (cached
        # before) is dropped, so the browser gets the page with it. The page is asked for uncompressed.
        headers = [(k, untagged(v) if k.lower() == b"if-none-match" else v) for k, v in scope.get("headers") or ()
                   if (k.lower() != b"if-none-match" or ETAG_SUFFIX in v) and k.lower() != b"accept-encoding"]
        start: dict = {}
        chunks: list[bytes] = []
        state = {"html": False}

        async def rewrite(message):
            if message["type"] == "http.response.start":
                answer = {k.lower(): v for k, v in message.get("headers") or ()}
                state["html"] = (message.get("status") == 200 and answer.get(b"content-type", b"").startswith(b"text/html")
                                 and not answer.get(b"content-encoding"))
                if not state["html"]:
                    if message.get("status") == 304:  # our ETag again, so the browser keeps the page it has
                        message = {**message, "headers": [(k, tagged(v) if k.lower() == b"etag" else v)
                                                          for k, v in message.get("headers") or ()]
                                   + [(b"vary", b"Accept-Encoding")]}
                    await send(message)
                    return
                if scope.get("method") == "HEAD":  # the headers a GET would get, without the body
                    out = [(k, str(int(v) + len(added)).encode() if k.lower() == b"content-length"
                            else tagged(v) if k.lower() == b"etag" else v) for k, v in message.get("headers") or ()]
                    state["html"] = False
                    await send({**message, "headers": out})
                    return
                start.update(message)
                return
            if message["type"] == "http.response.body" and state["html"]:
                chunks.append(message.get("body", b""))
                if message.get("more_body"):
                    return
                body = b"".join(chunks)
                at = body.find(b"</head>")
                if at >= 0:
                    body = body[:at] + added + body[at:]
                out = []
                for k, v in start.get("headers") or ():
                    key = k.lower()
                    if key == b"etag" and at >= 0:
                        v = tagged(v)
                    if key not in (b"content-length", b"content-encoding", b"vary"):
                        out.append((k, v))
                packed = gzip.compress(body, compresslevel=6, mtime=0)
                if keep and at >= 0:
                    self.kept[page] = (self.clock(), out, body, packed)
                await _send_page(send, out, packed if gzip_ok else body, gzip_ok, start.get("status", 200))
                return
            await send(message)

        await self.app({**scope, "headers": headers}, receive, rewrite)


async def _send_page(send, headers: list, body: bytes, packed: bool, status: int = 200) -> None:
    """The page with its length, compressed or not; Vary says that it depends on Accept-Encoding. A compressed copy
    has a weak ETag (the same page, other bytes): revalidating either gets 304 from Streamlit (untagged)."""
    out = [(k, b"W/" + v if packed and k.lower() == b"etag" and not v.startswith(b"W/") else v) for k, v in headers]
    out += [(b"content-length", str(len(body)).encode()), (b"vary", b"Accept-Encoding")]
    if packed:
        out.append((b"content-encoding", b"gzip"))
    await send({"type": "http.response.start", "status": status, "headers": out})
    await send({"type": "http.response.body", "body": body})
