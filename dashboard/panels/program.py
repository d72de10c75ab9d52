"""Panels of the 事業 page: how the program works (councils, roles, rules, support), each matching project's
support period, the events and the 2018 background.

Only the timeline follows the sidebar filters; every other panel is the documents' description of the
program as a whole (uses_filters=False). Text panels are paragraphs of markdown: the documents' sentences
go through safe_text.plain, only the catalogue's own markup formats.
"""
from __future__ import annotations

import pandas as pd

from dashboard import names as data_names
from dashboard import formats
from dashboard.figures import program as figures
from dashboard.safe_text import plain

from .spec import CHART_ROWS, PROJECTS, TOTALS, Column, Context, Metric, Output, Panel, capped_line


def _facts(ctx: Context, topic: str) -> pd.DataFrame:
    return ctx.run("program_facts", topic=topic)


def _line(ctx: Context, text: str, bold_head: bool) -> str:
    text = figures.with_western_year(text, ctx.t)
    separator = ctx.t("panel.program_overview.head_separator")
    if bold_head and separator in text:
        head, rest = text.split(separator, 1)
        return ctx.t("panel.program_overview.bold_head", head=plain(head), rest=plain(rest))
    return plain(text)


def bullets(ctx: Context, df: pd.DataFrame, *, bold_head: bool = False) -> str:
    """The facts of one topic as one markdown list, in the documents' order (era dates with the Western year).
    In English: our translation, the Japanese original one click away (names.block)."""
    def make(pick) -> str:
        lines = []
        for text in df["fact_text"]:
            shown = pick("program_facts", "fact_text", text)
            # A head is bolded in the published text and in our translation, not inside a "Japanese only" label.
            head = bold_head and (shown == text or data_names.english(ctx, "program_facts", "fact_text", text) == shown)
            lines.append(f"- {_line(ctx, shown, head)}")
        return "\n".join(lines)
    return data_names.block(ctx, make)


def _bold(ctx: Context, key: str) -> str:
    return ctx.t("panel.program_overview.bold", text=ctx.t(key))


def _text_panel(*topics: str, headings: tuple[str | None, ...] = (), bold_head: tuple[str, ...] = ()):
    """A builder listing the facts of `topics`, each list after its heading key (None: no heading)."""
    def build(ctx: Context) -> Output:
        out: list[str] = []
        for i, topic in enumerate(topics):
            heading = headings[i] if i < len(headings) else None
            if heading:
                out.append(_bold(ctx, heading))
            out.append(bullets(ctx, _facts(ctx, topic), bold_head=topic in bold_head))
        return Output(paragraphs=tuple(out))
    return build


PROGRAM_OVERVIEW = Panel(id="program_overview", queries=("program_facts",), sources=(("001", 1),),
                         build=_text_panel("overview"), uses_filters=False)

# --- councils ---------------------------------------------------------------------------------------------


def member_text(ctx: Context, m) -> str:
    """A council member as listed: a slip kept as published says so; an optional one is shown as printed."""
    if isinstance(m.notes, str) and m.notes.startswith("kept as published"):
        return ctx.t("panel.program_councils.kept_as_published", member=m.member)
    if m.is_optional:  # as printed on 000 slide 4: 「（民間事業者） ※必要に応じて」
        if isinstance(m.qualifier_text, str):
            return ctx.t("panel.program_councils.optional_qualified", member=m.member,
                         qualifier=data_names.inline(ctx, "council_members", "qualifier_text", m.qualifier_text))
        return ctx.t("panel.program_councils.optional", member=m.member)
    return m.member


def _councils(ctx: Context) -> Output:
    # In English: our renderings, each with the published Japanese beside it (names.with_original).
    members = data_names.localise(ctx.run("council_members"), ctx, council="council_members.council",
                                  role="council_members.role", member="council_members.member")
    # The table: our renderings, the Japanese originals in the columns beside them (render.table.labelled).
    table = data_names.localise(members, ctx, qualifier_text="council_members.qualifier_text")
    if "member_ja" in members:
        members = members.assign(member=[ctx.t("names.with.original", en=en, ja=ja) if en != ja else en
                                         for en, ja in zip(members["member"], members["member_ja"])])
    # Notes printed on the slide beside a council (「※必要に応じて構成員追加」): shown under it, never counted.
    notes = ctx.run("slide_notes", subject_table="council_members")
    notes = notes[notes["subject_column"] == "council"]
    out = [bullets(ctx, _facts(ctx, "liaison_council"))]
    for council in dict.fromkeys(members["council"]):
        rows = members[members["council"] == council]
        published = rows["council_ja"].iloc[0] if "council_ja" in rows else council
        shown = ctx.t("names.with.original", en=council, ja=published) if published != council else council
        out.append(ctx.t("panel.program_overview.bold", text=plain(shown)))
        for role in dict.fromkeys(rows["role"]):
            names = [member_text(ctx, m) for m in rows[rows["role"] == role].itertuples()]
            label = (ctx.t("panel.program_councils.role_count", role=plain(role), count=len(names)) if len(names) > 1
                     else plain(role))
            out.append(f"{label}\n" + "\n".join(f"- {plain(n)}" for n in names))
        out += [plain(data_names.inline(ctx, "slide_notes", "note_text", note))
                for note in notes.loc[notes["subject_value"] == published, "note_text"]]
    return Output(paragraphs=tuple(out), table=table)


