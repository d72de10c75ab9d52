"""The survey questions (001 p.4): values, pairing, and the base the published percentages imply."""
from __future__ import annotations

from fractions import Fraction

import duckdb
import pandas as pd
import pytest

from dashboard.figures import survey as figures
from dashboard.query import query_text

ISSUES = "項目別の課題発生と対応状況"
BOTTLENECKS = "進捗上のボトルネックとなる課題"


@pytest.fixture(scope="module")
def responses(db) -> pd.DataFrame:
    return db.run("survey_responses")


def test_issue_shares_are_the_published_percentages_without_counts(responses):
    rows = responses[responses["survey"] == ISSUES]
    assert list(rows["item_label"]) == [
        "インフラ整備の主体検討と費用確保", "持続可能なビジネスモデルの検討", "煩雑な手続き", "コミュニケーションの不足",
        "実装を見据えると足枷になる規制がある", "さらなる技術の進展", "地域へのサービス浸透"]
    assert list(rows["share_pct_published"]) == [81, 78, 75, 67, 64, 64, 56]
    assert rows["respondents_count"].isna().all()
    assert set(rows["base_n"]) == {35} and set(rows["base_unit"]) == {"自治体"}
    assert set(rows["pairing"]) == {"inferred"} and rows["is_pairing_inferred"].all()


def test_bottlenecks_have_counts_and_keep_the_unlabelled_value(responses):
    rows = responses[responses["survey"] == BOTTLENECKS]
    assert list(rows["respondents_count"]) == [17, 16, 11, 10, 9, 4, 4, 4, 0]
    assert list(rows["share_pct_published"]) == [47, 44, 31, 28, 25, 11, 11, 11, 0]
    assert set(rows["base_n"]) == {75} and set(rows["base_unit"]) == {"事業"}
    assert int(rows["respondents_count"].sum()) == 75
    assert list(rows["count_share_of_base_n_pct"]) == [22.7, 21.3, 14.7, 13.3, 12.0, 5.3, 5.3, 5.3, 0.0]
    last = rows.iloc[-1]
    assert pd.isna(last["item"]) and last["item_label"] == "項目名不明"
    assert last["pairing"] == "unlabelled" and last["is_item_unknown"] and not last["is_pairing_inferred"]
    assert list(rows["pairing"]) == ["inferred"] * 8 + ["unlabelled"]


def test_implied_bases_are_36_for_both_charts(db):
    bases = db.run("survey_implied_base").set_index("survey")
    assert list(bases.index) == [ISSUES, BOTTLENECKS]
    assert bases.loc[BOTTLENECKS, "implied_base_n"] == 36  # not 75 (= N and the sum of counts), not 35
    assert bases.loc[BOTTLENECKS, "count_sum"] == 75
    assert bases.loc[BOTTLENECKS, "base_n"] == 75
    assert bases.loc[ISSUES, "implied_base_n"] == 36  # not N = 35: no count out of 35 rounds to 81%
    assert pd.isna(bases.loc[ISSUES, "count_sum"])
    assert list(bases["value_count"]) == [7, 9]
    assert list(bases["counted_value_count"]) == [0, 9]


def _brute_force(pcts, counts):
    """An independent check with exact fractions: smallest b in 1..200 reproducing every percentage."""
    def rounds_to(k, b, p):
        x = Fraction(100 * k, b)
        return int(x + Fraction(1, 2)) == p  # half up
    for b in range(1, 201):
        if all(rounds_to(c, b, p) if c is not None else any(rounds_to(k, b, p) for k in range(b + 1))
               for p, c in zip(pcts, counts)):
            return b
    return None


def test_implied_bases_agree_with_an_independent_check(db, responses):
    bases = db.run("survey_implied_base").set_index("survey")
    for survey, rows in responses.groupby("survey"):
        counts = [None if pd.isna(c) else int(c) for c in rows["respondents_count"]]
        assert bases.loc[survey, "implied_base_n"] == _brute_force(list(rows["share_pct_published"]), counts)


