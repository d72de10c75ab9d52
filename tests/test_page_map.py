"""AppTest of the 地図 page (exact rendered values under filters, clicks and the place list) and the map figure
(offline: no geo subplot, no tiles; every prefecture clickable; islands and insets)."""
from __future__ import annotations

import json
import random

import numpy as np
import plotly.graph_objects as go
import pytest
from streamlit.proto.WidgetStates_pb2 import WidgetStates
from streamlit.testing.v1 import AppTest

from dashboard import geo, i18n
from dashboard.chart_style import SEQUENTIAL
from dashboard.figures import map as figures
from dashboard.filters import Filters
from dashboard.panels import spec as panel_spec
from dashboard.render import shown
from tests.apptest_helpers import open_app, open_tables

PAGE = "pages/map_page.py"
HINT = "地図上の都道府県か点をクリックするか、上の一覧から場所を選ぶと、その事業をここに表示します。"


def open_page(**params) -> AppTest:
    return open_app(PAGE, params)[0]


def chart(at: AppTest):
    (element,) = at.get("plotly_chart")
    return element


def spec(at: AppTest) -> dict:
    return json.loads(chart(at).proto.spec)


def clickable(at_or_fig, kind: str) -> dict[str, str]:
    """key -> hover text of every clickable point of a kind ("pref" or "area")."""
    data = spec(at_or_fig)["data"] if isinstance(at_or_fig, AppTest) else at_or_fig.to_plotly_json()["data"]
    return {c[1]: c[2] for trace in data for c in (trace.get("customdata") or []) if c and c[0] == kind}


def labels(at: AppTest) -> list[str]:
    return [x for trace in spec(at)["data"] if trace.get("mode") == "text" for x in trace["text"]]


def table(at: AppTest, first_columns: list[str]):
    (found,) = [d.value for d in open_tables(at).dataframe if list(d.value.columns[:2]) == first_columns]
    return found


def click(at: AppTest, kind: str, key: str) -> AppTest:
    """What the browser sends when a map point is clicked once (plotly point selection)."""
    states: WidgetStates = at._tree.get_widget_states()
    state = states.widgets.add()
    state.id = chart(at).proto.id
    point = {"curve_number": 0, "point_number": 0, "point_index": 0, "customdata": [kind, key, ""]}
    state.string_value = json.dumps({"selection": {"points": [point], "point_indices": [0], "box": [], "lasso": []}})
    at._run(states)
    assert not at.exception, [e.value for e in at.exception]
    return at


def links(at: AppTest) -> list[tuple[str, str, str]]:
    return [(link.proto.label, link.proto.page, link.proto.query_string) for link in at.page_link]


def test_default_view():
    at = open_page()
    assert not at.exception
    assert at.title[0].value == "地図"
    assert at.metric[0].value == "45 / 45 事業"
    assert [s.value for s in at.subheader][:2] == ["条件に合う事業の地図", "選んだ場所の事業"]
    prefs = clickable(at, "pref")
    assert len(prefs) == 47 and len(clickable(at, "area")) == 47
    assert prefs["27"].startswith("<b>大阪府：条件に合う事業 4 件</b><br>・大阪府、河内長野市（H30 (2018)、支援中）")
    assert prefs["47"] == "<b>沖縄県：条件に合う事業 0 件</b><br>"
    assert {"大阪 4", "北海道 2", "埼玉 3", "沖縄", "東京"} <= set(labels(at))
    assert [i.value for i in at.info] == [HINT]
    assert at.page_link.len == 0
    rows = table(at, ["都道府県", "申請者"])
    assert len(rows) == 45
    assert list(rows.columns) == ["都道府県", "申請者", "採択年度", "支援状況", "活用技術", "(※)", "タイトル"]
    assert rows.iloc[0].tolist() == ["北海道", "北海道、岩見沢市、更別村", "H30 (2018)", "支援中", "自動運転、ロボット、ドローン", "",
                                     "世界トップレベルの「スマート一次産業」の実現に向けた実証フィールド形成による地域創生"]
    osaka_rows = rows[rows["都道府県"] == "大阪府"]
    assert osaka_rows["申請者"].tolist() == ["大阪府、河内長野市", "大阪府河内長野市", "大阪府四條畷市", "大阪府豊能町"]
    assert osaka_rows["採択年度"].tolist() == ["H30 (2018)", "R4 (2022)", "R2 (2020)", "R4 (2022)"]
    assert osaka_rows["(※)"].tolist() == ["", "", "※", ""]
    assert osaka_rows["タイトル"].tolist()[1:] == ["タイトル未公表"] * 3
    captions = "\n".join(c.value for c in at.caption)
    assert "県庁所在市の市役所" in captions and "対馬市・伊仙町" in captions
    assert "japanmap 0.6.0 (Saito Tsutomu), Apache License 2.0, modified: simplified" in captions
    assert "JpGeocode 0.3.1 (m0zu)" in captions and "総務省 全国地方公共団体コード" in captions
    assert "タイトルは H30 採択事業のみ公表" in captions
    assert "出典: 内閣府地方創生推進事務局「未来技術社会実装事業」p.3" in captions
    counts_table = table(at, ["都道府県コード", "都道府県"])
    assert len(counts_table) == 47 and counts_table["事業数"].sum() == 45


