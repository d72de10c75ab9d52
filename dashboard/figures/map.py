"""The 地図 page's deck.gl map: one function per layer, the initial view, the deck, its legend and clicks.

Strictly offline: no basemap (`map_provider=None` and no `map_style` at all: on Streamlit 1.67 even
`map_style=None` makes the browser fetch a Carto style), no tiles, no fonts, no images. The country is
drawn by the prefecture choropleth; the sea is the page background.

Points are one per *location*, not one per project: the applicant areas of all matching projects that
share coordinates (河内長野市 has an H30 and an R4 project) become one point whose tooltip lists every
project there. Jitter would move a town off its office and still hide one marker under the other.
"""
from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pandas as pd
import pydeck as pdk
from pydeck.bindings.json_tools import default_serialize

from dashboard import project_text as text
from dashboard.chart_style import FONT, PALETTE, SEQUENTIAL, STATUS_COLOURS

LAYER_PREFECTURES = "prefectures"
LAYER_AREAS = "areas"
MAP_HEIGHT_PX = 470  # with the page header above it, the whole map fits a 1366 x 768 screen
# The initial view is fitted into the narrowest map we expect (a 1024 px wide projector with the sidebar
# open); wider maps show more margin around Japan, never less of it.
FIT_WIDTH_PX = 560
FIT_PADDING_PX = 16
_TILE_PX = 512  # deck.gl's world size at zoom 0

ZERO_COLOUR = "#E3E3E3"  # light grey: no matching project
# (lowest count, colour, legend label); the last class is open-ended. Fixed classes keep colours comparable
# between filter settings. SEQUENTIAL[0] is skipped: it is too close to the grey of 0.
COUNT_CLASSES = ((1, SEQUENTIAL[1], "1"), (2, SEQUENTIAL[2], "2"), (3, SEQUENTIAL[3], "3"),
                 (4, SEQUENTIAL[4], "4以上"))
POINT_COLOURS = {"supported": PALETTE[5], "ended": STATUS_COLOURS["ended"]}  # vermillion stands out on blue
BORDER_COLOUR = "#FFFFFF"

# Streamlit fills {name} from the picked object (or its GeoJSON properties) and HTML-escapes the value, so
# the text fields below are plain text; pre-line keeps their line breaks.
TOOLTIP_HTML = ('<div style="font-weight:700;margin-bottom:4px;white-space:pre-line">{tooltip_heading}</div>'
                '<div style="white-space:pre-line">{tooltip_body}</div>')


def rgba(hex_colour: str, alpha: int = 255) -> list[int]:
    h = hex_colour.lstrip("#")
    return [int(h[i:i + 2], 16) for i in (0, 2, 4)] + [alpha]


def count_colour(project_count: int) -> str:
    colour = ZERO_COLOUR
    for lowest, class_colour, _ in COUNT_CLASSES:
        if project_count >= lowest:
            colour = class_colour
    return colour


def _project_lines(p) -> str:
    lines = [f"{text.fy_text(p.selected_fy)}｜{text.status_text(p.status)}",
             f"申請者: {p.applicant}",
             f"技術: {text.technologies_text(p.technologies, p.technologies_more)}"
             + (" （※）" if text.mlit_mark(p.mlit_av_support) else "")]
    if text.is_present(p.title) and str(p.title).strip():
        lines.append(f"タイトル: {p.title}")
    return "\n".join(lines)


def _by_project(projects: pd.DataFrame) -> dict[str, object]:
    return {p.project_id: p for p in projects.drop_duplicates("project_id").itertuples(index=False)}


def prefecture_layer(counts: pd.DataFrame, projects: pd.DataFrame, features: Sequence[dict]) -> pdk.Layer:
    """Choropleth: each prefecture coloured by its number of matching projects (queries/prefecture_project_counts).

    `projects` (queries/prefecture_projects) fills the tooltip; `features` are the reference shapes.
    """
    count_of = dict(zip(counts["pref_code"].astype(int), counts["project_count"].astype(int)))
    listed = {int(code): group for code, group in projects.groupby("pref_code", sort=False)}
    data = []
    for f in features:
        code = int(f["properties"]["pref_code"])
        name = f["properties"]["pref_name"]
        n = count_of.get(code, 0)
        rows = listed.get(code)
        body = ("条件に合う事業はありません" if rows is None else
                "\n".join(f"・{r.applicant}（{text.fy_text(r.selected_fy)}、{text.status_text(r.status)}）"
                          for r in rows.itertuples(index=False)))
        data.append({"type": "Feature", "geometry": f["geometry"], "properties": {
            "pref_code": code, "pref_name": name, "project_count": n,
            "fill_rgba": rgba(count_colour(n)),
            "tooltip_heading": f"{name}：条件に合う事業 {n} 件",
            "tooltip_body": body,
        }})
    return pdk.Layer(
        "GeoJsonLayer", data=data, id=LAYER_PREFECTURES, pickable=True, auto_highlight=True,
        highlight_color=[230, 159, 0, 110], stroked=True, filled=True,
        get_fill_color="properties.fill_rgba", get_line_color=rgba(BORDER_COLOUR), line_width_min_pixels=1,
    )


