"""Charts on a phone (a browser whose user agent says "Mobi", e.g. 390×844): scrollable, readable, not a trap.

Measured in Chromium at 390×844 (tests/browser/test_phone.py):
- A plotly chart in drag-to-zoom mode takes every touch that starts on it: a swipe over a chart (and charts fill
  the phone's width) did not scroll the page. With `dragmode: false` and fixed axes the page scrolls under the
  finger and a tap still shows the chart's label.
- The map (a selectable chart: Streamlit forces dragmode "pan" on it) took every touch as a drag: a swipe over
  it did not scroll the page, and a tap selected the place of the touch before (plotly selects the hovered
  point, and a touch had not hovered yet): 東京 tapped selected nothing, 北海道 tapped next selected 東京.
  TAP_SELECT_JS hands such a chart's touches to the browser (see there): a swipe scrolls, a tap selects the
  place under the finger.
- Charts with many columns or long category names (the technology heatmaps, the support-period timeline, the
  related programs' small multiples) had their labels overlap or cut off in a 358 px column: on a phone the
  small multiples' years and names go onto two lines (small_multiples) and the heatmaps are
  drawn at the width they need (chart_px: a heatmap's names and columns, at most MIN_PX) inside a box that
  scrolls sideways; the page itself never does. A heatmap that fits the phone gets no box: filtered to one year,
  the technology × year heatmap had been drawn 560 px wide with its only column past the screen's edge.
- The unfiltered heatmaps (technology × year, × technology, × region) still scrolled in their boxes (560, 640 and
  640 px wide in a 358 px column) with nothing saying so: on a phone they are drawn compact instead
  (compact_heatmap): 14 px text, long names on two lines, narrower cells, headings upright on one or two lines or,
  where a column is too narrow for them, turned to read upwards; hover still names the full row and column. All
  three fit 358 px in both languages; a heatmap too wide even so (many more columns) keeps the sideways box.
These changes are made when the chart is drawn, not when it is built: the figures kept for every session
(render/shown.py) stay the same for every device.
"""
from __future__ import annotations

import math
import re
import textwrap
from functools import partial

import streamlit as st

from dashboard import area_param, chart_style
from dashboard.chart_style import text_units
from dashboard.figures import map as project_map
from dashboard.figures.technology import NARROW_PLOT_PX
from dashboard.render.shown import derived, remembered

# Panel id -> the narrowest width (px) at which its chart is readable; below it the chart scrolls in its box.
MIN_PX = {"tech_by_year": 560, "tech_pairs": 640, "tech_by_region": 640}
# Small multiples drawn across a phone's plot instead (small_multiples): a box 600 px wide showed 3½ of the 6 years
# and cut the programs' names at the screen's edge.
SMALL_MULTIPLES = ("sel_related",)
# Horizontal bar charts whose names, beside the bars, took half of a phone's width (or more): the names go above
# the bars. True: the totals at the bars' ends get their room from technology.label_room (see names_above_bars).
NAMES_ABOVE = {"tech_counts": True, "survey_issues": False, "survey_bottlenecks": False, "sel_budgets": False,
               "program_timeline": False, "program_events": False}
PLOT_PX = 338  # a phone's plot: a 390 px screen less the page's and the chart's margins
COLUMN_PX = 358  # a phone's main column: a 390 px screen less the page's margins
WIDTH_STEP_PX = 20  # a wide chart's width is a multiple of this (one CSS rule per width, wide_css)
ANGLED_COLUMN_PX = 38  # a heatmap column under angled headings: its two-digit number and the headings apart
FONT_PX, TICK_PX = 15, 14  # chart text; a tick and its padding beside a heatmap's names
BAR_PX, LINE_PX, FRAME_PX = 26, 21, 130  # a bar's thickness, a line of 15 px text, the axes and legend around
WIDE_SUFFIX = "_phone_wide"
MUNICIPALITY_PICKER = area_param.WIDGET_KEY  # the municipality page's picker (wide_css)
EN_LEGEND_EXTRA_PX = 125  # the scrolling box's key (theme.css gives it overflow-x: auto)


def is_phone() -> bool:
    """The session's browser is a phone's (its user agent carries "Mobi", as every phone browser's does)."""
    try:
        agent = st.context.headers.get("User-Agent") or ""
    except Exception:  # outside a script run (bare-mode tests, exports)
        return False
    return "Mobi" in agent


