"""AppTest of the 事業 page: exact values under several filters and shared/tampered URLs."""
from __future__ import annotations


import pytest
from streamlit.testing.v1 import AppTest

from tests.apptest_helpers import open_app, open_tables, plotly_charts, plotly_values
PAGE = "pages/program_page.py"
TAMPERED = {"tech": ["unknown", "<script>alert(1)</script>", "あ" * 1000], "fy": ["abc", "2018x"], "pref": ["99"],
            "status": ["<img src=x>"]}


def open_page(params: dict | None = None) -> tuple[AppTest, list[str]]:
    return open_app(PAGE, params)


def array(value) -> list:
    return list(plotly_values(value))


def charts(at: AppTest) -> list[dict]:
    return list(plotly_charts(at).values())


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def markdown(at: AppTest) -> list[str]:
    """The paragraphs shown, in order: a panel's consecutive paragraphs are one markdown element (render/page.joined)."""
    return [paragraph for m in at.markdown for paragraph in m.value.split("\n\n")]


def timeline(at: AppTest) -> dict[str, list[str]]:
    """Bars of the support-period chart by trace name, or {} when it is not drawn."""
    specs = [c for c in charts(at) if c["layout"].get("xaxis", {}).get("title", {}).get("text") == "年度"]
    return {t["name"]: t["y"] for t in specs[0]["data"]} if specs else {}


EVENT_LINES = [
    "- **2022年10月27日（木）**（1日目）　未来技術社会実装事業交流会 in 四條畷市　会場: けいはんなプラザ　"
    "参加者: 20名（選定自治体16名、民間事業者4名）",
    "- **2022年10月28日（金）**（2日目）　未来技術社会実装事業交流会 in 四條畷市　会場: グリーンホール田原　"
    "参加者: 23名（選定自治体21名、民間事業者2名）",
    "- **2023年2月21日（火）**　未来技術社会実装事業ミニシンポジウム〜未来技術の取組事例から学ぶ地域課題解決〜　会場: WEB開催　"
    "参加者: 74名（府省18名、都道府県及び市町村56名）",
]


TIMELINE_SOURCE = ("出典: 内閣府地方創生推進事務局「未来技術社会実装事業」p.1、p.3、p.8（データ時点 2023-02-21）、"
                   "内閣府地方創生推進事務局「近未来技術等社会実装事業について」スライド5（データ時点 2018-11-16）")
EVENTS_SOURCE = "出典: 内閣府地方創生推進事務局「未来技術社会実装事業」p.6、p.7（データ時点 2023-02-21）"
IGNORED = "この図は公表された集計値で、絞り込み条件"
UNFILTERED_PANELS = 8  # every panel but the timeline


