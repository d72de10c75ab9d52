"""The 事業 and データ page questions: councils, facts, support timeline, events, the download tables."""
from __future__ import annotations

import pandas as pd
import pytest

from dashboard import i18n
from dashboard.figures import program as figures
from dashboard.data_tables import ROW_LIMIT
from dashboard.filters import Filters


def test_liaison_council_is_a_chair_and_11_members_and_its_note_is_not_a_member(db):
    members = db.run("council_members")
    liaison = members[members["council"] == "関係省庁連絡会議"]
    assert list(liaison.loc[liaison["role"] == "議長", "member"]) == ["地方創生推進事務局長"]
    listed = liaison[liaison["role"] == "構成員"]
    assert len(listed) == 11 and len(liaison) == 12 and not liaison["is_optional"].any()
    assert listed["member"].iloc[0] == "内閣府政策統括官（科学技術・イノベーション担当）"
    assert listed["member"].iloc[-1] == "内閣府地方創生推進事務局長次長"  # kept as published
    assert not members["member"].str.contains("※").any()
    notes = db.run("slide_notes", subject_table="council_members")
    assert list(zip(notes["subject_column"], notes["subject_value"], notes["note_text"])) == [
        ("council", "関係省庁連絡会議", "※必要に応じて構成員追加")]


def test_councils_in_published_order(db):
    members = db.run("council_members")
    assert list(dict.fromkeys(members["council"])) == ["関係省庁連絡会議", "幹事会", "地域実装協議会"]
    assert list(dict.fromkeys(members["council_order"])) == [1, 2, 3]
    kanji = members[members["council"] == "幹事会"]
    assert list(zip(kanji["role"], kanji["member"])) == [("座長", "内閣府地方創生推進事務局参事官"),
                                                         ("構成員", "各省庁課長級")]
    regional = members[members["council"] == "地域実装協議会"]
    assert len(regional) == 10 and int(regional["is_optional"].sum()) == 1
    assert list(regional["member"])[:2] == ["都道府県、県警本部", "市町村"]
    assert regional[["member", "is_optional", "qualifier_text"]].iloc[-1].tolist() == ["民間事業者", True,
                                                                                      "※必要に応じて"]


@pytest.mark.parametrize("subject_table, note_ids", [
    ("council_members", ["000-4-1"]),
    ("program_totals", ["001-1-1"]),
    ("projects", ["001-3-1", "001-3-2"]),
    ("program_facts", []),
    ("<script>alert(1)</script>", []),
])
def test_slide_notes_by_subject_table(db, subject_table, note_ids):
    notes = db.run("slide_notes", subject_table=subject_table)
    assert list(notes["note_id"]) == note_ids
    assert list(notes.columns) == ["note_id", "subject_table", "subject_column", "subject_value", "note_text",
                                   "source_id", "source_page", "notes"]


def test_the_mlit_footnote_is_a_slide_note_not_a_program_fact(db):
    assert db.run("program_facts", topic="mlit_av_support").empty
    notes = db.run("slide_notes", subject_table="projects").set_index("note_id")
    assert notes.loc["001-3-2", "subject_column"] == "mlit_av_support"
    assert notes.loc["001-3-2", "note_text"].startswith("(※)は、国土交通省道路局「内閣府未来技術社会実装事業と連携した")
    assert (notes.loc["001-3-2", "source_id"], notes.loc["001-3-2", "source_page"]) == ("001", 3)


@pytest.mark.parametrize("topic, rows, pages", [
    ("liaison_council", 2, {("000", 4)}),
    ("regional_council_role", 6, {("000", 3), ("000", 6)}),
    ("onsite_lead_selection", 2, {("000", 3)}),
    ("onsite_lead_duty", 3, {("000", 6)}),
    ("support_rule", 7, {("001", 1), ("001", 8)}),
    ("hands_on_support", 5, {("001", 5)}),
    ("survey_finding", 3, {("001", 4)}),
    ("overview", 3, {("001", 1)}),
    ("no_such_topic", 0, set()),
    ("<script>alert(1)</script>", 0, set()),
])
def test_program_facts_by_topic(db, topic, rows, pages):
    facts = db.run("program_facts", topic=topic)
    assert len(facts) == rows
    assert list(facts["fact_order"]) == list(range(1, rows + 1))
    assert {(r.source_id, int(r.source_page)) for r in facts.itertuples()} == pages


