"""A. Every queries/*.sql (except `_*`) timed through dashboard.query.Database, beside the naive pandas-on-CSV
alternative, on the real snapshot and on a deterministic synthetic snapshot 10,000x larger."""
from __future__ import annotations

import math
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pandas as pd
import pyarrow.parquet as pq

from dashboard.data_tables import ROW_LIMIT
from dashboard.figures.map import MAX_TOOLTIP_LINES
from dashboard.filters import Filters
from dashboard.panels.spec import LIST_ROWS, PLACE_ROWS
from dashboard.query import QUERIES, Database, params_of, query_text
from dashboard.snapshot import Snapshot, current_folder, open_snapshot
from pipeline.build import latest_source_set

from . import naive as naive_mod
from . import synthetic
from .report import Budget, error_text, fmt_ms, fmt_ratio, heading, p50, p95, say, table, time_ms

ROOT = Path(__file__).resolve().parent.parent
SOURCES = latest_source_set()
REFERENCE = ROOT / "data" / "reference" / "municipalities.csv"
FILTER_PARAMS = {"tech", "fy", "pref", "region", "status"}
SCALE = 10_000
TARGET_MS = {"real": 5.0, "scaled": 100.0}

FILTER_SETS: list[tuple[str, Filters]] = [
    ("default", Filters()),
    ("tech=自動運転", Filters(techs=("自動運転",))),
    ("fy=2020", Filters(fys=(2020,))),
    ("pref=27", Filters(prefs=(27,))),
    ("region=関東,status=all", Filters(regions=("関東",), statuses=())),
]
NO_FILTERS = "(no filter params)"


def _column(snapshot: Snapshot, table: str, column: str) -> pd.Series:
    return pq.read_table(snapshot.tables[table], columns=[column]).to_pandas()[column]


def _most_common(snapshot: Snapshot, table: str, column: str):
    counts = _column(snapshot, table, column).dropna().value_counts()
    top = counts[counts == counts.max()].index
    return sorted(top)[0]


def _first_supported_project(snapshot: Snapshot) -> str:
    df = pq.read_table(snapshot.tables["projects"], columns=["project_id", "status"]).to_pandas()
    return sorted(df.loc[df["status"] == "supported", "project_id"])[0]


# Extra (non-filter) query parameters: how to pick a sensible value from the snapshot's data.
PARAM_DEFAULTS: dict[str, Callable[[Snapshot], object]] = {
    "area_code": lambda s: _most_common(s, "project_areas", "area_code"),  # the area with most projects
    "project_id": _first_supported_project,
    # project_applicants_en: the projects one table shows, at most ROW_LIMIT of them (the worst case)
    "project_ids": lambda s: tuple(sorted(_column(s, "projects", "project_id"))[:ROW_LIMIT]),
    "pref_code": lambda s: 27,
    "municipality_name": lambda s: _most_common(s, "project_areas", "municipality_name"),
    "technology": lambda s: "自動運転",
    "fiscal_year": lambda s: 2020,
    "program": lambda s: "未来技術社会実装事業",
    "topic": lambda s: sorted(_column(s, "program_facts", "topic").dropna())[0],
    "survey": lambda s: sorted(_column(s, "survey_responses", "survey").dropna())[0],
    "source_id": lambda s: "001",
    "event_id": lambda s: sorted(_column(s, "events", "event_id").dropna())[0],
    "council": lambda s: sorted(_column(s, "council_members", "council").dropna())[0],
    "subject_table": lambda s: "council_members",  # slide_notes.sql: the notes beside the councils
    "row_limit": lambda s: ROW_LIMIT,  # the data page's filtered tables: at most this many rows
}
# A parameter's value for one question where the page asks it for another than PARAM_DEFAULTS gives: the map's
# questions are capped per point (the hover text's lines) and per prefecture (the rows its list keeps), not per table.
QUERY_PARAMS: dict[str, dict[str, Callable[[Snapshot], object]]] = {
    "map_points": {"row_limit": lambda s: MAX_TOOLTIP_LINES},
    "prefecture_projects": {"row_limit": lambda s: PLACE_ROWS},
    "ended_projects": {"row_limit": lambda s: LIST_ROWS},  # a line of prose per project (panels/selections.py)
}


