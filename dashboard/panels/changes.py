"""Panels of the 変化 page: what changed between two snapshots (projects added per fiscal year, projects that
ended, technologies and prefectures newly covered, council members added or removed).

Each panel asks one question of queries/changes_*.sql through `ctx.compare` (both snapshots at once). Every
row says where its numbers come from in each snapshot (`earlier_sources`, `later_sources`, as 'id:page'), and
the page prints one source line per snapshot from those, so every number is traced to both documents.
These panels are bound to a pair of snapshots and follow no sidebar filter; they are not in PANELS (decks and
exports show one snapshot).
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from dashboard import formats, names
from dashboard import project_text as text
from dashboard.figures import changes as figures
from dashboard.safe_text import plain

from .spec import Column, Context, Metric, Output, Panel

Ref = tuple[str, int]
SIDES = ("earlier", "later")


@dataclass
class ChangeContext(Context):
    """A Context for the later snapshot (`run`, names, its source lines) plus the pair: `compare(name)` asks a
    question about both snapshots, `earlier` is the earlier snapshot's own Context (its source lines)."""
    compare: Callable[..., pd.DataFrame] | None = None
    earlier: Context | None = None
    earlier_as_of: str = ""
    later_as_of: str = ""

    def side(self, which: str) -> Context:
        return self.earlier if which == "earlier" else self


@dataclass
class ChangeOutput(Output):
    """An Output with the (document, page) behind its numbers in each snapshot."""
    earlier_sources: tuple[Ref, ...] = ()
    later_sources: tuple[Ref, ...] = ()


@dataclass(frozen=True)
class ChangePanel(Panel):
    """A panel about two snapshots: its sources depend on the pair, so they come with each Output."""
    sources: tuple[Ref, ...] = ()
    queries: tuple[str, ...] = ()
    build: Callable[[ChangeContext], ChangeOutput] = field(default=lambda ctx: ChangeOutput())
    uses_filters: bool = False


# --- sources ------------------------------------------------------------------------------------------------


def parse_refs(values: Iterable) -> tuple[Ref, ...]:
    """('000', 5), … from 'id:page' strings, in document and page order, each once."""
    refs = set()
    for value in values:
        items = value if isinstance(value, (list, tuple, np.ndarray)) else [value]
        for item in items:
            if isinstance(item, str) and ":" in item:
                source_id, page = item.split(":", 1)
                refs.add((source_id, int(page)))
    return tuple(sorted(refs))


def refs_of(df: pd.DataFrame, side: str) -> tuple[Ref, ...]:
    column = f"{side}_sources"
    return parse_refs(df[column]) if column in df and len(df) else ()


def short_cite(refs: Iterable[Ref], ctx: Context) -> str:
    """'000 スライド5、001 p.3': a row's own trace in a table."""
    return ctx.t("source.list_joiner").join(
        ctx.t("panel.changes.short_cite", source_id=source_id,
              unit=ctx.t("source.unit_slide") if source_id == "000" else ctx.t("source.unit_page"), page=page)
        for source_id, page in refs)


def with_applicants(df: pd.DataFrame, ctx: ChangeContext) -> pd.DataFrame:
    """`df` with lang=en: applicants in their areas' official English names (from the later snapshot, else the
    earlier), the published Japanese kept as applicant_ja (the table shows it beside). Unchanged in Japanese."""
    if ctx.lang != "en" or df.empty:
        return df
    ids = df["project_id"]
    mapping = {**(names.applicants(ctx.earlier, ids) if ctx.earlier is not None else {}), **names.applicants(ctx, ids)}
    return df.assign(applicant_ja=df["applicant"],
                     applicant=[mapping.get(i) or v for i, v in zip(df["project_id"], df["applicant"])])


def with_cites(df: pd.DataFrame, ctx: Context) -> pd.DataFrame:
    """`df` with `earlier_source_text` and `later_source_text` (each row's documents and pages, per snapshot)."""
    return df.assign(**{f"{side}_source_text": [short_cite(parse_refs([v]), ctx) for v in df[f"{side}_sources"]]
                        for side in SIDES})


