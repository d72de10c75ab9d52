"""調査: the survey of the selected municipalities (001 p.4), with counts, published percentages and their base."""
import pandas as pd
import streamlit as st

from dashboard import data, layout
from dashboard.chart_style import show
from dashboard.figures import survey as figures
from dashboard.safe_text import plain

filters = st.session_state["filters"]
layout.header("調査：選定自治体が抱える課題", filters,
              lead="アンケートは集計値だけが公表されているため、サイドバーの絞り込み条件はこのページの数字には影響しません。")

responses = data.run("survey_responses")
bases = data.run("survey_implied_base").set_index("survey")
findings = data.run("program_facts", topic="survey_finding")
if responses.empty:
    st.info("このスナップショットには調査のデータがありません。", icon=":material/info:")
    st.stop()

st.subheader("調査の概要と主な結果")
st.markdown("\n".join(f"- {plain(text)}" for text in findings["fact_text"]))
layout.source(("001", 4))

surveys = list(dict.fromkeys(responses["survey"]))
share_only = [s for s in surveys if responses.loc[responses["survey"] == s, "respondents_count"].isna().all()]
first_items = set(responses.loc[responses["survey"].isin(share_only), "item_label"])
named_in_text = [i for text in findings["fact_text"] for i in figures.quoted_items(text)]
missing = list(dict.fromkeys(i for i in named_in_text if i not in first_items)) if share_only else []
if missing:
    st.caption("※ 本文が課題として挙げる" + "".join(f"「{plain(i)}」" for i in missing)
               + f"は、グラフ「{plain(share_only[0])}」の項目名には含まれていません（資料のままです）。")


def pairing_caption(rows) -> str:
    inferred = int(rows["is_pairing_inferred"].sum())
    unknown = int(rows["is_item_unknown"].sum())
    parts = []
    if inferred:
        which = f"{len(rows)}項目すべて" if inferred == len(rows) else f"{len(rows)}項目のうち{inferred}項目"
        parts.append(f"{which}について、値と項目名の対応を図の配置から推定しています"
                     f"（斜線の棒・ラベルの{figures.INFERRED_MARK}）。")
    if unknown:
        parts.append(f"{unknown}つの値は項目名が読み取れないため「項目名不明」としています。")
    return "".join(parts)


for survey in surveys:
    rows = responses[responses["survey"] == survey].reset_index(drop=True)
    rows = rows.assign(pairing_text=rows["pairing"].map(figures.PAIRING_TEXT))
    base = bases.loc[survey]
    n_text = f"N={int(base['base_n'])}{base['base_unit']}"
    st.subheader(f"{plain(survey)}（{plain(n_text)}）")
    key = f"survey_{int(base['survey_order'])}"
    if survey in share_only:
        st.caption("資料には「課題あり」の割合だけが載っています。件数と、回答の4区分（対応にあたっている／自治体では"
                   "対応が難しい／以前課題だったが解決した／発生していない）の内訳は公表資料から読み取れません。"
                   + pairing_caption(rows))
        show(figures.issue_shares(rows), key=key, filename="survey_issue_shares")
        layout.source(("001", 4))
        layout.table(rows[["value_order", "item_label", "share_pct_published", "base_n", "pairing_text"]],
                     key=f"{key}_table", column_config={
                         "value_order": "順", "item_label": "項目", "share_pct_published": "課題あり（%、公表値）",
                         "base_n": f"N（{base['base_unit']}）", "pairing_text": "項目との対応"})
    else:
        st.caption("件数と、資料に印刷された割合を並べています。" + pairing_caption(rows))
        c1, c2, c3 = st.columns(3)
        c1.metric("資料のN", f"{int(base['base_n'])} {base['base_unit']}")
        c2.metric("件数の合計", f"{int(base['count_sum'])} 件")
        c3.metric("割合から逆算した母数", "該当なし" if pd.isna(base["implied_base_n"])
                  else f"{int(base['implied_base_n'])}")
        show(figures.bottleneck_counts(rows), key=key, filename="survey_bottlenecks")
        layout.source(("001", 4))
        layout.table(rows[["value_order", "item_label", "respondents_count", "share_pct_published",
                           "count_share_of_base_n_pct", "pairing_text"]],
                     key=f"{key}_table", column_config={
                         "value_order": "順", "item_label": "項目", "respondents_count": "件数",
                         "share_pct_published": "割合（%、公表値）",
                         "count_share_of_base_n_pct": f"件数÷N（%、N={int(base['base_n'])}）",
                         "pairing_text": "項目との対応"})

st.subheader("公表された割合の母数")
st.markdown("資料の割合が何を母数にしているかを確かめるため、1〜200の整数 b のうち、すべての割合を"
            "「件数÷b を四捨五入した値」として再現できる最小の b を求めました（件数が公表されていない"
            "グラフでは、各割合が何らかの整数の件数から作れれば一致とみなします）。")
for survey in surveys:
    rows = responses[responses["survey"] == survey].reset_index(drop=True)
    base = bases.loc[survey]
    n, unit = int(base["base_n"]), plain(base["base_unit"])
    implied = base["implied_base_n"]
    if pd.isna(implied):  # no base up to 200 fits
        st.warning(f"「{plain(survey)}」: 1〜200のどの母数でも、公表の割合をすべて再現できません。", icon=":material/warning:")
        continue
    implied = int(implied)
    if survey in share_only:
        miss = next(((int(p), figures.unreachable_at(int(p), n)) for p in rows["share_pct_published"]
                     if figures.unreachable_at(int(p), n)), None)
        text = (f"**「{plain(survey)}」**：件数は公表されていません。割合から逆算した母数は **{implied}** で、"
                f"N（{n}{unit}）とは{'一致します' if implied == n else '一致しません'}。")
        if miss:
            pct, ((k1, p1), (k2, p2)) = miss
            text += (f"{n}{unit}では{pct}%になる件数がありません（{k1}{unit}＝{p1}%、{k2}{unit}＝{p2}%）。")
        st.info(text, icon=":material/calculate:")
    else:
        top = rows.iloc[0]
        count, pct = int(top["respondents_count"]), int(top["share_pct_published"])
        second = rows.iloc[1] if len(rows) > 1 else top
        text = (f"**「{plain(survey)}」**：公表の割合は、件数を **{implied}** で割った値と一致します"
                f"（{count}÷{implied}＝{figures.rounded_pct(count, implied)}%、"
                f"{int(second['respondents_count'])}÷{implied}＝"
                f"{figures.rounded_pct(int(second['respondents_count']), implied)}%）。"
                f"一方、件数を合計すると {int(base['count_sum'])} 件で、N（{n}{unit}）と同じです。"
                f"{n}で割ると {count}÷{n}＝{figures.rounded_pct(count, n)}% となり、公表の{pct}%とは合いません。"
                "割合の母数が資料からは確かめられないため、引用するときは割合ではなく件数を使ってください"
                f"（例：「{plain(top['item_label'])}」{count}件）。")
        st.info(text, icon=":material/calculate:")
layout.table(data.run("survey_implied_base"), key="survey_implied_base_table", label="母数の検算を表で見る",
             column_config={"survey": "グラフ", "survey_order": "順", "base_n": "資料のN", "base_unit": "単位",
                            "value_count": "値の数", "counted_value_count": "件数のある値の数",
                            "count_sum": "件数の合計", "implied_base_n": "割合から逆算した母数"})
layout.source(("001", 4))
