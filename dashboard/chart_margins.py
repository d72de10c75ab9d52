"""A chart's margins set, before the browser draws it, to about the room its labels, titles and legend need.

Why: every axis has automargin (chart_style.style), and the house margins are 10 px. plotly.js then draws a chart,
finds that its tick labels, axis titles and legend need more room, and draws the whole chart again with larger
margins. Given margins that are already large enough, automargin finds nothing to push and the second draw does not
happen. Measured in headless Chromium (plotly.js's own newPlot, the figures of each page as sent, 900 px wide,
median of 5): /technologies' four charts 157 -> 58 ms, /selections' four 121 -> 51, /survey 44 -> 21, /program 58
-> 27, the overview's chart 28 -> 14.

How: an estimate from the figure alone (no browser): text widths from character classes (a full-width character is
one em, a half-width one about 0.6), plus plotly's paddings, rounded up. automargin stays on: where the estimate is
short (labels plotly turns on a narrow screen, a legend that wraps on a screen narrower than the one assumed)
plotly pushes as before, so a label is never cut off; where it is long, the plot is a few pixels narrower. On a
phone the chart's width is known (phone.COLUMN_PX, `chart_px`), so its legend rows and the labels at the ends of
its axes are estimated for that width (at 390x844 no chart of the chart pages is pushed but the English map, whose
legend stacks; tests/browser/test_chart_margins.py). Only cartesian axes with level, upright or
(columns) 45° labels and horizontal legends above the plot are estimated; a figure with anything else (a map, a
legend at the side) is sent as it is. Annotations take no room (plotly.js does not push margins for them, checked).
tests/browser/test_chart_margins.py checks that plotly.js pushes no margin of any chart of the chart pages at
1366x768 (Japanese, English, presenter sizes); tests/test_chart_margins.py that the estimates exceed the needs
measured in Chromium by little.
"""
from __future__ import annotations

import math
import re

LINE = 1.3        # plotly's line height, in font sizes (tick labels and titles with <br>)
TICK_PAD = 14     # ticklen, the label's standoff and what plotly adds beside a category axis (8 px more than a bar's), px
TITLE_PAD = 10    # between tick labels and the axis title, px
SLACK = 4         # px added to every estimate: rounding, and fonts a little wider than Noto Sans CJK
SLACK_EM = 0.1    # and this much of the font size (projector sizes were 1-2 px short without it)
SLANT = 0.7071    # cos 45° = sin 45°
SLANT_PAD = 6     # px beyond a slanted label's box (plotly's offset from the tick), measured
END_PAD = 10      # px plotly adds to a label's overrun past either end of the plot, measured
_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]+>")
_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")


def em_width(text: str) -> float:
    """Width of one line of `text` in ems: full-width (CJK) characters 1, others about 0.6 (digits 0.56, capitals
    0.7), spaces 0.26. Upper-ish estimates for Noto Sans CJK JP, the font the pages use. (chart_style.text_units
    counts every half-width character as half an em: right for wrapping text, short for a margin that must hold
    capitals and digits.)"""
    width = 0.0
    for c in _TAG.sub("", text):
        code = ord(c)
        if code > 0x2E7F:
            width += 1.0
        elif c == " ":
            width += 0.26
        elif c.isdigit():
            width += 0.56
        elif c.isupper() or c in "%@MW&":
            width += 0.7
        else:
            width += 0.58
    return width


def text_box(text, size: float) -> tuple[float, float]:
    """(width, height) in px of a label at `size` px, lines broken at <br>."""
    lines = _BREAK.split(str(text)) if text is not None else [""]
    return max(em_width(line) for line in lines) * size, len(lines) * size * LINE


def _font_size(node: dict | None, default: float) -> float:
    size = (node or {}).get("size") if isinstance(node, dict) else None
    return float(size) if isinstance(size, (int, float)) and not isinstance(size, bool) else default


def _title(axis: dict) -> tuple[str | None, dict]:
    title = axis.get("title")
    if isinstance(title, dict):
        return title.get("text"), title.get("font") or {}
    return (title if isinstance(title, str) else None), {}


