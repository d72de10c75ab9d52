"""Charts of the 事業 page: the support period of each project, and event participants.

Builders take `t` (the panel context's catalogue lookup) for every word; numbers come from the data.
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

import pandas as pd
import plotly.graph_objects as go

from dashboard import formats
from dashboard.chart_style import FONT_PX, PALETTE, STATUS_COLOURS, TEXT, presenter_mode, style, text_units, validated_from_here
from dashboard.i18n import t as catalogue_t
from pipeline import fiscal_year

T = Callable[..., str]
# A full Japanese-era date as printed in the documents (平成30年2月15日); era names come from the catalogue.
_ERAS = {"heisei": 1988, "reiwa": 2018}


def _era_names(t: T) -> dict[str, int]:
    return {t(f"panel.program_overview.era_{era}"): start for era, start in _ERAS.items()}


def fiscal_year_of(day: dt.date | str) -> int:
    """The Japanese fiscal year (April–March) a date falls in: 2023-02-21 -> 2022 (R4)."""
    day = dt.date.fromisoformat(day) if isinstance(day, str) else day
    return fiscal_year.of_date(day)


def with_western_year(text: str, t: T = catalogue_t) -> str:
    """'平成30年2月15日' -> '平成30年（2018年）2月15日' wherever a full Japanese-era date occurs."""
    eras = _era_names(t)
    first = t("panel.program_overview.era_first_year")  # 元年
    pattern = re.compile("(" + "|".join(map(re.escape, eras)) + r")(\d+|" + re.escape(first) + r")"
                         + re.escape(t("panel.program_overview.year_mark")) + r"(\d+)"
                         + re.escape(t("panel.program_overview.month_mark")) + r"(\d+)"
                         + re.escape(t("panel.program_overview.day_mark")))

    def western(m: re.Match) -> str:
        n = 1 if m.group(2) == first else int(m.group(2))
        return t("panel.program_overview.western_date", era=m.group(1), n=m.group(2), year=eras[m.group(1)] + n,
                 month=m.group(3), day=m.group(4))
    return pattern.sub(western, text)


def year_position(day: dt.date | str) -> float:
    """Where a date lies on a fiscal-year axis: FY start year plus the share of the year gone by."""
    day = dt.date.fromisoformat(day) if isinstance(day, str) else day
    fy = fiscal_year_of(day)
    start = dt.date(fy, 4, 1)
    return fy + (day - start).days / (dt.date(fy + 1, 4, 1) - start).days


def ended_note(ended_by_fy: int, t: T = catalogue_t) -> str:
    return t("panel.program_timeline.ended_text", ended_by=formats.fy_short(ended_by_fy))


# Row names wider than this (in half-width characters; a full-width one counts two) go onto two lines, so the
# names column leaves the bars room at 1024 px (issue 8 review: 370 px of names left 180 px of bars).
LABEL_WRAP = 30
_BREAKS = (re.compile(r"(?<=[;,、])"), re.compile(r"(?<=[　 ])"))  # between names first, else between words


def wrap_label(label: str, limit: int = LABEL_WRAP) -> str:
    """A long row name on two lines: '<br>' at the separator that makes the longer line shortest."""
    if text_units(label) <= limit:
        return label
    for breaks in _BREAKS:
        cuts = [m.start() for m in breaks.finditer(label) if 0 < m.start() < len(label)]
        if cuts:
            cut = min(cuts, key=lambda c: max(text_units(label[:c].rstrip()), text_units(label[c:].lstrip())))
            return label[:cut].rstrip() + "<br>" + label[cut:].lstrip()
    return label


def _two_line_fy(year: int) -> str:
    """'FY2020' -> 'FY<br>2020', 'R2 (2020)' -> 'R2<br>(2020)': year ticks that stay level on a narrow plot."""
    text = formats.fy(year)
    return text.replace(" ", "<br>", 1) if " " in text else re.sub(r"^(\D+)(\d)", r"\1<br>\2", text)


def support_timeline(spans: pd.DataFrame, as_of: str, max_years: int, t: T) -> go.Figure:
    """Gantt-like bars, one per project, from its selection year to its last year of support.

    Supported projects run to the last year of the published maximum (`max_years`); ended projects are drawn
    hatched up to the year by whose end they had ended, since their exact last year is not published.
    """
    labels = list(spans["project_label"])
    traces = []
    kinds = [("supported", t("panel.program_timeline.supported_series", status=t("status.supported"), max_years=max_years), "", 1.0),
             ("ended", t("panel.program_timeline.ended_series", status=t("status.ended")), "/", 0.6)]
    for status, name, hatch, opacity in kinds:
        part = spans[spans["status"] == status]
        if part.empty:
            continue
        if status == "ended":
            text = [ended_note(int(y), t) for y in part["ended_by_fy"]]
            hover = [t("panel.program_timeline.ended_hover", selected=formats.fy(int(s)),
                       note=ended_note(int(y), t)) for s, y in zip(part["start_fy"], part["ended_by_fy"])]
        else:
            text = [t("panel.program_timeline.supported_text", first=formats.fy_short(int(s)),
                      last=formats.fy_short(int(e))) for s, e in zip(part["start_fy"], part["end_fy"])]
            hover = [t("panel.program_timeline.supported_hover", selected=formats.fy(int(s)),
                       last=formats.fy(int(e))) for s, e in zip(part["start_fy"], part["end_fy"])]
        traces.append(go.Bar(
            name=name, orientation="h", y=part["project_label"].to_numpy(), base=part["start_fy"].tolist(),
            x=(part["end_fy"] - part["start_fy"] + 1).to_numpy(), text=text, textposition="inside", insidetextanchor="start",
            textfont={"color": "white" if status == "supported" else TEXT}, opacity=opacity,
            marker={"color": STATUS_COLOURS[status], "line": {"color": STATUS_COLOURS[status], "width": 1},
                    "pattern": {"shape": hatch, "fillmode": "overlay", "fgcolor": "white", "size": 8,
                                "solidity": 0.3}},
            hovertext=hover, hovertemplate="%{y}<br>%{hovertext}<extra></extra>", _validate=False,
        ))
    # The bars are made without plotly's validation (it checks and copies every value; what follows is validated as
    # before): tests/test_figure_json.py checks that plotly, validating the dict, gives the same JSON.
    fig = validated_from_here(go.Figure(traces, _validate=False))
    now = year_position(as_of)
    first = int(spans["start_fy"].min())
    last = max(int(spans["end_fy"].max()), int(now))
    years = list(range(first, last + 1))
    # Below the bars: the line shows in the gaps between rows and never runs through a bar's label.
    fig.add_vline(x=now, line={"color": PALETTE[5], "dash": "dash", "width": 2}, layer="below")
    # The label is in the text colour (the vermilion line alone is below 4.5:1 as text on white); it ends at the
    # line, under the plot, so it is never cut at the chart's right edge.
    fig.add_annotation(x=now, y=0, yref="paper", yanchor="top", xanchor="right", showarrow=False,
                       font={"color": TEXT}, text=t("panel.program_timeline.as_of_marker", as_of=as_of))
    # Every other year named when there are many (the grid still marks each year): level and apart at 1024 px.
    named = years[::2] if len(years) > 6 else years
    fig.update_xaxes(range=[first, last + 1], tickvals=[y + 0.5 for y in named], tickangle=0,
                     ticktext=[_two_line_fy(y) for y in named], title=t("panel.program_timeline.x_title"),
                     side="top", showgrid=False, minor={"tickvals": years + [last + 1], "showgrid": True,
                                                        "gridcolor": "#dddddd"})
    names = [wrap_label(label) for label in labels]
    fig.update_yaxes(categoryorder="array", categoryarray=labels, autorange="reversed", title=None,
                     tickmode="array", tickvals=labels, ticktext=names)
    fig.update_layout(barmode="overlay", bargap=0.2)
    size = FONT_PX[presenter_mode()]
    row = int(2.6 * size) if any("<br>" in n for n in names) else size + 14
    fig = style(fig, height=150 + 2 * size + row * len(spans))
    # After style(): bar labels keep the chart's size (never shrunk below it), legend above the axis titles.
    fig.update_layout(uniformtext={"minsize": size, "mode": "show"}, margin={"t": 110 + 3 * size, "b": 40},
                      legend={"y": 1.0, "yref": "container", "yanchor": "top"})
    return fig


def event_participants(events: pd.DataFrame, t: T) -> go.Figure:
    """Stacked bars: participants of each event by kind, with the published total at the end."""
    labels = [f"{r.event_date_text}　{r.day_label or ''}".rstrip() for r in events.itertuples()]
    fig = go.Figure()
    parts = [("participants_municipal", "municipal", PALETTE[0]), ("participants_national", "national", PALETTE[2]),
             ("participants_private", "private", PALETTE[1])]
    for column, kind, colour in parts:
        values = events[column].astype("Float64").fillna(0)
        if not (values > 0).any():
            continue
        name = t(f"panel.program_events.{kind}")
        fig.add_trace(go.Bar(name=name, orientation="h", y=labels, x=values.astype(float), marker_color=colour,
                             text=[t("panel.program_events.bar_value", count=int(v)) if v > 0 else "" for v in values],
                             textposition="inside", textfont={"color": "white" if kind == "municipal" else TEXT},
                             hovertemplate=t("panel.program_events.hover", kind=name)))
    fig.add_trace(go.Scatter(y=labels, x=events["participants_total"], mode="text", showlegend=False,
                             text=[t("panel.program_events.total", count=n) for n in events["participants_total"]],
                             textposition="middle right", hoverinfo="skip", cliponaxis=False))
    fig.update_xaxes(range=[0, int(events["participants_total"].max()) * 1.3], title=t("panel.program_events.x_title"))
    fig.update_yaxes(categoryorder="array", categoryarray=labels, autorange="reversed", title=None)
    fig.update_layout(barmode="stack")
    fig = style(fig, height=140 + 70 * len(events))
    fig.update_layout(legend={"traceorder": "normal"}, uniformtext={"minsize": FONT_PX[presenter_mode()], "mode": "hide"})
    return fig
