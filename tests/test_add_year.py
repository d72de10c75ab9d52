"""make add-year (pipeline/add_year.py): the fictional FY R5 list publishes a third snapshot into a temporary data
folder (never the repository's data/), the dashboard shows it, and malformed inputs publish nothing.

Every test works on a copy: data/sources/2023-02-21 and data/snapshots/* copied into tmp_path."""
from __future__ import annotations

import datetime as dt
import hashlib
import shutil
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest

from pipeline.add_year import Refused, add_year, parse_technologies, parse_totals
from pipeline.year_list import parse_counts
from tests.conftest import ROOT

FIXTURES = ROOT / "tests" / "fixtures" / "r5"
AS_OF = dt.date(2024, 2, 20)
TODAY = dt.date(2026, 1, 1)
COUNTS, TOTALS = "R5=6", "selected=59,supported=42,ended=17"
PUBLISHER = "内閣府地方創生推進事務局"
R5_DOC = f"{PUBLISHER}「未来技術社会実装事業 (架空の R5 版・テスト用)」"  # tests/fixtures/r5/source.toml
DOC_001, DOC_000 = f"{PUBLISHER}「未来技術社会実装事業」", f"{PUBLISHER}「近未来技術等社会実装事業について」"


def data_copy(root: Path) -> Path:
    """A data folder like the repository's: the latest source set and every published snapshot."""
    (root / "sources").mkdir(parents=True)
    shutil.copytree(ROOT / "data" / "sources" / "2023-02-21", root / "sources" / "2023-02-21")
    shutil.copytree(ROOT / "data" / "snapshots", root / "snapshots",
                    ignore=shutil.ignore_patterns(".staging-*", ".retired-*"))
    return root


