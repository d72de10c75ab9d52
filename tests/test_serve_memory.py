"""What dashboard.serve and dashboard.query do for the server's memory changes nothing a page shows."""
from __future__ import annotations

import os
import threading

from dashboard import query


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
