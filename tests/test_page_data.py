"""AppTest of the データ page: the tables shown, and that each download holds exactly the rows shown."""
from __future__ import annotations

import io

import openpyxl
import pandas as pd
import pytest
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.testing.v1 import AppTest

from dashboard.data_tables import ROW_LIMIT
from dashboard.filters import Filters

from tests.apptest_helpers import open_app, open_lazy, shown_text
from tests.conftest import ROOT
PAGE = "pages/data_page.py"
AS_OF = "2023-02-21"
TAMPERED = {"tech": ["unknown", "<script>alert(1)</script>", "あ" * 1000], "fy": ["abc"], "pref": ["99", "27.0", "-1"],
            "region": ["<b>x</b>"]}
STEMS = ["projects", "project_areas", "programs", "program_selections", "program_budgets", "program_totals",
         "survey_responses", "events", "council_members", "program_facts", "slide_notes", "sources"]
UNFILTERED_ROWS = [5, 23, 5, 3, 16, 3, 24, 40, 4, 2]
SPEC_TITLES = ["事業一覧", "事業の申請者の地域（1行＝1地域）", "事業制度", "事業制度別・年度別の選定数", "事業制度別の予算",
               "未来技術社会実装事業の合計値", "アンケート結果（001 p.4）", "交流会・シンポジウム", "会議の構成員",
               "事業の説明文（資料の文言）", "資料の注記（※・脚注）", "出典資料"]


@pytest.fixture
def files(monkeypatch) -> dict:
    """file name -> the callable a download button would run when clicked (deferred data)."""
    registered: dict = {}
    original = MediaFileManager.add_deferred

    def spy(self, data_callable, mimetype, coordinates, file_name=None, **kwargs):
        registered[file_name] = data_callable
        return original(self, data_callable, mimetype, coordinates, file_name, **kwargs)

    monkeypatch.setattr(MediaFileManager, "add_deferred", spy)
    return registered


def open_page(params: dict | None = None) -> tuple[AppTest, list[str]]:
    return open_app(PAGE, params)


TAB_KEY = "data_tab"  # pages/data_page.py draws only the open tab's tables (tabs that rerun on a switch)


def each_tab(at: AppTest):
    """The page run with each tab open in turn, as a reader clicking through them; back on the first tab after."""
    labels = [tab.label for tab in at.tabs]
    assert len(labels) == 5
    for label in labels:
        at.session_state[TAB_KEY] = label
        at.run()
        assert not at.exception, [e.value for e in at.exception]
        yield at
    at.session_state[TAB_KEY] = labels[0]
    at.run()


def tables(at: AppTest) -> list[pd.DataFrame]:
    """Every tab's tables, in page order."""
    return [d.value for _ in each_tab(at) for d in at.dataframe]


def download_buttons(at: AppTest) -> list:
    """Every tab's download buttons, in page order."""
    return [b for _ in each_tab(at) for b in at.get("download_button")]


def csv_of(files: dict, name: str) -> pd.DataFrame:
    raw = files[name]()
    assert raw.startswith(b"\xef\xbb\xbf")
    return pd.read_csv(io.BytesIO(raw), encoding="utf-8-sig", dtype=str, keep_default_na=False)


def assert_downloads_match(files: dict, shown: pd.DataFrame, stem: str) -> None:
    """CSV and Excel: the table on screen (same labels, same rows); Parquet: the same rows under the contract's names."""
    csv = csv_of(files, f"{stem}_{AS_OF}.csv")
    assert len(csv) == len(shown) and list(csv.columns) == list(shown.columns)
    ws = openpyxl.load_workbook(io.BytesIO(files[f"{stem}_{AS_OF}.xlsx"]())).worksheets[0]
    assert ws.max_row == len(shown) + 1
    assert [c.value for c in ws[1]] == list(shown.columns)
    parquet = pd.read_parquet(io.BytesIO(files[f"{stem}_{AS_OF}.parquet"]()))
    assert len(parquet) == len(shown)
    assert not set(parquet.columns) & set(shown.columns)  # Parquet keeps the data contract's (English) names
    if "事業番号" in shown:
        assert list(csv["事業番号"]) == list(shown["事業番号"]) == list(parquet["project_id"])
        assert [c.value for c in ws["A"][1:]] == list(shown["事業番号"])


def assert_unfiltered_tables(at: AppTest) -> None:
    assert [len(t) for t in tables(at)[2:]] == UNFILTERED_ROWS


