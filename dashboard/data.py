"""Streamlit-side access to the snapshot: one loaded database per process, cached query results.

Pages call `run(name, filters, **params)`; a rerun with the same arguments is served from
st.cache_data and reads no file.
"""
from __future__ import annotations

import pandas as pd
import streamlit as st

from .filters import Filters
from .query import Database
from pathlib import Path

from .snapshot import current_folder, open_snapshot


@st.cache_resource(show_spinner=False)
def _database(folder: str) -> Database:
    return Database(open_snapshot(Path(folder)))


def database() -> Database:
    """The current snapshot's database; raises SnapshotError with a user-facing message."""
    return _database(str(current_folder()))


@st.cache_data(show_spinner=False, max_entries=2000)
def _run(folder: str, name: str, filters: Filters, params: tuple) -> pd.DataFrame:
    return _database(folder).run(name, filters, **dict(params))


def run(name: str, filters: Filters | None = None, **params) -> pd.DataFrame:
    return _run(str(current_folder()), name, filters or Filters(), tuple(sorted(params.items())))


def as_of() -> str:
    return database().snapshot.as_of
