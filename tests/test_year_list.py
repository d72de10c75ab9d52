"""pipeline/year_list.py: the fictional FY R5 list reads cleanly in all three formats, and each kind of malformed
list gives the expected Japanese message (row, column, value, the fix)."""
from __future__ import annotations

import io
import zipfile
from pathlib import Path

import openpyxl
import pytest

from pipeline import tables
from pipeline.year_list import MAX_BYTES, MAX_ROWS, Base, parse_counts, read_list
from tests.conftest import ROOT

FIXTURES = ROOT / "tests" / "fixtures" / "r5"
R5 = 2023  # the fictional list's fiscal year (as of 2024-02-20)
BASE_SET = ROOT / "data" / "sources" / "2023-02-21"


@pytest.fixture(scope="module")
def base() -> Base:
    return Base.from_loaded(tables.load_sources(BASE_SET, ROOT / "data" / "reference"))


def utf8_text() -> str:
    return (FIXTURES / "list_r5_utf8.csv").read_bytes().decode("utf-8-sig")


def csv_with(old: str, new: str, count: int = 1) -> bytes:
    text = utf8_text()
    assert text.count(old) >= 1, old
    return text.replace(old, new, count).encode("utf-8")


def xlsx(build) -> bytes:
    wb = openpyxl.Workbook()
    build(wb)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def list_rows() -> list[list]:
    import csv
    return list(csv.reader(io.StringIO(utf8_text())))


def fill(ws) -> None:
    for r in list_rows():
        ws.append(r)


@pytest.mark.parametrize("name", ["list_r5.xlsx", "list_r5_utf8.csv", "list_r5_cp932.csv"])
def test_fixture_reads_without_problems(base, name):
    result = read_list((FIXTURES / name).read_bytes(), name, base, as_of_fy=R5, counts={"R5": 6})
    assert [p.text for p in result.problems] == []
    assert len(result.rows) == 42
    assert [r.selected_fy_label for r in result.rows].count("R5") == 6
    assert sum(r.mlit_av_support for r in result.rows) == 16  # the 15 of the R4 list (none is H30) + 香川県高松市
    assert result.footnotes[0] == "Noは、都道府県コード、市町村コード順"
    first = result.rows[0]
    assert (first.list_no, first.applicant, first.technologies, first.technologies_more, first.selected_fy_label) == (
        1, "北海道旭川市", ["AI", "IoT", "ロボット", "ドローン"], True, "R3")
    assert {"list_r5.xlsx": "支援自治体一覧"}.get(name) == result.sheet
    assert result.encoding == {"list_r5.xlsx": None, "list_r5_utf8.csv": "UTF-8 (BOM)",
                               "list_r5_cp932.csv": "CP932"}[name]


def test_the_published_fy_r4_list_reads_cleanly(base):
    """The real list of 001 p.3 in this layout (as of FY R4) has no problem: the checks do not reject real data."""
    import csv
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(["No", "自治体名", "主な活用技術", "採択年度", "(※)"])
    for r in sorted(tables.load_sources(BASE_SET, ROOT / "data" / "reference").supported, key=lambda r: r["list_no"]):
        w.writerow([r["list_no"], r["applicant"] + ("(※)" if r["mlit_av_support"] else ""),
                    "、".join(r["technologies"]) + (" 等" if r["technologies_more"] else ""), r["selected_fy_label"], ""])
    result = read_list(buf.getvalue().encode("cp932"), "r4.csv", base, as_of_fy=2022)
    assert [p.text for p in result.problems] == []
    assert len(result.rows) == 45 and sum(r.mlit_av_support for r in result.rows) == 15


def _bomb() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/worksheets/sheet1.xml", b" " * (30 * 1_048_576))
    return buf.getvalue()


def _merged(wb):
    fill(wb.active)
    wb.active.merge_cells("D3:D4")


def _formula(wb):
    fill(wb.active)
    wb.active["A5"] = "=A4+1"


def _wrong_sheet(wb):
    wb.active.title = "過去の選定数"
    wb.active.append(["年度", "選定数"])
    wb.active.append(["R5", 6])


