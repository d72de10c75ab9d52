"""Read every source file, then assemble the published tables (the data contract, data/README.md)."""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa

from . import fiscal_year, schemas
from .areas import AreaIndex
from .readers import read_csv, require_unique

FOCUS_PROGRAM = "未来技術社会実装事業"
# Its ministry when no programs.csv row gives one (a document that does not compare programs): both documents
# are published by 内閣府地方創生推進事務局 (000 cover, 001 p.2 contact).
FOCUS_MINISTRY = "内閣府"
# Every snapshot has these tables (assemble() returns them; the dashboard refuses a snapshot without one).
PUBLISHED_TABLES = ("projects", "project_areas", "prefectures", "programs", "program_selections", "program_budgets",
                    "program_totals", "survey_responses", "events", "council_members", "program_facts",
                    "slide_notes", "technologies", "sources", "translations_en")
SUPPORT_MAX_YEARS = 5  # 001 p.8: 支援期間を最長５年
# Projects named on an earlier list of supported projects but absent from the current one (make add-year moves
# them here). Optional: a source set without the file has none.
ENDED_FILE = "ended_projects.csv"


@dataclass
class Loaded:
    sources: list[dict]
    technologies: list[dict]
    supported: list[dict]
    ended: list[dict]  # ended_projects.csv: named on an earlier list, absent from the current one (optional file)
    h30_list: list[dict]
    completion_h30: list[dict]
    totals: list[dict]
    programs: list[dict]
    selections: list[dict]
    survey: list[dict]
    events: list[dict]
    council: list[dict]
    facts: list[dict]
    slide_notes: list[dict]
    reference: list[dict]
    names_en: list[dict]
    translations: list[dict]
    areas: AreaIndex

    @property
    def name_en(self) -> dict[str, str]:
        """area_code -> English name (reference/names_en.csv)."""
        return {r["area_code"]: r["name_en"] for r in self.names_en}

    @property
    def as_of(self) -> str:
        return max(s["as_of"] for s in self.sources).isoformat()


def load_sources(src: Path, ref: Path) -> Loaded:
    technologies = read_csv(src / "technologies.csv", schemas.TECHNOLOGIES)
    require_unique(technologies, ("technology",), "technologies.csv")
    vocab = [t["technology"] for t in sorted(technologies, key=lambda t: t["display_order"])]
    reference = read_csv(ref / "municipalities.csv", schemas.REFERENCE_MUNICIPALITIES,
                         label="reference/municipalities.csv")
    return Loaded(
        sources=read_csv(src / "sources.csv", schemas.SOURCES),
        technologies=technologies,
        supported=read_csv(src / "supported_projects.csv", schemas.supported_projects(vocab)),
        ended=(read_csv(src / ENDED_FILE, schemas.supported_projects(vocab)) if (src / ENDED_FILE).exists() else []),
        h30_list=read_csv(src / "h30_selections.csv", schemas.SELECTIONS_LIST),
        completion_h30=read_csv(src / "support_completion_h30.csv", schemas.support_completion(vocab)),
        totals=read_csv(src / "program_totals.csv", schemas.PROGRAM_TOTALS),
        programs=read_csv(src / "programs.csv", schemas.PROGRAMS),
        selections=read_csv(src / "program_selections.csv", schemas.PROGRAM_SELECTIONS),
        survey=read_csv(src / "survey_responses.csv", schemas.SURVEY_RESPONSES),
        events=read_csv(src / "events.csv", schemas.EVENTS),
        council=read_csv(src / "council_members.csv", schemas.COUNCIL_MEMBERS),
        facts=read_csv(src / "program_facts.csv", schemas.PROGRAM_FACTS),
        slide_notes=read_csv(src / "slide_notes.csv", schemas.SLIDE_NOTES),
        reference=reference,
        names_en=read_csv(ref / "names_en.csv", schemas.REFERENCE_NAMES_EN, label="reference/names_en.csv"),
        translations=read_csv(src / "translations_en.csv", schemas.TRANSLATIONS_EN),
        areas=AreaIndex(reference),
    )


_BUDGET_NUMBER = re.compile(r"^(\d+(?:\.\d+)?)億円$")


def budget_oku_yen(text: str) -> float | None:
    """'4.0億円' -> 4.0; '数億円' or '0.3億円の内数' -> None (not an amount of the program's own)."""
    m = _BUDGET_NUMBER.match(text)
    return float(m.group(1)) if m else None


def _drop_line(rows: list[dict]) -> list[dict]:
    return [{k: v for k, v in r.items() if k != "_line"} for r in rows]


