"""Shared links of any shape: 1,000 generated URLs never crash a page and never put markup of their own on it.

Every URL is parsed by url_state and opened in AppTest (all 1,000 by default; FUZZ_APPTEST_URLS=n runs a
stratified share for a quick local run). AppTest hands the app already-decoded values, so the generator produces what a
browser can deliver after decoding: repeats, conflicts, unknown values, unicode, control characters,
replacement characters from broken percent-encoding, values up to 5 KB and injection strings.

"Rendered markup" is judged on the markdown source of every text element: outside code spans there must be no
unescaped HTML or link syntax, no bare URL / www. name / e-mail address (Streamlit linkifies those even when
escaped), no emoji or icon shortcode, and nowhere a raw control character.
"""
from __future__ import annotations

import os
import random
import re
import time

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import url_state
from dashboard.filters import STATUSES
from dashboard.query import Database
from dashboard.snapshot import open_snapshot
from tests.apptest_helpers import every_view, lazy_keys, shown_text
from tests.conftest import ROOT

SEED = 20260601
N_URLS = 1000
APPTEST_URLS = int(os.environ.get("FUZZ_APPTEST_URLS", "1000"))
PAGES = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "pages").glob("*_page.py"))
LOADED_FLAG = "_filters_loaded_from_url"  # dashboard.sidebar reads the URL once per session, then sets this

INJECTIONS = [
    "<script>alert(1)</script>", "[x](javascript:alert(1))", "[詳細](javascript:alert(document.cookie))", "**b**",
    "_i_", "~~s~~", "https://evil.example", "see https://evil.example/login", "www.evil.example", "a@evil.example",
    "mailto:a@evil.example", "<img src=x onerror=alert(1)>", "![i](https://evil.example/x.png)", "`code`",
    "```", "# heading", "> quote", "- item", "1. item", "| a | b |", "$x^2$", ":red[x]", ":smile:",
    ":material/home:", "x:material_home:y", "&lt;b&gt;", "&#60;b&#62;", "<https://evil.example>", "\\*x\\*",
    "javascript:alert(1)", "data:text/html,<b>x</b>", "' OR 1=1 --", "${7*7}", "{{7*7}}", "=HYPERLINK(\"x\")",
]
CONTROL = "\x00\x01\x07\x08\t\n\r\x0b\x0c\x1b\x7f\x85\u2028\u2029\u202e\u2066\ufeff"
UNICODE = ["自動運転", "ＡＩ", "２０２０", "近畿", "大阪府", "é", "🗾", "\u0301", "ｱｲ", "\uffff", "\ufffd",
           "Ω≈ç√", "한국어", "עברית"]
PARAMS = ("tech", "fy", "pref", "region", "status", "area", "unknown", "page")


def _vocabulary() -> url_state.Vocabulary:
    db = Database(open_snapshot())
    prefs = db.run("prefecture_options", None)
    return url_state.Vocabulary(
        techs=tuple(db.run("technology_options", None)["technology"]),
        fys=tuple(int(y) for y in db.run("selection_year_options", None)["fiscal_year"]),
        prefs=tuple(int(p) for p in prefs["pref_code"]),
        regions=tuple(dict.fromkeys(prefs["region"])))


