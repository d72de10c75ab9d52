"""A deck as a PowerPoint file: one 16:9 slide per panel with native, editable charts.

Bar, stacked bar and line charts are python-pptx chart objects holding the query's numbers (taken from the
panel's plotly traces, which are built from the query results), so a presenter can restyle or re-read them;
heatmaps become native tables, anything else (the map, a timeline) a picture rendered by png.py. Every slide
has its title, the filters in words and a footer with 出典, データ時点 and the slide number. The East Asian
font is set in the theme and in every run (<a:ea typeface="Noto Sans CJK JP">), so Japanese shows in
PowerPoint and LibreOffice alike.
"""
from __future__ import annotations

import copy
import io
import math
import re
from collections.abc import Sequence

import plotly.graph_objects as go
from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION
from pptx.enum.text import PP_ALIGN
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.oxml.ns import qn
from pptx.oxml.xmlchemy import OxmlElement
from pptx.util import Emu, Inches, Pt

from dashboard.chart_style import PALETTE
from dashboard.figures import map as project_map
from dashboard.panels.spec import Context, Output, Panel

from . import captions, png
from .captions import source_line
from .table import labelled

EA_FONT = "Noto Sans CJK JP"
WIDTH, HEIGHT = Emu(12192000), Emu(6858000)  # 16:9, 13.333 × 7.5 in
BODY_TOP, BODY_BOTTOM = Inches(1.45), Inches(6.55)
MARGIN = Inches(0.5)
DARK = RGBColor(0x1A, 0x1A, 0x1A)


# ---- chart data from the panel's figure ---------------------------------------------------------------

def _label(value) -> str:
    """A category as text: plotly line breaks become spaces, markup is dropped."""
    text = re.sub(r"<br\s*/?>", " ", str(value))
    return re.sub(r"<[^>]+>", "", text).strip()


def _number(value):
    if value is None:
        return None
    number = float(value)
    return None if math.isnan(number) else number


def chart_series(fig: go.Figure, default_name: str = "") -> tuple[str, list[str], list[tuple[str, list]]] | None:
    """(kind, categories, [(series name, values)]) of a bar/stacked bar/line figure, or None when the figure
    is something a category chart cannot hold (a map, a timeline of bars with a base, a scatter of points).

    kind is 'bar_h', 'bar_v', 'stack_h', 'stack_v' or 'line'. Unnamed text-only scatter traces are the
    totals printed beside stacked bars: they repeat the bars' sums and are left out."""
    bars, lines, horizontal = [], [], False
    # Numeric positions with tick labels (ticktext) are shown by their labels.
    names = {}
    for axis in (fig.layout.xaxis, fig.layout.yaxis):
        if axis.tickvals is not None and axis.ticktext is not None:
            names.update({_label(v): t for v, t in zip(axis.tickvals, axis.ticktext)})
    for trace in fig.data:
        if trace.type == "bar":
            if trace.base is not None:
                return None
            horizontal = trace.orientation == "h"
            cats, vals = (trace.y, trace.x) if horizontal else (trace.x, trace.y)
            bars.append((trace.name or default_name, cats, vals))
        elif trace.type == "scatter" and trace.mode and "lines" in trace.mode and trace.name:
            lines.append((trace.name, trace.x, trace.y))
        elif trace.type == "scatter" and (trace.mode == "text" or not trace.name) and len(trace.x if trace.x is not None else ()) <= 60:
            continue
        else:
            return None
    if not bars and not lines:
        return None
    stacked = fig.layout.barmode in ("stack", "relative")
    series = bars + ([] if stacked and bars else lines)
    categories: list[str] = []
    for _, cats, _ in series:
        for c in cats:
            if _label(c) not in categories:
                categories.append(_label(c))
    shown = [_label(names.get(c, c)) for c in categories]
    out = []
    for name, cats, vals in series:
        by_cat = {_label(c): _number(v) for c, v in zip(cats, vals)}
        out.append((_label(name), [by_cat.get(c) for c in categories]))
    kind = "line" if not bars else ("stack_" if stacked else "bar_") + ("h" if horizontal else "v")
    return kind, shown, out


_KINDS = {"bar_h": XL_CHART_TYPE.BAR_CLUSTERED, "bar_v": XL_CHART_TYPE.COLUMN_CLUSTERED,
          "stack_h": XL_CHART_TYPE.BAR_STACKED, "stack_v": XL_CHART_TYPE.COLUMN_STACKED,
          "line": XL_CHART_TYPE.LINE_MARKERS}


# ---- text with the Japanese font ----------------------------------------------------------------------

