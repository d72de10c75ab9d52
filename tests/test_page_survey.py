"""AppTest of the 調査 page: exact values under several filters and shared/tampered URLs.

The page is a list of panels (dashboard/panels/survey.py); its numbers are published aggregates, so the
header shows no match count and every panel says, under filters, that the filters do not apply."""
from __future__ import annotations


import pytest
from streamlit.testing.v1 import AppTest

from tests.apptest_helpers import open_app, open_tables, plotly_charts, plotly_values, shown_text
PAGE = "pages/survey_page.py"
TAMPERED = {"tech": ["unknown", "<script>alert(1)</script>", "あ" * 1000], "fy": ["abc"], "pref": ["99"],
            "region": ["x" * 1000], "status": ["<script>"]}


def open_page(params: dict | None = None) -> tuple[AppTest, list[str]]:
    return open_app(PAGE, params)


def array(value) -> list:
    return list(plotly_values(value))


def charts(at: AppTest) -> list[dict]:
    return list(plotly_charts(at).values())


def frames(at: AppTest) -> list:
    """The tables in page order (AppTest does not report st.dataframe keys)."""
    return [d.value for d in open_tables(at).dataframe]


def metrics(at: AppTest) -> list[tuple[str, str]]:
    return [(m.label, m.value) for m in at.metric]


def markdown(at: AppTest) -> list[str]:
    """The paragraphs shown, in order: a panel's consecutive paragraphs are one markdown element (render/page.joined)."""
    return [shown_text(paragraph) for m in at.markdown for paragraph in m.value.split("\n\n")]


NOT_FILTERED = "このページの数字は公表された集計値で、サイドバーの絞り込み条件では変わりません。 アンケートは集計値だけが公表されています。"
SOURCE = "出典: 内閣府地方創生推進事務局「未来技術社会実装事業」p.4（データ時点 2023-02-21）"


ISSUE_LABELS = ["インフラ整備の主体検討と費用確保〔推定〕", "持続可能なビジネスモデルの検討〔推定〕", "煩雑な手続き〔推定〕",
                "コミュニケーションの不足〔推定〕", "実装を見据えると足枷になる規制がある〔推定〕", "さらなる技術の進展〔推定〕",
                "地域へのサービス浸透〔推定〕"]
BOTTLENECK_INFO = (
    "**「進捗上のボトルネックとなる課題」**：公表の割合は、件数を **36** で割った値と一致します（17÷36＝47%、16÷36＝44%）。"
    "一方、件数を合計すると 75 件で、N（75事業）と同じです。75で割ると 17÷75＝23% となり、公表の47%とは合いません。"
    "割合の母数が資料からは確かめられないため、引用するときは割合ではなく件数を使ってください"
    "（例：「持続可能なビジネスモデルの検討」17件）。")
ISSUE_INFO = ("**「項目別の課題発生と対応状況」**：件数は公表されていません。割合から逆算した母数は **36自治体** で、"
              "N（35自治体）とは一致しません。35自治体では81%になる件数がありません（28自治体＝80%、29自治体＝83%）。")


def assert_survey_values(at: AppTest) -> None:
    """Everything the survey shows; it never depends on the filters."""
    assert [t.value for t in at.title] == ["調査：選定自治体が抱える課題"]
    assert [shown_text(s.value) for s in at.subheader] == [
        "調査の概要と主な結果", "項目別の課題発生と対応状況", "進捗上のボトルネックとなる課題", "公表された割合の母数"]
    # The base implied by the shares has a unit and stands beside N and the count sum of its own chart.
    assert metrics(at) == [("資料のN", "35 自治体"), ("件数の合計", "公表なし"), ("割合から逆算した母数", "36 自治体"),
                           ("資料のN", "75 事業"), ("件数の合計", "75 件"), ("割合から逆算した母数", "36 件")]
    helps = [m.proto.help for m in at.metric]
    assert helps[5] == ("公表の割合は、件数をこの数で割った値と一致します（17÷36＝47%）。"
                        "資料のN（75事業）で割った値ではないため、引用には件数を使ってください。")
    assert helps[2] == ("公表の割合をすべて「件数÷母数」の四捨五入として作れる最小の母数です（1〜200で探索）。"
                        "資料のN（35自治体）とは別の数です。")
    assert [i.value for i in at.info] == [ISSUE_INFO, BOTTLENECK_INFO]
    assert [c.value for c in at.caption].count(SOURCE) == 4

    text = markdown(at)
    findings = next(m for m in text if m.startswith("- R3年度")).split("\n")
    assert len(findings) == 3 and findings[0].startswith("- R3年度までに採択された35自治体（75事業）")
    assert ("※ 本文が課題として挙げる「サービスインを見据えた体制整備」「担い手の確保」は、"
            "グラフ「項目別の課題発生と対応状況」の項目名には含まれていません（資料のままです）。") in text
    assert "7項目すべてについて、値と項目名の対応を図の配置から推定しています（斜線の棒・ラベルの〔推定〕）。" in text
    assert ("9項目のうち8項目について、値と項目名の対応を図の配置から推定しています（斜線の棒・ラベルの〔推定〕）。"
            "1つの値は項目名が読み取れないため「項目名不明」としています。") in text
    assert ("- 「項目別の課題発生と対応状況」: 割合から逆算した母数 **36 自治体**、資料のN 35 自治体（一致しません）\n"
            "- 「進捗上のボトルネックとなる課題」: 割合から逆算した母数 **36 件**、資料のN 75 事業（一致しません）") in text

    issues, bottlenecks = charts(at)
    (bars,) = issues["data"]
    assert bars["y"] == ISSUE_LABELS
    assert array(bars["x"]) == [81, 78, 75, 67, 64, 64, 56]
    assert bars["marker"]["pattern"]["shape"] == "/"
    assert issues["layout"]["xaxis"]["title"]["text"] == "「課題あり」の割合（%、N=35自治体）"
    inferred, unknown = bottlenecks["data"]
    assert array(inferred["x"]) == [17, 16, 11, 10, 9, 4, 4, 4]
    assert inferred["text"] == ["17件（47%）", "16件（44%）", "11件（31%）", "10件（28%）", "9件（25%）", "4件（11%）",
                                "4件（11%）", "4件（11%）"]
    assert unknown["y"] == ["項目名不明"] and unknown["text"] == ["0件（0%）"] and array(unknown["x"]) == [0]

    first, second, bases = frames(at)
    assert list(first.columns) == ["値の掲載順", "課題の項目", "割合(%)（公表値）", "母数（N）", "母数の単位", "項目との対応"]
    assert list(first["割合(%)（公表値）"]) == [81, 78, 75, 67, 64, 64, 56]
    assert set(first["項目との対応"]) == {"推定（図の配置から対応づけ）"}
    assert set(first["母数の単位"]) == {"自治体"}
    assert list(second.columns) == ["値の掲載順", "課題の項目", "回答数", "割合(%)（公表値）", "件数÷母数（N）(%)",
                                    "項目との対応"]
    assert list(second["回答数"]) == [17, 16, 11, 10, 9, 4, 4, 4, 0]
    assert list(second["割合(%)（公表値）"]) == [47, 44, 31, 28, 25, 11, 11, 11, 0]
    assert list(second["件数÷母数（N）(%)"]) == [22.7, 21.3, 14.7, 13.3, 12.0, 5.3, 5.3, 5.3, 0.0]
    assert second["課題の項目"].iloc[-1] == "項目名不明"
    assert second["項目との対応"].iloc[-1] == "項目名不明（値のみ判読）"
    assert list(bases["割合から逆算した母数"]) == [36, 36] and list(bases["母数（N）"]) == [35, 75]
    assert [str(v) for v in bases["件数の合計"]] == ["", "75"]  # no count published: blank, never None/nan


