"""Pages start loading the chart code at once (dashboard/chart_preload.py): an HTML page from Streamlit gets a
modulepreload link and an import of the Plotly component before </head>, with a length and an ETag of its own;
revalidation still ends in 304; every other request is Streamlit's answer unchanged. The last test asks a real
server (python -m dashboard.serve) for a page, and a page in Chromium still draws its chart."""
from __future__ import annotations

import gzip
import http.client
import re
import threading

import pytest

from dashboard import connect_base
from dashboard.chart_preload import KEEP_S, ChartPreload, find_module, snippet, tagged, untagged
from tests.test_static_assets import request

INDEX = b'<!DOCTYPE html><html><head><script type="module" src="./static/js/index.x.js"></script></head><body></body></html>'
MODULE = "PlotlyChart.abc.js"


def expected(path: str, added: bytes | None = None) -> bytes:
    """INDEX as a page at `path` gets it: the server's address (not at '/'), then `added` (the chart preload)."""
    return INDEX.replace(b"</head>", connect_base.snippet(path) + (snippet(MODULE) if added is None else added)
                         + b"</head>")


def streamlit_like(calls: list[dict]):
    """Pages answer INDEX (ETag "idx", 304 on If-None-Match "idx"); anything else a small JavaScript file."""
    async def app(scope, receive, send):
        calls.append(scope)
        headers = dict(scope.get("headers") or ())
        if scope["path"].startswith("/static/"):
            body, kind = b"x" * 100, b"application/javascript"
        else:
            body, kind = INDEX, b"text/html; charset=utf-8"
        if headers.get(b"if-none-match") == b'"idx"' and kind.startswith(b"text/html"):
            await send({"type": "http.response.start", "status": 304, "headers": [(b"etag", b'"idx"')]})
            await send({"type": "http.response.body", "body": b""})
            return
        await send({"type": "http.response.start", "status": 200,
                    "headers": [(b"content-type", kind), (b"etag", b'"idx"'), (b"content-length", str(len(body)).encode())]})
        half = len(body) // 2  # in two chunks, as a file response may send it
        await send({"type": "http.response.body", "body": body[:half], "more_body": True})
        await send({"type": "http.response.body", "body": body[half:]})
    return app


def test_a_page_gets_the_preload_before_head_end():
    calls: list[dict] = []
    app = ChartPreload(streamlit_like(calls), module=MODULE)
    for path in ("/", "/technologies"):
        status, headers, body = request(app, path)
        assert status == 200
        assert body == expected(path)
        assert b'<link rel="modulepreload" crossorigin href="./static/js/PlotlyChart.abc.js">' in body
        assert b'import("./static/js/PlotlyChart.abc.js")' in body
        assert headers[b"content-length"] == str(len(body)).encode()
        assert headers[b"etag"] == b'"idx-charts"'


def test_revalidation_gets_304_and_an_old_copy_gets_the_page():
    calls: list[dict] = []
    app = ChartPreload(streamlit_like(calls), module=MODULE)
    status, headers, body = request(app, "/", if_none_match='"idx-charts"')
    assert (status, body) == (304, b"") and headers[b"etag"] == b'"idx-charts"'
    assert dict(calls[-1]["headers"])[b"if-none-match"] == b'"idx"'  # Streamlit asked with its own ETag
    status, _, body = request(app, "/", if_none_match='"idx"')  # cached before the preload existed
    assert status == 200 and snippet(MODULE) in body
    assert b"if-none-match" not in dict(calls[-1]["headers"])


def test_head_says_what_get_would_send():
    app = ChartPreload(streamlit_like([]), module=MODULE)
    _, got, body = request(app, "/")
    status, headers, _ = request(app, "/", method="HEAD")
    assert status == 200 and headers[b"content-length"] == str(len(body)).encode() and headers[b"etag"] == got[b"etag"]


@pytest.mark.parametrize("path", ["/present", "/data", "/municipality", "/slides", "/file_check"])
def test_a_page_without_a_chart_only_prefetches_the_module(path):
    # Loaded and compiled at once, the chart code delayed the first view of pages that draw no chart (bench --only
    # pages, a new browser: /present 1,450 -> 2,053 ms); it is fetched when the browser is idle instead.
    _, headers, body = request(ChartPreload(streamlit_like([]), module=MODULE), path)
    assert body == expected(path, b'<link rel="prefetch" crossorigin href="./static/js/PlotlyChart.abc.js">')
    assert b"import(" not in body and headers[b"content-length"] == str(len(body)).encode()
    _, _, chart_page = request(ChartPreload(streamlit_like([]), module=MODULE), "/overview")
    assert snippet(MODULE) in chart_page


