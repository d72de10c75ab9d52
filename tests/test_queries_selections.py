"""Exact figures of the 選定数 page's questions, on the real snapshot (001 p.1–p.3, 000 slide 5)."""
from __future__ import annotations

import math

import pytest

from dashboard.filters import Filters
from dashboard.query import query_text

SEL_QUERIES = ("related_program_selections", "program_budgets", "ended_projects")


@pytest.mark.parametrize("name", SEL_QUERIES)
def test_query_files_follow_the_conventions(name):
    text = query_text(name)
    assert text.startswith("-- ") and "?" in text.splitlines()[0]
    assert "WITH " in text


def test_selections_by_year(db):
    df = db.run("selections_by_year")
    assert df["fiscal_year_label"].tolist() == ["H30", "R1", "R2", "R3", "R4"]
    assert df["selected_count"].tolist() == [14, 8, 12, 9, 10]
    assert df["cumulative_selected_count"].tolist() == [14, 22, 34, 43, 53]
    assert df["supported_count"].tolist() == [9, 5, 12, 9, 10]
    assert df["ended_count"].tolist() == [5, 3, 0, 0, 0]
    assert df["ended_named_count"].tolist() == [5, 0, 0, 0, 0]
    assert df["ended_unnamed_count"].tolist() == [0, 3, 0, 0, 0]
    # agrees with the published totals (001 p.1)
    totals = db.run("program_totals").set_index("metric")["value_count"].to_dict()
    assert totals == {"selected_total": 53, "supported_total": 45, "ended_total": 8}
    assert df["selected_count"].sum() == 53 and df["supported_count"].sum() == 45 and df["ended_count"].sum() == 8


def test_selections_by_year_matching(db):
    assert db.run("selections_by_year", Filters(techs=("自動運転",)))["matching_count"].tolist() == [5, 4, 9, 5, 4]
    assert db.run("selections_by_year", Filters(fys=(2020,)))["matching_count"].tolist() == [0, 0, 12, 0, 0]
    assert db.run("selections_by_year", Filters(statuses=()))["matching_count"].tolist() == [14, 5, 12, 9, 10]


def test_ended_projects_are_the_five_named_h30_ones(db):
    df = db.run("ended_projects", row_limit=1000)
    assert df["project_id"].tolist() == ["H30-03", "H30-04", "H30-06", "H30-09", "H30-10"]
    assert df["applicant"].tolist() == ["茨城県、つくば市", "埼玉県川口市", "愛知県", "愛知県豊田市", "京都府亀岡市"]
    assert df["selected_fy_label"].unique().tolist() == ["H30"]
    assert df["is_status_inferred"].all()
    assert set(zip(df["title_source_id"], df["title_source_page"])) == {("000", 5)}
    # no R1 project is named as ended anywhere
    assert not (df["selected_fy"] == 2019).any()
    assert set(df["row_count"]) == {5}
    first = db.run("ended_projects", row_limit=2)  # the first in selection order; row_count counts them all
    assert first["project_id"].tolist() == ["H30-03", "H30-04"] and set(first["row_count"]) == {5}


def test_related_program_selections(db):
    df = db.run("related_program_selections")
    by_program = {p: dict(zip(g["fiscal_year_label"], g["selected_count"])) for p, g in df.groupby("program", sort=False)}
    assert by_program == {
        "未来技術社会実装事業": {"H30": 14, "R1": 8, "R2": 12, "R3": 9, "R4": 10},
        "地域課題解決のためのスマートシティ推進事業": {"H29": 6, "H30": 3, "R1": 5, "R2": 5, "R3": 9, "R4": 12},
        "スマートシティ実装化支援事業": {"R1": 15, "R2": 14, "R3": 20, "R4": 14},
        "地域新MaaS創出推進事業": {"R1": 13, "R2": 16, "R3": 14, "R4": 11},
        "日本版MaaS推進・支援事業": {"R1": 19, "R2": 36, "R3": 12, "R4": 6},
    }
    ministries = df.drop_duplicates("program").set_index("program")["ministry"].to_dict()
    assert ministries == {"未来技術社会実装事業": "内閣府", "地域課題解決のためのスマートシティ推進事業": "総務省",
                          "スマートシティ実装化支援事業": "国土交通省", "地域新MaaS創出推進事業": "経済産業省",
                          "日本版MaaS推進・支援事業": "国土交通省"}
    # a year without a published count has no row, never a 0
    assert (df["selected_count"] > 0).all()
    assert len(df) == 23


def test_program_budgets_as_published(db):
    df = db.run("program_budgets").set_index("program")
    assert df["budget_text"].to_dict() == {
        "未来技術社会実装事業": "0.3億円の内数", "地域課題解決のためのスマートシティ推進事業": "4.0億円",
        "スマートシティ実装化支援事業": "2.8億円", "地域新MaaS創出推進事業": "数億円", "日本版MaaS推進・支援事業": "0.55億円"}
    amounts = df["budget_oku_yen"].to_dict()
    assert math.isnan(amounts.pop("未来技術社会実装事業")) and math.isnan(amounts.pop("地域新MaaS創出推進事業"))
    assert amounts == {"地域課題解決のためのスマートシティ推進事業": 4.0, "スマートシティ実装化支援事業": 2.8,
                       "日本版MaaS推進・支援事業": 0.55}
    assert df["is_budget_numeric"].sum() == 3
    assert df["fiscal_year_label"].unique().tolist() == ["R5"]
    assert df["ministry_domain"].to_dict() == {
        "未来技術社会実装事業": "cao.go.jp", "地域課題解決のためのスマートシティ推進事業": "soumu.go.jp",
        "スマートシティ実装化支援事業": "mlit.go.jp", "地域新MaaS創出推進事業": "meti.go.jp",
        "日本版MaaS推進・支援事業": "mlit.go.jp"}
    assert df.loc["未来技術社会実装事業", "budget_note"] == "シンポジウム等、普及啓発を目的とした取組に係る費用等"
