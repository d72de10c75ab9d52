"""自治体: one applicant area's projects, and other supported projects using the same technologies (横展開).

Nothing on this page follows the sidebar filters (the header says so): a chosen area shows all its projects.
"""
import streamlit as st

from dashboard import area_param
from dashboard.panels import municipality as muni
from dashboard.panels.spec import DOSSIER_ROWS, capped_line
from dashboard.render import page
from dashboard.safe_text import plain

ctx = page.context(st.session_state["filters"])
page.header(ctx.t("page.municipality.title"), ctx, lead=ctx.t("page.municipality.lead"),
            note_key="page.municipality.not_filtered")  # counted from the lists, not published aggregates

options = muni.area_options(ctx)
labels = dict(zip(options["area_code"], options["area_label"]))
counts = dict(zip(options["area_code"], options["project_count"]))

area_param.seed_from_url(labels)
area_code = st.selectbox(
    ctx.t("page.municipality.chooser", count=len(labels)), list(labels), key=area_param.WIDGET_KEY,
    format_func=lambda c: ctx.t("page.municipality.option", area=labels[c], count=counts[c]), index=None,
    placeholder=ctx.t("page.municipality.placeholder"),
)
area_param.write_to_url(area_code)

if area_code is None:
    st.info(ctx.t("page.municipality.prompt"), icon=":material/touch_app:")
else:
    projects = ctx.run("projects_in_area", area_code=area_code, row_limit=DOSSIER_ROWS)
    st.header(plain(labels[area_code]))
    total = int(projects["row_count"].iloc[0]) if len(projects) else 0
    st.markdown(ctx.t("page.municipality.project_count", count=total))
    capped = capped_line(ctx, projects, "panel.capped_first")
    if capped:  # a very large snapshot: a dossier each for the first DOSSIER_ROWS
        st.caption(capped)
    for p in projects.itertuples(index=False):
        st.subheader(muni.project_heading(ctx, p))
        st.markdown(muni.dossier(ctx, p, area_code))
        if muni.text.mlit_mark(p.mlit_av_support, ctx.t):
            st.caption(ctx.t("project.mlit_note"))
        st.caption(page.source_line(muni.dossier_sources(p), ctx))
        page.draw(muni.sharing_for(p), ctx)
