"""A panel as a page shows it, built once per process for each (panel, snapshot, filters, language, size).

A page run used to build every panel again: queries read from the cache, but the figure (plotly validates every
property it is given), the source line, the 'no data for this date' check and the labelled table were made anew
on every rerun and for every session — most of a warm page run's CPU. `shown(panel, ctx)` makes them once and keeps
them per process (bounded: MAX_ENTRIES, MAX_BYTES, TTL_S; emptied by st.cache_resource.clear()), so a repeat view (a widget
click, another phone in the hall with the same filters) costs only the Streamlit calls that draw them.

What is kept is shared between sessions and runs, so nothing may change it after it is built: a kept figure is its
JSON, made once (`frozen`, KeptFigure) and only read by st.plotly_chart, st.dataframe converts the table to Arrow, and
render/page.draw only reads.
Only the panels of the registry (dashboard.panels.PANELS) drawn with a context whose snapshot is known
(data.snapshot_of) are cached; a panel bound to one object (a municipality's project) is built each time.
The key holds everything a builder reads: the panel id, the snapshot folder and the listing of snapshots (the no-data
message names documents of other snapshots), the filters, the language, the chart size class and the period facts.
"""
from __future__ import annotations

import base64
import hashlib
import sys
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, fields, is_dataclass, replace
from typing import TypeVar

import numpy as np
import orjson
import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
import plotly.tools
from _plotly_utils.utils import PlotlyJSONEncoder
import streamlit as st

from dashboard import chart_margins, data, i18n
from dashboard.chart_style import presenter_mode
from dashboard.filters import Filters, Watched
from dashboard.panels.spec import Context, Output, Panel
from dashboard.period import wording
from dashboard.safe_text import plain

from .captions import as_of, filter_summary, no_data_for_date, source_line
from .table import labelled

MAX_ENTRIES = 256  # panels × filter sets (or sets of matching projects) × languages × sizes, and their words
# And at most this many bytes (by `weight`): under random filters a few maps filled 128 entries with 13-15 MB (plotly
# Figures kept then), all still held after the visitors left. Every page once (one language, 67 entries) weighed about
# 1.4 MB, the map 0.85 MB of it, counting a figure as FIGURE_WEIGHT times its JSON (below) when that was a str. 256
# entries and 12 MB rather than 128 and 8: with panels kept per set of matching projects, 100 visitors with random
# filters for 60 s missed 1,229 times in 3,313 (4.9 MB kept, all 128 entries used). Two replicas, 200 such visitors:
# 96-98 page runs/s against 88-100 with the smaller bounds; peak RSS with 20 sessions 301-303 MB against 300
# (2026-12-05). Under random filters the bound is reached by the maps: with its JSON as bytes (figure_utf8) a map
# weighs 0.46 MB instead of 0.69, so more of them stay. Tried and not kept: the filters in words (half of the
# entries) kept apart, with 8 MB instead of 12. Fewer panels were pushed out (470 against 1,188 in 45 s), but 8 MB
# holds fewer maps, the costliest panel to build, and two replicas served fewer page runs in three alternating runs
# (100 / 109 / 96 against 105 / 112 / 104 a second; runs of the same code differ by up to 20%).
MAX_BYTES = 12 * 1024 * 1024
TTL_S = 3600
T = TypeVar("T")


@dataclass(frozen=True)
class Shown:
    """Everything render/page.draw shows for one panel, in words of the context it was made in."""
    message: str | None = None  # the panel has no data for this date: only this is shown
    out: Output | None = None  # the builder's output (out.empty: only that is shown; kept: without out.table)
    title: str = ""
    note: str | None = None
    ignored: str | None = None  # 'these numbers ignore the filters …' (a panel of published aggregates, filtered view)
    source: str = ""  # the 出典 line
    stamp: str = ""  # the latest データ時点 of the cited documents (export file names)
    table: pd.DataFrame | None = None  # the table behind the panel, labelled for the screen (kept: only without Arrow)
    table_arrow: object = None  # the same as an Arrow table (pyarrow.Table), or None: what st.dataframe is given


def as_arrow(table: pd.DataFrame | None):
    """`table` converted as st.dataframe converts a DataFrame (Streamlit's own function, same fixes for odd column
    types), made once with the kept panel instead of on every run; None when it cannot be (st.dataframe then gets
    the DataFrame and says what is wrong)."""
    if table is None:
        return None
    try:
        from streamlit import dataframe_util

        return dataframe_util.convert_pandas_df_to_arrow_table(table)
    except Exception:  # the page shows the DataFrame instead: never a traceback here
        return None


