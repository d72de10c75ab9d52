"""Run a named question from queries/ on a snapshot and get a DataFrame.

Queries are files named as the question they answer; they take DuckDB named parameters ($name),
never formatted strings. The filter parameters ($tech, $fy, $pref, $region, $status) come from one
Filters object, so every page filters the same way. This module has no Streamlit dependency:
tests and the benchmark use it directly; dashboard/data.py adds caching for the app.
"""
from __future__ import annotations

import hashlib
import re
import threading
from collections import OrderedDict
from functools import lru_cache
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa

from .filters import Filters
from .snapshot import Snapshot, read_table, unusable

QUERIES = Path(__file__).resolve().parent.parent / "queries"
_PARAM = re.compile(r"\$([a-z_]+)")
_SETUP = ("_filtered_projects", "_setup_cited_pages", "_setup_survey_implied_base",
          "_setup_council_members")  # run in this order when a snapshot is loaded
# A question's call of a filter table macro with the filter parameters themselves: replaced, when the question is
# first read, by the macro's rows written out (queries/_filtered_rows.sql). Other calls (e.g. with [] for some
# filters) keep the macro.
_FILTER_CALL = re.compile(r"\b(filtered_projects|filtered_project_areas|filtered_project_prefectures)"
                          r"\(\$tech, \$fy, \$pref, \$region, \$status\)")
_MASKS = frozenset({"tech_mask", "pref_mask", "region_mask"})
_MASK_CACHE_SIZE = 1024  # filter sets whose masks are kept (a few numbers each)
_MATCHING_CACHE_SIZE = 1024  # filter sets whose matching projects are kept (Database.matching)
# Up to this many matching projects the key is their numbers themselves (1 KB at most: keys are kept in three
# bounded caches), above that their count and digest.
_MATCHING_EXACT = 256
# Column types whose DataFrame _frame() builds itself (and lists of them); a result with any other type goes through
# DuckDB's .df(). tests/test_query_frame.py checks each against .df(), with and without NULLs.
_FRAME_TYPES = frozenset({"BOOLEAN", "TINYINT", "SMALLINT", "INTEGER", "BIGINT", "UTINYINT", "USMALLINT", "UINTEGER",
                          "UBIGINT", "FLOAT", "DOUBLE", "VARCHAR", "DATE"})
# A masked (NULL-holding) column of these kinds becomes pandas' nullable array, as .df() makes it (Int32, boolean).
_NULLABLE = {"i": pd.arrays.IntegerArray, "u": pd.arrays.IntegerArray, "b": pd.arrays.BooleanArray}


@lru_cache(maxsize=None)
def query_text(name: str) -> str:
    path = QUERIES / f"{name}.sql"
    if not re.fullmatch(r"[a-z_0-9]+", name) or not path.exists():
        raise KeyError(f"no query named {name!r} in queries/")
    return path.read_text(encoding="utf-8")


def _params_in(text: str) -> set[str]:
    return set(_PARAM.findall(re.sub(r"--[^\n]*", "", text)))


def params_of(name: str) -> set[str]:
    return _params_in(query_text(name))


@lru_cache(maxsize=None)
def _filtered_rows() -> dict[str, str]:
    """Macro name -> the rows it returns written out as a subquery (the blocks of queries/_filtered_rows.sql)."""
    blocks: dict[str, list[str]] = {}
    current = None
    for line in query_text("_filtered_rows").splitlines():
        if line.strip() in ("-- filtered_projects", "-- filtered_project_areas", "-- filtered_project_prefectures"):
            current = blocks.setdefault(line.strip()[3:], [])
        elif current is not None and not line.startswith("--"):
            current.append(line)
    return {name: "\n".join(lines).strip() for name, lines in blocks.items()}


@lru_cache(maxsize=None)
def run_text(name: str) -> tuple[str, frozenset[str]]:
    """The question `name` with each call filtered_projects($tech, $fy, $pref, $region, $status) (or
    filtered_project_areas, filtered_project_prefectures) replaced by the macro's rows written out, which DuckDB plans
    in about half the time of a table macro, and its parameters. Database.run executes this text with only the
    columns the question names selected (pruned_text); tests compare the two."""
    rows = _filtered_rows()
    text = _FILTER_CALL.sub(lambda m: rows[m.group(1)], query_text(name))
    return text, frozenset(_params_in(text))