CORE = ("project_match_count", "technology_counts", "selections_by_year", "prefecture_project_counts",
        "prefectures_covered")


@dataclass
class Cell:
    query: str
    label: str
    filters: Filters
    extra: dict
    baseline: naive_mod.Baseline
    rows: str = ""
    duck: list[float] | None = None
    naive: list[float] | None = None
    naive_reused: bool = False
    same: bool | None = None
    error: str | None = None
    skipped: bool = False
    result: object = None  # DuckDB's answer, kept until the naive one is compared
    naive_skipped: bool = False


PAIR_PREFIX = "changes_"  # the 変化 questions (queries/changes_*.sql) read schemas `earlier` and `later`


def query_names() -> list[str]:
    return sorted(p.stem for p in QUERIES.glob("*.sql") if not p.stem.startswith("_"))


def plan_cells(db: Database, naive: naive_mod.NaiveSources, filter_sets) -> tuple[list[Cell], list[str]]:
    cells: list[Cell] = []
    messages: list[str] = []
    for name in query_names():
        if name.startswith(PAIR_PREFIX):  # asks about two snapshots at once (dashboard/compare.PairDatabase)
            messages.append(f"{name}: skipped: compares two snapshots")
            continue
        try:
            sql = query_text(name)
            wanted = params_of(name)
        except Exception as e:  # unreadable query file
            messages.append(f"{name}: {error_text(e)}")
            continue
        unknown = sorted(wanted - FILTER_PARAMS - PARAM_DEFAULTS.keys())
        if unknown:
            messages.append(f"{name}: skipped: needs " + ", ".join(f"${p}" for p in unknown))
            continue
        try:
            extra = {p: {**PARAM_DEFAULTS, **QUERY_PARAMS.get(name, {})}[p](db.snapshot)
                     for p in sorted(wanted - FILTER_PARAMS)}
        except Exception as e:
            messages.append(f"{name}: skipped: no value for its parameters ({error_text(e)})")
            continue
        shown_extra = ",".join(f"${k}={v}" for k, v in extra.items())
        sets = filter_sets if wanted & FILTER_PARAMS else [(NO_FILTERS, Filters())]
        base = naive_mod.baseline(naive, name, sql)
        for label, filters in sets:
            if shown_extra:
                label = shown_extra if label == NO_FILTERS else f"{label},{shown_extra}"
            cells.append(Cell(name, label, filters, extra, base))
    return cells, messages


def _measure_duck(cell: Cell, db: Database, kind: str, quick: bool) -> None:
    def call():
        return db.run(cell.query, cell.filters, **cell.extra)
    t0 = time.perf_counter()
    result = call()  # also the first warm-up
    probe_ms = (time.perf_counter() - t0) * 1000
    cell.rows = str(len(result))
    cell.result = result if len(result) <= 10_000 else None  # kept for the same-answer check
    if quick:
        cell.duck = time_ms(call, warmup=0, min_n=2, max_n=3, budget_s=0.05)
    elif kind == "real":
        cell.duck = time_ms(call, warmup=2, min_n=10, max_n=40, budget_s=0.2)
    elif probe_ms > 1000:  # heavy at 10,000x: one timed call after the warm-up
        cell.duck = time_ms(call, warmup=0, min_n=1, max_n=1, budget_s=0)
    elif probe_ms > 300:
        cell.duck = time_ms(call, warmup=0, min_n=2, max_n=2, budget_s=0)
    else:
        cell.duck = time_ms(call, warmup=1, min_n=3, max_n=10, budget_s=0.4)


def _measure_naive(cell: Cell, kind: str, quick: bool, memo: dict) -> None:
    key = cell.baseline.key(cell.filters, **cell.extra)
    if kind == "scaled" and key in memo:
        cell.naive, cell.naive_reused = memo[key], True
        return
    def call():
        return cell.baseline.run(cell.filters, **cell.extra)
    t0 = time.perf_counter()
    result = call()
    first_ms = (time.perf_counter() - t0) * 1000
    if cell.result is not None:
        cell.same = naive_mod.same_answer(cell.query, result, cell.result)
    if kind == "real":
        cell.naive = time_ms(call, warmup=0, min_n=2 if quick else 5, max_n=3 if quick else 15,
                             budget_s=0.05 if quick else 0.12)
    else:  # each call re-reads ~86 MB of CSV: the first call counts, more only while cheap
        more = [] if first_ms > 500 or quick else time_ms(call, warmup=0, min_n=1, max_n=2, budget_s=0.5)
        cell.naive = [first_ms] + more
    memo[key] = cell.naive


