"""The 地図 page's map: a plotly figure on plain x/y axes, drawn from the reference shapes.

Why plotly and not pydeck: in Streamlit 1.67 a single click on st.pydeck_chart never reached the
selection in our measurements (Chromium, deck.gl 9: hover picking works, the click event arrives at the
canvas, yet no widget state is sent), while st.plotly_chart's point selection is a plain click.
Why plain axes and not a geo subplot: plotly.js fetches a topojson base map from cdn.plot.ly as soon as a
geo subplot shows land or a choropleth uses `locationmode`; on x/y axes nothing is fetched, no tiles,
no fonts. x is the longitude and y the Mercator y in the same unit, with a 1:1 aspect.

One figure holds several frames: the main map (本州・北海道・四国・九州), the south-west islands
(沖縄県 and 奄美, where 伊仙町 is) moved into the empty Sea of Japan, and 近畿 and 関東 enlarged at the
right, where the points of neighbouring towns would otherwise overlap. A prefecture is clicked anywhere
on its area: an invisible grid of points covers each shape and carries the prefecture in its customdata.
Every clickable point's customdata is [kind, key, hover text]: ("pref", "27") or ("area", "27216,…").
"""
from __future__ import annotations

import functools
import html
import math
import re
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboard import geo
from dashboard.names import short_prefecture
from dashboard import project_text as text
from dashboard.chart_style import (FONT, FONT_PX, SLIDE_FILL_MIN_PX, PALETTE, SEQUENTIAL, STATUS_COLOURS, TEXT,
                                  validated_from_here)

T = Callable[..., str]
ZERO_COLOUR = "#E3E3E3"  # light grey: no matching project
# (lowest count, colour, catalogue key of the legend label); the last class is open-ended. Fixed classes keep
# colours comparable between filter settings. SEQUENTIAL[0] is skipped: too close to the grey of 0.
COUNT_CLASSES = ((1, SEQUENTIAL[1], "1"), (2, SEQUENTIAL[2], "2"), (3, SEQUENTIAL[3], "3"), (4, SEQUENTIAL[4], "4"))
DARK_FILLS = {SEQUENTIAL[3], SEQUENTIAL[4]}  # white names on these (≥ 4.5:1), dark names elsewhere
POINT_COLOURS = {"supported": PALETTE[5], "ended": "#595959"}  # ended: dark grey diamonds (7:1 on white)
BORDER_COLOUR = "#FFFFFF"
FRAME_COLOUR = "#595959"
GRID_STEP = 0.22  # map units between the candidate positions of a name (and half of it for a name's centre)
# Map units between the invisible click points of a prefecture: ≈ 11 px at 1366 px, ≈ 18 px on a 1920 px projector,
# so any spot of a prefecture is within plotly's hoverdistance (16 px) of one of its points. Each point is an SVG
# element (and carries its prefecture's hover text), so a finer grid makes every redraw of the map slower.
CLICK_STEP = 0.45
HEIGHT_PX = {False: 640, True: 820, "slide": 700}  # the legend rows below the map included (exports; the page and
# the slide size it with fit_css)
# On the page the map fills the width of its column (fit_css), so one map unit is WIDTH / column px wide and a
# name's size in map units depends on the screen. Names are placed (away from the points and the insets' titles)
# for the widest column of NAME_WIDTHS and checked again at each narrower one: a name that would overlap one
# placed before it is drawn in a trace that CSS hides below that column width (the area still answers hover
# and click, and the list below the map names every place). Names with more projects are placed first.
NAME_WIDTHS = {False: (880, 540, 330), True: (1400, 880, 540, 330),  # map px: 1366 / 1024 / 390 px (1920 presenter)
               "slide": (1400, 1250, 1050)}  # see LEGEND_PX; 1400: 37 names (at 1300: 35, 長野 and 福島 left out)
LINE_EM = 1.35  # a name's box height in font sizes
LEGEND_PX = {False: 152, True: 222}  # the legend rows below the map, measured in Chromium (plotly's margin.b); also the
# bottom margin the map is given: plotly then finds the room there and does not draw the map a second time
# A slide (/present) fills the screen's height, so its map is drawn at whatever size the screen leaves it: the names
# of tier i are placed for FONT_PX["slide"] on a map NAME_WIDTHS["slide"][i] px wide, and the slide's CSS (slide_css)
# draws all of the map's text in that proportion to the map's drawn width (never above FONT_PX["slide"]), so the
# names fit at every size; below SLIDE_TIER_PX of map the names of the narrower tier, fewer and larger, are shown.
# Measured in Chromium: at 1920x1080 the map is ≈ 1390 px wide (the body as the title and the footer leave it,
# theme.slide_css), at 1366x768 ≈ 940 px; the slide had drawn the names placed for a 880 px map at 15 px (19 px at
# 1366 by the slide's CSS, over one another).
# The legend is at the map's right (below it, its six rows at slide size left the map a third of the height), its
# rows spaced for SLIDE_LEGEND_ROW_PX.
SLIDE_LEGEND_ROW_PX = 20
# The legend's text on a slide: as large as the map's, but never above the projector's floor at 1920x1080 (22 px,
# tests/browser/test_present.py). Its room beside the map is a fixed width (plotly's right margin) made for its
# largest text: made for 26 px it took 439 px of a 973 px chart at 1024x768 in English, the map was drawn 530 px wide
# and all its text (sized to the map) 13.1 px; made for 22 px the map is 590 px wide, its text 14.6 px.
SLIDE_LEGEND_MAX_PX = 22
# The map's drawn width from which a slide shows tier i (not the last): where tier i's text is 24 px, the least at
# 1920x1080 (the English map, under a longer footer, is ≈ 1265 px wide there: tier 1, 26 px).
SLIDE_TIER_PX = tuple(math.ceil(width * 24 / FONT_PX["slide"]) for width in NAME_WIDTHS["slide"][:-1])
MAX_TOOLTIP_LINES = 5  # longer lists are cut with 「ほか n 件」: a tall label would not fit the map
# (queries/map_points.sql is asked for this many projects per point, with the count of all of them)


@dataclass(frozen=True)
class Frame:
    """A part of the map: a lon/lat box drawn `scale` times larger with its lower-left corner at `origin`."""
    key: str  # catalogue key of its title under panel.project_map.frame_*
    lon: tuple[float, float]
    lat: tuple[float, float]
    scale: float
    origin: tuple[float, float]
    owns: tuple[int, ...] = ()  # prefectures named and clicked here rather than on the main map

    @property
    def box(self) -> tuple[float, float, float, float]:
        return self.lon[0], geo.mercator_y(self.lat[0]), self.lon[1], geo.mercator_y(self.lat[1])

    def xy(self, lon: float, y: float) -> tuple[float, float]:
        """Map units of a (lon, Mercator y) position inside this frame."""
        x0, y0, _, _ = self.box
        return round(self.origin[0] + (lon - x0) * self.scale, 4), round(self.origin[1] + (y - y0) * self.scale, 4)

    def holds(self, lon: float, lat: float) -> bool:
        return self.lon[0] <= lon <= self.lon[1] and self.lat[0] <= lat <= self.lat[1]

    @property
    def size(self) -> tuple[float, float]:
        x0, y0, x1, y1 = self.box
        return (x1 - x0) * self.scale, (y1 - y0) * self.scale


