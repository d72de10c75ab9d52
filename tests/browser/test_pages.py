"""Every page opens without an error, shows its title, and is photographed for review."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from dashboard.page_registry import OVERVIEW, OVERVIEW_ALIAS, address
from dashboard.page_registry import PAGES as REGISTRY

from .streamlit_browser import open_page, page_errors, screenshot_page

# Every page of the registry (the one list the app's navigation is built from), plus the /overview alias.
PAGES = {"index": "/", OVERVIEW_ALIAS: f"/{OVERVIEW_ALIAS}",
         **{p.url_path: address(p) for p in REGISTRY if p is not OVERVIEW}}


@pytest.mark.parametrize("name", list(PAGES))
def test_page_loads_without_error(page, base_url, name):
    open_page(page, base_url, PAGES[name])

    title = page.locator('[data-testid="stMain"] h1').first
    expect(title).to_be_visible()
    assert title.inner_text().strip(), "the page title is empty"
    # Pages still under construction show 「準備中」; this test only looks for errors.
    screenshot_page(page, name)
    assert page_errors(page) == [], f"{PAGES[name]} shows an error"
