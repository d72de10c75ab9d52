"""The 変化 questions (queries/changes_*.sql) on two snapshots at once, and how `from` / `to` are chosen."""
from __future__ import annotations

import pytest

from dashboard.compare import PairDatabase, Problem, choose, default_pair
from dashboard.query import QUERIES
from dashboard.snapshot import open_snapshot
from tests.conftest import ROOT

SNAPSHOTS = ROOT / "data" / "snapshots"
DATES = ("2018-11-16", "2023-02-21")


# ── choosing the pair ────────────────────────────────────────────────────────────────────────────────────────────

def test_default_pair_is_the_two_latest():
    assert default_pair(["2023-02-21", "2018-11-16", "2024-02-20"]) == ("2023-02-21", "2024-02-20")
    assert default_pair(["2023-02-21"]) is None
    assert choose([], [], ["2023-02-21"]) is None


@pytest.mark.parametrize("from_values, to_values, expected, problems", [
    ([], [], ("2023-02-21", "2024-02-20"), []),
    (["2018-11-16"], [], ("2018-11-16", "2024-02-20"), []),
    (["2018-11-16"], ["2023-02-21"], ("2018-11-16", "2023-02-21"), []),
    (["2019-01-01"], [], ("2023-02-21", "2024-02-20"), [Problem("from", "2019-01-01", "unknown")]),
    (["２０１８-11-16"], [], ("2023-02-21", "2024-02-20"), [Problem("from", "２０１８-11-16", "unknown")]),
    ([], [""], ("2023-02-21", "2024-02-20"), [Problem("to", "", "unknown")]),
    (["2018-11-16", "2023-02-21"], [], ("2018-11-16", "2024-02-20"), [Problem("from", "2023-02-21", "repeated")]),
    (["2024-02-20"], ["2018-11-16"], ("2018-11-16", "2024-02-20"), [Problem("from", "2024-02-20", "swapped")]),
    (["2023-02-21"], ["2023-02-21"], ("2018-11-16", "2023-02-21"), [Problem("from", "2023-02-21", "same")]),
    (["2018-11-16"], ["2018-11-16"], ("2018-11-16", "2023-02-21"), [Problem("from", "2018-11-16", "same")]),
    (["2024-02-20"], [], ("2023-02-21", "2024-02-20"), [Problem("from", "2024-02-20", "same")]),
])
def test_choose(from_values, to_values, expected, problems):
    pair = choose(from_values, to_values, ["2018-11-16", "2023-02-21", "2024-02-20"])
    assert (pair.earlier, pair.later) == expected and pair.problems == problems


# ── the questions ─────────────────────────────────────────────────────────────────────────────────────────────────

CHANGE_QUERIES = sorted(p.stem for p in QUERIES.glob("changes_*.sql"))


@pytest.fixture(scope="module")
def pair() -> PairDatabase:
    if not all((SNAPSHOTS / d).is_dir() for d in DATES):
        pytest.skip("the 2018-11-16 and 2023-02-21 snapshots are published")
    return PairDatabase(open_snapshot(SNAPSHOTS / DATES[0]), open_snapshot(SNAPSHOTS / DATES[1]))


@pytest.mark.parametrize("name", CHANGE_QUERIES)
def test_every_row_names_its_sources_in_each_snapshot_where_it_has_data(pair, name):
    """A number a snapshot has is traced to that snapshot's document and page ('id:page')."""
    df = pair.run(name)
    assert len(df) and {"earlier_sources", "later_sources"} <= set(df.columns)
    for side in ("earlier", "later"):
        for refs in df[f"{side}_sources"]:
            assert all(ref.split(":")[0] in ("000", "001") and ref.split(":")[1].isdigit() for ref in refs)


def test_selections_by_year_2018_to_2023(pair):
    df = pair.run("changes_selections_by_year")
    assert df[["fiscal_year_label", "earlier_count", "later_count", "added_count", "named_added_count"]
              ].values.tolist() == [["H30", 14, 14, 0, 0], ["R1", 0, 8, 8, 5], ["R2", 0, 12, 12, 12],
                                    ["R3", 0, 9, 9, 9], ["R4", 0, 10, 10, 10]]
    assert [list(v) for v in df["earlier_sources"]] == [["000:5"], [], [], [], []]  # 000 slide 5: the 14 selections
    assert {tuple(v) for v in df["later_sources"]} == {("001:2",)}  # 001 p.2: 過去の選定数


def test_summary_2018_to_2023(pair):
    df = pair.run("changes_summary").set_index("measure")
    assert df[["earlier_value", "later_value"]].astype(object).where(df[["earlier_value", "later_value"]].notna(), None
                                                                     ).values.tolist() == [
        [14, 53], [14, 45], [0, 8], [11, 30], [None, 11], [24, 24]]
    assert list(df.loc["ended", "later_sources"]) == ["001:1"]  # 001 p.1: 8 ended by the end of FY R3
    assert list(df.loc["council_members", "earlier_sources"]) == ["000:4"]
