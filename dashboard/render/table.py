"""The table behind a panel as people read it: glossary labels, values in words, blanks instead of None.

No Streamlit here, so downloads and exports give the same table as the page.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from dashboard import formats, i18n
from dashboard.panels.spec import Column, Context

LIST_SEPARATOR = "、"
# Fields whose values are codes of a closed vocabulary, shown as words: field -> catalogue section.
# The status words are the catalogue's [status] (the one declaration of 支援中/支援終了).
VALUE_WORDS = {"status": "status", "pairing": "value.pairing", "metric": "value.metric",
               "count_basis": "value.count_basis"}
# Code fields stored as integers that people read as fixed-width text ('27', '01').
CODE_WIDTHS = {"pref_code": 2}


def _word(value, ctx: Context, field: str):
    if isinstance(value, (list, tuple, np.ndarray)):  # English lists read "01, 01210" like its other lists
        return (LIST_SEPARATOR if ctx.lang == i18n.DEFAULT_LANG else ", ").join(str(v) for v in value)
    if isinstance(value, (bool, np.bool_)):
        return ctx.t("value.true") if value else ctx.t("value.false")
    if field in VALUE_WORDS and isinstance(value, str):
        key = f"{VALUE_WORDS[field]}.{value}"
        return ctx.t(key) if i18n.has(key, ctx.lang) else value
    if field in ("fiscal_year_label", "selected_fy_label") and isinstance(value, str):
        return formats.fy_label(value, ctx.lang)  # the era's 'H30' stays in Japanese, "FY2018" in English (issue 8)
    return value


def _number_text(value) -> str:
    """A number as plain text without a thousands separator (years, codes and counts read the same)."""
    if isinstance(value, (float, np.floating)) and float(value).is_integer():
        return str(int(value))
    return str(value.item() if isinstance(value, np.generic) else value)


def labelled(df: pd.DataFrame, columns: tuple[Column, ...], ctx: Context, *, screen: bool = True) -> pd.DataFrame:
    """`df`'s declared columns, in order, under their glossary labels; booleans, lists and coded values as
    words; codes as zero-padded text; a missing value in a text column is blank.

    Numeric columns stay numeric (sortable, right-aligned). On screen (`screen=True`) a numeric column
    with a missing value and a date column become text with blanks, because the grid would print
    "None" there; files (`screen=False`) keep numbers and dates, and leave missing cells empty."""
    # The columns are made as arrays and the frame once at the end: inserting each into a frame, and pandas' map and
    # where per column, were a third of a panel's table with new filters (py-spy, make loadtest); same values, dtypes.
    out: dict[str, object] = {}
    for column in columns:
        if (ctx.lang != i18n.DEFAULT_LANG and column.field.endswith("_en")
                and f"{column.field.removesuffix('_en')}_ja" in df):
            continue  # the name is already shown in English, its Japanese beside: an "(English)" column would repeat it
        series = df[column.field]
        label = ctx.t(column.label_key(df, ctx.lang))
        present = series.notna().tolist()
        values = series.array
        if column.field in CODE_WIDTHS and pd.api.types.is_numeric_dtype(series) and len(series):
            width = CODE_WIDTHS[column.field]
            values = _objects(f"{int(v):0{width}d}" if p else "" for v, p in zip(series.tolist(), present))
        elif pd.api.types.is_bool_dtype(series) or series.dtype == object or pd.api.types.is_string_dtype(series):
            field = column.field
            values = _objects(_word(v, ctx, field) if p else "" for v, p in zip(series.astype(object), present))
        elif pd.api.types.is_datetime64_any_dtype(series):
            if screen:
                values = _objects(d if p else "" for d, p in zip(series.dt.strftime("%Y-%m-%d"), present))
        elif screen and pd.api.types.is_numeric_dtype(series) and not all(present):
            values = _objects(_number_text(v) if p else "" for v, p in zip(series.astype(object), present))
        out[label] = values
        # A name shown in our translation keeps the published Japanese beside it (`<field>_ja`, set by the
        # builder only in other languages): the original is one glance away, and remains the source of truth.
        original = f"{column.field}_ja"
        if ctx.lang != i18n.DEFAULT_LANG and original in df:
            japanese = df[original]
            out[ctx.t("names.original_column", label=label)] = _objects(
                v if p else "" for v, p in zip(japanese.astype(object), japanese.notna().tolist()))
    return pd.DataFrame(out, index=pd.RangeIndex(len(df)), copy=False) if out else pd.DataFrame(index=pd.RangeIndex(len(df)))


def _objects(values) -> np.ndarray:
    """An object array of `values`, one cell each (np.array would make text of strings, or 2-D of equal lists)."""
    return np.fromiter(values, dtype=object)