# Plotly's drag layer takes a touch itself (touchstart, preventDefault) when the chart can be dragged; on a chart
# that selects on click (clickmode "…select") that touch is kept from plotly, so the browser does what it does with
# a finger: a swipe scrolls the page natively, and a tap arrives as the mouse events a browser makes of a tap
# (mousemove, mousedown, mouseup, click). The mousemove hovers the tapped point before the click selects, as a
# mouse does. Measured in Chromium at 390x844: 北海道 tapped once selects 北海道 (it selected the place tapped
# before), a 250 px swipe over the map scrolls the page 235 px (0 before). Touch events only: a mouse is unchanged.
TAP_SELECT_KEY = "tap_select"
TAP_SELECT_JS = """(() => {
  if (window.__tapSelect) return;  // once per page load (this element runs again after a page change)
  window.__tapSelect = true;
  window.addEventListener("touchstart", (event) => {
    const target = event.target;
    const plot = target instanceof Element && target.classList.contains("nsewdrag") ? target.closest(".js-plotly-plot") : null;
    if (plot && plot._fullLayout && String(plot._fullLayout.clickmode).includes("select")) event.stopPropagation();
  }, {capture: true, passive: true});
})();"""


def tap_to_select() -> None:
    """A tap on a selectable chart (the map) selects what is under the finger, a swipe over it scrolls the page
    (TAP_SELECT_JS). On every device: only touches are affected (tablets say no "Mobi" and need it as much)."""
    # In a box of its own that takes no room: an element with a script only is 0 px tall but had the page's 16 px
    # gap around it (so does a hidden box's wrapper, its parent).
    with st.container(key=TAP_SELECT_KEY):
        st.html(f"<style>div:has(> .st-key-{TAP_SELECT_KEY}) {{ display: none; }}</style><script>{TAP_SELECT_JS}</script>",
                unsafe_allow_javascript=True)


def touch_layout(figure: dict) -> dict:
    """The figure dict with drag-zoom off and every axis fixed (the page scrolls under a finger); not changed in
    place (a kept figure's dict is shared, render/shown.frozen)."""
    layout = dict(figure.get("layout") or {})
    layout["dragmode"] = False
    for name in [n for n in layout if n.startswith(("xaxis", "yaxis"))] or ["xaxis", "yaxis"]:
        layout[name] = {**(layout.get(name) or {}), "fixedrange": True}
    return {**figure, "layout": layout}


def _touch(figure: dict, names: str) -> dict:
    """touch_layout, names above the bars for the charts of NAMES_ABOVE (by panel id), a heatmap of MIN_PX in its
    compact form when it does not fit as drawn but does so."""
    figure = touch_layout(figure)
    if names in SMALL_MULTIPLES:
        return small_multiples(figure)
    if names in MIN_PX:
        return compact_heatmap(figure) or figure
    figure = names_above_bars(figure, label_room=NAMES_ABOVE[names]) if names in NAMES_ABOVE else figure
    return level_columns(marker_within(figure))


_DATE_OR_NUMBER = re.compile(r"^\s*([-+]?\d+(\.\d*)?([eE][-+]?\d+)?|\d{4}-\d{2}(-\d{2})?([ T].*)?)\s*$")


def level_columns(figure: dict) -> dict:
    """Column names under the plot on two lines where a phone's column is too narrow for them on one ('H30 (2018)'
    -> 'H30<br>(2018)'): plotly turned them by 30° instead, which read worse and, found only once drawn, made it
    draw the chart again with a larger bottom and right margin (the year charts of /, /selections and /changes at
    390x844). Only the x axis of a figure with one, its names from the traces (a category axis) or its ticktext;
    not changed in place."""
    layout = figure.get("layout") or {}
    axis = layout.get("xaxis")
    if not isinstance(axis, dict) or any(k.startswith("xaxis") and k != "xaxis" for k in layout) \
            or axis.get("side", "bottom") != "bottom" or axis.get("tickangle") not in (None, 0):
        return figure
    if axis.get("ticktext") is not None and axis.get("tickvals") is not None:
        values, names = list(axis["tickvals"]), [str(t) for t in axis["ticktext"]]
    elif axis.get("type") in (None, "category") and axis.get("tickmode") in (None, "auto"):
        values = list(dict.fromkeys(v for t in figure.get("data") or [] if (t.get("xaxis") or "x") == "x"
                                    and t.get("orientation") != "h" for v in (t.get("x") or ())))
        if axis.get("type") is None and not all(isinstance(v, str) and not _DATE_OR_NUMBER.match(v) for v in values):
            return figure  # numbers or dates (plotly types the axis by its values): its own ticks, not one per column
        names = [str(v) for v in values]
    else:
        return figure
    if not values or not all(isinstance(v, (str, int, float)) for v in values):
        return figure
    column = PLOT_PX / len(values) - 6
    broken = [_two_lines(name, column) for name in names]
    if broken == names or any(_px(line) > column for name in broken for line in name.split("<br>")):
        return figure  # they fit as they are, or not even on two lines: plotly's to turn
    return {**figure, "layout": {**layout, "xaxis": {**axis, "tickmode": "array", "tickvals": values,
                                                      "ticktext": broken}}}


