"""dashboard.run_messages: the theme is built once per section, and a session's callbacks reach the event loop in
batches, in the order they were made."""
from __future__ import annotations

import asyncio
import threading
import types

from streamlit.proto.NewSession_pb2 import CustomThemeConfig
from streamlit.runtime import app_session

from dashboard import run_messages

SECTIONS = ("theme", "theme.light", "theme.dark", "theme.sidebar", "theme.light.sidebar", "theme.dark.sidebar")


def _built(populate, section: str) -> CustomThemeConfig:
    msg = CustomThemeConfig()
    populate(msg, section)
    return msg


def test_the_kept_theme_is_what_streamlit_builds(monkeypatch):
    original = app_session._populate_theme_msg
    monkeypatch.setattr(app_session, "_populate_theme_msg", original)  # undone after the test
    assert run_messages.memoize_theme()
    memoized = app_session._populate_theme_msg
    assert memoized is not original and run_messages.memoize_theme()  # installing twice keeps one wrapper
    assert app_session._populate_theme_msg is memoized
    for section in SECTIONS:
        for _ in range(2):  # the first call builds, the second copies
            got, want = _built(memoized, section), _built(original, section)
            assert got.SerializeToString(deterministic=True) == want.SerializeToString(deterministic=True), section
            assert got.ListFields() == want.ListFields()
    # .streamlit/config.toml sets [theme]; the project's primary colour is in every run's message
    assert _built(memoized, "theme").primary_color == "#0072B2"


def test_an_unset_section_stays_absent(monkeypatch):
    monkeypatch.setattr(app_session, "_populate_theme_msg", app_session._populate_theme_msg)
    run_messages.memoize_theme()
    outer = CustomThemeConfig()
    app_session._populate_theme_msg(outer.light, "theme.light")  # no [theme.light] in the config
    assert not outer.HasField("light")


class _Loop:
    """Stands in for an event loop: callbacks scheduled from any thread, run when the test says."""

    def __init__(self):
        self.ready, self.reported, self.closed = [], [], False

    def call_soon_threadsafe(self, callback):
        if self.closed:
            raise RuntimeError("Event loop is closed")
        self.ready.append(callback)

    def call_exception_handler(self, context):
        self.reported.append(context)

    def is_closed(self):
        return self.closed

    def run(self):
        ready, self.ready = self.ready, []
        for callback in ready:
            callback()


def test_callbacks_run_in_order_with_one_wakeup_per_batch():
    loop, seen = _Loop(), []
    handoff = run_messages.Handoff(loop)
    for i in range(5):
        handoff.put(lambda i=i: seen.append(i))
    assert len(loop.ready) == 1  # one drain scheduled for all five
    loop.run()
    assert seen == [0, 1, 2, 3, 4]
    handoff.put(lambda: seen.append(5))  # after a drain, the next callback schedules another
    assert len(loop.ready) == 1
    loop.run()
    assert seen == [0, 1, 2, 3, 4, 5]


def test_a_failing_callback_is_reported_and_the_rest_still_run():
    loop, seen = _Loop(), []
    handoff = run_messages.Handoff(loop)
    handoff.put(lambda: seen.append("a"))
    handoff.put(lambda: 1 / 0)
    handoff.put(lambda: seen.append("c"))
    loop.run()
    assert seen == ["a", "c"]
    assert isinstance(loop.reported[0]["exception"], ZeroDivisionError)


def test_callbacks_from_many_threads_all_run_each_once():
    loop, seen = _Loop(), []
    handoff = run_messages.Handoff(loop)
    lock = threading.Lock()

    def add(n):
        with lock:
            seen.append(n)

    threads = [threading.Thread(target=lambda t=t: [handoff.put(lambda n=t * 1000 + k: add(n)) for k in range(200)])
               for t in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    while loop.ready:
        loop.run()
    assert sorted(seen) == sorted(t * 1000 + k for t in range(4) for k in range(200))
    for t in range(4):  # each thread's callbacks in the order it made them
        mine = [n for n in seen if n // 1000 == t]
        assert mine == sorted(mine)


def test_sessions_hand_off_through_the_batch_and_a_closed_loop_drops(monkeypatch):
    monkeypatch.setattr(app_session.AppSession, "_call_soon_on_event_loop",
                        app_session.AppSession._call_soon_on_event_loop)
    assert run_messages.batch_handoffs()
    call_soon = app_session.AppSession._call_soon_on_event_loop
    session = types.SimpleNamespace(_event_loop=_Loop())  # only what the hand-off reads
    seen = []
    call_soon(session, lambda: seen.append(1))
    call_soon(session, lambda: seen.append(2))
    assert len(session._event_loop.ready) == 1
    session._event_loop.run()
    assert seen == [1, 2]
    session._event_loop.closed = True
    call_soon(session, lambda: seen.append(3))  # dropped, as Streamlit does, no error
    assert seen == [1, 2]


def test_a_real_event_loop_runs_the_batch():
    """In a thread of its own: earlier tests in the same process may leave a loop running in this one."""
    out = {}

    def main():
        loop = asyncio.new_event_loop()
        try:
            handoff, seen = run_messages.Handoff(loop), []
            worker = threading.Thread(target=lambda: [handoff.put(lambda k=k: seen.append(k)) for k in range(50)])
            worker.start()
            worker.join()
            loop.run_until_complete(asyncio.sleep(0.01))
            out["seen"] = seen
        finally:
            loop.close()

    thread = threading.Thread(target=main)
    thread.start()
    thread.join(10)
    assert out["seen"] == list(range(50))


def test_install_can_be_switched_off(monkeypatch):
    monkeypatch.setenv("MIRAI_RUN_MESSAGES", "0")
    assert run_messages.install() == {"theme": False, "handoff": False}


def test_a_changed_streamlit_is_left_as_it_is(monkeypatch):
    monkeypatch.delattr(app_session, "_populate_theme_msg")
    monkeypatch.delattr(app_session.AppSession, "_call_soon_on_event_loop")
    assert run_messages.memoize_theme() is False and run_messages.batch_handoffs() is False
    assert not hasattr(app_session, "_populate_theme_msg")
