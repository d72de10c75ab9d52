"""Panels of the 技術 page: projects per technology, and technology by year, pair and region.

Every chart lists the technologies in one order (most used first under the current filters), taken
from `technology_counts`, so a row means the same technology all down the page and in a deck.
"""
from __future__ import annotations

from dashboard import names
from dashboard.figures import technology as figures

from .spec import LIST, Column, Context, Metric, Output, Panel

SOURCES = (LIST,)  # the list of supported projects of the snapshot shown


def _order(ctx: Context) -> list[str]:
    return figures.technology_order(names.localise(ctx.run("technology_counts", ctx.filters), ctx,
                                                   technology="technology"))


def _coverage_problem(ctx: Context) -> str | None:
    """Why there is nothing to count under these filters, or None."""
    coverage = ctx.run("technology_list_coverage", ctx.filters).iloc[0]
    matching, listed = int(coverage["matching_count"]), int(coverage["listed_count"])
    if matching == 0:
        return ctx.t("panel.empty")
    if listed == 0:
        return ctx.t("panel.tech_counts.none_listed", matching=matching)
    return None


def _counts(ctx: Context) -> Output:
    empty = _coverage_problem(ctx)
    if empty:
        return Output(empty=empty)
    coverage = ctx.run("technology_list_coverage", ctx.filters).iloc[0]
    listed, more = int(coverage["listed_count"]), int(coverage["list_ends_with_more_count"])
    unlisted, matching = int(coverage["unlisted_count"]), int(coverage["matching_count"])
    # In English the table's names are English with the published Japanese beside, like every other table (it showed
    # the Japanese under "Technology" and the English under "Technology (English)").
    counts = names.localise(ctx.run("technology_counts", ctx.filters), ctx, technology="technology")
    return Output(
        figure=figures.counts_bar(counts, ctx.t), table=counts,
        notice=ctx.t("panel.tech_counts.unlisted", matching=matching, unlisted=unlisted) if unlisted else None,
        metrics=(Metric(ctx.t("panel.tech_counts.listed_label"), ctx.t("panel.tech_counts.listed_value", count=listed)),
                 Metric(ctx.t("panel.tech_counts.more_label"),
                        ctx.t("panel.tech_counts.more_value", count=more, listed=listed))))


TECH_COUNTS = Panel(
    id="tech_counts", queries=("technology_list_coverage", "technology_counts"), sources=SOURCES, build=_counts,
    columns=(Column("technology"), Column("technology_en"), Column("project_count"),
             Column("list_ends_with_more_count"), Column("share_of_matching_pct")))


def _heatmap(query: str, draw, **localised: str):
    """A builder for a technology heatmap: the same coverage check, the query under the filters, names in the
    UI language for the figure and the table (which shows the published Japanese beside) and the page's technology
    order."""
    def build(ctx: Context) -> Output:
        empty = _coverage_problem(ctx)
        if empty:
            return Output(empty=empty)
        rows = names.localise(ctx.run(query, ctx.filters), ctx, **localised)  # the Japanese kept as <column>_ja
        return Output(figure=draw(rows, _order(ctx), ctx.t), table=rows)
    return build


_by_year = _heatmap("technology_by_year", figures.year_heatmap, technology="technology")
_pairs = _heatmap("technology_cooccurrence", figures.cooccurrence_heatmap,
                  technology_a="technology", technology_b="technology")
_by_region = _heatmap("technology_by_region", figures.region_heatmap, technology="technology", region="region")


TECH_BY_YEAR = Panel(
    id="tech_by_year", queries=("technology_counts", "technology_by_year"), sources=SOURCES, build=_by_year,
    columns=(Column("technology"), Column("fiscal_year_label"), Column("project_count")))


TECH_PAIRS = Panel(
    id="tech_pairs", queries=("technology_counts", "technology_cooccurrence"), sources=SOURCES, build=_pairs,
    columns=(Column("technology_a"), Column("technology_b"), Column("project_count", "pair_count"),
             Column("is_diagonal")))


TECH_BY_REGION = Panel(
    id="tech_by_region", queries=("technology_counts", "technology_by_region"), sources=SOURCES, build=_by_region,
    columns=(Column("region"), Column("region_project_count"), Column("region_listed_count"), Column("technology"),
             Column("project_count"), Column("share_of_region_pct")))
