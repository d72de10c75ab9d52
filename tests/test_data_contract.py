"""The published data contract (data/README.md), checked on the committed snapshot.

Everything here reads data/snapshots/2023-02-21 and data/reference; the rebuild comparison writes only
into tmp_path.
"""
from __future__ import annotations

import csv
import hashlib
import json
import re
import shutil
from collections import Counter
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from pipeline import charset, facts_only, fiscal_year, tables
from pipeline.build import build, source_sets
from pipeline.checks import PAIRINGS

ROOT = Path(__file__).resolve().parent.parent
SNAPSHOTS = ROOT / "data" / "snapshots"
# The figures below are those of the 2023-02-21 snapshot (immutable once published). A later as-of adds a
# folder beside it; the manifest and "equals a fresh build" checks then apply to every / the latest folder.
SNAPSHOT = SNAPSHOTS / "2023-02-21"
DATED = sorted(p for p in SNAPSHOTS.iterdir() if p.is_dir() and re.fullmatch(r"\d{4}-\d{2}-\d{2}", p.name))
REFERENCE = ROOT / "data" / "reference"
FOCUS = tables.FOCUS_PROGRAM

SCHEMAS = {"projects": tables.PROJECTS, "project_areas": tables.PROJECT_AREAS, "prefectures": tables.PREFECTURES,
           "programs": tables.PROGRAMS, "program_selections": tables.PROGRAM_SELECTIONS,
           "program_budgets": tables.PROGRAM_BUDGETS, "program_totals": tables.PROGRAM_TOTALS,
           "survey_responses": tables.SURVEY, "events": tables.EVENTS, "council_members": tables.COUNCIL,
           "program_facts": tables.FACTS, "slide_notes": tables.SLIDE_NOTES, "technologies": tables.TECHNOLOGIES,
           "sources": tables.SOURCES, "translations_en": tables.TRANSLATIONS_EN}

# The columns that may be null (data/README.md says when); every other column of every table is never null.
NULLABLE = {
    "projects": {"title", "technologies", "technologies_more", "mlit_av_support", "ended_by_fy", "title_source_id",
                 "title_source_page", "notes"},
    "project_areas": {"municipality_name", "municipality_name_en"},
    "prefectures": set(),
    "programs": {"main_support_note", "notes"},
    "program_selections": {"notes"},
    "program_budgets": {"budget_oku_yen", "budget_note"},
    "program_totals": {"notes"},
    "survey_responses": {"item", "respondents_count", "share_pct_published", "notes"},
    "events": {"day_label", "participants_municipal", "participants_national", "participants_private", "notes"},
    "council_members": {"qualifier_text", "notes"},
    "program_facts": {"value_number", "value_unit", "notes"},
    "slide_notes": {"subject_value", "notes"},
    "technologies": set(),
    "sources": {"published_on", "notes"},
    "translations_en": set(),
}

UNIQUE_KEYS = {
    "projects": [("project_id",), ("applicant", "selected_fy")],
    "project_areas": [("project_id", "area_order")],
    "prefectures": [("pref_code",), ("pref_name",), ("pref_name_en",)],
    "programs": [("program",), ("program_order",)],
    "program_selections": [("program", "fiscal_year")],
    "program_budgets": [("program",)],
    "program_totals": [("metric",)],
    "survey_responses": [("survey", "value_order")],
    "events": [("event_id",)],
    "council_members": [("council", "role", "member_order")],
    "program_facts": [("topic", "fact_order")],
    "slide_notes": [("note_id",)],
    "technologies": [("technology",), ("display_order",)],
    "sources": [("source_id",)],
    "translations_en": [("table", "column", "value_ja")],
}

