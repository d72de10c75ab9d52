"""The key figures on 概要, as the official reads them."""
from __future__ import annotations

from playwright.sync_api import expect

from .streamlit_browser import match_count, metric, open_page, page_errors


def test_key_figures(page, base_url):
    open_page(page, base_url, "/overview")

    expect(match_count(page)).to_have_text("45 / 45 事業")
    expect(metric(page, "選定事業数")).to_have_text("53 事業")
    expect(metric(page, "支援中")).to_have_text("45 事業")
    expect(metric(page, "支援終了")).to_have_text("8 事業")
    assert page_errors(page) == []
