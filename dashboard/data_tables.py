"""The tables of the データ page, declared once as data: the query, the file stem, the columns with their
glossary labels, and whether the sidebar filters apply.

The same declaration gives the on-screen table, the CSV/Excel files (display labels and words), the
Parquet file (the data contract's names and types) and the 「データの仕様」 description of each table
(catalogue [page.data.tables.<stem>] and [page.data.meaning.<glossary key>]). No Streamlit here.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from dashboard import names
from dashboard.panels.spec import Column, Context
from dashboard.period import wording

C = Column
SOURCE = (C("source_id"), C("source_page"))
# The most rows a filtered table shows and downloads. The real snapshot has 50 projects; a much larger one (the
# bench's 10,000x: 500,000) would make the page send, and each download build, hundreds of megabytes. The page says
# how many rows were left out (queries/filtered_table_row_counts.sql) and how to narrow the table.
ROW_LIMIT = 10_000
ROW_COUNTS_QUERY = "filtered_table_row_counts"


def N(**kinds: str) -> tuple[tuple[str, str], ...]:
    """A table's names in the UI language: field -> names.localise kind."""
    return tuple(kinds.items())


@dataclass(frozen=True)
class DataTable:
    stem: str  # file name stem and catalogue key: page.data.tables.<stem>
    query: str
    columns: tuple[Column, ...]
    filtered: bool = False
    lists: tuple[str, ...] = ()  # fields written as 「、」-joined text (named in the table's caption)
    # Fields shown in the UI language (names.localise kinds): with lang=en the screen, CSV and Excel read in
    # English, the published Japanese in a column beside; Parquet keeps the data contract's published values.
    names: tuple[tuple[str, str], ...] = ()
    # A filtered table's query takes $row_limit (ROW_LIMIT); this column of ROW_COUNTS_QUERY counts its rows in full.
    count_column: str = ""

    @property
    def params(self) -> dict:
        """The query's parameters besides the filters."""
        return {"row_limit": ROW_LIMIT} if self.count_column else {}

    def localised(self, df: pd.DataFrame, ctx: Context) -> pd.DataFrame:
        return names.localise(df, ctx, **dict(self.names)) if self.names else df

    @property
    def title_key(self) -> str:
        return f"page.data.tables.{self.stem}.title"

    @property
    def row_key(self) -> str:
        return f"page.data.tables.{self.stem}.row"


PROJECTS = DataTable("projects", "filtered_projects_table", (
    C("project_id"), C("applicant"), C("area_names"), C("area_codes"), C("selected_fy", "fiscal_year"),
    C("selected_fy_label", "fiscal_year_label"), C("title", "project_title"), C("technologies_text", "technologies"),
    C("technologies_more"), C("mlit_av_support"), C("status"), C("is_status_inferred"), C("status_basis"),
    C("ended_by_fy"), C("support_max_last_fy"), C("list_no"), *SOURCE, C("title_source_id"), C("title_source_page"),
    C("notes")), filtered=True, count_column="project_row_count",
    lists=("technologies_text", "area_names", "area_codes"),
    names=N(applicant="applicant", area_names="area_names", technologies_text="technologies_text",
            title="h30_selections.title", area_codes="codes"))
PROJECT_AREAS = DataTable("project_areas", "filtered_project_areas_table", (
    C("project_id"), C("applicant"), C("area_order"), C("area_code", "area_codes"), C("pref_code"), C("pref_name"),
    C("municipality_name"), C("region"), C("lat"), C("lon"), C("coord_basis")), filtered=True,
    count_column="area_row_count",
    names=N(applicant="applicant", pref_name="pref", municipality_name="municipality", region="region"))
PROGRAMS = DataTable("programs", "export_programs", (
    C("program"), C("program_order", "list_order"), C("ministry"), C("ministry_basis"), C("summary"),
    C("main_support"), C("main_support_note"), C("contact"), C("contact_email"), *SOURCE, C("notes")),
    names=N(program="programs.program", ministry="ministry"))
PROGRAM_SELECTIONS = DataTable("program_selections", "export_program_selections", (
    C("program"), C("ministry"), C("fiscal_year"), C("fiscal_year_label"), C("selected_count", basis="count_basis"),
    C("count_basis"), *SOURCE, C("notes")),
    names=N(program="programs.program", ministry="ministry"))
PROGRAM_BUDGETS = DataTable("program_budgets", "export_program_budgets", (
    C("program"), C("ministry"), C("fiscal_year", "budget_fy"), C("fiscal_year_label", "budget_fy_label"),
    C("budget_text"), C("budget_oku_yen"), C("budget_note"), *SOURCE),
    names=N(program="programs.program", ministry="ministry", budget_text="programs.budget_text",
            budget_note="programs.budget_note"))
