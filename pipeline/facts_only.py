"""Published tables hold facts only: a slide's notes and a fact's qualifiers are never fact values.

A slide prints footnotes and ※ notes beside its facts (「※必要に応じて構成員追加」, 「(※)は、…対象事業」). Stored
as a row of a fact table, such a note is counted as a fact by whoever counts rows; run into a value
(「（民間事業者） ※必要に応じて」) it changes the fact. So a note goes to slide_notes.csv, or into a column
that says it holds one (see NOTE_COLUMN), and this check rejects note-like text in every other column.
"""
from __future__ import annotations

import re

from .errors import BuildError
from .readers import require_unique
from .tables import CONTRACT, PUBLISHED_TABLES, Loaded

# Columns that hold a note or a qualifier by design: `notes` (transcription notes), `<fact>_note` (a note printed
# with that fact, e.g. programs.main_support_note), `qualifier_text` and slide_notes.note_text.
NOTE_COLUMN = re.compile(r"^(notes|.+_note|note_text|qualifier_text)$")

# A note's marks. ※ is a reference mark: wherever it stands in a value, it points at a note (the fact then needs
# a flag column such as mlit_av_support, the note a note column). The others only mark a note at the start.
_MARK_START = re.compile(r"^[(（]?※")  # ※, (※), （※）
_NOTE_STARTS = (
    (re.compile(r"^[(（]?注[0-9０-９]*[)）]?[：:\s　]|^[(（]注[0-9０-９]*[)）]|^注[0-9０-９]+"), "starts like a note (注)"),
    (re.compile(r"^出典[：:\s　(（]"), "starts like a source line (出典)"),
    (re.compile(r"^(備考|資料)[：:]"), "starts like a caption (備考/資料)"),
    (re.compile(r"^notes?\s*[:：]", re.IGNORECASE), "starts like a note (Note:)"),
    (re.compile(r"^[*＊]"), "starts with a note mark (*)"),
    # a slide's headings and captions: 【構成員】, <協議会の役割>, ＜H30年度選定 支援満了自治体一覧＞, ■項目別の…
    (re.compile(r"^([<＜〈【][^>＞〉】]*[>＞〉】]|[■◎□])"), "starts like a heading or caption (【…】, <…>, ■)"),
)
ACCEPTED = ("the fact alone: a note printed on a slide goes to slide_notes.csv, a qualifier of a fact into its "
            "own column (is_optional and qualifier_text, <column>_note) or into notes")


def note_problem(value: str) -> str | None:
    """Why `value` reads as a note, a heading or a caption rather than a fact, or None."""
    if "※" in value:
        return "starts with the note mark ※" if _MARK_START.match(value) else \
            "the note mark ※ inside a fact (a qualifier run into the value)"
    for pattern, why in _NOTE_STARTS:
        if pattern.search(value):
            return why
    return None


def _source_files(ld: Loaded) -> dict[str, list[dict]]:
    return {"sources.csv": ld.sources, "technologies.csv": ld.technologies,
            "supported_projects.csv": ld.supported, "ended_projects.csv": ld.ended, "h30_selections.csv": ld.h30_list,
            "support_completion_h30.csv": ld.completion_h30, "program_totals.csv": ld.totals,
            "programs.csv": ld.programs, "program_selections.csv": ld.selections, "survey_responses.csv": ld.survey,
            "events.csv": ld.events, "council_members.csv": ld.council, "program_facts.csv": ld.facts,
            "slide_notes.csv": ld.slide_notes}  # not translations_en.csv: its value_ja copies a value checked in its own
    # table (a slide note's ※ included), and checks._translations requires that value to be published there


def check(ld: Loaded) -> None:
    _no_notes_in_fact_columns(ld)
    _slide_notes(ld)


def _no_notes_in_fact_columns(ld: Loaded) -> None:
    for name, rows in _source_files(ld).items():
        for r in rows:
            for column, value in r.items():
                if column == "_line" or not isinstance(value, str) or NOTE_COLUMN.match(column):
                    continue
                why = note_problem(value)
                if why:
                    raise BuildError(name, f"a note, not a fact: {why}", line=r["_line"], column=column,
                                     value=value, accepted=ACCEPTED)


def _slide_notes(ld: Loaded) -> None:
    """Each note names a published table and column it qualifies (and the value of its rows), on a real page."""
    name = "slide_notes.csv"
    require_unique(ld.slide_notes, ("note_id",), name)
    rows_of = {"council_members": ld.council, "program_totals": ld.totals, "programs": ld.programs,
               "program_selections": ld.selections, "program_facts": ld.facts, "events": ld.events,
               "survey_responses": ld.survey, "projects": ld.supported + ld.ended + ld.h30_list, "sources": ld.sources,
               "technologies": ld.technologies}
    pages = {s["source_id"]: s["page_count"] for s in ld.sources}
    for n in ld.slide_notes:
        where = {"file": name, "line": n["_line"]}
        table = n["subject_table"]
        if table not in PUBLISHED_TABLES or table == "slide_notes":
            raise BuildError(**where, problem="unknown subject_table", column="subject_table", value=table,
                             accepted="a published table: " + ", ".join(t for t in PUBLISHED_TABLES
                                                                         if t != "slide_notes"))
        columns = CONTRACT[table].names
        if n["subject_column"] not in columns:
            raise BuildError(**where, problem=f"not a column of {table}", column="subject_column",
                             value=n["subject_column"], accepted=", ".join(columns))
        value = n["subject_value"]
        if value is not None and table in rows_of:
            present = {str(r[n["subject_column"]]) for r in rows_of[table] if n["subject_column"] in r}
            if present and value not in present:
                raise BuildError(**where, problem=f"no row of {table} has this {n['subject_column']}",
                                 column="subject_value", value=value,
                                 accepted=" / ".join(sorted(present)) + " (or empty: the whole column)")
        if n["source_id"] not in pages:
            raise BuildError(**where, problem="unknown source_id", column="source_id", value=n["source_id"],
                             accepted="one of " + ", ".join(pages) + " (sources.csv)")
        if n["source_page"] > pages[n["source_id"]]:
            raise BuildError(**where, problem=f"source {n['source_id']} has only {pages[n['source_id']]} pages",
                             column="source_page", value=str(n["source_page"]),
                             accepted=f"1–{pages[n['source_id']]}")
