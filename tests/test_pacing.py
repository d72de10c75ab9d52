"""dashboard.pacing: page script runs take turns, and Streamlit's flush loop yields once per slice, not per message."""
from __future__ import annotations

import asyncio
import threading
import time

import pytest
from streamlit.runtime import runtime
from streamlit.runtime.scriptrunner import script_runner

from dashboard import pacing


class Clock:
    def __init__(self):
        self.now = 0.0

    def __call__(self):
        return self.now


def _in_new_loop(make_coroutine):
    """asyncio.run in a thread of its own: earlier tests in the same process may leave this thread's loop set."""
    out = {}
    thread = threading.Thread(target=lambda: out.setdefault("value", asyncio.run(make_coroutine())))
    thread.start()
    thread.join(10)
    return out["value"]


def _yields(make_awaitable) -> bool:
    """Whether awaiting what make_awaitable() returns lets another task run first."""
    async def main():
        ran = []

        async def other():
            ran.append(True)

        task = asyncio.ensure_future(other())
        await make_awaitable()
        yielded = bool(ran)
        await task
        return yielded

    return _in_new_loop(main)


def test_a_paced_sleep_yields_once_per_slice():
    clock = Clock()
    sleep = pacing.PacedSleep(0.003, clock=clock)
    assert not _yields(lambda: sleep(0))  # within the slice: no yield
    clock.now = 0.002
    assert not _yields(lambda: sleep(0))
    clock.now = 0.0031
    assert _yields(lambda: sleep(0))  # the slice has passed: a real yield, and a new slice starts
    clock.now = 0.004
    assert not _yields(lambda: sleep(0))
    assert _yields(lambda: sleep(0.001))  # a real delay always waits and yields
    assert _in_new_loop(lambda: sleep(0, "r")) == "r"


def test_the_stand_in_is_asyncio_with_a_paced_sleep():
    stand_in = pacing.paced_asyncio(0.003)
    assert isinstance(stand_in.sleep, pacing.PacedSleep)
    for name in ("wait", "create_task", "Event", "FIRST_COMPLETED", "CancelledError", "get_running_loop"):
        assert getattr(stand_in, name) is getattr(asyncio, name)


def test_flush_loop_paced_once(monkeypatch):
    monkeypatch.setattr(runtime, "asyncio", asyncio)
    assert not pacing.flush_in_slices(0)  # 0: Streamlit's own behaviour
    assert runtime.asyncio is asyncio
    assert pacing.flush_in_slices(0.003)
    paced = runtime.asyncio
    assert isinstance(paced.sleep, pacing.PacedSleep) and paced.sleep.slice_s == 0.003
    assert pacing.flush_in_slices(0.003)  # installed twice: the first stays
    assert runtime.asyncio is paced


def test_script_runs_take_turns(monkeypatch):
    state = {"now": 0, "most": 0, "runs": []}
    lock = threading.Lock()

    def fake_run(self, rerun_data):
        with lock:
            state["now"] += 1
            state["most"] = max(state["most"], state["now"])
        time.sleep(0.02)
        with lock:
            state["now"] -= 1
            state["runs"].append(rerun_data)
        return rerun_data

    monkeypatch.setattr(script_runner.ScriptRunner, "_run_script", fake_run)
    assert not pacing.limit_script_runs(0)  # 0: no limit
    assert pacing.limit_script_runs(2)
    limited = script_runner.ScriptRunner._run_script
    assert pacing.limit_script_runs(2) and script_runner.ScriptRunner._run_script is limited  # not wrapped twice
    threads = [threading.Thread(target=limited, args=(None, i)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    assert sorted(state["runs"]) == list(range(8)) and state["most"] == 2
    assert limited(None, "answer") == "answer"


def test_a_failing_run_gives_its_turn_back(monkeypatch):
    def failing(self, rerun_data):
        raise RuntimeError("script failed")

    monkeypatch.setattr(script_runner.ScriptRunner, "_run_script", failing)
    assert pacing.limit_script_runs(1)
    limited = script_runner.ScriptRunner._run_script
    for _ in range(3):  # a turn not given back would block the second call for ever
        with pytest.raises(RuntimeError):
            limited(None, None)
    assert limited.turns.acquire(timeout=1)
    limited.turns.release()


def test_a_run_that_waits_too_long_runs_anyway(monkeypatch):
    release = threading.Event()
    done = []

    def fake_run(self, rerun_data):
        if rerun_data == "long":
            release.wait(10)
        done.append(rerun_data)

    monkeypatch.setattr(script_runner.ScriptRunner, "_run_script", fake_run)
    assert pacing.limit_script_runs(1, wait_s=0.05)
    limited = script_runner.ScriptRunner._run_script
    long_run = threading.Thread(target=limited, args=(None, "long"))
    long_run.start()
    limited(None, "short")  # did not wait for the long run to end
    assert done == ["short"]
    release.set()
    long_run.join(10)
    assert done == ["short", "long"]
    assert limited.turns.acquire(timeout=1)  # every turn was given back, and only those taken
    limited.turns.release()
    with pytest.raises(ValueError):
        limited.turns.release()


@pytest.mark.parametrize("env, expected", [({}, (1, 0.003)), ({"MIRAI_SCRIPT_RUNS": "0", "MIRAI_FLUSH_SLICE_MS": "0"}, (0, 0.0)),
                                           ({"MIRAI_SCRIPT_RUNS": "x", "MIRAI_FLUSH_SLICE_MS": "-1"}, (1, 0.003))])
def test_settings_from_the_environment(monkeypatch, env, expected):
    for name in ("MIRAI_SCRIPT_RUNS", "MIRAI_FLUSH_SLICE_MS"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    seen = {}
    monkeypatch.setattr(pacing, "limit_script_runs", lambda n: seen.setdefault("runs", n) > 0)
    monkeypatch.setattr(pacing, "flush_in_slices", lambda s: seen.setdefault("slice", s) > 0)
    pacing.install()
    assert (seen["runs"], round(seen["slice"], 6)) == expected