class _Spec(dict):
    """What st.plotly_chart gets for a kept figure: its JSON (made once, in `frozen`) and only the layout's width and
    height, the one part of the dict Streamlit reads (for width/height "content")."""
    __slots__ = ("json",)


_plotly_to_json = pio.to_json
_plotly_figure_of = plotly.tools.return_figure_from_figure_or_data


# With orjson installed, plotly's "auto" engine would switch to it, walking every figure in Python first (the map: 11
# ms instead of 6). Exports, pictures and figures not kept keep plotly's json engine, as before orjson came.
pio.json.config.default_engine = "json"
_PLOTLY_ENCODER = PlotlyJSONEncoder()


def _json_default(value):
    """What orjson cannot write itself, as plotly's encoder writes it: numpy arrays and scalars as lists and numbers
    (tolist), dates as ISO text, NaT and masked values as null. A tuple subclass (figures/map.py's _Shared) as a list."""
    if isinstance(value, tuple):
        return list(value)
    return _PLOTLY_ENCODER.default(value)


def figure_utf8(figure: dict) -> bytes:
    """A figure dict as JSON in UTF-8 bytes, as a kept figure holds it: the same values as
    plotly.io.to_json(figure, validate=False) gives (NaN and infinities as null; tests/test_figure_json.py compares
    every panel's), written by orjson, about 10 times faster (the map's: 0.6 ms instead of 6), and in UTF-8 rather
    than \\u escapes (the map's JSON: 0.21 MB instead of 0.42 MB, Japanese hover text being most of it). A kept figure
    is written once per filter set, so with new filters on every link (make loadtest) this was a tenth of a map
    page's run.

    Bytes, not a Python str: in a str one Japanese character makes every character two bytes, and the map's JSON
    (186,000 characters, mostly digits) held 0.37 MB as a str and holds 0.23 MB as bytes; a bar chart's, 5.7 KB and
    3.0 KB. The kept panels are bounded by bytes (MAX_BYTES): a filtered map weighed 0.69 MB of the 12, and in 45 s
    of `bench.loadgen` with random filters 1,328 kept panels were pushed out and 295 of them built again.
    Streamlit's chart message takes the bytes as they are (a protobuf string field accepts UTF-8 bytes)."""
    return orjson.dumps(figure, default=_json_default, option=orjson.OPT_NON_STR_KEYS)


def _to_json(fig, validate=True, pretty=False, remove_uids=True, engine=None):
    """plotly.io.to_json, answering a kept figure's _Spec with the JSON made when it was kept. st.plotly_chart
    serialises the figure on every run (Figure.to_dict, then to_json: with the hash of the spec, about a tenth of a
    warm page run's CPU, py-spy); the JSON of a figure that never changes is the same every time. Any other value,
    or other options, go to plotly as before."""
    if type(fig) is _Spec and not pretty and remove_uids and engine is None:
        return fig.json  # UTF-8 bytes (figure_utf8): Streamlit sets them on its message as they are
    return _plotly_to_json(fig, validate=validate, pretty=pretty, remove_uids=remove_uids, engine=engine)


def _figure_of(figure_or_data, validate_figure):
    """plotly.tools.return_figure_from_figure_or_data, which st.plotly_chart calls first: a kept figure's _Spec, else
    plotly's answer. Streamlit only hands that dict to plotly.io.to_json (above) and looks up its layout's width and
    height, so a kept figure needs no Figure nor dict per run (a map's dict is 0.3 MB)."""
    if type(figure_or_data) is KeptFigure:
        return figure_or_data.spec
    return _plotly_figure_of(figure_or_data, validate_figure)


pio.to_json = _to_json  # st.plotly_chart looks plotly.io.to_json up on every call
plotly.tools.return_figure_from_figure_or_data = _figure_of  # and this one


