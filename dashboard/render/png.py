"""A panel as a 1920×1080 picture (PNG at 2×, or SVG for the PDF handout): the panel's own figure with its
title, the filters in words and the 出典 line drawn into the image, so the file explains itself anywhere.

Rendering is kaleido 1.x driving Debian's Chromium (/usr/bin/chromium, never a downloaded browser) on a page
that loads plotly.js from the installed plotly package with MathJax off: no network request is made.
One kaleido server is kept per process, so only the first picture pays for starting the browser.
"""
from __future__ import annotations

import copy
import os
import re
import threading
from pathlib import Path

import plotly
import plotly.graph_objects as go

from dashboard.chart_style import FONT, TEXT, _at_least, text_units
from dashboard.figures import map as project_map
from dashboard.panels.spec import Context, Output, Panel

from . import captions
from .captions import filter_summary, source_line
from .table import labelled

WIDTH, HEIGHT, SCALE = 1920, 1080, 2
CHROMIUM = os.environ.get("BROWSER_PATH", "/usr/bin/chromium")
PLOTLY_JS = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
MARGIN = {"l": 60, "r": 60, "t": 200, "b": 170}
TEXT_PX = 24  # ≥ 22 px at 1080p, as on the projector
SOURCE_LINE_PX = 28  # a line of the 20 px 出典 annotation
_lock = threading.RLock()
_started = False


def _kaleido():
    """The process's kaleido server, started on first use with the local browser and plotly.js."""
    global _started
    import kaleido  # imported late: pages that never export do not pay for it

    with _lock:
        if not _started:
            import logging
            logging.getLogger("choreographer").setLevel(logging.CRITICAL)  # shutdown noise, not errors
            kaleido.start_sync_server(n=1, path=CHROMIUM, mathjax=False, plotlyjs=PLOTLY_JS, silence_warnings=True)
            _started = True
    return kaleido


def render(fig: go.Figure, fmt: str = "png", *, scale: float = SCALE, width: int = WIDTH,
           height: int = HEIGHT) -> bytes:
    """Bytes of `fig` (sized by sheet(), or `width`×`height` CSS px) as png, svg or pdf."""
    opts = {"format": fmt, "width": width, "height": height}
    if fmt == "png":
        opts["scale"] = scale
    with _lock:  # one browser tab: renders run one at a time
        return _kaleido().calc_fig_sync(fig, opts=opts)


def plain_markdown(text: str) -> str:
    """Our catalogue markdown as plain text: no emphasis marks (bold, and italic such as "*(our translation)*",
    which a picture showed with its stars), no escapes (an escaped star stays a star)."""
    text = re.sub(r"\*\*|__", "", text)
    text = re.sub(r"(?<![\\*])\*(?=\S)([^*\n]*?\S)\*(?!\*)", r"\1", text)
    return re.sub(r"\\(.)", r"\1", text)


def wrap(text: str, width: int) -> str:
    """Line breaks (<br>) so that no line is wider than `width` full-width characters (plotly annotations do not
    wrap): a half-width character counts half. A line breaks at its last space when that leaves it at least half
    full (English), else where it is full (Japanese has no spaces). Counted in characters and cut anywhere, an English 出典 line broke
    inside a word ("Future T" / "echnology") and took three lines, the last cut off under the picture."""
    limit = 2 * width
    lines = []
    for line in text.split("\n"):
        while True:
            used, cut = 0, len(line)
            for i, char in enumerate(line):
                used += text_units(char)
                if used > limit:
                    cut = i
                    break
            if cut == len(line):
                lines.append(line)
                break
            cut = max(cut, 1)  # a line takes at least one character (a width below one full-width character)
            space = line.rfind(" ", 0, cut + 1)
            # at a space that leaves the line at least half full: in Japanese the only space may be the list
            # mark's ("- 項目別では…" broke after its "-")
            if space > 0 and 2 * text_units(line[:space]) >= limit:
                lines.append(line[:space])
                line = line[space + 1:]
            else:
                lines.append(line[:cut])
                line = line[cut:]
            if not line:  # it ended with the break
                break
    return "<br>".join(lines)


