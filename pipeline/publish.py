"""Publish a set of tables as data/snapshots/<as-of>/ atomically, never silently changing a published one."""
from __future__ import annotations

import hashlib
import json
import os
import secrets
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


def _changes(tables: dict[str, pa.Table], folder: Path) -> list[str]:
    """What differs between `tables` and the snapshot in `folder`, one entry per table with old→new rows;
    empty when the content is the same."""
    published = {p.stem: p for p in folder.glob("*.parquet")}
    changes = []
    for name in sorted(set(published) | set(tables)):
        if name not in tables:
            changes.append(f"{name}: removed")
            continue
        new_rows = tables[name].num_rows
        if name not in published:
            changes.append(f"{name}: new table ({new_rows} rows)")
            continue
        try:
            old = pq.read_table(published[name])
        except (OSError, pa.ArrowException):
            changes.append(f"{name}: published file unreadable → {new_rows} rows")
            continue
        if not old.equals(tables[name]):
            what = "values changed" if old.num_rows == new_rows else "rows added or removed"
            changes.append(f"{name}: {old.num_rows}→{new_rows} rows, {what}")
    return changes


def publish(tables: dict[str, pa.Table], snapshots: Path, *, as_of: str, replace: bool) -> Path:
    snapshots.mkdir(parents=True, exist_ok=True)
    target = snapshots / as_of
    if target.exists():
        changes = _changes(tables, target)
        if not changes:
            return target  # already published, nothing to do
        if not replace:
            # Only reached with sources that passed every check (build() validates before publishing).
            raise BuildError(str(target), "a snapshot for this as-of date is already published and the sources "
                             "now give different content: " + "; ".join(changes),
                             accepted="give the new data a later as_of in sources.csv (a new snapshot), or, to "
                             "correct this snapshot deliberately, run `make data REPLACE=1`")
    # Write beside the target (same file system) so the final rename is atomic.
    # Not tempfile.mkdtemp: its 0700 would become the published folder's mode, unreadable to a dashboard
    # running as another user. A plain mkdir gives the umask's permissions, like any other folder.
    staging = snapshots / f".staging-{secrets.token_hex(8)}"
    staging.mkdir()
    try:
        _write(tables, staging, as_of)
        if target.exists():
            retired = Path(tempfile.mkdtemp(prefix=".retired-", dir=snapshots))
            os.replace(target, retired / as_of)
            try:
                os.replace(staging, target)
            except BaseException:
                os.replace(retired / as_of, target)  # put the published snapshot back
                raise
            finally:
                shutil.rmtree(retired, ignore_errors=True)
        else:
            os.replace(staging, target)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
    return target
