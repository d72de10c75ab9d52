"""Charts of the 技術 page.

Every chart lists the technologies in the same order (`order`: most used first under the current
filters, as the page's bar chart), so a row means the same technology all down the page.
Heatmaps print their numbers in the cells (projector-legible) on a single-hue sequential scale.
"""
from __future__ import annotations

import re
from collections.abc import Callable

import pandas as pd
import plotly.graph_objects as go

from dashboard import formats
from dashboard.chart_style import FONT_PX, PALETTE, SEQUENTIAL, presenter_mode, style, text_units, validated_from_here

MORE_COLOUR = "#56B4E9"  # Okabe–Ito sky blue: the part of a bar whose lists end with 「等」
DARK_TEXT = "#1a1a1a"
ZERO_TEXT = "#595959"  # 7:1 on white; a lighter grey is unreadable on a projector


def _labels(values: pd.Series) -> list[str]:
    """Bar-segment labels: the count, or nothing for an empty segment."""
    return [str(int(v)) if v > 0 else "" for v in values]


def technology_order(counts: pd.DataFrame) -> list[str]:
    """Technologies most used first (ties in display order), as queries/technology_counts.sql sorts them."""
    return counts.sort_values(["project_count", "display_order"], ascending=[False, True])["technology"].tolist()


def counts_bar(counts: pd.DataFrame, t: Callable[..., str]) -> go.Figure:
    """Horizontal stacked bars: projects per technology, split by whether their list ends with 「等」."""
    df = counts.set_index("technology").loc[technology_order(counts)]
    more = df["list_ends_with_more_count"]
    plain = df["project_count"] - more
    fig = go.Figure([
        go.Bar(name=t("panel.tech_counts.plain_series"), y=df.index, x=plain, orientation="h",
               marker_color=PALETTE[0], text=_labels(plain), textposition="inside",
               insidetextanchor="middle", hovertemplate=t("panel.tech_counts.plain_hover") + "<extra></extra>"),
        go.Bar(name=t("panel.tech_counts.more_series"), y=df.index, x=more, orientation="h",
               marker_color=MORE_COLOUR, text=_labels(more), textposition="inside",
               insidetextanchor="middle", textfont={"color": DARK_TEXT},
               hovertemplate=t("panel.tech_counts.more_hover") + "<extra></extra>"),
    ])
    totals = [t("panel.tech_counts.bar_total", count=int(n))
              + (t("panel.tech_counts.bar_share", pct=formats.number(p, digits=1)) if pd.notna(p) else "")
              for n, p in zip(df["project_count"], df["share_of_matching_pct"])]
    fig.add_trace(go.Scatter(y=df.index, x=df["project_count"], mode="text", text=totals,
                             textposition="middle right", showlegend=False, hoverinfo="skip",
                             textfont={"size": 15}, cliponaxis=False))
    top = max(int(df["project_count"].max()), 1)
    # Bars 85% of their row: a count inside needs its 15 px line (about 22 px in Noto Sans CJK) and plotly's 3 px
    # padding above and below; at 75% the English chart's rows (its legend and axis take more room) left 25.7 px of
    # bar and plotly hid every count at 1920x1080 (scale(0)), while the Japanese chart showed them.
    fig.update_layout(barmode="stack", xaxis_title=t("panel.tech_counts.x_title"), bargap=0.15)
    fig.update_xaxes(range=[0, top / (1 - label_room(totals))], dtick=5 if top > 10 else 1)
    fig.update_yaxes(autorange="reversed", title=None)
    fig = style(fig, height=max(300, 40 * len(df) + 90))
    # A count that does not fit its segment at the chart's size is hidden (the total is at the bar's end).
    fig.update_layout(uniformtext={"minsize": FONT_PX[presenter_mode()], "mode": "hide"})
    # On a slide the key goes into the plot's empty bottom right, its names on two lines (the least used
    # technologies' bars are short): above the plot it took 47 px of a 404 px chart at 1366x768, and the eleven
    # rows were 24.5 px apart for 20 px names. On one line the key (laid out for 26 px text) reached over the
    # totals of the last rows at 1024x768. Only where the last five bars are short: else it stays above.
    x_top = top / (1 - label_room(totals))
    if presenter_mode() == "slide" and len(df) >= 8 and df["project_count"].iloc[-5:].max() <= 0.15 * x_top:
        for trace in fig.data[:2]:
            trace.name = _two_lines(trace.name)
        fig.update_layout(legend={"orientation": "v", "x": 1, "xanchor": "right", "y": 0, "yanchor": "bottom",
                                  "bgcolor": "rgba(255,255,255,0.9)"}, margin={"t": 10})
    return fig