def area_layer(points: pd.DataFrame, projects: pd.DataFrame, *, scale: float = 1.0) -> pdk.Layer:
    """One point per location of an applicant area (queries/map_points); tooltip lists every project there.

    Filled dots are municipalities; white dots with a coloured ring are prefectures as applicants (placed at
    the prefectural capital's municipal office, not the prefectural office).
    """
    info = _by_project(projects)
    data = []
    for pt in points.itertuples(index=False):
        ids = list(pt.project_ids)
        colour = POINT_COLOURS["supported" if pt.supported_count > 0 else "ended"]
        ring = bool(pt.is_prefecture_level_only)
        body = "\n\n".join(_project_lines(info[i]) for i in ids if i in info)
        heading = "・".join(pt.area_labels) + f"（{len(ids)}事業）"
        if ring:
            heading += "\n点は県庁所在市の市役所の位置"
        data.append({
            "lon": float(pt.lon), "lat": float(pt.lat), "pref_code": int(pt.pref_code),
            "area_codes": list(pt.area_codes), "area_labels": list(pt.area_labels), "project_ids": ids,
            "project_count": int(pt.project_count),
            "radius_px": round((4 + 1.5 * (int(pt.project_count) - 1)) * scale, 1),
            "fill_rgba": rgba("#FFFFFF") if ring else rgba(colour),
            "line_rgba": rgba(colour) if ring else rgba(BORDER_COLOUR),
            "line_px": 2.5 if ring else 1,
            "tooltip_heading": heading, "tooltip_body": body,
        })
    # Drawn in order: bigger points first, so a small neighbour on top never hides one completely.
    data.sort(key=lambda d: -d["project_count"])
    return pdk.Layer(
        "ScatterplotLayer", data=data, id=LAYER_AREAS, pickable=True, auto_highlight=True,
        highlight_color=[0, 0, 0, 90], filled=True, stroked=True, radius_units="'pixels'",
        line_width_units="'pixels'", get_position="[lon, lat]", get_radius="radius_px",
        get_fill_color="fill_rgba", get_line_color="line_rgba", get_line_width="line_px",
    )


def _mercator_y(lat: float) -> float:
    """0 at the top of the world, 1 at the bottom (fraction of the world height)."""
    return (math.pi - math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))) / (2 * math.pi)


def _latitude(y: float) -> float:
    return math.degrees(2 * math.atan(math.exp(math.pi - 2 * math.pi * y)) - math.pi / 2)


def fit_view(lon_min: float, lat_min: float, lon_max: float, lat_max: float, *,
             width: int = FIT_WIDTH_PX, height: int = MAP_HEIGHT_PX, padding: int = FIT_PADDING_PX) -> pdk.ViewState:
    """The view that shows the whole box in a width x height map (deck.gl's fitBounds, done here)."""
    dx = (lon_max - lon_min) / 360
    dy = _mercator_y(lat_min) - _mercator_y(lat_max)
    zoom = math.log2(min((width - 2 * padding) / (dx * _TILE_PX), (height - 2 * padding) / (dy * _TILE_PX)))
    zoom = math.floor(zoom * 100) / 100
    centre_y = (_mercator_y(lat_min) + _mercator_y(lat_max)) / 2
    return pdk.ViewState(longitude=round((lon_min + lon_max) / 2, 4), latitude=round(_latitude(centre_y), 4),
                         zoom=zoom, pitch=0, bearing=0)


def visible_bounds(view: pdk.ViewState, *, width: int = FIT_WIDTH_PX,
                   height: int = MAP_HEIGHT_PX) -> tuple[float, float, float, float]:
    """(lon_min, lat_min, lon_max, lat_max) a width x height map shows at `view` (for tests and checks)."""
    world = _TILE_PX * 2 ** view.zoom
    half_lon = width / 2 / world * 360
    centre_y = _mercator_y(view.latitude)
    half_y = height / 2 / world
    return (view.longitude - half_lon, _latitude(centre_y + half_y),
            view.longitude + half_lon, _latitude(centre_y - half_y))


