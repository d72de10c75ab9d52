"""Shared links open the view they name, and filtering writes the view back into the URL."""
from __future__ import annotations

import re
from urllib.parse import quote, urlencode

import pytest
from playwright.sync_api import expect

from .streamlit_browser import (SCREENSHOTS, choose, is_placeholder, match_count, nav_link, open_page, page_errors,
                                selected_values, wait_settled)

TECH = "活用技術"
FY = "採択年度"
PREF = "都道府県"
JIDOU_UNTEN = "自動運転"
TECH_IN_URL = "tech=" + quote(JIDOU_UNTEN)  # tech=%E8%87%AA%E5%8B%95%E9%81%8B%E8%BB%A2


@pytest.mark.parametrize(("path", "expected", "chosen"), [
    ("/?tech=自動運転", "27 / 45 事業", {TECH: [JIDOU_UNTEN]}),
    ("/?fy=2020", "12 / 45 事業", {FY: ["R2 (2020)"]}),
    ("/?pref=27", "4 / 45 事業", {PREF: ["大阪府（27）"]}),
    ("/technologies?tech=自動運転&fy=2020", "9 / 45 事業", {TECH: [JIDOU_UNTEN], FY: ["R2 (2020)"]}),
], ids=["tech", "fy", "pref", "technologies-tech-fy"])
def test_shared_url_opens_its_view(page, base_url, path, expected, chosen):
    open_page(page, base_url, path)

    for label, values in chosen.items():
        assert selected_values(page, label) == values, f"sidebar {label}"
    assert page_errors(page) == []
    if is_placeholder(page):
        pytest.skip(f"{path.split('?')[0]} is still 「準備中」: its header (match count) is not there yet")
    expect(match_count(page)).to_have_text(expected)


def test_tampered_url_is_ignored_with_a_warning(page, base_url):
    long_value = "x" * 1000
    script = "<script>alert(1)</script>"
    query = urlencode([("tech", "UNKNOWN"), ("fy", "abc"), ("pref", "99"), ("tech", long_value), ("tech", script)])
    open_page(page, base_url, f"/?{query}")

    expect(match_count(page)).to_have_text("45 / 45 事業")
    warning = page.locator('[data-testid="stAlertContentWarning"]')
    expect(warning).to_be_visible()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / "tampered-url.png")
    text = warning.inner_text()
    for shown in ("tech=UNKNOWN", "fy=abc", "pref=99", f"tech={script}", "（1000文字）"):
        assert shown in text, f"the warning should mention {shown!r}: {text!r}"
    assert long_value not in text, "the 1,000-character value should be shortened in the warning"
    assert page_errors(page) == []
    # The value is shown as text, never run: no script element carries it (a dialog would also fail the test).
    assert page.evaluate("() => [...document.scripts].some(s => s.textContent.includes('alert(1)'))") is False
    # The address bar is rewritten to what is on screen: the ignored values are gone.
    assert "UNKNOWN" not in page.url and "script" not in page.url and "xxxx" not in page.url
    assert selected_values(page, TECH) == []


def test_clicking_a_filter_updates_count_and_url_and_survives_navigation(page, base_url):
    open_page(page, base_url, "/")
    expect(match_count(page)).to_have_text("45 / 45 事業")

    choose(page, TECH, JIDOU_UNTEN)
    expect(match_count(page)).to_have_text("27 / 45 事業")
    assert TECH_IN_URL in page.url

    nav_link(page, "技術").click()
    page.wait_for_url("**/technologies*")
    wait_settled(page)
    assert TECH_IN_URL in page.url
    assert selected_values(page, TECH) == [JIDOU_UNTEN]
    assert page_errors(page) == []
    if not is_placeholder(page):
        expect(match_count(page)).to_have_text("27 / 45 事業")

    # Back on 概要 through the navigation: still filtered.
    nav_link(page, "概要").click()
    page.wait_for_url(re.compile(r"^[^?]*/(overview)?(\?.*)?$"))
    wait_settled(page)
    expect(match_count(page)).to_have_text("27 / 45 事業")
    assert TECH_IN_URL in page.url


@pytest.mark.parametrize("query", ["status=supported&status=ended", "status=ended&status=supported"])
def test_both_statuses_open_the_all_view(page, base_url, query):
    """Both statuses crashed every page (the sidebar had no label for the pair); now they mean すべて."""
    open_page(page, base_url, f"/technologies?{query}")
    assert page_errors(page) == []
    expect(match_count(page)).to_have_text(re.compile(r"^\d+ / 50 事業$"))
    assert "status=all" in page.url


def test_a_url_in_a_url_value_is_not_a_link_in_the_notice(page, base_url):
    open_page(page, base_url, "/?" + urlencode([("region", "see https://evil.example/login"), ("tech", "a\x1bb")]))
    warning = page.locator('[data-testid="stAlertContentWarning"]')
    expect(warning).to_be_visible()
    assert warning.locator("a").count() == 0
    text = warning.inner_text()
    assert "region=see https://evil.example/login" in text and "tech=a\\x1bb" in text and "\x1b" not in text
    assert page_errors(page) == []
