"""事業: how the program works — councils, roles, support rules, each project's support period, events."""
import streamlit as st

from dashboard import data, layout
from dashboard.chart_style import show
from dashboard.figures import program as figures
from dashboard.safe_text import plain
from pipeline import fiscal_year

filters = st.session_state["filters"]
layout.header("事業のしくみ", filters,
              lead="支援体制・支援のルール・イベントは事業全体の説明です。絞り込み条件は「事業ごとの支援期間」の図と表に反映されます。")


def facts(topic: str):
    return data.run("program_facts", topic=topic)


def bullets(df, *, bold_head: bool = False) -> None:
    lines = []
    for text in df["fact_text"]:
        text = figures.with_western_year(text)
        if bold_head and "：" in text:
            head, rest = text.split("：", 1)
            text = f"**{plain(head)}**：{plain(rest)}"
        else:
            text = plain(text)
        lines.append(f"- {text}")
    st.markdown("\n".join(lines))


def member_text(m) -> str:
    """A council member as listed: a slip kept as published says so; an optional one is shown as printed."""
    if isinstance(m.notes, str) and m.notes.startswith("kept as published"):
        return f"{m.member}（資料の表記のまま）"
    if m.is_optional:  # as printed on 000 slide 4: 「（民間事業者） ※必要に応じて」
        return f"（{m.member}） {m.qualifier_text}" if isinstance(m.qualifier_text, str) else f"（{m.member}）"
    return m.member


def cite(*frames) -> None:
    refs = sorted({(r.source_id, int(r.source_page)) for df in frames for r in df.itertuples()})
    layout.source(*refs)


overview = facts("overview")
st.subheader("事業の概要")
bullets(overview)
cite(overview)

# --- councils -------------------------------------------------------------------------------------------
st.subheader("支援体制")
liaison = facts("liaison_council")
bullets(liaison)
members = data.run("council_members")
# notes printed on the slide beside a council (e.g. 「※必要に応じて構成員追加」): shown under it, never counted
council_notes = data.run("slide_notes", subject_table="council_members")
council_notes = council_notes[council_notes["subject_column"] == "council"]
councils = list(dict.fromkeys(members["council"]))
for column, council in zip(st.columns(len(councils)), councils):
    rows = members[members["council"] == council]
    with column.container(border=True):
        st.markdown(f"**{plain(council)}**")
        for role in dict.fromkeys(rows["role"]):
            names = [member_text(m) for m in rows[rows["role"] == role].itertuples()]
            label = f"{plain(role)}（{len(names)}）" if len(names) > 1 else plain(role)
            st.markdown(f"{label}\n" + "\n".join(f"- {plain(n)}" for n in names))
        for note in council_notes.loc[council_notes["subject_value"] == council, "note_text"]:
            st.caption(plain(note))
cite(liaison, members, council_notes)
layout.table(members[["council", "role", "member_order", "member", "qualifier_text"]], key="program_council_table",
             label="構成員を表で見る",
             column_config={"council": "会議", "role": "役割", "member_order": "順", "member": "構成員",
                            "qualifier_text": "注記"})

# --- regional council and on-site lead ------------------------------------------------------------------
left, right = st.columns(2)
with left:
    st.subheader("地域実装協議会の役割")
    roles = facts("regional_council_role")
    bullets(roles)
    cite(roles)
with right:
    st.subheader("現地支援責任者")
    selection = facts("onsite_lead_selection")
    duties = facts("onsite_lead_duty")
    st.markdown("**選定と研修**")
    bullets(selection)
    st.markdown("**業務**")
    bullets(duties, bold_head=True)
    cite(selection, duties)

# --- support rules --------------------------------------------------------------------------------------
st.subheader("支援のルール")
rules = facts("support_rule")
longest = rules["value_number"].dropna()
if not longest.empty:
    unit = rules.loc[longest.index[0], "value_unit"]
    st.metric("支援期間", f"最長 {int(longest.max())} {unit}")
