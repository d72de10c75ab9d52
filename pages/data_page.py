"""データ: the tables behind the dashboard, each downloadable as CSV (Excel), .xlsx and Parquet.

Every download is built from the very DataFrame shown above its buttons, so it holds the rows on screen.
Files are built only when a button is clicked (deferred data).
"""
from functools import partial

import pandas as pd
import streamlit as st

from dashboard import data, downloads, layout
from dashboard.safe_text import plain

filters = st.session_state["filters"]
layout.header("データ", filters,
              lead="画面の表と同じ行を、CSV（Excelでそのまま開けます）・Excel・Parquet でダウンロードできます。")
as_of = data.as_of()
condition = layout.filter_summary(filters)


def offer(df, *, key: str, stem: str, title: str, filtered: bool, note: str = "") -> None:
    """A table, its row count and what it covers, then one download button per format."""
    st.markdown(f"**{title}**")
    scope = f"絞り込み条件を反映（{condition}）" if filtered else "全件（絞り込み条件の対象外）"
    st.caption(plain(f"{len(df)} 行　｜　{scope}" + (f"　｜　{note}" if note else "")))
    if df.empty:
        st.info("条件に合う行がありません。サイドバーの条件を変えてください。", icon=":material/info:")
    dates = {c: st.column_config.DateColumn(c, format="YYYY-MM-DD") for c in df.columns
             if pd.api.types.is_datetime64_any_dtype(df[c])}
    st.dataframe(df, hide_index=True, width="stretch", key=f"{key}_df", column_config=dates)
    about = [("表", title), ("行数", str(len(df))), ("範囲", scope), ("データ時点", as_of),
             ("作成元", "未来技術社会実装事業 ダッシュボード（内閣府地方創生推進事務局の公表資料から作成）")]
    full_stem = f"{stem}_filtered" if filtered and not filters.is_default else stem
    buttons = [("CSV（Excel対応）", "csv", partial(downloads.csv_bytes, df)),
               ("Excel（.xlsx）", "xlsx", partial(downloads.xlsx_bytes, df, sheet=stem, about=about)),
               ("Parquet", "parquet", partial(downloads.parquet_bytes, df))]
    for column, (label, extension, build) in zip(st.columns(len(buttons)), buttons):
        column.download_button(label, data=build, file_name=downloads.file_name(full_stem, as_of, extension),
                               mime=downloads.MIME[extension], key=f"{key}_{extension}", on_click="ignore",
                               icon=":material/download:", width="stretch", disabled=df.empty)


tabs = st.tabs(["事業（絞り込み適用）", "事業制度・選定数", "調査・イベント", "支援体制・説明文", "出典"])
with tabs[0]:
    offer(data.run("filtered_projects_table", filters), key="data_projects", stem="projects",
          title="事業一覧", filtered=True,
          note="technologies_text・area_names・area_codes は「、」区切りの文字列")
    offer(data.run("filtered_project_areas_table", filters), key="data_project_areas", stem="project_areas",
          title="事業の提案者の地域（1行＝1地域）", filtered=True)
with tabs[1]:
    offer(data.run("export_programs"), key="data_programs", stem="programs", title="事業制度", filtered=False)
    offer(data.run("export_program_selections"), key="data_program_selections", stem="program_selections",
          title="事業制度別・年度別の選定数", filtered=False)
    offer(data.run("export_program_budgets"), key="data_program_budgets", stem="program_budgets",
          title="事業制度別の予算", filtered=False)
    offer(data.run("export_program_totals"), key="data_program_totals", stem="program_totals",
          title="未来技術社会実装事業の合計値", filtered=False)
with tabs[2]:
    offer(data.run("export_survey_responses"), key="data_survey", stem="survey_responses",
          title="アンケート結果（001 p.4）", filtered=False,
          note="pairing: stated＝資料に明記、inferred＝配置から推定、unlabelled＝項目名不明")
    offer(data.run("export_events"), key="data_events", stem="events", title="交流会・シンポジウム", filtered=False)
with tabs[3]:
    offer(data.run("export_council_members"), key="data_council", stem="council_members",
          title="会議の構成員", filtered=False)
    offer(data.run("export_program_facts"), key="data_facts", stem="program_facts",
          title="事業の説明文（資料の文言）", filtered=False)
    offer(data.run("export_slide_notes"), key="data_slide_notes", stem="slide_notes",
          title="資料の注記（※・脚注。1行＝資料に印刷された注記1件）", filtered=False)
with tabs[4]:
    layout.source_documents()
    offer(data.run("source_list"), key="data_sources", stem="sources", title="出典資料", filtered=False)

st.subheader("データの仕様")
contract = layout.data_contract_markdown()
if contract is not None:
    with st.expander("data/README.md（各表の列と意味）", expanded=False):
        st.markdown(contract)
else:
    st.info("データの仕様書（data/README.md）はまだありません。列名はデータ作成手順（pipeline/tables.py）の定義と同じです。",
            icon=":material/info:")
st.caption(f"すべての表は同じスナップショット（データ時点 {as_of}）から作られています。"
           "列名は英語、数値の単位は列名の末尾（_count＝件数、_pct＝%、_fy＝年度の西暦開始年）で示しています。")
