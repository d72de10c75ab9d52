"""Fixtures of the browser tests: one Streamlit server and one Chromium for the session, a fresh
browser context (= a fresh Streamlit session) per test, and a guard that fails any test whose
page requested something other than localhost or opened a dialog.

Run alone with `.venv/bin/python -m pytest -q tests/browser`; screenshots land in
artifacts/screenshots/ and server logs in artifacts/logs/ (both git-ignored).
"""
from __future__ import annotations

from pathlib import Path

import pytest

from .streamlit_browser import (CHROMIUM, VIEWPORT, BrowserRecorder, StreamlitServer, launch_chromium,
                                running_server, warm_up)

_RECORDER = "_browser_recorder"


def pytest_collection_modifyitems(config, items):
    if not Path(CHROMIUM).exists():
        skip = pytest.mark.skip(reason=f"{CHROMIUM} is missing: run `make system-packages`")
        for item in items:
            if "tests/browser/" in item.nodeid.replace("\\", "/"):
                item.add_marker(skip)


@pytest.fixture(scope="session")
def streamlit_server():
    """The app as `make run` serves it (environment passed through untouched)."""
    with running_server("session") as server:
        yield server


@pytest.fixture(scope="session")
def base_url(streamlit_server: StreamlitServer, browser) -> str:
    """The shared server's URL, after one warm-up visit (see streamlit_browser.warm_up)."""
    warm_up(browser, streamlit_server.base_url)
    return streamlit_server.base_url


@pytest.fixture
def fresh_server(request):
    """A server started just for this test, so the test's first browser session is its first.

    Started as `make run` does unless the test is parametrized indirectly with another launcher."""
    launcher = getattr(request, "param", "serve")
    with running_server(f"fresh-{request.node.name}", launcher=launcher) as server:
        yield server


@pytest.fixture(scope="session")
def browser():
    playwright, browser = launch_chromium()
    yield browser
    browser.close()
    playwright.stop()


@pytest.fixture
def page(browser, request):
    """A new browser context and page (1366x768, ja-JP); its requests and dialogs are recorded."""
    context = browser.new_context(viewport=VIEWPORT, locale="ja-JP", timezone_id="Asia/Tokyo")
    context.set_default_timeout(30_000)
    page = context.new_page()
    recorder = BrowserRecorder()
    recorder.attach(context, page)
    setattr(request.node, _RECORDER, recorder)
    yield page
    context.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    """Fail the test (not just its teardown) when its page reached outside localhost or opened a dialog."""
    result = yield
    recorder: BrowserRecorder | None = getattr(item, _RECORDER, None)
    if recorder is not None:
        problems = recorder.problems()
        if problems:
            raise AssertionError("the browser must stay on localhost and open no JavaScript dialog:\n  " + "\n  ".join(problems))
    return result
