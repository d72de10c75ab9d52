"""A page tells Streamlit's frontend where the server is, so that it connects at once.

Why: opened at a page's own address (/technologies), Streamlit's frontend does not know the app's root. It asks
/technologies/_stcore/health first, gets no health answer there, waits for its retry and only then asks
/_stcore/health and opens the websocket. Traced in headless Chromium (warm cache, /file_check): the first health
request at 108 ms, the second at 223 ms, the websocket at 233 ms; the overview at '/' has no such wait. The
frontend takes the server's address from window.__streamlit.BACKEND_BASE_URL when a page sets it (Streamlit's
setting for embedding), and then asks that address only.

How: each page's HTML (dashboard/chart_preload.py adds it before </head>) gets an inline script, run before
Streamlit's own module scripts, that sets BACKEND_BASE_URL to the page's location without the page's own address:
behind a proxy that serves the dashboard under a prefix (/mirai/technologies) the base is /mirai/, as Streamlit's
own guess would find. A page that already has a window.__streamlit (an embedding host's) is left alone, and so is a
location that does not end in the page's address. MIRAI_CONNECT_BASE=0 in the environment switches it off (to
measure the difference).
"""
from __future__ import annotations

import json
import os


def enabled() -> bool:
    return os.environ.get("MIRAI_CONNECT_BASE") != "0"


def snippet(address: str) -> bytes:
    """The inline script for the page at `address` ('/technologies'); b'' for '/' (the frontend asks there first)."""
    own = address.rstrip("/")
    if not own:
        return b""
    # json.dumps makes a JavaScript string literal; '</' cannot occur in a page address (page_registry's slugs).
    js = ("(()=>{if(window.__streamlit)return;const p=location.pathname.replace(/\\/+$/,''),a=%s;"
          "if(p.endsWith(a))window.__streamlit={BACKEND_BASE_URL:location.origin+p.slice(0,-a.length)+'/'}})()"
          % json.dumps(own))
    return f"<script>{js}</script>".encode()
