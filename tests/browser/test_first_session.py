"""The first browser session after the server starts.

Streamlit 1.67 runs the very first script run of a server process in legacy `pages/` mode (see the
comment in app.py). That once lost the first click on a sidebar filter; app.py now restarts that
run, and the first test guards it. The restart cannot undo what Streamlit does before app.py runs:
under a plain `streamlit run`, a shared deep link opened by that first session got a "Page not
found" modal. `make run` starts the server through dashboard/serve.py, which switches the legacy
mode off first; the deep-link test runs the server that way.
Each test needs a server nobody has visited yet, hence its own server process.
"""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .streamlit_browser import choose, match_count, open_page, page_errors, selected_values
from .test_url_state import FY, JIDOU_UNTEN, TECH, TECH_IN_URL


@pytest.mark.parametrize("fresh_server", ["serve", "streamlit-run"], indirect=True)
def test_first_session_keeps_its_first_click(fresh_server, page):
    open_page(page, fresh_server.base_url, "/")
    expect(match_count(page)).to_have_text("45 / 45 事業")

    choose(page, TECH, JIDOU_UNTEN)
    expect(match_count(page)).to_have_text("27 / 45 事業")
    assert selected_values(page, TECH) == [JIDOU_UNTEN]
    assert TECH_IN_URL in page.url

    choose(page, FY, "R2 (2020)")
    expect(match_count(page)).to_have_text("9 / 45 事業")
    assert selected_values(page, TECH) == [JIDOU_UNTEN]
    assert selected_values(page, FY) == ["R2 (2020)"]
    assert TECH_IN_URL in page.url and "fy=2020" in page.url
    assert page_errors(page) == []


def test_first_session_opening_a_shared_deep_link(fresh_server, page):
    open_page(page, fresh_server.base_url, "/technologies?tech=自動運転&fy=2020")

    assert page_errors(page) == [], "the first visitor of a shared link sees an error or a dialog"
    expect(match_count(page)).to_have_text("9 / 45 事業")
    assert selected_values(page, TECH) == [JIDOU_UNTEN]
