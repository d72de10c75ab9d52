"""Panels and words of the 自治体 page: one applicant area's projects (a dossier per project) and, for each,
the other supported projects using the same technologies (横展開の参考).

Nothing here follows the sidebar filters: the page shows every project of the chosen area, and the projects
sharing technologies are all supported projects (queries/projects_sharing_technologies.sql takes no filters).
The sharing panel is declared once (SHARING) and bound to one project per dossier with `sharing_for`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

import pandas as pd

from dashboard import names
from dashboard import project_text as text
from dashboard.safe_text import plain

from .spec import LIST, LIST_ROWS, Column, Context, Output, Panel, capped_line

MUNICIPALITY_PAGE = "./municipality?area={code}"  # the page's own address (url_path + area_param.PARAM)


@dataclass(frozen=True)
class ProjectPanel(Panel):
    """A panel drawn once per project: a unique id per project (widget keys), one set of words (`words`)."""
    words: str = ""
    project: object = None  # the projects_in_area row it is bound to

    @property
    def title_key(self) -> str:
        return f"panel.{self.words or self.id}.title"

    @property
    def note_key(self) -> str:
        return f"panel.{self.words or self.id}.note"


# --- the chooser and the dossier (prose of the page) --------------------------------------------------------


def area_options(ctx: Context) -> pd.DataFrame:
    """Areas with projects, in JIS code order: area_code, area_label, project_count. In English the label is
    the romanised name with the published Japanese beside it (officials search either)."""
    options = ctx.run("dossier_area_options")
    if ctx.lang == "en":
        options = options.assign(area_label=[ctx.t("names.area_label.label", en=en, ja=ja)
                                             for en, ja in zip(options["area_label_en"], options["area_label"])])
    return options


def _applicant(ctx: Context, p) -> str:
    """The applicant in the UI language: in English the areas' official English names (project_applicants_en),
    the published applicant (marked "Japanese only") where we have none; in Japanese as published."""
    if ctx.lang != "en":
        return p.applicant
    return names.applicants(ctx, [p.project_id]).get(p.project_id) or names.shown(ctx, "projects", "applicant", p.applicant)


def _technologies(ctx: Context, technologies) -> list[str] | None:
    """Technologies in the UI language (technology_en with lang=en)."""
    if not text.is_present(technologies):
        return technologies
    mapping = names.technologies(ctx)
    return [mapping.get(x, x) for x in technologies]


def _title(ctx: Context, title) -> str:
    """The project title: in English our translation marked with the original beside it, or "Japanese only"."""
    if not text.is_present(title) or not str(title).strip():
        return text.title_text(title, ctx.t)
    return names.inline(ctx, "h30_selections", "title", title)


def project_heading(ctx: Context, p) -> str:
    return ctx.t("page.municipality.project_heading", applicant=plain(_applicant(ctx, p)),
                 fy=text.fy_text(p.selected_fy))


def dossier(ctx: Context, p, area_code: str) -> str:
    """One project as a markdown list: applicant, year, title, technologies, status, support period. The
    applicant's areas are listed when the project names more than the chosen area (`area_code`)."""
    status = text.status_text(p.status, ctx.t)
    if p.is_status_inferred:
        status += ctx.t("page.municipality.status_inferred")
    applicant = _applicant(ctx, p)
    if [str(c) for c in p.area_codes] != [str(area_code)]:
        labels = names.area_labels(ctx, list(p.area_codes), list(p.area_labels))
        applicant += ctx.t("page.municipality.applicant_areas",
                           areas=ctx.t("page.municipality.area_joiner").join(labels))
    technologies = text.technologies_text(_technologies(ctx, p.technologies), p.technologies_more, ctx.t)
    if text.mlit_mark(p.mlit_av_support, ctx.t):
        technologies += ctx.t("page.municipality.mlit_suffix")
    lines = [("applicant", applicant), ("fiscal_year_label", text.fy_text(p.selected_fy)),
             ("project_title", _title(ctx, p.title)), ("technologies", technologies), ("status", status),
             ("support_period", text.support_period_text(p.selected_fy, p.support_max_last_fy, p.status,
                                                         p.ended_by_fy, ctx.t))]
    return "\n".join(ctx.t("page.municipality.dossier_line", label=ctx.t(f"glossary.{key}"), value=plain(value))
                     for key, value in lines)