# 001 p.8 「H30年度選定 支援満了自治体一覧」, typed from the document (ordinary characters).
P8_H30_COMPLETING = [
    ("北海道、岩見沢市、更別村", ["自動運転", "ロボット", "ドローン"]),
    ("宮城県仙台市", ["ドローン"]),
    ("千葉県千葉市", ["自動運転", "ドローン"]),
    ("愛知県豊橋市", ["AI"]),
    ("愛知県春日井市", ["自動運転"]),
    ("大阪府、河内長野市", ["自動運転"]),
    ("兵庫県神戸市", ["自動運転"]),
    ("鳥取県", ["AI", "IoT"]),
    ("大分県", ["ロボット"]),
]
# 000 slide 5 minus 001 p.3: the H30 selections no longer supported in FY R4.
ENDED_H30 = {"茨城県、つくば市", "埼玉県川口市", "愛知県", "愛知県豊田市", "京都府亀岡市"}


@pytest.fixture(scope="module")
def snap() -> dict[str, pa.Table]:
    return {name: pq.read_table(SNAPSHOT / f"{name}.parquet") for name in SCHEMAS}


def rows(snap, name: str) -> list[dict]:
    return snap[name].to_pylist()


# ── files and schemas ────────────────────────────────────────────────────────────────────────────

def test_no_staging_folders_are_committed():
    assert SNAPSHOT in DATED
    assert [p.name for p in SNAPSHOTS.iterdir() if p not in DATED] == []


@pytest.mark.parametrize("folder", DATED, ids=lambda p: p.name)
def test_manifest_lists_every_file_with_matching_checksum_and_row_count(folder):
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["as_of"] == folder.name
    assert set(manifest["tables"]) == set(SCHEMAS)
    assert {p.name for p in folder.iterdir()} == {"manifest.json"} | {f"{n}.parquet" for n in SCHEMAS}
    for name, entry in manifest["tables"].items():
        path = folder / entry["file"]
        assert entry["file"] == f"{name}.parquet"
        assert hashlib.sha256(path.read_bytes()).hexdigest() == entry["sha256"], name
        assert pq.read_metadata(path).num_rows == entry["rows"], name


def test_every_table_has_exactly_the_schema_of_pipeline_tables(snap):
    for name, schema in SCHEMAS.items():
        assert snap[name].schema.remove_metadata().equals(schema), name


@pytest.mark.parametrize("sources", source_sets(), ids=lambda p: p.name)
def test_committed_snapshot_equals_a_fresh_build_of_the_sources(tmp_path, sources):
    """Committed parquet cannot drift from data/sources/<as-of>/*.csv: rebuilding each source set gives its
    snapshot's tables."""
    latest = SNAPSHOTS / sources.name
    folder = build(sources, REFERENCE, tmp_path / "snapshots")
    assert folder.name == latest.name and latest.is_dir(), "the sources' as_of has no committed snapshot — run `make data`"
    for name in SCHEMAS:
        fresh = pq.read_table(folder / f"{name}.parquet")
        committed_table = pq.read_table(latest / f"{name}.parquet")
        assert fresh.equals(committed_table), f"{name}.parquet differs from a rebuild of {sources.name} — run `make data`"
    fresh_manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    committed = json.loads((latest / "manifest.json").read_text(encoding="utf-8"))
    assert {n: e["rows"] for n, e in fresh_manifest["tables"].items()} == \
        {n: e["rows"] for n, e in committed["tables"].items()}


# ── keys, nulls, accepted values ─────────────────────────────────────────────────────────────────

@pytest.mark.parametrize("name", sorted(UNIQUE_KEYS))
def test_unique_keys(snap, name):
    for key in UNIQUE_KEYS[name]:
        values = [tuple(r[c] for c in key) for r in rows(snap, name)]
        dupes = [k for k, n in Counter(values).items() if n > 1]
        assert not dupes and all(None not in k for k in values), (name, key, dupes)


@pytest.mark.parametrize("name", sorted(NULLABLE))
def test_not_null_columns(snap, name):
    table = snap[name]
    assert NULLABLE[name] <= set(table.column_names)
    for column in table.column_names:
        if column not in NULLABLE[name]:
            assert table.column(column).null_count == 0, f"{name}.{column} has nulls"


def test_status_and_pairing_values(snap):
    assert {r["status"] for r in rows(snap, "projects")} == {"supported", "ended"}
    assert {r["pairing"] for r in rows(snap, "survey_responses")} <= set(PAIRINGS)
    for r in rows(snap, "survey_responses"):
        assert (r["item"] is None) == (r["pairing"] == "unlabelled")


