"""dashboard/downloads.py without Streamlit: CSV that Excel reads, .xlsx, Parquet, and filtered row counts."""
from __future__ import annotations

import io

import numpy as np
import openpyxl
import pandas as pd
import pytest

from dashboard import downloads
from dashboard.data_tables import ROW_LIMIT
from dashboard.filters import Filters

AUTONOMOUS = Filters(techs=("自動運転",))


def read_csv(raw: bytes) -> pd.DataFrame:
    return pd.read_csv(io.BytesIO(raw), encoding="utf-8-sig", dtype=str, keep_default_na=False)


def xlsx_rows(raw: bytes, sheet: int = 0) -> list[tuple]:
    wb = openpyxl.load_workbook(io.BytesIO(raw))
    return list(wb.worksheets[sheet].iter_rows(values_only=True))


@pytest.fixture(scope="module")
def projects(db) -> pd.DataFrame:
    return db.run("filtered_projects_table", AUTONOMOUS, row_limit=ROW_LIMIT)


def test_csv_starts_with_utf8_bom_and_keeps_japanese(projects):
    raw = downloads.csv_bytes(projects)
    assert raw.startswith(b"\xef\xbb\xbf")
    assert raw[3:].decode("utf-8").splitlines()[0].startswith("project_id,applicant,area_names")
    assert b"\r\n" in raw
    back = read_csv(raw)
    assert len(back) == 27
    assert list(back.columns) == list(projects.columns)
    first = back.iloc[0]
    assert first["project_id"] == "H30-01"
    assert first["applicant"] == "北海道、岩見沢市、更別村"
    assert first["technologies_text"] == "自動運転、ロボット、ドローン"
    assert first["area_names"] == "北海道、北海道岩見沢市、北海道更別村"


def test_csv_writes_lists_as_text_dates_without_time_and_nulls_empty(db):
    df = pd.DataFrame({"technologies": [np.array(["AI", "IoT"]), None], "n": pd.array([1, None], dtype="Int32")})
    back = read_csv(downloads.csv_bytes(df))
    assert list(back["technologies"]) == ["AI、IoT", ""]
    assert list(back["n"]) == ["1", ""]
    events = read_csv(downloads.csv_bytes(db.run("export_events")))
    assert list(events["event_date"]) == ["2022-10-27", "2022-10-28", "2023-02-21"]
    assert list(events["participants_national"]) == ["", "", "18"]


@pytest.mark.parametrize("name, filters, rows", [
    ("filtered_projects_table", AUTONOMOUS, 27),
    ("filtered_projects_table", Filters(), 45),
    ("filtered_projects_table", Filters(statuses=()), 50),
    ("filtered_projects_table", Filters(prefs=(27,)), 4),
    ("filtered_project_areas_table", AUTONOMOUS, 30),
    ("filtered_project_areas_table", Filters(), 48),
])
def test_every_format_holds_the_filtered_rows(db, name, filters, rows):
    df = db.run(name, filters, row_limit=ROW_LIMIT)
    assert len(df) == rows
    assert len(read_csv(downloads.csv_bytes(df))) == rows
    assert len(xlsx_rows(downloads.xlsx_bytes(df))) == rows + 1  # + header
    assert len(pd.read_parquet(io.BytesIO(downloads.parquet_bytes(df)))) == rows
    assert list(read_csv(downloads.csv_bytes(df))["project_id"]) == list(df["project_id"])


