"""Database.run selects from a filter block only the columns its question names (dashboard/query.pruned_text): the
answers must be those of the block's `SELECT *` (run_text), for every question and many filter sets, on the real
snapshot and on one 100x larger (bench/synthetic.py)."""
from __future__ import annotations

import pandas as pd
import pytest

from bench import synthetic
from bench.queries import PARAM_DEFAULTS, QUERY_PARAMS
from dashboard.filters import Filters
from dashboard.query import (_UNNAMED_COLUMNS, QUERIES, Database, params_of, pruned_text, query_text, run_text,
                             specialised)
from dashboard.snapshot import current_folder, open_snapshot
from pipeline.build import latest_source_set

FILTER_PARAMS = {"tech", "fy", "pref", "region", "status"}
FILTER_SETS = [
    Filters(),
    Filters(techs=("自動運転",)),
    Filters(fys=(2020,)),
    Filters(prefs=(27,)),
    Filters(regions=("関東",), statuses=()),
    Filters(statuses=("ended",)),
    Filters(statuses=()),
    Filters(techs=("no such technology",)),
    Filters(prefs=(99,)),
    Filters(fys=(1999,)),
    Filters(techs=("自動運転", "AI", "ドローン"), fys=(2019, 2020, 2021)),
    Filters(techs=("自動運転", "AI", "no such technology"), prefs=(13, 27, 99), regions=("関東", "近畿"),
            fys=(2019, 2020), statuses=("ended",)),
    Filters(regions=("九州・沖縄", "北海道"), statuses=("supported", "ended")),
    Filters(prefs=(1, 13, 47), techs=("MaaS",)),
]
BLOCK_QUESTIONS = sorted(p.stem for p in QUERIES.glob("*.sql")
                         if not p.stem.startswith("_") and "$tech_mask" in run_text(p.stem)[0])


@pytest.fixture(scope="module")
def db100(tmp_path_factory) -> Database:
    built = synthetic.build(current_folder(), latest_source_set(), tmp_path_factory.mktemp("x100"), 100)
    return Database(open_snapshot(built.snapshot))


def _star_answer(db: Database, name: str, filters: Filters, extra: dict) -> pd.DataFrame:
    """What Database.run gives with the blocks' `SELECT *`."""
    text, wanted = run_text(name)
    values = {**filters.as_params(), **extra}
    values.update(db._filter_masks(values["tech"], values["pref"], values["region"]))
    cursor = db._con.cursor()
    try:
        return cursor.execute(text, {k: values[k] for k in wanted}).df()
    finally:
        cursor.close()


def _extra(db: Database, name: str) -> dict:
    return {p: {**PARAM_DEFAULTS, **QUERY_PARAMS.get(name, {})}[p](db.snapshot)
            for p in sorted(params_of(name) - FILTER_PARAMS)}


@pytest.mark.parametrize("scale", ["real", "x100"])
@pytest.mark.parametrize("name", BLOCK_QUESTIONS)
def test_named_columns_answer_as_the_star_does(request, scale, name):
    db = request.getfixturevalue("db" if scale == "real" else "db100")
    extra = _extra(db, name)
    for filters in FILTER_SETS:
        got = db.run(name, filters, **extra)
        expected = _star_answer(db, name, filters, extra)
        pd.testing.assert_frame_equal(got, expected, check_exact=True, obj=f"{name} {filters}")


def test_the_blocks_select_only_named_columns(db):
    """The pruning is in force: a question naming a few columns selects just those, a question reading a star keeps
    `SELECT *`, and a block whose question names none of its columns still selects one."""
    text = db.run_text("technology_by_region")
    assert "(SELECT region, is_listed, tech_bits, is_first_in_region\n" in text and "SELECT *" not in text
    columns = {"projects_with_area_keys": ["project_id", "status", "title"]}
    assert "(SELECT status\n" in pruned_text("project_match_count", columns)
    assert "(SELECT project_id\n" in pruned_text("project_match_count", {"projects_with_area_keys": ["project_id"]})
    assert pruned_text("project_match_count", {}) == run_text("project_match_count")[0]  # unknown table: `*`