bullets(rules)
as_of_fy = figures.fiscal_year_of(data.as_of())
st.caption(f"※ 資料の「今年度」は、資料の時点（{data.as_of()}）の年度 {fiscal_year.display(as_of_fy)} です。"
           f"H30年度選定の事業は {fiscal_year.to_label(as_of_fy)}年度末（{as_of_fy + 1}年3月末）で支援期間の上限（5年度目）に達します。")
cite(rules)

st.subheader("内閣府によるハンズオン支援")
hands_on = facts("hands_on_support")
bullets(hands_on)
cite(hands_on)

# --- support period per project (filtered) ---------------------------------------------------------------
st.subheader("事業ごとの支援期間（絞り込み条件を反映）")
spans = data.run("support_timeline", filters)
if spans.empty:
    st.info("条件に合う事業がありません。サイドバーの条件を変えてください。", icon=":material/info:")
else:
    supported = int((spans["status"] == "supported").sum())
    ended = int((spans["status"] == "ended").sum())
    note = (f"表示中: {len(spans)}事業（支援中{supported}・支援終了{ended}）。支援中の事業は、選定年度から"
            "支援期間の上限（最長5年）までを示します。")
    if ended:
        by_year = data.run("selections_by_year")
        note += (f"支援終了の事業は、終了した年度が公表されていないため「{fiscal_year.to_label(int(spans['ended_by_fy'].max()))}"
                 f"年度末までに終了」として斜線で示します（支援終了{int(by_year['ended_count'].sum())}事業のうち、"
                 f"名称が分かる{int(by_year['ended_named_count'].sum())}事業のみ）。")
    st.caption(note)
    show(figures.support_timeline(spans, data.as_of()), key="program_timeline", filename="support_timeline")
    layout.source(("001", 1), ("001", 3), ("001", 8), ("000", 5))
    spans = spans.assign(status_text=spans["status"].map(figures.STATUS_TEXT))
    layout.table(spans[["project_id", "applicant", "selected_fy_label", "status_text", "start_fy", "end_fy",
                        "span_years_count", "ended_by_fy"]], key="program_timeline_table",
                 column_config={"project_id": "事業ID", "applicant": "提案者", "selected_fy_label": "採択年度",
                                "status_text": "状況", "start_fy": "支援開始（年度）", "end_fy": "支援の最終年度（上限）",
                                "span_years_count": "年度数", "ended_by_fy": "この年度末までに終了"})

# --- events ---------------------------------------------------------------------------------------------
st.subheader("交流会・シンポジウム")
events = data.run("events")
if events.empty:
    st.info("イベントのデータがありません。", icon=":material/info:")
else:
    for row in events.itertuples():
        day = f"（{plain(row.day_label)}）" if row.day_label else ""
        st.markdown(f"- **{plain(row.event_date_text)}**{day}　{plain(row.title)}　会場: {plain(row.venue)}"
                    f"　参加者: {plain(row.participants_text)}")
    show(figures.event_participants(events), key="program_events", filename="event_participants")
    cite(events)
    layout.table(events[["event_date_text", "title", "day_label", "venue", "program", "participants_total",
                         "participants_municipal", "participants_national", "participants_private"]],
                 key="program_events_table",
                 column_config={"event_date_text": "日付", "title": "名称", "day_label": "日程", "venue": "会場",
                                "program": "内容", "participants_total": "参加者（名）",
                                "participants_municipal": "うち自治体", "participants_national": "うち府省",
                                "participants_private": "うち民間事業者"})

# --- background (2018 scheme) ----------------------------------------------------------------------------
st.subheader("制度の背景（2018年の事業開始時）")
st.caption("事業名は2018年当時「近未来技術等社会実装事業」。")
origin, issues, policies = facts("overview_2018"), facts("support_structure_issue"), facts("policy_basis")
bullets(origin)
st.markdown("**それまでの支援体制の課題**")
bullets(issues)
st.markdown("**政府の方針での位置付け**")
bullets(policies)
cite(origin, issues, policies)