# A question that may read a block's columns without naming them: a star (`SELECT *`, `t.*`, `, *`, not count(*) or
# a product), COLUMNS(...) or a NATURAL join. Its blocks keep `SELECT *`.
_UNNAMED_COLUMNS = re.compile(r"(\bSELECT\s+(DISTINCT\s+)?|\.|,)\s*\*|\bCOLUMNS\s*\(|\bNATURAL\b", re.IGNORECASE)
_BLOCK_TABLE = re.compile(r"\(SELECT \*\s+FROM (\w+)\s")


def pruned_text(name: str, columns_of: dict[str, list[str]]) -> str:
    """run_text(name) with each written-out block selecting, instead of `*`, only its table's columns (columns_of:
    table -> column names, in table order) whose names occur as words in the question (comments aside). DuckDB binds
    every column a subquery selects, whether read or not: `SELECT *` of the 20-30 columns of projects_with_area_keys
    or project_areas_with_keys was about half of the binding time of technology_counts on the real snapshot (profiled
    1.24 ms -> 0.67 ms). A name the question uses is always kept, so each reference binds to the same column."""
    question = re.sub(r"--[^\n]*", "", query_text(name))
    if _UNNAMED_COLUMNS.search(question):
        return run_text(name)[0]
    words = set(re.findall(r"(?<![$\w])\w+", question))  # not the parameters ($status)
    rows = _filtered_rows()

    def block(match: re.Match) -> str:
        text = rows[match.group(1)]
        table = _BLOCK_TABLE.match(text)
        columns = [c for c in columns_of.get(table.group(1), []) if c in words] if table else []
        if not columns:  # e.g. only count(*): any one column will do; an unknown table keeps `*`
            columns = columns_of.get(table.group(1), [])[:1] if table else []
        if not columns:
            return text
        return text.replace("*", ", ".join(columns), 1)  # the block's first star is its `SELECT *`

    return _FILTER_CALL.sub(block, query_text(name))


_FILTERS = ("tech", "fy", "pref", "region", "status")


@lru_cache(maxsize=None)
def follows_matches_only(name: str) -> bool:
    """True when question `name` reads the filters only through filter table macros called with all five of them
    (filtered_projects($tech, $fy, $pref, $region, $status) and its _areas, _prefectures siblings). Those macros
    return every row of the matching projects and nothing else (queries/_filtered_projects.sql: each project's
    filter keys are its own, not its rows'), so the answer is the same for every filter set matching the same
    projects (Database.matching). A question that also reads a filter elsewhere (technology_by_year: the years of its
    grid) is False."""
    rest = _FILTER_CALL.sub("", re.sub(r"--[^\n]*", "", query_text(name)))
    return not _params_in(rest) & (set(_FILTERS) | _MASKS)


_UNRESTRICTED = re.compile(r"\(len\(\$(" + "|".join(_FILTERS) + r")\) = 0 OR ")


def specialised(text: str, empty: frozenset[str]) -> str:
    """`text` with each condition `(len($f) = 0 OR ...)` of a filter f in `empty` (its list is empty, so the condition
    holds) written as `true`. DuckDB binds, rewrites and propagates statistics through every condition of a filter
    block on every call, parameters being values it cannot fold: a question under the default filters (only $status
    chosen) planned four conditions for nothing, about 0.5 ms of 5-7 ms per call (prefecture_projects and
    support_timeline on the real snapshot, interleaved calls)."""
    if not empty:
        return text
    out, start = [], 0
    for match in _UNRESTRICTED.finditer(text):
        if match.start() < start or match.group(1) not in empty:
            continue
        depth, end = 0, match.start()
        while end < len(text):  # to the parenthesis closing the condition's own
            depth += {"(": 1, ")": -1}.get(text[end], 0)
            end += 1
            if depth == 0:
                out += [text[start:match.start()], "true"]
                start = end
                break
    return "".join(out) + text[start:]


