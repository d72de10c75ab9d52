"""AppTest of the 地図 page (exact rendered values under filters and clicks) and the deck spec (offline, fit)."""
from __future__ import annotations

import json

import pytest
from streamlit.proto.WidgetStates_pb2 import WidgetStates
from streamlit.testing.v1 import AppTest

from dashboard import geo
from dashboard.chart_style import SEQUENTIAL
from dashboard.figures import map as figures
from dashboard.filters import Filters
from tests.apptest_helpers import open_app
from tests.conftest import ROOT

PAGE = "pages/map_page.py"
TSUSHIMA = (129.2875, 34.2027)  # (lon, lat) of 対馬市
ISEN = (128.9378, 27.6735)  # 伊仙町 (徳之島)
HOKKAIDO_EXTREMES = [(141.3544, 43.0621), (143.1879, 42.6504), (142.3648, 43.7706),  # 札幌 (北海道), 更別村, 旭川市
                     (145.8203, 43.4), (141.9, 45.5202)]  # the east and north ends of the 北海道 polygon


def open_page(**params) -> AppTest:
    return open_app(PAGE, params)[0]


def deck_element(at: AppTest):
    (element,) = at.get("deck_gl_json_chart")
    return element


def spec(at: AppTest) -> dict:
    return json.loads(deck_element(at).proto.json)


def layer(at_or_spec, layer_id: str) -> list[dict]:
    s = spec(at_or_spec) if isinstance(at_or_spec, AppTest) else at_or_spec
    return next(layer["data"] for layer in s["layers"] if layer["id"] == layer_id)


def prefecture_counts(at: AppTest) -> dict[int, int]:
    return {f["properties"]["pref_code"]: f["properties"]["project_count"]
            for f in layer(at, figures.LAYER_PREFECTURES) if f["properties"]["project_count"]}


def point(at: AppTest, area_code: str) -> dict:
    return next(p for p in layer(at, figures.LAYER_AREAS) if p["area_codes"] == [area_code])


TABLE_FIRST_COLUMNS = {"map_prefecture_projects": ["都道府県", "申請者"], "map_clicked_table": ["申請者", "採択年度"],
                       "map_counts_table": ["都道府県コード", "都道府県"]}


def table(at: AppTest, key: str):
    """A dataframe of the page, told apart by its first columns (st.dataframe protos carry no key)."""
    (found,) = [d.value for d in at.dataframe if list(d.value.columns[:2]) == TABLE_FIRST_COLUMNS[key]]
    return found


def click(at: AppTest, selection: dict) -> AppTest:
    """What the browser sends when a map object is clicked (AppTest has no pydeck interaction of its own)."""
    states: WidgetStates = at._tree.get_widget_states()
    state = states.widgets.add()
    state.id = deck_element(at).proto.id
    state.string_value = json.dumps({"selection": selection}, ensure_ascii=False)
    at._run(states)
    assert not at.exception, [e.value for e in at.exception]
    return at


def point_selection(at: AppTest, area_code: str) -> dict:
    data = layer(at, figures.LAYER_AREAS)
    index = next(i for i, p in enumerate(data) if p["area_codes"] == [area_code])
    return {"indices": {figures.LAYER_AREAS: [index]}, "objects": {figures.LAYER_AREAS: [data[index]]}}


def prefecture_selection(at: AppTest, pref_code: int) -> dict:
    data = layer(at, figures.LAYER_PREFECTURES)
    index = next(i for i, f in enumerate(data) if f["properties"]["pref_code"] == pref_code)
    return {"indices": {figures.LAYER_PREFECTURES: [index]}, "objects": {figures.LAYER_PREFECTURES: [data[index]]}}


def links(at: AppTest) -> list[tuple[str, str, str]]:
    return [(link.proto.label, link.proto.page, link.proto.query_string) for link in at.page_link]


# --- the page ---------------------------------------------------------------------------------------