def _is_first(cell: Cell) -> bool:
    return cell.label.split(",")[0] == "default" or cell.label.startswith(("$", NO_FILTERS))


def bench_dataset(kind: str, db: Database, naive: naive_mod.NaiveSources, budget: Budget, duck_stop_s: float,
                  naive_stop_s: float, quick: bool) -> None:
    """Two passes (DuckDB, then naive), each in priority order until its deadline (seconds since the start):
    every query once with default filters; then the core queries under the other filter sets; then the rest,
    cheapest first, so that a tight budget cuts the heaviest cells."""
    filter_sets = FILTER_SETS if kind == "real" else FILTER_SETS[:4]
    cells, messages = plan_cells(db, naive, filter_sets)
    first = [c for c in cells if _is_first(c)]
    later = [c for c in cells if not _is_first(c)]
    cost: dict[str, float] = {}

    def by_priority(group: list[Cell]) -> list[Cell]:
        return sorted(group, key=lambda c: (c.query not in CORE, cost.get(c.query, math.inf)))

    for group in (first, later):
        for cell in (group if group is first else by_priority(group)):
            if budget.elapsed_s > duck_stop_s:
                cell.skipped = True
                continue
            try:
                _measure_duck(cell, db, kind, quick)
                cost[cell.query] = p50(cell.duck)
            except Exception as e:
                cell.error = error_text(e)
    memo: dict = {}
    for cell in first + by_priority(later):
        if cell.skipped or cell.error:
            continue
        if budget.elapsed_s > naive_stop_s:
            cell.naive_skipped = True
            continue
        try:
            _measure_naive(cell, kind, quick, memo)
        except Exception as e:
            cell.error = "naive " + error_text(e)
        finally:
            cell.result = None
    _print(kind, cells, messages)


HEADERS = ["query", "filters / params", "rows", "duck p50", "duck p95", "n", "p95 vs target", "naive p50",
           "naive p95", "n", "naive/duck", "naive baseline"]
RIGHT = [False, False, True, True, True, True, False, True, True, True, True, False]


def _print(kind: str, cells: list[Cell], messages: list[str]) -> None:
    target = TARGET_MS[kind]
    body = []
    for c in cells:
        if c.skipped or (c.error and not c.duck):
            continue
        d50, d95 = p50(c.duck), p95(c.duck)
        row = [c.query, c.label, c.rows, fmt_ms(d50), fmt_ms(d95), str(len(c.duck)),
               f"{'ok  ' if d95 <= target else 'MISS'} ≤{target:g}"]
        if c.naive:
            n50, n95 = p50(c.naive), p95(c.naive)
            same = "" if c.same is None else (" ✓" if c.same else " ✗ DIFFERS")
            row += [fmt_ms(n50), fmt_ms(n95), "=" if c.naive_reused else str(len(c.naive)),
                    fmt_ratio(n50 / d50 if d50 else math.nan), c.baseline.kind + same]
        else:
            row += ["error" if c.error else ("skipped" if c.naive_skipped else "—"), "", "", "", c.baseline.kind]
        body.append(row)
    say(table(HEADERS, body, right=RIGHT))
    misses = sorted({c.query for c in cells if c.duck and p95(c.duck) > target})
    say(f"  p95 over {target:g} ms: {', '.join(misses) if misses else 'none'}")
    if any(c.naive_reused for c in cells):
        say("  naive n '=': the same naive work (same CSV reads and filters) as an earlier row; its figure is reused.")
    for c in cells:
        if c.error:
            say(f"  {c.query} [{c.label}]: {c.error}")
    skipped: dict[str, list[str]] = {}
    for c in cells:
        if c.skipped:
            skipped.setdefault(c.query, []).append(c.label)
    for name, labels in skipped.items():
        say(f"  {name}: skipped (time budget): {'; '.join(labels)}")
    naive_skipped = sum(c.naive_skipped for c in cells)
    if naive_skipped:
        say(f"  naive 'skipped': {naive_skipped} cells not measured (time budget)")
    for message in messages:
        say(f"  {message}")


