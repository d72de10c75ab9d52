"""What dashboard.serve and dashboard.query do for the server's memory changes nothing a page shows."""
from __future__ import annotations

import json
import os
import threading
from pathlib import Path

import plotly.graph_objects as go
from plotly.validator_cache import ValidatorCache

from dashboard import query, serve

VALIDATORS_JSON = Path(ValidatorCache.get_validator.__code__.co_filename).parent / "validators" / "_validators.json"


def test_compact_validator_params_answer_every_entry_as_the_file_has_it():
    parsed = json.loads(VALIDATORS_JSON.read_text(encoding="utf-8"))
    compact = serve.CompactValidatorParams(parsed)
    assert all(compact.get(name) == item for name, item in parsed.items())
    assert compact.get("no.such.property") is None
    first = compact.get("layout")
    first["params"]["plotly_name"] = "changed"  # plotly changes what it gets: the next answer is the file's again
    assert compact.get("layout") == parsed["layout"]


def _figure() -> go.Figure:
    fig = go.Figure([go.Bar(x=["a", "b"], y=[1, 2], marker={"color": "#0072B2"}, hovertemplate="%{y}<extra></extra>"),
                     go.Scatter(x=[0, 1], y=[2, 3], mode="lines+markers", line={"dash": "dot"})])
    fig.update_layout(title={"text": "t"}, xaxis={"tickangle": -30}, yaxis2={"overlaying": "y"},
                      legend={"orientation": "h"}, template="plotly_white")
    fig.update_traces(selector={"type": "bar"}, textposition="outside")
    return fig


def test_figures_are_the_same_with_compact_validators(monkeypatch):
    before = _figure().to_json()
    monkeypatch.setattr(ValidatorCache, "_cache", {})  # every validator made again from the compact params
    monkeypatch.setattr(ValidatorCache, "_json_cache", ValidatorCache._json_cache)
    assert serve.compact_plotly_validators()
    assert isinstance(ValidatorCache._json_cache, serve.CompactValidatorParams)
    assert serve.compact_plotly_validators()  # a second call keeps them
    assert _figure().to_json() == before


def _threads() -> int:
    return len(os.listdir("/proc/self/task")) if os.path.isdir("/proc/self/task") else threading.active_count()


def test_a_database_starts_no_threads_of_its_own():
    before = _threads()
    con = query.connect()
    try:
        settings = dict(con.execute("SELECT name, value FROM duckdb_settings() WHERE name IN "
                                    "('threads', 'async_threads', 'allocator_background_threads')").fetchall())
        assert settings == {"threads": "1", "async_threads": "0", "allocator_background_threads": "true"}
        assert con.execute("SELECT sum(x) FROM range(100000) t(x)").fetchone() == (4999950000,)
        # DuckDB 2.0 started 8 I/O threads per database; the allocator's background thread is one per process
        assert _threads() - before <= 1
    finally:
        con.close()


def test_snapshot_tables_are_read_as_read_table_reads_them():
    import pyarrow.parquet as pq

    from dashboard import snapshot

    paths = sorted(snapshot.SNAPSHOTS.glob("*/*.parquet"))
    assert paths
    for path in paths:
        table, expected = snapshot.read_table(path), pq.read_table(path)
        assert table.equals(expected) and table.schema.equals(expected.schema, check_metadata=True), path.name


class _Session:
    def __init__(self, sid: str):
        self.id, self.shut_down = sid, False

    def shutdown(self):
        self.shut_down = True


def _runtime_with_stored_sessions(monkeypatch, clock: list[float]):
    """A stand-in for Streamlit's runtime around its real session store (a TTLCache with a clock we move)."""
    import asyncio
    import types

    from streamlit import runtime
    from streamlit.runtime.caching.ttl_cache import TTLCache
    from streamlit.runtime.session_manager import SessionInfo

    store = TTLCache(maxsize=128, ttl=30, timer=lambda: clock[0])
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    manager = types.SimpleNamespace(_session_storage=types.SimpleNamespace(_cache=store),
                                    _storage_lock=threading.Lock())
    rt = types.SimpleNamespace(_session_mgr=manager, _async_objs=types.SimpleNamespace(eventloop=loop))
    monkeypatch.setattr(runtime, "exists", lambda: True)
    monkeypatch.setattr(runtime, "get_instance", lambda: rt)

    def stored(sid: str) -> _Session:
        session = _Session(sid)
        store[sid] = SessionInfo(client=None, session=session)
        return session

    def stop():
        loop.call_soon_threadsafe(loop.stop)
        thread.join(5)
        loop.close()
    return store, stored, stop