def _ea(font) -> None:
    """Set latin and East Asian typefaces of a python-pptx Font (its <a:rPr>/<a:defRPr>)."""
    font.name = EA_FONT
    rpr = font._rPr if hasattr(font, "_rPr") else font._element
    latin = rpr.find(qn("a:latin"))
    ea = rpr.find(qn("a:ea"))
    if ea is None:
        ea = OxmlElement("a:ea")
        latin.addnext(ea)
    ea.set("typeface", EA_FONT)


def _text(slide, left, top, width, height, paragraphs: Sequence[str], *, size: int, bold: bool = False,
          name: str | None = None, align=None):
    box = slide.shapes.add_textbox(left, top, width, height)
    if name:
        box.name = name
    frame = box.text_frame
    frame.word_wrap = True
    for i, text in enumerate(paragraphs):
        para = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        if align is not None:
            para.alignment = align
        run = para.add_run()
        run.text = text
        run.font.size = Pt(size)
        run.font.bold = bold
        run.font.color.rgb = DARK
        _ea(run.font)
    return box


def _theme_fonts(prs) -> None:
    """East Asian theme fonts, so text typed later in PowerPoint is Japanese-capable too."""
    theme = prs.slide_masters[0].part.part_related_by(RT.THEME)
    blob = theme.blob.decode("utf-8")
    blob = re.sub(r'<a:ea typeface="[^"]*"\s*/>', f'<a:ea typeface="{EA_FONT}"/>', blob)
    theme._blob = blob.encode("utf-8")


# ---- the slide body -----------------------------------------------------------------------------------

def _chart(slide, panel: Panel, fig: go.Figure, ctx: Context, box) -> bool:
    data = chart_series(fig, ctx.t(panel.title_key))
    if data is None:
        return False
    kind, categories, series = data
    chart_data = CategoryChartData()
    chart_data.categories = categories
    for name, values in series:
        chart_data.add_series(name, values)
    shape = slide.shapes.add_chart(_KINDS[kind], *box, chart_data)
    shape.name = f"chart_{panel.id}"
    chart = shape.chart
    chart.font.size = Pt(14)
    _ea(chart.font)
    chart.has_legend = len(series) > 1
    if chart.has_legend:
        chart.legend.position = XL_LEGEND_POSITION.TOP
        chart.legend.include_in_layout = False
    plot = chart.plots[0]
    plot.has_data_labels = True
    plot.data_labels.font.size = Pt(12)
    if kind.startswith(("bar", "stack")):
        plot.gap_width = 60
        if kind.startswith("stack"):
            plot.overlap = 100
    # The page's colours where a trace has one plain colour (status blue/grey, …), else the palette.
    colours = {_label(t.name): t.marker.color for t in fig.data
               if t.name and t.type in ("bar", "scatter") and isinstance(t.marker.color, str)
               and re.fullmatch(r"#[0-9a-fA-F]{6}", t.marker.color)}
    axis = fig.layout.yaxis if kind.endswith("h") else fig.layout.xaxis
    if axis.autorange == "reversed":
        chart.category_axis.reverse_order = True
    for i, s in enumerate(plot.series):
        colour = RGBColor.from_string(colours.get(s.name, PALETTE[i % len(PALETTE)]).lstrip("#"))
        if kind == "line":
            s.format.line.color.rgb = colour
        else:
            s.format.fill.solid()
            s.format.fill.fore_color.rgb = colour
    return True


def _heatmap_table(slide, panel: Panel, fig: go.Figure, box) -> bool:
    heat = [t for t in fig.data if t.type == "heatmap"]
    if len(heat) != 1 or heat[0].z is None:
        return False
    trace = heat[0]
    xs, ys, z = [_label(x) for x in trace.x], [_label(y) for y in trace.y], trace.z
    shape = slide.shapes.add_table(len(ys) + 1, len(xs) + 1, *box)
    shape.name = f"table_{panel.id}"
    table = shape.table
    size = 12 if len(ys) <= 6 else 10
    # Rows as thin as the text allows, so 11 technologies and the header fit above the footer.
    for row in table.rows:
        row.height = int(box[3] / (len(ys) + 2))
    table.columns[0].width = int(box[2] * 0.18)
    for j in range(1, len(xs) + 1):
        table.columns[j].width = int(box[2] * 0.82 / len(xs))
    cells = [("", 0, 0)] + [(x, 0, j + 1) for j, x in enumerate(xs)] + [(y, i + 1, 0) for i, y in enumerate(ys)]
    for i, row in enumerate(z):
        for j, value in enumerate(row):
            v = _number(value)
            cells.append(("" if v is None else f"{v:g}", i + 1, j + 1))
    for text, r, c in cells:
        frame = table.cell(r, c).text_frame
        frame.text = text
        for para in frame.paragraphs:
            for run in para.runs:
                run.font.size = Pt(size)
                _ea(run.font)
    return True


