"""Exact figures of the map and municipality questions on the 2023-02-21 snapshot."""
from __future__ import annotations

import pytest

from dashboard.filters import Filters

AUTONOMOUS = Filters(techs=("自動運転",))
ENDED = Filters(statuses=("ended",))
ALL = Filters(statuses=())


def point(df, area_code: str):
    """The map point whose areas are exactly [area_code]."""
    rows = df[[list(c) == [area_code] for c in df["area_codes"]]]
    assert len(rows) == 1
    return rows.iloc[0]


def nonzero_counts(df) -> dict[int, int]:
    return {int(c): int(n) for c, n in zip(df["pref_code"], df["project_count"]) if n > 0}


# --- prefecture_project_counts -------------------------------------------------------------------

def test_prefecture_counts_default_all_47_in_jis_order(db):
    df = db.run("prefecture_project_counts", Filters())
    assert df["pref_code"].tolist() == list(range(1, 48))
    assert df["pref_name"].iloc[0] == "北海道" and df["pref_name"].iloc[46] == "沖縄県"
    assert nonzero_counts(df) == {
        1: 2, 3: 2, 4: 1, 5: 1, 8: 2, 9: 1, 10: 1, 11: 3, 12: 1, 16: 1, 17: 2, 20: 1, 21: 2, 22: 1, 23: 2, 24: 1,
        27: 4, 28: 2, 29: 2, 30: 2, 31: 1, 32: 1, 34: 1, 35: 1, 39: 1, 41: 1, 42: 1, 44: 1, 45: 1, 46: 2}
    assert len(nonzero_counts(df)) == 30
    assert int(df["project_count"].sum()) == 45  # no supported project spans two prefectures


def test_prefecture_counts_under_filters(db):
    autonomous = db.run("prefecture_project_counts", AUTONOMOUS)
    assert len(nonzero_counts(autonomous)) == 22
    assert int(autonomous["project_count"].sum()) == 27
    assert nonzero_counts(autonomous)[27] == 2 and nonzero_counts(autonomous)[1] == 1
    # Ended: H30-03 names 茨城県 and つくば市, both in 茨城県 - it counts once there.
    assert nonzero_counts(db.run("prefecture_project_counts", ENDED)) == {8: 1, 11: 1, 23: 2, 26: 1}
    everything = nonzero_counts(db.run("prefecture_project_counts", ALL))
    assert len(everything) == 31 and sum(everything.values()) == 50
    assert (everything[8], everything[11], everything[23], everything[27]) == (3, 4, 4, 4)
    assert nonzero_counts(db.run("prefecture_project_counts", Filters(prefs=(27,)))) == {27: 4}
    assert nonzero_counts(db.run("prefecture_project_counts", Filters(regions=("近畿",), fys=(2022,)))) == {
        24: 1, 27: 2, 28: 1, 29: 1, 30: 1}


# --- prefecture_projects ----------------------------------------------------------------------------

def test_prefecture_projects_in_jis_order(db):
    df = db.run("prefecture_projects", Filters(), row_limit=1000)
    assert len(df) == 45
    assert df["pref_code"].is_monotonic_increasing
    osaka = df[df["pref_code"] == 27]
    assert osaka["project_id"].tolist() == ["H30-11", "R4-05", "R2-06", "R4-06"]
    assert osaka["applicant"].tolist() == ["大阪府、河内長野市", "大阪府河内長野市", "大阪府四條畷市", "大阪府豊能町"]
    assert [list(x) for x in osaka["area_labels"]] == [["大阪府", "大阪府 河内長野市"], ["大阪府 河内長野市"],
                                                       ["大阪府 四條畷市"], ["大阪府 豊能町"]]
    hokkaido = df[df["pref_code"] == 1]
    assert hokkaido["project_id"].tolist() == ["H30-01", "R3-01"]
    assert list(hokkaido["area_codes"].iloc[0]) == ["01", "01210", "01639"]
    assert db.run("prefecture_projects", AUTONOMOUS, row_limit=1000)[["pref_name", "project_id"]].head(4).values.tolist() == [
        ["北海道", "H30-01"], ["岩手県", "R3-02"], ["秋田県", "R1-01"], ["茨城県", "R4-02"]]
    assert len(db.run("prefecture_projects", ALL, row_limit=1000)) == 50


def test_prefecture_projects_capped_per_prefecture(db):
    """$row_limit rows per prefecture, the first in the list's order; the counts are of all of them."""
    full = db.run("prefecture_projects", Filters(), row_limit=1000)
    first = db.run("prefecture_projects", Filters(), row_limit=1)
    assert first["project_id"].tolist() == full.drop_duplicates("pref_code")["project_id"].tolist()
    assert len(first) == 30 and set(first["row_count"]) == {45}
    assert dict(zip(first["pref_code"], first["pref_project_count"]))[27] == 4
    osaka = db.run("prefecture_projects", Filters(), row_limit=2)
    assert osaka[osaka["pref_code"] == 27]["project_id"].tolist() == ["H30-11", "R4-05"]


# --- map_points ---------------------------------------------------------------------------------------