# A document page as the pipeline's status_basis names it: '001 p.8', '000 slide 5'.
_BASIS_REF = re.compile(r"\b(\d{3}) (?:p\.|slide )(\d+)\b")


def dossier_sources(p) -> tuple[tuple[str, int], ...]:
    """Where the dossier's statements come from: the project's list, its title, and the support rule (supported:
    support lasts at most five years, 001 p.8) or what dates the end of an ended project's support: the last page
    its status_basis names (pipeline/tables.py: 001 p.1's 8 ended by FY R3; a completion list, 001 p.8; the list it
    is absent from), so an added year's snapshot cites the page that says so; 001 p.1 where the basis names none."""
    refs = [(p.source_id, int(p.source_page))]
    if text.is_present(p.title_source_id) and (p.title_source_id, int(p.title_source_page)) not in refs:
        refs.append((p.title_source_id, int(p.title_source_page)))
    named = _BASIS_REF.findall(p.status_basis) if isinstance(p.status_basis, str) else []
    ended = (named[-1][0], int(named[-1][1])) if named else ("001", 1)
    rule = ("001", 8) if p.status == "supported" else ended
    return tuple(refs + ([rule] if rule not in refs else []))


# --- projects sharing technologies ---------------------------------------------------------------------------


def _sharing(ctx: Context, p) -> Output:
    if p is None:
        return Output(empty=ctx.t("page.municipality.prompt"))
    if not text.is_present(p.technologies) or len(p.technologies) == 0:
        return Output(notice=ctx.t("panel.projects_sharing_technologies.no_technologies"))
    sharing = ctx.run("projects_sharing_technologies", project_id=p.project_id, row_limit=LIST_ROWS)
    if sharing.empty:
        return Output(notice=ctx.t("panel.projects_sharing_technologies.none"))
    t = ctx.t
    if ctx.lang == "en":  # applicants and technologies in English (the published applicant kept beside)
        sharing = names.localise(sharing, ctx, applicant="applicant", pref_name="pref",
                                 technologies="technologies", shared_technologies="technologies")
    table = sharing.assign(
        municipality_page=[MUNICIPALITY_PAGE.format(code=c) for c in sharing["first_area_code"]],
        selected_fy_text=[text.fy_text(y) for y in sharing["selected_fy"]],
        status_text=[text.status_text(s, t) for s in sharing["status"]],
        technologies_text=[text.technologies_text(x, m, t)
                           for x, m in zip(sharing["technologies"], sharing["technologies_more"])],
        mlit_text=[text.mlit_mark(v, t) for v in sharing["mlit_av_support"]],
        title_text=[_title(ctx, x) for x in sharing["title"]])
    joiner = t("project.list_joiner")
    lines = "\n".join(t("panel.projects_sharing_technologies.line", applicant=plain(r.applicant),
                        url=r.municipality_page, fy=r.selected_fy_text, count=int(r.shared_count),
                        shared=plain(joiner.join(r.shared_technologies)), mlit=r.mlit_text)
                      for r in table.itertuples())
    count = t("panel.projects_sharing_technologies.count", count=int(sharing["row_count"].iloc[0]))
    capped = capped_line(ctx, sharing, "panel.capped_top")
    paragraphs = (t("panel.sentences", first=count, then=capped) if capped else count, lines)
    if (table["mlit_text"] != "").any():  # say what the mark after a year means
        paragraphs += (plain(t("project.mlit_note")),)
    return Output(paragraphs=paragraphs, table=table)


SHARING = ProjectPanel(
    id="projects_sharing_technologies", queries=("projects_sharing_technologies",), sources=(LIST,),
    build=lambda ctx: _sharing(ctx, None), uses_filters=False,
    columns=(Column("shared_count"), Column("shared_technologies"), Column("pref_name"), Column("applicant"),
             Column("municipality_page"), Column("selected_fy_text", "fiscal_year_label"),
             Column("status_text", "status"), Column("technologies_text", "technologies"),
             Column("mlit_text", "mlit_av_support"), Column("title_text", "project_title")))


def sharing_for(p) -> ProjectPanel:
    """SHARING for one project of the dossier (its own id, so its chart and table keys are unique)."""
    return replace(SHARING, id=f"muni_sharing_{p.project_id}", words=SHARING.id, project=p,
                   build=lambda ctx: _sharing(ctx, p))