def test_autonomous_driving_shows_and_downloads_27_projects(db, files):
    at, _ = open_page({"tech": ["自動運転"]})
    assert [m.value for m in at.metric] == ["27 / 45 事業"]
    projects, areas = tables(at)[:2]
    expected = db.run("filtered_projects_table", Filters(techs=("自動運転",)), row_limit=ROW_LIMIT)
    assert list(projects["事業番号"]) == list(expected["project_id"])
    assert len(projects) == 27 and len(areas) == 30
    assert projects["活用技術"].iloc[0] == "自動運転、ロボット、ドローン"
    captions = [shown_text(c.value) for c in at.caption]
    assert ("27 行　｜　絞り込み条件を反映（支援中　｜　技術: 自動運転）　｜　"
            "活用技術・地域・地域コードは「、」区切りの文字列") in captions
    assert "30 行　｜　絞り込み条件を反映（支援中　｜　技術: 自動運転）" in captions
    assert_unfiltered_tables(at)

    assert_downloads_match(files, projects, "projects_filtered")
    assert_downloads_match(files, areas, "project_areas_filtered")
    csv = csv_of(files, f"projects_filtered_{AS_OF}.csv")
    assert csv["活用技術"].str.contains("自動運転").all()
    wb = openpyxl.load_workbook(io.BytesIO(files[f"projects_filtered_{AS_OF}.xlsx"]()))
    about = dict(wb["説明"].iter_rows(values_only=True))
    assert about["行数"] == "27" and about["範囲"] == "絞り込み条件を反映（支援中　｜　技術: 自動運転）"
    assert about["データ時点"] == AS_OF


def test_default_view_file_names_and_buttons(db, files):
    at, warnings = open_page()
    assert warnings == []
    assert [len(t) for t in tables(at)] == [45, 48] + UNFILTERED_ROWS
    buttons = download_buttons(at)
    assert len(buttons) == 3 * len(STEMS)
    assert [b.label for b in buttons[:3]] == ["CSV（Excel対応）", "Excel（.xlsx）", "Parquet"]
    assert not any(b.proto.disabled for b in buttons)
    # The app opens on the overview first, whose panels can register PNG/PPTX downloads (menus opened): the tables'.
    tables_files = [name for name in files if name.rsplit(".", 1)[-1] in ("csv", "xlsx", "parquet")]
    assert sorted(tables_files) == sorted(f"{s}_{AS_OF}.{e}" for s in STEMS for e in ("csv", "xlsx", "parquet"))
    for stem, shown in zip(STEMS, tables(at)):
        assert_downloads_match(files, shown, stem)
    events = csv_of(files, f"events_{AS_OF}.csv")
    assert list(events["開催日"]) == ["2022-10-27", "2022-10-28", "2023-02-21"]
    survey = csv_of(files, f"survey_responses_{AS_OF}.csv")
    assert list(survey["回答数"])[-9:] == ["17", "16", "11", "10", "9", "4", "4", "4", "0"]
    assert survey["課題の項目"].iloc[-1] == "" and survey["項目との対応"].iloc[-1] == "項目名不明"


@pytest.mark.parametrize("params, projects, areas", [
    ({"status": ["all"]}, 50, 54),
    ({"status": ["ended"]}, 5, 6),
    ({"fy": ["2018"]}, 9, 12),
    ({"pref": ["27"]}, 4, 5),
    ({"region": ["近畿"]}, 11, 12),
])
def test_filters_change_only_the_project_tables(files, params, projects, areas):
    at, warnings = open_page(params)
    assert warnings == []
    shown = tables(at)
    assert (len(shown[0]), len(shown[1])) == (projects, areas)
    assert_unfiltered_tables(at)
    assert_downloads_match(files, shown[0], "projects_filtered")
    assert_downloads_match(files, shown[1], "project_areas_filtered")
    assert f"programs_{AS_OF}.csv" in files  # unfiltered tables keep their plain names


def test_no_matching_project_disables_the_project_downloads(files):
    at, _ = open_page({"tech": ["ブロックチェーン"], "fy": ["2018"]})
    assert [len(t) for t in tables(at)[:2]] == [0, 0]
    assert [i.value for i in at.info][:2] == ["条件に合う行がありません。サイドバーの条件を変えてください。"] * 2
    buttons = download_buttons(at)
    assert [b.proto.disabled for b in buttons[:6]] == [True] * 6
    assert not any(b.proto.disabled for b in buttons[6:])
    assert not any(name.startswith("project") for name in files)
    assert_unfiltered_tables(at)


def test_tampered_url_is_ignored_and_reported(files):
    at, warnings = open_page(TAMPERED)
    assert len(warnings) == 1 and warnings[0].startswith("URL の条件のうち、認識できない値を無視しました: ")
    assert [len(t) for t in tables(at)] == [45, 48] + UNFILTERED_ROWS
    assert f"projects_{AS_OF}.csv" in files  # the default view: no filter applied


