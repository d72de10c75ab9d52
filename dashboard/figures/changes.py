"""Charts of the 変化 page.

Every builder takes `t` (the panel context's catalogue lookup) for its words; nothing here holds UI text.
"""
from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import plotly.graph_objects as go

from dashboard import formats
from dashboard.chart_style import PALETTE, style

EARLIER_COLOUR = "#999999"  # the earlier snapshot in grey, the later one in the program's blue
Words = Callable[..., str]


def selections_compared(by_year: pd.DataFrame, t: Words, *, earlier: str, later: str) -> go.Figure:
    """Grouped bars per selection year: the count in the earlier snapshot beside the count in the later one."""
    x = [formats.fy(int(y)) for y in by_year["fiscal_year"]]
    fig = go.Figure([
        go.Bar(name=t("panel.changes_selections.bar", date=earlier), x=x, y=by_year["earlier_count"],
               marker_color=EARLIER_COLOUR, text=by_year["earlier_count"], textposition="outside",
               hovertemplate=t("panel.changes_selections.hover", date=earlier)),
        go.Bar(name=t("panel.changes_selections.bar", date=later), x=x, y=by_year["later_count"],
               marker_color=PALETTE[0], text=by_year["later_count"], textposition="outside",
               hovertemplate=t("panel.changes_selections.hover", date=later)),
    ])
    top = max(int(by_year["earlier_count"].max()), int(by_year["later_count"].max()), 1)
    fig.update_layout(barmode="group", yaxis_title=t("panel.changes_selections.y_title"),
                      xaxis_title=t("panel.changes_selections.x_title"))
    fig.update_yaxes(range=[0, top * 1.25])
    return style(fig, height=380)
