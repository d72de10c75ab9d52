"""Start the dashboard server: `python -m dashboard.serve [streamlit options]` (what `make run` does).

Streamlit treats an app with a `pages/` folder beside its entry script as a legacy multipage app
until st.navigation is first called. The first browser session after server start then runs its
first script pass inside a generated legacy page: a direct link such as /survey briefly shows
"Page not found", and widget identities change after the first pass. Switching the legacy mode off
before the server starts avoids both. app.py still copes when started with plain `streamlit run`.

Very long links. Streamlit 1.67 serves through uvicorn with h11, whose request-head buffer is 16 KB:
a longer request line got a bare "400 Bad Request" (or a reset connection) before any app code ran,
depending on how the bytes happened to arrive. Here the buffer is raised to MAX_REQUEST_HEAD_BYTES
(more than any browser sends: Chromium stops at 2 MB) and a small ASGI wrapper answers every page
request whose query string exceeds MAX_QUERY_BYTES with a Japanese page saying the link is too long,
with links to the same page without conditions and to the top. Shorter links open normally; the URL
parser drops values it does not know and says so. Both hooks use Streamlit's server module
(create_starlette_app, _get_uvicorn_config_kwargs); tests/test_long_links.py checks them on a real server.
"""
from __future__ import annotations

import html
import json
import os
import sys
from pathlib import Path

from streamlit.runtime.pages_manager import PagesManager
from streamlit.web import cli

from dashboard import formats, pacing, run_messages, tcp_nodelay

APP = Path(__file__).resolve().parent.parent / "app.py"
MAX_QUERY_BYTES = 64 * 1024  # a real dashboard link is a few hundred bytes
MAX_REQUEST_HEAD_BYTES = 4 * 1024 * 1024  # above this uvicorn still answers a bare 400 (see README)

TOO_LONG_PAGE = """<!doctype html>
<html lang="ja"><head><meta charset="utf-8"><title>リンクが長すぎます</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body style="font-family: sans-serif; max-width: 40rem; margin: 4rem auto; line-height: 1.7">
<h1>リンクが長すぎます</h1>
<p>このリンクの条件部分（? 以降）は {size} あり、上限の {limit} を超えているため開けません。
リンクが途中で壊れたか、同じ条件が何度も付け加えられた可能性があります。</p>
<p><a href="{path}">このページを条件なしで開く</a>　／　<a href="/">ダッシュボードのトップへ</a></p>
</body></html>
"""


def _kilobytes(n: int) -> str:
    return f"{formats.number(round(n / 1024), 'ja')} KB"  # the page is in Japanese


def too_long_page(path: str, query_bytes: int) -> bytes:
    return TOO_LONG_PAGE.format(size=_kilobytes(query_bytes), limit=_kilobytes(MAX_QUERY_BYTES),
                                path=html.escape(path or "/", quote=True)).encode("utf-8")


class LongLinkGuard:
    """ASGI wrapper: a page request with an over-long query string gets TOO_LONG_PAGE (414), not the app."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        query = scope.get("query_string", b"") if scope["type"] == "http" else b""
        if len(query) <= MAX_QUERY_BYTES:
            await self.app(scope, receive, send)
            return
        body = too_long_page(scope.get("path", "/"), len(query))
        await send({"type": "http.response.start", "status": 414,
                    "headers": [(b"content-type", b"text/html; charset=utf-8"),
                                (b"content-length", str(len(body)).encode()), (b"cache-control", b"no-store")]})
        await send({"type": "http.response.body", "body": body})


def install_long_link_guard(preload_charts: bool = True) -> bool:
    """Wrap Streamlit's ASGI app and raise h11's buffer; False (server unchanged) if Streamlit moved them.
    preload_charts: pages start loading the chart code at once (dashboard/chart_preload.py); off for the benchmark's
    one-line floor page, which has no chart."""
    try:
        from streamlit.web.server.starlette import starlette_server as server
        create_app, uvicorn_kwargs = server.create_starlette_app, server._get_uvicorn_config_kwargs
    except (ImportError, AttributeError):
        print("dashboard.serve: Streamlit's server module changed; very long links get a bare 400.", file=sys.stderr)
        return False
    if getattr(create_app, "long_link_guard", False):
        return True

    def create_guarded_app(runtime):
        from dashboard.chart_preload import ChartPreload
        from dashboard.static_assets import CompressedStatic

        app = create_app(runtime)
        return LongLinkGuard(CompressedStatic(ChartPreload(app) if preload_charts else app))

    def kwargs_with_larger_head():
        return {**uvicorn_kwargs(), "h11_max_incomplete_event_size": MAX_REQUEST_HEAD_BYTES}

    create_guarded_app.long_link_guard = True
    server.create_starlette_app = create_guarded_app
    server._get_uvicorn_config_kwargs = kwargs_with_larger_head
    return True


def take_public_url(argv: list[str]) -> list[str]:
    """Remove `--public-url URL` (or `--public-url=URL`) from argv and put it into MIRAI_PUBLIC_URL, where the
    slides' QR codes read it (dashboard/qr.py): the address phones in the hall reach, not localhost."""
    rest, i = [], 0
    while i < len(argv):
        arg = argv[i]
        if arg == "--public-url" and i + 1 < len(argv):
            os.environ["MIRAI_PUBLIC_URL"] = argv[i + 1]
            i += 2
            continue
        if arg.startswith("--public-url="):
            os.environ["MIRAI_PUBLIC_URL"] = arg.split("=", 1)[1]
        else:
            rest.append(arg)
        i += 1
    return rest