def test_technologies_are_from_the_vocabulary(snap):
    vocabulary = [t["technology"] for t in sorted(rows(snap, "technologies"), key=lambda t: t["display_order"])]
    assert vocabulary == ["AI", "IoT", "5G", "クラウドコンピューティング", "自動運転", "ドローン", "ロボット", "VR/AR",
                          "キャッシュレス", "ブロックチェーン", "ビッグデータ"]
    for p in rows(snap, "projects"):
        if p["status"] == "supported":
            assert p["technologies"] and set(p["technologies"]) <= set(vocabulary), p["project_id"]
            assert len(set(p["technologies"])) == len(p["technologies"])
        else:
            assert p["technologies"] is None and p["technologies_more"] is None, p["project_id"]


@pytest.mark.parametrize("name,year,label", [("projects", "selected_fy", "selected_fy_label"),
                                             ("program_selections", "fiscal_year", "fiscal_year_label"),
                                             ("program_budgets", "fiscal_year", "fiscal_year_label"),
                                             ("program_totals", "fiscal_year", "fiscal_year_label")])
def test_fiscal_year_labels_are_canonical_and_match_the_year(snap, name, year, label):
    for r in rows(snap, name):
        assert fiscal_year.to_western(r[label]) == r[year], r
        assert fiscal_year.to_label(r[year]) == r[label], r


def test_project_ids_follow_the_selection_year(snap):
    for p in rows(snap, "projects"):
        prefix, number = p["project_id"].split("-")
        assert prefix == p["selected_fy_label"] and len(number) == 2 and number.isdigit(), p["project_id"]


def test_source_references_point_into_the_documents(snap):
    pages = {s["source_id"]: s["page_count"] for s in rows(snap, "sources")}
    assert pages == {"000": 7, "001": 8}
    for name in SCHEMAS:
        table = snap[name]
        for id_col, page_col in (("source_id", "source_page"), ("title_source_id", "title_source_page")):
            if id_col not in table.column_names or name == "sources":
                continue
            for r in table.to_pylist():
                if r[id_col] is None:
                    continue
                assert r[id_col] in pages and 1 <= r[page_col] <= pages[r[id_col]], (name, r)


def test_project_areas_are_official_municipalities(snap):
    with (REFERENCE / "municipalities.csv").open(encoding="utf-8", newline="") as f:
        reference = {r["area_code"]: r for r in csv.DictReader(f)}
    areas = rows(snap, "project_areas")
    assert {a["project_id"] for a in areas} == {p["project_id"] for p in rows(snap, "projects")}
    for a in areas:
        ref = reference.get(a["area_code"])
        assert ref is not None, a
        assert a["pref_code"] == int(ref["pref_code"]) and a["pref_name"] == ref["pref_name"], a
        assert (a["municipality_name"] or "") == ref["municipality_name"], a
        assert a["region"] == ref["region"], a
        assert (a["lat"], a["lon"]) == (float(ref["lat"]), float(ref["lon"])), a
        assert len(a["area_code"]) == (2 if a["municipality_name"] is None else 5), a
    for p in rows(snap, "projects"):
        mine = sorted((a for a in areas if a["project_id"] == p["project_id"]), key=lambda a: a["area_order"])
        assert [a["area_order"] for a in mine] == list(range(1, len(mine) + 1))
        # the areas spell the applicant as published: '大阪府、河内長野市' or '大阪府河内長野市'
        names = [mine[0]["pref_name"]] + [a["municipality_name"] for a in mine if a["municipality_name"]]
        assert p["applicant"].replace("、", "") == "".join(names), p["applicant"]
    assert len(rows(snap, "prefectures")) == 47


