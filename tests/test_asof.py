"""Two real snapshots and the データ時点 selector (issue 11 §1).

The 2018-11-16 snapshot holds only what document 000 says: pinned here (14 FY H30 selections, the liaison
council's chair and 11 members). The 2023-02-21 figures are pinned in test_data_contract.py and the page tests.
The app is opened with `asof=2018-11-16` on every page (AppTest, no browser) and with bad `asof` values.
"""
from __future__ import annotations

from collections import Counter
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from dashboard.page_registry import PAGES
from pipeline import tables
from tests.apptest_helpers import add_slide, every_view, open_app, open_tables, paragraphs, shown_text

ROOT = Path(__file__).resolve().parent.parent
SNAPSHOTS = ROOT / "data" / "snapshots"
OLD, NEW = "2018-11-16", "2023-02-21"
MATCH = "条件に合う事業"


def rows(as_of: str, table: str) -> list[dict]:
    return pq.read_table(SNAPSHOTS / as_of / f"{table}.parquet").to_pylist()


# ── the 2018-11-16 snapshot: what document 000 says ──────────────────────────────────────────────

def test_2018_snapshot_has_every_table_and_only_document_000():
    counts = {name: pq.read_metadata(SNAPSHOTS / OLD / f"{name}.parquet").num_rows for name in tables.PUBLISHED_TABLES}
    assert counts == {"projects": 14, "project_areas": 18, "prefectures": 47, "programs": 0, "program_selections": 1,
                      "program_budgets": 0, "program_totals": 0, "survey_responses": 0, "events": 0,
                      "council_members": 24, "program_facts": 22, "slide_notes": 1, "technologies": 11, "sources": 1,
                      "translations_en": counts["translations_en"]}  # English renderings may grow (issue 8)
    [source] = rows(OLD, "sources")
    assert (source["source_id"], source["as_of"].isoformat(), source["page_count"]) == ("000", OLD, 7)
    for name in ("projects", "program_selections", "council_members", "program_facts", "slide_notes"):
        for r in rows(OLD, name):
            assert r["source_id"] == "000" and 1 <= r["source_page"] <= 7, (name, r)


def test_2018_snapshot_has_the_14_h30_selections_with_titles_all_supported():
    projects = rows(OLD, "projects")
    assert [p["project_id"] for p in projects] == [f"H30-{n:02d}" for n in range(1, 15)]
    assert {(p["selected_fy"], p["selected_fy_label"], p["status"], p["source_page"]) for p in projects} == \
        {(2018, "H30", "supported", 5)}
    assert all(p["title"] and p["is_status_inferred"] and p["status_basis"].startswith("inferred:") for p in projects)
    assert all(p["technologies"] is None for p in projects)  # 000 names no technologies
    assert projects[0]["applicant"] == "北海道、岩見沢市、更別村"
    assert projects[13]["title"] == "遠隔ロボットアバターを通じた世界最先端地方創生モデルの実現"
    [h30] = rows(OLD, "program_selections")
    assert (h30["program"], h30["fiscal_year_label"], h30["selected_count"], h30["source_id"], h30["source_page"]) == \
        (tables.FOCUS_PROGRAM, "H30", 14, "000", 5)
    assert "counted" in h30["notes"] and "inferred" in h30["notes"]  # 000 prints no count and no year
    assert h30["count_basis"] == "counted"
    assert {r["count_basis"] for r in rows(NEW, "program_selections")} == {"published"}


def test_2018_snapshot_has_the_liaison_council_chair_and_11_members():
    council = rows(OLD, "council_members")
    by_role = Counter((m["council"], m["role"]) for m in council)
    assert by_role == {("関係省庁連絡会議", "議長"): 1, ("関係省庁連絡会議", "構成員"): 11, ("幹事会", "座長"): 1,
                       ("幹事会", "構成員"): 1, ("地域実装協議会", "構成員"): 10}
    [chair] = [m["member"] for m in council if m["role"] == "議長"]
    assert chair == "地方創生推進事務局長"
    assert all(m["source_page"] == 4 for m in council)


def test_the_2023_snapshot_keeps_the_000_rows_it_carries_forward():
    """What 000 says is the same in both snapshots (the 変化 view compares them row by row)."""
    for name in ("council_members", "program_facts", "slide_notes"):
        old = rows(OLD, name)
        assert old == [r for r in rows(NEW, name) if r["source_id"] == "000"], name
    new_h30 = {p["project_id"]: p["title"] for p in rows(NEW, "projects") if p["selected_fy_label"] == "H30"}
    assert new_h30 == {p["project_id"]: p["title"] for p in rows(OLD, "projects")}


