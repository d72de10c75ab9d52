"""Period facts read from the snapshot, so no page or catalogue entry types 'R4', '45' or 'H30〜R4'.

When a later list is published (a new snapshot), these words follow the data without a code change, and
each snapshot speaks of its own date: the 2018-11-16 snapshot says H30 and 14, the 2023-02-21 one R4 and 45.

Every key is always present, so catalogue templates never miss a value. The published totals (program_totals)
are used where the snapshot has them; a snapshot whose documents publish none (000) gets the same figures
counted from its own rows: selected = the per-year selection counts, supported / ended = its projects by
status, supported_fy = the fiscal year of its as-of date, ended_fy = the year before (none ended yet).
"""
from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from dashboard import i18n
from pipeline import fiscal_year

FY_KEYS = ("first_fy", "last_fy", "supported_fy", "ended_fy")
KEYS = ("as_of", "first_fy", "last_fy", "supported_fy", "ended_fy", "selected_total", "supported_total",
        "ended_total", "list_ref", "totals_ref", "count_basis")


def in_language(period: dict[str, object], lang: str) -> dict[str, object]:
    """The period facts with their fiscal years as the language writes them ('R4' / 'FY2022'): the one place
    pages, the sidebar, slides and exports turn the published labels into the UI language."""
    from dashboard import formats  # formats imports nothing of this module; imported here to keep this one light
    return {k: formats.fy_label(v, lang) if k in FY_KEYS and v else v for k, v in period.items()}


def nothing_ended(period: dict[str, object]) -> bool:
    """No project of the snapshot has ended (e.g. 2018-11-16: the H30 selections are all in their first year)."""
    return int(period.get("ended_total") or 0) == 0


def wording(key: str, period: dict[str, object], lang: str | None = None) -> str:
    """The catalogue key to use for `key` in this snapshot: `<key>_counted` where the per-year counts are counted
    from a list (count_basis, 000 prints none), `<key>_none_ended` where nothing has ended (no 「H29年度末までに
    終了した0事業」 in 2018), each only where the catalogue has it; else `key`."""
    variants = ([f"{key}_counted"] if period.get("count_basis") == "counted" else []) + \
        ([f"{key}_none_ended"] if nothing_ended(period) else [])
    return next((v for v in variants if i18n.has(v, lang)), key)


def facts(run: Callable[..., pd.DataFrame]) -> dict[str, object]:
    """as_of (the snapshot's date, ISO), first_fy/last_fy (selection years of the program), supported_fy (year
    of the supported list), ended_fy (year by whose end the ended projects ended), the three totals, and where
    the list and the totals are printed (list_ref, totals_ref: '001 p.3', '001 p.1')."""
    totals = run("program_totals").set_index("metric")
    years = run("selections_by_year")
    sources = run("source_list")
    as_of = max(sources["as_of"]).date() if not sources.empty else None
    out: dict[str, object] = {"as_of": as_of.isoformat() if as_of else ""}
    if not years.empty:
        out["first_fy"] = str(years["fiscal_year_label"].iloc[0])
        out["last_fy"] = str(years["fiscal_year_label"].iloc[-1])
    for metric in ("selected_total", "supported_total", "ended_total"):
        if metric in totals.index:
            out[metric] = int(totals.at[metric, "value_count"])
    if "supported_total" in totals.index:
        out["supported_fy"] = str(totals.at["supported_total", "fiscal_year_label"])
    if "ended_total" in totals.index:
        out["ended_fy"] = str(totals.at["ended_total", "fiscal_year_label"])
    # Counted from the snapshot's own rows where its documents publish no total.
    out.setdefault("selected_total", int(years["selected_count"].sum()) if not years.empty else 0)
    out.setdefault("supported_total", int(years["supported_count"].sum()) if not years.empty else 0)
    out.setdefault("ended_total", int(out["selected_total"]) - int(out["supported_total"]))
    now = fiscal_year.of_date(as_of) if as_of else None
    if "supported_fy" not in out:
        out["supported_fy"] = fiscal_year.to_label(now) if now else out.get("last_fy", "")
    if "ended_fy" not in out:
        supported = fiscal_year.to_western(str(out["supported_fy"]))
        out["ended_fy"] = fiscal_year.to_label(supported - 1) if supported else ""
    # Where the current list and the totals are printed ('001 p.3', '001 p.1'): a new year's snapshot cites its own
    # document (make add-year), so catalogue entries never type a document number for these.
    listed = run("supported_list_source")
    out["list_ref"] = f"{listed.iloc[0]['source_id']} p.{int(listed.iloc[0]['source_page'])}" if not listed.empty else ""
    out["totals_ref"] = (f"{totals.at['ended_total', 'source_id']} p.{int(totals.at['ended_total', 'source_page'])}"
                         if "ended_total" in totals.index else "")
    # How the per-year counts were obtained (program_selections.count_basis): published, counted (from the document's
    # own list, where it prints no count) or mixed; the words around them say so (wording).
    bases = set(years["count_basis"].dropna()) if "count_basis" in years else set()
    out["count_basis"] = bases.pop() if len(bases) == 1 else "mixed" if bases else "published"
    out.setdefault("first_fy", out["supported_fy"])
    out.setdefault("last_fy", out["supported_fy"])
    return out
