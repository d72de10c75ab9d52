"""Charts of the 選定数 page.

Every builder takes `t` (the panel context's catalogue lookup) for its words; nothing here holds UI text.
"""
from __future__ import annotations

import textwrap
from collections.abc import Callable

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from dashboard import formats
from dashboard.chart_style import (FONT_PX, PALETTE, STATUS_COLOURS, STATUS_TEXT_COLOURS, TEXT, presenter_mode, style,
                                   validated_from_here)

FOCUS_ORDER = 1  # program_order of this program in related_program_selections (drawn in the program's blue)
UNNAMED_COLOUR = "#D9D9D9"  # ended, name not published: lighter than the named ended grey, and hatched
RELATED_COLOUR = "#56B4E9"
DARK_TEXT = "#1a1a1a"
MISSING_TEXT = "#595959"  # 7:1 on white: 「記載なし」 must stay readable on a projector

Words = Callable[..., str]


def _years(df: pd.DataFrame) -> list[str]:
    return [formats.fy(int(y)) for y in df["fiscal_year"]]


def selections_with_cumulative(by_year: pd.DataFrame, t: Words) -> go.Figure:
    """Bars: projects selected each fiscal year; line: running total (ends at the published total)."""
    x = _years(by_year)
    fig = go.Figure([
        go.Bar(name=t("panel.sel_cumulative.bar"), x=x, y=by_year["selected_count"], marker_color=PALETTE[0],
               text=by_year["selected_count"], textposition="inside", insidetextanchor="end",
               textfont={"size": 16, "color": "white"}, hovertemplate=t("panel.sel_cumulative.bar_hover")),
        go.Scatter(name=t("panel.sel_cumulative.line"), x=x, y=by_year["cumulative_selected_count"],
                   mode="lines+markers+text", line={"color": PALETTE[1], "width": 3}, marker={"size": 9},
                   # Where the running total equals the year's bar (the first year) the bar's own label says it.
                   text=[c if c != n else "" for c, n in zip(by_year["cumulative_selected_count"],
                                                             by_year["selected_count"])],
                   textposition="top center", textfont={"size": 16},
                   hovertemplate=t("panel.sel_cumulative.line_hover")),
    ])
    fig.update_layout(yaxis_title=t("panel.sel_cumulative.y_title"), xaxis_title=t("panel.sel_cumulative.x_title"))
    fig.update_yaxes(range=[0, by_year["cumulative_selected_count"].max() * 1.2])
    return style(fig, height=400)


def support_status_by_year(by_year: pd.DataFrame, t: Words, *, matching: bool = False) -> go.Figure:
    """Stacked bars per selection year: supported, ended (named), ended (name not published).

    With `matching`, a labelled diamond at each bar's right edge shows how many of that year's
    projects match the sidebar filters (beside the bar's own labels, not on them).
    """
    years = _years(by_year)
    pos = list(range(len(years)))

    def labels(s: pd.Series) -> list[str]:
        return [str(int(v)) if v > 0 else "" for v in s]

    def bar(name: str, column: str, marker: dict, text_colour: str) -> go.Bar:
        return go.Bar(name=name, x=pos, y=by_year[column].to_numpy(), marker=marker, customdata=years,
                      text=labels(by_year[column]), textposition="inside",
                      textfont={"size": 15, "color": text_colour},
                      hovertemplate=t("panel.sel_status.hover", series=name), _validate=False)

    traces = [
        bar(t("panel.sel_status.supported"), "supported_count", {"color": STATUS_COLOURS["supported"]},
            STATUS_TEXT_COLOURS["supported"]),
        bar(t("panel.sel_status.ended_named"), "ended_named_count", {"color": STATUS_COLOURS["ended"]},
            STATUS_TEXT_COLOURS["ended"]),
        bar(t("panel.sel_status.ended_unnamed"), "ended_unnamed_count",
            {"color": UNNAMED_COLOUR, "pattern": {"shape": "/", "fgcolor": "#8a8a8a", "solidity": 0.15}}, DARK_TEXT),
        go.Scatter(x=pos, y=by_year["selected_count"].to_numpy(), mode="text",
                   text=by_year["selected_count"].to_numpy(dtype=float), textposition="top center", showlegend=False,
                   hoverinfo="skip", textfont={"size": 16}, _validate=False),
    ]
    if matching:
        name = t("panel.sel_status.matching")
        traces.append(go.Scatter(name=name, x=[p + 0.42 for p in pos], y=by_year["matching_count"].to_numpy(),
                                 mode="markers+text", text=by_year["matching_count"].to_numpy(dtype=float),
                                 textposition="middle right", textfont={"size": 15, "color": DARK_TEXT},
                                 customdata=years, marker={"symbol": "diamond", "size": 14, "color": PALETTE[1],
                                                           "line": {"color": "black", "width": 1}},
                                 hovertemplate=t("panel.sel_status.hover", series=name), _validate=False))
    # The traces are made without plotly's validation (it checks and copies every value; the layout below is
    # validated as before): tests/test_figure_json.py checks that plotly, validating the dict, gives the same JSON.
    fig = validated_from_here(go.Figure(traces, _validate=False))
    fig.update_layout(barmode="stack", yaxis_title=t("panel.sel_status.y_title"),
                      xaxis_title=t("panel.sel_status.x_title"))
    fig.update_xaxes(tickvals=pos, ticktext=years, range=[-0.6, len(pos) - 0.2])
    fig.update_yaxes(range=[0, by_year["selected_count"].max() * 1.2])
    return style(fig, height=400)