# ── the app at asof=2018-11-16: every page ────────────────────────────────────────────────────────

@pytest.mark.parametrize("spec", PAGES, ids=lambda p: p.url_path)
def test_every_page_opens_at_2018_and_stays_there(spec):
    at, warnings = open_app(spec.file, {"asof": OLD})
    assert not warnings, warnings
    assert at.query_params["asof"] == OLD  # kept in the URL after switching pages
    assert at.sidebar.selectbox[0].value == OLD
    metrics = {m.label: m.value for m in at.metric}
    if MATCH in metrics:
        assert metrics[MATCH] == "14 / 14 事業"
    shown = [e.value for kind in ("caption", "markdown", "info", "warning") for e in at.get(kind)
             if isinstance(getattr(e, "value", None), str) and not e.value.startswith("### Data:")]  # data/README
    assert not [v for v in shown if "（）" in v or "None" in v], "a period word the 2018 snapshot lacks"
    if spec.url_path != "changes":  # the 変化 page compares two snapshots and cites both
        text = " ".join(c.value for c in at.caption)
        assert "「未来技術社会実装事業」" not in text  # document 001 is never cited at 2018-11-16


def test_overview_at_2018_shows_the_14_selections_and_says_the_totals_are_not_published():
    at, _ = open_app("pages/overview_page.py", {"asof": OLD})
    table = open_tables(at).dataframe[0].value
    # 000 prints no count: the 14 is counted from its list (program_selections.count_basis), and the column says so
    assert table["採択年度"].tolist() == ["H30"] and table["選定数（資料の一覧から数えた値）"].tolist() == [14]
    assert table["支援中"].tolist() == [14] and table["支援終了"].tolist() == [0]
    # nothing has ended: the chart's legend names no 支援終了 (an empty series is left out)
    from tests.apptest_helpers import plotly_charts, plotly_values
    bars = [trace for trace in plotly_charts(at)["selections_by_year"]["data"] if trace["type"] == "bar"]
    assert [(trace["name"], plotly_values(trace["y"])) for trace in bars] == [("支援中", [14])]
    [info] = [i.value for i in at.info if "主な数字" in i.value]
    assert info.startswith("**主な数字**: この図の資料 内閣府地方創生推進事務局「未来技術社会実装事業」p.1（データ時点 2023-02-21）"
                           f"は、データ時点 {OLD} のデータにはありません。")
    captions = [c.value for c in at.caption]
    assert f"出典: 内閣府地方創生推進事務局「近未来技術等社会実装事業について」スライド5（データ時点 {OLD}）" in captions
    # period words of the snapshot shown: H30 and 14, not R4 and 45
    assert at.sidebar.radio[0].options == ["支援中", "支援終了", "すべて"]
    assert "H30年度の14事業" in str(at.sidebar.radio[0].proto)


def test_program_page_at_2018_lists_the_chair_and_11_members():
    at, _ = open_app("pages/program_page.py", {"asof": OLD})
    blocks = paragraphs(at.markdown)
    assert "議長\n- 地方創生推進事務局長" in blocks
    [members] = [b for b in blocks if b.startswith("構成員（11）\n")]
    assert len(members.splitlines()) == 12
    assert any(i.value.startswith("**支援のルール**: この図の資料 内閣府地方創生推進事務局「未来技術社会実装事業」") and
               "は、データ時点 2018-11-16 のデータにはありません。" in i.value for i in at.info)


def test_source_lines_name_the_snapshot_shown_when_it_is_later_than_the_document():
    at, _ = open_app("pages/program_page.py")
    assert ("出典: 内閣府地方創生推進事務局「近未来技術等社会実装事業について」スライド4（データ時点 2018-11-16）"
            f"　／　表示中のデータ時点 {NEW}") in [c.value for c in at.caption]


def test_selector_switches_the_snapshot_keeps_valid_filters_and_writes_the_url():
    at, _ = open_app("pages/selections_page.py", {"fy": "2022", "tech": "自動運転"})
    assert {m.label: m.value for m in at.metric}[MATCH] == "4 / 45 事業"
    at.sidebar.selectbox[0].set_value(OLD).run()
    assert not at.exception
    assert {m.label: m.value for m in at.metric}[MATCH] == "0 / 14 事業"  # 000 names no technologies
    assert at.query_params["asof"] == OLD and "fy" not in at.query_params  # no FY R4 in 2018: dropped
    at.sidebar.selectbox[0].set_value(NEW).run()
    assert not at.exception and "asof" not in at.query_params  # the latest is the default: left out


