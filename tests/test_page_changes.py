"""変化 (issue 11 §2): what changed between two snapshots, with exact values.

- The two real snapshots, 2018-11-16 (document 000) → 2023-02-21 (document 001 and what it carries forward). The
  expected figures are read off the documents, not the data: 000 slide 5 lists 14 H30 selections in 11 prefectures
  (北海道, 宮城, 茨城, 埼玉, 千葉, 愛知, 京都, 大阪, 兵庫, 鳥取, 大分) and names no technology; 001 p.2 gives the
  selections H30 14, R1 8, R2 12, R3 9, R4 10 (53); 001 p.3 lists 45 supported projects (H30 9, R1 5, R2 12,
  R3 9, R4 10) in 30 prefectures using 11 technologies; 001 p.1: 8 ended by the end of FY R3. So 36 projects are
  named for the first time, 5 of the 14 H30 projects are no longer on the list (つくば, 川口, 愛知県, 豊田, 亀岡), and
  3 ended projects (R1: 8 selected − 5 listed) are named nowhere. 京都府 loses its only project (亀岡市); the 20
  newly covered prefectures are those of 001 p.3 not on 000 slide 5. The councils (000 slide 4) are carried
  forward unchanged: 12 + 2 + 10 = 24 members.
- A synthetic later snapshot in a temporary folder (a fictional FY R5 with two projects, a new technology, a new
  prefecture, one H30 project ended, one council member replaced): exactly those additions are listed.
- Bad `from` / `to` values: the default pair with a notice, never a traceback.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pyarrow as pa
import pytest
import streamlit as st

from tests.apptest_helpers import open_app, open_tables, shown_text
from tests.conftest import ROOT
from tests.snapshot_pairs import derive

PAGE = "pages/changes_page.py"
SNAPSHOTS = ROOT / "data" / "snapshots"
REAL = {"from": "2018-11-16", "to": "2023-02-21"}


def _param(at, name: str) -> list[str]:
    value = at.query_params[name]
    return [value] if isinstance(value, str) else list(value)


def _texts(at, kind: str) -> list[str]:
    return [shown_text(e.value) for e in at.get(kind)]


def _metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def _after(at, heading: str, kind: str = "markdown") -> list[str]:
    """The texts of `kind` drawn after the subheader `heading` and before the next one."""
    out, inside = [], False
    for el in _walk(at.main):
        if el.type == "subheader":
            inside = el.value == heading
        elif inside and el.type == kind and isinstance(el.value, str):
            # A panel draws its consecutive paragraphs as one markdown and its source lines as one caption.
            out += [shown_text(part) for part in el.value.split("\n\n" if kind == "markdown" else "  \n")]
        elif inside and el.type == kind:
            out.append(el.value)
    return out


def _walk(node):
    children = getattr(node, "children", None)
    if not children:
        yield node
        return
    for child in children.values():
        yield from _walk(child)


@pytest.fixture
def fresh_caches():
    """The app's caches are per process: a test pointing it at another data folder must not leak into the next."""
    st.cache_data.clear()
    st.cache_resource.clear()
    yield
    st.cache_data.clear()
    st.cache_resource.clear()


# ── the two real snapshots ────────────────────────────────────────────────────────────────────────────────────


needs_both = pytest.mark.skipif(not (SNAPSHOTS / "2018-11-16").is_dir() or not (SNAPSHOTS / "2023-02-21").is_dir(),
                                reason="the 2018-11-16 and 2023-02-21 snapshots are published")


@needs_both
def test_real_snapshots_headline_figures():
    at, warnings = open_app(PAGE, REAL)
    assert warnings == []
    assert at.title[0].value == "変化"
    assert _metrics(at) == {
        "選定事業（累計）": "14 → 53（+39）",
        "支援中の事業": "14 → 45（+31）",
        "支援終了の事業": "0 → 8（+8）",
        "支援中の事業がある都道府県": "11 → 30（+19）",
        "支援中の事業の活用技術": "— → 11",
        "会議の構成員": "24 → 24（+0）",
    }
    assert "**2018-11-16** 時点のデータと **2023-02-21** 時点のデータを比べています。" in _texts(at, "markdown")
    assert _param(at, "from") == ["2018-11-16"] and _param(at, "to") == ["2023-02-21"]


