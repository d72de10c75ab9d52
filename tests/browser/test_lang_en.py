"""English in the browser (issue 8), lean: one browser context visits every page once with `?lang=en`.

Each page: `<html lang="en">`, no error box, an English title, `lang=en` still in the address; then the
navigation keeps the language, and the sidebar toggle switches to Japanese and back (the URL follows).
Screenshots of every page at 1366×768 and 1024×768 land in artifacts/screenshots/en-*.png for review.
The text drawn inside charts (plotly's SVG) and tables (the dataframes' grid, every tab and table expander opened)
holds no Japanese either, except where the rule of tests/test_lang_en.py allows it: a published name or text without
an English rendering shown with its marker ("(Japanese only: …)", "(our translation; original: …)"), or a
"… (Japanese original)" column beside the English one.
"""
from __future__ import annotations

import re

import pytest

from dashboard import i18n
from dashboard.page_registry import PAGES, address
from tests.test_lang_en import _without_marked

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


# Every table and chart a page has, drawn: the table expanders opened (a collapsed expander draws nothing), then
# each tab in turn. The "Japanese original" blocks and the data contract for developers quote Japanese on purpose.
_KEPT_CLOSED = (i18n.t("names.original_label", "en"), i18n.t("page.data.contract_label", "en"))

_TEXTS_JS = r"""() => {
  const main = document.querySelector('[data-testid="stMain"]');
  const visible = (el) => { const r = el.getBoundingClientRect(); return r.width > 0 && r.height > 0; };
  const out = {charts: [], cells: []};
  for (const t of main.querySelectorAll('.js-plotly-plot svg text')) {
    const s = t.textContent.trim(); if (s) out.charts.push(s);
  }
  // st.dataframe draws on a canvas; its grid keeps an accessible table of the cells drawn (what we read here).
  for (const grid of main.querySelectorAll('[data-testid="stDataFrame"] table[role="grid"], [data-testid="stTable"] table')) {
    if (!visible(grid.closest('[data-testid="stDataFrame"], [data-testid="stTable"]'))) continue;
    const heads = [...grid.querySelectorAll('thead th')].map(h => h.textContent.trim());
    for (const h of heads) out.cells.push(['', h]);
    for (const row of grid.querySelectorAll('tbody tr')) {
      [...row.querySelectorAll('td, th')].forEach((c, i) => {
        const col = c.getAttribute('aria-colindex');
        out.cells.push([(col ? heads[parseInt(col) - 1] : heads[i]) || '', c.textContent.trim()]);
      });
    }
  }
  return out;
}"""


# A compiler's note in English may quote the document's words in 「」 (the quotes mark them as the published text).
_QUOTED = re.compile(r"「[^」]*」")
# Published data still needing an English rendering in the sources (reported, not hidden): the unit named in the
# basis of one program's ministry. A correction of data/sources/ (make data REPLACE=1), not of the dashboard.
_DATA_LEFTOVERS = ("inferred from the contact address (mlit.go.jp) and the unit 総合政策局モビリティサービス推進課担当",)


def _unmarked(texts) -> list[str]:
    return [t for t in texts if t not in _DATA_LEFTOVERS and JAPANESE.search(_QUOTED.sub("", _without_marked(t)))]


def _japanese_in_charts_and_tables(page) -> tuple[list[str], list[str], int]:
    found = page.evaluate(_TEXTS_JS)
    original = i18n.t("names.original_column", "en", label="")  # " (Japanese original)"
    cells = [text for head, text in found["cells"] if not head.endswith(original)]
    return _unmarked(found["charts"]), _unmarked(cells), len(found["charts"]) + len(found["cells"])


def _open_table_expanders(page) -> None:
    expanders = page.locator('[data-testid="stMain"] [data-testid="stExpander"] details:not([open]) > summary')
    for i in reversed(range(expanders.count())):  # from the last: an opened one does not shift those before it
        summary = expanders.nth(i)
        if summary.is_visible() and not summary.inner_text().strip().endswith(_KEPT_CLOSED):
            summary.click()
    wait_settled(page, quiet_s=0.3)