def tree_digest(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def publish(root: Path, file: str = "list_r5.xlsx", *, counts=COUNTS, totals=TOTALS, ended="ended_r5.csv",
            source: Path | None = None, log=lambda line: None, list_path: Path | None = None, technologies=""):
    return add_year(list_path=list_path or FIXTURES / file, as_of=AS_OF, source=source or FIXTURES / "source.toml",
                    counts=parse_counts(counts), totals=parse_totals(totals),
                    ended_path=FIXTURES / ended if ended else None, sources_root=root / "sources",
                    snapshots=root / "snapshots", reference=ROOT / "data" / "reference", today=TODAY, log=log,
                    new_technologies=parse_technologies(technologies))


@pytest.fixture(scope="module")
def published(tmp_path_factory) -> Path:
    root = data_copy(tmp_path_factory.mktemp("data"))
    lines: list[str] = []
    publish(root, log=lines.append)
    assert lines[-1].startswith("published: ")
    return root


def test_r5_snapshot_tables(published):
    folder = published / "snapshots" / "2024-02-20"
    projects = pq.read_table(folder / "projects.parquet").to_pandas()
    by = projects.groupby(["selected_fy_label", "status"]).size().to_dict()
    assert by == {("H30", "ended"): 14, ("R1", "supported"): 5, ("R2", "supported"): 12, ("R3", "supported"): 9,
                  ("R4", "supported"): 10, ("R5", "supported"): 6}
    r5 = projects[projects.selected_fy_label == "R5"]
    assert r5.project_id.tolist() == [f"R5-0{i}" for i in range(1, 7)]
    assert set(r5.status_basis) == {"listed as supported in FY R5 (002 p.3)"}
    h30 = projects[(projects.selected_fy_label == "H30") & ~projects.is_status_inferred]
    assert len(h30) == 9 and set(h30.ended_by_fy) == {2022}
    assert set(h30.status_basis) == {"support completed at the end of FY R4 (001 p.8: support lasts up to 5 years)"}
    early = projects[(projects.selected_fy_label == "H30") & projects.is_status_inferred]
    assert len(early) == 5 and set(early.ended_by_fy) == {2021}  # as in the 2023-02-21 snapshot: absent from 001 p.3
    assert set(early.status_basis) == {"inferred: selected in FY H30 (000 slide 5) but absent from the FY R4 list (001 p.3)"}
    # continuing projects keep their ids (the R4 list's)
    r4_ids = set(pq.read_table(ROOT / "data/snapshots/2023-02-21/projects.parquet").to_pandas()
                 .query("status == 'supported' and selected_fy_label != 'H30'").project_id)
    assert r4_ids == set(projects.query("status == 'supported' and selected_fy_label != 'R5'").project_id)
    totals = pq.read_table(folder / "program_totals.parquet").to_pandas().set_index("metric")
    assert totals.value_count.to_dict() == {"selected_total": 59, "supported_total": 42, "ended_total": 17}
    assert totals.fiscal_year_label.to_dict() == {"selected_total": "R5", "supported_total": "R5", "ended_total": "R4"}
    selections = pq.read_table(folder / "program_selections.parquet").to_pandas()
    focus = selections[selections.program == "未来技術社会実装事業"]
    assert focus.fiscal_year_label.tolist() == ["H30", "R1", "R2", "R3", "R4", "R5"]
    assert focus.selected_count.tolist() == [14, 8, 12, 9, 10, 6]


def test_previous_snapshots_untouched(published):
    for name in ("2023-02-21",):
        assert tree_digest(published / "snapshots" / name) == tree_digest(ROOT / "data" / "snapshots" / name)
    assert tree_digest(published / "sources" / "2023-02-21") == tree_digest(ROOT / "data" / "sources" / "2023-02-21")


@pytest.mark.parametrize("file", ["list_r5_utf8.csv", "list_r5_cp932.csv"])
def test_csv_in_either_encoding_publishes_the_same_snapshot(published, tmp_path, file):
    root = data_copy(tmp_path)
    publish(root, file)
    new, xlsx = root / "snapshots" / "2024-02-20", published / "snapshots" / "2024-02-20"
    for table in sorted(xlsx.glob("*.parquet")):
        assert pq.read_table(new / table.name).equals(pq.read_table(table)), table.name


def test_refuses_to_overwrite(published):
    before = tree_digest(published)
    with pytest.raises(Refused, match="もうあります。公表済みのものは上書きしません"):
        publish(published)
    assert tree_digest(published) == before


# (id, changes to publish()'s arguments, expected text in the refusal)
def _bad_list(tmp: Path, old: str, new: str) -> Path:
    text = (FIXTURES / "list_r5_utf8.csv").read_bytes().decode("utf-8-sig")
    assert old in text
    path = tmp / "bad.csv"
    path.write_bytes(text.replace(old, new, 1).encode("cp932"))
    return path


MALFORMED = [
    ("unknown-municipality", dict(list_path=("大阪府河内長野市", "大阪府河内長野町")),
     "FILE bad.csv: 24行目 自治体名: '河内長野町' は大阪府の市町村コード表にありません。河内長野市 ですか？"),
    ("half-width-kana", dict(list_path=("クラウドコンピューティング", "ｸﾗｳﾄﾞｺﾝﾋﾟｭｰﾃｨﾝｸﾞ")), "半角カタカナがあります"),
    ("year-after-the-list", dict(list_path=("青森県弘前市,AI、IoT 等,R5", "青森県弘前市,AI、IoT 等,R6")),
     "採択年度 R6 は一覧の年度 (R5) より後です"),
    ("formula", dict(list_path=("2,青森県弘前市", "2,=1+1")), "数式として扱います"),
    ("count-missing", dict(counts=""), "R5 採択の事業が 6 件ありますが、R5 の選定数がありません。COUNTS に R5=<選定数> を加えてください。"),
    ("count-too-small", dict(counts="R5=5"), "R5 の選定数は 5 ですが、一覧には R5 採択の事業が 6 件あります。"),
    ("totals-disagree", dict(totals="selected=59,supported=43,ended=16"),
     "TOTALS: supported_total=43 は一覧の事業数 42 と合いません。"),
    ("ended-not-on-list", dict(ended="list_r5_utf8.csv"), "ENDED list_r5_utf8.csv: 2行目 自治体名: '北海道旭川市' は一覧 (FILE) の R1 採択の事業にありません。"),
    ("source-id-taken", dict(source=("source_id = \"002\"", "source_id = \"001\"")),
     "SOURCE: source_id '001' は登録済みです。"),
    ("duplicate", dict(list_path=("4,岩手県陸前高田市,自動運転,R3,※", "4,岩手県、盛岡市,AI、IoT、5G、クラウドコンピューティング 等,R4,")),
     "5行目 自治体名: 4行目 ('岩手県盛岡市') と同じ事業です"),
]


@pytest.mark.parametrize("case", MALFORMED, ids=[c[0] for c in MALFORMED])
def test_malformed_input_publishes_nothing(published, tmp_path, case):
    _, changes, expected = case
    kwargs = dict(changes)
    if "list_path" in kwargs:
        kwargs["list_path"] = _bad_list(tmp_path, *kwargs["list_path"])
    if "source" in kwargs:
        old, new = kwargs["source"]
        card = tmp_path / "source.toml"
        card.write_text((FIXTURES / "source.toml").read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
        kwargs["source"] = card
    root = tmp_path / "data"
    data_copy(root)
    before = tree_digest(root)
    with pytest.raises(Refused) as refused:
        publish(root, **kwargs)
    text = "\n".join(refused.value.args[0])
    assert expected in text, text
    assert tree_digest(root) == before  # every snapshot and source set byte-identical, nothing added


def test_a_new_technology_is_added_to_the_vocabulary_of_the_new_set_only(tmp_path):
    root = data_copy(tmp_path / "data")
    bad = _bad_list(tmp_path, "沖縄県那覇市,キャッシュレス、VR/AR", "沖縄県那覇市,キャッシュレス、量子技術")
    before = tree_digest(root)
    with pytest.raises(Refused) as refused:
        publish(root, list_path=bad)
    assert "43行目 主な活用技術: '量子技術' は技術の一覧 (technologies.csv) にありません。" in "\n".join(refused.value.args[0])
    assert tree_digest(root) == before
    publish(root, list_path=bad, technologies="量子技術=Quantum technology")
    tech = pq.read_table(root / "snapshots/2024-02-20/technologies.parquet").to_pandas()
    assert tech.iloc[-1].to_dict() == {"technology": "量子技術", "technology_en": "Quantum technology", "display_order": 12}
    assert len(pq.read_table(root / "snapshots/2023-02-21/technologies.parquet")) == 11  # the earlier set as it was


def test_cli_prints_every_problem(tmp_path, capsys):
    from pipeline.add_year import main
    root = data_copy(tmp_path)
    bad = _bad_list(tmp_path, "大阪府河内長野市", "大阪府河内長野町")
    rc = main(["--file", str(bad), "--as-of", "2024-02-20", "--source", str(FIXTURES / "source.toml"),
               "--counts", COUNTS, "--sources-root", str(root / "sources"), "--snapshots", str(root / "snapshots"),
               "--today", "2026-01-01"])
    err = capsys.readouterr().err
    assert rc == 1
    assert err.startswith("add-year FAILED — nothing was published.\n")
    assert "24行目 自治体名: '河内長野町' は大阪府の市町村コード表にありません。河内長野市 ですか？" in err


# ── the dashboard on the published R5 snapshot ────────────────────────────────────────────────────────────────────

@pytest.fixture()
def r5_app(published, monkeypatch):
    from dashboard import data
    monkeypatch.setenv("MIRAI_SNAPSHOTS", str(published / "snapshots"))
    monkeypatch.delenv("MIRAI_SNAPSHOT_DIR", raising=False)
    data._listing.clear()  # the process-wide listing (cached a minute) must see the temporary folder
    yield published
    data._listing.clear()  # and the next test the repository's


def test_selections_page_shows_r5(r5_app):
    from tests.apptest_helpers import open_app, open_tables, shown_text
    at, _ = open_app("pages/selections_page.py")
    assert at.sidebar.selectbox[0].value == "2024-02-20"  # the データ時点 selector: the new snapshot, the latest
    assert [m.value for m in at.metric][-3:] == ["59 事業", "42 事業", "17 事業"]
    labels = [m.label for m in at.metric][-3:]
    assert labels == ["選定事業数（H30〜R5 合計）", "支援中（R5年度）", "支援終了（R4年度末まで）"]
    by_year = next(d.value for d in open_tables(at).dataframe if "累計選定数" in d.value.columns and "支援中" in d.value.columns)
    assert by_year["採択年度"].tolist() == ["H30", "R1", "R2", "R3", "R4", "R5"]
    assert by_year["選定数（公表値）"].tolist() == [14, 8, 12, 9, 10, 6]
    assert by_year["累計選定数"].tolist() == [14, 22, 34, 43, 53, 59]
    assert by_year["支援中"].tolist() == [0, 5, 12, 9, 10, 6]
    assert by_year["支援終了（名称公表）"].tolist() == [14, 0, 0, 0, 0, 0]
    assert by_year["支援終了（名称非公表）"].tolist() == [0, 3, 0, 0, 0, 0]
    text = "\n".join(shown_text(m.value) for m in at.markdown)
    assert "**H30 (2018)**: 選定 14 事業のうち、支援中 0 事業・支援終了 14 事業。" in text
    assert "名称が分かる支援終了の事業は 14 事業です。" in text
    assert "支援終了は合計 17 事業（002 p.1「17事業はR4年度末までに支援終了」）。" in text
    captions = "\n".join(shown_text(c.value) for c in at.caption)
    assert "支援中は R5年度の支援中一覧（002 p.3）に載っている事業" in captions
    # Source lines name the document and page the figures come from in this snapshot (captions.resolve: 002's
    # totals p.1, its count p.2 and list p.3; the earlier counts stay 001 p.2), with 002's データ時点.
    lines = [shown_text(c.value) for c in at.caption if shown_text(c.value).startswith("出典: ")]
    assert f"出典: {R5_DOC}p.1（データ時点 2024-02-20）" in lines  # 公表された事業数: 59 / 42 / 17
    assert f"出典: {DOC_001}p.2（データ時点 2023-02-21）、{R5_DOC}p.2、p.1（データ時点 2024-02-20）" in lines  # 累計
    assert f"出典: {DOC_001}p.2（データ時点 2023-02-21）、{R5_DOC}p.2、p.1、p.3（データ時点 2024-02-20）" in lines
    assert f"出典: {DOC_000}スライド5（データ時点 2018-11-16）、{DOC_001}p.3（データ時点 2023-02-21）、" \
           f"{R5_DOC}p.3（データ時点 2024-02-20）" in lines  # the named ended: 000's titles, 001's list, absent from 002's
    assert not [line for line in lines if f"{DOC_001}p.1" in line]  # 001's totals (53 / 45 / 8) are not shown


def test_overview_page_shows_r5(r5_app):
    from tests.apptest_helpers import open_app, open_tables, shown_text
    at, _ = open_app("pages/overview_page.py")
    prefs = duckdb.sql(f"SELECT count(DISTINCT a.pref_code) FROM '{r5_app}/snapshots/2024-02-20/projects.parquet' p "
                       f"JOIN '{r5_app}/snapshots/2024-02-20/project_areas.parquet' a USING (project_id) "
                       "WHERE p.status = 'supported'").fetchall()[0][0]
    assert prefs == 31
    assert [m.value for m in at.metric] == ["42 / 42 事業", "59 事業", "42 事業", "17 事業", "31 都道府県"]
    table = next(d.value for d in open_tables(at).dataframe if "選定数（公表値）" in d.value.columns)
    assert table["選定数（公表値）"].tolist() == [14, 8, 12, 9, 10, 6]
    assert table["支援中"].tolist() == [0, 5, 12, 9, 10, 6]
    lines = [shown_text(c.value) for c in at.caption if shown_text(c.value).startswith("出典: ")]
    assert lines == [f"出典: {R5_DOC}p.1（データ時点 2024-02-20）",  # 主な数字: 002's totals
                     f"出典: {DOC_001}p.2（データ時点 2023-02-21）、{R5_DOC}p.2、p.3（データ時点 2024-02-20）、"
                     f"{DOC_000}スライド5（データ時点 2018-11-16）"]  # 年度別: counts (001, 002), 002's list, H30 names


def test_dossier_of_a_project_ended_by_the_r5_list_cites_the_completion_list(r5_app):
    """H30-01 (岩見沢市) is on 001 p.3, absent from 002's list and named on 001 p.8's completion list: its dossier
    cites 001 p.3 and p.8 (ended at the end of FY R4), not 001 p.1's 8 ended by FY R3."""
    from tests.apptest_helpers import open_app, shown_text
    at, _ = open_app("pages/municipality_page.py", {"area": "01210"})
    lines = [shown_text(c.value) for c in at.caption if shown_text(c.value).startswith("出典: ")]
    assert f"出典: {DOC_001}p.3、p.8（データ時点 2023-02-21）、{DOC_000}スライド5（データ時点 2018-11-16）" \
           "　／　表示中のデータ時点 2024-02-20" in lines


def test_technology_page_counts_the_r5_list(r5_app):
    """The 技術 page counts the 42 projects of the R5 list: counted here from the fixture CSV itself."""
    import csv
    from collections import Counter
    from tests.apptest_helpers import open_app, open_tables
    with (FIXTURES / "list_r5_utf8.csv").open(encoding="utf-8-sig") as f:
        listed = [r for r in csv.DictReader(f) if r["採択年度"]]
    expected = Counter(t for r in listed for t in r["主な活用技術"].removesuffix(" 等").split("、"))
    at, _ = open_app("pages/technology_page.py")
    assert [m.value for m in at.metric][:2] == ["42 / 42 事業", "42 事業"]
    counts = next(d.value for d in open_tables(at).dataframe if d.value.columns[0] == "技術")
    assert dict(zip(counts["技術"], counts["事業数"])) == dict(expected)
    assert counts["事業数"].sum() == sum(expected.values())


def test_check_only_publishes_nothing(tmp_path):
    root = data_copy(tmp_path / "data")
    before = tree_digest(root)
    lines: list[str] = []
    assert add_year(list_path=FIXTURES / "list_r5_cp932.csv", as_of=AS_OF, source=FIXTURES / "source.toml",
                    counts=parse_counts(COUNTS), totals=parse_totals(TOTALS), ended_path=FIXTURES / "ended_r5.csv",
                    sources_root=root / "sources", snapshots=root / "snapshots", reference=ROOT / "data" / "reference",
                    today=TODAY, log=lines.append, check_only=True) is None
    assert lines[-1] == "check only (CHECK=1): nothing was published"
    assert "projects 56 rows" in lines[-2]  # 42 supported + 14 ended (H30)
    assert tree_digest(root) == before