@needs_both
def test_real_snapshots_projects_added_per_year_and_ended():
    at, _ = open_app(PAGE, REAL)
    selections = _after(at, "年度ごとに加わった事業")
    assert selections[0] == "比較元 2018-11-16 から比較先 2023-02-21 までに、選定事業が合計 39 件増えました（変化のあった年度: 4）。"
    assert selections[1].split("\n") == [
        "- R1 (2019): 0 → 8（+8）、うち比較先で新たに名前の分かる事業 5 件",
        "- R2 (2020): 0 → 12（+12）、うち比較先で新たに名前の分かる事業 12 件",
        "- R3 (2021): 0 → 9（+9）、うち比較先で新たに名前の分かる事業 9 件",
        "- R4 (2022): 0 → 10（+10）、うち比較先で新たに名前の分かる事業 10 件",
    ]
    added = _after(at, "新たに名前が挙がった事業")
    assert added[0] == "比較元 2018-11-16 になく比較先 2023-02-21 にある事業: 36 件"
    lines = added[1].split("\n")
    assert len(lines) == 36
    assert lines[0] == "- R1 秋田県仙北市 — 自動運転、ドローン（支援中）"
    assert lines[-1] == "- R4 鹿児島県伊仙町 — AI、IoT、自動運転等（支援中）"
    assert sum(line.startswith("- R1 ") for line in lines) == 5
    ended = _after(at, "支援が終了した事業")
    assert ended == [
        "比較元 2018-11-16 で支援中、比較先 2023-02-21 で支援終了または記載なし: 5 件",
        "- H30 茨城県、つくば市（支援終了）\n- H30 埼玉県川口市（支援終了）\n- H30 愛知県（支援終了）\n"
        "- H30 愛知県豊田市（支援終了）\n- H30 京都府亀岡市（支援終了）",
        "このほか、比較先 2023-02-21 の公表では支援終了が合計 8 件で、うち 3 件はどの資料にも名前がありません（比較元 2018-11-16 にない事業）。",
    ]


@needs_both
def test_real_snapshots_technologies_prefectures_councils():
    at, _ = open_app(PAGE, REAL)
    assert _after(at, "活用技術の変化") == [
        "2018-11-16 時点のデータには支援中の事業の活用技術の記載がないため、新たに対象となった技術は判定できません。",
        "2023-02-21 時点で支援中の事業が使う技術は 11 種類です（表を参照）。",
    ]
    assert _after(at, "都道府県の変化") == [
        "支援中の事業がある都道府県: 比較元 2018-11-16 で 11、比較先 2023-02-21 で 30",
        "新たに対象となった都道府県（20）: 岩手県、秋田県、栃木県、群馬県、富山県、石川県、長野県、岐阜県、静岡県、三重県、"
        "奈良県、和歌山県、島根県、広島県、山口県、高知県、佐賀県、長崎県、宮崎県、鹿児島県",
        "支援中の事業がなくなった都道府県（1）: 京都府",
    ]
    assert _after(at, "会議の構成員の変化") == [
        "比較元 2018-11-16 から比較先 2023-02-21 までに、構成員の追加 0 件、削除 0 件。",
        "- 関係省庁連絡会議: 12 → 12（+0）（変更なし）\n- 幹事会: 2 → 2（+0）（変更なし）\n- 地域実装協議会: 10 → 10（+0）（変更なし）",
    ]


