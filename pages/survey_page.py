"""調査: the survey of the selected municipalities (001 p.4), with counts, published percentages and their base.

Only aggregates were published, so the sidebar filters change nothing here (page_registry: filtered=False).
"""
import streamlit as st

from dashboard.panels import PANELS
from dashboard.render import page

ctx = page.context(st.session_state["filters"])
page.header(ctx.t("page.survey.title"), ctx, lead=ctx.t("page.survey.lead"))
for panel_id in ("survey_findings", "survey_issues", "survey_bottlenecks", "survey_implied_base"):
    if not page.draw(PANELS[panel_id], ctx) and panel_id == "survey_findings":
        break  # no survey in this snapshot: one notice is enough
