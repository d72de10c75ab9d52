"""Charts are drawn once (dashboard/chart_margins.py): in Chromium, plotly.js finds the margins each chart is sent
with large enough for its labels, titles and legend, so its automargin pushes none of them (which would draw the
chart a second time). Charts the estimate leaves to plotly are counted. (How much room an estimate gives beyond the
need is in tests/test_chart_margins.py, against widths measured here.)"""
from __future__ import annotations

import pytest

from .streamlit_browser import open_page, page_errors

# Per chart: the margins it was sent with and the ones plotly.js laid it out with.
_MARGINS_JS = """() => [...document.querySelectorAll('[data-testid="stPlotlyChart"] .js-plotly-plot')].map(gd => {
  const given = gd._fullLayout.margin, used = gd._fullLayout._size;
  return {given: {l: given.l, r: given.r, t: given.t, b: given.b}, used: {l: used.l, r: used.r, t: used.t, b: used.b}};
})"""

# Charts whose margins plotly.js sizes itself (chart_margins leaves them): small multiples with notes on the paper
# (/selections), the project timeline's notes (/program).
LEFT_TO_PLOTLY = {"/": 0, "/map": 0, "/technologies": 0, "/selections": 1, "/changes": 0, "/survey": 0,
                  "/program": 1}


@pytest.mark.parametrize("path", list(LEFT_TO_PLOTLY))
@pytest.mark.parametrize("lang", ["ja", "en"])
def test_charts_are_sent_with_the_room_they_need(page, base_url, path, lang):
    open_page(page, base_url, path + ("?lang=en" if lang == "en" else ""))
    page.wait_for_selector('[data-testid="stPlotlyChart"] svg.main-svg', timeout=60_000)
    assert page_errors(page) == []
    charts = page.evaluate(_MARGINS_JS)
    assert charts, path
    pushed = [c for c in charts if any(c["used"][k] > c["given"][k] + 0.5 for k in "lrtb")]
    assert len(pushed) == LEFT_TO_PLOTLY[path], (path, lang, charts)