MAIN = Frame("main", (128.6, 146.0), (30.9, 45.6), 1.0, (0.0, 0.0))
_MAIN_W, _MAIN_H = MAIN.size
SOUTH_WEST = Frame("south_west", (127.45, 129.25), (25.95, 28.15), 3.0, (0.3, _MAIN_H - 8.3), owns=(47,))
KINKI = Frame("kinki", (134.6, 136.5), (33.85, 35.7), 4.5, (_MAIN_W + 0.8, 0.0), owns=(26, 27, 28, 29, 30))
KANTO = Frame("kanto", (138.9, 140.95), (34.9, 36.65), 4.5, (_MAIN_W + 0.8 + KINKI.size[0] + 0.8, 0.0),
              owns=(11, 12, 13, 14))
FRAMES = (MAIN, SOUTH_WEST, KINKI, KANTO)
WIDTH = KANTO.origin[0] + KANTO.size[0]
HEIGHT = _MAIN_H


def count_colour(project_count: int) -> str:
    colour = ZERO_COLOUR
    for lowest, class_colour, _ in COUNT_CLASSES:
        if project_count >= lowest:
            colour = class_colour
    return colour


def _frame_of(lon: float, lat: float) -> Frame | None:
    """The main-map frame a position belongs to (None: outside every frame, e.g. far islands)."""
    if SOUTH_WEST.holds(lon, lat):
        return SOUTH_WEST
    return MAIN if MAIN.holds(lon, lat) else None


def _hover(lines: Sequence[str], more: int, t: T) -> str:
    """Hover text: data escaped (plotly reads a few HTML tags in hover text), lines joined with <br>."""
    shown = [html.escape(line) for line in lines]
    if more > 0:
        shown.append(html.escape(t("panel.project_map.more", count=more)))
    return "<br>".join(shown)


def short_name(pref_code: int, pref_name: str) -> str:
    """The name printed on the map: 北海道 (code 1) as is, others without 都/府/県 (大阪, 東京); in English
    without " Prefecture" (Osaka, Wakayama)."""
    return short_prefecture(pref_code, pref_name)


@dataclass(frozen=True)
class Place:
    """Something one can select on the map or in the list: a prefecture or a point (one location)."""
    kind: str  # "pref" or "area"
    key: str  # the pref code ("27") or the point's area codes joined by ","
    label: str
    pref_code: int
    project_count: int  # the matching projects there (the map's queries list at most the first of them)
    area_codes: tuple[str, ...] = ()

    @property
    def token(self) -> str:
        """How the place is written in the URL (?place=pref-27, ?place=27216)."""
        return f"pref-{self.key}" if self.kind == "pref" else self.key


def places(counts: pd.DataFrame, points: pd.DataFrame, projects: pd.DataFrame, t: T) -> list[Place]:
    """Every prefecture (JIS order) and then every point, as the map and the list offer them."""
    out = [Place("pref", str(int(r.pref_code)), str(r.pref_name), int(r.pref_code), int(r.project_count))
           for r in counts.itertuples(index=False)]
    for pt in points.sort_values("pref_code", kind="stable").itertuples(index=False):
        codes = tuple(str(c) for c in pt.area_codes)
        out.append(Place("area", ",".join(codes), t("panel.project_map.area_joiner").join(str(x) for x in pt.area_labels), int(pt.pref_code),
                         int(pt.project_count), codes))
    return out


def place_projects(place: Place, projects: pd.DataFrame) -> pd.DataFrame:
    """The rows of `projects` (queries/prefecture_projects.sql: each prefecture's first rows) of the projects at
    `place`, in the list's order: a prefecture's rows, or those of the point's prefecture naming one of its areas
    (a point lies in one prefecture). Fewer than place.project_count when the query left some out."""
    rows = projects[projects["pref_code"] == place.pref_code]
    if place.kind == "pref":
        return rows
    codes = set(place.area_codes)
    return rows[[any(str(c) in codes for c in areas) for areas in rows["area_codes"]]]


def _listed(projects: pd.DataFrame) -> dict[int, list[tuple]]:
    """Each prefecture's projects (applicant, selected_fy, status) in the query's order, each project once. Read as
    plain columns in one pass: a groupby with drop_duplicates and itertuples per prefecture was a sixth of a map's
    build with new filters."""
    listed: dict[int, list[tuple]] = {}
    seen = set()
    for code, project, applicant, fy, status in zip(projects["pref_code"].tolist(), projects["project_id"].tolist(),
                                                    projects["applicant"].tolist(), projects["selected_fy"].tolist(),
                                                    projects["status"].tolist()):
        if (code, project) not in seen:
            seen.add((code, project))
            listed.setdefault(int(code), []).append((applicant, fy, status))
    return listed


def _pref_hover(name: str, n: int, rows: list[tuple] | None, t: T) -> str:
    heading = t("panel.project_map.pref_heading", name=name, count=n)
    lines = [] if rows is None else [t("panel.project_map.pref_line", applicant=applicant, fy=text.fy_text(fy),
                                       status=text.status_text(status)) for applicant, fy, status in rows]
    shown = lines[:MAX_TOOLTIP_LINES]
    return f"<b>{html.escape(heading)}</b><br>" + _hover(shown, max(len(lines), n) - len(shown), t)  # rows: maybe the first only


def _point_hover(pt, t: T) -> str:
    """The point's heading and its first projects (map_points: project_ids, applicants, selected_fys, statuses);
    「ほか n 件」 counts the rest of its project_count."""
    count = int(pt.project_count)
    heading = t("panel.project_map.point_heading", name=t("panel.project_map.area_joiner").join(pt.area_labels), count=count)
    lines = [t("panel.project_map.point_line", fy=text.fy_text(fy), status=text.status_text(status), applicant=applicant)
             for applicant, fy, status in zip(pt.applicants, pt.selected_fys, pt.statuses)]
    total = max(len(lines), count)
    if pt.is_prefecture_level_only:
        lines.append(t("panel.project_map.capital_note"))
        total += 1
    shown = lines[:MAX_TOOLTIP_LINES]
    return f"<b>{html.escape(heading)}</b><br>" + _hover(shown, total - len(shown), t)


def _pieces(feature: dict) -> list[tuple[Frame, geo.Ring]]:
    """The shape's polygons in map units, per frame they appear in (clipped to the frame's box)."""
    out = []
    for ring in geo.outer_rings(feature):
        merc = [(lon, geo.mercator_y(lat)) for lon, lat in ring]
        for frame in FRAMES:
            clipped = geo.clip_ring(merc, frame.box)
            if len(clipped) >= 3:
                out.append((frame, [frame.xy(x, y) for x, y in clipped]))
    return out


def _lines(rings: Sequence[geo.Ring]) -> tuple[list, list]:
    xs, ys = [], []
    for ring in rings:
        xs += [p[0] for p in ring] + [ring[0][0], None]
        ys += [p[1] for p in ring] + [ring[0][1], None]
    return xs, ys


def _units(px: float, column_px: float) -> float:
    """Map units of `px` screen pixels when the map fills a column `column_px` wide."""
    return px * WIDTH / column_px


def _label_box(x: float, y: float, label: str, em: float) -> tuple[float, float, float, float]:
    """The box of a name centred at (x, y); `em` is the font size in map units."""
    width = sum(em * (0.55 if c.isascii() else 1) for c in label)
    return x - width / 2, y - em * LINE_EM / 2, x + width / 2, y + em * LINE_EM / 2