def _output(ctx: ChangeContext, df: pd.DataFrame, **kwargs) -> ChangeOutput:
    return ChangeOutput(earlier_sources=refs_of(df, "earlier"), later_sources=refs_of(df, "later"), **kwargs)


SOURCE_COLUMNS = (Column("earlier_source_text", "changes.earlier_source"),
                  Column("later_source_text", "changes.later_source"))


# --- words ----------------------------------------------------------------------------------------------------


def _number(value) -> str | None:
    return None if value is None or pd.isna(value) else str(int(value))


def change_value(ctx: Context, earlier, later) -> str:
    """'14 → 53（+39）'; a side without data reads 「データなし」, and then no difference is computed."""
    e, l = _number(earlier), _number(later)
    missing = ctx.t("panel.changes.no_data")
    if e is None or l is None:
        return ctx.t("panel.changes.value_only", earlier=e or missing, later=l or missing)
    return ctx.t("panel.changes.value", earlier=e, later=l, change=f"{int(later) - int(earlier):+d}")


def _joined(ctx: Context, items: Iterable[str]) -> str:
    return ctx.t("panel.changes.item_joiner").join(items)


def shown_date(as_of: str, ctx: Context) -> str:
    """An as-of date in the UI language: '2018-11-16' / '16 Nov 2018'."""
    return formats.date(dt.date.fromisoformat(as_of), ctx.lang) if as_of else as_of


def _dates(ctx: ChangeContext) -> dict[str, str]:
    return {"earlier": shown_date(ctx.earlier_as_of, ctx), "later": shown_date(ctx.later_as_of, ctx)}


# --- 1. headline figures --------------------------------------------------------------------------------------

MEASURES = ("selected", "supported", "ended", "prefectures", "technologies", "council_members")


def _summary(ctx: ChangeContext) -> ChangeOutput:
    summary = ctx.compare("changes_summary")
    metrics = tuple(Metric(ctx.t(f"panel.changes_summary.{r.measure}"),
                           change_value(ctx, r.earlier_value, r.later_value),
                           help=ctx.t(f"panel.changes_summary.{r.measure}_help"))
                    for r in summary.itertuples())
    table = with_cites(summary.assign(measure_text=[ctx.t(f"panel.changes_summary.{m}") for m in summary["measure"]]),
                       ctx)
    return _output(ctx, summary, metrics=metrics, table=table,
                   paragraphs=(ctx.t("panel.changes_summary.read", **_dates(ctx)),))


CHANGES_SUMMARY = ChangePanel(
    id="changes_summary", queries=("changes_summary",), build=_summary,
    columns=(Column("measure_text", "changes.measure"), Column("earlier_value", "changes.earlier_value"),
             Column("later_value", "changes.later_value"), Column("value_change", "changes.value_change"),
             *SOURCE_COLUMNS))


# --- 2. projects added per fiscal year ----------------------------------------------------------------------


def _year_line(ctx: Context, r) -> str:
    line = ctx.t("panel.changes_selections.year_line", year=plain(formats.fy(int(r.fiscal_year), ctx.lang)),
                 value=change_value(ctx, r.earlier_count, r.later_count))
    if r.named_added_count:
        line += ctx.t("panel.changes_selections.named_added", count=int(r.named_added_count))
    if r.named_removed_count:
        line += ctx.t("panel.changes_selections.named_removed", count=int(r.named_removed_count))
    return "- " + line


