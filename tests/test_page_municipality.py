"""AppTest of the 自治体 dossier: exact rendered values for shared, chosen, tampered and missing areas."""
from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import area_param
from tests.apptest_helpers import open_app, open_tables, paragraphs, shown_text
from tests.conftest import ROOT

PAGE = "pages/municipality_page.py"
PROMPT = "自治体を選ぶと、その事業と、同じ技術を使う他の事業（横展開の参考）を表示します。地図ページで点や都道府県をクリックしても開けます。"
KAWACHINAGANO_H30 = (
    "- **申請者**: 大阪府、河内長野市（申請者に含まれる自治体\\: 大阪府・大阪府 河内長野市）\n"
    "- **採択年度**: H30 \\(2018\\)\n"
    "- **事業名**: 少子高齢化社会における自動運転技術を活用した新たな移動サービスの創出と健康寿命の延伸～社会保障費等の抑制による持続的なまちの発展をめざして～\n"
    "- **活用技術**: 自動運転\n"
    "- **支援状況**: 支援中\n"
    "- **支援期間**: H30 \\(2018\\)〜R4 \\(2022\\)（最長5年）")
KAWACHINAGANO_R4 = (
    "- **申請者**: 大阪府河内長野市\n"
    "- **採択年度**: R4 \\(2022\\)\n"
    "- **事業名**: タイトル未公表\n"
    "- **活用技術**: AI、IoT、5G、クラウドコンピューティング等\n"
    "- **支援状況**: 支援中\n"
    "- **支援期間**: R4 \\(2022\\)〜R8 \\(2026\\)（最長5年）")
SHARING_COLUMNS = ["共通の技術数", "共通の技術", "都道府県", "申請者", "自治体ページ", "採択年度", "支援状況", "活用技術",
                   "国交省の自動運転支援の対象（※）", "事業名"]
SHARING_TITLE = "同じ技術を使う他の支援中の事業（横展開の参考）"
NOT_FILTERED = "このページの数字は公表された事業一覧から数えたもので、サイドバーの絞り込み条件では変わりません。"


def open_page(**params) -> AppTest:
    return open_app(PAGE, params)[0]


def bullets(at: AppTest) -> list[str]:
    return [p for p in paragraphs(at.markdown) if p.startswith("- **申請者**")]


def sharing_tables(at: AppTest):
    return [d.value for d in open_tables(at).dataframe if list(d.value.columns) == SHARING_COLUMNS]


def area_in_url(at: AppTest):
    """The address bar's area value after the run (AppTest gives a single value as a string)."""
    return at.query_params.get("area")


def test_shared_url_kawachinagano():
    at = open_page(area="27216")
    assert at.warning.len == 0
    assert at.title[0].value == "自治体別の事業"
    assert at.metric.len == 0  # no "条件に合う事業": nothing here follows the filters
    assert at.caption[0].value.startswith(NOT_FILTERED)
    assert at.selectbox[0].value == "27216"
    assert at.header[0].value == "大阪府 河内長野市"
    assert "この自治体が申請者に含まれる事業: **2 件**" in paragraphs(at.markdown)
    assert [s.value for s in at.subheader] == ["大阪府、河内長野市（H30 (2018) 採択）", SHARING_TITLE,
                                               "大阪府河内長野市（R4 (2022) 採択）", SHARING_TITLE]
    assert bullets(at) == [KAWACHINAGANO_H30, KAWACHINAGANO_R4]
    assert area_in_url(at) == "27216"
    h30, r4 = sharing_tables(at)
    assert len(h30) == 26 and set(h30["共通の技術"]) == {"自動運転"} and set(h30["共通の技術数"]) == {1}
    assert h30["申請者"].tolist()[:3] == ["北海道、岩見沢市、更別村", "岩手県陸前高田市", "秋田県仙北市"]
    assert h30["自治体ページ"].tolist()[:2] == ["./municipality?area=01", "./municipality?area=03210"]
    assert len(r4) == 24
    assert r4.iloc[0].tolist() == [4, "AI、IoT、5G、クラウドコンピューティング", "岩手県", "岩手県盛岡市", "./municipality?area=03201",
                                   "R4 (2022)", "支援中", "AI、IoT、5G、クラウドコンピューティング等", "", "タイトル未公表"]
    assert r4["申請者"].tolist()[:4] == ["岩手県盛岡市", "大阪府豊能町", "栃木県", "和歌山県かつらぎ町"]
    assert r4["共通の技術数"].tolist()[:5] == [4, 4, 3, 3, 2]
    md = paragraphs(at.markdown)  # a panel's paragraphs are one markdown element (render/page.joined)
    assert "26 事業。共通の技術が多い順、同数は JIS コード順。「等」で終わる技術の一覧は公表分だけで比べています。" in md
    links = next(m for m in md if m.startswith("- [北海道、岩見沢市、更別村]"))
    assert len(links.split("\n")) == 26
    assert links.split("\n")[:2] == ["- [北海道、岩見沢市、更別村](./municipality?area=01)　H30 (2018)　共通の技術（1）: 自動運転",
                                      "- [岩手県陸前高田市](./municipality?area=03210)　R3 (2021)※　共通の技術（1）: 自動運転"]
    captions = [c.value for c in at.caption]
    assert ("出典: 内閣府地方創生推進事務局「未来技術社会実装事業」p.3、p.8（データ時点 2023-02-21）、"
            "内閣府地方創生推進事務局「近未来技術等社会実装事業について」スライド5（データ時点 2018-11-16）") in captions
    assert "出典: 内閣府地方創生推進事務局「未来技術社会実装事業」p.3、p.8（データ時点 2023-02-21）" in captions  # R4 dossier
    assert captions.count("出典: 内閣府地方創生推進事務局「未来技術社会実装事業」p.3（データ時点 2023-02-21）") == 2  # the 2 lists