def marker_within(figure: dict) -> dict:
    """A label that ends at a line under the plot (the support timeline's 「資料時点」, xanchor right at the line's
    x) on two lines when the plot left of the line is narrower than it: "Documents as of 2023-02-21" ran 5 px past
    the left edge of a phone's chart (196 px of text, 184 px of plot). The bottom margin grows by the line.
    Not changed in place; any other figure is returned as it is."""
    layout = figure.get("layout") or {}
    low, high = ((layout.get("xaxis") or {}).get("range") or [None, None])[:2]
    notes = list(layout.get("annotations") or [])
    grew = False
    for i, note in enumerate(notes):
        x, text = note.get("x"), str(note.get("text") or "")
        if not (note.get("yref") == "paper" and note.get("xanchor") == "right" and note.get("xref", "x") == "x"
                and isinstance(x, (int, float)) and isinstance(low, (int, float)) and isinstance(high, (int, float))
                and high > low and " " in text and "<br>" not in text):
            continue
        if _px(text) > (x - low) / (high - low) * PLOT_PX:
            i_space = text.rindex(" ")
            notes[i] = {**note, "text": text[:i_space] + "<br>" + text[i_space + 1:], "align": "right"}
            grew = True
    if not grew:
        return figure
    margin = dict(layout.get("margin") or {})
    return {**figure, "layout": {**layout, "annotations": notes, "margin": {**margin, "b": margin.get("b", 10) + LINE_PX},
                                 "height": (layout.get("height") or 450) + LINE_PX}}


def _px(text: str, font: float = FONT_PX) -> float:
    """Width of one line of chart text (a full-width character is as wide as the font, others about half)."""
    return sum(font if ord(c) > 0x2E7F else 0.55 * font for c in text)


def _two_lines(text: str, px: float) -> str:
    """`text` on two lines when one is wider than `px`: at its first space, else before a full-width bracket, else
    in the middle ('H29 (2017)' -> 'H29<br>(2017)', '記載なし' -> '記載<br>なし')."""
    if "<br>" in text or _px(text) <= px:
        return text
    if " " in text:
        i = text.index(" ")
        return text[:i] + "<br>" + text[i + 1:]
    i = text.rfind("（")
    i = i if i > 0 else len(text) // 2
    return text[:i] + "<br>" + text[i:]