def _text_only(fig: go.Figure, panel: Panel, out: Output, ctx: Context) -> None:
    """Panels without a chart: metrics as big numbers, then prose, or the first rows of the table."""
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    notes = []
    n = len(out.metrics)
    for i, metric in enumerate(out.metrics):
        x = (i + 0.5) / n
        notes.append(dict(x=x, y=0.95, text=metric.label, font={"size": 28}, yanchor="top"))
        notes.append(dict(x=x, y=0.80, text=f"<b>{metric.value}</b>", font={"size": 64}, yanchor="top"))
    top = 0.55 if n else 1.0
    lines = "<br>".join(wrap(plain_markdown(p), 70) for p in out.paragraphs).split("<br>")
    if out.paragraphs:
        # Long prose shrinks to fit the page (never under 16 px) and is cut with an ellipsis beyond that.
        room = (HEIGHT - MARGIN["t"] - MARGIN["b"]) * top
        size = max(16, min(TEXT_PX, int(room / (len(lines) * 1.35))))
        fit = int(room / (size * 1.35))
        text = "<br>".join(lines[:fit - 1] + ["…"] if len(lines) > fit else lines)
        notes.append(dict(x=0, y=top, xanchor="left", yanchor="top", align="left", text=text, font={"size": size}))
    elif panel.columns and out.table is not None:
        table = labelled(out.table.head(14), panel.columns, ctx, screen=False)
        fig.add_trace(go.Table(
            header={"values": [f"<b>{c}</b>" for c in table.columns], "font": {"size": 20}, "align": "left"},
            cells={"values": [table[c].astype(str).tolist() for c in table.columns], "font": {"size": 18},
                   "align": "left", "height": 34},
            domain={"y": [0, top - 0.02]}))
    for note in notes:
        note.update(xref="paper", yref="paper", showarrow=False)
        note.setdefault("xanchor", "center")
        fig.add_annotation(**note)


def filter_words(panel: Panel, ctx: Context) -> str:
    """'絞り込み条件: 支援中', or that the panel shows published aggregates the filters do not change."""
    if not panel.uses_filters:
        return ctx.t("export.filters_ignored")
    return ctx.t("export.conditions") + filter_summary(ctx)


def sheet(panel: Panel, out: Output, ctx: Context) -> go.Figure:
    """The panel as one 16:9 page: title and filters above, the chart, 出典 and データ時点 below."""
    fig = copy.deepcopy(out.figure) if out.figure is not None else go.Figure()
    if out.fit_css:  # the map: its names for the widest column only (the page's CSS picks a tier by width)
        fig = project_map.one_width(fig)
    if out.figure is None:
        _text_only(fig, panel, out, ctx)
    else:
        # Projector sizes: the page's figure was styled for a screen column.
        fig.update_xaxes(tickfont_size=TEXT_PX, title_font_size=TEXT_PX)
        fig.update_yaxes(tickfont_size=TEXT_PX, title_font_size=TEXT_PX)
        fig.update_layout(legend_font_size=TEXT_PX)
        _at_least(fig, TEXT_PX)  # bar labels, heatmap cells, notes
        for trace in fig.data:
            if getattr(trace, "textfont", None) is not None and trace.type != "table":
                trace.textfont.size = TEXT_PX
    filters = filter_words(panel, ctx)
    fig.update_layout(
        width=WIDTH, height=HEIGHT, paper_bgcolor="white", plot_bgcolor="white",
        font={"family": FONT, "color": TEXT, "size": TEXT_PX},
        title={"text": f"<b>{ctx.t(panel.title_key)}</b><br><span style='font-size:24px'>{filters}</span>",
               "x": 0.03, "xanchor": "left", "xref": "container", "y": 1, "yref": "container", "yanchor": "top",
               "pad": {"t": 40}, "font": {"size": 40}},
        margin=MARGIN,
    )
    if fig.layout.xaxis.side == "top" and out.figure is not None:
        # Column names above the plot (the heatmaps) need room under the title and filters: slanted at 45°, the
        # longest name ("九州・沖縄（4事業）") ran into the filter line of the PDF handout.
        longest = max((len(str(v)) for trace in fig.data for v in (getattr(trace, "x", None) or ())), default=0)
        slant = abs(fig.layout.xaxis.tickangle or 0) / 90
        fig.update_layout(margin={"t": MARGIN["t"] + int(TEXT_PX * (1.5 + 0.75 * longest * slant))})
    if fig.layout.legend.y is not None and fig.layout.legend.y <= 0:
        # A legend under the plot would sit on the 出典 line: move it to the right.
        fig.update_layout(legend={"x": 1.01, "y": 1, "xanchor": "left", "yanchor": "top", "orientation": "v"})
    source = wrap(source_line(panel.sources, ctx, markdown=False), 80)
    extra = source.count("<br>") - 1  # the bottom margin holds two lines of the 出典 under the axis title
    if extra > 0:
        fig.update_layout(margin={"b": fig.layout.margin.b + SOURCE_LINE_PX * extra})
    fig.add_annotation(text=source, xref="paper", yref="paper",
                       x=0, y=0, xanchor="left", yanchor="top", yshift=-110, align="left", showarrow=False,
                       font={"size": 20, "color": TEXT})
    return fig


def panel_png(panel: Panel, ctx: Context, *, scale: float = SCALE) -> bytes:
    """The panel as a PNG of 1920×1080 CSS px at `scale` (3840×2160 by default)."""
    return render(sheet(panel, captions.build(panel, ctx), ctx), "png", scale=scale)
