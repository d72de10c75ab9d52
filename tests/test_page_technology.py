"""AppTest of the 技術 page: exact rendered values under filters, shared URLs and tampered URLs."""
from __future__ import annotations


import pytest
from streamlit.testing.v1 import AppTest

from tests.apptest_helpers import open_app, open_tables, plotly_charts, plotly_values

PAGE = "pages/technology_page.py"
ORDER = ["自動運転", "AI", "IoT", "ドローン", "ロボット", "VR/AR", "キャッシュレス", "5G", "クラウドコンピューティング",
         "ブロックチェーン", "ビッグデータ"]
COUNTS = [27, 23, 21, 10, 5, 5, 5, 4, 4, 2, 2]
MORE = [11, 13, 15, 3, 1, 3, 1, 3, 4, 1, 2]
YEARS = ["H30 (2018)", "R1 (2019)", "R2 (2020)", "R3 (2021)", "R4 (2022)"]


def open_page(**params) -> tuple[AppTest, list[str]]:
    return open_app(PAGE, params)


values = plotly_values


charts = plotly_charts


def table(at: AppTest, first_column: str):
    return next(d.value for d in open_tables(at).dataframe if d.value.columns[0] == first_column)


def heatmap_cells(spec: dict) -> dict[tuple[str, str], int]:
    """(row, column) -> the number printed in the cell (the heatmap's text-only scatter trace)."""
    text = next(t for t in spec["data"] if t["type"] == "scatter" and t.get("mode") == "text")
    return {(y, x): int(v) for x, y, v in zip(text["x"], text["y"], text["text"])}


def metrics(at: AppTest) -> list[str]:
    return [m.value for m in at.metric]


def test_default_view_all_supported_projects():
    at, warnings = open_page()
    assert warnings == []
    assert at.title[0].value == "活用技術"
    assert metrics(at) == ["45 / 45 事業", "45 事業", "20 / 45 事業"]
    assert any("「少なくともこの数の事業が使っている」下限です" in c.value for c in at.caption)
    assert "出典: 内閣府地方創生推進事務局「未来技術社会実装事業」p.3（データ時点 2023-02-21）" in [c.value for c in at.caption]

    counts = table(at, "技術")
    assert counts["技術"].tolist() == ORDER
    assert counts["事業数"].tolist() == COUNTS
    assert counts["うち一覧が「等」で終わる事業数"].tolist() == MORE
    assert counts["条件に合う事業に占める割合(%)"].tolist()[:3] == [60.0, 51.1, 46.7]

    specs = charts(at)
    assert set(specs) == {"tech_counts", "tech_by_year", "tech_pairs", "tech_by_region"}
    plain, more, total = specs["tech_counts"]["data"]
    assert plain["y"] == ORDER
    assert values(plain["x"]) == [c - m for c, m in zip(COUNTS, MORE)]
    assert values(more["x"]) == MORE
    assert total["text"][0] == "27 事業（60.0%）"
    assert total["text"][-1] == "2 事業（4.4%）"

    years = specs["tech_by_year"]
    assert years["data"][0]["x"] == YEARS
    assert years["data"][0]["y"] == ORDER
    cells = heatmap_cells(years)
    assert [cells[("自動運転", y)] for y in YEARS] == [5, 4, 9, 5, 4]
    assert [cells[("クラウドコンピューティング", y)] for y in YEARS] == [0, 0, 0, 0, 4]

    pairs = heatmap_cells(specs["tech_pairs"])
    assert len(pairs) == 121
    assert [pairs[(t, t)] for t in ORDER] == COUNTS
    assert pairs[("AI", "IoT")] == pairs[("IoT", "AI")] == 19
    assert pairs[("自動運転", "AI")] == 9

    regions = specs["tech_by_region"]
    assert regions["data"][0]["x"] == ["北海道<br>（2事業）", "東北<br>（4事業）", "関東<br>（8事業）", "中部<br>（9事業）",
                                       "近畿<br>（11事業）", "中国<br>（4事業）", "四国<br>（1事業）", "九州・沖縄<br>（6事業）"]
    cells = heatmap_cells(regions)
    assert cells[("自動運転", "関東<br>（8事業）")] == 6
    assert cells[("AI", "近畿<br>（11事業）")] == 7
    assert cells[("ロボット", "北海道<br>（2事業）")] == 2
    assert any("地域がある地方それぞれで1件と数えます" in c.value for c in at.caption)


def test_shared_link_with_a_technology():
    at, warnings = open_page(tech="自動運転")
    assert warnings == []
    assert metrics(at) == ["27 / 45 事業", "27 事業", "11 / 27 事業"]
    assert "技術\\: 自動運転" in next(m.value for m in at.markdown if m.value.startswith("**条件**"))
    counts = table(at, "技術").set_index("技術")
    assert counts["事業数"].to_dict() == {
        "自動運転": 27, "AI": 9, "IoT": 8, "ドローン": 6, "キャッシュレス": 3, "ロボット": 2, "VR/AR": 2, "5G": 1,
        "ブロックチェーン": 1, "クラウドコンピューティング": 0, "ビッグデータ": 0}
    assert counts.loc["AI", "条件に合う事業に占める割合(%)"] == 33.3
    pairs = heatmap_cells(charts(at)["tech_pairs"])
    assert pairs[("自動運転", "自動運転")] == 27
    assert pairs[("AI", "IoT")] == 7