def _picture(slide, fig: go.Figure, box) -> None:
    """The figure as a picture (the map): rendered at the box's aspect ratio, 2× for a sharp projector."""
    left, top, width, height = box
    fig = copy.deepcopy(fig)
    fig.update_layout(width=1600, height=int(1600 * height / width), margin={"l": 10, "r": 10, "t": 10, "b": 10})
    if fig.layout.legend.y is not None and fig.layout.legend.y <= 0:  # beside the map, not under it
        fig.update_layout(legend={"x": 1.01, "y": 1, "xanchor": "left", "yanchor": "top", "orientation": "v"})
    data = png.render(fig, "png", scale=1.5, width=1600, height=int(1600 * height / width))
    slide.shapes.add_picture(io.BytesIO(data), left, top, width, height).name = "picture"


def _body(slide, panel: Panel, out: Output, ctx: Context) -> None:
    left, top, width = MARGIN, BODY_TOP, WIDTH - 2 * MARGIN
    height = BODY_BOTTOM - BODY_TOP
    if out.empty:
        _text(slide, left, top, width, height, [png.plain_markdown(out.empty)], size=20)
        return
    if out.metrics:
        n = len(out.metrics)
        each = int(width / n)
        # Smaller numbers when a chart follows, so the chart keeps most of the slide.
        label_pt, value_pt, tall = (16, 32, Inches(1.25)) if out.figure is not None else (20, 40, Inches(1.6))
        for i, metric in enumerate(out.metrics):
            box = _text(slide, left + i * each, top, each, tall, [metric.label, metric.value], size=label_pt,
                        name=f"metric_{i}", align=PP_ALIGN.CENTER)
            value = box.text_frame.paragraphs[1].runs[0].font
            value.size, value.bold = Pt(value_pt), True
        top += tall + Inches(0.1)
        height -= tall + Inches(0.1)
    box = (left, top, width, height)
    if out.figure is not None:
        if not (_chart(slide, panel, out.figure, ctx, box) or _heatmap_table(slide, panel, out.figure, box)):
            # The map: its names for the widest column only (the page's CSS picks a tier by the map's width).
            _picture(slide, project_map.one_width(out.figure) if out.fit_css else out.figure, box)
        return
    if out.paragraphs:
        lines = [png.plain_markdown(p) for p in out.paragraphs]
        size = 18 if sum(len(x) // 60 + 1 for x in lines) <= 14 else 12
        _text(slide, left, top, width, height, lines, size=size, name="text")
    elif panel.columns and out.table is not None:
        table = labelled(out.table.head(12), panel.columns, ctx, screen=False)
        shape = slide.shapes.add_table(len(table) + 1, len(table.columns), *box)
        for j, column in enumerate(table.columns):
            shape.table.cell(0, j).text = str(column)
            for i, value in enumerate(table[column]):
                shape.table.cell(i + 1, j).text = "" if value is None else str(value)
        for row in shape.table.rows:
            for cell in row.cells:
                for run in cell.text_frame.paragraphs[0].runs:
                    run.font.size = Pt(11)
                    _ea(run.font)


def add_slide(prs, panel: Panel, ctx: Context, number: int, total: int, note: str = "") -> None:
    slide = prs.slides.add_slide(prs.slide_layouts[6])  # blank
    out = captions.build(panel, ctx)
    _text(slide, MARGIN, Inches(0.3), WIDTH - 2 * MARGIN, Inches(0.7), [ctx.t(panel.title_key)], size=28,
          bold=True, name="title")
    _text(slide, MARGIN, Inches(0.95), WIDTH - 2 * MARGIN, Inches(0.45), [png.filter_words(panel, ctx)], size=16,
          name="filters")
    _body(slide, panel, out, ctx)
    footer = [source_line(panel.sources, ctx, markdown=False),
              png.filter_words(panel, ctx) + ctx.t("filters.separator") + ctx.t("export.slide_number", n=number,
                                                                                 total=total)]
    _text(slide, MARGIN, Inches(6.65), WIDTH - 2 * MARGIN, Inches(0.75), footer, size=11, name="footer")
    if note:
        slide.notes_slide.notes_text_frame.text = note


def deck_pptx(slides: Sequence[tuple[Panel, Context, str]]) -> bytes:
    """The PPTX of (panel, context, speaker note) slides."""
    prs = Presentation()
    prs.slide_width, prs.slide_height = Emu(WIDTH), Emu(HEIGHT)
    _theme_fonts(prs)
    for i, (panel, ctx, note) in enumerate(slides, 1):
        add_slide(prs, panel, ctx, i, len(slides), note)
    buffer = io.BytesIO()
    prs.save(buffer)
    return buffer.getvalue()


def panel_pptx(panel: Panel, ctx: Context) -> bytes:
    return deck_pptx([(panel, ctx, "")])

