"""データ: the tables behind the dashboard, each downloadable as CSV (Excel), .xlsx and Parquet.

Tables are declared in dashboard/data_tables.py. The screen, the CSV and the Excel file show the same
table (glossary labels, values in words); Parquet keeps the data contract's names and types. Every
download holds the rows on screen; files are built only when a button is clicked (deferred data).
"""
from dataclasses import replace
from functools import partial

import streamlit as st

from dashboard import data, data_tables, downloads, layout
from dashboard.render import page
from dashboard.render.shown import as_arrow, cached, context_key, kept_by_matching
from dashboard.filters import Filters
from dashboard.render.table import labelled
from dashboard.safe_text import plain

# Widget keys of the lazy containers (tests open them through st.session_state).
TAB_KEY, TAB_INDEX_KEY, SPEC_KEY, CONTRACT_KEY = "data_tab", "data_tab_index", "data_spec_", "data_contract"

ctx = page.context(st.session_state["filters"])
t = ctx.t
page.header(t("page.data.title"), ctx, lead=t("page.data.lead"))
st.caption(t("page.data.formats"))
as_of = data.as_of()
# A table that ignores the filters is the same under every filter set: keyed without them, made once.
whole_key = context_key(replace(ctx, filters=Filters()))
scopes = {True: t("page.data.scope_filtered", conditions=page.filter_summary(ctx)), False: t("page.data.scope_all")}


def _frames(table: data_tables.DataTable, ctx):
    raw = data.run(table.query, ctx.filters if table.filtered else None, **table.params)
    left_out = data_tables.left_out(table, len(raw), data.run, ctx.filters)
    shown = labelled(table.localised(raw, ctx), table.columns, ctx)
    return raw, shown, left_out, as_arrow(shown)  # Arrow made once: st.dataframe converts a DataFrame every run


def offer(table: data_tables.DataTable) -> None:
    """A table, its row count and what it covers, then one download button per format."""
    # The table and its screen labels, made once per table and context (render/shown.py), a filtered one per set of
    # matching projects; shared: read only.
    if table.filtered:
        raw, shown, left_out, arrow = kept_by_matching(ctx, ("data_page", table.stem), partial(_frames, table))
    else:
        raw, shown, left_out, arrow = cached(("data_page", table.stem, *whole_key), lambda: _frames(table, ctx)) \
            if whole_key else _frames(table, ctx)
    # The files' table, made on click only: names in the UI language like the screen (Parquet keeps `raw`).
    def files():
        return labelled(table.localised(raw, ctx), table.columns, ctx, screen=False)
    title, scope = t(table.title_key), scopes[table.filtered]
    st.markdown(f"**{title}**")
    parts = [t("page.data.rows", rows=len(raw)), scope] + ([data_tables.lists_note(table, ctx)] if table.lists else [])
    st.caption(plain(t("filters.separator").join(parts)))
    if raw.empty:  # no row for these filters, or none in this データ時点's documents at all
        unfiltered = not table.filtered or ctx.filters.is_default
        st.info(t("page.data.empty_for_date", as_of=as_of) if unfiltered else t("page.data.empty"), icon=":material/info:")
    # Integers: i18n.t gives counts the language's separators (Babel).
    capped = t("page.data.capped", shown=len(raw), total=len(raw) + left_out, left=left_out) if left_out else ""
    if capped:  # a very large filtered table: the first ROW_LIMIT rows, on screen and in every file
        st.warning(capped, icon=":material/filter_alt:")
    st.dataframe(shown if arrow is None else arrow, hide_index=True, width="stretch", key=f"data_{table.stem}_df")
    about = [(t("page.data.about_table"), title), (t("page.data.about_rows"), str(len(raw))),
             (t("page.data.about_scope"), scope), (t("page.data.about_as_of"), as_of),
             (t("page.data.about_maker"), t("page.data.maker"))]
    if capped:
        about.append((t("page.data.about_left_out"), capped))
    stem = f"{table.stem}_filtered" if table.filtered and not ctx.filters.is_default else table.stem
    buttons = [("button_csv", "csv", lambda: downloads.csv_bytes(files())),
               ("button_xlsx", "xlsx", lambda: downloads.xlsx_bytes(files(), sheet=table.stem, about=about)),
               ("button_parquet", "parquet", partial(downloads.parquet_bytes, raw))]
    for column, (label, extension, build) in zip(st.columns(len(buttons)), buttons):
        column.download_button(t(f"page.data.{label}"), data=build, file_name=downloads.file_name(stem, as_of, extension),
                               mime=downloads.MIME[extension], key=f"data_{table.stem}_{extension}", on_click="ignore",
                               icon=":material/download:", width="stretch", disabled=raw.empty)


# Only the open tab's tables are drawn (tabs that rerun on a switch): every element costs the server CPU on each
# run, and the four hidden tabs were 10 of the 12 tables (bench --only cpu: /data 59 ms a warm run, 179 messages).
labels = [t(key) for key, _ in data_tables.TABS]
if st.session_state.get(TAB_KEY) not in labels and TAB_INDEX_KEY in st.session_state:
    st.session_state[TAB_KEY] = labels[st.session_state[TAB_INDEX_KEY]]  # the language changed: same tab, new label
for index, (tab, (_, tables)) in enumerate(zip(st.tabs(labels, key=TAB_KEY, on_change="rerun"), data_tables.TABS)):
    if not tab.open:
        continue
    st.session_state[TAB_INDEX_KEY] = index
    with tab:
        if data_tables.SOURCES in tables:
            layout.source_documents()
        for table in tables:
            offer(table)

st.subheader(t("page.data.spec_heading"))
st.caption(t("page.data.spec_lead", as_of=as_of))
# The specs, like the tabs, are written only into an opened expander.
for table in data_tables.TABLES:
    with st.expander(t(table.title_key), key=f"{SPEC_KEY}{table.stem}", on_change="rerun") as spec:
        if spec.open:
            st.markdown(data_tables.description(table, ctx))
contract = layout.data_contract_markdown()
if contract is not None:
    with st.expander(t("page.data.contract_label"), key=CONTRACT_KEY, on_change="rerun") as spec:
        if spec.open:
            st.markdown(contract)
else:
    st.info(t("page.data.contract_missing"), icon=":material/info:")
