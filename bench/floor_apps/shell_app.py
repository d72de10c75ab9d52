"""Floor: the dashboard's shell with nothing in it. st.navigation with every page of page_registry (the same titles,
icons and addresses, each page one line) and the sidebar every page draws whatever it shows: the language control,
the データ時点 selector, the presenter toggle and a caption (as the pages without filters have them)."""
from __future__ import annotations

import streamlit as st

from dashboard import i18n, page_registry
from dashboard.snapshot import usable_snapshots

st.set_page_config(page_title=i18n.t("app.title"), page_icon="🗾", layout="wide")


def _one_line(title: str):
    def page() -> None:
        st.write(title)
    return page


pages = [st.Page(_one_line(i18n.t(p.title_key)), title=i18n.t(p.title_key), icon=p.icon, url_path=p.url_path,
                 default=p is page_registry.OVERVIEW, visibility="hidden" if p.hidden else "visible")
         for p in page_registry.PAGES]
page = st.navigation(pages)
with st.sidebar:
    st.segmented_control(i18n.t("lang.label"), ["日本語", "English"], default="日本語", required=True)
    st.selectbox(i18n.t("sidebar.as_of"), usable_snapshots().as_ofs)
    st.toggle(i18n.t("presenter.toggle"))
    st.caption(i18n.t("sidebar.not_filtered"))
page.run()