# Memory of a server process (README "Serving a hall"). DuckDB's own allocator (a bundled jemalloc) gives freed pages
# back only while something allocates, unless its background threads purge them: a process that had run the page
# queries from four threads kept 25 MB more mapped once idle. One thread: the tables are a few MB and every page run
# asks small questions from its own session thread; worker threads only added their buffers (8 MB less after the same
# queries). No asynchronous I/O threads: DuckDB 2.0 starts 8 per database (async_threads), whatever `threads` says,
# and these databases read no file (their tables come from Arrow): a warm server ran 45 threads, now 7. Given at
# connect: `SET threads = 1` afterwards leaves the I/O threads running.
DUCKDB_CONFIG = {"threads": 1, "async_threads": 0, "allocator_background_threads": True}


def connect() -> duckdb.DuckDBPyConnection:
    """A new in-memory DuckDB database set up for a server process (DUCKDB_CONFIG)."""
    return duckdb.connect(":memory:", config=DUCKDB_CONFIG)


class Database:
    """An in-memory DuckDB holding one snapshot's tables (loaded once; queries then read no file)."""

    def __init__(self, snapshot: Snapshot):
        self.snapshot = snapshot
        self._con = connect()
        self._lock = threading.Lock()
        self._masks: OrderedDict[tuple, dict[str, int]] = OrderedDict()  # filter set -> its bit masks
        self._matching: OrderedDict[Filters, object] = OrderedDict()  # filter set -> its matching projects' key
        # (question, the filters left empty) -> its statement (specialised), parsed once, and the parameters it
        # reads: DuckDB's parser took about a sixth of a call's CPU on the real snapshot (the plan itself cannot be
        # kept: DuckDB binds and plans a statement anew on every execute). At most 32 statements per question.
        self._statements: dict[tuple[str, frozenset[str]], tuple[duckdb.Statement, frozenset[str]]] = {}
        for table, path in snapshot.tables.items():
            try:
                arrow = read_table(path)
            except (OSError, pa.ArrowException):  # missing, truncated or not Parquet at all
                raise unusable(snapshot.folder, f"データファイル {path.name} を読めません") from None
            self._con.from_arrow(arrow).create(table)
        for name in _SETUP:
            self._con.execute(query_text(name))
        # the column names of the tables the written-out blocks read (run_text)
        self._columns = {table: list(self._con.table(table).columns)
                         for table in {m.group(1) for m in map(_BLOCK_TABLE.match, _filtered_rows().values()) if m}}

    def run(self, name: str, filters: Filters | None = None, **params) -> pd.DataFrame:
        """Rows answering query `name` under `filters` (default: Filters())."""
        values = {**(filters or Filters()).as_params(), **params}
        missing = params_of(name) - values.keys()
        if missing:
            raise TypeError(f"query {name!r} needs parameter(s): {', '.join(sorted(missing))}")
        # the filters left empty: their conditions are written as `true` (specialised), one statement per such set
        empty = frozenset(f for f in _FILTERS if isinstance(values.get(f), (list, tuple)) and not values[f])
        with self._lock:
            known = self._statements.get((name, empty))
            if known is None:
                text = specialised(self.run_text(name), empty)
                parsed = self._con.extract_statements(text)
                if len(parsed) != 1:
                    raise ValueError(f"queries/{name}.sql must hold one statement, not {len(parsed)}")
                known = self._statements[(name, empty)] = (parsed[0], frozenset(_params_in(text)))
        statement, wanted = known
        if wanted & _MASKS:
            values.update(self._filter_masks(values["tech"], values["pref"], values["region"]))
        with self._lock:
            cursor = self._con.cursor()  # a cursor per call: Streamlit runs sessions in threads
        try:
            return _frame(cursor.execute(statement, {k: values[k] for k in wanted}))
        finally:
            cursor.close()

    def matching(self, filters: Filters) -> bytes | tuple:
        """A key naming the projects `filters` match: two filter sets with equal keys match the same projects in this
        database. Their id_order numbers (queries/_matching_projects.sql) as int32 bytes; above _MATCHING_EXACT
        projects (the bench's 10,000x data) their count and BLAKE2b digest. Asked once per filter set and kept."""
        with self._lock:
            if filters in self._matching:
                self._matching.move_to_end(filters)
                return self._matching[filters]
        ids = self.run("_matching_projects", filters)["id_order"].to_numpy(dtype=np.int32)
        key = ids.tobytes() if len(ids) <= _MATCHING_EXACT else \
            (len(ids), hashlib.blake2b(ids.tobytes(), digest_size=32).digest())
        with self._lock:
            self._matching[filters] = key
            while len(self._matching) > _MATCHING_CACHE_SIZE:
                self._matching.popitem(last=False)
        return key

    def run_text(self, name: str) -> str:
        """The text run() executes for question `name` on this snapshot: pruned_text with its tables' columns."""
        return pruned_text(name, self._columns)

    def _filter_masks(self, techs, prefs, regions) -> dict[str, int]:
        """$tech_mask, $pref_mask, $region_mask of queries/_filter_masks.sql for these filters (asked once per set)."""
        key = (tuple(techs), tuple(prefs), tuple(regions))
        with self._lock:
            if key in self._masks:
                self._masks.move_to_end(key)
                return self._masks[key]
            cursor = self._con.cursor()
        try:
            row = cursor.execute(query_text("_filter_masks"),
                                 {"tech": list(techs), "pref": list(prefs), "region": list(regions)}).fetchone()
        finally:
            cursor.close()
        masks = {"tech_mask": int(row[0]), "pref_mask": int(row[1]), "region_mask": int(row[2])}
        with self._lock:
            self._masks[key] = masks
            while len(self._masks) > _MASK_CACHE_SIZE:
                self._masks.popitem(last=False)
        return masks


