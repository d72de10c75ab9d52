"""Panels of the 地図 page: the map of matching projects (prefectures by count, one point per location).

The map is selectable: the renderer draws it with plotly point selection under the panel id, and the
page reads st.session_state["project_map"].selection to list the clicked place's projects.
"""
from __future__ import annotations

from dashboard import geo, names
from dashboard.chart_style import presenter_mode
from dashboard.figures import map as figures

from . import spec
from .spec import PROJECTS, Column, Context, Output, Panel

SOURCES = (PROJECTS, ("000", 5))  # every project's list; the H30 selections (000 slide 5)


def frames(ctx: Context):
    """The map's three query results with their names in the UI language (counts, points, projects): with
    lang=en prefectures, regions and technologies in English, area labels in the areas' official English names,
    applicants romanised (the Japanese kept as applicant_ja / pref_name_ja). The map and the page's list share them.
    Both grow with the data and are capped: each point names its first MAX_TOOLTIP_LINES projects (what its hover
    text shows; project_count counts them all), each prefecture lists its first PLACE_ROWS (pref_project_count)."""
    counts = ctx.run("prefecture_project_counts", ctx.filters)
    points = ctx.run("map_points", ctx.filters, row_limit=figures.MAX_TOOLTIP_LINES)
    projects = ctx.run("prefecture_projects", ctx.filters, row_limit=spec.PLACE_ROWS)  # read here: tests lower it
    if ctx.lang != "en":
        return counts, points, projects
    counts = names.localise(counts, ctx, pref_name="pref", region="region")
    if not points.empty:
        romanised = names.applicants(ctx, [i for ids in points["project_ids"] for i in ids])
        points = points.assign(area_labels=[names.area_labels(ctx, c, lab)
                                            for c, lab in zip(points["area_codes"], points["area_labels"])],
                               applicants=[[romanised.get(i) or a for i, a in zip(ids, applicants)]
                                           for ids, applicants in zip(points["project_ids"], points["applicants"])])
    if not projects.empty:
        projects = names.localise(projects, ctx, applicant="applicant", pref_name="pref", technologies="technologies")
        projects = projects.assign(area_labels=[names.area_labels(ctx, c, lab) for c, lab in
                                                zip(projects["area_codes"], projects["area_labels"])])
    return counts, points, projects


def _map(ctx: Context) -> Output:
    counts, points, projects = frames(ctx)
    notice = None
    try:
        features = geo.prefecture_features()
    except geo.ReferenceDataError as e:  # the points still show where the projects are
        features, notice = (), ctx.t("panel.project_map.no_shapes", problem=str(e))
    # A slide builds its panels in the "slide" size class (render/slide.py) whatever the page's presenter mode: the
    # map followed the page's mode, and drew its names and legend at 15 px on a slide whose other charts use 26 px.
    size = "slide" if presenter_mode() == "slide" else ctx.presenter
    fig = figures.project_map(counts, points, projects, features, ctx.t, presenter=size)
    return Output(figure=fig, table=counts, notice=notice, select_points=True, alt=ctx.t("panel.project_map.alt"),
                  fit_css=figures.fit_css(fig, size), keep=notice is None)


PROJECT_MAP = Panel(
    id="project_map", queries=("prefecture_project_counts", "map_points", "prefecture_projects", "prefecture_options",
                             "area_names_en", "project_applicants_en", "technology_options"), sources=SOURCES,
    build=_map, columns=(Column("pref_code"), Column("pref_name"), Column("region"), Column("project_count")))
