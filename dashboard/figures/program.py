"""Charts of the 事業 page: the support period of each project, and event participants."""
from __future__ import annotations

import datetime as dt
import re

import pandas as pd
import plotly.graph_objects as go

from dashboard.chart_style import PALETTE, STATUS_COLOURS, style
from pipeline import fiscal_year

_WAREKI_DATE = re.compile(r"(平成|令和)(\d+|元)年(\d+)月(\d+)日")
_ERA_START = {"平成": 1988, "令和": 2018}
STATUS_TEXT = {"supported": "支援中", "ended": "支援終了"}


def fiscal_year_of(day: dt.date | str) -> int:
    """The Japanese fiscal year (April–March) a date falls in: 2023-02-21 -> 2022 (R4)."""
    day = dt.date.fromisoformat(day) if isinstance(day, str) else day
    return day.year if day.month >= 4 else day.year - 1


def with_western_year(text: str) -> str:
    """'平成30年2月15日' -> '平成30年（2018年）2月15日' wherever a full Japanese-era date occurs."""
    def western(m: re.Match) -> str:
        n = 1 if m.group(2) == "元" else int(m.group(2))
        return f"{m.group(1)}{m.group(2)}年（{_ERA_START[m.group(1)] + n}年）{m.group(3)}月{m.group(4)}日"
    return _WAREKI_DATE.sub(western, text)


def year_position(day: dt.date | str) -> float:
    """Where a date lies on a fiscal-year axis: FY start year plus the share of the year gone by."""
    day = dt.date.fromisoformat(day) if isinstance(day, str) else day
    fy = fiscal_year_of(day)
    start = dt.date(fy, 4, 1)
    return fy + (day - start).days / (dt.date(fy + 1, 4, 1) - start).days


def ended_note(ended_by_fy: int) -> str:
    return f"終了年度は非公表（{fiscal_year.to_label(ended_by_fy)}年度末までに終了）"


def support_timeline(spans: pd.DataFrame, as_of: str) -> go.Figure:
    """Gantt-like bars, one per project, from its selection year to its last year of support.

    Supported projects run to the last year of the 5-year maximum; ended projects are drawn hatched up to the
    year by whose end they had ended, since their exact last year is not published.
    """
    labels = list(spans["project_label"])
    fig = go.Figure()
    kinds = [("supported", "支援中（選定から最長5年）", "", 1.0),
             ("ended", "支援終了（終了年度は非公表）", "/", 0.6)]
    for status, name, hatch, opacity in kinds:
        part = spans[spans["status"] == status]
        if part.empty:
            continue
        if status == "ended":
            text = [ended_note(int(y)) for y in part["ended_by_fy"]]
            hover = [f"選定 {fiscal_year.display(int(s))}<br>{ended_note(int(y))}"
                     for s, y in zip(part["start_fy"], part["ended_by_fy"])]
        else:
            text = [f"{fiscal_year.to_label(int(s))}〜{fiscal_year.to_label(int(e))}"
                    for s, e in zip(part["start_fy"], part["end_fy"])]
            hover = [f"選定 {fiscal_year.display(int(s))}<br>支援は最長で {fiscal_year.display(int(e))} まで"
                     for s, e in zip(part["start_fy"], part["end_fy"])]
        fig.add_trace(go.Bar(
            name=name, orientation="h", y=part["project_label"], base=part["start_fy"],
            x=part["end_fy"] - part["start_fy"] + 1, text=text, textposition="inside", insidetextanchor="start",
            textfont={"color": "white" if status == "supported" else "#1a1a1a", "size": 12}, opacity=opacity,
            marker={"color": STATUS_COLOURS[status], "line": {"color": STATUS_COLOURS[status], "width": 1},
                    "pattern": {"shape": hatch, "fillmode": "overlay", "fgcolor": "white", "size": 8,
                                "solidity": 0.3}},
            hovertext=hover, hovertemplate="%{y}<br>%{hovertext}<extra></extra>",
        ))
    now = year_position(as_of)
    first = int(spans["start_fy"].min())
    last = max(int(spans["end_fy"].max()), int(now))
    years = list(range(first, last + 1))
    fig.add_vline(x=now, line={"color": PALETTE[5], "dash": "dash", "width": 2})
    fig.add_annotation(x=now, y=0, yref="paper", yanchor="top", showarrow=False, font={"color": PALETTE[5]},
                       text=f"資料時点 {as_of}")
    fig.update_xaxes(range=[first, last + 1], tickvals=[y + 0.5 for y in years],
                     ticktext=[fiscal_year.display(y) for y in years], title="年度", side="top",
                     showgrid=False, minor={"tickvals": years + [last + 1], "showgrid": True,
                                            "gridcolor": "#dddddd"})
    fig.update_yaxes(categoryorder="array", categoryarray=labels, autorange="reversed", title=None)
    fig.update_layout(barmode="overlay", bargap=0.2, uniformtext={"minsize": 11, "mode": "show"})
    style(fig, height=150 + 24 * len(spans))
    fig.update_layout(margin={"t": 100, "b": 40}, legend={"y": 1.0, "yref": "container", "yanchor": "top"})
    return fig


def event_participants(events: pd.DataFrame) -> go.Figure:
    """Stacked bars: participants of each event by kind, with the published total at the end."""
    labels = [f"{r.event_date_text}　{r.day_label or ''}" .rstrip() for r in events.itertuples()]
    fig = go.Figure()
    parts = [("participants_municipal", "自治体", PALETTE[0]), ("participants_national", "府省", PALETTE[2]),
             ("participants_private", "民間事業者", PALETTE[1])]
    for column, name, colour in parts:
        values = events[column].astype("Float64").fillna(0)
        if not (values > 0).any():
            continue
        fig.add_trace(go.Bar(name=name, orientation="h", y=labels, x=values.astype(float), marker_color=colour,
                             text=[f"{int(v)}名" if v > 0 else "" for v in values], textposition="inside",
                             hovertemplate="%{y}<br>" + name + ": %{x}名<extra></extra>"))
    fig.add_trace(go.Scatter(y=labels, x=events["participants_total"], mode="text", showlegend=False,
                             text=[f"　計{t}名" for t in events["participants_total"]], textposition="middle right",
                             hoverinfo="skip", cliponaxis=False))
    fig.update_xaxes(range=[0, int(events["participants_total"].max()) * 1.25], title="参加者数（名）")
    fig.update_yaxes(categoryorder="array", categoryarray=labels, autorange="reversed", title=None)
    fig.update_layout(barmode="stack", uniformtext={"minsize": 11, "mode": "hide"})
    style(fig, height=120 + 60 * len(events))
    fig.update_layout(legend={"traceorder": "normal"})
    return fig
