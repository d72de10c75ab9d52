"""AppTest of the 選定数 page: exact rendered values under filters, shared URLs and tampered URLs."""
from __future__ import annotations


import pytest
from streamlit.testing.v1 import AppTest

from tests.apptest_helpers import open_app, plotly_charts, plotly_values, shown_text

PAGE = "pages/selections_page.py"
YEARS = ["H30 (2018)", "R1 (2019)", "R2 (2020)", "R3 (2021)", "R4 (2022)"]
BUDGET_LINES = ["- 未来技術社会実装事業（内閣府）: **0.3億円の内数**",
                "- 地域課題解決のためのスマートシティ推進事業（総務省）: **4.0億円**",
                "- スマートシティ実装化支援事業（国土交通省）: **2.8億円**",
                "- 地域新MaaS創出推進事業（経済産業省）: **数億円**",
                "- 日本版MaaS推進・支援事業（国土交通省）: **0.55億円**"]


def open_page(**params) -> tuple[AppTest, list[str]]:
    return open_app(PAGE, params)


values = plotly_values


charts = plotly_charts


def table(at: AppTest, columns: list[str]):
    return next(d.value for d in at.dataframe if list(d.value.columns) == columns)


def markdown(at: AppTest) -> str:
    return "\n".join(shown_text(m.value) for m in at.markdown)


def captions(at: AppTest) -> str:
    return "\n".join(shown_text(c.value) for c in at.caption)


def check_published_figures(at: AppTest) -> None:
    """What the page shows that no filter changes."""
    assert [m.value for m in at.metric][1:] == ["53 事業", "45 事業", "8 事業"]
    by_year = table(at, ["fiscal_year", "fiscal_year_label", "selected_count", "cumulative_selected_count",
                         "supported_count", "ended_count", "ended_named_count", "ended_unnamed_count",
                         "matching_count"])
    assert by_year["fiscal_year_label"].tolist() == ["H30", "R1", "R2", "R3", "R4"]
    assert by_year["selected_count"].tolist() == [14, 8, 12, 9, 10]
    assert by_year["cumulative_selected_count"].tolist() == [14, 22, 34, 43, 53]
    assert by_year["supported_count"].tolist() == [9, 5, 12, 9, 10]
    assert by_year["ended_named_count"].tolist() == [5, 0, 0, 0, 0]
    assert by_year["ended_unnamed_count"].tolist() == [0, 3, 0, 0, 0]

    specs = charts(at)
    bars, line = specs["sel_cumulative"]["data"]
    assert bars["x"] == YEARS and values(bars["y"]) == [14, 8, 12, 9, 10]
    assert values(line["y"]) == [14, 22, 34, 43, 53]
    supported, named, unnamed = specs["sel_status"]["data"][:3]
    assert (supported["name"], values(supported["y"])) == ("支援中（R4年度）", [9, 5, 12, 9, 10])
    assert (named["name"], values(named["y"])) == ("支援終了（名称公表あり）", [5, 0, 0, 0, 0])
    assert (unnamed["name"], values(unnamed["y"])) == ("支援終了（名称の記載なし）", [0, 3, 0, 0, 0])

    text = markdown(at)
    assert "**H30 (2018)**: 選定 14 事業のうち、支援中 9 事業・支援終了 5 事業。" in text
    assert ("**R1 (2019)**: 選定 8 事業のうち、支援中 5 事業・支援終了 3 事業。"
            "**支援終了の 3 事業は、出典資料のどこにも名称が記載されていません**") in text
    ended = table(at, ["selected_fy_label", "applicant", "title"])
    assert ended["applicant"].tolist() == ["茨城県、つくば市", "埼玉県川口市", "愛知県", "愛知県豊田市", "京都府亀岡市"]
    assert ended["selected_fy_label"].tolist() == ["H30"] * 5

    related = specs["sel_related"]
    bars = {t["name"]: dict(zip(t["x"], values(t["y"]))) for t in related["data"]}
    assert bars == {
        "未来技術社会実装事業": dict(zip(YEARS, [14, 8, 12, 9, 10])),
        "地域課題解決のためのスマートシティ推進事業": dict(zip(["H29 (2017)"] + YEARS, [6, 3, 5, 5, 9, 12])),
        "スマートシティ実装化支援事業": dict(zip(YEARS[1:], [15, 14, 20, 14])),
        "地域新MaaS創出推進事業": dict(zip(YEARS[1:], [13, 16, 14, 11])),
        "日本版MaaS推進・支援事業": dict(zip(YEARS[1:], [19, 36, 12, 6])),
    }
    # years without a published count are labelled, never drawn as 0
    assert [a["text"] for a in related["layout"]["annotations"]].count("記載なし") == 7
    assert all(v > 0 for program in bars.values() for v in program.values())

    budget = specs["sel_budgets"]["data"]
    assert len(budget) == 1
    assert values(budget[0]["x"]) == [4.0, 2.8, 0.55]
    assert list(budget[0]["text"]) == ["4.0億円", "2.8億円", "0.55億円"]
    for line in BUDGET_LINES:
        assert line in text
    assert "- 未来技術社会実装事業: 「0.3億円の内数」（シンポジウム等、普及啓発を目的とした取組に係る費用等）" in text
    assert "- 地域新MaaS創出推進事業: 「数億円」" in text
    budgets = table(at, ["program", "ministry", "fiscal_year_label", "budget_text", "budget_oku_yen", "budget_note",
                         "contact_email"])
    assert budgets["budget_text"].tolist() == ["0.3億円の内数", "4.0億円", "2.8億円", "数億円", "0.55億円"]
    assert budgets["budget_oku_yen"].isna().tolist() == [True, False, False, True, False]
    assert ("※ 府省名は資料に明記されていないため、各事業の問い合わせ先メールアドレスのドメインから推定しています（"
            "cao.go.jp → 内閣府、soumu.go.jp → 総務省、mlit.go.jp → 国土交通省、meti.go.jp → 経済産業省）。") in captions(at)
    assert "内閣府地方創生推進事務局「近未来技術等社会実装事業について」スライド5" in captions(at)