@needs_both
def test_real_snapshots_every_panel_cites_both_snapshots():
    at, _ = open_app(PAGE, REAL)
    doc_000 = "内閣府地方創生推進事務局「近未来技術等社会実装事業について」"
    doc_001 = "内閣府地方創生推進事務局「未来技術社会実装事業」"
    assert _after(at, "年度ごとに加わった事業", "caption")[1:] == [
        f"比較元（2018-11-16 時点）— 出典: {doc_000}スライド5（データ時点 2018-11-16）",
        f"比較先（2023-02-21 時点）— 出典: {doc_001}p.2（データ時点 2023-02-21）",
    ]
    assert _after(at, "支援が終了した事業", "caption")[1:] == [
        f"比較元（2018-11-16 時点）— 出典: {doc_000}スライド5（データ時点 2018-11-16）",
        f"比較先（2023-02-21 時点）— 出典: {doc_000}スライド5（データ時点 2018-11-16）、{doc_001}p.1（データ時点 2023-02-21）",
    ]
    assert _after(at, "会議の構成員の変化", "caption")[1:] == [
        f"比較元（2018-11-16 時点）— 出典: {doc_000}スライド4（データ時点 2018-11-16）",
        f"比較先（2023-02-21 時点）— 出典: {doc_000}スライド4（データ時点 2018-11-16）",
    ]
    # Each row of the tables names its document and page in both snapshots.
    by_year = _after(open_tables(at), "年度ごとに加わった事業", "dataframe")[0].set_index("採択年度")
    assert by_year.loc["H30", ["比較元の出典", "比較先の出典"]].tolist() == ["000 スライド5", "001 p.2"]
    assert by_year.loc["R4", ["比較元の選定数", "比較先の選定数", "増えた数", "比較元の出典"]].tolist() == [0, 10, 10, ""]


@needs_both
def test_real_snapshots_in_english():
    at, warnings = open_app(PAGE, {**REAL, "lang": "en"})
    assert warnings == [] and at.title[0].value == "Changes"
    assert _metrics(at)["Projects selected (cumulative)"] == "14 → 53 (+39)"
    assert _metrics(at)["Technologies of supported projects"] == "— → 11"
    prefs = _after(at, "Prefectures")
    assert prefs[2] == "Prefectures with no supported project any more (1): Kyoto Prefecture"


# ── a synthetic later snapshot (a fictional FY R5) ──────────────────────────────────────────────────────────────

R5_SOURCE = {"source_id": "902", "title": "未来技術社会実装事業（架空の R5 資料）", "publisher": "内閣府地方創生推進事務局",
             "published_on": None, "as_of": None, "as_of_basis": "test fixture", "seed_file": "none",
             "page_count": 3, "page_basis": "test fixture", "notes": None}


def _r5_project(project_id: str, applicant: str, techs: list[str], list_no: int) -> dict:
    return {"project_id": project_id, "applicant": applicant, "selected_fy": 2023, "selected_fy_label": "R5",
            "title": None, "technologies": techs, "technologies_more": False, "mlit_av_support": False,
            "status": "supported", "is_status_inferred": False, "status_basis": "listed as supported (902 p.3)",
            "ended_by_fy": None, "support_max_last_fy": 2027, "list_no": list_no, "source_id": "902",
            "source_page": 3, "title_source_id": None, "title_source_page": None, "notes": None}


def _append(rows: list[dict]):
    def edit(table: pa.Table) -> pa.Table:
        return pa.Table.from_pylist(table.to_pylist() + rows, schema=table.schema)
    return edit


def _edit_rows(change):
    def edit(table: pa.Table) -> pa.Table:
        return pa.Table.from_pylist([r for r in (change(dict(row)) for row in table.to_pylist()) if r is not None],
                                    schema=table.schema)
    return edit


def _ended_h30_01(row: dict) -> dict:
    if row["project_id"] == "H30-01":
        row.update(status="ended", technologies=None, technologies_more=None, mlit_av_support=None,
                   is_status_inferred=True, status_basis="inferred: not on the FY R5 list (902 p.3)", ended_by_fy=2022,
                   source_id="902", source_page=3)
    return row


def _council(row: dict) -> dict | None:
    if row["member"] == "環境省総合環境政策統括官":
        return None  # removed
    return row