def test_default_view():
    at, warnings = open_page()
    assert warnings == []
    assert NOT_FILTERED in [c.value for c in at.caption]  # filtered=False: no match count in the header
    assert not any("絞り込み条件（" in c.value for c in at.caption)
    assert_survey_values(at)


def test_the_bottleneck_base_is_explained_where_its_number_is():
    """The explanation of 36 sits in the same panel as the number, before the chart (not at the page's end)."""
    at, _ = open_page()
    order = [(el.type, getattr(el, "value", None)) for el in at.main if el.type in ("subheader", "info", "metric")]
    start = order.index(("subheader", "進捗上のボトルネックとなる課題"))
    following = [kind for kind, _ in order[start + 1:start + 5]]
    assert following == ["info", "metric", "metric", "metric"]


@pytest.mark.parametrize("params, header", [
    ({"tech": ["自動運転"]}, "27 / 45 事業"),
    ({"status": ["all"], "pref": ["27"]}, "4 / 50 事業"),
    ({"fy": ["2018"], "status": ["ended"]}, "5 / 5 事業"),
    ({"tech": ["ブロックチェーン"], "fy": ["2018"]}, "0 / 45 事業"),
])
def test_filters_change_nothing_and_each_panel_says_so(params, header):
    at, warnings = open_page(params)
    assert warnings == []
    assert "条件に合う事業" not in dict(metrics(at))  # the header counts nothing here; on other pages: header
    ignored = [c.value for c in at.caption if c.value.startswith("この図は公表された集計値で、絞り込み条件（")]
    assert len(ignored) == 4
    assert_survey_values(at)


def test_tampered_url_is_ignored_and_reported():
    at, warnings = open_page(TAMPERED)
    assert len(warnings) == 1 and warnings[0].startswith("URL の条件のうち、認識できない値を無視しました: ")
    assert "tech=<script>alert(1)</script>" in warnings[0]
    assert "…（1000文字）" in warnings[0]
    assert NOT_FILTERED in [c.value for c in at.caption]
    assert_survey_values(at)


SIDEBAR_NOTE = "このページの数字は絞り込みで変わらないため、条件は選べません。選んだ条件は他のページでそのまま使われます。"


def test_sidebar_shows_no_filters_here_and_keeps_them_for_the_other_pages():
    """A filter chosen on another page: the survey is unchanged and says which conditions it ignores; its sidebar
    draws no filter widget (page_registry: filtered=False), names the kept conditions, and the next filtered page
    shows them again."""
    at, _ = open_app("pages/technology_page.py")
    at.multiselect(key="f_tech").set_value(["ドローン"]).run()
    at.switch_page(PAGE).run()
    assert not at.exception
    assert ("この図は公表された集計値で、絞り込み条件（支援中　｜　技術\\: ドローン）の影響を受けません。"
            in [c.value for c in at.caption])
    assert_survey_values(at)
    assert not at.multiselect and not at.radio
    assert [shown_text(c.value) for c in at.sidebar.caption] == [SIDEBAR_NOTE, "選んでいる条件: 支援中　｜　技術: ドローン"]
    assert at.query_params["tech"] == "ドローン"  # the address still reproduces the view and the kept filters
    at.run()  # a second run without the widgets keeps them too
    at.switch_page("pages/technology_page.py").run()
    assert not at.exception
    assert at.multiselect(key="f_tech").value == ["ドローン"]
    assert at.radio(key="f_status").value == "支援中"


def test_sidebar_note_without_filters():
    at, _ = open_page()
    assert [shown_text(c.value) for c in at.sidebar.caption] == [SIDEBAR_NOTE]