def test_prefecture_as_applicant():
    at = open_page(area="27")
    assert at.header[0].value == "大阪府"
    assert [s.value for s in at.subheader] == ["大阪府、河内長野市（H30 (2018) 採択）", SHARING_TITLE]
    assert bullets(at) == [KAWACHINAGANO_H30]


def test_mlit_note_and_island():
    at = open_page(area="42209")
    assert at.header[0].value == "長崎県 対馬市"
    (b,) = bullets(at)
    assert "- **活用技術**: AI、IoT、自動運転等（※）" in b.split("\n")
    assert "- **支援期間**: R2 \\(2020\\)〜R6 \\(2024\\)（最長5年）" in b.split("\n")
    assert "（※）国土交通省道路局の自動運転サービス導入支援事業の対象" in [c.value for c in at.caption]
    (table,) = sharing_tables(at)
    assert len(table) == 41 and table["共通の技術数"].tolist()[:6] == [3] * 6
    assert table["国交省の自動運転支援の対象（※）"].tolist()[:3] == ["", "※", ""]  # 栃木県, 長野県塩尻市, 静岡県


def test_ended_project():
    at = open_page(area="08")
    assert at.header[0].value == "茨城県"
    assert bullets(at) == [
        "- **申請者**: 茨城県、つくば市（申請者に含まれる自治体\\: 茨城県・茨城県 つくば市）\n"
        "- **採択年度**: H30 \\(2018\\)\n"
        "- **事業名**: 高齢社会の課題を解決する近未来技術（Society5\\.0）社会\n"
        "- **活用技術**: 記載なし（支援終了事業の活用技術は公表資料にない）\n"
        "- **支援状況**: 支援終了（R4年度の支援中の一覧にないことからの推定）\n"
        "- **支援期間**: H30 \\(2018\\)〜（R3 \\(2021\\) 年度末までに終了）"]
    assert [i.value for i in at.info] == ["この事業の活用技術は公表資料に記載がないため、比較できません。"]
    assert sharing_tables(at) == []
    assert ("出典: 内閣府地方創生推進事務局「近未来技術等社会実装事業について」スライド5（データ時点 2018-11-16）、"
            "内閣府地方創生推進事務局「未来技術社会実装事業」p.1（データ時点 2023-02-21）") in [c.value for c in at.caption]
    assert [s.value for s in at.subheader][1] == SHARING_TITLE  # the comparison is named, and why it is empty


def test_no_area_shows_the_chooser_only():
    at = open_page()
    assert at.warning.len == 0
    assert at.selectbox[0].value is None
    assert at.selectbox[0].label == "自治体（事業のある 53 自治体、JIS コード順）"
    assert at.selectbox[0].options[:4] == ["北海道（1事業）", "北海道 旭川市（1事業）", "北海道 岩見沢市（1事業）",
                                           "北海道 更別村（1事業）"]
    assert "大阪府 河内長野市（2事業）" in at.selectbox[0].options
    assert [i.value for i in at.info] == [PROMPT]
    assert at.header.len == 0 and area_in_url(at) is None