# ── bad asof values: the latest, with the usual notice, never a traceback ─────────────────────────

@pytest.mark.parametrize("value", ["2099-01-01", "2018-11-17", "garbage", "", "2018-11-16 ", "<b>x</b>", "x" * 500])
def test_a_bad_asof_shows_the_latest_with_a_notice(value):
    at, warnings = open_app("pages/overview_page.py", {"asof": value})
    assert at.sidebar.selectbox[0].value == NEW and "asof" not in at.query_params
    assert {m.label: m.value for m in at.metric}["支援中（R4年度）"] == "45 事業"
    [notice] = [w for w in warnings if w.startswith("URL のデータ時点")]
    assert notice.endswith(f"のデータはありません。最新のデータ時点 {NEW} を表示しています（選べるデータ時点: {NEW}、{OLD}）。")


def test_a_repeated_asof_keeps_the_first_usable_and_reports_the_rest():
    at, warnings = open_app("pages/overview_page.py", {"asof": ["nope", OLD, NEW]})
    assert at.sidebar.selectbox[0].value == OLD
    assert sum(w.startswith("URL のデータ時点") for w in warnings) == 2


def test_a_slide_qr_opens_the_same_data_date(monkeypatch):
    """The QR code of a slide shown at an earlier データ時点 opens that date; at the latest the URL leaves it out."""
    from dashboard import qr
    from dashboard.filters import Filters

    assert qr.view_url("https://x.example", "key_figures", Filters(), as_of=OLD) == f"https://x.example/?asof={OLD}"
    assert qr.view_url("https://x.example", "tech_counts", Filters(techs=("AI",))) == \
        "https://x.example/technologies?tech=AI"
    monkeypatch.setenv("MIRAI_PUBLIC_URL", "https://mirai.example.jp")
    at, _ = open_app("pages/present_page.py", {"asof": OLD, "slide": "2"})
    [image] = at.get("image")
    assert f"https://mirai.example.jp/?asof={OLD}" in str(image.proto)


def test_the_no_data_message_on_present_and_in_files_does_not_point_to_a_sidebar():
    """/present has no sidebar: its slide says how to add the chart for another date; a file only states it."""
    from dashboard.export import context
    from dashboard.filters import Filters
    from dashboard.panels.overview import KEY_FIGURES
    from dashboard.query import Database
    from dashboard.render import captions
    from dashboard.snapshot import open_snapshot

    missing = (f"**主な数字**: この図の資料 内閣府地方創生推進事務局「未来技術社会実装事業」p.1（データ時点 2023-02-21）"
               f"は、データ時点 {OLD} のデータにはありません。")
    at, _ = open_app("pages/present_page.py", {"asof": OLD, "slide": "1"})  # the default deck's 主な数字
    assert [w.value for w in at.main.warning] == [
        missing + "別のデータ時点の図は、ダッシュボードのページでサイドバーの「データ時点」を選び、図の下のメニュー「スライドに追加・ダウンロード」で加えられます。"]
    ctx = context(Filters(), Database(open_snapshot(SNAPSHOTS / OLD)).run, "ja")  # PNG / PPTX / PDF
    assert captions.build(KEY_FIGURES, ctx).empty == missing


def test_ended_named_needs_a_list_of_supported_projects():
    """'Ended' means absent from a later list: at 2018-11-16 there is none, so the panel says it has no data."""
    at, _ = open_app("pages/selections_page.py", {"asof": OLD})
    assert at.subheader.len == 0
    assert any(i.value.startswith("**名称が公表されている支援終了の事業**: この図の資料 内閣府地方創生推進事務局"
                                  f"「未来技術社会実装事業」p.3（データ時点 2023-02-21）は、データ時点 {OLD} のデータにはありません。")
               for i in at.info)


