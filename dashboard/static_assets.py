"""Streamlit's frontend files (/static/…), gzip-compressed once per process and then served from memory.

Why: every new visitor's browser fetches the frontend before the first page is drawn. Measured in Chromium with a
phone's user agent against `python -m dashboard.serve` (Streamlit 1.67): 127 files, 9.3 MB, and about 250 ms of the
server's CPU per visitor, ten times a page run (Streamlit serves these files uncompressed and reads each from disk
on every request). A hall that opens the QR code at once is 200 such visitors on one machine and one Wi-Fi.

How: the first request for a file goes to Streamlit as before; a complete 200 response that Streamlit marks
`immutable` (its content-hashed file names) and whose type compresses (JavaScript, CSS, JSON, SVG) is compressed
in a worker thread and kept. Later requests that accept gzip get the kept bytes with Streamlit's own headers
(content type, cache-control, ETag) plus `Content-Encoding: gzip` and `Vary: Accept-Encoding`; If-None-Match
gets 304. Everything else (fonts and images, which are compressed already; Range requests; clients without gzip;
HEAD; anything not under /static/) goes to Streamlit unchanged. Memory is bounded: at most MAX_BYTES of compressed
files (the whole frontend is about 7 MB), least recently used first out.
"""
from __future__ import annotations

import asyncio
import gzip
from collections import OrderedDict
from dataclasses import dataclass

PREFIX = "/static/"
MAX_BYTES = 16 * 1024 * 1024
LEVEL = 6  # zlib's default: 23 MB of frontend JavaScript → 6.9 MB in 2.4 s once; level 9 saves 2 % more
COMPRESSIBLE = (b"javascript", b"text/css", b"json", b"svg")
# Only these are asked for twice when Streamlit's answer is not one to keep (a missing file); fonts and images, which
# are compressed already, go straight to Streamlit.
SUFFIXES = (".js", ".mjs", ".css", ".json", ".svg")
KEPT_HEADERS = {b"content-type", b"cache-control", b"etag", b"last-modified"}


@dataclass(frozen=True)
class Kept:
    body: bytes  # gzip
    headers: tuple[tuple[bytes, bytes], ...]  # Streamlit's, without content-length
    etag: bytes


def _header(scope, name: bytes) -> bytes:
    for key, value in scope.get("headers") or ():
        if key.lower() == name:
            return value
    return b""


def accepts_gzip(value: bytes) -> bool:
    """Accept-Encoding names gzip with a q-value above 0 (RFC 9110 §12.5.3)."""
    for part in value.lower().split(b","):
        coding, _, params = part.strip().partition(b";")
        if coding.strip() == b"gzip":
            q = params.strip()
            return not (q.startswith(b"q=") and q[2:].strip() in (b"0", b"0.0", b"0.00", b"0.000"))
    return False


def gzip_etag(etag: bytes) -> bytes:
    """b'"abc"' → b'"abc-gzip"' (a weak W/ prefix kept); b'' stays b''."""
    return etag[:-1] + b'-gzip"' if etag.endswith(b'"') else etag


def matches(if_none_match: bytes, etag: bytes) -> bool:
    """If-None-Match (a list of ETags, or *) names `etag`, compared weakly as RFC 9110 §13.1.2 asks."""
    strip = lambda tag: tag.strip().removeprefix(b"W/")  # noqa: E731
    tags = [strip(t) for t in if_none_match.split(b",") if t.strip()]
    return b"*" in tags or strip(etag) in tags


class CompressedStatic:
    """ASGI wrapper around Streamlit's app (installed by dashboard/serve.py)."""

    def __init__(self, app, max_bytes: int = MAX_BYTES):
        self.app = app
        self.max_bytes = max_bytes
        self.kept: OrderedDict[str, Kept] = OrderedDict()
        self.size = 0
        self.pending: dict[str, asyncio.Future] = {}  # a file being compressed: later requests wait for it

    async def __call__(self, scope, receive, send):
        if (scope["type"] != "http" or scope.get("method") != "GET" or not scope.get("path", "").startswith(PREFIX)
                or not scope["path"].endswith(SUFFIXES) or _header(scope, b"range") or not accepts_gzip(_header(scope, b"accept-encoding"))):
            await self.app(scope, receive, send)
            return
        path = scope["path"]
        kept = self.kept.get(path)
        if kept is None:
            kept = await self._fetch(path, scope, receive)
        if kept is None:  # not a file we keep: Streamlit answers as always
            await self.app(scope, receive, send)
            return
        if path in self.kept:
            self.kept.move_to_end(path)
        if kept.etag and matches(_header(scope, b"if-none-match"), kept.etag):
            await send({"type": "http.response.start", "status": 304,
                        "headers": [h for h in kept.headers if h[0] in (b"etag", b"cache-control")]})
            await send({"type": "http.response.body", "body": b""})
            return
        await send({"type": "http.response.start", "status": 200,
                    "headers": [*kept.headers, (b"content-encoding", b"gzip"), (b"vary", b"Accept-Encoding"),
                                (b"content-length", str(len(kept.body)).encode())]})
        await send({"type": "http.response.body", "body": kept.body})

    async def _fetch(self, path: str, scope, receive) -> Kept | None:
        """The file compressed and kept, or None when Streamlit's answer is not one to keep. A file requested by
        many visitors at once is fetched and compressed once."""
        if path in self.pending:
            return await asyncio.shield(self.pending[path])
        future = asyncio.get_running_loop().create_future()
        self.pending[path] = future
        kept = None
        try:
            kept = await self._compress(path, scope, receive)
        finally:
            del self.pending[path]
            future.set_result(kept)
        return kept

    async def _compress(self, path: str, scope, receive) -> Kept | None:
        # Ask Streamlit for the whole file, uncompressed and unconditional, as the first visitor's browser would.
        plain = {**scope, "headers": [(k, v) for k, v in scope.get("headers") or ()
                                      if k.lower() not in (b"accept-encoding", b"if-none-match", b"if-modified-since")]}
        start, chunks = {}, []

        async def capture(message):
            if message["type"] == "http.response.start":
                start.update(message)
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))

        await self.app(plain, receive, capture)
        headers = [(k.lower(), v) for k, v in start.get("headers") or ()]
        named = dict(headers)
        if (start.get("status") != 200 or b"immutable" not in named.get(b"cache-control", b"")
                or not any(kind in named.get(b"content-type", b"") for kind in COMPRESSIBLE)
                or named.get(b"content-encoding")):
            return None
        body = b"".join(chunks)
        compressed = await asyncio.to_thread(gzip.compress, body, LEVEL, mtime=0)
        # The compressed file is another representation: its ETag says so (as Apache's mod_deflate does), so no cache
        # or browser takes one for the other.
        etag = gzip_etag(named.get(b"etag", b""))
        kept = Kept(compressed, tuple((k, etag if k == b"etag" else v) for k, v in headers if k in KEPT_HEADERS), etag)
        if len(compressed) <= self.max_bytes:
            self.kept[path] = kept
            self.size += len(compressed)
            while self.size > self.max_bytes:
                _, old = self.kept.popitem(last=False)
                self.size -= len(old.body)
        return kept
