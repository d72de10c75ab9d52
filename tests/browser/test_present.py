"""The presenter view in Chromium: projector sizes and contrast measured at 1920×1080, the keys a clicker sends
step the slides and the URL keeps the place, the QR code on the slide decodes to the live view's URL, and
nothing is cut off at 1024×768 (4:3). One server (with a public URL configured) and one browser context."""
from __future__ import annotations

import json
from urllib.parse import parse_qs, urlsplit

import cv2
import numpy as np
import pytest

from dashboard import decks, qr
from dashboard.query import Database
from dashboard.snapshot import open_snapshot

from .streamlit_browser import BrowserRecorder, running_server, screenshot_page, wait_settled
from .test_legibility import MEASURE_JS

PUBLIC = "https://mirai.example.jp/dash"
TITLES = ["主な数字", "年度別の選定数", "条件に合う事業の地図", "技術別の事業数", "地方別の技術", "調査の概要と主な結果",
          "交流会・シンポジウム"]
# The size of the digits themselves (the value element's descendants may set their own size).
METRIC_TEXT_JS = """() => [...document.querySelectorAll('[data-testid="stMain"] [data-testid="stMetricValue"]')].map(v => {
  const leaves = [v, ...v.querySelectorAll('*')].filter(e => [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim()));
  const cut = [v, ...v.querySelectorAll('*')].some(e => e.scrollWidth > e.clientWidth + 1
    || e.getBoundingClientRect().right > v.closest('[data-testid="stColumn"]').getBoundingClientRect().right + 1);
  return cut ? -1 : Math.min(...leaves.map(e => parseFloat(getComputedStyle(e).fontSize))); })"""  # -1: a number is cut off
# Lines a number takes: its text's boxes grouped by their vertical middle (digits and kanji boxes differ by a few px).
METRIC_LINES_JS = """() => [...document.querySelectorAll('[data-testid="stMain"] [data-testid="stMetricValue"]')].map(v => {
  const r = document.createRange(); r.selectNodeContents(v);
  const size = parseFloat(getComputedStyle(v).fontSize);
  const mids = [...r.getClientRects()].filter(b => b.width > 0).map(b => (b.top + b.bottom) / 2).sort((a, b) => a - b);
  return mids.filter((m, i) => i === 0 || m - mids[i - 1] > size / 2).length; })"""
OVERFLOW_JS = """() => { const m = document.querySelector('[data-testid="stMain"]');
  const wide = [...m.querySelectorAll('h1, p, li, [data-testid="stMetricValue"], [data-testid="stImage"] img')]
    .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1).map(e => e.textContent.trim().slice(0, 40) || e.tagName);
  return {page_wider: m.scrollWidth > m.clientWidth + 1, outside: wide}; }"""


@pytest.fixture(scope="module")
def present(browser):
    with running_server("present", env={qr.ENV: PUBLIC}) as server:
        context = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="ja-JP")
        page = context.new_page()
        recorder = BrowserRecorder()
        recorder.attach(context, page)
        try:
            yield server.base_url, page, context
        finally:
            context.close()
        assert recorder.problems() == []


def _slide(page) -> tuple[str, str]:
    number = parse_qs(urlsplit(page.url).query).get("slide", [""])[0]
    title = page.locator('.st-key-slide_title h1').inner_text().strip()
    return number, title


def _qr_text(page, context, base_url) -> str:
    """The QR code as the screen shows it (a picture of the page, not the image file): what a camera in the hall reads."""
    shot = page.locator('.st-key-slide_qr').screenshot()
    text, points, _ = cv2.QRCodeDetector().detectAndDecode(cv2.imdecode(np.frombuffer(shot, np.uint8),
                                                                        cv2.IMREAD_GRAYSCALE))
    assert points is not None
    return text


