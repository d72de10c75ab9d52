"""What every page run costs the server besides the page itself, cut where it repeats (installed by dashboard.serve).

Measured with py-spy under `bench.loadgen` (100 visitors, random filters, one server): Streamlit's own work around
the page was about half of the interpreter's time. Two parts of it repeat identically for every run, and neither
changes what a browser receives:

- The theme. Every run's `new_session` message carries the [theme] config, and Streamlit rebuilt it from the config
  options six times per run (one per theme section): 3.3% of the server's GIL time. The config is read once at
  start (no file watcher here, `server.fileWatcherType = "none"`), so each section is built once and copied after.
- The hand-off from a page's thread to the event loop. Each message a page draws (40-80 per run) was a separate
  `call_soon_threadsafe`: a callback object, a write to the loop's wake-up socket and one more trip round the loop.
  Here a session's callbacks join a queue, and one scheduled drain runs all that are waiting, in the order they
  came. Streamlit relies on that order (a run's `new_session`, its elements, its `script_finished`; an error
  message after the events it follows), and every caller goes through the same queue, so it is kept.

`MIRAI_RUN_MESSAGES=0` leaves Streamlit as it is, to measure the difference (README, "Serving a hall").
"""
from __future__ import annotations

import importlib
import logging
import os
import threading

_LOG = logging.getLogger(__name__)


def _to_replace(module: str, owner: str | None, name: str, marker: str):
    """(what holds `name`, its value) for a replacement; True when it is one already (its value has `marker`); None
    when Streamlit's `module` is not as expected."""
    try:
        holder = importlib.import_module(module)
        holder = getattr(holder, owner) if owner else holder
    except (ImportError, AttributeError):
        return None
    value = getattr(holder, name, None)
    if value is None:
        return None
    return True if getattr(value, marker, False) else (holder, value)


def memoize_theme() -> bool:
    """Each theme section's message is built from the config once and copied into later messages. False when
    Streamlit's app_session is not as expected (then nothing changes)."""
    found = _to_replace("streamlit.runtime.app_session", None, "_populate_theme_msg", "_memoized")
    if not isinstance(found, tuple):
        return bool(found)
    app_session, build = found
    built: dict[tuple[type, str], object] = {}

    def populate_theme_msg(msg, section: str = "theme") -> None:
        key = (type(msg), section)
        if key not in built:
            fresh = type(msg)()
            build(fresh, section)
            # An unset section stays unset: Streamlit returns early and leaves the field absent.
            built[key] = fresh if fresh.ListFields() else None
        made = built[key]
        if made is not None:
            msg.MergeFrom(made)

    populate_theme_msg._memoized = True  # type: ignore[attr-defined]
    app_session._populate_theme_msg = populate_theme_msg
    return True


class Handoff:
    """One session's callbacks for the event loop: queued in order, run by one drain per batch."""

    def __init__(self, loop):
        self.loop = loop
        self.lock = threading.Lock()
        self.waiting: list = []
        self.scheduled = False

    def put(self, callback) -> None:
        with self.lock:
            self.waiting.append(callback)
            if self.scheduled:
                return
            self.scheduled = True
        self.loop.call_soon_threadsafe(self.drain)  # RuntimeError when the loop is closed: the caller's to handle

    def drain(self) -> None:
        with self.lock:
            batch, self.waiting = self.waiting, []
            self.scheduled = False
        for callback in batch:
            try:
                callback()
            except (SystemExit, KeyboardInterrupt):
                raise
            except BaseException as exc:  # as asyncio does for a callback of its own: report, go on with the next
                self.loop.call_exception_handler({"message": "Exception in a session callback", "exception": exc})


def batch_handoffs() -> bool:
    """AppSession._call_soon_on_event_loop queues into the session's Handoff. False when Streamlit's AppSession is
    not as expected (then nothing changes)."""
    found = _to_replace("streamlit.runtime.app_session", "AppSession", "_call_soon_on_event_loop", "_batched")
    if not isinstance(found, tuple):
        return bool(found)
    AppSession = found[0]  # noqa: N806 (the class)
    created = threading.Lock()

    def _call_soon_on_event_loop(self, callback) -> None:
        handoff = self.__dict__.get("_mirai_handoff")
        if handoff is None:
            with created:  # a stopping run's thread and the next run's may both arrive first
                handoff = self.__dict__.setdefault("_mirai_handoff", Handoff(self._event_loop))
        try:
            handoff.put(callback)
        except RuntimeError:
            if not self._event_loop.is_closed():
                raise
            _LOG.debug("Dropped event-loop callback: the loop is closed")

    _call_soon_on_event_loop._batched = True  # type: ignore[attr-defined]
    AppSession._call_soon_on_event_loop = _call_soon_on_event_loop
    return True


def install() -> dict[str, bool]:
    """Both changes unless MIRAI_RUN_MESSAGES=0; what was installed."""
    if os.environ.get("MIRAI_RUN_MESSAGES", "1").strip() == "0":
        return {"theme": False, "handoff": False}
    return {"theme": memoize_theme(), "handoff": batch_handoffs()}