def test_xlsx_opens_with_openpyxl_and_has_the_same_rows(projects):
    about = [("表", "事業一覧"), ("行数", "27")]
    raw = downloads.xlsx_bytes(projects, sheet="projects", about=about)
    wb = openpyxl.load_workbook(io.BytesIO(raw))
    assert wb.sheetnames == ["projects", "説明"]
    rows = xlsx_rows(raw)
    assert rows[0] == tuple(projects.columns)
    assert len(rows) == 28
    ids = [r[0] for r in rows[1:]]
    assert ids == list(projects["project_id"])
    header = rows[0]
    first = dict(zip(header, rows[1]))
    assert first["technologies_text"] == "自動運転、ロボット、ドローン"
    assert first["selected_fy"] == 2018
    assert first["technologies_more"] is False
    assert first["title_source_page"] == 5
    r1 = dict(zip(header, rows[6]))  # R1-01: no published title
    assert r1["project_id"] == "R1-01" and r1["title"] is None
    assert xlsx_rows(raw, 1) == [("表", "事業一覧"), ("行数", "27")]
    assert wb.worksheets[0].freeze_panes == "A2"


def test_xlsx_writes_list_columns_as_text_and_never_a_formula():
    df = pd.DataFrame({"technologies": [["AI", "IoT"], np.array(["ドローン"])], "text": ["=1+1", "@SUM(A1)"]})
    raw = downloads.xlsx_bytes(df)
    ws = openpyxl.load_workbook(io.BytesIO(raw)).worksheets[0]
    assert [c.value for c in ws["A"]] == ["technologies", "AI、IoT", "ドローン"]
    assert ws["B2"].value == "'=1+1" and ws["B2"].data_type == "s"
    assert ws["B3"].value == "'@SUM(A1)" and ws["B3"].data_type == "s"


INJECTIONS = ["=HYPERLINK(\"https://evil.example\",\"x\")", "@SUM(1+1)", "+cmd|' /C calc'!A0", "-2+3",
              "\t=1+1", "\r=1+1", "=1+1"]
HARMLESS = ["AI", "a=b", "1-2", "'quoted", " =1"]


def formula_table() -> pd.DataFrame:
    return pd.DataFrame({
        "text": INJECTIONS + HARMLESS,
        "n": list(range(-6, 6)),  # negative numbers stay numbers
        "x": [-1.5] * 12,
        "tech": [["=A1", "AI"]] * 12,  # list cells joined into text that starts like a formula
        "=header": ["ok"] * 12,
    })


def test_csv_neutralises_formula_cells_and_keeps_numbers():
    """OWASP CSV injection: every text cell starting with = + - @ tab or CR gets a leading single quote."""
    back = read_csv(downloads.csv_bytes(formula_table()))
    assert list(back.columns) == ["text", "n", "x", "tech", "'=header"]
    assert list(back["text"]) == ["'" + v for v in INJECTIONS] + HARMLESS
    assert list(back["n"]) == [str(n) for n in range(-6, 6)] and set(back["x"]) == {"-1.5"}
    assert set(back["tech"]) == {"'=A1、AI"}


def test_xlsx_neutralises_formula_cells_in_every_sheet_and_has_no_formula():
    about = [("表", "=1+1"), ("@範囲", "-cmd|x"), ("行数", "12")]
    raw = downloads.xlsx_bytes(formula_table(), about=about)
    wb = openpyxl.load_workbook(io.BytesIO(raw))
    cells = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row]
    assert [c.coordinate for c in cells if c.data_type == "f"] == []
    assert not any(isinstance(c.value, str) and c.value.startswith(downloads.FORMULA_TRIGGERS) for c in cells)
    data, info = (list(ws.iter_rows(values_only=True)) for ws in wb.worksheets)
    assert data[0] == ("text", "n", "x", "tech", "'=header")
    # Whether a CR reads back as CR or as a line feed depends on the XML parser (openpyxl with or without lxml);
    # the quote in front is what matters.
    assert [r[0].replace("\r", "\n") if isinstance(r[0], str) else r[0] for r in data[1:]] == \
        ["'" + v.replace("\r", "\n") for v in INJECTIONS] + HARMLESS
    assert [r[1] for r in data[1:]] == list(range(-6, 6)) and {r[2] for r in data[1:]} == {-1.5}
    assert info == [("表", "'=1+1"), ("'@範囲", "'-cmd|x"), ("行数", "12")]


