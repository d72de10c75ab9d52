"""Panels of the 選定数 page: published totals, selections per year and what became of them, the ended
projects whose names are known, and the related programs of other ministries with their budgets.

Only `sel_status` follows the sidebar filters (a ◆ marks the matching projects per year); every other
panel shows published counts and says so on screen when filters are set.
"""
from __future__ import annotations

from dashboard import formats, names
from dashboard.figures import selections as figures
from dashboard.period import nothing_ended
from dashboard.safe_text import plain

from .spec import COUNTS, ENDED, LIST, LIST_ROWS, TOTALS, Column, Context, Metric, Output, Panel, capped_line

YEAR_COLUMNS = (Column("fiscal_year_label"), Column("fiscal_year"), Column("selected_count", basis="count_basis"),
                Column("cumulative_selected_count"))


def _totals(ctx: Context) -> Output:
    p = ctx.period
    value = "panel.sel_totals.projects_value"
    return Output(metrics=(
        Metric(ctx.t("panel.sel_totals.selected_label"), ctx.t(value, count=p["selected_total"])),
        Metric(ctx.t("panel.sel_totals.supported_label"), ctx.t(value, count=p["supported_total"])),
        Metric(ctx.t("panel.sel_totals.ended_label_none_ended"), ctx.t(value, count=0), ctx.t("panel.none_ended_help"))
        if nothing_ended(p) else Metric(ctx.t("panel.sel_totals.ended_label"), ctx.t(value, count=p["ended_total"])),
    ))


SEL_TOTALS = Panel(id="sel_totals", queries=("program_totals",), sources=(TOTALS,), build=_totals,
                   uses_filters=False)


def _cumulative(ctx: Context) -> Output:
    by_year = ctx.run("selections_by_year")  # published counts: the filters do not apply
    return Output(figure=figures.selections_with_cumulative(by_year, ctx.t), table=by_year)


SEL_CUMULATIVE = Panel(id="sel_cumulative", queries=("selections_by_year",), sources=(COUNTS, TOTALS),
                       build=_cumulative, uses_filters=False, columns=YEAR_COLUMNS)


def _ended_line(ctx: Context, r) -> str:
    """One selection year with ended projects: how many, and whether their names are known."""
    text = ctx.t("panel.sel_status.year_line", year=plain(formats.fy(int(r.fiscal_year))),
                 selected=r.selected_count, supported=r.supported_count, ended=r.ended_count)
    if r.ended_named_count:
        text += ctx.t("panel.sel_status.year_named", count=r.ended_named_count)
    if r.ended_unnamed_count:
        text += ctx.t("panel.sel_status.year_unnamed", count=r.ended_unnamed_count)
    return "- " + text


def _status(ctx: Context) -> Output:
    by_year = ctx.run("selections_by_year", ctx.filters)  # published counts plus matching_count per year
    lines = [_ended_line(ctx, r) for r in by_year[by_year["ended_count"] > 0].itertuples()]
    paragraphs = (("\n".join(lines),) if lines else ()) + (
        ctx.t("panel.sel_status.ended_total", count=int(by_year["ended_count"].sum())),)
    return Output(figure=figures.support_status_by_year(by_year, ctx.t, matching=not ctx.filters.is_default),
                  paragraphs=paragraphs, table=by_year)


SEL_STATUS = Panel(
    id="sel_status", queries=("selections_by_year",), sources=(COUNTS, TOTALS, LIST), build=_status,
    columns=YEAR_COLUMNS + (Column("supported_count"), Column("ended_count"), Column("ended_named_count"),
                            Column("ended_unnamed_count"), Column("matching_count")))


def _ended_named(ctx: Context) -> Output:
    ended = ctx.run("ended_projects", row_limit=LIST_ROWS)
    if ended.empty:
        return Output(paragraphs=(ctx.t("panel.sel_ended_named.none"),))
    # In English the applicants read in the areas' official English names, the titles in our translation.
    applicants = (names.applicants(ctx, ended["project_id"]) if ctx.lang != "ja"
                  else dict(zip(ended["project_id"], ended["applicant"])))

    def applicant(pick, r) -> str:  # the published applicant, or its areas' English names
        if pick.original:
            return r.applicant
        return applicants.get(r.project_id) or names.shown(ctx, "projects", "applicant", r.applicant)

    def lines(pick) -> str:
        return "\n".join(ctx.t("panel.sel_ended_named.line", year=plain(formats.fy_label(r.selected_fy_label, ctx.lang)),
                               applicant=plain(applicant(pick, r)), title=plain(pick("h30_selections", "title", r.title)))
                         for r in ended.itertuples())
    # The table: applicants romanised, titles in our translation, the Japanese originals in columns beside.
    table = names.localise(ended, ctx, applicant="applicant", title="h30_selections.title")
    count = ctx.t("panel.sel_ended_named.count", count=int(ended["row_count"].iloc[0]))
    capped = capped_line(ctx, ended, "panel.capped_first")  # the first LIST_ROWS by selection year (never on real data)
    count = ctx.t("panel.sentences", first=count, then=capped) if capped else count
    return Output(paragraphs=(count, names.block(ctx, lines)), table=table.drop(columns="row_count"))


