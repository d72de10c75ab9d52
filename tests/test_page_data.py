"""AppTest of the データ page: the tables shown, and that each download holds exactly the rows shown."""
from __future__ import annotations

import io

import openpyxl
import pandas as pd
import pytest
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.testing.v1 import AppTest

from dashboard.filters import Filters

from tests.apptest_helpers import open_app, shown_text
from tests.conftest import ROOT
PAGE = "pages/data_page.py"
AS_OF = "2023-02-21"
TAMPERED = {"tech": ["unknown", "<script>alert(1)</script>", "あ" * 1000], "fy": ["abc"], "pref": ["99", "27.0", "-1"],
            "region": ["<b>x</b>"]}
STEMS = ["projects", "project_areas", "programs", "program_selections", "program_budgets", "program_totals",
         "survey_responses", "events", "council_members", "program_facts", "slide_notes", "sources"]
UNFILTERED_ROWS = [5, 23, 5, 3, 16, 3, 24, 40, 4, 2]


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


def tables(at: AppTest) -> list[pd.DataFrame]:
    return [d.value for d in at.dataframe]


def csv_of(files: dict, name: str) -> pd.DataFrame:
    raw = files[name]()
    assert raw.startswith(b"\xef\xbb\xbf")
    return pd.read_csv(io.BytesIO(raw), encoding="utf-8-sig", dtype=str, keep_default_na=False)


def assert_downloads_match(files: dict, shown: pd.DataFrame, stem: str) -> None:
    csv = csv_of(files, f"{stem}_{AS_OF}.csv")
    assert len(csv) == len(shown) and list(csv.columns) == list(shown.columns)
    ws = openpyxl.load_workbook(io.BytesIO(files[f"{stem}_{AS_OF}.xlsx"]())).worksheets[0]
    assert ws.max_row == len(shown) + 1
    parquet = pd.read_parquet(io.BytesIO(files[f"{stem}_{AS_OF}.parquet"]()))
    assert len(parquet) == len(shown)
    if "project_id" in shown:
        assert list(csv["project_id"]) == list(shown["project_id"]) == list(parquet["project_id"])
        assert [c.value for c in ws["A"][1:]] == list(shown["project_id"])


def assert_unfiltered_tables(at: AppTest) -> None:
    assert [len(t) for t in tables(at)[2:]] == UNFILTERED_ROWS


def test_autonomous_driving_shows_and_downloads_27_projects(db, files):
    at, _ = open_page({"tech": ["自動運転"]})
    assert [m.value for m in at.metric] == ["27 / 45 事業"]
    projects, areas = tables(at)[:2]
    expected = db.run("filtered_projects_table", Filters(techs=("自動運転",)))
    assert list(projects["project_id"]) == list(expected["project_id"])
    assert len(projects) == 27 and len(areas) == 30
    assert projects["technologies_text"].iloc[0] == "自動運転、ロボット、ドローン"
    captions = [shown_text(c.value) for c in at.caption]
    assert ("27 行　｜　絞り込み条件を反映（支援中　｜　技術: 自動運転）　｜　"
            "technologies_text・area_names・area_codes は「、」区切りの文字列") in captions
    assert "30 行　｜　絞り込み条件を反映（支援中　｜　技術: 自動運転）" in captions
    assert_unfiltered_tables(at)

    assert_downloads_match(files, projects, "projects_filtered")
    assert_downloads_match(files, areas, "project_areas_filtered")
    csv = csv_of(files, f"projects_filtered_{AS_OF}.csv")
    assert csv["technologies_text"].str.contains("自動運転").all()
    wb = openpyxl.load_workbook(io.BytesIO(files[f"projects_filtered_{AS_OF}.xlsx"]()))
    about = dict(wb["説明"].iter_rows(values_only=True))
    assert about["行数"] == "27" and about["範囲"] == "絞り込み条件を反映（支援中　｜　技術: 自動運転）"
    assert about["データ時点"] == AS_OF


def test_default_view_file_names_and_buttons(db, files):
    at, warnings = open_page()
    assert warnings == []
    assert [len(t) for t in tables(at)] == [45, 48] + UNFILTERED_ROWS
    buttons = at.get("download_button")
    assert len(buttons) == 3 * len(STEMS)
    assert [b.label for b in buttons[:3]] == ["CSV（Excel対応）", "Excel（.xlsx）", "Parquet"]
    assert not any(b.proto.disabled for b in buttons)
    assert sorted(files) == sorted(f"{s}_{AS_OF}.{e}" for s in STEMS for e in ("csv", "xlsx", "parquet"))
    for stem, shown in zip(STEMS, tables(at)):
        assert_downloads_match(files, shown, stem)
    events = csv_of(files, f"events_{AS_OF}.csv")
    assert list(events["event_date"]) == ["2022-10-27", "2022-10-28", "2023-02-21"]
    survey = csv_of(files, f"survey_responses_{AS_OF}.csv")
    assert list(survey["respondents_count"])[-9:] == ["17", "16", "11", "10", "9", "4", "4", "4", "0"]
    assert survey["item"].iloc[-1] == "" and survey["pairing"].iloc[-1] == "unlabelled"


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
    buttons = at.get("download_button")
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
    md = [shown_text(m.value) for m in at.markdown]
    assert ("- **000**　近未来技術等社会実装事業について（内閣府地方創生推進事務局、発行日: 2018-11-16）"
            "　データ時点: **2018-11-16**（根拠: 表紙に記載の日付）") in md
    assert any(m.startswith("- **001**　未来技術社会実装事業（内閣府地方創生推進事務局、発行日: 日付の記載なし）"
                            "　データ時点: **2023-02-21**（根拠: 推定: 資料に日付の記載がないため") for m in md)
    sources = tables(at)[-1]
    assert list(sources["source_id"]) == ["000", "001"]
    assert "データの仕様" in [s.value for s in at.subheader]
    readme = ROOT / "data" / "README.md"
    if readme.exists():
        assert [e.label for e in at.expander] == ["data/README.md（各表の列と意味）"]
        shown = at.expander[0].markdown[0].value
        first_heading = next(line for line in readme.read_text(encoding="utf-8").splitlines() if line.startswith("# "))
        assert shown.startswith("##" + first_heading)  # demoted two levels to sit under the page's headings
        assert "```" in shown or "```" not in readme.read_text(encoding="utf-8")
    else:
        assert "データの仕様書（data/README.md）はまだありません。列名はデータ作成手順（pipeline/tables.py）の定義と同じです。" in [
            i.value for i in at.info]