@pytest.fixture
def three_snapshots(tmp_path, monkeypatch, fresh_caches) -> Path:
    """2018-11-16 and 2023-02-21 as published, and a fictional 2024-03-31 derived from 2023-02-21."""
    import datetime as dt
    root = tmp_path / "snapshots"
    root.mkdir()
    for name in ("2018-11-16", "2023-02-21"):
        if (SNAPSHOTS / name).is_dir():
            shutil.copytree(SNAPSHOTS / name, root / name)
    areas = [
        {"project_id": "R5-01", "area_order": 1, "area_code": "47201", "pref_code": 47, "pref_name": "沖縄県",
         "pref_name_en": "Okinawa Prefecture", "municipality_name": "那覇市", "municipality_name_en": "Naha City",
         "region": "九州・沖縄", "lat": 26.2124, "lon": 127.6809, "coord_basis": "test fixture"},
        {"project_id": "R5-02", "area_order": 1, "area_code": "27", "pref_code": 27, "pref_name": "大阪府",
         "pref_name_en": "Osaka Prefecture", "municipality_name": None, "municipality_name_en": None,
         "region": "近畿", "lat": 34.6863, "lon": 135.52, "coord_basis": "test fixture"},
    ]
    council_added = {"council": "関係省庁連絡会議", "role": "構成員", "member_order": 12, "member": "デジタル庁統括官",
                     "is_optional": False, "qualifier_text": None, "source_id": "902", "source_page": 2, "notes": None}
    selection = {"program": "未来技術社会実装事業", "ministry": "内閣府", "fiscal_year": 2023, "fiscal_year_label": "R5",
                 "selected_count": 2, "source_id": "902", "source_page": 1, "notes": None}
    derive(SNAPSHOTS / "2023-02-21", root / "2024-03-31", "2024-03-31", {
        "sources": _append([{**R5_SOURCE, "as_of": dt.date(2024, 3, 31)}]),
        "technologies": _append([{"technology": "メタバース", "technology_en": "Metaverse", "display_order": 12}]),
        "projects": lambda t: _append([_r5_project("R5-01", "沖縄県那覇市", ["メタバース", "AI"], 1),
                                       _r5_project("R5-02", "大阪府", ["自動運転"], 2)])(_edit_rows(_ended_h30_01)(t)),
        "project_areas": _append(areas),
        "program_selections": _append([selection]),
        "council_members": lambda t: _append([council_added])(_edit_rows(_council)(t)),
    })
    monkeypatch.setenv("MIRAI_SNAPSHOTS", str(root))
    monkeypatch.delenv("MIRAI_SNAPSHOT_DIR", raising=False)
    return root