PROGRAM_TOTALS = DataTable("program_totals", "export_program_totals", (
    C("metric"), C("value_count", "project_count"), C("fiscal_year", "as_of_fy"),
    C("fiscal_year_label", "as_of_fy_label"), *SOURCE, C("notes")))
SURVEY_RESPONSES = DataTable("survey_responses", "export_survey_responses", (
    C("survey"), C("survey_order"), C("value_order"), C("item"), C("measure"), C("respondents_count"),
    C("share_pct_published"), C("base_n"), C("base_unit"), C("pairing"), *SOURCE, C("notes")),
    names=N(survey="survey_responses.survey", item="survey_responses.item", base_unit="unit"))
EVENTS = DataTable("events", "export_events", (
    C("event_id"), C("event_date"), C("title", "event_title"), C("day_label"), C("venue"),
    C("program", "event_program"), C("participants_total"), C("participants_municipal"),
    C("participants_national"), C("participants_private"), C("participants_text"), *SOURCE, C("notes")),
    names=N(title="events.title", day_label="events.day_label", venue="events.venue"))
COUNCIL_MEMBERS = DataTable("council_members", "export_council_members", (
    C("council"), C("role"), C("member_order", "list_order"), C("member"), C("is_optional"), C("qualifier_text"),
    *SOURCE, C("notes")),
    names=N(council="council_members.council", role="council_members.role", member="council_members.member",
            qualifier_text="council_members.qualifier_text"))
PROGRAM_FACTS = DataTable("program_facts", "export_program_facts", (
    C("topic"), C("fact_order", "list_order"), C("fact_text"), C("value_number"), C("value_unit"), *SOURCE,
    C("notes")),
    names=N(fact_text="program_facts.fact_text", value_unit="unit"))
SLIDE_NOTES = DataTable("slide_notes", "export_slide_notes", (
    C("note_id"), C("subject_table"), C("subject_column"), C("subject_value"), C("note_text"), *SOURCE,
    C("notes")),
    names=N(subject_value="council_members.council", note_text="slide_notes.note_text"))
SOURCES = DataTable("sources", "source_list", (
    C("source_id", "document_id"), C("title", "document_title"), C("publisher"), C("published_on"), C("as_of"),
    C("as_of_basis"), C("page_basis"), C("notes")),
    names=N(title="sources.title", publisher="sources.publisher", as_of_basis="sources.as_of_basis"))

# The page's tabs, in order: (catalogue key of the tab, its tables).
TABS = (
    ("page.data.tab_projects", (PROJECTS, PROJECT_AREAS)),
    ("page.data.tab_programs", (PROGRAMS, PROGRAM_SELECTIONS, PROGRAM_BUDGETS, PROGRAM_TOTALS)),
    ("page.data.tab_survey", (SURVEY_RESPONSES, EVENTS)),
    ("page.data.tab_council", (COUNCIL_MEMBERS, PROGRAM_FACTS, SLIDE_NOTES)),
    ("page.data.tab_sources", (SOURCES,)),
)
TABLES = tuple(table for _, tables in TABS for table in tables)


def description(table: DataTable, ctx: Context) -> str:
    """Markdown for 「データの仕様」: what one row is, then each column's label (glossary) and meaning."""
    def said(key: str) -> str:  # where nothing has ended yet, the wording without an ended year (period.wording)
        return ctx.t(wording(key, ctx.period, ctx.lang))
    lines = [said(table.row_key), "", f"| {ctx.t('page.data.spec_column')} | {ctx.t('page.data.spec_meaning')} |",
             "|---|---|"]
    lines += [f"| {ctx.t(c.glossary_key)} | {said('page.data.meaning.' + (c.label or c.field))} |"
              for c in table.columns]
    return "\n".join(lines)


def left_out(table: DataTable, shown_rows: int, run, filters) -> int:
    """How many of a filtered table's rows the ROW_LIMIT left out (0 for a table shown whole)."""
    if not table.count_column or shown_rows < ROW_LIMIT:
        return 0
    counts = run(ROW_COUNTS_QUERY, filters)
    return max(0, int(counts[table.count_column].iloc[0]) - shown_rows)


def lists_note(table: DataTable, ctx: Context) -> str:
    """'活用技術・地域・地域コードは「、」区切りの文字列' for a table with list columns; '' otherwise."""
    if not table.lists:
        return ""
    by_field = {c.field: c for c in table.columns}
    labels = [ctx.t(by_field[field].glossary_key) for field in table.lists]
    return ctx.t("page.data.lists", labels=ctx.t("page.data.label_joiner").join(labels))
