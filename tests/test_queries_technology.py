"""Exact figures of the 技術 page's questions, on the real snapshot.

The expected numbers were counted by hand from data/sources/2023-02-21/supported_projects.csv (001 p.3).
"""
from __future__ import annotations

import pytest

from dashboard.filters import Filters
from dashboard.query import params_of, query_text

TECH_QUERIES = ("technology_counts", "technology_list_coverage", "technology_by_year", "technology_cooccurrence",
                "technology_by_region")

# projects using each technology among the 45 supported in FY R4, and how many of those lists end with 「等」
SUPPORTED_COUNTS = {"自動運転": 27, "AI": 23, "IoT": 21, "ドローン": 10, "ロボット": 5, "VR/AR": 5, "キャッシュレス": 5,
                    "5G": 4, "クラウドコンピューティング": 4, "ブロックチェーン": 2, "ビッグデータ": 2}
SUPPORTED_MORE = {"自動運転": 11, "AI": 13, "IoT": 15, "ドローン": 3, "ロボット": 1, "VR/AR": 3, "キャッシュレス": 1,
                  "5G": 3, "クラウドコンピューティング": 4, "ブロックチェーン": 1, "ビッグデータ": 2}


@pytest.mark.parametrize("name", TECH_QUERIES)
def test_query_files_follow_the_conventions(name):
    text = query_text(name)
    assert text.startswith("-- ") and text.splitlines()[0].rstrip().endswith("?")
    assert "WITH " in text
    # the filters are applied in one place: the projects' macro, or its twin with one row per applicant area
    assert ("FROM filtered_projects($tech, $fy, $pref, $region, $status)" in text
            or "FROM filtered_project_areas($tech, $fy, $pref, $region, $status)" in text)
    assert {"tech", "fy", "pref", "region", "status"} <= params_of(name)


def test_counts_per_technology(db):
    df = db.run("technology_counts").set_index("technology")
    assert df["project_count"].to_dict() == SUPPORTED_COUNTS
    assert df["list_ends_with_more_count"].to_dict() == SUPPORTED_MORE
    assert df.loc["自動運転", "share_of_matching_pct"] == 60.0
    assert df.loc["AI", "share_of_matching_pct"] == 51.1
    assert list(df.index[:3]) == ["自動運転", "AI", "IoT"]


def test_list_coverage(db):
    row = db.run("technology_list_coverage").iloc[0].to_dict()
    assert row == {"matching_count": 45, "listed_count": 45, "unlisted_count": 0, "list_ends_with_more_count": 20}
    # ended projects have no published technology list
    row = db.run("technology_list_coverage", Filters(statuses=())).iloc[0].to_dict()
    assert row == {"matching_count": 50, "listed_count": 45, "unlisted_count": 5, "list_ends_with_more_count": 20}
    row = db.run("technology_list_coverage", Filters(statuses=("ended",))).iloc[0].to_dict()
    assert row == {"matching_count": 5, "listed_count": 0, "unlisted_count": 5, "list_ends_with_more_count": 0}
    row = db.run("technology_list_coverage", Filters(techs=("自動運転",))).iloc[0].to_dict()
    assert row == {"matching_count": 27, "listed_count": 27, "unlisted_count": 0, "list_ends_with_more_count": 11}


def test_counts_under_a_technology_filter(db):
    df = db.run("technology_counts", Filters(techs=("自動運転",))).set_index("technology")
    assert df["project_count"].to_dict() == {
        "自動運転": 27, "AI": 9, "IoT": 8, "ドローン": 6, "キャッシュレス": 3, "ロボット": 2, "VR/AR": 2, "5G": 1,
        "ブロックチェーン": 1, "クラウドコンピューティング": 0, "ビッグデータ": 0}


def test_by_year(db):
    df = db.run("technology_by_year")
    assert len(df) == 11 * 5
    assert sorted(df["fiscal_year"].unique()) == [2018, 2019, 2020, 2021, 2022]
    grid = df.pivot(index="technology", columns="fiscal_year_label", values="project_count")
    assert grid.loc["自動運転"].to_dict() == {"H30": 5, "R1": 4, "R2": 9, "R3": 5, "R4": 4}
    assert grid.loc["AI"].to_dict() == {"H30": 2, "R1": 2, "R2": 5, "R3": 6, "R4": 8}
    assert grid.loc["クラウドコンピューティング"].to_dict() == {"H30": 0, "R1": 0, "R2": 0, "R3": 0, "R4": 4}
    # each row adds up to the technology's total
    assert grid.sum(axis=1).to_dict() == SUPPORTED_COUNTS