class KeptFigure:
    """A kept figure: only what the page sends (`spec`: its JSON and its layout's width and height), not plotly's
    Figure. Kept as plotly Figures, the figures of 3 filter sets x 7 pages (82 entries) held 3.65 MB (a walk of
    their objects, gc.get_referents; their JSON included) in 32,000 small objects (dicts, trace and layout objects,
    lists of Python numbers and strings) that live on among a round's freed ones; as KeptFigures 1.10 MB in 118.
    No page run reads the Figure: Streamlit is given the JSON (_figure_of, _to_json).

    Whatever needs the figure itself gets it made again from the JSON, each time (not kept): `to_dict()` (a
    phone's touch layout, made once per kept figure by `derived`), `figure()`, deepcopy, and any attribute of
    go.Figure (`.data`, `.layout`, `write_image`, …, through `figure()`: exports and pictures, never a page run).
    The figure made again is the one the page draws: the same traces and layout, plotly.py's default template
    again where `for_browser` left it out (it changed nothing the figure shows), plain lists for numpy arrays."""

    __slots__ = ("spec", "memo")

    def __init__(self, spec: _Spec):
        self.spec = spec
        self.memo: dict = {}  # what `derived`/`remembered` made from it (a phone's touch layout, its width)

    def to_dict(self) -> dict:
        """The figure's dict as plotly.io.from_json reads it (without the data revision the page is sent), with the
        margins its builder gave it (not the ones chart_margins set for the page: a phone's layout hides the tick
        labels they made room for)."""
        figure = orjson.loads(self.spec.json)
        layout = figure.get("layout") or {}
        layout.pop("datarevision", None)
        given = self.memo.get(GIVEN_MARGIN, _NONE)
        if given is None:
            layout.pop("margin", None)
        elif given is not _NONE:
            layout["margin"] = dict(given)
        return figure

    def figure(self) -> go.Figure:
        """plotly's Figure, made again (validated) from the JSON: for exports, pictures and tests, not a page run."""
        return go.Figure(self.to_dict())

    def __deepcopy__(self, memo) -> go.Figure:
        return self.figure()

    def __getattr__(self, name: str):  # only for names not above: go.Figure's (data, layout, to_json, ...)
        if name.startswith("__"):
            raise AttributeError(name)
        return getattr(self.figure(), name)


def frozen(fig: go.Figure | KeptFigure | None) -> KeptFigure | None:
    """`fig` as it is kept: its JSON made once (KeptFigure), never to be changed again. st.plotly_chart started with
    Figure.to_dict (a deep copy, then every array walked for base64), then to_json, on every run."""
    if fig is None or type(fig) is KeptFigure:
        return fig
    made = _own_dict(fig)
    return _kept_figure(made, for_browser(made, own=True))


def _own_dict(fig: go.Figure) -> dict:
    """The figure's own data and layout, as to_dict() has them but not copied: frozen() only reads them (for_browser
    copies what it changes) and writes them out as JSON at once. to_dict() deep-copied every value and walked every
    array to encode numpy arrays as base64, which for_browser then decoded again (_plain_arrays): for the map (its
    outlines and click grid, some 20,000 values) that was 19 ms of the 48 it took to build with new filters. numpy
    arrays stay arrays here: plotly's JSON encoder writes them as lists, the same lists as _plain_arrays made."""
    if fig._frame_objs:  # animation frames: none of our figures has them
        return fig.to_dict()
    return {"data": fig._data, "layout": fig._layout}


def for_browser(figure: dict, own: bool = False, chart_px: float | None = None) -> dict:
    """The figure dict as the page sends it: without plotly.py's default template where the template changes nothing
    the figure shows (template_inert), and with a data revision (a hash of its data).

    Why: Streamlit's chart component hands plotly.js the figure a second time right after drawing it (a copy made
    through JSON), and plotly.js draws everything again when the template object or a data array is not the same
    object as before (the template's editType is calc; arrays are not compared unless layout.datarevision says they
    are unchanged). Each chart was drawn three times per page load (newPlot, its automargin pass, that copy);
    without the template, with plain arrays and with a datarevision the copy costs a comparison, not a draw (issue 10
    §2; plotly's full draws per warm page load in Chromium: / 3 -> 2, /technologies 14 -> 10, /selections 12 -> 8,
    /program and /survey 6 -> 4, /changes 3 -> 2).
    A figure whose template does change something keeps it (and is drawn as before). Returns a new dict.
    own: `figure` is a Figure's own dicts (_own_dict), left unchanged: its numpy arrays are arrays, not base64, and
    the JSON encoder writes them as the lists _plain_arrays would make.
    chart_px: the chart's width where it is known (a phone's column, phone.COLUMN_PX), for chart_margins."""
    layout = dict(figure.get("layout") or {})
    data = list(figure.get("data") or []) if own else _plain_arrays(figure.get("data") or [])
    if "template" in layout and template_inert(data, layout):
        del layout["template"]
    # Margins with the room labels need: plotly.js draws the chart once, not once more for automargin.
    margin = chart_margins.preset({"data": data, "layout": layout}, chart_px=chart_px)
    if margin is not None:
        layout["margin"] = margin
    # Any change of the data gives another revision: a chart never keeps old numbers.
    layout["datarevision"] = hashlib.sha1(figure_utf8(data)).hexdigest()[:16]
    return {**figure, "data": data, "layout": layout}


