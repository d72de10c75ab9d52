"""概要: the key figures of the program and where they come from."""
import streamlit as st

from dashboard import data, layout
from dashboard.figures import overview as figures
from dashboard.chart_style import show

filters = st.session_state["filters"]
layout.header("未来技術社会実装事業 ダッシュボード", filters,
              lead="内閣府地方創生推進事務局の公表資料から作成。数字はすべて出典の資料とページをたどれます。")

totals = data.run("program_totals").set_index("metric")["value_count"]
covered = data.run("prefectures_covered", filters).iloc[0]
c1, c2, c3, c4 = st.columns(4)
c1.metric("選定事業数（H30〜R4）", f"{totals['selected_total']} 事業")
c2.metric("支援中（R4年度）", f"{totals['supported_total']} 事業")
c3.metric("支援終了（R3年度末まで）", f"{totals['ended_total']} 事業")
c4.metric("対象の都道府県", f"{int(covered['pref_count'])} 都道府県",
          help="条件に合う事業の申請者（都道府県・市町村）がある都道府県の数")
layout.source(("001", 1))

by_year = data.run("selections_by_year", filters)
st.subheader("年度別の選定数")
show(figures.selections_by_year(by_year), key="overview_by_year", filename="selections_by_year")
layout.source(("001", 2), ("001", 3))
layout.table(by_year, key="overview_by_year_table")

st.subheader("出典資料")
layout.source_documents()
