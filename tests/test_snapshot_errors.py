"""A missing or damaged snapshot gives a SnapshotError that says what to run, never a traceback.

Every test damages a COPY of the committed snapshot in tmp_path; data/snapshots is only read.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import shutil
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from dashboard import snapshot as snapshot_module
from dashboard.query import Database
from dashboard.snapshot import Snapshot, SnapshotError, choose_snapshot, current_folder, open_snapshot
from pipeline.tables import CONTRACT, PUBLISHED_TABLES

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


# A path as the server keeps it: "/" at the start or after a space or bracket ("data/snapshots/…" is fine).
ABSOLUTE_PATH = re.compile(r"(^|[\s（(:])/[\w.-]+/")


def assert_says_what_to_run(error: SnapshotError, *fragments: str) -> None:
    message = str(error)
    assert WHAT_TO_RUN in message, message
    assert not ABSOLUTE_PATH.search(message), f"absolute path in a user-facing message: {message}"
    for fragment in fragments:
        assert fragment in message, message


def test_the_copy_itself_is_fine(copy):
    snap = open_snapshot(copy)
    assert snap.as_of == "2023-02-21" and set(snap.tables) == set(PUBLISHED_TABLES)
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
    assert_says_what_to_run(info.value, fragment, "スナップショット 2023-02-21 を使えません")
    with pytest.raises(SnapshotError) as info:
        Database(open_snapshot(copy))
    assert_says_what_to_run(info.value, fragment)


# ── damaged manifest ─────────────────────────────────────────────────────────────────────────────

def test_missing_manifest(copy):
    (copy / "manifest.json").unlink()
    with pytest.raises(SnapshotError) as info:
        open_snapshot(copy)
    assert_says_what_to_run(info.value, "目録 manifest.json がありません")
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
    assert_says_what_to_run(info.value, "目録 manifest.json が壊れています")
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
    with pytest.raises(SnapshotError) as info:  # the checksum matches, but the schema cannot be read
        open_snapshot(copy)
    assert_says_what_to_run(info.value, "データファイル projects.parquet を読めません")


def test_unreadable_parquet_is_a_snapshot_error(copy):
    """The part of the above that holds today: it is a SnapshotError naming the file, not a traceback."""
    _garbage(copy / "projects.parquet")
    manifest = manifest_of(copy)
    manifest["tables"]["projects"]["sha256"] = hashlib.sha256((copy / "projects.parquet").read_bytes()).hexdigest()
    write_manifest(copy, manifest)
    with pytest.raises(SnapshotError, match="データファイル projects.parquet を読めません"):
        Database(open_snapshot(copy))
    with pytest.raises(SnapshotError, match="データファイル projects.parquet を読めません"):  # a remembered verdict
        open_snapshot(copy)



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
    assert_says_what_to_run(info.value, "データのスナップショットが見つかりません")
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
    assert_says_what_to_run(info.value, "目録 manifest.json がありません", "スナップショット empty を使えません")
    with pytest.raises(SnapshotError):
        Database(open_snapshot())


# ── schema drift: a valid manifest over tables that lack a contract column ──────────────────────

def rewrite_table(folder: Path, table: str, change) -> None:
    """Replace a table's file by change(arrow table) and record its new checksum, as a build would."""
    path = folder / f"{table}.parquet"
    pq.write_table(change(pq.read_table(path)), path)
    manifest = manifest_of(folder)
    manifest["tables"][table]["sha256"] = hashlib.sha256(path.read_bytes()).hexdigest()
    write_manifest(folder, manifest)


def test_the_contract_covers_every_published_table():
    assert set(CONTRACT) == set(PUBLISHED_TABLES)


def test_schema_drift_names_table_and_column(copy):
    rewrite_table(copy, "projects", lambda t: t.drop_columns(["title"]))
    with pytest.raises(SnapshotError) as info:
        open_snapshot(copy)
    assert_says_what_to_run(info.value, "表 projects に列 title がありません")


def test_type_drift_names_table_column_and_types(copy):
    rewrite_table(copy, "events", lambda t: t.set_column(t.schema.get_field_index("source_page"), "source_page",
                                                          t["source_page"].cast("int64")))
    with pytest.raises(SnapshotError) as info:
        open_snapshot(copy)
    assert_says_what_to_run(info.value, "表 events の列 source_page の型が int64 です（データ契約では int32）")


