"""Prefecture boundaries from data/reference/prefectures.geojson, read once per process.

Reference data (see data/reference/ATTRIBUTION.md): lon/lat degrees, one feature per prefecture with
properties pref_code (int) and pref_name. Each prefecture is its main area only: outlying islands
(対馬, 徳之島, …) are missing, so maps place island municipalities by their points instead.
Also the plane geometry the map needs (Mercator y, clipping to an inset's box, point in polygon,
label points), so the figure needs neither shapely nor a map library. No Streamlit here: the map page
and the tests share it.
"""
from __future__ import annotations

import json
import math
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np

from . import i18n

ROOT = Path(__file__).resolve().parent.parent
PREFECTURES_GEOJSON = ROOT / "data" / "reference" / "prefectures.geojson"


class ReferenceDataError(Exception):
    """The boundary file cannot be used; the message is meant for the user."""


@lru_cache(maxsize=4)
def prefecture_features(path: Path = PREFECTURES_GEOJSON) -> tuple[dict, ...]:
    """The 47 features in JIS code order. Treat them as read-only: they are shared by every session."""
    try:
        collection = json.loads(path.read_text(encoding="utf-8"))
        features = tuple(sorted(collection["features"], key=lambda f: int(f["properties"]["pref_code"])))
        for f in features:
            f["geometry"]["coordinates"]  # noqa: B018 - every feature must have a shape
    except FileNotFoundError:
        raise ReferenceDataError(i18n.t("geo.missing", file=path.name)) from None
    except (ValueError, KeyError, TypeError):
        raise ReferenceDataError(i18n.t("geo.broken", file=path.name)) from None
    return features


def _positions(coordinates):
    if coordinates and isinstance(coordinates[0], (int, float)):
        yield coordinates
    else:
        for part in coordinates:
            yield from _positions(part)


@lru_cache(maxsize=4)
def prefecture_bounds(path: Path = PREFECTURES_GEOJSON) -> tuple[float, float, float, float]:
    """(lon_min, lat_min, lon_max, lat_max) of all prefecture shapes."""
    lons, lats = [], []
    for f in prefecture_features(path):
        for lon, lat, *_ in _positions(f["geometry"]["coordinates"]):
            lons.append(lon)
            lats.append(lat)
    return min(lons), min(lats), max(lons), max(lats)


Ring = list[tuple[float, float]]


def mercator_y(lat: float) -> float:
    """Web Mercator y in degrees of longitude at the equator, so x = lon and y share one unit."""
    return math.degrees(math.log(math.tan(math.pi / 4 + math.radians(lat) / 2)))


def outer_rings(feature: dict) -> list[Ring]:
    """The outer ring of each polygon of a feature (the reference shapes have no holes that matter)."""
    geometry = feature["geometry"]
    polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    return [[(float(p[0]), float(p[1])) for p in polygon[0]] for polygon in polygons if polygon]


def clip_ring(ring: Ring, box: tuple[float, float, float, float]) -> Ring:
    """Sutherland-Hodgman: the part of a ring inside (x_min, y_min, x_max, y_max); [] when none is."""
    x_min, y_min, x_max, y_max = box
    edges = ((lambda p: p[0] >= x_min, lambda a, b: _at_x(a, b, x_min)),
             (lambda p: p[0] <= x_max, lambda a, b: _at_x(a, b, x_max)),
             (lambda p: p[1] >= y_min, lambda a, b: _at_y(a, b, y_min)),
             (lambda p: p[1] <= y_max, lambda a, b: _at_y(a, b, y_max)))
    out = list(ring)
    for inside, cross in edges:
        points, out = out, []
        for i, current in enumerate(points):
            previous = points[i - 1]
            if inside(current):
                if not inside(previous):
                    out.append(cross(previous, current))
                out.append(current)
            elif inside(previous):
                out.append(cross(previous, current))
        if not out:
            return []
    return out


def _at_x(a, b, x):
    return x, a[1] + (b[1] - a[1]) * (x - a[0]) / (b[0] - a[0])


def _at_y(a, b, y):
    return a[0] + (b[0] - a[0]) * (y - a[1]) / (b[1] - a[1]), y


def ring_area(ring: Ring) -> float:
    return abs(sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1]))) / 2


def contains(ring: Ring, x: float, y: float) -> bool:
    """Even-odd ray casting, over all edges at once (numpy): the map's name placement asks this some 7,000 times
    per build, and a Python loop over the edges was a third of the map's cost. The same arithmetic in the same
    order as the loop it replaced, so every answer is the same."""
    (left, bottom, right, top), (x0, y0, x1, y1, dx, dy) = _edges(ring)
    if not (left <= x <= right and bottom <= y <= top):  # outside the ring's box: no crossing, or an even number
        return False
    crossing = (y0 > y) != (y1 > y)
    return bool(np.count_nonzero(crossing & (x < x0 + (y - y0) * dx / dy)) & 1)


