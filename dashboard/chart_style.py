"""The one place charts get their look: colour-blind-safe palette, Japanese font, projector sizes."""
from __future__ import annotations

import contextvars
import re
from contextlib import contextmanager

import plotly.graph_objects as go
import streamlit as st

# Okabe–Ito: distinguishable with the common colour-vision deficiencies.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
SEQUENTIAL = ["#EAF3FA", "#B7D6EC", "#6FA9D6", "#2F7DBF", "#0B4F8A"]  # light -> dark blue
STATUS_COLOURS = {"supported": "#0072B2", "ended": "#999999"}
# A count inside a status bar: white on the blue (5.1:1), near-black on the grey (6.1:1). plotly's own choice was a
# grey #444 on the grey bars of the overview (3.4:1), and /selections wrote white on them (2.8:1).
STATUS_TEXT_COLOURS = {"supported": "#FFFFFF", "ended": "#1a1a1a"}
INFERRED_COLOUR = "#E69F00"
FONT = "Noto Sans CJK JP, Noto Sans JP, Hiragino Sans, Meiryo, sans-serif"


# The size class forced by a renderer (slides use "slide"): a context variable, because builders call
# style() deep inside and each Streamlit session runs in its own thread.
_SIZE = contextvars.ContextVar("chart_size", default=None)


def presenter_mode() -> bool | str:
    """The chart size class: False (screen), True (presenter mode) or "slide" (one panel per slide). A phone in
    presenter mode (a presenter=1 link opened in the hall) draws charts at the screen's size: the projector's 24 px
    labels ran past a phone's 358 px charts (the technology totals, the legend)."""
    forced = _SIZE.get()
    if forced is not None:
        return forced
    if not st.session_state.get("f_present"):
        return False
    from dashboard.phone import is_phone  # phone imports this module

    return not is_phone()


@contextmanager
def sized(size_class: bool | str):
    """Build figures in `size_class` (e.g. "slide") whatever the page's mode."""
    token = _SIZE.set(size_class)
    try:
        yield
    finally:
        _SIZE.reset(token)


# Chart text in px: ≥ 14 on screen, ≥ 22 on a projector at 1080p and ≥ 24 on a slide (measured in the browser tests).
FONT_PX = {False: 15, True: 24, "slide": 26}
# Windows at least this wide show a slide as one screen, its chart as high as the title and footer leave it
# (theme.slide_css, figures.map.slide_css); a phone following the talk scrolls the slide as a page.
SLIDE_FILL_MIN_PX = 900
TEXT = "#1a1a1a"


