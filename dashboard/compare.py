"""Two snapshots side by side: which pair to compare (the URL's `from` / `to`), and the questions about both.

A PairDatabase holds the earlier snapshot's tables in schema `earlier` and the later one's in schema `later`
(queries/_pair_schemas.sql), so a question about what changed (queries/changes_*.sql) is one SQL file with
named CTE steps, like every other question. No Streamlit here: tests run it directly; the page caches it
through dashboard/compare_state.py.
"""
from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field

import pandas as pd
import pyarrow as pa

from . import i18n
from .query import connect, params_of, query_text
from .snapshot import Snapshot, read_table, unusable

SCHEMAS = ("earlier", "later")
FROM, TO = "from", "to"  # the URL parameters: as-of dates (YYYY-MM-DD)
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class PairDatabase:
    """An in-memory DuckDB with two snapshots' tables: `earlier.<table>` and `later.<table>`."""

    def __init__(self, earlier: Snapshot, later: Snapshot):
        self.earlier, self.later = earlier, later
        self._con = connect()  # query.DUCKDB_CONFIG: one thread, no I/O threads
        self._lock = threading.Lock()
        self._con.execute(query_text("_pair_schemas"))
        for schema, snapshot in zip(SCHEMAS, (earlier, later)):
            for table, path in snapshot.tables.items():
                try:
                    arrow = read_table(path)
                except (OSError, pa.ArrowException):
                    raise unusable(snapshot.folder, i18n.t("snapshot.file_unreadable", file=path.name)) from None
                self._con.from_arrow(arrow).create(f"{schema}.{table}")

    def run(self, name: str, **params) -> pd.DataFrame:
        wanted = params_of(name)
        missing = wanted - params.keys()
        if missing:
            raise TypeError(f"query {name!r} needs parameter(s): {', '.join(sorted(missing))}")
        with self._lock:
            cursor = self._con.cursor()
        try:
            return cursor.execute(query_text(name), {k: params[k] for k in wanted}).df()
        finally:
            cursor.close()


@dataclass(frozen=True)
class Problem:
    """A URL value that could not be used: the parameter, the value as given, and why (catalogue key)."""
    param: str
    value: str
    reason: str  # "unknown" (not a usable as-of date), "repeated" (more than one value), "same", "swapped"


@dataclass
class Pair:
    earlier: str  # as-of dates, earlier < later
    later: str
    problems: list[Problem] = field(default_factory=list)


def default_pair(as_ofs: list[str] | tuple[str, ...]) -> tuple[str, str] | None:
    """The two latest usable snapshots (earlier, later); None when fewer than two are usable."""
    dates = sorted(set(as_ofs))
    return (dates[-2], dates[-1]) if len(dates) >= 2 else None


def choose(from_values: list[str], to_values: list[str], as_ofs: list[str] | tuple[str, ...]) -> Pair | None:
    """The pair to compare from the URL's `from` and `to` values (each a list, as Streamlit gives them).

    A missing value takes its default (the two latest snapshots); a value that is not one usable as-of date
    is reported and replaced by its default; equal dates fall back to the defaults; `from` later than `to`
    is swapped and reported. None when fewer than two snapshots are usable."""
    default = default_pair(as_ofs)
    if default is None:
        return None
    known = set(as_ofs)
    problems: list[Problem] = []

    def one(param: str, values: list[str], fallback: str) -> str:
        if not values:
            return fallback
        for extra in values[1:]:
            problems.append(Problem(param, extra, "repeated"))
        value = values[0]
        if _ISO_DATE.match(value) and value in known:
            return value
        problems.append(Problem(param, value, "unknown"))
        return fallback

    earlier = one(FROM, from_values, default[0])
    later = one(TO, to_values, default[1])
    if earlier == later:  # compare the named date with the snapshot before it (or after it, if it is the oldest)
        problems.append(Problem(FROM, earlier, "same"))
        dates = sorted(known)
        i = dates.index(later)
        earlier, later = (dates[i - 1], later) if i > 0 else (later, dates[1])
    elif earlier > later:
        problems.append(Problem(FROM, earlier, "swapped"))
        earlier, later = later, earlier
    return Pair(earlier, later, problems)