def test_xlsx_dates_are_dates(db):
    rows = xlsx_rows(downloads.xlsx_bytes(db.run("export_events")))
    header = rows[0]
    dates = [dict(zip(header, r))["event_date"] for r in rows[1:]]
    assert [d.date().isoformat() for d in dates] == ["2022-10-27", "2022-10-28", "2023-02-21"]


def test_parquet_round_trips(db, projects):
    for df in (projects, db.run("export_events"), db.run("export_survey_responses"), db.run("source_list")):
        back = pd.read_parquet(io.BytesIO(downloads.parquet_bytes(df)))
        pd.testing.assert_frame_equal(back, df)


def test_parquet_keeps_list_columns_as_lists():
    df = pd.DataFrame({"technologies": [["AI", "IoT"], None]})
    back = pd.read_parquet(io.BytesIO(downloads.parquet_bytes(df)))
    assert list(back["technologies"][0]) == ["AI", "IoT"]
    assert back["technologies"][1] is None


def test_empty_table_gives_header_only_files(db):
    df = db.run("filtered_projects_table", Filters(techs=("ブロックチェーン",), fys=(2018,)), row_limit=ROW_LIMIT)
    assert df.empty
    assert downloads.csv_bytes(df).decode("utf-8-sig").strip().split(",")[0] == "project_id"
    assert len(xlsx_rows(downloads.xlsx_bytes(df))) == 1
    assert pd.read_parquet(io.BytesIO(downloads.parquet_bytes(df))).empty


def test_sheet_and_file_names():
    raw = downloads.xlsx_bytes(pd.DataFrame({"a": [1]}), sheet="a/b:c*d?" + "x" * 40)
    name = openpyxl.load_workbook(io.BytesIO(raw)).sheetnames[0]
    assert name == ("a_b_c_d_" + "x" * 40)[:31]
    assert downloads.file_name("projects_filtered", "2023-02-21", "xlsx") == "projects_filtered_2023-02-21.xlsx"
    assert downloads.MIME["csv"] == "text/csv"


def test_the_table_as_shown_gives_files_with_labels_words_and_codes_as_text():
    """What the データ page passes to CSV/Excel (render.table.labelled with screen=False): glossary labels,
    words for statuses, pairings and booleans, codes as text, blanks for missing values, numbers and dates
    kept; a formula-like text is still neutralised."""
    from dashboard.panels.spec import Column, Context
    from dashboard.render.table import labelled

    raw = pd.DataFrame({
        "status": ["supported", "ended"], "pref_code": pd.array([1, 27], dtype="int32"),
        "is_optional": pd.array([True, None], dtype="boolean"), "pairing": ["unlabelled", "stated"],
        "note_text": ["=1+1", None], "respondents_count": pd.array([17, None], dtype="Int32"),
        "event_date": pd.to_datetime(["2022-10-27", None]),
    })
    columns = tuple(Column(f) for f in raw.columns)
    ctx = Context(filters=Filters(), run=lambda *a, **k: None)
    table = labelled(raw, columns, ctx, screen=False)
    assert list(table.columns) == ["支援状況", "都道府県コード", "必要に応じて参加", "項目との対応", "注記（資料の文言）",
                                   "回答数", "開催日"]
    back = read_csv(downloads.csv_bytes(table))
    assert list(back.columns) == list(table.columns)
    assert back.values.tolist() == [["支援中", "01", "はい", "項目名不明", "'=1+1", "17", "2022-10-27"],
                                    ["支援終了", "27", "", "資料に明記", "", "", ""]]
    rows = xlsx_rows(downloads.xlsx_bytes(table))
    assert rows[1][:6] == ("支援中", "01", "はい", "項目名不明", "'=1+1", 17) and rows[1][6].date().isoformat() == "2022-10-27"
    assert rows[2] == ("支援終了", "27", None, "資料に明記", None, None, None)
    shown = labelled(raw, columns, ctx)  # on screen: missing numbers and dates are blank text, never None
    assert list(shown["回答数"]) == ["17", ""] and list(shown["開催日"]) == ["2022-10-27", ""]