def test_map_points_one_per_location(db):
    df = db.run("map_points", Filters(), row_limit=1000)
    assert len(df) == 47  # 48 supported applicant areas; 河内長野市 holds two projects
    k = point(df, "27216")
    assert list(k["project_ids"]) == ["H30-11", "R4-05"] and k["project_count"] == 2
    assert list(k["area_labels"]) == ["大阪府 河内長野市"]
    tsushima = point(df, "42209")
    assert (round(tsushima["lat"], 4), round(tsushima["lon"], 4)) == (34.2027, 129.2875)
    isen = point(df, "46532")
    assert (round(isen["lat"], 4), round(isen["lon"], 4)) == (27.6735, 128.9378)
    prefecture_points = df[df["is_prefecture_level_only"]]
    assert [list(c)[0] for c in prefecture_points["area_codes"]] == ["01", "09", "22", "27", "31", "44"]
    assert int(df["project_count"].sum()) == 48  # 45 projects; H30-01 is at three points, H30-11 at two
    assert len(db.run("map_points", AUTONOMOUS, row_limit=1000)) == 30
    # each point names its first $row_limit projects by id, with what the hover text says of each; the counts are of all
    assert list(k["applicants"]) == ["大阪府、河内長野市", "大阪府河内長野市"] and list(k["selected_fys"]) == [2018, 2022]
    assert list(k["statuses"]) == ["supported", "supported"]
    capped = point(db.run("map_points", Filters(), row_limit=1), "27216")
    assert list(capped["project_ids"]) == ["H30-11"] and list(capped["applicants"]) == ["大阪府、河内長野市"]
    assert capped["project_count"] == 2 and capped["supported_count"] == 2


def test_map_points_with_ended_projects(db):
    df = db.run("map_points", ALL, row_limit=1000)
    assert len(df) == 53
    aichi = point(df, "23")
    assert (aichi["supported_count"], aichi["ended_count"], bool(aichi["is_prefecture_level_only"])) == (0, 1, True)
    ended = db.run("map_points", ENDED, row_limit=1000)
    assert [list(c)[0] for c in ended["area_codes"]] == ["08", "08220", "11203", "23", "23211", "26206"]


def test_area_extent_holds_every_area(db):
    e = db.run("area_extent").iloc[0]
    assert e["area_row_count"] == 54
    assert (round(e["lat_min"], 4), round(e["lon_min"], 4)) == (27.6735, 128.9378)  # 伊仙町 in both
    assert (round(e["lat_max"], 4), round(e["lon_max"], 4)) == (43.7706, 143.1879)  # 旭川市, 更別村


# --- dossier ------------------------------------------------------------------------------------------

def test_dossier_area_options(db):
    df = db.run("dossier_area_options")
    assert len(df) == 53
    assert df["area_code"].tolist() == sorted(df["area_code"])
    labels = dict(zip(df["area_code"], df["area_label"]))
    assert labels["27216"] == "大阪府 河内長野市" and labels["27"] == "大阪府" and labels["01"] == "北海道"
    assert df["area_code"].tolist()[:4] == ["01", "01204", "01210", "01639"]
    counts = df.set_index("area_code")
    assert counts.at["27216", "project_count"] == 2
    assert (counts.at["08", "project_count"], counts.at["08", "supported_count"]) == (1, 0)


@pytest.mark.parametrize(("code", "ids"), [
    ("27216", ["H30-11", "R4-05"]), ("27", ["H30-11"]), ("01", ["H30-01"]), ("01210", ["H30-01"]),
    ("08", ["H30-03"]), ("99999", []), ("<script>", [])])
def test_projects_in_area(db, code, ids):
    assert db.run("projects_in_area", area_code=code, row_limit=1000)["project_id"].tolist() == ids


def test_projects_in_area_fields(db):
    df = db.run("projects_in_area", area_code="27216", row_limit=1000).set_index("project_id")
    assert list(df.at["H30-11", "area_labels"]) == ["大阪府", "大阪府 河内長野市"]
    assert (df.at["H30-11", "selected_fy"], df.at["H30-11", "support_max_last_fy"]) == (2018, 2022)
    assert (df.at["R4-05", "selected_fy"], df.at["R4-05", "support_max_last_fy"]) == (2022, 2026)
    assert df.at["R4-05", "title"] is None
    assert list(df.at["R4-05", "technologies"]) == ["AI", "IoT", "5G", "クラウドコンピューティング"]
    assert bool(df.at["R4-05", "technologies_more"]) is True


def test_projects_sharing_technologies_r4_05(db):
    df = db.run("projects_sharing_technologies", project_id="R4-05", row_limit=1000)
    assert len(df) == 24
    assert df[["project_id", "shared_count"]].head(5).values.tolist() == [
        ["R4-01", 4], ["R4-06", 4], ["R2-02", 3], ["R4-09", 3], ["R3-01", 2]]
    assert list(df["shared_technologies"].iloc[0]) == ["AI", "IoT", "5G", "クラウドコンピューティング"]
    assert list(df["shared_technologies"].iloc[2]) == ["AI", "IoT", "5G"]
    assert df["project_id"].tolist()[-1] == "R2-12"
    # most shared first, then JIS order of the first applicant area
    keys = list(zip(-df["shared_count"], df["first_area_code"]))
    assert keys == sorted(keys)
    assert "R4-05" not in df["project_id"].tolist() and set(df["status"]) == {"supported"}


def test_projects_sharing_technologies_others(db):
    autonomous = db.run("projects_sharing_technologies", project_id="H30-11", row_limit=1000)
    assert len(autonomous) == 26 and set(autonomous["shared_count"]) == {1}  # 27 自動運転 projects minus itself
    assert autonomous["project_id"].tolist()[:3] == ["H30-01", "R3-02", "R1-01"]
    tsushima = db.run("projects_sharing_technologies", project_id="R2-11", row_limit=1000)
    assert len(tsushima) == 41
    assert tsushima[["project_id", "shared_count"]].head(6).values.tolist() == [
        ["R2-02", 3], ["R4-03", 3], ["R1-04", 3], ["R2-06", 3], ["R3-08", 3], ["R4-10", 3]]
    assert db.run("projects_sharing_technologies", project_id="H30-03", row_limit=1000).empty  # ended: no technologies published
    assert db.run("projects_sharing_technologies", project_id="nope", row_limit=1000).empty
