"""Streamlit's frontend files compressed once and served from memory (dashboard/static_assets.py): the bytes a
browser gets are the file's, every request the layer does not keep goes to Streamlit unchanged, and memory is
bounded. The last test asks a real server (python -m dashboard.serve) for a real frontend file."""
from __future__ import annotations

import asyncio
import concurrent.futures
import gzip
import http.client
import re

import pytest

from dashboard.static_assets import CompressedStatic, accepts_gzip, gzip_etag, matches

JS = b"console.log('mirai');\n" * 2000
IMMUTABLE = b"public, immutable, max-age=31536000"


def run(coroutine):
    """asyncio.run in a thread of its own: in a full run, Playwright's sync API holds this thread's event loop."""
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def streamlit_like(files: dict[str, tuple[bytes, bytes, bytes]], calls: list[dict]):
    """An ASGI app serving path → (body, content type, cache-control) in 64 KB chunks, as starlette's FileResponse."""
    async def app(scope, receive, send):
        calls.append(scope)
        body, kind, cache = files.get(scope["path"], (b"<html>index</html>", b"text/html", b"no-cache"))
        await send({"type": "http.response.start", "status": 200,
                    "headers": [(b"content-type", kind), (b"cache-control", cache), (b"etag", b'"abc"'),
                                (b"content-length", str(len(body)).encode())]})
        for i in range(0, len(body), 65536):
            await send({"type": "http.response.body", "body": body[i:i + 65536], "more_body": i + 65536 < len(body)})
        if not body:
            await send({"type": "http.response.body", "body": b""})
    return app


def request(app, path: str, **headers) -> tuple[int, dict[bytes, bytes], bytes]:
    scope = {"type": "http", "method": headers.pop("method", "GET"), "path": path,
             "headers": [(k.replace("_", "-").encode(), v.encode()) for k, v in headers.items()]}
    out: list[dict] = []

    async def receive():
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message):
        out.append(message)

    run(app(scope, receive, send))
    start = out[0]
    return start["status"], dict(start["headers"]), b"".join(m.get("body", b"") for m in out[1:])


FILES = {"/static/js/index.abc123.js": (JS, b"application/javascript", IMMUTABLE),
         "/static/media/font.woff2": (b"wOF2" * 1000, b"font/woff2", IMMUTABLE),
         "/static/js/unhashed.js": (JS, b"application/javascript", b"no-cache")}


def test_a_frontend_file_is_sent_compressed_and_unchanged():
    calls: list[dict] = []
    app = CompressedStatic(streamlit_like(FILES, calls))
    for _ in range(3):
        status, headers, body = request(app, "/static/js/index.abc123.js", accept_encoding="gzip, deflate, br")
        assert status == 200 and gzip.decompress(body) == JS
        assert headers[b"content-encoding"] == b"gzip" and headers[b"vary"] == b"Accept-Encoding"
        assert headers[b"content-length"] == str(len(body)).encode() and headers[b"cache-control"] == IMMUTABLE
        assert headers[b"content-type"] == b"application/javascript" and headers[b"etag"] == b'"abc-gzip"'
    assert len(calls) == 1  # Streamlit read it once
    assert not any(k == b"accept-encoding" for k, _ in calls[0]["headers"])


def test_revalidation_gets_304():
    app = CompressedStatic(streamlit_like(FILES, []))
    request(app, "/static/js/index.abc123.js", accept_encoding="gzip")
    status, headers, body = request(app, "/static/js/index.abc123.js", accept_encoding="gzip",
                                    if_none_match='W/"other", "abc-gzip"')
    assert (status, body, headers[b"etag"]) == (304, b"", b'"abc-gzip"')
    status, _, body = request(app, "/static/js/index.abc123.js", accept_encoding="gzip", if_none_match='"abc"')
    assert status == 200 and gzip.decompress(body) == JS  # the uncompressed file's tag is another representation