def _selections(ctx: ChangeContext) -> ChangeOutput:
    by_year = ctx.compare("changes_selections_by_year")
    if by_year.empty:
        return ChangeOutput(paragraphs=(ctx.t("panel.changes_selections.none"),))
    changed = by_year[(by_year["added_count"] != 0) | (by_year["named_added_count"] > 0)
                      | (by_year["named_removed_count"] > 0)]
    total = int(by_year["added_count"].sum())
    paragraphs = [ctx.t("panel.changes_selections.total", count=total, years=len(changed), **_dates(ctx))]
    if len(changed):
        paragraphs.append("\n".join(_year_line(ctx, r) for r in changed.itertuples()))
    basis = {b for side in SIDES for b in by_year[f"{side}_count_basis"]}
    if "named" in basis:
        paragraphs.append(ctx.t("panel.changes_selections.basis_named_note"))
    table = with_cites(by_year.assign(**{f"{side}_basis_text": [ctx.t(f"panel.changes_selections.basis_{b}")
                                                                for b in by_year[f"{side}_count_basis"]]
                                         for side in SIDES}), ctx)
    return _output(ctx, by_year, figure=figures.selections_compared(by_year, ctx.t, **_dates(ctx)),
                   paragraphs=tuple(paragraphs), table=table,
                   alt=ctx.t("panel.changes_selections.alt", **_dates(ctx)))


CHANGES_SELECTIONS = ChangePanel(
    id="changes_selections", queries=("changes_selections_by_year",), build=_selections,
    columns=(Column("fiscal_year_label"), Column("fiscal_year"), Column("earlier_count", "changes.earlier_count"),
             Column("earlier_basis_text", "changes.earlier_basis"), Column("later_count", "changes.later_count"),
             Column("later_basis_text", "changes.later_basis"), Column("added_count", "changes.added_count"),
             Column("named_added_count", "changes.named_added_count"),
             Column("named_removed_count", "changes.named_removed_count"), *SOURCE_COLUMNS))


# --- 3. projects named for the first time --------------------------------------------------------------------


def _added(ctx: ChangeContext) -> ChangeOutput:
    added = ctx.compare("changes_projects_added")
    if added.empty:
        return ChangeOutput(paragraphs=(ctx.t("panel.changes_projects_added.none", **_dates(ctx)),))
    t = ctx.t
    tech_names = names.technologies(ctx)  # in the UI language
    localised = [None if not text.is_present(x) else [tech_names.get(v, v) for v in x] for x in added["technologies"]]
    table = with_cites(with_applicants(added, ctx).assign(
        technologies_text=[text.technologies_text(x, m, t) for x, m in zip(localised, added["technologies_more"])],
        status_text=[text.status_text(s, t) for s in added["status"]]), ctx)
    lines = "\n".join("- " + t("panel.changes_projects_added.line", year=plain(formats.fy_label(r.selected_fy_label,
                                                                                               ctx.lang)),
                               applicant=plain(r.applicant), technologies=plain(r.technologies_text),
                               status=r.status_text)
                      for r in table.itertuples())
    return _output(ctx, added, table=table, paragraphs=(
        t("panel.changes_projects_added.count", count=len(added), **_dates(ctx)), lines))


CHANGES_PROJECTS_ADDED = ChangePanel(
    id="changes_projects_added", queries=("changes_projects_added",), build=_added,
    columns=(Column("project_id"), Column("selected_fy_label", "fiscal_year_label"), Column("applicant"),
             Column("technologies_text", "technologies"), Column("status_text", "status"), *SOURCE_COLUMNS))


# --- 4. projects that ended ------------------------------------------------------------------------------------


