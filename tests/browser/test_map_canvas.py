"""The deck.gl map actually draws something (WebGL runs on SwiftShader in headless Chromium)."""
from __future__ import annotations

import io
import time

import pytest
from PIL import Image

from .streamlit_browser import SCREENSHOTS, is_placeholder, open_page, page_errors

CANVAS = '[data-testid="stDeckGlJsonChart"] canvas, [data-testid="stMain"] canvas'
MIN_DISTINCT_COLOURS = 20
MIN_INK_SHARE = 0.005  # at least 0.5 % of the pixels differ clearly from the background colour
DRAW_TIMEOUT_S = 20


def canvas_stats(png: bytes) -> tuple[int, float]:
    """(distinct colours, share of "ink") of a PNG screenshot; ink = pixels clearly unlike the
    most common colour (the background, white or not)."""
    image = Image.open(io.BytesIO(png)).convert("RGB")
    colours = image.getcolors(maxcolors=image.width * image.height)
    background = max(colours)[1]
    ink = sum(count for count, rgb in colours if max(abs(a - b) for a, b in zip(rgb, background)) > 24)
    return len(colours), ink / (image.width * image.height)


def test_map_canvas_is_not_blank(page, base_url):
    open_page(page, base_url, "/map")
    if is_placeholder(page):
        pytest.skip("the map page is still the 「準備中」 placeholder")
    assert page_errors(page) == []

    canvas = page.locator(CANVAS).first
    canvas.wait_for(state="visible", timeout=30_000)
    canvas.evaluate("element => element.scrollIntoView({block: 'center'})")  # clear of the sticky header
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    deadline = time.monotonic() + DRAW_TIMEOUT_S
    while True:  # deck.gl draws on animation frames after its data arrives: poll until it has drawn
        png = canvas.screenshot(path=SCREENSHOTS / "map-canvas.png")
        distinct, ink = canvas_stats(png)
        if (distinct >= MIN_DISTINCT_COLOURS and ink >= MIN_INK_SHARE) or time.monotonic() > deadline:
            break
        page.wait_for_timeout(500)
    assert distinct >= MIN_DISTINCT_COLOURS, f"the map canvas has only {distinct} colour(s): blank?"
    assert ink >= MIN_INK_SHARE, f"only {ink:.2%} of the map canvas differs from its background: blank?"