def _filled(values: np.ma.MaskedArray) -> np.ndarray:
    """A masked array's data with NaN, NaT or None where it is masked (as DuckDB's .df() writes NULL)."""
    data = values.data.copy()
    data[np.ma.getmaskarray(values)] = {"f": np.nan, "M": np.datetime64("NaT")}.get(data.dtype.kind)
    return data


def _frame(cursor) -> pd.DataFrame:
    """The cursor's result as DuckDB's .df() gives it (same columns, dtypes and cell values), built from
    .fetchnumpy(): .df() took 1-3 ms more for the data page's 21 columns of 45 rows on the real snapshot (pandas'
    from_dict and DuckDB's conversion of each column), a third of the question's time."""
    names = [column[0] for column in cursor.description]
    types = [str(column[1]) for column in cursor.description]
    if len(set(names)) < len(names) or not all(t in _FRAME_TYPES or (t.endswith("[]") and t[:-2] in _FRAME_TYPES) for t in types):
        return cursor.df()
    columns = {}
    for (name, values), type_ in zip(cursor.fetchnumpy().items(), types):
        if type_.endswith("[]"):  # .df(): a NULL list is pd.NA; NULL text in a list None, other NULLs stay masked
            if isinstance(values, np.ma.MaskedArray):
                missing = np.ma.getmaskarray(values)
                values = values.data.copy()
                values[missing] = pd.NA
            # only a list holding a NULL is a masked array: the element types are read in one C-level pass first
            # (0.3 ms for 10,000 lists), since testing each list in Python took 3.5 ms per column of 10,000 rows
            if any(issubclass(kind, np.ma.MaskedArray) for kind in set(map(type, values))):
                for i, element in enumerate(values):
                    if isinstance(element, np.ma.MaskedArray) and element.dtype.kind == "O":
                        values[i] = _filled(element)
        elif isinstance(values, np.ma.MaskedArray):
            kind = values.dtype.kind
            values = (_NULLABLE[kind](values.data, np.ma.getmaskarray(values)) if kind in _NULLABLE
                      else _filled(values))
        columns[name] = values
    return pd.DataFrame(columns, copy=False)