def test_no_lookalike_or_half_width_characters_in_published_text(snap):
    """Every published string is in ordinary characters; `notes` may quote the characters a note corrects."""
    for name, table in snap.items():
        for column, field in zip(table.column_names, table.schema):
            is_list = pa.types.is_list(field.type)
            if not (pa.types.is_string(field.type) or (is_list and pa.types.is_string(field.type.value_type))):
                continue
            for value in table.column(column).to_pylist():
                for text in (value or []) if is_list else [value]:
                    if text is None:
                        continue
                    bad = charset.first_problem(text)
                    if column == "notes":
                        assert bad is None or any(w in text for w in ("replaced", "written as", "corrected")), \
                            (name, text)
                    else:
                        assert bad is None, (name, column, text, bad)


# ── the published figures ────────────────────────────────────────────────────────────────────────

def test_selected_53_as_the_sum_of_the_p2_counts(snap):
    focus = {r["fiscal_year_label"]: r["selected_count"] for r in rows(snap, "program_selections")
             if r["program"] == FOCUS}
    assert focus == {"H30": 14, "R1": 8, "R2": 12, "R3": 9, "R4": 10}
    totals = {r["metric"]: r for r in rows(snap, "program_totals")}
    assert sum(focus.values()) == totals["selected_total"]["value_count"] == 53
    assert totals["supported_total"]["value_count"] == 45
    assert totals["ended_total"]["value_count"] == 8
    assert (totals["ended_total"]["fiscal_year_label"], totals["supported_total"]["fiscal_year_label"]) == ("R3", "R4")


def test_45_supported_per_year(snap):
    supported = [p for p in rows(snap, "projects") if p["status"] == "supported"]
    assert len(supported) == 45
    assert Counter(p["selected_fy_label"] for p in supported) == {"H30": 9, "R1": 5, "R2": 12, "R3": 9, "R4": 10}
    assert sorted(p["list_no"] for p in supported) == list(range(1, 46))
    assert all(not p["is_status_inferred"] and p["ended_by_fy"] is None for p in supported)
    assert all(p["support_max_last_fy"] == p["selected_fy"] + 4 for p in rows(snap, "projects"))


def test_8_ended_are_5_named_h30_plus_3_unnamed_r1(snap):
    ended = [p for p in rows(snap, "projects") if p["status"] == "ended"]
    assert {p["applicant"] for p in ended} == ENDED_H30
    assert all(p["selected_fy_label"] == "H30" and p["is_status_inferred"] and p["ended_by_fy"] == 2021
               and p["title"] and (p["source_id"], p["source_page"]) == ("000", 5) for p in ended)
    selections = {r["fiscal_year_label"]: r["selected_count"] for r in rows(snap, "program_selections")
                  if r["program"] == FOCUS}
    projects = rows(snap, "projects")
    r1_rows = [p for p in projects if p["selected_fy_label"] == "R1"]
    assert all(p["status"] == "supported" for p in r1_rows)
    assert selections["R1"] - len(r1_rows) == 3  # ended but never named: not rows
    assert len(ended) + (selections["R1"] - len(r1_rows)) == 8
    assert sum(selections.values()) - 45 == 8
    assert len(projects) == 50


def test_h30_supported_equal_001_p8(snap):
    h30 = sorted((p for p in rows(snap, "projects") if p["status"] == "supported" and p["selected_fy"] == 2018),
                 key=lambda p: p["list_no"])
    assert [(p["applicant"], p["technologies"]) for p in h30] == P8_H30_COMPLETING
    assert all(p["title"] and p["title_source_id"] == "000" and p["title_source_page"] == 5 for p in h30)
    assert all(p["support_max_last_fy"] == 2022 for p in h30)


def test_technology_region_and_year_figures(snap):
    supported = [p for p in rows(snap, "projects") if p["status"] == "supported"]
    assert sum("自動運転" in p["technologies"] for p in supported) == 27
    assert sum(p["selected_fy_label"] == "R2" for p in supported) == 12
    areas = rows(snap, "project_areas")
    in_osaka = {a["project_id"] for a in areas if a["pref_code"] == 27}
    assert sum(p["project_id"] in in_osaka for p in supported) == 4
    ids = {p["project_id"] for p in supported}
    assert len({a["pref_code"] for a in areas if a["project_id"] in ids}) == 30
    assert sum(p["mlit_av_support"] for p in supported) == 15  # the 15 (※) marks on 001 p.3