def _plain_arrays(value):
    """`value` with plotly.py's typed arrays ({"dtype", "bdata"[, "shape"]}: numpy arrays in to_dict) as JSON lists:
    plotly.js decodes them into typed arrays, which its comparison of the component's copy (Array.isArray) does not
    take for arrays, so every numeric column counted as changed and the chart was drawn again."""
    if isinstance(value, dict):
        if "bdata" in value and "dtype" in value and set(value) <= {"bdata", "dtype", "shape"}:
            array = np.frombuffer(base64.b64decode(value["bdata"]), dtype=np.dtype(value["dtype"]))
            shape = value.get("shape")
            if shape:
                array = array.reshape([int(n) for n in str(shape).split(",")])
            return array.tolist()
        return {k: _plain_arrays(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain_arrays(v) for v in value]
    return value


_TEMPLATE_FREE_TRACES = {"bar", "scatter", "heatmap"}


def template_inert(data: list, layout: dict) -> bool:
    """True when the figure sets, itself, everything plotly.py's default template (Streamlit's, see
    streamlit/elements/lib/streamlit_plotly_theme.py) would give it: the colourway, a colour scale on every heatmap,
    no colour axis, only bar/scatter/heatmap traces, no numeric colour arrays (which would take the template's scale),
    and no bubble markers (marker.size as an array) without their own line width (the template's scatter sets the
    marker line width 0, plotly.js' default for a bubble is 1). Anything else: False (the template stays)."""
    if "colorway" not in layout or "coloraxis" in layout:
        return False
    for trace in data:
        kind = trace.get("type", "scatter")
        if kind not in _TEMPLATE_FREE_TRACES:
            return False
        if kind == "heatmap" and "colorscale" not in trace:
            return False
        marker = trace.get("marker") or {}
        for colours in (marker.get("color"), (marker.get("line") or {}).get("color")):
            if _numeric_array(colours) and "colorscale" not in marker:
                return False
        if kind == "scatter" and _is_array(marker.get("size")) and "width" not in (marker.get("line") or {}):
            return False
    return True


def _is_array(value) -> bool:
    return isinstance(value, (list, tuple, dict)) or hasattr(value, "__array__")  # dict: plotly's {"bdata": ...}


def _numeric_array(value) -> bool:
    if isinstance(value, dict) or hasattr(value, "dtype"):
        return True  # a typed array (numbers only)
    return isinstance(value, (list, tuple)) and any(isinstance(v, (int, float)) and not isinstance(v, bool)
                                                     for v in value)


def derived(fig: go.Figure | KeptFigure, name: str, make: Callable[[dict], dict],
            chart_px: float | None = None) -> KeptFigure | dict:
    """The figure `make` draws from `fig`'s dict (a phone's touch layout): for a kept figure, made once, kept on it
    under `name` and frozen; for any other figure, make's dict (st.plotly_chart validates a dict on every run).

    A phone's page run passed the touch layout as a dict, which st.plotly_chart turned into a Figure again
    (plotly validates every property) and serialised on every run: 2-3x a desktop run's CPU on the chart pages
    (python -m bench --only cpu, phone column)."""
    return remembered(fig, name, lambda figure: frozen_dict(make(figure), chart_px=chart_px), each_time=make)


def frozen_dict(figure: dict, chart_px: float | None = None) -> KeptFigure:
    """A figure dict made from a kept figure's (KeptFigure.to_dict, then changed by a phone's layout), kept as frozen()
    keeps a Figure, without making a Figure of it: plotly validated every value again (the map's outlines and hover
    texts: 50 ms of a phone's map run with new filters, py-spy), of a figure that plotly had validated when it was
    made. tests/test_figure_json.py checks that every phone layout is sent as through go.Figure, but for one thing:
    go.Figure wrote numeric bar labels as text of floats, and a phone showed "14.0" where a desktop shows "14".
    Where a figure without plotly.py's default template would now look different without it (template_inert), it
    goes through go.Figure, which gives the template back, as before."""
    layout = figure.get("layout") or {}
    if "template" not in layout and not template_inert(list(figure.get("data") or []), layout):
        return frozen(go.Figure(figure))
    # own: the dict was read from JSON (plain lists, no typed arrays to decode); for_browser copies what it changes.
    return _kept_figure(figure, for_browser(figure, own=True, chart_px=chart_px))


GIVEN_MARGIN = "given_margin"  # KeptFigure.memo: the builder's margins, where chart_margins set others


def _kept_figure(figure: dict, sent: dict) -> KeptFigure:
    """The KeptFigure of `figure` as the page sends it (`sent`, for_browser's), remembering the builder's margins
    when chart_margins changed them."""
    layout = figure.get("layout") or {}
    spec = _Spec({"layout": {k: layout[k] for k in ("width", "height") if k in layout}})
    spec.json = figure_utf8(sent)
    kept = KeptFigure(spec)
    given = layout.get("margin")
    if sent["layout"].get("margin") is not given:
        kept.memo[GIVEN_MARGIN] = None if given is None else dict(given)
    return kept


_NONE = object()


def remembered(fig: go.Figure | KeptFigure, name: str, make: Callable[[dict], T],
               each_time: Callable[[dict], T] | None = None) -> T:
    """`make(fig's dict)`: for a kept figure made once and kept on it under `name` (two sessions may both make it:
    the same value, either one kept), for any other figure (`each_time` or `make`) made each time."""
    if type(fig) is not KeptFigure:  # not kept (frozen): built for this run only
        return (each_time or make)(fig.to_dict())
    made = fig.memo.get(name, _NONE)
    if made is _NONE:
        made = fig.memo[name] = make(fig.to_dict())
    return made


def kept_for(ctx: Context, name: tuple, make: Callable[[], T]) -> T:
    """`make()` kept (`cached`) under `name` and everything of `ctx` a builder may read (context_key); made each time
    when the snapshot is unknown (a test's or an export's runner)."""
    key = context_key(ctx)
    return cached((*name, *key), make) if key is not None else make()


def filters_in_words(ctx: Context) -> str:
    """captions.filter_summary of `ctx`, made once per filter set, snapshot and language: the page header and every
    panel of published aggregates asked for it on each run, and it reads the names of technologies and prefectures
    each time (a quarter of a /program run with new filters, py-spy)."""
    return kept_for(ctx, ("filters_in_words",), lambda: filter_summary(ctx))


def ignored_line(ctx: Context) -> str:
    """'These numbers do not follow the filters (…)' for a panel of published aggregates seen with filters set."""
    return ctx.t("panel.filters_ignored", conditions=plain(filters_in_words(ctx)))


def _words(panel: Panel, ctx: Context) -> tuple[str | None, str | None, str, str]:
    """(no-data message, note, 出典 line, stamp) of `panel` in `ctx`. No filter changes them (they follow the
    snapshot, its period facts, the language and presenter mode)."""
    message = no_data_for_date(panel, ctx)
    if message:
        return message, None, "", ""
    note = ctx.t(wording(panel.note_key, ctx.period, ctx.lang)) if i18n.has(panel.note_key, ctx.lang) else None
    return None, note, source_line(panel.sources, ctx), as_of(panel.sources, ctx)


def make(panel: Panel, ctx: Context, *, keep: bool = False) -> Shown:
    """Build `panel` for `ctx`; `keep`: it will be kept and shared (its figure is frozen)."""
    whole = context_key(replace(ctx, filters=Filters())) if keep else None
    # Kept once for every filter set: resolving the cited pages and wording the source line was a twentieth of a
    # page run with new filters (py-spy), the same words each time.
    message, note, source, stamp = (cached(("words", panel.id, *whole), lambda: _words(panel, ctx)) if whole
                                    else _words(panel, ctx))
    if message:
        return Shown(message=message)
    out = panel.build(ctx)
    if out.empty:
        return Shown(out=out)
    ignored = ignored_line(ctx) if not panel.uses_filters and not ctx.filters.is_default else None
    table = labelled(out.table, panel.columns, ctx) if panel.columns and out.table is not None else None
    arrow = as_arrow(table) if keep else None
    if keep:
        # Kept: only what the page draws. The builder's table and the labelled DataFrame (when its Arrow table was
        # made) are read by no page run (exports build the panel again); their cells are Python strings.
        out = replace(out, figure=frozen(out.figure), table=None)
        table = table if arrow is None else None
    return Shown(out=out, title=ctx.t(panel.title_key), note=note, ignored=ignored, source=source, stamp=stamp,
                 table=table, table_arrow=arrow)


# What a kept figure holds, as a multiple of its JSON (sys.getsizeof of its UTF-8 bytes, figure_utf8): the JSON
# itself (the kept figures of 3 filter sets x 7 pages, walked by gc.get_referents: 1.10 MB for 1.09 MB of JSON) and
# a phone's touch layout of it (KeptFigure.memo: 1.04x the JSON), made after the entry is weighed. The same figures
# kept as plotly Figures (before KeptFigure) held 3.65 MB, their JSON included.
FIGURE_WEIGHT = 2


def weight(value, depth: int = 0) -> int:
    """About how many bytes `value` holds, without walking every object: a kept figure FIGURE_WEIGHT times its JSON,
    a DataFrame its memory_usage, an Arrow table its buffers, a container or object what it holds, down to a few
    levels (deeper parts count as their own size only)."""
    if value is None or isinstance(value, (bool, int, float)):
        return 0
    if isinstance(value, (str, bytes)):
        return len(value)
    if type(value) is KeptFigure:
        return FIGURE_WEIGHT * sys.getsizeof(value.spec.json)
    if isinstance(value, go.Figure):  # plotly's Figure (not frozen): measured about 4x its JSON, 4.0-4.75x
        return 4 * len(_plotly_to_json(value, validate=False))
    if isinstance(value, (pd.DataFrame, pd.Series)):
        usage = value.memory_usage(deep=True, index=True)
        return int(usage.sum() if isinstance(usage, pd.Series) else usage)
    nbytes = getattr(value, "nbytes", None)
    if type(value).__module__.startswith("pyarrow") and isinstance(nbytes, int):
        return nbytes
    size = sys.getsizeof(value, 64)
    if depth >= 4:
        return size
    if isinstance(value, dict):
        return size + sum(weight(k, depth + 1) + weight(v, depth + 1) for k, v in value.items())
    if isinstance(value, (tuple, list, set, frozenset)):
        return size + sum(weight(v, depth + 1) for v in value)
    if is_dataclass(value):
        return size + sum(weight(getattr(value, f.name), depth + 1) for f in fields(value))
    own = getattr(value, "__dict__", None)
    return size + (weight(own, depth + 1) if isinstance(own, dict) else 0)


class _Kept:
    """A bounded map from keys to results, least recently used out first, each kept at most TTL_S seconds; at most
    `size` results and `max_bytes` bytes by `weight` (one result heavier than that is still kept, alone). Keys are
    hashed by Python (a tuple of strings, Filters, numbers): st.cache_resource's own hashing of such a key cost about
    as much as the Streamlit calls of a small panel."""

    def __init__(self, size: int, ttl_s: float, max_bytes: int = MAX_BYTES):
        self._size, self._ttl_s, self._max_bytes = size, ttl_s, max_bytes
        self._items: OrderedDict[tuple, tuple[float, object, int]] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    @property
    def bytes(self) -> int:
        """What the kept results weigh together (`weight`)."""
        return self._bytes

    def get(self, key: tuple):
        with self._lock:
            item = self._items.get(key)
            if item is None:
                return None
            if time.monotonic() - item[0] > self._ttl_s:
                self._bytes -= self._items.pop(key)[2]
                return None
            self._items.move_to_end(key)
            return item[1]

    def put(self, key: tuple, value) -> None:
        size = weight(value)  # outside the lock: other threads' gets need not wait for it
        with self._lock:
            old = self._items.pop(key, None)
            if old is not None:
                self._bytes -= old[2]
            self._items[key] = (time.monotonic(), value, size)
            self._bytes += size
            while len(self._items) > self._size or (self._bytes > self._max_bytes and len(self._items) > 1):
                self._bytes -= self._items.popitem(last=False)[1][2]

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self._bytes = 0


@st.cache_resource(show_spinner=False)
def _kept() -> _Kept:
    # One per process; st.cache_resource.clear() (tests that point the app at other data) starts a new one.
    return _Kept(MAX_ENTRIES, TTL_S, MAX_BYTES)


def cached(key: tuple, make: Callable[[], T]) -> T:
    """`make()`, kept per process under `key` (hashable values naming every input of `make`); the result is shared
    between sessions, so it must never be changed after it is made. A result whose `out.keep` is False (an Output
    built from a stand-in, spec.Output.keep) is returned but not kept."""
    kept = _kept()
    value = kept.get(key)
    if value is None:
        value = make()
        out = getattr(value, "out", None)
        if out is None or getattr(out, "keep", True):
            kept.put(key, value)
    return value


def context_key(ctx: Context) -> tuple | None:
    """What of `ctx` a builder may read, as a cache key: the snapshot folder and the listing of snapshots, the
    filters, the language, the chart size class and the period facts; None when the snapshot is unknown."""
    snapshot = data.snapshot_of(ctx.run)
    if snapshot is None:
        return None
    # kept_by_matching leaves out the third element, the filters
    return (snapshot, data.listing_key(), ctx.filters, ctx.lang, i18n.current(), ctx.presenter, presenter_mode(),
            tuple(sorted((k, str(v)) for k, v in ctx.period.items())))


def shown(panel: Panel, ctx: Context) -> Shown:
    """`panel` as shown in `ctx`: from the cache when it was built for the same inputs in this process."""
    from dashboard.panels import PANELS

    if not panel.uses_filters and not ctx.filters.is_default:
        # A panel of published aggregates draws the same whatever the filters: build and keep it once, under the
        # default filters, and add only the line saying that these filters do not apply. Keyed by the filters, a
        # hall of phones with different filters rebuilt the same chart for each (an eighth of a server's CPU under
        # make loadtest: the related programs chart alone was 8%).
        base = shown(panel, replace(ctx, filters=Filters()))
        if base.message is not None or base.out is None or base.out.empty:
            return base
        return replace(base, ignored=ignored_line(ctx))
    key = context_key(ctx)
    if key is None or PANELS.get(panel.id) is not panel:
        return make(panel, ctx)
    if not panel.uses_filters:
        return cached(("panel", panel.id, *key), lambda: make(panel, ctx, keep=True))
    return kept_by_matching(ctx, ("panel", panel.id), lambda watched: make(panel, watched, keep=True), key=key)


def kept_by_matching(ctx: Context, name: tuple, make: Callable[[Context], T], key: tuple | None = None) -> T:
    """`make(ctx)` kept (`cached`) for every filter set that matches the same projects, when it read the filters
    only through questions that follow the matching projects (query.follows_matches_only) and `is_default`; else for
    these filters only (as kept_for). Random links (make loadtest: 0-2 technologies, a year, 0-2 prefectures, a
    status) matched 209 different sets of projects in 2,000 links, 48% of them none, and each link built its panels
    again.

    `make` gets the context with the filters watched (filters.Watched): reading them otherwise (a field, the filters
    in words, a key holding them) marks the result as depending on the filters themselves. Given the same answers and
    `is_default`, `make` takes the same path whatever the filters, so a result made without reading them is the same
    for every filter set matching these projects (tests/test_shown_matching.py builds every panel both ways).
    `key`: context_key(ctx), when the caller has it already."""
    key = key or context_key(ctx)
    if key is None:
        return make(ctx)
    kept = _kept()
    by_filters = (*name, *key)
    # the rest of the context key, without the filters (context_key: third, after the snapshot and the listing)
    by_matching = (*name, "matching", data.matching(ctx.run, ctx.filters), ctx.filters.is_default, *key[:2], *key[3:])
    for found in (by_matching, by_filters):
        value = kept.get(found)
        if value is not None:
            return value
    watched = Watched(ctx.filters)
    value = make(replace(ctx, filters=watched))
    out = getattr(value, "out", None)
    if out is None or getattr(out, "keep", True):
        kept.put(by_filters if watched.read else by_matching, value)
    return value


def clear() -> None:
    """Forget every kept panel (tests that change what a builder reads behind its inputs, e.g. the boundary file)."""
    _kept().clear()
