"""Charts and small helpers of the 調査 page (the survey of 001 p.4).

Each value of the survey was paired with its item either as stated in the source, by inference from the
chart's layout, or not at all (the item label was lost in the extraction). Inferred pairings are drawn
hatched and lighter with 〔推定〕 in the label; a value without an item is drawn as 「項目名不明」.
"""
from __future__ import annotations

import re

import pandas as pd
import plotly.graph_objects as go

from dashboard.chart_style import INFERRED_COLOUR, PALETTE, style

INFERRED_MARK = "〔推定〕"
PAIRING_TEXT = {
    "stated": "資料に明記",
    "inferred": "推定（図の配置から対応づけ）",
    "unlabelled": "項目名不明（値のみ判読）",
}
_PAIRING_STYLE = {  # trace name, colour, hatch, opacity
    "stated": ("項目との対応: 資料に明記", PALETTE[0], "", 1.0),
    "inferred": ("項目との対応: 推定（斜線・薄い色）", INFERRED_COLOUR, "/", 0.7),
    "unlabelled": ("項目名不明", "#999999", ".", 0.75),
}


def item_axis_label(row) -> str:
    """The item as shown on the axis: 〔推定〕 marks an inferred pairing."""
    return row.item_label + (INFERRED_MARK if row.pairing == "inferred" else "")


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


def _bars(rows: pd.DataFrame, *, x: str, text: pd.Series, hover: str) -> go.Figure:
    labels = [item_axis_label(r) for r in rows.itertuples()]
    fig = go.Figure()
    for pairing, (name, colour, hatch, opacity) in _PAIRING_STYLE.items():
        part = rows["pairing"] == pairing
        if not part.any():
            continue
        fig.add_trace(go.Bar(
            name=name, orientation="h", x=rows.loc[part, x], y=[l for l, p in zip(labels, part) if p],
            text=text[part], textposition="outside", cliponaxis=False, opacity=opacity,
            marker={"color": colour, "line": {"color": colour, "width": 1.5},
                    "pattern": {"shape": hatch, "fillmode": "overlay", "fgcolor": "white", "size": 7,
                                "solidity": 0.35}},
            customdata=rows.loc[part, ["pairing_text"]].to_numpy() if "pairing_text" in rows else None,
            hovertemplate=hover,
        ))
    fig.update_yaxes(categoryorder="array", categoryarray=labels, autorange="reversed", title=None)
    fig.update_layout(barmode="overlay", bargap=0.3)
    return fig


def issue_shares(rows: pd.DataFrame) -> go.Figure:
    """「項目別の課題発生と対応状況」: the published 課題あり share per item (no counts exist)."""
    rows = rows.assign(pairing_text=rows["pairing"].map(PAIRING_TEXT))
    text = rows["share_pct_published"].map(lambda v: f"{v}%")
    fig = _bars(rows, x="share_pct_published", text=text,
                hover="%{y}<br>課題あり: %{x}%<br>項目との対応: %{customdata[0]}<extra></extra>")
    fig.update_xaxes(range=[0, 100], title=f"「課題あり」の割合（%、N={rows['base_n'].iloc[0]}{rows['base_unit'].iloc[0]}）",
                     ticksuffix="%")
    return style(fig, height=70 + 44 * len(rows))


def bottleneck_counts(rows: pd.DataFrame) -> go.Figure:
    """「進捗上のボトルネックとなる課題」: counts, each labelled with the published percentage."""
    rows = rows.assign(pairing_text=rows["pairing"].map(PAIRING_TEXT))
    text = pd.Series([f"{c}件（{p}%）" for c, p in zip(rows["respondents_count"], rows["share_pct_published"])],
                     index=rows.index)
    fig = _bars(rows, x="respondents_count", text=text,
                hover="%{y}<br>件数: %{x}<br>項目との対応: %{customdata[0]}<extra></extra>")
    top = int(rows["respondents_count"].max() or 1)
    fig.update_xaxes(range=[0, top * 1.3], dtick=5,
                     title=f"件数（N={rows['base_n'].iloc[0]}{rows['base_unit'].iloc[0]}）")
    return style(fig, height=70 + 40 * len(rows))