def _labels(name: str, axis: dict, data: list) -> list | None:
    """The axis's tick labels as text, or None when they cannot be told from the figure."""
    if axis.get("showticklabels") is False:
        return []
    # plotly takes tickmode "array" when tick values are given and no mode is
    if axis.get("tickmode") == "array" or (axis.get("tickmode") is None and axis.get("tickvals") is not None):
        text = axis.get("ticktext")
        values = axis.get("tickvals")
        return list(text) if text is not None else list(values) if values is not None else None
    letter, ref = name[0], name[0] + name[5:]  # "yaxis2" -> y, y2
    values: list = []
    for trace in data:
        if (trace.get(letter + "axis") or letter) != ref:
            continue
        column = trace.get(letter)
        if hasattr(column, "tolist"):  # a numpy array (a figure's own dicts)
            column = column.tolist()
        if isinstance(column, (list, tuple)):
            values.extend(column)
    if not values:
        return None
    texts = [v for v in values if isinstance(v, str) and not _NUMBER.match(v)]
    if axis.get("type") == "category" or texts:
        return [str(v) for v in values]
    numbers, bounds = _finite(values), _finite(axis.get("range") or [])  # a missing value (NaN) draws no label
    if not numbers and not bounds:
        return None
    top = max(abs(v) for v in numbers + bounds)
    step = axis.get("dtick", 1)  # plotly also takes text here ("M1", "L0.5"): then the labels' form is unknown
    if not isinstance(step, (int, float)):
        return None
    decimals = "" if top >= 10 or step >= 1 else ".5"
    number = f"-{math.ceil(top)}{decimals}" if min(numbers + bounds) < 0 else f"{math.ceil(top)}{decimals}"
    return [_affixed(axis, number)]


def _affixed(axis: dict, number: str) -> str:
    """A numeric tick label as drawn: with the axis's tickprefix and ticksuffix ("%")."""
    return f"{axis.get('tickprefix') or ''}{number}{axis.get('ticksuffix') or ''}"


def _finite(values) -> list[float]:
    return [float(v) for v in values
            if isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)]


def _ends(axis: dict, labels: list, font: float, plot_px: float) -> list[tuple[str, float]]:
    """[(side, px)] for a level x axis: its labels are centred on their ticks, so the first and the last run past the
    plot's ends by half their width less their distance from the end (plotly pushes that side by the overrun and
    END_PAD). Measured at 390x844: a bar chart whose names are above its bars (no y labels, a 10 px left margin) was
    pushed to 14 px by its "0", and to 12 px on the right by a "25" 7 px inside the end of its range. Ticks given as
    tickvals and ticktext are taken as they are; a numeric axis's ticks are found where they can be (a "0" at the
    start of its range, the last multiple of its dtick)."""
    bounds = _finite(axis.get("range") or [])
    if len(bounds) != 2 or bounds[1] <= bounds[0] or axis.get("type") not in (None, "linear") or not labels:
        return []
    low, high = bounds
    px = plot_px / (high - low)
    ends: list[tuple[str, float, str]] = []  # (side, tick value, its label)
    values, texts = axis.get("tickvals"), axis.get("ticktext")
    if isinstance(values, (list, tuple)) and isinstance(texts, (list, tuple)) and len(values) == len(texts):
        ticks = sorted((float(v), str(t)) for v, t in zip(values, texts) if _finite([v]) and low <= v <= high)
        if ticks:
            ends = [("left", *ticks[0]), ("right", *ticks[-1])]
    elif len(labels) == 1:  # a numeric axis: _labels gives its widest label
        if low == 0:  # 0 is a tick whenever the range starts there (plotly's ticks are multiples of dtick)
            ends.append(("left", 0.0, _affixed(axis, "0")))
        step = axis.get("dtick")
        if isinstance(step, (int, float)) and not isinstance(step, bool) and step > 0:
            ends.append(("right", math.floor(high / step + 1e-9) * step, labels[0]))
    return [(side, text_box(label, font)[0] / 2 - (value - low if side == "left" else high - value) * px + END_PAD)
            for side, value, label in ends]


def _axis_push(name: str, axis: dict, data: list, size: float,
               width_px: float) -> list[tuple[str, float]] | None:
    """[(side, px)] an axis needs outside the plot, or None when it cannot be estimated. width_px: the plot's
    width, taken narrow."""
    if not axis.get("automargin") or axis.get("visible") is False or axis.get("overlaying"):
        return None
    angle = axis.get("tickangle", 0)
    vertical = name.startswith("y")
    side = axis.get("side") or ("left" if vertical else "bottom")
    # Slanted 45°: only x labels that run off to the right (-45 above the plot, 45 below it), the technology
    # heatmaps' columns; anything else is plotly's to size.
    slanted = not vertical and (side, angle) in (("top", -45), ("bottom", 45))
    if angle not in (0, 90, -90, None) and not slanted:
        return None
    if side not in ("left", "right", "top", "bottom"):
        return None
    labels = _labels(name, axis, data)
    if labels is None:
        return None
    font = _font_size(axis.get("tickfont"), size)
    boxes = [text_box(label, font) for label in dict.fromkeys(labels)] or [(0.0, 0.0)]
    pushes = []
    if slanted:
        # A label turned 45° from its tick: w·cos45 + h·sin45 across the axis and along it; the last columns' labels
        # run past the plot's right end, less half a column (the plot taken at most width_px wide: a narrow one).
        extent = [SLANT * (w + h) for w, h in boxes]
        across = max(extent) + SLANT_PAD if labels else 0.0
        column = max(width_px - 220, 100) / max(len(boxes), 1)
        past = max(e - (len(boxes) - 1 - i + 0.5) * column for i, e in enumerate(extent)) if labels else 0.0
        pushes.append(("right", past + SLANT_PAD))
    else:
        turned = angle in (90, -90)
        # The room across the axis: label widths beside a y axis, label heights below an x axis (swapped if turned).
        across = max((w if vertical != turned else h) for w, h in boxes) if labels else 0.0
        if not vertical and not turned and labels:
            pushes.extend(_ends(axis, labels, font, width_px))
    standoff = axis.get("ticklabelstandoff")  # px between the ticks and their labels, beyond plotly's own
    standoff = standoff if isinstance(standoff, (int, float)) and not isinstance(standoff, bool) else 0
    need = (across + TICK_PAD + standoff) if labels else 0.0
    text, title_font = _title(axis)
    if text:
        need += TITLE_PAD + text_box(text, _font_size(title_font, size))[1]
    pushes.append((side, need))
    return pushes


