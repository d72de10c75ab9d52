"""Cross-file checks: keys, references to sources, and counts against the published totals.

Every check raises BuildError naming the row that disagrees, so the person fixing a transcription
is sent to the line to look at.
"""
from __future__ import annotations

import datetime as dt
import re
from collections import Counter

from . import facts_only, fiscal_year
from .errors import BuildError
from .readers import require_unique
from .tables import ENDED_FILE, FOCUS_PROGRAM, SUPPORT_MAX_YEARS, Loaded, completion_fy, list_year

PAIRINGS = ("stated", "inferred", "unlabelled")
TOTAL_METRICS = ("selected_total", "supported_total", "ended_total")
_PROJECT_ID = re.compile(r"^(H\d{2}|R\d{1,2})-\d{2}$")
_EVENT_ID = re.compile(r"^E(\d{4}-\d{2}-\d{2})(?:-[2-9])?$")


def run_all(ld: Loaded, *, today: dt.date | None = None) -> None:
    """Every cross-file check; `today` (default: the real date) bounds the dates a source may state."""
    _keys(ld)
    _source_refs(ld)
    _dates(ld, today or dt.date.today())
    _fiscal_years(ld)
    _same_applicants(ld)
    _english_names(ld)
    _project_ids(ld)
    _h30_links(ld)
    _programs(ld)
    _totals(ld)
    _survey(ld)
    _events(ld)
    facts_only.check(ld)  # notes and qualifiers are not fact values (issue 12)
    _translations(ld)  # after the fact checks: a bad fact value is reported in its own file first


def _keys(ld: Loaded) -> None:
    require_unique(ld.sources, ("source_id",), "sources.csv")
    require_unique(ld.supported, ("project_id",), "supported_projects.csv")
    require_unique(ld.supported, ("list_no",), "supported_projects.csv")
    require_unique(ld.supported, ("applicant", "selected_fy_label"), "supported_projects.csv")
    require_unique(ld.supported + ld.ended, ("project_id",), ENDED_FILE)  # a project is current or ended, not both
    require_unique(ld.h30_list, ("project_id",), "h30_selections.csv")
    require_unique(ld.h30_list, ("list_no",), "h30_selections.csv")
    require_unique(ld.completion_h30, ("source_id", "list_no"), "support_completion_h30.csv")  # one list per document
    require_unique(ld.completion_h30, ("applicant",), "support_completion_h30.csv")  # a project completes once
    require_unique(ld.totals, ("metric",), "program_totals.csv")
    require_unique(ld.programs, ("program",), "programs.csv")
    require_unique(ld.selections, ("program", "fiscal_year_label"), "program_selections.csv")
    require_unique(ld.survey, ("survey", "value_order"), "survey_responses.csv")
    require_unique(ld.events, ("event_id",), "events.csv")
    require_unique(ld.council, ("council", "role", "member_order"), "council_members.csv")
    require_unique(ld.facts, ("topic", "fact_order"), "program_facts.csv")


def _source_refs(ld: Loaded) -> None:
    pages = {s["source_id"]: s["page_count"] for s in ld.sources}
    files = {"supported_projects.csv": ld.supported, ENDED_FILE: ld.ended, "h30_selections.csv": ld.h30_list,
             "support_completion_h30.csv": ld.completion_h30, "program_totals.csv": ld.totals,
             "programs.csv": ld.programs, "program_selections.csv": ld.selections,
             "survey_responses.csv": ld.survey, "events.csv": ld.events, "council_members.csv": ld.council,
             "program_facts.csv": ld.facts}
    for name, rows in files.items():
        for r in rows:
            if r["source_id"] not in pages:
                raise BuildError(name, "unknown source_id", line=r["_line"], column="source_id",
                                 value=r["source_id"], accepted="one of " + ", ".join(pages) + " (sources.csv)")
            if r["source_page"] > pages[r["source_id"]]:
                raise BuildError(name, f"source {r['source_id']} has only {pages[r['source_id']]} pages",
                                 line=r["_line"], column="source_page", value=str(r["source_page"]),
                                 accepted=f"1–{pages[r['source_id']]}")


