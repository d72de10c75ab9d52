"""Exact figures of the core questions on the committed snapshot, and guards on how SQL is written."""
from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from dashboard.filters import Filters
from dashboard.query import QUERIES, params_of, query_text, run_text

ROOT = Path(__file__).resolve().parent.parent
REGIONS = ("北海道", "東北", "関東", "中部", "近畿", "中国", "四国", "九州・沖縄")


def one_row(db, name: str, filters: Filters | None = None) -> list:
    df = db.run(name, filters)
    assert len(df) == 1
    return [int(v) for v in df.iloc[0].tolist()]


# ── project_match_count / prefectures_covered ────────────────────────────────────────────────────

@pytest.mark.parametrize("filters,matched,total,prefs", [
    (Filters(), 45, 45, 30),
    (Filters(techs=("自動運転",)), 27, 45, 22),
    (Filters(techs=("AI", "IoT")), 25, 45, 20),  # any of the chosen technologies
    (Filters(fys=(2020,)), 12, 45, 11),
    (Filters(fys=(2018,)), 9, 45, 8),
    (Filters(prefs=(27,)), 4, 45, 1),
    (Filters(prefs=(1,)), 2, 45, 1),
    (Filters(techs=("自動運転",), prefs=(27,)), 2, 45, 1),
    (Filters(techs=("ブロックチェーン",), fys=(2021,)), 1, 45, 1),
    (Filters(statuses=()), 50, 50, 31),
    (Filters(statuses=("ended",)), 5, 5, 4),
    (Filters(fys=(2018,), statuses=("ended",)), 5, 5, 4),
    (Filters(fys=(2018, 2019), statuses=()), 19, 50, 16),
    (Filters(techs=("自動運転",), statuses=()), 27, 50, 22),  # ended projects have no technologies
    (Filters(prefs=(8,), statuses=()), 3, 50, 1),  # 茨城県: 常陸太田市, 潮来市 and the ended 茨城県、つくば市
    (Filters(regions=("近畿",)), 11, 45, 5),  # 三重県 is in 近畿 in the reference grouping
    (Filters(regions=("近畿",), statuses=()), 12, 50, 6),
    (Filters(regions=("北海道", "四国")), 3, 45, 2),
], ids=repr)
def test_match_count_and_prefectures_covered(db, filters, matched, total, prefs):
    assert one_row(db, "project_match_count", filters) == [matched, total]
    assert one_row(db, "prefectures_covered", filters) == [prefs]


def test_regions_partition_the_supported_projects(db):
    counts = {r: one_row(db, "project_match_count", Filters(regions=(r,)))[0] for r in REGIONS}
    assert counts == {"北海道": 2, "東北": 4, "関東": 8, "中部": 9, "近畿": 11, "中国": 4, "四国": 1, "九州・沖縄": 6}
    assert sum(counts.values()) == 45
    assert list(db.run("prefecture_options")["region"].drop_duplicates()) == list(REGIONS)


def test_an_unknown_filter_value_matches_nothing(db):
    assert one_row(db, "project_match_count", Filters(techs=("キャッスレス",))) == [0, 45]
    assert one_row(db, "prefectures_covered", Filters(prefs=(99,))) == [0]


# ── technology_counts ────────────────────────────────────────────────────────────────────────────

TECH_DEFAULT = [  # technology, project_count, list_ends_with_more_count, share_of_matching_pct (of 45)
    ("自動運転", 27, 11, 60.0), ("AI", 23, 13, 51.1), ("IoT", 21, 15, 46.7), ("ドローン", 10, 3, 22.2),
    ("ロボット", 5, 1, 11.1), ("VR/AR", 5, 3, 11.1), ("キャッシュレス", 5, 1, 11.1), ("5G", 4, 3, 8.9),
    ("クラウドコンピューティング", 4, 4, 8.9), ("ブロックチェーン", 2, 1, 4.4), ("ビッグデータ", 2, 2, 4.4)]


def _techs(df) -> list[tuple]:
    return [(r.technology, int(r.project_count), int(r.list_ends_with_more_count), float(r.share_of_matching_pct))
            for r in df.itertuples()]


def test_technology_counts_default(db):
    df = db.run("technology_counts")
    assert list(df.columns) == ["technology", "technology_en", "display_order", "project_count",
                                "list_ends_with_more_count", "share_of_matching_pct"]
    assert _techs(df) == TECH_DEFAULT
    assert dict(zip(df.technology, df.technology_en))["自動運転"] == "Autonomous driving"


def test_technology_counts_all_statuses_have_the_same_counts_over_50(db):
    """Ended projects carry no technologies, so counts stay; the share's base becomes 50."""
    df = db.run("technology_counts", Filters(statuses=()))
    assert [(t, n, m) for t, n, m, _ in _techs(df)] == [(t, n, m) for t, n, m, _ in TECH_DEFAULT]
    assert dict(zip(df.technology, df.share_of_matching_pct))["自動運転"] == 60.0  # of the 45 with a published list


