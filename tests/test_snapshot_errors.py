"""A missing or damaged snapshot gives a SnapshotError that says what to run, never a traceback.

Every test damages a COPY of the committed snapshot in tmp_path; data/snapshots is only read.
"""
from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest

from dashboard import snapshot as snapshot_module
from dashboard.query import Database
from dashboard.snapshot import Snapshot, SnapshotError, current_folder, open_snapshot

ROOT = Path(__file__).resolve().parent.parent
COMMITTED = ROOT / "data" / "snapshots" / "2023-02-21"
WHAT_TO_RUN = "`make data`"


@pytest.fixture
def copy(tmp_path) -> Path:
    folder = tmp_path / "snapshots" / COMMITTED.name
    shutil.copytree(COMMITTED, folder)
    return folder


def manifest_of(folder: Path) -> dict:
    return json.loads((folder / "manifest.json").read_text(encoding="utf-8"))


def write_manifest(folder: Path, manifest) -> None:
    (folder / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")


def assert_says_what_to_run(error: SnapshotError, *fragments: str) -> None:
    message = str(error)
    assert WHAT_TO_RUN in message, message
    for fragment in fragments:
        assert fragment in message, message


def test_the_copy_itself_is_fine(copy):
    snap = open_snapshot(copy)
    assert snap.as_of == "2023-02-21" and len(snap.tables) == 14  # 13 + slide_notes (issue 12)
    assert Database(snap).run("project_match_count").iloc[0].tolist() == [45, 45]


# ── damaged parquet files ────────────────────────────────────────────────────────────────────────

def _delete(path: Path) -> None:
    path.unlink()


def _truncate(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def _garbage(path: Path) -> None:
    path.write_bytes(b"not a parquet file\n" * 100)


def _empty(path: Path) -> None:
    path.write_bytes(b"")


DAMAGES = {
    "missing": (_delete, "データファイル projects.parquet がありません"),
    "truncated": (_truncate, "データファイル projects.parquet が壊れているか、目録と一致しません"),
    "garbage": (_garbage, "データファイル projects.parquet が壊れているか、目録と一致しません"),
    "empty": (_empty, "データファイル projects.parquet が壊れているか、目録と一致しません"),
}


@pytest.mark.parametrize("damage", sorted(DAMAGES))
def test_damaged_parquet(copy, damage):
    apply, fragment = DAMAGES[damage]
    apply(copy / "projects.parquet")
    with pytest.raises(SnapshotError) as info:
        open_snapshot(copy)
    assert_says_what_to_run(info.value, fragment, str(copy))
    with pytest.raises(SnapshotError) as info:
        Database(open_snapshot(copy))
    assert_says_what_to_run(info.value, fragment)


# ── damaged manifest ─────────────────────────────────────────────────────────────────────────────

def test_missing_manifest(copy):
    (copy / "manifest.json").unlink()
    with pytest.raises(SnapshotError) as info:
        open_snapshot(copy)
    assert_says_what_to_run(info.value, f"スナップショットの目録 {copy / 'manifest.json'} がありません")
    with pytest.raises(SnapshotError):
        Database(open_snapshot(copy))


GARBLED = {  # manifest text -> bytes written in its place
    "truncated-json": lambda text: text[: len(text) // 2].encode(),
    "empty": lambda text: b"",
    "not-json": lambda text: b"as_of: 2023-02-21\n",
    "a-list": lambda text: b"[]",
    "no-tables": lambda text: json.dumps({"as_of": "2023-02-21"}).encode(),
    "no-as-of": lambda text: json.dumps({"tables": json.loads(text)["tables"]}).encode(),
    "not-utf8": lambda text: text.encode("utf-16"),
}


@pytest.mark.parametrize("garble", sorted(GARBLED))
def test_garbled_manifest(copy, garble):
    path = copy / "manifest.json"
    path.write_bytes(GARBLED[garble](path.read_text(encoding="utf-8")))
    with pytest.raises(SnapshotError) as info:
        open_snapshot(copy)
    assert_says_what_to_run(info.value, f"スナップショットの目録 {path} が壊れています")
    with pytest.raises(SnapshotError):
        Database(open_snapshot(copy))





@pytest.mark.parametrize("shape", ["entry-without-sha256", "entry-not-a-dict", "tables-a-list"])
def test_structurally_wrong_manifest(copy, shape):
    manifest = manifest_of(copy)
    if shape == "entry-without-sha256":
        del manifest["tables"]["projects"]["sha256"]
    elif shape == "entry-not-a-dict":
        manifest["tables"]["projects"] = "projects.parquet"
    else:
        manifest["tables"] = list(manifest["tables"].values())
    write_manifest(copy, manifest)
    with pytest.raises(SnapshotError) as info:
        open_snapshot(copy)
    assert_says_what_to_run(info.value, "が壊れています")


def test_manifest_checksum_of_another_file(copy):
    """A manifest that does not describe the files (e.g. a file copied in from another snapshot)."""
    manifest = manifest_of(copy)
    manifest["tables"]["projects"]["sha256"] = manifest["tables"]["events"]["sha256"]
    write_manifest(copy, manifest)
    with pytest.raises(SnapshotError) as info:
        open_snapshot(copy)
    assert_says_what_to_run(info.value, "projects.parquet が壊れているか、目録と一致しません")


# ── damage the checksum cannot see: Database must still answer with SnapshotError ───────────────




def test_unreadable_parquet_whose_checksum_was_recomputed(copy):
    _garbage(copy / "projects.parquet")
    manifest = manifest_of(copy)
    manifest["tables"]["projects"]["sha256"] = hashlib.sha256((copy / "projects.parquet").read_bytes()).hexdigest()
    write_manifest(copy, manifest)
    snap = open_snapshot(copy)  # the checksum matches, so this passes …
    with pytest.raises(SnapshotError) as info:  # … and loading must fail with a message saying what to run
        Database(snap)
    assert_says_what_to_run(info.value, "projects.parquet")


def test_unreadable_parquet_is_a_snapshot_error(copy):
    """The part of the above that holds today: it is a SnapshotError naming the file, not a traceback."""
    _garbage(copy / "projects.parquet")
    manifest = manifest_of(copy)
    manifest["tables"]["projects"]["sha256"] = hashlib.sha256((copy / "projects.parquet").read_bytes()).hexdigest()
    write_manifest(copy, manifest)
    with pytest.raises(SnapshotError, match="データファイル projects.parquet を読めません"):
        Database(open_snapshot(copy))



def test_file_deleted_after_the_snapshot_was_opened(copy):
    snap = open_snapshot(copy)
    (copy / "events.parquet").unlink()
    with pytest.raises(SnapshotError) as info:
        Database(Snapshot(folder=snap.folder, as_of=snap.as_of, tables=snap.tables))
    assert_says_what_to_run(info.value, "events.parquet")



def test_manifest_without_a_required_table(copy):
    manifest = manifest_of(copy)
    del manifest["tables"]["project_areas"]
    write_manifest(copy, manifest)
    (copy / "project_areas.parquet").unlink()
    with pytest.raises(SnapshotError) as info:
        Database(open_snapshot(copy))
    assert_says_what_to_run(info.value, "project_areas")


# ── no snapshot at all ───────────────────────────────────────────────────────────────────────────

@pytest.fixture
def no_override(monkeypatch):
    monkeypatch.delenv("MIRAI_SNAPSHOT_DIR", raising=False)
    return monkeypatch


@pytest.mark.parametrize("layout", ["empty", "absent", "only-staging-and-undated"])
def test_no_snapshot_folder(tmp_path, no_override, layout):
    snapshots = tmp_path / "snapshots"
    if layout != "absent":
        snapshots.mkdir()
    if layout == "only-staging-and-undated":
        shutil.copytree(COMMITTED, snapshots / ".staging-0123abcd")
        shutil.copytree(COMMITTED, snapshots / "latest")
        (snapshots / "2023-03-01.txt").write_text("not a folder", encoding="utf-8")
    no_override.setattr(snapshot_module, "SNAPSHOTS", snapshots)
    with pytest.raises(SnapshotError) as info:
        current_folder()
    assert_says_what_to_run(info.value, "データのスナップショットが見つかりません", str(snapshots))
    with pytest.raises(SnapshotError) as info:
        open_snapshot()
    assert_says_what_to_run(info.value, "データのスナップショットが見つかりません")
    with pytest.raises(SnapshotError):
        Database(open_snapshot())


def test_latest_dated_folder_is_chosen(tmp_path, no_override):
    snapshots = tmp_path / "snapshots"
    shutil.copytree(COMMITTED, snapshots / "2023-02-21")
    (snapshots / "2022-01-01").mkdir()
    no_override.setattr(snapshot_module, "SNAPSHOTS", snapshots)
    assert current_folder() == snapshots / "2023-02-21"


def test_override_pointing_at_an_empty_folder(tmp_path, monkeypatch):
    empty = tmp_path / "empty"
    empty.mkdir()
    monkeypatch.setenv("MIRAI_SNAPSHOT_DIR", str(empty))
    with pytest.raises(SnapshotError) as info:
        open_snapshot()
    assert_says_what_to_run(info.value, "がありません", str(empty / "manifest.json"))
    with pytest.raises(SnapshotError):
        Database(open_snapshot())