def test_budgets(snap):
    budgets = sorted(rows(snap, "program_budgets"), key=lambda b: [p["program"] for p in sorted(
        rows(snap, "programs"), key=lambda p: p["program_order"])].index(b["program"]))
    assert [(b["budget_text"], b["budget_oku_yen"]) for b in budgets] == [
        ("0.3億円の内数", None), ("4.0億円", 4.0), ("2.8億円", 2.8), ("数億円", None), ("0.55億円", 0.55)]
    assert {(b["fiscal_year"], b["fiscal_year_label"]) for b in budgets} == {(2023, "R5")}
    assert budgets[0]["program"] == FOCUS and budgets[0]["ministry"] == "内閣府"


def test_events_participants(snap):
    events = sorted(rows(snap, "events"), key=lambda e: e["event_date"])
    assert [e["participants_total"] for e in events] == [20, 23, 74]
    for e in events:
        parts = [e[c] for c in ("participants_municipal", "participants_national", "participants_private")]
        assert sum(p for p in parts if p is not None) == e["participants_total"]
    assert str(events[-1]["event_date"]) == SNAPSHOT.name  # the as-of date is the latest dated event (001 p.7)


def test_survey_bases(snap):
    survey = rows(snap, "survey_responses")
    bottleneck = [r for r in survey if r["survey_order"] == 2]
    issues = [r for r in survey if r["survey_order"] == 1]
    assert {(r["base_n"], r["base_unit"]) for r in issues} == {(35, "自治体")}
    assert {(r["base_n"], r["base_unit"]) for r in bottleneck} == {(75, "事業")}
    assert sum(r["respondents_count"] for r in bottleneck) == 75
    # the published percentages are counts / 36, not / 75 (data/README.md, "survey")
    for r in bottleneck:
        assert r["share_pct_published"] == round(100 * r["respondents_count"] / 36), r
    assert all(r["respondents_count"] is None for r in issues)


# ── data/README.md documents the contract ────────────────────────────────────────────────────────

def test_readme_documents_every_table_and_column(snap):
    readme = (ROOT / "data" / "README.md").read_text(encoding="utf-8")
    for name, schema in SCHEMAS.items():
        section = readme[readme.index(f"**`{name}`**"):]
        section = section[: section.find("\n**`", 1)] if "\n**`" in section[1:] else section
        for field in schema:
            assert f"`{field.name}`" in section, f"data/README.md: {name}.{field.name} is not documented"
    for t in rows(snap, "technologies"):
        assert f"| {t['display_order']} | {t['technology']} | {t['technology_en']} |" in readme


# ── facts only: a row is a fact, notes are in slide_notes (issue 12) ──────────────────────────────

# The rows a user counts in the downloaded files (data/README.md states each table's row count).
ROW_COUNTS = {"projects": 50, "project_areas": 54, "prefectures": 47, "programs": 5, "program_selections": 23,
              "program_budgets": 5, "program_totals": 3, "survey_responses": 16, "events": 3, "council_members": 24,
              "program_facts": 40, "slide_notes": 4, "technologies": 11, "sources": 2, "translations_en": 125}

# 000 slide 4 and 001 pp.1, 3, typed from the documents (ordinary characters).
SLIDE_NOTES = [
    ("000-4-1", "council_members", "council", "関係省庁連絡会議", "※必要に応じて構成員追加", "000", 4),
    ("001-1-1", "program_totals", "metric", "supported_total",
     "※ H30年度からR4年度までの選定合計53事業のうち8事業はR3年度末までに支援終了。", "001", 1),
    ("001-3-1", "projects", "list_no", None, "Noは、都道府県コード、市町村コード順", "001", 3),
    ("001-3-2", "projects", "mlit_av_support", None,
     "(※)は、国土交通省道路局「内閣府未来技術社会実装事業と連携した自動運転サービス導入支援事業」(R2実施開始)対象事業",
     "001", 3),
]