def test_technology_counts_r4(db):
    assert _techs(db.run("technology_counts", Filters(fys=(2022,)))) == [
        ("AI", 8, 8, 80.0), ("IoT", 8, 8, 80.0), ("クラウドコンピューティング", 4, 4, 40.0), ("自動運転", 4, 3, 40.0),
        ("5G", 3, 3, 30.0), ("ビッグデータ", 2, 2, 20.0), ("キャッシュレス", 1, 1, 10.0), ("ブロックチェーン", 1, 1, 10.0),
        ("ドローン", 0, 0, 0.0), ("ロボット", 0, 0, 0.0), ("VR/AR", 0, 0, 0.0)]


def test_technology_counts_of_ended_projects_are_zero(db):
    """The 5 named ended projects match but have no published technologies: no share can be given."""
    df = db.run("technology_counts", Filters(statuses=("ended",)))
    assert len(df) == 11 and set(df.project_count) == {0} and df.share_of_matching_pct.isna().all()


def test_technology_counts_with_no_match(db):
    df = db.run("technology_counts", Filters(prefs=(99,)))
    assert len(df) == 11 and set(df.project_count) == {0}
    assert df.share_of_matching_pct.isna().all()  # 0 of 0 is not 0 %


# ── selections_by_year ───────────────────────────────────────────────────────────────────────────

SELECTION_COLUMNS = ["fiscal_year", "fiscal_year_label", "selected_count", "cumulative_selected_count",
                     "supported_count", "ended_count", "ended_named_count", "ended_unnamed_count", "matching_count"]


def _years(df) -> list[tuple]:
    return [(int(r[0]), r[1], *map(int, r[2:])) for r in df[SELECTION_COLUMNS].itertuples(index=False)]


def test_selections_by_year_default(db):
    df = db.run("selections_by_year")
    assert list(df.columns) == SELECTION_COLUMNS[:3] + ["count_basis"] + SELECTION_COLUMNS[3:]
    assert set(df["count_basis"]) == {"published"}  # 001 p.2 prints every count
    assert _years(df) == [
        (2018, "H30", 14, 14, 9, 5, 5, 0, 9),
        (2019, "R1", 8, 22, 5, 3, 0, 3, 5),
        (2020, "R2", 12, 34, 12, 0, 0, 0, 12),
        (2021, "R3", 9, 43, 9, 0, 0, 0, 9),
        (2022, "R4", 10, 53, 10, 0, 0, 0, 10),
    ]
    assert df.selected_count.sum() == 53 and df.supported_count.sum() == 45 and df.ended_count.sum() == 8


def test_selections_by_year_filters_only_change_matching_count(db):
    default = db.run("selections_by_year")
    for filters, matching in [(Filters(techs=("自動運転",)), [5, 4, 9, 5, 4]),
                              (Filters(prefs=(27,)), [1, 0, 1, 0, 2]),
                              (Filters(statuses=("ended",)), [5, 0, 0, 0, 0]),
                              (Filters(fys=(2020,)), [0, 0, 12, 0, 0])]:
        df = db.run("selections_by_year", filters)
        assert df.drop(columns="matching_count").equals(default.drop(columns="matching_count"))
        assert [int(v) for v in df.matching_count] == matching, filters


# ── program_totals ───────────────────────────────────────────────────────────────────────────────

def test_program_totals(db):
    df = db.run("program_totals")
    assert [(r.metric, int(r.value_count), int(r.fiscal_year), r.fiscal_year_label, r.source_id, int(r.source_page))
            for r in df.itertuples()] == [
        ("ended_total", 8, 2021, "R3", "001", 1),
        ("selected_total", 53, 2022, "R4", "001", 1),
        ("supported_total", 45, 2022, "R4", "001", 1),
    ]


def test_core_queries_take_exactly_the_filter_parameters():
    for name in ("project_match_count", "technology_counts", "selections_by_year", "prefectures_covered"):
        assert params_of(name) == {"tech", "fy", "pref", "region", "status"}, name
    assert params_of("program_totals") == set()


SPLICE_FILTERS = [
    Filters(),
    Filters(techs=("自動運転",)),
    Filters(regions=("関東",), statuses=()),
    Filters(techs=("自動運転", "AI", "no such technology"), prefs=(13, 27, 99), regions=("関東", "近畿"),
            fys=(2019, 2020), statuses=("ended",)),
]


@pytest.mark.parametrize("name", sorted(p.stem for p in QUERIES.glob("*.sql")
                                        if not p.stem.startswith("_") and "$tech_mask" in run_text(p.stem)[0]))
