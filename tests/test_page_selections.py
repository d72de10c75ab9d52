"""AppTest of the 選定数 page: exact rendered values under filters, shared URLs and tampered URLs.

The page is a list of panels (dashboard/panels/selections.py); tables carry glossary labels."""
from __future__ import annotations


import pytest
from streamlit.testing.v1 import AppTest

from tests.apptest_helpers import open_app, open_tables, plotly_charts, plotly_values, shown_text

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
    return next(d.value for d in open_tables(at).dataframe if list(d.value.columns) == columns)


def markdown(at: AppTest) -> str:
    return "\n".join(shown_text(m.value) for m in at.markdown)


def captions(at: AppTest) -> str:
    return "\n".join(shown_text(c.value) for c in at.caption)


YEAR_TABLE = ["採択年度", "採択年度（西暦）", "選定数（公表値）", "累計選定数", "支援中", "支援終了", "支援終了（名称公表）",
              "支援終了（名称非公表）", "条件に合う事業数"]


def check_published_figures(at: AppTest) -> None:
    """What the page shows that no filter changes."""
    assert [m.value for m in at.metric][1:] == ["53 事業", "45 事業", "8 事業"]
    metric_labels = [m.label for m in at.metric][1:]
    assert metric_labels == ["選定事業数（H30〜R4 合計）", "支援中（R4年度）", "支援終了（R3年度末まで）"]
    by_year = table(at, YEAR_TABLE)
    assert by_year["採択年度"].tolist() == ["H30", "R1", "R2", "R3", "R4"]
    assert by_year["選定数（公表値）"].tolist() == [14, 8, 12, 9, 10]
    assert by_year["累計選定数"].tolist() == [14, 22, 34, 43, 53]
    assert by_year["支援中"].tolist() == [9, 5, 12, 9, 10]
    assert by_year["支援終了（名称公表）"].tolist() == [5, 0, 0, 0, 0]
    assert by_year["支援終了（名称非公表）"].tolist() == [0, 3, 0, 0, 0]
    cumulative = table(at, YEAR_TABLE[:4])
    assert cumulative["累計選定数"].tolist() == [14, 22, 34, 43, 53]

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
    assert "支援終了は合計 8 事業（001 p.1「8事業はR3年度末までに支援終了」）。" in text
    ended = table(at, ["採択年度", "申請者", "事業名"])
    assert ended["申請者"].tolist() == ["茨城県、つくば市", "埼玉県川口市", "愛知県", "愛知県豊田市", "京都府亀岡市"]
    assert ended["採択年度"].tolist() == ["H30"] * 5
    assert "名称が分かる支援終了の事業は 5 事業です。" in text
    assert "- **愛知県豊田市**（H30年度選定）: 様々な生活シーンに対応し、社会インフラと協調する、先進モビリティ活用事業" in text

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
    assert [a["text"] for a in related["layout"]["annotations"] if a["text"] != "記載なし"] == [
        "未来技術社会実装事業（内閣府）", "地域課題解決のためのスマートシティ推進事業（総務省）",
        "スマートシティ実装化支援事業（国土交通省）", "地域新MaaS創出推進事業（経済産業省）",
        "日本版MaaS推進・支援事業（国土交通省）"]
    assert all(v > 0 for program in bars.values() for v in program.values())

    budget = specs["sel_budgets"]["data"]
    assert len(budget) == 1
    assert values(budget[0]["x"]) == [4.0, 2.8, 0.55]
    assert list(budget[0]["text"]) == ["4.0億円", "2.8億円", "0.55億円"]
    for line in BUDGET_LINES:
        assert line in text
    assert "- 未来技術社会実装事業: 「0.3億円の内数」（シンポジウム等、普及啓発を目的とした取組に係る費用等）" in text
    assert "- 地域新MaaS創出推進事業: 「数億円」" in text
    assert "**公表された予算額（R5年度、すべての事業）**" in text
    budgets = table(at, ["事業制度", "府省", "予算年度", "予算（資料の表記）", "予算（億円）", "予算の注記", "連絡先メール"])
    assert budgets["予算（資料の表記）"].tolist() == ["0.3億円の内数", "4.0億円", "2.8億円", "数億円", "0.55億円"]
    # 「0.3億円の内数」「数億円」 are not amounts: blank in the 億円 column, never 0
    amounts = ["" if v is None or v == "" or v != v else float(v) for v in budgets["予算（億円）"]]
    assert amounts == ["", 4.0, 2.8, "", 0.55]
    assert ("※ 府省名は資料に明記されていないため、各事業の問い合わせ先メールアドレスのドメインから推定しています（"
            "cao.go.jp → 内閣府、soumu.go.jp → 総務省、mlit.go.jp → 国土交通省、meti.go.jp → 経済産業省）。") in text
    assert "内閣府地方創生推進事務局「近未来技術等社会実装事業について」スライド5" in captions(at)