def test_point_hover_lists_every_project_there():
    at = open_page()
    points = clickable(at, "area")
    assert points["27216"] == ("<b>大阪府 河内長野市（2事業）</b><br>H30 (2018)｜支援中｜大阪府、河内長野市<br>"
                               "R4 (2022)｜支援中｜大阪府河内長野市")
    assert points["27"] == "<b>大阪府（1事業）</b><br>R4 (2022)｜支援中｜大阪府<br>点は県庁所在市の市役所の位置" \
        or points["27"].endswith("点は県庁所在市の市役所の位置")
    assert "46532" in points and "42209" in points  # 伊仙町 and 対馬市


@pytest.mark.parametrize(("params", "metric", "rows", "points"), [
    ({"tech": "自動運転"}, "27 / 45 事業", 27, 30),
    ({"pref": "27"}, "4 / 45 事業", 4, 4),
    ({"status": "ended"}, "5 / 5 事業", 5, 6),
    ({"region": "近畿", "fy": "2022"}, "6 / 45 事業", 6, 6),
    ({"status": "all"}, "50 / 50 事業", 50, 53),
], ids=["tech", "pref", "ended", "kinki-r4", "all"])
def test_filters_from_url(params, metric, rows, points):
    at = open_page(**params)
    assert at.metric[0].value == metric
    assert len(clickable(at, "area")) == points
    assert len(table(at, ["都道府県", "申請者"])) == rows
    assert table(at, ["都道府県コード", "都道府県"])["事業数"].sum() == rows


def test_ended_points_are_drawn_on_top_as_diamonds():
    at = open_page(status="all")
    traces = [t for t in spec(at)["data"] if t.get("mode") == "markers" and t.get("name") != "pref_grid"]
    names = [t["name"] for t in traces]
    assert names == ["支援中の市町村", "支援中の都道府県", "支援終了の市町村", "支援終了の都道府県"]
    assert traces[2]["marker"]["symbol"] == "diamond" and traces[3]["marker"]["symbol"] == "diamond-open"
    assert any(c[1] == "23211" for c in traces[2]["customdata"])  # 豊田市, ended
    assert "H30 (2018)｜支援終了｜愛知県豊田市" in clickable(at, "area")["23211"]


def test_no_matching_project():
    at = open_page(tech="ブロックチェーン", pref="01")
    assert at.metric[0].value == "0 / 45 事業"
    assert clickable(at, "area") == {}
    assert [i.value for i in at.info][-1] == "条件に合う事業はありません。"


def test_click_on_a_point_lists_its_projects_and_links_the_dossier():
    at = click(open_page(), "area", "27216")
    assert "**大阪府 河内長野市**：条件に合う事業 2 件" in [m.value for m in at.markdown]
    rows = table(at, ["申請者", "採択年度"])
    assert rows["申請者"].tolist() == ["大阪府、河内長野市", "大阪府河内長野市"]
    assert rows["採択年度"].tolist() == ["H30 (2018)", "R4 (2022)"]
    assert links(at) == [("大阪府 河内長野市 の自治体ページを開く", "municipality", "area=27216")]
    assert at.query_params["place"] == "27216"
    assert at.selectbox[0].value == "area:27216"


def test_click_on_a_prefecture_lists_its_projects_and_links_each_area():
    at = click(open_page(), "pref", "27")
    assert "**大阪府**：条件に合う事業 4 件" in [m.value for m in at.markdown]
    assert len(table(at, ["申請者", "採択年度"])) == 4
    assert [q for _, _, q in links(at)] == ["area=27", "area=27216", "area=27229", "area=27321"]
    assert at.query_params["place"] == "pref-27"


