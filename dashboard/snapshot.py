"""Find the current snapshot and check it is whole before anything reads it.

A missing or corrupt snapshot must give the user a message saying what to run, never a traceback,
so every problem here becomes a SnapshotError with that message.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path

from pipeline.tables import PUBLISHED_TABLES as REQUIRED_TABLES

ROOT = Path(__file__).resolve().parent.parent
SNAPSHOTS = ROOT / "data" / "snapshots"
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
FIX = "`make data` でスナップショットを作り直してください（git で取得し直す場合は `git checkout -- data/snapshots`）。"


class SnapshotError(Exception):
    """The snapshot cannot be used; the message says why and what to run."""


@dataclass(frozen=True)
class Snapshot:
    folder: Path
    as_of: str
    tables: dict[str, Path]


def current_folder() -> Path:
    """MIRAI_SNAPSHOT_DIR if set (tests, benchmarks), else the latest dated folder."""
    override = os.environ.get("MIRAI_SNAPSHOT_DIR")
    if override:
        return Path(override)
    dated = sorted(p for p in SNAPSHOTS.glob("*") if p.is_dir() and _ISO_DATE.match(p.name)) if SNAPSHOTS.exists() else []
    if not dated:
        raise SnapshotError(f"データのスナップショットが見つかりません（{SNAPSHOTS}）。{FIX}")
    return dated[-1]


def open_snapshot(folder: Path | None = None) -> Snapshot:
    folder = folder or current_folder()
    manifest_path = folder / "manifest.json"
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        as_of = str(manifest["as_of"])
        entries = {name: (str(entry["file"]), str(entry["sha256"])) for name, entry in manifest["tables"].items()}
    except FileNotFoundError:
        raise SnapshotError(f"スナップショットの目録 {manifest_path} がありません。{FIX}") from None
    except (ValueError, KeyError, TypeError, AttributeError):
        # Anything but the shape the build writes: {"as_of": ..., "tables": {name: {"file", "sha256"}}}
        raise SnapshotError(f"スナップショットの目録 {manifest_path} が壊れています。{FIX}") from None
    missing = [name for name in REQUIRED_TABLES if name not in entries]
    if missing:
        raise SnapshotError(f"スナップショット（{folder}）に必要な表がありません: {', '.join(missing)}。{FIX}")
    tables = {}
    for name, (file_name, sha256) in entries.items():
        path = folder / file_name
        try:
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
        except OSError:
            raise SnapshotError(f"データファイル {file_name} がありません（{folder}）。{FIX}") from None
        if digest != sha256:
            raise SnapshotError(f"データファイル {file_name} が壊れているか、目録と一致しません（{folder}）。{FIX}")
        tables[name] = path
    return Snapshot(folder=folder, as_of=as_of, tables=tables)
