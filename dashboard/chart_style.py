"""The one place charts get their look: colour-blind-safe palette, Japanese font, projector sizes."""
from __future__ import annotations

import plotly.graph_objects as go
import streamlit as st

# Okabe–Ito: distinguishable with the common colour-vision deficiencies.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
SEQUENTIAL = ["#EAF3FA", "#B7D6EC", "#6FA9D6", "#2F7DBF", "#0B4F8A"]  # light -> dark blue
STATUS_COLOURS = {"supported": "#0072B2", "ended": "#999999"}
INFERRED_COLOUR = "#E69F00"
FONT = "Noto Sans CJK JP, Noto Sans JP, Hiragino Sans, Meiryo, sans-serif"


def presenter_mode() -> bool:
    return bool(st.session_state.get("f_present"))


def style(fig: go.Figure, *, height: int = 420, legend: bool = True) -> go.Figure:
    """Apply the house style in place and return the figure."""
    big = presenter_mode()
    fig.update_layout(
        font={"family": FONT, "size": 18 if big else 14, "color": "#1a1a1a"},
        colorway=PALETTE,
        height=int(height * (1.15 if big else 1)),
        margin={"l": 10, "r": 10, "t": 40, "b": 10},
        paper_bgcolor="white",
        plot_bgcolor="white",
        showlegend=legend,
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0},
        hoverlabel={"font": {"family": FONT}},
    )
    fig.update_xaxes(gridcolor="#e5e5e5", zerolinecolor="#bbbbbb")
    fig.update_yaxes(gridcolor="#e5e5e5", zerolinecolor="#bbbbbb")
    return fig


def show(fig: go.Figure, *, key: str, filename: str) -> None:
    """Draw a styled figure; the toolbar's camera button saves a PNG named `filename`."""
    st.plotly_chart(fig, key=key, width="stretch", config={
        "displaylogo": False,
        "modeBarButtonsToRemove": ["lasso2d", "select2d"],
        "toImageButtonOptions": {"format": "png", "filename": filename, "scale": 2},
    })