def test_choosing_writes_the_url():
    at = open_page(tech="ドローン")
    at.selectbox[0].select("01204").run()
    assert not at.exception
    assert at.header[0].value == "北海道 旭川市"
    assert area_in_url(at) == "01204"
    assert at.query_params.get("tech") == "ドローン"  # the sidebar's parameters stay
    assert [s.value for s in at.subheader] == ["北海道旭川市（R3 (2021) 採択）", SHARING_TITLE]
    at.selectbox[0].select("27216").run()
    assert at.header[0].value == "大阪府 河内長野市" and area_in_url(at) == "27216"
    assert at.warning.len == 0


def test_filters_do_not_hide_the_dossier():
    at = open_page(area="27216", tech="ドローン", status="ended")
    assert at.metric.len == 0  # was "0 / 5 事業" although the dossier shows both projects (issue 7)
    assert at.caption[0].value.startswith(NOT_FILTERED)
    assert len(bullets(at)) == 2 and at.query_params.get("status") == "ended"
    ignored = [c.value for c in at.caption if c.value.startswith("この図は公表された集計値で、絞り込み条件")]
    assert len(ignored) == 2 and "技術\\: ドローン" in ignored[0]  # each comparison says it ignores the filters
    assert len(sharing_tables(at)) == 2 and len(sharing_tables(at)[0]) == 26  # unchanged by the filters


@pytest.mark.parametrize(("value", "shown"), [
    ("99999", "99999"),
    ("<script>alert(1)</script>", "<script>alert(1)</script>"),
    ("1" * 1000, "1" * 60 + "…（1000文字）"),
    ("27216 ", "27216 "),
    ("", "（空）"),
    ("２７２１６", "２７２１６"),  # full-width digits are not a code
], ids=["unknown", "script", "1000-chars", "trailing-space", "empty", "full-width"])
def test_bad_area_value_is_ignored_with_a_notice(value, shown):
    at = open_page(area=value)
    assert [shown_text(w.value) for w in at.warning] == [
        f"URL の自治体の指定（area={shown}）は、事業のある自治体のコードではないため無視しました。一覧から選んでください。"]
    assert at.selectbox[0].value is None
    assert [i.value for i in at.info] == [PROMPT]
    assert area_in_url(at) is None  # the bad value is dropped from the address bar
    at.run()  # the notice is shown once; the page stays usable
    assert at.warning.len == 0 and not at.exception


def test_several_area_values():
    at = open_page(area=["27216", "01", "abc"])
    assert [shown_text(w.value) for w in at.warning] == [
        "URL の自治体の指定（area=abc）は、事業のある自治体のコードではないため無視しました。一覧から選んでください。",
        "URL で自治体が複数指定されていたため、最初の area=27216 だけを表示します（無視: 01）。"]
    assert at.header[0].value == "大阪府 河内長野市" and area_in_url(at) == "27216"


def test_parse():
    known = {"27", "27216"}
    assert area_param.parse(["27216"], known) == area_param.Parsed("27216")
    assert area_param.parse([], known) == area_param.Parsed(None)
    assert area_param.parse(["27216", "27216"], known) == area_param.Parsed("27216")
    assert area_param.parse(["x", "27"], known) == area_param.Parsed("27", rejected=["x"])
    assert area_param.parse(["272"], known) == area_param.Parsed(None, rejected=["272"])


def test_sharing_panel_is_declared_once_and_ignores_the_filters(db):
    """The comparison is one declaration bound per project: unique ids (widget keys), one set of words, no
    filters (the header says the page does not follow them), buildable without Streamlit."""
    from dashboard.filters import Filters
    from dashboard.panels import PANELS, Context
    from dashboard.panels import municipality as muni
    from dashboard.period import facts

    assert PANELS["projects_sharing_technologies"] is muni.SHARING and not muni.SHARING.uses_filters
    ctx = Context(filters=Filters(techs=("ドローン",), statuses=("ended",)), run=db.run, period=facts(db.run))
    projects = db.run("projects_in_area", area_code="27216", row_limit=1000)
    bound = [muni.sharing_for(p) for p in projects.itertuples(index=False)]
    assert [b.id for b in bound] == ["muni_sharing_H30-11", "muni_sharing_R4-05"]
    assert {b.title_key for b in bound} == {"panel.projects_sharing_technologies.title"}
    assert [len(b.build(ctx).table) for b in bound] == [26, 24]  # the same under any filters
    assert muni.SHARING.build(ctx).empty == PROMPT  # unbound: asks for an area