def _overlap(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _inside(box, outer) -> bool:
    return outer[0] <= box[0] and box[2] <= outer[2] and outer[1] <= box[1] and box[3] <= outer[3]


def _frame_rect(frame: Frame) -> tuple[float, float, float, float]:
    (x0, y0), (w, h) = frame.origin, frame.size
    return x0, y0, x0 + w, y0 + h


def _title_box(frame: Frame, title: str, em: float) -> tuple[float, float, float, float]:
    """The box an inset's title takes in its top-left corner, `em` being the font size in map units."""
    (x0, y0), (_, h) = frame.origin, frame.size
    boxes = [_label_box(0, 0, line, em) for line in title.split("<br>")]
    return x0, y0 + h - 0.15 - sum(b[3] - b[1] for b in boxes), x0 + 0.3 + max(b[2] - b[0] for b in boxes), y0 + h


def frame_title(frame: Frame, title: str, font_px: float, presenter: bool | str) -> str:
    """An inset's title, on two lines (at its ', ' or '・') when one line would run past the frame at 1024 px."""
    widths = NAME_WIDTHS[presenter]
    width = widths[-1] if presenter == "slide" else widths[-2]  # a slide's text follows the map's size
    box = _label_box(0, 0, title, _units(font_px, width))
    if 0.15 + box[2] - box[0] <= frame.size[0]:
        return title
    return re.sub(r"(?<=[,、\u30fb])\s*", "<br>", title, count=1)  # \u30fb: ・ (a separator, not a UI word)


def place_names(candidates: Sequence[tuple], obstacles: Callable[[int], Sequence[tuple[float, float, float, float]]],
                font_px: float, widths: Sequence[int], land: Sequence[tuple] = (),
                fall_back: Sequence[int] = (0,), keep_narrower: bool = False) -> list[tuple[int, float, float, bool, tuple]]:
    """Where each name goes at each column width: [(tier, x, y, inside, candidate)], tier i meaning "shown while the
    column is at least widths[i] px wide and narrower than widths[i - 1]" (fit_css); inside: the name lies wholly on
    its shape (white text on a dark fill is only readable there).

    candidates: (label, positions, bounds, ring, …, beside_ok) in priority order (beside_ok is the 8th field);
    positions are the points (map units) inside the shape the name may be centred on, best first; bounds the box
    the name must stay in (its inset or the map); ring the prefecture's shape; beside_ok: the name may go beside its
    shape (a leader line joins them); "sea": only where neither the name nor its leader covers another prefecture
    (on the main map, where a name over a neighbour read as the neighbour's). obstacles(width): the boxes (points,
    inset titles) in map units at a column `width` px wide. land: (bounding box, ring, pref code) of every shape.

    Each width is placed on its own (names and points are drawn in px, so their size in map units differs): a name
    goes to the first position that overlaps no name placed before it and no point or inset title, on its shape,
    else beside it. Only at the widest column may a name that found no such place take its place of the next
    narrower column (if near), else go on its shape over the points (else at its first position); at a narrower one it is left out (the area still answers hover and click, and the
    list below the map names every place). English names are about twice as wide as Japanese ones: placed once at
    the widest column and hidden where they overlapped, they covered the points at 1024 px and lost 10 names.
    fall_back: the tiers whose names may go over the points (the widest: the page; every tier: a slide, which has no
    list of places below the map). keep_narrower (a slide): a wider column names every place a narrower one names."""
    placed: list[tuple[int, float, float, bool, tuple]] = []
    narrower: dict[int, tuple[float, float]] = {}  # where each name went at the next narrower column
    for tier in reversed(range(len(widths))):
        em = _units(font_px, widths[tier])
        blocked = np.asarray(list(obstacles(widths[tier])), dtype=float).reshape(-1, 4)  # one array per column width

        here: dict[int, tuple] = {}  # index -> (x, y, box, on its shape)

        def place(index: int, taken: list[tuple]) -> tuple | None:
            cand = candidates[index]
            chosen = _place_one(cand, em, blocked, taken, False, land)
            if chosen is None and tier in fall_back:
                chosen = _narrower_place(cand, narrower.get(index), em, taken) or _place_one(cand, em, blocked, taken,
                                                                                             True, land)
            return None if chosen is None else (chosen[1], chosen[2], chosen[0], chosen[3])

        for index in range(len(candidates)):
            spot = place(index, [v[2] for v in here.values()])
            if spot is not None:
                here[index] = spot
        if keep_narrower:
            # A wider map must name every place a narrower one names (the slide's map at 1920x1080 named 35 places,
            # 長野 and 福島 left out, which it names at 1366x768): such a name goes where the narrower column had it
            # (clear of the points there, so here too: both are smaller in map units), and the names in its way
            # find other places; if one of them finds none, nothing changes.
            for index in [i for i in narrower if i not in here]:
                trial, pending, steps = dict(here), [index], 0
                while pending and steps < 12:
                    j = pending.pop(0)
                    steps += 1
                    x, y = narrower[j]
                    box = _label_box(x, y, candidates[j][0], em)
                    moved = [i for i, v in trial.items() if i != j and _overlap(v[2], box)]
                    trial = {i: v for i, v in trial.items() if i not in moved}
                    trial[j] = (x, y, box, geo.contains_all(candidates[j][3], [(px, py) for px in (box[0], x, box[2])
                                                                               for py in (box[1], box[3])]))
                    for i in moved:  # elsewhere, else where the narrower column had it (moving others in turn)
                        spot = place(i, [v[2] for v in trial.values()])
                        if spot is not None:
                            trial[i] = spot
                        elif i in narrower:
                            pending.append(i)
                        # else left out: a name the narrower column has not either
                if not pending and len(trial) >= len(here):
                    here = trial
        rows = [(tier, x, y, on, candidates[i]) for i, (x, y, _, on) in sorted(here.items())]
        placed += rows
        narrower = {i: (v[0], v[1]) for i, v in here.items()}
    return sorted(placed, key=lambda p: p[0])


def _narrower_place(cand: tuple, spot: tuple[float, float] | None, em: float,
                    taken: Sequence[tuple]) -> tuple[tuple, float, float, bool] | None:
    """The place a name had at the next narrower column, if no name taken here covers it and it is near its label
    point: clear of the points there, it is clear here too (both are drawn in px, so they shrink in map units), and it
    beats a place over the points ('Osaka 4' covered a point at 1366 px that it kept clear of at 1024 px)."""
    if spot is None:
        return None
    x, y = spot
    x0, y0 = cand[1][0]
    box = _label_box(x, y, cand[0], em)
    if abs(x - x0) > 4 * em or abs(y - y0) > 4 * em or any(_overlap(box, other) for other in taken):
        return None
    return box, x, y, geo.contains_all(cand[3], [(px, py) for px in (box[0], x, box[2]) for py in (box[1], box[3])])


def _place_one(cand: tuple, em: float, obstacles: Sequence[tuple], taken: Sequence[tuple],
               fallback: bool, land: Sequence[tuple]) -> tuple[tuple, float, float, bool] | None:
    """(box, x, y, on its shape) of one name, or None; `fallback`: over the points, else at its first position."""
    label, positions, bounds, ring, beside_ok, code = cand[0], cand[1], cand[2], cand[3], cand[7], cand[5][1]
    half_w, half_h = (lambda b: (b[2], b[3]))(_label_box(0, 0, label, em))
    x0, y0 = positions[0]
    # A name of the main map stays out of the insets (it crossed the 沖縄・奄美 frame's edge). _free_spots tests every
    # box at once, so nothing is sorted out first by distance (that loop cost more than the tests it saved).
    insets = [_frame_rect(f) for f in FRAMES[1:]]
    taken = list(taken) + ([] if bounds in insets else insets)

    if fallback:
        pools = ((positions, (), "on"), (positions[:1], (), None))
    else:
        pools = ((positions, obstacles, "on"),) + (((_beside(x0, y0, em), obstacles, "beside"),) if beside_ok else ())
    for source, avoid, kind in pools:
        if kind is None:  # the first position, whatever lies there
            box = (x0 - half_w, y0 - half_h, x0 + half_w, y0 + half_h)
            pool = np.asarray(source, dtype=float).reshape(-1, 2)
            if not len(_free_spots(pool, half_w, half_h, bounds, taken, avoid)):
                continue
            return box, x0, y0, bool(_on_shape(ring, pool, half_w, half_h)[0])
        memo = _tests(kind, source, ring, half_w, half_h, beside_ok if kind == "beside" else None, (x0, y0), land,
                      code)
        found = memo.take(bounds, taken, avoid)
        if found is not None:
            x, y = memo.pool[found].tolist()
            return (x - half_w, y - half_h, x + half_w, y + half_h), x, y, kind == "on"
    return None


def _on_shape(ring, pool: np.ndarray, half_w: float, half_h: float) -> np.ndarray:
    """Whether a name box centred on each position of `pool` lies on `ring`: its corners and the middles of its top
    and bottom (on_shape's six points) inside the ring."""
    xs, ys = pool.T
    return geo.contains_all_each(ring, np.stack([xs - half_w, xs - half_w, xs, xs, xs + half_w, xs + half_w], 1),
                                 np.stack([ys - half_h, ys + half_h] * 3, 1))


def _off_others(box, x: float, y: float, x0: float, y0: float, land: Sequence[tuple], code: str) -> bool:
    """Neither the name's box nor its leader (from (x, y) to the label point (x0, y0)) covers another prefecture."""
    spots = [(px, py) for px in (box[0], x, box[2]) for py in (box[1], y, box[3])]
    spots += [(x + (x0 - x) * k / 6, y + (y0 - y) * k / 6) for k in range(1, 6)]
    # Only a ring whose box holds a spot can hold it: the boxes are tested in one numpy step (a Python loop over
    # every ring and spot was a fifth of a map's build).
    px, py = np.asarray(spots, dtype=float).T
    boxes, codes = _land_arrays(land)
    near = ((boxes[:, :1] <= px) & (px <= boxes[:, 2:3]) & (boxes[:, 1:2] <= py) & (py <= boxes[:, 3:])
            & (codes != code)[:, None])
    return not any(geo.contains(land[r][1], *spots[s]) for r, s in zip(*np.nonzero(near)))


class _Tests:
    """Which positions of one pool pass a name's test there, found as placement asks and kept: -1 not known yet,
    0 fails, 1 passes. The test does not depend on the filters (a name box of this size on or beside this shape),
    only which positions are free does (_free_spots): with new filters every map placed its 47 names again at every
    column width, and testing boxes against the shapes was most of a map's build (a fifth of a loaded server's CPU,
    py-spy, 50 sessions with random filters). The answers are the same as testing anew: each position's test is
    the same arithmetic, and the first free position that passes is taken, in the pool's order, as before."""
    __slots__ = ("kind", "source", "ring", "pool", "half_w", "half_h", "sea", "centre", "land", "code", "state",
                 "within")

    def __init__(self, kind, source, ring, half_w, half_h, sea, centre, land, code):
        self.kind, self.source, self.ring, self.half_w, self.half_h = kind, source, ring, half_w, half_h
        self.sea, self.centre, self.land, self.code = sea, centre, land, code
        self.pool = _pool(source)
        self.state = np.full(len(self.pool), -1, dtype=np.int8)
        self.within = None  # (bounds, which boxes lie within them, the extent of all boxes): made when first asked

    def take(self, bounds: tuple, taken: Sequence[tuple], avoid) -> int | None:
        """The first position, in the pool's order, where the name's box lies within `bounds`, overlaps no box of
        `taken` or `avoid` (_free_spots' arithmetic) and passes the test; None if none does. Positions known to fail
        are not tested again, and only the boxes that can overlap some position's box at all (within the pool's
        extent; the others overlap none, by the same comparisons) are tested: most of them are far away."""
        if not len(self.pool):
            return None
        hw, hh = self.half_w, self.half_h
        if self.within is None or self.within[0] != bounds:  # a shape's bounds are always the same
            xs, ys = self.pool[:, 0], self.pool[:, 1]
            ok = (bounds[0] <= xs - hw) & (xs + hw <= bounds[2]) & (bounds[1] <= ys - hh) & (ys + hh <= bounds[3])
            lo, hi = self.pool.min(axis=0), self.pool.max(axis=0)
            self.within = (bounds, ok, (float(lo[0]) - hw, float(hi[0]) + hw, float(lo[1]) - hh, float(hi[1]) + hh))
        _, ok, (x_lo, x_hi, y_lo, y_hi) = self.within
        spots = np.flatnonzero(ok & (self.state != 0))
        for boxes in (taken, avoid):
            if len(boxes) and len(spots):
                o = np.asarray(boxes, dtype=float).reshape(-1, 4)
                o = o[(x_lo < o[:, 2]) & (o[:, 0] < x_hi) & (y_lo < o[:, 3]) & (o[:, 1] < y_hi)]
                if len(o):
                    xs, ys = self.pool[spots, 0][:, None], self.pool[spots, 1][:, None]
                    spots = spots[~((xs - hw < o[:, 2]) & (o[:, 0] < xs + hw)
                                    & (ys - hh < o[:, 3]) & (o[:, 1] < ys + hh)).any(axis=1)]
        return self.first(spots)

    def first(self, spots: np.ndarray) -> int | None:
        """The first of `spots` (pool indices, in order) whose position passes, or None."""
        size = _SHAPE_CHUNK
        while len(spots):
            state = self.state[spots]
            open_ = np.flatnonzero(state)  # passes or not known yet
            if not len(open_):
                return None
            spots = spots[open_[0]:]
            if state[open_[0]] == 1:
                return int(spots[0])
            # Test the next positions not known yet, a few per numpy step, twice as many each step (the first that
            # passes usually comes early: all of them at once cost more than it saved).
            unknown = spots[self.state[spots] < 0][:size]
            size *= 2
            ons = _on_shape(self.ring, self.pool[unknown], self.half_w, self.half_h).tolist()
            for index, on in zip(unknown.tolist(), ons):
                if self.kind == "on":
                    self.state[index] = on
                    continue
                if not on and self.sea == "sea":  # beside the shape, and off the others' (tested one by one: costly)
                    x, y = self.pool[index].tolist()
                    box = (x - self.half_w, y - self.half_h, x + self.half_w, y + self.half_h)
                    on = not _off_others(box, x, y, *self.centre, self.land, self.code)
                self.state[index] = not on
                if not on:
                    break  # this one passes: the next step returns it (or an earlier free one that passed)
        return None


_SHAPE_CHUNK = 8
_POOLS: dict[int, tuple] = {}  # id(positions) -> (positions, their array)


def _pool(source) -> np.ndarray:
    """`source` (a shape's name positions, or _beside's array) as one read-only array per pool, shared by every
    name size that uses it (a shape's positions are up to ~500 points: 8 KB per copy)."""
    if isinstance(source, np.ndarray):
        return source
    got = _POOLS.get(id(source))
    if got is None or got[0] is not source:
        if len(_POOLS) > 1024:
            _POOLS.clear()
        array = np.asarray(source, dtype=float).reshape(-1, 2)
        array.flags.writeable = False
        got = _POOLS[id(source)] = (source, array)
    return got[1]


_TESTS: dict[tuple, _Tests] = {}  # see _tests
_TESTS_MAX = 4096  # ≈ 47 names x 3-4 column widths x 3 sizes x a few label widths (digits, language) x 2 pools


def _tests(kind: str, source, ring, half_w: float, half_h: float, sea, centre: tuple[float, float],
           land: Sequence[tuple], code: str) -> _Tests:
    """The kept answers for a name of this size in this pool (positions on its shape, or _beside's). Keyed by the
    identity of the pool and ring (both live for the process: the shapes are made once, _beside's arrays are kept
    by its cache and the entry holds them, so an id is never another object's) and of land (_land, made once)."""
    key = (kind, id(source), id(ring), half_w, half_h, sea, centre, id(land), code)
    got = _TESTS.get(key)
    if got is not None and got.source is source and got.ring is ring and got.land is land:
        return got
    if len(_TESTS) >= _TESTS_MAX:
        _TESTS.clear()
    got = _TESTS[key] = _Tests(kind, source, ring, half_w, half_h, sea, centre, land, code)
    return got


_LAND: dict[int, tuple] = {}  # id(land) -> (land, its boxes, its codes): land is made once (_land)


def _land_arrays(land: Sequence[tuple]) -> tuple[np.ndarray, np.ndarray]:
    """The boxes (rings x 4) and prefecture codes of `land` ((bounding box, ring, code) per ring) as arrays."""
    got = _LAND.get(id(land))
    if got is None or got[0] is not land:
        _LAND.clear()  # one land per boundary file
        got = _LAND[id(land)] = (land, np.array([b for b, _, _ in land], dtype=float).reshape(-1, 4),
                                 np.array([c for _, _, c in land], dtype=object))
    return got[1], got[2]


@functools.lru_cache(maxsize=1024)
def _beside(x0: float, y0: float, em: float) -> np.ndarray:
    """The positions a name may take beside its shape: a grid of half-em steps up to 4 em around its label point
    (x0, y0), nearest first. The same for every build of a name at one column width (em): sorted once per process
    (it was sorted anew for every name at every width, and for names that may not go beside their shape at all).
    An array (4.6 KB) rather than a list of tuples (30 KB), as 1,024 of them stay in memory."""
    step, reach = em / 2, 4 * em
    beside = sorted(((x0 + i * step, y0 + j * step) for i in range(-8, 9) for j in range(-8, 9)),
                    key=lambda p: (p[0] - x0) ** 2 + (p[1] - y0) ** 2)
    out = np.array([p for p in beside if abs(p[0] - x0) <= reach and abs(p[1] - y0) <= reach], dtype=float)
    out.flags.writeable = False  # shared by every build
    return out


def _free_spots(pool: np.ndarray, half_w: float, half_h: float, bounds: tuple,
                taken: Sequence[tuple], avoid: Sequence[tuple]) -> np.ndarray:
    """Indices, in order, of the positions in `pool` where a name box (half_w, half_h around the position) lies
    within `bounds` and overlaps no box of `taken` or `avoid` (_inside and _overlap, for every position in one numpy
    step). Name placement made some 300,000 such tests per map, one Python call each: with random filters (the load
    generator) the map was over a third of the server's CPU. The same float arithmetic and comparisons as the
    per-position tests, so the same positions pass."""
    if not len(pool):
        return np.zeros(0, dtype=int)
    left, right = pool[:, 0] - half_w, pool[:, 0] + half_w
    bottom, top = pool[:, 1] - half_h, pool[:, 1] + half_h
    ok = (bounds[0] <= left) & (right <= bounds[2]) & (bounds[1] <= bottom) & (top <= bounds[3])
    for boxes in (taken, avoid):
        if len(boxes):
            o = np.asarray(boxes, dtype=float)
            ok &= ~((left[:, None] < o[:, 2]) & (o[:, 0] < right[:, None])
                    & (bottom[:, None] < o[:, 3]) & (o[:, 1] < top[:, None])).any(axis=1)
    return np.flatnonzero(ok)


def fit_css(fig: go.Figure, presenter: bool | str) -> str:
    """The page's CSS for the map `fig` (`{box}`: its container): the height follows the width, so the map fills
    the column at any screen size without a band of white above and below it; on a wide screen the height is
    capped to the window (a 16:9 projector shows the whole map). Each tier's names are shown only while the map is
    as wide as that tier and narrower than the one before it (plotly draws the traces in order as the children of
    the scatter layer; Streamlit replaces uids). A slide's map (presenter "slide"): slide_css."""
    if presenter == "slide":
        return slide_css(fig)
    widths = NAME_WIDTHS[presenter]
    rules = ["{box} { container-type: inline-size; }",
             "{box} [data-testid=\"stPlotlyChart\"] { height: min(calc(100cqw * %.4f + %dpx), max(420px, calc(100vh - 90px)))"
             " !important; }" % (HEIGHT / WIDTH, LEGEND_PX[presenter])]

    def short(width: int) -> int:  # a window lower than this caps the map's height below `width` px of width
        return math.ceil(width * HEIGHT / WIDTH + LEGEND_PX[presenter] + 110)  # 90 px cap, 12 px margins, slack

    for tier, width in enumerate(widths):
        hidden = ", ".join(f"{{box}} .scatterlayer > .trace:nth-child({i + 1})" for i, trace in enumerate(fig.data)
                           if (trace.name or "").startswith(_names_key(tier)))
        if not hidden:
            continue
        if tier < len(widths) - 1:  # the map is narrower than the tier: a narrow column, or a short window
            rules.append(f"@container (max-width: {width - 1}px) {{ {hidden} {{ display: none; }} }}")
            rules.append(f"@media (max-height: {short(width) - 1}px) {{ {hidden} {{ display: none; }} }}")
        if tier > 0:  # the map is as wide as the tier before: its names are shown instead
            wider = widths[tier - 1]
            rules.append(f"@container (min-width: {wider}px) {{ @media (min-height: {short(wider)}px) "
                         f"{{ {hidden} {{ display: none; }} }} }}")
    return "\n".join(rules)


# What a slide keeps above and below the map at 1920 px (title, footer with its QR code and buttons, margins):
# measured in Chromium at 1920x1080 and 1366x768, both grow with the screen's width (type and QR code do).
SLIDE_ABOVE_BELOW = (80, 0.1895)  # px + share of the screen's width: 444 px at 1920, 339 px at 1366
# A lower window scrolls rather than draw the map smaller. The legend's eleven rows (spaced for SLIDE_LEGEND_ROW_PX)
# are 353 px high and plotly gives them the chart's height less its margins: at 360 px (1024x768) the legend scrolled.
SLIDE_MIN_PX = 380


def slide_css(fig: go.Figure) -> str:
    """The slide's CSS for its map (`{box}`: its container): the map is as high as the screen leaves it under the
    title and above the footer (measured: the footer and its buttons stay on the first screen at 1920x1080 and
    1366x768), and its text is drawn in proportion to the map's drawn width (the chart box is a size container:
    the map is as wide as the box less the legend's room, or as its height times the map's proportions, whichever
    is less), so the names placed for NAME_WIDTHS["slide"] neither collide nor clip at any screen size."""
    font = FONT_PX["slide"]
    legend = fig.layout.margin.l + fig.layout.margin.r  # the room beside the map (the legend at its right)
    aspect = (WIDTH + 0.4) / (HEIGHT + 0.4)  # the axes' ranges: 0.2 map units around the map
    fixed, share = SLIDE_ABOVE_BELOW
    chart = '.st-key-slide_body {box} [data-testid="stPlotlyChart"]'
    # No higher than the map is at the slide's width (95vw: the slide's side padding): on a 4:3 screen the room
    # below a map drawn to the width was left blank, above the footer.
    by_width = f"calc((95vw - {legend}px) * {1 / aspect:.5f} + 8px)"
    highest = f"max({SLIDE_MIN_PX}px, {by_width})"  # the legend's rows need SLIDE_MIN_PX (1024x768)
    rules = [f'{chart} {{ height: max({SLIDE_MIN_PX}px, min({by_width}, calc(100vh - {fixed}px - {share * 100:.2f}vw)))'
             f' !important; container-type: size; }}',
             # Where the slide fills the screen's height (theme.slide_css) the map's box is what the title and the
             # footer leave, whatever their height (an English source line takes two lines, the QR code's row
             # follows the screen); the estimate above is for narrower windows.
             f'@media (min-width: {SLIDE_FILL_MIN_PX}px) {{ {chart} {{ height: min({highest}, 100%) !important; }}'
             # and no higher than the map: on a 4:3 screen the footer follows the map (the room left is below the
             # buttons) instead of a blank band of 170 px between them at 1024x768.
             f' [data-testid="stLayoutWrapper"]:has(> .st-key-slide_body {{box}}) {{ max-height: {highest}; }} }}']
    # The map is at least `px` wide: as wide as the box less the legend and its height times the aspect.
    def at_least(px: int) -> str:
        return f"((min-width: {px + legend}px) and (min-height: {math.ceil(px / aspect) + 8}px))"

    for tier, width in enumerate(NAME_WIDTHS["slide"]):  # tier 0 on the widest map, the last on the narrowest
        bounds = ([at_least(SLIDE_TIER_PX[tier])] if tier < len(SLIDE_TIER_PX) else []) + \
            ([f"(not {at_least(SLIDE_TIER_PX[tier - 1])})"] if tier > 0 else [])
        shown = " and ".join(bounds)
        size = (f"min({font}px, calc((100cqh - 8px) * {aspect * font / width:.5f}),"
                f" calc((100cqw - {legend}px) * {font / width:.5f}))")
        legend_size = size.replace(f"min({font}px,", f"min({SLIDE_LEGEND_MAX_PX}px,", 1)
        rules.append(f"@container {shown} {{ {chart} .main-svg text {{ font-size: {size} !important; }}"
                     f" {chart} .main-svg .legend text {{ font-size: {legend_size} !important; }} }}")
        hidden = ", ".join(f"{chart} .scatterlayer > .trace:nth-child({i + 1})" for i, trace in enumerate(fig.data)
                           if (trace.name or "").startswith(_names_key(tier)))
        if hidden:
            rules.append(f"@container not ({shown}) {{ {hidden} {{ display: none; }} }}")
    # An inset's title: plotly sizes its white box for FONT_PX["slide"], too large (over names) for smaller text; a
    # white halo keeps the title legible over the shapes instead.
    rules.append(f"{chart} .annotation rect.bg {{ fill-opacity: 0 !important; }}")
    # The legend's text is wider than plotly measured it (at SLIDE_LEGEND_ROW_PX): its clip path cut 「支援終了の都道府県」
    # at 1920x1080; the figure's right margin has the room.
    rules.append(f"{chart} .legend .scrollbox {{ clip-path: none !important; }}")
    rules.append(f"{chart} .annotation text {{ paint-order: stroke; stroke: #FFFFFF; stroke-width: 0.2em;"
                 " stroke-linejoin: round; }")
    return "\n".join(rules)


def one_width(fig: go.Figure, tier: int = 0) -> go.Figure:
    """A copy of the map with only the names (and their leader lines) placed for NAME_WIDTHS[…][tier]: a picture
    (PNG, PDF, PPTX) has no CSS to choose a tier by the map's width, and showed every tier's names on top of one
    another ("北海道 2" three times). Tier 0 is the widest column: a 1920 px page."""
    return go.Figure(names_at(fig.to_dict(), tier))


def names_at(figure: dict, tier: int) -> dict:
    """The map's dict with only tier `tier`'s names and leader lines (not changed in place)."""
    keep = _names_key(tier)
    return {**figure, "data": [trace for trace in figure["data"] if not str(trace.get("name") or "").startswith("names-")
                               or str(trace.get("name")).startswith(keep)]}


def _names_key(tier: int, dark: bool | None = None) -> str:
    """The (never shown) name of a names trace, by which fit_css finds the traces of a tier."""
    return f"names-{tier}-" + ("" if dark is None else "white" if dark else "dark")


@dataclass(frozen=True)
class _Shape:
    """A prefecture's geometry in map units, the same for every filter setting (computed once per process)."""
    code: int
    name: str
    rings: tuple  # its polygons in every frame they appear in
    grid: tuple  # the invisible click points covering them
    home: tuple | None  # (frame, ring, name positions: the centre first, then nearby points of the shape)


_SHAPES: dict[int, tuple[object, tuple[_Shape, ...]]] = {}  # id(features) -> (features, shapes)
_SHAPES_LOCK = threading.Lock()


def _shapes(features: Sequence[dict]) -> tuple[_Shape, ...]:
    """The shapes of `features` (geo.prefecture_features() is itself cached, so its id is stable)."""
    cached = _SHAPES.get(id(features))
    if cached is not None and cached[0] is features:
        return cached[1]
    with _SHAPES_LOCK:  # made once: the first visitors of a new server all asked for the map at once (a hall), and
        # every session thread made the shapes (0.7 s of CPU each; about 3 s in a 50-session load test's 40 s profile)
        cached = _SHAPES.get(id(features))
        if cached is not None and cached[0] is features:
            return cached[1]
        return _make_shapes(features)


_LANDS: dict[int, tuple] = {}  # id(shapes) -> (shapes, land)


def _land(shapes: tuple[_Shape, ...]) -> tuple[tuple, ...]:
    """(bounding box, ring, pref code) of every ring of `shapes`, made once per shapes: the same object for every
    build, so what name placement keeps about it (_land_arrays, _tests) is kept across builds."""
    got = _LANDS.get(id(shapes))
    if got is not None and got[0] is shapes:
        return got[1]
    land = tuple(((min(p[0] for p in ring), min(p[1] for p in ring), max(p[0] for p in ring),
                   max(p[1] for p in ring)), ring, str(shape.code)) for shape in shapes for ring in shape.rings)
    if len(_LANDS) > 4:
        _LANDS.clear()
    _LANDS[id(shapes)] = (shapes, land)
    return land


def make_shapes() -> None:
    """Project the prefectures' shapes now (dashboard.serve, before the first visitor); raises
    geo.ReferenceDataError when the boundary file cannot be used."""
    _shapes(geo.prefecture_features())


def _make_shapes(features: Sequence[dict]) -> tuple[_Shape, ...]:
    out = []
    for f in features:
        code = int(f["properties"]["pref_code"])
        pieces = _pieces(f)
        grid = tuple(p for _, ring in pieces for p in geo.grid(ring, CLICK_STEP))
        home_pieces = [p for p in pieces if (p[0] is not MAIN and code in p[0].owns)
                       or (p[0] is MAIN and not any(code in fr.owns for fr in FRAMES))]
        home = None
        if home_pieces:
            frame, ring = max(home_pieces, key=lambda p: geo.ring_area(p[1]))
            x, y = geo.label_point(ring, GRID_STEP)
            reach = 1.2 * frame.scale
            near = sorted((p for p in geo.grid(ring, GRID_STEP / 2) if abs(p[0] - x) <= reach and abs(p[1] - y) <= reach),
                          key=lambda p: (p[0] - x) ** 2 + (p[1] - y) ** 2)
            home = (frame, ring, ((x, y), *near))
        out.append(_Shape(code, str(f["properties"]["pref_name"]), tuple(ring for _, ring in pieces), grid, home))
    if len(_SHAPES) > 4:
        _SHAPES.clear()
    shapes = tuple(out)
    _SHAPES[id(features)] = (features, shapes)
    return shapes


class _Shared(tuple):
    """A trace's long array (the outlines, the click grid and its hover data): a tuple, which plotly writes as a JSON
    array like a list, and which a copy of the figure may share. go.Figure deep-copies every trace's properties when
    it is made, element by element: some 20,000 values per map, 5 ms of the 30 a map took with new filters."""
    __slots__ = ()

    def __deepcopy__(self, memo) -> _Shared:
        return self


def _trace(**props) -> go.Scatter:
    """A scatter trace of the map, made without plotly's validation (as is the map's figure): plotly walked every
    element of the prefectures' outlines and of the click grid's hover texts, and copied them again when the trace was
    added (a third of a map's build). The map's properties are plotly's own names and types; tests/test_page_map.py
    checks that the JSON is the same as a validated figure's."""
    return go.Scatter(_validate=False, **props)


def _group_title(text: str | None) -> dict:
    """A legend group's title, or none at all (unvalidated, an empty title would be sent as {"text": null})."""
    return {} if text is None else {"legendgrouptitle": {"text": text}}


def project_map(counts: pd.DataFrame, points: pd.DataFrame, projects: pd.DataFrame, features: Sequence[dict],
                t: T, *, presenter: bool = False) -> go.Figure:
    """The whole map: prefectures coloured by matching projects, their names, the points, the insets."""
    size = FONT_PX[presenter]
    count_of = dict(zip(counts["pref_code"].astype(int), counts["project_count"].astype(int)))
    name_of = dict(zip(counts["pref_code"].astype(int), counts["pref_name"].astype(str)))
    listed = _listed(projects)
    traces: list[go.Scatter] = []  # the figure is made from them at the end, unvalidated (see _trace)

    # 1. Prefecture areas: one filled trace per colour class (None separates the polygons).
    by_colour: dict[str, list] = {}
    grid_x, grid_y, grid_data = [], [], []
    candidates = []  # (label, positions, bounds, ring, white text (dark fill), customdata, order, beside_ok)
    for shape in _shapes(features):
        code = shape.code
        name = name_of.get(code, shape.name)
        n = count_of.get(code, 0)
        colour = count_colour(n)
        hover = _pref_hover(name, n, listed.get(code), t)
        custom = ["pref", str(code), hover]
        by_colour.setdefault(colour, []).extend(shape.rings)
        for x, y in shape.grid:
            grid_x.append(x), grid_y.append(y), grid_data.append(custom)
        if shape.home is not None:
            frame, ring, positions = shape.home
            label = t("panel.project_map.label", name=short_name(code, name), count=n) if n else short_name(code, name)
            bounds = _frame_rect(frame) if frame is not MAIN else (-0.2, -0.2, WIDTH + 0.2, HEIGHT + 0.2)
            candidates.append((label, positions, bounds, ring, colour in DARK_FILLS, custom, (-n, -geo.ring_area(ring)),
                               True if frame is not MAIN else "sea" if n else False))
            grid_x.append(positions[0][0]), grid_y.append(positions[0][1]), grid_data.append(custom)  # a sliver too
    candidates.sort(key=lambda c: c[6])  # names with more projects first, then larger shapes
    for lowest, colour, label_key in ((0, ZERO_COLOUR, "0"), *COUNT_CLASSES):
        rings = by_colour.get(colour, [])
        xs, ys = _lines(rings) if rings else ([None], [None])
        traces.append(_trace(
            x=_Shared(xs), y=_Shared(ys), mode="lines", fill="toself", fillcolor=colour,
            line={"color": BORDER_COLOUR, "width": 1},
            hoverinfo="skip", name=t(f"panel.project_map.class_{label_key}"), legendgroup="fill",
            **_group_title(t("panel.project_map.legend_fill") if lowest == 0 else None)))

    # 2. Insets' frames and titles.
    shapes, notes = [], []
    for frame in FRAMES[1:]:
        (x0, y0), (w, h) = frame.origin, frame.size
        shapes.append({"type": "rect", "x0": x0, "y0": y0, "x1": x0 + w, "y1": y0 + h, "layer": "below",
                       "line": {"color": FRAME_COLOUR, "width": 1.5}, "fillcolor": "rgba(0,0,0,0)"})
        title = frame_title(frame, t(f"panel.project_map.frame_{frame.key}"), size, presenter)
        if presenter == "slide":  # centred on its box: plotly's box is for 26 px, the slide's CSS draws it smaller
            box = _title_box(frame, title, _units(size, NAME_WIDTHS[presenter][-1]))
            where = {"x": (box[0] + box[2]) / 2, "y": (box[1] + box[3]) / 2, "xanchor": "center", "yanchor": "middle"}
        else:
            where = {"x": x0 + 0.15, "y": y0 + h - 0.15, "xanchor": "left", "yanchor": "top",
                     "bgcolor": "rgba(255,255,255,0.85)"}
        notes.append({**where, "showarrow": False, "text": title, "font": {"size": size, "color": TEXT}})

    # 3. Points: supported first, ended on top (ended-only places are never hidden under supported ones).
    rows = {("supported", False): [], ("supported", True): [], ("ended", False): [], ("ended", True): []}
    for pt in points.itertuples(index=False):
        lon, lat = float(pt.lon), float(pt.lat)
        y = geo.mercator_y(lat)
        custom = ["area", ",".join(str(c) for c in pt.area_codes), _point_hover(pt, t)]
        status = "supported" if int(pt.supported_count) > 0 else "ended"
        at = [f for f in (_frame_of(lon, lat), KINKI if KINKI.holds(lon, lat) else None,
                          KANTO if KANTO.holds(lon, lat) else None) if f is not None]
        for frame in at:
            x, yy = frame.xy(lon, y)
            rows[(status, bool(pt.is_prefecture_level_only))].append((x, yy, int(pt.project_count), custom))
    scale = 1.3 if presenter else 1.0

    # 4. Prefecture names (clickable like the area): white on dark fills, dark elsewhere; one trace per tier.
    widths = NAME_WIDTHS[presenter]

    def obstacles(width: int) -> list[tuple[float, float, float, float]]:
        """The points and the insets' titles in map units at a column `width` px wide (both are drawn in px)."""
        out = [(x - r, y - r, x + r, y + r) for items in rows.values() for x, y, n, _ in items
               for r in [_units((9 + 3 * (n - 1)) * scale / 2 + 2, width)]]
        for frame in FRAMES[1:]:  # on a slide the title's box at its largest (the narrowest tier) at every tier
            title = frame_title(frame, t(f"panel.project_map.frame_{frame.key}"), size, presenter)
            out.append(_title_box(frame, title, _units(size, widths[-1] if presenter == "slide" else width)))
        return out

    names: dict[tuple[int, bool], tuple[list, list, list, list]] = {}
    leaders: list[tuple[int, float, float, float, float]] = []  # (tier, name x, y, shape x, y)
    land = _land(_shapes(features))
    fall_back = range(len(widths)) if presenter == "slide" else (0,)
    for tier, x, y, inside, (label, positions, _, ring, dark, custom, _, _) in place_names(candidates, obstacles, size,
                                                                                          widths, land, fall_back,
                                                                                          presenter == "slide"):
        lx, ly, lt, ld = names.setdefault((tier, dark and inside), ([], [], [], []))  # white only on the dark fill
        lx.append(x), ly.append(y), lt.append(label), ld.append(custom)
        grid_x.append(x), grid_y.append(y), grid_data.append(custom)  # a click on a name selects its prefecture
        if not geo.contains(ring, x, y):  # beside its shape: a leader line to it
            leaders.append((tier, x, y, *positions[0]))

    # 5. The traces: the invisible click grid (hover and click anywhere on a prefecture, its name included),
    # the points, the names.
    invisible = {"opacity": 0, "size": 12}
    traces.append(_trace(x=_Shared(grid_x), y=_Shared(grid_y), mode="markers", marker=invisible,
                             customdata=_Shared(grid_data),
                             hovertemplate="%{customdata[2]}<extra></extra>", showlegend=False, name="pref_grid",
                             selected={"marker": {"opacity": 0}}, unselected={"marker": {"opacity": 0}}))

    for (status, ring), items in rows.items():
        colour = POINT_COLOURS[status]
        marker = {"size": [round((9 + 3 * (n - 1)) * scale, 1) for _, _, n, _ in items],
                  "symbol": ("diamond" if status == "ended" else "circle") + ("-open" if ring else ""),
                  "color": colour, "line": {"color": colour if ring else BORDER_COLOUR, "width": 2.5 if ring else 1}}
        traces.append(_trace(
            x=[i[0] for i in items] or [None], y=[i[1] for i in items] or [None], mode="markers", marker=marker,
            customdata=[i[3] for i in items] or None, hovertemplate="%{customdata[2]}<extra></extra>",
            name=t(f"panel.project_map.point_{status}_{'pref' if ring else 'muni'}"), legendgroup="points",
            **_group_title(t("panel.project_map.legend_points") if (status, ring) == ("supported", False) else None),
            selected={"marker": {"opacity": 1}}, unselected={"marker": {"opacity": 1}}))
    for tier in sorted({leader[0] for leader in leaders}):  # a thin line from a name beside its shape to the shape
        xs, ys = [], []
        for _, x, y, sx, sy in (leader for leader in leaders if leader[0] == tier):
            label = next(t for (tr, _), (lx, ly, lt, _) in names.items() if tr == tier
                         for t, nx, ny in zip(lt, lx, ly) if (nx, ny) == (x, y))
            box = _label_box(x, y, label, _units(size, widths[tier]))  # the narrowest column it is shown at
            dx, dy = sx - x, sy - y
            cut = min((box[2] - x) / abs(dx) if dx else float("inf"), (box[3] - y) / abs(dy) if dy else float("inf"))
            if cut < 1:
                xs += [round(x + dx * cut * 1.05, 4), sx, None]
                ys += [round(y + dy * cut * 1.05, 4), sy, None]
        traces.append(_trace(x=xs or [None], y=ys or [None], mode="lines", line={"color": TEXT, "width": 1},
                                 hoverinfo="skip", showlegend=False, name=_names_key(tier) + "leader"))
    for (tier, dark), (lx, ly, lt, ld) in sorted(names.items()):
        colour = "#FFFFFF" if dark else TEXT
        traces.append(_trace(
            x=lx, y=ly, mode="text", text=lt, customdata=ld, showlegend=False, name=_names_key(tier, dark),
            # A halo in the contrasting colour: a name stays legible where it crosses a point, a border or a fill.
            textfont={"size": size, "color": colour, "family": FONT, "shadow": "auto"}, hoverinfo="skip",
            selected={"textfont": {"color": colour}}, unselected={"textfont": {"color": colour}}))

    axis = {"visible": False, "fixedrange": True, "showgrid": False, "zeroline": False}
    # A slide's legend, at the map's right: plotly makes room for it as measured at SLIDE_LEGEND_ROW_PX, while the
    # slide's CSS draws its text up to SLIDE_LEGEND_MAX_PX (cut off at the right by 6 px at 1920x1080 when the room
    # was measured by plotly); the right margin is the room at that size (symbol, longest label, slack), which
    # slide_css subtracts from the map's width. 56: with 52 plotly needed 2 px more and drew the map twice.
    labels = [trace.name for trace in traces if trace.showlegend is not False and trace.name]
    labels += [t("panel.project_map.legend_fill"), t("panel.project_map.legend_points")]
    legend_room = math.ceil(56 + max(_label_box(0, 0, label, SLIDE_LEGEND_MAX_PX)[2] * 2 for label in labels))
    fig = go.Figure(data=traces, _validate=False, layout=dict(
        font={"family": FONT, "size": size, "color": TEXT}, paper_bgcolor="white", plot_bgcolor="white",
        height=HEIGHT_PX[presenter], margin={"l": 4, "t": 4, **({"r": legend_room, "b": 4} if presenter == "slide"
                                                                 else {"r": 4, "b": LEGEND_PX[presenter]})},
        dragmode=False,
        hovermode="closest", hoverdistance=16, shapes=shapes, annotations=notes,
        hoverlabel={"font": {"family": FONT, "size": size, "color": TEXT}, "bgcolor": "white",
                    "bordercolor": FRAME_COLOUR, "align": "left"},
        # Below the map, in rows: inside it, a projector-sized legend would cover the 関東 inset on narrow screens.
        legend={**({"orientation": "v", "x": 1, "y": 1, "xanchor": "left", "yanchor": "top"} if presenter == "slide"
                   else {"orientation": "h", "x": 0, "y": 0, "xanchor": "left", "yanchor": "top"}),
                "itemsizing": "constant", "title": {"text": ""},
                # On a slide plotly spaces the rows for this size and the CSS draws the text (≤ FONT_PX["slide"]);
                # spaced for 26 px the eleven rows were taller than the map at 1366x768 and the legend scrolled.
                "font": {"size": SLIDE_LEGEND_ROW_PX if presenter == "slide" else size, "color": TEXT},
                "itemclick": False, "itemdoubleclick": False, "groupclick": "toggleitem", "tracegroupgap": 12,
                "bgcolor": "rgba(255,255,255,0.9)"},
        showlegend=True,
        xaxis={**axis, "range": [-0.2, WIDTH + 0.2], "constrain": "domain"},
        yaxis={**axis, "range": [-0.2, HEIGHT + 0.2], "scaleanchor": "x", "scaleratio": 1, "constrain": "domain"},
    ))
    validated_from_here(fig)  # later changes (a renderer's, a test's) are validated, as on any other figure
    return fig


def selected_place(selection: Mapping | None, known: Mapping[str, Place]) -> Place | None:
    """The place of a plotly point selection (st.session_state[panel id].selection), looked up in `known`
    (kind:key -> Place); None when nothing usable is selected. Only our own keys are trusted."""
    try:
        for point in (selection or {}).get("points") or []:
            custom = point.get("customdata") or []
            place = known.get(f"{custom[0]}:{custom[1]}")
            if place is not None:
                return place
    except (AttributeError, IndexError, KeyError, TypeError):
        return None
    return None
