"""Database.run builds its DataFrames itself (dashboard/query.py _frame): they must be those DuckDB's .df() gives,
column for column, dtype for dtype and cell for cell (NULLs, lists, empty results)."""
from __future__ import annotations

import duckdb
import numpy as np
import pandas as pd
import pytest

from dashboard.filters import Filters
from dashboard.query import _frame, params_of, run_text

VALUES = {"BOOLEAN": "true", "TINYINT": "1", "SMALLINT": "2", "INTEGER": "3", "BIGINT": "4", "UTINYINT": "5",
          "USMALLINT": "6", "UINTEGER": "7", "UBIGINT": "8", "FLOAT": "1.5", "DOUBLE": "2.5", "VARCHAR": "'x'",
          "DATE": "DATE '2020-01-02'",
          # types _frame leaves to .df()
          "DECIMAL(9,2)": "1.25", "TIMESTAMP": "TIMESTAMP '2020-01-02 03:04:05'", "INTEGER[][]": "[[1], NULL]"}
CASES = [(t, v) for t, v in VALUES.items()]
CASES += [(f"{t}[]", f"[{v}, NULL]") for t, v in VALUES.items() if "[" not in t]  # a NULL inside a list
CASES += [(f"{t}[]", f"[{v}]") for t, v in VALUES.items() if "[" not in t]


def same_cells(left: pd.Series, right: pd.Series) -> bool:
    def same(x, y):
        if type(x) is not type(y):
            return False
        if isinstance(x, np.ndarray):
            return (x.dtype == y.dtype and repr(x) == repr(y)
                    and (np.ma.getmaskarray(x) == np.ma.getmaskarray(y)).all())
        return repr(x) == repr(y)
    return all(same(x, y) for x, y in zip(left, right, strict=True))


@pytest.mark.parametrize("type_,value", CASES)
@pytest.mark.parametrize("rows", ["none null", "some null", "all null", "empty"])
def test_frame_is_df(type_, value, rows):
    sql = {"none null": f"SELECT {value}::{type_} AS c, range AS i FROM range(3)",
           "some null": f"SELECT CASE WHEN range = 1 THEN NULL ELSE {value}::{type_} END AS c, range AS i FROM range(3)",
           "all null": f"SELECT NULL::{type_} AS c, range AS i FROM range(3)",
           "empty": f"SELECT {value}::{type_} AS c, range AS i FROM range(0)"}[rows]
    con = duckdb.connect()
    expected = con.execute(sql).df()
    got = _frame(con.execute(sql))
    pd.testing.assert_frame_equal(got, expected, check_exact=True)
    assert same_cells(got["c"], expected["c"])


def test_frame_keeps_repeated_column_names():
    con = duckdb.connect()
    sql = "SELECT 1 AS a, 'x' AS a"
    pd.testing.assert_frame_equal(_frame(con.execute(sql)), con.execute(sql).df(), check_exact=True)


@pytest.mark.parametrize("name,extra", [
    ("filtered_projects_table", {"row_limit": 10_000}),
    ("prefecture_projects", {"row_limit": 100}),
    ("map_points", {"row_limit": 5}),
    ("events", {}),
    ("source_list", {}),
    ("program_budgets", {}),
])
@pytest.mark.parametrize("filters", [Filters(), Filters(techs=("自動運転",)), Filters(statuses=())])
def test_run_gives_what_df_gives(db, name, extra, filters):
    """The real snapshot's answers: Database.run against .df() of the same statement."""
    text, wanted = run_text(name)
    values = {**filters.as_params(), **extra}
    if "tech_mask" in wanted:
        values.update(db._filter_masks(values["tech"], values["pref"], values["region"]))
    expected = db._con.cursor().execute(text, {k: values[k] for k in wanted}).df()
    got = db.run(name, filters, **extra)
    pd.testing.assert_frame_equal(got, expected, check_exact=True)
    for column in expected.columns:
        assert same_cells(got[column], expected[column]), column
    assert params_of(name) <= set(values)