def test_charts_and_tables_in_english_hold_no_unmarked_japanese(page, base_url):
    problems, drawn = {}, {}
    for spec in PAGES:
        open_page(page, base_url, _with_lang(address(spec)))
        tabs = page.locator('[data-testid="stMain"] [role="tab"]')
        for i in range(max(tabs.count(), 1)):
            if tabs.count():
                tabs.nth(i).click()
                wait_settled(page, quiet_s=0.3)
            _open_table_expanders(page)
            charts, cells, n = _japanese_in_charts_and_tables(page)
            drawn[spec.url_path] = drawn.get(spec.url_path, 0) + n
            if charts or cells:
                problems.setdefault(spec.url_path, []).extend(charts[:5] + cells[:5])
    assert problems == {}
    # The check read what it should: chart text and table cells on the pages that have them.
    for path in ("map", "technologies", "selections", "survey", "program", "data"):
        assert drawn[path] > 20, (path, drawn)


_PRESENT_TEXT_JS = r"""() => {
  const size = (e) => parseFloat(getComputedStyle(e).fontSize);
  const buttons = [...document.querySelectorAll('.st-key-present_nav button')].map(b => {
    const p = b.querySelector('p'), k = b.querySelector('kbd');
    return {label: p.textContent.trim(), key: k ? k.textContent.trim() : null, size: size(p),
            key_size: k ? size(k) : null,
            gap: k ? k.getBoundingClientRect().left - p.getBoundingClientRect().right : null,
            framed: k ? getComputedStyle(k).borderTopStyle !== 'none' : null};
  });
  const footer = [...document.querySelectorAll('.st-key-slide_footer p, .st-key-slide_footer code')]
    .filter(e => e.textContent.trim()).map(size);
  return {buttons, footer};
}"""


@pytest.mark.parametrize("width, height, floor", [(1024, 768, 14), (1920, 1080, 22)])
def test_presenter_view_in_english_reads_cleanly(page, base_url, width, height, floor):
    """The slide buttons read "First" with the key "Home" drawn apart as a key cap (they read "First Home", "Last End"),
    and the footer (source, filters, the QR code note with its commands) is at least the legibility floor: 14 px at
    1024 px (its commands were 10.5 px), 22 px on a 1080p projector (tests/browser/test_legibility.py)."""
    page.set_viewport_size({"width": width, "height": height})
    open_page(page, base_url, "/present?lang=en")
    found = page.evaluate(_PRESENT_TEXT_JS)
    buttons = found["buttons"]
    assert [(b["label"], b["key"]) for b in buttons] == [("First", "Home"), ("Previous", "←"), ("Next", "→"),
                                                          ("Last", "End")]
    assert all(b["gap"] >= 6 and b["framed"] for b in buttons), buttons
    assert min(min(b["size"], b["key_size"]) for b in buttons) >= 14, buttons
    assert found["footer"] and min(found["footer"]) >= floor, found["footer"]


@pytest.mark.parametrize("query", ["", "?lang=en"])
def test_technology_counts_show_each_segments_count(page, base_url, query):
    """The counts inside the technology bars at 1366x768, in both languages: the English chart's bars (75% of a row
    its legend and axis leave lower) were too thin for a count's line, and plotly hid all 20 (scale(0)) while the
    Japanese chart showed them (figures/technology.counts_bar: bars 85% of their row)."""
    open_page(page, base_url, "/technologies" + query)
    texts = page.evaluate("""() => [...document.querySelector('[data-testid="stMain"] .js-plotly-plot')
        .querySelectorAll('.bartext')].map(t => [t.textContent, (t.getAttribute('transform') || '').includes('scale(0)')])""")
    assert len(texts) == 20 and [t for t, hidden in texts if hidden] == [], texts