def test_written_out_filter_rows_answer_as_the_macros_do(db, name):
    """Database.run puts queries/_filtered_rows.sql in place of the table macros' calls: same rows, same types."""
    extra = {"row_limit": 10_000}
    for filters in SPLICE_FILTERS:
        values = {**filters.as_params(), **extra}
        through_macros = db._con.cursor().execute(query_text(name), {k: values[k] for k in params_of(name)}).df()
        spliced = db.run(name, filters, **{k: v for k, v in extra.items() if k in params_of(name)})
        assert spliced.equals(through_macros) and list(spliced.dtypes) == list(through_macros.dtypes), (name, filters)


# ── how SQL is written ───────────────────────────────────────────────────────────────────────────

SQL_FILES = sorted(QUERIES.glob("*.sql"))


@pytest.mark.parametrize("path", SQL_FILES, ids=lambda p: p.name)
def test_every_query_file_starts_with_its_question(path):
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines and lines[0].startswith("-- ") and len(lines[0]) > 10, f"{path.name}: first line must be a -- comment"
    header = " ".join(line[3:] for line in lines[: next(i for i, l in enumerate(lines) if not l.startswith("--"))])
    if not path.name.startswith("_"):  # setup files (the filter macro) describe themselves instead of asking
        assert "?" in header, f"{path.name}: the leading comment must state the question: {header}"


def _python_files() -> list[Path]:
    files = sorted((ROOT / "dashboard").rglob("*.py")) + sorted((ROOT / "pages").rglob("*.py"))
    return files + [ROOT / "app.py"] if (ROOT / "app.py").exists() else files


# SQL in this code base is written in upper case; the lower-case alternative catches `select * from x`.
SQL_WORDS = re.compile(r"\b(SELECT\s|INSERT\s+INTO\s|DELETE\s+FROM\s|UPDATE\s+\w+\s+SET\s|"
                       r"CREATE\s+(OR\s+REPLACE\s+)?(TEMP\s+)?(TABLE|VIEW|MACRO)\s|DROP\s+TABLE\s|"
                       r"select\s+(\*|distinct|count\()|FROM\s+\w+\s+(WHERE|JOIN|GROUP|ORDER)\s)")


def _strings(tree: ast.AST):
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            yield node.lineno, node.value


@pytest.mark.parametrize("path", [p for p in _python_files() if p.name != "query.py"],
                         ids=lambda p: str(p.relative_to(ROOT)))
def test_no_sql_in_python_outside_the_query_layer(path):
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = [(line, text[:60]) for line, text in _strings(tree) if SQL_WORDS.search(text)]
    assert not found, f"{path.relative_to(ROOT)}: SQL belongs in queries/<question>.sql: {found}"


def _is_sql_text(node: ast.AST) -> bool:
    return any(SQL_WORDS.search(text) for _, text in _strings(node))


def formatted_sql(source: str) -> list[tuple[int, str]]:
    """Places in `source` where SQL is built with an f-string, str.format, % or +, or a built string is run."""
    problems = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.JoinedStr) and _is_sql_text(node):
            problems.append((node.lineno, "f-string"))
        elif isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Mod, ast.Add)) and _is_sql_text(node):
            problems.append((node.lineno, "% or + on SQL text"))
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            if node.func.attr == "format" and _is_sql_text(node.func.value):
                problems.append((node.lineno, ".format on SQL text"))
            if node.func.attr in ("execute", "executemany", "sql", "query") and node.args:
                first = node.args[0]
                if isinstance(first, (ast.JoinedStr, ast.BinOp)) or (
                        isinstance(first, ast.Call) and isinstance(first.func, ast.Attribute)
                        and first.func.attr == "format"):
                    problems.append((node.lineno, f".{node.func.attr}() of a built string"))
    return problems


@pytest.mark.parametrize("path", _python_files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_no_string_formatted_sql(path):
    """No f-string, str.format, % or + builds SQL; nothing runs a built string (query.py included)."""
    problems = formatted_sql(path.read_text(encoding="utf-8"))
    assert not problems, f"{path.relative_to(ROOT)}: {problems}"


def test_the_sql_guards_catch_what_they_are_for():
    """The guards are crude; make sure they at least see the obvious cases, and not the query layer's calls."""
    bad = ('con.execute(f"SELECT * FROM projects WHERE pref_code = {pref}")\n'
           'q = "SELECT count(*) FROM projects WHERE status = \'%s\'" % status\n'
           'con.sql("SELECT 1 FROM t WHERE x = {}".format(x))\n'
           'cur.execute(head + tail)\n'
           'q2 = "SELECT " + col + " FROM projects"\n')
    assert {line for line, _ in formatted_sql(bad)} == {1, 2, 3, 4, 5}
    assert formatted_sql("cursor.execute(query_text(name), {'fy': [2020]})\n") == []
    assert SQL_WORDS.search("SELECT count(*) FROM projects") and SQL_WORDS.search("select * from projects")
    assert not SQL_WORDS.search("Select a prefecture from the list (選択)")
