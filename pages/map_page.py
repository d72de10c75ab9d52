"""地図: where the matching projects are; one click (or the list below the map) selects a place and lists its projects."""
import streamlit as st

from dashboard import phone
from dashboard import project_text as text
from dashboard.figures import map as figures
from dashboard.panels import PANELS, spec
from dashboard.panels.map import frames
from dashboard.render import page
from dashboard.render.shown import kept_by_matching
from dashboard.safe_text import plain

PANEL, PLACE_KEY, LAST_CLICK, URL_PARAM = "project_map", "map_place", "map_last_click", "place"
DOSSIER_PAGE = "pages/municipality_page.py"

ctx = page.context(st.session_state["filters"])


def _prepared(ctx):
    """The query results (names in the UI language), the places to choose from, the list and the source line."""
    counts, points, projects = frames(ctx)
    places = {f"{p.kind}:{p.key}": p for p in figures.places(counts, points, projects, ctx.t)}
    rows = None if projects.empty else text.project_rows(projects, extra=[("pref_name", ctx.t("glossary.pref_name"))])
    return projects, places, {p.token: k for k, p in places.items()}, rows, page.source_line(PANELS[PANEL].sources, ctx)


# Made once per snapshot, matching projects and language (render/shown.py) and shared between sessions: read only.
projects, places, by_token, project_rows, source = kept_by_matching(ctx, ("map_page",), _prepared)

# A new click on the map wins over the list; a shared link (?place=) seeds the list once per session.
click = getattr(st.session_state.get(PANEL), "selection", None)
clicked = figures.selected_place(click, places)
if clicked is not None and st.session_state.get(LAST_CLICK) != clicked.token:
    st.session_state[LAST_CLICK] = clicked.token
    st.session_state[PLACE_KEY] = f"{clicked.kind}:{clicked.key}"
elif PLACE_KEY not in st.session_state:
    st.session_state[PLACE_KEY] = by_token.get(st.query_params.get(URL_PARAM, ""))
if st.session_state[PLACE_KEY] not in places:
    st.session_state[PLACE_KEY] = None

page.header(ctx.t("page.map.title"), ctx, lead=ctx.t("page.map.lead"))
page.draw(PANELS[PANEL], ctx)
phone.tap_to_select()  # one tap on the map selects, a swipe over it scrolls
for note in ("points", "islands", "attribution"):
    st.caption(ctx.t(f"page.map.note_{note}"))

st.subheader(ctx.t("page.map.chosen_heading"))
key = st.selectbox(ctx.t("page.map.chooser"), [None, *places], key=PLACE_KEY, placeholder=ctx.t("page.map.chooser_none"),
                   format_func=lambda k: ctx.t(f"page.map.option_{places[k].kind}", name=places[k].label,
                                               count=places[k].project_count) if k else ctx.t("page.map.chooser_none"))
chosen = places.get(key)
if chosen is None:
    st.query_params.pop(URL_PARAM, None)
    st.info(ctx.t("page.map.choose_hint"), icon=":material/touch_app:")
else:
    st.query_params[URL_PARAM] = chosen.token
    shown = figures.place_projects(chosen, projects)
    st.markdown(ctx.t("page.map.chosen", name=plain(chosen.label), count=chosen.project_count))
    if len(shown) < chosen.project_count:  # the list holds each prefecture's first spec.PLACE_ROWS projects only
        st.caption(ctx.t("page.map.capped_place", shown=len(shown), total=chosen.project_count, per=spec.PLACE_ROWS))
    if len(shown):
        st.dataframe(text.project_rows(shown), hide_index=True, width="stretch", key="map_clicked_table")
        links = {}  # one link per applicant area of the shown projects (in this prefecture / at this point)
        for row in shown.itertuples(index=False):
            for code, label in zip(row.area_codes, row.area_labels):
                if chosen.kind == "pref" or code in chosen.area_codes:
                    links[code] = label
        for code in sorted(links):
            st.page_link(DOSSIER_PAGE, label=ctx.t("page.map.dossier_link", name=plain(links[code])),
                         icon=":material/location_city:", query_params={"area": code})

st.subheader(ctx.t("page.map.list_heading"))
if projects.empty:
    st.info(ctx.t("page.map.none"), icon=":material/info:")
else:
    if int(projects["row_count"].iloc[0]) > len(projects):
        st.caption(ctx.t("page.map.capped_list", shown=spec.PLACE_ROWS, total=int(projects["row_count"].iloc[0])))
    st.dataframe(project_rows, hide_index=True, width="stretch", key="map_prefecture_projects")
    st.caption(ctx.t("page.map.list_note", mlit=ctx.t("project.mlit_note")))
st.caption(source)
