"""地図: where the matching projects are — prefectures coloured by count, one point per applicant location."""
import streamlit as st

from dashboard import data, geo, layout
from dashboard import project_text as text
from dashboard.chart_style import presenter_mode
from dashboard.figures import map as figures

DOSSIER_PAGE = "pages/municipality_page.py"

filters = st.session_state["filters"]
layout.header("地図", filters, lead="都道府県の色は条件に合う事業の数、点は申請者（自治体）の所在地です。"
                                   "都道府県か点をクリックすると、その事業を地図の下に表示します。")

counts = data.run("prefecture_project_counts", filters)
points = data.run("map_points", filters)
projects = data.run("prefecture_projects", filters)
extent = data.run("area_extent")

try:
    features, shape_bounds = geo.prefecture_features(), geo.prefecture_bounds()
except geo.ReferenceDataError as e:
    st.warning(f"{e} 都道府県の色分けなしで、点だけを表示します。", icon=":material/warning:")
    features, shape_bounds = (), None

deck = figures.project_map(counts, points, projects, extent, features, shape_bounds, presenter=presenter_mode())
map_column, legend_column = st.columns([4, 1])
with map_column:
    event = st.pydeck_chart(deck, on_select="rerun", selection_mode="single-object", key="map_deck",
                            height=figures.MAP_HEIGHT_PX,
                            alt="都道府県別の事業数で色分けした日本地図と、申請者の所在地を示す点")
with legend_column:
    st.markdown(figures.legend_html(), unsafe_allow_html=True)

st.caption("マウスホイール（タッチ操作ではピンチ）で拡大、ドラッグで移動できます。近畿など点が重なる所は拡大すると分かれます。")
st.caption("点の位置: 市町村は市役所・町村役場などの代表点です。都道府県が申請者の場合、点は**県庁所在市の市役所**の位置です"
           "（県庁の位置ではありません）。同じ地点の事業は1つの点にまとめ、ツールチップに全事業を挙げています。")
st.caption("都道府県の形は本土（主な島）だけで、離島は描かれていません。対馬市・伊仙町など島の自治体は点で示します。"
           "1つの事業は都道府県ごとに1件と数えます。")
st.caption("地図データ: 「japanmap 0.6.0 (Saito Tsutomu), Apache License 2.0, modified: simplified」　"
           "座標: 「JpGeocode 0.3.1 (m0zu)」　コード・名称: 「総務省 全国地方公共団体コード」")
layout.source(("001", 3), ("000", 5))

# --- what was clicked ------------------------------------------------------------------------------
st.subheader("クリックした場所の事業")
chosen = figures.clicked(event.selection if event else None)
if chosen is None:
    st.info("地図上の都道府県か点をクリックすると、その事業をここに表示します。", icon=":material/touch_app:")
else:
    if chosen.kind == "areas":
        shown = projects[projects["project_id"].isin(chosen.project_ids)].drop_duplicates("project_id")
    else:
        shown = projects[projects["pref_code"] == chosen.pref_code]
    st.markdown(f"**{text.markdown_escape(chosen.label)}**：条件に合う事業 {len(shown)} 件")
    if len(shown):
        st.dataframe(text.project_rows(shown), hide_index=True, width="stretch", key="map_clicked_table")
        # One link per applicant area of the shown projects (in this prefecture / at this point), JIS order.
        links = {}
        for row in shown.itertuples(index=False):
            for code, label in zip(row.area_codes, row.area_labels):
                if chosen.kind == "prefecture" or code in chosen.area_codes:
                    links[code] = label
        for code in sorted(links):
            st.page_link(DOSSIER_PAGE, label=f"{text.markdown_escape(links[code])} の自治体ページを開く", icon=":material/location_city:",
                         query_params={"area": code})

# --- matching projects per prefecture --------------------------------------------------------------
st.subheader("都道府県別の事業（JIS コード順）")
if projects.empty:
    st.info("条件に合う事業はありません。", icon=":material/info:")
else:
    st.dataframe(text.project_rows(projects, extra=[("pref_name", "都道府県")]), hide_index=True, width="stretch",
                 key="map_prefecture_projects")
    st.caption(f"(※) {text.MLIT_NOTE.removeprefix('（※）')}。"
               "タイトルは H30 採択事業のみ公表。複数の都道府県にまたがる事業は各都道府県の行に出ます。")
layout.source(("001", 3), ("000", 5))
layout.table(counts.rename(columns={"pref_code": "都道府県コード", "pref_name": "都道府県", "region": "地方",
                                    "project_count": "条件に合う事業数"}),
             key="map_counts_table", label="地図の色の元データ（47都道府県の事業数）を表で見る")
