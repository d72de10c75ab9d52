"""Charts of the 概要 page."""
from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import plotly.graph_objects as go

from dashboard import formats
from dashboard.chart_style import STATUS_COLOURS, STATUS_TEXT_COLOURS, style


def selections_by_year(by_year: pd.DataFrame, t: Callable[[str], str]) -> go.Figure:
    """Stacked bars: supported vs ended projects per selection year (sums to the published count).

    A series with nothing in it is left out, so the legend names no empty status (2018-11-16: nothing has ended).
    `t` looks up the words (dashboard.i18n via the panel context)."""
    x = [formats.fy(int(y)) for y in by_year["fiscal_year"]]
    bars = [
        go.Bar(name=t("panel.selections_by_year.supported"), x=x, y=by_year["supported_count"], marker_color=STATUS_COLOURS["supported"],
               text=by_year["supported_count"], textposition="inside",
               insidetextfont={"color": STATUS_TEXT_COLOURS["supported"]}),
        go.Bar(name=t("panel.selections_by_year.ended"), x=x, y=by_year["ended_count"], marker_color=STATUS_COLOURS["ended"],
               text=by_year["ended_count"].where(by_year["ended_count"] > 0, None), textposition="inside",
               insidetextfont={"color": STATUS_TEXT_COLOURS["ended"]}),
    ]
    fig = go.Figure([bar for bar in bars if (pd.Series(bar.y) > 0).any()])
    fig.add_trace(go.Scatter(x=x, y=by_year["selected_count"], mode="text", text=by_year["selected_count"],
                             textposition="top center", showlegend=False, hoverinfo="skip",
                             textfont={"size": 16}))
    fig.update_layout(barmode="stack", yaxis_title=t("panel.selections_by_year.y_title"),
                      xaxis_title=t("panel.selections_by_year.x_title"))
    fig.update_yaxes(range=[0, by_year["selected_count"].max() * 1.2])
    return style(fig, height=380)
