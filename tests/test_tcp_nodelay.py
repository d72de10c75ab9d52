"""dashboard/tcp_nodelay.py: the server's listening socket has TCP_NODELAY, and the connections accepted from it
inherit it (asyncio left Nagle on for them: Streamlit binds with protocol 0, and asyncio sets TCP_NODELAY only for
sockets that say IPPROTO_TCP)."""
from __future__ import annotations

import socket

import pytest
from streamlit.web.server.starlette import starlette_server as server

from dashboard import tcp_nodelay


@pytest.fixture
def restored(monkeypatch):
    monkeypatch.setattr(server, "_bind_socket", server._bind_socket)  # put back after the test
    monkeypatch.delenv("MIRAI_TCP_NODELAY", raising=False)


def _nodelay(sock: socket.socket) -> int:
    return sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)


def test_accepted_connections_send_at_once(restored):
    plain = server._bind_socket("127.0.0.1", 0, 8)
    try:
        assert plain.proto == 0 and _nodelay(plain) == 0  # what Streamlit makes: asyncio would not set it
    finally:
        plain.close()
    assert tcp_nodelay.install() and tcp_nodelay.install()  # twice: wrapped once
    listening = server._bind_socket("127.0.0.1", 0, 8)
    try:
        assert _nodelay(listening) == 1
        client = socket.create_connection(listening.getsockname()[:2], timeout=5)
        listening.setblocking(True)
        accepted, _ = listening.accept()
        try:
            assert _nodelay(accepted) == 1  # inherited: every browser's connection
        finally:
            accepted.close()
            client.close()
    finally:
        listening.close()


def test_switched_off(restored, monkeypatch):
    monkeypatch.setenv("MIRAI_TCP_NODELAY", "0")
    assert not tcp_nodelay.install() and not getattr(server._bind_socket, "nodelay", False)


def test_only_tcp_sockets():
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as unix:
        assert not tcp_nodelay.set_nodelay(unix)
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp:
        assert not tcp_nodelay.set_nodelay(udp)
