"""選定数: projects selected per fiscal year, what became of them, and the related programs of other ministries.

The header counts the matching projects because the support-status chart marks them per year (◆); every
other panel shows published figures and says so when filters are set.
"""
import streamlit as st

from dashboard.panels import PANELS
from dashboard.render import page

ctx = page.context(st.session_state["filters"])
page.header(ctx.t("page.selections.title"), ctx, lead=ctx.t("page.selections.lead"))
for panel_id in ("sel_totals", "sel_cumulative", "sel_status", "sel_ended_named", "sel_related", "sel_budgets"):
    page.draw(PANELS[panel_id], ctx)
