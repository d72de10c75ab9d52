"""Panels of the 調査 page: the survey of the selected municipalities (001 p.4).

Only aggregates were published, so no panel follows the sidebar filters. The survey has two charts of
two kinds, told apart by the data: one gives shares only (no counts), the other counts with printed
shares. Each chart panel puts next to its numbers how its shares relate to the stated N: the shares of
both charts are reproduced by a base of 36, not by their N, and the page says so where the numbers are.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from dashboard import names
from dashboard.figures import survey as figures
from dashboard.safe_text import plain

from .spec import Column, Context, Metric, Output, Panel

SOURCES = (("001", 4),)


@dataclass
class Survey:
    name: str
    rows: pd.DataFrame  # its values, in the source's order, with pairing_text
    base: pd.Series  # its row of survey_implied_base
    share_only: bool  # no counts were published, only shares

    @property
    def n(self) -> int:
        return int(self.base["base_n"])

    lang: str = "ja"

    @property
    def unit(self) -> str:
        return names.listed("unit", str(self.base["base_unit"]), self.lang)

    @property
    def implied(self) -> int | None:
        value = self.base["implied_base_n"]
        return None if pd.isna(value) else int(value)


def _surveys(ctx: Context) -> list[Survey]:
    responses = ctx.run("survey_responses")
    bases = ctx.run("survey_implied_base").set_index("survey")
    out = []
    for name in dict.fromkeys(responses["survey"]):
        rows = responses[responses["survey"] == name].reset_index(drop=True)
        rows = rows.assign(pairing_text=rows["pairing"].map(lambda p: figures.pairing_text(p, ctx.t)))
        # In English the items read in our translation (the table keeps the published Japanese beside them).
        items = names.translations(ctx, "survey_responses", "item")
        rows = rows.assign(item_label_ja=rows["item_label"],
                           item_label=rows["item_label"].map(lambda v: items.get(v, v) if isinstance(v, str) else v))
        if ctx.lang != "ja":  # an unreadable item is named by us, not the document: no original to show
            rows = rows.assign(item_label=rows["item_label"].where(~rows["is_item_unknown"].astype(bool),
                                                                   ctx.t("panel.survey.series_unlabelled")))
        out.append(Survey(names.translated(ctx, "survey_responses", "survey", name), rows, bases.loc[name],
                          bool(rows["respondents_count"].isna().all()), ctx.lang))
    return out


def _first(ctx: Context, *, share_only: bool) -> Survey | None:
    return next((s for s in _surveys(ctx) if s.share_only == share_only), None)


def _findings(ctx: Context) -> Output:
    findings = ctx.run("program_facts", topic="survey_finding")
    if findings.empty:
        return Output(empty=ctx.t("panel.survey.no_data"))
    facts = list(findings["fact_text"])
    paragraphs = [names.block(ctx, lambda pick: "\n".join(
        ctx.t("panel.survey_findings.line", text=plain(pick("program_facts", "fact_text", text))) for text in facts))]
    # Items the text calls problems but the share-only chart does not list (as in the source).
    first = _first(ctx, share_only=True)
    if first is not None:
        listed = set(first.rows["item_label_ja"])
        named = [i for text in findings["fact_text"] for i in figures.quoted_items(text)]
        missing = list(dict.fromkeys(i for i in named if i not in listed))
        if missing:
            paragraphs.append(ctx.t("panel.survey_findings.missing_items",
                                    items=ctx.t("panel.survey.quoted_joiner").join(
                                        ctx.t("panel.survey.quoted", text=plain(_quoted_item(ctx, i, facts)))
                                        for i in missing),
                                    survey=plain(first.name)))
    return Output(paragraphs=tuple(paragraphs))


def _quoted_item(ctx: Context, item: str, facts: list[str]) -> str:
    """An item the findings quote, in the UI language: in English the chart's item in our translation, else the
    same quotation of our translation of the finding (paired by its place among the quotations), else the
    published item labelled "Japanese only"."""
    if ctx.lang == "ja" or names.english(ctx, "survey_responses", "item", item) is not None:
        return names.inline(ctx, "survey_responses", "item", item)
    for fact in facts:
        quoted = figures.quoted_items(fact)
        english = names.english(ctx, "program_facts", "fact_text", fact)
        if item in quoted and english is not None:
            rendered = re.findall(r"“([^”]+)”", english)
            if len(rendered) == len(quoted):
                return ctx.t("names.with.original", en=rendered[quoted.index(item)], ja=item)
    return names.shown(ctx, "survey_responses", "item", item)


SURVEY_FINDINGS = Panel(id="survey_findings", queries=("program_facts", "survey_responses", "survey_implied_base"),
                        sources=SOURCES, build=_findings, uses_filters=False)


def _pairing_note(ctx: Context, rows: pd.DataFrame) -> str | None:
    """How the values were paired with their items (hatched bars, 〔推定〕), or None when all are stated."""
    inferred, unknown, total = int(rows["is_pairing_inferred"].sum()), int(rows["is_item_unknown"].sum()), len(rows)
    parts = []
    if inferred:
        which = (ctx.t("panel.survey.pairing_note_all", total=total) if inferred == total
                 else ctx.t("panel.survey.pairing_note_some", total=total, inferred=inferred))
        parts.append(ctx.t("panel.survey.pairing_note_inferred", which=which))
    if unknown:
        parts.append(ctx.t("panel.survey.pairing_note_unknown", count=unknown))
    return "".join(parts) or None


def _no_fit(ctx: Context, s: Survey) -> str:
    return ctx.t("panel.survey.no_fit", survey=plain(s.name))


def _issue_notice(ctx: Context, s: Survey) -> str:
    """Why the shares of the share-only chart do not come from its N (computed from the data)."""
    if s.implied is None:
        return _no_fit(ctx, s)
    text = ctx.t("panel.survey_issues.base_explained", survey=plain(s.name), implied=s.implied, n=s.n,
                 unit=plain(s.unit), agreement=ctx.t("panel.survey.agrees" if s.implied == s.n else
                                                     "panel.survey.disagrees"))
    miss = next(((int(p), figures.unreachable_at(int(p), s.n)) for p in s.rows["share_pct_published"]
                 if figures.unreachable_at(int(p), s.n)), None)
    if miss:
        pct, ((k1, p1), (k2, p2)) = miss
        text += ctx.t("panel.survey_issues.unreachable", n=s.n, unit=plain(s.unit), pct=pct, lower_count=k1,
                      lower_pct=p1, upper_count=k2, upper_pct=p2)
    return text


def _issues(ctx: Context) -> Output:
    s = _first(ctx, share_only=True)
    if s is None:
        return Output(empty=ctx.t("panel.survey.no_survey"))
    implied = (ctx.t("panel.survey_issues.base_value", count=s.implied, unit=s.unit) if s.implied is not None
               else ctx.t("panel.survey.no_base"))
    note = _pairing_note(ctx, s.rows)
    return Output(
        notice=_issue_notice(ctx, s),
        metrics=(Metric(ctx.t("panel.survey.n_label"), ctx.t("panel.survey.n_value", n=s.n, unit=s.unit),
                        ctx.t("panel.survey.n_help")),
                 Metric(ctx.t("panel.survey.sum_label"), ctx.t("panel.survey_issues.sum_value")),
                 Metric(ctx.t("panel.survey.base_label"), implied,
                        ctx.t("panel.survey_issues.base_help", n=s.n, unit=plain(s.unit)))),
        figure=figures.issue_shares(s.rows, ctx.t), paragraphs=(note,) if note else (),
        table=names.localise(s.rows, ctx, base_unit="unit"))


SURVEY_ISSUES = Panel(
    id="survey_issues", queries=("survey_responses", "survey_implied_base"), sources=SOURCES, build=_issues,
    uses_filters=False,
    columns=(Column("value_order"), Column("item_label", "item"), Column("share_pct_published"), Column("base_n"),
             Column("base_unit"), Column("pairing_text", "pairing")))


def _bottleneck_notice(ctx: Context, s: Survey) -> str:
    """Which base the printed shares use: the counts divided by the implied base, not by N (computed)."""
    if s.implied is None:
        return _no_fit(ctx, s)
    top = s.rows.iloc[0]
    second = s.rows.iloc[1] if len(s.rows) > 1 else top
    count, pct, count_b = int(top["respondents_count"]), int(top["share_pct_published"]), int(second["respondents_count"])
    return ctx.t("panel.survey_bottlenecks.base_explained", survey=plain(s.name), implied=s.implied,
                 count=count, count_pct=figures.rounded_pct(count, s.implied), count_b=count_b,
                 count_b_pct=figures.rounded_pct(count_b, s.implied), sum=int(s.base["count_sum"]), n=s.n,
                 unit=plain(s.unit), n_pct=figures.rounded_pct(count, s.n), pct=pct, item=plain(top["item_label"]))


def _bottlenecks(ctx: Context) -> Output:
    s = _first(ctx, share_only=False)
    if s is None:
        return Output(empty=ctx.t("panel.survey.no_survey"))
    if s.implied is not None:
        top = s.rows.iloc[0]
        count = int(top["respondents_count"])
        implied = ctx.t("panel.survey_bottlenecks.base_value", count=s.implied)
        base_help = ctx.t("panel.survey_bottlenecks.base_help", implied=s.implied, count=count,
                          pct=int(top["share_pct_published"]), n=s.n, unit=plain(s.unit))
    else:
        implied, base_help = ctx.t("panel.survey.no_base"), None
    note = _pairing_note(ctx, s.rows)
    return Output(
        notice=_bottleneck_notice(ctx, s),
        metrics=(Metric(ctx.t("panel.survey.n_label"), ctx.t("panel.survey.n_value", n=s.n, unit=s.unit),
                        ctx.t("panel.survey.n_help")),
                 Metric(ctx.t("panel.survey.sum_label"),
                        ctx.t("panel.survey_bottlenecks.sum_value", count=int(s.base["count_sum"]))),
                 Metric(ctx.t("panel.survey.base_label"), implied, base_help)),
        figure=figures.bottleneck_counts(s.rows, ctx.t), paragraphs=(note,) if note else (),
        table=names.localise(s.rows, ctx, base_unit="unit"))


SURVEY_BOTTLENECKS = Panel(
    id="survey_bottlenecks", queries=("survey_responses", "survey_implied_base"), sources=SOURCES,
    build=_bottlenecks, uses_filters=False,
    columns=(Column("value_order"), Column("item_label", "item"), Column("respondents_count"), Column("share_pct_published"),
             Column("count_share_of_base_n_pct"), Column("pairing_text", "pairing")))


def _implied_base(ctx: Context) -> Output:
    surveys = _surveys(ctx)
    lines = []
    for s in surveys:
        if s.implied is None:
            lines.append("- " + _no_fit(ctx, s))
            continue
        unit = s.unit if s.share_only else ctx.t("panel.survey.count_unit")
        lines.append(ctx.t("panel.survey_implied_base.line", survey=plain(s.name), implied=s.implied,
                           implied_unit=plain(unit), n=s.n, unit=plain(s.unit),
                           agreement=ctx.t("panel.survey.agrees" if s.implied == s.n else "panel.survey.disagrees")))
    return Output(paragraphs=("\n".join(lines),) if lines else (), table=names.localise(ctx.run("survey_implied_base"), ctx, survey="survey_responses.survey", base_unit="unit"))


SURVEY_IMPLIED_BASE = Panel(
    id="survey_implied_base", queries=("survey_responses", "survey_implied_base"), sources=SOURCES,
    build=_implied_base, uses_filters=False,
    columns=(Column("survey"), Column("survey_order"), Column("base_n"), Column("base_unit"), Column("value_count"),
             Column("counted_value_count"), Column("count_sum"), Column("implied_base_n")))

SURVEY_PANELS = (SURVEY_FINDINGS, SURVEY_ISSUES, SURVEY_BOTTLENECKS, SURVEY_IMPLIED_BASE)
