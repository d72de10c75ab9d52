"""Prefecture boundaries from data/reference/prefectures.geojson, read once per process.

Reference data (see data/reference/ATTRIBUTION.md): lon/lat degrees, one feature per prefecture with
properties pref_code (int) and pref_name. Each prefecture is its main area only: outlying islands
(対馬, 徳之島, …) are missing, so maps place island municipalities by their points instead.
No Streamlit here: the map page and the tests share it.
"""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

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
        raise ReferenceDataError(f"都道府県の境界データ {path.name} がありません（git で取得し直してください）。") from None
    except (ValueError, KeyError, TypeError):
        raise ReferenceDataError(f"都道府県の境界データ {path.name} が壊れています（git で取得し直してください）。") from None
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
