"""Legible from the back of a hall, measured: computed font sizes, contrast ratios and clipping.

For every page at 1920×1080 and 1366×768 (screen and presenter mode), at 1024×768 and inside a 1200 px
iframe: the page title ≥ 2× body text and headline numbers ≥ 2.5× body; chart text ≥ 14 px (≥ 22 px in
presenter mode at 1080p); every text colour ≥ 4.5:1 against its background (WCAG AA); no headline,
label, caption or heading cut off (scrollWidth > clientWidth) or ellipsised. The figures are printed
(`-s`) so the closing note can quote them.
"""
from __future__ import annotations

import json

import pytest

from dashboard.page_registry import PAGES, address

from .streamlit_browser import BrowserRecorder, screenshot_page, wait_settled

# A page's legibility does not depend on the filters; the default view of each page is measured.
MEASURE_JS = r"""() => {
  const lum = (rgb) => { const c = rgb.map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
                         return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2]; };
  const parse = (s) => { const m = s.match(/rgba?\(([^)]+)\)/); if (!m) return null;
                         const p = m[1].split(',').map(x => parseFloat(x)); return {rgb: p.slice(0, 3), a: p.length > 3 ? p[3] : 1}; };
  const background = (el) => { for (let e = el; e; e = e.parentElement) { const c = parse(getComputedStyle(e).backgroundColor);
                                 if (c && c.a > 0.5) return c.rgb; } return [255, 255, 255]; };
  // The colour a reader sees: the text colour's alpha and every ancestor's opacity blend it into the background
  // (Streamlit draws captions at opacity 0.6, which a plain colour check would miss).
  const seen = (el, c, bg) => { let a = c.a; for (let e = el; e; e = e.parentElement) a *= parseFloat(getComputedStyle(e).opacity);
                                 return c.rgb.map((v, i) => v * a + bg[i] * (1 - a)); };
  const ratio = (a, b) => { const [l1, l2] = [lum(a), lum(b)].sort((x, y) => y - x); return (l1 + 0.05) / (l2 + 0.05); };
  const visible = (el) => { const r = el.getBoundingClientRect(); const s = getComputedStyle(el);
                            return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && s.display !== 'none' && parseFloat(s.opacity) > 0.3; };
  const px = (el) => parseFloat(getComputedStyle(el).fontSize);
  const main = document.querySelector('[data-testid="stMain"]');
  const first = (sel) => [...main.querySelectorAll(sel)].find(visible);
  const all = (sel) => [...main.querySelectorAll(sel)].filter(visible);
  const bodyEl = first('[data-testid="stMarkdownContainer"] p') || first('p');
  const out = {body: bodyEl ? px(bodyEl) : null, title: first('h1') ? px(first('h1')) : null,
               metrics: all('[data-testid="stMetricValue"]').map(px), chart: [], low_contrast: [], clipped: []};
  for (const t of main.querySelectorAll('.js-plotly-plot svg text')) {
    if (!t.textContent.trim() || !visible(t)) continue;
    out.chart.push(px(t));
  }
  const texts = main.querySelectorAll('h1, h2, h3, p, li, [data-testid="stMetricValue"], [data-testid="stMetricLabel"], [data-testid="stCaptionContainer"]');
  for (const el of texts) {
    if (!visible(el) || !el.textContent.trim()) continue;
    if (el.closest('[data-testid="stAlert"], [data-testid="stExpander"], button, [data-testid="stDataFrame"]')) continue;
    const bg = background(el);
    const r = ratio(seen(el, parse(getComputedStyle(el).color), bg), bg);
    if (r < 4.5) out.low_contrast.push([el.textContent.trim().slice(0, 40), getComputedStyle(el).color, Math.round(r * 100) / 100]);
    const s = getComputedStyle(el);
    if (el.scrollWidth > el.clientWidth + 1 && (s.overflow === 'hidden' || s.textOverflow === 'ellipsis'))
      out.clipped.push(el.textContent.trim().slice(0, 40));
  }
  for (const t of main.querySelectorAll('.js-plotly-plot svg text')) {
    if (!t.textContent.trim() || !visible(t)) continue;
    const c = parse(getComputedStyle(t).fill); if (!c) continue;
    // Labels inside bars and cells sit on the bar's colour; plotly picks white or dark for those.
    if (t.closest('.bartext, .heatmaplayer, .annotation')) continue;
    // White text is only ever drawn on a filled shape (a dark prefecture on the map); on the white page it
    // would be invisible, which the screenshots would show.
    if (c.rgb.every(v => v >= 250)) continue;
    const r = ratio(seen(t, c, [255, 255, 255]), [255, 255, 255]);
    if (r < 4.5) out.low_contrast.push(['chart: ' + t.textContent.trim().slice(0, 30), getComputedStyle(t).fill, Math.round(r * 100) / 100]);
  }
  return out;
}"""

