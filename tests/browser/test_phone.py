"""Every page on a phone (Chromium as an Android phone: 390×844, device scale 3, touch, a phone's user agent).

Measured on every page: the page never scrolls sideways (a wide chart or table scrolls inside its own box), no
error is shown, the headline number (else the title) is visible and as large as test_legibility asks, chart text
≥ 14 px, and the charts let a finger scroll the page (plotly's drag-zoom took every touch that started on a
chart). Then one of each interaction a phone user needs: the presenter view stepped by taps, a prefecture selected
by one tap on the map (and another by the next tap) and a swipe over the map that scrolls the page, a swipe over a
chart that scrolls the page, and a sidebar filter chosen through the sidebar (opened by its button and closed
again).

One browser context for the module, on the suite's shared server. After the first page the pages are reached as a
phone user reaches them, through the sidebar's links (no reload of the app's scripts: the eleven listed pages in
16 s instead of 43 s on a warm server), and a test finding its page already shown (the loop ends on /present) uses
it as it is. The sidebar filter comes last: it filters every page after it.
"""
from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from dashboard.page_registry import PAGES, address

from .streamlit_browser import (SCREENSHOTS, BrowserRecorder, choose, match_count, page_errors, selected_values,
                                wait_settled)
from .test_legibility import MEASURE_JS
from .test_map_canvas import _PIXEL_JS
from .test_url_state import JIDOU_UNTEN, TECH, TECH_IN_URL

PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 3, "is_mobile": True, "has_touch": True,
         "user_agent": "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
                       "Chrome/131.0.0.0 Mobile Safari/537.36"}

FIT_JS = """() => {
  const main = document.querySelector('[data-testid="stMain"]');
  const charts = [...document.querySelectorAll('[data-testid="stPlotlyChart"] .js-plotly-plot')];
  // Anything in the main column that scrolls sideways (a wide chart's box did): a box with overflow-x auto or scroll
  // and more content than width, and every chart's container and its plot. Data frames (a canvas grid that scrolls
  // in its own frame, shown on demand) are left out.
  const sideways = [...main.querySelectorAll('*')].filter(e => e.clientWidth > 0 && e.scrollWidth > e.clientWidth + 1
      && !e.closest('[data-testid="stDataFrame"]')
      && (['auto', 'scroll'].includes(getComputedStyle(e).overflowX) || e.matches('[data-testid="stPlotlyChart"], .js-plotly-plot')))
    .map(e => `${[...e.classList].find(c => c.startsWith('st-key-')) || e.dataset.testid || e.tagName}: ${e.scrollWidth} > ${e.clientWidth}`);
  return {page: document.scrollingElement.scrollWidth, main: main.scrollWidth, inner: innerWidth, sideways,
          // plotly's drag-zoom takes the touches that start on a chart; the map (tap to select) keeps Streamlit's pan,
          // its touches go to the browser instead (phone.TAP_SELECT_JS; test_the_map_by_touch)
          dragging: charts.filter(g => !g.closest('[class*="st-key-project_map"]') && g._fullLayout.dragmode !== false).length,
          // chart text running past its chart's edge (the technology totals were cut at the right edge)
          cut: charts.flatMap(g => {
            const box = g.getBoundingClientRect();
            return [...g.querySelectorAll('svg text')].filter(t => t.textContent.trim()).filter(t => {
              const r = t.getBoundingClientRect();
              return r.width > 0 && (r.right > box.right + 1 || r.left < box.left - 1);
            }).map(t => t.textContent.trim().slice(0, 30));
          })};
}"""
# The size of the first visible headline number's digits (a value element's descendants may set their own size).
HEADLINE_JS = """() => {
  const v = [...document.querySelectorAll('[data-testid="stMain"] [data-testid="stMetricValue"]')]
    .find(e => e.getBoundingClientRect().width > 0);
  if (!v) return null;
  const r = v.getBoundingClientRect();
  const leaves = [v, ...v.querySelectorAll('*')].filter(e => [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim()));
  return {px: Math.min(...leaves.map(e => parseFloat(getComputedStyle(e).fontSize))), right: r.right, text: v.innerText.trim()};
}"""
SCROLL_TOP_JS = "() => document.querySelector('[data-testid=\"stMain\"]').scrollTop"