def test_default_view():
    at = open_page()
    assert at.title[0].value == "地図"
    assert at.metric[0].value == "45 / 45 事業"
    counts = prefecture_counts(at)
    assert len(layer(at, figures.LAYER_PREFECTURES)) == 47
    assert len(counts) == 30 and sum(counts.values()) == 45
    assert counts[27] == 4 and counts[1] == 2 and counts[11] == 3
    osaka = next(f["properties"] for f in layer(at, figures.LAYER_PREFECTURES) if f["properties"]["pref_code"] == 27)
    assert osaka["fill_rgba"] == figures.rgba(SEQUENTIAL[4])
    assert osaka["tooltip_heading"] == "大阪府：条件に合う事業 4 件"
    assert osaka["tooltip_body"] == ("・大阪府、河内長野市（H30 (2018)、支援中）\n・大阪府河内長野市（R4 (2022)、支援中）\n"
                                     "・大阪府四條畷市（R2 (2020)、支援中）\n・大阪府豊能町（R4 (2022)、支援中）")
    okinawa = next(f["properties"] for f in layer(at, figures.LAYER_PREFECTURES) if f["properties"]["pref_code"] == 47)
    assert okinawa["fill_rgba"] == figures.rgba(figures.ZERO_COLOUR)
    assert okinawa["tooltip_body"] == "条件に合う事業はありません"
    assert len(layer(at, figures.LAYER_AREAS)) == 47
    assert [i.value for i in at.info] == ["地図上の都道府県か点をクリックすると、その事業をここに表示します。"]
    assert at.page_link.len == 0
    rows = table(at, "map_prefecture_projects")
    assert len(rows) == 45
    assert list(rows.columns) == ["都道府県", "申請者", "採択年度", "支援状況", "活用技術", "(※)", "タイトル"]
    assert rows.iloc[0].tolist() == ["北海道", "北海道、岩見沢市、更別村", "H30 (2018)", "支援中", "自動運転、ロボット、ドローン", "",
                                     "世界トップレベルの「スマート一次産業」の実現に向けた実証フィールド形成による地域創生"]
    osaka_rows = rows[rows["都道府県"] == "大阪府"]
    assert osaka_rows["申請者"].tolist() == ["大阪府、河内長野市", "大阪府河内長野市", "大阪府四條畷市", "大阪府豊能町"]
    assert osaka_rows["採択年度"].tolist() == ["H30 (2018)", "R4 (2022)", "R2 (2020)", "R4 (2022)"]
    assert osaka_rows["活用技術"].tolist() == ["自動運転", "AI、IoT、5G、クラウドコンピューティング等", "AI、IoT、自動運転等",
                                          "AI、IoT、5G、クラウドコンピューティング等"]
    assert osaka_rows["(※)"].tolist() == ["", "", "※", ""]
    assert osaka_rows["タイトル"].tolist()[1:] == ["タイトル未公表"] * 3
    captions = "\n".join(c.value for c in at.caption)
    assert "県庁所在市の市役所" in captions and "対馬市・伊仙町" in captions
    assert "japanmap 0.6.0 (Saito Tsutomu), Apache License 2.0, modified: simplified" in captions
    assert "JpGeocode 0.3.1 (m0zu)" in captions and "総務省 全国地方公共団体コード" in captions
    assert "出典: 内閣府地方創生推進事務局「未来技術社会実装事業」p.3、内閣府地方創生推進事務局「近未来技術等社会実装事業について」スライド5" in captions
    counts_table = table(at, "map_counts_table")
    assert len(counts_table) == 47 and counts_table["条件に合う事業数"].sum() == 45


