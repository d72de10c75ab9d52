"""How a loaded server shares its one interpreter between page scripts and sending what they drew.

Why: Streamlit sends everything a page run draws from one event-loop thread: about 50 messages per run (/program
67), each serialised, queued for its websocket and written with a system call, and after each message
the loop yields (`asyncio.sleep(0)` in `Runtime._loop_coroutine`). Page scripts run in threads of their own, and
all of them take turns at the GIL. Under load the loop, not the scripts, was what visitors waited for. Measured
with 100 phones on one server (`bench.loadgen --hall`, the server instrumented): a warm page script ran 19-31 ms
(p50), but its `script_finished` then waited 600-770 ms (p50) in the session's queue. The loop went round the
sessions' queues in cycles of up to 3,000 messages at about 0.6 ms each: every system call lets a waiting script
thread take the GIL, and the loop waits (up to `sys.getswitchinterval()`, 5 ms) to get it back.

Two changes, installed by `dashboard.serve` (neither changes what a page shows):
- Page scripts take turns: at most `RUNS_AT_ONCE` run at the same time, the others wait on a semaphore, without
  the GIL. The scripts never ran in parallel (one GIL), so this costs no throughput: they finish one after another
  instead of all late, and the loop competes with fewer threads. A run waits at most `TURN_WAIT_S` for its turn and
  then runs beside the others, so one long run (a file check, the first build after a start) holds nobody up for
  longer than that. Downloads are not page runs (Streamlit builds a download's file in a worker thread when the
  button is pressed).
- The flush loop yields to the event loop at most once every `FLUSH_SLICE_S` instead of after every message.
  Reading browsers' messages and opening new connections wait at most that long.

`MIRAI_SCRIPT_RUNS=0` (no limit) and `MIRAI_FLUSH_SLICE_MS=0` (a yield after every message) give Streamlit's own
behaviour, to measure the difference. The figures are in the README's "Serving a hall".
"""
from __future__ import annotations

import asyncio
import os
import threading
import time
import types

RUNS_AT_ONCE = 1
TURN_WAIT_S = 1.0  # a run waits at most this long for its turn, then runs anyway beside the others
FLUSH_SLICE_S = 0.003


def _setting(name: str, default: float) -> float:
    try:
        value = float(os.environ.get(name, default))
    except ValueError:
        return default
    return value if value >= 0 else default


def limit_script_runs(at_once: int, wait_s: float = TURN_WAIT_S) -> bool:
    """Page script runs wait up to `wait_s` for one of `at_once` turns (ScriptRunner._run_script: one run, each
    rerun a run of its own). False when Streamlit's script runner is not as expected, or at_once is 0 (no limit)."""
    if at_once <= 0:
        return False
    try:
        from streamlit.runtime.scriptrunner import script_runner
    except ImportError:
        return False
    run = getattr(script_runner.ScriptRunner, "_run_script", None)
    if run is None or getattr(run, "_paced", False):
        return run is not None
    turns = threading.BoundedSemaphore(at_once)

    def _run_script(self, rerun_data):
        turn = turns.acquire(timeout=wait_s)
        try:
            return run(self, rerun_data)
        finally:
            if turn:
                turns.release()

    _run_script._paced = True  # type: ignore[attr-defined]
    _run_script.turns = turns  # type: ignore[attr-defined]
    script_runner.ScriptRunner._run_script = _run_script
    return True


class PacedSleep:
    """`sleep(0)` yields to the event loop only when `slice_s` has passed since the loop last yielded here; a
    longer sleep always yields. Used on the event-loop thread only."""

    def __init__(self, slice_s: float, clock=time.perf_counter):
        self.slice_s = slice_s
        self.clock = clock
        self.last = clock()

    def __call__(self, delay, result=None):
        now = self.clock()
        if delay == 0 and now - self.last < self.slice_s:
            return _done(result)
        self.last = now
        return asyncio.sleep(delay, result)


async def _done(result=None):
    return result


def paced_asyncio(slice_s: float) -> types.ModuleType:
    """A stand-in for the asyncio module in one module's namespace: asyncio itself, with a paced sleep."""
    stand_in = types.ModuleType("asyncio")
    stand_in.__dict__.update(vars(asyncio))
    stand_in.sleep = PacedSleep(slice_s)
    return stand_in


def flush_in_slices(slice_s: float) -> bool:
    """Streamlit's message flush loop (streamlit.runtime.runtime) yields once per `slice_s`, not per message.
    False when that module is not as expected, or slice_s is 0 (Streamlit's own behaviour)."""
    if slice_s <= 0:
        return False
    try:
        from streamlit.runtime import runtime
    except ImportError:
        return False
    if getattr(runtime, "asyncio", None) is not asyncio:
        return isinstance(getattr(getattr(runtime, "asyncio", None), "sleep", None), PacedSleep)
    runtime.asyncio = paced_asyncio(slice_s)
    return True


def install() -> dict[str, bool]:
    """Both changes, with the settings from the environment; what was installed."""
    runs = int(_setting("MIRAI_SCRIPT_RUNS", RUNS_AT_ONCE))
    slice_s = _setting("MIRAI_FLUSH_SLICE_MS", FLUSH_SLICE_S * 1000) / 1000
    return {"script_runs": limit_script_runs(runs), "flush_slices": flush_in_slices(slice_s)}