def test_the_conditions_of_empty_filters_are_written_as_true():
    """Database.run plans a filter block without the conditions of the filters left empty (specialised); the answers
    are compared with the unspecialised text above (every filter set, empty ones included)."""
    text = run_text("support_timeline")[0]
    every = frozenset({"tech", "fy", "pref", "region", "status"})
    assert specialised(text, frozenset()) == text
    assert "len($" not in specialised(text, every) and text.count("len($") == 10
    only_status = specialised(text, every - {"status"})
    assert only_status.count("(len($status) = 0 OR list_contains($status::VARCHAR[], status))") == 2
    assert "$tech" not in only_status and "$region_mask" not in only_status
    # a question's own condition too (technology_by_year: the years shown), and nothing outside the condition
    assert specialised("a AND (len($fy) = 0 OR list_contains($fy::INTEGER[], (y))) AND b", frozenset({"fy"})) == \
        "a AND true AND b"
    assert specialised("x (len($tech) = 0 OR (a", frozenset({"tech"})) == "x (len($tech) = 0 OR (a"  # unclosed: kept

@pytest.mark.parametrize("sql, star", [
    ("SELECT * FROM m", True), ("SELECT DISTINCT * FROM m", True), ("SELECT m.* FROM m", True),
    ("SELECT a, * FROM m", True), ("SELECT * EXCLUDE (a) FROM m", True), ("SELECT COLUMNS('a.*') FROM m", True),
    ("SELECT a FROM m NATURAL JOIN n", True), ("SELECT count(*) FROM m", False),
    ("SELECT 100.0 * a / b FROM m", False), ("SELECT a *2 FROM m", False),
])
def test_a_question_reading_unnamed_columns_keeps_the_star(sql, star):
    assert bool(_UNNAMED_COLUMNS.search(sql)) == star


def test_every_block_question_runs_one_statement(db):
    for name in BLOCK_QUESTIONS:  # the text each question runs is parsed as one statement
        assert len(db._con.extract_statements(db.run_text(name))) == 1, name
    assert "filtered_projects($tech" not in "".join(db.run_text(n) for n in BLOCK_QUESTIONS)
    assert all(query_text(n) for n in BLOCK_QUESTIONS)


# ── the first matching rows in storage order (queries/filtered_*_table.sql, support_timeline.sql) ──────────────

@pytest.mark.parametrize("scale", ["real", "x100"])
@pytest.mark.parametrize("table", ["projects_with_area_keys", "project_areas_with_keys"])
def test_the_tables_are_stored_in_table_order(request, scale, table):
    """filtered_projects_table.sql, filtered_project_areas_table.sql and support_timeline.sql stop the scan after
    $row_limit matching rows: they are the first in table order only while a scan reads the rows in that order."""
    db = request.getfixturevalue("db" if scale == "real" else "db100")
    order = db._con.table(table).select("table_order").fetchnumpy()["table_order"]
    assert len(order) and (order[1:] > order[:-1]).all()


@pytest.mark.parametrize("scale", ["real", "x100"])
@pytest.mark.parametrize("name", ["filtered_projects_table", "filtered_project_areas_table", "support_timeline"])
def test_a_row_limit_keeps_the_first_rows(request, scale, name):
    db = request.getfixturevalue("db" if scale == "real" else "db100")
    for filters in FILTER_SETS:
        everything = db.run(name, filters, row_limit=10 ** 9)
        for limit in (0, 1, 7, 100):
            # dtypes aside: an integer column holding no NULL is int32, with one Int32 (as DuckDB's .df() makes them)
            pd.testing.assert_frame_equal(db.run(name, filters, row_limit=limit), everything.head(limit),
                                          check_exact=True, check_dtype=False, obj=f"{name} {filters} {limit}")