def members(snap, council: str, role: str | None = None) -> list[dict]:
    return sorted((r for r in rows(snap, "council_members")
                   if r["council"] == council and (role is None or r["role"] == role)),
                  key=lambda r: r["member_order"])


def test_row_counts_are_the_contracts(snap):
    assert {name: snap[name].num_rows for name in SCHEMAS} == ROW_COUNTS
    readme = (ROOT / "data" / "README.md").read_text(encoding="utf-8")
    for name, count in ROW_COUNTS.items():
        m = re.search(rf"\*\*`{name}`\*\*: one row per [^(]+\((\d+) rows", readme)
        assert m, f"data/README.md must say what one row of {name} is and how many there are"
        assert int(m.group(1)) == count, name


def test_liaison_council_is_a_chair_and_11_members(snap):
    assert [m["member"] for m in members(snap, "関係省庁連絡会議", "議長")] == ["地方創生推進事務局長"]
    listed = members(snap, "関係省庁連絡会議", "構成員")
    assert len(listed) == 11 and [m["member_order"] for m in listed] == list(range(1, 12))
    assert listed[0]["member"] == "内閣府政策統括官（科学技術・イノベーション担当）"
    assert listed[-1]["member"] == "内閣府地方創生推進事務局長次長"  # kept as published
    assert len(members(snap, "関係省庁連絡会議")) == 12
    assert not any(m["is_optional"] for m in members(snap, "関係省庁連絡会議"))


def test_kanjikai_is_a_chair_and_one_member(snap):
    assert [(m["role"], m["member"]) for m in members(snap, "幹事会")] == [
        ("座長", "内閣府地方創生推進事務局参事官"), ("構成員", "各省庁課長級")]


def test_regional_council_is_10_bodies_one_only_as_needed(snap):
    bodies = members(snap, "地域実装協議会")
    assert len(bodies) == 10 and {m["role"] for m in bodies} == {"構成員"}
    optional = [m for m in bodies if m["is_optional"]]
    assert [(m["member_order"], m["member"], m["qualifier_text"]) for m in optional] == [
        (10, "民間事業者", "※必要に応じて")]
    assert all(m["qualifier_text"] is None for m in rows(snap, "council_members") if not m["is_optional"])
    assert "（民間事業者） ※必要に応じて" in optional[0]["notes"]  # the correction is recorded


def test_no_fact_column_holds_a_note(snap):
    """Outside the columns named for notes, no published value starts with ※ or reads like a note. translations_en
    is not a fact table: its value_ja copies a published value (a slide note's ※ included) and value_en renders it."""
    checked = 0
    for name, table in snap.items():
        if name == "translations_en":
            continue
        for column, field in zip(table.column_names, table.schema):
            is_list = pa.types.is_list(field.type)
            if facts_only.NOTE_COLUMN.match(column) or not (
                    pa.types.is_string(field.type) or (is_list and pa.types.is_string(field.type.value_type))):
                continue
            for value in table.column(column).to_pylist():
                for text in (value or []) if is_list else [value]:
                    if text is None:
                        continue
                    checked += 1
                    assert not text.lstrip("(（").startswith("※"), (name, column, text)
                    assert facts_only.note_problem(text) is None, (name, column, text)
    assert checked > 1000
    assert {r["topic"] for r in rows(snap, "program_facts")}.isdisjoint({"mlit_av_support"})


def test_note_columns_are_the_documented_ones(snap):
    """The columns allowed to hold a note: `notes` everywhere, and these four."""
    named = {(name, c) for name, t in snap.items() for c in t.column_names
             if facts_only.NOTE_COLUMN.match(c) and c != "notes"}
    assert named == {("programs", "main_support_note"), ("program_budgets", "budget_note"),
                     ("council_members", "qualifier_text"), ("slide_notes", "note_text")}


def test_slide_notes_are_the_printed_notes_verbatim(snap):
    notes = [(n["note_id"], n["subject_table"], n["subject_column"], n["subject_value"], n["note_text"],
              n["source_id"], n["source_page"]) for n in rows(snap, "slide_notes")]
    assert notes == SLIDE_NOTES
    for n in rows(snap, "slide_notes"):
        assert n["subject_column"] in SCHEMAS[n["subject_table"]].names
        if n["subject_value"] is not None:
            values = {str(r[n["subject_column"]]) for r in rows(snap, n["subject_table"])}
            assert n["subject_value"] in values, n