# Characters a Japanese line may not start with (kinsoku: closing bracket and parenthesis, comma, full stop,
# middle dot, long vowel mark), by code point: they are not UI words.
_NO_LINE_START = set(map(chr, (0x300D, 0xFF09, 0x3001, 0x3002, 0x30FB, 0x30FC)))


def _two_lines(text: str) -> str:
    """`text` on two lines near its middle: at a space, else (Japanese) between two characters where a line may
    start ('技術の一覧が「等」で<br>終わらない事業')."""
    middle = len(text) / 2
    spaces = [i for i, c in enumerate(text) if c == " "]
    if spaces:
        i = min(spaces, key=lambda i: abs(i - middle))
        return text[:i] + "<br>" + text[i + 1:]
    breaks = [i for i in range(1, len(text)) if text[i] not in _NO_LINE_START and text[i - 1] != "「"]
    i = min(breaks, key=lambda i: abs(i - middle)) if breaks else len(text)
    return text[:i] + "<br>" + text[i:] if 0 < i < len(text) else text


# The narrowest plot the bar charts get (the main column at 1024 px, less the technology names).
NARROW_PLOT_PX = 400


def label_room(labels: list[str], size: int = 15) -> float:
    """The share of a narrow plot's width the longest end-of-bar label needs (a full-width character counts two)."""
    longest = max((text_units(s) for s in labels), default=0)
    return min((longest * 0.55 * size + 12) / NARROW_PLOT_PX, 0.6)


def _heatmap(z: pd.DataFrame, *, hover: str, height: int, x_title: str | None = None,
             y_title: str | None = None, tickangle: int = 0, top_margin: int = 70) -> go.Figure:
    """A count matrix (rows top to bottom as in `z`) with each count printed in its cell."""
    values = z.to_numpy()
    top = max(int(values.max()) if values.size else 0, 1)
    scale = [[i / (len(SEQUENTIAL) - 1), c] for i, c in enumerate(SEQUENTIAL)]
    x, y = [str(c) for c in z.columns], [str(r) for r in z.index]
    heat = go.Heatmap(z=values, x=x, y=y, zmin=0, zmax=top, colorscale=scale, showscale=False, xgap=2, ygap=2,
                      hovertemplate=hover + "<extra></extra>", _validate=False)
    # The cell numbers as one text-only scatter trace, not one annotation per cell: plotly.js lays out, measures
    # and draws each annotation on its own, and the page's 55 + 121 + 88 cells took 510 ms of Plotly.newPlot in
    # Chromium against 200 ms this way. Same positions (cell centres), same colours per cell; the heatmap keeps
    # the hover (the numbers are skipped).
    xs, ys, texts, colours = [], [], [], []
    for i, row in enumerate(y):
        for j, col in enumerate(x):
            v = int(values[i, j])
            xs.append(col)
            ys.append(row)
            texts.append(str(v))
            colours.append(ZERO_TEXT if v == 0 else ("white" if v / top > 0.6 else DARK_TEXT))
    numbers = go.Scatter(x=xs, y=ys, mode="text", text=texts, textfont={"size": 15, "color": colours},
                         hoverinfo="skip", showlegend=False, _validate=False)
    # The heatmap's own ranges, fixed: autoranged, the text trace padded them and the cells came out narrower.
    axes = {"xaxis": {"side": "top", "tickangle": tickangle, "showgrid": False, "type": "category",
                      "range": [-0.5, len(x) - 0.5], **({"title": {"text": x_title}} if x_title is not None else {})},
            "yaxis": {"range": [len(y) - 0.5, -0.5], "showgrid": False, "type": "category",
                      **({"title": {"text": y_title}} if y_title is not None else {})}}
    # Made without plotly's validation, which checked each cell's text, colour and position one by one (a colour
    # is a regular expression's work): half of a heatmap's build with new filters. tests/test_figure_json.py
    # checks that plotly, validating the figure's dict, gives the same JSON.
    fig = validated_from_here(go.Figure(data=[heat, numbers], layout=axes, _validate=False))
    fig = style(fig, height=height, legend=False)
    fig.update_layout(margin={"t": top_margin})
    return fig


