"""Draw panels on a Streamlit page: title, note, numbers, chart, source line, table — always in that order.

Pages are ordered lists of panels plus their prose; this is the only place that turns a panel
declaration into Streamlit calls, so every chart on every page carries its source and its data.
"""
from __future__ import annotations

import streamlit as st

from dashboard import data, formats, i18n, names
from dashboard.chart_style import presenter_mode, show
from dashboard.filters import Filters
from dashboard.panels.spec import Context, Panel
from dashboard.period import facts
from dashboard.safe_text import plain

from . import deck_builder
from . import export_buttons
from .table import labelled

_FY_FACTS = ("first_fy", "last_fy", "supported_fy", "ended_fy")


def context(filters: Filters) -> Context:
    """The context of this run: the sidebar's filters, cached queries, the period facts of the snapshot
    (fiscal years in the UI language: 'R4' / 'FY2022') and the language chosen in the sidebar."""
    lang = i18n.current()
    period = {k: formats.fy_label(v, lang) if k in _FY_FACTS else v for k, v in facts(data.run).items()}
    return Context(filters=filters, run=data.run, period=period, lang=lang, presenter=presenter_mode())


def source_line(refs: tuple[tuple[str, int], ...], ctx: Context) -> str:
    """'出典: 発行者「資料」p.2、p.3（データ時点 2023-02-21）': each document with its own as-of date."""
    sources = ctx.run("source_list").set_index("source_id")
    pages: dict[str, list[int]] = {}
    for source_id, page in refs:
        pages.setdefault(source_id, []).append(page)
    cited = []
    for source_id, numbers in pages.items():
        row = sources.loc[source_id]
        unit = ctx.t("source.unit_slide") if source_id == "000" else ctx.t("source.unit_page")  # 000 has no numbers
        text = ctx.t("source.list_joiner").join(
            ctx.t("source.cite", publisher=ctx.t("names.source.publisher", publisher=plain(row["publisher"])),
                  title=_source_title(source_id, plain(row["title"]), ctx), unit=unit, page=n)
            if i == 0
            else f"{unit}{n}" for i, n in enumerate(numbers))
        cited.append(text + ctx.t("source.as_of", as_of=row["as_of"].date().isoformat()))
    return ctx.t("source.prefix") + ctx.t("source.list_joiner").join(cited)


def _source_title(source_id: str, title: str, ctx: Context) -> str:
    """The document's title in the UI language: in English our rendering with the published title beside it."""
    key = f"names.source.title_{source_id}"
    return ctx.t(key, title=title) if i18n.has(key, ctx.lang) else title


def draw(panel: Panel, ctx: Context) -> bool:
    """Draw `panel`; False when it had nothing to show (its message is shown instead), so a page whose
    panels all depend on the same projects can stop after the first empty one instead of repeating it."""
    out = panel.build(ctx)
    if out.empty:
        st.warning(out.empty, icon=":material/warning:")
        return False
    st.subheader(ctx.t(panel.title_key))
    if i18n.has(panel.note_key, ctx.lang):
        st.caption(ctx.t(panel.note_key))
    if out.notice:  # built from catalogue templates; data values in it are escaped by the builder
        st.info(out.notice, icon=":material/info:")
    if not panel.uses_filters and not ctx.filters.is_default:
        st.caption(ctx.t("panel.filters_ignored", conditions=plain(filter_summary(ctx))))
    if out.metrics:
        for column, metric in zip(st.columns(len(out.metrics)), out.metrics):
            column.metric(metric.label, metric.value, help=metric.help)
    if out.figure is not None and out.select_points:
        # One click selects a point; the selection is in st.session_state[panel.id].selection for the page.
        st.plotly_chart(out.figure, key=panel.id, width="stretch", theme=None, on_select="rerun",
                        selection_mode=("points",), config={
                            "displaylogo": False, "modeBarButtonsToRemove": ["lasso2d", "select2d"],
                            "toImageButtonOptions": {"format": "png", "filename": panel.id, "scale": 2}})
    elif out.figure is not None:
        show(out.figure, key=panel.id, filename=panel.id)
    if out.deck is not None:
        # The selection is in st.session_state[panel.id].selection for the page to act on (e.g. list projects).
        st.pydeck_chart(out.deck, on_select="rerun", selection_mode="single-object", key=panel.id,
                        height=out.deck_height, alt=out.alt)
    for paragraph in out.paragraphs:
        st.markdown(paragraph)
    st.caption(source_line(panel.sources, ctx))
    export_buttons.panel(panel, ctx)  # made on click only
    deck_builder.add_button(panel, ctx)  # 「スライドに追加」: this panel with these filters
    if panel.columns and out.table is not None:
        with st.expander(ctx.t("panel.table_label")):
            st.dataframe(labelled(out.table, panel.columns, ctx), hide_index=True, width="stretch",
                         key=f"{panel.id}_table")
    return True


def filter_summary(ctx: Context) -> str:
    """The filters in words, as plain text (escape it with safe_text.plain before it goes into markdown)."""
    f = ctx.filters
    joiner = ctx.t("filters.joiner")
    parts = [ctx.t({("supported",): "status.supported", ("ended",): "status.ended_named"}.get(f.statuses, "status.all"))]
    if f.techs:
        techs = names.technologies(ctx)
        parts.append(ctx.t("filters.summary_tech", values=joiner.join(techs.get(t, t) for t in f.techs)))
    if f.fys:
        parts.append(ctx.t("filters.summary_fy", values=joiner.join(formats.fy(y, ctx.lang) for y in f.fys)))
    if f.regions:
        parts.append(ctx.t("filters.summary_region", values=joiner.join(names.region(r, ctx.lang) for r in f.regions)))
    if f.prefs:
        column = "pref_name_en" if ctx.lang == "en" else "pref_name"
        prefs = ctx.run("prefecture_options").set_index("pref_code")[column]
        parts.append(ctx.t("filters.summary_pref", values=joiner.join(prefs[p] for p in f.prefs)))
    return ctx.t("filters.separator").join(parts)


def header(title: str, ctx: Context, *, filtered: bool = True, lead: str | None = None) -> None:
    """Page title; on pages whose figures follow the filters, the match count and the filters in words;
    elsewhere a note that the page's numbers are published aggregates."""
    st.title(title)
    if filtered:
        row = ctx.run("project_match_count", ctx.filters).iloc[0]
        # Stacked, not side by side: beside the filters the projector-sized count ran into them at 1024 px.
        st.metric(ctx.t("header.match_label"), ctx.t("header.match_value", matched=int(row["matched_count"]),
                                                    total=int(row["total_count"])))
        st.markdown(f"**{ctx.t('header.conditions')}**　{plain(filter_summary(ctx))}")
        if lead:
            st.caption(lead)
    else:
        st.caption(ctx.t("header.not_filtered") + (" " + lead if lead else ""))