def _legend_push(layout: dict, data: list, size: float, width_px: float) -> float | None:
    """px a horizontal legend above the plot needs at the top, or None when it is elsewhere or unknown."""
    legend = layout.get("legend") or {}
    names = [t.get("name") for t in data if t.get("showlegend") is not False and t.get("name")]
    if layout.get("showlegend") is False or not names:
        return 0.0
    if legend.get("yref") == "container":  # placed in the figure's own room (the builder's margin), pushes nothing
        return 0.0
    if legend.get("orientation") != "h" or legend.get("yanchor") != "bottom" or (legend.get("y") or 0) < 1:
        return None
    font = _font_size(legend.get("font"), size)
    # An entry: its symbol (40 px) and its name, 5 px apart (plotly's itemGap). When they do not all fit in one row
    # at the plot's width (taken narrow: a 1024 px screen), plotly gives every entry the widest one's room, in rows
    # (legend/draw.js computeLegendDimensions; found on a phone, where English names wrapped to one row more).
    widths = [40 + text_box(name, font)[0] for name in names]
    step = widths if sum(widths) + 5 * (len(widths) - 1) < width_px else [max(widths)] * len(widths)
    rows, used = 1, 0.0
    for w in step:
        if used and used + w >= width_px:
            rows, used = rows + 1, 0.0
        used += w + 5
    plot = float(layout.get("height") or 450)
    return rows * (font * LINE + 6) + 12 + 0.02 * plot  # rows, the legend's padding, y=1.02 of the plot's height


def preset(figure: dict, width_px: float = 640, chart_px: float | None = None) -> dict | None:
    """A margin dict at least as large as the estimate for `figure` (plotly JSON: data, layout), or None to leave
    the figure as it is. width_px: the plot's width taken for wrapping the legend (a narrow one: more rows).
    chart_px: the chart's whole width where it is known (a phone's column): the plot's width is then that less the
    margins, for the legend and the labels alike."""
    layout = figure.get("layout") or {}
    data = figure.get("data") or []
    if any(t.get("type") not in ("bar", "scatter", "heatmap") for t in data):
        return None
    if any(k.startswith(("geo", "mapbox", "map", "polar", "ternary", "scene", "grid")) for k in layout):
        return None
    size = _font_size(layout.get("font"), 12)
    given = dict(layout.get("margin") or {})
    margin = {side: float(given.get(side, 80 if side in ("l", "r") else 100 if side == "t" else 80))
              for side in ("l", "r", "t", "b")}
    axes = sorted((k for k in layout if k.startswith(("xaxis", "yaxis"))), key=lambda k: not k.startswith("y"))
    for name in axes:  # y axes first: with chart_px, their labels' room narrows the plot the x labels share
        if chart_px is not None:
            width_px = max(chart_px - margin["l"] - margin["r"], 100.0)
        axis = layout[name]
        if not isinstance(axis, dict):
            return None
        pushed = _axis_push(name, axis, data, size, width_px)
        if pushed is None:
            if axis.get("automargin"):
                return None  # an axis plotly will size in its own way: leave the whole figure to plotly
            continue
        for side, need in pushed:
            margin[side[0]] = max(margin[side[0]], math.ceil(need + SLACK + SLACK_EM * size))
    if chart_px is not None:
        width_px = max(chart_px - margin["l"] - margin["r"], 100.0)
    legend = _legend_push(layout, data, size, width_px)
    if legend is None:
        return None
    margin["t"] = max(margin["t"], math.ceil(legend + SLACK + SLACK_EM * size))
    out = {**given, **{k: int(v) for k, v in margin.items()}}
    return out if out != given else None