@pytest.fixture(scope="module")
def phone(browser, base_url):
    """One phone context for the module (its guard: only localhost, no dialog)."""
    context = browser.new_context(locale="ja-JP", timezone_id="Asia/Tokyo", **PHONE)
    context.set_default_timeout(30_000)
    page = context.new_page()
    recorder = BrowserRecorder()
    recorder.attach(context, page)
    try:
        yield page
    finally:
        context.close()
    assert recorder.problems() == []


SIDEBAR_OPEN_JS = """() => { const r = document.querySelector('[data-testid="stSidebar"]').getBoundingClientRect();
                             return r.left >= 0 && r.width > 200; }"""
SIDEBAR_CLOSED_JS = """() => { const r = document.querySelector('[data-testid="stSidebar"]').getBoundingClientRect();
                               return r.right <= 1; }"""


def _open(page, base_url: str, path: str) -> None:
    page.goto(base_url + path, wait_until="domcontentloaded")
    wait_settled(page)


def _show(page, base_url: str, path: str) -> None:
    """Show the page at `path` (no query): as it is when it is shown already, else through the app's navigation,
    else (the first page, a page with no link) by loading its address."""
    if page.url.startswith(base_url) and urlsplit(page.url).path == path:
        return
    opener = page.locator('[data-testid="stExpandSidebarButton"]')
    link = page.locator(f'[data-testid="stSidebarNav"] a[href="{base_url}{path}"]')
    # /present shows no sidebar, and no page links to it
    if not page.url.startswith(base_url) or not opener.is_visible() or not link.count():
        _open(page, base_url, path)
        return
    # As a phone user does: the sidebar's button, then the page's link (the sidebar closes as the page changes).
    opener.tap()
    page.wait_for_function(SIDEBAR_OPEN_JS)  # slid in over the page (a tap during the slide can miss)
    link.tap()
    page.wait_for_function("path => location.pathname === path", arg=path)
    wait_settled(page)
    page.wait_for_function(SIDEBAR_CLOSED_JS)


def _phone_problems(phone, path: str, lang: str = "ja") -> list[str]:
    """What is wrong with the page shown at 390×844 (see the module's docstring), the figures printed."""
    found = page_errors(phone)
    fit = phone.evaluate(FIT_JS)
    if max(fit["page"], fit["main"]) > fit["inner"]:
        found.append(f"the page scrolls sideways: {fit}")
    if fit["sideways"]:
        found.append(f"scrolls sideways inside the page: {fit['sideways']}")
    if fit["cut"]:
        found.append(f"chart text past the chart's edge: {fit['cut'][:5]}")
    if fit["dragging"]:
        found.append(f"{fit['dragging']} chart(s) in drag-zoom mode: a swipe over them does not scroll the page")
    # Counts on bars and beside points as a desktop writes them ("14"): a phone's layout, made through go.Figure,
    # wrote them as text of floats, and /selections showed "14.0" on every bar.
    decimals = phone.evaluate("""() => [...document.querySelectorAll(
        '[data-testid="stMain"] .js-plotly-plot .bartext, [data-testid="stMain"] .js-plotly-plot .textpoint')]
        .map(t => t.textContent.trim()).filter(s => /^\\d[\\d,]*\\.0$/.test(s))""")
    if decimals:
        found.append(f"counts written as decimals: {decimals[:5]}")
    m = phone.evaluate(MEASURE_JS)
    headline = phone.evaluate(HEADLINE_JS)
    print(f"\n{path} {lang} 390x844: page {fit['page']} px wide (main {fit['main']}), headline {headline}, "
          f"body {m['body']} px, title {m['title']} px, chart text {sorted(set(m['chart']))}")
    if m["body"] is None or m["title"] is None:
        found.append("no body text or no title")
    elif headline is not None:
        if headline["px"] < 2.5 * m["body"] or headline["right"] > fit["inner"]:
            found.append(f"headline number {headline} < 2.5 × body {m['body']} px or past the screen's edge")
    elif m["title"] < 2 * m["body"]:
        found.append(f"title {m['title']} px < 2 × body {m['body']} px")
    small = sorted({v for v in m["chart"] if v < 14})
    if small:
        found.append(f"chart text {small} px < 14 px")
    if m["clipped"]:
        found.append(f"clipped: {m['clipped']}")
    return found


