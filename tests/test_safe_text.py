"""dashboard/safe_text.py, and text from the data shown as text on the pages that quote source documents."""
from __future__ import annotations

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from dashboard import data
from dashboard.render import shown
from dashboard.safe_text import code_span, plain, visible
from tests.apptest_helpers import every_view, shown_text
from tests.conftest import ROOT
from tests.test_url_fuzz import TEXT_ELEMENTS, markup_problems

SAMPLES = ["**x**", "[詳細](javascript:alert(1))", "<img src=x onerror=alert(1)>", "see https://evil.example/login",
           "www.evil.example", "a@evil.example", ":smile:", ":material/home:", "x:material_home:y", "`a` ``b``",
           "# h", "1. x", "| a |", "$x$", ":red[x]", "R2 (2020)", "自動運転、ロボット", "a\\b"]


@pytest.mark.parametrize("text", SAMPLES)
def test_plain_shows_text_exactly_without_markup(text):
    md = plain(text)
    assert shown_text(md) == text
    assert markup_problems(md, constant_markup=False) == []


def test_plain_keeps_japanese_and_escapes_ascii_punctuation():
    assert plain("自動運転（AI）") == "自動運転（AI）"
    assert plain("a*b_[c](d)<e>") == "a\\*b\\_\\[c\\]\\(d\\)\\<e\\>"
    assert plain("see https://evil.example/x") == "see ` https://evil.example/x `"


def test_control_characters_become_visible_escapes():
    assert visible("a\x00b\x1bc\u202ed\n") == "a\\x00b\\x1bc\\u202ed\\x0a"
    assert shown_text(plain("a\x00b")) == "a\\x00b" and "\x00" not in plain("a\x00b")
    assert shown_text(code_span("\x1b[31m")) == "\\x1b[31m"


def test_code_span_holds_backticks_and_never_the_icon_prefix():
    assert code_span("a`b") == "`` a`b ``"
    assert ":material/" not in code_span("x:material/home:")
    assert shown_text(code_span("x:material/home:")) == "x:material/home:"


# --- data text on the pages ---------------------------------------------------------------------------------

INJECTED = " [詳細](javascript:alert(1)) **x** <b>y</b> https://evil.example/ a@evil.example :material/home:"
# Text columns the pages quote from the source documents (not the filter vocabulary, which the URL is checked against)
TEXT_COLUMNS = {"fact_text", "title", "publisher", "as_of_basis", "venue", "participants_text", "event_date_text",
                "day_label", "program", "budget_text", "budget_note", "ministry", "member", "council", "role",
                "note_text", "item_label", "survey", "base_unit", "qualifier_text"}
PAGES = ["pages/program_page.py", "pages/survey_page.py", "pages/selections_page.py", "pages/data_page.py"]


@pytest.fixture
def hostile_data(monkeypatch):
    """Every quoted text in the snapshot ends with links, bold, HTML, a bare URL, an address and an icon code."""
    original = data.run

    def run(name, filters=None, **params):
        df = original(name, filters, **params)
        if not isinstance(df, pd.DataFrame):
            return df
        df = df.copy()
        for column in TEXT_COLUMNS & set(df.columns):
            df[column] = df[column].map(lambda v: v + INJECTED if isinstance(v, str) and v else v)
        return df

    monkeypatch.setattr(data, "run", run)
    # Panels and page tables built by earlier tests are kept per process (render/shown.py): start without them, and
    # leave none built from these texts behind.
    shown.clear()
    yield
    shown.clear()


@pytest.mark.parametrize("page", PAGES)
def test_text_from_the_data_is_shown_as_text(hostile_data, page):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    shown = 0
    for view in every_view(at):  # every tab and every expander or menu drawn only when opened
        for kind in TEXT_ELEMENTS:
            for el in view.get(kind):
                value = el.value
                if kind == "markdown" and (el.proto.allow_html or value.startswith("#")):
                    continue  # our own HTML / the repository's data/README.md
                assert markup_problems(value, constant_markup=True) == [], (kind, value[:300])
                assert "**x**" not in value, (kind, value[:300])  # escaped: \*\*x\*\*
                shown += value.count("javascript")
    assert shown > 0, "the injected text should be on the page (as text)"