def test_same_location_points_list_every_project():
    at = open_page()
    k = point(at, "27216")
    assert k["project_ids"] == ["H30-11", "R4-05"] and k["project_count"] == 2
    assert k["tooltip_heading"] == "大阪府 河内長野市（2事業）"
    assert k["tooltip_body"] == (
        "H30 (2018)｜支援中\n申請者: 大阪府、河内長野市\n技術: 自動運転\n"
        "タイトル: 少子高齢化社会における自動運転技術を活用した新たな移動サービスの創出と健康寿命の延伸～社会保障費等の抑制による持続的なまちの発展をめざして～"
        "\n\nR4 (2022)｜支援中\n申請者: 大阪府河内長野市\n技術: AI、IoT、5G、クラウドコンピューティング等")
    osaka = point(at, "27")
    assert osaka["tooltip_heading"] == "大阪府（1事業）\n点は県庁所在市の市役所の位置"
    assert osaka["fill_rgba"] == [255, 255, 255, 255]
    assert osaka["line_rgba"] == figures.rgba(figures.POINT_COLOURS["supported"])
    tsushima = point(at, "42209")
    assert tsushima["tooltip_body"] == "R2 (2020)｜支援中\n申請者: 長崎県対馬市\n技術: AI、IoT、自動運転等 （※）"
    assert (round(tsushima["lon"], 4), round(tsushima["lat"], 4)) == TSUSHIMA
    assert (round(point(at, "46532")["lon"], 4), round(point(at, "46532")["lat"], 4)) == ISEN


@pytest.mark.parametrize(("params", "metric", "counts", "points"), [
    ({"tech": "自動運転"}, "27 / 45 事業", {1: 1, 3: 1, 5: 1, 8: 2, 9: 1, 11: 2, 12: 1, 17: 1, 20: 1, 21: 2, 22: 1, 23: 1,
                                         27: 2, 28: 1, 29: 2, 30: 1, 34: 1, 39: 1, 41: 1, 42: 1, 45: 1, 46: 1}, 30),
    ({"pref": "27"}, "4 / 45 事業", {27: 4}, 4),
    ({"status": "ended"}, "5 / 5 事業", {8: 1, 11: 1, 23: 2, 26: 1}, 6),
    ({"region": "近畿", "fy": "2022"}, "6 / 45 事業", {24: 1, 27: 2, 28: 1, 29: 1, 30: 1}, 6),
], ids=["tech", "pref", "ended", "kinki-r4"])
def test_filters_from_url(params, metric, counts, points):
    at = open_page(**params)
    assert at.metric[0].value == metric
    assert prefecture_counts(at) == counts
    assert len(layer(at, figures.LAYER_AREAS)) == points
    assert len(table(at, "map_prefecture_projects")) == sum(counts.values())


def test_ended_points_are_grey_and_listed():
    at = open_page(status="all")
    assert at.metric[0].value == "50 / 50 事業"
    assert prefecture_counts(at)[23] == 4 and len(layer(at, figures.LAYER_AREAS)) == 53
    aichi = point(at, "23")  # 愛知県 itself: an ended H30 project, at 名古屋市's office
    grey = figures.rgba(figures.POINT_COLOURS["ended"])
    assert aichi["line_rgba"] == grey and aichi["fill_rgba"] == [255, 255, 255, 255]
    assert point(at, "23211")["fill_rgba"] == grey
    assert point(at, "23211")["tooltip_body"] == (
        "H30 (2018)｜支援終了\n申請者: 愛知県豊田市\n技術: 記載なし（支援終了事業の活用技術は公表資料にない）\n"
        "タイトル: 様々な生活シーンに対応し、社会インフラと協調する、先進モビリティ活用事業")


def test_no_matching_project():
    at = open_page(tech="ブロックチェーン", pref="01")
    assert at.metric[0].value == "0 / 45 事業"
    assert prefecture_counts(at) == {} and layer(at, figures.LAYER_AREAS) == []
    assert [i.value for i in at.info][-1] == "条件に合う事業はありません。"


def test_click_on_a_point_lists_its_projects_and_links_the_dossier():
    at = open_page()
    click(at, point_selection(at, "27216"))
    assert "**大阪府 河内長野市**：条件に合う事業 2 件" in [m.value for m in at.markdown]
    rows = table(at, "map_clicked_table")
    assert rows["申請者"].tolist() == ["大阪府、河内長野市", "大阪府河内長野市"]
    assert rows["採択年度"].tolist() == ["H30 (2018)", "R4 (2022)"]
    assert links(at) == [("大阪府 河内長野市 の自治体ページを開く", "municipality", "area=27216")]  # the url_path