def test_every_page_fits_a_phone(phone, base_url):
    problems = {}
    for spec in PAGES:
        _show(phone, base_url, address(spec))
        found = _phone_problems(phone, address(spec))
        if found:
            problems[spec.url_path] = found
    assert problems == {}


@pytest.mark.parametrize("path", ["/?presenter=1", "/technologies?presenter=1&lang=en"])
def test_presenter_mode_on_a_phone(phone, base_url, path):
    """A presenter=1 link opened on a phone: the projector's type and margins (26 px body, 3rem each side) left a
    234 px column, and 「45 / 45 事業」 ran off the screen. Below theme.PRESENTER_PHONE_MAX_PX the ramp starts smaller."""
    _open(phone, base_url, path)
    column = phone.evaluate("() => document.querySelector('[data-testid=\"stMainBlockContainer\"]').clientWidth")
    padding = phone.evaluate("() => parseFloat(getComputedStyle(document.querySelector("
                             "'[data-testid=\"stMainBlockContainer\"]')).paddingLeft)")
    assert column - 2 * padding >= 340, (column, padding)
    lang = "en" if "lang=en" in path else "ja"
    assert _phone_problems(phone, path.split("?")[0], lang) == []


def _swipe_up(page, x: float, y: float, distance: int = 250) -> None:
    """A finger moving up the screen (Playwright taps but does not swipe: touch events through CDP)."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": x, "y": y}]})
    for i in range(1, 11):
        cdp.send("Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": [{"x": x, "y": y - distance * i / 10}]})
        page.wait_for_timeout(16)
    cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
    cdp.detach()
    page.wait_for_timeout(500)


# The keys printed on the slide buttons that can be seen, and the touch hint's text (None: not shown).
PRESENT_HINTS_JS = """() => {
  const hint = document.querySelector('.st-key-present_touch_hint');
  return {keys: [...document.querySelectorAll('.st-key-present_nav kbd')].filter(k => k.getBoundingClientRect().width > 0)
                  .map(k => k.textContent.trim()),
          hint: hint && hint.getBoundingClientRect().height > 0 ? hint.innerText.trim() : null,
          hint_px: hint ? Math.min(...[...hint.querySelectorAll('p')].map(p => parseFloat(getComputedStyle(p).fontSize))) : null};
}"""


def test_present_by_tap(phone, base_url):
    """Someone following the talk on /present steps the slides by tapping 次へ / 前へ. The buttons show no keys
    (Home, ←, →, End: of no use on a phone) and a line says to tap them instead."""
    _show(phone, base_url, "/present")  # shown by the loop over every page, if run with it
    assert parse_qs(urlsplit(phone.url).query).get("slide", ["1"]) == ["1"]
    hints = phone.evaluate(PRESENT_HINTS_JS)
    print(f"\n/present ja 390x844: {hints}")
    assert hints["keys"] == [] and hints["hint"] == "「次へ」「前へ」をタップしてスライドを切り替えます。", hints
    assert hints["hint_px"] >= 16, hints
    nav = phone.locator(".st-key-present_nav")
    nav.get_by_role("button", name="次へ").tap()
    wait_settled(phone)
    expect(phone.locator(".st-key-slide_title h1")).to_have_text("年度別の選定数")
    assert parse_qs(urlsplit(phone.url).query).get("slide") == ["2"]
    assert phone.evaluate(FIT_JS)["page"] <= 390
    nav.get_by_role("button", name="前へ").tap()
    wait_settled(phone)
    expect(phone.locator(".st-key-slide_title h1")).to_have_text("主な数字")
    assert page_errors(phone) == []
    # A slide's chart is laid out for the phone (built for a projector's 26 px text, its totals ran past the edge).
    _open(phone, base_url, "/present?slide=4")
    fit = phone.evaluate(FIT_JS)
    assert (fit["page"], fit["cut"], fit["dragging"]) == (390, [], 0), fit


def test_the_map_by_touch(phone, base_url):
    """The map fills the phone's width and draws its prefectures and points; one tap on a prefecture selects it (it
    took two: plotly selected the place hovered by the touch before) and the next tap another; a swipe that starts on
    the map scrolls the page and selects nothing."""
    _show(phone, base_url, "/map")
    plot = phone.locator('[data-testid="stPlotlyChart"] .js-plotly-plot').first
    plot.evaluate("el => el.scrollIntoView({block: 'center'})")
    phone.wait_for_timeout(500)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    shot = plot.screenshot(path=SCREENSHOTS / "phone-map-390x844.png")
    assert len(shot) > 20_000  # a blank plot compresses to a few kB
    assert plot.locator(".scatterlayer .trace path.point").count() > 47
    assert plot.bounding_box()["width"] >= 0.9 * 358
    # The insets' titles are short enough for their frames (「近畿（拡大）」 ran into the 関東 frame).
    titles = plot.locator(".annotation-text").evaluate_all("els => els.map(e => e.textContent)")
    assert "近畿" in titles and "関東" in titles and not any("拡大" in t for t in titles), titles
    chosen = phone.locator('[data-testid="stMain"] [data-testid="stMarkdownContainer"]')
    for pref, heading in (("1", "北海道：条件に合う事業 2 件"), ("13", "東京都：条件に合う事業 0 件")):
        xy = phone.evaluate(_PIXEL_JS, ["pref", pref])  # the prefecture's name
        assert xy is not None, pref
        phone.touchscreen.tap(*xy)
        # The tapped place's label shows, as a mouse's hover shows it (the tap hovers it before it selects).
        expect(plot.locator(".hovertext").first).to_contain_text(heading)
        wait_settled(phone)
        expect(chosen.get_by_text(heading, exact=True)).to_be_visible(timeout=20_000)
        assert parse_qs(urlsplit(phone.url).query).get("place") == [f"pref-{pref}"]
        if pref == "1":
            phone.screenshot(path=SCREENSHOTS / "phone-map-tapped-390x844.png")
    box = plot.bounding_box()
    before = phone.evaluate(SCROLL_TOP_JS)
    _swipe_up(phone, box["x"] + box["width"] / 2, min(box["y"] + box["height"] / 2, 700))
    assert phone.evaluate(SCROLL_TOP_JS) > before + 100
    wait_settled(phone)
    assert parse_qs(urlsplit(phone.url).query).get("place") == ["pref-13"]
    assert page_errors(phone) == []


def test_a_swipe_over_a_chart_and_a_filter_through_the_sidebar(phone, base_url):
    """A swipe that starts on a chart scrolls the page. On a phone the sidebar starts closed: its button opens it
    over the page, the filter applies, and closing it shows the updated page."""
    _show(phone, base_url, "/technologies")
    chart = phone.locator('[data-testid="stPlotlyChart"]').first
    chart.evaluate("el => el.scrollIntoView({block: 'start'})")
    phone.wait_for_timeout(300)
    box = chart.bounding_box()
    before = phone.evaluate(SCROLL_TOP_JS)
    _swipe_up(phone, box["x"] + box["width"] / 2, min(box["y"] + box["height"] / 2, 700))
    assert phone.evaluate(SCROLL_TOP_JS) > before + 100

    expect(match_count(phone)).to_have_text("45 / 45 事業")
    sidebar = phone.locator('[data-testid="stSidebar"]')
    assert sidebar.bounding_box()["x"] + sidebar.bounding_box()["width"] <= 1  # closed: off the screen
    phone.locator('[data-testid="stExpandSidebarButton"]').tap()
    phone.wait_for_function(SIDEBAR_OPEN_JS)  # slid in over the page (a tap during the slide missed the filter's menu)
    phone.wait_for_timeout(300)
    choose(phone, TECH, JIDOU_UNTEN)
    assert selected_values(phone, TECH) == [JIDOU_UNTEN]
    phone.locator('[data-testid="stSidebarCollapseButton"] button, [data-testid="stSidebarCollapseButton"]').first.tap()
    wait_settled(phone)
    expect(match_count(phone)).to_have_text("27 / 45 事業")
    assert sidebar.bounding_box()["x"] + sidebar.bounding_box()["width"] <= 1  # closed again
    assert TECH_IN_URL in phone.url
    assert page_errors(phone) == []


# Blank space inside a heading under its last line of text: a heading's link icon (shown on hover only) still took
# its room, and beside a title that filled the line it went onto a line of its own (「Technologies used」: 46 px).
HEADING_BLANK_JS = """() => [...document.querySelectorAll('[data-testid="stMain"] :is(h1, h2, h3)')].flatMap(h => {
  const box = h.getBoundingClientRect();
  if (!box.height) return [];
  const walker = document.createTreeWalker(h, NodeFilter.SHOW_TEXT);
  let bottom = -Infinity;
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    if (!n.textContent.trim()) continue;
    const range = document.createRange(); range.selectNodeContents(n);
    for (const r of range.getClientRects()) bottom = Math.max(bottom, r.bottom);
  }
  const blank = box.bottom - parseFloat(getComputedStyle(h).paddingBottom) - bottom;
  return blank > 8 ? [[h.textContent.trim().slice(0, 30), Math.round(blank)]] : [];
})"""
# A panel's chart: in a sideways box or not, its plot's edges and every text of it that is not on the screen.
CHART_JS = """key => {
  const chart = document.querySelector(`.st-key-${key} .js-plotly-plot`);
  if (!chart) return null;
  const box = chart.getBoundingClientRect();
  const off = [...chart.querySelectorAll('svg text')].filter(t => t.textContent.trim()).filter(t => {
    const r = t.getBoundingClientRect();
    return r.width > 0 && (r.right > innerWidth || r.left < 0);
  }).map(t => t.textContent.trim());
  return {scrolls: !!chart.closest('[class*="_phone_wide"]'), left: box.left, right: box.right, off};
}"""


# A heatmap's tick texts and its categories (what a hover names): the compact form shortens neither.
HEAT_NAMES_JS = """key => {
  const g = document.querySelector(`.st-key-${key} .js-plotly-plot`);
  return {y: [...g.data[0].y], x: [...g.data[0].x],
          ticks: [...g.querySelectorAll('.ytick text, .xtick text')].map(t => t.textContent)};
}"""


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_wide_charts_and_titles_on_a_phone(phone, base_url, lang):
    """Filtered to one year, the technology × year heatmap fits the phone (it was drawn 560 px wide in a sideways
    box, its only column, numbers and heading past the screen's edge); unfiltered, the three heatmaps fit too, drawn
    compact (they scrolled in boxes 500-640 px wide), every name whole on the screen and in the hover. The
    related programs' small multiples show every year and name on the screen (a 600 px box showed 3½ of 6 years).
    No heading keeps a blank line under its text (the link icon's). Last in the module: it loads pages by address."""
    suffix = "" if lang == "ja" else "&lang=en"
    _open(phone, base_url, f"/technologies?{TECH_IN_URL}&fy=2020{suffix}")
    phone.locator(".st-key-tech_by_year").scroll_into_view_if_needed()
    fit = phone.evaluate(CHART_JS, "tech_by_year")
    print(f"\n/technologies {lang} one year: {fit}")
    assert fit is not None and not fit["scrolls"] and fit["left"] >= 0 and fit["right"] <= 390, fit
    assert fit["off"] == [], fit
    assert phone.evaluate(HEADING_BLANK_JS) == []
    assert phone.evaluate(FIT_JS)["page"] <= 390
    _open(phone, base_url, "/technologies" + ("" if lang == "ja" else "?lang=en"))
    for key in ("tech_by_year", "tech_pairs", "tech_by_region"):
        phone.locator(f".st-key-{key}").scroll_into_view_if_needed()
        fit = phone.evaluate(CHART_JS, key)
        print(f"/technologies {lang} {key} unfiltered: {fit}")
        assert fit is not None and not fit["scrolls"] and fit["left"] >= 0 and fit["right"] <= 390, fit
        assert fit["off"] == [], fit
        names = phone.evaluate(HEAT_NAMES_JS, key)
        long_name = "クラウドコンピューティング" if lang == "ja" else "Cloud computing"
        assert long_name in names["y"], names  # the hover's name, whole
        # Every row's name is on the screen, whole: its lines (tick text on two lines) put together.
        assert {n.replace(" ", "") for n in names["y"]} <= {t.replace(" ", "") for t in names["ticks"]}, names
    assert phone.evaluate(HEADING_BLANK_JS) == []
    assert page_errors(phone) == []
    _open(phone, base_url, "/selections" + ("" if lang == "ja" else "?lang=en"))
    phone.locator(".st-key-sel_related").scroll_into_view_if_needed()
    fit = phone.evaluate(CHART_JS, "sel_related")
    ticks = phone.locator(".st-key-sel_related .xaxislayer-above text").count()
    print(f"/selections {lang} related programs: {fit}, {ticks} year labels")
    assert fit is not None and not fit["scrolls"] and fit["right"] <= 390 and fit["off"] == [], fit
    assert ticks >= 6 * 5  # every year under each of the five programs
    assert phone.evaluate(HEADING_BLANK_JS) == []


def test_every_page_fits_a_phone_in_english(phone, base_url):
    """Every page in English at 390×844, loaded by address (?lang=en), measured as test_every_page_fits_a_phone
    measures the Japanese ones; /present shows the touch hint in English and no keys."""
    problems = {}
    for spec in PAGES:
        _open(phone, base_url, address(spec) + "?lang=en")
        found = _phone_problems(phone, address(spec), "en")
        if found:
            problems[spec.url_path] = found
    hints = phone.evaluate(PRESENT_HINTS_JS)  # the loop ends on /present
    print(f"/present en 390x844: {hints}")
    assert hints["keys"] == [] and hints["hint"] == "Tap Next or Previous to change slides.", hints
    assert problems == {}


# The chosen place in the picker, and its option in the open list: the text's width against the room it has, and
# whether its lines stay inside the option's row (the list places one 40 px row per place) and inside the option's
# highlight (the background of the name's box, drawn under the option the finger is on).
PICKER_JS = """name => {
  const input = document.querySelector('.st-key-muni_area input');
  const option = [...document.querySelectorAll('[role="listbox"] [role="option"]')].find(o => o.innerText.startsWith(name));
  const text = option && option.querySelector('div');
  const range = text && document.createRange();
  if (range) range.selectNodeContents(text);
  const lines = range ? [...range.getClientRects()] : [];
  const row = option && option.getBoundingClientRect();
  const box = text && text.getBoundingClientRect();
  return {input: {value: input.value, overflow: getComputedStyle(input).textOverflow},
          option: option ? {text: option.innerText, sw: text.scrollWidth, cw: text.clientWidth,
                            top: Math.min(...lines.map(r => r.top)) - row.top, bottom: row.bottom - Math.max(...lines.map(r => r.bottom)),
                            right: Math.max(...lines.map(r => r.right)), lines: new Set(lines.map(r => Math.round(r.top))).size,
                            highlight: getComputedStyle(text).backgroundColor, selected: option.getAttribute('aria-selected'),
                            in_highlight: [Math.min(...lines.map(r => r.top)) - box.top, box.bottom - Math.max(...lines.map(r => r.bottom))]} : null};
}"""


def test_a_long_place_name_in_the_picker(phone, base_url):
    """The English municipality picker showed a long name cut at the phone's edge, in its list too ("…(岩手県
    陸前高田"): in the list the name wraps inside its row, whole, and inside its highlight (it ran past it); in the
    field it ends in an ellipsis, and the heading under it shows it whole."""
    name = "Rikuzentakata City, Iwate Prefecture (岩手県 陸前高田市)"
    _open(phone, base_url, "/municipality?area=03210&lang=en")
    expect(phone.locator('[data-testid="stMain"] h2').first).to_have_text(name)
    phone.locator(".st-key-muni_area input").tap()
    phone.locator('[role="listbox"]').wait_for()
    # The list fades in: measured (and pictured) once it can be seen.
    phone.wait_for_function("() => getComputedStyle(document.querySelector("
                            "'[data-testid=\"stSelectboxVirtualDropdown\"]')).opacity === '1'")
    picked = phone.evaluate(PICKER_JS, "Rikuzentakata")
    print(f"\n/municipality en 390x844 picker: {picked}")
    phone.screenshot(path=SCREENSHOTS / "phone-municipality-picker-en-390x844.png")
    assert picked["input"]["overflow"] == "ellipsis", picked
    option = picked["option"]
    assert option is not None and option["text"] == f"{name}: 1", picked
    assert option["sw"] <= option["cw"] + 1 and option["right"] <= 390, picked  # not cut at the edge
    assert option["lines"] == 2 and option["top"] >= -1 and option["bottom"] >= -1, picked  # inside its row
    # and inside its highlight (the chosen place's option is highlighted when the list opens): the two lines ran
    # 4.5 px above and 4 px below the 28 px highlight
    assert option["selected"] == "true" and option["highlight"] not in ("rgba(0, 0, 0, 0)", "transparent"), picked
    assert min(option["in_highlight"]) >= 0, picked
    phone.keyboard.press("Escape")
    assert page_errors(phone) == []
