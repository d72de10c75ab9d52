"""Draw panels on a Streamlit page: title, note, numbers, chart, source line, table — always in that order.

Pages are ordered lists of panels plus their prose; this is the only place that turns a panel
declaration into Streamlit calls, so every chart on every page carries its source and its data.
"""
from __future__ import annotations

import re

import streamlit as st

from dashboard import data, i18n, phone
from dashboard.chart_style import presenter_mode
from dashboard.filters import Filters
from dashboard.navigation import running
from dashboard.panels.spec import Context, Panel
from dashboard.period import facts, in_language
from dashboard.safe_text import plain

from .captions import filter_summary, source_line  # noqa: F401  (pages and slides call them through this module)
from . import export_buttons
from .shown import cached, filters_in_words, shown

_LIST_ITEM = re.compile(r"\s*(?:[-*+]|\d+[.)])\s")


def context(filters: Filters, as_of: str | None = None) -> Context:
    """The context of this run: the sidebar's filters, cached queries, the period facts of the snapshot
    (fiscal years in the UI language: 'R4' / 'FY2022') and the language chosen in the sidebar.

    `as_of` (a slide's データ時点) reads that snapshot instead of the session's; a date no usable snapshot has
    reads the latest (the slide says so)."""
    lang = i18n.current()
    run = data.run_at(as_of) or data.run_at(data.latest_as_of()) if as_of else data.run
    return Context(filters=filters, run=run, period=in_language(period_facts(run), lang), lang=lang,
                   presenter=presenter_mode())


def period_facts(run) -> dict[str, object]:
    """The period facts of the snapshot `run` reads, made once per process per snapshot (page context and sidebar
    share them; read only: in_language copies)."""
    snapshot = data.snapshot_of(run)
    return cached(("period", snapshot, data.listing_key()), lambda: facts(run)) if snapshot else facts(run)


def draw(panel: Panel, ctx: Context) -> bool:
    """Draw `panel`; False when it had nothing to show (its message is shown instead), so a page whose
    panels all depend on the same projects can stop after the first empty one instead of repeating it.

    A panel whose documents are none in the snapshot shown (a データ時点 before they were published) is not
    built: it says it has no data for that date."""
    view = shown(panel, ctx)  # built once per panel, snapshot, filters, language and size (render/shown.py)
    if view.message:
        st.info(view.message, icon=":material/event_busy:")
        return False
    out = view.out
    if out.empty:
        st.warning(out.empty, icon=":material/warning:")
        return False
    st.subheader(view.title)
    if view.note is not None:
        st.caption(view.note)
    if out.notice:  # built from catalogue templates; data values in it are escaped by the builder
        st.info(out.notice, icon=":material/info:")
    if view.ignored is not None:
        st.caption(view.ignored)
    if out.metrics:
        for column, metric in zip(st.columns(len(out.metrics)), out.metrics):
            column.metric(metric.label, metric.value, help=metric.help)
    if out.figure is not None and out.select_points:
        # One click selects a point; the selection is in st.session_state[panel.id].selection for the page.
        fit = f"{panel.id}_fit"
        if out.fit_css:  # a style-only st.html takes no space on the page
            st.html(f"<style>{out.fit_css.replace('{box}', f'.st-key-{fit}')}</style>")
        with st.container(key=fit):
            st.plotly_chart(phone.map_figure(out.figure), key=panel.id, width="stretch",
                            height="stretch" if out.fit_css else "content",
                            theme=None, on_select="rerun", selection_mode=("points",), config={
                                "displaylogo": False, "modeBarButtonsToRemove": ["lasso2d", "select2d"],
                                "toImageButtonOptions": {"format": "png", "filename": panel.id, "scale": 2}})
    elif out.figure is not None:
        phone.show(out.figure, key=panel.id, filename=panel.id)  # chart_style.show; touch-friendly on a phone
    if out.deck is not None:
        # The selection is in st.session_state[panel.id].selection for the page to act on (e.g. list projects).
        st.pydeck_chart(out.deck, on_select="rerun", selection_mode="single-object", key=panel.id,
                        height=out.deck_height, alt=out.alt)
    for paragraph in joined(out.paragraphs):
        prose(paragraph, ctx)
    st.caption(view.source)
    export_buttons.panel(panel, ctx, stamp=view.stamp)  # 「スライドに追加」 and downloads, made on click only
    if view.table is not None or view.table_arrow is not None:
        closed_table(ctx.t("panel.table_label"), panel.id, view.table, view.table_arrow)
    return True


def table_key(panel_id: str) -> str:
    """The widget key of a panel's table expander (True while open; tests open it through st.session_state)."""
    return f"{panel_id}_table_open"


def closed_table(label: str, panel_id: str, table, arrow=None) -> None:
    """The table behind a panel in an expander, drawn only while it is open (an expander that reruns).

    A closed expander's table was sent on every run, and in the browser it loaded Streamlit's table code (23 files,
    1.6 MB) and drew the grid on every page with a chart, where few readers open it (issue 10 §2, measured in
    Chromium: /survey 131 -> 108 requests, main thread 968 -> 824 ms a page load). `arrow`: the Arrow table made
    when the panel was kept (st.dataframe would convert the DataFrame on every run)."""
    with st.expander(label, key=table_key(panel_id), on_change="rerun") as box:
        if box.open:
            st.dataframe(table if arrow is None else arrow, hide_index=True, width="stretch", key=f"{panel_id}_table")


def joined(paragraphs) -> list[str]:
    """Consecutive paragraphs as one markdown (blank lines between, so it reads the same): every element costs the
    server CPU on each page run (issue 10 §1; /program had 27 paragraphs, 8 elements now). A paragraph with a
    Japanese original (names.Prose) stays alone, its original under it; two lists in a row stay apart (joined,
    markdown would make them one loose list)."""
    out: list[str] = []
    group: list[str] = []
    for paragraph in paragraphs:
        if getattr(paragraph, "original", None):
            if group:
                out.append("\n\n".join(group))
                group = []
            out.append(paragraph)
            continue
        if group and _LIST_ITEM.match(group[-1].rsplit("\n", 1)[-1]) and _LIST_ITEM.match(paragraph):
            out.append("\n\n".join(group))
            group = []
        group.append(paragraph)
    if group:
        out.append("\n\n".join(group))
    return out


def prose(markdown: str, ctx: Context) -> None:
    """A paragraph; published prose in our translation (names.Prose) with its Japanese original one click away."""
    st.markdown(markdown)
    original = getattr(markdown, "original", None)
    if original:
        with st.expander(ctx.t("names.original_label"), icon=":material/translate:"):
            st.markdown(original)


def header(title: str, ctx: Context, *, lead: str | None = None, note_key: str = "header.not_filtered") -> None:
    """Page title; on pages whose figures follow the filters (page_registry's `filtered`), the match count and the
    filters in words; elsewhere a note (`note_key`; by default that the page's numbers are published aggregates)."""
    filtered = running().filtered
    st.title(title)
    if filtered:
        row = ctx.run("project_match_count", ctx.filters).iloc[0]
        # Stacked, not side by side: beside the filters the projector-sized count ran into them at 1024 px.
        st.metric(ctx.t("header.match_label"), ctx.t("header.match_value", matched=int(row["matched_count"]),
                                                    total=int(row["total_count"])))
        st.markdown(f"**{ctx.t('header.conditions')}**　{plain(filters_in_words(ctx))}")
        if lead:
            st.caption(lead)
    else:
        st.caption(ctx.t(note_key) + (" " + lead if lead else ""))