def test_by_year_under_a_year_filter(db):
    df = db.run("technology_by_year", Filters(fys=(2020,)))
    assert df["fiscal_year_label"].unique().tolist() == ["R2"]
    assert df.set_index("technology")["project_count"].to_dict() == {
        "AI": 5, "IoT": 6, "5G": 1, "クラウドコンピューティング": 0, "自動運転": 9, "ドローン": 4, "ロボット": 0,
        "VR/AR": 2, "キャッシュレス": 1, "ブロックチェーン": 0, "ビッグデータ": 0}


def test_cooccurrence(db):
    df = db.run("technology_cooccurrence")
    assert len(df) == 121
    m = df.pivot(index="technology_a", columns="technology_b", values="project_count")
    assert (m.to_numpy() == m.to_numpy().T).all()
    assert {t: m.loc[t, t] for t in SUPPORTED_COUNTS} == SUPPORTED_COUNTS
    assert m.loc["AI", "IoT"] == 19
    assert m.loc["自動運転"].to_dict() == {
        "AI": 9, "IoT": 8, "5G": 1, "クラウドコンピューティング": 0, "自動運転": 27, "ドローン": 6, "ロボット": 2,
        "VR/AR": 2, "キャッシュレス": 3, "ブロックチェーン": 1, "ビッグデータ": 0}
    assert m.loc["キャッシュレス", "ブロックチェーン"] == 2
    assert df.loc[df["is_diagonal"], "project_count"].sum() == sum(SUPPORTED_COUNTS.values())


def test_by_region(db):
    df = db.run("technology_by_region")
    regions = df.drop_duplicates("region")
    assert regions["region"].tolist() == ["北海道", "東北", "関東", "中部", "近畿", "中国", "四国", "九州・沖縄"]
    assert regions.set_index("region")["region_project_count"].to_dict() == {
        "北海道": 2, "東北": 4, "関東": 8, "中部": 9, "近畿": 11, "中国": 4, "四国": 1, "九州・沖縄": 6}
    grid = df.pivot(index="region", columns="technology", values="project_count")
    assert grid["自動運転"].to_dict() == {"北海道": 1, "東北": 2, "関東": 6, "中部": 6, "近畿": 6, "中国": 1,
                                         "四国": 1, "九州・沖縄": 4}
    assert grid.loc["近畿"][lambda s: s > 0].to_dict() == {
        "AI": 7, "IoT": 6, "5G": 2, "クラウドコンピューティング": 3, "自動運転": 6, "ドローン": 1, "ビッグデータ": 2}
    # no project has areas in two regions today, so the columns add up to the national counts
    assert grid.sum().to_dict() == SUPPORTED_COUNTS
    row = df[(df["region"] == "北海道") & (df["technology"] == "ロボット")].iloc[0]
    assert row["share_of_region_pct"] == 100.0


def test_by_region_with_ended_projects(db):
    df = db.run("technology_by_region", Filters(statuses=())).drop_duplicates("region").set_index("region")
    assert df.loc["関東", ["region_project_count", "region_listed_count"]].tolist() == [10, 8]
    assert df.loc["中部", ["region_project_count", "region_listed_count"]].tolist() == [11, 9]
    assert df.loc["近畿", ["region_project_count", "region_listed_count"]].tolist() == [12, 11]


def test_by_region_under_a_region_filter(db):
    df = db.run("technology_by_region", Filters(regions=("関東",)))
    totals = df.drop_duplicates("region").set_index("region")["region_project_count"]
    assert totals.to_dict() == {"北海道": 0, "東北": 0, "関東": 8, "中部": 0, "近畿": 0, "中国": 0, "四国": 0,
                                "九州・沖縄": 0}


def test_unknown_filter_values_match_nothing(db):
    f = Filters(techs=("存在しない技術",))
    assert db.run("technology_list_coverage", f).iloc[0]["matching_count"] == 0
    assert db.run("technology_by_year", f)["project_count"].sum() == 0
    assert db.run("technology_cooccurrence", f)["project_count"].sum() == 0
    assert db.run("technology_by_region", f)["project_count"].sum() == 0