def year_heatmap(by_year: pd.DataFrame, order: list[str], t: Callable[..., str]) -> go.Figure:
    """Technology × selection year: how many of the matching projects selected that year use it."""
    df = by_year.assign(year=by_year["fiscal_year"].map(formats.fy))
    years = [formats.fy(y) for y in sorted(df["fiscal_year"].unique())]
    z = df.pivot(index="technology", columns="year", values="project_count").reindex(index=order, columns=years)
    fig = _heatmap(z.fillna(0), hover=t("panel.tech_by_year.hover"), height=60 + 38 * len(order),
                   x_title=t("panel.tech_by_year.x_title"))
    # The years on two lines ('H30<br>(2018)'), level: on one line they ran into each other at 1024 px
    # ('H30 (2018)R1 (2019)'). English years ('FY2018') have no space and stay on one line.
    return fig.update_xaxes(tickmode="array", tickvals=years, ticktext=[_two_lines(y) if " " in y else y for y in years])


def cooccurrence_heatmap(pairs: pd.DataFrame, order: list[str], t: Callable[..., str]) -> go.Figure:
    """Technology × technology: projects using both; the diagonal is the projects using that technology."""
    z = pairs.pivot(index="technology_a", columns="technology_b", values="project_count").reindex(
        index=order, columns=order)
    return _heatmap(z.fillna(0), hover=t("panel.tech_pairs.hover"), height=220 + 40 * len(order),
                    tickangle=-45, top_margin=200)


def region_label(region: str, project_count: int, listed_count: int, t: Callable[..., str]) -> str:
    """Column heading: the region and its matching projects (and how many have a published list, if not all)."""
    if listed_count == project_count:
        return t("panel.tech_by_region.column", region=region, count=project_count)
    return t("panel.tech_by_region.column_partly_listed", region=region, count=project_count, listed=listed_count)


def _one_line(label: str) -> str:
    """'Kinki<br>(4 projects)' -> 'Kinki (4 projects)'; no space is put beside a full-width character."""
    return re.sub(r"<br>", lambda m: "" if _fullwidth_near(label, m) else " ", label)


def _fullwidth_near(label: str, m: re.Match) -> bool:
    near = label[m.start() - 1:m.start()] + label[m.end():m.end() + 1]
    return any(ord(c) > 0x2E7F for c in near)


def region_heatmap(by_region: pd.DataFrame, order: list[str], t: Callable[..., str]) -> go.Figure:
    """Technology × region (地方, JIS order): matching projects with an area in the region using it."""
    regions = by_region.drop_duplicates("region").sort_values("region_order")
    labels = {r.region: region_label(r.region, int(r.region_project_count), int(r.region_listed_count), t)
              for r in regions.itertuples()}
    df = by_region.assign(region_label=by_region["region"].map(labels))
    z = df.pivot(index="technology", columns="region_label", values="project_count").reindex(
        index=order, columns=[labels[r] for r in regions["region"]])
    # On a slide the headings are level, on two lines (the region, its count): the slide's full width has room for
    # them, and angled they took a band of 227 px above the cells at 1366x768 (296 px in English) and pushed the
    # cells into a narrower, shorter box.
    level = presenter_mode() == "slide"
    fig = _heatmap(z.fillna(0), hover=t("panel.tech_by_region.hover"), height=110 + 38 * len(order),
                   tickangle=0 if level else -45, top_margin=90)
    # Headings on one line, angled: wrapped ones still overlapped at 1024 px (nine regions side by side).
    fig.update_xaxes(tickmode="array", tickvals=list(z.columns),
                     ticktext=[_level(str(c)) if level else _one_line(str(c)) for c in z.columns])
    return fig


def _level(label: str) -> str:
    """A slide's heading: a long region name on two lines after its hyphen ('Kyushu-Okinawa' ran into 'Shikoku'
    at 1024x768)."""
    region, br, rest = label.partition("<br>")
    if len(region) > 12 and "-" in region:
        region = region.replace("-", "-<br>", 1)
    return region + br + rest
