"""Streamlit-side access to the snapshots: one loaded database per snapshot and process, cached query results.

Pages call `run(name, filters, **params)`; a rerun with the same arguments is served from
the kept answers (_Pickles) and asks the database nothing. Which snapshot a run reads is the session's データ時点 (the sidebar's
selector, the URL's `asof`): `choose(as_of)` sets it before any query; by default the newest usable one.
"""
from __future__ import annotations

import pickle
import threading
from collections import OrderedDict
from collections.abc import Callable
from functools import partial
from pathlib import Path

import pandas as pd
import streamlit as st

from .filters import Filters, Watched
from .query import Database, follows_matches_only
from .snapshot import Choice, Listing, open_snapshot, usable_snapshots

AS_OF_KEY = "_snapshot_as_of"  # session state: the as-of date of the snapshot this session shows


@st.cache_resource(show_spinner=False)
def _database(folder: str) -> Database:
    return Database(open_snapshot(Path(folder)))


@st.cache_resource(show_spinner=False, ttl=60)
def _listing() -> Listing:
    # Looked up at most once a minute, not on every query: a snapshot published by `make data`
    # while the server runs is picked up within a minute. A failure is not cached. The checksums
    # and schemas of a folder are read once per process (snapshot.open_snapshot keeps verdicts).
    return usable_snapshots()


def snapshots() -> Listing:
    """Every usable snapshot, newest first; raises SnapshotError when there is none."""
    return _listing()


def _session_as_of() -> str | None:
    try:
        return st.session_state.get(AS_OF_KEY)
    except Exception:  # no session (bare mode): the newest snapshot
        return None


def _choice() -> Choice:
    listing = _listing()
    wanted = _session_as_of()
    newest = listing.snapshots[0]
    found = listing.find(wanted) if wanted else None
    if found is not None and found is not newest:
        return Choice(found)  # an earlier データ時点, chosen: the newer folders passed over do not concern it
    return Choice(newest, tuple(s for s in listing.skipped if s.folder > newest.folder.name))


def choose(as_of: str | None) -> str:
    """Show the snapshot of `as_of` in this session (None or an unusable date: the newest); returns the
    as-of date shown."""
    listing = _listing()
    shown = as_of if as_of and listing.find(as_of) is not None else listing.snapshots[0].as_of
    st.session_state[AS_OF_KEY] = shown
    return shown


def _folder() -> str:
    return str(_choice().snapshot.folder)


def database() -> Database:
    """The shown snapshot's database; raises SnapshotError with a user-facing message."""
    return _database(_folder())


def database_of(folder: str) -> Database:
    """The loaded database of the snapshot in `folder` (str of its path), one per snapshot and process, shared by
    every page (the 変化 page reads each side of its pair from it)."""
    return _database(folder)


def skipped_notice() -> str | None:
    """Which newer snapshot folders were passed over and why (None when the newest one is usable)."""
    return _choice().notice()


# Only for arguments _Pickles cannot key (a list among the params); every other answer is kept by _Pickles alone.
@st.cache_data(show_spinner=False, max_entries=200)
def _run(folder: str, name: str, filters: Filters, params: tuple) -> pd.DataFrame:
    return _database(folder).run(name, filters, **dict(params))


class _Pickles:
    """Query results already answered, pickled, by (folder, question, filters, params): a hit is one unpickling (a
    fresh DataFrame, as st.cache_data gives) without st.cache_data hashing the arguments again (≈ 0.2 ms a call;
    a page run asks 20–90 times). Bounded, least recently used out first; st.cache_resource.clear() empties it."""

    def __init__(self, size: int):
        self._size = size
        self._items: OrderedDict[tuple, bytes] = OrderedDict()
        self._matching: OrderedDict[tuple, bytes | tuple] = OrderedDict()  # (folder, filters) -> Database.matching
        self._lock = threading.Lock()

    def get(self, key: tuple) -> bytes | None:
        with self._lock:
            blob = self._items.get(key)
            if blob is not None:
                self._items.move_to_end(key)
            return blob

    def put(self, key: tuple, blob: bytes) -> None:
        with self._lock:
            self._items[key] = blob
            while len(self._items) > self._size:
                self._items.popitem(last=False)

    def matching(self, folder: str, filters: Filters) -> bytes | tuple:
        """Database.matching(filters) of the snapshot in `folder`, looked up here first: a page run asks 20-90
        questions, and finding the database (st.cache_resource) hashes its arguments on every call."""
        key = (folder, filters)
        with self._lock:
            found = self._matching.get(key)
            if found is not None:
                self._matching.move_to_end(key)
        if found is None:
            found = _database(folder).matching(filters)
            with self._lock:
                self._matching[key] = found
                while len(self._matching) > self._size:
                    self._matching.popitem(last=False)
        return found


