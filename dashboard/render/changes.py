"""Draw a 変化 panel (dashboard/panels/changes.py): title, note, numbers, chart, prose, one source line per
snapshot, table. Like page.draw, but a panel about two snapshots cites both: each line names the snapshot
(its as-of date) and the documents and pages its numbers come from. No PNG/PPTX or slide buttons: those
targets show one snapshot.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

import pandas as pd
import streamlit as st

from dashboard import data, i18n, phone
from dashboard.chart_style import presenter_mode
from dashboard.panels.changes import SIDES, ChangeContext, ChangeOutput, ChangePanel, shown_date

from .captions import source_line
from .page import closed_table, joined
from .shown import as_arrow, cached, frozen
from .table import labelled

METRICS_PER_ROW = 3  # six headline figures in two rows: a row of six cut the values at 1366 px


def source_lines(out, ctx: ChangeContext) -> list[str]:
    """One line per snapshot: '比較元（2018-11-16 時点）— 出典: …スライド5（データ時点 2018-11-16）'."""
    lines = []
    for side in SIDES:
        refs = getattr(out, f"{side}_sources")
        date = shown_date(ctx.earlier_as_of if side == "earlier" else ctx.later_as_of, ctx)
        cited = source_line(refs, ctx.side(side)) if refs else ctx.t("panel.changes.no_source")
        lines.append(ctx.t("panel.changes.source_side", side=ctx.t(f"page.changes.{side}"), date=date, line=cited))
    return lines


@dataclass(frozen=True)
class _Shown:
    out: ChangeOutput
    title: str
    note: str | None
    sources: tuple[str, ...]
    table: pd.DataFrame | None
    table_arrow: object = None  # the table as st.dataframe sends it, made once (render/shown.as_arrow)


def _make(panel: ChangePanel, ctx: ChangeContext) -> _Shown:
    out = panel.build(ctx)
    table = labelled(out.table, panel.columns, ctx) if panel.columns and out.table is not None else None
    arrow = as_arrow(table)
    sources = tuple(source_lines(out, ctx))
    # Kept: only what the page draws (render/shown.make), not the builder's table nor the DataFrame of the Arrow one.
    out = replace(out, figure=frozen(out.figure), table=None)
    return _Shown(out=out, title=ctx.t(panel.title_key),
                  note=ctx.t(panel.note_key) if i18n.has(panel.note_key, ctx.lang) else None,
                  sources=sources, table=table if arrow is None else None, table_arrow=arrow)


def draw(panel: ChangePanel, ctx: ChangeContext) -> None:
    # Built once per pair of snapshots, language and size (render/shown.py): the pair's dates name the folders
    # within one listing of snapshots.
    key = ("changes", panel.id, ctx.earlier_as_of, ctx.later_as_of, data.listing_key(), ctx.lang, i18n.current(),
           ctx.presenter, presenter_mode())
    view = cached(key, lambda: _make(panel, ctx))
    out = view.out
    st.subheader(view.title)
    if view.note is not None:
        st.caption(view.note)
    if out.notice:
        st.info(out.notice, icon=":material/info:")
    for start in range(0, len(out.metrics), METRICS_PER_ROW):
        row = out.metrics[start:start + METRICS_PER_ROW]
        for column, metric in zip(st.columns(METRICS_PER_ROW), row):
            column.metric(metric.label, metric.value, help=metric.help)
    if out.figure is not None:
        phone.show(out.figure, key=panel.id, filename=panel.id)  # touch-friendly on a phone
    for paragraph in joined(out.paragraphs):  # as page.draw: one element for consecutive paragraphs
        st.markdown(paragraph)
    st.caption("  \n".join(view.sources))  # one line per snapshot, one element
    if view.table is not None or view.table_arrow is not None:
        closed_table(ctx.t("panel.table_label"), panel.id, view.table, view.table_arrow)  # drawn only while open
