"""The 変化 page's pair of snapshots: the URL's `from` / `to` (as-of dates), two choosers, and the cached
databases behind them.

The URL is read when it changed since this session last acted on it (a link, an edited address); a value
that names no usable snapshot is reported (shortened, markup neutralised) and replaced by its default, never
raised. The choosers then decide, and the address bar is rewritten to name the pair shown.
"""
from __future__ import annotations

import datetime as dt
from functools import partial
from pathlib import Path

import pandas as pd
import streamlit as st

from . import data, formats, i18n
from .compare import FROM, TO, Pair, PairDatabase, choose
from .filters import Filters
from .panels.changes import ChangeContext
from .panels.spec import Context
from .query import Database
from .snapshot import Snapshot, SnapshotError, open_snapshot, usable_snapshots
from .url_state import shown

WIDGET_KEYS = {FROM: "changes_from", TO: "changes_to"}
_SEEN = "_changes_pair_seen_in_url"


@st.cache_resource(show_spinner=False)
def _pair_database(earlier: str, later: str) -> PairDatabase:
    return PairDatabase(open_snapshot(Path(earlier)), open_snapshot(Path(later)))


def _database(folder: str) -> Database:
    # The database the other pages read for this snapshot (data.py): a second in-memory DuckDB of the same tables
    # cost the server about 7 MB for the life of the process.
    return data.database_of(folder)


@st.cache_data(show_spinner=False, max_entries=500)
def _compare(earlier: str, later: str, name: str, params: tuple) -> pd.DataFrame:
    return _pair_database(earlier, later).run(name, **dict(params))


@st.cache_data(show_spinner=False, max_entries=1000)
def _run(folder: str, name: str, filters: Filters, params: tuple) -> pd.DataFrame:
    return _database(folder).run(name, filters, **dict(params))


def _runner(folder: str):
    def run(name: str, filters: Filters | None = None, **params) -> pd.DataFrame:
        return _run(folder, name, filters or Filters(), tuple(sorted(params.items())))
    return run


def _date_label(as_of: str, lang: str | None = None) -> str:
    return formats.date(dt.date.fromisoformat(as_of), lang)


def _notices(pair: Pair, dates: list[str]) -> list[str]:
    t = i18n.t
    out = []
    for p in pair.problems:
        if p.reason in ("unknown", "repeated"):
            out.append(t(f"page.changes.url_{p.reason}", param=p.param, value=shown(p.value),
                         dates=t("page.changes.date_joiner").join(dates)))
        else:
            out.append(t(f"page.changes.url_{p.reason}", earlier=_date_label(pair.earlier),
                         later=_date_label(pair.later)))
    return out


def _seed_from_url(dates: list[str]) -> None:
    """Before the choosers: take the pair from the URL when it is new to this session's page view."""
    values = (tuple(st.query_params.get_all(FROM)), tuple(st.query_params.get_all(TO)))
    if all(k in st.session_state for k in WIDGET_KEYS.values()) and values == st.session_state.get(_SEEN):
        return
    pair = choose(list(values[0]), list(values[1]), dates)
    for notice in _notices(pair, dates):
        st.warning(notice, icon=":material/warning:")
    st.session_state[WIDGET_KEYS[FROM]] = pair.earlier
    st.session_state[WIDGET_KEYS[TO]] = pair.later
    st.session_state[_SEEN] = values


def _write_to_url(pair: Pair) -> None:
    for param, value in ((FROM, pair.earlier), (TO, pair.later)):
        if st.query_params.get_all(param) != [value]:
            st.query_params[param] = value
    st.session_state[_SEEN] = ((pair.earlier,), (pair.later,))


def context(base: Context) -> ChangeContext | None:
    """Draw the two choosers and return the context of the pair shown; None (after saying why) when fewer
    than two snapshots are usable."""
    t = base.t
    try:
        listing = usable_snapshots()
    except SnapshotError as e:
        st.error(t("snapshot.load_error", message=e), icon=":material/block:")
        return None
    snapshots: dict[str, Snapshot] = {s.as_of: s for s in listing.snapshots}
    dates = sorted(snapshots)
    if len(dates) < 2:
        st.info(t("page.changes.one_snapshot", dates=t("page.changes.date_joiner").join(dates)),
                icon=":material/info:")
        return None
    _seed_from_url(dates)
    left, right = st.columns(2)
    # The language is bound now: a format_func may be called outside this run (AppTest, widget state), where
    # i18n.current() would give the default language and the labels would no longer match the options.
    label = partial(_date_label, lang=i18n.current())
    chosen_from = left.selectbox(t("page.changes.from_label"), dates, key=WIDGET_KEYS[FROM], format_func=label)
    chosen_to = right.selectbox(t("page.changes.to_label"), dates, key=WIDGET_KEYS[TO], format_func=label)
    pair = choose([chosen_from], [chosen_to], dates)
    for notice in _notices(pair, dates):  # the choosers named the same date, or the later one first
        st.info(notice, icon=":material/info:")
    _write_to_url(pair)
    earlier, later = (str(snapshots[d].folder) for d in (pair.earlier, pair.later))
    st.markdown(t("page.changes.comparing", earlier=label(pair.earlier), later=label(pair.later)))
    earlier_ctx = Context(filters=Filters(), run=_runner(earlier), lang=base.lang, presenter=base.presenter)
    return ChangeContext(
        filters=Filters(), run=_runner(later), lang=base.lang, presenter=base.presenter,
        compare=lambda name, **params: _compare(earlier, later, name, tuple(sorted(params.items()))),
        earlier=earlier_ctx, earlier_as_of=pair.earlier, later_as_of=pair.later)
