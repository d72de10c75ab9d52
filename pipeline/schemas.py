"""What each source CSV must look like: column -> kind of value (see readers.py)."""
from __future__ import annotations

from .readers import (BOOL, COUNT, COUNT_OPT, DATE, DATE_OPT, FY_LABEL, INT, NOTES, PAGE, TEXT, TEXT_OPT,
                      one_of, tech_list)

SOURCE_REF = {"source_id": TEXT, "source_page": PAGE}

SOURCES = {"source_id": TEXT, "title": TEXT, "publisher": TEXT, "published_on": DATE_OPT, "as_of": DATE,
           "as_of_basis": TEXT, "seed_file": TEXT, "page_count": PAGE, "page_basis": TEXT, "notes": NOTES}

TECHNOLOGIES = {"technology": TEXT, "technology_en": TEXT, "display_order": INT}


def supported_projects(vocabulary: list[str]) -> dict:
    return {"project_id": TEXT, "list_no": COUNT, "applicant": TEXT, "technologies": tech_list(vocabulary),
            "technologies_more": BOOL, "selected_fy_label": FY_LABEL, "mlit_av_support": BOOL,
            **SOURCE_REF, "notes": NOTES}


def support_completion(vocabulary: list[str]) -> dict:
    return {"list_no": COUNT, "applicant": TEXT, "technologies": tech_list(vocabulary), **SOURCE_REF,
            "notes": NOTES}


SELECTIONS_LIST = {"project_id": TEXT, "list_no": COUNT, "applicant": TEXT, "title": TEXT,
                   "selected_fy_label": FY_LABEL, **SOURCE_REF, "notes": NOTES}

PROGRAM_TOTALS = {"metric": TEXT, "value_count": COUNT, "fiscal_year_label": FY_LABEL, **SOURCE_REF,
                  "notes": NOTES}

PROGRAMS = {"program": TEXT, "program_order": INT, "ministry": TEXT, "ministry_basis": TEXT, "summary": TEXT,
            "main_support": TEXT, "main_support_note": TEXT_OPT, "contact": TEXT, "contact_email": TEXT,
            "budget_fy_label": FY_LABEL, "budget_text": TEXT, "budget_note": TEXT_OPT, **SOURCE_REF, "notes": NOTES}

# count_basis: "published" (the document prints the count) or "counted" (the document prints no count: it is
# the number of rows of the document's own selection list, e.g. 000 slide 5; the dashboard says so).
COUNT_BASES = ("published", "counted")
PROGRAM_SELECTIONS = {"program": TEXT, "fiscal_year_label": FY_LABEL, "selected_count": COUNT,
                      "count_basis": one_of(*COUNT_BASES), **SOURCE_REF, "notes": NOTES}

SURVEY_RESPONSES = {"survey": TEXT, "survey_order": INT, "value_order": INT, "item": TEXT_OPT, "measure": TEXT,
                    "respondents_count": COUNT_OPT, "share_pct_published": COUNT_OPT, "base_n": COUNT,
                    "base_unit": TEXT, "pairing": TEXT, **SOURCE_REF, "notes": NOTES}

EVENTS = {"event_id": TEXT, "event_date": DATE, "title": TEXT, "day_label": TEXT_OPT, "venue": TEXT,
          "program": TEXT, "participants_total": COUNT, "participants_municipal": COUNT_OPT,
          "participants_national": COUNT_OPT, "participants_private": COUNT_OPT, "participants_text": TEXT,
          **SOURCE_REF, "notes": NOTES}

COUNCIL_MEMBERS = {"council": TEXT, "role": TEXT, "member_order": INT, "member": TEXT, "is_optional": BOOL,
                   "qualifier_text": TEXT_OPT, **SOURCE_REF, "notes": NOTES}

PROGRAM_FACTS = {"topic": TEXT, "fact_order": INT, "fact_text": TEXT, "value_number": COUNT_OPT,
                 "value_unit": TEXT_OPT, **SOURCE_REF, "notes": NOTES}

# One row per note printed on a slide (a footnote, a ※ note): never a fact row of another table.
SLIDE_NOTES = {"note_id": TEXT, "subject_table": TEXT, "subject_column": TEXT, "subject_value": TEXT_OPT,
               "note_text": TEXT, **SOURCE_REF, "notes": NOTES}

REFERENCE_MUNICIPALITIES = {"area_code": TEXT, "area_code_check": TEXT, "pref_code": INT, "pref_name": TEXT,
                            "municipality_name": TEXT_OPT, "lat": TEXT, "lon": TEXT, "coord_basis": TEXT,
                            "region": TEXT}

# English names of every area in municipalities.csv, derived once by scripts/derive_english_names.py from Japan
# Post's kana readings (see reference/ATTRIBUTION.md).
REFERENCE_NAMES_EN = {"area_code": TEXT, "name_en": TEXT, "reading_kana": TEXT, "basis": TEXT}

# Our English renderings of published Japanese values (program names, councils, members, survey items); the
# published Japanese stays the source of truth.
TRANSLATIONS_EN = {"table": TEXT, "column": TEXT, "value_ja": TEXT, "value_en": TEXT, "basis": TEXT}