def test_closed_sessions_past_their_ttl_are_shut_down_and_dropped(monkeypatch):
    clock = [0.0]
    store, stored, stop = _runtime_with_stored_sessions(monkeypatch, clock)
    try:
        old = [stored(f"old{i}") for i in range(3)]
        clock[0] = 20.0
        recent = stored("recent")
        assert serve.reap_closed_sessions() == 0  # nobody past the TTL yet
        clock[0] = 31.0
        # Streamlit's store only hides expired sessions: they stay in it, alive, until something is stored
        assert "old0" not in store and len(store._data) == 4
        assert serve.reap_closed_sessions() == 3
        assert all(s.shut_down for s in old) and not recent.shut_down
        assert list(store._data) == ["recent"]
        clock[0] = 51.0
        assert serve.reap_closed_sessions() == 1 and recent.shut_down and not store._data
    finally:
        stop()


def test_reaping_sessions_without_a_runtime_or_an_unexpected_one_does_nothing(monkeypatch):
    import types

    from streamlit import runtime

    monkeypatch.setattr(runtime, "exists", lambda: False)
    assert serve.reap_closed_sessions() == 0
    monkeypatch.setattr(runtime, "exists", lambda: True)
    monkeypatch.setattr(runtime, "get_instance", lambda: types.SimpleNamespace())  # Streamlit moved its parts
    assert serve.reap_closed_sessions() == 0


def test_the_changes_page_reads_the_database_the_other_pages_read():
    from dashboard import compare_state, data, snapshot

    folders = [str(p) for p in sorted(snapshot.SNAPSHOTS.iterdir()) if p.is_dir()]
    assert len(folders) >= 2
    for folder in folders:
        assert compare_state._database(folder) is data.database_of(folder)


def test_kept_panels_are_bounded_by_bytes_least_recently_used_out_first():
    from dashboard.render import shown

    kept = shown._Kept(size=100, ttl_s=3600, max_bytes=10_000)
    kept.put(("a",), "x" * 4000)
    kept.put(("b",), "x" * 4000)
    assert kept.get(("a",)) is not None  # a is now the most recently used
    kept.put(("c",), "x" * 4000)  # 12,000 bytes: the least recently used (b) goes
    assert kept.get(("b",)) is None and kept.get(("a",)) and kept.get(("c",))
    assert 8000 <= kept.bytes <= 8200
    kept.put(("c",), "x" * 100)  # replacing an entry counts only the new value
    assert 4000 <= kept.bytes <= 4300
    kept.put(("big",), "x" * 50_000)  # heavier than the bound: kept, alone
    assert kept.get(("big",)) is not None and kept.get(("a",)) is None and kept.get(("c",)) is None
    kept.clear()
    assert kept.bytes == 0 and kept.get(("big",)) is None


def test_a_kept_panel_weighs_about_what_it_holds():
    import sys

    import pandas as pd

    from dashboard.panels.spec import Output
    from dashboard.render import shown

    fig = shown.frozen(_figure())
    json_bytes = sys.getsizeof(fig.spec.json)
    table = pd.DataFrame({"name": [f"project {i}" for i in range(1000)], "n": range(1000)})
    item = shown.Shown(out=Output(figure=fig, table=table), title="t" * 100, table=table,
                       table_arrow=shown.as_arrow(table))
    expected = (shown.FIGURE_WEIGHT * json_bytes + 2 * int(table.memory_usage(deep=True).sum())
                + shown.as_arrow(table).nbytes)
    assert expected <= shown.weight(item) <= expected + 5000
    assert shown.weight((table, None, 3, "abc")) >= int(table.memory_usage(deep=True).sum())


def test_a_kept_panel_holds_only_what_the_page_draws():
    from dashboard import data
    from dashboard.filters import Filters
    from dashboard.panels import PANELS
    from dashboard.panels.spec import Context
    from dashboard.render import page, shown

    ctx = Context(filters=Filters(), run=data.run, period=page.period_facts(data.run))
    kept = shown.make(PANELS["tech_by_year"], ctx, keep=True)
    # The figure's JSON (no plotly Figure) and the table as Arrow; neither the builder's DataFrame nor the labelled one.
    assert isinstance(kept.out.figure, shown.KeptFigure) and kept.out.table is None and kept.table is None
    assert kept.table_arrow.num_rows > 0
    built = shown.make(PANELS["tech_by_year"], ctx)  # not kept: as the builder made it
    assert built.out.table is not None and built.table is not None and built.table_arrow is None
    assert kept.table_arrow.num_rows == len(built.table)
