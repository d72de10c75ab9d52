"""Entry point: `streamlit run app.py`. Navigation, the shared sidebar filters, then the chosen page."""
from __future__ import annotations

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager

from dashboard import data, sidebar
from dashboard.chart_style import presenter_mode
from dashboard.snapshot import SnapshotError

# Streamlit treats an app with a `pages/` folder beside the entry script as a legacy (v1)
# multipage app until st.navigation is first called: that first run executes this script nested
# inside a generated v1 page, so widget identities differ from every later run and the first
# click on a sidebar filter was lost (AppTest resets the flag on every run, so it lost state on
# every interaction). We register our pages, then restart the run once in the v2 mode before any
# widget exists. Page files are named `*_page.py` so their v1 names never equal our url_paths.
started_in_legacy_mode = bool(PagesManager.uses_pages_directory)

st.set_page_config(page_title="未来技術社会実装事業 ダッシュボード", page_icon="🗾", layout="wide")

OVERVIEW = "pages/overview_page.py"
PAGES = [
    # The default page is served at "/" only (Streamlit ignores its url_path), so /overview gets
    # the hidden alias at the end of this list: without it, /overview showed a "Page not found" modal.
    st.Page(OVERVIEW, title="概要", icon=":material/dashboard:", url_path="home", default=True),
    st.Page("pages/map_page.py", title="地図", icon=":material/map:", url_path="map"),
    st.Page("pages/technology_page.py", title="技術", icon=":material/memory:", url_path="technologies"),
    st.Page("pages/selections_page.py", title="選定数", icon=":material/bar_chart:", url_path="selections"),
    st.Page("pages/survey_page.py", title="調査", icon=":material/quiz:", url_path="survey"),
    st.Page("pages/program_page.py", title="事業", icon=":material/account_tree:", url_path="program"),
    st.Page("pages/municipality_page.py", title="自治体", icon=":material/location_city:", url_path="municipality"),
    st.Page("pages/data_page.py", title="データ", icon=":material/download:", url_path="data"),
    st.Page(OVERVIEW, title="概要", icon=":material/dashboard:", url_path="overview", visibility="hidden"),
]
page = st.navigation(PAGES)
if started_in_legacy_mode:
    st.rerun()

try:
    st.session_state["filters"] = sidebar.render()
except SnapshotError as e:
    st.error(f"データを読み込めませんでした。{e}", icon=":material/block:")
    st.stop()
if notice := data.skipped_notice():  # a newer snapshot folder was incomplete; an older one is shown
    st.warning(notice, icon=":material/history:")

with st.sidebar:
    st.toggle("プレゼンモード（大きな文字）", key="f_present")
if presenter_mode():
    st.markdown("<style>html, body, [class*='st-'] {font-size: 1.15rem;} h1 {font-size: 2.6rem !important;}</style>",
                unsafe_allow_html=True)
sidebar.dropped_notice()
page.run()
