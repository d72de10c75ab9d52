"""技術: which technologies the matching projects use, by year, together, and by region."""
import streamlit as st

from dashboard import data, layout
from dashboard.chart_style import show
from dashboard.figures import technology as figures

filters = st.session_state["filters"]
layout.header("活用技術", filters,
              lead="R4年度の支援中事業一覧（001 p.3）の「活用技術」欄から集計。1事業が複数の技術を使うため、合計は事業数を超えます。")

coverage = data.run("technology_list_coverage", filters).iloc[0]
matching, listed = int(coverage["matching_count"]), int(coverage["listed_count"])
unlisted, more = int(coverage["unlisted_count"]), int(coverage["list_ends_with_more_count"])

if matching == 0:
    st.warning("条件に合う事業がありません。絞り込み条件を変えてください。", icon=":material/warning:")
    st.stop()
if listed == 0:
    st.warning(f"条件に合う {matching} 事業には、活用技術が公表されている事業がありません"
               "（活用技術は R4年度の支援中事業についてのみ公表されています）。絞り込み条件を変えてください。", icon=":material/warning:")
    st.stop()
if unlisted:
    st.info(f"条件に合う {matching} 事業のうち {unlisted} 事業は支援終了の事業で、活用技術が公表されていないため"
            "技術別の件数にも割合の分母にも含まれません（割合は活用技術が公表されている事業に占める割合）。", icon="ℹ️")

counts = data.run("technology_counts", filters)
order = figures.technology_order(counts)

# (a) projects per technology
st.subheader("技術別の事業数")
c1, c2 = st.columns(2)
c1.metric("活用技術が公表されている事業（条件に合う事業）", f"{listed} 事業")
c2.metric("うち技術の一覧が「等」で終わる事業", f"{more} / {listed} 事業")
st.markdown(
    "**「等」について**　資料の活用技術欄には「AI、IoT、5G、クラウドコンピューティング等」のように、"
    "**一覧が「等」で終わる事業**があります。これは主な技術だけを挙げたもので、その事業はほかの技術も使っている可能性があります。"
    "そのため下の件数は「少なくともこの数の事業が使っている」という**下限**です。"
    f"条件に合う {listed} 事業のうち **{more} 事業** の一覧が「等」で終わっています。"
    "棒の水色の部分は、その技術を使う事業のうち一覧が「等」で終わる事業の数です。")
show(figures.counts_bar(counts), key="tech_counts", filename="technology_counts")
st.caption("（　）内の割合は、条件に合う事業に占める割合です。")
layout.source(("001", 3))
layout.table(counts.drop(columns=["display_order"]), key="tech_counts_table", column_config={
    "technology": "技術", "technology_en": "技術（英語）", "project_count": "事業数",
    "list_ends_with_more_count": "うち一覧が「等」で終わる事業数", "share_of_matching_pct": "条件に合う事業に占める割合(%)"})

# (b) technology × selection year
st.subheader("技術 × 採択年度")
st.caption("各マスの数字は、その年度に選定された事業のうち、その技術を使う事業の数（条件に合う事業のみ）。")
by_year = data.run("technology_by_year", filters)
show(figures.year_heatmap(by_year, order), key="tech_by_year", filename="technology_by_year")
layout.source(("001", 3))
layout.table(by_year.drop(columns=["display_order"]), key="tech_by_year_table", column_config={
    "technology": "技術", "fiscal_year": "採択年度（西暦）", "fiscal_year_label": "採択年度", "project_count": "事業数"})

# (c) co-occurrence
st.subheader("技術の組み合わせ")
st.caption("各マスの数字は、縦の技術と横の技術の両方を使う事業の数。対角線（同じ技術どうし）のマスは、その技術を使う事業の数です。")
pairs = data.run("technology_cooccurrence", filters)
show(figures.cooccurrence_heatmap(pairs, order), key="tech_pairs", filename="technology_cooccurrence")
layout.source(("001", 3))
layout.table(pairs.drop(columns=["display_order_a", "display_order_b"]), key="tech_pairs_table", column_config={
    "technology_a": "技術A", "technology_b": "技術B", "project_count": "両方を使う事業数", "is_diagonal": "同じ技術（対角線）"})

# (d) by region
st.subheader("地方別の技術")
st.caption("各マスの数字は、その地方に申請団体（都道府県・市町村）がある事業のうち、その技術を使う事業の数。"
           "複数の地方にまたがる事業は、地域がある地方それぞれで1件と数えます（同じ地方の中では1件）。"
           "列見出しの（　）内は、その地方に地域がある条件に合う事業の数です。")
by_region = data.run("technology_by_region", filters)
show(figures.region_heatmap(by_region, order), key="tech_by_region", filename="technology_by_region")
layout.source(("001", 3))
layout.table(by_region.drop(columns=["region_order", "display_order"]), key="tech_by_region_table", column_config={
    "region": "地方", "region_project_count": "その地方の事業数", "region_listed_count": "うち活用技術の公表あり",
    "technology": "技術", "project_count": "事業数", "share_of_region_pct": "その地方の事業に占める割合(%)"})
