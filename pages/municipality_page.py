"""自治体: one applicant area's projects, and other supported projects using the same technologies (横展開)."""
import streamlit as st

from dashboard import area_param, data, layout
from dashboard import project_text as text

filters = st.session_state["filters"]
layout.header("自治体別の事業", filters,
              lead="選んだ自治体（都道府県を含む）が申請者に含まれる事業です。サイドバーの絞り込み条件に関係なく、"
                   "その自治体の事業をすべて表示します。")

options = data.run("dossier_area_options")
labels = dict(zip(options["area_code"], options["area_label"]))
counts = dict(zip(options["area_code"], options["project_count"]))

area_param.seed_from_url(labels)
area_code = st.selectbox(
    f"自治体（事業のある {len(labels)} 自治体、JIS コード順）", list(labels), key=area_param.WIDGET_KEY,
    format_func=lambda c: f"{labels[c]}（{counts[c]}事業）", index=None,
    placeholder="自治体を選ぶか、名前を入力してください",
)
area_param.write_to_url(area_code)

if area_code is None:
    st.info("自治体を選ぶと、その事業と、同じ技術を使う他の事業（横展開の参考）を表示します。"
            "地図ページで点や都道府県をクリックしても開けます。", icon=":material/touch_app:")
else:
    projects = data.run("projects_in_area", area_code=area_code)
    st.header(text.markdown_escape(labels[area_code]))
    st.markdown(f"この自治体が申請者に含まれる事業: **{len(projects)} 件**")
    for p in projects.itertuples(index=False):
        st.subheader(f"{text.markdown_escape(p.applicant)}（{text.fy_text(p.selected_fy)} 採択）")
        status = text.status_text(p.status)
        if p.is_status_inferred:
            status += "（R4年度の支援中の一覧にないことからの推定）"
        lines = [
            ("申請者", p.applicant + ("" if list(p.area_labels) == [labels[area_code]]
                                     else f"（申請者に含まれる自治体: {'・'.join(p.area_labels)}）")),
            ("採択年度", text.fy_text(p.selected_fy)),
            ("タイトル", text.title_text(p.title)),
            ("活用技術", text.technologies_text(p.technologies, p.technologies_more)
             + ("（※）" if text.mlit_mark(p.mlit_av_support) else "")),
            ("支援状況", status),
            ("支援期間", text.support_period_text(p.selected_fy, p.support_max_last_fy, p.status, p.ended_by_fy)),
        ]
        st.markdown("\n".join(f"- **{k}**: {text.markdown_escape(v)}" for k, v in lines))
        if text.mlit_mark(p.mlit_av_support):
            st.caption(text.MLIT_NOTE)
        refs = [(p.source_id, int(p.source_page))]
        if text.is_present(p.title_source_id) and (p.title_source_id, int(p.title_source_page)) not in refs:
            refs.append((p.title_source_id, int(p.title_source_page)))
        if p.status == "supported":
            refs.append(("001", 8))  # support lasts at most five years
        else:
            refs.append(("001", 1))  # eight projects had ended by the end of FY R3
        layout.source(*refs)

        st.markdown("**同じ技術を使う他の支援中の事業（横展開の参考）**")
        if not text.is_present(p.technologies) or len(p.technologies) == 0:
            st.info("この事業の活用技術は公表資料に記載がないため、比較できません。", icon=":material/info:")
            continue
        sharing = data.run("projects_sharing_technologies", project_id=p.project_id)
        if sharing.empty:
            st.info("同じ技術を使う他の支援中の事業はありません。", icon=":material/info:")
            continue
        table = text.project_rows(sharing, extra=[("pref_name", "都道府県")])
        table.insert(0, "共通の技術", ["、".join(t) for t in sharing["shared_technologies"]])
        table.insert(0, "共通の技術数", sharing["shared_count"].to_list())
        table.insert(4, "自治体ページ", [f"./municipality?area={c}" for c in sharing["first_area_code"]])
        st.caption(f"{len(sharing)} 事業。共通の技術が多い順、同数は JIS コード順。"
                   "「等」で終わる技術の一覧は公表分だけで比べています。")
        st.dataframe(table, hide_index=True, width="stretch", key=f"muni_sharing_{p.project_id}",
                     column_config={"自治体ページ": st.column_config.LinkColumn(
                         "自治体ページ", display_text="開く", help="その事業の（最初の）申請者の自治体ページ")})
        layout.source(("001", 3))
