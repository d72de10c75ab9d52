"""100 generated shared links in Chromium: no error box, no dialog, and no link, image or HTML from the URL.

The URLs come from the same seeded generator as tests/test_url_fuzz.py (percent-encoded as a browser sends
them), plus raw query strings with broken percent-encoding. Each is a fresh page load, i.e. a new session
that reads the URL.
"""
from __future__ import annotations

import os
import re
import time
from urllib.parse import quote, urlencode

from . import streamlit_browser
from .streamlit_browser import page_errors

N_URLS = int(os.environ.get("FUZZ_BROWSER_URLS", "100"))
PATHS = ["/", "/map", "/technologies", "/selections", "/survey", "/program", "/municipality", "/data"]
RAW_QUERIES = ["tech=%E8%87%AA%E5%8B%95", "tech=%zz%", "region=%E3%81", "status=supported&status=ended",
               "status=ended&status=supported&status=all", "tech=%00%1B%5B31m", "region=see%20https://evil.example/login",
               "area=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E", "tech=" + "%E3%81%82" * 1500]

# What the URL could have put on the page: any anchor, image or formatting inside a warning (URL notices are
# warnings and hold no markup of ours), and anywhere in alerts, markdown and captions an anchor to a script,
# data, mail or foreign address, or an embedded element. Our own links are relative (e.g. reference/…) or '#…'.
_FOREIGN_MARKUP_JS = r"""() => {
  const out = [];
  for (const box of document.querySelectorAll('[data-testid="stMain"] [data-testid="stAlertContentWarning"]')) {
    for (const el of box.querySelectorAll('a, img, strong, em, del, h1, h2, h3, ul, ol, blockquote, table')) {
      out.push('in a notice: ' + el.outerHTML.slice(0, 200));
    }
  }
  const scope = '[data-testid="stMain"] [data-testid="stAlert"], [data-testid="stMain"] [data-testid="stMarkdown"], '
              + '[data-testid="stMain"] [data-testid="stCaptionContainer"]';
  for (const box of document.querySelectorAll(scope)) {
    for (const a of box.querySelectorAll('a[href]')) {
      const href = a.getAttribute('href');
      if (/^\s*(javascript|data|vbscript|mailto|https?):|^\s*\/\/|evil/i.test(href)) out.push('a: ' + a.outerHTML.slice(0, 200));
    }
    for (const el of box.querySelectorAll('img, script, iframe, object, embed')) {
      out.push(el.tagName + ': ' + el.outerHTML.slice(0, 200));
    }
  }
  return out;
}"""


# streamlit_browser._SIGNATURE_JS without waiting for Plotly to draw: error boxes, dialogs and notices do not
# depend on charts, and drawing them costs seconds per page on a busy machine. The timeout is generous: on a
# loaded 2-core machine a single page load took 20-48 s.
_SIGNATURE_JS = re.sub(r"for \(const chart of[^}]*}", "", streamlit_browser._SIGNATURE_JS)


def _settle(page, base_url: str, path: str, *, timeout_s: float = 90, quiet_s: float = 0.3) -> None:
    page.goto(base_url + path, wait_until="domcontentloaded")
    deadline, last, since = time.monotonic() + timeout_s, None, time.monotonic()
    while time.monotonic() < deadline:
        signature, now = page.evaluate(_SIGNATURE_JS), time.monotonic()
        if signature is not None and signature == last:
            if now - since >= quiet_s:
                return
        else:
            last, since = signature, now
        page.wait_for_timeout(100)
    raise AssertionError(f"{path[:200]} did not settle within {timeout_s} s")


def _queries() -> list[str]:
    from tests.test_url_fuzz import _vocabulary, generate

    generated = generate(_vocabulary())
    # the cases first, then an even spread of the generated URLs
    step = max(1, len(generated) // N_URLS)
    queries = RAW_QUERIES + [urlencode([(k, v) for k, vs in params.items() for v in vs], quote_via=quote)
                             for params in generated[::step]]
    return queries[:N_URLS]


def test_generated_urls_show_no_error_dialog_or_foreign_markup(page, base_url):
    started = time.monotonic()
    problems = []
    queries = _queries()
    for i, query in enumerate(queries):
        path = f"{PATHS[i % len(PATHS)]}?{query}"
        _settle(page, base_url, path)
        found = page_errors(page) + page.evaluate(_FOREIGN_MARKUP_JS)
        if found:
            problems.append((path[:200], found[:3]))
    elapsed = time.monotonic() - started
    print(f"\n{len(queries)} URLs opened in Chromium in {elapsed:.0f} s")
    assert problems == [], problems[:5]
    # dialogs are failed by the conftest guard (BrowserRecorder): every alert() would be recorded