def test_present_in_the_browser(present):
    base_url, page, context = present
    page.goto(base_url + "/present", wait_until="domcontentloaded")
    wait_settled(page)
    assert _slide(page) == ("1", TITLES[0])
    for hidden in ('[data-testid="stSidebar"]', '[data-testid="stHeader"]', '[data-testid="stToolbar"]'):
        assert not page.locator(hidden).is_visible()
    m = page.evaluate(MEASURE_JS)
    print("\nslide 1 1920x1080:", json.dumps({k: (sorted(set(v)) if k == "chart" else v) for k, v in m.items()},
                                             ensure_ascii=False))
    digits = page.evaluate(METRIC_TEXT_JS)
    print("metric digits px:", digits)
    assert m["title"] >= 48 and m["metrics"] and min(m["metrics"]) >= 96 and len(digits) == 4 and min(digits) >= 96
    # Each number on one line: 「30 都道府県」 broke into 「30」 and 「都道府県」 in a row of four (theme.slide_metrics_per_row).
    lines = page.evaluate(METRIC_LINES_JS)
    assert lines == [1, 1, 1, 1], lines
    assert m["low_contrast"] == [] and m["clipped"] == []
    footer = page.locator(".st-key-slide_footer").inner_text()
    assert "出典: " in footer and "データ時点 2023-02-21" in footer and "1 / 7" in footer and "条件: 支援中" in footer
    assert _qr_text(page, context, base_url) == PUBLIC + "/"
    # With a mouse (hover) the buttons show the keys that step the slides, and no touch hint (a phone's:
    # tests/browser/test_phone.py).
    keys = page.locator(".st-key-present_nav kbd").all_inner_texts()
    assert [k.strip() for k in keys] == ["Home", "←", "→", "End"], keys
    assert not page.locator(".st-key-present_touch_hint").is_visible()
    screenshot_page(page, "present-1-1920x1080", max_height=2200)

    page.evaluate("() => document.activeElement && document.activeElement.blur()")  # keys go to the page
    steps = [("ArrowRight", 2), ("PageDown", 3), ("Space", 4), ("ArrowLeft", 3), ("PageUp", 2), ("End", 7),
             ("Home", 1), ("ArrowRight", 2)]
    for key, n in steps:
        page.keyboard.press(key)
        wait_settled(page)
        assert _slide(page) == (str(n), TITLES[n - 1]), key
    m = page.evaluate(MEASURE_JS)
    print("slide 2 1920x1080:", json.dumps({k: (sorted(set(v)) if k == "chart" else v) for k, v in m.items()},
                                           ensure_ascii=False))
    assert m["chart"] and min(m["chart"]) >= 24 and m["title"] >= 48
    assert m["low_contrast"] == [] and m["clipped"] == []
    screenshot_page(page, "present-2-1920x1080", max_height=2200)

    page.keyboard.press("End")
    wait_settled(page)
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowLeft")  # a second press before the first rerun ends must not be lost or doubled
    wait_settled(page)
    n = int(_slide(page)[0])
    assert n in (5, 6)
    while n != 5:
        page.keyboard.press("ArrowLeft")
        wait_settled(page)
        n = int(_slide(page)[0])
    vocab = decks.vocabulary(Database(open_snapshot()).run)
    s5 = decks.load_deck("default", vocab).slides[4]
    assert _qr_text(page, context, base_url) == qr.view_url(PUBLIC, s5.panel_id, s5.filters)
    screenshot_page(page, "present-5-1920x1080", max_height=2200)

    page.reload(wait_until="domcontentloaded")
    wait_settled(page)
    assert _slide(page) == ("5", TITLES[4])

    page.set_viewport_size({"width": 1024, "height": 768})
    problems = {}
    for n in range(1, 8):
        page.goto(f"{base_url}/present?slide={n}", wait_until="domcontentloaded")
        wait_settled(page)
        m = page.evaluate(MEASURE_JS)
        o = page.evaluate(OVERFLOW_JS)
        if n == 1:
            o["metric_digits"] = page.evaluate(METRIC_TEXT_JS)
            if min(o["metric_digits"]) < 0:
                o["outside"].append("a headline number is cut off")
        # White chart text sits on a filled shape (the map's dark prefectures), not on the white page.
        contrast = [c for c in m["low_contrast"] if not (c[0].startswith("chart: ") and c[1] == "rgb(255, 255, 255)")]
        if m["clipped"] or o["page_wider"] or o["outside"] or contrast:
            problems[n] = {"clipped": m["clipped"], **o, "contrast": contrast}
        if n in (1, 3, 5):
            screenshot_page(page, f"present-{n}-1024x768", max_height=2200)
    assert problems == {}