def _table(rows: list[dict], schema: pa.Schema) -> pa.Table:
    return pa.Table.from_pylist([{f.name: r.get(f.name) for f in schema} for r in rows], schema=schema)


S, I, B, D, F = pa.string(), pa.int32(), pa.bool_(), pa.date32(), pa.float64()

PROJECTS = pa.schema([
    ("project_id", S), ("applicant", S), ("selected_fy", I), ("selected_fy_label", S), ("title", S),
    ("technologies", pa.list_(S)), ("technologies_more", B), ("mlit_av_support", B), ("status", S),
    ("is_status_inferred", B), ("status_basis", S), ("ended_by_fy", I), ("support_max_last_fy", I),
    ("list_no", I), ("source_id", S), ("source_page", I), ("title_source_id", S), ("title_source_page", I),
    ("notes", S)])
PROJECT_AREAS = pa.schema([
    ("project_id", S), ("area_order", I), ("area_code", S), ("pref_code", I), ("pref_name", S),
    ("pref_name_en", S), ("municipality_name", S), ("municipality_name_en", S), ("region", S), ("lat", F),
    ("lon", F), ("coord_basis", S)])
PREFECTURES = pa.schema([("pref_code", I), ("pref_name", S), ("pref_name_en", S), ("region", S), ("lat", F),
                         ("lon", F), ("coord_basis", S)])
PROGRAMS = pa.schema([
    ("program", S), ("program_order", I), ("ministry", S), ("ministry_basis", S), ("summary", S),
    ("main_support", S), ("main_support_note", S), ("contact", S), ("contact_email", S), ("source_id", S),
    ("source_page", I), ("notes", S)])
PROGRAM_SELECTIONS = pa.schema([
    ("program", S), ("ministry", S), ("fiscal_year", I), ("fiscal_year_label", S), ("selected_count", I),
    ("count_basis", S), ("source_id", S), ("source_page", I), ("notes", S)])
PROGRAM_BUDGETS = pa.schema([
    ("program", S), ("ministry", S), ("fiscal_year", I), ("fiscal_year_label", S), ("budget_text", S),
    ("budget_oku_yen", F), ("budget_note", S), ("source_id", S), ("source_page", I)])
PROGRAM_TOTALS = pa.schema([("metric", S), ("value_count", I), ("fiscal_year", I), ("fiscal_year_label", S),
                            ("source_id", S), ("source_page", I), ("notes", S)])
SURVEY = pa.schema([
    ("survey", S), ("survey_order", I), ("value_order", I), ("item", S), ("measure", S),
    ("respondents_count", I), ("share_pct_published", I), ("base_n", I), ("base_unit", S), ("pairing", S),
    ("source_id", S), ("source_page", I), ("notes", S)])
EVENTS = pa.schema([
    ("event_id", S), ("event_date", D), ("title", S), ("day_label", S), ("venue", S), ("program", S),
    ("participants_total", I), ("participants_municipal", I), ("participants_national", I),
    ("participants_private", I), ("participants_text", S), ("source_id", S), ("source_page", I), ("notes", S)])
COUNCIL = pa.schema([("council", S), ("role", S), ("member_order", I), ("member", S), ("is_optional", B),
                     ("qualifier_text", S), ("source_id", S), ("source_page", I), ("notes", S)])
FACTS = pa.schema([("topic", S), ("fact_order", I), ("fact_text", S), ("value_number", I), ("value_unit", S),
                   ("source_id", S), ("source_page", I), ("notes", S)])
SLIDE_NOTES = pa.schema([("note_id", S), ("subject_table", S), ("subject_column", S), ("subject_value", S),
                         ("note_text", S), ("source_id", S), ("source_page", I), ("notes", S)])
TECHNOLOGIES = pa.schema([("technology", S), ("technology_en", S), ("display_order", I)])
TRANSLATIONS_EN = pa.schema([("table", S), ("column", S), ("value_ja", S), ("value_en", S), ("basis", S)])
SOURCES = pa.schema([("source_id", S), ("title", S), ("publisher", S), ("published_on", D), ("as_of", D),
                     ("as_of_basis", S), ("seed_file", S), ("page_count", I), ("page_basis", S), ("notes", S)])


def _page_word(ld: Loaded, source_id: str) -> str:
    """'slide' for a document counted in slides (000), else 'p.' (as the notes and captions cite them)."""
    basis = next((s["page_basis"] for s in ld.sources if s["source_id"] == source_id), "")
    return "slide " if "スライド" in basis else "p."