def _project_ids(ld: Loaded) -> None:
    for name, rows in (("supported_projects.csv", ld.supported), (ENDED_FILE, ld.ended),
                       ("h30_selections.csv", ld.h30_list)):
        for r in rows:
            pid, label = r["project_id"], r["selected_fy_label"]
            if not _PROJECT_ID.match(pid) or not pid.startswith(label + "-"):
                raise BuildError(name, "project_id does not match its selection year", line=r["_line"],
                                 column="project_id", value=pid, accepted=f"'{label}-' then two digits, e.g. {label}-01")


def _h30_links(ld: Loaded) -> None:
    """H30 rows of a list (current or earlier) are the same projects as in the 2018 selection list; a completion
    list (001 p.8) names projects whose 5-year support ends in the fiscal year of its document."""
    by_id = {r["project_id"]: r for r in ld.h30_list}
    for name, rows in (("supported_projects.csv", ld.supported), (ENDED_FILE, ld.ended)):
        for r in rows:
            if not r["project_id"].startswith("H30-"):
                continue
            listed = by_id.get(r["project_id"])
            if listed is None or listed["applicant"] != r["applicant"]:
                raise BuildError(name, "H30 project does not match h30_selections.csv",
                                 line=r["_line"], column="applicant", value=f"{r['project_id']} {r['applicant']}",
                                 accepted="the project_id and applicant of the same project in h30_selections.csv: "
                                 + (f"{listed['project_id']} {listed['applicant']}" if listed else "none with this id"))
    pool = [("supported_projects.csv", r) for r in ld.supported] + [(ENDED_FILE, r) for r in ld.ended]
    by_document: dict[str, list[dict]] = {}
    for r in ld.completion_h30:
        by_document.setdefault(r["source_id"], []).append(r)
    for source_id, completion in by_document.items():
        last_fy = completion_fy(ld, completion[0])
        first_fy = last_fy - SUPPORT_MAX_YEARS + 1  # the year selected projects whose support ends at last_fy
        selected = fiscal_year.to_label(first_fy)
        expected = {r["applicant"]: (name, r) for name, r in pool if r["selected_fy_label"] == selected}
        on_list = [r for _, r in expected.values() if r["source_id"] == source_id]
        the_list = list_year(ld, on_list) or list_year(ld, [r for _, r in expected.values()])
        described = f"the FY {the_list[0]} list ({the_list[1]} p.{the_list[2]})" if the_list else "a list"
        for r in completion:
            found = expected.get(r["applicant"])
            if found is None:
                raise BuildError("support_completion_h30.csv", f"not an {selected} project of {described}",
                                 line=r["_line"], column="applicant", value=r["applicant"],
                                 accepted=f"an applicant of an {selected} row of supported_projects.csv: "
                                 + " / ".join(expected))
            name, listed = found
            if r["technologies"] != listed["technologies"]:
                raise BuildError("support_completion_h30.csv", f"technologies differ from {described}",
                                 line=r["_line"], column="technologies", value="、".join(r["technologies"]),
                                 accepted="、".join(listed["technologies"]) + f" ({name} line {listed['_line']})")
        # A document publishing both lists names every project of its own list whose support ends that year.
        if on_list and len(completion) != len(on_list):
            raise BuildError("support_completion_h30.csv",
                             f"{len(completion)} rows, but supported_projects.csv has {len(on_list)} {selected} projects",
                             accepted=f"one row per {selected} project still supported in FY "
                             f"{fiscal_year.to_label(last_fy)}")


def _programs(ld: Loaded) -> None:
    """A programs.csv with rows (a document comparing programs, 001 p.2) has the focus program; selections name a
    program of it, or the focus program (a document that does not compare programs, e.g. 000)."""
    known = {p["program"] for p in ld.programs}
    if ld.programs and FOCUS_PROGRAM not in known:
        raise BuildError("programs.csv", f"the program {FOCUS_PROGRAM!r} is missing", accepted="a row for it")
    known.add(FOCUS_PROGRAM)
    for r in ld.selections:
        if r["program"] not in known:
            raise BuildError("program_selections.csv", "program not in programs.csv", line=r["_line"],
                             column="program", value=r["program"], accepted=", ".join(sorted(known)))


