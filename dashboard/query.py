"""Run a named question from queries/ on a snapshot and get a DataFrame.

Queries are files named as the question they answer; they take DuckDB named parameters ($name),
never formatted strings. The filter parameters ($tech, $fy, $pref, $region, $status) come from one
Filters object, so every page filters the same way. This module has no Streamlit dependency:
tests and the benchmark use it directly; dashboard/data.py adds caching for the app.
"""
from __future__ import annotations

import re
import threading
from functools import lru_cache
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from .filters import Filters
from .snapshot import Snapshot, unusable

QUERIES = Path(__file__).resolve().parent.parent / "queries"
_PARAM = re.compile(r"\$([a-z_]+)")
_SETUP = ("_filtered_projects",)


@lru_cache(maxsize=None)
def query_text(name: str) -> str:
    path = QUERIES / f"{name}.sql"
    if not re.fullmatch(r"[a-z_0-9]+", name) or not path.exists():
        raise KeyError(f"no query named {name!r} in queries/")
    return path.read_text(encoding="utf-8")


def params_of(name: str) -> set[str]:
    return set(_PARAM.findall(re.sub(r"--[^\n]*", "", query_text(name))))


class Database:
    """An in-memory DuckDB holding one snapshot's tables (loaded once; queries then read no file)."""

    def __init__(self, snapshot: Snapshot):
        self.snapshot = snapshot
        self._con = duckdb.connect(":memory:")
        self._lock = threading.Lock()
        for table, path in snapshot.tables.items():
            try:
                arrow = pq.read_table(path)
            except (OSError, pa.ArrowException):  # missing, truncated or not Parquet at all
                raise unusable(snapshot.folder, f"データファイル {path.name} を読めません") from None
            self._con.from_arrow(arrow).create(table)
        for name in _SETUP:
            self._con.execute(query_text(name))

    def run(self, name: str, filters: Filters | None = None, **params) -> pd.DataFrame:
        """Rows answering query `name` under `filters` (default: Filters())."""
        wanted = params_of(name)
        values = {**(filters or Filters()).as_params(), **params}
        missing = wanted - values.keys()
        if missing:
            raise TypeError(f"query {name!r} needs parameter(s): {', '.join(sorted(missing))}")
        with self._lock:
            cursor = self._con.cursor()  # a cursor per call: Streamlit runs sessions in threads
        try:
            return cursor.execute(query_text(name), {k: values[k] for k in wanted}).df()
        finally:
            cursor.close()
