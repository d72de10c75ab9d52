"""The server's connections send each message at once (TCP_NODELAY), not after the browser's delayed ACK.

Why: a page run sends its messages one after another on one websocket. With Nagle's algorithm on, the kernel holds a
small write back while an earlier one is not yet acknowledged, and a browser acknowledges late (Linux delays an ACK
up to 40 ms). asyncio turns Nagle off on every TCP connection it makes, but only for sockets whose protocol number
is IPPROTO_TCP; Streamlit 1.67 binds its listening socket itself as socket.socket(family) (protocol 0), so the
connections it accepts kept Nagle on. Measured on this machine (a websocket client speaking Streamlit's protocol,
the same clock as the server's own timestamps): the first message of a new session's run arrived 0.7 ms after the
server sent it, and the rest of the run, sent 8-13 ms later, arrived 29-34 ms after that; in Chromium every new
page load had the same ~40 ms gap after its first message, on the one-line floor page as well.

How: TCP_NODELAY on the listening socket, which the connections Linux accepts from it inherit; set by wrapping
Streamlit's `_bind_socket`. Nothing changes when Streamlit has moved it (or for a Unix socket, where the option does
not exist). MIRAI_TCP_NODELAY=0 leaves Nagle on (to measure the difference).
"""
from __future__ import annotations

import os
import socket


def install() -> bool:
    """Streamlit's listening socket gets TCP_NODELAY; False when not installed."""
    if os.environ.get("MIRAI_TCP_NODELAY") == "0":
        return False
    try:
        from streamlit.web.server.starlette import starlette_server as server
        bind = server._bind_socket
    except (ImportError, AttributeError):
        return False
    if getattr(bind, "nodelay", False):
        return True

    def bind_without_delay(*args, **kwargs) -> socket.socket:
        sock = bind(*args, **kwargs)
        set_nodelay(sock)
        return sock

    bind_without_delay.nodelay = True
    server._bind_socket = bind_without_delay
    return True


def set_nodelay(sock: socket.socket) -> bool:
    """TCP_NODELAY on `sock` if it is a TCP socket; whether it is set."""
    if sock.family not in (socket.AF_INET, socket.AF_INET6) or sock.type != socket.SOCK_STREAM:
        return False
    try:
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    except OSError:
        return False
    return True