def _wrapped(text: str, px: float) -> list[str]:
    """`text` in lines no wider than `px` (words kept whole; a Japanese name broken before its bracket)."""
    if _px(text) <= px:
        return [text]
    if text_units(text) > len(text):  # Japanese
        i = text.rfind("（")
        head, tail = (text[:i], text[i:]) if i > 0 else (text[:len(text) // 2], text[len(text) // 2:])
        return [head, tail]
    return textwrap.wrap(text, max(int(px / (0.55 * FONT_PX)), 10))


def small_multiples(figure: dict) -> dict:
    """Small multiples (one row of bars per program, figures.selections) across a phone's plot: the years' names
    and the "not stated" words on two lines when a column is too narrow for them, each program's name wrapped to
    the plot's width, and the rows moved apart for the lines they gained. Not changed in place."""
    layout = dict(figure["layout"])
    xs = sorted((n for n in layout if n.startswith("xaxis")), key=lambda n: int(n[5:] or 1))
    ys = ["yaxis" + n[5:] for n in xs]
    years = max((len(layout[n].get("categoryarray") or []) for n in xs), default=0)
    if not years or any(y not in layout for y in ys):
        return figure
    column = PLOT_PX / years - 6
    for n in xs:
        cats = list(layout[n].get("categoryarray") or [])
        layout[n] = {**layout[n], "tickmode": "array", "tickvals": cats,
                     "ticktext": [_two_lines(c, column) for c in cats]}
    tick_lines = max((t.count("<br>") + 1 for n in xs for t in layout[n]["ticktext"]), default=1)
    notes, titles = [], []
    for note in layout.get("annotations") or []:
        note = dict(note)
        if note.get("xref") == "paper" and note.get("xanchor") == "left":  # a program's name above its row
            note.update(text="<br>".join(_wrapped(str(note.get("text") or ""), PLOT_PX)), align="left")
            titles.append(note)
        else:  # a year's "not stated", in its column
            note["text"] = _two_lines(str(note.get("text") or ""), column)
        notes.append(note)
    if len(titles) != len(xs):
        return figure
    margin = dict(layout.get("margin") or {})
    # Rows as high as on a desktop (175 px less the room between them), the room between them as high as the
    # lines of the years' names under a row and of the next program's name above the next.
    row_px = 110
    lines = [t["text"].count("<br>") + 1 for t in titles]
    gaps = [tick_lines * LINE_PX + 8 + lines[i + 1] * LINE_PX + 6 for i in range(len(titles) - 1)]
    top = margin.get("t", 40) + (lines[0] - 1) * LINE_PX
    plot = row_px * len(titles) + sum(gaps)
    y = plot  # from the top of the plot, in px
    for i, (ax, title) in enumerate(zip(ys, titles)):
        layout[ax] = {**layout[ax], "domain": [round((y - row_px) / plot, 4), round(y / plot, 4)]}
        title["y"] = round(y / plot, 4)
        y -= row_px + (gaps[i] if i < len(gaps) else 0)
    layout.update(annotations=notes, margin={**margin, "t": top},
                  height=int(plot + top + margin.get("b", 10) + tick_lines * LINE_PX + 10))
    return {**figure, "layout": layout}


def show(fig, *, key: str, filename: str) -> None:
    """chart_style.show, and on a phone the chart made touch-friendly and, when it needs more room than the
    phone has, drawn at its MIN_PX in a box that scrolls sideways."""
    if not is_phone():
        chart_style.show(fig, key=key, filename=filename)
        return
    # Margins estimated for the phone's column (chart_margins): a chart drawn wider, in a box that scrolls, is left
    # to plotly's automargin.
    figure = derived(fig, f"touch:{key}", partial(_touch, names=key), chart_px=None if key in MIN_PX else COLUMN_PX)
    # No mode bar: its zoom buttons are of no use without dragging, and it covered the legend when tapped.
    config = {"displayModeBar": False, "displaylogo": False}
    _draw(figure, key, _chart_px(key, fig), config)


def _chart_px(key: str, fig) -> int | None:
    """chart_px of a figure, found once for a kept figure (render/shown.remembered: a page run reads no Figure)."""
    return remembered(fig, f"px:{key}", partial(chart_px, key)) if key in MIN_PX else None


def _draw(figure, key: str, px: int | None, config: dict) -> None:
    """The chart across the column, or `px` wide in a box that scrolls sideways (wide_css)."""
    if px is None:
        st.plotly_chart(figure, key=key, width="stretch", theme=None, config=config)
        return
    with st.container(key=f"{key}_w{px}{WIDE_SUFFIX}"):
        st.plotly_chart(figure, key=key, width="stretch", theme=None, config=config)


def _texts(values) -> list[str]:
    return [str(v) for v in (values if values is not None else ())]


def chart_px(key: str, figure: dict) -> int | None:
    """The width (px, a multiple of WIDTH_STEP_PX) a phone draws the chart of panel `key` (its figure's dict) at, in
    a box that scrolls sideways; None: across the phone's column. A heatmap that fits the column as drawn (_need_px)
    or compact (_compact_plan) gets no box; else it is drawn at the width it needs, at most MIN_PX (the width it was
    designed for); any other chart of MIN_PX needs MIN_PX."""
    top = MIN_PX.get(key)
    if top is None:
        return None
    heat = next((t for t in figure.get("data") or () if t.get("type") == "heatmap"), None)
    if heat is not None:
        axis = (figure.get("layout") or {}).get("xaxis") or {}
        headings = _texts(axis.get("ticktext")) or _texts(heat.get("x"))
        names = _texts(heat.get("y"))
        need = _need_px(headings, names, axis.get("tickangle") in (None, 0))
        if need <= COLUMN_PX or _compact_plan(headings, names) is not None:
            return None
        top = min(top, int(need))
    return -(-top // WIDTH_STEP_PX) * WIDTH_STEP_PX


def _need_px(headings: list[str], names: list[str], level: bool) -> float:
    """The width a heatmap needs as drawn: its names, and a column per heading (as wide as the heading when
    level, ANGLED_COLUMN_PX under angled headings, whose last one runs past the last column)."""
    def width(text: str) -> float:  # its longest line (a full-width character counts two)
        return max(text_units(line) for line in text.split("<br>")) * 0.55 * FONT_PX

    need = max(map(width, names), default=0) + TICK_PX + 2 * 10  # the chart's own margins (chart_style)
    if level:
        return need + len(headings) * (max(map(width, headings), default=0) + 12)
    return need + len(headings) * ANGLED_COLUMN_PX + 0.71 * width(headings[-1] if headings else "")


# A heatmap's compact form on a phone (compact_heatmap). Its text is 14 px (the floor of every chart's text on a
# phone, tests/browser/test_phone.py); a name wider than NAME_PX goes onto two lines; a cell is at least
# MIN_CELL_PX wide (a two-digit count, ≈ 15 px at 14 px, and the 2 px gaps beside it); a heading is upright when it
# fits its column (HEADING_PAD_PX to spare), else turned to read upwards (a column as wide as a line of text).
COMPACT_PX = 14
NAME_PX = 7 * COMPACT_PX  # seven full-width characters: キャッシュレス on one line, ブロック/チェーン on two
MIN_CELL_PX = 20
HEADING_PAD_PX = 8  # at 4 px to spare, FY2018 and FY2019 side by side read as one word
NAME_GAP_PX = 8  # between the names and the cells (no tick marks in the compact form)
ROW_PX = 2 * 17 + 4  # a row: two lines of 14 px text
# A line of a name or heading does not start with these (a small kana, the long vowel mark, a closing bracket or a
# separator) nor end with an opening bracket.
_NO_START = set("ゃゅょっぁぃぅぇぉャュョッァィゥェォー）」・、")
_NO_END = set("（「")


def _joined(text: str) -> str:
    """A heading on one line: 'Kinki<br>(11 projects)' -> 'Kinki (11 projects)', '近畿<br>（11事業）' ->
    '近畿（11事業）' (no space beside a full-width character)."""
    parts = text.split("<br>")
    out = parts[0]
    for part in parts[1:]:
        out += "" if (out[-1:] and ord(out[-1]) > 0x2E7F) or (part[:1] and ord(part[0]) > 0x2E7F) else " "
        out += part
    return out


def _split(text: str, px: float) -> list[str]:
    """`text` on one line if it is no wider than `px` at COMPACT_PX, else on two: at the space nearest its middle,
    else (Japanese) at the character nearest its middle where a line may break (クラウドコン/ピューティング); a
    word without either stays on one line."""
    if _px(text, COMPACT_PX) <= px:
        return [text]
    middle = text_units(text) / 2
    spaces = [i for i, c in enumerate(text) if c == " "]
    if spaces:
        i = min(spaces, key=lambda i: abs(text_units(text[:i]) - middle))
        return [text[:i], text[i + 1:]]
    breaks = [i for i in range(1, len(text)) if text[i] not in _NO_START and text[i - 1] not in _NO_END
              and max(ord(text[i]), ord(text[i - 1])) > 0x2E7F]  # a half-width word ('FY2018') is not broken
    if not breaks:
        return [text]
    i = min(breaks, key=lambda i: abs(text_units(text[:i]) - middle))
    return [text[:i], text[i:]]


def _widest(lines: list[str]) -> float:
    return max((_px(line, COMPACT_PX) for line in lines), default=0)


def _compact_plan(headings: list[str], names: list[str]) -> dict | None:
    """How a heatmap with these column headings and row names is drawn compact in a phone's plot (PLOT_PX): the
    names' lines, the headings' lines and angle (0 or -90), the band the headings take above the cells; None when
    a column would be narrower than MIN_CELL_PX."""
    if not headings or not names:
        return None
    name_lines = [_split(_joined(n), NAME_PX) for n in names]
    cell = (PLOT_PX - _widest([line for lines in name_lines for line in lines]) - NAME_GAP_PX) / len(headings)
    if cell < MIN_CELL_PX:
        return None
    one_line = [_joined(h) for h in headings]
    room = cell - HEADING_PAD_PX
    if _widest(one_line) <= room:
        heading_lines, angle = [[h] for h in one_line], 0
    elif _widest([line for h in one_line for line in _split(h, room)]) <= room:
        heading_lines, angle = [_split(h, room) for h in one_line], 0
    else:
        heading_lines, angle = [[h] for h in one_line], -90
    band = (max(len(lines) for lines in heading_lines) * 17 if angle == 0 else _widest(one_line)) + 10
    return {"names": ["<br>".join(lines) for lines in name_lines],
            "headings": ["<br>".join(lines) for lines in heading_lines], "angle": angle, "band": int(band)}


def compact_heatmap(figure: dict) -> dict | None:
    """A heatmap (figures.technology._heatmap: a heatmap trace and a text trace of its counts) drawn compact for a
    phone's plot (_compact_plan); None when it fits the phone as drawn (no need) or does not fit even compact
    (chart_px then gives it a sideways box). The categories are unchanged, so a hover still names the full row and
    column; only the tick texts, the text size, the margins and the height change. Not changed in place."""
    heat = next((t for t in figure.get("data") or [] if t.get("type") == "heatmap"), None)
    if heat is None:
        return None
    layout = dict(figure.get("layout") or {})
    xaxis, yaxis = dict(layout.get("xaxis") or {}), dict(layout.get("yaxis") or {})
    columns, rows = _texts(heat.get("x")), _texts(heat.get("y"))
    headings = _texts(xaxis.get("ticktext")) or columns
    if len(headings) != len(columns) \
            or _need_px(headings, rows, xaxis.get("tickangle") in (None, 0)) <= COLUMN_PX:
        return None
    plan = _compact_plan(headings, rows)
    if plan is None:
        return None
    font = {**(layout.get("font") or {}), "size": COMPACT_PX}
    tick_font = {**((layout.get("font") or {})), **(xaxis.get("tickfont") or {}), "size": COMPACT_PX}
    title = xaxis.get("title") or {}
    has_title = bool(title.get("text")) if isinstance(title, dict) else bool(title)
    if has_title and isinstance(title, dict):
        title = {**title, "font": {**(title.get("font") or {}), "size": COMPACT_PX}}
    layout["xaxis"] = {**xaxis, "tickmode": "array", "tickvals": columns, "ticktext": plan["headings"],
                       "tickangle": plan["angle"], "ticks": "", "tickfont": tick_font,
                       **({"title": title} if has_title else {})}
    layout["yaxis"] = {**yaxis, "tickmode": "array", "tickvals": rows, "ticktext": plan["names"], "ticks": "",
                       "ticklabelstandoff": NAME_GAP_PX, "tickfont": {**tick_font, **(yaxis.get("tickfont") or {}),
                                                                    "size": COMPACT_PX}}
    margin = dict(layout.get("margin") or {})
    top = plan["band"] + (COMPACT_PX + 14 if has_title else 0)
    layout.update(font=font, margin={**margin, "t": top},
                  height=int(top + len(rows) * ROW_PX + margin.get("b", 10)))
    data = [{**t, "textfont": {**(t.get("textfont") or {}), "size": COMPACT_PX}} if t.get("mode") == "text" else t
            for t in figure["data"]]
    return {**figure, "data": data, "layout": layout}


def slide_chart(out, panel_id: str) -> None:
    """A slide's chart (render/slide.py): as on a projector, and on a phone (someone following the talk on /present)
    drawn as the page draws it there: touch-friendly, names above the bars, wide charts in a sideways box, the map's
    names thinned to its width (its fit_css). A desktop slide's map is built in the slide size class: its fit_css
    sizes it to the screen and its text to the map (figures.map.slide_css)."""
    key = f"slide_{panel_id}"
    config = {"displayModeBar": False, "responsive": True}
    if out.fit_css:
        box = key + "_fit"
        st.html(f"<style>{out.fit_css.replace('{box}', f'.st-key-{box}')}</style>")
        with st.container(key=box):
            st.plotly_chart(map_figure(out.figure), key=key, width="stretch", height="stretch", theme=None,
                            config=config)
        return
    if not is_phone():  # as high as the slide leaves it under the title and the numbers (theme.slide_css)
        st.plotly_chart(out.figure, key=key, width="stretch", height="stretch", theme=None, config=config)
        return
    figure = derived(out.figure, f"touch:{panel_id}", partial(_touch, names=panel_id))
    _draw(figure, key, _chart_px(panel_id, out.figure), config)


def wide_css() -> str:
    """The rules of the sideways-scrolling boxes (theme.css): the box scrolls, the chart in it (its element
    container, keyed by the panel id) is MIN_PX wide, and Streamlit draws the plotly chart at that width."""
    rules = [f'[class*="{WIDE_SUFFIX}"] {{ overflow-x: auto; overflow-y: hidden; }}',
             # A markdown table wider than a phone (the data page's list of sources) scrolls in its own box too,
             # instead of running past the edge of its expander, cut off.
             "@media (max-width: 640px) { [data-testid=\"stMarkdownContainer\"] table {"
             " display: block; max-width: 100%; overflow-x: auto; } }",
             # Without hover (a touch screen) Streamlit shows a table's toolbar all the time, above the table and
             # over the line before it (the data page's row count and notes): room for it instead.
             "@media (hover: none) and (max-width: 640px) {"
             " [data-testid=\"stElementContainer\"]:has([data-testid=\"stElementToolbar\"]) { margin-top: 2.5rem; } }",
             # A heading's link icon shows on hover only; without hover it still took its room, and beside a title
             # that fills a phone's line it went onto a line of its own: 「Technologies used」 had 46 px of blank
             # under it at 390 px.
             "@media (hover: none) { [data-testid=\"stHeaderActionElements\"] { display: none !important; } }",
             # The municipality picker's list (one 40 px row per place, positioned by the list) cut a long English
             # name at a phone's edge ("Rikuzentakata City, Iwate Prefecture (岩手県 陸前高田" at 390 px): its
             # names wrap onto two lines in the row, so every name can be read before it is chosen. The chosen name,
             # in the field (an input: one line), ends in an ellipsis; the heading under it shows it whole. The name's
             # box is the highlight of the option under the finger: Streamlit makes it 28 px high, and a name on two
             # lines (35 px) ran 4 px past it above and below; it grows with its lines (two fit the 40 px row).
             "@media (max-width: 640px) {"
             f" body:has(.st-key-{MUNICIPALITY_PICKER}) [role=\"listbox\"] [role=\"option\"] {{ height: 100%;"
             " padding-top: 0 !important; padding-bottom: 0 !important; display: flex; align-items: center; }"
             f" body:has(.st-key-{MUNICIPALITY_PICKER}) [role=\"listbox\"] [role=\"option\"] > div {{"
             " white-space: normal !important; overflow: visible !important; line-height: 1.25;"
             " height: auto !important; min-height: 28px; max-height: 100%; padding-top: 2px; padding-bottom: 2px; }"
             f" .st-key-{MUNICIPALITY_PICKER} input {{ text-overflow: ellipsis; }} }}"]
    # The chart in a box keyed "<panel>_w<px>_phone_wide" is px wide (chart_px): one rule per width it can be.
    rules += [f'[class*="_w{px}{WIDE_SUFFIX}"] [data-testid="stElementContainer"]:has([data-testid="stPlotlyChart"])'
              f' {{ min-width: {px}px; }}'
              for px in range(WIDTH_STEP_PX, max(MIN_PX.values()) + 1, WIDTH_STEP_PX) if px > COLUMN_PX]
    # The English map legend's two groups stack below ≈ 420 px (measured 270 px tall, LEGEND_PX is 152): the map
    # box (render/page.draw, figures.map.fit_css) gets the difference, map_figure lets the legend use it.
    rules.append("@container (max-width: 479px) { html[lang=\"en\"] .st-key-project_map_fit [data-testid=\"stPlotlyChart\"]"
                 " { height: calc(100cqw * %.4f + %dpx) !important; } }" % (
                     project_map.HEIGHT / project_map.WIDTH, project_map.LEGEND_PX[False] + EN_LEGEND_EXTRA_PX))
    return "\n    ".join(rules)


def names_above_bars(figure: dict, *, label_room: bool = False) -> dict:
    """A horizontal bar chart (one y axis of names, reversed: first name on top) with each name above its bar
    across the plot's full width instead of beside it; the totals at the bars' ends get room for the phone's
    plot (technology.label_room reserves it for a 400 px plot). Not changed in place."""
    layout = dict(figure["layout"])
    yaxis = dict(layout.get("yaxis") or {})
    bars = [t for t in figure["data"] if t.get("type") == "bar" and t.get("orientation") == "h"]
    if not bars or any(name.startswith("yaxis") and name != "yaxis" for name in layout):
        return figure
    if yaxis.get("tickmode") == "array" and yaxis.get("ticktext"):
        names = dict(zip(yaxis["tickvals"], yaxis["ticktext"]))
        order = list(yaxis.get("categoryarray") or yaxis["tickvals"])
    else:
        order = list(dict.fromkeys(v for t in bars for v in t.get("y", [])))
        names = {v: v for v in order}
    # A name wrapped for the narrow column beside the bars fits on one line across a phone's plot.
    text = {v: str(names[v]).replace("<br>", "" if text_units(str(names[v])) > len(str(names[v])) else " ")
            for v in order}
    text = {v: s if text_units(s) * 0.55 * 15 < PLOT_PX else str(names[v]) for v, s in text.items()}
    lines = max(s.count("<br>") + 1 for s in text.values())
    gap = lines * LINE_PX + 4
    pitch = BAR_PX + gap
    reversed_ = yaxis.get("autorange") == "reversed"
    half = BAR_PX / pitch / 2
    notes = list(layout.get("annotations") or [])
    font = (layout.get("font") or {}).get("size", 15)
    for i, v in enumerate(order):
        notes.append({"text": text[v], "x": 0, "xref": "paper", "xanchor": "left", "y": i - half if reversed_ else i + half,
                      "yref": "y", "yanchor": "bottom", "showarrow": False, "align": "left",
                      "bgcolor": "rgba(255,255,255,0.85)",  # over the grid and the timeline's today line
                      "font": {"size": font, "color": (layout.get("font") or {}).get("color")}})
    legend_rows = sum(1 for t in figure["data"] if t.get("showlegend", True) and t.get("name")) \
        if layout.get("showlegend", True) else 0
    margin = layout.get("margin") or {}  # a chart that sets its own margins (ticks on top) keeps them
    frame = max(FRAME_PX, margin.get("t", 0) + margin.get("b", 0) + 30)
    layout.update(annotations=notes, bargap=round(gap / pitch, 3),
                  height=len(order) * pitch + frame + LINE_PX * legend_rows,
                  yaxis={**yaxis, "showticklabels": False, "ticks": ""})
    xaxis = layout.get("xaxis") or {}
    # The first name rises above the plot by its lines less half the gap (the bars are centred in their rows).
    rise = lines * LINE_PX - gap / 2
    if xaxis.get("side") == "top":
        # There a top axis's labels are: the support timeline's "(2018)" was half covered by 「H30-01　北海道…」 at
        # 390x844. The labels stand off by that much more.
        layout["xaxis"] = {**xaxis, "ticklabelstandoff": int(xaxis.get("ticklabelstandoff") or 0) + math.ceil(rise) + 2}
    elif rise > 0 and "range" not in yaxis:
        # There the legend is: the English survey's "Matching to item: inferred" was cut at its foot by the first
        # name at 390x844. The first row starts that much lower inside the plot instead, and the chart is that much
        # higher (the bars keep their pitch).
        extra = math.ceil(rise) / pitch
        n = len(order)
        layout["yaxis"] = {**layout["yaxis"], "range": [n - 0.5, -0.5 - extra] if reversed_ else [-0.5, n - 0.5 + extra]}
        layout["height"] += math.ceil(rise)
    totals = [t for t in figure["data"] if t.get("type") == "scatter" and t.get("mode") == "text"
              and t.get("textposition") == "middle right"]
    if totals and label_room:  # technology counts: the totals are a text trace at the bars' ends
        longest = max((text_units(str(s)) for t in totals for s in t.get("text") or []), default=0)
        xaxis = dict(layout.get("xaxis") or {})
        if xaxis.get("range"):  # [0, top / (1 - room at NARROW_PLOT_PX)]: the same top with the phone's room
            def room(plot_px: int) -> float:
                return min((longest * 0.55 * font + 12) / plot_px, 0.6)
            top = xaxis["range"][1] * (1 - room(NARROW_PLOT_PX))
            layout["xaxis"] = {**xaxis, "range": [0, top / (1 - room(PLOT_PX))]}
    return {**figure, "layout": layout}


# An inset's title on a phone ("近畿（拡大）" ran into the 関東 frame, "Kinki (enlarged)" was cut at 390 px): without
# its bracket (the text under the map says the insets are enlarged; on two lines it covered a third of the inset),
# and on two lines after its separator ("沖縄・" / "奄美").
_TITLE_BRACKET = re.compile(r"\s*[（(][^）)]*[）)]\s*$")
_TITLE_BREAK = re.compile(r"(?<=[,、\u30fb])\s*")  # \u30fb: ・ (a separator, not a UI word)


def map_figure(fig):
    """The map as drawn on a phone (kept on a kept figure, else a dict; the figure itself on any other device):
    inset titles shortened and the legend never scrolled (plotly caps a horizontal legend at half the chart's
    height; in English its two groups stack at 390 px and the second was cut off: theme.css gives the chart the
    room)."""
    if not is_phone():
        return fig
    return derived(fig, "phone_map", _phone_map)


def _phone_map(figure: dict) -> dict:
    layout = dict(figure.get("layout") or {})
    notes = []
    for note in layout.get("annotations") or []:
        text = str(note.get("text") or "")
        if "<br>" not in text:
            text = _TITLE_BREAK.sub("<br>", _TITLE_BRACKET.sub("", text), count=1)
        notes.append({**note, "text": text})
    layout.update(annotations=notes, legend={**(layout.get("legend") or {}), "maxheight": 1})
    return {**figure, "layout": layout}