def _totals(ld: Loaded) -> None:
    """Per-year counts vs p.2, and 53 selected − 8 ended = 45 supported (001 p.1)."""
    totals = {t["metric"]: t for t in ld.totals}
    for metric in TOTAL_METRICS if ld.totals else ():  # no rows: the documents publish no totals (000)
        if metric not in totals:
            raise BuildError("program_totals.csv", f"metric {metric!r} is missing",
                             accepted="rows for " + ", ".join(TOTAL_METRICS) + " (or none at all)")
    for t in ld.totals:
        if t["metric"] not in TOTAL_METRICS:
            raise BuildError("program_totals.csv", "unknown metric", line=t["_line"], column="metric",
                             value=t["metric"], accepted=", ".join(TOTAL_METRICS))
    selected = {r["fiscal_year_label"]: r for r in ld.selections if r["program"] == FOCUS_PROGRAM}
    supported = Counter(r["selected_fy_label"] for r in ld.supported)
    named = Counter(r["selected_fy_label"] for r in ld.h30_list)
    for label, count in supported.items():
        if label not in selected:
            first = next(r for r in ld.supported if r["selected_fy_label"] == label)
            raise BuildError("supported_projects.csv", f"{count} project(s) selected in {label}, a year with no "
                             "selection count in program_selections.csv", line=first["_line"],
                             column="selected_fy_label", value=label, accepted="years of " + ", ".join(selected))
    for label, row in selected.items():
        if supported[label] > row["selected_count"]:
            raise BuildError("program_selections.csv", f"{label}: {row['selected_count']} selected, but "
                             f"supported_projects.csv lists {supported[label]} supported", line=row["_line"],
                             column="selected_count", value=str(row["selected_count"]),
                             accepted=f"at least {supported[label]}")
        if named[label] and named[label] != row["selected_count"]:
            raise BuildError("program_selections.csv", f"{label}: {row['selected_count']} selected, but the "
                             f"selection list (h30_selections.csv) names {named[label]}", line=row["_line"],
                             column="selected_count", value=str(row["selected_count"]), accepted=str(named[label]))
    if not ld.totals:
        return
    checks = (
        ("selected_total", sum(r["selected_count"] for r in selected.values()), "the sum of the per-year "
         f"selection counts of {FOCUS_PROGRAM} in program_selections.csv"),
        ("supported_total", len(ld.supported), "the number of rows in supported_projects.csv"),
        ("ended_total", totals["selected_total"]["value_count"] - totals["supported_total"]["value_count"],
         "selected_total − supported_total"),
    )
    for metric, derived, what in checks:
        row = totals[metric]
        if row["value_count"] != derived:
            raise BuildError("program_totals.csv", f"{metric} disagrees with {what} ({derived})", line=row["_line"],
                             column="value_count", value=str(row["value_count"]), accepted=str(derived))


def _survey(ld: Loaded) -> None:
    for r in ld.survey:
        where = {"file": "survey_responses.csv", "line": r["_line"]}
        if r["pairing"] not in PAIRINGS:
            raise BuildError(**where, problem="unknown pairing", column="pairing", value=r["pairing"],
                             accepted=", ".join(PAIRINGS))
        if (r["item"] is None) != (r["pairing"] == "unlabelled"):
            raise BuildError(**where, problem="an unlabelled value has no item, and only it", column="pairing",
                             value=r["pairing"], accepted="'unlabelled' exactly when item is empty")
        if r["share_pct_published"] is not None and r["share_pct_published"] > 100:
            raise BuildError(**where, problem="a percentage above 100", column="share_pct_published",
                             value=str(r["share_pct_published"]), accepted="0–100")
        if r["respondents_count"] is not None and r["respondents_count"] > r["base_n"]:
            raise BuildError(**where, problem="more respondents than the base", column="respondents_count",
                             value=str(r["respondents_count"]), accepted=f"at most base_n ({r['base_n']})")
        if r["respondents_count"] is None and r["share_pct_published"] is None:
            raise BuildError(**where, problem="a row with neither a count nor a percentage",
                             column="respondents_count", value="", accepted="the published count or percentage")


def _events(ld: Loaded) -> None:
    for r in ld.events:
        parts = [r[c] for c in ("participants_municipal", "participants_national", "participants_private")]
        known = [p for p in parts if p is not None]
        if known and sum(known) != r["participants_total"]:
            raise BuildError("events.csv", f"participants by kind add up to {sum(known)}, not the total",
                             line=r["_line"], column="participants_total", value=str(r["participants_total"]),
                             accepted=f"{sum(known)} (or correct the parts)")