def test_support_rules_say_five_years_and_h30_ends_with_r4(db):
    rules = db.run("program_facts", topic="support_rule")
    assert int(rules["value_number"].max()) == 5 and set(rules["value_unit"].dropna()) == {"年"}
    assert "H30年度に選定された事業においては、今年度末にて支援終了" in rules["fact_text"].iloc[1]
    assert figures.fiscal_year_of(db.snapshot.as_of) == 2022  # 「今年度」 = FY R4 at the deck's date
    liaison = db.run("program_facts", topic="liaison_council")
    assert "平成30年2月15日に設置" in liaison["fact_text"].iloc[0]
    assert figures.with_western_year(liaison["fact_text"].iloc[0]).count("平成30年（2018年）2月15日") == 1


@pytest.mark.parametrize("filters, rows, supported, ended", [
    (Filters(), 45, 45, 0),
    (Filters(statuses=()), 50, 45, 5),
    (Filters(statuses=("ended",)), 5, 0, 5),
    (Filters(techs=("自動運転",)), 27, 27, 0),
    (Filters(fys=(2018,), statuses=()), 14, 9, 5),
    (Filters(prefs=(27,)), 4, 4, 0),
    (Filters(techs=("ブロックチェーン",), fys=(2018,)), 0, 0, 0),
])
def test_support_timeline_follows_the_filters(db, filters, rows, supported, ended):
    spans = db.run("support_timeline", filters, row_limit=1000)
    assert len(spans) == rows
    assert int((spans["status"] == "supported").sum()) == supported
    assert int((spans["status"] == "ended").sum()) == ended
    assert spans.equals(spans.sort_values(["selected_fy", "project_id"]))


def test_support_timeline_spans(db):
    spans = db.run("support_timeline", Filters(statuses=()), row_limit=1000).set_index("project_id")
    assert (spans.loc["H30-01", ["start_fy", "end_fy", "end_kind"]].tolist() == [2018, 2022, "max_period"])
    assert (spans.loc["R4-10", ["start_fy", "end_fy", "span_years_count"]].tolist() == [2022, 2026, 5])
    ended = spans[spans["status"] == "ended"]
    assert list(ended.index) == ["H30-03", "H30-04", "H30-06", "H30-09", "H30-10"]
    assert set(ended["end_fy"]) == {2021} and set(ended["end_kind"]) == {"ended_by"}
    assert set(ended["ended_by_fy"]) == {2021}
    supported = spans[spans["status"] == "supported"]
    assert (supported["end_fy"] - supported["start_fy"] == 4).all()
    assert spans.loc["H30-11", "project_label"] == "H30-11　大阪府、河内長野市"


def test_events_dates_and_participants(db):
    events = db.run("events")
    assert list(events["event_date_text"]) == ["2022年10月27日（木）", "2022年10月28日（金）", "2023年2月21日（火）"]
    assert [d.date().isoformat() for d in events["event_date"]] == ["2022-10-27", "2022-10-28", "2023-02-21"]
    assert list(events["participants_total"]) == [20, 23, 74]
    parts = events[["participants_municipal", "participants_national", "participants_private"]].astype("Float64")
    assert list(parts.fillna(0).sum(axis=1)) == [20, 23, 74]
    assert events["participants_national"].iloc[2] == 18 and events["participants_municipal"].iloc[2] == 56
    assert list(events["day_label"].fillna("")) == ["1日目", "2日目", ""]
    assert events["title"].iloc[0] == "未来技術社会実装事業交流会 in 四條畷市"


@pytest.mark.parametrize("filters, projects, areas", [
    (Filters(), 45, 48),
    (Filters(statuses=()), 50, 54),
    (Filters(techs=("自動運転",)), 27, 30),
    (Filters(fys=(2018,)), 9, 12),
    (Filters(regions=("近畿",)), 11, 12),
    (Filters(prefs=(27,)), 4, 5),
    (Filters(techs=("ブロックチェーン",), fys=(2018,)), 0, 0),
])
def test_download_tables_follow_the_filters(db, filters, projects, areas):
    table = db.run("filtered_projects_table", filters, row_limit=ROW_LIMIT)
    area_rows = db.run("filtered_project_areas_table", filters, row_limit=ROW_LIMIT)
    assert len(table) == projects and len(area_rows) == areas
    assert set(area_rows["project_id"]) == set(table["project_id"])
    assert set(table["project_id"]) == set(db.run("support_timeline", filters, row_limit=1000)["project_id"])