def contains_all(ring: Ring, points: Sequence[tuple[float, float]]) -> bool:
    """Every point inside the ring (contains, for several points in one numpy step: the map's name placement asks
    this for a name box's six corners and edge midpoints on every try). Each point's answer is contains's."""
    (left, bottom, right, top), (x0, y0, x1, y1, dx, dy) = _edges(ring)
    if not all(left <= x <= right and bottom <= y <= top for x, y in points):
        return False
    pts = np.asarray(points, dtype=float)
    x, y = pts[:, :1], pts[:, 1:]  # one row per point, one column per edge
    crossing = (y0 > y) != (y1 > y)
    return bool(np.all(np.count_nonzero(crossing & (x < x0 + (y - y0) * dx / dy), axis=1) & 1))



def contains_all_each(ring: Ring, px: np.ndarray, py: np.ndarray) -> np.ndarray:
    """contains_all for each group of points (a row of px, py: their x and y), all in one numpy step: the map's name
    placement asks it for several candidate boxes at once. The same arithmetic per point and edge as contains_all,
    so each group's answer is the same."""
    (left, bottom, right, top), (x0, y0, x1, y1, dx, dy) = _edges(ring)
    px, py = np.asarray(px, dtype=float), np.asarray(py, dtype=float)  # group x point
    if not px.size:
        return np.zeros(len(px), dtype=bool)
    in_box = ((left <= px) & (px <= right) & (bottom <= py) & (py <= top)).all(axis=1)
    # An edge crosses the ray of a point at height y only if min(y0, y1) <= y < max(y0, y1): the edges that no point
    # of these groups (a few nearby name boxes) can cross add nothing to any count, and are most of the ring.
    near = (np.minimum(y0, y1) <= py.max()) & (np.maximum(y0, y1) > py.min())
    x0, y0, y1, dx, dy = x0[near], y0[near], y1[near], dx[near], dy[near]
    x, y = px[..., None], py[..., None]  # group x point x edge
    crossing = (y0 > y) != (y1 > y)
    odd = np.count_nonzero(crossing & (x < x0 + (y - y0) * dx / dy), axis=2) & 1
    return in_box & odd.all(axis=1).astype(bool)


_EDGES: dict[int, tuple] = {}  # id(ring) -> (ring, its edge arrays); rings live as long as the shapes cached


def _edges(ring: Ring) -> tuple:
    got = _EDGES.get(id(ring))
    if got is not None and got[0] is ring:
        return got[1]
    pts = np.asarray(ring, dtype=float).reshape(-1, 2)
    x0, y0 = pts[:, 0], pts[:, 1]
    x1, y1 = np.roll(x0, -1), np.roll(y0, -1)
    dy = y1 - y0
    # A horizontal edge never crosses (its first test is False); 1 instead of 0 only avoids a division warning.
    arrays = ((float(x0.min()), float(y0.min()), float(x0.max()), float(y0.max())),
              (x0, y0, x1, y1, x1 - x0, np.where(dy == 0, 1.0, dy)))
    if len(_EDGES) > 4096:
        _EDGES.clear()
    _EDGES[id(ring)] = (ring, arrays)
    return arrays


def label_point(ring: Ring, step: float) -> tuple[float, float]:
    """A point well inside the ring: of the grid points inside it, the one nearest the ring's centre
    (a centroid can fall in the sea for a curved prefecture); the centre itself for tiny rings."""
    xs, ys = [p[0] for p in ring], [p[1] for p in ring]
    cx, cy = (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2
    inside = [p for p in grid(ring, step / 2)]
    if contains(ring, cx, cy) or not inside:
        return cx, cy
    return min(inside, key=lambda p: (p[0] - cx) ** 2 + (p[1] - cy) ** 2)


def grid(ring: Ring, step: float) -> list[tuple[float, float]]:
    """Grid points (spacing `step`) inside the ring: where a click or hover finds its prefecture."""
    xs, ys = [p[0] for p in ring], [p[1] for p in ring]
    out = []
    x = math.floor(min(xs) / step) * step + step / 2
    while x < max(xs):
        y = math.floor(min(ys) / step) * step + step / 2
        while y < max(ys):
            if contains(ring, x, y):
                out.append((round(x, 4), round(y, 4)))
            y += step
        x += step
    return out
