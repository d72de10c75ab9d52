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
    open_page(page, base_url, path + (f"?{query}" if query else ""))
    page.wait_for_selector('[data-testid="stPlotlyChart"] svg.main-svg', timeout=60_000)
    assert page_errors(page) == []
    charts = page.evaluate(_MARGINS_JS)
    assert charts, path
    pushed = [c for c in charts if any(c["used"][k] > c["given"][k] + 0.5 for k in "lrtb")]
    assert pushed == [], (path, query, pushed)
