"""ファイルの確認: check an uploaded candidate list and preview what the dashboard would show. Never writes anything.

The page (pages/file_check_page.py) only draws what `check()` returns; tests call `check()` directly (AppTest has
no file uploader). The list is read by pipeline/year_list.py, the same reader `make add-year` uses, against the
latest source set under data/sources/ (read only). Publishing stays the command.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pandas as pd

from dashboard import i18n
from pipeline import build, fiscal_year, tables
from pipeline.errors import BuildError
from pipeline.year_list import MAX_BYTES, MAX_ROWS, Base, YearList, parse_counts, read_list

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "data" / "sources"
REFERENCE = ROOT / "data" / "reference"
LIMITS = {"max_kb": MAX_BYTES // 1024, "max_rows": MAX_ROWS}
MAX_UPLOAD_MB = max(1, MAX_BYTES // 1_048_576)  # the browser refuses a larger file before sending it; check() again


@lru_cache(maxsize=4)
def _base(folder: str, stamp: float) -> tuple[Base, tuple[str, ...]]:
    ld = tables.load_sources(Path(folder), REFERENCE)
    return Base.from_loaded(ld), tuple(r["project_id"] for r in ld.supported)


def latest_base(sources: Path = SOURCES) -> Base:
    folder = build.latest_source_set(sources)
    stamp = max(p.stat().st_mtime for p in folder.iterdir())
    return _base(str(folder), stamp)[0]


@dataclass
class Report:
    """What the page shows: the problems (a table), and when there are none, a preview."""
    result: YearList | None
    problems: pd.DataFrame
    list_fy: int | None = None
    base_as_of: str | None = None
    years: pd.DataFrame = field(default_factory=pd.DataFrame)
    ending: pd.DataFrame = field(default_factory=pd.DataFrame)
    totals: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.problems.empty


def _problems_frame(result: YearList | None, extra: list[tuple] = ()) -> pd.DataFrame:
    rows = [(p.row, p.column, p.value, p.message) for p in (result.problems if result else [])] + list(extra)
    return pd.DataFrame(rows, columns=["row", "column", "value", "fix"]).astype({"row": "Int64"})


def check(data: bytes, filename: str, *, as_of: dt.date | None = None, counts_text: str = "",
          sources: Path = SOURCES) -> Report:
    """Read and check an uploaded list; `as_of` is the date it describes (default: the fiscal year of its latest
    採択年度), `counts_text` the per-year counts to publish with it ('R5=6')."""
    try:
        base = latest_base(sources)
    except BuildError as e:  # no source set: say so, never a traceback
        return Report(None, _problems_frame(None, [(None, None, None, str(e))]))
    try:
        counts = parse_counts(counts_text)
    except ValueError as e:
        return Report(None, _problems_frame(None, [(None, i18n.t("file_check.counts_label"), counts_text, str(e))]))
    fy = fiscal_year.of_date(as_of) if as_of else None
    result = read_list(data, filename, base, as_of_fy=fy, counts=counts or None)
    if fy is None and result.rows:  # the list's own year: its latest selection year
        fy = max(fiscal_year.to_western(r.selected_fy_label) for r in result.rows)
        result = read_list(data, filename, base, as_of_fy=fy, counts=counts or None)
    report = Report(result, _problems_frame(result), fy, base.previous_as_of)
    if result.rows:
        _preview(report, base, counts)
    return report


def _preview(report: Report, base: Base, counts: dict[str, int]) -> None:
    from pipeline.year_list import _area_key_of
    result = report.result
    previous = {(p["selected_fy_label"], _area_key_of(base, p["applicant"])): p for p in base.previous}
    listed = {(r.selected_fy_label, r.area_key) for r in result.rows}
    all_counts = {**base.counts, **counts}
    labels = sorted(set(all_counts) | {r.selected_fy_label for r in result.rows}, key=fiscal_year.to_western)
    rows = []
    for label in labels:
        on_list = [r for r in result.rows if r.selected_fy_label == label]
        new = [r for r in on_list if (label, r.area_key) not in previous]
        rows.append({"fiscal_year_label": label, "selected_count": all_counts.get(label),
                     "listed_count": len(on_list), "new_count": len(new), "continuing_count": len(on_list) - len(new)})
    report.years = pd.DataFrame(rows).astype({"selected_count": "Int64"})
    ending = [p for key, p in previous.items() if key not in listed]
    report.ending = pd.DataFrame([{"fiscal_year_label": p["selected_fy_label"], "applicant": p["applicant"],
                                   "project_id": p["project_id"]} for p in ending],
                                 columns=["fiscal_year_label", "applicant", "project_id"])
    supported = len(result.rows)
    report.totals = {"supported_total": supported}
    if all(label in all_counts for label in labels):
        report.totals["selected_total"] = sum(all_counts.values())
        report.totals["ended_total"] = report.totals["selected_total"] - supported
