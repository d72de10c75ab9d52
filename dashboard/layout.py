"""Pieces every page shares: header with the match count, source lines, data-as-table.

The words come from the catalogue (locales/*.toml); the header and the filters in words are those of the
panel renderer (dashboard/render/page.py), so pages not yet made of panels show the same header.
"""
from __future__ import annotations

import pandas as pd
import streamlit as st

from . import data, i18n, names
from .filters import Filters
from .render import page
from .render.shown import cached, context_key
from .safe_text import plain
from .snapshot import ROOT

DATA_CONTRACT = ROOT / "data" / "README.md"


def match_count_text(filters: Filters) -> str:
    """'27 / 45 事業': projects matching the filters, out of those with the same status."""
    row = data.run("project_match_count", filters).iloc[0]
    return i18n.t("header.match_value", matched=int(row["matched_count"]), total=int(row["total_count"]))


def filter_summary(filters: Filters) -> str:
    """The filters as plain text (also written into downloads); pass it through safe_text.plain for markdown."""
    return page.filter_summary(page.context(filters))


def header(title: str, filters: Filters, lead: str | None = None) -> None:
    page.header(title, page.context(filters), lead=lead)


def source(*refs: tuple[str, str | int]) -> None:
    """Caption naming each (source_id, page) and the snapshot date."""
    sources = data.run("source_list").set_index("source_id")
    cited = []
    for source_id, number in refs:
        row = sources.loc[source_id]
        unit = i18n.t("source.unit_slide") if source_id == "000" else i18n.t("source.unit_page")
        cited.append(i18n.t("source.cite", publisher=plain(row["publisher"]), title=plain(row["title"]), unit=unit,
                            page=plain(number)))
    st.caption(i18n.t("source.prefix") + i18n.t("source.list_joiner").join(cited)
               + i18n.t("layout.source_as_of", as_of=data.as_of()))


def source_documents() -> None:
    """The source documents as a list: title, publisher, date, and the basis of each as-of date (in English in our
    translation, the Japanese original one click away)."""
    ctx = page.context(Filters())

    def document(pick, row) -> str:
        published = (row.published_on.date().isoformat() if pd.notna(row.published_on)
                     else i18n.t("page.home.undated"))
        return "- " + i18n.t("page.home.source_document", source_id=plain(row.source_id),
                             title=plain(pick("sources", "title", row.title)),
                             publisher=plain(pick("sources", "publisher", row.publisher)), published=published,
                             as_of=row.as_of.date().isoformat(), basis=plain(pick("sources", "as_of_basis", row.as_of_basis)))
    def blocks() -> tuple[str, ...]:
        return tuple(names.block(ctx, lambda pick, row=row: document(pick, row))
                     for row in data.run("source_list").itertuples())

    # Made once per snapshot and language (render/shown.py): the English renderings cost a query per name.
    key = context_key(ctx)
    for block in (cached(("source_documents", *key), blocks) if key else blocks()):
        page.prose(block, ctx)


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


def table(df: pd.DataFrame, *, key: str, label: str | None = None, column_config: dict | None = None) -> None:
    """The data behind a chart in a closed expander (label: catalogue panel.table_label unless given)."""
    with st.expander(label or i18n.t("panel.table_label")):
        st.dataframe(df, hide_index=True, width="stretch", key=key, column_config=column_config)