def test_repeated_column_is_drift(copy):
    rewrite_table(copy, "technologies", lambda t: t.append_column("technology", t["technology"]))
    with pytest.raises(SnapshotError) as info:
        open_snapshot(copy)
    assert_says_what_to_run(info.value, "表 technologies に列 technology が 2 個あります")


# ── choosing among dated folders: a newer unusable folder is skipped, with a reason ─────────────

TODAY = dt.date(2026, 12, 2)


def _no_manifest(folder: Path) -> None:
    (folder / "manifest.json").unlink()


def _bad_checksum(folder: Path) -> None:
    _truncate(folder / "projects.parquet")


def _unreadable(folder: Path) -> None:
    _garbage(folder / "projects.parquet")
    manifest = manifest_of(folder)
    manifest["tables"]["projects"]["sha256"] = hashlib.sha256((folder / "projects.parquet").read_bytes()).hexdigest()
    write_manifest(folder, manifest)


def _missing_table(folder: Path) -> None:
    manifest = manifest_of(folder)
    del manifest["tables"]["events"]
    write_manifest(folder, manifest)


def _drift(folder: Path) -> None:
    rewrite_table(folder, "council_members", lambda t: t.drop_columns(["member"]))


NEWER = {  # how the newer folder is broken -> (reason in the notice, why it was not used)
    "empty-folder": (lambda folder: shutil.rmtree(folder) or folder.mkdir(), "目録 manifest.json がありません", "不完全な"),
    "no-manifest": (_no_manifest, "目録 manifest.json がありません", "不完全な"),
    "broken-manifest": (lambda f: (f / "manifest.json").write_text("{", encoding="utf-8"), "目録 manifest.json が壊れています",
                        "不完全な"),
    "missing-table": (_missing_table, "必要な表がありません: events", "不完全な"),
    "checksum": (_bad_checksum, "データファイル projects.parquet が壊れているか、目録と一致しません", "不完全な"),
    "unreadable": (_unreadable, "データファイル projects.parquet を読めません", "不完全な"),
    "schema-drift": (_drift, "表 council_members に列 member がありません（データ契約 data/README.md）",
                     "表の列がデータ契約と合わない"),
}


@pytest.fixture
def snapshots(tmp_path, no_override) -> Path:
    folder = tmp_path / "snapshots"
    shutil.copytree(COMMITTED, folder / "2023-02-21")
    no_override.setattr(snapshot_module, "SNAPSHOTS", folder)
    return folder


@pytest.mark.parametrize("damage", sorted(NEWER))
def test_newer_unusable_folder_is_skipped(snapshots, damage):
    apply, reason, why = NEWER[damage]
    newer = snapshots / "2024-04-01"
    shutil.copytree(COMMITTED, newer)
    apply(newer)
    choice = choose_snapshot(today=TODAY)
    assert choice.snapshot.folder == snapshots / "2023-02-21"
    assert [(s.folder, s.reason) for s in choice.skipped] == [("2024-04-01", reason)]
    assert choice.notice() == f"新しいスナップショット 2024-04-01 は{why}ため使わず、2023-02-21 を表示しています（{reason}）。"
    assert not ABSOLUTE_PATH.search(choice.notice())
    assert Database(choice.snapshot).run("project_match_count").iloc[0].tolist() == [45, 45]


def test_future_dated_folder_is_skipped_even_when_complete(snapshots):
    shutil.copytree(COMMITTED, snapshots / "2099-01-01")
    choice = choose_snapshot(today=TODAY)
    assert choice.snapshot.folder.name == "2023-02-21"
    assert choice.notice() == ("新しいスナップショット 2099-01-01 は日付が今日より後のため使わず、2023-02-21 を表示しています"
                               "（日付 2099-01-01 が今日 2026-12-02 より後です）。")


def test_folder_whose_manifest_is_dated_in_the_future_is_skipped(snapshots):
    newer = snapshots / "2024-04-01"
    shutil.copytree(COMMITTED, newer)
    manifest = manifest_of(newer)
    manifest["as_of"] = "2099-01-01"
    write_manifest(newer, manifest)
    choice = choose_snapshot(today=TODAY)
    assert choice.snapshot.folder.name == "2023-02-21"
    assert [s.reason for s in choice.skipped] == ["目録の時点 2099-01-01 が今日 2026-12-02 より後です"]