def test_synthetic_later_snapshot_lists_exactly_its_additions(three_snapshots):
    at, warnings = open_app(PAGE)  # no from/to: the two latest, 2023-02-21 → 2024-03-31
    assert warnings == []
    assert _param(at, "from") == ["2023-02-21"] and _param(at, "to") == ["2024-03-31"]
    assert _metrics(at) == {
        "選定事業（累計）": "53 → 55（+2）",
        "支援中の事業": "45 → 46（+1）",
        "支援終了の事業": "8 → 8（+0）",
        "支援中の事業がある都道府県": "30 → 31（+1）",
        "支援中の事業の活用技術": "11 → 12（+1）",
        "会議の構成員": "24 → 24（+0）",
    }
    assert _after(at, "年度ごとに加わった事業")[:2] == [
        "比較元 2023-02-21 から比較先 2024-03-31 までに、選定事業が合計 2 件増えました（変化のあった年度: 1）。",
        "- R5 (2023): 0 → 2（+2）、うち比較先で新たに名前の分かる事業 2 件",
    ]
    assert _after(at, "新たに名前が挙がった事業") == [
        "比較元 2023-02-21 になく比較先 2024-03-31 にある事業: 2 件",
        "- R5 沖縄県那覇市 — メタバース、AI（支援中）\n- R5 大阪府 — 自動運転（支援中）",
    ]
    assert _after(at, "支援が終了した事業") == [
        "比較元 2023-02-21 で支援中、比較先 2024-03-31 で支援終了または記載なし: 1 件",
        "- H30 北海道、岩見沢市、更別村（支援終了）",
    ]
    assert _after(at, "活用技術の変化") == [
        "比較先 2024-03-31 で新たに対象となった技術（1）: メタバース",
        "比較先 2024-03-31 で支援中の事業が使わなくなった技術（0）: なし",
    ]
    assert _after(at, "都道府県の変化") == [
        "支援中の事業がある都道府県: 比較元 2023-02-21 で 30、比較先 2024-03-31 で 31",
        "新たに対象となった都道府県（1）: 沖縄県",
        "支援中の事業がなくなった都道府県（0）: なし",
    ]
    assert _after(at, "会議の構成員の変化") == [
        "比較元 2023-02-21 から比較先 2024-03-31 までに、構成員の追加 1 件、削除 1 件。",
        "- 関係省庁連絡会議: 12 → 12（+0）。追加 1 件: デジタル庁統括官（構成員）。削除 1 件: 環境省総合環境政策統括官（構成員）\n"
        "- 幹事会: 2 → 2（+0）（変更なし）\n- 地域実装協議会: 10 → 10（+0）（変更なし）",
    ]
    # The later snapshot's own document is cited for what it adds.
    assert _after(at, "新たに名前が挙がった事業", "caption")[-1] == (
        "比較先（2024-03-31 時点）— 出典: 内閣府地方創生推進事務局「未来技術社会実装事業（架空の R5 資料）」p.3（データ時点 2024-03-31）")


def test_synthetic_pair_any_two_dates(three_snapshots):
    if not (three_snapshots / "2018-11-16").is_dir():
        pytest.skip("the 2018-11-16 snapshot is published")
    at, warnings = open_app(PAGE, {"from": "2018-11-16", "to": "2024-03-31"})
    assert warnings == []
    assert _metrics(at)["選定事業（累計）"] == "14 → 55（+41）"
    assert _after(at, "新たに名前が挙がった事業")[0] == "比較元 2018-11-16 になく比較先 2024-03-31 にある事業: 38 件"
    # 5 H30 projects ended by 2023-02-21 and H30-01 in the fictional R5 list
    assert _after(at, "支援が終了した事業")[0] == "比較元 2018-11-16 で支援中、比較先 2024-03-31 で支援終了または記載なし: 6 件"


# ── bad URL values ─────────────────────────────────────────────────────────────────────────────────────────────


@pytest.fixture
def two_real(tmp_path, monkeypatch, fresh_caches) -> Path:
    """Exactly the two real snapshots (so the default pair stays 2018-11-16 → 2023-02-21 whatever else is published)."""
    root = tmp_path / "snapshots"
    for name in ("2018-11-16", "2023-02-21"):
        shutil.copytree(SNAPSHOTS / name, root / name)
    monkeypatch.setenv("MIRAI_SNAPSHOTS", str(root))
    monkeypatch.delenv("MIRAI_SNAPSHOT_DIR", raising=False)
    return root


@needs_both
@pytest.mark.parametrize("params, notice", [
    ({"from": "2017-01-01", "to": "2023-02-21"},
     "URL の from の値 2017-01-01 は使えるデータ時点ではないため、既定の時点を表示しています。"),
    ({"from": "2018-11-16", "to": "<script>alert(1)</script>"},
     "URL の to の値 <script>alert(1)</script> は使えるデータ時点ではないため、既定の時点を表示しています。"),
    ({"from": "yesterday"}, "URL の from の値 yesterday は使えるデータ時点ではないため、既定の時点を表示しています。"),
    ({"from": "2023-02-21", "to": "2023-02-21"}, "比較元と比較先が同じ時点だったため、"),
    ({"from": "2023-02-21", "to": "2018-11-16"}, "比較元が比較先より新しかったため、入れ替えて 2018-11-16 と 2023-02-21 を比べています。"),
])
def test_bad_from_to_values_show_the_default_pair_with_a_notice(two_real, params, notice):
    at, warnings = open_app(PAGE, params)  # open_app asserts no exception on either run
    shown = _texts(at, "warning") + warnings
    assert any(notice in text for text in shown), shown
    assert _param(at, "from") == ["2018-11-16"] and _param(at, "to") == ["2023-02-21"]
    assert _metrics(at)["選定事業（累計）"] == "14 → 53（+39）"