PROGRAM_COUNCILS = Panel(
    id="program_councils", queries=("program_facts", "council_members", "slide_notes"), sources=(("000", 4),),
    build=_councils, uses_filters=False,
    columns=(Column("council"), Column("role"), Column("member_order"), Column("member"), Column("qualifier_text")))

REGIONAL_COUNCIL_ROLES = Panel(id="regional_council_roles", queries=("program_facts",),
                               sources=(("000", 3), ("000", 6)), build=_text_panel("regional_council_role"),
                               uses_filters=False)

ONSITE_LEAD = Panel(
    id="onsite_lead", queries=("program_facts",), sources=(("000", 3), ("000", 6)), uses_filters=False,
    build=_text_panel("onsite_lead_selection", "onsite_lead_duty",
                      headings=("panel.onsite_lead.selection_heading", "panel.onsite_lead.duty_heading"),
                      bold_head=("onsite_lead_duty",)))

# --- support rules ----------------------------------------------------------------------------------------


def max_support_years(ctx: Context) -> tuple[int, str] | None:
    """The longest support period as published (5, '年'), or None when the rules state none."""
    rules = _facts(ctx, "support_rule")
    longest = rules["value_number"].dropna()
    if longest.empty:
        return None
    return int(longest.max()), str(rules.loc[longest.idxmax(), "value_unit"])


def as_of(ctx: Context) -> str:
    """The latest document's as-of date (the snapshot's), e.g. '2023-02-21'."""
    return ctx.run("source_list")["as_of"].max().date().isoformat()


def _support_rules(ctx: Context) -> Output:
    rules = _facts(ctx, "support_rule")
    longest = max_support_years(ctx)
    metrics = ()
    paragraphs = [bullets(ctx, rules)]
    if longest:
        years, unit = longest
        metrics = (Metric(ctx.t("panel.support_rules.max_label"),
                          ctx.t("panel.support_rules.max_value", count=years, unit=data_names.listed("unit", unit, ctx.lang))),)
        # 「今年度」 in the deck is the fiscal year of its date; projects selected max-1 years earlier end then.
        fy = figures.fiscal_year_of(as_of(ctx))
        paragraphs.append(ctx.t("panel.support_rules.this_year", as_of=as_of(ctx), fy=formats.fy(fy),
                                fy_label=formats.fy_short(fy), reach_label=formats.fy_short(fy - years + 1),
                                end_year=fy + 1, years=years))
    return Output(metrics=metrics, paragraphs=tuple(paragraphs))


SUPPORT_RULES = Panel(id="support_rules", queries=("program_facts", "source_list"), sources=(("001", 1), ("001", 8)),
                      build=_support_rules, uses_filters=False)

HANDS_ON_SUPPORT = Panel(id="hands_on_support", queries=("program_facts",), sources=(("001", 5),),
                         build=_text_panel("hands_on_support"), uses_filters=False)

# --- support period per project (the one panel that follows the filters) ----------------------------------


def _timeline(ctx: Context) -> Output:
    spans = ctx.run("support_timeline", ctx.filters, row_limit=CHART_ROWS)
    if ctx.lang == "en" and not spans.empty:  # applicants in their areas' official English names (Japanese kept)
        spans = data_names.localise(spans, ctx, applicant="applicant")
        spans = spans.assign(project_label=spans["project_id"] + " " + spans["applicant"])
    if spans.empty:
        # A notice, not `empty`: the title stays so the reader sees which part of the page the filters emptied.
        return Output(notice=ctx.t("panel.program_timeline.none"))
    years = (max_support_years(ctx) or (None, None))[0]
    if years is None:  # a データ時点 whose documents state no maximum support period (000)
        return Output(empty=ctx.t("panel.program_timeline.no_rule", as_of=ctx.period.get("as_of", "")))
    first = spans.iloc[0]  # the counts of every matching project (only the first CHART_ROWS are drawn)
    supported, ended = int(first["supported_count"]), int(first["ended_count"])
    notice = ctx.t("panel.program_timeline.shown", count=int(first["row_count"]), supported_word=ctx.t("status.supported"),
                   ended_word=ctx.t("status.ended"), supported=supported, ended=ended, max_years=years)
    if ended:
        by_year = ctx.run("selections_by_year")
        ended_line = ctx.t("panel.program_timeline.ended_shown", ended_word=ctx.t("status.ended"),
                           ended_by=formats.fy_short(int(first["last_ended_by_fy"])),
                           ended_count=int(by_year["ended_count"].sum()), named=int(by_year["ended_named_count"].sum()))
        notice = ctx.t("panel.sentences", first=notice, then=ended_line)
    capped = capped_line(ctx, spans)
    if capped:
        notice = ctx.t("panel.sentences", first=notice, then=capped)
    table = spans.assign(
        status_text=[ctx.t(f"status.{s}") for s in spans["status"]],
        # text, blank for supported projects (a numeric column would show an empty cell as "None")
        ended_by_text=[formats.fy(int(y)) if pd.notna(y) else None for y in spans["ended_by_fy"]])
    return Output(notice=notice, figure=figures.support_timeline(spans, as_of(ctx), years, ctx.t), table=table)


