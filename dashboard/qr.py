"""QR codes that open a slide's view (its page, with its filters) on the dashboard, for the audience's phones.

The public base URL is configuration, not a guess: the server's own address is usually localhost or a
hall-internal name that phones cannot reach. It comes from MIRAI_PUBLIC_URL, which
`python -m dashboard.serve --public-url https://…` sets; without it the slide shows no QR and says how to
set it. No Streamlit here (exports draw the same codes).
"""
from __future__ import annotations

import io
import os
from urllib.parse import urlsplit

import segno

from .filters import Filters
from .page_registry import address, by_path

ENV = "MIRAI_PUBLIC_URL"
# Panels are declared per page in dashboard/panels/<module>.py; the module names the page that shows them.
PAGE_OF_MODULE = {"overview": "home", "technology": "technologies", "selections": "selections", "survey": "survey",
                  "program": "program", "municipality": "municipality", "map": "map"}


def public_base(value: str | None = None) -> str | None:
    """The configured public base URL without a trailing slash, or None when unset or not an http(s) URL."""
    value = (os.environ.get(ENV, "") if value is None else value).strip()
    if not value:
        return None
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        return None
    return value.rstrip("/")


def page_path(panel_id: str) -> str:
    """The address of the page that shows `panel_id` ('/' for the overview)."""
    from .panels import PANELS
    module = PANELS[panel_id].build.__module__.rsplit(".", 1)[-1]
    return address(by_path(PAGE_OF_MODULE.get(module, "home")))


def view_url(base: str, panel_id: str, filters: Filters, as_of: str | None = None) -> str:
    """The dashboard view of a slide: the panel's page with the slide's filters (and its データ時点 `asof` when
    it is not the latest), under the public base URL."""
    from urllib.parse import urlencode

    from .decks import Slide
    query = "&".join(q for q in (Slide(panel_id, filters).url_query, urlencode({"asof": as_of}) if as_of else "") if q)
    return base + page_path(panel_id) + (f"?{query}" if query else "")


# On screen the code is drawn at a whole number of pixels per module (theme.qr_css), so every module is a sharp
# square: a code shrunk to fit (7.4vw, 76-142 px) was resampled into grey and did not decode from a screenshot at
# 1024x768 nor, with a filtered link (version 7), at 1366x768. Two modules of quiet zone in the image; the slide's
# white footer around it makes up the standard's four.
SCREEN_BORDER = 2


def screen_png(url: str) -> tuple[bytes, int]:
    """The QR code of `url` at one pixel per module (the browser enlarges it without smoothing) and its width in
    modules, quiet zone included."""
    code = segno.make_qr(url, error="m")
    buffer = io.BytesIO()
    code.save(buffer, kind="png", scale=1, border=SCREEN_BORDER, dark="#000000", light="#ffffff")
    return buffer.getvalue(), code.symbol_size(scale=1, border=SCREEN_BORDER)[0]


def png(url: str, *, scale: int = 8) -> bytes:
    """The QR code of `url` as PNG bytes (error correction M, quiet zone of 4 modules as the standard asks)."""
    buffer = io.BytesIO()
    segno.make_qr(url, error="m").save(buffer, kind="png", scale=scale, border=4, dark="#000000", light="#ffffff")
    return buffer.getvalue()
