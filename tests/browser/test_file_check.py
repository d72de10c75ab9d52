"""ファイルの確認 in the browser at 1366x768: upload a malformed list, see its problems and the preview; a screenshot to
look at. Nothing is written to data/ (the page keeps the upload in memory)."""
from __future__ import annotations

from playwright.sync_api import expect

from .streamlit_browser import ROOT, open_page, page_errors, screenshot_page, wait_settled

FIXTURES = ROOT / "tests" / "fixtures" / "r5"


def test_upload_shows_problems_and_preview(page, base_url, tmp_path):
    text = (FIXTURES / "list_r5_utf8.csv").read_bytes().decode("utf-8-sig")
    bad = tmp_path / "候補一覧.csv"
    bad.write_bytes(text.replace("大阪府河内長野市", "大阪府河内長野町")
                    .replace("クラウドコンピューティング", "ｸﾗｳﾄﾞｺﾝﾋﾟｭｰﾃｨﾝｸﾞ", 1).encode("cp932"))
    open_page(page, base_url, "/file_check")
    expect(page.locator('[data-testid="stMain"] h1').first).to_have_text("ファイルの確認")
    expect(page.get_by_text("上限は 1024 KB・500 行", exact=False)).to_be_visible()
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(bad))
    wait_settled(page)
    expect(page.get_by_text("直すところが 2 件あります。")).to_be_visible()
    expect(page.get_by_text("読み込み: 形式 csv・文字コード CP932", exact=False)).to_be_visible()
    expect(page.get_by_text("公表するとこう表示されます（プレビュー）")).to_be_visible()
    screenshot_page(page, "file-check-malformed-upload")
    assert page_errors(page) == []