def related_program_selections(selections: pd.DataFrame, t: Words) -> go.Figure:
    """Small multiples, one row per program: projects selected per fiscal year as published.

    A year without a published count gets no bar but the words 「記載なし」 (it is not 0).
    """
    programs = selections.drop_duplicates("program").sort_values("program_order")
    years = sorted(selections["fiscal_year"].unique())
    x_all = [formats.fy(int(y)) for y in years]
    top = int(selections["selected_count"].max())
    missing = t("value.missing")
    titles = [t("panel.sel_related.subplot_title", program=p.program, ministry=p.ministry)
              for p in programs.itertuples()]
    fig = make_subplots(rows=len(programs), cols=1, shared_xaxes=True, vertical_spacing=0.09,
                        subplot_titles=titles)
    for i, p in enumerate(programs.itertuples(), start=1):
        rows = selections[selections["program"] == p.program]
        colour = PALETTE[0] if p.program_order == FOCUS_ORDER else RELATED_COLOUR
        fig.add_trace(go.Bar(x=_years(rows), y=rows["selected_count"], marker_color=colour, showlegend=False,
                             text=rows["selected_count"], textposition="outside", textfont={"size": 14},
                             cliponaxis=False, name=p.program, customdata=[p.program] * len(rows),
                             hovertemplate=t("panel.sel_related.hover")),
                      row=i, col=1)
        published = set(rows["fiscal_year"])
        for y, label in zip(years, x_all):
            if y not in published:
                fig.add_annotation(x=label, y=top * 0.25, text=missing, showarrow=False,
                                   font={"color": MISSING_TEXT}, row=i, col=1)
        fig.update_yaxes(range=[0, top * 1.35], showticklabels=False, showgrid=False, row=i, col=1)
        fig.update_xaxes(categoryorder="array", categoryarray=x_all, type="category", row=i, col=1)
    fig.update_xaxes(showticklabels=True)
    big = presenter_mode()
    fig = style(fig, height=(175 if not big else 200) * len(programs) + 40, legend=False)
    # Subplot titles are annotations made before style(); set after it, they take the mode's size
    # (a fixed 14 px was unreadable on a projector).
    notes = [a.to_plotly_json() for a in fig.layout.annotations]
    for note in notes:
        if note.get("text") in titles:
            note.update(x=0, xanchor="left", font={"size": FONT_PX[big], "color": TEXT})
    fig.layout.annotations = notes
    return fig


def numeric_budgets(budgets: pd.DataFrame, t: Words) -> go.Figure:
    """Horizontal bars of the budgets published as an amount (億円); the others are not charted."""
    df = budgets[budgets["budget_oku_yen"].notna()].sort_values("budget_oku_yen", ascending=False)
    # Long (English) program names wrap, so the bars keep room for their labels at 1024 px.
    y = [t("panel.sel_budgets.bar_label", program="<br>".join(textwrap.wrap(str(r.program), 30)) or r.program,
           ministry=r.ministry) for r in df.itertuples()]
    fig = go.Figure(go.Bar(x=df["budget_oku_yen"], y=y, orientation="h", marker_color=RELATED_COLOUR,
                           text=df["budget_text"], textposition="outside", textfont={"size": 15},
                           cliponaxis=False, constraintext="none", hovertemplate=t("panel.sel_budgets.hover")))
    # Room beyond the longest bar for its label outside it ("4.0億円", "¥400 million").
    longest = max((len(str(v)) for v in df["budget_text"]), default=0)
    fig.update_xaxes(range=[0, df["budget_oku_yen"].max() * (1.3 + 0.06 * max(0, longest - 6))],
                     title=t("panel.sel_budgets.x_title"))
    fig.update_yaxes(autorange="reversed")
    return style(fig, height=100 + 75 * len(df), legend=False)