def test_click_on_a_prefecture_lists_its_projects_and_links_each_area():
    at = open_page()
    click(at, prefecture_selection(at, 27))
    assert "**大阪府**：条件に合う事業 4 件" in [m.value for m in at.markdown]
    assert len(table(at, "map_clicked_table")) == 4
    assert [q for _, _, q in links(at)] == ["area=27", "area=27216", "area=27229", "area=27321"]
    assert links(at)[1][0] == "大阪府 河内長野市 の自治体ページを開く"


def test_click_on_a_prefecture_without_projects():
    at = open_page()
    click(at, prefecture_selection(at, 47))
    assert "**沖縄県**：条件に合う事業 0 件" in [m.value for m in at.markdown]
    assert at.page_link.len == 0


def test_click_with_a_malformed_selection_is_ignored():
    at = open_page()
    click(at, {"indices": {"areas": [0]}, "objects": {"areas": [{"unexpected": 1}]}})
    assert [i.value for i in at.info] == ["地図上の都道府県か点をクリックすると、その事業をここに表示します。"]


def test_clicked_parser():
    assert figures.clicked(None) is None
    assert figures.clicked({"indices": {}, "objects": {}}) is None
    assert figures.clicked({"objects": {"prefectures": [{"properties": {"pref_code": "x"}}]}}) is None
    got = figures.clicked({"objects": {"areas": [{"pref_code": 1, "area_codes": ["01"], "project_ids": ["H30-01"],
                                                  "area_labels": ["北海道"]}]}})
    assert got == figures.Clicked("areas", pref_code=1, area_codes=("01",), project_ids=("H30-01",), label="北海道")


# --- the deck spec ------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def deck(db):
    f = Filters()
    return figures.project_map(db.run("prefecture_project_counts", f), db.run("map_points", f),
                               db.run("prefecture_projects", f), db.run("area_extent"),
                               geo.prefecture_features(), geo.prefecture_bounds())


def test_deck_is_offline(deck):
    assert deck.map_provider is None
    text = deck.to_json()
    s = json.loads(text)
    assert "mapProvider" not in s or s["mapProvider"] is None
    # pydeck's placeholder, which Streamlit 1.67 drops without choosing a basemap (map_style=None would fetch Carto)
    assert s.get("mapStyle") in (None, "__MAP_STYLE__")
    assert "map_style" not in text
    for marker in ("http:", "https:", "//", "cartocdn", "mapbox", "fonts.", "url("):
        assert marker not in text, marker
    assert {layer["id"] for layer in s["layers"]} == {figures.LAYER_PREFECTURES, figures.LAYER_AREAS}
    assert all(layer["pickable"] for layer in s["layers"])


def test_page_deck_is_offline():
    at = open_page()
    proto = deck_element(at).proto
    assert "http" not in proto.json and "//" not in proto.json
    assert json.loads(proto.json).get("mapStyle") == "__MAP_STYLE__"
    assert "http" not in proto.tooltip
    assert not proto.mapbox_token


def contains(bounds, lon, lat) -> bool:
    lon_min, lat_min, lon_max, lat_max = bounds
    return lon_min <= lon <= lon_max and lat_min <= lat <= lat_max


@pytest.mark.parametrize("width", [figures.FIT_WIDTH_PX, 717, 1200])
def test_initial_view_shows_islands_and_hokkaido(deck, width):
    bounds = figures.visible_bounds(deck.initial_view_state, width=width)
    for lon, lat in [TSUSHIMA, ISEN, *HOKKAIDO_EXTREMES]:
        assert contains(bounds, lon, lat), (lon, lat, bounds)
    lon_min, lat_min, lon_max, lat_max = geo.prefecture_bounds()
    assert contains(bounds, lon_min, lat_min) and contains(bounds, lon_max, lat_max)  # 沖縄 to 北海道's east end


def test_initial_view_is_not_needlessly_far_out(deck):
    """Fitted, not just "all of Asia": the prefecture box fills most of the fitted height."""
    view = deck.initial_view_state
    lon_min, lat_min, lon_max, lat_max = figures.visible_bounds(view)
    assert view.zoom == pytest.approx(3.66, abs=0.01)
    assert lat_max - lat_min < (45.5202 - 26.0691) * 1.15


