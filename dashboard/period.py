"""Period facts read from the snapshot, so no page or catalogue entry types 'R4', '45' or 'H30〜R4'.

When a later list is published (a new snapshot), these words follow the data without a code change.
"""
from __future__ import annotations

from collections.abc import Callable

import pandas as pd


def facts(run: Callable[..., pd.DataFrame]) -> dict[str, object]:
    """first_fy/last_fy (selection years of the program), supported_fy (year of the supported list),
    ended_fy (year by whose end the ended projects ended) and the three published totals."""
    totals = run("program_totals").set_index("metric")
    years = run("selections_by_year")
    out: dict[str, object] = {}
    if not years.empty:
        out["first_fy"] = str(years["fiscal_year_label"].iloc[0])
        out["last_fy"] = str(years["fiscal_year_label"].iloc[-1])
    for metric, name in (("selected_total", "selected_total"), ("supported_total", "supported_total"),
                         ("ended_total", "ended_total")):
        if metric in totals.index:
            out[name] = int(totals.at[metric, "value_count"])
    if "supported_total" in totals.index:
        out["supported_fy"] = str(totals.at["supported_total", "fiscal_year_label"])
    if "ended_total" in totals.index:
        out["ended_fy"] = str(totals.at["ended_total", "fiscal_year_label"])
    return out
