"""The table behind a panel as people read it: glossary labels, values in words, blanks instead of None.

No Streamlit here, so downloads and exports give the same table as the page.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from dashboard.panels.spec import Column, Context

LIST_SEPARATOR = "、"


def _word(value, ctx: Context):
    if isinstance(value, (list, tuple, np.ndarray)):
        return LIST_SEPARATOR.join(str(v) for v in value)
    if isinstance(value, (bool, np.bool_)):
        return ctx.t("value.true") if value else ctx.t("value.false")
    return value


def labelled(df: pd.DataFrame, columns: tuple[Column, ...], ctx: Context) -> pd.DataFrame:
    """`df`'s declared columns, in order, under their glossary labels; booleans and lists as words.

    Numeric columns stay numeric (sortable, right-aligned); a missing value in a text column is blank."""
    out = pd.DataFrame(index=df.index)
    for column in columns:
        series = df[column.field]
        label = ctx.t(column.glossary_key)
        if pd.api.types.is_bool_dtype(series) or series.dtype == object:
            series = series.map(lambda v: _word(v, ctx)).where(series.notna(), "")
        out[label] = series
    return out.reset_index(drop=True)