def test_every_skipped_folder_is_reported_newest_first(snapshots):
    (snapshots / "2099-01-01").mkdir()
    shutil.copytree(COMMITTED, snapshots / "2024-04-01")
    _no_manifest(snapshots / "2024-04-01")
    choice = choose_snapshot(today=TODAY)
    assert choice.snapshot.folder.name == "2023-02-21"
    assert [s.folder for s in choice.skipped] == ["2099-01-01", "2024-04-01"]
    assert current_folder() == snapshots / "2023-02-21"


def test_the_newest_valid_folder_is_used_without_notice(snapshots):
    shutil.copytree(COMMITTED, snapshots / "2024-04-01")
    choice = choose_snapshot(today=TODAY)
    assert choice.snapshot.folder.name == "2024-04-01" and choice.notice() is None


def test_no_valid_folder_names_each_and_says_what_to_run(snapshots):
    (snapshots / "2024-04-01").mkdir()
    _bad_checksum(snapshots / "2023-02-21")
    with pytest.raises(SnapshotError) as info:
        choose_snapshot(today=TODAY)
    assert_says_what_to_run(info.value, "使えるスナップショットがありません", "2024-04-01: 目録 manifest.json がありません",
                            "2023-02-21: データファイル projects.parquet が壊れているか")


def test_a_folder_is_checked_once_until_its_files_change(snapshots, monkeypatch):
    (snapshots / "2024-04-01").mkdir()
    checked = []
    real_check = snapshot_module.check
    monkeypatch.setattr(snapshot_module, "check", lambda folder: checked.append(folder.name) or real_check(folder))
    for _ in range(3):
        assert choose_snapshot(today=TODAY).snapshot.folder.name == "2023-02-21"
    assert sorted(checked) == ["2023-02-21", "2024-04-01"]
    shutil.copytree(COMMITTED, snapshots / "2024-04-01", dirs_exist_ok=True)  # the newer one is completed
    assert choose_snapshot(today=TODAY).snapshot.folder.name == "2024-04-01"
    assert sorted(checked) == ["2023-02-21", "2024-04-01", "2024-04-01"]


# ── the app: the notice above the page, the error only when nothing is usable ───────────────────

def test_app_shows_the_older_snapshot_with_a_notice(snapshots):
    from streamlit.testing.v1 import AppTest

    from dashboard import data

    (snapshots / "2024-04-01").mkdir()
    data._listing.clear()
    try:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
        assert not at.exception and not at.error
        warnings = [w.value for w in at.warning]
        assert ("新しいスナップショット 2024-04-01 は不完全なため使わず、2023-02-21 を表示しています"
                "（目録 manifest.json がありません）。") in warnings, warnings
    finally:
        data._listing.clear()


def test_app_error_when_nothing_is_usable_has_no_absolute_path(snapshots):
    from streamlit.testing.v1 import AppTest

    from dashboard import data

    _no_manifest(snapshots / "2023-02-21")
    data._listing.clear()
    try:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
        assert not at.exception
        [error] = [e.value for e in at.error]
        # the folder is outside the repository here, so only its name is given
        assert error.startswith("データを読み込めませんでした。スナップショット 2023-02-21 を使えません（目録 manifest.json がありません）"), error
        assert not ABSOLUTE_PATH.search(error), error
    finally:
        data._listing.clear()


def test_paths_are_named_relative_to_the_repository(tmp_path):
    assert snapshot_module.shown(COMMITTED) == "data/snapshots/2023-02-21"
    assert snapshot_module.shown(COMMITTED / "manifest.json") == "data/snapshots/2023-02-21/manifest.json"
    assert snapshot_module.shown(tmp_path / "elsewhere" / "2023-02-21") == "2023-02-21"  # outside: the name only
    message = str(snapshot_module.unusable(COMMITTED, "目録 manifest.json がありません"))
    assert message.startswith("スナップショット data/snapshots/2023-02-21 を使えません（目録 manifest.json がありません）。")
    assert str(ROOT) not in message