def freeze_imports(dashboard_modules: bool = True) -> None:
    """Import what every page run uses, then move those objects out of the garbage collector's sight.

    Streamlit's runner.postScriptGC (off in .streamlit/config.toml) ran a full collection after every script run:
    under load a third of the server's CPU went to walking the same long-lived module objects (plotly's property
    validators, pandas, pyarrow) again and again. Python's own collections still free what sessions leave behind;
    gc.freeze() keeps them from walking what was imported at start, which lives as long as the process.
    dashboard_modules=False (the benchmark's floor apps, bench/floor_apps): none of the dashboard's own modules."""
    import atexit
    import gc

    if dashboard_modules:
        import dashboard.panels  # noqa: F401  (panels → figures → plotly, pandas, duckdb)
        import dashboard.render.page  # noqa: F401
        # Not pydeck: no panel draws a deck (the map is a plotly figure, figures/map.py), and importing it here cost
        # 1.1-2.2 MB (pydeck and jinja2, 47 modules) for the life of every server. Streamlit imports it if a deck
        # is drawn.
    compact_plotly_validators()
    if dashboard_modules:
        prepare_map_shapes()
    gc.collect()
    gc.freeze()
    # Hand them back at exit, so the interpreter's last collection frees them (duckdb's bindings report every
    # object still alive at exit as a leak).
    atexit.register(gc.unfreeze)


def prepare_map_shapes() -> None:
    """Project the prefectures' shapes for the map once, before the first visitor: a hall's first map views all
    waited for them (0.7 s of CPU). A missing or broken boundary file is the map page's to report, not the server's."""
    from dashboard import geo
    from dashboard.figures import map as map_figures

    try:
        map_figures.make_shapes()
    except geo.ReferenceDataError:
        pass


class CompactValidatorParams:
    """plotly's validator parameters (plotly/validators/_validators.json), each kept as its compact JSON text and
    parsed when plotly first asks for it. plotly keeps the whole file parsed, read at the first figure: 10,118
    entries, 8.5 MB of dicts and strings for the life of the process, of which a page run's figures use a few
    hundred (each then kept by plotly as a validator object). As text they take 3.1 MB. plotly's ValidatorCache
    asks only `.get(name)`; every answer is a fresh dict equal to the file's entry (tests/test_serve_memory.py)."""

    def __init__(self, parsed: dict):
        # Entries plotly has used are as plotly left them: it updates a base entry's params with a derived entry's
        # (same keys every time), so what it reads next is the same either way.
        self._text = {name: json.dumps(item, separators=(",", ":"), ensure_ascii=False)
                      for name, item in parsed.items()}

    def get(self, name, default=None):
        text = self._text.get(name)
        return default if text is None else json.loads(text)


def compact_plotly_validators() -> bool:
    """Give plotly's ValidatorCache the file's entries as CompactValidatorParams. `import streamlit` has plotly read
    the file already (its plotly theme sets a few properties); the file is read here if not. False, plotly
    unchanged, when its validator cache is not where it was (plotly 6.x)."""
    try:
        from plotly.validator_cache import ValidatorCache

        parsed = ValidatorCache._json_cache
        if isinstance(parsed, CompactValidatorParams):
            return True
        if parsed is None:
            path = Path(ValidatorCache.get_validator.__code__.co_filename).parent / "validators" / "_validators.json"
            with open(path, encoding="utf-8") as f:
                parsed = json.load(f)
        compact = CompactValidatorParams(parsed)
    except (ImportError, AttributeError, OSError, ValueError, TypeError):
        return False
    ValidatorCache._json_cache = compact
    return True


