"""選定数: projects selected per fiscal year, what became of them, and the related programs of other ministries."""
import streamlit as st

from dashboard import data, layout
from dashboard.chart_style import show
from dashboard.figures import selections as figures
from dashboard.safe_text import plain
from pipeline import fiscal_year

filters = st.session_state["filters"]
layout.header("選定数", filters,
              lead="公表された選定数・予算は絞り込み条件によって変わりません。条件に合う事業の数は◆で示します（条件を指定したとき）。")

totals = data.run("program_totals").set_index("metric")["value_count"]
by_year = data.run("selections_by_year", filters)
c1, c2, c3 = st.columns(3)
c1.metric("選定事業数（H30〜R4 合計）", f"{totals['selected_total']} 事業")
c2.metric("支援中（R4年度）", f"{totals['supported_total']} 事業")
c3.metric("支援終了（R3年度末まで）", f"{totals['ended_total']} 事業")
layout.source(("001", 1))

YEAR_COLUMNS = {"fiscal_year": "年度（西暦）", "fiscal_year_label": "年度", "selected_count": "選定数",
                "cumulative_selected_count": "累計", "supported_count": "支援中", "ended_count": "支援終了",
                "ended_named_count": "支援終了（名称公表あり）", "ended_unnamed_count": "支援終了（名称の記載なし）",
                "matching_count": "条件に合う事業"}

st.subheader("年度別の選定数と累計")
show(figures.selections_with_cumulative(by_year), key="sel_cumulative", filename="selections_cumulative")
layout.source(("001", 2), ("001", 1))
layout.table(by_year[["fiscal_year_label", "fiscal_year", "selected_count", "cumulative_selected_count"]],
             key="sel_cumulative_table", column_config=YEAR_COLUMNS)

st.subheader("支援中・支援終了の内訳（採択年度別）")
show(figures.support_status_by_year(by_year, matching=not filters.is_default), key="sel_status",
     filename="selections_support_status")
ended_rows = by_year[by_year["ended_count"] > 0]
lines = []
for r in ended_rows.itertuples():
    text = (f"**{fiscal_year.display(r.fiscal_year)}**: 選定 {r.selected_count} 事業のうち、"
            f"支援中 {r.supported_count} 事業・支援終了 {r.ended_count} 事業。")
    if r.ended_named_count:
        text += f"支援終了のうち {r.ended_named_count} 事業は名称が分かります（下の表、2018年の選定一覧から）。"
    if r.ended_unnamed_count:
        text += (f"**支援終了の {r.ended_unnamed_count} 事業は、出典資料のどこにも名称が記載されていません**"
                 "（このダッシュボードでは名称を推測しません）。")
    lines.append("- " + text)
st.markdown("\n".join(lines))
st.caption(f"支援終了は合計 {int(by_year['ended_count'].sum())} 事業（001 p.1「8事業はR3年度末までに支援終了」）。"
           "支援中は R4年度の支援中一覧（001 p.3）に載っている事業、支援終了は各年度の選定数から支援中を引いた数です。")
layout.source(("001", 2), ("001", 1), ("001", 3))
layout.table(by_year, key="sel_status_table", column_config=YEAR_COLUMNS)

ended = data.run("ended_projects")
st.markdown(f"**名称が公表されている支援終了の事業（{len(ended)} 事業）**")
st.dataframe(ended[["selected_fy_label", "applicant", "title"]], hide_index=True, width="stretch",
             key="sel_ended_named", column_config={"selected_fy_label": "採択年度", "applicant": "申請団体",
                                                   "title": "事業名"})
st.caption("H30年度の選定一覧（000 スライド5）に載っていて、R4年度の支援中一覧（001 p.3）に載っていないことから、"
           "支援終了と判断しています（資料に「支援終了」と個別に書かれているわけではありません）。")
layout.source(("000", 5), ("001", 3))

st.subheader("関連する他府省の事業との比較")
st.caption("資料（001 p.2）に並べて掲載されている関連事業の、年度別の選定数です。"
           "「記載なし」は資料にその年度の選定数が書かれていないことを示し、0件という意味ではありません。")
related = data.run("related_program_selections")
show(figures.related_program_selections(related), key="sel_related", filename="related_program_selections")
layout.source(("001", 2))
layout.table(related.drop(columns=["program_order"]), key="sel_related_table", column_config={
    "program": "事業", "ministry": "府省（推定）", "fiscal_year": "年度（西暦）", "fiscal_year_label": "年度",
    "selected_count": "選定数", "source_id": "出典", "source_page": "ページ"})

budgets = data.run("program_budgets")
budget_fys = "・".join(budgets.drop_duplicates("fiscal_year")["fiscal_year_label"])
st.subheader(f"{plain(budget_fys)}年度の予算（公表どおり）")
left, right = st.columns([3, 2])
with left:
    show(figures.numeric_budgets(budgets), key="sel_budgets", filename="program_budgets")
    st.caption("金額で公表されている事業のみをグラフにしています。")
with right:
    st.markdown("**公表された予算額（すべての事業）**")
    st.markdown("\n".join(f"- {plain(r.program)}（{plain(r.ministry)}）: **{plain(r.budget_text)}**"
                          for r in budgets.itertuples()))
    others = budgets[~budgets["is_budget_numeric"]]
    if len(others):
        st.markdown("**金額として比べられないためグラフにない事業**")
        notes = []
        for r in others.itertuples():
            note = f"- {plain(r.program)}: 「{plain(r.budget_text)}」"
            if r.budget_note:
                note += f"（{plain(r.budget_note)}）"
            notes.append(note)
        st.markdown("\n".join(notes))
        st.caption("「〜の内数」は、より大きな予算の一部として計上されていて、この事業単独の金額は公表されていないことを示します。"
                   "「数億円」は資料の表記のままです。いずれも 0 円ではありません。")
layout.source(("001", 2))
layout.table(budgets[["program", "ministry", "fiscal_year_label", "budget_text", "budget_oku_yen", "budget_note",
                      "contact_email"]], key="sel_budgets_table", column_config={
    "program": "事業", "ministry": "府省（推定）", "fiscal_year_label": "年度", "budget_text": "予算（公表どおり）",
    "budget_oku_yen": "予算（億円、金額の場合のみ）", "budget_note": "備考", "contact_email": "問い合わせ先アドレス"})

domains = budgets.dropna(subset=["ministry_domain"]).drop_duplicates("ministry_domain")
st.caption("※ 府省名は資料に明記されていないため、各事業の問い合わせ先メールアドレスのドメインから推定しています（"
           + "、".join(f"{plain(r.ministry_domain)} → {plain(r.ministry)}" for r in domains.itertuples()) + "）。")