def _implied_on(rows: list[tuple]) -> pd.DataFrame:
    con = duckdb.connect(":memory:")
    con.execute("CREATE TABLE survey_responses (survey VARCHAR, survey_order INTEGER, value_order INTEGER, "
                "respondents_count INTEGER, share_pct_published INTEGER, base_n INTEGER, base_unit VARCHAR)")
    con.executemany("INSERT INTO survey_responses VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
    con.execute(query_text("_setup_survey_implied_base"))  # the bases are found when a snapshot is loaded
    return con.execute(query_text("survey_implied_base")).df().set_index("survey")


def test_implied_base_rule_on_small_cases():
    got = _implied_on([
        ("half", 1, 1, 1, 50, 2, "x"), ("half", 1, 2, 1, 50, 2, "x"),
        ("third", 2, 1, 1, 33, 3, "x"), ("third", 2, 2, 2, 67, 3, "x"),
        ("shares only", 3, 1, None, 50, 9, "x"), ("shares only", 3, 2, None, 25, 9, "x"),
        ("impossible", 4, 1, 1, 99, 1, "x"),
        ("half up", 5, 1, 1, 13, 8, "x"),  # 100 * 1 / 8 = 12.5 rounds up to 13
    ])
    assert got.loc["half", "implied_base_n"] == 2
    assert got.loc["third", "implied_base_n"] == 3
    assert got.loc["shares only", "implied_base_n"] == 4
    assert pd.isna(got.loc["impossible", "implied_base_n"])
    assert got.loc["half up", "implied_base_n"] == 8


def test_rounding_helpers_match_the_query():
    assert figures.rounded_pct(17, 36) == 47
    assert figures.rounded_pct(17, 75) == 23
    assert figures.rounded_pct(1, 8) == 13
    assert figures.unreachable_at(81, 35) == ((28, 80), (29, 83))
    assert figures.unreachable_at(81, 36) is None
    assert figures.unreachable_at(47, 36) is None


def test_findings_and_the_items_the_text_names(db, responses):
    findings = db.run("program_facts", topic="survey_finding")
    assert len(findings) == 3
    assert findings["fact_text"].iloc[0].startswith("R3年度までに採択された35自治体（75事業）")
    named = figures.quoted_items(findings["fact_text"].iloc[1])
    assert named == ["インフラ整備の主体検討と費用確保", "持続可能なビジネスモデルの検討",
                     "サービスインを見据えた体制整備", "担い手の確保"]
    issue_items = set(responses.loc[responses["survey"] == ISSUES, "item_label"])
    assert [i for i in named if i not in issue_items] == ["サービスインを見据えた体制整備", "担い手の確保"]


def test_charts_mark_inferred_pairings_and_show_the_unknown_item(responses):
    issues = responses[responses["survey"] == ISSUES]
    fig = figures.issue_shares(issues)
    assert len(fig.data) == 1
    bar = fig.data[0]
    assert bar.marker.pattern.shape == "/" and bar.name == "項目との対応: 推定（斜線・薄い色）"
    assert list(bar.y)[0] == "インフラ整備の主体検討と費用確保〔推定〕"
    assert list(bar.text) == ["81%", "78%", "75%", "67%", "64%", "64%", "56%"]

    fig = figures.bottleneck_counts(responses[responses["survey"] == BOTTLENECKS])
    inferred, unknown = fig.data
    assert list(inferred.x) == [17, 16, 11, 10, 9, 4, 4, 4]
    assert list(inferred.text)[:2] == ["17件（47%）", "16件（44%）"]
    assert all(label.endswith("〔推定〕") for label in inferred.y)
    assert list(unknown.y) == ["項目名不明"] and list(unknown.text) == ["0件（0%）"]
    assert unknown.marker.pattern.shape != inferred.marker.pattern.shape