def test_main_support_and_its_note(snap):
    programs = {p["program"]: p for p in rows(snap, "programs")}
    smart = programs["スマートシティ実装化支援事業"]
    assert smart["main_support"] == "実証事業"
    assert smart["main_support_note"] == "※データ取得等に必要な情報化基盤施設の整備についても都市再生整備計画事業等により支援。"
    assert "main_support_note" in smart["notes"]
    assert [p["program"] for p in programs.values() if p["main_support_note"] is not None] == ["スマートシティ実装化支援事業"]


# ── English names and renderings (issue 8) ──────────────────────────────────────────────────────────

# Romanised from Japan Post's kana readings (scripts/derive_english_names.py), never guessed from kanji.
ENGLISH_NAMES = {
    ("大阪府", "四條畷市"): "Shijonawate City",
    ("大阪府", "河内長野市"): "Kawachinagano City",
    ("鹿児島県", "伊仙町"): "Isen Town",
    ("長崎県", "対馬市"): "Tsushima City",
    ("和歌山県", "太地町"): "Taiji Town",
    ("奈良県", "三郷町"): "Sango Town",
    ("大阪府", "豊能町"): "Toyono Town",
    ("北海道", "更別村"): "Sarabetsu Village",
    ("岩手県", "陸前高田市"): "Rikuzentakata City",
    ("石川県", "中能登町"): "Nakanoto Town",
    ("島根県", "美郷町"): "Misato Town",
}
PREFECTURE_NAMES = {"北海道": "Hokkaido", "東京都": "Tokyo", "大阪府": "Osaka Prefecture",
                    "京都府": "Kyoto Prefecture", "鹿児島県": "Kagoshima Prefecture", "兵庫県": "Hyogo Prefecture"}
_NAME_EN = re.compile(r"^[A-Z][a-z]+( Prefecture| City| Town| Village)?$")


def _names_en() -> dict[str, dict]:
    with (REFERENCE / "names_en.csv").open(encoding="utf-8", newline="") as f:
        return {r["area_code"]: r for r in csv.DictReader(f)}


