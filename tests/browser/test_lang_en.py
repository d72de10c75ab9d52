"""English in the browser (issue 8), lean: one browser context visits every page once with `?lang=en`.

Each page: `<html lang="en">`, no error box, an English title, `lang=en` still in the address; then the
navigation keeps the language, and the sidebar toggle switches to Japanese and back (the URL follows).
Screenshots of every page at 1366×768 and 1024×768 land in artifacts/screenshots/en-*.png for review.
"""
from __future__ import annotations

import re

from dashboard.page_registry import PAGES, address

from .streamlit_browser import SCREENSHOTS, nav_link, open_page, page_errors, screenshot_page, wait_settled

JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uff66-\uff9f]")


def _with_lang(path: str) -> str:
    return f"{path}?lang=en"


def test_every_page_in_english(page, base_url):
    for spec in PAGES:
        open_page(page, base_url, _with_lang(address(spec)))
        assert page.evaluate("document.documentElement.lang") == "en", spec.url_path
        assert page_errors(page) == [], spec.url_path
        assert "lang=en" in page.url, (spec.url_path, page.url)
        title = page.locator('[data-testid="stMain"] h1').first.inner_text().strip()
        assert title and not JAPANESE.search(title), (spec.url_path, title)
        screenshot_page(page, f"en-{spec.url_path}")
        page.set_viewport_size({"width": 1024, "height": 768})
        wait_settled(page, quiet_s=0.3)
        page.screenshot(path=SCREENSHOTS / f"en-{spec.url_path}-1024.png")
        page.set_viewport_size({"width": 1366, "height": 768})
        wait_settled(page, quiet_s=0.3)


def _toggle(page, name: str):
    """A button of the sidebar's language toggle (a segmented control)."""
    return page.locator('[data-testid="stSidebar"] [data-testid="stButtonGroup"] button').filter(
        has_text=re.compile(f"^{name}$")).first


def test_navigation_and_toggle_keep_the_language(page, base_url):
    open_page(page, base_url, "/?lang=en")
    nav_link(page, "Technologies").click()
    wait_settled(page)
    assert "/technologies" in page.url and "lang=en" in page.url
    assert page.evaluate("document.documentElement.lang") == "en"
    _toggle(page, "日本語").click()
    wait_settled(page)
    assert "lang=" not in page.url
    assert page.evaluate("document.documentElement.lang") == "ja"
    assert nav_link(page, "技術").is_visible()
    _toggle(page, "English").click()
    wait_settled(page)
    assert "lang=en" in page.url
    assert page.evaluate("document.documentElement.lang") == "en"
    assert page_errors(page) == []
