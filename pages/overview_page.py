"""概要: the program's key numbers, the selections per year and the documents everything comes from."""
import streamlit as st

from dashboard import layout
from dashboard.panels import PANELS
from dashboard.render import page

ctx = page.context(st.session_state["filters"])
page.header(ctx.t("app.title"), ctx, lead=ctx.t("app.lead"))
for panel_id in ("key_figures", "selections_by_year"):
    page.draw(PANELS[panel_id], ctx)

st.subheader(ctx.t("page.home.sources_heading"))
layout.source_documents()