# The map slide's text as drawn: the computed font size times the SVG's scale (the slide's CSS sizes the map's text
# to the map, figures.map.slide_css), per kind (names, legend, inset titles); names whose glyph boxes (the text box
# less its line spacing) overlap; legend text past the chart's right edge or cut by the legend's clip path; the
# height of the legend's scrollbar (plotly draws one, 0 px high, when the rows fit); and the bottoms of the footer,
# its buttons and the QR code (the first screen must show them).
MAP_SLIDE_JS = """() => {
  const plot = document.querySelector('.st-key-slide_body .js-plotly-plot');
  const edge = plot.getBoundingClientRect().right;
  const out = {names: [], legend: [], titles: [], overlaps: [], clipped: []};
  const boxes = [];
  for (const t of plot.querySelectorAll('svg text')) {
    // A hidden tier of names: a trace with display: none (which checkVisibility did not see).
    let shown = t.textContent.trim() !== '';
    for (let e = t; shown && e !== plot; e = e.parentElement) shown = getComputedStyle(e).display !== 'none';
    if (!shown) continue;
    const m = t.getScreenCTM();
    const px = Math.round(parseFloat(getComputedStyle(t).fontSize) * Math.hypot(m.a, m.b) * 10) / 10;
    const r = t.getBoundingClientRect();
    if (t.closest('.legend')) {
      out.legend.push(px);
      const box = t.closest('.legend').querySelector('rect.bg').getBoundingClientRect();
      const clip = getComputedStyle(t.closest('.scrollbox')).clipPath !== 'none';
      if (r.right > edge + 1 || (clip && r.right > box.right + 1)) out.clipped.push(t.textContent.trim());
    } else if (t.closest('.annotation')) out.titles.push(px);
    else if (t.closest('.textpoint')) {
      out.names.push(px);
      const pad = r.height * 0.15;
      boxes.push([t.textContent.trim(), r.left, r.right, r.top + pad, r.bottom - pad]);
    }
  }
  for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
    const [a, b] = [boxes[i], boxes[j]];
    if (Math.min(a[2], b[2]) - Math.max(a[1], b[1]) > 1 && Math.min(a[4], b[4]) - Math.max(a[3], b[3]) > 1)
      out.overlaps.push(a[0] + ' / ' + b[0]);
  }
  const bottom = (sel) => { const e = document.querySelector(sel);
                            return e ? Math.round(e.getBoundingClientRect().bottom) : null; };
  out.bottoms = {footer: bottom('.st-key-slide_footer'), buttons: bottom('.st-key-present_nav'),
                 qr: bottom('.st-key-slide_qr')};
  out.shown = boxes.map(b => b[0]);
  const bar = plot.querySelector('.legend .scrollbar');
  out.legend_scrollbar = bar ? Math.round(bar.getBoundingClientRect().height) : 0;
  return out; }"""


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_map_slide_in_the_browser(present, lang):
    """The map slide: its names, legend and inset titles as large as the slide's other charts allow at 1920x1080
    (≥ 22 px; they were 15 px: the map was built in the page's size class), no two names over one another, the
    legend whole and, with the footer and its buttons, on the first screen at 1920x1080 and 1366x768 (at 1366 the
    legend was cut at 「支援中の都道府県」, 「岐阜 2」 ran into 「山梨」 and the footer was below the fold). At 1024x768
    its text is at least 14 px in English too (13.1 px: the legend's room was made for 26 px text) and the legend
    has no scrollbar (it scrolled, 341 px, in both languages)."""
    base_url, page, _ = present
    query = "" if lang == "ja" else "&lang=en"
    n = 1 + [s.panel_id for s in decks.load_deck("default", decks.vocabulary(Database(open_snapshot()).run)).slides
             ].index("project_map")
    shown = {}
    for (width, height), least in (((1920, 1080), 22), ((1366, 768), 20), ((1024, 768), 14)):
        page.set_viewport_size({"width": width, "height": height})
        page.goto(f"{base_url}/present?slide={n}{query}", wait_until="domcontentloaded")
        wait_settled(page)
        m = page.evaluate(MAP_SLIDE_JS)
        smallest = {kind: min(m[kind]) for kind in ("names", "legend", "titles")}
        print(f"\nmap slide {lang} {width}x{height}: smallest px {smallest}, {len(m['names'])} names, "
              f"bottoms {m['bottoms']}, legend scrollbar {m['legend_scrollbar']} px")
        assert min(smallest.values()) >= least, smallest
        assert m["legend_scrollbar"] == 0, m["legend_scrollbar"]
        assert len(m["names"]) >= 25 and len(m["shown"]) == len(set(m["shown"]))  # each name once
        assert m["overlaps"] == [] and m["clipped"] == []
        assert max(m["bottoms"].values()) <= height, m["bottoms"]
        shown[width] = {name.rsplit(" ", 1)[0] for name in m["shown"]}
        screenshot_page(page, f"present-map-{lang}-{width}x{height}", max_height=2200)
    # The larger map names every place the smaller one names (at 1920 it named 35, without 長野 and 福島 of 1366's).
    assert shown[1920] >= shown[1366], shown[1366] - shown[1920]


