"""The suite's own guards work: a request leaving localhost, a JavaScript dialog and a blank canvas are caught."""
from __future__ import annotations

import io

import pytest
from PIL import Image, ImageDraw

from .streamlit_browser import VIEWPORT, BrowserRecorder, is_local
from .test_map_canvas import MIN_DISTINCT_COLOURS, MIN_INK_SHARE, canvas_stats


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


def _png(draw) -> bytes:
    """A 400x300 PNG, drawn at 4x and scaled down so edges are anti-aliased like a real canvas."""
    image = Image.new("RGB", (1600, 1200), "white")
    draw(ImageDraw.Draw(image))
    out = io.BytesIO()
    image.resize((400, 300), Image.Resampling.LANCZOS).save(out, "PNG")
    return out.getvalue()


def test_canvas_check_tells_blank_from_drawn():
    blank_colours, blank_ink = canvas_stats(_png(lambda d: None))
    assert blank_colours < MIN_DISTINCT_COLOURS and blank_ink < MIN_INK_SHARE
    drawn_colours, drawn_ink = canvas_stats(_png(lambda d: [d.ellipse((160 + 120 * i, 160, 360 + 120 * i, 360),
                                                                      fill=(0, 114, 178), outline=(213, 94, 0), width=8)
                                                            for i in range(8)]))
    assert drawn_colours >= MIN_DISTINCT_COLOURS and drawn_ink >= MIN_INK_SHARE