def test_a_counted_selection_count_is_labelled_as_counted_in_both_languages():
    """The per-year column's label follows program_selections.count_basis, not the date: counted at 2018-11-16,
    published at 2023-02-21; the データ page names the basis of each row."""
    at, _ = open_app("pages/selections_page.py", {"asof": NEW})
    assert "選定数（公表値）" in open_tables(at).dataframe[0].value.columns
    at, _ = open_app("pages/overview_page.py", {"asof": OLD, "lang": "en"})
    assert open_tables(at).dataframe[0].value["Selected (counted from the list)"].tolist() == [14]
    at, _ = open_app("pages/data_page.py", {"asof": OLD})
    [table] = [d.value for view in every_view(at) for d in view.dataframe if "選定数の根拠" in d.value.columns]
    assert table[["選定数（資料の一覧から数えた値）", "選定数の根拠"]].values.tolist() == \
        [[14, "資料の一覧から数えた値（資料に数の記載なし）"]]


def test_the_no_data_message_names_the_missing_document_by_title_and_date():
    """As source lines name documents: publisher, title, pages and the document's own データ時点 (read from the
    snapshot that has it), in both languages."""
    at, _ = open_app("pages/selections_page.py", {"asof": OLD})
    assert ("**年度別の選定数と累計**: この図の資料 内閣府地方創生推進事務局「未来技術社会実装事業」p.2、p.1（データ時点 2023-02-21）"
            f"は、データ時点 {OLD} のデータにはありません。ほかのデータ時点はサイドバーの「データ時点」で選べます。") in \
        [i.value for i in at.info]
    at, _ = open_app("pages/overview_page.py", {"asof": OLD, "lang": "en"})
    assert ("**Key figures**: this chart's source, Regional Revitalization Promotion Secretariat, Cabinet Office, "
            "“Future Technology Social Implementation Project” (our translation of “未来技術社会実装事業”), p.1 "
            f"(data as of 2023-02-21), is not in the data as of {OLD}. Choose another date under \"Data as of\" in the "
            "sidebar.") in [shown_text(i.value) for i in at.info]  # as read: data text is escaped for markdown


# ── nothing ended yet (2018-11-16): no 「支援終了（H29年度末まで）0事業」 ───────────────────────────────

def test_where_nothing_has_ended_the_sidebar_and_data_page_say_so_in_both_languages():
    at, _ = open_app("pages/data_page.py", {"asof": OLD})
    radio = at.sidebar.radio[0].proto
    assert radio.help == ("支援中: H30年度に支援中の14事業。支援終了: データ時点 2018-11-16 では、支援を終了した事業はまだありません。"
                          "すべて: 14事業（選定合計は14事業）。")
    assert list(radio.captions) == ["H30年度の14事業", "データ時点 2018-11-16 ではまだありません", "14事業"]
    blocks = [m.value for view in every_view(at) for m in view.markdown]  # every tab, the specs opened
    assert any(b.startswith("1行＝1事業。H30年度に支援中の14事業です（データ時点 2018-11-16 では、支援を終了した事業はまだありません）。")
               for b in blocks)
    assert not [b for b in blocks if "H29" in b]
    at, _ = open_app("pages/data_page.py", {"asof": OLD, "lang": "en"})
    assert at.sidebar.radio[0].proto.help == (
        "Supported: the 14 projects supported in FY2018. Support ended: as of 2018-11-16, no project's support has ended "
        "yet. All: 14 projects (total selected: 14).")
    at, _ = open_app("pages/data_page.py")  # 2023-02-21: 8 ended by the end of R3, as before
    assert "支援終了: R3年度末までに終了した8事業" in at.sidebar.radio[0].proto.help


@pytest.mark.parametrize("lang, label, value, help_text", [
    ("ja", "支援終了", "0 事業", "データ時点 2018-11-16 では、支援を終了した事業はまだありません。"),
    ("en", "Projects ended", "0", "As of 2018-11-16, no project's support has ended yet.")])
def test_the_ended_figure_where_nothing_has_ended(lang, label, value, help_text):
    """A snapshot where nothing has ended: the ended figure has no 'by the end of FY…' and says why it is 0."""
    from dashboard.export import context
    from dashboard.filters import Filters
    from dashboard.panels.overview import KEY_FIGURES
    from dashboard.panels.selections import SEL_TOTALS
    from dashboard.query import Database
    from dashboard.snapshot import open_snapshot

    ctx = context(Filters(), Database(open_snapshot(SNAPSHOTS / OLD)).run, lang)
    for panel in (KEY_FIGURES, SEL_TOTALS):
        ended = panel.build(ctx).metrics[2]
        assert (ended.label, ended.value, ended.help) == (label, value, help_text)
    new = context(Filters(), Database(open_snapshot(SNAPSHOTS / NEW)).run, "ja")
    assert SEL_TOTALS.build(new).metrics[2].label == "支援終了（R3年度末まで）"