@pytest.mark.parametrize("path, headers", [
    ("/static/js/index.abc123.js", {}),  # no Accept-Encoding
    ("/static/js/index.abc123.js", {"accept_encoding": "identity"}),
    ("/static/js/index.abc123.js", {"accept_encoding": "gzip;q=0, br"}),
    ("/static/js/index.abc123.js", {"accept_encoding": "gzip", "range": "bytes=0-99"}),
    ("/static/js/index.abc123.js", {"accept_encoding": "gzip", "method": "HEAD"}),
    ("/static/media/font.woff2", {"accept_encoding": "gzip"}),  # compressed already
    ("/static/js/unhashed.js", {"accept_encoding": "gzip"}),  # Streamlit does not mark it immutable
    ("/static/js/missing.js", {"accept_encoding": "gzip"}),  # Streamlit's answer (here its index page)
    ("/survey", {"accept_encoding": "gzip"}),
])
def test_everything_else_is_streamlits_answer(path, headers):
    calls: list[dict] = []
    app = CompressedStatic(streamlit_like(FILES, calls))
    status, got, body = request(app, path, **headers)
    assert status == 200 and b"content-encoding" not in got
    assert body == FILES.get(path, (b"<html>index</html>",))[0]
    assert calls[-1]["path"] == path


def test_many_visitors_at_once_compress_a_file_once():
    calls: list[dict] = []
    app = CompressedStatic(streamlit_like(FILES, calls))

    async def visitor():
        out = []

        async def send(message):
            out.append(message)

        async def receive():
            return {"type": "http.request", "body": b""}

        await app({"type": "http", "method": "GET", "path": "/static/js/index.abc123.js",
                   "headers": [(b"accept-encoding", b"gzip")]}, receive, send)
        return b"".join(m.get("body", b"") for m in out[1:])

    async def hall():
        return await asyncio.gather(*(visitor() for _ in range(50)))

    bodies = run(hall())
    assert len(calls) == 1 and all(gzip.decompress(b) == JS for b in bodies)


def test_memory_is_bounded_least_recently_used_out():
    files = {f"/static/js/f{i}.js": (bytes(range(256)) * 400 + str(i).encode(), b"text/javascript", IMMUTABLE)
             for i in range(20)}
    app = CompressedStatic(streamlit_like(files, []), max_bytes=2000)
    for path in files:
        request(app, path, accept_encoding="gzip")
        assert app.size <= 2000 and app.size == sum(len(k.body) for k in app.kept.values())
    assert list(app.kept)[-1] == "/static/js/f19.js" and "/static/js/f0.js" not in app.kept


def test_header_helpers():
    assert accepts_gzip(b"gzip, deflate, br, zstd") and accepts_gzip(b"br;q=1.0, GZIP;q=0.5")
    assert not accepts_gzip(b"") and not accepts_gzip(b"gzip;q=0") and not accepts_gzip(b"x-gzip-like")
    assert gzip_etag(b'"a"') == b'"a-gzip"' and gzip_etag(b'W/"a"') == b'W/"a-gzip"' and gzip_etag(b"") == b""
    assert matches(b"*", b'"x"') and matches(b'W/"x"', b'"x"') and not matches(b'"y"', b'"x"')


def test_a_real_server_sends_the_frontend_compressed():
    from tests.browser.streamlit_browser import running_server

    with running_server("static-assets") as server:
        connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=60)
        connection.request("GET", "/")
        index = connection.getresponse().read().decode()
        script = re.search(r'src="\./(static/js/index\.[^"]+\.js)"', index).group(1)
        connection.request("GET", "/" + script)
        plain = connection.getresponse().read()
        connection.request("GET", "/" + script, headers={"Accept-Encoding": "gzip, deflate, br"})
        response = connection.getresponse()
        packed = response.read()
        connection.close()
    assert response.status == 200 and response.getheader("Content-Encoding") == "gzip"
    assert gzip.decompress(packed) == plain and len(packed) < len(plain) / 2
