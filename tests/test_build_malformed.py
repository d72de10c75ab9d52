"""The build rejects malformed sources loudly and never touches a published snapshot.

The corpus is tests/malformed/cases.toml: each case patches one file of a COPY of data/sources/2023-02-21/ and states
the file, line, column, value and accepted form the error message must name. Every build here writes into
tmp_path; the repository's data/ is only read.
"""
from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import shutil
import tomllib
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from pipeline import build as build_module
from pipeline import charset, publish, readers
from pipeline.errors import BuildError

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "data" / "sources" / "2023-02-21"  # the corpus patches this set's lines
REFERENCE = ROOT / "data" / "reference"
CORPUS = Path(__file__).resolve().parent / "malformed" / "cases.toml"
CASES = tomllib.loads(CORPUS.read_text(encoding="utf-8"))["case"]
AS_OF = "2023-02-21"
TABLES = {"projects", "project_areas", "prefectures", "programs", "program_selections", "program_budgets",
          "program_totals", "survey_responses", "events", "council_members", "program_facts", "slide_notes",
          "technologies", "sources", "translations_en"}


# ── helpers ──────────────────────────────────────────────────────────────────────────────────────

def _lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").split("\n")


def apply_patch(case: dict, sources: Path) -> None:
    """Apply one corpus case to the copy of data/sources/2023-02-21/ at `sources`."""
    path = sources / case["file"]
    op = case["op"]
    if op == "replace":
        lines = _lines(path)
        line = lines[case["at"] - 1]
        assert line.count(case["old"]) == 1, f"corpus rot: {case['old']!r} not once on line {case['at']}: {line}"
        lines[case["at"] - 1] = line.replace(case["old"], case["new"])
        path.write_text("\n".join(lines), encoding="utf-8")
    elif op == "encode":
        path.write_bytes(path.read_text(encoding="utf-8").encode(case["encoding"], case.get("errors", "strict")))
    elif op == "write":
        path.write_text(case["text"], encoding="utf-8")
    elif op == "drop_column":
        records = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
        index = records[0].index(case["column_name"])
        out = io.StringIO()
        csv.writer(out, lineterminator="\n").writerows([r[:index] + r[index + 1:] for r in records])
        path.write_text(out.getvalue(), encoding="utf-8")
    elif op == "duplicate_line":
        text = path.read_text(encoding="utf-8")
        assert text.endswith("\n")
        path.write_text(text + _lines(path)[case["at"] - 1] + "\n", encoding="utf-8")
    elif op == "append_line":
        text = path.read_text(encoding="utf-8")
        assert text.endswith("\n")
        path.write_text(text + case["text"] + "\n", encoding="utf-8")
    elif op == "repeat_line":
        text = path.read_text(encoding="utf-8")
        assert text.endswith("\n")
        path.write_text(text + (_lines(path)[case["at"] - 1] + "\n") * case["times"], encoding="utf-8")
    elif op == "delete_line":
        lines = _lines(path)
        del lines[case["at"] - 1]
        path.write_text("\n".join(lines), encoding="utf-8")
    elif op == "delete_file":
        path.unlink()
    else:  # pragma: no cover - a typo in the corpus
        raise AssertionError(f"unknown op {op!r} in case {case['id']}")


def tree_hashes(folder: Path) -> dict[str, str]:
    """sha256 of every file below `folder`, keyed by relative path (folders show up through their files)."""
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def leftovers(snapshots: Path) -> list[str]:
    return [p.name for p in snapshots.iterdir() if p.name.startswith(".")]


def run_build(capsys, sources: Path, snapshots: Path, *extra: str) -> tuple[int, str, str]:
    capsys.readouterr()
    rc = build_module.main(["--sources", str(sources), "--reference", str(REFERENCE),
                            "--snapshots", str(snapshots), *extra])
    out, err = capsys.readouterr()
    return rc, out, err


@pytest.fixture(scope="session")
def published(tmp_path_factory) -> Path:
    """A snapshots folder holding a good build of the repo's sources (built once, copied per test)."""
    snapshots = tmp_path_factory.mktemp("published") / "snapshots"
    build_module.build(SOURCES, REFERENCE, snapshots)
    return snapshots


@pytest.fixture
def workspace(tmp_path, published) -> tuple[Path, Path]:
    """(copy of data/sources/2023-02-21, copy of a snapshots folder with the published snapshot)."""
    sources = tmp_path / "sources"
    shutil.copytree(SOURCES, sources)
    snapshots = tmp_path / "snapshots"
    shutil.copytree(published, snapshots)
    return sources, snapshots


