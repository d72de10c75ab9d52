"""A missing or damaged snapshot gives a message saying to run `make data`, never a traceback.

One server serves both cases: it is pointed (MIRAI_SNAPSHOT_DIR) at a folder each test arranges
itself. The app looks the folder up on every run and caches nothing that failed, so the tests do
not depend on each other's order.
"""
from __future__ import annotations

import hashlib
import json
import shutil

import pytest
from playwright.sync_api import expect

from .streamlit_browser import SCREENSHOTS, SNAPSHOTS_DIR, open_page, running_server


@pytest.fixture(scope="module")
def broken_snapshot(tmp_path_factory):
    folder = tmp_path_factory.mktemp("broken") / "snapshot"
    with running_server("broken-snapshot", {"MIRAI_SNAPSHOT_DIR": str(folder)}) as server:
        yield server.base_url, folder


def assert_clear_snapshot_message(page, base_url, name, folder, fragment):
    open_page(page, base_url, "/")
    message = page.locator('[data-testid="stAlertContentError"]').first
    expect(message).to_be_visible()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"snapshot-{name}.png")
    expect(message).to_contain_text("make data")
    expect(message).to_contain_text(fragment)
    assert page.locator('[data-testid="stException"]').count() == 0
    body = page.locator("body").inner_text()
    assert "Traceback" not in body
    assert str(folder.parent) not in body, "the page names where the server keeps the snapshot"


def test_corrupt_snapshot_file(page, broken_snapshot):
    base_url, folder = broken_snapshot
    shutil.rmtree(folder, ignore_errors=True)
    newest = sorted(p for p in SNAPSHOTS_DIR.iterdir() if p.is_dir() and p.name[:1].isdigit())[-1]
    shutil.copytree(newest, folder)
    (folder / "projects.parquet").write_bytes(b"this is not a parquet file \x00\xff" * 64)
    assert_clear_snapshot_message(page, base_url, "corrupt", folder,
                                  "データファイル projects.parquet が壊れているか、目録と一致しません")


def test_missing_snapshot_folder(page, broken_snapshot):
    base_url, folder = broken_snapshot
    shutil.rmtree(folder, ignore_errors=True)
    assert_clear_snapshot_message(page, base_url, "missing", folder, "目録 manifest.json がありません")


def test_unreadable_file_listed_in_the_manifest(page, broken_snapshot):
    """A damaged file whose checksum the manifest nevertheless lists (the reader itself must fail cleanly)."""
    base_url, folder = broken_snapshot
    shutil.rmtree(folder, ignore_errors=True)
    newest = sorted(p for p in SNAPSHOTS_DIR.iterdir() if p.is_dir() and p.name[:1].isdigit())[-1]
    shutil.copytree(newest, folder)
    garbage = b"PAR1 but not really a parquet file" * 64
    (folder / "projects.parquet").write_bytes(garbage)
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    entry = next(e for e in manifest["tables"].values() if e["file"] == "projects.parquet")
    entry["sha256"] = hashlib.sha256(garbage).hexdigest()
    (folder / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
    assert_clear_snapshot_message(page, base_url, "unreadable", folder, "データファイル projects.parquet を読めません")