def test_a_browser_taking_gzip_gets_the_page_with_the_preload_compressed():
    # Streamlit compressed its page itself for every browser, and a compressed page was passed on unchanged: browsers
    # never got the preload. Streamlit is now asked without Accept-Encoding, and the page compressed here.
    calls: list[dict] = []
    app = ChartPreload(streamlit_like(calls), module=MODULE)
    status, headers, body = request(app, "/technologies", accept_encoding="gzip, deflate, br, zstd")
    assert status == 200 and headers[b"content-encoding"] == b"gzip" and headers[b"vary"] == b"Accept-Encoding"
    assert gzip.decompress(body) == expected("/technologies")
    assert headers[b"content-length"] == str(len(body)).encode() and headers[b"etag"] == b'W/"idx-charts"'
    assert b"accept-encoding" not in dict(calls[-1]["headers"])
    # revalidating the compressed copy: Streamlit is asked with its own strong tag and says 304
    status, headers, body = request(app, "/technologies", accept_encoding="gzip", if_none_match='W/"idx-charts"')
    assert (status, body) == (304, b"") and dict(calls[-1]["headers"])[b"if-none-match"] == b'"idx"'
    status, _, body = request(app, "/", accept_encoding="gzip;q=0")
    assert b"content-encoding" not in _ and snippet(MODULE) in body


def test_the_page_is_kept_per_path_for_a_while():
    calls: list[dict] = []
    now = [100.0]
    app = ChartPreload(streamlit_like(calls), module=MODULE, clock=lambda: now[0])
    first = request(app, "/technologies", accept_encoding="gzip")
    assert request(app, "/technologies", accept_encoding="gzip") == first and len(calls) == 1
    plain = request(app, "/technologies")
    assert len(calls) == 1 and plain[2] == gzip.decompress(first[2]) and b"content-encoding" not in plain[1]
    request(app, "/map")  # another page: Streamlit's own answer first
    assert len(calls) == 2
    request(app, "/technologies", if_none_match='"idx-charts"')  # conditional: always Streamlit's
    assert len(calls) == 3
    now[0] += KEEP_S
    request(app, "/technologies")
    assert len(calls) == 4
    for _ in range(2):  # a path that is no page's address is never kept, whatever its length
        request(app, "/" + "x" * 100_000)
    assert len(calls) == 6 and set(app.kept) == {"/technologies", "/map"}


@pytest.mark.parametrize("path", ["/static/js/index.x.js", "/_stcore/health", "/favicon.png", "/media/a.png"])
def test_everything_else_is_streamlits_answer(path):
    calls: list[dict] = []
    status, headers, body = request(ChartPreload(streamlit_like(calls), module=MODULE), path)
    _, plain_headers, plain = request(streamlit_like([]), path)
    assert (status, headers, body) == (200, plain_headers, plain)


def test_no_module_or_switched_off_leaves_pages_alone(monkeypatch):
    _, _, body = request(ChartPreload(streamlit_like([]), module=""), "/")
    assert body == INDEX
    _, _, body = request(ChartPreload(streamlit_like([]), module=""), "/map")  # the server's address only
    assert body == expected("/map", b"")
    monkeypatch.setenv("MIRAI_CHART_PRELOAD", "0")
    _, headers, body = request(ChartPreload(streamlit_like([]), module=MODULE), "/")
    assert body == INDEX and headers[b"etag"] == b'"idx"'
    assert request(ChartPreload(streamlit_like([]), module=MODULE), "/map")[2] == expected("/map", b"")
    monkeypatch.setenv("MIRAI_CONNECT_BASE", "0")
    for path in ("/", "/map", "/present"):
        _, headers, body = request(ChartPreload(streamlit_like([]), module=MODULE), path)
        assert body == INDEX and headers[b"etag"] == b'"idx"'


def test_every_page_but_the_root_says_where_the_server_is():
    from dashboard.page_registry import OVERVIEW_ALIAS, PAGES, address

    assert connect_base.snippet("/") == b""
    for path in [address(p) for p in PAGES if address(p) != "/"] + ["/" + OVERVIEW_ALIAS]:
        added = connect_base.snippet(path)
        assert added.startswith(b"<script>") and f'a="{path}"'.encode() in added, path
        assert request(ChartPreload(streamlit_like([]), module=MODULE), path)[2].startswith(
            INDEX[:INDEX.index(b"</head>")] + added)


