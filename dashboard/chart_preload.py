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
gets 304. Nothing changes when the module is not found (another Streamlit version names it differently), or with
MIRAI_CHART_PRELOAD=0 in the environment.
"""
from __future__ import annotations

import html
import os
from pathlib import Path

ETAG_SUFFIX = b"-charts"
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


def snippet(module: str) -> bytes:
    """What goes before </head>: the same relative URL and crossorigin mode as Streamlit's own module scripts."""
    src = html.escape(f"./static/js/{module}", quote=True)
    return (f'<link rel="modulepreload" crossorigin href="{src}">'
            f'<script type="module">import("{src}").catch(() => {{}})</script>').encode()


def tagged(etag: bytes) -> bytes:
    """b'"abc"' → b'"abc-charts"' (a weak W/ prefix kept); b'' stays b''."""
    return etag[:-1] + ETAG_SUFFIX + b'"' if etag.endswith(b'"') else etag


def untagged(value: bytes) -> bytes:
    """An If-None-Match value with our suffix taken off each tag, as Streamlit knows them."""
    return value.replace(ETAG_SUFFIX + b'"', b'"')


def _is_page(scope) -> bool:
    path = scope.get("path", "")
    last = path.rsplit("/", 1)[-1]
    return (scope["type"] == "http" and scope.get("method") in ("GET", "HEAD") and "." not in last
            and not path.startswith(("/_stcore/", "/static/", "/media/", "/component/", "/app/")))


class ChartPreload:
    """ASGI wrapper around Streamlit's app: HTML pages get `snippet` before </head>."""

    def __init__(self, app, module: str | None = None):
        self.app = app
        module = module if module is not None else find_module()
        # MIRAI_CHART_PRELOAD=0 serves Streamlit's page as it is (to measure the difference).
        self.snippet = snippet(module) if module and os.environ.get("MIRAI_CHART_PRELOAD") != "0" else b""

    async def __call__(self, scope, receive, send):
        if not self.snippet or not _is_page(scope):
            await self.app(scope, receive, send)
            return
        # A revalidation of our page asks Streamlit with its own ETag; one of a page without the snippet (cached
        # before) is dropped, so the browser gets the page with it.
        headers = [(k, untagged(v) if k.lower() == b"if-none-match" else v) for k, v in scope.get("headers") or ()
                   if k.lower() != b"if-none-match" or ETAG_SUFFIX in v]
        start: dict = {}
        chunks: list[bytes] = []
        state = {"html": False}

        async def rewrite(message):
            if message["type"] == "http.response.start":
                named = {k.lower(): v for k, v in message.get("headers") or ()}
                state["html"] = (message.get("status") == 200 and named.get(b"content-type", b"").startswith(b"text/html")
                                 and not named.get(b"content-encoding"))
                if not state["html"]:
                    if message.get("status") == 304:  # our ETag again, so the browser keeps the page it has
                        message = {**message, "headers": [(k, tagged(v) if k.lower() == b"etag" else v)
                                                          for k, v in message.get("headers") or ()]}
                    await send(message)
                    return
                if scope.get("method") == "HEAD":  # the headers a GET would get, without the body
                    out = [(k, str(int(v) + len(self.snippet)).encode() if k.lower() == b"content-length"
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
                    body = body[:at] + self.snippet + body[at:]
                out = []
                for k, v in start.get("headers") or ():
                    key = k.lower()
                    if key == b"content-length":
                        v = str(len(body)).encode()
                    elif key == b"etag" and at >= 0:
                        v = tagged(v)
                    out.append((k, v))
                await send({**start, "headers": out})
                await send({"type": "http.response.body", "body": body})
                return
            await send(message)

        await self.app({**scope, "headers": headers}, receive, rewrite)
