"""Very long links get a Japanese page saying so, never a bare 400; shorter long links open the app.

Measured on a real server (`python -m dashboard.serve`, what `make run` does) over loopback: without
dashboard.serve's hooks, 300 KB and 1 MB query strings got a bare 400 or a reset connection.
"""
from __future__ import annotations

import asyncio
import http.client
from concurrent.futures import ThreadPoolExecutor

import pytest

from dashboard import serve
from tests.browser.streamlit_browser import running_server

KB = 1024


@pytest.fixture(scope="module")
def server():
    with running_server("long-links") as server:
        yield server


def get(server, query_bytes: int, path: str = "/survey") -> tuple[int, str]:
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=60)
    try:
        connection.request("GET", f"{path}?tech=" + "A" * (query_bytes - len("tech=")))
        response = connection.getresponse()
        return response.status, response.read().decode("utf-8")
    finally:
        connection.close()


@pytest.mark.parametrize("size", [100 * KB, 300 * KB, 1024 * KB, 2048 * KB])
def test_too_long_link_gets_a_page_saying_so(server, size):
    status, body = get(server, size)
    assert status == 414
    assert "<h1>リンクが長すぎます</h1>" in body
    assert '<a href="/survey">このページを条件なしで開く</a>' in body and '<a href="/">' in body
    assert f"{size / KB:,.0f} KB" in body and "AAAA" not in body


@pytest.mark.parametrize("size", [1 * KB, 20 * KB, 60 * KB])
def test_long_link_below_the_limit_opens_the_app(server, size):
    status, body = get(server, size)
    assert status == 200 and "リンクが長すぎます" not in body and "<noscript>" in body


def run(coroutine) -> None:
    """asyncio.run in a thread of its own (Playwright's sync API may hold this thread's loop)."""
    with ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, coroutine).result()


def test_guard_passes_everything_else_through():
    calls = []

    async def app(scope, receive, send):
        calls.append(scope["type"])

    sent = []

    async def send(message):
        sent.append(message)

    guard = serve.LongLinkGuard(app)
    for scope in ({"type": "lifespan"}, {"type": "websocket", "query_string": b"x" * (200 * KB)},
                  {"type": "http", "path": "/", "query_string": b"x" * serve.MAX_QUERY_BYTES}):
        run(guard(scope, None, send))
    assert calls == ["lifespan", "websocket", "http"] and sent == []
    run(guard({"type": "http", "path": '/"><script>', "query_string": b"x" * (serve.MAX_QUERY_BYTES + 1)},
                      None, send))
    assert sent[0]["status"] == 414 and b'href="/&quot;&gt;&lt;script&gt;"' in sent[1]["body"]


def test_hooks_are_installed_once(monkeypatch):
    from streamlit.web.server.starlette import starlette_server

    for name in ("create_starlette_app", "_get_uvicorn_config_kwargs"):  # restored after the test
        monkeypatch.setattr(starlette_server, name, getattr(starlette_server, name))
    assert serve.install_long_link_guard() and serve.install_long_link_guard()
    assert starlette_server._get_uvicorn_config_kwargs()["h11_max_incomplete_event_size"] == serve.MAX_REQUEST_HEAD_BYTES
    assert getattr(starlette_server.create_starlette_app, "long_link_guard", False)
