"""In Chromium: a link too long to serve shows the 「リンクが長すぎます」 page and its way back; a long link
below the limit opens the page and says which values it ignored."""
from __future__ import annotations

from playwright.sync_api import expect

from dashboard.serve import MAX_QUERY_BYTES

from .streamlit_browser import SCREENSHOTS, open_page, wait_settled


def test_too_long_link_shows_a_page_with_a_way_back(page, base_url):
    page.goto(f"{base_url}/survey?tech=" + "A" * (300 * 1024), wait_until="domcontentloaded")
    expect(page.locator("h1")).to_have_text("リンクが長すぎます")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / "long-link-too-long.png")
    page.get_by_role("link", name="このページを条件なしで開く").click()
    wait_settled(page)
    assert page.url == f"{base_url}/survey"
    assert page.locator('[data-testid="stException"]').count() == 0


def test_long_link_below_the_limit_opens_with_a_notice(page, base_url):
    open_page(page, base_url, "/survey?tech=" + "A" * (MAX_QUERY_BYTES - 1024))
    warning = page.locator('[data-testid="stAlertContentWarning"]').first
    expect(warning).to_be_visible()
    expect(warning).to_contain_text("AAAA")
    assert len(warning.inner_text()) < 500, "the ignored value is shortened, not echoed whole"
    assert page.locator('[data-testid="stException"]').count() == 0