def test_sources_and_data_contract():
    at, _ = open_page()
    open_lazy(at)  # the specs and the data contract are written into an opened expander only
    md = [shown_text(m.value) for _ in each_tab(at) for m in at.markdown]
    assert ("- **000**　近未来技術等社会実装事業について（内閣府地方創生推進事務局、発行日: 2018-11-16）"
            "　データ時点: **2018-11-16**（根拠: 表紙に記載の日付）") in md
    assert any(m.startswith("- **001**　未来技術社会実装事業（内閣府地方創生推進事務局、発行日: 日付の記載なし）"
                            "　データ時点: **2023-02-21**（根拠: 推定: 資料に日付の記載がないため") for m in md)
    sources = tables(at)[-1]
    assert list(sources["資料番号"]) == ["000", "001"]
    assert "データの仕様" in [s.value for s in at.subheader]
    readme = ROOT / "data" / "README.md"
    if readme.exists():
        assert [e.label for e in at.expander] == SPEC_TITLES + ["開発者向けの詳細: data/README.md（英語。列名・型・キー・欠損の意味）"]
        shown = at.expander[-1].markdown[0].value
        first_heading = next(line for line in readme.read_text(encoding="utf-8").splitlines() if line.startswith("# "))
        assert shown.startswith("##" + first_heading)  # demoted two levels to sit under the page's headings
        assert "```" in shown or "```" not in readme.read_text(encoding="utf-8")
    else:
        assert ("データの仕様書（data/README.md）はまだありません。Parquet の列名はデータ作成手順（pipeline/tables.py）の定義と"
                "同じです。") in [i.value for i in at.info]


def test_tables_read_as_words_and_codes_as_text(db, files):
    """Labels from the glossary, statuses and booleans in words, codes as zero-padded text, no None/nan cell;
    CSV and Excel say the same, Parquet keeps the contract's names, codes and types."""
    at, _ = open_page({"status": ["all"]})
    shown = tables(at)
    for table in shown:
        cells = {str(v) for column in table.columns for v in table[column]}
        assert not cells & {"None", "nan", "<NA>", "NaT"}, list(table.columns)
    projects, areas = shown[:2]
    assert projects["支援状況"].value_counts().to_dict() == {"支援中": 45, "支援終了": 5}
    supported = projects["支援状況"] == "支援中"
    for flag in ("技術の一覧が「等」で終わる", "国交省の自動運転支援の対象（※）"):  # not published for ended projects
        assert set(projects.loc[supported, flag]) == {"はい", "いいえ"} and set(projects.loc[~supported, flag]) == {""}
    assert list(projects.loc[projects["支援状況"] == "支援終了", "支援状況は推定"]) == ["はい"] * 5
    assert list(areas[["地域コード", "都道府県コード"]].iloc[0]) == ["01", "01"]
    assert areas["都道府県コード"].str.fullmatch(r"\d\d").all() and areas["地域コード"].str.fullmatch(r"\d{2}|\d{5}").all()
    osaka = areas[areas["都道府県"] == "大阪府"]
    assert set(osaka["都道府県コード"]) == {"27"} and osaka["地域コード"].str.startswith("27").all()
    assert list(shown[5]["項目"]) == ["支援終了の事業数", "選定事業数の合計", "支援中の事業数"]
    assert list(shown[5]["事業数"]) == [8, 53, 45]
    assert list(shown[7]["日程"]) == ["1日目", "2日目", ""] and list(shown[7]["参加者数（府省）"])[:2] == ["", ""]

    csv = csv_of(files, f"projects_filtered_{AS_OF}.csv")
    assert list(csv["支援状況"]) == list(projects["支援状況"]) and set(csv["支援状況は推定"]) == {"はい", "いいえ"}
    areas_csv = csv_of(files, f"project_areas_filtered_{AS_OF}.csv")
    assert list(areas_csv["都道府県コード"]) == list(areas["都道府県コード"])  # '01' stays text, not 1
    ws = openpyxl.load_workbook(io.BytesIO(files[f"project_areas_filtered_{AS_OF}.xlsx"]())).worksheets[0]
    assert ws["E2"].value == "01" and ws["E1"].value == "都道府県コード"
    parquet = pd.read_parquet(io.BytesIO(files[f"projects_filtered_{AS_OF}.parquet"]()))
    expected = db.run("filtered_projects_table", Filters(statuses=()), row_limit=ROW_LIMIT)
    assert list(parquet.columns) == list(expected.columns)
    assert parquet["status"].value_counts().to_dict() == {"supported": 45, "ended": 5}
    assert str(parquet["technologies_more"].dtype) == "boolean"
    areas_parquet = pd.read_parquet(io.BytesIO(files[f"project_areas_filtered_{AS_OF}.parquet"]()))
    assert areas_parquet["pref_code"].iloc[0] == 1


