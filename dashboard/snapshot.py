"""Find the newest usable snapshot and check it is whole before anything reads it.

A snapshot is usable when its manifest lists every published table, every file matches its
checksum, and every table has the columns and types of the data contract (pipeline/tables.py).
The dated folders are tried newest first: a newer folder that is incomplete, damaged, out of
contract or dated after today is skipped with a reason, so a half-copied `2099-01-01/` never takes
the dashboard down while a good snapshot exists. Only when no folder is usable is there an error.

Every problem becomes a SnapshotError whose message says what to run. Messages name files and
folders relative to the repository (`data/snapshots/2023-02-21`), never where the server keeps them.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import threading
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from dashboard import i18n
from pipeline.tables import CONTRACT
from pipeline.tables import PUBLISHED_TABLES as REQUIRED_TABLES

ROOT = Path(__file__).resolve().parent.parent
SNAPSHOTS = ROOT / "data" / "snapshots"
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

# Why a folder was not used (catalogue snapshot.kind_<kind>), as said in the notice: 「新しいスナップショット X は…ため使わず」
INCOMPLETE, DRIFT, FUTURE = "incomplete", "drift", "future"


def read_table(path: Path) -> pa.Table:
    """One Parquet file of a snapshot, whole, as pq.read_table gives it (tests/test_serve_memory.py). Read through
    ParquetFile: pq.read_table goes through pyarrow.dataset, whose libraries (dataset, Acero, Substrait) took 4 MB
    of a server's memory for reading a single file."""
    with pq.ParquetFile(path) as f:
        return f.read()


def _t(key: str, **values) -> str:
    """A message from the catalogue [snapshot]; `fix` (what to run) is always available."""
    return i18n.t(f"snapshot.{key}", fix=i18n.t("snapshot.fix"), **values)


def shown(path: Path) -> str:
    """How a path is named to users: relative to the repository, else only its name."""
    try:
        return path.resolve().relative_to(ROOT).as_posix()
    except (ValueError, OSError):
        return path.name


class SnapshotError(Exception):
    """The snapshot cannot be used; the message says why and what to run.

    `reason` is the short cause (「目録 manifest.json がありません」), `kind` one of INCOMPLETE, DRIFT, FUTURE.
    """

    def __init__(self, message: str, reason: str | None = None, kind: str = INCOMPLETE):
        super().__init__(message)
        self.reason = reason or message
        self.kind = kind


def unusable(folder: Path, reason: str, kind: str = INCOMPLETE) -> SnapshotError:
    return SnapshotError(_t("unusable", folder=shown(folder), reason=reason), reason, kind)


@dataclass(frozen=True)
class Snapshot:
    folder: Path
    as_of: str
    tables: dict[str, Path]


@dataclass(frozen=True)
class Skipped:
    folder: str  # the folder's name, its date
    reason: str
    kind: str


@dataclass(frozen=True)
class Choice:
    """The snapshot to open and the newer folders passed over on the way to it."""
    snapshot: Snapshot
    skipped: tuple[Skipped, ...] = ()

    def notice(self) -> str | None:
        """One Japanese sentence per skipped folder, or None when the newest folder was used."""
        name = self.snapshot.folder.name
        return "".join(_t("skipped", folder=s.folder, kind=i18n.t(f"snapshot.kind_{s.kind}"), shown=name,
                          reason=s.reason) for s in self.skipped) or None


def snapshots_root() -> Path:
    """The folder of dated snapshots: MIRAI_SNAPSHOTS if set (tests publishing into a temporary data folder),
    else data/snapshots."""
    override = os.environ.get("MIRAI_SNAPSHOTS")
    return Path(override) if override else SNAPSHOTS


def dated_folders() -> list[Path]:
    """The dated snapshot folders, newest first (staging and undated folders are not snapshots)."""
    root = snapshots_root()
    if not root.exists():
        return []
    return sorted((p for p in root.iterdir() if p.is_dir() and _ISO_DATE.match(p.name)), reverse=True)


@dataclass(frozen=True)
class Listing:
    """Every usable snapshot, newest first, and the folders that are not usable (with why)."""
    snapshots: tuple[Snapshot, ...]
    skipped: tuple[Skipped, ...] = ()

    @property
    def as_ofs(self) -> tuple[str, ...]:
        return tuple(s.as_of for s in self.snapshots)

    def find(self, as_of: str) -> Snapshot | None:
        return next((s for s in self.snapshots if s.as_of == as_of), None)


def usable_snapshots(today: dt.date | None = None) -> Listing:
    """MIRAI_SNAPSHOT_DIR alone if set (tests, benchmarks), else every usable dated folder, newest first.

    Raises SnapshotError when none is usable (the message says why for each folder and what to run).
    """
    override = os.environ.get("MIRAI_SNAPSHOT_DIR")
    if override:
        return Listing((open_snapshot(Path(override)),))
    folders = dated_folders()
    if not folders:
        raise SnapshotError(_t("not_found", folder=shown(snapshots_root())))
    today = today or dt.date.today()
    usable: list[Snapshot] = []
    skipped: list[Skipped] = []
    errors: list[SnapshotError] = []
    for folder in folders:
        try:
            if folder.name > today.isoformat():  # an as-of in the future is never valid
                raise unusable(folder, _t("future_folder", date=folder.name, today=today.isoformat()), FUTURE)
            snapshot = open_snapshot(folder)
            if snapshot.as_of > today.isoformat():  # a folder renamed to an older date is still in the future
                raise unusable(folder, _t("future_manifest", date=snapshot.as_of, today=today.isoformat()), FUTURE)
        except SnapshotError as e:
            skipped.append(Skipped(folder.name, e.reason, e.kind))
            errors.append(e)
            continue
        usable.append(snapshot)
    if not usable:
        if len(errors) == 1:
            raise errors[0]
        why = _t("why_joiner").join(_t("why_item", folder=s.folder, reason=s.reason) for s in skipped)
        raise SnapshotError(_t("none_usable", why=why))
    return Listing(tuple(usable), tuple(skipped))