PROGRAM_TIMELINE = Panel(
    id="program_timeline", queries=("support_timeline", "program_facts", "selections_by_year", "source_list",
                                    "project_applicants_en"),
    sources=(TOTALS, PROJECTS, ("001", 8), ("000", 5)), build=_timeline,
    columns=(Column("project_id"), Column("applicant"), Column("selected_fy_label", "fiscal_year_label"),
             Column("status_text", "status"), Column("start_fy", "fiscal_year"), Column("end_fy", "support_last_fy"),
             Column("span_years_count"), Column("ended_by_text", "ended_by_fy_label")))

# --- events -------------------------------------------------------------------------------------------------


def _events(ctx: Context) -> Output:
    events = ctx.run("events")
    if events.empty:
        return Output(notice=ctx.t("panel.program_events.none"))
    if ctx.lang != "ja":  # English dates; the chart's labels read the day in our translation too
        events = events.assign(event_date_text=[formats.date_weekday(pd.Timestamp(d).date()) for d in events["event_date"]])

    def lines(pick) -> list[str]:
        return [ctx.t("panel.program_events.line", date=plain(r.event_date_text),
                      title=plain(pick("events", "title", r.title)),
                      day=ctx.t("panel.program_events.day", day=plain(pick("events", "day_label", r.day_label)))
                      if r.day_label else "",
                      venue=plain(pick("events", "venue", r.venue)),
                      participants=plain(pick("events", "participants_text", r.participants_text)))
                for r in events.itertuples()]
    if ctx.lang == "ja":
        paragraphs = tuple(lines(lambda table, column, value: value))
    else:  # one block, its Japanese original one click away
        paragraphs = (data_names.block(ctx, lambda pick: "\n".join(lines(pick))),)
    figure_rows = events.assign(day_label=[data_names.shown(ctx, "events", "day_label", d) for d in events["day_label"]])
    # A kind the document does not break out is missing (not 0): the table renderer shows it blank.
    # The table: our renderings where we have them, the Japanese originals beside them (render.table.labelled).
    table = data_names.localise(events, ctx, title="events.title", day_label="events.day_label", venue="events.venue")
    return Output(paragraphs=paragraphs, figure=figures.event_participants(figure_rows, ctx.t), table=table)


PROGRAM_EVENTS = Panel(
    id="program_events", queries=("events",), sources=(("001", 6), ("001", 7)), build=_events, uses_filters=False,
    columns=(Column("event_date_text", "event_date"), Column("title", "event_title"), Column("day_label"), Column("venue"),
             Column("program", "event_program"), Column("participants_total"), Column("participants_municipal"),
             Column("participants_national"), Column("participants_private")))

# --- background ---------------------------------------------------------------------------------------------


def _background(ctx: Context) -> Output:
    first = ctx.run("source_list").set_index("source_id").loc["000"]  # the 2018 deck names the program then
    year = first["published_on"].year if pd.notna(first["published_on"]) else first["as_of"].year
    name = ctx.t("panel.program_background.name_then", year=year,
                 title=plain(data_names.inline(ctx, "sources", "title", first["title"])))
    return Output(paragraphs=(name,) + _text_panel(
        "overview_2018", "support_structure_issue", "policy_basis",
        headings=(None, "panel.program_background.issues_heading", "panel.program_background.policy_heading"))(ctx)
        .paragraphs)


PROGRAM_BACKGROUND = Panel(id="program_background", queries=("program_facts", "source_list"),
                           sources=(("000", 2), ("000", 3), ("000", 7)), build=_background, uses_filters=False)

PROGRAM_PANELS = (PROGRAM_OVERVIEW, PROGRAM_COUNCILS, REGIONAL_COUNCIL_ROLES, ONSITE_LEAD, SUPPORT_RULES,
                  HANDS_ON_SUPPORT, PROGRAM_TIMELINE, PROGRAM_EVENTS, PROGRAM_BACKGROUND)
# Which program_facts topics each text panel lists (tests check the declared sources against these rows).
FACT_TOPICS = {"program_overview": ("overview",), "program_councils": ("liaison_council",),
               "regional_council_roles": ("regional_council_role",),
               "onsite_lead": ("onsite_lead_selection", "onsite_lead_duty"), "support_rules": ("support_rule",),
               "hands_on_support": ("hands_on_support",),
               "program_background": ("overview_2018", "support_structure_issue", "policy_basis")}
