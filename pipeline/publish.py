"""Publish a set of tables as data/snapshots/<as-of>/ atomically, never silently changing a published one."""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from .errors import BuildError

MANIFEST = "manifest.json"


def _write(tables: dict[str, pa.Table], folder: Path, as_of: str) -> None:
    files = {}
    for name, table in tables.items():
        path = folder / f"{name}.parquet"
        pq.write_table(table, path, compression="zstd")
        pq.read_table(path)  # read back: a file we cannot read must never be published
        files[name] = {"file": path.name, "rows": table.num_rows,
                       "sha256": hashlib.sha256(path.read_bytes()).hexdigest()}
    manifest = {"as_of": as_of, "tables": files}
    (folder / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def _same_content(tables: dict[str, pa.Table], folder: Path) -> bool:
    try:
        names = {p.stem for p in folder.glob("*.parquet")}
        return names == set(tables) and all(pq.read_table(folder / f"{n}.parquet").equals(t)
                                            for n, t in tables.items())
    except (OSError, pa.ArrowException):
        return False


def publish(tables: dict[str, pa.Table], snapshots: Path, *, as_of: str, replace: bool) -> Path:
    snapshots.mkdir(parents=True, exist_ok=True)
    target = snapshots / as_of
    if target.exists():
        if _same_content(tables, target):
            return target  # already published, nothing to do
        if not replace:
            raise BuildError(str(target), "a snapshot for this as-of date is already published and the sources "
                             "now give different content",
                             accepted="give the new data a later as_of in sources.csv (a new snapshot), or, to "
                             "correct this snapshot deliberately, run `make data REPLACE=1`")
    # Write beside the target (same file system) so the final rename is atomic.
    staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=snapshots))
    try:
        _write(tables, staging, as_of)
        if target.exists():
            retired = Path(tempfile.mkdtemp(prefix=".retired-", dir=snapshots))
            os.replace(target, retired / as_of)
            os.replace(staging, target)
            shutil.rmtree(retired)
        else:
            os.replace(staging, target)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
    return target
