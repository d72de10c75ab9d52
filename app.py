"""Entry point: `streamlit run app.py`. Navigation, the shared sidebar filters, then the chosen page."""
from __future__ import annotations

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager

from dashboard import data, i18n, lang, navigation, presenter, sidebar
from dashboard.snapshot import SnapshotError

# Streamlit treats an app with a `pages/` folder beside the entry script as a legacy (v1)
# multipage app until st.navigation is first called: that first run executes this script nested
# inside a generated v1 page, so widget identities differ from every later run and the first
# click on a sidebar filter was lost (AppTest resets the flag on every run, so it lost state on
# every interaction). We register our pages, then restart the run once in the v2 mode before any
# widget exists. Page files are named `*_page.py` so their v1 names never equal our url_paths.
started_in_legacy_mode = bool(PagesManager.uses_pages_directory)

lang.load()  # before any word: the titles and the navigation are in the session's language
st.set_page_config(page_title=i18n.t("app.title"), page_icon="🗾", layout="wide")
# Streamlit serves <html lang="en">; screen readers and the browser's font choice need the UI language.
st.html(f"<script>document.documentElement.lang = {i18n.t('app.html_lang')!r};</script>",
        unsafe_allow_javascript=True)

page = st.navigation(navigation.pages())  # page_registry's pages, made once per language (dashboard/navigation.py)
if started_in_legacy_mode:
    st.rerun()
spec = navigation.begin(page)  # the chosen page's declaration (page_registry)

lang.render()
try:
    st.session_state["filters"] = sidebar.render(filtered=spec.filtered)
except SnapshotError as e:
    st.error(i18n.t("snapshot.load_error", message=e), icon=":material/block:")
    st.stop()
if notice := data.skipped_notice():  # a newer snapshot folder was incomplete; an older one is shown
    st.warning(notice, icon=":material/history:")

presenter.render(i18n.current())
sidebar.dropped_notice()
page.run()