@st.cache_resource(show_spinner=False)
def _pickles() -> _Pickles:
    return _Pickles(1000)


def _answer(folder: str, name: str, filters: Filters | Watched, params: tuple) -> pd.DataFrame:
    if isinstance(filters, Watched):  # a builder whose result may be kept by its matching projects (render/shown.py)
        if not follows_matches_only(name):
            filters.read = True
        filters = filters.filters
    memo = _pickles()
    # A question that follows only the matching projects is kept by them: most filter sets of a hall of phones (random
    # technologies, years and prefectures) match the same few sets of projects, half of them none.
    by = ("matching", memo.matching(folder, filters)) if follows_matches_only(name) else filters
    key = (folder, name, by, params)
    try:
        hash(key)
    except TypeError:  # a list among the params: st.cache_data hashes it
        return _run(folder, name, filters, params)
    blob = memo.get(key)
    if blob is not None:
        return pickle.loads(blob)
    # Asked of the database itself, not through st.cache_data: _Pickles keeps the answer, and st.cache_data hashed
    # the arguments, pickled the frame and kept a second copy of it on every miss (about a twentieth of a map page
    # run with new filters, py-spy). The answer is a new frame either way.
    df = _database(folder).run(name, filters, **dict(params))
    memo.put(key, pickle.dumps(df, protocol=pickle.HIGHEST_PROTOCOL))
    return df


def matching(runner: Callable[..., pd.DataFrame], filters: Filters) -> bytes | tuple | None:
    """Database.matching of `filters` on the snapshot `runner` reads (snapshot_of); None when that is unknown."""
    folder = snapshot_of(runner)
    return _pickles().matching(folder, filters) if folder is not None else None


def run(name: str, filters: Filters | None = None, **params) -> pd.DataFrame:
    return _answer(_folder(), name, filters or Filters(), tuple(sorted(params.items())))


def _run_in(folder: str, name: str, filters: Filters | None = None, **params) -> pd.DataFrame:
    return _answer(folder, name, filters or Filters(), tuple(sorted(params.items())))


def run_at(as_of: str | None) -> Callable[..., pd.DataFrame] | None:
    """`run` on the snapshot of `as_of` (a slide's データ時点) whatever the session shows; the session's `run` for
    None; None when no usable snapshot has that date."""
    if as_of is None:
        return run
    found = _listing().find(as_of)
    return partial(_run_in, str(found.folder)) if found is not None else None


def snapshot_of(runner: Callable[..., pd.DataFrame]) -> str | None:
    """The snapshot folder `runner` reads (`run`: the session's; a `run_at(...)`: its own); None for any other
    runner (a test's, an export's): caches keyed on the snapshot (render/shown.py) then stay out of the way."""
    if runner is run:
        return _folder()
    if isinstance(runner, partial) and runner.func is _run_in and runner.args:
        return str(runner.args[0])
    return None


def listing_key() -> tuple[str, ...]:
    """The folders of the usable snapshots, newest first: changes when a snapshot is published or withdrawn."""
    return tuple(str(s.folder) for s in _listing().snapshots)


def vocabulary_at(as_of: str):
    """The filter vocabulary of the snapshot of `as_of` (decks check a slide's filters with it); None if unknown."""
    from .decks import vocabulary
    found = run_at(as_of)
    return vocabulary(found) if found is not None else None


def as_of() -> str:
    return database().snapshot.as_of


def latest_as_of() -> str:
    return _listing().snapshots[0].as_of
