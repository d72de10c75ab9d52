"""A deck as a PDF handout: one panel per 16:9 page, vector text with the Japanese fonts embedded.

Each page is png.sheet() (title, filters, chart, 出典 and データ時点) rendered by kaleido as SVG, so text stays
text; the pages are laid into one local HTML file and printed by Debian's Chromium (headless
--print-to-pdf), which embeds the fonts it used. No PDF library, no network: the page has no external
reference and the browser runs with its background networking off.

The font: Chromium's PDF backend (Skia) cannot embed a CFF-outline OpenType font such as Noto Sans CJK as a
CID font; it draws each glyph as an unnamed Type 3 font instead (pdffonts: "[none] Type 3"), which some
viewers and printers render poorly and text-to-speech or PDF/A checks refuse. A TrueType-outline Japanese font
is embedded as a named CIDFontType2 subset, so the handout is laid out and printed in Morisawa's BIZ UDPGothic
(Debian's fonts-morisawa-bizud-gothic, installed by `make system-packages`): TrueType outlines and a real Bold
(a synthetic bold, e.g. of IPAex Gothic, is drawn as Type 3 again). Noto stays the fallback where it is missing.
"""
from __future__ import annotations

import re
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

import plotly.graph_objects as go

from dashboard.panels.spec import Context, Panel

from . import captions, png

# TrueType outlines with a Bold (embedded as named CID fonts), then the screen's font as a fallback.
PDF_FONT = "BIZ UDPGothic, Noto Sans CJK JP, sans-serif"
_PAGE = f"""<!DOCTYPE html><html><head><meta charset="utf-8"><style>
@page {{ size: {png.WIDTH}px {png.HEIGHT}px; margin: 0; }}
html, body {{ margin: 0; padding: 0; }}
svg text, svg tspan {{ font-family: {PDF_FONT} !important; }}
.page {{ width: {png.WIDTH}px; height: {png.HEIGHT}px; overflow: hidden; break-after: page; }}
.page:last-child {{ break-after: auto; }}
</style></head><body>
"""
CHROMIUM_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--disable-default-apps", "--disable-extensions", "--metrics-recording-only", "--mute-audio")


def with_font(fig: go.Figure, family: str = PDF_FONT) -> go.Figure:
    """`fig` with every font family set to `family`, so kaleido lays the text out (widths, margins, label
    positions) with the font the PDF will embed; a font swapped in afterwards would overflow its places."""
    def walk(node):
        if isinstance(node, dict):
            return {k: family if k == "family" and isinstance(v, str) else walk(v) for k, v in node.items()}
        if isinstance(node, list):
            return [walk(item) for item in node]
        return node
    return go.Figure(walk(fig.to_plotly_json()))


def _svg(panel: Panel, ctx: Context) -> str:
    data = png.render(with_font(png.sheet(panel, captions.build(panel, ctx), ctx)), "svg").decode("utf-8")
    return re.sub(r"^<\?xml[^>]*>\s*", "", data)


def deck_pdf(slides: Sequence[tuple[Panel, Context]]) -> bytes:
    """The PDF handout of (panel, context) pages, in order."""
    pages = "".join(f'<div class="page">{_svg(panel, ctx)}</div>\n' for panel, ctx in slides)
    with tempfile.TemporaryDirectory(prefix="handout-") as tmp:
        html, out = Path(tmp) / "handout.html", Path(tmp) / "handout.pdf"
        html.write_text(_PAGE + pages + "</body></html>", encoding="utf-8")
        subprocess.run([png.CHROMIUM, *CHROMIUM_FLAGS, f"--user-data-dir={tmp}/profile", f"--print-to-pdf={out}",
                        html.as_uri()], check=True, capture_output=True, timeout=120)
        return out.read_bytes()


def panel_pdf(panel: Panel, ctx: Context) -> bytes:
    return deck_pdf([(panel, ctx)])