def choose_snapshot(today: dt.date | None = None, as_of: str | None = None) -> Choice:
    """The usable snapshot of date `as_of`, else the newest usable one (with the newer folders passed over
    on the way to it, for the notice). Whether `as_of` was honoured: `choice.snapshot.as_of == as_of`."""
    listing = usable_snapshots(today)
    if as_of is not None:
        found = listing.find(as_of)
        if found is not None:
            return Choice(found)
    newest = listing.snapshots[0]
    # Only the folders newer than the one shown were passed over; older unusable ones do not matter here.
    passed = tuple(s for s in listing.skipped if s.folder > newest.folder.name)
    return Choice(newest, passed)


def current_folder() -> Path:
    return choose_snapshot().snapshot.folder


# A folder's verdict is kept per process for as long as its files are unchanged (same names, sizes,
# times, inodes), so the checksums and schemas are read once per folder, not on every lookup.
_verdicts: dict[tuple, Snapshot | SnapshotError] = {}
_verdicts_lock = threading.Lock()


def _stamp(folder: Path) -> tuple | None:
    try:
        with os.scandir(folder) as entries:
            return tuple(sorted((e.name, s.st_size, s.st_mtime_ns, s.st_ino)
                                for e in entries for s in [e.stat()]))
    except OSError:
        return None


def open_snapshot(folder: Path | None = None) -> Snapshot:
    """The snapshot in `folder` (default: the one choose_snapshot picks) once it has been checked whole."""
    if folder is None:
        return choose_snapshot().snapshot
    stamp = _stamp(folder)
    key = (str(folder), stamp)
    with _verdicts_lock:
        verdict = _verdicts.get(key) if stamp is not None else None
    if verdict is None:
        try:
            verdict = check(folder)
        except SnapshotError as e:
            verdict = e
        if stamp is not None:
            with _verdicts_lock:
                _verdicts[key] = verdict
    if isinstance(verdict, SnapshotError):
        raise SnapshotError(str(verdict), verdict.reason, verdict.kind)
    return verdict


def check(folder: Path) -> Snapshot:
    """Read the manifest, every file's checksum and every table's schema (no caching)."""
    try:
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
        as_of = str(manifest["as_of"])
        entries = {name: (str(entry["file"]), str(entry["sha256"])) for name, entry in manifest["tables"].items()}
    except FileNotFoundError:
        raise unusable(folder, _t("manifest_missing")) from None
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        # Anything but the shape the build writes: {"as_of": ..., "tables": {name: {"file", "sha256"}}}
        raise unusable(folder, _t("manifest_broken")) from None
    missing = [name for name in REQUIRED_TABLES if name not in entries]
    if missing:
        raise unusable(folder, _t("tables_missing", tables=", ".join(missing)))
    tables = {}
    for name, (file_name, sha256) in entries.items():
        path = folder / file_name
        try:
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
        except OSError:
            raise unusable(folder, _t("file_missing", file=path.name)) from None
        if digest != sha256:
            raise unusable(folder, _t("file_mismatch", file=path.name))
        if name in CONTRACT:
            _check_schema(folder, name, path)
        tables[name] = path
    return Snapshot(folder=folder, as_of=as_of, tables=tables)


def _check_schema(folder: Path, table: str, path: Path) -> None:
    try:
        actual = pq.read_schema(path)
    except (OSError, pa.ArrowException):  # truncated or not Parquet at all
        raise unusable(folder, _t("file_unreadable", file=path.name)) from None
    for field in CONTRACT[table]:
        found_at = actual.get_all_field_indices(field.name)
        if not found_at:
            raise unusable(folder, _t("column_missing", table=table, column=field.name), DRIFT)
        if len(found_at) > 1:
            raise unusable(folder, _t("column_repeated", table=table, column=field.name, count=len(found_at)), DRIFT)
        found = actual.field(found_at[0]).type
        if found != field.type:
            raise unusable(folder, _t("column_type", table=table, column=field.name, found=found,
                                      expected=field.type), DRIFT)


_documents: dict[tuple, dict[str, dict]] = {}


def documents() -> dict[str, dict]:
    """Every document a usable snapshot has, by source_id: its row of `sources` (publisher, title, as_of …) from
    the newest snapshot that has it. A panel shown at an earlier データ時点 names the documents it lacks with this
    (render/captions.py). Read once per set of snapshot files; {} when no snapshot is usable."""
    try:
        listing = usable_snapshots()
    except SnapshotError:
        return {}
    key = tuple((str(path), _stamp(path.parent)) for s in listing.snapshots if (path := s.tables.get("sources")))
    with _verdicts_lock:
        found = _documents.get(key)
    if found is None:
        found = {}
        for snap in reversed(listing.snapshots):  # oldest first: a newer snapshot's row wins
            if "sources" in snap.tables:
                found.update({row["source_id"]: row for row in read_table(snap.tables["sources"]).to_pylist()})
        with _verdicts_lock:
            _documents.clear()
            _documents[key] = found
    return found
