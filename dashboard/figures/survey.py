"""Charts and small helpers of the 調査 page (the survey of 001 p.4).

Each value of the survey was paired with its item either as stated in the source, by inference from the
chart's layout, or not at all (the item label was lost in the extraction). Inferred pairings are drawn
hatched and lighter with 〔推定〕 in the label; a value without an item is drawn as 「項目名不明」.
Builders take `t` (the panel context's catalogue lookup; the default language when omitted).
"""
from __future__ import annotations

import re
from collections.abc import Callable

import pandas as pd
import plotly.graph_objects as go

from dashboard import names
from dashboard import i18n
from dashboard.chart_style import INFERRED_COLOUR, PALETTE, TEXT, style

Words = Callable[..., str]
PAIRINGS = ("stated", "inferred", "unlabelled")
_PAIRING_STYLE = {  # colour, hatch, opacity; names from panel.survey.series_<pairing>
    "stated": (PALETTE[0], "", 1.0),
    "inferred": (INFERRED_COLOUR, "/", 0.7),
    "unlabelled": ("#999999", ".", 0.75),
}


def pairing_text(pairing: str, t: Words = i18n.t) -> str:
    """How a value was paired with its item, in words (the tables' 項目との対応 column)."""
    return t(f"panel.survey.pairing_text_{pairing}")


WRAP_AT = 10  # characters per axis-label line: long items on one line leave a 1024 px screen no room for bars


def item_axis_label(row, t: Words = i18n.t) -> str:
    """The item as shown on the axis: 〔推定〕 marks an inferred pairing."""
    return row.item_label + (t("panel.survey.inferred_mark") if row.pairing == "inferred" else "")


def _wrapped(label: str) -> str:
    """A long label on two lines of about equal length (Japanese has no spaces to break at)."""
    if len(label) <= WRAP_AT:
        return label
    half = (len(label) + 1) // 2
    if " " in label:  # English: break at the space nearest the middle, never inside a word
        cut = min((i for i, c in enumerate(label) if c == " "), key=lambda i: abs(i - half))
        return label[:cut] + "<br>" + label[cut + 1:]
    return label[:half] + "<br>" + label[half:]


def rounded_pct(count: int, base: int) -> int:
    """round(100 * count / base), half up, in integers (the rule survey_implied_base.sql applies)."""
    return (200 * count + base) // (2 * base)


def unreachable_at(pct: int, base: int) -> tuple[tuple[int, int], tuple[int, int]] | None:
    """When no whole count out of `base` rounds to `pct`: the nearest counts below and above with their
    percentages, e.g. (81, 35) -> ((28, 80), (29, 83)); None when some count does give `pct`."""
    shares = {k: rounded_pct(k, base) for k in range(base + 1)}
    if pct in shares.values():
        return None
    lower = max((k for k, s in shares.items() if s < pct), default=0)
    upper = min((k for k, s in shares.items() if s > pct), default=base)
    return (lower, shares[lower]), (upper, shares[upper])


def quoted_items(text: str) -> list[str]:
    """The 「…」-quoted names in a sentence, in order."""
    return re.findall(r"「([^」]+)」", text)


def _bars(rows: pd.DataFrame, t: Words, *, x: str, text: pd.Series, hover: str) -> go.Figure:
    labels = [item_axis_label(r, t) for r in rows.itertuples()]
    pairing_words = rows["pairing"].map(lambda p: pairing_text(p, t))
    fig = go.Figure()
    for pairing, (colour, hatch, opacity) in _PAIRING_STYLE.items():
        part = rows["pairing"] == pairing
        if not part.any():
            continue
        fig.add_trace(go.Bar(
            name=t(f"panel.survey.series_{pairing}"), orientation="h", x=rows.loc[part, x],
            y=[l for l, p in zip(labels, part) if p],
            # constraintext none: plotly would shrink a label to the bar's thickness (unreadable on a
            # projector); the opacity is the bar's only, so the label keeps the full text colour.
            text=text[part], textposition="outside", cliponaxis=False, constraintext="none",
            textfont={"color": TEXT},
            marker={"color": colour, "opacity": opacity, "line": {"color": colour, "width": 1.5},
                    "pattern": {"shape": hatch, "fillmode": "overlay", "fgcolor": "white", "size": 7,
                                "solidity": 0.35}},
            customdata=[[w] for w in pairing_words[part]],
            hovertemplate=hover,
        ))
    # The data keep the full label (hover, tests, exports); only the tick text is wrapped.
    fig.update_yaxes(categoryorder="array", categoryarray=labels, autorange="reversed", title=None,
                     tickmode="array", tickvals=labels, ticktext=[_wrapped(label) for label in labels])
    fig.update_layout(barmode="overlay", bargap=0.3)
    return fig


def _n(rows: pd.DataFrame) -> dict[str, object]:
    return {"n": int(rows["base_n"].iloc[0]), "unit": names.listed("unit", rows["base_unit"].iloc[0])}


def issue_shares(rows: pd.DataFrame, t: Words = i18n.t) -> go.Figure:
    """「項目別の課題発生と対応状況」: the published 課題あり share per item (no counts exist)."""
    text = rows["share_pct_published"].map(lambda v: t("panel.survey_issues.bar_text", pct=v))
    fig = _bars(rows, t, x="share_pct_published", text=text, hover=t("panel.survey_issues.hover"))
    fig.update_xaxes(range=[0, 100], title=t("panel.survey_issues.x_title", **_n(rows)), ticksuffix="%")
    return style(fig, height=90 + 60 * len(rows))


def bottleneck_counts(rows: pd.DataFrame, t: Words = i18n.t) -> go.Figure:
    """「進捗上のボトルネックとなる課題」: counts, each labelled with the published percentage."""
    text = pd.Series([t("panel.survey_bottlenecks.bar_text", count=c, pct=p)
                      for c, p in zip(rows["respondents_count"], rows["share_pct_published"])], index=rows.index)
    fig = _bars(rows, t, x="respondents_count", text=text, hover=t("panel.survey_bottlenecks.hover"))
    top = int(rows["respondents_count"].max() or 1)
    # Headroom for the labels (17件（47%）) beyond the longest bar, also on a narrow screen.
    fig.update_xaxes(range=[0, top * 1.5], dtick=5, title=t("panel.survey_bottlenecks.x_title", **_n(rows)))
    return style(fig, height=90 + 60 * len(rows))
