"""The suite's own guards work: a request leaving localhost and a JavaScript dialog are caught.

(The map is a plotly figure now, checked through its SVG in test_map_canvas.py; no canvas check is left.)"""
from __future__ import annotations

import pytest

from .streamlit_browser import VIEWPORT, BrowserRecorder, is_local


@pytest.mark.parametrize(("url", "local"), [
    ("http://localhost:8501/_stcore/health", True),
    ("ws://127.0.0.1:8501/_stcore/stream", True),
    ("data:image/png;base64,AAAA", True),
    ("blob:http://localhost:8501/0a1b", True),
    ("about:blank", True),
    ("https://basemaps.cartocdn.com/gl/positron-gl-style/style.json", False),
    ("http://localhost.example.com/", False),
    ("https://fonts.googleapis.com/css", False),
])
def test_is_local(url, local):
    assert is_local(url) is local


def test_recorder_catches_foreign_requests_and_dialogs(browser):
    context = browser.new_context(viewport=VIEWPORT)
    try:
        page = context.new_page()
        recorder = BrowserRecorder()
        recorder.attach(context, page)
        page.set_content("<p>guard check</p>")
        outcome = page.evaluate("() => fetch('https://example.com/x').then(() => 'fetched', () => 'blocked')")
        page.evaluate("() => alert('hello')")
        assert outcome == "blocked"
        assert recorder.foreign_requests() == ["https://example.com/x"]
        assert recorder.dialogs == ["alert: hello"]
        assert len(recorder.problems()) == 2
    finally:
        context.close()