def _load(folder: Path) -> tuple[Database, float, float]:
    t0 = time.perf_counter()
    snapshot = open_snapshot(folder)
    t1 = time.perf_counter()
    db = Database(snapshot)
    return db, (t1 - t0) * 1000, (time.perf_counter() - t1) * 1000


def run(budget: Budget, *, quick: bool = False, stop_at_s: float = 270.0) -> None:
    heading("A. Queries — every queries/*.sql through dashboard.query.Database.run (DuckDB, warm, incl. .df())")
    say("naive = pandas.read_csv of data/sources/<latest>/*.csv (+ data/reference/municipalities.csv) on EVERY call, then compute:")
    say("  'same answer' = the query's own result (✓ = checked equal to DuckDB's answer, ✗ = differs);")
    say("  'generic'     = read the CSVs the query's tables come from, apply the filters, count rows.")
    say(f"target: p95 ≤ {TARGET_MS['real']:g} ms on the real snapshot, ≤ {TARGET_MS['scaled']:g} ms at {SCALE:,}× "
        "(printed, not enforced). Queries without filter parameters run once; ratios are p50/p50.")

    # A1: the real snapshot
    try:
        folder = current_folder()
        db, check_ms, load_ms = _load(folder)
        projects = pq.read_metadata(db.snapshot.tables["projects"]).num_rows
        say()
        shown = folder.relative_to(ROOT) if folder.is_relative_to(ROOT) else folder
        say(f"A1. Real snapshot {shown} (projects: {projects} rows); filter sets: "
            f"{'; '.join(label for label, _ in FILTER_SETS)}")
        say(f"    open_snapshot (sha256 check) {fmt_ms(check_ms)} ms, Database() load {fmt_ms(load_ms)} ms")
        naive = naive_mod.NaiveSources(SOURCES, REFERENCE)
        bench_dataset("real", db, naive, budget, stop_at_s, stop_at_s, quick)
        say(f"    (A1 done at {budget.elapsed_s:.0f} s)")
        del db
    except Exception as e:
        say(f"A1. Real snapshot: {error_text(e)}")

    # A2: the synthetic snapshot, SCALE times larger
    say()
    with tempfile.TemporaryDirectory(prefix="mirai-bench-") as tmp:
        try:
            syn = synthetic.build(current_folder(), SOURCES, Path(tmp), SCALE)
            db, check_ms, load_ms = _load(syn.snapshot)
            rows = {name: pq.read_metadata(path).num_rows for name, path in db.snapshot.tables.items()}
            csv_mb = sum(p.stat().st_size for p in syn.sources.glob("*.csv")) / 1e6
            say(f"A2. Synthetic snapshot {SCALE:,}× (pure replication with new project_ids, deterministic; built in a "
                f"temp dir in {syn.seconds:.1f} s): projects {rows['projects']:,} rows, project_areas "
                f"{rows['project_areas']:,} rows; CSV sources {csv_mb:.0f} MB")
            say(f"    filter sets: {'; '.join(label for label, _ in FILTER_SETS[:4])}; "
                f"open_snapshot {fmt_ms(check_ms)} ms, Database() load {fmt_ms(load_ms)} ms (once per server process)")
            say("    duck: calls slower than 300 ms are timed twice after one warm-up; naive: one timed call when it "
                "takes > 0.5 s.")
            say("    Order: every query with default filters first, then the core queries, then the rest cheapest "
                "first, until the time budget.")
            naive = naive_mod.NaiveSources(syn.sources, REFERENCE)
            # Keep a reserve for the naive pass: DuckDB figures come first, naive ones as time allows.
            duck_stop = max(budget.elapsed_s + 30, stop_at_s - 75)
            bench_dataset("scaled", db, naive, budget, duck_stop, stop_at_s, quick)
            say(f"    (A2 done at {budget.elapsed_s:.0f} s)")
            del db
        except Exception as e:
            say(f"A2. Synthetic snapshot: {error_text(e)}")