def test_default_view():
    at, warnings = open_page()
    assert warnings == []
    assert at.title[0].value == "選定数"
    assert at.metric[0].value == "45 / 45 事業"
    check_published_figures(at)
    assert len(charts(at)["sel_status"]["data"]) == 4  # no 条件に合う marker without filters


def test_shared_link_with_a_technology_marks_the_matching_projects():
    at, warnings = open_page(tech="自動運転")
    assert warnings == []
    assert at.metric[0].value == "27 / 45 事業"
    check_published_figures(at)
    marker = charts(at)["sel_status"]["data"][4]
    assert marker["name"] == "条件に合う事業"
    assert values(marker["y"]) == [5, 4, 9, 5, 4]


def test_all_statuses_and_year_filter():
    at, _ = open_page(status="all", fy="2020")
    assert at.metric[0].value == "12 / 50 事業"
    check_published_figures(at)
    assert values(charts(at)["sel_status"]["data"][4]["y"]) == [0, 0, 12, 0, 0]


def test_sidebar_change_keeps_the_published_figures():
    at, _ = open_page()
    at.radio(key="f_status").set_value("支援終了").run()
    assert not at.exception
    assert at.metric[0].value == "5 / 5 事業"
    check_published_figures(at)
    assert values(charts(at)["sel_status"]["data"][4]["y"]) == [5, 0, 0, 0, 0]


@pytest.mark.parametrize("params, dropped", [
    ({"tech": "存在しない技術"}, "tech=存在しない技術"),
    ({"fy": "abc"}, "fy=abc"),
    ({"pref": "99"}, "pref=99"),
    ({"region": "x" * 1000}, "（1000文字）"),
    ({"tech": "<script>alert(1)</script>", "status": "<script>"}, "tech=<script>alert(1)</script>"),
])
def test_tampered_links(params, dropped):
    at, warnings = open_page(**params)
    assert len(warnings) == 1 and dropped in warnings[0]
    assert at.metric[0].value == "45 / 45 事業"
    check_published_figures(at)