def _ended(ctx: ChangeContext) -> ChangeOutput:
    ended = ctx.compare("changes_projects_ended")
    summary = ctx.compare("changes_summary").set_index("measure")
    t = ctx.t
    shown = names.localise(with_applicants(ended, ctx), ctx, title="h30_selections.title")
    table = with_cites(shown.assign(later_status_text=[t(f"panel.changes_projects_ended.status_{s}")
                                                       for s in ended["later_status"]]), ctx)
    if ended.empty:
        paragraphs = [t("panel.changes_projects_ended.none", **_dates(ctx))]
    else:
        paragraphs = [t("panel.changes_projects_ended.count", count=len(ended), **_dates(ctx)),
                      "\n".join("- " + t("panel.changes_projects_ended.line",
                                         year=plain(formats.fy_label(r.selected_fy_label, ctx.lang)),
                                         applicant=plain(r.applicant), status=r.later_status_text)
                                for r in table.itertuples())]
    refs_later = refs_of(ended, "later")
    ended_row = summary.loc["ended"] if "ended" in summary.index else None
    if ended_row is not None and not pd.isna(ended_row["later_value"]):
        # Ended projects no list names are counted in the published total only: say how many are not listed.
        named = int((ended["later_status"] == "ended").sum())
        earlier_total = ended_row["earlier_value"]
        new_total = int(ended_row["later_value"]) - (0 if pd.isna(earlier_total) else int(earlier_total))
        if new_total > named:
            paragraphs.append(t("panel.changes_projects_ended.unnamed", count=new_total - named,
                                total=int(ended_row["later_value"]), **_dates(ctx)))
        refs_later = tuple(sorted(set(refs_later) | set(parse_refs(ended_row["later_sources"]))))
    return ChangeOutput(earlier_sources=refs_of(ended, "earlier"), later_sources=refs_later,
                        paragraphs=tuple(paragraphs), table=table if len(ended) else None)


CHANGES_PROJECTS_ENDED = ChangePanel(
    id="changes_projects_ended", queries=("changes_projects_ended", "changes_summary"), build=_ended,
    columns=(Column("project_id"), Column("selected_fy_label", "fiscal_year_label"), Column("applicant"),
             Column("title", "project_title"), Column("later_status_text", "changes.later_status"),
             Column("status_basis"), *SOURCE_COLUMNS))


# --- 5. technologies ------------------------------------------------------------------------------------------


def _technologies(ctx: ChangeContext) -> ChangeOutput:
    techs = ctx.compare("changes_technologies")
    t = ctx.t
    if techs.empty:
        return ChangeOutput(paragraphs=(t("panel.changes_technologies.none", **_dates(ctx)),))
    shown = names.localise(techs, ctx, technology="technology")
    comparable = not (techs["change"] == "not_comparable").any()
    if not comparable:
        missing = "earlier" if int(techs["earlier_known_count"].iloc[0]) == 0 else "later"
        paragraphs = [t("panel.changes_technologies.not_comparable", date=_dates(ctx)[missing]),
                      t("panel.changes_technologies.listed", count=len(techs),
                        date=_dates(ctx)["later" if missing == "earlier" else "earlier"])]
    else:
        new = shown[techs["change"] == "new"]
        dropped = shown[techs["change"] == "dropped"]
        paragraphs = [t("panel.changes_technologies.new", count=len(new),
                        items=plain(_joined(ctx, new["technology"])) if len(new) else t("panel.changes.nothing"),
                        **_dates(ctx)),
                      t("panel.changes_technologies.dropped", count=len(dropped),
                        items=plain(_joined(ctx, dropped["technology"])) if len(dropped) else t("panel.changes.nothing"),
                        **_dates(ctx))]
    table = with_cites(shown.assign(change_text=[t(f"panel.changes.change_{c}") for c in techs["change"]]), ctx)
    return _output(ctx, techs, paragraphs=tuple(paragraphs), table=table)


CHANGES_TECHNOLOGIES = ChangePanel(
    id="changes_technologies", queries=("changes_technologies",), build=_technologies,
    columns=(Column("technology"), Column("earlier_project_count", "changes.earlier_project_count"),
             Column("later_project_count", "changes.later_project_count"), Column("change_text", "changes.change"),
             *SOURCE_COLUMNS))


# --- 6. prefectures -------------------------------------------------------------------------------------------