def test_fit_view_round_trip():
    view = figures.fit_view(129.0, 27.0, 146.0, 46.0, width=800, height=600, padding=0)
    lon_min, lat_min, lon_max, lat_max = figures.visible_bounds(view, width=800, height=600)
    assert lat_min == pytest.approx(27.0, abs=0.2) and lat_max == pytest.approx(46.0, abs=0.2)
    assert lon_min < 129.0 and lon_max > 146.0


def test_legend_and_colours():
    html = figures.legend_html()
    for label in ("0", "1", "2", "3", "4以上", "支援中の市町村", "支援中の都道府県", "支援終了の市町村", "支援終了の都道府県"):
        assert label in html
    assert "http" not in html and "url(" not in html
    assert [figures.count_colour(n) for n in range(6)] == [figures.ZERO_COLOUR, *SEQUENTIAL[1:], SEQUENTIAL[4]]


# --- reference shapes and wording ------------------------------------------------------------------

def test_prefecture_shapes():
    features = geo.prefecture_features()
    assert [f["properties"]["pref_code"] for f in features] == list(range(1, 48))
    assert features[26]["properties"]["pref_name"] == "大阪府"
    lon_min, lat_min, lon_max, lat_max = geo.prefecture_bounds()
    assert (lon_min, lat_min, lon_max, lat_max) == (127.6399, 26.0691, 145.8203, 45.5202)


@pytest.mark.parametrize(("content", "message"), [
    (None, "都道府県の境界データ missing.geojson がありません（git で取得し直してください）。"),
    ('{"type": "FeatureCollection"', "都道府県の境界データ broken.geojson が壊れています（git で取得し直してください）。"),
    ('{"features": [{"properties": {}}]}', "都道府県の境界データ broken.geojson が壊れています（git で取得し直してください）。"),
])
def test_prefecture_shapes_missing_or_broken(tmp_path, content, message):
    path = tmp_path / ("missing.geojson" if content is None else "broken.geojson")
    if content is not None:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(geo.ReferenceDataError) as e:
        geo.prefecture_features(path)
    assert str(e.value) == message


def test_page_without_shapes_still_shows_the_points(monkeypatch):
    def broken():
        raise geo.ReferenceDataError("都道府県の境界データ prefectures.geojson が壊れています（git で取得し直してください）。")
    monkeypatch.setattr(geo, "prefecture_features", broken)
    at = open_page()
    assert [w.value for w in at.warning] == [
        "都道府県の境界データ prefectures.geojson が壊れています（git で取得し直してください）。 都道府県の色分けなしで、点だけを表示します。"]
    s = spec(at)
    assert [layer["id"] for layer in s["layers"]] == [figures.LAYER_AREAS]
    assert len(layer(s, figures.LAYER_AREAS)) == 47
    bounds = figures.visible_bounds(figures.pdk.ViewState(**s["initialViewState"]))
    assert contains(bounds, *TSUSHIMA) and contains(bounds, *ISEN) and contains(bounds, 143.1879, 43.7706)


def test_wording():
    from dashboard import project_text as text
    assert text.technologies_text(["AI", "IoT"], True) == "AI、IoT等"
    assert text.technologies_text(["自動運転"], False) == "自動運転"
    assert text.technologies_text(None, None) == text.NO_TECHNOLOGIES
    assert text.fy_text(2020) == "R2 (2020)" and text.fy_text(2018) == "H30 (2018)"
    assert text.title_text(None) == "タイトル未公表" and text.title_text(" ") == "タイトル未公表"
    assert text.support_period_text(2020, 2024, "supported") == "R2 (2020)〜R6 (2024)（最長5年）"
    assert text.support_period_text(2018, 2022, "ended", 2021) == "H30 (2018)〜（R3 (2021) 年度末までに終了）"
    assert text.markdown_escape("a*b_[c](d)<e>") == "a\\*b\\_\\[c\\]\\(d\\)\\<e\\>"
    assert text.area_label("大阪府", "河内長野市") == "大阪府 河内長野市" and text.area_label("大阪府", None) == "大阪府"
