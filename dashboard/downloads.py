"""A table as downloadable files: CSV that Excel opens correctly, .xlsx, and Parquet.

No Streamlit here: pages pass the very DataFrame they show, so a download holds the rows on screen. The
データ page gives CSV and Excel the table as shown (display labels, values in words, see
dashboard.render.table.labelled) and Parquet the data contract's frame (column names and types kept).
"""
from __future__ import annotations

import io
from collections.abc import Sequence

import numpy as np
import pandas as pd

from . import i18n

BOM = b"\xef\xbb\xbf"
LIST_SEPARATOR = "、"
MIME = {
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "parquet": "application/vnd.apache.parquet",
}
_SHEET_CHARS_NOT_ALLOWED = set("[]:*?/\\")
# OWASP CSV injection: a spreadsheet may run a cell that starts with one of these as a formula.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralised(value):
    """A text cell that a spreadsheet could run as a formula, prefixed with a single quote (OWASP rule).

    Only text is touched: numbers (also negative ones) stay numbers. Text that merely looks like a number,
    such as "-5" in a text column, is prefixed too: the column is text, and the rule is kept simple so that
    nothing like "-5+cmd|' /C calc'!A0" slips through.
    """
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def _neutralised_frame(df: pd.DataFrame) -> pd.DataFrame:
    """A copy with every text cell and column name passed through `neutralised`."""
    out = df.copy()
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(neutralised, na_action="ignore")
    out.columns = [neutralised(str(c)) for c in out.columns]
    return out


def _is_list(value) -> bool:
    return isinstance(value, (list, tuple, np.ndarray))


def as_text_lists(df: pd.DataFrame) -> pd.DataFrame:
    """A copy in which list cells (e.g. technologies) are written as 「、」-joined text; other cells as they are."""
    out = df.copy()
    for column in out.columns:
        if out[column].dtype == object and out[column].map(_is_list).any():
            out[column] = out[column].map(
                lambda v: LIST_SEPARATOR.join(str(x) for x in v) if _is_list(v) else v)
    return out


def _dates_without_time(df: pd.DataFrame) -> pd.DataFrame:
    """Datetime columns whose values are all midnight become plain dates (2022-10-27, not 2022-10-27 00:00:00)."""
    out = df.copy()
    for column in out.columns:
        series = out[column]
        if pd.api.types.is_datetime64_any_dtype(series):
            present = series.dropna()
            if (present == present.dt.normalize()).all():
                out[column] = series.dt.date.astype(object).where(series.notna(), None)
    return out


def csv_bytes(df: pd.DataFrame) -> bytes:
    """UTF-8 with a byte-order mark (Excel then reads Japanese correctly), CRLF line ends, lists as text,
    and text cells that Excel would run as a formula neutralised (see `neutralised`)."""
    text = _neutralised_frame(_dates_without_time(as_text_lists(df))).to_csv(index=False, lineterminator="\r\n")
    return BOM + text.encode("utf-8")


def _cell_value(value):
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and np.isnan(value):
        return None
    if isinstance(value, np.generic):
        return value.item()
    return value


def _safe_sheet_name(name: str) -> str:
    cleaned = "".join("_" if c in _SHEET_CHARS_NOT_ALLOWED else c for c in name).strip("'")
    return (cleaned or "data")[:31]


def xlsx_bytes(df: pd.DataFrame, *, sheet: str = "data",
               about: Sequence[tuple[str, str]] = ()) -> bytes:
    """One sheet with the table (header row bold and frozen, lists as text); optionally a second sheet
    (catalogue downloads.about_sheet, 「説明」) with (label, text) lines such as the filters and the data's date.

    Text is always stored as text: a value such as '=1+1' never becomes a formula, and text cells that
    start like a formula are neutralised as in the CSV (see `neutralised`), in both sheets and the header.
    """
    # openpyxl (with the lxml and PIL it loads) only when a workbook is made: downloads are built when clicked,
    # and a server that never makes one keeps 5-8 MB less (README "Serving a hall").
    from openpyxl import Workbook
    from openpyxl.cell.cell import TYPE_STRING
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    table = _neutralised_frame(_dates_without_time(as_text_lists(df)))
    wb = Workbook()
    ws = wb.active
    ws.title = _safe_sheet_name(sheet)
    ws.append([str(c) for c in table.columns])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in table.itertuples(index=False, name=None):
        ws.append([_cell_value(v) for v in row])
    for row in ws.iter_rows():
        for cell in row:
            if isinstance(cell.value, str) and cell.data_type != TYPE_STRING:
                cell.data_type = TYPE_STRING
    ws.freeze_panes = "A2"
    for index, column in enumerate(table.columns, start=1):
        longest = max([len(str(column))] + [len(str(v)) for v in table[column].head(200) if v is not None])
        ws.column_dimensions[get_column_letter(index)].width = min(60, max(8, longest * 1.6))
    if about:
        info = wb.create_sheet(i18n.t("downloads.about_sheet"))
        for label, text in about:
            info.append([neutralised(label), neutralised(text)])
        for row in info.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.data_type != TYPE_STRING:
                    cell.data_type = TYPE_STRING
        for cell in info["A"]:
            cell.font = Font(bold=True)
        info.column_dimensions["A"].width = 18
        info.column_dimensions["B"].width = 100
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def parquet_bytes(df: pd.DataFrame) -> bytes:
    """The table with its types kept (lists stay lists, dates stay dates)."""
    buffer = io.BytesIO()
    df.to_parquet(buffer, index=False, engine="pyarrow")
    return buffer.getvalue()


def file_name(stem: str, as_of: str, extension: str) -> str:
    """'projects' + '2023-02-21' + 'csv' -> 'projects_2023-02-21.csv'."""
    return f"{stem}_{as_of}.{extension}"
