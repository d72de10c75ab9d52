"""How a project's fields read in the UI (map tooltips, project tables, the municipality dossier).

Pure functions without Streamlit, so tests can pin the exact wording. The words are the catalogue's
([project] and [status] in locales/<lang>.toml); `t` defaults to the default language.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

import pandas as pd


from . import formats
from .i18n import t as catalogue_t
from .url_state import markdown_escape  # noqa: F401 - pages call it as project_text.markdown_escape

T = Callable[..., str]
# Table headers of project_rows, by field: the glossary's labels, except two short headers the map page's
# tables still use ([project] mlit_header, title_header) until that page's tables are panels.
_HEADERS = {"applicant": "glossary.applicant", "fy": "glossary.fiscal_year_label", "status": "glossary.status",
            "technologies": "glossary.technologies", "mlit": "project.mlit_header", "title": "project.title_header"}


def is_present(value) -> bool:
    """False for None / NA / NaN, which pandas may hand us for a missing value."""
    if value is None:
        return False
    try:
        return not bool(pd.isna(value))
    except (TypeError, ValueError):  # lists and arrays: present
        return True


def technologies_text(technologies: Sequence[str] | None, more: bool | None, t: T = catalogue_t) -> str:
    """'AI、IoT、自動運転等' (「等」 when the published list ends with 等); a note when none are published."""
    if not is_present(technologies) or len(technologies) == 0:
        return t("project.no_technologies")
    return t("project.list_joiner").join(technologies) + (t("project.more_mark") if is_present(more) and bool(more)
                                                          else "")


def fy_text(year) -> str:
    """'R2 (2020)'."""
    return formats.fy(int(year))


def title_text(title: str | None, t: T = catalogue_t) -> str:
    return title if is_present(title) and str(title).strip() else t("project.no_title")


def status_text(status: str, t: T = catalogue_t) -> str:
    """支援中 / 支援終了: the catalogue's [status] words; an unknown status is shown as it is."""
    return t(f"status.{status}") if status in ("supported", "ended") else str(status)


def mlit_mark(mlit_av_support: bool | None, t: T = catalogue_t) -> str:
    return t("project.mlit_mark") if is_present(mlit_av_support) and bool(mlit_av_support) else ""


def support_period_text(selected_fy, support_max_last_fy, status: str, ended_by_fy=None, t: T = catalogue_t) -> str:
    """'R2 (2020)〜R6 (2024)（最長5年）'; for an ended project, when it had ended by."""
    first = fy_text(selected_fy)
    years = int(support_max_last_fy) - int(selected_fy) + 1
    if status == "ended":
        end = (t("project.ended_by", ended_by=fy_text(ended_by_fy)) if is_present(ended_by_fy)
               else t("project.ended"))
        return t("project.period_ended", first=first, end=end)
    return t("project.period_supported", first=first, last=fy_text(support_max_last_fy), years=years)


def area_label(pref_name: str, municipality_name: str | None) -> str:
    """'大阪府 河内長野市', or '大阪府' when the prefecture itself is the applicant."""
    return f"{pref_name} {municipality_name}" if is_present(municipality_name) else pref_name


def project_rows(df: pd.DataFrame, *, extra: Iterable[tuple[str, str]] = (), t: T = catalogue_t) -> pd.DataFrame:
    """A project query result as the table users see: glossary headers, display wording.

    `extra` is (source column, header) pairs put in front, e.g. the prefecture.
    """
    def header(field: str) -> str:
        return t(_HEADERS[field])
    out = pd.DataFrame(index=df.index)
    for column, label in extra:
        out[label] = df[column]
    out[header("applicant")] = df["applicant"]
    if "applicant_ja" in df:  # romanised (lang=en): the published Japanese beside it
        out[t("names.original_column", label=header("applicant"))] = df["applicant_ja"]
    out[header("fy")] = [fy_text(y) for y in df["selected_fy"]]
    out[header("status")] = [status_text(s, t) for s in df["status"]]
    out[header("technologies")] = [technologies_text(x, m, t) for x, m in zip(df["technologies"], df["technologies_more"])]
    out[header("mlit")] = [mlit_mark(v, t) for v in df["mlit_av_support"]]
    out[header("title")] = [title_text(x, t) for x in df["title"]]
    return out.reset_index(drop=True)