def test_year_filter_shows_only_that_year():
    at, _ = open_page(fy="2020")
    assert metrics(at) == ["12 / 45 事業", "12 事業", "9 / 12 事業"]
    years = charts(at)["tech_by_year"]
    assert years["data"][0]["x"] == ["R2 (2020)"]
    cells = heatmap_cells(years)
    assert {t: cells[(t, "R2 (2020)")] for t in ORDER if cells[(t, "R2 (2020)")]} == {
        "自動運転": 9, "AI": 5, "IoT": 6, "ドローン": 4, "VR/AR": 2, "キャッシュレス": 1, "5G": 1}


def test_region_and_prefecture_filters():
    at, _ = open_page(region="関東")
    assert metrics(at)[0] == "8 / 45 事業"
    cells = heatmap_cells(charts(at)["tech_by_region"])
    assert cells[("自動運転", "関東<br>（8事業）")] == 6
    assert cells[("自動運転", "近畿<br>（0事業）")] == 0

    at, _ = open_page(pref="27")  # 大阪府
    assert metrics(at)[0] == "4 / 45 事業"
    counts = table(at, "技術").set_index("技術")["事業数"]
    assert counts[counts > 0].to_dict() == {"AI": 3, "IoT": 3, "5G": 2, "クラウドコンピューティング": 2, "自動運転": 2}


def test_all_statuses_explains_the_unlisted_ended_projects():
    at, _ = open_page(status="all")
    assert metrics(at) == ["50 / 50 事業", "45 事業", "20 / 45 事業"]
    assert [i.value for i in at.info] == [
        "条件に合う 50 事業のうち 5 事業は支援終了の事業で、活用技術が公表されていないため技術別の件数にも割合の分母にも"
        "含まれません（割合は活用技術が公表されている事業に占める割合）。"]
    assert table(at, "技術")["事業数"].tolist() == COUNTS
    regions = charts(at)["tech_by_region"]["data"][0]["x"]
    assert "関東<br>（10事業・<br>技術公表8）" in regions


def test_ended_only_has_no_technology_data_and_says_so():
    at, _ = open_page(status="ended")
    assert metrics(at) == ["5 / 5 事業"]
    assert len(at.warning) == 1 and "活用技術が公表されている事業がありません" in at.warning[0].value
    assert charts(at) == {}


def test_sidebar_filter_updates_the_page_and_the_url():
    at, _ = open_page()
    at.multiselect(key="f_tech").set_value(["ドローン"]).run()
    assert not at.exception
    assert metrics(at) == ["10 / 45 事業", "10 事業", "3 / 10 事業"]
    assert at.query_params["tech"] == "ドローン" or at.query_params["tech"] == ["ドローン"]
    at.multiselect(key="f_fy").set_value([2022]).run()  # no drone project was selected in R4
    assert not at.exception
    assert metrics(at) == ["0 / 45 事業"]
    assert [w.value for w in at.warning] == ["条件に合う事業がありません。絞り込み条件を変えてください。"]
    assert charts(at) == {}
    at.button[0].click().run()  # 条件をクリア
    assert metrics(at) == ["45 / 45 事業", "45 事業", "20 / 45 事業"]


@pytest.mark.parametrize("params, dropped", [
    ({"tech": "量子コンピュータ"}, "tech=量子コンピュータ"),
    ({"fy": "abc"}, "fy=abc"),
    ({"pref": "99"}, "pref=99"),
    ({"tech": "あ" * 1000}, "（1000文字）"),
    ({"tech": "<script>alert(1)</script>"}, "tech=<script>alert(1)</script>"),
    ({"fy": ["abc", "2020"], "pref": "99", "region": "<b>x</b>"}, "fy=abc"),
])
def test_tampered_links_are_ignored_with_a_notice(params, dropped):
    at, warnings = open_page(**params)
    assert len(warnings) == 1 and dropped in warnings[0]
    expected = "12 / 45 事業" if params.get("fy") == ["abc", "2020"] else "45 / 45 事業"
    assert metrics(at)[0] == expected
    assert len(charts(at)) == 4
    if expected == "45 / 45 事業":
        assert table(at, "技術")["事業数"].tolist() == COUNTS


def test_year_heatmap_years_are_on_two_lines():
    """'H30 (2018)R1 (2019)': on one line the years ran into each other at 1024 px; English years have no space."""
    import pandas as pd

    from dashboard import i18n
    from dashboard.figures.technology import year_heatmap

    by_year = pd.DataFrame({"technology": ["AI", "AI"], "fiscal_year": [2018, 2019], "project_count": [1, 2]})
    ja = year_heatmap(by_year, ["AI"], lambda key, **kw: i18n.t(key, "ja", **kw)).layout.xaxis
    assert list(ja.ticktext) == ["H30<br>(2018)", "R1<br>(2019)"] and list(ja.tickvals) == ["H30 (2018)", "R1 (2019)"]