# ── the corpus itself ────────────────────────────────────────────────────────────────────────────

def test_corpus_is_large_enough_and_well_formed():
    ids = [c["id"] for c in CASES]
    assert len(ids) >= 20
    assert len(set(ids)) == len(ids), "case ids must be unique"
    for c in CASES:
        assert (SOURCES / c["file"]).exists(), c["id"]
        assert c["file"].endswith(".csv") and "problem" in c["expect"], c["id"]
        assert c["expect"].keys() <= {"file", "line", "column", "problem", "value", "accepted"}, c["id"]


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_malformed_source_is_rejected_and_nothing_is_published(case, workspace, capsys):
    sources, snapshots = workspace
    before = tree_hashes(snapshots)
    assert before and all(k.startswith(AS_OF + "/") for k in before)
    apply_patch(case, sources)

    rc, out, err = run_build(capsys, sources, snapshots)

    assert rc == 1
    assert out == ""
    assert err.startswith("data build FAILED — nothing was published.\n")
    expect = case["expect"]
    location = expect.get("file", case["file"])
    if "line" in expect:
        location += f", line {expect['line']}"
    if "column" in expect:
        location += f", column '{expect['column']}'"
    message = err.splitlines()[1]
    # the location is exactly file[, line][, column] — no line or column is named that the case does not expect
    assert message.startswith(location + ": "), (location, err)
    assert expect["problem"] in message, err
    if "value" in expect:
        assert f"\n  value: {expect['value']!r}\n" in err + "\n", err
    accepted = [line for line in err.splitlines() if line.startswith("  accepted: ")]
    if "accepted" in expect:
        assert len(accepted) == 1 and expect["accepted"] in accepted[0], err
    else:
        assert len(accepted) == 1, f"the message must say what is accepted:\n{err}"

    assert tree_hashes(snapshots) == before, "a failed build changed the published snapshot"
    assert leftovers(snapshots) == [], "a failed build left staging folders behind"


@pytest.mark.parametrize("case", [c for c in CASES if c["id"] in {"unknown-municipality", "totals-supported-46",
                                                                    "encoding-cp932"}], ids=lambda c: c["id"])
def test_build_raises_build_error_with_fields(case, workspace):
    """build() raises BuildError whose fields are the ones the message renders."""
    sources, snapshots = workspace
    apply_patch(case, sources)
    with pytest.raises(BuildError) as info:
        build_module.build(sources, REFERENCE, snapshots)
    e, expect = info.value, case["expect"]
    assert e.file == case["file"]
    assert e.line == expect.get("line")
    assert e.column == expect.get("column")
    assert e.value == expect.get("value")
    assert expect["accepted"] in e.accepted


# ── good builds, no-op rebuilds, replacing ───────────────────────────────────────────────────────

def test_good_build_into_empty_folder(tmp_path, capsys):
    snapshots = tmp_path / "snapshots"
    rc, out, err = run_build(capsys, SOURCES, snapshots)
    assert (rc, err) == (0, "")
    folder = snapshots / AS_OF
    assert out == f"snapshot ready: {folder}\n"
    assert sorted(p.name for p in snapshots.iterdir()) == [AS_OF]
    assert {p.stem for p in folder.glob("*.parquet")} == TABLES
    assert (folder / "manifest.json").exists()
    # the folder is as readable as a folder made by mkdir (not the 0700 of a temporary folder)
    probe = tmp_path / "probe"
    probe.mkdir()
    assert folder.stat().st_mode & 0o777 == probe.stat().st_mode & 0o777


def test_building_again_is_a_no_op(workspace, capsys):
    sources, snapshots = workspace
    folder = snapshots / AS_OF
    before = tree_hashes(snapshots)
    stats = {p.name: (p.stat().st_ino, p.stat().st_mtime_ns) for p in folder.iterdir()}
    folder_inode = folder.stat().st_ino

    rc, out, err = run_build(capsys, sources, snapshots)

    assert (rc, err) == (0, "")
    assert out == f"snapshot ready: {folder}\n"
    assert tree_hashes(snapshots) == before
    assert {p.name: (p.stat().st_ino, p.stat().st_mtime_ns) for p in folder.iterdir()} == stats
    assert folder.stat().st_ino == folder_inode
    assert leftovers(snapshots) == []