def test_projects_table_writes_lists_as_text(db):
    table = db.run("filtered_projects_table", Filters(statuses=()), row_limit=ROW_LIMIT).set_index("project_id")
    assert table.loc["H30-01", "technologies_text"] == "自動運転、ロボット、ドローン"
    assert table.loc["H30-01", "area_names"] == "北海道、北海道岩見沢市、北海道更別村"
    assert table.loc["H30-01", "area_codes"] == "01、01210、01639"
    assert table.loc["R4-01", "technologies_text"] == "AI、IoT、5G、クラウドコンピューティング"
    assert pd.isna(table.loc["H30-03", "technologies_text"])  # ended: technologies not published
    assert table.select_dtypes(include="object").map(lambda v: isinstance(v, (list, tuple))).sum().sum() == 0


@pytest.mark.parametrize("name, rows", [
    ("export_programs", 5), ("export_program_selections", 23), ("export_program_budgets", 5),
    ("export_program_totals", 3), ("export_survey_responses", 16), ("export_events", 3),
    ("export_council_members", 24), ("export_program_facts", 40), ("export_slide_notes", 4), ("source_list", 2),
])
def test_unfiltered_tables_are_whole(db, name, rows):
    assert len(db.run(name)) == rows
    assert len(db.run(name, Filters(techs=("自動運転",), prefs=(27,)))) == rows


def test_export_tables_keep_the_published_columns_and_order(db):
    facts = db.run("export_program_facts")
    assert list(facts.columns) == ["topic", "fact_order", "fact_text", "value_number", "value_unit", "source_id",
                                   "source_page", "notes"]
    assert list(dict.fromkeys(facts["topic"]))[:3] == ["overview", "support_rule", "liaison_council"]
    assert list(db.run("export_council_members")["member"])[:2] == ["地方創生推進事務局長",
                                                                   "内閣府政策統括官（科学技術・イノベーション担当）"]
    assert list(db.run("export_council_members").columns) == [
        "council", "role", "member_order", "member", "is_optional", "qualifier_text", "source_id", "source_page",
        "notes"]
    programs = db.run("export_programs").set_index("program")
    assert list(programs.columns[4:6]) == ["main_support", "main_support_note"]
    assert programs.loc["スマートシティ実装化支援事業", "main_support"] == "実証事業"
    assert list(db.run("export_slide_notes")["note_id"]) == ["000-4-1", "001-1-1", "001-3-1", "001-3-2"]


def test_date_helpers():
    assert figures.fiscal_year_of("2023-02-21") == 2022
    assert figures.fiscal_year_of("2022-04-01") == 2022
    assert figures.fiscal_year_of("2022-03-31") == 2021
    assert figures.year_position("2022-04-01") == 2022.0
    assert 2022.89 < figures.year_position("2023-02-21") < 2022.90
    assert figures.with_western_year("令和元年5月1日と令和4年10月27日") == "令和元年（2019年）5月1日と令和4年（2022年）10月27日"
    assert figures.ended_note(2021) == "終了年度は非公表（R3年度末までに終了）"


def test_timeline_and_event_charts(db):
    spans = db.run("support_timeline", Filters(statuses=()), row_limit=1000)
    fig = figures.support_timeline(spans, "2023-02-21", 5, i18n.t)  # 5: the published maximum (001 p.8)
    supported, ended = fig.data
    assert len(supported.y) == 45 and len(ended.y) == 5
    assert list(ended.x) == [4] * 5 and list(ended.base) == [2018] * 5
    assert ended.marker.pattern.shape == "/" and supported.marker.pattern.shape == ""
    assert set(ended.text) == {"終了年度は非公表（R3年度末までに終了）"}
    # Nine years from H30 to R8: every other one is named, on two lines, so the ticks stay level at 1024 px.
    assert list(fig.layout.xaxis.ticktext) == ["H30<br>(2018)", "R2<br>(2020)", "R4<br>(2022)", "R6<br>(2024)",
                                               "R8<br>(2026)"]
    assert list(fig.layout.xaxis.tickvals) == [2018.5, 2020.5, 2022.5, 2024.5, 2026.5]
    fig = figures.event_participants(db.run("events"), i18n.t)
    names = [t.name for t in fig.data if t.name]
    assert names == ["自治体", "府省", "民間事業者"]
    assert list(fig.data[-1].text) == ["　計20名", "　計23名", "　計74名"]