def list_year(ld: Loaded, rows: list[dict]) -> tuple[str, str, int] | None:
    """(fiscal-year label, source_id, page) of the list `rows` come from: the fiscal year its document describes
    (the FY of the document's as_of: 001, as of 2023-02-21, lists the projects supported in FY R4)."""
    if not rows:
        return None
    as_of = {s["source_id"]: s["as_of"] for s in ld.sources}
    sid, page = rows[0]["source_id"], rows[0]["source_page"]
    return fiscal_year.to_label(fiscal_year.of_date(as_of[sid])), sid, page


def completion_fy(ld: Loaded, row: dict) -> int:
    """The fiscal year at whose end a completion list (001 p.8) says support completes: its document's FY."""
    as_of = {s["source_id"]: s["as_of"] for s in ld.sources}
    return fiscal_year.of_date(as_of[row["source_id"]])


def _projects(ld: Loaded) -> list[dict]:
    """Supported: on the current list. Ended: on an earlier list (ended_projects.csv) or a selection list
    (h30_selections.csv) but not on the current one. A selection with no list after it is still supported."""
    titles = {r["project_id"]: r for r in ld.h30_list}
    current = list_year(ld, ld.supported)
    listed_ids = {r["project_id"] for r in ld.supported} | {r["project_id"] for r in ld.ended}
    completion = {(r["applicant"], completion_fy(ld, r)): r for r in ld.completion_h30}
    totals = {t["metric"]: t for t in ld.totals}
    rows = []

    def titled(r: dict, fy: int) -> dict:
        t = titles.get(r["project_id"])
        return {**r, "selected_fy": fy, "title": t["title"] if t else None,
                "support_max_last_fy": fy + SUPPORT_MAX_YEARS - 1,
                "title_source_id": t["source_id"] if t else None, "title_source_page": t["source_page"] if t else None}

    for r in ld.supported:
        label, sid, _ = list_year(ld, [r])
        rows.append({**titled(r, fiscal_year.to_western(r["selected_fy_label"])), "status": "supported",
                     "is_status_inferred": False,
                     "status_basis": f"listed as supported in FY {label} ({sid} p.{r['source_page']})",
                     "ended_by_fy": None})
    for r in ld.ended:
        fy = fiscal_year.to_western(r["selected_fy_label"])
        label, sid, _ = list_year(ld, [r])
        done = completion.get((r["applicant"], fy + SUPPORT_MAX_YEARS - 1))
        if done is not None:
            ended_by = completion_fy(ld, done)
            basis = (f"support completed at the end of FY {fiscal_year.to_label(ended_by)} ({done['source_id']} "
                     f"p.{done['source_page']}: support lasts up to {SUPPORT_MAX_YEARS} years)")
        else:
            ended_by = fiscal_year.to_western(label)
            basis = (f"inferred: listed as supported in FY {label} ({sid} p.{r['source_page']})"
                     + (f" but absent from the FY {current[0]} list ({current[1]} p.{current[2]})" if current else ""))
        rows.append({**titled(r, fy), "status": "ended", "is_status_inferred": done is None, "status_basis": basis,
                     "ended_by_fy": ended_by, "_file": ENDED_FILE})
    for t in ld.h30_list:
        if t["project_id"] in listed_ids:
            continue
        fy = fiscal_year.to_western(t["selected_fy_label"])
        selected = f"selected in FY {t['selected_fy_label']} ({t['source_id']} {_page_word(ld, t['source_id'])}{t['source_page']})"
        common = {**t, "selected_fy": fy, "technologies": None, "technologies_more": None, "mlit_av_support": None,
                  "is_status_inferred": True, "support_max_last_fy": fy + SUPPORT_MAX_YEARS - 1,
                  "title_source_id": t["source_id"], "title_source_page": t["source_page"], "_file": "h30_selections.csv"}
        if current is None:  # no list of supported projects after the selection (the 2018 deck)
            rows.append({**common, "status": "supported", "ended_by_fy": None,
                         "status_basis": f"inferred: {selected}; no later list in this source set, and support "
                                         f"lasts up to {SUPPORT_MAX_YEARS} years"})
            continue
        # Absent from the first list of supported projects (the earliest document with one: 001 p.3, FY R4), so
        # support had ended by the end of the year before it; a later list does not move that year.
        first = min((list_year(ld, [r]) for r in ld.supported + ld.ended), key=lambda x: fiscal_year.to_western(x[0]))
        ended_by = fiscal_year.to_western(first[0]) - 1
        basis = f"inferred: {selected} but absent from the FY {first[0]} list ({first[1]} p.{first[2]})"
        ended_total = totals.get("ended_total")
        if ended_total is not None and fiscal_year.to_western(ended_total["fiscal_year_label"]) == ended_by:
            basis += (f"; {ended_total['source_id']} p.{ended_total['source_page']} says {ended_total['value_count']} "
                      f"projects ended by the end of FY {ended_total['fiscal_year_label']}")
        rows.append({**common, "status": "ended", "status_basis": basis, "ended_by_fy": ended_by})
    return sorted(rows, key=lambda r: (r["selected_fy"], r["project_id"]))