def _reference() -> list[dict]:
    with (REFERENCE / "municipalities.csv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_names_en_covers_the_code_list_in_one_style():
    names = _names_en()
    reference = _reference()
    assert list(names) == [r["area_code"] for r in reference]  # 47 prefectures + 1,741 municipalities, same order
    for r in reference:
        n = names[r["area_code"]]
        assert _NAME_EN.match(n["name_en"]), n
        assert "KEN_ALL" in n["basis"], n
        kind = (r["municipality_name"] or r["pref_name"])[-1]
        suffix = {"市": " City", "区": " City", "町": " Town", "村": " Village", "府": " Prefecture",
                  "県": " Prefecture"}.get(kind)
        if suffix:
            assert n["name_en"].endswith(suffix), n
    for (pref, name), english in ENGLISH_NAMES.items():
        code = next(r["area_code"] for r in reference if r["pref_name"] == pref and r["municipality_name"] == name)
        assert names[code]["name_en"] == english, (pref, name)
    for pref, english in PREFECTURE_NAMES.items():
        code = next(r["area_code"] for r in reference if r["pref_name"] == pref and not r["municipality_name"])
        assert names[code]["name_en"] == english


def test_every_published_area_has_its_english_name(snap):
    names = _names_en()
    for a in rows(snap, "project_areas"):
        assert a["pref_name_en"] == names[f"{a['pref_code']:02d}"]["name_en"], a
        if a["municipality_name"] is None:
            assert a["municipality_name_en"] is None, a
        else:
            assert a["municipality_name_en"] == names[a["area_code"]]["name_en"], a
    published = {(a["pref_name"], a["municipality_name"]): a["municipality_name_en"] for a in rows(snap, "project_areas")}
    for key in [("大阪府", "四條畷市"), ("大阪府", "河内長野市"), ("鹿児島県", "伊仙町"), ("長崎県", "対馬市"),
                ("和歌山県", "太地町"), ("奈良県", "三郷町"), ("大阪府", "豊能町"), ("北海道", "更別村"),
                ("岩手県", "陸前高田市"), ("石川県", "中能登町"), ("島根県", "美郷町")]:
        assert published[key] == ENGLISH_NAMES[key], key
    prefectures = rows(snap, "prefectures")
    assert len(prefectures) == 47
    assert all(p["pref_name_en"] == names[f"{p['pref_code']:02d}"]["name_en"] for p in prefectures)
    assert {p["pref_name"]: p["pref_name_en"] for p in prefectures if p["pref_name"] in PREFECTURE_NAMES} == \
        PREFECTURE_NAMES


def test_translations_cover_the_translated_columns_and_name_published_values(snap):
    """Every program, council, role, member, survey item and every published text (facts, notes, titles, budgets as
    printed, the documents' titles, events) has one English rendering, marked as ours. TRANSLATABLE names source
    files and their columns (h30_selections.title is published as projects.title, budget_text in program_budgets)."""
    from pipeline.checks import TRANSLATABLE
    translations = rows(snap, "translations_en")
    assert {t["basis"] for t in translations} == {"our translation"}
    got = {(t["table"], t["column"], t["value_ja"]) for t in translations}
    sources = ROOT / "data" / "sources" / SNAPSHOT.name
    want = set()
    for table, columns in TRANSLATABLE.items():
        with open(sources / f"{table}.csv", encoding="utf-8", newline="") as f:
            want |= {(table, column, r[column]) for r in csv.DictReader(f) for column in columns if r[column]}
    assert got == want
    japanese = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uff66-\uff9f]")  # ※, ¥ and “quotes” are English too
    assert all(not japanese.search(t["value_en"]) and t["value_en"] != t["value_ja"] for t in translations)
    by_ja = {t["value_ja"]: t["value_en"] for t in translations}
    assert by_ja["地域課題解決のためのスマートシティ推進事業"] == "Smart City Promotion Project for Solving Regional Issues"
    assert by_ja[FOCUS] == "Future Technology Social Implementation Project"


def test_an_area_without_an_english_name_fails_the_build(tmp_path):
    """A project naming an area that names_en.csv lacks stops the build at the applicant (cases.toml patches only
    data/sources/2023-02-21/, so this one patches a copy of data/reference/ here)."""
    from pipeline.errors import BuildError
    reference = tmp_path / "reference"
    shutil.copytree(REFERENCE, reference)
    path = reference / "names_en.csv"
    lines = path.read_text(encoding="utf-8").split("\n")
    path.write_text("\n".join(line for line in lines if not line.startswith("27229,")), encoding="utf-8")
    with pytest.raises(BuildError) as info:
        build(ROOT / "data" / "sources" / "2023-02-21", reference, tmp_path / "snapshots")
    e = info.value
    assert (e.file, e.column, e.value) == ("supported_projects.csv", "applicant", "大阪府四條畷市")
    assert "四條畷市 (area_code 27229) has no English name in reference/names_en.csv" in e.problem
    assert "scripts/derive_english_names.py" in e.accepted
    assert not (tmp_path / "snapshots").exists() or not any((tmp_path / "snapshots").iterdir())


def test_a_prefecture_without_an_english_name_fails_the_build(tmp_path):
    from pipeline.errors import BuildError
    reference = tmp_path / "reference"
    shutil.copytree(REFERENCE, reference)
    path = reference / "names_en.csv"
    lines = path.read_text(encoding="utf-8").split("\n")
    path.write_text("\n".join(line for line in lines if not line.startswith("13,")), encoding="utf-8")
    with pytest.raises(BuildError) as info:
        build(ROOT / "data" / "sources" / "2023-02-21", reference, tmp_path / "snapshots")
    assert info.value.file == "reference/names_en.csv"
    assert "no English name for the prefecture 東京都 (area_code 13)" in info.value.problem