def test_slide_charts_at_1366(present):
    """Every slide's chart text at 1366x768 is at least 20 px (the slide's CSS drew the 26-px layouts at 19.1 px)."""
    base_url, page, _ = present
    page.set_viewport_size({"width": 1366, "height": 768})
    sizes = {}
    for n in range(1, len(TITLES) + 1):
        page.goto(f"{base_url}/present?slide={n}", wait_until="domcontentloaded")
        wait_settled(page)
        chart = page.evaluate(MEASURE_JS)["chart"]
        if chart:
            sizes[n] = min(chart)
    print("\nsmallest chart text px at 1366x768 by slide:", sizes)
    assert len(sizes) >= 4 and min(sizes.values()) >= 20, sizes


# Where the slide's parts are (viewport px, [left, top, right, bottom]) and whether the page scrolls: Streamlit
# scrolls its main column, not the document, so both are read.
FIT_JS = """() => { const box = (sel) => { const e = document.querySelector(sel); if (!e) return null;
    const r = e.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom].map(Math.round); };
  const main = document.querySelector('[data-testid="stMain"]');
  return {footer: box('.st-key-slide_footer'), qr: box('.st-key-slide_qr'), buttons: box('.st-key-present_nav'),
          chart: box('.st-key-slide_body [data-testid="stPlotlyChart"]'), width: innerWidth, height: innerHeight,
          body_end: Math.round(Math.max(0, ...[...document.querySelectorAll('.st-key-slide_body [data-testid="stElementContainer"]')]
                                         .map(e => e.getBoundingClientRect().bottom))),
          document: document.scrollingElement.scrollHeight, main: [main.scrollHeight, main.clientHeight]}; }"""


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_every_slide_fits_the_screen(present, lang):
    """Every slide of the default deck whole on the first screen at 1920x1080 and 1366x768, in Japanese and English
    (whose source lines take a line more): the footer with its 出典, the QR code and the buttons inside the window, the
    slide's numbers, chart and text above the footer, and nothing to scroll. Before, a chart drawn at its built
    height pushed the footer below the fold at 1366x768 (slides 4, 5, 7: main column 1068, 959, 939 px high) and the
    QR code and the buttons off screen at 1920x1080 (slide 4, bottoms 1171 and 1145); the chart now takes what the
    title, numbers and footer leave (theme.slide_css). Chart text stays at least 24 px at 1920 (the map, sized to
    itself, 22 px: test_map_slide_in_the_browser) and 20 px at 1366."""
    base_url, page, _ = present
    query = "" if lang == "ja" else "&lang=en"
    problems, seen = {}, {}
    for (width, height), least in (((1920, 1080), 24), ((1366, 768), 20)):
        page.set_viewport_size({"width": width, "height": height})
        for n in range(1, len(TITLES) + 1):
            page.goto(f"{base_url}/present?slide={n}{query}", wait_until="domcontentloaded")
            wait_settled(page)
            m = page.evaluate(FIT_JS)
            chart = page.evaluate(MEASURE_JS)["chart"]
            seen[f"{width} {n}"] = {k: m[k] for k in ("footer", "qr", "buttons", "chart", "body_end", "document", "main")}
            wrong = [f"{part} {m[part]} outside {width}x{height}" for part in ("footer", "qr", "buttons")
                     if m[part] is None or m[part][0] < 0 or m[part][1] < 0 or m[part][2] > width or m[part][3] > height]
            if m["footer"] and m["body_end"] > m["footer"][1]:  # the body's text ran under the footer
                wrong.append(f"the body ends at {m['body_end']}, under the footer at {m['footer'][1]}")
            if m["document"] > m["height"] or m["main"][0] > m["main"][1]:
                wrong.append(f"the page scrolls: document {m['document']}, main column {m['main']} px")
            if chart and min(chart) < (22 if n == 3 and width == 1920 else least):
                wrong.append(f"chart text {min(chart)} px")
            if wrong:
                problems[f"{width}x{height} slide {n}"] = wrong
            if width == 1366 and n in (4, 5):
                screenshot_page(page, f"present-fit-{lang}-{n}-{width}x{height}", max_height=2200)
    print(f"\n{lang}:", json.dumps(seen))
    assert problems == {}