SEL_ENDED_NAMED = Panel(
    id="sel_ended_named", queries=("ended_projects", "project_applicants_en"), sources=(ENDED, LIST),
    build=_ended_named, requires=("list_ref",),  # "ended" = absent from a list: none before the first list
    uses_filters=False,
    columns=(Column("selected_fy_label", "fiscal_year_label"), Column("applicant"), Column("title", "project_title")))


def _related(ctx: Context) -> Output:
    related = ctx.run("related_program_selections")
    if related.empty:
        return Output(paragraphs=(ctx.t("panel.sel_related.none"),))
    related = names.localise(related, ctx, program="programs.program", ministry="ministry")
    return Output(figure=figures.related_program_selections(related, ctx.t), table=related)


SEL_RELATED = Panel(
    id="sel_related", queries=("related_program_selections",), sources=(("001", 2),), build=_related,
    uses_filters=False,
    columns=(Column("program"), Column("ministry"), Column("fiscal_year_label"), Column("fiscal_year"),
             Column("selected_count")))


def _budgets(ctx: Context) -> Output:
    budgets = ctx.run("program_budgets")
    if budgets.empty:
        return Output(paragraphs=(ctx.t("panel.sel_budgets.none"),))
    published = budgets.set_index("program", drop=False)["program"]
    budgets = names.localise(budgets, ctx, program="programs.program", ministry="ministry")
    fys = ctx.t("panel.sel_budgets.fy_joiner").join(formats.fy_short(y, ctx.lang)
                                                   for y in budgets.drop_duplicates("fiscal_year")["fiscal_year"])
    program = {p: names.translated(ctx, "programs", "program", p) for p in published}
    published_program = budgets["program_ja"] if "program_ja" in budgets else budgets["program"]
    budgets = budgets.assign(program_published=published_program)

    def name(pick, r) -> str:  # the published program name, or its rendering "… (our translation)"
        return r.program_published if pick.original else program[r.program_published]

    # Budgets as printed (「0.3億円の内数」) in our translation, the Japanese original one click away.
    paragraphs = [names.block(ctx, lambda pick: ctx.t("panel.sel_budgets.all_heading", fys=plain(fys)) + "\n" + "\n".join(
        ctx.t("panel.sel_budgets.all_line", program=plain(name(pick, r)), ministry=plain(r.ministry),
              budget=plain(pick("programs", "budget_text", r.budget_text))) for r in budgets.itertuples()))]
    # Budgets published as words (「0.3億円の内数」「数億円」) are listed as written, never charted as 0.
    others = budgets[~budgets["is_budget_numeric"]]
    if len(others):
        def other_lines(pick) -> str:
            lines = []
            for r in others.itertuples():
                line = ctx.t("panel.sel_budgets.other_line", budget=plain(pick("programs", "budget_text", r.budget_text)),
                             program=plain(name(pick, r)))
                if r.budget_note:
                    line += ctx.t("panel.sel_budgets.other_note", note=plain(pick("programs", "budget_note", r.budget_note)))
                lines.append(line)
            return ctx.t("panel.sel_budgets.others_heading") + "\n" + "\n".join(lines)
        paragraphs.append(names.block(ctx, other_lines))
        paragraphs.append(ctx.t("panel.sel_budgets.others_explained"))
    domains = budgets.dropna(subset=["ministry_domain"]).drop_duplicates("ministry_domain")
    if len(domains):
        pairs = ctx.t("panel.sel_budgets.domain_joiner").join(
            ctx.t("panel.sel_budgets.domain_pair", domain=plain(r.ministry_domain), ministry=plain(r.ministry))
            for r in domains.itertuples())
        paragraphs.append(ctx.t("panel.sel_budgets.ministry_basis", pairs=pairs))
    numeric = budgets["budget_oku_yen"].notna().any()
    # The chart's labels read as the list above: our translation in English ("¥400 million").
    charted = budgets.assign(budget_text=[names.shown(ctx, "programs", "budget_text", v) for v in budgets["budget_text"]])
    return Output(figure=figures.numeric_budgets(charted, ctx.t) if numeric else None,
                  paragraphs=tuple(paragraphs),
                  table=names.localise(budgets, ctx, budget_text="programs.budget_text", budget_note="programs.budget_note"))


SEL_BUDGETS = Panel(
    id="sel_budgets", queries=("program_budgets",), sources=(("001", 2),), build=_budgets, uses_filters=False,
    columns=(Column("program"), Column("ministry"), Column("fiscal_year_label", "budget_fy_label"),
             Column("budget_text"), Column("budget_oku_yen"), Column("budget_note"), Column("contact_email")))

SELECTIONS_PANELS = (SEL_TOTALS, SEL_CUMULATIVE, SEL_STATUS, SEL_ENDED_NAMED, SEL_RELATED, SEL_BUDGETS)
