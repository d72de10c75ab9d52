"""How a project's fields read in the UI (map tooltips, project tables, the municipality dossier).

Pure functions without Streamlit, so tests can pin the exact wording.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence

import pandas as pd

from pipeline import fiscal_year

from .url_state import markdown_escape  # noqa: F401 - pages call it as project_text.markdown_escape

STATUS_TEXT = {"supported": "支援中", "ended": "支援終了"}
MLIT_MARK = "※"
MLIT_NOTE = "（※）国土交通省道路局の自動運転サービス導入支援事業の対象"
NO_TITLE = "タイトル未公表"
NO_TECHNOLOGIES = "記載なし（支援終了事業の活用技術は公表資料にない）"


def is_present(value) -> bool:
    """False for None / NA / NaN, which pandas may hand us for a missing value."""
    if value is None:
        return False
    try:
        return not bool(pd.isna(value))
    except (TypeError, ValueError):  # lists and arrays: present
        return True


def technologies_text(technologies: Sequence[str] | None, more: bool | None) -> str:
    """'AI、IoT、自動運転等' (「等」 when the published list ends with 等); a note when none are published."""
    if not is_present(technologies) or len(technologies) == 0:
        return NO_TECHNOLOGIES
    return "、".join(technologies) + ("等" if is_present(more) and bool(more) else "")


def fy_text(year) -> str:
    """'R2 (2020)'."""
    return fiscal_year.display(int(year))


def title_text(title: str | None) -> str:
    return title if is_present(title) and str(title).strip() else NO_TITLE


def status_text(status: str) -> str:
    return STATUS_TEXT.get(status, str(status))


def mlit_mark(mlit_av_support: bool | None) -> str:
    return MLIT_MARK if is_present(mlit_av_support) and bool(mlit_av_support) else ""


def support_period_text(selected_fy, support_max_last_fy, status: str, ended_by_fy=None) -> str:
    """'R2 (2020)〜R6 (2024)（最長5年）'; for an ended project, when it had ended by."""
    first = fy_text(selected_fy)
    years = int(support_max_last_fy) - int(selected_fy) + 1
    if status == "ended":
        end = f"{fy_text(ended_by_fy)} 年度末までに終了" if is_present(ended_by_fy) else "終了"
        return f"{first}〜（{end}）"
    return f"{first}〜{fy_text(support_max_last_fy)}（最長{years}年）"


def area_label(pref_name: str, municipality_name: str | None) -> str:
    """'大阪府 河内長野市', or '大阪府' when the prefecture itself is the applicant."""
    return f"{pref_name} {municipality_name}" if is_present(municipality_name) else pref_name


def project_rows(df: pd.DataFrame, *, extra: Iterable[tuple[str, str]] = ()) -> pd.DataFrame:
    """A project query result as the table users see: Japanese headers, display wording.

    `extra` is (source column, header) pairs put in front, e.g. the prefecture.
    """
    out = pd.DataFrame(index=df.index)
    for column, header in extra:
        out[header] = df[column]
    out["申請者"] = df["applicant"]
    out["採択年度"] = [fy_text(y) for y in df["selected_fy"]]
    out["支援状況"] = [status_text(s) for s in df["status"]]
    out["活用技術"] = [technologies_text(t, m) for t, m in zip(df["technologies"], df["technologies_more"])]
    out["(※)"] = [mlit_mark(v) for v in df["mlit_av_support"]]
    out["タイトル"] = [title_text(t) for t in df["title"]]
    return out.reset_index(drop=True)
