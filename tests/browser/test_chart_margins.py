"""Charts are drawn once (dashboard/chart_margins.py): in Chromium, plotly.js finds the margins each chart is sent
with large enough for its labels, titles and legend, so its automargin pushes none of them (which would draw the
chart a second time). (How much room an estimate gives beyond the need is in tests/test_chart_margins.py, against
widths measured here.)"""
from __future__ import annotations

import pytest

from .streamlit_browser import open_page, page_errors

# Per chart: the margins it was sent with and the ones plotly.js laid it out with.
_MARGINS_JS = """() => [...document.querySelectorAll('[data-testid="stPlotlyChart"] .js-plotly-plot')].map(gd => {
  const given = gd._fullLayout.margin, used = gd._fullLayout._size;
  return {given: {l: given.l, r: given.r, t: given.t, b: given.b}, used: {l: used.l, r: used.r, t: used.t, b: used.b}};
})"""

PAGES = ["/", "/map", "/technologies", "/selections", "/changes", "/survey", "/program"]


@pytest.mark.parametrize("path", PAGES)
@pytest.mark.parametrize("query", ["", "lang=en", "presenter=1"])
def test_charts_are_sent_with_the_room_they_need(page, base_url, path, query):
    # 1366x768 (the page fixture). A narrower screen may still push (labels plotly turns when columns get narrow).
    _assert_none_pushed(page, base_url, path, query)


def _assert_none_pushed(page, base_url: str, path: str, query: str) -> None:
    open_page(page, base_url, path + (f"?{query}" if query else ""))
    page.wait_for_selector('[data-testid="stPlotlyChart"] svg.main-svg', timeout=60_000)
    assert page_errors(page) == []
    charts = page.evaluate(_MARGINS_JS)
    assert charts, path
    pushed = [c for c in charts if any(c["used"][k] > c["given"][k] + 0.5 for k in "lrtb")]
    assert pushed == [], (path, query, pushed)


@pytest.fixture(scope="module")
def phone_page(browser):
    from .test_phone import PHONE

    context = browser.new_context(locale="ja-JP", timezone_id="Asia/Tokyo", **PHONE)
    context.set_default_timeout(30_000)
    try:
        yield context.new_page()
    finally:
        context.close()


# Left to plotly: the English map, whose legend's two groups stack below 480 px (the box gets the room in CSS,
# phone.wide_css; a landscape phone does not need it), and charts drawn wider than the phone in a box that scrolls
# (phone.MIN_PX).
PHONE_CASES = [(p, q) for p in PAGES for q in ("", "lang=en") if (p, q) != ("/map", "lang=en")]


@pytest.mark.parametrize(("path", "query"), PHONE_CASES)
def test_charts_are_sent_with_the_room_they_need_on_a_phone(phone_page, base_url, path, query):
    """At 390x844 with a phone's user agent (phone.COLUMN_PX: the margins are estimated for the phone's column, the
    year columns' names on two lines, phone.level_columns), no chart is pushed either."""
    _assert_none_pushed(phone_page, base_url, path, query)
