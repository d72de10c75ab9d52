"""事業: how the program works — councils, roles, support rules, each project's support period, events.

Only the support-period panel follows the sidebar filters, so the header keeps the match count and its lead
says where the filters apply; every other panel says on screen that it ignores them.
"""
import streamlit as st

from dashboard.panels import PANELS
from dashboard.render import page

ctx = page.context(st.session_state["filters"])
page.header(ctx.t("page.program.title"), ctx, lead=ctx.t("page.program.lead"))
for panel_id in ("program_overview", "program_councils", "regional_council_roles", "onsite_lead", "support_rules",
                 "hands_on_support", "program_timeline", "program_events", "program_background"):
    page.draw(PANELS[panel_id], ctx)