def test_one_snapshot_only_says_so(tmp_path, monkeypatch, fresh_caches):
    root = tmp_path / "snapshots"
    root.mkdir()
    shutil.copytree(SNAPSHOTS / "2023-02-21", root / "2023-02-21")
    monkeypatch.setenv("MIRAI_SNAPSHOTS", str(root))
    monkeypatch.delenv("MIRAI_SNAPSHOT_DIR", raising=False)
    at, _ = open_app(PAGE, {"from": "2018-11-16"})
    assert [i.value for i in at.info] == [
        "比べられるデータ時点が一つしかありません（2023-02-21）。変化を見るには二つ以上のスナップショットが必要です。"]
    assert not at.metric


# ── a third snapshot published by `make add-year` from the fictional FY R5 fixture (helper B's pipeline) ──────────

R5 = ROOT / "tests" / "fixtures" / "r5"


@pytest.fixture
def added_year(tmp_path, monkeypatch, fresh_caches) -> Path:
    """data/sources and data/snapshots copied to tmp, then FY R5 added from the .xlsx fixture as 2024-02-20."""
    import datetime as dt
    add_year_module = pytest.importorskip("pipeline.add_year")
    from pipeline.year_list import parse_counts
    if not (R5 / "list_r5.xlsx").exists():
        pytest.skip("the FY R5 fixture is in tests/fixtures/r5")
    sources, snapshots = tmp_path / "sources", tmp_path / "snapshots"
    shutil.copytree(ROOT / "data" / "sources", sources)
    shutil.copytree(SNAPSHOTS, snapshots)
    add_year_module.add_year(list_path=R5 / "list_r5.xlsx", as_of=dt.date(2024, 2, 20), source=R5 / "source.toml",
                             counts=parse_counts("R5=6"), totals={}, ended_path=R5 / "ended_r5.csv",
                             sources_root=sources, snapshots=snapshots, reference=ROOT / "data" / "reference",
                             log=lambda *_: None)
    monkeypatch.setenv("MIRAI_SNAPSHOTS", str(snapshots))
    monkeypatch.delenv("MIRAI_SNAPSHOT_DIR", raising=False)
    return snapshots


