"""The one place charts get their look: colour-blind-safe palette, Japanese font, projector sizes."""
from __future__ import annotations

import contextvars
from contextlib import contextmanager

import plotly.graph_objects as go
import streamlit as st

# Okabe–Ito: distinguishable with the common colour-vision deficiencies.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
SEQUENTIAL = ["#EAF3FA", "#B7D6EC", "#6FA9D6", "#2F7DBF", "#0B4F8A"]  # light -> dark blue
STATUS_COLOURS = {"supported": "#0072B2", "ended": "#999999"}
INFERRED_COLOUR = "#E69F00"
FONT = "Noto Sans CJK JP, Noto Sans JP, Hiragino Sans, Meiryo, sans-serif"


# The size class forced by a renderer (slides use "slide"): a context variable, because builders call
# style() deep inside and each Streamlit session runs in its own thread.
_SIZE = contextvars.ContextVar("chart_size", default=None)


def presenter_mode() -> bool | str:
    """The chart size class: False (screen), True (presenter mode) or "slide" (one panel per slide)."""
    forced = _SIZE.get()
    if forced is not None:
        return forced
    return bool(st.session_state.get("f_present"))


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
TEXT = "#1a1a1a"


def style(fig: go.Figure, *, height: int = 420, legend: bool = True) -> go.Figure:
    """Apply the house style in place and return the figure.

    Every text colour is set explicitly: Streamlit's plotly theme would otherwise draw ticks in a grey
    (#808495, ≈ 3.7:1) that cannot be read from the back of a hall."""
    big = presenter_mode()
    size = FONT_PX[big]
    fig.update_layout(
        font={"family": FONT, "size": size, "color": TEXT},
        colorway=PALETTE,
        height=int(height * (1.15 if big else 1)),
        margin={"l": 10, "r": 10, "t": 40, "b": 10},
        paper_bgcolor="white",
        plot_bgcolor="white",
        showlegend=legend,
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0},
        hoverlabel={"font": {"family": FONT, "size": size}},
        legend_font={"size": size, "color": TEXT},
    )
    # automargin: long Japanese tick labels (クラウドコンピューティング) get the room they need.
    axis = {"automargin": True, "gridcolor": "#e5e5e5", "zerolinecolor": "#bbbbbb", "tickfont": {"size": size, "color": TEXT},
            "title_font": {"size": size, "color": TEXT}}
    fig.update_xaxes(**axis)
    fig.update_yaxes(**axis)
    _at_least(fig, size)
    return fig


def _at_least(fig: go.Figure, size: int) -> None:
    """Raise every explicit text size (bar labels, cell numbers, notes) to the mode's minimum."""
    for trace in fig.data:
        font = getattr(trace, "textfont", None)
        if font is not None and font.size is not None and not isinstance(font.size, (list, tuple)) \
                and font.size < size:
            trace.textfont.size = size
        if trace.type == "bar":
            trace.textangle = 0  # plotly turns labels sideways to fit a thin bar; sideways is unreadable
    if fig.layout.annotations:
        # One assignment for all annotations: updating them one by one re-validates the layout each time.
        notes = [a.to_plotly_json() for a in fig.layout.annotations]
        for note in notes:
            note.setdefault("font", {})
            if note["font"].get("size") is None or note["font"]["size"] < size:
                note["font"]["size"] = size
        fig.layout.annotations = notes


def show(fig: go.Figure, *, key: str, filename: str) -> None:
    """Draw a styled figure; the toolbar's camera button saves a PNG named `filename`."""
    st.plotly_chart(fig, key=key, width="stretch", theme=None, config={
        "displaylogo": False,
        "modeBarButtonsToRemove": ["lasso2d", "select2d"],
        "toImageButtonOptions": {"format": "png", "filename": filename, "scale": 2},
    })