def assert_program_values(at: AppTest) -> None:
    """What the page shows regardless of the filters."""
    assert [t.value for t in at.title] == ["事業のしくみ"]
    assert [s.value for s in at.subheader] == [
        "事業の概要", "支援体制", "地域実装協議会の役割", "現地支援責任者", "支援のルール", "内閣府によるハンズオン支援",
        "事業ごとの支援期間（絞り込み条件を反映）", "交流会・シンポジウム", "制度の背景（2018年の事業開始時）"]
    assert metrics(at)["支援期間"] == "最長 5 年"
    assert "- 各省庁の地方支分部局が別々に支援\n- 自治体側は複数部局と調整が必要\n- スピード感や支援の総合性が不足" in markdown(at)
    md = markdown(at)
    assert any("関係省庁連絡会議」を平成30年（2018年）2月15日に設置し" in m for m in md)
    assert "議長\n- 地方創生推進事務局長" in md
    members = next(m for m in md if m.startswith("構成員（11）"))
    assert members.split("\n")[1] == "- 内閣府政策統括官（科学技術・イノベーション担当）"
    assert members.split("\n")[-1] == "- 内閣府地方創生推進事務局長次長（資料の表記のまま）"
    assert "座長\n- 内閣府地方創生推進事務局参事官" in md and "構成員\n- 各省庁課長級" in md
    regional = next(m for m in md if m.startswith("構成員（10）"))
    assert regional.split("\n")[1:3] == ["- 都道府県、県警本部", "- 市町村"]
    assert regional.split("\n")[-1] == "- （民間事業者） ※必要に応じて"  # as printed on 000 slide 4
    assert md.count("※必要に応じて構成員追加") == 1  # the slide note, under its council
    assert md.index("※必要に応じて構成員追加") == md.index("**幹事会**") - 1  # last under 関係省庁連絡会議
    roles = next(m for m in md if m.startswith("- ワンストップ支援"))
    assert len(roles.split("\n")) == 6
    assert "- 省庁連絡会を通じ各省庁で人選し、地創局に併任\n- 発令後、速やかに地創局にて関連研修を実施" in md
    duties = next(m for m in md if m.startswith("- **社会実装に向けたワンストップ支援**："))
    assert len(duties.split("\n")) == 3
    rules = next(m for m in md if m.startswith("- 選定から5年で社会実装を目指し"))
    assert len(rules.split("\n")) == 7
    assert "H30年度に選定された事業においては、今年度末にて支援終了となる。" in rules
    assert ("※ 資料の「今年度」は、資料の時点（2023-02-21）の年度 R4 (2022) です。H30年度選定の事業は R4年度末（2023年3月末）で"
            "支援期間の上限（5年度目）に達します。") in md
    hands_on = next(m for m in md if m.startswith("- シンポジウム・ミニシンポジウムの開催"))
    assert len(hands_on.split("\n")) == 5
    assert [m for m in md if m.startswith("- **20")] == EVENT_LINES
    events = charts(at)[-1]
    assert [t.get("name") for t in events["data"]] == ["自治体", "府省", "民間事業者", None]
    assert events["data"][-1]["text"] == ["　計20名", "　計23名", "　計74名"]
    assert array(events["data"][1]["x"]) == [0, 0, 18]
    table = open_tables(at).dataframe[-1].value
    assert list(table["開催日"]) == ["2022年10月27日（木）", "2022年10月28日（金）", "2023年2月21日（火）"]
    assert list(table["参加者数"]) == [20, 23, 74]
    council = at.dataframe[0].value
    assert len(council) == 24 and council["構成員"].iloc[0] == "地方創生推進事務局長"  # members only, no note row
    assert list(council.columns) == ["会議", "役割", "構成員の順", "構成員", "構成員の注記"]
    assert council[council["構成員の注記"] != ""][["構成員", "構成員の注記"]].values.tolist() == [
        ["民間事業者", "※必要に応じて"]]
    assert "**関係省庁連絡会議**" in md and "**地域実装協議会**" in md
    assert "- **2" not in md[0]  # the overview comes first
    captions = [c.value for c in at.caption]
    assert TIMELINE_SOURCE in captions and EVENTS_SOURCE in captions
    assert "2018年の資料「近未来技術等社会実装事業について」から（事業名は当時「近未来技術等社会実装事業」）。" in md


def test_default_view():
    at, warnings = open_page()
    assert warnings == []
    assert metrics(at)["条件に合う事業"] == "45 / 45 事業"
    assert_program_values(at)
    bars = timeline(at)
    assert list(bars) == ["支援中（選定から最長5年）"]
    assert len(bars["支援中（選定から最長5年）"]) == 45
    assert bars["支援中（選定から最長5年）"][0] == "H30-01　北海道、岩見沢市、更別村"
    assert [i.value for i in at.info] == [
        "表示中: 45事業（支援中45・支援終了0）。支援中の事業は、選定年度から支援期間の上限（最長5年）までを示します。"]
    spans = open_tables(at).dataframe[1].value
    assert len(spans) == 45 and set(spans["支援状況"]) == {"支援中"}
    assert list(spans.columns) == ["事業番号", "申請者", "採択年度", "支援状況", "採択年度（西暦）", "支援期間の最終年度（西暦）",
                                   "支援の年度数", "支援終了（この年度末までに）"]
    assert set(spans["支援終了（この年度末までに）"]) == {""}
    assert not [c for c in at.caption if c.value.startswith("この図は公表された集計値")]  # default filters: no note


