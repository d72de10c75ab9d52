"""Pieces every page shares: header with the match count, source lines, data-as-table."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from pipeline import fiscal_year

from . import data
from .filters import Filters
from .safe_text import plain
from .snapshot import ROOT

DATA_CONTRACT = ROOT / "data" / "README.md"

STATUS_TEXT = {("supported",): "支援中", ("ended",): "支援終了（名称公表分）", (): "支援中＋支援終了"}


def match_count_text(filters: Filters) -> str:
    """'27 / 45 事業': projects matching the filters, out of those with the same status."""
    row = data.run("project_match_count", filters).iloc[0]
    return f"{int(row['matched_count'])} / {int(row['total_count'])} 事業"


def filter_summary(filters: Filters) -> str:
    """The filters as plain text (also written into downloads); pass it through safe_text.plain for markdown."""
    parts = [STATUS_TEXT[filters.statuses]]
    if filters.techs:
        parts.append("技術: " + "・".join(filters.techs))
    if filters.fys:
        parts.append("年度: " + "・".join(fiscal_year.display(y) for y in filters.fys))
    if filters.regions:
        parts.append("地方: " + "・".join(filters.regions))
    if filters.prefs:
        names = data.run("prefecture_options").set_index("pref_code")["pref_name"]
        parts.append("都道府県: " + "・".join(names[p] for p in filters.prefs))
    return "　｜　".join(parts)


def header(title: str, filters: Filters, lead: str | None = None) -> None:
    st.title(title)
    left, right = st.columns([1, 3], vertical_alignment="center")
    left.metric("条件に合う事業", match_count_text(filters))
    right.markdown(f"**条件**　{plain(filter_summary(filters))}")
    if lead:
        right.caption(lead)


def source(*refs: tuple[str, str | int]) -> None:
    """Caption naming each (source_id, page) and the snapshot date."""
    sources = data.run("source_list").set_index("source_id")
    cited = []
    for source_id, page in refs:
        row = sources.loc[source_id]
        unit = "スライド" if source_id == "000" else "p."
        cited.append(f"{plain(row['publisher'])}「{plain(row['title'])}」{unit}{plain(page)}")
    st.caption("出典: " + "、".join(cited) + f"　／　データ時点: {data.as_of()}")


def source_documents() -> None:
    """The source documents as a list: title, publisher, date, and the basis of each as-of date."""
    for row in data.run("source_list").itertuples():
        published = row.published_on.date().isoformat() if pd.notna(row.published_on) else "日付の記載なし"
        st.markdown(f"- **{plain(row.source_id)}**　{plain(row.title)}（{plain(row.publisher)}、発行日: {published}）"
                    f"　データ時点: **{row.as_of.date().isoformat()}**（根拠: {plain(row.as_of_basis)}）")


def _demoted(markdown: str, levels: int = 2) -> str:
    """Headings pushed down `levels` steps (outside code fences), so a README's '# Title' fits inside a page."""
    out, fenced = [], False
    for line in markdown.splitlines():
        if line.startswith("```"):
            fenced = not fenced
        elif not fenced and line.startswith("#"):
            hashes = len(line) - len(line.lstrip("#"))
            line = "#" * min(6, hashes + levels) + line[hashes:]
        out.append(line)
    return "\n".join(out)


@st.cache_data(show_spinner=False, ttl=60)
def data_contract_markdown() -> str | None:
    """data/README.md ready to show inside a page, read at most once a minute; None when it is missing."""
    try:
        return _demoted(DATA_CONTRACT.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None


def table(df: pd.DataFrame, *, key: str, label: str = "データを表で見る", column_config: dict | None = None) -> None:
    with st.expander(label):
        st.dataframe(df, hide_index=True, width="stretch", key=key, column_config=column_config)