def _dates(ld: Loaded, today: dt.date) -> None:
    """No date after today, no event after its document's as-of date, and event ids that name their date."""
    as_of = {s["source_id"]: s["as_of"] for s in ld.sources}
    dated = [("sources.csv", r, c) for r in ld.sources for c in ("published_on", "as_of")]
    dated += [("events.csv", r, "event_date") for r in ld.events]
    for name, r, column in dated:
        if r[column] is not None and r[column] > today:
            raise BuildError(name, "a date in the future", line=r["_line"], column=column,
                             value=r[column].isoformat(),
                             accepted=f"a date not later than today ({today.isoformat()})")
    for r in ld.events:
        limit = as_of[r["source_id"]]
        if r["event_date"] > limit:
            raise BuildError("events.csv", f"after the as-of date of its source document {r['source_id']}",
                             line=r["_line"], column="event_date", value=r["event_date"].isoformat(),
                             accepted=f"a date not later than {limit.isoformat()} (as_of of source "
                             f"{r['source_id']} in sources.csv)")
        m = _EVENT_ID.match(r["event_id"])
        if not m or m.group(1) != r["event_date"].isoformat():
            expected = "E" + r["event_date"].isoformat()
            raise BuildError("events.csv", "event_id does not match its event_date", line=r["_line"],
                             column="event_id", value=r["event_id"],
                             accepted=f"{expected} (or {expected}-2 for a second event that day)")


def _fiscal_years(ld: Loaded) -> None:
    """A document cannot state a selection after the fiscal year of its as-of date (April–March), and
    announces a budget for at most the following year; it never states a selection count of 0."""
    as_of = {s["source_id"]: s["as_of"] for s in ld.sources}
    labelled = [("supported_projects.csv", r, "selected_fy_label", 0) for r in ld.supported]
    labelled += [(ENDED_FILE, r, "selected_fy_label", 0) for r in ld.ended]
    labelled += [("h30_selections.csv", r, "selected_fy_label", 0) for r in ld.h30_list]
    labelled += [("program_selections.csv", r, "fiscal_year_label", 0) for r in ld.selections]
    labelled += [("program_totals.csv", r, "fiscal_year_label", 0) for r in ld.totals]
    labelled += [("programs.csv", r, "budget_fy_label", 1) for r in ld.programs]
    for name, r, column, ahead in labelled:
        doc_fy = fiscal_year.of_date(as_of[r["source_id"]])
        if fiscal_year.to_western(r[column]) > doc_fy + ahead:
            basis = (f"source {r['source_id']} is as of {as_of[r['source_id']].isoformat()}, "
                     f"fiscal year {fiscal_year.to_label(doc_fy)}")
            raise BuildError(name, f"{'a budget year' if ahead else 'a fiscal year'} later than the document "
                             f"could state ({basis})", line=r["_line"], column=column, value=r[column],
                             accepted=f"{fiscal_year.to_label(doc_fy + ahead)} or earlier"
                             + (" (a budget is announced at most one year ahead)" if ahead else ""))
    for r in ld.selections:
        if r["selected_count"] == 0:
            raise BuildError("program_selections.csv", "a selection count of 0: the document lists only years "
                             "with selections", line=r["_line"], column="selected_count", value="0",
                             accepted="1 or more (leave out a year the document does not list)")


def _area_key(ld: Loaded, applicant: str, where: dict) -> frozenset:
    """The areas an applicant names, independent of spelling: '岩手県、盛岡市' and '岩手県盛岡市' are both
    盛岡市 (a prefecture followed by its own municipalities stands for them, so it is dropped)."""
    areas = ld.areas.parse(applicant, where)
    if len(areas) > 1 and not areas[0]["municipality_name"]:
        areas = areas[1:]
    return frozenset(a["area_code"] for a in areas)


def _same_applicants(ld: Loaded) -> None:
    """The same project entered twice under another spelling of its applicant, within one selection year.
    Different years stay apart: 大阪府、河内長野市 (H30) and 大阪府河内長野市 (R4) are two projects."""
    lists = (("supported_projects.csv", ld.supported, "selected_fy_label"),
             (ENDED_FILE, ld.ended, "selected_fy_label"),
             ("h30_selections.csv", ld.h30_list, "selected_fy_label"),
             ("support_completion_h30.csv", ld.completion_h30, "source_id"))
    for name, rows, year_column in lists:
        seen: dict[tuple, dict] = {}
        for r in rows:
            where = {"file": name, "line": r["_line"], "column": "applicant"}
            year = r[year_column]  # a completion list: one per document
            key = (year, _area_key(ld, r["applicant"], where))
            first = seen.get(key)
            if first is not None:
                raise BuildError(**where, problem=f"the same project as line {first['_line']} "
                                 f"({first['applicant']}): same areas, same selection year {year}",
                                 value=r["applicant"],
                                 accepted="each project once (applicants are compared by the codes of their "
                                 "areas, not by their spelling)")
            seen[key] = r