def fewer_malloc_arenas() -> None:
    """At most two glibc malloc arenas (as MALLOC_ARENA_MAX=2 would): every session's script thread otherwise
    gets an arena of its own, whose freed memory stays mapped after the session ends. Measured with 3 rounds of
    20 sessions (make loadtest): RSS after the rounds 334-343 MB against 351-356 MB with the default."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6").mallopt(-8, 2)  # M_ARENA_MAX
    except (OSError, AttributeError):  # not glibc: nothing to tune
        pass


TRIM_EVERY_S = 10


def reap_closed_sessions() -> int:
    """Shut down the closed sessions whose disconnectedSessionTTL has passed; how many.

    Streamlit keeps a closed tab's session for disconnectedSessionTTL seconds, so that a reconnect finds it. Its
    store (a TTLCache) drops an expired session only when another session is stored, and never shuts it down: after
    a round of 20 sessions, the last 65 closed sessions were still alive 45 s later, each with its session state,
    widget records and an event loop of its own (the last ones stay until the next tab closes). This does what
    Streamlit's close_session does for a stored session, for every expired one: takes it out of the store (on the
    server's event loop, under the store's lock, where Streamlit touches the store) and shuts it down. A session
    that is still within its TTL, or has reconnected, is left alone. 0 when Streamlit's session manager is not as
    expected (then Streamlit's own dropping is all there is)."""
    from streamlit import runtime

    if not runtime.exists():
        return 0
    rt = runtime.get_instance()
    manager = getattr(rt, "_session_mgr", None)
    store = getattr(getattr(manager, "_session_storage", None), "_cache", None)
    lock = getattr(manager, "_storage_lock", None)
    loop = getattr(getattr(rt, "_async_objs", None), "eventloop", None)
    if not callable(getattr(store, "expire", None)) or lock is None or loop is None or loop.is_closed():
        return 0

    async def reap() -> int:
        with lock:
            expired = store.expire()
        for _, info in expired:
            info.session.shutdown()
        return len(expired)

    import asyncio

    try:
        return asyncio.run_coroutine_threadsafe(reap(), loop).result(timeout=30)
    except Exception:  # the server is stopping, or Streamlit changed: nothing reaped this time
        return 0


def trim_malloc_periodically(every_s: float = TRIM_EVERY_S) -> bool:
    """Every `every_s` seconds: shut down closed sessions past their TTL (reap_closed_sessions; with a full garbage
    collection when there were any, since a session is a web of cycles that the oldest generation, rarely
    collected, would otherwise keep), then hand glibc's free heap memory back to the system (malloc_trim(0), which
    also releases free pages inside the heap, not only at its top). Without it, the memory that closed sessions
    freed stays counted in the process's RSS until new sessions reuse it. A trim takes well under a millisecond
    (0.3 ms measured); False when this is not glibc (closed sessions are still reaped)."""
    import gc
    import threading
    import time

    try:
        import ctypes

        trim = ctypes.CDLL("libc.so.6").malloc_trim
    except (OSError, AttributeError):
        trim = None

    def loop() -> None:
        while True:
            time.sleep(every_s)
            if reap_closed_sessions():
                gc.collect()
            if trim is not None:
                trim(0)

    threading.Thread(target=loop, name="malloc-trim", daemon=True).start()
    return trim is not None


def arrow_uses_malloc() -> None:
    """Arrow's buffers (the snapshot's tables as they are read, every st.dataframe) from glibc malloc instead of
    pyarrow's bundled mimalloc, which keeps its own reserve mapped: 7-8 MB less RSS after the snapshot is loaded,
    measured on the real snapshot (same tables, same queries)."""
    try:
        import pyarrow as pa

        pa.set_memory_pool(pa.system_memory_pool())
    except (ImportError, AttributeError):  # no pyarrow here: nothing to tune
        pass


def main(argv: list[str], script: Path = APP, floor: bool = False) -> int:
    """Serve `script` (app.py) with every setting above. floor=True: one of the benchmark's floor apps
    (bench/floor_apps, through `python -m bench.floor_serve --as-app`), served as the dashboard is but without the
    dashboard's own modules imported at start, so that a floor measures what the stack itself costs."""
    PagesManager.uses_pages_directory = False
    fewer_malloc_arenas()
    arrow_uses_malloc()
    trim_malloc_periodically()
    pacing.install()  # page runs take turns; the flush loop yields per slice, not per message
    run_messages.install()  # the theme built once; a session's messages reach the event loop in batches
    freeze_imports(dashboard_modules=not floor)
    install_long_link_guard()
    tcp_nodelay.install()  # each message leaves at once, not after the browser's delayed ACK
    argv = take_public_url(argv)
    sys.argv = ["streamlit", "run", str(script), *argv]
    return cli.main()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