def _value(rng: random.Random, name: str, vocab: url_state.Vocabulary) -> str:
    kind = rng.choice(["valid", "valid", "injection", "control", "unicode", "number", "long", "empty", "mixed"])
    if kind == "valid":
        return str(rng.choice({"tech": vocab.techs, "fy": vocab.fys, "pref": [f"{p:02d}" for p in vocab.prefs],
                               "region": vocab.regions, "status": STATUSES + ("all",),
                               "area": ("27216", "01", "27", "13101")}.get(name, ("x",))))
    if kind == "injection":
        return rng.choice(INJECTIONS)
    if kind == "control":
        return "".join(rng.choice(CONTROL + "ab<") for _ in range(rng.randint(1, 8)))
    if kind == "unicode":
        return "".join(rng.choice(UNICODE) for _ in range(rng.randint(1, 4)))
    if kind == "number":
        return rng.choice(["-1", "0", "2020.0", "1e3", " 27", "27 ", "+27", "0027", "99999999999999999999", "NaN"])
    if kind == "long":
        return rng.choice(["x", "あ", "<", "*", "https://evil.example/"]) * rng.randint(61, 5000 // 5)
    if kind == "empty":
        return ""
    return "".join(rng.choice([rng.choice(INJECTIONS), rng.choice(UNICODE), rng.choice(CONTROL), " "])
                   for _ in range(rng.randint(2, 5)))


def generate(vocab: url_state.Vocabulary, n: int = N_URLS, seed: int = SEED) -> list[dict[str, list[str]]]:
    """`n` query-parameter dicts (name -> values, as Streamlit gives them), reproducible from `seed`."""
    rng = random.Random(seed)
    urls = [{"status": ["supported", "ended"]}, {"status": ["ended", "supported"]}, {"status": ["all", "ended"]},
            {"region": ["see https://evil.example/login"]}, {"tech": ["a\x00b\x1bc"]}]
    while len(urls) < n:
        params: dict[str, list[str]] = {}
        for _ in range(rng.randint(1, 6)):
            name = rng.choice(PARAMS)
            params.setdefault(name, []).extend(_value(rng, name, vocab) for _ in range(rng.choice([1, 1, 2, 3])))
        urls.append(params)
    return urls


# --- the oracle ---------------------------------------------------------------------------------------------

_CODE_SPAN = re.compile(r"(?<![`\\])(`+)(.+?)\1(?!`)", re.S)  # code is never linkified or formatted
_UNESCAPED = re.compile(r"(?<!\\)(?:\\\\)*([<>\[\]`*_~$|])")
_AUTOLINK = re.compile(r"(?i)(?:https?://|www\.|mailto:|[\w.+-]+@[\w-]+\.\w)")
_SHORTCODE = re.compile(r":[\w+-]+:|:material")
_CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
TEXT_ELEMENTS = ("markdown", "caption", "warning", "info", "error", "success", "title", "header", "subheader")


def markup_problems(md: str, *, constant_markup: bool) -> list[str]:
    """What in markdown source `md` would format the page or link somewhere, outside code spans.

    `constant_markup`: the element may hold our own constant markup (bold labels, bullet lists), so emphasis
    and list syntax are not flagged; links, HTML, autolinks and shortcodes always are."""
    problems = []
    if _CONTROL.search(md):
        problems.append("raw control character")
    outside = _CODE_SPAN.sub(" ", md)
    if re.search(r"(?<!\\)<", outside):
        problems.append("unescaped <")
    # Our own links to another page of the dashboard with a code (e.g. ./municipality?area=27216) are constant
    # markup; any other link target is not.
    if re.search(r"(?<!\\)\]\((?!\./[a-z_]+\?[a-z_]+=[0-9A-Za-z_-]{1,12}\))", outside) \
            or re.search(r"(?<!\\)!\[", outside):
        problems.append("link or image syntax")
    text = shown_text(outside)
    if _AUTOLINK.search(text):
        problems.append("bare URL / www. / e-mail (linkified)")
    if _SHORTCODE.search(text):
        problems.append("emoji or icon shortcode")
    if not constant_markup:
        problems += [f"unescaped {m.group(1)!r}" for m in _UNESCAPED.finditer(outside)]
    return problems


def _own_documents() -> set[str]:
    """Markdown documents of this repository shown as they are (the data page shows data/README.md)."""
    from dashboard.layout import DATA_CONTRACT, _demoted
    return {_demoted(DATA_CONTRACT.read_text(encoding="utf-8"))} if DATA_CONTRACT.exists() else set()


OWN_DOCUMENTS = _own_documents()


def page_problems(at: AppTest) -> list[str]:
    out = [f"exception: {e.value}" for e in at.exception]
    for kind in TEXT_ELEMENTS:
        for el in at.get(kind):
            if kind == "markdown" and el.proto.allow_html:
                continue  # our own constant HTML (the map legend, presenter-mode CSS)
            value = el.value if isinstance(el.value, str) else str(el.proto.body)
            if value in OWN_DOCUMENTS:
                continue
            # Notices quote the URL: no markup at all. Other elements may hold our constant bold/list markup.
            for p in markup_problems(value, constant_markup=kind != "warning"):
                out.append(f"{kind}: {p}: {value[:200]!r}")
    return out


# --- tests --------------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def vocab() -> url_state.Vocabulary:
    return _vocabulary()


@pytest.fixture(scope="module")
def urls(vocab) -> list[dict[str, list[str]]]:
    return generate(vocab)


def test_the_oracle_sees_links_markup_and_control_characters():
    """The checks below would catch what the old escaping let through."""
    old_escape = "see https\\://evil\\.example/login"  # escaped, yet Streamlit linkifies it
    assert markup_problems(old_escape, constant_markup=True) == ["bare URL / www. / e-mail (linkified)"]
    assert markup_problems("[x](javascript:1)", constant_markup=True) == ["link or image syntax"]
    assert markup_problems("[x](./municipality?area=javascript:1)", constant_markup=True) == ["link or image syntax"]
    assert markup_problems("[栃木県](./municipality?area=09)", constant_markup=True) == []
    assert markup_problems("a<b>", constant_markup=True) == ["unescaped <"]
    assert markup_problems("**b**", constant_markup=False) == ["unescaped '*'"] * 4
    assert markup_problems("tech=a\x00b", constant_markup=False) == ["raw control character"]
    assert markup_problems("\\:material\\_home\\:", constant_markup=True) == ["emoji or icon shortcode"]
    assert markup_problems("tech=` https://evil.example <b> `", constant_markup=False) == []


def test_every_generated_url_parses_to_a_state_the_sidebar_can_show(urls, vocab):
    assert len(urls) == N_URLS
    status_choices = {("supported",), ("ended",), ()}
    for params in urls:
        parsed = url_state.parse({k: v for k, v in params.items() if k in url_state.FILTER_PARAMS}, vocab)
        f = parsed.filters
        assert f.statuses in status_choices, params
        assert set(f.techs) <= set(vocab.techs) and set(f.fys) <= set(vocab.fys)
        assert set(f.prefs) <= set(vocab.prefs) and set(f.regions) <= set(vocab.regions)
        # the canonical URL of the state reads back as the same state, without notices
        again = url_state.parse(url_state.to_params(f), vocab)
        assert again.filters == f and again.dropped == []
        for name, value in parsed.dropped:
            notice = f"{name}={url_state.shown(value)}"
            assert markup_problems(notice, constant_markup=False) == [], (value, notice)
            assert len(shown_text(notice)) < len(name) + url_state.MAX_VALUE_CHARS * 4 + 20


def _stratified(urls: list, n: int) -> list[tuple[str, dict]]:
    """`n` of the URLs, the first five (the issue's cases) always, the others evenly spread, each on a page in
    turn so that every page sees every kind of URL."""
    chosen = urls[:5] + urls[5::max(1, (len(urls) - 5) // max(1, n - 5))][:n - 5]
    return [(PAGES[i % len(PAGES)], params) for i, params in enumerate(chosen)]


def _opened(page: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_generated_urls_open_every_page_without_exception_or_markup(urls):
    """One AppTest per page, reused: each URL is a new 'first visit' (the sidebar's read-once flag is cleared)."""
    started = time.monotonic()
    by_page: dict[str, list[dict]] = {}
    for page, params in _stratified(urls, APPTEST_URLS):
        by_page.setdefault(page, []).append(params)
    assert set(by_page) == set(PAGES)
    failures, runs = [], 0
    for page, url_list in by_page.items():
        at = _opened(page)
        for params in url_list:
            for name in list(at.query_params):
                del at.query_params[name]
            for name, values in params.items():
                at.query_params[name] = values
            if LOADED_FLAG in at.session_state:
                del at.session_state[LOADED_FLAG]
            at.run()
            runs += 1
            # A page that draws only its open tab (the data page) is checked on every tab, as a reader can open them.
            views = every_view(at) if lazy_keys(at)[1] else [at]
            problems = [problem for view in views for problem in page_problems(view)]
            if problems:
                failures.append((page, params, problems[:3]))
                at = _opened(page)  # start clean after a failure
    elapsed = time.monotonic() - started
    print(f"\n{runs} URLs opened in AppTest across {len(by_page)} pages in {elapsed:.0f} s")
    assert failures == [], failures[:5]
