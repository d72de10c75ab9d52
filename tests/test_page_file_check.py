"""ファイルの確認 page: the checking function (AppTest has no file uploader) and a smoke test of the page.

The page never writes: every test compares the repository's data/ before and after."""
from __future__ import annotations

import datetime as dt
import hashlib

import pytest

from dashboard import file_check
from tests.conftest import ROOT
from tests.apptest_helpers import open_app, shown_text

FIXTURES = ROOT / "tests" / "fixtures" / "r5"


def data_digest() -> dict[str, str]:
    data = ROOT / "data"
    return {p.relative_to(data).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(data.rglob("*")) if p.is_file()}


def test_fixture_list_previews_the_r5_figures():
    before = data_digest()
    report = file_check.check((FIXTURES / "list_r5_cp932.csv").read_bytes(), "list_r5_cp932.csv",
                              as_of=dt.date(2024, 2, 20), counts_text="R5=6")
    assert report.ok, report.problems.to_dict("records")
    assert report.result.encoding == "CP932"
    assert report.totals == {"supported_total": 42, "selected_total": 59, "ended_total": 17}
    years = report.years.set_index("fiscal_year_label")
    assert years["listed_count"].to_dict() == {"H30": 0, "R1": 5, "R2": 12, "R3": 9, "R4": 10, "R5": 6}
    assert years["new_count"].to_dict() == {"H30": 0, "R1": 0, "R2": 0, "R3": 0, "R4": 0, "R5": 6}
    assert len(report.ending) == 9 and set(report.ending["fiscal_year_label"]) == {"H30"}
    assert data_digest() == before


def test_list_year_defaults_to_its_latest_selection_year():
    report = file_check.check((FIXTURES / "list_r5.xlsx").read_bytes(), "list_r5.xlsx")
    assert report.ok and report.list_fy == 2023
    assert "selected_total" not in report.totals  # R5 has no count yet: no total is made up


def test_problems_table_rows_columns_values_fixes():
    text = (FIXTURES / "list_r5_utf8.csv").read_bytes().decode("utf-8-sig")
    bad = text.replace("大阪府河内長野市", "大阪府河内長野町").replace("新潟県長岡市,ドローン、ロボット",
                                                                  "新潟県長岡市,<script>x</script>")
    report = file_check.check(bad.encode("cp932"), "bad.csv", as_of=dt.date(2024, 2, 20))
    rows = report.problems.to_dict("records")
    assert {"row": 24, "column": "自治体名", "value": "河内長野町",
            "fix": "'河内長野町' は大阪府の市町村コード表にありません。河内長野市 ですか？"} in rows
    assert any(r["column"] == "主な活用技術" and "マークアップ" in r["fix"] for r in rows)


def test_other_encoding_is_named():
    text = (FIXTURES / "list_r5_utf8.csv").read_bytes().decode("utf-8-sig")
    report = file_check.check(text.encode("euc_jp"), "list.csv")
    assert report.problems["fix"].str.contains("文字コードが EUC-JP のようです").any()


def test_bad_counts_text_is_a_problem_not_a_traceback():
    report = file_check.check((FIXTURES / "list_r5.xlsx").read_bytes(), "list_r5.xlsx", counts_text="令和5=6")
    assert not report.ok and "R5=6" in report.problems["fix"].iloc[0]


def test_page_states_its_limits_and_writes_nothing():
    before = data_digest()
    at, _ = open_app("pages/file_check_page.py")
    assert at.title[0].value == "ファイルの確認"
    text = "\n".join(shown_text(m.value) for m in at.markdown)
    assert "上限は **1024 KB**・**500 行**" in text
    assert "UTF-8 または CP932" in text
    assert [t.label for t in at.text_input] == ["選定数（COUNTS、任意）"]
    # What the header says of the filters: the page checks a file (it had said "published aggregates", in Japanese only)
    assert at.caption[0].value.startswith("このページは読み込んだファイルを確かめるもので、サイドバーの絞り込み条件は使いません。 ")
    assert not at.exception and not at.error
    assert data_digest() == before


def test_page_in_english():
    at, _ = open_app("pages/file_check_page.py", {"lang": "en"})
    assert at.title[0].value == "File check"
    assert at.caption[0].value.startswith("This page checks a file you upload; the sidebar filters do not apply to it. ")
    assert not at.exception


@pytest.mark.parametrize(("lang", "word", "limit"), [
    ("ja", "ファイルを選ぶ", "保存したスライドのファイル（.toml、64 KB まで）。"),
    ("en", "Choose a file", "A saved slides file (.toml, up to 64 KB)."),
])
def test_file_uploaders_speak_the_pages_language(lang, word, limit):
    """Streamlit labels its uploader's button "Upload" and writes "200MB per file • TOML" beside it in every language:
    the button says the catalogue's word, the line is hidden (theme._uploader_css), and /slides states its file and
    limit in a caption of its own (the 200 MB was not the deck's limit)."""
    at, _ = open_app("pages/slides_page.py", {"lang": lang})
    styles = "\n".join(h.proto.body for h in at.get("html"))
    assert f'content: "{word}"' in styles and '[data-testid="stFileUploaderDropzoneInstructions"] { display: none; }' in styles
    assert any(c.value.startswith(limit) for c in at.caption)
