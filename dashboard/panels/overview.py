"""Panels of the 概要 page: the published key numbers and the selections per year."""
from __future__ import annotations

from dashboard.figures import overview as figures
from dashboard.period import nothing_ended

from .spec import COUNTS, LIST, TOTALS, Column, Context, Metric, Output, Panel


def _key_figures(ctx: Context) -> Output:
    covered = ctx.run("prefectures_covered", ctx.filters).iloc[0]
    p = ctx.period
    return Output(metrics=(
        Metric(ctx.t("panel.key_figures.selected_label"),
               ctx.t("panel.key_figures.projects_value", count=p["selected_total"])),
        Metric(ctx.t("panel.key_figures.supported_label"),
               ctx.t("panel.key_figures.projects_value", count=p["supported_total"])),
        # Where nothing has ended yet, no 「支援終了（H29年度末まで）」: the figure says so in words.
        Metric(ctx.t("panel.key_figures.ended_label_none_ended"), ctx.t("panel.key_figures.projects_value", count=0),
               ctx.t("panel.none_ended_help")) if nothing_ended(p) else
        Metric(ctx.t("panel.key_figures.ended_label"),
               ctx.t("panel.key_figures.projects_value", count=p["ended_total"])),
        Metric(ctx.t("panel.key_figures.prefs_label"),
               ctx.t("panel.key_figures.prefs_value", count=int(covered["pref_count"])),
               ctx.t("panel.key_figures.prefs_help")),
    ))


KEY_FIGURES = Panel(id="key_figures", queries=("program_totals", "prefectures_covered"),
                    sources=(TOTALS,), build=_key_figures)


def _selections_by_year(ctx: Context) -> Output:
    # Published counts per year: the filters do not apply (a filtered count is the header's match count).
    by_year = ctx.run("selections_by_year")
    return Output(figure=figures.selections_by_year(by_year, ctx.t), table=by_year)


SELECTIONS_BY_YEAR = Panel(
    id="selections_by_year", queries=("selections_by_year",), sources=(COUNTS, LIST, ("000", 5)),
    build=_selections_by_year, uses_filters=False,
    columns=(Column("fiscal_year_label"), Column("selected_count", basis="count_basis"), Column("cumulative_selected_count"),
             Column("supported_count"), Column("ended_count"), Column("ended_named_count"),
             Column("ended_unnamed_count")))
