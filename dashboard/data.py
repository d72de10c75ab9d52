"""Streamlit-side access to the snapshot: one loaded database per process, cached query results.

Pages call `run(name, filters, **params)`; a rerun with the same arguments is served from
st.cache_data and reads no file.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import streamlit as st

from .filters import Filters
from .query import Database
from .snapshot import Choice, choose_snapshot, open_snapshot


@st.cache_resource(show_spinner=False)
def _database(folder: str) -> Database:
    return Database(open_snapshot(Path(folder)))


@st.cache_resource(show_spinner=False, ttl=60)
def _choice() -> Choice:
    # Looked up at most once a minute, not on every query: a snapshot published by `make data`
    # while the server runs is picked up within a minute. A failure is not cached. The checksums
    # and schemas of a folder are read once per process (snapshot.open_snapshot keeps verdicts).
    return choose_snapshot()


def _folder() -> str:
    return str(_choice().snapshot.folder)


def database() -> Database:
    """The current snapshot's database; raises SnapshotError with a user-facing message."""
    return _database(_folder())


def skipped_notice() -> str | None:
    """Which newer snapshot folders were passed over and why (None when the newest one is shown)."""
    return _choice().notice()


@st.cache_data(show_spinner=False, max_entries=2000)
def _run(folder: str, name: str, filters: Filters, params: tuple) -> pd.DataFrame:
    return _database(folder).run(name, filters, **dict(params))


def run(name: str, filters: Filters | None = None, **params) -> pd.DataFrame:
    return _run(_folder(), name, filters or Filters(), tuple(sorted(params.items())))


def as_of() -> str:
    return database().snapshot.as_of
