"""AppTest of the 概要 page: the key figures under the default view, shared URLs and tampered URLs."""
from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from tests.apptest_helpers import open_tables, shown_text
from tests.conftest import ROOT


def open_overview(params: dict | None = None) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
    for name, value in (params or {}).items():
        at.query_params[name] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


@pytest.mark.parametrize("params, matched, prefectures", [
    ({}, "45 / 45 事業", "30 都道府県"),
    ({"tech": ["自動運転"]}, "27 / 45 事業", "22 都道府県"),
    ({"fy": ["2020"]}, "12 / 45 事業", "11 都道府県"),
    ({"pref": ["27"]}, "4 / 45 事業", "1 都道府県"),
    ({"status": ["all"]}, "50 / 50 事業", "31 都道府県"),
])
def test_key_figures(params, matched, prefectures):
    shown = metrics(open_overview(params))
    assert shown == {"条件に合う事業": matched, "選定事業数（H30〜R4）": "53 事業", "支援中（R4年度）": "45 事業",
                     "支援終了（R3年度末まで）": "8 事業", "対象の都道府県": prefectures}


def test_tampered_url_keeps_the_default_figures_and_says_what_was_ignored():
    at = open_overview({"tech": ["UNKNOWN", "<script>alert(1)</script>"], "fy": ["abc"], "pref": ["99"],
                        "region": ["x" * 1000]})
    assert metrics(at)["条件に合う事業"] == "45 / 45 事業"
    [raw] = [w.value for w in at.warning]
    warning = shown_text(raw)
    assert warning.startswith("URL の条件のうち、認識できない値を無視しました: tech=UNKNOWN、")
    assert "tech=<script>alert(1)</script>" in warning and "…（1000文字）" in warning
    assert "tech=` <script>alert(1)</script> `" in raw  # a code span: shown as text, never HTML


def test_selections_by_year_table():
    at = open_tables(open_overview())
    table = at.dataframe[0].value
    assert table["採択年度"].tolist() == ["H30", "R1", "R2", "R3", "R4"]
    assert table["選定数（公表値）"].tolist() == [14, 8, 12, 9, 10]
    assert table["累計選定数"].tolist() == [14, 22, 34, 43, 53]
    assert table["支援中"].tolist() == [9, 5, 12, 9, 10]
    assert table["支援終了（名称非公表）"].tolist() == [0, 3, 0, 0, 0]


def test_published_by_year_chart_says_it_ignores_the_filters():
    """The per-year chart shows the published counts: under a filter it stays 14/8/12/9/10 and says why."""
    at = open_overview({"tech": ["ドローン"]})
    assert metrics(at)["条件に合う事業"] == "10 / 45 事業"
    assert open_tables(at).dataframe[0].value["選定数（公表値）"].tolist() == [14, 8, 12, 9, 10]
    assert ("この図は公表された集計値で、絞り込み条件（支援中　｜　技術\\: ドローン）の影響を受けません。"
            in [c.value for c in at.caption])
    assert ("出典: 内閣府地方創生推進事務局「未来技術社会実装事業」p.2、p.3（データ時点 2023-02-21）、"
            "内閣府地方創生推進事務局「近未来技術等社会実装事業について」スライド5（データ時点 2018-11-16）") in [
        c.value for c in at.caption]


# --- issue 6: links of any shape --------------------------------------------------------------------------

@pytest.mark.parametrize("statuses, radio, matched, dropped", [
    (["supported", "ended"], "すべて", "50 / 50 事業", []),  # both statuses = all (this crashed every page)
    (["ended", "supported"], "すべて", "50 / 50 事業", []),
    (["ended", "ended"], "支援終了", "5 / 5 事業", []),
    (["all", "ended"], "すべて", "50 / 50 事業", ["status=ended"]),  # conflict: all wins, the other is reported
    (["supported", "bogus"], "支援中", "45 / 45 事業", ["status=bogus"]),
], ids=["supported+ended", "ended+supported", "repeated", "all+ended", "unknown"])
def test_repeated_and_conflicting_statuses_are_normalised(statuses, radio, matched, dropped):
    at = open_overview({"status": statuses})
    assert at.radio[0].value == radio
    assert metrics(at)["条件に合う事業"] == matched
    warnings = [shown_text(w.value) for w in at.warning]
    assert warnings == ([f"URL の条件のうち、認識できない値を無視しました: {'、'.join(dropped)}"] if dropped else [])
    assert at.query_params.get("status") == ({"すべて": "all", "支援終了": "ended"}.get(radio))


def test_url_values_in_the_notice_never_become_links_or_markup():
    at = open_overview({"region": ["see https://evil.example/login"], "tech": ["**b** [x](javascript:alert(1))"]})
    [raw] = [w.value for w in at.warning]
    # each value is one code span: Streamlit's markdown neither links nor formats code
    assert raw == ("URL の条件のうち、認識できない値を無視しました: "
                   "tech=` **b** [x](javascript:alert(1)) `、region=` see https://evil.example/login `")


def test_control_characters_in_a_url_value_are_shown_as_visible_escapes():
    at = open_overview({"tech": ["a\x00b\x1bc\u202e"]})
    [raw] = [w.value for w in at.warning]
    assert shown_text(raw) == "URL の条件のうち、認識できない値を無視しました: tech=a\\x00b\\x1bc\\u202e"
    assert not any(c in raw for c in "\x00\x1b\u202e")