SIZES = {"1920x1080": (1920, 1080), "1366x768": (1366, 768), "1024x768": (1024, 768)}


def _measure(frame) -> dict:
    return frame.evaluate(MEASURE_JS)


def _check(m: dict, *, presenter: bool, hd: bool) -> list[str]:
    problems = []
    body = m["body"]
    if body is None or m["title"] is None:
        return ["no body text or no title found"]
    if m["title"] < 2 * body:
        problems.append(f"title {m['title']} px < 2 × body {body} px")
    problems += [f"headline number {v} px < 2.5 × body {body} px" for v in m["metrics"] if v < 2.5 * body]
    floor = 22 if presenter and hd else 14
    small = sorted({v for v in m["chart"] if v < floor})
    if small:
        problems.append(f"chart text {small} px < {floor} px")
    problems += [f"contrast {r}:1 ({colour}) for {text!r}" for text, colour, r in m["low_contrast"]]
    problems += [f"clipped: {text!r}" for text in m["clipped"]]
    return problems


MODES = [(size, False) for size in SIZES] + [("1920x1080", True), ("1366x768", True)]
SHOTS = {("1920x1080", True), ("1366x768", False), ("1024x768", False)}  # looked at for the closing note


@pytest.mark.parametrize("size, presenter", MODES, ids=[f"{s}{'-presenter' if p else ''}" for s, p in MODES])
def test_every_page_is_legible(browser, base_url, request, size, presenter):
    """One browser context per size and mode, every page in it (a context per page doubled the run time)."""
    width, height = SIZES[size]
    context = browser.new_context(viewport={"width": width, "height": height}, locale="ja-JP")
    recorder = BrowserRecorder()
    page = context.new_page()
    recorder.attach(context, page)
    request.node._browser_recorder = recorder
    problems = {}
    try:
        for spec in PAGES:
            page.goto(base_url + address(spec) + ("?presenter=1" if presenter else ""), wait_until="domcontentloaded")
            wait_settled(page)
            m = _measure(page)
            print(f"\n{spec.url_path} {size}{' presenter' if presenter else ''}: "
                  + json.dumps({k: (v if k != "chart" else sorted(set(v))) for k, v in m.items()}, ensure_ascii=False))
            if (size, presenter) in SHOTS:
                screenshot_page(page, f"legibility-{spec.url_path}-{size}{'-presenter' if presenter else ''}",
                                max_height=3000)
            found = _check(m, presenter=presenter, hd=size == "1920x1080")
            if found:
                problems[spec.url_path] = found
    finally:
        context.close()
    assert problems == {}


def test_every_page_is_legible_in_a_1200px_iframe(browser, base_url):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ja-JP")
    page = context.new_page()
    problems = {}
    try:
        for spec in PAGES:
            page.set_content(f'<iframe src="{base_url}{address(spec)}" width="1200" height="860" '
                             'style="border:0"></iframe>')
            frame = page.frames[1]
            frame.wait_for_load_state("domcontentloaded")
            wait_settled(frame)
            found = _check(_measure(frame), presenter=False, hd=False)
            if found:
                problems[spec.url_path] = found
    finally:
        context.close()
    assert problems == {}


def test_html_lang_is_the_ui_language(page, base_url):
    page.goto(base_url + "/", wait_until="domcontentloaded")
    wait_settled(page)
    assert page.evaluate("document.documentElement.lang") == "ja"


@pytest.mark.parametrize("width, height", [(1366, 768), (1024, 768)])
def test_english_map_is_legible(page, base_url, width, height):
    """The map page in English, measured as above: its names are as long as the English words make them, and at
    1024x768 they are still 15 px (the map slide's were 13.1 px there: tests/browser/test_present.py)."""
    page.set_viewport_size({"width": width, "height": height})
    page.goto(base_url + "/map?lang=en", wait_until="domcontentloaded")
    wait_settled(page)
    m = _measure(page)
    print(f"\n/map?lang=en {width}x{height}: chart px {sorted(set(m['chart']))}")
    assert m["chart"] and _check(m, presenter=False, hd=False) == []