def style(fig: go.Figure, *, height: int = 420, legend: bool = True) -> go.Figure:
    """The figure in the house style (changed in place and returned).

    Every text colour is set explicitly: Streamlit's plotly theme would otherwise draw ticks in a grey
    (#808495, ≈ 3.7:1) that cannot be read from the back of a hall.

    The style is merged into a copy of the layout's dict, as update_layout would merge it, and the layout set
    again in one assignment: update_layout/update_xaxes/update_yaxes run plotly's validation and relayout
    bookkeeping for each property and axis — 40–70 ms of a four-row chart's build, much of a panel's cost when a
    hall's phones each ask for other filters; this way it is a few ms. Every panel in all three size classes gave
    the same JSON both ways; tests/test_chart_style.py pins the result."""
    big = presenter_mode()
    size = FONT_PX[big]
    layout = fig.layout.to_plotly_json()  # a deep copy of the layout's own dict (arrays stay arrays)
    # Set again without the template: validating it (every trace type's defaults) was 3.5 of the 5.8 ms a chart's
    # style took. Assigned without one, the figure gets plotly's default template again, unvalidated (as every figure
    # gets it when made); a template of the builder's own (none has one) is set back.
    template = layout.pop("template", None)
    _merge(layout, {
        "font": {"family": FONT, "size": size, "color": TEXT},
        "colorway": PALETTE,
        "height": int(height * (1.15 if big else 1)),
        "margin": {"l": 10, "r": 10, "t": 40, "b": 10},
        "paper_bgcolor": "white",
        "plot_bgcolor": "white",
        "showlegend": legend,
        "legend": {"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0, "font": {"size": size, "color": TEXT}},
        "hoverlabel": {"font": {"family": FONT, "size": size}},
    })
    # automargin: long Japanese tick labels (クラウドコンピューティング) get the room they need.
    axis = {"automargin": True, "gridcolor": "#e5e5e5", "zerolinecolor": "#bbbbbb",
            "tickfont": {"size": size, "color": TEXT}, "title": {"font": {"size": size, "color": TEXT}}}
    for name in [name for name in layout if name.startswith(("xaxis", "yaxis"))] or ["xaxis", "yaxis"]:
        _merge(layout.setdefault(name, {}), axis)
    _notes_at_least(layout.get("annotations", []), size)
    if big == "slide":
        _every_category(fig, layout)
    fig.layout = layout
    if template is not None and fig._layout.get("template") != template:
        fig.layout.template = template
    _traces_at_least(fig, size)
    return fig


def validated_from_here(fig: go.Figure) -> go.Figure:
    """`fig`, built without plotly's validation (go.Figure(_validate=False), traces likewise: plotly checks and copies
    every value, element by element), validated again from here on: later changes (style, a renderer's, a test's)
    are checked as on any other figure. The builders that do this test that plotly, validating their figure's
    dict, accepts every property and gives the same JSON."""
    fig._validate = True
    fig.layout._validate = True
    for trace in fig.data:
        trace._validate = True
    return fig


_NOT_CATEGORY = re.compile(r"^\s*(-?[\d.,]+|\d{4}-\d{2}(-\d{2})?([ T][\d:.]+)?)\s*$")  # numbers and dates


def _every_category(fig: go.Figure, layout: dict) -> None:
    """A name on every row or column of a category axis (a slide): plotly lays a slide's chart out for 26 px text
    and left out every other name (AI, ドローン, …) where the rows were closer than that, though the slide's CSS
    draws them at 20 px at 1366x768 and they do not touch. Axes with their own tick values keep them."""
    for trace in fig.data:
        for letter in ("x", "y"):
            values = getattr(trace, letter, None)
            name = letter + "axis" + (getattr(trace, letter + "axis", None) or letter)[1:]
            axis = layout.setdefault(name, {})
            if values is None or len(values) == 0 or axis.get("tickmode") == "array" or "dtick" in axis:
                continue
            kind = axis.get("type")
            if kind == "category" or (kind in (None, "-") and all(isinstance(v, str) and not _NOT_CATEGORY.match(v)
                                                                  for v in values)):
                axis.update(tickmode="linear", tick0=0, dtick=1)


def _traces_at_least(fig: go.Figure, size: int) -> None:
    """Raise the traces' explicit text sizes (bar labels, heatmap cells) to `size`; bar labels stay level."""
    for trace in fig.data:
        font = getattr(trace, "textfont", None)
        if font is not None and font.size is not None and not isinstance(font.size, (list, tuple)) \
                and font.size < size:
            trace.textfont.size = size
        if trace.type == "bar":
            trace.textangle = 0  # plotly turns labels sideways to fit a thin bar; sideways is unreadable


def text_units(text: str) -> int:
    """Width of `text` in half-width characters: a full-width (CJK) character counts two. How wide chart text will be
    before plotly lays it out (labels wrapped, room kept at the bars' ends, picture lines broken)."""
    return sum(2 if ord(c) > 0x2E7F else 1 for c in text)


def _at_least(fig: go.Figure, size: int) -> None:
    """Raise every explicit text size (bar labels, cell numbers, notes) to `size` (the PNG renderer's minimum), and
    the smallest size bar labels may shrink to (uniformtext.minsize): a page's figure lets them shrink to the
    screen's 15 px, and in the picture every label of the events chart shrank with the narrowest bar's (「2名」) to
    about 15 px of 1080 while the other text was 24; labels that do not fit at `size` are hidden as on the page."""
    _traces_at_least(fig, size)
    minsize = fig.layout.uniformtext.minsize
    if minsize is not None and minsize < size:
        fig.update_layout(uniformtext_minsize=size)
    if fig.layout.annotations:
        # One assignment for all annotations: updating them one by one re-validates the layout each time.
        notes = [a.to_plotly_json() for a in fig.layout.annotations]
        _notes_at_least(notes, size)
        fig.layout.annotations = notes


def _notes_at_least(notes: list[dict], size: int) -> None:
    """Raise the annotations' (notes', heatmap cells') text size to `size` where it is unset or smaller."""
    for note in notes:
        font = note.setdefault("font", {})
        if font.get("size") is None or font["size"] < size:
            font["size"] = size


def _merge(into: dict, values: dict) -> None:
    """Merge `values` into `into` as plotly's update does: nested dicts merge, anything else replaces."""
    for key, value in values.items():
        if isinstance(value, dict) and isinstance(into.get(key), dict):
            _merge(into[key], value)
        else:
            into[key] = value if not isinstance(value, dict) else _copy(value)


def _copy(value: dict) -> dict:
    return {k: _copy(v) if isinstance(v, dict) else v for k, v in value.items()}


def show(fig: go.Figure, *, key: str, filename: str) -> None:
    """Draw a styled figure; the toolbar's camera button saves a PNG named `filename`."""
    st.plotly_chart(fig, key=key, width="stretch", theme=None, config={
        "displaylogo": False,
        "modeBarButtonsToRemove": ["lasso2d", "select2d"],
        "toImageButtonOptions": {"format": "png", "filename": filename, "scale": 2},
    })