@pytest.mark.parametrize("params, header, supported, ended", [
    ({"tech": ["自動運転"]}, "27 / 45 事業", 27, 0),
    ({"status": ["all"], "fy": ["2018"]}, "14 / 50 事業", 9, 5),
    ({"status": ["ended"]}, "5 / 5 事業", 0, 5),
    ({"pref": ["27"]}, "4 / 45 事業", 4, 0),
    ({"region": ["近畿"], "fy": ["2022"]}, "6 / 45 事業", 6, 0),
])
def test_timeline_follows_the_filters(params, header, supported, ended):
    at, warnings = open_page(params)
    assert warnings == []
    assert metrics(at)["条件に合う事業"] == header
    assert_program_values(at)
    bars = timeline(at)
    assert len(bars.get("支援中（選定から最長5年）", [])) == supported
    assert len(bars.get("支援終了（終了年度は非公表）", [])) == ended
    # the panels that describe the whole program say, each under its title, that the filters do not apply
    assert len([c for c in at.caption if c.value.startswith(IGNORED)]) == UNFILTERED_PANELS
    spans = open_tables(at).dataframe[1].value
    assert len(spans) == supported + ended
    if ended:
        caption = next(i.value for i in at.info if i.value.startswith("表示中:"))
        assert caption.endswith("支援終了の事業は、終了した年度が公表されていないため「R3年度末までに終了」として斜線で示します"
                                "（支援終了8事業のうち、名称が分かる5事業のみ）。")
        ended_rows = spans[spans["支援状況"] == "支援終了"]
        assert set(ended_rows["支援期間の最終年度（西暦）"]) == {2021}
        assert set(ended_rows["支援終了（この年度末までに）"]) == {"R3 (2021)"}
        spec = next(c for c in charts(at) if c["layout"].get("xaxis", {}).get("title", {}).get("text") == "年度")
        ended_trace = next(t for t in spec["data"] if t["name"].startswith("支援終了"))
        assert set(ended_trace["text"]) == {"終了年度は非公表（R3年度末までに終了）"}
        assert ended_trace["marker"]["pattern"]["shape"] == "/"


def test_no_matching_project_shows_a_message_instead_of_the_chart():
    at, _ = open_page({"tech": ["ブロックチェーン"], "fy": ["2018"]})
    assert metrics(at)["条件に合う事業"] == "0 / 45 事業"
    assert [i.value for i in at.info] == ["条件に合う事業がありません。サイドバーの条件を変えてください。"]
    assert timeline(at) == {}
    assert len(charts(at)) == 1  # the events chart only
    assert [m for m in markdown(at) if m.startswith("- **20")] == EVENT_LINES


def test_tampered_url_is_ignored_and_reported():
    at, warnings = open_page(TAMPERED)
    assert len(warnings) == 1 and warnings[0].startswith("URL の条件のうち、認識できない値を無視しました: ")
    assert "tech=<script>alert(1)</script>" in warnings[0] and "status=<img src=x>" in warnings[0]
    assert metrics(at)["条件に合う事業"] == "45 / 45 事業"
    assert_program_values(at)
    assert len(timeline(at)["支援中（選定から最長5年）"]) == 45


def test_sidebar_change_redraws_the_timeline():
    at, _ = open_page()
    at.radio(key="f_status").set_value("すべて").run()
    at.multiselect(key="f_fy").set_value([2018]).run()
    assert not at.exception
    bars = timeline(at)
    assert len(bars["支援中（選定から最長5年）"]) == 9 and len(bars["支援終了（終了年度は非公表）"]) == 5
    assert dict(at.query_params) == {"status": "all", "fy": "2018"}


def test_panels_build_without_streamlit_and_cite_their_rows(db):
    """Each panel builds from a plain Context (as slides and exports will call it), and the sources it
    declares are exactly the (document, page) of the rows it shows."""
    from dashboard.filters import Filters
    from dashboard.panels import PANELS, Context
    from dashboard.panels import program
    from dashboard.period import facts

    ctx = Context(filters=Filters(), run=db.run, period=facts(db.run))
    for panel in program.PROGRAM_PANELS:
        out = panel.build(ctx)
        assert PANELS[panel.id] is panel and out.empty is None, panel.id
        assert panel.uses_filters == (panel.id == "program_timeline"), panel.id
    for panel_id, topics in program.FACT_TOPICS.items():
        rows = [db.run("program_facts", topic=t) for t in topics]
        refs = {(r.source_id, int(r.source_page)) for df in rows for r in df.itertuples()}
        declared = set(PANELS[panel_id].sources)
        if panel_id == "program_councils":  # the members and the slide note are on the same slide
            for name, params in (("council_members", {}), ("slide_notes", {"subject_table": "council_members"})):
                refs |= {(r.source_id, int(r.source_page)) for r in db.run(name, **params).itertuples()}
        assert declared == refs, panel_id
    events = db.run("events")
    assert set(PANELS["program_events"].sources) == {(r.source_id, int(r.source_page)) for r in events.itertuples()}
    # words: the status words of the timeline are the catalogue's [status] words
    spans = PANELS["program_timeline"].build(ctx)
    assert set(spans.table["status_text"]) == {ctx.t("status.supported")}
    assert [t.name for t in spans.figure.data] == ["支援中（選定から最長5年）"]