# (id, file bytes, file name, expected problem text (a substring of Problem.text), extra read_list arguments)
MALFORMED = [
    ("wrong-sheet", lambda: xlsx(_wrong_sheet), "list.xlsx",
     "どのシートにも一覧の見出し (No、自治体名、主な活用技術、採択年度) がありません", {}),
    ("merged-cells", lambda: xlsx(_merged), "list.xlsx",
     "3行目: セル D3:D4 が結合されています。結合を解除し、各行のセルに値を入れてください。", {}),
    ("unknown-municipality", lambda: csv_with("大阪府河内長野市", "大阪府河内長野町"), "list.csv",
     "24行目 自治体名: '河内長野町' は大阪府の市町村コード表にありません。河内長野市 ですか？", {}),
    ("half-width-kana", lambda: csv_with("クラウドコンピューティング", "ｸﾗｳﾄﾞｺﾝﾋﾟｭｰﾃｨﾝｸﾞ"), "list.csv",
     "4行目 主な活用技術: 11文字目に半角カタカナがあります。'AI、IoT、5G、クラウドコンピューティング 等' と書いてください。", {}),
    ("invisible-character", lambda: csv_with("青森県弘前市", "青森県\u200b弘前市"), "list.csv",
     "3行目 自治体名: 4文字目に見えない文字 (U+200B, ZERO WIDTH SPACE)があります。'青森県弘前市' と書いてください。", {}),
    ("formula-xlsx", lambda: xlsx(_formula), "list.xlsx",
     "5行目 No: '=' で始まる値は表計算ソフトが数式として扱います。数式は使えません。", {}),
    ("formula-csv", lambda: csv_with("2,青森県弘前市", "2,=HYPERLINK(\"http://x\")"), "list.csv",
     "3行目 自治体名: '=' で始まる値は表計算ソフトが数式として扱います", {}),
    ("markup", lambda: csv_with("青森県弘前市,AI、IoT 等", "青森県弘前市,<b>AI</b>、IoT 等"), "list.csv",
     "3行目 主な活用技術: マークアップ (リンク・HTML タグ・強調記号) は使えません", {}),
    ("year-after-the-list", lambda: csv_with("青森県弘前市,AI、IoT 等,R5", "青森県弘前市,AI、IoT 等,R6"), "list.csv",
     "3行目 採択年度: 採択年度 R6 は一覧の年度 (R5) より後です。", {}),
    ("year-label-not-canonical", lambda: csv_with("青森県弘前市,AI、IoT 等,R5", "青森県弘前市,AI、IoT 等,令和5年度"),
     "list.csv", "3行目 採択年度: 採択年度 '令和5年度' は年度の書き方ではありません。'R5' と書いてください。", {}),
    ("year-past-five-years", lambda: csv_with("北海道旭川市,AI、IoT、ロボット、ドローン 等,R3",
                                              "北海道旭川市,AI、IoT、ロボット、ドローン 等,H30"), "list.csv",
     "2行目 採択年度: H30 に選定された事業の支援は最長5年 (R4 まで) です。R5 の一覧には載りません。", {}),
    ("duplicate-row-other-spelling", lambda: csv_with("4,岩手県陸前高田市,自動運転,R3,※",
                                                      "4,岩手県、盛岡市,AI、IoT、5G、クラウドコンピューティング 等,R4,"),
     "list.csv", "5行目 自治体名: 4行目 ('岩手県盛岡市') と同じ事業です (同じ自治体、同じ採択年度 R4)。1行にまとめてください。", {}),
    ("total-row-disagrees", lambda: csv_with("Noは、都道府県コード、市町村コード順", "合計 41事業\r\nNoは、都道府県コード、市町村コード順"),
     "list.csv", "44行目: 合計の行は 41 事業ですが、一覧は 42 行です。", {}),
    ("count-disagrees", lambda: utf8_text().encode("utf-8"), "list.csv",
     "選定数: R5 の選定数は 5 ですが、一覧には R5 採択の事業が 6 件あります。", {"counts": {"R5": 5}}),
    ("published-count-changed", lambda: utf8_text().encode("utf-8"), "list.csv",
     "選定数: R1 の選定数は 8 と公表済みです (9 ではありません)。", {"counts": {"R1": 9, "R5": 6}}),
    ("unknown-technology", lambda: csv_with("新潟県長岡市,ドローン、ロボット", "新潟県長岡市,ドローン、ロボツト"), "list.csv",
     "主な活用技術: 'ロボツト' は技術の一覧 (technologies.csv) にありません。ロボット ですか？", {}),
    ("not-on-the-previous-list", lambda: csv_with("岩手県盛岡市,AI、IoT、5G、クラウドコンピューティング 等,R4",
                                                  "岩手県盛岡市,AI、IoT、5G、クラウドコンピューティング 等,R3"), "list.csv",
     "4行目 自治体名: R3 採択の '岩手県盛岡市' は前回の一覧 (2023-02-21) にありません。前回の一覧では R4 採択です。", {}),
    ("euc-jp", lambda: utf8_text().encode("euc_jp"), "list.csv", "文字コードが EUC-JP のようです。受け付けるのは UTF-8 と CP932", {}),
    ("utf-16", lambda: utf8_text().encode("utf-16"), "list.csv", "文字コードが UTF-16 (Excel の「Unicode テキスト」) です", {}),
    ("xls", lambda: b"\xd0\xcf\x11\xe0" + b"\0" * 100, "list.xls", "古い Excel 形式 (.xls) は読めません", {}),
    ("too-large", lambda: b"No,x\n" + b"1," + b"a" * MAX_BYTES, "list.csv", "ファイルが大きすぎます", {}),
    ("tab-separated", lambda: utf8_text().replace(",", "\t").encode("utf-8"), "list.csv", "タブ区切りのファイルのようです", {}),
    ("zip-bomb-xlsx", lambda: _bomb(), "list.xlsx", "展開すると", {}),
    ("too-many-rows", lambda: ("No,自治体名,主な活用技術,採択年度\n" + "1,青森県弘前市,AI,R5\n" * (MAX_ROWS + 1)).encode(),
     "list.csv", f"データが {MAX_ROWS + 1:,} 行あります。上限は {MAX_ROWS:,} 行です。", {}),
]


@pytest.mark.parametrize("case", MALFORMED, ids=[c[0] for c in MALFORMED])
def test_malformed_list_gives_the_expected_message(base, case):
    _, make, name, expected, kwargs = case
    result = read_list(make(), name, base, as_of_fy=R5, **kwargs)
    texts = [p.text for p in result.problems]
    assert any(expected in t for t in texts), texts


def test_unknown_municipality_problem_fields(base):
    result = read_list(csv_with("大阪府河内長野市", "大阪府河内長野町"), "list.csv", base, as_of_fy=R5)
    (p,) = result.problems
    assert (p.row, p.column, p.value) == (24, "自治体名", "河内長野町")


def test_parse_counts():
    assert parse_counts("H30=14, R5=6") == {"H30": 14, "R5": 6}
    with pytest.raises(ValueError, match="R5=6"):
        parse_counts("令和5=6")