def _prefectures(ctx: ChangeContext) -> ChangeOutput:
    prefs = ctx.compare("changes_prefectures")
    t = ctx.t
    if prefs.empty:
        return ChangeOutput(paragraphs=(t("panel.changes_prefectures.none", **_dates(ctx)),))
    name = "pref_name_en" if ctx.lang == "en" else "pref_name"
    new, dropped = prefs[prefs["change"] == "new"], prefs[prefs["change"] == "dropped"]
    paragraphs = (
        t("panel.changes_prefectures.counts", earlier_count=int((prefs["earlier_project_count"] > 0).sum()),
          later_count=int((prefs["later_project_count"] > 0).sum()), **_dates(ctx)),
        t("panel.changes_prefectures.new", count=len(new),
          items=plain(_joined(ctx, new[name])) if len(new) else t("panel.changes.nothing"), **_dates(ctx)),
        t("panel.changes_prefectures.dropped", count=len(dropped),
          items=plain(_joined(ctx, dropped[name])) if len(dropped) else t("panel.changes.nothing"), **_dates(ctx)),
    )
    table = with_cites(names.localise(prefs, ctx, pref_name="pref", region="region").assign(
        change_text=[t(f"panel.changes.change_{c}") for c in prefs["change"]]), ctx)
    return _output(ctx, prefs, paragraphs=paragraphs, table=table)


CHANGES_PREFECTURES = ChangePanel(
    id="changes_prefectures", queries=("changes_prefectures",), build=_prefectures,
    columns=(Column("pref_code"), Column("pref_name"), Column("region"),
             Column("earlier_project_count", "changes.earlier_project_count"),
             Column("later_project_count", "changes.later_project_count"), Column("change_text", "changes.change"),
             *SOURCE_COLUMNS))


# --- 7. councils ----------------------------------------------------------------------------------------------


def _member_name(ctx: ChangeContext, column: str, value: str) -> str:
    """A council, role or member in the UI language (our translation, from either snapshot)."""
    for side in (ctx, ctx.earlier):
        if side is not None and names.translations(side, "council_members", column).get(value):
            return names.translated(side, "council_members", column, value)
    return value


def _councils(ctx: ChangeContext) -> ChangeOutput:
    members = ctx.compare("changes_council_members")
    t = ctx.t
    if members.empty:
        return ChangeOutput(paragraphs=(t("panel.changes_councils.none", **_dates(ctx)),))
    lines = []
    for council, rows in members.groupby("council_order", sort=True):
        first = rows.iloc[0]
        earlier_count = int((rows["change"] != "added").sum())
        later_count = int((rows["change"] != "removed").sum())
        line = t("panel.changes_councils.council_line", council=plain(_member_name(ctx, "council", first["council"])),
                 value=change_value(ctx, earlier_count if earlier_count else None,
                                    later_count if later_count else None))
        for change in ("added", "removed"):
            changed = rows[rows["change"] == change]
            if len(changed):
                line += t(f"panel.changes_councils.{change}", count=len(changed), items=plain(_joined(
                    ctx, (t("panel.changes_councils.member", role=_member_name(ctx, "role", r.role),
                            member=_member_name(ctx, "member", r.member)) for r in changed.itertuples()))))
        if not (rows["change"] != "kept").any():
            line += t("panel.changes_councils.unchanged")
        lines.append("- " + line)
    added, removed = int((members["change"] == "added").sum()), int((members["change"] == "removed").sum())
    paragraphs = (t("panel.changes_councils.total", added=added, removed=removed, **_dates(ctx)), "\n".join(lines))
    table = with_cites(members.assign(
        council_text=[_member_name(ctx, "council", v) for v in members["council"]],
        role_text=[_member_name(ctx, "role", v) for v in members["role"]],
        member_text=[_member_name(ctx, "member", v) for v in members["member"]],
        change_text=[t(f"panel.changes.change_{c}") for c in members["change"]]), ctx)
    return _output(ctx, members, paragraphs=paragraphs, table=table)


CHANGES_COUNCILS = ChangePanel(
    id="changes_councils", queries=("changes_council_members",), build=_councils,
    columns=(Column("council_text", "council"), Column("role_text", "role"), Column("member_text", "member"),
             Column("change_text", "changes.change"), *SOURCE_COLUMNS))

CHANGE_PANELS = (CHANGES_SUMMARY, CHANGES_SELECTIONS, CHANGES_PROJECTS_ADDED, CHANGES_PROJECTS_ENDED,
                 CHANGES_TECHNOLOGIES, CHANGES_PREFECTURES, CHANGES_COUNCILS)