# ── a deck slide carries its データ時点 (asof) ───────────────────────────────────────────────────────

DECK_2018 = '''title = "2018年の資料"

[[slide]]
panel = "selections_by_year"
filters = "fy=2018"
asof = "2018-11-16"

[[slide]]
panel = "key_figures"
filters = ""
asof = "2019-04-01"
note = "まだ公表されていない日付"
'''
SLIDE5 = "出典: 内閣府地方創生推進事務局「近未来技術等社会実装事業について」スライド5（データ時点 2018-11-16）"


def _shown(at) -> list[str]:
    from tests.apptest_helpers import shown_text
    return [shown_text(m.value) for m in at.main.markdown]


def test_a_deck_slide_keeps_its_asof_through_toml_and_the_link_token():
    from dashboard import decks

    deck = decks.parse_deck(DECK_2018)
    assert [s.as_of for s in deck.slides] == [OLD, "2019-04-01"]  # an unknown date is kept: nothing is lost
    assert deck.slides[0].filters.fys == (2018,)  # checked against the 2018 snapshot's years
    assert 'asof = "2018-11-16"' in decks.to_toml(deck)
    assert decks.decode(decks.encode(deck)) == deck
    assert decks.parse_deck(DECK_2018.replace('"2018-11-16"', "2018-11-16")).slides[0].as_of == OLD  # a TOML date
    assert all(s.as_of is None for s in decks.load_deck("default").slides)  # decks/default.toml unchanged
    assert "asof" not in decks.to_toml(decks.load_deck("default"))


@pytest.mark.parametrize("lang, value, message", [
    ("ja", '"garbage"', "2 枚目: データ時点（asof）` garbage ` は日付ではありません（YYYY-MM-DD、例 2018-11-16）。"),
    ("ja", '"2018-02-30"', "2 枚目: データ時点（asof）` 2018-02-30 ` は日付ではありません（YYYY-MM-DD、例 2018-11-16）。"),
    ("en", "5", "slide 2: the data date (asof) ` 5 ` is not a date (YYYY-MM-DD, e.g. 2018-11-16).")])
def test_a_slide_asof_that_is_no_date_is_refused(lang, value, message):
    from dashboard import decks

    with pytest.raises(decks.DeckError) as error:
        decks.parse_deck(DECK_2018.replace('"2019-04-01"', value), lang=lang)
    assert str(error.value) == message


def test_a_slide_filters_are_checked_against_its_own_snapshot():
    from dashboard import decks

    with pytest.raises(decks.DeckError) as error:  # FY R4 (2022) is no selection year of the 2018 snapshot
        decks.parse_deck(DECK_2018.replace('filters = "fy=2018"', 'filters = "fy=2022"'))
    assert str(error.value) == "1 枚目: 絞り込み条件 fy の値 ` 2022 ` はデータにありません。"


def test_present_shows_each_slide_at_its_asof_and_an_unknown_date_with_the_usual_notice():
    from dashboard import decks

    at, _ = open_app("pages/present_page.py", {"d": decks.encode(decks.parse_deck(DECK_2018)), "slide": "1"})
    assert at.sidebar.selectbox[0].value == NEW  # the session shows the latest; the slide its own date
    shown = _shown(at)
    assert shown[0] == "# 年度別の選定数" and shown[1].startswith(SLIDE5 + "  \n")
    assert not at.warning
    at.query_params["slide"] = "2"
    at.run()
    assert [w.value for w in at.warning] == [
        "このスライドのデータ時点 ` 2019-04-01 ` のデータはありません。最新のデータ時点 2023-02-21 を表示しています"
        "（選べるデータ時点: 2023-02-21、2018-11-16）。"]
    assert _shown(at)[:2] == ["# 主な数字", "出典: 内閣府地方創生推進事務局「未来技術社会実装事業」p.1（データ時点 2023-02-21）  \n"
                                       "条件: 支援中　｜　2 / 2  \n" + _shown(at)[1].split("2 / 2  \n", 1)[1]]
    at, _ = open_app("pages/present_page.py", {"d": decks.encode(decks.parse_deck(DECK_2018)), "slide": "2",
                                               "lang": "en"})
    assert [w.value for w in at.warning] == [
        "There is no data as of ` 2019-04-01 ` (from this slide). Showing the latest, as of 2023-02-21 (dates "
        "available: 2023-02-21, 2018-11-16)."]


