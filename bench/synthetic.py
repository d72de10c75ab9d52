"""A deterministic synthetic snapshot (and matching CSV sources) N times larger than a real one.

Pure replication, no randomness: copy k (0 ≤ k < N) of project `H30-01` is `H30-01-x00042` (k = 42), in
projects, project_areas and the CSV sources alike, so every project keeps its technologies, year, status
and areas, and every filter matches exactly N times as many projects as on the real data. The small
reference tables are kept as they are, except the published counts of the focus program
(program_selections.selected_count, program_totals.value_count), which are multiplied by N so that the
published-vs-named arithmetic of selections_by_year stays consistent.

The snapshot folder holds parquet files (zstd, as pipeline/publish.py writes them) and a manifest.json
in the same format (as_of, and per table file / rows / sha256), so dashboard.snapshot.open_snapshot and
dashboard.query.Database accept it unchanged.
"""
from __future__ import annotations

import hashlib
import json
import shutil
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

FOCUS_PROGRAM = "未来技術社会実装事業"
PROJECT_TABLES = ("projects", "project_areas")
PROJECT_CSVS = ("supported_projects.csv", "h30_selections.csv")


def copy_id(project_id: str, k: int) -> str:
    return f"{project_id}-x{k:05d}"


@dataclass(frozen=True)
class Synthetic:
    snapshot: Path   # folder with parquet files + manifest.json
    sources: Path    # folder with the CSV sources, project CSVs scaled
    scale: int
    seconds: float


def _replicate(table: pa.Table, scale: int) -> pa.Table:
    n = table.num_rows
    big = table.take(pa.array(np.tile(np.arange(n, dtype=np.int64), scale)))
    ids = big.column("project_id").to_pylist()
    copies = np.repeat(np.arange(scale), n)
    new_ids = pa.array([copy_id(pid, int(k)) for pid, k in zip(ids, copies)], type=pa.string())
    return big.set_column(big.schema.get_field_index("project_id"), "project_id", new_ids)


def _scale_int_column(table: pa.Table, column: str, scale: int, where: np.ndarray | None = None) -> pa.Table:
    values = table.column(column).to_numpy(zero_copy_only=False).astype("float64")
    mask = np.ones(len(values), dtype=bool) if where is None else where
    scaled = np.where(mask & ~np.isnan(values), values * scale, values)
    field = table.schema.field(column)
    arr = pa.array([None if np.isnan(v) else int(v) for v in scaled], type=field.type)
    return table.set_column(table.schema.get_field_index(column), field, arr)


def write_snapshot(real: Path, out: Path, scale: int) -> None:
    manifest = json.loads((real / "manifest.json").read_text(encoding="utf-8"))
    out.mkdir(parents=True, exist_ok=True)
    files = {}
    for name, entry in manifest["tables"].items():
        table = pq.read_table(real / entry["file"])
        if name in PROJECT_TABLES:
            table = _replicate(table, scale)
        elif name == "program_selections":
            focus = np.array([p == FOCUS_PROGRAM for p in table.column("program").to_pylist()])
            table = _scale_int_column(table, "selected_count", scale, focus)
        elif name == "program_totals":
            table = _scale_int_column(table, "value_count", scale)
        path = out / entry["file"]
        pq.write_table(table, path, compression="zstd")
        files[name] = {"file": path.name, "rows": table.num_rows,
                       "sha256": hashlib.sha256(path.read_bytes()).hexdigest()}
    (out / "manifest.json").write_text(
        json.dumps({"as_of": manifest["as_of"], "tables": files}, ensure_ascii=False, indent=2) + "\n",
        encoding="utf-8")


def write_sources(real: Path, out: Path, scale: int) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for path in sorted(real.glob("*.csv")):
        if path.name in PROJECT_CSVS:
            df = pd.read_csv(path, dtype=str, keep_default_na=False)
            n = len(df)
            big = df.iloc[np.tile(np.arange(n), scale)].reset_index(drop=True)
            copies = np.repeat(np.arange(scale), n)
            big["project_id"] = [copy_id(pid, int(k)) for pid, k in zip(big["project_id"], copies)]
            big.to_csv(out / path.name, index=False)
        elif path.name in ("program_selections.csv", "program_totals.csv"):
            df = pd.read_csv(path, dtype=str, keep_default_na=False)
            column = "selected_count" if path.name == "program_selections.csv" else "value_count"
            rows = df["program"] == FOCUS_PROGRAM if "program" in df else pd.Series(True, index=df.index)
            df.loc[rows, column] = [str(int(v) * scale) if v else v for v in df.loc[rows, column]]
            df.to_csv(out / path.name, index=False)
        else:
            shutil.copyfile(path, out / path.name)


def build(real_snapshot: Path, real_sources: Path, workdir: Path, scale: int) -> Synthetic:
    import time

    started = time.perf_counter()
    snapshot = workdir / f"snapshot_x{scale}"
    sources = workdir / f"sources_x{scale}"
    write_snapshot(real_snapshot, snapshot, scale)
    write_sources(real_sources, sources, scale)
    return Synthetic(snapshot=snapshot, sources=sources, scale=scale, seconds=time.perf_counter() - started)