def _change_a_published_note(sources: Path) -> str:
    """Edit a published value (council_members.notes) without touching as_of; returns the new note."""
    path = sources / "council_members.csv"
    lines = _lines(path)
    old_note = "kept as published; 「局長次長」 reads like a slip for 内閣府地方創生推進事務局次長"
    assert lines[12].endswith(",000,4," + old_note)
    new_note = "kept as published (「局長次長」 reads like a slip for 内閣府地方創生推進事務局次長)"
    lines[12] = lines[12].replace(old_note, new_note)
    path.write_text("\n".join(lines), encoding="utf-8")
    return new_note


def test_changed_source_with_same_as_of_needs_replace(workspace, capsys):
    sources, snapshots = workspace
    new_note = _change_a_published_note(sources)
    before = tree_hashes(snapshots)

    rc, out, err = run_build(capsys, sources, snapshots)
    assert rc == 1
    assert f"{snapshots / AS_OF}: a snapshot for this as-of date is already published" in err
    assert "make data REPLACE=1" in err and "later as_of in sources.csv" in err
    assert tree_hashes(snapshots) == before
    assert leftovers(snapshots) == []

    rc, out, err = run_build(capsys, sources, snapshots, "--replace")
    assert (rc, err) == (0, "")
    assert sorted(p.name for p in snapshots.iterdir()) == [AS_OF], "the old snapshot must be swapped, not kept"
    after = tree_hashes(snapshots)
    changed = {k for k in before if before[k] != after.get(k)}
    assert changed == {f"{AS_OF}/council_members.parquet", f"{AS_OF}/manifest.json"}
    notes = pq.read_table(snapshots / AS_OF / "council_members.parquet").column("notes").to_pylist()
    assert new_note in notes
    # the new manifest describes the new file
    manifest = json.loads((snapshots / AS_OF / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["tables"]["council_members"]["sha256"] == after[f"{AS_OF}/council_members.parquet"]

    # and now it is published: a plain rebuild is a no-op again
    rc, out, err = run_build(capsys, sources, snapshots)
    assert rc == 0 and tree_hashes(snapshots) == after


def test_a_later_as_of_publishes_a_new_snapshot_beside_the_old(workspace, capsys):
    sources, snapshots = workspace
    before = tree_hashes(snapshots)
    path = sources / "sources.csv"
    lines = _lines(path)
    lines[2] = lines[2].replace(",2023-02-21,", ",2023-03-31,")
    path.write_text("\n".join(lines), encoding="utf-8")

    rc, out, err = run_build(capsys, sources, snapshots)

    assert (rc, err) == (0, "")
    assert sorted(p.name for p in snapshots.iterdir()) == [AS_OF, "2023-03-31"]
    assert {k: v for k, v in tree_hashes(snapshots).items() if k.startswith(AS_OF + "/")} == before


def test_a_write_failing_midway_leaves_the_published_snapshot(workspace, capsys, monkeypatch):
    """A crash while writing the new tables (disk full …) must not touch the published snapshot."""
    sources, snapshots = workspace
    _change_a_published_note(sources)
    before = tree_hashes(snapshots)
    calls = []
    real = publish.pq.write_table

    def failing_write(table, path, **kw):
        calls.append(path)
        if len(calls) == 5:
            raise OSError(28, "No space left on device")
        real(table, path, **kw)

    monkeypatch.setattr(publish.pq, "write_table", failing_write)
    with pytest.raises(OSError):
        build_module.main(["--sources", str(sources), "--reference", str(REFERENCE),
                           "--snapshots", str(snapshots), "--replace"])
    assert len(calls) == 5
    assert tree_hashes(snapshots) == before
    assert leftovers(snapshots) == []


def test_a_failed_swap_restores_the_published_snapshot(workspace, capsys, monkeypatch):
    """With --replace the old folder is moved aside first; if moving the new one in fails, it comes back."""
    sources, snapshots = workspace
    _change_a_published_note(sources)
    before = tree_hashes(snapshots)
    real = publish.os.replace

    def failing_replace(src, dst):
        if Path(src).name.startswith(".staging-"):
            raise OSError(5, "Input/output error")
        real(src, dst)

    monkeypatch.setattr(publish.os, "replace", failing_replace)
    with pytest.raises(OSError):
        build_module.build(sources, REFERENCE, snapshots, replace=True)
    assert tree_hashes(snapshots) == before
    assert leftovers(snapshots) == []


# ── hardening (issue 6): today, REPLACE, characters and markup ──────────────────────────────────

def test_today_is_injectable_and_bounds_every_date(workspace):
    """The latest date a source may state is the build's today: the document's as_of is one day too late."""
    sources, snapshots = workspace
    with pytest.raises(BuildError) as info:
        build_module.build(sources, REFERENCE, snapshots, today=dt.date(2023, 2, 20))
    e = info.value
    assert (e.file, e.line, e.column, e.value) == ("sources.csv", 3, "as_of", AS_OF)
    assert e.accepted == "a date not later than today (2023-02-20)"
    assert build_module.build(sources, REFERENCE, snapshots, today=dt.date(2023, 2, 21)) == snapshots / AS_OF


def test_today_on_the_command_line(workspace, capsys):
    sources, snapshots = workspace
    rc, out, err = run_build(capsys, sources, snapshots, "--today", "2023-02-20")
    assert rc == 1 and "sources.csv, line 3, column 'as_of': a date in the future" in err


def test_replace_never_forces_invalid_sources_through(workspace, capsys):
    """--replace only swaps in sources that passed every check: an invalid change fails as without it."""
    sources, snapshots = workspace
    before = tree_hashes(snapshots)
    path = sources / "events.csv"
    lines = _lines(path)
    lines[1] = lines[1].replace("E2022-10-27,2022-10-27,", "E2022-10-27,2021-01-01,")
    path.write_text("\n".join(lines), encoding="utf-8")

    rc, out, err = run_build(capsys, sources, snapshots, "--replace")

    assert (rc, out) == (1, "")
    assert "events.csv, line 2, column 'event_id': event_id does not match its event_date" in err
    assert "REPLACE" not in err
    assert tree_hashes(snapshots) == before
    assert leftovers(snapshots) == []


def test_same_as_of_refusal_says_which_tables_changed(workspace, capsys):
    """The refusal names each changed table with its old→new row count."""
    sources, snapshots = workspace
    published = {n: pq.read_metadata(snapshots / AS_OF / f"{n}.parquet").num_rows
                 for n in ("events", "program_selections")}
    path = sources / "events.csv"  # a value changes, the row count does not
    path.write_text(path.read_text(encoding="utf-8").replace("municipal = 選定自治体\n", "municipal: 選定自治体\n", 1),
                    encoding="utf-8")
    path = sources / "program_selections.csv"  # a row of a program outside the 53-project totals goes
    lines = _lines(path)
    assert lines[-2].startswith("日本版MaaS推進・支援事業,R4,")
    del lines[-2]
    path.write_text("\n".join(lines), encoding="utf-8")
    before = tree_hashes(snapshots)

    rc, out, err = run_build(capsys, sources, snapshots)

    assert rc == 1
    message = err.splitlines()[1]
    assert message.startswith(f"{snapshots / AS_OF}: a snapshot for this as-of date is already published")
    n, m = published["events"], published["program_selections"]
    assert f"events: {n}→{n} rows, values changed" in message, err
    assert f"program_selections: {m}→{m - 1} rows, rows added or removed" in message, err
    assert "program_facts" not in message and "projects:" not in message
    assert tree_hashes(snapshots) == before


@pytest.mark.parametrize("text", [
    "か\u3099",            # a combining voiced mark after the kana it composes with
    "東京都\u3000千代田区",  # ideographic space
    "e\u0301",            # é, decomposed
    "bzl-contact_mobility_pt@meti.go.jp",
])
def test_ordinary_text_passes_the_character_checks(text):
    assert charset.first_problem(text) is None


def test_notes_may_quote_lookalikes_but_nothing_invisible():
    assert charset.first_problem("⾃→自", lookalikes=False) is None
    assert charset.first_problem("⾃→自")[2].startswith("Kangxi radical")
    assert charset.first_problem("注記\u200Bあり", lookalikes=False)[:2] == (3, "\u200B")
    assert charset.first_problem("注記\uFE0Fあり", lookalikes=False)[2].startswith("variation selector")


@pytest.mark.parametrize("text", [
    "bzl-contact_mobility_pt@meti.go.jp", "未来技術社会実装事業ミニシンポジウム〜未来技術の取組事例から学ぶ地域課題解決〜",
    "45事業※に対して支援", "「都市OS」の整備・改修（補助率1/2）", "2*3", "snake_case_name", "a < b > c",
])
def test_text_with_markup_like_characters_is_not_markup(text):
    assert readers.markup_problem(text) is None


def test_current_sources_fit_their_size_limits_with_room():
    """Every transcription is well under its limits (the limits are about ten times the current files)."""
    for path in sorted(SOURCES.glob("*.csv")):
        max_bytes, max_rows = readers.limits_of(path.name)
        assert path.stat().st_size * 3 <= max_bytes, path.name
        assert len(path.read_bytes().splitlines()) * 3 <= max_rows, path.name