def test_default_view():
    at, warnings = open_page()
    assert warnings == []
    assert at.title[0].value == "選定数"
    assert at.metric[0].value == "45 / 45 事業"
    check_published_figures(at)
    assert len(charts(at)["sel_status"]["data"]) == 4  # no 条件に合う marker without filters
    assert [s.value for s in at.subheader] == [
        "公表された事業数", "年度別の選定数と累計", "支援中・支援終了の内訳（採択年度別）", "名称が公表されている支援終了の事業",
        "関連する他府省の事業との比較", "関連事業の予算（公表どおり）"]
    assert not any(c.value.startswith("この図は公表された集計値") for c in at.caption)


def test_published_panels_say_the_filters_do_not_apply():
    """Under a filter every panel but the support-status chart (which marks the matching projects) says so."""
    at, _ = open_page(tech="ドローン")
    notes = [c.value for c in at.caption if c.value.startswith("この図は公表された集計値")]
    assert notes == ["この図は公表された集計値で、絞り込み条件（支援中　｜　技術\\: ドローン）の影響を受けません。"] * 5


@pytest.mark.parametrize("presenter, size", [(None, 15), ("1", 24)])
def test_chart_text_follows_the_mode(presenter, size):
    """Subplot titles and 「記載なし」 notes are set after style(): they take chart_style.FONT_PX of the mode
    (a fixed 14 px measured below 22 px on a projector)."""
    at, _ = open_page(**({"presenter": presenter} if presenter else {}))
    for key in ("sel_related", "sel_status", "sel_cumulative", "sel_budgets"):
        spec = charts(at)[key]
        assert spec["layout"]["font"]["size"] == size
        assert all(a["font"]["size"] >= size for a in spec["layout"].get("annotations", [])), key
        assert all(t["textfont"]["size"] >= size for t in spec["data"] if "size" in t.get("textfont", {})), key
    titles = [a for a in charts(at)["sel_related"]["layout"]["annotations"] if a["text"] != "記載なし"]
    assert {a["font"]["size"] for a in titles} == {size} and {a["font"]["color"] for a in titles} == {"#1a1a1a"}


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


def test_ended_projects_beyond_the_cap_say_so(monkeypatch):
    """The named ended projects are a line each, at most LIST_ROWS of them (never reached by the real data): lowered
    to 2, the panel lists the first 2 by selection year and says so, and still counts all 5."""
    from dashboard.panels import selections as selection_panels
    from dashboard.render import shown

    shown.clear()  # panels are kept per filter set and language (render/shown.py), not per cap
    monkeypatch.setattr(selection_panels, "LIST_ROWS", 2)
    try:
        at, _ = open_page()
        text = markdown(at)
        assert ("名称が分かる支援終了の事業は 5 事業です。件数が多いため、採択年度の古い順に先頭の 2 件だけを表示しています"
                "（全 5 件）。") in text
        assert table(at, ["採択年度", "申請者", "事業名"])["申請者"].tolist() == ["茨城県、つくば市", "埼玉県川口市"]
        assert "愛知県豊田市" not in text
    finally:
        shown.clear()
