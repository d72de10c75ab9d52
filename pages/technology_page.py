"""技術: which technologies the matching projects use, by year, together, and by region."""
import streamlit as st

from dashboard.panels import PANELS
from dashboard.render import page

ctx = page.context(st.session_state["filters"])
page.header(ctx.t("page.technologies.title"), ctx)
for panel_id in ("tech_counts", "tech_by_year", "tech_pairs", "tech_by_region"):
    if not page.draw(PANELS[panel_id], ctx):
        break  # the panels count the same projects: one notice is enough