def test_click_on_a_prefecture_without_projects():
    at = click(open_page(), "pref", "47")
    assert "**沖縄県**：条件に合う事業 0 件" in [m.value for m in at.markdown]
    assert at.page_link.len == 0


def test_the_list_selects_like_a_click_and_a_link_reopens_it():
    at = open_page()
    at.selectbox[0].select("pref:27").run()
    assert "**大阪府**：条件に合う事業 4 件" in [m.value for m in at.markdown]
    assert at.query_params["place"] == "pref-27"
    shared = open_page(place="27216")
    assert "**大阪府 河内長野市**：条件に合う事業 2 件" in [m.value for m in shared.markdown]


def test_places_beyond_the_cap_say_so(monkeypatch):
    """The map's list holds each prefecture's first PLACE_ROWS projects (never reached by the real data): lowered to 1,
    the list and a chosen place say how many they leave out, and the counts stay those of all the projects."""
    shown.clear()  # views are kept per filter set and language (render/shown.py), not per cap
    monkeypatch.setattr(panel_spec, "PLACE_ROWS", 1)
    try:
        at = click(open_page(), "area", "27216")
        captions = [c.value for c in at.caption]
        assert "件数が多いため、各都道府県の先頭 1 件だけを表示しています（全 45 件）。" in captions
        assert len(table(at, ["都道府県", "申請者"])) == 30
        assert "**大阪府 河内長野市**：条件に合う事業 2 件" in [m.value for m in at.markdown]
        assert ("件数が多いため、この場所の 2 件のうち、下の一覧（各都道府県の先頭 1 件）に入る 1 件だけを表示しています。"
                "すべてを見るには、サイドバーの「絞り込み」で絞り込んでください。") in captions
        assert table(at, ["申請者", "採択年度"])["申請者"].tolist() == ["大阪府、河内長野市"]
        assert at.selectbox[0].options[1:3] == ["北海道（都道府県、2 件）", "青森県（都道府県、0 件）"]
        assert clickable(at, "pref")["27"].endswith("<br>ほか 3 件（クリックで一覧）")  # of 4, the first listed
    finally:
        shown.clear()


def test_malformed_selection_and_place_are_ignored():
    at = click(open_page(place="../x"), "area", "<b>nope")
    assert [i.value for i in at.info] == [HINT]


# --- the figure ---------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def fig(db):
    f = Filters()
    return figures.project_map(db.run("prefecture_project_counts", f), db.run("map_points", f, row_limit=5),
                               db.run("prefecture_projects", f, row_limit=100), geo.prefecture_features(), i18n.t)


def test_figure_is_offline_and_selectable(fig):
    text = json.dumps(fig.to_plotly_json(), ensure_ascii=False)
    for marker in ("http:", "https:", "cartocdn", "mapbox", "topojson", '"geo"'):
        assert marker not in text, marker
    assert all(trace.type == "scatter" for trace in fig.data)
    assert fig.layout.yaxis.scaleanchor == "x" and fig.layout.dragmode is False


def test_every_prefecture_is_clickable_on_its_area(fig):
    grid = next(t for t in fig.data if t.name == "pref_grid")
    per_pref = {}
    for c in grid.customdata:
        per_pref[c[1]] = per_pref.get(c[1], 0) + 1
    assert len(per_pref) == 47 and min(per_pref.values()) >= 1
    assert per_pref["1"] > 40 and per_pref["47"] >= 3  # 北海道 is big; 沖縄県 is enlarged in its frame


def test_islands_and_insets_are_inside_the_map():
    assert figures.SOUTH_WEST.holds(128.9378, 27.6735)  # 伊仙町
    assert figures.SOUTH_WEST.holds(127.6811, 26.2124)  # 那覇
    assert figures.MAIN.holds(129.2875, 34.2027)  # 対馬市
    assert figures.KINKI.holds(135.5023, 34.6937) and figures.KANTO.holds(139.6917, 35.6895)
    assert figures.WIDTH / figures.HEIGHT > 1.7  # fills a 16:9 screen's width


def test_colours():
    assert [figures.count_colour(n) for n in range(6)] == [figures.ZERO_COLOUR, *SEQUENTIAL[1:], SEQUENTIAL[4]]


