"""Charts of the 選定数 page."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from dashboard.chart_style import PALETTE, STATUS_COLOURS, style
from pipeline import fiscal_year

FOCUS_PROGRAM = "未来技術社会実装事業"
UNNAMED_COLOUR = "#D9D9D9"  # ended, name not published: lighter than the named ended grey, and hatched
RELATED_COLOUR = "#56B4E9"
DARK_TEXT = "#1a1a1a"


def _years(df: pd.DataFrame) -> list[str]:
    return [fiscal_year.display(int(y)) for y in df["fiscal_year"]]


def selections_with_cumulative(by_year: pd.DataFrame) -> go.Figure:
    """Bars: projects selected each fiscal year; line: running total (ends at the published 53)."""
    x = _years(by_year)
    fig = go.Figure([
        go.Bar(name="その年度の選定数", x=x, y=by_year["selected_count"], marker_color=PALETTE[0],
               text=by_year["selected_count"], textposition="inside", insidetextanchor="end",
               textfont={"size": 16, "color": "white"}, hovertemplate="%{x}: %{y} 事業選定<extra></extra>"),
        go.Scatter(name="累計", x=x, y=by_year["cumulative_selected_count"], mode="lines+markers+text",
                   line={"color": PALETTE[1], "width": 3}, marker={"size": 9},
                   text=by_year["cumulative_selected_count"], textposition="top center", textfont={"size": 16},
                   hovertemplate="%{x}までの累計: %{y} 事業<extra></extra>"),
    ])
    fig.update_layout(yaxis_title="事業数", xaxis_title="採択年度")
    fig.update_yaxes(range=[0, by_year["cumulative_selected_count"].max() * 1.2])
    return style(fig, height=400)


def support_status_by_year(by_year: pd.DataFrame, *, matching: bool = False) -> go.Figure:
    """Stacked bars per selection year: supported, ended (named), ended (name not published).

    With `matching`, a labelled diamond at each bar's right edge shows how many of that year's
    projects match the sidebar filters (beside the bar's own labels, not on them).
    """
    years = _years(by_year)
    pos = list(range(len(years)))

    def labels(s: pd.Series) -> list[str]:
        return [str(int(v)) if v > 0 else "" for v in s]

    def bar(name: str, column: str, marker: dict, text_colour: str) -> go.Bar:
        return go.Bar(name=name, x=pos, y=by_year[column], marker=marker, customdata=years,
                      text=labels(by_year[column]), textposition="inside",
                      textfont={"size": 15, "color": text_colour},
                      hovertemplate=f"%{{customdata}}: {name} %{{y}} 事業<extra></extra>")

    fig = go.Figure([
        bar("支援中（R4年度）", "supported_count", {"color": STATUS_COLOURS["supported"]}, "white"),
        bar("支援終了（名称公表あり）", "ended_named_count", {"color": STATUS_COLOURS["ended"]}, "white"),
        bar("支援終了（名称の記載なし）", "ended_unnamed_count",
            {"color": UNNAMED_COLOUR, "pattern": {"shape": "/", "fgcolor": "#8a8a8a", "solidity": 0.15}}, DARK_TEXT),
    ])
    fig.add_trace(go.Scatter(x=pos, y=by_year["selected_count"], mode="text", text=by_year["selected_count"],
                             textposition="top center", showlegend=False, hoverinfo="skip",
                             textfont={"size": 16}))
    if matching:
        fig.add_trace(go.Scatter(name="条件に合う事業", x=[p + 0.42 for p in pos], y=by_year["matching_count"],
                                 mode="markers+text", text=by_year["matching_count"], textposition="middle right",
                                 textfont={"size": 15, "color": DARK_TEXT}, customdata=years,
                                 marker={"symbol": "diamond", "size": 14, "color": PALETTE[1],
                                         "line": {"color": "black", "width": 1}},
                                 hovertemplate="%{customdata}: 条件に合う事業 %{y}<extra></extra>"))
    fig.update_layout(barmode="stack", yaxis_title="事業数", xaxis_title="採択年度")
    fig.update_xaxes(tickvals=pos, ticktext=years, range=[-0.6, len(pos) - 0.2])
    fig.update_yaxes(range=[0, by_year["selected_count"].max() * 1.2])
    return style(fig, height=400)


def related_program_selections(selections: pd.DataFrame) -> go.Figure:
    """Small multiples, one row per program: projects selected per fiscal year as published.

    A year without a published count gets no bar but the words 「記載なし」 (it is not 0).
    """
    programs = selections.drop_duplicates("program").sort_values("program_order")
    years = sorted(selections["fiscal_year"].unique())
    x_all = [fiscal_year.display(int(y)) for y in years]
    top = int(selections["selected_count"].max())
    fig = make_subplots(rows=len(programs), cols=1, shared_xaxes=True, vertical_spacing=0.09,
                        subplot_titles=[f"{p.program}（{p.ministry}）" for p in programs.itertuples()])
    for i, p in enumerate(programs.itertuples(), start=1):
        rows = selections[selections["program"] == p.program]
        colour = PALETTE[0] if p.program == FOCUS_PROGRAM else RELATED_COLOUR
        fig.add_trace(go.Bar(x=_years(rows), y=rows["selected_count"], marker_color=colour, showlegend=False,
                             text=rows["selected_count"], textposition="outside", textfont={"size": 14},
                             cliponaxis=False, name=p.program,
                             hovertemplate=f"{p.program}<br>%{{x}}: %{{y}} 事業<extra></extra>"),
                      row=i, col=1)
        published = set(rows["fiscal_year"])
        for y, label in zip(years, x_all):
            if y not in published:
                fig.add_annotation(x=label, y=top * 0.25, text="記載なし", showarrow=False,
                                   font={"size": 12, "color": "#6b6b6b"}, row=i, col=1)
        fig.update_yaxes(range=[0, top * 1.35], showticklabels=False, showgrid=False, row=i, col=1)
        fig.update_xaxes(categoryorder="array", categoryarray=x_all, type="category", row=i, col=1)
    fig.update_xaxes(showticklabels=True)
    fig = style(fig, height=175 * len(programs) + 40, legend=False)
    for a in fig.layout.annotations:  # subplot titles: left-aligned, readable
        if a.text and a.text != "記載なし":
            a.update(x=0, xanchor="left", font={"size": 14})
    return fig


def numeric_budgets(budgets: pd.DataFrame) -> go.Figure:
    """Horizontal bars of the budgets published as an amount (億円); the others are not charted."""
    df = budgets[budgets["budget_oku_yen"].notna()].sort_values("budget_oku_yen", ascending=False)
    y = [f"{r.program}<br>（{r.ministry}）" for r in df.itertuples()]
    fig = go.Figure(go.Bar(x=df["budget_oku_yen"], y=y, orientation="h", marker_color=RELATED_COLOUR,
                           text=df["budget_text"], textposition="outside", textfont={"size": 15},
                           cliponaxis=False, hovertemplate="%{y}: %{text}<extra></extra>"))
    fig.update_xaxes(range=[0, df["budget_oku_yen"].max() * 1.3], title="億円")
    fig.update_yaxes(autorange="reversed")
    return style(fig, height=100 + 75 * len(df), legend=False)
