"""変化 in the browser at 1366x768: the two real snapshots compared, no error, a screenshot to look at."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .streamlit_browser import SNAPSHOTS_DIR, metric, open_page, page_errors, screenshot_page


@pytest.mark.skipif(not (SNAPSHOTS_DIR / "2018-11-16").is_dir(), reason="the 2018-11-16 snapshot is published")
def test_changes_between_the_two_real_snapshots(page, base_url):
    open_page(page, base_url, "/changes?from=2018-11-16&to=2023-02-21")
    expect(page.locator('[data-testid="stMain"] h1').first).to_have_text("変化")
    expect(metric(page, "選定事業（累計）")).to_have_text("14 → 53（+39）")
    expect(metric(page, "支援中の事業がある都道府県")).to_have_text("11 → 30（+19）")
    screenshot_page(page, "changes-2018-11-16-2023-02-21")
    assert page_errors(page) == []
    assert "from=2018-11-16" in page.url and "to=2023-02-21" in page.url