def initial_view(extent: pd.DataFrame, shape_bounds: tuple[float, float, float, float] | None) -> pdk.ViewState:
    """Fit every applicant area (queries/area_extent: all projects, whatever the filters) and every prefecture
    shape, so the view is the same for every filter and always includes 対馬市, 伊仙町 and all of 北海道."""
    e = extent.iloc[0]
    boxes = [(float(e["lon_min"]), float(e["lat_min"]), float(e["lon_max"]), float(e["lat_max"]))]
    if shape_bounds:
        boxes.append(shape_bounds)
    return fit_view(min(b[0] for b in boxes), min(b[1] for b in boxes),
                    max(b[2] for b in boxes), max(b[3] for b in boxes))


def tooltip(*, presenter: bool = False) -> dict:
    return {"html": TOOLTIP_HTML, "style": {
        "backgroundColor": "white", "color": "#1a1a1a", "fontFamily": FONT,
        "fontSize": "16px" if presenter else "13px", "lineHeight": "1.45", "maxWidth": "380px",
        "border": "1px solid #999999", "borderRadius": "4px", "padding": "8px 10px",
        "boxShadow": "0 2px 6px rgba(0,0,0,0.2)",
    }}


class CompactDeck(pdk.Deck):
    """A Deck whose JSON has no indentation and keeps Japanese as UTF-8 (pydeck's own is ~3x larger)."""

    def to_json(self) -> str:
        return json.dumps(self, sort_keys=True, default=default_serialize, separators=(",", ":"),
                          ensure_ascii=False)


def project_map(counts: pd.DataFrame, points: pd.DataFrame, projects: pd.DataFrame, extent: pd.DataFrame,
                features: Sequence[dict] = (), shape_bounds: tuple[float, float, float, float] | None = None,
                *, presenter: bool = False) -> pdk.Deck:
    """The whole map: choropleth (when shapes are available) under the area points, with no basemap."""
    layers = []
    if features:
        layers.append(prefecture_layer(counts, projects, features))
    layers.append(area_layer(points, projects, scale=1.25 if presenter else 1.0))
    # No map_style argument: see the module docstring.
    return CompactDeck(layers=layers, initial_view_state=initial_view(extent, shape_bounds), map_provider=None,
                    tooltip=tooltip(presenter=presenter))


def _swatch(colour: str, *, round_: bool = False, ring: str | None = None) -> str:
    border = f"3px solid {ring}" if ring else "1px solid #888888"
    shape = "border-radius:50%;" if round_ else ""
    return (f'<span style="display:inline-block;width:14px;height:14px;background:{colour};border:{border};'
            f'{shape}vertical-align:middle;margin-right:6px;box-sizing:border-box"></span>')


def legend_html() -> str:
    """The map's legend as HTML swatches (only our own constants go into it)."""
    counts = [f"{_swatch(ZERO_COLOUR)}0"] + [f"{_swatch(c)}{label}" for _, c, label in COUNT_CLASSES]
    points = [
        f"{_swatch(POINT_COLOURS['supported'], round_=True)}支援中の市町村",
        f"{_swatch('#FFFFFF', round_=True, ring=POINT_COLOURS['supported'])}支援中の都道府県",
        f"{_swatch(POINT_COLOURS['ended'], round_=True)}支援終了の市町村",
        f"{_swatch('#FFFFFF', round_=True, ring=POINT_COLOURS['ended'])}支援終了の都道府県",
    ]
    return ('<div style="line-height:1.9">'
            '<div style="font-weight:700">都道府県の色<br>条件に合う事業数</div>'
            + "<br>".join(counts)
            + '<div style="font-weight:700;margin-top:10px">点: 申請者の所在地</div>'
            + "<br>".join(points)
            + '<div style="margin-top:6px;font-size:0.85em">点が大きいほど、その地点の事業が多い</div></div>')


@dataclass(frozen=True)
class Clicked:
    """What the user clicked on the map."""
    kind: str  # "prefecture" or "areas"
    pref_code: int | None = None
    area_codes: tuple[str, ...] = ()
    project_ids: tuple[str, ...] = ()
    label: str = ""


def clicked(selection: Mapping | None) -> Clicked | None:
    """The clicked prefecture or point from st.pydeck_chart's selection state; None when nothing (usable) is."""
    try:
        objects = (selection or {}).get("objects") or {}
        for obj in objects.get(LAYER_AREAS) or []:
            return Clicked("areas", pref_code=int(obj["pref_code"]),
                           area_codes=tuple(str(c) for c in obj["area_codes"]),
                           project_ids=tuple(str(i) for i in obj["project_ids"]),
                           label="・".join(str(x) for x in obj["area_labels"]))
        for obj in objects.get(LAYER_PREFECTURES) or []:
            props = obj["properties"]
            return Clicked("prefecture", pref_code=int(props["pref_code"]), label=str(props["pref_name"]))
    except (AttributeError, KeyError, TypeError, ValueError):
        return None
    return None