def test_data_spec_describes_each_table_from_the_glossary():
    """「データの仕様」: per table what one row is (period facts from the data) and every column on screen,
    in order, with its meaning; the page says what Parquet keeps."""
    at, _ = open_page()
    open_lazy(at)
    assert ("CSV と Excel の列名と値は画面の表と同じ日本語です。Parquet はデータ契約（data/README.md）の列名（英語）と"
            "型のままです（プログラムで読む人向け）。") in [c.value for c in at.caption]
    specs = {e.label: e.markdown[0].value for e in at.expander if e.label in SPEC_TITLES}
    assert list(specs) == SPEC_TITLES
    assert specs["事業一覧"].startswith("1行＝1事業。R4年度に支援中の45事業と、R3年度末までに支援を終了した8事業のうち"
                                       "名称が公表されている事業です。")
    assert "| 事業番号 | 事業を区別する番号（採択年度の和暦＋番号、例 H30-01） |" in specs["事業一覧"]
    assert "| 支援状況 | R4年度に支援中か、R3年度末までに支援終了か |" in specs["事業一覧"]
    for title, table in zip(SPEC_TITLES, tables(at)):
        rows = [line for line in specs[title].splitlines() if line.startswith("| ")][1:]
        assert [row.split(" | ")[0][2:] for row in rows] == list(table.columns), title


def test_status_filter_says_what_all_counts():
    """「すべて」 shows 50 / 50 事業 while 53 were selected: the sidebar says so on its face, numbers from the data."""
    at, _ = open_page({"status": ["all"]})
    radio = at.radio(key="f_status")
    assert radio.options == ["支援中", "支援終了", "すべて"] and radio.value == "すべて"
    assert list(radio.proto.captions) == ["R4年度の45事業", "名称公表の5事業（全8事業）", "50事業（名称非公表の3事業を除く）"]
    assert radio.help == ("支援中: R4年度に支援中の45事業。支援終了: R3年度末までに終了した8事業のうち名称が公表されている5事業。"
                          "すべて: この両方の50事業。名称が公表されていない3事業は一覧にないため数えられません（選定合計は53事業）。")
    assert [m.value for m in at.metric] == ["50 / 50 事業"]


def test_a_table_longer_than_the_row_limit_is_cut_with_a_message(db, files, monkeypatch):
    """At most ROW_LIMIT rows on screen and in every file; a warning says how many were left out and how to narrow
    (a limit of 10 here stands for 10,000 on a snapshot thousands of times the real one)."""
    from dashboard import data_tables
    monkeypatch.setattr(data_tables, "ROW_LIMIT", 10)
    at, _ = open_page({"tech": ["AI"]})
    projects, areas = tables(at)[:2]
    expected = db.run("filtered_projects_table", Filters(techs=("AI",)), row_limit=10)
    assert list(projects["事業番号"]) == list(expected["project_id"]) and len(projects) == 10
    assert len(areas) == 10
    counts = db.run("filtered_table_row_counts", Filters(techs=("AI",))).iloc[0]
    assert int(counts["project_row_count"]) == 23
    shown = [shown_text(w.value) for w in at.warning]
    assert (f"条件に合う 23 行のうち、先頭の 10 行だけを表示しています。残りの 13 行は画面にもダウンロード（CSV・Excel・"
            "Parquet）にも含まれません。すべての行を見るには、サイドバーの「絞り込み」（活用技術・採択年度・地方・都道府県・"
            "支援状況）で 10 行以下に絞り込んでください。") in shown
    left = int(counts["area_row_count"]) - 10
    assert any(w.startswith(f"条件に合う {left + 10} 行のうち") for w in shown)
    assert_downloads_match(files, projects, "projects_filtered")
    assert_downloads_match(files, areas, "project_areas_filtered")
    wb = openpyxl.load_workbook(io.BytesIO(files[f"projects_filtered_{AS_OF}.xlsx"]()))
    about = dict(wb["説明"].iter_rows(values_only=True))
    assert about["行数"] == "10" and about["表示していない行"].startswith("条件に合う 23 行のうち")
    assert_unfiltered_tables(at)  # tables that ignore the filters are never cut


def test_only_the_open_tab_is_drawn_and_a_language_switch_keeps_it():
    """Hidden tabs are not built (each element costs the server CPU on every run, issue 10 §1): a run holds the open
    tab's tables only; switching the language keeps the reader on the same tab under its new label."""
    from dashboard import lang

    at, _ = open_page()
    assert [tab.label for tab in at.tabs][-1] == "出典"
    assert [len(d.value) for d in at.dataframe] == [45, 48]
    assert [e.label for e in at.expander if e.markdown] == []  # the specs are written when opened
    at.session_state[TAB_KEY] = "出典"
    at.run()
    assert [list(d.value["資料番号"]) for d in at.dataframe] == [["000", "001"]]
    at.session_state[lang.KEY] = "English"
    at.run()
    assert not at.exception
    assert at.session_state[TAB_KEY] == "Sources"
    assert len(at.dataframe) == 1 and len(at.dataframe[0].value) == 2