def test_etag_helpers():
    assert tagged(b'"a"') == b'"a-charts"' and tagged(b'W/"a"') == b'W/"a-charts"' and tagged(b"") == b""
    assert untagged(b'"a-charts", W/"b-charts", W/"c"') == b'"a", "b", W/"c"'


def test_a_real_server_preloads_the_installed_component_and_charts_still_draw():
    from tests.browser.streamlit_browser import launch_chromium, running_server

    module = find_module()
    assert module and re.fullmatch(r"PlotlyChart\.[\w-]+\.js", module)
    with running_server("chart-preload") as server:
        connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=60)
        connection.request("GET", "/technologies")
        page = connection.getresponse().read().decode()
        connection.request("GET", "/technologies", headers={"Accept-Encoding": "gzip, deflate, br, zstd"})
        packed = connection.getresponse()
        assert packed.getheader("Content-Encoding") == "gzip"
        assert gzip.decompress(packed.read()).decode() == page
        connection.request("GET", f"/static/js/{module}")
        response = connection.getresponse()
        response.read()
        connection.close()
        assert f'import("./static/js/{module}")' in page and response.status == 200
        # In its own thread: in a full run the browser tests' Playwright holds this thread's event loop, and
        # Playwright's sync API refuses to start inside a running loop.
        errors, asked = _in_thread(lambda: _page_errors(launch_chromium, f"http://localhost:{server.port}/technologies"))
        assert errors == []
        # the frontend asked the server's root at once, not first under the page's own address
        assert [p for p in asked if p.endswith("/_stcore/health")] == ["/_stcore/health"]


@pytest.mark.parametrize("location, base", [
    ("http://dash.test/technologies", "http://dash.test/"),
    ("http://dash.test/technologies/", "http://dash.test/"),
    ("http://dash.test/mirai/technologies?tech=AI", "http://dash.test/mirai/"),  # a proxy's prefix is kept
    ("http://dash.test/mirai/technologiesx", None),  # not the page's address: Streamlit's own guess
    ("http://dash.test/other", None),
])
def test_the_address_is_the_location_without_the_page(location, base):
    found = _in_thread(lambda: _base_in_chromium(location, connect_base.snippet("/technologies")))
    assert found == base


def test_an_embedding_hosts_setting_is_kept():
    preset = b"<script>window.__streamlit={BACKEND_BASE_URL:'http://host.test/app/'}</script>"
    found = _in_thread(lambda: _base_in_chromium("http://dash.test/technologies", preset + connect_base.snippet(
        "/technologies")))
    assert found == "http://host.test/app/"


def _base_in_chromium(location: str, head: bytes) -> str | None:
    """window.__streamlit.BACKEND_BASE_URL after a page at `location` with `head` ran (served by a route)."""
    from tests.browser.streamlit_browser import launch_chromium

    playwright, browser = launch_chromium()
    try:
        tab = browser.new_page()
        html = b"<!DOCTYPE html><html><head>" + head + b"</head><body>ok</body></html>"
        tab.route("**/*", lambda route: route.fulfill(status=200, content_type="text/html", body=html))
        tab.goto(location)
        return tab.evaluate("window.__streamlit ? window.__streamlit.BACKEND_BASE_URL : null")
    finally:
        browser.close()
        playwright.stop()


def _page_errors(launch_chromium, url: str) -> tuple[list[str], list[str]]:
    """The page errors of `url` in Chromium once its first chart is drawn, and the paths it requested."""
    from urllib.parse import urlsplit

    playwright, browser = launch_chromium()
    try:
        tab = browser.new_page()
        errors: list[str] = []
        asked: list[str] = []
        tab.on("pageerror", lambda e: errors.append(str(e)))
        tab.on("request", lambda r: asked.append(urlsplit(r.url).path))
        tab.goto(url)
        tab.wait_for_selector('[data-testid="stPlotlyChart"] svg.main-svg', timeout=60_000)
        return errors, asked
    finally:
        browser.close()
        playwright.stop()


def _in_thread(make):
    """make() in a new thread (no event loop running there), its result or its exception here."""
    out: dict = {}

    def target():
        try:
            out["value"] = make()
        except BaseException as e:  # handed to the test's thread
            out["error"] = e

    worker = threading.Thread(target=target)
    worker.start()
    worker.join()
    if "error" in out:
        raise out["error"]
    return out["value"]