NAMES_EN_FILE = "reference/names_en.csv"
_NAMES_EN_ACCEPTED = ("a row for the area in data/reference/names_en.csv, derived from Japan Post's kana reading "
                      "by scripts/derive_english_names.py (never guessed from kanji)")


def _english_names(ld: Loaded) -> None:
    """Every prefecture and every area a project names has an English name (issue 8: the English view)."""
    require_unique(ld.names_en, ("area_code",), NAMES_EN_FILE)
    known = {r["area_code"] for r in ld.reference}
    for r in ld.names_en:
        if r["area_code"] not in known:
            raise BuildError(NAMES_EN_FILE, "area_code not in the official code list", line=r["_line"],
                             column="area_code", value=r["area_code"],
                             accepted="an area_code of data/reference/municipalities.csv")
    name_en = ld.name_en
    for r in ld.reference:
        if not r["municipality_name"] and r["area_code"] not in name_en:
            raise BuildError(NAMES_EN_FILE, f"no English name for the prefecture {r['pref_name']} "
                             f"(area_code {r['area_code']})", value=r["area_code"], accepted=_NAMES_EN_ACCEPTED)
    for name, rows in (("supported_projects.csv", ld.supported), (ENDED_FILE, ld.ended),
                       ("h30_selections.csv", ld.h30_list)):
        for p in rows:
            where = {"file": name, "line": p["_line"], "column": "applicant"}
            for area in ld.areas.parse(p["applicant"], where):
                if area["area_code"] not in name_en:
                    label = area["municipality_name"] or area["pref_name"]
                    raise BuildError(**where, problem=f"{label} (area_code {area['area_code']}) has no English "
                                     f"name in {NAMES_EN_FILE}", value=p["applicant"], accepted=_NAMES_EN_ACCEPTED)


# Published table -> the columns whose values have an English rendering in translations_en.csv.
TRANSLATABLE = {"programs": ("program", "budget_text", "budget_note"),
                "council_members": ("council", "role", "member", "qualifier_text"), "survey_responses": ("survey", "item"),
                "program_facts": ("fact_text",), "slide_notes": ("note_text",), "h30_selections": ("title",),
                "sources": ("title", "publisher", "as_of_basis"),
                "events": ("title", "day_label", "venue", "participants_text")}
TRANSLATION_BASIS = "our translation"


def _translations(ld: Loaded) -> None:
    """Each English rendering names a translatable column and a Japanese value that is published in it."""
    name = "translations_en.csv"
    require_unique(ld.translations, ("table", "column", "value_ja"), name)
    rows_of = {"programs": ld.programs, "council_members": ld.council, "survey_responses": ld.survey,
               "program_facts": ld.facts, "slide_notes": ld.slide_notes, "h30_selections": ld.h30_list,
               "sources": ld.sources, "events": ld.events}
    for t in ld.translations:
        where = {"file": name, "line": t["_line"]}
        if t["table"] not in TRANSLATABLE:
            raise BuildError(**where, problem="not a table with translated values", column="table",
                             value=t["table"], accepted=", ".join(TRANSLATABLE))
        if t["column"] not in TRANSLATABLE[t["table"]]:
            raise BuildError(**where, problem=f"not a translated column of {t['table']}", column="column",
                             value=t["column"], accepted=", ".join(TRANSLATABLE[t["table"]]))
        present = sorted({r[t["column"]] for r in rows_of[t["table"]] if r[t["column"]] is not None})
        if t["value_ja"] not in present:
            shown = " / ".join(present[:8]) + (" …" if len(present) > 8 else "")
            raise BuildError(**where, problem=f"no row of {t['table']} has this {t['column']}", column="value_ja",
                             value=t["value_ja"], accepted=f"a published value of {t['table']}.{t['column']}: {shown}")
        if t["basis"] != TRANSLATION_BASIS:
            raise BuildError(**where, problem="unknown basis", column="basis", value=t["basis"],
                             accepted=f"{TRANSLATION_BASIS!r} (the published Japanese stays the source of truth)")
