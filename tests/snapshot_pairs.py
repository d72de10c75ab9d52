"""Temporary snapshot folders for the 変化 tests: copy a published snapshot and edit some of its tables.

The copy is a valid snapshot (manifest checksums and row counts rewritten), so dashboard.snapshot accepts it.
"""
from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

Edit = Callable[[pa.Table], pa.Table]


def derive(source: Path, target: Path, as_of: str, edits: dict[str, Edit] | None = None) -> Path:
    """Copy snapshot `source` to `target` (a folder named as the as-of date), apply `edits` per table
    (table name -> function of the Arrow table) and rewrite the manifest with the new as-of and checksums."""
    shutil.copytree(source, target)
    manifest = json.loads((target / "manifest.json").read_text(encoding="utf-8"))
    manifest["as_of"] = as_of
    for table, edit in (edits or {}).items():
        entry = manifest["tables"][table]
        path = target / entry["file"]
        original = pq.read_table(path)
        edited = edit(original).cast(original.schema)
        pq.write_table(edited, path)
        entry["rows"] = edited.num_rows
    for entry in manifest["tables"].values():
        entry["sha256"] = hashlib.sha256((target / entry["file"]).read_bytes()).hexdigest()
    (target / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    return target


def keep_rows(predicate: Callable[[dict], bool]) -> Edit:
    """An edit keeping the rows for which predicate(row as a dict) is true."""
    def edit(table: pa.Table) -> pa.Table:
        mask = pa.array([bool(predicate(row)) for row in table.to_pylist()])
        return table.filter(mask)
    return edit


def map_rows(change: Callable[[dict], dict]) -> Edit:
    """An edit replacing every row by change(row as a dict)."""
    def edit(table: pa.Table) -> pa.Table:
        return pa.Table.from_pylist([change(dict(row)) for row in table.to_pylist()], schema=table.schema)
    return edit