def test_added_year_lists_exactly_the_fixture_additions(added_year):
    """The fixture's list: 42 rows, 6 of them R5 (弘前, 会津若松, 長岡, 高松, 熊本, 那覇); the 9 H30 projects of the
    2023 list are gone (support ended at the end of FY R4, 001 p.8), which leaves 宮城, 千葉, 愛知, 鳥取 and 大分
    without a supported project."""
    at, warnings = open_app(PAGE)  # the default pair: the two latest, 2023-02-21 → 2024-02-20
    assert warnings == []
    assert _param(at, "from") == ["2023-02-21"] and _param(at, "to") == ["2024-02-20"]
    assert _metrics(at) == {
        "選定事業（累計）": "53 → 59（+6）",
        "支援中の事業": "45 → 42（-3）",
        "支援終了の事業": "8 → 17（+9）",
        "支援中の事業がある都道府県": "30 → 31（+1）",
        "支援中の事業の活用技術": "11 → 11（+0）",
        "会議の構成員": "24 → 24（+0）",
    }
    assert _after(at, "年度ごとに加わった事業")[1] == "- R5 (2023): 0 → 6（+6）、うち比較先で新たに名前の分かる事業 6 件"
    assert _after(at, "新たに名前が挙がった事業") == [
        "比較元 2023-02-21 になく比較先 2024-02-20 にある事業: 6 件",
        "- R5 青森県弘前市 — AI、IoT等（支援中）\n- R5 福島県会津若松市 — AI、IoT、5G、クラウドコンピューティング等（支援中）\n"
        "- R5 新潟県長岡市 — ドローン、ロボット（支援中）\n- R5 香川県高松市 — 自動運転（支援中）\n"
        "- R5 熊本県熊本市 — AI、ビッグデータ等（支援中）\n- R5 沖縄県那覇市 — キャッシュレス、VR/AR（支援中）",
    ]
    ended = _after(at, "支援が終了した事業")
    assert ended[0] == "比較元 2023-02-21 で支援中、比較先 2024-02-20 で支援終了または記載なし: 9 件"
    assert [line.split(" ", 2)[2] for line in ended[1].split("\n")] == [
        "北海道、岩見沢市、更別村（支援終了）", "宮城県仙台市（支援終了）", "千葉県千葉市（支援終了）", "愛知県豊橋市（支援終了）",
        "愛知県春日井市（支援終了）", "大阪府、河内長野市（支援終了）", "兵庫県神戸市（支援終了）", "鳥取県（支援終了）", "大分県（支援終了）"]
    assert _after(at, "都道府県の変化")[1:] == [
        "新たに対象となった都道府県（6）: 青森県、福島県、新潟県、香川県、熊本県、沖縄県",
        "支援中の事業がなくなった都道府県（5）: 宮城県、千葉県、愛知県、鳥取県、大分県",
    ]
    assert _after(at, "活用技術の変化") == [
        "比較先 2024-02-20 で新たに対象となった技術（0）: なし",
        "比較先 2024-02-20 で支援中の事業が使わなくなった技術（0）: なし",
    ]
    assert _after(at, "新たに名前が挙がった事業", "caption")[-1] == (
        "比較先（2024-02-20 時点）— 出典: 内閣府地方創生推進事務局「未来技術社会実装事業 (架空の R5 版・テスト用)」p.3（データ時点 2024-02-20）")


def test_choosers_pick_any_two_dates_and_the_url_follows(three_snapshots):
    at, _ = open_app(PAGE)
    assert _metrics(at)["選定事業（累計）"] == "53 → 55（+2）"
    if not (three_snapshots / "2018-11-16").is_dir():
        pytest.skip("the 2018-11-16 snapshot is published")
    at.selectbox(key="changes_from").set_value("2018-11-16").run()
    assert not at.exception
    assert _param(at, "from") == ["2018-11-16"] and _param(at, "to") == ["2024-03-31"]
    assert _metrics(at)["選定事業（累計）"] == "14 → 55（+41）"
    at.selectbox(key="changes_to").set_value("2018-11-16").run()  # the same date twice: compared with the next one
    assert not at.exception
    assert [i.value for i in at.info] == ["比較元と比較先が同じ時点だったため、2018-11-16 と 2023-02-21 を比べています。"]
    assert _param(at, "from") == ["2018-11-16"] and _param(at, "to") == ["2023-02-21"]
    assert _metrics(at)["選定事業（累計）"] == "14 → 53（+39）"


def test_a_damaged_snapshot_is_not_offered(two_real):
    """A snapshot whose files do not match its manifest is not usable: with one left, the page says so."""
    (two_real / "2018-11-16" / "projects.parquet").write_bytes(b"not parquet")
    at, _ = open_app(PAGE, {"from": "2018-11-16"})
    assert [i.value for i in at.info] == [
        "比べられるデータ時点が一つしかありません（2023-02-21）。変化を見るには二つ以上のスナップショットが必要です。"]


def test_rerun_in_english_keeps_the_chosen_dates():
    """The date choosers' labels are made in the run's language: a rerun (AppTest, or a widget's state read
    outside the run) finds the English labels among the options ('2018-11-16' is not in list, before)."""
    from tests.apptest_helpers import open_app
    at, _ = open_app("pages/changes_page.py", {"lang": "en"})
    at.run()
    assert not at.exception
    assert [s.value for s in at.main.selectbox] == ["2018-11-16", "2023-02-21"]
