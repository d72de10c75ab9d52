"""The map draws and one click selects (Chromium): a prefecture or a point clicked once at its on-screen
position lists its projects, updates the place list and the URL (?place=)."""
from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from .streamlit_browser import SCREENSHOTS, is_placeholder, open_page, page_errors, wait_settled

PLOT = '[data-testid="stPlotlyChart"] .js-plotly-plot'

# Where a clickable point of the map is on screen: plotly's own axis mapping of the point's data position.
# The last match is taken: a point inside 近畿 or 関東 is drawn twice, and the enlarged copy comes last.
_PIXEL_JS = """([kind, key]) => {
  let found = null;
  const gd = document.querySelector('%s');
  const box = gd.getBoundingClientRect(), xa = gd._fullLayout.xaxis, ya = gd._fullLayout.yaxis;
  const drawn = [...gd.querySelectorAll('.scatterlayer > .trace')];
  for (const [t, trace] of gd._fullData.entries()) {
    if (trace.mode !== 'markers' && trace.mode !== 'text') continue;
    // A name is drawn once per column width; the tiers for other widths are hidden (figures/map.fit_css).
    if (drawn[t] && getComputedStyle(drawn[t]).display === 'none') continue;
    const custom = trace.customdata || [];
    for (let i = 0; i < custom.length; i++) {
      if (custom[i] && custom[i][0] === kind && custom[i][1] === key && trace.mode === (kind === 'pref' ? 'text' : 'markers'))
        found = [box.left + xa._offset + xa.l2p(trace.x[i]), box.top + ya._offset + ya.l2p(trace.y[i])];
    }
  }
  return found;
}""" % PLOT


def _open_map(page, base_url):
    open_page(page, base_url, "/map")
    if is_placeholder(page):
        pytest.skip("the map page is still the 「準備中」 placeholder")
    assert page_errors(page) == []
    plot = page.locator(PLOT).first
    plot.wait_for(state="visible", timeout=30_000)
    plot.evaluate("element => element.scrollIntoView({block: 'center'})")
    page.wait_for_timeout(500)
    return plot


def _click_once(page, kind: str, key: str) -> None:
    xy = page.evaluate(_PIXEL_JS, [kind, key])
    assert xy is not None, (kind, key)
    page.mouse.move(*xy)
    page.wait_for_timeout(300)
    page.mouse.click(*xy)
    wait_settled(page)


def test_map_draws_prefectures_names_and_points(page, base_url):
    plot = _open_map(page, base_url)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    plot.screenshot(path=SCREENSHOTS / "map-plot.png")
    names = page.locator(f"{PLOT} .textpoint text").evaluate_all("els => els.map(e => e.textContent)")
    assert "大阪 4" in names and "沖縄" in names and "北海道 2" in names
    assert page.locator(f"{PLOT} .scatterlayer .trace path.point").count() > 47  # the points (and the click grid)


@pytest.mark.parametrize(("kind", "key", "heading", "param"), [
    ("pref", "27", "大阪府：条件に合う事業 4 件", "pref-27"),
    ("area", "27216", "大阪府 河内長野市：条件に合う事業 2 件", "27216"),
    ("pref", "47", "沖縄県：条件に合う事業 0 件", "pref-47"),
], ids=["prefecture", "point", "okinawa"])
def test_one_click_selects(page, base_url, kind, key, heading, param):
    _open_map(page, base_url)
    _click_once(page, kind, key)
    expect(page.locator('[data-testid="stMain"] [data-testid="stMarkdownContainer"]').get_by_text(heading, exact=True)).to_be_visible(
        timeout=20_000)
    assert parse_qs(urlsplit(page.url).query).get("place") == [param]
    assert page_errors(page) == []


# The map's geometry on screen: column, plot and map (axis) sizes, the legend's rows, and the prefecture
# names that are shown (display: none hides a tier of names in a narrow column) and overlap one another.
_GEOMETRY_JS = """() => {
  const gd = document.querySelector('%s');
  const column = gd.closest('[class*="st-key-project_map_fit"]').getBoundingClientRect();
  const names = [...gd.querySelectorAll('.textpoint text')].filter(t => t.getBoundingClientRect().width > 0);
  const boxes = names.map(t => t.getBoundingClientRect()), overlapping = [];
  for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
    const a = boxes[i], b = boxes[j];
    if (a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1)
      overlapping.push(names[i].textContent + ' / ' + names[j].textContent);
  }
  return {column: column.width, plot: gd.getBoundingClientRect().height, map_w: gd._fullLayout.xaxis._length,
          map_h: gd._fullLayout.yaxis._length, legend: gd._fullLayout._size.b,
          names: names.map(t => t.textContent), overlapping};
}""" % PLOT


@pytest.mark.parametrize("width, height", [(1024, 768), (390, 844)], ids=["1024x768", "390x844"])
def test_map_fills_a_narrow_column_and_its_names_do_not_overlap(browser, base_url, width, height):
    """At a projector's 1024×768 and on a phone the map takes the column's width, its height follows (no band
    of white above and below a squashed map), and the names shown do not overlap (a tier of them hides)."""
    context = browser.new_context(viewport={"width": width, "height": height}, locale="ja-JP")
    try:
        page = context.new_page()
        _open_map(page, base_url)
        g = page.evaluate(_GEOMETRY_JS)
        page.screenshot(path=SCREENSHOTS / f"map-{width}x{height}.png")
    finally:
        context.close()
    assert g["map_w"] >= 0.95 * g["column"], g
    assert g["plot"] <= g["map_h"] + g["legend"] + 24, g  # the legend and margins only: no empty band
    assert g["overlapping"] == [], g
    assert "北海道 2" in g["names"] and len(g["names"]) >= 5, g