def _pref_code_str(pref_code: int) -> str:
    return f"{pref_code:02d}"


def _project_areas(ld: Loaded, projects: list[dict]) -> list[dict]:
    name_en = ld.name_en  # every area used here has one (checks._english_names)
    rows = []
    for p in projects:
        where = {"file": p.get("_file", "supported_projects.csv"),
                 "line": p["_line"], "column": "applicant"}
        for order, ref in enumerate(ld.areas.parse(p["applicant"], where), start=1):
            rows.append({"project_id": p["project_id"], "area_order": order, **ref,
                         "municipality_name": ref["municipality_name"],
                         "pref_name_en": name_en[_pref_code_str(ref["pref_code"])],
                         "municipality_name_en": name_en[ref["area_code"]] if ref["municipality_name"] else None,
                         "lat": float(ref["lat"]),
                         "lon": float(ref["lon"])})
    return rows


def assemble(ld: Loaded) -> dict[str, pa.Table]:
    """The published tables, keyed by table name."""
    ministry = {FOCUS_PROGRAM: FOCUS_MINISTRY, **{p["program"]: p["ministry"] for p in ld.programs}}
    projects = _projects(ld)
    areas = _project_areas(ld, projects)
    selections = [{**s, "ministry": ministry[s["program"]],
                   "fiscal_year": fiscal_year.to_western(s["fiscal_year_label"])} for s in ld.selections]
    budgets = [{**p, "fiscal_year": fiscal_year.to_western(p["budget_fy_label"]),
                "fiscal_year_label": p["budget_fy_label"], "budget_oku_yen": budget_oku_yen(p["budget_text"])}
               for p in ld.programs]
    totals = [{**t, "fiscal_year": fiscal_year.to_western(t["fiscal_year_label"])} for t in ld.totals]
    prefectures = [{**r, "pref_name_en": ld.name_en[r["area_code"]], "lat": float(r["lat"]), "lon": float(r["lon"])}
                   for r in ld.reference if not r["municipality_name"]]
    built = {
        "projects": _table(_drop_line(projects), PROJECTS),
        "project_areas": _table(areas, PROJECT_AREAS),
        "prefectures": _table(prefectures, PREFECTURES),
        "programs": _table(ld.programs, PROGRAMS),
        "program_selections": _table(selections, PROGRAM_SELECTIONS),
        "program_budgets": _table(budgets, PROGRAM_BUDGETS),
        "program_totals": _table(totals, PROGRAM_TOTALS),
        "survey_responses": _table(ld.survey, SURVEY),
        "events": _table(ld.events, EVENTS),
        "council_members": _table(ld.council, COUNCIL),
        "program_facts": _table(ld.facts, FACTS),
        "slide_notes": _table(ld.slide_notes, SLIDE_NOTES),
        "technologies": _table(ld.technologies, TECHNOLOGIES),
        "sources": _table(ld.sources, SOURCES),
        "translations_en": _table(ld.translations, TRANSLATIONS_EN),
    }
    return {name: built[name] for name in PUBLISHED_TABLES}  # KeyError here = a table missing from the contract

# The published contract, table name -> columns and types. The dashboard checks every snapshot it opens
# against it (dashboard/snapshot.py); a table added to PUBLISHED_TABLES belongs here too.
CONTRACT: dict[str, pa.Schema] = {
    "projects": PROJECTS, "project_areas": PROJECT_AREAS, "prefectures": PREFECTURES, "programs": PROGRAMS,
    "program_selections": PROGRAM_SELECTIONS, "program_budgets": PROGRAM_BUDGETS, "program_totals": PROGRAM_TOTALS,
    "survey_responses": SURVEY, "events": EVENTS, "council_members": COUNCIL, "program_facts": FACTS,
    "slide_notes": SLIDE_NOTES, "technologies": TECHNOLOGIES, "sources": SOURCES,
    "translations_en": TRANSLATIONS_EN,
}