def test_prefecture_shapes():
    features = geo.prefecture_features()
    assert [f["properties"]["pref_code"] for f in features] == list(range(1, 48))
    assert geo.prefecture_bounds() == (127.6399, 26.0691, 145.8203, 45.5202)


@pytest.mark.parametrize(("content", "message"), [
    (None, "都道府県の境界データ missing.geojson がありません（git で取得し直してください）。"),
    ('{"type": "FeatureCollection"', "都道府県の境界データ broken.geojson が壊れています（git で取得し直してください）。"),
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
    shown.clear()  # the map built by earlier tests (with its shapes) is kept per process
    at = open_page()
    assert [i.value for i in at.info][0] == (
        "都道府県の境界データ prefectures.geojson が壊れています（git で取得し直してください）。 都道府県の色分けなしで、点だけを表示します。")
    assert len(clickable(at, "area")) == 47 and clickable(at, "pref") == {}


@pytest.mark.parametrize("presenter", [False, "slide"])
def test_the_unvalidated_map_is_what_plotly_validates(db, presenter):
    """The map is built without plotly's validation (figures.map._trace): made again from its dict by validating
    plotly, every property is accepted and the JSON is the same; later changes are validated again."""
    f = Filters(techs=("自動運転",))
    fig = figures.project_map(db.run("prefecture_project_counts", f), db.run("map_points", f, row_limit=5),
                              db.run("prefecture_projects", f, row_limit=100), geo.prefecture_features(),
                              lambda key, **v: i18n.t(key, "en", **v), presenter=presenter)
    assert json.loads(go.Figure(fig.to_dict()).to_json()) == json.loads(fig.to_json())
    with pytest.raises(ValueError):
        fig.update_layout(no_such_property=1)
    with pytest.raises(ValueError):
        fig.data[0].update(no_such_property=1)


def test_many_boxes_on_a_shape_at_once_answer_as_one_at_a_time():
    """geo.contains_all_each (the name placement's several boxes per step) answers each group as contains_all."""
    rng = random.Random(3)
    rings = [ring for shape in figures._shapes(geo.prefecture_features()) for ring in shape.rings][:60]
    for ring in rings:
        xs, ys = [p[0] for p in ring], [p[1] for p in ring]
        groups = [[(rng.uniform(min(xs) - 0.1, max(xs) + 0.1), rng.uniform(min(ys) - 0.1, max(ys) + 0.1))
                   for _ in range(6)] for _ in range(12)]
        groups += [[(x, y)] * 6 for x, y in ring[:4]]  # on the outline itself
        pts = np.asarray(groups)
        assert geo.contains_all_each(ring, pts[..., 0], pts[..., 1]).tolist() == [geo.contains_all(ring, g) for g in groups]
    assert geo.contains_all_each(rings[0], np.zeros((0, 6)), np.zeros((0, 6))).tolist() == []


def test_the_server_makes_the_shapes_before_the_first_visitor(monkeypatch):
    from dashboard import serve

    serve.prepare_map_shapes()
    assert figures._SHAPES  # made (the map's first view does not wait for them)

    def broken():
        raise geo.ReferenceDataError("broken")

    monkeypatch.setattr(geo, "prefecture_features", broken)
    serve.prepare_map_shapes()  # the map page reports a broken file; the server still starts


def test_names_are_placed_the_same_with_what_earlier_maps_kept(db):
    """Name placement keeps, per name size and shape, which positions pass its tests (figures.map._Tests): a map
    built after others with other filters places every name where a first build in a fresh process does."""
    sets = [Filters(), Filters(techs=("自動運転",)), Filters(fys=(2020,)), Filters(prefs=(13, 27)),
            Filters(statuses=("supported", "ended"), techs=("ドローン",))]

    def build(f, presenter):
        return figures.project_map(db.run("prefecture_project_counts", f), db.run("map_points", f, row_limit=5),
                                   db.run("prefecture_projects", f, row_limit=100), geo.prefecture_features(), i18n.t,
                                   presenter=presenter).to_json()

    for presenter in (False, "slide"):
        figures._TESTS.clear()
        fresh = []
        for f in sets:
            figures._TESTS.clear()
            fresh.append(build(f, presenter))
        assert [build(f, presenter) for f in reversed(sets)] == fresh[::-1]
        assert figures._TESTS  # kept, and used above