def test_a_slide_added_at_2018_keeps_its_date_on_the_slides_page_in_present_and_in_exports():
    from dashboard import decks, export

    at, _ = open_app("pages/overview_page.py", {"asof": OLD})
    add_slide(at, "selections_by_year")
    at.sidebar.selectbox[0].set_value(NEW).run()  # the session moves on to the latest
    add_slide(at, "selections_by_year")
    at.switch_page("pages/slides_page.py").run()
    assert not at.exception
    items = [m for m in _shown(at) if m.startswith("**")]
    assert items == ["**1. 年度別の選定数**　支援中　／　データ時点 2018-11-16", "**2. 年度別の選定数**　支援中"]
    [link] = [c.value for c in at.caption if "/present?d=" in c.value]
    deck = decks.decode(link.split("?d=", 1)[1].split("`", 1)[0])
    assert [s.as_of for s in deck.slides] == [OLD, None]
    assert 'asof = "2018-11-16"' in decks.to_toml(deck)  # what 「ファイルに保存」 writes
    at.switch_page("pages/present_page.py")
    at.query_params["deck"] = "built"
    at.query_params["slide"] = "1"
    at.run()
    assert _shown(at)[1].startswith(SLIDE5 + "  \n")  # the 2018 data, though the session shows 2023-02-21
    at.query_params["slide"] = "2"
    at.run()
    assert "（データ時点 2023-02-21）" in _shown(at)[1]
    # exports read each slide's snapshot
    slides = export.deck_slides(deck, export.default_run(), "ja")
    assert [ctx.period["as_of"] for _, ctx, _ in slides] == [OLD, NEW]


def test_a_slide_qr_carries_the_slide_asof(monkeypatch):
    from dashboard import decks

    monkeypatch.setenv("MIRAI_PUBLIC_URL", "https://mirai.example.jp")
    at, _ = open_app("pages/present_page.py", {"d": decks.encode(decks.parse_deck(DECK_2018)), "slide": "1"})
    [image] = at.get("image")
    assert f"https://mirai.example.jp/?fy=2018&amp;asof={OLD}" in str(image.proto) or \
        f"https://mirai.example.jp/?fy=2018&asof={OLD}" in str(image.proto)


def test_a_slide_without_data_at_2018_has_no_empty_source_line():
    """/present?asof=2018-11-16: 主な数字 (001 only) says what it lacks; its footer cites nothing rather than 「出典: 」."""
    at, _ = open_app("pages/present_page.py", {"asof": OLD, "slide": "1"})
    shown = _shown(at)
    assert shown[0] == "# 主な数字"
    assert shown[1].startswith("条件: 支援中　｜　1 / 7  \n")
    assert not [m for m in shown if m.startswith("出典: ") and m.split("  \n")[0] == "出典: "]
    assert [w.value for w in at.warning][0].startswith("**主な数字**: この図の資料 内閣府地方創生推進事務局「未来技術社会実装事業」p.1")


def test_words_around_a_counted_count_say_it_is_counted_in_both_languages():
    at, _ = open_app("pages/overview_page.py", {"asof": OLD})
    assert ("棒の高さは各年度に選定された事業数（資料に数の記載がないため、資料の一覧から数えた値）。濃い部分はH30年度に支援中の事業です。"
            in [c.value for c in at.caption])
    at, _ = open_app("pages/data_page.py", {"asof": OLD, "lang": "en"})
    assert any(m.value.startswith("One row = the selections of one program in one fiscal year (where the document prints "
                                  'no count, counted from its list: see "Basis of the count").')
               for view in every_view(at) for m in view.markdown)
    at, _ = open_app("pages/overview_page.py")  # 2023-02-21: published, as before
    assert any(c.value.startswith("棒の高さは各年度に選定された事業数（公表値）。") for c in at.caption)


@pytest.mark.parametrize("value", ["estimated", "", "Published"])
def test_a_count_basis_outside_published_or_counted_is_refused(tmp_path, value):
    from pipeline import schemas
    from pipeline.errors import BuildError
    from pipeline.readers import read_csv

    source = ROOT / "data" / "sources" / OLD / "program_selections.csv"
    path = tmp_path / "program_selections.csv"
    path.write_text(source.read_text(encoding="utf-8").replace(",14,counted,", f",14,{value},"), encoding="utf-8")
    with pytest.raises(BuildError) as error:
        read_csv(path, schemas.PROGRAM_SELECTIONS)
    assert (error.value.line, error.value.column, error.value.accepted) == (2, "count_basis", "one of: published, counted")
